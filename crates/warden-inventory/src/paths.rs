//! Where clients keep their files on each operating system, derived from a [`HostEnv`].

use std::path::PathBuf;

use crate::{HostEnv, Os};

impl HostEnv {
    /// A test or a tool can describe any machine: `os`, a home directory and variables.
    pub fn new(os: Os, home: impl Into<PathBuf>) -> HostEnv {
        HostEnv {
            os,
            home: home.into(),
            vars: Default::default(),
        }
    }

    /// Set a variable (builder style).
    pub fn with_var(mut self, name: &str, value: impl Into<String>) -> HostEnv {
        self.vars.insert(name.to_string(), value.into());
        self
    }

    /// `~`: the home directory (on Windows `%USERPROFILE%` when set).
    pub fn home(&self) -> PathBuf {
        match self.os {
            Os::Windows => self
                .var("USERPROFILE")
                .map(PathBuf::from)
                .unwrap_or_else(|| self.home.clone()),
            _ => self.home.clone(),
        }
    }

    /// `~/.<rel>`-style path under the home directory.
    pub fn in_home(&self, rel: &str) -> PathBuf {
        self.home().join(rel)
    }

    /// The platform's application configuration directory: `$XDG_CONFIG_HOME` or `~/.config`
    /// (Linux), `~/Library/Application Support` (macOS), `%APPDATA%` (Windows).
    pub fn app_config_dir(&self) -> PathBuf {
        match self.os {
            Os::Linux => self.xdg_config_home(),
            Os::MacOs => self.home().join("Library/Application Support"),
            Os::Windows => self.appdata(),
        }
    }

    /// `$XDG_CONFIG_HOME`, else `~/.config`, on every OS (tools that use XDG paths everywhere).
    pub fn xdg_config_home(&self) -> PathBuf {
        self.var("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| self.home().join(".config"))
    }

    /// `%APPDATA%`, else `~/AppData/Roaming`.
    pub fn appdata(&self) -> PathBuf {
        self.var("APPDATA")
            .map(PathBuf::from)
            .unwrap_or_else(|| self.home().join("AppData").join("Roaming"))
    }

    /// `%LOCALAPPDATA%`, else `~/AppData/Local`.
    pub fn local_appdata(&self) -> PathBuf {
        self.var("LOCALAPPDATA")
            .map(PathBuf::from)
            .unwrap_or_else(|| self.home().join("AppData").join("Local"))
    }

    /// `%ProgramData%`, else `C:\ProgramData`.
    pub fn program_data(&self) -> PathBuf {
        self.var("ProgramData")
            .or_else(|| self.var("PROGRAMDATA"))
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(r"C:\ProgramData"))
    }

    /// `%ProgramFiles%`, else `C:\Program Files`.
    pub fn program_files(&self) -> PathBuf {
        self.var("ProgramFiles")
            .or_else(|| self.var("PROGRAMFILES"))
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(r"C:\Program Files"))
    }

    /// A machine-wide directory: `/etc/<linux>`, `/Library/Application Support/<mac>`,
    /// `%ProgramData%\<windows>`.
    pub fn system_dir(&self, linux: &str, mac: &str, windows: &str) -> PathBuf {
        match self.os {
            Os::Linux => PathBuf::from("/etc").join(linux),
            Os::MacOs => PathBuf::from("/Library/Application Support").join(mac),
            Os::Windows => self.program_data().join(windows),
        }
    }

    /// The user-data directories of VS Code and its forks whose extensions (Cline, Roo) keep
    /// files in `globalStorage`: `<app config>/<name>/User`.
    pub fn vscode_user_dirs(&self, names: &[&str]) -> Vec<PathBuf> {
        names
            .iter()
            .map(|n| self.app_config_dir().join(n).join("User"))
            .collect()
    }
}

/// VS Code and the forks that run the same extensions.
pub(crate) const VSCODE_HOSTS: &[&str] =
    &["Code", "Code - Insiders", "VSCodium", "Cursor", "Windsurf"];
