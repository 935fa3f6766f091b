//! The plain-text splitter, on the shipped corpus and on made-up text.

use super::super::plain::{
    has_glue, is_heading_like, is_list_item, is_terminated, is_title_like, strip_numbering,
};
use super::super::*;
use crate::text::{count_words, is_space};
use proptest::prelude::*;

const TRADE_HUB: &str =
    include_str!("../../../corpus/2021-09-24-china-daily-northeast-asian-trade-hub.txt");
const EUROMONEY: &str = include_str!("../../../corpus/2021-euromoney-new-industry-in-shenyang.txt");
const DECADE: &str =
    include_str!("../../../corpus/2022-07-19-china-daily-decade-success-liaoning.txt");
const TAKEMURA: &str = include_str!("../../../corpus/takemura-japanese-image-of-liaoning.txt");
const YUAN_YUE: &str =
    include_str!("../../../corpus/yuan-yue-liaoning-northeast-asia-cooperation.txt");
const CORPUS: &[(&str, &str)] = &[
    ("trade-hub", TRADE_HUB),
    ("euromoney", EUROMONEY),
    ("decade", DECADE),
    ("takemura", TAKEMURA),
    ("yuan-yue", YUAN_YUE),
];

/// Byte offsets just after each line break (`\n`, `\r\n`, lone `\r`).
fn line_starts(s: &str) -> Vec<usize> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            out.push(i + 1);
        }
    }
    out
}

/// 1-based line of the byte just before `offset` (of `offset` itself
/// when it is a line start), counted independently of the splitter.
fn line_at(starts: &[usize], offset: usize) -> u32 {
    1 + starts.partition_point(|&s| s <= offset) as u32
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(is_space).filter(|w| !w.is_empty())
}

/// Whether every word of `text` occurs in `hay`, in order.
fn in_order(text: &str, hay: &str) -> bool {
    let mut pos = 0;
    for w in words(text) {
        match hay.get(pos..).and_then(|h| h.find(w)) {
            Some(i) => pos += i + w.len(),
            None => return false,
        }
    }
    true
}

/// Checks the invariants every split must satisfy.
fn check(source: &str, s: &Split) {
    let n = s.passages.len();
    let starts = line_starts(source);
    let mut prev_end = 0;
    for (i, p) in s.passages.iter().enumerate() {
        let ctx = format!("passage {i} {p:?}");
        assert_eq!(p.ordinal as usize, i, "{ctx}");
        let (b0, b1) = p.bytes;
        assert!(prev_end <= b0 && b0 < b1 && b1 <= source.len(), "{ctx}");
        prev_end = b1;
        let slice = source.get(b0..b1).expect("char boundaries");
        assert!(
            !slice.starts_with(is_space) && !slice.ends_with(is_space),
            "{ctx}"
        );
        assert_eq!(p.lines.0, line_at(&starts, b0), "{ctx}");
        assert_eq!(p.lines.1, line_at(&starts, b1 - 1), "{ctx}");
        assert!(!p.text.is_empty(), "{ctx}");
        assert_eq!(p.text, p.text.trim(), "{ctx}");
        assert!(!p.text.contains("  ") && !p.text.contains('\r'), "{ctx}");
        assert!(!p.text.contains('\0') && !p.text.contains('\t'), "{ctx}");
        if p.kind == PassageKind::Body {
            assert!(!p.text.contains('\n'), "{ctx}");
        }
        // Every word comes from the covered source, in order; a table
        // chunk may open with the repeated header row from above.
        let mut body = p.text.as_str();
        if !in_order(body, slice) && p.kind == PassageKind::Table {
            let (header, rest) = body.split_once('\n').unwrap_or((body, ""));
            assert!(in_order(header, &source[..b0]), "{ctx}");
            body = rest;
        }
        assert!(in_order(body, slice), "{ctx}");
        let w = count_words(&p.text);
        assert!(w <= 2 * MAX_PASSAGE_WORDS, "{ctx}: {w} words");
        // Captions, references and boilerplate stand apart, however
        // short, and so may a fragment between them and a heading.
        let apart = |j: Option<usize>| {
            j.and_then(|j| s.passages.get(j))
                .is_some_and(|q| q.kind.stands_apart())
        };
        let beside_apart = apart(i.checked_sub(1)) || apart(Some(i + 1));
        if n > 1 && p.text.len() * 2 < MAX_PASSAGE_BYTES && !p.kind.stands_apart() && !beside_apart
        {
            assert!(w >= MIN_PASSAGE_WORDS, "{ctx}: {w} words");
        }
        assert!(p.text.len() <= 3 * MAX_PASSAGE_BYTES, "{ctx}");
        // A heading is never its own passage; a boilerplate line that
        // repeats a heading-like line above it (`I agree`) stands apart.
        if let Some(sec) = &p.section
            && !p.kind.stands_apart()
        {
            assert_ne!(&p.text, sec, "{ctx}");
        }
    }
}

fn find<'a>(s: &'a Split, needle: &str) -> &'a Passage {
    let hits: Vec<_> = s
        .passages
        .iter()
        .filter(|p| p.text.contains(needle))
        .collect();
    assert_eq!(hits.len(), 1, "{needle:?} in {hits:#?}");
    hits[0]
}

fn sections(s: &Split) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for p in &s.passages {
        if let Some(sec) = p.section.as_deref()
            && out.last() != Some(&sec)
        {
            out.push(sec);
        }
    }
    out
}

#[test]
fn heading_detection() {
    let cases = [
        ("European ties", true),
        ("South Korea", true),
        ("The United States", true),
        ("Structural adjustment", true),
        ("Opening up", true),
        ("Conclusion", true),
        ("TOPIC", true),
        ("1. Introduction", true),
        ("5.3. Expand opening up and attract investment", true),
        (
            "2) Weaknesses of Liaoning's participation in Northeast Asia regional cooperation",
            true,
        ),
        (
            "5. Countermeasures and suggestions for the development of Liaoning in the \
             perspective of Northeast Asian regional cooperation",
            true,
        ),
        ("(1) Scope of the study", true),
        (
            "How Japanese People See Liaoning’s Strengths and Challenges",
            true,
        ),
        ("U.S. trade with Liaoning", true),
        ("Sponsored by", false),
        (
            "City Institute, Dalian University of Technology, Dalian, China",
            false,
        ),
        (
            "Keywords: Northeast Asia, regional cooperation, Liaoning region",
            false,
        ),
        ("Supervisor: Naohiro Takemura", false),
        (
            "By Yuan Shenggao | (China Daily) | Updated : 2021-09-24",
            false,
        ),
        (
            "Containers wait for shipping at a port in Dalian, Liaoning. WANG HUA/FOR CHINA DAILY",
            false,
        ),
        (
            "The impact of Northeast Asia regional cooperation on Liaoning Province is \
             profound and positive, mainly reflected in:",
            false,
        ),
        ("economic and trade cooperation between countries", false),
        (
            "Liaoning is a place where the past and future intersect.",
            false,
        ),
        ("He said “it is over.”", false),
        ("Next steps:", false),
        ("Prices, wages and", false),
        ("12", false),
        ("3.", false),
        ("", false),
        ("- [1] Diao Xiuhua", false),
        (
            "One two three four five six seven eight nine ten eleven twelve thirteen \
             fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone \
             twentytwo twentythree twentyfour twentyfive twentysix",
            false,
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(is_heading_like(text), expected, "{text:?}");
    }
}

#[test]
fn title_detection() {
    let cases = [
        (
            "Liaoning positions itself as Northeast Asian trade hub",
            true,
        ),
        ("Decade Success: Liaoning province is transformed", true),
        (
            "What Image Do Japanese People Have of Liaoning Province?From an Industrial Hub \
             to a City of Culture and Sports — Shenyang, the Provincial Capital",
            true,
        ),
        (
            "The material on this site is for financial institutions. It is for information only.",
            false,
        ),
        ("Keywords: Northeast Asia", false),
        ("1. Introduction", false),
        ("lower case start", false),
        ("Ends with a comma,", false),
    ];
    for (text, expected) in cases {
        assert_eq!(is_title_like(text), expected, "{text:?}");
    }
}

#[test]
fn small_predicates() {
    for (text, numbered) in [
        ("5.3. Expand", Some("Expand")),
        ("5.3 Expand", Some("Expand")),
        ("2) Weak", Some("Weak")),
        ("(1) geo", Some("geo")),
        ("IV. Results", Some("Results")),
        ("2021 was good", None),
        ("5.3.Expand", None),
        ("(1)", None),
        ("Intro", None),
    ] {
        assert_eq!(strip_numbering(text), numbered, "{text:?}");
    }
    for (text, done) in [
        ("A sentence.", true),
        ("“A quote.”", true),
        ("Really?)", true),
        ("文章です。", true),
        ("relatively small,", false),
        ("potential for", false),
        ("mainly reflected in:", false),
        ("", false),
    ] {
        assert_eq!(is_terminated(text), done, "{text:?}");
    }
    for (text, glued) in [
        ("ItemDescription", true),
        ("CapitalShenyang", true),
        ("Electronics / ITGrowing rapidly", false),
        ("(CBA)The team", true),
        ("Key Industry Characteristics", false),
        ("ROK", false),
    ] {
        assert_eq!(has_glue(text), glued, "{text:?}");
    }
    for (text, item) in [
        ("- [1] Diao", true),
        ("[2] Cui", true),
        ("• point", true),
        ("3. Third", true),
        ("-dash", false),
        ("Plain", false),
    ] {
        assert_eq!(is_list_item(text), item, "{text:?}");
    }
}

/// `(section, text, kind, lines)` of each passage.
type Expected<'a> = Vec<(Option<&'a str>, &'a str, PassageKind, (u32, u32))>;

#[test]
fn small_documents() {
    use PassageKind::{Body, Boilerplate, Caption, Reference, Table};
    let p12 = "One two three four five six seven eight nine ten eleven twelve.";
    let cases: Vec<(&str, String, Option<&str>, Expected)> = vec![
        ("empty", String::new(), None, vec![]),
        ("blank", " \n\t\r\n\u{a0}\n\u{feff}".into(), None, vec![]),
        (
            // Headings with no text after them are kept as a passage, so
            // their words can be found (issue 9, problem 11).
            "only headings",
            "Title\n\nIntro\n\n2. Methods\n".into(),
            Some("Title"),
            vec![(None, "Intro 2. Methods", PassageKind::Body, (3, 5))],
        ),
        (
            "page break",
            format!(
                "Title\n\nThere is great potential for\n\n \neconomic and trade cooperation. {p12}\n"
            ),
            Some("Title"),
            vec![(
                None,
                "There is great potential for economic and trade cooperation. One two three \
                 four five six seven eight nine ten eleven twelve.",
                Body,
                (3, 6),
            )],
        ),
        (
            "crlf and lone cr",
            format!("Title\r\n\r\nHeading here\r\r{p12}\r\n\r\n{p12}"),
            Some("Title"),
            vec![
                (Some("Heading here"), p12, Body, (5, 5)),
                (Some("Heading here"), p12, Body, (7, 7)),
            ],
        ),
        (
            "bom and tabs",
            format!("\u{feff}\tMy title\t\n\n\t{p12}\t\n"),
            Some("My title"),
            vec![(None, p12, Body, (3, 3))],
        ),
        (
            "joined lines and trailing heading",
            format!("{p12}\nSecond line here. CHINA DAILY\nOpening up\n \n{p12}"),
            None,
            vec![
                (
                    None,
                    "One two three four five six seven eight nine ten eleven twelve. \
                     Second line here. CHINA DAILY",
                    Caption,
                    (1, 2),
                ),
                (Some("Opening up"), p12, Body, (5, 5)),
            ],
        ),
        (
            "boilerplate stands apart, however short",
            format!("Sponsored by\n\n{p12}\n\nAnother heading\n\n{p12}\n\nI agree"),
            None,
            vec![
                (None, "Sponsored by", Boilerplate, (1, 1)),
                (None, p12, Body, (3, 3)),
                (Some("Another heading"), p12, Body, (7, 7)),
                (Some("Another heading"), "I agree", Boilerplate, (9, 9)),
            ],
        ),
        (
            "table",
            format!(
                "{p12}\n\nItemDescription\nCapitalShenyang\nPopulationAbout 40 million\n\n{p12}"
            ),
            None,
            vec![
                (None, p12, Body, (1, 1)),
                (
                    None,
                    "ItemDescription\nCapitalShenyang\nPopulationAbout 40 million\n\
                     One two three four five six seven eight nine ten eleven twelve.",
                    Table,
                    (3, 7),
                ),
            ],
        ),
        (
            "list",
            "References\n\n- [1] Diao Xiuhua. SWOT analysis, 2011\n- [2] Cui Riming. Research on the Interaction, 2010\n- [3] Lin Quan. Path, 2007"
                .into(),
            Some("References"),
            vec![(
                None,
                "- [1] Diao Xiuhua. SWOT analysis, 2011\n- [2] Cui Riming. Research on the \
                 Interaction, 2010\n- [3] Lin Quan. Path, 2007",
                Reference,
                (3, 5),
            )],
        ),
    ];
    for (name, source, title, expected) in cases {
        let s = split(&source);
        check(&source, &s);
        assert_eq!(s.title_line.as_deref(), title, "{name}");
        let got: Expected = s
            .passages
            .iter()
            .map(|p| (p.section.as_deref(), p.text.as_str(), p.kind, p.lines))
            .collect();
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn long_paragraph_splits_at_sentences() {
    let sentence = "Liaoning keeps building ports and rail links for regional trade. ";
    let source = format!("Heading\n\n{}\n", sentence.repeat(60));
    let s = split(&source);
    check(&source, &s);
    assert!(s.passages.len() >= 4);
    let sizes: Vec<usize> = s.passages.iter().map(|p| count_words(&p.text)).collect();
    for p in &s.passages {
        assert!(p.text.ends_with("regional trade."), "{p:?}");
        assert!(count_words(&p.text) <= MAX_PASSAGE_WORDS, "{sizes:?}");
    }
    let (min, max) = (sizes.iter().min(), sizes.iter().max());
    assert!(
        max.zip(min).is_some_and(|(a, b)| a - b <= 10),
        "unbalanced {sizes:?}"
    );
}

#[test]
fn huge_sentence_is_cut_at_words() {
    let source = format!("{} end.", "word ".repeat(1000));
    let s = split(&source);
    check(&source, &s);
    assert!(s.passages.len() >= 6);
    assert!(
        s.passages
            .iter()
            .all(|p| count_words(&p.text) <= MAX_PASSAGE_WORDS + MIN_PASSAGE_WORDS)
    );
    let total: usize = s.passages.iter().map(|p| count_words(&p.text)).sum();
    assert_eq!(total, 1001);
}

#[test]
fn long_table_repeats_header() {
    let mut source = String::from("Key IndustryCharacteristics\n");
    for i in 0..60 {
        source.push_str(&format!("Industry{i}Based in Dalian with many workers\n"));
    }
    let s = split(&source);
    check(&source, &s);
    assert!(s.passages.len() >= 3);
    for p in &s.passages {
        assert_eq!(p.kind, PassageKind::Table);
        assert!(p.text.starts_with("Key IndustryCharacteristics\n"), "{p:?}");
        assert!(count_words(&p.text) <= MAX_PASSAGE_WORDS);
    }
    let rows: usize = s.passages.iter().map(|p| p.text.lines().count() - 1).sum();
    assert_eq!(rows, 60);
}

#[test]
fn corpus_invariants() {
    for (name, source) in CORPUS {
        let s = split(source);
        assert!(s.passages.len() > 10, "{name}");
        check(source, &s);
        for p in &s.passages {
            for heading in sections(&s) {
                assert_ne!(p.text, heading, "{name}");
            }
        }
    }
}

#[test]
fn corpus_titles() {
    let titles: Vec<Option<String>> = CORPUS.iter().map(|(_, s)| split(s).title_line).collect();
    assert_eq!(
        titles,
        [
            Some("Liaoning positions itself as Northeast Asian trade hub"),
            None,
            Some("Decade Success: Liaoning province is transformed"),
            Some(
                "What Image Do Japanese People Have of Liaoning Province?From an Industrial \
                 Hub to a City of Culture and Sports — Shenyang, the Provincial Capital"
            ),
            Some(
                "Research on the Development of Liaoning Province from the Perspective of \
                 Northeast Asia Regional Cooperation"
            ),
        ]
        .map(|t| t.map(String::from))
    );
    // The title repeated as a footer is not a passage.
    let s = split(DECADE);
    assert!(
        s.passages
            .iter()
            .all(|p| !p.text.contains("Decade Success"))
    );
}

#[test]
fn corpus_page_breaks_are_joined() {
    let s = split(YUAN_YUE);
    let p = find(&s, "great potential for economic and trade cooperation");
    assert!(
        p.section
            .as_deref()
            .is_some_and(|t| t.starts_with("3) Opportunities for Liaoning"))
    );
    assert_eq!(p.kind, PassageKind::Body);
    find(&s, "relatively small, which limits");
    find(&s, "cultural concepts and management experience");
}

#[test]
fn corpus_tables() {
    let s = split(TAKEMURA);
    let p = find(&s, "About 40 million");
    assert_eq!(p.kind, PassageKind::Table);
    assert!(p.text.starts_with("ItemDescription\nCapitalShenyang\n"));
    assert_eq!(p.lines, (21, 27));
    let p = find(&s, "ShipbuildingBased in Dalian");
    assert_eq!(p.kind, PassageKind::Table);
    assert!(p.text.starts_with("Key IndustryCharacteristics\n"));
    assert_eq!(p.text.lines().count(), 6);
    let tables = s
        .passages
        .iter()
        .filter(|p| p.kind == PassageKind::Table)
        .count();
    assert_eq!(tables, 6);
    // The author bio is one paragraph with its label.
    let p = find(&s, "Supervisor: Naohiro Takemura");
    assert!(
        p.text
            .contains("accounting firm. For approximately 30 years")
    );
    let s = split(YUAN_YUE);
    let p = find(&s, "[1] Diao Xiuhua");
    assert_eq!(p.kind, PassageKind::Reference);
    assert!(p.text.contains("\n- [4] Lin Quan"));
    assert_eq!(p.section.as_deref(), Some("References"));
}

#[test]
fn corpus_sections() {
    let s = split(TRADE_HUB);
    assert_eq!(
        sections(&s),
        ["European ties", "South Korea", "The United States"]
    );
    assert!(
        find(&s, "By Yuan Shenggao")
            .text
            .contains("Northeast China’s Liaoning")
    );
    assert_eq!(
        find(&s, "Copyright").section.as_deref(),
        Some("The United States")
    );
    let s = split(DECADE);
    assert_eq!(
        sections(&s),
        ["Structural adjustment", "Coastal cities", "Opening up"]
    );
    let p = find(&s, "sanctuary for migratory birds");
    assert_eq!(p.section.as_deref(), Some("Coastal cities"));
    assert!(p.text.ends_with("CHINA DAILY"));
    assert_eq!(p.kind, PassageKind::Caption);
    let s = split(EUROMONEY);
    // Consecutive headings make one section (issue 9, problem 11).
    assert_eq!(
        sections(&s),
        ["Sponsored Content › New industry in Shenyang"]
    );
    // Sponsorship notes stand apart from the article they precede.
    assert_eq!(find(&s, "Sponsored by").kind, PassageKind::Boilerplate);
    assert!(
        find(&s, "cradle of industry")
            .text
            .starts_with("Shenyang is considered")
    );
    assert_eq!(find(&s, "cradle of industry").kind, PassageKind::Body);
    assert!(find(&s, "I agree").text.starts_with("We use cookies"));
    let s = split(YUAN_YUE);
    let secs = sections(&s);
    for heading in [
        "1. Introduction",
        "2) Weaknesses of Liaoning's participation in Northeast Asia regional cooperation",
        "5.3. Expand opening up and attract investment",
        "6. Conclusions",
        "References",
    ] {
        assert!(secs.contains(&heading), "{heading:?} in {secs:#?}");
    }
    let p = find(&s, "positive, mainly reflected in:");
    assert!(
        p.text
            .contains("mainly reflected in: Regional cooperation in Northeast Asia")
    );
    let s = split(TAKEMURA);
    assert_eq!(
        sections(&s),
        [
            "TOPIC",
            "Overview and Geographical Features of Liaoning Province",
            "Liaoning as a Center of Industry and Economy",
            "The Image of Liaoning Among Japanese People",
            "Tourism and Cultural Diversity",
            "Sports and Regional Revitalization",
            "How Japanese People See Liaoning’s Strengths and Challenges",
            "Conclusion",
        ]
    );
}

#[test]
fn corpus_with_other_line_endings() {
    for (name, source) in CORPUS {
        let base = split(source);
        for (ending, bom) in [("\r\n", false), ("\r", true)] {
            let mut converted = source.replace('\n', ending);
            if bom {
                converted.insert(0, '\u{feff}');
            }
            let s = split(&converted);
            check(&converted, &s);
            assert_eq!(s.title_line, base.title_line, "{name}");
            let strip = |s: &Split| {
                s.passages
                    .iter()
                    .map(|p| (p.section.clone(), p.text.clone(), p.kind, p.lines))
                    .collect::<Vec<_>>()
            };
            assert_eq!(strip(&s), strip(&base), "{name} {ending:?}");
        }
    }
}

/// Pieces random documents are made of: line endings, odd spaces, headings,
/// tables, lists, scripts, punctuation, a huge word and a long sentence.
fn fragments() -> Vec<String> {
    let long_word = "x".repeat(3000);
    let long_sentence = "many words in a row ".repeat(90);
    let fragments: Vec<&str> = vec![
        "\n",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "\r\n\r\n",
        " ",
        "\t",
        "\0",
        "\u{feff}",
        "\u{a0}",
        "\u{200b}",
        "Hello world. ",
        "This is a full sentence with several words in it. ",
        "this continues in lower case",
        "and ends without a stop",
        "European ties",
        "5.3. Expand opening up",
        "2) Weaknesses of Liaoning",
        "ItemDescription\nCapitalShenyang\nAreaApprox 140,000\n",
        "- [1] Diao Xiuhua, 2011\n- [2] Cui Riming, 2010\n",
        "日本語の文章です。",
        "Ölförderung läuft.",
        "e\u{301}te\u{301} ",
        "👍🏽 ",
        "?",
        ".",
        ":",
        ",",
        "“",
        "”",
        "(",
        ")",
        "Sponsored by",
        "I agree",
        "Keywords: a, b",
        "U.S. ",
        "...",
        "—",
        &long_word,
        &long_sentence,
    ];
    fragments.into_iter().map(str::to_string).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_documents_keep_invariants(
        bom in any::<bool>(),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 0..80),
    ) {
        let fragments = fragments();
        let mut doc = String::new();
        if bom {
            doc.push('\u{feff}');
        }
        for pick in &picks {
            doc.push_str(&fragments[pick.index(fragments.len())]);
        }
        let s = split(&doc);
        check(&doc, &s);
        prop_assert_eq!(&s, &split(&doc));
    }
}

#[test]
fn big_inputs_are_linear() {
    let sentence = "The province expanded trade with Japan and Korea last year. ";
    let cases = [
        sentence.repeat(20_000),
        "y".repeat(1 << 20),
        "word ".repeat(200_000),
        "\r".repeat(200_000) + "Tail text here.",
        "a\n\n".repeat(50_000),
    ];
    for source in cases {
        let started = std::time::Instant::now();
        let s = split(&source);
        assert!(started.elapsed().as_secs() < 30);
        check(&source, &s);
    }
}

/// Run with `cargo test --release --lib passage -- --ignored`.
#[test]
#[ignore]
fn two_hundred_megabyte_line() {
    let sentence = "The province expanded trade with Japan and Korea last year. ";
    let source = sentence.repeat(200 * 1024 * 1024 / sentence.len());
    let started = std::time::Instant::now();
    let s = split(&source);
    eprintln!("{} passages in {:?}", s.passages.len(), started.elapsed());
    assert!(s.passages.len() > 100_000);
}

#[test]
#[ignore]
fn dump_corpus() {
    for (name, src) in CORPUS {
        let s = split(src);
        println!("=== {name}\nTITLE {:?}", s.title_line);
        for p in &s.passages {
            println!(
                "--- #{} {:?} {:?} L{:?} B{:?} w={}\n{}",
                p.ordinal,
                p.kind,
                p.section,
                p.lines,
                p.bytes,
                count_words(&p.text),
                p.text
            );
        }
    }
}
