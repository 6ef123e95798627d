//! Wrap, wrap again, unwrap, over a fixture of every client format.

mod common;

use common::*;
use warden_wrap::{Outcome, apply, plan_unwrap, plan_wrap};

/// Entries that must end up wrapped, per fixture.
fn expect_wrapped(client: &str) -> &'static [&'static str] {
    match client {
        "claude-desktop" => &["filesystem", "time", "bare", "escaped", "empty-args"],
        "vscode" => &["github", "memory", "local-script"],
        "zed" => &["postgres", "legacy", "no-args"],
        "opencode" => &["weather", "multi", "solo"],
        "codex" => &["weather", "files", "plain", "inline", "inline-noargs"],
        "continue" => &["filesystem", "sqlite", "bare"],
        "goose" => &["fetch", "github", "nodeargs"],
        _ => unreachable!(),
    }
}

#[test]
fn every_format_wraps_rewraps_and_unwraps_to_the_same_bytes() {
    for (client, rel) in FIXTURES {
        let s = scratch(rel);
        let original = std::fs::read_to_string(&s.file).expect("read");
        let before = read(client, &s.file);
        let opts = options(&s.state);

        let plan = plan_wrap(&before, &opts).expect("plan wrap");
        for name in expect_wrapped(client) {
            assert_eq!(
                outcome_of(&plan, name),
                &Outcome::Wrapped,
                "{client}: {name}"
            );
        }
        assert!(plan.changed(), "{client}");
        let applied = apply(&plan).expect("apply");
        assert!(applied.written && applied.backup_created, "{client}");
        let wrapped_text = std::fs::read_to_string(&s.file).expect("read");
        assert_eq!(wrapped_text, plan.updated);

        // Every stdio entry now starts mcp-warden run -- <what it started before>.
        let after = read(client, &s.file);
        let old: std::collections::BTreeMap<_, _> = argvs(&before).into_iter().collect();
        for (name, argv) in argvs(&after) {
            if expect_wrapped(client).contains(&name.as_str()) {
                let mut want = vec![WARDEN.to_string(), "run".into(), "--".into()];
                want.extend(old[&name].iter().cloned());
                assert_eq!(argv, want, "{client}: {name}\n{wrapped_text}");
            } else {
                assert_eq!(argv, old[&name], "{client}: {name} must be left alone");
            }
        }
        // Comments and unrelated settings are still there.
        for c in comment_lines(&original) {
            assert!(
                wrapped_text.contains(&c),
                "{client}: lost comment {c:?}\n{wrapped_text}"
            );
        }
        // Only the lines of command and args changed: every other original line is still there.
        let kept = original
            .lines()
            .filter(|l| wrapped_text.lines().any(|w| w == *l))
            .count();
        assert!(
            kept * 10 >= original.lines().count() * 7,
            "{client}: too much changed\n{wrapped_text}"
        );

        // Wrapping again changes nothing.
        let again = plan_wrap(&after, &opts).expect("plan again");
        assert!(
            !again.changed(),
            "{client}: second wrap changed\n{}",
            again.diff()
        );
        for name in expect_wrapped(client) {
            assert_eq!(
                outcome_of(&again, name),
                &Outcome::AlreadyWrapped,
                "{client}: {name}"
            );
        }

        // Unwrap restores the exact bytes.
        let un = plan_unwrap(&after, &opts).expect("plan unwrap");
        for name in expect_wrapped(client) {
            assert_eq!(
                outcome_of(&un, name),
                &Outcome::Unwrapped,
                "{client}: {name}"
            );
        }
        apply(&un).expect("apply unwrap");
        let restored = std::fs::read_to_string(&s.file).expect("read");
        assert_eq!(restored, original, "{client}: unwrap is not byte-identical");

        // And the journal is gone: nothing left to undo.
        let j = s.state.join("journal");
        let left = std::fs::read_dir(&j).map(|d| d.count()).unwrap_or(0);
        assert_eq!(left, 0, "{client}: journal left behind");
        // The backup holds the original.
        let backup = applied.backup.expect("backup");
        assert_eq!(std::fs::read_to_string(backup).expect("backup"), original);
    }
}

#[test]
fn other_entries_are_reported_and_left_alone() {
    let s = scratch("claude/claude_desktop_config.json");
    let plan = plan_wrap(&read("claude-desktop", &s.file), &options(&s.state)).expect("plan");
    assert_eq!(outcome_of(&plan, "remote"), &Outcome::Remote("http".into()));
    assert_eq!(
        outcome_of(&plan, "contained"),
        &Outcome::OtherSandbox("docker".into())
    );
    let disabled = plan
        .entries
        .iter()
        .find(|e| e.name == "empty-args")
        .expect("entry");
    assert!(!disabled.enabled && disabled.outcome == Outcome::Wrapped);
    let s = scratch("vscode/mcp.json");
    let plan = plan_wrap(&read("vscode", &s.file), &options(&s.state)).expect("plan");
    assert!(
        matches!(outcome_of(&plan, "sandboxed"), Outcome::OtherSandbox(s) if s.contains("sandboxEnabled"))
    );
    let s = scratch("goose/config.yaml");
    let plan = plan_wrap(&read("goose", &s.file), &options(&s.state)).expect("plan");
    assert!(matches!(outcome_of(&plan, "developer"), Outcome::Remote(_)));
    assert!(matches!(outcome_of(&plan, "remote"), Outcome::Remote(_)));
}
