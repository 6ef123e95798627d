//! Finding files: expanding each client's locations on this machine or in a project, and
//! walking a directory for known config names (honouring `.gitignore`).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use warden_core::spec::Scope;

use crate::clients::{self, ClientDef, Loc};
use crate::{HostEnv, Inventory, Looked, load_text, read_file, read_text, sniff};

/// Deepest directory level a `**` location descends.
const MAX_GLOB_DEPTH: usize = 6;

/// The files a location names that exist. A path without wildcards is returned as is.
pub(crate) fn expand(path: &Path) -> Vec<PathBuf> {
    let comps: Vec<Component> = path.components().collect();
    let is_wild = |c: &Component| c.as_os_str().to_str().is_some_and(|s| s.contains('*'));
    if !comps.iter().any(is_wild) {
        return vec![path.to_path_buf()];
    }
    let mut out = Vec::new();
    let mut base = PathBuf::new();
    let mut rest = comps.as_slice();
    while let Some((c, tail)) = rest.split_first() {
        if is_wild(c) {
            break;
        }
        base.push(c);
        rest = tail;
    }
    let pats: Vec<String> = rest
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    expand_from(&base, &pats, 0, &mut out);
    out.sort();
    out.dedup();
    out
}

fn expand_from(dir: &Path, pats: &[String], depth: usize, out: &mut Vec<PathBuf>) {
    let Some((pat, rest)) = pats.split_first() else {
        if dir.is_file() {
            out.push(dir.to_path_buf());
        }
        return;
    };
    if pat == "**" {
        // Zero directories…
        expand_from(dir, rest, depth, out);
        // …or one more, up to the limit.
        if depth >= MAX_GLOB_DEPTH {
            return;
        }
        let skip = |p: &PathBuf| {
            p.file_name()
                .is_some_and(|n| n == "node_modules" || n == ".git")
        };
        for sub in list(dir).into_iter().filter(|p| p.is_dir() && !skip(p)) {
            expand_from(&sub, pats, depth + 1, out);
        }
        return;
    }
    if !pat.contains('*') {
        expand_from(&dir.join(pat), rest, depth, out);
        return;
    }
    for entry in list(dir) {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if sniff::wild(pat, name) {
            expand_from(&entry, rest, depth, out);
        }
    }
}

fn list(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    // Symlinked directories are not followed into (they may loop).
    v.retain(|p| !p.is_symlink() || p.is_file());
    v.sort();
    v
}

/// Read every file of one location into `inv`, with one `Looked` row per file (or one for
/// the pattern when none exists).
fn visit(def: &ClientDef, loc: &Loc, seen: &mut BTreeSet<(String, PathBuf)>, inv: &mut Inventory) {
    let files = expand(&loc.path);
    let wild = files.len() != 1 || files[0] != loc.path;
    if files.is_empty() || (!wild && !loc.path.is_file()) {
        if seen.insert((def.id.to_string(), loc.path.clone())) {
            inv.looked.push(Looked {
                client: def.id,
                scope: loc.scope,
                path: loc.path.clone(),
                found: false,
                servers: 0,
            });
        }
        return;
    }
    for path in files {
        if !seen.insert((def.id.to_string(), path.clone())) {
            continue;
        }
        let loaded = read_file(&path, Some(def.id), Some(loc.scope));
        let servers = loaded.file.as_ref().map_or(0, |f| f.servers.len());
        inv.looked.push(Looked {
            client: def.id,
            scope: loc.scope,
            path: path.clone(),
            found: true,
            servers,
        });
        inv.errors.extend(loaded.errors);
        if let Some(f) = loaded.file
            && (!f.servers.is_empty() || !f.settings.is_empty())
        {
            inv.files.push(f);
        }
    }
}

pub(crate) fn scan_machine(env: &HostEnv) -> Inventory {
    let mut inv = Inventory::default();
    let mut seen = BTreeSet::new();
    for def in clients::all() {
        for loc in (def.machine)(env) {
            visit(def, &loc, &mut seen, &mut inv);
        }
    }
    inv
}

pub(crate) fn scan_project(dir: &Path, _env: &HostEnv) -> Inventory {
    let mut inv = Inventory::default();
    let mut seen = BTreeSet::new();
    for def in clients::all() {
        for rel in def.project {
            let loc = Loc::new(dir.join(rel), Scope::Project);
            visit(def, &loc, &mut seen, &mut inv);
        }
    }
    inv
}

/// Whether a file met in a directory walk may be an MCP config: a known name, or a config
/// extension with `mcp` in the name (read only if its content matches a client format).
fn candidate(path: &Path) -> bool {
    if sniff::client_for_path(path).is_some() {
        return true;
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let config_ext = [".json", ".jsonc", ".json5", ".yaml", ".yml", ".toml"]
        .iter()
        .any(|e| name.ends_with(e));
    config_ext && name.contains("mcp")
}

/// Every candidate file under `dir`, honouring `.gitignore`, `.ignore` and hidden files
/// (configs live in dot directories, so those are searched too; `.git` is not).
pub(crate) fn walk(dir: &Path, client: Option<&str>) -> Inventory {
    let mut inv = Inventory::default();
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                inv.errors.push(crate::io_error(dir, e.to_string()));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        if !candidate(path) {
            continue;
        }
        let text = match read_text(path) {
            Ok(t) => t,
            Err(e) => {
                inv.errors.push(e);
                continue;
            }
        };
        let loaded = load_text(path, text, client, None, false);
        let servers = loaded.file.as_ref().map_or(0, |f| f.servers.len());
        if let Some(f) = loaded.file {
            inv.looked.push(Looked {
                client: clients::by_id(&f.client).map_or("generic", |c| c.id),
                scope: f.scope,
                path: path.to_path_buf(),
                found: true,
                servers,
            });
            if !f.servers.is_empty() || !f.settings.is_empty() {
                inv.files.push(f);
            }
        }
        inv.errors.extend(loaded.errors);
    }
    inv
}

/// The client and scope of `path` if it is one of the files `env`'s machine locations name.
pub(crate) fn machine_location(path: &Path, env: &HostEnv) -> Option<(&'static str, Scope)> {
    let want: Vec<Component> = path.components().collect();
    for def in clients::all() {
        for loc in (def.machine)(env) {
            let pat: Vec<Component> = loc.path.components().collect();
            if pat.iter().any(|c| c.as_os_str() == "**") {
                continue;
            }
            let same = pat.len() == want.len()
                && pat.iter().zip(&want).all(|(p, w)| {
                    match (p.as_os_str().to_str(), w.as_os_str().to_str()) {
                        (Some(p), Some(w)) => sniff::wild(p, w),
                        _ => p == w,
                    }
                });
            if same {
                return Some((def.id, loc.scope));
            }
        }
    }
    None
}
