//! A statement broken into the parts `verify` checks one by one.
//!
//! Every figure (with what it is a figure of), every year, month or date,
//! every named place, company or name, and every word of change is a part;
//! the remaining content words (the *topic*: `foreign trade`, `paid-in
//! investment`) say which sentence of a source is about the same thing.

use std::collections::HashSet;

use super::lexicon::{TIME_WORDS, comparable};
use super::reading::{Reading, When, read};
use crate::analysis;
use crate::text::stopwords;

/// What a part of a statement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A figure: percentage, money, count, measure.
    Figure,
    /// What a figure is a figure of.
    Of,
    /// A year.
    Year,
    /// A month or part of a year (`December`, `first half`).
    Month,
    /// A day (`June 23`).
    Date,
    /// A named place, company, organisation or person.
    Entity,
    /// A direction of change (up or down).
    Direction,
    /// A word with an opposite (`largest`/`smallest`, `imports`/`exports`).
    Opposite,
}

impl PartKind {
    /// Lower-case name used in output.
    pub fn name(self) -> &'static str {
        match self {
            PartKind::Figure => "figure",
            PartKind::Of => "of",
            PartKind::Year => "year",
            PartKind::Month => "month",
            PartKind::Date => "date",
            PartKind::Entity => "entity",
            PartKind::Direction => "direction",
            PartKind::Opposite => "opposite",
        }
    }
}

/// A statement read into parts.
#[derive(Debug, Clone)]
pub struct Claim {
    /// The statement.
    pub text: String,
    /// Everything read from it.
    pub reading: Reading,
    /// Its years, each once, with how it writes them.
    pub years: Vec<(i32, String)>,
    /// The months it names (union), with how it writes them.
    pub months: Option<(u16, String)>,
    /// Its days (month, day), with how it writes them.
    pub days: Vec<(u8, u8, String)>,
    /// Its names, each canonical name once (index into `reading.entities`).
    pub entities: Vec<usize>,
    /// Its words with an opposite, each pair and side once (index into
    /// `reading.opposites`).
    pub opposites: Vec<usize>,
    /// Its content words other than parts, as comparable terms.
    pub topic: HashSet<String>,
    /// Every comparable term of the statement.
    pub all_terms: HashSet<String>,
}

impl Claim {
    /// Reads `statement`.
    pub fn parse(statement: &str) -> Claim {
        let reading = read(statement, true);
        let mut years: Vec<(i32, String)> = Vec::new();
        let mut months: Option<(u16, String)> = None;
        let mut days = Vec::new();
        for t in &reading.times {
            match t.when {
                When::Year(y) if !years.iter().any(|(x, _)| *x == y) => {
                    years.push((y, t.text.clone()));
                }
                When::Months(m) => {
                    months = Some(match months.take() {
                        Some((mask, text)) => (mask | m, format!("{text}, {}", t.text)),
                        None => (m, t.text.clone()),
                    });
                }
                When::Day(m, d) => days.push((m, d, t.text.clone())),
                _ => {}
            }
        }
        let mut entities: Vec<usize> = Vec::new();
        for (i, e) in reading.entities.iter().enumerate() {
            if !entities
                .iter()
                .any(|&j| reading.entities[j].canon == e.canon)
            {
                entities.push(i);
            }
        }
        let mut opposites: Vec<usize> = Vec::new();
        for (i, o) in reading.opposites.iter().enumerate() {
            if !opposites.iter().any(|&j| {
                let p = &reading.opposites[j];
                p.pair == o.pair && p.side == o.side && p.rank == o.rank
            }) {
                opposites.push(i);
            }
        }
        let topic = topic_terms(statement, &reading);
        Claim {
            text: statement.to_string(),
            all_terms: terms(statement),
            reading,
            years,
            months,
            days,
            entities,
            opposites,
            topic,
        }
    }

    /// Whether the statement has any part besides its topic words.
    pub fn has_parts(&self) -> bool {
        !self.reading.stats.is_empty()
            || !self.years.is_empty()
            || self.months.is_some()
            || !self.days.is_empty()
            || !self.entities.is_empty()
            || !self.reading.changes.is_empty()
            || !self.opposites.is_empty()
    }

    /// Why the statement cannot be checked, if it cannot: a figure, time or
    /// change needs at least one name or topic word to be about (`grew`,
    /// `13.6 percent` alone say nothing); without one, the statement must
    /// relate at least three names and topic words (`Shenyang is the
    /// capital of Liaoning`, not `Liaoning province`).
    pub fn unverifiable(&self) -> Option<&'static str> {
        if !self.has_parts() {
            return Some(
                "nothing checkable: the statement has no figure, time, name or change to compare",
            );
        }
        let timed_or_counted = !self.reading.stats.is_empty()
            || !self.years.is_empty()
            || self.months.is_some()
            || !self.days.is_empty()
            || !self.reading.changes.is_empty();
        let things = self.entities.len() + self.topic.len();
        if timed_or_counted && things == 0 {
            return Some(
                "nothing checkable: the statement does not say what its figure, time or change is about",
            );
        }
        if !timed_or_counted && things < 3 {
            return Some(
                "nothing checkable: the statement names things but states nothing about them",
            );
        }
        None
    }
}

/// The comparable terms of `text`.
pub fn terms(text: &str) -> HashSet<String> {
    analysis::analyze(text)
        .into_iter()
        .map(|t| comparable(&t.term))
        .collect()
}

/// Content terms of the statement outside its parts.
fn topic_terms(statement: &str, r: &Reading) -> HashSet<String> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    spans.extend(r.stats.iter().map(|s| (s.figure.start, s.figure.end)));
    spans.extend(r.times.iter().map(|t| (t.start, t.end)));
    spans.extend(r.entities.iter().map(|e| (e.start, e.end)));
    spans.extend(r.changes.iter().map(|c| (c.start, c.start + c.text.len())));
    analysis::analyze(statement)
        .into_iter()
        .filter(|t| !spans.iter().any(|&(a, b)| t.start >= a && t.end <= b))
        .filter(|t| !stopwords::is_stop_word(statement.get(t.start..t.end).unwrap_or_default()))
        .filter(|t| !t.term.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .filter(|t| !TIME_WORDS.contains(&t.term.as_str()))
        .map(|t| comparable(&t.term))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_breaks_into_parts_and_topic() {
        let c = Claim::parse(
            "Liaoning's foreign trade fell 13.6 percent year-on-year in the first half of 2020",
        );
        assert_eq!(c.years, [(2020, "2020".to_string())]);
        assert_eq!(c.months.as_ref().map(|m| m.0), Some(0b11_1111));
        assert_eq!(c.reading.entities[c.entities[0]].canon, "Liaoning");
        assert!(!c.reading.changes[0].up);
        let mut topic: Vec<&str> = c.topic.iter().map(String::as_str).collect();
        topic.sort_unstable();
        assert_eq!(topic, ["foreign", "trade"]);
    }

    #[test]
    fn synonyms_share_a_term() {
        assert_eq!(terms("biggest"), terms("largest"));
        assert_eq!(terms("companies"), terms("enterprises"));
    }
}
