//! Crush: `crush.json` / `.crush.json` in a project and `~/.config/crush/crush.json`, `mcp`
//! with `type: stdio|http|sse`, `command`, `args`, `env`, `url`, `headers`, `disabled`.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::{self, Cx, UrlStyle};

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "crush",
        name: "Crush",
        machine,
        project: &["crush.json", ".crush.json"],
        names: &[("crush/crush.json", Scope::User)],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    vec![Loc::new(
        env.xdg_config_home().join("crush/crush.json"),
        Scope::User,
    )]
}

fn parse(cx: &mut Cx, root: &Node) {
    match root.get("mcp") {
        Some(m) => {
            read::read_map(cx, "mcp", m, UrlStyle::Infer);
        }
        None => super::standard(cx, root),
    }
}
