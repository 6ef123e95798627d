//! Interrupted writes, files changed by someone else, permissions, backups, symbolic links.

mod common;

use std::path::Path;

use common::*;
use warden_wrap::{ApplyOptions, WrapError, apply, apply_with, plan_unwrap, plan_wrap};

/// Files in `dir` other than the config itself (left-over temporary files).
fn strays(dir: &Path, keep: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p != keep)
        .map(|p| p.display().to_string())
        .collect()
}

fn journal_files(state: &Path) -> usize {
    std::fs::read_dir(state.join("journal"))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[test]
fn a_failure_between_write_and_rename_leaves_the_original_and_no_temporary_file() {
    let s = scratch("zed/settings.json");
    let original = std::fs::read(&s.file).expect("read");
    let plan = plan_wrap(&read("zed", &s.file), &options(&s.state)).expect("plan");
    let seen = std::cell::RefCell::new(None);
    let hook = |tmp: &Path, target: &Path| -> std::io::Result<()> {
        // The temporary file is complete, beside the target, with the new text.
        assert_eq!(tmp.parent(), target.parent());
        *seen.borrow_mut() = Some(std::fs::read_to_string(tmp)?);
        Err(std::io::Error::other("disk full (simulated)"))
    };
    let err = apply_with(
        &plan,
        &ApplyOptions {
            before_rename: Some(&hook),
        },
    )
    .expect_err("must fail");
    assert!(matches!(err, WrapError::Interrupted { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("disk full (simulated)") && msg.contains("left unchanged"),
        "{msg}"
    );
    assert_eq!(seen.borrow().as_deref(), Some(plan.updated.as_str()));
    assert_eq!(std::fs::read(&s.file).expect("read"), original);
    assert!(strays(s.file.parent().expect("dir"), &s.file).is_empty());
    assert_eq!(
        journal_files(&s.state),
        0,
        "no journal for a write that did not happen"
    );

    // Nothing is lost: the same plan applies cleanly afterwards.
    apply(&plan).expect("retry");
    assert_eq!(
        std::fs::read_to_string(&s.file).expect("read"),
        plan.updated
    );
}

#[test]
fn a_file_changed_by_someone_else_during_the_write_is_not_overwritten() {
    let s = scratch("vscode/mcp.json");
    let plan = plan_wrap(&read("vscode", &s.file), &options(&s.state)).expect("plan");
    let clients_version = "{ \"servers\": {} }\n";
    let hook = |_tmp: &Path, target: &Path| std::fs::write(target, clients_version);
    let err = apply_with(
        &plan,
        &ApplyOptions {
            before_rename: Some(&hook),
        },
    )
    .expect_err("must refuse");
    assert!(matches!(err, WrapError::ChangedOnDisk { .. }), "{err:?}");
    assert!(err.to_string().contains("changed on disk"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&s.file).expect("read"),
        clients_version
    );
    assert!(strays(s.file.parent().expect("dir"), &s.file).is_empty());
    assert_eq!(journal_files(&s.state), 0);
}

#[test]
fn a_file_changed_after_planning_is_not_overwritten() {
    let s = scratch("codex/config.toml");
    let plan = plan_wrap(&read("codex", &s.file), &options(&s.state)).expect("plan");
    let changed = format!("{}\n[mcp_servers.new]\ncommand = \"x\"\n", plan.original);
    std::fs::write(&s.file, &changed).expect("write");
    let err = apply(&plan).expect_err("must refuse");
    assert!(matches!(err, WrapError::ChangedOnDisk { .. }), "{err:?}");
    assert_eq!(std::fs::read_to_string(&s.file).expect("read"), changed);
    // Planning from a stale scan is refused too.
    let stale = read("codex", &s.file);
    std::fs::write(&s.file, plan.original.as_bytes()).expect("write");
    let err = plan_wrap(&stale, &options(&s.state)).expect_err("stale");
    assert!(matches!(err, WrapError::ChangedOnDisk { .. }), "{err:?}");
}

#[cfg(unix)]
#[test]
fn permissions_are_kept_and_state_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let s = scratch("goose/config.yaml");
    std::fs::set_permissions(&s.file, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    apply(&plan_wrap(&read("goose", &s.file), &options(&s.state)).expect("plan")).expect("apply");
    let mode = std::fs::metadata(&s.file)
        .expect("meta")
        .permissions()
        .mode()
        & 0o7777;
    assert_eq!(mode, 0o640);
    let backup_dir = s.state.join("backups");
    let dir_mode = std::fs::metadata(&backup_dir)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir_mode, 0o700);
    for e in std::fs::read_dir(&backup_dir).expect("dir") {
        let m = e
            .expect("entry")
            .metadata()
            .expect("meta")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(m, 0o600, "backups may hold secrets");
    }
}

#[test]
fn the_backup_is_made_once_and_never_overwritten() {
    let s = scratch("opencode/opencode.jsonc");
    let first = std::fs::read_to_string(&s.file).expect("read");
    let opts = options(&s.state);
    let a = apply(&plan_wrap(&read("opencode", &s.file), &opts).expect("plan")).expect("apply");
    assert!(a.backup_created);
    apply(&plan_unwrap(&read("opencode", &s.file), &opts).expect("plan")).expect("apply");
    std::fs::write(&s.file, first.replace("10000", "20000")).expect("edit");
    let b = apply(&plan_wrap(&read("opencode", &s.file), &opts).expect("plan")).expect("apply");
    assert!(!b.backup_created);
    assert_eq!(a.backup, b.backup);
    let backup = std::fs::read_to_string(b.backup.expect("backup")).expect("read");
    assert_eq!(backup, first);
}

#[cfg(unix)]
#[test]
fn a_symlinked_config_is_written_through_the_link() {
    let s = scratch("claude/claude_desktop_config.json");
    let link = s.dir.path().join("link.json");
    std::os::unix::fs::symlink(&s.file, &link).expect("symlink");
    let original = std::fs::read_to_string(&s.file).expect("read");
    let opts = options(&s.state);
    apply(&plan_wrap(&read("claude-desktop", &link), &opts).expect("plan")).expect("apply");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&s.file)
            .expect("read")
            .contains("mcp-warden")
    );
    apply(&plan_unwrap(&read("claude-desktop", &link), &opts).expect("plan")).expect("apply");
    assert_eq!(std::fs::read_to_string(&s.file).expect("read"), original);
}
