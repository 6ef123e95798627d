//! Finding a server entry in the document tree, and the fields that make up its command line.

use serde::{Deserialize, Serialize};
use warden_core::doc::{Entry, Node, Value};
use warden_core::spec::LaunchSpec;

/// One step of a path from the document root to an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// The entry node of `spec` and its path from the root.
pub(crate) fn find_entry<'a>(root: &'a Node, spec: &LaunchSpec) -> Option<(Vec<Seg>, &'a Node)> {
    let es = spec.entry_span;
    if es.is_known()
        && let Some(hit) = walk(root, &mut Vec::new(), None, &|n, _| {
            n.span.start == es.start && n.span.end == es.end
        })
    {
        return Some(hit);
    }
    if let Some(cmd) = spec.command.as_ref().filter(|c| c.span.is_known()) {
        let cs = cmd.span;
        let hit = walk(root, &mut Vec::new(), None, &|n, _| {
            Shape::of(n).is_ok_and(|s| s.argv_nodes().first().is_some_and(|c| c.span == cs))
        });
        if hit.is_some() {
            return hit;
        }
    }
    let ns = spec.name_span;
    if ns.is_known() {
        return walk(root, &mut Vec::new(), None, &|n, key| {
            key.is_some_and(|k| k.key_span == ns) || n.get("name").is_some_and(|v| v.span == ns)
        });
    }
    None
}

/// The node at `path`, if it is still there.
pub(crate) fn at_path<'a>(root: &'a Node, path: &[Seg]) -> Option<&'a Node> {
    let mut node = root;
    for seg in path {
        node = match (seg, &node.value) {
            (Seg::Key(k), Value::Object(_)) => node.get(k)?,
            (Seg::Index(i), Value::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

type Hit<'a> = (Vec<Seg>, &'a Node);

fn walk<'a>(
    node: &'a Node,
    path: &mut Vec<Seg>,
    key: Option<&'a Entry>,
    pred: &dyn Fn(&Node, Option<&Entry>) -> bool,
) -> Option<Hit<'a>> {
    match &node.value {
        Value::Object(entries) => {
            if pred(node, key) {
                return Some((path.clone(), node));
            }
            // Last duplicate wins, as in `Node::get`: skip earlier ones.
            for (i, e) in entries.iter().enumerate() {
                if entries[i + 1..].iter().any(|later| later.key == e.key) {
                    continue;
                }
                path.push(Seg::Key(e.key.clone()));
                let hit = walk(&e.value, path, Some(e), pred);
                path.pop();
                if hit.is_some() {
                    return hit;
                }
            }
            None
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                let hit = walk(item, path, None, pred);
                path.pop();
                if hit.is_some() {
                    return hit;
                }
            }
            None
        }
        _ => None,
    }
}

/// The fields of an entry that make up its command line.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Shape<'a> {
    /// `command` (or Goose `cmd`, or Zed's older `command.path`) plus an optional `args` array.
    Split {
        /// The object holding the command key (the entry, or Zed's `command` object).
        container: &'a Node,
        command_key: &'a Entry,
        args: Option<&'a Entry>,
    },
    /// opencode: `command` is one array holding the program and its arguments.
    Array { command: &'a Node },
}

impl<'a> Shape<'a> {
    /// Read the command fields of an entry, or say why they cannot be rewritten.
    pub(crate) fn of(entry: &'a Node) -> Result<Shape<'a>, String> {
        if entry.as_object().is_none() {
            return Err("the entry is not an object".into());
        }
        let (container, command_key) = match entry.entry("command").or_else(|| entry.entry("cmd")) {
            Some(e) => match &e.value.value {
                Value::Object(_) => match e.value.entry("path") {
                    Some(p) => (&e.value, p),
                    None => return Err("`command` is an object without `path`".into()),
                },
                _ => (entry, e),
            },
            None => return Err("the entry has no command".into()),
        };
        match &command_key.value.value {
            Value::String(_) => {}
            Value::Array(items) => {
                if items.is_empty() {
                    return Err("the command array is empty".into());
                }
                if items.first().and_then(Node::as_str).is_none() || !items.iter().all(is_word) {
                    return Err("the command array holds a value that is not a string".into());
                }
                return Ok(Shape::Array {
                    command: &command_key.value,
                });
            }
            _ => return Err(format!("`{}` is not a string", command_key.key)),
        }
        let args = container.entry("args");
        if let Some(a) = args {
            match a.value.as_array() {
                Some(items) if items.iter().all(is_word) => {}
                Some(_) => return Err("`args` holds a value that is not a string".into()),
                None => return Err("`args` is not an array".into()),
            }
        }
        Ok(Shape::Split {
            container,
            command_key,
            args,
        })
    }

    /// The nodes of the command line: program first.
    pub(crate) fn argv_nodes(&self) -> Vec<&'a Node> {
        match self {
            Shape::Split {
                command_key, args, ..
            } => {
                let mut v = vec![&command_key.value];
                if let Some(a) = args
                    && let Some(items) = a.value.as_array()
                {
                    v.extend(items.iter());
                }
                v
            }
            Shape::Array { command } => command
                .as_array()
                .map(|a| a.iter().collect())
                .unwrap_or_default(),
        }
    }

    /// The command line as strings (numbers and booleans as written: YAML readers pass
    /// `- 8080` to the program as the word `8080`).
    pub(crate) fn argv(&self) -> Vec<String> {
        self.argv_nodes()
            .iter()
            .filter_map(|n| n.scalar_text())
            .collect()
    }
}

/// A string, number or boolean: something a client passes as one word.
fn is_word(n: &Node) -> bool {
    matches!(
        n.value,
        Value::String(_) | Value::Number(_) | Value::Bool(_)
    )
}

/// The furthest byte any value or key inside `node` reaches (block YAML and TOML table nodes
/// do not span their contents).
pub(crate) fn extent_end(node: &Node) -> usize {
    let mut end = node.span.end;
    match &node.value {
        Value::Object(entries) => {
            for e in entries {
                end = end.max(e.key_span.end).max(extent_end(&e.value));
            }
        }
        Value::Array(items) => {
            for i in items {
                end = end.max(extent_end(i));
            }
        }
        _ => {}
    }
    end
}
