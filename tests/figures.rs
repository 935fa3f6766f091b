//! Figures as first-class citizens: figure-aware search, `quarry figures`,
//! `quarry cite` and `quarry verify`, over the shipped corpus and fixtures.

mod util;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::Value;
use util::{Workspace, s};

fn shipped() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::shipped();
        assert_eq!(ws.run(&["index"]).code, 0);
        ws
    })
}

/// A corpus of near-miss figures.
fn fixture() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::new();
        ws.write("near-misses.txt", "Near misses\n\nExports rose 113.6 percent in the northern zone last spring.\n\nImports rose 13.65 percent in the southern zone last spring.\n\nA third district reported 136 percent growth in tourism revenue.\n");
        ws.write("exact.txt", "Exact\n\nThe eastern port handled 13.6 per cent more containers than a year before.\n");
        ws.write("scale.txt", "Scale\n\nThe national economy reached 3.7 trillion yuan of output according to the bureau.\n\nThe fund raised $24.3 million from private donors during the campaign.\n");
        assert_eq!(ws.run(&["index"]).code, 0);
        ws
    })
}

fn json(ws: &Workspace, args: &[&str]) -> (i32, Vec<Value>) {
    let run = ws.run(args);
    assert!(run.code != 2, "{args:?}: {run:?}");
    (run.code, run.json())
}

#[test]
fn search_matches_figures_in_any_spelling() {
    let (_, hits) = json(
        shipped(),
        &["search", "--no-refresh", "--json", "RMB 371.53bn"],
    );
    assert!(
        s(&hits[0], "/text").contains("371.53 billion yuan"),
        "{}",
        hits[0]
    );
    // The figure is highlighted in the text's own spelling.
    let marked = util::highlighted(&hits[0]);
    assert!(
        marked.iter().any(|m| m == "371.53 billion yuan"),
        "{marked:?}"
    );

    let (_, hits) = json(
        shipped(),
        &["search", "--no-refresh", "--json", "13.6 per cent"],
    );
    assert!(s(&hits[0], "/text").contains("13.6 percent"));
}

#[test]
fn figure_boundaries_hold() {
    let (code, hits) = json(
        fixture(),
        &["search", "--no-refresh", "--json", "13.6 per cent"],
    );
    assert_eq!(code, 0);
    assert_eq!(hits.len(), 1, "only the exact figure matches: {hits:?}");
    assert_eq!(s(&hits[0], "/doc/path"), "exact.txt");
    // 24.3 billion is not 24.3 million.
    let run = fixture().run(&["search", "--no-refresh", "--json", "24.3 billion"]);
    assert_eq!(run.code, 1, "{run:?}");
    // Scaled magnitudes compare by value.
    let (_, hits) = json(
        fixture(),
        &["search", "--no-refresh", "--json", "3,700 billion yuan"],
    );
    assert!(
        s(&hits[0], "/text").contains("3.7 trillion yuan"),
        "{hits:?}"
    );
}

#[test]
fn figure_queries_rank_stating_passages_first() {
    let (_, hits) = json(
        shipped(),
        &[
            "search",
            "--no-refresh",
            "--json",
            "trade 98.2 billion yuan",
        ],
    );
    assert!(
        s(&hits[0], "/text").contains("98.2 billion yuan"),
        "{}",
        hits[0]
    );
}

#[test]
fn figures_by_unit_and_words() {
    let (code, figs) = json(
        shipped(),
        &[
            "figures",
            "--no-refresh",
            "--json",
            "--unit",
            "percent",
            "trade",
        ],
    );
    assert_eq!(code, 0);
    let texts: Vec<&str> = figs.iter().map(|f| s(f, "/text")).collect();
    assert!(
        texts.contains(&"13.6 percent") && texts.contains(&"17.6 percent"),
        "{texts:?}"
    );
    assert_eq!(
        s(&figs[0], "/text"),
        "13.6 percent",
        "the passage about trade ranks first"
    );
    let f136 = figs
        .iter()
        .find(|f| s(f, "/text") == "13.6 percent")
        .unwrap();
    assert_eq!(s(f136, "/doc/date"), "2021-09-24");
    assert_eq!(s(f136, "/unit"), "percent");
    let f176 = figs
        .iter()
        .find(|f| s(f, "/text") == "17.6 percent")
        .unwrap();
    assert_eq!(s(f176, "/doc/date"), "2022-07-19");
    assert!(s(f176, "/sentence").contains("772.4 billion yuan"));
    // The figure's own bytes slice the source to its text.
    for f in &figs {
        let src = std::fs::read(shipped().corpus().join(s(f, "/doc/path"))).unwrap();
        let (a, b) = util::pair(f, "bytes");
        assert_eq!(
            &src[a as usize..b as usize],
            s(f, "/text").as_bytes(),
            "{f}"
        );
    }
}

#[test]
fn figures_by_value_range() {
    let (_, figs) = json(
        shipped(),
        &["figures", "--no-refresh", "--json", "> 300 billion yuan"],
    );
    let values: BTreeSet<String> = figs.iter().map(|f| s(f, "/text").to_string()).collect();
    let expected: BTreeSet<String> = [
        "371.53 billion yuan",
        "336.89 billion yuan",
        "772.4 billion yuan",
        "929.54 billion yuan",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(values, expected);
    let (_, figs) = json(
        shipped(),
        &[
            "figures",
            "--no-refresh",
            "--json",
            "--unit",
            "billion yuan",
            "--min",
            "300",
            "--max",
            "400",
        ],
    );
    let values: BTreeSet<&str> = figs.iter().map(|f| s(f, "/text")).collect();
    assert_eq!(
        values,
        BTreeSet::from(["371.53 billion yuan", "336.89 billion yuan"])
    );
}

#[test]
fn a_range_written_like_a_figure_is_a_filter_in_every_spelling() {
    let texts = |args: &[&str]| -> BTreeSet<String> {
        let mut all = vec!["figures", "--no-refresh", "--json", "-n", "500"];
        all.extend_from_slice(args);
        let (_, figs) = json(shipped(), &all);
        figs.iter().map(|f| s(f, "/text").to_string()).collect()
    };
    let between = texts(&["between 300 and 400 billion yuan"]);
    assert_eq!(
        between,
        BTreeSet::from(["371.53 billion yuan".into(), "336.89 billion yuan".into()])
    );
    for spelling in [
        &["300-400 billion yuan"][..],
        &["300 - 400 billion yuan"],
        &["300–400 billion yuan"],
        &["300 to 400 billion yuan"],
        &["300-400", "billion", "yuan"],
    ] {
        assert_eq!(texts(spelling), between, "{spelling:?}");
    }
    let percent = texts(&["between 10 and 20 percent"]);
    assert!(!percent.is_empty());
    assert!(percent.iter().all(|t| t.contains("percent")), "{percent:?}");
    for spelling in ["10-20 percent", "10 to 20%", "10–20 per cent"] {
        assert_eq!(texts(&[spelling]), percent, "{spelling}");
    }
    assert_eq!(
        texts(&["$5-10 billion"]),
        texts(&["between $5 and $10 billion"])
    );
}

#[test]
fn non_statistics_are_left_out_unless_asked_for() {
    let (_, figs) = json(
        shipped(),
        &["figures", "--no-refresh", "--json", "--limit", "1000"],
    );
    let texts: Vec<&str> = figs.iter().map(|f| s(f, "/text")).collect();
    assert!(!texts.iter().any(|t| t.contains("11:24")), "{texts:?}");
    assert!(
        !texts.contains(&"2011"),
        "reference years are not statistics"
    );
    assert!(figs.iter().all(|f| f["label"].is_null()));
    let (_, all) = json(
        shipped(),
        &[
            "figures",
            "--no-refresh",
            "--json",
            "--all",
            "--limit",
            "1000",
        ],
    );
    assert!(all.len() > figs.len());
    assert!(
        all.iter().any(|f| s(f, "/label") == "reference"),
        "reference list years are labelled"
    );
    assert!(all.iter().any(|f| s(f, "/label") == "time"));
}

#[test]
fn verify_supports_and_reports_contradictions() {
    let ws = shipped();
    let run = ws.run(&[
        "verify",
        "--no-refresh",
        "--json",
        "Liaoning's foreign trade grew 13.5 percent in the first half of 2021",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    let v = &run.json()[0];
    assert_eq!(s(v, "/verdict"), "contradicted");
    assert_eq!(s(v, "/parts/0/kind"), "figure");
    assert_eq!(s(v, "/parts/0/claimed"), "13.5 percent");
    assert_eq!(s(v, "/parts/0/stated"), "13.6 percent");
    assert_eq!(s(v, "/parts/0/verdict"), "contradicted");
    let run = ws.run(&[
        "verify",
        "--no-refresh",
        "Liaoning's foreign trade grew 13.5 percent in the first half of 2021",
    ]);
    assert!(
        run.stdout.contains("the source says “13.6 percent”"),
        "{}",
        run.stdout
    );

    let run = ws.run(&[
        "verify",
        "--no-refresh",
        "--json",
        "In the first half of 2021 Liaoning’s foreign trade grew 13.6% year-on-year",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let v = &run.json()[0];
    assert_eq!(s(v, "/verdict"), "supported");
    assert_eq!(s(v, "/passages/0/doc/author"), "Yuan Shenggao");

    let run = ws.run(&[
        "verify",
        "--no-refresh",
        "--json",
        "Penguins colonised the Gobi desert in 1850",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(s(&run.json()[0], "/verdict"), "not_found");
}

#[test]
fn verify_reads_statements_from_stdin() {
    let mut child = std::process::Command::new(util::bin())
        .args(["verify", "--no-refresh", "--json", "--file", "-"])
        .current_dir(shipped().path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Japan is Liaoning's biggest trading partner\n\nThe province racked up 98.2 billion yuan in its trade with Japan in 2019\nShenyang's GDP was 106.9 billion euros in 2014\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines.iter().all(|v| s(v, "/verdict") == "supported"),
        "{lines:?}"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn cite_prints_bibtex_and_csl_json() {
    let run = shipped().run(&["cite", "--no-refresh", "--style", "bibtex", "Sanhao Street"]);
    assert_eq!(run.code, 0, "{run:?}");
    let bib = run.stdout.trim();
    assert!(
        bib.starts_with("@misc{") || bib.starts_with("@article{"),
        "{bib}"
    );
    assert!(bib.ends_with('}'));
    assert_eq!(bib.matches('{').count(), bib.matches('}').count(), "{bib}");
    assert!(
        bib.contains("title     = {{New industry in Shenyang}}"),
        "{bib}"
    );
    assert!(bib.contains("publisher = {Euromoney}"), "{bib}");
    assert!(bib.contains("year      = 2021"), "{bib}");
    assert!(
        bib.contains("Sanhao Street"),
        "the quotation goes in the note: {bib}"
    );
    assert!(!bib.contains("null") && !bib.contains("n.d."));

    let run = shipped().run(&[
        "cite",
        "--no-refresh",
        "--style",
        "csl-json",
        "371.53 billion yuan",
    ]);
    let csl: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        csl[0]["title"],
        "Liaoning positions itself as Northeast Asian trade hub"
    );
    assert_eq!(
        csl[0]["issued"]["date-parts"],
        serde_json::json!([[2021, 9, 24]])
    );
    assert_eq!(csl[0]["author"][0]["literal"], "Yuan Shenggao");

    let run = shipped().run(&["cite", "--no-refresh", "Sanhao Street"]);
    assert!(
        run.stdout.starts_with("“On Shenyang’s Sanhao Street"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("— “New industry in Shenyang”, Euromoney, 2021"),
        "{}",
        run.stdout
    );

    let run = shipped().run(&["cite", "--no-refresh", "--style", "markdown", "Takemura"]);
    assert!(
        run.stdout.contains("[^1]: Naohiro Takemura, “What Image"),
        "{}",
        run.stdout
    );
}

/// `quarry figures | head -1`: the listing streams, and a reader that
/// goes away after the first line ends it with exit 0 (a closed pipe is
/// not an error), long before the listing would be done.
#[test]
fn figures_into_a_closed_pipe_stop_with_exit_0() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let ws = Workspace::new();
    for file in 0..60 {
        let body: String = (0..80)
            .map(|i| {
                format!(
                    "District {file} reported exports of {}.{} billion yuan and growth of {}.{} percent in season {i}.\n\n",
                    file + 10,
                    i,
                    i % 40 + 1,
                    file % 10
                )
            })
            .collect();
        ws.write(
            &format!("report-{file:02}.txt"),
            format!("Report {file}\n\n{body}"),
        );
    }
    assert_eq!(ws.run(&["index", "--quiet"]).code, 0);
    let args = ["figures", "--json", "--no-refresh", "-n", "1000000"];
    let full = ws.run(&args);
    assert_eq!(full.code, 0, "{full:?}");
    let all = full.json();
    // Far more output than a pipe holds, so the writer must notice the close.
    assert!(full.stdout.len() > 1 << 20, "{} bytes", full.stdout.len());

    let mut child = Command::new(util::bin())
        .args(args)
        .current_dir(ws.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("quarry runs");
    let mut first = String::new();
    {
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        out.read_line(&mut first).expect("a first line");
    } // the reader goes away, as `head -1` does
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("quarry figures kept running after its reader went away");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
        .expect("stderr");
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert!(stderr.is_empty(), "stderr: {stderr}");
    let line: Value = serde_json::from_str(first.trim_end()).expect("JSON first line");
    assert_eq!(
        line, all[0],
        "the streamed first line is the listing's first"
    );
}

/// Without words, figures are listed in document order: path, then place
/// in the file.
#[test]
fn figures_without_words_come_in_document_order() {
    let (code, all) = json(shipped(), &["figures", "--json", "-n", "100000"]);
    assert_eq!(code, 0);
    assert!(all.len() > 20, "{}", all.len());
    let keys: Vec<(String, u64)> = all
        .iter()
        .map(|f| (s(f, "/doc/path").to_string(), util::pair(f, "bytes").0))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}
