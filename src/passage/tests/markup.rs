//! Passages from Markdown and HTML: the readers' blocks through the packer.

use proptest::prelude::*;

use super::super::*;
use crate::ingest::markup::{Block, DocInfo, Mapped, Markup, Rows};
use crate::ingest::{html, markdown};
use crate::text::count_words;

fn mapped(source: &str) -> Mapped {
    let mut m = Mapped::default();
    m.push(source, source, 0, source.len());
    m
}

fn assemble(source: &str, blocks: Vec<Block>) -> Split {
    let markup = Markup {
        blocks,
        ..Markup::default()
    };
    from_markup(source, markup)
}

/// A document's passages and the metadata it states.
struct Read {
    split: Split,
    info: DocInfo,
}

fn read_markdown(source: &str) -> Read {
    let markup = markdown::read(source);
    let info = markup.info.clone();
    Read {
        split: from_markup(source, markup),
        info,
    }
}

fn read_html(source: &str) -> Read {
    let markup = html::read(source);
    let info = markup.info.clone();
    Read {
        split: from_markup(source, markup),
        info,
    }
}

#[test]
fn long_prose_is_cut_within_budget() {
    let source = "Ports and rail links keep growing in the province. ".repeat(80);
    let split = assemble(&source, vec![Block::Prose(mapped(&source))]);
    assert!(split.passages.len() >= 3);
    for p in &split.passages {
        assert!(count_words(&p.text) <= MAX_PASSAGE_WORDS);
        assert_eq!(&source[p.bytes.0..p.bytes.1], p.text);
    }
    // A huge word is cut at MAX_PASSAGE_BYTES; the one-word pieces are
    // fragments, which join a neighbour up to twice the byte budget (the
    // plain-text rule, shared since the packers were merged).
    let huge = "x".repeat(4 * MAX_PASSAGE_BYTES);
    let split = assemble(&huge, vec![Block::Prose(mapped(&huge))]);
    assert!(split.passages.len() >= 2);
    assert!(
        split
            .passages
            .iter()
            .all(|p| p.text.len() <= 2 * MAX_PASSAGE_BYTES)
    );
    let joined: String = split.passages.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(joined, huge);
    let words = "word ".repeat(1000);
    let split = assemble(&words, vec![Block::Prose(mapped(&words))]);
    let total: usize = split.passages.iter().map(|p| count_words(&p.text)).sum();
    assert_eq!(total, 1000);
}

#[test]
fn small_prose_joins_a_neighbour_in_its_section() {
    let long = "One two three four five six seven eight nine ten eleven twelve.";
    let source = format!("{long}\nGo left\n{long}");
    let prose = |a: usize, b: usize| {
        let mut m = Mapped::default();
        m.push(&source, &source[a..b], a, b);
        Block::Prose(m)
    };
    let n = long.len();
    let blocks = vec![
        prose(0, n),
        prose(n + 1, n + 8),
        Block::Heading("Next".into(), Mapped::default()),
        prose(n + 9, source.len()),
    ];
    let split = assemble(&source, blocks);
    let texts: Vec<&str> = split.passages.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, [format!("{long} Go left").as_str(), long]);
    assert_eq!(split.passages[0].lines, (1, 2));
    assert_eq!(split.passages[1].section.as_deref(), Some("Next"));
}

#[test]
fn tables_repeat_their_header() {
    let mut source = String::from("Name | Note\n");
    for i in 0..60 {
        source.push_str(&format!("Row{i} | many words in this cell here\n"));
    }
    let rows: Vec<Mapped> = source.lines().map(mapped).collect();
    // The rows' source offsets are wrong here (every row maps to 0..),
    // which is fine for checking the text.
    let split = assemble(
        &source,
        vec![Block::Rows(Rows::Table { header: true }, rows)],
    );
    assert!(split.passages.len() >= 3);
    for p in &split.passages {
        assert!(p.text.starts_with("Name | Note\n"));
        assert_eq!(p.kind, PassageKind::Table);
        assert!(count_words(&p.text) <= MAX_PASSAGE_WORDS);
    }
}

// Markdown

const DOC: &str = "---
title: \"Ports of Liaoning\"
author: Wang Hua
date: 2021-09-24T08:00:00Z
---

# Ports of Liaoning

Intro paragraph about the *ports* of the province, with a [link text](https://example.com/secret-url) and an ![alt words](img/photo-path.png) image.

## Trade figures

| Port | Containers |
|------|-----------:|
| Dalian | 140,000 |
| Yingkou | 90,000 |

```rust
fn main() { println!(\"hello\"); }
```

Setext heading
--------------

- first item in the list
- second item, also short
  - nested item

> A quoted paragraph with enough words to stand alone as a passage here.
";

#[test]
fn structure_drives_passages() {
    let e = read_markdown(DOC);
    assert_eq!(
        e.info,
        DocInfo {
            title: Some("Ports of Liaoning".into()),
            author: Some("Wang Hua".into()),
            date: Some("2021-09-24".into()),
        }
    );
    assert_eq!(e.split.title_line.as_deref(), Some("Ports of Liaoning"));
    let p = &e.split.passages;
    let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Intro paragraph about the ports of the province, with a link text and an alt \
             words image.",
            "Port | Containers\nDalian | 140,000\nYingkou | 90,000",
            "fn main() { println!(\"hello\"); }",
            "first item in the list\nsecond item, also short\nnested item",
            "A quoted paragraph with enough words to stand alone as a passage here.",
        ]
    );
    let sections: Vec<Option<&str>> = p.iter().map(|p| p.section.as_deref()).collect();
    assert_eq!(
        sections,
        [
            None,
            Some("Trade figures"),
            Some("Trade figures"),
            Some("Setext heading"),
            Some("Setext heading"),
        ]
    );
    assert_eq!(p[1].kind, PassageKind::Table);
    assert_eq!(p[1].lines, (13, 16));
    assert_eq!(p[2].lines, (19, 19));
    for passage in p {
        let slice = &DOC[passage.bytes.0..passage.bytes.1];
        for word in passage.text.split([' ', '\n']).filter(|w| w.len() > 3) {
            if word.chars().all(char::is_alphanumeric) {
                assert!(slice.contains(word), "{word} in {slice:?}");
            }
        }
    }
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("secret-url") || t.contains("photo-path"))
    );
}

#[test]
fn bom_and_crlf() {
    let doc = "\u{feff}# Title\r\n\r\nFirst paragraph has some words in it for the test.\r\n";
    let e = read_markdown(doc);
    assert_eq!(e.split.title_line.as_deref(), Some("Title"));
    assert_eq!(e.split.passages.len(), 1);
    assert_eq!(e.split.passages[0].lines, (3, 3));
}

#[test]
fn markdown_malformed_and_deep_input_does_not_panic() {
    let cases = [
        ">".repeat(50_000),
        "[".repeat(50_000),
        "*".repeat(50_000),
        "- ".repeat(10_000) + "x",
        "  ".repeat(5_000) + "- x\n",
        "| a |\n|---|\n".to_string() + &"| b |\n".repeat(1000),
        "```\nunclosed code\n".into(),
        "---\ntitle: only front matter\n".into(),
        "<div>\n*html*\n</div>\n".into(),
        "\u{feff}".into(),
        "Sentence of words here &amp; there. ".repeat(50_000),
        "```\n".to_string() + &"code line\n".repeat(50_000),
        "| a | b |\n|---|---|\n".to_string() + &"| cell | more |\n".repeat(20_000),
        String::new(),
        "&amp; &#x1F600; &bogus; \\* \\".into(),
    ];
    for doc in cases {
        let e = read_markdown(&doc);
        for p in &e.split.passages {
            assert!(p.bytes.0 <= p.bytes.1 && p.bytes.1 <= doc.len());
            assert!(p.lines.0 <= p.lines.1);
        }
    }
}

// HTML

const PAGE: &str = r#"<!DOCTYPE html>
<html><head>
<title>Liaoning trade &amp; ports</title>
<meta name="author" content="Yuan Shenggao">
<meta property="article:published_time" content="2021-09-24T08:00:00+08:00">
<script>var hidden = "scriptword";</script>
<style>.x { color: red }</style>
</head>
<body>
<nav><ul><li>Home navword</li><li>News</li></ul></nav>
<header>Site headerword</header>
<article>
<h1>Liaoning positions itself as trade hub</h1>
<p>Northeast China's Liaoning province is building ports &amp; rail links for regional trade.</p>
<div hidden>hiddenword text</div>
<h2>European ties</h2>
<p>Trade with Europe grew
quickly last year, officials said in Shenyang on Monday.
<p>An unclosed paragraph about the Dalian harbour and its container traffic in 2021.
<table>
<tr><th>Port</th><th>Containers</th></tr>
<tr><td>Dalian</td><td>140,000</td></tr>
<tr><td>Yingkou</td><td>90,000</td></tr>
</table>
<pre>line one of code
line two of code</pre>
</article>
<aside>asideword</aside>
<footer>Copyright footerword</footer>
</body></html>
"#;

#[test]
fn main_text_sections_and_meta() {
    let e = read_html(PAGE);
    assert_eq!(
        e.info,
        DocInfo {
            title: Some("Liaoning trade & ports".into()),
            author: Some("Yuan Shenggao".into()),
            date: Some("2021-09-24".into()),
        }
    );
    let p = &e.split.passages;
    let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Northeast China's Liaoning province is building ports & rail links for regional \
             trade.",
            "Trade with Europe grew quickly last year, officials said in Shenyang on Monday.",
            "An unclosed paragraph about the Dalian harbour and its container traffic in 2021.",
            "Port | Containers\nDalian | 140,000\nYingkou | 90,000",
            "line one of code\nline two of code",
        ]
    );
    assert_eq!(
        p[0].section.as_deref(),
        Some("Liaoning positions itself as trade hub")
    );
    assert!(
        p[1..]
            .iter()
            .all(|p| p.section.as_deref() == Some("European ties"))
    );
    assert_eq!(p[3].kind, PassageKind::Table);
    assert_eq!(p[1].lines, (17, 18));
    for passage in p {
        let slice = &PAGE[passage.bytes.0..passage.bytes.1];
        for word in passage.text.split([' ', '\n']) {
            if word.chars().all(char::is_alphanumeric) {
                assert!(slice.contains(word), "{word} in {slice:?}");
            }
        }
    }
    let all = texts.join(" ");
    for word in [
        "scriptword",
        "navword",
        "headerword",
        "hiddenword",
        "asideword",
        "footerword",
        "color",
    ] {
        assert!(!all.contains(word), "{word}");
    }
}

#[test]
fn without_main_the_body_is_read() {
    let e = read_html(
        "<p>Just a paragraph of body text with a <b>bold</b>word.</p><ul><li>one<li>two</ul>",
    );
    let texts: Vec<&str> = e.split.passages.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Just a paragraph of body text with a boldword.", "one\ntwo"]
    );
    assert_eq!(e.info, DocInfo::default());
}

#[test]
fn html_malformed_and_deep_input_does_not_panic() {
    let cases = [
        "<div>".repeat(100_000),
        "<div>".repeat(2_000) + "text" + &"</div>".repeat(2_000),
        "</div>".repeat(100_000),
        "<p>".repeat(50_000) + "x",
        "<table><tr><td>".repeat(10_000),
        "<li>".repeat(30_000),
        "<nav>".repeat(1_000) + "after",
        "<script>never closed".into(),
        "<!-- comment never closed".into(),
        "<a href='x".into(),
        "&#xFFFFFFFF; &#0; &amp &lt;&gt;".into(),
        "\u{feff}<p>bom</p>".into(),
        "<pre>\r\nline\r\n</pre>".into(),
        "<p>".to_string() + &"Sentence of words here &amp; there. ".repeat(50_000),
        "<pre>".to_string() + &"code line\n".repeat(50_000),
        String::new(),
    ];
    for doc in cases {
        let e = read_html(&doc);
        for p in &e.split.passages {
            assert!(p.bytes.0 <= p.bytes.1 && p.bytes.1 <= doc.len(), "{p:?}");
            assert!(p.lines.0 <= p.lines.1);
        }
    }
}

// Random documents

const MARKDOWN_FRAGMENTS: &[&str] = &[
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "# ",
    "## ",
    "Heading words ",
    "\n---\n",
    "\n===\n",
    "Some plain words here. ",
    "alpha beta gamma ",
    "*em* ",
    "**strong** ",
    "`code` ",
    "[link text](http://x.example/urlword) ",
    "![alt text](pic/pathword.png) ",
    "- ",
    "1. ",
    "> ",
    "    indented code\n",
    "```\n",
    "~~~rust\n",
    "| a | b |\n",
    "|---|---|\n",
    "| c | d |\n",
    "<div>",
    "</div>",
    "&amp; ",
    "\\* ",
    "\t",
    "  ",
    "\u{a0}",
    "日本語 ",
    "---\ntitle: x\n---\n",
    "[^1] ",
    "[^1]: note\n",
    "- [ ] task\n",
];

const HTML_FRAGMENTS: &[&str] = &[
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<h2>",
    "</h2>",
    "<ul>",
    "<li>",
    "</li>",
    "</ul>",
    "<table>",
    "<tr>",
    "<th>",
    "<td>",
    "</td>",
    "</tr>",
    "</table>",
    "<pre>",
    "</pre>",
    "<br>",
    "<b>",
    "</b>",
    "<nav>",
    "</nav>",
    "<script>",
    "</script>",
    "<main>",
    "</main>",
    "<span hidden>",
    "</span>",
    "<!-- c -->",
    "&amp; ",
    "&lt;",
    "words here ",
    "alpha beta gamma. ",
    "\n",
    "\r\n",
    "\r",
    "  ",
    "<title>",
    "</title>",
    "<",
    ">",
    "\"",
    "'",
    "=",
    "<a href='x'>",
    "</a>",
    "日本語 ",
    "<p class=x>",
    "</body>",
];

/// Checks `split` of `doc`: ranges inside the source, lines ordered, and
/// every plain ASCII word of a passage inside its source range.
fn check_invariants(doc: &str, s: &Split) -> Result<(), TestCaseError> {
    for p in &s.passages {
        let (a, b) = p.bytes;
        prop_assert!(a <= b && b <= doc.len(), "{:?}", p);
        prop_assert!(p.lines.0 <= p.lines.1, "{:?}", p);
        let slice = doc.get(a..b).unwrap_or_default();
        for word in p.text.split([' ', '\n']) {
            if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric()) {
                prop_assert!(slice.contains(word), "{:?} not in {:?}", word, slice);
            }
        }
    }
    Ok(())
}

fn document(fragments: &[&str], picks: &[prop::sample::Index]) -> String {
    picks
        .iter()
        .map(|p| fragments[p.index(fragments.len())])
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_markdown_keeps_invariants(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 0..60),
    ) {
        let doc = document(MARKDOWN_FRAGMENTS, &picks);
        check_invariants(&doc, &read_markdown(&doc).split)?;
    }

    #[test]
    fn random_html_keeps_invariants(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 0..60),
    ) {
        let doc = document(HTML_FRAGMENTS, &picks);
        check_invariants(&doc, &read_html(&doc).split)?;
    }
}
