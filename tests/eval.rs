//! `quarry eval` end to end on the committed `tests/fixtures/beir-tiny`
//! dataset, whose rankings are known exactly (see its README).

mod util;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use util::{Run, run_in};

/// The `--json` summary, as scripts read it.
#[derive(Debug, Deserialize)]
struct Summary {
    #[serde(rename = "ndcg@10")]
    ndcg: f64,
    #[serde(rename = "map@1000")]
    map: f64,
    #[serde(rename = "recall@100")]
    recall: f64,
    #[serde(rename = "mrr@10")]
    mrr: f64,
    queries: usize,
    qps: f64,
    #[serde(default)]
    per_query: Option<std::collections::BTreeMap<String, f64>>,
}

fn dataset() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/beir-tiny")
}

/// Runs `quarry eval <beir-tiny> --cache <cache> ARGS` from `cache`'s folder.
fn eval(cache: &Path, args: &[&str]) -> Run {
    let data = dataset();
    let cache_arg = cache.to_string_lossy().into_owned();
    let mut all = vec![
        "eval",
        data.to_str().expect("UTF-8 path"),
        "--cache",
        &cache_arg,
    ];
    all.extend_from_slice(args);
    run_in(cache, &all)
}

fn summary(run: &Run) -> Summary {
    assert_eq!(run.code, 0, "eval failed: {run:?}");
    serde_json::from_str(run.stdout.trim())
        .unwrap_or_else(|e| panic!("bad JSON {:?}: {e}", run.stdout))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn each_query_finding_its_only_relevant_document_scores_one() {
    let cache = tempfile::tempdir().expect("tempdir");
    let s = summary(&eval(cache.path(), &["--json"]));
    assert!(close(s.ndcg, 1.0), "{s:?}");
    assert!(close(s.map, 1.0), "{s:?}");
    assert!(close(s.recall, 1.0), "{s:?}");
    assert!(close(s.mrr, 1.0), "{s:?}");
    // q4 and q9 have no judgments in test.tsv, so they are not run.
    assert_eq!(s.queries, 3);
    assert!(s.qps > 0.0);
    assert!(s.per_query.is_none());
}

#[test]
fn missed_relevant_documents_match_the_hand_computed_values() {
    let cache = tempfile::tempdir().expect("tempdir");
    let s = summary(&eval(
        cache.path(),
        &["--split", "hard", "--json", "--per-query"],
    ));
    // q1: relevant d1 (found at rank 1) and d3 (its words are not in q1).
    //     nDCG@10 = 1 / (1 + 1/log2 3) = 1 / 1.63093 = 0.61315
    //     AP = (1/1) / 2 = 0.5; Recall@100 = 1/2; RR = 1.
    // q2: d2 (grade 2) at rank 1, d4 judged 0: every metric 1.
    // q3: only a grade-0 judgment, so it is left out of the averages.
    // q4: d6 relevant, but no document has q4's words: every metric 0.
    let q1_ndcg = 1.0 / (1.0 + 1.0 / 3f64.log2());
    assert!(close(s.ndcg, (q1_ndcg + 1.0 + 0.0) / 3.0), "{s:?}"); // 0.53772
    assert!(close(s.map, (0.5 + 1.0 + 0.0) / 3.0), "{s:?}"); // 0.5
    assert!(close(s.recall, (0.5 + 1.0 + 0.0) / 3.0), "{s:?}"); // 0.5
    assert!(close(s.mrr, (1.0 + 1.0 + 0.0) / 3.0), "{s:?}"); // 0.66667
    assert_eq!(s.queries, 3);
    let per_query = s.per_query.expect("per_query with --per-query");
    let ids: Vec<&str> = per_query.keys().map(String::as_str).collect();
    assert_eq!(ids, ["q1", "q2", "q4"]);
    assert!(close(per_query["q1"], q1_ndcg));
    assert!(close(per_query["q4"], 0.0));
}

#[test]
fn a_trec_qrels_file_can_replace_the_split() {
    let cache = tempfile::tempdir().expect("tempdir");
    let qrels = cache.path().join("qrels.trec");
    // q1's relevant document is d3, which q1 does not retrieve; q2 is perfect.
    std::fs::write(&qrels, "q1 0 d3 1\nq2 0 d2 1\n").expect("write qrels");
    let q = qrels.to_string_lossy().into_owned();
    let s = summary(&eval(cache.path(), &["--qrels", &q, "--json"]));
    assert_eq!(s.queries, 2);
    assert!(close(s.ndcg, 0.5) && close(s.mrr, 0.5), "{s:?}");
}

#[test]
fn the_index_is_cached_by_content_and_reused() {
    let cache = tempfile::tempdir().expect("tempdir");
    let first = eval(cache.path(), &["--json"]);
    assert!(first.stderr.contains("indexed 6 documents"), "{first:?}");
    let second = eval(cache.path(), &["--json"]);
    assert!(
        second.stderr.contains("using the cached index"),
        "{second:?}"
    );
    assert_eq!(summary(&first).ndcg, summary(&second).ndcg);
    let entries: Vec<_> = std::fs::read_dir(cache.path())
        .expect("read cache")
        .flatten()
        .filter(|e| e.path().is_dir())
        .collect();
    assert_eq!(entries.len(), 1, "one folder per corpus: {entries:?}");
    let rebuilt = eval(cache.path(), &["--json", "--reindex"]);
    assert!(
        rebuilt.stderr.contains("indexed 6 documents"),
        "{rebuilt:?}"
    );
}

#[test]
fn run_file_is_trec_format_best_first() {
    let cache = tempfile::tempdir().expect("tempdir");
    let run_path = cache.path().join("quarry.run");
    let r = run_path.to_string_lossy().into_owned();
    summary(&eval(cache.path(), &["--json", "--run", &r]));
    let text = std::fs::read_to_string(&run_path).expect("run file");
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(' ').collect()).collect();
    let heads: Vec<(&str, &str, &str)> = rows.iter().map(|r| (r[0], r[2], r[3])).collect();
    assert_eq!(
        heads,
        [("q1", "d1", "1"), ("q2", "d2", "1"), ("q3", "d5", "1")]
    );
    for row in &rows {
        assert_eq!(row.len(), 6, "{row:?}");
        assert_eq!((row[1], row[5]), ("Q0", "quarry"));
        let score: f64 = row[4].parse().expect("numeric score");
        assert!(score > 0.0);
    }
}

#[test]
fn table_output_lists_per_query_then_the_metrics() {
    let cache = tempfile::tempdir().expect("tempdir");
    let run = eval(cache.path(), &["--split", "hard", "--per-query"]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(&lines[..3], ["q1\t0.6131", "q2\t1.0000", "q4\t0.0000"]);
    assert!(run.stdout.contains("nDCG@10     0.5377"), "{}", run.stdout);
    assert!(run.stdout.contains("queries     3"), "{}", run.stdout);
}

#[test]
fn limit_queries_runs_the_first_judged_queries() {
    let cache = tempfile::tempdir().expect("tempdir");
    let s = summary(&eval(cache.path(), &["--json", "--limit-queries", "2"]));
    assert_eq!(s.queries, 2);
}

#[test]
fn a_missing_split_names_the_available_ones() {
    let cache = tempfile::tempdir().expect("tempdir");
    let run = eval(cache.path(), &["--split", "dev"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty());
    let stderr = run.stderr.trim_end();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("quarry: "), "{stderr}");
    assert!(stderr.contains("available: hard, test"), "{stderr}");
}

#[test]
fn a_folder_without_a_corpus_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().to_string_lossy().into_owned();
    let run = run_in(dir.path(), &["eval", &d, "--cache", &d]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("corpus.jsonl"), "{run:?}");
}

#[test]
fn malformed_qrels_line_is_reported_with_its_number() {
    let cache = tempfile::tempdir().expect("tempdir");
    let qrels = cache.path().join("bad.tsv");
    std::fs::write(
        &qrels,
        "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\thigh\n",
    )
    .expect("write");
    let q = qrels.to_string_lossy().into_owned();
    let run = eval(cache.path(), &["--qrels", &q]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("bad.tsv:3: "), "{run:?}");
}

/// Runs on the real SciFact data when it is present; prints the numbers.
#[test]
#[ignore = "needs /work/shared/data/scifact; run with: cargo test --release -- --ignored"]
fn scifact_train() {
    let data = Path::new("/work/shared/data/scifact");
    if !data.join("corpus.jsonl").is_file() {
        eprintln!("skipped: no SciFact data at {}", data.display());
        return;
    }
    let cache = tempfile::tempdir().expect("tempdir");
    let c = cache.path().to_string_lossy().into_owned();
    let d = data.to_string_lossy().into_owned();
    let run = run_in(
        cache.path(),
        &[
            "eval",
            &d,
            "--split",
            "train",
            "--json",
            "--cache",
            &c,
            "--threads",
            "2",
        ],
    );
    let s = summary(&run);
    eprintln!("SciFact train: {s:?}");
    assert_eq!(s.queries, 809);
    // A floor against breakage, well below the ranking target (0.71).
    assert!(s.ndcg > 0.6, "{s:?}");
}

/// A copy of beir-tiny named `other`, whose only judgments are the `hard` split.
fn copy_with_only_hard_split(into: &Path) -> PathBuf {
    let src = dataset();
    let dir = into.join("other");
    std::fs::create_dir_all(dir.join("qrels")).expect("mkdir");
    for file in ["corpus.jsonl", "queries.jsonl"] {
        std::fs::copy(src.join(file), dir.join(file)).expect("copy");
    }
    std::fs::copy(src.join("qrels/hard.tsv"), dir.join("qrels/hard.tsv")).expect("copy");
    dir
}

#[test]
fn several_datasets_give_one_json_line_each_with_their_own_split() {
    let cache = tempfile::tempdir().expect("tempdir");
    let other = copy_with_only_hard_split(cache.path());
    let c = cache.path().to_string_lossy().into_owned();
    let tiny = dataset().to_string_lossy().into_owned();
    let o = other.to_string_lossy().into_owned();
    let run = run_in(cache.path(), &["eval", &tiny, &o, "--cache", &c, "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert_eq!(lines[0]["dataset"], "beir-tiny");
    assert_eq!(lines[0]["split"], "test");
    assert_eq!(lines[1]["dataset"], "other");
    // No test.tsv and one split: that split is used.
    assert_eq!(lines[1]["split"], "hard");
    // Each line is what a run on that dataset alone gives.
    let alone = summary(&eval(cache.path(), &["--json"]));
    let first = lines[0]["ndcg@10"].as_f64().expect("ndcg");
    assert!(close(first, alone.ndcg), "{first} vs {alone:?}");
    let hard = summary(&eval(cache.path(), &["--json", "--split", "hard"]));
    let second = lines[1]["ndcg@10"].as_f64().expect("ndcg");
    assert!(close(second, hard.ndcg), "{second} vs {hard:?}");
    assert!(!close(first, second), "the splits should differ: {first}");
}

#[test]
fn several_datasets_print_a_table_with_a_row_each_and_the_mean() {
    let cache = tempfile::tempdir().expect("tempdir");
    let other = copy_with_only_hard_split(cache.path());
    let c = cache.path().to_string_lossy().into_owned();
    let tiny = dataset().to_string_lossy().into_owned();
    let o = other.to_string_lossy().into_owned();
    let run = run_in(cache.path(), &["eval", &tiny, &o, "--cache", &c]);
    assert_eq!(run.code, 0, "{run:?}");
    let rows: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 4, "{}", run.stdout);
    assert_eq!(rows[0][..3], ["dataset", "split", "queries"]);
    assert_eq!(rows[1][..2], ["beir-tiny", "test"]);
    assert_eq!(rows[2][..2], ["other", "hard"]);
    assert_eq!(rows[3][0], "mean");
    let ndcg = |row: &[&str], col: usize| row[col].parse::<f64>().expect("number");
    let mean = (ndcg(&rows[1], 3) + ndcg(&rows[2], 3)) / 2.0;
    assert!((ndcg(&rows[3], 1) - mean).abs() < 1e-3, "{}", run.stdout);
}

/// The run `quarry eval` writes for `dataset` with `QUARRY_RANKING` set to
/// `ranking`: each line's document id, best first.
fn ranked_with(dataset: &Path, ranking: &str) -> Vec<String> {
    let cache = tempfile::tempdir().expect("tempdir");
    let run_file = cache.path().join("run.txt");
    let out = std::process::Command::new(util::bin())
        .args([
            "eval".as_ref(),
            dataset.as_os_str(),
            "--cache".as_ref(),
            cache.path().as_os_str(),
            "--run".as_ref(),
            run_file.as_os_str(),
            "--json".as_ref(),
        ])
        .env("QUARRY_RANKING", ranking)
        .output()
        .expect("quarry runs");
    assert!(out.status.success(), "{out:?}");
    let run = std::fs::read_to_string(&run_file).expect("run file");
    run.lines()
        .map(|l| l.split_whitespace().nth(2).expect("doc id").to_string())
        .collect()
}

#[test]
fn a_document_is_ranked_as_a_whole_not_only_by_its_best_passage() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/beir-split");
    // By passages alone, the one passage with `glacier` three times wins.
    let passages = ranked_with(&data, "doc=0");
    assert_eq!(passages[..2], ["dense", "split"], "{passages:?}");
    // As a whole, `split` holds both query words, one in each passage.
    let whole = ranked_with(&data, "");
    assert_eq!(whole[..2], ["split", "dense"], "{whole:?}");
    // Only the documents with a query word are ranked.
    assert_eq!(whole.len(), 2, "{whole:?}");
}

#[test]
fn a_word_said_twice_in_a_short_query_counts_little_more_than_once() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/beir-repeat");
    // Counted twice, `melanoma` outweighs `therapy`: `echo` (melanoma
    // five times) beats `both` (each word once), with the whole-document
    // stage and without.
    for ranking in ["repeat_k=-1", "repeat_k=-1,doc=0"] {
        let linear = ranked_with(&data, ranking);
        assert_eq!(linear[..2], ["echo", "both"], "{ranking}: {linear:?}");
    }
    // The default: the repeat weighs 1/3, and the document with both
    // words comes first.
    for ranking in ["", "doc=0"] {
        let saturated = ranked_with(&data, ranking);
        assert_eq!(saturated[..2], ["both", "echo"], "{ranking}: {saturated:?}");
    }
    // A query of at least `repeat_long` distinct terms keeps the linear
    // rule: with the bar at 2, the two-term query is long.
    let long = ranked_with(&data, "repeat_long=2");
    assert_eq!(long[..2], ["echo", "both"], "{long:?}");
}

#[test]
fn datasets_of_different_sizes_in_one_run_rank_as_each_alone() {
    // The document stage keeps per-thread scratch space between queries;
    // a second index of another size must see none of the first's.
    let cache = tempfile::tempdir().expect("tempdir");
    let c = cache.path().to_string_lossy().into_owned();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let sets: Vec<String> = ["beir-tiny", "beir-split", "beir-repeat"]
        .iter()
        .map(|s| fixtures.join(s).to_string_lossy().into_owned())
        .collect();
    let run_of = |sets: &[&str]| {
        let mut args = vec!["eval"];
        args.extend_from_slice(sets);
        args.extend(["--cache", &c, "--json", "--per-query"]);
        let run = run_in(cache.path(), &args);
        assert_eq!(run.code, 0, "{run:?}");
        run.stdout
            .lines()
            .map(|l| {
                let mut line: serde_json::Value = serde_json::from_str(l).expect("JSON line");
                // Speed differs from run to run; every other key must not.
                line.as_object_mut().expect("object").remove("qps");
                line
            })
            .collect::<Vec<_>>()
    };
    let all: Vec<&str> = sets.iter().map(String::as_str).collect();
    let together = run_of(&all);
    assert_eq!(together.len(), sets.len());
    for (set, line) in all.iter().zip(&together) {
        let alone = run_of(&[set]);
        assert_eq!(alone.len(), 1);
        assert_eq!(&alone[0], line, "{set}");
    }
}

#[test]
fn tied_documents_are_listed_by_id_descending_in_byte_order() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/beir-ties");
    let cache = tempfile::tempdir().expect("tempdir");
    let run_file = cache.path().join("run.txt");
    let out = std::process::Command::new(util::bin())
        .args([
            "eval".as_ref(),
            data.as_os_str(),
            "--cache".as_ref(),
            cache.path().as_os_str(),
            "--run".as_ref(),
            run_file.as_os_str(),
            "--json".as_ref(),
        ])
        .output()
        .expect("quarry runs");
    assert!(out.status.success(), "{out:?}");
    let run = std::fs::read_to_string(&run_file).expect("run file");
    let rows: Vec<Vec<&str>> = run.lines().map(|l| l.split(' ').collect()).collect();
    let ids: Vec<&str> = rows.iter().map(|r| r[2]).collect();
    assert_eq!(ids, ["dup", "b", "a9", "a10"], "{run}");
    // The three tied documents have one score.
    assert!(
        rows[1][4] == rows[2][4] && rows[2][4] == rows[3][4],
        "{run}"
    );
    assert!(rows[0][4] != rows[1][4], "{run}");
    let ranks: Vec<&str> = rows.iter().map(|r| r[3]).collect();
    assert_eq!(ranks, ["1", "2", "3", "4"]);
    let s: Summary =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("bad JSON {out:?}: {e}"));
    assert!(close(s.map, 0.75), "{s:?}");
    let ndcg = (1.0 + 1.0 / 5f64.log2()) / (1.0 + 1.0 / 3f64.log2());
    assert!(close(s.ndcg, ndcg), "{s:?}");
    assert!(close(s.recall, 1.0) && close(s.mrr, 1.0), "{s:?}");
}
