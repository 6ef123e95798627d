//! The launch spec: what an MCP client will execute for one configured server.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::doc::{Document, Format};
use crate::secrets;
use crate::span::Span;
use crate::vars;

/// A client's stable id in the catalogue (`claude-code`, `vscode`, …); `input` for a spec given
/// on the command line or stdin, `registry` / `mcpb` for registry entries and bundles.
pub type ClientId = String;

/// Where a config sits in the precedence of its client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Machine-wide, set by an administrator (`/etc/claude-code/managed-mcp.json`, …).
    Managed,
    /// The user's own global config.
    User,
    /// Per-project config kept in the user's home (Claude Code `projects[*]`).
    Local,
    /// A file inside a repository (`.mcp.json`, `.vscode/mcp.json`, …): whoever can push to the
    /// repository wrote it.
    Project,
    /// Shipped by a plugin or extension.
    Plugin,
    /// A registry `server.json` or a bundle manifest.
    Registry,
    /// Given directly to `check`.
    Input,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Managed => "managed",
            Scope::User => "user",
            Scope::Local => "local",
            Scope::Project => "project",
            Scope::Plugin => "plugin",
            Scope::Registry => "registry",
            Scope::Input => "input",
        }
    }
}

/// How the client talks to the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Stdio,
    Http,
    Sse,
    Ws,
    /// A `type` this catalogue does not know, as written.
    #[serde(untagged)]
    Other(String),
}

impl Transport {
    pub fn as_str(&self) -> &str {
        match self {
            Transport::Stdio => "stdio",
            Transport::Http => "http",
            Transport::Sse => "sse",
            Transport::Ws => "ws",
            Transport::Other(s) => s,
        }
    }

    /// Map a client's `type` value (`stdio`, `local`, `streamableHttp`, `streamable-http`,
    /// `streamable_http`, `http`, `remote`, `sse`, `ws`) to a transport.
    pub fn from_type(t: &str) -> Transport {
        match t.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "stdio" | "local" | "command" => Transport::Stdio,
            "http" | "streamablehttp" | "remote" | "https" => Transport::Http,
            "sse" => Transport::Sse,
            "ws" | "websocket" => Transport::Ws,
            _ => Transport::Other(t.to_string()),
        }
    }
}

/// A value and where it was read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Located<T> {
    pub fn new(value: T, span: Span) -> Self {
        Located { value, span }
    }

    /// A value that was not read from a file.
    pub fn bare(value: T) -> Self {
        Located {
            value,
            span: Span::NONE,
        }
    }
}

/// One environment variable the client sets for the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvVar {
    pub name: String,
    pub name_span: Span,
    /// `None` when the value is supplied outside the file (Goose `env_keys`, a keyring).
    pub value: Option<Located<String>>,
}

impl EnvVar {
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        EnvVar {
            name: name.into(),
            name_span: Span::NONE,
            value: Some(Located::bare(value.into())),
        }
    }

    /// The value as reports show it: variable references as written, anything else redacted.
    pub fn display_value(&self) -> String {
        match &self.value {
            Some(v) => vars::redact_value(&v.value),
            None => "<from keyring>".to_string(),
        }
    }
}

/// A client setting on one entry that changes how much the client trusts the server
/// (`trust`, `autoApprove`, `alwaysAllow`, …), kept for analysis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpecOption {
    pub key: String,
    /// The value rendered as text (arrays joined with `,`).
    pub value: String,
    pub span: Span,
}

/// Everything a client will use to start one server.
#[derive(Clone, Debug)]
pub struct LaunchSpec {
    pub client: ClientId,
    pub scope: Scope,
    /// The file it was read from (`-` for stdin).
    pub path: PathBuf,
    /// The server's name (its key in the config, or its `name` field).
    pub name: String,
    pub name_span: Span,
    /// The span of the whole entry.
    pub entry_span: Span,
    pub transport: Transport,
    pub command: Option<Located<String>>,
    pub args: Vec<Located<String>>,
    pub env: Vec<EnvVar>,
    pub cwd: Option<Located<String>>,
    /// Remote endpoint, for http/sse/ws entries.
    pub url: Option<Located<String>>,
    /// HTTP headers of remote entries (values may hold tokens; treated like env).
    pub headers: Vec<EnvVar>,
    /// `envFile` / `env_file`, a file of variables the client loads.
    pub env_file: Option<Located<String>>,
    /// Whether the client will start it (`disabled: true`, `enabled: false` make it false).
    pub enabled: bool,
    pub options: Vec<SpecOption>,
}

impl LaunchSpec {
    /// An empty stdio spec for `client`/`scope`/`path`, to be filled in by a client module.
    pub fn new(
        client: impl Into<ClientId>,
        scope: Scope,
        path: impl Into<PathBuf>,
        name: impl Into<String>,
    ) -> Self {
        LaunchSpec {
            client: client.into(),
            scope,
            path: path.into(),
            name: name.into(),
            name_span: Span::NONE,
            entry_span: Span::NONE,
            transport: Transport::Stdio,
            command: None,
            args: Vec::new(),
            env: Vec::new(),
            cwd: None,
            url: None,
            headers: Vec::new(),
            env_file: None,
            enabled: true,
            options: Vec::new(),
        }
    }

    /// A spec from a bare command line, for tests and `check` of a single spec.
    pub fn from_argv(command: &str, args: &[&str]) -> Self {
        let mut s = LaunchSpec::new("input", Scope::Input, "-", "input");
        s.command = Some(Located::bare(command.to_string()));
        s.args = args
            .iter()
            .map(|a| Located::bare((*a).to_string()))
            .collect();
        s
    }

    /// The argument strings.
    pub fn argv(&self) -> Vec<&str> {
        self.args.iter().map(|a| a.value.as_str()).collect()
    }

    /// The line at which this entry is best reported: its name, else its command, else its start.
    pub fn line(&self) -> u32 {
        [self.name_span, self.entry_span]
            .into_iter()
            .chain(self.command.as_ref().map(|c| c.span))
            .find(Span::is_known)
            .map(|s| s.line)
            .unwrap_or(0)
    }

    /// The span of a field path such as `command`, `args[2]`, `env.NAME`, `url`, `cwd`.
    pub fn field_span(&self, field: &str) -> Span {
        let span = if field == "command" {
            self.command.as_ref().map(|c| c.span)
        } else if let Some(i) = field
            .strip_prefix("args[")
            .and_then(|r| r.strip_suffix(']'))
        {
            i.parse::<usize>()
                .ok()
                .and_then(|i| self.args.get(i))
                .map(|a| a.span)
        } else if let Some(name) = field.strip_prefix("env.") {
            self.env
                .iter()
                .find(|e| e.name == name)
                .map(|e| e.value.as_ref().map(|v| v.span).unwrap_or(e.name_span))
        } else if let Some(name) = field.strip_prefix("headers.") {
            self.headers
                .iter()
                .find(|e| e.name == name)
                .map(|e| e.value.as_ref().map(|v| v.span).unwrap_or(e.name_span))
        } else if field == "url" {
            self.url.as_ref().map(|u| u.span)
        } else if field == "cwd" {
            self.cwd.as_ref().map(|u| u.span)
        } else if field == "name" {
            Some(self.name_span)
        } else {
            self.options.iter().find(|o| o.key == field).map(|o| o.span)
        };
        match span {
            Some(s) if s.is_known() => s,
            _ if self.entry_span.is_known() => self.entry_span,
            _ => self.name_span,
        }
    }

    /// The command line as it will run, each word quoted for a POSIX shell where needed, with
    /// secrets in arguments redacted. For display only.
    pub fn command_line(&self) -> String {
        let mut words = Vec::new();
        if let Some(c) = &self.command {
            words.push(c.value.as_str());
        }
        words.extend(self.argv());
        let redacted = secrets::redact_argv(&words);
        redacted
            .iter()
            .map(|w| shell_quote(w))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Quote a word for a POSIX shell, only where needed.
pub fn shell_quote(w: &str) -> String {
    if !w.is_empty()
        && w.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"@%+=:,./-_~{}$".contains(&b))
    {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', r"'\''"))
    }
}

/// One setting of a whole config file that matters to security (`enableAllProjectMcpServers`,
/// `chat.mcp.autostart`, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub span: Span,
}

/// One config file read by inventory: what it is, its servers, its notable settings.
#[derive(Clone, Debug)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub client: ClientId,
    pub scope: Scope,
    pub format: Format,
    pub servers: Vec<LaunchSpec>,
    pub settings: Vec<Setting>,
    /// The parsed document, for snippets in reports and for rewriting.
    pub document: Option<Arc<Document>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_quotes_and_redacts() {
        let s = LaunchSpec::from_argv(
            "sh",
            &[
                "-c",
                "echo hi",
                "--token",
                "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
            ],
        );
        assert_eq!(s.command_line(), "sh -c 'echo hi' --token '<redacted>'");
    }

    #[test]
    fn transport_types_of_every_client() {
        for t in ["stdio", "local"] {
            assert_eq!(Transport::from_type(t), Transport::Stdio);
        }
        for t in [
            "http",
            "streamableHttp",
            "streamable-http",
            "streamable_http",
            "remote",
        ] {
            assert_eq!(Transport::from_type(t), Transport::Http, "{t}");
        }
        assert_eq!(Transport::from_type("sse"), Transport::Sse);
    }
}
