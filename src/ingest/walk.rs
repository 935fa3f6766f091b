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
//!
//! The corpus folder is a boundary: a symbolic link is followed only when
//! its target, resolved, stays inside the corpus folder (unless
//! [`WalkOptions::follow_outside`]). Anything that is not a regular file
//! (a FIFO, a device, a socket) is passed over.
//!
//! A file's relative path is its identity in the index. Names that are not
//! UTF-8 keep their bytes: each byte that is not part of valid UTF-8 is
//! written `\xNN`, and a backslash in such a name `\\`, so two names never
//! share a path ([`relative`], [`rel_to_path`]).

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
    /// Follow symbolic links whose target lies outside the corpus folder.
    pub follow_outside: bool,
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
    let root = corpus.canonicalize().map_err(|e| Error::io(corpus, e))?;
    let mut scan = Scan::default();
    let outside = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (seen, base) = (outside.clone(), corpus.to_path_buf());
    let follow_outside = opts.follow_outside;
    // Only folders and links are resolved: resolving every file's path
    // would cost a system call per file.
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
            if entry.depth() > 0 && entry.path_is_symlink() && !follow_outside {
                let inside = entry
                    .path()
                    .canonicalize()
                    .is_ok_and(|target| target.starts_with(&root));
                if !inside {
                    if let Ok(mut list) = seen.lock() {
                        list.push(relative(&base, entry.path()));
                    }
                    return false;
                }
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
            Ok(meta) if !meta.is_file() => {
                scan.skipped.push((rel_path, "not a regular file".into()));
            }
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
    let outside = outside.lock().map(|l| l.clone()).unwrap_or_default();
    for rel in outside {
        scan.skipped.push((
            rel,
            "a link to outside the corpus folder; not followed (use --follow-outside)".into(),
        ));
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

/// `path` relative to `base`, `/`-separated, with the bytes of names that
/// are not UTF-8 kept as `\xNN` (see the module docs).
pub fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| encode_name(c.as_os_str()))
        .collect();
    parts.join("/")
}

/// A file name as text: itself when it is UTF-8, otherwise with `\` as
/// `\\` and every byte outside valid UTF-8 as `\xNN`.
pub fn encode_name(name: &std::ffi::OsStr) -> String {
    if let Some(s) = name.to_str() {
        return s.to_string();
    }
    let bytes = name.as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// The path of the corpus file whose relative path is `rel` (see
/// [`relative`]).
pub fn rel_to_path(corpus: &Path, rel: &str) -> std::path::PathBuf {
    let mut path = corpus.to_path_buf();
    for part in rel.split('/') {
        let literal = path.join(part);
        if literal.exists() {
            path = literal;
        } else {
            path.push(decode_name(part));
        }
    }
    path
}

/// Inverse of [`encode_name`]. A UTF-8 name is returned as it is: a name
/// was escaped only when it was not UTF-8, and then it holds `\x`.
fn decode_name(part: &str) -> std::ffi::OsString {
    if !part.contains("\\x") {
        return part.into();
    }
    let b = part.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1) == Some(&b'\\') {
            out.push(b'\\');
            i += 2;
        } else if b[i] == b'\\'
            && b.get(i + 1) == Some(&b'x')
            && let Some(v) = part
                .get(i + 2..i + 4)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        std::ffi::OsString::from_vec(out)
    }
    #[cfg(not(unix))]
    {
        String::from_utf8_lossy(&out).into_owned().into()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn non_utf8_names_keep_their_bytes() {
        let a = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        let b = std::ffi::OsStr::from_bytes(b"caf\xe8.txt");
        assert_ne!(encode_name(a), encode_name(b));
        assert_eq!(encode_name(a), "caf\\xe9.txt");
        let back = rel_to_path(Path::new("c"), &encode_name(a));
        assert_eq!(back, Path::new("c").join(a));
        let odd = std::ffi::OsStr::from_bytes(b"a\\xe9\xff");
        assert_eq!(
            rel_to_path(Path::new(""), &encode_name(odd)),
            Path::new(odd)
        );
    }
}
