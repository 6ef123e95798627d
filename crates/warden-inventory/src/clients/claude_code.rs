//! Claude Code: `~/.claude.json` (top-level `mcpServers` = user scope, `projects[path]
//! .mcpServers` = local scope), `<project>/.mcp.json`, the administrator's
//! `managed-mcp.json`, plugin `.mcp.json` files, and the settings files whose keys decide
//! which project servers start without asking (`enableAllProjectMcpServers`, …).

use std::path::PathBuf;

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::read::{self, Cx, UrlStyle};
use crate::{HostEnv, Os};

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "claude-code",
        name: "Claude Code",
        machine,
        project: &[
            ".mcp.json",
            ".claude/settings.json",
            ".claude/settings.local.json",
        ],
        names: &[
            (".claude.json", Scope::User),
            ("managed-mcp.json", Scope::Managed),
            ("managed-settings.json", Scope::Managed),
            (".claude-plugin/plugin.json", Scope::Plugin),
        ],
        parse,
    }
}

/// Settings that change which servers start, or how freely their tools run.
const SETTINGS: &[&str] = &[
    "enableAllProjectMcpServers",
    "enabledMcpjsonServers",
    "disabledMcpjsonServers",
    "allowedMcpServers",
    "deniedMcpServers",
    "allowManagedMcpServersOnly",
    "enabledMcpServers",
    "disabledMcpServers",
    "permissions.allow",
    "permissions.defaultMode",
    "hasTrustDialogAccepted",
];

fn managed_dir(env: &HostEnv) -> PathBuf {
    match env.os {
        Os::Linux => PathBuf::from("/etc/claude-code"),
        Os::MacOs => PathBuf::from("/Library/Application Support/ClaudeCode"),
        Os::Windows => env.program_files().join("ClaudeCode"),
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    let (state, dir) = match env.var("CLAUDE_CONFIG_DIR") {
        Some(d) => (PathBuf::from(d).join(".claude.json"), PathBuf::from(d)),
        None => (env.in_home(".claude.json"), env.in_home(".claude")),
    };
    let managed = managed_dir(env);
    vec![
        Loc::new(managed.join("managed-mcp.json"), Scope::Managed),
        Loc::new(managed.join("managed-settings.json"), Scope::Managed),
        Loc::new(state, Scope::User),
        Loc::new(dir.join("settings.json"), Scope::User),
        Loc::new(dir.join("plugins/**/.mcp.json"), Scope::Plugin),
        Loc::new(
            dir.join("plugins/**/.claude-plugin/plugin.json"),
            Scope::Plugin,
        ),
    ]
}

fn parse(cx: &mut Cx, root: &Node) {
    match root.get("mcpServers") {
        // A plugin manifest may name a file instead; that file is read on its own.
        Some(m) if m.as_str().is_some() && cx.scope == Scope::Plugin => {}
        Some(m) => {
            read::read_map(cx, "mcpServers", m, UrlStyle::Infer);
        }
        // Plugin `.mcp.json` files may hold the server map without a wrapper.
        None if read::is_bare_map(root) => {
            read::read_map(cx, "servers", root, UrlStyle::Infer);
        }
        None => {}
    }
    cx.settings_from(root, SETTINGS);
    // `~/.claude.json`: per-project (local scope) servers and approvals.
    if let Some(projects) = root.get("projects").and_then(Node::as_object) {
        let file_scope = cx.scope;
        for p in projects {
            if let Some(m) = p.value.get("mcpServers") {
                let before = cx.servers.len();
                cx.scope = Scope::Local;
                read::read_map(cx, "mcpServers", m, UrlStyle::Infer);
                cx.scope = file_scope;
                for s in &mut cx.servers[before..] {
                    read::push_option(s, "project", p.key.clone(), p.key_span);
                }
            }
            for key in SETTINGS {
                if let Some(v) = read::lookup(&p.value, key) {
                    let k = format!("projects.{}.{key}", p.key);
                    cx.setting_at(&k, v);
                }
            }
        }
    }
}
