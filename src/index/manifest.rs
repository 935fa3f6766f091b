//! The manifest: what the index was built from.
//!
//! Beside tantivy's files, the index folder holds [`MANIFEST_FILE`], which
//! records for every indexed file its size, modification time and content
//! hash. It is written before each commit as a pending file and renamed
//! after it, and the commit's payload names the manifest's token, so the
//! manifest and the commit always agree, even after a crash between the two.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::schema;
use crate::error::{Error, Result};
use crate::ingest::SourceFile;

pub use super::folder::MANIFEST_FILE;

/// What the manifest remembers of one indexed file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileState {
    /// Size in bytes when indexed.
    pub size: u64,
    /// Modification time (ns since the epoch) when indexed.
    pub mtime_ns: u64,
    /// blake3 of the content, hex.
    pub hash: String,
    /// Documents indexed from it (JSON Lines files hold many).
    pub documents: u64,
    /// Passages indexed for it.
    pub passages: u64,
    /// It looked binary and was skipped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub binary: bool,
    /// It holds no readable text (an encrypted or image-only PDF) and was
    /// skipped, for this reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_text: Option<String>,
}

/// The manifest written next to the index after every commit.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// [`SCHEMA_VERSION`] of the writer.
    pub format: u32,
    /// Canonical path of the corpus folder.
    pub corpus: String,
    /// Fingerprint of the catalog the documents were indexed with.
    pub catalog: String,
    /// Indexed files by relative path.
    pub files: BTreeMap<String, FileState>,
    /// When the run that wrote this manifest started scanning (ns since the
    /// epoch); see [`Manifest::settled`].
    #[serde(default)]
    pub indexed_at_ns: u64,
    /// Identifies the tantivy commit this manifest describes; the same token
    /// is stored as that commit's payload in `meta.json`.
    #[serde(default)]
    pub token: String,
}

fn pending_name() -> String {
    format!("{MANIFEST_FILE}.next")
}

/// See [`Manifest::settled`].
///
/// Only a time close to the run's start is "racy": a file dated well in the
/// future (a wrong clock, an archive) cannot have been modified again
/// without its time moving, so it is settled too and not re-read by every
/// search.
pub(super) fn is_settled(old: &FileState, file: &SourceFile, indexed_at_ns: u64) -> bool {
    let racy = old.mtime_ns.saturating_add(RACY_WINDOW_NS) >= indexed_at_ns
        && old.mtime_ns <= indexed_at_ns.saturating_add(RACY_WINDOW_NS);
    old.size == file.size && old.mtime_ns == file.mtime_ns && !racy
}

pub(super) fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// A file modified less than this long before a run started may have been
/// modified again within the same file-system clock tick without its
/// modification time moving ("racily clean", as git calls it). Such files are
/// re-read on the next run even when their size and time match. Two seconds
/// covers the coarsest common timestamps (FAT).
pub const RACY_WINDOW_NS: u64 = 2_000_000_000;

impl Manifest {
    /// True when `file` certainly matches what was indexed: same size, same
    /// modification time, and that time well before the indexing run.
    pub fn settled(&self, file: &SourceFile) -> Option<&FileState> {
        self.files
            .get(&file.rel_path)
            .filter(|old| is_settled(old, file, self.indexed_at_ns))
    }

    /// Passages the manifest says the index holds.
    pub fn passages(&self) -> u64 {
        self.files.values().map(|f| f.passages).sum()
    }

    /// Why the index in `dir` does not hold what this manifest lists (a
    /// `meta.json` whose segments were emptied or lost), if it does not.
    pub fn inconsistency(&self, dir: &Path) -> Option<String> {
        let listed = self.passages();
        let held = committed_passages(dir)?;
        (held != listed)
            .then(|| format!("the index holds {held} passages but its manifest lists {listed}"))
    }

    /// Reads the manifest that describes the index's last commit, or `None`
    /// when there is none to trust.
    ///
    /// The manifest is written to `quarry-manifest.json.next` before the
    /// commit and renamed after it; the commit's payload names the manifest's
    /// token. So after a crash between commit and rename, the pending file is
    /// the right one, and after a crash before the commit, the old one is.
    pub fn load(dir: &Path) -> Option<Manifest> {
        let payload = schema::committed_payload(dir)?;
        let read = |name: &str| -> Option<Manifest> {
            let raw = std::fs::read(dir.join(name)).ok()?;
            serde_json::from_slice::<Manifest>(&raw)
                .ok()
                .filter(|m| m.token == payload)
        };
        if let Some(m) = read(MANIFEST_FILE) {
            return Some(m);
        }
        // A crashed run (or one between its commit and its rename) left
        // the pending file. Readers never rename it: only the indexer, which
        // holds the writer lock, does ([`Manifest::settle_pending`]).
        read(&pending_name())
    }

    /// Whether any manifest (settled or pending) was ever written into
    /// `dir`: not when the first build is still running or was stopped.
    pub fn ever_written(dir: &Path) -> bool {
        dir.join(MANIFEST_FILE).exists() || dir.join(pending_name()).exists()
    }

    /// Finishes the rename a crashed run did not get to, when the pending
    /// manifest is the one the last commit names. Only for the holder of
    /// the writer lock.
    pub(super) fn settle_pending(dir: &Path) {
        let Some(payload) = schema::committed_payload(dir) else {
            return;
        };
        let current = std::fs::read(dir.join(MANIFEST_FILE))
            .ok()
            .and_then(|raw| serde_json::from_slice::<Manifest>(&raw).ok());
        if current.is_some_and(|m| m.token == payload) {
            return;
        }
        let pending = std::fs::read(dir.join(pending_name()))
            .ok()
            .and_then(|raw| serde_json::from_slice::<Manifest>(&raw).ok());
        if pending.is_some_and(|m| m.token == payload) {
            let _ = std::fs::rename(dir.join(pending_name()), dir.join(MANIFEST_FILE));
        }
    }

    /// Writes the manifest as the pending one (see [`Manifest::load`]).
    pub(super) fn save_pending(&self, dir: &Path) -> Result<()> {
        let path = dir.join(pending_name());
        let json = serde_json::to_vec(self)?;
        let mut file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        std::io::Write::write_all(&mut file, &json).map_err(|e| Error::io(&path, e))?;
        file.sync_all().map_err(|e| Error::io(&path, e))
    }

    /// Makes the pending manifest the current one.
    pub(super) fn promote(dir: &Path) -> Result<()> {
        let dest = dir.join(MANIFEST_FILE);
        std::fs::rename(dir.join(pending_name()), &dest).map_err(|e| Error::io(&dest, e))
    }
}

/// Passages (tantivy documents not deleted) the last commit in `dir`
/// holds, as `meta.json` states them; `None` when it cannot be read.
pub fn committed_passages(dir: &Path) -> Option<u64> {
    let raw = std::fs::read(dir.join("meta.json")).ok()?;
    let meta = serde_json::from_slice::<serde_json::Value>(&raw).ok()?;
    let segments = meta.get("segments")?.as_array()?;
    let mut total = 0u64;
    for s in segments {
        let max = s.get("max_doc")?.as_u64()?;
        let deleted = s
            .get("deletes")
            .and_then(|d| d.get("num_deleted_docs"))
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0);
        total = total.saturating_add(max.saturating_sub(deleted));
    }
    Some(total)
}
