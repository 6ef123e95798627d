//! `run`: gate, sandbox, guard.

use anyhow::{Result, bail};
use clap::Args;

#[derive(Args, Debug)]
pub struct RunArgs {
    /// The server's command and arguments.
    #[arg(last = true, required = true)]
    pub command: Vec<String>,
}

#[derive(Args, Debug)]
pub struct SandboxExecArgs {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub rest: Vec<String>,
}

pub fn run(_args: RunArgs) -> Result<u8> {
    bail!("run is not available yet")
}

pub fn sandbox_exec(_args: SandboxExecArgs) -> Result<u8> {
    bail!("internal command")
}
