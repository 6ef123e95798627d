//! Profile derivation: pure data, no kernel involved.

use std::path::{Path, PathBuf};

use warden_sandbox::profile::{package_root, which};
use warden_sandbox::{Access, Host, Net, Options, Profile, derive};

struct World {
    _dir: tempfile::TempDir,
    root: PathBuf,
    home: PathBuf,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let home = root.join("home/user");
        for d in [".ssh", ".aws", ".config/gcloud", "project/src", "bin"] {
            std::fs::create_dir_all(home.join(d)).unwrap();
        }
        std::fs::write(home.join(".ssh/id_ed25519"), "k").unwrap();
        std::fs::write(home.join("project/package.json"), "{}").unwrap();
        std::fs::write(home.join("project/src/server.js"), "").unwrap();
        World {
            _dir: dir,
            root,
            home,
        }
    }

    fn host(&self) -> Host {
        Host {
            home: Some(self.home.clone()),
            cwd: self.home.clone(),
            env: vec![
                ("PATH".into(), "/usr/bin:/bin".into()),
                ("HOME".into(), self.home.display().to_string()),
                ("AWS_SECRET_ACCESS_KEY".into(), "secret".into()),
            ],
        }
    }

    fn derive(&self, argv: &[&str], opts: &Options) -> Profile {
        let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
        derive(&argv, opts, &self.host()).unwrap()
    }
}

fn access_of(p: &Profile, path: &Path) -> Option<Access> {
    p.paths.iter().find(|r| r.path == path).map(|r| r.access)
}

fn nothing_of_home_but(p: &Profile, home: &Path, allowed: &[PathBuf]) {
    for r in &p.paths {
        if r.path.starts_with(home) {
            assert!(
                allowed.iter().any(|a| r.path.starts_with(a)),
                "unexpected grant in home: {} ({})",
                r.path.display(),
                r.why
            );
        }
    }
}

#[test]
fn plain_program_gets_system_paths_no_network_and_nothing_of_home() {
    let w = World::new();
    let p = w.derive(&["sh", "-c", "true"], &Options::default());
    assert_eq!(p.net, Net::None);
    assert_eq!(p.program, PathBuf::from("/usr/bin/sh"));
    assert_eq!(access_of(&p, Path::new("/usr")), Some(Access::ReadExec));
    assert_eq!(access_of(&p, Path::new("/tmp")), Some(Access::ReadWrite));
    assert!(
        access_of(&p, Path::new("/etc")).is_none(),
        "not all of /etc"
    );
    assert!(access_of(&p, Path::new("/etc/shadow")).is_none());
    nothing_of_home_but(&p, &w.home, &[]);
    // The parent's secret is not in the environment; TMPDIR is the private one.
    assert!(!p.env.iter().any(|(k, _)| k == "AWS_SECRET_ACCESS_KEY"));
    assert!(p.env.contains(&("TMPDIR".into(), "/tmp".into())));
}

#[test]
fn package_runner_gets_its_cache_and_outbound_network() {
    if which("npx", Some("/usr/bin:/bin:/usr/local/bin"), Path::new("/")).is_none() {
        eprintln!("npx not installed; skipping");
        return;
    }
    let w = World::new();
    let mut host_path = w.host();
    host_path.env[0].1 = "/usr/local/bin:/usr/bin:/bin".into();
    let argv: Vec<String> = ["npx", "-y", "@modelcontextprotocol/server-everything"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let p = derive(&argv, &Options::default(), &host_path).unwrap();
    assert_eq!(p.net, Net::Outbound);
    let npm = w.home.join(".npm");
    assert_eq!(access_of(&p, &npm), Some(Access::ReadWriteExec));
    assert!(p.paths.iter().any(|r| r.path == npm && r.create));
    nothing_of_home_but(
        &p,
        &w.home,
        &[npm, w.home.join(".cache"), w.home.join(".local/share/pnpm")],
    );
}

#[test]
fn directories_in_arguments_are_writable_files_readable_with_their_project() {
    let w = World::new();
    let project = w.home.join("project");
    let script = project.join("src/server.js");
    let p = w.derive(
        &[
            "sh",
            script.to_str().unwrap(),
            "--root",
            project.to_str().unwrap(),
        ],
        &Options::default(),
    );
    assert_eq!(access_of(&p, &project), Some(Access::ReadWrite));
    assert_eq!(access_of(&p, &script), Some(Access::Read));
    assert_eq!(p.net, Net::None);
    nothing_of_home_but(&p, &w.home, &[project]);
}

#[test]
fn protected_paths_in_arguments_are_not_granted() {
    let w = World::new();
    let ssh = w.home.join(".ssh");
    let home = w.home.clone();
    let p = w.derive(
        &[
            "sh",
            ssh.to_str().unwrap(),
            home.to_str().unwrap(),
            "/",
            "/etc",
        ],
        &Options::default(),
    );
    nothing_of_home_but(&p, &w.home, &[]);
    assert!(access_of(&p, Path::new("/")).is_none());
    assert!(access_of(&p, Path::new("/etc")).is_none());
    assert_eq!(p.notes.len(), 4, "{:?}", p.notes);
    assert!(
        p.notes.iter().any(|n| n.contains("~/.ssh")),
        "{:?}",
        p.notes
    );
    let text = p.render();
    assert!(text.contains("note: not granted"), "{text}");
}

#[test]
fn explicit_grants_and_options() {
    let w = World::new();
    let data = w.root.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let opts = Options {
        allow_read: vec![PathBuf::from("project"), PathBuf::from("~/notes")],
        allow_write: vec![data.clone()],
        net: Some(Net::Connect(vec![8080])),
        env: vec![("API_KEY".into(), "value".into())],
        pass_env: vec!["AWS_SECRET_ACCESS_KEY".into()],
        ..Options::default()
    };
    let p = w.derive(&["sh"], &opts);
    assert_eq!(access_of(&p, &w.home.join("project")), Some(Access::Read));
    assert_eq!(access_of(&p, &w.home.join("notes")), Some(Access::Read));
    assert_eq!(access_of(&p, &data), Some(Access::ReadWrite));
    assert_eq!(p.net.tcp_connect_ports(), Some(vec![8080]));
    assert!(p.env.contains(&("API_KEY".into(), "value".into())));
    assert!(
        p.env
            .contains(&("AWS_SECRET_ACCESS_KEY".into(), "secret".into()))
    );
    let text = p.render();
    assert!(text.contains("API_KEY=<redacted>"), "{text}");
    assert!(!text.contains("=secret"), "{text}");
}

#[test]
fn secrets_in_argv_are_redacted_in_the_rendering() {
    let w = World::new();
    let p = w.derive(
        &["sh", "--api-key=sk-live-abcdefghijklmnopqrstuvwxyz0123"],
        &Options::default(),
    );
    let text = p.render();
    assert!(!text.contains("sk-live-abcdef"), "{text}");
}

#[test]
fn missing_program_is_an_error() {
    let w = World::new();
    let argv = vec!["definitely-not-installed-xyz".to_string()];
    let err = derive(&argv, &Options::default(), &w.host()).unwrap_err();
    assert!(err.to_string().contains("not found"), "{err}");
    assert!(derive(&[], &Options::default(), &w.host()).is_err());
}

#[test]
fn net_parsing() {
    assert_eq!(Net::parse("none").unwrap(), Net::None);
    assert_eq!(Net::parse("outbound").unwrap(), Net::Outbound);
    assert_eq!(Net::parse("host").unwrap(), Net::Host);
    assert_eq!(
        Net::parse("connect:443,80,443").unwrap(),
        Net::Connect(vec![80, 443])
    );
    for bad in [
        "connect:",
        "connect:0",
        "connect:70000",
        "connect:x",
        "all",
        "",
    ] {
        assert!(Net::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(Net::Host.tcp_connect_ports(), None);
    assert_eq!(Net::None.tcp_connect_ports(), Some(vec![]));
}

#[test]
fn access_union() {
    assert_eq!(Access::Read.union(Access::ReadExec), Access::ReadExec);
    assert_eq!(
        Access::ReadExec.union(Access::ReadWrite),
        Access::ReadWriteExec
    );
    assert_eq!(Access::Read.union(Access::ReadWrite), Access::ReadWrite);
}

#[test]
fn package_roots() {
    let w = World::new();
    assert_eq!(
        package_root(&w.home.join("project/src/server.js")),
        Some(w.home.join("project"))
    );
    let nm = w.root.join("deps/node_modules/@scope/pkg/dist/index.js");
    assert_eq!(package_root(&nm), Some(w.root.join("deps")));
}

#[test]
fn profile_round_trips_through_the_helper_encoding() {
    let w = World::new();
    let p = w.derive(&["sh", "-c", "true"], &Options::default());
    let back = warden_sandbox::decode(&warden_sandbox::encode(&p)).unwrap();
    assert_eq!(p, back);
}

#[test]
fn system_directories_named_by_the_spec_are_only_readable() {
    let w = World::new();
    // A package runner whose spec points its cache into /etc gets no write access there,
    // and nothing is created.
    let uvx = w.home.join("bin/uvx");
    std::fs::write(&uvx, "#!/bin/sh\n").unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&uvx, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let opts = Options {
        env: vec![("UV_CACHE_DIR".into(), "/etc/cron.d".into())],
        ..Options::default()
    };
    let p = w.derive(&[uvx.to_str().unwrap(), "some-server"], &opts);
    assert_eq!(p.net, Net::Outbound, "uvx is a package runner");
    let cron = p.paths.iter().find(|r| r.path == Path::new("/etc/cron.d"));
    assert!(
        cron.is_none_or(|r| r.access == Access::Read && !r.create),
        "{cron:?}"
    );
    assert!(
        p.paths
            .iter()
            .any(|r| r.path == w.home.join(".cache/uv") && r.create)
    );

    let p = w.derive(&["sh", "/etc/ssl", "/usr/share"], &Options::default());
    assert_eq!(access_of(&p, Path::new("/usr/share")), Some(Access::Read));
    assert_eq!(access_of(&p, Path::new("/etc/ssl")), Some(Access::Read));
    assert!(
        p.notes.iter().any(|n| n.contains("read-only: /usr/share")),
        "{:?}",
        p.notes
    );
    // Explicitly, it can be made writable.
    let data = PathBuf::from("/var/tmp");
    let opts = Options {
        allow_write: vec![data.clone()],
        ..Options::default()
    };
    let p = w.derive(&["sh", "/var/tmp"], &opts);
    assert_eq!(access_of(&p, &data), Some(Access::ReadWrite));
}
