//! Amazon Q Developer: the legacy `~/.aws/amazonq/mcp.json` and `<project>/.amazonq/mcp.json`,
//! and agent files (`cli-agents/*.json` for the CLI, `agents/*.json` for the IDE) with their
//! own `mcpServers` and `useLegacyMcpJson`.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::Cx;

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "amazonq",
        name: "Amazon Q Developer",
        machine,
        project: &[
            ".amazonq/mcp.json",
            ".amazonq/cli-agents/*.json",
            ".amazonq/agents/*.json",
        ],
        names: &[],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    let d = env.in_home(".aws/amazonq");
    vec![
        Loc::new(d.join("mcp.json"), Scope::User),
        Loc::new(d.join("cli-agents/*.json"), Scope::User),
        Loc::new(d.join("agents/*.json"), Scope::User),
    ]
}

fn parse(cx: &mut Cx, root: &Node) {
    super::standard(cx, root);
    cx.settings_from(root, &["useLegacyMcpJson", "allowedTools"]);
}
