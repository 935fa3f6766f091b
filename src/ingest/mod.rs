//! Ingest: finding the documents in a folder and reading them.
//!
//! This stage owns everything about source files: which files in a folder
//! are documents ([`walk`]), how their bytes become text without losing
//! track of byte offsets ([`decode`]), the metadata people keep beside them
//! ([`catalog`]), and the structure of formats that have one — JSON Lines
//! records ([`jsonl`]), Markdown ([`markdown`]) and HTML ([`html`]), read
//! into [`markup`] blocks. It hands the passage stage decoded text and
//! blocks, and the index stage [`SourceFile`]s and [`DocMeta`]. Before a
//! file is decoded, [`sniff`] decides whether it is binary (skipped) and
//! which encoding an HTML file declares. It imports nothing from later
//! stages.

pub mod catalog;
pub mod chrome;
pub mod decode;
pub mod html;
pub mod jsonl;
pub mod markdown;
pub mod markup;
pub mod pdf;
pub mod sniff;
pub mod title;
pub mod walk;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
pub use walk::{Scan, WalkOptions, check_folder, overrides, rel_to_path, scan};

/// File extensions quarry reads as plain text.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "text"];
/// File extensions quarry reads as JSON Lines, one document per line.
pub const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];
/// File extensions quarry reads as PDF.
pub const PDF_EXTENSIONS: &[&str] = &["pdf"];
/// Names (before any extension, case-insensitive) of the text files that
/// projects and packages ship; with an extension quarry does not otherwise
/// read (`README.Debian`, `LICENSE.MIT`, `COPYING.LIB`) they are plain text.
pub const TEXT_NAMES: &[&str] = &[
    "readme",
    "license",
    "licence",
    "copying",
    "copyright",
    "changelog",
    "changes",
    "news",
    "authors",
    "contributors",
    "credits",
    "thanks",
    "notice",
    "patents",
    "install",
    "history",
    "todo",
];
/// Extensions never read as text, even after a name in [`TEXT_NAMES`]
/// (`changelog.Debian.gz`).
const NOT_TEXT_EXTENSIONS: &[&str] = &[
    "gz", "bz2", "xz", "zst", "lz", "lzma", "z", "zip", "tar", "7z", "pdf", "png", "jpg", "jpeg",
    "gif", "ico", "svg", "webp",
];

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
    /// PDF ([`PDF_EXTENSIONS`]), read by [`pdf`].
    Pdf,
}

impl Format {
    /// The format of a file named `path`, if quarry reads it: by its
    /// extension; a name without one (`LICENSE`, `copyright`) and a
    /// [`TEXT_NAMES`] name with an unknown one (`README.Debian`) are plain
    /// text (binary files among them are skipped when read). Names starting
    /// with a dot (`.gitignore`) are not documents.
    pub fn of(path: &str) -> Option<Format> {
        let name = path.rsplit('/').next().unwrap_or(path);
        if name.starts_with('.') {
            return None;
        }
        let Some((stem, ext)) = name.split_once('.') else {
            return Some(Format::Text);
        };
        let ext = name.rsplit_once('.').map_or(ext, |(_, e)| e);
        let ext = ext.to_ascii_lowercase();
        let ext = ext.as_str();
        [
            (TEXT_EXTENSIONS, Format::Text),
            (markdown::EXTENSIONS, Format::Markdown),
            (html::EXTENSIONS, Format::Html),
            (JSONL_EXTENSIONS, Format::JsonLines),
            (PDF_EXTENSIONS, Format::Pdf),
        ]
        .into_iter()
        .find_map(|(exts, format)| exts.contains(&ext).then_some(format))
        .or_else(|| {
            let known = TEXT_NAMES.contains(&stem.to_ascii_lowercase().as_str());
            (known && !NOT_TEXT_EXTENSIONS.contains(&ext)).then_some(Format::Text)
        })
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

/// A file's content: its hash and its decoded text.
#[derive(Debug, Clone)]
pub struct Contents {
    /// blake3 of the bytes on disk, hex.
    pub hash: String,
    /// The text, with the way back to file offsets; `None` when the file
    /// looks binary ([`sniff::looks_binary`]) and was not decoded.
    pub decoded: Option<decode::Decoded>,
}

/// Bytes read beyond the size a file had when it was opened (it may grow
/// while being read); more is left for the next run.
const READ_MARGIN: u64 = 1024 * 1024;

/// Reads the regular file at `path`, checking on the opened handle (not
/// the path, which may have changed since the walk) that it is a regular
/// file outside the kernel's pseudo file systems; FIFOs are opened without
/// blocking, and no more than the file's size (plus a margin) is read.
pub fn read_regular(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: opening a FIFO with no writer returns at once.
        #[cfg(any(target_os = "linux", target_os = "android"))]
        options.custom_flags(0o4000);
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        options.custom_flags(0x0004);
    }
    let file = options.open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    let refuse = |why: &str| Error::io(path, std::io::Error::other(why.to_string()));
    if !meta.is_file() {
        return Err(refuse(
            "not a regular file (a FIFO, device or socket); not read",
        ));
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        if let Ok(real) = std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd()))
            && ["/proc", "/sys", "/dev"]
                .iter()
                .any(|p| real.starts_with(p))
        {
            return Err(refuse(
                "a file of the system's pseudo file systems; not read",
            ));
        }
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).min(1 << 30));
    file.take(meta.len().saturating_add(READ_MARGIN))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    Ok(bytes)
}

/// Reads and decodes `file`.
pub fn read(file: &SourceFile) -> Result<Contents> {
    let bytes = read_regular(&file.abs_path)?;
    let hash = blake3::hash(&bytes).to_hex().to_string();
    Ok(Contents {
        hash,
        decoded: decode_file(&file.rel_path, bytes),
    })
}

/// Decodes the bytes of the file `rel`, honouring the charset an HTML file
/// declares; `None` when they look binary.
fn decode_file(rel: &str, bytes: Vec<u8>) -> Option<decode::Decoded> {
    if sniff::looks_binary(&bytes) {
        return None;
    }
    let declared = match Format::of(rel) {
        Some(Format::Html) => sniff::declared_charset(&bytes),
        _ => None,
    };
    Some(decode::decode_declared(bytes, declared))
}

/// Reads and decodes the file `rel` of the folder `corpus`, or `None` when
/// it cannot be read (or is binary, or a PDF, whose text is not its bytes).
pub fn read_decoded(corpus: &Path, rel: &str) -> Option<decode::Decoded> {
    if Format::of(rel) == Some(Format::Pdf) {
        return None;
    }
    let bytes = read_regular(&rel_to_path(corpus, rel)).ok()?;
    decode_file(rel, bytes)
}

/// `rel` without its file extension (the default document id).
pub fn strip_extension(rel: &str) -> String {
    match rel.rfind('.') {
        Some(dot) if dot > rel.rfind('/').map_or(0, |s| s + 1) => rel[..dot].to_string(),
        _ => rel.to_string(),
    }
}

/// The file name of `rel` without folders or extension.
pub fn file_stem(rel: &str) -> String {
    let id = strip_extension(rel);
    id.rsplit('/').next().unwrap_or(&id).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_stems() {
        assert_eq!(strip_extension("a/b.c/d.txt"), "a/b.c/d");
        assert_eq!(strip_extension("a.b/readme"), "a.b/readme");
        assert_eq!(file_stem("x/y/2021-report.txt"), "2021-report");
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::of("a/b.TXT"), Some(Format::Text));
        assert_eq!(Format::of("x.md"), Some(Format::Markdown));
        assert_eq!(Format::of("x.htm"), Some(Format::Html));
        assert_eq!(Format::of("x.ndjson"), Some(Format::JsonLines));
        assert_eq!(Format::of("x.PDF"), Some(Format::Pdf));
        assert_eq!(Format::of("README"), Some(Format::Text));
        assert_eq!(Format::of("debian/copyright"), Some(Format::Text));
        assert_eq!(Format::of("doc/README.Debian"), Some(Format::Text));
        assert_eq!(Format::of("LICENSE-MIT"), Some(Format::Text));
        assert_eq!(Format::of("doc/changelog.Debian.gz"), None);
        assert_eq!(Format::of("picture.png"), None);
        assert_eq!(Format::of("a/.gitignore"), None);
        assert_eq!(Format::of("LICENSE.md"), Some(Format::Markdown));
    }
}
