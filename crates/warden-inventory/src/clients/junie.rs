//! JetBrains Junie: `~/.junie/mcp/mcp.json` and `<project>/.junie/mcp/mcp.json`, `mcpServers` (stdio only).

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::Cx;

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "junie",
        name: "JetBrains Junie",
        machine,
        project: &[".junie/mcp/mcp.json"],
        names: &[],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    vec![Loc::new(env.in_home(".junie/mcp/mcp.json"), Scope::User)]
}

fn parse(cx: &mut Cx, root: &Node) {
    super::standard(cx, root);
}
