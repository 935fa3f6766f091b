//! The JSON Lines wire format of `quarry search --json`.
//!
//! These types are the contract with scripts; the README documents the same
//! schema. Change them only together with the README and with care for
//! existing consumers.

use serde::{Deserialize, Serialize};

use crate::search::Hit;

/// One search hit, one JSON object per line.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HitJson {
    /// Batch query id, present only in `--batch` output.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub query_id: Option<String>,
    /// 1-based rank among this query's hits.
    pub rank: usize,
    /// Relevance score (BM25; higher is better; comparable within one query only).
    pub score: f32,
    /// Stable id of the passage: the same while its document path and text are unchanged.
    pub passage_id: String,
    /// The source document.
    pub doc: DocJson,
    /// Nearest heading above the passage, or null.
    pub section: Option<String>,
    /// First and last line of the passage in the source file, 1-based, inclusive.
    pub lines: [u64; 2],
    /// Byte range of the passage in the source file, half-open.
    pub bytes: [u64; 2],
    /// The passage's full text (whitespace normalised; table rows joined by `\n`).
    pub text: String,
    /// A part of `text` around the matches (may begin or end with `…`).
    pub snippet: String,
    /// Byte ranges `[start, end)` into `snippet` of the matched words.
    pub highlights: Vec<[usize; 2]>,
}

/// Document metadata in a hit. Unknown values are `null`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DocJson {
    /// Document id (catalog `id`, else the path without its extension).
    pub id: String,
    /// Path relative to the corpus folder, `/`-separated.
    pub path: String,
    /// Title.
    pub title: String,
    /// Author, or null.
    pub author: Option<String>,
    /// Publisher, or null.
    pub publisher: Option<String>,
    /// ISO 8601 date (`2021`, `2021-09` or `2021-09-24`), or null.
    pub date: Option<String>,
    /// URL, or null.
    pub url: Option<String>,
}

impl From<&Hit> for HitJson {
    fn from(h: &Hit) -> HitJson {
        HitJson {
            query_id: None,
            rank: h.rank,
            score: (h.score * 10_000.0).round() / 10_000.0,
            passage_id: h.passage_id.clone(),
            doc: DocJson {
                id: h.doc.id.clone(),
                path: h.doc.path.clone(),
                title: h.doc.title.clone(),
                author: h.doc.author.clone(),
                publisher: h.doc.publisher.clone(),
                date: h.doc.date.clone(),
                url: h.doc.url.clone(),
            },
            section: h.section.clone(),
            lines: [h.lines.0, h.lines.1],
            bytes: [h.bytes.0, h.bytes.1],
            text: h.text.clone(),
            snippet: h.snippet.text.clone(),
            highlights: h.snippet.highlights.iter().map(|&(a, b)| [a, b]).collect(),
        }
    }
}
