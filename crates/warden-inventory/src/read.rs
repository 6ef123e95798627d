//! Reading server entries out of a document tree.
//!
//! Most clients share one entry shape (`command`, `args`, `env`, `url`, `headers`, …) under
//! different container keys and with a few renamed fields (`cmd`, `envs`, `environment`,
//! `serverUrl`, `httpUrl`, `uri`, `working_directory`). [`read_entry`] reads the union of those
//! fields, so a file written for one client and copied to another is still read completely.
//! A value of the wrong type becomes an [`InputError`] pointing at that value; the rest of the
//! file is still read.

use std::path::Path;

use warden_core::doc::{Document, Node, Value};
use warden_core::report::InputError;
use warden_core::span::Span;
use warden_core::spec::{EnvVar, LaunchSpec, Located, Scope, Setting, SpecOption, Transport};

/// What one file yields while it is read.
pub(crate) struct Cx<'d> {
    pub doc: &'d Document,
    pub client: &'static str,
    /// The scope of the file; entries may override it (Claude Code `projects[*]` are local).
    pub scope: Scope,
    pub servers: Vec<LaunchSpec>,
    pub settings: Vec<Setting>,
    pub errors: Vec<InputError>,
}

impl<'d> Cx<'d> {
    pub fn new(doc: &'d Document, client: &'static str, scope: Scope) -> Self {
        Cx {
            doc,
            client,
            scope,
            servers: Vec::new(),
            settings: Vec::new(),
            errors: Vec::new(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.doc.path
    }

    /// Record a problem at `span`.
    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(InputError {
            path: self.doc.path.clone(),
            line: span.line,
            column: span.column,
            message: message.into(),
            explicit: false,
        });
    }

    /// Record a value of the wrong type.
    pub fn wrong_type(&mut self, what: &str, node: &Node, expected: &str) {
        let msg = format!("`{what}` is {}, expected {expected}", node.type_name());
        self.error(node.span, msg);
    }

    /// An empty spec for an entry of this file.
    pub fn spec(&self, name: &str, name_span: Span, entry: &Node) -> LaunchSpec {
        let mut s = LaunchSpec::new(self.client, self.scope, self.doc.path.clone(), name);
        s.name_span = name_span;
        s.entry_span = entry.span;
        s
    }

    /// Record a file-level setting, if the key is present.
    pub fn setting_at(&mut self, key: &str, node: &Node) {
        self.settings.push(Setting {
            key: key.to_string(),
            value: render(node),
            span: node.span,
        });
    }

    /// Record settings found at `path` (dotted keys are looked up both as one literal key and
    /// as nested objects).
    pub fn settings_from(&mut self, root: &Node, keys: &[&str]) {
        for key in keys {
            if let Some(node) = lookup(root, key) {
                self.setting_at(key, node);
            }
        }
    }
}

/// A key that may be written as one dotted key (`"chat.mcp.autostart": true`) or nested.
pub(crate) fn lookup<'n>(root: &'n Node, dotted: &str) -> Option<&'n Node> {
    if let Some(n) = root.get(dotted) {
        return Some(n);
    }
    let parts: Vec<&str> = dotted.split('.').collect();
    if parts.len() > 1 {
        return root.pointer(&parts);
    }
    None
}

/// A value rendered as text for an option or setting: scalars as written, arrays of scalars
/// joined with `,`, objects as `{key,key}`.
pub(crate) fn render(node: &Node) -> String {
    match &node.value {
        Value::Array(items) => items
            .iter()
            .map(|i| i.scalar_text().unwrap_or_else(|| render(i)))
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(entries) => {
            let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
            format!("{{{}}}", keys.join(","))
        }
        _ => node.scalar_text().unwrap_or_default(),
    }
}

/// Entry fields kept as [`SpecOption`]s, under the key the client uses.
pub(crate) const OPTION_KEYS: &[&str] = &[
    // Trust and approval.
    "trust",
    "autoApprove",
    "alwaysAllow",
    "tools",
    "includeTools",
    "excludeTools",
    "disabledTools",
    "enabled_tools",
    "disabled_tools",
    "available_tools",
    // On/off.
    "enabled",
    "disabled",
    "start_on_launch",
    // Things that run or authenticate besides the server itself.
    "headersHelper",
    "oauth",
    "auth",
    "authProviderType",
    "bearer_token_env_var",
    "env_vars",
    "env_http_headers",
    // Sandboxing and development features (VS Code).
    "sandboxEnabled",
    "sandbox",
    "dev",
    "watchPaths",
    // Timeouts.
    "timeout",
    "startup_timeout_sec",
    "tool_timeout_sec",
    "connectionTimeout",
    // Zed, Goose.
    "source",
    "remote",
    "bundled",
];

/// How a client reads URLs without a `type`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum UrlStyle {
    /// `url` is streamable HTTP unless its path ends in `/sse`.
    #[default]
    Infer,
    /// Gemini CLI: `url` is SSE, `httpUrl` is streamable HTTP.
    Gemini,
}

/// Read one server entry (an object) into a spec.
pub(crate) fn read_entry(
    cx: &mut Cx,
    name: &str,
    name_span: Span,
    node: &Node,
    style: UrlStyle,
) -> Option<LaunchSpec> {
    if node.as_object().is_none() {
        let msg = format!(
            "server entry `{name}` is {}, expected an object",
            node.type_name()
        );
        cx.error(node.span, msg);
        return None;
    }
    let mut spec = cx.spec(name, name_span, node);

    // Command: a string, an array holding the command and its arguments (opencode), or an
    // object `{path, args, env}` (old Zed settings).
    for key in ["command", "cmd"] {
        let Some(c) = node.get(key) else { continue };
        match &c.value {
            Value::String(s) => spec.command = Some(Located::new(s.clone(), c.span)),
            Value::Array(items) => {
                let mut words = strings(cx, key, items);
                if !words.is_empty() {
                    spec.command = Some(words.remove(0));
                    spec.args.extend(words);
                } else {
                    cx.error(c.span, format!("`{key}` is an empty array"));
                }
            }
            Value::Object(_) if key == "command" => {
                if let Some(p) = c.get("path") {
                    match p.as_str() {
                        Some(s) => spec.command = Some(Located::new(s.to_string(), p.span)),
                        None => cx.wrong_type("command.path", p, "a string"),
                    }
                }
                if let Some(a) = c.get("args") {
                    read_args(cx, "command.args", a, &mut spec);
                }
                if let Some(e) = c.get("env") {
                    read_env(cx, "command.env", e, &mut spec.env);
                }
            }
            Value::Null => {}
            _ => cx.wrong_type(key, c, "a string"),
        }
        break;
    }
    if let Some(a) = node.get("args") {
        read_args(cx, "args", a, &mut spec);
    }
    for key in ["env", "envs", "environment"] {
        if let Some(e) = node.get(key) {
            read_env(cx, key, e, &mut spec.env);
        }
    }
    // Goose: names of variables whose values come from the keyring or secrets file.
    if let Some(keys) = node.get("env_keys") {
        match keys.as_array() {
            Some(items) => {
                for k in items {
                    match k.as_str() {
                        Some(n) => spec.env.push(EnvVar {
                            name: n.to_string(),
                            name_span: k.span,
                            value: None,
                        }),
                        None => cx.wrong_type("env_keys[]", k, "a string"),
                    }
                }
            }
            None => cx.wrong_type("env_keys", keys, "an array"),
        }
    }
    for key in ["cwd", "working_directory", "workingDirectory"] {
        if let Some(v) = node.get(key) {
            spec.cwd = optional_string(cx, key, v);
            break;
        }
    }
    for key in ["envFile", "env_file"] {
        if let Some(v) = node.get(key) {
            spec.env_file = optional_string(cx, key, v);
            break;
        }
    }

    // Remote endpoint; which key was used decides the transport when there is no `type`.
    let mut url_transport = None;
    for (key, t) in [
        ("httpUrl", Some(Transport::Http)),
        ("url", None),
        ("serverUrl", None),
        ("uri", None),
    ] {
        let Some(v) = node.get(key) else { continue };
        if let Some(u) = optional_string(cx, key, v) {
            let inferred = t.unwrap_or_else(|| match style {
                UrlStyle::Gemini if key == "url" => Transport::Sse,
                _ => infer_transport(&u.value),
            });
            url_transport = Some(inferred);
            spec.url = Some(u);
            break;
        }
    }
    for key in ["headers", "http_headers", "requestOptions"] {
        let Some(h) = node.get(key) else { continue };
        let h = if key == "requestOptions" {
            match h.get("headers") {
                Some(h) => h,
                None => continue,
            }
        } else {
            h
        };
        read_env(cx, key, h, &mut spec.headers);
    }

    let explicit = ["type", "transportType", "transport"]
        .iter()
        .find_map(|k| node.get(k).map(|n| (*k, n)));
    spec.transport = match explicit {
        Some((_, n)) if n.as_str().is_some() => {
            Transport::from_type(n.as_str().unwrap_or_default())
        }
        Some((k, n)) if !matches!(n.value, Value::Null | Value::Object(_)) => {
            cx.wrong_type(k, n, "a string");
            default_transport(&spec, url_transport)
        }
        _ => default_transport(&spec, url_transport),
    };

    // Whether the client starts it.
    if let Some(d) = node.get("disabled") {
        match d.as_bool() {
            Some(b) => spec.enabled &= !b,
            None => cx.wrong_type("disabled", d, "a boolean"),
        }
    }
    if let Some(e) = node.get("enabled") {
        match e.as_bool() {
            Some(b) => spec.enabled &= b,
            None => cx.wrong_type("enabled", e, "a boolean"),
        }
    }
    read_options(node, &mut spec);
    Some(spec)
}

fn default_transport(spec: &LaunchSpec, from_url: Option<Transport>) -> Transport {
    if spec.command.is_some() {
        Transport::Stdio
    } else {
        from_url.unwrap_or(Transport::Stdio)
    }
}

/// `http` unless the URL's path ends in `/sse` (the common convention of SSE endpoints).
pub(crate) fn infer_transport(url: &str) -> Transport {
    if url.starts_with("ws://") || url.starts_with("wss://") {
        return Transport::Ws;
    }
    let path = url.split(['?', '#']).next().unwrap_or(url);
    if path.trim_end_matches('/').ends_with("/sse") {
        Transport::Sse
    } else {
        Transport::Http
    }
}

/// Copy the known option fields of `node` into `spec.options`.
pub(crate) fn read_options(node: &Node, spec: &mut LaunchSpec) {
    for key in OPTION_KEYS {
        if let Some(v) = node.get(key) {
            spec.options.push(SpecOption {
                key: (*key).to_string(),
                value: render(v),
                span: v.span,
            });
        }
    }
}

/// Add an option computed by inventory (not a field of the entry).
pub(crate) fn push_option(spec: &mut LaunchSpec, key: &str, value: impl Into<String>, span: Span) {
    spec.options.push(SpecOption {
        key: key.to_string(),
        value: value.into(),
        span,
    });
}

/// A string value, or `null` (absent).
pub(crate) fn optional_string(cx: &mut Cx, key: &str, v: &Node) -> Option<Located<String>> {
    match &v.value {
        Value::String(s) => Some(Located::new(s.clone(), v.span)),
        Value::Null => None,
        _ => {
            cx.wrong_type(key, v, "a string");
            None
        }
    }
}

/// Scalars of an array as text; anything else is an error at that element.
fn strings(cx: &mut Cx, key: &str, items: &[Node]) -> Vec<Located<String>> {
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match &item.value {
            Value::Array(_) | Value::Object(_) => {
                let msg = format!("`{key}[{i}]` is {}, expected a string", item.type_name());
                cx.error(item.span, msg);
            }
            _ => {
                if let Some(t) = item.scalar_text() {
                    out.push(Located::new(t, item.span));
                }
            }
        }
    }
    out
}

pub(crate) fn read_args(cx: &mut Cx, key: &str, a: &Node, spec: &mut LaunchSpec) {
    match &a.value {
        Value::Array(items) => {
            let words = strings(cx, key, items);
            spec.args.extend(words);
        }
        Value::Null => {}
        _ => cx.wrong_type(key, a, "an array of strings"),
    }
}

/// An object of names to scalar values (env, headers).
pub(crate) fn read_env(cx: &mut Cx, key: &str, e: &Node, out: &mut Vec<EnvVar>) {
    match &e.value {
        Value::Object(entries) => {
            for entry in entries {
                let value = match &entry.value.value {
                    Value::Array(_) | Value::Object(_) => {
                        let msg = format!(
                            "`{key}.{}` is {}, expected a string",
                            entry.key,
                            entry.value.type_name()
                        );
                        cx.error(entry.value.span, msg);
                        continue;
                    }
                    Value::Null => Located::new(String::new(), entry.value.span),
                    _ => Located::new(
                        entry.value.scalar_text().unwrap_or_default(),
                        entry.value.span,
                    ),
                };
                // A later duplicate replaces an earlier one, as the client would read it.
                out.retain(|v| v.name != entry.key);
                out.push(EnvVar {
                    name: entry.key.clone(),
                    name_span: entry.key_span,
                    value: Some(value),
                });
            }
        }
        Value::Null => {}
        _ => cx.wrong_type(key, e, "an object"),
    }
}

/// Whether an object looks like one server entry.
pub(crate) fn looks_like_entry(node: &Node) -> bool {
    ["command", "cmd", "url", "serverUrl", "httpUrl", "uri"]
        .iter()
        .any(|k| node.get(k).is_some())
}

/// Read a map `{name: entry}` (the `mcpServers` shape) and add its specs to `cx`.
pub(crate) fn read_map(cx: &mut Cx, key: &str, map: &Node, style: UrlStyle) -> usize {
    let Some(entries) = map.as_object() else {
        if !matches!(map.value, Value::Null) {
            cx.wrong_type(key, map, "an object of servers");
        }
        return 0;
    };
    // With duplicate names the last one wins, as clients read them.
    let last: std::collections::HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key.as_str(), i))
        .collect();
    let mut n = 0;
    for (i, e) in entries.iter().enumerate() {
        if last.get(e.key.as_str()) != Some(&i) {
            continue;
        }
        if let Some(spec) = read_entry(cx, &e.key, e.key_span, &e.value, style) {
            cx.servers.push(spec);
            n += 1;
        }
    }
    n
}

/// Read the `mcpServers` map of `root`, if present. Returns whether the key was there.
pub(crate) fn read_mcp_servers(cx: &mut Cx, root: &Node, style: UrlStyle) -> bool {
    match root.get("mcpServers") {
        // A list of named entries (Continue's shape, also written by hand for other clients).
        Some(list) if list.as_array().is_some() => {
            crate::clients::read_list(cx, "mcpServers", list);
            true
        }
        Some(map) => {
            read_map(cx, "mcpServers", map, style);
            true
        }
        None => false,
    }
}

/// Read a file that holds servers under `mcpServers`, or failing that a bare map of entries
/// (Warp paste, plugin `.mcp.json`, `.agents/mcp.json`).
pub(crate) fn read_mcp_servers_or_bare(cx: &mut Cx, root: &Node, style: UrlStyle) {
    if read_mcp_servers(cx, root, style) {
        return;
    }
    if is_bare_map(root) {
        read_map(cx, "servers", root, style);
    }
}

/// An object whose values are all objects, at least one of which looks like a server entry.
pub(crate) fn is_bare_map(root: &Node) -> bool {
    match root.as_object() {
        Some(entries) if !entries.is_empty() => {
            entries.iter().all(|e| e.value.as_object().is_some())
                && entries.iter().any(|e| looks_like_entry(&e.value))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_is_inferred_from_url_path() {
        assert_eq!(infer_transport("https://x.example/sse"), Transport::Sse);
        assert_eq!(
            infer_transport("https://x.example/sse/?k=1"),
            Transport::Sse
        );
        assert_eq!(infer_transport("https://x.example/mcp"), Transport::Http);
        assert_eq!(infer_transport("wss://x.example/mcp"), Transport::Ws);
    }
}
