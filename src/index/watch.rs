//! Keeping an index fresh from file-system events, so searches need no walk.
//!
//! `quarry watch` runs [`watch`]: it brings the index up to date, then
//! listens to the kernel's change notifications (inotify on Linux, through
//! the `notify` crate) for the corpus folder and re-indexes when something
//! changed. While it runs it holds an exclusive lock on [`WATCH_FILE`] in the
//! index folder; the lock is the heartbeat (the kernel releases it when the
//! process ends, however it ends).
//!
//! A search asks a live watcher to catch up with [`sync`]: it creates a
//! request file in the index folder and waits until the watcher has answered
//! it. The watcher receives the events of the corpus and of the index folder
//! from one notification queue, in the order they happened, so when it sees
//! the request every change made before the request was created is already
//! known to it; it re-indexes if any is pending, commits, and only then
//! answers. The search therefore reads an index that holds every change made
//! before it started, at the cost of a file creation and a short wait instead
//! of a stat per corpus file.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher as _};
use serde::{Deserialize, Serialize};

use super::folder::{DONE_SUFFIX, REQUEST_PREFIX, WATCH_FILE};
use super::freshness::canonical;
use super::{IndexOptions, IndexSummary, update};
use crate::error::{Error, Result};

/// Quiet time after the last change before the watcher re-indexes on its own.
const SETTLE: Duration = Duration::from_millis(200);
/// Longest the watcher waits before retrying an update that keeps failing.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(30);
/// Longest a search waits for a live watcher before walking the corpus itself.
const SYNC_TIMEOUT: Duration = Duration::from_secs(60);
/// How often an idle watcher looks at its stop flag ([`watch_until`]).
const STOP_POLL: Duration = Duration::from_millis(100);

/// What the lock file says about the watcher holding it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct WatchInfo {
    /// Process id of the watcher.
    pid: u32,
    /// Canonical corpus folder it watches.
    corpus: String,
    /// The `--glob`s it indexes with.
    globs: Vec<String>,
}

/// How [`sync`] ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sync {
    /// A watcher for this corpus and these globs confirmed that the index
    /// holds every change made before the call.
    Fresh,
    /// No usable watcher: none runs, it watches another corpus or other
    /// globs, it did not answer in time, or its update failed (the reason
    /// says which). The caller checks freshness itself.
    Unavailable(String),
}

/// What the watcher reports as it runs.
#[derive(Debug)]
pub enum WatchEvent<'a> {
    /// The index was brought up to date (at start, or after changes).
    Updated(&'a IndexSummary),
    /// An update failed; the watcher goes on and retries on the next change.
    Failed(&'a Error),
    /// The watcher is listening (after the first update).
    Ready,
}

/// Whether `name` is a pending request (`quarry-sync-PID-NANOS`, not its
/// answer or the answer's temporary file).
fn request_name(name: &str) -> bool {
    name.strip_prefix(REQUEST_PREFIX)
        .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
}

/// Asks a live watcher of `index` to catch up with the corpus and waits for
/// its answer (see the module documentation).
pub fn sync(corpus: &Path, index: &Path, globs: &[String]) -> Sync {
    let lock_path = index.join(WATCH_FILE);
    let Ok(mut file) = File::open(&lock_path) else {
        return Sync::Unavailable("no watcher".into());
    };
    if file.try_lock_shared().is_ok() {
        return Sync::Unavailable("no watcher".into());
    }
    let mut raw = String::new();
    let info = file
        .read_to_string(&mut raw)
        .ok()
        .and_then(|_| serde_json::from_str::<WatchInfo>(&raw).ok());
    let Some(info) = info else {
        return Sync::Unavailable("the watcher is starting".into());
    };
    if info.corpus != canonical(corpus) || info.globs != globs {
        return Sync::Unavailable("the watcher watches another corpus or other globs".into());
    }
    let name = format!(
        "{REQUEST_PREFIX}{}-{}",
        std::process::id(),
        super::manifest::now_ns()
    );
    let request = index.join(&name);
    let done = index.join(format!("{name}{DONE_SUFFIX}"));
    if OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&request)
        .is_err()
    {
        return Sync::Unavailable("cannot write a request to the watcher".into());
    }
    let started = Instant::now();
    let mut pause = Duration::from_micros(50);
    let mut checks = 0u32;
    loop {
        if let Ok(answer) = std::fs::read_to_string(&done) {
            let _ = std::fs::remove_file(&done);
            return if answer.is_empty() {
                Sync::Fresh
            } else {
                Sync::Unavailable(answer)
            };
        }
        checks += 1;
        // Every so often, make sure the watcher is still alive.
        if checks.is_multiple_of(64) && file.try_lock_shared().is_ok() {
            let _ = std::fs::remove_file(&request);
            return Sync::Unavailable("the watcher stopped".into());
        }
        if started.elapsed() > SYNC_TIMEOUT {
            let _ = std::fs::remove_file(&request);
            return Sync::Unavailable("the watcher did not answer in time".into());
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(2));
    }
}

/// Runs the watcher for `opts` until the process is stopped: updates the
/// index, then re-indexes after every change and answers [`sync`] requests.
/// `report` hears about every update.
pub fn watch(opts: &IndexOptions, report: &mut dyn FnMut(WatchEvent<'_>)) -> Result<()> {
    watch_until(opts, &AtomicBool::new(false), report)
}

/// Runs the watcher like [`watch`] until `stop` is set (checked between
/// updates, at least every [`STOP_POLL`]): an update under way is finished
/// and committed first, so stopping never leaves work half done. Used by
/// `quarry serve`, which shuts down gracefully.
pub fn watch_until(
    opts: &IndexOptions,
    stop: &AtomicBool,
    report: &mut dyn FnMut(WatchEvent<'_>),
) -> Result<()> {
    crate::ingest::check_folder(&opts.corpus)?;
    // Before the lock is written: a folder that may not hold the index
    // gets no file of quarry's.
    super::folder::check_location(&opts.corpus, &opts.index)?;
    std::fs::create_dir_all(&opts.index).map_err(|e| Error::io(&opts.index, e))?;
    let lock_path = opts.index.join(WATCH_FILE);
    let mut lock = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(|e| Error::io(&lock_path, e))?;
    if lock.try_lock().is_err() {
        return Err(Error::Usage(format!(
            "another 'quarry watch' already keeps '{}' up to date",
            opts.index.display()
        )));
    }
    let corpus = PathBuf::from(canonical(&opts.corpus));
    let index = PathBuf::from(canonical(&opts.index));
    clear_requests(&index);

    let (tx, rx) = mpsc::channel();
    let mut watcher =
        notify::recommended_watcher(tx).map_err(|e| Error::Usage(format!("cannot watch: {e}")))?;
    watcher
        .watch(&corpus, RecursiveMode::Recursive)
        .map_err(|e| Error::Usage(format!("cannot watch '{}': {e}", corpus.display())))?;
    if !index.starts_with(&corpus) {
        watcher
            .watch(&index, RecursiveMode::NonRecursive)
            .map_err(|e| Error::Usage(format!("cannot watch '{}': {e}", index.display())))?;
    }

    // Changes from here on are queued, so the first update misses none.
    let mut dirty = match update(opts) {
        Ok(summary) => {
            report(WatchEvent::Updated(&summary));
            false
        }
        // A folder that may not hold the index will not change its mind.
        Err(e @ (Error::Location(_) | Error::OtherCorpus { .. })) => return Err(e),
        Err(e) => {
            report(WatchEvent::Failed(&e));
            true
        }
    };
    // Updates that failed in a row: each waits twice as long as the last
    // before retrying on its own, so a lasting failure is not retried (and
    // reported) five times a second.
    let mut failures = u32::from(dirty);
    let mut last_failure = Instant::now();
    let info = WatchInfo {
        pid: std::process::id(),
        corpus: corpus.to_string_lossy().into_owned(),
        globs: opts.walk.globs.clone(),
    };
    let json = serde_json::to_vec(&info)?;
    lock.set_len(0).map_err(|e| Error::io(&lock_path, e))?;
    lock.write_all(&json)
        .map_err(|e| Error::io(&lock_path, e))?;
    report(WatchEvent::Ready);

    let mut last_change = Instant::now();
    loop {
        if stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        let received = rx.recv_timeout(if dirty { SETTLE } else { STOP_POLL });
        match received {
            Ok(Ok(event)) => {
                let requests: Vec<&PathBuf> = event
                    .paths
                    .iter()
                    .filter(|p| {
                        p.parent() == Some(index.as_path())
                            && p.file_name()
                                .and_then(|n| n.to_str())
                                .is_some_and(request_name)
                    })
                    .collect();
                if !requests.is_empty() {
                    if !matches!(event.kind, EventKind::Create(_)) {
                        continue;
                    }
                    let answer = if dirty {
                        match catch_up(opts, report) {
                            Ok(()) => {
                                dirty = false;
                                failures = 0;
                                String::new()
                            }
                            Err(message) => {
                                failures = failures.saturating_add(1);
                                last_failure = Instant::now();
                                message
                            }
                        }
                    } else {
                        String::new()
                    };
                    for request in requests {
                        answer_request(request, &answer);
                    }
                    continue;
                }
                if event.need_rescan() || changes_corpus(&event, &corpus, &index) {
                    dirty = true;
                    last_change = Instant::now();
                }
            }
            Ok(Err(_)) => {
                // The queue overflowed or a watch failed: assume a change.
                dirty = true;
                last_change = Instant::now();
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // Changes settle first; after failures, the wait runs from
                // the last failure, so a busy corpus cannot put it off.
                let due = last_change.elapsed() >= SETTLE
                    && (failures == 0 || last_failure.elapsed() >= retry_wait(failures));
                if dirty && due && !stop.load(Ordering::SeqCst) {
                    dirty = !run_update(opts, report);
                    failures = if dirty { failures.saturating_add(1) } else { 0 };
                    last_failure = Instant::now();
                    last_change = Instant::now();
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Error::Usage("the file-system watch ended".into()));
            }
        }
    }
}

/// How long the watcher waits after the last change, or the last failed
/// update, before updating on its own: [`SETTLE`], doubled for each update
/// that failed in a row, up to [`MAX_RETRY_WAIT`].
fn retry_wait(failures: u32) -> Duration {
    SETTLE
        .saturating_mul(1 << failures.min(16))
        .min(MAX_RETRY_WAIT)
}

/// Whether `event` may change what the index should hold: anything but a
/// read, under the corpus and outside the index folder.
fn changes_corpus(event: &notify::Event, corpus: &Path, index: &Path) -> bool {
    if matches!(event.kind, EventKind::Access(_)) {
        return false;
    }
    event.paths.is_empty()
        || event
            .paths
            .iter()
            .any(|p| p.starts_with(corpus) && !p.starts_with(index))
}

/// Updates the index; `true` when it succeeded.
fn run_update(opts: &IndexOptions, report: &mut dyn FnMut(WatchEvent<'_>)) -> bool {
    catch_up(opts, report).is_ok()
}

/// Updates the index, reporting the outcome; the error as a message.
fn catch_up(
    opts: &IndexOptions,
    report: &mut dyn FnMut(WatchEvent<'_>),
) -> std::result::Result<(), String> {
    match update(opts) {
        Ok(summary) => {
            report(WatchEvent::Updated(&summary));
            Ok(())
        }
        Err(e) => {
            report(WatchEvent::Failed(&e));
            Err(e.to_string())
        }
    }
}

/// Answers a request: its `.done` twin holds `answer` (empty: fresh).
fn answer_request(request: &Path, answer: &str) {
    let Some(name) = request.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let done = request.with_file_name(format!("{name}{DONE_SUFFIX}"));
    let tmp = request.with_file_name(format!("{name}.tmp"));
    // Write then rename, so the search never reads a half-written answer.
    if std::fs::write(&tmp, answer).is_ok() {
        let _ = std::fs::rename(&tmp, &done);
    }
    let _ = std::fs::remove_file(request);
}

/// Removes request files left by searches that gave up or were killed.
fn clear_requests(index: &Path) {
    let Ok(entries) = std::fs::read_dir(index) else {
        return;
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(REQUEST_PREFIX))
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
