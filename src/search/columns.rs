//! Per-hit keys read from tantivy's fast fields (columns), not from stored
//! documents.
//!
//! A hit that carries only ids, ranks, scores, lines and bytes is built from
//! these columns: no stored document is decompressed and no text analysed,
//! so ranking hundreds of passages per query costs little more than the
//! search itself.

use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, SegmentReader};

use super::hit::{Hit, Scored};
use crate::error::{Error, Result};
use crate::index::schema::{PASSAGE_KEY, passage_id_of_key};
use crate::ingest::DocMeta;
use crate::search::snippet::Snippet;

/// The columns of one segment.
struct SegmentColumns {
    passage_key: Column<u64>,
    doc_id: StrColumn,
    path: StrColumn,
    line_start: Column<u64>,
    line_end: Column<u64>,
    byte_start: Column<u64>,
    byte_end: Column<u64>,
}

fn damaged(e: impl std::fmt::Display) -> Error {
    Error::Usage(format!(
        "the index lacks a column it should have ({e}); rebuild it with: quarry index --rebuild"
    ))
}

impl SegmentColumns {
    fn open(segment: &SegmentReader) -> Result<SegmentColumns> {
        let ff = segment.fast_fields();
        let u64_col = |name: &str| ff.u64(name).map_err(damaged);
        let str_col = |name: &str| {
            ff.str(name)
                .map_err(damaged)?
                .ok_or_else(|| damaged(format!("no column '{name}'")))
        };
        Ok(SegmentColumns {
            passage_key: u64_col(PASSAGE_KEY)?,
            doc_id: str_col("doc_id")?,
            path: str_col("path")?,
            line_start: u64_col("line_start")?,
            line_end: u64_col("line_end")?,
            byte_start: u64_col("byte_start")?,
            byte_end: u64_col("byte_end")?,
        })
    }

    fn text(col: &StrColumn, doc: u32) -> Result<String> {
        let mut out = String::new();
        if let Some(ord) = col.term_ords(doc).next() {
            col.ord_to_str(ord, &mut out)
                .map_err(|e| Error::Tantivy(e.into()))?;
        }
        Ok(out)
    }
}

/// Opens columns lazily, once per segment a query's hits fall in.
pub(super) struct Columns<'a> {
    searcher: &'a tantivy::Searcher,
    open: Vec<Option<SegmentColumns>>,
}

impl<'a> Columns<'a> {
    pub(super) fn new(searcher: &'a tantivy::Searcher) -> Columns<'a> {
        Columns {
            searcher,
            open: (0..searcher.segment_readers().len())
                .map(|_| None)
                .collect(),
        }
    }

    fn segment(&mut self, ord: u32) -> Result<&SegmentColumns> {
        let slot = &mut self.open[ord as usize];
        if slot.is_none() {
            *slot = Some(SegmentColumns::open(self.searcher.segment_reader(ord))?);
        }
        slot.as_ref()
            .ok_or_else(|| damaged("segment columns not opened"))
    }

    /// The score and ids of the passage at `addr`.
    pub(super) fn scored(&mut self, score: f32, addr: DocAddress) -> Result<Scored> {
        let c = self.segment(addr.segment_ord)?;
        let doc = addr.doc_id;
        Ok(Scored {
            score,
            doc_id: SegmentColumns::text(&c.doc_id, doc)?,
            passage_id: passage_id_of_key(c.passage_key.first(doc).unwrap_or(0)),
        })
    }

    /// A hit with its rank, score, ids, path, lines and bytes; the keys that
    /// need the stored document (title, section, text, …) are left empty.
    pub(super) fn hit(&mut self, rank: usize, score: f32, addr: DocAddress) -> Result<Hit> {
        let c = self.segment(addr.segment_ord)?;
        let doc = addr.doc_id;
        let u = |col: &Column<u64>| col.first(doc).unwrap_or(0);
        let lines = (u(&c.line_start), u(&c.line_end));
        Ok(Hit {
            rank,
            score,
            passage_id: passage_id_of_key(u(&c.passage_key)),
            doc: DocMeta {
                id: SegmentColumns::text(&c.doc_id, doc)?,
                path: SegmentColumns::text(&c.path, doc)?,
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
            match_line: lines.0,
        })
    }
}
