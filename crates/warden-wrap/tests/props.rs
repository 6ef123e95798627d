//! Property tests: configs with arbitrary command lines (quotes, backslashes, `#`, `:`, flow
//! indicators, non-ASCII, control characters) in every syntax and layout wrap into entries that
//! read back as `mcp-warden run -- <original>`, unwrap to the same bytes, and without the
//! journal still unwrap to the same command lines.

mod common;

use common::*;
use proptest::prelude::*;
use warden_wrap::{Outcome, apply, plan_unwrap, plan_wrap};

#[derive(Clone, Debug)]
struct Server {
    command: String,
    /// None: no `args` key.
    args: Option<Vec<String>>,
    multiline: bool,
    /// YAML: write the command and items plain when they can be.
    plain: bool,
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9@/._-]{1,10}",
        "[ -~]{0,12}",
        "[a-zé\u{1F600}\t\u{1}\\\\\"'#:,{}\\[\\] -]{0,8}",
    ]
}

fn server() -> impl Strategy<Value = Server> {
    (
        word().prop_filter("a command", |w| !w.is_empty()),
        prop::option::of(prop::collection::vec(word(), 0..4)),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(command, args, multiline, plain)| Server {
            command,
            args,
            multiline,
            plain,
        })
}

fn json(s: &str) -> String {
    serde_json::to_string(s).expect("json")
}

/// A plain YAML scalar when `s` is unambiguous as one, else double-quoted.
fn yaml(s: &str, plain: bool) -> String {
    let simple = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    if plain && simple {
        s.to_string()
    } else {
        json(s)
    }
}

fn array(items: &[String], multiline: bool, indent: &str) -> String {
    if multiline && !items.is_empty() {
        let inner: Vec<String> = items.iter().map(|i| format!("{indent}  {i}")).collect();
        format!("[\n{}\n{indent}]", inner.join(",\n"))
    } else {
        format!("[{}]", items.join(", "))
    }
}

fn json_config(servers: &[Server]) -> String {
    let mut out = String::from("{\n  \"mcpServers\": {\n");
    let entries: Vec<String> = servers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut e = format!("    \"s{i}\": {{\n      \"command\": {}", json(&s.command));
            if let Some(a) = &s.args {
                let items: Vec<String> = a.iter().map(|x| json(x)).collect();
                e.push_str(&format!(
                    ",\n      \"args\": {}",
                    array(&items, s.multiline, "      ")
                ));
            }
            e.push_str("\n    }");
            e
        })
        .collect();
    out.push_str(&entries.join(",\n"));
    out.push_str("\n  }\n}\n");
    out
}

fn toml_config(servers: &[Server]) -> String {
    // Inline tables first, under `[mcp_servers]`; then one `[mcp_servers.sN]` table each.
    let mut out = String::from("# codex\nmodel = \"o3\"\n\n[mcp_servers]\n");
    for (i, s) in servers.iter().enumerate().filter(|(_, s)| !s.plain) {
        let items: Vec<String> = s.args.iter().flatten().map(|x| json(x)).collect();
        let args = if s.args.is_some() {
            format!(", args = {}", array(&items, false, ""))
        } else {
            String::new()
        };
        out.push_str(&format!(
            "s{i} = {{ command = {}{args} }}\n",
            json(&s.command)
        ));
    }
    for (i, s) in servers.iter().enumerate().filter(|(_, s)| s.plain) {
        let items: Vec<String> = s.args.iter().flatten().map(|x| json(x)).collect();
        out.push_str(&format!(
            "\n[mcp_servers.s{i}]\ncommand = {} # the program\n",
            json(&s.command)
        ));
        if s.args.is_some() {
            out.push_str(&format!("args = {}\n", array(&items, s.multiline, "")));
        }
        out.push_str("startup_timeout_sec = 20\n");
    }
    out
}

fn yaml_config(servers: &[Server]) -> String {
    let mut out = String::from("# goose\nextensions:\n");
    for (i, s) in servers.iter().enumerate() {
        out.push_str(&format!(
            "  s{i}:\n    type: stdio\n    cmd: {}\n",
            yaml(&s.command, s.plain)
        ));
        if let Some(a) = &s.args {
            if s.multiline && !a.is_empty() {
                out.push_str("    args:\n");
                for x in a {
                    out.push_str(&format!("    - {}\n", yaml(x, s.plain)));
                }
            } else {
                let items: Vec<String> = a.iter().map(|x| yaml(x, false)).collect();
                out.push_str(&format!("    args: [{}]\n", items.join(", ")));
            }
        }
        out.push_str("    enabled: true # on\n");
    }
    out
}

fn check(client: &str, file_name: &str, text: &str) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join(file_name);
    std::fs::write(&file, text).expect("write");
    let before = read(client, &file);
    let opts = options(&dir.path().join("state"));
    let plan =
        plan_wrap(&before, &opts).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
    prop_assert!(
        plan.entries.iter().all(|e| e.outcome == Outcome::Wrapped),
        "{:?}",
        plan.entries
    );
    apply(&plan).expect("apply");
    let after = read(client, &file);
    let old = argvs(&before);
    for ((name, new), (_, old)) in argvs(&after).into_iter().zip(&old) {
        let mut want = vec![WARDEN.to_string(), "run".into(), "--".into()];
        want.extend(old.iter().cloned());
        prop_assert_eq!(&new, &want, "{}\n{}", name, plan.updated);
    }
    let wrapped = std::fs::read_to_string(&file).expect("read");
    apply(&plan_unwrap(&after, &opts).expect("unwrap")).expect("apply");
    prop_assert_eq!(std::fs::read_to_string(&file).expect("read"), text);

    // Without the journal: the command lines come back from the wrapped ones.
    std::fs::write(&file, &wrapped).expect("write");
    std::fs::remove_dir_all(dir.path().join("state")).expect("rm");
    let un = plan_unwrap(&read(client, &file), &opts)
        .map_err(|e| TestCaseError::fail(format!("{e}\n{wrapped}")))?;
    apply(&un).expect("apply");
    prop_assert_eq!(argvs(&read(client, &file)), old);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn json_configs(servers in prop::collection::vec(server(), 1..4)) {
        check("claude-code", "mcp.json", &json_config(&servers))?;
    }

    #[test]
    fn toml_configs(servers in prop::collection::vec(server(), 1..4)) {
        check("codex", "config.toml", &toml_config(&servers))?;
    }

    #[test]
    fn yaml_configs(servers in prop::collection::vec(server(), 1..4)) {
        check("goose", "config.yaml", &yaml_config(&servers))?;
    }
}
