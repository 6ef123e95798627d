//! 488 real configs from public repositories: no critical finding unless the entry is truly
//! malicious (listed below with the reason), and every high finding is pinned in a snapshot
//! (`tests/snapshots/real-world-highs.txt`) so a change in what is reported is reviewed.

use std::path::{Path, PathBuf};

use warden_core::{Format, Scope, Severity};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real-world")
}

/// Entries that deserve `critical`, with the reason.
const CRITICAL_EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "0xRC11__Demo/.cursor/mcp.json",
        "cursor poc demo",
        "a proof of concept: `cmd.exe /c curl https://webhook.site/…` is no server, it calls a request-capture URL when the client starts",
    ),
    (
        "jayanthvn__mcp-vpc-cni-debugger/.amazonq/mcp.json",
        "my-mcp-server",
        "`command` is a whole `curl … -d @- https://…elb.amazonaws.com` line: it posts every MCP message to a remote host and is no server",
    ),
];

/// The scope a client would give a file of this kind.
fn scope_of(kind: &str) -> Scope {
    match kind {
        "claude-code" | "cursor" | "vscode" | "gemini" | "codex-toml" | "zed" | "opencode" => {
            Scope::Project
        }
        "server-json" => Scope::Registry,
        _ => Scope::User,
    }
}

#[test]
fn real_world_configs() {
    let index = std::fs::read_to_string(corpus().join("INDEX.tsv")).expect("INDEX.tsv");
    let mut highs = Vec::new();
    let mut unexpected = Vec::new();
    let mut parsed = 0;
    let mut servers = 0;
    for line in index.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (rel, kind) = (cols[0], cols.get(4).copied().unwrap_or("other"));
        let path = corpus().join(rel);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let format = match Format::from_path(Path::new(rel)) {
            Some(Format::Json) | Some(Format::Jsonc) => Format::Jsonc,
            Some(f) => f,
            None => continue,
        };
        let Ok(file) =
            warden_analysis::input::parse(Path::new(rel), &text, format, kind, scope_of(kind))
        else {
            continue;
        };
        parsed += 1;
        let mut all = Vec::new();
        for spec in &file.servers {
            servers += 1;
            for f in warden_analysis::analyze(spec) {
                all.push((spec.name.clone(), f));
            }
        }
        for f in warden_analysis::analyze_file(&file) {
            all.push(("(file)".to_string(), f));
        }
        for (server, f) in all {
            if f.severity == Severity::Critical
                && !CRITICAL_EXCEPTIONS
                    .iter()
                    .any(|(p, s, _)| *p == rel && *s == server)
            {
                unexpected.push(format!("{rel}\t{server}\t{}\t{}", f.rule.id, f.message));
            }
            if f.severity >= Severity::High {
                highs.push(format!(
                    "{rel}\t{server}\t{}\t{}\t{}",
                    f.rule.id, f.severity, f.field
                ));
            }
        }
    }
    assert!(
        parsed > 400 && servers > 800,
        "parsed {parsed} files, {servers} servers"
    );
    assert!(
        unexpected.is_empty(),
        "unexpected critical findings:\n{}",
        unexpected.join("\n")
    );
    highs.sort();
    highs.dedup();
    let snap_path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/real-world-highs.txt");
    let body = format!(
        "# file\tserver\trule\tseverity\tfield — high and critical findings on the real-world corpus\n{}\n",
        highs.join("\n")
    );
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(snap_path.parent().expect("dir")).expect("mkdir");
        std::fs::write(&snap_path, &body).expect("write snapshot");
    }
    let committed = std::fs::read_to_string(&snap_path).unwrap_or_default();
    if committed != body {
        let old: Vec<&str> = committed.lines().collect();
        let new: Vec<&str> = body.lines().collect();
        let added: Vec<_> = new.iter().filter(|l| !old.contains(l)).collect();
        let removed: Vec<_> = old.iter().filter(|l| !new.contains(l)).collect();
        panic!(
            "real-world highs changed (UPDATE_SNAPSHOTS=1 to accept)\nadded:\n{added:#?}\nremoved:\n{removed:#?}"
        );
    }
}
