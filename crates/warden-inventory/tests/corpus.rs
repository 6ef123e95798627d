//! Every real-world config of the shared corpus is read without a panic; most yield servers.
//! Prints the figures (`cargo test -p warden-inventory --test corpus -- --nocapture`).

use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real-world")
}

#[test]
fn real_world_configs_never_panic() {
    let dir = corpus();
    let Ok(index) = std::fs::read_to_string(dir.join("INDEX.tsv")) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "corpus missing at {}",
            dir.display()
        );
        return;
    };
    let (mut files, mut with_servers, mut with_errors, mut unparsed, mut servers) = (0, 0, 0, 0, 0);
    let mut expected_stdio = 0;
    let mut found_stdio = 0;
    let mut misses = Vec::new();
    for line in index.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [file, _, _, _, format, n_stdio, notes] = cols[..] else {
            continue;
        };
        let path = dir.join(file);
        files += 1;
        let inv = std::panic::catch_unwind(|| warden_inventory::check_path(&path, None))
            .unwrap_or_else(|_| panic!("panic on {file}"));
        let n = inv.servers().count();
        let stdio = inv
            .servers()
            .filter(|s| s.transport == warden_core::spec::Transport::Stdio && s.command.is_some())
            .count();
        servers += n;
        if n > 0 {
            with_servers += 1;
        }
        if !inv.errors.is_empty() {
            with_errors += 1;
        }
        if inv.files.is_empty() {
            unparsed += 1;
        }
        let want: usize = n_stdio.parse().unwrap_or(0);
        expected_stdio += want;
        found_stdio += stdio.min(want);
        if stdio < want && format != "server-json" {
            misses.push(format!(
                "{file} ({format}): {stdio} of {want} stdio; {notes}"
            ));
        }
    }
    println!(
        "corpus: {files} files, {with_servers} yield servers ({servers} servers), \
         {with_errors} with input errors, {unparsed} unreadable; \
         stdio servers found {found_stdio} of {expected_stdio} indexed"
    );
    for m in &misses {
        println!("  short: {m}");
    }
    assert!(files > 400);
    // Every file in the tree (indexed or not), and the whole tree as one directory walk.
    let mut stack = vec![dir.clone()];
    let mut all = 0;
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                all += 1;
                let _ = warden_inventory::check_path(&p, None);
                let _ = warden_inventory::check_path(&p, Some("generic"));
            }
        }
    }
    let walked = warden_inventory::check_path(&dir, None);
    println!(
        "tree: {all} files; walk found {} files, {} servers, {} errors",
        walked.files.len(),
        walked.servers().count(),
        walked.errors.len()
    );
    assert!(walked.servers().count() >= servers * 9 / 10);
    // Nearly every file is a config with servers; the index's own count of stdio servers is
    // met almost everywhere (a few files are not valid JSON even for a tolerant reader).
    assert!(
        with_servers * 100 >= files * 90,
        "{with_servers} of {files}"
    );
    assert!(
        found_stdio * 100 >= expected_stdio * 95,
        "{found_stdio} of {expected_stdio}"
    );
}
