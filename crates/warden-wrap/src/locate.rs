//! Finding a server entry in the document tree, and the fields that make up its command line.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use warden_core::doc::{Entry, Node, Value};
use warden_core::spec::LaunchSpec;

/// One step of a path from the document root to an entry.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// Every object node of a document with its path, looked up by the spans inventory records on
/// a launch spec (built once per file: a config can hold thousands of servers).
pub(crate) struct Index<'a> {
    objects: Vec<(Vec<Seg>, &'a Node)>,
    by_span: HashMap<(usize, usize), usize>,
    by_command: HashMap<(usize, usize), usize>,
    by_name: HashMap<(usize, usize), usize>,
    by_path: HashMap<Vec<Seg>, usize>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(root: &'a Node) -> Index<'a> {
        let mut ix = Index {
            objects: Vec::new(),
            by_span: HashMap::new(),
            by_command: HashMap::new(),
            by_name: HashMap::new(),
            by_path: HashMap::new(),
        };
        ix.visit(root, &mut Vec::new(), None);
        ix
    }

    fn visit(&mut self, node: &'a Node, path: &mut Vec<Seg>, key: Option<&'a Entry>) {
        match &node.value {
            Value::Object(entries) => {
                let i = self.objects.len();
                self.objects.push((path.clone(), node));
                self.by_path.insert(path.clone(), i);
                let sp = |s: warden_core::Span| (s.start, s.end);
                self.by_span.entry(sp(node.span)).or_insert(i);
                if let Some(first) = Shape::of(node)
                    .ok()
                    .and_then(|s| s.argv_nodes().first().copied())
                {
                    self.by_command.entry(sp(first.span)).or_insert(i);
                }
                if let Some(k) = key {
                    self.by_name.entry(sp(k.key_span)).or_insert(i);
                }
                if let Some(n) = node.get("name") {
                    self.by_name.entry(sp(n.span)).or_insert(i);
                }
                // Last duplicate wins, as in `Node::get`: skip earlier ones.
                let mut seen = HashSet::new();
                let live: Vec<&'a Entry> = entries
                    .iter()
                    .rev()
                    .filter(|e| seen.insert(e.key.as_str()))
                    .collect();
                for e in live.into_iter().rev() {
                    path.push(Seg::Key(e.key.clone()));
                    self.visit(&e.value, path, Some(e));
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    self.visit(item, path, None);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    /// The object at `path`, if it is still there.
    pub(crate) fn at(&self, path: &[Seg]) -> Option<&'a Node> {
        self.by_path
            .get(path)
            .and_then(|i| self.objects.get(*i))
            .map(|(_, n)| *n)
    }

    /// The entry node of `spec` and its path from the root: by the span of the whole entry,
    /// else of its command, else of its name.
    pub(crate) fn find(&self, spec: &LaunchSpec) -> Option<(Vec<Seg>, &'a Node)> {
        let key = |s: warden_core::Span| s.is_known().then_some((s.start, s.end));
        let i = key(spec.entry_span)
            .and_then(|k| self.by_span.get(&k))
            .or_else(|| {
                spec.command
                    .as_ref()
                    .and_then(|c| key(c.span))
                    .and_then(|k| self.by_command.get(&k))
            })
            .or_else(|| key(spec.name_span).and_then(|k| self.by_name.get(&k)))?;
        self.objects.get(*i).map(|(p, n)| (p.clone(), *n))
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
