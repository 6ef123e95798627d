//! opencode: `opencode.json[c]` (global in `~/.config/opencode`, `$OPENCODE_CONFIG`, managed
//! in `/etc/opencode` and the like, and per project), `mcp` with `type: local|remote`,
//! `command` as an array holding the arguments, `environment`, `{env:X}` references; the
//! newer `.agents/mcp.json` holds a bare server map.

use std::path::PathBuf;

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::{self, Cx, UrlStyle};

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "opencode",
        name: "opencode",
        machine,
        project: &[
            "opencode.json",
            "opencode.jsonc",
            ".opencode/opencode.json",
            ".opencode/opencode.jsonc",
            ".agents/mcp.json",
        ],
        names: &[
            ("opencode/config.json", Scope::User),
            ("opencode/opencode.json", Scope::User),
            ("opencode/opencode.jsonc", Scope::User),
            ("opencode/mcp-local.json", Scope::Local),
        ],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    let mut v = Vec::new();
    for f in ["opencode.json", "opencode.jsonc"] {
        v.push(Loc::new(
            env.system_dir("opencode", "opencode", "opencode").join(f),
            Scope::Managed,
        ));
    }
    if let Some(p) = env.var("OPENCODE_CONFIG") {
        v.push(Loc::new(PathBuf::from(p), Scope::User));
    }
    let dir = env.xdg_config_home().join("opencode");
    for f in ["opencode.json", "opencode.jsonc", "config.json"] {
        v.push(Loc::new(dir.join(f), Scope::User));
    }
    v.push(Loc::new(
        env.in_home(".opencode/opencode.jsonc"),
        Scope::User,
    ));
    v.push(Loc::new(env.in_home(".agents/mcp.json"), Scope::User));
    v.push(Loc::new(
        env.in_home(".local/share/opencode/mcp-local.json"),
        Scope::Local,
    ));
    v
}

fn parse(cx: &mut Cx, root: &Node) {
    match root.get("mcp") {
        Some(m) => {
            read::read_map(cx, "mcp", m, UrlStyle::Infer);
        }
        None => super::generic::parse(cx, root),
    }
    cx.settings_from(root, &["permission"]);
}
