//! Property tests: analysis never panics, whatever the spec, and the shell parser never panics
//! on any text.

use proptest::prelude::*;
use warden_core::{EnvVar, LaunchSpec, Located, Scope};

/// Words that steer the analysis into its wrappers and rules, mixed with arbitrary text.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "sh",
            "bash",
            "-c",
            "-lc",
            "cmd",
            "/c",
            "/s/c",
            "/k",
            "powershell",
            "-EncodedCommand",
            "-Command",
            "npx",
            "-y",
            "-yc",
            "--call=id",
            "--package",
            "uvx",
            "--from",
            "git+https://x/y",
            "uv",
            "run",
            "--with",
            "docker",
            "run",
            "-v",
            "/:/h",
            "--privileged",
            "--entrypoint",
            "env",
            "-S",
            "sudo",
            "timeout",
            "5",
            "xargs",
            "busybox",
            "node",
            "-e",
            "--import",
            "data:x",
            "python",
            "-m",
            "pip",
            "install",
            "git",
            "-c",
            "core.pager=x",
            "find",
            "-exec",
            ";",
            "&&",
            "|",
            "$(",
            "`",
            "'",
            "\"",
            "<<EOF",
            "\\",
            "${",
            "a=b",
            "--",
            "ext::sh",
            "/tmp/x",
            "\\\\h\\s",
            "-",
            "=",
            "wsl",
            "-e",
            "deno",
            "eval",
            "--registry",
            "pipx",
            "--spec",
            "su",
            "doas",
            "nsenter",
            "--pid=host",
            "-H",
            "tcp://h:1",
        ])
        .prop_map(str::to_string),
        ".{0,40}",
        "[ -~]{0,60}",
    ]
}

fn spec_strategy() -> impl Strategy<Value = LaunchSpec> {
    (
        word(),
        prop::collection::vec(word(), 0..12),
        prop::collection::vec(("[A-Za-z_%]{1,20}", ".{0,40}"), 0..5),
        prop::bool::ANY,
    )
        .prop_map(|(cmd, args, env, project)| {
            let mut s = LaunchSpec::new(
                "input",
                if project {
                    Scope::Project
                } else {
                    Scope::Input
                },
                "-",
                "x",
            );
            s.command = Some(Located::bare(cmd));
            s.args = args.into_iter().map(Located::bare).collect();
            s.env = env.into_iter().map(|(k, v)| EnvVar::new(k, v)).collect();
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn analysis_never_panics(spec in spec_strategy()) {
        let findings = warden_analysis::analyze(&spec);
        for f in &findings {
            prop_assert!(!f.message.is_empty());
            prop_assert!(f.severity > warden_core::Severity::None);
        }
    }

    #[test]
    fn shell_parser_never_panics(text in "[ -~\n\t]{0,200}") {
        for d in [warden_analysis::shell::Dialect::Posix, warden_analysis::shell::Dialect::Cmd] {
            let s = warden_analysis::shell::parse(&text, d);
            let _ = s.all_commands();
            let _ = s.all_errors();
        }
    }

    #[test]
    fn inline_scripts_never_panic(script in "[ -~\n]{0,160}") {
        for shell in ["sh", "cmd", "powershell"] {
            let flag = match shell { "cmd" => "/c", "powershell" => "-Command", _ => "-c" };
            let spec = LaunchSpec::from_argv(shell, &[flag, &script]);
            let _ = warden_analysis::analyze(&spec);
        }
        let spec = LaunchSpec::from_argv(&script, &[]);
        let _ = warden_analysis::analyze(&spec);
    }

    #[test]
    fn unicode_never_panics(text in "\\PC{0,80}") {
        let spec = LaunchSpec::from_argv("bash", &["-c", &text, &text]);
        let _ = warden_analysis::analyze(&spec);
        let _ = warden_analysis::shell::parse(&text, warden_analysis::shell::Dialect::Cmd);
    }
}

#[test]
fn deep_nesting_is_bounded() {
    // Forty wrappers deep: the walk stops and says so.
    let mut args: Vec<&str> = vec!["env"; 40];
    args.push("id");
    let spec = LaunchSpec::from_argv("env", &args);
    let f = warden_analysis::analyze(&spec);
    assert!(
        f.iter().any(|f| f.rule.id == "MW102"),
        "depth limit reported: {f:?}"
    );
    let nested = format!("{}id{}", "$(".repeat(500), ")".repeat(500));
    let spec = LaunchSpec::from_argv("sh", &["-c", &nested]);
    let f = warden_analysis::analyze(&spec);
    assert!(f.iter().any(|f| f.rule.id == "MW102"));
}
