//! The JSON-RPC guard of `mcp-warden run`.
//!
//! The guard sits between an MCP client and a local server on stdio. It forwards the original
//! bytes of every message, newline-delimited, and reads just enough of each (with a strict parser
//! that rejects duplicate keys) to enforce:
//!
//! - a **tool policy**: denied tools vanish from `tools/list` results and calls to them are
//!   answered with a JSON-RPC error instead of reaching the server;
//! - **pinned tool definitions**: a tool whose definition changed since it was first seen (a
//!   "rug pull"), or that hides characters from the user, is withheld until approved;
//! - an **audit log** of requests, decisions, durations and sizes.
//!
//! It also keeps the session sound: oversized or invalid client messages are answered with
//! JSON-RPC errors, requests pending when the server dies are answered with errors, and memory
//! is bounded (line length and pending-request caps).
//!
//! The guard does not spawn or confine processes: the caller spawns the server (in the sandbox)
//! and hands its pipes to [`relay`] or [`run_child`].
//!
//! ```no_run
//! use std::process::{Command, Stdio};
//! use std::sync::Arc;
//! use warden_proxy::{AuditLog, Guard, Policy, Shutdown, run_child};
//!
//! let child = Command::new("cat").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()?;
//! let guard = Arc::new(Guard::new(Policy::default(), None, AuditLog::disabled()));
//! let outcome = run_child(guard, child, std::io::stdin(), std::io::stdout(), Shutdown::default(), |_| {})?;
//! std::process::exit(outcome.exit_code().into());
//! # Ok::<(), std::io::Error>(())
//! ```

#![forbid(unsafe_code)]

pub mod audit;
pub mod framing;
pub mod guard;
pub mod json;
pub mod pins;
pub mod policy;
pub mod relay;

pub use audit::AuditLog;
pub use framing::{Frame, Framer};
pub use guard::{Guard, Out};
pub use pins::{PinStore, ServerIdentity, ToolDefinition, ToolStatus, default_state_dir};
pub use policy::{Glob, Policy};
#[cfg(unix)]
pub use relay::forward_signals;
pub use relay::{Event, Outcome, Relay, Shutdown, relay, run_child};
