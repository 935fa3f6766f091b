//! Where in a text a token of a few wanted terms may be, found by a byte scan
//! far cheaper than the tokenizer, so that highlighting analyses only there.
//!
//! Tokens never cross ASCII whitespace (UAX #29 always breaks there, and the
//! token stream starts afresh after it), so a text is looked at as *runs*:
//! the stretches between ASCII whitespace. A run is a *candidate* when it
//! may hold a token whose term equals, or starts with, a wanted term:
//!
//! - it holds a non-ASCII byte or an apostrophe (folding may change such a
//!   word beyond recognition: `Paraíba` gives `paraiba`, `O'Neill` `oneill`),
//!   or a letter, a dot and a letter (single letters joined by dots are one
//!   term: `U.S.` gives `us`);
//! - or a *unit* of it (a word or number, or a part of a glued word: see
//!   `tokenizer.rs`) begins, case aside, with a wanted term's *beginning*.
//!   An all-letter term is stemmed from a word that begins with the term
//!   less its last two bytes ([`super::stem`]'s rule, which the
//!   [`super::TermFilter`] relies on too); any other ASCII term begins with
//!   its word's first byte (a number loses only its thousands separators);
//!   a non-ASCII term comes only from a non-ASCII run.
//!
//! Two terms come from more than one run: `percent`, from a `%` after a
//! number or the words `per cent`, which turns the scan off (every run is
//! analysed), and `cent`, which `per cent` swallows: a run with `per` is then
//! a candidate, so that it is analysed and swallows it as the full stream
//! would.
//!
//! The tokenizer runs over *regions*, whole runs in a row. Token positions
//! matter to patterns of several terms (phrases), so when there are such
//! patterns (a `span`, from a pattern's first term to its last, above 0), a
//! region also takes the runs after a candidate that may take no position
//! of their own (punctuation, say). A pattern's terms take every position
//! from its first to its last (an analysed text's positions are dense), so
//! every token of a match is in a candidate run and no run between two of
//! them takes a position of its own: every match lies inside one region. A
//! stream that leaves `span + 1` positions between regions
//! ([`super::each_token_near`]) then finds the same matches as one over the
//! whole text.

use super::MAX_TERM_BYTES;
// Runs end where the segmenter always breaks: the two must agree.
use super::segmenter::is_ascii_space;

/// Which runs of a text may hold a token of the terms added (see the module
/// documentation).
#[derive(Debug, Clone, Default)]
pub struct Prefilter {
    /// Lower-case beginnings a unit of a candidate run may start with.
    needles: Vec<Vec<u8>>,
    /// Bit `256 * a + b` set when a unit starting with the lower-case bytes
    /// `a`, `b` may start with a needle (its first two bytes, or a one-byte
    /// needle `a`).
    pairs: Vec<u64>,
    /// The first bytes of the needles, lower-case, each in all eight bytes
    /// of a word.
    firsts: Vec<u64>,
    /// Every run is a candidate.
    whole: bool,
    /// The widest pattern: positions from the first of its terms to the last
    /// (its terms take every position between).
    span: usize,
}

/// Lower-case needles longer than this are cut: a shorter beginning lets
/// pass more, never less.
const NEEDLE_BYTES: usize = 16;

/// With needles of at most this many first bytes, the scan looks only at the
/// units that begin with one of them; with more, at every unit.
const FIRST_BYTES: usize = 12;

impl Prefilter {
    /// Lets pass, besides the runs let pass already, those that may hold a
    /// token whose term is `term` (or with `prefix`, starts with it).
    pub fn add(&mut self, term: &str, prefix: bool) {
        let matches = |t: &str| {
            if prefix {
                t.starts_with(term)
            } else {
                t == term
            }
        };
        if term.is_empty() || matches(super::PERCENT_TERM) {
            self.whole = true;
            return;
        }
        if matches("cent") {
            self.add_needle(b"per");
        }
        let bytes = term.as_bytes();
        if !bytes.is_ascii() {
            // Only a non-ASCII run gives a non-ASCII term: all are candidates.
            return;
        }
        let keep = if bytes.iter().all(u8::is_ascii_lowercase) {
            bytes.len().saturating_sub(2).max(1)
        } else {
            1
        };
        self.add_needle(&bytes[..keep.min(NEEDLE_BYTES)]);
    }

    /// Makes regions wide enough for a pattern whose terms lie up to `span`
    /// positions apart and take every position between.
    pub fn widen(&mut self, span: usize) {
        self.span = self.span.max(span);
    }

    /// Lets every run pass (what a pattern with a position none of its
    /// terms takes needs).
    pub fn let_all_pass(&mut self) {
        self.whole = true;
    }

    /// The widest span given to [`Prefilter::widen`].
    pub fn span(&self) -> usize {
        self.span
    }

    fn add_needle(&mut self, needle: &[u8]) {
        let Some(&a) = needle.first() else {
            return;
        };
        if self.pairs.is_empty() {
            self.pairs = vec![0; 1024];
        }
        let a = a.to_ascii_lowercase();
        match needle.get(1) {
            Some(&b) => {
                let bit = usize::from(a) << 8 | usize::from(b.to_ascii_lowercase());
                self.pairs[bit >> 6] |= 1 << (bit & 63);
            }
            None => {
                let row = usize::from(a) * 4;
                self.pairs[row..row + 4].fill(u64::MAX);
            }
        }
        if !self.firsts.contains(&splat(a)) {
            self.firsts.push(splat(a));
        }
        let needle = needle.to_ascii_lowercase();
        if !self.needles.contains(&needle) {
            self.needles.push(needle);
        }
    }

    /// Whether a unit starting at `at` of `run` may begin with a needle.
    #[inline]
    fn may_begin(&self, run: &[u8], at: usize) -> bool {
        let (Some(&a), b) = (run.get(at), run.get(at + 1).copied().unwrap_or(0)) else {
            return false;
        };
        let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
        let bit = usize::from(a) << 8 | usize::from(b);
        if self
            .pairs
            .get(bit >> 6)
            .is_none_or(|w| w & (1 << (bit & 63)) == 0)
        {
            return false;
        }
        let rest = &run[at..];
        self.needles.iter().any(|n| {
            rest.get(..n.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(n))
        })
    }

    /// Whether `run` (no ASCII whitespace in it) is a candidate.
    fn candidate(&self, run: &[u8]) -> bool {
        let mut prev = b' ';
        for (i, &c) in run.iter().enumerate() {
            if c.is_ascii_alphanumeric() {
                let unit_start = !prev.is_ascii_alphanumeric()
                    || (c.is_ascii_uppercase() && prev.is_ascii_alphabetic());
                if unit_start && self.may_begin(run, i) {
                    return true;
                }
            } else if !c.is_ascii()
                || c == b'\''
                || (c == b'.'
                    && prev.is_ascii_alphabetic()
                    && run.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
            {
                return true;
            }
            prev = c;
        }
        false
    }

    /// The regions of `text` to analyse, in order, into `out` (cleared
    /// first): byte ranges that begin and end at ASCII whitespace or the
    /// ends of the text, each made of whole runs in a row.
    ///
    /// Eight bytes at a time are classified at once (see [`Classes`]), and
    /// only the bytes that may make a run a candidate (the first byte of a
    /// unit, a non-ASCII byte, an apostrophe, a dot after a letter) are
    /// looked at one by one.
    pub fn regions(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        out.clear();
        if self.whole {
            out.push((0, text.len()));
            return;
        }
        let b = text.as_bytes();
        let firsts = (self.firsts.len() <= FIRST_BYTES).then_some(self.firsts.as_slice());
        let mut at = 0;
        // The previous word's classes, for the first byte of the next.
        let mut carry = Classes::default();
        while at < b.len() {
            let chunk = Classes::of(b, at, firsts);
            let mut triggers = chunk.triggers(&carry);
            carry = chunk;
            let mut next = at + 8;
            while triggers != 0 {
                let p = at + (triggers.trailing_zeros() / 8) as usize;
                triggers &= triggers - 1;
                if !self.triggers_at(b, p) {
                    continue;
                }
                let end = self.take_run_at(b, p, out);
                // Scanning resumes at the whitespace after the run (or the
                // end), with no byte before it to join.
                next = end;
                carry = Classes::default();
                break;
            }
            at = next;
        }
    }

    /// Whether the byte at `p`, flagged by [`Classes::triggers`], makes its
    /// run a candidate.
    #[inline]
    fn triggers_at(&self, b: &[u8], p: usize) -> bool {
        let Some(&c) = b.get(p) else {
            return false;
        };
        if c.is_ascii_alphanumeric() {
            self.may_begin(b, p)
        } else if c == b'.' {
            b.get(p + 1).is_some_and(u8::is_ascii_alphabetic)
        } else {
            true
        }
    }

    /// Adds to `out` the candidate run around `p` and the runs after it
    /// that its region takes (see the module documentation); returns where
    /// the region ends.
    fn take_run_at(&self, b: &[u8], p: usize, out: &mut Vec<(usize, usize)>) -> usize {
        let mut start = p;
        while start > 0 && !is_ascii_space(b[start - 1]) {
            start -= 1;
        }
        let mut end = run_end(b, p);
        if self.span > 0 {
            loop {
                let next = run_start(b, end);
                if next == b.len() {
                    break;
                }
                let next_end = run_end(b, next);
                let run = &b[next..next_end];
                if !self.candidate(run) && takes_a_position(run) {
                    // No match runs across a position of none of its terms.
                    break;
                }
                end = next_end;
            }
        }
        // A region right after the last one (only whitespace between) is
        // the same region: positions stay exact across the two.
        match out.last_mut() {
            Some(last)
                if b[last.1.min(start)..start]
                    .iter()
                    .all(|&c| is_ascii_space(c)) =>
            {
                last.1 = last.1.max(end);
            }
            _ => out.push((start, end)),
        }
        end
    }
}

/// Where the run that holds `p` ends: the next ASCII whitespace, or the end.
fn run_end(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && !is_ascii_space(b[p]) {
        p += 1;
    }
    p
}

/// Where the next run begins at or after `p`, or the end.
fn run_start(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && is_ascii_space(b[p]) {
        p += 1;
    }
    p
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// `v` in every byte.
const fn splat(v: u8) -> u64 {
    ONES * v as u64
}

/// The high bit of each byte of `x` (bytes below 0x80) set where the byte
/// lies in `lo..=hi`: adding `0x80 - lo` sets it from `lo` on, adding
/// `0x7f - hi` from above `hi` on, and no sum carries into the next byte.
#[inline]
fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let from_lo = x.wrapping_add(splat(0x80 - lo));
    let above_hi = x.wrapping_add(splat(0x7f - hi));
    from_lo & !above_hi & HIGH
}

/// The high bit of each byte of `x` (bytes below 0x80) set where the byte
/// is zero: adding 0x7f sets it in every other byte, without a carry.
#[inline]
fn zero_bytes(x: u64) -> u64 {
    !x.wrapping_add(splat(0x7f)) & HIGH
}

/// The classes of eight bytes of a text, as the high bit of each byte.
#[derive(Debug, Clone, Copy, Default)]
struct Classes {
    alnum: u64,
    alpha: u64,
    upper: u64,
    /// Non-ASCII bytes and apostrophes: a candidate run at once.
    special: u64,
    dot: u64,
    /// Letters and digits that a needle may begin with (all of them when
    /// the needles begin with too many different bytes).
    first: u64,
}

impl Classes {
    /// The classes of `b[at..at + 8]`, whitespace past the end.
    #[inline]
    fn of(b: &[u8], at: usize, firsts: Option<&[u64]>) -> Classes {
        let word = match b.get(at..at + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
            Some(word) => word,
            None => {
                let mut word = [b' '; 8];
                for (w, &c) in word.iter_mut().zip(b.get(at..).unwrap_or_default()) {
                    *w = c;
                }
                word
            }
        };
        let raw = u64::from_le_bytes(word);
        let non_ascii = raw & HIGH;
        // The classes below are of ASCII bytes only.
        let x = raw & !HIGH;
        let ascii = !non_ascii & HIGH;
        let alpha = in_range(x | splat(0x20), b'a', b'z') & ascii;
        let digit = in_range(x, b'0', b'9') & ascii;
        let alnum = alpha | digit;
        let first = match firsts {
            Some(firsts) => {
                // Upper-case letters with bit 5 set are lower-case; digits
                // keep theirs (other bytes are not letters or digits).
                let folded = x | splat(0x20);
                firsts.iter().fold(0, |m, &f| m | zero_bytes(folded ^ f)) & alnum
            }
            None => alnum,
        };
        Classes {
            first,
            alnum,
            alpha,
            upper: in_range(x, b'A', b'Z') & ascii,
            special: non_ascii | (in_range(x, b'\'', b'\'') & ascii),
            dot: in_range(x, b'.', b'.') & ascii,
        }
    }

    /// The bytes to look at: where a unit begins (a letter or digit after
    /// none, or an upper-case letter after a letter, where a glued word is
    /// split), special bytes, and dots after a letter. `before` holds the
    /// classes of the eight bytes before (all clear at a run's start).
    #[inline]
    fn triggers(&self, before: &Classes) -> u64 {
        let prev = |mask: u64, carry: u64| (mask << 8) | (carry >> 56);
        let prev_alnum = prev(self.alnum, before.alnum);
        let prev_alpha = prev(self.alpha, before.alpha);
        let unit_starts = (self.alnum & !prev_alnum) | (self.upper & prev_alpha);
        (unit_starts & self.first) | self.special | (self.dot & prev_alpha)
    }
}

/// Whether the tokens of `run` surely take at least one position: it has an
/// ASCII letter or digit, no unit of it is too long to be a term, and no
/// `per` before it can swallow it (`per cent`).
fn takes_a_position(run: &[u8]) -> bool {
    run.len() <= MAX_TERM_BYTES
        && run.iter().any(u8::is_ascii_alphanumeric)
        && !run.iter().enumerate().any(|(i, c)| {
            c.eq_ignore_ascii_case(&b'c')
                && run
                    .get(i..i + 4)
                    .is_some_and(|w| w.eq_ignore_ascii_case(b"cent"))
        })
}
