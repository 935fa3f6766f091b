//! HTML documents: the main text, its headings and tables, with exact
//! source ranges.
//!
//! The page is read with `html5gum`, a WHATWG-compliant tokenizer that gives
//! every token its byte span in the source, so each passage's `bytes` are
//! the range from its first word to its last word *in the HTML file*
//! (character references such as `&amp;` are stepped over). On top of the
//! tokens sits a small tag-soup tree walker: a stack of open elements with
//! the implicit closes that matter for text (`<p>`, `<li>`, `<td>`, `<tr>`,
//! `<dt>`/`<dd>`), capped at [`MAX_DEPTH`] so no nesting can exhaust memory
//! or time; nothing recurses.
//!
//! What is kept: only the main text. `script`, `style`, `noscript`,
//! `template`, `nav`, `header`, `footer`, `aside`, `form` (and embedded
//! `svg`/`math`/`iframe`), elements marked `hidden` or
//! `aria-hidden="true"`, and site chrome ([`super::chrome`]: navigation
//! roles, sidebars, breadcrumbs, permalink anchors, version badges, links
//! that only say "Read more" or "Skip to content") are dropped; when the page has `<main>` or
//! `<article>` elements (or `role="main"`), only their content is read. Headings `h1`–`h6`
//! become sections; `p`, `blockquote` and other blocks become prose; list
//! items, table rows (cells joined by ` | `, header row repeated) and
//! `pre` lines become row blocks. `<title>` and `<meta>` (`og:title`,
//! `author`, `date`, `article:published_time`, …) supply title, author and
//! date. Charset declarations are not honoured: files are read as UTF-8
//! (or UTF-16 with a byte-order mark) like every other file.

use html5gum::{DefaultEmitter, StartTag, Token, Tokenizer};

use super::chrome;
use super::markup::{self, Block, DocInfo, Mapped, Markup, Rows};
use crate::text::normalize;

/// File extensions read as HTML.
pub const EXTENSIONS: &[&str] = &["html", "htm", "xhtml"];
/// Most open elements tracked; deeper elements are read as inline text.
pub const MAX_DEPTH: usize = 512;
/// How far down the stack an implicit close looks for its element.
const CLOSE_SEARCH: usize = 64;

/// Elements whose content is not main text.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg",
    "math", "iframe", "object", "select", "button", "textarea", "dialog",
];
/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];
/// Elements that end a paragraph of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

fn is_pre(name: &str) -> bool {
    matches!(name, "pre" | "listing")
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// An element on the stack of open elements.
struct Open {
    name: String,
    /// Whether its start was acted on (so its end must be too).
    active: bool,
}

#[derive(Default)]
struct Walker<'s> {
    source: &'s str,
    stack: Vec<Open>,
    /// Stack index of the dropped element being skipped.
    skip: Option<usize>,
    /// Whether the page has `<main>`/`<article>`; then only they count.
    scoped: bool,
    /// Stack index of the `<main>`/`<article>` being read.
    scope: Option<usize>,
    /// Stack index and kind of the outermost list, table or `pre`.
    outer: Option<(usize, Rows)>,
    /// Stack index of the heading being read.
    heading: Option<usize>,
    /// Whether the table being read has a header row.
    table_header: bool,
    /// Stack index of the `<title>` being read.
    title_at: Option<usize>,
    /// `pre`/`listing` elements on the stack (counted, so that a text token
    /// does not scan a deep stack: that made deep pages quadratic).
    pre_open: usize,
    current: Mapped,
    rows: Vec<Mapped>,
    blocks: Vec<Block>,
    title: String,
    meta: Meta,
}

#[derive(Default)]
struct Meta {
    og_title: Option<String>,
    author: Option<String>,
    date: Option<String>,
}

impl Walker<'_> {
    fn reading(&self) -> bool {
        self.skip.is_none() && (!self.scoped || self.scope.is_some())
    }

    /// Ends the current run of text, as a row or a paragraph.
    fn boundary(&mut self) {
        if self.heading.is_some() {
            self.current.space();
            return;
        }
        match self.outer {
            Some((_, Rows::Table { .. })) => self.current.space(),
            Some(_) => self.end_row(),
            None => {
                let text = std::mem::take(&mut self.current);
                if !text.is_empty() {
                    self.blocks.push(Block::Prose(text));
                }
            }
        }
    }

    fn end_row(&mut self) {
        let row = std::mem::take(&mut self.current);
        if !row.is_empty() {
            self.rows.push(row);
        }
    }

    fn start(&mut self, tag: &StartTag<usize>) {
        let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
        if name == "meta" {
            self.meta(tag);
        }
        if self.reading() {
            self.implicit_closes(&name);
        }
        if VOID.contains(&name.as_str()) {
            if name == "br" && self.reading() {
                match self.outer {
                    Some((_, Rows::Code)) => self.end_row(),
                    _ => self.current.space(),
                }
            } else if BLOCKS.contains(&name.as_str()) && self.reading() {
                self.boundary();
            }
            return;
        }
        if self.stack.len() >= MAX_DEPTH {
            return;
        }
        let at = self.stack.len();
        let attr = |k: &str| {
            tag.attributes.get(k.as_bytes()).map(|v| {
                String::from_utf8_lossy(&v.value)
                    .trim()
                    .to_ascii_lowercase()
            })
        };
        let hidden = tag.attributes.contains_key(b"hidden".as_slice())
            || attr("aria-hidden").as_deref() == Some("true")
            || (self.skip.is_none() && chrome::is_chrome(&attr));
        let mut active = false;
        if name == "title" && self.skip.is_none() && self.title.is_empty() {
            self.title_at = Some(at);
        } else if self.skip.is_none() && (DROPPED.contains(&name.as_str()) || hidden) {
            if self.reading() {
                self.boundary();
            }
            self.skip = Some(at);
        } else if self.skip.is_none()
            && self.scoped
            && self.scope.is_none()
            && (matches!(name.as_str(), "main" | "article")
                || attr("role").as_deref() == Some("main"))
        {
            self.scope = Some(at);
        } else if self.reading() {
            active = true;
            self.start_effects(&name, at);
        }
        if is_pre(&name) {
            self.pre_open += 1;
        }
        self.stack.push(Open { name, active });
    }

    fn start_effects(&mut self, name: &str, at: usize) {
        if is_heading(name) && self.outer.is_none() && self.heading.is_none() {
            self.boundary();
            self.heading = Some(at);
            return;
        }
        let kind = match name {
            "ul" | "ol" | "dl" | "menu" => Some(Rows::List),
            "table" => Some(Rows::Table { header: false }),
            "pre" | "listing" => Some(Rows::Code),
            _ => None,
        };
        if let Some(kind) = kind
            && self.outer.is_none()
            && self.heading.is_none()
        {
            self.boundary();
            self.rows.clear();
            self.table_header = false;
            self.outer = Some((at, kind));
            return;
        }
        match (name, self.outer) {
            ("tr", Some((_, Rows::Table { .. }))) => self.end_row(),
            ("td" | "th", Some((_, Rows::Table { .. }))) => {
                if self.rows.is_empty() && self.current.is_empty() && name == "th" {
                    self.table_header = true;
                }
                self.current.literal(markup::CELL_SEPARATOR);
            }
            ("thead", Some((_, Rows::Table { .. }))) if self.rows.is_empty() => {
                self.table_header = true;
            }
            _ if BLOCKS.contains(&name) => self.boundary(),
            _ => {}
        }
    }

    /// Pops the stack down to the element at `index` (inclusive), ending each.
    fn pop_to(&mut self, index: usize) {
        while self.stack.len() > index {
            let Some(open) = self.stack.pop() else { break };
            if is_pre(&open.name) {
                self.pre_open = self.pre_open.saturating_sub(1);
            }
            let at = self.stack.len();
            if self.skip == Some(at) {
                self.skip = None;
                continue;
            }
            if self.title_at == Some(at) {
                self.title_at = None;
                continue;
            }
            if self.scope == Some(at) {
                self.boundary();
                self.scope = None;
                continue;
            }
            if open.active {
                self.end_effects(&open.name, at);
            }
        }
    }

    fn end_effects(&mut self, name: &str, at: usize) {
        if self.heading == Some(at) {
            self.heading = None;
            let text = std::mem::take(&mut self.current);
            self.blocks
                .push(Block::Heading(text.text().to_string(), text));
            return;
        }
        if let Some((outer_at, kind)) = self.outer
            && outer_at == at
        {
            self.end_row();
            self.outer = None;
            let kind = match kind {
                Rows::Table { .. } => Rows::Table {
                    header: self.table_header,
                },
                other => other,
            };
            let rows = std::mem::take(&mut self.rows);
            self.blocks.push(Block::Rows(kind, rows));
            return;
        }
        match (name, self.outer) {
            ("tr", Some((_, Rows::Table { .. }))) => self.end_row(),
            ("li" | "dt" | "dd", Some((_, Rows::List))) => self.end_row(),
            _ if BLOCKS.contains(&name) => self.boundary(),
            _ => {}
        }
    }

    /// Index of the nearest open `name`, looking no further down than a
    /// `barrier` element.
    fn find_open(&self, names: &[&str], barriers: &[&str]) -> Option<usize> {
        for (i, open) in self.stack.iter().enumerate().rev().take(CLOSE_SEARCH) {
            if names.contains(&open.name.as_str()) {
                return Some(i);
            }
            if barriers.contains(&open.name.as_str()) {
                return None;
            }
        }
        None
    }

    /// The HTML rules that close an element when another starts.
    fn implicit_closes(&mut self, name: &str) {
        let target = match name {
            "li" => self.find_open(&["li"], &["ul", "ol", "menu", "table"]),
            "dt" | "dd" => self.find_open(&["dt", "dd"], &["dl", "table"]),
            "tr" => self.find_open(&["tr"], &["table"]),
            "td" | "th" => self.find_open(&["td", "th"], &["tr", "table"]),
            "tbody" | "thead" | "tfoot" => self.find_open(&["tbody", "thead", "tfoot"], &["table"]),
            _ if is_heading(name) => self.find_open(&["h1", "h2", "h3", "h4", "h5", "h6"], &[]),
            _ => None,
        };
        let target = target.or_else(|| {
            let closes_p = BLOCKS.contains(&name) || name == "hr";
            (closes_p && self.stack.last().is_some_and(|o| o.name == "p"))
                .then(|| self.stack.len() - 1)
        });
        if let Some(index) = target {
            self.pop_to(index);
        }
    }

    fn end(&mut self, name: &str) {
        if name == "br" {
            // `</br>` is read as `<br>`.
            if self.reading() {
                self.current.space();
            }
            return;
        }
        let found = self
            .stack
            .iter()
            .enumerate()
            .rev()
            .take(CLOSE_SEARCH)
            .find(|(_, o)| o.name == name)
            .map(|(i, _)| i);
        if let Some(index) = found {
            self.pop_to(index);
        } else if name == "p" && self.reading() {
            // `</p>` without `<p>` still ends a paragraph.
            self.boundary();
        }
    }

    fn text(&mut self, value: &str, start: usize, end: usize) {
        if self.title_at.is_some() {
            self.title.push_str(value);
            return;
        }
        if !self.reading() {
            return;
        }
        if chrome::is_chrome_text(value)
            && self
                .stack
                .iter()
                .rev()
                .take(CLOSE_SEARCH)
                .any(|o| matches!(o.name.as_str(), "a" | "summary" | "button"))
        {
            return;
        }
        let raw = self.source.get(start..end).unwrap_or_default();
        let lines = matches!(self.outer, Some((_, Rows::Code | Rows::List))) && self.pre_open > 0;
        if lines && raw == value {
            let mut at = 0;
            for line in value.split_inclusive('\n') {
                let body = line.trim_end_matches(['\n', '\r']);
                self.current
                    .push(self.source, body, start + at, start + at + body.len());
                if line.ends_with('\n') {
                    self.end_row();
                }
                at += line.len();
            }
        } else {
            self.current.push(self.source, value, start, end);
        }
    }

    fn meta(&mut self, tag: &StartTag<usize>) {
        let attr = |k: &str| {
            tag.attributes
                .get(k.as_bytes())
                .map(|v| normalize(&String::from_utf8_lossy(&v.value)))
        };
        let key = attr("name")
            .or_else(|| attr("property"))
            .or_else(|| attr("itemprop"))
            .unwrap_or_default()
            .to_ascii_lowercase();
        let Some(content) = attr("content").filter(|c| !c.is_empty()) else {
            return;
        };
        match key.as_str() {
            "og:title" | "twitter:title" | "citation_title" | "dc.title" => {
                self.meta.og_title.get_or_insert(content);
            }
            "author" | "citation_author" | "dc.creator" | "article:author" | "byl"
                if !content.starts_with("http") =>
            {
                self.meta.author.get_or_insert(content);
            }
            "date"
            | "dc.date"
            | "dcterms.date"
            | "pubdate"
            | "publish-date"
            | "datepublished"
            | "citation_publication_date"
            | "article:published_time"
            | "og:published_time" => {
                if let Some(date) = markup::iso_date_prefix(&content) {
                    self.meta.date.get_or_insert(date);
                }
            }
            _ => {}
        }
    }
}

/// Most attributes of one tag that are read; the rest are blanked out
/// before tokenizing (see [`cap_attributes`]).
pub const MAX_ATTRIBUTES: usize = 256;

/// `source` with the attributes of each tag beyond [`MAX_ATTRIBUTES`]
/// overwritten with spaces (so every byte offset stays the same).
/// html5gum's tokenizer recurses once per attribute, so a tag with tens of
/// thousands of attributes would exhaust the stack. Linear in the length of
/// `source`; borrows it unchanged when no tag has that many.
pub fn cap_attributes(source: &str) -> std::borrow::Cow<'_, str> {
    let b = source.as_bytes();
    let mut blank: Vec<(usize, usize)> = Vec::new();
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        // The tag name.
        i += 1;
        while i < b.len() && !space(b[i]) && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        let mut count = 0usize;
        loop {
            while i < b.len() && (space(b[i]) || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let start = i;
            // The name (a first `=` belongs to it).
            i += 1;
            while i < b.len() && !space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let mut j = i;
            while j < b.len() && space(b[j]) {
                j += 1;
            }
            if b.get(j) == Some(&b'=') {
                j += 1;
                while j < b.len() && space(b[j]) {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        j += 1;
                        while j < b.len() && b[j] != q {
                            j += 1;
                        }
                        j = (j + 1).min(b.len());
                    }
                    _ => {
                        while j < b.len() && !space(b[j]) && b[j] != b'>' {
                            j += 1;
                        }
                    }
                }
                i = j;
            }
            count += 1;
            if count > MAX_ATTRIBUTES {
                blank.push((start, i));
            }
        }
    }
    if blank.is_empty() {
        return std::borrow::Cow::Borrowed(source);
    }
    let mut bytes = b.to_vec();
    // Each range starts and ends at an ASCII byte or the end, so the text
    // stays UTF-8.
    for (from, to) in blank {
        bytes[from..to].fill(b' ');
    }
    match String::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Owned(text),
        Err(e) => std::borrow::Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

/// Reads an HTML document into blocks.
pub fn read(source: &str) -> Markup {
    let capped = cap_attributes(source);
    let source: &str = &capped;
    let tokens = || {
        let mut emitter = DefaultEmitter::<usize>::new_with_span();
        emitter.naively_switch_states(true);
        Tokenizer::new_with_emitter(source, emitter).flatten()
    };
    let scoped = tokens().any(|t| {
        matches!(&t, Token::StartTag(tag) if tag.name.eq_ignore_ascii_case(b"main")
            || tag.name.eq_ignore_ascii_case(b"article")
            || tag.attributes.get(b"role".as_slice())
                .is_some_and(|v| v.value.trim_ascii().eq_ignore_ascii_case(b"main")))
    });
    let mut w = Walker {
        source,
        scoped,
        ..Walker::default()
    };
    for token in tokens() {
        match token {
            Token::StartTag(tag) => w.start(&tag),
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                w.end(&name);
            }
            Token::String(s) => {
                let value = String::from_utf8_lossy(&s.value);
                w.text(&value, s.span.start, s.span.end);
            }
            _ => {}
        }
    }
    w.pop_to(0);
    w.boundary();
    let title = normalize(&w.title);
    let info = DocInfo {
        title: w
            .meta
            .og_title
            .take()
            .or_else(|| (!title.is_empty()).then_some(title)),
        author: w.meta.author.take(),
        date: w.meta.date.take(),
    };
    Markup {
        blocks: w.blocks,
        info,
        title_heading: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_from_head() {
        let m = read(
            "<html><head><title>Ports &amp; trade</title>\
             <meta name=\"author\" content=\"Yuan Shenggao\">\
             <meta property=\"article:published_time\" content=\"2021-09-24T08:00:00Z\">\
             </head><body><p>Text.</p></body></html>",
        );
        assert_eq!(m.info.title.as_deref(), Some("Ports & trade"));
        assert_eq!(m.info.author.as_deref(), Some("Yuan Shenggao"));
        assert_eq!(m.info.date.as_deref(), Some("2021-09-24"));
    }

    #[test]
    fn a_tag_with_ten_thousand_attributes_is_read() {
        let attrs: String = (0..10_000).map(|i| format!(" a{i}=\"v\"")).collect();
        let page = format!("<p{attrs}>kept words</p>");
        let capped = cap_attributes(&page);
        assert_eq!(capped.len(), page.len());
        let m = read(&page);
        assert!(matches!(m.blocks.first(), Some(Block::Prose(t)) if t.text() == "kept words"));
    }

    #[test]
    fn dropped_elements_leave_no_blocks() {
        let m = read("<nav>navword</nav><script>x</script><p>kept words</p><footer>f</footer>");
        let texts: Vec<String> = m
            .blocks
            .iter()
            .map(|b| match b {
                Block::Prose(m) => m.text().to_string(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(texts, ["kept words"]);
    }
}
