//! The guard's decisions, one message at a time, without I/O.
//!
//! [`Guard::client_frame`] and [`Guard::server_frame`] take one framed line and append what must
//! be written to each side to an [`Out`]. Forwarded messages are the original bytes; only a
//! `tools/list` result that loses tools is rebuilt, and then only its `tools` array is written
//! anew from the original bytes of the tools that remain.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{Instant, SystemTime};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::audit::{AuditLog, Record, rfc3339};
use crate::framing::Frame;
use crate::json::{self, Envelope, IdKey, RawObject};
use crate::pins::{PinStore, ToolDefinition, ToolStatus, sha256};
use crate::policy::Policy;

/// JSON-RPC error codes the guard answers with.
pub mod codes {
    pub const PARSE_ERROR: i64 = -32700;
    pub const INVALID_REQUEST: i64 = -32600;
    pub const INVALID_PARAMS: i64 = -32602;
    pub const INTERNAL_ERROR: i64 = -32603;
    /// The server exited (or its output was unusable) before answering.
    pub const SERVER_GONE: i64 = -32000;
    /// Too many requests in flight.
    pub const OVERLOADED: i64 = -32001;
}

/// Bytes to write after processing some frames.
#[derive(Debug, Default)]
pub struct Out {
    pub to_server: Vec<u8>,
    pub to_client: Vec<u8>,
}

#[derive(Debug)]
struct Pending {
    seq: u64,
    id: Box<RawValue>,
    method: String,
    tool: Option<String>,
    start: Instant,
    req_bytes: usize,
    args_hash: Option<String>,
    args: Option<Box<RawValue>>,
}

impl Pending {
    /// The audit record of this allowed request as it completes; callers add the outcome.
    fn completed(&self) -> Record<'_> {
        Record {
            event: "request",
            dir: Some("client"),
            method: Some(&self.method),
            id: Some(&self.id),
            tool: self.tool.as_deref(),
            decision: Some("allowed"),
            duration_ms: Some(self.start.elapsed().as_secs_f64() * 1000.0),
            req_bytes: Some(self.req_bytes),
            ..Record::default()
        }
    }
}

#[derive(Debug, Default)]
struct State {
    pending: HashMap<IdKey, Pending>,
    next_seq: u64,
    server_gone: bool,
    /// Tools withheld by the last listing, with the reason (besides pins and policy).
    withheld: HashMap<String, String>,
    /// Warnings already printed (tool, hash, kind), to print each once.
    warned: HashSet<(String, String, &'static str)>,
}

/// The JSON-RPC guard between one client and one server.
#[derive(Debug)]
pub struct Guard {
    policy: Policy,
    pins: Option<Mutex<PinStore>>,
    audit: AuditLog,
    state: Mutex<State>,
    warn_stderr: bool,
}

enum ClientVerdict {
    Forward,
    Reply(Vec<u8>),
}

enum ServerVerdict {
    Forward,
    Replace(Vec<u8>),
    Drop,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: i64,
    message: &'a str,
}

#[derive(Serialize)]
struct ErrorResponse<'a> {
    jsonrpc: &'static str,
    id: Option<&'a RawValue>,
    error: ErrorBody<'a>,
}

/// A JSON-RPC error response (no trailing newline).
pub fn error_response(id: Option<&RawValue>, code: i64, message: &str) -> Vec<u8> {
    serde_json::to_vec(&ErrorResponse { jsonrpc: "2.0", id, error: ErrorBody { code, message } })
        .unwrap_or_else(|_| br#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"mcp-warden: internal error"}}"#.to_vec())
}

#[derive(Deserialize)]
struct ErrorCode {
    #[serde(default)]
    code: Option<i64>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock leaves consistent data here; keep going.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Guard {
    /// A guard enforcing `policy`, checking tool definitions against `pins` (if any, and if the
    /// policy enables pins) and writing to `audit`.
    pub fn new(policy: Policy, pins: Option<PinStore>, audit: AuditLog) -> Self {
        let pins = if policy.pins {
            pins.map(Mutex::new)
        } else {
            None
        };
        Guard {
            policy,
            pins,
            audit,
            state: Mutex::new(State::default()),
            warn_stderr: true,
        }
    }

    /// Whether warnings (withheld tools, suspicious descriptions) go to stderr (default: yes).
    pub fn with_stderr_warnings(mut self, on: bool) -> Self {
        self.warn_stderr = on;
        self
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    pub fn audit(&self) -> &AuditLog {
        &self.audit
    }

    /// Requests forwarded to the server and not yet answered.
    pub fn pending_count(&self) -> usize {
        lock(&self.state).pending.len()
    }

    fn warn(&self, msg: &str) {
        if self.warn_stderr {
            eprintln!("mcp-warden: guard: {msg}");
        }
    }

    // ---------------------------------------------------------------- client → server

    /// Processes one frame from the client.
    pub fn client_frame(&self, frame: Frame<'_>, out: &mut Out) {
        let line = match frame {
            Frame::Line(l) => l,
            Frame::Oversized { len } => {
                let msg = format!(
                    "mcp-warden: message of {len} bytes exceeds the limit of {} bytes",
                    self.policy.max_client_message
                );
                self.audit.record(&Record {
                    event: "message",
                    dir: Some("client"),
                    decision: Some("rejected"),
                    req_bytes: Some(len),
                    error: Some(&msg),
                    ..Record::default()
                });
                push_line(
                    &mut out.to_client,
                    &error_response(None, codes::INVALID_REQUEST, &msg),
                );
                return;
            }
        };
        let Ok(text) = std::str::from_utf8(line) else {
            self.reject_client(
                out,
                None,
                codes::PARSE_ERROR,
                "mcp-warden: message is not valid UTF-8",
                line.len(),
            );
            return;
        };
        if json::first_byte(line) == Some(b'[') {
            self.client_batch(text, out);
            return;
        }
        match self.client_message(text) {
            ClientVerdict::Forward => push_line(&mut out.to_server, line),
            ClientVerdict::Reply(r) => push_line(&mut out.to_client, &r),
        }
    }

    fn client_batch(&self, text: &str, out: &mut Out) {
        let elems = match json::batch(text) {
            Ok(e) if !e.is_empty() => e,
            Ok(_) => {
                self.reject_client(
                    out,
                    None,
                    codes::INVALID_REQUEST,
                    "mcp-warden: empty batch",
                    text.len(),
                );
                return;
            }
            Err(e) => {
                self.reject_client(out, None, e.code(), &format!("mcp-warden: {e}"), text.len());
                return;
            }
        };
        let mut forward: Vec<&RawValue> = Vec::with_capacity(elems.len());
        let mut replies: Vec<Vec<u8>> = Vec::new();
        for el in &elems {
            match self.client_message(el.get()) {
                ClientVerdict::Forward => forward.push(el),
                ClientVerdict::Reply(r) => replies.push(r),
            }
        }
        if forward.len() == elems.len() {
            push_line(&mut out.to_server, text.as_bytes());
        } else if !forward.is_empty() {
            push_line(
                &mut out.to_server,
                &join_array(forward.iter().map(|r| r.get().as_bytes())),
            );
        }
        if !replies.is_empty() {
            push_line(
                &mut out.to_client,
                &join_array(replies.iter().map(Vec::as_slice)),
            );
        }
    }

    fn reject_client(
        &self,
        out: &mut Out,
        id: Option<&RawValue>,
        code: i64,
        msg: &str,
        len: usize,
    ) {
        self.audit.record(&Record {
            event: "message",
            dir: Some("client"),
            id,
            decision: Some("rejected"),
            req_bytes: Some(len),
            error_code: Some(code),
            error: Some(msg),
            ..Record::default()
        });
        push_line(&mut out.to_client, &error_response(id, code, msg));
    }

    fn client_message(&self, text: &str) -> ClientVerdict {
        let env = match json::envelope(text) {
            Ok(env) => env,
            Err(e) => {
                let msg = format!("mcp-warden: {e}");
                self.audit.record(&Record {
                    event: "message",
                    dir: Some("client"),
                    decision: Some("rejected"),
                    req_bytes: Some(text.len()),
                    error_code: Some(e.code()),
                    error: Some(&msg),
                    ..Record::default()
                });
                return ClientVerdict::Reply(error_response(None, e.code(), &msg));
            }
        };
        match (&env.method, env.id) {
            (Some(method), Some(id)) => self.client_request(&env, method, id, text.len()),
            (Some(method), None) => {
                if self.audit.enabled() {
                    self.audit.record(&Record {
                        event: "notification",
                        dir: Some("client"),
                        method: Some(method),
                        req_bytes: Some(text.len()),
                        ..Record::default()
                    });
                }
                ClientVerdict::Forward
            }
            (None, Some(_)) if env.result.is_some() || env.error.is_some() => {
                ClientVerdict::Forward
            }
            _ => {
                let msg = "mcp-warden: not a JSON-RPC request, notification or response";
                self.audit.record(&Record {
                    event: "message",
                    dir: Some("client"),
                    decision: Some("rejected"),
                    error_code: Some(codes::INVALID_REQUEST),
                    error: Some(msg),
                    ..Record::default()
                });
                ClientVerdict::Reply(error_response(env.id, codes::INVALID_REQUEST, msg))
            }
        }
    }

    fn client_request(
        &self,
        env: &Envelope<'_>,
        method: &str,
        id: &RawValue,
        len: usize,
    ) -> ClientVerdict {
        let deny = |code: i64, decision: &str, tool: Option<&str>, reason: &str, msg: &str| {
            self.audit.record(&Record {
                event: "request",
                dir: Some("client"),
                method: Some(method),
                id: Some(id),
                tool,
                decision: Some(decision),
                reason: Some(reason),
                req_bytes: Some(len),
                error_code: Some(code),
                ..Record::default()
            });
            ClientVerdict::Reply(error_response(Some(id), code, msg))
        };
        let Some(key) = IdKey::of(id) else {
            return deny(
                codes::INVALID_REQUEST,
                "rejected",
                None,
                "invalid id",
                "mcp-warden: a request id must be a string or a number",
            );
        };
        let mut tool = None;
        let mut args: Option<&RawValue> = None;
        if method == "tools/call" {
            let params = match env.params.map(json::call_params) {
                Some(Ok(p)) => p,
                Some(Err(e)) => {
                    let msg = format!("mcp-warden: invalid tools/call params: {e}");
                    return deny(
                        codes::INVALID_PARAMS,
                        "rejected",
                        None,
                        "invalid params",
                        &msg,
                    );
                }
                None => {
                    return deny(
                        codes::INVALID_PARAMS,
                        "rejected",
                        None,
                        "no params",
                        "mcp-warden: tools/call without params",
                    );
                }
            };
            let Some(name) = params.name else {
                return deny(
                    codes::INVALID_PARAMS,
                    "rejected",
                    None,
                    "no tool name",
                    "mcp-warden: tools/call without a tool name",
                );
            };
            if let Some(d) = self.policy.check(&name) {
                let reason = d.to_string();
                let msg = format!("mcp-warden: tool `{name}` is {reason}");
                return deny(codes::INVALID_PARAMS, "denied", Some(&name), &reason, &msg);
            }
            let withheld = lock(&self.state).withheld.get(name.as_ref()).cloned();
            let withheld = withheld.or_else(|| {
                self.pins
                    .as_ref()
                    .and_then(|p| lock(p).callable(&name).err())
            });
            if let Some(reason) = withheld {
                let msg = format!(
                    "mcp-warden: tool `{name}` is withheld: {reason}; review it with `mcp-warden pins list`"
                );
                return deny(
                    codes::INVALID_PARAMS,
                    "withheld",
                    Some(&name),
                    &reason,
                    &msg,
                );
            }
            tool = Some(name.into_owned());
            args = params.arguments;
        }
        let mut st = lock(&self.state);
        if st.server_gone {
            drop(st);
            return deny(
                codes::SERVER_GONE,
                "rejected",
                tool.as_deref(),
                "server exited",
                "mcp-warden: the server has exited",
            );
        }
        if st.pending.contains_key(&key) {
            drop(st);
            return deny(
                codes::INVALID_REQUEST,
                "rejected",
                tool.as_deref(),
                "id in use",
                "mcp-warden: request id already in use",
            );
        }
        if st.pending.len() >= self.policy.max_pending {
            drop(st);
            return deny(
                codes::OVERLOADED,
                "rejected",
                tool.as_deref(),
                "too many requests in flight",
                "mcp-warden: too many requests in flight",
            );
        }
        let (args_hash, args_raw) = match args {
            Some(a) if self.audit.enabled() => {
                if self.audit.include_args() {
                    (None, Some(a.to_owned()))
                } else {
                    (Some(sha256(a.get().as_bytes())), None)
                }
            }
            _ => (None, None),
        };
        st.next_seq += 1;
        let seq = st.next_seq;
        st.pending.insert(
            key,
            Pending {
                seq,
                id: id.to_owned(),
                method: method.to_string(),
                tool,
                start: Instant::now(),
                req_bytes: len,
                args_hash,
                args: args_raw,
            },
        );
        ClientVerdict::Forward
    }

    // ---------------------------------------------------------------- server → client

    /// Processes one frame from the server.
    pub fn server_frame(&self, frame: Frame<'_>, out: &mut Out) {
        let line = match frame {
            Frame::Line(l) => l,
            Frame::Oversized { len } => {
                let msg = format!(
                    "server message of {len} bytes exceeds the limit of {} bytes; dropped",
                    self.policy.max_server_message
                );
                self.warn(&msg);
                self.audit.record(&Record {
                    event: "message",
                    dir: Some("server"),
                    decision: Some("dropped"),
                    resp_bytes: Some(len),
                    error: Some(&msg),
                    ..Record::default()
                });
                return;
            }
        };
        let Ok(text) = std::str::from_utf8(line) else {
            self.drop_server(
                "server sent a line that is not valid UTF-8; dropped",
                line.len(),
            );
            return;
        };
        if json::first_byte(line) == Some(b'[') {
            let elems = match json::batch(text) {
                Ok(e) => e,
                Err(e) => {
                    self.drop_server(
                        &format!("server sent an invalid batch ({e}); dropped"),
                        line.len(),
                    );
                    return;
                }
            };
            let mut parts: Vec<Vec<u8>> = Vec::with_capacity(elems.len());
            let mut changed = false;
            for el in &elems {
                match self.server_message(el.get()) {
                    ServerVerdict::Forward => parts.push(el.get().as_bytes().to_vec()),
                    ServerVerdict::Replace(r) => {
                        parts.push(r);
                        changed = true;
                    }
                    ServerVerdict::Drop => changed = true,
                }
            }
            if !changed {
                push_line(&mut out.to_client, line);
            } else if !parts.is_empty() {
                push_line(
                    &mut out.to_client,
                    &join_array(parts.iter().map(Vec::as_slice)),
                );
            }
            return;
        }
        match self.server_message(text) {
            ServerVerdict::Forward => push_line(&mut out.to_client, line),
            ServerVerdict::Replace(r) => push_line(&mut out.to_client, &r),
            ServerVerdict::Drop => {}
        }
    }

    fn drop_server(&self, msg: &str, len: usize) {
        self.warn(msg);
        self.audit.record(&Record {
            event: "message",
            dir: Some("server"),
            decision: Some("dropped"),
            resp_bytes: Some(len),
            error: Some(msg),
            ..Record::default()
        });
    }

    fn server_message(&self, text: &str) -> ServerVerdict {
        let env = match json::envelope(text) {
            Ok(env) => env,
            Err(e) => {
                self.drop_server(
                    &format!("server sent a message that is not valid JSON-RPC ({e}); dropped"),
                    text.len(),
                );
                return ServerVerdict::Drop;
            }
        };
        if let Some(method) = &env.method {
            if self.audit.enabled() {
                self.audit.record(&Record {
                    event: if env.id.is_some() {
                        "request"
                    } else {
                        "notification"
                    },
                    dir: Some("server"),
                    method: Some(method),
                    id: env.id,
                    resp_bytes: Some(text.len()),
                    ..Record::default()
                });
            }
            return ServerVerdict::Forward;
        }
        let Some(id) = env.id else {
            // An error response without id (the server could not read a request): pass on.
            return ServerVerdict::Forward;
        };
        // Match the way a lenient client would: a server must not get an unfiltered listing to
        // the client by spelling the id of a pending `tools/list` differently.
        let pending = {
            let mut st = lock(&self.state);
            IdKey::candidates(id)
                .into_iter()
                .find_map(|k| st.pending.remove(&k))
        };
        let Some(p) = pending else {
            return ServerVerdict::Forward;
        };
        let mut verdict = ServerVerdict::Forward;
        let mut error_code = env
            .error
            .and_then(|e| serde_json::from_str::<ErrorCode>(e.get()).ok())
            .and_then(|e| e.code);
        let mut error_msg = None;
        if p.method == "tools/list"
            && let Some(result) = env.result
        {
            match self.filter_tools_list(text, result) {
                Ok(None) => {}
                Ok(Some(rebuilt)) => verdict = ServerVerdict::Replace(rebuilt),
                Err(e) => {
                    let msg =
                        format!("mcp-warden: the server's tools/list result is malformed: {e}");
                    self.warn(&msg);
                    error_code = Some(codes::INTERNAL_ERROR);
                    verdict = ServerVerdict::Replace(error_response(
                        Some(&p.id),
                        codes::INTERNAL_ERROR,
                        &msg,
                    ));
                    error_msg = Some(msg);
                }
            }
        }
        if self.audit.enabled() {
            self.audit.record(&Record {
                resp_bytes: Some(text.len()),
                error_code,
                error: error_msg.as_deref(),
                args_sha256: p.args_hash.as_deref(),
                args: p.args.as_deref(),
                ..p.completed()
            });
        }
        verdict
    }

    /// Filters a `tools/list` response. `Ok(None)`: forward unchanged.
    fn filter_tools_list(
        &self,
        text: &str,
        result: &RawValue,
    ) -> Result<Option<Vec<u8>>, json::JsonError> {
        let top = RawObject::parse(text)?;
        let res = RawObject::parse(result.get())?;
        let tools_raw = res
            .get("tools")
            .ok_or_else(|| json::JsonError::Shape("no `tools` array".into()))?;
        if json::first_byte(tools_raw.get().as_bytes()) != Some(b'[') {
            return Err(json::JsonError::Shape("`tools` is not an array".into()));
        }
        let tools = json::batch(tools_raw.get())?;
        let now = rfc3339(SystemTime::now());

        let defs: Vec<Result<ToolDefinition, json::JsonError>> =
            tools.iter().map(|t| ToolDefinition::parse(t)).collect();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for d in defs.iter().flatten() {
            *counts.entry(d.name.as_str()).or_default() += 1;
        }
        let mut keep: Vec<&RawValue> = Vec::with_capacity(tools.len());
        let mut withheld_now: Vec<(String, String)> = Vec::new();
        let mut usable_now: Vec<String> = Vec::new();
        let mut pins = self.pins.as_ref().map(lock);
        for (raw, def) in tools.iter().zip(&defs) {
            let def = match def {
                Ok(d) => d,
                Err(e) => {
                    let reason = format!("malformed tool definition: {e}");
                    self.tool_event("?", "", "withheld", &reason, "malformed");
                    continue;
                }
            };
            let name = def.name.as_str();
            if let Some(d) = self.policy.check(name) {
                if self.audit.enabled() {
                    self.audit.record(&Record {
                        event: "tool",
                        tool: Some(name),
                        decision: Some("denied"),
                        reason: Some(&d.to_string()),
                        ..Record::default()
                    });
                }
                continue;
            }
            if counts.get(name).copied().unwrap_or(0) > 1 {
                let reason = "listed more than once with different definitions".to_string();
                self.tool_event(name, &def.hash, "withheld", &reason, "duplicate");
                withheld_now.push((name.to_string(), reason));
                continue;
            }
            if !def.scan.markers.is_empty() {
                let reason = format!(
                    "instruction-like text in the definition: {}",
                    def.scan.markers.join(", ")
                );
                if self.policy.withhold_suspicious {
                    self.tool_event(name, &def.hash, "withheld", &reason, "suspicious");
                    withheld_now.push((name.to_string(), reason));
                    continue;
                }
                self.tool_event(name, &def.hash, "reported", &reason, "suspicious");
            }
            let status = match pins.as_deref_mut() {
                Some(store) => store.observe(def, &now),
                None if !def.scan.hidden.is_empty() => ToolStatus::Unapproved {
                    reason: format!(
                        "hidden characters in the definition: {}",
                        def.scan.hidden.join(", ")
                    ),
                },
                None => ToolStatus::Trusted,
            };
            match status {
                ToolStatus::Trusted => {}
                ToolStatus::New => {
                    if self.audit.enabled() {
                        self.audit.record(&Record {
                            event: "tool",
                            tool: Some(name),
                            decision: Some("pinned"),
                            reason: Some(&def.hash),
                            ..Record::default()
                        });
                    }
                }
                ToolStatus::Changed { pinned, seen } => {
                    let reason = format!(
                        "its definition changed since it was pinned ({} -> {}); approve with `mcp-warden pins approve {name}`",
                        short(&pinned),
                        short(&seen)
                    );
                    self.tool_event(name, &def.hash, "withheld", &reason, "changed");
                    withheld_now.push((name.to_string(), reason));
                    continue;
                }
                ToolStatus::Unapproved { reason } => {
                    self.tool_event(name, &def.hash, "withheld", &reason, "unapproved");
                    withheld_now.push((name.to_string(), reason));
                    continue;
                }
            }
            usable_now.push(name.to_string());
            keep.push(raw);
        }
        if let Some(store) = pins.as_deref_mut()
            && let Err(e) = store.save()
        {
            self.warn(&format!("cannot save pinned tool definitions: {e}"));
        }
        drop(pins);
        {
            let mut st = lock(&self.state);
            for n in usable_now {
                st.withheld.remove(&n);
            }
            for (n, r) in withheld_now {
                st.withheld.insert(n, r);
            }
        }
        if keep.len() == tools.len() {
            return Ok(None);
        }
        // Rebuild: original bytes for everything but the `tools` array.
        let mut tools_json = Vec::with_capacity(tools_raw.get().len());
        tools_json.extend_from_slice(&join_array(keep.iter().map(|r| r.get().as_bytes())));
        let mut res_json = Vec::with_capacity(result.get().len());
        write_object(&mut res_json, &res.entries, "tools", &tools_json);
        let mut msg = Vec::with_capacity(text.len());
        write_object(&mut msg, &top.entries, "result", &res_json);
        Ok(Some(msg))
    }

    fn tool_event(&self, tool: &str, hash: &str, decision: &str, reason: &str, kind: &'static str) {
        let first = lock(&self.state)
            .warned
            .insert((tool.to_string(), hash.to_string(), kind));
        if first {
            let verb = if decision == "reported" {
                "reported"
            } else {
                "withheld"
            };
            self.warn(&format!("tool `{tool}` {verb}: {reason}"));
        }
        self.audit.record(&Record {
            event: "tool",
            tool: Some(tool),
            decision: Some(decision),
            reason: Some(reason),
            ..Record::default()
        });
    }

    /// The server's output ended: every request still awaiting an answer is answered with an
    /// error, so the client does not wait forever. Later requests are refused.
    pub fn server_closed(&self, to_client: &mut Vec<u8>) {
        let pending: Vec<Pending> = {
            let mut st = lock(&self.state);
            st.server_gone = true;
            st.pending.drain().map(|(_, p)| p).collect()
        };
        let mut pending = pending;
        pending.sort_by_key(|p| p.seq);
        for p in pending {
            let msg = "mcp-warden: the server exited before answering";
            push_line(
                to_client,
                &error_response(Some(&p.id), codes::SERVER_GONE, msg),
            );
            self.audit.record(&Record {
                error_code: Some(codes::SERVER_GONE),
                error: Some(msg),
                ..p.completed()
            });
        }
    }
}

fn short(hash: &str) -> &str {
    let h = hash.strip_prefix("sha256:").unwrap_or(hash);
    &h[..h.len().min(12)]
}

fn push_line(buf: &mut Vec<u8>, msg: &[u8]) {
    buf.extend_from_slice(msg);
    buf.push(b'\n');
}

fn join_array<'a>(items: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut v = vec![b'['];
    for (i, it) in items.enumerate() {
        if i > 0 {
            v.push(b',');
        }
        v.extend_from_slice(it);
    }
    v.push(b']');
    v
}

fn write_object(
    out: &mut Vec<u8>,
    entries: &[(std::borrow::Cow<'_, str>, &RawValue)],
    replace: &str,
    with: &[u8],
) {
    out.push(b'{');
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let mut key = String::new();
        let _ = write!(
            key,
            "{}",
            serde_json::to_string(k.as_ref()).unwrap_or_else(|_| "\"\"".into())
        );
        out.extend_from_slice(key.as_bytes());
        out.push(b':');
        if k == replace {
            out.extend_from_slice(with);
        } else {
            out.extend_from_slice(v.get().as_bytes());
        }
    }
    out.push(b'}');
}
