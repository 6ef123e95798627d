//! Property tests of the document parsers: no panic on any input, and agreement with
//! serde_json on every valid JSON text.

use proptest::prelude::*;
use warden_core::doc::{Format, Limits, Node, Value, parse};

/// Compare our tree with serde_json's value (objects: serde_json keeps the last duplicate).
fn same(node: &Node, v: &serde_json::Value) -> bool {
    match (&node.value, v) {
        (Value::Null, serde_json::Value::Null) => true,
        (Value::Bool(a), serde_json::Value::Bool(b)) => a == b,
        (Value::Number(a), serde_json::Value::Number(b)) => {
            a.parse::<f64>().ok() == b.as_f64() || a == &b.to_string()
        }
        (Value::String(a), serde_json::Value::String(b)) => a == b,
        (Value::Array(a), serde_json::Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(_), serde_json::Value::Object(b)) => b
            .iter()
            .all(|(k, bv)| node.get(k).is_some_and(|n| same(n, bv))),
        _ => false,
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        (-1e6f64..1e6).prop_map(|n| serde_json::json!(n)),
        ".*".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(".*", inner, 0..8)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn json_agrees_with_serde_json(v in json_value(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&v).unwrap()
        } else {
            serde_json::to_string(&v).unwrap()
        };
        let (node, relaxed) = parse(&text, Format::Json, &Limits::default()).unwrap();
        prop_assert!(!relaxed);
        prop_assert!(same(&node, &v), "{text}");
        // Every span of a string value covers its quoted text exactly.
        if let Value::String(s) = &node.value {
            prop_assert_eq!(&text[node.span.start..node.span.end], serde_json::to_string(s).unwrap());
        }
    }

    #[test]
    fn no_format_panics_on_arbitrary_text(text in ".{0,400}") {
        for f in [Format::Json, Format::Jsonc, Format::Toml, Format::Yaml] {
            if let Err(e) = parse(&text, f, &Limits::default()) {
                prop_assert!(!e.message.is_empty());
            }
        }
    }

    #[test]
    fn no_format_panics_on_config_like_text(
        parts in prop::collection::vec(
            prop_oneof![
                Just("{"), Just("}"), Just("["), Just("]"), Just(","), Just(":"), Just("\""),
                Just("\n"), Just("  "), Just("- "), Just("&a "), Just("*a"), Just("<<: "),
                Just("mcpServers"), Just("command"), Just("= "), Just("[mcp_servers.x]"),
                Just("//"), Just("/*"), Just("*/"), Just("#"), Just("\\u"), Just("é"),
            ],
            0..60,
        )
    ) {
        let text: String = parts.concat();
        for f in [Format::Json, Format::Toml, Format::Yaml] {
            let _ = parse(&text, f, &Limits::default());
        }
    }
}

#[test]
fn size_limit_is_enforced_before_parsing() {
    let limits = Limits {
        max_bytes: 10,
        ..Limits::default()
    };
    let err = parse("{\"a\": \"0123456789\"}", Format::Json, &limits).unwrap_err();
    assert!(err.message.contains("over the limit"), "{}", err.message);
}
