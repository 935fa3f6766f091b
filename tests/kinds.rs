//! Passage kinds: every passage says what kind of text it is, boilerplate
//! and captions are never merged with content, `kind:` is a query field,
//! and `figures`/`cite` leave boilerplate, code and references out unless
//! `--all`.

mod util;

use std::sync::OnceLock;

use serde_json::Value;
use util::{Workspace, s};

const KINDS: [&str; 7] = [
    "body",
    "table",
    "list",
    "code",
    "caption",
    "reference",
    "boilerplate",
];

fn shipped() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::shipped();
        assert_eq!(ws.run(&["index"]).code, 0);
        ws
    })
}

/// Pages whose content and boilerplate share a paragraph or sit next to
/// each other, in every format.
fn fixture() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::new();
        ws.write(
            "plant.txt",
            "Chip plant\n\nThe chip plant in Dalian was established in 2006 with a total investment of $8.88 billion. Copyright © Example Media. All Rights Reserved.\n\nWorkers test wafers at the chip plant in Dalian. LI MING/FOR CHINA DAILY\n\nThe plant employs 3,200 people and exported chips worth $1.5 billion in 2020, officials said.\n\nShare | Print | Email\n",
        );
        ws.write(
            "page.html",
            "<html><head><title>Port report</title></head><body><p>The port handled 95 million tons of cargo in 2021, up 4 percent on the year before.</p><p>We use cookies to provide a personalized site experience.</p><figure><figcaption>Cranes at the port of Yingkou. [Photo/Xinhua]</figcaption></figure><pre>let rate = 43 % 5;</pre><h2>References</h2><ul><li>[1] Port authority. Annual report, 2021.</li><li>[2] Statistics bureau. Yearbook, 2022.</li></ul></body></html>",
        );
        ws.write(
            "notes.md",
            "# Notes\n\nThe museum received 120,000 visitors in its first year, twice the figure planners expected.\n\nSponsored by\n\n| City | Share |\n|---|---|\n| Shenyang | 40 percent |\n| Dalian | 35 percent |\n",
        );
        assert_eq!(ws.run(&["index"]).code, 0);
        ws
    })
}

/// Every passage of the index, through `kind:` queries that together
/// cover every kind.
fn every_passage(ws: &Workspace) -> Vec<Value> {
    let query = KINDS.map(|k| format!("kind:{k}")).join(" OR ");
    let hits = ws.search_json(&["--no-refresh", "-n", "100000", &query]);
    let count = ws.run(&["search", "--no-refresh", "-c", &query]);
    assert_eq!(count.stdout.trim(), hits.len().to_string());
    hits
}

/// Markers of boilerplate, independent of how quarry recognises it.
const BOILERPLATE_MARKERS: &[&str] = &[
    "©",
    "All Rights Reserved",
    "cookies",
    "Privacy Policy",
    "Terms & Conditions",
    "Terms and Conditions",
    "this site",
    "Sponsored",
    "I agree",
    "Share | Print",
];

/// Splits text into rough sentences (at `. ` and line breaks).
fn sentences(text: &str) -> Vec<&str> {
    text.split(['\n'])
        .flat_map(|l| l.split_inclusive(". "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The words of `text`'s sentences that hold no boilerplate marker.
fn content_words(text: &str) -> usize {
    sentences(text)
        .into_iter()
        .filter(|s| !BOILERPLATE_MARKERS.iter().any(|m| s.contains(m)))
        .map(|s| s.split_whitespace().count())
        .sum()
}

/// No passage mixes boilerplate with content: a passage with a
/// boilerplate marker is boilerplate, and a boilerplate passage holds at
/// most a few words besides its marked sentences.
fn assert_no_mixed_passage(ws: &Workspace) {
    let passages = every_passage(ws);
    assert!(passages.len() > 5);
    for p in &passages {
        let (kind, text) = (s(p, "/kind"), s(p, "/text"));
        assert!(KINDS.contains(&kind), "{p}");
        let marked = BOILERPLATE_MARKERS.iter().any(|m| text.contains(m));
        if marked {
            assert_eq!(kind, "boilerplate", "{text:?}");
        }
        if kind == "boilerplate" {
            assert!(content_words(text) < 12, "content in boilerplate: {text:?}");
        }
    }
}

#[test]
fn no_passage_of_the_shipped_corpus_mixes_boilerplate_with_content() {
    assert_no_mixed_passage(shipped());
}

#[test]
fn no_passage_of_the_fixtures_mixes_boilerplate_with_content() {
    assert_no_mixed_passage(fixture());
    // The paragraph's content sentence stays body, with its figure.
    let hits = fixture().search_json(&["--no-refresh", "Dalian established investment"]);
    let p = hits
        .iter()
        .find(|h| s(h, "/text").contains("$8.88 billion"))
        .expect("the plant passage");
    assert_eq!(s(p, "/kind"), "body", "{p}");
    assert!(!s(p, "/text").contains("Copyright"), "{p}");
}

#[test]
fn every_hit_has_a_kind_of_its_own_format() {
    let kinds = |query: &str| -> Vec<(String, String)> {
        fixture()
            .search_json(&["--no-refresh", "-n", "50", query])
            .iter()
            .map(|h| (s(h, "/doc/path").to_string(), s(h, "/kind").to_string()))
            .collect()
    };
    let has = |query: &str, path: &str, kind: &str| {
        let got = kinds(query);
        assert!(
            got.iter().any(|(p, k)| p == path && k == kind),
            "{query}: {got:?}"
        );
    };
    has("wafers", "plant.txt", "caption");
    has("Yingkou cranes", "page.html", "caption");
    has("rate", "page.html", "code");
    has("Yearbook", "page.html", "reference");
    has("cookies", "page.html", "boilerplate");
    has("Shenyang Dalian", "notes.md", "table");
    has("museum visitors", "notes.md", "body");
    has("Share Print", "plant.txt", "boilerplate");
}

#[test]
fn the_shipped_photo_captions_are_captions() {
    let hits = shipped().search_json(&["--no-refresh", "WANG HUA"]);
    let p = hits
        .iter()
        .find(|h| s(h, "/text").contains("WANG HUA/FOR CHINA DAILY"))
        .expect("the caption");
    assert_eq!(s(p, "/kind"), "caption", "{p}");
    assert!(s(p, "/text").starts_with("Containers wait"), "{p}");
}

#[test]
fn kind_is_a_query_field() {
    for kind in KINDS {
        let run = fixture().run(&["search", "--no-refresh", "--json", &format!("kind:{kind}")]);
        assert!(run.code == 0 || run.code == 1, "{run:?}");
        assert!(run.stderr.is_empty(), "{run:?}");
        for h in run.json() {
            assert_eq!(s(&h, "/kind"), kind, "{h}");
        }
    }
    let tables = fixture().search_json(&["--no-refresh", "kind:table"]);
    assert_eq!(tables.len(), 1, "{tables:?}");
    // A field narrows words too.
    let hits = fixture().search_json(&["--no-refresh", "Dalian AND kind:caption"]);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| s(h, "/kind") == "caption"));
}

#[test]
fn figures_intel_lists_the_three_intel_figures() {
    let run = shipped().run(&["figures", "--no-refresh", "--json", "Intel"]);
    assert_eq!(run.code, 0, "{run:?}");
    let texts: Vec<String> = run
        .json()
        .iter()
        .map(|f| s(f, "/text").to_string())
        .collect();
    for want in ["$11.3 billion", "$8.88 billion", "$2.22 billion"] {
        assert!(texts.iter().any(|t| t == want), "{want}: {texts:?}");
    }
    // Their passage ranks first, and no citation of it carries the
    // copyright line.
    assert_eq!(
        texts[..3],
        ["$11.3 billion", "$8.88 billion", "$2.22 billion"]
    );
    let run = shipped().run(&["cite", "--no-refresh", "Intel semiconductor"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stdout.contains("Copyright"), "{}", run.stdout);
}

#[test]
fn figures_and_cite_skip_quiet_kinds_unless_all() {
    let figs = |args: &[&str]| -> Vec<(String, String)> {
        let mut all = vec!["figures", "--no-refresh", "--json"];
        all.extend_from_slice(args);
        let run = fixture().run(&all);
        assert!(run.code == 0 || run.code == 1, "{run:?}");
        run.json()
            .iter()
            .map(|f| (s(f, "/text").to_string(), s(f, "/label").to_string()))
            .collect()
    };
    let plain = figs(&[]);
    assert!(
        plain.iter().any(|(t, _)| t == "95 million tons"),
        "{plain:?}"
    );
    assert!(!plain.iter().any(|(t, _)| t == "43"), "{plain:?}");
    let all = figs(&["--all"]);
    assert!(
        all.iter().any(|(t, l)| t.starts_with("43") && l == "code"),
        "{all:?}"
    );
    // cite: the reference list is found only with --all.
    let run = fixture().run(&["cite", "--no-refresh", "Yearbook"]);
    assert_eq!(run.code, 1, "{run:?}");
    let run = fixture().run(&["cite", "--no-refresh", "--all", "Yearbook"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("Yearbook"), "{run:?}");
}
