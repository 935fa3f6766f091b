//! The index schema and the one place an index is opened or created.
//!
//! Indexing and searching both go through [`open`] or [`create`], which
//! register the analyzer every time, so the two sides can never disagree on
//! how text becomes terms.

use std::path::{Path, PathBuf};

use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis;
use crate::error::{Error, Result};

/// Bumped whenever the schema or the analyzer changes what is on disk.
pub const SCHEMA_VERSION: u32 = 13;

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Stable passage id, stored only: a passage is found by its id
    /// through [`Fields::passage_key`] (as a term, each passage's unique id
    /// cost the term dictionary and the writer's term table one entry a
    /// passage).
    pub passage_id: Field,
    /// The passage id as a number, in a fast field ([`PASSAGE_KEY`]).
    pub passage_key: Field,
    /// Document path relative to the corpus folder (untokenized); the delete key.
    pub path: Field,
    /// Document id (untokenized).
    pub doc_id: Field,
    /// Document title (analysed, indexed with every passage, not stored:
    /// see [`Fields::title_value`]).
    pub title: Field,
    /// Author (analysed as the title is).
    pub author: Field,
    /// Publisher (analysed as the title is).
    pub publisher: Field,
    /// The title as stored: only on the document's first passage, the one
    /// whose [`Fields::meta_offset`] is 0 (as are the author, publisher,
    /// date and URL values).
    pub title_value: Field,
    /// The author as stored (first passage only).
    pub author_value: Field,
    /// The publisher as stored (first passage only).
    pub publisher_value: Field,
    /// How many passages before this one its document's first passage
    /// (the one holding the document's stored metadata) was added. A
    /// document's passages are added in one batch, so they sit next to each
    /// other in one segment, in order, and stay so through merges.
    pub meta_offset: Field,
    /// The date's year, year-month and full date (untokenized, not
    /// stored; see [`super::date::terms`]), so `date:2021` finds every
    /// document of 2021.
    pub date: Field,
    /// The ISO 8601 date as the catalog or file gives it (stored only, first passage only).
    pub date_value: Field,
    /// First day the date stands for, `YYYYMMDD` (for `--since`/`--until`).
    pub date_start: Field,
    /// Last day the date stands for, `YYYYMMDD`.
    pub date_end: Field,
    /// URL (stored only, first passage only).
    pub url: Field,
    /// Nearest heading (analysed).
    pub section: Field,
    /// Passage text (analysed, with positions for phrase queries).
    pub text: Field,
    /// Passage kind (`body`, `table`, … see
    /// [`crate::passage::PassageKind::name`]); untokenized, so `kind:table`
    /// matches exactly.
    pub kind: Field,
    /// Canonical keys of the figures the passage states (see
    /// [`crate::figures::Figure::keys`]); untokenized, not stored.
    pub figure: Field,
    /// The first 8 bytes of blake3 of the passage text ([`text_hash`]),
    /// indexed, so search finds a passage's copies (passages with the same
    /// text share it), and in a fast field ([`TEXT_HASH`]), so lean hits
    /// collapse copies without reading text. A number rather than a hex
    /// string: one unique term per passage costs the term dictionary far
    /// less as 8 bytes than as 32.
    pub text_hash: Field,
    /// Ordinal of the passage within its document.
    pub ordinal: Field,
    /// First source line, 1-based.
    pub line_start: Field,
    /// Last source line, 1-based, inclusive.
    pub line_end: Field,
    /// First source byte.
    pub byte_start: Field,
    /// One past the last source byte.
    pub byte_end: Field,
    /// First page of a PDF passage, 1-based (0: not a PDF).
    pub page_start: Field,
    /// Last page of a PDF passage, 1-based, inclusive (0: not a PDF).
    pub page_end: Field,
    /// The printed labels of the first and last page (two values), when
    /// the PDF defines page labels (stored only).
    pub page_label: Field,
}

/// The fast field holding a passage id (16 hex digits, see
/// [`crate::index::passage_id`]) as a number, so a hit's id is read
/// without its stored document.
pub const PASSAGE_KEY: &str = "passage_key";

/// The [`PASSAGE_KEY`] of a passage id (0 for one that is not 16 hex digits).
pub fn passage_key(passage_id: &str) -> u64 {
    u64::from_str_radix(passage_id, 16).unwrap_or(0)
}

/// The passage id whose [`PASSAGE_KEY`] is `key`: 16 lower-case hex
/// digits, as `format!("{key:016x}")` writes them, without the formatter
/// (every lean hit builds one).
pub fn passage_id_of_key(key: u64) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(16);
    for shift in (0..16).rev() {
        id.push(char::from(DIGITS[(key >> (shift * 4)) as usize & 0xf]));
    }
    id
}

/// Builds the schema. Ids, the path, lines and bytes are also fast fields,
/// so lean hits (`--fields`) and evaluation read no stored document.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(analysis::ANALYZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let analysed = TextOptions::default()
        .set_stored()
        .set_indexing_options(indexing.clone());
    let indexed_only = TextOptions::default().set_indexing_options(indexing);
    let fields = Fields {
        passage_id: b.add_text_field("passage_id", STORED),
        passage_key: b.add_u64_field(PASSAGE_KEY, FAST),
        path: b.add_text_field("path", STRING | STORED | FAST),
        doc_id: b.add_text_field("doc_id", STRING | STORED | FAST),
        title: b.add_text_field("title", indexed_only.clone()),
        author: b.add_text_field("author", indexed_only.clone()),
        publisher: b.add_text_field("publisher", indexed_only),
        title_value: b.add_text_field("title_value", STORED),
        author_value: b.add_text_field("author_value", STORED),
        publisher_value: b.add_text_field("publisher_value", STORED),
        meta_offset: b.add_u64_field("meta_offset", STORED),
        date: b.add_text_field("date", STRING),
        date_value: b.add_text_field("date_value", STORED),
        date_start: b.add_u64_field("date_start", INDEXED),
        date_end: b.add_u64_field("date_end", INDEXED),
        url: b.add_text_field("url", STORED),
        section: b.add_text_field("section", analysed.clone()),
        text: b.add_text_field("text", analysed),
        kind: b.add_text_field("kind", STRING | STORED),
        figure: b.add_text_field("figure", STRING),
        text_hash: b.add_u64_field(TEXT_HASH, INDEXED | FAST),
        ordinal: b.add_u64_field("ordinal", STORED | INDEXED),
        line_start: b.add_u64_field("line_start", STORED | FAST),
        line_end: b.add_u64_field("line_end", STORED | FAST),
        byte_start: b.add_u64_field("byte_start", STORED | FAST),
        byte_end: b.add_u64_field("byte_end", STORED | FAST),
        page_start: b.add_u64_field("page_start", STORED | FAST),
        page_end: b.add_u64_field("page_end", STORED | FAST),
        page_label: b.add_text_field("page_label", STORED),
    };
    (b.build(), fields)
}

/// Name of the fast field holding [`text_hash`].
pub const TEXT_HASH: &str = "text_hash";

/// The passage text's hash as a number (the first 8 bytes of blake3).
pub fn text_hash(text: &str) -> u64 {
    let bytes = blake3::hash(text.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&bytes.as_bytes()[..8]);
    u64::from_le_bytes(first)
}

/// An opened quarry index.
pub struct QuarryIndex {
    /// The tantivy index, with the analyzer registered.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
    /// The index folder.
    pub dir: PathBuf,
}

/// Checks that `dir` is a folder or does not exist yet.
pub fn check_dir(dir: &Path) -> Result<()> {
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => Err(Error::IndexNotDir(dir.to_path_buf())),
        _ => Ok(()),
    }
}

/// True when `dir` holds a tantivy index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Opens the index in `dir`, checking that its schema is the one this build writes.
pub fn open(dir: &Path) -> Result<QuarryIndex> {
    check_dir(dir)?;
    if !exists(dir) {
        return Err(Error::IndexMissing(dir.to_path_buf()));
    }
    let index = Index::open_in_dir(dir).map_err(|e| super::folder::damaged(dir, e))?;
    checked(dir, index)
}

/// Opens the index in `dir` for reading only, without taking tantivy's
/// meta lock (whose file a read-only folder does not let anyone create).
/// Only for a folder no writer can change.
pub fn open_read_only(dir: &Path) -> Result<QuarryIndex> {
    check_dir(dir)?;
    if !exists(dir) {
        return Err(Error::IndexMissing(dir.to_path_buf()));
    }
    let damaged = |e: &dyn std::fmt::Display| super::folder::damaged(dir, e);
    let mmap = tantivy::directory::MmapDirectory::open(dir).map_err(|e| damaged(&e))?;
    let index = Index::open(ReadOnlyDirectory(mmap)).map_err(|e| damaged(&e))?;
    checked(dir, index)
}

/// The opened `index` in `dir`, once its fields are this version's, with
/// the analyzer registered.
fn checked(dir: &Path, index: Index) -> Result<QuarryIndex> {
    let (expected, fields) = schema();
    if index.schema() != expected {
        return Err(Error::SchemaMismatch {
            path: dir.to_path_buf(),
            detail: format!("its fields differ from index format {SCHEMA_VERSION}"),
            ours: super::folder::is_marked(dir),
        });
    }
    analysis::register(&index);
    Ok(QuarryIndex {
        index,
        fields,
        dir: dir.to_path_buf(),
    })
}

/// A folder tantivy reads but never locks: see [`open_read_only`].
#[derive(Debug, Clone)]
struct ReadOnlyDirectory(tantivy::directory::MmapDirectory);

impl tantivy::Directory for ReadOnlyDirectory {
    fn get_file_handle(
        &self,
        path: &Path,
    ) -> std::result::Result<
        std::sync::Arc<dyn tantivy::directory::FileHandle>,
        tantivy::directory::error::OpenReadError,
    > {
        self.0.get_file_handle(path)
    }

    fn delete(
        &self,
        path: &Path,
    ) -> std::result::Result<(), tantivy::directory::error::DeleteError> {
        self.0.delete(path)
    }

    fn exists(
        &self,
        path: &Path,
    ) -> std::result::Result<bool, tantivy::directory::error::OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(
        &self,
        path: &Path,
    ) -> std::result::Result<tantivy::directory::WritePtr, tantivy::directory::error::OpenWriteError>
    {
        self.0.open_write(path)
    }

    fn atomic_read(
        &self,
        path: &Path,
    ) -> std::result::Result<Vec<u8>, tantivy::directory::error::OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(
        &self,
        _lock: &tantivy::directory::Lock,
    ) -> std::result::Result<tantivy::directory::DirectoryLock, tantivy::directory::error::LockError>
    {
        Ok(tantivy::directory::DirectoryLock::from(Box::new(())))
    }

    fn watch(
        &self,
        watch_callback: tantivy::directory::WatchCallback,
    ) -> tantivy::Result<tantivy::directory::WatchHandle> {
        self.0.watch(watch_callback)
    }
}

/// Creates an empty index in `dir` (which may exist and hold other files).
pub fn create(dir: &Path) -> Result<QuarryIndex> {
    check_dir(dir)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    super::folder::mark(dir)?;
    let (schema, fields) = schema();
    let index = Index::create_in_dir(dir, schema).map_err(|e| Error::from_tantivy(dir, e))?;
    analysis::register(&index);
    Ok(QuarryIndex {
        index,
        fields,
        dir: dir.to_path_buf(),
    })
}

/// The payload of the index's last commit (the manifest's token), or
/// `None` when there is no readable commit.
pub fn committed_payload(dir: &Path) -> Option<String> {
    let index = Index::open_in_dir(dir).ok()?;
    index.load_metas().ok()?.payload
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passage_ids_of_keys_are_sixteen_hex_digits() {
        for key in [
            0,
            1,
            0xf,
            0x10,
            0x38cc_5fef_6ae9_150a,
            u64::MAX - 1,
            u64::MAX,
        ] {
            let id = passage_id_of_key(key);
            assert_eq!(id, format!("{key:016x}"));
            assert_eq!(passage_key(&id), key);
        }
    }
}
