//! Reading a launch spec, or a simple config, from a document — for `check`, rule examples and
//! tests. Full client-by-client discovery and parsing is the inventory's job; this reads the
//! common shapes only:
//!
//! - one launch spec: `{"command": …, "args": […], "env": {…}}` or `{"url": …, "headers": {…}}`
//!   (extra keys such as `trust`, `autoApprove` become [`SpecOption`]s; `"scope": "project"`
//!   sets the scope);
//! - a config with a map of servers under `mcpServers`, `servers`, `context_servers`,
//!   `mcp_servers` or `mcp` (opencode's `command` arrays included), at the top level or one
//!   level down (`projects.*`);
//! - a `settings` object: each key becomes a file [`Setting`];
//! - a registry `server.json` (`name` + `packages`).

use std::path::Path;
use std::sync::Arc;

use warden_core::{
    ConfigFile, Document, EnvVar, Format, LaunchSpec, Limits, Located, Node, ParseError, Scope,
    Setting, SpecOption, Transport, Value,
};

const SERVER_MAPS: &[&str] = &[
    "mcpServers",
    "servers",
    "context_servers",
    "mcp_servers",
    "mcp",
    "extensions",
];
const SPEC_KEYS: &[&str] = &[
    "command",
    "args",
    "env",
    "url",
    "serverUrl",
    "httpUrl",
    "headers",
    "type",
    "transport",
    "cwd",
    "disabled",
    "enabled",
    "scope",
    "envFile",
    "env_file",
    "name",
    "cmd",
    "environment",
];

/// Parse `text` (JSON/JSONC, TOML or YAML by `format`) into a config file.
pub fn parse(
    path: &Path,
    text: &str,
    format: Format,
    client: &str,
    scope: Scope,
) -> Result<ConfigFile, ParseError> {
    let doc = Document::parse(path, text.to_string(), format, &Limits::default())?;
    let mut file = ConfigFile {
        path: path.to_path_buf(),
        client: client.to_string(),
        scope,
        format,
        servers: Vec::new(),
        settings: Vec::new(),
        document: None,
    };
    let root = &doc.root;
    if root.get("packages").is_some() && root.get("name").is_some() {
        file.client = "registry".into();
        file.scope = Scope::Registry;
    } else if root.get("command").is_some() || root.get("url").is_some() {
        let scope = match root.get("scope").and_then(Node::as_str) {
            Some("project") => Scope::Project,
            Some("user") => Scope::User,
            _ => scope,
        };
        file.servers
            .push(spec_from_entry(root, "input", client, scope, path));
    } else {
        collect_servers(root, client, scope, path, &mut file.servers, 0);
    }
    if let Some(settings) = root.get("settings").and_then(Node::as_object) {
        for e in settings {
            file.settings.push(Setting {
                key: e.key.clone(),
                value: text_of(&e.value),
                span: e.value.span,
            });
        }
    }
    for key in [
        "enableAllProjectMcpServers",
        "enabledMcpjsonServers",
        "chat.mcp.autostart",
        "chat.tools.autoApprove",
        "chat.mcp.discovery.enabled",
        "approval_policy",
    ] {
        if let Some(e) = root.entry(key) {
            file.settings.push(Setting {
                key: e.key.clone(),
                value: text_of(&e.value),
                span: e.value.span,
            });
        }
    }
    file.document = Some(Arc::new(doc));
    Ok(file)
}

fn collect_servers(
    node: &Node,
    client: &str,
    scope: Scope,
    path: &Path,
    out: &mut Vec<LaunchSpec>,
    depth: usize,
) {
    let Some(entries) = node.as_object() else {
        return;
    };
    for e in entries {
        if SERVER_MAPS.contains(&e.key.as_str()) {
            if let Some(servers) = e.value.as_object() {
                for s in servers {
                    if s.value.get("command").is_some()
                        || s.value.get("url").is_some()
                        || s.value.get("cmd").is_some()
                        || s.value.get("serverUrl").is_some()
                        || s.value.get("httpUrl").is_some()
                    {
                        let mut spec = spec_from_entry(&s.value, &s.key, client, scope, path);
                        spec.name_span = s.key_span;
                        out.push(spec);
                    }
                }
            } else if let Some(items) = e.value.as_array() {
                // Continue's `mcpServers: [{name, command, …}]`.
                for s in items {
                    if s.get("command").is_some() || s.get("url").is_some() {
                        let name = s
                            .get("name")
                            .and_then(Node::as_str)
                            .unwrap_or("server")
                            .to_string();
                        out.push(spec_from_entry(s, &name, client, scope, path));
                    }
                }
            }
        } else if depth < 3 && matches!(e.value.value, Value::Object(_)) {
            collect_servers(&e.value, client, scope, path, out, depth + 1);
        }
    }
}

fn text_of(n: &Node) -> String {
    match &n.value {
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(","),
        Value::Object(_) => "{…}".into(),
        _ => n.scalar_text().unwrap_or_default(),
    }
}

fn vars(n: &Node) -> Vec<EnvVar> {
    let mut out = Vec::new();
    if let Some(entries) = n.as_object() {
        for e in entries {
            out.push(EnvVar {
                name: e.key.clone(),
                name_span: e.key_span,
                value: e.value.scalar_text().map(|v| Located::new(v, e.value.span)),
            });
        }
    } else if let Some(items) = n.as_array() {
        // `["NAME=value", …]`
        for it in items {
            if let Some(s) = it.as_str() {
                let (k, v) = s.split_once('=').unwrap_or((s, ""));
                out.push(EnvVar {
                    name: k.to_string(),
                    name_span: it.span,
                    value: Some(Located::new(v.to_string(), it.span)),
                });
            }
        }
    }
    out
}

/// One launch spec from an entry object.
pub fn spec_from_entry(
    n: &Node,
    name: &str,
    client: &str,
    scope: Scope,
    path: &Path,
) -> LaunchSpec {
    let mut spec = LaunchSpec::new(client, scope, path, name);
    spec.entry_span = n.span;
    let command = n.get("command").or_else(|| n.get("cmd"));
    match command.map(|c| &c.value) {
        Some(Value::String(s)) => {
            spec.command = Some(Located::new(
                s.clone(),
                command.map(|c| c.span).unwrap_or_default(),
            ))
        }
        Some(Value::Array(items)) => {
            // opencode: `"command": ["npx", "-y", "pkg"]`
            let mut it = items.iter();
            if let Some(first) = it.next() {
                spec.command = Some(Located::new(
                    first.scalar_text().unwrap_or_default(),
                    first.span,
                ));
            }
            for a in it {
                spec.args
                    .push(Located::new(a.scalar_text().unwrap_or_default(), a.span));
            }
        }
        _ => {}
    }
    if let Some(args) = n.get("args").and_then(Node::as_array) {
        for a in args {
            spec.args
                .push(Located::new(a.scalar_text().unwrap_or_default(), a.span));
        }
    }
    if let Some(env) = n.get("env").or_else(|| n.get("environment")) {
        spec.env = vars(env);
    }
    if let Some(h) = n.get("headers") {
        spec.headers = vars(h);
    }
    if let Some(u) = ["url", "serverUrl", "httpUrl"]
        .iter()
        .find_map(|k| n.get(k))
        && let Some(s) = u.as_str()
    {
        spec.url = Some(Located::new(s.to_string(), u.span));
        spec.transport = Transport::Http;
    }
    if let Some(t) = n
        .get("type")
        .or_else(|| n.get("transport"))
        .and_then(Node::as_str)
    {
        spec.transport = Transport::from_type(t);
    }
    if let Some(c) = n.get("cwd").and_then(Node::as_str) {
        spec.cwd = Some(Located::new(
            c.to_string(),
            n.get("cwd").map(|x| x.span).unwrap_or_default(),
        ));
    }
    if n.get("disabled").and_then(Node::as_bool) == Some(true)
        || n.get("enabled").and_then(Node::as_bool) == Some(false)
    {
        spec.enabled = false;
    }
    if let Some(entries) = n.as_object() {
        for e in entries {
            if !SPEC_KEYS.contains(&e.key.as_str()) {
                spec.options.push(SpecOption {
                    key: e.key.clone(),
                    value: text_of(&e.value),
                    span: e.value.span,
                });
            }
        }
    }
    spec
}

/// A file from a rule example or a `check -` input: JSON(C) text.
pub fn from_json(text: &str) -> Result<ConfigFile, ParseError> {
    parse(Path::new("-"), text, Format::Jsonc, "input", Scope::Input)
}
