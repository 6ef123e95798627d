//! Mounts, inside the new mount namespace: nothing propagates back to the host, a private
//! /tmp (tmpfs, nothing executable), a private /dev/shm, and a /proc that shows only the
//! sandbox's own processes.

use std::ffi::CString;
use std::io;

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
pub fn setup(tmp_size_mib: u64, new_pid_ns: bool) -> Status {
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
    match mount("tmpfs", "/tmp", Some("tmpfs"), tmp_flags, Some(&opts)) {
        Ok(()) => st.tmp = true,
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
