//! Whole-document ranking: a second stage over the best passages that
//! scores each document as one unit.
//!
//! quarry indexes passages, so a document's BM25F score is first its best
//! passage's (plus a little for its other matching passages). A query
//! whose words are spread over a document's passages — one in the first
//! paragraph, one in the second — then finds no passage with all of them.
//! [`rerank`] takes the documents of the best passages and scores each of
//! the best `depth` again as one text: per query term, its frequencies
//! summed over the document's passages (the title, which every passage
//! carries, counted once), normalised by the document's length against the
//! average document length, saturated once. A document's score is
//!
//! ```text
//! (1 − λ) · passages(d) + λ · bm25f(d)
//! ```
//!
//! with `passages(d)` the passage aggregation the caller gives and `λ`
//! [`crate::search::Ranking::doc_weight`].
//!
//! A document's passages are consecutive in one segment (they are added
//! together), so a document is a run of passages with the same path and
//! document id: [`Documents`] finds the runs once per segment, with each
//! run's field lengths.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::columnar::Column;
use tantivy::postings::{Postings, TermInfo};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, SegmentReader, TERMINATED, Term};

use super::bm25f::{Bm25fWeight, ReadPostings};
use super::top::{descending_bits, score_of_descending};
use crate::error::{Error, Result};

/// The documents of one segment: runs of consecutive passages.
struct SegmentDocuments {
    /// First passage of each document, ascending, then the segment's end.
    starts: Vec<DocId>,
    /// Per document, its lengths in each ranked field: the passages'
    /// lengths summed, except the title's (the same on every passage),
    /// taken once.
    lengths: Vec<[f32; 3]>,
    /// Per passage, its document's index.
    document_of: Vec<u32>,
    /// Documents with a passage that is not deleted.
    alive: usize,
    /// Per document, its id's place among the index's distinct ids (see
    /// [`DocumentIds`]); while opening, the id's term ordinal in the
    /// segment ([`NO_ID`] for none).
    ids: Vec<u32>,
}

/// The term ordinal of a document without an id, while a segment is opened.
const NO_ID: u32 = u32::MAX;

impl SegmentDocuments {
    /// The documents of `segment`, with each document's id as a term
    /// ordinal of the segment, and the segment's ids by term ordinal.
    fn open(
        segment: &SegmentReader,
        fields: &[Field; 3],
    ) -> std::result::Result<(Self, Vec<String>), String> {
        let ff = segment.fast_fields();
        let ords = |name: &str| -> std::result::Result<(Column<u64>, Vec<String>), String> {
            let col = ff
                .str(name)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no column '{name}'"))?;
            let (dictionary, ords) = col.into_parts();
            let mut values = Vec::new();
            if name == "doc_id" {
                let mut stream = dictionary.stream().map_err(|e| e.to_string())?;
                while stream.advance() {
                    values.push(String::from_utf8_lossy(stream.key()).into_owned());
                }
            }
            Ok((ords, values))
        };
        let ((path, _), (id, names)) = (ords("path")?, ords("doc_id")?);
        let norms: Vec<_> = fields
            .iter()
            .map(|f| segment.fieldnorms_readers().get_field(*f).ok().flatten())
            .collect();
        let alive = segment.alive_bitset();
        let mut starts = Vec::new();
        let mut lengths: Vec<[f32; 3]> = Vec::new();
        let mut ids = Vec::new();
        let mut document_of = Vec::with_capacity(segment.max_doc() as usize);
        let mut alive_docs = 0;
        let mut counted = false;
        let mut last = None;
        for doc in 0..segment.max_doc() {
            let key = (path.first(doc), id.first(doc));
            if last != Some(key) {
                starts.push(doc);
                lengths.push([0.0; 3]);
                ids.push(key.1.and_then(|o| u32::try_from(o).ok()).unwrap_or(NO_ID));
                last = Some(key);
                counted = false;
            }
            document_of.push(u32::try_from(starts.len() - 1).unwrap_or(u32::MAX));
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            if !counted {
                alive_docs += 1;
                counted = true;
            }
            if let Some(len) = lengths.last_mut() {
                for (f, norm) in norms.iter().enumerate() {
                    let n = norm.as_ref().map_or(0, |r| r.fieldnorm(doc)) as f32;
                    len[f] = if f == TITLE { n } else { len[f] + n };
                }
            }
        }
        starts.push(segment.max_doc());
        Ok((
            SegmentDocuments {
                starts,
                lengths,
                document_of,
                alive: alive_docs,
                ids,
            },
            names,
        ))
    }

    /// The document holding passage `doc`: its index and passage range.
    #[cfg(test)]
    fn of(&self, doc: DocId) -> Option<(usize, DocId, DocId)> {
        let i = *self.document_of.get(doc as usize)? as usize;
        Some((i, *self.starts.get(i)?, *self.starts.get(i + 1)?))
    }
}

/// A term's dictionary entry in each ranked field of one segment (`None`
/// where the field does not hold it).
type TermInfos = [Option<TermInfo>; 3];

/// Index of the title among the ranked fields (text, title, section).
const TITLE: usize = 1;

/// The distinct document ids of an index, in byte order: a ranked
/// document is named by its id's place here, so that ranking, tie-breaking
/// and judging compare numbers, and only a run file spells the ids out.
#[derive(Debug, Default)]
pub struct DocumentIds {
    names: Vec<String>,
}

impl DocumentIds {
    /// The place of `id`, if a document of the index has it.
    pub fn find(&self, id: &str) -> Option<u32> {
        let i = self.names.binary_search_by(|n| n.as_str().cmp(id)).ok()?;
        u32::try_from(i).ok()
    }

    /// The id at `place` (empty when there is none).
    pub fn name(&self, place: u32) -> &str {
        self.names.get(place as usize).map_or("", String::as_str)
    }

    /// Number of distinct ids.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the index has no documents.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The distinct ids among `names`.
    pub fn from_names(names: impl IntoIterator<Item = String>) -> DocumentIds {
        let mut names: Vec<String> = names.into_iter().collect();
        names.sort_unstable();
        names.dedup();
        DocumentIds { names }
    }

    /// The ids of `segments`, each segment's given by term ordinal; turns
    /// each document's ordinal into its place (a document without an id
    /// is named by the empty id).
    fn gather(segments: &mut [SegmentDocuments], local: &[Vec<String>]) -> DocumentIds {
        let unnamed = segments
            .iter()
            .zip(local)
            .any(|(s, l)| s.ids.iter().any(|&o| o as usize >= l.len()));
        let names = local.iter().flatten().cloned();
        let ids = DocumentIds::from_names(names.chain(unnamed.then(String::new)));
        let empty = ids.find("").unwrap_or(0);
        for (s, l) in segments.iter_mut().zip(local) {
            let place: Vec<u32> = l.iter().map(|n| ids.find(n).unwrap_or(empty)).collect();
            for id in &mut s.ids {
                *id = place.get(*id as usize).copied().unwrap_or(empty);
            }
        }
        ids
    }
}

/// The documents of every segment and their ids.
struct Opened {
    segments: Vec<SegmentDocuments>,
    ids: Arc<DocumentIds>,
    /// Per segment, the number over the index of its first document:
    /// documents are numbered segment after segment, so that their
    /// numbers' order is their passages' address order.
    bases: Vec<u32>,
}

impl Opened {
    /// The segment and index in it of the document numbered `number`.
    fn locate(&self, number: u32) -> Option<(usize, usize)> {
        let seg = self
            .bases
            .partition_point(|&b| b <= number)
            .checked_sub(1)?;
        let index = (number - self.bases[seg]) as usize;
        (index < self.segments[seg].lengths.len()).then_some((seg, index))
    }
}

/// The documents of an open index, found on first use.
pub(super) struct Documents {
    fields: [Field; 3],
    opened: OnceLock<std::result::Result<Opened, String>>,
    /// Number of documents holding a term, by term, as they are counted.
    doc_freqs: Mutex<HashMap<String, u64>>,
    /// The average weighted document length, by the weights' bits.
    average: Mutex<Vec<([u32; 3], f32)>>,
}

impl Documents {
    /// For the ranked fields `fields` (text, title, section).
    pub(super) fn new(fields: [Field; 3]) -> Documents {
        Documents {
            fields,
            opened: OnceLock::new(),
            doc_freqs: Mutex::new(HashMap::new()),
            average: Mutex::new(Vec::new()),
        }
    }

    fn opened(&self, searcher: &tantivy::Searcher) -> Result<&Opened> {
        self.opened
            .get_or_init(|| {
                let mut segments = Vec::new();
                let mut local = Vec::new();
                for reader in searcher.segment_readers() {
                    let (docs, names) = SegmentDocuments::open(reader, &self.fields)?;
                    segments.push(docs);
                    local.push(names);
                }
                let ids = Arc::new(DocumentIds::gather(&mut segments, &local));
                let mut bases = Vec::with_capacity(segments.len());
                let mut next = 0u32;
                for s in &segments {
                    bases.push(next);
                    next = u32::try_from(s.lengths.len())
                        .ok()
                        .and_then(|n| next.checked_add(n))
                        .ok_or("more than 2^32 documents")?;
                }
                Ok(Opened {
                    segments,
                    ids,
                    bases,
                })
            })
            .as_ref()
            // Unreadable columns or norms: a damaged index (the caller's
            // guard names the index and the command that rebuilds it).
            .map_err(|e| {
                Error::Tantivy(tantivy::TantivyError::InternalError(format!(
                    "whole-document ranking cannot read the index: {e}"
                )))
            })
    }

    #[cfg(test)]
    fn segments(&self, searcher: &tantivy::Searcher) -> Result<&[SegmentDocuments]> {
        Ok(&self.opened(searcher)?.segments)
    }

    /// The distinct document ids of the index, which name the documents
    /// [`rerank`] returns.
    pub(super) fn ids(&self, searcher: &tantivy::Searcher) -> Result<Arc<DocumentIds>> {
        Ok(Arc::clone(&self.opened(searcher)?.ids))
    }

    /// The average over the documents of `Σ_f w_f · len(f, d)`, computed
    /// once per set of weights.
    fn average_length(&self, segments: &[SegmentDocuments], w: [f32; 3]) -> f32 {
        let key = w.map(f32::to_bits);
        let known = self
            .average
            .lock()
            .ok()
            .and_then(|m| m.iter().find(|(k, _)| *k == key).map(|&(_, avg)| avg));
        if let Some(avg) = known {
            return avg;
        }
        let count: usize = segments.iter().map(|s| s.lengths.len()).sum();
        let mut avg = 0.0f32;
        for s in segments {
            for len in &s.lengths {
                avg += (0..3).map(|f| w[f] * len[f]).sum::<f32>();
            }
        }
        let avg = (avg / count.max(1) as f32).max(f32::MIN_POSITIVE);
        if let Ok(mut m) = self.average.lock() {
            m.push((key, avg));
        }
        avg
    }
}

impl Documents {
    /// The number of documents with `text` in any ranked field: counted
    /// once over the postings, then remembered.
    fn doc_freq(
        &self,
        searcher: &tantivy::Searcher,
        segments: &[SegmentDocuments],
        text: &str,
        infos: &[TermInfos],
    ) -> Result<u64> {
        if let Some(n) = self
            .doc_freqs
            .lock()
            .ok()
            .and_then(|m| m.get(text).copied())
        {
            return Ok(n);
        }
        let mut count = 0u64;
        let segment_infos = searcher.segment_readers().iter().zip(segments).zip(infos);
        for ((reader, docs), infos) in segment_infos {
            let mut seen = vec![0u64; docs.lengths.len().div_ceil(64)];
            let alive = reader.alive_bitset();
            for (field, info) in self.fields.iter().zip(infos) {
                let Some(info) = info else {
                    continue;
                };
                // Whole blocks of document ids: no frequencies are decoded.
                let mut blocks = reader
                    .inverted_index(*field)?
                    .read_block_postings_from_terminfo(info, IndexRecordOption::Basic)
                    .map_err(tantivy::TantivyError::from)?;
                loop {
                    let block = blocks.docs();
                    if block.is_empty() {
                        break;
                    }
                    for &doc in block {
                        if alive.is_none_or(|a| a.is_alive(doc))
                            && let Some(&d) = docs.document_of.get(doc as usize)
                            && let Some(word) = seen.get_mut(d as usize / 64)
                        {
                            *word |= 1 << (d % 64);
                        }
                    }
                    blocks.advance();
                }
            }
            count += seen.iter().map(|w| u64::from(w.count_ones())).sum::<u64>();
        }
        if let Ok(mut m) = self.doc_freqs.lock() {
            m.insert(text.to_string(), count);
        }
        Ok(count)
    }
}

/// The parameters of the whole-document score.
#[derive(Debug, Clone, Copy)]
pub(super) struct DocumentScoring {
    /// Term-frequency saturation.
    pub(super) k1: f32,
    /// Length normalisation over the weighted fields.
    pub(super) b: f32,
    /// Weights of text, title and section.
    pub(super) weights: [f32; 3],
    /// λ: the share of the whole-document score.
    pub(super) weight: f32,
    /// Documents scored again.
    pub(super) depth: usize,
    /// idf from the number of documents holding a term (else passages).
    pub(super) document_idf: bool,
}

/// A ranked document: its id's place in [`DocumentIds`] and its score.
pub type RankedDocument = (u32, f32);

/// The best passages of a query: (score, address), in any order (see
/// [`super::top::TopScores::search_unordered`]).
#[derive(Clone, Copy)]
pub(super) struct Passages<'a> {
    pub(super) top: &'a [(f32, DocAddress)],
    /// The weight that found them, whose dictionary entries are reused.
    pub(super) weight: Option<&'a Bm25fWeight>,
    /// The postings it read, which are reused.
    pub(super) read: &'a ReadPostings,
}

/// Folds `top`'s passages into documents
/// with `combine` (a document's passage scores, best first), and scores
/// the best `scoring.depth` again as whole documents for `terms`: the
/// rescored ones rank above the others, which keep their passage order.
/// Returns the documents in the order `trec_eval` reads a run: score
/// descending, ties by document id descending, NaN last (see
/// [`run_order`]).
pub(super) fn rerank(
    searcher: &tantivy::Searcher,
    documents: &Documents,
    terms: &[(String, f32)],
    top: Passages,
    scoring: &DocumentScoring,
    combine: &dyn Fn(&[f32]) -> f32,
) -> Result<Vec<RankedDocument>> {
    let Passages {
        top,
        weight: first_stage,
        read,
    } = top;
    let opened = documents.opened(searcher)?;
    let segments = &opened.segments[..];
    // Each passage as one number: its document's number, then its score
    // descending (see [`passage_key`]). Sorted, a document's passages are
    // side by side, best first (passages of equal scores are alike to
    // `combine`).
    let mut passages: Vec<u64> = Vec::with_capacity(top.len());
    // Whether the documents come in order already (the first stage hands
    // over a large share of a segment in address order).
    let mut in_order = true;
    let mut last = 0;
    for &(score, addr) in top {
        let seg = addr.segment_ord as usize;
        let number = segments
            .get(seg)
            .and_then(|s| s.document_of.get(addr.doc_id as usize))
            .zip(opened.bases.get(seg));
        if let Some((&index, &base)) = number {
            let number = base + index;
            in_order &= number >= last;
            last = number;
            passages.push(passage_key(number, score));
        }
    }
    if in_order {
        for mine in passages.chunk_by_mut(|a, b| a >> 32 == b >> 32) {
            if mine.len() > 1 {
                mine.sort_unstable();
            }
        }
    } else {
        passages.sort_unstable();
    }
    // Each document as one number (see [`document_key`]): its combined
    // score and its number.
    let mut buffer: Vec<f32> = Vec::new();
    let mut keys: Vec<u64> = Vec::with_capacity(passages.len());
    for mine in passages.chunk_by(|a, b| a >> 32 == b >> 32) {
        let number = (mine[0] >> 32) as u32;
        let score = if let [one] = mine {
            combine(&[score_of_descending(*one as u32)])
        } else {
            buffer.clear();
            buffer.extend(mine.iter().map(|&k| score_of_descending(k as u32)));
            combine(&buffer)
        };
        keys.push(document_key(score, number));
    }
    let depth = if scoring.weight > 0.0 {
        scoring.depth.min(keys.len())
    } else {
        0
    };
    // The best `depth` documents in front (higher score, then lower
    // address: a total order, so the same ones as a sort's first `depth`),
    // in no particular order, and the best of the others right after them.
    // The final sort orders them all.
    if depth > 0 && depth < keys.len() {
        keys.select_nth_unstable(depth);
    }
    // A key's document: its candidate for whole-document scoring.
    let candidate = |key: u64| -> Option<Candidate> {
        let (score, number) = from_document_key(key);
        let (seg, index) = opened.locate(number)?;
        let starts = &segments[seg].starts;
        Some(Candidate {
            segment: seg as u32,
            index,
            passages: (*starts.get(index)?, *starts.get(index + 1)?),
            score,
        })
    };
    let head: Vec<Candidate> = keys[..depth].iter().filter_map(|&k| candidate(k)).collect();
    let whole = whole_scores(
        searcher,
        documents,
        segments,
        (terms, first_stage, read),
        &head,
        scoring,
    )?;
    let lambda = scoring.weight.clamp(0.0, 1.0);
    // Every key names a passage of a known document (the first stage
    // ranks only those), so an id is always found; were it not, the entry
    // is left out rather than given another document's name.
    let id = |segment: u32, index: usize| {
        segments
            .get(segment as usize)
            .and_then(|s| s.ids.get(index))
            .copied()
    };
    let plain = |s: f32| !s.is_nan() && s.to_bits() != (-0.0f32).to_bits();
    let mut all_plain = true;
    let mut ranked: Vec<RankedDocument> = Vec::with_capacity(keys.len());
    let mut floor: Option<f32> = None;
    for (d, w) in head.iter().zip(whole) {
        let score = (1.0 - lambda) * d.score + lambda * w;
        floor = Some(floor.map_or(score, |f| min_total(f, score)));
        if let Some(id) = id(d.segment, d.index) {
            all_plain &= plain(score);
            ranked.push((id, score));
        }
    }
    // The others keep their first-stage order (ties by id), below the rescored ones (scores
    // shifted down if need be, so the scores still give the order).
    let shift = match (floor, keys.get(depth).map(|&k| from_document_key(k).0)) {
        (Some(floor), Some(next)) if next >= floor => next - floor + floor.abs().max(1.0) * 1e-3,
        _ => 0.0,
    };
    for &key in &keys[depth..] {
        let (score, number) = from_document_key(key);
        let id = opened
            .locate(number)
            .and_then(|(seg, index)| id(seg as u32, index));
        if let Some(id) = id {
            let score = score - shift;
            all_plain &= plain(score);
            ranked.push((id, score));
        }
    }
    // Without a NaN or a −0, a document's place in the run is one number
    // that gives back its id and score: sorting those is cheaper.
    if all_plain {
        let mut keys: Vec<u64> = ranked.iter().map(|&(id, s)| run_order(s, id)).collect();
        keys.sort_unstable();
        ranked.clear();
        ranked.extend(keys.into_iter().map(from_run_order));
    } else {
        ranked.sort_unstable_by_key(|&(id, score)| run_order(score, id));
    }
    Ok(ranked)
}

/// A passage of document `number` as one number, smallest first: the
/// document's number, then the score descending in `f32::total_cmp`'s
/// order.
fn passage_key(number: u32, score: f32) -> u64 {
    u64::from(number) << 32 | u64::from(descending_bits(score))
}

/// A document of a query's ranking as one number, smallest first: its
/// score descending in `f32::total_cmp`'s order, then its number
/// ascending (its passages' address order). It gives back both
/// ([`from_document_key`]).
fn document_key(score: f32, number: u32) -> u64 {
    u64::from(descending_bits(score)) << 32 | u64::from(number)
}

/// The score and number of a [`document_key`].
fn from_document_key(key: u64) -> (f32, u32) {
    (score_of_descending((key >> 32) as u32), key as u32)
}

/// The id and score of a [`run_order`] made of a score that is neither
/// NaN nor −0.
fn from_run_order(key: u64) -> RankedDocument {
    (!(key as u32), score_of_descending((key >> 32) as u32))
}

/// The smaller of two scores in `f32::total_cmp`'s order.
fn min_total(a: f32, b: f32) -> f32 {
    if b.total_cmp(&a).is_lt() { b } else { a }
}

/// A document's place in a run as one number, smallest first: score
/// descending (NaN last, −0 equal to 0), then id descending, as `trec_eval`
/// orders a run. Equal numbers are equal scores and ids.
fn run_order(score: f32, id: u32) -> u64 {
    let descending = if score.is_nan() {
        u32::MAX
    } else {
        // +0 for −0.
        descending_bits(score + 0.0)
    };
    u64::from(descending) << 32 | u64::from(!id)
}

/// A document found by its passages, scored again as a whole.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// Its segment.
    segment: u32,
    /// Its index in the segment's [`SegmentDocuments`].
    index: usize,
    /// Its passages, `start..end`.
    passages: (DocId, DocId),
    /// Its passages' scores, combined.
    score: f32,
}

/// The whole-document BM25F score of each of `docs` for `terms` (the
/// dictionary entries the first stage's weight looked up are reused).
fn whole_scores(
    searcher: &tantivy::Searcher,
    documents: &Documents,
    segments: &[SegmentDocuments],
    (terms, first_stage, read): (&[(String, f32)], Option<&Bm25fWeight>, &ReadPostings),
    docs: &[Candidate],
    scoring: &DocumentScoring,
) -> Result<Vec<f32>> {
    if docs.is_empty() {
        return Ok(Vec::new());
    }
    let w = scoring.weights;
    // Collection statistics: documents and their average lengths.
    let avg = documents.average_length(segments, w);
    let passages = searcher.num_docs();
    let alive: usize = segments.iter().map(|s| s.alive).sum();
    let k1 = scoring.k1.max(0.0);
    let b = scoring.b.clamp(0.0, 1.0);
    // Per term, `q · idf · (k1 + 1)`, with idf from the passages (as the
    // first stage has it).
    // Each term looked up once per segment and field: infos[term][segment].
    let mut infos: Vec<Vec<TermInfos>> = vec![Vec::new(); terms.len()];
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let mut inverted = Vec::with_capacity(documents.fields.len());
        for field in &documents.fields {
            let index = reader.inverted_index(*field)?;
            // A field no passage of the segment has (sections, in most
            // collections) has no terms to look up.
            inverted.push((index.total_num_tokens() > 0).then_some(index));
        }
        for ((text, _), infos) in terms.iter().zip(infos.iter_mut()) {
            let mut per_field: TermInfos = [None, None, None];
            for (f, index) in inverted.iter().enumerate() {
                if let Some(index) = index {
                    let field = documents.fields[f];
                    per_field[f] = match first_stage.and_then(|w| w.term_info(ord, field, text)) {
                        Some(info) => info,
                        None => index
                            .get_term_info(&Term::from_field_text(field, text))
                            .map_err(tantivy::TantivyError::from)?,
                    };
                }
            }
            infos.push(per_field);
        }
    }
    let mut term_weights = Vec::with_capacity(terms.len());
    for ((text, q), infos) in terms.iter().zip(&infos) {
        let idf = if scoring.document_idf {
            idf(
                documents.doc_freq(searcher, segments, text, infos)?,
                alive as u64,
            )
        } else {
            // The largest over the fields of the passages holding it.
            let df = (0..3)
                .map(|f| {
                    infos
                        .iter()
                        .filter_map(|i| i[f].as_ref())
                        .map(|i| u64::from(i.doc_freq))
                        .sum::<u64>()
                })
                .max()
                .unwrap_or(0);
            idf(df, passages)
        };
        term_weights.push(q * idf * (k1 + 1.0));
    }
    // tf[doc · terms + term], weighted over the fields (summed field by
    // field, in field order).
    let n_terms = terms.len();
    let mut tf = vec![0.0f32; docs.len() * n_terms];
    // The documents by segment, then by first passage.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_unstable_by_key(|&i| (docs[i].segment, docs[i].passages.0));
    for idx in order.chunk_by(|&a, &b| docs[a].segment == docs[b].segment) {
        let seg = docs[idx[0]].segment;
        let reader = searcher.segment_reader(seg);
        let alive = reader.alive_bitset();
        for (f, field) in documents.fields.iter().enumerate() {
            if w[f] <= 0.0 {
                continue;
            }
            let inverted = reader.inverted_index(*field)?;
            for (t, infos) in infos.iter().enumerate() {
                let Some(info) = infos.get(seg as usize).and_then(|i| i[f].as_ref()) else {
                    continue;
                };
                let text = &terms[t].0;
                let kept = first_stage
                    .and_then(|w| w.read_postings(read, reader.segment_id(), *field, text));
                if let Some((kept_docs, kept_freqs)) = kept {
                    // The first stage's copy of the list.
                    let mut k = 0;
                    for &i in idx {
                        let (start, end) = docs[i].passages;
                        k += kept_docs[k..].partition_point(|&d| d < start);
                        let mut sum = 0u32;
                        while let (Some(&doc), Some(&n)) = (kept_docs.get(k), kept_freqs.get(k)) {
                            if doc >= end {
                                break;
                            }
                            if alive.is_none_or(|a| a.is_alive(doc)) {
                                sum = if f == TITLE { sum.max(n) } else { sum + n };
                            }
                            k += 1;
                        }
                        tf[i * n_terms + t] += w[f] * sum as f32;
                    }
                    continue;
                }
                let mut postings = inverted
                    .read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)
                    .map_err(tantivy::TantivyError::from)?;
                for &i in idx {
                    let (start, end) = docs[i].passages;
                    let mut doc = postings.doc();
                    if doc < start {
                        doc = postings.seek(start);
                    }
                    let mut sum = 0u32;
                    while doc != TERMINATED && doc < end {
                        if alive.is_none_or(|a| a.is_alive(doc)) {
                            let n = postings.term_freq();
                            sum = if f == TITLE { sum.max(n) } else { sum + n };
                        }
                        doc = postings.advance();
                    }
                    tf[i * n_terms + t] += w[f] * sum as f32;
                }
            }
        }
    }
    Ok(docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let tfs = &tf[i * n_terms..(i + 1) * n_terms];
            let len = segments
                .get(d.segment as usize)
                .and_then(|s| s.lengths.get(d.index))
                .map_or(avg, |l| (0..3).map(|f| w[f] * l[f]).sum());
            let norm = 1.0 / (1.0 - b + b * len / avg);
            tfs.iter()
                .zip(&term_weights)
                .filter(|(t, _)| **t > 0.0)
                .map(|(t, q)| {
                    let t = t * norm;
                    q * t / (k1 + t)
                })
                .sum()
        })
        .collect())
}

/// Inverse document frequency, as tantivy computes it.
fn idf(doc_freq: u64, docs: u64) -> f32 {
    let n = doc_freq.min(docs) as f32;
    (1.0 + (docs as f32 - n + 0.5) / (n + 0.5)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `trec_eval`'s order of a run, written out: score descending (NaN
    /// last), ties by id descending.
    #[test]
    fn run_order_sorts_as_trec_eval_reads_a_run() {
        let scores = [
            f32::NAN,
            -f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::MAX,
            f32::MIN,
            f32::MIN_POSITIVE,
            -f32::MIN_POSITIVE,
            1e-45,
            -1e-45,
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.4475623,
            0.3884544,
        ];
        let mut docs: Vec<(u32, f32)> = Vec::new();
        for (i, &s) in scores.iter().enumerate() {
            // Every score under several ids, which tie on the score.
            for id in [0, 7, u32::MAX - 1, 3 + i as u32 * 11] {
                docs.push((id, s));
            }
        }
        // The order eval's measures and run files are defined by: the
        // string ids of `metrics::rank_documents`, zero-padded so that
        // their byte order is the places' order.
        let mut theirs: Vec<(String, f32)> = docs
            .iter()
            .map(|&(id, s)| (format!("{id:010}"), s))
            .collect();
        crate::eval::metrics::rank_documents(&mut theirs);
        let mut ours = docs;
        ours.sort_by_key(|&(id, s)| run_order(s, id));
        assert_eq!(ours.len(), theirs.len());
        for (a, (b_id, b_score)) in ours.iter().zip(&theirs) {
            let same_score = a.1 == *b_score || (a.1.is_nan() && b_score.is_nan());
            assert!(
                format!("{:010}", a.0) == *b_id && same_score,
                "{a:?} against {b_id} {b_score}"
            );
        }
        // The key gives back the id and score, but for NaN and −0.
        for &s in &scores {
            if !s.is_nan() && s.to_bits() != (-0.0f32).to_bits() {
                let (id, back) = from_run_order(run_order(s, 77));
                assert_eq!((id, back.to_bits()), (77, s.to_bits()), "{s}");
            }
        }
        // Equal keys only for what the order cannot tell apart.
        assert_eq!(run_order(0.0, 5), run_order(-0.0, 5));
        assert_ne!(run_order(0.0, 5), run_order(0.0, 6));
        assert_ne!(run_order(1.0, 5), run_order(1.0000001, 5));
    }

    /// The document stage gives the same ranking, to the bit, whether the
    /// first stage's passages come best first or in any order.
    #[test]
    fn passages_in_any_order_rank_as_best_first() {
        use crate::search::top::TopScores;
        use crate::search::{QueryMode, Searcher};
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).expect("corpus folder");
        // Documents of several passages (paragraphs) that share words, so
        // that their passages' scores differ and a document's order of
        // passages changes its combined score.
        let words = ["glacier", "valley", "ice", "river", "moraine", "snow"];
        let mut lines = String::new();
        for d in 0..16usize {
            let paragraphs: Vec<String> = (0..1 + d % 4)
                .map(|p| {
                    let n = 3 + (d * 7 + p * 5) % 11;
                    let text: Vec<&str> = (0..n)
                        .map(|i| words[(d + p * 3 + i * (p + 1)) % words.len()])
                        .collect();
                    format!("{} and some other words here.", text.join(" "))
                })
                .collect();
            let record = serde_json::json!({
                "_id": format!("d{d}"),
                "title": words[d % words.len()],
                "text": paragraphs.join("\n\n"),
            });
            lines.push_str(&format!("{record}\n"));
        }
        std::fs::write(corpus.join("corpus.jsonl"), lines).expect("write corpus");
        let index = dir.path().join("index");
        crate::index::update(&crate::index::IndexOptions {
            corpus,
            index: index.clone(),
            rebuild: true,
            walk: Default::default(),
        })
        .expect("index");
        let searcher = Searcher::open(&index).expect("open");
        let tantivy_searcher = searcher.reader.searcher();
        let scoring = DocumentScoring {
            k1: 1.2,
            b: 0.75,
            weights: [1.0, 2.0, 0.5],
            weight: 0.5,
            depth: 3,
            document_idf: false,
        };
        // Unequal weights for the best passage and the others.
        let combine = |s: &[f32]| s[0] + 0.3 * s[1..].iter().sum::<f32>();
        let mut multi = 0;
        for query in ["glacier ice", "river snow moraine", "valley"] {
            let prepared = searcher.prepare(query, QueryMode::Plain).expect("query");
            let top = TopScores::with_limit(1000)
                .search(&tantivy_searcher, prepared.query.as_ref())
                .expect("search");
            // Documents and the bits of their scores.
            let rerank_bits = |passages: Passages<'_>| {
                rerank(
                    &tantivy_searcher,
                    &searcher.documents,
                    &prepared.terms,
                    passages,
                    &scoring,
                    &combine,
                )
                .expect("rerank")
                .into_iter()
                .map(|(id, score)| (id, score.to_bits()))
                .collect::<Vec<_>>()
            };
            let rank = |top: &[(f32, DocAddress)]| {
                let read = ReadPostings::default();
                rerank_bits(Passages {
                    top,
                    weight: None,
                    read: &read,
                })
            };
            let want = rank(&top);
            assert!(want.len() > 3, "{query}: {want:?}");
            let mut reversed = top.clone();
            reversed.reverse();
            let mut rotated = top.clone();
            rotated.rotate_left(top.len() / 3);
            for shuffled in [&top, &reversed, &rotated] {
                assert_eq!(rank(shuffled), want, "{query}");
            }
            // The same from an unordered first stage, with its dictionary
            // entries and its copy of the postings reused.
            let found = TopScores::with_limit(1000)
                .search_unordered(&tantivy_searcher, prepared.query.as_ref())
                .expect("search");
            assert!(found.weight.is_some(), "{query}");
            let reused = rerank_bits(Passages {
                top: &found.top,
                weight: found.weight.as_ref(),
                read: &found.read,
            });
            assert_eq!(reused, want, "{query}");
            let segments = searcher
                .documents
                .segments(&tantivy_searcher)
                .expect("docs");
            multi += top
                .iter()
                .filter(|(_, a)| {
                    segments[a.segment_ord as usize]
                        .of(a.doc_id)
                        .is_some_and(|(_, s, e)| e - s > 1)
                })
                .count();
        }
        assert!(multi > 10, "documents of several passages are tested");
    }

    #[test]
    fn document_and_passage_keys_sort_best_first_and_give_back_what_they_hold() {
        let scores = [
            f32::NAN,
            -f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
            0.0,
            -0.0,
            1e-45,
            -1e-45,
            1.5,
            -2.25,
        ];
        let mut docs = Vec::new();
        for &s in &scores {
            for number in [9, u32::MAX, 0, 3] {
                docs.push((s, number));
            }
        }
        for &(s, n) in &docs {
            let (back, number) = from_document_key(document_key(s, n));
            assert_eq!((back.to_bits(), number), (s.to_bits(), n));
            let key = passage_key(n, s);
            assert_eq!(
                (key >> 32, score_of_descending(key as u32).to_bits()),
                (u64::from(n), s.to_bits())
            );
        }
        let bits = |v: &[(f32, u32)]| -> Vec<(u32, u32)> {
            v.iter().map(|&(s, n)| (s.to_bits(), n)).collect()
        };
        // Documents: higher score first, then lower number.
        let mut theirs = docs.clone();
        theirs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut ours = docs.clone();
        ours.sort_by_key(|&(s, n)| document_key(s, n));
        assert_eq!(bits(&ours), bits(&theirs));
        // Passages: by document, then higher score first.
        theirs.sort_by(|a, b| a.1.cmp(&b.1).then(b.0.total_cmp(&a.0)));
        ours.sort_by_key(|&(s, n)| passage_key(n, s));
        assert_eq!(bits(&ours), bits(&theirs));
    }

    fn segment(ids: Vec<u32>) -> SegmentDocuments {
        SegmentDocuments {
            starts: (0..=ids.len() as u32).collect(),
            lengths: vec![[1.0; 3]; ids.len()],
            document_of: (0..ids.len() as u32).collect(),
            alive: ids.len(),
            ids,
        }
    }

    #[test]
    fn ids_of_several_segments_are_placed_in_byte_order() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // Each segment's ids by term ordinal (byte order), and each
        // document's ordinal; the second segment has a document without
        // an id, and one whose ordinal is out of range.
        let local = [names(&["a10", "b", "dup"]), names(&["a9", "dup", "é"])];
        let mut segments = [segment(vec![2, 0, 1, 2]), segment(vec![1, NO_ID, 0, 2, 9])];
        let ids = DocumentIds::gather(&mut segments, &local);
        let all: Vec<&str> = (0..ids.len() as u32).map(|i| ids.name(i)).collect();
        assert_eq!(all, ["", "a10", "a9", "b", "dup", "é"]);
        let named =
            |s: &SegmentDocuments| -> Vec<&str> { s.ids.iter().map(|&i| ids.name(i)).collect() };
        assert_eq!(named(&segments[0]), ["dup", "a10", "b", "dup"]);
        assert_eq!(named(&segments[1]), ["dup", "", "a9", "é", ""]);
        assert_eq!(ids.find("a9"), Some(2));
        assert_eq!(ids.find("a"), None);
        assert_eq!(ids.name(99), "");
    }
}
