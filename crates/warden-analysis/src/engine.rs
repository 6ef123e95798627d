//! The walk: from `command` + `args` to every program that will run, layer by layer.
//!
//! [`start`] turns the spec into an argv of [`Arg`]s (each remembers the spec field it came
//! from), and [`visit`] looks at its program: wrappers (`env`, `sudo`, `timeout`, `cmd /c`,
//! `sh -c`, `powershell -Command`, package runners, `docker run`, …) are unwrapped into a new
//! argv or a parsed script and visited again with one more layer in the [`Frame`]'s chain;
//! every other program goes to the rule families.

use warden_core::{Finding, LaunchSpec, RuleInfo, Severity, secrets, vars};

use crate::program::{self, PathKind, Program};
use crate::rules;
use crate::shell::{self, Dialect, Script};

/// One argv word and the spec field it came from (`command`, `args[3]`).
#[derive(Clone, Debug)]
pub struct Arg {
    pub text: String,
    pub field: String,
}

impl Arg {
    pub fn new(text: impl Into<String>, field: impl Into<String>) -> Arg {
        Arg {
            text: text.into(),
            field: field.into(),
        }
    }
}

/// Where in the unwrapping we are.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    /// Layers so far, outermost first (`cmd /c`, `npx -y pkg`).
    pub chain: Vec<String>,
    /// Steps by which findings here are lowered (inside a container, handed to another program).
    pub lower: u8,
    /// Why, for the message.
    pub lower_why: Option<String>,
    /// The words were read from a shell script (metacharacters are live).
    pub shell: bool,
    pub depth: usize,
    /// The spec's own command, as written.
    pub top: bool,
}

impl Frame {
    pub fn push(&self, layer: impl Into<String>) -> Frame {
        let mut f = self.clone();
        f.chain.push(layer.into());
        f.depth += 1;
        f.top = false;
        f
    }

    pub fn lowered(mut self, why: impl Into<String>) -> Frame {
        self.lower = self.lower.saturating_add(1);
        self.lower_why = Some(why.into());
        self
    }

    pub fn in_shell(mut self) -> Frame {
        self.shell = true;
        self
    }
}

const MAX_DEPTH: usize = 16;
const MAX_VISITS: usize = 400;

/// The analysis of one spec in progress.
pub struct Ctx<'a> {
    pub spec: &'a LaunchSpec,
    pub findings: Vec<Finding>,
    /// Programs seen while unwrapping (normalised names).
    pub programs: Vec<String>,
    visits: usize,
}

pub fn lower(s: Severity) -> Severity {
    match s {
        Severity::Critical => Severity::High,
        Severity::High => Severity::Medium,
        Severity::Medium => Severity::Low,
        Severity::Low | Severity::Info => Severity::Info,
        Severity::None => Severity::None,
    }
}

impl<'a> Ctx<'a> {
    pub fn new(spec: &'a LaunchSpec) -> Ctx<'a> {
        Ctx {
            spec,
            findings: Vec::new(),
            programs: Vec::new(),
            visits: 0,
        }
    }

    /// Record a finding about `field`, as seen through `frame`.
    pub fn emit(
        &mut self,
        rule: &'static RuleInfo,
        severity: Severity,
        field: &str,
        frame: &Frame,
        message: impl Into<String>,
    ) {
        self.emit_fix(rule, severity, field, frame, message, None::<String>);
    }

    pub fn emit_fix(
        &mut self,
        rule: &'static RuleInfo,
        severity: Severity,
        field: &str,
        frame: &Frame,
        message: impl Into<String>,
        fix: Option<impl Into<String>>,
    ) {
        let mut message = message.into();
        let mut sev = severity;
        for _ in 0..frame.lower {
            sev = lower(sev);
        }
        if frame.lower > 0
            && sev < severity
            && let Some(why) = &frame.lower_why
        {
            message.push_str(&format!(" (Lowered from {severity}: {why}.)"));
        }
        let mut f = Finding::new(rule, field, message)
            .with_severity(sev)
            .with_span(self.spec.field_span(field))
            .with_chain(frame.chain.clone());
        if let Some(fix) = fix {
            f = f.with_fix(fix);
        }
        self.findings.push(f);
    }
}

/// A word for a message: secrets redacted, long text shortened.
pub fn show(s: &str) -> String {
    let words: Vec<&str> = s.split(' ').collect();
    let redacted = secrets::redact_argv(&words);
    let mut out = redacted.join(" ");
    // Any token-like piece left inside a longer word (`--key=sk-…` inside a script).
    let pieces: Vec<String> = out
        .split(|c: char| c.is_whitespace() || "'\"=;&|(),".contains(c))
        .filter(|p| p.len() >= 12 && secrets::classify(p, None).is_some())
        .map(str::to_string)
        .collect();
    for p in pieces {
        out = out.replace(&p, vars::REDACTED);
    }
    let out = out.replace(['\n', '\r'], " ");
    if out.chars().count() > 120 {
        let cut: String = out.chars().take(117).collect();
        format!("{cut}…")
    } else {
        out
    }
}

/// A whole argv for a message.
pub fn show_argv(argv: &[Arg]) -> String {
    let words: Vec<&str> = argv.iter().map(|a| a.text.as_str()).collect();
    let red = secrets::redact_argv(&words);
    show(
        &red.iter()
            .map(|w| warden_core::spec::shell_quote(w))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Shell metacharacters that make a `command` string a command line.
pub fn has_shell_meta(s: &str) -> bool {
    s.contains(['|', ';', '&', '<', '>', '`', '\n']) || s.contains("$(")
}

/// Start the walk at the spec's command.
pub fn start(cx: &mut Ctx) {
    let Some(cmd) = cx.spec.command.clone() else {
        return;
    };
    let mut argv: Vec<Arg> = Vec::new();
    let frame = Frame {
        top: true,
        ..Frame::default()
    };
    let text = cmd.value.trim().to_string();
    if text.is_empty() {
        return;
    }
    let pathlike = matches!(
        program::path_kind(&text),
        PathKind::Absolute | PathKind::Unc
    ) && !has_shell_meta(&text);
    if text.contains(char::is_whitespace) && !pathlike {
        if has_shell_meta(&text) {
            // The whole command line is in `command`: it only runs through a shell.
            let mut full = text.clone();
            for a in &cx.spec.args {
                full.push(' ');
                full.push_str(&warden_core::spec::shell_quote(&a.value));
            }
            cx.emit(
                &rules::exec::COMMAND_LINE_IN_COMMAND,
                Severity::High,
                "command",
                &frame,
                format!(
                    "`command` holds a whole shell command line (`{}`): clients that hand it to a \
                     shell run every part of it, pipes and redirections included.",
                    show(&text)
                ),
            );
            let script = shell::parse(&full, Dialect::Posix);
            let f = frame.push("command line").in_shell();
            script_walk(cx, &script, "command", &f, Dialect::Posix);
            return;
        }
        let words = shlex::split(&text)
            .unwrap_or_else(|| text.split_whitespace().map(str::to_string).collect());
        cx.emit(
            &rules::exec::COMMAND_LINE_IN_COMMAND,
            Severity::Low,
            "command",
            &frame,
            format!(
                "`command` is `{}`, a program and its arguments in one string: some clients split \
                 it on spaces, others look for a program literally named so.",
                show(&text)
            ),
        );
        argv.extend(words.into_iter().map(|w| Arg::new(w, "command")));
    } else {
        argv.push(Arg::new(text, "command"));
    }
    for (i, a) in cx.spec.args.iter().enumerate() {
        argv.push(Arg::new(a.value.clone(), format!("args[{i}]")));
    }
    rules::exec::operators_in_argv(cx, &argv, &frame);
    visit(cx, argv, &frame);
}

/// Look at one argv: unwrap it or hand it to the rules.
pub fn visit(cx: &mut Ctx, argv: Vec<Arg>, frame: &Frame) {
    let Some(first) = argv.first() else {
        return;
    };
    cx.visits += 1;
    if frame.depth > MAX_DEPTH || cx.visits > MAX_VISITS {
        cx.emit(
            &rules::exec::SHELL_UNPARSABLE,
            Severity::High,
            &first.field.clone(),
            frame,
            "The command nests wrappers deeper than the analysis follows; what finally runs was \
             not checked.",
        );
        return;
    }
    let prog = Program::parse(&first.text);
    cx.programs.push(prog.base.clone());
    rules::location::program_location(cx, &prog, first, frame);
    if prog.is_batch() && !frame.shell {
        rules::exec::batch_shim_arguments(cx, &prog, &argv, frame);
    }
    let b = prog.base.as_str();
    match b {
        "env" => unwrap_env(cx, &argv, frame),
        "sudo" | "doas" | "pkexec" | "run0" | "gosu" | "su-exec" | "runas" | "su" => {
            rules::containers::privilege(cx, &prog, &argv, frame)
        }
        "timeout" | "nice" | "nohup" | "stdbuf" | "setsid" | "time" | "ionice" | "taskset"
        | "chrt" | "unbuffer" | "caffeinate" | "exec" | "command" | "builtin" | "xargs"
        | "busybox" | "wsl" | "flock" | "watch" | "script" | "call" | "start"
        | "dbus-run-session" | "systemd-run" | "firejail" | "bwrap" | "proxychains"
        | "proxychains4" | "torsocks" | "tini" | "dumb-init" | "with-contenv" | "npm-run-all" => {
            unwrap_prefix(cx, &prog, &argv, frame)
        }
        "cmd" => unwrap_cmd(cx, &argv, frame),
        "powershell" | "pwsh" | "powershell_ise" => unwrap_powershell(cx, &prog, &argv, frame),
        _ if program::SHELLS.contains(&b) => unwrap_shell(cx, &prog, &argv, frame),
        "npx" | "bunx" | "pnpx" => rules::packages::npm_runner(cx, &prog, &argv, 1, frame),
        "npm" | "pnpm" | "yarn" | "bun" | "uv" | "uvx" | "pipx" | "pip" | "deno" => {
            rules::packages::dispatch(cx, &prog, &argv, frame)
        }
        "docker" | "podman" | "nerdctl" | "finch" | "docker-compose" | "lima" => {
            rules::containers::container(cx, &prog, &argv, frame)
        }
        _ => rules::dispatch_program(cx, &prog, &argv, frame),
    }
}

/// `env [-i] [-u NAME] [-S STRING] [NAME=VALUE]… COMMAND …`
fn unwrap_env(cx: &mut Ctx, argv: &[Arg], frame: &Frame) {
    let mut i = 1;
    let f = frame.push("env");
    while i < argv.len() {
        let a = &argv[i].text;
        if a == "-S"
            || a == "--split-string"
            || a.starts_with("--split-string=")
            || (a.starts_with("-S") && a.len() > 2)
        {
            let (text, next) = if a == "-S" || a == "--split-string" {
                (
                    argv.get(i + 1).map(|x| x.text.clone()).unwrap_or_default(),
                    i + 2,
                )
            } else if let Some(v) = a.strip_prefix("--split-string=") {
                (v.to_string(), i + 1)
            } else {
                (a[2..].to_string(), i + 1)
            };
            let field = argv
                .get(if next == i + 2 { i + 1 } else { i })
                .map(|x| x.field.clone())
                .unwrap_or_default();
            let words = shlex::split(&text)
                .unwrap_or_else(|| text.split_whitespace().map(str::to_string).collect());
            let mut nv: Vec<Arg> = words
                .into_iter()
                .map(|w| Arg::new(w, field.clone()))
                .collect();
            nv.extend(argv.iter().skip(next).cloned());
            let mut argv2 = vec![Arg::new("env", argv[0].field.clone())];
            argv2.extend(nv);
            // `env -S` turns one string into many words: read them as env would.
            let f2 = frame.push(format!("env -S {}", show(&text)));
            unwrap_env_rest(cx, &argv2, &f2);
            return;
        }
        if a == "-u" || a == "--unset" || a == "-C" || a == "--chdir" {
            i += 2;
            continue;
        }
        if a.starts_with('-') && !a.contains('=') {
            i += 1;
            if a == "--" {
                break;
            }
            continue;
        }
        break;
    }
    let mut rest = vec![Arg::new("env", argv[0].field.clone())];
    rest.extend(argv.iter().skip(i).cloned());
    unwrap_env_rest(cx, &rest, &f);
}

/// After the options of `env`: assignments, then the command.
fn unwrap_env_rest(cx: &mut Ctx, argv: &[Arg], frame: &Frame) {
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i].text;
        if let Some((name, value)) = a.split_once('=')
            && !name.is_empty()
            && !name.starts_with('-')
            && !name.contains('/')
        {
            let field = argv[i].field.clone();
            rules::env::check_var(cx, name, Some(value), &field, frame);
            i += 1;
            continue;
        }
        if a.starts_with('-') {
            i += 1;
            continue;
        }
        break;
    }
    if i < argv.len() {
        visit(cx, argv[i..].to_vec(), frame);
    }
}

/// Programs that run the rest of their argv after some options.
fn unwrap_prefix(cx: &mut Ctx, prog: &Program, argv: &[Arg], frame: &Frame) {
    // Options that take a value, per program.
    let valued: &[&str] = match prog.base.as_str() {
        "timeout" => &["-s", "--signal", "-k", "--kill-after"],
        "nice" => &["-n", "--adjustment"],
        "stdbuf" => &["-i", "-o", "-e", "--input", "--output", "--error"],
        "ionice" => &["-c", "-n", "-p", "-P", "-u", "--class", "--classdata"],
        "taskset" => &["-c", "--cpu-list"],
        "xargs" => &[
            "-I",
            "-L",
            "-n",
            "-P",
            "-d",
            "-E",
            "-s",
            "-a",
            "--arg-file",
            "--delimiter",
            "--max-args",
            "--max-procs",
            "--replace",
            "-i",
        ],
        "wsl" => &["-d", "--distribution", "-u", "--user", "--cd"],
        "time" => &["-f", "--format", "-o", "--output"],
        "exec" => &["-a"],
        "flock" => &["-w", "--timeout", "-E", "--conflict-exit-code"],
        "watch" => &["-n", "--interval", "-d"],
        "systemd-run" => &[
            "-p",
            "--property",
            "-u",
            "--unit",
            "--slice",
            "-E",
            "--setenv",
            "--uid",
            "--gid",
            "-M",
            "--machine",
        ],
        "firejail" | "bwrap" => &[],
        "script" => &["-c", "--command"],
        "call" | "start" => &[],
        _ => &[],
    };
    let b = prog.base.as_str();
    if b == "command"
        && argv
            .get(1)
            .is_some_and(|a| a.text == "-v" || a.text == "-V")
    {
        return; // `command -v x` only looks a program up.
    }
    if b == "script" {
        // `script -c CMD`: runs CMD through a shell.
        if let Some(pos) = argv
            .iter()
            .position(|a| a.text == "-c" || a.text == "--command")
        {
            if let Some(s) = argv.get(pos + 1) {
                let f = frame.push("script -c").in_shell();
                rules::exec::inline_shell(cx, "script", s, &f);
                let sc = shell::parse(&s.text, Dialect::Posix);
                script_walk(cx, &sc, &s.field, &f, Dialect::Posix);
            }
            return;
        }
    }
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].text.as_str();
        if a == "--" {
            i += 1;
            break;
        }
        if a.starts_with('-') && a.len() > 1 || (b == "start" && a.starts_with('/')) {
            let name = a.split('=').next().unwrap_or(a);
            if valued.contains(&name) && !a.contains('=') {
                i += 2;
            } else {
                i += 1;
            }
            if (b == "wsl") && (a == "-e" || a == "--exec") {
                break;
            }
            continue;
        }
        if b == "start" && a.is_empty() {
            i += 1; // `start "" program`: the empty title
            continue;
        }
        break;
    }
    // `timeout 10 cmd`, `nice 10`? , `taskset 0x1 cmd`: one positional before the command.
    if matches!(b, "timeout" | "taskset" | "chrt")
        && i < argv.len()
        && !argv.iter().any(|a| a.text == "-c" && b == "taskset")
    {
        i += 1;
        if b == "chrt" && i < argv.len() && argv[i].text.bytes().all(|c| c.is_ascii_digit()) {
            i += 1;
        }
    }
    if b == "busybox" && i < argv.len() {
        // `busybox sh -c …`: the next word is the applet.
    }
    if i >= argv.len() {
        return;
    }
    let layer = if i > 1 {
        format!("{} {}", prog.base, show_argv(&argv[1..i]))
    } else {
        prog.base.clone()
    };
    let mut f = frame.push(layer);
    if b == "wsl" {
        f = f.in_shell();
    }
    visit(cx, argv[i..].to_vec(), &f);
}

/// `cmd /c …`, `/k`, `/r`, clustered `/s/c`, `/q/k`.
fn unwrap_cmd(cx: &mut Ctx, argv: &[Arg], frame: &Frame) {
    let mut i = 1;
    let mut switch = None;
    while i < argv.len() {
        let a = argv[i].text.trim();
        if !a.starts_with('/') && !a.starts_with('-') {
            break;
        }
        let mut found = None;
        for part in a.split(['/', '-']).filter(|p| !p.is_empty()) {
            let l = part.to_ascii_lowercase();
            if let Some(c) = l.chars().next()
                && matches!(c, 'c' | 'k' | 'r')
                && (l.len() == 1)
            {
                found = Some(c);
            }
        }
        i += 1;
        if let Some(c) = found {
            switch = Some(c);
            break;
        }
    }
    let Some(sw) = switch else {
        return;
    };
    let rest: Vec<Arg> = argv[i..].to_vec();
    if rest.is_empty() {
        return;
    }
    let layer = format!("cmd /{sw}");
    let f = frame.push(layer.clone());
    if sw == 'k' {
        cx.emit(
            &rules::exec::SHELL_INLINE_SCRIPT,
            Severity::Medium,
            &argv[i - 1].field.clone(),
            frame,
            "`cmd /k` keeps the command interpreter running after the command, reading further \
             commands from the same standard input the client writes MCP messages to.",
        );
    }
    let joined_meta = rest
        .iter()
        .any(|a| a.text.contains(['&', '|', '<', '>', '^', '\n']));
    if rest.len() == 1 || joined_meta {
        // cmd.exe reads one command line: join, then parse as cmd would.
        let line = rest
            .iter()
            .map(|a| {
                if a.text.contains(' ') && !a.text.starts_with('"') && rest.len() > 1 {
                    format!("\"{}\"", a.text)
                } else {
                    a.text.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let field = rest[0].field.clone();
        let script = shell::parse(&line, Dialect::Cmd);
        let commands: usize = script.pipelines.iter().map(|p| p.commands.len()).sum();
        if commands > 1 {
            let arg = Arg::new(line.clone(), field.clone());
            rules::exec::inline_shell(cx, "cmd", &arg, &f);
        }
        script_walk(cx, &script, &field, &f.clone().in_shell(), Dialect::Cmd);
    } else {
        visit(cx, rest, &f);
    }
}

/// `sh -c SCRIPT`, `bash -lc`, `zsh script.sh`, `fish --command=…`.
fn unwrap_shell(cx: &mut Ctx, prog: &Program, argv: &[Arg], frame: &Frame) {
    let mut i = 1;
    let mut dash_c = false;
    let mut script_arg: Option<Arg> = None;
    while i < argv.len() {
        let a = argv[i].text.as_str();
        if a == "--" {
            i += 1;
            break;
        }
        if let Some(v) = a.strip_prefix("--command=") {
            script_arg = Some(Arg::new(v, argv[i].field.clone()));
            break;
        }
        if a == "--command" {
            dash_c = true;
            i += 1;
            continue;
        }
        if matches!(a, "-o" | "+o" | "-O" | "+O" | "--rcfile" | "--init-file") {
            if matches!(a, "--rcfile" | "--init-file")
                && let Some(v) = argv.get(i + 1)
            {
                rules::location::script_location(cx, v, frame, "startup file");
            }
            i += 2;
            continue;
        }
        if a.starts_with("--") {
            i += 1;
            continue;
        }
        if (a.starts_with('-') || a.starts_with('+')) && a.len() > 1 {
            if a[1..].contains('c') {
                dash_c = true;
            }
            i += 1;
            continue;
        }
        break;
    }
    if script_arg.is_none() && dash_c {
        script_arg = argv.get(i).cloned();
    }
    let name = prog.base.clone();
    match script_arg {
        Some(s) => {
            let f = frame.push(format!("{name} -c")).in_shell();
            rules::exec::inline_shell(cx, &name, &s, &f);
            let dialect = Dialect::Posix;
            let script = shell::parse(&s.text, dialect);
            script_walk(cx, &script, &s.field, &f, dialect);
        }
        None => {
            if let Some(file) = argv.get(i) {
                rules::location::script_location(cx, file, frame, "script");
                rules::network::remote_script_url(cx, &name, file, frame);
            }
        }
    }
}

/// `powershell -Command …`, `-EncodedCommand …`, `-File …`.
fn unwrap_powershell(cx: &mut Ctx, prog: &Program, argv: &[Arg], frame: &Frame) {
    let mut i = 1;
    let valued = [
        "executionpolicy",
        "ep",
        "ex",
        "exec",
        "windowstyle",
        "w",
        "win",
        "version",
        "v",
        "inputformat",
        "if",
        "outputformat",
        "of",
        "o",
        "configurationname",
        "workingdirectory",
        "wd",
        "psconsolefile",
        "settingsfile",
    ];
    while i < argv.len() {
        let raw = argv[i].text.as_str();
        let Some(flag) = raw
            .strip_prefix("--")
            .or_else(|| raw.strip_prefix('-'))
            .or_else(|| raw.strip_prefix('/'))
        else {
            break;
        };
        let flag = flag.to_ascii_lowercase();
        let flag = flag.split(':').next().unwrap_or("").to_string();
        let is = |full: &str, min: usize| flag.len() >= min && full.starts_with(flag.as_str());
        if flag == "e"
            || flag == "ec"
            || is("encodedcommand", 2) && flag != "ex" && !is("executionpolicy", 2)
        {
            let field = argv
                .get(i + 1)
                .map(|a| a.field.clone())
                .unwrap_or_else(|| argv[i].field.clone());
            let text = argv.get(i + 1).map(|a| a.text.clone()).unwrap_or_default();
            rules::obfuscation::encoded_powershell(cx, &text, &field, frame);
            return;
        }
        if flag == "c"
            || is("command", 1) && flag != "configurationname" && !flag.starts_with("con")
        {
            let rest = &argv[(i + 1).min(argv.len())..];
            if rest.is_empty() {
                return;
            }
            let text = rest
                .iter()
                .map(|a| a.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let arg = Arg::new(text, rest[0].field.clone());
            let f = frame.push(format!("{} -Command", prog.base)).in_shell();
            powershell_script(cx, &arg, &f);
            return;
        }
        if flag == "f" || is("file", 1) {
            if let Some(file) = argv.get(i + 1) {
                rules::location::script_location(cx, file, frame, "PowerShell script");
            }
            return;
        }
        if valued.contains(&flag.as_str()) {
            i += 2;
        } else {
            i += 1;
        }
    }
    if i < argv.len() {
        if prog.base == "pwsh" {
            rules::location::script_location(cx, &argv[i], frame, "PowerShell script");
        } else {
            // Windows PowerShell reads the remaining words as a command.
            let rest = &argv[i..];
            let text = rest
                .iter()
                .map(|a| a.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let arg = Arg::new(text, rest[0].field.clone());
            let f = frame.push(format!("{} -Command", prog.base)).in_shell();
            powershell_script(cx, &arg, &f);
        }
    }
}

/// A PowerShell script: no full parser, but statements, download cradles and launchers.
pub fn powershell_script(cx: &mut Ctx, script: &Arg, frame: &Frame) {
    let found = rules::network::powershell_cradle(cx, script, frame);
    rules::obfuscation::powershell_decoding(cx, script, frame);
    let statements = split_powershell(&script.text);
    let mut plain = true;
    for st in &statements {
        let words = ps_words(st);
        let Some(first) = words.first() else { continue };
        let head = first.trim_start_matches(['&', '.']).trim();
        let head = if head.is_empty() {
            words.get(1).map(String::as_str).unwrap_or("")
        } else {
            head
        };
        let lower = head.to_ascii_lowercase();
        if lower.starts_with('$')
            || lower.starts_with('(')
            || lower.starts_with('[')
            || lower.starts_with('#')
        {
            continue; // assignments and expressions
        }
        if matches!(
            lower.as_str(),
            "set-location"
                | "cd"
                | "sl"
                | "push-location"
                | "write-host"
                | "write-output"
                | "write-error"
                | "echo"
                | "select-string"
                | "where-object"
                | "foreach-object"
                | "out-null"
                | "import-module"
                | "set-item"
                | "get-content"
                | "test-path"
                | "join-path"
                | "if"
                | "else"
                | "try"
                | "catch"
                | "exit"
                | "return"
                | "param"
                | "out-file"
                | "start-sleep"
        ) {
            continue;
        }
        let p = Program::parse(head);
        if rules::exec::is_launcher(&p.base) || p.kind != PathKind::Bare {
            let argv: Vec<Arg> = std::iter::once(head.to_string())
                .chain(
                    words
                        .iter()
                        .skip(if head == first.as_str() { 1 } else { 2 })
                        .cloned(),
                )
                .map(|w| Arg::new(w, script.field.clone()))
                .collect();
            visit(cx, argv, frame);
        } else {
            plain = false;
            let argv: Vec<Arg> = words
                .iter()
                .map(|w| Arg::new(w.clone(), script.field.clone()))
                .collect();
            visit(cx, argv, frame);
        }
    }
    let _ = (found, plain);
    rules::exec::inline_shell(cx, "powershell", script, frame);
}

fn split_powershell(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut depth = 0i32;
    for c in s.chars() {
        match quote {
            Some(q) => {
                cur.push(c);
                if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    cur.push(c);
                }
                '(' | '{' => {
                    depth += 1;
                    cur.push(c);
                }
                ')' | '}' => {
                    depth -= 1;
                    cur.push(c);
                }
                ';' | '\n' | '|' if depth <= 0 => {
                    out.push(std::mem::take(&mut cur));
                }
                _ => cur.push(c),
            },
        }
    }
    out.push(cur);
    out.into_iter()
        .flat_map(|s| s.split("&&").map(str::to_string).collect::<Vec<_>>())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn ps_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            None => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Walk a parsed shell script: its errors, pipelines, substitutions and commands.
pub fn script_walk(cx: &mut Ctx, script: &Script, field: &str, frame: &Frame, dialect: Dialect) {
    let errors = script.all_errors();
    if !errors.is_empty() {
        cx.emit(
            &rules::exec::SHELL_UNPARSABLE,
            Severity::High,
            field,
            frame,
            format!(
                "The shell script cannot be read completely ({}); what a shell would make of it \
                 is unknown, so it is treated as dangerous.",
                show(&errors.join("; "))
            ),
        );
    }
    rules::network::script_patterns(cx, script, field, frame);
    rules::obfuscation::script_patterns(cx, script, field, frame);
    walk_commands(cx, script, field, frame, dialect);
}

fn walk_commands(cx: &mut Ctx, script: &Script, field: &str, frame: &Frame, dialect: Dialect) {
    for p in &script.pipelines {
        for c in &p.commands {
            for (name, value) in &c.assigns {
                rules::env::check_var(cx, name, Some(&value.text), field, frame);
            }
            for w in c
                .words
                .iter()
                .chain(c.assigns.iter().map(|(_, w)| w))
                .chain(c.redirects.iter().map(|r| &r.target))
            {
                for sub in &w.subs {
                    let f = frame.push(if w.process_sub {
                        "process substitution"
                    } else {
                        "command substitution"
                    });
                    walk_commands(cx, sub, field, &f, Dialect::Posix);
                }
            }
            if let Some(g) = &c.group {
                walk_commands(cx, g, field, frame, dialect);
            }
            // Here-documents fed to a shell are scripts too.
            if let Some(first) = c.words.first() {
                let p = Program::parse(&first.text);
                if program::SHELLS.contains(&p.base.as_str()) && c.words.len() == 1 {
                    for r in &c.redirects {
                        if let Some(body) = &r.body {
                            let s = shell::parse(body, Dialect::Posix);
                            let f = frame.push(format!("{} <<here-document", p.base));
                            script_walk(cx, &s, field, &f, Dialect::Posix);
                        }
                    }
                }
            }
            rules::exec::script_command(cx, c, field, frame);
            if c.words.is_empty() {
                continue;
            }
            let argv: Vec<Arg> = c
                .words
                .iter()
                .map(|w| Arg::new(resolve_home(&w.text), field))
                .collect();
            let head = Program::parse(&argv[0].text);
            match head.base.as_str() {
                "export" | "declare" | "typeset" | "local" | "set" | "setx" => {
                    for a in &argv[1..] {
                        if let Some((n, v)) = a.text.split_once('=') {
                            let n = n.trim_start_matches("-x ").trim();
                            rules::env::check_var(cx, n, Some(v), field, frame);
                        }
                    }
                    continue;
                }
                "source" | "." => {
                    if let Some(file) = argv.get(1) {
                        rules::location::script_location(cx, file, frame, "sourced file");
                    }
                    continue;
                }
                "eval" => {
                    rules::obfuscation::eval(cx, c, field, frame);
                    continue;
                }
                _ => {}
            }
            if program::PLUMBING.contains(&head.base.as_str())
                && !matches!(
                    head.base.as_str(),
                    "exec" | "command" | "builtin" | "env" | "git" | "awk" | "sed" | "cat"
                )
            {
                continue;
            }
            if dialect == Dialect::Cmd
                && matches!(
                    head.base.as_str(),
                    "set" | "echo" | "cd" | "if" | "rem" | "@echo"
                )
            {
                continue;
            }
            visit(cx, argv, frame);
        }
    }
}

/// `$HOME/x` and `${HOME}/x` read as `~/x` so paths are recognised.
pub fn resolve_home(s: &str) -> String {
    for p in [
        "${HOME}",
        "$HOME",
        "%USERPROFILE%",
        "${env:USERPROFILE}",
        "$env:USERPROFILE",
    ] {
        if let Some(rest) = s.strip_prefix(p) {
            return format!("~{rest}");
        }
    }
    s.to_string()
}
