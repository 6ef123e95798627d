//! The sandbox half of `run`: flags, the analysis gate, the profile, the helper command.
//!
//! [`prepare`] does everything before the server starts: it refuses specs whose findings reach
//! `--block-on`, derives the profile, prints it for `--dry-run`, and returns the sandbox helper
//! as a [`Command`] that is not yet spawned (the caller chooses its stdio).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::profile_file::ProfileFile;
use anyhow::{Context, Result, bail};
use clap::Args;
use warden_core::doc::Node;
use warden_core::{EnvVar, LaunchSpec, Severity};
use warden_sandbox::{Net, Options, Profile};

/// Exit code when `run` refuses to start a server (gate or sandbox).
pub const EXIT_REFUSED: u8 = 126;

/// Sandbox flags of `run`.
#[derive(Args, Debug, Clone, Default)]
pub struct SandboxFlags {
    /// Refuse to start when a finding is at or above LEVEL (info, low, medium, high, critical),
    /// or `never`. Default: critical.
    #[arg(long, value_name = "LEVEL")]
    pub block_on: Option<String>,
    /// Also let the server read PATH (repeatable).
    #[arg(long = "allow-read", value_name = "PATH")]
    pub allow_read: Vec<PathBuf>,
    /// Also let the server read and write PATH (repeatable); nothing in it may be executed.
    #[arg(long = "allow-write", value_name = "PATH")]
    pub allow_write: Vec<PathBuf>,
    /// Network: none, outbound (TCP 80/443 and DNS), host, or connect:PORT[,PORT]...
    /// Default: outbound for package runners (npx, uvx, ...), none otherwise.
    #[arg(long, value_name = "MODE")]
    pub net: Option<String>,
    /// Set a variable for the server (repeatable).
    #[arg(long = "env", value_name = "KEY=VALUE")]
    pub env: Vec<String>,
    /// Pass one variable of this environment to the server by name (repeatable).
    #[arg(long = "pass-env", value_name = "NAME")]
    pub pass_env: Vec<String>,
    /// Read options from a TOML or JSON file (its `[sandbox]` table).
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Print the profile and what the kernel enforced to stderr before the server starts.
    #[arg(long)]
    pub explain: bool,
    /// Print the profile and exit without starting anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Refuse to start unless every sandbox mechanism is fully enforced.
    #[arg(long)]
    pub require_full: bool,
}

#[derive(Args, Debug)]
pub struct SandboxExecArgs {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub rest: Vec<String>,
}

/// A server ready to start in the sandbox.
#[derive(Debug)]
pub struct Launch {
    /// The sandbox helper (`mcp-warden __sandbox-exec`), not yet spawned. Its environment
    /// carries only the profile; stdio is the caller's choice. Spawn it from a thread that
    /// lives as long as the server: the helper's parent-death signal fires when the spawning
    /// thread exits. Signals sent to the helper (SIGTERM, SIGINT, ...) reach the server; its
    /// exit status is the server's (128+N for signal N).
    pub command: Command,
    /// The effective profile.
    pub profile: Profile,
}

/// What `run` should do next.
#[derive(Debug)]
pub enum Prepared {
    /// Start this.
    Launch(Box<Launch>),
    /// Nothing to start (`--dry-run`, or refused by the gate): exit with this code.
    Exit(u8),
}

/// The threshold at which the gate refuses (`None`: never).
fn block_level(s: Option<&str>) -> Result<Option<Severity>> {
    match s.map(str::trim) {
        None => Ok(Some(Severity::Critical)),
        Some(v) if v.eq_ignore_ascii_case("never") => Ok(None),
        Some(v) => match v.parse::<Severity>() {
            Ok(Severity::None) => Ok(None),
            Ok(s) => Ok(Some(s)),
            Err(e) => bail!("--block-on: {e}, or never"),
        },
    }
}

/// Options read from a `--profile` file.
#[derive(Debug, Default)]
struct FileOptions {
    block_on: Option<String>,
    allow_read: Vec<PathBuf>,
    allow_write: Vec<PathBuf>,
    net: Option<String>,
    env: Vec<(String, String)>,
    pass_env: Vec<String>,
    require_full: bool,
}

fn load_profile_file(path: &Path) -> Result<FileOptions> {
    let file = ProfileFile::load(path)?;
    let at = |n: &Node| file.at(n);
    let strings = |n: &Node, key: &str| file.strings(n, key);
    let mut out = FileOptions::default();
    let entries = file.table("sandbox")?;
    for e in entries {
        let key = e.key.replace('-', "_");
        let n = &e.value;
        match key.as_str() {
            "block_on" => out.block_on = Some(n.scalar_text().unwrap_or_default()),
            "allow_read" => {
                out.allow_read = strings(n, &e.key)?.into_iter().map(PathBuf::from).collect()
            }
            "allow_write" => {
                out.allow_write = strings(n, &e.key)?.into_iter().map(PathBuf::from).collect()
            }
            "net" => {
                out.net = Some(
                    n.as_str()
                        .ok_or_else(|| anyhow::anyhow!("{}: `net` must be a string", at(n)))?
                        .to_string(),
                )
            }
            "pass_env" => out.pass_env = strings(n, &e.key)?,
            "require_full" => {
                out.require_full = n.as_bool().ok_or_else(|| {
                    anyhow::anyhow!("{}: `require_full` must be true or false", at(n))
                })?
            }
            "env" => {
                if let Some(vars) = n.as_object() {
                    for v in vars {
                        let value = v.value.scalar_text().ok_or_else(|| {
                            anyhow::anyhow!("{}: env values must be strings", at(&v.value))
                        })?;
                        out.env.push((v.key.clone(), value));
                    }
                } else {
                    for s in strings(n, &e.key)? {
                        let kv = warden_sandbox::env::parse_assignment(&s).ok_or_else(|| {
                            anyhow::anyhow!("{}: `env` entries are KEY=VALUE", at(n))
                        })?;
                        out.env.push(kv);
                    }
                }
            }
            other => bail!(
                "{}:{}:{}: unknown sandbox option `{other}` (known: block_on, allow_read, \
                 allow_write, net, env, pass_env, require_full)",
                path.display(),
                e.key_span.line,
                e.key_span.column
            ),
        }
    }
    Ok(out)
}

/// Refuse the spec if analysis finds something at or above the threshold. Returns whether it
/// was refused (the explanation is already on stderr).
fn gate(command: &[String], env: &[(String, String)], threshold: Option<Severity>) -> bool {
    let Some(threshold) = threshold else {
        return false;
    };
    let Some((first, rest)) = command.split_first() else {
        return false;
    };
    let args: Vec<&str> = rest.iter().map(String::as_str).collect();
    let mut spec = LaunchSpec::from_argv(first, &args);
    spec.env = env.iter().map(|(k, v)| EnvVar::new(k, v)).collect();
    let findings: Vec<_> = warden_analysis::analyze(&spec)
        .into_iter()
        .filter(|f| f.severity >= threshold)
        .collect();
    if findings.is_empty() {
        return false;
    }
    eprintln!(
        "mcp-warden: refusing to start this server: {} finding{} at or above {threshold} \
         (change with --block-on LEVEL|never)",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" }
    );
    for f in &findings {
        eprintln!(
            "  {} {} [{}] {}",
            f.rule.id, f.rule.name, f.severity, f.message
        );
        eprintln!("    fix: {}", f.fix.as_deref().unwrap_or(f.rule.fix));
    }
    true
}

/// Gate, profile, `--dry-run`; the helper command for everything else.
pub fn prepare(flags: &SandboxFlags, command: &[String]) -> Result<Prepared> {
    if !warden_sandbox::SUPPORTED {
        bail!(
            "`run` needs Linux (namespaces, Landlock, seccomp); it cannot contain a server on \
             this system, so it refuses to start one"
        );
    }
    let file = match &flags.profile {
        Some(p) => load_profile_file(p)?,
        None => FileOptions::default(),
    };
    let threshold = block_level(flags.block_on.as_deref().or(file.block_on.as_deref()))?;
    let mut env = file.env.clone();
    for e in &flags.env {
        let kv = warden_sandbox::env::parse_assignment(e)
            .with_context(|| format!("--env `{e}`: expected KEY=VALUE"))?;
        env.push(kv);
    }
    let net = match flags.net.as_deref().or(file.net.as_deref()) {
        Some(n) => Some(Net::parse(n)?),
        None => None,
    };
    if gate(command, &env, threshold) {
        return Ok(Prepared::Exit(EXIT_REFUSED));
    }
    let opts = Options {
        allow_read: file
            .allow_read
            .iter()
            .chain(&flags.allow_read)
            .cloned()
            .collect(),
        allow_write: file
            .allow_write
            .iter()
            .chain(&flags.allow_write)
            .cloned()
            .collect(),
        net,
        env,
        pass_env: file
            .pass_env
            .iter()
            .chain(&flags.pass_env)
            .cloned()
            .collect(),
        require_full: flags.require_full || file.require_full,
        explain: flags.explain,
    };
    let profile = warden_sandbox::derive(command, &opts, &warden_sandbox::Host::current())?;
    if flags.dry_run {
        print!("{}", profile.render());
        return Ok(Prepared::Exit(0));
    }
    if flags.explain {
        eprint!("{}", profile.render());
    }
    let mut cmd = Command::new("/proc/self/exe");
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.arg0("mcp-warden");
    }
    cmd.arg("__sandbox-exec")
        .arg("--")
        .args(command)
        .env_clear()
        .env(
            warden_sandbox::PROFILE_ENV,
            warden_sandbox::encode(&profile),
        );
    Ok(Prepared::Launch(Box::new(Launch {
        command: cmd,
        profile,
    })))
}

/// Start the server with this process's stdio. This process becomes the sandbox helper (it is
/// still single-threaded here), so signals sent to `mcp-warden run` reach the helper, which
/// forwards them to the server, and the server's exit code becomes this process's. Should the
/// process have other threads, the helper is executed afresh instead.
pub fn run_inherited(mut launch: Box<Launch>) -> Result<u8> {
    #[cfg(target_os = "linux")]
    if warden_sandbox::launcher::single_threaded() {
        let code = warden_sandbox::launcher::run(&launch.profile);
        return Ok(u8::try_from(code).unwrap_or(EXIT_REFUSED));
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let err = launch.command.exec();
        bail!("cannot start the sandbox helper: {err}")
    }
    #[cfg(not(unix))]
    {
        let _ = &mut launch;
        bail!("`run` needs Linux")
    }
}

pub fn sandbox_exec(_args: SandboxExecArgs) -> Result<u8> {
    let code = warden_sandbox::helper_main();
    Ok(u8::try_from(code).unwrap_or(126))
}
