//! Dates as the index keeps them: a document dated `2021-09-24` is found by
//! `date:2021`, `date:2021-09` and `date:2021-09-24`, and by any
//! `--since`/`--until` range that overlaps its day.
//!
//! A date names a span of days: `2021` is 2021-01-01 to 2021-12-31,
//! `2021-09` the month. Days are numbered `YYYYMMDD`, which sorts like the
//! calendar, so a range filter is a range of integers.

use crate::ingest::catalog::is_iso_date;

/// The `date:` terms of an ISO 8601 date: its year, year-month and full
/// date, as far as it goes (`2021-09` gives `2021` and `2021-09`).
pub fn terms(iso: &str) -> Vec<String> {
    if !is_iso_date(iso) {
        return vec![iso.to_string()];
    }
    let mut out = vec![iso[..4].to_string()];
    if iso.len() >= 7 {
        out.push(iso[..7].to_string());
    }
    if iso.len() == 10 {
        out.push(iso.to_string());
    }
    out
}

/// The first and last day (`YYYYMMDD`) a date stands for; `None` for
/// anything but `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn span(iso: &str) -> Option<(u64, u64)> {
    if !is_iso_date(iso) {
        return None;
    }
    let num = |s: &str| s.parse::<u64>().ok();
    let year = num(&iso[..4])?;
    let (first_month, last_month) = match iso.get(5..7) {
        Some(m) => (num(m)?, num(m)?),
        None => (1, 12),
    };
    let (first_day, last_day) = match iso.get(8..10) {
        Some(d) => (num(d)?, num(d)?),
        None => (1, 31),
    };
    Some((
        year * 10_000 + first_month * 100 + first_day,
        year * 10_000 + last_month * 100 + last_day,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_and_spans() {
        assert_eq!(terms("2021-09-24"), ["2021", "2021-09", "2021-09-24"]);
        assert_eq!(terms("2021"), ["2021"]);
        assert_eq!(span("2021"), Some((20210101, 20211231)));
        assert_eq!(span("2021-09"), Some((20210901, 20210931)));
        assert_eq!(span("2021-09-24"), Some((20210924, 20210924)));
        assert_eq!(span("Sept 2021"), None);
    }
}
