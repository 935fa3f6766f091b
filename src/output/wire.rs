//! The JSON Lines wire formats of `quarry search --json`, `figures --json`,
//! `cite --json` and `verify --json`.
//!
//! These types are the contract with scripts; the README documents the same
//! schema. Change them only together with the README and with care for
//! existing consumers.

use serde::{Deserialize, Serialize};

use crate::commands::cite::{Citation, Style};
use crate::search::Hit;
use crate::search::snippet::Snippet;

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
    /// First and last line of the passage in the source file, 1-based,
    /// inclusive; null for a PDF (see `pages`).
    pub lines: Option<[u64; 2]>,
    /// Byte range of the passage in the source file, half-open; null for a PDF.
    pub bytes: Option<[u64; 2]>,
    /// For a PDF passage, its first and last page (1-based physical page
    /// index, inclusive); null for other files.
    pub pages: Option<[u64; 2]>,
    /// The printed labels of the first and last page, when the PDF defines
    /// page labels (`["xii", "xiii"]`); else null.
    pub page_labels: Option<[String; 2]>,
    /// What kind of text the passage is: `body`, `table`, `list`, `code`,
    /// `caption`, `reference` or `boilerplate`.
    pub kind: String,
    /// The passage's full text (whitespace normalised; table rows joined by `\n`).
    pub text: String,
    /// A part of `text` around the matches (may begin or end with `…`).
    pub snippet: String,
    /// Byte ranges `[start, end)` into `snippet` of the matched words.
    pub highlights: Vec<[usize; 2]>,
    /// The same ranges in characters (Unicode scalar values), as Python,
    /// jq and JavaScript's code-point APIs index strings.
    pub highlight_chars: Vec<[usize; 2]>,
    /// With `--snippets N` (N > 1): several fragments of `text` around
    /// different matches, in text order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub snippets: Vec<SnippetJson>,
    /// Other places with exactly the same passage text (collapsed into this
    /// hit); absent when there are none or with `--no-collapse`.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub also_in: Vec<PlaceJson>,
}

/// One fragment of a passage (`--snippets N`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SnippetJson {
    /// The fragment's text (may begin or end with `…`).
    pub text: String,
    /// Byte ranges `[start, end)` into `text` of what matched.
    pub highlights: Vec<[usize; 2]>,
    /// The same ranges in characters (Unicode scalar values).
    pub highlight_chars: Vec<[usize; 2]>,
}

impl SnippetJson {
    /// The wire form of a snippet.
    pub fn from_snippet(s: &Snippet) -> SnippetJson {
        SnippetJson {
            text: s.text.clone(),
            highlights: s.highlights.iter().map(|&(a, b)| [a, b]).collect(),
            highlight_chars: char_ranges(&s.text, &s.highlights),
        }
    }
}

/// Byte ranges of `text` as character ranges (ranges that do not fall on
/// character boundaries are dropped, as no slice could be made of them).
pub fn char_ranges(text: &str, ranges: &[(usize, usize)]) -> Vec<[usize; 2]> {
    ranges
        .iter()
        .filter_map(|&(a, b)| {
            let start = text.get(..a)?.chars().count();
            let len = text.get(a..b)?.chars().count();
            Some([start, start + len])
        })
        .collect()
}

/// A file with matches (`search -l --json`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileJson {
    /// Path relative to the corpus folder, `/`-separated.
    pub path: String,
}

/// A query's count in `--batch` output: every query with `--count`, else
/// each query that found nothing (so every query leaves a record).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct QueryCountJson {
    /// The query's id (or line number).
    pub query_id: String,
    /// Passages the query matched (with `--count`), or 0.
    pub count: usize,
}

/// A copy of a hit's passage elsewhere.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PlaceJson {
    /// Path relative to the corpus folder.
    pub path: String,
    /// Document id.
    pub doc_id: String,
    /// First and last line, 1-based, inclusive; null for a PDF.
    pub lines: Option<[u64; 2]>,
    /// For a PDF, its first and last page; absent for other files.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pages: Option<[u64; 2]>,
}

impl PlaceJson {
    /// The wire form of a place.
    pub fn from_place(p: &crate::search::Place) -> PlaceJson {
        PlaceJson {
            path: p.path.clone(),
            doc_id: p.doc_id.clone(),
            lines: p.pages.is_none().then_some([p.lines.0, p.lines.1]),
            pages: p.pages.as_ref().map(|g| [g.first, g.last]),
        }
    }
}

/// A hit's `lines` on the wire: null for a PDF passage.
pub fn lines_of(h: &Hit) -> Option<[u64; 2]> {
    h.pages.is_none().then_some([h.lines.0, h.lines.1])
}

/// A hit's `bytes` on the wire: null for a PDF passage.
pub fn bytes_of(h: &Hit) -> Option<[u64; 2]> {
    h.pages.is_none().then_some([h.bytes.0, h.bytes.1])
}

/// A hit's `pages`: its first and last page, for a PDF passage.
pub fn pages_of(h: &Hit) -> Option<[u64; 2]> {
    h.pages.as_ref().map(|p| [p.first, p.last])
}

/// A hit's `page_labels`: the printed labels of its pages, when defined.
pub fn page_labels_of(h: &Hit) -> Option<[String; 2]> {
    h.pages
        .as_ref()
        .and_then(|p| p.labels.clone())
        .map(|(a, b)| [a, b])
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

/// A score as the wire carries it: four decimals.
pub fn round_score(score: f32) -> f32 {
    (score * 10_000.0).round() / 10_000.0
}

impl From<&Hit> for HitJson {
    fn from(h: &Hit) -> HitJson {
        HitJson {
            query_id: None,
            rank: h.rank,
            score: round_score(h.score),
            passage_id: h.passage_id.clone(),
            doc: DocJson::from_meta(&h.doc),
            section: h.section.clone(),
            lines: lines_of(h),
            bytes: bytes_of(h),
            pages: pages_of(h),
            page_labels: page_labels_of(h),
            kind: h.kind.name().to_string(),
            text: h.text.clone(),
            snippet: h.snippet.text.clone(),
            highlights: h.snippet.highlights.iter().map(|&(a, b)| [a, b]).collect(),
            highlight_chars: char_ranges(&h.snippet.text, &h.snippet.highlights),
            snippets: h.fragments.iter().map(SnippetJson::from_snippet).collect(),
            also_in: h.also_in.iter().map(PlaceJson::from_place).collect(),
        }
    }
}

/// One citation from `quarry cite --json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CiteJson {
    /// 1-based rank of the cited passage.
    pub rank: usize,
    /// The quoted sentence(s).
    pub quote: String,
    /// The citation rendered in the chosen style, on its own (a Markdown
    /// footnote numbered `rank`, a one-item CSL-JSON array).
    pub reference: String,
    /// Section, paragraph and lines, as printed in the reference.
    pub locator: String,
    /// The citation key (as in BibTeX and CSL-JSON), unique among the
    /// citations of one run (`a`, `b`, … appended on collision).
    pub key: String,
    /// The passage, as `search --json` prints it.
    pub hit: HitJson,
}

impl CiteJson {
    /// The JSON form of `citation` of `hit`, rendered in `style` under
    /// `key` as footnote `number`.
    pub fn new(citation: &Citation, hit: &Hit, style: Style, key: &str, number: usize) -> CiteJson {
        CiteJson {
            rank: hit.rank,
            quote: citation.quote.clone(),
            reference: citation.render_as(style, key, number),
            locator: citation.locator(),
            key: key.to_string(),
            hit: HitJson::from(hit),
        }
    }
}

/// One figure from `quarry figures --json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FigureJson {
    /// The figure as written in the source (`371.53 billion yuan`).
    pub text: String,
    /// The scaled value (`371530000000`).
    pub value: f64,
    /// The number as written, unscaled (`371.53`).
    pub number: f64,
    /// `thousand`, `million`, `billion`, `trillion`, or null.
    pub magnitude: Option<String>,
    /// Unit: `percent`, a currency code (`CNY`, `USD`, `EUR`…), `times`, a
    /// measure (`square kilometers`), a counted noun (`employees`), or null.
    pub unit: Option<String>,
    /// `percent`, `currency`, `times`, `measure`, `count`, or null.
    pub unit_kind: Option<String>,
    /// Why this number is not a statistic (`year`, `date`, `time`,
    /// `ordinal`, `identifier`, `reference`, `pagenumber`, `boilerplate`);
    /// null for a statistic. Labelled figures appear only with `--all`.
    pub label: Option<String>,
    /// The sentence the figure is stated in.
    pub sentence: String,
    /// The passage's stable id.
    pub passage_id: String,
    /// The source document.
    pub doc: DocJson,
    /// Nearest heading, or null.
    pub section: Option<String>,
    /// Lines of the figure itself in the source file, 1-based, inclusive.
    pub lines: Option<[u64; 2]>,
    /// Byte range of the figure itself in the source file, half-open (for a
    /// JSON Lines document, the passage's range in the record's `text`).
    pub bytes: Option<[u64; 2]>,
    /// For a figure in a PDF, the pages of its passage (`lines` and
    /// `bytes` are then null).
    pub pages: Option<[u64; 2]>,
}

/// One statement's result from `quarry verify --json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct VerifyJson {
    /// The statement checked.
    pub statement: String,
    /// `supported`, `contradicted` or `not_found`.
    pub verdict: String,
    /// Share of the statement's topic words (content words that are not
    /// parts) in the compared sentence (0–1).
    pub coverage: f64,
    /// The source sentence compared: the supporting or contradicting one;
    /// null when not found.
    pub sentence: Option<String>,
    /// One entry per part of the statement.
    pub parts: Vec<PartJson>,
    /// Why the statement could not be checked (`nothing checkable: …`), or
    /// why the closest sentence, holding every part, does not support it;
    /// null otherwise.
    #[serde(default)]
    pub note: Option<String>,
    /// Supporting or contradicting passage, or the closest candidates; the
    /// same objects as `search --json`.
    pub passages: Vec<HitJson>,
}

/// One part of a verified statement.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PartJson {
    /// `figure`, `of`, `year`, `month`, `date`, `entity` or `direction`.
    pub kind: String,
    /// The part as the statement writes it.
    pub claimed: String,
    /// What the source states for it: the same thing in the source's words,
    /// or the differing value; null when the source says nothing about it.
    pub stated: Option<String>,
    /// `supported`, `contradicted` or `not_found`.
    pub verdict: String,
    /// The source sentence stating `stated`.
    pub sentence: Option<String>,
    /// More about the part: for `of`, which figure it belongs to, or the
    /// source's pairing of figures and what they measure.
    pub note: Option<String>,
}

impl DocJson {
    /// The wire form of document metadata.
    pub fn from_meta(m: &crate::ingest::DocMeta) -> DocJson {
        DocJson {
            id: m.id.clone(),
            path: m.path.clone(),
            title: m.title.clone(),
            author: m.author.clone(),
            publisher: m.publisher.clone(),
            date: m.date.clone(),
            url: m.url.clone(),
        }
    }
}

impl From<&crate::commands::figure_list::FigureHit> for FigureJson {
    fn from(f: &crate::commands::figure_list::FigureHit) -> FigureJson {
        use crate::figures::Unit;
        let to_name = |v: serde_json::Value| v.as_str().map(str::to_string);
        FigureJson {
            text: f.text.clone(),
            value: f.figure.value,
            number: f.figure.number,
            magnitude: f.figure.magnitude.map(|m| m.word().to_string()),
            unit: f.figure.unit_label(),
            unit_kind: f.figure.unit.as_ref().map(|u| {
                match u {
                    Unit::Percent => "percent",
                    Unit::Currency(_) => "currency",
                    Unit::Times => "times",
                    Unit::Measure(_) => "measure",
                    Unit::Count(_) => "count",
                }
                .to_string()
            }),
            label: f
                .label
                .and_then(|l| serde_json::to_value(l).ok())
                .and_then(to_name),
            sentence: f.sentence.clone(),
            passage_id: f.passage.passage_id.clone(),
            doc: DocJson::from_meta(&f.passage.doc),
            section: f.passage.section.clone(),
            lines: f.passage.pages.is_none().then_some([f.lines.0, f.lines.1]),
            bytes: f.passage.pages.is_none().then_some([f.bytes.0, f.bytes.1]),
            pages: pages_of(&f.passage),
        }
    }
}

impl From<&crate::commands::verify::Verification> for VerifyJson {
    fn from(v: &crate::commands::verify::Verification) -> VerifyJson {
        VerifyJson {
            statement: v.statement.clone(),
            verdict: v.verdict.name().to_string(),
            coverage: (v.coverage * 1000.0).round() / 1000.0,
            sentence: v.sentence.clone(),
            parts: v
                .parts
                .iter()
                .map(|p| PartJson {
                    kind: p.kind.name().to_string(),
                    claimed: p.claimed.clone(),
                    stated: p.stated.clone(),
                    verdict: p.verdict.name().to_string(),
                    sentence: p.sentence.clone(),
                    note: p.note.clone(),
                })
                .collect(),
            passages: v.passages.iter().map(HitJson::from).collect(),
            note: v.note.clone(),
        }
    }
}

/// `GET /api/search` of `quarry serve`: one query's hits.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SearchReplyJson {
    /// The query as received.
    pub query: String,
    /// Passages the query matches within the filters (before `limit` and
    /// before copies are collapsed).
    pub total: usize,
    /// The hits, best first, as `search --json` prints them (with `fields`,
    /// only those keys).
    pub hits: Vec<serde_json::Value>,
    /// What was wrong with the query (it was still searched, leniently).
    pub warnings: Vec<String>,
}

/// `POST /api/search` of `quarry serve`: one entry per query of the batch.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BatchReplyJson {
    /// The query's id (given, else its 1-based position).
    pub query_id: String,
    /// Hits returned for it.
    pub count: usize,
    /// The hits, each with `query_id`, as `search --batch` prints them.
    pub hits: Vec<serde_json::Value>,
    /// What was wrong with the query (it was still searched, leniently).
    pub warnings: Vec<String>,
    /// Why the query was not searched (too deep, bad filter), else absent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
}

/// `GET /api/passages/{id}` of `quarry serve`: a passage in its context.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PassageReplyJson {
    /// The passage (rank 1, score 0, no highlights), as `search --json`.
    pub passage: HitJson,
    /// The passages just before it in its document, in document order.
    pub before: Vec<HitJson>,
    /// The passages just after it, in document order.
    pub after: Vec<HitJson>,
    /// The passage's lines in its source file with a few lines around
    /// them; null when the file cannot be read as text (JSON Lines, gone,
    /// outside the corpus folder).
    pub source: Option<SourceJson>,
}

/// Lines of a source file around a passage.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SourceJson {
    /// Path relative to the corpus folder.
    pub path: String,
    /// Line number of the first line of `text`, 1-based.
    pub first_line: u64,
    /// Line number of the last line of `text`.
    pub last_line: u64,
    /// The lines, joined by `\n` (cut at 64 KiB).
    pub text: String,
}

/// `GET /api/documents/{id}` of `quarry serve`: a document's metadata.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DocumentReplyJson {
    /// The document, as in a hit.
    pub doc: DocJson,
    /// Number of passages.
    pub passages: usize,
    /// The passages in document order, without their text.
    pub outline: Vec<OutlineJson>,
}

/// One passage of a document's outline.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OutlineJson {
    /// The passage's stable id.
    pub passage_id: String,
    /// Its section, or null.
    pub section: Option<String>,
    /// Its kind.
    pub kind: String,
    /// Its first and last line.
    pub lines: [u64; 2],
}

/// `GET /api/documents` of `quarry serve`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DocumentsReplyJson {
    /// Documents in the index.
    pub total: usize,
    /// How many documents, in order of path, were skipped (`offset`).
    pub offset: usize,
    /// Up to `limit` of them, in order of path, after the first `offset`.
    pub documents: Vec<DocJson>,
}

/// `GET /api/health` of `quarry serve`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HealthJson {
    /// `ok`, or `degraded` when the watcher stopped or its last update failed.
    pub status: String,
    /// Documents in the index the server searches.
    pub documents: u64,
    /// Passages in it.
    pub passages: u64,
    /// Size of the index folder in bytes.
    pub index_bytes: u64,
    /// When the index last changed (UTC, ISO 8601), or null if unknown.
    pub last_update: Option<String>,
    /// Whether the watcher that keeps the index fresh is running.
    pub watcher_alive: bool,
    /// The last update's error, null when it succeeded.
    pub last_error: Option<String>,
}
