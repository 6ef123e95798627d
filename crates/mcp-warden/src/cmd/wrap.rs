//! `wrap` and `unwrap`: discovery (inventory), then one plan per config file (warden-wrap).
//!
//! Output: one block per file and a summary on stdout; with `--diff`, stdout carries only the
//! unified diff and the summary goes to stderr.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;
use warden_core::spec::ConfigFile;
use warden_inventory::{HostEnv, Inventory};
use warden_wrap::{Action, Outcome, Plan, WrapError, WrapOptions};

/// Which configs and entries to act on.
#[derive(Args, Debug)]
pub struct Selectors {
    /// Only configs of this client (repeatable; see `mcp-warden clients`).
    #[arg(long = "client", value_name = "NAME")]
    pub clients: Vec<String>,
    /// Also the project-scoped configs under this directory (repeatable).
    #[arg(long = "project", value_name = "DIR")]
    pub projects: Vec<PathBuf>,
    /// Only these config files instead of discovering them (repeatable).
    #[arg(long = "config", value_name = "FILE")]
    pub configs: Vec<PathBuf>,
    /// Only the server entries with this name (repeatable).
    #[arg(long = "server", value_name = "NAME")]
    pub servers: Vec<String>,
    /// Show what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print a unified diff of each change on stdout (with --dry-run, without writing).
    #[arg(long)]
    pub diff: bool,
    /// Where backups and the record of each rewrite are kept
    /// [default: $XDG_STATE_HOME/mcp-warden or ~/.local/state/mcp-warden].
    #[arg(long, value_name = "DIR", env = "MCP_WARDEN_STATE_DIR")]
    pub state_dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct WrapArgs {
    #[command(flatten)]
    pub select: Selectors,
    /// A flag to put after `run` in every wrapped entry (repeatable), e.g. `--run-flag=--audit
    /// --run-flag=/var/log/mcp-audit.jsonl`.
    #[arg(long = "run-flag", value_name = "ARG", allow_hyphen_values = true)]
    pub run_flags: Vec<String>,
    /// The mcp-warden program wrapped entries start [default: this program's absolute path].
    #[arg(long, value_name = "PATH")]
    pub warden_path: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct UnwrapArgs {
    #[command(flatten)]
    pub select: Selectors,
}

pub fn wrap(args: WrapArgs) -> Result<u8> {
    let warden = warden_path(args.warden_path.as_deref())?;
    let mut opts = WrapOptions::new(warden, PathBuf::new());
    opts.run_flags = args.run_flags;
    run(Action::Wrap, &args.select, opts)
}

pub fn unwrap(args: UnwrapArgs) -> Result<u8> {
    run(
        Action::Unwrap,
        &args.select,
        WrapOptions::new("", PathBuf::new()),
    )
}

/// The absolute path of the mcp-warden program that wrapped entries start.
fn warden_path(given: Option<&Path>) -> Result<String> {
    let path = match given {
        Some(p) if p.is_absolute() => p.to_path_buf(),
        Some(p) => std::fs::canonicalize(p)
            .with_context(|| format!("--warden-path {}: not found", p.display()))?,
        None => {
            let exe = std::env::current_exe().context("finding the path of this program")?;
            std::fs::canonicalize(&exe).unwrap_or(exe)
        }
    };
    path.to_str()
        .map(str::to_string)
        .with_context(|| format!("{}: the path is not valid UTF-8", path.display()))
}

fn discover(sel: &Selectors, env: &HostEnv) -> Result<Inventory> {
    let known: Vec<&str> = warden_inventory::clients().iter().map(|c| c.id).collect();
    for c in &sel.clients {
        if !known.contains(&c.as_str()) {
            bail!("unknown client `{c}`; known: {}", known.join(", "));
        }
    }
    let mut inv = Inventory::default();
    let mut add = |other: Inventory| {
        inv.files.extend(other.files);
        inv.errors.extend(other.errors);
    };
    if !sel.configs.is_empty() {
        let forced = match sel.clients.as_slice() {
            [one] => Some(one.as_str()),
            _ => None,
        };
        for path in &sel.configs {
            if !path.is_file() {
                bail!("--config {}: not a file", path.display());
            }
            let loaded = warden_inventory::read_file(path, forced, None);
            add(Inventory {
                files: loaded.file.into_iter().collect(),
                errors: loaded.errors,
                looked: Vec::new(),
            });
        }
    } else {
        add(warden_inventory::scan_machine(env));
        for dir in &sel.projects {
            if !dir.is_dir() {
                bail!("--project {}: not a directory", dir.display());
            }
            add(warden_inventory::scan_project(dir, env));
        }
    }
    if !sel.clients.is_empty() {
        inv.files.retain(|f| sel.clients.contains(&f.client));
    }
    // The same file can be found twice (a project dir inside the home, say).
    let mut seen = std::collections::HashSet::new();
    inv.files
        .retain(|f| seen.insert(std::fs::canonicalize(&f.path).unwrap_or_else(|_| f.path.clone())));
    Ok(inv)
}

#[derive(Default)]
struct Tally {
    changed: usize,
    already: usize,
    remote: usize,
    sandboxed: usize,
    skipped: usize,
    not_wrapped: usize,
    files_changed: usize,
    failed: usize,
    missing: usize,
}

fn run(action: Action, sel: &Selectors, mut opts: WrapOptions) -> Result<u8> {
    let env = HostEnv::from_process();
    opts.servers = sel.servers.clone();
    opts.state_dir = match &sel.state_dir {
        Some(d) => d.clone(),
        None => warden_wrap::default_state_dir(&env.vars, &env.home),
    };
    let inv = discover(sel, &env)?;
    let mut diff_out = std::io::stdout();
    // With --diff, stdout carries only the diff.
    let mut report: Box<dyn Write> = if sel.diff {
        Box::new(std::io::stderr())
    } else {
        Box::new(std::io::stdout())
    };
    let mut t = Tally::default();
    for e in &inv.errors {
        if inv.files.iter().any(|f| f.path == e.path) {
            continue;
        }
        if !sel.clients.is_empty() && sel.configs.is_empty() {
            // A file of another client that could not be read is not this command's business.
            continue;
        }
        t.failed += 1;
        writeln!(
            report,
            "{}:{}:{}: {}; not changed",
            e.path.display(),
            e.line,
            e.column,
            e.message
        )?;
    }
    let wanted = |f: &ConfigFile| {
        sel.servers.is_empty() || f.servers.iter().any(|s| sel.servers.contains(&s.name))
    };
    for file in inv.files.iter().filter(|f| wanted(f)) {
        let planned = match action {
            Action::Wrap => warden_wrap::plan_wrap(file, &opts),
            Action::Unwrap => warden_wrap::plan_unwrap(file, &opts),
        };
        let plan = match planned {
            Ok(p) => p,
            Err(e) => {
                t.failed += 1;
                writeln!(report, "{}", error_line(&e))?;
                continue;
            }
        };
        if plan.entries.is_empty() {
            continue;
        }
        print_plan(&mut report, &plan, action, sel.dry_run, &mut t)?;
        if sel.diff && plan.changed() {
            diff_out.write_all(plan.diff().as_bytes())?;
        }
        if plan.changed() {
            t.files_changed += 1;
        }
        if sel.dry_run {
            continue;
        }
        match warden_wrap::apply(&plan) {
            Ok(applied) => {
                if applied.backup_created
                    && let Some(b) = &applied.backup
                {
                    writeln!(report, "  backup of the original: {}", b.display())?;
                }
            }
            Err(e) => {
                t.failed += 1;
                if plan.changed() {
                    t.files_changed -= 1;
                }
                writeln!(report, "  {}", error_line(&e))?;
            }
        }
    }
    diff_out.flush()?;
    for name in &sel.servers {
        if !inv
            .files
            .iter()
            .any(|f| f.servers.iter().any(|s| &s.name == name))
        {
            t.missing += 1;
            writeln!(report, "no server named `{name}` was found")?;
        }
    }
    summary(&mut report, action, sel.dry_run, &t)?;
    Ok(if t.failed > 0 || t.missing > 0 { 1 } else { 0 })
}

fn error_line(e: &WrapError) -> String {
    format!("error: {e}")
}

fn print_plan(
    out: &mut dyn Write,
    plan: &Plan,
    action: Action,
    dry_run: bool,
    t: &mut Tally,
) -> Result<()> {
    writeln!(out, "{} ({})", plan.path.display(), plan.client)?;
    let width = plan.entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
    for e in &plan.entries {
        let (label, detail) = match &e.outcome {
            Outcome::Wrapped => {
                t.changed += 1;
                let verb = if dry_run { "would wrap" } else { "wrapped" };
                (verb.to_string(), e.before.clone())
            }
            Outcome::Unwrapped => {
                t.changed += 1;
                let verb = if dry_run { "would restore" } else { "restored" };
                (verb.to_string(), e.after.clone().unwrap_or_default())
            }
            Outcome::UnwrappedFromCommandLine(why) => {
                t.changed += 1;
                let verb = if dry_run { "would restore" } else { "restored" };
                (
                    verb.to_string(),
                    format!(
                        "{} (from the command line: {why})",
                        e.after.clone().unwrap_or_default()
                    ),
                )
            }
            Outcome::AlreadyWrapped => {
                t.already += 1;
                ("already wrapped".into(), String::new())
            }
            Outcome::Remote(kind) => {
                t.remote += 1;
                ("remote".into(), format!("({kind}: nothing runs locally)"))
            }
            Outcome::OtherSandbox(name) => {
                t.sandboxed += 1;
                (
                    "other sandbox".into(),
                    format!("(already runs under {name}; left as is)"),
                )
            }
            Outcome::Skipped(why) => {
                t.skipped += 1;
                ("skipped".into(), format!("({why})"))
            }
            Outcome::NotWrapped => {
                t.not_wrapped += 1;
                if action == Action::Unwrap {
                    ("not wrapped".into(), String::new())
                } else {
                    ("unchanged".into(), String::new())
                }
            }
        };
        let disabled = if e.enabled {
            ""
        } else {
            " [disabled in the client]"
        };
        let line = format!("  {label:<16} {:<width$}  {detail}{disabled}", e.name);
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn summary(out: &mut dyn Write, action: Action, dry_run: bool, t: &Tally) -> Result<()> {
    let verb = match (action, dry_run) {
        (Action::Wrap, false) => "wrapped",
        (Action::Wrap, true) => "to wrap",
        (Action::Unwrap, false) => "restored",
        (Action::Unwrap, true) => "to restore",
    };
    let mut parts = vec![format!("{} {verb}", t.changed)];
    if t.already > 0 {
        parts.push(format!("{} already wrapped", t.already));
    }
    if t.remote > 0 {
        parts.push(format!("{} remote", t.remote));
    }
    if t.sandboxed > 0 {
        parts.push(format!("{} in another sandbox", t.sandboxed));
    }
    if t.skipped > 0 {
        parts.push(format!("{} skipped", t.skipped));
    }
    if action == Action::Unwrap && t.not_wrapped > 0 {
        parts.push(format!("{} not wrapped", t.not_wrapped));
    }
    let files = if dry_run {
        format!("{} file(s) would change", t.files_changed)
    } else {
        format!("{} file(s) changed", t.files_changed)
    };
    write!(out, "{}; {files}", parts.join(", "))?;
    if t.failed > 0 {
        write!(out, "; {} file(s) failed", t.failed)?;
    }
    writeln!(out, ".")?;
    if !dry_run && t.files_changed > 0 {
        writeln!(
            out,
            "Restart the affected clients (or reload their MCP servers) to apply the change."
        )?;
    }
    Ok(())
}
