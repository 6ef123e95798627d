//! Antigravity: `~/.gemini/antigravity/mcp_config.json`, `mcpServers` with remote `serverUrl`.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::Cx;

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "antigravity",
        name: "Antigravity",
        machine,
        project: &[],
        names: &[("antigravity/mcp_config.json", Scope::User)],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    vec![
        Loc::new(
            env.in_home(".gemini/antigravity/mcp_config.json"),
            Scope::User,
        ),
        Loc::new(env.in_home(".gemini/config/mcp_config.json"), Scope::User),
    ]
}

fn parse(cx: &mut Cx, root: &Node) {
    super::standard(cx, root);
}
