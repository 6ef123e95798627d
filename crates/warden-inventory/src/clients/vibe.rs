//! Mistral Vibe: `~/.vibe/config.toml`, `[[mcp_servers]]` tables named by `name`, with
//! `transport`, `command`, `args`, `url`.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::Cx;

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "vibe",
        name: "Mistral Vibe",
        machine,
        project: &[".vibe/config.toml"],
        names: &[],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    vec![Loc::new(env.in_home(".vibe/config.toml"), Scope::User)]
}

fn parse(cx: &mut Cx, root: &Node) {
    match root.get("mcp_servers") {
        Some(list) if list.as_array().is_some() => super::read_list(cx, "mcp_servers", list),
        Some(map) => {
            crate::read::read_map(cx, "mcp_servers", map, crate::read::UrlStyle::Infer);
        }
        None => {}
    }
}
