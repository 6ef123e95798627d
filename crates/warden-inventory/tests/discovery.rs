//! Discovery against fixture homes (Linux, macOS, Windows) and a fixture project: every
//! client's files are found at their per-OS paths and read into the right servers, scopes
//! and spans.

use std::path::{Path, PathBuf};

use warden_core::spec::{ConfigFile, LaunchSpec, Scope, Transport};
use warden_inventory::{HostEnv, Inventory, Os};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn linux() -> Inventory {
    warden_inventory::scan_machine(&HostEnv::new(Os::Linux, fixtures().join("linux-home")))
}

/// The server `name` of `client`, read from a file whose path ends with `file`.
fn server<'a>(inv: &'a Inventory, client: &str, file: &str, name: &str) -> &'a LaunchSpec {
    let f = file_of(inv, client, file);
    f.servers
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no server {name} in {}", f.path.display()))
}

fn file_of<'a>(inv: &'a Inventory, client: &str, file: &str) -> &'a ConfigFile {
    inv.files
        .iter()
        .find(|f| f.client == client && f.path.ends_with(file))
        .unwrap_or_else(|| panic!("no {client} file {file}"))
}

fn names(f: &ConfigFile) -> Vec<&str> {
    f.servers.iter().map(|s| s.name.as_str()).collect()
}

/// Line and column of a span, and the text it covers in the file.
fn at(f: &ConfigFile, span: warden_core::Span) -> (u32, u32, String) {
    let doc = f.document.as_ref().expect("document kept");
    (
        span.line,
        span.column,
        doc.text[span.start..span.end].to_string(),
    )
}

#[test]
fn every_client_of_a_linux_home_is_found() {
    let inv = linux();
    assert!(inv.errors.is_empty(), "{:?}", inv.errors);
    let expect: &[(&str, &str, &[&str])] = &[
        (
            "claude-desktop",
            ".config/Claude/claude_desktop_config.json",
            &["filesystem", "time"],
        ),
        ("claude-code", ".claude.json", &["github", "linear", "db"]),
        ("claude-code", "plugins/db/.mcp.json", &["postgres"]),
        ("claude-code", ".claude-plugin/plugin.json", &["redis"]),
        ("cursor", ".cursor/mcp.json", &["weather", "sentry"]),
        (
            "vscode",
            "Code/User/mcp.json",
            &["postgres", "github-remote"],
        ),
        ("vscode", "Code/User/settings.json", &["legacy-fetch"]),
        ("vscode", "profiles/5d2f/mcp.json", &["memory"]),
        (
            "vscode-insiders",
            "Code - Insiders/User/mcp.json",
            &["everything"],
        ),
        (
            "windsurf",
            ".codeium/windsurf/mcp_config.json",
            &["brave", "remote-docs"],
        ),
        (
            "zed",
            ".config/zed/settings.json",
            &["sqlite", "old-style", "off"],
        ),
        ("continue", ".continue/config.yaml", &["weather", "docs"]),
        (
            "continue",
            ".continue/config.json",
            &["modelContextProtocolServers[0]"],
        ),
        (
            "continue",
            ".continue/mcpServers/browser.yaml",
            &["playwright"],
        ),
        ("cline", "cline_mcp_settings.json", &["weather", "remote"]),
        ("roo", "mcp_settings.json", &["puppeteer"]),
        (
            "gemini",
            ".gemini/settings.json",
            &["weather", "events", "api"],
        ),
        ("gemini", "cloud/gemini-extension.json", &["cloud-run"]),
        (
            "codex",
            ".codex/config.toml",
            &["weather", "inline", "figma"],
        ),
        ("goose", ".config/goose/config.yaml", &["weather", "tavily"]),
        ("lmstudio", ".lmstudio/mcp.json", &["hf"]),
        ("amazonq", ".aws/amazonq/mcp.json", &["aws-docs"]),
        ("amazonq", "cli-agents/dev.json", &["git"]),
        ("kiro", ".kiro/settings/mcp.json", &["fetch"]),
        ("junie", ".junie/mcp/mcp.json", &["jetbrains"]),
        ("copilot-cli", ".copilot/mcp-config.json", &["github"]),
        (
            "opencode",
            "opencode/opencode.jsonc",
            &["weather", "context7"],
        ),
        ("warp", ".warp/.mcp.json", &["weather"]),
        (
            "antigravity",
            "antigravity/mcp_config.json",
            &["context7", "remote"],
        ),
        ("amp", "amp/settings.json", &["playwright"]),
        ("crush", "crush/crush.json", &["filesystem", "github"]),
        ("trae", "Trae/User/mcp.json", &["trae-tool"]),
        ("factory", ".factory/mcp.json", &["droid-tool"]),
        ("kimi", ".kimi/mcp.json", &["kimi-tool"]),
        ("qoder", ".qoder/mcp.json", &["qoder-tool"]),
        ("vibe", ".vibe/config.toml", &["fetch", "remote"]),
    ];
    for (client, file, servers) in expect {
        assert_eq!(
            names(file_of(&inv, client, file)),
            *servers,
            "{client} {file}"
        );
    }
    // Every supported client was looked for, and every row of a found file counts its servers.
    for c in warden_inventory::clients() {
        if ["registry", "mcpb", "generic"].contains(&c.id) {
            continue;
        }
        assert!(
            inv.looked.iter().any(|l| l.client == c.id),
            "{} never looked for",
            c.id
        );
    }
    for l in &inv.looked {
        if let Some(f) = inv
            .files
            .iter()
            .find(|f| f.path == l.path && f.client == l.client)
        {
            assert!(l.found);
            assert_eq!(l.servers, f.servers.len(), "{}", l.path.display());
        }
    }
    // Locations that do not exist are reported as absent, with their full path.
    let managed = inv
        .looked
        .iter()
        .find(|l| l.client == "claude-code" && l.scope == Scope::Managed)
        .expect("managed location");
    assert_eq!(managed.path, Path::new("/etc/claude-code/managed-mcp.json"));
    let absent_glob = inv
        .looked
        .iter()
        .find(|l| l.client == "vscode-insiders" && l.path.to_string_lossy().contains("profiles/*"))
        .expect("pattern row");
    assert!(!absent_glob.found);
}

#[test]
fn claude_code_scopes_settings_and_spans() {
    let inv = linux();
    let f = file_of(&inv, "claude-code", ".claude.json");
    let gh = server(&inv, "claude-code", ".claude.json", "github");
    assert_eq!(gh.scope, Scope::User);
    assert_eq!(at(f, gh.name_span), (4, 5, "\"github\"".into()));
    let cmd = gh.command.as_ref().unwrap();
    assert_eq!(at(f, cmd.span), (6, 18, "\"npx\"".into()));
    assert_eq!(at(f, gh.args[1].span).0, 7);
    assert_eq!(gh.env[0].name, "GITHUB_PERSONAL_ACCESS_TOKEN");
    assert_eq!(gh.env[0].value.as_ref().unwrap().value, "${GITHUB_TOKEN}");
    // The entry span is the whole object, as `wrap` needs it.
    assert!(at(f, gh.entry_span).2.starts_with('{'));
    assert!(at(f, gh.entry_span).2.ends_with('}'));

    let linear = server(&inv, "claude-code", ".claude.json", "linear");
    assert_eq!(linear.transport, Transport::Http);
    assert_eq!(linear.headers[0].name, "Authorization");
    assert!(linear.options.iter().any(|o| o.key == "headersHelper"));

    let db = server(&inv, "claude-code", ".claude.json", "db");
    assert_eq!(db.scope, Scope::Local);
    let project = db.options.iter().find(|o| o.key == "project").unwrap();
    assert_eq!(project.value, "/home/dev/src/app");
    assert!(f.settings.iter().any(
        |s| s.key == "projects./home/dev/src/app.enabledMcpjsonServers" && s.value == "repo-tools"
    ));

    let settings = file_of(&inv, "claude-code", ".claude/settings.json");
    assert_eq!(settings.settings[0].key, "enableAllProjectMcpServers");
    assert_eq!(settings.settings[0].value, "true");
    assert_eq!(
        (
            settings.settings[0].span.line,
            settings.settings[0].span.column
        ),
        (2, 33)
    );

    let plugin = server(&inv, "claude-code", "plugins/db/.mcp.json", "postgres");
    assert_eq!(plugin.scope, Scope::Plugin);
    assert_eq!(
        plugin.command.as_ref().unwrap().value,
        "${CLAUDE_PLUGIN_ROOT}/bin/pg-mcp"
    );
}

#[test]
fn claude_desktop_bundles_are_launch_specs() {
    let inv = linux();
    let f = file_of(&inv, "claude-desktop", "ant.dir.weather/manifest.json");
    assert_eq!(f.scope, Scope::Plugin);
    assert_eq!(names(f), ["weather", "weather (win32)"]);
    let base = &f.servers[0];
    assert_eq!(base.command.as_ref().unwrap().value, "node");
    assert_eq!(
        base.argv(),
        [
            "${__dirname}/server/index.js",
            "--data",
            "${user_config.data_dir}"
        ]
    );
    // Switched off in `Claude Extensions Settings/<id>.json`.
    assert!(!base.enabled);
    let win = &f.servers[1];
    assert_eq!(win.command.as_ref().unwrap().value, "node.exe");
    assert!(win.env.iter().any(|e| e.name == "NODE_OPTIONS"));
    assert!(
        win.options
            .iter()
            .any(|o| o.key == "mcpb.platform" && o.value == "win32")
    );
}

#[test]
fn vscode_inputs_settings_and_jsonc() {
    let inv = linux();
    let f = file_of(&inv, "vscode", "Code/User/mcp.json");
    assert!(
        f.document.as_ref().unwrap().relaxed_syntax,
        "comments and trailing commas"
    );
    assert!(
        f.settings
            .iter()
            .any(|s| s.key == "inputs.pg-password" && s.value.contains("password"))
    );
    let pg = server(&inv, "vscode", "Code/User/mcp.json", "postgres");
    assert_eq!(pg.args.len(), 6);
    assert_eq!(
        at(f, pg.args[5].span),
        (10, 57, "\"mcp/postgres:latest\"".into())
    );
    let s = file_of(&inv, "vscode", "Code/User/settings.json");
    let keys: Vec<_> = s.settings.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["chat.mcp.autostart", "chat.tools.autoApprove"]);
    let remote = server(&inv, "vscode", "Code/User/mcp.json", "github-remote");
    assert_eq!(remote.transport, Transport::Http);
}

#[test]
fn transports_urls_and_enablement_per_client() {
    let inv = linux();
    let cases: &[(&str, &str, &str, Transport, bool)] = &[
        ("cursor", ".cursor/mcp.json", "sentry", Transport::Sse, true),
        (
            "windsurf",
            "mcp_config.json",
            "brave",
            Transport::Stdio,
            false,
        ),
        (
            "windsurf",
            "mcp_config.json",
            "remote-docs",
            Transport::Http,
            true,
        ),
        ("zed", "zed/settings.json", "off", Transport::Stdio, false),
        ("continue", "config.yaml", "docs", Transport::Http, true),
        (
            "cline",
            "cline_mcp_settings.json",
            "remote",
            Transport::Http,
            true,
        ),
        // Gemini: `url` is SSE even without /sse, `httpUrl` streamable HTTP.
        (
            "gemini",
            ".gemini/settings.json",
            "events",
            Transport::Sse,
            true,
        ),
        (
            "gemini",
            ".gemini/settings.json",
            "api",
            Transport::Http,
            true,
        ),
        ("codex", "config.toml", "inline", Transport::Stdio, false),
        ("codex", "config.toml", "figma", Transport::Http, true),
        ("goose", "config.yaml", "tavily", Transport::Http, false),
        (
            "opencode",
            "opencode.jsonc",
            "context7",
            Transport::Http,
            false,
        ),
        (
            "antigravity",
            "mcp_config.json",
            "remote",
            Transport::Sse,
            true,
        ),
    ];
    for (client, file, name, transport, enabled) in cases {
        let s = server(&inv, client, file, name);
        assert_eq!(&s.transport, transport, "{client} {name}");
        assert_eq!(s.enabled, *enabled, "{client} {name}");
    }
    assert_eq!(
        server(&inv, "windsurf", "mcp_config.json", "remote-docs")
            .url
            .as_ref()
            .unwrap()
            .value,
        "https://docs.example.com/mcp"
    );
}

#[test]
fn client_specific_fields() {
    let inv = linux();
    // Zed's oldest form: `command: {path, args, env}`; extension servers are not specs.
    let old = server(&inv, "zed", "zed/settings.json", "old-style");
    assert_eq!(
        old.command.as_ref().unwrap().value,
        "/usr/local/bin/old-mcp"
    );
    assert_eq!(old.argv(), ["--stdio"]);
    assert_eq!(old.env[0].name, "LOG");
    let zed = file_of(&inv, "zed", "zed/settings.json");
    assert!(
        zed.settings
            .iter()
            .any(|s| s.key == "agent.always_allow_tool_actions")
    );

    // Continue: list entries named by `name`, with spans on the name value.
    let w = server(&inv, "continue", "config.yaml", "weather");
    assert_eq!((w.name_span.line, w.name_span.column), (5, 11));
    assert_eq!(
        w.env[0].value.as_ref().unwrap().value,
        "${{ secrets.WEATHER_API_KEY }}"
    );
    assert_eq!(w.cwd.as_ref().unwrap().value, "/home/dev/weather");
    let legacy = server(
        &inv,
        "continue",
        "config.json",
        "modelContextProtocolServers[0]",
    );
    assert_eq!(legacy.command.as_ref().unwrap().value, "uvx");

    // Gemini `trust`, Cline `autoApprove`, Roo `alwaysAllow` kept as options.
    let g = server(&inv, "gemini", ".gemini/settings.json", "weather");
    assert!(
        g.options
            .iter()
            .any(|o| o.key == "trust" && o.value == "true")
    );
    let c = server(&inv, "cline", "cline_mcp_settings.json", "weather");
    assert!(
        c.options
            .iter()
            .any(|o| o.key == "autoApprove" && o.value == "get_forecast,get_alerts")
    );
    let r = server(&inv, "roo", "mcp_settings.json", "puppeteer");
    assert!(r.options.iter().any(|o| o.key == "alwaysAllow"));

    // Codex: env sub-table, env_vars, a number argument as its text, TOML spans.
    let cw = server(&inv, "codex", "config.toml", "weather");
    assert_eq!(cw.env[0].name, "LOG_LEVEL");
    assert!(
        cw.options
            .iter()
            .any(|o| o.key == "env_vars" && o.value == "WEATHER_API_KEY")
    );
    let inline = server(&inv, "codex", "config.toml", "inline");
    assert_eq!(inline.argv(), ["mcp-server-time", "42"]);
    assert_eq!(inline.env[0].name, "TZ");
    let cf = file_of(&inv, "codex", "config.toml");
    assert_eq!(
        at(cf, cw.command.as_ref().unwrap().span),
        (6, 11, "\"npx\"".into())
    );
    assert!(
        cf.settings
            .iter()
            .any(|s| s.key == "approval_policy" && s.value == "never")
    );

    // Goose: `cmd`, `envs`, `env_keys` (value kept elsewhere), builtins skipped, GOOSE_MODE.
    let gw = server(&inv, "goose", "config.yaml", "weather");
    assert_eq!(gw.command.as_ref().unwrap().value, "npx");
    let key = gw.env.iter().find(|e| e.name == "WEATHER_API_KEY").unwrap();
    assert!(key.value.is_none());
    assert!(
        gw.env
            .iter()
            .any(|e| e.name == "LOG_LEVEL" && e.value.is_some())
    );
    let gf = file_of(&inv, "goose", "config.yaml");
    assert!(!names(gf).contains(&"developer"));
    assert!(
        gf.settings
            .iter()
            .any(|s| s.key == "GOOSE_MODE" && s.value == "auto")
    );

    // opencode: command array holds the arguments; `environment`.
    let o = server(&inv, "opencode", "opencode.jsonc", "weather");
    assert_eq!(o.command.as_ref().unwrap().value, "npx");
    assert_eq!(o.argv(), ["-y", "@example/weather-mcp"]);
    assert_eq!(
        o.env[0].value.as_ref().unwrap().value,
        "{env:WEATHER_API_KEY}"
    );

    // Warp `working_directory`; Copilot CLI `type: local`; Amp's dotted key.
    let wp = server(&inv, "warp", ".warp/.mcp.json", "weather");
    assert_eq!(wp.cwd.as_ref().unwrap().value, "/home/dev/weather");
    assert!(wp.options.iter().any(|o| o.key == "start_on_launch"));
    assert_eq!(
        server(&inv, "copilot-cli", "mcp-config.json", "github").transport,
        Transport::Stdio
    );
    let amp = file_of(&inv, "amp", "amp/settings.json");
    assert!(
        amp.settings
            .iter()
            .any(|s| s.key == "amp.dangerouslyAllowAll")
    );
    let q = file_of(&inv, "amazonq", "cli-agents/dev.json");
    assert!(q.settings.iter().any(|s| s.key == "useLegacyMcpJson"));
}

#[test]
fn env_vars_relocate_configs() {
    let home = fixtures().join("linux-home");
    // CODEX_HOME and XDG_CONFIG_HOME pointing elsewhere: the default files are not read.
    let env = HostEnv::new(Os::Linux, &home)
        .with_var("CODEX_HOME", home.join("nowhere").to_string_lossy())
        .with_var("XDG_CONFIG_HOME", home.join(".codex").to_string_lossy());
    let inv = warden_inventory::scan_machine(&env);
    assert!(!inv.files.iter().any(|f| f.client == "codex"));
    assert!(!inv.files.iter().any(|f| f.client == "zed"));
    let codex = inv.looked.iter().find(|l| l.client == "codex").unwrap();
    assert_eq!(codex.path, home.join("nowhere/config.toml"));
    assert!(!codex.found);
    // CLAUDE_CONFIG_DIR moves `.claude.json`.
    let env = HostEnv::new(Os::Linux, fixtures().join("macos-home"))
        .with_var("CLAUDE_CONFIG_DIR", home.to_string_lossy());
    let inv = warden_inventory::scan_machine(&env);
    assert!(
        inv.files
            .iter()
            .any(|f| f.client == "claude-code" && f.path == home.join(".claude.json"))
    );
}

#[test]
fn macos_home() {
    let inv =
        warden_inventory::scan_machine(&HostEnv::new(Os::MacOs, fixtures().join("macos-home")));
    assert!(inv.errors.is_empty(), "{:?}", inv.errors);
    let got: Vec<(&str, &str)> = inv
        .servers()
        .map(|s| (s.client.as_str(), s.name.as_str()))
        .collect();
    for want in [
        ("claude-desktop", "mac-fs"),
        ("vscode", "mac-vscode"),
        ("zed", "mac-zed"),
        ("goose", "mac-goose"),
        ("cline", "mac-cline"),
    ] {
        assert!(got.contains(&want), "{want:?} in {got:?}");
    }
    let cd = file_of(&inv, "claude-desktop", "claude_desktop_config.json");
    assert!(
        cd.path
            .to_string_lossy()
            .contains("Library/Application Support/Claude")
    );
    let managed = inv
        .looked
        .iter()
        .find(|l| l.client == "claude-code" && l.scope == Scope::Managed)
        .unwrap();
    assert_eq!(
        managed.path,
        Path::new("/Library/Application Support/ClaudeCode/managed-mcp.json")
    );
}

#[test]
fn windows_appdata_tree() {
    let root = fixtures().join("windows");
    let user = root.join("Users/dev");
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let env = HostEnv::new(Os::Windows, &user)
        .with_var("USERPROFILE", s(&user))
        .with_var("APPDATA", s(&user.join("AppData/Roaming")))
        .with_var("LOCALAPPDATA", s(&user.join("AppData/Local")))
        .with_var("ProgramFiles", s(&root.join("Program Files")))
        .with_var("ProgramData", s(&root.join("ProgramData")));
    let inv = warden_inventory::scan_machine(&env);
    assert!(inv.errors.is_empty(), "{:?}", inv.errors);
    let got: Vec<(&str, &str, Scope)> = inv
        .servers()
        .map(|s| (s.client.as_str(), s.name.as_str(), s.scope))
        .collect();
    for want in [
        ("claude-desktop", "win-fs", Scope::User),
        ("claude-desktop", "msix-server", Scope::User),
        ("claude-code", "corp-approved", Scope::Managed),
        ("gemini", "corp-gemini", Scope::Managed),
        ("vscode", "win-vscode", Scope::User),
        ("zed", "win-zed", Scope::User),
        ("goose", "win-goose", Scope::User),
        ("codex", "win-codex", Scope::User),
        ("cursor", "win-cursor", Scope::User),
    ] {
        assert!(got.contains(&want), "{want:?} in {got:?}");
    }
    let fs = server(
        &inv,
        "claude-desktop",
        "Roaming/Claude/claude_desktop_config.json",
        "win-fs",
    );
    assert_eq!(fs.argv()[4], r"C:\Users\dev\Documents");
}

#[test]
fn project_scan_reads_every_project_file() {
    let dir = fixtures().join("project");
    let inv = warden_inventory::scan_project(&dir, &HostEnv::new(Os::Linux, "/nonexistent"));
    assert!(inv.errors.is_empty(), "{:?}", inv.errors);
    let mut got: Vec<(String, String)> = inv
        .servers()
        .map(|s| (s.client.clone(), s.name.clone()))
        .collect();
    got.sort();
    let mut want: Vec<(String, String)> = [
        ("amazonq", "q-proj"),
        ("claude-code", "installer"),
        ("claude-code", "repo-tools"),
        ("codex", "proj"),
        ("continue", "copied"),
        ("continue", "weather"),
        ("cursor", "local-script"),
        ("gemini", "proj"),
        ("junie", "junie-proj"),
        ("kiro", "kiro-proj"),
        ("opencode", "oc-proj"),
        ("roo", "roo-proj"),
        ("vscode", "weather"),
        ("warp", "warp-proj"),
        ("zed", "ctx"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    want.sort();
    assert_eq!(got, want);
    assert!(inv.servers().all(|s| s.scope == Scope::Project));
    // Settings-only files count too.
    let cs = file_of(&inv, "claude-code", ".claude/settings.json");
    assert_eq!(cs.settings[1].key, "enabledMcpjsonServers");
    assert_eq!(cs.settings[1].value, "repo-tools,installer");
}

#[test]
fn directory_walk_honours_gitignore_and_sniffs_registry_files() {
    let dir = fixtures().join("project");
    let inv = warden_inventory::check_path(&dir, None);
    assert!(inv.errors.is_empty(), "{:?}", inv.errors);
    let all: Vec<&str> = inv.servers().map(|s| s.name.as_str()).collect();
    assert!(
        !all.contains(&"must-not-be-found"),
        "vendor/ is in .gitignore"
    );
    assert!(all.contains(&"nested"));
    // A web app's manifest.json is not a bundle; the bundle next to server.json is.
    assert!(
        !inv.files
            .iter()
            .any(|f| f.path.ends_with("packages/manifest.json"))
    );
    let m = file_of(&inv, "mcpb", "inner/manifest.json");
    assert_eq!(m.scope, Scope::Registry);
    let r = file_of(&inv, "registry", "inner/server.json");
    assert_eq!(r.servers.len(), 7);
}
