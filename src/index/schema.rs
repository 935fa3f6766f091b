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
pub const SCHEMA_VERSION: u32 = 4;

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Stable passage id (untokenized).
    pub passage_id: Field,
    /// The passage id as a number, in a fast field ([`PASSAGE_KEY`]).
    pub passage_key: Field,
    /// Document path relative to the corpus folder (untokenized); the delete key.
    pub path: Field,
    /// Document id (untokenized).
    pub doc_id: Field,
    /// Document title (analysed).
    pub title: Field,
    /// Author (analysed).
    pub author: Field,
    /// Publisher (analysed).
    pub publisher: Field,
    /// ISO 8601 date (untokenized, so `date:2021-09-24` matches exactly).
    pub date: Field,
    /// URL (stored only).
    pub url: Field,
    /// Nearest heading (analysed).
    pub section: Field,
    /// Passage text (analysed, with positions for phrase queries).
    pub text: Field,
    /// Canonical keys of the figures the passage states (see
    /// [`crate::figures::Figure::keys`]); untokenized, not stored.
    pub figure: Field,
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
}

/// The fast field holding a passage id (16 hex digits, see
/// [`crate::index::passage_id`]) as a number, so a hit's id is read
/// without its stored document.
pub const PASSAGE_KEY: &str = "passage_key";

/// The [`PASSAGE_KEY`] of a passage id (0 for one that is not 16 hex digits).
pub fn passage_key(passage_id: &str) -> u64 {
    u64::from_str_radix(passage_id, 16).unwrap_or(0)
}

/// The passage id whose [`PASSAGE_KEY`] is `key`.
pub fn passage_id_of_key(key: u64) -> String {
    format!("{key:016x}")
}

/// Builds the schema. Ids, the path, lines and bytes are also fast fields,
/// so lean hits (`--fields`) and evaluation read no stored document.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analysed = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analysis::ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        passage_id: b.add_text_field("passage_id", STRING | STORED),
        passage_key: b.add_u64_field(PASSAGE_KEY, FAST),
        path: b.add_text_field("path", STRING | STORED | FAST),
        doc_id: b.add_text_field("doc_id", STRING | STORED | FAST),
        title: b.add_text_field("title", analysed.clone()),
        author: b.add_text_field("author", analysed.clone()),
        publisher: b.add_text_field("publisher", analysed.clone()),
        date: b.add_text_field("date", STRING | STORED),
        url: b.add_text_field("url", STORED),
        section: b.add_text_field("section", analysed.clone()),
        text: b.add_text_field("text", analysed),
        figure: b.add_text_field("figure", STRING),
        ordinal: b.add_u64_field("ordinal", STORED | INDEXED),
        line_start: b.add_u64_field("line_start", STORED | FAST),
        line_end: b.add_u64_field("line_end", STORED | FAST),
        byte_start: b.add_u64_field("byte_start", STORED | FAST),
        byte_end: b.add_u64_field("byte_end", STORED | FAST),
    };
    (b.build(), fields)
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
    let index = Index::open_in_dir(dir).map_err(|e| Error::Damaged {
        path: dir.to_path_buf(),
        detail: e.to_string(),
    })?;
    let (expected, fields) = schema();
    if index.schema() != expected {
        return Err(Error::SchemaMismatch {
            path: dir.to_path_buf(),
            detail: format!("its fields differ from index format {SCHEMA_VERSION}"),
        });
    }
    analysis::register(&index);
    Ok(QuarryIndex {
        index,
        fields,
        dir: dir.to_path_buf(),
    })
}

/// Creates an empty index in `dir` (which may exist and hold other files).
pub fn create(dir: &Path) -> Result<QuarryIndex> {
    check_dir(dir)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let (schema, fields) = schema();
    let index = Index::create_in_dir(dir, schema)?;
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
