//! Reading a request's query string: percent-decoding, and typed values
//! with a clear error for anything unknown or malformed.

use std::collections::BTreeSet;

use crate::search::Filter;

/// Longest value of any parameter, in bytes (a query, a statement).
pub const MAX_VALUE_BYTES: usize = 4096;

/// Decodes `%XX` escapes (and `+` as a space when `plus`) into UTF-8.
pub fn percent_decode(s: &str, plus: bool) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| format!("bad percent escape in '{s}'"))?;
                out.push(hex);
                i += 3;
            }
            b'+' if plus => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| "a parameter is not UTF-8 text".to_string())
}

/// The parameters of one request, in order, each used at most once.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
    used: BTreeSet<String>,
}

impl Params {
    /// Parses a query string (without the `?`).
    pub fn parse(query: &str) -> Result<Params, String> {
        let mut pairs = Vec::new();
        for part in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let (k, v) = (percent_decode(k, true)?, percent_decode(v, true)?);
            if v.len() > MAX_VALUE_BYTES {
                return Err(format!(
                    "parameter '{k}' is longer than {MAX_VALUE_BYTES} bytes"
                ));
            }
            pairs.push((k, v));
        }
        Ok(Params {
            pairs,
            used: BTreeSet::new(),
        })
    }

    /// Every value of `name`.
    pub fn all(&mut self, name: &str) -> Vec<String> {
        self.used.insert(name.to_string());
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The value of `name` (the last one when repeated); an empty value
    /// counts as absent.
    pub fn get(&mut self, name: &str) -> Option<String> {
        self.all(name).pop().filter(|v| !v.is_empty())
    }

    /// A whole number within `min..=max`, or `default`.
    pub fn number(
        &mut self,
        name: &str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, String> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(format!(
                    "'{name}' must be a whole number from {min} to {max}, not '{v}'"
                )),
            },
        }
    }

    /// A decimal number, if given.
    pub fn float(&mut self, name: &str) -> Result<Option<f64>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => match v.trim().parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(Some(x)),
                _ => Err(format!("'{name}' must be a number, not '{v}'")),
            },
        }
    }

    /// A flag: `true`/`1`/`yes`/`on` or a bare `name`, `false`/`0`/`no`/`off`.
    pub fn flag(&mut self, name: &str) -> Result<bool, String> {
        let present = self.pairs.iter().any(|(k, _)| k == name);
        match self.get(name).as_deref() {
            None => Ok(present),
            Some("true" | "1" | "yes" | "on") => Ok(true),
            Some("false" | "0" | "no" | "off") => Ok(false),
            Some(v) => Err(format!("'{name}' must be true or false, not '{v}'")),
        }
    }

    /// The filters `search` has: `glob`, `since`, `until`, `author`, `doc`
    /// and `kind` (the repeatable ones may be repeated).
    pub fn filter(&mut self) -> Filter {
        Filter {
            globs: self.all("glob"),
            since: self.get("since"),
            until: self.get("until"),
            author: self.get("author"),
            docs: self
                .all("doc")
                .into_iter()
                .filter(|d| !d.is_empty())
                .collect(),
            kinds: self
                .all("kind")
                .into_iter()
                .filter(|k| !k.is_empty())
                .collect(),
        }
    }

    /// Fails on a parameter no getter asked for, naming the known ones
    /// (call after reading them all).
    pub fn finish(self) -> Result<(), String> {
        if let Some((k, _)) = self
            .pairs
            .iter()
            .find(|(k, _)| !self.used.contains(k) && k != "token")
        {
            let known: Vec<&str> = self.used.iter().map(String::as_str).collect();
            return Err(format!(
                "unknown parameter '{k}' (known: {})",
                known.join(", ")
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_and_plus() {
        assert_eq!(percent_decode("a+b%20c%E2%80%99", true).unwrap(), "a b c’");
        assert_eq!(percent_decode("a+b", false).unwrap(), "a+b");
        assert!(percent_decode("%zz", true).is_err());
        assert!(percent_decode("%ff", true).is_err());
    }

    #[test]
    fn typed_values_and_unknown_names() {
        let mut p = Params::parse("q=foreign+trade&limit=5&plain&doc=a&doc=b&x=1").unwrap();
        assert_eq!(p.get("q").as_deref(), Some("foreign trade"));
        assert_eq!(p.number("limit", 10, 1, 100), Ok(5));
        assert_eq!(p.flag("plain"), Ok(true));
        assert_eq!(p.all("doc"), ["a", "b"]);
        let e = p.finish().unwrap_err();
        assert!(e.contains("unknown parameter 'x'"), "{e}");
        let mut p = Params::parse("limit=0&plain=maybe").unwrap();
        assert!(p.number("limit", 10, 1, 100).is_err());
        assert!(p.flag("plain").is_err());
    }
}
