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

pub mod kind;
mod markup;
mod packer;
mod plain;

pub use markup::from_markup;
pub use plain::{
    MAX_HEADING_WORDS, MAX_NUMBERED_HEADING_WORDS, MAX_TITLE_WORDS, split, split_under,
};

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

/// Joins consecutive headings with nothing between them into one section
/// (`Results › 2009`).
pub const SECTION_JOIN: &str = "›";

/// What kind of text a passage is. Content and the text around it
/// (captions, references, boilerplate) are never joined into one passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PassageKind {
    /// Running prose (one or more paragraphs, or part of one).
    Body,
    /// A table (header row plus rows), kept together row by row.
    Table,
    /// A list, one item per row.
    List,
    /// Preformatted text or code, one line per row.
    Code,
    /// A photo or figure caption (`… WANG HUA/FOR CHINA DAILY`).
    Caption,
    /// A reference list or bibliography.
    Reference,
    /// Copyright, cookie and terms notices, sponsorship notes, share/print/
    /// navigation chrome.
    Boilerplate,
}

impl PassageKind {
    /// Every kind, in the order of [`PassageKind::name`]s in the README.
    pub const ALL: [PassageKind; 7] = [
        PassageKind::Body,
        PassageKind::Table,
        PassageKind::List,
        PassageKind::Code,
        PassageKind::Caption,
        PassageKind::Reference,
        PassageKind::Boilerplate,
    ];

    /// The kind's name as stored, searched (`kind:table`) and printed.
    pub fn name(self) -> &'static str {
        match self {
            PassageKind::Body => "body",
            PassageKind::Table => "table",
            PassageKind::List => "list",
            PassageKind::Code => "code",
            PassageKind::Caption => "caption",
            PassageKind::Reference => "reference",
            PassageKind::Boilerplate => "boilerplate",
        }
    }

    /// The kind named `name` (as [`PassageKind::name`] spells it).
    pub fn from_name(name: &str) -> Option<PassageKind> {
        PassageKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether passages of this kind hold no statements of their own, so
    /// `figures`, `cite` and `verify` skip them unless asked for `--all`:
    /// boilerplate, code and reference lists.
    pub fn is_quiet(self) -> bool {
        matches!(
            self,
            PassageKind::Boilerplate | PassageKind::Code | PassageKind::Reference
        )
    }

    /// Whether a passage of this kind is only ever joined with passages of
    /// the same kind (however short it is).
    pub fn stands_apart(self) -> bool {
        matches!(
            self,
            PassageKind::Caption | PassageKind::Reference | PassageKind::Boilerplate
        )
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
    /// For a PDF, the 1-based first and last page (inclusive) the passage
    /// is printed on; `lines` and `bytes` then mean nothing in the file.
    pub pages: Option<(u32, u32)>,
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
