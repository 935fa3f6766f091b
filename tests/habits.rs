//! Issue 13: quarry behaves like the command-line tools people know
//! (ripgrep, fd, grep). One regression test per reported problem, through the
//! real binary over the shipped corpus.

mod util;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::Value;
use util::{Run, Workspace, s};

/// One indexed copy of the shipped corpus, shared by the tests in this file.
fn shipped() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::shipped();
        let run = ws.run(&["index", "--quiet"]);
        assert_eq!(run.code, 0, "index failed: {run:?}");
        ws
    })
}

/// `quarry ARGS` in the shared workspace.
fn run(args: &[&str]) -> Run {
    shipped().run(args)
}

/// `quarry search --json --no-refresh -n 1000 QUERY`: the hits and stderr.
fn search(query: &str) -> (Vec<Value>, String) {
    let r = run(&[
        "search",
        "--json",
        "--no-refresh",
        "-n",
        "1000",
        "--",
        query,
    ]);
    assert!(r.code == 0 || r.code == 1, "{query}: {r:?}");
    (r.json(), r.stderr)
}

fn passage_ids(hits: &[Value]) -> BTreeSet<String> {
    hits.iter()
        .map(|h| s(h, "/passage_id").to_string())
        .collect()
}

#[test]
fn boosts_keep_the_rest_of_the_query() {
    // `trade^2 port` once dropped `port` with "unparsed end of query".
    let (boosted, err) = search("trade^2 port");
    assert!(err.is_empty(), "{err}");
    let (plain, _) = search("trade port");
    assert_eq!(passage_ids(&boosted), passage_ids(&plain));
    let port_only: Vec<&Value> = boosted
        .iter()
        .filter(|h| {
            let t = s(h, "/text").to_lowercase();
            t.contains("port") && !t.contains("trade")
        })
        .collect();
    assert!(!port_only.is_empty(), "no passage matched only `port`");
    for q in ["trade^2.5", "(trade)^2.0", "trade^0.5"] {
        let (hits, err) = search(q);
        assert!(err.is_empty(), "{q}: {err}");
        assert_eq!(passage_ids(&hits), passage_ids(&search("trade").0), "{q}");
    }
    let (hits, err) = search("\"foreign trade\"^2");
    assert!(err.is_empty(), "{err}");
    assert!(!hits.is_empty());
    assert_eq!(
        passage_ids(&hits),
        passage_ids(&search("\"foreign trade\"").0)
    );
}

#[test]
fn trailing_colon_is_punctuation() {
    let (hits, err) = search("Dalian:");
    assert!(err.is_empty(), "{err}");
    assert!(!hits.is_empty());
    assert_eq!(passage_ids(&hits), passage_ids(&search("Dalian").0));
    // A field name followed by a space still names the field.
    let (spaced, _) = search("title: shenyang");
    assert_eq!(
        passage_ids(&spaced),
        passage_ids(&search("title:shenyang").0)
    );
}

#[test]
fn field_clause_restricts_the_other_words() {
    let (hits, err) = search("title:\"new industry\" robots");
    assert!(err.is_empty(), "{err}");
    assert!(!hits.is_empty());
    for h in &hits {
        assert!(
            s(h, "/doc/title").to_lowercase().contains("new industry"),
            "{h}"
        );
    }
    // Every hit also matches `robots` (the words are not an OR with the field).
    let (robots, _) = search("robots");
    let robots = passage_ids(&robots);
    assert!(passage_ids(&hits).is_subset(&robots));
    // An explicit OR keeps its meaning.
    let (either, _) = search("title:\"new industry\" OR robots");
    assert!(passage_ids(&either).len() > hits.len());
}

#[test]
fn exclude_only_query_does_not_warn() {
    let (hits, err) = search("-trade");
    assert!(
        err.is_empty(),
        "an applied exclusion was reported as left out: {err}"
    );
    assert!(!hits.is_empty());
    for h in &hits {
        assert!(!s(h, "/text").to_lowercase().contains("trade"), "{h}");
    }
}

#[test]
fn figures_between_without_upper_bound_says_what_is_missing() {
    let r = run(&["figures", "--no-refresh", "between 1 and"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("expected a number after `and`"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
}
