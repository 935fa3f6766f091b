//! Bringing the index up to date with its corpus.
//!
//! An update re-reads only files whose size or time moved, re-indexes only
//! those whose content really changed, and removes documents whose files are
//! gone. Reading, splitting and building documents run on worker threads
//! that feed tantivy's writer. All changes land in one tantivy commit,
//! written before the manifest: a run killed at any point leaves the last
//! committed index searchable, and the next run redoes what was lost.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use rayon::prelude::*;
use tantivy::directory::error::LockError;
use tantivy::{IndexWriter, Term};

use super::document::{self, Loaded, add_document};
use super::folder::{self, wipe};
use super::freshness::canonical;
use super::manifest::{FileState, Manifest, is_settled, now_ns};
use super::schema::{self, Fields, QuarryIndex, SCHEMA_VERSION};
use super::{IndexOptions, IndexSummary, Progress};
use crate::error::{Error, Result, Warning};
use crate::ingest::{self, SourceFile, catalog::Catalog};

/// Memory budget of the index writer, shared by its threads.
pub const WRITER_HEAP_BYTES: usize = 256 * 1024 * 1024;
/// Most indexing threads the writer uses.
pub const MAX_WRITER_THREADS: usize = 4;

/// Most passages an index may hold for a run that changed it to merge all
/// its segments into one. Each writer thread leaves a segment, and a query
/// looks every term up and opens its postings in each: on a small index
/// that fixed cost is much of a search (one segment instead of two: 0.87×
/// the time of SciFact's 1,109 queries), while the merge is cheap (about
/// 14 µs a passage here, under 0.7 s at this size). Larger indexes keep
/// tantivy's merge policy, as Lucene merges only segments under its floor
/// size eagerly: merging the 87,000 passages of the wiki sample costs 1.25 s
/// on top of 4 s of indexing, for a 0.92× on queries.
pub const MERGE_ALL_PASSAGES: u64 = 50_000;

/// Stack of each reading thread: the readers are iterative, and this is
/// headroom for the libraries they call (address space, not memory).
const WORKER_STACK_BYTES: usize = 16 * 1024 * 1024;

/// What a worker did with one file.
struct Outcome {
    /// `Some(state)` when the file was (re-)indexed; `Err` when the writer failed.
    result: Result<Option<FileState>>,
    /// The manifest entry to keep when the file was not re-indexed.
    kept: Option<FileState>,
    /// The content turned out unchanged (only its time moved).
    unchanged: bool,
    /// Warnings about the file.
    warnings: Vec<Warning>,
}

/// Reads one file and, if its content changed, replaces its documents in the
/// index (`start_over`: the index was emptied, nothing to replace). Runs on
/// a worker thread.
fn index_file(
    file: &SourceFile,
    previous: Option<&FileState>,
    catalog: &Catalog,
    writer: &IndexWriter,
    fields: &Fields,
    start_over: bool,
) -> Outcome {
    let mut warnings = Vec::new();
    let (docs, hash) = match document::load(file, catalog, &mut warnings) {
        Ok(loaded) => loaded,
        Err(e) => {
            warnings.push(Warning::new(format!("{e}; skipped")));
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
                    binary: false,
                    no_text: None,
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
    let docs = match docs {
        Loaded::Documents(docs) => docs,
        Loaded::Binary | Loaded::NoText(_) => {
            // Binary, or a PDF without text: remembered (so it is not read
            // again until it changes) and reported, never indexed; whatever
            // an earlier version left goes.
            writer.delete_term(Term::from_field_text(fields.path, &file.rel_path));
            let (binary, no_text) = match docs {
                Loaded::NoText(why) => (false, Some(why)),
                _ => (true, None),
            };
            let unchanged = previous.is_some_and(|p| p.binary == binary && p.no_text == no_text);
            return Outcome {
                result: Ok(None),
                kept: Some(FileState {
                    size: file.size,
                    mtime_ns: file.mtime_ns,
                    hash,
                    documents: 0,
                    passages: 0,
                    binary,
                    no_text,
                }),
                unchanged,
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
    // its commit but before writing the manifest may have indexed it. A run
    // that starts over has deleted every document already (and a delete per
    // file would cost each new segment a term lookup per file).
    if !start_over {
        writer.delete_term(Term::from_field_text(fields.path, &file.rel_path));
    }
    let passages = docs.iter().map(|d| d.passages.len() as u64).sum();
    // The documents of a JSON Lines file are built into index documents on
    // every core; each goes to the writer as one batch.
    let result = docs
        .par_iter()
        .try_for_each(|doc| add_document(writer, fields, doc))
        .map(|()| {
            Some(FileState {
                size: file.size,
                mtime_ns: file.mtime_ns,
                hash,
                documents: docs.len() as u64,
                passages,
                binary: false,
                no_text: None,
            })
        });
    Outcome {
        result,
        kept: None,
        unchanged: false,
        warnings,
    }
}

/// Opens the index for writing, creating or (with `rebuild`) wiping it as needed.
fn open_for_update(dir: &Path, rebuild: bool) -> Result<QuarryIndex> {
    if !schema::exists(dir) {
        return schema::create(dir);
    }
    // An index an older quarry built has no marker; `check_location` found
    // only quarry's files in it, so it is quarry's.
    folder::mark(dir)?;
    match schema::open(dir) {
        Ok(index) => Ok(index),
        Err(Error::SchemaMismatch { .. } | Error::Damaged { .. }) if rebuild => {
            wipe(dir)?;
            schema::create(dir)
        }
        // An index an older quarry wrote (its manifest names another
        // format) is rebuilt; `freshness` says why ("the index format
        // changed").
        Err(Error::SchemaMismatch { .. })
            if Manifest::load(dir).is_some_and(|m| m.format != SCHEMA_VERSION) =>
        {
            wipe(dir)?;
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
            tantivy::TantivyError::LockFailure(LockError::LockBusy, _) => {
                Error::Locked(index.dir.clone())
            }
            tantivy::TantivyError::LockFailure(LockError::IoError(io), _) => {
                lock_io_error(&index.dir, &io)
            }
            other => Error::from_tantivy(&index.dir, other),
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
    index
        .index
        .directory()
        .acquire_lock(&tantivy::directory::INDEX_WRITER_LOCK)
        .map_err(|e| match e {
            LockError::LockBusy => Error::Locked(index.dir.clone()),
            LockError::IoError(io) => lock_io_error(&index.dir, &io),
        })
}

/// The error for a lock file that could not be created: a read-only
/// folder says so (it is not "being updated by another process").
fn lock_io_error(dir: &Path, io: &std::io::Error) -> Error {
    if crate::error::is_read_only(io) {
        Error::ReadOnly {
            path: dir.to_path_buf(),
            detail: io.to_string(),
        }
    } else {
        Error::io(dir, std::io::Error::new(io.kind(), io.to_string()))
    }
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
    // A full disk or a read-only folder says so, whichever layer found it.
    update_unmapped(opts, progress).map_err(|e| match e {
        Error::Tantivy(t) => Error::from_tantivy(&opts.index, t),
        other => other,
    })
}

fn update_unmapped(
    opts: &IndexOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<IndexSummary> {
    let started = Instant::now();
    let mut summary = IndexSummary::default();
    ingest::check_folder(&opts.corpus)?;
    schema::check_dir(&opts.index)?;
    folder::check_location(&opts.corpus, &opts.index)?;
    let catalog = Catalog::load(&opts.corpus, &mut summary.warnings)?;
    let run_started_ns = now_ns();
    let scan = ingest::scan(&opts.corpus, Some(&opts.index), &opts.walk)?;
    summary.skipped = scan.skipped;
    if opts.walk.globs.is_empty() {
        let present: std::collections::HashSet<&str> =
            scan.files.iter().map(|f| f.rel_path.as_str()).collect();
        let mut missing: Vec<&str> = catalog
            .entries()
            .map(|e| e.file.as_str())
            .filter(|f| !present.contains(f))
            .collect();
        missing.sort_unstable();
        for file in missing {
            summary.warnings.push(Warning::file(
                ingest::catalog::CATALOG_FILE,
                format!("entry for '{file}' names no document in the corpus; ignored"),
            ));
        }
    }

    let corpus_id = canonical(&opts.corpus);
    if !opts.rebuild
        && let Some(m) = Manifest::load(&opts.index)
        && m.corpus != corpus_id
        && Path::new(&m.corpus).is_dir()
    {
        return Err(Error::OtherCorpus {
            index: opts.index.clone(),
            corpus: PathBuf::from(m.corpus),
        });
    }
    let qi = open_for_update(&opts.index, opts.rebuild)?;
    let old = Manifest::load(&opts.index).filter(|m| m.format == SCHEMA_VERSION);
    let inconsistent = old.as_ref().and_then(|m| m.inconsistency(&opts.index));
    if let Some(why) = &inconsistent {
        summary
            .warnings
            .push(Warning::new(format!("{why}; indexing every file again")));
    }
    let start_over = opts.rebuild
        || inconsistent.is_some()
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
        // Only the writer renames the manifest: a crashed run may have left
        // the pending one, which the last commit names.
        Manifest::settle_pending(&opts.index);
        // A failed run (a full disk, a kill) may have left files tantivy
        // manages but no commit uses; they are provably its own.
        for path in folder::leftovers(&opts.index) {
            let _ = std::fs::remove_file(path);
        }
        summary.documents = manifest.files.values().map(|s| s.documents).sum();
        summary.passages = manifest.files.values().map(|s| s.passages).sum();
        note_binary(&mut summary, &manifest);
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
    // Reading, hashing, splitting and building tantivy documents run on a
    // pool with a thread per core (and a JSON Lines file's records across
    // the pool), which hands them straight to the writer (whose own threads
    // analyse them); this thread only keeps the books.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .stack_size(WORKER_STACK_BYTES)
        .thread_name(|i| format!("quarry-read-{i}"))
        .build()
        .map_err(|e| Error::io(&opts.index, std::io::Error::other(e.to_string())))?;
    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = mpsc::sync_channel::<(&SourceFile, Outcome)>(workers * 4);
        let (catalog, old_files, writer, fields, todo) =
            (&catalog, &old_files, &writer, &qi.fields, &todo);
        let pool = &pool;
        scope.spawn(move || {
            pool.install(|| {
                // One file per task, on the next free thread; a closed
                // channel (the writer failed) stops the rest.
                let _ = todo
                    .par_iter()
                    .with_max_len(1)
                    .try_for_each_with(tx, |tx, &file| {
                        let previous = old_files.get(&file.rel_path);
                        let outcome =
                            index_file(file, previous, catalog, writer, fields, start_over);
                        tx.send((file, outcome)).map_err(|_| ())
                    });
            });
        });
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
                        // A text file that became binary (or a PDF that
                        // lost its text) lost its passages.
                        let was_text = old_files
                            .get(&file.rel_path)
                            .is_some_and(|o| !o.binary && o.passages > 0);
                        if (kept.binary || kept.no_text.is_some()) && was_text {
                            summary.removed += 1;
                            dirty = true;
                        }
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
    // Whatever this run changed: an index written before this rule, or
    // whose merge was cut short, is merged by the next run that writes.
    merge_small(&qi.index, &mut writer, &manifest);
    writer.wait_merging_threads()?;

    summary.documents = manifest.files.values().map(|s| s.documents).sum();
    summary.passages = manifest.files.values().map(|s| s.passages).sum();
    note_binary(&mut summary, &manifest);
    summary.index_bytes = folder_size(&opts.index);
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Merges the committed segments of an index of at most
/// [`MERGE_ALL_PASSAGES`] passages into one. The merge keeps the commit's
/// payload, and a run killed during it leaves the last commit whole (its
/// files are collected by the next run). Best effort: a merge that fails
/// (a full disk, a merge tantivy already runs) leaves the index as
/// committed, only not merged.
fn merge_small(index: &tantivy::Index, writer: &mut IndexWriter, manifest: &Manifest) {
    let passages: u64 = manifest.files.values().map(|s| s.passages).sum();
    if passages > MERGE_ALL_PASSAGES {
        return;
    }
    if let Ok(segments) = index.searchable_segment_ids()
        && segments.len() > 1
    {
        let _ = writer.merge(&segments).wait();
    }
}

/// Adds the files the manifest remembers as binary to the summary's skipped
/// files, and counts them.
fn note_binary(summary: &mut IndexSummary, manifest: &Manifest) {
    for (rel, state) in &manifest.files {
        if state.binary {
            summary.binary += 1;
            summary.skipped.push((rel.clone(), "binary".into()));
        }
        if let Some(why) = &state.no_text {
            summary.no_text += 1;
            summary.skipped.push((rel.clone(), why.clone()));
        }
    }
    summary.skipped.sort();
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
