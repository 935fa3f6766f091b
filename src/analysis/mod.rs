//! Analysis stage: turns text into index terms, with one analyzer for both
//! indexing and querying. It hands on the tantivy analyzer, registered on
//! every index as [`ANALYZER_NAME`] (used by the schema and the query parser),
//! and [`analyze()`], the tokens with byte offsets and positions that search,
//! snippets and verification use to match and highlight terms.
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
//!
//! Files:
//!
//! - `tokenizer`: the tantivy tokenizer and its token stream, which turns each
//!   word segment into terms (steps 1 to 4 above);
//! - `segmenter`: the UAX #29 word segments of the text, with an ASCII fast path;
//! - `fold`: character classes, lower-casing and accent folding (step 5), the
//!   `%` sign and the split points of glued words;
//! - `stem`: porter2 stemming, the agent-suffix rule and the stem cache (step 5);
//! - `prefilter`: a byte scan for the stretches of a text where a token of a
//!   few terms may be, so that highlighting analyses only those.

mod fold;
mod prefilter;
mod segmenter;
mod stem;
#[cfg(test)]
mod tests;
mod tokenizer;

use tantivy::Index;
use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};

pub use prefilter::Prefilter;
pub use stem::{FILTERED_TERM, TermFilter, strip_agent_suffix};
pub use tokenizer::{QuarryTokenStream, QuarryTokenizer};

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
///
/// Each thread keeps one tokenizer for these calls, so its stem cache
/// (a memo: it never changes a term) stays warm from one short text to the
/// next: a batch of queries, or the hits of one, stem each word once.
pub fn analyze(text: &str) -> Vec<AnalyzedToken> {
    let mut out = Vec::new();
    each_token(text, |term, start, end, position| {
        out.push(AnalyzedToken {
            term: term.to_string(),
            start,
            end,
            position,
        });
    });
    out
}

thread_local! {
    /// The tokenizer [`analyze`] and [`each_token`] use on this thread.
    static TOKENIZER: std::cell::RefCell<QuarryTokenizer> = std::cell::RefCell::default();
}

/// Calls `each(term, start, end, position)` for every token of `text`, as
/// [`analyze`] would return them, without allocating anything per token.
pub fn each_token(text: &str, mut each: impl FnMut(&str, usize, usize, usize)) {
    with_tokenizer(|tokenizer| {
        let mut stream = tokenizer.token_stream(text);
        while let Some(t) = stream.next() {
            each(&t.text, t.offset_from, t.offset_to, t.position);
        }
    });
}

/// Runs `run` with this thread's tokenizer ([`TOKENIZER`]).
fn with_tokenizer(run: impl FnOnce(&mut QuarryTokenizer)) {
    TOKENIZER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut tokenizer) => run(&mut tokenizer),
        // Analysis inside analysis (never expected): a tokenizer of its own.
        Err(_) => run(&mut QuarryTokenizer::default()),
    });
}

/// [`each_token`] without the words that `filter` rules out, which are not
/// even stemmed: what highlighting needs, much faster, since it compares
/// every term with a query's few. Now and then a word that the filter lets
/// pass gives [`FILTERED_TERM`], which matches nothing.
pub fn each_token_filtered(
    text: &str,
    filter: &TermFilter,
    mut each: impl FnMut(&str, usize, usize, usize),
) {
    with_tokenizer(|tokenizer| {
        let mut stream = tokenizer.filtered_stream(text, filter);
        while let Some(t) = stream.next() {
            each(&t.text, t.offset_from, t.offset_to, t.position);
        }
    });
}

/// [`each_token_filtered`] over the regions of `text` that `prefilter` lets
/// pass: every token whose term its terms may match, at the same offsets,
/// and at positions that keep the distances between the tokens of a region
/// and put those of different regions more than
/// [`Prefilter::span`] apart. What highlighting needs: a query's matches are
/// found as in the whole stream, from a small part of the text.
pub fn each_token_near(
    text: &str,
    filter: &TermFilter,
    prefilter: &Prefilter,
    mut each: impl FnMut(&str, usize, usize, usize),
) {
    thread_local! {
        static REGIONS: std::cell::RefCell<Vec<(usize, usize)>> = std::cell::RefCell::default();
    }
    REGIONS.with(|cell| {
        let mut own = Vec::new();
        let mut borrowed = cell.try_borrow_mut();
        let regions = match &mut borrowed {
            Ok(r) => &mut **r,
            Err(_) => &mut own,
        };
        prefilter.regions(text, regions);
        with_tokenizer(|tokenizer| {
            let gap = prefilter.span() + 1;
            let mut stream = tokenizer.filtered_stream_in(text, filter, regions, gap);
            while let Some(t) = stream.next() {
                each(&t.text, t.offset_from, t.offset_to, t.position);
            }
        });
    });
}
