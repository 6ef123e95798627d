//! Adoption: rewrite MCP client configs so every local (stdio) server starts under
//! `mcp-warden run`, and undo it.
//!
//! A wrapped entry runs `<absolute path of mcp-warden> run [flags] -- <original command>
//! <original args...>`. The rewrite is a handful of byte-range edits of the file's own text, made
//! from the span of every key and value in the [`warden_core::doc`] tree, so formatting, key
//! order, comments and unrelated settings stay exactly as they were:
//!
//! - the command value is replaced by the path of mcp-warden;
//! - `run`, the flags, `--` and the original command are inserted at the front of the argument
//!   array (opencode: of the command array), in the array's own layout; when the entry has no
//!   `args`, one is added after the command.
//!
//! Each edit's inserted and replaced text is kept in a journal under the state directory, with a
//! one-time backup of the file, so [`plan_unwrap`] puts the exact original bytes back while
//! keeping edits made elsewhere in the file since. When the journal cannot be used (the entry
//! itself was edited, or the journal is gone), the original command line is read back from the
//! wrapped one (everything after `--`).
//!
//! Nothing here executes anything. The library is free of CLI concerns: the `mcp-warden wrap`
//! and `unwrap` commands are thin wiring over [`plan_wrap`], [`plan_unwrap`] and [`apply`].
#![forbid(unsafe_code)]

mod detect;
mod edit;
mod journal;
mod locate;
mod render;
mod write;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use warden_core::doc::{Document, Format, Limits, Node};
use warden_core::spec::{ConfigFile, LaunchSpec, Scope, Transport};

use crate::edit::Splice;
use crate::journal::{Edit, Record};
use crate::locate::{Seg, Shape};

pub use crate::write::BeforeRename;

/// What can go wrong while planning or applying a rewrite. In every case but
/// [`WrapError::Journal`] the config file was left as it was.
#[derive(Debug, thiserror::Error)]
pub enum WrapError {
    #[error("{path}: cannot read: {source}", path = .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}; the file was not changed", path = .path.display())]
    Parse {
        path: PathBuf,
        line: u32,
        column: u32,
        message: String,
    },
    #[error(
        "{path}: the file changed on disk since it was read (a client or editor may be writing it); it was not changed, run again",
        path = .path.display()
    )]
    ChangedOnDisk { path: PathBuf },
    #[error("{path}: cannot write: {source}; the original was left unchanged", path = .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: the write was interrupted before the file was replaced ({message}); the original was left unchanged", path = .path.display())]
    Interrupted { path: PathBuf, message: String },
    #[error("{path}: internal error, nothing written: {message}", path = .path.display())]
    Internal { path: PathBuf, message: String },
    #[error("{path}: cannot keep a backup at {backup}: {source}; the file was not changed", path = .path.display(), backup = .backup.display())]
    Backup {
        path: PathBuf,
        backup: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: the state file {journal} cannot be used: {source}", path = .path.display(), journal = .journal.display())]
    Journal {
        path: PathBuf,
        journal: PathBuf,
        source: std::io::Error,
    },
}

/// How to wrap.
#[derive(Clone, Debug)]
pub struct WrapOptions {
    /// The program wrapped entries start (an absolute path to mcp-warden).
    pub warden_path: String,
    /// Flags inserted after `run` (such as `--audit`, `FILE`).
    pub run_flags: Vec<String>,
    /// Only entries with these names (all when empty).
    pub servers: Vec<String>,
    /// Where backups and the journal are kept.
    pub state_dir: PathBuf,
}

impl WrapOptions {
    pub fn new(warden_path: impl Into<String>, state_dir: impl Into<PathBuf>) -> WrapOptions {
        WrapOptions {
            warden_path: warden_path.into(),
            run_flags: Vec::new(),
            servers: Vec::new(),
            state_dir: state_dir.into(),
        }
    }
}

/// The state directory: `$XDG_STATE_HOME/mcp-warden`, else `~/.local/state/mcp-warden`
/// (`%LOCALAPPDATA%\mcp-warden` on Windows).
pub fn default_state_dir(vars: &BTreeMap<String, String>, home: &Path) -> PathBuf {
    let get = |k: &str| vars.get(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(x) = get("XDG_STATE_HOME").filter(|p| p.is_absolute()) {
        return x.join("mcp-warden");
    }
    if cfg!(windows)
        && let Some(l) = get("LOCALAPPDATA")
    {
        return l.join("mcp-warden");
    }
    home.join(".local").join("state").join("mcp-warden")
}

/// What happened (or would happen) to one entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Rewritten to start under mcp-warden.
    Wrapped,
    /// Already starts under `mcp-warden run`; left alone.
    AlreadyWrapped,
    /// A remote (http, sse, ws) server: nothing is started locally; left alone.
    Remote(String),
    /// Already runs in another sandbox or container (named); left alone.
    OtherSandbox(String),
    /// Cannot be rewritten (reason); left alone.
    Skipped(String),
    /// The original text of the entry was put back exactly.
    Unwrapped,
    /// The original command line was read back from the wrapped one (reason the exact text
    /// could not be used); values restored, layout of the command and args may differ.
    UnwrappedFromCommandLine(String),
    /// Not wrapped; nothing to undo.
    NotWrapped,
}

impl Outcome {
    /// Whether the entry is (or will be) changed.
    pub fn changes(&self) -> bool {
        matches!(
            self,
            Outcome::Wrapped | Outcome::Unwrapped | Outcome::UnwrappedFromCommandLine(_)
        )
    }
}

/// One server entry of a plan.
#[derive(Clone, Debug)]
pub struct EntryReport {
    pub name: String,
    /// Whether the client starts it (wrapped either way, so enabling it later is contained).
    pub enabled: bool,
    pub outcome: Outcome,
    /// The command line before, for display (quoted, secrets redacted).
    pub before: String,
    /// The command line after, when it changes.
    pub after: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Wrap,
    Unwrap,
}

/// The edits to one config file, ready to show (`diff`) or [`apply`].
#[derive(Clone, Debug)]
pub struct Plan {
    pub action: Action,
    /// The file as discovered.
    pub path: PathBuf,
    /// The file that is written (symbolic links resolved).
    pub target: PathBuf,
    pub client: String,
    pub format: Format,
    /// The text the plan was made from.
    pub original: String,
    /// The text after the edits.
    pub updated: String,
    pub entries: Vec<EntryReport>,
    state_dir: PathBuf,
    add: Vec<Record>,
    remove: Vec<Vec<Seg>>,
}

impl Plan {
    /// Whether the file changes.
    pub fn changed(&self) -> bool {
        self.original != self.updated
    }

    /// A unified diff of the change (empty when nothing changes).
    pub fn diff(&self) -> String {
        if !self.changed() {
            return String::new();
        }
        let shown = self.path.display().to_string();
        similar::TextDiff::from_lines(&self.original, &self.updated)
            .unified_diff()
            .context_radius(3)
            .header(&shown, &shown)
            .to_string()
    }

    /// Where the backup of this file is (or would be) kept.
    pub fn backup_path(&self) -> PathBuf {
        journal::backup_path(&self.state_dir, &self.target)
    }
}

/// The result of [`apply`].
#[derive(Clone, Debug)]
pub struct Applied {
    /// Whether the file was rewritten.
    pub written: bool,
    /// The backup of the file as it was before its first rewrite.
    pub backup: Option<PathBuf>,
    /// Whether that backup was made now.
    pub backup_created: bool,
}

fn display_line(argv: &[String]) -> String {
    match argv.split_first() {
        Some((c, rest)) => {
            let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
            LaunchSpec::from_argv(c, &rest).command_line()
        }
        None => String::new(),
    }
}

/// The file's text and parsed tree, checked against what inventory read.
struct Loaded {
    target: PathBuf,
    doc: Document,
}

fn load(file: &ConfigFile) -> Result<Loaded, WrapError> {
    let read_err = |e| WrapError::Read {
        path: file.path.clone(),
        source: e,
    };
    let target = std::fs::canonicalize(&file.path).map_err(read_err)?;
    let bytes = std::fs::read(&target).map_err(read_err)?;
    let text = String::from_utf8(bytes).map_err(|_| WrapError::Parse {
        path: file.path.clone(),
        line: 0,
        column: 0,
        message: "not UTF-8 text".into(),
    })?;
    if let Some(d) = &file.document {
        if d.text == text {
            return Ok(Loaded {
                target,
                doc: (**d).clone(),
            });
        }
        return Err(WrapError::ChangedOnDisk {
            path: file.path.clone(),
        });
    }
    let doc = parse(&file.path, text, file.format)?;
    Ok(Loaded { target, doc })
}

fn parse(path: &Path, text: String, format: Format) -> Result<Document, WrapError> {
    Document::parse(path, text, format, &Limits::default()).map_err(|e| WrapError::Parse {
        path: path.to_path_buf(),
        line: e.line,
        column: e.column,
        message: e.message,
    })
}

fn selected<'a>(file: &'a ConfigFile, names: &'a [String]) -> impl Iterator<Item = &'a LaunchSpec> {
    file.servers
        .iter()
        .filter(move |s| names.is_empty() || names.contains(&s.name))
}

fn internal(path: &Path, message: impl Into<String>) -> WrapError {
    WrapError::Internal {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// One entry to be wrapped: where, the edits, and its command line after and before.
struct Change {
    pointer: Vec<Seg>,
    splices: Vec<Splice>,
    after: Vec<String>,
    before: Vec<String>,
    name: String,
}

/// Plan the wrap of every selected stdio entry of `file`. Reads the file; writes nothing.
pub fn plan_wrap(file: &ConfigFile, opts: &WrapOptions) -> Result<Plan, WrapError> {
    let Loaded { target, doc } = load(file)?;
    let text = doc.text.as_str();
    let index = locate::Index::new(&doc.root);
    let mut entries = Vec::new();
    let mut changes: Vec<Change> = Vec::new();
    for spec in selected(file, &opts.servers) {
        let mut report = EntryReport {
            name: spec.name.clone(),
            enabled: spec.enabled,
            outcome: Outcome::NotWrapped,
            before: spec.command_line(),
            after: None,
        };
        report.outcome = match classify(file, spec, &index) {
            Err(outcome) => outcome,
            Ok((pointer, shape)) => {
                let argv = shape.argv();
                report.before = display_line(&argv);
                if detect::is_wrapped(&argv) {
                    Outcome::AlreadyWrapped
                } else if let Some(sb) = detect::other_sandbox(&argv) {
                    Outcome::OtherSandbox(sb.to_string())
                } else {
                    match edit::wrap_splices(
                        doc.format,
                        text,
                        &shape,
                        &opts.warden_path,
                        &opts.run_flags,
                    ) {
                        Err(reason) => Outcome::Skipped(reason),
                        Ok(splices) => {
                            let mut after = vec![opts.warden_path.clone(), "run".into()];
                            after.extend(opts.run_flags.iter().cloned());
                            after.push("--".into());
                            after.extend(argv.iter().cloned());
                            report.after = Some(display_line(&after));
                            changes.push(Change {
                                pointer,
                                splices,
                                after,
                                before: argv,
                                name: spec.name.clone(),
                            });
                            Outcome::Wrapped
                        }
                    }
                }
            }
        };
        entries.push(report);
    }
    let all: Vec<Splice> = changes
        .iter()
        .flat_map(|c| c.splices.iter().cloned())
        .collect();
    let updated = edit::apply(text, &all).map_err(|m| internal(&file.path, m))?;
    let mut add = Vec::new();
    if !changes.is_empty() {
        let new_doc = parse(&file.path, updated.clone(), doc.format).map_err(|e| {
            internal(
                &file.path,
                format!("the rewritten text does not parse: {e}"),
            )
        })?;
        let new_index = locate::Index::new(&new_doc.root);
        let new_pos = new_offsets(&all);
        for Change {
            pointer,
            splices,
            after,
            before,
            name,
        } in &changes
        {
            let node = new_index
                .at(pointer)
                .ok_or_else(|| internal(&file.path, format!("entry `{name}` moved")))?;
            let got = Shape::of(node).map(|s| s.argv()).unwrap_or_default();
            if &got != after {
                return Err(internal(
                    &file.path,
                    format!("entry `{name}` would read back as {got:?}, not {after:?}"),
                ));
            }
            let mut edits = Vec::new();
            for s in splices {
                let rel = new_pos(s.start)
                    .checked_sub(node.span.start)
                    .ok_or_else(|| {
                        internal(&file.path, format!("entry `{name}`: edit before the entry"))
                    })?;
                edits.push(Edit {
                    rel,
                    inserted: s.text.clone(),
                    original: text.get(s.start..s.end).unwrap_or_default().to_string(),
                });
            }
            add.push(Record {
                pointer: pointer.clone(),
                name: name.clone(),
                original_argv: before.clone(),
                edits,
            });
        }
    }
    Ok(Plan {
        action: Action::Wrap,
        path: file.path.clone(),
        target,
        client: file.client.clone(),
        format: doc.format,
        original: doc.text.clone(),
        updated,
        entries,
        state_dir: opts.state_dir.clone(),
        add,
        remove: Vec::new(),
    })
}

/// Where a splice that started at `pos` in the old text starts in the new text.
fn new_offsets(all: &[Splice]) -> impl Fn(usize) -> usize + use<> {
    let mut sorted: Vec<(usize, isize)> = all
        .iter()
        .map(|s| (s.start, s.text.len() as isize - (s.end - s.start) as isize))
        .collect();
    sorted.sort_by_key(|x| x.0);
    // shift[i] = total growth of the first i splices.
    let mut shift = vec![0isize];
    for (_, d) in &sorted {
        shift.push(shift.last().copied().unwrap_or(0) + d);
    }
    move |pos| {
        let before = sorted.partition_point(|(start, _)| *start < pos);
        (pos as isize + shift[before]) as usize
    }
}

/// An entry that may be rewritten: its path and shape; or why not.
fn classify<'a>(
    file: &ConfigFile,
    spec: &LaunchSpec,
    index: &locate::Index<'a>,
) -> Result<(Vec<Seg>, Shape<'a>), Outcome> {
    if matches!(file.scope, Scope::Registry | Scope::Plugin | Scope::Input) {
        return Err(Outcome::Skipped(format!(
            "a {} file is replaced by its publisher; wrap it where it is installed",
            file.scope.as_str()
        )));
    }
    if spec.transport != Transport::Stdio {
        return Err(Outcome::Remote(spec.transport.as_str().to_string()));
    }
    let Some((pointer, node)) = index.find(spec) else {
        return Err(Outcome::Skipped(
            "the entry could not be found in the file".into(),
        ));
    };
    // VS Code runs an entry with `sandboxEnabled: true` in its own sandbox (srt).
    if node.get("sandboxEnabled").and_then(Node::as_bool) == Some(true) {
        return Err(Outcome::OtherSandbox(
            "the client's own sandbox (sandboxEnabled)".into(),
        ));
    }
    let shape = Shape::of(node).map_err(Outcome::Skipped)?;
    Ok((pointer, shape))
}

/// Plan the unwrap of every selected entry of `file` that runs under `mcp-warden run`.
pub fn plan_unwrap(file: &ConfigFile, opts: &WrapOptions) -> Result<Plan, WrapError> {
    let Loaded { target, doc } = load(file)?;
    let text = doc.text.as_str();
    let index = locate::Index::new(&doc.root);
    let jpath = journal::journal_path(&opts.state_dir, &target);
    let journal = journal::load(&opts.state_dir, &target).map_err(|e| WrapError::Journal {
        path: file.path.clone(),
        journal: jpath.clone(),
        source: e,
    })?;
    struct Todo<'a> {
        index: usize,
        pointer: Vec<Seg>,
        shape: Shape<'a>,
        inner_at: usize,
        expected: Vec<String>,
        exact: Option<Vec<Splice>>,
        reason: String,
    }
    let records = Records::new(&journal.records);
    let mut entries = Vec::new();
    let mut todo: Vec<Todo> = Vec::new();
    let mut remove = Vec::new();
    for spec in selected(file, &opts.servers) {
        let mut report = EntryReport {
            name: spec.name.clone(),
            enabled: spec.enabled,
            outcome: Outcome::NotWrapped,
            before: spec.command_line(),
            after: None,
        };
        match classify(file, spec, &index) {
            Err(Outcome::Remote(t)) => report.outcome = Outcome::Remote(t),
            Err(o) => report.outcome = o,
            Ok((pointer, shape)) => {
                let argv = shape.argv();
                report.before = display_line(&argv);
                let record = records.find(&pointer, &spec.name);
                if let Some(r) = record {
                    remove.push(r.pointer.clone());
                }
                match detect::inner_command(&argv) {
                    None => {
                        report.outcome = if detect::is_wrapped(&argv) {
                            Outcome::Skipped(
                                "wrapped through a package runner, not by this tool".into(),
                            )
                        } else {
                            Outcome::NotWrapped
                        };
                    }
                    Some((inner_at, inner)) => {
                        let expected = inner.to_vec();
                        report.after = Some(display_line(&expected));
                        let node = index.at(&pointer);
                        let (exact, reason) = match (record, node) {
                            (Some(r), Some(node)) => match journal_splices(text, node, r) {
                                Some(s) => (Some(s), String::new()),
                                None => (
                                    None,
                                    "the wrapped entry was edited since it was wrapped".to_string(),
                                ),
                            },
                            _ => (None, "no record of the original text was kept".to_string()),
                        };
                        todo.push(Todo {
                            index: entries.len(),
                            pointer,
                            shape,
                            inner_at,
                            expected,
                            exact,
                            reason,
                        });
                    }
                }
            }
        }
        entries.push(report);
    }
    // Records of entries that are no longer in the file (deleted by the user) are dropped when
    // the whole file is unwrapped.
    if opts.servers.is_empty() {
        let names: HashSet<&str> = file.servers.iter().map(|s| s.name.as_str()).collect();
        for r in &journal.records {
            let gone = index.at(&r.pointer).is_none() && !names.contains(r.name.as_str());
            if gone {
                remove.push(r.pointer.clone());
            }
        }
    }
    // Build, check every restored entry reads back as its inner command line; an entry whose
    // journal edits do not, falls back to the command line, once.
    let mut updated = text.to_string();
    for _round in 0..2 {
        let mut all = Vec::new();
        for t in &todo {
            match &t.exact {
                Some(s) => all.extend(s.iter().cloned()),
                None => all.extend(
                    edit::strip_splices(doc.format, text, &t.shape, t.inner_at)
                        .map_err(|m| internal(&file.path, m))?,
                ),
            }
        }
        updated = edit::apply(text, &all).map_err(|m| internal(&file.path, m))?;
        if todo.is_empty() {
            break;
        }
        let new_doc = parse(&file.path, updated.clone(), doc.format).ok();
        let new_index = new_doc.as_ref().map(|d| locate::Index::new(&d.root));
        let mut retry = false;
        for t in todo.iter_mut() {
            let got = new_index
                .as_ref()
                .and_then(|ix| ix.at(&t.pointer))
                .and_then(|n| Shape::of(n).ok())
                .map(|s| s.argv());
            if got.as_ref() != Some(&t.expected) {
                if t.exact.is_some() {
                    t.exact = None;
                    t.reason = "the recorded original text no longer fits the entry".into();
                    retry = true;
                } else {
                    return Err(internal(
                        &file.path,
                        format!(
                            "entry `{}` would not read back as {:?}",
                            entries[t.index].name, t.expected
                        ),
                    ));
                }
            }
        }
        if !retry {
            break;
        }
        if _round == 1 {
            return Err(internal(&file.path, "unwrap did not converge"));
        }
    }
    for t in &todo {
        entries[t.index].outcome = match t.exact {
            Some(_) => Outcome::Unwrapped,
            None => Outcome::UnwrappedFromCommandLine(t.reason.clone()),
        };
    }
    Ok(Plan {
        action: Action::Unwrap,
        path: file.path.clone(),
        target,
        client: file.client.clone(),
        format: doc.format,
        original: doc.text.clone(),
        updated,
        entries,
        state_dir: opts.state_dir.clone(),
        add: Vec::new(),
        remove,
    })
}

/// The journal's records, by path and by name.
struct Records<'a> {
    by_pointer: HashMap<&'a [Seg], &'a Record>,
    by_name: HashMap<&'a str, Vec<&'a Record>>,
}

impl<'a> Records<'a> {
    fn new(records: &'a [Record]) -> Records<'a> {
        let mut r = Records {
            by_pointer: HashMap::new(),
            by_name: HashMap::new(),
        };
        for rec in records {
            r.by_pointer.insert(rec.pointer.as_slice(), rec);
            r.by_name.entry(rec.name.as_str()).or_default().push(rec);
        }
        r
    }

    /// The record of the entry at `pointer` named `name`: the one at the same path, else (an
    /// item of a list that moved, such as Continue's `mcpServers`) one with the same name at
    /// the same keys.
    fn find(&self, pointer: &[Seg], name: &str) -> Option<&'a Record> {
        let same_keys = |a: &[Seg], b: &[Seg]| {
            a.len() == b.len()
                && a.iter().zip(b).all(|(x, y)| match (x, y) {
                    (Seg::Index(_), Seg::Index(_)) => true,
                    _ => x == y,
                })
        };
        self.by_pointer
            .get(pointer)
            .filter(|r| r.name == name)
            .copied()
            .or_else(|| {
                self.by_name
                    .get(name)?
                    .iter()
                    .find(|r| same_keys(&r.pointer, pointer))
                    .copied()
            })
    }
}

/// The edits that put back the recorded original text of an entry: each inserted text must
/// still be where it was put relative to the entry (or, if the entry moved inside itself, be
/// found once, in order, inside the entry).
fn journal_splices(text: &str, node: &Node, record: &Record) -> Option<Vec<Splice>> {
    let start = node.span.start;
    let at_rel = record.edits.iter().all(|e| {
        text.get(start + e.rel..start + e.rel + e.inserted.len()) == Some(e.inserted.as_str())
    });
    let mut out = Vec::new();
    if at_rel {
        for e in &record.edits {
            out.push(Splice {
                start: start + e.rel,
                end: start + e.rel + e.inserted.len(),
                text: e.original.clone(),
            });
        }
    } else {
        let end = locate::extent_end(node).min(text.len());
        let mut from = start;
        for e in &record.edits {
            let hay = text.get(from..end)?;
            let i = hay.find(&e.inserted)?;
            if e.inserted.is_empty() || hay[i + e.inserted.len()..].contains(&e.inserted) {
                return None;
            }
            out.push(Splice {
                start: from + i,
                end: from + i + e.inserted.len(),
                text: e.original.clone(),
            });
            from = from + i + e.inserted.len();
        }
    }
    // Overlapping edits cannot be undone one by one.
    let mut sorted = out.clone();
    sorted.sort_by_key(|s| s.start);
    if sorted.windows(2).any(|w| w[0].end > w[1].start) {
        return None;
    }
    Some(out)
}

/// Options of [`apply_with`].
#[derive(Default)]
pub struct ApplyOptions<'a> {
    /// Called between writing the temporary file and renaming it over the config.
    pub before_rename: Option<BeforeRename<'a>>,
}

/// Write a plan: back the file up once, replace it safely, update the journal.
pub fn apply(plan: &Plan) -> Result<Applied, WrapError> {
    apply_with(plan, &ApplyOptions::default())
}

/// [`apply`], with a hook for tests of interrupted writes.
pub fn apply_with(plan: &Plan, options: &ApplyOptions<'_>) -> Result<Applied, WrapError> {
    let mut applied = Applied {
        written: false,
        backup: None,
        backup_created: false,
    };
    if plan.changed() {
        let (backup, created) =
            journal::backup_once(&plan.state_dir, &plan.target, plan.original.as_bytes()).map_err(
                |e| WrapError::Backup {
                    path: plan.path.clone(),
                    backup: plan.backup_path(),
                    source: e,
                },
            )?;
        applied.backup = Some(backup);
        applied.backup_created = created;
        write::replace_file(
            &plan.target,
            plan.original.as_bytes(),
            plan.updated.as_bytes(),
            options.before_rename,
        )?;
        applied.written = true;
    }
    if !plan.add.is_empty() || !plan.remove.is_empty() {
        let jerr = |e| WrapError::Journal {
            path: plan.path.clone(),
            journal: journal::journal_path(&plan.state_dir, &plan.target),
            source: e,
        };
        let mut j = journal::load(&plan.state_dir, &plan.target).map_err(jerr)?;
        j.version = 1;
        j.path = plan.target.to_string_lossy().into_owned();
        let drop: HashSet<&[Seg]> = plan
            .remove
            .iter()
            .chain(plan.add.iter().map(|a| &a.pointer))
            .map(Vec::as_slice)
            .collect();
        j.records.retain(|r| !drop.contains(r.pointer.as_slice()));
        j.records.extend(plan.add.iter().cloned());
        journal::store(&plan.state_dir, &plan.target, &j).map_err(jerr)?;
    }
    Ok(applied)
}
