//! The result of a run, before rendering.

use std::path::PathBuf;

use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::spec::{ConfigFile, LaunchSpec};

/// One server and what analysis found in it.
#[derive(Clone, Debug)]
pub struct ServerResult {
    pub spec: LaunchSpec,
    pub findings: Vec<Finding>,
}

impl ServerResult {
    /// The highest severity of its findings, or `none`.
    pub fn severity(&self) -> Severity {
        self.findings
            .iter()
            .map(|f| f.severity)
            .max()
            .unwrap_or_default()
    }
}

/// One config file, with the findings that belong to the file rather than to one server.
#[derive(Clone, Debug)]
pub struct FileResult {
    pub file: ConfigFile,
    pub findings: Vec<Finding>,
}

/// An input that could not be read or parsed.
#[derive(Clone, Debug, Serialize)]
pub struct InputError {
    pub path: PathBuf,
    /// 1-based; 0 when the error has no place in the file.
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// Whether the user named this input on the command line (then the exit code is 2).
    #[serde(skip)]
    pub explicit: bool,
}

/// Everything one `scan` or `check` produced.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub files: Vec<FileResult>,
    pub servers: Vec<ServerResult>,
    pub errors: Vec<InputError>,
}

/// Counts for the summary line.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub servers: usize,
    pub findings: usize,
    pub errors: usize,
    /// Findings per severity, `critical` first.
    pub by_severity: Vec<(Severity, usize)>,
    /// The highest severity of any finding.
    pub max_severity: Severity,
}

impl Report {
    /// All findings, server and file level.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.servers
            .iter()
            .flat_map(|s| s.findings.iter())
            .chain(self.files.iter().flat_map(|f| f.findings.iter()))
    }

    pub fn summary(&self) -> Summary {
        let mut by = Vec::new();
        for sev in Severity::ALL
            .into_iter()
            .rev()
            .filter(|s| *s != Severity::None)
        {
            let n = self.findings().filter(|f| f.severity == sev).count();
            by.push((sev, n));
        }
        Summary {
            files: self.files.len(),
            servers: self.servers.len(),
            findings: self.findings().count(),
            errors: self.errors.len(),
            by_severity: by,
            max_severity: self
                .findings()
                .map(|f| f.severity)
                .max()
                .unwrap_or_default(),
        }
    }
}
