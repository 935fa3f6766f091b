//! Text analysis shared by indexing and querying.
//!
//! Passage search only works if the text of a query is cut into exactly the same
//! terms as the indexed documents, and if every term can be traced back to the
//! bytes it came from (highlighting). tantivy's stock tokenizers split on every
//! non-alphanumeric character, which breaks numbers (`371.53`, `140,000`), does not
//! understand possessives, `%` or words glued together by sloppy extraction
//! (`CapitalShenyang`). This module therefore implements one custom tokenizer that
//! does the whole job in a single pass (segmentation, number handling, glued-word
//! splitting, lower-casing, accent folding and English stemming) and is used both
//! when indexing and when parsing queries.
//!
//! Pipeline for every UAX #29 word segment (`unicode-segmentation`) that contains
//! an alphanumeric character:
//!
//! 1. The segment is cut into *units*: maximal runs of alphanumerics, combining
//!    marks, format characters and apostrophes. Other characters inside the
//!    segment (`.`, `,`, `:`, `_`, …) separate units.
//! 2. Runs of digit-only units joined by single `.`/`,` form numbers: valid
//!    thousands separators are removed (`140,000` → `140000`), one decimal point is
//!    kept (`371.53`), an invalid comma splits (`19,2022` → `19`, `2022`), and a
//!    chain of dot-separated groups such as `1.2.3` is kept whole. Numbers are never
//!    stemmed. A `%` right after a number (optionally after spaces) adds a `percent`
//!    term at the next position; the two words `per cent` become one `percent` term.
//! 3. Single letters joined by dots are acronyms and are joined (`U.S.` → `us`).
//! 4. Other units are words: a possessive `'s`/`’s` is removed, words glued at a
//!    lower→upper case change (`CapitalShenyang`) or at an upper-run→Upper+lower change
//!    (`ITGrowing`) are emitted as consecutive parts *and* as the whole word at the
//!    position of the first part.
//! 5. Every term is lower-cased, Latin/Greek diacritics are folded (`Paraíba` →
//!    `paraiba`), apostrophes and invisible format characters are dropped, and ASCII
//!    alphabetic terms are stemmed with the Snowball English (porter2) stemmer,
//!    plus one extra rule ([`strip_agent_suffix`]) so that `investors` and
//!    `invested` share the stem `invest`. Stems are cached per tokenizer.
//!
//! Offsets always point into the original text, on char boundaries. Terms longer
//! than [`MAX_TERM_BYTES`] are dropped (they do not consume a position).

use std::hash::Hasher;

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::Index;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use unicode_normalization::char::{decompose_compatible, is_combining_mark};
use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

/// Name the analyzer is registered under in every quarry index.
pub const ANALYZER_NAME: &str = "quarry";

/// Terms whose analysed text is longer than this many bytes are dropped, so
/// that garbage such as base64 blobs or minified code does not bloat the index.
pub const MAX_TERM_BYTES: usize = 100;

/// The term emitted for `%` after a number and for the words `per cent`.
pub const PERCENT_TERM: &str = "percent";

/// One analysed term with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The indexed term text (lower-cased, folded, stemmed).
    pub term: String,
    /// Byte offset of the first byte of the source word in the analysed text.
    pub start: usize,
    /// Byte offset one past the last byte of the source word.
    pub end: usize,
    /// Token position (several terms may share a position).
    pub position: usize,
}

/// Builds the analyzer pipeline.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(QuarryTokenizer::default()).build()
}

/// Registers the analyzer on `index` under [`ANALYZER_NAME`].
pub fn register(index: &Index) {
    index.tokenizers().register(ANALYZER_NAME, analyzer());
}

/// Analyses `text` and returns every token.
pub fn analyze(text: &str) -> Vec<AnalyzedToken> {
    let mut tokenizer = QuarryTokenizer::default();
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(AnalyzedToken {
            term: t.text.clone(),
            start: t.offset_from,
            end: t.offset_to,
            position: t.position,
        });
    }
    out
}

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
        self.buffers.clear();
        QuarryTokenStream {
            text,
            segments: Segmenter::new(text),
            stemmer: Stemmer::create(Algorithm::English),
            buf: &mut self.buffers,
            token: Token::default(),
            next_position: 0,
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

/// Slots in a tokenizer's stem cache (a power of two). 16,384 slots of 32
/// bytes are 512 KiB: enough for the common words of a corpus, small enough
/// to stay mostly in the CPU caches, where a bigger hash map with boxed keys
/// spent most of its time waiting for memory.
const STEM_CACHE_SLOTS: usize = 1 << 14;

/// Longest word (and term) a stem-cache slot holds; longer words are rare
/// (about 1 token in 100 in English prose) and simply stemmed every time.
const STEM_SLOT_BYTES: usize = 15;

/// One direct-mapped stem-cache entry, a cache line with the word and its
/// term inline. `key_len == 0` marks an empty slot.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct StemSlot {
    key_len: u8,
    term_len: u8,
    key: [u8; STEM_SLOT_BYTES],
    term: [u8; STEM_SLOT_BYTES],
}

impl StemSlot {
    const EMPTY: StemSlot = StemSlot {
        key_len: 0,
        term_len: 0,
        key: [0; STEM_SLOT_BYTES],
        term: [0; STEM_SLOT_BYTES],
    };

    fn key(&self) -> &[u8] {
        &self.key[..usize::from(self.key_len)]
    }

    fn term(&self) -> &str {
        std::str::from_utf8(&self.term[..usize::from(self.term_len)]).unwrap_or_default()
    }

    /// Stores `word` → `term`; both must fit (see [`StemCache::slot`]).
    fn fill(&mut self, word: &str, term: &str) {
        if let (Ok(k), Ok(t)) = (u8::try_from(word.len()), u8::try_from(term.len()))
            && word.len() <= STEM_SLOT_BYTES
            && term.len() <= STEM_SLOT_BYTES
        {
            self.key[..word.len()].copy_from_slice(word.as_bytes());
            self.term[..term.len()].copy_from_slice(term.as_bytes());
            self.key_len = k;
            self.term_len = t;
        }
    }
}

/// A direct-mapped cache of stems: a word's slot is chosen by its hash and a
/// newer word simply replaces an older one. It starts small and grows as
/// misses show it is too small, so that analysing a query or one snippet
/// (a fresh tokenizer each time) does not pay for a table sized for a corpus.
#[derive(Default)]
struct StemCache {
    slots: Vec<StemSlot>,
    /// Misses since the table last grew.
    misses: usize,
}

/// Slots of a new stem cache; it grows fourfold (up to [`STEM_CACHE_SLOTS`])
/// each time it has missed as many times as it has slots.
const STEM_CACHE_FIRST_SLOTS: usize = 64;

impl StemCache {
    /// The slot for `word`, or `None` when the word is too long to cache.
    fn slot(&mut self, word: &str) -> Option<&mut StemSlot> {
        if word.is_empty() || word.len() > STEM_SLOT_BYTES {
            return None;
        }
        let mut hasher = WordHasher::default();
        hasher.write(word.as_bytes());
        let index = hasher.finish() as usize & self.slots.len().wrapping_sub(1);
        self.slots.get_mut(index)
    }

    /// Counts a miss, growing the table when it misses too often.
    fn missed(&mut self) {
        self.misses += 1;
        if self.misses >= self.slots.len() && self.slots.len() < STEM_CACHE_SLOTS {
            let size = (self.slots.len() * 4).clamp(STEM_CACHE_FIRST_SLOTS, STEM_CACHE_SLOTS);
            self.slots = vec![StemSlot::EMPTY; size];
            self.misses = 0;
        }
    }
}

/// Small fast hasher for the stem cache (keys are short local words, so hash
/// flooding is not a concern).
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        // The slot is picked from the low bits, which the multiply in `write`
        // fills only from the first bytes of a word: mix the high bits down
        // (murmur3's finaliser) so that words sharing a prefix spread out.
        let h = (self.0 ^ (self.0 >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

/// Appends the final term of the lower-case ASCII `word` to `arena`: porter2 stem
/// plus [`strip_agent_suffix`], except for `percent` which is kept as is.
fn push_stemmed(stemmer: &Stemmer, cache: &mut StemCache, arena: &mut String, word: &str) {
    if word == PERCENT_TERM {
        arena.push_str(word);
        return;
    }
    if let Some(s) = cache.slot(word)
        && s.key() == word.as_bytes()
    {
        arena.push_str(s.term());
        return;
    }
    cache.missed();
    let stemmed = stemmer.stem(word);
    let term = strip_agent_suffix(&stemmed);
    arena.push_str(term);
    if let Some(s) = cache.slot(word) {
        s.fill(word, term);
    }
}

fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn is_ascii_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Produces the UAX #29 word segments of a text that contain a word character.
///
/// English text is mostly ASCII, so ASCII stretches are segmented by a
/// hand-written equivalent of rules WB5–WB13b, which is much faster than the
/// general algorithm. As soon as a non-ASCII character could take part in a
/// segment, the text from the start of that segment up to the next ASCII
/// whitespace (where UAX #29 always breaks) goes through `unicode-segmentation`.
/// Segments without letters or digits may be omitted or differ; the test
/// `segmenter_matches_uax29` checks the others against `unicode-segmentation`.
struct Segmenter<'a> {
    text: &'a str,
    pos: usize,
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
    fn new(text: &'a str) -> Self {
        Segmenter {
            text,
            pos: 0,
            unicode: None,
            skip_until: 0,
        }
    }

    fn skip_until(&mut self, offset: usize) {
        self.skip_until = self.skip_until.max(offset);
    }

    fn next(&mut self) -> Option<(usize, &'a str)> {
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
                AsciiStep::End => return None,
                AsciiStep::NonAscii(from) => {
                    let mut end = from;
                    while end < bytes.len() && !is_ascii_space(bytes[end]) {
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
        let b = self.text.as_bytes();
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

impl Buffers {
    fn clear(&mut self) {
        self.arena.clear();
        self.pending.clear();
        self.next = 0;
        self.units.clear();
    }
}

/// Token stream produced by [`QuarryTokenizer`].
pub struct QuarryTokenStream<'a> {
    text: &'a str,
    segments: Segmenter<'a>,
    stemmer: Stemmer,
    buf: &'a mut Buffers,
    token: Token,
    next_position: usize,
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
            if self.fast_word(offset, segment) {
                return true;
            }
            self.process_segment(offset, segment);
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Horizontal spaces allowed between a number and `%`, and inside `per cent`.
fn is_inline_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{2009}' | '\u{200a}' | '\u{202f}' | '\u{2007}'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Invisible format characters (soft hyphen, zero-width joiners, bidi controls, BOM).
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// Combining diacritics that are removed when folding (accents on Latin, Greek, …).
fn is_foldable_mark(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{36f}'
            | '\u{1ab0}'..='\u{1aff}'
            | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}'
            | '\u{fe20}'..='\u{fe2f}'
    )
}

/// Characters that belong to a unit (word run) inside a segment.
fn is_unit_char(c: char) -> bool {
    c.is_alphanumeric() || is_apostrophe(c) || is_combining_mark(c) || is_format(c)
}

/// Appends the lower-cased, accent-folded form of `c` to `out`. Apostrophes,
/// format characters and combining diacritics produce nothing.
fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        if c != '\'' {
            out.push(c.to_ascii_lowercase());
        }
        return;
    }
    if is_apostrophe(c) || is_format(c) || is_foldable_mark(c) {
        return;
    }
    for l in c.to_lowercase() {
        match l {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'þ' => out.push_str("th"),
            'ø' => out.push('o'),
            'đ' | 'ð' => out.push('d'),
            'ł' => out.push('l'),
            'ı' => out.push('i'),
            'ħ' => out.push('h'),
            // Latin-1 supplement, Latin extended A/B, Greek, Latin extended
            // additional, Greek extended, ligatures and full-width ASCII forms:
            // compatibility-decompose and drop the diacritics.
            '\u{c0}'..='\u{24f}'
            | '\u{370}'..='\u{3ff}'
            | '\u{1e00}'..='\u{1fff}'
            | '\u{fb00}'..='\u{fb06}'
            | '\u{ff01}'..='\u{ff5e}' => decompose_compatible(l, |d| {
                if !is_foldable_mark(d) {
                    for dl in d.to_lowercase() {
                        out.push(dl);
                    }
                }
            }),
            _ if is_foldable_mark(l) => {}
            _ => out.push(l),
        }
    }
}

/// Whether `text[from..]` starts with optional inline spaces followed by a percent sign.
/// Returns the byte range of the sign.
fn percent_sign_after(text: &str, from: usize) -> Option<(usize, usize)> {
    let rest = text.get(from..)?;
    let mut spaces = 0;
    for (i, c) in rest.char_indices() {
        match c {
            '%' | '\u{ff05}' | '\u{66a}' | '\u{fe6a}' => {
                return Some((from + i, from + i + c.len_utf8()));
            }
            _ if is_inline_space(c) && spaces < 3 => spaces += 1,
            _ => return None,
        }
    }
    None
}

impl QuarryTokenStream<'_> {
    /// Queues a term whose text was just appended to the arena at `term_start..`.
    /// Drops it (and returns false) if it is empty or too long.
    fn queue(&mut self, term_start: usize, start: usize, end: usize, position: usize) -> bool {
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
                &mut self.buf.arena,
                &self.buf.scratch,
            );
        } else {
            self.buf.arena.push_str(&self.buf.scratch);
        }
    }

    /// Fast path for the most common segment, a plain ASCII word that cannot be a
    /// glued word (`the`, `The`, `BMW`): written straight into the token.
    fn fast_word(&mut self, offset: usize, segment: &str) -> bool {
        let bytes = segment.as_bytes();
        let Some(&first) = bytes.first() else {
            return false;
        };
        if bytes.len() > MAX_TERM_BYTES {
            return false;
        }
        let mut upper = 0usize;
        for &b in bytes {
            if b.is_ascii_uppercase() {
                upper += 1;
            } else if !b.is_ascii_lowercase() {
                return false;
            }
        }
        let plain =
            upper == 0 || upper == bytes.len() || (upper == 1 && first.is_ascii_uppercase());
        if !plain || (bytes.len() == 3 && segment.eq_ignore_ascii_case("per")) {
            return false;
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
        push_stemmed(&self.stemmer, &mut self.buf.stems, &mut t.text, word);
        if t.text.is_empty() {
            return false;
        }
        t.offset_from = offset;
        t.offset_to = offset + bytes.len();
        t.position = self.next_position;
        t.position_length = 1;
        self.next_position += 1;
        true
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

/// Start of the porter2 region after the first non-vowel following a vowel in
/// `word[from..]` (`word.len()` if there is none). ASCII only.
fn region_start(word: &[u8], from: usize) -> usize {
    let is_vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let mut seen_vowel = false;
    for (i, &b) in word.iter().enumerate().skip(from) {
        if is_vowel(b) {
            seen_vowel = true;
        } else if seen_vowel {
            return i + 1;
        }
    }
    word.len()
}

/// Extra rule on top of porter2 (which keeps agent nouns whole): removes a final
/// `or` lying in the R2 region, so `investor(s)` → `invest` like `invested`,
/// `governor` → `govern`, `editor` → `edit`, while short words such as `color`,
/// `major`, `door`, `actor` or `error` keep it.
pub fn strip_agent_suffix(stem: &str) -> &str {
    let bytes = stem.as_bytes();
    if bytes.len() < 5 || !stem.ends_with("or") || !stem.is_ascii() {
        return stem;
    }
    let r1 = region_start(bytes, 0);
    let r2 = region_start(bytes, r1);
    if r2 <= bytes.len() - 2 {
        &stem[..bytes.len() - 2]
    } else {
        stem
    }
}

/// Byte offsets (into `word`) where a glued word should be split:
/// lower→Upper (`capitalShenyang`) and UPPER→Upper+lower (`ITGrowing`), except a
/// plural acronym such as `CPUs`.
fn glued_split_points(word: &str, out: &mut Vec<usize>) {
    // (byte offset, is_upper, is_lower) of the letters/digits only.
    let mut prev: Option<(usize, char)> = None;
    let mut prev2: Option<char> = None;
    let mut iter = word
        .char_indices()
        .filter(|(_, c)| c.is_alphanumeric())
        .peekable();
    while let Some((i, c)) = iter.next() {
        if let Some((_, p)) = prev {
            if p.is_lowercase() && c.is_uppercase() {
                out.push(i);
            } else if p.is_uppercase() && c.is_lowercase() {
                // `prev` starts a capitalised word; split before it if it follows
                // another upper-case letter, unless this is a plural `s` at the end.
                let plural = c == 's' && iter.peek().is_none();
                if let (Some(pp), Some((pi, _))) = (prev2, prev)
                    && pp.is_uppercase()
                    && !plural
                    && out.last() != Some(&pi)
                {
                    out.push(pi);
                }
            }
        }
        prev2 = prev.map(|(_, p)| p);
        prev = Some((i, c));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        analyze(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn term_table() {
        let table: &[(&str, &[&str])] = &[
            ("", &[]),
            ("   \n\t ", &[]),
            // porter2 stems `liaoning` to `liaon`; what matters is that the
            // possessive form gives the same term as the bare word.
            ("Liaoning", &["liaon"]),
            ("Liaoning’s", &["liaon"]),
            ("Liaoning's economy", &["liaon", "economi"]),
            ("the country’s", &["the", "countri"]),
            ("Paraíba", &["paraiba"]),
            ("Paraiba", &["paraiba"]),
            ("investors", &["invest"]),
            ("investor", &["invest"]),
            ("governors", &["govern"]),
            (
                "color door major actor error",
                &["color", "door", "major", "actor", "error"],
            ),
            ("invested", &["invest"]),
            ("371.53", &["371.53"]),
            ("57.37", &["57.37"]),
            ("140,000", &["140000"]),
            ("140000", &["140000"]),
            ("1,173", &["1173"]),
            ("929.54", &["929.54"]),
            ("13.6", &["13.6"]),
            ("10,000,000.25", &["10000000.25"]),
            ("1.2.3", &["1.2.3"]),
            ("Jul 19,2022", &["jul", "19", "2022"]),
            ("in 2020.", &["in", "2020"]),
            ("2020, then", &["2020", "then"]),
            ("$57.37 billion", &["57.37", "billion"]),
            ("13.6%", &["13.6", "percent"]),
            ("6 %", &["6", "percent"]),
            ("13.6 percent", &["13.6", "percent"]),
            ("13.6 per cent", &["13.6", "percent"]),
            ("Percent", &["percent"]),
            // Acronyms stay whole; porter2 drops the final `e` like for `cieme`.
            ("CIEME", &["ciem"]),
            ("cieme", &["ciem"]),
            ("BMW", &["bmw"]),
            ("ROK", &["rok"]),
            ("QMJ4620", &["qmj4620"]),
            ("Shenyang", &["shenyang"]),
            ("CapitalShenyang", &["capitalshenyang", "capit", "shenyang"]),
            ("DalianXinghai", &["dalianxinghai", "dalian", "xinghai"]),
            ("MansionExperience", &["mansionexperi", "mansion", "experi"]),
            ("ITGrowing", &["itgrow", "it", "grow"]),
            ("CPUs", &["cpus"]),
            ("iPhone", &["iphon", "i", "phone"]),
            ("e-commerce", &["e", "commerc"]),
            ("U.S. Army", &["us", "armi"]),
            ("Straße", &["strass"]),
            ("日本語", &["日", "本", "語"]),
        ];
        for (text, expected) in table {
            assert_eq!(terms(text), *expected, "input {text:?}");
        }
    }

    #[test]
    fn offsets_point_at_source() {
        let text = "In Liaoning’s CapitalShenyang, 140,000 rose 13.6% on Jul 19,2022.";
        for t in analyze(text) {
            let src = &text[t.start..t.end];
            match t.term.as_str() {
                "liaon" => assert_eq!(src, "Liaoning"),
                "capit" => assert_eq!(src, "Capital"),
                "shenyang" => assert_eq!(src, "Shenyang"),
                "capitalshenyang" => assert_eq!(src, "CapitalShenyang"),
                "140000" => assert_eq!(src, "140,000"),
                "13.6" => assert_eq!(src, "13.6"),
                "percent" => assert_eq!(src, "%"),
                "19" => assert_eq!(src, "19"),
                "2022" => assert_eq!(src, "2022"),
                "jul" => assert_eq!(src, "Jul"),
                _ => {}
            }
        }
        let t = analyze("Paraíba");
        assert_eq!((t[0].start, t[0].end), (0, "Paraíba".len()));
    }

    #[test]
    fn positions() {
        let pos = |text: &str| -> Vec<(String, usize)> {
            analyze(text)
                .into_iter()
                .map(|t| (t.term, t.position))
                .collect()
        };
        assert_eq!(
            pos("13.6%"),
            vec![("13.6".to_string(), 0), ("percent".to_string(), 1)]
        );
        assert_eq!(
            pos("big CapitalShenyang now"),
            vec![
                ("big".to_string(), 0),
                ("capitalshenyang".to_string(), 1),
                ("capit".to_string(), 1),
                ("shenyang".to_string(), 2),
                ("now".to_string(), 3),
            ]
        );
        assert_eq!(
            pos("a per cent b"),
            vec![
                ("a".to_string(), 0),
                ("percent".to_string(), 1),
                ("b".to_string(), 2),
            ]
        );
    }

    #[test]
    fn long_terms_are_dropped() {
        let long = "a".repeat(MAX_TERM_BYTES + 1);
        assert_eq!(terms(&format!("x {long} y")), vec!["x", "y"]);
        let t = analyze(&format!("x {long} y"));
        assert_eq!(t[1].position, 1);
    }

    /// Pseudo-random strings built from tricky fragments: no panic, valid offsets.
    #[test]
    fn arbitrary_input_never_panics() {
        const FRAGMENTS: &[&str] = &[
            "",
            " ",
            "\0",
            "\u{1}",
            "\n",
            "\r\n",
            "\t",
            "a",
            "Z",
            "é",
            "e\u{301}",
            "\u{301}",
            "\u{300}\u{301}",
            "ß",
            "İ",
            "ǅ",
            "Σ",
            "ﬁ",
            "Ａ",
            "'",
            "’",
            "'s",
            "’S",
            ".",
            ",",
            "%",
            "٪",
            "％",
            "per",
            "cent",
            "Per",
            "CENT",
            "1",
            "12",
            "123",
            "1234",
            "٣",
            "²",
            "½",
            "_",
            ":",
            ";",
            "-",
            "·",
            "\u{ad}",
            "\u{200d}",
            "\u{feff}",
            "\u{202e}",
            "👍",
            "👨‍👩‍👧",
            "🇫🇷",
            "שָׁלוֹם",
            "مرحبا",
            "हिन्दी",
            "日本",
            "한국어",
            "ไทย",
            "iPhone",
            "ITGrowing",
            "CapitalShenyang",
            "CPUs",
            "U.S.",
            "1.2.3",
            "19,2022",
            "140,000",
            "13.6%",
            "QMJ4620",
            "x\u{20e3}",
            "\u{1f3fb}",
            "Ⅻ",
            "ǈ",
            "ŉ",
            "\u{e000}",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        let mut tokenizer = QuarryTokenizer::default();
        for round in 0..3000 {
            let n = next() % 12;
            let mut s = String::new();
            for _ in 0..n {
                s.push_str(FRAGMENTS[next() % FRAGMENTS.len()]);
            }
            if round % 500 == 0 {
                s.push_str(&"Ab".repeat(100));
            }
            let mut stream = tokenizer.token_stream(&s);
            let mut max_pos = None;
            while let Some(t) = stream.next() {
                assert!(t.offset_from < t.offset_to, "{s:?} {t:?}");
                assert!(t.offset_to <= s.len(), "{s:?} {t:?}");
                assert!(s.is_char_boundary(t.offset_from), "{s:?} {t:?}");
                assert!(s.is_char_boundary(t.offset_to), "{s:?} {t:?}");
                assert!(!t.text.is_empty() && t.text.len() <= MAX_TERM_BYTES);
                max_pos = Some(max_pos.map_or(t.position, |m: usize| m.max(t.position)));
            }
            let _ = max_pos;
        }
    }

    /// The ASCII fast segmentation must agree with `unicode-segmentation`.
    #[test]
    fn segmenter_matches_uax29() {
        const FRAGMENTS: &[&str] = &[
            "a", "b", "Z", "1", "9", "_", ".", ",", ";", ":", "'", "\"", "-", " ", "  ", "\t",
            "\n", "\r\n", "\u{b}", "\u{c}", "%", "é", "\u{301}", "\u{ad}", "\u{200d}", "’", "日",
            "א", "\u{a0}", "\u{3000}", "👍", "\0", "ab", "12", "x.y", "1,2",
        ];
        let mut state: u64 = 42;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        let has_alnum = |s: &str| s.chars().any(char::is_alphanumeric);
        for _ in 0..20_000 {
            let n = next() % 10;
            let mut s = String::new();
            for _ in 0..n {
                s.push_str(FRAGMENTS[next() % FRAGMENTS.len()]);
            }
            let expected: Vec<(usize, &str)> = s
                .split_word_bound_indices()
                .filter(|(_, w)| has_alnum(w))
                .collect();
            let mut segmenter = Segmenter::new(&s);
            let mut got = Vec::new();
            while let Some((o, w)) = segmenter.next() {
                if has_alnum(w) {
                    got.push((o, w));
                }
            }
            assert_eq!(got, expected, "input {s:?}");
        }
    }

    #[test]
    fn phrase_query_matches_percent_and_glued() {
        use tantivy::collector::Count;
        use tantivy::query::QueryParser;
        use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
        use tantivy::{Index, doc};

        let mut schema = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let body = schema.add_text_field(
            "body",
            TextOptions::default().set_indexing_options(indexing),
        );
        let index = Index::create_in_ram(schema.build());
        register(&index);
        let mut writer = index.writer(15_000_000).expect("writer");
        writer
            .add_document(doc!(body => "GDP grew 13.6 percent in the CapitalShenyang area"))
            .expect("add");
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let parser = QueryParser::for_index(&index, vec![body]);
        for q in [
            "\"13.6%\"",
            "\"capital shenyang\"",
            "capitalshenyang",
            "\"13.6 per cent\"",
        ] {
            let query = parser.parse_query(q).expect("parse");
            assert_eq!(searcher.search(&query, &Count).expect("search"), 1, "{q}");
        }
    }

    /// Rough throughput comparison with tantivy's default pipeline; run with
    /// `cargo test --release --lib analysis::tests::throughput -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn throughput() {
        use std::time::Instant;
        use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer};

        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let mut text = String::new();
        for entry in std::fs::read_dir(dir).expect("corpus") {
            let path = entry.expect("entry").path();
            text.push_str(&std::fs::read_to_string(path).unwrap_or_default());
        }
        let reps = (20_000_000 / text.len().max(1)).max(1);
        let docs: Vec<&str> = std::iter::repeat_n(text.as_str(), reps).collect();
        let only = std::env::var("QUARRY_BENCH_ONLY").ok();
        let run = |name: &str, analyzer: &mut TextAnalyzer| {
            if only.as_deref().is_some_and(|o| o != name) {
                return;
            }
            let t0 = Instant::now();
            let mut n = 0usize;
            for d in &docs {
                let mut s = analyzer.token_stream(d);
                while s.advance() {
                    n += s.token().text.len();
                }
            }
            let secs = t0.elapsed().as_secs_f64();
            let mb = (docs.len() * text.len()) as f64 / 1e6;
            println!("{name}: {:.1} MB/s ({n})", mb / secs);
        };
        for _ in 0..5 {
            run(
                "default",
                &mut TextAnalyzer::builder(SimpleTokenizer::default())
                    .filter(RemoveLongFilter::limit(40))
                    .filter(LowerCaser)
                    .build(),
            );
            run(
                "en_stem",
                &mut TextAnalyzer::builder(SimpleTokenizer::default())
                    .filter(RemoveLongFilter::limit(40))
                    .filter(LowerCaser)
                    .filter(tantivy::tokenizer::Stemmer::default())
                    .build(),
            );
            run("quarry", &mut analyzer());
        }
        if only.is_some() {
            return;
        }
        let t0 = Instant::now();
        let mut n = 0usize;
        for d in &docs {
            n += d
                .split_word_bound_indices()
                .filter(|(_, s)| s.len() > 1)
                .count();
        }
        println!(
            "uax29 only: {:.1} MB/s ({n})",
            (docs.len() * text.len()) as f64 / 1e6 / t0.elapsed().as_secs_f64()
        );
        let stemmer = Stemmer::create(Algorithm::English);
        let t0 = Instant::now();
        let mut n = 0usize;
        for d in &docs {
            for w in d.split_ascii_whitespace() {
                n += stemmer.stem(w).len();
            }
        }
        println!(
            "split+stem only: {:.1} MB/s ({n})",
            (docs.len() * text.len()) as f64 / 1e6 / t0.elapsed().as_secs_f64()
        );
    }
}
