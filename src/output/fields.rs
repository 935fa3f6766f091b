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

impl FieldSet {
    /// Writes `hit` with only these keys to `out`, as one JSON object: the
    /// very bytes `serde_json` writes for [`FieldSet::select`], written by
    /// hand (strings escaped sixteen bytes at a time, no per-hit vectors):
    /// what a batch of full hits spends much of its time on.
    pub fn write_json(self, out: &mut Vec<u8>, hit: &Hit, query_id: Option<&str>) {
        let (f, h) = (self, hit);
        let mut obj = Object::open(out);
        if f.has(QUERY_ID)
            && let Some(id) = query_id
        {
            obj.key("query_id").str(id);
        }
        if f.has(RANK) {
            obj.key("rank").uint(h.rank as u64);
        }
        if f.has(SCORE) {
            let score = super::wire::round_score(h.score);
            let out = obj.key("score");
            // Floats as serde_json spells them (shortest round trip).
            if serde_json::to_writer(&mut *out, &score).is_err() {
                out.extend_from_slice(b"null");
            }
        }
        if f.has(PASSAGE_ID) {
            obj.key("passage_id").str(&h.passage_id);
        }
        if f.has(DOC_ALL) {
            let d = &h.doc;
            let mut doc = Object::open(obj.key("doc"));
            if f.has(DOC_ID) {
                doc.key("id").str(&d.id);
            }
            if f.has(DOC_PATH) {
                doc.key("path").str(&d.path);
            }
            if f.has(DOC_TITLE) {
                doc.key("title").str(&d.title);
            }
            for (bit, name, value) in [
                (DOC_AUTHOR, "author", &d.author),
                (DOC_PUBLISHER, "publisher", &d.publisher),
                (DOC_DATE, "date", &d.date),
                (DOC_URL, "url", &d.url),
            ] {
                if f.has(bit) {
                    doc.key(name).opt_str(value.as_deref());
                }
            }
            doc.close();
        }
        if f.has(SECTION) {
            obj.key("section").opt_str(h.section.as_deref());
        }
        if f.has(LINES) {
            obj.key("lines").opt_pair(super::wire::lines_of(h));
        }
        if f.has(BYTES) {
            obj.key("bytes").opt_pair(super::wire::bytes_of(h));
        }
        if f.has(PAGES) {
            obj.key("pages").opt_pair(super::wire::pages_of(h));
        }
        if f.has(PAGE_LABELS) {
            let out = obj.key("page_labels");
            match h.pages.as_ref().and_then(|p| p.labels.as_ref()) {
                Some((first, last)) => {
                    out.push(b'[');
                    out.str(first);
                    out.push(b',');
                    out.str(last);
                    out.push(b']');
                }
                None => out.extend_from_slice(b"null"),
            }
        }
        if f.has(KIND) {
            obj.key("kind").str(h.kind.name());
        }
        if f.has(TEXT) {
            obj.key("text").str(&h.text);
        }
        if f.has(SNIPPET) {
            obj.key("snippet").str(&h.snippet.text);
        }
        if f.has(HIGHLIGHTS) {
            obj.key("highlights").ranges(&h.snippet.highlights);
        }
        if f.has(HIGHLIGHT_CHARS) {
            obj.key("highlight_chars")
                .char_ranges(&h.snippet.text, &h.snippet.highlights);
        }
        if f.has(SNIPPETS) && !h.fragments.is_empty() {
            let out = obj.key("snippets");
            out.push(b'[');
            for (i, s) in h.fragments.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                let mut frag = Object::open(out);
                frag.key("text").str(&s.text);
                frag.key("highlights").ranges(&s.highlights);
                frag.key("highlight_chars")
                    .char_ranges(&s.text, &s.highlights);
                frag.close();
            }
            out.push(b']');
        }
        if f.has(ALSO_IN) && !h.also_in.is_empty() {
            let out = obj.key("also_in");
            out.push(b'[');
            for (i, p) in h.also_in.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                let mut place = Object::open(out);
                place.key("path").str(&p.path);
                place.key("doc_id").str(&p.doc_id);
                place
                    .key("lines")
                    .opt_pair(p.pages.is_none().then_some([p.lines.0, p.lines.1]));
                if let Some(g) = &p.pages {
                    place.key("pages").opt_pair(Some([g.first, g.last]));
                }
                place.close();
            }
            out.push(b']');
        }
        obj.close();
    }
}

/// A JSON object being written: keys are separated by commas.
struct Object<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> Object<'a> {
    fn open(out: &'a mut Vec<u8>) -> Object<'a> {
        out.push(b'{');
        Object { out, empty: true }
    }

    /// Writes `"name":` and returns the buffer for the value.
    fn key(&mut self, name: &str) -> &mut Vec<u8> {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.str(name);
        self.out.push(b':');
        self.out
    }

    fn close(self) {
        self.out.push(b'}');
    }
}

/// JSON values written to a buffer, spelled as `serde_json` spells them.
trait JsonOut {
    fn str(&mut self, s: &str);
    fn opt_str(&mut self, s: Option<&str>);
    fn uint(&mut self, n: u64);
    fn opt_pair(&mut self, pair: Option<[u64; 2]>);
    fn ranges(&mut self, ranges: &[(usize, usize)]);
    fn char_ranges(&mut self, text: &str, ranges: &[(usize, usize)]);
}

impl JsonOut for Vec<u8> {
    fn str(&mut self, s: &str) {
        self.push(b'"');
        escape_into(self, s.as_bytes());
        self.push(b'"');
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.extend_from_slice(b"null"),
        }
    }

    fn uint(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.extend_from_slice(&digits[at..]);
    }

    fn opt_pair(&mut self, pair: Option<[u64; 2]>) {
        match pair {
            Some([a, b]) => {
                self.push(b'[');
                self.uint(a);
                self.push(b',');
                self.uint(b);
                self.push(b']');
            }
            None => self.extend_from_slice(b"null"),
        }
    }

    fn ranges(&mut self, ranges: &[(usize, usize)]) {
        self.push(b'[');
        for (i, &(a, b)) in ranges.iter().enumerate() {
            if i > 0 {
                self.push(b',');
            }
            self.opt_pair(Some([a as u64, b as u64]));
        }
        self.push(b']');
    }

    /// [`super::wire::char_ranges`], written as it goes.
    fn char_ranges(&mut self, text: &str, ranges: &[(usize, usize)]) {
        self.push(b'[');
        let mut first = true;
        // Characters are counted on from the last range's start when the
        // ranges come in order (they do: sorted, not overlapping).
        let (mut at, mut chars) = (0, 0);
        for &(a, b) in ranges {
            let (Some(_), Some(inside)) = (text.get(..a), text.get(a..b)) else {
                continue;
            };
            let start = if a >= at {
                chars + text[at..a].chars().count()
            } else {
                text[..a].chars().count()
            };
            (at, chars) = (a, start);
            if !first {
                self.push(b',');
            }
            first = false;
            self.opt_pair(Some([
                start as u64,
                (start + inside.chars().count()) as u64,
            ]));
        }
        self.push(b']');
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Appends `s` to `out` with what JSON strings must escape escaped, as
/// `serde_json` does: `"`, `\\`, and control characters (`\n`, `\t` and
/// the like by name, the rest as `\u00XX`). Sixteen bytes are looked at
/// at once; runs without escapes are copied whole.
fn escape_into(out: &mut Vec<u8>, s: &[u8]) {
    // `s[run..]` is not written yet.
    let mut run = 0;
    while let Some(hit) = next_escape(s, run) {
        out.extend_from_slice(&s[run..hit]);
        let c = s[hit];
        match escape_of(c) {
            Some(b'u') => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(c >> 4)]);
                out.push(HEX[usize::from(c & 0xf)]);
            }
            Some(e) => out.extend_from_slice(&[b'\\', e]),
            None => out.push(c),
        }
        run = hit + 1;
    }
    out.extend_from_slice(s.get(run..).unwrap_or_default());
}

/// Where the first byte at or after `from` of `s` that JSON escapes is.
#[inline]
fn next_escape(s: &[u8], from: usize) -> Option<usize> {
    let rest = s.get(from..)?;
    let mut chunks = rest.chunks_exact(16);
    let mut at = from;
    for chunk in &mut chunks {
        let (lo, hi) = chunk.split_at(8);
        let word = |w: &[u8]| <[u8; 8]>::try_from(w).map_or(0, u64::from_le_bytes);
        let (lo, hi) = (needs_escape(word(lo)), needs_escape(word(hi)));
        if lo | hi != 0 {
            let bit = if lo != 0 {
                lo.trailing_zeros()
            } else {
                64 + hi.trailing_zeros()
            };
            return Some(at + (bit / 8) as usize);
        }
        at += 16;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| escape_of(c).is_some())
        .map(|p| at + p)
}

/// The high bit of each byte of `x` set where the byte must be escaped: a
/// control character, `"` or `\\` (bytes of 0x80 and up never are).
#[inline]
fn needs_escape(x: u64) -> u64 {
    let ascii = !x & HIGH;
    let low = x & !HIGH;
    // With the high bits clear no sum below carries into the next byte.
    let control = !low.wrapping_add(ONES * (0x80 - 0x20)) & HIGH;
    let zero = |y: u64| !y.wrapping_add(ONES * 0x7f) & HIGH;
    let quote = zero(low ^ (ONES * u64::from(b'"')));
    let backslash = zero(low ^ (ONES * u64::from(b'\\')));
    (control | quote | backslash) & ascii
}

/// The letter after the backslash that escapes `c` (`u` for `\u00XX`), or
/// `None` when `c` is written as it is.
#[inline]
fn escape_of(c: u8) -> Option<u8> {
    match c {
        b'"' => Some(b'"'),
        b'\\' => Some(b'\\'),
        0x08 => Some(b'b'),
        0x0c => Some(b'f'),
        b'\n' => Some(b'n'),
        b'\r' => Some(b'r'),
        b'\t' => Some(b't'),
        0..=0x1f => Some(b'u'),
        _ => None,
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

    fn serde_bytes(fields: FieldSet, h: &Hit, query_id: Option<&str>) -> Vec<u8> {
        serde_json::to_vec(&fields.select(h, query_id)).expect("serialises")
    }

    fn written(fields: FieldSet, h: &Hit, query_id: Option<&str>) -> Vec<u8> {
        let mut out = Vec::new();
        fields.write_json(&mut out, h, query_id);
        out
    }

    #[test]
    fn hand_written_json_is_serde_json_for_every_single_key() {
        let labelled = Pages {
            first: 2,
            last: 3,
            labels: Some(("ii".into(), "i\"i".into())),
        };
        for h in [
            hit(None, 0, 0),
            hit(None, 3, 2),
            hit(Some(labelled), 1, 1),
            hit(Pages::from_fields(5, 5, None), 0, 0),
        ] {
            for (bit, name) in FIELD_NAMES.iter().enumerate() {
                for query_id in [None, Some("q\"7")] {
                    let fields = FieldSet(1 << bit);
                    assert_eq!(
                        String::from_utf8(written(fields, &h, query_id)),
                        String::from_utf8(serde_bytes(fields, &h, query_id)),
                        "{name}"
                    );
                }
            }
        }
    }

    /// Text with what JSON escapes: every control character, quotes,
    /// backslashes, non-ASCII, in runs longer and shorter than eight bytes.
    fn tricky() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::string::string_regex(
            "([a-z ]{0,12}|[\\x00-\\x1f\\x7f\"\\\\/]|é|€|\u{2028}|𝄞){0,24}",
        )
        .expect("regex")
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2_000,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Any set of keys of any hit: the bytes `serde_json` writes.
        #[test]
        fn hand_written_json_is_serde_json(
            bits in 0u32..=ALL,
            text in tricky(),
            snippet in tricky(),
            title in tricky(),
            section in proptest::option::of(tricky()),
            author in proptest::option::of(tricky()),
            query_id in proptest::option::of(tricky()),
            spans in proptest::collection::vec((0usize..40, 0usize..12), 0..6),
            score in proptest::num::f32::ANY,
            rank in 0usize..100_000,
            pages in proptest::option::of((1u64..9, 0u64..9, proptest::option::of((tricky(), tricky())))),
            fragments in 0usize..3,
            also_in in 0usize..3,
        ) {
            let mut h = hit(pages.and_then(|(first, last, labels)| Pages::from_fields(first, last, labels)), fragments, also_in);
            let highlights: Vec<(usize, usize)> = spans.iter().map(|&(a, n)| (a, a + n)).collect();
            h.rank = rank;
            h.score = score;
            h.text = text;
            h.doc.title = title;
            h.doc.author = author;
            h.section = section;
            h.snippet = Snippet { text: snippet, highlights: highlights.clone() };
            for f in &mut h.fragments {
                f.highlights = highlights.clone();
            }
            let fields = FieldSet(bits);
            proptest::prop_assert_eq!(
                String::from_utf8(written(fields, &h, query_id.as_deref())),
                String::from_utf8(serde_bytes(fields, &h, query_id.as_deref()))
            );
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
