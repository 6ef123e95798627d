//! Kiro: `~/.kiro/settings/mcp.json` and `<project>/.kiro/settings/mcp.json` (the project file wins), `mcpServers` with `autoApprove` and `disabled`.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::Cx;

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "kiro",
        name: "Kiro",
        machine,
        project: &[".kiro/settings/mcp.json"],
        names: &[],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    vec![Loc::new(
        env.in_home(".kiro/settings/mcp.json"),
        Scope::User,
    )]
}

fn parse(cx: &mut Cx, root: &Node) {
    super::standard(cx, root);
}
