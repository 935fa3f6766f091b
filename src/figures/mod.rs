//! Recognising and normalising the figures a text states.
//!
//! This stage owns everything about numbers in text: finding them, saying
//! what they measure, and normalising them so that equivalent spellings
//! compare equal. It hands on [`Figure`]s with canonical keys
//! ([`Figure::keys`]) for the index and for search, and [`Filter`]s built
//! from a user's figure expression or `--unit`.
//!
//! [`extract()`] scans text once, left to right, and returns every number it
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
//! The folder: this file holds the public types and their keys;
//! `lexicon.rs` the word lists; `cursor.rs` the byte-level helpers;
//! `extract.rs` the scan; `label.rs` why a number is not a statistic (years,
//! dates, page numbers, reference lists…); `filter.rs` filters and their
//! parsing; `tests.rs` the test tables.
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

mod cursor;
mod extract;
mod filter;
mod label;
mod lexicon;
#[cfg(test)]
mod tests;

pub use extract::extract;
pub use filter::{
    Filter, UnitFilter, figure_query, parse_filter_expr, parse_unit, parse_unit_option,
    range_query, starts_filter_expr,
};
pub use label::passage_label;

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
    /// A number in code: a code passage, a Markdown code span (`` `43 % 5` ``),
    /// an operand of `%` (`43 % 5`, `%16`), a range in code (`0..len()`).
    Code,
    /// A software version: `version 1.30`, `Rust 1.30`, `v2.5.0`.
    Version,
    /// A Unix timestamp: ten digits from 1000000000 (2001) to 2199999999,
    /// or thirteen in milliseconds.
    Timestamp,
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
