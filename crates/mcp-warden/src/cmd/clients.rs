//! `clients`: every supported client, where it was looked for, what was found.

use std::fmt::Write;

use anyhow::Result;
use clap::Args;
use warden_inventory::HostEnv;

#[derive(Args, Debug)]
pub struct ClientsArgs {
    /// Also look for project-scoped configs under this directory.
    #[arg(long = "project", value_name = "DIR")]
    pub projects: Vec<std::path::PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn clients(args: ClientsArgs) -> Result<u8> {
    let env = HostEnv::from_process();
    let mut inv = warden_inventory::scan_machine(&env);
    for dir in &args.projects {
        let p = warden_inventory::scan_project(dir, &env);
        inv.looked.extend(p.looked);
    }
    if args.json {
        let clients: Vec<_> = warden_inventory::clients()
            .iter()
            .map(|c| {
                let looked: Vec<_> = inv
                    .looked
                    .iter()
                    .filter(|l| l.client == c.id)
                    .map(|l| {
                        serde_json::json!({
                            "path": l.path.display().to_string(),
                            "scope": l.scope.as_str(),
                            "found": l.found,
                            "servers": l.servers,
                        })
                    })
                    .collect();
                serde_json::json!({"id": c.id, "name": c.name, "locations": looked})
            })
            .collect();
        let json = serde_json::to_string_pretty(&serde_json::json!({ "clients": clients }))?;
        super::print(&format!("{json}\n"))?;
        return Ok(0);
    }
    let mut text = String::new();
    for c in warden_inventory::clients() {
        let looked: Vec<_> = inv.looked.iter().filter(|l| l.client == c.id).collect();
        let found = looked.iter().filter(|l| l.found).count();
        let total = looked.len();
        writeln!(
            text,
            "{} ({}): {found} of {total} locations present",
            c.name, c.id
        )?;
        for l in looked {
            let mark = if l.found {
                format!("found, {} server(s)", l.servers)
            } else {
                "absent".to_string()
            };
            let scope = l.scope.as_str();
            writeln!(text, "  {scope:<8} {}  [{mark}]", l.path.display())?;
        }
    }
    super::print(&text)?;
    Ok(0)
}
