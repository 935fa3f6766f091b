//! The best-scored passages of a query: a top-k collector.
//!
//! [`TopScores`] returns exactly what tantivy's
//! `TopDocs::with_limit(k).order_by_score()` returns — the `k` best
//! documents by score, ties to the lower address, best first — but keeps
//! the candidates in a flat buffer that is cut back to the best `k` only
//! when it is full (a linear selection), instead of a binary heap that
//! costs a sift per document. The threshold it hands back to the scorer
//! (the `k`-th best score once `k` are known) lets scorers that prune, such
//! as tantivy's block-WAND union, skip what cannot enter.

use std::cmp::Ordering;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{Query, Weight};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader};

use super::bm25f::{Bm25fQuery, Bm25fWeight, ReadPostings};

/// The `k` best-scored documents, best first.
pub(super) struct TopScores {
    k: usize,
}

impl TopScores {
    /// A collector of the `k` best documents.
    pub(super) fn with_limit(k: usize) -> TopScores {
        TopScores { k }
    }

    /// What `searcher.search(query, self)` returns. A [`Bm25fQuery`] is
    /// scored through its own weight, which reads each term's entry in a
    /// segment's dictionary once (not once for its statistics and again for
    /// its postings) and hands each match straight to the segment's top.
    pub(super) fn search(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
    ) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        Ok(self.search_in_order(searcher, query, true)?.top)
    }

    /// The documents [`TopScores::search`] returns, but in no particular
    /// order when that saves sorting them (see [`Found`]).
    pub(super) fn search_unordered(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
    ) -> tantivy::Result<Found> {
        self.search_in_order(searcher, query, false)
    }

    fn search_in_order(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        sort: bool,
    ) -> tantivy::Result<Found> {
        let Some(bag) = query.downcast_ref::<Bm25fQuery>() else {
            let top = searcher.search(query, self)?;
            return Ok(Found {
                top,
                weight: None,
                read: ReadPostings::default(),
            });
        };
        let weight = bag.searcher_weight(searcher)?;
        // Unordered searches are the document stage's, which reads the
        // postings of its best documents again: they are kept for it.
        let keep = !sort;
        let mut read = ReadPostings::default();
        // Each segment's best as one number per document that sorts best
        // first over the whole index: the score's key, the segment, the
        // document (the order of `best_first`).
        let mut all: Vec<u128> = Vec::new();
        let mut keys = KEYS.with(|cell| cell.take());
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            keys.clear();
            if self.k.saturating_mul(16) >= reader.max_doc() as usize {
                // A good share of the segment is wanted: every match's
                // key, then the best `k` of them at once.
                weight.each_alive(reader, keep.then_some(&mut read), |doc, score| {
                    keys.push(key(score, doc))
                })?;
                keep_smallest(&mut keys, self.k);
            } else {
                // Few are wanted: most matches are turned away by the
                // `k`-th best so far.
                let mut top = TopSegment::new(self.k, ord as u32);
                weight.each_alive(reader, keep.then_some(&mut read), |doc, score| {
                    top.collect(doc, score)
                })?;
                cut(&mut top.buffer, self.k);
                keys.extend_from_slice(&top.buffer);
            }
            all.extend(keys.iter().map(|&key| {
                u128::from(key >> 32) << 64 | u128::from(ord as u32) << 32 | u128::from(key as u32)
            }));
        }
        keys.clear();
        KEYS.with(|cell| cell.replace(keys));
        let fruit = |key: u128| {
            let (score, doc) = unkey(((key >> 64) as u64) << 32 | u64::from(key as u32));
            (score, DocAddress::new((key >> 32) as u32, doc))
        };
        // `best_first` compares scores as numbers: a NaN, or -0 against 0,
        // is ordered by the address there, not by the key.
        if all
            .iter()
            .any(|&key| fruit(key).0.is_nan() || fruit(key).0 == 0.0)
        {
            let top = self.merge_fruits(vec![all.into_iter().map(fruit).collect()])?;
            return Ok(Found {
                top,
                weight: Some(weight),
                read,
            });
        }
        if all.len() > self.k {
            if self.k == 0 {
                all.clear();
            } else {
                all.select_nth_unstable(self.k - 1);
                all.truncate(self.k);
            }
        }
        if sort {
            all.sort_unstable();
        }
        Ok(Found {
            top: all.into_iter().map(fruit).collect(),
            weight: Some(weight),
            read,
        })
    }
}

/// The best documents of a search.
pub(super) struct Found {
    /// (score, address) of each: best first from [`TopScores::search`],
    /// else in no particular order.
    pub(super) top: Vec<(Score, DocAddress)>,
    /// The BM25F weight that scored them, with the term-dictionary entries
    /// it looked up (`None` for other queries).
    pub(super) weight: Option<Bm25fWeight>,
    /// The postings it read, for an unordered search.
    pub(super) read: ReadPostings,
}

/// A score as a number whose unsigned order is the scores' order in
/// `f32::total_cmp`, reversed: the higher score has the smaller number.
/// The building block of every sort key of the ranking ([`key`] here, the
/// document stage's keys in `document.rs`).
#[inline]
pub(super) fn descending_bits(score: Score) -> u32 {
    let bits = score.to_bits();
    let ascending = if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    };
    !ascending
}

/// The score whose [`descending_bits`] are `descending`.
#[inline]
pub(super) fn score_of_descending(descending: u32) -> Score {
    let ascending = !descending;
    let bits = if ascending >> 31 == 1 {
        ascending & !(1 << 31)
    } else {
        !ascending
    };
    Score::from_bits(bits)
}

/// A score and a document of one segment as one number that sorts best
/// first: higher score, then lower document.
#[inline]
fn key(score: Score, doc: DocId) -> u64 {
    u64::from(descending_bits(score)) << 32 | u64::from(doc)
}

/// The score and document of a [`key`].
#[inline]
fn unkey(key: u64) -> (Score, DocId) {
    (score_of_descending((key >> 32) as u32), key as u32)
}

/// Keeps the `k` smallest of `keys` (the best), in no particular order
/// but the largest last; returns it.
fn cut(keys: &mut Vec<u64>, k: usize) -> Option<u64> {
    if keys.len() <= k {
        return None;
    }
    if k == 0 {
        keys.clear();
        return None;
    }
    let (_, kth, _) = keys.select_nth_unstable(k - 1);
    let kth = *kth;
    keys.truncate(k);
    Some(kth)
}

/// Keeps the `k` smallest of `keys` (all distinct), in their order: the
/// same ones as [`cut`], with less work when `keys` holds many more than
/// `k`. A sample of the keys gives a bound a little above the `k`-th
/// smallest; the keys under it are selected among (all of them again if
/// the sample was unlucky and fewer than `k` are under it).
fn keep_smallest(keys: &mut Vec<u64>, k: usize) {
    const SAMPLE: usize = 256;
    let n = keys.len();
    if n <= k {
        return;
    }
    if k == 0 {
        keys.clear();
        return;
    }
    let mut spare: Vec<u64> = Vec::new();
    if n >= 4 * k && n >= 4 * SAMPLE {
        let step = n / SAMPLE;
        spare.extend(keys.iter().step_by(step));
        // The sample's share of `k`, with room for its spread.
        let share = k * spare.len() / n;
        let rank = (share + 4 + share / 4).min(spare.len() - 1);
        let (_, &mut bound, _) = spare.select_nth_unstable(rank);
        let under = keys.iter().filter(|&&key| key <= bound).count();
        if under >= k {
            keys.retain(|&key| key <= bound);
        }
    }
    spare.clear();
    spare.extend_from_slice(keys);
    let (_, &mut kth, _) = spare.select_nth_unstable(k - 1);
    keys.retain(|&key| key <= kth);
}

thread_local! {
    /// The keys of one segment's matches, kept between queries.
    static KEYS: std::cell::RefCell<Vec<u64>> = std::cell::RefCell::default();
}

/// Best first: higher score, then lower address.
fn best_first(a: &(Score, DocAddress), b: &(Score, DocAddress)) -> Ordering {
    b.0.partial_cmp(&a.0)
        .unwrap_or(Ordering::Equal)
        .then_with(|| a.1.cmp(&b.1))
}

impl Collector for TopScores {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = TopSegment;

    fn for_segment(
        &self,
        segment_ord: u32,
        _reader: &SegmentReader,
    ) -> tantivy::Result<TopSegment> {
        Ok(TopSegment::new(self.k, segment_ord))
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(Score, DocAddress)>>) -> tantivy::Result<Self::Fruit> {
        let mut all: Vec<(Score, DocAddress)> = fruits.into_iter().flatten().collect();
        if all.len() > self.k {
            if self.k == 0 {
                return Ok(Vec::new());
            }
            all.select_nth_unstable_by(self.k - 1, best_first);
            all.truncate(self.k);
        }
        all.sort_unstable_by(best_first);
        Ok(all)
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        let mut top = TopSegment::new(self.k, segment_ord);
        match reader.alive_bitset() {
            Some(alive) => weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
                if alive.is_alive(doc) {
                    top.collect(doc, score);
                }
                top.threshold()
            })?,
            None => weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
                top.collect(doc, score);
                top.threshold()
            })?,
        }
        Ok(top.harvest())
    }
}

/// The best documents of one segment found so far.
pub(super) struct TopSegment {
    k: usize,
    segment_ord: u32,
    /// Candidates as [`key`]s; cut back to the best `k` when it reaches
    /// its capacity.
    buffer: Vec<u64>,
    /// The key of the `k`-th best document once `k` have been kept: a
    /// document must sort before it to enter (documents come in increasing
    /// order, so one that only ties its score loses the tie).
    kth: Option<u64>,
}

impl TopSegment {
    fn new(k: usize, segment_ord: u32) -> TopSegment {
        TopSegment {
            k,
            segment_ord,
            buffer: Vec::with_capacity(k.saturating_mul(2).clamp(16, 1 << 16)),
            kth: None,
        }
    }

    /// The score a document must beat to enter.
    fn threshold(&self) -> Score {
        self.kth.map_or(Score::MIN, |k| unkey(k).0)
    }
}

impl SegmentCollector for TopSegment {
    type Fruit = Vec<(Score, DocAddress)>;

    #[inline]
    fn collect(&mut self, doc: DocId, score: Score) {
        let key = key(score, doc);
        if self.k == 0 || self.kth.is_some_and(|kth| key >= kth) {
            return;
        }
        if self.buffer.len() == self.buffer.capacity() && self.buffer.len() >= self.k {
            self.kth = cut(&mut self.buffer, self.k);
            if self.kth.is_some_and(|kth| key >= kth) {
                return;
            }
        }
        self.buffer.push(key);
    }

    /// The segment's best `k`, in no particular order (the merge sorts).
    fn harvest(mut self) -> Self::Fruit {
        cut(&mut self.buffer, self.k);
        let ord = self.segment_ord;
        self.buffer
            .into_iter()
            .map(|key| {
                let (score, doc) = unkey(key);
                (score, DocAddress::new(ord, doc))
            })
            .collect()
    }
}

/// Every matching document, in address order (no scores): what tantivy's
/// `DocSetCollector` finds, without a hash set of every address.
pub(super) struct Matching;

impl Collector for Matching {
    type Fruit = Vec<DocAddress>;
    type Child = MatchingSegment;

    fn for_segment(
        &self,
        segment_ord: u32,
        _reader: &SegmentReader,
    ) -> tantivy::Result<MatchingSegment> {
        Ok(MatchingSegment {
            segment_ord,
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<DocAddress>>) -> tantivy::Result<Vec<DocAddress>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

/// The matching documents of one segment.
pub(super) struct MatchingSegment {
    segment_ord: u32,
    docs: Vec<DocAddress>,
}

impl SegmentCollector for MatchingSegment {
    type Fruit = Vec<DocAddress>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.docs.push(DocAddress::new(self.segment_ord, doc));
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let ord = self.segment_ord;
        self.docs
            .extend(docs.iter().map(|&doc| DocAddress::new(ord, doc)));
    }

    fn harvest(self) -> Vec<DocAddress> {
        self.docs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::QueryParser;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, IndexWriter, doc};

    #[test]
    fn keys_sort_best_first_and_decode() {
        let scores = [f32::MAX, 3.5, 1.0, 0.25, 0.0, -0.5, -2.0, f32::MIN];
        for pair in scores.windows(2) {
            assert!(key(pair[0], 9) < key(pair[1], 0), "{pair:?}");
        }
        for s in scores {
            assert!(key(s, 1) < key(s, 2));
            assert_eq!(unkey(key(s, 7)), (s, 7));
        }
    }

    /// `keep_smallest` keeps what a full sort's first `k` are, for skewed
    /// and even key spreads, small and large `k`, and samples that miss.
    #[test]
    fn keep_smallest_keeps_the_k_smallest() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for n in [0usize, 1, 5, 999, 1000, 1001, 1024, 4000, 5300, 20_000] {
            for k in [0usize, 1, 10, 100, 1000, 5000] {
                for spread in 0..3 {
                    let mut keys: Vec<u64> = (0..n as u64)
                        .map(|doc| {
                            let score = match spread {
                                // Few distinct scores: many ties.
                                0 => next() % 4,
                                // Best ones all at the end.
                                1 => u64::MAX / 2 - doc,
                                _ => next() >> 33,
                            };
                            score << 32 | doc
                        })
                        .collect();
                    let mut want = keys.clone();
                    want.sort_unstable();
                    want.truncate(k);
                    keep_smallest(&mut keys, k);
                    // In their order (here, the documents').
                    assert!(keys.is_sorted_by_key(|&key| key as u32));
                    keys.sort_unstable();
                    assert_eq!(keys, want, "n={n} k={k} spread={spread}");
                }
            }
        }
    }

    /// The same list as tantivy's own top-k collector, ties included, at
    /// every limit, over several segments and with deleted documents.
    #[test]
    fn same_as_tantivys_top_docs() {
        let mut b = Schema::builder();
        let text = b.add_text_field("text", TEXT);
        let index = Index::create_in_ram(b.build());
        let mut w: IndexWriter = index.writer(15_000_000).expect("writer");
        let words = ["trade", "port", "ship", "grain"];
        for i in 0..300usize {
            // Many documents share a text, so many scores tie.
            let body = format!(
                "{} {} {}",
                words[i % 4],
                words[(i / 4) % 4],
                if i % 7 == 0 { "trade trade" } else { "other" }
            );
            w.add_document(doc!(text => body)).expect("add");
            if i % 97 == 96 {
                w.commit().expect("commit");
            }
        }
        w.delete_term(tantivy::Term::from_field_text(text, "grain"));
        w.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        assert!(searcher.segment_readers().len() > 1);
        let parser = QueryParser::for_index(&index, vec![text]);
        for q in ["trade", "trade port", "ship OR other", "absent"] {
            let query = parser.parse_query(q).expect("query");
            for k in [1, 2, 5, 16, 17, 40, 100, 1000] {
                let theirs = searcher
                    .search(&query, &TopDocs::with_limit(k).order_by_score())
                    .expect("search");
                let ours = searcher
                    .search(&query, &TopScores::with_limit(k))
                    .expect("search");
                assert_eq!(ours, theirs, "{q:?} k={k}");
            }
        }
    }
}
