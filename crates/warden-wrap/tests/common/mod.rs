//! Test support: fixture files copied to a temporary home, and a small reader that turns a
//! config into a `ConfigFile` the way inventory does (entry, name and command spans), so the
//! rewrite is tested on its own.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use warden_core::doc::{Document, Format, Limits, Node, Value};
use warden_core::spec::{ConfigFile, LaunchSpec, Located, Scope, Transport};
use warden_wrap::{Outcome, Plan, WrapOptions};

pub const WARDEN: &str = "/opt/mcp-warden/bin/mcp-warden";

pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture: (client, path under fixtures/).
pub const FIXTURES: &[(&str, &str)] = &[
    ("claude-desktop", "claude/claude_desktop_config.json"),
    ("vscode", "vscode/mcp.json"),
    ("zed", "zed/settings.json"),
    ("opencode", "opencode/opencode.jsonc"),
    ("codex", "codex/config.toml"),
    ("continue", "continue/config.yaml"),
    ("goose", "goose/config.yaml"),
];

/// A scratch copy of a fixture and a state directory.
pub struct Scratch {
    pub dir: tempfile::TempDir,
    pub file: PathBuf,
    pub state: PathBuf,
}

pub fn scratch(rel: &str) -> Scratch {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = Path::new(rel).file_name().expect("name");
    let file = dir.path().join("cfg").join(name);
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::copy(fixture_dir().join(rel), &file).expect("copy");
    let state = dir.path().join("state");
    Scratch { dir, file, state }
}

pub fn options(state: &Path) -> WrapOptions {
    WrapOptions::new(WARDEN, state)
}

fn container_key(client: &str) -> &'static str {
    match client {
        "vscode" => "servers",
        "zed" => "context_servers",
        "opencode" => "mcp",
        "codex" => "mcp_servers",
        "goose" => "extensions",
        _ => "mcpServers",
    }
}

/// Read `path` as `client` reads it.
pub fn read(client: &str, path: &Path) -> ConfigFile {
    let text = std::fs::read_to_string(path).expect("read");
    let format = Format::from_path(path).expect("format");
    let doc = Document::parse(path, text, format, &Limits::default()).expect("parse");
    let mut servers = Vec::new();
    if let Some(c) = doc.root.entry(container_key(client)) {
        match &c.value.value {
            Value::Object(entries) => {
                for e in entries {
                    servers.push(spec(client, path, &e.key, e.key_span, &e.value));
                }
            }
            Value::Array(items) => {
                for item in items {
                    let name = item.get("name").and_then(Node::as_str).unwrap_or("?");
                    let ns = item.get("name").map(|n| n.span).unwrap_or_default();
                    servers.push(spec(client, path, name, ns, item));
                }
            }
            _ => {}
        }
    }
    ConfigFile {
        path: path.to_path_buf(),
        client: client.to_string(),
        scope: Scope::User,
        format,
        servers,
        settings: Vec::new(),
        document: Some(Arc::new(doc)),
    }
}

fn spec(
    client: &str,
    path: &Path,
    name: &str,
    name_span: warden_core::Span,
    n: &Node,
) -> LaunchSpec {
    let mut s = LaunchSpec::new(client, Scope::User, path, name);
    s.name_span = name_span;
    s.entry_span = n.span;
    let ty = n.get("type").and_then(Node::as_str).unwrap_or("stdio");
    let remote = ["url", "uri", "serverUrl", "httpUrl"]
        .iter()
        .any(|k| n.get(k).is_some());
    s.transport = if remote || ty == "builtin" {
        Transport::Http
    } else {
        Transport::from_type(ty)
    };
    let cmd = n.get("command").or_else(|| n.get("cmd"));
    let (cmd, args) = match cmd {
        Some(c) if c.as_object().is_some() => (c.get("path"), c.get("args")),
        Some(c) => (Some(c), n.get("args")),
        None => (None, None),
    };
    match cmd.map(|c| &c.value) {
        Some(Value::String(v)) => {
            s.command = Some(Located::new(v.clone(), cmd.expect("cmd").span));
            for a in args.and_then(Node::as_array).unwrap_or(&[]) {
                s.args
                    .push(Located::new(a.scalar_text().unwrap_or_default(), a.span));
            }
        }
        Some(Value::Array(items)) => {
            if let Some((first, rest)) = items.split_first() {
                s.command = Some(Located::new(
                    first.as_str().unwrap_or("").into(),
                    first.span,
                ));
                for a in rest {
                    s.args
                        .push(Located::new(a.scalar_text().unwrap_or_default(), a.span));
                }
            }
        }
        _ => {}
    }
    s.enabled = n.get("enabled").and_then(Node::as_bool).unwrap_or(true)
        && !n.get("disabled").and_then(Node::as_bool).unwrap_or(false);
    s
}

/// Command lines (program first) of every stdio entry, by name.
pub fn argvs(file: &ConfigFile) -> Vec<(String, Vec<String>)> {
    file.servers
        .iter()
        .filter(|s| s.transport == Transport::Stdio)
        .map(|s| {
            let mut v: Vec<String> = s.command.iter().map(|c| c.value.clone()).collect();
            v.extend(s.args.iter().map(|a| a.value.clone()));
            (s.name.clone(), v)
        })
        .collect()
}

/// The comments of a text (from `//`, `/*` or `#` to the end of the line), to check they survive.
pub fn comment_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let slashes = l
                .match_indices("//")
                .find(|(i, _)| !l[..*i].ends_with(':'))
                .map(|m| m.0);
            let at = slashes
                .or_else(|| l.find("/*"))
                .or_else(|| {
                    l.trim_start()
                        .starts_with('#')
                        .then(|| l.find('#'))
                        .flatten()
                })
                .or_else(|| l.find(" # ").map(|i| i + 1))?;
            Some(l[at..].to_string())
        })
        .collect()
}

pub fn outcome_of<'a>(plan: &'a Plan, name: &str) -> &'a Outcome {
    &plan
        .entries
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entry {name}"))
        .outcome
}
