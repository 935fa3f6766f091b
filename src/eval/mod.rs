//! Measuring ranking quality on a BEIR-style benchmark.
//!
//! A BEIR dataset folder holds `corpus.jsonl` (one document per line, `_id`,
//! `title`, `text`), `queries.jsonl` (`_id`, `text`) and `qrels/<split>.tsv`
//! (`query-id`, `corpus-id`, `score`, with a header line). [`Dataset::load`]
//! reads the queries and judgments; [`prepare_index`] indexes the corpus
//! once into a cache folder named after its content, so later runs reuse it;
//! [`run`] searches every judged query in plain mode, turns passage hits
//! into a document ranking and scores it with [`crate::eval::metrics`].

pub mod metrics;

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::commands::batch;
use crate::error::{Error, Result};
use crate::eval::metrics::{Judgments, QueryScores, Summary};
use crate::index::schema::SCHEMA_VERSION;
use crate::index::{self, IndexOptions, IndexSummary};
use crate::ingest::jsonl::record_id;
use crate::search::{DocumentIds, QueryMode, RankedDocument, SearchOptions, Searcher};

/// Passage hits asked for per query before they are folded into documents.
pub const PASSAGE_DEPTH: usize = 1000;
/// Documents kept per query in the ranking that is scored and written.
pub const RUN_DEPTH: usize = 1000;
/// The qrels split used unless told otherwise (BEIR's convention).
pub const DEFAULT_SPLIT: &str = "test";
/// Name of the corpus file in a dataset folder.
pub const CORPUS_FILE: &str = "corpus.jsonl";
/// Name of the queries file in a dataset folder.
pub const QUERIES_FILE: &str = "queries.jsonl";
/// Run tag written in the last column of a TREC run file.
pub const RUN_TAG: &str = "quarry";

/// How a document's score is made from its passages' scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Aggregation {
    /// The best passage's score plus [`crate::search::REST_WEIGHT`] times the sum of the
    /// scores of its other retrieved passages.
    #[default]
    MaxRest,
    /// The best passage's score.
    Max,
    /// The sum of the scores of its retrieved passages.
    Sum,
}

impl Aggregation {
    /// A document's score from its passages' scores, best first.
    pub fn combine(self, scores: &[f32]) -> f32 {
        self.combine_with(scores, crate::search::Ranking::current().rest_weight)
    }

    /// [`Aggregation::combine`] with `rest_weight` as the weight of the
    /// other passages in [`Aggregation::MaxRest`].
    pub fn combine_with(self, scores: &[f32], rest_weight: f32) -> f32 {
        let Some((&best, rest)) = scores.split_first() else {
            return 0.0;
        };
        match self {
            Aggregation::MaxRest => best + rest_weight * rest.iter().sum::<f32>(),
            Aggregation::Max => best,
            Aggregation::Sum => scores.iter().sum(),
        }
    }
}

/// A benchmark's queries and judgments for one split.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The dataset folder.
    pub dir: PathBuf,
    /// The corpus file.
    pub corpus: PathBuf,
    /// Judged queries that have text, in `queries.jsonl` order: (id, text).
    pub queries: Vec<(String, String)>,
    /// Judgments by query id.
    pub qrels: HashMap<String, Judgments>,
    /// Judged query ids with no text in `queries.jsonl` (not run).
    pub missing: Vec<String>,
    /// The split whose judgments were read (`None` with a qrels file).
    pub split: Option<String>,
}

impl Dataset {
    /// Reads `dir`'s queries and the judgments of `split`, or of `qrels`
    /// when given (BEIR TSV with a header, or TREC `qid 0 docid rel`).
    /// Without a split, [`DEFAULT_SPLIT`] is read, or the only split of a
    /// dataset that has no [`DEFAULT_SPLIT`].
    pub fn load(dir: &Path, split: Option<&str>, qrels: Option<&Path>) -> Result<Dataset> {
        crate::ingest::check_folder(dir).map_err(|e| match e {
            Error::CorpusMissing(p) => {
                Error::Usage(format!("dataset folder '{}' does not exist", p.display()))
            }
            Error::CorpusNotDir(p) => {
                Error::Usage(format!("dataset path '{}' is not a folder", p.display()))
            }
            other => other,
        })?;
        let corpus = dir.join(CORPUS_FILE);
        if !corpus.is_file() {
            return Err(Error::dataset(
                &corpus,
                "no corpus file in the dataset folder",
            ));
        }
        let split = match (split, qrels) {
            (_, Some(_)) => None,
            (Some(s), None) => Some(s.to_string()),
            (None, None) => Some(default_split(dir)),
        };
        let qrels_path = match qrels {
            Some(p) => p.to_path_buf(),
            None => {
                let split = split.as_deref().unwrap_or(DEFAULT_SPLIT);
                let p = dir.join("qrels").join(format!("{split}.tsv"));
                if !p.is_file() {
                    return Err(Error::dataset(
                        &p,
                        format!("no qrels for split '{split}'{}", available_splits(dir)),
                    ));
                }
                p
            }
        };
        let qrels = read_qrels(&qrels_path)?;
        let texts = read_queries(&dir.join(QUERIES_FILE))?;
        let mut queries: Vec<(String, String)> = texts
            .into_iter()
            .filter(|(id, _)| qrels.contains_key(id))
            .collect();
        let mut seen = std::collections::HashSet::new();
        queries.retain(|(id, _)| seen.insert(id.clone()));
        let mut missing: Vec<String> = qrels
            .keys()
            .filter(|id| !seen.contains(*id))
            .cloned()
            .collect();
        missing.sort();
        Ok(Dataset {
            dir: dir.to_path_buf(),
            corpus,
            queries,
            qrels,
            missing,
            split,
        })
    }

    /// A short name for tables: the folder's name.
    pub fn name(&self) -> String {
        self.dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.dir.display().to_string())
    }
}

/// [`DEFAULT_SPLIT`], unless `dir` has no judgments for it and exactly one
/// other split.
fn default_split(dir: &Path) -> String {
    let qrels = dir.join("qrels");
    if qrels.join(format!("{DEFAULT_SPLIT}.tsv")).is_file() {
        return DEFAULT_SPLIT.to_string();
    }
    let splits = split_names(dir);
    match splits.as_slice() {
        [only] => only.clone(),
        _ => DEFAULT_SPLIT.to_string(),
    }
}

/// The splits `dir/qrels` holds judgments for, sorted.
fn split_names(dir: &Path) -> Vec<String> {
    let mut splits: Vec<String> = std::fs::read_dir(dir.join("qrels"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".tsv").map(str::to_string)
        })
        .collect();
    splits.sort();
    splits
}

fn available_splits(dir: &Path) -> String {
    let splits = split_names(dir);
    if splits.is_empty() {
        String::new()
    } else {
        format!(
            " (available: {}; choose one with --split)",
            splits.join(", ")
        )
    }
}

fn open_lines(path: &Path) -> Result<impl Iterator<Item = (usize, Result<String>)>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let owned = path.to_path_buf();
    Ok(BufReader::new(file)
        .lines()
        .enumerate()
        .map(move |(i, l)| (i + 1, l.map_err(|e| Error::io(&owned, e)))))
}

/// Reads judgments: `query-id corpus-id score` (tab or space separated, an
/// optional header line) or TREC's four columns `query-id iter corpus-id rel`.
pub fn read_qrels(path: &Path) -> Result<HashMap<String, Judgments>> {
    let mut qrels: HashMap<String, Judgments> = HashMap::new();
    for (line_no, line) in open_lines(path)? {
        let line = line?;
        let cols: Vec<&str> = line.split_whitespace().collect();
        let (qid, doc, grade) = match cols.as_slice() {
            [] => continue,
            [q, d, g] | [q, _, d, g] => (*q, *d, *g),
            _ => {
                return Err(Error::dataset_line(
                    path,
                    line_no,
                    format!("expected 3 or 4 columns, found {}", cols.len()),
                ));
            }
        };
        let grade: i32 = match grade.parse() {
            Ok(g) => g,
            Err(_) if line_no == 1 => continue, // the header
            Err(_) => {
                return Err(Error::dataset_line(
                    path,
                    line_no,
                    format!("relevance '{grade}' is not an integer"),
                ));
            }
        };
        qrels
            .entry(qid.to_string())
            .or_default()
            .insert(doc.to_string(), grade);
    }
    Ok(qrels)
}

#[derive(Deserialize)]
struct QueryRecord {
    #[serde(alias = "id")]
    _id: serde_json::Value,
    text: String,
}

/// Reads BEIR `queries.jsonl`: (id, text) in file order.
pub fn read_queries(path: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (line_no, line) in open_lines(path)? {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record: QueryRecord = serde_json::from_str(&line)
            .map_err(|e| Error::dataset_line(path, line_no, format!("malformed query ({e})")))?;
        let id = record_id(Some(&record._id))
            .map_err(|e| Error::dataset_line(path, line_no, format!("query id {e}")))?
            .ok_or_else(|| Error::dataset_line(path, line_no, "query has no id"))?;
        out.push((id, record.text));
    }
    Ok(out)
}

/// Where eval indexes live unless `--cache` says otherwise:
/// `$XDG_CACHE_HOME/quarry/eval`, else `$HOME/.cache/quarry/eval`.
pub fn default_cache_root() -> Option<PathBuf> {
    let nonempty = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    let base = match nonempty("XDG_CACHE_HOME") {
        Some(x) => PathBuf::from(x),
        None => PathBuf::from(nonempty("HOME")?).join(".cache"),
    };
    Some(base.join("quarry").join("eval"))
}

/// A short text run through the passage splitter and the analyzer, so that
/// a change to either (even without a [`SCHEMA_VERSION`] bump) changes the
/// cache key and a stale index is never reused.
const PROBE: &str = "Liaoning's trade grew 13.6% in 2021.\n\n# Results\n\nThe mice were \
    treated with 4-PBA; ER-stress markers (GRP78, CHOP) decreased—by about half—versus \
    controls. Running runners ran: β-catenin, naïve T-cells, COVID-19, e.g. x=1.\n";

fn behaviour_fingerprint(h: &mut blake3::Hasher) {
    for t in crate::analysis::analyze(PROBE) {
        h.update(format!("{}\t{}\t{}\t{}\n", t.term, t.start, t.end, t.position).as_bytes());
    }
    for p in crate::passage::split(PROBE).passages {
        let section = p.section.unwrap_or_default();
        h.update(format!("{section}\t{:?}\t{:?}\t{}\n", p.lines, p.bytes, p.text).as_bytes());
    }
}

/// The cache key of a corpus file: blake3 of its bytes, the schema version
/// and the analyzer's and splitter's behaviour on a probe text.
pub fn cache_key(corpus: &Path) -> Result<String> {
    let mut h = blake3::Hasher::new();
    let mut file = std::fs::File::open(corpus).map_err(|e| Error::io(corpus, e))?;
    std::io::copy(&mut file, &mut h).map_err(|e| Error::io(corpus, e))?;
    h.update(&SCHEMA_VERSION.to_le_bytes());
    behaviour_fingerprint(&mut h);
    Ok(h.finalize().to_hex()[..20].to_string())
}

/// A dataset's cached index.
#[derive(Debug, Clone)]
pub struct PreparedIndex {
    /// The cache folder of this corpus (`<root>/<key>`).
    pub dir: PathBuf,
    /// The index inside it.
    pub index: PathBuf,
    /// What the index update did (nothing, when the cache was fresh).
    pub summary: IndexSummary,
}

/// Indexes `corpus` into `<cache_root>/<key>/index`, or reuses what an
/// earlier run left there. The corpus file is hard-linked (or copied) to
/// `<cache_root>/<key>/corpus/`, so the ordinary incremental indexer keeps
/// the cache honest. `rebuild` starts the index from scratch.
pub fn prepare_index(corpus: &Path, cache_root: &Path, rebuild: bool) -> Result<PreparedIndex> {
    let dir = cache_root.join(cache_key(corpus)?);
    let corpus_dir = dir.join("corpus");
    let index = dir.join("index");
    std::fs::create_dir_all(&corpus_dir).map_err(|e| Error::io(&corpus_dir, e))?;
    let cached = corpus_dir.join(CORPUS_FILE);
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).ok();
    if size(&cached).is_none() || size(&cached) != size(corpus) {
        place_copy(corpus, &cached)?;
    }
    let summary = index::update(&IndexOptions {
        corpus: corpus_dir,
        index: index.clone(),
        rebuild,
        walk: Default::default(),
    })?;
    if summary.documents == 0 {
        return Err(Error::dataset(
            corpus,
            "the corpus produced no documents (is it JSON Lines with \"_id\" and \"text\"?)",
        ));
    }
    Ok(PreparedIndex {
        dir,
        index,
        summary,
    })
}

/// Puts a hard link to (or else a copy of) `src` at `dest`, atomically.
fn place_copy(src: &Path, dest: &Path) -> Result<()> {
    let tmp = dest.with_extension("jsonl.tmp");
    let _ = std::fs::remove_file(&tmp);
    if std::fs::hard_link(src, &tmp).is_err() {
        std::fs::copy(src, &tmp).map_err(|e| Error::io(&tmp, e))?;
    }
    std::fs::rename(&tmp, dest).map_err(|e| Error::io(dest, e))
}

/// Settings of one evaluation run.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// Run at most this many judged queries (the first ones).
    pub limit_queries: Option<usize>,
    /// Search threads.
    pub threads: usize,
    /// Passage hits asked for per query.
    pub depth: usize,
    /// How passages become documents.
    pub aggregation: Aggregation,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            limit_queries: None,
            threads: 1,
            depth: PASSAGE_DEPTH,
            aggregation: Aggregation::default(),
        }
    }
}

/// One query's outcome.
#[derive(Debug, Clone)]
pub struct QueryResult {
    /// Query id.
    pub id: String,
    /// Documents, best first, at most [`RUN_DEPTH`]: (the document id's
    /// place in [`EvalReport::ids`], score).
    pub ranking: Vec<RankedDocument>,
    /// Its scores; `None` when it has no relevant document.
    pub scores: Option<QueryScores>,
}

/// What an evaluation measured.
#[derive(Debug, Clone)]
pub struct EvalReport {
    /// Means over the scored queries.
    pub summary: Summary,
    /// Every query that was run, in dataset order.
    pub queries: Vec<QueryResult>,
    /// Wall time of searching and ranking (not indexing).
    pub search_time: Duration,
    /// The index's document ids, which name the ranked documents.
    pub ids: Arc<DocumentIds>,
}

impl EvalReport {
    /// Queries run per second of search time.
    pub fn qps(&self) -> f64 {
        let secs = self.search_time.as_secs_f64();
        if secs > 0.0 {
            self.queries.len() as f64 / secs
        } else {
            0.0
        }
    }

    /// The summary as its JSON wire form.
    pub fn to_json(&self, per_query: bool) -> EvalJson {
        let s = &self.summary;
        EvalJson {
            dataset: None,
            split: None,
            ndcg_at_10: s.ndcg,
            map_at_1000: s.map,
            recall_at_100: s.recall,
            mrr_at_10: s.mrr,
            queries: s.queries,
            qps: self.qps(),
            per_query: per_query.then(|| {
                self.queries
                    .iter()
                    .filter_map(|q| Some((q.id.clone(), q.scores?.ndcg)))
                    .collect()
            }),
        }
    }
}

/// `quarry eval --json`: one object.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EvalJson {
    /// The dataset folder's name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub dataset: Option<String>,
    /// The split whose judgments were used (absent with `--qrels`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub split: Option<String>,
    /// Mean nDCG@10.
    #[serde(rename = "ndcg@10")]
    pub ndcg_at_10: f64,
    /// MAP@1000.
    #[serde(rename = "map@1000")]
    pub map_at_1000: f64,
    /// Mean Recall@100.
    #[serde(rename = "recall@100")]
    pub recall_at_100: f64,
    /// MRR@10.
    #[serde(rename = "mrr@10")]
    pub mrr_at_10: f64,
    /// Queries averaged (judged queries with at least one relevant document).
    pub queries: usize,
    /// Queries per second of search time.
    pub qps: f64,
    /// nDCG@10 by query id, with `--per-query` only.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub per_query: Option<BTreeMap<String, f64>>,
}

/// Searches every query of `dataset` in `index` and scores the rankings.
pub fn run(dataset: &Dataset, index: &Path, opts: &EvalOptions) -> Result<EvalReport> {
    let searcher = Searcher::open(index)?;
    let queries = match opts.limit_queries {
        Some(n) => &dataset.queries[..n.min(dataset.queries.len())],
        None => &dataset.queries[..],
    };
    let search = SearchOptions {
        limit: opts.depth.max(1),
        mode: QueryMode::Plain,
        collapse: false,
        ..SearchOptions::default()
    };
    let no_judgments = Judgments::new();
    let started = Instant::now();
    let ids = searcher.document_ids()?;
    let mut results = Vec::with_capacity(queries.len());
    batch::for_each_ordered(
        queries,
        opts.threads,
        |(id, text)| -> Result<QueryResult> {
            let ranking = rank(&searcher, text, &search, opts.aggregation)?;
            let judged = dataset.qrels.get(id).unwrap_or(&no_judgments);
            let scores = QueryScores::of_grades(&grades(&ranking, judged, &ids), judged);
            Ok(QueryResult {
                id: id.clone(),
                ranking,
                scores,
            })
        },
        |_, result| {
            results.push(result?);
            Ok::<(), Error>(())
        },
    )?;
    let search_time = started.elapsed();
    let summary = Summary::of(results.iter().filter_map(|q| q.scores.as_ref()));
    Ok(EvalReport {
        summary,
        queries: results,
        search_time,
        ids,
    })
}

/// The grades of the first [`metrics::DEEPEST_CUTOFF`] distinct documents
/// of `ranking` under `judged` (0 for unjudged ones and negative grades).
fn grades(ranking: &[RankedDocument], judged: &Judgments, ids: &DocumentIds) -> Vec<i32> {
    // The judged documents the index holds, by place.
    let mut places: Vec<(u32, i32)> = judged
        .iter()
        .filter_map(|(doc, &g)| Some((ids.find(doc)?, g.max(0))))
        .collect();
    places.sort_unstable();
    let grade = |doc: u32| {
        places
            .binary_search_by_key(&doc, |&(d, _)| d)
            .map_or(0, |i| places[i].1)
    };
    let k = metrics::DEEPEST_CUTOFF;
    SEEN.with(|cell| {
        // A document named twice (two documents with one id) counts at
        // its first place only. The bits are this thread's, all clear
        // between queries.
        let mut seen = cell.take();
        seen.resize(seen.len().max(ids.len().div_ceil(64)), 0);
        let mut out = Vec::with_capacity(k.min(ranking.len()));
        for &(doc, _) in ranking {
            if out.len() == k {
                break;
            }
            let (word, bit) = (doc as usize / 64, 1u64 << (doc % 64));
            let Some(w) = seen.get_mut(word) else {
                continue;
            };
            if *w & bit == 0 {
                *w |= bit;
                out.push(grade(doc));
            }
        }
        for &(doc, _) in ranking {
            if let Some(w) = seen.get_mut(doc as usize / 64) {
                *w = 0;
            }
        }
        cell.replace(seen);
        out
    })
}

thread_local! {
    /// One bit per document id: those already graded in [`grades`].
    static SEEN: std::cell::RefCell<Vec<u64>> = std::cell::RefCell::default();
}

/// One query's document ranking, at most [`RUN_DEPTH`] long, in the
/// order `trec_eval` reads a run (score descending, then id descending in
/// byte order; see [`metrics::rank_documents`]).
fn rank(
    searcher: &Searcher,
    text: &str,
    opts: &SearchOptions,
    aggregation: Aggregation,
) -> Result<Vec<RankedDocument>> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    // Each document's passages come best first.
    let rest = crate::search::Ranking::current().rest_weight;
    let combine = |s: &[f32]| aggregation.combine_with(s, rest);
    let mut ranking = searcher.rank_documents(text, opts.mode, opts.limit, &combine)?;
    ranking.truncate(RUN_DEPTH);
    Ok(ranking)
}

/// Writes a TREC run file: `qid Q0 docid rank score quarry` per line.
pub fn write_run<W: Write>(w: &mut W, report: &EvalReport) -> std::io::Result<()> {
    for q in &report.queries {
        for (i, &(doc, score)) in q.ranking.iter().enumerate() {
            let doc = report.ids.name(doc);
            writeln!(w, "{} Q0 {} {} {} {RUN_TAG}", q.id, doc, i + 1, score)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::REST_WEIGHT;

    #[test]
    fn aggregations() {
        let scores = [4.0, 2.0, 1.0];
        assert_eq!(Aggregation::Max.combine(&scores), 4.0);
        assert_eq!(Aggregation::Sum.combine(&scores), 7.0);
        let max_rest = Aggregation::MaxRest.combine(&scores);
        assert!((max_rest - (4.0 + REST_WEIGHT * 3.0)).abs() < 1e-6);
        assert_eq!(Aggregation::MaxRest.combine(&[]), 0.0);
    }

    #[test]
    fn grades_count_a_document_id_once_at_its_first_place() {
        let ids = DocumentIds::from_names(["a", "b", "c", "d"].map(String::from));
        let place = |id: &str| ids.find(id).expect("known id");
        let judged: Judgments = [("b", 2), ("d", 1), ("c", -1), ("gone", 1)]
            .into_iter()
            .map(|(d, g)| (d.to_string(), g))
            .collect();
        // Two documents with the id `b` (the second not graded again); `c`'s
        // negative grade counts as 0; `gone` is in no document.
        let ranking: Vec<RankedDocument> = ["b", "a", "b", "c", "d"]
            .into_iter()
            .map(|id| (place(id), 1.0))
            .collect();
        assert_eq!(grades(&ranking, &judged, &ids), [2, 0, 0, 1]);
        // The same through the string measures.
        let names: Vec<&str> = ranking.iter().map(|&(d, _)| ids.name(d)).collect();
        assert_eq!(
            QueryScores::of_grades(&grades(&ranking, &judged, &ids), &judged),
            QueryScores::of(&names, &judged)
        );
        // The thread's bits are clear again: a second call grades alike.
        assert_eq!(grades(&ranking, &judged, &ids), [2, 0, 0, 1]);
        assert_eq!(grades(&[], &judged, &ids), Vec::<i32>::new());
    }

    #[test]
    fn qrels_beir_and_trec_formats() {
        let dir = tempfile::tempdir().expect("tempdir");
        let beir = dir.path().join("test.tsv");
        std::fs::write(
            &beir,
            "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t0\nq2\td3\t2\n",
        )
        .expect("write");
        let q = read_qrels(&beir).expect("qrels");
        assert_eq!(q["q1"]["d1"], 1);
        assert_eq!(q["q1"]["d2"], 0);
        assert_eq!(q["q2"]["d3"], 2);
        let trec = dir.path().join("qrels.txt");
        std::fs::write(&trec, "q1 0 d1 1\nq1 0 d9 3\n").expect("write");
        let q = read_qrels(&trec).expect("qrels");
        assert_eq!(q["q1"]["d9"], 3);
        std::fs::write(&trec, "q1 0 d1 1\nq1 d2 x\n").expect("write");
        let err = read_qrels(&trec).expect_err("bad grade");
        assert!(err.to_string().contains(":2:"), "{err}");
    }

    #[test]
    fn queries_accept_string_and_number_ids() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("queries.jsonl");
        std::fs::write(
            &p,
            "{\"_id\": \"a\", \"text\": \"x\"}\n\n{\"_id\": 7, \"text\": \"y\"}\n",
        )
        .expect("write");
        let q = read_queries(&p).expect("queries");
        assert_eq!(q, [("a".into(), "x".into()), ("7".into(), "y".into())]);
        std::fs::write(&p, "{\"_id\": \"a\"}\n").expect("write");
        assert!(read_queries(&p).is_err());
    }
}
