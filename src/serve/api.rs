//! The JSON endpoints: each reads its parameters, runs the library's
//! search, figure, citation or verification function on the pool (within
//! the query budget) and returns the same wire objects the command line
//! prints with `--json`.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Value, json};

use super::params::{MAX_VALUE_BYTES, Params};
use super::state::State;
use crate::commands::cite::{self, Citation, Style};
use crate::commands::figure_list::{self, FigureQuery};
use crate::commands::verify;
use crate::error::Error;
use crate::output::fields::FieldSet;
use crate::output::wire::{
    BatchReplyJson, CiteJson, DocJson, DocumentReplyJson, DocumentsReplyJson, FigureJson,
    HealthJson, HitJson, OutlineJson, PassageReplyJson, SearchReplyJson, SourceJson, VerifyJson,
};
use crate::search::{DEFAULT_LIMIT, Hit, QueryMode, SearchOptions, Searcher};

/// Most hits one query may ask for.
pub const MAX_LIMIT: usize = 1000;
/// Most queries in one `POST /api/search`.
pub const MAX_BATCH: usize = 100;
/// Most statements in one `POST /api/verify`.
pub const MAX_STATEMENTS: usize = 20;
/// Most passages on each side of `GET /api/passages/{id}`.
pub const MAX_CONTEXT: usize = 20;
/// Lines of the source shown before and after a passage.
pub const SOURCE_MARGIN: u64 = 3;

/// An error answer: HTTP status and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// What went wrong, for `{"error": …}`.
    pub message: String,
}

impl ApiError {
    /// A `400 Bad Request`.
    pub fn bad(message: impl Into<String>) -> ApiError {
        ApiError {
            status: 400,
            message: message.into(),
        }
    }

    /// A `404 Not Found`.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: 404,
            message: message.into(),
        }
    }
}

impl From<String> for ApiError {
    fn from(message: String) -> ApiError {
        ApiError::bad(message)
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        let status = match e {
            Error::Usage(_) | Error::QueryTooDeep(_) => 400,
            Error::Locked(_) | Error::Building(_) | Error::IndexMissing(_) => 503,
            _ => 500,
        };
        ApiError {
            status,
            message: e.to_string(),
        }
    }
}

/// What an endpoint returns.
pub type Answer = Result<Value, ApiError>;

/// Runs `work` with the current searcher on the pool, within the budget.
fn on_pool<T: Send + 'static>(
    state: &Arc<State>,
    work: impl FnOnce(&Searcher) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let searcher = state.searcher();
    let budget = state.opts.budget;
    state
        .pool
        .run(budget, move || work(&searcher))
        .map_err(|_| ApiError {
            status: 503,
            message: format!(
                "the query took longer than its budget of {} ms; simplify it",
                budget.as_millis()
            ),
        })?
}

/// A required, non-empty text parameter.
fn required(p: &mut Params, name: &str) -> Result<String, ApiError> {
    p.get(name)
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| ApiError::bad(format!("parameter '{name}' is required")))
}

/// JSON for any serialisable value. Written out and read back, so that an
/// `f32` score keeps the short form `search --json` prints (`5.428`, not
/// the widened `5.427999973297119`).
fn to_value(v: impl serde::Serialize) -> Answer {
    serde_json::to_vec(&v)
        .and_then(|bytes| serde_json::from_slice(&bytes))
        .map_err(|e| ApiError::from(Error::from(e)))
}

/// A hit as the wire carries it: every key, or those of `fields`.
fn hit_value(hit: &Hit, query_id: Option<&str>, fields: Option<FieldSet>) -> Answer {
    match fields {
        Some(f) => to_value(f.select(hit, query_id)),
        None => {
            let mut json = HitJson::from(hit);
            json.query_id = query_id.map(str::to_string);
            to_value(json)
        }
    }
}

/// The search options shared by `GET` and `POST /api/search`.
struct SearchSpec {
    opts: SearchOptions,
    fields: Option<FieldSet>,
}

/// Reads `limit`, `plain`, `fields`, `collapse`, `snippets`, `no_collapse`
/// and the filters.
fn search_spec(p: &mut Params) -> Result<SearchSpec, ApiError> {
    let limit = p.number("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)?;
    let plain = p.flag("plain")?;
    let fields = p.get("fields").map(|f| FieldSet::parse(&f)).transpose()?;
    let collapse_docs = match p.get("collapse").as_deref() {
        None => false,
        Some("doc") => true,
        Some(other) => {
            return Err(ApiError::bad(format!(
                "'collapse' takes doc, not '{other}'"
            )));
        }
    };
    let fragments = p.number("snippets", 1, 1, 20)?;
    let no_collapse = p.flag("no_collapse")?;
    let filter = p.filter();
    filter.check()?;
    Ok(SearchSpec {
        opts: SearchOptions {
            limit,
            mode: if plain {
                QueryMode::Plain
            } else {
                QueryMode::Syntax
            },
            filter,
            collapse_docs,
            fragments,
            collapse: !no_collapse,
        },
        fields,
    })
}

/// `GET /api/search`.
pub fn search(state: &Arc<State>, mut p: Params) -> Answer {
    let query = required(&mut p, "q")?;
    let spec = search_spec(&mut p)?;
    p.finish()?;
    on_pool(state, move |searcher| {
        let fetch = spec.fields.unwrap_or_default().fetch();
        let outcome = searcher.search_with(&query, &spec.opts, fetch)?;
        let (total, _) = searcher.count(&query, &spec.opts)?;
        let hits = outcome
            .hits
            .iter()
            .map(|h| hit_value(h, None, spec.fields))
            .collect::<Result<Vec<_>, _>>()?;
        to_value(SearchReplyJson {
            query,
            total,
            hits,
            warnings: outcome.warnings.iter().map(|w| w.to_string()).collect(),
        })
    })
}

/// One query of a batch: a string, or `{"id": …, "query": …}` (`q` also
/// accepted for `query`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum BatchItem {
    Text(String),
    Object {
        #[serde(default)]
        id: Option<Value>,
        #[serde(alias = "q")]
        query: String,
    },
}

/// The body of `POST /api/search`.
#[derive(Debug, Deserialize)]
struct BatchBody {
    queries: Vec<BatchItem>,
    #[serde(flatten)]
    options: serde_json::Map<String, Value>,
}

/// Turns JSON options (`{"limit": 5, "plain": true, "doc": ["a"]}`) into
/// query-string parameters, so both methods read options the same way.
fn params_of(options: &serde_json::Map<String, Value>) -> Result<Params, ApiError> {
    let mut query = String::new();
    let mut push = |k: &str, v: String| {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&encode(k));
        query.push('=');
        query.push_str(&encode(&v));
    };
    for (k, v) in options {
        match v {
            Value::Array(items) => {
                for item in items {
                    push(k, scalar(k, item)?);
                }
            }
            other => push(k, scalar(k, other)?),
        }
    }
    Ok(Params::parse(&query)?)
}

/// A JSON scalar as a parameter value.
fn scalar(key: &str, v: &Value) -> Result<String, ApiError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok(String::new()),
        _ => Err(ApiError::bad(format!(
            "option '{key}' must be a string, number, boolean or a list of them"
        ))),
    }
}

/// Percent-encodes everything but unreserved characters.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reads a JSON body into `T`, with a clear message when it is not.
fn body_of<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::bad(format!("the request body: {e}")))
}

/// `POST /api/search`: a batch of queries with shared options.
pub fn batch(state: &Arc<State>, body: &[u8]) -> Answer {
    let body: BatchBody = body_of(body)?;
    if body.queries.len() > MAX_BATCH {
        return Err(ApiError::bad(format!(
            "at most {MAX_BATCH} queries per batch, not {}",
            body.queries.len()
        )));
    }
    let mut p = params_of(&body.options)?;
    let spec = search_spec(&mut p)?;
    p.finish()?;
    let mut queries = Vec::with_capacity(body.queries.len());
    for (i, item) in body.queries.into_iter().enumerate() {
        let (id, text) = match item {
            BatchItem::Text(t) => ((i + 1).to_string(), t),
            BatchItem::Object { id, query } => (
                match id {
                    Some(Value::String(s)) => s,
                    Some(v @ Value::Number(_)) => v.to_string(),
                    _ => (i + 1).to_string(),
                },
                query,
            ),
        };
        if text.len() > MAX_VALUE_BYTES {
            return Err(ApiError::bad(format!(
                "query '{id}' is longer than {MAX_VALUE_BYTES} bytes"
            )));
        }
        queries.push((id, text));
    }
    on_pool(state, move |searcher| {
        let fetch = spec.fields.unwrap_or_default().fetch();
        let mut results = Vec::with_capacity(queries.len());
        for (id, text) in &queries {
            let reply = match searcher.search_with(text, &spec.opts, fetch) {
                Ok(outcome) => BatchReplyJson {
                    query_id: id.clone(),
                    count: outcome.hits.len(),
                    hits: outcome
                        .hits
                        .iter()
                        .map(|h| hit_value(h, Some(id), spec.fields))
                        .collect::<Result<Vec<_>, _>>()?,
                    warnings: outcome.warnings.iter().map(|w| w.to_string()).collect(),
                    error: None,
                },
                Err(e @ (Error::QueryTooDeep(_) | Error::Usage(_))) => BatchReplyJson {
                    query_id: id.clone(),
                    count: 0,
                    hits: Vec::new(),
                    warnings: Vec::new(),
                    error: Some(e.to_string()),
                },
                Err(e) => return Err(e.into()),
            };
            results.push(reply);
        }
        Ok(json!({ "results": to_value(results)? }))
    })
}

/// `GET /api/figures`.
pub fn figures(state: &Arc<State>, mut p: Params) -> Answer {
    let terms: Vec<String> = p.get("q").into_iter().collect();
    let unit = p.get("unit");
    let min = p.float("min")?;
    let max = p.float("max")?;
    let all = p.flag("all")?;
    let limit = p.number("limit", 100, 1, MAX_LIMIT)?;
    let filter = p.filter();
    filter.check()?;
    p.finish()?;
    let query = FigureQuery::parse(&terms, unit.as_deref(), min, max, all, limit, filter)?;
    let corpus = state.corpus.clone();
    on_pool(state, move |searcher| {
        let list = figure_list::list(searcher, &corpus, &query)?;
        let figures: Vec<FigureJson> = list.iter().map(FigureJson::from).collect();
        Ok(json!({ "figures": to_value(figures)? }))
    })
}

/// `GET /api/cite`.
pub fn cite(state: &Arc<State>, mut p: Params) -> Answer {
    let query = required(&mut p, "q")?;
    let style = match p.get("style").as_deref() {
        None | Some("plain") => Style::Plain,
        Some("markdown") => Style::Markdown,
        Some("bibtex") => Style::Bibtex,
        Some("csl-json") => Style::CslJson,
        Some(other) => {
            return Err(ApiError::bad(format!(
                "'style' takes plain, markdown, bibtex or csl-json, not '{other}'"
            )));
        }
    };
    let limit = p.number("limit", 1, 1, MAX_LIMIT)?;
    let plain = p.flag("plain")?;
    let all = p.flag("all")?;
    let passage = p.get("passage");
    let filter = p.filter();
    filter.check()?;
    p.finish()?;
    on_pool(state, move |searcher| {
        let mut opts = SearchOptions {
            limit,
            mode: if plain {
                QueryMode::Plain
            } else {
                QueryMode::Syntax
            },
            filter,
            ..SearchOptions::default()
        };
        let hits = match &passage {
            None => searcher.search_content(&query, &opts, all)?.hits,
            Some(id) => {
                // One passage: the query only picks its quoted sentence.
                let found = searcher
                    .passage(id, 0)?
                    .ok_or_else(|| ApiError::not_found(format!("no passage '{id}'")))?;
                opts.filter.docs = vec![found.passage.doc.id.clone()];
                opts.limit = MAX_LIMIT;
                opts.collapse = false;
                let matched = searcher
                    .search_content(&query, &opts, true)?
                    .hits
                    .into_iter()
                    .find(|h| h.passage_id == *id);
                let mut hit = matched.unwrap_or(found.passage);
                hit.rank = 1;
                vec![hit]
            }
        };
        let citations: Vec<Citation> = hits
            .iter()
            .map(|hit| Citation::from_hit(hit, &hit.matches))
            .collect();
        let keys = cite::unique_keys(&citations);
        let items: Vec<CiteJson> = citations
            .iter()
            .zip(&hits)
            .enumerate()
            .map(|(i, (c, hit))| CiteJson::new(c, hit, style, &keys[i], i + 1))
            .collect();
        Ok(json!({
            "citations": to_value(items)?,
            "document": cite::render_all(&citations, style),
        }))
    })
}

/// The body of `POST /api/verify`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerifyBody {
    #[serde(default)]
    statement: Option<String>,
    #[serde(default)]
    statements: Vec<String>,
    #[serde(default)]
    limit: Option<usize>,
}

/// `POST /api/verify`.
pub fn verify(state: &Arc<State>, body: &[u8]) -> Answer {
    let body: VerifyBody = body_of(body)?;
    let mut statements = body.statements;
    statements.extend(body.statement);
    statements.retain(|s| !s.trim().is_empty());
    if statements.is_empty() {
        return Err(ApiError::bad(
            "give 'statement' or 'statements' with some text",
        ));
    }
    if statements.len() > MAX_STATEMENTS {
        return Err(ApiError::bad(format!(
            "at most {MAX_STATEMENTS} statements per request"
        )));
    }
    if statements.iter().any(|s| s.len() > MAX_VALUE_BYTES) {
        return Err(ApiError::bad(format!(
            "a statement is longer than {MAX_VALUE_BYTES} bytes"
        )));
    }
    let limit = body.limit.unwrap_or(3).clamp(1, MAX_LIMIT);
    on_pool(state, move |searcher| {
        let mut results = Vec::with_capacity(statements.len());
        for s in &statements {
            let mut v = verify::verify(searcher, s)?;
            v.passages.truncate(limit);
            results.push(VerifyJson::from(&v));
        }
        Ok(json!({ "results": to_value(results)? }))
    })
}

/// `GET /api/documents`.
pub fn documents(state: &Arc<State>, mut p: Params) -> Answer {
    let limit = p.number("limit", 1000, 1, 10_000)?;
    let offset = p.number("offset", 0, 0, 1_000_000_000)?;
    p.finish()?;
    on_pool(state, move |searcher| {
        let (docs, total) = searcher.documents(offset, limit)?;
        to_value(DocumentsReplyJson {
            total,
            offset,
            documents: docs.iter().map(DocJson::from_meta).collect(),
        })
    })
}

/// `GET /api/documents/{id}`.
pub fn document(state: &Arc<State>, id: String, p: Params) -> Answer {
    p.finish()?;
    on_pool(state, move |searcher| {
        let passages = searcher.document(&id)?;
        let Some(first) = passages.first() else {
            return Err(ApiError::not_found(format!("no document '{id}'")));
        };
        to_value(DocumentReplyJson {
            doc: DocJson::from_meta(&first.doc),
            passages: passages.len(),
            outline: passages
                .iter()
                .map(|h| OutlineJson {
                    passage_id: h.passage_id.clone(),
                    section: h.section.clone(),
                    kind: h.kind.name().to_string(),
                    lines: [h.lines.0, h.lines.1],
                })
                .collect(),
        })
    })
}

/// `GET /api/passages/{id}`.
pub fn passage(state: &Arc<State>, id: String, mut p: Params) -> Answer {
    let around = p.number("context", 2, 0, MAX_CONTEXT)?;
    p.finish()?;
    let corpus = state.corpus.clone();
    on_pool(state, move |searcher| {
        let found = searcher
            .passage(&id, around as u64)?
            .ok_or_else(|| ApiError::not_found(format!("no passage '{id}'")))?;
        let source = super::source::excerpt(&corpus, &found.passage, SOURCE_MARGIN).map(
            |(first_line, last_line, text)| SourceJson {
                path: found.passage.doc.path.clone(),
                first_line,
                last_line,
                text,
            },
        );
        to_value(PassageReplyJson {
            passage: HitJson::from(&found.passage),
            before: found.before.iter().map(HitJson::from).collect(),
            after: found.after.iter().map(HitJson::from).collect(),
            source,
        })
    })
}

/// `GET /api/health`.
pub fn health(state: &Arc<State>, p: Params) -> Answer {
    p.finish()?;
    let searcher = state.searcher();
    let health = state.health.lock().map(|h| h.clone()).unwrap_or_default();
    let alive = state
        .watcher_alive
        .load(std::sync::atomic::Ordering::SeqCst);
    to_value(HealthJson {
        status: if alive && health.last_error.is_none() {
            "ok"
        } else {
            "degraded"
        }
        .to_string(),
        documents: health.documents,
        passages: searcher.num_passages(),
        index_bytes: health.index_bytes,
        last_update: health.last_update.map(super::source::iso_time),
        watcher_alive: alive,
        last_error: health.last_error,
    })
}
