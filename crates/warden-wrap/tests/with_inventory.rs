//! The same round trip with configs read by inventory, as `mcp-warden wrap` reads them.

mod common;

use common::*;
use warden_core::spec::{ConfigFile, Scope, Transport};
use warden_wrap::{Outcome, apply, plan_unwrap, plan_wrap};

fn load(client: &str, path: &std::path::Path) -> ConfigFile {
    warden_inventory::load_file(path, client, Scope::User).unwrap_or_else(|e| {
        panic!(
            "{client}: {}:{}:{}: {}",
            e.path.display(),
            e.line,
            e.column,
            e.message
        )
    })
}

#[test]
fn inventory_configs_round_trip_byte_for_byte() {
    for (client, rel) in FIXTURES {
        let s = scratch(rel);
        let original = std::fs::read_to_string(&s.file).expect("read");
        let opts = options(&s.state);
        let before = load(client, &s.file);
        let stdio = before
            .servers
            .iter()
            .filter(|s| s.transport == Transport::Stdio)
            .count();
        assert!(
            stdio >= 3,
            "{client}: inventory found {stdio} stdio servers"
        );

        let plan = plan_wrap(&before, &opts).expect("plan");
        let wrapped: Vec<_> = plan
            .entries
            .iter()
            .filter(|e| e.outcome == Outcome::Wrapped)
            .map(|e| e.name.clone())
            .collect();
        assert!(wrapped.len() >= 3, "{client}: {:?}", plan.entries);
        apply(&plan).expect("apply");

        let after = load(client, &s.file);
        for spec in after.servers.iter().filter(|s| wrapped.contains(&s.name)) {
            let old = before
                .servers
                .iter()
                .find(|o| o.name == spec.name)
                .expect("same entry");
            assert_eq!(
                spec.command.as_ref().map(|c| c.value.as_str()),
                Some(WARDEN),
                "{client}"
            );
            let mut want = vec!["run".to_string(), "--".into()];
            want.extend(old.command.iter().map(|c| c.value.clone()));
            want.extend(old.args.iter().map(|a| a.value.clone()));
            assert_eq!(spec.argv(), want, "{client}: {}", spec.name);
        }
        assert!(
            !plan_wrap(&after, &opts).expect("again").changed(),
            "{client}"
        );
        apply(&plan_unwrap(&after, &opts).expect("unwrap")).expect("apply");
        assert_eq!(
            std::fs::read_to_string(&s.file).expect("read"),
            original,
            "{client}"
        );
    }
}

#[test]
fn claude_code_user_and_local_servers_of_the_same_name_are_both_wrapped_and_restored() {
    let s = scratch("claude/claude.json");
    let original = std::fs::read_to_string(&s.file).expect("read");
    let opts = options(&s.state);
    let before = load("claude-code", &s.file);
    let plan = plan_wrap(&before, &opts).expect("plan");
    let wrapped = plan
        .entries
        .iter()
        .filter(|e| e.name == "memory" && e.outcome == Outcome::Wrapped)
        .count();
    assert_eq!(wrapped, 2, "{:?}", plan.entries);
    apply(&plan).expect("apply");
    let text = std::fs::read_to_string(&s.file).expect("read");
    assert_eq!(text.matches(WARDEN).count(), 2, "{text}");
    assert!(text.contains("\"/home/me/src/app/tools/memory.js\""));

    // Unwrap only after Claude Code rewrote another part of the file.
    let touched = text.replace("\"numStartups\": 42", "\"numStartups\": 43");
    std::fs::write(&s.file, &touched).expect("write");
    let un = plan_unwrap(&load("claude-code", &s.file), &opts).expect("unwrap");
    assert!(
        un.entries
            .iter()
            .filter(|e| e.name == "memory")
            .all(|e| e.outcome == Outcome::Unwrapped)
    );
    apply(&un).expect("apply");
    assert_eq!(
        std::fs::read_to_string(&s.file).expect("read"),
        original.replace("\"numStartups\": 42", "\"numStartups\": 43")
    );
}
