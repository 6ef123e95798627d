//! Helpers shared by the renderers: deterministic order, redaction, safe text.

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
fn lexical_secrets(line: &str) -> Vec<Range<usize>> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut last_string: Option<String> = None;
    let mut key: Option<String> = None;
    let mut i = 0;
    let mut word_start: Option<usize> = None;
    let flush = |start: Option<usize>, end: usize, key: &Option<String>, out: &mut Vec<_>| {
        if let Some(s) = start {
            let w = &line[s..end];
            if secrets::classify(w, key.as_deref()).is_some() {
                out.push(s..end);
            }
        }
    };
    while i < b.len() {
        let c = b[i];
        if c == b'"' || c == b'\'' {
            flush(word_start.take(), i, &key, &mut out);
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
            if secrets::classify(inner, key.as_deref()).is_some() {
                out.push(start..(close + 1).min(b.len()));
            }
            last_string = Some(inner.to_string());
            i = close + 1;
            continue;
        }
        if c == b':' || c == b'=' {
            flush(word_start.take(), i, &key, &mut out);
            // `"KEY": value`, `KEY = value`, `KEY: value`
            key = last_string.take();
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() || b",[]{}()".contains(&c) {
            if let Some(s) = word_start.take() {
                let w = &line[s..i];
                if secrets::classify(w, key.as_deref()).is_some() {
                    out.push(s..i);
                }
                last_string = Some(w.to_string());
            }
            i += 1;
            continue;
        }
        if word_start.is_none() {
            word_start = Some(i);
        }
        i += 1;
    }
    flush(word_start, b.len(), &key, &mut out);
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
