//! Round-trip latency and throughput of a stdio MCP server, directly and through the guard,
//! measured side by side (alternating rounds) in one run.
//!
//! `rtt --guard PATH [--mode notify|call|ping|big] [--n N] [--warmup W] [--rounds R]
//!      [--big-bytes B] [--params JSON] [--init] [--label L] -- CMD [ARGS]...`
//!
//! `notify` sends a 345-byte notification and waits for one line back (for `cat`); `call` a
//! 345-byte `tools/call` of `echo` (or the `tools/call` params given with `--params`); `ping` a `ping`; `big` a `tools/call` of `big` returning B
//! bytes. `--init` runs `initialize` and `tools/list` first.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

struct Opts {
    guard: String,
    mode: String,
    n: usize,
    warmup: usize,
    rounds: usize,
    big: usize,
    init: bool,
    label: String,
    params: Option<String>,
    command: Vec<String>,
}

fn parse() -> Opts {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sep = args.iter().position(|a| a == "--").expect("-- CMD");
    let mut o = Opts {
        guard: String::new(),
        mode: "call".into(),
        n: 5000,
        warmup: 500,
        rounds: 3,
        big: 1 << 20,
        init: false,
        label: String::new(),
        params: None,
        command: args[sep + 1..].to_vec(),
    };
    let mut it = args[..sep].iter();
    while let Some(a) = it.next() {
        let mut v = || it.next().expect("value").clone();
        match a.as_str() {
            "--guard" => o.guard = v(),
            "--mode" => o.mode = v(),
            "--n" => o.n = v().parse().unwrap(),
            "--warmup" => o.warmup = v().parse().unwrap(),
            "--rounds" => o.rounds = v().parse().unwrap(),
            "--big-bytes" => o.big = v().parse().unwrap(),
            "--label" => o.label = v(),
            "--params" => o.params = Some(v()),
            "--init" => o.init = true,
            other => panic!("unknown option {other}"),
        }
    }
    if o.label.is_empty() {
        o.label = o.command.join(" ");
    }
    o
}

struct Conn {
    child: Child,
    w: ChildStdin,
    r: BufReader<ChildStdout>,
    line: String,
}

impl Conn {
    fn start(cmd: &[String]) -> Conn {
        let mut child = Command::new(&cmd[0])
            .args(&cmd[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let w = child.stdin.take().unwrap();
        let r = BufReader::with_capacity(1 << 20, child.stdout.take().unwrap());
        Conn {
            child,
            w,
            r,
            line: String::new(),
        }
    }

    fn send(&mut self, msg: &str) {
        self.w.write_all(msg.as_bytes()).unwrap();
        self.w.write_all(b"\n").unwrap();
        self.w.flush().unwrap();
    }

    /// Reads lines until one contains `"id":<id>` (or any line when `id` is None); returns its length.
    fn recv(&mut self, id: Option<&str>) -> usize {
        loop {
            self.line.clear();
            let n = self.r.read_line(&mut self.line).unwrap();
            assert!(n > 0, "server closed its output");
            match id {
                None => return n,
                Some(id) if self.line.contains(id) => return n,
                _ => {}
            }
        }
    }

    fn stop(mut self) {
        drop(self.w);
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn message(mode: &str, i: usize, big: usize, params: Option<&str>) -> (String, Option<String>) {
    let pad = "lorem ipsum dolor sit amet ".repeat(8);
    if let (Some(p), "call") = (params, mode) {
        return (
            format!(r#"{{"jsonrpc":"2.0","id":{i},"method":"tools/call","params":{p}}}"#),
            Some(format!(r#""id":{i}"#)),
        );
    }
    match mode {
        "notify" => (
            format!(
                r#"{{"jsonrpc":"2.0","method":"notifications/message","params":{{"level":"info","data":"{i} {pad}"}}}}"#
            ),
            None,
        ),
        "ping" => (
            format!(r#"{{"jsonrpc":"2.0","id":{i},"method":"ping"}}"#),
            Some(format!(r#""id":{i}"#)),
        ),
        "big" => (
            format!(
                r#"{{"jsonrpc":"2.0","id":{i},"method":"tools/call","params":{{"name":"big","arguments":{{"n":{big}}}}}}}"#
            ),
            Some(format!(r#""id":{i}"#)),
        ),
        _ => (
            format!(
                r#"{{"jsonrpc":"2.0","id":{i},"method":"tools/call","params":{{"name":"echo","arguments":{{"message":"{pad}"}}}}}}"#
            ),
            Some(format!(r#""id":{i}"#)),
        ),
    }
}

struct Stats {
    p50: f64,
    p99: f64,
    mean: f64,
    mb_s: f64,
}

fn measure(o: &Opts, cmd: &[String]) -> Stats {
    let mut c = Conn::start(cmd);
    let mut next = 1_000_000usize;
    if o.init {
        c.send(r#"{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"rtt","version":"0"}}}"#);
        c.recv(Some(r#""id":"init""#));
        c.send(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#);
        c.send(r#"{"jsonrpc":"2.0","id":"list","method":"tools/list"}"#);
        c.recv(Some(r#""id":"list""#));
    }
    for _ in 0..o.warmup {
        next += 1;
        let (m, id) = message(&o.mode, next, o.big, o.params.as_deref());
        c.send(&m);
        c.recv(id.as_deref());
    }
    let mut lat = Vec::with_capacity(o.n);
    let mut bytes = 0usize;
    let t0 = Instant::now();
    for _ in 0..o.n {
        next += 1;
        let (m, id) = message(&o.mode, next, o.big, o.params.as_deref());
        let t = Instant::now();
        c.send(&m);
        bytes += c.recv(id.as_deref());
        lat.push(t.elapsed().as_secs_f64() * 1e6);
    }
    let total = t0.elapsed().as_secs_f64();
    c.stop();
    lat.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let pct = |p: f64| lat[((lat.len() as f64 - 1.0) * p).round() as usize];
    Stats {
        p50: pct(0.5),
        p99: pct(0.99),
        mean: lat.iter().sum::<f64>() / lat.len() as f64,
        mb_s: bytes as f64 / total / 1e6,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let o = parse();
    let mut guarded = vec![o.guard.clone(), "--".into()];
    guarded.extend(o.command.iter().cloned());
    let mut direct: Vec<Stats> = Vec::new();
    let mut through: Vec<Stats> = Vec::new();
    for _ in 0..o.rounds {
        direct.push(measure(&o, &o.command));
        through.push(measure(&o, &guarded));
    }
    let m = |v: &[Stats], f: fn(&Stats) -> f64| median(v.iter().map(f).collect());
    let (d50, g50) = (m(&direct, |s| s.p50), m(&through, |s| s.p50));
    let (d99, g99) = (m(&direct, |s| s.p99), m(&through, |s| s.p99));
    let (dm, gm) = (m(&direct, |s| s.mean), m(&through, |s| s.mean));
    let (dt, gt) = (m(&direct, |s| s.mb_s), m(&through, |s| s.mb_s));
    println!(
        "| {} ({}, n={}) | {:.1} / {:.1} | {:.1} / {:.1} | {:+.1} µs ({:+.1}%) | {:.1} / {:.1} | {:.0} / {:.0} MB/s |",
        o.label,
        o.mode,
        o.n,
        d50,
        g50,
        d99,
        g99,
        g50 - d50,
        (g50 - d50) / d50 * 100.0,
        dm,
        gm,
        dt,
        gt
    );
}
