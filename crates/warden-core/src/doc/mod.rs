//! A format-neutral document tree with spans.
//!
//! Every client format (JSON, JSONC, TOML, YAML) is parsed into the same [`Node`] tree, so the
//! client modules read one shape and every key and value keeps the place it came from.
//! Parsers never panic on input; they return a [`ParseError`] with a 1-based line and column.

mod json;
mod toml;
mod yaml;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::span::Span;

/// A configuration file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Strict JSON (RFC 8259). Comments and trailing commas are errors.
    Json,
    /// JSON with `//` and `/* */` comments and trailing commas (VS Code, Zed, opencode).
    Jsonc,
    Toml,
    Yaml,
}

impl Format {
    /// The format a file name suggests, if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let ext = name.rsplit('.').next()?;
        match ext {
            "json" => Some(Format::Json),
            "jsonc" | "json5" => Some(Format::Jsonc),
            "toml" => Some(Format::Toml),
            "yaml" | "yml" => Some(Format::Yaml),
            _ => None,
        }
    }

    /// Guess the format from the content: `{`/`[` first means JSON(C), `[table]` or `key =` TOML,
    /// anything else YAML.
    pub fn sniff(text: &str) -> Format {
        for line in text.lines() {
            let t = line.trim_start_matches('\u{feff}').trim();
            if t.is_empty() || t.starts_with("//") || t.starts_with('#') {
                continue;
            }
            if t.starts_with('{') || t.starts_with("/*") {
                return Format::Jsonc;
            }
            if t.starts_with("[[") || (t.starts_with('[') && t.ends_with(']') && !t.contains(',')) {
                return Format::Toml;
            }
            if t.starts_with('[') {
                return Format::Jsonc;
            }
            if let Some((k, _)) = t.split_once('=') {
                let k = k.trim();
                if !k.is_empty() && !k.contains(':') && !k.contains(' ') {
                    return Format::Toml;
                }
            }
            return Format::Yaml;
        }
        Format::Json
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonc => "jsonc",
            Format::Toml => "toml",
            Format::Yaml => "yaml",
        }
    }
}

/// Hard limits applied while parsing untrusted files.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest accepted input, in bytes.
    pub max_bytes: usize,
    /// Deepest nesting of arrays and objects.
    pub max_depth: usize,
    /// Most nodes in the resulting tree (counts nodes produced by YAML aliases too).
    pub max_nodes: usize,
    /// Most alias uses in a YAML document.
    pub max_aliases: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 * 1024 * 1024,
            max_depth: 128,
            max_nodes: 4_000_000,
            max_aliases: 1_000,
        }
    }
}

/// A scalar, array or object value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number, kept as written.
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// Entries in document order. Duplicate keys are kept (see [`Node::duplicate_keys`]).
    Object(Vec<Entry>),
}

/// A value with the span it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// One key of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    pub fn new(value: Value, span: Span) -> Node {
        Node { value, span }
    }

    /// The value of `key` if this is an object. With duplicate keys, the last one wins, as in
    /// most JSON parsers (and as a client would read it).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The entry of `key` if this is an object (last one wins).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Object(entries) => entries.iter().rev().find(|e| e.key == key),
            _ => None,
        }
    }

    /// Follow a path of object keys.
    pub fn pointer(&self, path: &[&str]) -> Option<&Node> {
        let mut node = self;
        for key in path {
            node = node.get(key)?;
        }
        Some(node)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// A scalar rendered as text (strings as is, numbers as written, booleans, null as "null").
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null => Some("null".to_string()),
            _ => None,
        }
    }

    /// Keys that appear more than once in this object, with the span of each repetition.
    pub fn duplicate_keys(&self) -> Vec<&Entry> {
        let Some(entries) = self.as_object() else {
            return Vec::new();
        };
        // Small objects (almost all of them) are compared pairwise, without allocating.
        if entries.len() <= 16 {
            return entries
                .iter()
                .enumerate()
                .filter(|(i, e)| entries[..*i].iter().any(|p| p.key == e.key))
                .map(|(_, e)| e)
                .collect();
        }
        let mut seen = std::collections::HashSet::new();
        entries
            .iter()
            .filter(|e| !seen.insert(e.key.as_str()))
            .collect()
    }

    /// A short name of this value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Why a text could not be parsed, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct ParseError {
    pub message: String,
    /// 1-based; 0 when the error has no place (the file is too large, say).
    pub line: u32,
    pub column: u32,
}

impl ParseError {
    pub fn new(message: impl Into<String>, line: u32, column: u32) -> Self {
        ParseError {
            message: message.into(),
            line,
            column,
        }
    }
}

/// A parsed configuration file.
#[derive(Clone, Debug)]
pub struct Document {
    /// Where it was read from, as the user named it (or `-` for stdin).
    pub path: PathBuf,
    pub format: Format,
    pub text: String,
    pub root: Node,
    /// Whether the text used comments or trailing commas (relevant where the client reads
    /// strict JSON: such a file is rejected by the client, but still scanned here).
    pub relaxed_syntax: bool,
}

impl Document {
    /// Parse `text` as `format`.
    pub fn parse(
        path: impl Into<PathBuf>,
        text: String,
        format: Format,
        limits: &Limits,
    ) -> Result<Document, ParseError> {
        let (root, relaxed_syntax) = parse(&text, format, limits)?;
        Ok(Document {
            path: path.into(),
            format,
            text,
            root,
            relaxed_syntax,
        })
    }

    /// The text of one 1-based line, without its newline.
    pub fn line_text(&self, line: u32) -> Option<&str> {
        self.text.lines().nth((line as usize).checked_sub(1)?)
    }
}

/// Parse a text into a [`Node`] tree. Returns the tree and whether relaxed JSON syntax
/// (comments, trailing commas) was used.
pub fn parse(text: &str, format: Format, limits: &Limits) -> Result<(Node, bool), ParseError> {
    if text.len() > limits.max_bytes {
        return Err(ParseError::new(
            format!(
                "file is {} bytes, over the limit of {} bytes",
                text.len(),
                limits.max_bytes
            ),
            0,
            0,
        ));
    }
    match format {
        Format::Json | Format::Jsonc => json::parse(text, limits),
        Format::Toml => toml::parse(text, limits).map(|n| (n, false)),
        Format::Yaml => yaml::parse(text, limits).map(|n| (n, false)),
    }
}
