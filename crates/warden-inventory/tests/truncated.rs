//! Every prefix of every fixture, read as stdin and as its own client: no panic, and every
//! reported span lies inside the text. (The fuzz targets do the same on arbitrary bytes.)

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn every_prefix_of_every_fixture_is_handled() {
    let mut all = Vec::new();
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &mut all,
    );
    assert!(all.len() > 50);
    let mut reads = 0;
    for path in &all {
        let text = std::fs::read_to_string(path).unwrap();
        let client = warden_inventory::client_for_path(path).map(|(id, _)| id);
        let step = (text.len() / 97).max(1);
        for end in (0..=text.len()).step_by(step) {
            if !text.is_char_boundary(end) {
                continue;
            }
            let prefix = text[..end].to_string();
            for c in [None, client] {
                let inv = warden_inventory::check_text(Path::new("-"), prefix.clone(), c);
                reads += 1;
                for s in inv.servers() {
                    for span in s
                        .args
                        .iter()
                        .map(|a| a.span)
                        .chain(s.command.iter().map(|c| c.span))
                    {
                        assert!(span.end <= end, "{}: span past the end", path.display());
                    }
                    assert!(s.entry_span.end <= end);
                }
                for e in &inv.errors {
                    assert!(e.line as usize <= prefix.lines().count() + 1, "{e:?}");
                }
            }
        }
    }
    assert!(reads > 5000, "{reads}");
}
