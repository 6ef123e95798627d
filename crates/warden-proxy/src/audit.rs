//! The audit log: one JSON object per line, appended.
//!
//! Each line has `ts` (RFC 3339, UTC), `server` (the server identity), `event`, and as they apply
//! `dir` (`client` = client to server, `server` = server to client), `method`, `id`, `tool`,
//! `decision` (`allowed`, `denied`, `withheld`, `rejected`), `reason`, `duration_ms` (request to
//! response), `req_bytes`, `resp_bytes`, `error_code`, `error`, and `args_sha256` (or `args` with
//! `--audit-args`). Argument values are never written unless asked for.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde_json::value::RawValue;

use crate::pins::ServerIdentity;

/// One audit record. Fields left `None` are omitted.
#[derive(Debug, Default, Serialize)]
pub struct Record<'a> {
    pub event: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dir: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub req_bytes: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resp_bytes: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args_sha256: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args: Option<&'a RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signal: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<&'a str>,
}

#[derive(Serialize)]
struct Line<'a> {
    ts: String,
    server: &'a str,
    #[serde(flatten)]
    rec: &'a Record<'a>,
}

/// Where audit records go.
pub struct AuditLog {
    sink: Option<Mutex<Box<dyn Write + Send>>>,
    server: String,
    include_args: bool,
    failed: AtomicBool,
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditLog")
            .field("enabled", &self.sink.is_some())
            .field("server", &self.server)
            .finish()
    }
}

impl AuditLog {
    /// No audit log.
    pub fn disabled() -> Self {
        AuditLog {
            sink: None,
            server: String::new(),
            include_args: false,
            failed: AtomicBool::new(false),
        }
    }

    /// Appends to `path` (created with mode 0600 if missing).
    pub fn open(path: &Path, server: &ServerIdentity, include_args: bool) -> io::Result<Self> {
        let mut o = OpenOptions::new();
        o.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        let f: File = o.open(path)?;
        Ok(Self::to_writer(
            Box::new(BufWriter::new(f)),
            server,
            include_args,
        ))
    }

    /// Writes records to any writer.
    pub fn to_writer(
        w: Box<dyn Write + Send>,
        server: &ServerIdentity,
        include_args: bool,
    ) -> Self {
        AuditLog {
            sink: Some(Mutex::new(w)),
            server: server.id.clone(),
            include_args,
            failed: AtomicBool::new(false),
        }
    }

    pub fn enabled(&self) -> bool {
        self.sink.is_some()
    }

    /// Whether argument values are written as they are (else hashed).
    pub fn include_args(&self) -> bool {
        self.include_args
    }

    /// Appends one record (and flushes, so a crash loses nothing).
    pub fn record(&self, rec: &Record<'_>) {
        let Some(sink) = &self.sink else { return };
        let line = Line {
            ts: rfc3339(SystemTime::now()),
            server: &self.server,
            rec,
        };
        let Ok(mut bytes) = serde_json::to_vec(&line) else {
            return;
        };
        bytes.push(b'\n');
        let result = match sink.lock() {
            Ok(mut w) => w.write_all(&bytes).and_then(|()| w.flush()),
            Err(_) => Err(io::Error::other("audit log lock poisoned")),
        };
        if let Err(e) = result
            && !self.failed.swap(true, Ordering::Relaxed)
        {
            eprintln!("mcp-warden: warning: cannot write the audit log: {e}");
        }
    }
}

/// RFC 3339 UTC timestamp with milliseconds, e.g. `2026-11-22T08:02:42.123Z`.
pub fn rfc3339(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        d.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn rfc3339_formats_known_instants() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            rfc3339(UNIX_EPOCH + Duration::from_millis(951_782_400_007)),
            "2000-02-29T00:00:00.007Z"
        );
        assert_eq!(
            rfc3339(UNIX_EPOCH + Duration::from_secs(1_795_334_562)),
            "2026-11-22T08:02:42.000Z"
        );
    }
}
