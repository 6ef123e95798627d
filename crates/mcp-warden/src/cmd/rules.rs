//! `rules` and `explain`.

use std::fmt::Write;

use anyhow::{Result, bail};
use clap::Args;

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule id (`MW101`) or name (`shell-inline-script`).
    pub rule: String,
}

pub fn rules(args: RulesArgs) -> Result<u8> {
    let rules = warden_analysis::rules();
    if args.json {
        super::print(&format!("{}\n", serde_json::to_string_pretty(rules)?))?;
        return Ok(0);
    }
    let mut text = String::new();
    for r in rules {
        let sev = r.severity.as_str();
        writeln!(text, "{:<6} {sev:<9} {:<34} {}", r.id, r.name, r.title)?;
    }
    super::print(&text)?;
    Ok(0)
}

pub fn explain(args: ExplainArgs) -> Result<u8> {
    match warden_analysis::find_rule(&args.rule) {
        Some(rule) => {
            super::print(&warden_analysis::rule_markdown(rule))?;
            Ok(0)
        }
        None => bail!("no rule `{}`; `mcp-warden rules` lists them", args.rule),
    }
}
