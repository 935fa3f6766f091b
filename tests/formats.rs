//! File formats through the real binary: Markdown and HTML structure and
//! metadata, UTF-16 files, line endings, and `--glob`.

mod util;

use serde_json::Value;
use util::{Workspace, pair, s};

const MARKDOWN: &str = "---
title: \"Harbours of the North\"
author: Wang Hua
date: 2022-07-19
---

# Harbours of the North

The province keeps building deep-water berths, and its [container terminals](https://example.com/hiddenurlword) \
attract shipping lines from Korea and Japan.

## Throughput

| Port | Containers |
|------|-----------:|
| Dalian | 140,000 |
| Yingkou | 90,000 |

```python
def tonnage(port): return lookup(port)
```

Setext section
--------------

A paragraph under the setext heading mentions **glaciers** near the coast, \
which is unusual for a harbour city but makes a fine test word.
";

const HTML: &str = r#"<!DOCTYPE html>
<html>
<head>
<title>Shenyang industry report</title>
<meta name="author" content="Li Ming">
<meta property="article:published_time" content="2021-03-05T10:00:00Z">
<script>var trackerword = 1;</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/x">menuword</a></nav>
<main>
<h1>Shenyang industry report</h1>
<p>Shenyang has long been a centre of heavy industry in Northeast China, with machine tools &amp; aircraft.</p>
<h2>Robots</h2>
<p>Robot makers in the city expanded output sharply, officials told reporters at a briefing.</p>
<table>
<thead><tr><th>Company</th><th>Product</th></tr></thead>
<tbody><tr><td>Siasun</td><td>industrial robots</td></tr>
<tr><td>Brilliance</td><td>automobiles</td></tr></tbody>
</table>
</main>
<footer>Copyright footerword</footer>
</body>
</html>
"#;

/// Every matching passage: these fixtures repeat one text in several
/// encodings and line endings, and each copy is checked.
fn hits(ws: &Workspace, query: &str) -> Vec<Value> {
    ws.search_json(&["--limit", "50", "--no-collapse", query])
}

fn no_hits(ws: &Workspace, query: &str) {
    let run = ws.run(&["search", "--json", query]);
    assert_eq!(run.code, 1, "{query:?} should find nothing: {run:?}");
}

fn source(ws: &Workspace, hit: &Value) -> Vec<u8> {
    std::fs::read(ws.corpus().join(s(hit, "/doc/path"))).expect("source file")
}

/// Asserts that `source[bytes]` holds every plain word of the hit's text.
fn bytes_hold_words(ws: &Workspace, hit: &Value) {
    let src = source(ws, hit);
    let (a, b) = pair(hit, "bytes");
    let slice = String::from_utf8_lossy(&src[a as usize..b as usize]).into_owned();
    for word in s(hit, "/text").split_whitespace() {
        if word.chars().all(char::is_alphanumeric) {
            assert!(slice.contains(word), "{word:?} not in {slice:?}");
        }
    }
}

#[test]
fn markdown_structure_metadata_and_byte_ranges() {
    let ws = Workspace::new();
    ws.write("notes/harbours.md", MARKDOWN);

    let hit = &hits(&ws, "berths")[0];
    assert_eq!(s(hit, "/doc/title"), "Harbours of the North");
    assert_eq!(s(hit, "/doc/author"), "Wang Hua");
    assert_eq!(s(hit, "/doc/date"), "2022-07-19");
    assert_eq!(hit["section"], Value::Null);
    assert!(s(hit, "/text").contains("container terminals attract"));
    bytes_hold_words(&ws, hit);

    // Link text is searchable, its URL is not; markup is not text.
    assert!(!hits(&ws, "\"container terminals\"").is_empty());
    no_hits(&ws, "hiddenurlword");
    for hit in hits(&ws, "*") {
        let text = s(&hit, "/text");
        assert!(
            !text.contains('#') && !text.contains("**") && !text.contains("---"),
            "{text}"
        );
    }

    // The table is one passage with its header row, under its heading.
    let table = &hits(&ws, "Yingkou")[0];
    assert_eq!(s(table, "/section"), "Throughput");
    assert_eq!(
        s(table, "/text"),
        "Port | Containers\nDalian | 140,000\nYingkou | 90,000"
    );
    assert_eq!(pair(table, "lines"), (13, 16));
    bytes_hold_words(&ws, table);

    // The code block is its own passage; the fence's language is not text.
    let code = &hits(&ws, "tonnage")[0];
    assert_eq!(s(code, "/text"), "def tonnage(port): return lookup(port)");
    assert_eq!(pair(code, "lines"), (19, 19));
    no_hits(&ws, "python");

    // A Setext heading is a section, not a passage.
    let glaciers = &hits(&ws, "glaciers")[0];
    assert_eq!(s(glaciers, "/section"), "Setext section");
    assert!(!s(glaciers, "/text").contains("Setext"));
    assert_eq!(pair(glaciers, "lines"), (25, 25));
    bytes_hold_words(&ws, glaciers);
}

#[test]
fn html_main_text_metadata_sections_and_tables() {
    let ws = Workspace::new();
    ws.write("report.html", HTML);

    let hit = &hits(&ws, "\"heavy industry\"")[0];
    assert_eq!(s(hit, "/doc/title"), "Shenyang industry report");
    assert_eq!(s(hit, "/doc/author"), "Li Ming");
    assert_eq!(s(hit, "/doc/date"), "2021-03-05");
    assert!(s(hit, "/text").ends_with("machine tools & aircraft."));
    bytes_hold_words(&ws, hit);

    let robots = &hits(&ws, "briefing")[0];
    assert_eq!(s(robots, "/section"), "Robots");
    assert_eq!(pair(robots, "lines"), (15, 15));

    let table = &hits(&ws, "Siasun")[0];
    assert_eq!(
        s(table, "/text"),
        "Company | Product\nSiasun | industrial robots\nBrilliance | automobiles"
    );
    assert_eq!(s(table, "/section"), "Robots");
    assert_eq!(pair(table, "lines"), (17, 19));
    bytes_hold_words(&ws, table);

    for word in ["trackerword", "menuword", "footerword", "Copyright"] {
        no_hits(&ws, word);
    }
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    "\u{feff}"
        .encode_utf16()
        .chain(text.encode_utf16())
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

#[test]
fn utf16_files_are_decoded_and_ranges_point_into_the_file() {
    let text = "Résumé of the trade fair\r\n\r\nExhibitors from Liaoning signed contracts worth \
                57.37 billion yuan — a record, organisers said.\r\n\r\nSecond paragraph: \
                the fair closed with a ceremony in Shenyang attended by many envoys.\r\n";
    let ws = Workspace::new();
    ws.write("le.txt", utf16(text, false));
    ws.write("be.txt", utf16(text, true));
    let found = hits(&ws, "envoys");
    assert_eq!(found.len(), 2, "{found:?}");
    for hit in found
        .iter()
        .chain(hits(&ws, "\"57.37 billion yuan\"").iter())
    {
        let path = s(hit, "/doc/path");
        assert_eq!(s(hit, "/doc/title"), "Résumé of the trade fair");
        let (a, b) = pair(hit, "bytes");
        assert!(a % 2 == 0 && b % 2 == 0, "{path}: odd range {a}..{b}");
        let src = source(&ws, hit);
        let units: Vec<u16> = src[a as usize..b as usize]
            .chunks_exact(2)
            .map(|p| {
                if path == "be.txt" {
                    u16::from_be_bytes([p[0], p[1]])
                } else {
                    u16::from_le_bytes([p[0], p[1]])
                }
            })
            .collect();
        let slice = String::from_utf16(&units).expect("whole characters");
        assert_eq!(slice, s(hit, "/text"), "{path}");
        let lines = pair(hit, "lines");
        assert!(lines == (3, 3) || lines == (5, 5), "{path}: {lines:?}");
        if s(hit, "/text").contains("envoys") {
            assert_eq!(lines, (5, 5));
        }
    }
}

#[test]
fn crlf_and_lone_cr_count_lines() {
    let body = |eol: &str| {
        [
            "Line endings",
            "",
            "The first paragraph talks about the harbours and all their tall cranes in winter.",
            "",
            "Ports of call",
            "",
            "The second paragraph mentions an old lighthouse keeper living on the rocky coast.",
        ]
        .join(eol)
    };
    let ws = Workspace::new();
    ws.write("crlf.txt", body("\r\n"));
    ws.write("cr.txt", body("\r"));
    ws.write(
        "crlf.md",
        body("\r\n")
            .replace("Ports of call", "## Ports of call")
            .replace("Line endings", "# Line endings"),
    );
    let found = hits(&ws, "lighthouse");
    assert_eq!(found.len(), 3);
    for hit in &found {
        assert_eq!(pair(hit, "lines"), (7, 7), "{hit}");
        assert_eq!(s(hit, "/section"), "Ports of call", "{hit}");
        bytes_hold_words(&ws, hit);
    }
    for hit in &hits(&ws, "cranes") {
        assert_eq!(pair(hit, "lines"), (3, 3), "{hit}");
    }
}

#[test]
fn glob_filters_at_query_time_and_the_index_keeps_every_file() {
    let ws = Workspace::new();
    ws.write(
        "a.md",
        "# A\n\nThe walrus naps on the ice floe near the shore all day long.\n",
    );
    ws.write(
        "b.txt",
        "B\n\nThe walrus swims under the ice floe looking for clams to eat.\n",
    );
    ws.write(
        "sub/c.md",
        "# C\n\nA walrus colony gathers on the beach every single summer.\n",
    );

    let run = ws.run(&["index"]);
    assert_eq!(run.code, 0, "{run:?}");
    let paths = |hits: Vec<Value>| {
        let mut p: Vec<String> = hits.iter().map(|h| s(h, "/doc/path").to_string()).collect();
        p.sort();
        p
    };
    // A glob filters the hits and leaves the index as it is…
    let run = ws.run(&["search", "--json", "--glob", "*.md", "walrus"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(paths(run.json()), ["a.md", "sub/c.md"]);

    // Exclusions with '!', of files and of folders.
    let run = ws.run(&[
        "search", "--json", "--glob", "*.md", "--glob", "!sub/**", "walrus",
    ]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(paths(run.json()), ["a.md"]);
    let run = ws.run(&["search", "--json", "--glob", "!sub", "walrus"]);
    assert_eq!(paths(run.json()), ["a.md", "b.txt"]);

    // …so the next plain search finds every file without re-indexing.
    let run = ws.run(&["search", "--json", "walrus"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(paths(run.json()), ["a.md", "b.txt", "sub/c.md"]);

    // A malformed glob is a usage error.
    let run = ws.run(&["search", "--glob", "a[", "walrus"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--glob"), "{}", run.stderr);
}
