//! `wrap` and `unwrap`.

use anyhow::{Result, bail};
use clap::Args;

#[derive(Args, Debug)]
pub struct WrapArgs {}

pub fn wrap(_args: WrapArgs) -> Result<u8> {
    bail!("wrap is not available yet")
}

pub fn unwrap(_args: WrapArgs) -> Result<u8> {
    bail!("unwrap is not available yet")
}
