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
///
/// ASCII text, and text whose every non-ASCII character is one of those
/// [`non_ascii_word_category`] knows, is counted here; anything else by
/// `unicode-segmentation`.
pub fn count_words(s: &str) -> usize {
    if s.is_ascii() {
        count_ascii_words(s.as_bytes())
    } else {
        count_mapped_words(s).unwrap_or_else(|| s.unicode_words().count())
    }
}

/// Word-break categories (UAX #29), as far as the characters
/// [`count_mapped_words`] reads have them. Extend, Format, ZWJ and the
/// scripts with rules of their own are not among them: text holding one
/// goes through `unicode-segmentation`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum WordCat {
    Other,
    Cr,
    Lf,
    Newline,
    WSegSpace,
    ALetter,
    Numeric,
    MidLetter,
    MidNum,
    /// MidNumLet and Single_Quote, which every rule treats alike.
    MidNumLetQ,
    ExtendNumLet,
}

/// Word-break category of an ASCII byte.
fn ascii_word_category(b: u8) -> WordCat {
    match b {
        b'\r' => WordCat::Cr,
        b'\n' => WordCat::Lf,
        0x0b | 0x0c => WordCat::Newline,
        b' ' => WordCat::WSegSpace,
        b'a'..=b'z' | b'A'..=b'Z' => WordCat::ALetter,
        b'0'..=b'9' => WordCat::Numeric,
        b':' => WordCat::MidLetter,
        b',' | b';' => WordCat::MidNum,
        b'.' | b'\'' => WordCat::MidNumLetQ,
        b'_' => WordCat::ExtendNumLet,
        _ => WordCat::Other,
    }
}

/// Word-break category of a non-ASCII character, for the letters of
/// Latin-1, Latin Extended-A and -B, Greek and Cyrillic and the spaces and
/// punctuation of Latin-1 and General Punctuation; `None` for any other
/// (the text then goes through `unicode-segmentation`). The test
/// `known_word_categories_match_unicode_segmentation` checks every
/// character this answers for against `unicode-segmentation`.
fn non_ascii_word_category(c: char) -> Option<WordCat> {
    let cat = match u32::from(c) {
        0xB7 | 0x387 | 0x2027 => WordCat::MidLetter,
        0x37E => WordCat::MidNum,
        0x2018 | 0x2019 | 0x2024 => WordCat::MidNumLetQ,
        0x202F | 0x203F | 0x2040 | 0x2054 => WordCat::ExtendNumLet,
        0x2000..=0x2006 | 0x2008..=0x200A | 0x205F => WordCat::WSegSpace,
        0xA0..=0xAC | 0xAE..=0xB7 | 0xB9..=0x24F | 0x370..=0x482 | 0x48A..=0x52F => {
            if c.is_alphabetic() {
                WordCat::ALetter
            } else if c.is_alphanumeric() || c.is_control() {
                return None;
            } else {
                WordCat::Other
            }
        }
        0x2007 | 0x2010..=0x2017 | 0x201A..=0x2023 | 0x2025 | 0x2026 => WordCat::Other,
        0x2030..=0x203E | 0x2041..=0x2043 | 0x2045..=0x2053 | 0x2055..=0x205E => WordCat::Other,
        0x20A0..=0x20C0 | 0x2190..=0x21FF | 0x2212 => WordCat::Other,
        _ => return None,
    };
    Some(cat)
}

/// [`count_words`] for text with non-ASCII characters, or `None` when one
/// of them is not known to [`non_ascii_word_category`]. Without Extend,
/// Format or ZWJ characters, a segment holding a letter or digit is a run
/// of letters, digits and ExtendNumLet (WB5, WB8 to WB10, WB13a, WB13b),
/// through single MidLetter or MidNumLetQ characters between two letters
/// (WB6, WB7) and single MidNum or MidNumLetQ characters between two digits
/// (WB11, WB12); every other character breaks on both sides. One pass, as
/// [`count_ascii_words`] reads ASCII.
fn count_mapped_words(s: &str) -> Option<usize> {
    use WordCat::*;
    let bytes = s.as_bytes();
    // The category of the character at byte `i` and its length.
    let cat_at = |i: usize| -> Option<(WordCat, usize)> {
        let b = *bytes.get(i)?;
        if b.is_ascii() {
            return Some((ascii_word_category(b), 1));
        }
        let c = s.get(i..)?.chars().next()?;
        Some((non_ascii_word_category(c)?, c.len_utf8()))
    };
    let mut count = 0;
    // The category of the last character, when it is part of a word
    // segment, and whether that segment holds a letter or digit.
    let mut last: Option<WordCat> = None;
    let mut alnum = false;
    let mut i = 0;
    while i < bytes.len() {
        let (cat, len) = cat_at(i)?;
        match cat {
            ALetter | Numeric | ExtendNumLet => {
                if last.is_none() {
                    alnum = false;
                }
                alnum |= cat != ExtendNumLet;
                last = Some(cat);
                i += len;
                continue;
            }
            MidLetter | MidNum | MidNumLetQ if last.is_some() && i + len < bytes.len() => {
                let (next, next_len) = cat_at(i + len)?;
                let joined = (last == Some(ALetter)
                    && next == ALetter
                    && matches!(cat, MidLetter | MidNumLetQ))
                    || (last == Some(Numeric)
                        && next == Numeric
                        && matches!(cat, MidNum | MidNumLetQ));
                if joined {
                    last = Some(next);
                    i += len + next_len;
                    continue;
                }
            }
            _ => {}
        }
        if last.take().is_some() {
            count += usize::from(alnum);
        }
        i += len;
    }
    if last.is_some() {
        count += usize::from(alnum);
    }
    Some(count)
}

/// Letters, digits and `_` (ExtendNumLet): the ASCII bytes of word segments.
#[inline]
fn is_word_byte(b: u8) -> bool {
    WORD_BYTE[usize::from(b)] != 0
}

/// Per byte: 2 for an ASCII letter or digit, 1 for `_`, 0 for any other.
static WORD_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() {
            2
        } else if c == b'_' {
            1
        } else {
            0
        };
        b += 1;
    }
    table
};

/// WB6/WB7 (letter `:`/`.`/`'` letter) and WB11/WB12 (digit `,`/`;`/`.`/`'`
/// digit): the middle byte does not break the word.
fn joins(prev: u8, mid: u8, next: u8) -> bool {
    // The middle byte first: it is mostly a space, which never joins.
    (matches!(mid, b':' | b'.' | b'\'') && prev.is_ascii_alphabetic() && next.is_ascii_alphabetic())
        || (matches!(mid, b',' | b';' | b'.' | b'\'')
            && prev.is_ascii_digit()
            && next.is_ascii_digit())
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
            while let Some(&c) = b.get(i) {
                let class = WORD_BYTE[usize::from(c)];
                if class == 0 {
                    break;
                }
                alnum |= class == 2;
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
///
/// ASCII text, and text whose every non-ASCII character is one of those
/// [`non_ascii_category`] knows (Latin, Greek and Cyrillic letters, common
/// punctuation and spaces: most non-ASCII lines of European-language text),
/// goes through the transcribed machine; anything else through
/// `unicode-segmentation` itself.
pub fn sentence_bounds(s: &str) -> SentenceBounds<'_> {
    let inner = if s.is_ascii() {
        Bounds::Ascii(Sentences::new(s, AsciiCats(s.as_bytes())))
    } else {
        match MappedCats::of(s) {
            Some(cats) => Bounds::Mapped(Sentences::new(s, cats)),
            None => Bounds::Unicode(s.split_sentence_bound_indices()),
        }
    };
    SentenceBounds(inner)
}

/// Iterator returned by [`sentence_bounds`].
pub struct SentenceBounds<'a>(Bounds<'a>);

enum Bounds<'a> {
    /// ASCII text, segmented here.
    Ascii(Sentences<'a, AsciiCats<'a>>),
    /// Text whose non-ASCII characters all have a known category,
    /// segmented here.
    Mapped(Sentences<'a, MappedCats>),
    /// Other text, segmented by `unicode-segmentation`.
    Unicode(USentenceBoundIndices<'a>),
}

impl<'a> Iterator for SentenceBounds<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        match &mut self.0 {
            Bounds::Ascii(it) => it.next(),
            Bounds::Mapped(it) => it.next(),
            Bounds::Unicode(it) => it.next(),
        }
    }
}

/// Sentences of a text: the spans between consecutive breaks.
struct Sentences<'a, C> {
    text: &'a str,
    breaks: Breaks<C>,
    start: Option<usize>,
}

impl<'a, C: Cats> Sentences<'a, C> {
    fn new(text: &'a str, cats: C) -> Self {
        Sentences {
            text,
            breaks: Breaks {
                cats,
                pos: 0,
                state: START,
            },
            start: None,
        }
    }
}

impl<'a, C: Cats> Iterator for Sentences<'a, C> {
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

/// Sentence-break categories (`unicode-segmentation`'s `SentenceCat`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cat {
    Other,
    Cr,
    Lf,
    Sep,
    Sp,
    STerm,
    ATerm,
    Close,
    SContinue,
    Numeric,
    Upper,
    Lower,
    OLetter,
    Extend,
    Format,
}

/// Category of an ASCII byte (`unicode-segmentation`'s table; ASCII has no
/// Sep, OLetter, Extend or Format characters).
#[inline]
fn category(b: u8) -> Cat {
    ASCII_CATS[usize::from(b & 0x7f)]
}

/// [`ascii_category`] of every ASCII byte.
const ASCII_CATS: [Cat; 128] = {
    let mut table = [Cat::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = ascii_category(b as u8);
        b += 1;
    }
    table
};

/// The sentence-break category of an ASCII byte.
const fn ascii_category(b: u8) -> Cat {
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

/// Category of a non-ASCII character, for the characters whose category
/// is known here: the letters of Latin-1, Latin Extended-A and -B, Greek
/// and Cyrillic, their combining marks, and the spaces, quotes, dashes and
/// other punctuation of Latin-1 and General Punctuation. `None` for any
/// other character (the text then goes through `unicode-segmentation`).
/// The test `known_categories_match_unicode_segmentation` checks every
/// character this answers for against `unicode-segmentation`.
fn non_ascii_category(c: char) -> Option<Cat> {
    let cat = match u32::from(c) {
        0x85 | 0x2028 | 0x2029 => Cat::Sep,
        0xA0 | 0x2000..=0x200A | 0x202F | 0x205F => Cat::Sp,
        0xAD | 0x200B | 0x200E | 0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F => {
            Cat::Format
        }
        0x300..=0x36F | 0x483..=0x489 | 0x200C | 0x200D => Cat::Extend,
        0x37E | 0x2013 | 0x2014 => Cat::SContinue,
        0x203C | 0x203D | 0x2047..=0x2049 => Cat::STerm,
        0x2024 => Cat::ATerm,
        0xAB | 0xBB | 0x2018..=0x201F | 0x2039 | 0x203A | 0x2045 | 0x2046 | 0x207D | 0x207E => {
            Cat::Close
        }
        0x80..=0x24F | 0x370..=0x52F => {
            if c.is_lowercase() {
                Cat::Lower
            } else if c.is_uppercase() || matches!(u32::from(c), 0x1C5 | 0x1C8 | 0x1CB | 0x1F2) {
                Cat::Upper
            } else if c.is_alphabetic() {
                Cat::OLetter
            } else if c.is_control() || c.is_numeric() || c.is_whitespace() {
                return None;
            } else {
                Cat::Other
            }
        }
        0x2010..=0x2012 | 0x2015..=0x2017 | 0x2020..=0x2023 | 0x2025..=0x2027 => Cat::Other,
        0x2030..=0x2038 | 0x203B | 0x203E..=0x2044 | 0x204A..=0x205E => Cat::Other,
        0x20A0..=0x20C0 | 0x2190..=0x21FF | 0x2212 => Cat::Other,
        _ => return None,
    };
    Some(cat)
}

/// The categories of a text's characters, as the machine reads them.
trait Cats {
    /// Number of characters.
    fn len(&self) -> usize;
    /// Category of character `i`.
    fn cat(&self, i: usize) -> Cat;
    /// Byte offset of character `i` (`i == len()`: the text's length).
    fn offset(&self, i: usize) -> usize;
    /// Index of the first character from `from` on whose category is not
    /// plain ([`is_plain`]), or `len()`.
    fn plain_end(&self, from: usize) -> usize {
        let mut i = from;
        while i < self.len() && is_plain(self.cat(i)) {
            i += 1;
        }
        i
    }
}

/// ASCII text: one character per byte.
struct AsciiCats<'a>(&'a [u8]);

impl Cats for AsciiCats<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    #[inline]
    fn cat(&self, i: usize) -> Cat {
        category(self.0[i])
    }
    fn offset(&self, i: usize) -> usize {
        i
    }
    #[inline]
    fn plain_end(&self, from: usize) -> usize {
        let rest = self.0.get(from..).unwrap_or_default();
        from + rest
            .iter()
            .position(|&b| !PLAIN_BYTES[usize::from(b)])
            .unwrap_or(rest.len())
    }
}

/// Whether an ASCII byte's category is plain ([`is_plain`]): all but line
/// breaks and the terminators `.`, `!` and `?`.
static PLAIN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = is_plain(ascii_category(b as u8));
        b += 1;
    }
    table
};

/// Text with non-ASCII characters, every one of known category: the
/// category and byte offset of each character.
struct MappedCats {
    cats: Vec<Cat>,
    /// Byte offset of each character, then the text's length.
    offsets: Vec<u32>,
}

impl MappedCats {
    /// The categories of `s`, or `None` when a character's is not known
    /// here (or the text is too long for `u32` offsets).
    fn of(s: &str) -> Option<MappedCats> {
        let len = u32::try_from(s.len()).ok()?;
        let mut cats = Vec::with_capacity(s.len());
        let mut offsets = Vec::with_capacity(s.len() + 1);
        for (i, c) in s.char_indices() {
            let cat = if c.is_ascii() {
                category(c as u8)
            } else {
                non_ascii_category(c)?
            };
            cats.push(cat);
            offsets.push(i as u32);
        }
        offsets.push(len);
        Some(MappedCats { cats, offsets })
    }
}

impl Cats for MappedCats {
    fn len(&self) -> usize {
        self.cats.len()
    }
    #[inline]
    fn cat(&self, i: usize) -> Cat {
        self.cats[i]
    }
    fn offset(&self, i: usize) -> usize {
        self.offsets[i] as usize
    }
}

/// What the break rules remember of the text before a position (the last
/// four runs, as in `unicode-segmentation`). The values with the high bit
/// set are the ones after which a rule may break (see [`is_quiet`]).
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Part {
    Other = 0x01,
    UpperLower = 0x02,
    ClosePlus = 0x03,
    SpPlus = 0x04,
    Eot = 0x05,
    Sot = 0x80,
    Cr = 0x81,
    Lf = 0x82,
    Sep = 0x83,
    ATerm = 0x84,
    STerm = 0x85,
}

impl Part {
    fn from_byte(b: u8) -> Part {
        match b {
            0x02 => Part::UpperLower,
            0x03 => Part::ClosePlus,
            0x04 => Part::SpPlus,
            0x05 => Part::Eot,
            0x80 => Part::Sot,
            0x81 => Part::Cr,
            0x82 => Part::Lf,
            0x83 => Part::Sep,
            0x84 => Part::ATerm,
            0x85 => Part::STerm,
            _ => Part::Other,
        }
    }

    /// The run a character of category `cat` starts.
    #[inline]
    fn of(cat: Cat) -> Part {
        match cat {
            Cat::Cr => Part::Cr,
            Cat::Lf => Part::Lf,
            Cat::Sep => Part::Sep,
            Cat::ATerm => Part::ATerm,
            Cat::Upper | Cat::Lower => Part::UpperLower,
            Cat::Close => Part::ClosePlus,
            Cat::Sp => Part::SpPlus,
            Cat::STerm => Part::STerm,
            _ => Part::Other,
        }
    }
}

/// The last four runs, oldest first, for the rules to look at.
type State = [Part; 4];

/// The last four runs packed into a word, the last run in the low byte.
type Packed = u32;

/// The state at the start of text.
const START: Packed = 0x8080_8080;

fn unpack(p: Packed) -> State {
    let [last, b, c, first] = p.to_le_bytes();
    [
        Part::from_byte(first),
        Part::from_byte(c),
        Part::from_byte(b),
        Part::from_byte(last),
    ]
}

/// The state after a character of category `cat`: runs of Close and of Sp
/// count as one.
#[inline]
fn advance(s: Packed, cat: Cat) -> Packed {
    let part = Part::of(cat) as u8;
    if part == s as u8 && matches!(Part::of(cat), Part::ClosePlus | Part::SpPlus) {
        s
    } else {
        (s << 8) | Packed::from(part)
    }
}

fn is_terminator(p: Part) -> bool {
    matches!(p, Part::STerm | Part::ATerm)
}

/// True when no rule can break before the next character, whatever it is,
/// unless it is a terminator, a paragraph separator, Extend or Format: no
/// terminator among the runs a rule looks back at (`s[1..]`), and the
/// last run is not the start of text or a paragraph separator.
#[inline]
fn is_quiet(s: Packed) -> bool {
    s & 0x0080_8080 == 0
}

/// The categories that keep a quiet state quiet and that no rule breaks
/// before in a quiet state.
#[inline]
const fn is_plain(cat: Cat) -> bool {
    !matches!(
        cat,
        Cat::Cr | Cat::Lf | Cat::Sep | Cat::ATerm | Cat::STerm | Cat::Extend | Cat::Format
    )
}

/// The state after the plain characters `from..end` (see [`is_plain`]),
/// from `state`. Only the last four runs are kept, so only the characters
/// from the start of the fifth-last run on are folded in: however the
/// first of them joins the runs before it, the four after it are whole.
fn after_plain(cats: &impl Cats, state: Packed, from: usize, end: usize) -> Packed {
    let mut k = end;
    let mut runs = 0;
    while k > from + 1 && runs < 5 {
        k -= 1;
        let (p, q) = (Part::of(cats.cat(k)), Part::of(cats.cat(k - 1)));
        if p != q || !matches!(p, Part::ClosePlus | Part::SpPlus) {
            runs += 1;
        }
    }
    if runs < 5 {
        k = from;
    }
    (k..end).fold(state, |s, i| advance(s, cats.cat(i)))
}

/// Index of the run before `Close* Sp*` at the end of the state.
fn before_close_sp(s: &State) -> usize {
    let mut idx = if s[3] == Part::SpPlus { 2 } else { 3 };
    if s[idx] == Part::ClosePlus {
        idx -= 1;
    }
    idx
}

/// SB8: `ATerm Close* Sp* × (¬(OLetter|Upper|Lower|ParaSep|SATerm))* Lower`,
/// looking ahead from character `from`.
fn sb8(s: &State, cats: &impl Cats, from: usize) -> bool {
    if s[before_close_sp(s)] != Part::ATerm {
        return false;
    }
    for i in from..cats.len() {
        match cats.cat(i) {
            Cat::Lower => return true,
            Cat::OLetter | Cat::Upper | Cat::Sep | Cat::Cr | Cat::Lf | Cat::STerm | Cat::ATerm => {
                return false;
            }
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
    let mut idx = if matches!(s[3], Part::Cr | Part::Lf | Part::Sep) {
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

/// Sentence-break offsets of a text, start and end included.
struct Breaks<C> {
    cats: C,
    /// Index of the next character.
    pos: usize,
    state: Packed,
}

impl<C: Cats> Iterator for Breaks<C> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let len = self.cats.len();
        let mut state = self.state;
        let mut pos = self.pos;
        while pos < len {
            let at = pos;
            let packed = state;
            let cat = self.cats.cat(at);
            pos += 1;
            state = advance(packed, cat);
            if is_plain(cat) && is_quiet(packed) {
                // Most characters: no rule applies (SB998), nor to the
                // plain characters after this one, which keep the state
                // quiet: they are skipped in one go.
                let end = self.cats.plain_end(pos);
                if end > pos {
                    state = after_plain(&self.cats, state, pos, end);
                    pos = end;
                }
                continue;
            }
            let before = unpack(packed);
            let last = before[3];
            let brk = if last == Part::Sot {
                true
            } else if cat == Cat::Lf && last == Part::Cr {
                false
            } else if matches!(last, Part::Cr | Part::Lf | Part::Sep) {
                true
            } else if matches!(cat, Cat::Extend | Cat::Format) {
                // SB5: the character belongs to the one before it.
                state = packed;
                false
            } else if (cat == Cat::Numeric && last == Part::ATerm)
                || (cat == Cat::Upper && before[2] == Part::UpperLower && last == Part::ATerm)
                || sb8(&before, &self.cats, at)
                || (matches!(cat, Cat::SContinue | Cat::STerm | Cat::ATerm) && sb8a(&before))
                || (matches!(cat, Cat::Close | Cat::Sp | Cat::Sep | Cat::Cr | Cat::Lf)
                    && sb9(&before))
                || (matches!(cat, Cat::Sp | Cat::Sep | Cat::Cr | Cat::Lf) && sb8a(&before))
            {
                false
            } else {
                sb11(&before)
            };
            if brk {
                self.state = state;
                self.pos = pos;
                return Some(self.cats.offset(at));
            }
        }
        self.pos = pos;
        if matches!(Part::from_byte(state as u8), Part::Sot | Part::Eot) {
            self.state = state;
            None
        } else {
            self.state = (state << 8) | Packed::from(Part::Eot as u8);
            Some(self.cats.offset(len))
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

    /// Non-ASCII characters of every category [`non_ascii_category`]
    /// knows, and some it does not (which take the slow path).
    const NON_ASCII: &[char] = &[
        'é', 'É', 'ß', 'ǅ', 'ƻ', 'α', 'Ω', 'ж', 'Ж', '\u{301}', '\u{AD}', '\u{200D}', '\u{A0}',
        '\u{2003}', '\u{2029}', '\u{85}', '–', '—', '‘', '’', '“', '”', '«', '»', '‼', '\u{2024}',
        '…', '°', '£', '×', '¿', '·', '²', 'ا', '中', '。', '\u{FF0E}', '١',
    ];

    /// Random text mixing the ASCII characters the rules care about with
    /// non-ASCII ones.
    fn mixed_text() -> impl Strategy<Value = String> {
        let chars: Vec<char> = ALPHABET
            .iter()
            .map(|&b| char::from(b))
            .chain(NON_ASCII.iter().copied())
            .collect();
        prop::collection::vec(prop::sample::select(chars), 0..24)
            .prop_map(|chars| chars.into_iter().collect())
    }

    /// Texts around a character, chosen so that the sentence breaks of the
    /// texts tell every category apart (see
    /// `context_texts_tell_categories_apart`).
    fn contexts(c: char) -> Vec<String> {
        const BEFORE: &[&str] = &[
            "", "a", "A", "Ab.", "ab. ", "a!", "a! ", "a.)", "a.) ", "1.", "\n", "a\r", " ",
        ];
        const AFTER: &[&str] = &[
            "", "a", "A", "1", " a", " A", ".", "!", ")", ",", " ", "\n", "\u{301}", "\u{1BB}",
            " \u{1BB}", ". a", "b. a",
        ];
        let mut out = Vec::new();
        for before in BEFORE {
            for after in AFTER {
                out.push(format!("{before}{c}{after}"));
            }
        }
        out
    }

    fn their_bounds(text: &str) -> Vec<(usize, &str)> {
        text.split_sentence_bound_indices().collect()
    }

    #[test]
    fn context_texts_tell_categories_apart() {
        // One character of each category, as `unicode-segmentation` has it
        // (Extend and Format are handled alike, so they may look alike).
        let samples = [
            ('#', "Other"),
            ('\r', "CR"),
            ('\n', "LF"),
            ('\u{2029}', "Sep"),
            (' ', "Sp"),
            ('!', "STerm"),
            ('.', "ATerm"),
            (')', "Close"),
            (',', "SContinue"),
            ('1', "Numeric"),
            ('A', "Upper"),
            ('a', "Lower"),
            ('\u{5D0}', "OLetter"),
            ('\u{301}', "Extend"),
        ];
        // The length in characters of each sentence of each context text.
        let signature = |c: char| -> Vec<Vec<usize>> {
            contexts(c)
                .iter()
                .map(|t| {
                    their_bounds(t)
                        .into_iter()
                        .map(|(_, s)| s.chars().count())
                        .collect()
                })
                .collect()
        };
        for (i, (a, name_a)) in samples.iter().enumerate() {
            for (b, name_b) in &samples[i + 1..] {
                assert_ne!(signature(*a), signature(*b), "{name_a} and {name_b}");
            }
        }
        assert_eq!(
            signature('\u{301}'),
            signature('\u{AD}'),
            "Extend and Format"
        );
    }

    #[test]
    fn known_categories_match_unicode_segmentation() {
        let mut known = 0;
        let mut wrong = Vec::new();
        for c in (0x80..0x3000).filter_map(char::from_u32) {
            if non_ascii_category(c).is_none() {
                continue;
            }
            known += 1;
            for text in contexts(c) {
                assert!(matches!(sentence_bounds(&text).0, Bounds::Mapped(_)));
                let ours: Vec<_> = sentence_bounds(&text).collect();
                if ours != their_bounds(&text) {
                    wrong.push(format!("U+{:04X} {c:?} in {text:?}", u32::from(c)));
                    break;
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        assert!(known > 1000, "{known}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(50_000))]

        #[test]
        fn mixed_sentences_match_unicode_segmentation(text in mixed_text()) {
            let ours: Vec<_> = sentence_bounds(&text).collect();
            prop_assert_eq!(ours, their_bounds(&text), "{:?}", text);
        }
    }

    /// Texts around a character, chosen so that the word counts tell the
    /// word-break categories apart (see `word_contexts_tell_categories_apart`).
    fn word_contexts(c: char) -> Vec<String> {
        const SIDES: &[&str] = &[
            "", "a", "1", "_", " ", "a.", "1.", "a:", "1,", ".a", ".1", ":a", ",1", "\r", "\n",
            "\u{b}", "é", "a'", "'a", "\u{A0}", "  ",
        ];
        let mut out = Vec::new();
        for before in SIDES {
            for after in SIDES {
                out.push(format!("{before}{c}{after}"));
                out.push(format!("{before}{c}{c}{after}"));
            }
        }
        out
    }

    #[test]
    fn word_contexts_tell_categories_apart() {
        // One character of each category as `unicode-segmentation` has it.
        let samples = [
            ('#', "Other"),
            ('\r', "CR"),
            ('\n', "LF"),
            ('\u{b}', "Newline"),
            (' ', "WSegSpace"),
            ('a', "ALetter"),
            ('1', "Numeric"),
            (':', "MidLetter"),
            (',', "MidNum"),
            ('.', "MidNumLet"),
            ('_', "ExtendNumLet"),
            ('\u{301}', "Extend"),
        ];
        // (Hebrew, Katakana and Regional_Indicator characters, whose rules
        // only they take part in, lie outside the ranges classified here.)
        let signature = |c: char| -> Vec<usize> {
            word_contexts(c)
                .iter()
                .map(|t| t.unicode_words().count())
                .collect()
        };
        // Without Extend, Format or ZWJ characters (which the counting
        // here leaves to `unicode-segmentation`), these only ever break
        // around themselves and hold no letter or digit, so they count
        // alike: how they group (CR LF, runs of spaces) no count sees.
        let breakers = ["Other", "CR", "LF", "Newline", "WSegSpace"];
        for (i, (a, name_a)) in samples.iter().enumerate() {
            for (b, name_b) in &samples[i + 1..] {
                if breakers.contains(name_a) && breakers.contains(name_b) {
                    assert_eq!(signature(*a), signature(*b), "{name_a} and {name_b}");
                } else {
                    assert_ne!(signature(*a), signature(*b), "{name_a} and {name_b}");
                }
            }
        }
    }

    #[test]
    fn known_word_categories_match_unicode_segmentation() {
        let mut known = 0;
        let mut wrong = Vec::new();
        for c in (0x80..0x3000).filter_map(char::from_u32) {
            if non_ascii_word_category(c).is_none() {
                continue;
            }
            known += 1;
            for text in word_contexts(c) {
                assert!(count_mapped_words(&text).is_some(), "{text:?}");
                if count_words(&text) != text.unicode_words().count() {
                    wrong.push(format!("U+{:04X} {c:?} in {text:?}", u32::from(c)));
                    break;
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        assert!(known > 1000, "{known}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(50_000))]

        #[test]
        fn mixed_word_counts_match_unicode_segmentation(text in mixed_text()) {
            prop_assert_eq!(count_words(&text), text.unicode_words().count(), "{:?}", text);
        }
    }

    /// Long texts: runs of letters, digits, spaces and closing marks
    /// (what the machine skips in one go) between the characters that
    /// matter, ASCII and not.
    fn long_text(non_ascii: u32) -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => "[a-z]{1,9}",
            2 => "[A-Z][a-z]{0,6}",
            2 => " {1,3}",
            1 => "[0-9]{1,4}",
            1 => "[)\"'\\]]{1,3}",
            1 => "[,;:_'\\-]",
            2 => "[.!?]",
            1 => "\r?\n",
            non_ascii => "[éÉß–—’“”\u{A0}\u{301}\u{AD}\u{2029}…]",
        ];
        prop::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn long_sentences_match_unicode_segmentation(text in long_text(1)) {
            let ours: Vec<_> = sentence_bounds(&text).collect();
            prop_assert_eq!(ours, their_bounds(&text), "{:?}", text);
        }

        #[test]
        fn long_word_counts_match_unicode_segmentation(text in long_text(1)) {
            prop_assert_eq!(count_words(&text), text.unicode_words().count(), "{:?}", text);
        }

        #[test]
        fn long_ascii_sentences_match_unicode_segmentation(text in long_text(0)) {
            prop_assert!(text.is_ascii());
            let ours: Vec<_> = sentence_bounds(&text).collect();
            prop_assert_eq!(ours, their_bounds(&text), "{:?}", text);
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
