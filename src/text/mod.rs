//! Text helpers every stage shares.
//!
//! What counts as white space, how text is normalised, how words are
//! counted and sentences found ([`segment`]), which words are English
//! function words ([`stopwords`]), and where lines start. Keeping them in
//! one place means the splitter, the readers and the commands agree on what
//! a word, a sentence and a line are. This module depends on nothing else
//! in the crate.

pub mod segment;
pub mod stopwords;

use unicode_segmentation::UnicodeSegmentation;

pub use segment::count_words;

/// White space as the splitters see it: Unicode white space (which includes
/// NBSP), control characters (tab, NUL, …), byte-order mark and zero-width
/// space.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{FEFF}' | '\u{200B}')
}

/// Collapses every run of [`is_space`] characters to one space and trims.
pub fn normalize(s: &str) -> String {
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

/// [`normalize`], without a copy when `s` is normalized already (as most
/// sentences are: single spaces between words, none at the ends).
pub fn normalized(s: &str) -> std::borrow::Cow<'_, str> {
    if is_normalized(s) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(normalize(s))
    }
}

/// Whether [`normalize`] leaves `s` as it is: not empty, no [`is_space`]
/// character but single spaces between others. ASCII bytes are checked as
/// they are; only a non-ASCII character is decoded.
fn is_normalized(s: &str) -> bool {
    let mut after_space = true;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        match BYTE_CLASS[usize::from(b)] {
            ByteClass::Plain => after_space = false,
            ByteClass::Space if !after_space => after_space = true,
            ByteClass::Space | ByteClass::OtherSpace => return false,
            ByteClass::Continuation => {}
            ByteClass::Lead => {
                if s.get(i..)
                    .and_then(|t| t.chars().next())
                    .is_none_or(is_space)
                {
                    return false;
                }
                after_space = false;
            }
        }
    }
    !after_space
}

/// What a byte is to [`is_normalized`].
#[derive(Clone, Copy)]
enum ByteClass {
    /// An ASCII character that is not [`is_space`].
    Plain,
    /// The ASCII space.
    Space,
    /// Another ASCII [`is_space`] character (a control).
    OtherSpace,
    /// The first byte of a non-ASCII character.
    Lead,
    /// A later byte of a non-ASCII character.
    Continuation,
}

/// [`ByteClass`] of every byte.
static BYTE_CLASS: [ByteClass; 256] = {
    let mut table = [ByteClass::Plain; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b {
            0x20 => ByteClass::Space,
            0x00..=0x1f | 0x7f => ByteClass::OtherSpace,
            0x80..=0xbf => ByteClass::Continuation,
            0xc0..=0xff => ByteClass::Lead,
            _ => ByteClass::Plain,
        };
        b += 1;
    }
    table
};

/// [`normalize`] for ASCII text, byte by byte: the ASCII [`is_space`]
/// characters are the controls (tab and line breaks among them) and space.
fn normalize_ascii(s: &str) -> String {
    let is_space = |b: &u8| *b <= b' ' || *b == 0x7f;
    // Most text (every sentence of a plain-text passage goes through here)
    // is normalized already: single spaces between words, none at the ends.
    let mut after_space = true;
    let mut normalized = true;
    for b in s.as_bytes() {
        let space = is_space(b);
        if space && (*b != b' ' || after_space) {
            normalized = false;
            break;
        }
        after_space = space;
    }
    if normalized && !after_space {
        return s.to_string();
    }
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

/// The sentence of `text` containing byte `at` (UAX #29), whitespace
/// normalised; all of `text` when no sentence holds `at`.
pub fn sentence_at(text: &str, at: usize) -> String {
    let sentence = text
        .split_sentence_bound_indices()
        .find(|(start, s)| at >= *start && at < start + s.len())
        .map_or(text, |(_, s)| s);
    sentence.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `n` whitespace-separated words of `text`, with `…` when more
/// follow.
pub fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().take(n + 1).collect();
    if words.len() > n {
        format!("{}…", words[..n].join(" "))
    } else {
        words.join(" ")
    }
}

/// Line numbers of byte offsets; lines end at `\n`, `\r\n` or a lone `\r`.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `source` (a line ends at `\n`, `\r\n`
    /// or a lone `\r`). Only the line breaks are visited (`memchr`), not
    /// every byte: this runs on every file and record indexed.
    pub fn new(source: &str) -> LineIndex {
        let bytes = source.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        u32::try_from(self.starts.partition_point(|&s| s <= offset)).unwrap_or(u32::MAX)
    }
}

/// `s` with every control character (ESC, newlines, tabs, C1 controls) and
/// the bidirectional overrides written as escapes (`\x1b`, `\n`,
/// `\u{202e}`), so that text from a document or a file name cannot move
/// the cursor, recolour or forge lines when printed to a terminal.
pub fn escape_control(s: &str) -> std::borrow::Cow<'_, str> {
    let special =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(special) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x100 && special(c) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if special(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_collapses_all_kinds_of_space() {
        assert_eq!(normalize("  a\t b\r\n\u{a0}c\u{200b} "), "a b c");
        assert_eq!(normalize("x\0y"), "x y");
        for (text, normalized) in [
            ("a b", "a b"),
            ("", ""),
            (" ", ""),
            ("a  b", "a b"),
            (" a b", "a b"),
            ("a b ", "a b"),
            ("a\tb", "a b"),
            ("a\x7fb", "a b"),
        ] {
            assert_eq!(normalize(text), normalized, "{text:?}");
        }
    }

    #[test]
    fn lines_end_at_every_kind_of_break() {
        let idx = LineIndex::new("a\nb\r\nc\rd");
        let lines: Vec<u32> = [0, 2, 5, 7].iter().map(|&o| idx.line(o)).collect();
        assert_eq!(lines, [1, 2, 3, 4]);
    }

    proptest::proptest! {
        /// The line starts are those a walk over every byte finds.
        #[test]
        fn line_starts_are_after_every_break(text in "[ab\r\n\u{e9}]{0,40}") {
            let bytes = text.as_bytes();
            let mut starts = vec![0];
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                    starts.push(i + 1);
                }
            }
            proptest::prop_assert_eq!(LineIndex::new(&text).starts, starts);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// `normalized` is `normalize`, and borrows exactly when that
        /// changes nothing.
        #[test]
        fn normalized_is_normalize(
            text in "[ab \t\r\n\x00\x7f\u{85}\u{a0}\u{1680}\u{2003}\u{2028}\u{200b}\u{feff}\u{3000}\u{e9}\u{2013}]{0,12}"
        ) {
            let ours = normalized(&text);
            let expected = normalize(&text);
            proptest::prop_assert_eq!(&*ours, expected.as_str());
            let borrowed = matches!(ours, std::borrow::Cow::Borrowed(_));
            proptest::prop_assert_eq!(borrowed, !text.is_empty() && expected == text);
        }
    }

    #[test]
    fn first_words_marks_a_cut() {
        assert_eq!(first_words("a b c", 2), "a b…");
        assert_eq!(first_words("a b", 2), "a b");
    }

    #[test]
    fn sentence_at_finds_the_sentence() {
        assert_eq!(sentence_at("One. Two  three. Four.", 6), "Two three.");
    }
}
