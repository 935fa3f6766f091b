//! PDF files: text per page in reading order, with the document's metadata.
//!
//! The content streams are interpreted by pdf-extract (fonts, encodings,
//! CMaps; pure Rust, on lopdf), which hands every glyph with its position
//! to [`glyphs::Collector`]; [`layout`] then rebuilds lines, columns and
//! paragraphs from the positions and drops running headers, footers and
//! page numbers. The result is one text for the whole document, paragraphs
//! separated by blank lines, with the byte offset where each page starts,
//! so the plain-text splitter (and its page-break repair) makes the
//! passages and each passage's pages follow from its byte range.
//!
//! A PDF reader meets hostile files: the interpreter runs on its own
//! thread with a large stack, a time budget ([`TIME_BUDGET`], CPU time of
//! that thread, so a busy machine does not drop a big file) and a glyph
//! budget, and a panic in it (or on one page) is caught, so one file can
//! never stop or hang a run.

pub mod budget;
pub mod fonts;
pub mod glyphs;
pub mod layout;
pub mod streams;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use budget::{Budget, ThreadClock};

use pdf_extract::{Document, Object};

/// Most CPU time one PDF may take to read.
pub const TIME_BUDGET: Duration = Duration::from_secs(30);
/// Longest wall time to wait for a reader, however busy the machine: a
/// last resort (the CPU budget stops a reader long before on any machine
/// that gives it a tenth of a core).
const WALL_LIMIT: Duration = Duration::from_secs(300);
/// How often the waiting side looks at the reader's CPU clock.
const POLL: Duration = Duration::from_millis(250);
/// Most glyphs read from one PDF (a few thousand books' worth of pages).
const MAX_GLYPHS: usize = 50_000_000;
/// Stack of the reader thread: the parser recurses into nested objects.
const READER_STACK: usize = 256 * 1024 * 1024;
/// Name of the reader threads (their panics are not printed).
const READER_THREAD: &str = "quarry-pdf";
/// Fewer characters than this per page, on average, is no text layer.
const MIN_CHARS_PER_PAGE: usize = 2;

/// A PDF's text and metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PdfText {
    /// The text: paragraphs separated by blank lines, running headers and
    /// footers left out, hyphenation at line ends undone.
    pub text: String,
    /// Byte offset in `text` where each page's text starts (one per page;
    /// an empty page starts where the next one does).
    pub page_starts: Vec<usize>,
    /// The printed page labels (`/PageLabels`), one per page, when the PDF
    /// defines them.
    pub labels: Option<Vec<String>>,
    /// `/Title` of the document information, when it is a real title.
    pub title: Option<String>,
    /// `/Author`.
    pub author: Option<String>,
    /// `/CreationDate` as ISO 8601 (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// The largest text on the first page, when it stands out as a title.
    pub display_title: Option<String>,
    /// Pages that could not be read (1-based), each with why.
    pub bad_pages: Vec<(u32, String)>,
}

impl PdfText {
    /// The 1-based page holding byte `offset` of the text.
    pub fn page_at(&self, offset: usize) -> u32 {
        let i = self.page_starts.partition_point(|&s| s <= offset);
        i.max(1) as u32
    }
}

/// Why a PDF gave no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Encrypted, and the empty password does not open it.
    Encrypted,
    /// Readable, but with no text (scanned pages, images only).
    NoText,
    /// Damaged or not a PDF; the message says what failed.
    Broken(String),
}

impl Unreadable {
    /// A short note for the index summary or a warning.
    pub fn note(&self) -> String {
        match self {
            Unreadable::Encrypted => "encrypted PDF: no text layer without its password".into(),
            Unreadable::NoText => "PDF with no text layer (scanned or images only)".into(),
            Unreadable::Broken(why) => format!("unreadable PDF: {why}"),
        }
    }
}

/// Reads a PDF's text. Never panics and returns once the reader has used
/// about [`TIME_BUDGET`] of CPU time (a reader still busy then is left to
/// stop on its own).
pub fn read(bytes: Vec<u8>) -> Result<PdfText, Unreadable> {
    quiet_reader_panics();
    let (send, receive) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(READER_THREAD.into())
        .stack_size(READER_STACK)
        .spawn(move || {
            let budget = Budget::new(TIME_BUDGET);
            let result = catch_unwind(AssertUnwindSafe(|| read_now(&bytes, budget)))
                .unwrap_or_else(|_| Err(Unreadable::Broken("the PDF reader failed".into())));
            let _ = send.send(result);
        });
    let reader = match spawned {
        Ok(reader) => reader,
        Err(e) => return Err(Unreadable::Broken(format!("cannot start a reader: {e}"))),
    };
    let clock = ThreadClock::of(&reader);
    let started = Instant::now();
    let out_of_time = || {
        Err(Unreadable::Broken(format!(
            "not read within {} s",
            TIME_BUDGET.as_secs()
        )))
    };
    loop {
        match receive.recv_timeout(POLL) {
            Ok(result) => return result,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if clock.elapsed() > TIME_BUDGET + Duration::from_secs(2)
                    || started.elapsed() > WALL_LIMIT
                {
                    return out_of_time();
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Unreadable::Broken("the PDF reader failed".into()));
            }
        }
    }
}

/// Panics of the reader threads are caught and reported as warnings, so
/// the default hook's message is left out for them.
fn quiet_reader_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(READER_THREAD) {
                previous(info);
            }
        }));
    });
}

/// Parses a PDF, decrypts it with the empty password, and mends what
/// pdf-extract would misread (see [`streams`] and [`fonts`]).
pub fn load(bytes: &[u8]) -> Result<Document, Unreadable> {
    let mut doc = Document::load_mem(bytes).map_err(|e| Unreadable::Broken(e.to_string()))?;
    if doc.is_encrypted() {
        if doc.decrypt("").is_err() {
            return Err(Unreadable::Encrypted);
        }
    } else {
        streams::recover(&mut doc, bytes);
    }
    fonts::repair(&mut doc);
    Ok(doc)
}

fn read_now(bytes: &[u8], budget: Budget) -> Result<PdfText, Unreadable> {
    if bytes.is_empty() {
        return Err(Unreadable::Broken("empty file".into()));
    }
    let doc = load(bytes)?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut collector = glyphs::Collector::new(budget, MAX_GLYPHS);
    let mut bad_pages = Vec::new();
    for &n in &pages {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut collector, n)
        }));
        collector.finish_page();
        if collector.exhausted {
            return Err(Unreadable::Broken(format!(
                "not read within {} s",
                TIME_BUDGET.as_secs()
            )));
        }
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(e)) => bad_pages.push((n, e.to_string())),
            Err(_) => bad_pages.push((n, "the PDF reader failed on this page".into())),
        }
    }
    let chars: usize = collector.pages.iter().map(|p| p.glyphs.len()).sum();
    if chars < MIN_CHARS_PER_PAGE * pages.len().max(1) {
        if !bad_pages.is_empty() && bad_pages.len() == pages.len() {
            return Err(Unreadable::Broken(bad_pages.swap_remove(0).1));
        }
        return Err(Unreadable::NoText);
    }
    let mut text = lay_out(&collector.pages);
    text.bad_pages = bad_pages;
    let info = info(&doc);
    text.title = info.0.filter(|t| is_real_title(t));
    text.author = info.1.filter(|a| a.chars().any(char::is_alphabetic));
    text.date = info.2;
    text.labels = page_labels(&doc, pages.len());
    Ok(text)
}

/// The text of the pages, laid out.
pub fn lay_out(pages: &[glyphs::RawPage]) -> PdfText {
    let mut segments: Vec<Vec<layout::Segment>> = pages.iter().map(layout::segments).collect();
    let running = layout::running_segments(&segments);
    for (segs, drop) in segments.iter_mut().zip(&running) {
        let mut flags = drop.iter();
        segs.retain(|_| !flags.next().copied().unwrap_or(false));
    }
    let blocks: Vec<Vec<layout::Block>> = segments.iter().map(|s| layout::read_order(s)).collect();
    let body = layout::body_size(&blocks);
    let mut para = layout::Paragrapher::new(body);
    for page in &blocks {
        para.page(page);
    }
    PdfText {
        display_title: display_title(blocks.first().map_or(&[][..], Vec::as_slice), body),
        text: para.text,
        page_starts: para.page_starts,
        ..PdfText::default()
    }
}

/// The largest text in the top half of the first page, when it is set
/// clearly larger than the body and has words.
fn display_title(blocks: &[layout::Block], body: f32) -> Option<String> {
    let lines: Vec<&layout::Line> = blocks.iter().flat_map(|b| &b.lines).collect();
    let bottom = lines.iter().map(|l| l.y).fold(f32::NEG_INFINITY, f32::max);
    let top = lines.iter().map(|l| l.y).fold(f32::INFINITY, f32::min);
    let upper: Vec<&&layout::Line> = lines
        .iter()
        .filter(|l| l.y <= top + (bottom - top) / 2.0)
        .collect();
    let biggest = upper.iter().map(|l| l.size).fold(0.0f32, f32::max);
    if biggest < body * 1.3 {
        return None;
    }
    let title: Vec<&str> = upper
        .iter()
        .filter(|l| (l.size - biggest).abs() < 0.05 * biggest)
        .map(|l| l.text.as_str())
        .collect();
    let title = title.join(" ");
    let words = title.split_whitespace().count();
    ((2..=30).contains(&words) && title.chars().filter(|c| c.is_alphabetic()).count() > 5)
        .then_some(title)
}

/// Whether an Info `/Title` names the document rather than the file or
/// program it came from (`Microsoft Word - draft.doc`, `untitled`, `paper.dvi`).
fn is_real_title(title: &str) -> bool {
    let lower = title.trim().to_lowercase();
    let junk_ends = [
        ".doc", ".docx", ".pdf", ".tex", ".dvi", ".ps", ".rtf", ".indd", ".qxd",
    ];
    lower.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !lower.starts_with("microsoft ")
        && !matches!(
            lower.as_str(),
            "untitled" | "title" | "no title" | "document"
        )
        && !junk_ends.iter().any(|e| lower.ends_with(e))
        && !lower.contains("\\")
}

/// A PDF text string: UTF-16BE or UTF-8 with a byte-order mark, else
/// PDFDocEncoding (read as Latin-1, which it matches on the printable ASCII
/// and most of the upper half).
fn text_string(bytes: &[u8]) -> String {
    let s = if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    };
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `/Title`, `/Author` and `/CreationDate` (as ISO 8601) of the Info dictionary.
fn info(doc: &Document) -> (Option<String>, Option<String>, Option<String>) {
    let Some(dict) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
    else {
        return (None, None, None);
    };
    let get = |key: &[u8]| {
        dict.get(key)
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| match o {
                Object::String(s, _) => Some(text_string(s)),
                _ => None,
            })
            .filter(|s| !s.is_empty())
    };
    (
        get(b"Title"),
        get(b"Author"),
        get(b"CreationDate").and_then(|d| pdf_date(&d)),
    )
}

/// A PDF date (`D:20210924113000+08'00'`) as `YYYY-MM-DD` (or `YYYY-MM`,
/// `YYYY`, as far as it goes); `None` when it is not one.
pub fn pdf_date(d: &str) -> Option<String> {
    let d = d.trim();
    let d = d.strip_prefix("D:").unwrap_or(d);
    let digits: String = d.chars().take_while(char::is_ascii_digit).collect();
    let year: u32 = digits.get(..4)?.parse().ok()?;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    let part = |r: std::ops::Range<usize>, max: u32| {
        digits
            .get(r)
            .and_then(|s| s.parse::<u32>().ok())
            .filter(|v| (1..=max).contains(v))
    };
    Some(match (part(4..6, 12), part(6..8, 31)) {
        (Some(m), Some(day)) => format!("{year:04}-{m:02}-{day:02}"),
        (Some(m), None) => format!("{year:04}-{m:02}"),
        _ => format!("{year:04}"),
    })
}

/// Deepest `/Kids` nesting followed in a page-label number tree.
const MAX_TREE_DEPTH: usize = 16;

/// The printed label of each of `count` pages, from the catalog's
/// `/PageLabels` number tree; `None` when there is none.
fn page_labels(doc: &Document, count: usize) -> Option<Vec<String>> {
    let catalog = doc.catalog().ok()?;
    let root = doc.dereference(catalog.get(b"PageLabels").ok()?).ok()?.1;
    let mut ranges: Vec<(usize, Option<u8>, String, i64)> = Vec::new();
    collect_labels(doc, root, 0, &mut ranges);
    if ranges.is_empty() {
        return None;
    }
    ranges.sort_by_key(|r| r.0);
    let labels = (0..count)
        .map(|page| {
            let Some((start, style, prefix, first)) =
                ranges.iter().rev().find(|r| r.0 <= page).cloned()
            else {
                return (page + 1).to_string();
            };
            let n = first.saturating_add((page - start) as i64);
            let number = match style {
                Some(b'D') => n.to_string(),
                Some(b'R') => roman(n).to_uppercase(),
                Some(b'r') => roman(n),
                Some(b'A') => letters(n).to_uppercase(),
                Some(b'a') => letters(n),
                _ => String::new(),
            };
            format!("{prefix}{number}")
        })
        .collect();
    Some(labels)
}

/// Adds the ranges of a page-label number tree node: (first page index,
/// style, prefix, first number).
fn collect_labels(
    doc: &Document,
    node: &Object,
    depth: usize,
    out: &mut Vec<(usize, Option<u8>, String, i64)>,
) {
    let Ok(dict) = node.as_dict() else { return };
    if depth > MAX_TREE_DEPTH {
        return;
    }
    if let Ok(nums) = dict
        .get(b"Nums")
        .and_then(|o| doc.dereference(o))
        .and_then(|(_, o)| o.as_array())
    {
        for pair in nums.chunks_exact(2) {
            let (Ok(start), Ok((_, label))) = (pair[0].as_i64(), doc.dereference(&pair[1])) else {
                continue;
            };
            let Ok(label) = label.as_dict() else { continue };
            let style = label
                .get(b"S")
                .and_then(Object::as_name)
                .ok()
                .and_then(|n| n.first().copied());
            let prefix = label
                .get(b"P")
                .ok()
                .and_then(|o| match o {
                    Object::String(s, _) => Some(text_string(s)),
                    _ => None,
                })
                .unwrap_or_default();
            let first = label.get(b"St").and_then(Object::as_i64).unwrap_or(1);
            if let Ok(start) = usize::try_from(start) {
                out.push((start, style, prefix, first.max(1)));
            }
        }
    }
    if let Ok(kids) = dict
        .get(b"Kids")
        .and_then(|o| doc.dereference(o))
        .and_then(|(_, o)| o.as_array())
    {
        for kid in kids.iter().take(10_000) {
            if let Ok((_, kid)) = doc.dereference(kid) {
                collect_labels(doc, kid, depth + 1, out);
            }
        }
    }
}

/// `n` in lower-case roman numerals (`n` as digits beyond 3999).
fn roman(n: i64) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    let table = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, digits) in table {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// `n` as PDF letter labels: a–z, then aa–zz, … (lower case).
fn letters(n: i64) -> String {
    if !(1..=2600).contains(&n) {
        return n.to_string();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            pdf_date("D:20210924113000+08'00'").as_deref(),
            Some("2021-09-24")
        );
        assert_eq!(pdf_date("D:2021").as_deref(), Some("2021"));
        assert_eq!(pdf_date("202113").as_deref(), Some("2021"));
        assert_eq!(pdf_date("D:garbage"), None);
    }

    #[test]
    fn labels() {
        assert_eq!(roman(14), "xiv");
        assert_eq!(letters(28), "bb");
    }

    #[test]
    fn titles() {
        assert!(is_real_title(
            "Dynamo: Amazon's Highly Available Key-value Store"
        ));
        assert!(!is_real_title("Microsoft Word - draft7.doc"));
        assert!(!is_real_title("paper.dvi"));
        assert!(!is_real_title("untitled"));
    }

    #[test]
    fn broken_files_are_errors() {
        assert!(matches!(read(Vec::new()), Err(Unreadable::Broken(_))));
        assert!(matches!(
            read(b"%PDF-1.4\nnot really".to_vec()),
            Err(Unreadable::Broken(_))
        ));
    }
}
