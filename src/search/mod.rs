//! Search: running a query against the index and returning ranked passages.
//!
//! This stage owns reading a query ([`query`]), ranking passages with the
//! weights in [`options`], and turning each stored passage into a [`Hit`]
//! with a highlighted [`snippet`]. [`Searcher::search`] returns data and
//! never prints: the commands and printers downstream decide what to show.

mod hit;
mod options;
mod query;
pub mod snippet;

use std::collections::HashSet;
use std::path::Path;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Query, QueryParser, TermQuery};
use tantivy::query_grammar::Occur;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{IndexReader, ReloadPolicy, TantivyDocument, Term};

use hit::to_hit;
pub use hit::{Hit, Place, Scored, SearchOutcome};
pub use options::{
    DEFAULT_LIMIT, FIELD_BOOSTS, FIGURE_SCORE, PLAIN_FIGURE_SCORE, QUERY_FIELDS, QueryMode,
    SECTION_BOOST, SearchOptions, TEXT_BOOST, TITLE_BOOST,
};
use query::{Prepared, QueryReader};
pub use query::{escape_plain, protect_apostrophes};
use snippet::Highlighter;

use crate::analysis;
use crate::error::{Error, Result, Warning};
use crate::index::schema::{self, QuarryIndex};

/// Most passages a collapsed search ranks while looking for `limit`
/// distinct texts.
pub const MAX_COLLAPSE_FETCH: usize = 10_000;

/// An open index ready for queries.
pub struct Searcher {
    qi: QuarryIndex,
    reader: IndexReader,
    parser: QueryParser,
}

impl Searcher {
    /// Opens the index in `dir`.
    pub fn open(dir: &Path) -> Result<Searcher> {
        let qi = schema::open(dir)?;
        let reader = qi
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| Error::Damaged {
                path: dir.to_path_buf(),
                detail: e.to_string(),
            })?;
        let schema = qi.index.schema();
        let mut boosted = Vec::with_capacity(FIELD_BOOSTS.len());
        for (name, boost) in FIELD_BOOSTS {
            let field = schema.get_field(name).map_err(|e| Error::Damaged {
                path: dir.to_path_buf(),
                detail: e.to_string(),
            })?;
            boosted.push((field, boost));
        }
        let mut parser =
            QueryParser::for_index(&qi.index, boosted.iter().map(|&(f, _)| f).collect());
        for (field, boost) in boosted {
            parser.set_field_boost(field, boost);
        }
        parser.allow_regexes();
        Ok(Searcher { qi, reader, parser })
    }

    /// Number of passages in the index.
    pub fn num_passages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Reads `query` in `mode` against this index.
    fn prepare(&self, query: &str, mode: QueryMode) -> Result<Prepared> {
        QueryReader {
            parser: &self.parser,
            figure_field: self.qi.fields.figure,
        }
        .prepare(query, mode)
    }

    /// Runs `query` and returns up to `opts.limit` hits.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchOutcome> {
        let p = self.prepare(query, opts.mode)?;
        let hits = if opts.collapse {
            self.collect_distinct(p.query.as_ref(), &p.highlighter, opts.limit)?
        } else {
            self.collect(p.query.as_ref(), &p.highlighter, opts.limit)?
        };
        Ok(SearchOutcome {
            hits,
            warnings: p.warnings,
        })
    }

    /// Counts the passages `query` matches, with the query's warnings.
    pub fn count(&self, query: &str, mode: QueryMode) -> Result<(usize, Vec<Warning>)> {
        let p = self.prepare(query, mode)?;
        let n = self.reader.searcher().search(p.query.as_ref(), &Count)?;
        Ok((n, p.warnings))
    }

    /// Every passage of the given documents (`(path, doc id)` pairs), or of
    /// the whole index when `docs` is `None`, in document order, score 0.
    pub fn passages(&self, docs: Option<&HashSet<(String, String)>>) -> Result<Vec<Hit>> {
        let query: Box<dyn Query> = match docs {
            None => Box::new(AllQuery),
            Some(docs) => {
                let paths: HashSet<&str> = docs.iter().map(|(p, _)| p.as_str()).collect();
                let clauses = paths
                    .into_iter()
                    .map(|p| {
                        let term = Term::from_field_text(self.qi.fields.path, p);
                        let q: Box<dyn Query> =
                            Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                        (Occur::Should, q)
                    })
                    .collect();
                Box::new(BooleanQuery::new(clauses))
            }
        };
        let searcher = self.reader.searcher();
        let found = searcher.search(query.as_ref(), &DocSetCollector)?;
        let none = Highlighter::default();
        let mut hits = Vec::with_capacity(found.len());
        for addr in found {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let hit = to_hit(&doc, &self.qi.fields, 0, 0.0, &none);
            if docs.is_none_or(|d| d.contains(&(hit.doc.path.clone(), hit.doc.id.clone()))) {
                hits.push(hit);
            }
        }
        hits.sort_by(|a, b| {
            (&a.doc.path, &a.doc.id, a.ordinal).cmp(&(&b.doc.path, &b.doc.id, b.ordinal))
        });
        Ok(hits)
    }

    /// The documents (`(path, doc id)`) in which every word of `words`
    /// occurs somewhere (text, title or section), after analysis.
    pub fn documents_with_all(&self, words: &str) -> Result<HashSet<(String, String)>> {
        let f = self.qi.fields;
        let searcher = self.reader.searcher();
        let mut terms: Vec<String> = analysis::analyze(words)
            .into_iter()
            .map(|t| t.term)
            .collect();
        terms.sort();
        terms.dedup();
        let mut result: Option<HashSet<(String, String)>> = None;
        for term in terms {
            let clauses = [f.text, f.title, f.section]
                .into_iter()
                .map(|field| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(field, &term),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            let found = searcher.search(&BooleanQuery::new(clauses), &DocSetCollector)?;
            let mut docs = HashSet::new();
            for addr in found {
                let doc: TantivyDocument = searcher.doc(addr)?;
                let get = |field| {
                    doc.get_first(field)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_string()
                };
                docs.insert((get(f.path), get(f.doc_id)));
            }
            result = Some(match result {
                None => docs,
                Some(prev) => prev.intersection(&docs).cloned().collect(),
            });
        }
        Ok(result.unwrap_or_default())
    }

    /// Runs `query` like [`Searcher::search`] but returns only the score and
    /// ids of up to `limit` passages, best first: no hit is built and no
    /// snippet highlighted, so ranking hundreds of passages per query (for
    /// evaluation or batch ranking) costs little more than the search itself.
    pub fn rank(&self, query: &str, mode: QueryMode, limit: usize) -> Result<Vec<Scored>> {
        let parsed = self.prepare(query, mode)?.query;
        let f = self.qi.fields;
        let searcher = self.reader.searcher();
        let top = searcher.search(
            parsed.as_ref(),
            &TopDocs::with_limit(limit.max(1)).order_by_score(),
        )?;
        let mut ranked = Vec::with_capacity(top.len());
        for (score, addr) in top.into_iter().take(limit) {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let text_of = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            ranked.push(Scored {
                score,
                doc_id: text_of(f.doc_id),
                passage_id: text_of(f.passage_id),
            });
        }
        Ok(ranked)
    }

    /// Like [`Searcher::collect`], but a passage whose text equals a
    /// better-ranked one's is left out, and each hit lists the places of
    /// all its copies in [`Hit::also_in`]. Fetches more hits until `limit`
    /// distinct ones are found or the matches run out.
    fn collect_distinct(
        &self,
        query: &dyn Query,
        highlighter: &Highlighter,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let f = self.qi.fields;
        let searcher = self.reader.searcher();
        let mut fetch = limit.max(1).saturating_mul(2).saturating_add(8);
        loop {
            let top = searcher.search(query, &TopDocs::with_limit(fetch).order_by_score())?;
            let exhausted = top.len() < fetch;
            let mut seen: HashSet<String> = HashSet::new();
            let mut hits = Vec::with_capacity(limit);
            for (score, addr) in top {
                if hits.len() == limit {
                    break;
                }
                let doc: TantivyDocument = searcher.doc(addr)?;
                let text = doc
                    .get_first(f.text)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                if !seen.insert(text.to_string()) {
                    continue;
                }
                hits.push(to_hit(&doc, &f, hits.len() + 1, score, highlighter));
            }
            if hits.len() >= limit || exhausted || fetch >= MAX_COLLAPSE_FETCH {
                for hit in &mut hits {
                    hit.also_in = self.copies(hit)?;
                }
                return Ok(hits);
            }
            fetch = fetch.saturating_mul(4).min(MAX_COLLAPSE_FETCH);
        }
    }

    /// The other places holding exactly `hit`'s text, by path and line.
    fn copies(&self, hit: &Hit) -> Result<Vec<Place>> {
        let f = self.qi.fields;
        let searcher = self.reader.searcher();
        let term = Term::from_field_text(f.text_key, &schema::text_key(&hit.text));
        let found = searcher.search(
            &TermQuery::new(term, IndexRecordOption::Basic),
            &DocSetCollector,
        )?;
        let mut places = Vec::new();
        for addr in found {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let text_of = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let u64_of = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
            if text_of(f.passage_id) == hit.passage_id || text_of(f.text) != hit.text {
                continue;
            }
            places.push(Place {
                path: text_of(f.path),
                doc_id: text_of(f.doc_id),
                lines: (u64_of(f.line_start), u64_of(f.line_end)),
            });
        }
        places.sort_by(|a, b| (&a.path, a.lines, &a.doc_id).cmp(&(&b.path, b.lines, &b.doc_id)));
        Ok(places)
    }

    fn collect(
        &self,
        query: &dyn Query,
        highlighter: &Highlighter,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        let top = searcher.search(query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        for (i, (score, addr)) in top.into_iter().enumerate().take(limit) {
            let doc: TantivyDocument = searcher.doc(addr)?;
            hits.push(to_hit(&doc, &self.qi.fields, i + 1, score, highlighter));
        }
        Ok(hits)
    }
}
