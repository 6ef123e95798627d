//! `check` inputs: malformed files, bare specs on stdin, forced clients, registry entries and
//! bundle manifests.

use std::path::{Path, PathBuf};

use warden_core::spec::{Scope, Transport};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn text(s: &str) -> warden_inventory::Inventory {
    warden_inventory::check_text(Path::new("-"), s.to_string(), None)
}

#[test]
fn wrong_types_are_errors_at_their_value_and_the_rest_is_read() {
    let path = fixtures().join("malformed/.mcp.json");
    let inv = warden_inventory::check_path(&path, None);
    let f = &inv.files[0];
    let names: Vec<_> = f.servers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["good", "bad-args", "bad-env", "also-good"]);
    let errs: Vec<(u32, u32, &str)> = inv
        .errors
        .iter()
        .map(|e| (e.line, e.column, e.message.as_str()))
        .collect();
    assert_eq!(
        errs,
        [
            (4, 45, "`args` is a string, expected an array of strings"),
            (5, 65, "`env.A` is an array, expected a string"),
            (
                6,
                22,
                "server entry `not-an-object` is a string, expected an object"
            ),
        ]
    );
    assert!(inv.errors.iter().all(|e| e.path == path && !e.explicit));
    // Non-string arguments become their text.
    assert_eq!(f.servers[3].argv(), ["mcp-server-time", "8080", "true"]);
}

#[test]
fn a_file_that_does_not_parse_is_an_error_and_other_files_are_still_read() {
    let inv = warden_inventory::check_path(&fixtures().join("malformed"), None);
    let e = inv
        .errors
        .iter()
        .find(|e| e.path.ends_with(".vscode/mcp.json"))
        .expect("syntax error reported");
    assert_eq!((e.line, e.column), (3, 49));
    assert!(e.message.contains("expected ','"), "{}", e.message);
    assert!(inv.servers().any(|s| s.name == "still-read"));
    assert!(inv.servers().any(|s| s.name == "good"));

    let yaml = warden_inventory::check_path(&fixtures().join("malformed/config.yaml"), None);
    assert!(yaml.files.is_empty());
    assert_eq!(yaml.errors.len(), 1);
    assert!(yaml.errors[0].line >= 3, "{:?}", yaml.errors[0]);
}

#[test]
fn unreadable_and_unknown_inputs() {
    let missing = warden_inventory::check_path(Path::new("/nonexistent/mcp.json"), None);
    assert_eq!(missing.errors.len(), 1);
    assert!(missing.errors[0].message.contains("cannot read"));
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("x.json");
    std::fs::write(&bin, b"{\"a\": \"\xff\"}").unwrap();
    let inv = warden_inventory::check_path(&bin, None);
    assert!(inv.errors[0].message.contains("not UTF-8"));
    let other = dir.path().join("package.json");
    std::fs::write(&other, r#"{"name": "app", "dependencies": {}}"#).unwrap();
    let inv = warden_inventory::check_path(&other, None);
    assert!(
        inv.errors[0]
            .message
            .contains("not an MCP client configuration")
    );
    let inv = warden_inventory::check_path(&other, Some("no-such-client"));
    assert!(inv.errors[0].message.contains("unknown client"));
}

#[test]
fn stdin_bare_spec_and_bare_map() {
    let inv = text(r#"{"command": "npx", "args": ["-y", "pkg", 3], "env": {"K": "v"}}"#);
    assert!(inv.errors.is_empty());
    let s = inv.servers().next().unwrap();
    assert_eq!(
        (s.client.as_str(), s.scope, s.name.as_str()),
        ("input", Scope::Input, "input")
    );
    assert_eq!(s.path, Path::new("-"));
    assert_eq!(s.argv(), ["-y", "pkg", "3"]);
    assert_eq!(
        (
            s.command.as_ref().unwrap().span.line,
            s.command.as_ref().unwrap().span.column
        ),
        (1, 13)
    );

    let inv = text(r#"{"name": "fs", "command": "npx", "args": []}"#);
    assert_eq!(inv.servers().next().unwrap().name, "fs");

    // Warp-style paste: a map of entries without a wrapper key.
    let inv = text(
        "{\n  \"a\": {\"command\": \"uvx\", \"args\": [\"x\"]},\n  \"b\": {\"url\": \"https://h/sse\"}\n}",
    );
    let names: Vec<_> = inv.servers().map(|s| (s.name.as_str(), s.scope)).collect();
    assert_eq!(names, [("a", Scope::Input), ("b", Scope::Input)]);
    assert_eq!(inv.servers().nth(1).unwrap().transport, Transport::Sse);

    // A whole config on stdin is read as its client.
    let inv = text("[mcp_servers.x]\ncommand = \"npx\"\n");
    let s = inv.servers().next().unwrap();
    assert_eq!((s.client.as_str(), s.scope), ("codex", Scope::Input));
    let inv = text("extensions:\n  w:\n    type: stdio\n    cmd: uvx\n");
    assert_eq!(inv.servers().next().unwrap().client, "goose");
    let inv = text(r#"{"context_servers": {"z": {"command": "a"}}}"#);
    assert_eq!(inv.servers().next().unwrap().client, "zed");
    let inv = text(r#"{"servers": {"v": {"type": "stdio", "command": "a"}}}"#);
    assert_eq!(inv.servers().next().unwrap().client, "vscode");
    let inv = text(r#"{"mcp": {"o": {"type": "local", "command": ["a", "b"]}}}"#);
    assert_eq!(inv.servers().next().unwrap().client, "opencode");
    let inv = text(r#"{"mcpServers": [{"name": "c", "command": "a"}]}"#);
    assert_eq!(inv.servers().next().unwrap().client, "continue");

    // Forced client.
    let inv = warden_inventory::check_text(
        Path::new("-"),
        r#"{"mcpServers": {"g": {"url": "https://h/stream"}}}"#.into(),
        Some("gemini"),
    );
    assert_eq!(inv.servers().next().unwrap().transport, Transport::Sse);

    // Dev Containers: `customizations.vscode.mcp.servers`.
    let inv = text(
        r#"{"image": "x", "customizations": {"vscode": {"mcp": {"servers": {"d": {"command": "a"}}}}}}"#,
    );
    assert_eq!(inv.servers().next().unwrap().client, "vscode");
    // Amp's key nested instead of dotted.
    let inv = text(r#"{"amp": {"mcpServers": {"p": {"command": "a"}}}}"#);
    assert_eq!(inv.servers().next().unwrap().client, "amp");

    // A bare spec with a forced client is that client's entry.
    let inv = warden_inventory::check_text(
        Path::new("-"),
        r#"{"command": "npx", "args": ["-y", "x"]}"#.into(),
        Some("cursor"),
    );
    let s = inv.servers().next().unwrap();
    assert_eq!(
        (s.client.as_str(), s.scope, s.argv()),
        ("cursor", Scope::Input, vec!["-y", "x"])
    );

    // Garbage: one error with a place, no panic.
    let inv = text("{\"command\": ");
    assert_eq!(inv.errors.len(), 1);
    assert_eq!(inv.errors[0].line, 1);
}

#[test]
fn current_server_json_becomes_what_a_client_would_run() {
    let path = fixtures().join("project/packages/inner/server.json");
    let inv = warden_inventory::check_path(&path, None);
    assert!(inv.errors.is_empty(), "{:?}", inv.errors);
    let f = &inv.files[0];
    assert_eq!((f.client.as_str(), f.scope), ("registry", Scope::Registry));
    let line = |i: usize| {
        let s = &f.servers[i];
        let mut w = vec![
            s.command
                .as_ref()
                .map(|c| c.value.clone())
                .unwrap_or_default(),
        ];
        w.extend(s.argv().iter().map(|a| a.to_string()));
        w.join(" ")
    };
    let opt = |i: usize, k: &str| {
        f.servers[i]
            .options
            .iter()
            .find(|o| o.key == k)
            .map(|o| o.value.clone())
    };
    assert_eq!(f.servers[0].name, "io.github.example/weather (npm)");
    assert_eq!(
        line(0),
        "npx -y @example/weather-mcp@1.2.0 --units metric <data_dir>"
    );
    assert_eq!(f.servers[0].env[0].name, "WEATHER_API_KEY");
    assert!(f.servers[0].env[0].value.is_none());
    assert_eq!(line(1), "uvx weather-mcp@1.2.0");
    assert_eq!(
        line(2),
        "docker run -i --rm -e WEATHER_API_KEY ghcr.io/example/weather-mcp:1.2.0"
    );
    assert_eq!(opt(2, "registry.ociTag").as_deref(), Some("1.2.0"));
    // No tag: the image floats (`latest`).
    assert_eq!(line(3), "docker run -i --rm docker.io/example/weather-mcp");
    assert_eq!(opt(3, "registry.ociTag"), None);
    assert_eq!(opt(3, "registry.version"), None);
    assert_eq!(f.servers[2].name, "io.github.example/weather (oci) #1");
    assert_eq!(f.servers[3].name, "io.github.example/weather (oci) #2");
    assert_eq!(line(4), "dnx Example.WeatherMcp@0.4.0-beta -- mcp start");
    assert!(f.servers[5].command.is_none());
    assert_eq!(
        opt(5, "registry.fileSha256").as_deref(),
        Some("fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce")
    );
    assert_eq!(opt(0, "registry.fileSha256"), None);
    let remote = &f.servers[6];
    assert_eq!(remote.transport, Transport::Http);
    assert_eq!(
        remote.url.as_ref().unwrap().value,
        "https://weather.example.com/mcp"
    );
    assert_eq!(remote.headers[0].name, "Authorization");
    // Spans point at the identifier in the file.
    let doc = f.document.as_ref().unwrap();
    let id = &f.servers[0].args[1];
    assert_eq!(
        &doc.text[id.span.start..id.span.end],
        "\"@example/weather-mcp\""
    );
}

#[test]
fn mcpb_manifest() {
    let path = fixtures().join("project/packages/inner/manifest.json");
    let inv = warden_inventory::check_path(&path, None);
    let f = &inv.files[0];
    assert_eq!(f.client, "mcpb");
    assert_eq!(f.servers.len(), 2);
    let s = &f.servers[0];
    assert_eq!(s.command.as_ref().unwrap().value, "node");
    assert!(s.enabled);
    assert!(
        s.options
            .iter()
            .any(|o| o.key == "mcpb.serverType" && o.value == "node")
    );
}

#[test]
fn legacy_registry_seed() {
    let path = shared().join("corpus/registry/seed-2025-05-16.json");
    if !path.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "seed missing at {}",
            path.display()
        );
        return;
    }
    let inv = warden_inventory::check_path(&path, Some("registry"));
    assert!(
        inv.errors.is_empty(),
        "{:?}",
        &inv.errors[..inv.errors.len().min(5)]
    );
    let f = &inv.files[0];
    // 464 entries with packages (471 packages in all) plus the remotes.
    assert!(f.servers.len() >= 471, "{}", f.servers.len());
    let magic = f
        .servers
        .iter()
        .find(|s| s.name == "io.github.21st-dev/magic-mcp")
        .unwrap();
    assert_eq!(magic.command.as_ref().unwrap().value, "npx");
    assert_eq!(magic.argv(), ["-y", "@21st-dev/magic@0.0.46"]);
    assert_eq!(magic.env[0].name, "API_KEY");
    // Docker packages run through `docker run`.
    assert!(
        f.servers
            .iter()
            .any(|s| s.command.as_ref().is_some_and(|c| c.value == "docker")
                && s.argv().first() == Some(&"run"))
    );
    // Remotes keep their SSE transport.
    assert!(
        f.servers
            .iter()
            .any(|s| s.transport == Transport::Sse && s.url.is_some())
    );
    // Without `--client`, the content tells it is a registry list.
    let sniffed = warden_inventory::check_path(&path, None);
    assert_eq!(sniffed.files[0].client, "registry");
}

#[test]
fn load_file_keeps_the_document_for_rewriting() {
    let path = fixtures().join("linux-home/.cursor/mcp.json");
    let f = warden_inventory::load_file(&path, "cursor", Scope::User).unwrap();
    let doc = f.document.clone().unwrap();
    assert_eq!(doc.text, std::fs::read_to_string(&path).unwrap());
    let s = &f.servers[0];
    let a = &s.args[1];
    assert_eq!(
        &doc.text[a.span.start..a.span.end],
        "\"${workspaceFolder}${/}data\""
    );
    let err = warden_inventory::load_file(
        &fixtures().join("malformed/.vscode/mcp.json"),
        "vscode",
        Scope::Project,
    )
    .unwrap_err();
    assert_eq!((err.line, err.column), (3, 49));
    assert_eq!(
        warden_inventory::client_for_path(Path::new("/r/.vscode/mcp.json")),
        Some(("vscode", Scope::Project))
    );
}

#[test]
fn clients_have_unique_kebab_case_ids() {
    let c = warden_inventory::clients();
    let ids: Vec<_> = c.iter().map(|c| c.id).collect();
    for want in [
        "claude-desktop",
        "claude-code",
        "cursor",
        "vscode",
        "vscode-insiders",
        "windsurf",
        "zed",
        "continue",
        "cline",
        "roo",
        "gemini",
        "codex",
        "goose",
        "lmstudio",
        "amazonq",
        "kiro",
        "junie",
        "copilot-cli",
        "opencode",
        "warp",
    ] {
        assert!(ids.contains(&want), "{want}");
    }
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len());
    assert!(
        ids.iter()
            .all(|i| i.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
    );
}
