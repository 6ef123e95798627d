//! Cursor: `~/.cursor/mcp.json` and `<project>/.cursor/mcp.json`, `mcpServers`.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::Cx;

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "cursor",
        name: "Cursor",
        machine,
        project: &[".cursor/mcp.json"],
        names: &[],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    vec![Loc::new(env.in_home(".cursor/mcp.json"), Scope::User)]
}

fn parse(cx: &mut Cx, root: &Node) {
    super::standard(cx, root);
}
