//! The analyzer's test tables and properties.
//!
//! The tables pin the terms, offsets and positions of inputs that were once
//! analysed wrongly (numbers, possessives, `%`, glued words, acronyms, long
//! terms); the property tests check what must hold for any text: no panic,
//! offsets on char boundaries inside the input, positions in order, a reused
//! tokenizer (warm stem cache) giving the same terms as a fresh one, and the
//! ASCII fast segmentation agreeing with `unicode-segmentation`. Case counts
//! can be raised with `PROPTEST_CASES=…` for a longer hunt.

use proptest::prelude::*;
use proptest::test_runner::Config;
use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};
use unicode_segmentation::UnicodeSegmentation;

use super::segmenter::Segmenter;
use super::*;

fn terms(text: &str) -> Vec<String> {
    analyze(text).into_iter().map(|t| t.term).collect()
}

#[test]
fn term_table() {
    let table: &[(&str, &[&str])] = &[
        ("", &[]),
        ("   \n\t ", &[]),
        // porter2 stems `liaoning` to `liaon`; what matters is that the
        // possessive form gives the same term as the bare word.
        ("Liaoning", &["liaon"]),
        ("Liaoning’s", &["liaon"]),
        ("Liaoning's economy", &["liaon", "economi"]),
        ("the country’s", &["the", "countri"]),
        ("Paraíba", &["paraiba"]),
        ("Paraiba", &["paraiba"]),
        ("investors", &["invest"]),
        ("investor", &["invest"]),
        ("governors", &["govern"]),
        (
            "color door major actor error",
            &["color", "door", "major", "actor", "error"],
        ),
        ("invested", &["invest"]),
        ("371.53", &["371.53"]),
        ("57.37", &["57.37"]),
        ("140,000", &["140000"]),
        ("140000", &["140000"]),
        ("1,173", &["1173"]),
        ("929.54", &["929.54"]),
        ("13.6", &["13.6"]),
        ("10,000,000.25", &["10000000.25"]),
        ("1.2.3", &["1.2.3"]),
        ("Jul 19,2022", &["jul", "19", "2022"]),
        ("in 2020.", &["in", "2020"]),
        ("2020, then", &["2020", "then"]),
        ("$57.37 billion", &["57.37", "billion"]),
        ("13.6%", &["13.6", "percent"]),
        ("6 %", &["6", "percent"]),
        ("13.6 percent", &["13.6", "percent"]),
        ("13.6 per cent", &["13.6", "percent"]),
        ("Percent", &["percent"]),
        // Acronyms stay whole; porter2 drops the final `e` like for `cieme`.
        ("CIEME", &["ciem"]),
        ("cieme", &["ciem"]),
        ("BMW", &["bmw"]),
        ("ROK", &["rok"]),
        ("QMJ4620", &["qmj4620"]),
        ("Shenyang", &["shenyang"]),
        ("CapitalShenyang", &["capitalshenyang", "capit", "shenyang"]),
        ("DalianXinghai", &["dalianxinghai", "dalian", "xinghai"]),
        ("MansionExperience", &["mansionexperi", "mansion", "experi"]),
        ("ITGrowing", &["itgrow", "it", "grow"]),
        ("CPUs", &["cpus"]),
        ("iPhone", &["iphon", "i", "phone"]),
        ("e-commerce", &["e", "commerc"]),
        ("U.S. Army", &["us", "armi"]),
        ("Straße", &["strass"]),
        ("日本語", &["日", "本", "語"]),
    ];
    for (text, expected) in table {
        assert_eq!(terms(text), *expected, "input {text:?}");
    }
}

#[test]
fn offsets_point_at_source() {
    let text = "In Liaoning’s CapitalShenyang, 140,000 rose 13.6% on Jul 19,2022.";
    for t in analyze(text) {
        let src = &text[t.start..t.end];
        match t.term.as_str() {
            "liaon" => assert_eq!(src, "Liaoning"),
            "capit" => assert_eq!(src, "Capital"),
            "shenyang" => assert_eq!(src, "Shenyang"),
            "capitalshenyang" => assert_eq!(src, "CapitalShenyang"),
            "140000" => assert_eq!(src, "140,000"),
            "13.6" => assert_eq!(src, "13.6"),
            "percent" => assert_eq!(src, "%"),
            "19" => assert_eq!(src, "19"),
            "2022" => assert_eq!(src, "2022"),
            "jul" => assert_eq!(src, "Jul"),
            _ => {}
        }
    }
    let t = analyze("Paraíba");
    assert_eq!((t[0].start, t[0].end), (0, "Paraíba".len()));
}

#[test]
fn positions() {
    let pos = |text: &str| -> Vec<(String, usize)> {
        analyze(text)
            .into_iter()
            .map(|t| (t.term, t.position))
            .collect()
    };
    assert_eq!(
        pos("13.6%"),
        vec![("13.6".to_string(), 0), ("percent".to_string(), 1)]
    );
    assert_eq!(
        pos("big CapitalShenyang now"),
        vec![
            ("big".to_string(), 0),
            ("capitalshenyang".to_string(), 1),
            ("capit".to_string(), 1),
            ("shenyang".to_string(), 2),
            ("now".to_string(), 3),
        ]
    );
    assert_eq!(
        pos("a per cent b"),
        vec![
            ("a".to_string(), 0),
            ("percent".to_string(), 1),
            ("b".to_string(), 2),
        ]
    );
}

#[test]
fn long_terms_are_dropped() {
    let long = "a".repeat(MAX_TERM_BYTES + 1);
    assert_eq!(terms(&format!("x {long} y")), vec!["x", "y"]);
    let t = analyze(&format!("x {long} y"));
    assert_eq!(t[1].position, 1);
}

/// Tricky fragments for the analyzer: every special case of the pipeline,
/// scripts without spaces, emoji sequences, marks and format characters.
const ANALYZER_FRAGMENTS: &[&str] = &[
    "",
    " ",
    "\0",
    "\u{1}",
    "\n",
    "\r\n",
    "\t",
    "a",
    "Z",
    "é",
    "e\u{301}",
    "\u{301}",
    "\u{300}\u{301}",
    "ß",
    "İ",
    "ǅ",
    "Σ",
    "ﬁ",
    "Ａ",
    "'",
    "’",
    "'s",
    "’S",
    ".",
    ",",
    "%",
    "٪",
    "％",
    "per",
    "cent",
    "Per",
    "CENT",
    "1",
    "12",
    "123",
    "1234",
    "٣",
    "²",
    "½",
    "_",
    ":",
    ";",
    "-",
    "·",
    "\u{ad}",
    "\u{200d}",
    "\u{feff}",
    "\u{202e}",
    "👍",
    "👨‍👩‍👧",
    "🇫🇷",
    "שָׁלוֹם",
    "مرحبا",
    "हिन्दी",
    "日本",
    "한국어",
    "ไทย",
    "iPhone",
    "ITGrowing",
    "CapitalShenyang",
    "CPUs",
    "U.S.",
    "1.2.3",
    "19,2022",
    "140,000",
    "13.6%",
    "QMJ4620",
    "x\u{20e3}",
    "\u{1f3fb}",
    "Ⅻ",
    "ǈ",
    "ŉ",
    "\u{e000}",
];

/// Fragments for the segmenter: the ASCII bytes that UAX #29 rules WB5–WB13b
/// look at, and non-ASCII characters that force the general algorithm.
const SEGMENTER_FRAGMENTS: &[&str] = &[
    "a", "b", "Z", "1", "9", "_", ".", ",", ";", ":", "'", "\"", "-", " ", "  ", "\t", "\n",
    "\r\n", "\u{b}", "\u{c}", "%", "é", "\u{301}", "\u{ad}", "\u{200d}", "’", "日", "א", "\u{a0}",
    "\u{3000}", "👍", "\0", "ab", "12", "x.y", "1,2",
];

/// `default` cases, or `PROPTEST_CASES` when set.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Failures are reported, not saved: a saved case would land outside this
/// folder.
fn config(default_cases: u32) -> Config {
    Config {
        cases: cases(default_cases),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Up to a dozen pieces: mostly tricky fragments, also random ASCII words (so
/// the stem cache misses, grows and evicts), arbitrary characters and
/// strings, and now and then a glued word near or above [`MAX_TERM_BYTES`].
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        12 => prop::sample::select(ANALYZER_FRAGMENTS).prop_map(str::to_string),
        3 => "[a-zA-Z]{1,20}",
        1 => any::<char>().prop_map(String::from),
        1 => any::<String>(),
    ];
    (
        prop::collection::vec(piece, 0..12),
        prop::option::weighted(0.05, 1usize..120),
    )
        .prop_map(|(pieces, glued)| {
            let mut s = pieces.concat();
            if let Some(n) = glued {
                s.push_str(&"Ab".repeat(n));
            }
            s
        })
}

/// Several texts, analysed one after the other by the same tokenizer.
fn tricky_texts() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(tricky_text(), 1..8)
}

proptest! {
    #![proptest_config(config(500))]

    /// No panic, and every token is a non-empty term of at most
    /// [`MAX_TERM_BYTES`] whose offsets are char boundaries inside the input.
    #[test]
    fn arbitrary_input_never_panics(texts in tricky_texts()) {
        let mut tokenizer = QuarryTokenizer::default();
        for s in &texts {
            let mut stream = tokenizer.token_stream(s);
            while let Some(t) = stream.next() {
                prop_assert!(t.offset_from < t.offset_to, "{s:?} {t:?}");
                prop_assert!(t.offset_to <= s.len(), "{s:?} {t:?}");
                prop_assert!(s.is_char_boundary(t.offset_from), "{s:?} {t:?}");
                prop_assert!(s.is_char_boundary(t.offset_to), "{s:?} {t:?}");
                prop_assert!(
                    !t.text.is_empty() && t.text.len() <= MAX_TERM_BYTES,
                    "{s:?} {t:?}"
                );
            }
        }
    }

    /// Positions start at 0 and never decrease nor skip one (dropped terms do
    /// not consume a position), as phrase queries need.
    #[test]
    fn positions_are_dense_and_ordered(text in tricky_text()) {
        let mut expected_next = 0;
        for t in analyze(&text) {
            prop_assert!(
                t.position + 1 == expected_next || t.position == expected_next,
                "{t:?} after position {expected_next} - 1 in {text:?}"
            );
            expected_next = t.position + 1;
        }
    }

    /// The stem cache and scratch buffers carry nothing from one text to the
    /// next: a reused tokenizer gives exactly what a fresh one gives.
    #[test]
    fn reused_tokenizer_matches_fresh(texts in tricky_texts()) {
        let mut tokenizer = QuarryTokenizer::default();
        for s in &texts {
            let mut reused = Vec::new();
            let mut stream = tokenizer.token_stream(s);
            while let Some(t) = stream.next() {
                reused.push(AnalyzedToken {
                    term: t.text.clone(),
                    start: t.offset_from,
                    end: t.offset_to,
                    position: t.position,
                });
            }
            prop_assert_eq!(reused, analyze(s), "input {:?}", s);
        }
    }
}

/// Word endings that porter2 and the agent-suffix rule cut or rewrite.
const ENDINGS: &[&str] = &[
    "", "s", "es", "sses", "ies", "ied", "us", "ss", "eed", "eedly", "ed", "edly", "ing", "ingly",
    "at", "bl", "iz", "y", "ational", "tional", "enci", "anci", "abli", "entli", "izer", "ization",
    "ation", "ator", "alism", "aliti", "alli", "fulness", "ousli", "ousness", "iveness", "iviti",
    "biliti", "bli", "ogi", "fulli", "lessli", "li", "alize", "icate", "iciti", "ical", "ful",
    "ness", "ative", "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment",
    "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion", "sion", "tion", "e", "le", "ll", "or",
    "ors", "ly", "ility", "ably", "ibly", "ators", "izers", "ations", "ities", "ously", "ingness",
    "edness",
];

/// Words porter2 treats as exceptions, and the prefixes whose R1 it sets.
const EXCEPTIONS: &[&str] = &[
    "skis",
    "skies",
    "sky",
    "dying",
    "lying",
    "tying",
    "idly",
    "gently",
    "ugly",
    "early",
    "only",
    "singly",
    "news",
    "howe",
    "atlas",
    "cosmos",
    "bias",
    "andes",
    "inning",
    "innings",
    "outing",
    "outings",
    "canning",
    "cannings",
    "herring",
    "herrings",
    "earring",
    "earrings",
    "proceed",
    "proceeds",
    "exceed",
    "succeeding",
    "generously",
    "communities",
    "arsenals",
];

/// English-like words: a random start and one or two endings.
fn english_word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (
            "[a-z]{1,7}",
            prop::sample::select(ENDINGS),
            prop::sample::select(ENDINGS),
        )
            .prop_map(|(start, a, b)| format!("{start}{a}{b}")),
        1 => prop::sample::select(EXCEPTIONS).prop_map(str::to_string),
        1 => "[a-zA-Z][a-z]{0,16}",
    ]
}

/// A text of English-like words, some capitalised, with the tricky pieces.
fn worded_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => english_word(),
            1 => english_word().prop_map(|w| w.to_uppercase()),
            1 => tricky_text(),
        ],
        1..12,
    )
    .prop_map(|words| words.join(" "))
}

/// The tokens of `text` as a stream filtered by `filter` gives them.
fn filtered_tokens(text: &str, filter: &TermFilter) -> Vec<AnalyzedToken> {
    let mut out = Vec::new();
    each_token_filtered(text, filter, |term, start, end, position| {
        out.push(AnalyzedToken {
            term: term.to_string(),
            start,
            end,
            position,
        });
    });
    out
}

proptest! {
    #![proptest_config(config(2_000))]

    /// A filtered stream gives some of the tokens, at the same offsets and
    /// positions, in the same order, and among them every token whose term
    /// equals or starts with any of the filter's terms (taken from the text
    /// itself, and cut short to act as prefixes), so that highlighting
    /// finds every match. A token it gives has its own term, or
    /// [`FILTERED_TERM`] when that term cannot match.
    #[test]
    fn filtered_stream_keeps_every_term_that_may_match(
        text in worded_text(),
        picks in prop::collection::vec((any::<prop::sample::Index>(), 0usize..3), 1..4),
    ) {
        let all = analyze(&text);
        prop_assume!(!all.is_empty());
        let terms: Vec<String> = picks
            .iter()
            .map(|(i, cut)| {
                let term = &all[i.index(all.len())].term;
                let keep = term.len().saturating_sub(*cut).max(1);
                term.get(..keep).unwrap_or(term).to_string()
            })
            .collect();
        let may_match = |t: &AnalyzedToken| terms.iter().any(|q| t.term.starts_with(q.as_str()));
        let filter = TermFilter::new(terms.iter().map(String::as_str));
        let mut filtered = filtered_tokens(&text, &filter).into_iter().peekable();
        for t in &all {
            let same_place = filtered
                .peek()
                .is_some_and(|f| (f.start, f.end, f.position) == (t.start, t.end, t.position));
            if may_match(t) {
                prop_assert!(same_place, "{:?} lost {:?} for {:?}", text, t, terms);
            }
            if same_place && let Some(f) = filtered.next() {
                prop_assert!(
                    f.term == t.term || (f.term == FILTERED_TERM && !may_match(t)),
                    "{:?}: {:?} for {:?} ({:?})", text, f, t, terms
                );
            }
        }
        prop_assert!(filtered.next().is_none(), "{:?}: a token too many ({:?})", text, terms);
    }
}

/// Every word of the shipped corpus may stem to its own term.
#[test]
fn corpus_words_pass_the_filter_of_their_own_terms() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("the shipped corpus/ folder") {
        let path = entry.expect("a corpus entry").path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for t in analyze(&text) {
            // The word alone (a `%` alone, say, is no term).
            let word = &text[t.start..t.end];
            if !terms(word).contains(&t.term) {
                continue;
            }
            let filter = TermFilter::new([t.term.as_str()]);
            let tokens = filtered_tokens(word, &filter);
            assert!(
                tokens.iter().any(|k| k.term == t.term),
                "{word:?}: its term {:?} was filtered out: {tokens:?}",
                t.term
            );
            checked += 1;
        }
    }
    assert!(checked > 5_000, "only {checked} words checked");
}

proptest! {
    #![proptest_config(config(10_000))]

    /// The ASCII fast segmentation must agree with `unicode-segmentation` on
    /// every segment that holds a letter or digit.
    #[test]
    fn segmenter_matches_uax29(
        s in prop::collection::vec(prop::sample::select(SEGMENTER_FRAGMENTS), 0..10)
            .prop_map(|v| v.concat())
    ) {
        let has_alnum = |s: &str| s.chars().any(char::is_alphanumeric);
        let expected: Vec<(usize, &str)> = s
            .split_word_bound_indices()
            .filter(|(_, w)| has_alnum(w))
            .collect();
        let mut segmenter = Segmenter::new(&s);
        let mut got = Vec::new();
        while let Some((o, w)) = segmenter.next() {
            if has_alnum(w) {
                got.push((o, w));
            }
        }
        prop_assert_eq!(got, expected, "input {:?}", s);
    }
}

#[test]
fn phrase_query_matches_percent_and_glued() {
    use tantivy::collector::Count;
    use tantivy::query::QueryParser;
    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
    use tantivy::{Index, doc};

    let mut schema = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(ANALYZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let body = schema.add_text_field(
        "body",
        TextOptions::default().set_indexing_options(indexing),
    );
    let index = Index::create_in_ram(schema.build());
    register(&index);
    let mut writer = index.writer(15_000_000).expect("writer");
    writer
        .add_document(doc!(body => "GDP grew 13.6 percent in the CapitalShenyang area"))
        .expect("add");
    writer.commit().expect("commit");
    let searcher = index.reader().expect("reader").searcher();
    let parser = QueryParser::for_index(&index, vec![body]);
    for q in [
        "\"13.6%\"",
        "\"capital shenyang\"",
        "capitalshenyang",
        "\"13.6 per cent\"",
    ] {
        let query = parser.parse_query(q).expect("parse");
        assert_eq!(searcher.search(&query, &Count).expect("search"), 1, "{q}");
    }
}

/// Rough throughput comparison with tantivy's default pipeline; run with
/// `cargo test --release --lib analysis::tests::throughput -- --ignored --nocapture`.
#[test]
#[ignore]
fn throughput() {
    use std::time::Instant;
    use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer};

    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).expect("corpus") {
        let path = entry.expect("entry").path();
        text.push_str(&std::fs::read_to_string(path).unwrap_or_default());
    }
    let reps = (20_000_000 / text.len().max(1)).max(1);
    let docs: Vec<&str> = std::iter::repeat_n(text.as_str(), reps).collect();
    let only = std::env::var("QUARRY_BENCH_ONLY").ok();
    let run = |name: &str, analyzer: &mut TextAnalyzer| {
        if only.as_deref().is_some_and(|o| o != name) {
            return;
        }
        let t0 = Instant::now();
        let mut n = 0usize;
        for d in &docs {
            let mut s = analyzer.token_stream(d);
            while s.advance() {
                n += s.token().text.len();
            }
        }
        let secs = t0.elapsed().as_secs_f64();
        let mb = (docs.len() * text.len()) as f64 / 1e6;
        println!("{name}: {:.1} MB/s ({n})", mb / secs);
    };
    for _ in 0..5 {
        run(
            "default",
            &mut TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .build(),
        );
        run(
            "en_stem",
            &mut TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .filter(tantivy::tokenizer::Stemmer::default())
                .build(),
        );
        run("quarry", &mut analyzer());
    }
    if only.is_some() {
        return;
    }
    let t0 = Instant::now();
    let mut n = 0usize;
    for d in &docs {
        n += d
            .split_word_bound_indices()
            .filter(|(_, s)| s.len() > 1)
            .count();
    }
    println!(
        "uax29 only: {:.1} MB/s ({n})",
        (docs.len() * text.len()) as f64 / 1e6 / t0.elapsed().as_secs_f64()
    );
    let stemmer = Stemmer::create(Algorithm::English);
    let t0 = Instant::now();
    let mut n = 0usize;
    for d in &docs {
        for w in d.split_ascii_whitespace() {
            n += stemmer.stem(w).len();
        }
    }
    println!(
        "split+stem only: {:.1} MB/s ({n})",
        (docs.len() * text.len()) as f64 / 1e6 / t0.elapsed().as_secs_f64()
    );
}
