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
    /// The index holds another corpus, which still exists: replacing it
    /// takes `--rebuild`, so that a mistyped `--corpus` loses no index.
    #[error("the index at '{}' holds another corpus ('{}'); give --index another folder, or replace it with: quarry index --rebuild --index {}", .index.display(), .corpus.display(), .index.display())]
    OtherCorpus {
        /// Where the index is.
        index: PathBuf,
        /// The corpus folder it was built from.
        corpus: PathBuf,
    },
    /// Another process holds the index writer lock.
    #[error("index at '{}' is being updated by another process", .0.display())]
    Locked(PathBuf),
    /// The index was written with another schema version.
    #[error(
        "index at '{path}' was built by an incompatible version of quarry ({detail}); {advice}",
        path = .path.display(),
        advice = rebuild_advice(.path, *.ours)
    )]
    SchemaMismatch {
        /// Where the index is.
        path: PathBuf,
        /// What differs.
        detail: String,
        /// Whether quarry created the folder (it holds quarry's marker), so
        /// a rebuild may be advised.
        ours: bool,
    },
    /// The index exists but cannot be read.
    #[error(
        "index at '{path}' is damaged ({detail}); {advice}",
        path = .path.display(),
        advice = rebuild_advice(.path, *.ours)
    )]
    Damaged {
        /// Where the index is.
        path: PathBuf,
        /// What was wrong.
        detail: String,
        /// Whether quarry created the folder (see [`Error::SchemaMismatch`]).
        ours: bool,
    },
    /// The index folder cannot be used where it is (it is the corpus, lies
    /// inside it, or holds files quarry did not write).
    #[error("{0}")]
    Location(String),
    /// The index folder cannot be written (a read-only mount or folder).
    #[error("index at '{}' is read-only; quarry cannot update it ({})", .path.display(), .detail)]
    ReadOnly {
        /// Where the index is.
        path: PathBuf,
        /// The system's words.
        detail: String,
    },
    /// The disk (or a quota) is full.
    #[error("no space left on the device holding '{}' (free some space and run again; quarry cleans up the partial files): {}", .path.display(), .detail)]
    NoSpace {
        /// The file or folder being written.
        path: PathBuf,
        /// The system's words.
        detail: String,
    },
    /// A query nests parentheses or operators deeper than quarry reads.
    #[error("the query nests deeper than {0} levels (parentheses, NOT, +/-); simplify it")]
    QueryTooDeep(usize),
    /// The index is being built for the first time by another process.
    #[error("the index at '{}' is being built by another process; search again when it is done", .0.display())]
    Building(PathBuf),
    /// The corpus catalog could not be read.
    #[error("catalog '{}': {}", .path.display(), .message)]
    Catalog {
        /// The catalog file.
        path: PathBuf,
        /// What was wrong with it.
        message: String,
    },
    /// The output (stdout) could not be written: a full disk, a closed
    /// pipe (which the binary treats as the reader's choice, not an error).
    #[error("cannot write the output: {0}")]
    Output(std::io::Error),
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

thread_local! {
    /// Set while [`guard`] runs a closure on this thread.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the current thread is inside [`guard`], where a panic is caught
/// and reported as a damaged index (a panic hook may stay quiet then).
pub fn in_guard() -> bool {
    GUARDED.with(std::cell::Cell::get)
}

/// Marks the current thread as inside or outside a guarded index read
/// (see [`in_guard`]); returns what it was before.
pub fn set_guarded(on: bool) -> bool {
    GUARDED.with(|g| g.replace(on))
}

/// What to do about a damaged or incompatible index: rebuild it, when
/// quarry created the folder; otherwise nothing destructive.
fn rebuild_advice(path: &std::path::Path, ours: bool) -> String {
    if ours {
        format!(
            "rebuild it with: quarry index --rebuild --index {}",
            path.display()
        )
    } else {
        "quarry did not create this folder (it has no quarry marker file), so it will not \
         rebuild it; give --index a new folder"
            .to_string()
    }
}

/// Whether `e` says the disk or a quota is full.
pub fn is_no_space(e: &std::io::Error) -> bool {
    // ENOSPC and EDQUOT on Linux and the BSDs.
    matches!(e.raw_os_error(), Some(28) | Some(122) | Some(69))
        || e.kind() == std::io::ErrorKind::StorageFull
        || e.kind() == std::io::ErrorKind::QuotaExceeded
}

/// Whether `e` says the file system or folder cannot be written.
pub fn is_read_only(e: &std::io::Error) -> bool {
    // EROFS, EACCES, EPERM
    e.raw_os_error() == Some(30)
        || e.kind() == std::io::ErrorKind::ReadOnlyFilesystem
        || e.kind() == std::io::ErrorKind::PermissionDenied
}

impl Error {
    /// Wraps an I/O error with the path it concerns; a full disk becomes
    /// [`Error::NoSpace`].
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        if is_no_space(&source) {
            return Error::NoSpace {
                path: path.into(),
                detail: source.to_string(),
            };
        }
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Wraps an error writing the output (stdout).
    pub fn output(source: std::io::Error) -> Error {
        Error::Output(source)
    }

    /// Whether this is a write to a reader that went away (`| head`).
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Output(source) | Error::Io { source, .. } => {
                source.kind() == std::io::ErrorKind::BrokenPipe
            }
            _ => false,
        }
    }

    /// The error for a tantivy failure on the index at `dir`: a full disk
    /// or a read-only folder says so; anything else is the index's own.
    pub fn from_tantivy(dir: &std::path::Path, e: tantivy::TantivyError) -> Error {
        let text = e.to_string();
        let lower = text.to_ascii_lowercase();
        if lower.contains("no space left")
            || lower.contains("os error 28")
            || lower.contains("quota exceeded")
        {
            return Error::NoSpace {
                path: dir.to_path_buf(),
                detail: text,
            };
        }
        if lower.contains("read-only file system") || lower.contains("permission denied") {
            return Error::ReadOnly {
                path: dir.to_path_buf(),
                detail: text,
            };
        }
        Error::Tantivy(e)
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
