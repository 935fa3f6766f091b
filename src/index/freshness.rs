//! Whether an index still reflects its corpus, judged without reading files.
//!
//! The check compares the corpus folder's file names, sizes and
//! modification times (and the catalog) with the manifest; a search runs
//! it before answering, and brings the index up to date when it fails.

use std::collections::HashSet;
use std::path::Path;

use super::IndexOptions;
use super::manifest::Manifest;
use super::schema::{self, SCHEMA_VERSION};
use crate::error::Result;
use crate::ingest::{self, catalog::Catalog};

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

/// Compares the corpus of `opts` (the files its globs and link rules
/// select) with the index manifest using names, sizes and modification
/// times only (no file is read except the catalog).
pub fn freshness(opts: &IndexOptions) -> Result<Freshness> {
    let (corpus, index) = (opts.corpus.as_path(), opts.index.as_path());
    ingest::check_folder(corpus)?;
    schema::check_dir(index)?;
    if !schema::exists(index) {
        return Ok(Freshness::Missing);
    }
    let Some(manifest) = Manifest::load(index) else {
        return Ok(Freshness::Stale("the index has no manifest".into()));
    };
    if let Some(why) = manifest.inconsistency(index) {
        return Ok(Freshness::Stale(why));
    }
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
    let scan = ingest::scan(corpus, Some(index), &opts.walk)?;
    let mut changed = 0usize;
    for file in &scan.files {
        if manifest.settled(file).is_none() {
            changed += 1;
        }
    }
    let present: HashSet<&str> = scan.files.iter().map(|f| f.rel_path.as_str()).collect();
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

/// The canonical form of `path` as the manifest records it.
pub(super) fn canonical(path: &Path) -> String {
    path.canonicalize()
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}
