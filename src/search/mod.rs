//! Search: running a query against the index and returning ranked passages.
//!
//! This stage owns reading a query ([`query`]), ranking passages with the
//! weights in [`options`], and turning each stored passage into a [`Hit`]
//! with a highlighted [`snippet`]. [`Searcher::search`] returns data and
//! never prints: the commands and printers downstream decide what to show.

mod columns;
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

use columns::Columns;
use hit::to_hit;
pub use hit::{Hit, Scored, SearchOutcome};
pub use options::{
    DEFAULT_LIMIT, FIELD_BOOSTS, FIGURE_SCORE, Fetch, PLAIN_FIGURE_SCORE, QUERY_FIELDS, QueryMode,
    SECTION_BOOST, SearchOptions, TEXT_BOOST, TITLE_BOOST,
};
use query::{Prepared, QueryReader};
pub use query::{escape_plain, protect_apostrophes};
use snippet::Highlighter;

use crate::analysis;
use crate::error::{Error, Result, Warning};
use crate::index::schema::{self, QuarryIndex};

/// An open index ready for queries.
pub struct Searcher {
    qi: QuarryIndex,
    reader: IndexReader,
    parser: QueryParser,
    /// Fast-field columns, opened on first use.
    columns: Columns,
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
        let columns = Columns::new(&reader.searcher());
        Ok(Searcher {
            qi,
            reader,
            parser,
            columns,
        })
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
        self.search_with(query, opts, Fetch::default())
    }

    /// Runs `query` like [`Searcher::search`], loading for each hit only
    /// what `fetch` asks for: without `stored`, hits carry only their rank,
    /// score, ids, path, lines and bytes, read from fast fields.
    pub fn search_with(
        &self,
        query: &str,
        opts: &SearchOptions,
        fetch: Fetch,
    ) -> Result<SearchOutcome> {
        let p = self.prepare(query, opts.mode)?;
        let none = Highlighter::default();
        let highlighter = if fetch.highlights {
            &p.highlighter
        } else {
            &none
        };
        let hits = self.collect(p.query.as_ref(), highlighter, opts.limit, fetch.stored)?;
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
        let searcher = self.reader.searcher();
        let top = searcher.search(
            parsed.as_ref(),
            &TopDocs::with_limit(limit.max(1)).order_by_score(),
        )?;
        top.into_iter()
            .take(limit)
            .map(|(score, addr)| self.columns.scored(&searcher, score, addr))
            .collect()
    }

    fn collect(
        &self,
        query: &dyn Query,
        highlighter: &Highlighter,
        limit: usize,
        stored: bool,
    ) -> Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        let top = searcher.search(query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        if !stored {
            for (i, (score, addr)) in top.into_iter().enumerate().take(limit) {
                hits.push(self.columns.hit(&searcher, i + 1, score, addr)?);
            }
            return Ok(hits);
        }
        for (i, (score, addr)) in top.into_iter().enumerate().take(limit) {
            let doc: TantivyDocument = searcher.doc(addr)?;
            hits.push(to_hit(&doc, &self.qi.fields, i + 1, score, highlighter));
        }
        Ok(hits)
    }
}
