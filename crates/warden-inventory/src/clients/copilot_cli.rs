//! GitHub Copilot CLI: `~/.copilot/mcp-config.json` (under `$XDG_CONFIG_HOME` when set),
//! `mcpServers` with `type: "local"` and `tools`.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::Cx;

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "copilot-cli",
        name: "GitHub Copilot CLI",
        machine,
        project: &[],
        names: &[(".copilot/mcp-config.json", Scope::User)],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    let mut v = Vec::new();
    if let Some(x) = env.var("XDG_CONFIG_HOME") {
        v.push(Loc::new(
            std::path::Path::new(x).join(".copilot/mcp-config.json"),
            Scope::User,
        ));
    }
    v.push(Loc::new(
        env.in_home(".copilot/mcp-config.json"),
        Scope::User,
    ));
    v
}

fn parse(cx: &mut Cx, root: &Node) {
    super::standard(cx, root);
}
