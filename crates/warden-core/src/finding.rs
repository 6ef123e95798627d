//! Severities, rule metadata and findings.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// How bad a finding is. Ordered: `None < Info < Low < Medium < High < Critical`.
///
/// - **critical**: as written, runs code an attacker chose, or leaks a secret.
/// - **high**: can run code from outside the spec (a remote source, environment injection),
///   or breaks containment.
/// - **medium**: risky but common practice (a shell wrapper around a plain launcher).
/// - **low**, **info**: hygiene (an unpinned version).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[default]
    None,
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 6] = [
        Severity::None,
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::None => "none",
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// One step worse, up to critical.
    pub fn raised(self) -> Severity {
        match self {
            Severity::None => Severity::Info,
            Severity::Info => Severity::Low,
            Severity::Low => Severity::Medium,
            Severity::Medium => Severity::High,
            Severity::High | Severity::Critical => Severity::Critical,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!(
                    "unknown severity `{s}` (expected none, info, low, medium, high or critical)"
                )
            })
    }
}

/// What a rule is, for `explain`, `docs/rules/` and SARIF. One static value per rule.
#[derive(Debug, Serialize)]
pub struct RuleInfo {
    /// Stable id, e.g. `MW101`. Never reused.
    pub id: &'static str,
    /// Stable kebab-case name, e.g. `shell-inline-script`.
    pub name: &'static str,
    /// The rule family (one file per family in the analysis crate).
    pub family: &'static str,
    /// The usual severity; a finding may raise it (a project-scoped config, say).
    pub severity: Severity,
    /// One line.
    pub title: &'static str,
    /// What it detects.
    pub what: &'static str,
    /// Why that is dangerous.
    pub why: &'static str,
    /// What to do instead.
    pub fix: &'static str,
    /// Launch specs (JSON) that trigger it.
    pub bad: &'static [&'static str],
    /// Launch specs (JSON) that do not.
    pub good: &'static [&'static str],
    /// Links and CWE ids.
    pub references: &'static [&'static str],
}

impl PartialEq for RuleInfo {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

/// One problem found in one launch spec or config file.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    #[serde(serialize_with = "rule_id")]
    pub rule: &'static RuleInfo,
    pub severity: Severity,
    /// What will run and why it is dangerous, specific to this spec. Never contains a secret.
    pub message: String,
    /// What to do instead, specific to this spec; `None` means the rule's general fix.
    pub fix: Option<String>,
    /// The field at fault, as a path: `command`, `args[2]`, `env.NODE_OPTIONS`.
    pub field: String,
    /// Where that field is in the file ([`Span::NONE`] when the spec came from no file).
    pub span: Span,
    /// How the command was unwrapped to reach what this finding is about, outermost first,
    /// e.g. `["cmd /c", "npx -y pkg"]`. Empty when the finding is about the spec as written.
    pub chain: Vec<String>,
}

fn rule_id<S: serde::Serializer>(rule: &&'static RuleInfo, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(rule.id)
}

impl Finding {
    pub fn new(
        rule: &'static RuleInfo,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            severity: rule.severity,
            message: message.into(),
            fix: None,
            field: field.into(),
            span: Span::NONE,
            chain: Vec::new(),
        }
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    pub fn with_span(mut self, span: Span) -> Self {
        self.span = span;
        self
    }

    pub fn with_chain(mut self, chain: Vec<String>) -> Self {
        self.chain = chain;
        self
    }

    /// The fix to show: the finding's own, or the rule's.
    pub fn fix_text(&self) -> &str {
        self.fix.as_deref().unwrap_or(self.rule.fix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::Critical > Severity::High && Severity::Info > Severity::None);
        assert_eq!("HIGH".parse::<Severity>(), Ok(Severity::High));
        assert!("severe".parse::<Severity>().is_err());
        assert_eq!(Severity::High.raised(), Severity::Critical);
    }
}
