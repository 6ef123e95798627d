//! Inventory: find every MCP client's configuration files and read their server entries into
//! launch specs. Nothing is ever executed.
//!
//! (Interface in place; the catalogue is filled in by the client modules.)
#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use warden_core::report::InputError;
use warden_core::spec::{ConfigFile, Scope};

/// The operating system whose paths are derived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Os {
    Linux,
    MacOs,
    Windows,
}

/// The environment paths are derived from: HOME, XDG_CONFIG_HOME, APPDATA, CODEX_HOME, …
#[derive(Clone, Debug)]
pub struct HostEnv {
    pub os: Os,
    pub home: PathBuf,
    pub vars: BTreeMap<String, String>,
}

impl HostEnv {
    /// From this process's environment and operating system.
    pub fn from_process() -> HostEnv {
        let os = if cfg!(target_os = "macos") {
            Os::MacOs
        } else if cfg!(windows) {
            Os::Windows
        } else {
            Os::Linux
        };
        let vars: BTreeMap<String, String> = std::env::vars().collect();
        let home = vars
            .get("HOME")
            .or_else(|| vars.get("USERPROFILE"))
            .map(PathBuf::from)
            .or_else(std::env::home_dir)
            .unwrap_or_else(|| PathBuf::from("/"));
        HostEnv { os, home, vars }
    }

    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// One supported client.
#[derive(Clone, Debug)]
pub struct ClientInfo {
    pub id: &'static str,
    pub name: &'static str,
}

/// One place a client's config was looked for.
#[derive(Clone, Debug)]
pub struct Looked {
    pub client: &'static str,
    pub scope: Scope,
    pub path: PathBuf,
    pub found: bool,
    pub servers: usize,
}

/// What a discovery found.
#[derive(Clone, Debug, Default)]
pub struct Inventory {
    pub files: Vec<ConfigFile>,
    pub errors: Vec<InputError>,
    pub looked: Vec<Looked>,
}

/// Every supported client.
pub fn clients() -> Vec<ClientInfo> {
    Vec::new()
}

/// System, managed and user configs of every client on this machine.
pub fn scan_machine(_env: &HostEnv) -> Inventory {
    Inventory::default()
}

/// Project-scoped configs of every client under `dir`.
pub fn scan_project(_dir: &Path, _env: &HostEnv) -> Inventory {
    Inventory::default()
}

/// A file (kind sniffed from its name and content, or forced by `client`) or a directory
/// (searched recursively for known config names, honouring .gitignore).
pub fn check_path(_path: &Path, _client: Option<&str>) -> Inventory {
    Inventory::default()
}

/// A text read from stdin: a whole config, or one bare launch spec `{command, args, env}`.
pub fn check_text(_display: &Path, _text: String, _client: Option<&str>) -> Inventory {
    Inventory::default()
}
