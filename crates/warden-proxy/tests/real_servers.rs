//! The guard in front of real MCP servers from npm (installed by scripts/test-deps/30-proxy.sh):
//! @modelcontextprotocol/server-filesystem and @modelcontextprotocol/server-everything.

mod support;

use std::process::Command;

use serde_json::json;
use support::{Client, audit_lines, npm_server, text};
use warden_proxy::{AuditLog, Glob, Guard, PinStore, Policy, ServerIdentity, Shutdown};

fn node(entry: &std::path::Path, args: &[&str]) -> (Command, Vec<String>) {
    let mut argv = vec!["node".to_string(), entry.display().to_string()];
    argv.extend(args.iter().map(|s| s.to_string()));
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..]);
    (cmd, argv)
}

#[test]
fn filesystem_server_denied_tools_vanish_and_fail_allowed_ones_work_all_audited() {
    let Some(entry) = npm_server("@modelcontextprotocol/server-filesystem") else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let root = work.path().canonicalize().unwrap();
    std::fs::write(root.join("notes.txt"), "hello from the sandbox\n").unwrap();
    let audit = state.path().join("audit.jsonl");
    let (cmd, argv) = node(&entry, &[root.to_str().unwrap()]);
    let id = ServerIdentity::from_launch(&argv, &[]);
    let policy = Policy {
        deny: vec![
            Glob::new("write_file"),
            Glob::new("edit_*"),
            Glob::new("move_file"),
        ],
        ..Policy::default()
    };
    let guard = Guard::new(
        policy,
        Some(PinStore::open(state.path(), &id).unwrap()),
        AuditLog::open(&audit, &id, false).unwrap(),
    )
    .with_stderr_warnings(false);
    let mut c = Client::start(guard, cmd, Shutdown::default());
    let init = c.initialize("2025-11-25");
    assert_eq!(init["result"]["protocolVersion"], "2025-11-25");

    let names = c.tool_names();
    assert!(names.contains(&"read_text_file".to_string()), "{names:?}");
    for denied in ["write_file", "edit_file", "move_file"] {
        assert!(
            !names.contains(&denied.to_string()),
            "{denied} still listed: {names:?}"
        );
    }

    let path = root.join("notes.txt");
    let r = c.call("read_text_file", json!({"path": path}));
    assert_eq!(text(&r).trim(), "hello from the sandbox");

    let target = root.join("pwned.txt");
    let r = c.call("write_file", json!({"path": target, "content": "x"}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    assert!(r["error"]["message"].as_str().unwrap().contains("denied"));
    assert!(!target.exists(), "a denied call reached the server");
    assert_eq!(c.close().exit_code(), 0);

    let log = audit_lines(&audit);
    let read = log
        .iter()
        .find(|l| l["tool"] == "read_text_file" && l["event"] == "request")
        .expect("allowed call audited");
    assert_eq!(read["decision"], "allowed");
    assert!(read["duration_ms"].as_f64().unwrap() >= 0.0);
    assert!(
        read["args_sha256"].as_str().unwrap().starts_with("sha256:"),
        "arguments are hashed: {read}"
    );
    assert!(read.get("args").is_none());
    let write = log
        .iter()
        .find(|l| l["tool"] == "write_file" && l["event"] == "request")
        .expect("denied call audited");
    assert_eq!(write["decision"], "denied");
    assert!(log.iter().any(|l| l["event"] == "server_start"));
    assert!(
        log.iter()
            .all(|l| l["ts"].as_str().unwrap().ends_with('Z') && l["server"] == id.id.as_str())
    );
}

#[test]
fn everything_server_speaks_each_protocol_revision_through_the_guard() {
    let Some(entry) = npm_server("@modelcontextprotocol/server-everything") else {
        return;
    };
    let state = tempfile::tempdir().unwrap();
    for version in ["2025-06-18", "2025-11-25", "2026-07-28"] {
        let (cmd, argv) = node(&entry, &["stdio"]);
        let id = ServerIdentity::from_launch(&argv, &[]);
        let guard = Guard::new(
            Policy::default(),
            Some(PinStore::open(state.path(), &id).unwrap()),
            AuditLog::disabled(),
        )
        .with_stderr_warnings(false);
        let mut c = Client::start(guard, cmd, Shutdown::default());
        if version == "2026-07-28" {
            // A 2026 client probes with server/discover; this server predates it and answers
            // with an error, and the client falls back to initialize (any error means legacy).
            let meta = json!({"io.modelcontextprotocol/protocolVersion": version, "io.modelcontextprotocol/clientCapabilities": {}});
            let r = c.request("server/discover", json!({"_meta": meta}));
            assert!(r.get("error").is_some() || r.get("result").is_some(), "{r}");
            if r.get("error").is_some() {
                let init = c.initialize("2025-11-25");
                assert_eq!(init["result"]["protocolVersion"], "2025-11-25");
            }
        } else {
            let init = c.initialize(version);
            assert_eq!(init["result"]["protocolVersion"], version);
        }
        let names = c.tool_names();
        assert!(names.contains(&"echo".to_string()), "{names:?}");
        let r = c.call("echo", json!({"message": format!("hi {version}")}));
        assert!(text(&r).contains(&format!("hi {version}")), "{r}");
        let r = c.call("get-sum", json!({"a": 2, "b": 40}));
        assert!(text(&r).contains("42"), "{r}");
        assert!(c.request("ping", json!({}))["result"].is_object());
        assert_eq!(c.close().exit_code(), 0, "{version}");
    }
}

#[test]
fn everything_server_allow_list_keeps_only_matching_tools() {
    let Some(entry) = npm_server("@modelcontextprotocol/server-everything") else {
        return;
    };
    let state = tempfile::tempdir().unwrap();
    let (cmd, argv) = node(&entry, &["stdio"]);
    let id = ServerIdentity::from_launch(&argv, &[]);
    let policy = Policy {
        allow: vec![Glob::new("echo"), Glob::new("get-*")],
        deny: vec![Glob::new("get-env")],
        ..Policy::default()
    };
    let guard = Guard::new(
        policy,
        Some(PinStore::open(state.path(), &id).unwrap()),
        AuditLog::disabled(),
    )
    .with_stderr_warnings(false);
    let mut c = Client::start(guard, cmd, Shutdown::default());
    c.initialize("2025-11-25");
    let names = c.tool_names();
    assert!(
        names
            .iter()
            .all(|n| n == "echo" || (n.starts_with("get-") && n != "get-env")),
        "{names:?}"
    );
    assert!(names.contains(&"get-sum".to_string()));
    assert_eq!(c.call("get-env", json!({}))["error"]["code"], -32602);
    assert_eq!(
        c.call("trigger-long-running-operation", json!({}))["error"]["code"],
        -32602
    );
    c.close();
}
