//! One module per subcommand.

pub mod clients;
pub mod pins;
pub mod rules;
pub mod scan;
pub mod wrap;
