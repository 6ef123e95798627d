//! The rule families, one module each, and the registry of every rule.
//!
//! | ids   | family | module |
//! |-------|--------|--------|
//! | MW1xx | code execution | [`exec`] |
//! | MW2xx | download-and-execute, network to shell | [`network`] |
//! | MW3xx | encoded and obfuscated commands | [`obfuscation`] |
//! | MW4xx | exec primitives of ordinary binaries | [`binaries`] |
//! | MW5xx | package source and pinning | [`packages`] |
//! | MW6xx | containers and privilege | [`containers`] |
//! | MW7xx | environment injection | [`env`] |
//! | MW8xx | executable location, plaintext secrets | [`location`] |
//! | MW9xx | provenance and client settings | [`config`] |

use warden_core::RuleInfo;

use crate::engine::{Arg, Ctx, Frame};
use crate::program::Program;

pub mod binaries;
pub mod config;
pub mod containers;
pub mod env;
pub mod exec;
pub mod location;
pub mod network;
pub mod obfuscation;
pub mod packages;

/// Every rule, in id order.
pub static ALL: &[&RuleInfo] = &[
    &exec::SHELL_INLINE_SCRIPT,
    &exec::SHELL_UNPARSABLE,
    &exec::NOT_A_SERVER,
    &exec::INTERPRETER_EVAL,
    &exec::INTERPRETER_PRELOAD,
    &exec::REMOTE_DEBUGGER,
    &exec::PYTHON_DANGEROUS_MODULE,
    &exec::BATCH_SHIM_ARGUMENTS,
    &exec::OPERATORS_IN_ARGS,
    &exec::COMMAND_LINE_IN_COMMAND,
    &exec::PACKAGE_RUNNER_CALL,
    &network::DOWNLOAD_TO_SHELL,
    &network::REVERSE_SHELL,
    &network::REMOTE_SCRIPT,
    &network::EXFILTRATION,
    &obfuscation::DECODED_TO_SHELL,
    &obfuscation::ENCODED_POWERSHELL,
    &obfuscation::ESCAPED_COMMAND,
    &obfuscation::DYNAMIC_COMMAND,
    &binaries::GIT_EXEC,
    &binaries::FIND_EXEC,
    &binaries::AWK_EXEC,
    &binaries::TAR_EXEC,
    &binaries::SSH_COMMAND,
    &binaries::RSYNC_SHELL,
    &binaries::ZIP_EXEC,
    &binaries::SED_EXEC,
    &binaries::EDITOR_EXEC,
    &binaries::LOLBIN,
    &binaries::UNC_PATH,
    &packages::REMOTE_SOURCE,
    &packages::REGISTRY_OVERRIDE,
    &packages::TYPOSQUAT,
    &packages::INVISIBLE_CHARACTERS,
    &packages::UNPINNED,
    &packages::VULNERABLE_VERSION,
    &containers::PRIVILEGE,
    &containers::PRIVILEGED_CONTAINER,
    &containers::HOST_NAMESPACE,
    &containers::SENSITIVE_MOUNT,
    &containers::DEVICE,
    &containers::ENTRYPOINT,
    &containers::NOT_RUN,
    &containers::REMOTE_DAEMON,
    &env::LOADER,
    &env::RUNTIME_OPTIONS,
    &env::PACKAGE_MANAGER,
    &env::SHELL_STARTUP,
    &env::SEARCH_PATH,
    &env::COMMAND_VARIABLE,
    &env::GIT_CONFIG,
    &env::TLS_PROXY,
    &env::PATH_VARIABLE,
    &env::HOME_REDIRECT,
    &location::TEMP_EXECUTABLE,
    &location::TRAVERSAL,
    &location::RELATIVE_COMMAND,
    &location::SECRET_ENV,
    &location::SECRET_ARGS,
    &location::SECRET_HEADERS,
    &config::AUTO_START,
    &config::AUTO_APPROVE,
    &config::PLAIN_HTTP,
    &config::DUPLICATE_KEYS,
    &config::BUNDLE_HASH,
    &config::MUTABLE_IMAGE,
];

/// Programs without a wrapper of their own: interpreters, utilities with exec primitives,
/// network tools, everything else.
pub fn dispatch_program(cx: &mut Ctx, prog: &Program, argv: &[Arg], frame: &Frame) {
    if exec::interpreter(cx, prog, argv, frame) {
        return;
    }
    if binaries::check(cx, prog, argv, frame) {
        return;
    }
    if network::check(cx, prog, argv, frame) {
        return;
    }
    if exec::not_a_server(cx, prog, argv, frame) {
        return;
    }
    packages::delegated(cx, prog, argv, 1, frame);
}

/// Shared references.
pub mod refs {
    pub const CWE_78: &str =
        "CWE-78: OS Command Injection — https://cwe.mitre.org/data/definitions/78.html";
    pub const CWE_88: &str =
        "CWE-88: Argument Injection — https://cwe.mitre.org/data/definitions/88.html";
    pub const CWE_94: &str =
        "CWE-94: Code Injection — https://cwe.mitre.org/data/definitions/94.html";
    pub const CWE_250: &str = "CWE-250: Execution with Unnecessary Privileges — https://cwe.mitre.org/data/definitions/250.html";
    pub const CWE_319: &str = "CWE-319: Cleartext Transmission of Sensitive Information — https://cwe.mitre.org/data/definitions/319.html";
    pub const CWE_426: &str =
        "CWE-426: Untrusted Search Path — https://cwe.mitre.org/data/definitions/426.html";
    pub const CWE_427: &str = "CWE-427: Uncontrolled Search Path Element — https://cwe.mitre.org/data/definitions/427.html";
    pub const CWE_489: &str =
        "CWE-489: Active Debug Code — https://cwe.mitre.org/data/definitions/489.html";
    pub const CWE_494: &str = "CWE-494: Download of Code Without Integrity Check — https://cwe.mitre.org/data/definitions/494.html";
    pub const CWE_506: &str =
        "CWE-506: Embedded Malicious Code — https://cwe.mitre.org/data/definitions/506.html";
    pub const CWE_798: &str =
        "CWE-798: Use of Hard-coded Credentials — https://cwe.mitre.org/data/definitions/798.html";
    pub const CWE_829: &str = "CWE-829: Inclusion of Functionality from Untrusted Control Sphere — https://cwe.mitre.org/data/definitions/829.html";
    pub const CWE_1104: &str = "CWE-1104: Use of Unmaintained Third Party Components — https://cwe.mitre.org/data/definitions/1104.html";
    pub const CWE_200: &str = "CWE-200: Exposure of Sensitive Information — https://cwe.mitre.org/data/definitions/200.html";
    pub const CWE_295: &str = "CWE-295: Improper Certificate Validation — https://cwe.mitre.org/data/definitions/295.html";
    pub const CWE_441: &str = "CWE-441: Unintended Proxy or Intermediary — https://cwe.mitre.org/data/definitions/441.html";
    pub const CWE_116: &str = "CWE-116: Improper Encoding or Escaping of Output — https://cwe.mitre.org/data/definitions/116.html";
    pub const CWE_1007: &str = "CWE-1007: Insufficient Visual Distinction of Homoglyphs — https://cwe.mitre.org/data/definitions/1007.html";
    pub const CWE_436: &str =
        "CWE-436: Interpretation Conflict — https://cwe.mitre.org/data/definitions/436.html";
    pub const CWE_22: &str =
        "CWE-22: Path Traversal — https://cwe.mitre.org/data/definitions/22.html";
    pub const CWE_269: &str =
        "CWE-269: Improper Privilege Management — https://cwe.mitre.org/data/definitions/269.html";
    pub const MCP_SECURITY: &str = "MCP specification, Security Best Practices: Local MCP Server Compromise — https://modelcontextprotocol.io/specification/2025-11-25/basic/security_best_practices";
    pub const OX_ADVISORY: &str = "OX Security, MCP STDIO command execution advisory (2026) — https://www.ox.security/blog/mcp-supply-chain-advisory-rce-vulnerabilities-across-the-ai-ecosystem/";
    pub const OX_FLOWISE: &str = "OX Security, Flowise CVE-2026-40933 / Upsonic CVE-2026-30625 — https://www.ox.security/blog/flowise-cve-2026-40933-upsonic-cve-2026-30625-what-to-do-when-best-practice-isnt-enough/";
    pub const FLOWISE_GHSA: &str = "GHSA-c9gw-hvqq-f33r (Flowise custom MCP RCE) — https://github.com/FlowiseAI/Flowise/security/advisories/GHSA-c9gw-hvqq-f33r";
    pub const FLOWISE_PR_5943: &str = "Flowise PR #5943 (CVE-2026-56274 bypasses) — https://github.com/FlowiseAI/Flowise/pull/5943";
    pub const LANGFLOW_SECURITY: &str = "Langflow MCP stdio policy (lfx/base/mcp/security.py, PRs #13874, #14641) — https://github.com/langflow-ai/langflow/pull/14641";
    pub const LANGFLOW_SOURCE: &str = "Langflow package source policy (lfx/base/mcp/source_policy.py) — https://github.com/langflow-ai/langflow/pull/12290";
    pub const LANGFLOW_CMD: &str = "Langflow PR #14635 (cmd /k, /r, clustered switches) — https://github.com/langflow-ai/langflow/pull/14635";
    pub const CVE_2024_27980: &str = "CVE-2024-27980 (Node.js: batch files re-parse arguments on Windows) — https://nodejs.org/en/blog/vulnerability/april-2024-security-releases-2";
    pub const CVE_2025_6514: &str = "CVE-2025-6514 (mcp-remote OS command injection, fixed in 0.1.16) — https://github.com/advisories/GHSA-6xpm-ggf7-wc3p";
    pub const CVE_2025_59536: &str = "CVE-2025-59536 (project MCP servers started before the trust dialog) — https://research.checkpoint.com/2026/rce-and-api-token-exfiltration-through-claude-code-project-files-cve-2025-59536/";
    pub const GTFOBINS: &str = "GTFOBins — https://gtfobins.github.io/";
    pub const LOLBAS: &str = "LOLBAS — https://lolbas-project.github.io/";
    pub const NPM_CONFIG: &str = "npm config: environment variables — https://docs.npmjs.com/cli/using-npm/config#environment-variables";
    pub const UV_ENV: &str =
        "uv environment variables — https://docs.astral.sh/uv/reference/environment/";
    pub const DOCKER_RUN: &str = "Docker run reference: runtime privilege and capabilities — https://docs.docker.com/engine/containers/run/";
    pub const OWASP_DOCKER: &str = "OWASP Docker Security Cheat Sheet — https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html";
}
