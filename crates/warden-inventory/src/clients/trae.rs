//! Trae: `<config>/Trae/User/mcp.json` and `<project>/.trae/mcp.json`, `mcpServers`.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::Cx;

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "trae",
        name: "Trae",
        machine,
        project: &[".trae/mcp.json"],
        names: &[("Trae/User/mcp.json", Scope::User)],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    vec![Loc::new(
        env.app_config_dir().join("Trae/User/mcp.json"),
        Scope::User,
    )]
}

fn parse(cx: &mut Cx, root: &Node) {
    super::standard(cx, root);
}
