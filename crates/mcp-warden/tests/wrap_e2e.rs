//! A wrapped entry, started the way its client starts it, runs a real MCP server under
//! `mcp-warden run` that answers `tools/list`.
//!
//! The server is @modelcontextprotocol/server-filesystem from test-deps/ (installed by
//! scripts/install-test-deps.sh). Without it the test is skipped locally and fails in CI.
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use warden_core::spec::Scope;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn server_filesystem() -> Option<PathBuf> {
    let p = repo_root()
        .join("test-deps/npm/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");
    if p.exists() {
        return Some(p.canonicalize().expect("canonical"));
    }
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!(
            "missing test dependency {}: run scripts/install-test-deps.sh",
            p.display()
        );
    }
    eprintln!(
        "SKIPPED: {} not installed (run scripts/install-test-deps.sh)",
        p.display()
    );
    None
}

fn node() -> PathBuf {
    ["/usr/bin/node", "/usr/local/bin/node"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("node is required for the npm server")
}

fn warden_exe() -> PathBuf {
    std::fs::canonicalize(env!("CARGO_BIN_EXE_mcp-warden")).expect("exe")
}

/// Start `argv` as a client does (no shell, the config's command and args, the user's
/// environment), speak MCP over its stdio, and return the tools/list result.
fn tools_list(argv: &[String], cwd: &Path) -> Value {
    let mut child = Command::new(&argv[0])
        .args(&argv[1..])
        .env_clear()
        .env("HOME", cwd)
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("LANG", "C.UTF-8")
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn the wrapped command");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut send = |v: Value| {
        let mut line = serde_json::to_vec(&v).expect("json");
        line.push(b'\n');
        stdin.write_all(&line).expect("write");
        stdin.flush().expect("flush");
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    let wait_for = |id: u64| -> Value {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no answer to request {id} within 60 s"));
            let v: Value = serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("not JSON-RPC on stdout ({e}): {line}"));
            if v["id"] == json!(id) && v.get("method").is_none() {
                return v;
            }
        }
    };
    send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "wrap-e2e", "version": "0"}
        }}),
    );
    let init = wait_for(1);
    assert!(
        init["result"]["serverInfo"]["name"].is_string(),
        "initialize: {init}"
    );
    send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}));
    let list = wait_for(2);
    drop(stdin);
    let _ = child.kill();
    let _ = child.wait();
    list
}

#[test]
fn a_wrapped_entry_starts_a_real_server_under_mcp_warden_run() {
    let Some(server) = server_filesystem() else {
        return;
    };
    let node = node();
    let home = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("tempdir");
    let data = home.path().join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    std::fs::write(data.join("hello.txt"), "hello\n").expect("write");
    let (node_s, server_s, data_s) = (
        node.to_str().expect("utf-8"),
        server.to_str().expect("utf-8"),
        data.to_str().expect("utf-8"),
    );
    let q = |s: &str| serde_json::to_string(s).expect("json");
    // One config per syntax family: JSON command+args, TOML, and opencode's command array.
    let configs = [
        (
            "claude-code",
            ".mcp.json",
            format!(
                "{{\n  \"mcpServers\": {{\n    \"fs\": {{\n      \"command\": {},\n      \"args\": [{}, {}]\n    }}\n  }}\n}}\n",
                q(node_s),
                q(server_s),
                q(data_s)
            ),
        ),
        (
            "codex",
            "config.toml",
            format!(
                "[mcp_servers.fs]\ncommand = {}\nargs = [{}, {}]\n",
                q(node_s),
                q(server_s),
                q(data_s)
            ),
        ),
        (
            "opencode",
            "opencode.json",
            format!(
                "{{\n  \"mcp\": {{\n    \"fs\": {{ \"type\": \"local\", \"command\": [{}, {}, {}] }}\n  }}\n}}\n",
                q(node_s),
                q(server_s),
                q(data_s)
            ),
        ),
    ];
    for (client, name, text) in configs {
        let file = home.path().join(name);
        std::fs::write(&file, &text).expect("write config");
        let out = Command::new(warden_exe())
            .args(["wrap", "--client", client, "--config"])
            .arg(&file)
            .arg("--warden-path")
            .arg(warden_exe())
            // The gate is tested elsewhere; in a checkout under /tmp the server's own script
            // would rightly be a critical finding (a script in a world-writable directory).
            .arg("--run-flag=--block-on=never")
            .env_clear()
            .env("HOME", home.path())
            .env("PATH", "/usr/bin:/bin")
            .output()
            .expect("wrap");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{client}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );

        // Read the rewritten entry as the client reads it.
        let cfg = warden_inventory::load_file(&file, client, Scope::Project)
            .unwrap_or_else(|e| panic!("{client}: {}", e.message));
        let spec = cfg
            .servers
            .iter()
            .find(|s| s.name == "fs")
            .expect("fs entry");
        let mut argv = vec![spec.command.as_ref().expect("command").value.clone()];
        argv.extend(spec.args.iter().map(|a| a.value.clone()));
        assert_eq!(PathBuf::from(&argv[0]), warden_exe(), "{client}");
        assert_eq!(
            argv[1..5],
            [
                "run".to_string(),
                "--block-on=never".into(),
                "--".into(),
                node_s.into()
            ],
            "{client}"
        );

        let list = tools_list(&argv, home.path());
        let tools: Vec<&str> = list["result"]["tools"]
            .as_array()
            .unwrap_or_else(|| panic!("{client}: tools/list failed: {list}"))
            .iter()
            .filter_map(|t| t["name"].as_str())
            .collect();
        assert!(
            tools.contains(&"list_directory") && tools.iter().any(|t| t.starts_with("read_")),
            "{client}: {tools:?}"
        );

        // And unwrap gives back the file as written.
        let out = Command::new(warden_exe())
            .args(["unwrap", "--client", client, "--config"])
            .arg(&file)
            .env_clear()
            .env("HOME", home.path())
            .output()
            .expect("unwrap");
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            std::fs::read_to_string(&file).expect("read"),
            text,
            "{client}"
        );
    }
}
