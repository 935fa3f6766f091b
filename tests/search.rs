//! End-to-end search tests over the shipped corpus, through the real binary.

mod util;

use std::sync::OnceLock;

use serde_json::Value;
use util::{Workspace, pair, s};

/// One indexed copy of the shipped corpus, shared by the tests in this file.
fn shipped() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::shipped();
        let run = ws.run(&["index"]);
        assert_eq!(run.code, 0, "index failed: {run:?}");
        ws
    })
}

fn search(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["--no-refresh"];
    all.extend_from_slice(args);
    shipped().search_json(&all)
}

fn source(hit: &Value) -> String {
    let path = shipped().corpus().join(s(hit, "/doc/path"));
    std::fs::read_to_string(path).expect("source file")
}

/// The source lines `lines` of a hit, joined.
fn source_lines(hit: &Value) -> String {
    let (first, last) = pair(hit, "lines");
    source(hit)
        .lines()
        .skip(first as usize - 1)
        .take((last - first + 1) as usize)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn sanhao_street_top_hit_is_euromoney_and_lines_point_at_it() {
    let hits = search(&["Sanhao Street"]);
    let top = &hits[0];
    assert_eq!(s(top, "/doc/title"), "New industry in Shenyang");
    assert_eq!(s(top, "/doc/publisher"), "Euromoney");
    assert_eq!(s(top, "/doc/date"), "2021");
    assert!(source_lines(top).contains("Sanhao Street"), "{top}");
}

#[test]
fn figure_query_finds_the_trade_passage_with_attribution() {
    let hits = search(&["371.53 billion yuan"]);
    let top = &hits[0];
    assert!(s(top, "/text").contains("371.53 billion yuan"), "{top}");
    assert_eq!(s(top, "/doc/author"), "Yuan Shenggao");
    assert_eq!(s(top, "/doc/date"), "2021-09-24");
    assert_eq!(s(top, "/doc/publisher"), "China Daily");
}

#[test]
fn table_rows_stay_together() {
    let hits = search(&["population 40 million"]);
    let top = &hits[0];
    let text = s(top, "/text");
    assert!(text.contains("About 40 million"), "{top}");
    assert!(
        text.contains("ItemDescription"),
        "header row missing: {text}"
    );
    assert!(text.contains("CapitalShenyang"), "{text}");
}

#[test]
fn phrase_across_a_page_break_matches_once() {
    let hits = search(&["\"great potential for economic and trade cooperation\""]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    let hit = &hits[0];
    assert!(s(hit, "/doc/title").starts_with("Research on the Development of Liaoning"));
    assert!(
        s(hit, "/section").starts_with("3) Opportunities for Liaoning"),
        "section: {}",
        s(hit, "/section")
    );
    // The passage spans the break: its lines cover both halves.
    let (first, last) = pair(hit, "lines");
    assert!(last > first, "{hit}");
    // The phrase is highlighted as one span in the snippet.
    assert_eq!(
        util::highlighted(hit),
        ["great potential for economic and trade cooperation"]
    );
}

#[test]
fn grouped_and_ungrouped_numbers_match() {
    let hits = search(&["140000 square kilometers"]);
    assert!(s(&hits[0], "/text").contains("140,000 square kilometers"));
    let hits = search(&["\"140,000\""]);
    assert!(s(&hits[0], "/text").contains("140,000"));
}

#[test]
fn percent_sign_matches_percent_word() {
    let hits = search(&["13.6%"]);
    assert!(s(&hits[0], "/text").contains("13.6 percent"), "{}", hits[0]);
}

#[test]
fn decimal_numbers_do_not_match_their_parts() {
    // "13.6" must not be found as "13" and "6".
    let run = shipped().run(&["search", "--no-refresh", "--json", "\"13 6 percent\""]);
    assert_eq!(run.code, 1, "{run:?}");
}

#[test]
fn accents_fold_and_words_stem() {
    let hits = search(&["Paraíba"]);
    assert!(s(&hits[0], "/text").contains("Paraiba"));
    let hits = search(&["investors"]);
    assert!(
        hits.iter().any(|h| s(h, "/text").contains("invested")),
        "stemming should let 'investors' find 'invested'"
    );
}

#[test]
fn glued_table_cells_are_searchable_as_words() {
    let hits = search(&["\"shipbuilding based in dalian\""]);
    assert!(s(&hits[0], "/text").contains("ShipbuildingBased in Dalian"));
}

#[test]
fn possessive_queries_work() {
    let hits = search(&["Liaoning's foreign trade"]);
    assert!(!hits.is_empty());
    let hits = search(&["\"Liaoning's foreign trade\""]);
    assert!(s(&hits[0], "/text").contains("Liaoning’s foreign trade"));
}

#[test]
fn byte_ranges_slice_the_source() {
    for q in ["Shenyang", "trade", "cooperation", "population", "BMW"] {
        for hit in search(&["--limit", "50", q]) {
            let (a, b) = pair(&hit, "bytes");
            let src = source(&hit);
            let slice = &src.as_bytes()[a as usize..b as usize];
            let slice = String::from_utf8_lossy(slice);
            let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            let slice = norm(&slice);
            for word in s(&hit, "/text").split_whitespace() {
                assert!(
                    slice.contains(word),
                    "{word:?} not in bytes {a}..{b} of {}",
                    s(&hit, "/doc/path")
                );
            }
            // Line numbers agree with byte offsets.
            let (first, last) = pair(&hit, "lines");
            let line_of = |off: u64| {
                src.as_bytes()[..off as usize]
                    .iter()
                    .filter(|&&c| c == b'\n')
                    .count() as u64
                    + 1
            };
            assert_eq!(line_of(a), first, "{hit}");
            assert_eq!(line_of(b.saturating_sub(1)), last, "{hit}");
        }
    }
}

#[test]
fn json_schema_has_every_field_and_nulls_for_unknown_metadata() {
    let hits = search(&["Takemura"]);
    let hit = &hits[0];
    for key in [
        "rank",
        "score",
        "passage_id",
        "doc",
        "section",
        "lines",
        "bytes",
        "text",
        "snippet",
        "highlights",
    ] {
        assert!(hit.get(key).is_some(), "missing {key}: {hit}");
    }
    for key in ["id", "path", "title", "author", "publisher", "date", "url"] {
        assert!(hit["doc"].get(key).is_some(), "missing doc.{key}: {hit}");
    }
    assert_eq!(s(hit, "/doc/author"), "Naohiro Takemura");
    assert!(hit["doc"]["publisher"].is_null());
    assert!(hit["doc"]["date"].is_null());
    assert_eq!(hit["rank"], 1);
    // Highlights slice the snippet to the matched word.
    let snippet = s(hit, "/snippet");
    for h in hit["highlights"].as_array().unwrap() {
        let (a, b) = (
            h[0].as_u64().unwrap() as usize,
            h[1].as_u64().unwrap() as usize,
        );
        assert_eq!(snippet[a..b].to_lowercase(), "takemura");
    }
}

#[test]
fn field_filters_restrict_to_title_and_section() {
    let hits = search(&[
        "--limit",
        "100",
        "title:euromoney OR title:\"new industry\"",
    ]);
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| s(h, "/doc/title") == "New industry in Shenyang")
    );
    let hits = search(&["section:\"european ties\""]);
    assert!(!hits.is_empty());
    assert!(
        hits.iter().all(|h| s(h, "/section") == "European ties"),
        "{hits:?}"
    );
}

#[test]
fn boolean_operators_and_prefixes() {
    let hits = search(&["--limit", "100", "+Dalian -Shenyang"]);
    assert!(!hits.is_empty());
    for h in &hits {
        let t = s(h, "/text");
        assert!(t.contains("Dalian") && !t.contains("Shenyang"), "{t}");
    }
    let hits = search(&["semiconduct*"]);
    assert!(s(&hits[0], "/text").contains("semiconductor"));
}

#[test]
fn no_match_exits_1_with_empty_stdout() {
    let run = shipped().run(&["search", "--no-refresh", "xylophonist"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.is_empty());
    let run = shipped().run(&["search", "--no-refresh", "--json", "xylophonist"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
}

#[test]
fn malformed_queries_search_leniently_with_a_warning() {
    for q in [
        "\"unbalanced quote",
        "trade)",
        "(((Dalian",
        "foo:bar trade",
        "title:",
        "AND",
        "^2",
        "[1 TO",
        "*",
    ] {
        let run = shipped().run(&["search", "--no-refresh", "--json", q]);
        assert!(run.code == 0 || run.code == 1, "{q:?}: {run:?}");
        assert!(!run.stderr.contains("panicked"), "{q:?}: {}", run.stderr);
        for line in run.stdout.lines() {
            serde_json::from_str::<Value>(line).expect("JSON");
        }
    }
    let run = shipped().run(&["search", "--no-refresh", "foo:bar trade"]);
    assert!(run.stderr.contains("unknown field 'foo'"), "{}", run.stderr);
    assert_eq!(run.code, 0);
}

#[test]
fn field_exists_queries_search_instead_of_calling_the_index_damaged() {
    // `title:*` is every passage with a title; `nosuchfield:*` is a word.
    let run = shipped().run(&[
        "search",
        "--no-refresh",
        "--json",
        "--limit",
        "3",
        "title:*",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout.lines().count(), 3, "{run:?}");
    assert!(!run.stderr.contains("damaged"), "{}", run.stderr);
    let run = shipped().run(&["search", "--no-refresh", "--json", "Liaoning:*"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("unknown field 'Liaoning'"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("damaged"), "{}", run.stderr);
    // A colon after a multi-byte space is punctuation, not a panic.
    let run = shipped().run(&["search", "--no-refresh", "--json", "Dalian\u{a0}: port"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn empty_query_is_an_error() {
    let run = shipped().run(&["search", "--no-refresh", "   "]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("quarry: "), "{}", run.stderr);
}

#[test]
fn human_output_shows_rank_title_path_line_and_colour_on_request() {
    let run = shipped().run(&["search", "--no-refresh", "--limit", "1", "Sanhao Street"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("1. New industry in Shenyang"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("2021-euromoney-new-industry-in-shenyang.txt:"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\x1b'), "no colour when piped");
    let run = shipped().run(&["search", "--no-refresh", "--color", "always", "Sanhao"]);
    assert!(
        run.stdout.contains("\x1b[31mSanhao\x1b[0m"),
        "{}",
        run.stdout
    );
}

#[test]
fn limit_is_respected_and_ranks_are_consecutive() {
    let hits = search(&["--limit", "3", "Liaoning"]);
    assert_eq!(hits.len(), 3);
    let ranks: Vec<u64> = hits.iter().map(|h| h["rank"].as_u64().unwrap()).collect();
    assert_eq!(ranks, [1, 2, 3]);
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn count_prints_the_number_of_matching_passages() {
    let run = shipped().run(&["search", "--no-refresh", "--count", "Sanhao"]);
    assert_eq!((run.code, run.stdout.trim()), (0, "1"), "{run:?}");
    let all = search(&["--limit", "1000", "Shenyang"]).len();
    let run = shipped().run(&["search", "--no-refresh", "-c", "Shenyang"]);
    assert_eq!(run.stdout.trim().parse::<usize>().unwrap(), all);
    let run = shipped().run(&["search", "--no-refresh", "--count", "xylophonist"]);
    assert_eq!((run.code, run.stdout.trim()), (1, "0"));
}

/// (passage id, score) of each hit, in rank order.
fn ranking(hits: &[Value]) -> Vec<(String, String)> {
    hits.iter()
        .map(|h| (s(h, "/passage_id").to_string(), h["score"].to_string()))
        .collect()
}

#[test]
fn a_query_of_words_only_is_ranked_as_in_plain_mode() {
    // Words only mean the same in both modes (any of the words), so the
    // default search ranks them with quarry's BM25F, as --plain does:
    // the same passages, in the same order, with the same scores.
    for query in ["foreign trade", "Dalian port", "the economy of Shenyang"] {
        let default = search(&["-n", "20", query]);
        let plain = search(&["-n", "20", "--plain", query]);
        assert!(!default.is_empty(), "{query}: no hits");
        assert_eq!(ranking(&default), ranking(&plain), "{query}");
    }
    // A function word is left out as in plain mode: adding one changes
    // nothing.
    assert_eq!(
        ranking(&search(&["-n", "20", "the foreign trade"])),
        ranking(&search(&["-n", "20", "foreign trade"]))
    );
    // Query syntax keeps the syntax path: a required word is required, and
    // the scores are tantivy's BM25, not the plain ranking's.
    let required = search(&["-n", "20", "+Dalian port"]);
    assert!(
        required
            .iter()
            .all(|h| s(h, "/text").to_lowercase().contains("dalian")
                || s(h, "/doc/title").to_lowercase().contains("dalian")),
        "{required:?}"
    );
    let plain = search(&["-n", "20", "--plain", "Dalian port"]);
    assert_ne!(ranking(&required), ranking(&plain));
}
