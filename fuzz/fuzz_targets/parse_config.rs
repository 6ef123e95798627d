//! `check -` on arbitrary bytes: whatever the text, inventory returns servers or errors and
//! never panics; every span it reports lies inside the text.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let len = text.len();
    let inv = warden_inventory::check_text(Path::new("-"), text, None);
    for s in inv.servers() {
        for a in &s.args {
            assert!(a.span.end <= len);
        }
        if let Some(c) = &s.command {
            assert!(c.span.end <= len);
        }
        assert!(s.entry_span.end <= len);
    }
});
