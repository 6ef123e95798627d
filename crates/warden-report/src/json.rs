//! The versioned JSON report (`--format json`), documented in `docs/json-report.md`.
//!
//! Version 1. Fields are only ever added within a version; a removal or a change of meaning
//! raises `version`.

use std::collections::BTreeMap;

use serde::Serialize;
use warden_core::report::Report;
use warden_core::{EnvVar, Finding, Severity};

use crate::common::{redact_word, redacted_argv, sorted_files, sorted_findings, sorted_servers};

/// The report format version.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    servers: Vec<JsonServer<'a>>,
    files: Vec<JsonFile<'a>>,
    errors: Vec<JsonError>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonServer<'a> {
    name: &'a str,
    client: &'a str,
    scope: &'static str,
    path: String,
    line: u32,
    transport: &'a str,
    command: Option<String>,
    args: Vec<String>,
    env: BTreeMap<&'a str, String>,
    headers: BTreeMap<&'a str, String>,
    url: Option<String>,
    cwd: Option<String>,
    enabled: bool,
    severity: Severity,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: String,
    client: &'a str,
    scope: &'static str,
    format: &'static str,
    servers: usize,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'static str,
    name: &'static str,
    severity: Severity,
    title: &'static str,
    message: &'a str,
    fix: &'a str,
    field: &'a str,
    line: u32,
    column: u32,
    chain: &'a [String],
}

#[derive(Serialize)]
struct JsonError {
    path: String,
    line: u32,
    column: u32,
    message: String,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    servers: usize,
    findings: usize,
    errors: usize,
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
    info: usize,
    max_severity: Severity,
}

/// Variables by name, values as reports show them (references as written, else redacted).
fn redacted_map(vars: &[EnvVar]) -> BTreeMap<&str, String> {
    vars.iter()
        .map(|e| (e.name.as_str(), e.display_value()))
        .collect()
}

fn finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        rule: f.rule.id,
        name: f.rule.name,
        severity: f.severity,
        title: f.rule.title,
        message: &f.message,
        fix: f.fix_text(),
        field: &f.field,
        line: f.span.line,
        column: f.span.column,
        chain: &f.chain,
    }
}

pub fn render(report: &Report) -> String {
    let servers = sorted_servers(report)
        .into_iter()
        .map(|s| {
            let spec = &s.spec;
            let (command, args) = redacted_argv(spec);
            JsonServer {
                name: &spec.name,
                client: &spec.client,
                scope: spec.scope.as_str(),
                path: spec.path.display().to_string(),
                line: spec.line(),
                transport: spec.transport.as_str(),
                command,
                args,
                env: redacted_map(&spec.env),
                headers: redacted_map(&spec.headers),
                url: spec.url.as_ref().map(|u| redact_word(&u.value)),
                cwd: spec.cwd.as_ref().map(|c| redact_word(&c.value)),
                enabled: spec.enabled,
                severity: s.severity(),
                findings: sorted_findings(&s.findings)
                    .into_iter()
                    .map(finding)
                    .collect(),
            }
        })
        .collect();
    let files = sorted_files(report)
        .into_iter()
        .map(|f| JsonFile {
            path: f.file.path.display().to_string(),
            client: &f.file.client,
            scope: f.file.scope.as_str(),
            format: f.file.format.name(),
            servers: f.file.servers.len(),
            findings: sorted_findings(&f.findings)
                .into_iter()
                .map(finding)
                .collect(),
        })
        .collect();
    let mut errors: Vec<JsonError> = report
        .errors
        .iter()
        .map(|e| JsonError {
            path: e.path.display().to_string(),
            line: e.line,
            column: e.column,
            message: e.message.clone(),
        })
        .collect();
    errors.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    let sum = report.summary();
    let count = |sev| {
        sum.by_severity
            .iter()
            .find(|(s, _)| *s == sev)
            .map_or(0, |(_, n)| *n)
    };
    let out = JsonReport {
        version: VERSION,
        tool: Tool {
            name: "mcp-warden",
            version: env!("CARGO_PKG_VERSION"),
        },
        servers,
        files,
        errors,
        summary: JsonSummary {
            files: sum.files,
            servers: sum.servers,
            findings: sum.findings,
            errors: sum.errors,
            critical: count(Severity::Critical),
            high: count(Severity::High),
            medium: count(Severity::Medium),
            low: count(Severity::Low),
            info: count(Severity::Info),
            max_severity: sum.max_severity,
        },
    };
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&out)
        .unwrap_or_else(|e| format!("{{\"version\":{VERSION},\"error\":{:?}}}", e.to_string()))
}
