//! Checking a statement against the corpus (`quarry verify`), part by part.
//!
//! The statement is broken into parts (`claim.rs`): every figure and what it
//! is a figure of, every year, month and date, every named place, company or
//! name, and every word of change; the remaining content words are its
//! topic. The statement's words (and the other spellings of the names in it:
//! `ROK` for `South Korea`) are searched, and every sentence of the
//! [`CANDIDATES`] best passages is compared with the parts (`judge.rs`):
//!
//! * **supported** — one sentence agrees on every part (years, months, dates
//!   and names may come from the sentences before it in its passage, names
//!   also from the title) and holds at least [`SUPPORT_COVERAGE`] of the
//!   topic words ([`SUPPORT_COVERAGE_WORDS_ONLY`] when there is no figure);
//! * **contradicted** — the sentence closest to the statement (holding at
//!   least [`CONTRADICT_COVERAGE`] of the topic words) states a different
//!   value, year, month, date, name or direction for one of the parts, or
//!   binds the figure to something else (`registered capital` vs `total
//!   investment`);
//! * **not found** — otherwise; the closest passages are candidates.
//!
//! The folder: `words.rs` cuts text into words, clauses and sentences;
//! `lexicon.rs` holds the word lists (names and aliases, words of change,
//! months, linking words); `reading.rs` reads what a text states; `claim.rs`
//! turns a statement into parts; `judge.rs` compares them with a sentence.

mod claim;
mod judge;
mod lexicon;
mod reading;
mod words;

pub use claim::PartKind;
pub use judge::PartCheck as Part;

use claim::Claim;
use judge::{Judgement, Source, judge};

use crate::error::Result;
use crate::search::{Hit, QueryMode, SearchOptions, Searcher};

/// Passages examined per statement.
pub const CANDIDATES: usize = 20;
/// Share of a statement's topic words (content words that are not parts) a
/// supporting sentence must contain.
pub const SUPPORT_COVERAGE: f64 = 0.65;
/// The same when the statement has no figure.
pub const SUPPORT_COVERAGE_WORDS_ONLY: f64 = 0.8;
/// Share of topic words at which a sentence is about the same thing, so a
/// differing part contradicts the statement.
pub const CONTRADICT_COVERAGE: f64 = 0.5;
/// Candidates reported when a statement is not found.
pub const SHOWN_CANDIDATES: usize = 3;

/// A verdict, for a statement or one of its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The source states it.
    Supported,
    /// The source states something else for the same thing.
    Contradicted,
    /// Nothing close enough was found.
    NotFound,
}

impl Verdict {
    /// Lower-case name used in output.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Contradicted => "contradicted",
            Verdict::NotFound => "not_found",
        }
    }
}

/// The outcome for one statement.
#[derive(Debug, Clone)]
pub struct Verification {
    /// The statement checked.
    pub statement: String,
    /// The verdict.
    pub verdict: Verdict,
    /// One check per part of the statement.
    pub parts: Vec<Part>,
    /// The source sentence compared (supporting or contradicting); `None`
    /// when not found.
    pub sentence: Option<String>,
    /// The supporting or contradicting passage, or the closest candidates.
    pub passages: Vec<Hit>,
    /// Share of the statement's topic words in the compared sentence.
    pub coverage: f64,
    /// Why the statement could not be checked (`nothing checkable: …`), or
    /// why a sentence holding all its parts does not support it.
    pub note: Option<String>,
}

/// Checks `statement` against the index.
pub fn verify(searcher: &Searcher, statement: &str) -> Result<Verification> {
    let claim = Claim::parse(statement);
    if let Some(why) = claim.unverifiable() {
        return Ok(Verification {
            statement: statement.to_string(),
            verdict: Verdict::NotFound,
            parts: not_found_parts(&claim),
            sentence: None,
            passages: Vec::new(),
            coverage: 0.0,
            note: Some(why.to_string()),
        });
    }
    let opts = SearchOptions {
        limit: CANDIDATES,
        mode: QueryMode::Plain,
        collapse: false,
        ..SearchOptions::default()
    };
    let hits = searcher.search_content(&query(&claim), &opts, false)?.hits;
    let sources: Vec<Source> = hits.iter().map(Source::new).collect();

    let needed = if claim.reading.stats.is_empty() {
        SUPPORT_COVERAGE_WORDS_ONLY
    } else {
        SUPPORT_COVERAGE
    };
    let mut supported: Option<(usize, Judgement)> = None;
    let mut best: Option<(usize, Judgement)> = None;
    // Best judgement per passage, for the candidates list.
    let mut per_source: Vec<f64> = vec![f64::MIN; sources.len()];
    for (si, src) in sources.iter().enumerate() {
        for s in 0..src.sentences.len() {
            let j = judge(&claim, src, s);
            per_source[si] = per_source[si].max(j.score);
            let better = |old: &Option<(usize, Judgement)>| {
                old.as_ref().is_none_or(|(_, o)| {
                    j.score > o.score || (j.score == o.score && j.coverage > o.coverage)
                })
            };
            let supports = j.all_supported() && j.coverage >= needed && j.related;
            if supports && better(&supported) {
                supported = Some((si, j.clone()));
            }
            if better(&best) {
                best = Some((si, j));
            }
        }
    }

    if let Some((si, j)) = supported {
        return Ok(Verification {
            statement: statement.to_string(),
            verdict: Verdict::Supported,
            sentence: Some(sources[si].sentence_text(j.sentence)),
            passages: vec![sources[si].hit.clone()],
            coverage: j.coverage,
            parts: j.parts,
            note: None,
        });
    }
    if let Some((si, j)) = &best
        && j.coverage >= CONTRADICT_COVERAGE
        && j.any_contradicted()
    {
        return Ok(Verification {
            statement: statement.to_string(),
            verdict: Verdict::Contradicted,
            sentence: Some(sources[*si].sentence_text(j.sentence)),
            passages: vec![sources[*si].hit.clone()],
            coverage: j.coverage,
            parts: j.parts.clone(),
            note: None,
        });
    }

    // Not found: parts as far as the closest sentence goes; a part cannot be
    // contradicted by a sentence about something else.
    let note = best
        .as_ref()
        .filter(|(_, j)| j.all_supported() && j.coverage >= needed && !j.related)
        .map(|_| {
            "the closest sentence holds the statement's words but does not state how they relate"
                .to_string()
        });
    let (coverage, parts) = match best {
        Some((_, j)) => {
            let parts = j
                .parts
                .into_iter()
                .map(|mut p| {
                    if p.verdict == Verdict::Contradicted {
                        p.verdict = Verdict::NotFound;
                    }
                    p
                })
                .collect();
            (j.coverage, parts)
        }
        None => (0.0, not_found_parts(&claim)),
    };
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by(|&x, &y| per_source[y].total_cmp(&per_source[x]));
    Ok(Verification {
        statement: statement.to_string(),
        verdict: Verdict::NotFound,
        sentence: None,
        passages: order
            .into_iter()
            .take(SHOWN_CANDIDATES)
            .map(|i| sources[i].hit.clone())
            .collect(),
        coverage,
        parts,
        note,
    })
}

/// The search query: the statement, plus the other spellings of the names
/// it mentions (`ROK`, `Korea` for `South Korea`).
fn query(claim: &Claim) -> String {
    let mut q = claim.text.clone();
    for &i in &claim.entities {
        let e = &claim.reading.entities[i];
        for s in lexicon::spellings(&e.canon) {
            if !claim.text.contains(s) {
                q.push(' ');
                q.push_str(s);
            }
        }
    }
    q
}

/// Every part, not found (nothing to compare with).
fn not_found_parts(claim: &Claim) -> Vec<Part> {
    let part = |kind, claimed: &str| Part {
        kind,
        claimed: claimed.to_string(),
        stated: None,
        verdict: Verdict::NotFound,
        sentence: None,
        note: None,
    };
    let r = &claim.reading;
    let mut parts: Vec<Part> = r
        .stats
        .iter()
        .map(|s| part(PartKind::Figure, &s.text))
        .collect();
    parts.extend(claim.years.iter().map(|(_, t)| part(PartKind::Year, t)));
    parts.extend(claim.months.iter().map(|(_, t)| part(PartKind::Month, t)));
    parts.extend(claim.days.iter().map(|(_, _, t)| part(PartKind::Date, t)));
    parts.extend(
        claim
            .entities
            .iter()
            .map(|&i| part(PartKind::Entity, &r.entities[i].text)),
    );
    parts.extend(r.changes.iter().map(|c| part(PartKind::Direction, &c.text)));
    parts.extend(
        claim
            .opposites
            .iter()
            .map(|&i| part(PartKind::Opposite, &r.opposites[i].text)),
    );
    parts
}
