//! `pins`: pinned tool definitions.

use anyhow::{Result, bail};
use clap::Args;

#[derive(Args, Debug)]
pub struct PinsArgs {}

pub fn pins(_args: PinsArgs) -> Result<u8> {
    bail!("pins is not available yet")
}
