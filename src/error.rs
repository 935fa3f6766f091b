//! The library's error type.
//!
//! Every failure a user can cause (a missing folder, a busy or damaged index, a
//! broken catalog) has its own variant with a message that says what to do, so
//! the binary can print it on one line behind `quarry:` and exit 2.

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
