//! The CLI over the inventory fixtures: `clients --json` lists every client's locations under
//! a fixture home; `check` exits 2 on a malformed file it was given and 0 on a good one.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../warden-inventory/tests/fixtures")
}

/// The binary with a clean environment whose home is a fixture tree.
fn warden(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("mcp-warden").unwrap();
    cmd.env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1");
    cmd
}

#[test]
fn clients_json_lists_locations_under_the_fixture_home() {
    let home = fixtures().join("linux-home");
    let out = warden(&home).args(["clients", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let clients = v["clients"].as_array().unwrap();
    let client = |id: &str| {
        clients
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    assert_eq!(client("claude-code")["name"], "Claude Code");
    let found = |id: &str, suffix: &str| -> (bool, u64) {
        let l = client(id)["locations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["path"].as_str().unwrap().ends_with(suffix))
            .unwrap_or_else(|| panic!("{id}: no location {suffix}"));
        (
            l["found"].as_bool().unwrap(),
            l["servers"].as_u64().unwrap(),
        )
    };
    assert_eq!(found("claude-code", ".claude.json"), (true, 3));
    assert_eq!(
        found(
            "claude-desktop",
            ".config/Claude/claude_desktop_config.json"
        ),
        (true, 2)
    );
    assert_eq!(found("codex", ".codex/config.toml"), (true, 3));
    assert_eq!(found("goose", ".config/goose/config.yaml"), (true, 2));
    assert_eq!(
        found("claude-code", "/etc/claude-code/managed-mcp.json"),
        (false, 0)
    );
    for id in [
        "cursor", "vscode", "zed", "continue", "gemini", "opencode", "warp",
    ] {
        let locs = client(id)["locations"].as_array().unwrap();
        assert!(locs.iter().any(|l| l["found"] == true), "{id}");
        let scope = locs[0]["scope"].as_str().unwrap();
        assert!(
            ["user", "managed", "plugin", "local"].contains(&scope),
            "{id} {scope}"
        );
    }

    // XDG_CONFIG_HOME moves the XDG-style files.
    let out = warden(&home)
        .env("XDG_CONFIG_HOME", home.join("elsewhere"))
        .args(["clients", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let goose = v["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "goose")
        .unwrap();
    let l = &goose["locations"][0];
    assert!(
        l["path"]
            .as_str()
            .unwrap()
            .contains("elsewhere/goose/config.yaml")
    );
    assert_eq!(l["found"], false);
}

#[test]
fn check_exit_codes() {
    let home = fixtures().join("linux-home");
    let bad = fixtures().join("malformed/.vscode/mcp.json");
    warden(&home)
        .args(["check", "--fail-on", "never"])
        .arg(&bad)
        .assert()
        .code(2);
    let good = fixtures().join("linux-home/.cursor/mcp.json");
    warden(&home)
        .args(["check", "--fail-on", "never"])
        .arg(&good)
        .assert()
        .code(0);
    // A bare spec on stdin is accepted.
    warden(&home)
        .args(["check", "--fail-on", "never", "-"])
        .write_stdin(r#"{"command": "npx", "args": ["-y", "@modelcontextprotocol/server-time"]}"#)
        .assert()
        .code(0);
    // An unknown --client is refused.
    warden(&home)
        .args(["check", "--client", "nope"])
        .arg(&good)
        .assert()
        .failure();
}
