//! PDF files: generated here with lopdf (the writer half of the library
//! quarry reads them with), so the expected text of every page is known,
//! then indexed and searched through the real binary.

mod util;

use pdf_extract::content::{Content, Operation};
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use serde_json::Value;
use util::{Workspace, s};

/// A page is US Letter.
const PAGE_HEIGHT: f64 = 792.0;

/// Text drawn at `x`, `y` (from the top of the page) in Helvetica at `size`.
#[derive(Clone)]
struct Text {
    x: f64,
    y: f64,
    size: f64,
    text: String,
}

fn text(x: f64, y: f64, size: f64, t: &str) -> Text {
    Text {
        x,
        y,
        size,
        text: t.to_string(),
    }
}

/// Lines set one under the other from `y`, 12 points apart, at 10 points.
fn column(x: f64, y: f64, lines: &[&str]) -> Vec<Text> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| text(x, y + 12.0 * i as f64, 10.0, l))
        .collect()
}

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

fn string(s: &str) -> Object {
    Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
}

fn dict(entries: Vec<(&str, Object)>) -> Dictionary {
    let mut d = Dictionary::new();
    for (k, v) in entries {
        d.set(k, v);
    }
    d
}

/// What to put in a generated PDF besides its pages.
#[derive(Default)]
struct Extras<'a> {
    /// `/Title`, `/Author`, `/CreationDate` of the Info dictionary.
    info: Option<(&'a str, &'a str, &'a str)>,
    /// The catalog's `/PageLabels /Nums` array.
    labels: Option<Vec<Object>>,
    /// Encrypt with this user password.
    password: Option<&'a str>,
}

/// A PDF whose pages hold `pages` (an empty page holds a drawn rectangle only).
fn pdf(pages: &[Vec<Text>], extras: Extras) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dict(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type1")),
        ("BaseFont", name("Helvetica")),
        ("Encoding", name("WinAnsiEncoding")),
    ]));
    // A font whose code 1 draws the "fi" ligature glyph.
    let ligature_font = doc.add_object(dict(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type1")),
        ("BaseFont", name("Helvetica")),
        (
            "Encoding",
            Object::Dictionary(dict(vec![
                ("Type", name("Encoding")),
                ("BaseEncoding", name("WinAnsiEncoding")),
                (
                    "Differences",
                    Object::Array(vec![Object::Integer(1), name("fi")]),
                ),
            ])),
        ),
    ]));
    let resources = doc.add_object(dict(vec![(
        "Font",
        Object::Dictionary(dict(vec![
            ("F1", Object::Reference(font)),
            ("F2", Object::Reference(ligature_font)),
        ])),
    )]));
    let mut kids = Vec::new();
    for page in pages {
        let mut ops = Vec::new();
        if page.is_empty() {
            ops.push(Operation::new(
                "re",
                vec![50.into(), 50.into(), 200.into(), 200.into()],
            ));
            ops.push(Operation::new("f", vec![]));
        }
        for t in page {
            // `\x01` in the text selects the ligature font for the whole line.
            let font = if t.text.contains('\x01') { "F2" } else { "F1" };
            ops.push(Operation::new("BT", vec![]));
            ops.push(Operation::new("Tf", vec![name(font), t.size.into()]));
            ops.push(Operation::new(
                "Td",
                vec![t.x.into(), (PAGE_HEIGHT - t.y).into()],
            ));
            ops.push(Operation::new("Tj", vec![string(&t.text)]));
            ops.push(Operation::new("ET", vec![]));
        }
        let content = Content { operations: ops }
            .encode()
            .expect("encode content");
        let page_id = add_page(&mut doc, pages_id, content, Object::Reference(resources));
        kids.push(Object::Reference(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dict(vec![
            ("Type", name("Pages")),
            ("Kids", Object::Array(kids)),
            ("Count", Object::Integer(count)),
        ])),
    );
    let mut catalog = dict(vec![
        ("Type", name("Catalog")),
        ("Pages", Object::Reference(pages_id)),
    ]);
    if let Some(nums) = extras.labels {
        catalog.set(
            "PageLabels",
            Object::Dictionary(dict(vec![("Nums", Object::Array(nums))])),
        );
    }
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", Object::Reference(catalog_id));
    if let Some((title, author, date)) = extras.info {
        let info = doc.add_object(dict(vec![
            ("Title", string(title)),
            ("Author", string(author)),
            ("CreationDate", string(date)),
        ]));
        doc.trailer.set("Info", Object::Reference(info));
    }
    if let Some(password) = extras.password {
        let id = Object::String(b"0123456789abcdef".to_vec(), StringFormat::Hexadecimal);
        doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
        let version = pdf_extract::EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner",
            user_password: password,
            key_length: 128,
            permissions: pdf_extract::Permissions::all(),
        };
        let state = pdf_extract::EncryptionState::try_from(version).expect("encryption state");
        doc.encrypt(&state).expect("encrypt");
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

/// Adds a US-letter page under `pages_id` showing `content` with
/// `resources`; returns its id.
fn add_page(
    doc: &mut Document,
    pages_id: ObjectId,
    content: Vec<u8>,
    resources: Object,
) -> ObjectId {
    let content_id = doc.add_object(Stream::new(Dictionary::new(), content));
    doc.add_object(dict(vec![
        ("Type", name("Page")),
        ("Parent", Object::Reference(pages_id)),
        ("Contents", Object::Reference(content_id)),
        ("Resources", resources),
        (
            "MediaBox",
            Object::Array(vec![0.into(), 0.into(), 612.into(), 792.into()]),
        ),
    ]))
}

/// The first hit of a phrase search, which must exist (else the test
/// fails showing every passage).
fn first_hit(ws: &Workspace, phrase: &str) -> Value {
    let run = ws.run(&["search", "--json", "-n", "1", &format!("\"{phrase}\"")]);
    if let Some(hit) = run.json().into_iter().next() {
        return hit;
    }
    let all = ws.search_json(&["-n", "1000", "--", "-qqqqzzzz"]);
    let texts: Vec<&str> = all.iter().map(|h| s(h, "/text")).collect();
    panic!("\"{phrase}\" not found in {texts:#?}\n{}", run.stderr);
}

fn pages(hit: &Value) -> (u64, u64) {
    util::pair(hit, "pages")
}

const FIRST: &[&str] = &[
    "Widgets are small devices that people use every day in",
    "their kitchens and offices. This report counts them.",
];
const SECOND: &[&str] = &[
    "The second page explains where the widgets come from and",
    "why the factories in the north make most of them.",
];

#[test]
fn single_column_passages_carry_pages_and_pdf_metadata() {
    let ws = Workspace::new();
    let mut page1 = vec![text(72.0, 80.0, 20.0, "Widgets in Daily Life")];
    page1.extend(column(72.0, 130.0, FIRST));
    ws.write(
        "report.pdf",
        pdf(
            &[page1, column(72.0, 100.0, SECOND)],
            Extras {
                info: Some(("A Report on Widgets", "Ada Lovelace", "D:20210924113000Z")),
                ..Extras::default()
            },
        ),
    );
    let hit = first_hit(&ws, "factories in the north make most");
    assert_eq!(pages(&hit), (2, 2), "{hit}");
    assert!(hit["lines"].is_null() && hit["bytes"].is_null(), "{hit}");
    assert!(hit["page_labels"].is_null(), "{hit}");
    assert_eq!(s(&hit, "/doc/title"), "A Report on Widgets");
    assert_eq!(s(&hit, "/doc/author"), "Ada Lovelace");
    assert_eq!(s(&hit, "/doc/date"), "2021-09-24");
    let hit = first_hit(&ws, "every day in their kitchens");
    assert_eq!(pages(&hit), (1, 1), "{hit}");

    // Human output names the page; a citation gives it in every style.
    let run = ws.run(&["search", "factories north"]);
    assert!(run.stdout.contains("report.pdf:p.2"), "{}", run.stdout);
    for style in ["plain", "markdown", "bibtex", "csl-json"] {
        let run = ws.run(&["cite", "--style", style, "factories north"]);
        assert_eq!(run.code, 0, "{run:?}");
        assert!(run.stdout.contains("p. 2"), "{style}: {}", run.stdout);
        assert!(!run.stdout.contains("line"), "{style}: {}", run.stdout);
    }
}

#[test]
fn without_metadata_the_largest_text_is_the_title() {
    let ws = Workspace::new();
    let mut page = vec![text(72.0, 80.0, 22.0, "Widgets in Daily Life")];
    page.extend(column(72.0, 130.0, FIRST));
    ws.write("untitled.pdf", pdf(&[page], Extras::default()));
    let hit = first_hit(&ws, "kitchens and offices");
    assert_eq!(s(&hit, "/doc/title"), "Widgets in Daily Life");
    assert!(hit["doc"]["author"].is_null());
}

#[test]
fn two_columns_are_read_one_after_the_other() {
    let left = [
        "alpha bravo charlie delta echo foxtrot golf",
        "hotel india juliet kilo lima mike november",
        "oscar papa quebec romeo sierra tango uniform.",
    ];
    let right = [
        "one two three four five six seven eight",
        "nine ten eleven twelve thirteen fourteen",
        "fifteen sixteen seventeen eighteen nineteen.",
    ];
    let ws = Workspace::new();
    let mut page = vec![text(
        72.0,
        80.0,
        10.0,
        "A heading line that runs across both of the columns of this page to test layout",
    )];
    page.extend(column(72.0, 130.0, &left));
    page.extend(column(320.0, 130.0, &right));
    ws.write("columns.pdf", pdf(&[page], Extras::default()));
    // Each column's lines follow each other…
    first_hit(&ws, "foxtrot golf hotel india");
    first_hit(&ws, "mike november oscar papa");
    first_hit(&ws, "eight nine ten eleven");
    first_hit(&ws, "fourteen fifteen sixteen");
    // …and never the other column's line beside them.
    for across in ["golf one two", "seven eight hotel", "uniform fifteen"] {
        let run = ws.run(&["search", "--count", &format!("\"{across}\"")]);
        assert_eq!(run.stdout.trim(), "0", "{across}: {run:?}");
    }
}

#[test]
fn running_headers_page_numbers_and_page_breaks() {
    let ws = Workspace::new();
    let bodies: [&[&str]; 3] = [
        &[
            "The committee met on Tuesday to discuss the budget and",
            "the plans for the coming year, and agreed that the",
        ],
        &[
            "new library would open in the spring after a long",
            "delay. The members then turned to the question of roads.",
        ],
        &[
            "Road repairs were the last item on the agenda and the",
            "meeting closed at nine in the evening with thanks.",
        ],
    ];
    let minutes: Vec<Vec<Text>> = bodies
        .iter()
        .enumerate()
        .map(|(i, body)| {
            let mut page = vec![text(72.0, 40.0, 9.0, "Minutes of the Town Council 2021")];
            page.extend(column(72.0, 100.0, body));
            page.push(text(300.0, 760.0, 9.0, &format!("{}", i + 1)));
            page
        })
        .collect();
    ws.write("minutes.pdf", pdf(&minutes, Extras::default()));
    // A paragraph cut by the page break is one passage on both pages.
    let hit = first_hit(&ws, "agreed that the new library would open");
    assert_eq!(pages(&hit), (1, 2), "{hit}");
    let hit = first_hit(&ws, "meeting closed at nine");
    assert_eq!(pages(&hit), (3, 3), "{hit}");
    // The running header is gone, and so are the page numbers.
    let run = ws.run(&["search", "--count", "\"Town Council\""]);
    assert_eq!(run.stdout.trim(), "0", "{run:?}");
    let all = ws.search_json(&["-n", "100", "--", "-zzzz"]);
    for hit in &all {
        let t = s(hit, "/text");
        assert!(
            !t.contains("Council") && !t.ends_with(" 1") && !t.ends_with(" 2"),
            "{t}"
        );
    }
}

#[test]
fn hyphenated_words_and_ligatures_are_rejoined() {
    let ws = Workspace::new();
    let page = column(
        72.0,
        100.0,
        &[
            "The laboratory ran a long series of experi-",
            "mental trials with a new and ef\x01cient method,",
            "and the results were checked twice by hand.",
        ],
    );
    ws.write("lab.pdf", pdf(&[page], Extras::default()));
    let hit = first_hit(&ws, "experimental trials with a new and efficient method");
    assert_eq!(pages(&hit), (1, 1));
    assert!(s(&hit, "/text").contains("experimental trials"), "{hit}");
}

#[test]
fn page_labels_are_printed_and_cited() {
    let ws = Workspace::new();
    let book = vec![
        column(
            72.0,
            100.0,
            &[
                "Preface text that talks about the book in general terms",
                "and says who it is written for and why.",
            ],
        ),
        column(
            72.0,
            100.0,
            &[
                "More preface text, thanking the many people who helped",
                "with the maps, the photographs and the index.",
            ],
        ),
        column(
            72.0,
            100.0,
            &[
                "Chapter one begins with the history of the river valley",
                "from the first farms to the building of the dam.",
            ],
        ),
    ];
    let labels = vec![
        Object::Integer(0),
        Object::Dictionary(dict(vec![("S", name("r"))])),
        Object::Integer(2),
        Object::Dictionary(dict(vec![("S", name("D"))])),
    ];
    ws.write(
        "book.pdf",
        pdf(
            &book,
            Extras {
                labels: Some(labels),
                ..Extras::default()
            },
        ),
    );
    let hit = first_hit(&ws, "history of the river valley");
    assert_eq!(pages(&hit), (3, 3));
    assert_eq!(hit["page_labels"], serde_json::json!(["1", "1"]), "{hit}");
    let hit = first_hit(&ws, "thanking the many people");
    assert_eq!(hit["page_labels"], serde_json::json!(["ii", "ii"]), "{hit}");
    let run = ws.run(&["search", "thanking people"]);
    assert!(run.stdout.contains("book.pdf:p.ii"), "{}", run.stdout);
    let run = ws.run(&["cite", "thanking people"]);
    assert!(run.stdout.contains("p. ii"), "{}", run.stdout);
}

#[test]
fn encrypted_image_only_and_broken_pdfs_are_skipped_with_a_note() {
    let ws = Workspace::new();
    ws.write(
        "good.pdf",
        pdf(&[column(72.0, 100.0, FIRST)], Extras::default()),
    );
    ws.write(
        "secret.pdf",
        pdf(
            &[column(72.0, 100.0, SECOND)],
            Extras {
                password: Some("letmein"),
                ..Extras::default()
            },
        ),
    );
    ws.write(
        "scan.pdf",
        pdf(&[Vec::new(), Vec::new()], Extras::default()),
    );
    ws.write("empty.pdf", b"");
    ws.write("junk.pdf", b"this is not a PDF at all\n");
    let good = pdf(&[column(72.0, 100.0, SECOND)], Extras::default());
    ws.write("truncated.pdf", &good[..good.len() / 2]);
    let mut prefixed = b"garbage before the header\n".to_vec();
    prefixed.extend_from_slice(&good);
    ws.write("prefixed.pdf", prefixed);

    let run = ws.run(&["index"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("secret.pdf (encrypted PDF: no text layer"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("scan.pdf (PDF with no text layer"),
        "{}",
        run.stderr
    );
    for broken in ["empty.pdf", "junk.pdf"] {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains("warning") && l.contains(broken)),
            "{broken}: {}",
            run.stderr
        );
    }
    let hit = first_hit(&ws, "kitchens and offices");
    assert_eq!(s(&hit, "/doc/path"), "good.pdf");
    // Nothing of the encrypted file's text was indexed.
    let hits = ws.search_json(&["--no-collapse", "-n", "50", "\"factories in the north\""]);
    assert!(
        hits.iter().all(|h| s(h, "/doc/path") != "secret.pdf"),
        "{hits:?}"
    );
    // A second run reads nothing again and still reports the skipped files.
    let run = ws.run(&["index"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("secret.pdf (encrypted"),
        "{}",
        run.stderr
    );
}

/// Every PDF of `../shared/data/pdf/` (when present) is indexed with pages,
/// and phrases taken from known pages (read by poppler's `pdftotext`, when
/// installed) are found on those pages.
#[test]
fn real_pdfs_index_with_pages() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/pdf");
    if !shared.is_dir() {
        eprintln!("skipped: {} is absent", shared.display());
        return;
    }
    let ws = Workspace::new();
    let mut papers = Vec::new();
    for entry in std::fs::read_dir(&shared).expect("read shared PDFs") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "pdf") {
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            std::fs::copy(&path, ws.corpus().join(&name)).expect("copy");
            papers.push(name);
        }
    }
    papers.sort();
    let run = ws.run(&["index"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let hits = ws.search_json(&[
        "--no-collapse",
        "--fields",
        "doc.path,pages",
        "-n",
        "10000000",
        "--",
        "-qqqqzzzz",
    ]);
    let mut seen = std::collections::BTreeSet::new();
    for hit in &hits {
        let (first, last) = pages(hit);
        assert!(first >= 1 && last >= first, "{hit}");
        seen.insert(s(hit, "/doc/path").to_string());
    }
    let missing: Vec<&String> = papers.iter().filter(|p| !seen.contains(*p)).collect();
    assert!(missing.is_empty(), "PDFs without passages: {missing:?}");

    let pdftotext = std::path::Path::new("/usr/bin/pdftotext");
    if !pdftotext.exists() {
        eprintln!("skipped the phrase check: no /usr/bin/pdftotext");
        return;
    }
    let (mut found, mut tried) = (0, 0);
    for (i, paper) in papers.iter().enumerate() {
        let page = 1 + (i % 3) as u64;
        let out = std::process::Command::new(pdftotext)
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(ws.corpus().join(paper))
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let reference = String::from_utf8_lossy(&out.stdout);
        let Some(phrase) = reference.lines().find_map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let plain = words.len() >= 8
                && words
                    .iter()
                    .all(|w| w.chars().all(|c| c.is_ascii_alphabetic()));
            plain.then(|| words[1..7].join(" "))
        }) else {
            continue;
        };
        tried += 1;
        let run = ws.run(&[
            "search",
            "--json",
            "--no-collapse",
            "--fields",
            "doc.path,pages",
            "-n",
            "50",
            &format!("\"{phrase}\""),
        ]);
        let on_page = run.json().iter().any(|h| {
            let (a, b) = pages(h);
            s(h, "/doc/path") == paper && a <= page && page <= b
        });
        if on_page {
            found += 1;
        } else {
            eprintln!("not found on page {page} of {paper}: {phrase}");
        }
    }
    assert!(tried >= 30, "only {tried} phrases could be taken");
    assert!(
        found * 100 >= tried * 90,
        "{found} of {tried} phrases found on their page"
    );
}

/// A one-page PDF drawing `content` with the font `font` as `/F1` (`font`
/// is given the document to add the objects it needs, such as glyph
/// procedures).
fn pdf_with_font(font: impl FnOnce(&mut Document) -> Dictionary, content: Vec<u8>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = font(&mut doc);
    let font_id = doc.add_object(font);
    let resources = dict(vec![(
        "Font",
        Object::Dictionary(dict(vec![("F1", Object::Reference(font_id))])),
    )]);
    let page_id = add_page(&mut doc, pages_id, content, Object::Dictionary(resources));
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dict(vec![
            ("Type", name("Pages")),
            ("Kids", Object::Array(vec![Object::Reference(page_id)])),
            ("Count", Object::Integer(1)),
        ])),
    );
    let catalog = doc.add_object(dict(vec![
        ("Type", name("Catalog")),
        ("Pages", Object::Reference(pages_id)),
    ]));
    doc.trailer.set("Root", Object::Reference(catalog));
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

/// A `TJ` showing `line`'s words with no space characters: each word is
/// followed by an adjustment of `gap` (thousandths of the font size,
/// negative moves right), so the gaps alone separate the words.
fn words_by_gaps(line: &str, gap: f64) -> Operation {
    let mut items = Vec::new();
    for w in line.split_whitespace() {
        items.push(string(w));
        items.push(Object::Real(gap as f32));
    }
    Operation::new("TJ", vec![Object::Array(items)])
}

const GAP_LINES: &[&str] = &[
    "Lanterns were carried through the narrow harbour streets",
    "while the fishermen mended their nets before the storm,",
    "and the children watched the boats come home at dusk.",
];

/// Words set with no space character, only gaps in the `TJ` array, in a
/// font whose `/Widths` (not the standard metrics) place the glyphs.
#[test]
fn gaps_alone_separate_words_in_a_font_with_widths() {
    let ws = Workspace::new();
    let mut ops = Vec::new();
    for (i, line) in GAP_LINES.iter().enumerate() {
        ops.push(Operation::new("BT", vec![]));
        ops.push(Operation::new("Tf", vec![name("F1"), 10.into()]));
        ops.push(Operation::new(
            "Td",
            vec![72.into(), (700.0 - 12.0 * i as f64).into()],
        ));
        ops.push(words_by_gaps(line, -300.0));
        ops.push(Operation::new("ET", vec![]));
    }
    let font = |_: &mut Document| {
        dict(vec![
            ("Type", name("Font")),
            ("Subtype", name("Type1")),
            ("BaseFont", name("NarrowSerif")),
            ("Encoding", name("WinAnsiEncoding")),
            ("FirstChar", Object::Integer(32)),
            ("LastChar", Object::Integer(126)),
            (
                "Widths",
                Object::Array((32..=126).map(|_| Object::Integer(420)).collect()),
            ),
        ])
    };
    let content = Content { operations: ops }.encode().expect("encode");
    ws.write("harbour.pdf", pdf_with_font(font, content));
    let hit = first_hit(&ws, "narrow harbour streets while the fishermen");
    assert_eq!(pages(&hit), (1, 1), "{hit}");
    assert!(
        s(&hit, "/text").contains("Lanterns were carried through the narrow"),
        "{hit}"
    );
}

/// A Type 3 font as dvips and Ghostscript write them: glyphs in units of
/// its own (`/FontMatrix [1 0 0 -1 0 0]`, upside down, undone by the page's
/// matrix), widths in those units, words separated by `TJ` gaps only, an
/// inline image between the lines.
#[test]
fn type3_fonts_are_read_at_their_size_and_spacing() {
    let ws = Workspace::new();
    let mut ops = vec![Operation::new(
        "cm",
        vec![
            0.25.into(),
            0.into(),
            0.into(),
            (-0.25).into(),
            0.into(),
            792.into(),
        ],
    )];
    let mut content = Vec::new();
    for (i, line) in GAP_LINES.iter().enumerate() {
        if i == 1 {
            // An inline image (a rule, as dvips draws them) between lines.
            content = Content { operations: ops }.encode().expect("encode");
            content.extend_from_slice(
                b"\nq 100 0 0 1 72 600 cm BI /IM true /W 1 /H 1 /BPC 1 ID \x00 EI Q\n",
            );
            ops = Vec::new();
        }
        ops.push(Operation::new("BT", vec![]));
        ops.push(Operation::new("Tf", vec![name("F1"), 1.into()]));
        // Text space is in quarter points, y down the page.
        ops.push(Operation::new(
            "Td",
            vec![288.into(), (400.0 + 48.0 * i as f64).into()],
        ));
        // A word gap of 12 units: 0.3 em of this 40-unit font.
        ops.push(words_by_gaps(line, -12000.0));
        ops.push(Operation::new("ET", vec![]));
    }
    let font = |doc: &mut Document| {
        let glyph = doc.add_object(Stream::new(Dictionary::new(), b"20 0 d0".to_vec()));
        let mut differences = vec![Object::Integer(65)];
        let mut procs = Dictionary::new();
        let mut widths = Vec::new();
        for c in (b'A'..=b'Z').chain(b'['..=b'`').chain(b'a'..=b'z') {
            let n = (c as char).to_string();
            if c.is_ascii_alphabetic() {
                procs.set(n.clone(), Object::Reference(glyph));
                differences.push(name(&n));
            } else {
                differences.push(name("space"));
            }
            // The m is 24 units wide: an em of 40 units, 10 points here.
            widths.push(Object::Integer(if c == b'm' { 24 } else { 20 }));
        }
        dict(vec![
            ("Type", name("Font")),
            ("Subtype", name("Type3")),
            (
                "FontMatrix",
                Object::Array(vec![
                    1.into(),
                    0.into(),
                    0.into(),
                    (-1).into(),
                    0.into(),
                    0.into(),
                ]),
            ),
            (
                "FontBBox",
                Object::Array(vec![0.into(), 0.into(), 1.into(), (-1).into()]),
            ),
            ("FirstChar", Object::Integer(65)),
            ("LastChar", Object::Integer(122)),
            ("Widths", Object::Array(widths)),
            ("CharProcs", Object::Dictionary(procs)),
            (
                "Encoding",
                Object::Dictionary(dict(vec![
                    ("Type", name("Encoding")),
                    ("Differences", Object::Array(differences)),
                ])),
            ),
            ("Resources", Object::Dictionary(Dictionary::new())),
        ])
    };
    content.extend(Content { operations: ops }.encode().expect("encode"));
    ws.write("bitmap.pdf", pdf_with_font(font, content));
    let hit = first_hit(&ws, "narrow harbour streets while the fishermen");
    assert_eq!(pages(&hit), (1, 1), "{hit}");
    assert!(
        s(&hit, "/text").contains("Lanterns were carried through the narrow"),
        "{hit}"
    );
}
