//! The index folder: which files in it are quarry's, and where it may be.
//!
//! quarry deletes only files it can prove are its own. Every index folder
//! it creates holds a marker file, [`MARKER_FILE`]; the files it owns are
//! the ones it names itself (the manifest, the marker, tantivy's `meta.json`,
//! `.managed.json` and lock files) and the ones tantivy lists in
//! `.managed.json` or as segments in `meta.json`. No file is ever judged
//! by the shape of its name, so a hash-named photo in the same folder is
//! never touched.
//!
//! The folder must not be the corpus or inside it, and an existing folder
//! that holds other files and no marker is not taken over.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Name of the manifest file inside the index folder (see
/// [`super::manifest`]).
pub const MANIFEST_FILE: &str = "quarry-manifest.json";

/// Files that keep an otherwise empty folder in version control; a folder
/// holding only these may become an index folder (see [`check_location`]).
const PLACEHOLDERS: &[&str] = &[".gitkeep", ".keep", "README", "README.md", "README.txt"];

/// Marker file quarry writes into every index folder it creates.
pub const MARKER_FILE: &str = ".quarry-index";

/// What the marker file says.
const MARKER_TEXT: &str = "This folder is a quarry index. quarry deletes only the files it lists \
in quarry-manifest.json, meta.json and .managed.json.\n";

/// The watcher's lock and description, inside the index folder.
pub const WATCH_FILE: &str = "quarry-watch.lock";
/// Prefix of the request files searches create in the index folder.
pub(super) const REQUEST_PREFIX: &str = "quarry-sync-";
/// Suffix of a request once the watcher answered it.
pub(super) const DONE_SUFFIX: &str = ".done";

/// Whether `name` is one of the watcher's files in the index folder: its
/// lock, or a search's request, answer or answer being written.
pub fn is_watch_file(name: &str) -> bool {
    name == WATCH_FILE
        || name.strip_prefix(REQUEST_PREFIX).is_some_and(|rest| {
            let id = rest
                .strip_suffix(".tmp")
                .or_else(|| rest.strip_suffix(DONE_SUFFIX))
                .unwrap_or(rest);
            !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        })
}

/// Files quarry or tantivy write under fixed names.
const NAMED: &[&str] = &[
    "meta.json",
    ".managed.json",
    ".tantivy-meta.lock",
    ".tantivy-writer.lock",
    MANIFEST_FILE,
    MARKER_FILE,
];

/// Whether quarry created the folder `dir` (it holds the marker).
pub fn is_marked(dir: &Path) -> bool {
    dir.join(MARKER_FILE).is_file()
}

/// The [`Error::Damaged`] for the index at `dir`.
pub fn damaged(dir: &Path, detail: impl std::fmt::Display) -> Error {
    Error::Damaged {
        path: dir.to_path_buf(),
        detail: detail.to_string(),
        ours: is_marked(dir),
    }
}

/// Runs `f`, which reads the index at `dir`, turning a panic inside it and
/// any tantivy error into [`Error::Damaged`]: a corrupted segment file
/// must give the "damaged" message, not a crash.
pub fn guard<T>(dir: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let was = crate::error::set_guarded(true);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    crate::error::set_guarded(was);
    match result {
        Ok(Err(Error::Tantivy(e))) => Err(damaged(dir, e)),
        Ok(other) => other,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unreadable data".into());
            Err(damaged(dir, format!("reading it failed: {what}")))
        }
    }
}

/// Writes the marker into `dir`.
pub fn mark(dir: &Path) -> Result<()> {
    let path = dir.join(MARKER_FILE);
    if path.is_file() {
        return Ok(());
    }
    std::fs::write(&path, MARKER_TEXT).map_err(|e| Error::io(&path, e))
}

/// The names of the files in `dir` that quarry or tantivy wrote: the fixed
/// names, the pending manifest, every file `.managed.json` lists, and
/// every file of a segment `meta.json` lists.
pub fn owned_files(dir: &Path) -> BTreeSet<OsString> {
    let mut owned: BTreeSet<OsString> = NAMED.iter().map(OsString::from).collect();
    owned.insert(format!("{MANIFEST_FILE}.next").into());
    owned.extend(watch_files(dir));
    if let Ok(raw) = std::fs::read(dir.join(".managed.json"))
        && let Ok(names) = serde_json::from_slice::<Vec<String>>(&raw)
    {
        owned.extend(names.into_iter().map(OsString::from));
    }
    let segments = segment_ids(dir);
    if !segments.is_empty()
        && let Ok(entries) = std::fs::read_dir(dir)
    {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(text) = name.to_str() else { continue };
            let stem = text.split('.').next().unwrap_or_default();
            if segments.contains(stem) {
                owned.insert(name);
            }
        }
    }
    owned
}

/// The files of `quarry watch` in `dir`: its lock, and the requests
/// searches leave for it (see [`super::watch`]). They are quarry's, but
/// [`wipe`] leaves them to the watcher, which may be running.
fn watch_files(dir: &Path) -> Vec<OsString> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n.to_str().is_some_and(is_watch_file))
        .collect()
}

/// The ids (32 hex digits, as in file names) of the segments `meta.json`
/// lists; empty when it cannot be read.
pub fn segment_ids(dir: &Path) -> BTreeSet<String> {
    let Ok(raw) = std::fs::read(dir.join("meta.json")) else {
        return BTreeSet::new();
    };
    let Ok(meta) = serde_json::from_slice::<serde_json::Value>(&raw) else {
        return BTreeSet::new();
    };
    meta.get("segments")
        .and_then(|s| s.as_array())
        .map(|segments| {
            segments
                .iter()
                .filter_map(|s| s.get("segment_id")?.as_str())
                .map(|id| id.replace('-', ""))
                .collect()
        })
        .unwrap_or_default()
}

/// Files in `dir` that are not quarry's (see [`owned_files`]).
pub fn foreign_files(dir: &Path) -> Vec<OsString> {
    let owned = owned_files(dir);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| !owned.contains(n))
        .collect()
}

/// Removes quarry's and tantivy's files from `dir` (see [`owned_files`]),
/// and nothing else.
pub fn wipe(dir: &Path) -> Result<()> {
    let owned = owned_files(dir);
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let watchers = name.to_str().is_some_and(is_watch_file);
        if name == MARKER_FILE || watchers || !owned.contains(&name) {
            continue;
        }
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}

/// Files tantivy manages in `dir` that no segment of the last commit uses:
/// what a run that failed (a full disk, a kill) left behind. Each is listed
/// in `.managed.json`, so it is provably tantivy's.
pub fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let Ok(raw) = std::fs::read(dir.join(".managed.json")) else {
        return Vec::new();
    };
    let Ok(names) = serde_json::from_slice::<Vec<String>>(&raw) else {
        return Vec::new();
    };
    if !dir.join("meta.json").is_file() {
        return Vec::new();
    }
    let segments = segment_ids(dir);
    names
        .into_iter()
        .filter(|n| !NAMED.contains(&n.as_str()))
        .filter(|n| !segments.contains(n.split('.').next().unwrap_or_default()))
        .map(|n| dir.join(n))
        .filter(|p| p.is_file())
        .collect()
}

/// `path` made absolute and canonical as far as it exists (the rest
/// appended), so that a folder not yet created can be compared too.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canon) = existing.canonicalize() {
            let mut out = canon;
            out.extend(rest.iter().rev());
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Checks that `index` may hold quarry's index for `corpus`: it is not the
/// corpus folder nor inside it, and if it exists it is empty, marked as
/// quarry's, or holds only quarry's files.
pub fn check_location(corpus: &Path, index: &Path) -> Result<()> {
    let corpus_at = resolve(corpus);
    let index_at = resolve(index);
    if index_at == corpus_at {
        return Err(Error::Location(format!(
            "the index folder '{}' is the corpus folder; give --index a folder of its own",
            index.display()
        )));
    }
    if index_at.starts_with(&corpus_at) {
        return Err(Error::Location(format!(
            "the index folder '{}' is inside the corpus folder '{}'; give --index a folder outside it",
            index.display(),
            corpus.display()
        )));
    }
    if !index.is_dir() || is_marked(index) {
        return Ok(());
    }
    // A folder kept in version control by a placeholder (`.gitkeep`, a
    // README saying what the folder is for) counts as empty: quarry writes
    // beside the placeholder and, owning only what it lists, never deletes it.
    let foreign: Vec<OsString> = foreign_files(index)
        .into_iter()
        .filter(|name| !PLACEHOLDERS.iter().any(|p| name == p))
        .collect();
    if let Some(first) = foreign.first() {
        return Err(Error::Location(format!(
            "'{}' holds files quarry did not write (such as '{}') and no {MARKER_FILE} marker; \
             give --index an empty or new folder",
            index.display(),
            crate::text::escape_control(&first.to_string_lossy())
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_files_are_owned() {
        let dir = tempfile::tempdir().expect("tempdir");
        let hashed = "0123456789abcdef0123456789abcdef.jpg";
        std::fs::write(dir.path().join(hashed), "photo").expect("write");
        std::fs::write(dir.path().join("meta.json"), "{}").expect("write");
        let owned = owned_files(dir.path());
        assert!(owned.contains(&OsString::from("meta.json")));
        assert!(!owned.contains(&OsString::from(hashed)));
        wipe(dir.path()).expect("wipe");
        assert!(dir.path().join(hashed).is_file());
        assert!(!dir.path().join("meta.json").exists());
    }
}
