//! Roo Code: `mcp_settings.json` in the extension's `globalStorage`, and
//! `<project>/.roo/mcp.json` (which wins by name), with `alwaysAllow` and `disabled`.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::paths::VSCODE_HOSTS;
use crate::read::Cx;

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "roo",
        name: "Roo Code",
        machine,
        project: &[".roo/mcp.json"],
        names: &[("mcp_settings.json", Scope::User)],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    env.vscode_user_dirs(VSCODE_HOSTS)
        .into_iter()
        .map(|u| {
            Loc::new(
                u.join("globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json"),
                Scope::User,
            )
        })
        .collect()
}

fn parse(cx: &mut Cx, root: &Node) {
    super::standard(cx, root);
}
