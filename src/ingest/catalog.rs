//! The corpus catalog: document metadata that the files themselves do not carry.
//!
//! A corpus folder may hold a `catalog.toml` with one `[[document]]` table per
//! file. Each entry names its `file` (relative to the corpus folder) and may
//! give `id`, `title`, `author`, `publisher`, `date` (ISO 8601: `2021`,
//! `2021-09` or `2021-09-24`), `url` and a free-form `note`. Documents without
//! an entry are still indexed, with a title taken from their first meaningful
//! line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result, Warning};

/// File name of the catalog inside a corpus folder.
pub const CATALOG_FILE: &str = "catalog.toml";

/// Metadata for one document, as written in the catalog.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Path of the document relative to the corpus folder, with `/` separators.
    pub file: String,
    /// Stable document id; defaults to the file's path without its extension.
    pub id: Option<String>,
    /// Document title.
    pub title: Option<String>,
    /// Author or authors, as they should be cited.
    pub author: Option<String>,
    /// Publisher or outlet.
    pub publisher: Option<String>,
    /// Publication date, ISO 8601 (year, year-month or full date).
    pub date: Option<String>,
    /// Where the document was published.
    pub url: Option<String>,
    /// Free-form remark (e.g. "sponsored content"); not indexed.
    pub note: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    #[serde(default)]
    document: Vec<Entry>,
}

/// The parsed catalog, keyed by relative file path.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    entries: HashMap<String, Entry>,
    /// Raw bytes of the catalog file, used to notice when it changes.
    pub fingerprint: String,
}

impl Catalog {
    /// Reads `<corpus>/catalog.toml`; a missing catalog is an empty one.
    ///
    /// Warnings (for example an invalid date, which is then dropped) are
    /// pushed to `warnings`.
    pub fn load(corpus: &Path, warnings: &mut Vec<Warning>) -> Result<Catalog> {
        let path = corpus.join(CATALOG_FILE);
        let raw = match std::fs::read_to_string(&path) {
            Ok(raw) => raw,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Catalog::default()),
            Err(e) => return Err(Error::io(path, e)),
        };
        Catalog::parse(&raw, &path, warnings)
    }

    /// Parses catalog text; `path` is only used in messages.
    pub fn parse(raw: &str, path: &Path, warnings: &mut Vec<Warning>) -> Result<Catalog> {
        let file: CatalogFile = toml::from_str(raw).map_err(|e| Error::Catalog {
            path: PathBuf::from(path),
            message: e.message().to_string(),
        })?;
        let mut entries = HashMap::new();
        for mut entry in file.document {
            if let Some(date) = &entry.date
                && !is_iso_date(date)
            {
                warnings.push(Warning::file(
                    path.display().to_string(),
                    format!(
                        "date '{}' of '{}' is not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD); ignored",
                        date, entry.file
                    ),
                ));
                entry.date = None;
            }
            let key = entry.file.replace('\\', "/");
            if entries.insert(key.clone(), entry).is_some() {
                warnings.push(Warning::file(
                    path.display().to_string(),
                    format!("'{key}' is listed twice; the last entry wins"),
                ));
            }
        }
        Ok(Catalog {
            entries,
            fingerprint: blake3::hash(raw.as_bytes()).to_hex().to_string(),
        })
    }

    /// The entry for a document, by its path relative to the corpus folder.
    pub fn get(&self, rel_path: &str) -> Option<&Entry> {
        self.entries.get(rel_path)
    }

    /// Every entry, in no particular order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values()
    }
}

/// True for `YYYY`, `YYYY-MM` and `YYYY-MM-DD` with plausible month and day.
pub fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let in_range =
        |p: &str, lo: u32, hi: u32| p.parse::<u32>().is_ok_and(|v| (lo..=hi).contains(&v));
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && in_range(m, 1, 12),
        [y, m, d] => {
            digits(y, 4) && digits(m, 2) && digits(d, 2) && in_range(m, 1, 12) && in_range(d, 1, 31)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        for ok in ["2021", "2021-09", "2021-09-24", "1999-12-31"] {
            assert!(is_iso_date(ok), "{ok}");
        }
        for bad in [
            "21",
            "2021-9",
            "2021-13",
            "2021-09-32",
            "Jul 19,2022",
            "",
            "2021-09-24-1",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }

    #[test]
    fn parse_catalog_and_drop_bad_date() {
        let raw = r#"
[[document]]
file = "a.txt"
title = "A"
date = "2021-09-24"

[[document]]
file = "b.txt"
date = "last year"
"#;
        let mut warnings = Vec::new();
        let cat = Catalog::parse(raw, Path::new("catalog.toml"), &mut warnings).unwrap();
        assert_eq!(cat.get("a.txt").unwrap().title.as_deref(), Some("A"));
        assert_eq!(cat.get("b.txt").unwrap().date, None);
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn unknown_key_is_an_error() {
        let raw = "[[document]]\nfile = \"a.txt\"\ntitel = \"typo\"\n";
        let err = Catalog::parse(raw, Path::new("c.toml"), &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("titel"), "{err}");
    }
}
