//! Warp: `~/.warp/.mcp.json` and `<project>/.warp/.mcp.json`, `mcpServers` or a bare server
//! map (as Warp accepts in a paste), with `working_directory` and `start_on_launch`.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::{self, Cx, UrlStyle};

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "warp",
        name: "Warp",
        machine,
        project: &[".warp/.mcp.json"],
        names: &[],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    vec![Loc::new(env.in_home(".warp/.mcp.json"), Scope::User)]
}

fn parse(cx: &mut Cx, root: &Node) {
    read::read_mcp_servers_or_bare(cx, root, UrlStyle::Infer);
}
