//! OpenAI Codex CLI: `$CODEX_HOME/config.toml` (default `~/.codex`) and
//! `<project>/.codex/config.toml` (read in trusted projects), `[mcp_servers.<name>]` with
//! `env` inline or as a sub-table, `env_vars`, `enabled`, and remote `url` /
//! `bearer_token_env_var` / `http_headers`.

use std::path::PathBuf;

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::{self, Cx, UrlStyle};

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "codex",
        name: "OpenAI Codex CLI",
        machine,
        project: &[".codex/config.toml"],
        names: &[("config.toml", Scope::User)],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    let home = env
        .var("CODEX_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| env.in_home(".codex"));
    vec![Loc::new(home.join("config.toml"), Scope::User)]
}

fn parse(cx: &mut Cx, root: &Node) {
    if let Some(m) = root.get("mcp_servers") {
        read::read_map(cx, "mcp_servers", m, UrlStyle::Infer);
    } else if root.get("mcpServers").is_some() {
        super::standard(cx, root);
    }
    cx.settings_from(
        root,
        &["approval_policy", "sandbox_mode", "features.rmcp_client"],
    );
    if let Some(projects) = root.get("projects").and_then(Node::as_object) {
        for p in projects {
            if let Some(t) = p.value.get("trust_level") {
                let key = format!("projects.{}.trust_level", p.key);
                cx.setting_at(&key, t);
            }
        }
    }
}
