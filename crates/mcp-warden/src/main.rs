//! mcp-warden: find, explain and contain the MCP servers your AI clients launch.
//!
//! This crate is thin wiring: flags (clap) to the library crates. Diagnostics go to stderr;
//! in `run`, stdout carries only the server's JSON-RPC messages.

mod cmd;
mod run;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Find, explain and contain the MCP servers your AI clients launch.
///
/// `scan` and `check` only read configs: they never start a server.
#[derive(Parser, Debug)]
#[command(name = "mcp-warden", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Find every MCP config of every client on this machine (and in --project dirs) and report risks.
    Scan(cmd::scan::ScanArgs),
    /// Check config files, directories or a launch spec on stdin (`-`); for CI and platforms.
    Check(cmd::scan::CheckArgs),
    /// List every supported client, where its configs were looked for, and what was found.
    Clients(cmd::clients::ClientsArgs),
    /// List every analysis rule.
    Rules(cmd::rules::RulesArgs),
    /// Explain one rule: what it detects, why it matters, what to do instead.
    Explain(cmd::rules::ExplainArgs),
    /// Start an MCP server in a least-privilege sandbox, guarding its JSON-RPC stream.
    Run(run::RunArgs),
    /// Rewrite client configs so every stdio server starts under `mcp-warden run`.
    Wrap(cmd::wrap::WrapArgs),
    /// Restore the entries that `wrap` rewrote.
    Unwrap(cmd::wrap::UnwrapArgs),
    /// Manage pinned tool definitions (rug-pull defence).
    Pins(cmd::pins::PinsArgs),
    /// Internal: the sandbox helper (re-executed by `run`).
    #[command(name = "__sandbox-exec", hide = true)]
    SandboxExec(run::SandboxExecArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Scan(a) => cmd::scan::scan(a),
        Command::Check(a) => cmd::scan::check(a),
        Command::Clients(a) => cmd::clients::clients(a),
        Command::Rules(a) => cmd::rules::rules(a),
        Command::Explain(a) => cmd::rules::explain(a),
        Command::Run(a) => run::run(a),
        Command::Wrap(a) => cmd::wrap::wrap(a),
        Command::Unwrap(a) => cmd::wrap::unwrap(a),
        Command::Pins(a) => cmd::pins::pins(a),
        Command::SandboxExec(a) => run::sandbox_exec(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("mcp-warden: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
