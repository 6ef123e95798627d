//! MCP Registry entries: a `server.json` (current camelCase schema, or the registry API's
//! `{"server": …}` wrapper and `{"servers": [...]}` lists) and the legacy snake_case seed
//! (a JSON array of entries). Each package becomes the launch spec a client would run:
//! `<runtimeHint or the registry type's runner> <runtimeArguments> <identifier@version>
//! <packageArguments>`, with `environmentVariables`; each remote becomes a remote spec.
//! Facts analysis needs (version present, OCI tag or digest, `fileSha256`) are options.

use warden_core::doc::{Node, Value};
use warden_core::span::Span;
use warden_core::spec::{EnvVar, LaunchSpec, Located, Scope, Transport};

use super::{ClientDef, none};
use crate::read::{self, Cx, push_option};

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "registry",
        name: "MCP Registry server.json",
        machine: none,
        project: &[],
        names: &[("server.json", Scope::Registry)],
        parse,
    }
}

/// The first of several spellings (camelCase, snake_case, legacy) present in `node`.
fn field<'n>(node: &'n Node, keys: &[&str]) -> Option<&'n Node> {
    keys.iter().find_map(|k| node.get(k))
}

fn text<'n>(node: &'n Node, keys: &[&str]) -> Option<(&'n str, Span)> {
    field(node, keys).and_then(|n| n.as_str().map(|s| (s, n.span)))
}

/// Whether `root` is a registry document.
pub(crate) fn is_registry(root: &Node) -> bool {
    match &root.value {
        Value::Array(items) => {
            !items.is_empty()
                && items.iter().all(|i| i.as_object().is_some())
                && items.iter().any(is_server)
        }
        Value::Object(_) => {
            is_server(root)
                || root.get("server").is_some_and(is_server)
                || root
                    .get("servers")
                    .and_then(Node::as_array)
                    .is_some_and(|s| s.iter().any(|i| is_server(i.get("server").unwrap_or(i))))
        }
        _ => false,
    }
}

fn is_server(n: &Node) -> bool {
    let schema = n
        .get("$schema")
        .and_then(Node::as_str)
        .is_some_and(|s| s.contains("server.schema"));
    let has_packages = ["packages", "remotes"]
        .iter()
        .any(|k| n.get(k).and_then(Node::as_array).is_some());
    schema || (has_packages && n.get("name").is_some())
}

pub(crate) fn parse(cx: &mut Cx, root: &Node) {
    match &root.value {
        Value::Array(items) => {
            for item in items {
                read_server(cx, item);
            }
        }
        _ => {
            if let Some(s) = root.get("server") {
                read_server(cx, s);
            } else if let Some(list) = root.get("servers").and_then(Node::as_array) {
                for item in list {
                    read_server(cx, item.get("server").unwrap_or(item));
                }
            } else if is_server(root) {
                read_server(cx, root);
            }
        }
    }
}

fn read_server(cx: &mut Cx, server: &Node) {
    let before = cx.servers.len();
    read_server_specs(cx, server);
    // Two packages of one type (two images, say) get distinct names.
    let names: Vec<String> = cx.servers[before..]
        .iter()
        .map(|s| s.name.clone())
        .collect();
    for (i, spec) in cx.servers[before..].iter_mut().enumerate() {
        if names.iter().filter(|n| **n == names[i]).count() > 1 {
            let nth = names[..i].iter().filter(|n| **n == names[i]).count() + 1;
            spec.name = format!("{} #{nth}", names[i]);
        }
    }
}

fn read_server_specs(cx: &mut Cx, server: &Node) {
    if server.as_object().is_none() {
        cx.wrong_type("server", server, "an object");
        return;
    }
    let (name, name_span) = match text(server, &["name"]) {
        Some((n, s)) => (n.to_string(), s),
        None => {
            cx.error(server.span, "registry entry without a `name`");
            ("server".to_string(), server.span)
        }
    };
    let version = text(server, &["version"]).or_else(|| {
        server
            .get("version_detail")
            .and_then(|v| text(v, &["version"]))
    });
    let packages = server.get("packages");
    let remotes = server.get("remotes");
    let n_pk = packages.and_then(Node::as_array).map_or(0, <[Node]>::len);
    let n_rm = remotes.and_then(Node::as_array).map_or(0, <[Node]>::len);
    let single = n_pk + n_rm == 1;

    if let Some(p) = packages {
        match p.as_array() {
            Some(items) => {
                for (i, pkg) in items.iter().enumerate() {
                    if let Some(mut spec) = read_package(cx, &name, name_span, pkg, i, single) {
                        if let Some((v, s)) = version {
                            push_option(&mut spec, "registry.serverVersion", v, s);
                        }
                        cx.servers.push(spec);
                    }
                }
            }
            None => cx.wrong_type("packages", p, "an array"),
        }
    }
    if let Some(r) = remotes {
        match r.as_array() {
            Some(items) => {
                for (i, remote) in items.iter().enumerate() {
                    let label = if single {
                        name.clone()
                    } else if n_rm == 1 {
                        format!("{name} (remote)")
                    } else {
                        format!("{name} (remote {})", i + 1)
                    };
                    if let Some(spec) = read_remote(cx, &label, name_span, remote) {
                        cx.servers.push(spec);
                    }
                }
            }
            None => cx.wrong_type("remotes", r, "an array"),
        }
    }
}

/// The runner a client uses for a registry type when the package gives no `runtimeHint`.
fn default_runner(registry_type: &str) -> Option<&'static str> {
    match registry_type {
        "npm" => Some("npx"),
        "pypi" => Some("uvx"),
        "oci" | "docker" => Some("docker"),
        "nuget" => Some("dnx"),
        _ => None,
    }
}

/// Runner arguments a client adds when the package gives no `runtimeArguments`.
fn default_runner_args(runner: &str) -> &'static [&'static str] {
    match runner {
        "npx" => &["-y"],
        "docker" => &["run", "-i", "--rm"],
        _ => &[],
    }
}

fn read_package(
    cx: &mut Cx,
    server: &str,
    name_span: Span,
    pkg: &Node,
    index: usize,
    single: bool,
) -> Option<LaunchSpec> {
    if pkg.as_object().is_none() {
        cx.wrong_type(&format!("packages[{index}]"), pkg, "an object");
        return None;
    }
    let reg = text(pkg, &["registryType", "registry_type", "registry_name"]);
    let reg_type = reg.map(|(t, _)| t.to_ascii_lowercase()).unwrap_or_default();
    let label = if single {
        server.to_string()
    } else {
        format!(
            "{server} ({})",
            if reg_type.is_empty() {
                "package"
            } else {
                &reg_type
            }
        )
    };
    let mut spec = cx.spec(&label, name_span, pkg);
    let ident = text(pkg, &["identifier", "name"]);
    let version = text(pkg, &["version"]).filter(|(v, _)| !v.is_empty());

    // The runner.
    let hint = text(pkg, &["runtimeHint", "runtime_hint"]);
    let runner = match hint {
        Some((h, s)) => Some(Located::new(h.to_string(), s)),
        None => default_runner(&reg_type).map(|r| Located::bare(r.to_string())),
    };
    let runner_name = runner.as_ref().map(|r| r.value.clone()).unwrap_or_default();
    spec.command = runner;

    match field(pkg, &["runtimeArguments", "runtime_arguments"]) {
        Some(a) => expand_arguments(cx, "runtimeArguments", a, &mut spec.args),
        None => spec.args.extend(
            default_runner_args(&runner_name)
                .iter()
                .map(|a| Located::bare((*a).to_string())),
        ),
    }
    // The package itself, as the runner names it.
    if let Some((id, id_span)) = ident {
        let word = match (&*reg_type, version) {
            ("oci" | "docker" | "mcpb", _) | (_, None) => id.to_string(),
            ("pypi", Some((v, _))) if runner_name != "uvx" => format!("{id}=={v}"),
            (_, Some((v, _))) => format!("{id}@{v}"),
        };
        if spec.command.is_some() {
            spec.args.push(Located::new(word, id_span));
        }
        push_option(&mut spec, "registry.identifier", id, id_span);
        if matches!(&*reg_type, "oci" | "docker") {
            oci_options(&mut spec, id, id_span);
        }
    } else {
        cx.error(
            pkg.span,
            format!("package of `{server}` has no `identifier`"),
        );
    }
    if let Some(a) = field(pkg, &["packageArguments", "package_arguments"]) {
        let mut words = Vec::new();
        expand_arguments(cx, "packageArguments", a, &mut words);
        if runner_name == "dnx" && !words.is_empty() {
            spec.args.push(Located::bare("--".to_string()));
        }
        spec.args.extend(words);
    }
    if let Some(e) = field(pkg, &["environmentVariables", "environment_variables"]) {
        spec.env.extend(key_values(cx, "environmentVariables", e));
    }

    if let Some((t, s)) = reg {
        push_option(&mut spec, "registry.type", t, s);
    }
    if let Some((v, s)) = version {
        push_option(&mut spec, "registry.version", v, s);
    }
    if let Some((h, s)) = text(pkg, &["fileSha256", "file_sha256"]) {
        push_option(&mut spec, "registry.fileSha256", h, s);
    }
    if let Some((u, s)) = text(pkg, &["registryBaseUrl", "registry_base_url"]) {
        push_option(&mut spec, "registry.baseUrl", u, s);
    }
    if reg_type == "mcpb" {
        // The client downloads and unpacks the bundle, then runs its manifest's command.
        spec.command = None;
        spec.args.clear();
    }

    match pkg.get("transport") {
        Some(t) => {
            let ty = text(t, &["type"]).map(|(t, _)| t).unwrap_or("stdio");
            spec.transport = Transport::from_type(ty);
            if let Some(u) = t.get("url") {
                spec.url = read::optional_string(cx, "transport.url", u);
            }
            if let Some(h) = t.get("headers") {
                spec.headers = key_values(cx, "transport.headers", h);
            }
        }
        None => spec.transport = Transport::Stdio,
    }
    Some(spec)
}

/// `oci.tag` / `oci.digest` of an image reference; a reference with neither runs `latest`.
fn oci_options(spec: &mut LaunchSpec, image: &str, span: Span) {
    if let Some((_, digest)) = image.split_once('@') {
        push_option(spec, "registry.ociDigest", digest, span);
    }
    let without_digest = image.split('@').next().unwrap_or(image);
    let last = without_digest.rsplit('/').next().unwrap_or(without_digest);
    if let Some((_, tag)) = last.split_once(':') {
        push_option(spec, "registry.ociTag", tag, span);
    }
}

fn read_remote(cx: &mut Cx, label: &str, name_span: Span, remote: &Node) -> Option<LaunchSpec> {
    if remote.as_object().is_none() {
        cx.wrong_type("remotes[]", remote, "an object");
        return None;
    }
    let mut spec = cx.spec(label, name_span, remote);
    if let Some(u) = remote.get("url") {
        spec.url = read::optional_string(cx, "url", u);
    }
    let ty = text(remote, &["type", "transport_type"]).map(|(t, _)| t);
    spec.transport = match (ty, &spec.url) {
        (Some(t), _) if !t.is_empty() => Transport::from_type(t),
        (_, Some(u)) => read::infer_transport(&u.value),
        _ => Transport::Http,
    };
    if let Some(h) = remote.get("headers") {
        spec.headers = key_values(cx, "headers", h);
    }
    Some(spec)
}

/// `Argument[]` to words: positional `value` (else `default`, else `<valueHint>`); named
/// `name` then its value, as separate words.
fn expand_arguments(cx: &mut Cx, key: &str, list: &Node, out: &mut Vec<Located<String>>) {
    let Some(items) = list.as_array() else {
        cx.wrong_type(key, list, "an array of arguments");
        return;
    };
    for (i, a) in items.iter().enumerate() {
        if a.as_object().is_none() {
            cx.wrong_type(&format!("{key}[{i}]"), a, "an object");
            continue;
        }
        let value = text(a, &["value"])
            .or_else(|| text(a, &["default"]))
            .map(|(v, s)| Located::new(v.to_string(), s));
        let hint =
            text(a, &["valueHint", "value_hint"]).map(|(h, s)| Located::new(format!("<{h}>"), s));
        match text(a, &["type"]).map(|(t, _)| t) {
            Some("named") => {
                let Some((name, nspan)) = text(a, &["name"]) else {
                    cx.error(
                        a.span,
                        format!("`{key}[{i}]` is a named argument without `name`"),
                    );
                    continue;
                };
                out.push(Located::new(name.to_string(), nspan));
                match value {
                    // Legacy entries repeat the whole `-e NAME` in both fields.
                    Some(v) if v.value == name => {}
                    Some(v) => match v.value.strip_prefix(name).map(str::trim_start) {
                        Some(rest) if v.value.starts_with(&format!("{name} ")) => {
                            out.push(Located::new(rest.to_string(), v.span));
                        }
                        _ => out.push(v),
                    },
                    None => {}
                }
            }
            _ => {
                if let Some(v) = value.or(hint) {
                    out.push(v);
                }
            }
        }
    }
}

/// `KeyValueInput[]` (`{name, value?, default?, isSecret?}`) to variables; a variable with
/// no value is supplied by the user at install time.
fn key_values(cx: &mut Cx, key: &str, list: &Node) -> Vec<EnvVar> {
    let Some(items) = list.as_array() else {
        cx.wrong_type(key, list, "an array");
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Some((name, span)) = text(item, &["name"]) else {
            cx.error(item.span, format!("an entry of `{key}` has no `name`"));
            continue;
        };
        let value = text(item, &["value"])
            .or_else(|| text(item, &["default"]))
            .map(|(v, s)| Located::new(v.to_string(), s));
        out.push(EnvVar {
            name: name.to_string(),
            name_span: span,
            value,
        });
    }
    out
}
