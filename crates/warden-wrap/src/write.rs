//! Replacing a config file safely: a temporary file in the same directory with the same
//! permissions, flushed to disk, then renamed over the original only if the original still
//! holds the bytes the plan was made from.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::WrapError;

/// Called after the temporary file is written and flushed, right before the final check and
/// rename: `(temporary file, target)`. An error aborts the write. For tests of failures.
pub type BeforeRename<'a> = &'a dyn Fn(&Path, &Path) -> std::io::Result<()>;

/// Removes the temporary file unless it was renamed.
struct TempGuard {
    path: PathBuf,
    armed: bool,
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if self.armed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

pub(crate) fn replace_file(
    target: &Path,
    expected: &[u8],
    new: &[u8],
    hook: Option<BeforeRename<'_>>,
) -> Result<(), WrapError> {
    let io = |e: std::io::Error| WrapError::Write {
        path: target.to_path_buf(),
        source: e,
    };
    let meta = fs::metadata(target).map_err(io)?;
    let current = fs::read(target).map_err(io)?;
    if current != expected {
        return Err(WrapError::ChangedOnDisk {
            path: target.to_path_buf(),
        });
    }
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "config".into());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let tmp = dir.join(format!(
        ".{name}.mcp-warden-{}-{nanos}.tmp",
        std::process::id()
    ));
    let mut guard = TempGuard {
        path: tmp.clone(),
        armed: true,
    };
    {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io)?;
        fs::set_permissions(&tmp, meta.permissions()).map_err(io)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // Keep the owner when run by root on someone else's file; harmless otherwise.
            let _ = std::os::unix::fs::fchown(&f, Some(meta.uid()), Some(meta.gid()));
        }
        f.write_all(new).map_err(io)?;
        f.sync_all().map_err(io)?;
    }
    if let Some(hook) = hook {
        hook(&tmp, target).map_err(|e| WrapError::Interrupted {
            path: target.to_path_buf(),
            message: e.to_string(),
        })?;
    }
    // Someone (the client itself, an editor) may have written the file meanwhile.
    let now = fs::read(target).map_err(io)?;
    if now != expected {
        return Err(WrapError::ChangedOnDisk {
            path: target.to_path_buf(),
        });
    }
    fs::rename(&tmp, target).map_err(io)?;
    guard.armed = false;
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
