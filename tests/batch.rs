//! `quarry search --batch` and `--plain` through the real binary.

mod util;

use std::io::Write;
use std::process::{Command, Stdio};

use serde::Deserialize;
use util::{Run, Workspace, bin};

/// The fields of a batch hit these tests look at.
#[derive(Debug, Deserialize, PartialEq)]
struct Hit {
    query_id: String,
    rank: usize,
    passage_id: String,
    doc: Doc,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Doc {
    path: String,
}

/// A small corpus where each animal word is in exactly one file.
fn workspace() -> Workspace {
    let ws = Workspace::new();
    ws.write(
        "otters.txt",
        "Otters\n\nSea otters float on their backs and crack shellfish with stones.\n",
    );
    ws.write(
        "owls.txt",
        "Owls\n\nBarn owls hunt at night, hearing voles move under the snow.\n",
    );
    ws.write(
        "ants.txt",
        "Ants\n\nLeafcutter ants farm a fungus on chewed leaves; the colony shares it.\n\n\
         Army ants build living bridges from their own bodies.\n",
    );
    ws.write(
        "odd.txt",
        "Odd tokens\n\nThe foo-bar: \"x\" marker sits in this sentence.\n",
    );
    let run = ws.run(&["index", "--quiet"]);
    assert_eq!(run.code, 0, "index failed: {run:?}");
    ws
}

/// The hits of a batch run (records of queries without hits, which carry
/// no `rank`, are left out).
fn hits(run: &Run) -> Vec<Hit> {
    run.stdout
        .lines()
        .filter(|l| l.contains("\"rank\":"))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l:?}: {e}")))
        .collect()
}

/// Runs `quarry ARGS` in the workspace with `input` on stdin.
fn run_stdin(ws: &Workspace, args: &[&str], input: &str) -> Run {
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(ws.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("quarry runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("quarry ends");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn batch_file(ws: &Workspace, content: &str) -> String {
    let path = ws.path().join("queries.txt");
    std::fs::write(&path, content).expect("write queries");
    path.to_string_lossy().into_owned()
}

/// (query_id, rank, file) of every hit.
fn summary(hits: &[Hit]) -> Vec<(&str, usize, &str)> {
    hits.iter()
        .map(|h| (h.query_id.as_str(), h.rank, h.doc.path.as_str()))
        .collect()
}

#[test]
fn plain_lines_get_their_line_numbers_as_ids() {
    let ws = workspace();
    let file = batch_file(&ws, "otters shellfish\n\nbarn owls\n");
    // -n 1: how many passages a file splits into is not this test's business.
    let run = ws.run(&["search", "--batch", &file, "--no-refresh", "-n", "1"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        summary(&hits(&run)),
        [("1", 1, "otters.txt"), ("3", 1, "owls.txt")]
    );
}

#[test]
fn json_lines_carry_their_ids() {
    let ws = workspace();
    let file = batch_file(
        &ws,
        concat!(
            "{\"id\": \"first\", \"query\": \"leafcutter\"}\n",
            "{\"id\": 17, \"query\": \"voles\"}\n",
            "{\"query\": \"otters\"}\n",
        ),
    );
    let run = ws.run(&["search", "--batch", &file, "--no-refresh", "-n", "1"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        summary(&hits(&run)),
        [
            ("first", 1, "ants.txt"),
            ("17", 1, "owls.txt"),
            ("3", 1, "otters.txt")
        ]
    );
}

#[test]
fn a_malformed_json_line_is_a_warning_not_an_error() {
    let ws = workspace();
    let file = batch_file(&ws, "{\"id\": 1, \"query\": \nvoles\n");
    let run = ws.run(&["search", "--batch", &file, "--no-refresh", "-n", "1"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("quarry: warning: {file}:1: malformed JSON query")),
        "{run:?}"
    );
    assert_eq!(summary(&hits(&run)), [("2", 1, "owls.txt")]);
}

#[test]
fn threads_keep_the_input_order() {
    let ws = workspace();
    let words = [
        "otters",
        "owls",
        "ants",
        "bridges",
        "snow",
        "nothingmatches",
        "stones",
        "colony",
    ];
    let lines: Vec<String> = (0..120)
        .map(|i| {
            let a = words[i % words.len()];
            let b = words[(i * 5 + 3) % words.len()];
            format!("{{\"id\": \"q{i}\", \"query\": \"{a} {b}\"}}")
        })
        .collect();
    let file = batch_file(&ws, &lines.join("\n"));
    let one = ws.run(&["search", "--batch", &file, "--no-refresh", "--threads", "1"]);
    let four = ws.run(&["search", "--batch", &file, "--no-refresh", "--threads", "4"]);
    assert_eq!(one.code, 0, "{one:?}");
    assert_eq!(four.code, 0, "{four:?}");
    assert!(one.stdout.lines().count() > 120, "{}", one.stdout);
    // Byte-identical, not just the same set of hits.
    assert!(one.stdout == four.stdout, "outputs differ");
    // And grouped by query in input order.
    let ids: Vec<usize> = hits(&four)
        .iter()
        .map(|h| h.query_id[1..].parse().expect("numeric id"))
        .collect();
    assert!(ids.windows(2).all(|w| w[0] <= w[1]), "{ids:?}");
}

#[test]
fn stdin_is_read_with_a_dash() {
    let ws = workspace();
    let run = run_stdin(
        &ws,
        &["search", "--batch", "-", "--no-refresh"],
        "army ants\n{\"id\": \"x\", \"query\": \"owls\"}\n",
    );
    assert_eq!(run.code, 0, "{run:?}");
    let got = hits(&run);
    assert_eq!(got[0].query_id, "1");
    assert_eq!(got[0].doc.path, "ants.txt");
    assert_eq!(got.last().map(|h| h.query_id.as_str()), Some("x"));
}

#[test]
fn stdin_warnings_name_stdin() {
    let ws = workspace();
    let run = run_stdin(
        &ws,
        &["search", "--batch", "-", "--no-refresh"],
        "{oops\nowls\n",
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("quarry: warning: <stdin>:1: "),
        "{run:?}"
    );
}

#[test]
fn exit_one_when_no_query_finds_anything() {
    let ws = workspace();
    let file = batch_file(&ws, "zebra\nnothingmatches\n\n");
    let run = ws.run(&["search", "--batch", &file, "--no-refresh"]);
    assert_eq!(run.code, 1, "{run:?}");
    // Each query leaves a record with its count, 0.
    let records: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(records.len(), 2, "{}", run.stdout);
    for (record, id) in records.iter().zip(["1", "2"]) {
        assert_eq!(record["query_id"], id);
        assert_eq!(record["count"], 0);
    }
    let empty = batch_file(&ws, "\n\n");
    let run = ws.run(&["search", "--batch", &empty, "--no-refresh"]);
    assert_eq!(run.code, 1, "{run:?}");
}

#[test]
fn exit_zero_when_some_query_finds_something() {
    let ws = workspace();
    let file = batch_file(&ws, "zebra\nowls\n");
    let run = ws.run(&[
        "search",
        "--batch",
        &file,
        "--no-refresh",
        "--threads",
        "2",
        "-n",
        "1",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(summary(&hits(&run)), [("2", 1, "owls.txt")]);
}

#[test]
fn exit_two_on_errors() {
    let ws = workspace();
    let run = ws.run(&["search", "--batch", "missing.txt"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("quarry: missing.txt: "), "{run:?}");

    let file = batch_file(&ws, "owls\n");
    let run = ws.run(&["search", "--batch", &file, "owls"]);
    assert_eq!(run.code, 2, "--batch with a QUERY: {run:?}");

    let run = ws.run(&["search", "--threads", "2", "owls"]);
    assert_eq!(run.code, 2, "--threads without --batch: {run:?}");

    let run = ws.run(&["search", "--batch", &file, "--threads", "0"]);
    assert_eq!(run.code, 2, "--threads 0: {run:?}");

    let run = ws.run(&["search"]);
    assert_eq!(run.code, 2, "no query and no batch: {run:?}");
}

#[test]
fn batch_output_matches_single_searches() {
    let ws = workspace();
    let file = batch_file(&ws, "ants\n");
    let run = ws.run(&["search", "--batch", &file, "--no-refresh", "-n", "1"]);
    let batch = hits(&run);
    let single = ws.search_json(&["--no-refresh", "-n", "1", "ants"]);
    assert_eq!(batch.len(), 1);
    assert_eq!(batch[0].passage_id, util::s(&single[0], "/passage_id"));
}

#[test]
fn plain_query_is_searched_as_written() {
    let ws = workspace();
    let run = ws.run(&[
        "search",
        "--plain",
        "--json",
        "--no-refresh",
        "foo-bar: \"x",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("warning"), "{run:?}");
    assert_eq!(util::s(&run.json()[0], "/doc/path"), "odd.txt");
}

#[test]
fn batch_honours_plain() {
    let ws = workspace();
    let file = batch_file(&ws, "foo-bar: \"x\nAND otters\n");
    let run = ws.run(&["search", "--plain", "--batch", &file, "--no-refresh"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("warning"), "{run:?}");
    let got = hits(&run);
    assert_eq!(got[0].doc.path, "odd.txt");
    assert!(
        got.iter()
            .any(|h| h.query_id == "2" && h.doc.path == "otters.txt")
    );
}
