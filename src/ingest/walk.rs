//! Finding the documents in a corpus folder.
//!
//! Walking follows ripgrep's rules (through the `ignore` crate, ripgrep's
//! walker): `.ignore` files apply anywhere; `.gitignore` files, the
//! repository's `.git/info/exclude` and git's global excludes apply only
//! inside a git repository (a `.git` folder at or above the corpus folder),
//! parents' ignore files included; hidden files and folders are skipped.
//! [`WalkOptions::no_ignore`] and [`WalkOptions::hidden`] turn these off, as
//! ripgrep's `--no-ignore` and `--hidden` do; `.git` folders themselves are
//! never read. `--glob` filters apply on top, and the catalog and the index
//! folder are always left out. Only names, sizes and modification times are
//! read here: that is all the cheap change check needs.

use std::path::Path;
use std::time::UNIX_EPOCH;

use super::catalog::CATALOG_FILE;
use super::{Format, SourceFile};
use crate::error::{Error, Result};

/// Which files of the corpus folder a walk visits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WalkOptions {
    /// Only files matching these globs (ripgrep `--glob` rules; empty: all).
    pub globs: Vec<String>,
    /// Read no ignore file (`.gitignore`, `.ignore`, git's excludes).
    pub no_ignore: bool,
    /// Also visit hidden files and folders (names starting with `.`).
    pub hidden: bool,
}

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

/// Lists the documents under `corpus` that `opts` lets through (see
/// [`WalkOptions`] and [`overrides`]), leaving out `exclude` (the index
/// folder).
pub fn scan(corpus: &Path, exclude: Option<&Path>, opts: &WalkOptions) -> Result<Scan> {
    check_folder(corpus)?;
    let overrides = overrides(corpus, &opts.globs)?;
    let obey = !opts.no_ignore;
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    let mut scan = Scan::default();
    // Only folders are compared with the index folder: resolving every
    // file's path would cost a system call per file.
    let walker = ignore::WalkBuilder::new(corpus)
        .overrides(overrides)
        .hidden(!opts.hidden)
        .ignore(obey)
        .git_ignore(obey)
        .git_exclude(obey)
        .git_global(obey)
        .parents(obey)
        .require_git(true)
        .follow_links(true)
        .sort_by_file_path(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if is_dir && entry.depth() > 0 && entry.file_name() == ".git" {
                return false;
            }
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
                scan.skipped.push((String::new(), e.to_string()));
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

/// `path` relative to `base`, `/`-separated.
fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}
