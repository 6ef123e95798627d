//! MW9xx — provenance and client settings: auto-start and auto-approval of servers, plain
//! HTTP endpoints, duplicate keys, and registry entries (`server.json`, bundles).
//!
//! A risky entry in a project file (`Scope::Project`) is raised one level by the engine; the
//! message says so.

use std::path::Path;

use warden_core::{
    ConfigFile, Finding, LaunchSpec, Located, Node, RuleInfo, Scope, Severity, Span, Value,
};

use super::refs::*;
use crate::engine::{Ctx, Frame, show};

const FAMILY: &str = "config";

pub static AUTO_START: RuleInfo = RuleInfo {
    id: "MW901",
    name: "auto-enable-project-servers",
    family: FAMILY,
    severity: Severity::High,
    title: "The client starts project servers or runs tools without asking",
    what: "Detects client settings that start or approve MCP servers and tool calls without a \
           prompt: `enableAllProjectMcpServers: true`, `enabledMcpjsonServers`, \
           `permissions.defaultMode: bypassPermissions` (Claude Code); `chat.mcp.autostart`, \
           `chat.*autoApprove*`, `chat.mcp.discovery.enabled` (VS Code); \
           `agent.always_allow_tool_actions` (Zed); `tools.autoAccept` (Gemini CLI); \
           `approval_policy = \"never\"`, `sandbox_mode = \"danger-full-access\"` (Codex); \
           `GOOSE_MODE: auto`; `amp.dangerouslyAllowAll`.",
    why: "Whoever can change the repository then runs code on every machine that opens it, \
          without a dialog (CVE-2025-59536, the TrustFall research). In a settings file that is \
          itself inside the repository, the repository approves itself.",
    fix: "Remove the setting and approve project servers one by one, after reading them.",
    bad: &[r#"{"settings":{"enableAllProjectMcpServers":true}}"#],
    good: &[r#"{"settings":{"enableAllProjectMcpServers":false}}"#],
    references: &[CVE_2025_59536],
};

pub static AUTO_APPROVE: RuleInfo = RuleInfo {
    id: "MW902",
    name: "tool-auto-approval",
    family: FAMILY,
    severity: Severity::Medium,
    title: "Tool calls of this server run without confirmation",
    what: "Detects per-server `trust: true` (Gemini CLI: every tool call runs unconfirmed, \
           high), and `autoApprove` / `alwaysAllow` lists (medium; high for `*`).",
    why: "Confirmation is the last check between a prompt injection and a tool that writes \
          files, sends mail or runs commands; auto-approval removes it for this server.",
    fix: "Remove `trust`, and keep auto-approval to read-only tools.",
    bad: &[
        r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/home/user"],"trust":true}"#,
    ],
    good: &[
        r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/home/user"]}"#,
    ],
    references: &[MCP_SECURITY],
};

pub static PLAIN_HTTP: RuleInfo = RuleInfo {
    id: "MW903",
    name: "plaintext-http-endpoint",
    family: FAMILY,
    severity: Severity::High,
    title: "A remote server is reached over plain HTTP",
    what: "Detects `url` values with `http://` or `ws://` to hosts other than localhost, \
           `127.0.0.0/8` and `::1`: high for public hosts, medium for private addresses and \
           single-label names.",
    why: "Anyone on the network path reads the session, its tokens and headers, and can \
          rewrite tool descriptions and results to inject instructions.",
    fix: "Use `https://`.",
    bad: &[r#"{"url":"http://mcp.example.com/mcp"}"#],
    good: &[
        r#"{"url":"https://mcp.example.com/mcp"}"#,
        r#"{"url":"http://localhost:3000/mcp"}"#,
    ],
    references: &[CWE_319],
};

pub static DUPLICATE_KEYS: RuleInfo = RuleInfo {
    id: "MW904",
    name: "duplicate-keys",
    family: FAMILY,
    severity: Severity::High,
    title: "A key appears twice in the same object",
    what: "Detects repeated keys in any object of an MCP config: two `command`s in one entry, \
           two servers with the same name, two values for one env variable.",
    why: "Parsers disagree on which one wins (first, last, error): a reviewer or a scanner may \
          read one value while the client runs the other.",
    fix: "Keep one of them.",
    bad: &[
        r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-memory"],"command":"sh"}"#,
    ],
    good: &[r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-memory"]}"#],
    references: &[CWE_436],
};

pub static BUNDLE_HASH: RuleInfo = RuleInfo {
    id: "MW905",
    name: "bundle-without-hash",
    family: FAMILY,
    severity: Severity::High,
    title: "A registry package is downloaded without an integrity hash",
    what: "Detects `server.json` packages of type `mcpb` (or another direct download) without \
           `fileSha256`, and packages with a custom `registryBaseUrl`.",
    why: "Without a hash the client installs whatever the URL serves at install time; a \
          replaced file goes unnoticed.",
    fix: "Publish `fileSha256` with the bundle.",
    bad: &[
        r#"{"name":"io.example/server","packages":[{"registryType":"mcpb","identifier":"https://example.com/server.mcpb","version":"1.0.0"}]}"#,
    ],
    good: &[
        r#"{"name":"io.example/server","packages":[{"registryType":"mcpb","identifier":"https://example.com/server.mcpb","version":"1.0.0","fileSha256":"fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce"}]}"#,
    ],
    references: &[CWE_494],
};

pub static MUTABLE_IMAGE: RuleInfo = RuleInfo {
    id: "MW906",
    name: "registry-mutable-image",
    family: FAMILY,
    severity: Severity::Medium,
    title: "A registry OCI package names an image by a mutable tag",
    what: "Detects `server.json` OCI packages without a digest: `latest` or no tag (medium), a \
           version tag (low).",
    why: "Tags can be moved to another image at any time; only a digest names fixed content.",
    fix: "Reference the image by digest (`image@sha256:…`).",
    bad: &[
        r#"{"name":"io.example/server","packages":[{"registryType":"oci","identifier":"docker.io/example/server:latest"}]}"#,
    ],
    good: &[
        r#"{"name":"io.example/server","packages":[{"registryType":"oci","identifier":"docker.io/example/server@sha256:fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce"}]}"#,
    ],
    references: &[CWE_494],
};

/// Spec-level checks: remote endpoints and per-entry approval options.
pub fn check_spec(cx: &mut Ctx) {
    let spec = cx.spec;
    let top = Frame {
        top: true,
        ..Frame::default()
    };
    if let Some(u) = &spec.url {
        let l = u.value.trim().to_ascii_lowercase();
        if let Some(rest) = l
            .strip_prefix("http://")
            .or_else(|| l.strip_prefix("ws://"))
        {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host = host.rsplit('@').next().unwrap_or(host);
            let host = if host.starts_with('[') {
                host.split(']')
                    .next()
                    .unwrap_or(host)
                    .trim_start_matches('[')
            } else {
                host.split(':').next().unwrap_or(host)
            };
            let local = matches!(
                host,
                "localhost" | "::1" | "0.0.0.0" | "host.docker.internal"
            ) || host.starts_with("127.")
                || host.ends_with(".localhost")
                || host.starts_with('$')
                || host.starts_with("${");
            let private = !host.contains('.')
                || host.starts_with("10.")
                || host.starts_with("192.168.")
                || (host.starts_with("172.")
                    && host
                        .split('.')
                        .nth(1)
                        .and_then(|o| o.parse::<u8>().ok())
                        .is_some_and(|o| (16..=31).contains(&o)))
                || host.ends_with(".local")
                || host.ends_with(".internal")
                || host.ends_with(".lan");
            if !local && !host.is_empty() {
                let (sev, net) = if private {
                    (Severity::Medium, "the local network")
                } else {
                    (Severity::High, "the network path")
                };
                cx.emit(&PLAIN_HTTP, sev, "url", &top, format!("The server at `{}` is reached over plain HTTP: anyone on {net} can read and rewrite the session.", show(host)));
            }
        }
    }
    registry_options(cx, &top);
    if let Some(h) = spec.options.iter().find(|o| o.key == "headersHelper") {
        // A command the client runs (through a shell) to compute HTTP headers.
        let arg = crate::engine::Arg::new(h.value.clone(), h.key.clone());
        let f = top.push("headersHelper").in_shell();
        crate::rules::exec::inline_shell(cx, "headersHelper", &arg, &f);
        let script = crate::shell::parse(&h.value, crate::shell::Dialect::Posix);
        crate::engine::script_walk(cx, &script, &h.key, &f, crate::shell::Dialect::Posix);
    }
    for o in &spec.options {
        let k = o.key.to_ascii_lowercase().replace(['_', '-'], "");
        let v = o.value.trim().to_ascii_lowercase();
        if k == "trust" && v == "true" {
            cx.emit(
                &AUTO_APPROVE,
                Severity::High,
                &o.key.clone(),
                &top,
                "`trust: true` makes the client run every tool call of this server without asking."
                    .to_string(),
            );
        } else if matches!(
            k.as_str(),
            "autoapprove" | "alwaysallow" | "autoapprovetools" | "approvedtools"
        ) && !v.is_empty()
            && v != "false"
            && v != "[]"
        {
            let all = v == "true" || v.split(',').any(|t| t.trim() == "*" || t.trim() == "all");
            cx.emit(
                &AUTO_APPROVE,
                if all {
                    Severity::High
                } else {
                    Severity::Medium
                },
                &o.key.clone(),
                &top,
                if all {
                    format!("`{}` approves every tool of this server in advance.", o.key)
                } else {
                    format!(
                        "`{}` approves the tools `{}` in advance: they run without confirmation.",
                        o.key,
                        show(&o.value)
                    )
                },
            );
        }
    }
}

fn file_finding(
    rule: &'static RuleInfo,
    sev: Severity,
    field: &str,
    span: Span,
    msg: String,
) -> Finding {
    Finding::new(rule, field, msg)
        .with_severity(sev)
        .with_span(span)
}

/// File-level findings.
pub fn check_file(file: &ConfigFile) -> Vec<Finding> {
    let mut out = Vec::new();
    for s in &file.settings {
        let k = s.key.to_ascii_lowercase();
        let last = k.rsplit(['.', '/']).next().unwrap_or(&k).to_string();
        let v = s.value.trim().to_ascii_lowercase();
        let truthy = !matches!(
            v.as_str(),
            "" | "false" | "0" | "never" | "no" | "off" | "[]" | "null"
        );
        let found = if last == "enableallprojectmcpservers" && truthy {
            Some((
                Severity::High,
                "starts every server of the project's `.mcp.json` without asking".to_string(),
            ))
        } else if last == "enabledmcpjsonservers" && truthy {
            Some((
                Severity::Medium,
                format!(
                    "approves the project servers `{}` in advance",
                    show(&s.value)
                ),
            ))
        } else if k.ends_with("chat.mcp.autostart") && truthy {
            Some((
                Severity::Medium,
                "starts MCP servers (new or changed ones included) without asking".to_string(),
            ))
        } else if (k.ends_with("chat.tools.autoapprove")
            || k.ends_with("chat.tools.global.autoapprove"))
            && truthy
        {
            Some((
                Severity::High,
                "approves every tool call in advance".to_string(),
            ))
        } else if k.ends_with("chat.mcp.discovery.enabled") && truthy {
            Some((
                Severity::Low,
                "imports servers configured for other clients".to_string(),
            ))
        } else if (k.starts_with("chat.") && k.contains("autoapprove")
            || k == "agent.always_allow_tool_actions"
            || last == "autoaccept"
            || k == "amp.dangerouslyallowall")
            && truthy
        {
            Some((Severity::High, "runs tool calls without asking".to_string()))
        } else if last == "defaultmode" && v == "bypasspermissions" {
            Some((
                Severity::High,
                "bypasses every permission prompt".to_string(),
            ))
        } else if k == "goose_mode" && v == "auto" {
            Some((
                Severity::High,
                "lets the agent run every tool without asking".to_string(),
            ))
        } else if last == "sandbox_mode" && v == "danger-full-access" {
            Some((
                Severity::Medium,
                "turns the client's own sandbox off".to_string(),
            ))
        } else if last == "approval_policy" && v == "never" {
            Some((
                Severity::High,
                "never asks before running tools".to_string(),
            ))
        } else {
            None
        };
        if let Some((mut sev, what)) = found {
            let mut msg = format!("`{}` {what}.", s.key);
            if file.scope == Scope::Project && sev >= Severity::Medium {
                sev = sev.raised();
                msg.push_str(" Raised one level: this setting is in a project file, so the repository approves its own servers.");
            }
            out.push(file_finding(&AUTO_START, sev, &s.key, s.span, msg));
        }
    }
    if let Some(doc) = &file.document {
        duplicates(&doc.root, &mut Vec::new(), &mut out);
        // Inventory turns registry packages into servers itself (judged by `analyze`); only
        // a bare document is expanded here.
        if file.servers.is_empty() && is_registry(file, &doc.root) {
            out.extend(registry_entry(file, &doc.root));
        }
    }
    out
}

/// One step of the path to a node: an object key or an array index.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Render a path such as `mcpServers.fs.env` or `mcpServers[0].args`.
fn render_path(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Duplicate keys anywhere in the document. The path is kept as a stack of steps and only
/// rendered when a duplicate is found, so a clean document costs no allocation per node.
fn duplicates<'a>(node: &'a Node, path: &mut Vec<Step<'a>>, out: &mut Vec<Finding>) {
    match &node.value {
        Value::Object(entries) => {
            for dup in node.duplicate_keys() {
                path.push(Step::Key(&dup.key));
                let field = render_path(path);
                path.pop();
                out.push(file_finding(&DUPLICATE_KEYS, Severity::High, &field, dup.key_span, format!("`{}` appears more than once in the same object: parsers disagree on which value wins, so what is reviewed may not be what runs.", show(&field))));
            }
            for e in entries {
                path.push(Step::Key(&e.key));
                duplicates(&e.value, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, n) in items.iter().enumerate() {
                path.push(Step::Index(i));
                duplicates(n, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn is_registry(file: &ConfigFile, root: &Node) -> bool {
    file.client == "registry"
        || file.scope == Scope::Registry
        || (root.get("packages").and_then(Node::as_array).is_some()
            && root.get("name").is_some()
            && root.get("mcpServers").is_none())
}

fn get<'a>(n: &'a Node, keys: &[&str]) -> Option<&'a Node> {
    keys.iter().find_map(|k| n.get(k))
}

fn text(n: &Node, keys: &[&str]) -> Option<String> {
    get(n, keys).and_then(Node::scalar_text)
}

/// `server.json` packages: hashes, image tags, and the launch they imply.
fn registry_entry(file: &ConfigFile, root: &Node) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(packages) = root.get("packages").and_then(Node::as_array) else {
        return out;
    };
    let server = text(root, &["name"]).unwrap_or_else(|| "server".into());
    for (pi, p) in packages.iter().enumerate() {
        let base = format!("packages[{pi}]");
        let kind = text(p, &["registryType", "registry_type", "registry_name"])
            .unwrap_or_default()
            .to_ascii_lowercase();
        let ident = text(p, &["identifier", "name"]).unwrap_or_default();
        let version = text(p, &["version"]);
        if (kind == "mcpb"
            || ident.starts_with("http")
                && !matches!(kind.as_str(), "npm" | "pypi" | "oci" | "docker" | "nuget"))
            && get(p, &["fileSha256", "file_sha256"]).is_none()
        {
            out.push(file_finding(&BUNDLE_HASH, Severity::High, &base, p.span, format!("Package `{}` of `{}` is downloaded without `fileSha256`: whatever the URL serves gets installed.", show(&ident), show(&server))));
        }
        if let Some(url) = text(p, &["registryBaseUrl", "registry_base_url"])
            && !crate::rules::env::known_registry(&url)
            && !url.contains("registry.npmjs.org")
            && !url.contains("pypi.org")
            && !url.contains("docker.io")
            && !url.contains("ghcr.io")
            && !url.contains("nuget.org")
            && !url.contains("github.com")
        {
            out.push(file_finding(
                &crate::rules::packages::REGISTRY_OVERRIDE,
                Severity::High,
                &format!("{base}.registryBaseUrl"),
                p.span,
                format!(
                    "Package `{}` is fetched from the registry `{}`, not the public one.",
                    show(&ident),
                    show(&url)
                ),
            ));
        }
        if matches!(kind.as_str(), "oci" | "docker") {
            let last = ident.rsplit('/').next().unwrap_or(&ident);
            if !ident.contains("@sha256:") {
                let tag = last
                    .split_once(':')
                    .map(|x| x.1.to_string())
                    .or(version.clone());
                let (sev, why) = match tag.as_deref() {
                    None | Some("latest") | Some("") => {
                        (Severity::Medium, "has no tag or `latest`")
                    }
                    Some(_) => (Severity::Low, "is named by a tag, which can be moved"),
                };
                out.push(file_finding(
                    &MUTABLE_IMAGE,
                    sev,
                    &base,
                    p.span,
                    format!(
                        "Image `{}` {why}; only a digest names fixed content.",
                        show(&ident)
                    ),
                ));
            }
        }
        // The launch this package implies, analysed like any other.
        let (spec, fields) =
            implied_spec(file, &server, &kind, &ident, version.as_deref(), p, &base);
        if spec.command.is_some() {
            for mut f in crate::analyze(&spec) {
                if let Some((path, span)) = fields
                    .iter()
                    .find(|(k, _)| *k == f.field)
                    .map(|(_, v)| v.clone())
                {
                    f.field = path;
                    f.span = span;
                } else {
                    f.field = base.clone();
                    f.span = p.span;
                }
                f.message = format!("Registry package `{}`: {}", show(&ident), f.message);
                out.push(f);
            }
        }
    }
    out
}

type FieldMap = Vec<(String, (String, Span))>;

fn implied_spec(
    file: &ConfigFile,
    server: &str,
    kind: &str,
    ident: &str,
    version: Option<&str>,
    p: &Node,
    base: &str,
) -> (LaunchSpec, FieldMap) {
    let mut spec = LaunchSpec::new("registry", Scope::Registry, file.path.clone(), server);
    let mut fields: FieldMap = Vec::new();
    let hint = text(p, &["runtimeHint", "runtime_hint"]);
    let command = hint.clone().or_else(|| match kind {
        "npm" => Some("npx".into()),
        "pypi" => Some("uvx".into()),
        "oci" | "docker" => Some("docker".into()),
        "nuget" => Some("dnx".into()),
        _ => None,
    });
    let Some(command) = command else {
        return (spec, fields);
    };
    spec.command = Some(Located::new(
        command.clone(),
        get(p, &["runtimeHint", "runtime_hint"])
            .map(|n| n.span)
            .unwrap_or(p.span),
    ));
    let mut push = |spec: &mut LaunchSpec, value: String, path: String, span: Span| {
        let i = spec.args.len();
        spec.args.push(Located::new(value, span));
        fields.push((format!("args[{i}]"), (path, span)));
    };
    let args_of = |key: &[&str]| -> Vec<(String, String, Span)> {
        let mut v = Vec::new();
        if let Some(items) = get(p, key).and_then(Node::as_array) {
            for (i, a) in items.iter().enumerate() {
                let path = format!("{base}.{}[{i}]", key[0]);
                if let Some(s) = a.as_str() {
                    v.push((s.to_string(), path, a.span));
                    continue;
                }
                let name = text(a, &["name"]);
                let value = text(a, &["value", "default", "value_hint", "valueHint"]);
                let typ = text(a, &["type"]).unwrap_or_default();
                if typ == "named"
                    && let Some(n) = name
                {
                    v.push((n, path.clone(), a.span));
                }
                if let Some(val) = value {
                    v.push((val, path, a.span));
                }
            }
        }
        v
    };
    if matches!(kind, "oci" | "docker") && hint.is_none() {
        push(&mut spec, "run".into(), base.to_string(), p.span);
        push(&mut spec, "-i".into(), base.to_string(), p.span);
        push(&mut spec, "--rm".into(), base.to_string(), p.span);
    }
    for (v, path, span) in args_of(&["runtimeArguments", "runtime_arguments"]) {
        push(&mut spec, v, path, span);
    }
    let pkg = match (kind, version) {
        ("pypi", Some(v)) if !v.is_empty() => format!("{ident}=={v}"),
        ("oci" | "docker", _) => ident.to_string(),
        (_, Some(v)) if !v.is_empty() => format!("{ident}@{v}"),
        _ => ident.to_string(),
    };
    push(
        &mut spec,
        pkg,
        format!("{base}.identifier"),
        get(p, &["identifier", "name"])
            .map(|n| n.span)
            .unwrap_or(p.span),
    );
    for (v, path, span) in args_of(&["packageArguments", "package_arguments"]) {
        push(&mut spec, v, path, span);
    }
    if let Some(vars) =
        get(p, &["environmentVariables", "environment_variables"]).and_then(Node::as_array)
    {
        for (i, e) in vars.iter().enumerate() {
            if let Some(name) = text(e, &["name"]) {
                let value = text(e, &["value", "default"]).unwrap_or_default();
                let span = e.span;
                spec.env.push(warden_core::EnvVar {
                    name: name.clone(),
                    name_span: span,
                    value: Some(Located::new(value, span)),
                });
                fields.push((
                    format!("env.{name}"),
                    (format!("{base}.environmentVariables[{i}]"), span),
                ));
            }
        }
    }
    let _ = Path::new("");
    (spec, fields)
}

/// Options inventory records on servers built from registry packages (`registry.*`).
fn registry_options(cx: &mut Ctx, top: &Frame) {
    let spec = cx.spec;
    let opt = |k: &str| {
        spec.options
            .iter()
            .find(|o| o.key == k)
            .map(|o| o.value.clone())
    };
    let Some(kind) = opt("registry.type") else {
        return;
    };
    let kind = kind.to_ascii_lowercase();
    let ident = opt("registry.identifier").unwrap_or_default();
    if kind == "mcpb" && opt("registry.fileSha256").is_none_or(|h| h.trim().is_empty()) {
        cx.emit(&BUNDLE_HASH, Severity::High, "registry.type", top, format!("The bundle `{}` is downloaded without `fileSha256`: whatever the URL serves gets installed.", show(&ident)));
    }
    if matches!(kind.as_str(), "oci" | "docker")
        && opt("registry.ociDigest").is_none_or(|d| d.trim().is_empty())
    {
        let tag = opt("registry.ociTag").unwrap_or_default();
        let (sev, why) = if tag.is_empty() || tag == "latest" {
            (Severity::Medium, "has no tag or `latest`")
        } else {
            (Severity::Low, "is named by a tag, which can be moved")
        };
        cx.emit(
            &MUTABLE_IMAGE,
            sev,
            "registry.identifier",
            top,
            format!(
                "Image `{}` {why}; only a digest names fixed content.",
                show(&ident)
            ),
        );
    }
    if let Some(url) = opt("registry.baseUrl") {
        let public = crate::rules::env::known_registry(&url)
            || [
                "registry.npmjs.org",
                "pypi.org",
                "docker.io",
                "ghcr.io",
                "nuget.org",
            ]
            .iter()
            .any(|h| url.contains(h));
        if !public {
            cx.emit(
                &crate::rules::packages::REGISTRY_OVERRIDE,
                Severity::High,
                "registry.baseUrl",
                top,
                format!(
                    "Package `{}` is fetched from the registry `{}`, not the public one.",
                    show(&ident),
                    show(&url)
                ),
            );
        }
    }
}
