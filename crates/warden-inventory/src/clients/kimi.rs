//! Kimi CLI: `~/.kimi/mcp.json`, `mcpServers`.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::Cx;

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "kimi",
        name: "Kimi CLI",
        machine,
        project: &[],
        names: &[(".kimi/mcp.json", Scope::User)],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    vec![Loc::new(env.in_home(".kimi/mcp.json"), Scope::User)]
}

fn parse(cx: &mut Cx, root: &Node) {
    super::standard(cx, root);
}
