//! The library's error and warning types.
//!
//! Every failure a user can cause (a missing folder, a busy or damaged index, a
//! broken catalog) has its own variant with a message that says what to do, so
//! the binary can print it on one line behind `quarry:` and exit 2. Problems
//! that do not stop the work (a malformed record skipped, a query read
//! leniently) are [`Warning`]s, collected and printed by the caller.

use std::path::PathBuf;

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in quarry.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The corpus folder does not exist.
    #[error("corpus folder '{}' does not exist", .0.display())]
    CorpusMissing(PathBuf),
    /// The corpus path exists but is not a folder.
    #[error("corpus path '{}' is not a folder", .0.display())]
    CorpusNotDir(PathBuf),
    /// The index path exists but is not a folder.
    #[error("index path '{}' is a file, not a folder", .0.display())]
    IndexNotDir(PathBuf),
    /// No index exists where one was required.
    #[error("no index at '{}'; build it with: quarry index --index {}", .0.display(), .0.display())]
    IndexMissing(PathBuf),
    /// Another process holds the index writer lock.
    #[error("index at '{}' is being updated by another process", .0.display())]
    Locked(PathBuf),
    /// The index was written with another schema version.
    #[error(
        "index at '{path}' was built by an incompatible version of quarry ({detail}); rebuild it with: quarry index --rebuild --index {path}",
        path = .path.display()
    )]
    SchemaMismatch {
        /// Where the index is.
        path: PathBuf,
        /// What differs.
        detail: String,
    },
    /// The index exists but cannot be read.
    #[error(
        "index at '{path}' is damaged ({detail}); rebuild it with: quarry index --rebuild --index {path}",
        path = .path.display()
    )]
    Damaged {
        /// Where the index is.
        path: PathBuf,
        /// What was wrong.
        detail: String,
    },
    /// The corpus catalog could not be read.
    #[error("catalog '{}': {}", .path.display(), .message)]
    Catalog {
        /// The catalog file.
        path: PathBuf,
        /// What was wrong with it.
        message: String,
    },
    /// A file could not be read or written.
    #[error("{}: {}", .path.display(), .source)]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A benchmark dataset file is missing or malformed.
    #[error("{}{}: {}", .path.display(), .line.map(|l| format!(":{l}")).unwrap_or_default(), .message)]
    Dataset {
        /// The file.
        path: PathBuf,
        /// 1-based line, when one line is at fault.
        line: Option<usize>,
        /// What was wrong.
        message: String,
    },
    /// An invalid option value.
    #[error("{0}")]
    Usage(String),
    /// An error from tantivy.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A JSON (de)serialisation error.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A problem with a whole dataset file.
    pub fn dataset(path: impl Into<PathBuf>, message: impl Into<String>) -> Error {
        Error::Dataset {
            path: path.into(),
            line: None,
            message: message.into(),
        }
    }

    /// A problem with one line of a dataset file.
    pub fn dataset_line(
        path: impl Into<PathBuf>,
        line: usize,
        message: impl Into<String>,
    ) -> Error {
        Error::Dataset {
            path: path.into(),
            line: Some(line),
            message: message.into(),
        }
    }
}

/// Something the user should know about that did not stop the work: a
/// record skipped, a byte that could not be decoded, a query read leniently.
/// Displayed as `path:line: message`, `path: message` or `message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file it concerns (relative to the corpus, or as the user named
    /// it), if any.
    pub path: Option<String>,
    /// The 1-based line in that file, if one line is at fault.
    pub line: Option<u64>,
    /// What happened and what was done about it.
    pub message: String,
}

impl Warning {
    /// A warning about nothing in particular (a query, an option).
    pub fn new(message: impl Into<String>) -> Warning {
        Warning {
            path: None,
            line: None,
            message: message.into(),
        }
    }

    /// A warning about the file `path`.
    pub fn file(path: impl Into<String>, message: impl Into<String>) -> Warning {
        Warning {
            path: Some(path.into()),
            line: None,
            message: message.into(),
        }
    }

    /// A warning about line `line` of the file `path`.
    pub fn line(path: impl Into<String>, line: u64, message: impl Into<String>) -> Warning {
        Warning {
            path: Some(path.into()),
            line: Some(line),
            message: message.into(),
        }
    }

    /// The same warning, placed at `line` of `path` (a query of a batch file).
    pub fn at(mut self, path: impl Into<String>, line: u64) -> Warning {
        self.path = Some(path.into());
        self.line = Some(line);
        self
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.path, self.line) {
            (Some(path), Some(line)) => write!(f, "{path}:{line}: {}", self.message),
            (Some(path), None) => write!(f, "{path}: {}", self.message),
            (None, _) => f.write_str(&self.message),
        }
    }
}
