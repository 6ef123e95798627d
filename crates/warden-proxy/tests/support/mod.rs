//! A faithful minimal MCP client driving a real server through the guard's relay.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use serde_json::{Value, json};
use warden_proxy::{Guard, Outcome, Shutdown, run_child};

pub const TIMEOUT: Duration = Duration::from_secs(30);

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The entry script of an npm server installed by scripts/test-deps/30-proxy.sh, or `None`
/// (outside CI) when it is not installed. In CI a missing server fails the test.
pub fn npm_server(package: &str) -> Option<PathBuf> {
    let dir = repo_root().join("test-deps/npm/node_modules").join(package);
    let entry = dir.join("dist/index.js");
    if entry.is_file() {
        return Some(entry);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "{} is not installed: run scripts/install-test-deps.sh",
            dir.display()
        );
    }
    eprintln!(
        "skipping: {} is not installed (run scripts/install-test-deps.sh)",
        dir.display()
    );
    None
}

pub fn python() -> String {
    if let Ok(p) = std::env::var("PYTHON") {
        return p;
    }
    // The system interpreter: no version manager shims in the way.
    if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3".into()
    } else {
        "python3".into()
    }
}

/// A client connected to a server through the guard.
pub struct Client {
    to_guard: Option<std::io::PipeWriter>,
    lines: Receiver<String>,
    next_id: u64,
    pub supervisor: Option<JoinHandle<std::io::Result<Outcome>>>,
    /// Messages received that were not the awaited response.
    pub other: Vec<Value>,
}

impl Client {
    /// Spawns `cmd` with piped stdin/stdout and relays through `guard`.
    pub fn start(guard: Guard, mut cmd: Command, shutdown: Shutdown) -> Client {
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let child = cmd.spawn().expect("spawn server");
        let (client_in, to_guard) = std::io::pipe().unwrap();
        let (from_guard, client_out) = std::io::pipe().unwrap();
        let guard = Arc::new(guard);
        let supervisor =
            thread::spawn(move || run_child(guard, child, client_in, client_out, shutdown, |_| {}));
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(from_guard).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Client {
            to_guard: Some(to_guard),
            lines: rx,
            next_id: 1,
            supervisor: Some(supervisor),
            other: Vec::new(),
        }
    }

    pub fn send_raw(&mut self, line: &str) {
        let w = self.to_guard.as_mut().expect("client input open");
        w.write_all(line.as_bytes()).unwrap();
        w.write_all(b"\n").unwrap();
        w.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send_raw(&json!({"jsonrpc":"2.0","method":method,"params":params}).to_string());
    }

    /// The next line from the guard, parsed.
    pub fn recv(&mut self) -> Value {
        let line = self
            .lines
            .recv_timeout(TIMEOUT)
            .expect("a message from the guard in time");
        serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("guard sent invalid JSON ({e}): {line}"))
    }

    pub fn recv_raw(&mut self) -> String {
        self.lines
            .recv_timeout(TIMEOUT)
            .expect("a message from the guard in time")
    }

    /// Waits for the response with `id`, keeping other messages aside.
    pub fn response(&mut self, id: &Value) -> Value {
        loop {
            let m = self.recv();
            if m.get("id") == Some(id) && m.get("method").is_none() {
                return m;
            }
            self.other.push(m);
        }
    }

    /// Sends a request and returns the whole response message.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = json!(self.next_id);
        self.next_id += 1;
        self.send_raw(
            &json!({"jsonrpc":"2.0","id":id,"method":method,"params":params}).to_string(),
        );
        self.response(&id)
    }

    /// The 2025 lifecycle: initialize, then notifications/initialized.
    pub fn initialize(&mut self, version: &str) -> Value {
        let r = self.request(
            "initialize",
            json!({"protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "guard-test", "version": "0"}}),
        );
        assert!(r.get("result").is_some(), "initialize failed: {r}");
        self.notify("notifications/initialized", json!({}));
        r
    }

    pub fn tool_names(&mut self) -> Vec<String> {
        let r = self.request("tools/list", json!({}));
        let tools = r["result"]["tools"]
            .as_array()
            .unwrap_or_else(|| panic!("tools/list failed: {r}"));
        tools
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    }

    pub fn call(&mut self, tool: &str, args: Value) -> Value {
        self.request("tools/call", json!({"name": tool, "arguments": args}))
    }

    /// Closes the client's output (stdin EOF for the guard) and waits for the supervisor.
    pub fn close(mut self) -> Outcome {
        self.to_guard.take();
        self.supervisor
            .take()
            .unwrap()
            .join()
            .unwrap()
            .expect("supervisor")
    }

    /// Waits for the supervisor without closing (the server ends by itself).
    pub fn wait(mut self) -> Outcome {
        self.supervisor
            .take()
            .unwrap()
            .join()
            .unwrap()
            .expect("supervisor")
    }
}

/// Text of the first content item of a tools/call result.
pub fn text(resp: &Value) -> &str {
    resp["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or_else(|| panic!("no text content in {resp}"))
}

/// Audit lines as JSON values.
pub fn audit_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("audit line is not JSON ({e}): {l}"))
        })
        .collect()
}
