//! quarry's own BM25F ranking: a tantivy [`Query`] over several fields with
//! one term-frequency saturation per query term.
//!
//! tantivy's BM25 is fixed at k1 = 1.2, b = 0.75 and scores each field on
//! its own, so a word in the title and the text is saturated twice and
//! summed. [`Bm25fQuery`] instead adds up, per query term, the term's
//! frequency in each field, weighted by the field's weight and divided by
//! the field's length normalisation,
//!
//! ```text
//! tf~(t, d) = Σ_f  w_f · tf(t, f, d) / (1 − b_f + b_f · len(f, d) / avglen(f))
//! score(d)  = Σ_t  q_t · idf(t) · (k1 + 1) · tf~(t, d) / (k1 + tf~(t, d))
//! ```
//!
//! where `q_t` is the query term's weight (1 for each distinct term, or
//! what feedback gives it) and `idf(t) = ln(1 + (N − n + 0.5) / (n + 0.5))`
//! with `n` the largest document frequency of `t` over the fields. Lengths
//! are tantivy's field norms (the same one-byte approximation its BM25
//! uses), so with one field of weight 1, k1 = 1.2 and b = 0.75 the scores
//! are tantivy's.
//!
//! The scorer reads the postings of each (term, field) pair term at a time
//! into one score per document, which is cheaper than walking every list
//! together document at a time, and gives the same scores to the bit.

use std::fmt;
use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::{InvertedIndexReader, SegmentId};
use tantivy::postings::{BlockSegmentPostings, TermInfo};
use tantivy::query::{
    Bm25StatisticsProvider, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// One field a [`Bm25fQuery`] searches: its weight and its length
/// normalisation `b` (0: none, 1: full).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldWeight {
    /// The field.
    pub field: Field,
    /// How much one occurrence in this field counts.
    pub weight: f32,
    /// Length normalisation.
    pub b: f32,
}

/// A bag of analysed terms scored with BM25F over several fields. Matches
/// every document holding any of the terms in any of the fields.
#[derive(Clone, PartialEq)]
pub struct Bm25fQuery {
    k1: f32,
    fields: Vec<FieldWeight>,
    /// `Some(b)`: one length normalisation over the weighted sum of the
    /// fields' lengths, instead of one per field.
    joint: Option<f32>,
    /// How a term's document frequency is taken from its fields'.
    doc_freq: DocFreq,
    /// Analysed term texts with their query weights.
    terms: Vec<(String, f32)>,
    /// Terms that add a constant to the score of each document holding
    /// them (see [`Bm25fQuery::with_constant_terms`]).
    constants: Vec<(Term, f32)>,
}

impl fmt::Debug for Bm25fQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Bm25f(k1={}, {:?}, {:?}, {:?})",
            self.k1, self.fields, self.terms, self.constants
        )
    }
}

impl Bm25fQuery {
    /// A query for `terms` (analysed texts, each with its weight; terms with
    /// a weight of 0 or less are left out) in `fields`, with saturation `k1`.
    pub fn new(k1: f32, fields: Vec<FieldWeight>, terms: Vec<(String, f32)>) -> Bm25fQuery {
        let terms = terms.into_iter().filter(|(_, w)| *w > 0.0).collect();
        Bm25fQuery {
            k1: k1.max(0.0),
            fields,
            joint: None,
            doc_freq: DocFreq::Max,
            terms,
            constants: Vec::new(),
        }
    }

    /// Adds `score` to the score of every document holding `term`, for
    /// each `(term, score)` in turn after the BM25F score; a document
    /// holding only such terms matches with their sum. The scores are
    /// those of a [`tantivy::query::BooleanQuery`] of the bag and of a
    /// `ConstScoreQuery(TermQuery(term), score)` per constant term, all
    /// `Should`, in this order, to the bit (tantivy adds a document's
    /// clause scores in clause order), without tantivy's union of scorers.
    pub fn with_constant_terms(mut self, constants: Vec<(Term, f32)>) -> Bm25fQuery {
        self.constants = constants;
        self
    }

    /// Normalises by the weighted sum of the fields' lengths with `b`
    /// (each field's own `b` is then not used), as if the fields were one.
    pub fn with_joint_length(mut self, b: f32) -> Bm25fQuery {
        self.joint = Some(b);
        self
    }

    /// Takes document frequencies as `doc_freq` says.
    pub fn with_doc_freq(mut self, doc_freq: DocFreq) -> Bm25fQuery {
        self.doc_freq = doc_freq;
        self
    }

    /// The terms and their weights.
    pub fn terms(&self) -> &[(String, f32)] {
        &self.terms
    }
}

/// Which document frequency a term's idf uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocFreq {
    /// The largest over the fields.
    Max,
    /// The first field's.
    First,
    /// The sum over the fields (at most the number of documents).
    Sum,
}

/// Inverse document frequency, as tantivy computes it.
fn idf(doc_freq: u64, docs: u64) -> f32 {
    let n = doc_freq.min(docs) as f32;
    (1.0 + (docs as f32 - n + 0.5) / (n + 0.5)).ln()
}

impl Query for Bm25fQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.bm25f_weight(scoring, &[])?))
    }

    fn query_terms<'a>(&'a self, _visitor: &mut dyn FnMut(&'a Term, bool)) {}
}

impl Bm25fQuery {
    /// The weight of this query for a search of `searcher` under its own
    /// statistics. Each (term, field) pair is looked up in each segment's
    /// term dictionary once, for both its document frequency and its
    /// postings.
    pub(super) fn searcher_weight(
        &self,
        searcher: &tantivy::Searcher,
    ) -> tantivy::Result<Bm25fWeight> {
        self.bm25f_weight(
            EnableScoring::enabled_from_searcher(searcher),
            searcher.segment_readers(),
        )
    }

    /// The weight under `scoring`, whose statistics are those of the
    /// `segments` when any are given (their term infos are then kept).
    fn bm25f_weight(
        &self,
        scoring: EnableScoring<'_>,
        segments: &[SegmentReader],
    ) -> tantivy::Result<Bm25fWeight> {
        let stats: Option<&dyn Bm25StatisticsProvider> = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(statistics_provider),
            EnableScoring::Disabled { .. } => None,
        };
        let docs = match stats {
            Some(s) => s.total_num_docs()?,
            None => 0,
        };
        let mut norms = Vec::with_capacity(self.fields.len());
        let mut joint_avg = 0.0f32;
        for fw in &self.fields {
            let mut cache = [0.0f32; 256];
            if let Some(s) = stats {
                let tokens = s.total_num_tokens(fw.field)?;
                let avg = if docs > 0 && tokens > 0 {
                    tokens as f32 / docs as f32
                } else {
                    1.0
                };
                joint_avg += fw.weight * avg;
                for (id, slot) in cache.iter_mut().enumerate() {
                    let len = FieldNormReader::id_to_fieldnorm(id as u8) as f32;
                    *slot = match self.joint {
                        // The weighted length, normalised in the scorer.
                        Some(_) => fw.weight * len,
                        None => fw.weight / (1.0 - fw.b + fw.b * len / avg),
                    };
                }
            }
            norms.push(cache);
        }
        let joint = self.joint.map(|b| Joint {
            b,
            avg: joint_avg.max(f32::MIN_POSITIVE),
            weights: self.fields.iter().map(|f| f.weight).collect(),
        });
        let mut terms = Vec::with_capacity(self.terms.len());
        let n_terms = self.terms.len();
        // Per segment, the term info of each (field, term) pair, field by
        // field: the document frequencies are summed from them as
        // `Searcher::doc_freq` sums them, and the postings read from them.
        let mut infos: Vec<SegmentTerms> = Vec::new();
        if stats.is_some() {
            for reader in segments {
                let mut found = Vec::with_capacity(self.fields.len() * n_terms);
                let mut readers = Vec::with_capacity(self.fields.len());
                for fw in &self.fields {
                    let inverted = reader.inverted_index(fw.field)?;
                    readers.push(Arc::clone(&inverted));
                    // A field no passage of the segment has (sections, in
                    // most collections) has nothing to look up.
                    if inverted.terms().num_terms() == 0 {
                        found.extend(self.terms.iter().map(|_| None));
                        continue;
                    }
                    for (text, _) in &self.terms {
                        let term = Term::from_field_text(fw.field, text);
                        found.push(inverted.get_term_info(&term)?);
                    }
                }
                infos.push(SegmentTerms {
                    segment: reader.segment_id(),
                    infos: found,
                    inverted: readers,
                });
            }
        }
        for (t, (text, q)) in self.terms.iter().enumerate() {
            let mut doc_freq = 0;
            let per_field: Vec<Term> = self
                .fields
                .iter()
                .map(|fw| Term::from_field_text(fw.field, text))
                .collect();
            if let Some(s) = stats {
                for (i, term) in per_field.iter().enumerate() {
                    let n = if infos.is_empty() {
                        s.doc_freq(term)?
                    } else {
                        infos
                            .iter()
                            .map(|seg| {
                                seg.infos[i * n_terms + t]
                                    .as_ref()
                                    .map_or(0, |info| u64::from(info.doc_freq))
                            })
                            .sum()
                    };
                    doc_freq = match self.doc_freq {
                        DocFreq::Max => doc_freq.max(n),
                        DocFreq::First if i == 0 => n,
                        DocFreq::First => doc_freq,
                        DocFreq::Sum => doc_freq + n,
                    };
                }
            }
            let weight = if stats.is_some() {
                q * idf(doc_freq, docs) * (self.k1 + 1.0)
            } else {
                0.0
            };
            terms.push((per_field, weight));
        }
        Ok(Bm25fWeight {
            k1: self.k1,
            joint,
            norms,
            fields: self.fields.iter().map(|f| f.field).collect(),
            terms,
            constants: self.constants.clone(),
            scoring: stats.is_some(),
            infos,
        })
    }
}

/// The term infos of a query's (field, term) pairs in one segment, field
/// by field (`None`: the segment lacks the term in that field).
struct SegmentTerms {
    segment: SegmentId,
    infos: Vec<Option<TermInfo>>,
    /// Each field's inverted index.
    inverted: Vec<Arc<InvertedIndexReader>>,
}

/// One length normalisation over all fields: `b`, the weighted sum of the
/// fields' average lengths and the fields' weights.
struct Joint {
    b: f32,
    avg: f32,
    weights: Vec<f32>,
}

impl Joint {
    /// Everything a document's joint normalisation depends on besides its
    /// segment, as bits (`None` with more than [`MAX_JOINT_FIELDS`] fields).
    fn key(&self) -> Option<[u32; 2 + MAX_JOINT_FIELDS]> {
        if self.weights.len() > MAX_JOINT_FIELDS {
            return None;
        }
        let mut key = [0u32; 2 + MAX_JOINT_FIELDS];
        key[0] = self.b.to_bits();
        key[1] = self.avg.to_bits();
        for (slot, w) in key[2..].iter_mut().zip(&self.weights) {
            *slot = w.to_bits();
        }
        Some(key)
    }
}

pub(super) struct Bm25fWeight {
    k1: f32,
    joint: Option<Joint>,
    /// Per field: `w_f / (1 − b_f + b_f · len / avglen)` by field-norm id
    /// (with a joint normalisation: `w_f · len`).
    norms: Vec<[f32; 256]>,
    fields: Vec<Field>,
    /// Per query term: its term in each field and `q_t · idf · (k1 + 1)`.
    terms: Vec<(Vec<Term>, f32)>,
    /// Terms that add a constant score, in order.
    constants: Vec<(Term, f32)>,
    scoring: bool,
    /// The term infos of the segments the weight was made for, if any.
    infos: Vec<SegmentTerms>,
}

impl Bm25fWeight {
    /// The postings of every (term, field) pair the segment holds, sorted by
    /// term (a term's lists in field order), and each field's norms.
    fn lists(&self, reader: &SegmentReader) -> tantivy::Result<(Vec<List>, Vec<FieldNormReader>)> {
        let option = if self.scoring {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        let mut lists = Vec::new();
        let mut fieldnorms = Vec::with_capacity(self.fields.len());
        let known = self.infos.iter().find(|s| s.segment == reader.segment_id());
        for (f, field) in self.fields.iter().enumerate() {
            let inverted = match known {
                Some(s) => Arc::clone(&s.inverted[f]),
                None => reader.inverted_index(*field)?,
            };
            for (t, (terms, _)) in self.terms.iter().enumerate() {
                let info = match known {
                    Some(s) => s.infos[f * self.terms.len() + t].clone(),
                    None => inverted.get_term_info(&terms[f])?,
                };
                if let Some(info) = info {
                    let postings = inverted.read_block_postings_from_terminfo(&info, option)?;
                    lists.push(List {
                        postings,
                        term: t,
                        field: f,
                    });
                }
            }
            let norms = match reader.fieldnorms_readers().get_field(*field)? {
                Some(r) if self.scoring => r,
                _ => FieldNormReader::constant(reader.max_doc(), 1),
            };
            fieldnorms.push(norms);
        }
        // Lists of one term next to each other, in field order, so a
        // document's frequencies are summed term by term (a stable sort).
        lists.sort_by_key(|l| l.term);
        Ok((lists, fieldnorms))
    }

    /// Every document of the segment that holds a query term, in doc-id
    /// order, with its score.
    fn matches(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Matches> {
        let mut m = Matches::default();
        self.each_match(reader, boost, None, |doc, score| {
            m.docs.push(doc);
            m.scores.push(score);
        })?;
        Ok(m)
    }

    /// Calls `each` with every document of the segment that holds a query
    /// term, in doc-id order, and its score.
    ///
    /// The lists are read term at a time into one score per document: each
    /// term's lists (one per field, at most a few) are read field by field
    /// into one pseudo-frequency per document, which is saturated and added
    /// to the document's score. The arithmetic, and the order of every sum,
    /// is that of scoring one document at a time over all lists, so scores
    /// are the same to the bit.
    fn each_match(
        &self,
        reader: &SegmentReader,
        boost: Score,
        mut read: Option<&mut ReadPostings>,
        mut each: impl FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        let (mut lists, fieldnorms) = self.lists(reader)?;
        let mut constants = Vec::with_capacity(self.constants.len());
        for (term, score) in &self.constants {
            let inverted = reader.inverted_index(term.field())?;
            if let Some(info) = inverted.get_term_info(term)? {
                let postings =
                    inverted.read_block_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
                constants.push((postings, boost * score));
            }
        }
        if lists.is_empty() && constants.is_empty() {
            return Ok(());
        }
        if let Some(read) = read.as_deref_mut() {
            let postings: usize = lists.iter().map(|l| l.postings.doc_freq() as usize).sum();
            read.docs.reserve(postings);
            read.freqs.reserve(postings);
        }
        let model = Model {
            k1: self.k1,
            joint: self.joint.as_ref(),
            norms: &self.norms,
            fieldnorms: &fieldnorms,
        };
        let max_doc = reader.max_doc() as usize;
        let mut fresh = None;
        SCRATCH.with(|cell| {
            // A scorer built while another is being built on this thread
            // (never expected) gets scratch space of its own.
            let mut borrowed = cell.try_borrow_mut();
            let scratch: &mut Scratch = match borrowed.as_deref_mut() {
                Ok(s) => s,
                Err(_) => fresh.insert(Scratch::default()),
            };
            scratch.fit(max_doc);
            if let Some(joint) = &self.joint {
                scratch.use_norms(reader.segment_id(), joint.key(), max_doc);
            }
            let mut start = 0;
            while start < lists.len() {
                let term = lists[start].term;
                let end = start + lists[start..].iter().take_while(|l| l.term == term).count();
                let weight = self.terms[term].1 * boost;
                if let Some(read) = read.as_deref_mut() {
                    read.segment = Some(reader.segment_id());
                }
                // Compiled apart, so that a search keeping nothing pays
                // nothing for it.
                match read.as_deref_mut() {
                    Some(read) => {
                        model.add_term::<true>(scratch, &mut lists[start..end], weight, Some(read))
                    }
                    None => model.add_term::<false>(scratch, &mut lists[start..end], weight, None),
                }
                start = end;
            }
            for (postings, score) in &mut constants {
                scratch.add_constant(postings, *score);
            }
            scratch.drain(&mut each);
        });
        Ok(())
    }

    /// The dictionary entry of `text` in `field` of the `segment`-th
    /// segment of the searcher the weight was made for, as looked up for
    /// the search (outer `None`: not looked up, as for a field or term not
    /// in the query, or a weight made without the searcher's segments).
    pub(super) fn term_info(
        &self,
        segment: usize,
        field: Field,
        text: &str,
    ) -> Option<Option<TermInfo>> {
        let f = self.fields.iter().position(|&x| x == field)?;
        let t = self.terms.iter().position(|(terms, _)| {
            terms
                .get(f)
                .is_some_and(|t| t.value().as_str() == Some(text))
        })?;
        let infos = &self.infos.get(segment)?.infos;
        infos.get(f * self.terms.len() + t).cloned()
    }

    /// Calls `each` with every alive document of the segment that holds a
    /// query term, in doc-id order, and its score (at a boost of 1); keeps
    /// the postings it reads in `read`, if given.
    pub(super) fn each_alive(
        &self,
        reader: &SegmentReader,
        read: Option<&mut ReadPostings>,
        mut each: impl FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        match reader.alive_bitset() {
            Some(alive) => self.each_match(reader, 1.0, read, |doc, score| {
                if alive.is_alive(doc) {
                    each(doc, score);
                }
            }),
            None => self.each_match(reader, 1.0, read, each),
        }
    }

    /// The documents and frequencies of `text`'s postings in `field` of
    /// the segment `segment`, as a search with this weight kept them in
    /// `read` (`None`: not kept, or not read).
    pub(super) fn read_postings<'r>(
        &self,
        read: &'r ReadPostings,
        segment: SegmentId,
        field: Field,
        text: &str,
    ) -> Option<(&'r [DocId], &'r [u32])> {
        let f = self.fields.iter().position(|&x| x == field)?;
        let t = self.terms.iter().position(|(terms, _)| {
            terms
                .get(f)
                .is_some_and(|t| t.value().as_str() == Some(text))
        })?;
        let list = read
            .lists
            .iter()
            .find(|l| l.segment == Some(segment) && l.field == f && l.term == t)?;
        let (start, end) = list.range;
        Some((read.docs.get(start..end)?, read.freqs.get(start..end)?))
    }
}

/// The postings a search read, kept for a second look (the document
/// stage's): each list's documents and frequencies, side by side.
#[derive(Default)]
pub(super) struct ReadPostings {
    lists: Vec<ReadList>,
    docs: Vec<DocId>,
    freqs: Vec<u32>,
    /// The segment being read.
    segment: Option<SegmentId>,
}

/// One (term, field) list of a [`ReadPostings`].
struct ReadList {
    segment: Option<SegmentId>,
    field: usize,
    term: usize,
    /// Its place in `docs` and `freqs`.
    range: (usize, usize),
}

impl ReadPostings {
    /// Keeps a block of a list: its documents and their frequencies.
    #[inline]
    fn block(&mut self, postings: &BlockSegmentPostings) {
        let docs = postings.docs();
        self.docs.extend_from_slice(docs);
        match postings.freqs().get(..docs.len()) {
            Some(freqs) => self.freqs.extend_from_slice(freqs),
            // Frequencies not read: one each.
            None => self.freqs.resize(self.docs.len(), 1),
        }
    }

    /// Ends the list of `term` in `field`, whose blocks were kept from
    /// `start` on.
    fn close(&mut self, field: usize, term: usize, start: usize) {
        self.lists.push(ReadList {
            segment: self.segment,
            field,
            term,
            range: (start, self.docs.len()),
        });
    }
}

/// Scratch space for [`Bm25fWeight::matches`], kept per thread so that a
/// batch of queries does not allocate (and zero) a score per document of
/// the segment for each query. Scores and marks are back to their empty
/// values after each use; the joint length normalisations of the
/// documents, which depend on the segment and the ranking parameters only,
/// are kept for the next query.
#[derive(Default)]
struct Scratch {
    /// Score by doc id (0 when untouched).
    scores: Vec<f32>,
    /// Documents holding a query term, one bit each.
    seen: Vec<u64>,
    /// The range of `seen`'s words that may have bits set.
    words: (usize, usize),
    /// Joint length normalisations of the last few (segment, parameters).
    norm_caches: Vec<NormCache>,
    /// The one in use.
    current: usize,
    /// A term's pseudo-frequency by doc id, while its lists are read (0
    /// otherwise).
    tfs: Vec<f32>,
    /// Documents holding the term being read, one bit each, and in order
    /// of first sight.
    term_seen: Vec<u64>,
    term_docs: Vec<DocId>,
}

/// Joint length normalisation by doc id of one segment under one set of
/// parameters, each computed on first use (NaN until then).
struct NormCache {
    segment: SegmentId,
    key: [u32; 2 + MAX_JOINT_FIELDS],
    norms: Vec<f32>,
}

/// Most fields whose joint normalisations are cached; queries over more
/// fields compute them afresh.
const MAX_JOINT_FIELDS: usize = 6;

/// (Segment, parameters) pairs whose normalisations a thread keeps.
const NORM_CACHES: usize = 8;

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

impl Scratch {
    /// Makes room for documents `0..max_doc`.
    fn fit(&mut self, max_doc: usize) {
        if self.scores.len() < max_doc {
            self.scores.resize(max_doc, 0.0);
            self.tfs.resize(max_doc, 0.0);
            self.seen.resize(max_doc.div_ceil(64), 0);
            self.term_seen.resize(max_doc.div_ceil(64), 0);
        }
        self.words = (usize::MAX, 0);
    }

    /// Chooses the normalisations of `segment` under the parameters `key`
    /// (fresh ones when `key` is `None`).
    fn use_norms(
        &mut self,
        segment: SegmentId,
        key: Option<[u32; 2 + MAX_JOINT_FIELDS]>,
        max_doc: usize,
    ) {
        let found = key.and_then(|key| {
            self.norm_caches
                .iter()
                .position(|c| c.segment == segment && c.key == key && c.norms.len() == max_doc)
        });
        self.current = match found {
            Some(i) => i,
            None => {
                if self.norm_caches.len() >= NORM_CACHES {
                    self.norm_caches.remove(0);
                }
                self.norm_caches.push(NormCache {
                    segment,
                    // A key no parameters have: never found again.
                    key: key.unwrap_or([u32::MAX; 2 + MAX_JOINT_FIELDS]),
                    norms: vec![f32::NAN; max_doc],
                });
                self.norm_caches.len() - 1
            }
        };
    }

    /// Adds `score` to every document of `postings`, and marks it.
    fn add_constant(&mut self, postings: &mut BlockSegmentPostings, score: Score) {
        let (mut lo, mut hi) = (usize::MAX, 0);
        loop {
            let docs = postings.docs();
            let (Some(&first), Some(&last)) = (docs.first(), docs.last()) else {
                break;
            };
            lo = lo.min(first as usize / 64);
            hi = hi.max(last as usize / 64 + 1);
            for &doc in docs {
                let d = doc as usize;
                if let (Some(word), Some(s)) = (self.seen.get_mut(d / 64), self.scores.get_mut(d)) {
                    *word |= 1 << (d % 64);
                    *s += score;
                }
            }
            postings.advance();
        }
        if lo < hi {
            self.words.0 = self.words.0.min(lo);
            self.words.1 = self.words.1.max(hi);
        }
    }

    /// Calls `each` with the marked documents in order and their scores;
    /// leaves the scratch space empty.
    #[inline]
    fn drain(&mut self, each: &mut impl FnMut(DocId, Score)) {
        let (lo, hi) = self.words;
        for word in lo..hi {
            let mut bits = std::mem::take(&mut self.seen[word]);
            while bits != 0 {
                let doc = word * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                each(doc as DocId, std::mem::take(&mut self.scores[doc]));
            }
        }
        self.words = (usize::MAX, 0);
    }
}

/// What scoring one segment needs besides the postings.
struct Model<'a> {
    k1: f32,
    joint: Option<&'a Joint>,
    /// See [`Bm25fWeight::norms`].
    norms: &'a [[f32; 256]],
    fieldnorms: &'a [FieldNormReader],
}

impl Model<'_> {
    /// Adds one term's share to the score of every document holding it:
    /// `weight` times the saturation of the sum, over the term's `lists`
    /// (its fields, in order), of each field's weighted, normalised frequency.
    fn add_term<const KEEP: bool>(
        &self,
        scratch: &mut Scratch,
        lists: &mut [List],
        weight: f32,
        mut read: Option<&mut ReadPostings>,
    ) {
        let Scratch {
            scores,
            seen,
            words,
            norm_caches,
            current,
            tfs,
            term_seen,
            term_docs,
            ..
        } = scratch;
        let cache: &mut [f32] = match (self.joint, norm_caches.get_mut(*current)) {
            (Some(_), Some(c)) => &mut c.norms,
            _ => &mut [],
        };
        let mut share = |field: usize, tf: u32, doc: DocId| self.share(cache, field, tf, doc);
        // The documents marked: the lists' first and last documents bound
        // them (postings are in doc-id order).
        let (mut lo, mut hi) = (usize::MAX, 0);
        if let [l] = lists {
            // One field holds the term: each document's frequency at once.
            let field = l.field;
            let start = read.as_ref().map_or(0, |r| r.docs.len());
            loop {
                let docs = l.postings.docs();
                let (Some(&first), Some(&last)) = (docs.first(), docs.last()) else {
                    if KEEP && let Some(read) = read.as_deref_mut() {
                        read.close(field, l.term, start);
                    }
                    break;
                };
                if KEEP && let Some(read) = read.as_deref_mut() {
                    read.block(&l.postings);
                }
                lo = lo.min(first as usize / 64);
                hi = hi.max(last as usize / 64 + 1);
                for (i, &doc) in docs.iter().enumerate() {
                    let d = doc as usize;
                    let mut tf = 0.0f32;
                    tf += share(field, l.postings.freq(i), doc);
                    seen[d / 64] |= 1 << (d % 64);
                    if tf > 0.0 {
                        scores[d] += weight * tf / (self.k1 + tf);
                    }
                }
                l.postings.advance();
            }
        } else {
            // Field by field, each document's frequencies summed in field
            // order (as `tf += …` over the lists holding it), then saturated.
            term_docs.clear();
            for l in lists.iter_mut() {
                let field = l.field;
                let start = read.as_ref().map_or(0, |r| r.docs.len());
                loop {
                    let docs = l.postings.docs();
                    let (Some(&first), Some(&last)) = (docs.first(), docs.last()) else {
                        if KEEP && let Some(read) = read.as_deref_mut() {
                            read.close(field, l.term, start);
                        }
                        break;
                    };
                    if KEEP && let Some(read) = read.as_deref_mut() {
                        read.block(&l.postings);
                    }
                    lo = lo.min(first as usize / 64);
                    hi = hi.max(last as usize / 64 + 1);
                    for (i, &doc) in docs.iter().enumerate() {
                        let x = share(field, l.postings.freq(i), doc);
                        let d = doc as usize;
                        let bit = 1u64 << (d % 64);
                        if term_seen[d / 64] & bit == 0 {
                            term_seen[d / 64] |= bit;
                            term_docs.push(doc);
                        }
                        tfs[d] += x;
                    }
                    l.postings.advance();
                }
            }
            for &doc in term_docs.iter() {
                let d = doc as usize;
                term_seen[d / 64] = 0;
                let tf = std::mem::take(&mut tfs[d]);
                seen[d / 64] |= 1 << (d % 64);
                if tf > 0.0 {
                    scores[d] += weight * tf / (self.k1 + tf);
                }
            }
        }
        if lo < hi {
            words.0 = words.0.min(lo);
            words.1 = words.1.max(hi);
        }
    }

    /// One field's share of a term's pseudo-frequency in `doc`, which holds
    /// the term `tf` times in `field` (`cache`: the joint normalisations
    /// by doc id, NaN until computed).
    #[inline(always)]
    fn share(&self, cache: &mut [f32], field: usize, tf: u32, doc: DocId) -> f32 {
        let tf = tf as f32;
        match self.joint {
            Some(joint) => {
                let d = doc as usize;
                let norm = match cache.get(d) {
                    Some(&cached) if !cached.is_nan() => cached,
                    _ => {
                        let norm = self.joint_norm(joint, doc);
                        if let Some(slot) = cache.get_mut(d) {
                            *slot = norm;
                        }
                        norm
                    }
                };
                tf * joint.weights[field] * norm
            }
            None => {
                let id = self.fieldnorms[field].fieldnorm_id(doc);
                tf * self.norms[field][id as usize]
            }
        }
    }

    /// The joint length normalisation of `doc`: one over `1 − b + b · len /
    /// avg`, `len` the weighted sum of its fields' lengths.
    fn joint_norm(&self, joint: &Joint, doc: DocId) -> f32 {
        let len: f32 = self
            .fieldnorms
            .iter()
            .enumerate()
            .map(|(f, r)| self.norms[f][r.fieldnorm_id(doc) as usize])
            .sum();
        1.0 / (1.0 - joint.b + joint.b * len / joint.avg)
    }
}

/// The documents of a segment that match, in doc-id order, with their scores.
#[derive(Default)]
struct Matches {
    docs: Vec<DocId>,
    scores: Vec<Score>,
}

impl Weight for Bm25fWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let matches = self.matches(reader, boost)?;
        if matches.docs.is_empty() {
            return Ok(Box::new(EmptyScorer));
        }
        Ok(Box::new(Bm25fScorer { matches, at: 0 }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let m = self.matches(reader, 1.0)?;
        match m.docs.binary_search(&doc) {
            Ok(at) => Ok(Explanation::new("BM25F", m.scores[at])),
            Err(_) => Err(tantivy::TantivyError::InvalidArgument(format!(
                "document #({doc}) does not match"
            ))),
        }
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.each_match(reader, 1.0, None, callback)
    }

    fn for_each_pruning(
        &self,
        mut threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.each_match(reader, 1.0, None, |doc, score| {
            if score > threshold {
                threshold = callback(doc, score);
            }
        })
    }
}

/// The postings of one query term in one field.
struct List {
    postings: BlockSegmentPostings,
    term: usize,
    field: usize,
}

/// A segment's matching documents, scored in advance (see
/// [`Bm25fWeight::matches`]), as a tantivy scorer.
struct Bm25fScorer {
    matches: Matches,
    /// Index of the current document in `matches`.
    at: usize,
}

impl DocSet for Bm25fScorer {
    fn advance(&mut self) -> DocId {
        if self.at < self.matches.docs.len() {
            self.at += 1;
        }
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let docs = &self.matches.docs;
        if self.at < docs.len() && docs[self.at] < target {
            self.at += docs[self.at..].partition_point(|&d| d < target);
        }
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.matches
            .docs
            .get(self.at)
            .copied()
            .unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        self.matches.docs.len() as u32
    }
}

impl Scorer for Bm25fScorer {
    fn score(&mut self) -> Score {
        self.matches.scores.get(self.at).copied().unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{STORED, Schema, TEXT};
    use tantivy::{Index, IndexWriter, doc};

    /// Texts of varied lengths and term frequencies, in two segments.
    const TEXTS: &[&str] = &[
        "trade grew in the first half",
        "foreign trade trade trade and investment grew",
        "the port handles container trade for the whole region and more",
        "investment in ports",
        "nothing relevant here at all",
        "trade",
        "a long passage about many things: ports, ships, containers, cranes, \
         trade routes, customs, tariffs, investment funds and growth",
        "growth growth growth of investment",
    ];

    fn index() -> (Index, Field) {
        let mut b = Schema::builder();
        let text = b.add_text_field("text", TEXT | STORED);
        let index = Index::create_in_ram(b.build());
        let mut w: IndexWriter = index.writer(15_000_000).expect("writer");
        for (i, t) in TEXTS.iter().enumerate() {
            w.add_document(doc!(text => *t)).expect("add");
            if i == 3 {
                w.commit().expect("commit");
            }
        }
        w.commit().expect("commit");
        (index, text)
    }

    /// (score, doc) of every match, best first, ties by address.
    fn ranked(index: &Index, query: &dyn Query) -> Vec<(f32, (u32, u32))> {
        let searcher = index.reader().expect("reader").searcher();
        let mut top: Vec<(f32, (u32, u32))> = searcher
            .search(query, &TopDocs::with_limit(100).order_by_score())
            .expect("search")
            .into_iter()
            .map(|(s, a)| (s, (a.segment_ord, a.doc_id)))
            .collect();
        top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        top
    }

    #[test]
    fn one_field_at_tantivys_parameters_ranks_as_tantivy() {
        let (index, text) = index();
        let searcher = index.reader().expect("reader").searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        // "trade" twice: tantivy scores a repeated word twice, which a
        // BM25F term of weight 2 does too.
        for words in [
            vec!["trade"],
            vec!["trade", "investment"],
            vec!["growth", "trade", "ports", "trade"],
            vec!["absent"],
        ] {
            let clauses: Vec<(Occur, Box<dyn Query>)> = words
                .iter()
                .map(|w| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(text, w),
                        IndexRecordOption::WithFreqs,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            let theirs = ranked(&index, &BooleanQuery::new(clauses));
            let mut terms: Vec<(String, f32)> = Vec::new();
            for w in &words {
                match terms.iter_mut().find(|(t, _)| t == w) {
                    Some((_, n)) => *n += 1.0,
                    None => terms.push((w.to_string(), 1.0)),
                }
            }
            let field = FieldWeight {
                field: text,
                weight: 1.0,
                b: 0.75,
            };
            let ours = ranked(&index, &Bm25fQuery::new(1.2, vec![field], terms));
            assert_eq!(ours.len(), theirs.len(), "{words:?}");
            for (o, t) in ours.iter().zip(&theirs) {
                assert_eq!(o.1, t.1, "{words:?}: {ours:?} vs {theirs:?}");
                assert!((o.0 - t.0).abs() < 1e-4 * t.0.max(1.0), "{o:?} vs {t:?}");
            }
        }
    }

    #[test]
    fn one_saturation_over_weighted_fields() {
        let mut b = Schema::builder();
        let title = b.add_text_field("title", TEXT);
        let text = b.add_text_field("text", TEXT);
        let index = Index::create_in_ram(b.build());
        let mut w: IndexWriter = index.writer(15_000_000).expect("writer");
        w.add_document(doc!(title => "trade", text => "trade news"))
            .expect("add");
        w.add_document(doc!(title => "ships", text => "trade news"))
            .expect("add");
        w.add_document(doc!(title => "ships", text => "other news"))
            .expect("add");
        w.commit().expect("commit");
        let fields = |title_weight| {
            vec![
                FieldWeight {
                    field: text,
                    weight: 1.0,
                    b: 0.0,
                },
                FieldWeight {
                    field: title,
                    weight: title_weight,
                    b: 0.0,
                },
            ]
        };
        let terms = vec![("trade".to_string(), 1.0)];
        let top = ranked(&index, &Bm25fQuery::new(1.2, fields(1.0), terms.clone()));
        assert_eq!(top.len(), 2);
        // idf from the larger document frequency (2, in the text field).
        let idf = (1.0f32 + (3.0 - 2.0 + 0.5) / (2.0 + 0.5)).ln();
        let sat = |tf: f32| idf * 2.2 * tf / (1.2 + tf);
        assert!((top[0].0 - sat(2.0)).abs() < 1e-5, "{top:?}");
        assert!((top[1].0 - sat(1.0)).abs() < 1e-5, "{top:?}");
        // A title weight of 0.5 counts half an occurrence.
        let top = ranked(&index, &Bm25fQuery::new(1.2, fields(0.5), terms));
        assert!((top[0].0 - sat(1.5)).abs() < 1e-5, "{top:?}");
    }
}

#[cfg(test)]
mod reference_tests {
    use super::*;
    use crate::search::top::TopScores;
    use tantivy::collector::TopDocs;
    use tantivy::query::Bm25StatisticsProvider;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{DocAddress, Index, IndexWriter, doc};

    const WORDS: &[&str] = &[
        "trade", "port", "ship", "grain", "steel", "tariff", "crane", "river",
    ];

    /// Three fields, several segments, deleted documents, repeated texts
    /// (tied scores) and varied lengths.
    fn index() -> (Index, [Field; 3]) {
        let mut b = Schema::builder();
        let text = b.add_text_field("text", TEXT);
        let title = b.add_text_field("title", TEXT);
        let section = b.add_text_field("section", TEXT);
        let index = Index::create_in_ram(b.build());
        let mut w: IndexWriter = index.writer(15_000_000).expect("writer");
        for i in 0..240usize {
            let pick = |n: usize, step: usize| -> String {
                (0..n)
                    .map(|j| WORDS[(i * step + j * (i % 5 + 1)) % WORDS.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            // Every 7th document repeats the one before it.
            let i_text = if i % 7 == 0 { i.saturating_sub(1) } else { i };
            let text_words = 1 + (i_text * 13) % 23;
            w.add_document(doc!(
                text => pick(text_words, 3),
                title => pick(1 + i % 3, 5),
                section => if i % 4 == 0 { pick(2, 7) } else { String::new() },
            ))
            .expect("add");
            if i % 70 == 69 {
                w.commit().expect("commit");
            }
        }
        w.delete_term(Term::from_field_text(section, "crane"));
        w.commit().expect("commit");
        (index, [text, title, section])
    }

    /// The BM25F score of `doc`, one document at a time, written out from
    /// the formula with the scorer's arithmetic and order of sums.
    fn reference(
        searcher: &tantivy::Searcher,
        addr: DocAddress,
        k1: f32,
        fields: &[FieldWeight],
        joint: Option<f32>,
        terms: &[(String, f32)],
    ) -> Option<f32> {
        let reader = searcher.segment_reader(addr.segment_ord);
        let doc = addr.doc_id;
        let docs = Bm25StatisticsProvider::total_num_docs(searcher).expect("docs");
        let mut avgs = Vec::new();
        let mut joint_avg = 0.0f32;
        for fw in fields {
            let tokens = Bm25StatisticsProvider::total_num_tokens(searcher, fw.field).expect("n");
            let avg = tokens as f32 / docs as f32;
            joint_avg += fw.weight * avg;
            avgs.push(avg);
        }
        let len = |f: usize| {
            let norms = reader.fieldnorms_readers().get_field(fields[f].field);
            let id = norms.expect("norms").expect("norms").fieldnorm_id(doc);
            FieldNormReader::id_to_fieldnorm(id) as f32
        };
        let norm = joint.map(|b| {
            let len: f32 = (0..fields.len()).map(|f| fields[f].weight * len(f)).sum();
            1.0 / (1.0 - b + b * len / joint_avg)
        });
        let mut score = 0.0f32;
        let mut matched = false;
        for (text, q) in terms {
            let mut df = 0;
            for fw in fields {
                df = df.max(
                    searcher
                        .doc_freq(&Term::from_field_text(fw.field, text))
                        .expect("df"),
                );
            }
            let weight = q * idf(df, docs) * (k1 + 1.0);
            let mut tf = 0.0f32;
            for (f, fw) in fields.iter().enumerate() {
                let inverted = reader.inverted_index(fw.field).expect("inverted");
                let term = Term::from_field_text(fw.field, text);
                let Some(mut postings) = inverted
                    .read_postings(&term, IndexRecordOption::WithFreqs)
                    .expect("postings")
                else {
                    continue;
                };
                if postings.seek(doc) != doc {
                    continue;
                }
                matched = true;
                let n = tantivy::postings::Postings::term_freq(&postings) as f32;
                tf += match norm {
                    Some(norm) => n * fw.weight * norm,
                    None => n * (fw.weight / (1.0 - fw.b + fw.b * len(f) / avgs[f])),
                };
            }
            if tf > 0.0 {
                score += weight * tf / (k1 + tf);
            }
        }
        matched.then_some(score)
    }

    /// The top-k of the scorer (through `TopScores::search` and through
    /// tantivy's own collector) has the scores of a document-at-a-time
    /// reference to the bit, and its order: by score, ties to the lower
    /// address, deleted documents left out.
    #[test]
    fn scores_are_a_document_at_a_time_references_to_the_bit() {
        let (index, [text, title, section]) = index();
        let searcher = index.reader().expect("reader").searcher();
        assert!(searcher.segment_readers().len() > 2);
        assert!(searcher.num_docs() < 240, "some documents are deleted");
        let fields = vec![
            FieldWeight {
                field: text,
                weight: 1.0,
                b: 0.75,
            },
            FieldWeight {
                field: title,
                weight: 2.0,
                b: 0.6,
            },
            FieldWeight {
                field: section,
                weight: 0.5,
                b: 0.9,
            },
        ];
        let queries: Vec<Vec<(String, f32)>> = vec![
            vec![("trade".into(), 1.0)],
            vec![("trade".into(), 1.0), ("port".into(), 1.0)],
            vec![
                ("grain".into(), 2.0),
                ("steel".into(), 0.5),
                ("river".into(), 1.0),
            ],
            vec![
                ("crane".into(), 1.0),
                ("absent".into(), 1.0),
                ("ship".into(), 1.3),
            ],
            WORDS.iter().map(|w| (w.to_string(), 1.0)).collect(),
        ];
        for joint in [Some(0.75), None] {
            for terms in &queries {
                let mut query = Bm25fQuery::new(1.2, fields.clone(), terms.clone());
                if let Some(b) = joint {
                    query = query.with_joint_length(b);
                }
                // Every alive match, scored by the reference, best first.
                let mut all: Vec<(f32, DocAddress)> = Vec::new();
                for (ord, reader) in searcher.segment_readers().iter().enumerate() {
                    for doc in 0..reader.max_doc() {
                        if reader.alive_bitset().is_some_and(|a| a.is_deleted(doc)) {
                            continue;
                        }
                        let addr = DocAddress::new(ord as u32, doc);
                        if let Some(s) = reference(&searcher, addr, 1.2, &fields, joint, terms) {
                            all.push((s, addr));
                        }
                    }
                }
                all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                assert!(all.len() > 3, "{terms:?}");
                assert!(
                    all.windows(2).any(|w| w[0].0 == w[1].0),
                    "ties are tested: {terms:?}"
                );
                let bits = |v: &[(f32, DocAddress)]| -> Vec<(u32, DocAddress)> {
                    v.iter().map(|(s, a)| (s.to_bits(), *a)).collect()
                };
                for k in [1, 3, 10, 50, 1000] {
                    let want = &all[..k.min(all.len())];
                    let ours = TopScores::with_limit(k)
                        .search(&searcher, &query)
                        .expect("search");
                    assert_eq!(bits(&ours), bits(want), "{terms:?} {joint:?} k={k}");
                    let theirs = searcher
                        .search(&query, &TopDocs::with_limit(k).order_by_score())
                        .expect("search");
                    assert_eq!(bits(&theirs), bits(want), "{terms:?} {joint:?} k={k}");
                }
            }
        }
    }

    /// Constant terms score as tantivy's boolean query of the bag and one
    /// constant-score term clause each, to the bit: matches, order and ties.
    #[test]
    fn constant_terms_score_as_tantivys_boolean_query() {
        use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, TermQuery};
        let (index, [text, title, section]) = index();
        let searcher = index.reader().expect("reader").searcher();
        let fields = vec![
            FieldWeight {
                field: text,
                weight: 1.0,
                b: 0.75,
            },
            FieldWeight {
                field: title,
                weight: 1.5,
                b: 0.75,
            },
        ];
        let bags: Vec<Vec<(String, f32)>> = vec![
            vec![("trade".into(), 1.0), ("port".into(), 1.0)],
            vec![("grain".into(), 0.5)],
            vec![("absent".into(), 1.0)],
            Vec::new(),
        ];
        // Section words as the "figures": some documents hold several, one
        // is absent, one is named twice, scores of different magnitudes.
        let constants: Vec<Vec<(&str, f32)>> = vec![
            vec![("steel", 2.0)],
            vec![("river", 2.0), ("steel", 1.0), ("absent", 2.0)],
            vec![
                ("ship", 0.1),
                ("ship", 0.1),
                ("tariff", 50.0),
                ("grain", 25.0),
            ],
        ];
        let bits = |v: &[(f32, DocAddress)]| -> Vec<(u32, DocAddress)> {
            v.iter().map(|(s, a)| (s.to_bits(), *a)).collect()
        };
        for joint in [Some(0.75), None] {
            for terms in &bags {
                for consts in &constants {
                    let consts: Vec<(Term, f32)> = consts
                        .iter()
                        .map(|&(w, s)| (Term::from_field_text(section, w), s))
                        .collect();
                    let mut bag = Bm25fQuery::new(1.2, fields.clone(), terms.clone());
                    if let Some(b) = joint {
                        bag = bag.with_joint_length(b);
                    }
                    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                        vec![(Occur::Should, Box::new(bag.clone()))];
                    for (term, score) in &consts {
                        let q = TermQuery::new(term.clone(), IndexRecordOption::Basic);
                        clauses.push((
                            Occur::Should,
                            Box::new(ConstScoreQuery::new(Box::new(q), *score)),
                        ));
                    }
                    let boolean = BooleanQuery::new(clauses);
                    let ours = bag.with_constant_terms(consts);
                    for k in [1, 5, 40, 1000] {
                        let want = searcher
                            .search(&boolean, &TopDocs::with_limit(k).order_by_score())
                            .expect("search");
                        let native = TopScores::with_limit(k)
                            .search(&searcher, &ours)
                            .expect("search");
                        let through = searcher
                            .search(&ours, &TopDocs::with_limit(k).order_by_score())
                            .expect("search");
                        let case = format!("{terms:?} {:?} {joint:?} k={k}", ours.constants);
                        assert_eq!(bits(&native), bits(&want), "{case}");
                        assert_eq!(bits(&through), bits(&want), "{case}");
                    }
                    let count = |q: &dyn Query| {
                        searcher
                            .search(q, &tantivy::collector::Count)
                            .expect("count")
                    };
                    assert_eq!(count(&ours), count(&boolean));
                }
            }
        }
    }
}
