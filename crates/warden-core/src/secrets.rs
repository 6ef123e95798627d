//! Recognising secrets in plain text, so they are reported and never printed.
//!
//! Known token prefixes (GitHub, OpenAI, Anthropic, Slack, AWS, GitLab, Stripe, npm, Hugging
//! Face, Google …), credentials in URLs, values of secret-named flags (`--token X`,
//! `--api-key=X`), and long high-entropy strings. A variable reference is never a secret.

use crate::vars;

/// Token prefixes and what they are.
const PREFIXES: &[(&str, &str)] = &[
    ("ghp_", "GitHub personal access token"),
    ("gho_", "GitHub OAuth token"),
    ("ghu_", "GitHub user token"),
    ("ghs_", "GitHub server token"),
    ("ghr_", "GitHub refresh token"),
    ("github_pat_", "GitHub fine-grained token"),
    ("sk-ant-", "Anthropic API key"),
    ("sk-proj-", "OpenAI project key"),
    ("sk-", "API secret key"),
    ("xoxb-", "Slack bot token"),
    ("xoxp-", "Slack user token"),
    ("xoxa-", "Slack token"),
    ("xapp-", "Slack app token"),
    ("AKIA", "AWS access key id"),
    ("ASIA", "AWS temporary access key id"),
    ("glpat-", "GitLab personal access token"),
    ("sk_live_", "Stripe live secret key"),
    ("rk_live_", "Stripe restricted key"),
    ("npm_", "npm access token"),
    ("hf_", "Hugging Face token"),
    ("AIza", "Google API key"),
    ("ya29.", "Google OAuth token"),
    ("pypi-", "PyPI token"),
    ("dop_v1_", "DigitalOcean token"),
    ("lin_api_", "Linear API key"),
    ("ntn_", "Notion token"),
    ("secret_", "Notion integration secret"),
    ("pk_live_", "Stripe live key"),
    ("SG.", "SendGrid API key"),
    ("shpat_", "Shopify access token"),
    ("eyJ", "JSON Web Token"),
];

/// Flag and variable names whose value is a secret.
const SECRET_WORDS: &[&str] = &[
    "token",
    "secret",
    "password",
    "passwd",
    "apikey",
    "api_key",
    "api-key",
    "access_key",
    "access-key",
    "private_key",
    "private-key",
    "auth",
    "credential",
    "bearer",
    "pat",
];

/// What kind of secret `value` looks like, if any. `name` is the variable or flag name it was
/// given under, if any (a high-entropy value under a secret-sounding name is a secret).
pub fn classify(value: &str, name: Option<&str>) -> Option<&'static str> {
    let v = value.trim();
    if v.len() < 8 {
        return None;
    }
    // Only a value with `$` or `{` can hold a variable reference.
    let owned;
    let literal = if v.contains(['$', '{']) {
        if vars::is_reference(v) {
            return None;
        }
        owned = vars::literal_part(v);
        owned.trim()
    } else {
        v
    };
    if literal.len() < 8 {
        return None;
    }
    let token = literal
        .strip_prefix("Bearer ")
        .or_else(|| literal.strip_prefix("bearer "))
        .or_else(|| literal.strip_prefix("token "))
        .unwrap_or(literal);
    for (prefix, what) in PREFIXES {
        if token.starts_with(prefix)
            && token.len() >= prefix.len() + 12
            && token[prefix.len()..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_-.=/+".contains(&b))
        {
            // `sk-` and `secret_` are short and common words; demand a token-like tail.
            if (*prefix == "sk-" || *prefix == "secret_" || *prefix == "eyJ")
                && entropy(token) < 3.5
            {
                continue;
            }
            return Some(what);
        }
    }
    if url_has_credentials(token) {
        return Some("credentials in a URL");
    }
    let named = name.is_some_and(is_secret_name);
    if named && !looks_like_path_or_word(token) && token.len() >= 12 {
        return Some("secret value");
    }
    if token.len() >= 24
        && !token.contains(char::is_whitespace)
        && entropy(token) >= 4.2
        && !looks_like_path_or_word(token)
    {
        return Some("high-entropy string");
    }
    None
}

/// Whether a variable or flag name says its value is a secret.
pub fn is_secret_name(name: &str) -> bool {
    let n = name.trim_start_matches('-').to_ascii_lowercase();
    let sep = |c: Option<u8>| matches!(c, Some(b'_' | b'-'));
    SECRET_WORDS.iter().any(|w| {
        n == *w
            // `…_token`, `…-token`
            || (n.ends_with(w) && sep(n.as_bytes().get(n.len().wrapping_sub(w.len() + 1)).copied()))
            // `token_…`, `token-…`
            || (n.starts_with(w) && sep(n.as_bytes().get(w.len()).copied()))
            || (w.len() > 4 && n.contains(w))
    }) && !n.ends_with("_path")
        && !n.ends_with("_file")
        && !n.ends_with("_url")
        && !n.contains("author")
}

fn looks_like_path_or_word(s: &str) -> bool {
    s.starts_with('/')
        || s.starts_with("./")
        || s.starts_with("~/")
        || s.starts_with("http://")
        || s.starts_with("https://") && !url_has_credentials(s)
        || s.contains('\\')
        || (s.len() > 2 && s.as_bytes()[1] == b':' && s.as_bytes()[2] == b'\\')
        || s.chars()
            .all(|c| c.is_ascii_lowercase() || "-_.@/".contains(c))
        || s.eq_ignore_ascii_case("true")
        || s.eq_ignore_ascii_case("false")
}

fn url_has_credentials(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once("://") else {
        return false;
    };
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+')
    {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if let Some((userinfo, _)) = authority.rsplit_once('@')
        && let Some((_, pass)) = userinfo.split_once(':')
    {
        return !pass.is_empty() && !vars::is_reference(pass);
    }
    // ?api_key=..., ?token=...
    if let Some((_, query)) = rest.split_once('?') {
        return query.split('&').any(|kv| {
            kv.split_once('=')
                .is_some_and(|(k, v)| is_secret_name(k) && v.len() >= 8 && !vars::is_reference(v))
        });
    }
    false
}

/// Shannon entropy in bits per character.
pub fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    for b in s.bytes() {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    if n == 0.0 {
        return 0.0;
    }
    counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = f64::from(*c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Which words of an argv hold a secret: the value of a secret-named flag (`--token X`,
/// `--api-key=X`, `-e TOKEN=X`) or a value that looks like a token by itself.
/// Returns the indexes of those words.
pub fn secret_args(argv: &[&str]) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, w) in argv.iter().enumerate() {
        if let Some((flag, value)) = w.split_once('=')
            && classify(value, Some(flag)).is_some()
        {
            out.push(i);
            continue;
        }
        let prev_flag = i
            .checked_sub(1)
            .map(|p| argv[p])
            .filter(|p| p.starts_with('-'));
        if classify(w, prev_flag).is_some() {
            out.push(i);
        }
    }
    out
}

/// The argv with secrets replaced: `--token=<redacted>`, or the whole word.
pub fn redact_argv(argv: &[&str]) -> Vec<String> {
    let hits = secret_args(argv);
    argv.iter()
        .enumerate()
        .map(|(i, w)| {
            if !hits.contains(&i) {
                return (*w).to_string();
            }
            match w.split_once('=') {
                Some((flag, value))
                    if classify(value, Some(flag)).is_some() && !flag.contains("://") =>
                {
                    format!("{flag}={}", vars::REDACTED)
                }
                _ => redact_in_url(w).unwrap_or_else(|| vars::REDACTED.to_string()),
            }
        })
        .collect()
}

/// A URL with its password or secret query values replaced, if it has any.
fn redact_in_url(s: &str) -> Option<String> {
    if !url_has_credentials(s) {
        return None;
    }
    let (scheme, rest) = s.split_once("://")?;
    let (authority, tail) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:{}@{host}", vars::REDACTED),
            None => authority.to_string(),
        },
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let q: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, v)) if is_secret_name(k) && !vars::is_reference(v) => {
                        format!("{k}={}", vars::REDACTED)
                    }
                    _ => kv.to_string(),
                })
                .collect();
            format!("{path}?{}", q.join("&"))
        }
        None => tail.to_string(),
    };
    Some(format!("{scheme}://{authority}{tail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_tokens_are_secrets() {
        assert!(classify("ghp_0123456789abcdefghijklmnopqrstuvwxyz", None).is_some());
        assert!(classify("sk-ant-api03-AbCdEf0123456789xyzXYZ", None).is_some());
        assert!(classify("AKIAIOSFODNN7EXAMPLE", None).is_some());
        assert!(classify("postgres://app:hunter2hunter2@db:5432/x", None).is_some());
    }

    #[test]
    fn references_paths_and_words_are_not() {
        for v in [
            "${env:GITHUB_TOKEN}",
            "/Users/me/projects",
            "true",
            "stdio",
            "REDACTED",
            "@modelcontextprotocol/server-filesystem",
            "sk-learn-is-a-library",
        ] {
            assert!(classify(v, Some("GITHUB_TOKEN")).is_none(), "{v}");
        }
        assert!(classify("my-secret-value-123", Some("API_KEY")).is_some());
        assert!(classify("my-plain-value-123", Some("LOG_LEVEL")).is_none());
    }

    #[test]
    fn argv_redaction() {
        let argv = [
            "server",
            "--api-key",
            "abcd1234efgh5678ijkl",
            "--token=ghp_0123456789abcdefghijklmnopqrstuvwxyz",
            "https://u:p4ssw0rd@h/x",
            "/tmp/dir",
        ];
        assert_eq!(
            redact_argv(&argv),
            [
                "server",
                "--api-key",
                "<redacted>",
                "--token=<redacted>",
                "https://u:<redacted>@h/x",
                "/tmp/dir"
            ]
        );
    }
}
