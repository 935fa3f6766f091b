//! `quarry figures` on technical text: code, versions, operators, ranges
//! and timestamps are not statistics; byte sizes are measures; a figure's
//! `lines`/`bytes` cover the figure even across white space; a figure as
//! the query lists where that value is stated; an unknown `--unit` is an
//! error.

mod util;

use std::sync::OnceLock;

use serde_json::Value;
use util::{Workspace, s};

const NOTES: &str = "# Release notes

The archive shrank to 895.0B compressed and 4 GB uncompressed, while the cache holds 512 MiB.

This build needs version 1.30 of the compiler, or Rust 1.30 at least, and v2.5.0 of the library.

The expression `43 % 5` gives three, and the loop `for i in 0..len()` runs once per item.

The counter wraps with %16 in the firmware and the log starts at 1609459200 seconds.

```
let total = 250 * 4;
```

Exports rose 21 percent in the year.
";

const SPACED: &str = "Growth\n\nDownloads grew 50  percent in a year, and sales rose 13.6\npercent over the same period, while costs fell 7 per\ncent.\n";

const PAGE: &str = "<html><head><title>Build</title></head><body><p>Visitors rose 12 percent.</p><pre>for (i = 0; i &lt; 64; i++) { x = 77 % 8; }</pre></body></html>";

fn fixture() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::new();
        ws.write("notes.md", NOTES);
        ws.write("spaced.txt", SPACED);
        ws.write("page.html", PAGE);
        ws.write(
            "trade.txt",
            "Trade\n\nIntel invested $8.88 billion in the plant, and a rival invested 8.88 billion dollars.\n\nAnother firm put in US$8.88bn while a fourth invested $8.88 million only.\n\nExports grew 13.6 per cent, imports 13.6 percent, and services 13.6%.\n",
        );
        ws.write("names.txt", NAMES);
        ws.write(
            "ranges.txt",
            "Ranges\n\nInvestment in Japan 300-400 billion yen was planned, and sales in the UK rose 10-20 percent.\n\nThe plant employs 500-1000 people and pays 260-5000 dollars a month.\n\nThey reported a figure 12 percent higher, each line 80 characters wide, and a second step 5 percent up.\n",
        );
        assert_eq!(ws.run(&["index"]).code, 0);
        ws
    })
}

/// Numbers that name things (listings, parts, roads, products, standards,
/// telephone numbers), words that only look like units, and the counts
/// beside them that are statistics.
const NAMES: &str = "Names\n\nThe sample in Figure 3-2 won’t build yet, as chapter 9 describes, and Table 5-7 represents the layout.\n\nRing 867-5309 or visit the depot on Highway 61 beside Gate 12, then follow Step 4 and equation 17.\n\nThe crew flew the Airbus 330 and the Cessna 172 with tablets on Android 13, audited under ISO 14001 as Section 6.3 requires.\n\nThe ferry carried 1,850 passengers and 96 trucks, and 7 of the 30 berths were busy. Nearly 60 pilots trained.\n\nThe mask 0x sets no bit, and the firm paid 4,000 won for each sample.\n";

fn figures(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["figures", "--no-refresh", "--json", "-n", "1000"];
    all.extend_from_slice(args);
    let run = fixture().run(&all);
    assert!(run.code == 0 || run.code == 1, "{run:?}");
    run.json()
}

/// `(text, label)` of every figure of `path`, with `--all`.
fn labelled(path: &str) -> Vec<(String, String)> {
    figures(&["--all"])
        .iter()
        .filter(|f| s(f, "/doc/path") == path)
        .map(|f| (s(f, "/text").to_string(), s(f, "/label").to_string()))
        .collect()
}

fn label_of<'a>(figs: &'a [(String, String)], text: &str) -> &'a str {
    figs.iter()
        .find(|(t, _)| t == text)
        .map(|(_, l)| l.as_str())
        .unwrap_or_else(|| panic!("no figure {text:?} in {figs:?}"))
}

#[test]
fn code_spans_blocks_operators_and_ranges_are_code() {
    let figs = labelled("notes.md");
    assert_eq!(label_of(&figs, "43"), "code");
    assert_eq!(label_of(&figs, "5"), "code");
    assert_eq!(label_of(&figs, "0"), "code");
    assert_eq!(label_of(&figs, "16"), "code");
    assert_eq!(label_of(&figs, "250"), "code");
    let page = labelled("page.html");
    assert_eq!(label_of(&page, "77"), "code");
    // Without --all none of them is listed; the statistics are.
    let plain: Vec<String> = figures(&[])
        .iter()
        .map(|f| s(f, "/text").to_string())
        .collect();
    for noise in ["43", "43 percent", "5", "0", "16", "250", "77", "64"] {
        assert!(!plain.iter().any(|t| t == noise), "{noise}: {plain:?}");
    }
    assert!(plain.iter().any(|t| t == "21 percent"), "{plain:?}");
    assert!(plain.iter().any(|t| t == "12 percent"), "{plain:?}");
}

#[test]
fn versions_and_timestamps_are_labelled() {
    let figs = labelled("notes.md");
    let versions: Vec<&str> = figs
        .iter()
        .filter(|(_, l)| l == "version")
        .map(|(t, _)| t.as_str())
        .collect();
    assert_eq!(versions, ["1.30", "1.30", "v2.5.0"], "{figs:?}");
    assert_eq!(label_of(&figs, "1609459200"), "timestamp");
}

#[test]
fn byte_sizes_are_measures_not_magnitudes() {
    let all = figures(&["--all"]);
    let find = |text: &str| {
        all.iter()
            .find(|f| s(f, "/text") == text)
            .unwrap_or_else(|| panic!("{text}: {all:?}"))
    };
    let f = find("895.0B");
    assert_eq!(f["value"].as_f64(), Some(895.0), "{f}");
    assert_eq!(s(f, "/unit"), "bytes", "{f}");
    assert_eq!(s(f, "/unit_kind"), "measure", "{f}");
    assert!(f["magnitude"].is_null(), "{f}");
    assert_eq!(s(find("4 GB"), "/unit"), "gigabytes");
    assert_eq!(s(find("512 MiB"), "/unit"), "mebibytes");
    // And `--unit` knows them.
    let mb = figures(&["--unit", "GB"]);
    assert_eq!(mb.len(), 1, "{mb:?}");
}

#[test]
fn lines_and_bytes_cover_figures_spelt_across_white_space() {
    let source = SPACED;
    let figs = figures(&["--all"]);
    let mut checked = 0;
    for f in figs.iter().filter(|f| s(f, "/doc/path") == "spaced.txt") {
        let bytes = &f["bytes"];
        let (a, b) = (
            bytes[0].as_u64().unwrap() as usize,
            bytes[1].as_u64().unwrap() as usize,
        );
        let slice = &source[a..b];
        let normalised = slice.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(normalised, s(f, "/text"), "{f}");
        let line = |at: usize| source[..at].matches('\n').count() as u64 + 1;
        assert_eq!(f["lines"][0].as_u64(), Some(line(a)), "{f}");
        assert_eq!(f["lines"][1].as_u64(), Some(line(b - 1)), "{f}");
        checked += 1;
    }
    assert_eq!(checked, 3, "{figs:?}");
    let f = figs
        .iter()
        .find(|f| s(f, "/text") == "13.6 percent")
        .unwrap();
    assert_eq!(f["lines"], serde_json::json!([3, 4]), "{f}");
}

#[test]
fn a_figure_as_the_query_lists_where_that_value_is_stated() {
    let texts = |q: &str| -> Vec<String> {
        figures(&[q])
            .iter()
            .map(|f| s(f, "/text").to_string())
            .collect()
    };
    let got = texts("$8.88 billion");
    assert_eq!(
        got,
        ["$8.88 billion", "8.88 billion dollars", "US$8.88bn"],
        "{got:?}"
    );
    let got = texts("13.6%");
    assert_eq!(got.len(), 4, "{got:?}");
    assert!(got.contains(&"13.6 per cent".to_string()), "{got:?}");
    assert!(got.contains(&"13.6%".to_string()), "{got:?}");
    // A figure with words around it is still words and a filter-free list.
    let run = fixture().run(&["figures", "--no-refresh", "--json", "Intel"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn an_unknown_unit_is_an_error_naming_the_known_ones() {
    let run = fixture().run(&["figures", "--no-refresh", "--unit", "furlong"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    let err = run.stderr.trim();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("quarry: "), "{err}");
    for known in [
        "furlong",
        "percent",
        "USD",
        "square kilometers",
        "MB",
        "employees",
    ] {
        assert!(err.contains(known), "{known}: {err}");
    }
    // Known units still work.
    for unit in ["percent", "USD", "billion USD", "GB", "employees"] {
        let run = fixture().run(&["figures", "--no-refresh", "--unit", unit]);
        assert!(run.code == 0 || run.code == 1, "{unit}: {run:?}");
    }
}

#[test]
fn numbers_that_name_things_and_words_that_only_look_like_units_are_not_statistics() {
    let figs = labelled("names.txt");
    for name in [
        "3", "2", "9", "5", "867", "5309", "61", "12", "4", "17", "330", "172", "13", "14001",
        "6.3",
    ] {
        let label = label_of(&figs, name);
        assert!(
            label == "identifier" || label == "page_number",
            "{name}: {label} in {figs:?}"
        );
    }
    assert_eq!(label_of(&figs, "0x"), "code");
    // `won’t` is not a currency, `represents` and `describes` are not
    // counted nouns.
    for (text, _) in &figs {
        assert!(
            !text.contains("won’t") && !text.contains("represents") && !text.contains("describes"),
            "{figs:?}"
        );
    }
    let plain: Vec<String> = figures(&[])
        .iter()
        .filter(|f| s(f, "/doc/path") == "names.txt")
        .map(|f| s(f, "/text").to_string())
        .collect();
    for statistic in [
        "1,850 passengers",
        "96 trucks",
        "30 berths",
        "60 pilots",
        "4,000 won",
    ] {
        assert!(
            plain.iter().any(|t| t == statistic),
            "{statistic}: {plain:?}"
        );
    }
    let krw: Vec<String> = figures(&["--unit", "won"])
        .iter()
        .filter(|f| s(f, "/doc/path") == "names.txt")
        .map(|f| s(f, "/text").to_string())
        .collect();
    assert_eq!(krw, ["4,000 won"]);
}

#[test]
fn ranges_and_quantities_beside_names_and_numbered_nouns_stay_statistics() {
    let plain: Vec<(String, String)> = figures(&[])
        .iter()
        .filter(|f| s(f, "/doc/path") == "ranges.txt")
        .map(|f| {
            (
                s(f, "/text").to_string(),
                f["unit"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for (text, unit) in [
        ("300", "JPY"),
        ("400 billion yen", "JPY"),
        ("10", "percent"),
        ("20 percent", "percent"),
        ("500", "people"),
        ("1000 people", "people"),
        ("260", "USD"),
        ("5000 dollars", "USD"),
        ("12 percent", "percent"),
        ("80 characters", "characters"),
        ("5 percent", "percent"),
    ] {
        assert!(
            plain.iter().any(|(t, u)| t == text && u == unit),
            "{text} ({unit}): {plain:?}"
        );
    }
    // The low end of a range is scaled like the high end.
    let figs = figures(&["between 250 and 350 billion yen"]);
    assert!(
        figs.iter()
            .any(|f| s(f, "/text") == "300" && s(f, "/doc/path") == "ranges.txt"),
        "{figs:?}"
    );
}
