//! `--fields`: the keys each JSON hit carries, on `search` and `--batch`.

mod util;

use serde_json::Value;
use util::Workspace;

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect();
    k.sort();
    k
}

fn indexed() -> Workspace {
    let ws = Workspace::shipped();
    let run = ws.run(&["index", "--quiet"]);
    assert_eq!(run.code, 0, "{run:?}");
    ws
}

#[test]
fn lean_hits_carry_only_the_chosen_keys_with_the_same_values() {
    let ws = indexed();
    let full = ws.search_json(&["-n", "5", "foreign trade"]);
    assert_eq!(full.len(), 5);
    let lean = ws.search_json(&[
        "-n",
        "5",
        "--fields",
        "doc.id,passage_id,score",
        "foreign trade",
    ]);
    assert_eq!(lean.len(), full.len());
    for (l, f) in lean.iter().zip(&full) {
        assert_eq!(keys(l), ["doc", "passage_id", "score"], "{l}");
        assert_eq!(keys(&l["doc"]), ["id"], "{l}");
        assert_eq!(l["doc"]["id"], f["doc"]["id"]);
        assert_eq!(l["passage_id"], f["passage_id"]);
        assert_eq!(l["score"], f["score"]);
    }

    // Keys from fast fields and from the stored passage, mixed.
    let mixed = ws.search_json(&[
        "-n",
        "5",
        "--fields",
        "rank,doc.path,lines,bytes,section,snippet",
        "foreign trade",
    ]);
    for (m, f) in mixed.iter().zip(&full) {
        assert_eq!(
            keys(m),
            ["bytes", "doc", "lines", "rank", "section", "snippet"],
            "{m}"
        );
        for key in ["rank", "lines", "bytes", "section", "snippet"] {
            assert_eq!(m[key], f[key], "{key}");
        }
        assert_eq!(m["doc"]["path"], f["doc"]["path"]);
    }

    // `doc` is the whole document object; text without highlights.
    let docs = ws.search_json(&["-n", "2", "--fields", "doc,text", "foreign trade"]);
    for (d, f) in docs.iter().zip(&full) {
        assert_eq!(keys(d), ["doc", "text"]);
        assert_eq!(d["doc"], f["doc"]);
        assert_eq!(d["text"], f["text"]);
    }
}

#[test]
fn batch_hits_honour_fields_and_keep_query_ids() {
    let ws = indexed();
    std::fs::write(
        ws.path().join("q.jsonl"),
        "{\"id\": \"a\", \"query\": \"foreign trade\"}\n{\"id\": \"b\", \"query\": \"Sanhao Street\"}\n",
    )
    .expect("write queries");
    let full = ws.run(&["search", "--batch", "q.jsonl", "-n", "3"]);
    assert_eq!(full.code, 0, "{full:?}");
    let lean = ws.run(&[
        "search",
        "--batch",
        "q.jsonl",
        "-n",
        "3",
        "--fields",
        "query_id,rank,doc.id,passage_id",
    ]);
    assert_eq!(lean.code, 0, "{lean:?}");
    let (full, lean) = (full.json(), lean.json());
    assert_eq!(full.len(), lean.len());
    assert!(lean.iter().any(|h| h["query_id"] == "b"));
    for (l, f) in lean.iter().zip(&full) {
        assert_eq!(keys(l), ["doc", "passage_id", "query_id", "rank"], "{l}");
        for key in ["query_id", "rank", "passage_id"] {
            assert_eq!(l[key], f[key], "{key}");
        }
        assert_eq!(l["doc"]["id"], f["doc"]["id"]);
    }
}

#[test]
fn unknown_fields_are_refused_with_the_known_ones() {
    let ws = indexed();
    for list in ["score,title", "doc.id,", "Score"] {
        let run = ws.run(&["search", "--json", "--fields", list, "trade"]);
        assert_eq!(run.code, 2, "{list}: {run:?}");
        assert!(run.stdout.is_empty(), "{run:?}");
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{run:?}");
        assert!(lines[0].starts_with("quarry: unknown field"), "{run:?}");
        assert!(
            lines[0].contains("doc.id") && lines[0].contains("passage_id"),
            "{run:?}"
        );
    }
    let run = ws.run(&["search", "--batch", "-", "--fields", "nope"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("unknown field 'nope'"), "{run:?}");
    // Without JSON output there are no keys to choose.
    let run = ws.run(&["search", "--fields", "score", "trade"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("quarry: --fields"), "{run:?}");
}
