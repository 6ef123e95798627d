//! Least-privilege Linux confinement for MCP servers.
//!
//! A [`Profile`] is pure data derived from a launch spec ([`profile::derive`]): which paths
//! the server may read, write or execute, its network policy, its environment, its limits.
//! [`launcher::run`] applies it in a freshly executed, single-threaded helper process and
//! executes the server: namespaces → mounts → rlimits → capabilities → Landlock → seccomp →
//! exec. One module per mechanism.
//!
//! What this crate is not: a container runtime (no image, no cgroups), or a guard of the
//! JSON-RPC stream (that is `warden-proxy`).
#![deny(unsafe_op_in_unsafe_fn)]

pub mod env;
pub mod profile;

#[cfg(target_os = "linux")]
pub mod landlock;
#[cfg(target_os = "linux")]
pub mod launcher;
#[cfg(target_os = "linux")]
pub mod mounts;
#[cfg(target_os = "linux")]
pub mod namespaces;
#[cfg(target_os = "linux")]
pub mod seccomp;

pub use profile::{Access, Host, Net, Options, PathRule, Profile, ProfileError, derive};

/// The environment variable that carries the serialised profile to the helper.
pub const PROFILE_ENV: &str = "MCP_WARDEN_SANDBOX_PROFILE";

/// Whether this platform can sandbox at all.
pub const SUPPORTED: bool = cfg!(target_os = "linux");

/// Serialise a profile for the helper.
pub fn encode(profile: &Profile) -> String {
    serde_json::to_string(profile).unwrap_or_default()
}

/// Read a profile serialised by [`encode`].
pub fn decode(text: &str) -> Result<Profile, serde_json::Error> {
    serde_json::from_str(text)
}

/// The helper's entry point: read the profile from [`PROFILE_ENV`], confine, execute.
/// Returns the exit code to propagate (the server's, or 126 when the sandbox could not be set
/// up).
pub fn helper_main() -> i32 {
    let text = match std::env::var(PROFILE_ENV) {
        Ok(t) => t,
        Err(_) => {
            eprintln!("mcp-warden: this internal command is started by `mcp-warden run`");
            return 126;
        }
    };
    let profile = match decode(&text) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("mcp-warden: sandbox: unreadable profile: {e}");
            return 126;
        }
    };
    #[cfg(target_os = "linux")]
    {
        launcher::run(&profile)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = profile;
        eprintln!("mcp-warden: the sandbox is only available on Linux");
        126
    }
}
