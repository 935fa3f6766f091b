//! Why a number is not a statistic: years, dates, times of day, ordinals,
//! identifiers, citation markers, page numbers and copyright years, and
//! whole passages (reference lists, boilerplate) that hold no statistics.
//!
//! Search and the figure listing skip labelled numbers, so these rules
//! decide what quarry counts as a figure at all. They are kept apart from
//! the scanner in `extract.rs`, which asks them at fixed points: before
//! reading digits ([`date_or_time`]), once the number and what precedes it
//! are known ([`calendar`], [`prefix_label`]), and for a bare number at the
//! end ([`bare_label`]).

use std::ops::RangeInclusive;

use super::cursor::{
    ascii_letters_end, at_line_end, at_line_start, boundary_at, char_before, digit_run, matches_ci,
    parse_digits, skip_spaces, skip_spaces_back, word_at_exact, word_before,
};
use super::lexicon::{
    LOWER_NUMBERED_NOUNS, MONTHS, NUMBERED_NOUNS, OLD_YEAR_PREPOSITIONS, YEAR_PREPOSITIONS,
};
use super::{Figure, Label};

/// Four-digit integers in this range read as years when nothing says
/// otherwise (no unit, or a year preposition before them), and bound the
/// years of a range such as `2013-2020`.
pub(super) const PLAUSIBLE_YEARS: RangeInclusive<f64> = 1800.0..=2100.0;

/// Numeric dates and times at `s`: `2021-09-24`, `2021/9/24`, `24/09/2021`,
/// `19.07.2022`, year ranges `2021-25` / `2013–2020`, times `11:24:01`.
/// Returns (end, label, start).
pub(super) fn date_or_time(text: &str, s: usize, int_len: usize) -> Option<(usize, Label, usize)> {
    let b = text.as_bytes();
    let p = s + int_len;
    let sep = *b.get(p)?;
    let n2 = digit_run(b, p + 1, 4);
    // Time of day.
    if sep == b':' && int_len <= 2 && n2 == 2 {
        let hour = parse_digits(&text[s..p]);
        let minute = parse_digits(&text[p + 1..p + 3]);
        if hour <= 24.0 && minute < 60.0 {
            let mut end = p + 3;
            if b.get(end) == Some(&b':') && digit_run(b, end + 1, 2) == 2 {
                end += 3;
            }
            let q = skip_spaces(text, end);
            for w in ["a.m.", "p.m.", "am", "pm"] {
                if matches_ci(b, q, w) && (w.ends_with('.') || boundary_at(text, q + w.len())) {
                    end = q + w.len();
                    break;
                }
            }
            return Some((end, Label::Time, s));
        }
        return None;
    }
    // Full numeric dates.
    if matches!(sep, b'-' | b'/' | b'.') && (1..=2).contains(&n2) {
        let q = p + 1 + n2;
        if b.get(q) == Some(&sep) {
            let n3 = digit_run(b, q + 1, 4);
            let ymd = int_len == 4 && (1..=2).contains(&n3);
            let dmy = int_len <= 2 && (n3 == 4 || (n3 == 2 && sep != b'.'));
            if ymd || dmy {
                return Some((q + 1 + n3, Label::Date, s));
            }
        }
    }
    // Year ranges: `2021-25`, `2013-2020`, `2013–2020`, `2020/21`.
    if int_len == 4 {
        let year = parse_digits(&text[s..p]);
        if PLAUSIBLE_YEARS.contains(&year) {
            let (dash_len, n) = if matches!(sep, b'-' | b'/') {
                (1, n2)
            } else if text
                .get(p..)
                .is_some_and(|t| t.starts_with('–') || t.starts_with('—'))
            {
                (3, digit_run(b, p + 3, 4))
            } else {
                (0, 0)
            };
            if dash_len > 0 && (n == 2 || n == 4) {
                let e = p + dash_len + n;
                let end_year = parse_digits(&text[p + dash_len..e]);
                let ok = if n == 2 {
                    true
                } else {
                    (year..=*PLAUSIBLE_YEARS.end()).contains(&end_year)
                };
                if ok && boundary_at(text, e) {
                    return Some((e, Label::Date, s));
                }
            }
        }
    }
    None
}

/// The word before the figure starting at `start` makes a four-digit number a
/// year (`in`, `since`, …)?
pub(super) fn year_preposition(text: &str, start: usize, words: &[&str]) -> bool {
    let at = skip_spaces_back(text, start);
    at < start
        && word_before(text, at).is_some_and(|(_, w)| {
            let w = w.to_ascii_lowercase();
            words.contains(&w.as_str())
        })
}

/// A month name ending at `i` (with an optional `.`): its start.
fn month_before(text: &str, i: usize) -> Option<usize> {
    let mut at = i;
    if char_before(text, at) == Some('.') {
        at -= 1;
    }
    let (ws, w) = word_before(text, at)?;
    MONTHS.contains(&w).then_some(ws)
}

/// A month name at `i`: its end.
fn month_at(text: &str, i: usize) -> Option<usize> {
    MONTHS.iter().find_map(|m| word_at_exact(text, i, m))
}

/// After a day or month, an optional `, 2022` / ` 2022`: the end of the year.
fn year_after(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut q = i;
    if b.get(q) == Some(&b',') {
        q += 1;
    }
    let q = skip_spaces(text, q);
    if q == i {
        return None;
    }
    (digit_run(b, q, 4) == 4 && boundary_at(text, q + 4) && matches!(b.get(q), Some(b'1' | b'2')))
        .then_some(q + 4)
}

/// A word before the number that makes it a name or a page number (`No.
/// 12`, `#3`, `p. 12`, `page 12`, `Table 3`, `Fig. 2`).
pub(super) fn prefix_label(text: &str, start: usize) -> Option<Label> {
    if char_before(text, start) == Some('#') {
        return Some(Label::Identifier);
    }
    // A later part of a hyphenated name takes the label of the first:
    // `Listing 2-4`, `Table 3-1-2`.
    let b = text.as_bytes();
    if start >= 2 && b[start - 1] == b'-' && b[start - 2].is_ascii_digit() {
        let mut first = start - 2;
        while first > 0
            && start - first < 24
            && (b[first - 1].is_ascii_digit() || b[first - 1] == b'-')
        {
            first -= 1;
        }
        if b[first].is_ascii_digit() {
            return prefix_label(text, first);
        }
    }
    let before = skip_spaces_back(text, start);
    let dot = text.get(before.saturating_sub(1)..before) == Some(".");
    let word_end = if dot { before - 1 } else { before };
    if before == start {
        return None;
    }
    let (_, w) = word_before(text, word_end)?;
    if dot && matches!(w, "No" | "no" | "Nos") {
        return Some(Label::Identifier);
    }
    if dot && matches!(w, "p" | "pp" | "P") || !dot && matches!(w, "page" | "Page") {
        return Some(Label::PageNumber);
    }
    NUMBERED_NOUNS.contains(&w).then_some(Label::Identifier)
}

/// Why a bare number (no unit, no magnitude) is not a statistic, if it is
/// not. May widen the figure's span (dates).
pub(super) fn bare_label(
    text: &str,
    fig: &Figure,
    simple_int: bool,
    int_len: usize,
) -> Option<Label> {
    let b = text.as_bytes();
    let (start, end) = (fig.start, fig.end);
    let v = fig.number;
    // Copyright notices: `© 2021`, `(c) 2021`, `Copyright 2021`.
    let before = skip_spaces_back(text, start);
    if let Some(t) = text.get(..before) {
        let tl = t
            .get(t.len().saturating_sub(12)..)
            .unwrap_or("")
            .to_ascii_lowercase();
        if t.ends_with('©') || tl.ends_with("(c)") || tl.ends_with("copyright") {
            return Some(Label::Boilerplate);
        }
    }
    if !simple_int {
        return None;
    }
    if phone_like(text, start, end) || after_lower_numbered_noun(text, start) {
        return Some(Label::Identifier);
    }
    // Citation markers: `[1]`, `[1, 2]`, `[3-5]`.
    if bracketed(b, start, end) {
        return Some(Label::Reference);
    }
    let year_like = int_len == 4 && PLAUSIBLE_YEARS.contains(&v);
    if year_like && year_preposition(text, start, YEAR_PREPOSITIONS) {
        return Some(Label::Year);
    }
    if at_line_start(text, start) && int_len <= 3 && at_line_end(text, end) {
        return Some(Label::PageNumber);
    }
    if year_like {
        return Some(Label::Year);
    }
    if int_len == 4 && v >= 1000.0 && year_preposition(text, start, OLD_YEAR_PREPOSITIONS) {
        return Some(Label::Year);
    }
    // `Boeing 747`, and `IEEE 754-2019`: the name before a hyphenated
    // number's first part names every part.
    let first = chain_start(b, start).unwrap_or(start);
    after_a_name(text, first).then_some(Label::Identifier)
}

/// The first number of a hyphenated chain of numbers (`754-2019`,
/// `2-4-1`) that the number at `start` ends, if it is a later part.
fn chain_start(b: &[u8], start: usize) -> Option<usize> {
    if start < 2 || b[start - 1] != b'-' || !b[start - 2].is_ascii_digit() {
        return None;
    }
    let mut first = start - 2;
    while first > 0 && start - first < 24 && (b[first - 1].is_ascii_digit() || b[first - 1] == b'-')
    {
        first -= 1;
    }
    b[first].is_ascii_digit().then_some(first)
}

/// Is the bare number after a lower-case numbered noun (`see footnote
/// 14`, `in step 3`)? Only bare numbers: `a figure 10 percent higher` and
/// `each line 80 characters wide` are quantities.
fn after_lower_numbered_noun(text: &str, start: usize) -> bool {
    let before = skip_spaces_back(text, start);
    before < start
        && word_before(text, before).is_some_and(|(_, w)| LOWER_NUMBERED_NOUNS.contains(&w))
}

/// Is the bare number at `start..end` one part of a telephone number
/// (`555-1234`: three digits, a hyphen, four), said to be one by a word
/// before it (`call`, `phone`, `tel`, `fax`, `dial`, `ring`) or by an area
/// code in brackets (`(212) 555-1234`)? Without such a cue, `500-1000
/// people` is a range.
fn phone_like(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let digits = |i: usize, n: usize| {
        (i..i + n).all(|k| b.get(k).is_some_and(u8::is_ascii_digit))
            && !b.get(i + n).is_some_and(u8::is_ascii_alphanumeric)
    };
    let len = end - start;
    let first = if len == 3 && b.get(end) == Some(&b'-') && digits(end + 1, 4) {
        start
    } else if len == 4
        && start >= 4
        && b[start - 1] == b'-'
        && (start - 4..start - 1).all(|k| b[k].is_ascii_digit())
        && (start == 4 || !b[start - 5].is_ascii_alphanumeric())
    {
        start - 4
    } else {
        return false;
    };
    let before = skip_spaces_back(text, first);
    if before >= 5 && b[before - 1] == b')' && digits(before - 4, 3) && b[before - 5] == b'(' {
        return true;
    }
    let lead = text
        .get(before.saturating_sub(24)..before)
        .unwrap_or_default()
        .to_ascii_lowercase();
    ["call", "phone", "tel", "fax", "dial", "ring"]
        .iter()
        .any(|cue| {
            lead.split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| w == *cue || w.strip_suffix('s') == Some(cue))
        })
}

/// Is the number right after a proper name, as in a model, product, road
/// or code (`Boeing 747`, `Windows 10`, `iPhone 12`, `ISO 9001`, `IL
/// 62704`)? The name has a capital letter, is not the first word of its
/// sentence (`Over 300 …`, `About 40 …`) and is not a month (dates are
/// read elsewhere).
fn after_a_name(text: &str, start: usize) -> bool {
    let before = skip_spaces_back(text, start);
    if before == start || start - before > 1 {
        return false;
    }
    let Some((w_start, w)) = word_before(text, before) else {
        return false;
    };
    if !w.bytes().any(|c| c.is_ascii_uppercase()) || MONTHS.contains(&w) {
        return false;
    }
    // The word before the name: a sentence's first word has none, or one
    // ending in a full stop, or only a line start before it.
    let prev = skip_spaces_back(text, w_start);
    if prev == 0 || prev == w_start {
        return false;
    }
    !matches!(
        text.as_bytes().get(prev - 1),
        Some(b'.' | b'!' | b'?' | b':' | b'\n' | b'"' | b'(')
    )
}

/// Is the number at `start..end` inside a citation bracket such as `[1]`,
/// `[1, 2]` or `[3-5]`?
fn bracketed(b: &[u8], start: usize, end: usize) -> bool {
    let allowed = |c: u8| c.is_ascii_digit() || matches!(c, b',' | b' ' | b'-');
    let mut l = start;
    while l > 0 && start - l < 16 && allowed(b[l - 1]) {
        l -= 1;
    }
    let mut r = end;
    while r < b.len() && r - end < 16 && allowed(b[r]) {
        r += 1;
    }
    l > 0 && b[l - 1] == b'[' && b.get(r) == Some(&b']')
}

/// Months, days and section markers around a number, checked before units.
/// Returns a labelled figure and where scanning resumes.
pub(super) fn calendar(
    text: &str,
    start: usize,
    p: usize,
    v: f64,
    int_len: usize,
    simple_int: bool,
    floor: usize,
) -> Option<(Figure, usize)> {
    let b = text.as_bytes();
    let day = simple_int && int_len <= 2 && (1.0..=31.0).contains(&v);
    // Enumerations: `(1) …`.
    if simple_int
        && int_len <= 2
        && b.get(start.wrapping_sub(1)) == Some(&b'(')
        && b.get(p) == Some(&b')')
    {
        return Some((Figure::labelled(v, start, p, Label::Ordinal), p));
    }
    // `June 23`, `Jul 19,2022`, `December 2020`, `June 23rd`.
    let before = skip_spaces_back(text, start);
    if before < start
        && let Some(ms) = month_before(text, before).filter(|ms| *ms >= floor)
    {
        {
            if day {
                let mut end = p;
                let letters = ascii_letters_end(b, p);
                let sfx = text[p..letters].to_ascii_lowercase();
                if matches!(sfx.as_str(), "st" | "nd" | "rd" | "th") && boundary_at(text, letters) {
                    end = letters;
                }
                let end = year_after(text, end).unwrap_or(end);
                return Some((Figure::labelled(v, ms, end, Label::Date), end));
            }
            if simple_int && int_len == 4 && (1000.0..=2999.0).contains(&v) && boundary_at(text, p)
            {
                return Some((Figure::labelled(v, ms, p, Label::Date), p));
            }
        }
    }
    // `19 July 2022`, `19th July`.
    if day {
        let mut q = p;
        let letters = ascii_letters_end(b, p);
        if matches!(
            text[p..letters].to_ascii_lowercase().as_str(),
            "st" | "nd" | "rd" | "th"
        ) {
            q = letters;
        }
        let q2 = skip_spaces(text, q);
        if q2 > q
            && let Some(me) = month_at(text, q2)
        {
            let end = year_after(text, me).unwrap_or(me);
            return Some((Figure::labelled(v, start, end, Label::Date), end));
        }
    }
    // Section markers at a line start: `4. SWOT`, `5.1. Adjustment`, `1) Liaoning`.
    if v < 1000.0 && at_line_start(text, start) && matches!(b.get(p), Some(b'.' | b')')) {
        let after = p + 1;
        if matches!(b.get(after), Some(b' ' | b'\t')) {
            return Some((Figure::labelled(v, start, after, Label::Ordinal), after));
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Passages
// ---------------------------------------------------------------------------

/// Section names whose passages are reference lists.
const REFERENCE_SECTIONS: &[&str] = &[
    "references",
    "reference",
    "bibliography",
    "works cited",
    "literature cited",
    "literature",
    "citations",
    "sources",
];

/// Says why a whole passage holds no statistics, if it does not:
/// [`Label::Reference`] for reference lists (a section named
/// `References`/`Bibliography`/`Works cited`…, or lines such as `[1] …` /
/// `- [1] …` making up at least half the passage), [`Label::Boilerplate`]
/// for copyright, cookie and terms notices (`©`, `Copyright`, `All Rights
/// Reserved`, `cookies`, `Terms & Conditions`, `Privacy Policy`: two
/// different markers, or one in a passage under 400 bytes).
pub fn passage_label(text: &str, section: Option<&str>) -> Option<Label> {
    if let Some(sec) = section {
        let name = sec
            .trim()
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ' || c == '#')
            .trim_end_matches([':', '.'])
            .trim()
            .to_lowercase();
        if REFERENCE_SECTIONS.contains(&name.as_str()) {
            return Some(Label::Reference);
        }
    }
    let mut lines = 0usize;
    let mut refs = 0usize;
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        lines += 1;
        let l = l.trim_start_matches(['-', '*', '•']).trim_start();
        if let Some(rest) = l.strip_prefix('[') {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if (1..=4).contains(&digits) && rest.as_bytes().get(digits) == Some(&b']') {
                refs += 1;
            }
        }
        if lines == 1 && refs == 0 {
            let head = l.trim_end_matches(':').to_lowercase();
            if REFERENCE_SECTIONS.contains(&head.as_str()) {
                return Some(Label::Reference);
            }
        }
    }
    if refs > 0 && refs * 2 >= lines {
        return Some(Label::Reference);
    }
    let lower = text.to_lowercase();
    let markers = [
        text.contains('©'),
        lower.contains("copyright"),
        lower.contains("all rights reserved"),
        lower.contains("cookie"),
        lower.contains("terms & conditions")
            || lower.contains("terms and conditions")
            || lower.contains("terms of use")
            || lower.contains("terms of service"),
        lower.contains("privacy policy"),
    ];
    let found = markers.iter().filter(|m| **m).count();
    if found >= 2 || (found == 1 && text.len() < 400) {
        return Some(Label::Boilerplate);
    }
    None
}
