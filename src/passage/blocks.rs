//! Passages from structured documents (Markdown, HTML).
//!
//! The plain-text splitter in [`crate::passage`] has to guess where headings,
//! tables and lists are. Markup says so, and [`crate::ingest::markdown`] and
//! [`crate::ingest::html`] read it into a list of [`Block`]s: headings, prose,
//! and row blocks (tables, lists, code). This module turns blocks into
//! [`Passage`]s with the same size rules as the plain splitter — prose cut
//! at sentence boundaries into chunks of at most [`MAX_PASSAGE_WORDS`]
//! words, tables packed by rows with their header row repeated, fragments
//! under [`MIN_PASSAGE_WORDS`] joined to a neighbour — so that results look
//! alike whatever the format.
//!
//! Text extracted from markup no longer lines up with the source, so every
//! block carries a [`Mapped`] text: normalised words, each remembering the
//! byte range of the source it came from. A passage's `bytes` run from its
//! first word's source start to its last word's source end, so slicing the
//! source with them yields the passage's words (with the markup between
//! them).

use unicode_segmentation::UnicodeSegmentation;

use crate::passage::{
    MAX_PASSAGE_BYTES, MAX_PASSAGE_WORDS, MIN_PASSAGE_WORDS, Passage, PassageKind, Split,
};

/// Separator between table cells in passage text.
pub const CELL_SEPARATOR: &str = " | ";
/// A sentence longer than this is cut at word boundaries.
const LONG_SENTENCE_WORDS: usize = 2 * MAX_PASSAGE_WORDS - MIN_PASSAGE_WORDS;
/// Largest result (in words) of joining a small fragment to a neighbour.
const MERGE_LIMIT_WORDS: usize = MAX_PASSAGE_WORDS + MIN_PASSAGE_WORDS;

/// Whitespace as the splitters see it: Unicode white space, control
/// characters, byte-order mark and zero-width space.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{FEFF}' | '\u{200B}')
}

fn count_words(s: &str) -> usize {
    s.unicode_words().count()
}

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

    /// The source range covering the words of text range `[a, b)`.
    fn source_range(&self, a: usize, b: usize) -> Option<(usize, usize)> {
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
    /// A heading: it becomes the section of what follows.
    Heading(String),
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

/// A structured document read into passages.
#[derive(Debug, Clone, Default)]
pub struct Extract {
    /// Passages; `title_line` holds an opening top-level heading.
    pub split: Split,
    /// Metadata found in the document.
    pub info: DocInfo,
}

/// The longest ISO 8601 date (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`) that `s`
/// starts with (`2021-09-24T08:00:00Z` gives `2021-09-24`).
pub fn iso_date_prefix(s: &str) -> Option<String> {
    let s = s.trim();
    [10, 7, 4].into_iter().find_map(|n| {
        let head = s.get(..n)?;
        let next = s[n..].chars().next();
        let boundary = next.is_none_or(|c| !c.is_ascii_digit() && (n == 10 || c != '-'));
        (boundary && crate::ingest::catalog::is_iso_date(head)).then(|| head.to_string())
    })
}

/// Collapses whitespace runs to single spaces and trims.
pub(crate) fn normalize(s: &str) -> String {
    s.split(is_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------
// Packing blocks into passages
// ---------------------------------------------------------------------------

#[derive(Debug)]
struct Unit {
    section: Option<String>,
    text: String,
    start: usize,
    end: usize,
    kind: PassageKind,
    words: usize,
}

/// Turns `blocks` of `source` into passages. The first block is taken as
/// the title when it is a heading and `title_heading` is set.
pub fn assemble(source: &str, blocks: Vec<Block>, title_heading: bool) -> Split {
    let mut title_line = None;
    let mut section: Option<String> = None;
    let mut units: Vec<Unit> = Vec::new();
    for (i, block) in blocks.into_iter().enumerate() {
        match block {
            Block::Heading(text) => {
                let text = normalize(&text);
                if text.is_empty() {
                    continue;
                }
                if i == 0 && title_heading {
                    title_line = Some(text);
                } else {
                    section = Some(text);
                }
            }
            Block::Prose(m) => pack_prose(&m, &section, PassageKind::Prose, &mut units),
            Block::Rows(kind, rows) => pack_rows(kind, &rows, &section, &mut units),
        }
    }
    let units = join_small(units);
    let lines = LineIndex::new(source);
    let passages = units
        .into_iter()
        .enumerate()
        .map(|(i, u)| Passage {
            section: u.section,
            ordinal: u32::try_from(i).unwrap_or(u32::MAX),
            lines: (lines.line(u.start), lines.line(u.end.max(u.start + 1) - 1)),
            bytes: (u.start, u.end),
            text: u.text,
            kind: u.kind,
        })
        .collect();
    Split {
        title_line,
        passages,
    }
}

/// Cuts a prose text into chunks of at most [`MAX_PASSAGE_WORDS`] words at
/// sentence boundaries, balanced so that the last is not a stub.
fn pack_prose(m: &Mapped, section: &Option<String>, kind: PassageKind, out: &mut Vec<Unit>) {
    let text = m.text();
    let total = count_words(text);
    if total == 0 && text.trim().is_empty() {
        return;
    }
    let mut atoms: Vec<(usize, usize, usize)> = Vec::new();
    if total <= MAX_PASSAGE_WORDS && text.len() <= MAX_PASSAGE_BYTES {
        atoms.push((0, text.len(), total));
    } else {
        for (at, sentence) in text.split_sentence_bound_indices() {
            let end = at + sentence.trim_end_matches(is_space).len();
            if end > at {
                cut_sentence(text, at, end, &mut atoms);
            }
        }
    }
    let chunks = total.div_ceil(MAX_PASSAGE_WORDS).max(1);
    let target = total.div_ceil(chunks).max(1);
    let mut current: Option<(usize, usize, usize)> = None;
    let mut emit = |(a, b, words): (usize, usize, usize)| {
        if let Some((start, end)) = m.source_range(a, b) {
            out.push(Unit {
                section: section.clone(),
                text: text[a..b].to_string(),
                start,
                end,
                kind,
                words,
            });
        }
    };
    for (a, b, words) in atoms {
        current = match current {
            Some((ca, _, cw))
                if cw + words <= target.max(MIN_PASSAGE_WORDS)
                    && b - ca <= MAX_PASSAGE_BYTES
                    && cw + words <= MAX_PASSAGE_WORDS =>
            {
                Some((ca, b, cw + words))
            }
            Some(done) => {
                emit(done);
                Some((a, b, words))
            }
            None => Some((a, b, words)),
        };
    }
    if let Some(done) = current {
        emit(done);
    }
}

/// Adds sentence `text[a..b]` to `atoms`, cut at word boundaries when it
/// is very long and at character boundaries when a word is huge.
fn cut_sentence(text: &str, a: usize, b: usize, atoms: &mut Vec<(usize, usize, usize)>) {
    let sentence = &text[a..b];
    let words = count_words(sentence);
    if words <= LONG_SENTENCE_WORDS && sentence.len() <= MAX_PASSAGE_BYTES {
        atoms.push((a, b, words));
        return;
    }
    // Cut at spaces every MAX_PASSAGE_WORDS words or MAX_PASSAGE_BYTES bytes.
    let mut start = a;
    let mut count = 0;
    let mut last_space = None;
    let mut pos = a;
    for token in sentence.split_word_bounds() {
        let t_end = pos + token.len();
        if token.chars().all(is_space) {
            last_space = Some(pos);
        } else if token.chars().any(char::is_alphanumeric) {
            count += 1;
        }
        while count >= MAX_PASSAGE_WORDS || t_end.saturating_sub(start) > MAX_PASSAGE_BYTES {
            let cut = match last_space {
                Some(s) if s > start => s,
                _ => char_floor(text, (start + MAX_PASSAGE_BYTES).min(t_end)),
            };
            if cut <= start {
                break;
            }
            let chunk = text[start..cut].trim_end_matches(is_space);
            if !chunk.is_empty() {
                atoms.push((start, start + chunk.len(), count_words(chunk)));
            }
            start = cut + text[cut..].len() - text[cut..].trim_start_matches(is_space).len();
            count = count_words(text.get(start..t_end).unwrap_or_default());
            last_space = None;
        }
        pos = t_end;
    }
    if start < b {
        let chunk = text[start..b].trim_end_matches(is_space);
        if !chunk.is_empty() {
            atoms.push((start, start + chunk.len(), count_words(chunk)));
        }
    }
}

fn char_floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Packs rows into passages of at most [`MAX_PASSAGE_WORDS`] words, each
/// starting with the header row when there is one. A row too long for a
/// passage is cut like prose.
fn pack_rows(kind: Rows, rows: &[Mapped], section: &Option<String>, out: &mut Vec<Unit>) {
    let rows: Vec<&Mapped> = rows.iter().filter(|r| !r.is_empty()).collect();
    let (header, body) = match (kind, rows.split_first()) {
        (Rows::Table { header: true }, Some((h, rest))) if !rest.is_empty() => (Some(*h), rest),
        _ => (None, rows.as_slice()),
    };
    let head_words = header.map_or(0, |h| count_words(h.text()));
    let passage_kind = PassageKind::Table;
    let mut chunk: Vec<&Mapped> = Vec::new();
    let mut words = head_words;
    let mut bytes = 0;
    let flush = |chunk: &mut Vec<&Mapped>, words: usize, out: &mut Vec<Unit>| {
        let (Some(first), Some(last)) = (chunk.first(), chunk.last()) else {
            return;
        };
        let start = first.source_range(0, first.text().len());
        let end = last.source_range(0, last.text().len());
        let mut text = header
            .map(|h| format!("{}\n", h.text()))
            .unwrap_or_default();
        text.push_str(
            &chunk
                .iter()
                .map(|r| r.text())
                .collect::<Vec<_>>()
                .join("\n"),
        );
        // The first chunk's range includes its header row.
        let start = match (header, body.first()) {
            (Some(h), Some(b0)) if std::ptr::eq(*first, *b0) => h.source_range(0, h.text().len()),
            _ => start,
        };
        if let (Some((s, _)), Some((_, e))) = (start, end) {
            out.push(Unit {
                section: section.clone(),
                text,
                start: s,
                end: e.max(s),
                kind: passage_kind,
                words,
            });
        }
        chunk.clear();
    };
    for &row in body {
        let w = count_words(row.text());
        if w > MAX_PASSAGE_WORDS || row.text().len() > MAX_PASSAGE_BYTES {
            flush(&mut chunk, words, out);
            words = head_words;
            bytes = 0;
            pack_prose(row, section, passage_kind, out);
            continue;
        }
        if !chunk.is_empty()
            && (words + w > MAX_PASSAGE_WORDS || bytes + row.text().len() > MAX_PASSAGE_BYTES)
        {
            flush(&mut chunk, words, out);
            words = head_words;
            bytes = 0;
        }
        chunk.push(row);
        words += w;
        bytes += row.text().len() + 1;
    }
    flush(&mut chunk, words, out);
    if body.is_empty()
        && let Some(h) = header
    {
        pack_prose(h, section, passage_kind, out);
    }
}

/// Joins prose passages under [`MIN_PASSAGE_WORDS`] words to a prose
/// neighbour in the same section (the previous one first).
fn join_small(units: Vec<Unit>) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    let mut carry: Option<Unit> = None;
    let joinable = |a: &Unit, b: &Unit| {
        a.kind == PassageKind::Prose
            && b.kind == PassageKind::Prose
            && a.section == b.section
            && a.words + b.words <= MERGE_LIMIT_WORDS
            && a.text.len() + b.text.len() < MAX_PASSAGE_BYTES
    };
    let join = |mut a: Unit, b: Unit| {
        a.text.push(' ');
        a.text.push_str(&b.text);
        a.start = a.start.min(b.start);
        a.end = a.end.max(b.end);
        a.words += b.words;
        a
    };
    for mut unit in units {
        if let Some(small) = carry.take() {
            if joinable(&small, &unit) {
                unit = join(small, unit);
            } else {
                out.push(small);
            }
        }
        let small = unit.kind == PassageKind::Prose && unit.words < MIN_PASSAGE_WORDS;
        match out.last_mut() {
            Some(prev) if small && joinable(prev, &unit) => {
                let prev_unit = out.pop();
                if let Some(prev_unit) = prev_unit {
                    out.push(join(prev_unit, unit));
                }
            }
            _ if small => carry = Some(unit),
            _ => out.push(unit),
        }
    }
    out.extend(carry);
    out
}

/// Line numbers of byte offsets; lines end at `\n`, `\r\n` or a lone `\r`.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `source`.
    pub(crate) fn new(source: &str) -> LineIndex {
        let bytes = source.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> u32 {
        u32::try_from(self.starts.partition_point(|&s| s <= offset)).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(source: &str) -> Mapped {
        let mut m = Mapped::default();
        m.push(source, source, 0, source.len());
        m
    }

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

    #[test]
    fn long_prose_is_cut_within_budget() {
        let source = "Ports and rail links keep growing in the province. ".repeat(80);
        let split = assemble(&source, vec![Block::Prose(mapped(&source))], false);
        assert!(split.passages.len() >= 3);
        for p in &split.passages {
            assert!(count_words(&p.text) <= MAX_PASSAGE_WORDS);
            assert_eq!(&source[p.bytes.0..p.bytes.1], p.text);
        }
        let huge = "x".repeat(3 * MAX_PASSAGE_BYTES);
        let split = assemble(&huge, vec![Block::Prose(mapped(&huge))], false);
        assert!(split.passages.len() >= 3);
        assert!(
            split
                .passages
                .iter()
                .all(|p| p.text.len() <= MAX_PASSAGE_BYTES)
        );
        let words = "word ".repeat(1000);
        let split = assemble(&words, vec![Block::Prose(mapped(&words))], false);
        let total: usize = split.passages.iter().map(|p| count_words(&p.text)).sum();
        assert_eq!(total, 1000);
    }

    #[test]
    fn small_prose_joins_a_neighbour_in_its_section() {
        let long = "One two three four five six seven eight nine ten eleven twelve.";
        let source = format!("{long}\nI agree\n{long}");
        let prose = |a: usize, b: usize| {
            let mut m = Mapped::default();
            m.push(&source, &source[a..b], a, b);
            Block::Prose(m)
        };
        let n = long.len();
        let blocks = vec![
            prose(0, n),
            prose(n + 1, n + 8),
            Block::Heading("Next".into()),
            prose(n + 9, source.len()),
        ];
        let split = assemble(&source, blocks, false);
        let texts: Vec<&str> = split.passages.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, [format!("{long} I agree").as_str(), long]);
        assert_eq!(split.passages[0].lines, (1, 2));
        assert_eq!(split.passages[1].section.as_deref(), Some("Next"));
    }

    #[test]
    fn tables_repeat_their_header() {
        let mut source = String::from("Name | Note\n");
        for i in 0..60 {
            source.push_str(&format!("Row{i} | many words in this cell here\n"));
        }
        let rows: Vec<Mapped> = source.lines().map(mapped).collect();
        // The rows' source offsets are wrong here (every row maps to 0..),
        // which is fine for checking the text.
        let split = assemble(
            &source,
            vec![Block::Rows(Rows::Table { header: true }, rows)],
            false,
        );
        assert!(split.passages.len() >= 3);
        for p in &split.passages {
            assert!(p.text.starts_with("Name | Note\n"));
            assert_eq!(p.kind, PassageKind::Table);
            assert!(count_words(&p.text) <= MAX_PASSAGE_WORDS);
        }
    }

    #[test]
    fn line_index_counts_all_endings() {
        let lines = LineIndex::new("a\nb\r\nc\rd");
        let got: Vec<u32> = (0..8).map(|i| lines.line(i)).collect();
        assert_eq!(got, [1, 1, 2, 2, 2, 3, 3, 4]);
    }
}

/// Random documents for the Markdown and HTML readers' invariant tests.
#[cfg(test)]
pub(crate) mod random {
    use crate::passage::Split;

    /// A small linear congruential generator (no dependencies).
    pub(crate) struct Lcg(pub(crate) u64);

    impl Lcg {
        pub(crate) fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n.max(1) as u64) as usize
        }
    }

    /// Concatenates random `fragments`, `rounds` times, and checks each
    /// result with `split`: ranges inside the source, lines ordered, and
    /// every plain ASCII word of a passage inside its source range.
    pub(crate) fn check_invariants(fragments: &[&str], split: impl Fn(&str) -> Split) {
        let mut rng = Lcg(0x5eed);
        for round in 0..300 {
            let mut doc = String::new();
            for _ in 0..rng.below(60) {
                doc.push_str(fragments[rng.below(fragments.len())]);
            }
            let s = split(&doc);
            for p in &s.passages {
                let (a, b) = p.bytes;
                assert!(a <= b && b <= doc.len(), "round {round}: {p:?}\n{doc:?}");
                assert!(p.lines.0 <= p.lines.1, "round {round}: {p:?}");
                let slice = doc.get(a..b).unwrap_or_default();
                for word in p.text.split([' ', '\n']) {
                    if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric()) {
                        assert!(
                            slice.contains(word),
                            "round {round}: {word:?} not in {slice:?}\n{p:?}\n{doc:?}"
                        );
                    }
                }
            }
        }
    }
}
