//! Gemini CLI: `~/.gemini/settings.json`, `<project>/.gemini/settings.json`, the system
//! `settings.json` and `system-defaults.json` (`/etc/gemini-cli`, `%ProgramData%\gemini-cli`,
//! `/Library/Application Support/GeminiCli`, or `GEMINI_CLI_SYSTEM_SETTINGS_PATH`), and
//! extensions' `gemini-extension.json`. `url` is SSE, `httpUrl` streamable HTTP; `trust: true`
//! skips every confirmation.

use std::path::PathBuf;

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::{self, Cx, UrlStyle};

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "gemini",
        name: "Gemini CLI",
        machine,
        project: &[
            ".gemini/settings.json",
            ".gemini/extensions/*/gemini-extension.json",
        ],
        names: &[
            ("gemini-extension.json", Scope::Plugin),
            ("gemini-cli/settings.json", Scope::Managed),
            ("gemini-cli/system-defaults.json", Scope::Managed),
            ("GeminiCli/settings.json", Scope::Managed),
            ("GeminiCli/system-defaults.json", Scope::Managed),
        ],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    let sys = env.system_dir("gemini-cli", "GeminiCli", "gemini-cli");
    let settings = env
        .var("GEMINI_CLI_SYSTEM_SETTINGS_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| sys.join("settings.json"));
    let defaults = env
        .var("GEMINI_CLI_SYSTEM_DEFAULTS_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| sys.join("system-defaults.json"));
    vec![
        Loc::new(settings, Scope::Managed),
        Loc::new(defaults, Scope::Managed),
        Loc::new(env.in_home(".gemini/settings.json"), Scope::User),
        Loc::new(
            env.in_home(".gemini/extensions/*/gemini-extension.json"),
            Scope::Plugin,
        ),
    ]
}

const SETTINGS: &[&str] = &[
    "mcp.allowed",
    "mcp.excluded",
    "mcp.serverCommand",
    "mcpServerCommand",
    "allowMCPServers",
    "excludeMCPServers",
    "tools.autoAccept",
    "autoAccept",
    "security.folderTrust.enabled",
];

fn parse(cx: &mut Cx, root: &Node) {
    if !read::read_mcp_servers(cx, root, UrlStyle::Gemini) {
        super::generic::parse(cx, root);
    }
    cx.settings_from(root, SETTINGS);
}
