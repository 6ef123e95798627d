//! `run`: gate, sandbox, guard.
//!
//! This module only wires the flags to [`sandbox::prepare`], which runs the analysis gate,
//! derives the sandbox profile and builds the (not yet spawned) sandbox helper command, and to
//! [`guard`], which relays the helper's stdio through the JSON-RPC guard.

mod guard;
mod profile_file;
mod sandbox;

use anyhow::Result;
use clap::Args;

pub use sandbox::{SandboxExecArgs, sandbox_exec};

#[derive(Args, Debug)]
pub struct RunArgs {
    #[command(flatten)]
    pub sandbox: sandbox::SandboxFlags,
    #[command(flatten)]
    pub guard: guard::GuardFlags,
    /// The server's command and arguments.
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

pub fn run(args: RunArgs) -> Result<u8> {
    // Built first: a bad guard option or pin store stops before anything starts.
    let env_names: Vec<String> = args
        .sandbox
        .env
        .iter()
        .map(|kv| {
            kv.split_once('=')
                .map_or(kv.as_str(), |(k, _)| k)
                .to_string()
        })
        .chain(args.sandbox.pass_env.iter().cloned())
        .collect();
    let guard = guard::build(
        &args.guard,
        args.sandbox.profile.as_deref(),
        &args.command,
        &env_names,
    )?;
    match sandbox::prepare(&args.sandbox, &args.command)? {
        sandbox::Prepared::Exit(code) => Ok(code),
        sandbox::Prepared::Launch(launch) => match guard {
            Some(guard) => guard::relay_child(guard, launch.command),
            None => sandbox::run_inherited(launch),
        },
    }
}
