//! JSON and JSONC: a small recursive-descent parser that keeps a span on every key and value.
//!
//! It accepts `//` and `/* */` comments and trailing commas everywhere (and reports that it saw
//! them), rejects everything else that RFC 8259 rejects, and never recurses deeper than
//! [`Limits::max_depth`].

use super::{Entry, Limits, Node, ParseError, Value};
use crate::span::{LineIndex, Span};

pub(super) fn parse(text: &str, limits: &Limits) -> Result<(Node, bool), ParseError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        ascii: text.is_ascii(),
        line: 1,
        line_start: 0,
        last: (0, 1),
        limits,
        nodes: 0,
        relaxed: false,
        items: Vec::new(),
        entries: Vec::new(),
    };
    // A UTF-8 byte order mark is tolerated.
    if text.starts_with('\u{feff}') {
        p.pos = 3;
        p.line_start = 3;
        p.last = (3, 1);
    }
    p.skip_ws()?;
    if p.pos >= p.bytes.len() {
        return Err(p.error_at(p.pos, "empty document: expected a JSON value"));
    }
    let root = p.value(0)?;
    p.skip_ws()?;
    if p.pos < p.bytes.len() {
        return Err(p.error_at(p.pos, "unexpected text after the end of the JSON value"));
    }
    Ok((root, p.relaxed))
}

/// Where a value starts: byte offset, line, column.
#[derive(Clone, Copy)]
struct Mark {
    pos: usize,
    line: u32,
    column: u32,
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Whether the whole text is ASCII (then a column is a byte difference).
    ascii: bool,
    /// The current line (1-based) and the byte offset where it starts. Newlines can only occur
    /// in whitespace and comments, so `skip_ws` keeps these up to date.
    line: u32,
    line_start: usize,
    /// The last (offset, column) computed on the current line, so that columns of non-ASCII
    /// lines are counted incrementally.
    last: (usize, u32),
    limits: &'a Limits,
    nodes: usize,
    relaxed: bool,
    /// Scratch stacks: children are pushed here and moved out in one exact-size allocation
    /// when their array or object closes.
    items: Vec<Node>,
    entries: Vec<Entry>,
}

impl<'a> Parser<'a> {
    fn error_at(&self, pos: usize, msg: impl Into<String>) -> ParseError {
        // The error path is rare: index the lines only now.
        let index = LineIndex::new(self.text);
        let (line, column) = index.line_col(self.text, pos);
        ParseError::new(msg, line, column)
    }

    /// The position of `self.pos`, which never moves backwards between calls on one line.
    fn mark(&mut self) -> Mark {
        let column = if self.ascii {
            (self.pos - self.line_start + 1) as u32
        } else {
            let (from, col) = if self.last.0 >= self.line_start && self.last.0 <= self.pos {
                self.last
            } else {
                (self.line_start, 1)
            };
            let col = col
                + self
                    .text
                    .get(from..self.pos)
                    .map_or(0, |s| s.chars().count()) as u32;
            self.last = (self.pos, col);
            col
        };
        Mark {
            pos: self.pos,
            line: self.line,
            column,
        }
    }

    fn span_from(&self, m: Mark) -> Span {
        Span {
            start: m.pos,
            end: self.pos,
            line: m.line,
            column: m.column,
        }
    }

    fn newline(&mut self) {
        self.line += 1;
        self.line_start = self.pos + 1;
        self.last = (self.line_start, 1);
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) -> Result<(), ParseError> {
        loop {
            while let Some(b' ' | b'\t' | b'\r') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            match self.peek() {
                Some(b'\n') => {
                    self.newline();
                    self.pos += 1;
                }
                Some(b'/') => {
                    let start = self.pos;
                    match self.bytes.get(self.pos + 1) {
                        Some(b'/') => {
                            self.relaxed = true;
                            while let Some(b) = self.peek() {
                                if b == b'\n' {
                                    break;
                                }
                                self.pos += 1;
                            }
                        }
                        Some(b'*') => {
                            self.relaxed = true;
                            self.pos += 2;
                            loop {
                                match self.peek() {
                                    Some(b'\n') => {
                                        self.newline();
                                        self.pos += 1;
                                    }
                                    None => {
                                        return Err(self.error_at(start, "unterminated /* comment"));
                                    }
                                    Some(b'*') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                                        self.pos += 2;
                                        break;
                                    }
                                    Some(_) => self.pos += 1,
                                }
                            }
                        }
                        _ => return Err(self.error_at(start, "unexpected '/'")),
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn count_node(&mut self) -> Result<(), ParseError> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(self.error_at(
                self.pos,
                format!(
                    "more than {} values: document too large",
                    self.limits.max_nodes
                ),
            ));
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<Node, ParseError> {
        self.count_node()?;
        let start = self.pos;
        let m = self.mark();
        match self.peek() {
            Some(b'{') => self.object(depth, m),
            Some(b'[') => self.array(depth, m),
            Some(b'"') => {
                let s = self.string()?;
                Ok(Node::new(Value::String(s), self.span_from(m)))
            }
            Some(b't') => self.literal("true", Value::Bool(true), m),
            Some(b'f') => self.literal("false", Value::Bool(false), m),
            Some(b'n') => self.literal("null", Value::Null, m),
            Some(b'-' | b'0'..=b'9') => self.number(m),
            Some(b'\'') => Err(self.error_at(start, "strings must use double quotes")),
            Some(_) => {
                let c = self.text[start..].chars().next().unwrap_or('?');
                Err(self.error_at(
                    start,
                    format!("unexpected character {c:?}: expected a value"),
                ))
            }
            None => Err(self.error_at(start, "unexpected end of file: expected a value")),
        }
    }

    fn literal(&mut self, word: &str, value: Value, m: Mark) -> Result<Node, ParseError> {
        let start = self.pos;
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(Node::new(value, self.span_from(m)))
        } else {
            Err(self.error_at(start, format!("invalid literal: expected `{word}`")))
        }
    }

    fn number(&mut self, m: Mark) -> Result<Node, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.pos += 1;
                }
            }
            _ => return Err(self.error_at(self.pos, "invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error_at(self.pos, "invalid number: expected a digit after '.'"));
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error_at(self.pos, "invalid number: expected an exponent"));
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        Ok(Node::new(
            Value::Number(self.text[start..self.pos].to_string()),
            self.span_from(m),
        ))
    }

    fn string(&mut self) -> Result<String, ParseError> {
        let start = self.pos;
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            // Copy a run of plain bytes at once.
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[run_start..self.pos]);
            match self.peek() {
                None => return Err(self.error_at(start, "unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let esc = self.pos;
                    self.pos += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape(esc)?;
                            out.push(c);
                            continue;
                        }
                        _ => return Err(self.error_at(esc, "invalid escape sequence in string")),
                    };
                    self.pos += 1;
                    out.push(c);
                }
                Some(_) => {
                    return Err(self.error_at(
                        self.pos,
                        "control character in string (escape it, e.g. \\n)",
                    ));
                }
            }
        }
    }

    fn hex4(&mut self, esc: usize) -> Result<u32, ParseError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error_at(esc, "invalid \\u escape: expected four hex digits"))?;
        let v = u32::from_str_radix(digits, 16)
            .map_err(|_| self.error_at(esc, "invalid \\u escape"))?;
        self.pos += 4;
        Ok(v)
    }

    fn unicode_escape(&mut self, esc: usize) -> Result<char, ParseError> {
        let hi = self.hex4(esc)?;
        if (0xD800..0xDC00).contains(&hi) {
            // A high surrogate must be followed by a low one.
            if self.bytes.get(self.pos) == Some(&b'\\')
                && self.bytes.get(self.pos + 1) == Some(&b'u')
            {
                self.pos += 2;
                let lo = self.hex4(esc)?;
                if (0xDC00..0xE000).contains(&lo) {
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return char::from_u32(c)
                        .ok_or_else(|| self.error_at(esc, "invalid surrogate pair"));
                }
            }
            // A lone surrogate cannot be represented; keep a visible replacement.
            return Ok('\u{fffd}');
        }
        if (0xDC00..0xE000).contains(&hi) {
            return Ok('\u{fffd}');
        }
        char::from_u32(hi).ok_or_else(|| self.error_at(esc, "invalid \\u escape"))
    }

    fn enter(&self, depth: usize) -> Result<usize, ParseError> {
        if depth + 1 > self.limits.max_depth {
            return Err(self.error_at(
                self.pos,
                format!("nesting deeper than {} levels", self.limits.max_depth),
            ));
        }
        Ok(depth + 1)
    }

    fn array(&mut self, depth: usize, m: Mark) -> Result<Node, ParseError> {
        let depth = self.enter(depth)?;
        let start = self.pos;
        self.pos += 1;
        let base = self.items.len();
        loop {
            self.skip_ws()?;
            match self.peek() {
                Some(b']') => {
                    self.pos += 1;
                    let items = self.items.split_off(base);
                    return Ok(Node::new(Value::Array(items), self.span_from(m)));
                }
                None => return Err(self.error_at(start, "unterminated array: missing ']'")),
                _ => {}
            }
            let item = self.value(depth)?;
            self.items.push(item);
            self.skip_ws()?;
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws()?;
                    if self.peek() == Some(b']') {
                        self.relaxed = true;
                    }
                }
                Some(b']') => {}
                None => return Err(self.error_at(start, "unterminated array: missing ']'")),
                Some(_) => return Err(self.error_at(self.pos, "expected ',' or ']' in array")),
            }
        }
    }

    fn object(&mut self, depth: usize, m: Mark) -> Result<Node, ParseError> {
        let depth = self.enter(depth)?;
        let start = self.pos;
        self.pos += 1;
        let base = self.entries.len();
        loop {
            self.skip_ws()?;
            let key_start = self.pos;
            let key_mark = self.mark();
            match self.peek() {
                Some(b'}') => {
                    self.pos += 1;
                    let entries = self.entries.split_off(base);
                    return Ok(Node::new(Value::Object(entries), self.span_from(m)));
                }
                Some(b'"') => {}
                None => return Err(self.error_at(start, "unterminated object: missing '}'")),
                Some(_) => {
                    return Err(
                        self.error_at(key_start, "expected a double-quoted key or '}' in object")
                    );
                }
            }
            let key = self.string()?;
            let key_span = self.span_from(key_mark);
            self.skip_ws()?;
            if self.peek() != Some(b':') {
                return Err(self.error_at(self.pos, format!("expected ':' after key \"{key}\"")));
            }
            self.pos += 1;
            self.skip_ws()?;
            let value = self.value(depth)?;
            self.entries.push(Entry {
                key,
                key_span,
                value,
            });
            self.skip_ws()?;
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws()?;
                    if self.peek() == Some(b'}') {
                        self.relaxed = true;
                    }
                }
                Some(b'}') => {}
                None => return Err(self.error_at(start, "unterminated object: missing '}'")),
                Some(_) => return Err(self.error_at(self.pos, "expected ',' or '}' in object")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<(Node, bool), ParseError> {
        parse(text, &Limits::default())
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "{\n  \"mcpServers\": {\n    \"fs\": {\"command\": \"npx\"}\n  }\n}";
        let (root, relaxed) = p(text).expect("valid");
        assert!(!relaxed);
        let cmd = root
            .pointer(&["mcpServers", "fs", "command"])
            .expect("command");
        assert_eq!(cmd.as_str(), Some("npx"));
        assert_eq!((cmd.span.line, cmd.span.column), (3, 23));
        let fs = root
            .pointer(&["mcpServers"])
            .and_then(|n| n.entry("fs"))
            .expect("fs");
        assert_eq!((fs.key_span.line, fs.key_span.column), (3, 5));
    }

    #[test]
    fn comments_and_trailing_commas_are_relaxed_syntax() {
        let (root, relaxed) = p("// c\n{\"a\": [1, 2,], /* x */ \"b\": true,}").expect("jsonc");
        assert!(relaxed);
        assert_eq!(root.get("b").and_then(Node::as_bool), Some(true));
        assert_eq!(
            root.get("a").and_then(Node::as_array).map(<[Node]>::len),
            Some(2)
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let err = p("{\n  \"a\": 1\n  \"b\": 2\n}").expect_err("missing comma");
        assert_eq!((err.line, err.column), (3, 3));
        assert!(err.message.contains("expected ','"), "{}", err.message);
        let err = p("{\"a\": \"x}").expect_err("unterminated");
        assert_eq!((err.line, err.column), (1, 7));
    }

    #[test]
    fn escapes_are_decoded() {
        let (root, _) = p(r#"{"k": "a\n\u00e9\ud83d\ude00\"\\"}"#).expect("valid");
        assert_eq!(root.get("k").and_then(Node::as_str), Some("a\né😀\"\\"));
    }

    #[test]
    fn duplicate_keys_are_kept_and_last_wins() {
        let (root, _) = p(r#"{"command": "npx", "command": "sh"}"#).expect("valid");
        assert_eq!(root.get("command").and_then(Node::as_str), Some("sh"));
        assert_eq!(root.duplicate_keys().len(), 1);
    }

    #[test]
    fn depth_is_limited() {
        let deep = "[".repeat(200) + &"]".repeat(200);
        let err = p(&deep).expect_err("too deep");
        assert!(err.message.contains("nesting deeper"), "{}", err.message);
    }

    #[test]
    fn rejects_what_json_rejects() {
        for bad in [
            "",
            "{",
            "{'a': 1}",
            "[1 2]",
            "{\"a\" 1}",
            "01x",
            "[1,,2]",
            "tru",
            "\"\t\"",
        ] {
            assert!(p(bad).is_err(), "accepted {bad:?}");
        }
    }
}
