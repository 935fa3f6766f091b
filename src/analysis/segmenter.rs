//! The word segments the tokenizer analyses, as UAX #29 defines them.
//!
//! Cutting text into words is the first step of every token stream and the
//! hot path of indexing, so [`Segmenter`] handles ASCII text itself and hands
//! only the stretches where non-ASCII characters matter to
//! `unicode-segmentation`. Not to be confused with `crate::text::segment`,
//! which serves the passage splitter: it counts words and finds sentence
//! boundaries, and never yields the words themselves. This one yields each
//! word segment with its byte offset, so that terms can point at their source.

use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

/// ASCII whitespace, where UAX #29 always breaks (the highlighting
/// prefilter's runs end there too).
pub(super) fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Letters, digits and `_` (ExtendNumLet): the ASCII bytes of word segments.
#[inline]
fn is_ascii_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// [`is_ascii_word_byte`] as a table: one load per byte in the scans that
/// every token stream spends most of its time in.
static WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    table
};

/// Produces the UAX #29 word segments of a text that contain a word character.
///
/// English text is mostly ASCII, so ASCII stretches are segmented by a
/// hand-written equivalent of rules WB5–WB13b, which is much faster than the
/// general algorithm. As soon as a non-ASCII character could take part in a
/// segment, the text from the start of that segment up to the next ASCII
/// whitespace (where UAX #29 always breaks) goes through `unicode-segmentation`.
/// Segments without letters or digits may be omitted or differ; the test
/// `segmenter_matches_uax29` checks the others against `unicode-segmentation`.
pub(super) struct Segmenter<'a> {
    text: &'a str,
    pos: usize,
    /// The end of the stretch being segmented: the text's length, or the
    /// end of the current region.
    limit: usize,
    /// Regions still to segment after the current one (see
    /// [`Segmenter::in_regions`]).
    regions: &'a [(usize, usize)],
    /// Set when the segmenter moved on to a new region.
    jumped: bool,
    /// Segments of the current non-ASCII chunk, with the chunk offset.
    unicode: Option<(usize, UWordBoundIndices<'a>)>,
    /// Segments starting before this offset were already consumed.
    skip_until: usize,
}

/// Result of scanning ASCII text for the next segment.
enum AsciiStep<'a> {
    Segment(usize, &'a str),
    /// A non-ASCII character matters from this offset on.
    NonAscii(usize),
    End,
}

impl<'a> Segmenter<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Segmenter {
            text,
            pos: 0,
            limit: text.len(),
            regions: &[],
            jumped: false,
            unicode: None,
            skip_until: 0,
        }
    }

    /// The segments of `text` inside `regions` only: sorted, disjoint byte
    /// ranges that each begin and end at ASCII whitespace or an end of the
    /// text, where UAX #29 always breaks and segmenting starts afresh.
    pub(super) fn in_regions(text: &'a str, regions: &'a [(usize, usize)]) -> Self {
        let mut s = Segmenter::new(text);
        match regions.split_first() {
            Some((&(start, end), rest)) => {
                s.pos = start.min(text.len());
                s.limit = end.min(text.len());
                s.regions = rest;
            }
            None => s.pos = text.len(),
        }
        s
    }

    /// Whether the segmenter moved on to another region since last asked.
    pub(super) fn take_jump(&mut self) -> bool {
        std::mem::take(&mut self.jumped)
    }

    /// Skips the segments that start before `offset` (already consumed).
    pub(super) fn skip_until(&mut self, offset: usize) {
        self.skip_until = self.skip_until.max(offset);
    }

    /// The next segment and its byte offset in the text.
    pub(super) fn next(&mut self) -> Option<(usize, &'a str)> {
        loop {
            let segment = self.next_raw()?;
            if segment.0 >= self.skip_until {
                return Some(segment);
            }
        }
    }

    fn next_raw(&mut self) -> Option<(usize, &'a str)> {
        let bytes = self.text.as_bytes();
        loop {
            if let Some((base, iter)) = &mut self.unicode {
                if let Some((o, s)) = iter.next() {
                    return Some((*base + o, s));
                }
                self.unicode = None;
            }
            match self.next_ascii() {
                AsciiStep::Segment(offset, segment) => return Some((offset, segment)),
                AsciiStep::End => {
                    let (&(start, end), rest) = self.regions.split_first()?;
                    self.regions = rest;
                    self.pos = start.max(self.pos).min(bytes.len());
                    self.limit = end.max(self.pos).min(bytes.len());
                    self.jumped = true;
                }
                AsciiStep::NonAscii(from) => {
                    let mut end = from;
                    while end < self.limit.min(bytes.len()) && !is_ascii_space(bytes[end]) {
                        end += 1;
                    }
                    // `from` is ASCII or a lead byte, `end` is ASCII or the end:
                    // both are char boundaries.
                    if let Some(chunk) = self.text.get(from..end) {
                        self.unicode = Some((from, chunk.split_word_bound_indices()));
                    }
                    self.pos = end.max(from + 1).min(bytes.len());
                }
            }
        }
    }

    /// Scans ASCII text from `self.pos` for the next word segment.
    fn next_ascii(&mut self) -> AsciiStep<'a> {
        let all = self.text.as_bytes();
        // Only the current region is scanned.
        let b = all.get(..self.limit).unwrap_or(all);
        let len = b.len();
        let mut i = self.pos;
        loop {
            let Some(&c) = b.get(i) else {
                self.pos = len;
                return AsciiStep::End;
            };
            if is_ascii_word_byte(c) {
                break;
            }
            if !c.is_ascii() {
                return AsciiStep::NonAscii(i);
            }
            i += 1;
        }
        let start = i;
        loop {
            while i < len && is_ascii_word_byte(b[i]) {
                i += 1;
            }
            if i < len && !b[i].is_ascii() {
                return AsciiStep::NonAscii(start);
            }
            if i + 1 < len {
                let (prev, mid, next) = (b[i - 1], b[i], b[i + 1]);
                if !next.is_ascii() && !is_ascii_space(mid) {
                    return AsciiStep::NonAscii(start);
                }
                // WB6/WB7: letter (: . ') letter; WB11/WB12: digit (, ; . ') digit.
                let join = (prev.is_ascii_alphabetic()
                    && next.is_ascii_alphabetic()
                    && matches!(mid, b':' | b'.' | b'\''))
                    || (prev.is_ascii_digit()
                        && next.is_ascii_digit()
                        && matches!(mid, b',' | b';' | b'.' | b'\''));
                if join {
                    i += 2;
                    continue;
                }
            }
            break;
        }
        self.pos = i;
        match self.text.get(start..i) {
            Some(segment) => AsciiStep::Segment(start, segment),
            None => AsciiStep::End,
        }
    }
}
