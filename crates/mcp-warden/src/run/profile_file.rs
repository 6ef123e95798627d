//! The `--profile FILE` shared by the sandbox (`[sandbox]`) and the guard (`[guard]`): reading
//! it, and the value checks both tables use, with `file:line:col` in every error.

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use warden_core::Format;
use warden_core::doc::{Document, Entry, Limits, Node};

/// A parsed profile file.
pub struct ProfileFile<'p> {
    path: &'p Path,
    doc: Document,
}

impl<'p> ProfileFile<'p> {
    /// Read and parse the file (TOML, JSON or YAML, by name or content).
    pub fn load(path: &'p Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read profile {}", path.display()))?;
        let format = Format::from_path(path).unwrap_or_else(|| Format::sniff(&text));
        let doc = Document::parse(path, text, format, &Limits::default())
            .map_err(|e| anyhow!("{}:{e}", path.display()))?;
        Ok(ProfileFile { path, doc })
    }

    /// The entries of table `name`; empty when the file has no such table (other tables
    /// belong to other parts of `run`).
    pub fn table(&self, name: &str) -> Result<&[Entry]> {
        match self.doc.root.get(name) {
            None => Ok(&[]),
            Some(t) => t
                .as_object()
                .ok_or_else(|| anyhow!("{}: `{name}` must be a table", self.at(t))),
        }
    }

    /// `file:line:col` of a value.
    pub fn at(&self, n: &Node) -> String {
        format!("{}:{}:{}", self.path.display(), n.span.line, n.span.column)
    }

    /// A string or a list of strings.
    pub fn strings(&self, n: &Node, key: &str) -> Result<Vec<String>> {
        match n.as_array() {
            Some(items) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| anyhow!("{}: `{key}` holds strings", self.at(i)))
                })
                .collect(),
            None => n
                .as_str()
                .map(|s| vec![s.to_string()])
                .ok_or_else(|| anyhow!("{}: `{key}` must be a list of strings", self.at(n))),
        }
    }

    /// `true` or `false`.
    pub fn boolean(&self, n: &Node, key: &str) -> Result<bool> {
        match n.scalar_text().as_deref() {
            Some("true") => Ok(true),
            Some("false") => Ok(false),
            _ => bail!("{}: `{key}` must be true or false", self.at(n)),
        }
    }
}
