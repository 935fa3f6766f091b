//! Comparing a statement's parts with one source sentence.
//!
//! Figures, what they are of and changes are compared with the sentence
//! itself. Years, months, dates and names may also come from the sentences
//! before it in the same passage (`In the first half of 2021, … . The
//! province received …`) and names from the document's title — the nearest
//! sentence that states one decides.

use std::collections::HashSet;

use super::Verdict;
use super::claim::{Claim, PartKind, terms};
use super::reading::{Entity, Reading, Stat, When, read};
use crate::figures::Figure;
use crate::search::Hit;
use crate::text::segment::sentence_bounds;

/// One part of a statement compared with a source.
#[derive(Debug, Clone)]
pub struct PartCheck {
    /// What kind of part.
    pub kind: PartKind,
    /// The part as the statement writes it.
    pub claimed: String,
    /// What the source states for it (the same thing in its own words, or
    /// the differing value); `None` when the source says nothing about it.
    pub stated: Option<String>,
    /// This part's verdict.
    pub verdict: Verdict,
    /// The source sentence that states `stated`.
    pub sentence: Option<String>,
    /// More about a contradiction (`registered capital is $2.22 billion`).
    pub note: Option<String>,
}

/// A candidate passage, read once.
#[derive(Debug)]
pub struct Source<'h> {
    /// The passage.
    pub hit: &'h Hit,
    /// What its text states.
    pub reading: Reading,
    /// Its sentences as byte ranges of the text.
    pub sentences: Vec<(usize, usize)>,
    /// The year of the document's date, for `last year`.
    pub doc_year: Option<i32>,
    /// Names in the document's title.
    pub title: Vec<Entity>,
}

impl<'h> Source<'h> {
    /// Reads a passage.
    pub fn new(hit: &'h Hit) -> Source<'h> {
        let text = &hit.text;
        let sentences = sentence_bounds(text)
            .map(|(at, s)| (at, at + s.len()))
            .filter(|(a, b)| text[*a..*b].chars().any(char::is_alphanumeric))
            .collect();
        let doc_year = hit
            .doc
            .date
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse().ok());
        Source {
            reading: read(text, false),
            sentences,
            doc_year,
            title: read(&hit.doc.title, false).entities,
            hit,
        }
    }

    /// The text of sentence `s`, white space normalised.
    pub fn sentence_text(&self, s: usize) -> String {
        let (a, b) = self.sentences[s];
        self.hit.text[a..b]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn range(&self, s: usize) -> (usize, usize) {
        self.sentences[s]
    }

    fn stats_in(&self, s: usize) -> Vec<&Stat> {
        let (a, b) = self.range(s);
        self.reading
            .stats
            .iter()
            .filter(|x| x.figure.start >= a && x.figure.start < b)
            .collect()
    }
}

/// The parts of a statement compared with one sentence.
#[derive(Debug, Clone)]
pub struct Judgement {
    /// Index of the sentence in its source.
    pub sentence: usize,
    /// One check per part.
    pub parts: Vec<PartCheck>,
    /// Share of the statement's topic words in the sentence.
    pub coverage: f64,
    /// How well the sentence matches (higher is better), for choosing.
    pub score: f64,
    /// For a statement without a figure: the sentence names its names
    /// itself and holds its words close together, so it states the
    /// relation rather than holding the words by chance.
    pub related: bool,
}

impl Judgement {
    /// Every part supported.
    pub fn all_supported(&self) -> bool {
        self.parts.iter().all(|p| p.verdict == Verdict::Supported)
    }

    /// Some part contradicted.
    pub fn any_contradicted(&self) -> bool {
        self.parts
            .iter()
            .any(|p| p.verdict == Verdict::Contradicted)
    }
}

/// Same value, bare.
fn same_value(a: &Figure, b: &Figure) -> bool {
    a.keys().last() == b.keys().last()
}

/// Whether source figure `x` states claimed figure `c`: the same value of
/// the same thing. Units of one quantity are converted (`48 hours` is `2
/// days`); other units and counted nouns must be the same (`2 million
/// flights` is not `2 million orders`, `13.6 percentage points` not `13.6
/// percent`). A bare number matches any unit, except that a number the
/// source says counts something must count a thing the statement names.
fn same_figure(claim: &Claim, c: &Stat, x: &Stat) -> bool {
    match (&c.noun, &x.noun) {
        (Some(a), Some(b)) => {
            if a.kind() != b.kind() {
                return false;
            }
            match (a.quantity, b.quantity) {
                // A converted value is rounded (`12 kilometres (7.5 miles)`).
                (Some((_, fa)), Some((_, fb))) if a.word != b.word => {
                    let (va, vb) = (c.figure.value * fa, x.figure.value * fb);
                    (va - vb).abs() <= 0.01 * va.abs().max(vb.abs())
                }
                _ => a.word == b.word && same_value(&c.figure, &x.figure),
            }
        }
        (None, Some(b)) if b.counted => {
            claim.all_terms.contains(&b.word) && same_value(&c.figure, &x.figure)
        }
        _ => same_value(&c.figure, &x.figure),
    }
}

/// Same kind of quantity: percent with percent (or percentage points), the
/// same currency, units of one quantity, the same counted noun.
fn same_kind(c: &Stat, x: &Stat) -> bool {
    match (&c.noun, &x.noun) {
        (Some(a), Some(b)) => a.kind() == b.kind(),
        (None, None) => true,
        _ => false,
    }
}

/// Whether source figure `x` is bound (explicitly, or by the words of its
/// clause since the figure before it — or, when those say nothing, up to
/// the figure after it) to at least half of what claimed figure `c` is
/// bound to.
fn about_the_same(c: &Stat, x: &Stat, src: &Source) -> bool {
    if c.of.terms.is_empty() {
        return false;
    }
    let words = &src.reading.words;
    let clause = words[x.first].clause;
    let stats = &src.reading.stats;
    let content = |a: usize, b: usize| -> Vec<String> {
        if a >= b {
            return Vec::new();
        }
        crate::analysis::analyze(&src.hit.text[words[a].start..words[b - 1].end])
            .into_iter()
            .filter(|t| !t.term.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
            .map(|t| super::lexicon::comparable(&t.term))
            .filter(|t| !crate::text::stopwords::is_stop_word(t))
            .collect()
    };
    let mut a = x.first;
    while a > 0 && words[a - 1].clause == clause && !stats.iter().any(|s| s.last == a) {
        a -= 1;
    }
    let mut around = content(a, x.first);
    if around.is_empty() {
        let mut b = x.last;
        while b < words.len() && words[b].clause == clause && !stats.iter().any(|s| s.first == b) {
            b += 1;
        }
        around = content(x.last, b);
    }
    let shared =
        c.of.terms
            .iter()
            .filter(|t| {
                let t = super::lexicon::comparable(t);
                x.of.terms
                    .iter()
                    .any(|o| super::lexicon::comparable(o) == t)
                    || around.contains(&t)
            })
            .count();
    shared * 2 >= c.of.terms.len()
}

/// Whether `x` and `y` use the same unit or noun.
fn same_unit(x: &Stat, y: &Stat) -> bool {
    x.noun.as_ref().map(|n| &n.word) == y.noun.as_ref().map(|n| &n.word)
}

fn check(
    kind: PartKind,
    claimed: &str,
    verdict: Verdict,
    stated: Option<String>,
    sentence: Option<String>,
) -> PartCheck {
    PartCheck {
        kind,
        claimed: claimed.to_string(),
        stated,
        verdict,
        sentence,
        note: None,
    }
}

/// Compares `claim` with sentence `s` of `src`.
pub fn judge(claim: &Claim, src: &Source, s: usize) -> Judgement {
    let sentence = src.sentence_text(s);
    let (a, b) = src.range(s);
    let sentence_terms = terms(&src.hit.text[a..b]);
    let stats = src.stats_in(s);
    let mut parts = Vec::new();
    let mut figures_supported = 0usize;
    // Credit for a differing figure of the same kind: the sentence is about
    // the same quantity.
    let mut rivals = 0.0;
    // Which source figure each claimed figure was matched with.
    let mut matched: Vec<Option<&Stat>> = Vec::with_capacity(claim.reading.stats.len());

    for c in &claim.reading.stats {
        let best_match = stats
            .iter()
            .filter(|x| same_figure(claim, c, x))
            .max_by_key(|x| c.of.overlap(&x.of))
            .copied();
        matched.push(best_match);
    }
    // A source figure that states another of the statement's figures is no
    // rival: it belongs to another part.
    let taken = |x: &Stat| matched.iter().flatten().any(|m| std::ptr::eq(*m, x));

    for (c, best_match) in claim.reading.stats.iter().zip(&matched) {
        if let Some(k) = *best_match {
            figures_supported += 1;
            parts.push(check(
                PartKind::Figure,
                &c.text,
                Verdict::Supported,
                Some(k.text.clone()),
                Some(sentence.clone()),
            ));
            if !c.of.terms.is_empty() {
                parts.push(judge_of(c, k, &stats, &sentence_terms, &sentence));
            }
        } else {
            // The same kind of figure for the same thing, or the closest value.
            // Only a figure about the same thing: the same counted noun
            // (`100 flights` against `2 million flights`), bound to at
            // least half of what the statement binds the figure to, or
            // the only candidate when the statement has one figure.
            let candidates: Vec<&Stat> = stats
                .iter()
                .copied()
                .filter(|x| same_kind(c, x) && !taken(x))
                .collect();
            let alone = claim.reading.stats.len() == 1 && candidates.len() == 1;
            let rival = candidates
                .iter()
                .filter(|x| {
                    alone || c.noun.as_ref().is_some_and(|n| n.counted) || about_the_same(c, x, src)
                })
                .max_by(|x, y| {
                    let ox = c.of.overlap(&x.of);
                    let oy = c.of.overlap(&y.of);
                    ox.cmp(&oy).then_with(|| {
                        let dx = (x.figure.value - c.figure.value).abs();
                        let dy = (y.figure.value - c.figure.value).abs();
                        dy.total_cmp(&dx)
                    })
                })
                .copied();
            if let Some(r) = rival {
                rivals += if same_unit(c, r) { 1.5 } else { 0.5 };
            }
            match rival {
                Some(r) => parts.push(check(
                    PartKind::Figure,
                    &c.text,
                    Verdict::Contradicted,
                    Some(r.text.clone()),
                    Some(sentence.clone()),
                )),
                None => parts.push(check(
                    PartKind::Figure,
                    &c.text,
                    Verdict::NotFound,
                    None,
                    None,
                )),
            }
            if !c.of.terms.is_empty() {
                let stated = rival
                    .filter(|r| !r.of.terms.is_empty())
                    .map(|r| r.of.text.clone());
                let verdict = if rival.is_some_and(|r| c.of.overlap(&r.of) > 0) {
                    Verdict::Supported
                } else {
                    Verdict::NotFound
                };
                parts.push(PartCheck {
                    note: Some(format!("of {}", c.text)),
                    ..check(PartKind::Of, &c.of.text, verdict, stated, None)
                });
            }
        }
    }

    judge_times(claim, src, s, &mut parts);
    judge_entities(claim, src, s, &mut parts);
    judge_changes(claim, src, s, &matched, &sentence, &mut parts);
    judge_opposites(claim, src, s, &sentence, &mut parts);
    let related = !claim.reading.stats.is_empty() || relates(claim, src, s);

    let hits = claim
        .topic
        .iter()
        .filter(|t| sentence_terms.contains(*t))
        .count();
    let coverage = if claim.topic.is_empty() {
        1.0
    } else {
        hits as f64 / claim.topic.len() as f64
    };
    let supported = parts
        .iter()
        .filter(|p| p.verdict == Verdict::Supported)
        .count();
    let score = supported as f64 + 2.0 * figures_supported as f64 + hits as f64 + rivals;
    Judgement {
        sentence: s,
        parts,
        coverage,
        score,
        related,
    }
}

/// Whether the source binds figure `k` to what the statement binds `c` to.
fn judge_of(
    c: &Stat,
    k: &Stat,
    stats: &[&Stat],
    sentence_terms: &HashSet<String>,
    sentence: &str,
) -> PartCheck {
    let own = c.of.overlap(&k.of);
    let rival = stats
        .iter()
        .filter(|j| !std::ptr::eq(**j, k) && same_kind(c, j))
        .filter(|j| c.of.overlap(&j.of) > own)
        .max_by_key(|j| c.of.overlap(&j.of));
    let stated = (!k.of.terms.is_empty()).then(|| k.of.text.clone());
    let base = |verdict| PartCheck {
        note: Some(format!("of {}", c.text)),
        ..check(
            PartKind::Of,
            &c.of.text,
            verdict,
            stated.clone(),
            Some(sentence.to_string()),
        )
    };
    if let Some(j) = rival
        && !k.of.terms.is_empty()
    {
        let mut p = base(Verdict::Contradicted);
        p.note = Some(format!(
            "the source gives {} for {} and {} for {}",
            k.text, k.of.text, j.text, j.of.text
        ));
        return p;
    }
    if !k.of.terms.is_empty() && own == 0 {
        let present =
            c.of.terms
                .iter()
                .filter(|t| sentence_terms.contains(*t))
                .count();
        if present * 2 < c.of.terms.len() {
            return base(Verdict::NotFound);
        }
    }
    base(Verdict::Supported)
}

/// The sentence `s` or, when it has none, the nearest sentence before it in
/// the passage with something `pick` returns; with that sentence's index.
fn nearest<T>(
    src: &Source,
    s: usize,
    pick: impl Fn(usize, usize) -> Vec<T>,
) -> (Vec<T>, Option<usize>) {
    for i in (0..=s).rev() {
        let (a, b) = src.range(i);
        let found = pick(a, b);
        if !found.is_empty() {
            return (found, Some(i));
        }
    }
    (Vec::new(), None)
}

fn judge_times(claim: &Claim, src: &Source, s: usize, parts: &mut Vec<PartCheck>) {
    let times = &src.reading.times;
    let in_range = |a: usize, b: usize| times.iter().filter(move |t| t.start >= a && t.start < b);
    let sentence_of = |i: Option<usize>| i.map(|i| src.sentence_text(i));

    if !claim.years.is_empty() {
        let (years, at) = nearest(src, s, |a, b| {
            in_range(a, b)
                .filter_map(|t| match t.when {
                    When::Year(y) => Some((y, t.text.clone())),
                    When::Relative(r) => src
                        .doc_year
                        .map(|d| (d + r, format!("{} ({})", t.text, d + r))),
                    _ => None,
                })
                .collect()
        });
        for (y, text) in &claim.years {
            let part = if let Some((_, said)) = years.iter().find(|(x, _)| x == y) {
                check(
                    PartKind::Year,
                    text,
                    Verdict::Supported,
                    Some(said.clone()),
                    sentence_of(at),
                )
            } else if years.is_empty() {
                check(PartKind::Year, text, Verdict::NotFound, None, None)
            } else {
                let said: Vec<&str> = years.iter().map(|(_, t)| t.as_str()).collect();
                check(
                    PartKind::Year,
                    text,
                    Verdict::Contradicted,
                    Some(said.join(", ")),
                    sentence_of(at),
                )
            };
            parts.push(part);
        }
    }

    if let Some((mask, text)) = &claim.months {
        let (months, at) = nearest(src, s, |a, b| {
            in_range(a, b)
                .filter_map(|t| match t.when {
                    When::Months(m) => Some((m, t.text.clone())),
                    When::Day(m, _) => Some((1 << (m - 1), t.text.clone())),
                    _ => None,
                })
                .collect()
        });
        let union = months.iter().fold(0u16, |acc, (m, _)| acc | m);
        let said: Vec<&str> = months.iter().map(|(_, t)| t.as_str()).collect();
        let part = if months.iter().any(|(m, _)| m == mask) || (union == *mask && union != 0) {
            check(
                PartKind::Month,
                text,
                Verdict::Supported,
                Some(said.join(", ")),
                sentence_of(at),
            )
        } else if months.is_empty() {
            check(PartKind::Month, text, Verdict::NotFound, None, None)
        } else {
            check(
                PartKind::Month,
                text,
                Verdict::Contradicted,
                Some(said.join(", ")),
                sentence_of(at),
            )
        };
        parts.push(part);
    }

    for (m, d, text) in &claim.days {
        let (days, at) = nearest(src, s, |a, b| {
            in_range(a, b)
                .filter_map(|t| match t.when {
                    When::Day(m2, d2) => Some((m2, d2, t.text.clone())),
                    _ => None,
                })
                .collect()
        });
        let part = if let Some((_, _, said)) = days.iter().find(|(m2, d2, _)| m2 == m && d2 == d) {
            check(
                PartKind::Date,
                text,
                Verdict::Supported,
                Some(said.clone()),
                sentence_of(at),
            )
        } else if days.is_empty() {
            check(PartKind::Date, text, Verdict::NotFound, None, None)
        } else {
            let said: Vec<&str> = days.iter().map(|(_, _, t)| t.as_str()).collect();
            check(
                PartKind::Date,
                text,
                Verdict::Contradicted,
                Some(said.join(", ")),
                sentence_of(at),
            )
        };
        parts.push(part);
    }
}

/// Whether the words of `src` in `a..b` mention `e`.
fn mentions(src: &Source, a: usize, b: usize, e: &Entity) -> Option<String> {
    if let Some(x) = src
        .reading
        .entities
        .iter()
        .find(|x| x.start >= a && x.start < b && x.canon == e.canon)
    {
        return Some(x.text.clone());
    }
    if e.class == super::lexicon::Class::Name {
        let want: Vec<&str> = e.canon.split(' ').collect();
        let ws: Vec<&str> = src
            .reading
            .words
            .iter()
            .filter(|w| w.start >= a && w.start < b)
            .map(|w| w.lower.as_str())
            .collect();
        if ws.windows(want.len()).any(|win| win == want.as_slice()) {
            return Some(e.text.clone());
        }
    }
    None
}

fn judge_entities(claim: &Claim, src: &Source, s: usize, parts: &mut Vec<PartCheck>) {
    let (a, b) = src.range(s);
    let claimed: Vec<&Entity> = claim
        .entities
        .iter()
        .map(|&i| &claim.reading.entities[i])
        .collect();
    let unclaimed = |x: &&Entity, e: &Entity| {
        !x.demonym
            && x.class.is_place() == e.class.is_place()
            && !claimed.iter().any(|c| c.canon == x.canon)
            && !claim.text.to_lowercase().contains(&x.canon)
    };
    let pick_other = |from: usize, to: usize, e: &Entity| -> Option<(String, usize)> {
        let others: Vec<&Entity> = src
            .reading
            .entities
            .iter()
            .filter(|x| x.start >= from && x.start < to)
            .filter(|x| unclaimed(x, e))
            .collect();
        others
            .iter()
            .find(|x| x.class == e.class)
            .or_else(|| others.first())
            .map(|x| (x.text.clone(), x.start))
    };
    let in_context = |e: &Entity| -> Option<PartCheck> {
        if let Some(i) = (0..s).rev().find(|&i| {
            let (x, y) = src.range(i);
            mentions(src, x, y, e).is_some()
        }) {
            let (x, y) = src.range(i);
            let said = mentions(src, x, y, e);
            let sentence = Some(src.sentence_text(i));
            return Some(check(
                PartKind::Entity,
                &e.text,
                Verdict::Supported,
                said,
                sentence,
            ));
        }
        let t = src.title.iter().find(|t| t.canon == e.canon)?;
        let said = Some(t.text.clone());
        Some(check(
            PartKind::Entity,
            &e.text,
            Verdict::Supported,
            said,
            None,
        ))
    };
    for e in claimed.iter().copied() {
        let sentence = Some(src.sentence_text(s));
        let found =
            |verdict, said| check(PartKind::Entity, &e.text, verdict, said, sentence.clone());
        // A place named in the sentence is where the fact happened, so
        // another place there contradicts before the passage is consulted;
        // other names (`the zone`, `the company`) are often named a
        // sentence before.
        let context_first = !e.class.is_place();
        let part = if let Some(said) = mentions(src, a, b, e) {
            found(Verdict::Supported, Some(said))
        } else if let Some(p) = in_context(e).filter(|_| context_first) {
            p
        } else if let Some((other, _)) = pick_other(a, b, e) {
            found(Verdict::Contradicted, Some(other))
        } else if let Some(p) = in_context(e) {
            p
        } else if let Some((other, at)) = pick_other(0, a, e) {
            let i = src
                .sentences
                .iter()
                .rposition(|&(x, _)| x <= at)
                .unwrap_or(0);
            let sentence = Some(src.sentence_text(i));
            check(
                PartKind::Entity,
                &e.text,
                Verdict::Contradicted,
                Some(other),
                sentence,
            )
        } else {
            check(PartKind::Entity, &e.text, Verdict::NotFound, None, None)
        };
        parts.push(part);
    }
}

fn judge_changes(
    claim: &Claim,
    src: &Source,
    s: usize,
    matched: &[Option<&Stat>],
    sentence: &str,
    parts: &mut Vec<PartCheck>,
) {
    let cw = &claim.reading.words;
    let (a, b) = src.range(s);
    let sw = &src.reading.words;
    let changes: Vec<_> = src
        .reading
        .changes
        .iter()
        .filter(|c| c.start >= a && c.start < b)
        .collect();
    for ch in &claim.reading.changes {
        // The claimed figure this change is about: nearest in its clause.
        let bound = claim
            .reading
            .stats
            .iter()
            .enumerate()
            .filter(|(_, x)| cw[x.first].clause == cw[ch.word].clause)
            .min_by_key(|(_, x)| x.first.abs_diff(ch.word))
            .map(|(i, _)| i);
        let anchor = bound.and_then(|i| matched.get(i).copied().flatten());
        let stated = match (bound, anchor) {
            // The change is about a figure this sentence does not state.
            (Some(_), None) => None,
            (_, Some(k)) => {
                let clause = sw[k.first].clause;
                changes
                    .iter()
                    .filter(|c| sw[c.word].clause == clause)
                    .min_by_key(|c| c.word.abs_diff(k.first))
                    .or_else(|| changes.iter().min_by_key(|c| c.word.abs_diff(k.first)))
            }
            (None, None) => changes.first(),
        };
        let part = match stated {
            Some(c) if c.up == ch.up => check(
                PartKind::Direction,
                &ch.text,
                Verdict::Supported,
                Some(c.text.clone()),
                Some(sentence.to_string()),
            ),
            Some(c) => check(
                PartKind::Direction,
                &ch.text,
                Verdict::Contradicted,
                Some(c.text.clone()),
                Some(sentence.to_string()),
            ),
            None => check(PartKind::Direction, &ch.text, Verdict::NotFound, None, None),
        };
        parts.push(part);
    }
}

fn judge_opposites(
    claim: &Claim,
    src: &Source,
    s: usize,
    sentence: &str,
    parts: &mut Vec<PartCheck>,
) {
    let (a, b) = src.range(s);
    let here: Vec<_> = src
        .reading
        .opposites
        .iter()
        .filter(|o| o.start >= a && o.start < b)
        .collect();
    for &i in &claim.opposites {
        let o = &claim.reading.opposites[i];
        // `second-largest` is not `largest`: the same side at another rank
        // is another statement.
        let same = here
            .iter()
            .find(|x| x.pair == o.pair && x.side == o.side && x.rank == o.rank);
        let other = here.iter().find(|x| x.pair == o.pair);
        let part = match (same, other) {
            (Some(x), _) => check(
                PartKind::Opposite,
                &o.text,
                Verdict::Supported,
                Some(x.text.clone()),
                Some(sentence.to_string()),
            ),
            (None, Some(x)) => check(
                PartKind::Opposite,
                &o.text,
                Verdict::Contradicted,
                Some(x.text.clone()),
                Some(sentence.to_string()),
            ),
            (None, None) => check(PartKind::Opposite, &o.text, Verdict::NotFound, None, None),
        };
        parts.push(part);
    }
}

/// Whether sentence `s` states what a statement without figures relates:
/// every name of the statement is in the sentence itself (not only in the
/// passage or title), and the statement's names, opposites and topic words
/// found there sit within a short span (`Japan is Liaoning's biggest
/// trading partner`, not `capital` in one clause and `Dalian` in another).
fn relates(claim: &Claim, src: &Source, s: usize) -> bool {
    let (a, b) = src.range(s);
    // (byte offset, item) for every occurrence of an item in the sentence.
    let mut at: Vec<(usize, usize)> = Vec::new();
    let mut items = 0;
    for &i in &claim.entities {
        let e = &claim.reading.entities[i];
        let found: Vec<usize> = src
            .reading
            .entities
            .iter()
            .filter(|x| x.start >= a && x.start < b && x.canon == e.canon)
            .map(|x| x.start)
            .collect();
        if found.is_empty() {
            match mentions(src, a, b, e) {
                Some(_) => {}
                None => return false,
            }
            continue;
        }
        at.extend(found.into_iter().map(|p| (p, items)));
        items += 1;
    }
    for &i in &claim.opposites {
        let o = &claim.reading.opposites[i];
        let found: Vec<usize> = src
            .reading
            .opposites
            .iter()
            .filter(|x| x.start >= a && x.start < b && x.pair == o.pair)
            .map(|x| x.start)
            .collect();
        if !found.is_empty() {
            at.extend(found.into_iter().map(|p| (p, items)));
            items += 1;
        }
    }
    let text = &src.hit.text[a..b];
    let mut topic: Vec<(String, usize)> = Vec::new();
    for t in crate::analysis::analyze(text) {
        let term = super::lexicon::comparable(&t.term);
        if claim.topic.contains(&term) {
            topic.push((term, a + t.start));
        }
    }
    let mut names: Vec<&String> = topic.iter().map(|(t, _)| t).collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        at.extend(
            topic
                .iter()
                .filter(|(t, _)| t == name)
                .map(|(_, p)| (*p, items)),
        );
        items += 1;
    }
    if items < 2 {
        return true;
    }
    // The shortest run of words holding one occurrence of every item.
    let words = &src.reading.words;
    let word_at = |p: usize| words.partition_point(|w| w.start < p);
    let mut pos: Vec<(usize, usize)> = at.into_iter().map(|(p, i)| (word_at(p), i)).collect();
    pos.sort_unstable();
    let mut count = vec![0usize; items];
    let mut have = 0;
    let mut best = usize::MAX;
    let mut lo = 0;
    for hi in 0..pos.len() {
        let item = pos[hi].1;
        if count[item] == 0 {
            have += 1;
        }
        count[item] += 1;
        while have == items {
            best = best.min(pos[hi].0 - pos[lo].0 + 1);
            let first = pos[lo].1;
            count[first] -= 1;
            if count[first] == 0 {
                have -= 1;
            }
            lo += 1;
        }
    }
    best <= 3 * items + 3
}
