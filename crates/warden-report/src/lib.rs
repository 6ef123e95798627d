//! Reports: human text, versioned JSON and SARIF 2.1.0, all from one [`Report`].
//!
//! - [`render_human`]: grouped by client and file, each finding with a snippet of the config
//!   line at fault, rustc style; colour only when asked.
//! - [`render_json`]: the stable, versioned JSON report (`docs/json-report.md`).
//! - [`render_sarif`]: SARIF 2.1.0 for GitHub code scanning (`docs/sarif.md`).
//!
//! Secrets never appear in any format: env and header values are shown as `<redacted>` unless
//! they are variable references, tokens in arguments, URLs and snippets are redacted, and text
//! from config files is escaped before it reaches a terminal.
#![forbid(unsafe_code)]

mod common;
mod human;
mod json;
mod sarif;

use std::io;
use std::path::Path;

use warden_core::RuleInfo;
use warden_core::report::Report;

pub use json::VERSION as JSON_VERSION;
pub use sarif::{level as sarif_level, security_severity};

/// Options of the human renderer.
#[derive(Clone, Copy, Debug, Default)]
pub struct HumanOptions {
    /// ANSI colours (only on a terminal, and never with NO_COLOR).
    pub color: bool,
}

/// The report for a person, written to `out`.
pub fn render_human(
    report: &Report,
    out: &mut dyn io::Write,
    opts: HumanOptions,
) -> io::Result<()> {
    human::render(&common::scrubbed(report), out, opts)
}

/// The versioned JSON report (pretty-printed, deterministic order).
pub fn render_json(report: &Report) -> String {
    json::render(&common::scrubbed(report))
}

/// SARIF 2.1.0 with every rule in `rules` described; paths relative to the current directory
/// when inside it.
pub fn render_sarif(report: &Report, rules: &[&'static RuleInfo]) -> String {
    let cwd = std::env::current_dir().ok();
    sarif::render(&common::scrubbed(report), rules, cwd.as_deref())
}

/// SARIF 2.1.0 with paths made relative to `base` (`None`: paths as they are, no base URI).
pub fn render_sarif_with_base(
    report: &Report,
    rules: &[&'static RuleInfo],
    base: Option<&Path>,
) -> String {
    sarif::render(&common::scrubbed(report), rules, base)
}
