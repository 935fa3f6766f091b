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

// ---------------------------------------------------------------------------
// 4. Site chrome
// ---------------------------------------------------------------------------

/// A rustdoc page, as `cargo doc` lays it out (trimmed).
const RUSTDOC: &str = r##"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Vec in std::vec - Rust</title></head><body class="rustdoc struct">
<a class="skip-main-content" href="#main-content">Skip to main content</a>
<nav class="mobile-topbar"><button class="sidebar-menu-toggle">☰</button></nav>
<nav class="sidebar"><div class="sidebar-crate"><h2><a href="../../std/index.html">std</a></h2>
<div class="version">1.83.0</div></div><h2 class="location"><a href="#">Vec</a></h2>
<div class="sidebar-elems"><section><h3><a href="#implementations">Methods</a></h3>
<ul class="block method"><li><a href="#method.push">push</a></li><li><a href="#method.pop">pop</a></li></ul></section></div></nav>
<div class="sidebar-resizer"></div><main><div class="width-limiter"><rustdoc-search></rustdoc-search>
<section id="main-content" class="content"><div class="main-heading">
<div class="rustdoc-breadcrumbs"><a href="../index.html">std</a>::<wbr><a href="index.html">vec</a></div>
<h1>Struct <span class="struct">Vec</span><button id="copy-path" title="Copy item path to clipboard">Copy item path</button></h1>
<rustdoc-toolbar></rustdoc-toolbar><span class="sub-heading"><span class="since" title="Stable since Rust version 1.0.0">1.0.0</span> · <a class="src" href="../../src/alloc/vec/mod.rs.html#397">Source</a></span></div>
<details class="toggle top-doc" open><summary class="hideme"><span>Expand description</span></summary>
<div class="docblock"><p>A contiguous growable array type, written as <code>Vec&lt;T&gt;</code>, short for vector, stored on the heap.</p>
<h2 id="examples"><a class="doc-anchor" href="#examples">§</a>Examples</h2>
<p>A vector grows its buffer geometrically when pushing beyond its capacity.</p></div></details>
<h2 id="implementations" class="section-header">Implementations<a href="#implementations" class="anchor">§</a></h2>
<details class="toggle method-toggle" open><summary><section id="method.push" class="method">
<span class="rightside"><span class="since" title="Stable since Rust version 1.0.0">1.0.0</span> · <a class="src" href="../../src/alloc/vec/mod.rs.html#2414">Source</a></span>
<h4 class="code-header">pub fn <a href="#method.push" class="fn">push</a>(&amp;mut self, value: T)</h4></section></summary>
<div class="docblock"><p>Appends an element to the back of a collection, reallocating when the capacity overflows. <a href="trait.Extend.html#tymethod.extend">Read more</a></p></div></details>
</section></div></main></body></html>"##;

/// A Sphinx page (the classic and Read the Docs themes' structure).
const SPHINX: &str = r##"<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tutorial &#8212; Python documentation</title></head>
<body><div class="related" role="navigation" aria-label="Related">
<h3>Navigation</h3><ul><li class="right"><a href="genindex.html" title="General Index">index</a></li>
<li><a href="index.html">Python documentation</a> &#187;</li></ul></div>
<div role="navigation" aria-label="breadcrumbs navigation"><ul class="wy-breadcrumbs">
<li><a href="index.html">Docs</a> &raquo;</li><li>Tutorial</li></ul></div>
<div class="document"><div class="documentwrapper"><div class="bodywrapper"><div class="body" role="main">
<section id="tutorial"><h1>Tutorial<a class="headerlink" href="#tutorial" title="Link to this heading">¶</a></h1>
<p>Python is an easy to learn interpreter with efficient high-level data structures and dynamic typing.</p>
<section id="documentation"><h2>Documentation<a class="headerlink" href="#documentation" title="Link to this heading">¶</a></h2>
<p>The interpreter reads docstrings from modules and prints them with the help function.</p></section></section>
</div></div></div>
<div class="sphinxsidebar" role="navigation" aria-label="Main"><div class="sphinxsidebarwrapper">
<h3>Table of Contents</h3><ul><li><a href="#">Tutorial</a></li></ul><h3>Previous topic</h3>
<p><a href="intro.html">Python documentation introduction</a></p></div></div></div>
<div class="footer" role="contentinfo">&#169; Copyright 2001 Python Software Foundation documentation.</div></body></html>"##;

/// A MkDocs Material page.
const MKDOCS: &str = r##"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Configuration - Widget docs</title></head>
<body><a href="#configuration" class="md-skip">Skip to content</a>
<header class="md-header" data-md-component="header"><nav class="md-header__inner md-grid" aria-label="Header">
<a href="." title="Widget docs" class="md-header__button md-logo">Widget docs</a>
<div class="md-search" data-md-component="search" role="dialog"><input type="text" placeholder="Search"></div>
<div class="md-header__source"><a href="https://github.com/widget/widget" class="md-source"><div class="md-source__repository">widget/widget v2.1.0</div></a></div></nav></header>
<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">
<div class="md-sidebar md-sidebar--primary" data-md-type="navigation"><nav class="md-nav md-nav--primary" aria-label="Navigation">
<ul class="md-nav__list"><li class="md-nav__item"><a href="." class="md-nav__link">Home page of the widget configuration</a></li></ul></nav></div>
<div class="md-content" data-md-component="content"><article class="md-content__inner md-typeset">
<h1 id="configuration">Configuration<a class="headerlink" href="#configuration" title="Permanent link">¶</a></h1>
<p>The widget reads its configuration from a TOML file named widget.toml in the project root.</p>
<h2 id="options">Options<a class="headerlink" href="#options" title="Permanent link">&para;</a></h2>
<p>Every option has a default, so an empty configuration file is valid.</p></article></div></div></main>
<footer class="md-footer"><nav class="md-footer__inner" aria-label="Footer"><a href="install/" class="md-footer__link">Next Installation of the widget</a></nav></footer></div></body></html>"##;

/// A README as GitHub renders it.
const GITHUB: &str = r##"<!DOCTYPE html><html><head><meta charset="utf-8"><title>GitHub - serde-rs/serde: Serialization framework for Rust</title></head>
<body><div class="position-relative js-header-wrapper"><a href="#start-of-content" class="px-2 py-4 show-on-focus js-skip-to-content">Skip to content</a>
<header class="AppHeader" role="banner"><nav aria-label="Global"><a href="/features">Product features of the platform</a></nav></header></div>
<div id="repository-container-header"><nav aria-label="Repository" class="js-repo-nav"><a href="/serde-rs/serde">Code</a><a href="/serde-rs/serde/issues">Issues</a></nav></div>
<div id="readme" class="Box-body px-5 pb-5"><article class="markdown-body entry-content container-lg" itemprop="text">
<div class="markdown-heading"><h1 class="heading-element">Serde</h1><a id="user-content-serde" class="anchor" aria-label="Permalink: Serde" href="#serde"><svg class="octicon octicon-link" viewBox="0 0 16 16"><path d="M7.775"></path></svg></a></div>
<p><strong>Serde is a framework for serializing and deserializing Rust data structures efficiently and generically.</strong></p>
<div class="markdown-heading"><h2 class="heading-element">Serde in action</h2><a id="user-content-serde-in-action" class="anchor" aria-label="Permalink: Serde in action" href="#serde-in-action">#</a></div>
<p>Derive the traits and call the serializer on any value of your own data structures.</p>
</article></div><footer class="footer" role="contentinfo"><a href="/site/terms">Terms of the service and privacy</a></footer></body></html>"##;

#[test]
fn site_chrome_is_left_out_of_html_pages() {
    let ws = Workspace::new();
    ws.write("rustdoc/struct.Vec.html", RUSTDOC);
    ws.write("sphinx/tutorial.html", SPHINX);
    ws.write("mkdocs/configuration/index.html", MKDOCS);
    ws.write("github/serde.html", GITHUB);
    index(&ws, &[]);
    // The text of every page is there…
    for (query, path) in [
        ("growable", "rustdoc/struct.Vec.html"),
        ("geometrically", "rustdoc/struct.Vec.html"),
        ("reallocating", "rustdoc/struct.Vec.html"),
        ("docstrings", "sphinx/tutorial.html"),
        ("TOML", "mkdocs/configuration/index.html"),
        ("deserializing", "github/serde.html"),
    ] {
        assert_eq!(paths(&ws, query), [path], "{query}");
    }
    // …and none of the chrome: skip links, sidebars, breadcrumbs,
    // navigation, badges, "Read more", "Expand description", footers.
    for chrome in [
        "\"Skip to content\"",
        "\"Skip to main content\"",
        "\"Read more\"",
        "\"Expand description\"",
        "Source",
        "1.0.0",
        "pop",
        "breadcrumbs",
        "Docs",
        "\"Previous topic\"",
        "\"Table of Contents\"",
        "index",
        "Copyright",
        "Home",
        "Next",
        "v2.1.0",
        "Permalink",
        "Product",
        "Issues",
        "Terms",
    ] {
        // In the text: titles ("… documentation") may say these words.
        let query = format!("text:{chrome}");
        let run = ws.run(&["search", "--no-refresh", "--json", &query]);
        assert_eq!(run.code, 1, "{chrome} found: {}", run.stdout);
    }
    // Sections carry no permalink symbols.
    let section_of = |query: &str| {
        let hits = ws.search_json(&["--no-refresh", query]);
        s(&hits[0], "/section").to_string()
    };
    assert_eq!(section_of("geometrically"), "Examples");
    assert_eq!(section_of("docstrings"), "Documentation");
    assert_eq!(section_of("default"), "Options");
    assert_eq!(section_of("\"call the serializer\""), "Serde in action");
    for hit in ws.search_json(&["--no-refresh", "-n", "100", "the OR a OR of"]) {
        let text = format!("{} {}", s(&hit, "/text"), s(&hit, "/section"));
        assert!(!text.contains(['§', '¶']), "{hit}");
    }
}

// ---------------------------------------------------------------------------
// 6. Duplicates
// ---------------------------------------------------------------------------

#[test]
fn identical_passages_collapse_into_one_hit_listing_the_other_places() {
    let ws = Workspace::new();
    let shared = "The lighthouse keeper logs every passing ship in a leather-bound ledger kept beside the great lamp.";
    ws.write("en/guide.txt", format!("Guide\n\n{shared}\n"));
    ws.write(
        "print/guide.txt",
        format!("Guide, print view\n\nIntro line about the harbour, its breakwater, its cranes and the fishing boats moored there.\n\n{shared}\n"),
    );
    ws.write(
        "mirror/guide.md",
        format!("# Mirror\n\nA mirror copy of the guide, kept on another server for readers in other countries.\n\n{shared}\n"),
    );
    ws.write(
        "other.txt",
        "Other\n\nThe lighthouse keeper also repairs the lamp each winter when the storms have passed.\n",
    );
    index(&ws, &[]);
    let hits = ws.search_json(&["--no-refresh", "lighthouse keeper"]);
    let texts: Vec<&str> = hits.iter().map(|h| s(h, "/text")).collect();
    assert_eq!(hits.len(), 2, "{texts:?}");
    let dup = hits
        .iter()
        .find(|h| s(h, "/text") == shared)
        .expect("the shared passage");
    let mut places: Vec<String> = std::iter::once(s(dup, "/doc/path").to_string())
        .chain(
            dup["also_in"]
                .as_array()
                .expect("also_in")
                .iter()
                .map(|p| s(p, "/path").to_string()),
        )
        .collect();
    places.sort();
    assert_eq!(
        places,
        ["en/guide.txt", "mirror/guide.md", "print/guide.txt"]
    );
    for place in dup["also_in"].as_array().expect("also_in") {
        let (first, _) = pair(place, "lines");
        let expected = if s(place, "/path") == "en/guide.txt" {
            3
        } else {
            5
        };
        assert_eq!(first, expected, "{place}");
        assert_eq!(
            s(place, "/doc_id"),
            s(place, "/path").rsplit_once('.').expect("ext").0
        );
    }
    let other = hits
        .iter()
        .find(|h| s(h, "/text") != shared)
        .expect("other");
    assert!(other.get("also_in").is_none(), "{other}");
    // --no-collapse shows every copy; ranks stay 1, 2, 3, 4.
    let all = ws.search_json(&["--no-refresh", "--no-collapse", "lighthouse keeper"]);
    assert_eq!(all.len(), 4);
    assert!(all.iter().all(|h| h.get("also_in").is_none()));
    let ranks: Vec<u64> = all
        .iter()
        .map(|h| h["rank"].as_u64().expect("rank"))
        .collect();
    assert_eq!(ranks, [1, 2, 3, 4]);
    // Collapsed ranks are consecutive too, and -n counts distinct hits.
    let one = ws.search_json(&["--no-refresh", "-n", "1", "ledger OR lamp"]);
    assert_eq!(one.len(), 1);
    // People see the other places under the hit.
    let run = ws.run(&["search", "--no-refresh", "--color", "never", "ledger"]);
    assert!(run.stdout.contains("also in "), "{}", run.stdout);
}
