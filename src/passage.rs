//! Splitting a document into citable passages.
//!
//! STUB: to be replaced by the real implementation (see the module contract below).

/// Passages shorter than this many words are joined to a neighbour.
pub const MIN_PASSAGE_WORDS: usize = 12;
/// Paragraphs longer than this many words are split at sentence boundaries.
pub const MAX_PASSAGE_WORDS: usize = 160;

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
    /// Half-open byte range `[start, end)` in the source text.
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
pub fn split(source: &str) -> Split {
    let mut passages = Vec::new();
    let mut offset = 0;
    for (i, line) in source.split('\n').enumerate() {
        let start = offset;
        offset += line.len() + 1;
        if line.trim().is_empty() {
            continue;
        }
        passages.push(Passage {
            section: None,
            ordinal: passages.len() as u32,
            lines: (i as u32 + 1, i as u32 + 1),
            bytes: (start, start + line.len()),
            text: line.trim().to_string(),
            kind: PassageKind::Prose,
        });
    }
    Split {
        title_line: None,
        passages,
    }
}
