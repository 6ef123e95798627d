//! The server's environment: a short allowlist from the parent, the spec's own variables, and
//! variables passed through by name. The parent's secrets are never inherited.

use std::path::Path;

use crate::profile::PRIVATE_TMP;

/// Parent variables inherited by every server (locale variables `LC_*` too).
pub const INHERITED: &[&str] = &[
    "PATH", "HOME", "LANG", "LANGUAGE", "TERM", "TZ", "USER", "LOGNAME", "SHELL",
];

/// Whether a parent variable is inherited without being named.
pub fn inherited(name: &str) -> bool {
    INHERITED.contains(&name) || name.starts_with("LC_")
}

/// Build the environment. Returns the variables in order and the names whose values may be
/// shown (the inherited, non-secret ones).
pub fn build(
    parent: &[(String, String)],
    spec_env: &[(String, String)],
    pass_env: &[String],
    home: Option<&Path>,
) -> (Vec<(String, String)>, Vec<String>) {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut public: Vec<String> = Vec::new();
    let set = |out: &mut Vec<(String, String)>, k: &str, v: &str| {
        if let Some(e) = out.iter_mut().find(|(n, _)| n == k) {
            e.1 = v.to_string();
        } else {
            out.push((k.to_string(), v.to_string()));
        }
    };
    for (k, v) in parent {
        if inherited(k) {
            set(&mut out, k, v);
            public.push(k.clone());
        }
    }
    if !out.iter().any(|(k, _)| k == "PATH") {
        set(&mut out, "PATH", "/usr/local/bin:/usr/bin:/bin");
        public.push("PATH".into());
    }
    if let Some(h) = home
        && !out.iter().any(|(k, _)| k == "HOME")
        && let Some(h) = h.to_str()
    {
        set(&mut out, "HOME", h);
        public.push("HOME".into());
    }
    set(&mut out, "TMPDIR", PRIVATE_TMP);
    public.push("TMPDIR".into());
    for name in pass_env {
        if let Some((_, v)) = parent.iter().rev().find(|(k, _)| k == name) {
            set(&mut out, name, v);
            public.retain(|p| p != name);
        }
    }
    for (k, v) in spec_env {
        set(&mut out, k, v);
        public.retain(|p| p != k);
    }
    public.sort();
    public.dedup();
    (out, public)
}

/// Parse `KEY=VALUE`.
pub fn parse_assignment(s: &str) -> Option<(String, String)> {
    let (k, v) = s.split_once('=')?;
    let valid = !k.is_empty()
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !k.starts_with(|c: char| c.is_ascii_digit());
    valid.then(|| (k.to_string(), v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(k: &str, v: &str) -> (String, String) {
        (k.into(), v.into())
    }

    #[test]
    fn parent_secrets_are_not_inherited() {
        let parent = vec![
            kv("PATH", "/usr/bin"),
            kv("AWS_SECRET_ACCESS_KEY", "abc"),
            kv("GITHUB_TOKEN", "ghp_x"),
            kv("LC_ALL", "C"),
            kv("TMPDIR", "/home/u/tmp"),
        ];
        let (env, public) = build(&parent, &[], &[], Some(Path::new("/home/u")));
        let names: Vec<&str> = env.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["PATH", "LC_ALL", "HOME", "TMPDIR"]);
        assert!(env.contains(&kv("TMPDIR", "/tmp")));
        assert!(public.contains(&"PATH".to_string()));
    }

    #[test]
    fn pass_env_and_spec_env_are_added_and_redacted() {
        let parent = vec![kv("GITHUB_TOKEN", "ghp_x"), kv("OTHER", "o")];
        let spec = vec![kv("API_KEY", "k"), kv("PATH", "/opt/bin")];
        let (env, public) = build(&parent, &spec, &["GITHUB_TOKEN".into()], None);
        assert!(env.contains(&kv("GITHUB_TOKEN", "ghp_x")));
        assert!(env.contains(&kv("API_KEY", "k")));
        assert!(env.contains(&kv("PATH", "/opt/bin")));
        assert!(!env.iter().any(|(k, _)| k == "OTHER"));
        assert!(!public.contains(&"GITHUB_TOKEN".to_string()));
        assert!(!public.contains(&"API_KEY".to_string()));
        assert!(!public.contains(&"PATH".to_string()));
    }

    #[test]
    fn assignments() {
        assert_eq!(parse_assignment("A=b=c"), Some(kv("A", "b=c")));
        assert_eq!(parse_assignment("=x"), None);
        assert_eq!(parse_assignment("1A=x"), None);
        assert_eq!(parse_assignment("NOEQ"), None);
    }
}
