//! seccomp: a deny-list of system calls no MCP server needs, compiled with seccompiler.
//!
//! Denied with `EPERM`: new namespaces (`unshare`, `setns`, `clone` with namespace flags), the
//! mount family, `bpf`, the kernel keyring, `ptrace` and cross-process memory access, module
//! loading, `kexec`, `userfaultfd`, `perf_event_open`, `io_uring`, file handles, `TIOCSTI`.
//! `clone3` fails with `ENOSYS` so C libraries fall back to `clone`, whose flags can be checked.
//! With `--net` other than `host`: `listen`, `bind` (so nothing is reachable from outside);
//! with `--net none` every socket family but UNIX and netlink-route (`getifaddrs`).
//!
//! seccompiler checks the architecture but not the x32 bit of the system call number, so a
//! guard that kills the process on any number with bit 30 set is spliced in after the
//! architecture check (x32 calls would otherwise bypass a deny-list).

use std::collections::BTreeMap;

use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
    SeccompRule, TargetArch, sock_filter,
};

use crate::profile::Net;

#[cfg(target_arch = "x86_64")]
const ARCH: TargetArch = TargetArch::x86_64;
#[cfg(target_arch = "aarch64")]
const ARCH: TargetArch = TargetArch::aarch64;
#[cfg(target_arch = "riscv64")]
const ARCH: TargetArch = TargetArch::riscv64;

/// System calls denied unconditionally.
const DENIED: &[(&str, libc::c_long)] = &[
    ("unshare", libc::SYS_unshare),
    ("setns", libc::SYS_setns),
    ("mount", libc::SYS_mount),
    ("umount2", libc::SYS_umount2),
    ("pivot_root", libc::SYS_pivot_root),
    ("chroot", libc::SYS_chroot),
    ("open_tree", libc::SYS_open_tree),
    ("move_mount", libc::SYS_move_mount),
    ("fsopen", libc::SYS_fsopen),
    ("fsconfig", libc::SYS_fsconfig),
    ("fsmount", libc::SYS_fsmount),
    ("fspick", libc::SYS_fspick),
    ("mount_setattr", libc::SYS_mount_setattr),
    ("bpf", libc::SYS_bpf),
    ("keyctl", libc::SYS_keyctl),
    ("add_key", libc::SYS_add_key),
    ("request_key", libc::SYS_request_key),
    ("ptrace", libc::SYS_ptrace),
    ("process_vm_readv", libc::SYS_process_vm_readv),
    ("process_vm_writev", libc::SYS_process_vm_writev),
    ("kcmp", libc::SYS_kcmp),
    ("pidfd_getfd", libc::SYS_pidfd_getfd),
    ("kexec_load", libc::SYS_kexec_load),
    ("kexec_file_load", libc::SYS_kexec_file_load),
    ("init_module", libc::SYS_init_module),
    ("finit_module", libc::SYS_finit_module),
    ("delete_module", libc::SYS_delete_module),
    ("userfaultfd", libc::SYS_userfaultfd),
    ("perf_event_open", libc::SYS_perf_event_open),
    ("io_uring_setup", libc::SYS_io_uring_setup),
    ("io_uring_enter", libc::SYS_io_uring_enter),
    ("io_uring_register", libc::SYS_io_uring_register),
    ("open_by_handle_at", libc::SYS_open_by_handle_at),
    ("name_to_handle_at", libc::SYS_name_to_handle_at),
    ("acct", libc::SYS_acct),
    ("swapon", libc::SYS_swapon),
    ("swapoff", libc::SYS_swapoff),
    ("reboot", libc::SYS_reboot),
    ("settimeofday", libc::SYS_settimeofday),
    ("clock_settime", libc::SYS_clock_settime),
    ("quotactl", libc::SYS_quotactl),
];

/// Namespace flags `clone` may not carry.
const NAMESPACE_FLAGS: &[libc::c_int] = &[
    libc::CLONE_NEWNS,
    libc::CLONE_NEWUSER,
    libc::CLONE_NEWPID,
    libc::CLONE_NEWNET,
    libc::CLONE_NEWIPC,
    libc::CLONE_NEWUTS,
    libc::CLONE_NEWCGROUP,
    0x80, // CLONE_NEWTIME
];

/// Names of the denied system calls (for `--explain`).
pub fn denied_names(net: &Net) -> Vec<&'static str> {
    let mut v: Vec<&str> = DENIED.iter().map(|(n, _)| *n).collect();
    v.push("clone(namespace flags)");
    v.push("clone3(ENOSYS)");
    v.push("ioctl(TIOCSTI)");
    if *net != Net::Host {
        v.push("bind");
        v.push("listen");
    }
    if *net == Net::None {
        v.push("socket(every family but AF_UNIX and netlink-route)");
    }
    v
}

fn cond(arg: u8, op: SeccompCmpOp, value: u64) -> Result<SeccompCondition, String> {
    SeccompCondition::new(arg, SeccompCmpArgLen::Qword, op, value).map_err(|e| e.to_string())
}

fn rule(conds: Vec<SeccompCondition>) -> Result<SeccompRule, String> {
    SeccompRule::new(conds).map_err(|e| e.to_string())
}

/// Compile the filters for a network policy (in the order they are to be installed).
pub fn build(net: &Net) -> Result<Vec<BpfProgram>, String> {
    let mut rules: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
    for (_, nr) in DENIED {
        rules.insert(*nr, Vec::new());
    }
    let clone_rules = NAMESPACE_FLAGS
        .iter()
        .map(|f| {
            let f = *f as u64;
            rule(vec![cond(0, SeccompCmpOp::MaskedEq(f), f)?])
        })
        .collect::<Result<Vec<_>, _>>()?;
    rules.insert(libc::SYS_clone, clone_rules);
    // The request's type differs between C libraries (unsigned long on glibc, int on musl).
    #[allow(clippy::unnecessary_cast)]
    let tiocsti = libc::TIOCSTI as u64;
    rules.insert(
        libc::SYS_ioctl,
        vec![rule(vec![cond(
            1,
            SeccompCmpOp::MaskedEq(0xffff_ffff),
            tiocsti,
        )?])?],
    );
    if *net != Net::Host {
        rules.insert(libc::SYS_bind, Vec::new());
        rules.insert(libc::SYS_listen, Vec::new());
    }
    if *net == Net::None {
        let unix = libc::AF_UNIX as u64;
        let netlink = libc::AF_NETLINK as u64;
        let socket_rules = vec![
            // Any family other than UNIX and netlink.
            rule(vec![
                cond(0, SeccompCmpOp::Ne, unix)?,
                cond(0, SeccompCmpOp::Ne, netlink)?,
            ])?,
            // Netlink other than NETLINK_ROUTE (sock_diag would list the host's sockets).
            rule(vec![
                cond(0, SeccompCmpOp::Eq, netlink)?,
                cond(2, SeccompCmpOp::Ne, libc::NETLINK_ROUTE as u64)?,
            ])?,
        ];
        rules.insert(libc::SYS_socket, socket_rules);
    }
    let deny = SeccompFilter::new(
        rules,
        SeccompAction::Allow,
        SeccompAction::Errno(libc::EPERM as u32),
        ARCH,
    )
    .map_err(|e| e.to_string())?;
    let mut deny: BpfProgram = deny
        .try_into()
        .map_err(|e: seccompiler::BackendError| e.to_string())?;
    splice_x32_guard(&mut deny);

    let mut nosys = BTreeMap::new();
    nosys.insert(libc::SYS_clone3, Vec::new());
    let nosys = SeccompFilter::new(
        nosys,
        SeccompAction::Allow,
        SeccompAction::Errno(libc::ENOSYS as u32),
        ARCH,
    )
    .map_err(|e| e.to_string())?;
    let nosys: BpfProgram = nosys
        .try_into()
        .map_err(|e: seccompiler::BackendError| e.to_string())?;
    Ok(vec![deny, nosys])
}

/// Insert `LD nr; JGE 0x40000000 → KILL_PROCESS` after seccompiler's 3-instruction
/// architecture check. Jumps in BPF are relative and none crosses the insertion point.
fn splice_x32_guard(prog: &mut BpfProgram) {
    // BPF_LD | BPF_W | BPF_ABS
    const BPF_LD_W_ABS: u16 = 0x20;
    // BPF_JMP | BPF_JGE | BPF_K
    const BPF_JMP_JGE_K: u16 = 0x35;
    // BPF_RET | BPF_K
    const BPF_RET_K: u16 = 0x06;
    let guard = [
        sock_filter {
            code: BPF_LD_W_ABS,
            jt: 0,
            jf: 0,
            k: 0, // offsetof(struct seccomp_data, nr)
        },
        sock_filter {
            code: BPF_JMP_JGE_K,
            jt: 0,
            jf: 1,
            k: 0x4000_0000,
        },
        sock_filter {
            code: BPF_RET_K,
            jt: 0,
            jf: 0,
            k: libc::SECCOMP_RET_KILL_PROCESS,
        },
    ];
    if prog.len() >= 3 {
        prog.splice(3..3, guard);
    }
}

/// Install the filters on the calling thread (sets no_new_privs first).
pub fn apply(progs: &[BpfProgram]) -> Result<(), String> {
    for p in progs {
        seccompiler::apply_filter(p).map_err(|e| format!("seccomp: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x32_guard_follows_the_architecture_check() {
        let progs = build(&Net::None).unwrap();
        let p = &progs[0];
        assert_eq!(p[3].k, 0);
        assert_eq!(p[4].k, 0x4000_0000);
        assert_eq!(p[5].k, libc::SECCOMP_RET_KILL_PROCESS);
        // The architecture check still jumps over its own kill to the guard.
        assert_eq!(p[1].jt, 1);
    }

    #[test]
    fn listening_is_denied_unless_host_network() {
        assert!(denied_names(&Net::Outbound).contains(&"listen"));
        assert!(!denied_names(&Net::Host).contains(&"listen"));
        assert!(build(&Net::Host).is_ok());
    }
}
