//! What a search returns: ranked passages as data.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::query_grammar::Occur;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, TantivyDocument, Term};

use super::snippet::{self, Highlighter, Snippet};
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
/// anything else, the first passage is looked up by the document's key.
pub(super) fn doc_meta(
    searcher: &tantivy::Searcher,
    f: &Fields,
    addr: DocAddress,
    doc: &TantivyDocument,
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
    doc: &TantivyDocument,
    cache: Option<&MetaCache>,
) -> tantivy::Result<DocMeta> {
    let text_of = |d: &TantivyDocument, field| {
        d.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let id = text_of(doc, f.doc_id).unwrap_or_default();
    let path = text_of(doc, f.path).unwrap_or_default();
    let offset = doc
        .get_first(f.meta_offset)
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    let is_first = |d: &TantivyDocument| {
        d.get_first(f.meta_offset).and_then(|v| v.as_u64()) == Some(0)
            && text_of(d, f.doc_id).as_deref() == Some(id.as_str())
            && text_of(d, f.path).as_deref() == Some(path.as_str())
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
    let carrier = first.as_ref().unwrap_or(doc);
    Ok(meta_of(f, carrier, id, path))
}

/// The metadata stored with `carrier`, the first passage of the document
/// `id` at `path`.
fn meta_of(f: &Fields, carrier: &TantivyDocument, id: String, path: String) -> DocMeta {
    let text_of = |field| {
        carrier
            .get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
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
/// highlighting what `h` matches.
pub(super) fn to_hit(
    doc: &TantivyDocument,
    meta: DocMeta,
    f: &Fields,
    rank: usize,
    score: f32,
    h: &Highlighter,
    fragments: usize,
) -> Hit {
    let text_of = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let u64_of = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
    let text = text_of(f.text).unwrap_or_default();
    let spans = h.spans(&text);
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
        passage_id: text_of(f.passage_id).unwrap_or_default(),
        doc: meta,
        section: text_of(f.section),
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
        kind: text_of(f.kind)
            .and_then(|k| PassageKind::from_name(&k))
            .unwrap_or(PassageKind::Body),
        text,
        match_line,
        match_column: None,
        also_in: Vec::new(),
        pages: stored_pages(doc, f),
    }
}

/// The pages of a stored passage, when it is from a PDF.
pub(super) fn stored_pages(doc: &TantivyDocument, f: &Fields) -> Option<Pages> {
    let u64_of = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
    let mut labels = doc
        .get_all(f.page_label)
        .filter_map(|v| v.as_str().map(str::to_string));
    let labels = match (labels.next(), labels.next()) {
        (Some(first), Some(last)) => Some((first, last)),
        _ => None,
    };
    Pages::from_fields(u64_of(f.page_start), u64_of(f.page_end), labels)
}
