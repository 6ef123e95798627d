//! `scan` and `check`: inventory, analysis, report. Nothing is executed.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use warden_core::Severity;
use warden_core::report::Report;
use warden_inventory::{HostEnv, Inventory};
use warden_report::HumanOptions;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Json,
    Sarif,
}

/// Options shared by `scan` and `check`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// Exit with 1 when a finding is at or above this severity (`never` disables).
    #[arg(long, default_value = "high", value_parser = parse_fail_on)]
    pub fail_on: FailOn,
    /// Write the report to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Also read project-scoped configs under this directory (repeatable).
    #[arg(long = "project", value_name = "DIR")]
    pub projects: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Config files, directories (searched recursively, honouring .gitignore), or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read files as this client's format instead of guessing from the name and content.
    #[arg(long, value_name = "NAME")]
    pub client: Option<String>,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Clone, Copy, Debug)]
pub enum FailOn {
    Never,
    At(Severity),
}

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    if s.eq_ignore_ascii_case("never") {
        return Ok(FailOn::Never);
    }
    match s.parse::<Severity>()? {
        Severity::None => Err("`none` is not a threshold; use `never` to disable".into()),
        sev => Ok(FailOn::At(sev)),
    }
}

pub fn scan(args: ScanArgs) -> Result<u8> {
    let env = HostEnv::from_process();
    let mut inv = warden_inventory::scan_machine(&env);
    for dir in &args.projects {
        if !dir.is_dir() {
            anyhow::bail!("--project {}: not a directory", dir.display());
        }
        merge(&mut inv, warden_inventory::scan_project(dir, &env));
    }
    finish(inv, &args.report)
}

pub fn check(args: CheckArgs) -> Result<u8> {
    if let Some(client) = &args.client
        && !warden_inventory::clients().iter().any(|c| c.id == client)
    {
        let ids: Vec<_> = warden_inventory::clients().iter().map(|c| c.id).collect();
        anyhow::bail!("unknown client `{client}`; known: {}", ids.join(", "));
    }
    let mut inv = Inventory::default();
    for path in &args.paths {
        let found = if path == Path::new("-") {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading stdin")?;
            warden_inventory::check_text(Path::new("-"), text, args.client.as_deref())
        } else {
            warden_inventory::check_path(path, args.client.as_deref())
        };
        merge(&mut inv, found);
    }
    // Inputs named on the command line that could not be read or parsed make the exit code 2.
    for e in &mut inv.errors {
        e.explicit = e.explicit || args.paths.iter().any(|p| p == &e.path);
    }
    finish(inv, &args.report)
}

fn merge(into: &mut Inventory, from: Inventory) {
    into.files.extend(from.files);
    into.errors.extend(from.errors);
    into.looked.extend(from.looked);
}

fn finish(inv: Inventory, args: &ReportArgs) -> Result<u8> {
    let report = warden_analysis::build_report(inv.files, inv.errors);
    write_report(&report, args)?;
    Ok(exit_code(&report, args.fail_on))
}

/// 2 if an input named on the command line failed, else 1 if a finding reaches `fail_on`, else 0.
fn exit_code(report: &Report, fail_on: FailOn) -> u8 {
    if report.errors.iter().any(|e| e.explicit) {
        return 2;
    }
    match fail_on {
        FailOn::At(level) if report.findings().any(|f| f.severity >= level) => 1,
        _ => 0,
    }
}

fn write_report(report: &Report, args: &ReportArgs) -> Result<()> {
    let mut buf = Vec::new();
    match args.format {
        OutputFormat::Human => {
            let color = args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            warden_report::render_human(report, &mut buf, HumanOptions { color })?;
        }
        OutputFormat::Json => {
            buf = warden_report::render_json(report).into_bytes();
            buf.push(b'\n');
        }
        OutputFormat::Sarif => {
            buf = warden_report::render_sarif(report, warden_analysis::rules()).into_bytes();
            buf.push(b'\n');
        }
    }
    match &args.output {
        Some(path) => std::fs::write(path, &buf)
            .with_context(|| format!("writing the report to {}", path.display()))?,
        None => super::print(&String::from_utf8_lossy(&buf))?,
    }
    Ok(())
}
