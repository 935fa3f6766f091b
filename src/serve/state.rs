//! What the server shares between its threads: the searcher in use, swapped
//! for a fresh one after every commit, and what `/api/health` reports.
//!
//! A request takes the current searcher (an `Arc`) and keeps it for its
//! whole run, so an update never makes a search wait and a search never
//! sees half an update: it reads the last commit made before it started.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use super::ServeOptions;
use super::budget::Pool;
use crate::error::Result;
use crate::index::{self, IndexSummary};
use crate::search::Searcher;

/// How often the index folder is checked for a commit made by another
/// process (`quarry index`) while the watcher is idle.
pub const RELOAD_POLL: Duration = Duration::from_millis(500);

/// What the health endpoint reports, updated by the watcher.
#[derive(Debug, Clone, Default)]
pub struct Health {
    /// Documents after the last update.
    pub documents: u64,
    /// Size of the index folder after the last update.
    pub index_bytes: u64,
    /// When the index last changed.
    pub last_update: Option<SystemTime>,
    /// The last update's error, if it failed.
    pub last_error: Option<String>,
}

/// The server's shared state.
pub struct State {
    /// The options it was started with.
    pub opts: ServeOptions,
    /// The corpus folder, canonical: files are read only below it.
    pub corpus: PathBuf,
    /// The searcher requests use.
    searcher: RwLock<Arc<Searcher>>,
    /// `meta.json`'s modification time when the searcher was opened.
    opened_at: Mutex<Option<SystemTime>>,
    /// Health figures.
    pub health: Mutex<Health>,
    /// Whether the watcher thread runs.
    pub watcher_alive: AtomicBool,
    /// Set when the server is shutting down.
    pub stopping: Arc<AtomicBool>,
    /// Where searches run, each within its budget.
    pub pool: Pool,
}

/// Modification time of the index's `meta.json` (changes on every commit).
fn meta_time(index: &Path) -> Option<SystemTime> {
    std::fs::metadata(index.join("meta.json"))
        .and_then(|m| m.modified())
        .ok()
}

impl State {
    /// The state for `opts`, with the index opened.
    pub fn new(opts: ServeOptions, stopping: Arc<AtomicBool>) -> Result<State> {
        let corpus = opts
            .index
            .corpus
            .canonicalize()
            .map_err(|e| crate::error::Error::io(&opts.index.corpus, e))?;
        let opened = meta_time(&opts.index.index);
        let searcher = Searcher::open(&opts.index.index)?;
        let threads = opts.search_threads;
        Ok(State {
            corpus,
            searcher: RwLock::new(Arc::new(searcher)),
            opened_at: Mutex::new(opened),
            health: Mutex::new(Health {
                last_update: opened,
                index_bytes: index::folder_size(&opts.index.index),
                ..Health::default()
            }),
            watcher_alive: AtomicBool::new(false),
            stopping,
            pool: Pool::new(threads),
            opts,
        })
    }

    /// The searcher to use for one request.
    pub fn searcher(&self) -> Arc<Searcher> {
        match self.searcher.read() {
            Ok(s) => Arc::clone(&s),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Opens the index again if it was committed since the searcher in use
    /// was opened; requests under way keep the one they took.
    pub fn reload_if_changed(&self) {
        let now = meta_time(&self.opts.index.index);
        let Ok(mut opened) = self.opened_at.lock() else {
            return;
        };
        if now.is_none() || now == *opened {
            return;
        }
        if let Ok(fresh) = Searcher::open(&self.opts.index.index) {
            if let Ok(mut s) = self.searcher.write() {
                *s = Arc::new(fresh);
            }
            *opened = now;
            if let Ok(mut h) = self.health.lock() {
                h.last_update = now;
                h.index_bytes = index::folder_size(&self.opts.index.index);
            }
        }
    }

    /// Records an update the watcher made, and opens its commit.
    pub fn updated(&self, summary: &IndexSummary) {
        if let Ok(mut h) = self.health.lock() {
            h.documents = summary.documents;
            h.index_bytes = summary.index_bytes;
            h.last_error = None;
        }
        self.reload_if_changed();
    }

    /// Records a failed update.
    pub fn failed(&self, error: String) {
        if let Ok(mut h) = self.health.lock() {
            h.last_error = Some(error);
        }
    }

    /// Whether the server is shutting down.
    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}
