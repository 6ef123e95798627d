//! One module per subcommand.

pub mod clients;
pub mod pins;
pub mod rules;
pub mod scan;
pub mod wrap;

use std::io::{ErrorKind, Write};

/// Write `text` to stdout. A closed pipe (`mcp-warden rules | head`) is not an error.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
