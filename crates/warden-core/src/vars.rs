//! Variable references in config values.
//!
//! Clients substitute placeholders before they launch a server: `${env:X}` and `${input:id}`
//! (VS Code, Cursor, Windsurf), `${VAR}` / `${VAR:-default}` (Claude Code, Kiro, Copilot CLI),
//! `$VAR` (Gemini CLI), `{env:X}` / `{file:path}` (opencode), `${{ secrets.X }}` (Continue),
//! `${user_config.x}` / `${__dirname}` (MCP bundles). A reference is not a literal value: it is
//! never reported as a plaintext secret and never redacted.

use std::ops::Range;

use serde::Serialize;

/// The syntax a reference was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefKind {
    /// `${env:X}`
    Env,
    /// `${input:id}` (VS Code prompts)
    Input,
    /// `${VAR}`, `${VAR:-default}`, `$VAR`, and editor variables such as `${workspaceFolder}`
    Var,
    /// `{env:X}` (opencode)
    BraceEnv,
    /// `{file:path}` (opencode)
    BraceFile,
    /// `${{ secrets.X }}` / `${{ inputs.X }}` (Continue)
    Template,
}

/// One reference inside a string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VarRef {
    pub kind: RefKind,
    /// The variable, input or secret name.
    pub name: String,
    /// Byte range of the whole reference in the string.
    #[serde(skip)]
    pub range: Range<usize>,
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Every reference in `s`, in order.
pub fn references(s: &str) -> Vec<VarRef> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // ${{ secrets.X }}
        if b[i..].starts_with(b"${{")
            && let Some(end) = s[i..].find("}}")
        {
            let inner = s[i + 3..i + end].trim();
            let name = inner.rsplit('.').next().unwrap_or(inner).trim().to_string();
            out.push(VarRef {
                kind: RefKind::Template,
                name,
                range: i..i + end + 2,
            });
            i += end + 2;
            continue;
        }
        if b[i..].starts_with(b"${")
            && let Some(end) = s[i + 2..].find('}')
        {
            let inner = &s[i + 2..i + 2 + end];
            let range = i..i + 2 + end + 1;
            let (kind, name) = if let Some(n) = inner.strip_prefix("env:") {
                (RefKind::Env, n)
            } else if let Some(n) = inner.strip_prefix("input:") {
                (RefKind::Input, n)
            } else {
                // ${VAR}, ${VAR:-default}, ${workspaceFolder}, ${user_config.x}
                let n = inner.split([':', '-']).next().unwrap_or(inner);
                (RefKind::Var, n)
            };
            if !name.is_empty()
                && name
                    .bytes()
                    .all(|c| is_name_char(c) || matches!(c, b'.' | b'/' | b'-'))
            {
                out.push(VarRef {
                    kind,
                    name: name.to_string(),
                    range: range.clone(),
                });
                i = range.end;
                continue;
            }
        }
        if b[i] == b'{' && (i == 0 || b[i - 1] != b'$') {
            for (prefix, kind) in [("{env:", RefKind::BraceEnv), ("{file:", RefKind::BraceFile)] {
                if s[i..].starts_with(prefix)
                    && let Some(end) = s[i..].find('}')
                {
                    let name = &s[i + prefix.len()..i + end];
                    if !name.is_empty() {
                        out.push(VarRef {
                            kind,
                            name: name.to_string(),
                            range: i..i + end + 1,
                        });
                    }
                    i += end;
                    break;
                }
            }
        }
        if b[i] == b'$'
            && b.get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        {
            let start = i;
            let mut j = i + 1;
            while j < b.len() && is_name_char(b[j]) {
                j += 1;
            }
            out.push(VarRef {
                kind: RefKind::Var,
                name: s[start + 1..j].to_string(),
                range: start..j,
            });
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// Whether `s` is exactly one reference (`"${env:TOKEN}"`), nothing else.
pub fn is_reference(s: &str) -> bool {
    let refs = references(s.trim());
    refs.len() == 1 && refs[0].range == (0..s.trim().len())
}

/// `s` with its references removed: the literal text a user wrote.
pub fn literal_part(s: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for r in references(s) {
        out.push_str(&s[last..r.range.start]);
        last = r.range.end;
    }
    out.push_str(&s[last..]);
    out
}

/// How a value is shown in reports: references as written (with a short literal around them,
/// such as `Bearer ${env:TOKEN}`), anything else as `<redacted>`.
pub fn redact_value(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    let refs = references(s);
    if !refs.is_empty() && literal_part(s).trim().len() <= 16 {
        s.to_string()
    } else {
        REDACTED.to_string()
    }
}

/// The placeholder shown in place of a secret.
pub const REDACTED: &str = "<redacted>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_every_client_syntax() {
        for (s, kind, name) in [
            ("${env:GITHUB_TOKEN}", RefKind::Env, "GITHUB_TOKEN"),
            ("${input:api-key}", RefKind::Input, "api-key"),
            ("${VAR:-default}", RefKind::Var, "VAR"),
            ("$HOME", RefKind::Var, "HOME"),
            ("{env:API_KEY}", RefKind::BraceEnv, "API_KEY"),
            ("{file:~/.secret}", RefKind::BraceFile, "~/.secret"),
            ("${{ secrets.TOKEN }}", RefKind::Template, "TOKEN"),
            (
                "${user_config.api_key}",
                RefKind::Var,
                "user_config.api_key",
            ),
        ] {
            let refs = references(s);
            assert_eq!(refs.len(), 1, "{s}: {refs:?}");
            assert_eq!((refs[0].kind, refs[0].name.as_str()), (kind, name), "{s}");
        }
        let input = references("${input:api_key}");
        assert_eq!(
            (input[0].kind, input[0].name.as_str()),
            (RefKind::Input, "api_key")
        );
    }

    #[test]
    fn whole_references_and_redaction() {
        assert!(is_reference("${env:TOKEN}"));
        assert!(!is_reference("Bearer ${env:TOKEN}"));
        assert!(!is_reference("ghp_abcdefghijklmnopqrstuvwxyz0123456789"));
        assert_eq!(redact_value("Bearer ${env:TOKEN}"), "Bearer ${env:TOKEN}");
        assert_eq!(
            redact_value("ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
            REDACTED
        );
        assert_eq!(redact_value("sk-live-1234567890abcdef${X}"), REDACTED);
    }
}
