//! Amp: `~/.config/amp/settings.json` → `amp.mcpServers` (a dotted key), and the
//! `amp.dangerouslyAllowAll` setting.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::{self, Cx, UrlStyle};

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "amp",
        name: "Amp",
        machine,
        project: &[],
        names: &[("amp/settings.json", Scope::User)],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    vec![Loc::new(
        env.xdg_config_home().join("amp/settings.json"),
        Scope::User,
    )]
}

fn parse(cx: &mut Cx, root: &Node) {
    if let Some(m) = read::lookup(root, "amp.mcpServers") {
        read::read_map(cx, "amp.mcpServers", m, UrlStyle::Infer);
    } else {
        super::standard(cx, root);
    }
    cx.settings_from(root, &["amp.dangerouslyAllowAll", "amp.permissions"]);
}
