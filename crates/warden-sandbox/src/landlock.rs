//! Landlock: the file-system allowlist, TCP ports, and scopes (signals, abstract UNIX sockets).
//!
//! One tested ABI is targeted ([`TARGET`]); on older kernels the crate's best-effort mode drops
//! what the kernel lacks and [`Report`] says so. `--require-full` switches to hard requirements.

use std::path::Path;

use landlock::{
    ABI, Access as _, AccessFs, AccessNet, BitFlags, CompatLevel, Compatible, LandlockStatus,
    NetPort, PathBeneath, PathFd, RestrictionStatus, Ruleset, RulesetAttr, RulesetCreatedAttr,
    RulesetStatus, Scope,
};

use crate::profile::{Access, Net, Profile};

/// The Landlock ABI this code is written and tested against (kernel 6.12+: file system,
/// truncate, ioctl on devices, TCP bind/connect ports, signal and abstract-socket scopes).
pub const TARGET: ABI = ABI::V6;

/// What the kernel enforced.
#[derive(Clone, Debug)]
pub struct Report {
    /// `fully enforced`, `partially enforced`, `not enforced`.
    pub status: &'static str,
    pub full: bool,
    /// The ABI the kernel offers (`None`: Landlock unavailable).
    pub kernel_abi: Option<String>,
    pub no_new_privs: bool,
}

fn rights(access: Access, is_dir: bool) -> BitFlags<AccessFs> {
    let all = AccessFs::from_all(TARGET);
    let r = match access {
        Access::Read => AccessFs::ReadFile | AccessFs::ReadDir,
        Access::ReadExec => AccessFs::from_read(TARGET),
        Access::ReadWrite => all & !AccessFs::Execute,
        Access::ReadWriteExec => all,
    };
    if is_dir {
        r
    } else {
        r & AccessFs::from_file(TARGET)
    }
}

/// Restrict the calling process (and everything it executes) to the profile.
///
/// `private_proc`: /proc shows only the sandbox's own processes (a new PID namespace with its
/// own procfs); when false only the process's own /proc entries are granted.
pub fn apply(profile: &Profile, private_proc: bool) -> Result<Report, String> {
    let level = if profile.require_full {
        CompatLevel::HardRequirement
    } else {
        CompatLevel::BestEffort
    };
    let err = |e: landlock::RulesetError| format!("landlock: {e}");
    let mut ruleset = Ruleset::default()
        .set_compatibility(level)
        .handle_access(AccessFs::from_all(TARGET))
        .map_err(err)?;
    if profile.net != Net::Host {
        ruleset = ruleset
            .handle_access(AccessNet::from_all(TARGET))
            .map_err(err)?;
    }
    ruleset = ruleset.scope(Scope::from_all(TARGET)).map_err(err)?;
    let mut created = ruleset.create().map_err(err)?;

    for rule in &profile.paths {
        let path = rule.path.as_path();
        if path == Path::new("/proc") && !private_proc {
            for p in [
                "/proc/self",
                "/proc/thread-self",
                "/proc/cpuinfo",
                "/proc/meminfo",
                "/proc/stat",
                "/proc/filesystems",
                "/proc/sys/kernel",
                "/proc/sys/vm",
            ] {
                let is_dir = std::fs::metadata(p).is_ok_and(|m| m.is_dir());
                if let Ok(fd) = PathFd::new(p) {
                    created = created
                        .add_rule(PathBeneath::new(fd, rights(Access::Read, is_dir)))
                        .map_err(err)?;
                }
            }
            continue;
        }
        let Ok(meta) = std::fs::metadata(path) else {
            continue;
        };
        let Ok(fd) = PathFd::new(path) else {
            continue;
        };
        created = created
            .add_rule(PathBeneath::new(fd, rights(rule.access, meta.is_dir())))
            .map_err(err)?;
    }
    if let Some(ports) = profile.net.tcp_connect_ports() {
        for port in ports {
            created = created
                .add_rule(NetPort::new(port, AccessNet::ConnectTcp))
                .map_err(err)?;
        }
    }
    let status: RestrictionStatus = created.restrict_self().map_err(err)?;
    let kernel_abi = match status.landlock {
        LandlockStatus::Available {
            effective_abi,
            kernel_abi,
        } => Some(match kernel_abi {
            Some(v) => format!("{v}"),
            None => format!("{effective_abi:?}")
                .trim_start_matches('V')
                .to_string(),
        }),
        _ => None,
    };
    let (label, full) = match status.ruleset {
        RulesetStatus::FullyEnforced => ("fully enforced", true),
        RulesetStatus::PartiallyEnforced => ("partially enforced", false),
        RulesetStatus::NotEnforced => ("not enforced", false),
    };
    Ok(Report {
        status: label,
        full,
        kernel_abi,
        no_new_privs: status.no_new_privs,
    })
}
