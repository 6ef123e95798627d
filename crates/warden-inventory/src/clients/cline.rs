//! Cline: `cline_mcp_settings.json` in the `globalStorage` of the VS Code extension (under
//! VS Code and the forks that run it) and the Cline CLI's `${CLINE_DIR:-~/.cline}`, with
//! `autoApprove`, `disabled` and the legacy `transportType`.

use std::path::PathBuf;

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::paths::VSCODE_HOSTS;
use crate::read::Cx;

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "cline",
        name: "Cline",
        machine,
        project: &[],
        names: &[("cline_mcp_settings.json", Scope::User)],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    let mut v: Vec<Loc> = env
        .vscode_user_dirs(VSCODE_HOSTS)
        .into_iter()
        .map(|u| {
            Loc::new(
                u.join("globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"),
                Scope::User,
            )
        })
        .collect();
    let cli = env
        .var("CLINE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| env.in_home(".cline"));
    v.push(Loc::new(
        cli.join("data/settings/cline_mcp_settings.json"),
        Scope::User,
    ));
    v
}

fn parse(cx: &mut Cx, root: &Node) {
    super::standard(cx, root);
}
