//! Helpers shared by the renderers: deterministic order, redaction, safe text.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use warden_core::report::{FileResult, Report, ServerResult};
use warden_core::{Finding, LaunchSpec, secrets, vars};

/// Servers in a stable order: by file, then place in the file, then name.
pub fn sorted_servers(report: &Report) -> Vec<&ServerResult> {
    let mut v: Vec<&ServerResult> = report.servers.iter().collect();
    v.sort_by(|a, b| {
        (&a.spec.path, a.spec.line(), &a.spec.name, &a.spec.client).cmp(&(
            &b.spec.path,
            b.spec.line(),
            &b.spec.name,
            &b.spec.client,
        ))
    });
    v
}

/// Files in a stable order: by path, then client.
pub fn sorted_files(report: &Report) -> Vec<&FileResult> {
    let mut v: Vec<&FileResult> = report.files.iter().collect();
    v.sort_by(|a, b| (&a.file.path, &a.file.client).cmp(&(&b.file.path, &b.file.client)));
    v
}

/// Findings worst first, then by place, then rule id.
pub fn sorted_findings(findings: &[Finding]) -> Vec<&Finding> {
    let mut v: Vec<&Finding> = findings.iter().collect();
    v.sort_by(|a, b| {
        (
            Reverse(a.severity),
            a.span.line,
            a.span.column,
            a.rule.id,
            &a.field,
        )
            .cmp(&(
                Reverse(b.severity),
                b.span.line,
                b.span.column,
                b.rule.id,
                &b.field,
            ))
    });
    v
}

/// The command and arguments with secrets redacted: `(command, args)`.
pub fn redacted_argv(spec: &LaunchSpec) -> (Option<String>, Vec<String>) {
    let mut words: Vec<&str> = Vec::new();
    if let Some(c) = &spec.command {
        words.push(&c.value);
    }
    words.extend(spec.argv());
    let mut red = secrets::redact_argv(&words);
    let command = if spec.command.is_some() && !red.is_empty() {
        Some(red.remove(0))
    } else {
        None
    };
    (command, red)
}

/// One word (a URL, a path) with any secret in it redacted: URL credentials, tokens.
pub fn redact_word(url: &str) -> String {
    secrets::redact_argv(&[url])
        .pop()
        .unwrap_or_else(|| vars::REDACTED.to_string())
}

/// The literal secrets of some launch specs (token-like env and header values, secret
/// arguments, URL passwords), longest first, so messages can be scrubbed of them.
pub fn literal_secrets<'a>(specs: impl Iterator<Item = &'a LaunchSpec>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for spec in specs {
        for e in spec.env.iter().chain(&spec.headers) {
            if let Some(v) = &e.value
                && secrets::classify(&v.value, Some(&e.name)).is_some()
            {
                out.push(v.value.trim().to_string());
            }
        }
        let mut words: Vec<&str> = Vec::new();
        if let Some(c) = &spec.command {
            words.push(&c.value);
        }
        words.extend(spec.argv());
        for i in secrets::secret_args(&words) {
            let w = words[i];
            out.push(match w.split_once('=') {
                Some((flag, v)) if flag.starts_with('-') => v.to_string(),
                _ => w.to_string(),
            });
        }
        for u in spec.url.iter() {
            if secrets::classify(&u.value, None).is_some() {
                out.push(u.value.clone());
            }
        }
    }
    out.retain(|s| s.len() >= 8);
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// `text` with every one of `secrets` replaced by the redaction marker.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), vars::REDACTED);
        }
    }
    out
}

/// The report with every literal secret of its specs removed from finding messages, fixes
/// and chains (defence in depth: analysis is not meant to quote them). Borrowed when clean.
pub fn scrubbed(report: &Report) -> Cow<'_, Report> {
    // Only entries with findings can leak; the rest need no look at their values.
    let server_secrets: Vec<Vec<String>> = report
        .servers
        .iter()
        .map(|s| {
            if s.findings.is_empty() {
                Vec::new()
            } else {
                literal_secrets(std::iter::once(&s.spec))
            }
        })
        .collect();
    let file_secrets: Vec<Vec<String>> = report
        .files
        .iter()
        .map(|f| {
            if f.findings.is_empty() {
                Vec::new()
            } else {
                literal_secrets(f.file.servers.iter())
            }
        })
        .collect();
    let leaks = |findings: &[Finding], secrets: &[String]| {
        findings.iter().any(|f| {
            secrets.iter().any(|s| {
                f.message.contains(s.as_str())
                    || f.fix.as_deref().is_some_and(|x| x.contains(s.as_str()))
                    || f.chain.iter().any(|c| c.contains(s.as_str()))
            })
        })
    };
    let dirty = report
        .servers
        .iter()
        .zip(&server_secrets)
        .any(|(s, k)| leaks(&s.findings, k))
        || report
            .files
            .iter()
            .zip(&file_secrets)
            .any(|(f, k)| leaks(&f.findings, k));
    if !dirty {
        return Cow::Borrowed(report);
    }
    let fix = |f: &mut Finding, secrets: &[String]| {
        f.message = scrub(&f.message, secrets);
        f.fix = f.fix.as_deref().map(|x| scrub(x, secrets));
        for c in &mut f.chain {
            *c = scrub(c, secrets);
        }
    };
    let mut out = report.clone();
    for (s, k) in out.servers.iter_mut().zip(&server_secrets) {
        s.findings.iter_mut().for_each(|f| fix(f, k));
    }
    for (file, k) in out.files.iter_mut().zip(&file_secrets) {
        file.findings.iter_mut().for_each(|f| fix(f, k));
    }
    Cow::Owned(out)
}

/// Text from a config file made safe to print on a terminal: control characters and
/// bidirectional overrides are shown as escapes instead of being sent to the terminal.
pub fn clean(s: &str) -> String {
    if !s.chars().any(needs_escape) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

pub fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Byte ranges of a document's text that hold values never to be printed: env and header
/// values (unless a variable reference), secret arguments, URLs with credentials.
pub fn secret_ranges<'a>(servers: impl Iterator<Item = &'a LaunchSpec>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for spec in servers {
        for e in spec.env.iter().chain(&spec.headers) {
            if let Some(v) = &e.value
                && v.span.is_known()
                && vars::redact_value(&v.value) != v.value
            {
                out.push(v.span.start..v.span.end);
            }
        }
        let mut words: Vec<&str> = Vec::new();
        let mut spans = Vec::new();
        if let Some(c) = &spec.command {
            words.push(&c.value);
            spans.push(c.span);
        }
        for a in &spec.args {
            words.push(&a.value);
            spans.push(a.span);
        }
        for i in secrets::secret_args(&words) {
            if spans[i].is_known() {
                out.push(spans[i].start..spans[i].end);
            }
        }
        for l in spec.url.iter().chain(&spec.cwd).chain(&spec.env_file) {
            if l.span.is_known() && secrets::classify(&l.value, None).is_some() {
                out.push(l.span.start..l.span.end);
            }
        }
    }
    out
}

/// Redact one line of a config file for display.
///
/// `line_start` is the byte offset of the line in its document and `known` the secret ranges
/// of that document. Quoted strings and bare words on the line that look like secrets are
/// redacted too. Returns the line to show and a map from each original byte offset in the line
/// to the offset in the shown line, so a caret can still point at the right place.
pub fn redact_line(line: &str, line_start: usize, known: &[Range<usize>]) -> (String, Vec<usize>) {
    let end = line_start + line.len();
    let mut ranges: Vec<Range<usize>> = known
        .iter()
        .filter(|r| r.start < end && r.end > line_start)
        .map(|r| r.start.saturating_sub(line_start)..(r.end - line_start).min(line.len()))
        .collect();
    ranges.extend(lexical_secrets(line));
    ranges.retain(|r| {
        r.start < r.end && line.is_char_boundary(r.start) && line.is_char_boundary(r.end)
    });
    ranges.sort_by_key(|r| (r.start, Reverse(r.end)));
    let mut shown = String::with_capacity(line.len());
    let mut map = vec![0; line.len() + 1];
    let mut pos = 0;
    for r in ranges {
        if r.start < pos {
            continue; // nested in one already redacted
        }
        for (i, slot) in map.iter_mut().enumerate().take(r.start + 1).skip(pos) {
            *slot = shown.len() + (i - pos);
        }
        shown.push_str(&line[pos..r.start]);
        let text = &line[r.clone()];
        let quote = text
            .chars()
            .next()
            .filter(|q| (*q == '"' || *q == '\'') && text.len() >= 2 && text.ends_with(*q));
        let replacement = match quote {
            Some(q) => format!("{q}{}{q}", vars::REDACTED),
            None => vars::REDACTED.to_string(),
        };
        let at = shown.len();
        for slot in map.iter_mut().take(r.end).skip(r.start) {
            *slot = at;
        }
        shown.push_str(&replacement);
        pos = r.end;
        map[pos] = shown.len();
    }
    for (i, slot) in map.iter_mut().enumerate().skip(pos) {
        *slot = shown.len() + (i - pos);
    }
    shown.push_str(&line[pos..]);
    (shown, map)
}

/// Ranges of quoted strings and bare words on a line that look like secrets.
///
/// A value right after `key:` or `key =` is judged under that key's name, and one right after
/// a flag (`"--api-key", "value"`) under the flag's name.
fn lexical_secrets(line: &str) -> Vec<Range<usize>> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    // The last string or word read, and the name the next value is given under.
    let mut last: Option<&str> = None;
    let mut name: Option<&str> = None;
    let mut i = 0;
    let mut value = |start: usize, end: usize, inner: &'_ str, name: Option<&str>| {
        if secrets::classify(inner, name).is_some() {
            out.push(start..end);
        }
    };
    while i < b.len() {
        let c = b[i];
        if c == b'"' || c == b'\'' {
            let start = i;
            let mut j = i + 1;
            while j < b.len() && b[j] != c {
                if b[j] == b'\\' && c == b'"' {
                    j += 1;
                }
                j += 1;
            }
            let close = j.min(b.len());
            let inner = line.get(start + 1..close).unwrap_or("");
            value(start, (close + 1).min(b.len()), inner, name.take());
            last = Some(inner);
            i = close + 1;
        } else if c == b':' || c == b'=' {
            // `"KEY": value`, `KEY = value`, `KEY: value`, `--flag=value`
            name = last.take();
            i += 1;
        } else if c.is_ascii_whitespace() || b",[]{}()".contains(&c) {
            if c != b' ' && c != b'\t' {
                // After `"--token",` the next value is the flag's.
                name = last.take().filter(|l| l.starts_with('-') && c == b',');
            }
            i += 1;
        } else {
            let start = i;
            let ends_word = |i: usize| {
                let c = b[i];
                c.is_ascii_whitespace()
                    || b",[]{}()\"'=".contains(&c)
                    || (c == b':' && b.get(i + 1).is_none_or(|n| *n == b' '))
            };
            while i < b.len() && !ends_word(i) {
                i += 1;
            }
            if i == start {
                i += 1;
                continue;
            }
            let word = &line[start..i];
            value(start, i, word, name.take());
            last = Some(word);
        }
    }
    out
}

/// A path relative to `base` when it is inside it (lexically), else absolute.
pub fn relative_to(path: &Path, base: Option<&Path>) -> (PathBuf, bool) {
    let Some(base) = base else {
        return (path.to_path_buf(), path.is_relative());
    };
    let abs = normalize(&if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    });
    let base = normalize(base);
    match abs.strip_prefix(&base) {
        Ok(rel) if !rel.as_os_str().is_empty() => (rel.to_path_buf(), true),
        _ => (abs, false),
    }
}

/// Remove `.` and resolve `..` lexically.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_escapes_terminal_controls() {
        assert_eq!(clean("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(clean("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(clean("plain\ttext"), "plain\ttext");
    }

    #[test]
    fn lines_redact_quoted_and_bare_secrets() {
        let line = r#"  "GITHUB_TOKEN": "ghp_0123456789abcdefghijklmnopqrstuvwxyz","#;
        let (shown, map) = redact_line(line, 0, &[]);
        assert_eq!(shown, r#"  "GITHUB_TOKEN": "<redacted>","#);
        // The key is untouched, the caret for the value lands on its opening quote.
        assert_eq!(map[2], 2);
        assert_eq!(map[18], 18);
        assert_eq!(map[line.len()], shown.len());

        let (shown, _) = redact_line("token = xoxb-1234567890-abcdefghijkl", 0, &[]);
        assert_eq!(shown, "token = <redacted>");
        let (shown, _) = redact_line(r#"  "command": "npx","#, 0, &[]);
        assert_eq!(shown, r#"  "command": "npx","#);
        // A key after a secret is not judged under the secret's name.
        let line = r#"{ "API_TOKEN": "abcdefghijklmnop1234", "NODE_OPTIONS": "--max-old-space-size=4096" }"#;
        let (shown, _) = redact_line(line, 0, &[]);
        assert_eq!(
            shown,
            r#"{ "API_TOKEN": "<redacted>", "NODE_OPTIONS": "--max-old-space-size=4096" }"#
        );
        // A flag's value in an array, a secret-named YAML value, a token in a URL.
        let (shown, _) = redact_line(r#"args: ["--api-key", "abcdefghijklmnop1234"]"#, 0, &[]);
        assert_eq!(shown, r#"args: ["--api-key", "<redacted>"]"#);
        let (shown, _) = redact_line("    SLACK_TOKEN: plainsecretvalue99", 0, &[]);
        assert_eq!(shown, "    SLACK_TOKEN: <redacted>");
        let (shown, _) = redact_line(r#"url = "https://u:pa55w0rd99@h.example/x""#, 0, &[]);
        assert_eq!(shown, r#"url = "<redacted>""#);
    }

    #[test]
    fn known_ranges_are_redacted_even_when_plain() {
        let text = "x\n  \"LOG\": \"plain-value\"\n";
        let start = 2;
        let line = &text[2..text.len() - 1];
        let v = text.find("\"plain").unwrap();
        let known = v..v + "\"plain-value\"".len();
        let (shown, map) = redact_line(line, start, std::slice::from_ref(&known));
        assert_eq!(shown, "  \"LOG\": \"<redacted>\"");
        assert_eq!(map[line.len()], shown.len());
    }

    proptest::proptest! {
        #[test]
        fn redaction_never_panics_and_keeps_offsets_in_order(
            line in "[ -~\t\u{e9}\u{4e2d}\u{1b}]{0,80}",
            a in 0usize..100,
            b in 0usize..100,
        ) {
            let known = a.min(b)..a.max(b);
            let (shown, map) = redact_line(&line, 3, std::slice::from_ref(&known));
            proptest::prop_assert_eq!(map.len(), line.len() + 1);
            proptest::prop_assert!(map.windows(2).all(|w| w[0] <= w[1]));
            proptest::prop_assert_eq!(map[line.len()], shown.len());
            for (i, m) in map.iter().enumerate() {
                if line.is_char_boundary(i) {
                    proptest::prop_assert!(shown.is_char_boundary(*m));
                }
            }
        }
    }

    #[test]
    fn paths_inside_the_base_become_relative() {
        let base = Path::new("/home/u/repo");
        assert_eq!(
            relative_to(Path::new("/home/u/repo/.mcp.json"), Some(base)),
            (PathBuf::from(".mcp.json"), true)
        );
        assert_eq!(
            relative_to(Path::new("./a/../.vscode/mcp.json"), Some(base)),
            (PathBuf::from(".vscode/mcp.json"), true)
        );
        assert_eq!(
            relative_to(Path::new("/etc/x.json"), Some(base)),
            (PathBuf::from("/etc/x.json"), false)
        );
    }
}
