//! Arbitrary JSON launch specs and configs through `check`'s reader and the whole analysis.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(file) = warden_analysis::input::from_json(text) {
        for spec in &file.servers {
            let _ = warden_analysis::analyze(spec);
        }
        let _ = warden_analysis::analyze_file(&file);
    }
});
