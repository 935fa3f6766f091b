//! Finding the documents in a corpus folder.
//!
//! Walking honours `.gitignore`/`.ignore` files (through the `ignore` crate,
//! ripgrep's walker), `--glob` filters, and skips hidden files, the catalog
//! and the index folder. Only names, sizes and modification times are read
//! here: that is all the cheap change check needs.

use std::path::Path;
use std::time::UNIX_EPOCH;

use super::catalog::CATALOG_FILE;
use super::{Format, SourceFile};
use crate::error::{Error, Result};

/// What a walk of the corpus folder found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Readable documents, sorted by relative path.
    pub files: Vec<SourceFile>,
    /// Files passed over, with the reason (unsupported type, unreadable).
    pub skipped: Vec<(String, String)>,
}

/// Checks that `corpus` is an existing folder.
pub fn check_folder(corpus: &Path) -> Result<()> {
    match std::fs::metadata(corpus) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(Error::CorpusNotDir(corpus.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(Error::CorpusMissing(corpus.to_path_buf()))
        }
        Err(e) => Err(Error::io(corpus, e)),
    }
}

/// Builds the file filter for `globs` (ripgrep's `--glob`: a file must
/// match one of the globs without `!`, and none with `!`; globs are relative
/// to `corpus`).
pub fn overrides(corpus: &Path, globs: &[String]) -> Result<ignore::overrides::Override> {
    let mut builder = ignore::overrides::OverrideBuilder::new(corpus);
    for glob in globs {
        builder
            .add(glob)
            .map_err(|e| Error::Usage(format!("invalid --glob '{glob}': {e}")))?;
    }
    builder
        .build()
        .map_err(|e| Error::Usage(format!("invalid --glob: {e}")))
}

/// Lists the documents under `corpus` that match `globs` (see
/// [`overrides`]; none means all), leaving out `exclude` (the index folder).
pub fn scan(corpus: &Path, exclude: Option<&Path>, globs: &[String]) -> Result<Scan> {
    check_folder(corpus)?;
    let overrides = overrides(corpus, globs)?;
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    let mut scan = Scan::default();
    // Only folders are compared with the index folder: resolving every
    // file's path would cost a system call per file.
    let walker = ignore::WalkBuilder::new(corpus)
        .overrides(overrides)
        .require_git(false)
        .follow_links(true)
        .sort_by_file_path(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !is_dir
                || exclude
                    .as_ref()
                    .is_none_or(|ex| entry.path().canonicalize().map_or(true, |p| &p != ex))
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                // Name the file or folder at fault (a symlink loop's link).
                let name = error_path(&e)
                    .map(|p| relative(corpus, p))
                    .unwrap_or_default();
                scan.skipped.push((name, e.to_string()));
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let rel_path = relative(corpus, path);
        if rel_path == CATALOG_FILE {
            continue;
        }
        if Format::of(&rel_path).is_none() {
            scan.skipped
                .push((rel_path, "unsupported file type".into()));
            continue;
        }
        match entry.metadata() {
            Ok(meta) => {
                let mtime_ns = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as u64);
                scan.files.push(SourceFile {
                    rel_path,
                    abs_path: path.to_path_buf(),
                    size: meta.len(),
                    mtime_ns,
                });
            }
            Err(e) => scan.skipped.push((rel_path, e.to_string())),
        }
    }
    Ok(scan)
}

/// The path a walk error is about, if it names one.
fn error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errs) => errs.iter().find_map(error_path),
        _ => None,
    }
}

/// `path` relative to `base`, `/`-separated.
fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}
