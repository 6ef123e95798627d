//! The data model every other mcp-warden crate speaks.
//!
//! - [`span`]: byte ranges with 1-based line and column, so every finding can point into the
//!   user's file.
//! - [`doc`]: a format-neutral document tree ([`doc::Node`]) built from JSON, JSONC, TOML or YAML,
//!   with a span on every key and value, and hard limits on size, depth and YAML aliases.
//! - [`spec`]: the launch spec, what an MCP client will execute for one server entry.
//! - [`vars`]: variable references (`${env:X}`, `${input:x}`, `${VAR:-d}`, `{env:X}`,
//!   `${{ secrets.X }}`), which are placeholders, never literal secrets.
//! - [`finding`]: severities, rule metadata and findings.
//! - [`report`]: the result of a run (servers, findings, input errors), which the report crate renders.
//!
//! Nothing in this crate executes anything.
#![forbid(unsafe_code)]

pub mod doc;
pub mod finding;
pub mod report;
pub mod secrets;
pub mod span;
pub mod spec;
pub mod vars;

pub use doc::{Document, Format, Limits, Node, ParseError, Value};
pub use finding::{Finding, RuleInfo, Severity};
pub use span::Span;
pub use spec::{
    ClientId, ConfigFile, EnvVar, LaunchSpec, Located, Scope, Setting, SpecOption, Transport,
};
