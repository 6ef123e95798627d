//! SARIF 2.1.0, the format GitHub code scanning and most security dashboards read.
//!
//! One run; every rule in `tool.driver.rules`; one result per finding, located at the field
//! at fault; input errors as tool execution notifications. See `docs/sarif.md`.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use warden_core::report::{InputError, Report};
use warden_core::{Document, Finding, RuleInfo, Severity, Span};

use crate::common::{relative_to, sorted_files, sorted_findings, sorted_servers};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

/// The level GitHub shows: critical and high are errors, medium a warning, the rest notes.
pub fn level(sev: Severity) -> &'static str {
    match sev {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info | Severity::None => "note",
    }
}

/// The `security-severity` GitHub uses to rank alerts (0.1 to 10).
pub fn security_severity(sev: Severity) -> &'static str {
    match sev {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info | Severity::None => "1.0",
    }
}

/// Renders against `base` (the current directory): paths inside it become relative URIs
/// under `%SRCROOT%`, others absolute `file://` URIs.
pub fn render(report: &Report, rules: &[&'static RuleInfo], base: Option<&Path>) -> String {
    // Every rule given, then any rule a finding names that was not given.
    let mut all: Vec<&RuleInfo> = Vec::new();
    for r in rules
        .iter()
        .copied()
        .chain(report.findings().map(|f| f.rule))
    {
        if !all.iter().any(|x| x.id == r.id) {
            all.push(r);
        }
    }
    let index: HashMap<&str, usize> = all.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let rule_index = |id: &str| index.get(id).copied().unwrap_or(0);

    let docs: Vec<(&Path, &Document)> = report
        .files
        .iter()
        .filter_map(|f| {
            f.file
                .document
                .as_deref()
                .map(|d| (f.file.path.as_path(), d))
        })
        .collect();
    let doc_of = |path: &Path| docs.iter().find(|(p, _)| *p == path).map(|(_, d)| *d);

    let mut results = Vec::new();
    let mut push = |f: &Finding, path: &Path, server: Option<(&str, bool)>, client: &str| {
        let (uri, relative) = uri_of(path, base);
        let mut artifact = json!({ "uri": uri });
        if relative {
            artifact["uriBaseId"] = json!(SRCROOT);
        }
        let mut props = serde_json::Map::new();
        if let Some((name, enabled)) = server {
            props.insert("server".into(), json!(name));
            if !enabled {
                props.insert("enabled".into(), json!(false));
            }
        }
        props.insert("client".into(), json!(client));
        props.insert("severity".into(), json!(f.severity));
        if !f.field.is_empty() {
            props.insert("field".into(), json!(f.field));
        }
        if !f.chain.is_empty() {
            props.insert("chain".into(), json!(f.chain));
        }
        let fingerprint = fingerprint(&[f.rule.id, &uri, server.map_or("", |s| s.0), &f.field]);
        results.push(json!({
            "ruleId": f.rule.id,
            "ruleIndex": rule_index(f.rule.id),
            "level": level(f.severity),
            "message": { "text": format!("{}\n\nFix: {}", f.message, f.fix_text()) },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": region(f.span, doc_of(path)),
                }
            }],
            "partialFingerprints": { "mcpWardenFinding/v1": fingerprint },
            "properties": Value::Object(props),
        }));
    };
    for s in sorted_servers(report) {
        for f in sorted_findings(&s.findings) {
            push(
                f,
                &s.spec.path,
                Some((&s.spec.name, s.spec.enabled)),
                &s.spec.client,
            );
        }
    }
    for file in sorted_files(report) {
        for f in sorted_findings(&file.findings) {
            push(f, &file.file.path, None, &file.file.client);
        }
    }

    let mut errors: Vec<&InputError> = report.errors.iter().collect();
    errors.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    let notifications: Vec<Value> = errors
        .into_iter()
        .map(|e| {
            let (uri, relative) = uri_of(&e.path, base);
            let mut artifact = json!({ "uri": uri });
            if relative {
                artifact["uriBaseId"] = json!(SRCROOT);
            }
            let mut location = json!({ "artifactLocation": artifact });
            if e.line > 0 {
                location["region"] = json!({
                    "startLine": e.line,
                    "startColumn": e.column.max(1),
                });
            }
            json!({
                "level": "error",
                "message": { "text": e.message },
                "locations": [{ "physicalLocation": location }],
            })
        })
        .collect();

    let mut run = json!({
        "tool": {
            "driver": {
                "name": "mcp-warden",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": all.iter().map(|r| rule(r)).collect::<Vec<_>>(),
            }
        },
        "invocations": [{
            "executionSuccessful": true,
            "toolExecutionNotifications": notifications,
        }],
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    let info = env!("CARGO_PKG_REPOSITORY");
    if !info.is_empty() {
        run["tool"]["driver"]["informationUri"] = json!(info);
    }
    if let Some(base) = base {
        run["originalUriBaseIds"] = json!({ SRCROOT: { "uri": dir_uri(base) } });
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    });
    serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string())
}

fn rule(r: &RuleInfo) -> Value {
    let mut tags = vec!["security".to_string(), r.family.to_string()];
    tags.extend(
        r.references
            .iter()
            .filter(|x| x.starts_with("CWE-"))
            .map(|x| x.to_string()),
    );
    tags.dedup();
    json!({
        "id": r.id,
        "name": r.name,
        "shortDescription": { "text": r.title },
        "fullDescription": { "text": r.what },
        "help": { "text": help_text(r), "markdown": help_markdown(r) },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": {
            "security-severity": security_severity(r.severity),
            "precision": "high",
            "problem.severity": problem_severity(r.severity),
            "tags": tags,
        },
    })
}

fn problem_severity(sev: Severity) -> &'static str {
    match sev {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        _ => "recommendation",
    }
}

fn help_text(r: &RuleInfo) -> String {
    let mut s = format!("{}\n\nWhy: {}\n\nFix: {}", r.what, r.why, r.fix);
    if !r.bad.is_empty() {
        s.push_str("\n\nFlagged:");
        for b in r.bad {
            s.push_str(&format!("\n  {b}"));
        }
    }
    if !r.good.is_empty() {
        s.push_str("\n\nNot flagged:");
        for g in r.good {
            s.push_str(&format!("\n  {g}"));
        }
    }
    if !r.references.is_empty() {
        s.push_str(&format!("\n\nReferences: {}", r.references.join(", ")));
    }
    s
}

fn help_markdown(r: &RuleInfo) -> String {
    let mut s = format!(
        "**{} {}**: {}\n\n{}\n\n## Why it is dangerous\n\n{}\n\n## How to fix it\n\n{}\n",
        r.id, r.name, r.title, r.what, r.why, r.fix
    );
    for (heading, examples) in [("Flagged", r.bad), ("Not flagged", r.good)] {
        if examples.is_empty() {
            continue;
        }
        s.push_str(&format!("\n## {heading}\n"));
        for e in examples {
            s.push_str(&format!("\n```json\n{e}\n```\n"));
        }
    }
    if !r.references.is_empty() {
        s.push_str("\n## References\n\n");
        for x in r.references {
            s.push_str(&format!("- {x}\n"));
        }
    }
    s
}

/// Where a span is: start and end line and column. A span with no place points at line 1.
fn region(span: Span, doc: Option<&Document>) -> Value {
    if !span.is_known() {
        return json!({ "startLine": 1 });
    }
    let start_col = span.column.max(1);
    let mut region = json!({ "startLine": span.line, "startColumn": start_col });
    let text = doc.map(|d| d.text.as_str());
    if let Some(inner) = text.and_then(|t| t.get(span.start..span.end)) {
        let newlines = inner.matches('\n').count() as u32;
        let (end_line, end_col) = match inner.rfind('\n') {
            Some(i) => (
                span.line + newlines,
                inner[i + 1..].chars().count() as u32 + 1,
            ),
            None => (span.line, start_col + inner.chars().count() as u32),
        };
        region["endLine"] = json!(end_line);
        region["endColumn"] = json!(end_col.max(1));
    }
    region
}

/// A stable identity of a finding that survives edits elsewhere in the file.
fn fingerprint(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    let digest = h.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The URI of a path: relative (to `%SRCROOT%`) when inside `base`, else `file://` absolute.
pub fn uri_of(path: &Path, base: Option<&Path>) -> (String, bool) {
    let (p, relative) = relative_to(path, base);
    let s = p.to_string_lossy().replace('\\', "/");
    if relative {
        (percent_encode(&s), true)
    } else {
        (file_uri(&s), false)
    }
}

fn file_uri(abs: &str) -> String {
    // `C:/x` on Windows becomes `file:///C:/x`.
    if abs.starts_with('/') {
        format!("file://{}", percent_encode(abs))
    } else {
        format!("file:///{}", percent_encode(abs))
    }
}

fn dir_uri(dir: &Path) -> String {
    let s = dir.to_string_lossy().replace('\\', "/");
    let mut u = file_uri(&s);
    if !u.ends_with('/') {
        u.push('/');
    }
    u
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_inside_the_base_and_encoded() {
        let base = Path::new("/work/repo");
        assert_eq!(
            uri_of(Path::new("/work/repo/.vscode/mcp.json"), Some(base)),
            (".vscode/mcp.json".to_string(), true)
        );
        assert_eq!(
            uri_of(Path::new("/home/me/My Configs/x.json"), Some(base)),
            ("file:///home/me/My%20Configs/x.json".to_string(), false)
        );
        assert_eq!(dir_uri(base), "file:///work/repo/");
    }

    #[test]
    fn levels_and_scores() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Info), "note");
        assert_eq!(security_severity(Severity::High), "8.0");
    }

    #[test]
    fn fingerprints_ignore_lines_but_not_fields() {
        let a = fingerprint(&["MW101", ".mcp.json", "x", "args[1]"]);
        assert_eq!(a, fingerprint(&["MW101", ".mcp.json", "x", "args[1]"]));
        assert_ne!(a, fingerprint(&["MW101", ".mcp.json", "x", "args[2]"]));
        assert_eq!(a.len(), 64);
    }
}
