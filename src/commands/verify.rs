//! Checking a statement against the corpus (`quarry verify`).
//!
//! A statement is supported when one passage covers most of its words and
//! states every figure in it (in any spelling: `13.6%` = `13.6 percent`). When
//! a passage covers the statement's words but states a different number of
//! the same kind where the statement has its figure, that is a mismatch, and
//! both values are reported. Otherwise the closest passages are candidates.

use std::collections::HashSet;

use crate::analysis;
use crate::error::Result;
use crate::figures::{self, Figure};
use crate::search::{Hit, QueryMode, SearchOptions, Searcher};
use crate::text::sentence_at;
use crate::text::stopwords;

/// Passages examined per statement.
pub const CANDIDATES: usize = 20;
/// Share of a statement's words (other than its figures) a supporting
/// passage must contain, when the statement states figures.
pub const SUPPORT_COVERAGE: f64 = 0.6;
/// Share of words needed when the statement has no figure to check.
pub const SUPPORT_COVERAGE_WORDS_ONLY: f64 = 0.8;
/// Share of words at which a passage is about the same thing, so a different
/// number in it is a mismatch rather than an unrelated figure.
pub const MISMATCH_COVERAGE: f64 = 0.5;
/// Candidates reported when a statement is not supported.
pub const SHOWN_CANDIDATES: usize = 3;

/// The overall result for one statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A passage states it.
    Supported,
    /// A passage on the same subject states a different figure.
    Mismatch,
    /// Nothing close enough was found.
    NotFound,
}

impl Verdict {
    /// Lower-case name used in output.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Mismatch => "mismatch",
            Verdict::NotFound => "not_found",
        }
    }
}

/// What was found for one figure of the statement.
#[derive(Debug, Clone)]
pub struct FigureCheck {
    /// The figure as the statement writes it.
    pub claimed: String,
    /// The figure the source states instead (for a mismatch) or the same
    /// figure as the source writes it (when stated).
    pub source: Option<String>,
    /// The sentence of the source that states `source`.
    pub sentence: Option<String>,
    /// Whether the source states the claimed figure.
    pub stated: bool,
}

/// The outcome for one statement.
#[derive(Debug, Clone)]
pub struct Verification {
    /// The statement checked.
    pub statement: String,
    /// The verdict.
    pub verdict: Verdict,
    /// One entry per figure in the statement.
    pub figures: Vec<FigureCheck>,
    /// The supporting passage (supported), the mismatching one (mismatch),
    /// or the closest candidates (not found).
    pub passages: Vec<Hit>,
    /// Share of the statement's words found in the first passage.
    pub coverage: f64,
}

/// Checks `statement` against the index.
pub fn verify(searcher: &Searcher, statement: &str) -> Result<Verification> {
    let claims: Vec<Figure> = figures::extract(statement)
        .into_iter()
        .filter(|f| f.label.is_none())
        .collect();
    let words = content_terms(statement, &claims);
    let opts = SearchOptions {
        limit: CANDIDATES,
        mode: QueryMode::Plain,
        collapse: false,
    };
    let hits = searcher.search(statement, &opts)?.hits;
    let scored: Vec<(f64, Vec<Figure>, &Hit)> = hits
        .iter()
        .map(|h| {
            let stated = figures::extract(&h.text)
                .into_iter()
                .filter(|f| f.label.is_none())
                .collect();
            (coverage(&words, &h.text), stated, h)
        })
        .collect();

    // Supported: enough words and every figure stated.
    let needed = if claims.is_empty() {
        SUPPORT_COVERAGE_WORDS_ONLY
    } else {
        SUPPORT_COVERAGE
    };
    let supported = scored
        .iter()
        .filter(|(cov, stated, _)| *cov >= needed && claims.iter().all(|c| states(stated, c)))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((cov, stated, hit)) = supported {
        let checks = claims
            .iter()
            .map(|c| {
                let same = stated.iter().find(|s| same_figure(s, c));
                FigureCheck {
                    claimed: statement[c.start..c.end].to_string(),
                    source: same.map(|s| hit.text[s.start..s.end].to_string()),
                    sentence: same.map(|s| sentence_at(&hit.text, s.start)),
                    stated: true,
                }
            })
            .collect();
        return Ok(Verification {
            statement: statement.to_string(),
            verdict: Verdict::Supported,
            figures: checks,
            passages: vec![(*hit).clone()],
            coverage: *cov,
        });
    }

    // Mismatch: a passage about the same thing states another number of the
    // same kind, in the sentence closest to the statement.
    if !claims.is_empty() {
        let best = scored
            .iter()
            .filter(|(cov, _, _)| *cov >= MISMATCH_COVERAGE)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((cov, stated, hit)) = best {
            let mut any_mismatch = false;
            let checks: Vec<FigureCheck> = claims
                .iter()
                .map(|c| {
                    let claimed = statement[c.start..c.end].to_string();
                    if let Some(s) = stated.iter().find(|s| same_figure(s, c)) {
                        return FigureCheck {
                            claimed,
                            source: Some(hit.text[s.start..s.end].to_string()),
                            sentence: Some(sentence_at(&hit.text, s.start)),
                            stated: true,
                        };
                    }
                    // The rival in the sentence closest to the statement;
                    // on a tie, the closer value. Each sentence is scored once.
                    let rival = stated
                        .iter()
                        .filter(|s| same_kind(s, c))
                        .map(|s| {
                            let cov = coverage(&words, &sentence_at(&hit.text, s.start));
                            (cov, -(s.value - c.value).abs(), s)
                        })
                        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.total_cmp(&b.1)))
                        .map(|(_, _, s)| s);
                    any_mismatch |= rival.is_some();
                    FigureCheck {
                        claimed,
                        source: rival.map(|s| hit.text[s.start..s.end].to_string()),
                        sentence: rival.map(|s| sentence_at(&hit.text, s.start)),
                        stated: false,
                    }
                })
                .collect();
            if any_mismatch {
                return Ok(Verification {
                    statement: statement.to_string(),
                    verdict: Verdict::Mismatch,
                    figures: checks,
                    passages: vec![(*hit).clone()],
                    coverage: *cov,
                });
            }
        }
    }

    let mut candidates: Vec<&(f64, Vec<Figure>, &Hit)> = scored.iter().collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(Verification {
        statement: statement.to_string(),
        verdict: Verdict::NotFound,
        figures: claims
            .iter()
            .map(|c| FigureCheck {
                claimed: statement[c.start..c.end].to_string(),
                source: None,
                sentence: None,
                stated: false,
            })
            .collect(),
        coverage: candidates.first().map_or(0.0, |c| c.0),
        passages: candidates
            .iter()
            .take(SHOWN_CANDIDATES)
            .map(|c| c.2.clone())
            .collect(),
    })
}

/// Analysed content terms of `text`, leaving out its figures and stop words.
fn content_terms(text: &str, claims: &[Figure]) -> HashSet<String> {
    analysis::analyze(text)
        .into_iter()
        .filter(|t| !claims.iter().any(|c| t.start >= c.start && t.end <= c.end))
        .filter(|t| !t.term.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .filter(|t| !stopwords::is_stop_word(text.get(t.start..t.end).unwrap_or_default()))
        .map(|t| t.term)
        .collect()
}

/// Share of `words` whose terms occur in `text`.
fn coverage(words: &HashSet<String>, text: &str) -> f64 {
    if words.is_empty() {
        return 1.0;
    }
    let present: HashSet<String> = analysis::analyze(text)
        .into_iter()
        .map(|t| t.term)
        .collect();
    words.iter().filter(|w| present.contains(*w)).count() as f64 / words.len() as f64
}

fn states(stated: &[Figure], claim: &Figure) -> bool {
    stated.iter().any(|s| same_figure(s, claim))
}

/// Same value, and the same unit when both name one.
fn same_figure(a: &Figure, b: &Figure) -> bool {
    let (ka, kb) = (a.keys(), b.keys());
    match (a.unit.is_some(), b.unit.is_some()) {
        (true, true) => ka.first() == kb.first(),
        _ => ka.last() == kb.last(),
    }
}

/// Same kind of quantity: the same unit, or both without one.
fn same_kind(a: &Figure, b: &Figure) -> bool {
    a.unit_label() == b.unit_label()
}
