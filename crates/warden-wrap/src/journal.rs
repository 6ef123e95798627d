//! The state kept between `wrap` and `unwrap`: a backup of each file as it was before mcp-warden
//! first changed it, and a journal of the exact text each edit replaced.
//!
//! Layout under the state directory:
//! - `backups/<hash>-<file name>`: the file's bytes before its first rewrite (never overwritten);
//! - `journal/<hash>.json`: per wrapped entry, its path in the document and each edit's
//!   inserted and original text.
//!
//! `<hash>` is the first 16 hex digits of the SHA-256 of the file's canonical path.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::locate::Seg;

/// One edit as it stands in the wrapped file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Edit {
    /// Byte offset of the inserted text from the start of the entry, in the wrapped file.
    pub rel: usize,
    pub inserted: String,
    pub original: String,
}

/// One wrapped entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Record {
    pub pointer: Vec<Seg>,
    pub name: String,
    pub original_argv: Vec<String>,
    pub edits: Vec<Edit>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Journal {
    pub version: u32,
    pub path: String,
    pub records: Vec<Record>,
}

pub(crate) fn path_hash(target: &Path) -> String {
    let digest = Sha256::digest(target.to_string_lossy().as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn journal_path(state_dir: &Path, target: &Path) -> PathBuf {
    state_dir
        .join("journal")
        .join(format!("{}.json", path_hash(target)))
}

pub(crate) fn backup_path(state_dir: &Path, target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "config".into());
    state_dir
        .join("backups")
        .join(format!("{}-{}", path_hash(target), name))
}

/// The journal of `target`; empty when there is none. A journal that cannot be read is an
/// error (it is never silently replaced).
pub(crate) fn load(state_dir: &Path, target: &Path) -> std::io::Result<Journal> {
    let p = journal_path(state_dir, target);
    match fs::read(&p) {
        Ok(bytes) => serde_json::from_slice::<Journal>(&bytes).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{}: {e}", p.display()),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Journal {
            version: 1,
            path: target.to_string_lossy().into_owned(),
            records: Vec::new(),
        }),
        Err(e) => Err(e),
    }
}

/// Write (or, when it has no records, remove) the journal of `target`.
pub(crate) fn store(state_dir: &Path, target: &Path, journal: &Journal) -> std::io::Result<()> {
    let p = journal_path(state_dir, target);
    if journal.records.is_empty() {
        return match fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let bytes = serde_json::to_vec_pretty(journal).map_err(std::io::Error::other)?;
    let dir = p.parent().unwrap_or(state_dir);
    private_dir(dir)?;
    let tmp = dir.join(format!(".{}.tmp", std::process::id()));
    {
        let mut f = private_file(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
    }
    fs::rename(&tmp, &p).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// Keep `bytes` as the backup of `target` unless a backup already exists. Returns the backup's
/// path and whether it was written now.
pub(crate) fn backup_once(
    state_dir: &Path,
    target: &Path,
    bytes: &[u8],
) -> std::io::Result<(PathBuf, bool)> {
    let p = backup_path(state_dir, target);
    if p.exists() {
        return Ok((p, false));
    }
    let dir = p.parent().unwrap_or(state_dir);
    private_dir(dir)?;
    let tmp = dir.join(format!(".{}.{}.tmp", std::process::id(), path_hash(target)));
    {
        let mut f = private_file(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    // A hard link never replaces an existing file, so a backup is written once.
    let linked = fs::hard_link(&tmp, &p);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok((p, true)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok((p, false)),
        Err(e) => Err(e),
    }
}

fn private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }
    #[cfg(not(unix))]
    {
        fs::create_dir_all(dir)
    }
}

fn private_file(p: &Path) -> std::io::Result<fs::File> {
    let mut o = fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(p)
}
