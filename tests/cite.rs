//! `quarry cite -n N`: several citations make one document in every style —
//! BibTeX a real parser accepts (unique keys), numbered Markdown footnotes,
//! one CSL-JSON array with the structure the CSL-JSON schema requires.

mod util;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use biblatex::{Bibliography, ChunksExt};
use serde_json::Value;
use util::Workspace;

/// One document whose three passages all mention lighthouses, so three
/// citations share author, year and title word: the key collides.
fn fixture() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::new();
        ws.write(
            "catalog.toml",
            "[[document]]\nfile = \"lights.txt\"\ntitle = \"The lighthouses of the northern coast\"\nauthor = \"Mary Keeper\"\npublisher = \"Harbour Press\"\ndate = \"2020-05-04\"\n\n[[document]]\nfile = \"other.txt\"\ntitle = \"Keeping lights\"\nauthor = \"Mary Keeper\"\ndate = \"2020\"\n",
        );
        ws.write(
            "lights.txt",
            "The lighthouses of the northern coast\n\nThe first lighthouse on the cape was lit in 1820 and burned whale oil for forty years.\n\nA second lighthouse followed on the island, with a lens of 50% more reach than the first one had.\n\nThe third lighthouse, built of granite & iron, still guides ships past the reef every night.\n",
        );
        ws.write(
            "other.txt",
            "Keeping lights\n\nKeepers trimmed the wicks of each lighthouse lamp by hand through the long winter nights.\n",
        );
        assert_eq!(ws.run(&["index"]).code, 0);
        ws
    })
}

fn shipped() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::shipped();
        assert_eq!(ws.run(&["index"]).code, 0);
        ws
    })
}

/// The two corpora and a query that hits at least three passages in each.
fn cases() -> [(&'static Workspace, &'static str); 2] {
    [(fixture(), "lighthouse"), (shipped(), "Shenyang")]
}

fn cite(ws: &Workspace, style: &str, query: &str) -> String {
    let run = ws.run(&["cite", "--no-refresh", "-n", "3", "--style", style, query]);
    assert_eq!(run.code, 0, "{run:?}");
    run.stdout
}

#[test]
fn bibtex_for_three_hits_parses_with_unique_keys() {
    for (ws, query) in cases() {
        let out = cite(ws, "bibtex", query);
        let bib = Bibliography::parse(&out).unwrap_or_else(|e| panic!("{e:?}\n{out}"));
        assert_eq!(bib.len(), 3, "{out}");
        let keys: BTreeSet<&str> = bib.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys.len(), 3, "{out}");
        for entry in bib.iter() {
            let title = entry.title().unwrap_or_else(|e| panic!("{e:?}\n{out}"));
            assert!(!title.format_verbatim().is_empty(), "{out}");
            assert!(entry.get("note").is_some(), "{out}");
        }
    }
}

#[test]
fn colliding_keys_get_letter_suffixes() {
    let out = cite(fixture(), "bibtex", "lighthouse");
    let bib = Bibliography::parse(&out).unwrap_or_else(|e| panic!("{e:?}\n{out}"));
    let keys: Vec<&str> = bib.iter().map(|e| e.key.as_str()).collect();
    let suffixed: Vec<&&str> = keys
        .iter()
        .filter(|k| k.starts_with("mary2020lighthouses"))
        .collect();
    // The lighthouse document's three passages: its key, with a, b, c.
    assert!(suffixed.len() >= 2, "{keys:?}");
    let suffixes: BTreeSet<&str> = suffixed
        .iter()
        .map(|k| &k["mary2020lighthouses".len()..])
        .collect();
    let expected: BTreeSet<&str> = ["a", "b", "c"][..suffixed.len()].iter().copied().collect();
    assert_eq!(suffixes, expected, "{keys:?}");
    // `--json` carries the same unique keys.
    let run = fixture().run(&["cite", "--no-refresh", "-n", "3", "--json", "lighthouse"]);
    let json_keys: Vec<String> = run
        .json()
        .iter()
        .map(|c| c["key"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(json_keys, keys, "{run:?}");
}

#[test]
fn markdown_footnotes_are_numbered() {
    for (ws, query) in cases() {
        let out = cite(ws, "markdown", query);
        for n in 1..=3 {
            let mark = format!("[^{n}]");
            let quotes = out
                .lines()
                .filter(|l| l.starts_with("> ") && l.ends_with(&mark))
                .count();
            let defs = out
                .lines()
                .filter(|l| l.starts_with(&format!("{mark}: ")))
                .count();
            assert_eq!((quotes, defs), (1, 1), "footnote {n}:\n{out}");
        }
        assert!(!out.contains("[^4]"), "{out}");
    }
}

/// CSL-JSON item types (the schema's `type` enum).
const CSL_TYPES: &[&str] = &[
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
];

/// Checks one item against the CSL-JSON schema's rules for the fields
/// quarry writes.
fn check_csl_item(item: &Value) {
    let obj = item
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {item}"));
    assert!(obj["id"].is_string() || obj["id"].is_number(), "id: {item}");
    let kind = obj["type"]
        .as_str()
        .unwrap_or_else(|| panic!("type: {item}"));
    assert!(CSL_TYPES.contains(&kind), "type {kind:?}: {item}");
    for (k, v) in obj {
        match k.as_str() {
            "title" | "publisher" | "URL" | "note" | "container-title" => {
                assert!(v.is_string(), "{k}: {item}")
            }
            "author" => {
                let names = v.as_array().unwrap_or_else(|| panic!("author: {item}"));
                for n in names {
                    let n = n.as_object().unwrap_or_else(|| panic!("name: {item}"));
                    assert!(
                        ["family", "given", "literal"]
                            .iter()
                            .any(|f| n.get(*f).is_some_and(Value::is_string)),
                        "name: {item}"
                    );
                }
            }
            "issued" => {
                let parts = v["date-parts"]
                    .as_array()
                    .unwrap_or_else(|| panic!("date-parts: {item}"));
                assert!((1..=2).contains(&parts.len()), "date-parts: {item}");
                for p in parts {
                    let p = p.as_array().unwrap_or_else(|| panic!("date-part: {item}"));
                    assert!((1..=3).contains(&p.len()), "date-part: {item}");
                    assert!(p.iter().all(|x| x.is_u64()), "date-part: {item}");
                }
            }
            "id" | "type" => {}
            other => panic!("field {other:?} quarry does not write: {item}"),
        }
    }
}

#[test]
fn csl_json_for_three_hits_is_one_array() {
    for (ws, query) in cases() {
        let out = cite(ws, "csl-json", query);
        let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
        let items = doc
            .as_array()
            .unwrap_or_else(|| panic!("not an array:\n{out}"));
        assert_eq!(items.len(), 3, "{out}");
        items.iter().for_each(check_csl_item);
        let ids: BTreeSet<String> = items.iter().map(|i| i["id"].to_string()).collect();
        assert_eq!(ids.len(), 3, "{out}");
    }
}

#[test]
fn plain_for_three_hits_quotes_three_passages() {
    for (ws, query) in cases() {
        let out = cite(ws, "plain", query);
        let refs = out.lines().filter(|l| l.starts_with("— ")).count();
        let quotes = out.lines().filter(|l| l.starts_with('“')).count();
        assert_eq!((refs, quotes), (3, 3), "{out}");
    }
}

/// Quotations are verbatim in every style: adjacent sentences are joined
/// without an elision mark, a sentence left out is marked with one, and
/// braces and backslashes survive BibTeX (read back by a BibTeX parser).
#[test]
fn quotations_are_verbatim_in_every_style() {
    let ws = Workspace::new();
    let first = r"The parser returns } early and { later in \textbf{bold} mode.";
    ws.write(
        "notes.txt",
        format!(
            "Field notes\n\n{first} Ferries leave the harbour at dawn. Nobody waits at the pier at night. The gulls sleep on the roof.\n"
        ),
    );
    assert_eq!(ws.run(&["index"]).code, 0);
    let quoted = |style: &str, query: &str| {
        let run = ws.run(&["cite", "--no-refresh", "--style", style, query]);
        assert_eq!(run.code, 0, "{run:?}");
        run.stdout
    };

    // Two adjacent sentences: nothing left out between them.
    let adjacent = format!("{first} Ferries leave the harbour at dawn.");
    for style in ["plain", "markdown"] {
        let out = quoted(style, "parser ferries");
        assert!(out.contains(&adjacent), "{style}: {out}");
        assert!(!out.contains('…'), "{style}: {out}");
    }
    let csl: Value = serde_json::from_str(&quoted("csl-json", "parser ferries")).expect("JSON");
    let note = csl[0]["note"].as_str().unwrap_or_default();
    assert!(note.contains(&adjacent), "{note}");
    assert!(!note.contains('…'), "{note}");

    // A sentence left out between two quoted ones is marked.
    let out = quoted("plain", "parser nobody");
    assert!(
        out.contains(&format!("{first} … Nobody waits at the pier at night.")),
        "{out}"
    );

    // BibTeX: braces and backslashes come back verbatim from a parser.
    for query in ["parser ferries", "parser nobody"] {
        let out = quoted("bibtex", query);
        let bib = Bibliography::parse(&out).unwrap_or_else(|e| panic!("{e:?}\n{out}"));
        let entry = bib.iter().next().expect("one entry");
        let note = entry
            .get("note")
            .unwrap_or_else(|| panic!("no note\n{out}"))
            .format_verbatim();
        assert!(note.contains(first), "{note}\n{out}");
    }
    let out = quoted("bibtex", "parser ferries");
    let bib = Bibliography::parse(&out).unwrap_or_else(|e| panic!("{e:?}\n{out}"));
    let note = bib
        .iter()
        .next()
        .and_then(|e| e.get("note").map(|n| n.format_verbatim()))
        .unwrap_or_default();
    assert!(note.contains(&adjacent), "{note}\n{out}");
}
