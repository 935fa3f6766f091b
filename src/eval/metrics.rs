//! Ranking-quality metrics, computed the way `trec_eval` computes them.
//!
//! `quarry eval` needs numbers that are comparable with published BEIR
//! results (which come from `pytrec_eval`, a wrapper of `trec_eval`), without
//! depending on either. Each function takes one query's ranking (document ids,
//! best first, already in final order) and that query's judgments, and returns
//! the query's score; [`Summary`] averages them.
//!
//! Conventions, following `trec_eval`:
//! - A document is *relevant* when its judged grade is `> 0`; unjudged
//!   documents and negative grades count as grade 0.
//! - nDCG@k uses the grade itself as the gain and `log2(rank + 1)` as the
//!   discount (rank is 1-based); the ideal DCG ranks *all* judged relevant
//!   documents by grade, cut at `k` (`trec_eval`'s `ndcg_cut`).
//! - AP divides the sum of precision-at-each-relevant-hit (within the cutoff)
//!   by the number of *all* relevant documents, retrieved or not.
//! - Recall@k divides the relevant documents in the top `k` by all relevant.
//! - RR@k is `1 / rank` of the first relevant document within the top `k`,
//!   else 0 (BEIR's MRR@k; `trec_eval`'s `recip_rank` has no cut).
//! - A query without any relevant document has no score and is left out of
//!   the averages; a query with relevant documents but an empty ranking scores
//!   0 everywhere (like `trec_eval -c`).
//! - Ties: these functions score the ranking exactly as given. `trec_eval`
//!   re-sorts a run by score descending and breaks ties by document id
//!   *descending*; [`rank_documents`] produces that order for rankings
//!   given as strings, and the document stage's own sort
//!   (`search::document`'s run order, tested against it) does for the
//!   rankings `eval` makes, so its run files evaluate identically in
//!   `trec_eval`.
//! - The same document appearing twice in a ranking counts only at its first
//!   (best) position.

use std::collections::{HashMap, HashSet};

/// Cutoff of nDCG reported by `quarry eval`.
pub const NDCG_CUTOFF: usize = 10;
/// Cutoff of average precision reported by `quarry eval`.
pub const MAP_CUTOFF: usize = 1000;
/// Cutoff of recall reported by `quarry eval`.
pub const RECALL_CUTOFF: usize = 100;
/// Cutoff of reciprocal rank reported by `quarry eval`.
pub const MRR_CUTOFF: usize = 10;

/// The deepest of the cutoffs: how many distinct documents of a ranking
/// the measures read.
pub const DEEPEST_CUTOFF: usize = max(max(NDCG_CUTOFF, MAP_CUTOFF), max(RECALL_CUTOFF, MRR_CUTOFF));

const fn max(a: usize, b: usize) -> usize {
    if a > b { a } else { b }
}

/// One query's judgments: document id → grade.
pub type Judgments = HashMap<String, i32>;

fn grade(judged: &Judgments, doc: &str) -> i32 {
    judged.get(doc).copied().unwrap_or(0).max(0)
}

fn relevant_count(judged: &Judgments) -> usize {
    judged.values().filter(|&&g| g > 0).count()
}

/// The grades of the first `k` distinct documents of `ranking`, in order.
fn grades_at<S: AsRef<str>>(ranking: &[S], judged: &Judgments, k: usize) -> Vec<i32> {
    let mut seen = HashSet::with_capacity(k.min(ranking.len()));
    ranking
        .iter()
        .map(AsRef::as_ref)
        .filter(|doc| seen.insert(*doc))
        .take(k)
        .map(|doc| grade(judged, doc))
        .collect()
}

fn dcg(grades: impl IntoIterator<Item = i32>) -> f64 {
    grades
        .into_iter()
        .enumerate()
        .map(|(i, g)| f64::from(g) / ((i + 2) as f64).log2())
        // Not `sum()`: an empty f64 sum is -0.0, which prints as "-0.0000".
        .fold(0.0, |acc, x| acc + x)
}

/// nDCG@k of one ranking (0 when nothing is relevant).
pub fn ndcg<S: AsRef<str>>(ranking: &[S], judged: &Judgments, k: usize) -> f64 {
    ndcg_of(&grades_at(ranking, judged, k), judged, k)
}

/// nDCG@k of a ranking's first `k` distinct grades.
fn ndcg_of(grades: &[i32], judged: &Judgments, k: usize) -> f64 {
    let mut ideal: Vec<i32> = judged.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    ideal.truncate(k);
    let idcg = dcg(ideal);
    if idcg == 0.0 {
        return 0.0;
    }
    dcg(grades.iter().copied()) / idcg
}

/// Average precision over the top `k` (0 when nothing is relevant).
pub fn average_precision<S: AsRef<str>>(ranking: &[S], judged: &Judgments, k: usize) -> f64 {
    average_precision_of(&grades_at(ranking, judged, k), judged)
}

/// Average precision of a ranking's first distinct grades.
fn average_precision_of(grades: &[i32], judged: &Judgments) -> f64 {
    let relevant = relevant_count(judged);
    if relevant == 0 {
        return 0.0;
    }
    let mut hits = 0usize;
    let mut sum = 0.0;
    for (i, &g) in grades.iter().enumerate() {
        if g > 0 {
            hits += 1;
            sum += hits as f64 / (i + 1) as f64;
        }
    }
    sum / relevant as f64
}

/// Share of all relevant documents found in the top `k` (0 when nothing is relevant).
pub fn recall<S: AsRef<str>>(ranking: &[S], judged: &Judgments, k: usize) -> f64 {
    recall_of(&grades_at(ranking, judged, k), judged)
}

/// Recall of a ranking's first distinct grades.
fn recall_of(grades: &[i32], judged: &Judgments) -> f64 {
    let relevant = relevant_count(judged);
    if relevant == 0 {
        return 0.0;
    }
    let found = grades.iter().filter(|&&g| g > 0).count();
    found as f64 / relevant as f64
}

/// `1 / rank` of the first relevant document in the top `k`, else 0.
pub fn reciprocal_rank<S: AsRef<str>>(ranking: &[S], judged: &Judgments, k: usize) -> f64 {
    reciprocal_rank_of(&grades_at(ranking, judged, k))
}

/// Reciprocal rank of a ranking's first distinct grades.
fn reciprocal_rank_of(grades: &[i32]) -> f64 {
    grades
        .iter()
        .position(|&g| g > 0)
        .map_or(0.0, |i| 1.0 / (i + 1) as f64)
}

/// The four scores `quarry eval` reports for one query.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct QueryScores {
    /// nDCG@[`NDCG_CUTOFF`].
    pub ndcg: f64,
    /// AP@[`MAP_CUTOFF`].
    pub ap: f64,
    /// Recall@[`RECALL_CUTOFF`].
    pub recall: f64,
    /// RR@[`MRR_CUTOFF`].
    pub rr: f64,
}

impl QueryScores {
    /// Scores one ranking; `None` when the query has no relevant document
    /// (such queries are left out of every average).
    pub fn of<S: AsRef<str>>(ranking: &[S], judged: &Judgments) -> Option<QueryScores> {
        if relevant_count(judged) == 0 {
            return None;
        }
        // The grades of the ranking's first distinct documents, read once:
        // each measure's are the first of these.
        QueryScores::of_grades(&grades_at(ranking, judged, DEEPEST_CUTOFF), judged)
    }

    /// Scores a ranking given as the grades of its first distinct
    /// documents, in order, each at least 0 (an unjudged document's is 0):
    /// the first [`DEEPEST_CUTOFF`] of them, or all when there are fewer.
    /// `None` when the query has no relevant document.
    pub fn of_grades(grades: &[i32], judged: &Judgments) -> Option<QueryScores> {
        if relevant_count(judged) == 0 {
            return None;
        }
        let at = |k: usize| &grades[..k.min(grades.len())];
        Some(QueryScores {
            ndcg: ndcg_of(at(NDCG_CUTOFF), judged, NDCG_CUTOFF),
            ap: average_precision_of(at(MAP_CUTOFF), judged),
            recall: recall_of(at(RECALL_CUTOFF), judged),
            rr: reciprocal_rank_of(at(MRR_CUTOFF)),
        })
    }
}

/// Means of [`QueryScores`] over the scored queries.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Summary {
    /// Mean nDCG@10.
    pub ndcg: f64,
    /// MAP@1000.
    pub map: f64,
    /// Mean Recall@100.
    pub recall: f64,
    /// MRR@10.
    pub mrr: f64,
    /// Number of queries averaged.
    pub queries: usize,
}

impl Summary {
    /// Averages `scores` (all zero when there are none).
    pub fn of<'a>(scores: impl IntoIterator<Item = &'a QueryScores>) -> Summary {
        let mut s = Summary::default();
        for q in scores {
            s.ndcg += q.ndcg;
            s.map += q.ap;
            s.recall += q.recall;
            s.mrr += q.rr;
            s.queries += 1;
        }
        if s.queries > 0 {
            let n = s.queries as f64;
            s.ndcg /= n;
            s.map /= n;
            s.recall /= n;
            s.mrr /= n;
        }
        s
    }
}

/// Orders `(doc id, score)` pairs the way `trec_eval` reads a run: score
/// descending, ties by document id descending. NaN scores sort last.
pub fn rank_documents(docs: &mut [(String, f32)]) {
    // A total order on distinct documents: an unstable sort gives the
    // same list.
    docs.sort_unstable_by(|a, b| {
        b.1.partial_cmp(&a.1)
            .unwrap_or_else(|| a.1.is_nan().cmp(&b.1.is_nan()))
            .then_with(|| b.0.cmp(&a.0))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, i32)]) -> Judgments {
        pairs.iter().map(|&(d, g)| (d.to_string(), g)).collect()
    }

    /// (ranking, judgments, cutoff k, expected value, what the case shows)
    type Case = (
        &'static [&'static str],
        &'static [(&'static str, i32)],
        usize,
        f64,
        &'static str,
    );

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn ndcg_hand_worked() {
        let log2 = |x: f64| x.log2();
        // (ranking, judgments, k, expected, how)
        let cases: &[Case] = &[
            (&["a", "b"], &[("a", 1)], 10, 1.0, "only relevant doc first"),
            // DCG = 1/log2(3) = 0.6309; IDCG = 1/log2(2) = 1.
            (
                &["x", "y", "a"],
                &[("a", 1)],
                10,
                1.0 / log2(4.0),
                "at rank 3",
            ),
            (
                &["x", "a"],
                &[("a", 1)],
                1,
                0.0,
                "cut before the relevant doc",
            ),
            (&["x"], &[("a", 1)], 10, 0.0, "relevant doc not retrieved"),
            (&[], &[("a", 1)], 10, 0.0, "empty ranking"),
            // Graded: ranking b(1), a(2). DCG = 1/1 + 2/log2(3) = 2.26186;
            // ideal a(2), b(1): 2/1 + 1/log2(3) = 2.63093.
            (
                &["b", "a"],
                &[("a", 2), ("b", 1)],
                10,
                (1.0 + 2.0 / log2(3.0)) / (2.0 + 1.0 / log2(3.0)),
                "graded gains, swapped",
            ),
            // Ideal counts all relevant docs, even unretrieved ones, cut at k:
            // DCG = 1; IDCG@2 = 1 + 1/log2(3) = 1.63093 → 0.61315.
            (
                &["a", "x"],
                &[("a", 1), ("b", 1), ("c", 1)],
                2,
                1.0 / (1.0 + 1.0 / log2(3.0)),
                "ideal from all judged relevant",
            ),
            // Grade 0 and negative grades give no gain and no ideal mass.
            (
                &["n", "z", "a"],
                &[("a", 1), ("n", -1), ("z", 0)],
                10,
                0.5,
                "non-positive grades are zero; 1/log2(4) = 0.5",
            ),
            // A duplicate counts once: ranking is effectively [x, a].
            // DCG = 1/log2(3), IDCG = 1.
            (
                &["x", "x", "a"],
                &[("a", 1)],
                10,
                1.0 / log2(3.0),
                "duplicate",
            ),
        ];
        for &(ranking, j, k, want, how) in cases {
            let got = ndcg(ranking, &judged(j), k);
            assert!(close(got, want), "{how}: got {got}, want {want}");
            assert!(
                got.is_sign_positive(),
                "{how}: {got} prints with a minus sign"
            );
        }
    }

    #[test]
    fn average_precision_hand_worked() {
        let cases: &[Case] = &[
            // Relevant at ranks 1 and 3: (1/1 + 2/3) / 2 = 0.83333.
            (
                &["a", "x", "b"],
                &[("a", 1), ("b", 1)],
                1000,
                (1.0 + 2.0 / 3.0) / 2.0,
                "two of two",
            ),
            // Relevant at rank 2, another never retrieved: (1/2) / 2 = 0.25.
            (&["x", "a"], &[("a", 1), ("b", 1)], 1000, 0.25, "one of two"),
            // The cutoff hides rank 3: (1/1) / 2 = 0.5.
            (&["a", "x", "b"], &[("a", 1), ("b", 1)], 2, 0.5, "cutoff"),
            // Grades above 1 count as relevant, not more.
            (&["a"], &[("a", 3)], 1000, 1.0, "graded"),
            (&["x"], &[("x", 0)], 1000, 0.0, "nothing relevant"),
        ];
        for &(ranking, j, k, want, how) in cases {
            let got = average_precision(ranking, &judged(j), k);
            assert!(close(got, want), "{how}: got {got}, want {want}");
        }
    }

    #[test]
    fn recall_and_reciprocal_rank_hand_worked() {
        let j = judged(&[("a", 1), ("b", 2), ("c", 1), ("z", 0)]);
        let ranking = ["z", "x", "b", "y", "a"];
        // Relevant within top 3: b → 1/3; within top 5: b, a → 2/3.
        assert!(close(recall(&ranking, &j, 3), 1.0 / 3.0));
        assert!(close(recall(&ranking, &j, 5), 2.0 / 3.0));
        // First relevant (b) is at rank 3 → 1/3; a cut at 2 sees none.
        assert!(close(reciprocal_rank(&ranking, &j, 10), 1.0 / 3.0));
        assert!(close(reciprocal_rank(&ranking, &j, 2), 0.0));
        assert!(close(recall(&["q"], &judged(&[("q", 0)]), 10), 0.0));
    }

    #[test]
    fn queries_without_relevant_documents_are_not_averaged() {
        let empty = judged(&[("a", 0)]);
        assert_eq!(QueryScores::of(&["a"], &empty), None);
        let perfect = QueryScores::of(&["a"], &judged(&[("a", 1)])).expect("scored");
        let missed = QueryScores::of(&["x"], &judged(&[("a", 1)])).expect("scored");
        let s = Summary::of([&perfect, &missed]);
        assert_eq!(s.queries, 2);
        assert!(close(s.ndcg, 0.5) && close(s.map, 0.5) && close(s.recall, 0.5));
        assert!(close(s.mrr, 0.5));
        assert_eq!(Summary::of([]), Summary::default());
    }

    #[test]
    fn ranking_breaks_ties_like_trec_eval() {
        let mut docs = vec![
            ("a".to_string(), 1.0),
            ("c".to_string(), 2.0),
            ("b".to_string(), 1.0),
            ("n".to_string(), f32::NAN),
        ];
        rank_documents(&mut docs);
        let order: Vec<&str> = docs.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(order, ["c", "b", "a", "n"]);
    }
}
