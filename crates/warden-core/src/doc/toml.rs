//! TOML, through `toml_edit`'s span-keeping document, into the span tree.

use std::ops::Range;

use toml_edit::{Document, Item, Table, Value as TValue};

use super::{Entry, Limits, Node, ParseError, Value};
use crate::span::{LineIndex, Span};

pub(super) fn parse(text: &str, limits: &Limits) -> Result<Node, ParseError> {
    let index = LineIndex::new(text);
    let doc = Document::parse(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|r| index.line_col(text, r.start))
            .unwrap_or((0, 0));
        let first = e.message().lines().next().unwrap_or("invalid TOML").trim();
        ParseError::new(first.to_string(), line, column)
    })?;
    let mut c = Conv {
        text,
        index: &index,
        limits,
        nodes: 0,
    };
    let whole = c.span(Some(0..text.len()));
    c.table(doc.as_table(), whole, 0)
}

struct Conv<'a> {
    text: &'a str,
    index: &'a LineIndex,
    limits: &'a Limits,
    nodes: usize,
}

impl Conv<'_> {
    fn span(&self, r: Option<Range<usize>>) -> Span {
        match r {
            Some(r) => self.index.span(self.text, r.start, r.end),
            None => Span::NONE,
        }
    }

    fn check(&mut self, depth: usize, span: Span) -> Result<(), ParseError> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(ParseError::new(
                "document too large",
                span.line,
                span.column,
            ));
        }
        if depth > self.limits.max_depth {
            return Err(ParseError::new(
                format!("nesting deeper than {} levels", self.limits.max_depth),
                span.line,
                span.column,
            ));
        }
        Ok(())
    }

    fn table(&mut self, t: &Table, fallback: Span, depth: usize) -> Result<Node, ParseError> {
        let mut span = self.span(t.span());
        if !span.is_known() {
            span = fallback;
        }
        self.check(depth, span)?;
        let mut entries = Vec::new();
        for (k, item) in t.iter() {
            let key_span = self.span(t.key(k).and_then(|k| k.span()));
            let value = self.item(item, key_span, depth + 1)?;
            // An implicit table (`[a.b]` makes `a`) has no span of its own: use its first key's.
            let key_span = if key_span.is_known() {
                key_span
            } else {
                value.span
            };
            entries.push(Entry {
                key: k.to_string(),
                key_span,
                value,
            });
        }
        if !span.is_known() {
            span = entries.first().map(|e| e.key_span).unwrap_or(Span::NONE);
        }
        Ok(Node::new(Value::Object(entries), span))
    }

    fn item(&mut self, item: &Item, fallback: Span, depth: usize) -> Result<Node, ParseError> {
        match item {
            Item::None => Ok(Node::new(Value::Null, fallback)),
            Item::Value(v) => self.value(v, depth),
            Item::Table(t) => self.table(t, fallback, depth),
            Item::ArrayOfTables(a) => {
                let span = self.span(a.span());
                self.check(depth, span)?;
                let mut items = Vec::new();
                for t in a.iter() {
                    items.push(self.table(t, span, depth + 1)?);
                }
                let span = if span.is_known() {
                    span
                } else {
                    items.first().map(|n| n.span).unwrap_or(fallback)
                };
                Ok(Node::new(Value::Array(items), span))
            }
        }
    }

    fn value(&mut self, v: &TValue, depth: usize) -> Result<Node, ParseError> {
        let span = self.span(v.span());
        self.check(depth, span)?;
        let value = match v {
            TValue::String(s) => Value::String(s.value().clone()),
            TValue::Integer(i) => Value::Number(i.value().to_string()),
            TValue::Float(f) => Value::Number(f.value().to_string()),
            TValue::Boolean(b) => Value::Bool(*b.value()),
            TValue::Datetime(d) => Value::String(d.value().to_string()),
            TValue::Array(a) => {
                let mut items = Vec::new();
                for x in a.iter() {
                    items.push(self.value(x, depth + 1)?);
                }
                Value::Array(items)
            }
            TValue::InlineTable(t) => {
                let mut entries = Vec::new();
                for (k, x) in t.iter() {
                    let key_span = self.span(t.key(k).and_then(|k| k.span()));
                    let value = self.value(x, depth + 1)?;
                    entries.push(Entry {
                        key: k.to_string(),
                        key_span,
                        value,
                    });
                }
                Value::Object(entries)
            }
        };
        Ok(Node::new(value, span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codex_tables_have_spans() {
        let text = "model = \"o3\"\n\n[mcp_servers.fs]\ncommand = \"npx\"\nargs = [\"-y\", \"pkg\"]\nenv = { TOKEN = \"x\" }\n";
        let root = parse(text, &Limits::default()).expect("valid");
        let fs = root.pointer(&["mcp_servers", "fs"]).expect("fs");
        let cmd = fs.get("command").expect("command");
        assert_eq!(cmd.as_str(), Some("npx"));
        assert_eq!((cmd.span.line, cmd.span.column), (4, 11));
        assert_eq!(fs.span.line, 3);
        let tok = fs.pointer(&["env", "TOKEN"]).expect("token");
        assert_eq!(tok.span.line, 6);
        let servers = root.entry("mcp_servers").expect("implicit table");
        assert!(servers.key_span.is_known());
    }

    #[test]
    fn errors_have_positions() {
        let err = parse("[a]\nb = \n", &Limits::default()).expect_err("invalid");
        assert_eq!(err.line, 2, "{err:?}");
    }
}
