//! Analysis: read a launch spec the way the operating system will run it, and explain every risk.
//!
//! Deterministic and offline: nothing is executed, looked up on `PATH` or fetched. The
//! command is resolved by name ([`program`]), wrappers are unwrapped layer by layer (`env`,
//! `sudo`, `timeout`, `cmd /c`, `sh -c` with a real shell parser ([`shell`]),
//! `powershell -EncodedCommand`, package runners, `docker run`, …), and every layer goes
//! through the rule families in [`rules`], each rule with a stable id (`MW101`) and its own
//! documentation ([`rule_markdown`]).
//!
//! ```
//! use warden_core::{LaunchSpec, Severity};
//!
//! // What a platform should check before it spawns a user-supplied MCP server.
//! let spec = LaunchSpec::from_argv("npx", &["-c", "touch /tmp/pwn"]);
//! let findings = warden_analysis::analyze(&spec);
//! // Worst first: `npx -c` hands the string to a shell (MW111), which runs `touch` (MW103).
//! assert_eq!(findings[0].severity, Severity::Critical);
//! assert!(findings.iter().any(|f| f.rule.id == "MW111"));
//! println!("{}: {}", findings[0].rule.id, findings[0].message);
//!
//! let official = LaunchSpec::from_argv("npx", &["-y", "@modelcontextprotocol/server-memory"]);
//! let worst = warden_analysis::analyze(&official).iter().map(|f| f.severity).max();
//! assert!(worst.unwrap_or_default() <= Severity::Low);
//! ```
#![forbid(unsafe_code)]

pub mod engine;
pub mod input;
pub mod program;
pub mod rules;
pub mod shell;

use warden_core::report::{FileResult, InputError, Report, ServerResult};
use warden_core::{ConfigFile, Finding, LaunchSpec, RuleInfo, Scope, Severity};

use engine::{Ctx, Frame};

/// Every finding for one launch spec, worst first.
pub fn analyze(spec: &LaunchSpec) -> Vec<Finding> {
    let mut cx = Ctx::new(spec);
    engine::start(&mut cx);
    let top = Frame {
        top: true,
        ..Frame::default()
    };
    for e in &spec.env {
        let field = format!("env.{}", e.name);
        rules::env::check_var(
            &mut cx,
            &e.name,
            e.value.as_ref().map(|v| v.value.as_str()),
            &field,
            &top,
        );
    }
    rules::location::secrets_in_spec(&mut cx);
    rules::packages::invisible(&mut cx);
    rules::config::check_spec(&mut cx);
    finish(cx.findings, spec.scope)
}

/// Deduplicate, raise project-scoped findings, sort worst first.
fn finish(findings: Vec<Finding>, scope: Scope) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for f in findings {
        if let Some(existing) = out
            .iter_mut()
            .find(|e| e.rule.id == f.rule.id && e.field == f.field && e.message == f.message)
        {
            if f.severity > existing.severity {
                *existing = f;
            }
            continue;
        }
        out.push(f);
    }
    if scope == Scope::Project {
        for f in &mut out {
            if f.severity == Severity::Medium {
                f.severity = f.severity.raised();
                f.message.push_str(
                    " Raised one level: this entry is in a project file, which anyone who can \
                     change the repository controls.",
                );
            }
        }
    }
    out.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.rule.id.cmp(b.rule.id))
            .then_with(|| a.field.cmp(&b.field))
    });
    out
}

/// Findings about a whole config file (settings that auto-approve project servers, duplicate
/// keys, registry entries, …).
pub fn analyze_file(file: &ConfigFile) -> Vec<Finding> {
    let mut out = rules::config::check_file(file);
    out.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.rule.id.cmp(b.rule.id))
    });
    out
}

/// Every rule, in id order.
pub fn rules() -> &'static [&'static RuleInfo] {
    rules::ALL
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
    let mut s = String::new();
    s.push_str(&format!("# {} {}\n\n", rule.id, rule.name));
    s.push_str(&format!("**{}**\n\n", rule.title));
    s.push_str(&format!(
        "Family: `{}` · Default severity: **{}**\n\n",
        rule.family, rule.severity
    ));
    s.push_str("## What it does\n\n");
    s.push_str(&format!("{}\n\n", rule.what));
    s.push_str("## Why is this bad?\n\n");
    s.push_str(&format!("{}\n\n", rule.why));
    s.push_str("## Example\n\n");
    for bad in rule.bad {
        s.push_str("Flagged:\n\n```json\n");
        s.push_str(bad);
        s.push_str("\n```\n\n");
    }
    for good in rule.good {
        s.push_str("Not flagged:\n\n```json\n");
        s.push_str(good);
        s.push_str("\n```\n\n");
    }
    s.push_str("## Fix\n\n");
    s.push_str(&format!("{}\n\n", rule.fix));
    if !rule.references.is_empty() {
        s.push_str("## References\n\n");
        for r in rule.references {
            s.push_str(&format!("- {r}\n"));
        }
    }
    s
}

/// The index page of `docs/rules/`.
pub fn rules_index_markdown() -> String {
    let mut s = String::from(
        "# Rules\n\nEvery check mcp-warden makes, by id. Each page says what the rule detects, why \
         it matters, examples that are and are not flagged, and the fix. `mcp-warden explain \
         <ID>` prints the same text. Severities are explained in [../severity.md](../severity.md).\n\n\
         | Id | Name | Default severity | Title |\n|---|---|---|---|\n",
    );
    for r in rules() {
        s.push_str(&format!(
            "| [{}]({}-{}.md) | `{}` | {} | {} |\n",
            r.id, r.id, r.name, r.name, r.severity, r.title
        ));
    }
    s
}

/// Analyse every server of every file into a report.
pub fn build_report(files: Vec<ConfigFile>, errors: Vec<InputError>) -> Report {
    let specs: Vec<&LaunchSpec> = files.iter().flat_map(|f| &f.servers).collect();
    let findings = analyze_all(&specs);
    let servers = specs
        .into_iter()
        .zip(findings)
        .map(|(spec, findings)| ServerResult {
            spec: spec.clone(),
            findings,
        })
        .collect();
    let files = files
        .into_iter()
        .map(|file| FileResult {
            findings: analyze_file(&file),
            file,
        })
        .collect();
    Report {
        files,
        servers,
        errors,
    }
}

/// [`analyze`] every spec, in order; large inputs are split across the machine's cores
/// (analysis of one spec is independent of every other).
fn analyze_all(specs: &[&LaunchSpec]) -> Vec<Vec<Finding>> {
    const PER_THREAD_MIN: usize = 512;
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(specs.len() / PER_THREAD_MIN)
        .max(1);
    if threads == 1 {
        return specs.iter().map(|s| analyze(s)).collect();
    }
    let chunk = specs.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = specs
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|s| analyze(s)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(findings) => findings,
                // A panic in analysis is a bug; re-raise it rather than lose findings.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}
