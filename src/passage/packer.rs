//! The one packer: sentences and rows into passages of a citable size.
//!
//! Both splitters — plain text ([`super::plain`]) and markup
//! ([`super::markup`]) — find the structure of a document (headings,
//! paragraphs, tables, lists) their own way, then hand its paragraphs and
//! row blocks to a [`Packer`], which applies the size rules of
//! [`super`] the same way for every format:
//!
//! - a paragraph is cut at sentence boundaries into chunks of at most
//!   [`MAX_PASSAGE_WORDS`] words, balanced so that the last is not a stub;
//!   only a sentence longer than [`LONG_SENTENCE_WORDS`] is cut at word
//!   boundaries, and a word longer than [`MAX_PASSAGE_BYTES`] at character
//!   boundaries;
//! - rows are packed whole, a table's short header row repeated at the top
//!   of every chunk after the first;
//! - chunks under [`MIN_PASSAGE_WORDS`] words are joined to a neighbour,
//!   first within their section, then across sections.
//!
//! The packer works on *views*: the text the splitter reads (the source
//! itself, or text extracted from markup) and a map from that text back to
//! source byte ranges ([`View`]).

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use super::SECTION_JOIN;
use super::kind;
use super::{
    LONG_SENTENCE_WORDS, MAX_PASSAGE_BYTES, MAX_PASSAGE_WORDS, MERGE_LIMIT_WORDS,
    MIN_PASSAGE_WORDS, Passage, PassageKind,
};
use crate::text::{LineIndex, is_space};

/// A table header row is repeated in later chunks only when it is at most
/// this fraction of the word budget…
const HEADER_MAX_WORD_SHARE: usize = 4;
/// …and of the byte budget.
const HEADER_MAX_BYTE_SHARE: usize = 8;

/// Text the packer cuts, with the way back to the source.
pub(super) trait View {
    /// The text the splitter found sentences and rows in.
    fn text(&self) -> &str;
    /// The passage text of `text()[a..b]` and its source byte range.
    fn piece(&self, a: usize, b: usize) -> Option<(Cow<'_, str>, usize, usize)>;
}

/// A range of a view's text with its word count: a sentence, a row, or the
/// part of one that lies on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) words: usize,
}

/// An indivisible unit of packing, in source coordinates.
#[derive(Debug, Clone)]
struct Piece<'a> {
    start: usize,
    end: usize,
    words: usize,
    text: Cow<'a, str>,
    /// The view has white space between the previous piece and this one.
    spaced: bool,
}

/// A passage under construction.
#[derive(Debug)]
struct Unit {
    section: Option<String>,
    kind: PassageKind,
    /// Whether the text keeps rows on lines (prose never holds a line
    /// break).
    rows: bool,
    start: usize,
    end: usize,
    text: String,
    words: usize,
    /// Length in bytes of a repeated table header (with its `\n`) at the
    /// start of `text`, 0 if none.
    header_len: usize,
    /// Words of that repeated header.
    header_words: usize,
}

/// Which neighbours a fragment under [`MIN_PASSAGE_WORDS`] may join.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct JoinRules {
    /// A fragment may join a neighbour of another kind (prose with a table).
    /// Right for plain text, whose tables and lists are guesses; wrong for
    /// markup, which says what is a table, a list or code.
    pub(super) across_kinds: bool,
    /// A fragment alone between two headings may join a neighbour in
    /// another section.
    pub(super) across_sections: bool,
}

/// Plain text: structure is guessed, so any neighbour will do.
pub(super) const PLAIN_JOINS: JoinRules = JoinRules {
    across_kinds: true,
    across_sections: true,
};
/// Markup: structure is given, so fragments join their own kind in their
/// own section only.
pub(super) const MARKUP_JOINS: JoinRules = JoinRules {
    across_kinds: false,
    across_sections: false,
};

/// Collects the passages of one document, block by block.
#[derive(Debug)]
pub(super) struct Packer {
    units: Vec<Unit>,
    joins: JoinRules,
}

impl Packer {
    /// A packer whose small fragments join by `joins`.
    pub(super) fn new(joins: JoinRules) -> Packer {
        Packer {
            units: Vec::new(),
            joins,
        }
    }

    /// Packs a paragraph: `sentences` (each a list of spans of `view`, in
    /// order) into chunks under `section`. A body paragraph is told apart
    /// by [`kind`]: under a reference heading it is a reference; a caption
    /// is a caption; boilerplate sentences are packed apart from the
    /// content around them — or the whole paragraph is boilerplate when
    /// what remains is shorter than the boilerplate and than
    /// [`MIN_PASSAGE_WORDS`].
    pub(super) fn prose(
        &mut self,
        view: &dyn View,
        sentences: &[Vec<Span>],
        section: &Option<String>,
        kind: PassageKind,
    ) {
        if kind != PassageKind::Body {
            return self.prose_run(view, sentences, section, kind);
        }
        if section.as_deref().is_some_and(kind::is_reference_section) {
            return self.prose_run(view, sentences, section, PassageKind::Reference);
        }
        // A sentence on one line (most are) is a slice of the view.
        let text_of = |run: &[Vec<Span>]| -> Cow<'_, str> {
            if let [segs] = run
                && let [s] = segs.as_slice()
            {
                return Cow::Borrowed(view.text().get(s.start..s.end).unwrap_or_default());
            }
            Cow::Owned(
                run.iter()
                    .flatten()
                    .filter_map(|s| view.text().get(s.start..s.end))
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        };
        let words = |segs: &Vec<Span>| segs.iter().map(|s| s.words).sum::<usize>();
        let flags: Vec<bool> = sentences
            .iter()
            .map(|segs| kind::is_boilerplate(&text_of(std::slice::from_ref(segs))))
            .collect();
        let (mut boiler, mut other) = (0, 0);
        for (segs, &flag) in sentences.iter().zip(&flags) {
            if flag {
                boiler += words(segs);
            } else {
                other += words(segs);
            }
        }
        if !flags.iter().any(|f| *f) {
            let kind = kind::prose_kind(&text_of(sentences));
            return self.prose_run(view, sentences, section, kind);
        }
        if other < boiler.max(1) && other < MIN_PASSAGE_WORDS {
            return self.prose_run(view, sentences, section, PassageKind::Boilerplate);
        }
        let mut start = 0;
        for i in 1..=sentences.len() {
            if i == sentences.len() || flags[i] != flags[start] {
                let run = &sentences[start..i];
                let kind = if flags[start] {
                    PassageKind::Boilerplate
                } else {
                    kind::prose_kind(&text_of(run))
                };
                self.prose_run(view, run, section, kind);
                start = i;
            }
        }
    }

    /// Packs sentences of one kind.
    fn prose_run(
        &mut self,
        view: &dyn View,
        sentences: &[Vec<Span>],
        section: &Option<String>,
        kind: PassageKind,
    ) {
        let total: usize = sentences.iter().flatten().map(|s| s.words).sum();
        let mut chunks = Chunks::new(section, kind, ' ', None, chunk_target(total));
        let mut prev_end = None;
        for segs in sentences {
            let (Some(first), Some(last)) = (segs.first(), segs.last()) else {
                continue;
            };
            let words: usize = segs.iter().map(|s| s.words).sum();
            if words > LONG_SENTENCE_WORDS || last.end - first.start > MAX_PASSAGE_BYTES {
                cut_spans(view.text(), segs, &mut |s| {
                    chunks.add(view, s, &mut prev_end);
                });
            } else {
                let span = Span {
                    start: first.start,
                    end: last.end,
                    words,
                };
                chunks.add(view, span, &mut prev_end);
            }
        }
        chunks.finish(&mut self.units);
    }

    /// Packs rows (each a view of its own and its word count) into passages
    /// of `kind`, repeating the first row at the top of every chunk after
    /// the first when `header`.
    ///
    /// Rows under a reference heading, or most of which open with a
    /// citation number, are a reference list; rows that are all
    /// boilerplate are boilerplate.
    pub(super) fn rows(
        &mut self,
        rows: &[(&dyn View, Span)],
        header: bool,
        section: &Option<String>,
        kind: PassageKind,
    ) {
        let texts: Vec<&str> = rows
            .iter()
            .map(|(view, s)| view.text().get(s.start..s.end).unwrap_or_default())
            .collect();
        let refs = texts.iter().filter(|t| kind::is_reference_row(t)).count();
        let kind = if kind == PassageKind::Code {
            kind
        } else if section.as_deref().is_some_and(kind::is_reference_section)
            || (refs > 0 && refs * 2 >= texts.len())
        {
            PassageKind::Reference
        } else if !texts.is_empty() && texts.iter().all(|t| kind::is_boilerplate(t)) {
            PassageKind::Boilerplate
        } else {
            kind
        };
        let total: usize = rows.iter().map(|(_, s)| s.words).sum();
        let repeated = rows
            .first()
            .filter(|(_, s)| {
                header
                    && s.words <= MAX_PASSAGE_WORDS / HEADER_MAX_WORD_SHARE
                    && s.end - s.start <= MAX_PASSAGE_BYTES / HEADER_MAX_BYTE_SHARE
            })
            .and_then(|(view, s)| {
                let (text, _, _) = view.piece(s.start, s.end)?;
                Some((text.into_owned(), s.words))
            });
        let header_words = repeated.as_ref().map_or(0, |(_, w)| *w);
        let target = chunk_target(total) + header_words;
        let mut chunks = Chunks::new(section, kind, '\n', repeated, target);
        for &(view, span) in rows {
            let mut prev_end = None;
            if span.words + header_words > MAX_PASSAGE_WORDS
                || span.end - span.start > MAX_PASSAGE_BYTES
            {
                cut_spans(view.text(), &[span], &mut |s| {
                    chunks.add(view, s, &mut prev_end);
                });
            } else {
                chunks.add(view, span, &mut prev_end);
            }
        }
        chunks.finish(&mut self.units);
    }

    /// Joins small fragments and numbers the passages; `source` gives their
    /// line numbers.
    pub(super) fn finish(self, source: &str) -> Vec<Passage> {
        let mut units = join_small_in_section(self.units, self.joins.across_kinds);
        if self.joins.across_sections {
            units = join_small_anywhere(units);
        }
        let lines = LineIndex::new(source);
        units
            .into_iter()
            .enumerate()
            .map(|(i, u)| Passage {
                section: u.section,
                ordinal: u32::try_from(i).unwrap_or(u32::MAX),
                lines: (lines.line(u.start), lines.line(u.end.max(u.start + 1) - 1)),
                bytes: (u.start, u.end),
                text: u.text,
                kind: u.kind,
                pages: None,
            })
            .collect()
    }
}

/// Number of words each chunk aims at, so that `total` words make balanced
/// chunks of at most [`MAX_PASSAGE_WORDS`].
fn chunk_target(total: usize) -> usize {
    let parts = total.div_ceil(MAX_PASSAGE_WORDS).max(1);
    total.div_ceil(parts).max(1)
}

/// Packs pieces greedily into chunks of about `target` words and at most
/// [`MAX_PASSAGE_WORDS`] (a single piece may be larger).
struct Chunks<'a> {
    section: &'a Option<String>,
    kind: PassageKind,
    sep: char,
    /// Header row text and word count, repeated at the start of every
    /// chunk but the first.
    header: Option<(String, usize)>,
    target: usize,
    done: Vec<Unit>,
    current: Option<Unit>,
}

impl<'a> Chunks<'a> {
    fn new(
        section: &'a Option<String>,
        kind: PassageKind,
        sep: char,
        header: Option<(String, usize)>,
        target: usize,
    ) -> Chunks<'a> {
        Chunks {
            section,
            kind,
            sep,
            header,
            target,
            done: Vec::new(),
            current: None,
        }
    }

    /// Adds `span` of `view`; `prev_end` is the end (in the view) of the
    /// previous span added from the same view.
    fn add(&mut self, view: &dyn View, span: Span, prev_end: &mut Option<usize>) {
        let Some((text, start, end)) = view.piece(span.start, span.end) else {
            return;
        };
        // Pieces that touch in the view (`2009.` `There`, a sentence cut at
        // the word cap) are joined without a space.
        let spaced = prev_end.is_none_or(|p| {
            view.text()
                .get(p..span.start)
                .is_none_or(|gap| gap.contains(is_space))
        });
        *prev_end = Some(span.end);
        self.push(Piece {
            start,
            end,
            words: span.words,
            text,
            spaced,
        });
    }

    fn push(&mut self, p: Piece<'_>) {
        if let Some(c) = &self.current {
            let full = c.words + p.words > MAX_PASSAGE_WORDS
                || p.end.saturating_sub(c.start) > MAX_PASSAGE_BYTES
                || c.words >= self.target;
            if full && let Some(done) = self.current.take() {
                self.done.push(done);
            }
        }
        match &mut self.current {
            Some(c) => {
                if self.sep != ' ' || p.spaced {
                    c.text.push(self.sep);
                }
                c.text.push_str(&p.text);
                c.start = c.start.min(p.start);
                c.end = c.end.max(p.end);
                c.words += p.words;
            }
            None => {
                let mut unit = Unit {
                    section: self.section.clone(),
                    kind: self.kind,
                    rows: self.sep != ' ',
                    start: p.start,
                    end: p.end,
                    text: String::new(),
                    words: p.words,
                    header_len: 0,
                    header_words: 0,
                };
                if let Some((header, words)) = &self.header
                    && !self.done.is_empty()
                {
                    unit.text.push_str(header);
                    unit.text.push('\n');
                    unit.header_len = unit.text.len();
                    unit.header_words = *words;
                    unit.words += words;
                }
                unit.text.push_str(&p.text);
                self.current = Some(unit);
            }
        }
    }

    /// Flushes the last chunk, folds a stub last chunk into the one before
    /// it, and appends the chunks to `out`.
    fn finish(mut self, out: &mut Vec<Unit>) {
        if let Some(done) = self.current.take() {
            self.done.push(done);
        }
        if self.done.len() >= 2
            && let Some(last) = self.done.pop()
        {
            let own_words = last.words - last.header_words;
            match self.done.last_mut() {
                Some(prev)
                    if last.words < MIN_PASSAGE_WORDS
                        && prev.words + own_words <= MERGE_LIMIT_WORDS
                        && prev.text.len() + last.text.len() <= 2 * MAX_PASSAGE_BYTES =>
                {
                    if self.sep != ' ' || last.start > prev.end {
                        prev.text.push(self.sep);
                    }
                    prev.text
                        .push_str(last.text.get(last.header_len..).unwrap_or_default());
                    prev.end = prev.end.max(last.end);
                    prev.words += own_words;
                }
                _ => self.done.push(last),
            }
        }
        out.append(&mut self.done);
    }
}

/// Cuts an over-long sentence or row (`spans` of `text`, in order) at word
/// boundaries into spans of at most [`MAX_PASSAGE_WORDS`] words and
/// [`MAX_PASSAGE_BYTES`] bytes. A single word longer than the byte cap is
/// cut at character boundaries.
fn cut_spans(text: &str, spans: &[Span], emit: &mut dyn FnMut(Span)) {
    let mut cur: Option<Span> = None;
    for span in spans {
        let Some(part) = text.get(span.start..span.end) else {
            continue;
        };
        for (off, w) in part.split_word_bound_indices() {
            // A format character (a byte-order mark, a zero-width space)
            // attaches to the segment before it, but it is space to the
            // splitter: a span never ends with one.
            let w = w.trim_end_matches(is_space);
            // A mark that combines with a space before it (`" \u{cf3}"`) is
            // one segment with that space; the span starts after the space,
            // so the space is not lost between two spans.
            let lead = w.len() - w.trim_start_matches(is_space).len();
            let (off, w) = (off + lead, &w[lead..]);
            if w.is_empty() {
                continue;
            }
            let (a, b) = (span.start + off, span.start + off + w.len());
            let is_word = w.chars().any(char::is_alphanumeric);
            if let Some(c) = cur
                && ((is_word && c.words >= MAX_PASSAGE_WORDS) || b - c.start > MAX_PASSAGE_BYTES)
            {
                emit(c);
                cur = None;
            }
            if w.len() > MAX_PASSAGE_BYTES {
                cut_word(text, a, b, emit);
                continue;
            }
            match &mut cur {
                Some(c) => {
                    c.end = b;
                    c.words += usize::from(is_word);
                }
                None => {
                    cur = Some(Span {
                        start: a,
                        end: b,
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

/// Cuts the huge word `text[a..b]` at character boundaries into spans of at
/// most [`MAX_PASSAGE_BYTES`].
fn cut_word(text: &str, a: usize, b: usize, emit: &mut dyn FnMut(Span)) {
    let mut s = a;
    while s < b {
        let mut e = (s + MAX_PASSAGE_BYTES).min(b);
        while e > s && !text.is_char_boundary(e) {
            e -= 1;
        }
        if e <= s {
            e = b;
        }
        emit(Span {
            start: s,
            end: e,
            words: crate::text::count_words(text.get(s..e).unwrap_or_default()),
        });
        s = e;
    }
}

// ---------------------------------------------------------------------------
// Joining small fragments
// ---------------------------------------------------------------------------

/// Whether units of kinds `a` and `b` may be joined: the same kind always;
/// different kinds only when `across_kinds` and neither stands apart
/// ([`PassageKind::stands_apart`]).
fn kinds_join(a: PassageKind, b: PassageKind, across_kinds: bool) -> bool {
    a == b || (across_kinds && !a.stands_apart() && !b.stands_apart())
}

/// Whether `a` and `b` may be joined without exceeding the budget.
fn fits(a: &Unit, b: &Unit) -> bool {
    a.words + b.words - b.header_words <= MERGE_LIMIT_WORDS
        && a.text.len() + b.text.len() <= 2 * MAX_PASSAGE_BYTES
}

/// Appends `b` (which follows `a` in the document) to `a`. The result
/// keeps rows on lines if either part does (prose passages never hold line
/// breaks), taking the kind of the first part that has rows, and is under
/// both parts' sections (`A › B`).
fn append(a: &mut Unit, b: Unit) {
    let sep = if a.rows || b.rows {
        if !a.rows {
            a.kind = b.kind;
            a.rows = true;
        }
        '\n'
    } else {
        ' '
    };
    let own_words = b.words - b.header_words;
    // Joined across a heading, the passage is under both sections, so the
    // heading's words stay searchable.
    if a.section != b.section {
        a.section = match (a.section.take(), b.section) {
            (Some(first), Some(second)) => Some(format!("{first} {SECTION_JOIN} {second}")),
            (first, second) => first.or(second),
        };
    }
    // Parts of one word cut at the byte cap touch in the source: they are
    // joined without a separator.
    if sep != ' ' || b.start > a.end {
        a.text.push(sep);
    }
    a.text
        .push_str(b.text.get(b.header_len..).unwrap_or_default());
    a.start = a.start.min(b.start);
    a.end = a.end.max(b.end);
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
/// Without `across_kinds`, only units of the same kind are joined.
fn join_small_in_section(units: Vec<Unit>, across_kinds: bool) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    let mut carry: Option<Unit> = None;
    let mut iter = units.into_iter().peekable();
    while let Some(mut u) = iter.next() {
        if let Some(c) = carry.take() {
            u = joined(c, u);
        }
        let small = u.words < MIN_PASSAGE_WORDS;
        let lead_in = u.kind == PassageKind::Body && u.text.ends_with([':', '：']);
        if small || lead_in {
            let next = iter.peek();
            let next_ok = |same_kind: bool| {
                let across = !same_kind && across_kinds;
                next.is_some_and(|n| {
                    n.section == u.section && fits(&u, n) && kinds_join(u.kind, n.kind, across)
                })
            };
            let prev_ok = |same_kind: bool| {
                let across = !same_kind && across_kinds;
                out.last().is_some_and(|p| {
                    p.section == u.section && fits(p, &u) && kinds_join(p.kind, u.kind, across)
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
/// (still under twice the budget). Only the byte cap, or a kind that
/// stands apart ([`PassageKind::stands_apart`]), leaves a small unit
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
                && kinds_join(p.kind, u.kind, true)
            {
                append(p, u);
                continue;
            }
            if let Some(n) = iter.peek() {
                if u.text.len() + n.text.len() <= 2 * MAX_PASSAGE_BYTES
                    && kinds_join(u.kind, n.kind, true)
                {
                    carry = Some(u);
                    continue;
                }
            } else if let Some(p) = out.last_mut()
                && p.text.len() + u.text.len() <= 3 * MAX_PASSAGE_BYTES
                && kinds_join(p.kind, u.kind, true)
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
