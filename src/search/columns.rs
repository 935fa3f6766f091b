//! Per-hit keys read from tantivy's fast fields (columns), not from stored
//! documents.
//!
//! A hit that carries only ids, ranks, scores, lines and bytes is built from
//! these columns: no stored document is decompressed and no text analysed,
//! so ranking hundreds of passages per query costs little more than the
//! search itself.

use crate::passage::PassageKind;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, SegmentReader};

use super::hit::{Hit, Pages};
use crate::error::{Error, Result};
use crate::index::schema::{PASSAGE_KEY, TEXT_HASH, passage_id_of_key};
use crate::ingest::DocMeta;
use crate::search::snippet::Snippet;

/// The columns of one segment.
///
/// tantivy keeps a string column's values in a compressed dictionary; one
/// lookup decompresses a whole block, which costs more than the search
/// when it is done for every hit of a batch. So after a few lookups the
/// dictionary is decoded once into a table indexed by term ordinal; a
/// single query's few hits look their strings up one by one.
struct SegmentColumns {
    passage_key: Column<u64>,
    text_hash: Column<u64>,
    doc_id: StrTable,
    path: StrTable,
    line_start: Column<u64>,
    line_end: Column<u64>,
    byte_start: Column<u64>,
    byte_end: Column<u64>,
    page_start: Column<u64>,
    page_end: Column<u64>,
}

/// Lookups of a string column answered from its dictionary before it is
/// decoded into a table.
const LOOKUPS_BEFORE_TABLE: usize = 64;

/// A string column: its dictionary, and the decoded table once it pays.
struct StrTable {
    column: StrColumn,
    lookups: AtomicUsize,
    table: OnceLock<Vec<String>>,
}

impl StrTable {
    fn open(column: StrColumn) -> StrTable {
        StrTable {
            column,
            lookups: AtomicUsize::new(0),
            table: OnceLock::new(),
        }
    }

    /// Every value by term ordinal, decoded on first use.
    fn table(&self) -> &[String] {
        self.table.get_or_init(|| {
            let dict = self.column.dictionary();
            let mut table = Vec::with_capacity(dict.num_terms());
            if let Ok(mut stream) = dict.stream() {
                while stream.advance() {
                    table.push(String::from_utf8_lossy(stream.key()).into_owned());
                }
            }
            table
        })
    }

    /// The value of `doc` (empty when it has none).
    fn text(&self, doc: u32) -> String {
        let Some(ord) = self.column.term_ords(doc).next() else {
            return String::new();
        };
        if self.table.get().is_none()
            && self.lookups.fetch_add(1, Ordering::Relaxed) < LOOKUPS_BEFORE_TABLE
        {
            let mut out = String::new();
            return match self.column.ord_to_str(ord, &mut out) {
                Ok(true) => out,
                _ => String::new(),
            };
        }
        self.table().get(ord as usize).cloned().unwrap_or_default()
    }

    /// The value of `doc`, borrowed from the decoded table.
    fn str(&self, doc: u32) -> &str {
        self.column
            .term_ords(doc)
            .next()
            .and_then(|ord| self.table().get(ord as usize))
            .map_or("", String::as_str)
    }
}

/// A column that is missing or unreadable: the index is damaged (the
/// caller's guard turns the tantivy error into [`Error::Damaged`], which
/// names the index and the command that rebuilds it).
fn damaged(e: impl std::fmt::Display) -> String {
    format!("a column cannot be read: {e}")
}

fn column_error(detail: &str) -> Error {
    Error::Tantivy(tantivy::TantivyError::InternalError(detail.to_string()))
}

impl SegmentColumns {
    fn open(segment: &SegmentReader) -> std::result::Result<SegmentColumns, String> {
        let ff = segment.fast_fields();
        let u64_col = |name: &str| ff.u64(name).map_err(damaged);
        let str_col = |name: &str| -> std::result::Result<StrTable, String> {
            let col: StrColumn = ff
                .str(name)
                .map_err(damaged)?
                .ok_or_else(|| damaged(format!("no column '{name}'")))?;
            Ok(StrTable::open(col))
        };
        Ok(SegmentColumns {
            passage_key: u64_col(PASSAGE_KEY)?,
            text_hash: u64_col(TEXT_HASH)?,
            doc_id: str_col("doc_id")?,
            path: str_col("path")?,
            line_start: u64_col("line_start")?,
            line_end: u64_col("line_end")?,
            byte_start: u64_col("byte_start")?,
            byte_end: u64_col("byte_end")?,
            page_start: u64_col("page_start")?,
            page_end: u64_col("page_end")?,
        })
    }
}

/// See [`Columns::document_ranks`].
pub(super) struct DocumentRanks {
    path: Vec<Vec<u32>>,
    doc_id: Vec<Vec<u32>>,
    /// The ranks of a missing path and id.
    missing: (u32, u32),
}

/// The columns of an open index, each segment's opened on first use and
/// kept for the searcher's life (a batch reuses them for every query).
pub(super) struct Columns {
    segments: Vec<OnceLock<std::result::Result<SegmentColumns, String>>>,
}

impl Columns {
    pub(super) fn new(searcher: &tantivy::Searcher) -> Columns {
        Columns {
            segments: (0..searcher.segment_readers().len())
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    fn segment(&self, searcher: &tantivy::Searcher, ord: u32) -> Result<&SegmentColumns> {
        let slot = self
            .segments
            .get(ord as usize)
            .ok_or_else(|| column_error(&damaged("a segment appeared after opening")))?;
        slot.get_or_init(|| SegmentColumns::open(searcher.segment_reader(ord)))
            .as_ref()
            .map_err(|e| column_error(e))
    }

    /// The hash of the text of the passage at `addr` (equal texts, equal
    /// hashes), for collapsing copies without reading the text.
    pub(super) fn text_hash(&self, searcher: &tantivy::Searcher, addr: DocAddress) -> Result<u64> {
        let c = self.segment(searcher, addr.segment_ord)?;
        Ok(c.text_hash.first(addr.doc_id).unwrap_or(0))
    }

    /// The [`PASSAGE_KEY`] of the passage at `addr`.
    pub(super) fn passage_key(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
    ) -> Result<u64> {
        let c = self.segment(searcher, addr.segment_ord)?;
        Ok(c.passage_key.first(addr.doc_id).unwrap_or(0))
    }

    /// The path and document id of the passage at `addr`.
    pub(super) fn document<'a>(
        &'a self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
    ) -> Result<(&'a str, &'a str)> {
        let c = self.segment(searcher, addr.segment_ord)?;
        Ok((c.path.str(addr.doc_id), c.doc_id.str(addr.doc_id)))
    }

    /// Sort keys for passages in document order: for each segment, the
    /// rank of each path and of each document id (by term ordinal) among
    /// the values of every segment, in string order, with a missing value
    /// ranked as an empty one. Comparing ranks compares the strings.
    pub(super) fn document_ranks(&self, searcher: &tantivy::Searcher) -> Result<DocumentRanks> {
        let segments = searcher.segment_readers().len();
        let mut cols = Vec::with_capacity(segments);
        for ord in 0..segments {
            cols.push(self.segment(searcher, ord as u32)?);
        }
        let rank = |which: fn(&SegmentColumns) -> &StrTable| -> (Vec<Vec<u32>>, u32) {
            let mut all: Vec<(&str, u32, u32)> = vec![("", u32::MAX, u32::MAX)];
            for (seg, c) in cols.iter().enumerate() {
                for (ord, value) in which(c).table().iter().enumerate() {
                    all.push((value.as_str(), seg as u32, ord as u32));
                }
            }
            all.sort_unstable();
            let mut ranks: Vec<Vec<u32>> = cols
                .iter()
                .map(|c| vec![0; which(c).table().len()])
                .collect();
            let (mut rank, mut missing) = (0u32, 0u32);
            for (i, &(value, seg, ord)) in all.iter().enumerate() {
                if i > 0 && value != all[i - 1].0 {
                    rank += 1;
                }
                match ranks
                    .get_mut(seg as usize)
                    .and_then(|r| r.get_mut(ord as usize))
                {
                    Some(slot) => *slot = rank,
                    None => missing = rank,
                }
            }
            (ranks, missing)
        };
        let (path, missing_path) = rank(|c| &c.path);
        let (doc_id, missing_id) = rank(|c| &c.doc_id);
        Ok(DocumentRanks {
            path,
            doc_id,
            missing: (missing_path, missing_id),
        })
    }

    /// The (path, document id) ranks of the passage at `addr`.
    pub(super) fn document_key(
        &self,
        searcher: &tantivy::Searcher,
        ranks: &DocumentRanks,
        addr: DocAddress,
    ) -> Result<(u32, u32)> {
        let c = self.segment(searcher, addr.segment_ord)?;
        let seg = addr.segment_ord as usize;
        let rank = |t: &StrTable, table: &[Vec<u32>], missing: u32| {
            t.column
                .term_ords(addr.doc_id)
                .next()
                .and_then(|ord| table.get(seg)?.get(ord as usize).copied())
                .unwrap_or(missing)
        };
        Ok((
            rank(&c.path, &ranks.path, ranks.missing.0),
            rank(&c.doc_id, &ranks.doc_id, ranks.missing.1),
        ))
    }

    /// A hit with its rank, score and ids, and with `places` its path,
    /// lines, bytes and pages; the keys that need the stored document
    /// (title, section, text, …) are left empty, as are the places without
    /// `places`.
    pub(super) fn hit(
        &self,
        searcher: &tantivy::Searcher,
        rank: usize,
        score: f32,
        addr: DocAddress,
        places: bool,
    ) -> Result<Hit> {
        let c = self.segment(searcher, addr.segment_ord)?;
        let doc = addr.doc_id;
        let u = |col: &Column<u64>| {
            if places {
                col.first(doc).unwrap_or(0)
            } else {
                0
            }
        };
        let lines = (u(&c.line_start), u(&c.line_end));
        Ok(Hit {
            rank,
            score,
            passage_id: passage_id_of_key(c.passage_key.first(doc).unwrap_or(0)),
            doc: DocMeta {
                id: c.doc_id.text(doc),
                path: if places {
                    c.path.text(doc)
                } else {
                    String::new()
                },
                title: String::new(),
                author: None,
                publisher: None,
                date: None,
                url: None,
            },
            section: None,
            ordinal: 0,
            lines,
            bytes: (u(&c.byte_start), u(&c.byte_end)),
            text: String::new(),
            matches: Vec::new(),
            snippet: Snippet::default(),
            fragments: Vec::new(),
            match_line: lines.0,
            match_column: None,
            kind: PassageKind::Body,
            also_in: Vec::new(),
            pages: Pages::from_fields(u(&c.page_start), u(&c.page_end), None),
        })
    }
}
