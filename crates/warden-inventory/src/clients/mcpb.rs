//! MCP Bundles (`.mcpb`, formerly DXT): `manifest.json` → `server.mcp_config`
//! (`command`, `args`, `env`) and its `platform_overrides`, each override read as its own
//! spec named `<name> (<platform>)`.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, none};
use crate::read::{self, Cx, UrlStyle, push_option};

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "mcpb",
        name: "MCP Bundle manifest (.mcpb, .dxt)",
        machine: none,
        project: &[],
        names: &[("manifest.json", Scope::Registry)],
        parse,
    }
}

/// Whether `root` is a bundle manifest.
pub(crate) fn is_manifest(root: &Node) -> bool {
    let versioned = root.get("manifest_version").is_some() || root.get("dxt_version").is_some();
    let server = root.get("server");
    server.is_some_and(|s| s.get("mcp_config").is_some())
        || (versioned && server.is_some_and(|s| s.get("entry_point").is_some()))
}

fn parse(cx: &mut Cx, root: &Node) {
    if is_manifest(root) {
        read(cx, root);
    }
}

pub(crate) fn read(cx: &mut Cx, root: &Node) {
    let (name, name_span) = match root.get("name") {
        Some(n) if n.as_str().is_some() => (n.as_str().unwrap_or_default().to_string(), n.span),
        _ => ("bundle".to_string(), root.span),
    };
    let Some(server) = root.get("server") else {
        return;
    };
    let Some(config) = server.get("mcp_config") else {
        return;
    };
    let Some(mut base) = read::read_entry(cx, &name, name_span, config, UrlStyle::Infer) else {
        return;
    };
    for (key, opt) in [
        ("type", "mcpb.serverType"),
        ("entry_point", "mcpb.entryPoint"),
    ] {
        if let Some(v) = server.get(key) {
            push_option(&mut base, opt, read::render(v), v.span);
        }
    }
    if let Some(v) = root
        .get("manifest_version")
        .or_else(|| root.get("dxt_version"))
    {
        push_option(&mut base, "mcpb.manifestVersion", read::render(v), v.span);
    }
    disabled_in_claude(cx, &mut base);
    let overrides = config.get("platform_overrides").and_then(Node::as_object);
    let base_clone = base.clone();
    cx.servers.push(base);
    for o in overrides.unwrap_or_default() {
        let mut spec = base_clone.clone();
        spec.name = format!("{name} ({})", o.key);
        spec.entry_span = o.value.span;
        if let Some(c) = o.value.get("command") {
            spec.command = read::optional_string(cx, "command", c);
        }
        if let Some(a) = o.value.get("args") {
            spec.args.clear();
            read::read_args(cx, "args", a, &mut spec);
        }
        if let Some(e) = o.value.get("env") {
            let mut env = Vec::new();
            read::read_env(cx, "env", e, &mut env);
            for v in env {
                spec.env.retain(|x| x.name != v.name);
                spec.env.push(v);
            }
        }
        push_option(&mut spec, "mcpb.platform", o.key.clone(), o.key_span);
        cx.servers.push(spec);
    }
}

/// Claude Desktop keeps each installed bundle's on/off switch beside it:
/// `Claude Extensions Settings/<id>.json` → `isEnabled`.
fn disabled_in_claude(cx: &Cx, spec: &mut warden_core::spec::LaunchSpec) {
    let path = cx.path();
    let Some(dir) = path.parent() else { return };
    let Some(id) = dir.file_name() else { return };
    let Some(ext_root) = dir.parent() else { return };
    if ext_root.file_name().and_then(|n| n.to_str()) != Some("Claude Extensions") {
        return;
    }
    let Some(base) = ext_root.parent() else {
        return;
    };
    let mut settings = base.join("Claude Extensions Settings").join(id);
    settings.as_mut_os_string().push(".json");
    let Ok(text) = crate::read_text(&settings) else {
        return;
    };
    let Ok(doc) = warden_core::doc::Document::parse(
        &settings,
        text,
        warden_core::doc::Format::Json,
        &warden_core::doc::Limits::default(),
    ) else {
        return;
    };
    if let Some(false) = doc.root.get("isEnabled").and_then(Node::as_bool) {
        spec.enabled = false;
        push_option(spec, "isEnabled", "false", warden_core::span::Span::NONE);
    }
}
