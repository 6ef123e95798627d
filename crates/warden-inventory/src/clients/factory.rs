//! Factory Droid: `~/.factory/mcp.json`, `mcpServers`.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::Cx;

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "factory",
        name: "Factory Droid",
        machine,
        project: &[".factory/mcp.json"],
        names: &[],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    vec![Loc::new(env.in_home(".factory/mcp.json"), Scope::User)]
}

fn parse(cx: &mut Cx, root: &Node) {
    super::standard(cx, root);
}
