//! The YAML parser on arbitrary text, with small limits so alias bombs are exercised: never
//! panics, never exceeds the node limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warden_core::doc::{Format, Limits, Node, Value, parse};

fn count(node: &Node) -> usize {
    1 + match &node.value {
        Value::Array(items) => items.iter().map(count).sum(),
        Value::Object(entries) => entries.iter().map(|e| count(&e.value)).sum(),
        _ => 0,
    }
}

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_nodes: 10_000,
        max_aliases: 50,
        ..Limits::default()
    };
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok((root, _)) = parse(text, Format::Yaml, &limits) {
            assert!(count(&root) <= limits.max_nodes * 2);
        }
    }
});
