//! Print what inventory reads from a file, a directory, or a home directory: a debugging aid.
//!
//! `cargo run -p warden-inventory --example dump -- <path> [linux|macos|windows]`
use std::path::PathBuf;

use warden_inventory::{HostEnv, Os};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let inv = match args.next().as_deref() {
        Some(os) => {
            let os = match os {
                "macos" => Os::MacOs,
                "windows" => Os::Windows,
                _ => Os::Linux,
            };
            warden_inventory::scan_machine(&HostEnv::new(os, &path))
        }
        None => warden_inventory::check_path(&path, None),
    };
    for l in &inv.looked {
        if l.found {
            println!(
                "looked {} {:?} {} servers={}",
                l.client,
                l.scope,
                l.path.display(),
                l.servers
            );
        }
    }
    for f in &inv.files {
        println!(
            "FILE {} client={} scope={:?} format={:?}",
            f.path.display(),
            f.client,
            f.scope,
            f.format
        );
        for st in &f.settings {
            println!(
                "  setting {}={} @{}:{}",
                st.key, st.value, st.span.line, st.span.column
            );
        }
        for s in &f.servers {
            println!(
                "  {} [{:?} {} enabled={}] @{}:{} cmd={} url={:?} env={:?} cwd={:?} opts={:?}",
                s.name,
                s.scope,
                s.transport.as_str(),
                s.enabled,
                s.name_span.line,
                s.name_span.column,
                s.command_line(),
                s.url.as_ref().map(|u| &u.value),
                s.env
                    .iter()
                    .map(|e| format!("{}={}", e.name, e.display_value()))
                    .collect::<Vec<_>>(),
                s.cwd.as_ref().map(|c| &c.value),
                s.options
                    .iter()
                    .map(|o| format!("{}={}", o.key, o.value))
                    .collect::<Vec<_>>(),
            );
        }
    }
    for e in &inv.errors {
        println!(
            "ERROR {}:{}:{}: {}",
            e.path.display(),
            e.line,
            e.column,
            e.message
        );
    }
}
