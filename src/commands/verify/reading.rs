//! What a text states, in the parts `verify` checks: its figures and what
//! each is a figure *of*, its years, months and dates, the places, companies
//! and other names it mentions, and the changes (up or down) it reports.
//!
//! The same reader runs on the statement and on every candidate passage, so
//! both sides are cut the same way.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::lexicon::{
    COMPARISON_BEFORE, COUNTED_WORDS, Class, DEMONYMS, DOWN_WORDS, GENERIC_HEADS, HEDGES,
    LINK_VERBS, LINKS, MAY_PREPOSITIONS, MONTHS, NAMES, NOT_NAMES, NOT_US_BEFORE_AMERICA,
    OPPOSITES, PERIODS, PHRASAL_BEFORE_UP, UNIT_WORDS, UP_WORDS,
};
use super::words::{Word, words};
use crate::analysis;
use crate::figures::{self, Figure, Unit};
use crate::text::stopwords;

/// A statistic with where it sits among the words.
#[derive(Debug, Clone)]
pub struct Stat {
    /// The figure.
    pub figure: Figure,
    /// The figure as written.
    pub text: String,
    /// Index of its first word.
    pub first: usize,
    /// Index one past its last word.
    pub last: usize,
    /// What it is a figure of.
    pub of: Binding,
    /// What it counts or measures, as compared (`None` for a bare number).
    pub noun: Option<Noun>,
}

/// What a figure counts or measures, in comparable form: `percent`,
/// `percentage points`, a currency code, `times`, a unit of a known
/// quantity (`hours`, `feet`) or the stem of a counted noun (`flight`).
#[derive(Debug, Clone, PartialEq)]
pub struct Noun {
    /// The comparable word (a unit name, a code or a stem).
    pub word: String,
    /// The quantity and the unit's size in its base unit, for units of
    /// time, length, mass and area.
    pub quantity: Option<(&'static str, f64)>,
    /// A counted noun (`flights`, `people`), not a unit.
    pub counted: bool,
}

impl Noun {
    /// The kind of quantity: the same for `hours` and `days`, for
    /// `percent` and `percentage points`; otherwise the word.
    pub fn kind(&self) -> &str {
        match self.quantity {
            Some((q, _)) => q,
            None if self.word.starts_with("percent") => "percent",
            None => &self.word,
        }
    }
}

/// A word of one side of an [`OPPOSITES`] pair.
#[derive(Debug, Clone)]
pub struct Opposite {
    /// Index of the pair.
    pub pair: usize,
    /// Which side (false: the left list).
    pub side: bool,
    /// The rank an ordinal before it gives (`second-largest` is 2), else 1.
    pub rank: u8,
    /// As written (with its ordinal).
    pub text: String,
    /// Byte offset.
    pub start: usize,
}

/// The noun phrase a figure is bound to.
#[derive(Debug, Clone, Default)]
pub struct Binding {
    /// The phrase as written (empty when unknown).
    pub text: String,
    /// Its analysed content terms.
    pub terms: Vec<String>,
    /// Found through an explicit pattern (`X of FIG`, `X worth FIG`, a
    /// `respectively` list) rather than the words around the figure.
    pub explicit: bool,
}

impl Binding {
    /// Number of terms shared with `other`.
    pub fn overlap(&self, other: &Binding) -> usize {
        self.terms
            .iter()
            .filter(|t| other.terms.contains(t))
            .count()
    }
}

/// A point or span of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A calendar year.
    Year(i32),
    /// Months of a year, bit `m - 1` for month `m` (`first half` = Jan–Jun).
    Months(u16),
    /// A day of a month (month, day).
    Day(u8, u8),
    /// `last year` (-1), `this year` (0), `next year` (1), resolved against
    /// the document's date.
    Relative(i32),
}

/// A time mention.
#[derive(Debug, Clone)]
pub struct Time {
    /// What it says.
    pub when: When,
    /// As written.
    pub text: String,
    /// Byte span.
    pub start: usize,
    /// Byte span end.
    pub end: usize,
}

/// A named place, company or other name.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Canonical name (`South Korea` for `ROK`; lower-case words for other
    /// names).
    pub canon: String,
    /// What it names.
    pub class: Class,
    /// An adjective of nationality (`Japanese`).
    pub demonym: bool,
    /// As written.
    pub text: String,
    /// Byte offset.
    pub start: usize,
    /// Byte offset one past its last word.
    pub end: usize,
}

/// A word of change.
#[derive(Debug, Clone)]
pub struct Change {
    /// Increase (true) or decrease.
    pub up: bool,
    /// As written.
    pub text: String,
    /// Index of the word.
    pub word: usize,
    /// Byte offset.
    pub start: usize,
}

/// Everything read from one text.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// Its words.
    pub words: Vec<Word>,
    /// Its statistics, in order.
    pub stats: Vec<Stat>,
    /// Its time mentions.
    pub times: Vec<Time>,
    /// Its names.
    pub entities: Vec<Entity>,
    /// Its words of change.
    pub changes: Vec<Change>,
    /// Its words of a pair of opposites, outside names.
    pub opposites: Vec<Opposite>,
}

/// Reads `text`. For a statement (`statement`), a figure without an
/// explicit binding is bound to the other words of its clause.
pub fn read(text: &str, statement: bool) -> Reading {
    let words = words(text);
    let mut stats: Vec<Stat> = figures::extract(text)
        .into_iter()
        .filter(|f| f.label.is_none())
        .filter_map(|f| {
            let first = words.iter().position(|w| w.end > f.start)?;
            let last = words
                .iter()
                .rposition(|w| w.start < f.end)
                .map_or(first + 1, |i| i + 1);
            Some(Stat {
                text: text.get(f.start..f.end).unwrap_or_default().to_string(),
                figure: f,
                first,
                last: last.max(first + 1),
                of: Binding::default(),
                noun: None,
            })
        })
        .collect();
    for st in &mut stats {
        st.noun = noun_of(text, &words, st);
    }
    let in_stat = {
        let mut v = vec![false; words.len()];
        for s in &stats {
            for slot in v.iter_mut().take(s.last).skip(s.first) {
                *slot = true;
            }
        }
        v
    };
    let times = read_times(&words, &in_stat);
    let entities = read_entities(&words, &in_stat);
    let changes = read_changes(&words, &in_stat, &stats);
    bind(text, &words, &in_stat, &mut stats, statement);
    let opposites = read_opposites(&words, &entities);
    Reading {
        words,
        stats,
        times,
        entities,
        changes,
        opposites,
    }
}

/// The stem a counted noun is compared by (`flights` → `flight`,
/// `companies` → the stand-in of `compani`).
fn stem(word: &str) -> String {
    let last = word.rsplit('-').next().unwrap_or(word);
    analysis::analyze(last)
        .into_iter()
        .last()
        .map_or_else(|| last.to_string(), |t| super::lexicon::comparable(&t.term))
}

fn unit_word(word: &str) -> Option<Noun> {
    UNIT_WORDS
        .iter()
        .find(|(w, _, _)| *w == word)
        .map(|(w, q, size)| Noun {
            word: (*w).to_string(),
            quantity: Some((q, *size)),
            counted: false,
        })
}

/// What `st` counts or measures: its unit, or for a number without one the
/// unit or counted word right after it (`400 feet`, `13 people`).
fn noun_of(text: &str, words: &[Word], st: &Stat) -> Option<Noun> {
    let plain = |word: String| Noun {
        word,
        quantity: None,
        counted: false,
    };
    let counted = |word: String| Noun {
        word,
        quantity: None,
        counted: true,
    };
    match &st.figure.unit {
        Some(Unit::Percent) => {
            let written = text
                .get(st.figure.start..st.figure.end)
                .unwrap_or_default()
                .to_lowercase();
            Some(plain(if written.contains("point") {
                "percentage points".to_string()
            } else {
                "percent".to_string()
            }))
        }
        Some(Unit::Currency(code)) => Some(plain((*code).to_string())),
        Some(Unit::Times) => Some(plain("times".to_string())),
        Some(Unit::Measure(m)) => unit_word(m).or_else(|| Some(plain(m.clone()))),
        Some(Unit::Count(w)) => {
            let lower = w.to_lowercase();
            unit_word(&lower).or_else(|| Some(counted(stem(&lower))))
        }
        None => {
            let next = words.get(st.last)?;
            if next.clause != words[st.last - 1].clause || next.capitalised() {
                return None;
            }
            let l = next.lower.as_str();
            unit_word(l).or_else(|| COUNTED_WORDS.contains(&l).then(|| counted(stem(l))))
        }
    }
}

fn read_opposites(words: &[Word], entities: &[Entity]) -> Vec<Opposite> {
    const ORDINALS: &[(&str, u8)] = &[
        ("second", 2),
        ("2nd", 2),
        ("third", 3),
        ("3rd", 3),
        ("fourth", 4),
        ("4th", 4),
        ("fifth", 5),
        ("5th", 5),
        ("sixth", 6),
        ("seventh", 7),
        ("eighth", 8),
        ("ninth", 9),
        ("tenth", 10),
    ];
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let ordinal = i
            .checked_sub(1)
            .and_then(|p| words.get(p))
            .and_then(|p| ORDINALS.iter().find(|(o, _)| *o == p.lower))
            .map(|&(_, r)| r);
        if entities
            .iter()
            .any(|e| w.start >= e.start && w.start < e.end)
        {
            continue;
        }
        for (pair, (left, right)) in OPPOSITES.iter().enumerate() {
            let l = w.lower.as_str();
            let side = if left.contains(&l) {
                Some(false)
            } else if right.contains(&l) {
                Some(true)
            } else {
                None
            };
            if let Some(side) = side {
                let text = match ordinal {
                    Some(_) => format!("{}-{}", words[i - 1].text, w.text),
                    None => w.text.clone(),
                };
                out.push(Opposite {
                    pair,
                    side,
                    rank: ordinal.unwrap_or(1),
                    text,
                    start: w.start,
                });
            }
        }
    }
    out
}

fn month_of(w: &Word, words: &[Word], i: usize) -> Option<u8> {
    if !w.capitalised() {
        return None;
    }
    let lower = w.lower.trim_end_matches('.');
    let m = MONTHS.iter().find(|(name, _)| *name == lower)?.1;
    if m == 5 {
        let next_number = words.get(i + 1).is_some_and(Word::is_number);
        let prep = i
            .checked_sub(1)
            .and_then(|p| words.get(p))
            .is_some_and(|p| MAY_PREPOSITIONS.contains(&p.lower.as_str()));
        if !next_number && !prep {
            return None;
        }
    }
    Some(m)
}

fn small_number(w: &Word, max: u32) -> Option<u8> {
    if w.text.len() > 2 || !w.text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: u32 = w.text.parse().ok()?;
    (1..=max).contains(&n).then_some(n as u8)
}

fn read_times(words: &[Word], in_stat: &[bool]) -> Vec<Time> {
    let mut out = Vec::new();
    let span = |a: usize, b: usize| (words[a].start, words[b].end);
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if in_stat[i] {
            i += 1;
            continue;
        }
        // Years.
        if w.text.len() == 4
            && w.text.chars().all(|c| c.is_ascii_digit())
            && let Ok(y) = w.text.parse::<i32>()
            && (1800..=2100).contains(&y)
        {
            out.push(Time {
                when: When::Year(y),
                text: w.text.clone(),
                start: w.start,
                end: w.end,
            });
            i += 1;
            continue;
        }
        // Months, days and month ranges.
        if let Some(m) = month_of(w, words, i) {
            let next = words.get(i + 1);
            if let Some(d) = next.and_then(|n| small_number(n, 31)) {
                let (s, e) = span(i, i + 1);
                out.push(time(When::Day(m, d), words, s, e, i, i + 1));
                i += 2;
                continue;
            }
            if let Some(d) = i
                .checked_sub(1)
                .and_then(|p| words.get(p))
                .and_then(|p| small_number(p, 31))
            {
                let (s, e) = span(i - 1, i);
                out.push(time(When::Day(m, d), words, s, e, i - 1, i));
                i += 1;
                continue;
            }
            // `January to June`, `January-June`.
            let to = next.is_some_and(|n| matches!(n.lower.as_str(), "to" | "through" | "until"));
            let (j, end_month) = if to {
                (
                    i + 2,
                    words.get(i + 2).and_then(|n| month_of(n, words, i + 2)),
                )
            } else {
                (i + 1, next.and_then(|n| month_of(n, words, i + 1)))
            };
            if let Some(m2) = end_month
                && m2 > m
            {
                let mask = (m..=m2).fold(0u16, |acc, k| acc | 1 << (k - 1));
                let (s, e) = span(i, j);
                out.push(time(When::Months(mask), words, s, e, i, j));
                i = j + 1;
                continue;
            }
            out.push(time(
                When::Months(1 << (m - 1)),
                words,
                w.start,
                w.end,
                i,
                i,
            ));
            i += 1;
            continue;
        }
        // Named parts of a year.
        if let Some((len, mask)) = PERIODS.iter().find_map(|(seq, mask)| {
            let fits = seq
                .iter()
                .enumerate()
                .all(|(k, s)| words.get(i + k).is_some_and(|x| x.lower == *s));
            fits.then_some((seq.len(), *mask))
        }) {
            let (s, e) = span(i, i + len - 1);
            out.push(time(When::Months(mask), words, s, e, i, i + len - 1));
            i += len;
            continue;
        }
        // `end of 2020`, `end of the year`, `end of this year`.
        if w.lower == "end" && words.get(i + 1).is_some_and(|x| x.lower == "of") {
            let after = words.get(i + 2);
            let year_next = after.is_some_and(|x| x.text.len() == 4 && x.is_number());
            let the_year = after
                .is_some_and(|x| matches!(x.lower.as_str(), "the" | "this" | "last"))
                && words.get(i + 3).is_some_and(|x| x.lower == "year");
            if year_next || the_year {
                let (s, e) = span(i, i + 1);
                out.push(time(When::Months(1 << 11), words, s, e, i, i + 1));
            }
        }
        // `last year`, `this year`, `next year` — unless a comparison base.
        if let Some(rel) = match w.lower.as_str() {
            "last" | "past" | "previous" => Some(-1),
            "this" | "current" => Some(0),
            "next" | "coming" => Some(1),
            _ => None,
        } && words.get(i + 1).is_some_and(|x| x.lower == "year")
            && words.get(i + 2).is_none_or(|x| x.lower != "on")
        {
            let before = i.checked_sub(1).and_then(|p| words.get(p));
            let before2 = i.checked_sub(2).and_then(|p| words.get(p));
            let comparison = before.is_some_and(|b| COMPARISON_BEFORE.contains(&b.lower.as_str()))
                || (before.is_some_and(|b| b.lower == "the")
                    && before2.is_some_and(|b| COMPARISON_BEFORE.contains(&b.lower.as_str())));
            if !comparison {
                let (s, e) = span(i, i + 1);
                out.push(time(When::Relative(rel), words, s, e, i, i + 1));
            }
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}

fn time(when: When, words: &[Word], start: usize, end: usize, a: usize, b: usize) -> Time {
    let text = words[a..=b]
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Time {
        when,
        text,
        start,
        end,
    }
}

/// An alias: its words in lower case, whether each must match in capitals,
/// the canonical name, class and whether it is a demonym.
struct Alias {
    words: Vec<String>,
    exact: Vec<bool>,
    canon: &'static str,
    class: Class,
    demonym: bool,
}

fn aliases() -> &'static HashMap<String, Vec<Alias>> {
    static TABLE: OnceLock<HashMap<String, Vec<Alias>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: HashMap<String, Vec<Alias>> = HashMap::new();
        let mut add = |spelling: &str, canon: &'static str, class: Class, demonym: bool| {
            let ws = words(spelling);
            let Some(first) = ws.first() else {
                return;
            };
            let exact = ws
                .iter()
                .map(|w| w.text.len() <= 4 && w.text.chars().all(|c| c.is_ascii_uppercase()))
                .collect();
            table.entry(first.lower.clone()).or_default().push(Alias {
                words: ws.iter().map(|w| w.lower.clone()).collect(),
                exact,
                canon,
                class,
                demonym,
            });
        };
        for (canon, class, spellings) in NAMES {
            for s in *spellings {
                add(s, canon, *class, false);
            }
        }
        for (demonym, canon) in DEMONYMS {
            let class = NAMES
                .iter()
                .find(|(c, _, _)| c == canon)
                .map_or(Class::Country, |(_, class, _)| *class);
            add(demonym, canon, class, true);
        }
        for list in table.values_mut() {
            list.sort_by_key(|a| std::cmp::Reverse(a.words.len()));
        }
        table
    })
}

fn alias_at(words: &[Word], i: usize) -> Option<(&'static Alias, usize)> {
    let list = aliases().get(&words[i].lower)?;
    list.iter().find_map(|a| {
        let fits = a.words.iter().enumerate().all(|(k, lw)| {
            words.get(i + k).is_some_and(|w| {
                &w.lower == lw
                    && (!a.exact[k]
                        || w.text.to_lowercase() == *lw && w.text == w.text.to_uppercase())
                    && (k == 0 || w.clause == words[i].clause)
            })
        });
        let america = a.canon == "United States"
            && a.words.len() == 1
            && words[i].lower == "america"
            && i.checked_sub(1)
                .and_then(|p| words.get(p))
                .is_some_and(|p| NOT_US_BEFORE_AMERICA.contains(&p.lower.as_str()));
        (fits && !america).then_some((a, a.words.len()))
    })
}

fn read_entities(words: &[Word], in_stat: &[bool]) -> Vec<Entity> {
    let mut out = Vec::new();
    let mut covered = vec![false; words.len()];
    let mut i = 0;
    while i < words.len() {
        if !in_stat[i]
            && let Some((a, len)) = alias_at(words, i)
        {
            let end = words[i + len - 1].end;
            out.push(Entity {
                canon: a.canon.to_string(),
                class: a.class,
                demonym: a.demonym,
                text: words[i..i + len]
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                start: words[i].start,
                end,
            });
            for c in covered.iter_mut().skip(i).take(len) {
                *c = true;
            }
            i += len;
            continue;
        }
        i += 1;
    }
    // Other capitalised names: runs of capitalised words in one clause.
    let is_name_word = |k: usize| {
        let w = &words[k];
        !covered[k]
            && !in_stat[k]
            && w.capitalised()
            && w.text.chars().count() > 1
            && !w.text.chars().any(|c| c.is_ascii_digit())
            && !NOT_NAMES.contains(&w.lower.as_str())
    };
    let mut k = 0;
    while k < words.len() {
        if !is_name_word(k) {
            k += 1;
            continue;
        }
        let mut j = k + 1;
        while j < words.len()
            && is_name_word(j)
            && words[j].clause == words[k].clause
            && !words[j - 1].possessive
        {
            j += 1;
        }
        let single_initial = j == k + 1 && words[k].initial && !words[k].possessive;
        if !single_initial {
            let text = words[k..j]
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            out.push(Entity {
                canon: text.to_lowercase(),
                class: Class::Name,
                demonym: false,
                text,
                start: words[k].start,
                end: words[j - 1].end,
            });
        }
        k = j;
    }
    out.sort_by_key(|e| e.start);
    out
}

fn read_changes(words: &[Word], in_stat: &[bool], stats: &[Stat]) -> Vec<Change> {
    let starts_stat = |k: usize| stats.iter().any(|s| s.first == k);
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if in_stat[i] {
            continue;
        }
        let l = w.lower.as_str();
        let up = UP_WORDS.contains(&l);
        let down = DOWN_WORDS.contains(&l);
        if !up && !down {
            continue;
        }
        if l == "up" || l == "down" {
            let next_is_figure = starts_stat(i + 1)
                || (words.get(i + 1).is_some_and(|n| n.lower == "by") && starts_stat(i + 2));
            let phrasal = i
                .checked_sub(1)
                .and_then(|p| words.get(p))
                .is_some_and(|p| PHRASAL_BEFORE_UP.contains(&p.lower.as_str()));
            if !next_is_figure || phrasal {
                continue;
            }
        }
        out.push(Change {
            up,
            text: w.text.clone(),
            word: i,
            start: w.start,
        });
    }
    out
}

fn generic_heads() -> &'static Vec<String> {
    static HEADS: OnceLock<Vec<String>> = OnceLock::new();
    HEADS.get_or_init(|| {
        GENERIC_HEADS
            .iter()
            .flat_map(|w| analysis::analyze(w).into_iter().map(|t| t.term))
            .collect()
    })
}

/// Content terms of `text[a..b]`.
fn terms_of(text: &str) -> Vec<String> {
    let mut out: Vec<String> = analysis::analyze(text)
        .into_iter()
        .filter(|t| !stopwords::is_stop_word(text.get(t.start..t.end).unwrap_or_default()))
        .filter(|t| !t.term.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .map(|t| t.term)
        .collect();
    out.dedup();
    out
}

fn phrase(text: &str, words: &[Word], a: usize, b: usize) -> Binding {
    if a >= b {
        return Binding::default();
    }
    let s = text
        .get(words[a].start..words[b - 1].end)
        .unwrap_or_default();
    Binding {
        text: s.to_string(),
        terms: terms_of(s),
        explicit: true,
    }
}

/// Word `i` is joined to the next word by a hyphen (`large-scale`).
fn joined_to_next(text: &str, words: &[Word], i: usize) -> bool {
    words
        .get(i + 1)
        .is_some_and(|n| text.get(words[i].end..n.start) == Some("-"))
}

/// Word `i` is joined to a neighbour by a hyphen (`paid-in`).
fn hyphenated(text: &str, words: &[Word], i: usize) -> bool {
    let joined = |x: &Word, y: &Word| text.get(x.end..y.start) == Some("-");
    (i > 0 && joined(&words[i - 1], &words[i]))
        || words.get(i + 1).is_some_and(|n| joined(&words[i], n))
}

fn is_stop(w: &Word) -> bool {
    stopwords::is_stop_word(&w.text)
}

/// Walks back from before word `first` over hedges, a link and link verbs;
/// returns the index one past the noun phrase's last word, if a link was
/// found.
fn link_before(words: &[Word], first: usize) -> Option<usize> {
    let clause = words.get(first)?.clause;
    let mut p = first;
    let mut hedges = 0;
    while p > 0 && hedges < 3 && words[p - 1].clause == clause {
        let l = words[p - 1].lower.as_str();
        let next_is = |w: &str| words.get(p).is_some_and(|x| x.lower == w);
        let hedge = match l {
            "at" => next_is("least"),
            "to" => p >= 2 && words[p - 2].lower == "up",
            "up" => next_is("to"),
            _ => HEDGES.contains(&l),
        };
        if !hedge {
            break;
        }
        p -= 1;
        hedges += 1;
    }
    if p == 0 || words[p - 1].clause != clause {
        return None;
    }
    let link = words[p - 1].lower.as_str();
    let amounting = link == "to"
        && p >= 2
        && matches!(
            words[p - 2].lower.as_str(),
            "amounting" | "amounted" | "amount" | "equivalent" | "equal"
        );
    if !LINKS.contains(&link) && !amounting {
        return None;
    }
    let mut q = p - 1;
    let mut verbs = 0;
    while q > 0 && verbs < 2 && LINK_VERBS.contains(&words[q - 1].lower.as_str()) {
        q -= 1;
        verbs += 1;
    }
    Some(q)
}

/// Binds every statistic to the noun phrase it measures.
fn bind(text: &str, words: &[Word], in_stat: &[bool], stats: &mut [Stat], statement: bool) {
    // `A and B … 55.2 percent and 73.8 percent, respectively`.
    let mut listed = vec![false; stats.len()];
    let mut k = 0;
    while k < stats.len() {
        let mut run = k + 1;
        while run < stats.len()
            && (stats[run - 1].last..stats[run].first).all(|w| words[w].lower == "and")
            && stats[run].first.saturating_sub(stats[run - 1].last) <= 1
        {
            run += 1;
        }
        let n = run - k;
        let after = stats[run - 1].last;
        let respectively =
            (after..(after + 3).min(words.len())).any(|w| words[w].lower == "respectively");
        if n >= 2 && respectively {
            bind_list(text, words, in_stat, &mut stats[k..run]);
            for l in listed.iter_mut().take(run).skip(k) {
                *l = true;
            }
            k = run;
            continue;
        }
        k += 1;
    }
    for idx in 0..stats.len() {
        if stats[idx].of.explicit {
            continue;
        }
        let first = stats[idx].first;
        if let Some(q) = link_before(words, first) {
            let clause = words[q.saturating_sub(1).min(words.len() - 1)].clause;
            let mut a = q;
            // Up to three words; `paid-in` or `large-scale` count as one.
            let mut taken = 0;
            while a > 0
                && (taken < 3 || joined_to_next(text, words, a - 1))
                && words[a - 1].clause == clause
                && (!is_stop(&words[a - 1]) || hyphenated(text, words, a - 1))
                && !in_stat[a - 1]
                && !words[a - 1].is_number()
            {
                a -= 1;
                if a == 0 || !joined_to_next(text, words, a - 1) {
                    taken += 1;
                }
                if words[a].possessive {
                    break;
                }
            }
            let b = phrase(text, words, a, q);
            let generic = b.terms.iter().all(|t| generic_heads().contains(t));
            if !b.terms.is_empty() && !generic {
                stats[idx].of = b;
                continue;
            }
        }
        if statement {
            stats[idx].of = clause_words(text, words, in_stat, stats, idx);
        }
    }
    // A statement is short: what its figure is of is everything its clause
    // says before the figure, shown as the explicit phrase when there is one.
    if statement {
        for idx in 0..stats.len() {
            if stats[idx].of.explicit && !stats[idx].of.text.is_empty() && !listed[idx] {
                let wide = clause_words(text, words, in_stat, stats, idx);
                let of = &mut stats[idx].of;
                for t in wide.terms {
                    if !of.terms.contains(&t) {
                        of.terms.push(t);
                    }
                }
            }
        }
    }
}

/// A statement's fallback binding: the other words of the figure's clause
/// before it (after any earlier figure), or after it when none precede.
fn clause_words(
    text: &str,
    words: &[Word],
    in_stat: &[bool],
    stats: &[Stat],
    idx: usize,
) -> Binding {
    let s = &stats[idx];
    let clause = words[s.first].clause;
    let mut a = s.first;
    while a > 0 && words[a - 1].clause == clause && !in_stat[a - 1] {
        a -= 1;
    }
    // Words of change and links at the end say nothing about the thing.
    let mut z = s.first;
    while z > a && {
        let l = words[z - 1].lower.as_str();
        UP_WORDS.contains(&l) || DOWN_WORDS.contains(&l) || HEDGES.contains(&l) || l == "by"
    } {
        z -= 1;
    }
    let before = phrase(text, words, a, z);
    let mut b = if before.terms.is_empty() {
        let mut e = s.last;
        while e < words.len() && words[e].clause == clause && !in_stat[e] {
            e += 1;
        }
        phrase(text, words, s.last, e)
    } else {
        before
    };
    b.explicit = false;
    b
}

/// Pairs a `respectively` list of figures with the items listed before them.
fn bind_list(text: &str, words: &[Word], in_stat: &[bool], list: &mut [Stat]) {
    let first = list[0].first;
    // Back over hedges, links, verbs and words of change.
    let mut q = first;
    while q > 0 {
        let l = words[q - 1].lower.as_str();
        let skip = HEDGES.contains(&l)
            || LINKS.contains(&l)
            || LINK_VERBS.contains(&l)
            || UP_WORDS.contains(&l)
            || DOWN_WORDS.contains(&l)
            || matches!(
                l,
                "by" | "to" | "reached" | "reach" | "hit" | "rose" | "grew"
            );
        if !skip {
            break;
        }
        q -= 1;
    }
    // The sentence's words before that point, split into items at `and`
    // and clause breaks.
    let mut a = q;
    while a > 0 && !words[a].initial && !in_stat[a - 1] {
        a -= 1;
    }
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut start = a;
    for w in a..q {
        let breaks =
            words[w].lower == "and" || (w > start && words[w].clause != words[w - 1].clause);
        if breaks {
            if w > start && words[w].lower == "and" {
                items.push((start, w));
                start = w + 1;
            } else if w > start {
                items.push((start, w));
                start = w;
            }
        }
    }
    if q > start {
        items.push((start, q));
    }
    if items.len() < list.len() {
        return;
    }
    let skip = items.len() - list.len();
    for (stat, (x, y)) in list.iter_mut().zip(items.into_iter().skip(skip)) {
        let b = phrase(text, words, x, y);
        if !b.terms.is_empty() {
            stat.of = b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(r: &Reading) -> Vec<String> {
        r.stats.iter().map(|s| s.of.text.clone()).collect()
    }

    #[test]
    fn binds_figures_to_their_noun_phrases() {
        let r = read(
            "Intel Semiconductor (Dalian) was established in June 2006, with a total investment of $8.88 billion and a registered capital of $2.22 billion.",
            false,
        );
        assert_eq!(of(&r), ["total investment", "registered capital"]);
        let r = read(
            "So far, in large-scale industrial enterprises, key process numerical control and digital R&D design tool penetration rates stand at 55.2 percent and 73.8 percent, respectively.",
            false,
        );
        assert_eq!(
            of(&r),
            [
                "key process numerical control",
                "digital R&D design tool penetration rates"
            ]
        );
        let r = read(
            "The province received paid-in investment worth 336.89 billion yuan during the period, an increase of 28 percent year-on-year.",
            false,
        );
        assert_eq!(of(&r), ["received paid-in investment", ""]);
    }

    #[test]
    fn reads_times_names_and_changes() {
        let r = read(
            "In the first half of 2021, Liaoning’s foreign trade grew 13.6 percent to 371.53 billion yuan, up from last year; the ROK and the U.S. set up 5 zones on June 23.",
            false,
        );
        let whens: Vec<When> = r.times.iter().map(|t| t.when).collect();
        assert_eq!(
            whens,
            [When::Months(0b11_1111), When::Year(2021), When::Day(6, 23)]
        );
        let names: Vec<&str> = r.entities.iter().map(|e| e.canon.as_str()).collect();
        assert_eq!(names, ["Liaoning", "South Korea", "United States"]);
        let changes: Vec<bool> = r.changes.iter().map(|c| c.up).collect();
        assert_eq!(changes, [true], "`set up` and `up from` are no change");
        let r = read(
            "In May last year, the agreement was signed, 2.6 times that of last year",
            false,
        );
        let whens: Vec<When> = r.times.iter().map(|t| t.when).collect();
        assert_eq!(whens, [When::Months(1 << 4), When::Relative(-1)]);
    }

    /// Pieces random statements and passages are made of: the tricky
    /// spellings every reader rule looks at.
    const PIECES: &[&str] = &[
        " ",
        ", ",
        ". ",
        "\n",
        "(",
        ")",
        "-",
        "’s",
        "'s",
        "U.S.",
        "ROK",
        "South Korea",
        "Korea",
        "America",
        "Latin",
        "May",
        "June",
        "23",
        "2021",
        "2021-25",
        "last year",
        "that of",
        "first half",
        "end of",
        "the year",
        "13.6",
        "percent",
        "%",
        "$",
        "8.88",
        "billion",
        "yuan",
        "of",
        "worth",
        "at",
        "stood",
        "amounting to",
        "and",
        "respectively",
        "up",
        "down",
        "by",
        "grew",
        "fell",
        "registered capital",
        "Intel",
        "Semiconductor",
        "in",
        "69,000",
        "businesses",
        "北京",
        "é",
        "—",
        "…",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2000,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        #[test]
        fn random_texts_read_without_panic(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..30)
        ) {
            let text = pieces.concat();
            for statement in [false, true] {
                let r = read(&text, statement);
                for w in &r.words {
                    proptest::prop_assert!(w.start < w.end && w.end <= text.len());
                }
                for s in &r.stats {
                    proptest::prop_assert!(s.first < s.last && s.last <= r.words.len().max(1));
                }
            }
            let _ = super::super::claim::Claim::parse(&text);
        }
    }
}
