//! Pinned tool definitions: the rug-pull defence.
//!
//! The first time a server lists a tool, the guard records a hash of its definition (name, title,
//! description, input and output schema, annotations; canonical JSON with sorted keys). When a
//! later listing shows a different definition, the tool is withheld from the client and calls to
//! it are refused until the user approves the new definition (`mcp-warden pins approve`).
//!
//! Pins live per server identity (a hash of the launch spec) in `<state dir>/pins/<id>.json`,
//! written atomically (temporary file, then rename).

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use crate::json::{self, RawObject, TextScan};

/// The fields of a tool definition that are pinned.
pub const PINNED_FIELDS: &[&str] = &[
    "name",
    "title",
    "description",
    "inputSchema",
    "outputSchema",
    "annotations",
];

/// Who a pin belongs to: a stable hash of the launch spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerIdentity {
    /// 32 hex digits.
    pub id: String,
    /// The command line, with secrets redacted, for display.
    pub label: String,
}

impl ServerIdentity {
    /// Identity of a server started as `command` (program and arguments) with the environment
    /// variables named in `env_names` set (names only: values may be secrets and may rotate).
    pub fn from_launch(command: &[String], env_names: &[String]) -> Self {
        let mut h = Sha256::new();
        h.update(b"mcp-warden server v1\0");
        for a in command {
            h.update((a.len() as u64).to_le_bytes());
            h.update(a.as_bytes());
        }
        let mut names: Vec<&String> = env_names.iter().collect();
        names.sort();
        names.dedup();
        h.update(b"\0env\0");
        for n in names {
            h.update((n.len() as u64).to_le_bytes());
            h.update(n.as_bytes());
        }
        let id = hex(&h.finalize())[..32].to_string();
        let argv: Vec<&str> = command.iter().map(String::as_str).collect();
        let label = warden_core::secrets::redact_argv(&argv).join(" ");
        ServerIdentity { id, label }
    }

    /// An identity given directly (tests, embedding).
    pub fn named(id: &str, label: &str) -> Self {
        ServerIdentity {
            id: id.to_string(),
            label: label.to_string(),
        }
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const D: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(D[(b >> 4) as usize] as char);
        s.push(D[(b & 15) as usize] as char);
    }
    s
}

/// `sha256:<hex>` of some bytes.
pub fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", hex(&Sha256::digest(bytes)))
}

/// A tool definition as seen in a `tools/list` result.
#[derive(Debug, Clone)]
pub struct ToolDefinition {
    pub name: String,
    /// Canonical JSON of the pinned fields.
    pub canonical: String,
    pub hash: String,
    pub scan: TextScan,
}

impl ToolDefinition {
    /// Reads one element of `tools`. Fails on a missing or non-string name and on duplicate keys
    /// at any depth of the pinned fields.
    pub fn parse(raw: &RawValue) -> Result<ToolDefinition, json::JsonError> {
        let obj = RawObject::parse(raw.get())?;
        let name = match obj.get("name") {
            Some(n) => json::string(n)?.into_owned(),
            None => return Err(json::JsonError::Shape("tool without a name".into())),
        };
        let mut subset = String::from("{");
        for (k, v) in &obj.entries {
            if PINNED_FIELDS.contains(&k.as_ref()) {
                if subset.len() > 1 {
                    subset.push(',');
                }
                subset.push_str(&serde_json::to_string(k.as_ref()).unwrap_or_default());
                subset.push(':');
                subset.push_str(v.get());
            }
        }
        subset.push('}');
        let subset =
            RawValue::from_string(subset).map_err(|e| json::JsonError::Syntax(e.to_string()))?;
        let mut scan = TextScan::default();
        let canonical = json::canonical(&subset, &mut scan)?;
        let hash = sha256(canonical.as_bytes());
        Ok(ToolDefinition {
            name,
            canonical,
            hash,
            scan,
        })
    }
}

/// One pinned tool.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ToolPin {
    pub hash: String,
    /// Canonical JSON of the pinned definition, for review.
    pub definition: String,
    pub first_seen: String,
    /// False while the pinned definition itself awaits approval (hidden characters on first sight).
    pub approved: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A different definition seen later, awaiting approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<PendingPin>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PendingPin {
    pub hash: String,
    pub definition: String,
    pub seen: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The pin file of one server.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct PinFile {
    pub version: u32,
    pub server: String,
    pub tools: BTreeMap<String, ToolPin>,
}

/// What the store says about a listed tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolStatus {
    /// Matches its approved pin.
    Trusted,
    /// First sight: pinned now and trusted.
    New,
    /// Differs from the approved pin: withheld until approved.
    Changed { pinned: String, seen: String },
    /// Awaits approval for another reason (hidden characters).
    Unapproved { reason: String },
}

impl ToolStatus {
    pub fn usable(&self) -> bool {
        matches!(self, ToolStatus::Trusted | ToolStatus::New)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PinError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid pin file: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The pins of one server, loaded from and saved to the state directory.
#[derive(Debug)]
pub struct PinStore {
    path: PathBuf,
    file: PinFile,
    dirty: bool,
}

/// `$XDG_STATE_HOME/mcp-warden`, else `~/.local/state/mcp-warden`.
pub fn default_state_dir() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_STATE_HOME").filter(|x| Path::new(x).is_absolute()) {
        return Some(PathBuf::from(x).join("mcp-warden"));
    }
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(".local/state/mcp-warden"))
}

fn pins_dir(state_dir: &Path) -> PathBuf {
    state_dir.join("pins")
}

impl PinStore {
    /// Loads the pins of `server` (none yet is fine; a corrupt file is an error).
    pub fn open(state_dir: &Path, server: &ServerIdentity) -> Result<PinStore, PinError> {
        let path = pins_dir(state_dir).join(format!("{}.json", server.id));
        let mut store = PinStore::load(&path)?;
        if store.file.server != server.label {
            store.file.server = server.label.clone();
            store.dirty = !store.file.tools.is_empty();
        }
        Ok(store)
    }

    /// Loads a pin file by path.
    pub fn load(path: &Path) -> Result<PinStore, PinError> {
        let file = match fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|source| PinError::Parse {
                path: path.to_path_buf(),
                source,
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => PinFile {
                version: 1,
                ..PinFile::default()
            },
            Err(source) => {
                return Err(PinError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        Ok(PinStore {
            path: path.to_path_buf(),
            file,
            dirty: false,
        })
    }

    /// Every pin file in the state directory, by server id.
    pub fn all(state_dir: &Path) -> Result<Vec<(String, PinStore)>, PinError> {
        let dir = pins_dir(state_dir);
        let rd = match fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(PinError::Read { path: dir, source }),
        };
        let mut out = Vec::new();
        for entry in rd.flatten() {
            let p = entry.path();
            let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if let Some(id) = name.strip_suffix(".json").filter(|id| !id.starts_with('.')) {
                out.push((id.to_string(), PinStore::load(&p)?));
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn file(&self) -> &PinFile {
        &self.file
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Compares a listed definition with its pin, pinning it on first sight.
    pub fn observe(&mut self, def: &ToolDefinition, now: &str) -> ToolStatus {
        let hidden_reason = (!def.scan.hidden.is_empty()).then(|| {
            format!(
                "hidden characters in the definition: {}",
                def.scan.hidden.join(", ")
            )
        });
        match self.file.tools.get_mut(&def.name) {
            None => {
                let approved = hidden_reason.is_none();
                self.file.tools.insert(
                    def.name.clone(),
                    ToolPin {
                        hash: def.hash.clone(),
                        definition: def.canonical.clone(),
                        first_seen: now.to_string(),
                        approved,
                        reason: hidden_reason.clone(),
                        pending: None,
                    },
                );
                self.dirty = true;
                match hidden_reason {
                    None => ToolStatus::New,
                    Some(reason) => ToolStatus::Unapproved { reason },
                }
            }
            Some(pin) if pin.hash == def.hash => {
                if pin.pending.take().is_some() {
                    // The server went back to the approved definition.
                    self.dirty = true;
                }
                if pin.approved {
                    ToolStatus::Trusted
                } else {
                    ToolStatus::Unapproved {
                        reason: pin.reason.clone().unwrap_or_else(|| "not approved".into()),
                    }
                }
            }
            Some(pin) => {
                if pin.pending.as_ref().is_none_or(|p| p.hash != def.hash) {
                    pin.pending = Some(PendingPin {
                        hash: def.hash.clone(),
                        definition: def.canonical.clone(),
                        seen: now.to_string(),
                        reason: hidden_reason,
                    });
                    self.dirty = true;
                }
                ToolStatus::Changed {
                    pinned: pin.hash.clone(),
                    seen: def.hash.clone(),
                }
            }
        }
    }

    /// Whether a tool may be called: pinned and approved, with no changed definition pending.
    pub fn callable(&self, tool: &str) -> Result<(), String> {
        match self.file.tools.get(tool) {
            None => Err("not listed by this server yet (list tools first)".into()),
            Some(p) if p.pending.is_some() => {
                Err("its definition changed since it was pinned".into())
            }
            Some(p) if !p.approved => {
                Err(p.reason.clone().unwrap_or_else(|| "not approved".into()))
            }
            Some(_) => Ok(()),
        }
    }

    /// Approves pending definitions (of `tool`, or all). Returns the tools approved.
    pub fn approve(&mut self, tool: Option<&str>) -> Vec<String> {
        let mut done = Vec::new();
        for (name, pin) in self.file.tools.iter_mut() {
            if tool.is_some_and(|t| t != name) {
                continue;
            }
            if let Some(p) = pin.pending.take() {
                pin.hash = p.hash;
                pin.definition = p.definition;
                pin.reason = None;
                pin.approved = true;
                done.push(name.clone());
            } else if !pin.approved {
                pin.approved = true;
                pin.reason = None;
                done.push(name.clone());
            }
        }
        if !done.is_empty() {
            self.dirty = true;
        }
        done
    }

    /// Forgets the pins of `tool`, or all of this server's. Returns the tools forgotten.
    pub fn reset(&mut self, tool: Option<&str>) -> Vec<String> {
        let names: Vec<String> = self
            .file
            .tools
            .keys()
            .filter(|n| tool.is_none_or(|t| t == *n))
            .cloned()
            .collect();
        for n in &names {
            self.file.tools.remove(n);
        }
        if !names.is_empty() {
            self.dirty = true;
        }
        names
    }

    /// Writes the pin file atomically if anything changed (removes it when empty).
    pub fn save(&mut self) -> Result<(), PinError> {
        if !self.dirty {
            return Ok(());
        }
        let err = |source| PinError::Write {
            path: self.path.clone(),
            source,
        };
        if self.file.tools.is_empty() {
            match fs::remove_file(&self.path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(err(e)),
            }
            self.dirty = false;
            return Ok(());
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir).map_err(err)?;
        self.file.version = 1;
        let mut text =
            serde_json::to_vec_pretty(&self.file).map_err(|e| err(std::io::Error::other(e)))?;
        text.push(b'\n');
        let file_name = self
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("pins.json");
        let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(&text)?;
            f.sync_all()?;
            fs::rename(&tmp, &self.path)
        };
        if let Err(e) = write() {
            let _ = fs::remove_file(&tmp);
            return Err(err(e));
        }
        self.dirty = false;
        Ok(())
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(json: &str) -> ToolDefinition {
        ToolDefinition::parse(&RawValue::from_string(json.to_string()).unwrap()).unwrap()
    }

    #[test]
    fn hash_ignores_key_order_whitespace_and_unpinned_fields() {
        let a = def(
            r#"{"name":"t","description":"d","inputSchema":{"type":"object","properties":{}}}"#,
        );
        let b = def(
            r#"{ "inputSchema": {"properties":{}, "type":"object"}, "icons":[], "description":"d", "name":"t"}"#,
        );
        assert_eq!(a.hash, b.hash);
        let c = def(
            r#"{"name":"t","description":"d!","inputSchema":{"type":"object","properties":{}}}"#,
        );
        assert_ne!(a.hash, c.hash);
    }

    #[test]
    fn changed_definition_is_withheld_until_approved() {
        let dir = tempfile::tempdir().unwrap();
        let id = ServerIdentity::from_launch(&["node".into(), "s.js".into()], &[]);
        let mut s = PinStore::open(dir.path(), &id).unwrap();
        let v1 = def(r#"{"name":"t","description":"one"}"#);
        assert_eq!(s.observe(&v1, "now"), ToolStatus::New);
        s.save().unwrap();
        let mut s = PinStore::open(dir.path(), &id).unwrap();
        assert_eq!(s.observe(&v1, "now"), ToolStatus::Trusted);
        let v2 = def(r#"{"name":"t","description":"two"}"#);
        assert!(matches!(s.observe(&v2, "now"), ToolStatus::Changed { .. }));
        assert!(s.callable("t").is_err());
        s.save().unwrap();
        let mut s = PinStore::open(dir.path(), &id).unwrap();
        assert_eq!(s.approve(Some("t")), vec!["t".to_string()]);
        assert_eq!(s.observe(&v2, "now"), ToolStatus::Trusted);
        assert!(s.callable("t").is_ok());
        assert!(s.callable("other").is_err());
    }

    #[test]
    fn hidden_characters_are_never_trusted_on_first_sight() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = PinStore::open(dir.path(), &ServerIdentity::named("x", "x")).unwrap();
        let d = def("{\"name\":\"t\",\"description\":\"ok\u{200B}\"}");
        assert!(matches!(
            s.observe(&d, "now"),
            ToolStatus::Unapproved { .. }
        ));
        assert!(s.callable("t").is_err());
        s.approve(None);
        assert_eq!(s.observe(&d, "now"), ToolStatus::Trusted);
    }

    #[test]
    fn identity_depends_on_command_and_env_names_only() {
        let a = ServerIdentity::from_launch(
            &["npx".into(), "-y".into(), "pkg".into()],
            &["TOKEN".into()],
        );
        let b = ServerIdentity::from_launch(
            &["npx".into(), "-y".into(), "pkg".into()],
            &["TOKEN".into()],
        );
        let c = ServerIdentity::from_launch(&["npx".into(), "-y pkg".into()], &["TOKEN".into()]);
        assert_eq!(a, b);
        assert_ne!(a.id, c.id);
        assert_eq!(a.id.len(), 32);
    }
}
