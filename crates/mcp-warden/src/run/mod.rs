//! `run`: gate, sandbox, guard.

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
    sandbox::run_sandboxed(&args.sandbox, &args.command)
}
