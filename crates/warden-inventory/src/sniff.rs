//! Telling which client a file belongs to: from its path (the names every client uses), else
//! from its content (the container key it uses).

use std::path::{Component, Path};

use warden_core::doc::Node;
use warden_core::spec::Scope;

use crate::clients::{self, mcpb, registry};
use crate::read;

/// `*` matches any run of characters within one path component.
pub(crate) fn wild(pat: &str, s: &str) -> bool {
    let Some((head, rest)) = pat.split_once('*') else {
        return pat == s;
    };
    let Some(mut s) = s.strip_prefix(head) else {
        return false;
    };
    if !rest.contains('*') {
        return s.len() >= rest.len() && s.ends_with(rest);
    }
    loop {
        if wild(rest, s) {
            return true;
        }
        let mut chars = s.chars();
        if chars.next().is_none() {
            return false;
        }
        s = chars.as_str();
    }
}

fn components(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str().map(str::to_string),
            _ => None,
        })
        .collect()
}

/// Whether the path ends with the `/`-separated `pattern` (each component may hold `*`).
/// Returns the number of components matched.
pub(crate) fn suffix_match(path: &Path, pattern: &str) -> Option<usize> {
    let comps = components(path);
    let pats: Vec<&str> = pattern.split('/').collect();
    if pats.len() > comps.len() {
        return None;
    }
    let tail = &comps[comps.len() - pats.len()..];
    pats.iter()
        .zip(tail)
        .all(|(p, c)| wild(p, c))
        .then_some(pats.len())
}

/// The client whose file names match `path`, and the scope such a file has. The most
/// specific pattern wins (`.vscode/mcp.json` over `mcp.json`).
pub fn client_for_path(path: &Path) -> Option<(&'static str, Scope)> {
    let mut best: Option<(usize, &'static str, Scope)> = None;
    for def in clients::all() {
        let project = def.project.iter().map(|p| (*p, Scope::Project));
        for (pat, scope) in project.chain(def.names.iter().copied()) {
            if let Some(n) = suffix_match(path, pat)
                && best.is_none_or(|(b, _, _)| n > b)
            {
                best = Some((n, def.id, scope));
            }
        }
    }
    best.map(|(_, id, scope)| (id, scope))
}

/// The scope a path suggests, if its name is known.
pub(crate) fn scope_for_path(path: &Path) -> Option<Scope> {
    client_for_path(path).map(|(_, s)| s)
}

/// The client a document's content suggests, by its container key.
pub(crate) fn client_for_content(root: &Node) -> Option<&'static str> {
    if mcpb::is_manifest(root) {
        return Some("mcpb");
    }
    if registry::is_registry(root) {
        return Some("registry");
    }
    if root.get("context_servers").is_some() {
        return Some("zed");
    }
    match root.get("mcp_servers") {
        Some(m) if m.as_array().is_some() => return Some("vibe"),
        Some(_) => return Some("codex"),
        None => {}
    }
    let mcp_servers = root.get("mcpServers");
    if mcp_servers.is_some() && root.get("projects").is_some() {
        return Some("claude-code");
    }
    if mcp_servers.is_some_and(|m| m.as_array().is_some())
        || root
            .pointer(&["experimental", "modelContextProtocolServers"])
            .is_some()
    {
        return Some("continue");
    }
    if root
        .get("extensions")
        .and_then(Node::as_object)
        .is_some_and(|e| {
            e.iter()
                .any(|x| x.value.get("cmd").is_some() || x.value.get("type").is_some())
        })
    {
        return Some("goose");
    }
    if let Some(m) = root.get("mcp").filter(|m| m.as_object().is_some()) {
        return Some(if m.get("servers").is_some() {
            "vscode"
        } else {
            "opencode"
        });
    }
    if root.get("servers").and_then(Node::as_object).is_some()
        || root.pointer(&["customizations", "vscode", "mcp"]).is_some()
    {
        return Some("vscode");
    }
    if read::lookup(root, "amp.mcpServers").is_some() {
        return Some("amp");
    }
    if mcp_servers.is_some() {
        return Some("generic");
    }
    None
}

/// One bare launch spec, or a bare `{name: spec}` map.
pub(crate) fn is_bare_spec(root: &Node) -> bool {
    read::looks_like_entry(root) || read::is_bare_map(root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn wildcards_match_within_a_component() {
        assert!(wild("*.json", "a.json"));
        assert!(!wild("*.json", "a.yaml"));
        assert!(wild("*", "anything"));
        assert!(wild("seed-*-x.json", "seed-1-2-x.json"));
        assert!(!wild("a*b", "a"));
    }

    #[test]
    fn most_specific_name_wins() {
        let p = PathBuf::from("/r/.vscode/mcp.json");
        assert_eq!(client_for_path(&p), Some(("vscode", Scope::Project)));
        let p = PathBuf::from("/r/.roo/mcp.json");
        assert_eq!(client_for_path(&p), Some(("roo", Scope::Project)));
        let p = PathBuf::from("/h/.config/Code/User/profiles/abc/mcp.json");
        assert_eq!(client_for_path(&p), Some(("vscode", Scope::User)));
        let p = PathBuf::from("/x/claude_desktop_config.json");
        assert_eq!(client_for_path(&p), Some(("claude-desktop", Scope::User)));
        assert_eq!(client_for_path(&PathBuf::from("/x/random.json")), None);
    }
}
