//! Helpers shared by the tests that start `mcp-warden run`.

use std::path::{Path, PathBuf};

/// A scratch directory outside /tmp and /var/tmp: the sandbox gives the server private ones,
/// so a test directory under the host's would be invisible inside it for the wrong reason.
/// Cargo's test scratch directory is used unless the checkout itself lives under them; then
/// a directory under the user's cache.
pub fn scratch() -> PathBuf {
    let private = |p: &Path| p.starts_with("/tmp") || p.starts_with("/var/tmp");
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    if !private(&target) {
        return target;
    }
    let home = std::env::home_dir().expect("a home directory for test scratch space");
    assert!(
        !private(&home),
        "HOME is under /tmp: no scratch space outside the sandbox's /tmp"
    );
    let dir = home.join(".cache/mcp-warden-tests");
    std::fs::create_dir_all(&dir).expect("creating the test scratch directory");
    dir
}
