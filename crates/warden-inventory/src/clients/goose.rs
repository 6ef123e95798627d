//! Goose: `config.yaml` → `extensions` (`~/.config/goose`, `%APPDATA%\Block\goose\config` on
//! Windows), with `cmd`, `args`, `envs`, `env_keys` (values kept in the keyring), `uri` for
//! remote extensions, and `GOOSE_MODE`. Built-in extensions run inside Goose and are not
//! launch specs.

use std::path::PathBuf;

use warden_core::doc::Node;
use warden_core::spec::Scope;

use super::{ClientDef, Loc};
use crate::read::{self, Cx, UrlStyle};
use crate::{HostEnv, Os};

pub(super) fn def() -> ClientDef {
    ClientDef {
        id: "goose",
        name: "Goose",
        machine,
        project: &[],
        names: &[
            ("goose/config.yaml", Scope::User),
            ("goose/config/config.yaml", Scope::User),
        ],
        parse,
    }
}

fn machine(env: &HostEnv) -> Vec<Loc> {
    let path = match env.os {
        Os::Windows => env.appdata().join("Block/goose/config/config.yaml"),
        _ => env
            .var("GOOSE_CONFIG_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| env.xdg_config_home().join("goose"))
            .join("config.yaml"),
    };
    vec![Loc::new(path, Scope::User)]
}

fn parse(cx: &mut Cx, root: &Node) {
    if let Some(map) = root.get("extensions") {
        match map.as_object() {
            Some(entries) => {
                for (i, e) in entries.iter().enumerate() {
                    if entries[i + 1..].iter().any(|l| l.key == e.key) {
                        continue;
                    }
                    let kind = e.value.get("type").and_then(Node::as_str).unwrap_or("");
                    if matches!(kind, "builtin" | "platform" | "frontend") {
                        continue;
                    }
                    if let Some(s) =
                        read::read_entry(cx, &e.key, e.key_span, &e.value, UrlStyle::Infer)
                    {
                        cx.servers.push(s);
                    }
                }
            }
            None => cx.wrong_type("extensions", map, "an object of extensions"),
        }
    }
    cx.settings_from(root, &["GOOSE_MODE", "GOOSE_ALLOWLIST"]);
}
