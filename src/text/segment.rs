//! Fast paths for the UAX #29 word counts and sentence boundaries the
//! splitter needs.
//!
//! `unicode-segmentation` looks every character up in a range table, which
//! made sentence and word segmentation the splitter's largest cost. Most text
//! is ASCII, where the categories are a fixed handful, so ASCII text goes
//! through hand-written equivalents here and anything else through
//! `unicode-segmentation` itself. The results are identical by construction
//! (the sentence machine is a transcription of `unicode-segmentation`'s, with
//! its ASCII category table inlined) and by test (`*_match_unicode_segmentation`
//! compare both on random ASCII text).

use unicode_segmentation::{USentenceBoundIndices, UnicodeSegmentation};

/// Number of words in `s`: UAX #29 word segments holding a letter or digit,
/// as `s.unicode_words().count()`.
pub fn count_words(s: &str) -> usize {
    if s.is_ascii() {
        count_ascii_words(s.as_bytes())
    } else {
        s.unicode_words().count()
    }
}

/// Letters, digits and `_` (ExtendNumLet): the ASCII bytes of word segments.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// WB6/WB7 (letter `:`/`.`/`'` letter) and WB11/WB12 (digit `,`/`;`/`.`/`'`
/// digit): the middle byte does not break the word.
fn joins(prev: u8, mid: u8, next: u8) -> bool {
    (prev.is_ascii_alphabetic() && next.is_ascii_alphabetic() && matches!(mid, b':' | b'.' | b'\''))
        || (prev.is_ascii_digit()
            && next.is_ascii_digit()
            && matches!(mid, b',' | b';' | b'.' | b'\''))
}

fn count_ascii_words(b: &[u8]) -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < b.len() {
        if !is_word_byte(b[i]) {
            i += 1;
            continue;
        }
        let mut alnum = false;
        loop {
            while i < b.len() && is_word_byte(b[i]) {
                alnum |= b[i] != b'_';
                i += 1;
            }
            if i + 1 < b.len() && joins(b[i - 1], b[i], b[i + 1]) {
                i += 1;
                continue;
            }
            break;
        }
        count += usize::from(alnum);
    }
    count
}

/// The sentences of `s` with their byte offsets, as
/// `s.split_sentence_bound_indices()`.
pub fn sentence_bounds(s: &str) -> SentenceBounds<'_> {
    if s.is_ascii() {
        SentenceBounds::Ascii(AsciiSentences {
            text: s,
            breaks: AsciiBreaks {
                bytes: s.as_bytes(),
                pos: 0,
                state: [Part::Sot; 4],
            },
            start: None,
        })
    } else {
        SentenceBounds::Unicode(s.split_sentence_bound_indices())
    }
}

/// Iterator returned by [`sentence_bounds`].
pub enum SentenceBounds<'a> {
    /// ASCII text, segmented here.
    Ascii(AsciiSentences<'a>),
    /// Other text, segmented by `unicode-segmentation`.
    Unicode(USentenceBoundIndices<'a>),
}

impl<'a> Iterator for SentenceBounds<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        match self {
            SentenceBounds::Ascii(it) => it.next(),
            SentenceBounds::Unicode(it) => it.next(),
        }
    }
}

/// Sentences of ASCII text: the spans between consecutive breaks.
pub struct AsciiSentences<'a> {
    text: &'a str,
    breaks: AsciiBreaks<'a>,
    start: Option<usize>,
}

impl<'a> Iterator for AsciiSentences<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let start = match self.start {
            Some(s) => s,
            None => self.breaks.next()?,
        };
        let end = self.breaks.next()?;
        self.start = Some(end);
        Some((start, self.text.get(start..end)?))
    }
}

/// Sentence-break categories of ASCII characters (`unicode-segmentation`'s
/// table; ASCII has no Sep, OLetter, Extend or Format characters).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cat {
    Other,
    Cr,
    Lf,
    Sp,
    STerm,
    ATerm,
    Close,
    SContinue,
    Numeric,
    Upper,
    Lower,
}

fn category(b: u8) -> Cat {
    match b {
        b'\t' | 0x0b | 0x0c | b' ' => Cat::Sp,
        b'\n' => Cat::Lf,
        b'\r' => Cat::Cr,
        b'!' | b'?' => Cat::STerm,
        b'.' => Cat::ATerm,
        b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Cat::Close,
        b',' | b'-' | b':' | b';' => Cat::SContinue,
        b'0'..=b'9' => Cat::Numeric,
        b'A'..=b'Z' => Cat::Upper,
        b'a'..=b'z' => Cat::Lower,
        _ => Cat::Other,
    }
}

/// What the break rules remember of the text before a position (the last
/// four runs, as in `unicode-segmentation`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Sot,
    Eot,
    Other,
    Cr,
    Lf,
    ATerm,
    UpperLower,
    ClosePlus,
    SpPlus,
    STerm,
}

type State = [Part; 4];

fn advance(s: State, cat: Cat) -> State {
    match (s[3], cat) {
        (Part::ClosePlus, Cat::Close) | (Part::SpPlus, Cat::Sp) => s,
        _ => [
            s[1],
            s[2],
            s[3],
            match cat {
                Cat::Cr => Part::Cr,
                Cat::Lf => Part::Lf,
                Cat::ATerm => Part::ATerm,
                Cat::Upper | Cat::Lower => Part::UpperLower,
                Cat::Close => Part::ClosePlus,
                Cat::Sp => Part::SpPlus,
                Cat::STerm => Part::STerm,
                _ => Part::Other,
            },
        ],
    }
}

fn is_terminator(p: Part) -> bool {
    matches!(p, Part::STerm | Part::ATerm)
}

/// Index of the run before `Close* Sp*` at the end of the state.
fn before_close_sp(s: &State) -> usize {
    let mut idx = if s[3] == Part::SpPlus { 2 } else { 3 };
    if s[idx] == Part::ClosePlus {
        idx -= 1;
    }
    idx
}

/// SB8: `ATerm Close* Sp* × (¬(OLetter|Upper|Lower|Sep|SATerm))* Lower`.
fn sb8(s: &State, ahead: &[u8]) -> bool {
    if s[before_close_sp(s)] != Part::ATerm {
        return false;
    }
    for &b in ahead {
        match category(b) {
            Cat::Lower => return true,
            Cat::Upper | Cat::Cr | Cat::Lf | Cat::STerm | Cat::ATerm => return false,
            _ => {}
        }
    }
    false
}

/// SB8a's left side: `SATerm Close* Sp*`.
fn sb8a(s: &State) -> bool {
    is_terminator(s[before_close_sp(s)])
}

/// SB9's left side: `SATerm Close*`.
fn sb9(s: &State) -> bool {
    is_terminator(s[if s[3] == Part::ClosePlus { 2 } else { 3 }])
}

/// SB11's left side: `SATerm Close* Sp* ParaSep?`.
fn sb11(s: &State) -> bool {
    let mut idx = if matches!(s[3], Part::Cr | Part::Lf) {
        2
    } else {
        3
    };
    if s[idx] == Part::SpPlus {
        idx -= 1;
    }
    if s[idx] == Part::ClosePlus {
        idx -= 1;
    }
    is_terminator(s[idx])
}

/// Sentence-break offsets of ASCII text, start and end included.
struct AsciiBreaks<'a> {
    bytes: &'a [u8],
    pos: usize,
    state: State,
}

impl Iterator for AsciiBreaks<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while let Some(&b) = self.bytes.get(self.pos) {
            let at = self.pos;
            let before = self.state;
            let cat = category(b);
            self.pos += 1;
            self.state = advance(before, cat);
            let last = before[3];
            let brk = if last == Part::Sot {
                true
            } else if cat == Cat::Lf && last == Part::Cr {
                false
            } else if matches!(last, Part::Cr | Part::Lf) {
                true
            } else if (cat == Cat::Numeric && last == Part::ATerm)
                || (cat == Cat::Upper && before[2] == Part::UpperLower && last == Part::ATerm)
                || sb8(&before, &self.bytes[at..])
                || (matches!(cat, Cat::SContinue | Cat::STerm | Cat::ATerm) && sb8a(&before))
                || (matches!(cat, Cat::Close | Cat::Sp | Cat::Cr | Cat::Lf) && sb9(&before))
                || (matches!(cat, Cat::Sp | Cat::Cr | Cat::Lf) && sb8a(&before))
            {
                false
            } else {
                sb11(&before)
            };
            if brk {
                return Some(at);
            }
        }
        if matches!(self.state[3], Part::Sot | Part::Eot) {
            None
        } else {
            self.state = [self.state[1], self.state[2], self.state[3], Part::Eot];
            Some(self.pos)
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const ALPHABET: &[u8] = b"aZb09_.,;:'!?\"()[]-  \t\r\n\x0b#/%";

    /// Random ASCII strings over the characters the rules care about.
    fn ascii_text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(ALPHABET), 0..24)
            .prop_map(|bytes| bytes.into_iter().map(char::from).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(50_000))]

        #[test]
        fn word_counts_match_unicode_segmentation(text in ascii_text()) {
            prop_assert_eq!(count_words(&text), text.unicode_words().count(), "{:?}", text);
        }

        #[test]
        fn sentences_match_unicode_segmentation(text in ascii_text()) {
            let ours: Vec<_> = sentence_bounds(&text).collect();
            let theirs: Vec<_> = text.split_sentence_bound_indices().collect();
            prop_assert_eq!(ours, theirs, "{:?}", text);
        }
    }

    #[test]
    fn word_count_samples() {
        for text in [
            "", "a.b.c", "1,000.5", "x_", "__", "a:b", "a'b's", "1'2", "3.a",
        ] {
            assert_eq!(count_words(text), text.unicode_words().count(), "{text:?}");
        }
    }

    #[test]
    fn sentence_samples() {
        let samples = [
            "",
            "It grew 13.6 percent. Exports rose! Did it? (Yes.) Next",
            "Mr. Smith went to Washington. e.g. this is fine.",
            "U.S. trade. A. B. \"Quoted.\" next one",
            "End.\r\nNew line.\n\nPara",
        ];
        for text in samples {
            let ours: Vec<_> = sentence_bounds(text).collect();
            let theirs: Vec<_> = text.split_sentence_bound_indices().collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }
}
