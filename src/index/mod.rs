//! The index: passages stored in tantivy, kept in step with the corpus.
//!
//! This stage owns the index folder: its [`schema`] (the one place an index
//! is opened or created, with the analyzer registered), the [`manifest`]
//! of indexed files, which files of the [`folder`] are its own, where an index goes by default ([`location`]), how a file becomes index [`document`]s, incremental
//! crash-safe [`update`]s, the cheap [`freshness`] check searches run
//! first, and the [`watch`]er that spares them that check. It takes files
//! from [`crate::ingest`] and passages from [`crate::passage`], and hands [`crate::search`] an index to open.

pub mod date;
pub mod document;
pub mod folder;
pub mod freshness;
pub mod location;
pub mod manifest;
pub mod schema;
pub mod update;
pub mod watch;

use std::path::PathBuf;
use std::time::Duration;

pub use document::{Document, passage_id};
pub use folder::wipe;
pub use freshness::{Freshness, freshness};
pub use manifest::MANIFEST_FILE;
pub use update::{folder_size, update, update_with_progress};

use crate::error::Warning;
use crate::ingest::walk::WalkOptions;

/// Settings for an index update.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The index folder.
    pub index: PathBuf,
    /// Start from an empty index.
    pub rebuild: bool,
    /// Which files of the corpus are read (globs, ignore files, hidden files).
    pub walk: WalkOptions,
}

/// What an update did.
#[derive(Debug, Default, Clone)]
pub struct IndexSummary {
    /// Documents in the index afterwards.
    pub documents: u64,
    /// Passages in the index afterwards.
    pub passages: u64,
    /// Documents indexed for the first time.
    pub added: u64,
    /// Documents re-indexed because their content changed.
    pub changed: u64,
    /// Documents removed because their file is gone.
    pub removed: u64,
    /// Documents left as they were.
    pub unchanged: u64,
    /// Files passed over, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Files skipped because they look binary (also listed in `skipped`).
    pub binary: u64,
    /// Files skipped because they hold no readable text: encrypted or
    /// image-only PDFs (also listed in `skipped`).
    pub no_text: u64,
    /// Warnings about individual files.
    pub warnings: Vec<Warning>,
    /// Bytes of source read and indexed.
    pub bytes_indexed: u64,
    /// Wall time.
    pub elapsed: Duration,
    /// Size of the index folder afterwards.
    pub index_bytes: u64,
}

/// How far an update has got, for progress displays.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Files examined so far.
    pub files_done: u64,
    /// Files in the corpus.
    pub files_total: u64,
    /// Bytes of the examined files.
    pub bytes_done: u64,
    /// Bytes of all files in the corpus.
    pub bytes_total: u64,
    /// Time since the update started.
    pub elapsed: Duration,
}
