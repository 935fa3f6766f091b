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
//! * Numbers after `No.`, `#`, `Table`, `Article`, `Fig.` … are identifiers;
//!   after `p.`, `pp.`, `page`, or alone on a line (up to 3 digits), page
//!   numbers. A 4-digit integer 1800–2100 with no unit is a year; so is
//!   1000–1799 after `in`/`since`. `In 2019 exports…` is a year, but
//!   `2021 employees` is a count.
//! * Counted nouns: the first plural-looking word among up to three
//!   lower-case words after the number (`1,173 foreign-invested
//!   enterprises` → `enterprises`); a verb in `-s` can be mistaken for one.
//! * In ranges (`300-400 billion yuan`, `5 to 10%`, `between 1 and 2
//!   billion dollars`, `$5-10 billion`) both ends share magnitude and unit.
//! * Runs of more than 24 digits are skipped; values are always finite.
//! * Not recognised: numbers spelled out in words (`two million`), spaces
//!   as thousands separators (`140 000`), European decimal commas
//!   (`1.000,5`), fractions (`1/2`), lakh/crore.

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
    ("Rmb", "CNY"),
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

/// Words before a four-digit number below 1800 that make it a year
/// (`in 1095`); `by 1500` is more likely an amount.
const OLD_YEAR_PREPOSITIONS: &[&str] = &["in", "since", "circa", "year"];

/// Capitalised nouns whose number is a name, not a quantity (`Table 3`,
/// `Article 5`, `Fig. 2`).
const NUMBERED_NOUNS: &[&str] = &[
    "Annex", "Appendix", "Article", "Chapter", "Clause", "Exhibit", "Fig", "Figure", "Item",
    "Part", "Section", "Table", "Vol", "Volume",
];

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
    // Look-behinds never reach into the previous figure.
    let floor = out.last().map_or(0, |f| f.end);
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
    let number = sign * number;

    if let Some((fig, resume)) = calendar(text, start, p, number, int_len, simple_int, floor) {
        out.push(fig);
        return resume;
    }

    if simple_int && let Some(label) = prefix_label(text, start) {
        out.push(Figure::labelled(number, start, p, label));
        return p;
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
            && year_preposition(text, start, YEAR_PREPOSITIONS)
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
fn year_preposition(text: &str, start: usize, words: &[&str]) -> bool {
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
fn prefix_label(text: &str, start: usize) -> Option<Label> {
    if char_before(text, start) == Some('#') {
        return Some(Label::Identifier);
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
    let year_like = int_len == 4 && (1800.0..=2100.0).contains(&v);
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
        if let Some(u) = &self.unit
            && !f.unit.as_ref().is_some_and(|fu| u.matches(fu))
        {
            return false;
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
        if let Some(r) = rest.strip_prefix(w)
            && (r.is_empty() || r.starts_with(' '))
        {
            magnitude = Some(*m);
            rest = r.trim_start();
            break;
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

    const CORPUS: [&str; 5] = [
        include_str!("../../corpus/2021-09-24-china-daily-northeast-asian-trade-hub.txt"),
        include_str!("../../corpus/2021-euromoney-new-industry-in-shenyang.txt"),
        include_str!("../../corpus/2022-07-19-china-daily-decade-success-liaoning.txt"),
        include_str!("../../corpus/takemura-japanese-image-of-liaoning.txt"),
        include_str!("../../corpus/yuan-yue-liaoning-northeast-asia-cooperation.txt"),
    ];

    /// The only figure in `text` (panics in the test if there is not exactly one).
    fn only(text: &str) -> Figure {
        let figs = extract(text);
        assert_eq!(figs.len(), 1, "{text:?} gave {figs:?}");
        figs[0].clone()
    }

    fn span(text: &str, f: &Figure) -> String {
        text[f.start..f.end].to_string()
    }

    fn cur(code: &'static str) -> Option<Unit> {
        Some(Unit::Currency(code))
    }

    fn count(w: &str) -> Option<Unit> {
        Some(Unit::Count(w.to_string()))
    }

    fn measure(w: &str) -> Option<Unit> {
        Some(Unit::Measure(w.to_string()))
    }

    #[test]
    fn recognised_forms() {
        use Magnitude::*;
        // (text, span of the figure, number, magnitude, value, unit)
        type Case = (
            &'static str,
            &'static str,
            f64,
            Option<Magnitude>,
            f64,
            Option<Unit>,
        );
        let cases: Vec<Case> = vec![
            (
                "grew 13.6 percent year-on-year",
                "13.6 percent",
                13.6,
                None,
                13.6,
                Some(Unit::Percent),
            ),
            (
                "grew 13.6% in",
                "13.6%",
                13.6,
                None,
                13.6,
                Some(Unit::Percent),
            ),
            (
                "grew 13.6 % in",
                "13.6 %",
                13.6,
                None,
                13.6,
                Some(Unit::Percent),
            ),
            (
                "grew 13.6 per cent.",
                "13.6 per cent",
                13.6,
                None,
                13.6,
                Some(Unit::Percent),
            ),
            ("up 2 pct on", "2 pct", 2.0, None, 2.0, Some(Unit::Percent)),
            (
                "rose 1.5 percentage points",
                "1.5 percentage points",
                1.5,
                None,
                1.5,
                Some(Unit::Percent),
            ),
            (
                "to 371.53 billion yuan (",
                "371.53 billion yuan",
                371.53,
                Some(Billion),
                371.53e9,
                cur("CNY"),
            ),
            (
                "yuan ($57.37 billion)",
                "$57.37 billion",
                57.37,
                Some(Billion),
                57.37e9,
                cur("USD"),
            ),
            (
                "GDP was €106.9 billion in",
                "€106.9 billion",
                106.9,
                Some(Billion),
                106.9e9,
                cur("EUR"),
            ),
            (
                "trade of RMB 98.2bn with",
                "RMB 98.2bn",
                98.2,
                Some(Billion),
                98.2e9,
                cur("CNY"),
            ),
            (
                "trade of RMB98.2bn with",
                "RMB98.2bn",
                98.2,
                Some(Billion),
                98.2e9,
                cur("CNY"),
            ),
            (
                "trade of 98.2 bn yuan",
                "98.2 bn yuan",
                98.2,
                Some(Billion),
                98.2e9,
                cur("CNY"),
            ),
            (
                "worth CNY 371,530 million",
                "CNY 371,530 million",
                371530.0,
                Some(Million),
                371.53e9,
                cur("CNY"),
            ),
            (
                "a US$5 million fund",
                "US$5 million",
                5.0,
                Some(Million),
                5e6,
                cur("USD"),
            ),
            (
                "a HK$3bn deal",
                "HK$3bn",
                3.0,
                Some(Billion),
                3e9,
                cur("HKD"),
            ),
            (
                "raised $5m from",
                "$5m",
                5.0,
                Some(Million),
                5e6,
                cur("USD"),
            ),
            (
                "raised $5 m from",
                "$5 m",
                5.0,
                Some(Million),
                5e6,
                cur("USD"),
            ),
            (
                "a RMB 3b plan",
                "RMB 3b",
                3.0,
                Some(Billion),
                3e9,
                cur("CNY"),
            ),
            (
                "sales of Rmb98.2bn in",
                "Rmb98.2bn",
                98.2,
                Some(Billion),
                98.2e9,
                cur("CNY"),
            ),
            ("output fell by 1500 in", "1500", 1500.0, None, 1500.0, None),
            (
                "cost £2.5bn,",
                "£2.5bn",
                2.5,
                Some(Billion),
                2.5e9,
                cur("GBP"),
            ),
            (
                "cost ¥300 million",
                "¥300 million",
                300.0,
                Some(Million),
                3e8,
                cur("CNY"),
            ),
            (
                "cost JPY 3 trillion",
                "JPY 3 trillion",
                3.0,
                Some(Trillion),
                3e12,
                cur("JPY"),
            ),
            ("cost 500 yen.", "500 yen", 500.0, None, 500.0, cur("JPY")),
            (
                "cost 7 trillion won,",
                "7 trillion won",
                7.0,
                Some(Trillion),
                7e12,
                cur("KRW"),
            ),
            ("cost 20 euros.", "20 euros", 20.0, None, 20.0, cur("EUR")),
            ("cost 40 pounds.", "40 pounds", 40.0, None, 40.0, cur("GBP")),
            (
                "cost 2 billion US dollars.",
                "2 billion US dollars",
                2.0,
                Some(Billion),
                2e9,
                cur("USD"),
            ),
            (
                "cost 2 billion dollars.",
                "2 billion dollars",
                2.0,
                Some(Billion),
                2e9,
                cur("USD"),
            ),
            ("cost 9 USD.", "9 USD", 9.0, None, 9.0, cur("USD")),
            ("cost 9 renminbi.", "9 renminbi", 9.0, None, 9.0, cur("CNY")),
            (
                "more than $2.9 billion in",
                "$2.9 billion",
                2.9,
                Some(Billion),
                2.9e9,
                cur("USD"),
            ),
            ("about $30, and", "$30", 30.0, None, 30.0, cur("USD")),
            (
                "About 40 million\n",
                "40 million",
                40.0,
                Some(Million),
                4e7,
                None,
            ),
            (
                "3.7 trillion",
                "3.7 trillion",
                3.7,
                Some(Trillion),
                3.7e12,
                None,
            ),
            ("5,000k", "5,000k", 5000.0, Some(Thousand), 5e6, None),
            ("a 5m budget", "5m", 5.0, Some(Million), 5e6, None),
            (
                "Approximately 140,000 square kilometers\n",
                "140,000 square kilometers",
                140000.0,
                None,
                140000.0,
                measure("square kilometers"),
            ),
            (
                "an area of 12 km² in",
                "12 km²",
                12.0,
                None,
                12.0,
                measure("square kilometers"),
            ),
            (
                "an area of 12 sq km in",
                "12 sq km",
                12.0,
                None,
                12.0,
                measure("square kilometers"),
            ),
            (
                "a 30km road",
                "30km",
                30.0,
                None,
                30.0,
                measure("kilometers"),
            ),
            (
                "a 1,200 kilometre line",
                "1,200 kilometre",
                1200.0,
                None,
                1200.0,
                measure("kilometers"),
            ),
            (
                "a 300 metres wall",
                "300 metres",
                300.0,
                None,
                300.0,
                measure("meters"),
            ),
            (
                "3 million tonnes of",
                "3 million tonnes",
                3.0,
                Some(Million),
                3e6,
                measure("tons"),
            ),
            (
                "5 hectares of",
                "5 hectares",
                5.0,
                None,
                5.0,
                measure("hectares"),
            ),
            ("20 kg of", "20 kg", 20.0, None, 20.0, measure("kilograms")),
            (
                "The number was 2.6 times that",
                "2.6 times",
                2.6,
                None,
                2.6,
                Some(Unit::Times),
            ),
            (
                "grew 3-fold in",
                "3-fold",
                3.0,
                None,
                3.0,
                Some(Unit::Times),
            ),
            ("grew 3x in", "3x", 3.0, None, 3.0, Some(Unit::Times)),
            (
                "exporter with 4,500 employees, has",
                "4,500 employees",
                4500.0,
                None,
                4500.0,
                count("employees"),
            ),
            (
                "attracted 69,000 businesses by July",
                "69,000 businesses",
                69000.0,
                None,
                69000.0,
                count("businesses"),
            ),
            (
                "including 1,173 foreign-invested enterprises with",
                "1,173 foreign-invested enterprises",
                1173.0,
                None,
                1173.0,
                count("enterprises"),
            ),
            (
                "June, 5.45 million cross-border e-commerce orders worth",
                "5.45 million cross-border e-commerce orders",
                5.45,
                Some(Million),
                5.45e6,
                count("orders"),
            ),
            (
                "hired 2021 employees",
                "2021 employees",
                2021.0,
                None,
                2021.0,
                count("employees"),
            ),
            (
                "hired 2,000 people",
                "2,000 people",
                2000.0,
                None,
                2000.0,
                count("people"),
            ),
            (
                "a loss of -5 percent",
                "-5 percent",
                -5.0,
                None,
                -5.0,
                Some(Unit::Percent),
            ),
            (
                "a change of +3.5%",
                "+3.5%",
                3.5,
                None,
                3.5,
                Some(Unit::Percent),
            ),
            ("home to 500 of the", "500", 500.0, None, 500.0, None),
        ];
        for (text, want_span, number, magnitude, value, unit) in cases {
            let f = only(text);
            assert_eq!(span(text, &f), want_span, "{text:?}");
            assert_eq!(f.number, number, "{text:?}");
            assert_eq!(f.magnitude, magnitude, "{text:?}");
            assert!(
                (f.value - value).abs() <= value.abs() * 1e-12,
                "{text:?}: {}",
                f.value
            );
            assert_eq!(f.unit, unit, "{text:?}");
            assert_eq!(f.label, None, "{text:?}");
        }
    }

    #[test]
    fn labels() {
        use Label::*;
        // (text, span of the labelled number, label)
        let cases: Vec<(&str, &str, Label)> = vec![
            ("Updated : 2021-09-24\n", "2021-09-24", Date),
            ("on 2021/9/24.", "2021/9/24", Date),
            ("on 24/09/2021.", "24/09/2021", Date),
            ("on 19.07.2022.", "19.07.2022", Date),
            (
                "By China Daily | Jul 19,2022   11:24:01",
                "Jul 19,2022",
                Date,
            ),
            ("By China Daily | Jul 19,2022   11:24:01", "11:24:01", Time),
            ("at 10:30 am.", "10:30 am", Time),
            ("On June 23, the", "June 23", Date),
            ("on 19 July 2022 it", "19 July 2022", Date),
            ("on May 5th, 2020 it", "May 5th, 2020", Date),
            ("As of December 2020, the", "December 2020", Date),
            ("the 14th Five-Year Plan (2021-25).", "2021-25", Date),
            ("from 2013–2020 it", "2013–2020", Date),
            ("In 2019, the province", "2019", Year),
            ("Since 2010, BMW", "2010", Year),
            ("since 2010 BMW", "2010", Year),
            ("In 2019 exports rose", "2019", Year),
            ("as early as in 1095, a", "1095", Year),
            ("Economics, 2011\n", "2011", Year),
            ("the 1980s, especially", "1980s", Year),
            ("the 2008 Beijing Olympics", "2008", Year),
            ("Since the 18th CPC National Congress", "18th", Ordinal),
            ("the 1st and", "1st", Ordinal),
            ("reflected in: (1) geographical location", "1", Ordinal),
            ("\n1) Liaoning's advantages", "1)", Ordinal),
            ("\n5.1. Adjustment and", "5.1.", Ordinal),
            ("\n4. SWOT analysis", "4.", Ordinal),
            (
                "there is the QMJ4620 full-face machine",
                "QMJ4620",
                Identifier,
            ),
            ("(No. LJKMR2022046).", "LJKMR2022046", Identifier),
            ("the COVID-19 pandemic", "19", Identifier),
            ("5G networks", "5G", Identifier),
            ("version 1.2.3 of", "1.2.3", Identifier),
            ("agent 007 is", "007", Identifier),
            ("see No. 12 here", "12", Identifier),
            ("issue #3 here", "3", Identifier),
            ("as Table 3 shows", "3", Identifier),
            ("see Fig. 2 and", "2", Identifier),
            ("under Article 15 of", "15", Identifier),
            ("in the country[1].", "1", Reference),
            ("- [12] Diao Xiuhua.", "12", Reference),
            ("as shown [3, 4].", "4", Reference),
            ("see p. 12 for", "12", PageNumber),
            ("see page 7 for", "7", PageNumber),
            ("end of text\n\n12\n\nNext page", "12", PageNumber),
            (
                "All material. © 2021 Euromoney, a part",
                "2021",
                Boilerplate,
            ),
            ("Copyright 2019 China Daily", "2019", Boilerplate),
        ];
        for (text, want, label) in cases {
            let figs = extract(text);
            let f = figs
                .iter()
                .find(|f| span(text, f) == want)
                .unwrap_or_else(|| panic!("{text:?}: no figure {want:?} in {figs:?}"));
            assert_eq!(f.label, Some(label), "{text:?}");
            assert!(f.keys().is_empty(), "{text:?}");
        }
    }

    #[test]
    fn equal_keys_for_equivalent_spellings() {
        let groups: &[&[&str]] = &[
            &["13.6 percent", "13.6%", "13.6 per cent", "13.60 pct"],
            &[
                "371.53 billion yuan",
                "RMB 371.53bn",
                "CNY 371,530 million",
                "RMB371.53 billion",
                "371,530,000,000 yuan",
            ],
            &[
                "3.7 trillion",
                "3,700 billion",
                "3.7tn",
                "3,700,000 million",
            ],
            &[
                "$57.37 billion",
                "US$57.37bn",
                "57.37 billion dollars",
                "USD 57,370 million",
            ],
            &["4,500 employees", "4500 employees"],
            &["2.6 times", "2.6-fold"],
        ];
        for group in groups {
            let keys = only(group[0]).keys();
            assert!(!keys.is_empty(), "{:?}: {keys:?}", group[0]);
            for text in &group[1..] {
                assert_eq!(only(text).keys(), keys, "{text:?} vs {:?}", group[0]);
            }
        }
        assert_eq!(
            only("371.53 billion yuan").keys(),
            ["371530000000 CNY", "371530000000"]
        );
        assert_eq!(only("13.6 percent").keys(), ["13.6 percent", "13.6"]);
        assert_eq!(only("4,500 employees").keys(), ["4500 employees", "4500"]);
        assert_eq!(
            only("140,000 square kilometers").keys(),
            ["140000 square kilometers", "140000"]
        );
        assert_eq!(only("About 40 million\n").keys(), ["40000000"]);
    }

    #[test]
    fn different_keys_for_different_figures() {
        let distinct = [
            "13.6 percent",
            "113.6 percent",
            "13.65 percent",
            "136 percent",
            "1.36 percent",
            "24.3 billion yuan",
            "24.3 million yuan",
            "24.3 billion dollars",
            "13.6 times",
        ];
        let keys: Vec<String> = distinct.iter().map(|t| only(t).keys()[0].clone()).collect();
        for i in 0..keys.len() {
            for j in i + 1..keys.len() {
                assert_ne!(keys[i], keys[j], "{} vs {}", distinct[i], distinct[j]);
            }
        }
        assert_ne!(only("24.3 billion").keys(), only("24.3 million").keys());
    }

    #[test]
    fn canonical_numbers() {
        let cases = [
            (371.53e9, "371530000000"),
            (13.6, "13.6"),
            (0.1 + 0.2, "0.3"),
            (3.7e12, "3700000000000"),
            (3700.0 * 1e9, "3700000000000"),
            (0.005, "0.005"),
            (-2.0, "-2"),
            (0.0, "0"),
            (123456789012.0, "123456789000"),
            (1e30, "1000000000000000000000000000000"),
        ];
        for (v, want) in cases {
            assert_eq!(canonical_number(v), want, "{v}");
        }
    }

    #[test]
    fn unit_labels() {
        let cases = [
            ("13.6 percent", Some("percent")),
            ("371.53 billion yuan", Some("CNY")),
            ("2.6 times", Some("times")),
            ("140,000 square kilometers", Some("square kilometers")),
            ("4,500 employees", Some("employees")),
            ("40 million.", None),
        ];
        for (text, want) in cases {
            assert_eq!(only(text).unit_label().as_deref(), want, "{text:?}");
        }
    }

    #[test]
    fn ranges_share_units() {
        type Values = Vec<(f64, Option<Unit>)>;
        let cases: Vec<(&str, Values)> = vec![
            (
                "300-400 billion yuan",
                vec![(300e9, cur("CNY")), (400e9, cur("CNY"))],
            ),
            (
                "from 5 to 10 percent",
                vec![(5.0, Some(Unit::Percent)), (10.0, Some(Unit::Percent))],
            ),
            (
                "between 1 and 2 billion dollars",
                vec![(1e9, cur("USD")), (2e9, cur("USD"))],
            ),
            ("$5-10 billion", vec![(5e9, cur("USD")), (10e9, cur("USD"))]),
            ("pages 5-7 of", vec![(5.0, None), (7.0, None)]),
        ];
        for (text, want) in cases {
            let got: Vec<(f64, Option<Unit>)> = extract(text)
                .into_iter()
                .map(|f| (f.value, f.unit))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    fn corpus_figures() -> Vec<(usize, Figure)> {
        CORPUS
            .iter()
            .enumerate()
            .flat_map(|(i, t)| extract(t).into_iter().map(move |f| (i, f)))
            .collect()
    }

    #[test]
    fn filter_over_corpus() {
        let filter = parse_filter_expr("> 300 billion yuan").expect("valid filter");
        let hits: Vec<f64> = corpus_figures()
            .into_iter()
            .filter(|(_, f)| filter.matches(f))
            .map(|(_, f)| f.number)
            .collect();
        assert_eq!(hits, [371.53, 336.89, 772.4, 929.54]);

        let (magnitude, unit) = parse_unit("percent").expect("valid unit");
        assert_eq!(magnitude, None);
        let percent = Filter {
            unit,
            ..Filter::default()
        };
        let hits: Vec<f64> = corpus_figures()
            .into_iter()
            .filter(|(_, f)| percent.matches(f))
            .map(|(_, f)| f.number)
            .collect();
        assert!(hits.contains(&13.6) && hits.contains(&17.6), "{hits:?}");
        assert!(hits.contains(&6.0), "{hits:?}");

        let usd = parse_filter_expr("> $10bn").expect("valid filter");
        let hits: Vec<f64> = corpus_figures()
            .into_iter()
            .filter(|(_, f)| usd.matches(f))
            .map(|(_, f)| f.number)
            .collect();
        assert_eq!(hits, [57.37, 24.3, 16.8, 11.3, 944.82]);
    }

    #[test]
    fn corpus_spans_slice_figures() {
        for (i, f) in corpus_figures() {
            let t = CORPUS[i];
            let s = t.get(f.start..f.end).expect("span on char boundaries");
            assert!(!s.is_empty());
            assert!(s.chars().any(|c| c.is_ascii_digit()), "{s:?}");
            assert_eq!(s, s.trim(), "{s:?}");
        }
        // The corpus figures the brief names.
        let all: Vec<String> = corpus_figures()
            .into_iter()
            .filter(|(_, f)| f.label.is_none())
            .map(|(i, f)| CORPUS[i][f.start..f.end].to_string())
            .collect();
        for want in [
            "13.6 percent",
            "371.53 billion yuan",
            "$57.37 billion",
            "336.89 billion yuan",
            "€106.9 billion",
            "6%",
            "140,000 square kilometers",
            "2.6 times",
            "4,500 employees",
            "2.08 billion yuan",
            "$944.82 billion",
            "69,000 businesses",
            "5.45 million cross-border e-commerce orders",
            "40 million",
            "1,173 foreign-invested enterprises",
            "$2.9 billion",
        ] {
            assert!(all.iter().any(|s| s == want), "{want:?} not among {all:?}");
        }
    }

    #[test]
    fn filter_expressions() {
        let f = |e: &str| parse_filter_expr(e).unwrap_or_else(|err| panic!("{e:?}: {err}"));
        let cny = Some(UnitFilter::Currency("CNY"));
        let usd = Some(UnitFilter::Currency("USD"));
        let cases = [
            (
                "> 300 billion yuan",
                Some(300e9),
                false,
                None,
                false,
                cny.clone(),
            ),
            (
                ">= 13 percent",
                Some(13.0),
                true,
                None,
                false,
                Some(UnitFilter::Percent),
            ),
            (
                "< 5%",
                None,
                false,
                Some(5.0),
                false,
                Some(UnitFilter::Percent),
            ),
            (
                "<=5%",
                None,
                false,
                Some(5.0),
                true,
                Some(UnitFilter::Percent),
            ),
            (
                "between 1 and 2 billion dollars",
                Some(1e9),
                true,
                Some(2e9),
                true,
                usd.clone(),
            ),
            (
                "300-400 billion yuan",
                Some(300e9),
                true,
                Some(400e9),
                true,
                cny.clone(),
            ),
            (
                "300 to 400 billion yuan",
                Some(300e9),
                true,
                Some(400e9),
                true,
                cny.clone(),
            ),
            (
                "from 1 to 2 million",
                Some(1e6),
                true,
                Some(2e6),
                true,
                None,
            ),
            (
                "more than $2.9bn",
                Some(2.9e9),
                false,
                None,
                false,
                usd.clone(),
            ),
            (
                "at least 1,000 employees",
                Some(1000.0),
                true,
                None,
                false,
                Some(UnitFilter::Count("employees".into())),
            ),
            (
                "13.6 percent",
                Some(13.6),
                true,
                Some(13.6),
                true,
                Some(UnitFilter::Percent),
            ),
            (
                "= 2.6 times",
                Some(2.6),
                true,
                Some(2.6),
                true,
                Some(UnitFilter::Times),
            ),
            (
                "> RMB 98.2bn",
                Some(98.2e9),
                false,
                None,
                false,
                cny.clone(),
            ),
            (
                "percent",
                None,
                false,
                None,
                false,
                Some(UnitFilter::Percent),
            ),
            ("yuan", None, false, None, false, cny.clone()),
        ];
        for (e, min, min_inc, max, max_inc, unit) in cases {
            let got = f(e);
            let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(a), Some(b)) => approx_eq(a, b),
                (None, None) => true,
                _ => false,
            };
            assert!(close(got.min, min) && close(got.max, max), "{e:?}: {got:?}");
            if min.is_some() {
                assert_eq!(got.min_inclusive, min_inc, "{e:?}");
            }
            if max.is_some() {
                assert_eq!(got.max_inclusive, max_inc, "{e:?}");
            }
            assert_eq!(got.unit, unit, "{e:?}");
        }
        for bad in ["", "  ", "> ", "between 1", "> 5 %%", "1-2 yuan dollars $"] {
            assert!(parse_filter_expr(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn filter_matching() {
        let text = "371.53 billion yuan, 929.54 billion yuan, 98.2 billion yuan, $400 billion, \
                    300 billion yuan, 13.6 percent, 17.6 percent, 4.9%, 5%, In 2019, 4,500 employees";
        let figs = extract(text);
        let matching = |e: &str| -> Vec<String> {
            let filter = parse_filter_expr(e).unwrap_or_else(|err| panic!("{e:?}: {err}"));
            figs.iter()
                .filter(|f| filter.matches(f))
                .map(|f| text[f.start..f.end].to_string())
                .collect()
        };
        assert_eq!(
            matching("> 300 billion yuan"),
            ["371.53 billion yuan", "929.54 billion yuan"]
        );
        assert_eq!(
            matching(">= 300 billion yuan"),
            [
                "371.53 billion yuan",
                "929.54 billion yuan",
                "300 billion yuan"
            ]
        );
        assert_eq!(matching("< 5%"), ["4.9%"]);
        assert_eq!(matching("<= 5 percent"), ["4.9%", "5%"]);
        assert_eq!(matching(">= 13 percent"), ["13.6 percent", "17.6 percent"]);
        assert_eq!(matching("> 100 billion dollars"), ["$400 billion"]);
        assert_eq!(
            matching("> 1000"),
            [
                "371.53 billion yuan",
                "929.54 billion yuan",
                "98.2 billion yuan",
                "$400 billion",
                "300 billion yuan",
                "4,500 employees"
            ]
        );
        assert_eq!(matching("> 1000 employee"), ["4,500 employees"]);
        assert_eq!(matching("> 1 currency").len(), 5);
    }

    #[test]
    fn units() {
        let cases: Vec<(&str, Option<Magnitude>, Option<UnitFilter>)> = vec![
            (
                "billion yuan",
                Some(Magnitude::Billion),
                Some(UnitFilter::Currency("CNY")),
            ),
            ("bn", Some(Magnitude::Billion), None),
            ("percent", None, Some(UnitFilter::Percent)),
            ("%", None, Some(UnitFilter::Percent)),
            ("per cent", None, Some(UnitFilter::Percent)),
            ("yuan", None, Some(UnitFilter::Currency("CNY"))),
            ("RMB", None, Some(UnitFilter::Currency("CNY"))),
            ("$", None, Some(UnitFilter::Currency("USD"))),
            ("usd", None, Some(UnitFilter::Currency("USD"))),
            (
                "million dollars",
                Some(Magnitude::Million),
                Some(UnitFilter::Currency("USD")),
            ),
            ("€", None, Some(UnitFilter::Currency("EUR"))),
            ("euros", None, Some(UnitFilter::Currency("EUR"))),
            ("times", None, Some(UnitFilter::Times)),
            (
                "square kilometres",
                None,
                Some(UnitFilter::Measure("square kilometers".into())),
            ),
            ("km", None, Some(UnitFilter::Measure("kilometers".into()))),
            (
                "employees",
                None,
                Some(UnitFilter::Count("employees".into())),
            ),
            ("money", None, Some(UnitFilter::AnyCurrency)),
        ];
        for (s, m, u) in cases {
            assert_eq!(parse_unit(s), Ok((m, u)), "{s:?}");
        }
        for bad in ["", "   ", "12", "a+b", "%%"] {
            assert!(parse_unit(bad).is_err(), "{bad:?} should fail");
        }
        let u = UnitFilter::Count("business".into());
        assert!(u.matches(&Unit::Count("businesses".into())));
        assert!(!u.matches(&Unit::Count("buses".into())));
        assert!(UnitFilter::Count("companies".into()).matches(&Unit::Count("company".into())));
    }

    #[test]
    fn passage_labels() {
        use Label::*;
        let cases: Vec<(&str, Option<&str>, Option<Label>)> = vec![
            (
                "Diao Xiuhua. SWOT analysis, 2011",
                Some("References"),
                Some(Reference),
            ),
            ("Some book, 2010", Some("7. Bibliography"), Some(Reference)),
            ("Some book, 2010", Some("Works Cited"), Some(Reference)),
            (
                "- [1] Diao Xiuhua. SWOT analysis [J]. 2011\n- [2] Cui Riming. Research [M]. 2010",
                None,
                Some(Reference),
            ),
            (
                "[1] Lin Quan. Path and strategic choices, 2007 (03)",
                None,
                Some(Reference),
            ),
            ("References\nLin Quan. Path, 2007", None, Some(Reference)),
            (
                "Copyright © Liaoning Province. All Rights Reserved.Precented by China Daily.",
                None,
                Some(Boilerplate),
            ),
            (
                "We use cookies to provide a personalized site experience.",
                None,
                Some(Boilerplate),
            ),
            (
                "The material on this site is for financial institutions. Please read our Terms & Conditions, \
                 Privacy Policy and Cookies before using this site.",
                None,
                Some(Boilerplate),
            ),
            (
                "All material subject to copyright laws. © 2021 Euromoney.",
                None,
                Some(Boilerplate),
            ),
            (
                "Liaoning's foreign trade grew 13.6 percent year-on-year to 371.53 billion yuan.",
                None,
                None,
            ),
            (
                "Liaoning's foreign trade grew 13.6 percent.",
                Some("Opening up"),
                None,
            ),
            (
                "This favorable trade makes Liaoning among the top in the country[1].",
                None,
                None,
            ),
        ];
        for (text, section, want) in cases {
            assert_eq!(passage_label(text, section), want, "{text:?}");
        }
    }

    #[test]
    fn magnitudes() {
        for (m, f, w) in [
            (Magnitude::Thousand, 1e3, "thousand"),
            (Magnitude::Million, 1e6, "million"),
            (Magnitude::Billion, 1e9, "billion"),
            (Magnitude::Trillion, 1e12, "trillion"),
        ] {
            assert_eq!(m.factor(), f);
            assert_eq!(m.word(), w);
        }
        // Separated single letters need a currency; `5 m` may be metres.
        assert_eq!(only("a 5 m wall").magnitude, None);
        assert_eq!(only("a 5t load").label, Some(Label::Identifier));
    }

    #[test]
    fn serializes_lowercase() {
        let f = only("371.53 billion yuan");
        let json = serde_json::to_string(&f).expect("serializable");
        assert!(json.contains(r#""magnitude":"billion""#), "{json}");
        assert!(json.contains(r#""unit":{"currency":"CNY"}"#), "{json}");
        let year = only("In 2019,");
        let json = serde_json::to_string(&year).expect("serializable");
        assert!(json.contains(r#""label":"year""#), "{json}");
    }

    #[test]
    fn awkward_inputs_do_not_panic() {
        let long_digits = "9".repeat(400);
        let long_fraction = format!("0.{}", "1".repeat(400));
        let many_groups = "1,000".repeat(1000);
        let inputs = [
            "",
            "$",
            "%",
            "..",
            "1,,,000",
            "1,000,",
            "1.",
            ".5",
            "-",
            "- $",
            "$$5",
            "€",
            "€5€",
            "1e400",
            "[",
            "[1",
            "1]",
            "(",
            "Jul",
            "Jul 99,",
            "99:99:99",
            "2021-",
            "2021-1-",
            "2021–",
            "© ",
            "No.",
            "p.",
            "é5é",
            "５",
            "٣ ٤",
            "12\u{a0}%",
            "5\u{2009}billion",
            "x9",
            "9x9",
            "Q3 2021",
            "cent140,000-HK$20210th",
            "5 June 7 June",
            "1-2-3-4-5",
            "$5-$6",
            long_digits.as_str(),
            long_fraction.as_str(),
            many_groups.as_str(),
        ];
        for text in inputs {
            check_invariants(text);
        }
        assert!(extract(&long_digits).is_empty());
    }

    fn check_invariants(text: &str) {
        let figs = extract(text);
        let mut last = 0;
        for f in &figs {
            assert!(f.start < f.end && f.end <= text.len(), "{text:?}: {f:?}");
            assert!(
                text.is_char_boundary(f.start) && text.is_char_boundary(f.end),
                "{text:?}: {f:?}"
            );
            assert!(
                f.start >= last,
                "{text:?}: figures out of order or overlapping: {figs:?}"
            );
            assert!(
                f.number.is_finite() && f.value.is_finite(),
                "{text:?}: {f:?}"
            );
            last = f.end;
            let _ = f.keys();
        }
        let _ = passage_label(text, Some(text));
        let _ = parse_filter_expr(text);
        let _ = parse_unit(text);
    }

    #[test]
    fn random_inputs_do_not_panic() {
        const PIECES: &[&str] = &[
            "1",
            "2",
            "0",
            "9",
            "13.6",
            "2021",
            "140,000",
            ",",
            ".",
            " ",
            "  ",
            "\n",
            "-",
            "–",
            "+",
            "$",
            "US$",
            "HK$",
            "€",
            "£",
            "¥",
            "₩",
            "%",
            "％",
            "RMB",
            "CNY",
            "bn",
            "m",
            "b",
            "k",
            "t",
            "billion",
            "yuan",
            "percent",
            "per cent",
            "times",
            "-fold",
            "square",
            "kilometers",
            "km²",
            "employees",
            "e-commerce",
            "Jul",
            "June",
            "th",
            "st",
            "s",
            "'s",
            "[",
            "]",
            "(",
            ")",
            ":",
            "/",
            "©",
            "Copyright",
            "No.",
            "p.",
            "page",
            "é",
            "中",
            "²",
            "\u{a0}",
            "In",
            "since",
            "between",
            "and",
            "to",
            "QMJ",
            "#",
            "x",
            "a.m.",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        // `QUARRY_FUZZ_ITERS=1000000 cargo test --lib figures::tests::random` for a longer run.
        let iters = std::env::var("QUARRY_FUZZ_ITERS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(3000usize);
        for _ in 0..iters {
            let n = next() % 24;
            let text: String = (0..n).map(|_| PIECES[next() % PIECES.len()]).collect();
            check_invariants(&text);
        }
    }

    #[test]
    fn long_input_is_fast() {
        // Linear time: a few megabytes of dense numbers take well under a second.
        let text = "In 2019, 13.6 percent of 1,234 firms paid $5.2bn (RMB 36 billion) [1] on Jul 19,2022 11:24. "
            .repeat(20_000);
        let start = std::time::Instant::now();
        let figs = extract(&text);
        assert_eq!(figs.len(), 8 * 20_000);
        assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    }
}
