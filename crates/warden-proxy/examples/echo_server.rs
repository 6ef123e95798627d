//! A tight-loop MCP-shaped server for benchmarks: answers every request at once.
//! `initialize` and `tools/list` get minimal results; `tools/call` of `big` returns
//! `arguments.n` bytes of text; anything else returns `{}`.

use std::io::{BufRead, BufWriter, Write};

use serde_json::{Value, json};

fn main() {
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut line = String::new();
    let mut input = stdin.lock();
    loop {
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let Ok(msg) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        let Some(id) = msg.get("id").cloned() else {
            continue;
        };
        let method = msg.get("method").and_then(Value::as_str).unwrap_or("");
        let result = match method {
            "initialize" => {
                json!({"protocolVersion": "2025-11-25", "capabilities": {"tools": {}}, "serverInfo": {"name": "echo", "version": "0"}})
            }
            "tools/list" => json!({"tools": [
                {"name": "echo", "description": "Echo the arguments.", "inputSchema": {"type": "object"}},
                {"name": "big", "description": "Return n bytes.", "inputSchema": {"type": "object", "properties": {"n": {"type": "integer"}}}}
            ]}),
            "tools/call" => {
                let p = &msg["params"];
                if p["name"] == "big" {
                    let n = p["arguments"]["n"].as_u64().unwrap_or(0) as usize;
                    json!({"content": [{"type": "text", "text": "x".repeat(n)}]})
                } else {
                    json!({"content": [{"type": "text", "text": p["arguments"].to_string()}]})
                }
            }
            _ => json!({}),
        };
        let resp = json!({"jsonrpc": "2.0", "id": id, "result": result});
        let _ = serde_json::to_writer(&mut out, &resp);
        let _ = out.write_all(b"\n");
        let _ = out.flush();
    }
}
