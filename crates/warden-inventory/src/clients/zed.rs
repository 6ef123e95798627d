//! Zed: `settings.json` → `context_servers` (JSON with comments), in `~/.config/zed`
//! (`$XDG_CONFIG_HOME`, Flatpak's `$FLATPAK_XDG_CONFIG_HOME`), `%APPDATA%\Zed` on Windows, and
//! `<project>/.zed/settings.json`. Reads the current flat form, the older
//! `"source": "custom"` form and the oldest `"command": {"path", "args", "env"}` form;
//! servers provided by Zed extensions (no command) are not launch specs.

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::read::{self, Cx, UrlStyle};
use crate::{HostEnv, Os};

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "zed",
        name: "Zed",
        machine,
        project: &[".zed/settings.json"],
        names: &[
            ("zed/settings.json", Scope::User),
            ("Zed/settings.json", Scope::User),
        ],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    match env.os {
        Os::Linux => {
            let base = env
                .var("FLATPAK_XDG_CONFIG_HOME")
                .map(std::path::PathBuf::from)
                .unwrap_or_else(|| env.xdg_config_home());
            vec![Loc::new(base.join("zed/settings.json"), Scope::User)]
        }
        Os::MacOs => vec![
            Loc::new(env.xdg_config_home().join("zed/settings.json"), Scope::User),
            // Where some installers write it; Zed itself reads ~/.config/zed.
            Loc::new(env.app_config_dir().join("Zed/settings.json"), Scope::User),
        ],
        Os::Windows => vec![Loc::new(
            env.appdata().join("Zed/settings.json"),
            Scope::User,
        )],
    }
}

fn parse(cx: &mut Cx, root: &Node) {
    if let Some(map) = root.get("context_servers") {
        match map.as_object() {
            Some(entries) => {
                for (i, e) in entries.iter().enumerate() {
                    if entries[i + 1..].iter().any(|l| l.key == e.key) {
                        continue;
                    }
                    let from_extension = !read::looks_like_entry(&e.value)
                        && (e.value.get("source").and_then(Node::as_str) == Some("extension")
                            || e.value.get("settings").is_some());
                    if from_extension {
                        continue;
                    }
                    if let Some(s) =
                        read::read_entry(cx, &e.key, e.key_span, &e.value, UrlStyle::Infer)
                    {
                        cx.servers.push(s);
                    }
                }
            }
            None => cx.wrong_type("context_servers", map, "an object of servers"),
        }
    }
    cx.settings_from(
        root,
        &[
            "agent.always_allow_tool_actions",
            "assistant.always_allow_tool_actions",
        ],
    );
}
