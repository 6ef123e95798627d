//! `mcp-warden wrap` / `unwrap` on a home holding a config of every client format.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WARDEN: &str = "/opt/mcp-warden/bin/mcp-warden";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../warden-wrap/tests/fixtures")
}

/// (fixture, where the client keeps it under the home)
const HOME_FILES: &[(&str, &str)] = &[
    (
        "claude/claude_desktop_config.json",
        ".config/Claude/claude_desktop_config.json",
    ),
    ("claude/claude_desktop_config.json", ".cursor/mcp.json"),
    ("vscode/mcp.json", ".config/Code/User/mcp.json"),
    ("zed/settings.json", ".config/zed/settings.json"),
    ("opencode/opencode.jsonc", ".config/opencode/opencode.jsonc"),
    ("codex/config.toml", ".codex/config.toml"),
    ("continue/config.yaml", ".continue/config.yaml"),
    ("goose/config.yaml", ".config/goose/config.yaml"),
];

fn home() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (fixture, rel) in HOME_FILES {
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(fixtures().join(fixture), &to).expect("copy");
    }
    dir
}

fn warden(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mcp-warden"))
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("PATH", "/usr/bin:/bin")
        .output()
        .expect("run mcp-warden")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn snapshot(home: &Path) -> Vec<(String, String)> {
    HOME_FILES
        .iter()
        .map(|(_, rel)| {
            (
                rel.to_string(),
                std::fs::read_to_string(home.join(rel)).expect("read"),
            )
        })
        .collect()
}

#[test]
fn wrap_then_unwrap_every_client_restores_every_byte() {
    let h = home();
    let before = snapshot(h.path());
    let out = warden(h.path(), &["wrap", "--warden-path", WARDEN]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("30 wrapped"), "{stdout}");
    assert!(stdout.contains("8 file(s) changed"), "{stdout}");
    assert!(stdout.contains("backup of the original"), "{stdout}");
    for ((rel, old), (_, new)) in before.iter().zip(snapshot(h.path())) {
        assert_ne!(old, &new, "{rel} was not wrapped");
        assert!(new.contains(WARDEN), "{rel}");
    }
    // The state lives under the home, privately.
    assert!(h.path().join(".local/state/mcp-warden/journal").is_dir());

    let again = warden(h.path(), &["wrap", "--warden-path", WARDEN]);
    let again_out = text(&again.stdout);
    assert!(
        again_out.contains("0 wrapped, 30 already wrapped"),
        "{again_out}"
    );
    assert!(again_out.contains("0 file(s) changed"), "{again_out}");

    let un = warden(h.path(), &["unwrap"]);
    assert_eq!(
        un.status.code(),
        Some(0),
        "{}{}",
        text(&un.stdout),
        text(&un.stderr)
    );
    assert!(
        text(&un.stdout).contains("30 restored"),
        "{}",
        text(&un.stdout)
    );
    assert_eq!(snapshot(h.path()), before);
}

#[test]
fn dry_run_with_diff_prints_a_unified_diff_and_writes_nothing() {
    let h = home();
    let before = snapshot(h.path());
    let out = warden(
        h.path(),
        &[
            "wrap",
            "--dry-run",
            "--diff",
            "--client",
            "codex",
            "--warden-path",
            WARDEN,
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let diff = text(&out.stdout);
    let codex = h.path().join(".codex/config.toml");
    assert!(
        diff.starts_with(&format!(
            "--- {}\n+++ {}\n@@ ",
            codex.display(),
            codex.display()
        )),
        "{diff}"
    );
    assert!(
        diff.contains("-command = \"npx\"   # resolved through PATH\n"),
        "{diff}"
    );
    assert!(
        diff.contains(&format!(
            "+command = \"{WARDEN}\"   # resolved through PATH\n"
        )),
        "{diff}"
    );
    assert!(
        !diff.contains("would wrap"),
        "the summary goes to stderr: {diff}"
    );
    assert!(
        text(&out.stderr).contains("5 to wrap"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(snapshot(h.path()), before);
    assert!(
        !h.path().join(".local/state").exists(),
        "a dry run keeps no state"
    );
}

#[test]
fn selectors_restrict_files_and_entries() {
    let h = home();
    let out = warden(
        h.path(),
        &[
            "wrap",
            "--client",
            "goose",
            "--server",
            "fetch",
            "--warden-path",
            WARDEN,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let goose = std::fs::read_to_string(h.path().join(".config/goose/config.yaml")).expect("read");
    assert_eq!(goose.matches(WARDEN).count(), 1, "{goose}");
    let codex = std::fs::read_to_string(h.path().join(".codex/config.toml")).expect("read");
    assert!(!codex.contains(WARDEN));

    // --config names one file directly; --run-flag goes after `run`.
    let cfg = h.path().join(".codex/config.toml");
    let cfg_arg = cfg.to_str().expect("utf-8");
    let out = warden(
        h.path(),
        &[
            "wrap",
            "--config",
            cfg_arg,
            "--server",
            "weather",
            "--run-flag=--audit",
            "--run-flag",
            "/var/log/a.jsonl",
            "--warden-path",
            WARDEN,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let codex = std::fs::read_to_string(&cfg).expect("read");
    assert!(
        codex.contains("args = [\"run\", \"--audit\", \"/var/log/a.jsonl\", \"--\", \"npx\", \"-y\", \"@example/weather-mcp\"]"),
        "{codex}"
    );
    assert_eq!(codex.matches(WARDEN).count(), 1);
}

#[test]
fn a_malformed_config_is_reported_with_its_position_and_left_alone() {
    let h = home();
    let bad = h.path().join(".cursor/mcp.json");
    let broken = "{\n  \"mcpServers\": {\n    \"a\": { \"command\": \"npx\" \n  }\n";
    std::fs::write(&bad, broken).expect("write");
    let out = warden(h.path(), &["wrap", "--warden-path", WARDEN]);
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains(&format!("{}:", bad.display())), "{all}");
    assert!(all.contains("not changed"), "{all}");
    assert_eq!(std::fs::read_to_string(&bad).expect("read"), broken);
    // The other files were still wrapped.
    let codex = std::fs::read_to_string(h.path().join(".codex/config.toml")).expect("read");
    assert!(codex.contains(WARDEN));
}

#[test]
fn the_default_warden_path_is_this_programs_absolute_path() {
    let h = home();
    let out = warden(h.path(), &["wrap", "--client", "cursor"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let exe = std::fs::canonicalize(env!("CARGO_BIN_EXE_mcp-warden")).expect("exe");
    let cursor = std::fs::read_to_string(h.path().join(".cursor/mcp.json")).expect("read");
    assert!(
        cursor.contains(&format!(
            "\"command\": {}",
            serde_json::to_string(exe.to_str().expect("utf-8")).expect("json")
        )),
        "{cursor}"
    );
}

#[test]
fn unknown_client_is_a_usage_error() {
    let h = home();
    let out = warden(h.path(), &["wrap", "--client", "no-such-client"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown client"),
        "{}",
        text(&out.stderr)
    );
}
