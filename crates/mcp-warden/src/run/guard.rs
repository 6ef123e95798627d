//! The guard half of `run`: flags, the `[guard]` table of a profile file, and relaying the
//! sandboxed server's stdio through `warden_proxy`.

use std::fs::File;
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use super::profile_file::ProfileFile;
use anyhow::{Context, Result, bail};
use clap::Args;
use warden_core::doc::Node;
use warden_proxy::{AuditLog, Glob, Guard, PinStore, Policy, ServerIdentity, Shutdown};

/// Guard flags of `run`.
#[derive(Args, Debug, Clone, Default)]
pub struct GuardFlags {
    /// Hide and refuse tools whose name matches PATTERN (`*` and `?` globs; repeatable).
    #[arg(long = "deny-tool", value_name = "PATTERN")]
    pub deny_tool: Vec<String>,
    /// Allow only tools whose name matches PATTERN (repeatable; --deny-tool still wins).
    #[arg(long = "allow-tool", value_name = "PATTERN")]
    pub allow_tool: Vec<String>,
    /// Append an audit record per request, decision and lifecycle event to FILE (JSON lines).
    #[arg(long, value_name = "FILE")]
    pub audit: Option<PathBuf>,
    /// Write tool arguments to the audit log as they are (default: only their SHA-256).
    #[arg(long)]
    pub audit_args: bool,
    /// Where pinned tool definitions are kept.
    /// Default: $XDG_STATE_HOME/mcp-warden, else ~/.local/state/mcp-warden.
    #[arg(long, value_name = "DIR", env = "MCP_WARDEN_STATE_DIR")]
    pub state_dir: Option<PathBuf>,
    /// Largest message accepted from the client, in bytes (default 16 MiB).
    #[arg(long, value_name = "BYTES")]
    pub max_message_bytes: Option<usize>,
    /// Do not pin tool definitions (changed tools are not withheld).
    #[arg(long)]
    pub no_pins: bool,
    /// Also withhold tools whose descriptions contain instruction-like text (`<IMPORTANT>`,
    /// "do not tell the user", ...); by default these are reported only.
    #[arg(long)]
    pub withhold_suspicious: bool,
    /// Connect the server's stdio directly, without the JSON-RPC guard.
    #[arg(long, conflicts_with_all = ["deny_tool", "allow_tool", "audit", "audit_args", "no_pins", "withhold_suspicious", "max_message_bytes"])]
    pub no_guard: bool,
}

/// Options read from the `[guard]` table of a `--profile` file.
#[derive(Debug, Default)]
struct FileOptions {
    deny_tool: Vec<String>,
    allow_tool: Vec<String>,
    audit: Option<PathBuf>,
    audit_args: bool,
    max_message_bytes: Option<usize>,
    pins: Option<bool>,
    withhold_suspicious: bool,
}

fn load_profile_file(path: &Path) -> Result<FileOptions> {
    let file = ProfileFile::load(path)?;
    let at = |n: &Node| file.at(n);
    let strings = |n: &Node, key: &str| file.strings(n, key);
    let mut out = FileOptions::default();
    let entries = file.table("guard")?;
    let boolean = |n: &Node, key: &str| file.boolean(n, key);
    for e in entries {
        let key = e.key.replace('-', "_");
        let n = &e.value;
        match key.as_str() {
            "deny_tool" | "deny_tools" => out.deny_tool = strings(n, &e.key)?,
            "allow_tool" | "allow_tools" => out.allow_tool = strings(n, &e.key)?,
            "audit" => {
                let s = n
                    .as_str()
                    .ok_or_else(|| anyhow::anyhow!("{}: `audit` must be a path", at(n)))?;
                out.audit = Some(PathBuf::from(s));
            }
            "audit_args" => out.audit_args = boolean(n, &e.key)?,
            "pins" => out.pins = Some(boolean(n, &e.key)?),
            "withhold_suspicious" => out.withhold_suspicious = boolean(n, &e.key)?,
            "max_message_bytes" => {
                let v = n.scalar_text().and_then(|t| t.parse::<usize>().ok());
                out.max_message_bytes = Some(v.ok_or_else(|| {
                    anyhow::anyhow!("{}: `max_message_bytes` must be a number", at(n))
                })?);
            }
            _ => bail!(
                "{}: unknown guard option `{}` (known: deny_tool, allow_tool, audit, audit_args, pins, withhold_suspicious, max_message_bytes)",
                at(n),
                e.key
            ),
        }
    }
    Ok(out)
}

/// Builds the guard for a server started as `command` with the variables `env_names` set.
/// `None` with `--no-guard`.
pub fn build(
    flags: &GuardFlags,
    profile: Option<&Path>,
    command: &[String],
    env_names: &[String],
) -> Result<Option<Guard>> {
    if flags.no_guard {
        return Ok(None);
    }
    let file = match profile {
        Some(p) => load_profile_file(p)?,
        None => FileOptions::default(),
    };
    let mut policy = Policy {
        deny: file
            .deny_tool
            .iter()
            .chain(&flags.deny_tool)
            .map(Glob::new)
            .collect(),
        allow: file
            .allow_tool
            .iter()
            .chain(&flags.allow_tool)
            .map(Glob::new)
            .collect(),
        pins: !flags.no_pins && file.pins.unwrap_or(true),
        withhold_suspicious: flags.withhold_suspicious || file.withhold_suspicious,
        ..Policy::default()
    };
    if let Some(m) = flags.max_message_bytes.or(file.max_message_bytes) {
        if m < 1024 {
            bail!("--max-message-bytes: {m} is too small (at least 1024)");
        }
        policy.max_client_message = m;
    }

    let id = ServerIdentity::from_launch(command, env_names);
    let pins = if policy.pins {
        let dir = crate::cmd::pins::state_dir(flags.state_dir.as_deref())?;
        Some(PinStore::open(&dir, &id).context("cannot load pinned tool definitions")?)
    } else {
        None
    };
    let audit = match flags.audit.as_ref().or(file.audit.as_ref()) {
        Some(p) => AuditLog::open(p, &id, flags.audit_args || file.audit_args)
            .with_context(|| format!("cannot open the audit log {}", p.display()))?,
        None => AuditLog::disabled(),
    };
    Ok(Some(Guard::new(policy, pins, audit)))
}

/// Spawns `cmd` with piped stdin/stdout (stderr inherited), relays this process's stdio through
/// `guard`, forwards SIGINT/SIGTERM/SIGHUP/SIGQUIT to it, and returns its exit code (128 + signal
/// when a signal ended it).
pub fn relay_child(guard: Guard, mut cmd: Command) -> Result<u8> {
    let client_in = File::from(
        std::io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .context("stdin")?,
    );
    let client_out = File::from(
        std::io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .context("stdout")?,
    );
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let child = cmd.spawn().context("cannot start the server")?;
    let outcome = warden_proxy::run_child(
        Arc::new(guard),
        child,
        client_in,
        client_out,
        Shutdown::default(),
        |tx| {
            if let Err(e) = warden_proxy::forward_signals(tx) {
                eprintln!("mcp-warden: warning: signals will not be forwarded to the server: {e}");
            }
        },
    )
    .context("relaying the server's stdio")?;
    Ok(outcome.exit_code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_table_of_a_profile_is_read_and_merged_with_flags() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("profile.toml");
        std::fs::write(
            &p,
            "[sandbox]\nnet = \"none\"\n\n[guard]\ndeny-tool = [\"write_*\"]\nallow_tool = \"read_*\"\npins = false\nmax_message_bytes = 4096000\n",
        )
        .unwrap();
        let flags = GuardFlags {
            deny_tool: vec!["rm".into()],
            ..GuardFlags::default()
        };
        let g = build(&flags, Some(&p), &["srv".into()], &[])
            .unwrap()
            .unwrap();
        let pol = g.policy();
        assert_eq!(pol.deny, vec![Glob::new("write_*"), Glob::new("rm")]);
        assert_eq!(pol.allow, vec![Glob::new("read_*")]);
        assert!(!pol.pins);
        assert_eq!(pol.max_client_message, 4_096_000);
    }

    #[test]
    fn unknown_guard_option_is_an_error_with_its_position() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("profile.toml");
        std::fs::write(&p, "[guard]\ndeny = [\"x\"]\n").unwrap();
        let err = build(&GuardFlags::default(), Some(&p), &["srv".into()], &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("profile.toml:2:"), "{err}");
        assert!(err.contains("unknown guard option `deny`"), "{err}");
    }
}
