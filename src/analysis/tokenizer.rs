//! The tantivy tokenizer that does quarry's whole analysis in one pass.
//!
//! [`QuarryTokenizer`] owns scratch buffers reused by every stream it creates;
//! [`QuarryTokenStream`] pulls word segments from the segmenter and turns each
//! into terms: a plain ASCII word goes straight into the token, anything else
//! is cut into units that become numbers, acronyms or words (possessives
//! removed, glued words split), plus `percent` for `%` and `per cent`. The
//! terms of one segment wait in `Buffers` until they are handed out.

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_segmentation::UnicodeSegmentation;

use super::fold::{
    glued_split_points, is_inline_space, is_unit_char, percent_sign_after, push_folded,
};
use super::segmenter::Segmenter;
use super::stem::{StemCache, TermFilter, push_stemmed};
use super::{MAX_TERM_BYTES, PERCENT_TERM};

/// The tantivy [`Tokenizer`] implementing the whole quarry analysis in one pass.
///
/// It keeps scratch buffers that are reused by every token stream it creates, so
/// tokenizing a document does not allocate per token.
#[derive(Default)]
pub struct QuarryTokenizer {
    buffers: Buffers,
}

impl Clone for QuarryTokenizer {
    /// Buffers and the stem cache are scratch state: a clone starts empty, so
    /// cloning an analyzer (tantivy does it per query and per segment) is cheap.
    fn clone(&self) -> Self {
        QuarryTokenizer::default()
    }
}

impl Tokenizer for QuarryTokenizer {
    type TokenStream<'a> = QuarryTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> QuarryTokenStream<'a> {
        self.stream(text, None)
    }
}

impl QuarryTokenizer {
    /// A token stream of `text` without the words that `filter` rules out
    /// (they are not stemmed, and take their positions): the same tokens,
    /// offsets and positions otherwise.
    pub fn filtered_stream<'a>(
        &'a mut self,
        text: &'a str,
        filter: &'a TermFilter,
    ) -> QuarryTokenStream<'a> {
        self.stream(text, Some(filter))
    }

    /// [`QuarryTokenizer::filtered_stream`] over the `regions` of `text`
    /// only (see [`super::Prefilter::regions`]): each region's tokens as in a
    /// stream of the whole text, at the same offsets, and at positions that
    /// differ from those by one amount per region; `gap` positions more
    /// are left between one region's and the next's.
    pub fn filtered_stream_in<'a>(
        &'a mut self,
        text: &'a str,
        filter: &'a TermFilter,
        regions: &'a [(usize, usize)],
        gap: usize,
    ) -> QuarryTokenStream<'a> {
        let mut stream = self.stream(text, Some(filter));
        stream.segments = Segmenter::in_regions(text, regions);
        stream.gap = gap;
        stream
    }

    fn stream<'a>(
        &'a mut self,
        text: &'a str,
        filter: Option<&'a TermFilter>,
    ) -> QuarryTokenStream<'a> {
        self.buffers.clear();
        QuarryTokenStream {
            text,
            segments: Segmenter::new(text),
            stemmer: Stemmer::create(Algorithm::English),
            filter,
            buf: &mut self.buffers,
            token: Token::default(),
            next_position: 0,
            gap: 0,
        }
    }
}

/// A term waiting to be handed out; its text lives in `Buffers::arena`.
#[derive(Clone, Copy, Debug)]
struct Pending {
    term_start: usize,
    term_end: usize,
    start: usize,
    end: usize,
    position: usize,
}

/// A unit of a segment: a run of word characters (relative byte range).
#[derive(Clone, Copy, Debug)]
struct Unit {
    start: usize,
    end: usize,
    /// The single separator character between the previous unit and this one,
    /// `None` if there is no previous unit or more than one character between.
    sep_before: Option<char>,
    /// Only ASCII digits.
    all_digits: bool,
    /// Number of letters/digits (ignoring marks and apostrophes).
    alnum_chars: usize,
    has_upper: bool,
    has_lower: bool,
}

/// Scratch state of a tokenizer, reused by each of its token streams.
#[derive(Default)]
struct Buffers {
    /// Texts of the pending terms, concatenated.
    arena: String,
    pending: Vec<Pending>,
    next: usize,
    units: Vec<Unit>,
    /// Scratch for the folded (not yet stemmed) term.
    scratch: String,
    /// Scratch for glued-word split points.
    splits: Vec<usize>,
    /// Cache of folded word → final stemmed term (word frequencies are Zipfian,
    /// so this avoids running the stemmer for almost every token).
    stems: StemCache,
}

impl Buffers {
    fn clear(&mut self) {
        self.arena.clear();
        self.pending.clear();
        self.next = 0;
        self.units.clear();
    }
}

/// What [`QuarryTokenStream::fast_word`] made of a segment.
enum FastWord {
    /// A token, ready.
    Token,
    /// A word that the stream's filter rules out: no token.
    Skipped,
    /// Not a plain word: the segment is to be cut into units.
    Not,
}

/// Token stream produced by [`QuarryTokenizer`].
pub struct QuarryTokenStream<'a> {
    text: &'a str,
    segments: Segmenter<'a>,
    stemmer: Stemmer,
    /// Words this filter rules out are not stemmed (see
    /// [`QuarryTokenizer::filtered_stream`]).
    filter: Option<&'a TermFilter>,
    buf: &'a mut Buffers,
    token: Token,
    next_position: usize,
    /// Positions left out between regions (see
    /// [`QuarryTokenizer::filtered_stream_in`]).
    gap: usize,
}

impl TokenStream for QuarryTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some(p) = self.buf.pending.get(self.buf.next).copied() {
                self.buf.next += 1;
                let t = &mut self.token;
                t.text.clear();
                t.text.push_str(&self.buf.arena[p.term_start..p.term_end]);
                t.offset_from = p.start;
                t.offset_to = p.end;
                t.position = p.position;
                t.position_length = 1;
                return true;
            }
            self.buf.pending.clear();
            self.buf.arena.clear();
            self.buf.next = 0;
            let Some((offset, segment)) = self.segments.next() else {
                return false;
            };
            // Only a stream over regions leaves a gap (and jumps).
            if self.gap > 0 && self.segments.take_jump() {
                self.next_position += self.gap;
            }
            match self.fast_word(offset, segment) {
                FastWord::Token => return true,
                FastWord::Skipped => {}
                FastWord::Not => self.process_segment(offset, segment),
            }
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl QuarryTokenStream<'_> {
    /// Queues a term whose text was just appended to the arena at `term_start..`.
    /// Drops it (and returns false) if it is empty or too long. A filtered
    /// stream drops a [`super::FILTERED_TERM`] too, but as if it was queued
    /// (its position is taken).
    fn queue(&mut self, term_start: usize, start: usize, end: usize, position: usize) -> bool {
        if self.filter.is_some() && self.buf.arena.get(term_start..) == Some(super::FILTERED_TERM) {
            self.buf.arena.truncate(term_start);
            return true;
        }
        let term_end = self.buf.arena.len();
        let len = term_end - term_start;
        if len == 0 || len > MAX_TERM_BYTES {
            self.buf.arena.truncate(term_start);
            return false;
        }
        self.buf.pending.push(Pending {
            term_start,
            term_end,
            start,
            end,
            position,
        });
        true
    }

    /// Queues a literal term at a fresh position.
    fn queue_literal(&mut self, term: &str, start: usize, end: usize) {
        let term_start = self.buf.arena.len();
        self.buf.arena.push_str(term);
        let position = self.next_position;
        if self.queue(term_start, start, end, position) {
            self.next_position += 1;
        }
    }

    /// Appends to the arena the analysed form (folded, possibly stemmed) of `raw`.
    fn push_word_term(&mut self, raw: &str) {
        let scratch = &mut self.buf.scratch;
        scratch.clear();
        for c in raw.chars() {
            push_folded(c, scratch);
        }
        // Only stem plain ASCII words that contain a letter (never numbers).
        let stem = scratch.len() <= MAX_TERM_BYTES
            && scratch.is_ascii()
            && scratch.bytes().any(|b| b.is_ascii_alphabetic());
        if stem {
            push_stemmed(
                &self.stemmer,
                &mut self.buf.stems,
                self.filter,
                &mut self.buf.arena,
                &self.buf.scratch,
            );
        } else {
            self.buf.arena.push_str(&self.buf.scratch);
        }
    }

    /// Fast path for the most common segment, a plain ASCII word that cannot be a
    /// glued word (`the`, `The`, `BMW`): written straight into the token.
    fn fast_word(&mut self, offset: usize, segment: &str) -> FastWord {
        let bytes = segment.as_bytes();
        let Some(&first) = bytes.first() else {
            return FastWord::Not;
        };
        if bytes.len() > MAX_TERM_BYTES {
            return FastWord::Not;
        }
        let mut upper = 0usize;
        for &b in bytes {
            if b.is_ascii_uppercase() {
                upper += 1;
            } else if !b.is_ascii_lowercase() {
                return FastWord::Not;
            }
        }
        let plain =
            upper == 0 || upper == bytes.len() || (upper == 1 && first.is_ascii_uppercase());
        if !plain || (bytes.len() == 3 && segment.eq_ignore_ascii_case("per")) {
            return FastWord::Not;
        }
        if let Some(f) = self.filter {
            let a = first.to_ascii_lowercase();
            let may = match bytes.get(1) {
                Some(b) => f.may_start_with(a, b.to_ascii_lowercase()),
                None => f.may_start(a),
            };
            if !may {
                // Cannot stem to a wanted term: skipped, its position taken.
                self.next_position += 1;
                return FastWord::Skipped;
            }
        }
        let word = if upper == 0 {
            segment
        } else {
            let scratch = &mut self.buf.scratch;
            scratch.clear();
            scratch.push_str(segment);
            scratch.make_ascii_lowercase();
            scratch.as_str()
        };
        let t = &mut self.token;
        t.text.clear();
        push_stemmed(
            &self.stemmer,
            &mut self.buf.stems,
            self.filter,
            &mut t.text,
            word,
        );
        if t.text.is_empty() {
            return FastWord::Not;
        }
        if self.filter.is_some() && t.text == super::FILTERED_TERM {
            self.next_position += 1;
            return FastWord::Skipped;
        }
        t.offset_from = offset;
        t.offset_to = offset + bytes.len();
        t.position = self.next_position;
        t.position_length = 1;
        self.next_position += 1;
        FastWord::Token
    }

    fn process_segment(&mut self, offset: usize, segment: &str) {
        let bytes = segment.as_bytes();
        // Fast path: plain ASCII digits.
        if !bytes.is_empty() && bytes.iter().all(|b| b.is_ascii_digit()) {
            let end = offset + segment.len();
            self.queue_literal(segment, offset, end);
            self.maybe_percent(end);
            return;
        }
        if !segment.chars().any(char::is_alphanumeric) {
            return;
        }
        if segment.eq_ignore_ascii_case("per") && self.try_per_cent(offset) {
            return;
        }
        self.split_units(segment);
        let units = std::mem::take(&mut self.buf.units);
        let mut i = 0;
        while i < units.len() {
            let u = units[i];
            if u.all_digits {
                i = self.emit_number_chain(offset, segment, &units, i);
            } else if u.alnum_chars == 1 && !u.has_digit_only_char(segment) {
                i = self.emit_acronym_or_word(offset, segment, &units, i);
            } else {
                self.emit_word(offset, segment, u);
                i += 1;
            }
        }
        self.buf.units = units;
    }

    /// Cuts `segment` into units (into `self.buf.units`).
    fn split_units(&mut self, segment: &str) {
        let units = &mut self.buf.units;
        units.clear();
        let mut current: Option<Unit> = None;
        let mut sep_count = 0usize;
        let mut last_sep = ' ';
        for (i, c) in segment.char_indices() {
            if is_unit_char(c) {
                let u = current.get_or_insert(Unit {
                    start: i,
                    end: i,
                    sep_before: if units.is_empty() || sep_count != 1 {
                        None
                    } else {
                        Some(last_sep)
                    },
                    all_digits: true,
                    alnum_chars: 0,
                    has_upper: false,
                    has_lower: false,
                });
                u.end = i + c.len_utf8();
                if c.is_alphanumeric() {
                    u.alnum_chars += 1;
                    if !c.is_ascii_digit() {
                        u.all_digits = false;
                    }
                    if c.is_uppercase() {
                        u.has_upper = true;
                    } else if c.is_lowercase() {
                        u.has_lower = true;
                    }
                } else {
                    u.all_digits = false;
                }
            } else {
                if let Some(u) = current.take() {
                    units.push(u);
                    sep_count = 0;
                }
                sep_count += 1;
                last_sep = c;
            }
        }
        if let Some(u) = current.take() {
            units.push(u);
        }
        // A unit without any letter or digit (only apostrophes/marks) is noise.
        units.retain(|u| u.alnum_chars > 0);
    }

    /// Emits the number starting at unit `i`; returns the index of the next unit.
    fn emit_number_chain(
        &mut self,
        offset: usize,
        segment: &str,
        units: &[Unit],
        i: usize,
    ) -> usize {
        // Extent of the chain of digit units joined by single '.' or ','.
        let mut j = i;
        let mut dots = 0;
        let mut commas = 0;
        while j + 1 < units.len() && units[j + 1].all_digits {
            match units[j + 1].sep_before {
                Some('.') => dots += 1,
                Some(',') => commas += 1,
                _ => break,
            }
            j += 1;
        }
        let chain_end = j;
        if dots >= 2 && commas == 0 {
            // Versions, IP addresses: keep as written.
            let start = units[i].start;
            let end = units[chain_end].end;
            self.queue_literal(&segment[start..end], offset + start, offset + end);
        } else {
            let mut k = i;
            while k <= chain_end {
                let first = units[k];
                let term_start = self.buf.arena.len();
                self.buf.arena.push_str(&segment[first.start..first.end]);
                let mut last = k;
                if first.end - first.start <= 3 {
                    while last < chain_end
                        && units[last + 1].sep_before == Some(',')
                        && units[last + 1].end - units[last + 1].start == 3
                    {
                        last += 1;
                        let g = units[last];
                        self.buf.arena.push_str(&segment[g.start..g.end]);
                    }
                }
                if last < chain_end && units[last + 1].sep_before == Some('.') {
                    last += 1;
                    let g = units[last];
                    self.buf.arena.push('.');
                    self.buf.arena.push_str(&segment[g.start..g.end]);
                }
                let position = self.next_position;
                if self.queue(
                    term_start,
                    offset + first.start,
                    offset + units[last].end,
                    position,
                ) {
                    self.next_position += 1;
                }
                k = last + 1;
            }
        }
        let last_end = units[chain_end].end;
        if last_end == segment.len() {
            self.maybe_percent(offset + last_end);
        }
        chain_end + 1
    }

    /// Single letters joined by dots (`U.S.A`) become one term; otherwise emits
    /// the unit as a word. Returns the index of the next unit.
    fn emit_acronym_or_word(
        &mut self,
        offset: usize,
        segment: &str,
        units: &[Unit],
        i: usize,
    ) -> usize {
        let mut j = i;
        while j + 1 < units.len()
            && units[j + 1].sep_before == Some('.')
            && units[j + 1].alnum_chars == 1
            && !units[j + 1].has_digit_only_char(segment)
        {
            j += 1;
        }
        if j == i {
            self.emit_word(offset, segment, units[i]);
            return i + 1;
        }
        let term_start = self.buf.arena.len();
        for u in &units[i..=j] {
            for c in segment[u.start..u.end].chars() {
                push_folded(c, &mut self.buf.arena);
            }
        }
        let (start, end) = (offset + units[i].start, offset + units[j].end);
        let position = self.next_position;
        if self.queue(term_start, start, end, position) {
            self.next_position += 1;
        }
        j + 1
    }

    /// Emits a word unit: possessive removal, glued-word splitting, folding, stemming.
    fn emit_word(&mut self, offset: usize, segment: &str, u: Unit) {
        let mut raw = &segment[u.start..u.end];
        // Possessive 's / ’s (only when something precedes it).
        for suffix in ["'s", "'S", "\u{2019}s", "\u{2019}S"] {
            if let Some(stripped) = raw.strip_suffix(suffix)
                && stripped.chars().any(char::is_alphanumeric)
            {
                raw = stripped;
                break;
            }
        }
        let start = offset + u.start;
        let end = start + raw.len();
        let mut splits = std::mem::take(&mut self.buf.splits);
        splits.clear();
        if u.has_upper && u.has_lower {
            glued_split_points(raw, &mut splits);
        }
        let first_position = self.next_position;
        // The whole word first (for glued words: at the position of the first
        // part), so positions never decrease along the stream.
        let term_start = self.buf.arena.len();
        self.push_word_term(raw);
        let whole_queued = self.queue(term_start, start, end, first_position);
        // Parts of a glued word at consecutive positions.
        let mut part_start = 0;
        let parts = if splits.is_empty() {
            0
        } else {
            splits.len() + 1
        };
        for k in 0..parts {
            let part_end = splits.get(k).copied().unwrap_or(raw.len());
            let part = &raw[part_start..part_end];
            let term_start = self.buf.arena.len();
            self.push_word_term(part);
            let position = self.next_position;
            if self.queue(term_start, start + part_start, start + part_end, position) {
                self.next_position += 1;
            }
            part_start = part_end;
        }
        if whole_queued && self.next_position == first_position {
            self.next_position += 1;
        }
        self.buf.splits = splits;
    }

    /// Queues `percent` if a percent sign follows at `at` (after optional spaces).
    fn maybe_percent(&mut self, at: usize) {
        if let Some((s, e)) = percent_sign_after(self.text, at) {
            self.queue_literal(PERCENT_TERM, s, e);
        }
    }

    /// If the segment `per` at `offset` is followed by spaces and the word `cent`,
    /// consumes both and queues a single `percent` term.
    fn try_per_cent(&mut self, offset: usize) -> bool {
        let after_per = offset + 3;
        let Some(rest) = self.text.get(after_per..) else {
            return false;
        };
        let trimmed = rest.trim_start_matches(is_inline_space);
        if trimmed.len() == rest.len() {
            return false;
        }
        let cent_offset = after_per + (rest.len() - trimmed.len());
        // `cent` must be a whole UAX #29 word (not `cents`, `cent's`, `cent2`).
        match trimmed.split_word_bounds().next() {
            Some(word) if word.eq_ignore_ascii_case("cent") => {
                let end = cent_offset + word.len();
                self.segments.skip_until(end);
                self.queue_literal(PERCENT_TERM, offset, end);
                true
            }
            _ => false,
        }
    }
}

impl Unit {
    /// True if the single alphanumeric of this unit is a digit (not a letter).
    fn has_digit_only_char(&self, segment: &str) -> bool {
        segment[self.start..self.end]
            .chars()
            .any(|c| c.is_alphanumeric() && !c.is_alphabetic())
    }
}
