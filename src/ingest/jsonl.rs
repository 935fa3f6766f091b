//! JSON Lines: one document per record, and the ids JSON files carry.
//!
//! A corpus file in JSON Lines holds one document per line (`id` or BEIR's
//! `_id`, `title`, `text`, optional `author`, `publisher`, `date`, `url`).
//! Batch query files and benchmark query files are JSON Lines too, and all
//! three accept an id that is a string or a number: [`record_id`] is the
//! one place that reads such an id.

use serde::Deserialize;
use serde_json::Value;

use crate::error::Warning;

/// A corpus record. `_id` (BEIR) is accepted for `id`; ids may be numbers.
#[derive(Debug, Deserialize)]
pub struct Record {
    /// The record's id (see [`record_id`]).
    #[serde(alias = "_id")]
    pub id: Option<Value>,
    /// Title.
    pub title: Option<String>,
    /// The document text.
    pub text: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// ISO 8601 date.
    pub date: Option<String>,
    /// URL.
    pub url: Option<String>,
}

/// A JSON id as a string: a string as it is, a number in its JSON
/// spelling; `None` for a missing or `null` id.
///
/// # Errors
/// Any other JSON value, with a message naming it.
pub fn record_id(value: Option<&Value>) -> Result<Option<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(format!("must be a string or a number, not {other}")),
    }
}

/// The records of a JSON Lines corpus file with their 1-based line
/// numbers. A malformed record or one without `text` becomes a warning
/// naming `rel_path:line` and is skipped.
pub fn records(rel_path: &str, text: &str, warnings: &mut Vec<Warning>) -> Vec<(u32, Record)> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let record: Record = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                warnings.push(Warning::line(
                    rel_path,
                    line_no.into(),
                    format!("malformed record skipped ({e})"),
                ));
                continue;
            }
        };
        if record.text.is_none() {
            warnings.push(Warning::line(
                rel_path,
                line_no.into(),
                "record has no \"text\"; skipped",
            ));
            continue;
        }
        out.push((line_no, record));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_strings_or_numbers() {
        let v: Value = serde_json::json!(["a", 7, 1.5, null, true]);
        let ids: Vec<_> = v
            .as_array()
            .into_iter()
            .flatten()
            .map(|x| record_id(Some(x)))
            .collect();
        assert_eq!(ids[0], Ok(Some("a".to_string())));
        assert_eq!(ids[1], Ok(Some("7".to_string())));
        assert_eq!(ids[2], Ok(Some("1.5".to_string())));
        assert_eq!(ids[3], Ok(None));
        assert!(ids[4].is_err());
        assert_eq!(record_id(None), Ok(None));
    }

    #[test]
    fn bad_records_warn_with_their_line() {
        let mut warnings = Vec::new();
        let got = records(
            "c.jsonl",
            "{\"text\":\"a\"}\nnot json\n{\"id\":1}\n",
            &mut warnings,
        );
        assert_eq!(got.len(), 1);
        let shown: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert!(
            shown[0].starts_with("c.jsonl:2: malformed record"),
            "{shown:?}"
        );
        assert_eq!(shown[1], "c.jsonl:3: record has no \"text\"; skipped");
    }
}
