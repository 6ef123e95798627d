//! Unwrap after the user (or a client) edited the file, and after the journal was lost.

mod common;

use common::*;
use warden_wrap::{Outcome, WrapError, apply, plan_unwrap, plan_wrap};

/// An edit of an unrelated part of each fixture: (text, replacement).
fn elsewhere(client: &str) -> Vec<(&'static str, &'static str)> {
    match client {
        "claude-desktop" => vec![(
            "\"globalShortcut\": \"Ctrl+Space\",",
            "\"globalShortcut\": \"Alt+Shift+Space\",\n  \"isUsingBuiltInNodeForMcp\": true,",
        )],
        "vscode" => vec![(
            "\"description\": \"API key\",",
            "\"description\": \"The API key of the GitHub server\", // asked once",
        )],
        "zed" => vec![
            (
                "\"theme\": \"One Dark\",",
                "\"theme\": \"Ayu Light\",\n  \"ui_font_size\": 16,",
            ),
            ("\"vim_mode\": false,", "\"vim_mode\": true,"),
        ],
        "opencode" => vec![(
            "// MCP servers for this project",
            "// MCP servers for this project (reviewed)\n  \"model\": \"anthropic/claude-sonnet\",",
        )],
        "codex" => vec![
            (
                "model = \"o3\"",
                "model = \"gpt-5\"\nmodel_reasoning_effort = \"high\"",
            ),
            ("model = \"o4-mini\"", "model = \"o4-mini\" # cheap"),
        ],
        "continue" => vec![("name: My Assistant", "name: My Edited Assistant # renamed")],
        "goose" => vec![
            ("GOOSE_PROVIDER: anthropic", "GOOSE_PROVIDER: openai"),
            (
                "GOOSE_MODEL: claude-sonnet",
                "GOOSE_MODEL: gpt-5\nGOOSE_MODE: approve",
            ),
        ],
        _ => unreachable!(),
    }
}

fn edit(text: &str, edits: &[(&str, &str)]) -> String {
    let mut t = text.to_string();
    for (from, to) in edits {
        assert_eq!(t.matches(from).count(), 1, "{from:?} must occur once");
        t = t.replace(from, to);
    }
    t
}

#[test]
fn edits_elsewhere_between_wrap_and_unwrap_are_kept() {
    for (client, rel) in FIXTURES {
        let s = scratch(rel);
        let original = std::fs::read_to_string(&s.file).expect("read");
        let opts = options(&s.state);
        apply(&plan_wrap(&read(client, &s.file), &opts).expect("wrap")).expect("apply");

        let wrapped = std::fs::read_to_string(&s.file).expect("read");
        std::fs::write(&s.file, edit(&wrapped, &elsewhere(client))).expect("user edit");

        let un = plan_unwrap(&read(client, &s.file), &opts).expect("plan unwrap");
        assert!(
            un.entries
                .iter()
                .all(|e| !matches!(e.outcome, Outcome::UnwrappedFromCommandLine(_))),
            "{client}: journal not used: {:?}",
            un.entries
        );
        apply(&un).expect("unwrap");
        let got = std::fs::read_to_string(&s.file).expect("read");
        assert_eq!(got, edit(&original, &elsewhere(client)), "{client}");
    }
}

#[test]
fn an_edit_of_the_original_arguments_inside_the_wrapped_entry_is_kept() {
    let s = scratch("claude/claude_desktop_config.json");
    let original = std::fs::read_to_string(&s.file).expect("read");
    let opts = options(&s.state);
    apply(&plan_wrap(&read("claude-desktop", &s.file), &opts).expect("wrap")).expect("apply");
    let wrapped = std::fs::read_to_string(&s.file).expect("read");
    std::fs::write(
        &s.file,
        wrapped.replace("/home/me/Documents", "/home/me/Projects"),
    )
    .expect("edit");

    let un = plan_unwrap(&read("claude-desktop", &s.file), &opts).expect("plan");
    assert_eq!(outcome_of(&un, "filesystem"), &Outcome::Unwrapped);
    apply(&un).expect("unwrap");
    let got = std::fs::read_to_string(&s.file).expect("read");
    assert_eq!(
        got,
        original.replace("/home/me/Documents", "/home/me/Projects")
    );
}

#[test]
fn a_reformatted_entry_is_restored_from_its_command_line() {
    let s = scratch("claude/claude_desktop_config.json");
    let original = std::fs::read_to_string(&s.file).expect("read");
    let before = argvs(&read("claude-desktop", &s.file));
    let opts = options(&s.state);
    apply(&plan_wrap(&read("claude-desktop", &s.file), &opts).expect("wrap")).expect("apply");
    let wrapped = std::fs::read_to_string(&s.file).expect("read");
    // Someone re-indents the `time` entry (as a formatter would).
    let line = wrapped
        .lines()
        .find(|l| l.trim_start().starts_with("\"time\""))
        .expect("time line")
        .to_string();
    let reformatted = "    \"time\": {\n      \"command\": \"/opt/mcp-warden/bin/mcp-warden\",\n      \"args\": [\"run\",\n        \"--\", \"uvx\", \"mcp-server-time\", \"--local-timezone=Europe/Paris\"]\n    },";
    std::fs::write(&s.file, wrapped.replace(&line, reformatted)).expect("edit");

    let un = plan_unwrap(&read("claude-desktop", &s.file), &opts).expect("plan");
    assert!(
        matches!(
            outcome_of(&un, "time"),
            Outcome::UnwrappedFromCommandLine(_)
        ),
        "{:?}",
        outcome_of(&un, "time")
    );
    assert_eq!(outcome_of(&un, "filesystem"), &Outcome::Unwrapped);
    apply(&un).expect("unwrap");
    let after = read("claude-desktop", &s.file);
    assert_eq!(argvs(&after), before);
    // Every entry but `time` is byte-identical.
    let got = std::fs::read_to_string(&s.file).expect("read");
    for l in original.lines().filter(|l| !l.contains("\"time\"")) {
        assert!(got.lines().any(|g| g == l), "lost line {l:?}\n{got}");
    }
}

#[test]
fn without_the_journal_every_format_is_restored_from_the_command_line() {
    for (client, rel) in FIXTURES {
        let s = scratch(rel);
        let before = argvs(&read(client, &s.file));
        let opts = options(&s.state);
        apply(&plan_wrap(&read(client, &s.file), &opts).expect("wrap")).expect("apply");
        std::fs::remove_dir_all(&s.state).expect("lose the state");

        let un = plan_unwrap(&read(client, &s.file), &opts).expect("plan");
        assert!(
            un.entries
                .iter()
                .any(|e| matches!(e.outcome, Outcome::UnwrappedFromCommandLine(_))),
            "{client}"
        );
        apply(&un).expect("unwrap");
        let text = std::fs::read_to_string(&s.file).expect("read");
        assert_eq!(argvs(&read(client, &s.file)), before, "{client}\n{text}");
        assert!(!text.contains("mcp-warden"), "{client}\n{text}");
    }
}

#[test]
fn an_entry_wrapped_by_hand_is_left_alone_by_wrap_and_undone_by_unwrap() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("mcp.json");
    let text = "{\"mcpServers\": {\"a\": {\"command\": \"/usr/bin/mcp-warden\", \"args\": [\"run\", \"--audit\", \"/tmp/a.log\", \"--\", \"npx\", \"-y\", \"srv\"]}}}\n";
    std::fs::write(&file, text).expect("write");
    let opts = options(&dir.path().join("state"));
    let plan = plan_wrap(&read("claude-code", &file), &opts).expect("plan");
    assert_eq!(outcome_of(&plan, "a"), &Outcome::AlreadyWrapped);
    assert!(!plan.changed());
    let un = plan_unwrap(&read("claude-code", &file), &opts).expect("plan");
    assert!(matches!(
        outcome_of(&un, "a"),
        Outcome::UnwrappedFromCommandLine(_)
    ));
    assert_eq!(
        un.updated,
        "{\"mcpServers\": {\"a\": {\"command\": \"npx\", \"args\": [\"-y\", \"srv\"]}}}\n"
    );
}

#[test]
fn run_flags_go_after_run_and_come_off_again() {
    let s = scratch("codex/config.toml");
    let original = std::fs::read_to_string(&s.file).expect("read");
    let mut opts = options(&s.state);
    opts.run_flags = vec!["--audit".into(), "/var/log/mcp \"audit\".jsonl".into()];
    apply(&plan_wrap(&read("codex", &s.file), &opts).expect("wrap")).expect("apply");
    let after = read("codex", &s.file);
    let (_, weather) = argvs(&after)
        .into_iter()
        .find(|(n, _)| n == "weather")
        .expect("weather");
    assert_eq!(
        weather,
        [
            WARDEN,
            "run",
            "--audit",
            "/var/log/mcp \"audit\".jsonl",
            "--",
            "npx",
            "-y",
            "@example/weather-mcp"
        ]
    );
    apply(&plan_unwrap(&after, &opts).expect("unwrap")).expect("apply");
    assert_eq!(std::fs::read_to_string(&s.file).expect("read"), original);
}

#[test]
fn servers_can_be_wrapped_and_unwrapped_one_at_a_time() {
    let s = scratch("continue/config.yaml");
    let original = std::fs::read_to_string(&s.file).expect("read");
    let mut opts = options(&s.state);
    opts.servers = vec!["sqlite".into()];
    let p = plan_wrap(&read("continue", &s.file), &opts).expect("wrap one");
    assert_eq!(p.entries.len(), 1);
    apply(&p).expect("apply");
    let text = std::fs::read_to_string(&s.file).expect("read");
    assert_eq!(text.matches("bin/mcp-warden").count(), 1, "{text}");

    opts.servers.clear();
    apply(&plan_wrap(&read("continue", &s.file), &opts).expect("wrap rest")).expect("apply");
    let all_wrapped = std::fs::read_to_string(&s.file).expect("read");
    assert_eq!(all_wrapped.matches("bin/mcp-warden").count(), 3);

    opts.servers = vec!["filesystem".into()];
    apply(&plan_unwrap(&read("continue", &s.file), &opts).expect("unwrap one")).expect("apply");
    let text = std::fs::read_to_string(&s.file).expect("read");
    assert_eq!(text.matches("bin/mcp-warden").count(), 2);

    opts.servers.clear();
    let un = plan_unwrap(&read("continue", &s.file), &opts).expect("unwrap rest");
    assert_eq!(outcome_of(&un, "filesystem"), &Outcome::NotWrapped);
    apply(&un).expect("apply");
    assert_eq!(std::fs::read_to_string(&s.file).expect("read"), original);
}

#[test]
fn crlf_files_keep_their_line_endings() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("mcp.json");
    let text = "{\r\n  \"mcpServers\": {\r\n    \"a\": {\r\n      \"command\": \"srv\"\r\n    },\r\n    \"b\": {\r\n      \"command\": \"npx\",\r\n      \"args\": [\r\n        \"-y\"\r\n      ]\r\n    }\r\n  }\r\n}\r\n";
    std::fs::write(&file, text).expect("write");
    let opts = options(&dir.path().join("state"));
    let plan = plan_wrap(&read("cursor", &file), &opts).expect("plan");
    apply(&plan).expect("apply");
    let wrapped = std::fs::read_to_string(&file).expect("read");
    assert_eq!(
        wrapped.matches('\n').count(),
        wrapped.matches("\r\n").count(),
        "{wrapped:?}"
    );
    assert!(wrapped.contains("\"command\": \"/opt/mcp-warden/bin/mcp-warden\",\r\n      \"args\": [\"run\", \"--\", \"srv\"]\r\n"));
    apply(&plan_unwrap(&read("cursor", &file), &opts).expect("unwrap")).expect("apply");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), text);
}

#[test]
fn a_malformed_file_is_refused_with_its_position() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("mcp.json");
    let text = "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\",,}\n  }\n}\n";
    std::fs::write(&file, text).expect("write");
    let mut cfg = read_unparsed(&file);
    cfg.document = None;
    let err = plan_wrap(&cfg, &options(&dir.path().join("state"))).expect_err("malformed");
    assert!(matches!(err, WrapError::Parse { line: 3, .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("mcp.json:3:"), "{msg}");
    assert!(msg.contains("not changed"), "{msg}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), text);
}

fn read_unparsed(path: &std::path::Path) -> warden_core::spec::ConfigFile {
    warden_core::spec::ConfigFile {
        path: path.to_path_buf(),
        client: "claude-code".into(),
        scope: warden_core::spec::Scope::Project,
        format: warden_core::doc::Format::Json,
        servers: Vec::new(),
        settings: Vec::new(),
        document: None,
    }
}

#[test]
fn a_server_added_at_the_top_of_a_list_does_not_confuse_unwrap() {
    let s = scratch("continue/config.yaml");
    let original = std::fs::read_to_string(&s.file).expect("read");
    let opts = options(&s.state);
    apply(&plan_wrap(&read("continue", &s.file), &opts).expect("wrap")).expect("apply");
    let added = "mcpServers:\n  - name: newcomer\n    command: uvx\n    args: [newcomer-mcp]\n";
    let wrapped = std::fs::read_to_string(&s.file).expect("read");
    std::fs::write(&s.file, wrapped.replacen("mcpServers:\n", added, 1)).expect("edit");

    let un = plan_unwrap(&read("continue", &s.file), &opts).expect("plan");
    assert_eq!(outcome_of(&un, "newcomer"), &Outcome::NotWrapped);
    for name in ["filesystem", "sqlite", "bare"] {
        assert_eq!(outcome_of(&un, name), &Outcome::Unwrapped, "{name}");
    }
    apply(&un).expect("apply");
    let got = std::fs::read_to_string(&s.file).expect("read");
    assert_eq!(got, original.replacen("mcpServers:\n", added, 1));
    assert_eq!(
        std::fs::read_dir(s.state.join("journal"))
            .map(|d| d.count())
            .unwrap_or(0),
        0
    );
}

#[test]
fn records_of_deleted_entries_are_dropped_by_a_full_unwrap() {
    let s = scratch("codex/config.toml");
    let opts = options(&s.state);
    apply(&plan_wrap(&read("codex", &s.file), &opts).expect("wrap")).expect("apply");
    let wrapped = std::fs::read_to_string(&s.file).expect("read");
    let start = wrapped.find("[mcp_servers.plain]").expect("plain");
    let end = wrapped.find("[mcp_servers.remote]").expect("remote");
    let without = format!("{}{}", &wrapped[..start], &wrapped[end..]);
    std::fs::write(&s.file, &without).expect("delete an entry");
    apply(&plan_unwrap(&read("codex", &s.file), &opts).expect("plan")).expect("apply");
    assert!(
        !std::fs::read_to_string(&s.file)
            .expect("read")
            .contains("mcp-warden")
    );
    assert_eq!(
        std::fs::read_dir(s.state.join("journal"))
            .map(|d| d.count())
            .unwrap_or(0),
        0
    );
}

#[test]
fn unusual_layouts_round_trip() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "claude-code",
            "mcp.json",
            "{\"mcpServers\": {\"a\": {\"args\": [\"x\"], \"command\": \"srv\"}, \"b\": {\"command\":\"n\"}}}",
        ),
        (
            "goose",
            "config.yaml",
            "extensions:\n  a: {type: stdio, cmd: npx, args: [-y, pkg]}\n  b: {type: stdio, cmd: \"node\"}\n",
        ),
        (
            "continue",
            "config.yaml",
            "mcpServers:\n- command: npx\n  name: a\n  args:\n  - -y\n  - pkg\n- {name: b, command: uvx}\n",
        ),
        (
            "codex",
            "config.toml",
            "[mcp_servers]\na.command = \"npx\"\na.args = [\"-y\"]\nb.command = 'uvx'\n",
        ),
    ];
    for (client, name, text) in cases {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join(name);
        std::fs::write(&file, text).expect("write");
        let before = argvs(&read(client, &file));
        let opts = options(&dir.path().join("state"));
        let plan = plan_wrap(&read(client, &file), &opts).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(plan.entries.len(), 2, "{text}");
        assert!(
            plan.entries.iter().all(|e| e.outcome == Outcome::Wrapped),
            "{text}: {:?}",
            plan.entries
        );
        apply(&plan).expect("apply");
        for ((n, new), (_, old)) in argvs(&read(client, &file)).into_iter().zip(&before) {
            let mut want = vec![WARDEN.to_string(), "run".into(), "--".into()];
            want.extend(old.iter().cloned());
            assert_eq!(new, want, "{n} in\n{}", plan.updated);
        }
        apply(&plan_unwrap(&read(client, &file), &opts).expect("unwrap")).expect("apply");
        assert_eq!(&std::fs::read_to_string(&file).expect("read"), text);
    }
}
