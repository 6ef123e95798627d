//! Renderers never panic, whatever the report holds: text with control characters, spans that
//! point past the end of the file or into the middle of a character, lines that do not exist.

mod fixture;

use std::path::PathBuf;
use std::sync::Arc;

use proptest::prelude::*;
use serde_json::Value;
use warden_core::report::{FileResult, InputError, Report, ServerResult};
use warden_core::{
    ConfigFile, Document, EnvVar, Finding, Format, LaunchSpec, Located, Node, Scope, Severity,
    Span, Value as DocValue,
};
use warden_report::{HumanOptions, render_human, render_json, render_sarif_with_base};

fn span() -> impl Strategy<Value = Span> {
    (0usize..200, 0usize..200, 0u32..12, 0u32..80).prop_map(|(a, b, line, column)| Span {
        start: a.min(b),
        end: a.max(b),
        line,
        column,
    })
}

fn text() -> impl Strategy<Value = String> {
    "[ -~\t\n\r\u{e9}\u{4e2d}\u{1b}\u{202e}\u{7}]{0,60}"
}

prop_compose! {
    fn report()(
        doc_text in "[ -~\t\n\u{e9}\u{4e2d}\u{1b}]{0,160}",
        name in text(),
        words in proptest::collection::vec((text(), span()), 0..5),
        env in proptest::collection::vec((text(), text(), span()), 0..3),
        findings in proptest::collection::vec((text(), text(), span(), 0usize..6, 0usize..6), 0..5),
        error in (text(), 0u32..20, 0u32..20),
        color in any::<bool>(),
    ) -> (Report, bool) {
        let path = PathBuf::from("/p/x.json");
        let doc = Arc::new(Document {
            path: path.clone(),
            format: Format::Json,
            text: doc_text,
            root: Node::new(DocValue::Null, Span::NONE),
            relaxed_syntax: false,
        });
        let mut spec = LaunchSpec::new("test", Scope::Project, path.clone(), name);
        let mut words = words.into_iter();
        if let Some((c, s)) = words.next() {
            spec.command = Some(Located::new(c, s));
        }
        spec.args = words.map(|(w, s)| Located::new(w, s)).collect();
        spec.env = env
            .into_iter()
            .map(|(n, v, s)| EnvVar { name: n, name_span: s, value: Some(Located::new(v, s)) })
            .collect();
        let findings: Vec<Finding> = findings
            .into_iter()
            .map(|(m, field, s, r, sev)| {
                Finding::new(fixture::RULES[r], field, m)
                    .with_span(s)
                    .with_severity(Severity::ALL[sev])
                    .with_chain(vec!["sh -c".into()])
            })
            .collect();
        let file = ConfigFile {
            path: path.clone(),
            client: "test".into(),
            scope: Scope::Project,
            format: Format::Json,
            servers: vec![spec.clone()],
            settings: Vec::new(),
            document: Some(doc),
        };
        let report = Report {
            files: vec![FileResult { file, findings: findings.clone() }],
            servers: vec![ServerResult { spec, findings }],
            errors: vec![InputError {
                path,
                line: error.1,
                column: error.2,
                message: error.0,
                explicit: false,
            }],
        };
        (report, color)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_format_renders_anything((report, color) in report()) {
        let mut out = Vec::new();
        render_human(&report, &mut out, HumanOptions { color }).expect("render");
        let human = String::from_utf8(out).expect("utf-8");
        if !color {
            prop_assert!(!human.contains('\u{1b}'), "{human}");
        }
        let raw_controls = human.contains('\u{7}') || human.contains('\u{202e}');
        prop_assert!(!raw_controls, "{}", human);
        let json: Value = serde_json::from_str(&render_json(&report)).expect("JSON");
        prop_assert_eq!(json["summary"]["servers"].as_u64(), Some(1));
        let sarif: Value =
            serde_json::from_str(&render_sarif_with_base(&report, fixture::RULES, None))
                .expect("SARIF");
        for r in sarif["runs"][0]["results"].as_array().expect("results") {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            prop_assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1));
            prop_assert!(region["startColumn"].as_u64().is_none_or(|c| c >= 1));
            prop_assert!(region["endColumn"].as_u64().is_none_or(|c| c >= 1));
        }
    }
}
