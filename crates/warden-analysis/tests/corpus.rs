//! The attack and benign corpora: every attack is flagged at its expected severity or worse,
//! no official form is flagged above medium (unless its own expectation says more).

use std::path::PathBuf;

use warden_core::{LaunchSpec, Severity};

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn load(name: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(shared().join(name)).expect("corpus file");
    serde_json::from_str(&text).expect("corpus json")
}

fn spec(config: &serde_json::Value) -> LaunchSpec {
    let file = warden_analysis::input::from_json(&config.to_string()).expect("parse");
    file.servers.into_iter().next().expect("one spec")
}

fn worst(spec: &LaunchSpec) -> (Severity, String) {
    let findings = warden_analysis::analyze(spec);
    let sev = findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or_default();
    let rules = findings
        .iter()
        .map(|f| format!("{}:{}", f.rule.id, f.severity))
        .collect::<Vec<_>>()
        .join(" ");
    (sev, rules)
}

/// The highest severity a benign item may reach.
fn allowed(expected: &str) -> Severity {
    let e = expected.to_ascii_lowercase();
    if e.starts_with("high") || e.contains("/high") {
        Severity::High
    } else {
        Severity::Medium
    }
}

#[test]
fn attacks_flagged_and_official_forms_quiet() {
    let mut table = Vec::new();
    let mut failed = 0;
    for a in load("attacks.json") {
        let id = a["id"].as_str().unwrap_or("?");
        let expected: Severity = a["expected"]
            .as_str()
            .unwrap_or("critical")
            .parse()
            .expect("severity");
        let (got, rules) = worst(&spec(&a["config"]));
        let ok = got >= expected;
        failed += usize::from(!ok);
        table.push(format!(
            "{} {id:8} expected>={expected:8} got {got:8} {rules}",
            if ok { "ok  " } else { "FAIL" }
        ));
    }
    for b in load("benign.json") {
        let id = b["id"].as_str().unwrap_or("?");
        let exp = b["expected"].as_str().unwrap_or("info/low");
        let max = allowed(exp);
        let (got, rules) = worst(&spec(&b["config"]));
        let ok = got <= max && (max < Severity::High || got >= Severity::High);
        failed += usize::from(!ok);
        table.push(format!(
            "{} {id:8} expected<={max:8} got {got:8} {rules}",
            if ok { "ok  " } else { "FAIL" }
        ));
    }
    assert!(
        failed == 0,
        "{failed} corpus items misjudged:\n{}",
        table.join("\n")
    );
    if std::env::var_os("SHOW_TABLE").is_some() {
        println!("{}", table.join("\n"));
    }
}
