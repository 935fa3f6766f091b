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

#[test]
fn p01_a_folder_kept_by_a_placeholder_is_used_and_the_placeholder_kept() {
    // The repository ships `index/` holding only a README (git keeps no
    // empty folder); such a folder is taken as empty, and a rebuild never
    // deletes the placeholder.
    let ws = with_good_file();
    let kept = ws.path().join("kept");
    std::fs::create_dir(&kept).unwrap();
    std::fs::write(kept.join("README.md"), "# kept\n").unwrap();
    std::fs::write(kept.join(".gitkeep"), "").unwrap();
    let run = ws.run(&["index", "--index", "kept"]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = ws.run(&["index", "--rebuild", "--index", "kept"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(kept.join("README.md").is_file());
    assert!(kept.join(".gitkeep").is_file());
    // Anything else still makes the folder foreign.
    let other = ws.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("README.md"), "# other\n").unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let run = ws.run(&["index", "--index", "other"]);
    assert_one_line_error(&run, "folder with a placeholder and a file");
    assert!(other.join("notes.txt").is_file());
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
        .search_json(&["--no-collapse", "wombatinside"])
        .iter()
        .map(|h| s(h, "/doc/path").to_string())
        .collect();
    assert!(paths.contains(&"alias.txt".to_string()), "{paths:?}");
    assert!(paths.iter().all(|p| !p.starts_with("up/")), "{paths:?}");
    // Asked to, quarry follows them; /proc is never read.
    let run = ws.run(&["index", "--follow-outside"]);
    assert_eq!(run.code, 0, "{run:?}");
    let found = ws.search_json(&["--follow-outside", "--no-collapse", "quokkasecret"]);
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
                    "\u{1b}[31m",
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

// ---------------------------------------------------------------------------
// Helpers for the index-state problems
// ---------------------------------------------------------------------------

/// Runs `quarry ARGS` in the workspace, killing it (and failing) if it runs
/// longer than `secs`: a hang guard, not a timing assertion.
fn run_guarded(ws: &Workspace, args: &[&str], secs: u64) -> Run {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let started = std::time::Instant::now();
    let mut child = Command::new(util::bin())
        .args(args)
        .current_dir(ws.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("quarry starts");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed().as_secs() > secs {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "quarry {:?} hung: killed after {secs}s",
                &args[..args.len().min(3)]
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    eprintln!(
        "quarry {:?} took {:.2}s",
        &args[..args.len().min(2)],
        started.elapsed().as_secs_f64()
    );
    Run {
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

/// Sets the modification time of every corpus file `secs` seconds from now
/// (negative: in the past).
fn shift_mtimes(ws: &Workspace, secs: i64) {
    let now = std::time::SystemTime::now();
    let when = if secs >= 0 {
        now + std::time::Duration::from_secs(secs as u64)
    } else {
        now - std::time::Duration::from_secs(secs.unsigned_abs())
    };
    for entry in std::fs::read_dir(ws.corpus()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let f = std::fs::File::options().write(true).open(&path).unwrap();
            f.set_modified(when).unwrap();
        }
    }
}

fn index_options(ws: &Workspace) -> quarry::index::IndexOptions {
    quarry::index::IndexOptions {
        corpus: ws.corpus(),
        index: ws.index(),
        rebuild: false,
        walk: Default::default(),
    }
}

// ---------------------------------------------------------------------------
// 6. Corrupted segment files panicked
// ---------------------------------------------------------------------------

#[test]
fn p06_corrupted_segment_files_are_reported_as_damaged() {
    let ws = Workspace::shipped();
    assert_eq!(ws.run(&["index"]).code, 0);
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(ws.index())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["term", "fieldnorm", "idx", "pos", "store", "fast"].contains(&e))
        })
        .collect();
    assert!(!files.is_empty());
    let mut runs = 0;
    for file in &files {
        let original = std::fs::read(file).unwrap();
        for k in 0..12 {
            let mut bytes = original.clone();
            let at = (bytes.len() * k / 12).min(bytes.len().saturating_sub(1));
            for b in bytes.iter_mut().skip(at).take(8) {
                *b ^= 0xA5;
            }
            std::fs::write(file, &bytes).unwrap();
            for query in ["Liaoning", "trade AND port*", "\"northeast asia\""] {
                let run = run_guarded(&ws, &["search", "--no-refresh", "--json", query], 60);
                runs += 1;
                assert!(!run.stderr.contains("panicked"), "{file:?}@{at}: {run:?}");
                match run.code {
                    0 | 1 => {}
                    2 => {
                        assert_one_line_error(&run, "corrupted");
                        assert!(run.stderr.contains("damaged"), "{run:?}");
                    }
                    _ => panic!("{file:?}@{at}: {run:?}"),
                }
            }
        }
        std::fs::write(file, &original).unwrap();
    }
    eprintln!("{runs} searches over corrupted files");
}

// ---------------------------------------------------------------------------
// 7. A file could change type between the walk and the read
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn p07_special_files_are_refused_on_the_opened_handle() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("x.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let mut cases = vec![std::path::PathBuf::from("/dev/zero")];
    if made.is_ok_and(|s| s.success()) {
        cases.push(fifo);
    }
    if Path::new("/proc/self/environ").exists() {
        cases.push("/proc/self/environ".into());
    }
    for path in cases {
        // As the walk saw it: a small regular file.
        let file = quarry::ingest::SourceFile {
            rel_path: "x.txt".into(),
            abs_path: path.clone(),
            size: 10,
            mtime_ns: 0,
        };
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(quarry::ingest::read(&file).map(|c| c.decoded.map(|d| d.text.len())));
        });
        let result = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("reading {path:?} hung"));
        assert!(result.is_err(), "{path:?} was read: {result:?}");
    }
    // A regular file that grows after the walk is read up to its size
    // when opened, plus a margin, never without bound.
    let grown = dir.path().join("grown.txt");
    std::fs::write(&grown, "some words here").unwrap();
    let file = quarry::ingest::SourceFile {
        rel_path: "grown.txt".into(),
        abs_path: grown,
        size: 4,
        mtime_ns: 0,
    };
    let read = quarry::ingest::read(&file).expect("regular file reads");
    assert_eq!(
        read.decoded.map(|d| d.text).as_deref(),
        Some("some words here")
    );
}

// ---------------------------------------------------------------------------
// 8. A search broke a running indexer
// ---------------------------------------------------------------------------

#[test]
fn p08_searches_never_rename_the_manifest() {
    let ws = with_good_file();
    shift_mtimes(&ws, -3600);
    assert_eq!(ws.run(&["index"]).code, 0);
    let manifest = ws.index().join("quarry-manifest.json");
    let first = std::fs::read(&manifest).unwrap();
    ws.write(
        "more.txt",
        "More\n\nThe axolotl tank was cleaned twice a week by the staff.\n",
    );
    shift_mtimes(&ws, -3000);
    assert_eq!(ws.run(&["index"]).code, 0);
    // As an indexer leaves it between its commit and its rename: the
    // commit names the pending manifest, the current one is the old.
    let second = std::fs::read(&manifest).unwrap();
    let pending = ws.index().join("quarry-manifest.json.next");
    std::fs::write(&pending, &second).unwrap();
    std::fs::write(&manifest, &first).unwrap();
    for _ in 0..3 {
        let found = ws.search_json(&["axolotl"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(pending.is_file(), "a search renamed the indexer's manifest");
        assert_eq!(std::fs::read(&manifest).unwrap(), first);
    }
    // The next indexer (holding the lock) finishes the rename.
    let run = ws.run(&["index"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("2 unchanged"), "{run:?}");
    assert!(!pending.exists());
    assert_eq!(std::fs::read(&manifest).unwrap(), second);
}

// ---------------------------------------------------------------------------
// 9. A read-only index could not be searched
// ---------------------------------------------------------------------------

/// Runs quarry as an unprivileged user when the tests run as root (root
/// ignores permissions), or `None` when that is impossible.
#[cfg(unix)]
fn run_unprivileged(ws: &Workspace, args: &[&str]) -> Option<Run> {
    use std::os::unix::fs::PermissionsExt;
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let mut cmd = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        c.arg(util::bin());
        c
    } else {
        std::process::Command::new(util::bin())
    };
    // Everyone may enter the workspace and read the corpus.
    std::fs::set_permissions(ws.path(), std::fs::Permissions::from_mode(0o755)).ok()?;
    let out = cmd
        .args(args)
        .current_dir(ws.path())
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    (run.code != 127 && !run.stderr.contains("setpriv:")).then_some(run)
}

#[cfg(unix)]
#[test]
fn p09_read_only_index_is_searched_without_refresh() {
    use std::os::unix::fs::PermissionsExt;
    let ws = with_good_file();
    assert_eq!(ws.run(&["index"]).code, 0);
    ws.write(
        "later.txt",
        "Later\n\nThe narwhal report came after the index was built.\n",
    );
    for entry in std::fs::read_dir(ws.index()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    std::fs::set_permissions(ws.index(), std::fs::Permissions::from_mode(0o555)).unwrap();
    for entry in std::fs::read_dir(ws.corpus()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    std::fs::set_permissions(ws.corpus(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let Some(run) = run_unprivileged(&ws, &["search", "--json", GOOD_WORD]) else {
        eprintln!("skipped: cannot run quarry without privileges here");
        return;
    };
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("damaged"), "{run:?}");
    assert!(!run.stderr.contains("--rebuild"), "{run:?}");
    assert!(run.stderr.contains("read-only"), "{run:?}");
    assert_eq!(run.stderr.lines().count(), 1, "{run:?}");
    assert!(run.json().iter().any(|h| s(h, "/doc/path") == "good.txt"));
    let run = run_unprivileged(&ws, &["index"]).expect("ran before");
    assert_one_line_error(&run, "index on read-only");
    assert!(run.stderr.contains("read-only"), "{run:?}");
    assert!(!run.stderr.contains("another process"), "{run:?}");
    std::fs::set_permissions(ws.index(), std::fs::Permissions::from_mode(0o755)).unwrap();
}

// ---------------------------------------------------------------------------
// 10. Quadratic query time
// ---------------------------------------------------------------------------

#[test]
fn p10_long_figure_queries_finish() {
    let ws = with_good_file();
    ws.write(
        "pct.txt",
        "Rates\n\nThe rate rose by 1% and then by 13.6% in the year.\n",
    );
    assert_eq!(ws.run(&["index"]).code, 0);
    // 1 MB of figures (22 s before the fix); the guard only catches a hang.
    let query = "1% ".repeat(350_000);
    let batch = ws.path().join("big.txt");
    std::fs::write(&batch, format!("{query}\n")).unwrap();
    let run = run_guarded(&ws, &["search", "--no-refresh", "--batch", "big.txt"], 120);
    assert!(run.code <= 1, "{run:?}");
    let query = format!("\"{}\" 1%", "1% \" ".repeat(100_000));
    std::fs::write(&batch, format!("{query}\n")).unwrap();
    let run = run_guarded(&ws, &["search", "--no-refresh", "--batch", "big.txt"], 120);
    assert!(run.code <= 1, "{run:?}");
}

// ---------------------------------------------------------------------------
// 12. File names that are not UTF-8 collided
// ---------------------------------------------------------------------------

#[cfg(target_os = "linux")]
#[test]
fn p12_non_utf8_file_names_do_not_collide() {
    use std::os::unix::ffi::OsStrExt;
    let ws = with_good_file();
    let e9 = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    let e8 = std::ffi::OsStr::from_bytes(b"caf\xe8.txt");
    std::fs::write(
        ws.corpus().join(e9),
        "Cafe\n\nThe espresso machine hissed loudly.\n",
    )
    .unwrap();
    std::fs::write(
        ws.corpus().join(e8),
        "Cafe\n\nThe croissant basket was empty.\n",
    )
    .unwrap();
    let run = ws.run(&["index"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("3 added"), "{run:?}");
    let a = ws.search_json(&["espresso"]);
    let b = ws.search_json(&["croissant"]);
    assert_eq!(s(&a[0], "/doc/path"), "caf\\xe9.txt");
    assert_eq!(s(&b[0], "/doc/path"), "caf\\xe8.txt");
    // Nothing is re-indexed by the next run, and cite reads the file back.
    let run = ws.run(&["index"]);
    assert!(run.stderr.contains("3 unchanged"), "{run:?}");
    let run = ws.run(&["cite", "croissant"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("croissant"), "{run:?}");
}

// ---------------------------------------------------------------------------
// 13. Files dated in the future were re-read by every search
// ---------------------------------------------------------------------------

/// `quarry::index::update` called in this test process. The writer lock
/// is an `flock`: a child that another test thread forks at the moment the
/// lock is held shares it until that child execs, so a second update right
/// after the first may briefly find it taken. Only a test process that
/// forks from many threads sees this; the binary does not.
fn update_in_process(opts: &quarry::index::IndexOptions) -> quarry::index::IndexSummary {
    let started = std::time::Instant::now();
    loop {
        match quarry::index::update(opts) {
            Err(quarry::Error::Locked(_)) if started.elapsed().as_secs() < 30 => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other.expect("index"),
        }
    }
}

#[test]
fn p13_future_dated_files_are_not_reread() {
    let ws = with_good_file();
    ws.write(
        "later.txt",
        "Later\n\nThe narwhal report was dated in the future.\n",
    );
    shift_mtimes(&ws, 10 * 365 * 24 * 3600);
    let opts = index_options(&ws);
    let first = update_in_process(&opts);
    assert_eq!(first.added, 2);
    assert_eq!(
        quarry::index::freshness(&opts).expect("freshness"),
        quarry::index::Freshness::Fresh
    );
    let again = update_in_process(&opts);
    assert_eq!((again.unchanged, again.bytes_indexed), (2, 0), "{again:?}");
}

// ---------------------------------------------------------------------------
// 14. During the first build, a search said nothing was found
// ---------------------------------------------------------------------------

#[test]
fn p14_search_during_the_first_build_says_so() {
    let ws = with_good_file();
    // As the first `quarry index` leaves it while it runs: an empty
    // commit, no manifest yet, and the writer lock held.
    quarry::index::schema::create(&ws.index()).expect("create");
    let lock = std::fs::File::options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(ws.index().join(".tantivy-writer.lock"))
        .unwrap();
    lock.lock().unwrap();
    let run = ws.run(&["search", GOOD_WORD]);
    assert_one_line_error(&run, "first build");
    assert!(run.stderr.contains("being built"), "{run:?}");
    drop(lock);
    good_word_found(&ws, &[]);
}

// ---------------------------------------------------------------------------
// 15. Disk full
// ---------------------------------------------------------------------------

#[test]
fn p15_disk_full_errors_mention_space() {
    let e = quarry::Error::io("index/x.term", std::io::Error::from_raw_os_error(28));
    assert!(e.to_string().contains("no space left"), "{e}");
}

#[test]
fn p15_a_failed_runs_files_are_cleaned_by_the_next_run() {
    let ws = with_good_file();
    assert_eq!(ws.run(&["index"]).code, 0);
    // What a run that failed (a full disk) leaves: files tantivy registered
    // in `.managed.json` that no commit uses.
    let managed = ws.index().join(".managed.json");
    let mut names: Vec<String> = serde_json::from_slice(&std::fs::read(&managed).unwrap()).unwrap();
    let partial = "feedfacefeedfacefeedfacefeedface";
    for ext in ["term", "idx", "store"] {
        let name = format!("{partial}.{ext}");
        std::fs::write(ws.index().join(&name), vec![0u8; 100_000]).unwrap();
        names.push(name);
    }
    std::fs::write(&managed, serde_json::to_vec(&names).unwrap()).unwrap();
    // And a file of the user's that merely looks like one.
    let lookalike = "0123456789abcdef0123456789abcdef.term";
    std::fs::write(ws.index().join(lookalike), "mine").unwrap();
    let run = ws.run(&["index"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("1 unchanged"), "{run:?}");
    for ext in ["term", "idx", "store"] {
        assert!(!ws.index().join(format!("{partial}.{ext}")).exists());
    }
    assert!(ws.index().join(lookalike).is_file());
    good_word_found(&ws, &["--no-refresh"]);
}

#[cfg(target_os = "linux")]
#[test]
fn p15_disk_full_through_the_binary() {
    // A small file system in a private mount namespace (needs root and
    // unshare); skipped elsewhere.
    let ws = with_good_file();
    let words: Vec<String> = (0..60_000).map(|i| format!("w{i:x}q")).collect();
    for k in 0..8 {
        ws.write(
            &format!("big{k}.txt"),
            format!("Big\n\n{}.\n", words[k * 7000..k * 7000 + 7000].join(" ")),
        );
    }
    let script = "mount -t tmpfs -o size=600k tmpfs \"$1\" || exit 99; \
         \"$2\" index --corpus corpus --index \"$1/index\" 2>&1; echo \"rc=$?\"; \
         mount -o remount,size=200m \"$1\" || exit 99; \
         \"$2\" index --corpus corpus --index \"$1/index\" 2>&1; echo \"rc=$?\"; \
         \"$2\" index --corpus corpus --index \"$1/index\" 2>&1; echo \"rc=$?\"; \
         ls -a \"$1/index\"; echo @@MANAGED; cat \"$1/index/.managed.json\"; \
         echo; echo @@META; cat \"$1/index/meta.json\"";
    let mnt = ws.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let out = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", script, "sh"])
        .arg(&mnt)
        .arg(util::bin())
        .current_dir(ws.path())
        .output();
    let Ok(out) = out else {
        eprintln!("skipped: no unshare");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.code() == Some(99) || !text.contains("rc=") {
        eprintln!("skipped: cannot mount a small file system here");
        return;
    }
    let mut parts = text.split("rc=");
    let first = parts.next().unwrap_or_default();
    assert!(first.contains("no space left"), "{text}");
    assert!(!first.contains("panicked"), "{text}");
    assert!(text.contains("rc=2"), "{text}");
    assert!(text.matches("rc=0").count() == 2, "{text}");
    // Every file tantivy registered and no commit uses is gone; a file it
    // never registered (a write cut short before) cannot be proved its own
    // and is reported, not deleted.
    let (listing, rest) = text.split_once("@@MANAGED").unwrap_or((&text, ""));
    let (managed, meta) = rest.split_once("@@META").unwrap_or((rest, ""));
    let meta = meta.replace('-', "");
    let listing = listing.rsplit("rc=").next().unwrap_or_default();
    for name in listing.lines().map(str::trim) {
        let Some((stem, _)) = name.split_once('.') else {
            continue;
        };
        if stem.len() != 32 || meta.contains(stem) {
            continue;
        }
        assert!(
            !managed.contains(name),
            "a registered leftover was kept: {name}: {text}"
        );
        eprintln!("unregistered leftover kept: {name}");
    }
}

// ---------------------------------------------------------------------------
// 16. An emptied segment list in meta.json went unnoticed
// ---------------------------------------------------------------------------

#[test]
fn p16_emptied_segment_list_is_detected_and_rebuilt() {
    let ws = Workspace::shipped();
    assert_eq!(ws.run(&["index"]).code, 0);
    let meta_path = ws.index().join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&meta_path).unwrap()).unwrap();
    meta["segments"] = serde_json::json!([]);
    std::fs::write(&meta_path, serde_json::to_vec(&meta).unwrap()).unwrap();
    let run = ws.run(&["index"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains(" 0 added"), "{run:?}");
    assert!(run.stderr.contains("manifest lists"), "{run:?}");
    assert!(!ws.search_json(&["--no-refresh", "Liaoning"]).is_empty());
    // A search notices too, and refreshes.
    std::fs::write(&meta_path, serde_json::to_vec(&meta).unwrap()).unwrap();
    assert!(!ws.search_json(&["Liaoning"]).is_empty());
}
