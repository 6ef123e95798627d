//! Windsurf: `~/.codeium/windsurf/mcp_config.json` (and the JetBrains plugin's `~/.codeium/mcp_config.json`), `mcpServers` in the Claude Desktop schema, remote `serverUrl`.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::Cx;

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "windsurf",
        name: "Windsurf",
        machine,
        project: &[],
        names: &[
            ("windsurf/mcp_config.json", Scope::User),
            ("windsurf-next/mcp_config.json", Scope::User),
            (".codeium/mcp_config.json", Scope::User),
            ("mcp_config.json", Scope::Project),
        ],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    vec![
        Loc::new(
            env.in_home(".codeium/windsurf/mcp_config.json"),
            Scope::User,
        ),
        Loc::new(
            env.in_home(".codeium/windsurf-next/mcp_config.json"),
            Scope::User,
        ),
        // The Windsurf plugin for JetBrains IDEs.
        Loc::new(env.in_home(".codeium/mcp_config.json"), Scope::User),
    ]
}

fn parse(cx: &mut Cx, root: &Node) {
    super::standard(cx, root);
}
