//! Building and updating the index from a corpus folder.
//!
//! The index folder holds tantivy's files plus a manifest
//! ([`MANIFEST_FILE`]) that records, for every indexed file, its size,
//! modification time and content hash. An update re-reads only files whose
//! size or time moved, re-indexes only those whose content really changed, and
//! removes documents whose files are gone. All changes land in one tantivy
//! commit, written before the manifest: a run killed at any point leaves the
//! last committed index searchable, and the next run redoes what was lost.

pub mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tantivy::{IndexWriter, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::figures;
use crate::index::schema::{Fields, QuarryIndex, SCHEMA_VERSION};
use crate::ingest::catalog::Catalog;
use crate::ingest::{self, Document, SourceFile};

/// Name of the manifest file inside the index folder.
pub const MANIFEST_FILE: &str = "quarry-manifest.json";
/// Memory budget of the index writer, shared by its threads.
pub const WRITER_HEAP_BYTES: usize = 256 * 1024 * 1024;
/// Most indexing threads the writer uses.
pub const MAX_WRITER_THREADS: usize = 4;

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

/// The payload of the index's last commit (the manifest token).
fn committed_payload(dir: &Path) -> Option<String> {
    let index = tantivy::Index::open_in_dir(dir).ok()?;
    index.load_metas().ok()?.payload
}

/// See [`Manifest::settled`].
fn is_settled(old: &FileState, file: &SourceFile, indexed_at_ns: u64) -> bool {
    old.size == file.size
        && old.mtime_ns == file.mtime_ns
        && old.mtime_ns.saturating_add(RACY_WINDOW_NS) < indexed_at_ns
}

fn now_ns() -> u64 {
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

    /// Reads the manifest that describes the index's last commit, or `None`
    /// when there is none to trust.
    ///
    /// The manifest is written to `quarry-manifest.json.next` before the
    /// commit and renamed after it; the commit's payload names the manifest's
    /// token. So after a crash between commit and rename, the pending file is
    /// the right one, and after a crash before the commit, the old one is.
    pub fn load(dir: &Path) -> Option<Manifest> {
        let payload = committed_payload(dir)?;
        let read = |name: &str| -> Option<Manifest> {
            let raw = std::fs::read(dir.join(name)).ok()?;
            serde_json::from_slice::<Manifest>(&raw)
                .ok()
                .filter(|m| m.token == payload)
        };
        if let Some(m) = read(MANIFEST_FILE) {
            return Some(m);
        }
        let pending = read(&pending_name())?;
        // Finish the rename the crashed run did not get to.
        let _ = std::fs::rename(dir.join(pending_name()), dir.join(MANIFEST_FILE));
        Some(pending)
    }

    /// Writes the manifest as the pending one (see [`Manifest::load`]).
    fn save_pending(&self, dir: &Path) -> Result<()> {
        let path = dir.join(pending_name());
        let json = serde_json::to_vec(self)?;
        let mut file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        std::io::Write::write_all(&mut file, &json).map_err(|e| Error::io(&path, e))?;
        file.sync_all().map_err(|e| Error::io(&path, e))
    }

    /// Makes the pending manifest the current one.
    fn promote(dir: &Path) -> Result<()> {
        let dest = dir.join(MANIFEST_FILE);
        std::fs::rename(dir.join(pending_name()), &dest).map_err(|e| Error::io(&dest, e))
    }
}

/// What a worker did with one file.
struct Outcome {
    /// `Some(state)` when the file was (re-)indexed; `Err` when the writer failed.
    result: Result<Option<FileState>>,
    /// The manifest entry to keep when the file was not re-indexed.
    kept: Option<FileState>,
    /// The content turned out unchanged (only its time moved).
    unchanged: bool,
    /// Warnings about the file.
    warnings: Vec<String>,
}

/// Reads one file and, if its content changed, replaces its documents in the
/// index. Runs on a worker thread.
fn index_file(
    file: &SourceFile,
    previous: Option<&FileState>,
    catalog: &Catalog,
    writer: &IndexWriter,
    fields: &Fields,
) -> Outcome {
    let mut warnings = Vec::new();
    let (docs, hash) = match ingest::load(file, catalog, &mut warnings) {
        Ok(loaded) => loaded,
        Err(e) => {
            warnings.push(format!("{e}; skipped"));
            // Keep what was indexed before rather than lose the document. A
            // file never indexed is remembered as empty, so it is not retried
            // (and warned about) on every search until its size or time moves.
            let kept = previous.cloned().or_else(|| {
                Some(FileState {
                    size: file.size,
                    mtime_ns: file.mtime_ns,
                    hash: String::new(),
                    documents: 0,
                    passages: 0,
                })
            });
            return Outcome {
                result: Ok(None),
                kept,
                unchanged: false,
                warnings,
            };
        }
    };
    if let Some(old) = previous
        && old.hash == hash
    {
        let mut kept = old.clone();
        kept.mtime_ns = file.mtime_ns;
        return Outcome {
            result: Ok(None),
            kept: Some(kept),
            unchanged: true,
            warnings,
        };
    }
    // Delete even for a file the manifest does not know: a run killed after
    // its commit but before writing the manifest may have indexed it.
    writer.delete_term(Term::from_field_text(fields.path, &file.rel_path));
    let mut passages = 0;
    let result = docs
        .iter()
        .try_for_each(|doc| {
            passages += doc.passages.len() as u64;
            add_document(writer, fields, doc)
        })
        .map(|()| {
            Some(FileState {
                size: file.size,
                mtime_ns: file.mtime_ns,
                hash,
                documents: docs.len() as u64,
                passages,
            })
        });
    Outcome {
        result,
        kept: None,
        unchanged: false,
        warnings,
    }
}

/// Settings for an index update.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The index folder.
    pub index: PathBuf,
    /// Start from an empty index.
    pub rebuild: bool,
    /// Only files matching these globs (ripgrep `--glob` rules; empty: all).
    pub globs: Vec<String>,
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
    /// Warnings about individual files.
    pub warnings: Vec<String>,
    /// Bytes of source read and indexed.
    pub bytes_indexed: u64,
    /// Wall time.
    pub elapsed: Duration,
    /// Size of the index folder afterwards.
    pub index_bytes: u64,
}

/// Whether an index reflects its corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    /// There is no index yet.
    Missing,
    /// The corpus changed since the index was built (the reason says how).
    Stale(String),
    /// The index matches the corpus's names, sizes and times.
    Fresh,
}

/// Compares the corpus (the files matching `globs`, as in
/// [`IndexOptions::globs`]) with the index manifest using names, sizes and
/// modification times only (no file is read except the catalog).
pub fn freshness(corpus: &Path, index: &Path, globs: &[String]) -> Result<Freshness> {
    ingest::check_folder(corpus)?;
    schema::check_dir(index)?;
    if !schema::exists(index) {
        return Ok(Freshness::Missing);
    }
    let Some(manifest) = Manifest::load(index) else {
        return Ok(Freshness::Stale("the index has no manifest".into()));
    };
    if manifest.format != SCHEMA_VERSION {
        return Ok(Freshness::Stale("the index format changed".into()));
    }
    if manifest.corpus != canonical(corpus) {
        return Ok(Freshness::Stale(
            "the index was built from another folder".into(),
        ));
    }
    let catalog = Catalog::load(corpus, &mut Vec::new())?;
    if catalog.fingerprint != manifest.catalog {
        return Ok(Freshness::Stale("the catalog changed".into()));
    }
    let scan = ingest::scan(corpus, Some(index), globs)?;
    let mut changed = 0usize;
    for file in &scan.files {
        if manifest.settled(file).is_none() {
            changed += 1;
        }
    }
    let present: std::collections::HashSet<&str> =
        scan.files.iter().map(|f| f.rel_path.as_str()).collect();
    let removed = manifest
        .files
        .keys()
        .filter(|k| !present.contains(k.as_str()))
        .count();
    if changed + removed == 0 {
        Ok(Freshness::Fresh)
    } else {
        Ok(Freshness::Stale(format!(
            "{changed} new or modified and {removed} removed file(s)"
        )))
    }
}

fn canonical(path: &Path) -> String {
    path.canonicalize()
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// Opens the index for writing, creating or (with `rebuild`) wiping it as needed.
fn open_for_update(dir: &Path, rebuild: bool) -> Result<QuarryIndex> {
    if !schema::exists(dir) {
        return schema::create(dir);
    }
    match schema::open(dir) {
        Ok(index) => Ok(index),
        Err(Error::SchemaMismatch { .. } | Error::Damaged { .. }) if rebuild => {
            schema::wipe(dir)?;
            schema::create(dir)
        }
        Err(e) => Err(e),
    }
}

fn writer(index: &QuarryIndex) -> Result<IndexWriter> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_WRITER_THREADS);
    let writer = index
        .index
        .writer_with_num_threads(threads, WRITER_HEAP_BYTES)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::Locked(index.dir.clone()),
            other => Error::from(other),
        })?;
    // A run killed before its commit leaves files the last commit does not
    // use, such as `<segment>.<opstamp>.del`; this run replays the same
    // opstamps and would fail with "file already exists" on them. Collect
    // them first. Best effort: a failure here only means the leftovers stay.
    let _ = writer.garbage_collect_files().wait();
    Ok(writer)
}

/// Takes the index writer's lock without starting a writer.
fn writer_lock(index: &QuarryIndex) -> Result<tantivy::directory::DirectoryLock> {
    use tantivy::Directory;
    use tantivy::directory::error::LockError;
    index
        .index
        .directory()
        .acquire_lock(&tantivy::directory::INDEX_WRITER_LOCK)
        .map_err(|e| match e {
            LockError::LockBusy => Error::Locked(index.dir.clone()),
            LockError::IoError(io) => {
                Error::io(&index.dir, std::io::Error::new(io.kind(), io.to_string()))
            }
        })
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

/// Brings the index in `opts.index` up to date with `opts.corpus`.
pub fn update(opts: &IndexOptions) -> Result<IndexSummary> {
    update_with_progress(opts, &mut |_| {})
}

/// [`update`], calling `progress` after each file (and once at the end).
pub fn update_with_progress(
    opts: &IndexOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<IndexSummary> {
    let started = Instant::now();
    let mut summary = IndexSummary::default();
    ingest::check_folder(&opts.corpus)?;
    schema::check_dir(&opts.index)?;
    let catalog = Catalog::load(&opts.corpus, &mut summary.warnings)?;
    let run_started_ns = now_ns();
    let scan = ingest::scan(&opts.corpus, Some(&opts.index), &opts.globs)?;
    summary.skipped = scan.skipped;

    let qi = open_for_update(&opts.index, opts.rebuild)?;
    let corpus_id = canonical(&opts.corpus);
    let old = Manifest::load(&opts.index).filter(|m| m.format == SCHEMA_VERSION);
    let start_over = opts.rebuild
        || old
            .as_ref()
            .is_none_or(|m| m.corpus != corpus_id || m.catalog != catalog.fingerprint);
    let old_files = match (&old, start_over) {
        (Some(m), false) => m.files.clone(),
        _ => BTreeMap::new(),
    };

    let mut manifest = Manifest {
        format: SCHEMA_VERSION,
        corpus: corpus_id,
        catalog: catalog.fingerprint.clone(),
        files: BTreeMap::new(),
        indexed_at_ns: run_started_ns,
        token: String::new(),
    };
    let mut dirty = start_over;
    let mut state = Progress {
        files_total: scan.files.len() as u64,
        bytes_total: scan.files.iter().map(|f| f.size).sum(),
        ..Progress::default()
    };
    // Files whose size and time match the manifest are not even read.
    let mut todo = Vec::new();
    let old_indexed_at = old.as_ref().map_or(0, |m| m.indexed_at_ns);
    for file in &scan.files {
        let settled = old_files
            .get(&file.rel_path)
            .filter(|o| is_settled(o, file, old_indexed_at));
        match settled {
            Some(old) => {
                manifest.files.insert(file.rel_path.clone(), old.clone());
                summary.unchanged += 1;
                state.files_done += 1;
                state.bytes_done += file.size;
            }
            _ => todo.push(file),
        }
    }
    // Nothing added, changed or removed: the index and its manifest already
    // describe the corpus, so neither the writer (threads, memory arenas) nor
    // a rewrite of the manifest is needed. The writer lock is still taken, so
    // that a run during another one fails as it would otherwise.
    if !start_over && old.is_some() && todo.is_empty() && manifest.files.len() == old_files.len() {
        let _lock = writer_lock(&qi)?;
        summary.documents = manifest.files.values().map(|s| s.documents).sum();
        summary.passages = manifest.files.values().map(|s| s.passages).sum();
        summary.index_bytes = folder_size(&opts.index);
        summary.elapsed = started.elapsed();
        state.elapsed = summary.elapsed;
        progress(&state);
        return Ok(summary);
    }
    let mut writer = writer(&qi)?;
    if start_over {
        writer.delete_all_documents()?;
    }
    // Reading, hashing, splitting and building tantivy documents run on
    // worker threads, which hand them straight to the writer (whose own
    // threads analyse them); this thread only keeps the books.
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = mpsc::sync_channel::<(&SourceFile, Outcome)>(workers * 4);
        for _ in 0..workers {
            let (tx, next, todo) = (tx.clone(), &next, &todo);
            let (catalog, old_files, writer, fields) = (&catalog, &old_files, &writer, &qi.fields);
            scope.spawn(move || {
                while let Some(&file) = todo.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let previous = old_files.get(&file.rel_path);
                    let outcome = index_file(file, previous, catalog, writer, fields);
                    if tx.send((file, outcome)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (file, outcome) in rx {
            state.files_done += 1;
            state.bytes_done += file.size;
            state.elapsed = started.elapsed();
            progress(&state);
            summary.warnings.extend(outcome.warnings);
            match outcome.result? {
                Some(new_state) => {
                    if old_files.contains_key(&file.rel_path) {
                        summary.changed += 1;
                    } else {
                        summary.added += 1;
                    }
                    summary.bytes_indexed += file.size;
                    dirty = true;
                    manifest.files.insert(file.rel_path.clone(), new_state);
                }
                None => {
                    if let Some(kept) = outcome.kept {
                        summary.unchanged += u64::from(outcome.unchanged);
                        manifest.files.insert(file.rel_path.clone(), kept);
                    }
                }
            }
        }
        Ok(())
    })?;
    for rel in old_files.keys() {
        if !manifest.files.contains_key(rel) {
            writer.delete_term(Term::from_field_text(qi.fields.path, rel));
            summary.removed += 1;
            dirty = true;
        }
    }
    // The manifest and the commit must agree even if the process dies
    // between the two: see `Manifest::load`.
    manifest.token = match &old {
        Some(m) if !dirty => m.token.clone(),
        _ => format!("{:x}-{}", run_started_ns, std::process::id()),
    };
    manifest.save_pending(&opts.index)?;
    if dirty || old.is_none() {
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&manifest.token);
        commit.commit()?;
    }
    Manifest::promote(&opts.index)?;
    writer.wait_merging_threads()?;

    summary.documents = manifest.files.values().map(|s| s.documents).sum();
    summary.passages = manifest.files.values().map(|s| s.passages).sum();
    summary.index_bytes = folder_size(&opts.index);
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// A passage id that stays the same while the passage's file, document id
/// and text do: blake3 of those plus the count of earlier identical passages.
pub fn passage_id(path: &str, doc_id: &str, text: &str, occurrence: u32) -> String {
    let mut h = blake3::Hasher::new();
    h.update(path.as_bytes());
    h.update(&[0]);
    h.update(doc_id.as_bytes());
    h.update(&[0]);
    h.update(text.as_bytes());
    h.update(&occurrence.to_le_bytes());
    h.finalize().to_hex()[..16].to_string()
}

fn add_document(writer: &IndexWriter, f: &Fields, doc: &Document) -> Result<()> {
    let mut seen: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    for p in &doc.passages {
        let occurrence = seen.entry(p.text.as_str()).or_insert(0);
        let id = passage_id(&doc.meta.path, &doc.meta.id, &p.text, *occurrence);
        *occurrence += 1;
        let mut d = TantivyDocument::default();
        d.add_text(f.passage_id, &id);
        d.add_text(f.path, &doc.meta.path);
        d.add_text(f.doc_id, &doc.meta.id);
        d.add_text(f.title, &doc.meta.title);
        let optional = [
            (f.author, &doc.meta.author),
            (f.publisher, &doc.meta.publisher),
            (f.date, &doc.meta.date),
            (f.url, &doc.meta.url),
            (f.section, &p.section),
        ];
        for (field, value) in optional {
            if let Some(v) = value {
                d.add_text(field, v);
            }
        }
        d.add_text(f.text, &p.text);
        for figure in figures::extract(&p.text) {
            for key in figure.keys() {
                d.add_text(f.figure, &key);
            }
        }
        d.add_u64(f.ordinal, u64::from(p.ordinal));
        d.add_u64(f.line_start, u64::from(p.lines.0));
        d.add_u64(f.line_end, u64::from(p.lines.1));
        d.add_u64(f.byte_start, p.bytes.0 as u64);
        d.add_u64(f.byte_end, p.bytes.1 as u64);
        writer.add_document(d)?;
    }
    Ok(())
}

/// Total size of the files directly in `dir`.
pub fn folder_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
