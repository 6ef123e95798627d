//! Planning a wrap and an unwrap of a large config, side by side with parsing it.
//!
//! `cargo bench -p warden-wrap`: prints the time of each step for configs of 100, 1,000 and
//! 10,000 servers, and each as a ratio of the time to parse the same file (the work inventory
//! does anyway), so the figures compare across machines.

use std::sync::Arc;
use std::time::{Duration, Instant};

use warden_core::doc::{Document, Format, Limits};
use warden_core::spec::{ConfigFile, LaunchSpec, Located, Scope};
use warden_wrap::{WrapOptions, apply, plan_unwrap, plan_wrap};

fn config(n: usize) -> String {
    let mut s = String::from("{\n  \"mcpServers\": {\n");
    for i in 0..n {
        if i > 0 {
            s.push_str(",\n");
        }
        s.push_str(&format!(
            "    \"server-{i}\": {{\n      \"command\": \"npx\",\n      \"args\": [\"-y\", \"@example/server-{i}\", \"--port\", \"{i}\"],\n      \"env\": {{ \"LOG\": \"info\" }}\n    }}"
        ));
    }
    s.push_str("\n  }\n}\n");
    s
}

/// A `ConfigFile` as inventory builds it: entry, name and command spans.
fn read(path: &std::path::Path) -> ConfigFile {
    let text = std::fs::read_to_string(path).expect("read");
    let doc = Document::parse(path, text, Format::Json, &Limits::default()).expect("parse");
    let mut servers = Vec::new();
    for e in doc
        .root
        .get("mcpServers")
        .and_then(|n| n.as_object())
        .unwrap_or(&[])
    {
        let mut s = LaunchSpec::new("claude-code", Scope::User, path, &e.key);
        s.name_span = e.key_span;
        s.entry_span = e.value.span;
        if let Some(c) = e.value.get("command") {
            s.command = Some(Located::new(c.as_str().unwrap_or("").into(), c.span));
        }
        servers.push(s);
    }
    ConfigFile {
        path: path.to_path_buf(),
        client: "claude-code".into(),
        scope: Scope::User,
        format: Format::Json,
        servers,
        settings: Vec::new(),
        document: Some(Arc::new(doc)),
    }
}

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    println!(
        "{:>7}  {:>10}  {:>10} {:>6}  {:>10} {:>6}",
        "servers", "parse", "plan wrap", "ratio", "plan unwrap", "ratio"
    );
    for n in [100, 1_000, 10_000] {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("mcp.json");
        let text = config(n);
        std::fs::write(&file, &text).expect("write");
        let opts = WrapOptions::new("/usr/local/bin/mcp-warden", dir.path().join("state"));
        let runs = if n >= 10_000 { 3 } else { 10 };
        let parse = best_of(runs, || {
            let _ = Document::parse(&file, text.clone(), Format::Json, &Limits::default())
                .expect("parse");
        });
        let cfg = read(&file);
        let wrap = best_of(runs, || {
            let p = plan_wrap(&cfg, &opts).expect("plan");
            assert!(p.changed());
        });
        apply(&plan_wrap(&cfg, &opts).expect("plan")).expect("apply");
        let wrapped = read(&file);
        let unwrap = best_of(runs, || {
            let p = plan_unwrap(&wrapped, &opts).expect("plan");
            assert!(p.changed());
        });
        let r = |d: Duration| d.as_secs_f64() / parse.as_secs_f64();
        println!(
            "{n:>7}  {:>8.2}ms  {:>8.2}ms {:>5.1}x  {:>9.2}ms {:>5.1}x",
            parse.as_secs_f64() * 1e3,
            wrap.as_secs_f64() * 1e3,
            r(wrap),
            unwrap.as_secs_f64() * 1e3,
            r(unwrap)
        );
    }
}
