//! Passages from structured documents (Markdown, HTML).
//!
//! The plain-text splitter ([`super::plain`]) has to guess where headings,
//! tables and lists are. Markup says so: the readers in [`crate::ingest`]
//! turn a document into [`Block`]s, and this module hands their sentences
//! and rows to the same [`Packer`] as plain text, so passages look alike
//! whatever the format. Each block's text is [`Mapped`]: normalised words
//! that remember their source byte ranges, so a passage's `bytes` run from
//! its first word's source start to its last word's source end.

use std::borrow::Cow;

use super::SECTION_JOIN;
use super::packer::{MARKUP_JOINS, Packer, Span, View};
use super::{PassageKind, Split};
use crate::ingest::markup::{Block, Mapped, Markup, Rows};
use crate::text::{count_words, is_space, normalize};

impl View for Mapped {
    fn text(&self) -> &str {
        Mapped::text(self)
    }

    fn piece(&self, a: usize, b: usize) -> Option<(Cow<'_, str>, usize, usize)> {
        let text = Mapped::text(self).get(a..b)?;
        let (start, end) = self.source_range(a, b)?;
        Some((Cow::Borrowed(text), start, end))
    }
}

/// Turns the blocks of `source`, as its reader found them, into passages.
/// The first block is the title when it is a heading and
/// [`Markup::title_heading`] is set.
pub fn from_markup(source: &str, markup: Markup) -> Split {
    let mut title_line = None;
    let mut section: Option<String> = None;
    // Whether `section` is a heading no passage has used yet: the next
    // heading joins it rather than replace it.
    let mut unused = false;
    // The words of the headings no passage has used yet: left at the end
    // of the document, they become a passage, so none of their words is
    // lost (as in plain text).
    let mut unused_words: Vec<Mapped> = Vec::new();
    let mut packer = Packer::new(MARKUP_JOINS);
    for (i, block) in markup.blocks.into_iter().enumerate() {
        if !matches!(block, Block::Heading(..)) {
            unused = false;
            unused_words.clear();
        }
        match block {
            Block::Heading(text, words) => {
                let text = normalize(&text);
                if text.is_empty() {
                    continue;
                }
                unused_words.push(words);
                if i == 0 && markup.title_heading {
                    title_line = Some(text);
                } else {
                    section = match section.take() {
                        Some(prev) if unused => Some(format!("{prev} {SECTION_JOIN} {text}")),
                        _ => Some(text),
                    };
                    unused = true;
                }
            }
            Block::Prose(m) => {
                packer.prose(&m, &sentences(m.text()), &section, PassageKind::Body);
            }
            Block::Rows(kind, rows) => {
                let rows: Vec<(&dyn View, Span)> = rows
                    .iter()
                    .filter(|r| !r.is_empty())
                    .map(|r| (r as &dyn View, whole(r.text())))
                    .collect();
                let (header, kind) = match kind {
                    Rows::Table { header } => (header, PassageKind::Table),
                    Rows::List => (false, PassageKind::List),
                    Rows::Code => (false, PassageKind::Code),
                };
                packer.rows(&rows, header, &section, kind);
            }
        }
    }
    for words in &unused_words {
        packer.prose(words, &sentences(words.text()), &None, PassageKind::Body);
    }
    Split {
        title_line,
        passages: packer.finish(source),
    }
}

/// All of `text` as one span.
fn whole(text: &str) -> Span {
    Span {
        start: 0,
        end: text.len(),
        words: count_words(text),
    }
}

/// The sentences of a normalised text (UAX #29), each one span without its
/// trailing space.
fn sentences(text: &str) -> Vec<Vec<Span>> {
    crate::text::segment::sentence_bounds(text)
        .filter_map(|(at, sentence)| {
            let end = at + sentence.trim_end_matches(is_space).len();
            (end > at).then(|| {
                vec![Span {
                    start: at,
                    end,
                    words: count_words(&text[at..end]),
                }]
            })
        })
        .collect()
}
