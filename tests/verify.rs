//! `quarry verify`, claim by claim: a table of true statements (paraphrased
//! from the sources) and false variants of each kind — year, month, date,
//! direction, country, company, city, person, whose figure, which figure of
//! a `respectively` list, wrong value — over the shipped corpus and a
//! fixture. No false statement may be supported; every true one must be.

mod util;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;
use util::{Workspace, s};

/// What `verify` must say about a statement.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Supported, every part supported.
    Supported,
    /// Contradicted, with a contradicted part of this kind that names what
    /// the source states and its sentence.
    Contradicted(&'static str),
    /// Anything but supported.
    NotSupported,
    /// A true statement whose parts sit in different sentences: supported or
    /// not found, never contradicted, and no part contradicted (a figure
    /// stated for another part is no contradiction).
    NeverContradicted,
}

use Expect::{Contradicted, NeverContradicted, NotSupported, Supported};

/// Statements about `corpus/`.
const CORPUS: &[(&str, Expect)] = &[
    (
        "In the first half of 2021, Liaoning's foreign trade rose 13.6% year on year",
        Supported,
    ),
    (
        "Liaoning's foreign trade reached 371.53 billion yuan in the first half of 2021",
        Supported,
    ),
    (
        "Paid-in investment in Liaoning increased 28 percent in the first half of 2021",
        Supported,
    ),
    (
        "By the end of 2020, Germany had invested more than $2.9 billion in Liaoning",
        Supported,
    ),
    (
        "Japan's actual investment in Liaoning exceeded $24.3 billion by the end of 2020",
        Supported,
    ),
    (
        "As of December 2020, the actual investment the ROK had made in Liaoning topped $16.8 billion",
        Supported,
    ),
    (
        "As of December 2020, actual investment by the United States in Liaoning exceeded $11.3 billion",
        Supported,
    ),
    (
        "Intel Semiconductor (Dalian) has a registered capital of $2.22 billion",
        Supported,
    ),
    (
        "Intel Semiconductor (Dalian), set up in June 2006, had a total investment of $8.88 billion",
        Supported,
    ),
    (
        "Key process numerical control penetration in large-scale industrial enterprises stands at 55.2 percent",
        Supported,
    ),
    (
        "The penetration rate of digital R&D design tools is 73.8 percent",
        Supported,
    ),
    (
        "In 2019, the province's trade with Japan totalled 98.2 billion yuan",
        Supported,
    ),
    (
        "Japan is the largest trading partner of Liaoning",
        Supported,
    ),
    (
        "From January to June, 5.45 million cross-border e-commerce orders were fulfilled through the Shenyang area",
        Supported,
    ),
    (
        "In the first half of the year, cross-border e-commerce orders worth 700 million yuan went through the Shenyang area",
        Supported,
    ),
    (
        "The Liaoning FTZ had attracted 69,000 businesses by July",
        Supported,
    ),
    (
        "Since 2010 BMW Brilliance has invested around 83 billion yuan in Shenyang",
        Supported,
    ),
    (
        "On June 23, the German automaker opened a plant with an investment of 15 billion yuan",
        Supported,
    ),
    (
        "On June 28, the German automaker opened a plant with an investment of 15 billion yuan",
        Contradicted("date"),
    ),
    (
        "Shenyang's total GDP was equivalent to 106.9 billion euros in 2014, up 6% year on year",
        Supported,
    ),
    (
        "In 2021, Liaoning's imports and exports of goods reached 772.4 billion yuan, up 17.6 percent",
        Supported,
    ),
    (
        "The provincial government set up a special fund of 2.08 billion yuan last year",
        Supported,
    ),
    (
        "Dayang Group, a suit maker with 4,500 employees, invested 200 million yuan in its AI production system",
        Supported,
    ),
    (
        "Overall production efficiency for customized clothing has increased by 22 percent",
        Supported,
    ),
    (
        "Michelin set up its first Chinese joint venture in Shenyang in 1995",
        Supported,
    ),
    (
        "In 2018 Brilliance Auto and Renault signed a strategic cooperation agreement",
        Supported,
    ),
    (
        "71,316 businesses have registered to open in the China (Liaoning) Pilot Free Trade Zone",
        Supported,
    ),
    (
        "Travel time from Japan to Kazakhstan was reduced to about 30 days",
        Supported,
    ),
    (
        "A direct container shipping route between Jinzhou Port in Liaoning and Vostochny Port in Russia was added on August 9",
        Supported,
    ),
    (
        "Key process numerical control and digital R&D design tool penetration rates are 55.2% and 73.8%, respectively",
        Supported,
    ),
    (
        "In the first half of 2020, Liaoning's foreign trade grew 13.6 percent year-on-year",
        Contradicted("year"),
    ),
    (
        "By the end of 2019, Germany had invested more than $2.9 billion in Liaoning",
        Contradicted("year"),
    ),
    (
        "BMW Brilliance has invested around 83 billion yuan in Shenyang since 2012",
        Contradicted("year"),
    ),
    (
        "In 2022, Liaoning's imports and exports of goods reached 772.4 billion yuan",
        Contradicted("year"),
    ),
    (
        "Liaoning's foreign trade fell 13.6 percent in the first half of 2021",
        Contradicted("direction"),
    ),
    (
        "Paid-in investment in Liaoning dropped 28 percent in the first half of 2021",
        Contradicted("direction"),
    ),
    (
        "Overall production efficiency for customized clothing has decreased by 22 percent",
        Contradicted("direction"),
    ),
    (
        "Shenyang's total GDP was 106.9 billion euros in 2014, down 6% year on year",
        Contradicted("direction"),
    ),
    (
        "Liaoning's foreign trade fell 13.6 percent year-on-year in the first half of 2020",
        Contradicted("year"),
    ),
    (
        "By the end of 2020, France had invested more than $2.9 billion in Liaoning",
        Contradicted("entity"),
    ),
    (
        "As of December 2020, the actual investment Japan had made in Liaoning exceeded $16.8 billion",
        Contradicted("entity"),
    ),
    (
        "South Korea is Liaoning's biggest trading partner",
        Contradicted("entity"),
    ),
    (
        "As of December 2020, actual investment by Russia in Liaoning exceeded $11.3 billion",
        Contradicted("entity"),
    ),
    (
        "Siemens set up its first Chinese joint venture in Shenyang in 1995",
        Contradicted("entity"),
    ),
    (
        "Brilliance Auto and Volkswagen signed a strategic cooperation agreement in 2018",
        Contradicted("entity"),
    ),
    (
        "Samsung Semiconductor (Dalian) was established in June 2006 with a total investment of $8.88 billion",
        Contradicted("entity"),
    ),
    (
        "In late June, a new air cargo route was launched between Shenyang and Tokyo",
        Contradicted("entity"),
    ),
    (
        "Michelin set up its first Chinese joint venture in Dalian in 1995",
        Contradicted("entity"),
    ),
    (
        "BMW Brilliance has invested around 83 billion yuan in Dalian since 2010",
        Contradicted("entity"),
    ),
    (
        "From January to June, 5.45 million cross-border e-commerce orders were fulfilled through the Dalian area",
        Contradicted("entity"),
    ),
    (
        "Intel Semiconductor (Dalian) has a registered capital of $8.88 billion",
        Contradicted("of"),
    ),
    (
        "Intel Semiconductor (Dalian) had a total investment of $2.22 billion",
        Contradicted("of"),
    ),
    (
        "Liaoning's paid-in investment grew 13.6 percent in the first half of 2021",
        NotSupported,
    ),
    (
        "The penetration rate of digital R&D design tools in large-scale industrial enterprises is 55.2 percent",
        Contradicted("of"),
    ),
    (
        "Key process numerical control and digital R&D design tool penetration rates stand at 73.8 percent and 55.2 percent, respectively",
        Contradicted("of"),
    ),
    (
        "Liaoning's foreign trade grew 13.5 percent in the first half of 2021",
        Contradicted("figure"),
    ),
    (
        "The Liaoning FTZ had attracted 96,000 businesses by July",
        Contradicted("figure"),
    ),
    (
        "As of December 2020, Japan's actual investment in Liaoning exceeded $34.3 billion",
        Contradicted("figure"),
    ),
    ("Dayang Group has 5,400 employees", Contradicted("figure")),
    (
        "Intel Semiconductor (Dalian) was established in July 2006",
        Contradicted("month"),
    ),
    (
        "A direct container shipping route linking Jinzhou Port and Vostochny Port was added on Aug 19",
        Contradicted("date"),
    ),
    (
        "The provincial government set up a special fund of 2.57 billion yuan last year",
        NotSupported,
    ),
    ("Penguins colonised the Gobi desert in 1850", NotSupported),
];

/// Statements about `tests/fixtures/verify/` (a trade review dated
/// 2023-04-02, so its `last year` is 2022).
const FIXTURE: &[(&str, Expect)] = &[
    (
        "China's exports to the United States fell 8.5% in 2022",
        Supported,
    ),
    ("Imports from the US grew 1.6 percent in 2022", Supported),
    (
        "China's exports to the United States rose 8.5% in 2022",
        Contradicted("direction"),
    ),
    (
        "China's exports to Japan fell 8.5% in 2022",
        Contradicted("entity"),
    ),
    (
        "China's exports to the United States fell 8.5% in 2021",
        Contradicted("year"),
    ),
    (
        "Vantor Motors reported revenue of $2.4 billion in 2022",
        Supported,
    ),
    (
        "Halden Foods reported revenue of $2.4 billion in 2022",
        Contradicted("of"),
    ),
    (
        "Kestrel Robotics employed 12,400 people in Ningbo as of March 2023",
        Supported,
    ),
    (
        "Kestrel Robotics employed 12,400 people in Ningbo as of March 2022",
        Contradicted("year"),
    ),
    (
        "Kestrel Robotics employed 12,400 people in Wuhan as of March 2023",
        Contradicted("entity"),
    ),
    (
        "Kestrel Robotics employed 12,400 people in Ningbo as of May 2023",
        Contradicted("month"),
    ),
    (
        "Anna Petrov is the chief executive of Kestrel Robotics",
        Supported,
    ),
    (
        "Mei Lin is the chief executive of Kestrel Robotics",
        Contradicted("entity"),
    ),
    (
        "In October 2021 Vantor Motors opened a battery plant in Changsha with an investment of 6.5 billion yuan",
        Supported,
    ),
    (
        "In October 2021 Vantor Motors opened a battery plant in Changsha with an investment of 5.6 billion yuan",
        Contradicted("figure"),
    ),
];

/// Statements about `tests/fixtures/verify-units/`: figures whose unit of
/// time, length or mass, counted noun or `percentage points` differ from the
/// source's; figures swapped between nouns; statements without figures
/// (a relation the sentence must state, opposite words, bare words); true
/// statements whose figures sit in two adjacent sentences.
const UNITS: &[(&str, Expect)] = &[
    // Units of time: another unit is another figure; the same span in
    // another unit is the same figure.
    (
        "The ferry crossing from Harwick to Ostra Island takes about 90 minutes",
        Supported,
    ),
    (
        "The ferry crossing from Harwick to Ostra Island takes about 1.5 hours",
        Supported,
    ),
    (
        "The ferry crossing from Harwick to Ostra Island takes about 90 hours",
        Contradicted("figure"),
    ),
    (
        "The ferry crossing from Harwick to Ostra Island takes about 90 seconds",
        NotSupported,
    ),
    ("The spring festival in Belmont lasts 3 weeks", Supported),
    ("The spring festival in Belmont lasts 21 days", Supported),
    (
        "The spring festival in Belmont lasts 3 months",
        NotSupported,
    ),
    ("The spring festival in Belmont lasts 3 years", NotSupported),
    // Length and mass.
    ("The new Belmont bridge is 320 metres long", Supported),
    ("The new Belmont bridge is 320 feet long", NotSupported),
    ("The new Belmont bridge is 320 yards long", NotSupported),
    (
        "The autumn apple harvest in Ostra weighed 12 tonnes",
        Supported,
    ),
    (
        "The autumn apple harvest in Ostra weighed 12 kilograms",
        NotSupported,
    ),
    // Counted nouns.
    (
        "The new Belmont bridge carries 45,000 vehicles a day",
        Supported,
    ),
    (
        "The new Belmont bridge carries 45,000 cyclists a day",
        NotSupported,
    ),
    (
        "The new Belmont bridge carries 45,000 passengers a day",
        NotSupported,
    ),
    (
        "The spring festival in Belmont draws 60,000 visitors",
        Supported,
    ),
    (
        "The spring festival in Belmont draws 60,000 exhibitors",
        NotSupported,
    ),
    (
        "During the 2021 flood the Harwick shelter housed 130 people",
        Supported,
    ),
    (
        "During the 2021 flood the Harwick shelter housed 130 families",
        Contradicted("figure"),
    ),
    (
        "During the 2021 flood the Harwick shelter housed 40 people",
        Contradicted("figure"),
    ),
    // Two counted figures swapped between their nouns.
    (
        "The Harwick fishing cooperative now has 250 members in 12 villages",
        Supported,
    ),
    (
        "The Harwick fishing cooperative now has 12 members in 250 villages",
        Contradicted("figure"),
    ),
    (
        "The Harwick fishing cooperative now has 250 boats in 12 villages",
        NotSupported,
    ),
    (
        "The Harwick fishing cooperative now has 250 members in 12 towns",
        NotSupported,
    ),
    // Percentage points are not percent.
    (
        "Unemployment in the Vell region fell 2.4 percentage points in 2022",
        Supported,
    ),
    (
        "Unemployment in the Vell region fell 2.4 percent in 2022",
        NotSupported,
    ),
    (
        "Retail sales in the Vell region rose 3.1 percentage points in 2022",
        NotSupported,
    ),
    // No figure: the sentence must state the relation.
    ("Belmont is the capital of the Vell region", Supported),
    ("Harwick is the capital of the Vell region", NotSupported),
    ("Ostra is the capital of the Vell region", NotSupported),
    (
        "Ostra Shipping is the largest employer in Harwick",
        Supported,
    ),
    (
        "Ostra Shipping is the biggest employer in Harwick",
        Supported,
    ),
    (
        "Ostra Shipping is the smallest employer in Harwick",
        Contradicted("opposite"),
    ),
    (
        "Harwick's port handles most of the region's exports of timber",
        Supported,
    ),
    (
        "Harwick's port handles most of the region's imports of timber",
        Contradicted("opposite"),
    ),
    (
        "Harwick's port handles the least of the region's exports of timber",
        Contradicted("opposite"),
    ),
    (
        "Ostra Shipping is the second-largest employer in Harwick",
        Contradicted("opposite"),
    ),
    (
        "Ostra Shipping is the third biggest employer in Harwick",
        Contradicted("opposite"),
    ),
    (
        "Belmont has the second highest rainfall in the region",
        NotSupported,
    ),
    (
        "Harwick Timber is the second-largest employer in Belmont",
        Supported,
    ),
    (
        "Harwick Timber is the largest employer in Belmont",
        Contradicted("opposite"),
    ),
    ("The Vell region ran a trade surplus in 2022", Supported),
    (
        "The Vell region ran a trade deficit in 2022",
        Contradicted("opposite"),
    ),
    (
        "Belmont has the lowest rainfall in the Vell region",
        Contradicted("opposite"),
    ),
    (
        "The Vell is the shortest river in the region",
        Contradicted("opposite"),
    ),
    // Nothing checkable.
    ("timber", NotSupported),
    ("Harwick", NotSupported),
    ("ferry crossing", NotSupported),
    ("Belmont rainfall", NotSupported),
    ("rose 12 percent", NotSupported),
    ("fell in 2022", NotSupported),
    // Figures of one statement in two adjacent sentences.
    (
        "In 2022 timber exports from Harwick rose 12 percent and fish exports rose 4 percent",
        NeverContradicted,
    ),
    (
        "Fish exports rose 4 percent and timber exports from Harwick rose 12 percent in 2022",
        NeverContradicted,
    ),
    (
        "In 2022 timber exports from Harwick rose 12 percent and ferry traffic fell 7 percent",
        NeverContradicted,
    ),
    (
        "In 2022 timber exports from Harwick reached 80 million euros and fish exports reached 30 million euros",
        NeverContradicted,
    ),
    (
        "In 2022 timber exports from Harwick rose 12 percent and fish exports rose 9 percent",
        NotSupported,
    ),
];

/// Runs `quarry verify --json -` in `ws` with `statements` on stdin.
fn verify_stdin(ws: &Workspace, statements: &[&str]) -> (i32, Vec<Value>) {
    let mut child = Command::new(util::bin())
        .args(["verify", "--no-refresh", "--json", "-"])
        .current_dir(ws.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("quarry runs");
    let input = statements.join("\n");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("quarry ends");
    let lines = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON {l:?}: {e}")))
        .collect();
    (out.status.code().unwrap_or(-1), lines)
}

fn check_table(ws: &Workspace, table: &[(&str, Expect)]) {
    let statements: Vec<&str> = table.iter().map(|(st, _)| *st).collect();
    let (code, results) = verify_stdin(ws, &statements);
    assert_eq!(results.len(), table.len(), "one result per statement");
    let any_false = table.iter().any(|(_, e)| !matches!(e, Supported));
    assert_eq!(code, if any_false { 1 } else { 0 });
    let mut failures = Vec::new();
    for ((statement, expect), v) in table.iter().zip(&results) {
        assert_eq!(s(v, "/statement"), *statement);
        let verdict = s(v, "/verdict");
        let parts = v["parts"].as_array().expect("parts");
        let ok = match expect {
            Supported => {
                verdict == "supported"
                    && !s(v, "/sentence").is_empty()
                    && parts.iter().all(|p| s(p, "/verdict") == "supported")
            }
            Contradicted(kind) => {
                verdict == "contradicted"
                    && parts.iter().any(|p| {
                        s(p, "/kind") == *kind
                            && s(p, "/verdict") == "contradicted"
                            && !s(p, "/stated").is_empty()
                            && !s(p, "/sentence").is_empty()
                    })
            }
            NotSupported => verdict != "supported",
            NeverContradicted => {
                verdict != "contradicted"
                    && parts.iter().all(|p| s(p, "/verdict") != "contradicted")
            }
        };
        if !ok {
            failures.push(format!("{statement:?}: expected {expect:?}, got {v}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn verify_judges_every_part_over_the_corpus() {
    let ws = Workspace::shipped();
    assert_eq!(ws.run(&["index"]).code, 0);
    check_table(&ws, CORPUS);
}

#[test]
fn verify_judges_every_part_over_the_fixture() {
    let ws = fixture();
    check_table(&ws, FIXTURE);
}

#[test]
fn verify_compares_units_nouns_relations_and_opposites() {
    let ws = Workspace::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/verify-units");
    for name in ["vell-region-notes.txt", "catalog.toml"] {
        let text = std::fs::read(dir.join(name)).expect("fixture");
        ws.write(name, text);
    }
    assert_eq!(ws.run(&["index"]).code, 0);
    check_table(&ws, UNITS);
}

#[test]
fn a_statement_with_nothing_checkable_says_so() {
    let ws = fixture();
    for statement in [
        "exports",
        "Kestrel Robotics",
        "Kestrel Robotics Ningbo",
        "shrank 8.5%",
        "2022",
    ] {
        let (code, v) = verify_stdin(&ws, &[statement]);
        assert_eq!(code, 1, "{statement}");
        assert_eq!(s(&v[0], "/verdict"), "not_found", "{}", v[0]);
        assert!(
            s(&v[0], "/note").starts_with("nothing checkable"),
            "{}",
            v[0]
        );
    }
    let run = ws.run(&["verify", "--no-refresh", "exports"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("(nothing checkable"), "{}", run.stdout);
}

fn fixture() -> Workspace {
    let ws = Workspace::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/verify");
    for name in ["harbor-trade-review.txt", "catalog.toml"] {
        let text = std::fs::read(dir.join(name)).expect("fixture");
        ws.write(name, text);
    }
    assert_eq!(ws.run(&["index"]).code, 0);
    ws
}

#[test]
fn verify_reports_each_part_with_what_the_source_states() {
    let ws = fixture();
    let (code, v) = verify_stdin(
        &ws,
        &["Halden Foods reported revenue of $2.4 billion in 2022"],
    );
    assert_eq!(code, 1);
    let v = &v[0];
    assert_eq!(s(v, "/verdict"), "contradicted");
    let of = v["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .find(|p| s(p, "/kind") == "of")
        .expect("an `of` part");
    assert_eq!(s(of, "/verdict"), "contradicted");
    assert_eq!(s(of, "/stated"), "Vantor Motors");
    assert!(
        s(of, "/note").contains("$0.9 billion for Halden Foods"),
        "{of}"
    );
    assert!(s(v, "/sentence").contains("respectively"));

    // People read the same parts.
    let run = ws.run(&[
        "verify",
        "--no-refresh",
        "China's exports to the United States rose 8.5% in 2022",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.starts_with("CONTRADICTED:"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("direction rose: CONTRADICTED, the source says “shrank”"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("year      2022: supported, stated as “last year (2022)”"),
        "{}",
        run.stdout
    );
}

#[test]
fn verify_exit_codes() {
    let ws = fixture();
    let (code, _) = verify_stdin(
        &ws,
        &[
            "Imports from the US grew 1.6 percent in 2022",
            "Vantor Motors reported revenue of $2.4 billion in 2022",
        ],
    );
    assert_eq!(code, 0, "all supported");
    let (code, _) = verify_stdin(
        &ws,
        &[
            "Imports from the US grew 1.6 percent in 2022",
            "Imports from the US fell 1.6 percent in 2022",
        ],
    );
    assert_eq!(code, 1, "one not supported");
    let run = ws.run(&[
        "verify",
        "--no-refresh",
        "--index",
        "no-such-index",
        "anything",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("quarry: "), "{}", run.stderr);
}
