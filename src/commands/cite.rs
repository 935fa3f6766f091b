//! Citations: the sentences that matched, and a reference to paste with them.
//!
//! A [`Citation`] is built from a search hit: the quoted sentence(s) of the
//! passage that contain the matched words, the document's metadata and a
//! locator (section, paragraph, lines). [`Style`] renders it as plain text, a
//! Markdown footnote, a BibTeX entry or CSL-JSON. Metadata the corpus does not
//! know is left out; nothing is printed as "null" or "n.d.".

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};
use unicode_segmentation::UnicodeSegmentation;

use crate::search::Hit;
use crate::text::stopwords::CITATION_KEY_SKIP_WORDS;

/// How to render a citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// A quotation followed by a one-line reference.
    #[default]
    Plain,
    /// A quotation with a Markdown footnote holding the reference.
    Markdown,
    /// A BibTeX `@misc`/`@article` entry (the quotation goes in `note`).
    Bibtex,
    /// A CSL-JSON array with one item (the quotation goes in `note`).
    CslJson,
}

/// Everything a citation needs, independent of style.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// The quoted sentence(s), whitespace normalised.
    pub quote: String,
    /// Document id (used for BibTeX keys and CSL ids).
    pub id: String,
    /// Title.
    pub title: String,
    /// Author as written in the catalog.
    pub author: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// ISO 8601 date (`2021`, `2021-09` or `2021-09-24`).
    pub date: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Section heading.
    pub section: Option<String>,
    /// 1-based paragraph (passage) number within the document.
    pub paragraph: u64,
    /// 1-based first and last line in the source file.
    pub lines: (u64, u64),
    /// For a PDF, its pages as a citation gives them (`p. 12`,
    /// `pp. 12–13`), which replace the paragraph and lines.
    pub pages: Option<String>,
    /// Source file, relative to the corpus folder.
    pub path: String,
}

impl Citation {
    /// The same citation with control characters (ESC, newlines) in every
    /// text field escaped, for printing to a terminal: a document, its
    /// catalog entry or its file name cannot forge lines or colours.
    pub fn escaped(&self) -> Citation {
        let e = |s: &String| crate::text::escape_control(s).into_owned();
        let o = |s: &Option<String>| s.as_ref().map(e);
        Citation {
            quote: e(&self.quote),
            id: e(&self.id),
            title: e(&self.title),
            author: o(&self.author),
            publisher: o(&self.publisher),
            date: o(&self.date),
            url: o(&self.url),
            section: o(&self.section),
            paragraph: self.paragraph,
            lines: self.lines,
            pages: o(&self.pages),
            path: e(&self.path),
        }
    }

    /// Builds a citation from a hit, quoting the sentences with matches
    /// (`spans` are byte ranges into `hit.text`); without matches in the
    /// text, the passage's first sentence is quoted.
    pub fn from_hit(hit: &Hit, spans: &[(usize, usize)]) -> Citation {
        Citation {
            quote: quote(&hit.text, spans),
            id: hit.doc.id.clone(),
            title: hit.doc.title.clone(),
            author: hit.doc.author.clone(),
            publisher: hit.doc.publisher.clone(),
            date: hit.doc.date.clone(),
            url: hit.doc.url.clone(),
            section: hit.section.clone(),
            paragraph: hit.ordinal + 1,
            lines: hit.lines,
            pages: hit.pages.as_ref().map(crate::search::Pages::cite),
            path: hit.doc.path.clone(),
        }
    }

    /// The locator: section, paragraph and lines (for a PDF: section and pages).
    pub fn locator(&self) -> String {
        let mut parts = Vec::new();
        if let Some(section) = &self.section {
            parts.push(format!("section “{section}”"));
        }
        if let Some(pages) = &self.pages {
            parts.push(pages.clone());
            return parts.join(", ");
        }
        parts.push(format!("para. {}", self.paragraph));
        parts.push(if self.lines.0 == self.lines.1 {
            format!("line {}", self.lines.0)
        } else {
            format!("lines {}–{}", self.lines.0, self.lines.1)
        });
        parts.join(", ")
    }

    /// The reference in running text: author, “title,” publisher, date, locator.
    fn reference(&self, italic: fn(&str) -> String) -> String {
        let mut parts = Vec::new();
        if let Some(author) = &self.author {
            parts.push(author.clone());
        }
        parts.push(format!("“{}”", self.title.trim_end_matches('.')));
        if let Some(publisher) = &self.publisher {
            parts.push(italic(publisher));
        }
        if let Some(date) = &self.date {
            parts.push(date.clone());
        }
        parts.push(self.locator());
        let mut out = parts.join(", ");
        out.push('.');
        if let Some(url) = &self.url {
            out.push(' ');
            out.push_str(url);
        }
        out
    }

    /// Renders the citation alone in `style` (key [`Citation::key`],
    /// footnote 1). Several citations go through [`render_all`].
    pub fn render(&self, style: Style) -> String {
        self.render_as(style, &self.key(), 1)
    }

    /// Renders the citation in `style` under the BibTeX/CSL `key` and as
    /// Markdown footnote `number`; CSL-JSON is a one-item array.
    pub fn render_as(&self, style: Style, key: &str, number: usize) -> String {
        match style {
            Style::Plain => self.plain(),
            Style::Markdown => format!("> {}[^{number}]\n\n{}", self.quote, self.footnote(number)),
            Style::Bibtex => self.bibtex(key),
            Style::CslJson => csl_document(vec![self.csl_item(key)]),
        }
    }

    fn plain(&self) -> String {
        format!(
            "“{}”\n— {} ({})\n",
            self.quote,
            self.reference(|s| s.to_string()),
            self.path
        )
    }

    /// The Markdown footnote definition `[^number]: reference`.
    fn footnote(&self, number: usize) -> String {
        format!(
            "[^{number}]: {} (`{}`)\n",
            self.reference(|s| format!("*{s}*")),
            self.path
        )
    }

    /// A citation key: first author word (or publisher), year, first title word.
    pub fn key(&self) -> String {
        let first_word = |s: &str| -> String {
            s.split(|c: char| !c.is_alphanumeric())
                .find(|w| {
                    w.len() > 2 && !CITATION_KEY_SKIP_WORDS.contains(&w.to_lowercase().as_str())
                })
                .unwrap_or("")
                .to_lowercase()
        };
        let who = self
            .author
            .as_deref()
            .or(self.publisher.as_deref())
            .map(first_word)
            .unwrap_or_default();
        let year = self
            .date
            .as_deref()
            .map(|d| &d[..d.len().min(4)])
            .unwrap_or("");
        let key: String = format!("{who}{year}{}", first_word(&self.title))
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if key.is_empty() {
            "quarry".to_string()
        } else {
            key
        }
    }

    fn bibtex(&self, key: &str) -> String {
        let mut fields: Vec<(&str, String)> = vec![("title", format!("{{{}}}", bib(&self.title)))];
        if let Some(author) = &self.author {
            // Braced as a whole: the catalog does not say which part is the
            // family name, and BibTeX must not guess.
            fields.push(("author", format!("{{{}}}", bib(author))));
        }
        let kind =
            if self.publisher.is_some() && self.date.as_deref().is_some_and(|d| d.len() == 10) {
                "article"
            } else {
                "misc"
            };
        if let Some(publisher) = &self.publisher {
            let name = if kind == "article" {
                "journal"
            } else {
                "publisher"
            };
            fields.push((name, bib(publisher)));
        }
        if let Some(date) = &self.date {
            fields.push(("year", date[..date.len().min(4)].to_string()));
            if let Some(month) = date.get(5..7).and_then(|m| m.parse::<usize>().ok())
                && (1..=12).contains(&month)
            {
                const MONTHS: [&str; 12] = [
                    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                    "dec",
                ];
                fields.push(("month", MONTHS[month - 1].to_string()));
            }
            fields.push(("date", date.clone()));
        }
        if let Some(url) = &self.url {
            fields.push(("url", url.clone()));
        }
        if let Some(pages) = &self.pages {
            let bare = pages.trim_start_matches("pp. ").trim_start_matches("p. ");
            fields.push(("pages", bib(&bare.replace('–', "--"))));
        }
        fields.push((
            "note",
            bib(&format!("{}. Quoted: “{}”", self.locator(), self.quote)),
        ));
        let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| match *k {
                "year" | "month" => format!("  {k:<width$} = {v}"),
                _ => format!("  {k:<width$} = {{{v}}}"),
            })
            .collect();
        format!("@{kind}{{{key},\n{}\n}}\n", body.join(",\n"))
    }

    fn csl_item(&self, key: &str) -> Value {
        let mut item = Map::new();
        item.insert("id".into(), json!(key));
        let kind = if self.publisher.is_some() {
            "article"
        } else {
            "document"
        };
        item.insert("type".into(), json!(kind));
        item.insert("title".into(), json!(self.title));
        if let Some(author) = &self.author {
            item.insert("author".into(), json!([{ "literal": author }]));
        }
        if let Some(publisher) = &self.publisher {
            item.insert("publisher".into(), json!(publisher));
        }
        if let Some(date) = &self.date {
            let parts: Vec<u32> = date.split('-').filter_map(|p| p.parse().ok()).collect();
            item.insert("issued".into(), json!({ "date-parts": [parts] }));
        }
        if let Some(url) = &self.url {
            item.insert("URL".into(), json!(url));
        }
        if let Some(pages) = &self.pages {
            let bare = pages.trim_start_matches("pp. ").trim_start_matches("p. ");
            item.insert("page".into(), json!(bare));
        }
        item.insert(
            "note".into(),
            json!(format!("{}. Quoted: “{}”", self.locator(), self.quote)),
        );
        Value::Object(item)
    }
}

/// The citation keys of `citations`, unique among them: each
/// [`Citation::key`], with `a`, `b`, … appended (in order) to every key
/// that more than one citation shares.
pub fn unique_keys(citations: &[Citation]) -> Vec<String> {
    let bases: Vec<String> = citations.iter().map(Citation::key).collect();
    let mut shared: HashMap<&str, usize> = HashMap::new();
    for b in &bases {
        *shared.entry(b.as_str()).or_insert(0) += 1;
    }
    let mut used: HashSet<String> = bases
        .iter()
        .filter(|b| shared.get(b.as_str()) == Some(&1))
        .cloned()
        .collect();
    let mut next: HashMap<&str, usize> = HashMap::new();
    bases
        .iter()
        .map(|b| {
            if shared.get(b.as_str()) == Some(&1) {
                return b.clone();
            }
            loop {
                let n = next.entry(b.as_str()).or_insert(0);
                let key = format!("{b}{}", letters(*n));
                *n += 1;
                if used.insert(key.clone()) {
                    return key;
                }
            }
        })
        .collect()
}

/// `a`, `b`, … `z`, `aa`, `ab`, … for 0, 1, … 25, 26, 27, …
fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Renders several citations as one document in `style`: plain quotations
/// one after another; Markdown quotations with footnotes `[^1]`, `[^2]`, …
/// defined after them; BibTeX entries with unique keys ([`unique_keys`]);
/// one CSL-JSON array holding every item.
pub fn render_all(citations: &[Citation], style: Style) -> String {
    let keys = unique_keys(citations);
    match style {
        Style::Plain => citations
            .iter()
            .map(Citation::plain)
            .collect::<Vec<_>>()
            .join("\n"),
        Style::Markdown => {
            let mut out = String::new();
            for (i, c) in citations.iter().enumerate() {
                out.push_str(&format!("> {}[^{}]\n\n", c.quote, i + 1));
            }
            for (i, c) in citations.iter().enumerate() {
                out.push_str(&c.footnote(i + 1));
            }
            out
        }
        Style::Bibtex => citations
            .iter()
            .zip(&keys)
            .map(|(c, k)| c.bibtex(k))
            .collect::<Vec<_>>()
            .join("\n"),
        Style::CslJson => csl_document(
            citations
                .iter()
                .zip(&keys)
                .map(|(c, k)| c.csl_item(k))
                .collect(),
        ),
    }
}

/// A CSL-JSON document: the array of `items`, pretty-printed.
fn csl_document(items: Vec<Value>) -> String {
    let mut out = serde_json::to_string_pretty(&Value::Array(items)).unwrap_or_default();
    out.push('\n');
    out
}

/// Escapes BibTeX's special characters.
fn bib(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            // Escaped as commands so braces stay balanced for BibTeX.
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            _ => out.push(c),
        }
    }
    out
}

/// The sentences of `text` to quote for the matches `spans`: the one
/// sentence that contains every distinct matched word if there is one, else
/// each sentence with a match (at most [`MAX_QUOTED_SENTENCES`]); the first
/// sentence when nothing matched in the text.
pub fn quote(text: &str, spans: &[(usize, usize)]) -> String {
    let key = |&(a, b): &(usize, usize)| text.get(a..b).unwrap_or("").to_lowercase();
    let distinct: std::collections::HashSet<String> = spans.iter().map(key).collect();
    let sentences: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
    let matched_in = |start: usize, sentence: &str| -> std::collections::HashSet<String> {
        let end = start + sentence.len();
        spans
            .iter()
            .filter(|&&(a, b)| a < end && b > start)
            .map(key)
            .collect()
    };
    // Indices of the picked sentences, in order.
    let mut picked: Vec<usize> = Vec::new();
    if let Some(whole) = sentences.iter().position(|(start, s)| {
        !distinct.is_empty() && matched_in(*start, s).len() == distinct.len()
    }) {
        picked.push(whole);
    } else {
        picked.extend(
            sentences
                .iter()
                .enumerate()
                .filter(|(_, (start, s))| !matched_in(*start, s).is_empty())
                .map(|(i, _)| i)
                .take(MAX_QUOTED_SENTENCES),
        );
    }
    if picked.is_empty() && !sentences.is_empty() {
        picked.push(0);
    }
    // An elision mark only where text was left out: sentences with nothing
    // but white space between them are joined by a space.
    let mut out = String::new();
    for (n, &i) in picked.iter().enumerate() {
        if n > 0 {
            let prev = picked[n - 1];
            let gap_is_blank = sentences[prev + 1..i]
                .iter()
                .all(|(_, s)| s.trim().is_empty());
            out.push_str(if gap_is_blank { " " } else { " … " });
        }
        out.push_str(
            &sentences[i]
                .1
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    out
}

/// Most sentences a quotation joins when no single one has every match.
pub const MAX_QUOTED_SENTENCES: usize = 3;

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Citation {
        Citation {
            quote: "Shenyang’s Sanhao Street is its Silicon Valley.".into(),
            id: "2021-euromoney-new-industry-in-shenyang".into(),
            title: "New industry in Shenyang".into(),
            author: None,
            publisher: Some("Euromoney".into()),
            date: Some("2021".into()),
            url: None,
            section: None,
            paragraph: 12,
            lines: (29, 29),
            pages: None,
            path: "2021-euromoney-new-industry-in-shenyang.txt".into(),
        }
    }

    #[test]
    fn quote_picks_sentences_with_matches() {
        let text = "First sentence here. Second one has the needle. Third one not.";
        let at = text.find("needle").unwrap();
        assert_eq!(quote(text, &[(at, at + 6)]), "Second one has the needle.");
        assert_eq!(quote(text, &[]), "First sentence here.");
        let at3 = text.find("Third").unwrap();
        assert_eq!(
            quote(text, &[(at, at + 6), (at3, at3 + 5)]),
            "Second one has the needle. Third one not."
        );
        let at1 = text.find("First").unwrap();
        assert_eq!(
            quote(text, &[(at1, at1 + 5), (at3, at3 + 5)]),
            "First sentence here. … Third one not.",
            "an elision mark only where a sentence was left out"
        );
        // One sentence with every matched word wins over scattered matches.
        let text = "The street is long. Sanhao Street hosts start-ups. A street again.";
        let spans: Vec<(usize, usize)> = ["street", "Sanhao", "Street", "street"]
            .iter()
            .scan(0, |from, w| {
                let at = *from + text[*from..].find(w).unwrap();
                *from = at + w.len();
                Some((at, at + w.len()))
            })
            .collect();
        assert_eq!(quote(text, &spans), "Sanhao Street hosts start-ups.");
    }

    #[test]
    fn plain_omits_missing_metadata() {
        let out = sample().render(Style::Plain);
        assert!(
            out.contains("“New industry in Shenyang”, Euromoney, 2021, para. 12, line 29."),
            "{out}"
        );
        assert!(!out.contains("null") && !out.contains("n.d."), "{out}");
    }

    #[test]
    fn bibtex_is_well_formed() {
        let out = sample().render(Style::Bibtex);
        assert!(out.starts_with("@misc{euromoney2021industry,\n"), "{out}");
        assert!(
            out.contains("title     = {{New industry in Shenyang}}"),
            "{out}"
        );
        assert!(out.contains("publisher = {Euromoney}"), "{out}");
        assert!(out.contains("year      = 2021"), "{out}");
        assert!(!out.contains("author"), "{out}");
        let opens = out.matches('{').count();
        assert_eq!(opens, out.matches('}').count(), "{out}");
    }

    #[test]
    fn bibtex_escapes_specials() {
        assert_eq!(
            bib("R&D 50% $5 #1 a_b {x}"),
            "R\\&D 50\\% \\$5 \\#1 a\\_b \\textbraceleft{}x\\textbraceright{}"
        );
    }

    #[test]
    fn csl_json_has_issued_date_parts() {
        let mut c = sample();
        c.date = Some("2021-09-24".into());
        c.author = Some("Yuan Shenggao".into());
        let v: Value = serde_json::from_str(&c.render(Style::CslJson)).unwrap();
        assert_eq!(v[0]["issued"]["date-parts"], json!([[2021, 9, 24]]));
        assert_eq!(v[0]["author"][0]["literal"], "Yuan Shenggao");
        assert!(v[0].get("URL").is_none());
    }

    #[test]
    fn unique_keys_suffix_only_shared_keys() {
        let a = sample();
        let mut b = sample();
        b.title = "Shenyang rises".into();
        let keys = unique_keys(&[a.clone(), b, a.clone(), a]);
        assert_eq!(
            keys,
            [
                "euromoney2021industrya",
                "euromoney2021shenyang",
                "euromoney2021industryb",
                "euromoney2021industryc"
            ]
        );
        assert_eq!(
            [0, 25, 26, 27, 701, 702].map(letters),
            ["a", "z", "aa", "ab", "zz", "aaa"]
        );
    }

    #[test]
    fn render_all_numbers_footnotes_and_makes_one_csl_array() {
        let c = sample();
        let md = render_all(&[c.clone(), c.clone()], Style::Markdown);
        assert!(md.contains("[^1]\n") && md.contains("\n[^2]: "), "{md}");
        let v: Value = serde_json::from_str(&render_all(&[c.clone(), c], Style::CslJson)).unwrap();
        assert_eq!(v.as_array().map(Vec::len), Some(2));
        assert_ne!(v[0]["id"], v[1]["id"]);
    }
}
