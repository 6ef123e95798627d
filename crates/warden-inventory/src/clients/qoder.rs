//! Qoder: `~/.qoder/mcp.json` (Windows also `%APPDATA%\\Qoder\\SharedClientCache\\mcp.json`), `mcpServers`.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::Cx;

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "qoder",
        name: "Qoder",
        machine,
        project: &[],
        names: &[
            (".qoder/mcp.json", Scope::User),
            ("Qoder/SharedClientCache/mcp.json", Scope::User),
        ],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    let mut v = vec![Loc::new(env.in_home(".qoder/mcp.json"), Scope::User)];
    if env.os == crate::Os::Windows {
        v.push(Loc::new(
            env.appdata().join("Qoder/SharedClientCache/mcp.json"),
            Scope::User,
        ));
    }
    v
}

fn parse(cx: &mut Cx, root: &Node) {
    super::standard(cx, root);
}
