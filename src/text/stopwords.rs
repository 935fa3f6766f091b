//! The word lists that say "this word does not carry meaning here", in one
//! place, each named after its job:
//!
//! - [`QUERY_FUNCTION_WORDS`]: English function words, left out of
//!   natural-language (plain) queries and ignored when `verify` measures how
//!   much of a statement a passage covers;
//! - [`CITATION_KEY_SKIP_WORDS`]: words a citation key never takes as the
//!   title word (`@article{wang2021liaoning}`, not `…2021the`).
//!
//! (The words that end the search for a counted noun after a number live
//! with the rest of the figure lexicon in `crate::figures`.)
//!
//! ## Query function words
//!
//! A question or a claim typed as plain words ("the effect of vitamin D on
//! the risk of fractures") is mostly carried by its content words; `the`,
//! `of` and `on` match nearly every passage, so with BM25 they add small
//! scores that mostly reward long passages full of them. Dropping them from
//! the query (never from the index, so phrases with them still match) ranks
//! by the words that say what the query is about.
//!
//! The list is general English grammar — articles, pronouns, prepositions,
//! conjunctions, auxiliary verbs — and nothing topical. A word written in
//! capitals (`IT`, `US`, `WHO`) is read as an acronym and kept.

/// Lower-case English function words, sorted (so [`is_stop_word`] can
/// binary-search them).
pub const QUERY_FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "may",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "neither",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// True when `word` (one whitespace-separated word of a query, possibly
/// with punctuation around it) is an English function word.
pub fn is_stop_word(word: &str) -> bool {
    let core = word.trim_matches(|c: char| !c.is_alphanumeric());
    if core.is_empty() || core.len() > 10 {
        return false;
    }
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    if letters > 1 && core.chars().all(|c| !c.is_lowercase()) {
        // `IT`, `US`, `WHO`: acronyms, not function words.
        return false;
    }
    if core.is_ascii() {
        // At most 10 bytes: lower-cased on the stack (every query word
        // comes here, most of them ASCII).
        let mut buf = [0u8; 10];
        let lower = &mut buf[..core.len()];
        lower.copy_from_slice(core.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower)
            .is_ok_and(|lower| QUERY_FUNCTION_WORDS.binary_search(&lower).is_ok());
    }
    let lower = core.to_lowercase();
    QUERY_FUNCTION_WORDS.binary_search(&lower.as_str()).is_ok()
}

/// The words of `query` that are not function words, in order — or all of
/// them when every word is one (`to be or not to be`), so that a query
/// never becomes empty.
pub fn content_words(query: &str) -> Vec<&str> {
    let all: Vec<&str> = query.split_whitespace().collect();
    let kept: Vec<&str> = all.iter().copied().filter(|w| !is_stop_word(w)).collect();
    if kept.is_empty() { all } else { kept }
}

/// Words skipped when a citation key takes the first word of a title
/// (compared in lower case; words of two letters or fewer are skipped too).
pub const CITATION_KEY_SKIP_WORDS: &[&str] = &[
    "the", "and", "for", "from", "with", "what", "new", "how", "its",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_lowercase_and_unique() {
        for pair in QUERY_FUNCTION_WORDS.windows(2) {
            assert!(pair[0] < pair[1], "{} before {}", pair[0], pair[1]);
        }
        for w in QUERY_FUNCTION_WORDS {
            assert_eq!(*w, w.to_lowercase());
        }
    }

    #[test]
    fn stop_words_by_case_and_punctuation() {
        for (word, stop) in [
            ("the", true),
            ("The", true),
            ("of,", true),
            ("(in", true),
            ("IT", false),
            ("US", false),
            ("WHO", false),
            ("I", true),
            ("trade", false),
            ("13.6%", false),
            ("", false),
        ] {
            assert_eq!(is_stop_word(word), stop, "{word:?}");
        }
    }

    #[test]
    fn content_words_never_empty() {
        assert_eq!(
            content_words("the effect of vitamin D on fractures"),
            ["effect", "vitamin", "D", "fractures"]
        );
        assert_eq!(content_words("to be or not to be").len(), 6);
        assert!(content_words("   ").is_empty());
    }
}
