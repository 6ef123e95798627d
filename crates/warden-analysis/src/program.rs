//! What program a word names, without looking anything up on this machine.
//!
//! The operating system runs `command` by absolute path, by a path relative to the working
//! directory, or by searching `PATH`. Which file that is depends on the machine that launches
//! it, so results never depend on the host running the analysis: a program is judged by its
//! name (`/usr/bin/python3.12` is `python`), and by its location only where the location itself
//! says something (a temporary directory, a network share).

/// How a command word names its program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    /// `npx`: looked up on `PATH`.
    Bare,
    /// `/usr/bin/node`, `C:\Program Files\nodejs\node.exe`, `~/bin/x`, `$HOME/x`.
    Absolute,
    /// `./server`, `bin/server`: relative to the working directory the client picks.
    Relative,
    /// `\\host\share\x.exe`: a network share.
    Unc,
}

/// A program name, normalised.
#[derive(Clone, Debug)]
pub struct Program {
    /// The word as written.
    pub raw: String,
    /// File name, lower-case, without `.exe`/`.cmd`/`.bat`/`.com`, version suffix folded
    /// (`python3.12` → `python`, `node22` stays `node22`).
    pub base: String,
    /// `cmd`, `bat`, `exe`, … when present.
    pub ext: Option<String>,
    pub kind: PathKind,
}

impl Program {
    pub fn parse(word: &str) -> Program {
        let raw = word.trim().to_string();
        let kind = path_kind(&raw);
        let file = raw
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&raw)
            .trim_matches('"')
            .to_string();
        let mut base = file.to_lowercase();
        let mut ext = None;
        for e in [".exe", ".cmd", ".bat", ".com", ".ps1", ".sh"] {
            if base.len() > e.len() && base.ends_with(e) {
                ext = Some(e[1..].to_string());
                if e != ".sh" && e != ".ps1" {
                    base.truncate(base.len() - e.len());
                }
                break;
            }
        }
        base = fold_version(&base);
        Program {
            raw,
            base,
            ext,
            kind,
        }
    }

    pub fn is(&self, names: &[&str]) -> bool {
        names.contains(&self.base.as_str())
    }

    /// A Windows batch shim (`npx.cmd`): cmd.exe re-parses its arguments.
    pub fn is_batch(&self) -> bool {
        matches!(self.ext.as_deref(), Some("cmd" | "bat"))
    }
}

/// `python3.12` → `python`, `python3` → `python`, `pip3` → `pip`, `pythonw` → `python`.
fn fold_version(base: &str) -> String {
    for stem in [
        "python", "pip", "pypy", "perl", "ruby", "php", "lua", "node",
    ] {
        if let Some(rest) = base.strip_prefix(stem)
            && (rest.is_empty()
                || rest == "w"
                || rest.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
        {
            return stem.to_string();
        }
    }
    if base == "nodejs" {
        return "node".into();
    }
    if base == "py" {
        return "python".into();
    }
    base.to_string()
}

pub fn path_kind(w: &str) -> PathKind {
    let w = w.trim().trim_matches('"');
    if w.starts_with("\\\\") {
        return PathKind::Unc;
    }
    let b = w.as_bytes();
    if w.starts_with('/')
        || w.starts_with('~')
        || w.starts_with('$')
        || w.starts_with('%')
        || (b.len() > 2
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && (b[2] == b'\\' || b[2] == b'/'))
    {
        return PathKind::Absolute;
    }
    if w.contains('/') || w.contains('\\') {
        return PathKind::Relative;
    }
    PathKind::Bare
}

/// Whether a word looks like a path (for interpreter script arguments and mounts).
pub fn looks_like_path(w: &str) -> bool {
    path_kind(w) != PathKind::Bare || w.starts_with('.')
}

pub const SHELLS: &[&str] = &[
    "sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "fish", "tcsh", "csh", "yash", "rbash",
];
pub const POWERSHELLS: &[&str] = &["powershell", "pwsh", "powershell_ise"];

/// Programs that read a script from standard input when given none.
pub fn reads_stdin_as_code(base: &str) -> bool {
    SHELLS.contains(&base)
        || POWERSHELLS.contains(&base)
        || matches!(
            base,
            "python"
                | "pypy"
                | "node"
                | "perl"
                | "ruby"
                | "php"
                | "lua"
                | "bun"
                | "deno"
                | "osascript"
                | "iex"
                | "invoke-expression"
                | "cmd"
                | "source"
                | "."
                | "eval"
                | "tclsh"
                | "Rscript"
        )
}

/// Interpreters that run a script file named by their first argument.
pub const INTERPRETERS: &[&str] = &[
    "node",
    "python",
    "pypy",
    "perl",
    "ruby",
    "php",
    "lua",
    "luajit",
    "bun",
    "deno",
    "rscript",
    "osascript",
    "tclsh",
    "groovy",
    "julia",
    "java",
    "dotnet",
    "tsx",
    "ts-node",
];

/// Programs that download from the network.
pub const DOWNLOADERS: &[&str] = &[
    "curl",
    "wget",
    "fetch",
    "aria2c",
    "lwp-download",
    "lwp-request",
    "http",
    "https",
    "xh",
    "iwr",
    "invoke-webrequest",
    "irm",
    "invoke-restmethod",
    "nc",
    "ncat",
    "netcat",
    "telnet",
    "socat",
    "openssl",
];

/// Utilities that are never an MCP server and change the system, reach the network or read
/// secrets: seeing one as the launched program means the entry is not a server at all.
pub const NON_SERVER_ACTIVE: &[&str] = &[
    "touch",
    "rm",
    "rmdir",
    "mv",
    "cp",
    "dd",
    "chmod",
    "chown",
    "chgrp",
    "ln",
    "mkfifo",
    "mknod",
    "curl",
    "wget",
    "nc",
    "ncat",
    "netcat",
    "telnet",
    "ftp",
    "tftp",
    "scp",
    "sftp",
    "kill",
    "pkill",
    "killall",
    "shutdown",
    "reboot",
    "halt",
    "poweroff",
    "crontab",
    "at",
    "useradd",
    "usermod",
    "userdel",
    "passwd",
    "chpasswd",
    "mkfs",
    "mount",
    "umount",
    "iptables",
    "nft",
    "systemctl",
    "launchctl",
    "open",
    "xdg-open",
    "calc",
    "notepad",
    "explorer",
    "shred",
    "truncate",
    "tee",
    "install",
    "base64",
    "xxd",
    "nohup",
    "setcap",
    "chattr",
    "visudo",
    "del",
    "erase",
    "copy",
    "move",
    "rd",
    "format",
    "reg",
    "netsh",
    "taskkill",
    "net",
    "powercat",
    "nslookup",
    "dig",
    "ping6",
];

/// Harmless utilities that are still no MCP server (a probe: `sleep 4`, `id`).
pub const NON_SERVER_PROBE: &[&str] = &[
    "sleep",
    "true",
    "false",
    "echo",
    "printf",
    "yes",
    "id",
    "whoami",
    "uname",
    "hostname",
    "ping",
    "printenv",
    "date",
    "ls",
    "dir",
    "pwd",
    "cat",
    "head",
    "tail",
    "type",
    "ver",
    "timeout.exe",
    "wc",
    "env",
    "set",
];

/// Shell builtins and plumbing that prepare a launch (`cd`, `export`, `source ~/.nvm/nvm.sh`).
pub const PLUMBING: &[&str] = &[
    "cd",
    "export",
    "set",
    "unset",
    "source",
    ".",
    "true",
    ":",
    "exec",
    "command",
    "builtin",
    "read",
    "test",
    "[",
    "[[",
    "local",
    "declare",
    "typeset",
    "shift",
    "trap",
    "wait",
    "umask",
    "ulimit",
    "pushd",
    "popd",
    "setlocal",
    "endlocal",
    "chcp",
    "title",
    "echo",
    "printf",
    "for",
    "select",
    "return",
    "exit",
    "break",
    "continue",
    "sleep",
    "mkdir",
    "activate",
    "nvm",
    "conda",
    "pyenv",
    "rbenv",
    "fnm",
    "volta",
    "mise",
    "asdf",
    "direnv",
    "cls",
    "rem",
    "cat",
    "which",
    "where",
    "hash",
    "alias",
    "shopt",
    "@echo",
    "if",
    "goto",
    "call",
    "ver",
    "deactivate",
    "log",
    "logger",
    "dirname",
    "basename",
    "realpath",
    "readlink",
    "grep",
    "sed",
    "awk",
    "cut",
    "tr",
    "head",
    "tail",
    "sort",
    "uniq",
    "wc",
    "date",
    "id",
    "whoami",
    "uname",
    "hostname",
    "ls",
    "pwd",
    "env",
    "printenv",
    "jq",
    "git",
    "tty",
    "stty",
    "ps",
    "pgrep",
];

/// Windows binaries that run code from a URL, a script or a DLL ("living off the land").
pub const LOLBINS: &[(&str, &str)] = &[
    (
        "mshta",
        "runs HTML applications (VBScript/JScript), also straight from a URL",
    ),
    (
        "regsvr32",
        "loads a DLL or a remote scriptlet (`/i:http…scrobj.dll`)",
    ),
    (
        "rundll32",
        "calls an exported function of any DLL, or `javascript:` code",
    ),
    (
        "certutil",
        "downloads files (`-urlcache`) and decodes base64 payloads (`-decode`)",
    ),
    ("wscript", "runs VBScript/JScript files"),
    ("cscript", "runs VBScript/JScript files"),
    ("bitsadmin", "downloads files in the background"),
    ("msiexec", "installs packages, also straight from a URL"),
    ("installutil", "runs code in .NET assemblies"),
    ("regasm", "runs code in .NET assemblies"),
    ("regsvcs", "runs code in .NET assemblies"),
    (
        "msbuild",
        "compiles and runs inline tasks from a project file",
    ),
    ("forfiles", "runs a command for each file (`/c`)"),
    ("schtasks", "creates scheduled tasks (persistence)"),
    ("wmic", "creates processes (`process call create`)"),
    ("hh", "opens compiled HTML help, which runs scripts"),
    ("cmstp", "installs connection profiles that run commands"),
    ("msxsl", "runs script inside XSL transforms"),
    ("odbcconf", "loads DLLs"),
    (
        "pcalua",
        "launches programs through the compatibility assistant",
    ),
    ("mavinject", "injects DLLs into processes"),
    ("bash.exe", "runs Linux commands through WSL"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths() {
        let p = Program::parse("C:\\Program Files\\nodejs\\node.exe");
        assert_eq!((p.base.as_str(), p.kind), ("node", PathKind::Absolute));
        assert_eq!(p.ext.as_deref(), Some("exe"));
        assert_eq!(Program::parse("/usr/bin/python3.12").base, "python");
        assert_eq!(Program::parse("npx.cmd").base, "npx");
        assert!(Program::parse("npx.cmd").is_batch());
        assert_eq!(Program::parse("./bin/server").kind, PathKind::Relative);
        assert_eq!(Program::parse("\\\\host\\share\\x.exe").kind, PathKind::Unc);
        assert_eq!(Program::parse("uvx").kind, PathKind::Bare);
        assert_eq!(Program::parse("CMD.EXE").base, "cmd");
    }
}
