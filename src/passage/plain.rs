//! Splitting plain text into passages.
//!
//! Plain-text dumps of web pages and papers are messy: one paragraph per
//! line, headings that are just short lines, page breaks that cut a
//! paragraph in two, tables flattened into lines whose cells are glued
//! together, stray control characters and odd line endings. This module
//! finds their structure by looking:
//!
//! 1. **Lines and blocks.** The source is cut into lines at `\n`, `\r\n` and
//!    lone `\r`. A line holding only white space or control characters
//!    (spaces, NBSP, tabs, NUL, a BOM) is blank. Runs of non-blank lines form
//!    *blocks*. Nothing is copied: lines are byte spans into the source.
//! 2. **Title.** When the first block is a single line that reads like a
//!    title (see [`split`]), it becomes [`Split::title_line`]; a later
//!    single-line block repeating it (page footers) is dropped.
//! 3. **Classification.** A block is a heading, a table/list, or prose. A
//!    multi-line prose block may start or end with a heading line. Prose
//!    split by a page break (the first part ends without closing
//!    punctuation, the second starts in lower case) is joined again.
//! 4. **Sentences.** Prose is cut at sentence boundaries (UAX #29, through
//!    [`crate::text::segment`]'s fast paths); a line break ends a sentence
//!    only after closing punctuation.
//!
//! Sentences and rows then go to the [`Packer`], which applies the size
//! rules shared with the markup splitter. Everything is linear in the size
//! of the input, and no input can make it panic.

use std::borrow::Cow;

use super::SECTION_JOIN;
use super::packer::{PLAIN_JOINS, Packer, Span, View};
use super::{PassageKind, Split};
use crate::text::{count_words, is_space, normalize, normalized};

/// Longest line (in words) that can be a heading.
pub const MAX_HEADING_WORDS: usize = 25;
/// Longest numbered line (`5. Countermeasures and ...`) that can be a heading.
pub const MAX_NUMBERED_HEADING_WORDS: usize = 30;
/// Longest first line (in words) that can be the document title.
pub const MAX_TITLE_WORDS: usize = 30;

/// Lines longer than this (in bytes) are never headings or titles, so
/// they are not even normalized for the test.
const MAX_HEADING_BYTES: usize = 1024;
/// Largest heading that may open a multi-line prose block.
const LEADING_HEADING_MAX_WORDS: usize = 12;
/// Widest block (in columns) that is taken for hard-wrapped text.
const MAX_WRAP_COLUMNS: usize = 80;
/// Columns a wrapped line may fall short of its block's width by: the
/// longest line can overrun the wrap width (a path or URL that could not
/// be broken).
const WRAP_SLACK: usize = 10;
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

// ---------------------------------------------------------------------------
// Characters and small text predicates
// ---------------------------------------------------------------------------

/// `s` without trailing spaces, closing quotes and brackets.
fn strip_closers(s: &str) -> &str {
    s.trim_end_matches(|c| CLOSERS.contains(&c) || is_space(c))
}

/// Whether `s` ends a sentence: a terminal mark, possibly followed by
/// closing quotes or brackets.
pub(super) fn is_terminated(s: &str) -> bool {
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
pub(super) fn has_glue(s: &str) -> bool {
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
pub(super) fn strip_numbering(t: &str) -> Option<&str> {
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
pub(super) fn is_list_item(t: &str) -> bool {
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
pub(super) fn is_heading_like(t: &str) -> bool {
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

/// Whether `a` and `b` have the same words (letters and digits, case
/// aside): a title given elsewhere and the line that repeats it.
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// Whether the first line `t` (normalized) reads as a document title.
pub(super) fn is_title_like(t: &str) -> bool {
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

/// A non-blank source line: the byte span of its content without leading
/// and trailing spaces.
#[derive(Debug, Clone, Copy)]
struct Line {
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
    let mut start = 0;
    loop {
        let rest = bytes.get(start..).unwrap_or_default();
        let brk = rest
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map(|p| p + start);
        let end = brk.unwrap_or(bytes.len());
        match trim_span(source, start, end) {
            Some((a, b)) => current.push(Line { start: a, end: b }),
            None if !current.is_empty() => blocks.push(std::mem::take(&mut current)),
            None => {}
        }
        let Some(p) = brk else { break };
        start = if bytes.get(p) == Some(&b'\r') && bytes.get(p + 1) == Some(&b'\n') {
            p + 2
        } else {
            p + 1
        };
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
    /// A heading (normalized text) and its source line.
    Heading(String, Line),
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

/// Column (in characters, counted from the start of its source line) just
/// after the last character of `line`.
fn end_column(source: &str, line: &Line) -> usize {
    let before = source.get(..line.start).unwrap_or_default();
    let line_start = before.rfind(['\n', '\r']).map_or(0, |p| p + 1);
    source
        .get(line_start..line.end)
        .map_or(0, |s| s.chars().count())
}

/// Whether line `i` of `block` was broken only because it reached the
/// block's width: the next line's first word would not have fit on it (the
/// longest line of the block, less [`WRAP_SLACK`], gives the width). The
/// sentence of such a line goes on in the next line, so neither is a
/// heading: not the first line
/// of a hard-wrapped paragraph (`On Debian systems the complete text of the
/// GNU General` / `Public License can be found in ...`), nor its last line.
/// A heading is shorter than the text around it. Text whose lines run past
/// [`MAX_WRAP_COLUMNS`] is not hard-wrapped (one paragraph per line).
fn is_wrapped(source: &str, block: &[Line], i: usize) -> bool {
    let (Some(line), Some(next)) = (block.get(i), block.get(i + 1)) else {
        return false;
    };
    let width = block
        .iter()
        .map(|l| end_column(source, l))
        .max()
        .unwrap_or(0);
    let next_word = line_text(source, next)
        .split(is_space)
        .next()
        .map_or(0, |w| w.chars().count());
    width <= MAX_WRAP_COLUMNS && end_column(source, line) + 1 + next_word + WRAP_SLACK > width
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
                    items.push(Item::Heading(text, *line));
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
            && is_terminated(line_text(source, last))
            && !is_wrapped(source, block, 0);
        if opens_with_heading {
            items.push(Item::Heading(first_text, *first));
            lines = &lines[1..];
        }
        // The last line is not a heading when it is the wrapped end of the
        // sentence before it.
        if let [body @ .., tail] = lines
            && let Some(before) = body.last()
            && next.is_some()
            && !next_lower
            && (is_terminated(line_text(source, before))
                || !is_wrapped(source, block, block.len() - 2))
        {
            let tail_text = short_line(source, tail).unwrap_or_default();
            if is_heading_like(&tail_text) && !has_glue(&tail_text) {
                push_prose(source, &mut items, body);
                items.push(Item::Heading(tail_text, *tail));
                continue;
            }
        }
        push_prose(source, &mut items, lines);
    }
    items
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
/// passages themselves; consecutive headings make one section
/// (`A › B`), and headings with no text after them at the end of the
/// document become a passage, so every word is in a passage, a section or
/// the title.
///
/// A document whose only text is its title line (a one-line file, a JSON
/// Lines record of one short line) gets that line as its one passage too:
/// every document with text has a passage, so its title can be found.
pub fn split(source: &str) -> Split {
    split_under(source, None)
}

/// Splits `source`, the text of a document whose title is known from
/// elsewhere (a JSON Lines record's `title`, a catalog entry, PDF
/// metadata): its first line is taken as the title line only when it
/// repeats that title (same words, case aside); any other first line stays
/// in the text, as a heading or a passage, so none of its words is lost.
/// With `title` `None` this is [`split`].
pub fn split_under(source: &str, title: Option<&str>) -> Split {
    let mut blocks = scan_blocks(source);
    let mut title_line = None;
    let mut title_span = None;
    if let Some([line]) = blocks.first().map(Vec::as_slice)
        && let Some(text) = short_line(source, line)
        && is_title_like(&text)
        && title.is_none_or(|t| same_words(t, &text))
    {
        title_line = Some(text);
        title_span = Some(*line);
        blocks.remove(0);
    }
    let items = classify(source, &blocks, title_line.as_deref());
    drop(blocks);
    let title_only = items.is_empty();

    let view = SourceView(source);
    let mut packer = Packer::new(PLAIN_JOINS);
    let mut section: Option<String> = None;
    // A heading no passage has used yet: the next heading joins it
    // (`A › B`) rather than replace it, and one left at the end becomes a
    // passage of its own, so none of its words is lost.
    let mut unused: Option<Line> = None;
    for item in items {
        if !matches!(item, Item::Heading(..)) {
            unused = None;
        }
        match item {
            Item::Heading(text, line) => {
                section = match (section.take(), unused) {
                    (Some(prev), Some(_)) => Some(format!("{prev} {SECTION_JOIN} {text}")),
                    _ => Some(text),
                };
                unused = Some(unused.map_or(line, |first| Line {
                    start: first.start,
                    end: line.end,
                }));
            }
            Item::Prose(lines) => {
                let sentences = sentences(source, &lines);
                packer.prose(&view, &sentences, &section, PassageKind::Body);
            }
            Item::Table { rows, header } => {
                let rows: Vec<(&dyn View, Span)> = rows
                    .iter()
                    .map(|l| {
                        let words = count_words(line_text(source, l));
                        let span = Span {
                            start: l.start,
                            end: l.end,
                            words,
                        };
                        (&view as &dyn View, span)
                    })
                    .collect();
                let kind = if header {
                    PassageKind::Table
                } else {
                    PassageKind::List
                };
                packer.rows(&rows, header, &section, kind);
            }
        }
    }
    if let Some(line) = unused {
        let lines = scan_blocks(source.get(..line.end).unwrap_or_default())
            .into_iter()
            .flatten()
            .filter(|l| l.start >= line.start)
            .collect::<Vec<_>>();
        let sentences = sentences(source, &lines);
        packer.prose(&view, &sentences, &None, PassageKind::Body);
    }
    if title_only && let Some(line) = title_span {
        let sentences = sentences(source, &[line]);
        packer.prose(&view, &sentences, &None, PassageKind::Body);
    }
    Split {
        title_line,
        passages: packer.finish(source),
    }
}

/// The source itself as the packer's view: a piece's text is its source
/// range with white space normalised.
struct SourceView<'a>(&'a str);

impl View for SourceView<'_> {
    fn text(&self) -> &str {
        self.0
    }

    fn piece(&self, a: usize, b: usize) -> Option<(Cow<'_, str>, usize, usize)> {
        Some((normalized(self.0.get(a..b)?), a, b))
    }
}

/// The sentences of the paragraph made of `lines`, each as the spans it
/// has on each line. A line break ends a sentence only after closing
/// punctuation; otherwise the sentence continues on the next line.
fn sentences(source: &str, lines: &[Line]) -> Vec<Vec<Span>> {
    let mut out = Vec::new();
    let mut pending: Vec<Span> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let text = line_text(source, line);
        let mut last: Option<Span> = None;
        for (off, sentence) in crate::text::segment::sentence_bounds(text) {
            let from = line.start + off;
            let Some((a, b)) = trim_span(source, from, from + sentence.len()) else {
                continue;
            };
            if let Some(prev) = last.take() {
                pending.push(prev);
                out.push(std::mem::take(&mut pending));
            }
            last = Some(Span {
                start: a,
                end: b,
                words: count_words(source.get(a..b).unwrap_or_default()),
            });
        }
        if let Some(prev) = last {
            pending.push(prev);
            let more = i + 1 < lines.len();
            if !more || is_terminated(source.get(prev.start..prev.end).unwrap_or_default()) {
                out.push(std::mem::take(&mut pending));
            }
        }
    }
    if !pending.is_empty() {
        out.push(pending);
    }
    out
}
