//! Recognising command lines that already run under mcp-warden or another sandbox.

/// The file name of a program path without directories or `.exe`, lower-cased.
pub(crate) fn program_name(cmd: &str) -> String {
    let base = cmd.rsplit(['/', '\\']).next().unwrap_or(cmd);
    let base = base.to_ascii_lowercase();
    base.strip_suffix(".exe")
        .map(str::to_string)
        .unwrap_or(base)
}

/// Whether `cmd` names the mcp-warden program.
pub(crate) fn is_warden_program(cmd: &str) -> bool {
    program_name(cmd) == "mcp-warden"
}

/// Where a wrapped command line starts: the index of `mcp-warden` in `argv` when it is followed
/// by `run` (directly, or through a package runner such as `npx -y mcp-warden run ...`).
fn warden_index(argv: &[String]) -> Option<usize> {
    argv.iter()
        .take(4)
        .position(|a| is_warden_program(a))
        .filter(|&i| argv.get(i + 1).is_some_and(|a| a == "run"))
}

/// Whether the command line already runs under `mcp-warden run`.
pub(crate) fn is_wrapped(argv: &[String]) -> bool {
    warden_index(argv).is_some()
}

/// The original command line inside a wrapped one (`mcp-warden run [flags] -- ORIGINAL...`),
/// with the index in `argv` where it starts. `None` if `argv` is not wrapped, or wrapped by a
/// runner other than mcp-warden itself at position 0 (which `unwrap` cannot have written).
pub(crate) fn inner_command(argv: &[String]) -> Option<(usize, &[String])> {
    if warden_index(argv) != Some(0) {
        return None;
    }
    let dash = argv.iter().skip(2).position(|a| a == "--")? + 2;
    let inner = &argv[dash + 1..];
    if inner.is_empty() {
        return None;
    }
    Some((dash + 1, inner))
}

/// The sandbox or container a command line already runs in, if any (not mcp-warden).
pub(crate) fn other_sandbox(argv: &[String]) -> Option<&'static str> {
    const KNOWN: [&str; 8] = [
        "srt",
        "docker",
        "podman",
        "bwrap",
        "firejail",
        "sandbox-exec",
        "nsjail",
        "minijail0",
    ];
    let first = program_name(argv.first()?);
    if let Some(k) = KNOWN.iter().find(|k| **k == first) {
        return Some(k);
    }
    // A package runner starting the sandbox runtime: `npx -y @anthropic-ai/sandbox-runtime ...`.
    if matches!(first.as_str(), "npx" | "bunx" | "pnpx")
        && argv
            .iter()
            .skip(1)
            .take(3)
            .any(|a| a.starts_with("@anthropic-ai/sandbox-runtime"))
    {
        return Some("srt");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recognises_wrapped_lines() {
        let w = v(&[
            "/opt/bin/mcp-warden",
            "run",
            "--audit",
            "x",
            "--",
            "npx",
            "-y",
            "p",
        ]);
        assert!(is_wrapped(&w));
        let (at, inner) = inner_command(&w).expect("inner");
        assert_eq!(at, 5);
        assert_eq!(inner, &v(&["npx", "-y", "p"])[..]);
        assert!(is_wrapped(&v(&[
            "npx",
            "-y",
            "mcp-warden",
            "run",
            "--",
            "x"
        ])));
        assert!(inner_command(&v(&["npx", "-y", "mcp-warden", "run", "--", "x"])).is_none());
        assert!(!is_wrapped(&v(&["mcp-warden", "scan"])));
        assert!(inner_command(&v(&["mcp-warden", "run", "--"])).is_none());
        assert!(is_wrapped(&v(&[
            "C:\\bin\\MCP-WARDEN.EXE",
            "run",
            "--",
            "x"
        ])));
    }

    #[test]
    fn recognises_other_sandboxes() {
        assert_eq!(
            other_sandbox(&v(&["/usr/bin/bwrap", "--ro-bind"])),
            Some("bwrap")
        );
        assert_eq!(other_sandbox(&v(&["docker", "run", "-i"])), Some("docker"));
        assert_eq!(
            other_sandbox(&v(&["npx", "-y", "@anthropic-ai/sandbox-runtime", "node"])),
            Some("srt")
        );
        assert_eq!(other_sandbox(&v(&["npx", "-y", "server"])), None);
    }
}
