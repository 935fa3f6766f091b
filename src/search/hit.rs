//! What a search returns: ranked passages as data.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::query_grammar::Occur;
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{Field, IndexRecordOption, OwnedValue, Value};
use tantivy::{DocAddress, TantivyDocument, Term};

use super::snippet::{self, AnalysisCache, Highlighter, Snippet};
use crate::error::Warning;
use crate::index::schema::Fields;
use crate::ingest::decode::Encoding;
use crate::ingest::{DocMeta, Format};
use crate::passage::PassageKind;

/// One ranked passage.
#[derive(Debug, Clone)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    /// BM25 score.
    pub score: f32,
    /// Stable passage id.
    pub passage_id: String,
    /// The document the passage is from.
    pub doc: DocMeta,
    /// Nearest heading.
    pub section: Option<String>,
    /// Ordinal within the document.
    pub ordinal: u64,
    /// 1-based inclusive line range in the source file.
    pub lines: (u64, u64),
    /// Half-open byte range in the source file.
    pub bytes: (u64, u64),
    /// Full passage text.
    pub text: String,
    /// What kind of text the passage is.
    pub kind: PassageKind,
    /// Byte ranges of `text` that the query matched.
    pub matches: Vec<(usize, usize)>,
    /// Snippet with highlights.
    pub snippet: Snippet,
    /// Several snippets around different matches, in text order, when more
    /// than one was asked for (`SearchOptions::fragments`); else empty.
    pub fragments: Vec<Snippet>,
    /// The source line of the first highlight (for `path:line` output).
    pub match_line: u64,
    /// The 1-based byte column of the first highlight on `match_line`, once
    /// [`Hit::locate_match`] found it in the source file.
    pub match_column: Option<u64>,
    /// Other places with exactly the same passage text (filled when
    /// results are collapsed), sorted by path and line.
    pub also_in: Vec<Place>,
    /// For a PDF passage, its pages (`lines` and `bytes` are then zero).
    pub pages: Option<Pages>,
}

/// The pages a PDF passage is printed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pages {
    /// First page, 1-based physical index.
    pub first: u64,
    /// Last page, inclusive.
    pub last: u64,
    /// The printed labels of the first and last page, when the PDF
    /// defines page labels.
    pub labels: Option<(String, String)>,
}

impl Pages {
    /// The pages read from a passage's stored or fast fields: `None` for
    /// `(0, _)`, which marks a passage that is not from a PDF.
    pub fn from_fields(first: u64, last: u64, labels: Option<(String, String)>) -> Option<Pages> {
        (first > 0).then(|| Pages {
            first,
            last: last.max(first),
            labels,
        })
    }

    /// The first and last page as printed: the labels when the PDF has
    /// them, else the physical page numbers.
    pub fn printed(&self) -> (String, String) {
        self.labels
            .clone()
            .unwrap_or_else(|| (self.first.to_string(), self.last.to_string()))
    }

    /// `p.12` (the first page), for `path:p.12` in human output.
    pub fn short(&self) -> String {
        format!("p.{}", self.printed().0)
    }

    /// `p. 12` or `pp. 12–13`, for citations.
    pub fn cite(&self) -> String {
        let (first, last) = self.printed();
        if first == last {
            format!("p. {first}")
        } else {
            format!("pp. {first}–{last}")
        }
    }
}

impl Hit {
    /// The text of the hit's source file, when its passage offsets are
    /// offsets into it (a UTF-8 file other than JSON Lines or PDF).
    pub fn source_text(&self, corpus: &Path) -> Option<String> {
        if self.pages.is_some() || Format::of(&self.doc.path) == Some(Format::JsonLines) {
            return None;
        }
        let decoded = crate::ingest::read_decoded(corpus, &self.doc.path)?;
        (decoded.encoding == Encoding::Utf8).then_some(decoded.text)
    }

    /// Finds the first match in `source` (the text of the hit's file, see
    /// [`Hit::source_text`]) and sets [`Hit::match_line`] and
    /// [`Hit::match_column`] to it. The passage text has its whitespace
    /// normalised, so the first word of the match is looked for: its n-th
    /// occurrence in the passage's byte range, where n counts its earlier
    /// occurrences in the passage text. Leaves the hit as it was when the
    /// word cannot be found there.
    pub fn locate_match(&mut self, source: &str) {
        let Some(&(start, end)) = self.matches.first() else {
            return;
        };
        let Some(word) = self
            .text
            .get(start..end)
            .and_then(|m| m.split_whitespace().next())
        else {
            return;
        };
        let nth = self.text[..start].matches(word).count();
        let (from, to) = (self.bytes.0 as usize, self.bytes.1 as usize);
        let Some(slice) = source.get(from..to) else {
            return;
        };
        let Some((offset, _)) = slice.match_indices(word).nth(nth) else {
            return;
        };
        let at = from + offset;
        let before = &source[..at];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        self.match_line = before.matches('\n').count() as u64 + 1;
        self.match_column = Some((at - line_start) as u64 + 1);
    }
}

/// Where a copy of a passage is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Path of the file, relative to the corpus folder.
    pub path: String,
    /// Document id.
    pub doc_id: String,
    /// 1-based inclusive line range.
    pub lines: (u64, u64),
    /// For a PDF, its pages.
    pub pages: Option<Pages>,
}

/// A stored passage's fields as the doc store holds them, each value its
/// own, so that a hit takes its strings instead of copying them (a
/// [`TantivyDocument`] copies every value into one buffer first).
#[derive(Debug, Default, Clone)]
pub(super) struct StoredPassage {
    values: Vec<(Field, OwnedValue)>,
}

impl DocumentDeserialize for StoredPassage {
    fn deserialize<'de, D>(mut deserializer: D) -> Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let mut values = Vec::with_capacity(deserializer.size_hint());
        while let Some(entry) = deserializer.next_field::<OwnedValue>()? {
            values.push(entry);
        }
        Ok(StoredPassage { values })
    }
}

impl StoredPassage {
    /// Bytes the passage holds, about.
    fn bytes(&self) -> usize {
        let value = |v: &OwnedValue| match v {
            OwnedValue::Str(s) => s.len(),
            _ => 0,
        };
        64 + self
            .values
            .iter()
            .map(|(_, v)| std::mem::size_of::<(Field, OwnedValue)>() + value(v))
            .sum::<usize>()
    }
}

/// Most bytes of stored passages a [`PassageCache`] keeps before it starts
/// afresh.
const PASSAGE_CACHE_BYTES: usize = 24 << 20;

/// Stored passages read for hits, by the searcher's generation and their
/// address, so that a batch of queries that finds a passage again copies
/// its values instead of finding and decoding it in the doc store (SciFact's
/// 1,109 queries give 110,802 hits of 9,976 passages).
#[derive(Debug, Default)]
pub(super) struct PassageCache {
    kept: Mutex<(KeptPassages, usize)>,
}

/// Kept passages by generation and address (and their bytes, beside).
type KeptPassages = HashMap<(u64, DocAddress), Arc<StoredPassage>>;

impl PassageCache {
    /// The passage at `key`, a copy of the kept one, else read with `read`
    /// and kept.
    pub(super) fn get_or_read(
        &self,
        key: (u64, DocAddress),
        read: impl FnOnce() -> tantivy::Result<StoredPassage>,
    ) -> tantivy::Result<StoredPassage> {
        if let Ok(kept) = self.kept.lock()
            && let Some(doc) = kept.0.get(&key)
        {
            return Ok(StoredPassage::clone(doc));
        }
        let doc = read()?;
        if let Ok(mut kept) = self.kept.lock() {
            let bytes = doc.bytes();
            if kept.1 + bytes > PASSAGE_CACHE_BYTES {
                kept.0.clear();
                kept.1 = 0;
            }
            if kept.0.insert(key, Arc::new(doc.clone())).is_none() {
                kept.1 += bytes;
            }
        }
        Ok(doc)
    }
}

/// Reading a stored passage's fields, from either kind of document.
pub(super) trait Stored {
    /// The first string value of `field`.
    fn str_of(&self, field: Field) -> Option<&str>;
    /// The first u64 value of `field`.
    fn u64_of(&self, field: Field) -> Option<u64>;
    /// Every string value of `field`, in order.
    fn strs_of(&self, field: Field) -> Vec<&str>;
    /// The first string value of `field`, taken out of the document where
    /// it can be (else copied).
    fn take_str(&mut self, field: Field) -> Option<String> {
        self.str_of(field).map(str::to_string)
    }
}

impl Stored for TantivyDocument {
    fn str_of(&self, field: Field) -> Option<&str> {
        self.get_first(field).and_then(|v| v.as_str())
    }

    fn u64_of(&self, field: Field) -> Option<u64> {
        self.get_first(field).and_then(|v| v.as_u64())
    }

    fn strs_of(&self, field: Field) -> Vec<&str> {
        self.get_all(field).filter_map(|v| v.as_str()).collect()
    }
}

impl Stored for StoredPassage {
    fn str_of(&self, field: Field) -> Option<&str> {
        match self.values.iter().find(|(f, _)| *f == field)? {
            (_, OwnedValue::Str(s)) => Some(s),
            _ => None,
        }
    }

    fn u64_of(&self, field: Field) -> Option<u64> {
        match self.values.iter().find(|(f, _)| *f == field)? {
            (_, OwnedValue::U64(n)) => Some(*n),
            _ => None,
        }
    }

    fn strs_of(&self, field: Field) -> Vec<&str> {
        self.values
            .iter()
            .filter(|(f, _)| *f == field)
            .filter_map(|(_, v)| match v {
                OwnedValue::Str(s) => Some(s.as_str()),
                _ => None,
            })
            .collect()
    }

    fn take_str(&mut self, field: Field) -> Option<String> {
        match self.values.iter_mut().find(|(f, _)| *f == field)? {
            (_, OwnedValue::Str(s)) => Some(std::mem::take(s)),
            _ => None,
        }
    }
}

/// Hits plus anything the user should be told about the query.
#[derive(Debug, Clone, Default)]
pub struct SearchOutcome {
    /// Ranked hits, best first.
    pub hits: Vec<Hit>,
    /// Problems found in the query (it was still searched, leniently).
    pub warnings: Vec<Warning>,
}

/// The metadata of the document the stored passage `doc` (at `addr`)
/// belongs to. Title, author, publisher, date and URL are stored once per
/// document, with its first passage, which was added in the same batch
/// [`Fields::meta_offset`] places before this one; should that place hold
/// anything else, the first passage is looked up by its path and id terms.
/// The passage's id and path are taken out of `doc` (left empty there).
pub(super) fn doc_meta(
    searcher: &tantivy::Searcher,
    f: &Fields,
    addr: DocAddress,
    doc: &mut impl Stored,
) -> tantivy::Result<DocMeta> {
    doc_meta_cached(searcher, f, addr, doc, None)
}

/// Most documents' metadata a [`MetaCache`] holds before it starts afresh.
const META_CACHE_DOCUMENTS: usize = 1 << 14;

/// The metadata of documents found through their first passage, by that
/// passage's address (and the searcher's generation), so that the hits of
/// a batch read each document's first passage once.
#[derive(Default)]
pub(super) struct MetaCache {
    map: Mutex<HashMap<(u64, DocAddress), DocMeta>>,
}

impl MetaCache {
    fn get(&self, key: &(u64, DocAddress), id: &str, path: &str) -> Option<DocMeta> {
        let map = self.map.lock().ok()?;
        map.get(key)
            .filter(|m| m.id == id && m.path == path)
            .cloned()
    }

    fn put(&self, key: (u64, DocAddress), meta: &DocMeta) {
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= META_CACHE_DOCUMENTS {
                map.clear();
            }
            map.insert(key, meta.clone());
        }
    }
}

/// [`doc_meta`], looking the first passage's metadata up in `cache` first
/// and keeping it there.
pub(super) fn doc_meta_cached(
    searcher: &tantivy::Searcher,
    f: &Fields,
    addr: DocAddress,
    doc: &mut impl Stored,
    cache: Option<&MetaCache>,
) -> tantivy::Result<DocMeta> {
    // The passage's own id and path, taken for the metadata.
    let id = doc.take_str(f.doc_id).unwrap_or_default();
    let path = doc.take_str(f.path).unwrap_or_default();
    let offset = doc.u64_of(f.meta_offset).unwrap_or(0);
    let is_first = |d: &TantivyDocument| {
        d.u64_of(f.meta_offset) == Some(0)
            && d.str_of(f.doc_id) == Some(id.as_str())
            && d.str_of(f.path) == Some(path.as_str())
    };
    let first = if offset == 0 {
        None
    } else {
        let at = u32::try_from(offset)
            .ok()
            .and_then(|o| addr.doc_id.checked_sub(o))
            .map(|doc_id| DocAddress::new(addr.segment_ord, doc_id));
        let key = at.map(|at| (searcher.generation().generation_id(), at));
        if let (Some(cache), Some(key)) = (cache, &key)
            && let Some(meta) = cache.get(key, &id, &path)
        {
            return Ok(meta);
        }
        let near = match at {
            Some(at) => Some(searcher.doc::<TantivyDocument>(at)?).filter(is_first),
            None => None,
        };
        if let (Some(cache), Some(key), Some(carrier)) = (cache, key, &near) {
            let meta = meta_of(f, carrier, id, path);
            cache.put(key, &meta);
            return Ok(meta);
        }
        match near {
            Some(d) => Some(d),
            None => {
                let exact = |field, value: &str| -> Box<dyn Query> {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, value),
                        IndexRecordOption::Basic,
                    ))
                };
                let query = BooleanQuery::new(vec![
                    (Occur::Must, exact(f.path, &path)),
                    (Occur::Must, exact(f.doc_id, &id)),
                ]);
                let mut found = None;
                for at in searcher.search(&query, &DocSetCollector)? {
                    let d: TantivyDocument = searcher.doc(at)?;
                    if is_first(&d) {
                        found = Some(d);
                        break;
                    }
                }
                found
            }
        }
    };
    Ok(match &first {
        Some(carrier) => meta_of(f, carrier, id, path),
        None => meta_of(f, doc, id, path),
    })
}

/// The metadata stored with `carrier`, the first passage of the document
/// `id` at `path`.
fn meta_of(f: &Fields, carrier: &impl Stored, id: String, path: String) -> DocMeta {
    let text_of = |field| carrier.str_of(field).map(str::to_string);
    DocMeta {
        title: text_of(f.title_value).unwrap_or_default(),
        author: text_of(f.author_value),
        publisher: text_of(f.publisher_value),
        date: text_of(f.date_value),
        url: text_of(f.url),
        id,
        path,
    }
}

/// Builds the hit for a stored passage of the document `meta`,
/// highlighting what `h` matches (from the passage's analysis in `kept`,
/// under its key, when it is kept there).
#[allow(clippy::too_many_arguments)]
pub(super) fn to_hit(
    doc: &mut impl Stored,
    meta: DocMeta,
    f: &Fields,
    rank: usize,
    score: f32,
    h: &Highlighter,
    fragments: usize,
    kept: Option<(&AnalysisCache, (u64, DocAddress))>,
) -> Hit {
    let text = doc.take_str(f.text).unwrap_or_default();
    let passage_id = doc.take_str(f.passage_id).unwrap_or_default();
    let section = doc.take_str(f.section);
    let u64_of = |field| doc.u64_of(field).unwrap_or(0);
    let spans = match kept {
        Some((cache, key)) if h.uses_kept() => {
            h.spans_kept(&text, cache.get(key, &text).as_deref())
        }
        _ => h.spans(&text),
    };
    let lines = (u64_of(f.line_start), u64_of(f.line_end));
    let match_line = match spans.first() {
        // Table rows keep their line breaks, so a match's line can be counted.
        Some(&(start, _)) if text.contains('\n') => {
            (lines.0 + text[..start].matches('\n').count() as u64).min(lines.1)
        }
        _ => lines.0,
    };
    Hit {
        rank,
        score,
        passage_id,
        doc: meta,
        section,
        ordinal: u64_of(f.ordinal),
        lines,
        bytes: (u64_of(f.byte_start), u64_of(f.byte_end)),
        snippet: snippet::make(&text, &spans),
        fragments: if fragments > 1 {
            snippet::fragments(&text, &spans, fragments)
        } else {
            Vec::new()
        },
        matches: spans,
        kind: doc
            .str_of(f.kind)
            .and_then(PassageKind::from_name)
            .unwrap_or(PassageKind::Body),
        text,
        match_line,
        match_column: None,
        also_in: Vec::new(),
        pages: stored_pages(doc, f),
    }
}

/// The pages of a stored passage, when it is from a PDF.
pub(super) fn stored_pages(doc: &impl Stored, f: &Fields) -> Option<Pages> {
    let u64_of = |field| doc.u64_of(field).unwrap_or(0);
    let labels = match doc.strs_of(f.page_label)[..] {
        [first, last, ..] => Some((first.to_string(), last.to_string())),
        _ => None,
    };
    Pages::from_fields(u64_of(f.page_start), u64_of(f.page_end), labels)
}
