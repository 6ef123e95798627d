//! The TOML parser on arbitrary text: never panics; spans stay inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warden_core::doc::{Format, Limits, Node, Value, parse};

fn check(node: &Node, len: usize) {
    assert!(node.span.start <= node.span.end && node.span.end <= len);
    match &node.value {
        Value::Array(items) => items.iter().for_each(|n| check(n, len)),
        Value::Object(entries) => entries.iter().for_each(|e| check(&e.value, len)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok((root, _relaxed)) = parse(text, Format::Toml, &Limits::default()) {
            check(&root, text.len());
        }
    }
});
