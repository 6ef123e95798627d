//! MW5xx — package source and pinning: VCS/URL/tarball specs, registry and index overrides,
//! look-alike names, invisible characters, unpinned versions, known-vulnerable versions.
//! Also unwraps the package runners (`npx`, `npm exec`, `pnpm dlx`, `yarn dlx`, `bunx`,
//! `uvx`, `uv run`, `uv tool run`, `pipx run`) and commands they hand on.

use std::collections::HashSet;
use std::sync::OnceLock;

use warden_core::{LaunchSpec, RuleInfo, Severity};

use super::refs::*;
use crate::engine::{self, Arg, Ctx, Frame, show, show_argv};
use crate::program::Program;
use crate::shell::{self, Dialect};

const FAMILY: &str = "package-source";

pub static REMOTE_SOURCE: RuleInfo = RuleInfo {
    id: "MW501",
    name: "package-from-url-or-vcs",
    family: FAMILY,
    severity: Severity::High,
    title: "The package comes from a git repository, a URL or a tarball",
    what: "Detects package specs that are not registry names: `git+https://…`, `github:u/r`, \
           `u/r` shorthand, `https://…/x.tgz`, `file:` and archives, for `npx`, `npm exec`, \
           `pnpm dlx`, `yarn dlx`, `bunx`, `uvx`/`uv tool run` (`--from`, `--with`), \
           `uv run --with`, `pipx run --spec` and `pip install`. High in a user's or project's \
           config, whoever owns the repository; critical in a spec given to `check` as untrusted \
           input (the source is then its author's choice); one level lower when it is handed to \
           another program that starts it.",
    why: "Whatever the branch or URL serves at launch time runs, with install scripts, and \
          there is no version or integrity to review: whoever can push to the repository, or \
          owns the URL, runs code on every start. A well-known owner does not change that.",
    fix: "Install from the registry at a pinned version (`npx -y pkg@1.2.3`, \
          `uvx --from pkg==1.2.3 cmd`); if it must come from git, pin a full commit hash and \
          review it.",
    bad: &[
        r#"{"command":"uvx","args":["--from","git+https://github.com/example/evil-mcp","evil-mcp"]}"#,
        r#"{"command":"npx","args":["-y","github:example/evil-mcp"]}"#,
    ],
    good: &[
        r#"{"command":"uvx","args":["--from","awslabs.cdk-mcp-server==1.0.0","awslabs.cdk-mcp-server"]}"#,
    ],
    references: &[CWE_494, CWE_829, LANGFLOW_SOURCE],
};

pub static REGISTRY_OVERRIDE: RuleInfo = RuleInfo {
    id: "MW502",
    name: "registry-override",
    family: FAMILY,
    severity: Severity::Critical,
    title: "The package registry or index is replaced",
    what: "Detects `--registry`, `--userconfig`, `--globalconfig` for npm runners and \
           `--index-url`, `--extra-index-url`, `--index`, `--default-index`, `--find-links`, \
           `--config-file` for uv, pipx and pip. Well-known public registries and mirrors are \
           low.",
    why: "The arguments still name a familiar package, but it is downloaded from a server the \
          config chooses, which can serve anything under that name; an extra index enables \
          dependency confusion.",
    fix: "Remove the option and use the default registry; configure a corporate mirror in the \
          user's own npm/uv/pip config, not in an MCP entry.",
    bad: &[
        r#"{"command":"npx","args":["-y","--registry","https://example.com/","@modelcontextprotocol/server-memory"]}"#,
    ],
    good: &[r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-memory"]}"#],
    references: &[CWE_829, LANGFLOW_SOURCE],
};

pub static TYPOSQUAT: RuleInfo = RuleInfo {
    id: "MW503",
    name: "package-lookalike",
    family: FAMILY,
    severity: Severity::High,
    title: "The package name looks like a well-known MCP server's",
    what: "Detects package names one edit (a letter added, dropped, changed or swapped) or one \
           confusable character (`0`/`o`, `1`/`l`, `rn`/`m`, Cyrillic or Greek letters) away \
           from a bundled list of well-known MCP server packages.",
    why: "Typosquats are how malicious packages get installed: the config reads right at a \
          glance, and the registry serves whatever the squatter published.",
    fix: "Check the exact name on the registry and against the project's documentation.",
    bad: &[r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-filesytem","/"]}"#],
    good: &[
        r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/home/user/docs"]}"#,
    ],
    references: &[CWE_1007, CWE_506],
};

pub static INVISIBLE_CHARACTERS: RuleInfo = RuleInfo {
    id: "MW504",
    name: "invisible-characters",
    family: FAMILY,
    severity: Severity::Critical,
    title: "The entry contains invisible or direction-changing characters",
    what: "Detects zero-width characters, byte-order marks, bidirectional overrides and \
           isolates (U+200B–U+200F, U+202A–U+202E, U+2060–U+2069, U+FEFF) anywhere in the \
           command, arguments or environment, and non-ASCII letters in program names.",
    why: "They make what is displayed differ from what runs (Trojan Source): a reviewer sees \
          one package or path and the system gets another.",
    fix: "Retype the entry in plain ASCII.",
    bad: &[
        "{\"command\":\"npx\",\"args\":[\"-y\",\"@modelcontextprotocol/server-\\u200bmemory\"]}",
    ],
    good: &[r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-memory"]}"#],
    references: &[
        CWE_1007,
        "Trojan Source (CVE-2021-42574) — https://trojansource.codes/",
    ],
};

pub static UNPINNED: RuleInfo = RuleInfo {
    id: "MW505",
    name: "unpinned-package",
    family: FAMILY,
    severity: Severity::Low,
    title: "The package or image version is not pinned",
    what: "Detects package runners without a version (`npx -y pkg`, `uvx pkg`), `@latest`, \
           version ranges, and container images without a tag or digest, or tagged `latest`.",
    why: "Every start may fetch a newer release; a compromised release (a hijacked maintainer \
          account, `postmark-mcp` 1.0.16) reaches everyone without a change to the config.",
    fix: "Pin an exact version (`pkg@1.2.3`, `pkg==1.2.3`, `image@sha256:…`) and update it \
          deliberately.",
    bad: &[r#"{"command":"npx","args":["-y","@playwright/mcp@latest"]}"#],
    good: &[r#"{"command":"npx","args":["-y","@playwright/mcp@0.0.41"]}"#],
    references: &[CWE_1104],
};

pub static VULNERABLE_VERSION: RuleInfo = RuleInfo {
    id: "MW506",
    name: "known-vulnerable-version",
    family: FAMILY,
    severity: Severity::High,
    title: "The pinned version has a known vulnerability",
    what: "Detects pinned versions below the fix of published advisories for MCP packages: \
           `mcp-remote` < 0.1.16 (CVE-2025-6514), `@modelcontextprotocol/inspector` < 0.14.1 \
           (CVE-2025-49596), `@modelcontextprotocol/server-filesystem` < 2025.7.1 \
           (CVE-2025-53109/53110).",
    why: "Pinning protects against new releases but freezes old bugs; these allow command \
          execution or sandbox escape.",
    fix: "Pin a fixed version.",
    bad: &[r#"{"command":"npx","args":["-y","mcp-remote@0.1.15","https://mcp.example.com/sse"]}"#],
    good: &[r#"{"command":"npx","args":["-y","mcp-remote@0.1.29","https://mcp.example.com/sse"]}"#],
    references: &[CVE_2025_6514],
};

const ADVISORIES: &[(&str, &str, &str)] = &[
    (
        "mcp-remote",
        "0.1.16",
        "CVE-2025-6514: a malicious server's authorization URL runs commands",
    ),
    (
        "@modelcontextprotocol/inspector",
        "0.14.1",
        "CVE-2025-49596: unauthenticated proxy runs commands",
    ),
    (
        "@modelcontextprotocol/server-filesystem",
        "2025.7.1",
        "CVE-2025-53109/53110: allowed-directory escape",
    ),
];

/// Where a package comes from.
#[derive(Debug, PartialEq)]
pub enum Source {
    Registry {
        name: String,
        version: Option<String>,
    },
    Remote(&'static str),
    Local,
}

/// Classify an npm package spec.
pub fn npm_spec(spec: &str) -> Source {
    let s = spec.trim();
    let s = s.strip_prefix("npm:").unwrap_or(s);
    let l = s.to_ascii_lowercase();
    if l.starts_with("git+")
        || l.starts_with("git://")
        || l.starts_with("git@")
        || l.starts_with("ssh://")
    {
        return Source::Remote("a git repository");
    }
    if l.starts_with("github:")
        || l.starts_with("gitlab:")
        || l.starts_with("bitbucket:")
        || l.starts_with("gist:")
    {
        return Source::Remote("a git repository");
    }
    if l.starts_with("http://") || l.starts_with("https://") {
        return Source::Remote(if l.ends_with(".tgz") || l.ends_with(".tar.gz") {
            "a tarball URL"
        } else {
            "a URL"
        });
    }
    if l.starts_with("file:")
        || l.starts_with('.')
        || l.starts_with('/')
        || l.starts_with('~')
        || (l.len() > 2 && l.as_bytes()[1] == b':')
        || l.ends_with(".tgz")
        || l.ends_with(".tar.gz")
    {
        return Source::Local;
    }
    if !l.starts_with('@') && l.contains('/') {
        return Source::Remote("a GitHub repository (`user/repo` shorthand)");
    }
    let (name, version) = if let Some(rest) = s.strip_prefix('@') {
        match rest.find('@') {
            Some(i) => (format!("@{}", &rest[..i]), Some(rest[i + 1..].to_string())),
            None => (s.to_string(), None),
        }
    } else {
        match s.split_once('@') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (s.to_string(), None),
        }
    };
    Source::Registry { name, version }
}

/// Classify a Python requirement (`uvx`, `--from`, `--with`, `pip install`).
pub fn py_spec(spec: &str) -> Source {
    let s = spec.trim();
    let l = s.to_ascii_lowercase();
    for p in ["git+", "hg+", "svn+", "bzr+"] {
        if l.starts_with(p) {
            return Source::Remote("a version-control repository");
        }
    }
    if l.starts_with("http://") || l.starts_with("https://") {
        return Source::Remote("a URL");
    }
    if let Some((_, url)) = l.split_once('@') {
        let url = url.trim();
        if url.starts_with("git+") || url.starts_with("http") || url.starts_with("file:") {
            return Source::Remote("a direct URL reference");
        }
    }
    if l.starts_with("file:")
        || l.starts_with('.')
        || l.starts_with('/')
        || l.starts_with('~')
        || (l.len() > 2 && l.as_bytes()[1] == b':')
        || l.ends_with(".whl")
        || l.ends_with(".tar.gz")
        || l.ends_with(".zip")
    {
        return Source::Local;
    }
    let end = s.find(|c: char| "=<>!~[@; ".contains(c)).unwrap_or(s.len());
    let name = s[..end].to_string();
    let version = if let Some(v) = s.split_once("==").map(|x| x.1) {
        Some(v.trim().to_string())
    } else if let Some((_, v)) = s.split_once('@') {
        Some(v.trim().to_string())
    } else if s[end..].trim().is_empty()
        || s[end..].starts_with('[') && !s.contains(['=', '<', '>', '~'])
    {
        None
    } else {
        Some(format!("range:{}", &s[end..]))
    };
    Source::Registry { name, version }
}

fn exact(version: &Option<String>) -> bool {
    match version {
        None => false,
        Some(v) => {
            let v = v.trim();
            !v.is_empty()
                && v != "latest"
                && !v.starts_with("range:")
                && v.chars().next().is_some_and(|c| c.is_ascii_digit())
                && !v.contains(['^', '~', '*', 'x', '>', '<', ' ', '|'])
        }
    }
}

/// A well-known package name, with its comparison forms precomputed.
struct Known {
    name: String,
    norm: Vec<char>,
    skeleton: String,
}

fn known() -> &'static (HashSet<String>, Vec<Known>) {
    static KNOWN: OnceLock<(HashSet<String>, Vec<Known>)> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let names: Vec<Known> = include_str!("../../data/known-packages.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(' ').map(|(_, n)| n.trim().to_string()))
            .filter(|n| !n.is_empty())
            .map(|name| Known {
                norm: norm(&name).chars().collect(),
                skeleton: skeleton(&name),
                name,
            })
            .collect();
        let set = names.iter().map(|k| k.norm.iter().collect()).collect();
        (set, names)
    })
}

fn norm(n: &str) -> String {
    n.to_lowercase().replace(['_', '.'], "-")
}

/// Visually confusable spellings folded together.
fn skeleton(n: &str) -> String {
    let mut s = String::new();
    for c in norm(n).chars() {
        s.push(match c {
            '0' | 'о' | 'ο' => 'o',
            '1' | 'l' | 'і' | 'ı' | 'ӏ' | 'I' => 'l',
            'а' | 'α' => 'a',
            'е' | 'ε' => 'e',
            'с' | 'ϲ' => 'c',
            'р' | 'ρ' => 'p',
            'х' | 'χ' => 'x',
            'у' | 'γ' => 'y',
            'к' | 'κ' => 'k',
            'м' => 'm',
            'т' | 'τ' => 't',
            'в' => 'b',
            'ѕ' => 's',
            'ј' => 'j',
            'ԁ' => 'd',
            'ԛ' => 'q',
            'ԝ' | 'ω' => 'w',
            'ν' => 'v',
            other => other,
        });
    }
    s.replace("rn", "m").replace("vv", "w")
}

/// Whether `a` and `b` are exactly one edit apart (insert, delete, substitute, swap).
fn one_edit(a: &[char], b: &[char]) -> bool {
    if a == b {
        return false;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let mut i = 0;
    while i < la.min(lb) && a[i] == b[i] {
        i += 1;
    }
    if la == lb {
        // substitution or transposition
        if a[i + 1..] == b[i + 1..] {
            return true;
        }
        return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..];
    }
    if la > lb {
        a[i + 1..] == b[i..]
    } else {
        a[i..] == b[i + 1..]
    }
}

/// The well-known package a name imitates, if any.
pub fn lookalike(name: &str) -> Option<&'static str> {
    let (set, names) = known();
    let n = norm(name);
    if set.contains(&n) {
        return None;
    }
    let sk = skeleton(name);
    let nc: Vec<char> = n.chars().collect();
    if let Some(k) = names.iter().find(|k| k.skeleton == sk) {
        return Some(k.name.as_str());
    }
    if nc.len() < 8 {
        return None;
    }
    for k in names {
        let kc = &k.norm;
        if kc.len().abs_diff(nc.len()) > 1 || kc.len() < 8 {
            continue;
        }
        if one_edit(&nc, kc) {
            // Trailing digits and plural forms are usually distinct packages (`server-v2`).
            let (long, short) = if nc.len() > kc.len() {
                (&nc, kc)
            } else {
                (kc, &nc)
            };
            if long.len() != short.len()
                && long.last().is_some_and(|c| c.is_ascii_digit() || *c == 's')
                && long[..long.len() - 1] == short[..]
            {
                continue;
            }
            return Some(k.name.as_str());
        }
    }
    None
}

fn version_lt(a: &str, b: &str) -> bool {
    let parse = |s: &str| -> Vec<u64> {
        s.split(['.', '-', '+'])
            .map(|p| p.parse().unwrap_or(0))
            .collect()
    };
    parse(a) < parse(b)
}

/// Rules for one package spec.
pub fn check_package(cx: &mut Ctx, runner: &str, spec: &Arg, python: bool, frame: &Frame) {
    let src = if python {
        py_spec(&spec.text)
    } else {
        npm_spec(&spec.text)
    };
    match src {
        Source::Remote(what) => {
            // In a spec handed to `check` (a platform gating user-submitted configs), the
            // source is the submitter's choice: their code runs.
            let input = cx.spec.scope == warden_core::Scope::Input;
            let sev = if input {
                Severity::Critical
            } else {
                Severity::High
            };
            let who = if input {
                " The spec is untrusted input, so this is code of its author's choosing."
            } else {
                ""
            };
            cx.emit_fix(
                &REMOTE_SOURCE,
                sev,
                &spec.field,
                frame,
                format!("`{runner}` installs and runs `{}` from {what}: whatever it serves at launch time runs, with no version or integrity to review.{who}", show(&spec.text)),
                Some(if python { "Install from PyPI at a pinned version: `uvx --from <package>==<version> <command>`." } else { "Install from the npm registry at a pinned version: `npx -y <package>@<version>`." }),
            );
        }
        Source::Local => crate::rules::location::script_location(cx, spec, frame, "package"),
        Source::Registry { name, version } => {
            if let Some(k) = lookalike(&name) {
                cx.emit(&TYPOSQUAT, Severity::High, &spec.field, frame, format!("`{}` looks like the well-known package `{k}` but is not it: a typosquat runs whatever its publisher wrote.", show(&name)));
            }
            if !name.is_ascii() {
                cx.emit(&INVISIBLE_CHARACTERS, Severity::High, &spec.field, frame, format!("The package name `{}` contains non-ASCII letters, which registries and readers may not treat alike.", show(&name)));
            }
            if let Some(v) = &version {
                for (pkg, fixed, what) in ADVISORIES {
                    if name.eq_ignore_ascii_case(pkg) && exact(&version) && version_lt(v, fixed) {
                        cx.emit(
                            &VULNERABLE_VERSION,
                            Severity::High,
                            &spec.field,
                            frame,
                            format!("`{name}@{v}` is older than {fixed}, which fixed {what}."),
                        );
                    }
                }
            }
            if !exact(&version) && frame.lower == 0 {
                let how = match version.as_deref() {
                    Some("latest") => "`@latest`".to_string(),
                    Some(v) if !v.is_empty() => {
                        format!("the range `{}`", show(v.trim_start_matches("range:")))
                    }
                    _ => "no version".to_string(),
                };
                cx.emit(
                    &UNPINNED,
                    Severity::Low,
                    &spec.field,
                    frame,
                    format!(
                        "`{}` is run with {how}: every start may fetch a newer release.",
                        show(&name)
                    ),
                );
            }
        }
    }
}

fn registry_value(cx: &mut Ctx, runner: &str, flag: &str, value: &Arg, frame: &Frame) {
    let known = crate::rules::env::known_registry(&value.text);
    let sev = if known {
        Severity::Low
    } else {
        Severity::Critical
    };
    cx.emit(
        &REGISTRY_OVERRIDE,
        sev,
        &value.field,
        frame,
        if known {
            format!("`{runner} {flag} {}` names a well-known public registry explicitly.", show(&value.text))
        } else {
            format!("`{runner} {flag} {}` downloads the package from a server the config chooses, which can serve anything under the familiar name.", show(&value.text))
        },
    );
}

/// Flags of npm runners that take a value.
const NPM_VALUED: &[&str] = &[
    "-p",
    "--package",
    "-c",
    "--call",
    "--registry",
    "--userconfig",
    "--globalconfig",
    "--node-options",
    "--cache",
    "--prefix",
    "-w",
    "--workspace",
    "--script-shell",
    "--shell",
    "--loglevel",
    "--userconfig",
];

/// `npx`, `npm exec`, `pnpm dlx`, `yarn dlx`, `bunx`: `argv[start..]` are the runner's words.
pub fn npm_runner(cx: &mut Ctx, prog: &Program, argv: &[Arg], start: usize, frame: &Frame) {
    let runner = if start > 1 {
        format!("{} {}", prog.base, argv[1].text)
    } else {
        prog.base.clone()
    };
    let mut packages: Vec<Arg> = Vec::new();
    let mut i = start;
    let mut positional: Option<usize> = None;
    while i < argv.len() {
        let a = &argv[i];
        let t = a.text.as_str();
        if t == "--" {
            i += 1;
            if positional.is_none() && i < argv.len() {
                positional = Some(i);
            }
            break;
        }
        if t.starts_with("--") {
            let (flag, inline) = match t.split_once('=') {
                Some((f, v)) => (f, Some(Arg::new(v, a.field.clone()))),
                None => (t, None),
            };
            let value = inline.clone().or_else(|| {
                if NPM_VALUED.contains(&flag) {
                    argv.get(i + 1).cloned()
                } else {
                    None
                }
            });
            handle_npm_flag(cx, &runner, flag, value.as_ref(), &mut packages, frame);
            i += if inline.is_none() && NPM_VALUED.contains(&flag) {
                2
            } else {
                1
            };
            continue;
        }
        if t.starts_with('-') && t.len() > 1 {
            // Clustered short flags: `-yc CMD`, `-yp pkg`.
            let letters: Vec<char> = t[1..].chars().collect();
            let mut took = false;
            for (k, c) in letters.iter().enumerate() {
                let flag = format!("-{c}");
                if NPM_VALUED.contains(&flag.as_str()) {
                    let rest: String = letters[k + 1..].iter().collect();
                    let value = if rest.is_empty() {
                        took = true;
                        argv.get(i + 1).cloned()
                    } else {
                        Some(Arg::new(rest, a.field.clone()))
                    };
                    handle_npm_flag(cx, &runner, &flag, value.as_ref(), &mut packages, frame);
                    break;
                }
            }
            i += if took { 2 } else { 1 };
            continue;
        }
        positional = Some(i);
        break;
    }
    let f = frame.push(show_argv(
        &argv[..argv
            .len()
            .min(positional.map(|p| p + 1).unwrap_or(argv.len()))],
    ));
    if cx
        .findings
        .iter()
        .any(|x| std::ptr::eq(x.rule, &crate::rules::exec::PACKAGE_RUNNER_CALL))
        && positional.is_none()
    {
        return;
    }
    match positional {
        Some(p) => {
            if packages.is_empty() {
                check_package(cx, &runner, &argv[p], false, frame);
            } else {
                for pkg in &packages {
                    check_package(cx, &runner, pkg, false, frame);
                }
            }
            delegated(cx, &Program::parse(&argv[p].text), argv, p + 1, &f);
        }
        None => {
            for pkg in &packages {
                check_package(cx, &runner, pkg, false, frame);
            }
        }
    }
}

fn handle_npm_flag(
    cx: &mut Ctx,
    runner: &str,
    flag: &str,
    value: Option<&Arg>,
    packages: &mut Vec<Arg>,
    frame: &Frame,
) {
    match flag {
        "-p" | "--package" => {
            if let Some(v) = value {
                packages.push(v.clone());
            }
        }
        "-c" | "--call" => {
            let v = value.cloned().unwrap_or_else(|| Arg::new("", ""));
            cx.emit(
                &crate::rules::exec::PACKAGE_RUNNER_CALL,
                Severity::Critical,
                &v.field,
                frame,
                format!(
                    "`{runner} {flag}` hands `{}` to a shell: it runs a command, not a package.",
                    show(&v.text)
                ),
            );
            let s = shell::parse(&v.text, Dialect::Posix);
            let f = frame.push(format!("{runner} {flag}")).in_shell();
            engine::script_walk(cx, &s, &v.field, &f, Dialect::Posix);
        }
        "--registry" => {
            if let Some(v) = value {
                registry_value(cx, runner, flag, v, frame);
            }
        }
        "--userconfig" | "--globalconfig" => {
            if let Some(v) = value {
                cx.emit(&REGISTRY_OVERRIDE, Severity::High, &v.field, frame, format!("`{runner} {flag} {}` loads npm settings (registry, scripts, shell) from that file.", show(&v.text)));
            }
        }
        "--node-options" => {
            if let Some(v) = value {
                crate::rules::env::check_var(cx, "NODE_OPTIONS", Some(&v.text), &v.field, frame);
            }
        }
        "--script-shell" | "--shell" => {
            if let Some(v) = value {
                cx.emit(
                    &crate::rules::exec::PACKAGE_RUNNER_CALL,
                    Severity::Critical,
                    &v.field,
                    frame,
                    format!(
                        "`{runner} {flag} {}` replaces the shell npm runs scripts with.",
                        show(&v.text)
                    ),
                );
            }
        }
        _ => {}
    }
}

/// npm, pnpm, yarn, bun, uv, uvx, pipx, pip, deno.
pub fn dispatch(cx: &mut Ctx, prog: &Program, argv: &[Arg], frame: &Frame) {
    let sub = argv.get(1).map(|a| a.text.as_str()).unwrap_or("");
    match prog.base.as_str() {
        "npm" => {
            if matches!(sub, "exec" | "x") {
                npm_runner(cx, prog, argv, 2, frame);
            } else if matches!(sub, "install" | "i" | "add" | "ci") {
                for a in argv.iter().skip(2).filter(|a| !a.text.starts_with('-')) {
                    check_package(cx, "npm install", a, false, frame);
                }
            }
        }
        "pnpm" | "yarn" => {
            if sub == "dlx" {
                npm_runner(cx, prog, argv, 2, frame);
            } else if matches!(sub, "add" | "install") {
                for a in argv.iter().skip(2).filter(|a| !a.text.starts_with('-')) {
                    check_package(cx, &format!("{} {sub}", prog.base), a, false, frame);
                }
            } else if prog.base == "pnpm" && sub == "exec" && argv.len() > 2 {
                engine::visit(cx, argv[2..].to_vec(), &frame.push("pnpm exec"));
            }
        }
        "bun" => {
            if sub == "x" {
                npm_runner(cx, prog, argv, 2, frame);
            } else if let Some(i) = argv
                .iter()
                .position(|a| matches!(a.text.as_str(), "-e" | "--eval" | "-p" | "--print"))
            {
                let code = argv.get(i + 1).cloned().unwrap_or_else(|| argv[i].clone());
                cx.emit(
                    &crate::rules::exec::INTERPRETER_EVAL,
                    Severity::Critical,
                    &code.field,
                    frame,
                    format!(
                        "`bun {}` evaluates the code `{}` given in the config.",
                        argv[i].text,
                        show(&code.text)
                    ),
                );
                crate::rules::network::code_downloads(cx, "bun", &code.text, &code.field, frame);
            } else {
                let script = argv
                    .iter()
                    .skip(1)
                    .find(|a| !a.text.starts_with('-') && a.text != "run");
                if let Some(s) = script {
                    crate::rules::network::remote_script_url(cx, "bun", s, frame);
                    crate::rules::location::script_location(cx, s, frame, "script");
                }
            }
        }
        "uvx" => uv_tool_run(cx, "uvx", argv, 1, frame),
        "uv" => {
            // Global options come before the subcommand: `uv --directory X run …`.
            let mut i = 1;
            while i < argv.len() && argv[i].text.starts_with('-') {
                let t = argv[i].text.as_str();
                uv_option(cx, "uv", t, argv.get(i + 1), &argv[i], frame);
                i += if UV_VALUED.contains(&t) { 2 } else { 1 };
            }
            let sub = argv.get(i).map(|a| a.text.as_str()).unwrap_or("");
            match sub {
                "tool" if argv.get(i + 1).is_some_and(|a| a.text == "run") => {
                    uv_tool_run(cx, "uv tool run", argv, i + 2, frame)
                }
                "tool" if argv.get(i + 1).is_some_and(|a| a.text == "install") => {
                    uv_tool_run(cx, "uv tool install", argv, i + 2, frame)
                }
                "run" => uv_run(cx, argv, i + 1, frame),
                "pip" if argv.get(i + 1).is_some_and(|a| a.text == "install") => {
                    let mut v = vec![Arg::new("pip", argv[0].field.clone())];
                    v.extend(argv[i + 1..].iter().cloned());
                    pip_like(cx, &v, frame);
                }
                _ => {}
            }
        }
        "pipx" => {
            if matches!(sub, "run" | "install") {
                let mut i = 2;
                let mut spec: Option<Arg> = None;
                while i < argv.len() {
                    let t = argv[i].text.as_str();
                    if t == "--spec" {
                        spec = argv.get(i + 1).cloned();
                        i += 2;
                        continue;
                    }
                    if matches!(t, "--index-url" | "-i" | "--pip-args") {
                        if let Some(v) = argv.get(i + 1) {
                            if t == "--pip-args" {
                                if v.text.contains("index-url") || v.text.contains("find-links") {
                                    registry_value(cx, "pipx", t, v, frame);
                                }
                            } else {
                                registry_value(cx, "pipx", t, v, frame);
                            }
                        }
                        i += 2;
                        continue;
                    }
                    if t.starts_with('-') {
                        i += 1;
                        continue;
                    }
                    break;
                }
                if let Some(s) = spec.or_else(|| argv.get(i).cloned()) {
                    check_package(cx, "pipx", &s, true, frame);
                }
            }
        }
        "pip" => {
            if matches!(sub, "install" | "download" | "wheel") {
                pip_like(cx, argv, frame);
            }
        }
        "deno" => deno(cx, argv, frame),
        _ => {}
    }
}

const UV_VALUED: &[&str] = &[
    "--directory",
    "--project",
    "--config-file",
    "--python",
    "-p",
    "--index-url",
    "-i",
    "--extra-index-url",
    "--index",
    "--default-index",
    "--find-links",
    "-f",
    "--from",
    "--with",
    "--with-editable",
    "--with-requirements",
    "--env-file",
    "--extra",
    "--group",
    "--package",
    "--allow-insecure-host",
    "--cache-dir",
    "--python-preference",
    "--index-strategy",
    "--keyring-provider",
    "--resolution",
    "--prerelease",
    "--exclude-newer",
    "--link-mode",
    "--color",
    "--only-group",
    "--no-group",
    "-w",
    "-e",
    "--constraints",
    "-c",
    "--overrides",
    "--build-constraints",
];

fn uv_option(cx: &mut Ctx, runner: &str, t: &str, next: Option<&Arg>, here: &Arg, frame: &Frame) {
    let (flag, value) = match t.split_once('=') {
        Some((f, v)) => (f, Some(Arg::new(v, here.field.clone()))),
        None => (t, next.cloned()),
    };
    match flag {
        "--index-url" | "-i" | "--extra-index-url" | "--index" | "--default-index"
        | "--find-links" | "-f" => {
            if let Some(v) = value {
                let v2 = Arg::new(
                    v.text
                        .split_once('=')
                        .map(|(_, u)| u.to_string())
                        .filter(|_| flag == "--index")
                        .unwrap_or(v.text.clone()),
                    v.field.clone(),
                );
                registry_value(cx, runner, flag, &v2, frame);
            }
        }
        "--config-file" => {
            if let Some(v) = value {
                cx.emit(&REGISTRY_OVERRIDE, Severity::High, &v.field, frame, format!("`{runner} --config-file {}` takes uv settings (indexes, sources) from that file.", show(&v.text)));
            }
        }
        "--allow-insecure-host" => {
            if let Some(v) = value {
                cx.emit(&crate::rules::env::TLS_PROXY, Severity::High, &v.field, frame, format!("`{runner} --allow-insecure-host {}` downloads packages from that host without certificate checks.", show(&v.text)));
            }
        }
        "--from" | "--with" | "--with-editable" => {
            if let Some(v) = value {
                for part in v.text.split(',') {
                    check_package(
                        cx,
                        &format!("{runner} {flag}"),
                        &Arg::new(part.trim(), v.field.clone()),
                        true,
                        frame,
                    );
                }
            }
        }
        "--with-requirements" => {
            if let Some(v) = value {
                crate::rules::location::script_location(cx, &v, frame, "requirements file");
            }
        }
        _ => {}
    }
}

/// `uvx [opts] pkg[@v] [args]`, `uv tool run …`.
fn uv_tool_run(cx: &mut Ctx, runner: &str, argv: &[Arg], start: usize, frame: &Frame) {
    let mut i = start;
    let mut from = false;
    while i < argv.len() {
        let t = argv[i].text.as_str();
        if t == "--" {
            i += 1;
            break;
        }
        if !t.starts_with('-') {
            break;
        }
        if t == "--from" || t.starts_with("--from=") {
            from = true;
        }
        uv_option(cx, runner, t, argv.get(i + 1), &argv[i], frame);
        let flag = t.split('=').next().unwrap_or(t);
        i += if UV_VALUED.contains(&flag) && !t.contains('=') {
            2
        } else {
            1
        };
    }
    let Some(cmd) = argv.get(i) else { return };
    if !from {
        check_package(cx, runner, cmd, true, frame);
    }
    let f = frame.push(show_argv(&argv[..=i]));
    delegated(cx, &Program::parse(&cmd.text), argv, i + 1, &f);
}

/// `uv run [opts] <command|script|URL> …`.
fn uv_run(cx: &mut Ctx, argv: &[Arg], start: usize, frame: &Frame) {
    let mut i = start;
    while i < argv.len() {
        let t = argv[i].text.as_str();
        if t == "--" {
            i += 1;
            break;
        }
        if !t.starts_with('-') {
            break;
        }
        uv_option(cx, "uv run", t, argv.get(i + 1), &argv[i], frame);
        let flag = t.split('=').next().unwrap_or(t);
        i += if UV_VALUED.contains(&flag) && !t.contains('=') {
            2
        } else {
            1
        };
    }
    let Some(cmd) = argv.get(i) else { return };
    let l = cmd.text.to_ascii_lowercase();
    if l.starts_with("http://") || l.starts_with("https://") {
        crate::rules::network::remote_script_url(cx, "uv run", cmd, frame);
        return;
    }
    if l.ends_with(".py") {
        crate::rules::location::script_location(cx, cmd, frame, "script");
        return;
    }
    engine::visit(cx, argv[i..].to_vec(), &frame.push("uv run"));
}

/// `pip install …` (also `python -m pip install`, `uv pip install`).
pub fn pip_like(cx: &mut Ctx, argv: &[Arg], frame: &Frame) {
    let mut i = 2;
    while i < argv.len() {
        let t = argv[i].text.as_str();
        if matches!(
            t,
            "-i" | "--index-url" | "--extra-index-url" | "-f" | "--find-links"
        ) || t.starts_with("--index-url=")
            || t.starts_with("--extra-index-url=")
        {
            let (flag, v) = match t.split_once('=') {
                Some((f, v)) => (f, Some(Arg::new(v, argv[i].field.clone()))),
                None => (t, argv.get(i + 1).cloned()),
            };
            if let Some(v) = v {
                registry_value(cx, "pip", flag, &v, frame);
            }
            i += if t.contains('=') { 1 } else { 2 };
            continue;
        }
        if matches!(
            t,
            "-r" | "--requirement"
                | "-c"
                | "--constraint"
                | "-t"
                | "--target"
                | "--prefix"
                | "--root"
        ) {
            i += 2;
            continue;
        }
        if t == "-e" || t == "--editable" {
            if let Some(v) = argv.get(i + 1) {
                check_package(cx, "pip install -e", v, true, frame);
            }
            i += 2;
            continue;
        }
        if t.starts_with('-') {
            i += 1;
            continue;
        }
        check_package(cx, "pip install", &argv[i], true, frame);
        i += 1;
    }
}

fn deno(cx: &mut Ctx, argv: &[Arg], frame: &Frame) {
    let sub = argv.get(1).map(|a| a.text.as_str()).unwrap_or("");
    match sub {
        "eval" => {
            let code = argv
                .iter()
                .skip(2)
                .find(|a| !a.text.starts_with('-'))
                .cloned()
                .unwrap_or_else(|| argv[1].clone());
            cx.emit(
                &crate::rules::exec::INTERPRETER_EVAL,
                Severity::Critical,
                &code.field,
                frame,
                format!(
                    "`deno eval` evaluates the code `{}` given in the config.",
                    show(&code.text)
                ),
            );
            crate::rules::network::code_downloads(cx, "deno", &code.text, &code.field, frame);
        }
        "run" | "serve" | "x" | "install" | "compile" => {
            let all = argv.iter().any(|a| {
                a.text == "-A"
                    || a.text == "--allow-all"
                    || a.text == "--allow-run"
                    || a.text.starts_with("--allow-run=")
            });
            if let Some(script) = argv.iter().skip(2).find(|a| !a.text.starts_with('-')) {
                let l = script.text.to_ascii_lowercase();
                if l.starts_with("http://") || l.starts_with("https://") {
                    let extra = if all {
                        " with every permission (`-A`)"
                    } else {
                        ""
                    };
                    cx.emit(&crate::rules::network::REMOTE_SCRIPT, Severity::Critical, &script.field, frame, format!("`deno {sub}` runs the script at `{}` straight from the network{extra}: unpinned and unreviewed.", show(&script.text)));
                } else if let Some(rest) = l.strip_prefix("npm:").or_else(|| l.strip_prefix("jsr:"))
                {
                    let _ = rest;
                    let spec = Arg::new(script.text[4..].to_string(), script.field.clone());
                    check_package(cx, &format!("deno {sub}"), &spec, false, frame);
                } else {
                    crate::rules::location::script_location(cx, script, frame, "script");
                }
            }
        }
        _ => {}
    }
}

/// Commands handed on to another program: `… -- uvx pkg`, `--stdio "npx -y pkg"`.
pub fn delegated(cx: &mut Ctx, prog: &Program, argv: &[Arg], start: usize, frame: &Frame) {
    const FLAGS: &[&str] = &[
        "--stdio",
        "--command",
        "--cmd",
        "--exec",
        "--server-command",
        "--upstream-command",
        "--stdio-command",
        "--server",
    ];
    let who = prog.base.clone();
    let mut i = start;
    while i < argv.len() {
        let t = argv[i].text.as_str();
        if t == "--" {
            if let Some(next) = argv.get(i + 1) {
                let p = Program::parse(&next.text);
                if crate::rules::exec::is_launcher(&p.base)
                    || crate::program::SHELLS.contains(&p.base.as_str())
                    || p.kind != crate::program::PathKind::Bare
                    || p.base == "cmd"
                {
                    let f = frame
                        .push(format!("handed to {who}"))
                        .lowered(format!("`{who}` starts it, not the client directly"));
                    engine::visit(cx, argv[i + 1..].to_vec(), &f);
                }
            }
            return;
        }
        let (flag, inline) = match t.split_once('=') {
            Some((f, v)) => (f, Some(Arg::new(v, argv[i].field.clone()))),
            None => (t, None),
        };
        if FLAGS.contains(&flag)
            && let Some(v) = inline.or_else(|| argv.get(i + 1).cloned())
            && v.text.contains(' ')
        {
            let f = frame
                .push(format!("handed to {who} {flag}"))
                .lowered(format!("`{who}` starts it, not the client directly"));
            if engine::has_shell_meta(&v.text) {
                let s = shell::parse(&v.text, Dialect::Posix);
                engine::script_walk(cx, &s, &v.field, &f.in_shell(), Dialect::Posix);
            } else {
                let words = shlex::split(&v.text).unwrap_or_default();
                engine::visit(
                    cx,
                    words
                        .into_iter()
                        .map(|w| Arg::new(w, v.field.clone()))
                        .collect(),
                    &f,
                );
            }
        }
        i += 1;
    }
}

/// MW504 over every string of the spec.
pub fn invisible(cx: &mut Ctx) {
    let spec: &LaunchSpec = cx.spec;
    let bad = |s: &str| {
        s.chars().find(|c| matches!(*c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFEFF | 0x00AD | 0x180E))
    };
    let mut hits: Vec<(String, char)> = Vec::new();
    if let Some(c) = &spec.command
        && let Some(ch) = bad(&c.value)
    {
        hits.push(("command".into(), ch));
    }
    for (i, a) in spec.args.iter().enumerate() {
        if let Some(ch) = bad(&a.value) {
            hits.push((format!("args[{i}]"), ch));
        }
    }
    for e in &spec.env {
        if let Some(ch) = bad(&e.name).or_else(|| e.value.as_ref().and_then(|v| bad(&v.value))) {
            hits.push((format!("env.{}", e.name), ch));
        }
    }
    if let Some(u) = &spec.url
        && let Some(ch) = bad(&u.value)
    {
        hits.push(("url".into(), ch));
    }
    let top = Frame {
        top: true,
        ..Frame::default()
    };
    for (field, ch) in hits {
        cx.emit(&INVISIBLE_CHARACTERS, Severity::Critical, &field, &top, format!("`{field}` contains the invisible character U+{:04X}: what is displayed is not what runs.", ch as u32));
    }
    if let Some(c) = &spec.command
        && !c.value.is_ascii()
        && c.value
            .chars()
            .any(|ch| ch.is_alphabetic() && !ch.is_ascii())
    {
        let p = Program::parse(&c.value);
        if p.base
            .chars()
            .any(|ch| ch.is_alphabetic() && !ch.is_ascii())
            && crate::rules::exec::is_launcher(&skeleton(&p.base))
        {
            cx.emit(
                &INVISIBLE_CHARACTERS,
                Severity::Critical,
                "command",
                &top,
                format!(
                    "The program name `{}` uses look-alike non-ASCII letters for `{}`.",
                    show(&p.base),
                    skeleton(&p.base)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs() {
        assert_eq!(
            npm_spec("@a/b@1.2.3"),
            Source::Registry {
                name: "@a/b".into(),
                version: Some("1.2.3".into())
            }
        );
        assert_eq!(
            npm_spec("pkg"),
            Source::Registry {
                name: "pkg".into(),
                version: None
            }
        );
        assert!(matches!(npm_spec("github:a/b"), Source::Remote(_)));
        assert!(matches!(npm_spec("a/b"), Source::Remote(_)));
        assert!(matches!(npm_spec("https://x/y.tgz"), Source::Remote(_)));
        assert!(matches!(
            py_spec("git+https://github.com/a/b"),
            Source::Remote(_)
        ));
        assert!(matches!(
            py_spec("pkg @ https://x/y.whl"),
            Source::Remote(_)
        ));
        assert_eq!(
            py_spec("pkg==1.0"),
            Source::Registry {
                name: "pkg".into(),
                version: Some("1.0".into())
            }
        );
        assert!(exact(&Some("1.0".into())));
        assert!(!exact(&Some("latest".into())));
    }

    #[test]
    fn lookalikes() {
        assert_eq!(
            lookalike("@modelcontextprotocol/server-filesytem"),
            Some("@modelcontextprotocol/server-filesystem")
        );
        assert_eq!(lookalike("@modelcontextprotocol/server-filesystem"), None);
        assert_eq!(lookalike("mcp-server-fetсh"), Some("mcp-server-fetch"));
        assert_eq!(lookalike("totally-unrelated-package"), None);
        assert!(version_lt("0.1.15", "0.1.16") && !version_lt("0.1.16", "0.1.16"));
    }
}
