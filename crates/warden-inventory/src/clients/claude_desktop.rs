//! Claude Desktop: `claude_desktop_config.json` (`mcpServers`) in the app's configuration
//! directory, and installed bundles (`Claude Extensions/<id>/manifest.json`), which are
//! launch definitions just like config entries.

use std::path::PathBuf;

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc, mcpb};
use crate::read::Cx;
use crate::{HostEnv, Os};

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "claude-desktop",
        name: "Claude Desktop",
        machine,
        project: &[],
        names: &[
            ("claude_desktop_config.json", Scope::User),
            ("Claude Extensions/*/manifest.json", Scope::Plugin),
        ],
        parse,
    }
}

fn dirs(env: &HostEnv) -> Vec<PathBuf> {
    // Linux: community builds use `~/.config/Claude`.
    let mut d = vec![env.app_config_dir().join("Claude")];
    if env.os == Os::Windows {
        // The MSIX (Store) build keeps its files in a virtualised profile.
        d.push(
            env.local_appdata()
                .join("Packages/Claude_pzs8sxrjxfjjc/LocalCache/Roaming/Claude"),
        );
    }
    d
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    let mut out = Vec::new();
    for d in dirs(env) {
        out.push(Loc::new(d.join("claude_desktop_config.json"), Scope::User));
        out.push(Loc::new(
            d.join("Claude Extensions/*/manifest.json"),
            Scope::Plugin,
        ));
    }
    out
}

fn parse(cx: &mut Cx, root: &Node) {
    if mcpb::is_manifest(root) {
        mcpb::read(cx, root);
    } else {
        super::standard(cx, root);
    }
}
