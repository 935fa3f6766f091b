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
use std::sync::{Mutex, OnceLock};

use tantivy::columnar::Column;
use tantivy::postings::{Postings, TermInfo};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, SegmentReader, TERMINATED, Term};

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
}

impl SegmentDocuments {
    fn open(segment: &SegmentReader, fields: &[Field; 3]) -> std::result::Result<Self, String> {
        let ff = segment.fast_fields();
        let ords = |name: &str| -> std::result::Result<Column<u64>, String> {
            let col = ff
                .str(name)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no column '{name}'"))?;
            Ok(col.into_parts().1)
        };
        let (path, id) = (ords("path")?, ords("doc_id")?);
        let norms: Vec<_> = fields
            .iter()
            .map(|f| segment.fieldnorms_readers().get_field(*f).ok().flatten())
            .collect();
        let alive = segment.alive_bitset();
        let mut starts = Vec::new();
        let mut lengths: Vec<[f32; 3]> = Vec::new();
        let mut document_of = Vec::with_capacity(segment.max_doc() as usize);
        let mut alive_docs = 0;
        let mut counted = false;
        let mut last = None;
        for doc in 0..segment.max_doc() {
            let key = (path.first(doc), id.first(doc));
            if last != Some(key) {
                starts.push(doc);
                lengths.push([0.0; 3]);
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
        Ok(SegmentDocuments {
            starts,
            lengths,
            document_of,
            alive: alive_docs,
        })
    }

    /// The document holding passage `doc`: its index and passage range.
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

/// The documents of an open index, found on first use.
pub(super) struct Documents {
    fields: [Field; 3],
    segments: OnceLock<std::result::Result<Vec<SegmentDocuments>, String>>,
    /// Number of documents holding a term, by term, as they are counted.
    doc_freqs: Mutex<HashMap<String, u64>>,
}

impl Documents {
    /// For the ranked fields `fields` (text, title, section).
    pub(super) fn new(fields: [Field; 3]) -> Documents {
        Documents {
            fields,
            segments: OnceLock::new(),
            doc_freqs: Mutex::new(HashMap::new()),
        }
    }

    fn segments(&self, searcher: &tantivy::Searcher) -> Result<&[SegmentDocuments]> {
        self.segments
            .get_or_init(|| {
                searcher
                    .segment_readers()
                    .iter()
                    .map(|s| SegmentDocuments::open(s, &self.fields))
                    .collect()
            })
            .as_ref()
            .map(Vec::as_slice)
            // Unreadable columns or norms: a damaged index (the caller's
            // guard names the index and the command that rebuilds it).
            .map_err(|e| {
                Error::Tantivy(tantivy::TantivyError::InternalError(format!(
                    "whole-document ranking cannot read the index: {e}"
                )))
            })
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

/// A ranked document: its id and score.
pub type RankedDocument = (String, f32);

/// Folds `top` (passage scores and addresses, best first) into documents
/// with `combine` (a document's passage scores, best first), and scores
/// the best `scoring.depth` again as whole documents for `terms`. Returns
/// the documents, best first: the rescored ones, then the others in their
/// passage order. `doc_id` names the document of a passage.
pub(super) fn rerank(
    searcher: &tantivy::Searcher,
    documents: &Documents,
    terms: &[(String, f32)],
    top: &[(f32, DocAddress)],
    scoring: &DocumentScoring,
    combine: &dyn Fn(&[f32]) -> f32,
    doc_id: &dyn Fn(DocAddress) -> Result<String>,
) -> Result<Vec<RankedDocument>> {
    let segments = documents.segments(searcher)?;
    // Documents in order of first sight, each with its passage scores (in
    // `top`'s order): `slot[segment][index]` is one more than a document's
    // place in `found` (0: not seen yet), and `of[i]` the place of the
    // document of `top[i]`. The slots are this thread's from its last
    // query, all 0 again, so a query pays for its hits, not for the index's
    // documents.
    let mut slot = SLOTS.with(|cell| cell.take());
    slot.resize_with(segments.len(), Vec::new);
    for (slots, s) in slot.iter_mut().zip(segments) {
        if slots.len() != s.starts.len() {
            slots.clear();
            slots.resize(s.starts.len(), 0);
        }
    }
    let mut found: Vec<(Candidate, usize)> = Vec::with_capacity(top.len());
    let mut of: Vec<u32> = Vec::with_capacity(top.len());
    for &(_, addr) in top {
        let seg = addr.segment_ord as usize;
        let Some((index, start, end)) = segments.get(seg).and_then(|s| s.of(addr.doc_id)) else {
            of.push(u32::MAX);
            continue;
        };
        let place = &mut slot[seg][index];
        if *place == 0 {
            found.push((
                Candidate {
                    segment: addr.segment_ord,
                    index,
                    passage: addr,
                    passages: (start, end),
                    score: 0.0,
                },
                0,
            ));
            *place = found.len() as u32;
        }
        of.push(*place - 1);
        found[*place as usize - 1].1 += 1;
    }
    for (c, _) in &found {
        slot[c.segment as usize][c.index] = 0;
    }
    SLOTS.with(|cell| cell.replace(slot));
    // Each document's passage scores, side by side.
    let mut at = Vec::with_capacity(found.len());
    let mut next = 0;
    for (_, n) in &found {
        at.push(next);
        next += n;
    }
    let mut scores = vec![0.0f32; next];
    let mut filled = at.clone();
    for (&(score, _), &d) in top.iter().zip(&of) {
        if d != u32::MAX {
            scores[filled[d as usize]] = score;
            filled[d as usize] += 1;
        }
    }
    let mut docs: Vec<Candidate> = found
        .iter()
        .zip(&at)
        .map(|(&(c, n), &start)| Candidate {
            score: combine(&scores[start..start + n]),
            ..c
        })
        .collect();
    docs.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.passage.cmp(&b.passage)));
    let depth = if scoring.weight > 0.0 {
        scoring.depth.min(docs.len())
    } else {
        0
    };
    let whole = whole_scores(
        searcher,
        documents,
        segments,
        terms,
        &docs[..depth],
        scoring,
    )?;
    let lambda = scoring.weight.clamp(0.0, 1.0);
    let mut head: Vec<(DocAddress, f32)> = docs[..depth]
        .iter()
        .zip(whole)
        .map(|(d, w)| (d.passage, (1.0 - lambda) * d.score + lambda * w))
        .collect();
    head.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    // The others keep their order, below the rescored ones (scores
    // shifted down if need be, so the scores still give the order).
    let shift = match (head.last(), docs[depth..].first()) {
        (Some(&(_, floor)), Some(next)) if next.score >= floor => {
            next.score - floor + floor.abs().max(1.0) * 1e-3
        }
        _ => 0.0,
    };
    head.extend(docs[depth..].iter().map(|d| (d.passage, d.score - shift)));
    head.into_iter()
        .map(|(addr, score)| Ok((doc_id(addr)?, score)))
        .collect()
}

thread_local! {
    /// Per segment, one more than a document's place in [`rerank`]'s list
    /// (0: not seen yet); kept between queries, all 0 between them.
    static SLOTS: std::cell::RefCell<Vec<Vec<u32>>> = std::cell::RefCell::default();
}

/// A document found by its passages.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// Its segment.
    segment: u32,
    /// Its index in the segment's [`SegmentDocuments`].
    index: usize,
    /// One of its passages (the best).
    passage: DocAddress,
    /// Its passages, `start..end`.
    passages: (DocId, DocId),
    /// Its passages' scores, combined.
    score: f32,
}

/// The whole-document BM25F score of each of `docs` for `terms`.
fn whole_scores(
    searcher: &tantivy::Searcher,
    documents: &Documents,
    segments: &[SegmentDocuments],
    terms: &[(String, f32)],
    docs: &[Candidate],
    scoring: &DocumentScoring,
) -> Result<Vec<f32>> {
    if docs.is_empty() {
        return Ok(Vec::new());
    }
    let w = scoring.weights;
    // Collection statistics: documents and their average lengths.
    let count: usize = segments.iter().map(|s| s.lengths.len()).sum();
    let mut avg = 0.0f32;
    for s in segments {
        for len in &s.lengths {
            avg += (0..3).map(|f| w[f] * len[f]).sum::<f32>();
        }
    }
    let avg = (avg / count.max(1) as f32).max(f32::MIN_POSITIVE);
    let passages = searcher.num_docs();
    let alive: usize = segments.iter().map(|s| s.alive).sum();
    let k1 = scoring.k1.max(0.0);
    let b = scoring.b.clamp(0.0, 1.0);
    // Per term, `q · idf · (k1 + 1)`, with idf from the passages (as the
    // first stage has it).
    // Each term looked up once per segment and field: infos[term][segment].
    let mut infos: Vec<Vec<TermInfos>> = vec![Vec::new(); terms.len()];
    for reader in searcher.segment_readers() {
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
                    let term = Term::from_field_text(documents.fields[f], text);
                    per_field[f] = index
                        .get_term_info(&term)
                        .map_err(tantivy::TantivyError::from)?;
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
    // tf[doc][term], weighted over the fields.
    let mut tf = vec![vec![0.0f32; terms.len()]; docs.len()];
    let mut by_segment: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        by_segment.entry(d.segment).or_default().push(i);
    }
    for (seg, mut idx) in by_segment {
        idx.sort_by_key(|&i| docs[i].passages.0);
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
                let mut postings = inverted
                    .read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)
                    .map_err(tantivy::TantivyError::from)?;
                for &i in &idx {
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
                    tf[i][t] += w[f] * sum as f32;
                }
            }
        }
    }
    Ok(docs
        .iter()
        .zip(tf)
        .map(|(d, tfs)| {
            let (seg, i) = (d.segment, d.index);
            let len = segments
                .get(seg as usize)
                .and_then(|s| s.lengths.get(i))
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
