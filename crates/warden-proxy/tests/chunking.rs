//! No message is lost, duplicated or reordered under any chunking of the streams.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};

use proptest::prelude::*;
use serde_json::json;
use warden_proxy::{AuditLog, Framer, Guard, Out, Policy, relay};

fn guard() -> Guard {
    Guard::new(
        Policy {
            pins: false,
            ..Policy::default()
        },
        None,
        AuditLog::disabled(),
    )
    .with_stderr_warnings(false)
}

/// Messages with awkward contents: escaped newlines, quotes, non-ASCII, large and tiny.
fn messages() -> impl Strategy<Value = Vec<(String, bool)>> {
    let text = prop_oneof![
        ".{0,40}",
        "[\\n\\r\"\\\\{}\\[\\]é😀\u{2028}]{0,20}",
        "x{0,3000}"
    ];
    prop::collection::vec((text, any::<bool>(), any::<bool>()), 1..40).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (t, is_request, crlf))| {
                let msg = if is_request {
                    json!({"jsonrpc": "2.0", "id": i, "method": "tools/call", "params": {"name": "t", "arguments": {"s": t}}})
                } else {
                    json!({"jsonrpc": "2.0", "method": "notifications/message", "params": {"data": t}})
                };
                (msg.to_string(), crlf)
            })
            .collect()
    })
}

fn wire(msgs: &[(String, bool)]) -> Vec<u8> {
    let mut v = Vec::new();
    for (m, crlf) in msgs {
        v.extend_from_slice(m.as_bytes());
        v.extend_from_slice(if *crlf { b"\r\n" } else { b"\n" });
    }
    v
}

fn expected(msgs: &[(String, bool)]) -> Vec<u8> {
    let mut v = Vec::new();
    for (m, _) in msgs {
        v.extend_from_slice(m.as_bytes());
        v.push(b'\n');
    }
    v
}

fn split(data: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (data.len() + 1)).collect();
    points.sort_unstable();
    let mut chunks = Vec::new();
    let mut last = 0;
    for p in points.into_iter().chain([data.len()]) {
        chunks.push(data[last..p].to_vec());
        last = p;
    }
    chunks
}

/// A reader returning the given chunks one per `read` (empty chunks are skipped, not EOF).
struct Chunked(std::collections::VecDeque<Vec<u8>>);

impl Read for Chunked {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while let Some(mut c) = self.0.pop_front() {
            if c.is_empty() {
                continue;
            }
            let n = c.len().min(buf.len());
            buf[..n].copy_from_slice(&c[..n]);
            if n < c.len() {
                self.0.push_front(c.split_off(n));
            }
            return Ok(n);
        }
        Ok(0)
    }
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

proptest! {
    #[test]
    fn framer_and_guard_forward_every_message_once_in_order(msgs in messages(), cuts in prop::collection::vec(any::<usize>(), 0..60)) {
        let data = wire(&msgs);
        let g = guard();
        let mut f = Framer::new(1 << 20);
        let mut out = Out::default();
        for chunk in split(&data, &cuts) {
            f.push(&chunk);
            while let Some(frame) = f.next_frame() {
                g.client_frame(frame, &mut out);
            }
        }
        f.finish();
        while let Some(frame) = f.next_frame() {
            g.client_frame(frame, &mut out);
        }
        prop_assert!(out.to_client.is_empty(), "{}", String::from_utf8_lossy(&out.to_client));
        prop_assert_eq!(out.to_server, expected(&msgs));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn relay_through_an_echo_server_loses_nothing(
        msgs in messages(),
        cuts in prop::collection::vec(any::<usize>(), 0..40),
        echo_cuts in prop::collection::vec(1usize..5000, 1..8),
    ) {
        let data = wire(&msgs);
        let (server_in_r, server_in_w) = std::io::pipe().unwrap();
        let (server_out_r, server_out_w) = std::io::pipe().unwrap();
        // The "server": echoes its input in odd-sized writes (requests come back as server
        // requests, notifications as notifications; the guard forwards both).
        let echo = std::thread::spawn(move || {
            let (mut r, mut w) = (server_in_r, server_out_w);
            let mut buf = vec![0u8; 8192];
            let mut k = 0;
            loop {
                let n = match r.read(&mut buf) { Ok(0) | Err(_) => break, Ok(n) => n };
                let mut off = 0;
                while off < n {
                    let step = echo_cuts[k % echo_cuts.len()].min(n - off);
                    k += 1;
                    w.write_all(&buf[off..off + step]).unwrap();
                    off += step;
                }
            }
        });
        let out = Capture::default();
        let r = relay(Arc::new(guard()), Chunked(split(&data, &cuts).into()), out.clone(), server_in_w, server_out_r).unwrap();
        let mut closed = (false, false);
        while closed != (true, true) {
            match r.events().recv_timeout(std::time::Duration::from_secs(20)).expect("relay finishes") {
                warden_proxy::Event::ClientClosed => closed.0 = true,
                warden_proxy::Event::ServerClosed => closed.1 = true,
                _ => {}
            }
        }
        echo.join().unwrap();
        let got = out.0.lock().unwrap().clone();
        // Requests echoed back are not answers: when the echo server ends, the guard answers
        // each of them with an error, in the order they were sent.
        let mut want = expected(&msgs);
        for (m, _) in &msgs {
            let v: serde_json::Value = serde_json::from_str(m).unwrap();
            if let Some(id) = v.get("id") {
                want.extend_from_slice(
                    format!(r#"{{"jsonrpc":"2.0","id":{id},"error":{{"code":-32000,"message":"mcp-warden: the server exited before answering"}}}}"#)
                        .as_bytes(),
                );
                want.push(b'\n');
            }
        }
        prop_assert_eq!(String::from_utf8_lossy(&got), String::from_utf8_lossy(&want));
    }
}

proptest! {
    /// Lines over the cap are reported with their exact length and never held in memory.
    #[test]
    fn oversized_lines_are_reported_and_memory_stays_bounded(
        lens in prop::collection::vec(0usize..300, 1..30),
        max in 1usize..120,
        cuts in prop::collection::vec(any::<usize>(), 0..50),
    ) {
        let mut data = Vec::new();
        let mut want = Vec::new();
        for (i, len) in lens.iter().enumerate() {
            let line: Vec<u8> = (0..*len).map(|j| b'a' + ((i + j) % 26) as u8).collect();
            data.extend_from_slice(&line);
            data.push(b'\n');
            if *len > max {
                want.push(format!("<{len}>"));
            } else if *len > 0 {
                want.push(String::from_utf8(line).unwrap());
            }
        }
        let chunks = split(&data, &cuts);
        let mut f = Framer::new(max);
        let mut got = Vec::new();
        for c in chunks {
            f.push(&c);
            while let Some(fr) = f.next_frame() {
                got.push(match fr {
                    warden_proxy::Frame::Line(l) => String::from_utf8(l.to_vec()).unwrap(),
                    warden_proxy::Frame::Oversized { len } => format!("<{len}>"),
                });
            }
            prop_assert!(f.pending_len() <= max + 1, "holds {} bytes", f.pending_len());
        }
        prop_assert_eq!(got, want);
    }
}
