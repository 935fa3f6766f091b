//! Nothing lost, nothing leaked, nothing crashes (issue 9): one regression
//! test per problem found by trying to break quarry, named `pNN_…` after
//! the problem's number in the issue. Each drives the real binary over a
//! generated corpus and checks what it printed and what is left on disk.

mod util;

use std::path::Path;

use util::{Run, Workspace, s};

/// A word that occurs only in the good file of every corpus.
const GOOD_WORD: &str = "zebrafish";
const GOOD_TEXT: &str = "Zebrafish regeneration\n\n\
    The zebrafish laboratory in Dalian published careful results on fin \
    regeneration, measured over many weeks with controls for temperature.\n";

fn with_good_file() -> Workspace {
    let ws = Workspace::new();
    ws.write("good.txt", GOOD_TEXT);
    ws
}

/// Asserts an error run: exit 2, one `quarry: …` line on stderr, no panic.
fn assert_one_line_error(run: &Run, what: &str) {
    assert_eq!(run.code, 2, "{what}: {run:?}");
    assert!(!run.stderr.contains("panicked"), "{what}: {run:?}");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{what}: not one line: {run:?}");
    assert!(lines[0].starts_with("quarry: "), "{what}: {run:?}");
}

fn good_word_found(ws: &Workspace, extra: &[&str]) {
    let mut args = vec!["search", "--json"];
    args.extend_from_slice(extra);
    args.push(GOOD_WORD);
    let run = ws.run(&args);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.json().iter().any(|h| s(h, "/doc/path") == "good.txt"),
        "{run:?}"
    );
}

// ---------------------------------------------------------------------------
// 1. `index --rebuild` deleted the user's files
// ---------------------------------------------------------------------------

const HASH_NAMED: &str = "0123456789abcdef0123456789abcdef.jpg";

#[test]
fn p01_rebuild_deletes_only_quarrys_files() {
    let ws = with_good_file();
    assert_eq!(ws.run(&["index"]).code, 0);
    assert!(ws.index().join(".quarry-index").is_file());
    // The user keeps files of their own beside the index.
    std::fs::write(ws.index().join(HASH_NAMED), "photo").unwrap();
    std::fs::write(ws.index().join("notes.txt"), "mine").unwrap();
    std::fs::write(ws.index().join("meta.json"), "{ not json").unwrap();
    let run = ws.run(&["search", "--no-refresh", GOOD_WORD]);
    assert_one_line_error(&run, "damaged");
    assert!(run.stderr.contains("quarry index --rebuild"), "{run:?}");
    let run = ws.run(&["index", "--rebuild"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(ws.index().join(HASH_NAMED).is_file(), "a photo was deleted");
    assert!(ws.index().join("notes.txt").is_file(), "notes were deleted");
    good_word_found(&ws, &["--no-refresh"]);
}

#[test]
fn p01_index_in_or_as_the_corpus_folder_is_refused() {
    let ws = with_good_file();
    ws.write(HASH_NAMED, "a hash-named document");
    for index in ["corpus", "corpus/sub", "corpus/."] {
        for args in [
            vec!["index", "--index", index],
            vec!["index", "--rebuild", "--index", index],
        ] {
            let run = ws.run(&args);
            assert_one_line_error(&run, index);
            assert!(run.stderr.contains("corpus folder"), "{run:?}");
        }
    }
    assert!(ws.corpus().join(HASH_NAMED).is_file());
    assert!(!ws.corpus().join("meta.json").exists());
    assert!(!ws.corpus().join("sub").exists());
}

#[test]
fn p01_a_folder_of_other_files_is_not_taken_over() {
    let ws = with_good_file();
    let other = ws.path().join("photos");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join(HASH_NAMED), "photo").unwrap();
    let run = ws.run(&["index", "--rebuild", "--index", "photos"]);
    assert_one_line_error(&run, "foreign folder");
    assert!(run.stderr.contains(".quarry-index"), "{run:?}");
    assert_eq!(std::fs::read_dir(&other).unwrap().count(), 1);
    // A damaged index in a folder quarry did not create: no advice to
    // run the destructive command.
    std::fs::write(other.join("meta.json"), "{ not json").unwrap();
    let run = ws.run(&["search", "--no-refresh", "--index", "photos", "x"]);
    assert_one_line_error(&run, "foreign damaged");
    assert!(run.stderr.contains("damaged"), "{run:?}");
    assert!(!run.stderr.contains("--rebuild"), "{run:?}");
    assert!(other.join(HASH_NAMED).is_file());
}

// ---------------------------------------------------------------------------
// 2. Symbolic links leaked files from outside the corpus
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn p02_links_outside_the_corpus_are_not_followed() {
    use std::os::unix::fs::symlink;
    let ws = with_good_file();
    let private = ws.path().join("private");
    std::fs::create_dir(&private).unwrap();
    std::fs::write(
        private.join("secret.txt"),
        "Secret\n\nThe quokkasecret password list lives here and nowhere else.\n",
    )
    .unwrap();
    ws.write(
        "notes/inside.txt",
        "Inside\n\nA wombatinside note that a link points at.\n",
    );
    symlink(private.join("secret.txt"), ws.corpus().join("secret.txt")).unwrap();
    symlink(&private, ws.corpus().join("private")).unwrap();
    symlink("..", ws.corpus().join("up")).unwrap();
    symlink("/proc/self/environ", ws.corpus().join("env.txt")).unwrap();
    symlink("notes/inside.txt", ws.corpus().join("alias.txt")).unwrap();
    let run = ws.run(&["index"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("--follow-outside"), "{run:?}");
    let run = ws.run(&["search", "--json", "quokkasecret"]);
    assert_eq!(
        run.code, 1,
        "a file outside the corpus was indexed: {run:?}"
    );
    let run = ws.run(&["search", "--json", "PATH"]);
    assert!(
        run.json().iter().all(|h| s(h, "/doc/path") != "env.txt"),
        "{run:?}"
    );
    // A link inside the corpus is still followed.
    let paths: Vec<String> = ws
        .search_json(&["wombatinside"])
        .iter()
        .map(|h| s(h, "/doc/path").to_string())
        .collect();
    assert!(paths.contains(&"alias.txt".to_string()), "{paths:?}");
    assert!(paths.iter().all(|p| !p.starts_with("up/")), "{paths:?}");
    // Asked to, quarry follows them; /proc is never read.
    let run = ws.run(&["index", "--follow-outside"]);
    assert_eq!(run.code, 0, "{run:?}");
    let found = ws.search_json(&["--follow-outside", "quokkasecret"]);
    assert!(
        found.iter().any(|h| s(h, "/doc/path") == "secret.txt"),
        "{found:?}"
    );
    let run = ws.run(&["search", "--json", "--follow-outside", "PATH"]);
    assert!(
        run.json().iter().all(|h| s(h, "/doc/path") != "env.txt"),
        "{run:?}"
    );
}

// ---------------------------------------------------------------------------
// 3. One crafted HTML page stopped everything
// ---------------------------------------------------------------------------

#[test]
fn p03_html_tag_with_ten_thousand_attributes() {
    let ws = with_good_file();
    let attrs: String = (0..10_000).map(|i| format!(" data-a{i}=\"v\"")).collect();
    ws.write(
        "page.html",
        format!("<html><body><p{attrs}>The okapiword paragraph survives.</p></body></html>"),
    );
    // Deep nesting in Markdown too.
    ws.write(
        "deep.md",
        format!("{}okapideep quoted words\n", "> ".repeat(20_000)),
    );
    let run = ws.run(&["index"]);
    assert_eq!(run.code, 0, "{run:?}");
    good_word_found(&ws, &[]);
    let found = ws.search_json(&["okapiword"]);
    assert!(
        found.iter().any(|h| s(h, "/doc/path") == "page.html"),
        "{found:?}"
    );
}

// ---------------------------------------------------------------------------
// 4. Query nesting overflowed the stack
// ---------------------------------------------------------------------------

#[test]
fn p04_deep_query_nesting_is_a_clear_error() {
    let ws = with_good_file();
    assert_eq!(ws.run(&["index"]).code, 0);
    let parens = format!("{}{GOOD_WORD}{}", "(".repeat(3000), ")".repeat(3000));
    let nots = format!("{}{GOOD_WORD}", "NOT ".repeat(6000));
    for query in [&parens, &nots] {
        for cmd in ["search", "cite"] {
            let run = ws.run(&[cmd, query]);
            assert_one_line_error(&run, cmd);
            assert!(run.stderr.contains("nests deeper than 64"), "{run:?}");
        }
    }
    // Nesting within the limit still searches.
    let ok = format!("{}{GOOD_WORD}{}", "(".repeat(30), ")".repeat(30));
    assert!(!ws.search_json(&[&ok]).is_empty());
    // In a batch, the deep query is skipped and the others answered.
    let deep = format!("{}{GOOD_WORD}{}", "(".repeat(900), ")".repeat(900));
    let batch = ws.path().join("queries.txt");
    std::fs::write(&batch, format!("{GOOD_WORD}\n{deep}\n{GOOD_WORD} fin\n")).unwrap();
    let run = ws.run(&["search", "--batch", "queries.txt", "--threads", "2"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("panicked"), "{run:?}");
    assert!(run.stderr.contains("queries.txt:2:"), "{run:?}");
    let ids: Vec<String> = run
        .json()
        .iter()
        .map(|h| s(h, "/query_id").to_string())
        .collect();
    assert!(
        ids.contains(&"1".to_string()) && ids.contains(&"3".to_string()),
        "{ids:?}"
    );
}

// ---------------------------------------------------------------------------
// 5. Huge limits panicked or aborted
// ---------------------------------------------------------------------------

#[test]
fn p05_huge_limits_are_clamped() {
    let ws = with_good_file();
    assert_eq!(ws.run(&["index"]).code, 0);
    for n in ["18446744073709551615", "4294967296"] {
        let hits = ws.search_json(&["-n", n, GOOD_WORD]);
        assert_eq!(hits.len(), 1, "{hits:?}");
        let run = ws.run(&["cite", "-n", n, GOOD_WORD]);
        assert_eq!(run.code, 0, "{run:?}");
        let run = ws.run(&["figures", "-n", n, "--all"]);
        assert!(run.code <= 1, "{run:?}");
    }
    let dataset = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/beir-tiny");
    let cache = ws.path().join("cache");
    let run = ws.run(&[
        "eval",
        dataset.to_str().unwrap(),
        "--cache",
        cache.to_str().unwrap(),
        "--depth",
        "18446744073709551615",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("nDCG@10"), "{run:?}");
}

// ---------------------------------------------------------------------------
// 17. Terminal spoofing
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn p17_control_characters_are_escaped_in_human_output() {
    let ws = Workspace::new();
    ws.write(
        "esc.txt",
        "Title \u{1b}[2J\u{1b}[31mred\n\nThe capybara text has \u{1b}]0;owned\u{7} an escape and \u{9b}31m a C1 one.\n",
    );
    ws.write(
        "catalog.toml",
        "[[document]]\nfile = \"meta.txt\"\ntitle = \"Catalog \\u001b[5mtitle\"\nauthor = \"Evil \\u001b[31mAuthor\"\n",
    );
    ws.write(
        "meta.txt",
        "Meta\n\nThe capybara catalog document is here.\n",
    );
    ws.write(
        "a\nquarry forged line.txt",
        "Forged\n\nThe capybara file with a newline in its name.\n",
    );
    assert_eq!(ws.run(&["index"]).code, 0);
    for args in [
        vec!["search", "--color", "never", "capybara"],
        vec!["search", "--color", "always", "capybara"],
        vec!["cite", "-n", "5", "capybara"],
        vec!["cite", "-n", "5", "--style", "bibtex", "capybara"],
        vec!["cite", "-n", "5", "--style", "markdown", "capybara"],
        vec!["figures", "--all"],
    ] {
        let run = ws.run(&args);
        assert!(run.code <= 1, "{args:?}: {run:?}");
        let colour = args.contains(&"always");
        for line in run.stdout.lines() {
            let mut rest = line.to_string();
            if colour {
                for code in [
                    "\u{1b}[1m",
                    "\u{1b}[2m",
                    "\u{1b}[35m",
                    "\u{1b}[32m",
                    "\u{1b}[1;31m",
                    "\u{1b}[0m",
                ] {
                    rest = rest.replace(code, "");
                }
            }
            assert!(
                !rest.chars().any(|c| c.is_control()),
                "{args:?}: raw control character in {line:?}"
            );
        }
        assert!(
            !run.stdout
                .lines()
                .any(|l| l.starts_with("quarry forged line")),
            "{args:?}: {}",
            run.stdout
        );
    }
    let run = ws.run(&["search", "capybara"]);
    assert!(
        run.stdout.contains("Catalog \\x1b[5mtitle"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("a\\nquarry forged line.txt"),
        "{}",
        run.stdout
    );
    // JSON output is escaped by serde and keeps the exact text.
    let hits = ws.search_json(&["-n", "10", "capybara"]);
    assert!(
        hits.iter()
            .any(|h| s(h, "/doc/path") == "a\nquarry forged line.txt")
    );
    let run = ws.run(&["search", "--json", "capybara"]);
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
}

// ---------------------------------------------------------------------------
// 11. Text that could never be found
// ---------------------------------------------------------------------------

/// The words of `source` (runs of non-space characters, as the splitter
/// sees them) that are in no passage's byte range, no section and not the
/// title; and the passages whose text differs from their source range
/// beyond white space.
fn lost_words_and_bad_texts(source: &str) -> (Vec<String>, Vec<String>) {
    use quarry::passage::PassageKind;
    use quarry::text::{is_space, normalize};
    let split = quarry::passage::split(source);
    let mut covered = vec![false; source.len() + 1];
    let mut named = std::collections::HashSet::new();
    let mut add_words = |text: &str| {
        for w in text.split(is_space).filter(|w| !w.is_empty()) {
            named.insert(w.to_string());
        }
    };
    if let Some(t) = &split.title_line {
        add_words(t);
    }
    let mut bad = Vec::new();
    let mut checks = Vec::new();
    for p in &split.passages {
        if let Some(sec) = &p.section {
            add_words(sec);
        }
        let (a, b) = p.bytes;
        covered[a..b].iter_mut().for_each(|c| *c = true);
        let src = normalize(source.get(a..b).unwrap_or_default());
        let text = normalize(&p.text);
        let same = match p.kind {
            // A table chunk after the first repeats the header row.
            PassageKind::Table => text.ends_with(&src),
            _ => text == src,
        };
        if !same {
            checks.push((text, src));
        }
    }
    // A small passage joined to a neighbour across a heading spans the
    // heading's line: its text is the range without the heading's words.
    for (text, src) in checks {
        let mut src_words = src.split(' ');
        let fits = text.split(' ').all(|w| {
            src_words
                .by_ref()
                .find(|s| *s == w || !named.contains(*s))
                .is_some_and(|s| s == w)
        });
        if !fits {
            bad.push(format!("{text:?} != {src:?}"));
        }
    }
    let mut lost = Vec::new();
    let mut start = None;
    for (i, c) in source
        .char_indices()
        .chain(std::iter::once((source.len(), ' ')))
    {
        if is_space(c) {
            if let Some(s) = start.take() {
                let word = &source[s..i];
                if !covered[s..i].iter().all(|&c| c) && !named.contains(word) {
                    lost.push(word.to_string());
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    (lost, bad)
}

#[test]
fn p11_short_unterminated_lines_are_searchable() {
    let ws = Workspace::new();
    ws.write(
        "labour.txt",
        "Labour history\n\n\
         The party won many seats in the general election that year across the country.\n\n\
         Below is the candidate list for the Labour Party for the 2009 election\n\n\
         Elected members are in bold\n\n\
         The results were announced on the following day by the electoral commission.\n\n\
         Closing remarks\n\nSee also\n",
    );
    assert_eq!(ws.run(&["index"]).code, 0);
    for word in ["candidate", "bold", "remarks", "See"] {
        let run = ws.run(&["search", "-c", word]);
        assert_eq!(run.code, 0, "{word}: {run:?}");
        assert_ne!(run.stdout.trim(), "0", "{word}: {run:?}");
    }
    let source = std::fs::read_to_string(ws.corpus().join("labour.txt")).unwrap();
    let (lost, bad) = lost_words_and_bad_texts(&source);
    assert!(lost.is_empty(), "{lost:?}");
    assert!(bad.is_empty(), "{bad:?}");
    let (lost, bad) = lost_words_and_bad_texts(
        "Results\n\nThe votes were counted in 2009.There was a recount. It took a day.\n",
    );
    assert!(lost.is_empty() && bad.is_empty(), "{lost:?} {bad:?}");
}

#[test]
fn p11_every_word_of_the_real_corpora_is_in_a_passage() {
    let mut docs: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(util::shipped_corpus()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            docs.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
    let wiki = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/wiki");
    match std::fs::read_dir(&wiki) {
        Ok(entries) => {
            for entry in entries.flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                // The first 2,500 articles of each file: a spread of
                // shapes, in a few seconds.
                for line in text.lines().take(2500) {
                    let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                        continue;
                    };
                    let body = format!("{}\n\n{}\n", s(&v, "/title"), s(&v, "/text"));
                    docs.push((format!("wiki {}", s(&v, "/id")), body));
                }
            }
        }
        Err(_) => eprintln!("skipped the Wikipedia sample: no {}", wiki.display()),
    }
    let mut failures = Vec::new();
    for (name, source) in &docs {
        let (lost, bad) = lost_words_and_bad_texts(source);
        if !lost.is_empty() || !bad.is_empty() {
            failures.push(format!("{name}: lost {lost:?}; differing {bad:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} documents:\n{}",
        failures.len(),
        docs.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

mod generated {
    use proptest::prelude::*;

    /// A line of a generated document: a sentence, a short unterminated
    /// line, a heading-like line, a bullet, a glued sentence break, a blank.
    fn line() -> impl Strategy<Value = String> {
        let word = prop::sample::select(vec![
            "alpha", "Beta", "gamma", "Delta", "2009", "13.6%", "U.S.", "the", "of", "Labour", "x",
            "Élan", "naïve", "—", "(note)", "a:b", "e.g.",
        ]);
        let words = prop::collection::vec(word, 1..14).prop_map(|w| w.join(" "));
        prop_oneof![
            words.clone().prop_map(|w| format!("{w}.")),
            words.clone(),
            words.clone().prop_map(|w| format!("{w}.There {w}?")),
            words.clone().prop_map(|w| format!("- {w}")),
            words.prop_map(|w| format!("{w}:")),
            Just(String::new()),
            Just("   ".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn p11_every_generated_word_is_in_a_passage(
            lines in prop::collection::vec(line(), 0..40),
            crlf in any::<bool>(),
        ) {
            let source = lines.join(if crlf { "\r\n" } else { "\n" });
            let (lost, bad) = super::lost_words_and_bad_texts(&source);
            prop_assert!(lost.is_empty(), "lost {:?} in {:?}", lost, source);
            prop_assert!(bad.is_empty(), "differing {:?} in {:?}", bad, source);
        }
    }
}
