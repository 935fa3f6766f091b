//! Splitting a document into citable passages.
//!
//! quarry answers a query with *passages*, not whole files: a few sentences
//! to a screenful of text that can be shown, highlighted and cited by line
//! and byte range. The documents it indexes are plain-text dumps of web
//! pages and papers, and they are messy: one paragraph per line, headings
//! that are just short lines, page breaks that cut a paragraph in two,
//! tables flattened into lines whose cells are glued together, site
//! boilerplate, stray control characters and odd line endings. This module
//! turns such a text into a [`Split`]: an optional title line plus a list of
//! [`Passage`]s, each tagged with the heading it sits under.
//!
//! The pipeline, in order:
//!
//! 1. **Lines and blocks.** The source is cut into lines at `\n`, `\r\n` and
//!    lone `\r`. A line holding only whitespace or control characters
//!    (spaces, NBSP, tabs, NUL, a BOM) is blank. Runs of non-blank lines form
//!    *blocks*. Nothing is copied: lines are byte spans into the source.
//! 2. **Title.** When the first block is a single line that reads like a
//!    title (see [`split`]), it becomes [`Split::title_line`]; a later
//!    single-line block repeating it (page footers) is dropped.
//! 3. **Classification.** A block is a heading, a table/list, or prose. A
//!    multi-line prose block may start or end with a heading line. Prose
//!    split by a page break (the first part ends without closing
//!    punctuation, the second starts in lower case) is joined again.
//! 4. **Packing.** Prose is cut at sentence boundaries (UAX #29, via
//!    `unicode-segmentation`) and whole sentences are packed into chunks of
//!    at most [`MAX_PASSAGE_WORDS`] words, balanced so the last chunk is not
//!    a stub. Only a sentence longer than about twice the budget is cut at
//!    word boundaries. Tables are packed by rows, repeating the header row.
//! 5. **Tiny fragments.** Chunks under [`MIN_PASSAGE_WORDS`] words (by-lines,
//!    `I agree`, a lead-in ending in `:`) are joined to a neighbour.
//!
//! Everything is linear in the size of the input, and no input can make it
//! panic.

pub mod blocks;

use unicode_segmentation::UnicodeSegmentation;

/// Passages shorter than this many words are joined to a neighbour.
pub const MIN_PASSAGE_WORDS: usize = 12;
/// Paragraphs longer than this many words are split at sentence boundaries.
pub const MAX_PASSAGE_WORDS: usize = 150;
/// Hard cap on the source span of one chunk, so that a pathological input
/// (a multi-megabyte "word" without spaces) still yields passages of a
/// sane size. A single word longer than this is cut at character
/// boundaries.
pub const MAX_PASSAGE_BYTES: usize = 16 * 1024;
/// Longest line (in words) that can be a heading.
pub const MAX_HEADING_WORDS: usize = 25;
/// Longest numbered line (`5. Countermeasures and ...`) that can be a heading.
pub const MAX_NUMBERED_HEADING_WORDS: usize = 30;
/// Longest first line (in words) that can be the document title.
pub const MAX_TITLE_WORDS: usize = 30;

/// Lines longer than this (in bytes) are never headings or titles, so
/// they are not even normalized for the test.
const MAX_HEADING_BYTES: usize = 1024;
/// A single sentence longer than this is cut at word boundaries; shorter
/// ones are always kept whole, even when they exceed the budget.
const LONG_SENTENCE_WORDS: usize = 2 * MAX_PASSAGE_WORDS - MIN_PASSAGE_WORDS;
/// Largest result (in words) of joining a small fragment to a neighbour.
const MERGE_LIMIT_WORDS: usize = MAX_PASSAGE_WORDS + MIN_PASSAGE_WORDS;
/// Largest heading that may open a multi-line prose block.
const LEADING_HEADING_MAX_WORDS: usize = 12;
/// A row this long (in words) is not a flattened-table row.
const MAX_TABLE_ROW_WORDS: usize = 15;

/// Words a heading never ends with (`Sponsored by`, `... potential for`).
const DANGLING_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "for", "to", "in", "on", "at", "by", "with",
    "from", "into", "onto", "as", "than", "that", "which", "who", "whose", "is", "are", "was",
    "were", "be", "its", "their", "our", "his", "her", "via", "per", "about", "between", "among",
    "&",
];
/// Characters that end a sentence.
const TERMINALS: &[char] = &['.', '!', '?', '…', '。', '！', '？'];
/// Characters a heading never ends with (besides [`TERMINALS`]).
const CONTINUING: &[char] = &[
    ':', ';', ',', '：', '；', '，', '、', '-', '–', '—', '/', '&',
];
/// Closing quotes and brackets that may follow a sentence end.
const CLOSERS: &[char] = &[
    '"', '\'', '”', '’', '»', '›', ')', ']', '}', '」', '』', '）', '*', '_',
];
/// Bullet characters that open a list item when followed by a space.
const BULLETS: &[char] = &['-', '*', '•', '·', '–', '—', '◦', '▪', '‣', '●', '■', '○'];

/// What kind of source block a passage came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassageKind {
    /// Running prose (one or more paragraphs, or part of one).
    Prose,
    /// A flattened table (header row plus rows) or a list kept together.
    Table,
}

/// One citable passage of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// The nearest heading above the passage, if any.
    pub section: Option<String>,
    /// 0-based position of the passage within its document.
    pub ordinal: u32,
    /// 1-based first and last line (inclusive) in the source text.
    pub lines: (u32, u32),
    /// Half-open byte range `[start, end)` in the source text, from the
    /// first to the last non-space byte the passage covers. For a table
    /// chunk after the first, the repeated header row at the start of
    /// `text` lies before this range.
    pub bytes: (usize, usize),
    /// The passage text (lines of a paragraph joined with single spaces,
    /// table rows joined with `\n`).
    pub text: String,
    /// The kind of block.
    pub kind: PassageKind,
}

/// A document split into passages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Split {
    /// The document's first meaningful line, when it reads as a title.
    pub title_line: Option<String>,
    /// The passages in document order.
    pub passages: Vec<Passage>,
}

/// Splits `source` into passages.
///
/// The title is the first non-blank line when it stands alone (a
/// single-line block) and reads like a title: at most [`MAX_TITLE_WORDS`]
/// words, not starting in lower case, not ending in `. , ; :`, containing
/// no sentence break, and not a one-word `Label: value` line. Otherwise
/// `title_line` is `None`, even if a heading-like line follows later (in a
/// page that opens with boilerplate sentences, that line is kept as a
/// heading instead and becomes the section of what follows).
///
/// Headings become the `section` of the passages below them and are never
/// passages themselves; a heading with no text after it is dropped.
pub fn split(source: &str) -> Split {
    let mut blocks = scan_blocks(source);
    let mut title_line = None;
    if let Some([line]) = blocks.first().map(Vec::as_slice)
        && let Some(text) = short_line(source, line)
        && is_title_like(&text)
    {
        title_line = Some(text);
        blocks.remove(0);
    }
    let items = classify(source, &blocks, title_line.as_deref());
    drop(blocks);

    let mut units = Vec::new();
    let mut section: Option<String> = None;
    for item in items {
        match item {
            Item::Heading(text) => section = Some(text),
            Item::Prose(lines) => pack_prose(source, &lines, &section, &mut units),
            Item::Table { rows, header } => pack_table(source, &rows, header, &section, &mut units),
        }
    }
    let units = join_small_in_section(units);
    let units = join_small_anywhere(units);

    let passages = units
        .into_iter()
        .enumerate()
        .map(|(i, u)| Passage {
            section: u.section,
            ordinal: u32::try_from(i).unwrap_or(u32::MAX),
            lines: (u.first_line, u.last_line),
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

// ---------------------------------------------------------------------------
// Characters and small text predicates
// ---------------------------------------------------------------------------

/// Whitespace for the purposes of this module: Unicode white space (which
/// includes NBSP), control characters (tab, NUL, ...), BOM and zero-width
/// space.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{FEFF}' | '\u{200B}')
}

/// Collapses every run of [`is_space`] characters to one space and trims.
fn normalize(s: &str) -> String {
    if s.is_ascii() {
        return normalize_ascii(s);
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// [`normalize`] for ASCII text, byte by byte: the ASCII [`is_space`]
/// characters are the controls (tab and line breaks among them) and space.
fn normalize_ascii(s: &str) -> String {
    let is_space = |b: &u8| *b <= b' ' || *b == 0x7f;
    let mut out = String::with_capacity(s.len());
    for word in s.as_bytes().split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        // Splitting ASCII at ASCII bytes leaves ASCII, hence valid UTF-8.
        out.push_str(std::str::from_utf8(word).unwrap_or_default());
    }
    out
}

/// Number of words in `s`, as UAX #29 word segments holding a letter or
/// digit (each CJK ideograph counts as one word).
fn count_words(s: &str) -> usize {
    crate::text::segment::count_words(s)
}

/// `s` without trailing spaces, closing quotes and brackets.
fn strip_closers(s: &str) -> &str {
    s.trim_end_matches(|c| CLOSERS.contains(&c) || is_space(c))
}

/// Whether `s` ends a sentence: a terminal mark, possibly followed by
/// closing quotes or brackets.
fn is_terminated(s: &str) -> bool {
    strip_closers(s)
        .chars()
        .next_back()
        .is_some_and(|c| TERMINALS.contains(&c))
}

/// Whether the first letter or digit of `s` is a lower-case letter.
fn starts_lowercase(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase)
}

/// Whether `s` shows table cells glued together: a lower-case letter or a
/// closing bracket immediately followed by an upper-case letter and then a
/// lower-case one (`ItemDescription`, `CapitalShenyang`, `(CBA)The`).
fn has_glue(s: &str) -> bool {
    let mut prev2 = ' ';
    let mut prev1 = ' ';
    for c in s.chars() {
        if (prev2.is_lowercase() || matches!(prev2, ')' | ']'))
            && prev1.is_uppercase()
            && c.is_lowercase()
        {
            return true;
        }
        prev2 = prev1;
        prev1 = c;
    }
    false
}

/// If `t` opens with a section number (`3.`, `5.3.`, `5.3`, `2)`, `(1)`,
/// `(a)`, `IV.`) followed by a space, returns the text after it.
fn strip_numbering(t: &str) -> Option<&str> {
    let b = t.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = 0;
    if at(0) == b'(' {
        i = 1;
        while i <= 4 && at(i).is_ascii_alphanumeric() {
            i += 1;
        }
        if i == 1 || at(i) != b')' {
            return None;
        }
        i += 1;
    } else if at(0).is_ascii_digit() {
        let mut marked = false;
        while at(i).is_ascii_digit() {
            i += 1;
        }
        while at(i) == b'.' && at(i + 1).is_ascii_digit() {
            marked = true;
            i += 1;
            while at(i).is_ascii_digit() {
                i += 1;
            }
        }
        if matches!(at(i), b'.' | b')') {
            marked = true;
            i += 1;
        }
        if !marked {
            return None;
        }
    } else if matches!(at(0), b'I' | b'V' | b'X') {
        while matches!(at(i), b'I' | b'V' | b'X' | b'L') {
            i += 1;
        }
        if !matches!(at(i), b'.' | b')') {
            return None;
        }
        i += 1;
    } else {
        return None;
    }
    if !matches!(at(i), b' ' | b'\t') {
        return None;
    }
    let rest = t.get(i..)?.trim_start_matches(is_space);
    (!rest.is_empty()).then_some(rest)
}

/// Whether `t` starts a list item: a bullet and a space, `[n]`, or a
/// section-style number.
fn is_list_item(t: &str) -> bool {
    let mut chars = t.chars();
    let first = chars.next();
    let second = chars.next();
    if first.is_some_and(|c| BULLETS.contains(&c)) && second.is_some_and(is_space) {
        return true;
    }
    if let Some(rest) = t.strip_prefix('[') {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && rest.as_bytes().get(digits) == Some(&b']') {
            return true;
        }
    }
    strip_numbering(t).is_some()
}

/// Whether `t` holds a sentence break before its last word (`... Liaoning.
/// WANG HUA/FOR CHINA DAILY`). Short tokens such as `U.S.` or `Dr.` do not
/// count.
fn has_inner_sentence_end(t: &str) -> bool {
    let mut tokens = t.split(is_space).filter(|w| !w.is_empty()).peekable();
    while let Some(token) = tokens.next() {
        if tokens.peek().is_none() {
            break;
        }
        let core = strip_closers(token);
        let Some(last) = core.chars().next_back() else {
            continue;
        };
        if !TERMINALS.contains(&last) {
            continue;
        }
        let body = &core[..core.len() - last.len_utf8()];
        let letters = body.chars().filter(|c| c.is_alphanumeric()).count();
        let abbreviation = letters <= 3 || body.contains('.');
        if !abbreviation {
            return true;
        }
    }
    false
}

/// Number of words before the first colon of `t`, if it has one.
fn label_words(t: &str) -> Option<usize> {
    let pos = t.find([':', '：'])?;
    Some(t[..pos].split(is_space).filter(|w| !w.is_empty()).count())
}

/// Whether `t` ends with a function word (`Sponsored by`).
fn ends_dangling(t: &str) -> bool {
    let last_word = t
        .rsplit(is_space)
        .next()
        .unwrap_or_default()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '&')
        .to_lowercase();
    DANGLING_WORDS.contains(&last_word.as_str())
}

/// Whether the line `t` (normalized) can be a heading. See the module docs
/// and [`split`].
fn is_heading_like(t: &str) -> bool {
    if t.is_empty() || t.contains('|') || !t.chars().any(char::is_alphabetic) {
        return false;
    }
    let numbered = strip_numbering(t);
    let rest = numbered.unwrap_or(t);
    let first = rest
        .trim_start_matches(['"', '\'', '“', '‘', '(', '[', '«'])
        .chars()
        .next();
    if !first.is_some_and(|c| c.is_numeric() || (c.is_alphabetic() && !c.is_lowercase())) {
        return false;
    }
    let words = t.split(is_space).filter(|w| !w.is_empty()).count();
    let limit = if numbered.is_some() {
        MAX_NUMBERED_HEADING_WORDS
    } else {
        MAX_HEADING_WORDS
    };
    if words > limit {
        return false;
    }
    let stripped = strip_closers(t);
    if stripped.len() < t.len() && stripped.ends_with(TERMINALS) {
        return false;
    }
    if t.ends_with(TERMINALS) || t.ends_with(CONTINUING) || stripped.ends_with(CONTINUING) {
        return false;
    }
    if ends_dangling(t) {
        return false;
    }
    if t.chars().filter(|c| matches!(c, ',' | '，')).count() > 1 {
        return false;
    }
    if label_words(rest).is_some_and(|n| n <= 2) {
        return false;
    }
    !has_inner_sentence_end(rest)
}

/// Whether the first line `t` (normalized) reads as a document title.
fn is_title_like(t: &str) -> bool {
    if !t.chars().any(char::is_alphabetic) || starts_lowercase(t) || strip_numbering(t).is_some() {
        return false;
    }
    if t.split(is_space).filter(|w| !w.is_empty()).count() > MAX_TITLE_WORDS {
        return false;
    }
    if strip_closers(t).ends_with(['.', ',', ';', ':', '。', '，', '；', '：']) {
        return false;
    }
    if label_words(t) == Some(1) || ends_dangling(t) {
        return false;
    }
    !has_inner_sentence_end(t)
}

// ---------------------------------------------------------------------------
// Lines and blocks
// ---------------------------------------------------------------------------

/// A non-blank source line: its 1-based number and the byte span of its
/// content without leading and trailing spaces.
#[derive(Debug, Clone, Copy)]
struct Line {
    number: u32,
    start: usize,
    end: usize,
}

/// The content of `line` (empty if the span were somehow invalid).
fn line_text<'a>(source: &'a str, line: &Line) -> &'a str {
    source.get(line.start..line.end).unwrap_or_default()
}

/// The normalized text of `line` if it is short enough to be a heading or
/// a title.
fn short_line(source: &str, line: &Line) -> Option<String> {
    (line.end - line.start <= MAX_HEADING_BYTES).then(|| normalize(line_text(source, line)))
}

/// The span of `source[start..end]` without leading and trailing
/// [`is_space`] characters, or `None` if nothing is left.
fn trim_span(source: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let s = source.get(start..end)?;
    let (first, _) = s.char_indices().find(|&(_, c)| !is_space(c))?;
    let (last, c) = s.char_indices().rev().find(|&(_, c)| !is_space(c))?;
    Some((start + first, start + last + c.len_utf8()))
}

/// Cuts `source` into lines (at `\n`, `\r\n` and lone `\r`) and groups the
/// non-blank ones into blocks of consecutive lines.
fn scan_blocks(source: &str) -> Vec<Vec<Line>> {
    let bytes = source.as_bytes();
    let mut blocks = Vec::new();
    let mut current = Vec::new();
    let mut number: u32 = 1;
    let mut start = 0;
    loop {
        let rest = bytes.get(start..).unwrap_or_default();
        let brk = rest
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map(|p| p + start);
        let end = brk.unwrap_or(bytes.len());
        match trim_span(source, start, end) {
            Some((a, b)) => current.push(Line {
                number,
                start: a,
                end: b,
            }),
            None if !current.is_empty() => blocks.push(std::mem::take(&mut current)),
            None => {}
        }
        let Some(p) = brk else { break };
        start = if bytes.get(p) == Some(&b'\r') && bytes.get(p + 1) == Some(&b'\n') {
            p + 2
        } else {
            p + 1
        };
        number = number.saturating_add(1);
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

// ---------------------------------------------------------------------------
// Classification
// ---------------------------------------------------------------------------

/// A classified piece of the document.
#[derive(Debug)]
enum Item {
    /// A heading (normalized text).
    Heading(String),
    /// A paragraph: its non-blank lines, possibly from several blocks
    /// joined across a page break.
    Prose(Vec<Line>),
    /// A flattened table (`header`: the first row is a header to repeat)
    /// or a list (`header == false`).
    Table { rows: Vec<Line>, header: bool },
}

/// Whether a multi-line block is a list: it opens with a list item and at
/// least half its lines are items.
fn is_list(source: &str, block: &[Line]) -> bool {
    let items = block
        .iter()
        .filter(|l| is_list_item(line_text(source, l)))
        .count();
    block
        .first()
        .is_some_and(|l| is_list_item(line_text(source, l)))
        && items * 2 >= block.len()
}

/// Whether a multi-line block is a flattened table: at least half its lines
/// lack closing punctuation, and either at least half show glued cells, or
/// there are three or more short unpunctuated lines none of which continues
/// the previous one in lower case.
fn is_table(source: &str, block: &[Line]) -> bool {
    let n = block.len();
    if n < 2 {
        return false;
    }
    let texts: Vec<&str> = block.iter().map(|l| line_text(source, l)).collect();
    let open = texts.iter().filter(|t| !is_terminated(t)).count();
    if open * 2 < n {
        return false;
    }
    let glued = texts.iter().filter(|t| has_glue(t)).count();
    if glued * 2 >= n {
        return true;
    }
    n >= 3
        && open == n
        && texts.iter().skip(1).all(|t| !starts_lowercase(t))
        && texts
            .iter()
            .all(|t| t.split(is_space).filter(|w| !w.is_empty()).count() <= MAX_TABLE_ROW_WORDS)
}

/// Appends a paragraph, joining it to the previous one across a page
/// break: the previous paragraph ends without closing punctuation and this
/// one starts in lower case.
fn push_prose(source: &str, items: &mut Vec<Item>, lines: &[Line]) {
    let Some(first) = lines.first() else { return };
    if let Some(Item::Prose(prev)) = items.last_mut()
        && prev
            .last()
            .is_some_and(|l| !is_terminated(line_text(source, l)))
        && starts_lowercase(line_text(source, first))
    {
        prev.extend_from_slice(lines);
        return;
    }
    items.push(Item::Prose(lines.to_vec()));
}

/// Classifies the blocks (title already removed) into headings, paragraphs
/// and tables.
fn classify(source: &str, blocks: &[Vec<Line>], title: Option<&str>) -> Vec<Item> {
    let mut items = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let next = blocks.get(i + 1).and_then(|b| b.first());
        // A heading needs text after it; a heading-like last line of a
        // document with content (`I agree`) is a small fragment instead.
        let may_be_heading = next.is_some()
            || !items
                .iter()
                .any(|item| matches!(item, Item::Prose(_) | Item::Table { .. }));
        let next_lower = next.is_some_and(|l| starts_lowercase(line_text(source, l)));
        let (Some(first), Some(last)) = (block.first(), block.last()) else {
            continue;
        };
        if let [line] = block.as_slice() {
            if let Some(text) = short_line(source, line) {
                if title == Some(text.as_str()) {
                    continue;
                }
                if may_be_heading && !next_lower && is_heading_like(&text) {
                    items.push(Item::Heading(text));
                    continue;
                }
            }
            push_prose(source, &mut items, block);
            continue;
        }
        if is_list(source, block) {
            items.push(Item::Table {
                rows: block.clone(),
                header: false,
            });
            continue;
        }
        if is_table(source, block) {
            items.push(Item::Table {
                rows: block.clone(),
                header: true,
            });
            continue;
        }
        let mut lines = block.as_slice();
        let first_text = short_line(source, first).unwrap_or_default();
        let opens_with_heading = is_heading_like(&first_text)
            && !has_glue(&first_text)
            && count_words(&first_text) <= LEADING_HEADING_MAX_WORDS
            && block
                .get(1)
                .is_some_and(|l| !starts_lowercase(line_text(source, l)))
            && is_terminated(line_text(source, last));
        if opens_with_heading {
            items.push(Item::Heading(first_text));
            lines = &lines[1..];
        }
        if let [body @ .., tail] = lines
            && !body.is_empty()
            && next.is_some()
            && !next_lower
        {
            let tail_text = short_line(source, tail).unwrap_or_default();
            if is_heading_like(&tail_text) && !has_glue(&tail_text) {
                push_prose(source, &mut items, body);
                items.push(Item::Heading(tail_text));
                continue;
            }
        }
        push_prose(source, &mut items, lines);
    }
    items
}

// ---------------------------------------------------------------------------
// Sentences, pieces and packing
// ---------------------------------------------------------------------------

/// Part of a sentence lying on one line.
#[derive(Debug, Clone, Copy)]
struct Seg {
    start: usize,
    end: usize,
    line: u32,
    words: usize,
}

/// An indivisible unit of packing: a sentence, a table row, or a part of
/// an over-long one.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    first_line: u32,
    last_line: u32,
    words: usize,
}

/// Calls `emit` with the segments of each sentence of the paragraph made
/// of `lines`, in order. A line break ends a sentence only after closing
/// punctuation; otherwise the sentence continues on the next line.
fn for_each_sentence(source: &str, lines: &[Line], emit: &mut dyn FnMut(&[Seg])) {
    let mut pending: Vec<Seg> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let text = line_text(source, line);
        let mut last: Option<Seg> = None;
        for (off, sentence) in crate::text::segment::sentence_bounds(text) {
            let from = line.start + off;
            let Some((a, b)) = trim_span(source, from, from + sentence.len()) else {
                continue;
            };
            if let Some(prev) = last.take() {
                pending.push(prev);
                emit(&pending);
                pending.clear();
            }
            last = Some(Seg {
                start: a,
                end: b,
                line: line.number,
                words: count_words(source.get(a..b).unwrap_or_default()),
            });
        }
        if let Some(prev) = last {
            pending.push(prev);
            let more = i + 1 < lines.len();
            if !more || is_terminated(source.get(prev.start..prev.end).unwrap_or_default()) {
                emit(&pending);
                pending.clear();
            }
        }
    }
    if !pending.is_empty() {
        emit(&pending);
    }
}

/// The piece spanning `segs` (which must be non-empty).
fn piece_of(segs: &[Seg]) -> Option<Piece> {
    let (first, last) = (segs.first()?, segs.last()?);
    Some(Piece {
        start: first.start,
        end: last.end,
        first_line: first.line,
        last_line: last.line,
        words: segs.iter().map(|s| s.words).sum(),
    })
}

/// Cuts an over-long sentence (or row) at word boundaries into pieces of
/// at most [`MAX_PASSAGE_WORDS`] words and [`MAX_PASSAGE_BYTES`] bytes. A
/// single word longer than the byte cap is cut at character boundaries.
fn cut_segments(source: &str, segs: &[Seg], emit: &mut dyn FnMut(Piece)) {
    let mut cur: Option<Piece> = None;
    for seg in segs {
        let Some(text) = source.get(seg.start..seg.end) else {
            continue;
        };
        for (off, w) in text.split_word_bound_indices() {
            if w.chars().all(is_space) {
                continue;
            }
            let (a, b) = (seg.start + off, seg.start + off + w.len());
            let is_word = w.chars().any(char::is_alphanumeric);
            if let Some(c) = cur
                && ((is_word && c.words >= MAX_PASSAGE_WORDS) || b - c.start > MAX_PASSAGE_BYTES)
            {
                emit(c);
                cur = None;
            }
            if w.len() > MAX_PASSAGE_BYTES {
                let mut s = a;
                while s < b {
                    let mut e = (s + MAX_PASSAGE_BYTES).min(b);
                    while e > s && !source.is_char_boundary(e) {
                        e -= 1;
                    }
                    if e <= s {
                        e = b;
                    }
                    emit(Piece {
                        start: s,
                        end: e,
                        first_line: seg.line,
                        last_line: seg.line,
                        words: count_words(source.get(s..e).unwrap_or_default()),
                    });
                    s = e;
                }
                continue;
            }
            match &mut cur {
                Some(c) => {
                    c.end = b;
                    c.last_line = seg.line;
                    c.words += usize::from(is_word);
                }
                None => {
                    cur = Some(Piece {
                        start: a,
                        end: b,
                        first_line: seg.line,
                        last_line: seg.line,
                        words: usize::from(is_word),
                    });
                }
            }
        }
    }
    if let Some(c) = cur {
        emit(c);
    }
}

/// A passage under construction.
#[derive(Debug)]
struct Unit {
    section: Option<String>,
    kind: PassageKind,
    start: usize,
    end: usize,
    first_line: u32,
    last_line: u32,
    text: String,
    words: usize,
    /// Length in bytes of a repeated table header (with its `\n`) at the
    /// start of `text`, 0 if none.
    header_len: usize,
    /// Words of that repeated header.
    header_words: usize,
}

/// Packs pieces greedily into chunks of about `target` words and at most
/// [`MAX_PASSAGE_WORDS`] (a single piece may be larger).
struct Packer<'a> {
    source: &'a str,
    section: &'a Option<String>,
    kind: PassageKind,
    sep: char,
    /// Header row text and word count, repeated at the start of every
    /// chunk but the first.
    header: Option<(String, usize)>,
    target: usize,
    chunks: Vec<Unit>,
    current: Option<Unit>,
}

impl Packer<'_> {
    fn add(&mut self, p: Piece) {
        if let Some(c) = &self.current {
            let full = c.words + p.words > MAX_PASSAGE_WORDS
                || p.end.saturating_sub(c.start) > MAX_PASSAGE_BYTES
                || c.words >= self.target;
            if full && let Some(done) = self.current.take() {
                self.chunks.push(done);
            }
        }
        let text = normalize(self.source.get(p.start..p.end).unwrap_or_default());
        match &mut self.current {
            Some(c) => {
                c.text.push(self.sep);
                c.text.push_str(&text);
                c.end = p.end;
                c.last_line = p.last_line;
                c.words += p.words;
            }
            None => {
                let mut unit = Unit {
                    section: self.section.clone(),
                    kind: self.kind,
                    start: p.start,
                    end: p.end,
                    first_line: p.first_line,
                    last_line: p.last_line,
                    text: String::new(),
                    words: p.words,
                    header_len: 0,
                    header_words: 0,
                };
                if let Some((header, words)) = &self.header
                    && !self.chunks.is_empty()
                {
                    unit.text.push_str(header);
                    unit.text.push('\n');
                    unit.header_len = unit.text.len();
                    unit.header_words = *words;
                    unit.words += words;
                }
                unit.text.push_str(&text);
                self.current = Some(unit);
            }
        }
    }

    /// Flushes the last chunk, folds a stub last chunk into the one before
    /// it, and appends the chunks to `out`.
    fn finish(mut self, out: &mut Vec<Unit>) {
        if let Some(done) = self.current.take() {
            self.chunks.push(done);
        }
        if self.chunks.len() >= 2
            && let Some(last) = self.chunks.pop()
        {
            let own_words = last.words - last.header_words;
            match self.chunks.last_mut() {
                Some(prev)
                    if last.words < MIN_PASSAGE_WORDS
                        && prev.words + own_words <= MERGE_LIMIT_WORDS
                        && prev.text.len() + last.text.len() <= 2 * MAX_PASSAGE_BYTES =>
                {
                    prev.text.push(self.sep);
                    prev.text
                        .push_str(last.text.get(last.header_len..).unwrap_or_default());
                    prev.end = last.end;
                    prev.last_line = last.last_line;
                    prev.words += own_words;
                }
                _ => self.chunks.push(last),
            }
        }
        out.append(&mut self.chunks);
    }
}

/// Number of chunks and target chunk size for `total` words.
fn chunk_target(total: usize) -> usize {
    let parts = total.div_ceil(MAX_PASSAGE_WORDS).max(1);
    total.div_ceil(parts).max(1)
}

/// Splits a paragraph into sentence-aligned prose units.
fn pack_prose(source: &str, lines: &[Line], section: &Option<String>, out: &mut Vec<Unit>) {
    let total: usize = lines
        .iter()
        .map(|l| count_words(line_text(source, l)))
        .sum();
    let mut packer = Packer {
        source,
        section,
        kind: PassageKind::Prose,
        sep: ' ',
        header: None,
        target: chunk_target(total),
        chunks: Vec::new(),
        current: None,
    };
    for_each_sentence(source, lines, &mut |segs| {
        let Some(piece) = piece_of(segs) else { return };
        if piece.words > LONG_SENTENCE_WORDS || piece.end - piece.start > MAX_PASSAGE_BYTES {
            cut_segments(source, segs, &mut |p| packer.add(p));
        } else {
            packer.add(piece);
        }
    });
    packer.finish(out);
}

/// Splits a table or list into row-aligned units, repeating a table's
/// header row at the start of every chunk after the first.
fn pack_table(
    source: &str,
    rows: &[Line],
    header: bool,
    section: &Option<String>,
    out: &mut Vec<Unit>,
) {
    let pieces: Vec<Piece> = rows
        .iter()
        .map(|l| Piece {
            start: l.start,
            end: l.end,
            first_line: l.number,
            last_line: l.number,
            words: count_words(line_text(source, l)),
        })
        .collect();
    let total: usize = pieces.iter().map(|p| p.words).sum();
    let repeated = pieces
        .first()
        .filter(|p| {
            header && p.words <= MAX_PASSAGE_WORDS / 4 && p.end - p.start <= MAX_PASSAGE_BYTES / 8
        })
        .map(|p| {
            let text = normalize(source.get(p.start..p.end).unwrap_or_default());
            (text, p.words)
        });
    let header_words = repeated.as_ref().map_or(0, |(_, w)| *w);
    let mut packer = Packer {
        source,
        section,
        kind: PassageKind::Table,
        sep: '\n',
        header: repeated,
        target: chunk_target(total) + header_words,
        chunks: Vec::new(),
        current: None,
    };
    for (row, piece) in rows.iter().zip(pieces) {
        if piece.words + header_words > MAX_PASSAGE_WORDS
            || piece.end - piece.start > MAX_PASSAGE_BYTES
        {
            let seg = Seg {
                start: row.start,
                end: row.end,
                line: row.number,
                words: piece.words,
            };
            cut_segments(source, &[seg], &mut |p| packer.add(p));
        } else {
            packer.add(piece);
        }
    }
    packer.finish(out);
}

// ---------------------------------------------------------------------------
// Joining small fragments
// ---------------------------------------------------------------------------

/// Whether `a` and `b` may be joined without exceeding the budget.
fn fits(a: &Unit, b: &Unit) -> bool {
    a.words + b.words - b.header_words <= MERGE_LIMIT_WORDS
        && a.text.len() + b.text.len() <= 2 * MAX_PASSAGE_BYTES
}

/// Appends `b` (which follows `a` in the document) to `a`. The result is a
/// table if either part is (prose passages never hold line breaks), and
/// takes the section of the larger part.
fn append(a: &mut Unit, b: Unit) {
    let sep = if a.kind == PassageKind::Table || b.kind == PassageKind::Table {
        a.kind = PassageKind::Table;
        '\n'
    } else {
        ' '
    };
    let own_words = b.words - b.header_words;
    if own_words > a.words - a.header_words && a.section != b.section {
        a.section = b.section;
    }
    a.text.push(sep);
    a.text
        .push_str(b.text.get(b.header_len..).unwrap_or_default());
    a.end = b.end;
    a.last_line = b.last_line;
    a.words += own_words;
}

/// Joins `a` and the unit `b` that follows it.
fn joined(mut a: Unit, b: Unit) -> Unit {
    append(&mut a, b);
    a
}

/// First pass over small units, within sections: a unit under
/// [`MIN_PASSAGE_WORDS`] joins the following unit of its section (same
/// kind preferred), else the previous one; a prose unit ending in `:`
/// (a lead-in) joins the following unit of its section when it fits.
fn join_small_in_section(units: Vec<Unit>) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    let mut carry: Option<Unit> = None;
    let mut iter = units.into_iter().peekable();
    while let Some(mut u) = iter.next() {
        if let Some(c) = carry.take() {
            u = joined(c, u);
        }
        let small = u.words < MIN_PASSAGE_WORDS;
        let lead_in = u.kind == PassageKind::Prose && u.text.ends_with([':', '：']);
        if small || lead_in {
            let next = iter.peek();
            let next_ok = |same_kind: bool| {
                next.is_some_and(|n| {
                    n.section == u.section && fits(&u, n) && (!same_kind || n.kind == u.kind)
                })
            };
            let prev_ok = |same_kind: bool| {
                out.last().is_some_and(|p| {
                    p.section == u.section && fits(p, &u) && (!same_kind || p.kind == u.kind)
                })
            };
            if next_ok(true) || (!small && next_ok(false)) {
                carry = Some(u);
                continue;
            }
            if small {
                if prev_ok(true) {
                    if let Some(p) = out.last_mut() {
                        append(p, u);
                    }
                    continue;
                }
                if next_ok(false) {
                    carry = Some(u);
                    continue;
                }
                if prev_ok(false) {
                    if let Some(p) = out.last_mut() {
                        append(p, u);
                    }
                    continue;
                }
            }
        }
        out.push(u);
    }
    if let Some(c) = carry {
        out.push(c);
    }
    out
}

/// Second pass, across sections: a unit still under [`MIN_PASSAGE_WORDS`]
/// (alone between two headings) joins the previous unit if that fits, else
/// the following one; the very last one joins the previous unit anyway
/// (still under twice the budget). Only the byte cap can leave a small unit
/// unjoined.
fn join_small_anywhere(units: Vec<Unit>) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    let mut carry: Option<Unit> = None;
    let mut iter = units.into_iter().peekable();
    while let Some(mut u) = iter.next() {
        if let Some(c) = carry.take() {
            u = joined(c, u);
        }
        if u.words < MIN_PASSAGE_WORDS {
            if let Some(p) = out.last_mut()
                && fits(p, &u)
            {
                append(p, u);
                continue;
            }
            if let Some(n) = iter.peek() {
                if u.text.len() + n.text.len() <= 2 * MAX_PASSAGE_BYTES {
                    carry = Some(u);
                    continue;
                }
            } else if let Some(p) = out.last_mut()
                && p.text.len() + u.text.len() <= 3 * MAX_PASSAGE_BYTES
            {
                append(p, u);
                continue;
            }
        }
        out.push(u);
    }
    if let Some(c) = carry {
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRADE_HUB: &str =
        include_str!("../../corpus/2021-09-24-china-daily-northeast-asian-trade-hub.txt");
    const EUROMONEY: &str = include_str!("../../corpus/2021-euromoney-new-industry-in-shenyang.txt");
    const DECADE: &str =
        include_str!("../../corpus/2022-07-19-china-daily-decade-success-liaoning.txt");
    const TAKEMURA: &str = include_str!("../../corpus/takemura-japanese-image-of-liaoning.txt");
    const YUAN_YUE: &str =
        include_str!("../../corpus/yuan-yue-liaoning-northeast-asia-cooperation.txt");
    const CORPUS: &[(&str, &str)] = &[
        ("trade-hub", TRADE_HUB),
        ("euromoney", EUROMONEY),
        ("decade", DECADE),
        ("takemura", TAKEMURA),
        ("yuan-yue", YUAN_YUE),
    ];

    /// Byte offsets just after each line break (`\n`, `\r\n`, lone `\r`).
    fn line_starts(s: &str) -> Vec<usize> {
        let b = s.as_bytes();
        let mut out = Vec::new();
        for (i, &c) in b.iter().enumerate() {
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                out.push(i + 1);
            }
        }
        out
    }

    /// 1-based line of the byte just before `offset` (of `offset` itself
    /// when it is a line start), counted independently of the splitter.
    fn line_at(starts: &[usize], offset: usize) -> u32 {
        1 + starts.partition_point(|&s| s <= offset) as u32
    }

    fn words(s: &str) -> impl Iterator<Item = &str> {
        s.split(is_space).filter(|w| !w.is_empty())
    }

    /// Whether every word of `text` occurs in `hay`, in order.
    fn in_order(text: &str, hay: &str) -> bool {
        let mut pos = 0;
        for w in words(text) {
            match hay.get(pos..).and_then(|h| h.find(w)) {
                Some(i) => pos += i + w.len(),
                None => return false,
            }
        }
        true
    }

    /// Checks the invariants every split must satisfy.
    fn check(source: &str, s: &Split) {
        let n = s.passages.len();
        let starts = line_starts(source);
        let mut prev_end = 0;
        for (i, p) in s.passages.iter().enumerate() {
            let ctx = format!("passage {i} {p:?}");
            assert_eq!(p.ordinal as usize, i, "{ctx}");
            let (b0, b1) = p.bytes;
            assert!(prev_end <= b0 && b0 < b1 && b1 <= source.len(), "{ctx}");
            prev_end = b1;
            let slice = source.get(b0..b1).expect("char boundaries");
            assert!(
                !slice.starts_with(is_space) && !slice.ends_with(is_space),
                "{ctx}"
            );
            assert_eq!(p.lines.0, line_at(&starts, b0), "{ctx}");
            assert_eq!(p.lines.1, line_at(&starts, b1 - 1), "{ctx}");
            assert!(!p.text.is_empty(), "{ctx}");
            assert_eq!(p.text, p.text.trim(), "{ctx}");
            assert!(!p.text.contains("  ") && !p.text.contains('\r'), "{ctx}");
            assert!(!p.text.contains('\0') && !p.text.contains('\t'), "{ctx}");
            if p.kind == PassageKind::Prose {
                assert!(!p.text.contains('\n'), "{ctx}");
            }
            // Every word comes from the covered source, in order; a table
            // chunk may open with the repeated header row from above.
            let mut body = p.text.as_str();
            if !in_order(body, slice) && p.kind == PassageKind::Table {
                let (header, rest) = body.split_once('\n').unwrap_or((body, ""));
                assert!(in_order(header, &source[..b0]), "{ctx}");
                body = rest;
            }
            assert!(in_order(body, slice), "{ctx}");
            let w = count_words(&p.text);
            assert!(w <= 2 * MAX_PASSAGE_WORDS, "{ctx}: {w} words");
            if n > 1 && p.text.len() * 2 < MAX_PASSAGE_BYTES {
                assert!(w >= MIN_PASSAGE_WORDS, "{ctx}: {w} words");
            }
            assert!(p.text.len() <= 3 * MAX_PASSAGE_BYTES, "{ctx}");
            if let Some(sec) = &p.section {
                assert_ne!(&p.text, sec, "{ctx}");
            }
        }
    }

    fn find<'a>(s: &'a Split, needle: &str) -> &'a Passage {
        let hits: Vec<_> = s
            .passages
            .iter()
            .filter(|p| p.text.contains(needle))
            .collect();
        assert_eq!(hits.len(), 1, "{needle:?} in {hits:#?}");
        hits[0]
    }

    fn sections(s: &Split) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for p in &s.passages {
            if let Some(sec) = p.section.as_deref()
                && out.last() != Some(&sec)
            {
                out.push(sec);
            }
        }
        out
    }

    #[test]
    fn heading_detection() {
        let cases = [
            ("European ties", true),
            ("South Korea", true),
            ("The United States", true),
            ("Structural adjustment", true),
            ("Opening up", true),
            ("Conclusion", true),
            ("TOPIC", true),
            ("1. Introduction", true),
            ("5.3. Expand opening up and attract investment", true),
            (
                "2) Weaknesses of Liaoning's participation in Northeast Asia regional cooperation",
                true,
            ),
            (
                "5. Countermeasures and suggestions for the development of Liaoning in the \
                 perspective of Northeast Asian regional cooperation",
                true,
            ),
            ("(1) Scope of the study", true),
            (
                "How Japanese People See Liaoning’s Strengths and Challenges",
                true,
            ),
            ("U.S. trade with Liaoning", true),
            ("Sponsored by", false),
            (
                "City Institute, Dalian University of Technology, Dalian, China",
                false,
            ),
            (
                "Keywords: Northeast Asia, regional cooperation, Liaoning region",
                false,
            ),
            ("Supervisor: Naohiro Takemura", false),
            (
                "By Yuan Shenggao | (China Daily) | Updated : 2021-09-24",
                false,
            ),
            (
                "Containers wait for shipping at a port in Dalian, Liaoning. WANG HUA/FOR CHINA DAILY",
                false,
            ),
            (
                "The impact of Northeast Asia regional cooperation on Liaoning Province is \
                 profound and positive, mainly reflected in:",
                false,
            ),
            ("economic and trade cooperation between countries", false),
            (
                "Liaoning is a place where the past and future intersect.",
                false,
            ),
            ("He said “it is over.”", false),
            ("Next steps:", false),
            ("Prices, wages and", false),
            ("12", false),
            ("3.", false),
            ("", false),
            ("- [1] Diao Xiuhua", false),
            (
                "One two three four five six seven eight nine ten eleven twelve thirteen \
                 fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone \
                 twentytwo twentythree twentyfour twentyfive twentysix",
                false,
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(is_heading_like(text), expected, "{text:?}");
        }
    }

    #[test]
    fn title_detection() {
        let cases = [
            (
                "Liaoning positions itself as Northeast Asian trade hub",
                true,
            ),
            ("Decade Success: Liaoning province is transformed", true),
            (
                "What Image Do Japanese People Have of Liaoning Province?From an Industrial Hub \
                 to a City of Culture and Sports — Shenyang, the Provincial Capital",
                true,
            ),
            (
                "The material on this site is for financial institutions. It is for information only.",
                false,
            ),
            ("Keywords: Northeast Asia", false),
            ("1. Introduction", false),
            ("lower case start", false),
            ("Ends with a comma,", false),
        ];
        for (text, expected) in cases {
            assert_eq!(is_title_like(text), expected, "{text:?}");
        }
    }

    #[test]
    fn small_predicates() {
        for (text, numbered) in [
            ("5.3. Expand", Some("Expand")),
            ("5.3 Expand", Some("Expand")),
            ("2) Weak", Some("Weak")),
            ("(1) geo", Some("geo")),
            ("IV. Results", Some("Results")),
            ("2021 was good", None),
            ("5.3.Expand", None),
            ("(1)", None),
            ("Intro", None),
        ] {
            assert_eq!(strip_numbering(text), numbered, "{text:?}");
        }
        for (text, done) in [
            ("A sentence.", true),
            ("“A quote.”", true),
            ("Really?)", true),
            ("文章です。", true),
            ("relatively small,", false),
            ("potential for", false),
            ("mainly reflected in:", false),
            ("", false),
        ] {
            assert_eq!(is_terminated(text), done, "{text:?}");
        }
        for (text, glued) in [
            ("ItemDescription", true),
            ("CapitalShenyang", true),
            ("Electronics / ITGrowing rapidly", false),
            ("(CBA)The team", true),
            ("Key Industry Characteristics", false),
            ("ROK", false),
        ] {
            assert_eq!(has_glue(text), glued, "{text:?}");
        }
        for (text, item) in [
            ("- [1] Diao", true),
            ("[2] Cui", true),
            ("• point", true),
            ("3. Third", true),
            ("-dash", false),
            ("Plain", false),
        ] {
            assert_eq!(is_list_item(text), item, "{text:?}");
        }
    }

    /// `(section, text, kind, lines)` of each passage.
    type Expected<'a> = Vec<(Option<&'a str>, &'a str, PassageKind, (u32, u32))>;

    #[test]
    fn small_documents() {
        use PassageKind::{Prose, Table};
        let p12 = "One two three four five six seven eight nine ten eleven twelve.";
        let cases: Vec<(&str, String, Option<&str>, Expected)> = vec![
            ("empty", String::new(), None, vec![]),
            ("blank", " \n\t\r\n\u{a0}\n\u{feff}".into(), None, vec![]),
            (
                "only headings",
                "Title\n\nIntro\n\n2. Methods\n".into(),
                Some("Title"),
                vec![],
            ),
            (
                "page break",
                format!(
                    "Title\n\nThere is great potential for\n\n \neconomic and trade cooperation. {p12}\n"
                ),
                Some("Title"),
                vec![(
                    None,
                    "There is great potential for economic and trade cooperation. One two three \
                     four five six seven eight nine ten eleven twelve.",
                    Prose,
                    (3, 6),
                )],
            ),
            (
                "crlf and lone cr",
                format!("Title\r\n\r\nHeading here\r\r{p12}\r\n\r\n{p12}"),
                Some("Title"),
                vec![
                    (Some("Heading here"), p12, Prose, (5, 5)),
                    (Some("Heading here"), p12, Prose, (7, 7)),
                ],
            ),
            (
                "bom and tabs",
                format!("\u{feff}\tMy title\t\n\n\t{p12}\t\n"),
                Some("My title"),
                vec![(None, p12, Prose, (3, 3))],
            ),
            (
                "joined lines and trailing heading",
                format!("{p12}\nSecond line here. CHINA DAILY\nOpening up\n \n{p12}"),
                None,
                vec![
                    (
                        None,
                        "One two three four five six seven eight nine ten eleven twelve. \
                         Second line here. CHINA DAILY",
                        Prose,
                        (1, 2),
                    ),
                    (Some("Opening up"), p12, Prose, (5, 5)),
                ],
            ),
            (
                "tiny joins following",
                format!("Sponsored by\n\n{p12}\n\nAnother heading\n\n{p12}\n\nI agree"),
                None,
                vec![
                    (
                        None,
                        "Sponsored by One two three four five six seven eight nine ten eleven twelve.",
                        Prose,
                        (1, 3),
                    ),
                    (
                        Some("Another heading"),
                        "One two three four five six seven eight nine ten eleven twelve. I agree",
                        Prose,
                        (7, 9),
                    ),
                ],
            ),
            (
                "table",
                format!(
                    "{p12}\n\nItemDescription\nCapitalShenyang\nPopulationAbout 40 million\n\n{p12}"
                ),
                None,
                vec![
                    (None, p12, Prose, (1, 1)),
                    (
                        None,
                        "ItemDescription\nCapitalShenyang\nPopulationAbout 40 million\n\
                         One two three four five six seven eight nine ten eleven twelve.",
                        Table,
                        (3, 7),
                    ),
                ],
            ),
            (
                "list",
                "References\n\n- [1] Diao Xiuhua. SWOT analysis, 2011\n- [2] Cui Riming. Research on the Interaction, 2010\n- [3] Lin Quan. Path, 2007"
                    .into(),
                Some("References"),
                vec![(
                    None,
                    "- [1] Diao Xiuhua. SWOT analysis, 2011\n- [2] Cui Riming. Research on the \
                     Interaction, 2010\n- [3] Lin Quan. Path, 2007",
                    Table,
                    (3, 5),
                )],
            ),
        ];
        for (name, source, title, expected) in cases {
            let s = split(&source);
            check(&source, &s);
            assert_eq!(s.title_line.as_deref(), title, "{name}");
            let got: Expected = s
                .passages
                .iter()
                .map(|p| (p.section.as_deref(), p.text.as_str(), p.kind, p.lines))
                .collect();
            assert_eq!(got, expected, "{name}");
        }
    }

    #[test]
    fn long_paragraph_splits_at_sentences() {
        let sentence = "Liaoning keeps building ports and rail links for regional trade. ";
        let source = format!("Heading\n\n{}\n", sentence.repeat(60));
        let s = split(&source);
        check(&source, &s);
        assert!(s.passages.len() >= 4);
        let sizes: Vec<usize> = s.passages.iter().map(|p| count_words(&p.text)).collect();
        for p in &s.passages {
            assert!(p.text.ends_with("regional trade."), "{p:?}");
            assert!(count_words(&p.text) <= MAX_PASSAGE_WORDS, "{sizes:?}");
        }
        let (min, max) = (sizes.iter().min(), sizes.iter().max());
        assert!(
            max.zip(min).is_some_and(|(a, b)| a - b <= 10),
            "unbalanced {sizes:?}"
        );
    }

    #[test]
    fn huge_sentence_is_cut_at_words() {
        let source = format!("{} end.", "word ".repeat(1000));
        let s = split(&source);
        check(&source, &s);
        assert!(s.passages.len() >= 6);
        assert!(
            s.passages
                .iter()
                .all(|p| count_words(&p.text) <= MAX_PASSAGE_WORDS + MIN_PASSAGE_WORDS)
        );
        let total: usize = s.passages.iter().map(|p| count_words(&p.text)).sum();
        assert_eq!(total, 1001);
    }

    #[test]
    fn long_table_repeats_header() {
        let mut source = String::from("Key IndustryCharacteristics\n");
        for i in 0..60 {
            source.push_str(&format!("Industry{i}Based in Dalian with many workers\n"));
        }
        let s = split(&source);
        check(&source, &s);
        assert!(s.passages.len() >= 3);
        for p in &s.passages {
            assert_eq!(p.kind, PassageKind::Table);
            assert!(p.text.starts_with("Key IndustryCharacteristics\n"), "{p:?}");
            assert!(count_words(&p.text) <= MAX_PASSAGE_WORDS);
        }
        let rows: usize = s.passages.iter().map(|p| p.text.lines().count() - 1).sum();
        assert_eq!(rows, 60);
    }

    #[test]
    fn corpus_invariants() {
        for (name, source) in CORPUS {
            let s = split(source);
            assert!(s.passages.len() > 10, "{name}");
            check(source, &s);
            for p in &s.passages {
                for heading in sections(&s) {
                    assert_ne!(p.text, heading, "{name}");
                }
            }
        }
    }

    #[test]
    fn corpus_titles() {
        let titles: Vec<Option<String>> = CORPUS.iter().map(|(_, s)| split(s).title_line).collect();
        assert_eq!(
            titles,
            [
                Some("Liaoning positions itself as Northeast Asian trade hub"),
                None,
                Some("Decade Success: Liaoning province is transformed"),
                Some(
                    "What Image Do Japanese People Have of Liaoning Province?From an Industrial \
                     Hub to a City of Culture and Sports — Shenyang, the Provincial Capital"
                ),
                Some(
                    "Research on the Development of Liaoning Province from the Perspective of \
                     Northeast Asia Regional Cooperation"
                ),
            ]
            .map(|t| t.map(String::from))
        );
        // The title repeated as a footer is not a passage.
        let s = split(DECADE);
        assert!(
            s.passages
                .iter()
                .all(|p| !p.text.contains("Decade Success"))
        );
    }

    #[test]
    fn corpus_page_breaks_are_joined() {
        let s = split(YUAN_YUE);
        let p = find(&s, "great potential for economic and trade cooperation");
        assert!(
            p.section
                .as_deref()
                .is_some_and(|t| t.starts_with("3) Opportunities for Liaoning"))
        );
        assert_eq!(p.kind, PassageKind::Prose);
        find(&s, "relatively small, which limits");
        find(&s, "cultural concepts and management experience");
    }

    #[test]
    fn corpus_tables() {
        let s = split(TAKEMURA);
        let p = find(&s, "About 40 million");
        assert_eq!(p.kind, PassageKind::Table);
        assert!(p.text.starts_with("ItemDescription\nCapitalShenyang\n"));
        assert_eq!(p.lines, (21, 27));
        let p = find(&s, "ShipbuildingBased in Dalian");
        assert_eq!(p.kind, PassageKind::Table);
        assert!(p.text.starts_with("Key IndustryCharacteristics\n"));
        assert_eq!(p.text.lines().count(), 6);
        let tables = s
            .passages
            .iter()
            .filter(|p| p.kind == PassageKind::Table)
            .count();
        assert_eq!(tables, 6);
        // The author bio is one paragraph with its label.
        let p = find(&s, "Supervisor: Naohiro Takemura");
        assert!(
            p.text
                .contains("accounting firm. For approximately 30 years")
        );
        let s = split(YUAN_YUE);
        let p = find(&s, "[1] Diao Xiuhua");
        assert_eq!(p.kind, PassageKind::Table);
        assert!(p.text.contains("\n- [4] Lin Quan"));
        assert_eq!(p.section.as_deref(), Some("References"));
    }

    #[test]
    fn corpus_sections() {
        let s = split(TRADE_HUB);
        assert_eq!(
            sections(&s),
            ["European ties", "South Korea", "The United States"]
        );
        assert!(
            find(&s, "By Yuan Shenggao")
                .text
                .contains("Northeast China’s Liaoning")
        );
        assert_eq!(
            find(&s, "Copyright").section.as_deref(),
            Some("The United States")
        );
        let s = split(DECADE);
        assert_eq!(
            sections(&s),
            ["Structural adjustment", "Coastal cities", "Opening up"]
        );
        let p = find(&s, "sanctuary for migratory birds");
        assert_eq!(p.section.as_deref(), Some("Coastal cities"));
        assert!(p.text.ends_with("CHINA DAILY"));
        let s = split(EUROMONEY);
        assert_eq!(sections(&s), ["New industry in Shenyang"]);
        assert!(
            find(&s, "Sponsored by")
                .text
                .starts_with("Sponsored by Shenyang is")
        );
        assert!(find(&s, "I agree").text.starts_with("We use cookies"));
        let s = split(YUAN_YUE);
        let secs = sections(&s);
        for heading in [
            "1. Introduction",
            "2) Weaknesses of Liaoning's participation in Northeast Asia regional cooperation",
            "5.3. Expand opening up and attract investment",
            "6. Conclusions",
            "References",
        ] {
            assert!(secs.contains(&heading), "{heading:?} in {secs:#?}");
        }
        let p = find(&s, "positive, mainly reflected in:");
        assert!(
            p.text
                .contains("mainly reflected in: Regional cooperation in Northeast Asia")
        );
        let s = split(TAKEMURA);
        assert_eq!(
            sections(&s),
            [
                "TOPIC",
                "Overview and Geographical Features of Liaoning Province",
                "Liaoning as a Center of Industry and Economy",
                "The Image of Liaoning Among Japanese People",
                "Tourism and Cultural Diversity",
                "Sports and Regional Revitalization",
                "How Japanese People See Liaoning’s Strengths and Challenges",
                "Conclusion",
            ]
        );
    }

    #[test]
    fn corpus_with_other_line_endings() {
        for (name, source) in CORPUS {
            let base = split(source);
            for (ending, bom) in [("\r\n", false), ("\r", true)] {
                let mut converted = source.replace('\n', ending);
                if bom {
                    converted.insert(0, '\u{feff}');
                }
                let s = split(&converted);
                check(&converted, &s);
                assert_eq!(s.title_line, base.title_line, "{name}");
                let strip = |s: &Split| {
                    s.passages
                        .iter()
                        .map(|p| (p.section.clone(), p.text.clone(), p.kind, p.lines))
                        .collect::<Vec<_>>()
                };
                assert_eq!(strip(&s), strip(&base), "{name} {ending:?}");
            }
        }
    }

    /// A small linear congruential generator (no dependencies).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    #[test]
    fn random_documents_keep_invariants() {
        let long_word = "x".repeat(3000);
        let long_sentence = "many words in a row ".repeat(90);
        let fragments: Vec<&str> = vec![
            "\n",
            "\n",
            "\n\n",
            "\r\n",
            "\r",
            "\r\n\r\n",
            " ",
            "\t",
            "\0",
            "\u{feff}",
            "\u{a0}",
            "\u{200b}",
            "Hello world. ",
            "This is a full sentence with several words in it. ",
            "this continues in lower case",
            "and ends without a stop",
            "European ties",
            "5.3. Expand opening up",
            "2) Weaknesses of Liaoning",
            "ItemDescription\nCapitalShenyang\nAreaApprox 140,000\n",
            "- [1] Diao Xiuhua, 2011\n- [2] Cui Riming, 2010\n",
            "日本語の文章です。",
            "Ölförderung läuft.",
            "e\u{301}te\u{301} ",
            "👍🏽 ",
            "?",
            ".",
            ":",
            ",",
            "“",
            "”",
            "(",
            ")",
            "Sponsored by",
            "I agree",
            "Keywords: a, b",
            "U.S. ",
            "...",
            "—",
            &long_word,
            &long_sentence,
        ];
        let mut rng = Lcg(0x5eed);
        for round in 0..400 {
            let mut doc = String::new();
            if rng.below(8) == 0 {
                doc.push('\u{feff}');
            }
            for _ in 0..rng.below(80) {
                doc.push_str(fragments[rng.below(fragments.len())]);
            }
            let s = split(&doc);
            check(&doc, &s);
            let again = split(&doc);
            assert_eq!(s, again, "round {round}");
        }
    }

    #[test]
    fn big_inputs_are_linear() {
        let sentence = "The province expanded trade with Japan and Korea last year. ";
        let cases = [
            sentence.repeat(20_000),
            "y".repeat(1 << 20),
            "word ".repeat(200_000),
            "\r".repeat(200_000) + "Tail text here.",
            "a\n\n".repeat(50_000),
        ];
        for source in cases {
            let started = std::time::Instant::now();
            let s = split(&source);
            assert!(started.elapsed().as_secs() < 30);
            check(&source, &s);
        }
    }

    /// Run with `cargo test --release --lib passage -- --ignored`.
    #[test]
    #[ignore]
    fn two_hundred_megabyte_line() {
        let sentence = "The province expanded trade with Japan and Korea last year. ";
        let source = sentence.repeat(200 * 1024 * 1024 / sentence.len());
        let started = std::time::Instant::now();
        let s = split(&source);
        eprintln!("{} passages in {:?}", s.passages.len(), started.elapsed());
        assert!(s.passages.len() > 100_000);
    }

    #[test]
    #[ignore]
    fn dump_corpus() {
        for (name, src) in CORPUS {
            let s = split(src);
            println!("=== {name}\nTITLE {:?}", s.title_line);
            for p in &s.passages {
                println!(
                    "--- #{} {:?} {:?} L{:?} B{:?} w={}\n{}",
                    p.ordinal,
                    p.kind,
                    p.section,
                    p.lines,
                    p.bytes,
                    count_words(&p.text),
                    p.text
                );
            }
        }
    }
}
