//! The scan: [`extract()`] walks text once, left to right, and reads every
//! number it meets into a [`Figure`].
//!
//! For each number the scan reads, in order: the digits as written
//! (`140,000`, `13.6`), a sign and a currency before them (`-`, `$`, `RMB`),
//! letters glued on (`5m`, `18th`, `5km`), then magnitude and unit words
//! after (`billion yuan`, `percent`, `employees`). At fixed points it asks
//! `label.rs` whether the number is a date, a name or a year instead;
//! finally [`link_ranges`] lets the two ends of a range share a unit. This
//! is the only code that walks text for figures, so its speed (linear in
//! the text) and its never panicking matter to indexing and search alike.

use std::ops::ControlFlow;

use super::cursor::{
    ascii_letters_end, boundary_at, boundary_before, char_before, digit_run, is_digit_at,
    matches_ci, parse_digits, skip_spaces, skip_spaces_back, token_end, word_at, word_at_exact,
    word_before,
};
use super::label::{
    PLAUSIBLE_YEARS, bare_label, calendar, date_or_time, prefix_label, year_preposition,
};
use super::lexicon::{
    BYTE_UNITS, CURRENCY_AFTER, CURRENCY_CODES, CURRENCY_SYMBOLS, DOLLAR_PREFIXES,
    IRREGULAR_PLURALS, MAGNITUDES, MEASURES, NOT_PLURAL, NOUN_SEARCH_STOPS, PERCENT_WORDS,
    VERSION_WORDS, YEAR_PREPOSITIONS,
};
use super::{Figure, Label, Magnitude, Unit};

/// Finds every number in `text`, in text order, each as a [`Figure`].
///
/// Statistics have `label == None`; years, dates, times, ordinals,
/// identifiers, citation markers, page numbers and copyright years carry a
/// [`Label`]. Runs in time linear in the length of `text` and never panics.
pub fn extract(text: &str) -> Vec<Figure> {
    let b = text.as_bytes();
    // Every figure has an ASCII digit; most passages and queries have none.
    if !b.iter().any(u8::is_ascii_digit) {
        return Vec::new();
    }
    let mut out: Vec<Figure> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        // Words and other characters hold no figure: only a digit, or the
        // letters glued before one (`RMB98`, `v2.5`, `A380`), start one.
        let Some(digit) = b[i..].iter().position(u8::is_ascii_digit).map(|k| i + k) else {
            break;
        };
        let word = glued_letters_start(text, i, digit);
        if word == digit {
            let next = scan_number(text, digit, &mut out);
            i = next.max(digit + 1);
            continue;
        }
        let j = digit;
        let letters = text.get(word..j).unwrap_or_default();
        if CURRENCY_CODES.iter().any(|(code, _)| *code == letters) {
            i = j; // `RMB98.2bn`: the number scan finds the code.
            continue;
        }
        if matches!(letters, "v" | "V") {
            // `v2.5.0`: a version, dots and all.
            let mut e = j;
            while is_digit_at(b, e) || (b.get(e) == Some(&b'.') && is_digit_at(b, e + 1)) {
                e += 1;
            }
            let end = token_end(text, e);
            let number = text
                .get(j..j + digit_run(b, j, MAX_DIGITS))
                .map_or(0.0, parse_digits);
            out.push(Figure::labelled(number, word, end, Label::Version));
            i = end;
            continue;
        }
        let end = token_end(text, word);
        let run = digit_run(b, j, MAX_DIGITS);
        let number = text.get(j..j + run).map_or(0.0, parse_digits);
        out.push(Figure::labelled(number, word, end, Label::Identifier));
        i = end;
    }
    link_ranges(text, &mut out);
    label_code_spans(text, &mut out);
    out
}

/// Where the word glued to the digit at `digit` begins, scanning from
/// `from` (a char boundary): the word a left-to-right walk from `from`
/// would be in when it meets the digit. A word starts at a letter (ASCII or
/// not) and runs on over letters and `_`, so it is the run of those right
/// before the digit (not before `from`) less any `_` it starts with.
/// `digit` itself when no letter is glued to the digit.
fn glued_letters_start(text: &str, from: usize, digit: usize) -> usize {
    let Some(before) = text.get(from..digit) else {
        return digit;
    };
    let mut run = digit;
    for (at, c) in before.char_indices().rev() {
        if c.is_ascii_alphabetic() || c == '_' || (!c.is_ascii() && c.is_alphabetic()) {
            run = from + at;
        } else {
            break;
        }
    }
    let underscores = text.as_bytes().get(run..digit).unwrap_or_default();
    run + underscores.iter().take_while(|&&c| c == b'_').count()
}

/// Labels [`Label::Code`] every figure inside a Markdown code span: text
/// between a pair of backticks (the Markdown reader keeps them in the
/// passage text).
fn label_code_spans(text: &str, figs: &mut [Figure]) {
    if figs.is_empty() || !text.contains('`') {
        return;
    }
    let ticks: Vec<usize> = text.match_indices('`').map(|(i, _)| i).collect();
    let spans: Vec<(usize, usize)> = ticks.chunks_exact(2).map(|p| (p[0], p[1])).collect();
    for f in figs.iter_mut() {
        if spans.iter().any(|&(a, b)| a < f.start && f.start < b) {
            f.label = Some(Label::Code);
            f.unit = None;
            f.magnitude = None;
            f.value = f.number;
        }
    }
}

/// Says whether the number starting at `s` is a software version: after
/// `version` (`version 2`, `version 1.30`), or with a decimal part after a
/// word of [`VERSION_WORDS`] (`Rust 1.30`, `release 0.27`).
fn version_before(text: &str, s: usize) -> bool {
    let at = skip_spaces_back(text, s);
    if at == s {
        return false;
    }
    let b = text.as_bytes();
    let int_end = s + digit_run(b, s, MAX_DIGITS);
    let dotted = b.get(int_end) == Some(&b'.') && is_digit_at(b, int_end + 1);
    word_before(text, at).is_some_and(|(_, w)| {
        let w = w.to_ascii_lowercase();
        matches!(w.as_str(), "version" | "ver") || (dotted && VERSION_WORDS.contains(&w.as_str()))
    })
}

/// Says whether the number `[s, end)` is code rather than a quantity: an
/// operand of `%` (`43 % 5`, `%16`, `n%(k)`) or an end of a range in code
/// (`0..len()`, `..5`).
fn code_operand(text: &str, s: usize, end: usize) -> bool {
    if char_before(text, s) == Some('%') || text.get(..s).is_some_and(|t| t.ends_with("..")) {
        return true;
    }
    let after = text.get(end..).unwrap_or_default();
    if after.starts_with("..") {
        return true;
    }
    after
        .trim_start_matches([' ', '\t'])
        .strip_prefix('%')
        .is_some_and(|r| {
            r.starts_with('(')
                || r.trim_start_matches([' ', '\t'])
                    .starts_with(|c: char| c.is_ascii_digit())
        })
}

/// Whether a plain integer is a Unix timestamp: ten digits from
/// 1000000000 to 2199999999, or thirteen (milliseconds).
fn timestamp_like(int_len: usize, v: f64) -> bool {
    (int_len == 10 && (1.0e9..2.2e9).contains(&v))
        || (int_len == 13 && (1.0e12..2.2e12).contains(&v))
}

/// A byte-size unit written at `i` (case-sensitive, then a word
/// boundary): returns (end, canonical name).
fn byte_unit_at(text: &str, i: usize) -> Option<(usize, &'static str)> {
    let rest = text.get(i..)?;
    BYTE_UNITS.iter().find_map(|(form, canon)| {
        let end = i + form.len();
        (rest.starts_with(form) && boundary_at(text, end)).then_some((end, *canon))
    })
}

/// Runs of more than this many digits (in the integer or the fraction) are
/// not figures but hashes or account numbers.
const MAX_DIGITS: usize = 24;

/// Thousands groups are read only while the number so far is shorter than
/// this many bytes (`140,000,000` is 11); a longer run of `,000` groups ends
/// the number there.
const MAX_GROUPED_LEN: usize = 40;

/// A figure read from the text and the byte offset where scanning resumes.
type Found = (Figure, usize);

/// What follows a number: magnitude, unit, and where the figure ends.
struct Tail {
    magnitude: Option<Magnitude>,
    unit: Option<Unit>,
    end: usize,
}

/// The digits of a number as written (`140,000`, `13.6`, `2019`), before
/// anything around them is read.
struct Written {
    /// Byte offset of the first digit.
    start: usize,
    /// Digits before any thousands separator or decimal point.
    int_len: usize,
    /// Byte offset just past the last digit.
    end: usize,
    /// The value, unsigned and unscaled.
    value: f64,
    /// Plain digits: no thousands separators and no decimal part.
    simple_int: bool,
}

impl Written {
    /// Could this be a decade before an `s` (`1980s`, `90's`): plain, two or
    /// four digits, ending in `0`?
    fn decade_like(&self, text: &str) -> bool {
        let int_end = self.start + self.int_len;
        self.simple_int
            && (self.int_len == 4 || self.int_len == 2)
            && text[..int_end].ends_with('0')
    }
}

/// What is written just before a number: a currency and a sign.
struct Lead {
    /// Where the figure starts: the sign or the currency, else the first
    /// digit.
    start: usize,
    /// `-1.0` after a minus sign, else `1.0`.
    sign: f64,
    /// The ISO code of a currency written before the number.
    currency: Option<&'static str>,
}

/// Scans the number whose first digit is at `s`; pushes zero or one figure
/// and returns where scanning resumes.
fn scan_number(text: &str, s: usize, out: &mut Vec<Figure>) -> usize {
    let b = text.as_bytes();
    let int_len = digit_run(b, s, MAX_DIGITS);
    if int_len > MAX_DIGITS {
        // Too long to be a figure (a hash, an account number): skip it.
        let mut e = s;
        while is_digit_at(b, e) {
            e += 1;
        }
        return token_end(text, e);
    }
    // Look-behinds never reach into the previous figure.
    let floor = out.last().map_or(0, |f| f.end);
    let (fig, resume) = figure_at(text, s, int_len, floor);
    out.push(fig);
    resume
}

/// Reads the figure whose first digit is at `s`, with `int_len` (at most
/// [`MAX_DIGITS`]) digits before any separator; `floor` is where the
/// previous figure ends. Each step either settles the figure (a label) or
/// hands what it read to the next.
fn figure_at(text: &str, s: usize, int_len: usize, floor: usize) -> Found {
    let b = text.as_bytes();
    let int_end = s + int_len;
    let int_value = parse_digits(&text[s..int_end]);

    // A number glued after `LETTERS-` (`COVID-19`, `F-35`) is an identifier.
    if b.get(s.wrapping_sub(1)) == Some(&b'-') && s >= 2 && b[s - 2].is_ascii_alphabetic() {
        let end = token_end(text, int_end);
        return (Figure::labelled(int_value, s, end, Label::Identifier), end);
    }
    if let Some((end, label, start)) = date_or_time(text, s, int_len) {
        return (Figure::labelled(int_value, start, end, label), end);
    }
    if version_before(text, s) {
        let mut e = s;
        let b = text.as_bytes();
        while is_digit_at(b, e) || (b.get(e) == Some(&b'.') && is_digit_at(b, e + 1)) {
            e += 1;
        }
        let end = token_end(text, e);
        return (Figure::labelled(int_value, s, end, Label::Version), end);
    }
    let num = match read_written(text, s, int_len, int_value) {
        ControlFlow::Continue(num) => num,
        ControlFlow::Break(found) => return found,
    };
    if code_operand(text, s, num.end) {
        return (
            Figure::labelled(num.value, s, num.end, Label::Code),
            num.end,
        );
    }
    let lead = read_lead(text, s, floor);
    let number = lead.sign * num.value;
    if let Some(found) = calendar(
        text,
        lead.start,
        num.end,
        number,
        int_len,
        num.simple_int,
        floor,
    ) {
        return found;
    }
    if let Some(found) = name_or_code(text, &num, lead.start, number) {
        return found;
    }
    let tail = match glued_suffix(text, &num, &lead, number) {
        ControlFlow::Continue(tail) => tail,
        ControlFlow::Break(found) => return found,
    };
    statistic(text, &num, &lead, number, tail)
}

/// Reads thousands groups and a decimal part after the `int_len` digits at
/// `s`. A version or address (`1.2.3`) or an overlong fraction settles the
/// figure as an identifier.
fn read_written(
    text: &str,
    s: usize,
    int_len: usize,
    int_value: f64,
) -> ControlFlow<Found, Written> {
    let b = text.as_bytes();
    // Thousands separators: `140,000`, `1,173`; not `19,2022`.
    let mut p = s + int_len;
    let mut grouped = false;
    if int_len <= 3 {
        while p - s < MAX_GROUPED_LEN && b.get(p) == Some(&b',') && digit_run(b, p + 1, 4) == 3 {
            p += 4;
            grouped = true;
        }
    }
    // Decimal part.
    let mut decimal = false;
    if b.get(p) == Some(&b'.') && is_digit_at(b, p + 1) {
        let frac = digit_run(b, p + 1, MAX_DIGITS);
        let q = p + 1 + frac;
        if frac > MAX_DIGITS || (b.get(q) == Some(&b'.') && is_digit_at(b, q + 1)) {
            // A version or address (`1.2.3`): one identifier.
            let mut e = q;
            while b.get(e) == Some(&b'.') && is_digit_at(b, e + 1) || is_digit_at(b, e) {
                e += 1;
            }
            let end = token_end(text, e);
            let fig = Figure::labelled(int_value, s, end, Label::Identifier);
            return ControlFlow::Break((fig, end));
        }
        p = q;
        decimal = true;
    }
    let plain: String = text[s..p].chars().filter(|c| *c != ',').collect();
    ControlFlow::Continue(Written {
        start: s,
        int_len,
        end: p,
        value: parse_digits(&plain),
        simple_int: !decimal && !grouped,
    })
}

/// Reads a currency and a sign before the number at `s`, never reaching
/// back before `floor`.
fn read_lead(text: &str, s: usize, floor: usize) -> Lead {
    let currency = currency_before(text, s).filter(|(cs, _)| *cs >= floor);
    let mut start = currency.map_or(s, |(cs, _)| cs);
    let mut sign = 1.0;
    if let Some(c @ ('-' | '−' | '+')) = char_before(text, start).filter(|_| start > floor) {
        let before = start - c.len_utf8();
        if matches!(
            char_before(text, before),
            None | Some(' ' | '\t' | '\n' | '\r' | '(')
        ) {
            if c != '+' {
                sign = -1.0;
            }
            start = before;
        }
    }
    Lead {
        start,
        sign,
        currency: currency.map(|(_, code)| code),
    }
}

/// A plain integer that names rather than counts: after `No.`, `#`, `p.`,
/// `Table` … ([`prefix_label`]), or with a leading zero (`007`).
fn name_or_code(text: &str, num: &Written, start: usize, number: f64) -> Option<Found> {
    if !num.simple_int {
        // `Section 4.2`, `Figure 3.1`: a numbered part, not a quantity.
        let dotted = text
            .get(num.start..num.end)
            .is_some_and(|t| t.bytes().all(|c| c.is_ascii_digit() || c == b'.'));
        return prefix_label(text, start)
            .filter(|l| dotted && *l == Label::Identifier)
            .map(|label| (Figure::labelled(number, start, num.end, label), num.end));
    }
    if let Some(label) = prefix_label(text, start) {
        return Some((Figure::labelled(number, start, num.end, label), num.end));
    }
    // Leading zero (`007`): a code, not a quantity.
    if num.int_len > 1 && text.as_bytes().get(num.start) == Some(&b'0') {
        let end = token_end(text, num.end);
        return Some((Figure::labelled(number, start, end, Label::Identifier), end));
    }
    None
}

/// Reads what is glued to the number: letters (see [`glued_letters`]) or a
/// decade's `'s` (`1990's`). Returns the tail read so far, or settles the
/// figure.
fn glued_suffix(text: &str, num: &Written, lead: &Lead, number: f64) -> ControlFlow<Found, Tail> {
    let b = text.as_bytes();
    let p = num.end;
    let letters_end = ascii_letters_end(b, p);
    if letters_end > p {
        return glued_letters(text, num, lead, number, letters_end);
    }
    if b.get(p) == Some(&b'\'')
        && b.get(p + 1) == Some(&b's')
        && boundary_at(text, p + 2)
        && num.decade_like(text)
    {
        let fig = Figure::labelled(number, lead.start, p + 2, Label::Year);
        return ControlFlow::Break((fig, p + 2));
    }
    ControlFlow::Continue(Tail {
        magnitude: None,
        unit: None,
        end: p,
    })
}

/// Letters glued to the number, up to `letters_end`: an ordinal (`18th`), a
/// decade (`1980s`), a measure (`5km`), a magnitude (`5m`, `$5t`), `x` or
/// `pct`; anything else makes the whole token an identifier (`5G`).
fn glued_letters(
    text: &str,
    num: &Written,
    lead: &Lead,
    number: f64,
    letters_end: usize,
) -> ControlFlow<Found, Tail> {
    let (p, start) = (num.end, lead.start);
    let lower = text[p..letters_end].to_ascii_lowercase();
    let free = boundary_at(text, letters_end);
    let settle =
        |label, end| ControlFlow::Break((Figure::labelled(number, start, end, label), end));
    if free && num.simple_int && matches!(lower.as_str(), "st" | "nd" | "rd" | "th") {
        return settle(Label::Ordinal, letters_end);
    }
    if free && lower == "s" && num.decade_like(text) {
        return settle(Label::Year, letters_end);
    }
    let bytes = byte_unit_at(text, p).filter(|_| lead.currency.is_none());
    let (magnitude, unit, end) = if let Some((end, canon)) = bytes {
        (None, Some(Unit::Measure(canon.to_string())), end)
    } else if let Some((end, canon)) = measure_at(text, p) {
        (None, Some(Unit::Measure(canon.to_string())), end)
    } else if let Some(m) = MAGNITUDES
        .iter()
        .find(|(w, _, _)| *w == lower)
        .filter(|_| free && (lower != "t" || lead.currency.is_some()))
    {
        (Some(m.1), None, letters_end)
    } else if lower == "x" && text.get(num.start..p) == Some("0") {
        // `0x`: the prefix of a hexadecimal number, not zero times.
        return settle(Label::Code, token_end(text, p));
    } else if free && (lower == "x" || lower == "pct") {
        let unit = if lower == "x" {
            Unit::Times
        } else {
            Unit::Percent
        };
        (None, Some(unit), letters_end)
    } else {
        return settle(Label::Identifier, token_end(text, p));
    };
    ControlFlow::Continue(Tail {
        magnitude,
        unit,
        end,
    })
}

/// Finishes a statistic: reads the words after the number (unless a unit
/// is already glued on) and builds the figure. A bare number may still get
/// a label ([`bare_label`]), and `In 2019 exports rose` is a year even
/// before a plural noun.
fn statistic(text: &str, num: &Written, lead: &Lead, number: f64, mut tail: Tail) -> Found {
    // Words after the number.
    if tail.unit.is_none() {
        read_tail(text, &mut tail, lead.currency);
    }
    let end = tail.end;
    let mut fig = Figure {
        number,
        magnitude: tail.magnitude,
        value: number * tail.magnitude.map_or(1.0, Magnitude::factor),
        unit: tail.unit,
        start: lead.start,
        end,
        label: None,
    };
    let counted = matches!(fig.unit, None | Some(Unit::Count(_) | Unit::Measure(_)));
    if counted && fig.magnitude.is_none() && num.simple_int && timestamp_like(num.int_len, number) {
        // `1609459200`, `1609459200 seconds`: a moment, not a count.
        fig.label = Some(Label::Timestamp);
        fig.unit = None;
        fig.end = num.end;
    } else if fig.unit.is_none() && fig.magnitude.is_none() {
        fig.label = bare_label(text, &fig, num.simple_int, num.int_len);
    } else if let Some(Unit::Count(_)) = fig.unit {
        // `In 2019 exports rose`: a year even before a plural noun.
        if num.simple_int
            && num.int_len == 4
            && fig.magnitude.is_none()
            && PLAUSIBLE_YEARS.contains(&number)
            && year_preposition(text, lead.start, YEAR_PREPOSITIONS)
        {
            fig.label = Some(Label::Year);
            fig.unit = None;
            fig.end = num.end;
        }
    }
    // Scanning resumes after the words read, even when they were not kept.
    (fig, end)
}

/// A currency symbol or code just before the number at `s` (at most one
/// space between): returns (start of the currency, ISO code).
fn currency_before(text: &str, s: usize) -> Option<(usize, &'static str)> {
    let b = text.as_bytes();
    let spaced = skip_spaces_back(text, s);
    let candidates: &[usize] = if spaced < s { &[s, spaced] } else { &[s] };
    for &at in candidates {
        if char_before(text, at) == Some('$') {
            let dollar = at - 1;
            let mut l = dollar;
            while l > 0 && dollar - l < 3 && b[l - 1].is_ascii_uppercase() {
                l -= 1;
            }
            let letters = &text[l..dollar];
            if letters.is_empty() {
                return Some((dollar, "USD"));
            }
            if !boundary_before(text, l) {
                return None;
            }
            return DOLLAR_PREFIXES
                .iter()
                .find(|(p, _)| *p == letters)
                .map(|(_, code)| (l, *code));
        }
        for (sym, code) in CURRENCY_SYMBOLS {
            if text.get(..at).is_some_and(|t| t.ends_with(sym)) {
                return Some((at - sym.len(), code));
            }
        }
        if let Some((ws, word)) = word_before(text, at)
            && let Some((_, code)) = CURRENCY_CODES.iter().find(|(c, _)| *c == word)
        {
            return Some((ws, code));
        }
    }
    None
}

/// A measure spelling at `i` (followed by a word boundary or, for `km`/`m`,
/// a superscript): returns (end, canonical name).
fn measure_at(text: &str, i: usize) -> Option<(usize, &'static str)> {
    let b = text.as_bytes();
    MEASURES.iter().find_map(|(form, canon)| {
        let end = i + form.len();
        (matches_ci(b, i, form) && boundary_at(text, end)).then_some((end, *canon))
    })
}

/// Reads magnitude and unit words after the number into `tail`. A currency
/// written before the number is the unit unless `%`/`times`/a measure
/// follows.
fn read_tail(text: &str, tail: &mut Tail, currency: Option<&'static str>) {
    match read_unit(text, tail, currency) {
        Some((unit, end)) => {
            tail.unit = Some(match (currency, unit) {
                (Some(code), Unit::Currency(_)) => Unit::Currency(code),
                (_, u) => u,
            });
            tail.end = end;
        }
        None => tail.unit = currency.map(Unit::Currency),
    }
}

fn read_unit(text: &str, tail: &mut Tail, currency: Option<&'static str>) -> Option<(Unit, usize)> {
    let b = text.as_bytes();
    let q = skip_spaces(text, tail.end);
    if tail.magnitude.is_none() {
        for c in ['%', '％'] {
            if text.get(q..).is_some_and(|t| t.starts_with(c)) {
                return Some((Unit::Percent, q + c.len_utf8()));
            }
        }
    }
    // `3-fold`; any other hyphen joins a compound (`10-best`): stop.
    if b.get(tail.end) == Some(&b'-') {
        return word_at(text, tail.end + 1, "fold").map(|end| (Unit::Times, end));
    }
    if q == tail.end {
        return None; // punctuation or end of text right after the number
    }
    let mut q = q;
    if tail.magnitude.is_none() {
        for (w, m, single) in MAGNITUDES {
            if *single && currency.is_none() {
                continue;
            }
            if let Some(end) = word_at(text, q, w) {
                tail.magnitude = Some(*m);
                tail.end = end;
                q = skip_spaces(text, end);
                if q == end {
                    return None;
                }
                break;
            }
        }
    }
    unit_at(text, q, currency.is_none())
}

/// A unit written at `i`: percent words, `times`, a currency, a measure, or
/// (if `count` is allowed) a counted noun. Returns (unit, end).
fn unit_at(text: &str, i: usize, count: bool) -> Option<(Unit, usize)> {
    let b = text.as_bytes();
    if text.get(i..).is_some_and(|t| t.starts_with('%')) {
        return Some((Unit::Percent, i + 1));
    }
    for w in PERCENT_WORDS {
        if let Some(end) = word_at(text, i, w) {
            return Some((Unit::Percent, end));
        }
    }
    for w in ["times", "fold"] {
        if let Some(end) = word_at(text, i, w) {
            return Some((Unit::Times, end));
        }
    }
    if let Some((end, canon)) = byte_unit_at(text, i) {
        return Some((Unit::Measure(canon.to_string()), end));
    }
    for (code, iso) in CURRENCY_CODES {
        if let Some(end) = word_at_exact(text, i, code) {
            return Some((Unit::Currency(iso), end));
        }
    }
    for (w, iso) in CURRENCY_AFTER {
        if let Some(end) = word_at(text, i, w) {
            return Some((Unit::Currency(iso), end));
        }
    }
    if let Some((end, canon)) = measure_at(text, i) {
        return Some((Unit::Measure(canon.to_string()), end));
    }
    if !count {
        return None;
    }
    // A counted noun: the first plural-looking word among up to three
    // lower-case words (`4,500 employees`, `1,173 foreign-invested
    // enterprises`, `5.45 million cross-border e-commerce orders`).
    let mut q = i;
    for _ in 0..3 {
        let mut e = q;
        while e - q <= 40 && b.get(e).is_some_and(|c| c.is_ascii_lowercase())
            || (b.get(e) == Some(&b'-')
                && e > q
                && b.get(e + 1).is_some_and(u8::is_ascii_lowercase))
        {
            e += 1;
        }
        if e - q < 2 || e - q > 40 || !boundary_at(text, e) {
            return None;
        }
        let word = &text[q..e];
        if NOUN_SEARCH_STOPS.contains(&word) {
            return None;
        }
        if looks_plural(word) {
            return Some((Unit::Count(word.to_string()), e));
        }
        let next = skip_spaces(text, e);
        if next == e || next - e > 1 {
            return None;
        }
        q = next;
    }
    None
}

/// Does `word` look like a plural noun?
fn looks_plural(word: &str) -> bool {
    let last = word.rsplit('-').next().unwrap_or(word);
    if IRREGULAR_PLURALS.contains(&last) {
        return true;
    }
    last.len() >= 3
        && last.ends_with('s')
        && !last.ends_with("ss")
        && !last.ends_with("us")
        && !last.ends_with("is")
        && !NOT_PLURAL.contains(&last)
        && !NOUN_SEARCH_STOPS.contains(&last)
}

/// Ranges: `300-400 billion yuan`, `5 to 10 percent`, `between 1 and 2
/// billion dollars`, `$5-10 billion`: the first number takes the magnitude
/// and unit of the second, and the second takes a currency written before
/// the first.
fn link_ranges(text: &str, figs: &mut [Figure]) {
    for k in 1..figs.len() {
        let (left, right) = figs.split_at_mut(k);
        let a = &mut left[k - 1];
        let bfig = &mut right[0];
        let Some(between) = text.get(a.end..bfig.start) else {
            continue;
        };
        // `China 300-400 billion yuan`: a bare number read as a name's
        // (it follows a proper name) is the low end of a range whose high
        // end has a unit.
        let measured = bfig.unit.is_some() || bfig.magnitude.is_some();
        if a.label == Some(Label::Identifier)
            && bfig.label.is_none()
            && measured
            && a.unit.is_none()
            && a.magnitude.is_none()
            && matches!(between, "-" | "–" | "—")
        {
            a.label = None;
        }
        if a.label.is_some() || bfig.label.is_some() || a.end > bfig.start {
            continue;
        }
        let connector = matches!(between.trim(), "-" | "–" | "—" | "to" | "~")
            || (between == " and " && {
                let at = skip_spaces_back(text, a.start);
                word_before(text, at).is_some_and(|(_, w)| w.eq_ignore_ascii_case("between"))
            });
        if !connector || between.len() > 5 {
            continue;
        }
        if a.magnitude.is_none()
            && a.unit.is_none()
            && (bfig.magnitude.is_some() || bfig.unit.is_some())
        {
            a.magnitude = bfig.magnitude;
            a.unit = bfig.unit.clone();
            a.value = a.number * a.magnitude.map_or(1.0, Magnitude::factor);
        } else if let (Some(Unit::Currency(c)), None) = (&a.unit, &bfig.unit) {
            bfig.unit = Some(Unit::Currency(c));
            if bfig.magnitude.is_some() && a.magnitude.is_none() {
                a.magnitude = bfig.magnitude;
                a.value = a.number * a.magnitude.map_or(1.0, Magnitude::factor);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::cursor::{char_at, is_word_char};
    use super::*;

    /// The scan as it was before it jumped from digit to digit: every
    /// character visited, words skipped letter by letter.
    fn extract_char_by_char(text: &str) -> Vec<Figure> {
        let b = text.as_bytes();
        let mut out: Vec<Figure> = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !text.is_char_boundary(i) {
                i += 1;
                continue;
            }
            let c = b[i];
            if c.is_ascii_digit() {
                let next = scan_number(text, i, &mut out);
                i = next.max(i + 1);
            } else if c.is_ascii_alphabetic()
                || (c >= 0x80 && char_at(text, i).is_some_and(is_word_char))
            {
                let mut j = i;
                loop {
                    while b
                        .get(j)
                        .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_')
                    {
                        j += 1;
                    }
                    match char_at(text, j) {
                        Some(ch) if !ch.is_ascii() && ch.is_alphabetic() => j += ch.len_utf8(),
                        _ => break,
                    }
                }
                if j == i {
                    i += char_at(text, i).map_or(1, char::len_utf8);
                    continue;
                }
                if is_digit_at(b, j) {
                    let letters = &text[i..j];
                    if CURRENCY_CODES.iter().any(|(code, _)| *code == letters) {
                        i = j;
                        continue;
                    }
                    if matches!(letters, "v" | "V") {
                        let mut e = j;
                        while is_digit_at(b, e)
                            || (b.get(e) == Some(&b'.') && is_digit_at(b, e + 1))
                        {
                            e += 1;
                        }
                        let end = token_end(text, e);
                        let number = text
                            .get(j..j + digit_run(b, j, MAX_DIGITS))
                            .map_or(0.0, parse_digits);
                        out.push(Figure::labelled(number, i, end, Label::Version));
                        i = end;
                        continue;
                    }
                    let end = token_end(text, i);
                    let run = digit_run(b, j, MAX_DIGITS);
                    let number = text.get(j..j + run).map_or(0.0, parse_digits);
                    out.push(Figure::labelled(number, i, end, Label::Identifier));
                    i = end;
                } else {
                    i = j;
                }
            } else if c.is_ascii() {
                i += 1;
            } else {
                i += char_at(text, i).map_or(1, char::len_utf8);
            }
        }
        link_ranges(text, &mut out);
        label_code_spans(text, &mut out);
        out
    }

    /// Pieces that meet at a digit in every way the scan tells apart:
    /// ASCII and other letters, `_`, marks and digits that are not ASCII,
    /// currency codes, `v`, units, separators and punctuation.
    fn pieces() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "0", "7", "12", "1,500", "3.5", "2021", "v", "V", "RMB", "USD", "EUR", "A", "x", "km",
            "bn", "million", "percent", "%", "$", "€", "_", "__", "é", "ß", "Ж", "中", "\u{301}",
            "²", "٣", "\u{200b}", " ", "  ", "-", "/", ".", ",", ":", "(", ")", "`", "..", "\n",
            "th", "st", "year", "in", "page", "p.", "No.", "version", "Rust",
        ]);
        prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// Jumping from digit to digit finds exactly the figures that a
        /// walk over every character finds.
        #[test]
        fn the_digit_to_digit_scan_finds_what_the_char_walk_finds(text in pieces()) {
            prop_assert_eq!(extract(&text), extract_char_by_char(&text), "{:?}", text);
        }

        /// The same on any text.
        #[test]
        fn the_same_on_arbitrary_text(text in any::<String>()) {
            prop_assert_eq!(extract(&text), extract_char_by_char(&text), "{:?}", text);
        }
    }

    #[test]
    fn glued_letters_start_where_a_word_would() {
        let cases = [
            ("RMB98", 0, 3, 0),
            ("_ab_c1", 0, 5, 1),
            ("x __1", 0, 4, 4),
            ("ab1", 1, 2, 1),
            ("é2", 0, 2, 0),
            ("\u{301}a3", 0, 3, 2),
            ("²a3", 0, 3, 2),
            (" 5", 0, 1, 1),
        ];
        for (text, from, digit, start) in cases {
            assert_eq!(glued_letters_start(text, from, digit), start, "{text:?}");
        }
    }
}
