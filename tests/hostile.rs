//! Hostile inputs (issue 4): odd files in the corpus and odd queries must
//! not panic, hang, or stop the rest of the corpus from being indexed.
//!
//! Every corpus is generated here in a temp folder; nothing large is
//! committed. Each run of the binary has a hang guard: it is killed and the
//! test fails if it takes longer than [`LIMIT`] (or [`BIG_LIMIT`] for the
//! big inputs). Timings are printed, never asserted.

mod util;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;
use util::{Run, Workspace, pair, s};

/// Longest a run over a small corpus or a query may take before it counts
/// as hung.
const LIMIT: Duration = Duration::from_secs(20);
/// Longest a run over one of the big generated files may take.
const BIG_LIMIT: Duration = Duration::from_secs(300);

/// A word that occurs only in the good file of every corpus.
const GOOD_WORD: &str = "zebrafish";
/// The good file every corpus holds next to the hostile one.
const GOOD_TEXT: &str = "Zebrafish regeneration\n\n\
    The zebrafish laboratory in Dalian published careful results on fin \
    regeneration, measured over many weeks with controls for temperature.\n";

/// Runs `quarry ARGS` in `dir`, killing it and failing the test if it runs
/// longer than `limit`. Returns the run and its wall time.
fn run_limited(dir: &Path, args: &[&str], limit: Duration) -> (Run, Duration) {
    let started = Instant::now();
    let mut child = Command::new(util::bin())
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("quarry starts");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let stderr = err.join().unwrap_or_default();
            panic!("quarry {args:?} hung: killed after {limit:?}\nstderr: {stderr}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    };
    (run, elapsed)
}

/// Asserts that a run ended as quarry promises: no panic, and exit 0 or 1,
/// or exit 2 with a one-line `quarry: …` error as the last line of stderr.
fn assert_orderly(run: &Run, what: &str) {
    assert!(!run.stderr.contains("panicked"), "{what}: panicked\n{run}");
    match run.code {
        0 | 1 => {}
        2 => {
            let last = run.stderr.lines().last().unwrap_or_default();
            assert!(
                last.starts_with("quarry: ") && !last.starts_with("quarry: warning"),
                "{what}: exit 2 without a one-line error\n{run}"
            );
        }
        other => panic!("{what}: exit {other}\n{run}"),
    }
    for line in run.stderr.lines() {
        assert!(
            line.starts_with("quarry: "),
            "{what}: stray stderr line {line:?}\n{run}"
        );
    }
}

/// A workspace holding the good file plus whatever `setup` adds.
fn corpus_with(setup: impl FnOnce(&Workspace)) -> Workspace {
    let ws = Workspace::new();
    ws.write("good.txt", GOOD_TEXT);
    setup(&ws);
    ws
}

/// `quarry index`, which must succeed; returns its stderr.
fn index(ws: &Workspace) -> String {
    index_within(ws, LIMIT).0
}

fn index_within(ws: &Workspace, limit: Duration) -> (String, Duration) {
    let (run, took) = run_limited(ws.path(), &["index"], limit);
    assert_orderly(&run, "index");
    assert_eq!(run.code, 0, "index failed: {run}");
    (run.stderr, took)
}

/// `quarry search --json QUERY` (no refresh, every copy of a passage its
/// own hit), which must find something.
fn hits(ws: &Workspace, query: &str) -> Vec<Value> {
    let (run, _) = run_limited(
        ws.path(),
        &[
            "search",
            "--json",
            "--no-refresh",
            "--no-collapse",
            "-n",
            "50",
            "--",
            query,
        ],
        LIMIT,
    );
    assert_orderly(&run, query);
    assert_eq!(run.code, 0, "no hit for {query:?}: {run}");
    run.json()
}

/// Asserts that the good file is still indexed and searchable.
fn good_file_is_searchable(ws: &Workspace) {
    let found = hits(ws, GOOD_WORD);
    assert!(
        found.iter().any(|h| s(h, "/doc/path") == "good.txt"),
        "{found:?}"
    );
}

/// Paths of the indexed documents, from the manifest.
fn indexed_paths(ws: &Workspace) -> Vec<String> {
    let raw = std::fs::read(ws.index().join("quarry-manifest.json")).expect("manifest");
    let manifest: Value = serde_json::from_slice(&raw).expect("manifest JSON");
    manifest["files"]
        .as_object()
        .expect("files")
        .keys()
        .cloned()
        .collect()
}

/// 1-based line of the byte at `offset`, counting `\n`, `\r\n` and a lone
/// `\r` as line breaks, independently of the splitter.
fn line_of(source: &[u8], offset: usize) -> u64 {
    let mut line = 1;
    for (i, &b) in source[..offset].iter().enumerate() {
        if b == b'\n' || (b == b'\r' && source.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

/// A run for failure messages, with long output cut short.
impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cut = |s: &str| -> String {
            let head: String = s.chars().take(1500).collect();
            if head.len() < s.len() {
                format!("{head}… ({} bytes)", s.len())
            } else {
                head
            }
        };
        write!(
            f,
            "exit {}\nstdout: {}\nstderr: {}",
            self.code,
            cut(&self.stdout),
            cut(&self.stderr)
        )
    }
}

/// The first 80 characters of `s`, for failure messages.
fn short(s: &str) -> String {
    s.chars().take(80).collect()
}

/// Checks a hit's `bytes` and `lines` against its source file on disk.
fn check_location(ws: &Workspace, hit: &Value) {
    let source = std::fs::read(ws.corpus().join(s(hit, "/doc/path"))).expect("source");
    let (a, b) = pair(hit, "bytes");
    let (a, b) = (a as usize, b as usize);
    assert!(a < b && b <= source.len(), "{hit}");
    // Decoded the way quarry reads it: each invalid byte as `?`.
    let (decoded, _) = quarry::ingest::decode::decode_utf8(source.clone());
    let slice = decoded.get(a..b).expect("bytes on char boundaries");
    // Every word of the text occurs in the slice, in order (a word longer
    // than a passage is cut into pieces, so words are matched as substrings).
    let text = s(hit, "/text");
    let mut pos = 0;
    for w in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        match slice.get(pos..).and_then(|rest| rest.find(w)) {
            Some(i) => pos += i + w.len(),
            None => panic!(
                "word {:?} of the text is not in the source slice {}..{} ({:?}…)",
                short(w),
                a,
                b,
                short(slice)
            ),
        }
    }
    let (first, last) = pair(hit, "lines");
    assert_eq!(first, line_of(&source, a), "first line of {hit}");
    assert_eq!(last, line_of(&source, b - 1), "last line of {hit}");
}

// ---------------------------------------------------------------------------
// Hostile files
// ---------------------------------------------------------------------------

#[test]
fn invalid_utf8_warns_with_file_and_offset() {
    let ws = corpus_with(|ws| {
        let mut bytes = b"Latin one text: caf".to_vec();
        bytes.push(0xe9); // é in Latin-1, invalid in UTF-8
        bytes.extend_from_slice(
            b" au lait is served by the quayside merchants of Marseille daily.\n",
        );
        // Otherwise UTF-8 (more good multi-byte characters than bad bytes),
        // so it is damaged UTF-8, not a legacy encoding.
        bytes.extend_from_slice("Déjà vu: naïve prices in € and £.\n".as_bytes());
        ws.write("latin1.txt", bytes);
    });
    let stderr = index(&ws);
    assert!(
        stderr.contains("latin1.txt: invalid UTF-8 at byte 19"),
        "{stderr}"
    );
    good_file_is_searchable(&ws);
    let found = hits(&ws, "quayside");
    assert_eq!(s(&found[0], "/doc/path"), "latin1.txt");
    check_location(&ws, &found[0]);
}

#[test]
fn utf8_bom_is_skipped_and_offsets_count_it() {
    let ws = corpus_with(|ws| {
        ws.write(
            "bom.txt",
            "\u{feff}Harbour report\n\nThe harbour at Yingkou handled record \
             container volumes this spring, according to port officials.\n",
        );
    });
    index(&ws);
    good_file_is_searchable(&ws);
    let found = hits(&ws, "Yingkou");
    let hit = &found[0];
    assert_eq!(s(hit, "/doc/title"), "Harbour report", "{hit}");
    assert_eq!(s(hit, "/section"), "", "{hit}");
    check_location(&ws, hit);
    assert_eq!(pair(hit, "lines"), (3, 3), "{hit}");
}

/// A document with three paragraphs using `ending` as its line break.
fn three_paragraphs(ending: &str) -> String {
    [
        "Port statistics",
        "",
        "The first paragraph talks about cranes and berths along the northern",
        "quay, which were rebuilt after the storm of the previous winter.",
        "",
        "",
        "The second paragraph mentions the kelpfarm cooperative and its",
        "seaweed harvest, which doubled over two consecutive seasons.",
        "",
        "The third paragraph is about ferries to Yantai and their timetables,",
        "which change every October when the winter schedule begins.",
        "",
    ]
    .join(ending)
}

#[test]
fn crlf_and_lone_cr_line_numbers_match_the_source() {
    let ws = corpus_with(|ws| {
        ws.write("crlf.txt", three_paragraphs("\r\n"));
        ws.write("cr.txt", three_paragraphs("\r"));
        ws.write("lf.txt", three_paragraphs("\n"));
    });
    index(&ws);
    good_file_is_searchable(&ws);
    for (word, lines) in [("kelpfarm", (7, 8)), ("ferries", (10, 11))] {
        let found = hits(&ws, word);
        assert_eq!(found.len(), 3, "{found:?}");
        for hit in &found {
            check_location(&ws, hit);
            assert_eq!(pair(hit, "lines"), lines, "{hit}");
            assert!(!s(hit, "/text").contains('\r'), "{hit}");
        }
    }
}

#[test]
fn nul_bytes_are_spaces_and_the_words_around_them_index() {
    let ws = corpus_with(|ws| {
        // A NUL in the first 8 KiB makes a file binary (skipped); past
        // them, NULs read as spaces.
        let mut bytes = "Filler line of ordinary text.\n".repeat(300).into_bytes();
        bytes.extend_from_slice(
            b"Binary junk\0\0\0 before the text.\n\nThe warehouse\0inventory listed \
              seventeen crates of porcelain\0from Jingdezhen, all intact.\n\0\0\0\n",
        );
        ws.write("nul.txt", bytes);
        ws.write("early.txt", b"Binary junk\0\0\0 porcelain inventory\n");
    });
    let stderr = index(&ws);
    assert!(stderr.contains("early.txt (binary)"), "{stderr}");
    good_file_is_searchable(&ws);
    for word in ["porcelain", "Jingdezhen", "inventory"] {
        let found = hits(&ws, word);
        assert_eq!(s(&found[0], "/doc/path"), "nul.txt");
        assert!(!s(&found[0], "/text").contains('\0'), "{:?}", found[0]);
        check_location(&ws, &found[0]);
    }
}

#[test]
fn zero_byte_and_blank_files_index_as_empty_documents() {
    let ws = corpus_with(|ws| {
        ws.write("empty.txt", "");
        ws.write("blank.md", "\n\r\n \t\u{feff}\n");
        ws.write("empty.jsonl", "");
    });
    index(&ws);
    good_file_is_searchable(&ws);
    let paths = indexed_paths(&ws);
    assert!(paths.contains(&"empty.txt".to_string()), "{paths:?}");
}

#[test]
fn one_megabyte_single_word_does_not_stop_indexing() {
    let ws = corpus_with(|ws| {
        let mut word = "Mega".to_string();
        word.push_str(&"x".repeat(1 << 20));
        word.push_str(" tailword ends the file.");
        ws.write("word.txt", word);
    });
    let (_, took) = index_within(&ws, BIG_LIMIT);
    eprintln!("1 MB word: indexed in {took:?}");
    good_file_is_searchable(&ws);
    let found = hits(&ws, "tailword");
    assert_eq!(s(&found[0], "/doc/path"), "word.txt");
    check_location(&ws, &found[0]);
}

/// Writes `megabytes` of sentences on one line into `big.txt`.
fn write_single_line(ws: &Workspace, megabytes: usize) {
    let sentence = "The province expanded trade with Japan and Korea last year. ";
    let mut text = sentence.repeat(megabytes * 1024 * 1024 / sentence.len());
    text.push_str("The needle is a quetzalcoatl at the very end.");
    ws.write("big.txt", text);
}

fn single_line_file(megabytes: usize) {
    let ws = corpus_with(|ws| write_single_line(ws, megabytes));
    let (_, took) = index_within(&ws, BIG_LIMIT);
    eprintln!("{megabytes} MB single line: indexed in {took:?}");
    good_file_is_searchable(&ws);
    let found = hits(&ws, "quetzalcoatl");
    let hit = &found[0];
    assert_eq!(s(hit, "/doc/path"), "big.txt");
    assert_eq!(pair(hit, "lines"), (1, 1), "{hit}");
    check_location(&ws, hit);
}

/// 20 MB of sentences on one line (about 3 s to index in the debug build).
#[test]
fn large_single_line_file() {
    single_line_file(20);
}

/// The same with 200 MB. Measured on the 2-core dev machine, `quarry index`
/// took 20 s (quiet) to 44 s (loaded) in the debug build and 25–36 s in the
/// release build (about 15 s of CPU either way, 480 MB peak memory), which
/// is over the budget for a default test. Run it with
/// `cargo test --test hostile -- --ignored`.
#[test]
#[ignore]
fn large_single_line_file_200mb() {
    single_line_file(200);
}

#[test]
fn deeply_nested_folders_are_walked() {
    let depth = 200;
    let rel: String = (0..depth).map(|i| format!("d{i}/")).collect::<String>() + "deep.txt";
    let ws = corpus_with(|ws| {
        ws.write(
            &rel,
            "Deep in the folders lies a note about the abyssal trench survey \
             and its sonar readings from the research vessel.",
        );
    });
    index(&ws);
    good_file_is_searchable(&ws);
    let found = hits(&ws, "abyssal");
    assert_eq!(s(&found[0], "/doc/path"), rel);
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang() {
    let ws = corpus_with(|ws| {
        ws.write(
            "sub/inner.txt",
            "Inside the looped folder is a memo about the lighthouse keeper \
             and his logbook of passing ships.",
        );
        std::os::unix::fs::symlink("..", ws.corpus().join("sub/up")).expect("symlink");
        std::os::unix::fs::symlink(".", ws.corpus().join("self")).expect("symlink");
    });
    index(&ws);
    good_file_is_searchable(&ws);
    let found = hits(&ws, "lighthouse");
    assert!(
        found.iter().any(|h| s(h, "/doc/path") == "sub/inner.txt"),
        "{found:?}"
    );
    // A search refreshes through the same walk.
    let (run, _) = run_limited(ws.path(), &["search", "--json", GOOD_WORD], LIMIT);
    assert_orderly(&run, "search after loop");
    assert_eq!(run.code, 0, "{run}");
}

#[cfg(unix)]
#[test]
fn fifo_named_txt_is_skipped_not_read() {
    let ws = corpus_with(|_| {});
    let fifo = ws.corpus().join("x.txt");
    let status = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo failed");
    std::os::unix::fs::symlink("x.txt", ws.corpus().join("link-to-fifo.txt")).expect("symlink");
    index(&ws);
    good_file_is_searchable(&ws);
    let paths = indexed_paths(&ws);
    assert!(
        !paths.iter().any(|p| p.contains("fifo") || p == "x.txt"),
        "{paths:?}"
    );
    let (run, _) = run_limited(ws.path(), &["search", "--json", GOOD_WORD], LIMIT);
    assert_orderly(&run, "search with a fifo");
    assert_eq!(run.code, 0, "{run}");
}

#[cfg(unix)]
#[test]
fn dangling_symlink_is_skipped() {
    let ws = corpus_with(|ws| {
        std::os::unix::fs::symlink("gone.txt", ws.corpus().join("dangling.txt")).expect("symlink");
    });
    index(&ws);
    good_file_is_searchable(&ws);
    // A file that vanishes after indexing is dropped on the next refresh.
    ws.write(
        "brief.txt",
        "A brief-lived file about the ephemeral mayfly.",
    );
    index(&ws);
    std::fs::remove_file(ws.corpus().join("brief.txt")).expect("rm");
    let (run, _) = run_limited(ws.path(), &["search", "--json", "mayfly"], LIMIT);
    assert_orderly(&run, "search for a removed file");
    assert_eq!(run.code, 1, "{run}");
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_skipped_with_a_warning() {
    let ws = corpus_with(|_| {});
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let name = if root {
        // chmod 000 does not stop root; /proc/self/mem is a regular file
        // that fails to read at offset 0 for everyone.
        let target = Path::new("/proc/self/mem");
        if !target.exists() {
            eprintln!("skipped: running as root and no /proc/self/mem");
            return;
        }
        std::os::unix::fs::symlink(target, ws.corpus().join("mem.txt")).expect("symlink");
        "mem.txt"
    } else {
        use std::os::unix::fs::PermissionsExt;
        ws.write("locked.txt", "Secret text nobody may read.");
        let path = ws.corpus().join("locked.txt");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        "locked.txt"
    };
    // The link leads outside the corpus: followed only when asked to, and
    // then refused on the opened handle (quarry never reads /proc).
    let args: &[&str] = if root {
        &["index", "--follow-outside"]
    } else {
        &["index"]
    };
    let (run, _) = run_limited(ws.path(), args, LIMIT);
    assert_orderly(&run, "index");
    assert_eq!(run.code, 0, "index failed: {run}");
    let stderr = run.stderr;
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("warning") && l.contains(name)),
        "{stderr}"
    );
    good_file_is_searchable(&ws);
}

#[test]
fn malformed_jsonl_record_is_skipped_with_file_and_line() {
    let ws = corpus_with(|ws| {
        ws.write(
            "records.jsonl",
            concat!(
                r#"{"id":"r1","title":"First","text":"The albatross glides for hours over the southern ocean."}"#,
                "\n",
                r#"{"id":"r2","title":"Broken","text":"unterminated string"#,
                "\n",
                "\n",
                r#"{"id":"r4","title":"Fourth","text":"The cormorant dives for fish near the harbour wall."}"#,
                "\r\n",
                r#"["not", "an", "object"]"#,
                "\n",
            ),
        );
    });
    let stderr = index(&ws);
    assert!(stderr.contains("records.jsonl:2:"), "{stderr}");
    assert!(stderr.contains("records.jsonl:5:"), "{stderr}");
    good_file_is_searchable(&ws);
    let found = hits(&ws, "albatross");
    assert_eq!(s(&found[0], "/doc/id"), "r1");
    assert_eq!(pair(&found[0], "lines"), (1, 1));
    let found = hits(&ws, "cormorant");
    assert_eq!(s(&found[0], "/doc/id"), "r4");
    assert_eq!(pair(&found[0], "lines"), (4, 4));
}

// ---------------------------------------------------------------------------
// Hostile queries
// ---------------------------------------------------------------------------

/// A small indexed corpus shared by the query tests.
fn query_corpus() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = corpus_with(|ws| {
            ws.write(
                "trade.txt",
                "Foreign trade\n\nIn 2021 Liaoning's foreign trade grew 13.6% to \
                 371.53 billion yuan, and exports of robots rose 140,000 units.\n\n\
                 Ports\n\nDalian port handled (more) cargo than ever; \"quoted\" words \
                 and a backslash \\ appear here with emoji 🚢 too.\n",
            );
        });
        index(&ws);
        ws
    })
}

/// Runs `query` (as one argument after `--`) in both modes and checks that
/// each run ends in an orderly way.
fn query_is_orderly(query: &str) -> Vec<(Run, Duration)> {
    let ws = query_corpus();
    let mut runs = Vec::new();
    for plain in [false, true] {
        let mut args = vec!["search", "--json", "--no-refresh"];
        if plain {
            args.push("--plain");
        }
        args.extend(["--", query]);
        let (run, took) = run_limited(ws.path(), &args, LIMIT);
        let shown: String = query.chars().take(60).collect();
        let what = format!("query {shown:?} (plain: {plain}, {} bytes)", query.len());
        assert_orderly(&run, &what);
        if run.code == 0 {
            assert!(!run.json().is_empty(), "{what}: exit 0 without hits");
        } else {
            assert!(run.stdout.is_empty(), "{what}: {run}");
        }
        runs.push((run, took));
    }
    runs
}

#[test]
fn empty_and_blank_queries_are_a_one_line_error() {
    for query in ["", " ", "   \t  ", "\n"] {
        for (run, _) in query_is_orderly(query) {
            assert_eq!(run.code, 2, "{query:?}: {run}");
            assert_eq!(run.stderr.lines().count(), 1, "{run}");
        }
    }
}

#[test]
fn operator_and_punctuation_only_queries() {
    for query in [
        "*",
        "-",
        "--",
        "+",
        "!",
        "^",
        "~",
        "\"",
        "\"\"",
        "'",
        "\\",
        "\\\\",
        ":",
        "title:",
        "text:",
        "title:\"",
        "AND",
        "OR",
        "NOT",
        "AND OR NOT",
        "NOT NOT NOT",
        "( )",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "[1 TO",
        "[* TO *]",
        "date:[2020 TO *}",
        "IN",
        "text: IN [",
        "-trade",
        "-*",
        "+-trade",
        "trade^",
        "trade^1e400",
        "trade^-3",
        "trade~",
        "trade~3",
        "trade~255",
        "trade~99999999999",
        "\"foreign trade\"~100000",
        "/",
        "text:/.*/",
        "text:/[a-z]{1000}/",
        "text:/(a|b)*c/",
        "text:/(/",
        "*:*",
        "a*b*c*",
    ] {
        query_is_orderly(query);
    }
}

#[test]
fn malformed_syntax_and_unknown_fields_search_leniently() {
    for query in [
        "\"foreign trade",
        "foreign trade\"",
        "(trade AND (port",
        "trade)) OR port",
        "[trade",
        "unknown:trade",
        "nosuchfield:\"foreign trade\"",
        "title:title:title:",
        "trade AND",
        "OR trade",
        "trade NOT",
        "Liaoning's",
        "Liaoning'",
    ] {
        let runs = query_is_orderly(query);
        for (run, _) in &runs {
            assert_ne!(run.code, 2, "{query:?}: {run}");
        }
    }
    // An unknown field is searched as a word, with a warning. (It is glued
    // to the next word as a phrase, so `unknown:trade` finds nothing here.)
    let (syntax, _) = &query_is_orderly("foreign:trade")[0];
    assert_eq!(syntax.code, 0, "{syntax}");
    assert!(syntax.stderr.contains("unknown field"), "{syntax}");
}

/// Regression: an excluded phrase panicked in debug builds inside tantivy's
/// phrase scorer (a debug assertion against backward seeks).
#[test]
fn excluded_phrases_do_not_panic() {
    for query in [
        "-\"foreign trade\"",
        "Dalian -\"foreign trade\"",
        "trade NOT \"billion yuan\"",
        "- trade~robots",
    ] {
        for (run, _) in query_is_orderly(query) {
            assert_ne!(run.code, 2, "{query:?}: {run}");
        }
    }
    // (Not `foreign trade`: that is the document's title, and an excluded
    // phrase excludes passages whose title holds it too.)
    let (run, _) = &query_is_orderly("port OR robots -\"billion yuan\"")[0];
    let found = run.json();
    assert!(!found.is_empty(), "{run}");
    assert!(
        found
            .iter()
            .all(|h| !s(h, "/text").contains("billion yuan")),
        "{run}"
    );
}

#[test]
fn control_characters_and_emoji() {
    for query in [
        "\u{1b}",
        "\u{1b}[31mtrade\u{1b}[0m",
        "trade\u{7}\u{8}\u{7f}",
        "\u{feff}trade",
        "\u{200b}",
        "🚢",
        "👍🏽 trade",
        "🏴\u{e0067}\u{e0062}",
        "\u{10ffff}",
        "e\u{301}\u{301}\u{301}",
        "\u{202e}edart",
    ] {
        query_is_orderly(query);
    }
}

#[test]
fn nul_in_a_query_is_orderly() {
    // argv cannot hold NUL, so it goes through a batch file.
    let ws = query_corpus();
    let batch = ws.path().join("nul-queries.jsonl");
    std::fs::write(
        &batch,
        "{\"id\":\"a\",\"query\":\"\\u0000\"}\n{\"id\":\"b\",\"query\":\"trade\\u0000port\"}\n",
    )
    .expect("write batch");
    let batch = batch.to_string_lossy().into_owned();
    let (run, _) = run_limited(
        ws.path(),
        &["search", "--no-refresh", "--batch", &batch],
        LIMIT,
    );
    assert_orderly(&run, "NUL queries");
}

#[test]
fn huge_figures_and_long_queries_finish() {
    let long_figure = format!("1{}", "0".repeat(5000));
    let grouped = vec!["123"; 2000].join(",");
    let decimal = format!("{}.{}", "9".repeat(3000), "9".repeat(3000));
    let percent = format!("{}%", "7".repeat(5000));
    let many_terms: String = (0..10_000)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let many_real: String = vec!["trade port robots"; 3400].join(" ");
    let mut hundred_kb = String::new();
    while hundred_kb.len() < 100 * 1024 {
        hundred_kb.push_str("foreign trade \"grew\" (13.6%) AND port OR -robots ");
    }
    let long_word = "a".repeat(100 * 1024);
    let long_prefix = format!("{}*", "b".repeat(50_000));
    for (name, query) in [
        ("1 and 5,000 zeros", long_figure.as_str()),
        ("123, repeated", grouped.as_str()),
        ("6,000-digit decimal", decimal.as_str()),
        ("5,000-digit percent", percent.as_str()),
        ("10,000 distinct terms", many_terms.as_str()),
        ("10,200 repeated terms", many_real.as_str()),
        ("100 KB of syntax", hundred_kb.as_str()),
        ("100 KB word", long_word.as_str()),
        ("50 KB prefix", long_prefix.as_str()),
    ] {
        for (run, took) in query_is_orderly(query) {
            eprintln!("{name}: exit {} in {took:?}", run.code);
        }
    }
    // The real words of the long queries still find the corpus.
    let (run, _) = &query_is_orderly(&many_real)[0];
    assert_eq!(run.code, 0, "{run}");
}
