//! The sandbox half of `run`: flags, gate, profile, spawn.

use anyhow::{Result, bail};
use clap::Args;

/// Sandbox flags of `run`.
#[derive(Args, Debug)]
pub struct SandboxFlags {}

#[derive(Args, Debug)]
pub struct SandboxExecArgs {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub rest: Vec<String>,
}

pub fn run_sandboxed(_flags: &SandboxFlags, _command: &[String]) -> Result<u8> {
    bail!("run is not available yet")
}

pub fn sandbox_exec(_args: SandboxExecArgs) -> Result<u8> {
    bail!("internal command")
}
