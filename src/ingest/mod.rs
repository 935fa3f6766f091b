//! The corpus: which files in a folder are documents, and how to read them.
//!
//! Walking honours `.gitignore`/`.ignore` files (through the `ignore` crate,
//! ripgrep's walker) and skips hidden files, the catalog and the index folder.
//! Reading never fails on content: invalid UTF-8 is repaired byte for byte so
//! that byte offsets still point into the file on disk, and a warning names the
//! first bad offset; UTF-16 files (with a byte-order mark) are decoded and
//! their passages' offsets mapped back to the file ([`crate::ingest::decode`]).
//! Each file is read by its format: plain text by [`crate::passage`],
//! Markdown by [`crate::ingest::markdown`], HTML by [`crate::ingest::html`], JSON Lines here.

pub mod catalog;
pub mod decode;
pub mod html;
pub mod markdown;

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::error::{Error, Result};
use crate::ingest::catalog::{CATALOG_FILE, Catalog};
use crate::ingest::decode::Encoding;
use crate::passage::blocks::DocInfo;
use crate::passage::{self, Passage, Split};

/// File extensions quarry reads as plain text.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "text"];
/// File extensions quarry reads as JSON Lines, one document per line.
pub const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];

/// How a file is read, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text ([`TEXT_EXTENSIONS`]).
    Text,
    /// Markdown ([`markdown::EXTENSIONS`]).
    Markdown,
    /// HTML ([`html::EXTENSIONS`]).
    Html,
    /// JSON Lines, one document per record ([`JSONL_EXTENSIONS`]).
    JsonLines,
}

impl Format {
    /// The format of a file named `path`, if quarry reads it.
    pub fn of(path: &str) -> Option<Format> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        let ext = ext.as_str();
        [
            (TEXT_EXTENSIONS, Format::Text),
            (markdown::EXTENSIONS, Format::Markdown),
            (html::EXTENSIONS, Format::Html),
            (JSONL_EXTENSIONS, Format::JsonLines),
        ]
        .into_iter()
        .find_map(|(exts, format)| exts.contains(&ext).then_some(format))
    }
}

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

/// Decodes file bytes as UTF-8 without moving any byte offset (see
/// [`crate::ingest::decode::decode_utf8`]).
pub fn decode(bytes: Vec<u8>) -> (String, Option<usize>) {
    crate::ingest::decode::decode_utf8(bytes)
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
    let decoded = crate::ingest::decode::decode(bytes);
    if let Some(offset) = decoded.first_bad {
        warnings.push(format!(
            "{}: invalid {} at byte {offset}; invalid bytes read as '?'",
            file.rel_path,
            decoded.encoding.name()
        ));
    }
    let text = decoded.text.as_str();
    let format = Format::of(&file.rel_path).unwrap_or(Format::Text);
    let (mut split, info) = match format {
        Format::JsonLines => return Ok((load_jsonl(&file.rel_path, text, warnings), content_hash)),
        Format::Text => (passage::split(text), DocInfo::default()),
        Format::Markdown => {
            let e = markdown::split(text);
            (e.split, e.info)
        }
        Format::Html => {
            let e = html::split(text);
            (e.split, e.info)
        }
    };
    if decoded.encoding != Encoding::Utf8 {
        for p in &mut split.passages {
            p.bytes = (
                decoded.file_offset(p.bytes.0),
                decoded.file_offset(p.bytes.1),
            );
        }
    }
    let doc = document(&file.rel_path, split, info, catalog, warnings);
    Ok((vec![doc], content_hash))
}

/// A document from a split file: metadata from the catalog first, then from
/// the file itself (front matter, `<meta>`), then guessed.
fn document(
    rel_path: &str,
    split: Split,
    info: DocInfo,
    catalog: &Catalog,
    warnings: &mut Vec<String>,
) -> Document {
    let entry = catalog.get(rel_path);
    let pick = |f: fn(&crate::ingest::catalog::Entry) -> &Option<String>| {
        entry
            .and_then(|e| f(e).clone())
            .filter(|s| !s.trim().is_empty())
    };
    let date = info.date.filter(|d| {
        let ok = crate::ingest::catalog::is_iso_date(d);
        if !ok {
            warnings.push(format!("{rel_path}: date '{d}' is not ISO 8601; ignored"));
        }
        ok
    });
    let title = pick(|e| &e.title)
        .or(info.title)
        .or(split.title_line.clone())
        .or_else(|| split.passages.first().map(|p| first_words(&p.text, 12)))
        .unwrap_or_else(|| file_stem(rel_path));
    let meta = DocMeta {
        id: pick(|e| &e.id).unwrap_or_else(|| strip_extension(rel_path)),
        path: rel_path.to_string(),
        title,
        author: pick(|e| &e.author).or(info.author),
        publisher: pick(|e| &e.publisher),
        date: pick(|e| &e.date).or(date),
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
            let ok = crate::ingest::catalog::is_iso_date(d);
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
