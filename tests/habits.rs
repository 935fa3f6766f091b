//! Issue 13: quarry behaves like the command-line tools people know
//! (ripgrep, fd, grep). One regression test per reported problem, through the
//! real binary over the shipped corpus.

mod util;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::Value;
use util::{Run, Workspace, s};

/// One indexed copy of the shipped corpus, shared by the tests in this file.
fn shipped() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::shipped();
        let run = ws.run(&["index", "--quiet"]);
        assert_eq!(run.code, 0, "index failed: {run:?}");
        ws
    })
}

/// `quarry ARGS` in the shared workspace.
fn run(args: &[&str]) -> Run {
    shipped().run(args)
}

/// `quarry search --json --no-refresh -n 1000 QUERY`: the hits and stderr.
fn search(query: &str) -> (Vec<Value>, String) {
    let r = run(&[
        "search",
        "--json",
        "--no-refresh",
        "-n",
        "1000",
        "--",
        query,
    ]);
    assert!(r.code == 0 || r.code == 1, "{query}: {r:?}");
    (r.json(), r.stderr)
}

fn passage_ids(hits: &[Value]) -> BTreeSet<String> {
    hits.iter()
        .map(|h| s(h, "/passage_id").to_string())
        .collect()
}

#[test]
fn boosts_keep_the_rest_of_the_query() {
    // `trade^2 port` once dropped `port` with "unparsed end of query".
    let (boosted, err) = search("trade^2 port");
    assert!(err.is_empty(), "{err}");
    let (plain, _) = search("trade port");
    assert_eq!(passage_ids(&boosted), passage_ids(&plain));
    let port_only: Vec<&Value> = boosted
        .iter()
        .filter(|h| {
            let t = s(h, "/text").to_lowercase();
            t.contains("port") && !t.contains("trade")
        })
        .collect();
    assert!(!port_only.is_empty(), "no passage matched only `port`");
    for q in ["trade^2.5", "(trade)^2.0", "trade^0.5"] {
        let (hits, err) = search(q);
        assert!(err.is_empty(), "{q}: {err}");
        assert_eq!(passage_ids(&hits), passage_ids(&search("trade").0), "{q}");
    }
    let (hits, err) = search("\"foreign trade\"^2");
    assert!(err.is_empty(), "{err}");
    assert!(!hits.is_empty());
    assert_eq!(
        passage_ids(&hits),
        passage_ids(&search("\"foreign trade\"").0)
    );
}

#[test]
fn trailing_colon_is_punctuation() {
    let (hits, err) = search("Dalian:");
    assert!(err.is_empty(), "{err}");
    assert!(!hits.is_empty());
    assert_eq!(passage_ids(&hits), passage_ids(&search("Dalian").0));
    // A field name followed by a space still names the field.
    let (spaced, _) = search("title: shenyang");
    assert_eq!(
        passage_ids(&spaced),
        passage_ids(&search("title:shenyang").0)
    );
}

#[test]
fn field_clause_restricts_the_other_words() {
    let (hits, err) = search("title:\"new industry\" robots");
    assert!(err.is_empty(), "{err}");
    assert!(!hits.is_empty());
    for h in &hits {
        assert!(
            s(h, "/doc/title").to_lowercase().contains("new industry"),
            "{h}"
        );
    }
    // Every hit also matches `robots` (the words are not an OR with the field).
    let (robots, _) = search("robots");
    let robots = passage_ids(&robots);
    assert!(passage_ids(&hits).is_subset(&robots));
    // An explicit OR keeps its meaning.
    let (either, _) = search("title:\"new industry\" OR robots");
    assert!(passage_ids(&either).len() > hits.len());
}

#[test]
fn exclude_only_query_does_not_warn() {
    let (hits, err) = search("-trade");
    assert!(
        err.is_empty(),
        "an applied exclusion was reported as left out: {err}"
    );
    assert!(!hits.is_empty());
    for h in &hits {
        assert!(!s(h, "/text").to_lowercase().contains("trade"), "{h}");
    }
}

#[test]
fn figures_between_without_upper_bound_says_what_is_missing() {
    let r = run(&["figures", "--no-refresh", "between 1 and"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("expected a number after `and`"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
}

/// The distinct `doc.date` values of some hits.
fn dates(hits: &[Value]) -> BTreeSet<String> {
    hits.iter().map(|h| s(h, "/doc/date").to_string()).collect()
}

#[test]
fn date_field_matches_years_and_months() {
    // `date:2021` once matched only documents dated exactly "2021".
    let (hits, _) = search("date:2021");
    assert_eq!(
        dates(&hits),
        BTreeSet::from(["2021".to_string(), "2021-09-24".to_string()])
    );
    let (hits, _) = search("date:2021-09");
    assert!(!hits.is_empty(), "date:2021-09 found nothing");
    assert_eq!(dates(&hits), BTreeSet::from(["2021-09-24".to_string()]));
    let (hits, _) = search("date:2022");
    assert_eq!(dates(&hits), BTreeSet::from(["2022-07-19".to_string()]));
}

#[test]
fn since_until_author_and_doc_filter_search_figures_and_cite() {
    let filtered = |extra: &[&str]| {
        let mut args = vec!["search", "--json", "--no-refresh", "-n", "1000"];
        args.extend_from_slice(extra);
        args.push("trade");
        let r = run(&args);
        assert!(r.code <= 1, "{r:?}");
        r.json()
    };
    let since = filtered(&["--since", "2021-09"]);
    assert!(!since.is_empty());
    // A document dated only "2021" overlaps September 2021; undated ones drop out.
    for h in &since {
        assert!(s(h, "/doc/date") >= "2021", "{h}");
    }
    let until = filtered(&["--until", "2021-12-31"]);
    assert!(!until.is_empty());
    assert!(dates(&until).iter().all(|d| d.as_str() <= "2021-12-31"));
    assert!(!dates(&until).contains("2022-07-19"));
    let author = filtered(&["--author", "Yuan Shenggao"]);
    assert!(!author.is_empty());
    for h in &author {
        assert_eq!(s(h, "/doc/author"), "Yuan Shenggao", "{h}");
    }
    let doc = "2022-07-19-china-daily-decade-success-liaoning";
    let one = filtered(&["--doc", doc]);
    assert!(!one.is_empty());
    assert!(one.iter().all(|h| s(h, "/doc/id") == doc));

    let r = run(&[
        "figures",
        "--json",
        "--no-refresh",
        "--doc",
        doc,
        "--unit",
        "percent",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    let figs = r.json();
    assert!(!figs.is_empty());
    assert!(figs.iter().all(|f| s(f, "/doc/id") == doc), "{}", r.stdout);
    let r = run(&[
        "figures",
        "--json",
        "--no-refresh",
        "--until",
        "2021",
        "trade",
    ]);
    assert!(r.json().iter().all(|f| s(f, "/doc/date") != "2022-07-19"));

    let r = run(&[
        "cite",
        "--json",
        "--no-refresh",
        "-n",
        "5",
        "--author",
        "Yuan Yue",
        "Liaoning",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    for c in r.json() {
        assert_eq!(s(&c, "/hit/doc/author"), "Yuan Yue");
    }

    let r = run(&["search", "--no-refresh", "--since", "Sept 2021", "trade"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.starts_with("quarry: --since"), "{}", r.stderr);
}

#[test]
fn files_with_matches_lists_each_file_once() {
    let r = run(&["search", "--no-refresh", "-l", "trade"]);
    assert_eq!(r.code, 0, "{r:?}");
    let files: Vec<&str> = r.stdout.lines().collect();
    let unique: BTreeSet<&str> = files.iter().copied().collect();
    assert_eq!(files.len(), unique.len(), "{}", r.stdout);
    let (hits, _) = search("trade");
    let expected: BTreeSet<String> = hits
        .iter()
        .map(|h| format!("corpus/{}", s(h, "/doc/path")))
        .collect();
    assert_eq!(
        unique
            .iter()
            .map(|f| f.to_string())
            .collect::<BTreeSet<_>>(),
        expected
    );
    let r = run(&["search", "--no-refresh", "-l", "--json", "-n", "1", "trade"]);
    let json = r.json();
    assert_eq!(json.len(), 1);
    assert_eq!(s(&json[0], "/path"), s(&hits[0], "/doc/path"));
}

#[test]
fn collapse_doc_gives_each_document_once() {
    let r = run(&[
        "search",
        "--json",
        "--no-refresh",
        "-n",
        "10",
        "--collapse",
        "doc",
        "Liaoning",
    ]);
    let hits = r.json();
    let docs: Vec<&str> = hits.iter().map(|h| s(h, "/doc/id")).collect();
    let unique: BTreeSet<&str> = docs.iter().copied().collect();
    assert_eq!(docs.len(), unique.len(), "{docs:?}");
    assert!(docs.len() >= 3, "{docs:?}");
    // Each is its document's best passage.
    let (all, _) = search("Liaoning");
    for h in &hits {
        let best = all
            .iter()
            .find(|a| s(a, "/doc/id") == s(h, "/doc/id"))
            .expect("document in full results");
        assert_eq!(s(best, "/passage_id"), s(h, "/passage_id"));
    }
    let ranks: Vec<u64> = hits
        .iter()
        .map(|h| h["rank"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(ranks, (1..=hits.len() as u64).collect::<Vec<_>>());
}

#[test]
fn snippets_n_gives_several_fragments() {
    // A long passage with several matches far apart.
    let ws = Workspace::new();
    let filler = "word ".repeat(120);
    ws.write(
        "long.txt",
        format!("Long\n\nThe walrus {filler} again a walrus {filler} and a last walrus here.\n"),
    );
    let r = ws.run(&["search", "--json", "--snippets", "3", "walrus"]);
    assert_eq!(r.code, 0, "{r:?}");
    let hit = &r.json()[0];
    let frags = hit["snippets"].as_array().expect("snippets");
    assert!(frags.len() >= 2, "{hit}");
    let mut marked = 0;
    for f in frags {
        let text = s(f, "/text");
        for h in f["highlights"].as_array().unwrap() {
            let (a, b) = (
                h[0].as_u64().unwrap() as usize,
                h[1].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[a..b], "walrus");
            marked += 1;
        }
    }
    assert_eq!(marked, 3, "{hit}");
    let human = ws.run(&["search", "--snippets", "3", "--color", "never", "walrus"]);
    assert_eq!(
        human.stdout.matches("walrus").count(),
        3,
        "{}",
        human.stdout
    );
}

#[test]
fn highlights_carry_character_offsets() {
    let ws = Workspace::new();
    let filler = "mot ".repeat(100);
    ws.write(
        "u.txt",
        format!("Titre\n\nÉté café {filler} déjà vu: the narwhal résumé naïve narwhal.\n"),
    );
    let r = ws.run(&["search", "--json", "narwhal"]);
    let hit = &r.json()[0];
    let snippet = s(hit, "/snippet");
    assert!(snippet.starts_with('…'), "{snippet}");
    let chars: Vec<char> = snippet.chars().collect();
    let by_char: Vec<String> = hit["highlight_chars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let (a, b) = (
                h[0].as_u64().unwrap() as usize,
                h[1].as_u64().unwrap() as usize,
            );
            chars[a..b].iter().collect()
        })
        .collect();
    assert_eq!(by_char, ["narwhal", "narwhal"]);
    assert_eq!(by_char, util::highlighted(hit));
}

#[test]
fn batch_records_queries_without_hits_and_counts() {
    let ws = shipped();
    let file = ws.path().join("queries.txt");
    std::fs::write(&file, "Sanhao Street\nxylophonist\n").unwrap();
    let batch = file.to_string_lossy().to_string();
    let r = run(&["search", "--no-refresh", "--batch", &batch]);
    assert_eq!(r.code, 0, "{r:?}");
    let lines = r.json();
    let last = lines.last().unwrap();
    assert_eq!(s(last, "/query_id"), "2");
    assert_eq!(last["count"], 0);
    assert!(
        lines[..lines.len() - 1]
            .iter()
            .all(|h| s(h, "/query_id") == "1")
    );

    let r = run(&["search", "--no-refresh", "--count", "--batch", &batch]);
    assert_eq!(r.code, 0, "{r:?}");
    let counts = r.json();
    assert_eq!(counts.len(), 2);
    let single = run(&["search", "--no-refresh", "--count", "Sanhao Street"]);
    assert_eq!(counts[0]["count"].to_string(), single.stdout.trim());
    assert_eq!(counts[1]["count"], 0);
}

#[test]
fn human_output_gives_line_and_column_of_first_match() {
    let ws = Workspace::new();
    // One paragraph over three lines; the match is on the third.
    ws.write(
        "p.txt",
        "Title line\n\nThe first line of the paragraph is here,\nthe second line goes on,\nand the ocelot waits.\n",
    );
    let r = ws.run(&["search", "--color", "never", "ocelot"]);
    assert_eq!(r.code, 0, "{r:?}");
    let col = "and the ".len() + 1;
    assert!(r.stdout.contains(&format!("p.txt:5:{col}")), "{}", r.stdout);
}

#[test]
fn clap_errors_are_one_line_and_limit_must_be_positive() {
    let r = run(&["search", "--limit", "-1", "trade"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.starts_with("quarry: "), "{}", r.stderr);
    assert!(
        r.stderr.contains("the limit must be a positive number"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("-- -1"), "{}", r.stderr);
    let r = run(&["search", "--frobnicate", "trade"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.starts_with("quarry: "), "{}", r.stderr);
    let r = run(&["--version"]);
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn search_help_has_no_developer_note() {
    let r = run(&["search", "--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("--threads"));
    assert!(!r.stdout.contains("main.rs"), "{}", r.stdout);
    assert!(!r.stdout.contains("clap"), "{}", r.stdout);
}

#[test]
fn error_hint_repeats_the_given_options() {
    let ws = Workspace::new();
    std::fs::create_dir(ws.path().join("papers")).unwrap();
    std::fs::write(ws.path().join("papers/a.txt"), "A\n\nSome words here.\n").unwrap();
    let r = ws.run(&[
        "search",
        "--corpus",
        "papers",
        "--index",
        "my index",
        "--no-refresh",
        "words",
    ]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("quarry index --corpus papers --index 'my index'"),
        "{}",
        r.stderr
    );
    // Following the hint works.
    let r = ws.run(&["index", "--corpus", "papers", "--index", "my index"]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = ws.run(&[
        "search",
        "--corpus",
        "papers",
        "--index",
        "my index",
        "--no-refresh",
        "words",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn eval_calls_its_folder_a_dataset_folder() {
    let r = run(&["eval", "no-such-dataset"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("dataset folder 'no-such-dataset'"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("corpus folder"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_with_its_name() {
    let ws = Workspace::new();
    ws.write("sub/a.txt", "A\n\nSome words here.\n");
    std::os::unix::fs::symlink("..", ws.corpus().join("sub/loop")).unwrap();
    let r = ws.run(&["index"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("sub/loop ("), "{}", r.stderr);
    assert!(
        !r.stderr.contains(": (") && !r.stderr.contains(", ("),
        "{}",
        r.stderr
    );
}

#[test]
fn catalog_entry_for_a_missing_file_warns() {
    let ws = Workspace::new();
    ws.write("a.txt", "A\n\nSome words here.\n");
    ws.write(
        "catalog.toml",
        "[[document]]\nfile = \"a.txt\"\ntitle = \"A\"\n\n[[document]]\nfile = \"gone.txt\"\ntitle = \"Gone\"\n",
    );
    let r = ws.run(&["index"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr
            .contains("warning: catalog.toml: entry for 'gone.txt'"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("'a.txt'"), "{}", r.stderr);
}

/// Runs quarry in `dir` with `env` set and the cache pointed at `cache`.
fn run_env(
    dir: &std::path::Path,
    cache: &std::path::Path,
    env: &[(&str, &str)],
    args: &[&str],
) -> Run {
    let mut cmd = std::process::Command::new(util::bin());
    cmd.args(args)
        .current_dir(dir)
        .env("XDG_CACHE_HOME", cache)
        .env_remove("QUARRY_INDEX")
        .env_remove("QUARRY_CORPUS")
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("quarry runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn default_index_belongs_to_its_corpus() {
    let ws = Workspace::shipped();
    let cache = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    // Someone's index in the current folder, built from the shipped corpus.
    let r = run_env(ws.path(), cache.path(), &[], &["index", "--quiet"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(ws.index().join("meta.json").is_file());
    let before = std::fs::read_to_string(ws.index().join("meta.json")).unwrap();

    // A corpus of another name, searched from that folder, gets an index in
    // the cache, not ./index.
    let papers = elsewhere.path().join("papers");
    std::fs::create_dir(&papers).unwrap();
    std::fs::write(
        papers.join("p.txt"),
        "Paper\n\nThe okapi is a forest giraffe.\n",
    )
    .unwrap();
    let papers_arg = papers.to_string_lossy().to_string();
    let r = run_env(
        ws.path(),
        cache.path(),
        &[],
        &["search", "--json", "--corpus", &papers_arg, "okapi"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        std::fs::read_to_string(ws.index().join("meta.json")).unwrap(),
        before
    );
    let cached: Vec<_> = std::fs::read_dir(cache.path().join("quarry/indexes"))
        .expect("cache folder")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    assert!(cached[0].starts_with("papers-"), "{cached:?}");
    // The shipped corpus still finds its own index, from any folder.
    let corpus_arg = ws.corpus().to_string_lossy().to_string();
    let r = run_env(
        elsewhere.path(),
        cache.path(),
        &[],
        &["search", "--json", "--corpus", &corpus_arg, "Sanhao"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.is_empty(), "re-indexed: {}", r.stderr);
    assert!(!elsewhere.path().join("index").exists());

    // Environment defaults.
    let env_index = elsewhere.path().join("env-index");
    let env_index_arg = env_index.to_string_lossy().to_string();
    let r = run_env(
        elsewhere.path(),
        cache.path(),
        &[
            ("QUARRY_CORPUS", &papers_arg),
            ("QUARRY_INDEX", &env_index_arg),
        ],
        &["search", "--json", "okapi"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(env_index.join("meta.json").is_file());
    // A flag wins over the environment.
    let r = run_env(
        elsewhere.path(),
        cache.path(),
        &[("QUARRY_CORPUS", "no-such-folder")],
        &["search", "--json", "--corpus", &papers_arg, "okapi"],
    );
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn completions_and_man_page_cover_every_subcommand_and_flag() {
    // The CLI definition lives in the binary: read the subcommands and
    // flags from its help.
    let help = run(&["--help"]).stdout;
    let subcommands: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(subcommands.len() >= 8, "{subcommands:?}");
    let mut flags: Vec<(String, String)> = Vec::new();
    for sub in &subcommands {
        let h = run(&[sub.as_str(), "--help"]).stdout;
        for word in h.split(|c: char| c.is_whitespace() || c == ',' || c == '[' || c == ']') {
            if let Some(flag) = word.strip_prefix("--")
                && !flag.is_empty()
                && flag.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            {
                flags.push((sub.clone(), flag.to_string()));
            }
        }
    }
    assert!(
        flags
            .iter()
            .any(|(s, f)| s == "search" && f == "files-with-matches")
    );
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {r:?}");
        for sub in &subcommands {
            assert!(r.stdout.contains(sub.as_str()), "{shell} lacks {sub}");
        }
        for (sub, flag) in &flags {
            assert!(
                r.stdout.contains(flag.as_str()),
                "{shell} lacks {sub} --{flag}"
            );
        }
    }
    let r = run(&["man"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.starts_with(".ie") || r.stdout.contains(".TH"),
        "not roff"
    );
    for sub in &subcommands {
        assert!(r.stdout.contains(sub.as_str()), "man lacks {sub}");
    }
    // roff escapes '-' as '\-'.
    let man = r.stdout.replace("\\-", "-");
    for (sub, flag) in &flags {
        assert!(
            man.contains(&format!("--{flag}")),
            "man lacks {sub} --{flag}"
        );
    }
    let r = run(&["completions", "tcsh"]);
    assert_eq!(r.code, 2, "{r:?}");
}

#[test]
fn printing_commands_end_quietly_on_a_closed_pipe_and_report_a_full_disk() {
    let commands: [&[&str]; 6] = [
        &["completions", "bash"],
        &["completions", "zsh"],
        &["completions", "fish"],
        &["completions", "elvish"],
        &["completions", "powershell"],
        &["man"],
    ];
    for args in commands {
        // A reader that is gone before the first byte: exit 0, nothing said.
        let mut child = std::process::Command::new(util::bin())
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");

        // A full disk: one line, exit 2.
        let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
            eprintln!("skipped the full-disk case: no /dev/full");
            continue;
        };
        let out = std::process::Command::new(util::bin())
            .args(args)
            .stdout(full)
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("quarry: ") && stderr.trim().lines().count() == 1,
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn error_hints_keep_the_options_that_choose_the_files() {
    let ws = Workspace::new();
    ws.write("a.txt", "A\n\nSome words here.\n");
    ws.write(".notes/b.txt", "B\n\nThe hidden lantern glows.\n");
    ws.write(".gitignore", "skipped.txt\n");
    ws.write("skipped.txt", "C\n\nThe ignored kettle sings.\n");
    let r = ws.run(&[
        "search",
        "--hidden",
        "--no-ignore",
        "--no-refresh",
        "lantern",
    ]);
    assert_eq!(r.code, 2, "{r:?}");
    let hint = r
        .stderr
        .split("build it with: ")
        .nth(1)
        .unwrap_or_else(|| panic!("no hint: {}", r.stderr))
        .trim()
        .to_string();
    assert_eq!(hint, "quarry index --hidden --no-ignore", "{}", r.stderr);
    // Following the hint indexes the same files the search asked about.
    let args: Vec<&str> = hint.split(' ').skip(1).collect();
    assert_eq!(ws.run(&args).code, 0);
    for word in ["lantern", "kettle"] {
        let r = ws.run(&[
            "search",
            "--hidden",
            "--no-ignore",
            "--no-refresh",
            "-c",
            word,
        ]);
        assert_eq!((r.code, r.stdout.trim()), (0, "1"), "{word}: {r:?}");
    }
}

#[test]
fn a_first_build_that_never_finished_is_not_an_empty_answer() {
    let ws = Workspace::new();
    ws.write("a.txt", "A\n\nSome words here.\n");
    assert_eq!(ws.run(&["index"]).code, 0);
    // What a first build killed before its end leaves: tantivy's files,
    // with or without segments, and no manifest.
    std::fs::remove_file(ws.index().join("quarry-manifest.json")).expect("manifest");
    let r = ws.run(&["search", "--no-refresh", "words"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .starts_with("quarry: the index at 'index' is incomplete")
            && r.stderr.trim().ends_with("build it with: quarry index"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    // A refreshing search finishes the job and answers.
    let r = ws.run(&["search", "-c", "words"]);
    assert_eq!((r.code, r.stdout.trim()), (0, "1"), "{r:?}");
}
