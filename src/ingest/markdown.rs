//! Markdown documents: structure from the markup, not from guesses.
//!
//! `pulldown-cmark` (CommonMark plus GitHub tables) parses the file into
//! events with source ranges. Headings (ATX `#` and Setext underlines)
//! become sections; paragraphs and block quotes become prose; lists, tables
//! and code blocks become row blocks that stay together when short. Only
//! the text a reader sees is kept: link text and image alt text, not URLs,
//! paths, `#`, `*`, `|---|` or tags — and in headings not even image
//! alt text, and no paragraph made only of linked images (the badges
//! READMEs open with: "Build Status", "Latest Version"). YAML front matter
//! (a `---` block at the top) supplies title, author and date through a
//! simple `key: value` reading; without a title there, the first heading's
//! text is the title. The passage stage turns the blocks into passages whose byte
//! ranges point into the Markdown source.
//!
//! The event stream is flat, so nesting depth costs no stack here, and
//! pulldown-cmark itself keeps its tree in an arena.

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use super::markup::{self, Block, DocInfo, Mapped, Markup, Rows};
use crate::text::normalize;

/// File extensions read as Markdown.
pub const EXTENSIONS: &[&str] = &["md", "markdown"];

/// What the walker is collecting.
#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    /// Text of the paragraph, heading or list item being read.
    current: Mapped,
    /// Rows of the list, table or code block being read.
    rows: Vec<Mapped>,
    /// Nesting depth of lists.
    lists: usize,
    in_heading: bool,
    in_table: bool,
    in_code: bool,
    in_metadata: bool,
    in_html: bool,
    front_matter: String,
    /// Nesting depth of images and of links.
    images: usize,
    links: usize,
    /// The current text has words outside linked images.
    plain_words: bool,
    /// The current text has words from linked images (badges).
    badge_words: bool,
    /// The text of the first heading with any.
    first_heading: Option<String>,
    /// The HTML block being read.
    html_block: Option<HtmlBlock>,
    /// End of the last table cell the parser gave in the current row.
    cell_end: usize,
}

/// The lines of an HTML block, read as HTML once the block ends (as GitHub
/// renders them: text kept, tags dropped).
#[derive(Default)]
struct HtmlBlock {
    /// The block's lines, as the parser gave them.
    text: String,
    lines: Vec<HtmlLine>,
}

/// Where one line of an [`HtmlBlock`] came from.
#[derive(Clone, Copy)]
struct HtmlLine {
    /// Start in the block's text.
    at: usize,
    /// Source range.
    src: (usize, usize),
    /// The text is the source range itself (not so inside a block quote
    /// or list item, whose markers the parser left out).
    exact: bool,
}

impl HtmlBlock {
    fn push(&mut self, source: &str, value: &str, start: usize, end: usize) {
        self.lines.push(HtmlLine {
            at: self.text.len(),
            src: (start, end.max(start)),
            exact: source.get(start..end) == Some(value),
        });
        self.text.push_str(value);
    }

    /// The source range of the block-text range `[a, b)`: exact on a line
    /// read as it stands, the whole line otherwise.
    fn source_range(&self, a: usize, b: usize) -> (usize, usize) {
        let line_at = |at: usize| {
            let i = self.lines.partition_point(|l| l.at <= at);
            self.lines.get(i.saturating_sub(1)).copied()
        };
        let start = match line_at(a) {
            Some(l) if l.exact => l.src.0 + a.saturating_sub(l.at),
            Some(l) => l.src.0,
            None => 0,
        };
        let end = match line_at(b.saturating_sub(1).max(a)) {
            Some(l) if l.exact => l.src.0 + b.saturating_sub(l.at),
            Some(l) => l.src.1,
            None => start,
        };
        (start, end.max(start))
    }
}

impl Walker {
    /// Reads the HTML block that just ended with the HTML reader and adds
    /// its blocks, their words mapped back to the Markdown source.
    fn end_html_block(&mut self) {
        let Some(html) = self.html_block.take() else {
            return;
        };
        let map = |a: usize, b: usize| html.source_range(a, b);
        for block in super::html::read(&html.text).blocks {
            match block {
                Block::Heading(text, mut words) => {
                    if text.is_empty() {
                        continue;
                    }
                    if self.first_heading.is_none() {
                        self.first_heading = Some(text.clone());
                    }
                    words.remap(&map);
                    self.blocks.push(Block::Heading(text, words));
                }
                Block::Prose(mut text) => {
                    text.remap(&map);
                    if self.lists > 0 {
                        self.rows.push(text);
                    } else {
                        self.blocks.push(Block::Prose(text));
                    }
                }
                Block::Rows(kind, mut rows) => {
                    for row in &mut rows {
                        row.remap(&map);
                    }
                    if self.lists > 0 {
                        self.rows.extend(rows);
                    } else {
                        self.blocks.push(Block::Rows(kind, rows));
                    }
                }
            }
        }
    }

    /// Adds the cells of a table row beyond its header's count, which the
    /// parser leaves out (GFM drops them; their words are kept here): the
    /// text of the row's line after its last cell, cut at unescaped `|`.
    fn extra_cells(&mut self, source: &str, row_end: usize) {
        let Some(rest) = source.get(self.cell_end..row_end) else {
            return;
        };
        let mut cell_start = 0;
        let mut escaped = false;
        for (i, c) in rest
            .char_indices()
            .chain(std::iter::once((rest.len(), '|')))
        {
            if c == '|' && !escaped {
                let cell = &rest[cell_start..i];
                let trimmed = cell.trim();
                if !trimmed.is_empty() {
                    let at = self.cell_end + cell_start + (cell.len() - cell.trim_start().len());
                    self.current.literal(markup::CELL_SEPARATOR);
                    let value = trimmed.replace("\\|", "|");
                    self.current.push(source, &value, at, at + trimmed.len());
                }
                cell_start = i + c.len_utf8();
            }
            escaped = c == '\\' && !escaped;
        }
    }

    fn take_current(&mut self) -> Mapped {
        self.plain_words = false;
        self.badge_words = false;
        std::mem::take(&mut self.current)
    }

    /// Ends the current text: a row inside a list, otherwise a paragraph.
    /// Text made only of linked images (badges) is dropped.
    fn end_text(&mut self) {
        let badges_only = self.badge_words && !self.plain_words;
        let text = self.take_current();
        if text.is_empty() || badges_only {
            return;
        }
        if self.lists > 0 {
            self.rows.push(text);
        } else {
            self.blocks.push(Block::Prose(text));
        }
    }

    fn text(&mut self, source: &str, value: &str, start: usize, end: usize) {
        if self.images > 0 && self.in_heading {
            return;
        }
        if !self.in_metadata && !self.in_html && !value.trim().is_empty() {
            if self.images > 0 && self.links > 0 {
                self.badge_words = true;
            } else {
                self.plain_words = true;
            }
        }
        if self.in_metadata {
            self.front_matter.push_str(value);
        } else if self.in_html {
        } else if self.in_code {
            // One row per line; a text event may hold several lines.
            let mut at = 0;
            // Compared once per event, not once per line (that was
            // quadratic in a long code block).
            let raw_matches = source.get(start..end) == Some(value);
            for line in value.split_inclusive('\n') {
                let line_end = at + line.len();
                let body = line.trim_end_matches(['\n', '\r']);
                if raw_matches {
                    self.current
                        .push(source, body, start + at, start + at + body.len());
                } else {
                    // Rare (tabs expanded): map the whole line to the event.
                    self.current.push(source, body, start, end);
                }
                if line.ends_with('\n') {
                    let row = self.take_current();
                    self.rows.push(row);
                }
                at = line_end;
            }
        } else {
            self.current.push(source, value, start, end);
        }
    }
}

/// Reads a Markdown document into blocks.
pub fn read(source: &str) -> Markup {
    // A byte-order mark would hide a heading or front matter on line 1.
    let offset = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &source[offset..];
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut w = Walker::default();
    let mut opened_with_h1 = None;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let (start, end) = (range.start + offset, range.end + offset);
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    w.end_text();
                    opened_with_h1.get_or_insert(
                        w.blocks.is_empty() && level == pulldown_cmark::HeadingLevel::H1,
                    );
                    w.in_heading = true;
                }
                Tag::Paragraph | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) => w.end_text(),
                Tag::Item => w.end_text(),
                Tag::List(_) => {
                    w.end_text();
                    if w.lists == 0 {
                        w.rows.clear();
                    }
                    w.lists += 1;
                }
                Tag::CodeBlock(_) => {
                    w.end_text();
                    w.in_code = true;
                }
                Tag::Table(_) => {
                    w.end_text();
                    w.in_table = true;
                    if w.lists == 0 {
                        w.rows.clear();
                    }
                }
                Tag::TableHead | Tag::TableRow => {
                    w.take_current();
                    w.cell_end = start;
                }
                Tag::TableCell => w.current.literal(markup::CELL_SEPARATOR),
                Tag::Image { .. } => w.images += 1,
                Tag::Link { .. } => w.links += 1,
                Tag::MetadataBlock(MetadataBlockKind::YamlStyle) => w.in_metadata = true,
                Tag::MetadataBlock(_) => w.in_html = true,
                Tag::HtmlBlock => {
                    w.end_text();
                    w.html_block = Some(HtmlBlock::default());
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) => {
                    w.in_heading = false;
                    let heading = w.take_current();
                    opened_with_h1.get_or_insert(false);
                    let text = normalize(heading.text());
                    if w.first_heading.is_none() && !text.is_empty() {
                        w.first_heading = Some(text.clone());
                    }
                    w.blocks.push(Block::Heading(text, heading));
                }
                TagEnd::Paragraph | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => {
                    w.end_text()
                }
                TagEnd::Item => w.end_text(),
                TagEnd::List(_) => {
                    w.end_text();
                    w.lists = w.lists.saturating_sub(1);
                    if w.lists == 0 && !w.in_table {
                        let rows = std::mem::take(&mut w.rows);
                        w.blocks.push(Block::Rows(Rows::List, rows));
                    }
                }
                TagEnd::CodeBlock => {
                    w.in_code = false;
                    let last = w.take_current();
                    if !last.is_empty() {
                        w.rows.push(last);
                    }
                    if w.lists == 0 {
                        let rows = std::mem::take(&mut w.rows);
                        w.blocks.push(Block::Rows(Rows::Code, rows));
                    }
                }
                TagEnd::TableCell => w.cell_end = w.cell_end.max(end),
                TagEnd::TableHead | TagEnd::TableRow => {
                    w.extra_cells(source, end);
                    let row = w.take_current();
                    w.rows.push(row);
                }
                TagEnd::Table => {
                    w.in_table = false;
                    if w.lists == 0 {
                        let rows = std::mem::take(&mut w.rows);
                        w.blocks
                            .push(Block::Rows(Rows::Table { header: true }, rows));
                    }
                }
                TagEnd::MetadataBlock(_) => {
                    w.in_metadata = false;
                    w.in_html = false;
                }
                TagEnd::HtmlBlock => w.end_html_block(),
                TagEnd::Image => w.images = w.images.saturating_sub(1),
                TagEnd::Link => w.links = w.links.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) => w.text(source, &t, start, end),
            Event::Code(t) => {
                // The event's range includes the backtick fences. They are
                // kept (one on each side) so that what reads the passage
                // knows code from prose: `figures` skips numbers in code.
                let raw = source.get(start..end).unwrap_or_default();
                if raw.starts_with("``") || !raw.starts_with('`') {
                    w.text(source, &format!("`{t}`"), start, end);
                } else {
                    w.text(source, raw, start, end);
                }
            }
            Event::Html(t) => {
                if let Some(html) = &mut w.html_block {
                    html.push(source, &t, start, end);
                }
            }
            Event::SoftBreak | Event::HardBreak => w.current.space(),
            _ => {}
        }
    }
    w.end_text();
    if w.lists > 0 && !w.rows.is_empty() {
        let rows = std::mem::take(&mut w.rows);
        w.blocks.push(Block::Rows(Rows::List, rows));
    }
    let mut info = front_matter(&w.front_matter);
    info.title = info.title.or(w.first_heading.take());
    Markup {
        blocks: w.blocks,
        info,
        title_heading: opened_with_h1 == Some(true),
    }
}

/// Reads `title`, `author` (or `authors`, a list) and `date` from YAML
/// front matter, one `key: value` per line; list values may be `[a, b]`
/// or `- a` lines below the key.
pub fn front_matter(yaml: &str) -> DocInfo {
    let mut info = DocInfo::default();
    let mut list_key: Option<String> = None;
    let mut authors: Vec<String> = Vec::new();
    for line in yaml.lines() {
        let trimmed = line.trim();
        if let Some(item) = trimmed.strip_prefix("- ") {
            if list_key.as_deref().is_some_and(is_author_key) {
                authors.push(unquote(item));
            }
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim();
        list_key = value.is_empty().then(|| key.clone());
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "title" => info.title = Some(unquote(value)),
            k if is_author_key(k) => {
                let inner = value.strip_prefix('[').and_then(|v| v.strip_suffix(']'));
                match inner {
                    Some(list) => authors.extend(list.split(',').map(unquote)),
                    None => authors.push(unquote(value)),
                }
            }
            "date" | "published" => info.date = markup::iso_date_prefix(&unquote(value)),
            _ => {}
        }
    }
    authors.retain(|a| !a.is_empty());
    if !authors.is_empty() {
        info.author = Some(authors.join(", "));
    }
    info.title = info.title.filter(|t| !t.is_empty());
    info
}

fn is_author_key(k: &str) -> bool {
    matches!(k, "author" | "authors")
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    let inner = s
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(s);
    normalize(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_forms() {
        let info = front_matter("title: 'A: B'\nauthors:\n  - Ann\n  - Bob\ndate: 2020\n");
        assert_eq!(info.title.as_deref(), Some("A: B"));
        assert_eq!(info.author.as_deref(), Some("Ann, Bob"));
        assert_eq!(info.date.as_deref(), Some("2020"));
        let info = front_matter("author: [Ann, \"Bob\"]\ndate: someday\n");
        assert_eq!(info.author.as_deref(), Some("Ann, Bob"));
        assert_eq!(info.date, None);
    }

    #[test]
    fn a_single_opening_h1_titles_the_document() {
        let m = read("# Title\n\nSome words here.\n");
        assert!(m.title_heading);
        assert!(matches!(m.blocks.first(), Some(Block::Heading(h, _)) if h == "Title"));
        let m = read("Intro words.\n\n# Part one\n\nMore words.\n");
        assert!(!m.title_heading);
    }
}
