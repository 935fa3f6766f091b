//! Nothing lost: every word of a document is in a passage, a section or the
//! title, and a phrase across a line break of running text is found.
//! Each test indexes small files written here through the real binary and
//! reads what it stored back with `search --json`.

mod util;

use serde_json::Value;
use util::{Workspace, s};

/// Every stored passage, as `search --json --no-collapse` lists them.
fn all_passages(ws: &Workspace) -> Vec<Value> {
    ws.search_json(&["--no-collapse", "-n", "100000", "--", "-zzqq"])
}

/// `search -c QUERY` as a number.
fn count(ws: &Workspace, query: &str) -> u64 {
    let run = ws.run(&["search", "-c", "--", query]);
    assert!(run.code == 0 || run.code == 1, "{query}: {run:?}");
    run.stdout
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("{query}: {run:?}"))
}

/// The source bytes a hit's `bytes` range covers, in `file` of the corpus.
fn source_of(ws: &Workspace, file: &str, hit: &Value) -> String {
    let source = std::fs::read(ws.corpus().join(file)).expect("read source");
    let (a, b) = util::pair(hit, "bytes");
    String::from_utf8_lossy(&source[a as usize..b as usize]).into_owned()
}

#[test]
fn the_first_line_of_a_wrapped_paragraph_is_never_a_heading() {
    let ws = Workspace::new();
    ws.write(
        "copyright.txt",
        "The first paragraph is a normal sentence with enough words to be a passage here.\n\n\
         On Debian systems the complete text of the GNU General\n\
         Public License can be found in the common licenses folder.\n\n   \
         This code is derived from software contributed to Harvard by Jeremy\n   \
         Rassen.\n\n\
         Another normal paragraph follows with enough words to be a passage on its own.\n\n\
         The bundled fonts were drawn over many years with contributions from\n\
         Members Of The Example Type Foundry\n\n\
         Installation\n\
         Run the installer from the folder where you unpacked the archive, then\n\
         restart the machine so that the new settings take effect everywhere.\n",
    );
    // A paragraph whose every line starts with a capital, wrapped at 40.
    ws.write(
        "narrow.txt",
        "These notes list the changes made in this release of the program.\n\n\
         Notes On The Release\n\n\
         Support for the Old Serial Protocol\n\
         Was Removed In This Release After A\n\
         Long Deprecation Period Of Two Years.\n\n\
         Users of the old protocol should move to the new one as soon as they can.\n",
    );
    assert_eq!(ws.run(&["index"]).code, 0);
    for phrase in [
        "\"GNU General Public License\"",
        "\"Jeremy Rassen\"",
        "\"contributions from Members\"",
        "\"Serial Protocol Was Removed\"",
        "\"A Long Deprecation\"",
    ] {
        assert_eq!(count(&ws, phrase), 1, "{phrase}");
    }
    for hit in all_passages(&ws) {
        let section = s(&hit, "/section");
        for cut in [
            "GNU General",
            "Jeremy",
            "Members Of",
            "Serial Protocol",
            "Was Removed",
        ] {
            assert!(!section.contains(cut), "{section:?} is a wrapped line");
        }
    }
    // A real heading over a wrapped paragraph is still one.
    let hits = ws.search_json(&["restart"]);
    assert_eq!(s(&hits[0], "/section"), "Installation");
    let hits = ws.search_json(&["deprecation"]);
    assert_eq!(s(&hits[0], "/section"), "Notes On The Release");
}

#[test]
fn a_document_of_one_short_line_has_a_passage() {
    let ws = Workspace::new();
    ws.write("one.txt", "Haitham Mohammed Rafi is An Omani Artist\n");
    ws.write("nonl.txt", "In mathematics, a Qalgebra can mean either");
    ws.write("crlf.txt", "Wobbegong Shark Species\r\n");
    ws.write(
        "records.jsonl",
        concat!(
            r#"{"id": "a1", "title": "J. G. F. & J. Rivington", "text": "J. G. F. &amp; J. Rivington"}"#,
            "\n",
            r#"{"id": "a2", "title": "Zorb", "text": "Zorblax"}"#,
            "\n",
            r#"{"id": "a3", "title": "Quibbleton Abbey", "text": "Quibbleton Abbey"}"#,
            "\n",
            r#"{"id": "a4", "title": "Frobnicate", "text": "The Saga Of Wobblesnort\n\nHe was born in a small town and later moved to the capital city where he worked."}"#,
            "\n",
            r#"{"id": "a5", "text": "Untitled Record Heading\n\nA record without a title field, whose first line names it well enough."}"#,
            "\n",
        ),
    );
    // A catalog title that is not the file's first line.
    ws.write(
        "catalogued.txt",
        "Harbour Dredging Report\n\nThe channel was dredged to twelve metres over the winter months.\n",
    );
    ws.write(
        "catalog.toml",
        "[[document]]\nfile = \"catalogued.txt\"\ntitle = \"Annual report\"\n",
    );
    let run = ws.run(&["index"]);
    assert_eq!(run.code, 0, "{run:?}");
    for word in [
        "Haitham",
        "Qalgebra",
        "Wobbegong",
        "Rivington",
        "Zorblax",
        "Zorb",
        "Quibbleton",
        "Wobblesnort",
        "Saga",
        "Untitled",
        "Harbour",
        "title:Rivington",
        "title:Haitham",
        "title:Quibbleton",
        "title:Untitled",
    ] {
        assert!(count(&ws, word) >= 1, "{word} is in no passage");
    }
    // Every document is listed by some passage.
    let hits = all_passages(&ws);
    for id in [
        "one",
        "nonl",
        "crlf",
        "a1",
        "a2",
        "a3",
        "a4",
        "a5",
        "catalogued",
    ] {
        assert!(
            hits.iter().any(|h| s(h, "/doc/id") == id),
            "{id} has no passage"
        );
    }
    // The one passage of a one-line file is that line.
    let one = hits.iter().find(|h| s(h, "/doc/id") == "one").unwrap();
    assert_eq!(
        s(one, "/doc/title"),
        "Haitham Mohammed Rafi is An Omani Artist"
    );
    assert_eq!(source_of(&ws, "one.txt", one), s(one, "/text"));
    let record = hits.iter().find(|h| s(h, "/doc/id") == "a5").unwrap();
    assert_eq!(s(record, "/doc/title"), "Untitled Record Heading");
}

#[test]
fn text_in_html_blocks_of_markdown_is_indexed() {
    let ws = Workspace::new();
    ws.write(
        "r.md",
        "<div align=\"center\">\n  <h1><code>mycrate</code></h1>\n\n  <p>\n    \
         <strong>Strongword bindings for the userspace API</strong>\n  </p>\n</div>\n\n\
         Intro paragraph with several ordinary words to be a passage here.\n\n\
         <p>\nPlainpword text in a paragraph block here.\n</p>\n\n\
         <p align=\"center\">Plain3word text on one line</p>\n\n\
         <details><summary>Summaryword toggle</summary>\n\n\
         Details body text with several ordinary words.\n\n</details>\n\n\
         <sup>\nLicensed under either of Apache License or MIT license at your optionword.\n</sup>\n\n\
         > <p>Quotedword inside a block quote</p>\n\n\
         - item one with words\n- <div>Listword in an item</div>\n\n\
         <table>\n<tr><td>Tablecellword</td><td>Othercell</td></tr>\n</table>\n\n\
         <script>var scriptword = 1;</script>\n\n\
         | Head | Other |\n|------|-------|\n| Cellword `a|b` | Pipeword \\| escaped |\n\
         | one | two | Extraword | Moreword |\n",
    );
    assert_eq!(ws.run(&["index"]).code, 0);
    for word in [
        "mycrate",
        "Strongword",
        "Plainpword",
        "Plain3word",
        "Summaryword",
        "optionword",
        "Quotedword",
        "Listword",
        "Tablecellword",
        "Pipeword",
        "Extraword",
        "Moreword",
    ] {
        assert!(count(&ws, word) >= 1, "{word} is in no passage");
    }
    // Tags are dropped, and scripts stay out.
    assert_eq!(count(&ws, "scriptword"), 0);
    assert_eq!(count(&ws, "align"), 0);
    // Each passage's byte range is where its words are in the file.
    for word in [
        "Strongword",
        "Plainpword",
        "Quotedword",
        "Listword",
        "Extraword",
    ] {
        let hits = ws.search_json(&["--no-collapse", word]);
        let hit = &hits[0];
        assert!(!s(hit, "/text").contains('<'), "{hit}");
        let source = source_of(&ws, "r.md", hit);
        assert!(source.contains(word), "{word}: {source:?} for {hit}");
    }
}
