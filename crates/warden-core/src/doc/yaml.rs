//! YAML, from the events of `saphyr-parser` (pure Rust), into the span tree.
//!
//! Aliases are expanded with a budget ([`Limits::max_aliases`] uses and [`Limits::max_nodes`]
//! nodes in all), which defeats "billion laughs" documents. `<<` merge keys are applied.
//! Only the first document of a stream is read.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use super::{Entry, Limits, Node, ParseError, Value};
use crate::span::{LineIndex, Span};

pub(super) fn parse(text: &str, limits: &Limits) -> Result<Node, ParseError> {
    let index = LineIndex::new(text);
    let mut b = Builder {
        text,
        index,
        limits,
        anchors: HashMap::new(),
        nodes: 0,
        aliases: 0,
        stack: Vec::new(),
        root: None,
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(ev) = parser.next_event() {
        let (event, span) = ev.map_err(|e| scan_error(&e))?;
        let span = b.span(&span);
        match event {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => {}
            Event::DocumentEnd | Event::StreamEnd => {
                if b.root.is_some() || matches!(event, Event::StreamEnd) {
                    break;
                }
            }
            Event::Scalar(value, style, anchor, _tag) => {
                let node = Node::new(scalar(&value, style), span);
                b.count(1, &span)?;
                b.push(node, anchor)?;
            }
            Event::Alias(id) => {
                b.aliases += 1;
                if b.aliases > b.limits.max_aliases {
                    return Err(b.error(
                        &span,
                        format!("more than {} alias uses", b.limits.max_aliases),
                    ));
                }
                let (node, size) = b
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| b.error(&span, "alias to an unknown anchor"))?;
                b.count(size, &span)?;
                let mut node = node;
                node.span = span;
                b.push(node, 0)?;
            }
            Event::SequenceStart(anchor, _) => {
                b.open(Frame::Seq(Vec::new()), span, anchor)?;
            }
            Event::MappingStart(anchor, _) => {
                b.open(Frame::Map(Vec::new(), None), span, anchor)?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (frame, start, anchor, first_node) = b
                    .stack
                    .pop()
                    .ok_or_else(|| b.error(&span, "unbalanced collection end"))?;
                let full = Span {
                    end: span.end.max(start.start),
                    ..start
                };
                let value = match frame {
                    Frame::Seq(items) => Value::Array(items),
                    Frame::Map(entries, _) => Value::Object(entries),
                };
                let node = Node::new(value, full);
                let size = b.nodes - first_node + 1;
                b.push_sized(node, anchor, size)?;
            }
        }
    }
    Ok(b.root.unwrap_or_else(|| Node::new(Value::Null, Span::NONE)))
}

fn scan_error(e: &ScanError) -> ParseError {
    let m = e.marker();
    ParseError::new(e.info().to_string(), m.line() as u32, m.col() as u32 + 1)
}

fn scalar(text: &str, style: ScalarStyle) -> Value {
    if style != ScalarStyle::Plain {
        return Value::String(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if looks_numeric(text) => Value::Number(text.to_string()),
        _ => Value::String(text.to_string()),
    }
}

fn looks_numeric(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    !t.is_empty()
        && t.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+' | b'_'))
        && s.parse::<f64>().is_ok()
}

enum Frame {
    Seq(Vec<Node>),
    /// Entries, and a key waiting for its value.
    Map(Vec<Entry>, Option<(String, Span)>),
}

struct Builder<'a> {
    text: &'a str,
    index: LineIndex,
    limits: &'a Limits,
    /// anchor id -> (node, number of nodes in it)
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    aliases: usize,
    /// open collections: frame, span of the start, anchor id, node count at the start
    stack: Vec<(Frame, Span, usize, usize)>,
    root: Option<Node>,
}

impl Builder<'_> {
    fn span(&self, s: &saphyr_parser::Span) -> Span {
        let start = self.byte_offset(s.start.line(), s.start.col());
        let end = self.byte_offset(s.end.line(), s.end.col()).max(start);
        Span {
            start,
            end,
            line: s.start.line() as u32,
            column: s.start.col() as u32 + 1,
        }
    }

    /// Byte offset of a (1-based line, 0-based character column) position.
    fn byte_offset(&self, line: usize, col: usize) -> usize {
        let Some(start) = self.index.line_start(line as u32) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        rest.char_indices()
            .nth(col)
            .map(|(i, _)| start + i)
            .unwrap_or(self.text.len())
    }

    fn error(&self, span: &Span, msg: impl Into<String>) -> ParseError {
        ParseError::new(msg, span.line, span.column)
    }

    fn count(&mut self, n: usize, span: &Span) -> Result<(), ParseError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            return Err(self.error(
                span,
                format!(
                    "more than {} values: document too large",
                    self.limits.max_nodes
                ),
            ));
        }
        Ok(())
    }

    fn open(&mut self, frame: Frame, span: Span, anchor: usize) -> Result<(), ParseError> {
        if self.stack.len() + 1 > self.limits.max_depth {
            return Err(self.error(
                &span,
                format!("nesting deeper than {} levels", self.limits.max_depth),
            ));
        }
        self.count(1, &span)?;
        let first = self.nodes;
        self.stack.push((frame, span, anchor, first));
        Ok(())
    }

    fn push(&mut self, node: Node, anchor: usize) -> Result<(), ParseError> {
        self.push_sized(node, anchor, 1)
    }

    fn push_sized(&mut self, node: Node, anchor: usize, size: usize) -> Result<(), ParseError> {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some((Frame::Seq(items), ..)) => items.push(node),
            Some((Frame::Map(entries, pending), ..)) => match pending.take() {
                None => {
                    let key = node.scalar_text().unwrap_or_else(|| "<complex key>".into());
                    *pending = Some((key, node.span));
                }
                Some((key, key_span)) => {
                    if key == "<<" {
                        merge(entries, node);
                    } else {
                        entries.push(Entry {
                            key,
                            key_span,
                            value: node,
                        });
                    }
                }
            },
        }
        Ok(())
    }
}

/// Apply a `<<` merge: keys from the merged mapping(s) that the mapping does not set yet.
fn merge(entries: &mut Vec<Entry>, node: Node) {
    let sources: Vec<Node> = match node.value {
        Value::Object(_) => vec![node],
        Value::Array(items) => items,
        _ => return,
    };
    for src in sources {
        if let Value::Object(src_entries) = src.value {
            for e in src_entries {
                if !entries.iter().any(|x| x.key == e.key) {
                    entries.push(e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_types() {
        let text = "mcpServers:\n  - name: fs\n    command: npx\n    args: [\"-y\", 8080]\n";
        let root = parse(text, &Limits::default()).expect("valid");
        let list = root
            .get("mcpServers")
            .and_then(Node::as_array)
            .expect("list");
        let cmd = list[0].get("command").expect("command");
        assert_eq!(cmd.as_str(), Some("npx"));
        assert_eq!((cmd.span.line, cmd.span.column), (3, 14));
        assert_eq!(&text[cmd.span.start..cmd.span.end], "npx");
        let args = list[0].get("args").and_then(Node::as_array).expect("args");
        assert_eq!(args[1].scalar_text().as_deref(), Some("8080"));
    }

    #[test]
    fn aliases_and_merge_keys() {
        let text = "base: &b\n  cmd: uvx\nx:\n  <<: *b\n  args: [a]\n";
        let root = parse(text, &Limits::default()).expect("valid");
        assert_eq!(
            root.pointer(&["x", "cmd"]).and_then(Node::as_str),
            Some("uvx")
        );
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i", "j"];
        let mut prev = "a";
        for n in names {
            text.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n;
        }
        let limits = Limits {
            max_nodes: 100_000,
            ..Limits::default()
        };
        let err = parse(&text, &limits).expect_err("exponential expansion");
        assert!(
            err.message.contains("too large") || err.message.contains("alias"),
            "{}",
            err.message
        );
    }

    #[test]
    fn errors_have_positions() {
        let err = parse("a: [1, 2\nb: 3\n", &Limits::default()).expect_err("unclosed");
        assert!(err.line >= 1, "{err:?}");
    }
}
