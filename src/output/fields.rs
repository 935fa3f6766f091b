//! `--fields`: which keys each JSON hit carries.
//!
//! A [`FieldSet`] is read from a comma-separated list of the wire names of
//! [`super::wire::HitJson`] (`doc` for the whole document object, `doc.id`
//! and so on for single keys of it). It tells the printer what to write and
//! the search what to load: a set without `text`, `snippet` and
//! `highlights` needs no text analysed, and one made only of ids, ranks,
//! scores, lines and bytes reads no stored document at all.

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::error::{Error, Result};
use crate::search::{Fetch, Hit};

/// Every selectable key, in output order.
pub const FIELD_NAMES: [&str; 23] = [
    "query_id",
    "rank",
    "score",
    "passage_id",
    "doc.id",
    "doc.path",
    "doc.title",
    "doc.author",
    "doc.publisher",
    "doc.date",
    "doc.url",
    "section",
    "lines",
    "bytes",
    "pages",
    "page_labels",
    "kind",
    "text",
    "snippet",
    "highlights",
    "highlight_chars",
    "snippets",
    "also_in",
];

const QUERY_ID: u32 = 1 << 0;
const RANK: u32 = 1 << 1;
const SCORE: u32 = 1 << 2;
const PASSAGE_ID: u32 = 1 << 3;
const DOC_ID: u32 = 1 << 4;
const DOC_PATH: u32 = 1 << 5;
const DOC_TITLE: u32 = 1 << 6;
const DOC_AUTHOR: u32 = 1 << 7;
const DOC_PUBLISHER: u32 = 1 << 8;
const DOC_DATE: u32 = 1 << 9;
const DOC_URL: u32 = 1 << 10;
const SECTION: u32 = 1 << 11;
const LINES: u32 = 1 << 12;
const BYTES: u32 = 1 << 13;
const PAGES: u32 = 1 << 14;
const PAGE_LABELS: u32 = 1 << 15;
const KIND: u32 = 1 << 16;
const TEXT: u32 = 1 << 17;
const SNIPPET: u32 = 1 << 18;
const HIGHLIGHTS: u32 = 1 << 19;
const HIGHLIGHT_CHARS: u32 = 1 << 20;
const SNIPPETS: u32 = 1 << 21;
const ALSO_IN: u32 = 1 << 22;
const DOC_ALL: u32 =
    DOC_ID | DOC_PATH | DOC_TITLE | DOC_AUTHOR | DOC_PUBLISHER | DOC_DATE | DOC_URL;
/// Keys that come from the passage's stored document.
const STORED_ONLY: u32 = DOC_TITLE
    | DOC_AUTHOR
    | DOC_PUBLISHER
    | DOC_DATE
    | DOC_URL
    | SECTION
    | KIND
    | ALSO_IN
    | PAGE_LABELS;
/// Keys that need the passage text (and, but for `text`, its analysis).
const NEEDS_TEXT: u32 = TEXT | SNIPPET | HIGHLIGHTS | HIGHLIGHT_CHARS | SNIPPETS;
const ALL: u32 = (1 << FIELD_NAMES.len()) - 1;

/// A set of hit keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSet(u32);

impl Default for FieldSet {
    fn default() -> FieldSet {
        FieldSet(ALL)
    }
}

impl FieldSet {
    /// Every key (the default output).
    pub fn all() -> FieldSet {
        FieldSet(ALL)
    }

    /// Reads a comma-separated list such as `doc.id,passage_id,score`.
    pub fn parse(list: &str) -> Result<FieldSet> {
        let mut bits = 0;
        for name in list.split(',').map(str::trim) {
            bits |= match name {
                "doc" => DOC_ALL,
                _ => match FIELD_NAMES.iter().position(|&n| n == name) {
                    Some(i) => 1 << i,
                    None => {
                        return Err(Error::Usage(format!(
                            "unknown field '{name}' in --fields; known fields: doc, {}",
                            FIELD_NAMES.join(", ")
                        )));
                    }
                },
            };
        }
        Ok(FieldSet(bits))
    }

    fn has(self, bit: u32) -> bool {
        self.0 & bit != 0
    }

    /// What the search must load for these keys.
    pub fn fetch(self) -> Fetch {
        Fetch {
            stored: self.has(STORED_ONLY | NEEDS_TEXT),
            highlights: self.has(SNIPPET | HIGHLIGHTS | HIGHLIGHT_CHARS | SNIPPETS),
            places: self.has(DOC_PATH | LINES | BYTES | PAGES | STORED_ONLY | NEEDS_TEXT),
        }
    }

    /// The hit with only these keys, ready to serialise.
    pub fn select<'a>(self, hit: &'a Hit, query_id: Option<&'a str>) -> Selected<'a> {
        Selected {
            fields: self,
            hit,
            query_id,
        }
    }
}

/// A hit reduced to a [`FieldSet`]; serialises like
/// [`super::wire::HitJson`] without the keys left out.
pub struct Selected<'a> {
    fields: FieldSet,
    hit: &'a Hit,
    query_id: Option<&'a str>,
}

/// The `doc` object of a [`Selected`] hit.
struct SelectedDoc<'a>(FieldSet, &'a Hit);

impl Serialize for Selected<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (f, h) = (self.fields, self.hit);
        let mut m = s.serialize_map(None)?;
        if f.has(QUERY_ID)
            && let Some(id) = self.query_id
        {
            m.serialize_entry("query_id", id)?;
        }
        if f.has(RANK) {
            m.serialize_entry("rank", &h.rank)?;
        }
        if f.has(SCORE) {
            m.serialize_entry("score", &super::wire::round_score(h.score))?;
        }
        if f.has(PASSAGE_ID) {
            m.serialize_entry("passage_id", &h.passage_id)?;
        }
        if f.has(DOC_ALL) {
            m.serialize_entry("doc", &SelectedDoc(f, h))?;
        }
        if f.has(SECTION) {
            m.serialize_entry("section", &h.section)?;
        }
        if f.has(LINES) {
            m.serialize_entry("lines", &super::wire::lines_of(h))?;
        }
        if f.has(BYTES) {
            m.serialize_entry("bytes", &super::wire::bytes_of(h))?;
        }
        if f.has(PAGES) {
            m.serialize_entry("pages", &super::wire::pages_of(h))?;
        }
        if f.has(PAGE_LABELS) {
            m.serialize_entry("page_labels", &super::wire::page_labels_of(h))?;
        }
        if f.has(KIND) {
            m.serialize_entry("kind", h.kind.name())?;
        }
        if f.has(TEXT) {
            m.serialize_entry("text", &h.text)?;
        }
        if f.has(SNIPPET) {
            m.serialize_entry("snippet", &h.snippet.text)?;
        }
        if f.has(HIGHLIGHTS) {
            let spans: Vec<[usize; 2]> =
                h.snippet.highlights.iter().map(|&(a, b)| [a, b]).collect();
            m.serialize_entry("highlights", &spans)?;
        }
        if f.has(HIGHLIGHT_CHARS) {
            let chars = super::wire::char_ranges(&h.snippet.text, &h.snippet.highlights);
            m.serialize_entry("highlight_chars", &chars)?;
        }
        if f.has(SNIPPETS) && !h.fragments.is_empty() {
            let snippets: Vec<super::wire::SnippetJson> = h
                .fragments
                .iter()
                .map(super::wire::SnippetJson::from_snippet)
                .collect();
            m.serialize_entry("snippets", &snippets)?;
        }
        if f.has(ALSO_IN) && !h.also_in.is_empty() {
            let places: Vec<super::wire::PlaceJson> = h
                .also_in
                .iter()
                .map(super::wire::PlaceJson::from_place)
                .collect();
            m.serialize_entry("also_in", &places)?;
        }
        m.end()
    }
}

impl Serialize for SelectedDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (f, d) = (self.0, &self.1.doc);
        let mut m = s.serialize_map(None)?;
        if f.has(DOC_ID) {
            m.serialize_entry("id", &d.id)?;
        }
        if f.has(DOC_PATH) {
            m.serialize_entry("path", &d.path)?;
        }
        if f.has(DOC_TITLE) {
            m.serialize_entry("title", &d.title)?;
        }
        if f.has(DOC_AUTHOR) {
            m.serialize_entry("author", &d.author)?;
        }
        if f.has(DOC_PUBLISHER) {
            m.serialize_entry("publisher", &d.publisher)?;
        }
        if f.has(DOC_DATE) {
            m.serialize_entry("date", &d.date)?;
        }
        if f.has(DOC_URL) {
            m.serialize_entry("url", &d.url)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::DocMeta;
    use crate::passage::PassageKind;
    use crate::search::snippet::Snippet;
    use crate::search::{Pages, Place};

    fn hit(pages: Option<Pages>, fragments: usize, also_in: usize) -> Hit {
        let snippet = |text: &str| Snippet {
            text: text.to_string(),
            highlights: vec![(0, 3), (9, 14)],
        };
        Hit {
            rank: 3,
            score: 12.345_678,
            passage_id: "9f\"e1".into(),
            doc: DocMeta {
                id: "d1".into(),
                path: "a/b.txt".into(),
                title: "Tïtle \u{1}".into(),
                author: Some("A. Author".into()),
                publisher: None,
                date: Some("2021-09".into()),
                url: None,
            },
            section: Some("Sec\ntion".into()),
            ordinal: 4,
            lines: (10, 12),
            bytes: (100, 180),
            text: "Foo “bar” baz\tqux".into(),
            kind: PassageKind::Table,
            matches: vec![(0, 3)],
            snippet: snippet("…Foo “bar” baz…"),
            fragments: (0..fragments)
                .map(|i| snippet(&format!("frag {i} ßx")))
                .collect(),
            match_line: 11,
            match_column: None,
            also_in: (0..also_in)
                .map(|i| Place {
                    path: format!("c{i}.txt"),
                    doc_id: format!("c{i}"),
                    lines: (1, 2),
                    pages: None,
                })
                .collect(),
            pages,
        }
    }

    /// The full selection writes the very bytes of [`super::super::wire::HitJson`]
    /// (what the JSON printer wrote before it serialised hits directly).
    #[test]
    fn every_key_selected_is_the_wire_object_byte_for_byte() {
        let labelled = Pages {
            first: 2,
            last: 3,
            labels: Some(("ii".into(), "iii".into())),
        };
        for h in [
            hit(None, 0, 0),
            hit(None, 3, 2),
            hit(Some(labelled), 1, 1),
            hit(Pages::from_fields(5, 5, None), 0, 0),
        ] {
            for query_id in [None, Some("q\"7")] {
                let mut wire = super::super::wire::HitJson::from(&h);
                wire.query_id = query_id.map(str::to_string);
                let want = serde_json::to_string(&wire).expect("wire");
                let got =
                    serde_json::to_string(&FieldSet::all().select(&h, query_id)).expect("selected");
                assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn lists_read_into_sets_and_what_to_load() {
        let lean = FieldSet::parse("doc.id,passage_id,score").expect("valid");
        assert_eq!(
            lean.fetch(),
            Fetch {
                stored: false,
                highlights: false,
                places: false
            }
        );
        let text = FieldSet::parse("rank, text").expect("valid");
        assert_eq!(
            text.fetch(),
            Fetch {
                stored: true,
                highlights: false,
                places: true
            }
        );
        assert_eq!(FieldSet::all().fetch(), Fetch::default());
        assert!(FieldSet::parse("doc").expect("valid").fetch().stored);
        assert!(
            !FieldSet::parse("lines,bytes,doc.path")
                .expect("valid")
                .fetch()
                .stored
        );
        for places in ["lines", "bytes", "pages", "doc.path", "doc"] {
            let fetch = FieldSet::parse(places).expect("valid").fetch();
            assert!(fetch.places, "{places}");
        }
        let err = FieldSet::parse("score,title").expect_err("unknown");
        assert!(err.to_string().contains("'title'"), "{err}");
        assert!(FieldSet::parse("").is_err());
    }
}
