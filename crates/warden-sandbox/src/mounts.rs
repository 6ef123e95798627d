//! Mounts, inside the new mount namespace: nothing propagates back to the host, a private
//! /tmp (tmpfs, nothing executable), a private /dev/shm, and a /proc that shows only the
//! sandbox's own processes.

use std::ffi::CString;
use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

/// What was mounted.
#[derive(Clone, Debug, Default)]
pub struct Status {
    pub private: bool,
    pub tmp: bool,
    pub proc_: bool,
    pub errors: Vec<String>,
}

fn mount(
    src: &str,
    target: &str,
    fstype: Option<&str>,
    flags: libc::c_ulong,
    data: Option<&str>,
) -> io::Result<()> {
    let c = |s: &str| CString::new(s).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput));
    let src = c(src)?;
    let target = c(target)?;
    let fstype = fstype.map(c).transpose()?;
    let data = data.map(c).transpose()?;
    // SAFETY: every pointer is a valid NUL-terminated string or null, alive across the call.
    let rc = unsafe {
        libc::mount(
            src.as_ptr(),
            target.as_ptr(),
            fstype.as_ref().map_or(std::ptr::null(), |f| f.as_ptr()),
            flags,
            data.as_ref()
                .map_or(std::ptr::null(), |d| d.as_ptr().cast()),
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Set up the mounts. `new_pid_ns`: whether /proc can be remounted for the caller's PID
/// namespace (the caller must be its first process).
///
/// `keep_in_tmp`: granted paths under /tmp; they are bind-mounted into the private /tmp at the
/// same place, so a server given `/tmp/project` still sees it (and nothing else of the host's
/// /tmp).
pub fn setup(tmp_size_mib: u64, new_pid_ns: bool, keep_in_tmp: &[PathBuf]) -> Status {
    let mut st = Status::default();
    match mount("none", "/", None, libc::MS_REC | libc::MS_PRIVATE, None) {
        Ok(()) => st.private = true,
        Err(e) => {
            st.errors.push(format!("make / private: {e}"));
            return st;
        }
    }
    let tmp_flags = libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC;
    let opts = format!("size={}m,mode=1777", tmp_size_mib.max(1));
    // Hold the kept paths open: after the tmpfs covers /tmp they are reachable only this way.
    let kept: Vec<(&PathBuf, std::fs::File)> = keep_in_tmp
        .iter()
        .filter_map(|p| {
            let f = std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_PATH | libc::O_CLOEXEC)
                .open(p)
                .ok()?;
            Some((p, f))
        })
        .collect();
    match mount("tmpfs", "/tmp", Some("tmpfs"), tmp_flags, Some(&opts)) {
        Ok(()) => {
            st.tmp = true;
            for (path, file) in &kept {
                if let Err(e) = bind_kept(path, file) {
                    st.errors
                        .push(format!("keep {} in the private /tmp: {e}", path.display()));
                }
            }
        }
        Err(e) => st.errors.push(format!("private /tmp: {e}")),
    }
    for dir in ["/dev/shm", "/var/tmp"] {
        if std::path::Path::new(dir).is_dir()
            && let Err(e) = mount("tmpfs", dir, Some("tmpfs"), tmp_flags, Some(&opts))
        {
            st.errors.push(format!("private {dir}: {e}"));
        }
    }
    if new_pid_ns {
        match mount(
            "proc",
            "/proc",
            Some("proc"),
            libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
            None,
        ) {
            Ok(()) => st.proc_ = true,
            Err(e) => st
                .errors
                .push(format!("/proc for the new PID namespace: {e}")),
        }
    }
    st
}

/// Recreate `path` in the new /tmp and bind the original (held open as `file`) onto it.
fn bind_kept(path: &std::path::Path, file: &std::fs::File) -> io::Result<()> {
    let is_dir = file.metadata()?.is_dir();
    if is_dir {
        std::fs::create_dir_all(path)?;
    } else {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
    }
    let source = format!("/proc/self/fd/{}", file.as_raw_fd());
    let target = path.to_str().ok_or(io::ErrorKind::InvalidInput)?;
    mount(&source, target, None, libc::MS_BIND | libc::MS_REC, None)
}
