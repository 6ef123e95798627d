//! Byte-range edits of a config text, in its own syntax.
//!
//! Wrapping changes as little as possible: the command value is replaced by the path of
//! mcp-warden, and `run [flags] -- <original command>` is inserted at the front of the argument
//! array (or an `args` key is added after the command when there is none). The original
//! arguments, their layout and any comments between them stay where they were.

use warden_core::doc::{Format, Node};

use crate::locate::Shape;
use crate::render::{self, Ctx};

/// Replace `start..end` of the text with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Splice {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Apply non-overlapping splices (in any order) to `text`.
pub(crate) fn apply(text: &str, splices: &[Splice]) -> Result<String, String> {
    let mut sorted: Vec<&Splice> = splices.iter().collect();
    sorted.sort_by_key(|s| (s.start, s.end));
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for s in sorted {
        if s.start < at || s.end < s.start || s.end > text.len() {
            return Err(format!(
                "overlapping or out-of-range edit at byte {}",
                s.start
            ));
        }
        out.push_str(
            text.get(at..s.start)
                .ok_or_else(|| format!("edit at byte {} splits a character", s.start))?,
        );
        out.push_str(&s.text);
        at = s.end;
    }
    out.push_str(
        text.get(at..)
            .ok_or_else(|| format!("edit at byte {at} splits a character"))?,
    );
    Ok(out)
}

fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or("")
}

/// The line ending used around `pos`: that of the next line break, else of the previous one.
/// (Looking at the whole text for every entry would make large files slow.)
pub(crate) fn newline(text: &str, pos: usize) -> &'static str {
    let b = text.as_bytes();
    let pos = pos.min(b.len());
    let at = b[pos..]
        .iter()
        .position(|c| *c == b'\n')
        .map(|i| pos + i)
        .or_else(|| b[..pos].iter().rposition(|c| *c == b'\n'));
    match at {
        Some(i) if i > 0 && b[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map(|i| i + 1).unwrap_or(0)
}

/// The end of the line holding `pos` (before its `\r\n` or `\n`).
fn line_end(text: &str, pos: usize) -> usize {
    let end = text[pos..]
        .find('\n')
        .map(|i| pos + i)
        .unwrap_or(text.len());
    if end > pos && text.as_bytes().get(end - 1) == Some(&b'\r') {
        end - 1
    } else {
        end
    }
}

/// The leading whitespace of the line holding `pos`, as spaces and tabs only (any other
/// character before `pos` on that line, such as a YAML `- `, becomes a space).
fn indent_to(text: &str, pos: usize) -> String {
    slice(text, line_start(text, pos), pos)
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect()
}

fn leading_ws(text: &str, pos: usize) -> String {
    slice(text, line_start(text, pos), pos)
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// Whether an array node is written as a YAML block sequence (`- a` lines).
fn is_block_seq(format: Format, text: &str, arr: &Node) -> bool {
    format == Format::Yaml && !slice(text, arr.span.start, arr.span.end).starts_with('[')
}

/// The position of the `-` that introduces the block sequence item starting at `pos`.
fn dash_before(text: &str, pos: usize) -> usize {
    let before = &text.as_bytes()[..pos];
    let mut i = pos;
    while i > 0 && matches!(before[i - 1], b' ' | b'\t') {
        i -= 1;
    }
    if i > 0 && before[i - 1] == b'-' {
        i - 1
    } else {
        pos
    }
}

/// Items to put in front of an array: where, and with what text.
fn prepend_to_array(format: Format, text: &str, arr: &Node, items: &[String]) -> Splice {
    let nl = newline(text, arr.span.start);
    let elems = arr.as_array().unwrap_or(&[]);
    if is_block_seq(format, text, arr) {
        // `- a\n<indent>- b`: insert whole items before the first `-` (the sequence's own span
        // may start at its first value when the sequence is not indented under its key).
        let pos = elems
            .first()
            .map(|f| dash_before(text, f.span.start))
            .unwrap_or(arr.span.start);
        let indent = indent_to(text, pos);
        let mut t = String::new();
        for item in items {
            t.push_str("- ");
            t.push_str(item);
            t.push_str(nl);
            t.push_str(&indent);
        }
        return Splice {
            start: pos,
            end: pos,
            text: t,
        };
    }
    let open = arr.span.start + 1;
    match elems.first() {
        None => {
            let inner = slice(text, open, arr.span.end.saturating_sub(1));
            if inner.contains('\n') {
                let close = arr.span.end.saturating_sub(1);
                let indent = format!("{}  ", leading_ws(text, close));
                let joined: Vec<String> =
                    items.iter().map(|i| format!("{nl}{indent}{i}")).collect();
                Splice {
                    start: open,
                    end: open,
                    text: joined.join(","),
                }
            } else {
                Splice {
                    start: open,
                    end: open,
                    text: items.join(", "),
                }
            }
        }
        Some(first) => {
            let before_first = slice(text, open, first.span.start);
            if before_first.contains('\n') {
                // One item per line: a new line per item, with the first item's indentation.
                let indent = leading_ws(text, first.span.start);
                let mut t = String::new();
                for i in items {
                    t.push_str(nl);
                    t.push_str(&indent);
                    t.push_str(i);
                    t.push(',');
                }
                Splice {
                    start: open,
                    end: open,
                    text: t,
                }
            } else {
                let sep = match elems.get(1) {
                    Some(second) if slice(text, first.span.end, second.span.start) == "," => ",",
                    _ => ", ",
                };
                let mut t = String::new();
                for i in items {
                    t.push_str(i);
                    t.push_str(sep);
                }
                Splice {
                    start: first.span.start,
                    end: first.span.start,
                    text: t,
                }
            }
        }
    }
}

/// A new array value written on one line.
fn inline_array(format: Format, items: &[String]) -> String {
    let _ = format;
    format!("[{}]", items.join(", "))
}

/// Whether an object node is written inline (`{ ... }` in TOML or YAML flow style).
fn is_inline_object(format: Format, text: &str, obj: &Node) -> bool {
    match format {
        Format::Json | Format::Jsonc => true,
        Format::Toml | Format::Yaml => slice(text, obj.span.start, obj.span.end).starts_with('{'),
    }
}

/// How new scalars are written: YAML follows the quoting of its neighbours (`"x"` among
/// double-quoted items); other formats have one string syntax.
fn scalar(format: Format, s: &str, ctx: Ctx, quoted: bool) -> String {
    if format == Format::Yaml && quoted {
        render::json_string(s)
    } else {
        render::string(format, s, ctx)
    }
}

fn first_quoted(text: &str, arr: &Node) -> bool {
    arr.as_array()
        .and_then(|a| a.first())
        .is_some_and(|f| slice(text, f.span.start, f.span.end).starts_with('"'))
}

/// `run`, the flags and `--`, as array items.
fn run_items(format: Format, flags: &[String], ctx: Ctx, quoted: bool) -> Vec<String> {
    let mut items = vec![scalar(format, "run", ctx, quoted)];
    items.extend(flags.iter().map(|f| scalar(format, f, ctx, quoted)));
    items.push(scalar(format, "--", ctx, quoted));
    items
}

/// The edits that make an entry start as `warden run [flags] -- <original command line>`.
pub(crate) fn wrap_splices(
    format: Format,
    text: &str,
    shape: &Shape<'_>,
    warden: &str,
    flags: &[String],
) -> Result<Vec<Splice>, String> {
    match *shape {
        Shape::Array { command } => {
            let ctx = array_ctx(format, text, command);
            let q = first_quoted(text, command);
            let mut items = vec![scalar(format, warden, ctx, q)];
            items.extend(run_items(format, flags, ctx, q));
            Ok(vec![prepend_to_array(format, text, command, &items)])
        }
        Shape::Split {
            container,
            command_key,
            args,
        } => {
            let cmd = &command_key.value;
            let cmd_text = slice(text, cmd.span.start, cmd.span.end);
            if format == Format::Yaml
                && (cmd_text.contains('\n') || cmd_text.starts_with(['|', '>']))
            {
                return Err("the command is a multi-line YAML scalar".into());
            }
            let orig = cmd.as_str().unwrap_or_default();
            let value_ctx = if format == Format::Yaml && is_inline_object(format, text, container) {
                Ctx::Flow
            } else {
                Ctx::Block
            };
            let cmd_quoted = cmd_text.starts_with('"');
            let mut out = vec![Splice {
                start: cmd.span.start,
                end: cmd.span.end,
                text: scalar(format, warden, value_ctx, cmd_quoted),
            }];
            match args {
                Some(a) => {
                    let ctx = array_ctx(format, text, &a.value);
                    let q = if a.value.as_array().is_some_and(|x| !x.is_empty()) {
                        first_quoted(text, &a.value)
                    } else {
                        cmd_quoted
                    };
                    let mut items = run_items(format, flags, ctx, q);
                    items.push(render::moved_scalar(format, cmd_text, orig, ctx));
                    out.push(prepend_to_array(format, text, &a.value, &items));
                }
                None => {
                    let ctx = if format == Format::Yaml {
                        Ctx::Flow
                    } else {
                        Ctx::Block
                    };
                    let mut items = run_items(format, flags, ctx, cmd_quoted);
                    items.push(render::moved_scalar(format, cmd_text, orig, ctx));
                    out.push(insert_args_key(
                        format,
                        text,
                        container,
                        command_key,
                        &items,
                    ));
                }
            }
            Ok(out)
        }
    }
}

fn array_ctx(format: Format, text: &str, arr: &Node) -> Ctx {
    if is_block_seq(format, text, arr) {
        Ctx::Block
    } else {
        Ctx::Flow
    }
}

/// Add `args = [...]` after the command key, in the style of the command key.
fn insert_args_key(
    format: Format,
    text: &str,
    container: &Node,
    command_key: &warden_core::doc::Entry,
    items: &[String],
) -> Splice {
    let cmd = &command_key.value;
    let nl = newline(text, cmd.span.start);
    let array = inline_array(format, items);
    let raw_sep = slice(text, command_key.key_span.end, cmd.span.start);
    match format {
        Format::Json | Format::Jsonc => {
            let sep = if raw_sep.contains(['\n', '/']) {
                ": "
            } else {
                raw_sep
            };
            let multiline =
                slice(text, container.span.start, command_key.key_span.start).contains('\n');
            let text_ins = if multiline {
                let indent = leading_ws(text, command_key.key_span.start);
                format!(",{nl}{indent}\"args\"{sep}{array}")
            } else {
                format!(", \"args\"{sep}{array}")
            };
            Splice {
                start: cmd.span.end,
                end: cmd.span.end,
                text: text_ins,
            }
        }
        Format::Toml => {
            let sep = if raw_sep.contains('\n') {
                " = "
            } else {
                raw_sep
            };
            if is_inline_object(format, text, container) {
                Splice {
                    start: cmd.span.end,
                    end: cmd.span.end,
                    text: format!(", args{sep}{array}"),
                }
            } else {
                // On its own line, with the same dotted prefix and indentation as `command`.
                let ls = line_start(text, command_key.key_span.start);
                let prefix = slice(text, ls, command_key.key_span.start);
                let at = line_end(text, cmd.span.end);
                Splice {
                    start: at,
                    end: at,
                    text: format!("{nl}{prefix}args{sep}{array}"),
                }
            }
        }
        Format::Yaml => {
            if is_inline_object(format, text, container) {
                Splice {
                    start: cmd.span.end,
                    end: cmd.span.end,
                    text: format!(", args: {array}"),
                }
            } else {
                let indent = indent_to(text, command_key.key_span.start);
                let at = line_end(text, cmd.span.end);
                Splice {
                    start: at,
                    end: at,
                    text: format!("{nl}{indent}args: {array}"),
                }
            }
        }
    }
}

/// The edits that take the wrapper off an entry, from its command line alone: the original
/// program goes back into the command value (its text as written in the array) and the items
/// in front of the original arguments are removed.
pub(crate) fn strip_splices(
    format: Format,
    text: &str,
    shape: &Shape<'_>,
    inner_at: usize,
) -> Result<Vec<Splice>, String> {
    let nodes = shape.argv_nodes();
    let first_orig = *nodes
        .get(inner_at)
        .ok_or("no original command after `--`")?;
    match *shape {
        Shape::Array { command } => {
            let elems = command.as_array().unwrap_or(&[]);
            let first = elems.first().ok_or("empty command array")?;
            Ok(vec![Splice {
                start: first.span.start,
                end: first_orig.span.start,
                text: String::new(),
            }])
        }
        Shape::Split {
            container,
            command_key,
            args,
        } => {
            let args = args.ok_or("no args")?;
            let elems = args.value.as_array().unwrap_or(&[]);
            let value_ctx = if format == Format::Yaml && is_inline_object(format, text, container) {
                Ctx::Flow
            } else {
                Ctx::Block
            };
            let orig_text = slice(text, first_orig.span.start, first_orig.span.end);
            let orig_value = first_orig.scalar_text().unwrap_or_default();
            let orig_value = orig_value.as_str();
            let mut out = vec![Splice {
                start: command_key.value.span.start,
                end: command_key.value.span.end,
                text: render::moved_scalar(format, orig_text, orig_value, value_ctx),
            }];
            // `inner_at` counts the command value; args index = inner_at - 1.
            let orig_in_args = inner_at - 1;
            let first = elems.first().ok_or("empty args")?;
            match elems.get(orig_in_args + 1) {
                Some(next) => out.push(Splice {
                    start: first.span.start,
                    end: next.span.start,
                    text: String::new(),
                }),
                None => {
                    let last = elems.last().unwrap_or(first);
                    if is_block_seq(format, text, &args.value) {
                        out.push(Splice {
                            start: dash_before(text, first.span.start),
                            end: last.span.end,
                            text: "[]".into(),
                        });
                    } else {
                        out.push(Splice {
                            start: args.value.span.start,
                            end: args.value.span.end,
                            text: "[]".into(),
                        });
                    }
                }
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_rejects_overlap_and_keeps_order() {
        let t = "abcdef";
        let s = |a, b, x: &str| Splice {
            start: a,
            end: b,
            text: x.into(),
        };
        assert_eq!(
            apply(t, &[s(4, 5, "E"), s(0, 1, "A")]).expect("ok"),
            "AbcdEf"
        );
        assert!(apply(t, &[s(0, 3, ""), s(2, 4, "")]).is_err());
        assert!(apply(t, &[s(0, 9, "")]).is_err());
    }
}
