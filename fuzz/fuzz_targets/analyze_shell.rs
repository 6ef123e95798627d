//! Shell scripts as `sh -c`, `cmd /c` and `powershell -Command` would receive them: the parser
//! and the analysis must never panic, loop or blow up, whatever the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warden_analysis::shell::{self, Dialect};
use warden_core::LaunchSpec;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for dialect in [Dialect::Posix, Dialect::Cmd] {
        let script = shell::parse(text, dialect);
        let _ = script.all_commands();
        let _ = script.all_errors();
    }
    for (shell, flag) in [("sh", "-c"), ("cmd", "/c"), ("powershell", "-Command")] {
        let spec = LaunchSpec::from_argv(shell, &[flag, text]);
        let _ = warden_analysis::analyze(&spec);
    }
    // The whole text as a `command` string, as some clients receive it.
    let _ = warden_analysis::analyze(&LaunchSpec::from_argv(text, &[]));
});
