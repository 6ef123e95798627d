//! Rendering strings and array items in a file's own syntax.

use warden_core::doc::Format;

/// Where a YAML scalar goes: a flow collection (`[a, b]`, `{k: v}`) forbids `,[]{}` in plain
/// scalars; block context does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ctx {
    Block,
    Flow,
}

/// A string as a literal of `format`.
pub(crate) fn string(format: Format, s: &str, ctx: Ctx) -> String {
    match format {
        Format::Json | Format::Jsonc => json_string(s),
        Format::Toml => toml_string(s),
        Format::Yaml => {
            if yaml_plain_ok(s, ctx) {
                s.to_string()
            } else {
                // A JSON string is a valid YAML double-quoted scalar.
                json_string(s)
            }
        }
    }
}

pub(crate) fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.escape_default()))
}

/// A TOML basic string.
pub(crate) fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `s` can be written as a plain YAML scalar that reads back as the same string.
fn yaml_plain_ok(s: &str, ctx: Ctx) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) {
        return false;
    }
    // Anything a YAML 1.1 or 1.2 reader might take for a number.
    if s.chars()
        .all(|c| c.is_ascii_digit() || "+-._eExXoObB".contains(c))
        && s.chars().any(|c| c.is_ascii_digit())
    {
        return false;
    }
    if s.starts_with("---") || s == "-" {
        return false;
    }
    let first_ok = first.is_ascii_alphanumeric() || "/._~".contains(first) || first == '-';
    let rest_ok = s.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || "/._~-+=@%".contains(c)
            || (ctx == Ctx::Block && "()".contains(c))
    });
    first_ok && rest_ok
}

/// The source text of an existing scalar, moved into a new place in the same file; re-rendered
/// only where its text would not be valid there (YAML plain scalars entering a flow sequence).
pub(crate) fn moved_scalar(format: Format, text: &str, value: &str, ctx: Ctx) -> String {
    match format {
        Format::Json | Format::Jsonc | Format::Toml => text.to_string(),
        Format::Yaml => {
            let quoted = text.starts_with('"') || text.starts_with('\'');
            let single_line = !text.contains('\n');
            if single_line && quoted {
                return text.to_string();
            }
            let plain_fits = single_line
                && !text.is_empty()
                && !text.starts_with(['|', '>', '&', '*', '!'])
                && (ctx == Ctx::Block || !text.contains([',', '[', ']', '{', '}']));
            if plain_fits && text == value {
                text.to_string()
            } else {
                string(format, value, ctx)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_quotes_what_would_change_meaning() {
        assert_eq!(string(Format::Yaml, "npx", Ctx::Flow), "npx");
        assert_eq!(string(Format::Yaml, "--", Ctx::Flow), "--");
        assert_eq!(string(Format::Yaml, "yes", Ctx::Flow), "\"yes\"");
        assert_eq!(string(Format::Yaml, "1.5", Ctx::Flow), "\"1.5\"");
        assert_eq!(string(Format::Yaml, "a: b", Ctx::Block), "\"a: b\"");
        assert_eq!(string(Format::Yaml, "@scope/x", Ctx::Block), "\"@scope/x\"");
        assert_eq!(string(Format::Yaml, "", Ctx::Block), "\"\"");
    }

    #[test]
    fn toml_escapes_controls() {
        assert_eq!(toml_string("a\"b\\c\u{1}"), "\"a\\\"b\\\\c\\u0001\"");
    }

    #[test]
    fn moved_plain_scalar_with_comma_is_quoted_in_flow() {
        assert_eq!(
            moved_scalar(Format::Yaml, "a,b", "a,b", Ctx::Flow),
            "\"a,b\""
        );
        assert_eq!(moved_scalar(Format::Yaml, "a,b", "a,b", Ctx::Block), "a,b");
        assert_eq!(moved_scalar(Format::Yaml, "'x'", "x", Ctx::Flow), "'x'");
    }
}
