//! The documents people actually have: binary files among text, legacy
//! encodings, files without an extension, ignore rules as ripgrep has them,
//! site chrome in HTML, titles, and duplicate passages — each through the
//! real binary over fixtures written here.

mod util;

use serde_json::Value;
use util::{Run, Workspace, pair, s};

/// Runs `quarry index ARGS`, expecting success.
fn index(ws: &Workspace, args: &[&str]) -> Run {
    let mut all = vec!["index"];
    all.extend_from_slice(args);
    let run = ws.run(&all);
    assert_eq!(run.code, 0, "{run:?}");
    run
}

/// The number of documents an index run reports.
fn documents(run: &Run) -> u64 {
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("quarry: indexed "))
        .unwrap_or_else(|| panic!("no summary: {}", run.stderr));
    line["quarry: indexed ".len()..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {line}"))
}

/// Paths of the documents holding hits for `query` (search without refresh).
fn paths(ws: &Workspace, query: &str) -> Vec<String> {
    let mut paths: Vec<String> = ws
        .search_json(&["--no-refresh", "-n", "100", query])
        .iter()
        .map(|h| s(h, "/doc/path").to_string())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// The bytes of `rel` that a hit's `bytes` cover.
fn covered(ws: &Workspace, rel: &str, hit: &Value) -> Vec<u8> {
    let raw = std::fs::read(ws.corpus().join(rel)).expect("read source");
    let (a, b) = pair(hit, "bytes");
    raw[a as usize..b as usize].to_vec()
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

// ---------------------------------------------------------------------------
// 2. Binary files and encodings
// ---------------------------------------------------------------------------

#[test]
fn binary_files_are_skipped_and_counted_whatever_their_extension() {
    let ws = Workspace::new();
    ws.write(
        "notes.txt",
        "Notes\n\nThe orchard grows apples and pears in long straight rows.\n",
    );
    // An executable renamed .txt: printable words after a NUL in the header.
    let mut exe = b"\x7fELF\x02\x01\x01\x00\x00\x00".to_vec();
    exe.extend_from_slice(
        b"orchard orchard orchard symbol table strings\n"
            .repeat(40)
            .as_slice(),
    );
    ws.write("tool.txt", &exe);
    ws.write("data.md", b"# Title\n\norchard\x00\x01\x02 more\n");
    let run = index(&ws, &[]);
    assert!(run.stderr.contains("tool.txt (binary)"), "{}", run.stderr);
    assert!(run.stderr.contains("data.md (binary)"), "{}", run.stderr);
    assert_eq!(documents(&run), 1, "{}", run.stderr);
    assert_eq!(paths(&ws, "orchard"), ["notes.txt"]);
    // Remembered: the next run still reports them without reading them.
    let run = index(&ws, &[]);
    assert!(run.stderr.contains("skipped 2 file(s)"), "{}", run.stderr);
    // A text file that turns binary loses its passages.
    let mut now_binary = b"\x00\x01".to_vec();
    now_binary.extend_from_slice(b"The orchard grows apples.\n");
    ws.write("notes.txt", &now_binary);
    let run = index(&ws, &[]);
    assert_eq!(documents(&run), 0, "{}", run.stderr);
    assert!(ws.run(&["search", "--no-refresh", "orchard"]).code == 1);
}

#[test]
fn latin1_text_is_detected_and_byte_ranges_point_into_the_file() {
    let ws = Workspace::new();
    let text = "Menu du jour\n\nLe caf\u{e9} de la place sert un th\u{e9} tr\u{e8}s fort. \
                La cr\u{e8}me br\u{fb}l\u{e9}e est na\u{ef}ve mais d\u{e9}licieuse, \
                et le g\u{e2}teau \u{e0} la fran\u{e7}aise co\u{fb}te peu.\n";
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    ws.write("menu.txt", &bytes);
    let run = index(&ws, &[]);
    assert!(!run.stderr.contains("invalid"), "{}", run.stderr);
    let hits = ws.search_json(&["--no-refresh", "crème brûlée"]);
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert!(
        s(hit, "/text").contains("La crème brûlée est naïve"),
        "{hit}"
    );
    let source = latin1(&covered(&ws, "menu.txt", hit));
    assert!(source.starts_with("Le café"), "{source:?}");
    assert!(source.ends_with("coûte peu."), "{source:?}");
    assert_eq!(s(hit, "/doc/title"), "Menu du jour");
}

#[test]
fn html_declared_charset_is_honoured() {
    let ws = Workspace::new();
    // The same body bytes, declared in two encodings: whatever a detector
    // would guess, each file must read as its declaration says.
    let body = b"<p>Le caf\xe9 du port sert un th\xe9 fort aux marins du quai.</p></body></html>";
    let page = |head: &str| {
        let mut page = format!("<html><head>{head}<title>Port</title></head><body>").into_bytes();
        page.extend_from_slice(body);
        page
    };
    ws.write("latin.html", page("<meta charset=iso-8859-1>"));
    ws.write(
        "cyrillic.html",
        page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-5\">"),
    );
    index(&ws, &[]);
    let hits = ws.search_json(&["--no-refresh", "café"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(s(&hits[0], "/doc/path"), "latin.html");
    assert!(s(&hits[0], "/text").contains("Le café du port"));
    let source = latin1(&covered(&ws, "latin.html", &hits[0]));
    assert!(source.starts_with("Le caf\u{e9}"), "{source:?}");
    let hits = ws.search_json(&["--no-refresh", "cafщ"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(s(&hits[0], "/doc/path"), "cyrillic.html");
    assert!(s(&hits[0], "/text").contains("thщ fort"));
}

// ---------------------------------------------------------------------------
// 3. Files without an extension
// ---------------------------------------------------------------------------

#[test]
fn files_without_an_extension_are_read_as_text_when_they_are_text() {
    let ws = Workspace::new();
    ws.write(
        "LICENSE",
        "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy \
         of this software, to deal in the Software without restriction.\n",
    );
    ws.write(
        "pkg/README",
        "Widget\n\nWidget turns sprockets into gizmos with remarkable efficiency.\n",
    );
    ws.write(
        "pkg/COPYING",
        "GNU GENERAL PUBLIC LICENSE\n\nThis program is free software; you can redistribute it.\n",
    );
    ws.write(
        "pkg/debian/copyright",
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\
         Upstream-Name: widget\n\nFiles: *\nCopyright: 2020 Widget Authors\nLicense: Expat\n",
    );
    ws.write(
        "pkg/README.Debian",
        "widget for Debian\n\nThe Debian package installs sprockets under /usr/share/widget.\n",
    );
    ws.write("pkg/widget", b"\x7fELF\x02\x01\x01\x00sprockets gizmos\n");
    ws.write("pkg/changelog.Debian.gz", b"\x1f\x8b\x08\x00sprockets");
    let run = index(&ws, &[]);
    assert_eq!(documents(&run), 5, "{}", run.stderr);
    assert!(run.stderr.contains("pkg/widget (binary)"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("pkg/changelog.Debian.gz (unsupported file type)"),
        "{}",
        run.stderr
    );
    assert_eq!(paths(&ws, "\"hereby granted\""), ["LICENSE"]);
    assert_eq!(paths(&ws, "sprockets"), ["pkg/README", "pkg/README.Debian"]);
    assert_eq!(paths(&ws, "redistribute"), ["pkg/COPYING"]);
    assert_eq!(paths(&ws, "Expat"), ["pkg/debian/copyright"]);
    let hits = ws.search_json(&["--no-refresh", "gizmos"]);
    assert_eq!(s(&hits[0], "/doc/id"), "pkg/README");
    assert_eq!(s(&hits[0], "/doc/title"), "Widget");
}

// ---------------------------------------------------------------------------
// 7. Ignore rules as ripgrep has them
// ---------------------------------------------------------------------------

const SECRET: &str = "Secret\n\nThe orchard also hides a treasure chest under the oak.\n";

#[test]
fn gitignore_applies_only_inside_a_git_repository() {
    let ws = Workspace::new();
    ws.write("keep.txt", "Keep\n\nThe orchard grows apples and pears.\n");
    ws.write("drafts/secret.txt", SECRET);
    ws.write(".gitignore", "drafts/\n");
    // The workspace (the corpus's parent) ignores keep.txt too.
    std::fs::write(ws.path().join(".gitignore"), "corpus/keep.txt\n").expect("write");
    index(&ws, &[]);
    assert_eq!(
        paths(&ws, "orchard"),
        ["drafts/secret.txt", "keep.txt"],
        "outside a repository .gitignore files do not apply"
    );
    // A repository above the corpus: its .gitignore files (parents' too) apply.
    std::fs::create_dir(ws.path().join(".git")).expect("mkdir .git");
    index(&ws, &[]);
    assert!(ws.run(&["search", "--no-refresh", "orchard"]).code == 1);
    // --no-ignore reads everything; --no-ignore on search keeps the index so.
    index(&ws, &["--no-ignore"]);
    assert_eq!(paths(&ws, "orchard"), ["drafts/secret.txt", "keep.txt"]);
    let hits = ws.search_json(&["--no-ignore", "orchard"]);
    assert_eq!(hits.len(), 2);
    // A search without it brings the index back to the ignore rules.
    let run = ws.run(&["search", "--json", "orchard"]);
    assert_eq!(run.code, 1, "{run:?}");
}

#[test]
fn dot_ignore_applies_anywhere_and_hidden_files_need_hidden() {
    let ws = Workspace::new();
    ws.write("keep.txt", "Keep\n\nThe orchard grows apples and pears.\n");
    ws.write("drafts/secret.txt", SECRET);
    ws.write("drafts/.ignore", "secret.txt\n");
    ws.write(
        ".notes/todo.txt",
        "Todo\n\nPrune the orchard before the frost arrives.\n",
    );
    ws.write(
        ".git/description",
        "Unnamed repository; edit this file to name the orchard repository.\n",
    );
    index(&ws, &[]);
    assert_eq!(paths(&ws, "orchard"), ["keep.txt"]);
    index(&ws, &["--hidden"]);
    assert_eq!(paths(&ws, "orchard"), [".notes/todo.txt", "keep.txt"]);
    index(&ws, &["--hidden", "--no-ignore"]);
    assert_eq!(
        paths(&ws, "orchard"),
        [".notes/todo.txt", "drafts/secret.txt", "keep.txt"],
        ".git is never read"
    );
}

// ---------------------------------------------------------------------------
// 5. Titles
// ---------------------------------------------------------------------------

/// The title of the document at `rel`, from a search for `word`.
fn title_of(ws: &Workspace, word: &str, rel: &str) -> String {
    let hits = ws.search_json(&["--no-refresh", "-n", "50", word]);
    let hit = hits
        .iter()
        .find(|h| s(h, "/doc/path") == rel)
        .unwrap_or_else(|| panic!("{rel} not found for {word}: {hits:?}"));
    s(hit, "/doc/title").to_string()
}

#[test]
fn titles_come_from_headings_changelog_folders_and_first_lines() {
    let ws = Workspace::new();
    ws.write(
        "serde/README.md",
        "# Serde &emsp; [![Build Status]][actions] [![Latest Version]][crates.io]\n\n\
         [![serde msrv]](https://crates.io/crates/serde) [![docs](https://docs.rs/serde/badge.svg)](https://docs.rs/serde)\n\n\
         **Serde is a framework for serializing and deserializing Rust data structures \
         efficiently and generically.**\n\n\
         [Build Status]: https://img.shields.io/github/actions/workflow/status/serde-rs/serde/ci.yml\n\
         [actions]: https://github.com/serde-rs/serde/actions\n\
         [Latest Version]: https://img.shields.io/crates/v/serde.svg\n\
         [crates.io]: https://crates.io/crates/serde\n\
         [serde msrv]: https://img.shields.io/crates/msrv/serde.svg\n",
    );
    ws.write(
        "widget/CHANGELOG.md",
        "# Changelog\n\nAll notable changes to this project will be documented in this file.\n\n\
         ## [2.5.0] - 2024-01-02\n\n- Fixed the sprocket alignment bug in the serializing parser.\n",
    );
    ws.write(
        "gadget/NEWS.md",
        "## Version 1.2.0\n\n- Gadget now deserializing sprockets twice as fast as before.\n",
    );
    ws.write(
        "tokio/CHANGELOG.md",
        "# Tokio 1.0 release notes\n\n- The runtime stops parsing sprockets on shutdown.\n",
    );
    ws.write(
        "notes.txt",
        "Quarterly report of the orchard cooperative\nwritten by the board for its members \
         and partners across the valley.\n\nThe orchard sold apples.\n",
    );
    index(&ws, &[]);
    assert_eq!(title_of(&ws, "framework", "serde/README.md"), "Serde");
    // Badge alt texts are neither the title nor passages nor sections.
    let run = ws.run(&[
        "search",
        "--no-refresh",
        "--json",
        "\"Build Status\" OR msrv",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        title_of(&ws, "sprocket", "widget/CHANGELOG.md"),
        "widget changelog"
    );
    assert_eq!(
        title_of(&ws, "sprockets", "gadget/NEWS.md"),
        "gadget changelog"
    );
    assert_eq!(
        title_of(&ws, "shutdown", "tokio/CHANGELOG.md"),
        "Tokio 1.0 release notes"
    );
    assert_eq!(
        title_of(&ws, "valley", "notes.txt"),
        "Quarterly report of the orchard cooperative"
    );
    // The citation key follows the title, not "version".
    let run = ws.run(&[
        "cite",
        "--no-refresh",
        "--style",
        "bibtex",
        "deserializing Gadget",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("gadget changelog"), "{}", run.stdout);
}
