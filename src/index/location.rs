//! Where an index lives when the user does not say: next to its corpus for
//! the shipped layout, else in a folder of the user's cache that belongs to
//! that corpus alone. Running quarry from another folder therefore never
//! replaces an index built from some other corpus.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::ingest;

/// The corpus folder used when none is given.
pub const DEFAULT_CORPUS: &str = "corpus";
/// A corpus folder with this name keeps its index in the sibling folder
/// [`SIBLING_INDEX`] (the repository's layout: `corpus/` and `index/`).
pub const SHIPPED_CORPUS_NAME: &str = "corpus";
/// The sibling index folder of a corpus named [`SHIPPED_CORPUS_NAME`].
pub const SIBLING_INDEX: &str = "index";
/// Environment variable naming the corpus folder (under `--corpus`).
pub const CORPUS_ENV: &str = "QUARRY_CORPUS";
/// Environment variable naming the index folder (under `--index`).
pub const INDEX_ENV: &str = "QUARRY_INDEX";

/// The index folder for `corpus` when none is given:
/// - `<corpus>/../index` when the corpus folder is named `corpus`;
/// - otherwise `<cache>/quarry/indexes/<name>-<hash>`, where `<cache>` is
///   `$XDG_CACHE_HOME` or `~/.cache`, `<name>` the corpus folder's name and
///   `<hash>` a hash of its absolute path.
pub fn default_index(corpus: &Path) -> Result<PathBuf> {
    let canonical = corpus.canonicalize().ok();
    // `.` or `..` have no name of their own: use the folder's real one.
    let named = match corpus.file_name() {
        Some(_) => Some(corpus.to_path_buf()),
        None => canonical.clone(),
    };
    if let Some(named) = &named
        && named.file_name().is_some_and(|n| n == SHIPPED_CORPUS_NAME)
    {
        let parent = named.parent().unwrap_or(Path::new(""));
        return Ok(parent.join(SIBLING_INDEX));
    }
    ingest::check_folder(corpus)?;
    let absolute = match canonical {
        Some(p) => p,
        None => std::path::absolute(corpus).map_err(|e| Error::io(corpus, e))?,
    };
    let root = cache_root().ok_or_else(|| {
        Error::Usage(format!(
            "no cache folder for the index of '{}': set XDG_CACHE_HOME or HOME, or pass --index DIR",
            corpus.display()
        ))
    })?;
    let name: String = absolute
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "root".into())
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let hash = blake3::hash(absolute.as_os_str().as_encoded_bytes()).to_hex();
    Ok(root.join(format!("{name}-{}", &hash[..16])))
}

/// `$XDG_CACHE_HOME/quarry/indexes`, or `~/.cache/quarry/indexes`.
pub fn cache_root() -> Option<PathBuf> {
    let nonempty = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    let base = match nonempty("XDG_CACHE_HOME") {
        Some(x) => PathBuf::from(x),
        None => PathBuf::from(nonempty("HOME")?).join(".cache"),
    };
    Some(base.join("quarry").join("indexes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_layout_keeps_the_sibling_index() {
        assert_eq!(
            default_index(Path::new("corpus")).ok(),
            Some(PathBuf::from("index"))
        );
        assert_eq!(
            default_index(Path::new("/a/b/corpus/")).ok(),
            Some(PathBuf::from("/a/b/index"))
        );
    }
}
