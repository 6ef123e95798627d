//! `guard_relay [--no-pins] [--audit FILE] [--deny-tool P]... -- CMD [ARGS]...`
//!
//! The guard alone around a server, with this process's stdio as the client side: `mcp-warden
//! run` without the sandbox. Used by the latency benchmark (bench/proxy-latency.sh).

use std::process::{Command, Stdio};
use std::sync::Arc;

use warden_proxy::{AuditLog, Glob, Guard, PinStore, Policy, ServerIdentity, Shutdown, run_child};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(sep) = args.iter().position(|a| a == "--") else {
        eprintln!(
            "usage: guard_relay [--no-pins] [--audit FILE] [--deny-tool P]... -- CMD [ARGS]..."
        );
        std::process::exit(2);
    };
    let (opts, command) = (&args[..sep], &args[sep + 1..]);
    let mut policy = Policy::default();
    let mut audit_path = None;
    let mut i = 0;
    while i < opts.len() {
        match opts[i].as_str() {
            "--no-pins" => policy.pins = false,
            "--audit" => {
                i += 1;
                audit_path = opts.get(i).cloned();
            }
            "--deny-tool" => {
                i += 1;
                policy.deny.extend(opts.get(i).map(Glob::new));
            }
            other => {
                eprintln!("guard_relay: unknown option {other}");
                std::process::exit(2);
            }
        }
        i += 1;
    }
    let id = ServerIdentity::from_launch(command, &[]);
    let state = std::env::temp_dir().join(format!("guard-relay-state-{}", std::process::id()));
    let pins = policy
        .pins
        .then(|| PinStore::open(&state, &id).expect("pin store"));
    let audit = match audit_path {
        Some(p) => AuditLog::open(p.as_ref(), &id, false).expect("audit log"),
        None => AuditLog::disabled(),
    };
    let guard = Arc::new(Guard::new(policy, pins, audit));
    let child = Command::new(&command[0])
        .args(&command[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn server");
    let stdin = std::fs::File::from(
        std::os::fd::AsFd::as_fd(&std::io::stdin())
            .try_clone_to_owned()
            .unwrap(),
    );
    let stdout = std::fs::File::from(
        std::os::fd::AsFd::as_fd(&std::io::stdout())
            .try_clone_to_owned()
            .unwrap(),
    );
    let outcome = run_child(guard, child, stdin, stdout, Shutdown::default(), |tx| {
        let _ = warden_proxy::forward_signals(tx);
    })
    .expect("relay");
    let _ = std::fs::remove_dir_all(&state);
    std::process::exit(outcome.exit_code().into());
}
