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

/// Weight of a document's other retrieved passages in
/// `eval`'s `MaxRest` aggregation (the default; `QUARRY_RANKING=rest=…` overrides
/// it for tuning).
///
/// Over the five dev sets (README, "Ranking defaults"), with the other
/// defaults and the whole-document stage: 0.1 is best on the worst set
/// (0.05: SciFact −0.002, MED and CF ±0.0005; 0: SciFact −0.003). A
/// little credit for further matching passages helps; more lets long
/// documents win by length.
pub const REST_WEIGHT: f32 = 0.1;

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

/// What a search loads for each hit beyond its rank, score and ids (which,
/// as the places, come from fast fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fetch {
    /// Read the stored passage: title and other metadata, section, text.
    pub stored: bool,
    /// Find the query's matches in the text: snippet and highlights.
    pub highlights: bool,
    /// Read where the passage is: its document's path, its lines, bytes
    /// and pages (a hit without them has an empty path and zeros).
    pub places: bool,
}

impl Default for Fetch {
    fn default() -> Self {
        Fetch {
            stored: true,
            highlights: true,
            places: true,
        }
    }
}

/// Which query words plain mode leaves out as function words
/// ([`crate::text::stopwords`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopWords {
    /// Every word is searched.
    None,
    /// Function words are left out, except words in capitals (`IT`, `WHO`).
    KeepCapitals,
    /// Like [`StopWords::KeepCapitals`], but a query with no lower-case
    /// letter at all (typed in capitals) is read without regard to case.
    CaseOfQuery,
}

/// The parameters of plain-mode ranking: BM25F (see
/// [`crate::search::Bm25fQuery`]), how query words become weighted terms,
/// pseudo-relevance feedback and how `eval` folds passages into documents.
/// Each default was chosen by measurement over five collections (README,
/// "Ranking defaults").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranking {
    /// Term-frequency saturation.
    pub k1: f32,
    /// Length normalisation of the passage text.
    pub text_b: f32,
    /// Weight of an occurrence in the document title.
    pub title_weight: f32,
    /// Length normalisation of the title.
    pub title_b: f32,
    /// Weight of an occurrence in the section heading.
    pub section_weight: f32,
    /// Length normalisation of the section heading.
    pub section_b: f32,
    /// A term found `n` times in the query weighs `n ^ repeat_power`
    /// (0: once, 1: as often as it occurs).
    pub repeat_power: f32,
    /// `Some(k)`: a term's occurrences in the query after the first weigh
    /// `k · e / (k + e)` together (`e` their count), at most `k`, instead of
    /// [`Ranking::repeat_power`]'s rule. In a short query — a claim, a
    /// title — a repeated stem is mostly an echo ("melanoma … their
    /// melanoma", "investors invested"), not a sign of weight.
    pub repeat_k: Option<f32>,
    /// The `repeat_k` rule applies only to queries of fewer distinct terms
    /// than this (0: to every query; a term counts when its weight before
    /// the rule is at least 1, so not a lone glued-word part or
    /// one-character term); longer queries — a paragraph
    /// describing a need — keep [`Ranking::repeat_power`], because there a
    /// word said again names the topic.
    pub repeat_long: usize,
    /// Weight of a part of a glued query word (`d` and `lns` of `dLNs`,
    /// searched besides the whole `dlns`).
    pub part_weight: f32,
    /// Weight of a one-character query term (`d` of `vitamin D`, `t` of
    /// `T cells`, `5`): such a term matches many unrelated passages (a
    /// letter of a name, a digit of any number).
    pub short_weight: f32,
    /// Which words are left out.
    pub stop_words: StopWords,
    /// `Some(b)`: one length normalisation over the weighted sum of the
    /// fields' lengths instead of one per field.
    pub joint_b: Option<f32>,
    /// How a term's document frequency is taken from its fields'.
    pub doc_freq: super::bm25f::DocFreq,
    /// Score added for stating a figure of the query.
    pub figure_score: f32,
    /// Passages of the first ranking used for feedback (0: no feedback).
    pub feedback_passages: usize,
    /// Terms added by feedback.
    pub feedback_terms: usize,
    /// Share of the original query in the expanded one (RM3's λ).
    pub feedback_original: f32,
    /// A document's score in `eval` is its best passage's score plus this
    /// times the sum of its other retrieved passages' scores.
    pub rest_weight: f32,
    /// Share of the whole-document score in a document's score (λ of
    /// [`crate::search::Searcher::rank_documents`]; 0: passages only).
    pub doc_weight: f32,
    /// Documents scored again as a whole.
    pub doc_depth: usize,
    /// Term-frequency saturation of the whole-document score.
    pub doc_k1: f32,
    /// Length normalisation of the whole-document score.
    pub doc_b: f32,
    /// Weight of the title in the whole-document score.
    pub doc_title_weight: f32,
    /// The whole-document score's idf counts documents (else passages).
    pub doc_idf: bool,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            k1: 1.2,
            text_b: 0.75,
            title_weight: 1.5,
            title_b: 0.75,
            section_weight: 0.5,
            section_b: 0.75,
            repeat_power: 1.0,
            repeat_k: Some(0.5),
            repeat_long: 22,
            part_weight: 0.5,
            short_weight: 0.5,
            stop_words: StopWords::KeepCapitals,
            joint_b: Some(0.75),
            doc_freq: super::bm25f::DocFreq::Max,
            figure_score: PLAIN_FIGURE_SCORE,
            feedback_passages: 0,
            feedback_terms: 10,
            feedback_original: 0.5,
            rest_weight: REST_WEIGHT,
            doc_weight: 0.75,
            doc_depth: 30,
            doc_k1: 1.35,
            doc_b: 0.8,
            doc_title_weight: 2.0,
            doc_idf: true,
        }
    }
}

/// Environment variable that overrides [`Ranking`]'s defaults, for tuning
/// runs only: comma-separated `name=value` pairs (`k1=1.5,b=0.8`). Unknown
/// names and bad values are ignored with a warning on standard error.
pub const RANKING_ENV: &str = "QUARRY_RANKING";

impl Ranking {
    /// The defaults, with [`RANKING_ENV`]'s overrides (read once).
    pub fn current() -> Ranking {
        static CURRENT: std::sync::OnceLock<Ranking> = std::sync::OnceLock::new();
        *CURRENT.get_or_init(|| {
            let mut r = Ranking::default();
            if let Ok(spec) = std::env::var(RANKING_ENV) {
                for pair in spec.split(',').filter(|p| !p.trim().is_empty()) {
                    if let Err(e) = r.set(pair) {
                        eprintln!("quarry: warning: {RANKING_ENV}: {e}");
                    }
                }
            }
            r
        })
    }

    /// Sets one parameter from `name=value`.
    pub fn set(&mut self, pair: &str) -> std::result::Result<(), String> {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("'{pair}' is not name=value"))?;
        let num: f32 = value
            .trim()
            .parse()
            .map_err(|_| format!("'{value}' is not a number"))?;
        match name.trim() {
            "k1" => self.k1 = num,
            "b" => self.text_b = num,
            "title" => self.title_weight = num,
            "title_b" => self.title_b = num,
            "section" => self.section_weight = num,
            "section_b" => self.section_b = num,
            "repeat" => self.repeat_power = num,
            "repeat_k" => self.repeat_k = (num >= 0.0).then_some(num),
            "repeat_long" => self.repeat_long = num.max(0.0) as usize,
            "part" => self.part_weight = num,
            "short" => self.short_weight = num,
            "stop" => {
                self.stop_words = match num as u32 {
                    0 => StopWords::None,
                    1 => StopWords::KeepCapitals,
                    _ => StopWords::CaseOfQuery,
                }
            }
            "fb_passages" => self.feedback_passages = num as usize,
            "fb_terms" => self.feedback_terms = num as usize,
            "fb_original" => self.feedback_original = num,
            "rest" => self.rest_weight = num,
            "doc" => self.doc_weight = num,
            "doc_depth" => self.doc_depth = num as usize,
            "doc_k1" => self.doc_k1 = num,
            "doc_b" => self.doc_b = num,
            "doc_title" => self.doc_title_weight = num,
            "doc_idf" => self.doc_idf = num > 0.0,
            "joint_b" => self.joint_b = (num >= 0.0).then_some(num),
            "idf" => {
                self.doc_freq = match num as u32 {
                    0 => super::bm25f::DocFreq::Max,
                    1 => super::bm25f::DocFreq::First,
                    _ => super::bm25f::DocFreq::Sum,
                }
            }
            "figure" => self.figure_score = num,
            other => return Err(format!("unknown parameter '{other}'")),
        }
        Ok(())
    }
}
