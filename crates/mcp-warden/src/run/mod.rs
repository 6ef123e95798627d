//! `run`: gate, sandbox, guard.
//!
//! This module only wires the flags to [`sandbox::prepare`], which runs the analysis gate,
//! derives the sandbox profile and builds the (not yet spawned) sandbox helper command.

mod sandbox;

use anyhow::Result;
use clap::Args;

pub use sandbox::{SandboxExecArgs, sandbox_exec};

#[derive(Args, Debug)]
pub struct RunArgs {
    #[command(flatten)]
    pub sandbox: sandbox::SandboxFlags,
    /// The server's command and arguments.
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

pub fn run(args: RunArgs) -> Result<u8> {
    match sandbox::prepare(&args.sandbox, &args.command)? {
        sandbox::Prepared::Exit(code) => Ok(code),
        sandbox::Prepared::Launch(launch) => sandbox::run_inherited(launch),
    }
}
