//! The last step of a term: English stemming, with a cache in front of it.
//!
//! Every folded ASCII term with a letter in it (never a number) goes through
//! the Snowball English (porter2) stemmer and then [`strip_agent_suffix`].
//! Word frequencies are Zipfian, so a small direct-mapped [`StemCache`] per
//! tokenizer answers almost every word without running the stemmer at all.

use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::{LazyLock, Mutex};

use rust_stemmers::Stemmer;

use super::PERCENT_TERM;

/// Most slots in a tokenizer's stem cache (a power of two). 65,536 slots
/// of 32 bytes are 2 MiB: the vocabulary of an encyclopedia is larger than
/// 16,384 words, and a miss (the stemmer) costs a hundred times a hit, so
/// the indexer's tokenizers (one per writer thread and field) grow to it.
/// Queries and snippets (a fresh tokenizer each) never miss often enough
/// to grow that far.
const STEM_CACHE_SLOTS: usize = 1 << 16;

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

    /// Appends the slot's term to `out`. Only ASCII terms are stored (see
    /// [`StemSlot::fill`]), so each byte is a char: pushed as such, the
    /// term needs no UTF-8 check on the way out (the cache's hot path).
    fn push_term(&self, out: &mut String) {
        out.extend(
            self.term[..usize::from(self.term_len)]
                .iter()
                .map(|&b| char::from(b)),
        );
    }

    /// Stores `word` → `term` when both fit (see [`StemCache::slot`]) and
    /// the term is ASCII (every stem of an ASCII word is).
    fn fill(&mut self, word: &str, term: &str) {
        if let (Ok(k), Ok(t)) = (u8::try_from(word.len()), u8::try_from(term.len()))
            && word.len() <= STEM_SLOT_BYTES
            && term.len() <= STEM_SLOT_BYTES
            && term.is_ascii()
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
pub(super) struct StemCache {
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

/// Small fast hasher for the direct-mapped stem cache, where colliding
/// words only evict each other (no chains to flood), and for picking a
/// shard of [`SHARED`].
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

/// Bytes at the end of a term that its word may spell differently: porter2
/// and [`strip_agent_suffix`] only ever cut a word's ending and rewrite at
/// most the last two letters of what is left (`ability` → `abl`, `hoping` →
/// `hope`, `dying` → `die`), so a term without its last two bytes (but at
/// least its first) begins the word it came from.
const STEM_REWRITE_BYTES: usize = 2;

/// Which words may stem to one of a few terms, checked before stemming:
/// words that cannot are not stemmed at all (see [`push_stemmed`]). What
/// highlighting uses, since it only compares each term with the query's.
#[derive(Debug, Clone, Default)]
pub struct TermFilter {
    /// Per first byte: the beginnings (see [`STEM_REWRITE_BYTES`]) that a
    /// word starting with it must have, one of them.
    starts: Vec<(u8, Vec<u8>)>,
    /// Bit `b` of the 256 set when some beginning starts with byte `b`.
    first: [u64; 4],
    /// Bit `256 * a + b` set when a word starting with the bytes `a`, `b`
    /// may pass (some beginning starts with them, or is the byte `a`).
    pairs: Vec<u64>,
}

impl TermFilter {
    /// The filter for words whose terms equal, or start with, any of `terms`.
    pub fn new<'t>(terms: impl IntoIterator<Item = &'t str>) -> TermFilter {
        let mut f = TermFilter::default();
        for term in terms {
            f.add(term);
        }
        f
    }

    /// Lets pass, besides the words let pass already, those whose terms
    /// equal or start with `term`.
    pub fn add(&mut self, term: &str) {
        if self.pairs.is_empty() {
            self.pairs = vec![0; 1024];
        }
        let bytes = term.as_bytes();
        let keep = bytes.len().saturating_sub(STEM_REWRITE_BYTES).max(1);
        let Some(start) = bytes.get(..keep) else {
            return;
        };
        let first = start[0];
        self.first[usize::from(first >> 6)] |= 1 << (first & 63);
        match start.get(1) {
            Some(&second) => {
                let bit = usize::from(first) << 8 | usize::from(second);
                self.pairs[bit >> 6] |= 1 << (bit & 63);
            }
            None => {
                let row = usize::from(first) * 4;
                self.pairs[row..row + 4].fill(u64::MAX);
            }
        }
        if !self.starts.iter().any(|(_, s)| s.as_slice() == start) {
            self.starts.push((first, start.to_vec()));
        }
    }

    /// False when no word starting with the byte `b` (lower-case) can stem
    /// to any of the filter's terms.
    #[inline]
    pub fn may_start(&self, b: u8) -> bool {
        self.first[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }

    /// False when no word starting with the bytes `a`, `b` (lower-case)
    /// can stem to any of the filter's terms.
    #[inline]
    pub fn may_start_with(&self, a: u8, b: u8) -> bool {
        let bit = usize::from(a) << 8 | usize::from(b);
        self.pairs
            .get(bit >> 6)
            .is_some_and(|w| w & (1 << (bit & 63)) != 0)
    }

    /// False when the lower-case ASCII `word` cannot stem to any of the
    /// filter's terms (nor to a term starting with one).
    #[inline]
    pub fn may_stem(&self, word: &[u8]) -> bool {
        let Some(&b) = word.first() else {
            return false;
        };
        if !self.may_start(b) {
            return false;
        }
        self.starts
            .iter()
            .any(|(first, start)| *first == b && word.starts_with(start))
    }
}

/// The term written for a word that a [`TermFilter`] rules out: no term of
/// any word holds a NUL byte, so it equals, and starts with, no real term.
pub const FILTERED_TERM: &str = "\0";

/// Appends the final term of the lower-case ASCII `word` to `arena`: porter2 stem
/// plus [`strip_agent_suffix`], except for `percent` which is kept as is. With
/// a `filter` that rules the word out, [`FILTERED_TERM`] instead.
pub(super) fn push_stemmed(
    stemmer: &Stemmer,
    cache: &mut StemCache,
    filter: Option<&TermFilter>,
    arena: &mut String,
    word: &str,
) {
    if word == PERCENT_TERM {
        arena.push_str(word);
        return;
    }
    if let Some(f) = filter
        && !f.may_stem(word.as_bytes())
    {
        arena.push_str(FILTERED_TERM);
        return;
    }
    if let Some(s) = cache.slot(word)
        && s.key() == word.as_bytes()
    {
        s.push_term(arena);
        return;
    }
    cache.missed();
    let start = arena.len();
    SHARED.push_stem(stemmer, arena, word);
    if let Some(s) = cache.slot(word) {
        s.fill(word, &arena[start..]);
    }
}

/// Shards of the [`SHARED`] stems, each behind its own lock.
const SHARED_SHARDS: usize = 16;

/// Most words each shard of [`SHARED`] remembers: 16 × 32,768 words. A
/// full shard starts afresh, so words a long-running process (`serve`,
/// `watch`) no longer sees make room for those it does.
const SHARED_SHARD_WORDS: usize = 1 << 15;

/// Longest word [`SHARED`] remembers. Longer words (identifiers, hashes,
/// chemical names) are mostly unique and would make it large: with this
/// bound, key and term take one small allocation each, and the whole memo
/// stays under about 55 MB however many words it is shown.
const SHARED_WORD_BYTES: usize = 24;

/// Keyed by the standard library's seeded hasher, not [`WordHasher`]:
/// words sent to `quarry serve` reach this map, and a fixed hash would
/// let them be chosen to collide.
type StemMap = HashMap<Box<str>, Box<str>, std::collections::hash_map::RandomState>;

/// The stems of every word any tokenizer of the process has stemmed (a
/// memo: a word's term never changes). Each tokenizer's [`StemCache`] is
/// small and starts empty, and indexing runs one tokenizer per field and
/// writer thread (and one per reading thread for titles), so each of them
/// would otherwise run the stemmer on every word of the vocabulary once;
/// the stemmer costs about thirty times a look-up here.
static SHARED: LazyLock<SharedStems> = LazyLock::new(|| SharedStems {
    shards: std::array::from_fn(|_| Mutex::new(StemMap::default())),
});

struct SharedStems {
    shards: [Mutex<StemMap>; SHARED_SHARDS],
}

impl SharedStems {
    /// Appends the final term of `word` to `arena`, from the memo or (then
    /// remembered) from the stemmer. The stemmer runs outside the lock.
    fn push_stem(&self, stemmer: &Stemmer, arena: &mut String, word: &str) {
        let mut hasher = WordHasher::default();
        hasher.write(word.as_bytes());
        let shard = &self.shards[(hasher.finish() >> 60) as usize % SHARED_SHARDS];
        if word.len() <= SHARED_WORD_BYTES
            && let Ok(map) = shard.lock()
            && let Some(term) = map.get(word)
        {
            arena.push_str(term);
            return;
        }
        let stemmed = stemmer.stem(word);
        let term = strip_agent_suffix(&stemmed);
        arena.push_str(term);
        if word.len() <= SHARED_WORD_BYTES
            && let Ok(mut map) = shard.lock()
        {
            if map.len() >= SHARED_SHARD_WORDS {
                map.clear();
            }
            map.insert(word.into(), term.into());
        }
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
