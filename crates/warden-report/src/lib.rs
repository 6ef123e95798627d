//! Reports: human text, versioned JSON and SARIF 2.1.0, all from one [`Report`].
//!
//! (Interface in place; the renderers are filled in by their modules.)
#![forbid(unsafe_code)]

use std::io;

use warden_core::RuleInfo;
use warden_core::report::Report;

/// Options of the human renderer.
#[derive(Clone, Copy, Debug, Default)]
pub struct HumanOptions {
    /// ANSI colours (only on a terminal, and never with NO_COLOR).
    pub color: bool,
}

pub fn render_human(
    report: &Report,
    out: &mut dyn io::Write,
    _opts: HumanOptions,
) -> io::Result<()> {
    writeln!(out, "{} servers", report.servers.len())
}

pub fn render_json(_report: &Report) -> String {
    "{}".to_string()
}

pub fn render_sarif(_report: &Report, _rules: &[&'static RuleInfo]) -> String {
    "{}".to_string()
}
