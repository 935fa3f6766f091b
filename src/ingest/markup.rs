//! What the structured readers ([`super::markdown`], [`super::html`]) hand
//! to the passage stage: a document as a list of [`Block`]s (headings,
//! prose, rows of tables, lists and code) plus the metadata it states about
//! itself ([`DocInfo`]).
//!
//! Text extracted from markup no longer lines up with the source, so every
//! block carries a [`Mapped`] text: normalised words, each remembering the
//! byte range of the source it came from. The passage stage turns blocks
//! into passages whose byte ranges run from their first word's source start
//! to their last word's source end.

use crate::text::is_space;

/// Separator between table cells in passage text.
pub const CELL_SEPARATOR: &str = " | ";

// ---------------------------------------------------------------------------
// Text with a map back to the source
// ---------------------------------------------------------------------------

/// One word of a [`Mapped`] text and where it came from.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Start in the mapped text.
    text: usize,
    /// Length in the mapped text.
    len: usize,
    /// Source range.
    src: (usize, usize),
}

/// Whitespace-normalised text built from pieces of a source, each word
/// remembering its source byte range.
#[derive(Debug, Clone, Default)]
pub struct Mapped {
    text: String,
    pieces: Vec<Piece>,
    /// A space is due before the next word.
    space: bool,
}

impl Mapped {
    /// The text so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether no word was added.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Asks for a space before the next word (a line break, `<br>`).
    pub fn space(&mut self) {
        self.space = true;
    }

    /// Adds `s` (a separator such as a cell boundary) with no source of its
    /// own; ignored while the text is empty.
    pub fn literal(&mut self, s: &str) {
        if !self.text.is_empty() {
            self.text.push_str(s);
            self.space = false;
        }
    }

    /// Adds `value`, the decoded form of `source[start..end]` (they differ
    /// when the source has entities, escapes or `\r\n`).
    pub fn push(&mut self, source: &str, value: &str, start: usize, end: usize) {
        let raw = source.get(start..end).unwrap_or_default();
        if raw == value {
            self.push_words(value, &|i| start + i);
        } else if let Some(at) = raw.find(value).filter(|_| !value.is_empty()) {
            // The source wraps the text (a code span's backticks).
            self.push_words(value, &|i| start + at + i);
        } else {
            let map = align(raw, value);
            self.push_words(value, &|i| start + map.raw_at(i));
        }
    }

    /// Adds the words of `value`; `at(i)` is the source offset of `value`'s
    /// byte `i`.
    fn push_words(&mut self, value: &str, at: &dyn Fn(usize) -> usize) {
        let mut word_start = None;
        for (i, c) in value
            .char_indices()
            .chain(std::iter::once((value.len(), ' ')))
        {
            if is_space(c) {
                if let Some(s) = word_start.take() {
                    self.word(&value[s..i], at(s), at(i));
                }
                self.space = true;
            } else if word_start.is_none() {
                word_start = Some(i);
            }
        }
        // The sentinel space must not count: restore it from the real end.
        self.space = value.ends_with(is_space);
    }

    fn word(&mut self, word: &str, src_start: usize, src_end: usize) {
        if self.space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.space = false;
        self.pieces.push(Piece {
            text: self.text.len(),
            len: word.len(),
            src: (src_start, src_end.max(src_start)),
        });
        self.text.push_str(word);
    }

    /// Moves every word's source range through `map`, which takes a range
    /// of the text this was read from and gives its range in the source
    /// that text was cut from (an HTML block read apart from its
    /// Markdown file).
    pub fn remap(&mut self, map: &dyn Fn(usize, usize) -> (usize, usize)) {
        for piece in &mut self.pieces {
            let (start, end) = map(piece.src.0, piece.src.1);
            piece.src = (start, end.max(start));
        }
    }

    /// The source range covering the words of text range `[a, b)`.
    pub fn source_range(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        let first = self.pieces.partition_point(|p| p.text + p.len <= a);
        let last = self.pieces.partition_point(|p| p.text < b).checked_sub(1)?;
        let (p, q) = (self.pieces.get(first)?, self.pieces.get(last)?);
        if first > last {
            return None;
        }
        let linear = |p: &Piece| p.src.1 - p.src.0 == p.len;
        let start = if linear(p) && a > p.text {
            p.src.0 + (a - p.text)
        } else {
            p.src.0
        };
        let end = if linear(q) && b < q.text + q.len {
            q.src.0 + (b - q.text)
        } else {
            q.src.1
        };
        Some((start, end.max(start)))
    }
}

/// Where decoded text lies in its raw source, at character boundaries.
struct Alignment {
    /// `(decoded offset, raw offset)`, increasing in both.
    points: Vec<(usize, usize)>,
    raw_len: usize,
}

impl Alignment {
    fn raw_at(&self, decoded: usize) -> usize {
        let i = self.points.partition_point(|&(d, _)| d <= decoded);
        match i.checked_sub(1).and_then(|i| self.points.get(i)) {
            Some(&(_, r)) => r.min(self.raw_len),
            None => 0,
        }
    }
}

/// Whether `s` starts with a character reference such as `&amp;` or `&#8217;`.
fn is_reference(s: &str) -> bool {
    let body = s.get(1..).unwrap_or_default();
    let name_len = body
        .bytes()
        .take(32)
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name_len > 0 && body.as_bytes().get(name_len) == Some(&b';')
}

/// Aligns `decoded` with `raw`, stepping over character references
/// (`&amp;`), backslash escapes and `\r\n`, which decoding shortened.
fn align(raw: &str, decoded: &str) -> Alignment {
    let mut points = Vec::with_capacity(decoded.len() + 1);
    let mut r = raw.char_indices().peekable();
    for (d, dc) in decoded.char_indices() {
        let Some(&(ri, rc)) = r.peek() else {
            points.push((d, raw.len()));
            continue;
        };
        points.push((d, ri));
        if rc == '&' && is_reference(&raw[ri..]) {
            // A character reference: `&name;`, `&#123;` or `&#x1F;`; it may
            // decode to several characters, which all map to its start.
            if let Some(semi) = raw[ri..].find(';') {
                while r.peek().is_some_and(|&(i, _)| i <= ri + semi) {
                    r.next();
                }
            }
        } else if rc == dc {
            r.next();
        } else if rc == '\r' && dc == '\n' {
            r.next();
            if r.peek().is_some_and(|&(_, c)| c == '\n') {
                r.next();
            }
        } else if rc == '\\' {
            r.next();
            if r.peek().is_some_and(|&(_, c)| c == dc) {
                r.next();
            }
        } else {
            r.next();
        }
    }
    points.push((decoded.len(), r.peek().map_or(raw.len(), |&(i, _)| i)));
    Alignment {
        points,
        raw_len: raw.len(),
    }
}

// ---------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------

/// What a block of rows is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// A table; `header` says whether its first row is a header row.
    Table {
        /// The first row names the columns.
        header: bool,
    },
    /// A list: one row per item.
    List,
    /// Preformatted text or code: one row per line.
    Code,
}

/// A structural element of a document.
#[derive(Debug, Clone)]
pub enum Block {
    /// A heading: it becomes the section of what follows. Its text, and
    /// its words mapped to the source (a heading with no text after it
    /// becomes a passage).
    Heading(String, Mapped),
    /// A paragraph, block quote or other running text.
    Prose(Mapped),
    /// Rows kept together.
    Rows(Rows, Vec<Mapped>),
}

/// Metadata a document states about itself (Markdown front matter, HTML
/// `<title>` and `<meta>`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocInfo {
    /// Title.
    pub title: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// ISO 8601 date.
    pub date: Option<String>,
}

/// The longest ISO 8601 date (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`) that `s`
/// starts with (`2021-09-24T08:00:00Z` gives `2021-09-24`).
pub fn iso_date_prefix(s: &str) -> Option<String> {
    let s = s.trim();
    [10, 7, 4].into_iter().find_map(|n| {
        let head = s.get(..n)?;
        let next = s[n..].chars().next();
        let boundary = next.is_none_or(|c| !c.is_ascii_digit() && (n == 10 || c != '-'));
        (boundary && super::catalog::is_iso_date(head)).then(|| head.to_string())
    })
}

/// A structured document as its reader saw it.
#[derive(Debug, Clone, Default)]
pub struct Markup {
    /// Its blocks, in document order.
    pub blocks: Vec<Block>,
    /// The metadata it states about itself.
    pub info: DocInfo,
    /// The first block is a heading that titles the whole document (a
    /// Markdown file opening with its only `#` heading).
    pub title_heading: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapped_text_tracks_source() {
        let source = "a &amp; b\r\n  c";
        let mut m = Mapped::default();
        m.push(source, "a & b\n  c", 0, source.len());
        assert_eq!(m.text(), "a & b c");
        assert_eq!(m.source_range(0, 1), Some((0, 1)));
        assert_eq!(m.source_range(2, 3), Some((2, 7)));
        assert_eq!(m.source_range(6, 7), Some((13, 14)));
        assert_eq!(m.source_range(0, 7), Some((0, 14)));
        // Words across two pushes with no space between them stay joined.
        let mut m = Mapped::default();
        m.push("**bold**text", "bold", 2, 6);
        m.push("**bold**text", "text", 8, 12);
        assert_eq!(m.text(), "boldtext");
    }

    #[test]
    fn iso_prefixes() {
        for (input, want) in [
            ("2021-09-24T08:00:00Z", Some("2021-09-24")),
            ("2021-09", Some("2021-09")),
            ("2021", Some("2021")),
            (" 2021-09-24 ", Some("2021-09-24")),
            ("2021-13-01", None),
            ("20210924", None),
            ("Sept 2021", None),
            ("", None),
        ] {
            assert_eq!(iso_date_prefix(input).as_deref(), want, "{input}");
        }
    }
}
