//! Arbitrary bytes, cut into arbitrary chunks, through the framer and the guard in both
//! directions: no panic, every message out is one line of valid JSON, memory stays bounded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warden_proxy::{AuditLog, Framer, Guard, Out, Policy};

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let max = 16 + usize::from(data[0]) * 8;
    let cut = usize::from(data[1] % 32) + 1;
    let body = &data[2..];
    let guard = Guard::new(
        Policy {
            pins: false,
            max_client_message: max,
            max_server_message: max,
            max_pending: 8,
            ..Policy::default()
        },
        None,
        AuditLog::disabled(),
    )
    .with_stderr_warnings(false);
    let mut client = Framer::new(max);
    let mut server = Framer::new(max);
    let mut out = Out::default();
    for (i, chunk) in body.chunks(cut).enumerate() {
        // Odd chunks from the client, even ones from the server: requests and responses interleave.
        let f = if i % 2 == 0 { &mut client } else { &mut server };
        f.push(chunk);
        assert!(
            f.pending_len() <= max + 2 + cut,
            "framer holds more than a line"
        );
        while let Some(frame) = f.next_frame() {
            if i % 2 == 0 {
                guard.client_frame(frame, &mut out);
            } else {
                guard.server_frame(frame, &mut out);
            }
        }
    }
    client.finish();
    while let Some(frame) = client.next_frame() {
        guard.client_frame(frame, &mut out);
    }
    guard.server_closed(&mut out.to_client);
    for side in [&out.to_server, &out.to_client] {
        assert!(side.is_empty() || side.ends_with(b"\n"));
        for line in side.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            assert!(
                serde_json::from_slice::<serde_json::Value>(line).is_ok(),
                "invalid JSON out: {:?}",
                String::from_utf8_lossy(line)
            );
        }
    }
});
