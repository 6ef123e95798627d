//! Files whose client cannot be told (`mcp.json` somewhere in a repository), and bare launch
//! specs given to `check`: read every common shape.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, continue_dev, none};
use crate::read::{self, Cx, UrlStyle};

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "generic",
        name: "Other file in the common mcpServers format",
        machine: none,
        project: &[],
        names: &[],
        parse,
    }
}

pub(super) fn input() -> ClientDef {
    ClientDef {
        id: "input",
        name: "Launch spec given directly",
        machine: none,
        project: &[],
        names: &[],
        parse: parse_input,
    }
}

/// `mcpServers` (a map, or a list as Continue writes it), `servers`, or a bare map.
pub(crate) fn parse(cx: &mut Cx, root: &Node) {
    if let Some(m) = root.get("mcpServers") {
        if m.as_array().is_some() {
            continue_dev::read_list(cx, "mcpServers", m);
        } else {
            read::read_map(cx, "mcpServers", m, UrlStyle::Infer);
        }
    } else if let Some(m) = root.get("servers").filter(|m| m.as_object().is_some()) {
        read::read_map(cx, "servers", m, UrlStyle::Infer);
    } else if let Some(m) = root.get("mcp_servers").filter(|m| m.as_object().is_some()) {
        read::read_map(cx, "mcp_servers", m, UrlStyle::Infer);
    } else if read::looks_like_entry(root) {
        parse_input(cx, root);
    } else if read::is_bare_map(root) {
        read::read_map(cx, "servers", root, UrlStyle::Infer);
    }
}

/// One bare spec `{command, args, env}` (named by its `name` field, else `input`), or a bare
/// map of them.
fn parse_input(cx: &mut Cx, root: &Node) {
    if read::looks_like_entry(root) {
        let (name, span) = match root.get("name") {
            Some(n) if n.as_str().is_some() => (n.as_str().unwrap_or_default().to_string(), n.span),
            _ => ("input".to_string(), root.span),
        };
        if let Some(spec) = read::read_entry(cx, &name, span, root, UrlStyle::Infer) {
            cx.servers.push(spec);
        }
    } else if cx.scope == Scope::Input || read::is_bare_map(root) {
        parse(cx, root);
    }
}
