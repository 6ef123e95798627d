//! VS Code and VS Code Insiders: `mcp.json` in the user profile (and in each named profile),
//! `<project>/.vscode/mcp.json`, `servers` plus `inputs`; the older `settings.json` →
//! `"mcp": {"servers": …}`; Dev Containers `customizations.vscode.mcp`; and the `chat.mcp.*`
//! settings that start servers or approve tools on their own.

use warden_core::doc::{Node, Value};
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::HostEnv;
use crate::read::{self, Cx, UrlStyle};

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "vscode",
        name: "VS Code",
        machine,
        project: &[
            ".vscode/mcp.json",
            ".vscode/settings.json",
            ".devcontainer/devcontainer.json",
            ".devcontainer.json",
        ],
        names: &[
            ("Code/User/mcp.json", Scope::User),
            ("Code/User/settings.json", Scope::User),
            ("Code/User/profiles/*/mcp.json", Scope::User),
            ("Code/User/profiles/*/settings.json", Scope::User),
        ],
        parse,
    }
}

pub(super) fn insiders() -> ClientDef {
    ClientDef {
        id: "vscode-insiders",
        name: "VS Code Insiders",
        machine: machine_insiders,
        project: &[],
        names: &[
            ("Code - Insiders/User/mcp.json", Scope::User),
            ("Code - Insiders/User/settings.json", Scope::User),
            ("Code - Insiders/User/profiles/*/mcp.json", Scope::User),
            ("Code - Insiders/User/profiles/*/settings.json", Scope::User),
        ],
        parse,
    }
}

fn user_files(env: &HostEnv, app: &str) -> Vec<Loc> {
    let user = env.app_config_dir().join(app).join("User");
    vec![
        Loc::new(user.join("mcp.json"), Scope::User),
        Loc::new(user.join("settings.json"), Scope::User),
        Loc::new(user.join("profiles/*/mcp.json"), Scope::User),
        Loc::new(user.join("profiles/*/settings.json"), Scope::User),
    ]
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    let mut v = user_files(env, "Code");
    // Remote (SSH, WSL, containers): the server side's user configuration.
    v.push(Loc::new(
        env.in_home(".vscode-server/data/User/mcp.json"),
        Scope::User,
    ));
    v
}

fn machine_insiders(env: &HostEnv) -> Vec<Loc> {
    user_files(env, "Code - Insiders")
}

fn parse(cx: &mut Cx, root: &Node) {
    let mut container = Some(root);
    if root.get("servers").is_none() {
        // settings.json: `"mcp": {"servers": …}`; devcontainer.json:
        // `customizations.vscode.mcp`.
        container = root
            .get("mcp")
            .or_else(|| root.pointer(&["customizations", "vscode", "mcp"]))
            .filter(|m| m.as_object().is_some());
    }
    if let Some(c) = container {
        if let Some(servers) = c.get("servers") {
            read::read_map(cx, "servers", servers, UrlStyle::Infer);
        } else if c.get("mcpServers").is_some() {
            // Written by installers that use the Claude key; read so nothing is missed.
            super::standard(cx, c);
        }
        if let Some(inputs) = c.get("inputs") {
            read_inputs(cx, inputs);
        }
    } else if root.get("mcpServers").is_some() {
        super::standard(cx, root);
    }
    // Settings that start servers or run tools without asking.
    if let Some(entries) = root.as_object() {
        for e in entries {
            let k = e.key.as_str();
            let relevant = k.starts_with("chat.mcp.")
                || (k.starts_with("chat.") && k.contains("utoApprove"))
                || k == "chat.agent.enabled";
            if relevant {
                cx.setting_at(k, &e.value);
            }
        }
    }
}

/// `inputs: [{type, id, description, password}]`, as settings `inputs.<id>`.
fn read_inputs(cx: &mut Cx, inputs: &Node) {
    let Some(items) = inputs.as_array() else {
        if !matches!(inputs.value, Value::Null) {
            cx.wrong_type("inputs", inputs, "an array");
        }
        return;
    };
    for item in items {
        let Some(id) = item.get("id").and_then(Node::as_str) else {
            continue;
        };
        let mut value = item
            .get("type")
            .and_then(Node::as_str)
            .unwrap_or("promptString")
            .to_string();
        if item.get("password").and_then(Node::as_bool) == Some(true) {
            value.push_str(",password");
        }
        cx.settings.push(warden_core::spec::Setting {
            key: format!("inputs.{id}"),
            value,
            span: item.span,
        });
    }
}
