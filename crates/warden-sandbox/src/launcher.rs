//! The sandbox helper: applies a [`Profile`] and executes the server.
//!
//! The helper is a fresh process (the `mcp-warden` binary re-executed), so it is
//! single-threaded and may allocate freely between `fork` and `execve`. In order:
//!
//! 1. helper: parent-death signal; `unshare` user, mount, PID, IPC and UTS namespaces;
//!    uid/gid maps; `fork`;
//! 2. init (PID 1 of the new PID namespace): parent-death signal; mounts (private propagation,
//!    tmpfs /tmp, /dev/shm, /var/tmp with `noexec`, a fresh /proc); `fork`;
//! 3. server: parent-death signal; new session; working directory; rlimits; drop all
//!    capabilities; `no_new_privs`; Landlock; seccomp (last, so it may forbid what the earlier
//!    steps used); `execve` with the profile's environment only.
//!
//! The helper and init forward SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 to their
//! child and exit with its status (128+N when it was killed by signal N). When init exits the
//! kernel kills every process left in the namespace, so nothing outlives the server.

use std::ffi::CString;
use std::fmt::Write as _;
use std::io::Write as _;
use std::os::unix::ffi::OsStrExt;
use std::sync::atomic::{AtomicI32, Ordering};

use crate::profile::Profile;
use crate::{landlock, mounts, namespaces, seccomp};

/// Exit code when the sandbox cannot be set up (or is weaker than `--require-full` allows).
pub const EXIT_SETUP: i32 = 126;
/// Exit code when the program cannot be executed.
pub const EXIT_EXEC: i32 = 127;

const FORWARDED: [libc::c_int; 6] = [
    libc::SIGTERM,
    libc::SIGINT,
    libc::SIGHUP,
    libc::SIGQUIT,
    libc::SIGUSR1,
    libc::SIGUSR2,
];

static CHILD: AtomicI32 = AtomicI32::new(0);

extern "C" fn forward(sig: libc::c_int) {
    let pid = CHILD.load(Ordering::SeqCst);
    if pid > 0 {
        // SAFETY: kill is async-signal-safe.
        unsafe {
            libc::kill(pid, sig);
        }
    }
}

fn install_forwarding() {
    for sig in FORWARDED {
        // SAFETY: a zeroed sigaction with a valid handler; sa_mask emptied by sigemptyset.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = forward as *const () as libc::sighandler_t;
            sa.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut sa.sa_mask);
            libc::sigaction(sig, &sa, std::ptr::null_mut());
        }
    }
}

fn reset_signals() {
    for sig in FORWARDED {
        // SAFETY: restoring the default disposition.
        unsafe {
            libc::signal(sig, libc::SIG_DFL);
        }
    }
}

fn die_with_parent() {
    // SAFETY: integer arguments only.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0);
    }
}

fn fork() -> std::io::Result<libc::pid_t> {
    // SAFETY: the helper is single-threaded, so the child may run arbitrary code.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        Err(std::io::Error::last_os_error())
    } else {
        Ok(pid)
    }
}

/// Wait for `child`, reaping any other process that ends meanwhile (as PID 1 must), and turn
/// its end into an exit code.
fn wait_for(child: libc::pid_t) -> i32 {
    loop {
        let mut status = 0;
        // SAFETY: status is a valid out pointer.
        let pid = unsafe { libc::waitpid(-1, &mut status, 0) };
        if pid < 0 {
            let err = std::io::Error::last_os_error();
            if err.raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            return EXIT_SETUP;
        }
        if pid != child {
            continue;
        }
        if libc::WIFEXITED(status) {
            return libc::WEXITSTATUS(status);
        }
        if libc::WIFSIGNALED(status) {
            return 128 + libc::WTERMSIG(status);
        }
    }
}

fn exit(code: i32) -> ! {
    let _ = std::io::stderr().flush();
    // SAFETY: _exit never returns; after fork we must not run the parent's atexit handlers.
    unsafe { libc::_exit(code) }
}

/// What the kernel enforced, for `--explain` and `--require-full`.
#[derive(Debug, Default)]
pub struct Enforcement {
    pub namespaces: namespaces::Status,
    pub mounts: mounts::Status,
    pub landlock: Option<Result<landlock::Report, String>>,
    pub seccomp: Option<Result<(), String>>,
    pub capabilities_dropped: bool,
    pub rlimit_errors: Vec<String>,
}

impl Enforcement {
    /// Every missing or partial mechanism, in words.
    pub fn gaps(&self) -> Vec<String> {
        let mut g = Vec::new();
        let ns = &self.namespaces;
        if !ns.user {
            g.push("no user namespace".to_string());
        }
        if !ns.pid {
            g.push("no PID namespace (other processes are visible)".to_string());
        }
        if !ns.mount {
            g.push("no mount namespace (no private /tmp)".to_string());
        }
        g.extend(ns.errors.iter().cloned());
        if ns.mount && !self.mounts.tmp {
            g.push("no private /tmp".to_string());
        }
        if ns.pid && !self.mounts.proc_ {
            g.push("/proc not remounted (only the process's own entries are readable)".into());
        }
        g.extend(self.mounts.errors.iter().cloned());
        match &self.landlock {
            Some(Ok(r)) if r.full => {}
            Some(Ok(r)) => g.push(format!(
                "Landlock {} (kernel ABI {}, wanted {:?})",
                r.status,
                r.kernel_abi.as_deref().unwrap_or("none"),
                landlock::TARGET
            )),
            Some(Err(e)) => g.push(format!("Landlock failed: {e}")),
            None => g.push("Landlock not applied".into()),
        }
        match &self.seccomp {
            Some(Ok(())) => {}
            Some(Err(e)) => g.push(format!("seccomp failed: {e}")),
            None => g.push("seccomp not applied".into()),
        }
        if !self.capabilities_dropped {
            g.push("capabilities not dropped".into());
        }
        g.extend(self.rlimit_errors.iter().cloned());
        g
    }

    pub fn render(&self, profile: &Profile) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "sandbox enforcement (what the kernel applied)");
        let created = self.namespaces.created();
        let _ = writeln!(
            s,
            "  namespaces: {}",
            if created.is_empty() {
                "none".to_string()
            } else {
                created.join(", ")
            }
        );
        let m = &self.mounts;
        let _ = writeln!(
            s,
            "  mounts:     private propagation {}, private /tmp {}, own /proc {}",
            yes(m.private),
            yes(m.tmp),
            yes(m.proc_)
        );
        match &self.landlock {
            Some(Ok(r)) => {
                let _ = writeln!(
                    s,
                    "  landlock:   {} (target ABI {:?}, kernel ABI {}), no_new_privs {}",
                    r.status,
                    landlock::TARGET,
                    r.kernel_abi.as_deref().unwrap_or("unavailable"),
                    yes(r.no_new_privs)
                );
            }
            Some(Err(e)) => {
                let _ = writeln!(s, "  landlock:   FAILED: {e}");
            }
            None => {
                let _ = writeln!(s, "  landlock:   not applied");
            }
        }
        match &self.seccomp {
            Some(Ok(())) => {
                let _ = writeln!(
                    s,
                    "  seccomp:    on, denies {}; x32 system calls kill the process",
                    seccomp::denied_names(&profile.net).join(", ")
                );
            }
            Some(Err(e)) => {
                let _ = writeln!(s, "  seccomp:    FAILED: {e}");
            }
            None => {
                let _ = writeln!(s, "  seccomp:    not applied");
            }
        }
        let _ = writeln!(
            s,
            "  privileges: capabilities dropped {}, core dumps off, open files <= {}",
            yes(self.capabilities_dropped),
            profile.rlimits.nofile
        );
        let gaps = self.gaps();
        if gaps.is_empty() {
            let _ = writeln!(s, "  result:     every mechanism fully enforced");
        } else {
            for gap in gaps {
                let _ = writeln!(s, "  WARNING:    weaker than intended: {gap}");
            }
        }
        s
    }
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "NO" }
}

fn set_rlimit(resource: libc::__rlimit_resource_t, value: u64) -> std::io::Result<()> {
    let mut cur = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: valid out pointer.
    unsafe {
        libc::getrlimit(resource, &mut cur);
    }
    let value = value.min(cur.rlim_max);
    let lim = libc::rlimit {
        rlim_cur: value,
        rlim_max: value,
    };
    // SAFETY: valid pointer to an initialised rlimit.
    if unsafe { libc::setrlimit(resource, &lim) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

fn cstring(b: &[u8]) -> Option<CString> {
    CString::new(b).ok()
}

/// Whether the calling process has a single thread (so it may `fork` and keep running Rust
/// code in the child, and so [`run`] may be called in-process instead of in a fresh helper).
pub fn single_threaded() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find_map(|l| l.strip_prefix("Threads:"))
            .is_some_and(|n| n.trim() == "1")
    })
}

/// Run the helper: never returns normally in the server process; in the helper it returns the
/// exit code to propagate.
pub fn run(profile: &Profile) -> i32 {
    die_with_parent();
    // Prepare everything that can fail on input before any namespace exists.
    let filters = match seccomp::build(&profile.net) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("mcp-warden: sandbox: {e}");
            return EXIT_SETUP;
        }
    };
    let Some(program) = cstring(profile.program.as_os_str().as_bytes()) else {
        eprintln!("mcp-warden: sandbox: program path contains a NUL byte");
        return EXIT_SETUP;
    };
    let argv: Option<Vec<CString>> = profile.argv.iter().map(|a| cstring(a.as_bytes())).collect();
    let envp: Option<Vec<CString>> = profile
        .env
        .iter()
        .map(|(k, v)| cstring(format!("{k}={v}").as_bytes()))
        .collect();
    let (Some(argv), Some(envp)) = (argv, envp) else {
        eprintln!("mcp-warden: sandbox: an argument or variable contains a NUL byte");
        return EXIT_SETUP;
    };

    let mut enf = Enforcement {
        namespaces: namespaces::enter(),
        ..Enforcement::default()
    };

    install_forwarding();
    let init = match fork() {
        Ok(pid) => pid,
        Err(e) => {
            eprintln!("mcp-warden: sandbox: fork: {e}");
            return EXIT_SETUP;
        }
    };
    if init > 0 {
        CHILD.store(init, Ordering::SeqCst);
        return wait_for(init);
    }

    // init: PID 1 of the new PID namespace.
    CHILD.store(0, Ordering::SeqCst);
    die_with_parent();
    if enf.namespaces.mount {
        let keep: Vec<std::path::PathBuf> = profile
            .paths
            .iter()
            .filter(|r| r.path.starts_with(crate::profile::PRIVATE_TMP))
            .filter(|r| r.path != std::path::Path::new(crate::profile::PRIVATE_TMP))
            .map(|r| r.path.clone())
            .collect();
        enf.mounts = mounts::setup(profile.tmp_size_mib, enf.namespaces.pid, &keep);
    }
    let server = match fork() {
        Ok(pid) => pid,
        Err(e) => {
            eprintln!("mcp-warden: sandbox: fork: {e}");
            exit(EXIT_SETUP);
        }
    };
    if server > 0 {
        CHILD.store(server, Ordering::SeqCst);
        exit(wait_for(server));
    }

    // The server process.
    CHILD.store(0, Ordering::SeqCst);
    reset_signals();
    die_with_parent();
    // SAFETY: setsid takes no arguments; it detaches from the controlling terminal.
    unsafe {
        libc::setsid();
    }
    if let Ok(dir) = CString::new(profile.cwd.as_os_str().as_bytes()) {
        // SAFETY: dir is a valid C string. A missing directory leaves the cwd unchanged.
        unsafe {
            libc::chdir(dir.as_ptr());
        }
    }
    if let Err(e) = set_rlimit(libc::RLIMIT_CORE, profile.rlimits.core) {
        enf.rlimit_errors.push(format!("RLIMIT_CORE: {e}"));
    }
    if let Err(e) = set_rlimit(libc::RLIMIT_NOFILE, profile.rlimits.nofile) {
        enf.rlimit_errors.push(format!("RLIMIT_NOFILE: {e}"));
    }
    for rule in profile.paths.iter().filter(|r| r.create) {
        use std::os::unix::fs::DirBuilderExt;
        let _ = std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&rule.path);
    }
    enf.capabilities_dropped = namespaces::drop_capabilities().is_ok();
    // SAFETY: integer arguments only.
    unsafe {
        libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    }
    enf.landlock = Some(landlock::apply(profile, enf.mounts.proc_));
    enf.seccomp = Some(seccomp::apply(&filters));

    let gaps = enf.gaps();
    if profile.explain {
        eprint!("{}", enf.render(profile));
    } else if !gaps.is_empty() {
        eprintln!(
            "mcp-warden: WARNING: the sandbox is weaker than intended: {}",
            gaps.join("; ")
        );
    }
    if profile.require_full && !gaps.is_empty() {
        eprintln!("mcp-warden: refusing to start: --require-full and the sandbox is incomplete");
        exit(EXIT_SETUP);
    }
    let fatal = matches!(enf.seccomp, Some(Err(_)));
    if fatal {
        eprintln!("mcp-warden: refusing to start: the seccomp filter could not be installed");
        exit(EXIT_SETUP);
    }

    let mut argv_ptrs: Vec<*const libc::c_char> = argv.iter().map(|a| a.as_ptr()).collect();
    argv_ptrs.push(std::ptr::null());
    let mut envp_ptrs: Vec<*const libc::c_char> = envp.iter().map(|e| e.as_ptr()).collect();
    envp_ptrs.push(std::ptr::null());
    // SAFETY: program, argv and envp are NUL-terminated strings in NULL-terminated arrays that
    // outlive the call.
    unsafe {
        libc::execve(program.as_ptr(), argv_ptrs.as_ptr(), envp_ptrs.as_ptr());
    }
    let err = std::io::Error::last_os_error();
    eprintln!(
        "mcp-warden: cannot execute {}: {err}",
        profile.program.display()
    );
    exit(if err.raw_os_error() == Some(libc::ENOENT) {
        EXIT_EXEC
    } else {
        EXIT_SETUP
    });
}
