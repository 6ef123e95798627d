//! The sandbox profile: pure data, derived from a launch spec, testable without a kernel.
//!
//! [`derive`] reads the file system (to resolve the program, its interpreter and its project
//! root) but never executes anything. The result is serialisable so the helper process that
//! applies it receives exactly what `--explain` and `--dry-run` printed.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::env;

/// What the sandboxed process may do beneath a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Access {
    /// Read files and list directories.
    Read,
    /// Read, and execute programs.
    ReadExec,
    /// Read, create, change and delete; nothing beneath may be executed.
    ReadWrite,
    /// Everything (package-runner caches, where downloaded programs live).
    ReadWriteExec,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::ReadExec => "read+exec",
            Access::ReadWrite => "read+write",
            Access::ReadWriteExec => "read+write+exec",
        }
    }

    pub fn writable(self) -> bool {
        matches!(self, Access::ReadWrite | Access::ReadWriteExec)
    }

    pub fn executable(self) -> bool {
        matches!(self, Access::ReadExec | Access::ReadWriteExec)
    }

    /// The union of two grants on the same path.
    pub fn union(self, other: Access) -> Access {
        match (
            self.writable() || other.writable(),
            self.executable() || other.executable(),
        ) {
            (false, false) => Access::Read,
            (false, true) => Access::ReadExec,
            (true, false) => Access::ReadWrite,
            (true, true) => Access::ReadWriteExec,
        }
    }
}

/// One file-system grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathRule {
    pub path: PathBuf,
    pub access: Access,
    /// Why the profile grants it (shown by `--explain`).
    pub why: String,
    /// Create the directory before the sandbox is sealed if it does not exist (caches).
    #[serde(default)]
    pub create: bool,
}

/// Network policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "mode", content = "ports")]
pub enum Net {
    /// No network at all: no IP (or other) sockets, no TCP ports.
    None,
    /// Outbound TCP to ports 80, 443 and 53, DNS; no listening sockets.
    Outbound,
    /// Outbound TCP to the given ports only; no listening sockets.
    Connect(Vec<u16>),
    /// The host's network, unrestricted (listening sockets are reachable).
    Host,
}

/// TCP ports `outbound` may connect to.
pub const OUTBOUND_PORTS: [u16; 3] = [53, 80, 443];

impl Net {
    /// Parse `none`, `outbound`, `host` or `connect:PORT[,PORT]...`.
    pub fn parse(s: &str) -> Result<Net, ProfileError> {
        let bad = |why: &str| ProfileError::BadValue {
            what: "--net".into(),
            value: s.into(),
            why: why.into(),
        };
        match s.trim() {
            "none" => Ok(Net::None),
            "outbound" => Ok(Net::Outbound),
            "host" => Ok(Net::Host),
            other => {
                let Some(ports) = other.strip_prefix("connect:") else {
                    return Err(bad(
                        "expected none, outbound, host or connect:PORT[,PORT]...",
                    ));
                };
                let mut out = Vec::new();
                for p in ports.split(',') {
                    match p.trim().parse::<u16>() {
                        Ok(n) if n > 0 => out.push(n),
                        _ => return Err(bad("ports are numbers from 1 to 65535")),
                    }
                }
                out.sort_unstable();
                out.dedup();
                Ok(Net::Connect(out))
            }
        }
    }

    /// TCP ports the process may connect to (`None`: unrestricted).
    pub fn tcp_connect_ports(&self) -> Option<Vec<u16>> {
        match self {
            Net::None => Some(Vec::new()),
            Net::Outbound => Some(OUTBOUND_PORTS.to_vec()),
            Net::Connect(p) => Some(p.clone()),
            Net::Host => None,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Net::None => "none (no sockets but UNIX and netlink-route, no TCP ports)".into(),
            Net::Outbound => {
                "outbound (TCP connect to ports 53, 80, 443; UDP for DNS; no listening)".into()
            }
            Net::Connect(p) => format!(
                "connect (TCP connect to port{} {}; no listening)",
                if p.len() == 1 { "" } else { "s" },
                p.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
            ),
            Net::Host => "host (unrestricted: listening sockets are reachable)".into(),
        }
    }
}

/// Resource limits applied before exec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rlimits {
    /// Largest core dump (0: none, so memory holding secrets never lands on disk).
    pub core: u64,
    /// Most open files.
    pub nofile: u64,
}

impl Default for Rlimits {
    fn default() -> Self {
        Rlimits {
            core: 0,
            nofile: 4096,
        }
    }
}

/// Everything the sandbox helper needs to confine and start one server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// The argument vector as given (argv\[0\] may be a bare name).
    pub argv: Vec<String>,
    /// The program that will be executed (argv\[0\] resolved through PATH).
    pub program: PathBuf,
    /// The working directory of the server.
    pub cwd: PathBuf,
    /// File-system grants; everything else is denied.
    pub paths: Vec<PathRule>,
    pub net: Net,
    /// The complete environment of the server, in order.
    pub env: Vec<(String, String)>,
    /// Names of variables whose values are shown in output (the rest are redacted).
    pub public_env: Vec<String>,
    /// Size limit of the private /tmp, in MiB.
    pub tmp_size_mib: u64,
    pub rlimits: Rlimits,
    /// Refuse to start if any mechanism is missing or only partly enforced.
    pub require_full: bool,
    /// Print what the kernel enforced, to stderr, before the server starts.
    pub explain: bool,
    /// What the derivation decided not to grant, and why.
    pub notes: Vec<String>,
}

/// The private temporary directory every server gets (a tmpfs; nothing in it may be executed).
pub const PRIVATE_TMP: &str = "/tmp";

/// Why a profile could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("no command to run")]
    NoCommand,
    #[error("`{0}` was not found on PATH")]
    NotFound(String),
    #[error("invalid {what} `{value}`: {why}")]
    BadValue {
        what: String,
        value: String,
        why: String,
    },
}

/// What the user asked for beyond the launch spec (flags and `--profile` file).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    pub allow_read: Vec<PathBuf>,
    pub allow_write: Vec<PathBuf>,
    /// `None`: derived from the launcher (outbound for package runners, none otherwise).
    pub net: Option<Net>,
    /// The spec's own environment (`KEY=VALUE`).
    pub env: Vec<(String, String)>,
    /// Parent variables passed through by name.
    pub pass_env: Vec<String>,
    pub require_full: bool,
    pub explain: bool,
}

/// Facts about the machine the profile is derived on.
#[derive(Clone, Debug, Default)]
pub struct Host {
    pub home: Option<PathBuf>,
    pub cwd: PathBuf,
    /// The parent's environment.
    pub env: Vec<(String, String)>,
}

impl Host {
    /// The current process's home, working directory and environment.
    pub fn current() -> Host {
        let env: Vec<(String, String)> = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        let home = env
            .iter()
            .find(|(k, _)| k == "HOME")
            .map(|(_, v)| PathBuf::from(v))
            .filter(|p| p.is_absolute())
            .or_else(std::env::home_dir);
        Host {
            home,
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
            env,
        }
    }

    fn var(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Read-only system locations every program may need (those that exist are granted).
const SYSTEM_READ_EXEC: &[&str] = &[
    "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
];

/// Basic, secret-free files of /etc (never /etc/shadow, /etc/sudoers, ssh host keys).
const ETC_READ: &[&str] = &[
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/ld.so.preload",
    "/etc/ssl",
    "/etc/pki",
    "/etc/ca-certificates",
    "/etc/ca-certificates.conf",
    "/etc/localtime",
    "/etc/timezone",
    "/etc/locale.alias",
    "/etc/locale.conf",
    "/etc/default/locale",
    "/etc/nsswitch.conf",
    "/etc/host.conf",
    "/etc/hosts",
    "/etc/resolv.conf",
    "/etc/gai.conf",
    "/etc/services",
    "/etc/protocols",
    "/etc/passwd",
    "/etc/group",
    "/etc/mime.types",
    "/etc/os-release",
    "/etc/debian_version",
    "/etc/alternatives",
    "/etc/python3",
    "/etc/python3.11",
    "/etc/python3.12",
    "/etc/python3.13",
    "/usr/share/zoneinfo",
];

/// Kernel interfaces: /proc is the sandbox's own (new PID namespace), /sys only CPU and cgroup
/// facts runtimes size their thread pools with.
const KERNEL_READ: &[&str] = &["/proc", "/sys/devices/system/cpu", "/sys/fs/cgroup"];

/// Devices a program may open.
const DEV_READ_WRITE: &[&str] = &["/dev/null", "/dev/zero", "/dev/full", "/dev/tty"];
const DEV_READ: &[&str] = &["/dev/urandom", "/dev/random"];

/// System trees: a spec may name paths beneath them (a config file, a directory to serve), but
/// only reading is granted without an explicit flag.
const SYSTEM_TREES: &[&str] = &[
    "/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/boot", "/opt",
    "/var", "/srv", "/root", "/run", "/proc", "/sys", "/dev", "/snap", "/nix",
];

/// Home-relative paths never granted, even when a spec names them (credentials and the
/// configs of clients and shells).
pub const PROTECTED_HOME: &[&str] = &[
    ".ssh",
    ".gnupg",
    ".aws",
    ".azure",
    ".kube",
    ".docker",
    ".config/gcloud",
    ".config/gh",
    ".netrc",
    ".npmrc",
    ".pypirc",
    ".git-credentials",
    ".cargo/credentials",
    ".cargo/credentials.toml",
    ".bashrc",
    ".bash_profile",
    ".profile",
    ".zshrc",
    ".zprofile",
    ".claude",
    ".claude.json",
    ".cursor",
    ".codex",
    ".gemini",
    ".config/Claude",
    ".config/Code",
    ".config/zed",
    ".local/share/keyrings",
    ".password-store",
];

/// How a package runner is recognised and what it needs.
struct Runner {
    names: &'static [&'static str],
    /// Sub-commands that make a runner out of a package manager (`npm exec`, `uv run`).
    subcommands: &'static [&'static str],
    /// Home-relative caches (read+write+exec).
    caches: &'static [&'static str],
    /// Environment variables that relocate a cache (value is a directory).
    cache_env: &'static [&'static str],
}

const RUNNERS: &[Runner] = &[
    Runner {
        names: &["npx", "pnpx"],
        subcommands: &[],
        caches: &[".npm", ".cache/node", ".local/share/pnpm", ".cache/pnpm"],
        cache_env: &["npm_config_cache", "NPM_CONFIG_CACHE", "PNPM_HOME"],
    },
    Runner {
        names: &["npm", "pnpm", "yarn"],
        subcommands: &["exec", "x", "dlx"],
        caches: &[
            ".npm",
            ".cache/node",
            ".local/share/pnpm",
            ".cache/pnpm",
            ".cache/yarn",
            ".yarn",
        ],
        cache_env: &["npm_config_cache", "NPM_CONFIG_CACHE", "PNPM_HOME"],
    },
    Runner {
        names: &["uvx"],
        subcommands: &[],
        caches: &[".cache/uv", ".local/share/uv"],
        cache_env: &["UV_CACHE_DIR", "UV_TOOL_DIR", "UV_PYTHON_INSTALL_DIR"],
    },
    Runner {
        names: &["uv"],
        subcommands: &["run", "tool"],
        caches: &[".cache/uv", ".local/share/uv"],
        cache_env: &["UV_CACHE_DIR", "UV_TOOL_DIR", "UV_PYTHON_INSTALL_DIR"],
    },
    Runner {
        names: &["pipx"],
        subcommands: &["run"],
        caches: &[
            ".cache/pipx",
            ".local/pipx",
            ".local/share/pipx",
            ".cache/pip",
        ],
        cache_env: &["PIPX_HOME", "PIP_CACHE_DIR"],
    },
    Runner {
        names: &["bunx"],
        subcommands: &[],
        caches: &[".bun", ".cache/bun"],
        cache_env: &["BUN_INSTALL", "BUN_INSTALL_CACHE_DIR"],
    },
    Runner {
        names: &["bun"],
        subcommands: &["x"],
        caches: &[".bun", ".cache/bun"],
        cache_env: &["BUN_INSTALL", "BUN_INSTALL_CACHE_DIR"],
    },
];

struct Builder<'a> {
    host: &'a Host,
    rules: Vec<PathRule>,
    notes: Vec<String>,
}

impl Builder<'_> {
    fn grant(&mut self, path: &Path, access: Access, why: &str) {
        if !path.is_absolute() {
            return;
        }
        let path = normalize(path);
        if let Some(r) = self.rules.iter_mut().find(|r| r.path == path) {
            r.access = r.access.union(access);
            return;
        }
        self.rules.push(PathRule {
            path,
            access,
            why: why.to_string(),
            create: false,
        });
    }

    /// Have the helper create a granted directory that does not exist yet.
    fn mark_create(&mut self, path: &Path) {
        let path = normalize(path);
        if let Some(r) = self
            .rules
            .iter_mut()
            .find(|r| r.path == path && r.access.writable())
        {
            r.create = true;
        }
    }

    /// Grant if it exists.
    fn grant_existing(&mut self, path: &Path, access: Access, why: &str) {
        if path.exists() {
            self.grant(path, access, why);
        }
    }

    /// Grant a path the spec named, unless it is or contains something protected. Beneath
    /// system directories, only reading is granted implicitly.
    fn grant_named(&mut self, path: &Path, access: Access, why: &str) {
        if let Some(reason) = self.protection(path) {
            self.notes.push(format!(
                "not granted: {} ({reason}); grant it explicitly with --allow-read/--allow-write",
                path.display()
            ));
            return;
        }
        let normalized = normalize(path);
        let in_home = self
            .host
            .home
            .as_ref()
            .is_some_and(|h| normalized.starts_with(h));
        if access.writable() && !in_home && SYSTEM_TREES.iter().any(|t| normalized.starts_with(t)) {
            self.notes.push(format!(
                "read-only: {} is a system directory; make it writable explicitly with \
                 --allow-write",
                path.display()
            ));
            self.grant(path, Access::Read, why);
            return;
        }
        self.grant(path, access, why);
    }

    /// Why a path may not be granted implicitly.
    fn protection(&self, path: &Path) -> Option<String> {
        let path = normalize(path);
        if path == Path::new("/") {
            return Some("the whole file system".into());
        }
        for top in [
            "/etc", "/root", "/home", "/var", "/proc", "/sys", "/dev", "/run",
        ] {
            if path == Path::new(top) {
                return Some(format!("all of {top}"));
            }
        }
        if let Some(home) = &self.host.home {
            if home.starts_with(&path) {
                return Some("contains your whole home directory".into());
            }
            for p in PROTECTED_HOME {
                let protected = home.join(p);
                if path.starts_with(&protected) || protected.starts_with(&path) {
                    return Some(format!("credentials or client configs: ~/{p}"));
                }
            }
        }
        None
    }

    /// A program and where its runtime lives: the program itself, its prefix, and (for
    /// scripts) its interpreter, followed through `#!` lines and symlinks.
    fn grant_program(&mut self, program: &Path, depth: u8) {
        let mut candidates = vec![program.to_path_buf()];
        if let Ok(canon) = program.canonicalize()
            && canon != program
        {
            candidates.push(canon);
        }
        for p in &candidates {
            self.grant(p, Access::ReadExec, "the program");
            if let Some(prefix) = self.prefix_of(p) {
                self.grant(
                    &prefix,
                    Access::ReadExec,
                    "the program's installation prefix",
                );
            }
            if let Some(root) = package_root(p) {
                self.grant_named(&root, Access::Read, "the program's package root");
            }
        }
        if depth >= 3 {
            return;
        }
        let target = candidates.last().cloned().unwrap_or_default();
        if let Some((interp, arg)) = shebang(&target) {
            let interp_path = PathBuf::from(&interp);
            let is_env = interp_path.file_name().is_some_and(|n| n == "env");
            self.grant_program(&interp_path, depth + 1);
            if is_env
                && let Some(name) = arg
                && let Some(found) = which(&name, self.host.var("PATH"), &self.host.cwd)
            {
                self.grant_program(&found, depth + 1);
            }
        }
    }

    /// The installation prefix of a program: `X` for `X/bin/prog`, unless `X` is too broad
    /// (the home directory, `~/.local`, `~/.cargo`, `/`), in which case only the bin directory.
    fn prefix_of(&self, program: &Path) -> Option<PathBuf> {
        let dir = program.parent()?;
        let name = dir.file_name()?.to_str()?;
        if !matches!(name, "bin" | "sbin" | "shims" | "Scripts") {
            return None;
        }
        let prefix = dir.parent()?;
        let broad = prefix == Path::new("/")
            || prefix == Path::new("/usr/local")
            || self.host.home.as_ref().is_some_and(|h| {
                prefix == h.as_path()
                    || prefix == h.join(".local")
                    || prefix == h.join(".cargo")
                    || !h.starts_with(prefix) && self.protection(prefix).is_some()
            });
        if broad {
            Some(dir.to_path_buf())
        } else if self.protection(prefix).is_some() {
            None
        } else {
            Some(prefix.to_path_buf())
        }
    }
}

/// Build the profile for `argv` under `opts`.
pub fn derive(argv: &[String], opts: &Options, host: &Host) -> Result<Profile, ProfileError> {
    let first = argv.first().ok_or(ProfileError::NoCommand)?;
    let program = which(first, host.var("PATH"), &host.cwd)
        .ok_or_else(|| ProfileError::NotFound(first.clone()))?;
    let mut b = Builder {
        host,
        rules: Vec::new(),
        notes: Vec::new(),
    };

    for p in SYSTEM_READ_EXEC {
        b.grant_existing(
            Path::new(p),
            Access::ReadExec,
            "system programs and libraries",
        );
    }
    for p in ETC_READ {
        let path = Path::new(p);
        b.grant_existing(path, Access::Read, "system configuration without secrets");
        // /etc/resolv.conf is often a symlink into /run.
        if let Ok(target) = path.canonicalize()
            && target != path
            && !target.starts_with("/etc")
        {
            b.grant(
                &target,
                Access::Read,
                "system configuration without secrets",
            );
        }
    }
    for p in KERNEL_READ {
        b.grant_existing(
            Path::new(p),
            Access::Read,
            "the sandbox's own processes and CPU facts",
        );
    }
    for p in DEV_READ_WRITE {
        b.grant_existing(Path::new(p), Access::ReadWrite, "standard devices");
    }
    for p in DEV_READ {
        b.grant_existing(Path::new(p), Access::Read, "randomness");
    }
    b.grant(
        Path::new(PRIVATE_TMP),
        Access::ReadWrite,
        "private temporary directory (tmpfs)",
    );

    b.grant_program(&program, 0);

    // Package runners: their caches, and outbound network by default.
    let runner = detect_runner(&program, argv);
    if let Some(r) = runner {
        if let Some(home) = &host.home {
            for c in r.caches {
                b.grant(
                    &home.join(c),
                    Access::ReadWriteExec,
                    "package cache of the launcher",
                );
                b.mark_create(&home.join(c));
            }
            if r.names.contains(&"uv") || r.names.contains(&"uvx") {
                b.grant_existing(&home.join(".config/uv"), Access::Read, "uv's own settings");
            }
        }
        for name in r.cache_env {
            let value = opts
                .env
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
                .or_else(|| {
                    opts.pass_env
                        .iter()
                        .any(|n| n == name)
                        .then(|| host.var(name))
                        .flatten()
                });
            if let Some(v) = value {
                let dir = absolutize(Path::new(v), &host.cwd);
                b.grant_named(
                    &dir,
                    Access::ReadWriteExec,
                    "package cache named by the spec's environment",
                );
                b.mark_create(&dir);
            }
        }
    }

    // What the arguments name: scripts (and their project), directories.
    for arg in argv.iter().skip(1) {
        let value = arg.split_once('=').map_or(arg.as_str(), |(k, v)| {
            if k.starts_with('-') { v } else { arg.as_str() }
        });
        if value.is_empty() || value.starts_with('-') || value.contains("://") {
            continue;
        }
        let looks_like_path = value.starts_with('/')
            || value.starts_with("./")
            || value.starts_with("../")
            || value.starts_with('~')
            || value.contains('/');
        let path = if let Some(rest) = value.strip_prefix("~/") {
            match &host.home {
                Some(h) => h.join(rest),
                None => continue,
            }
        } else {
            absolutize(Path::new(value), &host.cwd)
        };
        if !looks_like_path && !path.exists() {
            continue;
        }
        if path.is_dir() {
            b.grant_named(
                &path,
                Access::ReadWrite,
                "a directory named in the arguments",
            );
        } else if path.is_file() {
            b.grant_named(&path, Access::Read, "a file named in the arguments");
            if let Some(root) = package_root(&path) {
                b.grant_named(
                    &root,
                    Access::Read,
                    "the project of a file named in the arguments",
                );
            }
            if let Ok(canon) = path.canonicalize()
                && canon != path
            {
                b.grant_named(&canon, Access::Read, "a file named in the arguments");
                if let Some(root) = package_root(&canon) {
                    b.grant_named(
                        &root,
                        Access::Read,
                        "the project of a file named in the arguments",
                    );
                }
            }
        }
    }

    // Explicit grants.
    let expand = |p: &Path| -> PathBuf {
        match (p.strip_prefix("~"), &host.home) {
            (Ok(rest), Some(home)) => home.join(rest),
            _ => absolutize(p, &host.cwd),
        }
    };
    for p in &opts.allow_read {
        let p = expand(p);
        b.grant(&p, Access::Read, "--allow-read");
    }
    for p in &opts.allow_write {
        let p = expand(p);
        b.grant(&p, Access::ReadWrite, "--allow-write");
    }

    let net = opts.net.clone().unwrap_or(if runner.is_some() {
        Net::Outbound
    } else {
        Net::None
    });

    let (env, public_env) = env::build(&host.env, &opts.env, &opts.pass_env, host.home.as_deref());

    // Canonicalise paths Landlock will open (a rule on a symlink applies to its target anyway),
    // keep the order stable, drop duplicates.
    let mut seen = BTreeSet::new();
    let mut paths = Vec::new();
    for r in b.rules {
        if seen.insert((r.path.clone(), r.access)) {
            paths.push(r);
        }
    }

    Ok(Profile {
        argv: argv.to_vec(),
        program,
        cwd: host.cwd.clone(),
        paths,
        net,
        env,
        public_env,
        tmp_size_mib: 256,
        rlimits: Rlimits::default(),
        require_full: opts.require_full,
        explain: opts.explain,
        notes: b.notes,
    })
}

fn detect_runner(program: &Path, argv: &[String]) -> Option<&'static Runner> {
    let name = program.file_name()?.to_str()?;
    let first_arg = argv
        .iter()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(String::as_str);
    RUNNERS.iter().find(|r| {
        r.names.contains(&name)
            && (r.subcommands.is_empty() || first_arg.is_some_and(|a| r.subcommands.contains(&a)))
    })
}

/// Resolve a command the way `execvp` does.
pub fn which(name: &str, path_var: Option<&str>, cwd: &Path) -> Option<PathBuf> {
    if name.is_empty() {
        return None;
    }
    if name.contains('/') {
        let p = absolutize(Path::new(name), cwd);
        return is_executable(&p).then_some(p);
    }
    let path_var = path_var.unwrap_or("/usr/local/bin:/usr/bin:/bin");
    for dir in path_var.split(':') {
        let dir = if dir.is_empty() {
            Path::new(".")
        } else {
            Path::new(dir)
        };
        let p = absolutize(&dir.join(name), cwd);
        if is_executable(&p) {
            return Some(p);
        }
    }
    None
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.is_file())
}

/// `p` made absolute against `cwd`, with `.` and `..` removed lexically.
pub fn absolutize(p: &Path, cwd: &Path) -> PathBuf {
    if p.is_absolute() {
        normalize(p)
    } else {
        normalize(&cwd.join(p))
    }
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push("/");
    }
    out
}

/// The interpreter and optional argument of a `#!` line.
fn shebang(path: &Path) -> Option<(String, Option<String>)> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).ok()?;
    let mut buf = [0u8; 256];
    let n = f.read(&mut buf).ok()?;
    let head = buf.get(..n)?;
    let rest = head.strip_prefix(b"#!")?;
    let line = rest.split(|b| *b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?.trim();
    let mut parts = line.split_whitespace();
    let interp = parts.next()?.to_string();
    // `#!/usr/bin/env -S node --flag`: skip env's options.
    let arg = parts.find(|a| !a.starts_with('-')).map(str::to_string);
    Some((interp, arg))
}

/// The root of the package or project a file belongs to: the directory holding the outermost
/// `node_modules` on its path (where hoisted dependencies live), else the nearest ancestor with
/// `package.json`, `pyproject.toml`, `setup.py`, `pyvenv.cfg` or `Cargo.toml`.
pub fn package_root(file: &Path) -> Option<PathBuf> {
    let comps: Vec<_> = file.components().collect();
    if let Some(i) = comps.iter().position(|c| c.as_os_str() == "node_modules") {
        let root: PathBuf = comps.get(..i)?.iter().collect();
        return Some(root);
    }
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == Path::new("/") {
            break;
        }
        for marker in [
            "package.json",
            "pyproject.toml",
            "setup.py",
            "pyvenv.cfg",
            "Cargo.toml",
        ] {
            if d.join(marker).is_file() {
                return Some(d.to_path_buf());
            }
        }
        dir = d.parent();
    }
    None
}

impl Profile {
    /// The profile as people read it (secrets redacted).
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "sandbox profile");
        let _ = writeln!(s, "  program:  {}", self.program.display());
        let _ = writeln!(s, "  argv:     {}", {
            let words: Vec<&str> = self.argv.iter().map(String::as_str).collect();
            warden_core::secrets::redact_argv(&words)
                .iter()
                .map(|a| shell_quote(a))
                .collect::<Vec<_>>()
                .join(" ")
        });
        let _ = writeln!(s, "  cwd:      {}", self.cwd.display());
        let _ = writeln!(s, "  network:  {}", self.net.describe());
        let _ = writeln!(
            s,
            "  tmp:      private tmpfs at {PRIVATE_TMP} ({} MiB, no exec), TMPDIR={PRIVATE_TMP}",
            self.tmp_size_mib
        );
        let _ = writeln!(
            s,
            "  limits:   core dumps {}, open files {}",
            self.rlimits.core, self.rlimits.nofile
        );
        let _ = writeln!(s, "  files (everything else is denied):");
        let mut rules: Vec<&PathRule> = self.paths.iter().collect();
        rules.sort_by(|a, b| a.path.cmp(&b.path));
        for r in rules {
            let _ = writeln!(
                s,
                "    {:<16} {}  ({})",
                r.access.as_str(),
                r.path.display(),
                r.why
            );
        }
        let _ = writeln!(s, "  environment (nothing else is inherited):");
        for (k, v) in &self.env {
            if self.public_env.iter().any(|p| p == k) {
                let _ = writeln!(s, "    {k}={v}");
            } else {
                let _ = writeln!(s, "    {k}=<redacted>");
            }
        }
        for n in &self.notes {
            let _ = writeln!(s, "  note: {n}");
        }
        s
    }
}

fn shell_quote(a: &str) -> String {
    if !a.is_empty()
        && a.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@+,%".contains(c))
    {
        a.to_string()
    } else {
        format!("'{}'", a.replace('\'', "'\\''"))
    }
}
