//! The human report: grouped by client and file, every finding with a snippet of the config
//! line it is about, in the manner of a compiler diagnostic.
//!
//! Everything taken from a config file is untrusted: control characters are escaped before
//! they reach the terminal, and env values, header values and tokens are redacted, in the
//! snippets too.

use std::collections::BTreeMap;
use std::io;
use std::ops::Range;
use std::path::Path;

use anstyle::{AnsiColor, Effects, Style};
use warden_core::report::{FileResult, Report, ServerResult};
use warden_core::span::LineIndex;
use warden_core::{Document, EnvVar, Finding, LaunchSpec, Severity, Span};

use crate::HumanOptions;
use crate::common::{
    clean, redact_line, redact_word, secret_ranges, sorted_files, sorted_findings, sorted_servers,
};

/// Applies styles only when colour is on.
struct Paint {
    color: bool,
}

impl Paint {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    fn severity(&self, sev: Severity, text: &str) -> String {
        self.paint(severity_style(sev), text)
    }
}

fn fg(c: AnsiColor) -> Style {
    Style::new().fg_color(Some(c.into()))
}

fn severity_style(sev: Severity) -> Style {
    match sev {
        Severity::Critical => fg(AnsiColor::BrightRed).effects(Effects::BOLD),
        Severity::High => fg(AnsiColor::Red).effects(Effects::BOLD),
        Severity::Medium => fg(AnsiColor::Yellow).effects(Effects::BOLD),
        Severity::Low => fg(AnsiColor::Cyan).effects(Effects::BOLD),
        Severity::Info => fg(AnsiColor::Blue).effects(Effects::BOLD),
        Severity::None => fg(AnsiColor::Green),
    }
}

const BOLD: Style = Style::new().effects(Effects::BOLD);
const GUTTER: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::BrightBlue)))
    .effects(Effects::BOLD);
const DIM: Style = Style::new().effects(Effects::DIMMED);

/// One config file's text, with the byte ranges never to be printed.
struct Source<'a> {
    doc: &'a Document,
    secrets: Vec<Range<usize>>,
}

/// Servers and file-level findings of one (client, file).
#[derive(Default)]
struct Group<'a> {
    file: Option<&'a FileResult>,
    servers: Vec<&'a ServerResult>,
}

pub fn render(report: &Report, out: &mut dyn io::Write, opts: HumanOptions) -> io::Result<()> {
    let p = Paint { color: opts.color };
    let mut groups: BTreeMap<(&str, &Path), Group> = BTreeMap::new();
    for f in sorted_files(report) {
        groups
            .entry((f.file.client.as_str(), f.file.path.as_path()))
            .or_default()
            .file = Some(f);
    }
    for s in sorted_servers(report) {
        groups
            .entry((s.spec.client.as_str(), s.spec.path.as_path()))
            .or_default()
            .servers
            .push(s);
    }
    // The text of every file, with the secret ranges of all the servers read from it.
    let mut specs_by_path: BTreeMap<&Path, Vec<&LaunchSpec>> = BTreeMap::new();
    for s in &report.servers {
        specs_by_path.entry(&s.spec.path).or_default().push(&s.spec);
    }
    let mut sources: BTreeMap<&Path, Source> = BTreeMap::new();
    for f in &report.files {
        if let Some(doc) = &f.file.document {
            let from_report = specs_by_path
                .get(f.file.path.as_path())
                .into_iter()
                .flatten()
                .copied();
            sources.insert(
                f.file.path.as_path(),
                Source {
                    doc,
                    secrets: secret_ranges(f.file.servers.iter().chain(from_report)),
                },
            );
        }
    }

    if groups.is_empty() && report.errors.is_empty() {
        writeln!(out, "No MCP server configurations found.")?;
    }
    for ((client, path), group) in &groups {
        let mut head = format!("{} {}", p.paint(BOLD, &clean(client)), shown_path(path));
        if let Some(f) = group.file {
            let n = f.file.servers.len();
            head.push_str(&p.paint(
                DIM,
                &format!(
                    "  ({} scope, {}, {n} server{})",
                    f.file.scope.as_str(),
                    f.file.format.name(),
                    if n == 1 { "" } else { "s" }
                ),
            ));
        }
        writeln!(out, "{head}")?;
        let source = sources.get(path);
        if let Some(f) = group.file {
            for finding in sorted_findings(&f.findings) {
                writeln!(out)?;
                render_finding(out, &p, finding, path, source)?;
            }
        }
        let mut detailed = group.file.is_some_and(|f| !f.findings.is_empty());
        for s in &group.servers {
            if detailed && s.findings.is_empty() {
                writeln!(out)?;
            }
            render_server(out, &p, s, source)?;
            detailed = !s.findings.is_empty();
        }
        writeln!(out)?;
    }

    if !report.errors.is_empty() {
        let mut errors: Vec<_> = report.errors.iter().collect();
        errors.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        for e in errors {
            let place = if e.line > 0 {
                format!("{}:{}:{}", shown_path(&e.path), e.line, e.column)
            } else {
                shown_path(&e.path)
            };
            writeln!(
                out,
                "{}: {place}: {}",
                p.paint(fg(AnsiColor::Red).effects(Effects::BOLD), "error"),
                clean(&e.message)
            )?;
        }
        writeln!(out)?;
    }
    render_summary(out, &p, report)
}

fn render_server(
    out: &mut dyn io::Write,
    p: &Paint,
    s: &ServerResult,
    source: Option<&Source>,
) -> io::Result<()> {
    let spec = &s.spec;
    let sev = s.severity();
    let mut what = format!(
        "{}, {}",
        clean(spec.transport.as_str()),
        spec.scope.as_str()
    );
    if !spec.enabled {
        what.push_str(", disabled");
    }
    let name = p.paint(BOLD, &clean(&spec.name));
    if s.findings.is_empty() {
        let target = target_text(spec);
        return writeln!(
            out,
            "  {}  {name} ({what})  {}",
            p.severity(Severity::None, "ok"),
            p.paint(DIM, &target)
        );
    }
    writeln!(out)?;
    let n = s.findings.len();
    writeln!(
        out,
        "  {}  {name} ({what}): {n} finding{}",
        p.severity(sev, sev.as_str()),
        if n == 1 { "" } else { "s" }
    )?;
    if let Some(url) = &spec.url {
        writeln!(out, "      url: {}", clean(&redact_word(&url.value)))?;
    }
    if spec.command.is_some() || spec.url.is_none() {
        writeln!(out, "      runs: {}", clean(&spec.command_line()))?;
    }
    if let Some(cwd) = &spec.cwd {
        writeln!(out, "      cwd: {}", clean(&redact_word(&cwd.value)))?;
    }
    if !spec.env.is_empty() {
        writeln!(out, "      env: {}", vars_text(&spec.env))?;
    }
    if !spec.headers.is_empty() {
        writeln!(out, "      headers: {}", vars_text(&spec.headers))?;
    }
    for f in sorted_findings(&s.findings) {
        writeln!(out)?;
        render_finding(out, p, f, &spec.path, source)?;
    }
    Ok(())
}

/// What a server runs, in one line: its command line, or its URL.
fn target_text(spec: &LaunchSpec) -> String {
    match (&spec.command, &spec.url) {
        (None, Some(url)) => clean(&redact_word(&url.value)),
        _ => clean(&spec.command_line()),
    }
}

fn vars_text(vars: &[EnvVar]) -> String {
    vars.iter()
        .map(|e| format!("{}={}", clean(&e.name), clean(&e.display_value())))
        .collect::<Vec<_>>()
        .join(" ")
}

fn shown_path(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        clean(&path.display().to_string())
    }
}

fn render_finding(
    out: &mut dyn io::Write,
    p: &Paint,
    f: &Finding,
    path: &Path,
    source: Option<&Source>,
) -> io::Result<()> {
    const IND: &str = "    ";
    let sev = f.severity;
    writeln!(
        out,
        "{IND}{}{} {}",
        p.severity(sev, &format!("{}[{}]", sev.as_str(), f.rule.id)),
        p.paint(BOLD, &format!(" {}:", f.rule.name)),
        p.paint(BOLD, &clean(f.rule.title)),
    )?;
    let place = if f.span.is_known() {
        format!("{}:{}:{}", shown_path(path), f.span.line, f.span.column)
    } else {
        shown_path(path)
    };
    let snippet = source.and_then(|s| snippet(s, f.span));
    let width = snippet
        .as_ref()
        .map_or(1, |_| f.span.line.to_string().len());
    let pad = " ".repeat(width);
    writeln!(out, "{IND}{pad}{} {place}", p.paint(GUTTER, "-->"))?;
    let bar = p.paint(GUTTER, "|");
    if let Some(sn) = &snippet {
        writeln!(out, "{IND}{pad} {bar}")?;
        writeln!(
            out,
            "{IND}{} {bar} {}",
            p.paint(GUTTER, &f.span.line.to_string()),
            sn.text
        )?;
        let field = if f.field.is_empty() {
            String::new()
        } else {
            format!(" {}", clean(&f.field))
        };
        writeln!(
            out,
            "{IND}{pad} {bar} {}{}{}",
            " ".repeat(sn.caret_at),
            p.severity(sev, &"^".repeat(sn.caret_len.max(1))),
            p.severity(sev, &field),
        )?;
    }
    writeln!(out, "{IND}{pad} {bar}")?;
    let eq = p.paint(GUTTER, "=");
    let cont = format!("{IND}{pad}   ");
    for line in clean_lines(&f.message) {
        writeln!(out, "{IND}{pad} {eq} {line}")?;
    }
    if !f.chain.is_empty() {
        let chain: Vec<String> = f.chain.iter().map(|c| clean(c)).collect();
        writeln!(
            out,
            "{IND}{pad} {eq} {} {}",
            p.paint(BOLD, "via:"),
            chain.join(" -> ")
        )?;
    }
    let mut fix = clean_lines(f.fix_text()).into_iter();
    if let Some(first) = fix.next() {
        writeln!(out, "{IND}{pad} {eq} {} {first}", p.paint(BOLD, "fix:"))?;
        for more in fix {
            writeln!(out, "{cont}     {more}")?;
        }
    }
    Ok(())
}

/// A multi-line text, each line made safe.
fn clean_lines(s: &str) -> Vec<String> {
    s.lines().map(clean).collect()
}

struct Snippet {
    text: String,
    /// Display columns before the caret.
    caret_at: usize,
    caret_len: usize,
}

/// The config line of `span`, redacted and made safe, with where the caret goes.
fn snippet(source: &Source, span: Span) -> Option<Snippet> {
    if !span.is_known() {
        return None;
    }
    let text = source.doc.text.as_str();
    let (line_start, line) = match text.get(..span.start) {
        Some(before) => {
            let ls = before.rfind('\n').map_or(0, |i| i + 1);
            let le = text[span.start..]
                .find('\n')
                .map_or(text.len(), |i| span.start + i);
            (ls, &text[ls..le])
        }
        _ => {
            let line = source.doc.line_text(span.line)?;
            let ls = LineIndex::new(text).line_start(span.line)?;
            (ls, line)
        }
    };
    let line = line.strip_suffix('\r').unwrap_or(line);
    let (shown, map) = redact_line(line, line_start, &source.secrets);
    // Offsets of the span inside the line (on character boundaries, whatever the span says).
    let start_in = floor_boundary(line, span.start.saturating_sub(line_start));
    let end_in = floor_boundary(line, span.end.saturating_sub(line_start)).max(start_in);
    let (ds, de) = (map[start_in], map[end_in].max(map[start_in]));
    let mut de = de;
    if de == ds {
        // A span reaching past this line (a whole entry): underline the rest of the line.
        de = shown.trim_end().len().max(ds);
    }
    let pre = display(&shown[..ds]);
    let mid = display(&shown[ds..de]);
    let post = display(&shown[de..]);
    // Keep long lines (minified files) readable: a window around the caret.
    let pre = keep_tail(&pre, 90, 70);
    let mid = keep_head(&mid, 100, 80);
    let post = keep_head(&post, 60, 40);
    let caret_at = pre.chars().count();
    let caret_len = mid.chars().count();
    Some(Snippet {
        text: format!("{pre}{mid}{post}"),
        caret_at,
        caret_len,
    })
}

/// The largest character boundary of `s` at or below `i`.
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Tabs as four spaces, controls escaped.
fn display(s: &str) -> String {
    clean(&s.replace('\t', "    "))
}

fn keep_tail(s: &str, max: usize, keep: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let tail: String = s.chars().skip(n - keep).collect();
    format!("...{tail}")
}

fn keep_head(s: &str, max: usize, keep: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let head: String = s.chars().take(keep).collect();
    format!("{head}...")
}

fn render_summary(out: &mut dyn io::Write, p: &Paint, report: &Report) -> io::Result<()> {
    let sum = report.summary();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "{}, {}",
        plural(sum.files, "file", "files"),
        plural(sum.servers, "server", "servers")
    );
    if sum.findings == 0 {
        line.push_str(", no findings");
    } else {
        let parts: Vec<String> = sum
            .by_severity
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| p.severity(*s, &format!("{n} {s}")))
            .collect();
        line.push_str(&format!(
            ", {} ({})",
            plural(sum.findings, "finding", "findings"),
            parts.join(", ")
        ));
    }
    if sum.errors > 0 {
        line.push_str(&format!(", {}", plural(sum.errors, "error", "errors")));
    }
    writeln!(out, "{}: {line}", p.paint(BOLD, "summary"))
}
