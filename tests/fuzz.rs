//! Fuzzing the readers and the query path (issue 9): the HTML, Markdown and
//! plain-text readers (with the passage splitter behind them) and the query
//! path of a real index get large generated inputs built from the fragments
//! that broke them before (deep nesting, thousands of attributes, unclosed
//! constructs, glued sentences, figures), for a bounded time.
//!
//! Not run by `cargo test` (the tests are `#[ignore]`): `bench/fuzz` runs
//! them for `FUZZ_SECONDS` each (default 60) and prints what they found.
//! Each input must finish without a panic, within `FUZZ_CASE_SECONDS`
//! (default 20, a hang guard), and the process must stay under
//! `FUZZ_MAX_RSS_MB` (default 2048) of memory; the slowest inputs are
//! reported with their size so that superlinear cases show up.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Resident memory of this process in MB (Linux; 0 elsewhere).
fn rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096 / (1024 * 1024))
}

/// An input: fragments, each repeated up to thousands of times.
fn input(fragments: &'static [&'static str]) -> impl Strategy<Value = String> {
    let piece = (prop::sample::select(fragments), 1usize..4000, any::<bool>())
        .prop_map(|(f, n, many)| f.repeat(if many { n } else { n % 4 + 1 }));
    prop::collection::vec(piece, 1..40).prop_map(|parts| parts.concat())
}

const HTML: &[&str] = &[
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<p a=1 b='2' c=\"3\" d>",
    "<li>",
    "<ul>",
    "<ol>",
    "<table>",
    "<tr>",
    "<td>",
    "<th>",
    "</td>",
    "</tr>",
    "</table>",
    "<h2>",
    "</h2>",
    "<pre>",
    "</pre>",
    "<br>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<title>",
    "</title>",
    "<meta name=author content=x>",
    "&amp;",
    "&#x41;",
    "&",
    "<",
    ">",
    "\"",
    "'",
    "=",
    " x=y",
    "<main>",
    "<article>",
    "<nav>",
    "hidden ",
    "<a href=\"",
    "word ",
    "2009.There ",
    "13.6% ",
    "\n",
    "\r\n",
    "\u{feff}",
    "\u{0}",
    "é",
    "<svg>",
    "<math>",
    "<template>",
    "</",
    "<!DOCTYPE html>",
    "<textarea>",
    "<plaintext>",
];

const MARKDOWN: &[&str] = &[
    "> ",
    "- ",
    "* ",
    "1. ",
    "  ",
    "    ",
    "\t",
    "# ",
    "## ",
    "###### ",
    "---\n",
    "===\n",
    "```\n",
    "~~~\n",
    "`",
    "``",
    "*",
    "**",
    "_",
    "__",
    "~~",
    "[",
    "]",
    "(",
    ")",
    "![",
    "[x]: /u\n",
    "[^1]",
    "[^1]: note\n",
    "|a|b|\n",
    "|-|-|\n",
    "| c | d |\n",
    "<div>",
    "</div>",
    "<!--",
    "\\",
    "&amp;",
    "word ",
    "Word. ",
    "2009.There ",
    "13.6% ",
    "\n",
    "\n\n",
    "\r\n",
    "\u{feff}",
    "---\ntitle: x\n---\n",
    "- [ ] ",
    "<http://x>",
    "é",
];

const TEXT: &[&str] = &[
    "word ",
    "Word ",
    "Heading\n",
    "A short line\n",
    "Sentence ends here. ",
    "2009.There ",
    "U.S. ",
    "e.g. ",
    "13.6% ",
    "RMB 371.53bn ",
    "- item\n",
    "• item\n",
    "1. ",
    "(a) ",
    "[1] ",
    "CapitalShenyang ",
    "|",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "\u{c}",
    "\u{0}",
    "\t",
    "\u{a0}",
    "\u{feff}",
    "\u{200b}",
    "…",
    "。",
    "「",
    "」",
    "é",
    "a\u{301}",
    "🚢",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
];

const QUERY: &[&str] = &[
    "(",
    ")",
    "NOT ",
    "-",
    "+",
    "\"",
    "*",
    "~2",
    "^2",
    ":",
    "title:",
    "date:",
    "AND ",
    "OR ",
    "1% ",
    "13.6% ",
    "RMB 371.53bn ",
    "2009 ",
    "trade ",
    "Liaoning ",
    "port* ",
    "'",
    "’",
    "\\",
    "[",
    "]",
    "{",
    "}",
    "/",
    "<",
    ">",
    "=",
    "!",
    " ",
    "é",
    "\u{0}",
    "\u{1b}",
    "IN [",
];

/// Runs `check` on inputs from `strategy` until the budget is spent;
/// prints the slowest inputs.
fn fuzz(name: &str, strategy: impl Strategy<Value = String>, check: impl Fn(&str)) {
    let budget = Duration::from_secs(env_u64("FUZZ_SECONDS", 60));
    let case_limit = Duration::from_secs(env_u64("FUZZ_CASE_SECONDS", 20));
    let max_rss = env_u64("FUZZ_MAX_RSS_MB", 2048);
    let mut runner = TestRunner::deterministic();
    let started = Instant::now();
    let mut cases = 0u64;
    let mut bytes = 0u64;
    let mut slowest: Vec<(Duration, usize)> = Vec::new();
    while started.elapsed() < budget {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        let text = tree.current();
        // Kept until the next input, so an abort (a stack overflow) leaves
        // the culprit behind.
        let last = std::env::temp_dir().join(format!("quarry-fuzz-{name}.last"));
        let _ = std::fs::write(&last, &text);
        let t = Instant::now();
        check(&text);
        let took = t.elapsed();
        cases += 1;
        bytes += text.len() as u64;
        slowest.push((took, text.len()));
        slowest.sort_by_key(|b| std::cmp::Reverse(b.0));
        slowest.truncate(3);
        let rss = rss_mb();
        if took > case_limit || rss > max_rss {
            let path = std::env::temp_dir().join(format!("quarry-fuzz-{name}.txt"));
            let _ = std::fs::write(&path, &text);
            panic!(
                "{name}: an input of {} bytes took {took:?} and the process holds {rss} MB; saved to {}",
                text.len(),
                path.display()
            );
        }
    }
    eprintln!(
        "fuzz {name}: {cases} inputs, {:.1} MB in {:.0}s; slowest {:?}; rss {} MB",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        slowest
            .iter()
            .map(|(d, n)| format!("{:.2}s for {n} B", d.as_secs_f64()))
            .collect::<Vec<_>>(),
        rss_mb()
    );
}

/// Every passage lies inside the source and on character boundaries.
fn check_split(source: &str, split: &quarry::passage::Split) {
    for p in &split.passages {
        assert!(
            p.bytes.0 <= p.bytes.1 && p.bytes.1 <= source.len(),
            "{:?}",
            p.bytes
        );
        assert!(source.is_char_boundary(p.bytes.0) && source.is_char_boundary(p.bytes.1));
        assert!(p.lines.0 <= p.lines.1);
    }
}

#[test]
#[ignore = "fuzzing; run by bench/fuzz"]
fn fuzz_html_reader() {
    fuzz("html", input(HTML), |s| {
        let markup = quarry::ingest::html::read(s);
        let split = quarry::passage::from_markup(s, markup);
        check_split(s, &split);
    });
}

#[test]
#[ignore = "fuzzing; run by bench/fuzz"]
fn fuzz_markdown_reader() {
    fuzz("markdown", input(MARKDOWN), |s| {
        let markup = quarry::ingest::markdown::read(s);
        let split = quarry::passage::from_markup(s, markup);
        check_split(s, &split);
    });
}

#[test]
#[ignore = "fuzzing; run by bench/fuzz"]
fn fuzz_plain_text_reader() {
    fuzz("text", input(TEXT), |s| {
        let split = quarry::passage::split(s);
        check_split(s, &split);
    });
}

#[test]
#[ignore = "fuzzing; run by bench/fuzz"]
fn fuzz_query_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")).expect("corpus")
    {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), corpus.join(entry.file_name())).expect("copy");
    }
    let index = dir.path().join("index");
    quarry::index::update(&quarry::index::IndexOptions {
        corpus,
        index: index.clone(),
        rebuild: false,
        walk: Default::default(),
    })
    .expect("index");
    let searcher = quarry::search::Searcher::open(&index).expect("open");
    // Queries are smaller than documents: at most a few hundred KB.
    let queries = input(QUERY).prop_map(|q| q.chars().take(200_000).collect::<String>());
    fuzz("query", queries, |q| {
        for mode in [
            quarry::search::QueryMode::Syntax,
            quarry::search::QueryMode::Plain,
        ] {
            let opts = quarry::search::SearchOptions {
                limit: 5,
                mode,
                ..Default::default()
            };
            match searcher.search(q, &opts) {
                Ok(_) => {}
                Err(quarry::Error::Usage(_) | quarry::Error::QueryTooDeep(_)) => {}
                Err(e) => panic!("query failed: {e}"),
            }
        }
    });
}
