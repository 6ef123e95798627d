//! Namespaces: user (so no privilege leaves the sandbox), mount, PID, IPC and UTS.
//!
//! No network namespace: `--net none` is enforced by seccomp (no socket family but UNIX and
//! netlink-route) and Landlock (no TCP port), which costs nothing at start-up, where creating a
//! network namespace measured about 2 ms.

use std::io;

/// Which namespaces were created.
#[derive(Clone, Debug, Default)]
pub struct Status {
    pub user: bool,
    pub mount: bool,
    pub pid: bool,
    pub ipc: bool,
    pub uts: bool,
    /// Why some were not created.
    pub errors: Vec<String>,
}

impl Status {
    pub fn created(&self) -> Vec<&'static str> {
        [
            ("user", self.user),
            ("mount", self.mount),
            ("pid", self.pid),
            ("ipc", self.ipc),
            ("uts", self.uts),
        ]
        .into_iter()
        .filter(|(_, on)| *on)
        .map(|(n, _)| n)
        .collect()
    }
}

fn unshare(flags: libc::c_int) -> io::Result<()> {
    // SAFETY: unshare takes no pointers; the caller is single-threaded (the sandbox helper).
    if unsafe { libc::unshare(flags) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Enter new namespaces. Tries all at once inside a new user namespace; if user namespaces
/// are unavailable (and the caller is privileged), each namespace on its own.
pub fn enter() -> Status {
    let mut st = Status::default();
    // SAFETY: getuid/getgid cannot fail.
    let (uid, gid) = unsafe { (libc::getuid(), libc::getgid()) };
    let rest = libc::CLONE_NEWNS | libc::CLONE_NEWPID | libc::CLONE_NEWIPC | libc::CLONE_NEWUTS;
    match unshare(libc::CLONE_NEWUSER | rest) {
        Ok(()) => {
            st.user = true;
            st.mount = true;
            st.pid = true;
            st.ipc = true;
            st.uts = true;
            if let Err(e) = write_maps(uid, gid) {
                st.errors.push(format!("uid/gid maps: {e}"));
            }
        }
        Err(e) => {
            st.errors.push(format!("user namespace: {e}"));
            for (flag, slot) in [
                (libc::CLONE_NEWNS, &mut st.mount),
                (libc::CLONE_NEWPID, &mut st.pid),
                (libc::CLONE_NEWIPC, &mut st.ipc),
                (libc::CLONE_NEWUTS, &mut st.uts),
            ] {
                *slot = unshare(flag).is_ok();
            }
        }
    }
    if st.uts {
        // SAFETY: the pointer and length describe a valid byte string.
        unsafe {
            libc::sethostname(c"mcp-sandbox".as_ptr(), 11);
        }
    }
    st
}

/// Map the caller's own uid and gid into the new user namespace (the same ids inside as
/// outside, so files it creates belong to the user).
fn write_maps(uid: libc::uid_t, gid: libc::gid_t) -> io::Result<()> {
    std::fs::write("/proc/self/setgroups", "deny")?;
    std::fs::write("/proc/self/uid_map", format!("{uid} {uid} 1\n"))?;
    std::fs::write("/proc/self/gid_map", format!("{gid} {gid} 1\n"))?;
    Ok(())
}

/// Drop every capability: bounding set, ambient set, and the effective/permitted/inheritable
/// sets, so not even uid 0 inside the user namespace regains privileges on exec.
pub fn drop_capabilities() -> io::Result<()> {
    for cap in 0..64 {
        // SAFETY: prctl with integer arguments; EINVAL past the last capability is expected.
        unsafe {
            libc::prctl(libc::PR_CAPBSET_DROP, cap, 0, 0, 0);
        }
    }
    // SAFETY: integer arguments only.
    unsafe {
        libc::prctl(
            libc::PR_CAP_AMBIENT,
            libc::PR_CAP_AMBIENT_CLEAR_ALL,
            0,
            0,
            0,
        );
    }
    #[repr(C)]
    struct Header {
        version: u32,
        pid: libc::c_int,
    }
    #[repr(C)]
    #[derive(Clone, Copy)]
    struct Data {
        effective: u32,
        permitted: u32,
        inheritable: u32,
    }
    let mut header = Header {
        version: 0x2008_0522, // _LINUX_CAPABILITY_VERSION_3
        pid: 0,
    };
    let data = [Data {
        effective: 0,
        permitted: 0,
        inheritable: 0,
    }; 2];
    // SAFETY: header and data are valid for the duration of the call and laid out as the
    // kernel's __user_cap_header_struct and two __user_cap_data_struct.
    let rc = unsafe { libc::syscall(libc::SYS_capset, &mut header, data.as_ptr()) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}
