//! Continue: `~/.continue/config.yaml` (`mcpServers` as a list of entries with `name`), block
//! files in `.continue/mcpServers/` (YAML, or JSON in the Claude format), and the legacy
//! `config.json` → `experimental.modelContextProtocolServers[{transport: {…}}]`.

use std::path::PathBuf;

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::{self, Cx, UrlStyle};

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "continue",
        name: "Continue",
        machine,
        project: &[
            ".continue/mcpServers/*.yaml",
            ".continue/mcpServers/*.yml",
            ".continue/mcpServers/*.json",
            ".continue/config.yaml",
            ".continue/config.json",
            ".continue/agents/*.yaml",
            ".continue/assistants/*.yaml",
        ],
        names: &[],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    let dir = env
        .var("CONTINUE_GLOBAL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| env.in_home(".continue"));
    let mut v: Vec<Loc> = ["config.yaml", "config.json"]
        .iter()
        .map(|f| Loc::new(dir.join(f), Scope::User))
        .collect();
    for ext in ["yaml", "yml", "json"] {
        v.push(Loc::new(
            dir.join(format!("mcpServers/*.{ext}")),
            Scope::User,
        ));
    }
    v
}

fn parse(cx: &mut Cx, root: &Node) {
    if let Some(m) = root.get("mcpServers") {
        if m.as_array().is_some() {
            read_list(cx, "mcpServers", m);
        } else {
            read::read_map(cx, "mcpServers", m, UrlStyle::Infer);
        }
    }
    if let Some(list) = root.pointer(&["experimental", "modelContextProtocolServers"]) {
        let Some(items) = list.as_array() else {
            cx.wrong_type("experimental.modelContextProtocolServers", list, "an array");
            return;
        };
        for (i, item) in items.iter().enumerate() {
            let (name, span) = match item
                .get("name")
                .and_then(|n| n.as_str().map(|s| (s, n.span)))
            {
                Some((s, sp)) => (s.to_string(), sp),
                None => (format!("modelContextProtocolServers[{i}]"), item.span),
            };
            match item.get("transport") {
                Some(t) => {
                    if let Some(s) = read::read_entry(cx, &name, span, t, UrlStyle::Infer) {
                        cx.servers.push(s);
                    }
                }
                None => cx.error(item.span, format!("`{name}` has no `transport`")),
            }
        }
    }
}

/// A list of entries, each named by its `name` field.
pub(crate) fn read_list(cx: &mut Cx, key: &str, list: &Node) {
    let Some(items) = list.as_array() else { return };
    for (i, item) in items.iter().enumerate() {
        let (name, span) = match item.get("name") {
            Some(n) if n.as_str().is_some() => (n.as_str().unwrap_or_default().to_string(), n.span),
            Some(n) => {
                cx.wrong_type(&format!("{key}[{i}].name"), n, "a string");
                (format!("{key}[{i}]"), item.span)
            }
            None => (format!("{key}[{i}]"), item.span),
        };
        if let Some(s) = read::read_entry(cx, &name, span, item, UrlStyle::Infer) {
            cx.servers.push(s);
        }
    }
}
