//! MW8xx — where the executable lives (temporary directories, traversal, relative paths), and
//! plaintext secrets in env, arguments, headers and URLs.

use warden_core::{RuleInfo, Severity, secrets};

use super::refs::*;
use crate::engine::{Arg, Ctx, Frame, show};
use crate::program::{PathKind, Program};

const FAMILY: &str = "location-secrets";

pub static TEMP_EXECUTABLE: RuleInfo = RuleInfo {
    id: "MW801",
    name: "temp-dir-executable",
    family: FAMILY,
    severity: Severity::Critical,
    title: "The program or script is in a temporary directory",
    what: "Detects programs, scripts, preloads and sourced files under `/tmp`, `/var/tmp`, \
           `/dev/shm`, `/private/tmp`, `$TMPDIR`, `%TEMP%`, `C:\\Windows\\Temp` and \
           `AppData\\Local\\Temp` (after collapsing `//` and resolving `..`), and, at high, in a \
           Downloads folder.",
    why: "Temporary directories are writable by every local user (or every process of the \
          user) and are where droppers stage payloads; nothing installed on purpose lives there. \
          `//tmp/x` and `/opt/../tmp/x` are the same file.",
    fix: "Install the server properly (a package, or a directory only you can write) and \
          launch it from there.",
    bad: &[
        r#"{"command":"/tmp/mcp-server","args":[]}"#,
        r#"{"command":"node","args":["//tmp/evil.js"]}"#,
    ],
    good: &[r#"{"command":"node","args":["/opt/mcp/server.js"]}"#],
    references: &[CWE_426, CWE_427],
};

pub static TRAVERSAL: RuleInfo = RuleInfo {
    id: "MW802",
    name: "path-traversal",
    family: FAMILY,
    severity: Severity::Medium,
    title: "The program path climbs out with `..`",
    what: "Detects absolute program or script paths containing `..` components.",
    why: "`/opt/mcp/../../home/x/bin/tool` reads as one place and runs another; the form is \
          used to slip past path prefix checks.",
    fix: "Write the resolved path.",
    bad: &[r#"{"command":"/opt/mcp/../../home/user/bin/server","args":[]}"#],
    good: &[r#"{"command":"/home/user/bin/server","args":[]}"#],
    references: &[CWE_22],
};

pub static RELATIVE_COMMAND: RuleInfo = RuleInfo {
    id: "MW803",
    name: "relative-command",
    family: FAMILY,
    severity: Severity::Info,
    title: "The program is a path relative to the working directory",
    what: "Detects `command` values such as `./server` or `bin/server`.",
    why: "Which file runs depends on the directory the client starts in (often the opened \
          project), so a repository can supply the program.",
    fix: "Use an absolute path, or a launcher with an installed package.",
    bad: &[r#"{"command":"./bin/server","args":[]}"#],
    good: &[r#"{"command":"/usr/local/bin/github-mcp-server","args":["stdio"]}"#],
    references: &[CWE_426],
};

pub static SECRET_ENV: RuleInfo = RuleInfo {
    id: "MW804",
    name: "plaintext-secret-env",
    family: FAMILY,
    severity: Severity::Medium,
    title: "A secret is written in plain text in `env`",
    what: "Detects env values that are tokens (GitHub, OpenAI, Anthropic, Slack, AWS, …), \
           credentials in URLs, or long secret-like values under secret-sounding names. \
           Variable references (`${env:X}`, `${input:x}`) and placeholders are not secrets.",
    why: "Config files are copied, synced, committed and shown on screen; a token in one leaks \
          with it. In a repository file it is already public to everyone with access.",
    fix: "Reference the secret instead: `${env:NAME}` / `${input:name}` (VS Code), `${NAME}` \
          (Claude Code), or the client's keychain support; rotate the exposed token.",
    bad: &[
        r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-github"],"env":{"GITHUB_PERSONAL_ACCESS_TOKEN":"ghp_0123456789abcdefghijklmnopqrstuvwxyz"}}"#,
    ],
    good: &[
        r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-github"],"env":{"GITHUB_PERSONAL_ACCESS_TOKEN":"${env:GITHUB_TOKEN}"}}"#,
    ],
    references: &[CWE_798],
};

pub static SECRET_ARGS: RuleInfo = RuleInfo {
    id: "MW805",
    name: "plaintext-secret-args",
    family: FAMILY,
    severity: Severity::High,
    title: "A secret is passed on the command line or in a URL",
    what: "Detects tokens and passwords in `args` (`--api-key X`, `--token=X`, bare tokens), in \
           URLs inside arguments, and in the `url` of remote entries.",
    why: "Besides living in the file, command-line arguments are visible to every local user \
          (`ps`, `/proc/*/cmdline`) and land in logs; URLs end up in proxy and server logs.",
    fix: "Pass the secret through an environment variable that references a secret store, or \
          an `Authorization` header with a variable reference; rotate the exposed token.",
    bad: &[
        r#"{"command":"npx","args":["-y","some-mcp-server","--api-key","sk-proj-AbCdEf0123456789xyzXYZabc"]}"#,
    ],
    good: &[r#"{"command":"npx","args":["-y","some-mcp-server","--api-key","${env:API_KEY}"]}"#],
    references: &[CWE_798, CWE_200],
};

pub static SECRET_HEADERS: RuleInfo = RuleInfo {
    id: "MW806",
    name: "plaintext-secret-headers",
    family: FAMILY,
    severity: Severity::Medium,
    title: "A secret is written in plain text in `headers`",
    what: "Detects header values of remote entries (`Authorization: Bearer …`) that hold a \
           literal token rather than a variable reference.",
    why: "Same as secrets in `env`: the file leaks, the token leaks.",
    fix: "Use `Bearer ${env:TOKEN}` (or the client's equivalent) and rotate the token.",
    bad: &[
        r#"{"url":"https://mcp.example.com/mcp","headers":{"Authorization":"Bearer ghp_0123456789abcdefghijklmnopqrstuvwxyz"}}"#,
    ],
    good: &[
        r#"{"url":"https://mcp.example.com/mcp","headers":{"Authorization":"Bearer ${env:GITHUB_TOKEN}"}}"#,
    ],
    references: &[CWE_798],
};

/// Normalise a path for comparisons: `\` → `/`, `//` collapsed, `..` resolved, lower-case.
pub fn normalize(p: &str) -> String {
    let s = p.trim().trim_matches('"').replace('\\', "/");
    let lower = s.to_ascii_lowercase();
    let absolute = lower.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in lower.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The temporary directory a path is in, if any.
pub fn temp_dir(p: &str) -> Option<&'static str> {
    let n = normalize(p);
    const DIRS: &[(&str, &str)] = &[
        ("/tmp", "/tmp"),
        ("/var/tmp", "/var/tmp"),
        ("/dev/shm", "/dev/shm"),
        ("/run/shm", "/run/shm"),
        ("/private/tmp", "/tmp"),
        ("/private/var/tmp", "/var/tmp"),
        ("/var/folders", "the macOS temporary directory"),
        ("$tmpdir", "$TMPDIR"),
        ("${tmpdir}", "$TMPDIR"),
        ("%temp%", "%TEMP%"),
        ("%tmp%", "%TMP%"),
        ("${env:temp}", "%TEMP%"),
        ("$env:temp", "%TEMP%"),
        ("c:/windows/temp", "C:\\Windows\\Temp"),
        ("c:/temp", "C:\\Temp"),
    ];
    for (d, name) in DIRS {
        if n == *d || n.starts_with(&format!("{d}/")) {
            return Some(name);
        }
    }
    if n.contains("/appdata/local/temp/") {
        return Some("AppData\\Local\\Temp");
    }
    None
}

fn downloads(p: &str) -> bool {
    let n = normalize(p);
    n.contains("/downloads/")
}

/// MW801/802/803/411 for the program itself.
pub fn program_location(cx: &mut Ctx, prog: &Program, first: &Arg, frame: &Frame) {
    match prog.kind {
        PathKind::Unc => {
            crate::rules::binaries::unc(cx, first, frame, "program");
        }
        PathKind::Absolute | PathKind::Relative => {
            if let Some(d) = temp_dir(&first.text) {
                cx.emit(&TEMP_EXECUTABLE, Severity::Critical, &first.field, frame, format!("The program `{}` is in {d}, a directory other users or processes can write: whoever puts a file there chooses what runs.", show(&first.text)));
            } else if downloads(&first.text) {
                cx.emit(&TEMP_EXECUTABLE, Severity::High, &first.field, frame, format!("The program `{}` runs straight from a Downloads folder, where browsers save whatever a page offers.", show(&first.text)));
            }
            let t = first.text.replace('\\', "/");
            if prog.kind == PathKind::Absolute && (t.contains("/../") || t.ends_with("/..")) {
                cx.emit(
                    &TRAVERSAL,
                    Severity::Medium,
                    &first.field,
                    frame,
                    format!(
                        "The program path `{}` climbs out with `..`; it really runs `{}`.",
                        show(&first.text),
                        show(&normalize(&first.text))
                    ),
                );
            }
            if prog.kind == PathKind::Relative && frame.top {
                cx.emit(&RELATIVE_COMMAND, Severity::Info, &first.field, frame, format!("`{}` is relative to the working directory, so the directory the client starts in decides which file runs.", show(&first.text)));
            }
        }
        PathKind::Bare => {}
    }
}

/// MW801/411 for a script, preload or sourced file.
pub fn script_location(cx: &mut Ctx, a: &Arg, frame: &Frame, what: &str) {
    if crate::rules::binaries::unc(cx, a, frame, what) {
        return;
    }
    let t = crate::engine::resolve_home(&a.text);
    let t = t.split('=').next_back().unwrap_or(&t);
    if let Some(d) = temp_dir(t) {
        cx.emit(&TEMP_EXECUTABLE, Severity::Critical, &a.field, frame, format!("The {what} `{}` is in {d}, which other users or processes can write: whoever puts a file there chooses what runs.", show(&a.text)));
    } else if downloads(t) {
        cx.emit(
            &TEMP_EXECUTABLE,
            Severity::High,
            &a.field,
            frame,
            format!(
                "The {what} `{}` runs from a Downloads folder.",
                show(&a.text)
            ),
        );
    }
}

/// Placeholders in sample configs (`<YOUR_TOKEN>`, `your-api-key`, `xxxx`) are no secrets.
pub fn is_placeholder(v: &str) -> bool {
    let l = v.trim().to_ascii_lowercase();
    (l.starts_with('<') && l.ends_with('>'))
        || (l.starts_with('[') && l.ends_with(']'))
        || l.contains("your")
        || l.contains("xxxx")
        || l.contains("...")
        || l.contains("replace")
        || l.contains("changeme")
        || l.contains("change_me")
        || l.contains("placeholder")
        || l.contains("example")
        || l.contains("insert")
        || l.contains("todo")
        || l.contains("here")
        || l.contains("dummy")
        || l.contains("redacted")
        || l.contains("<")
        || at_most_distinct(&l, 3)
}

/// Whether `s` uses at most `n` distinct characters (`aaaa`, `0000-0000`).
fn at_most_distinct(s: &str, n: usize) -> bool {
    let mut seen: Vec<char> = Vec::with_capacity(n + 1);
    for c in s.chars() {
        if !seen.contains(&c) {
            if seen.len() == n {
                return false;
            }
            seen.push(c);
        }
    }
    true
}

fn secret_kind(value: &str, name: Option<&str>) -> Option<&'static str> {
    if is_placeholder(value) || !plausible_token(value) {
        return None;
    }
    secrets::classify(value, name)
}

/// Code, URLs without credentials and option strings are not tokens, however random they look.
fn plausible_token(v: &str) -> bool {
    let v = v.trim();
    let v = v
        .strip_prefix("Bearer ")
        .or_else(|| v.strip_prefix("bearer "))
        .unwrap_or(v);
    if v.contains("://") {
        return secrets::classify(v, None) == Some("credentials in a URL");
    }
    if v.contains('/') && (v.contains(['.', '@', ':']) || v.starts_with(['/', '~']))
        || v.as_bytes().get(1) == Some(&b':')
    {
        return false; // paths, package names, image references
    }
    if v.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"@/._-".contains(&b))
        && v.bytes().filter(|b| b"@._-".contains(b)).count() >= 2
        && !v.contains('_')
    {
        return false; // `name-mcp-server@1.2.3`
    }
    !v.contains(|c: char| c.is_whitespace() || "()'\"%,;<>{}[]".contains(c))
        && !v.starts_with("data:")
        && !v.starts_with('-')
}

/// MW804/805/806 over the spec as written.
pub fn secrets_in_spec(cx: &mut Ctx) {
    let spec = cx.spec;
    let top = Frame {
        top: true,
        ..Frame::default()
    };
    for e in &spec.env {
        if let Some(v) = &e.value
            && let Some(kind) = secret_kind(&v.value, Some(&e.name))
        {
            cx.emit(&SECRET_ENV, Severity::Medium, &format!("env.{}", e.name), &top, format!("`{}` holds a {kind} in plain text (shown here as `{}`); anyone who can read this file has it.", e.name, e.display_value()));
        }
    }
    for h in &spec.headers {
        if let Some(v) = &h.value
            && let Some(kind) = secret_kind(&v.value, Some(&h.name)).or_else(|| {
                secret_kind(&v.value, Some("token"))
                    .filter(|_| h.name.eq_ignore_ascii_case("authorization"))
            })
        {
            cx.emit(&SECRET_HEADERS, Severity::Medium, &format!("headers.{}", h.name), &top, format!("Header `{}` holds a {kind} in plain text; anyone who can read this file has it.", h.name));
        }
    }
    let mut words: Vec<&str> = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    if let Some(c) = &spec.command {
        words.push(&c.value);
        fields.push("command".into());
    }
    for (i, a) in spec.args.iter().enumerate() {
        words.push(&a.value);
        fields.push(format!("args[{i}]"));
    }
    for i in secrets::secret_args(&words) {
        let w = words[i];
        let value = w.split_once('=').map(|(_, v)| v).unwrap_or(w);
        if is_placeholder(value) || !plausible_token(value) {
            continue;
        }
        let prev = i.checked_sub(1).map(|p| words[p]);
        let Some(kind) = secrets::classify(value, prev.filter(|p| p.starts_with('-')))
            .or_else(|| (value == w).then(|| secrets::classify(w, None)).flatten())
        else {
            continue;
        };
        cx.emit(&SECRET_ARGS, Severity::High, &fields[i], &top, format!("Argument {} holds a {kind} in plain text; command lines are visible to every local user and end up in logs.", fields[i]));
    }
    if let Some(u) = &spec.url
        && let Some(kind) = secret_kind(&u.value, None)
    {
        cx.emit(
            &SECRET_ARGS,
            Severity::High,
            "url",
            &top,
            format!("The URL carries a {kind}; URLs end up in logs and history."),
        );
    }
}
