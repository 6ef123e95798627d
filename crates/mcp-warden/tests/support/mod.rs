//! Helpers shared by the tests that start `mcp-warden run`.

use std::path::PathBuf;

/// A scratch directory outside /tmp: the sandbox gives the server a private /tmp, so a test
/// directory under the host's /tmp would be invisible inside it for the wrong reason. Cargo's
/// test scratch directory is used unless the checkout itself lives under /tmp.
pub fn scratch() -> PathBuf {
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    if !target.starts_with("/tmp") {
        return target;
    }
    let dir = PathBuf::from("/var/tmp/mcp-warden-tests");
    std::fs::create_dir_all(&dir).expect("creating /var/tmp/mcp-warden-tests");
    dir
}
