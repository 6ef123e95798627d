//! Analysis: read a launch spec the way the operating system will run it, and explain every risk.
//!
//! (Interface in place; the rules are filled in by the rule families.)
#![forbid(unsafe_code)]

use warden_core::report::{FileResult, InputError, Report, ServerResult};
use warden_core::{ConfigFile, Finding, LaunchSpec, RuleInfo};

/// Every finding for one launch spec, worst first.
pub fn analyze(_spec: &LaunchSpec) -> Vec<Finding> {
    Vec::new()
}

/// Findings about a whole config file (settings that auto-approve project servers, …).
pub fn analyze_file(_file: &ConfigFile) -> Vec<Finding> {
    Vec::new()
}

/// Every rule, in id order.
pub fn rules() -> &'static [&'static RuleInfo] {
    &[]
}

/// A rule by id (`MW101`) or name (`shell-inline-script`), case-insensitive.
pub fn find_rule(key: &str) -> Option<&'static RuleInfo> {
    rules()
        .iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
}

/// The documentation page of a rule, in Markdown.
pub fn rule_markdown(rule: &RuleInfo) -> String {
    format!("# {} {}\n\n{}\n", rule.id, rule.name, rule.what)
}

/// Analyse every server of every file into a report.
pub fn build_report(files: Vec<ConfigFile>, errors: Vec<InputError>) -> Report {
    let mut report = Report {
        errors,
        ..Report::default()
    };
    for file in files {
        for spec in &file.servers {
            report.servers.push(ServerResult {
                spec: spec.clone(),
                findings: analyze(spec),
            });
        }
        let findings = analyze_file(&file);
        report.files.push(FileResult { file, findings });
    }
    report
}
