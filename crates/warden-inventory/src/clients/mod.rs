//! The catalogue: one module per client format.
//!
//! Each module gives its client's id and name, the files it reads on this machine (per OS,
//! derived from [`HostEnv`]), the files a project can carry (relative paths), the file names
//! that identify its files wherever they are found, and how to read a parsed document.

use std::path::PathBuf;
use std::sync::OnceLock;

use warden_core::doc::Node;
use warden_core::spec::Scope;

use crate::HostEnv;
use crate::read::Cx;

mod amazonq;
mod amp;
mod antigravity;
mod claude_code;
mod claude_desktop;
mod cline;
mod codex;
mod continue_dev;
pub(crate) use continue_dev::read_list;
mod copilot_cli;
mod crush;
mod cursor;
mod factory;
mod gemini;
mod generic;
mod goose;
mod junie;
mod kimi;
mod kiro;
mod lmstudio;
pub(crate) mod mcpb;
mod opencode;
mod qoder;
pub(crate) mod registry;
mod roo;
mod trae;
mod vibe;
mod vscode;
mod warp;
mod windsurf;
mod zed;

/// A file a client reads. The path may hold `*` in a component (`profiles/*/mcp.json`) or a
/// `**` component (any depth, bounded).
#[derive(Clone, Debug)]
pub(crate) struct Loc {
    pub path: PathBuf,
    pub scope: Scope,
}

impl Loc {
    pub fn new(path: impl Into<PathBuf>, scope: Scope) -> Loc {
        Loc {
            path: path.into(),
            scope,
        }
    }
}

pub(crate) struct ClientDef {
    pub id: &'static str,
    pub name: &'static str,
    /// Managed, user and plugin files on this machine.
    pub machine: fn(&HostEnv) -> Vec<Loc>,
    /// Files a project directory can carry, relative to it (`/`-separated; `*` allowed).
    pub project: &'static [&'static str],
    /// Path endings (`/`-separated, `*` allowed) that identify this client's files anywhere,
    /// with the scope such a file has. Project paths are added with scope `project`.
    pub names: &'static [(&'static str, Scope)],
    /// Read a parsed document into `cx`.
    pub parse: fn(&mut Cx, &Node),
}

fn none(_: &HostEnv) -> Vec<Loc> {
    Vec::new()
}

/// Every client, in display order, then the formats that belong to no one client.
pub(crate) fn all() -> &'static [ClientDef] {
    static ALL: OnceLock<Vec<ClientDef>> = OnceLock::new();
    ALL.get_or_init(|| {
        vec![
            claude_desktop::def(),
            claude_code::def(),
            cursor::def(),
            vscode::def(),
            vscode::insiders(),
            windsurf::def(),
            zed::def(),
            continue_dev::def(),
            cline::def(),
            roo::def(),
            gemini::def(),
            codex::def(),
            goose::def(),
            lmstudio::def(),
            amazonq::def(),
            kiro::def(),
            junie::def(),
            copilot_cli::def(),
            opencode::def(),
            warp::def(),
            antigravity::def(),
            amp::def(),
            crush::def(),
            trae::def(),
            factory::def(),
            kimi::def(),
            qoder::def(),
            vibe::def(),
            registry::def(),
            mcpb::def(),
            generic::def(),
        ]
    })
}

pub(crate) fn by_id(id: &str) -> Option<&'static ClientDef> {
    all().iter().find(|c| c.id == id)
}

/// The reader of a bare launch spec or server map given to `check`.
pub(crate) fn input() -> &'static ClientDef {
    static INPUT: OnceLock<ClientDef> = OnceLock::new();
    INPUT.get_or_init(generic::input)
}

/// The common shape: `mcpServers: {name: entry}`. A file without that key is still read in
/// the other common shapes, so a config copied from another client is not missed.
pub(crate) fn standard(cx: &mut Cx, root: &Node) {
    if !crate::read::read_mcp_servers(cx, root, crate::read::UrlStyle::Infer) {
        generic::parse(cx, root);
    }
}
