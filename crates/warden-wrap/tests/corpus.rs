//! Wrap, rewrap and unwrap every real-world config of the shared corpus, read by inventory as
//! `mcp-warden wrap` reads it: each wrapped entry reads back as `mcp-warden run -- <original>`,
//! a second wrap changes nothing, and unwrap gives back every byte.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use warden_core::spec::{ConfigFile, Transport};
use warden_wrap::{Outcome, WrapError, WrapOptions, apply, plan_unwrap, plan_wrap};

const WARDEN: &str = "/opt/mcp-warden/bin/mcp-warden";

fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real-world");
    if p.join("INDEX.tsv").is_file() {
        return Some(p);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("the shared corpus is missing at {}", p.display());
    }
    eprintln!("SKIPPED: no shared corpus at {}", p.display());
    None
}

fn read(path: &Path) -> Option<ConfigFile> {
    warden_inventory::check_path(path, None)
        .files
        .into_iter()
        .next()
}

#[test]
fn every_real_world_config_round_trips() {
    let Some(root) = corpus() else { return };
    let index = std::fs::read_to_string(root.join("INDEX.tsv")).expect("index");
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let (mut files, mut refused, mut unread) = (0, 0, 0);
    for line in index.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(file), Some(rel), Some(kind)) = (cols.first(), cols.get(2), cols.get(4)) else {
            continue;
        };
        if *kind == "server-json" {
            continue;
        }
        let dir = tempfile::tempdir().expect("tmp");
        // Keep the file's name and folder as in its repository: inventory tells the client
        // from them.
        let path = dir.path().join("repo").join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::copy(root.join(file), &path).expect("copy");
        let original = std::fs::read(&path).expect("read");
        let opts = WrapOptions::new(WARDEN, dir.path().join("state"));
        let Some(before) = read(&path) else {
            unread += 1;
            continue;
        };
        let plan = match plan_wrap(&before, &opts) {
            Ok(p) => p,
            Err(WrapError::Parse { .. }) => {
                refused += 1;
                continue;
            }
            Err(e) => panic!("{file}: {e}"),
        };
        files += 1;
        for e in &plan.entries {
            let key = match &e.outcome {
                Outcome::Skipped(why) => format!("skipped: {why}"),
                Outcome::OtherSandbox(s) => format!("other sandbox: {s}"),
                Outcome::Remote(_) => "remote".into(),
                o => format!("{o:?}"),
            };
            *outcomes.entry(key).or_default() += 1;
        }
        apply(&plan).unwrap_or_else(|e| panic!("{file}: {e}"));

        let after = read(&path).unwrap_or_else(|| panic!("{file}: unreadable after wrap"));
        for e in plan
            .entries
            .iter()
            .filter(|e| e.outcome == Outcome::Wrapped)
        {
            let old = before
                .servers
                .iter()
                .find(|s| s.name == e.name)
                .expect("old");
            let new = after
                .servers
                .iter()
                .find(|s| s.name == e.name && s.transport == Transport::Stdio)
                .unwrap_or_else(|| panic!("{file}: {} lost", e.name));
            assert_eq!(
                new.command.as_ref().map(|c| c.value.as_str()),
                Some(WARDEN),
                "{file}"
            );
            let mut want = vec!["run".to_string(), "--".into()];
            want.extend(old.command.iter().map(|c| c.value.clone()));
            want.extend(old.args.iter().map(|a| a.value.clone()));
            assert_eq!(new.argv(), want, "{file}: {}", e.name);
        }
        let again = plan_wrap(&after, &opts).expect("again");
        assert!(
            !again.changed(),
            "{file}: second wrap changed\n{}",
            again.diff()
        );
        let un = plan_unwrap(&after, &opts).expect("unwrap");
        assert!(
            !un.entries
                .iter()
                .any(|e| matches!(e.outcome, Outcome::UnwrappedFromCommandLine(_))),
            "{file}: {:?}",
            un.entries
        );
        apply(&un).expect("apply unwrap");
        assert!(
            std::fs::read(&path).expect("read") == original,
            "{file}: not byte-identical"
        );
    }
    eprintln!(
        "{files} files round-tripped, {refused} refused as malformed, {unread} not MCP configs"
    );
    for (k, n) in &outcomes {
        eprintln!("  {n:5}  {k}");
    }
    assert!(files >= 300, "only {files} files");
    assert!(outcomes.get("Wrapped").copied().unwrap_or(0) >= 500);
}
