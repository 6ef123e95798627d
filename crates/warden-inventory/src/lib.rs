//! Inventory: find every MCP client's configuration files and read their server entries into
//! launch specs. Nothing is ever executed.
//!
//! - [`clients`] lists the supported clients; each has one module under `clients/` that knows
//!   its files on Linux, macOS and Windows (derived from a [`HostEnv`], so tests can point
//!   `HOME`, `XDG_CONFIG_HOME`, `APPDATA`, … at a fixture tree) and how to read them.
//! - [`scan_machine`] reads the managed, user and plugin files of every client;
//!   [`scan_project`] the project files under one directory.
//! - [`check_path`] and [`check_text`] read files, directories (walked honouring `.gitignore`)
//!   or a text, telling the client from the file name and content.
//! - [`load_file`] / [`read_file`] read one file as a given client, keeping the parsed
//!   [`Document`] so the file can be quoted or rewritten.
//!
//! A file that cannot be read or parsed becomes an [`InputError`] with its line and column; so
//! does a value of the wrong type inside a file, and the rest of the file is still read.
#![forbid(unsafe_code)]

mod clients;
mod discover;
mod paths;
mod read;
mod sniff;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use warden_core::doc::{Document, Format, Limits};
use warden_core::report::InputError;
use warden_core::spec::{ConfigFile, Scope};

pub use sniff::client_for_path;

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
    /// The file, or for a family of files the pattern (`…/profiles/*/mcp.json`) when none exists.
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

impl Inventory {
    /// Every server of every file.
    pub fn servers(&self) -> impl Iterator<Item = &warden_core::spec::LaunchSpec> {
        self.files.iter().flat_map(|f| f.servers.iter())
    }

    /// Add another inventory's files, errors and rows.
    pub fn merge(&mut self, other: Inventory) {
        self.files.extend(other.files);
        self.errors.extend(other.errors);
        self.looked.extend(other.looked);
    }
}

/// Every supported client, then the file formats that are not a client's own (`registry`,
/// `mcpb`, `generic`), which `--client` also accepts.
pub fn clients() -> Vec<ClientInfo> {
    clients::all()
        .iter()
        .map(|c| ClientInfo {
            id: c.id,
            name: c.name,
        })
        .collect()
}

/// System, managed, user and plugin configs of every client on this machine.
pub fn scan_machine(env: &HostEnv) -> Inventory {
    discover::scan_machine(env)
}

/// Project-scoped configs of every client in `dir` (the files a repository can carry:
/// `.mcp.json`, `.vscode/mcp.json`, `.cursor/mcp.json`, …).
pub fn scan_project(dir: &Path, env: &HostEnv) -> Inventory {
    discover::scan_project(dir, env)
}

/// A file (kind sniffed from its name and content, or forced by `client`) or a directory
/// (searched recursively for known config names, honouring .gitignore).
pub fn check_path(path: &Path, client: Option<&str>) -> Inventory {
    if path.is_dir() {
        return discover::walk(path, client);
    }
    // A file at one of this machine's known locations is read as that client and scope.
    let known = match client {
        None => discover::machine_location(path, &HostEnv::from_process()),
        Some(_) => None,
    };
    let loaded = match known {
        Some((id, scope)) => read_file(path, Some(id), Some(scope)),
        None => read_file(path, client, None),
    };
    let mut inv = Inventory::default();
    if let Some(file) = loaded.file {
        inv.files.push(file);
    }
    inv.errors = loaded.errors;
    inv
}

/// A text read from stdin: a whole config, or one bare launch spec `{command, args, env}`, or
/// a bare map `{name: {command, …}}` (as pasted into Warp).
pub fn check_text(display: &Path, text: String, client: Option<&str>) -> Inventory {
    let loaded = load_text(display, text, client, None, true);
    let mut inv = Inventory::default();
    if let Some(file) = loaded.file {
        inv.files.push(file);
    }
    inv.errors = loaded.errors;
    inv
}

/// One file read by [`read_file`]: the config (when it could be parsed) and every problem met.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub file: Option<ConfigFile>,
    pub errors: Vec<InputError>,
}

/// Read one file. `client` forces a client's format (an id from [`clients`]); without it the
/// client is told from the file's path and content. `scope` overrides the scope the path
/// suggests. Entry-level problems are in `errors` while the file is still returned.
pub fn read_file(path: &Path, client: Option<&str>, scope: Option<Scope>) -> Loaded {
    match read_text(path) {
        Ok(text) => load_text(path, text, client, scope, true),
        Err(e) => Loaded {
            file: None,
            errors: vec![e],
        },
    }
}

/// Read one file as `client` (an id from [`clients`]) in `scope`, keeping its parsed document
/// (`ConfigFile::document`) and the exact spans of every value. An error only when the file
/// cannot be read or parsed at all; problems with single entries are dropped (use
/// [`read_file`] to see them).
pub fn load_file(path: &Path, client: &str, scope: Scope) -> Result<ConfigFile, InputError> {
    let loaded = read_file(path, Some(client), Some(scope));
    match loaded.file {
        Some(f) => Ok(f),
        None => Err(loaded
            .errors
            .into_iter()
            .next()
            .unwrap_or_else(|| InputError {
                path: path.to_path_buf(),
                line: 0,
                column: 0,
                message: "not read".into(),
                explicit: false,
            })),
    }
}

pub(crate) fn io_error(path: &Path, message: impl Into<String>) -> InputError {
    InputError {
        path: path.to_path_buf(),
        line: 0,
        column: 0,
        message: message.into(),
        explicit: false,
    }
}

/// The text of a file, refusing files over the size limit before reading them.
pub(crate) fn read_text(path: &Path) -> Result<String, InputError> {
    let limit = Limits::default().max_bytes;
    match std::fs::metadata(path) {
        Ok(m) if m.len() > limit as u64 => {
            return Err(io_error(
                path,
                format!("file is {} bytes, over the limit of {limit} bytes", m.len()),
            ));
        }
        Ok(m) if m.is_dir() => return Err(io_error(path, "is a directory")),
        Ok(_) => {}
        Err(e) => return Err(io_error(path, format!("cannot read: {e}"))),
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(path, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        io_error(
            path,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Parse `text` (read from `path`) and read its servers.
///
/// `explicit`: the user named this input, so a text that no client format matches is an
/// error; in a directory walk such a file is skipped silently.
pub(crate) fn load_text(
    path: &Path,
    text: String,
    client: Option<&str>,
    scope: Option<Scope>,
    explicit: bool,
) -> Loaded {
    let format = Format::from_path(path).unwrap_or_else(|| Format::sniff(&text));
    let doc = match Document::parse(path, text, format, &Limits::default()) {
        Ok(d) => Arc::new(d),
        Err(e) => {
            return Loaded {
                file: None,
                errors: vec![InputError {
                    path: path.to_path_buf(),
                    line: e.line,
                    column: e.column,
                    message: e.message,
                    explicit: false,
                }],
            };
        }
    };
    let forced = client.map(|id| clients::by_id(id).ok_or(id));
    let (def, path_scope) = match forced {
        Some(Ok(def)) => (Some(def), sniff::scope_for_path(path)),
        Some(Err(id)) => {
            return Loaded {
                file: None,
                errors: vec![io_error(path, format!("unknown client `{id}`"))],
            };
        }
        None => match sniff::client_for_path(path) {
            Some((id, s)) => (clients::by_id(id), Some(s)),
            None => (
                sniff::client_for_content(&doc.root).and_then(clients::by_id),
                None,
            ),
        },
    };
    let scope = scope.or(path_scope);
    let Some(def) = def else {
        if explicit && sniff::is_bare_spec(&doc.root) {
            return finish(&doc, clients::input(), scope.unwrap_or(Scope::Input));
        }
        if !explicit {
            return Loaded::default();
        }
        return Loaded {
            file: None,
            errors: vec![io_error(
                path,
                "not an MCP client configuration: none of the keys `mcpServers`, `servers`, \
                 `context_servers`, `mcp_servers`, `extensions`, `mcp`, `packages` and no \
                 `command`",
            )],
        };
    };
    let scope = scope.unwrap_or(if path == Path::new("-") {
        Scope::Input
    } else {
        Scope::Project
    });
    finish(&doc, def, scope)
}

fn finish(doc: &Arc<Document>, def: &clients::ClientDef, scope: Scope) -> Loaded {
    let mut cx = read::Cx::new(doc, def.id, scope);
    (def.parse)(&mut cx, &doc.root);
    // A bare launch spec given with `--client`: read it as that client's entry.
    if cx.servers.is_empty() && read::looks_like_entry(&doc.root) {
        (clients::input().parse)(&mut cx, &doc.root);
    }
    let read::Cx {
        servers,
        settings,
        errors,
        ..
    } = cx;
    Loaded {
        file: Some(ConfigFile {
            path: doc.path.clone(),
            client: def.id.to_string(),
            scope,
            format: doc.format,
            servers,
            settings,
            document: Some(Arc::clone(doc)),
        }),
        errors,
    }
}
