//! Filters on figures: what `> 300 billion yuan`, `between 1 and 2 billion
//! dollars` or `--unit percent` mean, and whether a [`Figure`] passes.
//!
//! Parsing user input is a different job from scanning documents: it is
//! strict (errors say what was not understood) where extraction is
//! forgiving, so it lives apart from `extract.rs`, sharing only the word
//! lists in `lexicon.rs`.

use serde::Serialize;

use super::lexicon::{BYTE_UNITS, CURRENCY_AFTER, CURRENCY_CODES, MAGNITUDES, MEASURES};
use super::{Figure, Magnitude, Unit};

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
/// statistics (figures without a [`Label`](super::Label)) match.
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

pub(super) fn approx_eq(a: f64, b: f64) -> bool {
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

/// Whether a `figures` argument is a filter expression (`> 300 billion
/// yuan`, `between 1 and 2 percent`) rather than words: the
/// command line splits its arguments with this.
pub fn starts_filter_expr(arg: &str) -> bool {
    const OPENERS: &[&str] = &[
        "<",
        ">",
        "=",
        "between ",
        "at least",
        "at most",
        "over ",
        "under ",
        "more than",
        "less than",
    ];
    let t = arg.trim_start().to_lowercase();
    OPENERS.iter().any(|p| t.starts_with(p))
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
            let word = join.trim();
            let Some((a, b)) = rest.split_once(join) else {
                return Err(if rest.trim_end().ends_with(join.trim_end()) {
                    format!("expected a number after `{word}` in `{e}`")
                } else {
                    format!("expected `{open}X {word} Y` in `{e}`", open = open.trim())
                });
            };
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

/// The filter for a query that is one figure and nothing else
/// (`$8.88 billion`, `13.6%`, `371.53 billion yuan`): that value, in that
/// unit (any unit for a bare number), in any spelling. `None` when `words`
/// hold anything besides one statistic.
pub fn figure_query(words: &str) -> Option<Filter> {
    let words = words.trim();
    let figs = super::extract(words);
    let [f] = figs.as_slice() else {
        return None;
    };
    let rest = format!("{}{}", words.get(..f.start)?, words.get(f.end..)?);
    if f.label.is_some() || rest.chars().any(char::is_alphanumeric) {
        return None;
    }
    let unit = f.unit.as_ref().map(|u| match u {
        Unit::Percent => UnitFilter::Percent,
        Unit::Currency(code) => UnitFilter::Currency(code),
        Unit::Times => UnitFilter::Times,
        Unit::Measure(m) => UnitFilter::Measure(m.clone()),
        Unit::Count(c) => UnitFilter::Count(c.clone()),
    });
    Some(Filter {
        min: Some(f.value),
        min_inclusive: true,
        max: Some(f.value),
        max_inclusive: true,
        unit,
    })
}

/// A query that is a range of figures and nothing else (`300-400 billion
/// yuan`, `10 to 20 percent`, `$5-10 billion`): the filter it means, as if
/// written `between 300 and 400 billion yuan`. Two bare numbers
/// (`2019-2020`) stay words: without a unit or a magnitude they are as
/// likely a span of years or an identifier.
pub fn range_query(words: &str) -> Option<Filter> {
    let words = words.trim();
    let lower = words.to_lowercase();
    let (number_end, _) = split_number(&lower)?;
    let rest = lower.get(number_end..)?.trim_start();
    let joined = ["..", "–", "—", "-", "to "]
        .iter()
        .any(|sep| rest.starts_with(sep));
    if !joined {
        return None;
    }
    let filter = parse_filter_expr(words).ok()?;
    let ranged = matches!((filter.min, filter.max), (Some(lo), Some(hi)) if lo < hi);
    let said = filter.unit.is_some() || words.chars().any(char::is_alphabetic);
    (ranged && said).then_some(filter)
}

/// The error for a unit that is not known.
fn unknown_unit(s: &str) -> String {
    format!(
        "unknown unit `{}`; known units: {}",
        s.trim(),
        known_units()
    )
}

/// Parses the `--unit` option like [`parse_unit`], but a counted noun must
/// be a plural (`employees`), so that a misspelt or unknown unit (`kgs`
/// aside) is an error naming the known ones rather than a filter that
/// matches nothing.
pub fn parse_unit_option(s: &str) -> Result<(Option<Magnitude>, Option<UnitFilter>), String> {
    let parsed = parse_unit(s)?;
    if let (_, Some(UnitFilter::Count(noun))) = &parsed
        && !(noun.len() >= 3 && noun.ends_with('s'))
    {
        return Err(unknown_unit(s));
    }
    Ok(parsed)
}

/// The units `--unit` knows, for its error message.
fn known_units() -> String {
    let mut measures: Vec<&str> = MEASURES.iter().map(|(_, canon)| *canon).collect();
    measures.dedup();
    measures.extend(
        BYTE_UNITS
            .iter()
            .map(|(form, _)| *form)
            .filter(|f| !matches!(*f, "B" | "byte")),
    );
    format!(
        "percent (%), times (x), currency, a currency code or symbol (USD, CNY, EUR, $, €, £, ¥…), \
         a measure ({}), or a counted noun in the plural (employees); a magnitude \
         (thousand, million, billion, trillion) may come first",
        measures.join(", ")
    )
}

/// Parses a unit as given to `--unit`: an optional magnitude then an
/// optional unit (`"billion yuan"`, `"bn"`, `"percent"`, `"%"`, `"yuan"`,
/// `"$"`, `"usd"`, `"times"`, `"square kilometers"`, `"employees"`,
/// `"currency"`, `"MB"`). Errors on empty input and on a unit it does not
/// know (naming the ones it does).
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
            } else if let Some((_, canon)) = BYTE_UNITS
                .iter()
                .find(|(w, _)| w.len() > 1 && w.to_lowercase() == rest)
            {
                UnitFilter::Measure((*canon).to_string())
            } else if !rest.is_empty()
                && rest.len() <= 40
                && rest.chars().all(|c| c.is_alphabetic() || c == '-')
            {
                UnitFilter::Count(rest.to_string())
            } else {
                return Err(unknown_unit(s));
            }
        }
    };
    Ok((magnitude, Some(unit)))
}
