//! `pins`: pinned tool definitions (the rug-pull defence of `run`'s guard).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use warden_proxy::PinStore;

#[derive(Args, Debug)]
pub struct PinsArgs {
    #[command(subcommand)]
    pub action: PinsAction,
    /// Where pins are kept. Default: $XDG_STATE_HOME/mcp-warden, else ~/.local/state/mcp-warden.
    #[arg(long, global = true, value_name = "DIR", env = "MCP_WARDEN_STATE_DIR")]
    pub state_dir: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum PinsAction {
    /// List pinned tools by server; changed definitions are shown with old and new text.
    List {
        /// Only this server (its id, or a unique prefix of it).
        #[arg(long, value_name = "ID")]
        server: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Accept the changed (or held back) definition of TOOL, or of every tool awaiting approval.
    Approve {
        #[arg(long, value_name = "ID")]
        server: Option<String>,
        tool: Option<String>,
    },
    /// Forget pins: TOOL's or all of a server's (the next listing pins them afresh).
    Reset {
        #[arg(long, value_name = "ID")]
        server: Option<String>,
        tool: Option<String>,
        /// Forget the pins of every server.
        #[arg(long, conflicts_with_all = ["server", "tool"])]
        all: bool,
    },
}

/// The state directory from a flag or the default.
pub fn state_dir(flag: Option<&Path>) -> Result<PathBuf> {
    match flag {
        Some(p) => Ok(p.to_path_buf()),
        None => warden_proxy::default_state_dir().context(
            "cannot find a state directory: set HOME or XDG_STATE_HOME, or pass --state-dir",
        ),
    }
}

fn select(all: Vec<(String, PinStore)>, server: Option<&str>) -> Result<Vec<(String, PinStore)>> {
    let Some(want) = server else { return Ok(all) };
    let hits: Vec<_> = all
        .into_iter()
        .filter(|(id, _)| id.starts_with(want))
        .collect();
    match hits.len() {
        0 => bail!("no pins for a server `{want}`; `mcp-warden pins list` shows the ids"),
        1 => Ok(hits),
        _ => bail!("`{want}` matches several servers; give more of the id"),
    }
}

fn description(canonical: &str) -> String {
    serde_json::from_str::<serde_json::Value>(canonical)
        .ok()
        .and_then(|v| {
            v.get("description")
                .and_then(|d| d.as_str())
                .map(str::to_string)
        })
        .unwrap_or_default()
}

/// Shows text with invisible characters made visible.
fn visible(s: &str) -> String {
    s.chars()
        .map(|c| {
            if warden_proxy::json::is_hidden_char(c) {
                format!("<U+{:04X}>", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

pub fn pins(args: PinsArgs) -> Result<u8> {
    let dir = state_dir(args.state_dir.as_deref())?;
    match args.action {
        PinsAction::List { server, json } => {
            let stores = select(PinStore::all(&dir)?, server.as_deref())?;
            if json {
                let v: Vec<_> = stores
                    .iter()
                    .map(|(id, s)| serde_json::json!({"id": id, "server": s.file().server, "tools": s.file().tools}))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&v)?);
                return Ok(0);
            }
            if stores.is_empty() {
                println!("no pinned tools in {}", dir.display());
                return Ok(0);
            }
            for (id, s) in &stores {
                println!("{id}  {}", s.file().server);
                for (name, pin) in &s.file().tools {
                    match (&pin.pending, pin.approved) {
                        (Some(p), _) => {
                            println!(
                                "  {name:<32} CHANGED  withheld until `mcp-warden pins approve --server {} {name}`",
                                &id[..12.min(id.len())]
                            );
                            println!("      pinned: {}", visible(&description(&pin.definition)));
                            println!("      now:    {}", visible(&description(&p.definition)));
                            if let Some(r) = &p.reason {
                                println!("      note:   {r}");
                            }
                        }
                        (None, false) => {
                            println!(
                                "  {name:<32} HELD     {}",
                                pin.reason.as_deref().unwrap_or("not approved")
                            );
                            println!("      text:   {}", visible(&description(&pin.definition)));
                        }
                        (None, true) => println!(
                            "  {name:<32} pinned   {}",
                            &pin.hash[..pin.hash.len().min(19)]
                        ),
                    }
                }
            }
            Ok(0)
        }
        PinsAction::Approve { server, tool } => {
            let mut total = 0;
            for (id, mut s) in select(PinStore::all(&dir)?, server.as_deref())? {
                let done = s.approve(tool.as_deref());
                s.save()?;
                for t in &done {
                    println!("approved {t} ({id})");
                }
                total += done.len();
            }
            if total == 0 {
                match tool {
                    Some(t) => eprintln!("nothing to approve for `{t}`"),
                    None => eprintln!("nothing to approve"),
                }
                return Ok(1);
            }
            Ok(0)
        }
        PinsAction::Reset { server, tool, all } => {
            if !all && server.is_none() && tool.is_none() {
                bail!("say what to forget: --server ID [TOOL], TOOL, or --all");
            }
            let mut total = 0;
            for (id, mut s) in select(PinStore::all(&dir)?, server.as_deref())? {
                let done = s.reset(tool.as_deref());
                s.save()?;
                for t in &done {
                    println!("forgot {t} ({id})");
                }
                total += done.len();
            }
            Ok(if total == 0 { 1 } else { 0 })
        }
    }
}
