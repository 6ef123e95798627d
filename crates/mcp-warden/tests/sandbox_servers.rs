//! Real MCP servers under the default profile of `mcp-warden run`, driven by a minimal
//! faithful client (newline-delimited JSON-RPC over stdio, protocol 2025-06-18).
//!
//! The servers come from `scripts/test-deps/20-sandbox.sh` (test-deps/ at the repository root).
//! Without them the tests are skipped locally and fail in CI.
#![cfg(target_os = "linux")]

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A test dependency, or `None` (skip) outside CI; in CI a missing dependency fails.
fn dep(rel: &str) -> Option<PathBuf> {
    let p = repo_root().join("test-deps").join(rel);
    if p.exists() {
        return Some(p.canonicalize().unwrap());
    }
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!(
            "missing test dependency {}: run scripts/install-test-deps.sh",
            p.display()
        );
    }
    eprintln!(
        "skipping: {} not installed (run scripts/install-test-deps.sh)",
        p.display()
    );
    None
}

fn node() -> PathBuf {
    ["/usr/bin/node", "/usr/local/bin/node"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("node is required for the npm servers")
}

/// A temporary directory outside /tmp.
fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir_in(support::scratch()).unwrap()
}

struct Client {
    child: Child,
    stdin: ChildStdin,
    lines: mpsc::Receiver<String>,
    next_id: u64,
}

impl Client {
    fn start(flags: &[&str], argv: &[&str], home: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mcp-warden"))
            .arg("run")
            // The gate is tested elsewhere; in a checkout under /tmp the server's own script
            // would rightly be a critical finding (a script in a world-writable directory).
            .args(["--block-on", "never"])
            .args(flags)
            .arg("--")
            .args(argv)
            .env_clear()
            .env("HOME", home)
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env("LANG", "C.UTF-8")
            .current_dir(home)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut c = Client {
            child,
            stdin,
            lines,
            next_id: 1,
        };
        let init = c.request(
            "initialize",
            json!({
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "mcp-warden-tests", "version": "0"}
            }),
        );
        assert!(
            init["result"]["serverInfo"]["name"].is_string(),
            "initialize: {init}"
        );
        c.notify("notifications/initialized");
        c
    }

    fn send(&mut self, msg: &Value) {
        let mut line = serde_json::to_vec(msg).unwrap();
        line.push(b'\n');
        self.stdin.write_all(&line).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str) {
        self.send(&json!({"jsonrpc": "2.0", "method": method}));
    }

    /// Send a request and return its response (skipping notifications and server requests).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|e| panic!("no response to {method}: {e}"));
            let msg: Value = serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("server wrote a non-JSON line {line:?}: {e}"));
            if msg["id"] == json!(id) && msg.get("method").is_none() {
                return msg;
            }
        }
    }

    fn call(&mut self, tool: &str, args: Value) -> Value {
        self.request("tools/call", json!({"name": tool, "arguments": args}))
    }

    fn tool_names(&mut self) -> Vec<String> {
        let r = self.request("tools/list", json!({}));
        r["result"]["tools"]
            .as_array()
            .unwrap_or_else(|| panic!("tools/list: {r}"))
            .iter()
            .filter_map(|t| t["name"].as_str().map(str::to_string))
            .collect()
    }

    /// Close stdin and wait for the server to exit.
    fn finish(mut self) -> std::process::ExitStatus {
        drop(self.stdin);
        for _ in 0..100 {
            if let Some(st) = self.child.try_wait().unwrap() {
                return st;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        self.child.wait().unwrap()
    }
}

fn text_of(result: &Value) -> String {
    result["result"]["content"]
        .as_array()
        .map(|c| {
            c.iter()
                .filter_map(|x| x["text"].as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_else(|| result.to_string())
}

fn is_error(result: &Value) -> bool {
    result.get("error").is_some() || result["result"]["isError"] == json!(true)
}

#[test]
fn filesystem_server_works_in_its_directory_and_nowhere_else() {
    let Some(server) =
        dep("npm/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js")
    else {
        return;
    };
    let home = tempdir();
    let work = home.path().join("project");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("notes.txt"), "inside the project\n").unwrap();
    std::fs::create_dir_all(home.path().join(".ssh")).unwrap();
    std::fs::write(
        home.path().join(".ssh/id_ed25519"),
        "PRIVATE KEY MATERIAL\n",
    )
    .unwrap();
    let w = work.to_str().unwrap();

    let node = node();
    let mut c = Client::start(
        &[],
        &[node.to_str().unwrap(), server.to_str().unwrap(), w],
        home.path(),
    );
    let tools = c.tool_names();
    assert!(tools.iter().any(|t| t == "write_file"), "{tools:?}");

    let r = c.call("read_text_file", json!({"path": format!("{w}/notes.txt")}));
    assert!(!is_error(&r), "{r}");
    assert!(text_of(&r).contains("inside the project"), "{r}");

    let r = c.call(
        "write_file",
        json!({"path": format!("{w}/out.txt"), "content": "written in the sandbox"}),
    );
    assert!(!is_error(&r), "{r}");
    assert_eq!(
        std::fs::read_to_string(work.join("out.txt")).unwrap(),
        "written in the sandbox"
    );

    let secret = home.path().join(".ssh/id_ed25519");
    let r = c.call("read_text_file", json!({"path": secret.to_str().unwrap()}));
    assert!(is_error(&r), "{r}");
    assert!(!r.to_string().contains("PRIVATE KEY MATERIAL"), "{r}");

    // A symlink inside the directory pointing outside: the server may follow it, the sandbox
    // still denies the read.
    std::os::unix::fs::symlink(&secret, work.join("link")).unwrap();
    let r = c.call("read_text_file", json!({"path": format!("{w}/link")}));
    assert!(!r.to_string().contains("PRIVATE KEY MATERIAL"), "{r}");

    assert!(c.finish().success());
}

#[test]
fn everything_server_answers_tools() {
    let Some(server) =
        dep("npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js")
    else {
        return;
    };
    let home = tempdir();
    let node = node();
    let mut c = Client::start(
        &[],
        &[node.to_str().unwrap(), server.to_str().unwrap()],
        home.path(),
    );
    let tools = c.tool_names();
    assert!(tools.iter().any(|t| t == "echo"), "{tools:?}");
    let r = c.call("echo", json!({"message": "hello from the sandbox"}));
    assert!(!is_error(&r), "{r}");
    assert!(text_of(&r).contains("hello from the sandbox"), "{r}");
    let _ = c.finish();
}

#[test]
fn python_server_via_uvx_works() {
    let (Some(uvx), Some(cache)) = (dep("uv/bin/uvx"), dep("uv-cache")) else {
        return;
    };
    let python = ["/usr/bin/python3", "/usr/local/bin/python3"]
        .iter()
        .find(|p| Path::new(p).exists())
        .expect("python3");
    let home = tempdir();
    let cache_env = format!("UV_CACHE_DIR={}", cache.display());
    let python_env = format!("UV_PYTHON={python}");
    let mut c = Client::start(
        &[
            "--env",
            &cache_env,
            "--env",
            &python_env,
            "--env",
            "UV_PYTHON_DOWNLOADS=never",
        ],
        &[uvx.to_str().unwrap(), "--offline", "mcp-server-time"],
        home.path(),
    );
    let tools = c.tool_names();
    assert!(tools.iter().any(|t| t == "get_current_time"), "{tools:?}");
    let r = c.call("get_current_time", json!({"timezone": "Europe/Paris"}));
    assert!(!is_error(&r), "{r}");
    let text = text_of(&r);
    assert!(
        text.contains("Europe/Paris") && text.contains("datetime"),
        "{r}"
    );
    let _ = c.finish();
}

#[test]
fn package_runner_cannot_read_home_secrets() {
    // uvx gets its caches and the network, still nothing else of the home directory.
    let (Some(uvx), Some(_)) = (dep("uv/bin/uvx"), dep("uv-cache")) else {
        return;
    };
    let home = tempdir();
    std::fs::create_dir_all(home.path().join(".aws")).unwrap();
    std::fs::write(home.path().join(".aws/credentials"), "secret").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mcp-warden"))
        .args(["run", "--dry-run", "--block-on", "never", "--"])
        .arg(&uvx)
        .arg("mcp-server-time")
        .env_clear()
        .env("HOME", home.path())
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let h = home.path().display().to_string();
    assert!(
        text.contains(&format!("read+write+exec  {h}/.cache/uv")),
        "{text}"
    );
    assert!(text.contains("network:  outbound"), "{text}");
    assert!(!text.contains(".aws"), "{text}");
    assert!(
        !text
            .lines()
            .any(|l| l.trim_start().starts_with("read") && l.contains(&format!(" {h}  ("))),
        "the home directory itself is granted:\n{text}"
    );
}
