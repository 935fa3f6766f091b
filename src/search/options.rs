//! How a search is asked for, and the weights ranking uses.

use super::filter::Filter;

/// How many hits `search` returns unless told otherwise.
pub const DEFAULT_LIMIT: usize = 10;
/// Weight of a match in the passage text.
pub const TEXT_BOOST: f32 = 1.0;
/// Weight of a match in the document title (shared by all its passages).
///
/// Measured on SciFact (train, nDCG@10): 0.5 is best; 0 loses 0.016,
/// 0.25 and 0.3 lose up to 0.002, 1.0 loses 0.023, 1.5 0.044, 2.0 0.066 —
/// the short title field saturates quickly, so a large weight lets one
/// title word outrank a passage that matches the query.
pub const TITLE_BOOST: f32 = 0.5;
/// Weight of a match in the passage's section heading (like the title; not
/// measured: SciFact has no sections).
pub const SECTION_BOOST: f32 = 0.5;

/// Score added to a passage for stating a figure of a syntax-mode query
/// (the value with its unit; half for the bare value). Larger than any
/// realistic BM25 score, so passages stating the figure come first: a
/// keyword query with a figure in it is a search for that figure.
pub const FIGURE_SCORE: f32 = 50.0;
/// The same in plain mode, where the query is natural language and a figure
/// is one word among many ("1 in 5 million people…"), so stating it weighs
/// about as much as one rare word. The figure is still searched as a phrase.
///
/// On SciFact (train, nDCG@10): 0, 2 and 5 are within 0.001 of each
/// other; [`FIGURE_SCORE`] (50) costs 0.027, because any passage with a `1`
/// or a `5` then outranks the passages about the claim.
pub const PLAIN_FIGURE_SCORE: f32 = 2.0;

/// The fields a query's words are searched in, with their weights: the one
/// table both the query parser and the prefix rewrite use.
pub const FIELD_BOOSTS: [(&str, f32); 3] = [
    ("text", TEXT_BOOST),
    ("title", TITLE_BOOST),
    ("section", SECTION_BOOST),
];

/// Fields a query may name with `field:`.
pub const QUERY_FIELDS: &[&str] = &[
    "text",
    "title",
    "section",
    "author",
    "publisher",
    "date",
    "kind",
];

/// How the query string is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueryMode {
    /// tantivy query syntax: phrases, AND/OR/NOT, +/-, field:, prefix*.
    #[default]
    Syntax,
    /// Plain words: no operator is special.
    Plain,
}

/// Options for one search.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Most hits to return.
    pub limit: usize,
    /// How to read the query.
    pub mode: QueryMode,
    /// Which passages may be returned.
    pub filter: Filter,
    /// One hit per document (its best passage) instead of one per passage.
    pub collapse_docs: bool,
    /// Snippet fragments per hit (at least 1).
    pub fragments: usize,
    /// Passages with the same text in several places are one hit, which
    /// lists the other places in [`crate::search::Hit::also_in`].
    pub collapse: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: DEFAULT_LIMIT,
            mode: QueryMode::Syntax,
            filter: Filter::default(),
            collapse_docs: false,
            fragments: 1,
            collapse: true,
        }
    }
}

/// What a search loads for each hit beyond its rank, score, ids, path, lines
/// and bytes (which come from fast fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fetch {
    /// Read the stored passage: title and other metadata, section, text.
    pub stored: bool,
    /// Find the query's matches in the text: snippet and highlights.
    pub highlights: bool,
}

impl Default for Fetch {
    fn default() -> Self {
        Fetch {
            stored: true,
            highlights: true,
        }
    }
}
