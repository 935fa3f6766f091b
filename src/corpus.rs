//! The corpus: which files in a folder are documents, and how to read them.
//!
//! Walking honours `.gitignore`/`.ignore` files (through the `ignore` crate,
//! ripgrep's walker) and skips hidden files, the catalog and the index folder.
//! Reading never fails on content: invalid UTF-8 is repaired byte for byte so
//! that byte offsets still point into the file on disk, and a warning names the
//! first bad offset.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::catalog::{CATALOG_FILE, Catalog};
use crate::error::{Error, Result};
use crate::passage::{self, Passage};

/// File extensions quarry reads as plain text.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown"];
/// File extensions quarry reads as JSON Lines, one document per line.
pub const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];

/// A file found in the corpus folder, with what the cheap change check needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the corpus folder, `/`-separated.
    pub rel_path: String,
    /// Path to open.
    pub abs_path: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 when unknown).
    pub mtime_ns: u64,
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

/// Lists the documents under `corpus`, leaving out `exclude` (the index folder).
pub fn scan(corpus: &Path, exclude: Option<&Path>) -> Result<Scan> {
    check_folder(corpus)?;
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    let mut scan = Scan::default();
    // Only folders are compared with the index folder: resolving every
    // file's path would cost a system call per file.
    let walker = ignore::WalkBuilder::new(corpus)
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
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .unwrap_or_default();
        if !TEXT_EXTENSIONS.contains(&ext.as_str()) && !JSONL_EXTENSIONS.contains(&ext.as_str()) {
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

fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Document-level metadata, as search results report it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocMeta {
    /// Stable document id.
    pub id: String,
    /// Path relative to the corpus folder.
    pub path: String,
    /// Title (from the catalog, else the first meaningful line, else the file name).
    pub title: String,
    /// Author, when known.
    pub author: Option<String>,
    /// Publisher, when known.
    pub publisher: Option<String>,
    /// ISO 8601 date, when known.
    pub date: Option<String>,
    /// URL, when known.
    pub url: Option<String>,
}

/// A document read and split, ready to index.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its metadata.
    pub meta: DocMeta,
    /// Its passages.
    pub passages: Vec<Passage>,
}

/// Decodes file bytes as UTF-8 without moving any byte offset.
///
/// A leading UTF-8 byte-order mark is kept (the splitter skips it). Each byte
/// of an invalid sequence becomes `?`, so the text has exactly the file's
/// length and every offset still points into the file. Returns the offset of
/// the first invalid byte, if any.
pub fn decode(bytes: Vec<u8>) -> (String, Option<usize>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let mut bytes = e.into_bytes();
            let mut first_bad = None;
            let mut pos = 0;
            while pos < bytes.len() {
                match std::str::from_utf8(&bytes[pos..]) {
                    Ok(_) => break,
                    Err(err) => {
                        let bad_at = pos + err.valid_up_to();
                        let bad_len = err.error_len().unwrap_or(bytes.len() - bad_at);
                        first_bad.get_or_insert(bad_at);
                        for b in &mut bytes[bad_at..bad_at + bad_len] {
                            *b = b'?';
                        }
                        pos = bad_at + bad_len;
                    }
                }
            }
            // Every invalid byte is now ASCII, so this cannot fail; fall back
            // to a lossy copy rather than trust that reasoning with a panic.
            let text = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            (text, first_bad)
        }
    }
}

/// Reads and splits one file: a text file is one document, a JSON Lines file
/// one document per record. Warnings go to `warnings`.
pub fn load(
    file: &SourceFile,
    catalog: &Catalog,
    warnings: &mut Vec<String>,
) -> Result<(Vec<Document>, String)> {
    let bytes = std::fs::read(&file.abs_path).map_err(|e| Error::io(&file.abs_path, e))?;
    let content_hash = blake3::hash(&bytes).to_hex().to_string();
    let (text, bad) = decode(bytes);
    if let Some(offset) = bad {
        warnings.push(format!(
            "{}: invalid UTF-8 at byte {offset}; invalid bytes read as '?'",
            file.rel_path
        ));
    }
    let is_jsonl = file
        .rel_path
        .rsplit_once('.')
        .is_some_and(|(_, ext)| JSONL_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()));
    let docs = if is_jsonl {
        load_jsonl(&file.rel_path, &text, warnings)
    } else {
        vec![load_text(&file.rel_path, &text, catalog)]
    };
    Ok((docs, content_hash))
}

fn load_text(rel_path: &str, text: &str, catalog: &Catalog) -> Document {
    let split = passage::split(text);
    let entry = catalog.get(rel_path);
    let pick = |f: fn(&crate::catalog::Entry) -> &Option<String>| {
        entry
            .and_then(|e| f(e).clone())
            .filter(|s| !s.trim().is_empty())
    };
    let title = pick(|e| &e.title)
        .or(split.title_line.clone())
        .or_else(|| split.passages.first().map(|p| first_words(&p.text, 12)))
        .unwrap_or_else(|| file_stem(rel_path));
    let meta = DocMeta {
        id: pick(|e| &e.id).unwrap_or_else(|| strip_extension(rel_path)),
        path: rel_path.to_string(),
        title,
        author: pick(|e| &e.author),
        publisher: pick(|e| &e.publisher),
        date: pick(|e| &e.date),
        url: pick(|e| &e.url),
    };
    Document {
        meta,
        passages: split.passages,
    }
}

/// A JSON Lines record. `_id` (BEIR) is accepted for `id`; ids may be numbers.
#[derive(serde::Deserialize)]
struct Record {
    #[serde(alias = "_id")]
    id: Option<serde_json::Value>,
    title: Option<String>,
    text: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
    date: Option<String>,
    url: Option<String>,
}

/// One document per JSON Lines record. A passage's `lines` are the record's
/// line (both ends) and its `bytes` are offsets into the record's `text`.
fn load_jsonl(rel_path: &str, text: &str, warnings: &mut Vec<String>) -> Vec<Document> {
    let mut docs = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line_no = i as u32 + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let record: Record = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                warnings.push(format!(
                    "{rel_path}:{line_no}: malformed record skipped ({e})"
                ));
                continue;
            }
        };
        let Some(body) = record.text else {
            warnings.push(format!(
                "{rel_path}:{line_no}: record has no \"text\"; skipped"
            ));
            continue;
        };
        let id = match record.id {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => format!("{}#{line_no}", strip_extension(rel_path)),
        };
        let mut passages = passage::split(&body).passages;
        for p in &mut passages {
            p.lines = (line_no, line_no);
        }
        let date = record.date.filter(|d| {
            let ok = crate::catalog::is_iso_date(d);
            if !ok {
                warnings.push(format!(
                    "{rel_path}:{line_no}: date '{d}' is not ISO 8601; ignored"
                ));
            }
            ok
        });
        let title = record
            .title
            .filter(|t| !t.trim().is_empty())
            .or_else(|| passages.first().map(|p| first_words(&p.text, 12)))
            .unwrap_or_else(|| id.clone());
        docs.push(Document {
            meta: DocMeta {
                id,
                path: rel_path.to_string(),
                title,
                author: record.author,
                publisher: record.publisher,
                date,
                url: record.url,
            },
            passages,
        });
    }
    docs
}

fn strip_extension(rel: &str) -> String {
    match rel.rfind('.') {
        Some(dot) if dot > rel.rfind('/').map_or(0, |s| s + 1) => rel[..dot].to_string(),
        _ => rel.to_string(),
    }
}

fn file_stem(rel: &str) -> String {
    let id = strip_extension(rel);
    id.rsplit('/').next().unwrap_or(&id).to_string()
}

fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().take(n + 1).collect();
    if words.len() > n {
        format!("{}…", words[..n].join(" "))
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_keeps_offsets() {
        let (text, bad) = decode(b"ab\xffcd\xe2\x82".to_vec());
        assert_eq!(text, "ab?cd??");
        assert_eq!(bad, Some(2));
        let (text, bad) = decode("héllo".as_bytes().to_vec());
        assert_eq!((text.as_str(), bad), ("héllo", None));
    }

    #[test]
    fn ids_and_stems() {
        assert_eq!(strip_extension("a/b.c/d.txt"), "a/b.c/d");
        assert_eq!(strip_extension("a.b/readme"), "a.b/readme");
        assert_eq!(file_stem("x/y/2021-report.txt"), "2021-report");
    }
}
