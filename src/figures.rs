//! Figures: find numbers stated in text, say what they measure, and normalise
//! them so that equivalent spellings compare equal.
//!
//! [`extract`] scans text once, left to right, and returns every number it
//! sees as a [`Figure`]: the number as written, an optional [`Magnitude`]
//! (`billion`, `bn`, `m`…), the scaled value, an optional [`Unit`] (percent,
//! a currency, `times`, a measure, or the counted noun) and the byte span of
//! the whole figure (`$57.37 billion`, `371.53 billion yuan`, `13.6 percent`).
//! Numbers that are not statistics (years, dates, times of day, ordinals,
//! identifiers such as `QMJ4620`, citation markers such as `[1]`, page
//! numbers, copyright years) are returned too, with a [`Label`] saying why, so
//! callers can skip them. [`Figure::keys`] gives canonical index keys
//! (`371.53 billion yuan`, `RMB 371.53bn` and `CNY 371,530 million` all give
//! `"371530000000 CNY"`), and [`parse_filter_expr`] / [`parse_unit`] turn
//! user input such as `"> 300 billion yuan"` or `--unit percent` into a
//! [`Filter`].
//!
//! Conventions and limits:
//! * `$` and `dollars` mean US dollars (`USD`); `HK$`, `A$`, `C$`, `S$`,
//!   `NZ$`, `NT$` give `HKD`, `AUD`, `CAD`, `SGD`, `NZD`, `TWD`. `¥` is read
//!   as Chinese yuan (`CNY`); write `JPY`/`yen` for Japanese yen. `pounds`
//!   means pounds sterling.
//! * The single letters `k`, `m`, `b`, `t` are magnitudes when glued to the
//!   number (`5m`, `98.2b`, `$5k`) and, when separated by a space (`$5 m`),
//!   only if a currency is written before the number; `5 m` alone is left
//!   alone (it may be metres). Metres are recognised only as `meters`/`metres`
//!   (or `m2`/`m²`/`sq m` for square metres).
//! * `percentage points` is read as [`Unit::Percent`].
//! * A number glued inside a word (`QMJ4620`, `LJKMR2022046`, `5G`, `COVID-19`)
//!   or with a leading zero (`007`) or written like a version (`1.2.3`) is
//!   returned with [`Label::Identifier`], its span covering the whole token.
//! * List and section markers (`(1)`, `1)` or `5.1.` at the start of a line)
//!   are labelled [`Label::Ordinal`], like `18th`.
//! * Runs of more than 24 digits are skipped; values are always finite.
//! * Numbers spelled out in words (`two million`) are not recognised.

use serde::Serialize;

/// A power of ten written after a number (`billion`, `bn`, `m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Magnitude {
    /// ×10³ (`thousand`, `k`).
    Thousand,
    /// ×10⁶ (`million`, `mn`, `mln`, `m`).
    Million,
    /// ×10⁹ (`billion`, `bn`, `bln`, `b`).
    Billion,
    /// ×10¹² (`trillion`, `tn`, `trn`, `t`).
    Trillion,
}

impl Magnitude {
    /// The factor the written number is multiplied by.
    pub fn factor(self) -> f64 {
        match self {
            Magnitude::Thousand => 1e3,
            Magnitude::Million => 1e6,
            Magnitude::Billion => 1e9,
            Magnitude::Trillion => 1e12,
        }
    }

    /// The magnitude as an English word (`"billion"`).
    pub fn word(self) -> &'static str {
        match self {
            Magnitude::Thousand => "thousand",
            Magnitude::Million => "million",
            Magnitude::Billion => "billion",
            Magnitude::Trillion => "trillion",
        }
    }
}

/// What a figure measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// `%`, `percent`, `per cent`, `pct`, `percentage points`.
    Percent,
    /// Money, by ISO 4217 code (`"CNY"`, `"USD"`, `"EUR"`, `"GBP"`, `"JPY"`,
    /// `"KRW"`, and a few more).
    Currency(&'static str),
    /// A multiple: `2.6 times`, `3-fold`, `2x`.
    Times,
    /// A physical measure, canonical plural name (`"square kilometers"`,
    /// `"tons"`, `"kilometers"`).
    Measure(String),
    /// A count of things: the counted noun as written, lower-case
    /// (`"employees"`, `"businesses"`, `"orders"`).
    Count(String),
}

/// Why a number is not a statistic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// A calendar year or decade: `In 2019`, `since 2010`, `the 1980s`.
    Year,
    /// A date or a range of years: `2021-09-24`, `June 23`, `Jul 19,2022`,
    /// `19 July 2022`, `December 2020`, `2021-25`.
    Date,
    /// A time of day: `11:24:01`, `10:30`.
    Time,
    /// A rank or list marker: `18th`, `1st`, `(1)`, `5.1.` at a line start.
    Ordinal,
    /// A number inside a code or name: `QMJ4620`, `No. 12`, `COVID-19`.
    Identifier,
    /// A citation marker: the `1` in `[1]`.
    Reference,
    /// A page number: `p. 12`, `page 3`, a number alone on a line.
    PageNumber,
    /// Part of a copyright or legal notice: the year in `© 2021 Euromoney`.
    Boilerplate,
}

/// A number found in text, with what it measures and where it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The number as written, unscaled (`371.53` for `371.53 billion yuan`).
    pub number: f64,
    /// The magnitude written after the number, if any.
    pub magnitude: Option<Magnitude>,
    /// `number` × the magnitude factor (`371.53e9`).
    pub value: f64,
    /// What the number measures, if recognised.
    pub unit: Option<Unit>,
    /// Byte offset where the figure starts (currency symbol or sign included).
    pub start: usize,
    /// Byte offset just past the figure's last word.
    pub end: usize,
    /// Why the number is not a statistic; `None` for a statistic.
    pub label: Option<Label>,
}

impl Figure {
    /// Canonical index keys of a statistic: the value with its unit
    /// (`"371530000000 CNY"`, `"13.6 percent"`, `"4500 employees"`) when
    /// there is a unit, then the bare value (`"371530000000"`). Values are
    /// rounded to 9 significant digits and written without exponent or
    /// trailing zeros, so `3.7 trillion` and `3,700 billion` give the same
    /// keys. Labelled figures (years, dates, …) have no keys.
    pub fn keys(&self) -> Vec<String> {
        if self.label.is_some() {
            return Vec::new();
        }
        let v = canonical_number(self.value);
        let mut keys = Vec::with_capacity(2);
        if let Some(u) = self.unit_label() {
            keys.push(format!("{v} {u}"));
        }
        keys.push(v);
        keys
    }

    /// The unit as a short string: `"percent"`, `"CNY"`, `"times"`,
    /// `"square kilometers"`, `"employees"`.
    pub fn unit_label(&self) -> Option<String> {
        self.unit.as_ref().map(unit_name)
    }

    fn plain(number: f64, start: usize, end: usize) -> Figure {
        Figure {
            number,
            magnitude: None,
            value: number,
            unit: None,
            start,
            end,
            label: None,
        }
    }

    fn labelled(number: f64, start: usize, end: usize, label: Label) -> Figure {
        Figure {
            label: Some(label),
            ..Figure::plain(number, start, end)
        }
    }
}

fn unit_name(u: &Unit) -> String {
    match u {
        Unit::Percent => "percent".to_string(),
        Unit::Currency(code) => (*code).to_string(),
        Unit::Times => "times".to_string(),
        Unit::Measure(m) => m.clone(),
        Unit::Count(c) => c.clone(),
    }
}

/// Writes `v` rounded to 9 significant digits, in plain decimal notation,
/// without trailing zeros (`371530000000`, `13.6`, `0.005`, `-2`).
fn canonical_number(v: f64) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            "nan".into()
        } else {
            "inf".into()
        };
    }
    if v == 0.0 {
        return "0".into();
    }
    let sci = format!("{:.8e}", v.abs());
    let (mantissa, exp) = match sci.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (sci.as_str(), 0),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let mut out = String::new();
    if v < 0.0 {
        out.push('-');
    }
    if exp >= 0 {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            out.push_str(digits);
            out.extend(std::iter::repeat_n('0', int_len - digits.len()));
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-exp - 1) as usize));
        out.push_str(digits);
    }
    out
}

// ---------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------

/// Magnitude words and abbreviations (lower-case). The bool marks the
/// single-letter forms that need a currency when written apart.
const MAGNITUDES: &[(&str, Magnitude, bool)] = &[
    ("thousand", Magnitude::Thousand, false),
    ("million", Magnitude::Million, false),
    ("billion", Magnitude::Billion, false),
    ("trillion", Magnitude::Trillion, false),
    ("mln", Magnitude::Million, false),
    ("mn", Magnitude::Million, false),
    ("bln", Magnitude::Billion, false),
    ("bn", Magnitude::Billion, false),
    ("trn", Magnitude::Trillion, false),
    ("tn", Magnitude::Trillion, false),
    ("k", Magnitude::Thousand, true),
    ("m", Magnitude::Million, true),
    ("b", Magnitude::Billion, true),
    ("t", Magnitude::Trillion, true),
];

/// Currency words written after a number (matched case-insensitively,
/// longest first).
const CURRENCY_AFTER: &[(&str, &str)] = &[
    ("hong kong dollars", "HKD"),
    ("hong kong dollar", "HKD"),
    ("u.s. dollars", "USD"),
    ("u.s. dollar", "USD"),
    ("pounds sterling", "GBP"),
    ("us dollars", "USD"),
    ("us dollar", "USD"),
    ("renminbi", "CNY"),
    ("sterling", "GBP"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("pounds", "GBP"),
    ("pound", "GBP"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("yuan", "CNY"),
    ("yen", "JPY"),
    ("won", "KRW"),
];

/// Currency codes (upper-case, matched exactly) before or after a number.
const CURRENCY_CODES: &[(&str, &str)] = &[
    ("RMB", "CNY"),
    ("CNY", "CNY"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("JPY", "JPY"),
    ("KRW", "KRW"),
    ("HKD", "HKD"),
    ("INR", "INR"),
];

/// Currency symbols written before a number.
const CURRENCY_SYMBOLS: &[(&str, &str)] = &[
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "CNY"),
    ("￥", "CNY"),
    ("₩", "KRW"),
    ("₹", "INR"),
];

/// Letters before `$` and the currency they make.
const DOLLAR_PREFIXES: &[(&str, &str)] = &[
    ("US", "USD"),
    ("HK", "HKD"),
    ("NZ", "NZD"),
    ("NT", "TWD"),
    ("A", "AUD"),
    ("C", "CAD"),
    ("S", "SGD"),
];

/// Measure spellings (lower-case, longest first within a family) and their
/// canonical names.
const MEASURES: &[(&str, &str)] = &[
    ("square kilometers", "square kilometers"),
    ("square kilometer", "square kilometers"),
    ("square kilometres", "square kilometers"),
    ("square kilometre", "square kilometers"),
    ("square km", "square kilometers"),
    ("sq. km", "square kilometers"),
    ("sq km", "square kilometers"),
    ("sq.km", "square kilometers"),
    ("km²", "square kilometers"),
    ("km2", "square kilometers"),
    ("square meters", "square meters"),
    ("square meter", "square meters"),
    ("square metres", "square meters"),
    ("square metre", "square meters"),
    ("sq. m", "square meters"),
    ("sq m", "square meters"),
    ("m²", "square meters"),
    ("m2", "square meters"),
    ("square miles", "square miles"),
    ("square mile", "square miles"),
    ("sq mi", "square miles"),
    ("cubic meters", "cubic meters"),
    ("cubic meter", "cubic meters"),
    ("cubic metres", "cubic meters"),
    ("cubic metre", "cubic meters"),
    ("m³", "cubic meters"),
    ("hectares", "hectares"),
    ("hectare", "hectares"),
    ("ha", "hectares"),
    ("mu", "mu"),
    ("kilometers", "kilometers"),
    ("kilometer", "kilometers"),
    ("kilometres", "kilometers"),
    ("kilometre", "kilometers"),
    ("km", "kilometers"),
    ("meters", "meters"),
    ("meter", "meters"),
    ("metres", "meters"),
    ("metre", "meters"),
    ("miles", "miles"),
    ("mile", "miles"),
    ("metric tons", "tons"),
    ("metric tonnes", "tons"),
    ("tonnes", "tons"),
    ("tonne", "tons"),
    ("tons", "tons"),
    ("ton", "tons"),
    ("kilograms", "kilograms"),
    ("kilogram", "kilograms"),
    ("kg", "kilograms"),
    ("liters", "liters"),
    ("liter", "liters"),
    ("litres", "liters"),
    ("litre", "liters"),
    ("barrels", "barrels"),
    ("barrel", "barrels"),
    ("kilowatt-hours", "kilowatt-hours"),
    ("kilowatt hours", "kilowatt-hours"),
    ("kwh", "kilowatt-hours"),
    ("kilowatts", "kilowatts"),
    ("kilowatt", "kilowatts"),
    ("kw", "kilowatts"),
    ("megawatts", "megawatts"),
    ("megawatt", "megawatts"),
    ("mw", "megawatts"),
    ("gigawatts", "gigawatts"),
    ("gigawatt", "gigawatts"),
    ("gw", "gigawatts"),
    ("teus", "teu"),
    ("teu", "teu"),
];

const PERCENT_WORDS: &[&str] = &[
    "percentage points",
    "percentage point",
    "per cent",
    "percent",
    "pct",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

/// Words that end the search for a counted noun.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "against",
    "all",
    "along",
    "also",
    "among",
    "an",
    "and",
    "any",
    "are",
    "around",
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
    "down",
    "during",
    "each",
    "every",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "his",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "less",
    "may",
    "more",
    "much",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "onto",
    "or",
    "our",
    "out",
    "over",
    "per",
    "percent",
    "percentage",
    "plus",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "thus",
    "till",
    "times",
    "to",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "versus",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whereas",
    "which",
    "while",
    "who",
    "whose",
    "will",
    "with",
    "within",
    "without",
    "would",
    "year-on-year",
    "yet",
];

/// Words ending in `s` that are not plural nouns.
const NOT_PLURAL: &[&str] = &[
    "always",
    "besides",
    "hers",
    "ours",
    "perhaps",
    "sometimes",
    "theirs",
    "whereas",
    "yes",
    "yours",
    "afterwards",
    "nowadays",
];

/// Plural nouns that do not end in `s`.
const IRREGULAR_PLURALS: &[&str] = &[
    "people",
    "staff",
    "personnel",
    "children",
    "men",
    "women",
    "cattle",
    "police",
    "livestock",
    "aircraft",
    "sheep",
    "fish",
];

/// Words before a four-digit number that make it a year.
const YEAR_PREPOSITIONS: &[&str] = &["in", "since", "until", "till", "circa", "by", "year"];

// ---------------------------------------------------------------------------
// Byte-level helpers (all bounds-checked; spans are always char boundaries)
// ---------------------------------------------------------------------------

const MAX_DIGITS: usize = 24;

fn is_digit_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(u8::is_ascii_digit)
}

/// The char starting at byte `i`, if `i` is a char boundary inside `text`.
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// The char ending at byte `i`.
fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True if no word char starts at `i`.
fn boundary_at(text: &str, i: usize) -> bool {
    !char_at(text, i).is_some_and(is_word_char)
}

/// True if no word char ends at `i`.
fn boundary_before(text: &str, i: usize) -> bool {
    !char_before(text, i).is_some_and(is_word_char)
}

/// End of the run of word chars starting at `i`, continuing over a `-` or `/`
/// that is followed by an ASCII letter or digit.
fn token_end(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while let Some(c) = char_at(text, i) {
        if is_word_char(c) {
            i += c.len_utf8();
        } else if (c == '-' || c == '/') && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// End of the ASCII letter run starting at `i`.
fn ascii_letters_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1;
    }
    i
}

/// Skips up to three spaces, tabs or no-break spaces (no line breaks).
fn skip_spaces(text: &str, mut i: usize) -> usize {
    for _ in 0..3 {
        match char_at(text, i) {
            Some(c @ (' ' | '\t' | '\u{a0}' | '\u{202f}' | '\u{2009}')) => i += c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// Steps back over up to three spaces (same set as [`skip_spaces`]).
fn skip_spaces_back(text: &str, mut i: usize) -> usize {
    for _ in 0..3 {
        match char_before(text, i) {
            Some(c @ (' ' | '\t' | '\u{a0}' | '\u{202f}' | '\u{2009}')) => i -= c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// True if `pat` (lower-case ASCII, or exact non-ASCII) occurs at `i`
/// ignoring ASCII case.
fn matches_ci(b: &[u8], i: usize, pat: &str) -> bool {
    let p = pat.as_bytes();
    b.get(i..i + p.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(p))
}

/// Matches `pat` at `i` ignoring ASCII case, followed by a word boundary;
/// returns the end.
fn word_at(text: &str, i: usize, pat: &str) -> Option<usize> {
    let end = i + pat.len();
    (matches_ci(text.as_bytes(), i, pat) && boundary_at(text, end)).then_some(end)
}

/// Like [`word_at`] but case-sensitive.
fn word_at_exact(text: &str, i: usize, pat: &str) -> Option<usize> {
    let end = i + pat.len();
    (text.as_bytes().get(i..end) == Some(pat.as_bytes()) && boundary_at(text, end)).then_some(end)
}

/// The word (ASCII letters) ending at `i`, with its start.
fn word_before(text: &str, i: usize) -> Option<(usize, &str)> {
    let b = text.as_bytes();
    let mut s = i;
    while s > 0 && i - s < 16 && b[s - 1].is_ascii_alphabetic() {
        s -= 1;
    }
    if s == i || !boundary_before(text, s) {
        return None;
    }
    text.get(s..i).map(|w| (s, w))
}

/// The number of ASCII digits starting at `i` (at most `cap + 1`).
fn digit_run(b: &[u8], i: usize, cap: usize) -> usize {
    let mut n = 0;
    while n <= cap && is_digit_at(b, i + n) {
        n += 1;
    }
    n
}

fn parse_digits(s: &str) -> f64 {
    s.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .unwrap_or(0.0)
}

/// Is `i` at the start of a line, ignoring spaces and a bullet (`-`, `*`, `•`)?
fn at_line_start(text: &str, i: usize) -> bool {
    let mut j = skip_spaces_back(text, i);
    if let Some(c @ ('-' | '*' | '•' | '(')) = char_before(text, j) {
        j = skip_spaces_back(text, j - c.len_utf8());
    }
    matches!(char_before(text, j), None | Some('\n' | '\r'))
}

/// Is `i` at the end of a line, ignoring spaces?
fn at_line_end(text: &str, i: usize) -> bool {
    let j = skip_spaces(text, i);
    matches!(char_at(text, j), None | Some('\n' | '\r'))
}

// ---------------------------------------------------------------------------
// Extraction
// ---------------------------------------------------------------------------

/// Finds every number in `text`, in text order, each as a [`Figure`].
///
/// Statistics have `label == None`; years, dates, times, ordinals,
/// identifiers, citation markers, page numbers and copyright years carry a
/// [`Label`]. Runs in time linear in the length of `text` and never panics.
pub fn extract(text: &str) -> Vec<Figure> {
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
            // A word: skip it, unless digits follow its letters.
            let mut j = i;
            while let Some(ch) = char_at(text, j) {
                if ch.is_alphabetic() || ch == '_' {
                    j += ch.len_utf8();
                } else {
                    break;
                }
            }
            if j == i {
                // A non-alphabetic word char (e.g. a non-ASCII digit).
                i += char_at(text, i).map_or(1, char::len_utf8);
                continue;
            }
            if is_digit_at(b, j) {
                let letters = &text[i..j];
                if CURRENCY_CODES.iter().any(|(code, _)| *code == letters) {
                    i = j; // `RMB98.2bn`: the number scan finds the code.
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
        } else {
            i += char_at(text, i).map_or(1, char::len_utf8);
        }
    }
    link_ranges(text, &mut out);
    out
}

/// What follows a number: magnitude, unit, and where the figure ends.
struct Tail {
    magnitude: Option<Magnitude>,
    unit: Option<Unit>,
    end: usize,
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
    let int_end = s + int_len;
    let int_value = parse_digits(&text[s..int_end]);

    // A number glued after `LETTERS-` (`COVID-19`, `F-35`) is an identifier.
    if b.get(s.wrapping_sub(1)) == Some(&b'-') && s >= 2 && b[s - 2].is_ascii_alphabetic() {
        let end = token_end(text, int_end);
        out.push(Figure::labelled(int_value, s, end, Label::Identifier));
        return end;
    }

    if let Some((end, label, start)) = date_or_time(text, s, int_len) {
        out.push(Figure::labelled(int_value, start, end, label));
        return end;
    }

    // Thousands separators: `140,000`, `1,173`; not `19,2022`.
    let mut p = int_end;
    let mut grouped = false;
    if int_len <= 3 {
        while p - s < 40 && b.get(p) == Some(&b',') && digit_run(b, p + 1, 4) == 3 {
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
            out.push(Figure::labelled(int_value, s, end, Label::Identifier));
            return end;
        }
        p = q;
        decimal = true;
    }
    let plain: String = text[s..p].chars().filter(|c| *c != ',').collect();
    let number = parse_digits(&plain);
    let integer = !decimal;
    let simple_int = integer && !grouped;

    // Sign and currency before the number.
    let currency = currency_before(text, s);
    let mut start = currency.map_or(s, |(cs, _)| cs);
    let mut sign = 1.0;
    if let Some(c @ ('-' | '−' | '+')) = char_before(text, start) {
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
    let number = sign * number;

    if let Some((fig, resume)) = calendar(text, start, p, number, int_len, simple_int) {
        out.push(fig);
        return resume;
    }

    // Leading zero (`007`): a code, not a quantity.
    if simple_int && int_len > 1 && b[s] == b'0' {
        let end = token_end(text, p);
        out.push(Figure::labelled(number, start, end, Label::Identifier));
        return end;
    }

    // Letters glued to the number.
    let letters_end = ascii_letters_end(b, p);
    let mut tail = Tail {
        magnitude: None,
        unit: None,
        end: p,
    };
    if letters_end > p {
        let suffix = &text[p..letters_end];
        let lower = suffix.to_ascii_lowercase();
        let free = boundary_at(text, letters_end);
        if free && simple_int && matches!(lower.as_str(), "st" | "nd" | "rd" | "th") {
            out.push(Figure::labelled(number, start, letters_end, Label::Ordinal));
            return letters_end;
        }
        if free
            && simple_int
            && lower == "s"
            && (int_len == 4 || int_len == 2)
            && text[..int_end].ends_with('0')
        {
            out.push(Figure::labelled(number, start, letters_end, Label::Year));
            return letters_end;
        }
        if let Some((end, canon)) = measure_at(text, p) {
            tail.unit = Some(Unit::Measure(canon.to_string()));
            tail.end = end;
        } else if let Some(m) = MAGNITUDES
            .iter()
            .find(|(w, _, _)| *w == lower)
            .filter(|_| free && (lower != "t" || currency.is_some()))
        {
            tail.magnitude = Some(m.1);
            tail.end = letters_end;
        } else if free && (lower == "x" || lower == "pct") {
            tail.unit = Some(if lower == "x" {
                Unit::Times
            } else {
                Unit::Percent
            });
            tail.end = letters_end;
        } else {
            let end = token_end(text, p);
            out.push(Figure::labelled(number, start, end, Label::Identifier));
            return end;
        }
    } else if b.get(p) == Some(&b'\'')
        && b.get(p + 1) == Some(&b's')
        && boundary_at(text, p + 2)
        && simple_int
        && (int_len == 4 || int_len == 2)
        && text[..int_end].ends_with('0')
    {
        out.push(Figure::labelled(number, start, p + 2, Label::Year));
        return p + 2;
    }

    // Words after the number.
    if tail.unit.is_none() {
        read_tail(text, &mut tail, currency.map(|(_, c)| c));
    }
    let end = tail.end;
    let mut fig = Figure {
        number,
        magnitude: tail.magnitude,
        value: number * tail.magnitude.map_or(1.0, Magnitude::factor),
        unit: tail.unit,
        start,
        end,
        label: None,
    };
    if fig.unit.is_none() && fig.magnitude.is_none() {
        fig.label = bare_label(text, &fig, simple_int, int_len);
    } else if let Some(Unit::Count(_)) = fig.unit {
        // `In 2019 exports rose`: a year even before a plural noun.
        if simple_int
            && int_len == 4
            && fig.magnitude.is_none()
            && (1800.0..=2100.0).contains(&number)
            && year_preposition(text, start)
        {
            fig.label = Some(Label::Year);
            fig.unit = None;
            fig.end = p;
        }
    }
    out.push(fig);
    end
}

/// Numeric dates and times at `s`: `2021-09-24`, `2021/9/24`, `24/09/2021`,
/// `19.07.2022`, year ranges `2021-25` / `2013–2020`, times `11:24:01`.
/// Returns (end, label, start).
fn date_or_time(text: &str, s: usize, int_len: usize) -> Option<(usize, Label, usize)> {
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
        if (1800.0..=2100.0).contains(&year) {
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
                    (year..=2100.0).contains(&end_year)
                };
                if ok && boundary_at(text, e) {
                    return Some((e, Label::Date, s));
                }
            }
        }
    }
    None
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
        if let Some((ws, word)) = word_before(text, at) {
            if let Some((_, code)) = CURRENCY_CODES.iter().find(|(c, _)| *c == word) {
                return Some((ws, code));
            }
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
        while b.get(e).is_some_and(|c| c.is_ascii_lowercase())
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
        if STOPWORDS.contains(&word) {
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
        && !STOPWORDS.contains(&last)
}

/// The word before the figure starting at `start` makes a four-digit number a
/// year (`in`, `since`, …)?
fn year_preposition(text: &str, start: usize) -> bool {
    let at = skip_spaces_back(text, start);
    at < start
        && word_before(text, at).is_some_and(|(_, w)| {
            let w = w.to_ascii_lowercase();
            YEAR_PREPOSITIONS.contains(&w.as_str())
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

/// Why a bare number (no unit, no magnitude) is not a statistic, if it is
/// not. May widen the figure's span (dates).
fn bare_label(text: &str, fig: &Figure, simple_int: bool, int_len: usize) -> Option<Label> {
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
    // Citation markers: `[1]`, `[1, 2]`, `[3-5]`.
    if bracketed(b, start, end) {
        return Some(Label::Reference);
    }
    // `No. 12`, `#3`.
    if char_before(text, start) == Some('#') {
        return Some(Label::Identifier);
    }
    if let Some((_, w)) = word_before(text, before.saturating_sub(1)) {
        if text.get(before.saturating_sub(1)..before) == Some(".")
            && (w == "No" || w == "no" || w == "Nos")
            && before < start
        {
            return Some(Label::Identifier);
        }
        if text.get(before.saturating_sub(1)..before) == Some(".")
            && (w == "p" || w == "pp" || w == "P")
            && before < start
        {
            return Some(Label::PageNumber);
        }
    }
    if before < start && word_before(text, before).is_some_and(|(_, w)| w == "page" || w == "Page")
    {
        return Some(Label::PageNumber);
    }
    let year_like = int_len == 4 && (1800.0..=2100.0).contains(&v);
    if year_like && year_preposition(text, start) {
        return Some(Label::Year);
    }
    if at_line_start(text, start) && int_len <= 3 && at_line_end(text, end) {
        return Some(Label::PageNumber);
    }
    if year_like {
        return Some(Label::Year);
    }
    if int_len == 4 && v >= 1000.0 && year_preposition(text, start) {
        return Some(Label::Year);
    }
    None
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
fn calendar(
    text: &str,
    start: usize,
    p: usize,
    v: f64,
    int_len: usize,
    simple_int: bool,
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
    if before < start {
        if let Some(ms) = month_before(text, before) {
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
        if q2 > q {
            if let Some(me) = month_at(text, q2) {
                let end = year_after(text, me).unwrap_or(me);
                return Some((Figure::labelled(v, start, end, Label::Date), end));
            }
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

/// Ranges: `300-400 billion yuan`, `5 to 10 percent`, `between 1 and 2
/// billion dollars`, `$5-10 billion`: the first number takes the magnitude
/// and unit of the second, and the second takes a currency written before
/// the first.
fn link_ranges(text: &str, figs: &mut [Figure]) {
    for k in 1..figs.len() {
        let (left, right) = figs.split_at_mut(k);
        let a = &mut left[k - 1];
        let bfig = &mut right[0];
        if a.label.is_some() || bfig.label.is_some() || a.end > bfig.start {
            continue;
        }
        let Some(between) = text.get(a.end..bfig.start) else {
            continue;
        };
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

// ---------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------

/// The unit part of a [`Filter`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitFilter {
    /// [`Unit::Percent`].
    Percent,
    /// [`Unit::Currency`] with this ISO code.
    Currency(&'static str),
    /// Any [`Unit::Currency`] (`currency`, `money`).
    AnyCurrency,
    /// [`Unit::Times`].
    Times,
    /// [`Unit::Measure`] with this canonical name.
    Measure(String),
    /// [`Unit::Count`] of this noun (singular or plural).
    Count(String),
}

impl UnitFilter {
    /// Does `unit` satisfy this filter?
    pub fn matches(&self, unit: &Unit) -> bool {
        match (self, unit) {
            (UnitFilter::Percent, Unit::Percent) | (UnitFilter::Times, Unit::Times) => true,
            (UnitFilter::Currency(a), Unit::Currency(b)) => a == b,
            (UnitFilter::AnyCurrency, Unit::Currency(_)) => true,
            (UnitFilter::Measure(a), Unit::Measure(b)) => a == b,
            (UnitFilter::Count(a), Unit::Count(b)) => same_noun(a, b),
            _ => false,
        }
    }
}

/// `employee` ~ `employees`, `business` ~ `businesses`.
fn same_noun(a: &str, b: &str) -> bool {
    let strip = |w: &str| -> String {
        let w = w.to_lowercase();
        if let Some(s) = w.strip_suffix("es").filter(|s| {
            s.ends_with("ss") || s.ends_with('x') || s.ends_with("ch") || s.ends_with("sh")
        }) {
            s.to_string()
        } else if let Some(s) = w.strip_suffix("ies") {
            format!("{s}y")
        } else if let Some(s) = w.strip_suffix('s').filter(|s| !s.ends_with('s')) {
            s.to_string()
        } else {
            w
        }
    };
    strip(a) == strip(b)
}

/// A condition on figures: bounds on the scaled value and a unit. Only
/// statistics (figures without a [`Label`]) match.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Filter {
    /// Lower bound on [`Figure::value`].
    pub min: Option<f64>,
    /// Whether `min` itself matches.
    pub min_inclusive: bool,
    /// Upper bound on [`Figure::value`].
    pub max: Option<f64>,
    /// Whether `max` itself matches.
    pub max_inclusive: bool,
    /// The unit the figure must have, if any.
    pub unit: Option<UnitFilter>,
}

fn approx_eq(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-300)
}

impl Filter {
    /// Does `f` pass? Compares scaled values (`371.53 billion` is
    /// 371.53e9), treating values equal to 9 significant digits as equal.
    pub fn matches(&self, f: &Figure) -> bool {
        if f.label.is_some() {
            return false;
        }
        if let Some(u) = &self.unit {
            if !f.unit.as_ref().is_some_and(|fu| u.matches(fu)) {
                return false;
            }
        }
        let v = f.value;
        if let Some(min) = self.min {
            let ok = if approx_eq(v, min) {
                self.min_inclusive
            } else {
                v > min
            };
            if !ok {
                return false;
            }
        }
        if let Some(max) = self.max {
            let ok = if approx_eq(v, max) {
                self.max_inclusive
            } else {
                v < max
            };
            if !ok {
                return false;
            }
        }
        true
    }
}

/// A quantity in a filter expression.
#[derive(Debug, Clone, Default)]
struct Quantity {
    number: f64,
    magnitude: Option<Magnitude>,
    unit: Option<UnitFilter>,
}

impl Quantity {
    fn value(&self) -> f64 {
        self.number * self.magnitude.map_or(1.0, Magnitude::factor)
    }
}

/// Parses a filter expression: a comparison (`> 300 billion yuan`,
/// `>= 13 percent`, `< 5%`, `over $1bn`, `at least 1,000 employees`), a
/// range (`between 1 and 2 billion dollars`, `300-400 billion yuan`,
/// `5 to 10 percent`, `from 1 to 2 million`), a single quantity
/// (`13.6 percent`: equal to it) or a unit alone (`percent`, `yuan`).
pub fn parse_filter_expr(expr: &str) -> Result<Filter, String> {
    let e = expr.trim();
    if e.is_empty() {
        return Err("empty filter expression".into());
    }
    let lower = e.to_lowercase();
    const OPS: &[(&str, bool, bool)] = &[
        // (prefix, is lower bound, inclusive)
        (">=", true, true),
        ("=>", true, true),
        ("≥", true, true),
        ("<=", false, true),
        ("=<", false, true),
        ("≤", false, true),
        (">", true, false),
        ("<", false, false),
        ("at least ", true, true),
        ("no less than ", true, true),
        ("more than ", true, false),
        ("greater than ", true, false),
        ("over ", true, false),
        ("above ", true, false),
        ("exceeding ", true, false),
        ("at most ", false, true),
        ("no more than ", false, true),
        ("up to ", false, true),
        ("less than ", false, false),
        ("fewer than ", false, false),
        ("under ", false, false),
        ("below ", false, false),
    ];
    for (op, lower_bound, inclusive) in OPS {
        if let Some(rest) = lower.strip_prefix(op) {
            let q = parse_quantity(rest)?;
            let mut f = Filter {
                unit: q.unit.clone(),
                ..Filter::default()
            };
            if *lower_bound {
                f.min = Some(q.value());
                f.min_inclusive = *inclusive;
            } else {
                f.max = Some(q.value());
                f.max_inclusive = *inclusive;
            }
            return Ok(f);
        }
    }
    for eq in ["==", "=", "exactly "] {
        if let Some(rest) = lower.strip_prefix(eq) {
            return exact(parse_quantity(rest)?);
        }
    }
    for (open, join) in [("between ", " and "), ("from ", " to ")] {
        if let Some(rest) = lower.strip_prefix(open) {
            let (a, b) = rest
                .split_once(join)
                .ok_or_else(|| format!("expected `{}` in `{e}`", join.trim()))?;
            return range(parse_quantity(a)?, parse_quantity(b)?);
        }
    }
    // `300-400 billion yuan`, `5 to 10 percent`, `1..2 million`.
    if let Some((number_end, _)) = split_number(&lower) {
        let rest = &lower[number_end..];
        for sep in ["..", "–", "—", " to ", "-"] {
            if let Some(pos) = rest.find(sep) {
                let (a, b) = (&lower[..number_end + pos], &rest[pos + sep.len()..]);
                if b.trim_start()
                    .starts_with(|c: char| c.is_ascii_digit() || "$€£¥".contains(c))
                {
                    return range(parse_quantity(a)?, parse_quantity(b)?);
                }
            }
        }
        return exact(parse_quantity(&lower)?);
    }
    let (_, unit) = parse_unit(e)?;
    Ok(Filter {
        unit,
        ..Filter::default()
    })
}

fn exact(q: Quantity) -> Result<Filter, String> {
    Ok(Filter {
        min: Some(q.value()),
        min_inclusive: true,
        max: Some(q.value()),
        max_inclusive: true,
        unit: q.unit,
    })
}

fn range(mut a: Quantity, b: Quantity) -> Result<Filter, String> {
    if a.magnitude.is_none() {
        a.magnitude = b.magnitude;
    }
    let (lo, hi) = (a.value(), b.value());
    let unit = match (a.unit, b.unit) {
        (Some(x), Some(y)) if x != y => {
            return Err("the two ends of the range have different units".into());
        }
        (x, y) => x.or(y),
    };
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    Ok(Filter {
        min: Some(lo),
        min_inclusive: true,
        max: Some(hi),
        max_inclusive: true,
        unit,
    })
}

/// Finds the number in a quantity string: returns (end of the number, the
/// currency written before it).
fn split_number(s: &str) -> Option<(usize, Option<&'static str>)> {
    let t = s.trim_start();
    let offset = s.len() - t.len();
    let mut currency = None;
    let mut rest = t;
    let prefixes: &[(&str, &str)] = &[
        ("us$", "USD"),
        ("hk$", "HKD"),
        ("$", "USD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("¥", "CNY"),
        ("₩", "KRW"),
        ("rmb", "CNY"),
        ("cny", "CNY"),
        ("usd", "USD"),
        ("eur", "EUR"),
        ("gbp", "GBP"),
        ("jpy", "JPY"),
        ("krw", "KRW"),
        ("hkd", "HKD"),
    ];
    let mut sign_len = 0;
    if let Some(r) = rest.strip_prefix(['-', '+']) {
        rest = r;
        sign_len = 1;
    }
    for (p, code) in prefixes {
        if let Some(r) = rest.strip_prefix(p) {
            currency = Some(*code);
            rest = r.trim_start();
            break;
        }
    }
    let digits = rest
        .bytes()
        .take_while(|c| c.is_ascii_digit() || *c == b',' || *c == b'.')
        .count();
    // Do not swallow a trailing `.` (as in `1..2`).
    let mut n = digits;
    while n > 0 && matches!(rest.as_bytes()[n - 1], b'.' | b',') {
        n -= 1;
    }
    if let Some(dots) = rest[..n].find("..") {
        n = dots;
    }
    if n == 0 || !rest.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let _ = sign_len;
    Some((offset + (t.len() - rest.len()) + n, currency))
}

/// Parses `[sign][currency] number [magnitude] [unit]`.
fn parse_quantity(s: &str) -> Result<Quantity, String> {
    let t = s.trim();
    let (end, currency) = split_number(t).ok_or_else(|| format!("expected a number in `{t}`"))?;
    let negative = t.starts_with('-');
    let head = &t[..end];
    let digits: String = head
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if digits.len() > 60 {
        return Err(format!("number too long in `{t}`"));
    }
    let number: f64 = digits
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("bad number in `{t}`"))?;
    let number = if negative { -number } else { number };
    let rest = t[end..].trim();
    let (magnitude, unit) = if rest.is_empty() {
        (None, None)
    } else {
        parse_unit(rest)?
    };
    let unit = match (currency, unit) {
        (Some(code), None) => Some(UnitFilter::Currency(code)),
        (Some(code), Some(UnitFilter::Currency(other))) if code != other => {
            return Err(format!("two currencies in `{t}`"));
        }
        (_, u) => u,
    };
    Ok(Quantity {
        number,
        magnitude,
        unit,
    })
}

/// Parses a unit as given to `--unit`: an optional magnitude then an
/// optional unit (`"billion yuan"`, `"bn"`, `"percent"`, `"%"`, `"yuan"`,
/// `"$"`, `"usd"`, `"times"`, `"square kilometers"`, `"employees"`,
/// `"currency"`). Errors on empty or unreadable input.
pub fn parse_unit(s: &str) -> Result<(Option<Magnitude>, Option<UnitFilter>), String> {
    let t = s.trim().to_lowercase();
    if t.is_empty() {
        return Err("empty unit".into());
    }
    let mut rest = t.as_str();
    let mut magnitude = None;
    for (w, m, _) in MAGNITUDES {
        if let Some(r) = rest.strip_prefix(w) {
            if r.is_empty() || r.starts_with(' ') {
                magnitude = Some(*m);
                rest = r.trim_start();
                break;
            }
        }
    }
    if rest.is_empty() {
        return Ok((magnitude, None));
    }
    let unit = match rest {
        "%" | "percent" | "per cent" | "pct" | "percentage point" | "percentage points" | "pp" => {
            UnitFilter::Percent
        }
        "x" | "times" | "fold" | "-fold" => UnitFilter::Times,
        "currency" | "money" => UnitFilter::AnyCurrency,
        "$" | "us$" => UnitFilter::Currency("USD"),
        "€" => UnitFilter::Currency("EUR"),
        "£" => UnitFilter::Currency("GBP"),
        "¥" | "￥" => UnitFilter::Currency("CNY"),
        "₩" => UnitFilter::Currency("KRW"),
        "hk$" => UnitFilter::Currency("HKD"),
        _ => {
            if let Some((_, code)) = CURRENCY_CODES
                .iter()
                .find(|(c, _)| c.eq_ignore_ascii_case(rest))
            {
                UnitFilter::Currency(code)
            } else if let Some((_, code)) = CURRENCY_AFTER.iter().find(|(w, _)| *w == rest) {
                UnitFilter::Currency(code)
            } else if let Some((_, canon)) = MEASURES.iter().find(|(w, _)| *w == rest) {
                UnitFilter::Measure((*canon).to_string())
            } else if !rest.is_empty()
                && rest.len() <= 40
                && rest.chars().all(|c| c.is_alphabetic() || c == '-')
            {
                UnitFilter::Count(rest.to_string())
            } else {
                return Err(format!("unknown unit `{}`", s.trim()));
            }
        }
    };
    Ok((magnitude, Some(unit)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[ignore]
    fn dump_corpus() {
        for t in CORPUS {
            for f in extract(t) {
                println!(
                    "{:<40} {:?} {:?} {:?} {}",
                    format!("{:?}", &t[f.start..f.end]),
                    f.label,
                    f.unit,
                    f.magnitude,
                    f.value
                );
            }
        }
    }

    const CORPUS: [&str; 5] = [
        include_str!("../corpus/2021-09-24-china-daily-northeast-asian-trade-hub.txt"),
        include_str!("../corpus/2021-euromoney-new-industry-in-shenyang.txt"),
        include_str!("../corpus/2022-07-19-china-daily-decade-success-liaoning.txt"),
        include_str!("../corpus/takemura-japanese-image-of-liaoning.txt"),
        include_str!("../corpus/yuan-yue-liaoning-northeast-asia-cooperation.txt"),
    ];
}
