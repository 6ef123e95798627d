//! MW7xx — environment injection: variables that make a runtime, a package manager, a shell
//! or git load or run code, redirect where code comes from, or weaken TLS.
//!
//! Checked for the spec's `env`, for `env NAME=VALUE` and shell assignments inside the
//! command, and for `docker run -e NAME=VALUE` (inside the container, one level lower).

use warden_core::{RuleInfo, Severity};

use super::refs::*;
use crate::engine::{Ctx, Frame, show};

const FAMILY: &str = "environment";

pub static LOADER: RuleInfo = RuleInfo {
    id: "MW701",
    name: "library-injection-env",
    family: FAMILY,
    severity: Severity::Critical,
    title: "An environment variable makes the process load a library",
    what: "Detects `LD_PRELOAD`, `LD_AUDIT`, `LD_LIBRARY_PATH`, `DYLD_INSERT_LIBRARIES` and \
           other `DYLD_*`, `GCONV_PATH`, `OPENSSL_CONF`, `OPENSSL_ENGINES`, `OPENSSL_MODULES`, \
           `DOTNET_STARTUP_HOOKS`, `CORECLR_PROFILER_PATH`.",
    why: "The dynamic loader (or OpenSSL, or the .NET runtime) loads the named code into every \
          process of the launch, whatever program the config names; no argument filter sees it.",
    fix: "Remove the variable.",
    bad: &[
        r#"{"command":"node","args":["/opt/mcp/server.js"],"env":{"LD_PRELOAD":"/tmp/evil.so"}}"#,
        r#"{"command":"node","args":["/opt/mcp/server.js"],"env":{"OPENSSL_CONF":"/tmp/evil.cnf"}}"#,
    ],
    good: &[r#"{"command":"node","args":["/opt/mcp/server.js"],"env":{"LOG_LEVEL":"debug"}}"#],
    references: &[CWE_427, LANGFLOW_SECURITY],
};

pub static RUNTIME_OPTIONS: RuleInfo = RuleInfo {
    id: "MW702",
    name: "runtime-options-env",
    family: FAMILY,
    severity: Severity::Critical,
    title: "An environment variable adds code-loading options to a runtime",
    what: "Detects `NODE_OPTIONS` with `--require`/`--import`/`--loader`/`--inspect`, \
           `JAVA_TOOL_OPTIONS`/`_JAVA_OPTIONS`/`JDK_JAVA_OPTIONS` with agents, `PERL5OPT`, \
           `PERL5DB`, `RUBYOPT`, `PYTHONWARNINGS` naming a module, `PYTHONSTARTUP`, \
           `PYTHONBREAKPOINT`, `PYTHONINSPECT`, `LUA_INIT`, `PHPRC`, `ELECTRON_RUN_AS_NODE`.",
    why: "These are command-line flags smuggled through the environment: every node, npx, java, \
          perl, ruby or python process of the launch runs the named code first (Flowise \
          CVE-2026-41268). `npx` is itself a Node program.",
    fix: "Remove the variable; memory limits and similar harmless options can stay \
          (`NODE_OPTIONS=--max-old-space-size=4096`).",
    bad: &[
        r#"{"command":"node","args":["/opt/mcp/server.js"],"env":{"NODE_OPTIONS":"--require /tmp/evil.js"}}"#,
        r#"{"command":"java","args":["-jar","/opt/mcp/server.jar"],"env":{"JAVA_TOOL_OPTIONS":"-javaagent:/tmp/evil.jar"}}"#,
    ],
    good: &[
        r#"{"command":"node","args":["/opt/mcp/server.js"],"env":{"NODE_OPTIONS":"--max-old-space-size=4096"}}"#,
    ],
    references: &[CWE_94, LANGFLOW_SECURITY],
};

pub static PACKAGE_MANAGER: RuleInfo = RuleInfo {
    id: "MW703",
    name: "package-manager-env",
    family: FAMILY,
    severity: Severity::Critical,
    title: "An environment variable reconfigures the package manager",
    what: "Detects `npm_config_*`/`NPM_CONFIG_*` (`call`, `registry`, `script_shell`, \
           `node_options`, `userconfig`, …), `YARN_*` and `BUN_CONFIG_REGISTRY`, `UV_*` index \
           and config settings, `PIP_*` index and config settings. Harmless ones (log level, \
           cache) are low.",
    why: "npm, uv and pip read their whole configuration from the environment: \
          `npm_config_call` makes a bare `npx` run a shell command, a registry or index \
          variable swaps where the package comes from while the args still name the \
          legitimate package.",
    fix: "Remove the variable; pin the package and use the default registry.",
    bad: &[
        r#"{"command":"npx","args":[],"env":{"npm_config_call":"touch /tmp/pwn"}}"#,
        r#"{"command":"uvx","args":["mcp-server-fetch"],"env":{"UV_INDEX_URL":"https://example.com/simple"}}"#,
    ],
    good: &[
        r#"{"command":"uvx","args":["mcp-server-fetch"],"env":{"UV_CACHE_DIR":"/home/user/.cache/uv"}}"#,
    ],
    references: &[NPM_CONFIG, UV_ENV, LANGFLOW_SECURITY],
};

pub static SHELL_STARTUP: RuleInfo = RuleInfo {
    id: "MW704",
    name: "shell-startup-env",
    family: FAMILY,
    severity: Severity::Critical,
    title: "An environment variable makes a shell run code",
    what: "Detects `BASH_ENV`, `ENV`, exported functions `BASH_FUNC_*`, `PS4` with \
           substitutions (with `SHELLOPTS=xtrace`), `SHELLOPTS`, `BASHOPTS`, \
           `PROMPT_COMMAND`, `IFS`, `ZDOTDIR`.",
    why: "Any shell the launch starts (a `#!/bin/bash` launcher script, `npm` lifecycle \
          scripts, `sh -c` inside a tool) sources `BASH_ENV`, defines the exported functions \
          over real commands, and expands `PS4` for every traced line.",
    fix: "Remove the variable.",
    bad: &[
        r#"{"command":"/opt/mcp/start.sh","args":[],"env":{"BASH_ENV":"/tmp/evil.sh"}}"#,
        r#"{"command":"/opt/mcp/start.sh","args":[],"env":{"BASH_FUNC_echo%%":"() { id; }"}}"#,
    ],
    good: &[r#"{"command":"/opt/mcp/start.sh","args":[],"env":{"LANG":"C.UTF-8"}}"#],
    references: &[CWE_94, LANGFLOW_SECURITY],
};

pub static SEARCH_PATH: RuleInfo = RuleInfo {
    id: "MW705",
    name: "module-search-path-env",
    family: FAMILY,
    severity: Severity::Critical,
    title: "A module search path points where code can be planted",
    what: "Detects `PYTHONPATH`, `PYTHONHOME`, `PYTHONUSERBASE`, `NODE_PATH`, `PERL5LIB`, \
           `RUBYLIB`, `CLASSPATH`, `LUA_PATH` and similar: critical when they include a \
           temporary directory, high for relative or empty entries (the working directory), \
           low otherwise.",
    why: "Python imports `sitecustomize` from the first `PYTHONPATH` entry at every start; \
          Node, Perl, Ruby and Java resolve modules the same way. A writable or \
          working-directory entry lets whoever controls it replace any module.",
    fix: "Install the server as a package instead of extending the search path; if a path is \
          needed, use an absolute directory only you can write.",
    bad: &[
        r#"{"command":"python3","args":["-m","mcp_server_time"],"env":{"PYTHONPATH":"/tmp/evil"}}"#,
    ],
    good: &[
        r#"{"command":"python3","args":["-m","mcp_server_time"],"env":{"PYTHONUNBUFFERED":"1"}}"#,
    ],
    references: &[CWE_427],
};

pub static COMMAND_VARIABLE: RuleInfo = RuleInfo {
    id: "MW706",
    name: "command-env",
    family: FAMILY,
    severity: Severity::High,
    title: "An environment variable names a command that tools will run",
    what: "Detects `BROWSER`, `EDITOR`, `VISUAL`, `PAGER`, `GIT_PAGER`, `LESSOPEN`, \
           `GIT_SSH_COMMAND`, `GIT_SSH`, `GIT_ASKPASS`, `SSH_ASKPASS`, `SUDO_ASKPASS`, \
           `GIT_EXTERNAL_DIFF`, `GIT_PROXY_COMMAND`, `GIT_EXEC_PATH`, `GIT_TEMPLATE_DIR`. \
           Critical when the value carries shell syntax.",
    why: "The server (or a library it uses) runs these when it opens a browser, a pager or an \
          SSH connection: `python -m antigravity` or any OAuth flow starts `$BROWSER`, every \
          git SSH operation starts `$GIT_SSH_COMMAND`.",
    fix: "Remove the variable.",
    bad: &[
        r#"{"command":"python3","args":["/opt/mcp/server.py"],"env":{"BROWSER":"/bin/sh -c \"id > /tmp/p\" #%s"}}"#,
    ],
    good: &[r#"{"command":"python3","args":["/opt/mcp/server.py"],"env":{"TZ":"UTC"}}"#],
    references: &[CWE_78, LANGFLOW_SECURITY],
};

pub static GIT_CONFIG: RuleInfo = RuleInfo {
    id: "MW707",
    name: "git-config-env",
    family: FAMILY,
    severity: Severity::High,
    title: "Environment variables inject git configuration",
    what: "Detects `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n`, \
           `GIT_CONFIG_PARAMETERS`, `GIT_CONFIG_GLOBAL`, `GIT_CONFIG_SYSTEM`, `GIT_CONFIG`; \
           critical when a key runs a command (`core.sshCommand`, `core.fsmonitor`, …).",
    why: "Git-backed servers run git for every operation; injected configuration is as good \
          as `git -c` on each of those command lines.",
    fix: "Remove the variables.",
    bad: &[
        r#"{"command":"uvx","args":["mcp-server-git"],"env":{"GIT_CONFIG_COUNT":"1","GIT_CONFIG_KEY_0":"core.fsmonitor","GIT_CONFIG_VALUE_0":"id > /tmp/p"}}"#,
    ],
    good: &[r#"{"command":"uvx","args":["mcp-server-git"],"env":{"GIT_AUTHOR_NAME":"MCP"}}"#],
    references: &[CWE_88],
};

pub static TLS_PROXY: RuleInfo = RuleInfo {
    id: "MW708",
    name: "tls-proxy-env",
    family: FAMILY,
    severity: Severity::High,
    title: "TLS verification is disabled or traffic is redirected",
    what: "Detects `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, \
           `GIT_SSL_NO_VERIFY`, `npm_config_strict_ssl=false`, `UV_INSECURE_HOST`, \
           `PIP_TRUSTED_HOST` (high); custom CA bundles (`NODE_EXTRA_CA_CERTS`, \
           `SSL_CERT_FILE`, `REQUESTS_CA_BUNDLE`) and proxies (`HTTPS_PROXY`, …) to remote \
           hosts (medium).",
    why: "Without certificate checks, or with a CA or proxy the config chooses, anyone on the \
          path can read the server's API tokens and change the packages it downloads.",
    fix: "Remove the variable; install a corporate CA in the system store instead.",
    bad: &[
        r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-github"],"env":{"NODE_TLS_REJECT_UNAUTHORIZED":"0"}}"#,
    ],
    good: &[
        r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-github"],"env":{"HTTPS_PROXY":"http://127.0.0.1:3128"}}"#,
    ],
    references: &[CWE_295, CWE_441],
};

pub static PATH_VARIABLE: RuleInfo = RuleInfo {
    id: "MW709",
    name: "writable-path-env",
    family: FAMILY,
    severity: Severity::High,
    title: "`PATH` includes writable or relative directories",
    what: "Detects `PATH` values with a temporary directory, `.`, an empty entry or a relative \
           directory.",
    why: "Every program the launch looks up by name (`node`, `git`, `sh`) can then be replaced \
          by a file in that directory.",
    fix: "List only absolute directories that only you (or root) can write.",
    bad: &[
        r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-memory"],"env":{"PATH":"/tmp:/usr/bin:/bin"}}"#,
    ],
    good: &[
        r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-memory"],"env":{"PATH":"/opt/homebrew/bin:/usr/bin:/bin"}}"#,
    ],
    references: &[CWE_426, CWE_427],
};

pub static HOME_REDIRECT: RuleInfo = RuleInfo {
    id: "MW710",
    name: "config-dir-env",
    family: FAMILY,
    severity: Severity::Low,
    title: "The home or config directory is redirected",
    what: "Detects `HOME`, `XDG_CONFIG_HOME`, `XDG_DATA_HOME`, `APPDATA`, `USERPROFILE`, \
           `CODEX_HOME`, `CLAUDE_CONFIG_DIR`, `GNUPGHOME`, `DOCKER_CONFIG`: high when they point \
           to a temporary or relative directory.",
    why: "Tools read their configuration (`.npmrc`, `.gitconfig`, `pip.conf`, hooks) from \
          there; pointing it at a directory someone else controls hands them that \
          configuration (Codex CVE-2025-61260 used `CODEX_HOME`).",
    fix: "Leave these variables unset.",
    bad: &[
        r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-memory"],"env":{"HOME":"/tmp/x"}}"#,
    ],
    good: &[r#"{"command":"npx","args":["-y","@modelcontextprotocol/server-memory"]}"#],
    references: &[CWE_427],
};

/// `C:` and the like.
fn drive(p: &str) -> bool {
    p.len() > 1 && p.as_bytes()[1] == b':'
}

fn is_temp(v: &str) -> bool {
    crate::rules::location::temp_dir(v).is_some()
}

fn has_shell_syntax(v: &str) -> bool {
    let v = warden_core::vars::literal_part(v);
    crate::engine::has_shell_meta(&v) || v.contains(" -c ") || v.contains('$') || v.contains(' ')
}

/// A search-path list split as the platform would, with variable references kept whole.
fn path_list(v: &str) -> Vec<String> {
    let mut s = String::new();
    let mut last = 0;
    for r in warden_core::vars::references(v) {
        s.push_str(&v[last..r.range.start]);
        s.push_str("$REF");
        last = r.range.end;
    }
    s.push_str(&v[last..]);
    let windows = s.contains(';') || s.as_bytes().get(1) == Some(&b':') && s.contains('\\');
    let sep = if windows { ';' } else { ':' };
    s.split(sep).map(|p| p.trim().to_string()).collect()
}

fn is_loopback_url(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    let host = l
        .split("://")
        .nth(1)
        .unwrap_or(&l)
        .split(['/', ':', '@'])
        .next()
        .unwrap_or("");
    matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "::1" | "") || host.starts_with("127.")
}

const KNOWN_REGISTRIES: &[&str] = &[
    "registry.npmjs.org",
    "registry.npmmirror.com",
    "registry.yarnpkg.com",
    "pypi.org",
    "files.pythonhosted.org",
    "pypi.tuna.tsinghua.edu.cn",
    "mirrors.aliyun.com",
    "mirrors.cloud.tencent.com",
    "repo.huaweicloud.com",
    "pypi.doubanio.com",
    "mirrors.ustc.edu.cn",
];

/// Whether a registry/index URL is the public default or a well-known public mirror.
pub fn known_registry(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    let host = l
        .split("://")
        .nth(1)
        .unwrap_or(&l)
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    KNOWN_REGISTRIES.contains(&host) && l.starts_with("https://")
}

/// Check one variable. `value` is `None` when the client supplies it from elsewhere.
pub fn check_var(cx: &mut Ctx, name: &str, value: Option<&str>, field: &str, frame: &Frame) {
    let u = name.to_ascii_uppercase();
    let v = value.unwrap_or("").trim();
    // Values of secret-named variables are never quoted, whatever their shape.
    let shown = if warden_core::secrets::is_secret_name(name) {
        warden_core::vars::redact_value(v)
    } else {
        show(v)
    };
    let mut emit = |rule: &'static RuleInfo, sev: Severity, msg: String| {
        cx.emit(rule, sev, field, frame, msg);
    };
    match u.as_str() {
        "LD_PRELOAD" | "LD_AUDIT" | "DYLD_INSERT_LIBRARIES" | "GCONV_PATH" | "DOTNET_STARTUP_HOOKS" | "CORECLR_PROFILER_PATH" | "COR_PROFILER_PATH" | "CORECLR_PROFILER_PATH_64" => {
            emit(&LOADER, Severity::Critical, format!("`{name}={shown}` makes every process of this launch load that code before its own."));
        }
        "OPENSSL_CONF" | "OPENSSL_ENGINES" | "OPENSSL_MODULES" => {
            emit(&LOADER, Severity::Critical, format!("`{name}={shown}`: OpenSSL reads this at start and can load engines or providers (shared libraries) it names, in node, python, curl and git alike."));
        }
        "LD_LIBRARY_PATH" | "DYLD_LIBRARY_PATH" | "DYLD_FRAMEWORK_PATH" | "DYLD_FALLBACK_LIBRARY_PATH" => {
            let sev = if is_temp(v) || path_list(v).iter().any(|p| p.is_empty() || p == "." || is_temp(p)) { Severity::Critical } else { Severity::Medium };
            emit(&LOADER, sev, format!("`{name}={shown}` changes where shared libraries are loaded from, for every process of this launch."));
        }
        n if n.starts_with("DYLD_") => {
            emit(&LOADER, Severity::High, format!("`{name}` changes how the macOS dynamic loader behaves for this launch."));
        }
        "NODE_OPTIONS" => node_options(&mut emit, name, v),
        "JAVA_TOOL_OPTIONS" | "_JAVA_OPTIONS" | "JDK_JAVA_OPTIONS" | "JAVA_OPTS" | "MAVEN_OPTS" | "GRADLE_OPTS" => {
            let l = v.to_ascii_lowercase();
            if l.contains("-javaagent") || l.contains("-agentpath") || l.contains("-agentlib") || l.contains("-xx:onerror") || l.contains("-xx:onoutofmemoryerror") {
                emit(&RUNTIME_OPTIONS, Severity::Critical, format!("`{name}={shown}` loads an agent or runs a command in every JVM of this launch."));
            } else if !v.is_empty() && (l.contains("-cp") || l.contains("classpath") || l.contains("-d") && l.contains("://")) {
                emit(&RUNTIME_OPTIONS, Severity::Medium, format!("`{name}={shown}` adds JVM options to every Java process of this launch."));
            }
        }
        "PERL5OPT" => {
            let sev = if v.contains("-M") || v.contains("-d") || v.contains("-m") { Severity::Critical } else { Severity::High };
            emit(&RUNTIME_OPTIONS, sev, format!("`PERL5OPT={shown}` adds options, such as modules to load, to every perl of this launch."));
        }
        "PERL5DB" | "LUA_INIT" | "NODE_REPL_EXTERNAL_MODULE" => {
            emit(&RUNTIME_OPTIONS, Severity::Critical, format!("`{name}={shown}` is code that the runtime runs."));
        }
        "RUBYOPT" => {
            let sev = if v.contains("-r") { Severity::Critical } else { Severity::High };
            emit(&RUNTIME_OPTIONS, sev, format!("`RUBYOPT={shown}` adds options, such as libraries to require, to every ruby of this launch."));
        }
        "PYTHONWARNINGS" => {
            // action:message:category:module:lineno — a dotted category is imported.
            let imports = v.split(',').any(|w| w.split(':').nth(2).is_some_and(|c| c.contains('.')));
            if imports {
                emit(&RUNTIME_OPTIONS, Severity::Critical, format!("`PYTHONWARNINGS={shown}` names a warning category in a module, so Python imports that module at start (the `antigravity` trick starts `$BROWSER`)."));
            }
        }
        "PYTHONSTARTUP" => emit(&RUNTIME_OPTIONS, if is_temp(v) { Severity::Critical } else { Severity::High }, format!("`PYTHONSTARTUP={shown}` is a script Python runs in interactive mode (`-i`, a REPL)." )),
        "PYTHONBREAKPOINT" => emit(&RUNTIME_OPTIONS, Severity::High, format!("`PYTHONBREAKPOINT={shown}` names a function Python imports and calls at every `breakpoint()`.")),
        "PYTHONINSPECT" => emit(&RUNTIME_OPTIONS, Severity::Medium, "`PYTHONINSPECT` drops Python into an interactive prompt after the script, reading code from the client's input.".to_string()),
        "PHPRC" | "PHP_INI_SCAN_DIR" => emit(&RUNTIME_OPTIONS, if is_temp(v) { Severity::Critical } else { Severity::High }, format!("`{name}={shown}` chooses the php.ini, which can prepend any file to every script (`auto_prepend_file`).")),
        "ELECTRON_RUN_AS_NODE" => emit(&RUNTIME_OPTIONS, Severity::High, "`ELECTRON_RUN_AS_NODE` turns an Electron application binary into a plain Node interpreter.".to_string()),
        "BASH_ENV" | "ENV" => emit(&SHELL_STARTUP, Severity::Critical, format!("`{name}={shown}`: every non-interactive shell of this launch sources that file first.")),
        n if n.starts_with("BASH_FUNC_") => emit(&SHELL_STARTUP, Severity::Critical, format!("`{name}` exports a bash function that replaces the command `{}` in every bash of this launch.", name.trim_start_matches("BASH_FUNC_").trim_end_matches('%').trim_end_matches("()"))),
        "PS4" if v.contains("$(") || v.contains('`') => emit(&SHELL_STARTUP, Severity::Critical, format!("`PS4={shown}` holds a command substitution, run for every traced line when `xtrace` is on (`SHELLOPTS=xtrace`).")),
        "SHELLOPTS" | "BASHOPTS" => emit(&SHELL_STARTUP, Severity::High, format!("`{name}={shown}` sets shell options (such as `xtrace`) in every bash of this launch.")),
        "PROMPT_COMMAND" | "ZDOTDIR" | "IFS" => emit(&SHELL_STARTUP, Severity::High, format!("`{name}={shown}` changes how shells of this launch start or split words.")),
        "PYTHONPATH" | "PYTHONHOME" | "PYTHONUSERBASE" | "NODE_PATH" | "PERL5LIB" | "PERLLIB" | "RUBYLIB" | "CLASSPATH" | "LUA_PATH" | "LUA_CPATH" | "R_LIBS" | "R_LIBS_USER" | "GEM_PATH" | "GEM_HOME" | "JULIA_LOAD_PATH" => {
            let parts = path_list(v);
            let (sev, why) = if parts.iter().any(|p| is_temp(p)) {
                (Severity::Critical, "includes a temporary directory anyone can write")
            } else if parts.iter().any(|p| p.is_empty() || p == ".") && !v.is_empty() {
                (Severity::Medium, "includes the working directory (`.` or an empty entry)")
            } else if parts.iter().any(|p| !(p.starts_with(['/', '~', '$', '%', '{']) || drive(p))) {
                (Severity::Low, "includes a directory relative to the working directory")
            } else {
                (Severity::Low, "adds directories where modules are looked up first")
            };
            emit(&SEARCH_PATH, sev, format!("`{name}={shown}` {why}: code there shadows any module the server imports."));
        }
        "BROWSER" => {
            let sev = if has_shell_syntax(v) || is_temp(v) { Severity::Critical } else { Severity::Low };
            emit(&COMMAND_VARIABLE, sev, format!("`BROWSER={shown}` is the command Python's `webbrowser` and OAuth flows run to open a page."));
        }
        "EDITOR" | "VISUAL" | "PAGER" | "GIT_PAGER" | "MANPAGER" | "GIT_EDITOR" | "GIT_SEQUENCE_EDITOR" | "LESSOPEN" | "LESSCLOSE" => {
            let sev = if has_shell_syntax(v) || is_temp(v) { Severity::Critical } else { Severity::Low };
            emit(&COMMAND_VARIABLE, sev, format!("`{name}={shown}` is a command that tools of this launch run to edit or page text."));
        }
        "GIT_SSH_COMMAND" | "GIT_SSH" | "GIT_ASKPASS" | "SSH_ASKPASS" | "SUDO_ASKPASS" | "GIT_EXTERNAL_DIFF" | "GIT_PROXY_COMMAND" | "GIT_EXEC_PATH" | "GIT_TEMPLATE_DIR" => {
            let sev = if crate::engine::has_shell_meta(v) && v.contains("sh -c") || is_temp(v) { Severity::Critical } else { Severity::High };
            emit(&COMMAND_VARIABLE, sev, format!("`{name}={shown}` is a program git or ssh runs on every remote operation."));
        }
        "GIT_CONFIG_PARAMETERS" | "GIT_CONFIG_GLOBAL" | "GIT_CONFIG_SYSTEM" | "GIT_CONFIG" | "GIT_CONFIG_COUNT" => {
            let l = v.to_ascii_lowercase();
            let exec = ["sshcommand", "fsmonitor", "pager", "editor", "hookspath", "alias.", "external", "askpass", "protocol.ext"].iter().any(|k| l.contains(k));
            emit(&GIT_CONFIG, if exec { Severity::Critical } else { Severity::High }, format!("`{name}` injects git configuration into every git command of this launch."));
        }
        n if n.starts_with("GIT_CONFIG_KEY_") => {
            let l = v.to_ascii_lowercase();
            let exec = ["core.sshcommand", "core.fsmonitor", "core.pager", "core.editor", "core.hookspath", "alias.", "diff.external", "core.askpass", "protocol.ext.allow", "credential.helper", "core.gitproxy"].iter().any(|k| l.starts_with(k));
            emit(&GIT_CONFIG, if exec { Severity::Critical } else { Severity::High }, format!("`{name}={shown}` sets a git configuration key for every git command of this launch{}.", if exec { "; this key runs a command" } else { "" }));
        }
        n if n.starts_with("GIT_CONFIG_VALUE_") => {}
        "NODE_TLS_REJECT_UNAUTHORIZED" if v == "0" => emit(&TLS_PROXY, Severity::High, "`NODE_TLS_REJECT_UNAUTHORIZED=0` turns off certificate checks for every HTTPS connection of node and npx.".to_string()),
        "PYTHONHTTPSVERIFY" if v == "0" => emit(&TLS_PROXY, Severity::High, "`PYTHONHTTPSVERIFY=0` turns off certificate checks in Python's standard library.".to_string()),
        "GIT_SSL_NO_VERIFY" if !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false") => emit(&TLS_PROXY, Severity::High, "`GIT_SSL_NO_VERIFY` turns off certificate checks for git.".to_string()),
        "UV_INSECURE_HOST" | "PIP_TRUSTED_HOST" | "UV_NATIVE_TLS" if u != "UV_NATIVE_TLS" => emit(&TLS_PROXY, Severity::High, format!("`{name}={shown}` trusts that host without certificate checks when installing packages.")),
        "NODE_EXTRA_CA_CERTS" | "SSL_CERT_FILE" | "SSL_CERT_DIR" | "REQUESTS_CA_BUNDLE" | "CURL_CA_BUNDLE" | "GIT_SSL_CAINFO" | "NPM_CONFIG_CAFILE" => {
            emit(&TLS_PROXY, if is_temp(v) { Severity::High } else { Severity::Medium }, format!("`{name}={shown}` adds certificate authorities the config chooses: whoever holds their keys can read and change this server's HTTPS traffic."));
        }
        "HTTPS_PROXY" | "HTTP_PROXY" | "ALL_PROXY" if !is_loopback_url(v) && !v.is_empty() => {
            emit(&TLS_PROXY, Severity::Medium, format!("`{name}={shown}` sends the server's traffic through a proxy on another host."));
        }
        "PATH" => {
            let parts = path_list(v);
            let windows = v.contains(';') || v.contains('\\');
            let bad = parts.iter().find(|p| {
                let p = p.trim();
                if p.starts_with('$') {
                    return false;
                }
                if p.is_empty() || p == "." || is_temp(p) {
                    return true;
                }
                if windows {
                    return !(drive(p) || p.starts_with(['%', '$']) || p.starts_with("\\\\"));
                }
                !p.starts_with(['/', '~', '$'])
            });
            if let Some(p) = bad {
                emit(&PATH_VARIABLE, Severity::High, format!("`PATH` includes `{}`, a writable or relative directory: any program looked up by name can be replaced from there.", if p.is_empty() { "(empty)".to_string() } else { show(p) }));
            }
        }
        "HOME" | "XDG_CONFIG_HOME" | "XDG_DATA_HOME" | "XDG_CACHE_HOME" | "APPDATA" | "LOCALAPPDATA" | "USERPROFILE" | "CODEX_HOME" | "CLAUDE_CONFIG_DIR" | "GNUPGHOME" | "DOCKER_CONFIG" => {
            let relative = !(v.is_empty() || v.starts_with(['/', '~', '$', '%']) || drive(v));
            let sev = if is_temp(v) || relative { Severity::High } else { Severity::Low };
            emit(&HOME_REDIRECT, sev, format!("`{name}={shown}` moves where tools read their configuration from{}.", if sev == Severity::High { ", to a directory others can write or that depends on the working directory" } else { "" }));
        }
        "DOCKER_HOST" => crate::rules::containers::docker_host(cx, v, field, frame),
        _ => package_manager(&mut emit, name, &u, v),
    }
}

fn node_options(emit: &mut impl FnMut(&'static RuleInfo, Severity, String), name: &str, v: &str) {
    let words: Vec<&str> = v.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        let flag = w.split('=').next().unwrap_or(w);
        let val = w
            .split_once('=')
            .map(|x| x.1)
            .or_else(|| words.get(i + 1).copied())
            .unwrap_or("");
        if matches!(
            flag,
            "-r" | "--require" | "--import" | "--loader" | "--experimental-loader"
        ) {
            let lv = val.to_ascii_lowercase();
            let (sev, what) = if lv.starts_with("data:") {
                (Severity::Critical, "a `data:` URL carrying the code itself")
            } else if lv.starts_with("http") {
                (Severity::Critical, "code from a URL")
            } else if is_temp(val) {
                (Severity::Critical, "a file in a temporary directory")
            } else {
                (
                    Severity::High,
                    "a module or file outside the server's own code",
                )
            };
            emit(
                &RUNTIME_OPTIONS,
                sev,
                format!(
                    "`{name}` makes every Node process of this launch (npx included) run {what} first: `{flag} {}`.",
                    show(val)
                ),
            );
            return;
        }
        if flag.starts_with("--inspect") {
            emit(
                &RUNTIME_OPTIONS,
                Severity::High,
                format!(
                    "`{name}` opens a debugger port (`{}`) in every Node process of this launch.",
                    show(w)
                ),
            );
            return;
        }
        if matches!(flag, "-e" | "--eval" | "-p" | "--print")
            || flag.starts_with("--env-file")
            || flag == "--experimental-policy"
        {
            emit(
                &RUNTIME_OPTIONS,
                Severity::High,
                format!(
                    "`{name}` passes `{}` to every Node process of this launch.",
                    show(w)
                ),
            );
            return;
        }
    }
}

fn package_manager(
    emit: &mut impl FnMut(&'static RuleInfo, Severity, String),
    name: &str,
    u: &str,
    v: &str,
) {
    let shown = if warden_core::secrets::is_secret_name(name) {
        warden_core::vars::redact_value(v)
    } else {
        show(v)
    };
    if let Some(key) = u.strip_prefix("NPM_CONFIG_") {
        let k = key.to_ascii_lowercase().replace('-', "_");
        let (sev, why) = match k.as_str() {
            "call" => (
                Severity::Critical,
                "makes `npx`/`npm exec` run this shell command instead of a package",
            ),
            "script_shell" | "shell" | "node_options" | "onload_script" | "init_module" | "git"
            | "editor" | "browser" | "viewer" => {
                (Severity::Critical, "names a program or code npm runs")
            }
            "userconfig" | "globalconfig" | "prefix" | "globalignorefile" => (
                Severity::High,
                "loads npm configuration from a file the config chooses",
            ),
            "strict_ssl" if v.eq_ignore_ascii_case("false") => (
                Severity::High,
                "turns off certificate checks for package downloads",
            ),
            k if k == "registry" || k.ends_with(":registry") || k == "replace_registry_host" => {
                if crate::rules::env::known_registry(v) {
                    (
                        Severity::Low,
                        "sets the registry to a well-known public one",
                    )
                } else {
                    (
                        Severity::Critical,
                        "swaps the registry every package is downloaded from, while the arguments still name a familiar package",
                    )
                }
            }
            "ca" | "cafile" | "proxy" | "https_proxy" => (
                Severity::Medium,
                "changes how npm's downloads are verified or routed",
            ),
            "yes" | "loglevel" | "update_notifier" | "fund" | "audit" | "progress" | "cache"
            | "prefer_offline" | "color" | "quiet" | "silent" => return,
            _ => (Severity::Low, "changes npm's configuration"),
        };
        emit(&PACKAGE_MANAGER, sev, format!("`{name}={shown}` {why}."));
        return;
    }
    if u == "BUN_CONFIG_REGISTRY"
        || u == "YARN_REGISTRY"
        || u == "YARN_NPM_REGISTRY_SERVER"
        || u == "PNPM_REGISTRY"
    {
        let sev = if known_registry(v) {
            Severity::Low
        } else {
            Severity::Critical
        };
        emit(
            &PACKAGE_MANAGER,
            sev,
            format!("`{name}={shown}` swaps the registry packages are downloaded from."),
        );
        return;
    }
    if let Some(key) = u.strip_prefix("UV_") {
        let sev = match key {
            "INDEX_URL"
            | "DEFAULT_INDEX"
            | "EXTRA_INDEX_URL"
            | "INDEX"
            | "FIND_LINKS"
            | "PYTHON_INSTALL_MIRROR"
            | "PYPY_INSTALL_MIRROR"
            | "PYTHON_DOWNLOADS_JSON_URL" => {
                if known_registry(v) {
                    Severity::Low
                } else {
                    Severity::Critical
                }
            }
            "CONFIG_FILE" | "TOOL_DIR" | "TOOL_BIN_DIR" | "INSTALL_DIR" | "PYTHON_INSTALL_DIR" => {
                Severity::High
            }
            _ => return,
        };
        emit(
            &PACKAGE_MANAGER,
            sev,
            format!(
                "`{name}={shown}` changes where uv gets packages, tools or configuration from."
            ),
        );
        return;
    }
    if let Some(key) = u.strip_prefix("PIP_") {
        let sev = match key {
            "INDEX_URL" | "EXTRA_INDEX_URL" | "FIND_LINKS" | "INDEX" => {
                if known_registry(v) {
                    Severity::Low
                } else {
                    Severity::Critical
                }
            }
            "CONFIG_FILE" | "TARGET" | "PREFIX" | "SRC" | "REQUIREMENT" | "CONSTRAINT" => {
                Severity::High
            }
            _ => return,
        };
        emit(
            &PACKAGE_MANAGER,
            sev,
            format!("`{name}={shown}` changes where pip gets packages or configuration from."),
        );
        return;
    }
    if u.starts_with("YARN_")
        && (u.contains("REGISTRY") || u.contains("RC_FILENAME") || u.contains("PLUGIN"))
    {
        emit(
            &PACKAGE_MANAGER,
            Severity::High,
            format!("`{name}={shown}` changes where yarn gets packages or plugins from."),
        );
    }
}
