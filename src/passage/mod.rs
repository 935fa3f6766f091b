//! Passages: the citable pieces a document is split into.
//!
//! quarry answers a query with *passages*, not whole files: a few sentences
//! to a screenful of text that can be shown, highlighted and cited by line
//! and byte range. This stage owns what a passage is ([`Passage`]) and the
//! size rules every format shares; it takes text from [`crate::ingest`]
//! (a decoded plain-text file, or the [`Block`](crate::ingest::markup::Block)s
//! a Markdown or HTML reader found) and hands a [`Split`] — an optional
//! title line and the passages, each under its nearest heading — to the
//! index.
//!
//! - [`plain`] finds the structure of plain text by looking (headings,
//!   flattened tables, lists, page breaks);
//! - [`markup`] reads it from the blocks of structured documents;
//! - both give their sentences and rows to the one [`packer`], which cuts
//!   and joins them by the rules below.

mod markup;
mod packer;
mod plain;

pub use markup::from_markup;
pub use plain::{MAX_HEADING_WORDS, MAX_NUMBERED_HEADING_WORDS, MAX_TITLE_WORDS, split};

/// Passages shorter than this many words are joined to a neighbour.
pub const MIN_PASSAGE_WORDS: usize = 12;
/// Paragraphs longer than this many words are split at sentence boundaries.
pub const MAX_PASSAGE_WORDS: usize = 150;
/// Hard cap on the source span of one chunk, so that a pathological input
/// (a multi-megabyte "word" without spaces) still yields passages of a
/// sane size. A single word longer than this is cut at character
/// boundaries.
pub const MAX_PASSAGE_BYTES: usize = 16 * 1024;
/// A single sentence longer than this is cut at word boundaries; shorter
/// ones are always kept whole, even when they exceed the budget.
pub const LONG_SENTENCE_WORDS: usize = 2 * MAX_PASSAGE_WORDS - MIN_PASSAGE_WORDS;
/// Largest result (in words) of joining a small fragment to a neighbour.
pub const MERGE_LIMIT_WORDS: usize = MAX_PASSAGE_WORDS + MIN_PASSAGE_WORDS;

/// What kind of source block a passage came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassageKind {
    /// Running prose (one or more paragraphs, or part of one).
    Prose,
    /// A table (header row plus rows), kept together row by row.
    Table,
    /// A list, one item per row.
    List,
    /// Preformatted text or code, one line per row.
    Code,
}

impl PassageKind {
    /// Whether passages of this kind keep their rows on separate lines.
    pub fn has_rows(self) -> bool {
        self != PassageKind::Prose
    }
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

#[cfg(test)]
mod tests;
