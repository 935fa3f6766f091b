//! Search: running a query against the index and returning ranked passages.
//!
//! This stage owns reading a query ([`query`]), ranking passages with the
//! weights in [`options`], and turning each stored passage into a [`Hit`]
//! with a highlighted [`snippet`]. [`Searcher::search`] returns data and
//! never prints: the commands and printers downstream decide what to show.

pub mod bm25f;
mod columns;
mod document;
mod filter;
mod hit;
mod lookup;
mod options;
mod query;
pub mod snippet;
mod top;

use std::collections::HashSet;
use std::path::Path;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::query::{AllQuery, BooleanQuery, Query, QueryParser, TermQuery};
use tantivy::query_grammar::Occur;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, IndexReader, ReloadPolicy, TantivyDocument, Term};

pub use bm25f::{Bm25fQuery, DocFreq, FieldWeight};
use columns::Columns;
pub use document::{DocumentIds, RankedDocument};
use document::{DocumentScoring, Documents, Passages};
pub use filter::Filter;
pub use hit::{Hit, Pages, Place, SearchOutcome};
use hit::{Stored, to_hit};
pub use lookup::InContext;
pub use options::{
    DEFAULT_LIMIT, FIELD_BOOSTS, FIGURE_SCORE, Fetch, PLAIN_FIGURE_SCORE, QUERY_FIELDS, QueryMode,
    RANKING_ENV, REST_WEIGHT, Ranking, SECTION_BOOST, SearchOptions, StopWords, TEXT_BOOST,
    TITLE_BOOST,
};
use query::{Prepared, QueryReader};
pub use query::{escape_plain, protect_apostrophes};
use snippet::Highlighter;
use top::{Matching, TopScores};

use crate::analysis;
use crate::error::{Result, Warning};
use crate::index::folder::{damaged, guard};
use crate::index::schema::{self, QuarryIndex};
use crate::passage::PassageKind;

/// A requested number of hits as a collector limit: at least 1 and no
/// more than the passages the index holds, so that `-n 18446744073709551615`
/// neither overflows nor allocates for hits that cannot exist.
fn clamp_limit(limit: usize, passages: u64) -> usize {
    limit
        .min(usize::try_from(passages).unwrap_or(usize::MAX))
        .max(1)
}

/// Most passages a collapsed search ranks while looking for `limit`
/// distinct texts.
pub const MAX_COLLAPSE_FETCH: usize = 10_000;

/// Decompressed blocks of stored passages (16 KiB each) kept by all the
/// segments of an open index together: at most 32 MiB, filled only as
/// blocks are read, shared out evenly when the index is opened (at least
/// tantivy's own 100 a segment). A batch of queries reads the stored
/// passages of thousands of hits; with tantivy's 100 it decompressed most
/// blocks again and again. SciFact's whole store fits (0.96x CPU on its
/// full-hit batch). A budget per index rather than per segment keeps an
/// index of many segments (a long-lived `serve`) from holding 32 MiB each.
const DOC_STORE_CACHE_BLOCKS: usize = 2048;

/// Blocks each segment may keep when the index has `segments` of them.
fn doc_store_blocks_per_segment(segments: usize) -> usize {
    (DOC_STORE_CACHE_BLOCKS / segments.max(1)).max(100)
}

/// An open index ready for queries.
pub struct Searcher {
    qi: QuarryIndex,
    reader: IndexReader,
    parser: QueryParser,
    /// Fast-field columns, opened on first use.
    columns: Columns,
    /// The documents' passage runs and lengths, found on first use.
    documents: Documents,
    /// Document metadata read for hits, kept for the next hits.
    meta: hit::MetaCache,
    /// Passage texts analysed for highlighting, kept for the next hits.
    analysed: snippet::AnalysisCache,
    /// Stored passages read for hits, kept for the next hits.
    stored: hit::PassageCache,
}

impl Searcher {
    /// Opens the index in `dir`. A panic or tantivy error while opening
    /// it is reported as a damaged index.
    pub fn open(dir: &Path) -> Result<Searcher> {
        guard(dir, || Searcher::open_unguarded(dir))
    }

    fn open_unguarded(dir: &Path) -> Result<Searcher> {
        let reader_of = |qi: &QuarryIndex| {
            let segments = qi
                .index
                .searchable_segment_metas()
                .map_or(1, |metas| metas.len());
            qi.index
                .reader_builder()
                .reload_policy(ReloadPolicy::Manual)
                .doc_store_cache_num_blocks(doc_store_blocks_per_segment(segments))
                .try_into()
        };
        let qi = schema::open(dir)?;
        let (qi, reader) = match reader_of(&qi) {
            Ok(reader) => (qi, reader),
            // A read-only folder: its lock file cannot be created, and no
            // writer can change it, so it is read without the lock.
            Err(tantivy::TantivyError::LockFailure(LockError::IoError(io), _))
                if crate::error::is_read_only(&io) =>
            {
                let qi = schema::open_read_only(dir)?;
                let reader = reader_of(&qi).map_err(|e| damaged(dir, e))?;
                (qi, reader)
            }
            Err(e) => {
                return Err(damaged(dir, e));
            }
        };
        let schema = qi.index.schema();
        let mut boosted = Vec::with_capacity(FIELD_BOOSTS.len());
        for (name, boost) in FIELD_BOOSTS {
            let field = schema.get_field(name).map_err(|e| damaged(dir, e))?;
            boosted.push((field, boost));
        }
        let mut parser =
            QueryParser::for_index(&qi.index, boosted.iter().map(|&(f, _)| f).collect());
        for (field, boost) in boosted {
            parser.set_field_boost(field, boost);
        }
        parser.allow_regexes();
        let columns = Columns::new(&reader.searcher());
        let f = qi.fields;
        let documents = Documents::new([f.text, f.title, f.section]);
        Ok(Searcher {
            qi,
            reader,
            parser,
            columns,
            documents,
            meta: hit::MetaCache::default(),
            analysed: snippet::AnalysisCache::default(),
            stored: hit::PassageCache::default(),
        })
    }

    /// Number of passages in the index.
    pub fn num_passages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Reads `query` in `mode` against this index.
    fn prepare(&self, query: &str, mode: QueryMode) -> Result<Prepared> {
        self.query_reader().prepare(query, mode)
    }

    fn query_reader(&self) -> QueryReader<'_> {
        let f = &self.qi.fields;
        QueryReader {
            parser: &self.parser,
            figure_field: f.figure,
            text_fields: [f.text, f.title, f.section],
            ranking: Ranking::current(),
            highlight: true,
        }
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
        guard(&self.qi.dir, || self.search_unguarded(query, opts, fetch))
    }

    fn search_unguarded(
        &self,
        query: &str,
        opts: &SearchOptions,
        fetch: Fetch,
    ) -> Result<SearchOutcome> {
        opts.filter.check()?;
        let p = self.prepare(query, opts.mode)?;
        let none = Highlighter::default();
        let highlighter = if fetch.highlights {
            &p.highlighter
        } else {
            &none
        };
        let query = self.filtered(p.query, &opts.filter)?;
        let hits = self.collect(query.as_ref(), highlighter, opts, fetch)?;
        Ok(SearchOutcome {
            hits,
            warnings: p.warnings,
        })
    }

    /// Runs `query` like [`Searcher::search`], leaving out passages of the
    /// kinds that state nothing of their own ([`PassageKind::is_quiet`]:
    /// boilerplate, code, reference lists) unless `all`. What `figures`,
    /// `cite` and `verify` search.
    pub fn search_content(
        &self,
        query: &str,
        opts: &SearchOptions,
        all: bool,
    ) -> Result<SearchOutcome> {
        if all {
            return self.search(query, opts);
        }
        guard(&self.qi.dir, || {
            opts.filter.check()?;
            let p = self.prepare(query, opts.mode)?;
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, p.query)];
            for kind in PassageKind::ALL.into_iter().filter(|k| k.is_quiet()) {
                let term = Term::from_field_text(self.qi.fields.kind, kind.name());
                clauses.push((
                    Occur::MustNot,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                ));
            }
            let query = self.filtered(Box::new(BooleanQuery::new(clauses)), &opts.filter)?;
            let hits = self.collect(query.as_ref(), &p.highlighter, opts, Fetch::default())?;
            Ok(SearchOutcome {
                hits,
                warnings: p.warnings,
            })
        })
    }

    /// Counts the passages `query` matches (within `opts.filter`), with the
    /// query's warnings.
    pub fn count(&self, query: &str, opts: &SearchOptions) -> Result<(usize, Vec<Warning>)> {
        guard(&self.qi.dir, || self.count_unguarded(query, opts))
    }

    fn count_unguarded(&self, query: &str, opts: &SearchOptions) -> Result<(usize, Vec<Warning>)> {
        opts.filter.check()?;
        let p = self.prepare(query, opts.mode)?;
        let query = self.filtered(p.query, &opts.filter)?;
        let n = self.reader.searcher().search(query.as_ref(), &Count)?;
        Ok((n, p.warnings))
    }

    /// The paths of the files with passages matching `query` (within
    /// `opts.filter`), best match first, at most `limit` (all when `None`).
    pub fn files(
        &self,
        query: &str,
        opts: &SearchOptions,
        limit: Option<usize>,
    ) -> Result<(Vec<String>, Vec<Warning>)> {
        opts.filter.check()?;
        let p = self.prepare(query, opts.mode)?;
        let query = self.filtered(p.query, &opts.filter)?;
        let searcher = self.reader.searcher();
        let matching = searcher.search(query.as_ref(), &Count)?;
        let top = searcher.search(
            query.as_ref(),
            &TopDocs::with_limit(matching.max(1)).order_by_score(),
        )?;
        let mut files: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for (_, addr) in top {
            if limit.is_some_and(|n| files.len() >= n) {
                break;
            }
            let doc: TantivyDocument = searcher.doc(addr)?;
            let path = doc
                .get_first(self.qi.fields.path)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            if seen.insert(path.clone()) {
                files.push(path);
            }
        }
        Ok((files, p.warnings))
    }

    /// `query` restricted to the passages `filter` lets pass.
    fn filtered(&self, query: Box<dyn Query>, filter: &Filter) -> Result<Box<dyn Query>> {
        let f = filter.query(&self.qi.fields, &self.reader.searcher())?;
        Ok(filter::restrict(query, f))
    }

    /// Every passage of the given documents (`(path, doc id)` pairs), or of
    /// the whole index when `docs` is `None`, that `filter` lets pass, in
    /// document order, score 0.
    pub fn passages(
        &self,
        docs: Option<&HashSet<(String, String)>>,
        filter: &Filter,
    ) -> Result<Vec<Hit>> {
        let mut hits = Vec::new();
        self.each_passage(docs, filter, &mut |hit| {
            hits.push(hit);
            Ok(true)
        })?;
        Ok(hits)
    }

    /// [`Searcher::passages`] one at a time: the order is found from fast
    /// fields, and each passage is read only when its turn comes, so the
    /// first arrives at once and `each` returning `false` (or an error)
    /// stops the work.
    pub fn each_passage(
        &self,
        docs: Option<&HashSet<(String, String)>>,
        filter: &Filter,
        each: &mut dyn FnMut(Hit) -> Result<bool>,
    ) -> Result<()> {
        guard(&self.qi.dir, || {
            self.each_passage_unguarded(docs, filter, each)
        })
    }

    fn each_passage_unguarded(
        &self,
        docs: Option<&HashSet<(String, String)>>,
        filter: &Filter,
        each: &mut dyn FnMut(Hit) -> Result<bool>,
    ) -> Result<()> {
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
        let query = self.filtered(query, filter)?;
        let searcher = self.reader.searcher();
        let found = searcher.search(query.as_ref(), &Matching)?;
        // Document order: path, document id, then the order the passages
        // were added in (a document's passages sit together, in order, in
        // one segment). Paths and ids are compared by their ranks in string
        // order, numbers that sort faster than the strings.
        let ranks = self.columns.document_ranks(&searcher)?;
        let mut order = Vec::with_capacity(found.len());
        for addr in found {
            if let Some(d) = docs {
                let (path, id) = self.columns.document(&searcher, addr)?;
                if !d.contains(&(path.to_string(), id.to_string())) {
                    continue;
                }
            }
            let (path, id) = self.columns.document_key(&searcher, &ranks, addr)?;
            order.push((path, id, addr));
        }
        order.sort_unstable();
        for (_, _, addr) in order {
            if !each(self.stored_hit(&searcher, addr)?)? {
                break;
            }
        }
        Ok(())
    }

    /// The documents (`(path, doc id)`) in which every word of `words`
    /// occurs somewhere (text, title or section), after analysis.
    pub fn documents_with_all(&self, words: &str) -> Result<HashSet<(String, String)>> {
        guard(&self.qi.dir, || self.documents_with_all_unguarded(words))
    }

    fn documents_with_all_unguarded(&self, words: &str) -> Result<HashSet<(String, String)>> {
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

    /// A document ranking for `query`: its best `limit` passages folded
    /// into their documents with `combine` (a document's passage scores,
    /// best first), and in plain mode the best documents scored again as
    /// whole documents ([`Ranking::doc_weight`], see `document.rs`). Best
    /// first, ties by document id descending (as `trec_eval` reads a run);
    /// each document named by its place in [`Searcher::document_ids`].
    /// What `eval` ranks.
    pub fn rank_documents(
        &self,
        query: &str,
        mode: QueryMode,
        limit: usize,
        combine: &dyn Fn(&[f32]) -> f32,
    ) -> Result<Vec<RankedDocument>> {
        guard(&self.qi.dir, || {
            let ranking = Ranking::current();
            let searcher = self.reader.searcher();
            let (terms, found) = self.top_passages(&searcher, query, mode, limit)?;
            let r = &ranking;
            let scoring = DocumentScoring {
                k1: r.doc_k1,
                b: r.doc_b,
                weights: [1.0, r.doc_title_weight, r.section_weight],
                weight: if mode == QueryMode::Plain {
                    r.doc_weight
                } else {
                    0.0
                },
                depth: r.doc_depth,
                document_idf: r.doc_idf,
            };
            let top = Passages {
                top: &found.top,
                weight: found.weight.as_ref(),
                read: &found.read,
            };
            document::rerank(&searcher, &self.documents, &terms, top, &scoring, combine)
        })
    }

    /// The distinct document ids of the index, in byte order, which name
    /// the documents of [`Searcher::rank_documents`].
    pub fn document_ids(&self) -> Result<std::sync::Arc<DocumentIds>> {
        guard(&self.qi.dir, || self.documents.ids(&self.reader.searcher()))
    }

    /// The best `limit` passages for `query` (with feedback when
    /// [`Ranking`] asks for it), best first or (`false`) in no order, and
    /// the weighted terms a plain query searched for.
    fn top_passages(
        &self,
        searcher: &tantivy::Searcher,
        query: &str,
        mode: QueryMode,
        limit: usize,
    ) -> Result<TopPassages> {
        let ranking = Ranking::current();
        // Ranked documents show no text: nothing to highlight.
        let reader = QueryReader {
            highlight: false,
            ..self.query_reader()
        };
        let mut prepared = reader.prepare(query, mode)?;
        if mode == QueryMode::Plain && ranking.feedback_passages > 0 && !prepared.terms.is_empty() {
            let top = searcher.search(
                prepared.query.as_ref(),
                &TopDocs::with_limit(clamp_limit(ranking.feedback_passages, searcher.num_docs()))
                    .order_by_score(),
            )?;
            let expanded = self.feedback(searcher, &prepared.terms, &top, &ranking)?;
            prepared = reader.prepare_with(query, mode, Some(expanded))?;
        }
        let found = TopScores::with_limit(clamp_limit(limit, searcher.num_docs()))
            .search_unordered(searcher, prepared.query.as_ref())?;
        Ok((prepared.terms, found))
    }

    /// RM3: the query's terms (weights normalised to sum 1) mixed with the
    /// terms of the `top` passages (text and title), each weighted by the
    /// sum over passages of its share of the passage's terms times the
    /// passage's share of the scores; the `ranking.feedback_terms` heaviest
    /// new terms are kept, normalised, and the two mixed with
    /// `ranking.feedback_original` : 1 − that.
    fn feedback(
        &self,
        searcher: &tantivy::Searcher,
        terms: &[(String, f32)],
        top: &[(f32, DocAddress)],
        ranking: &Ranking,
    ) -> Result<Vec<(String, f32)>> {
        let f = self.qi.fields;
        let total_score: f32 = top.iter().map(|(s, _)| s.max(0.0)).sum();
        let mut weights: std::collections::HashMap<String, f32> = Default::default();
        let docs = searcher.num_docs().max(1) as f32;
        for &(score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let mut text = String::new();
            for field in [f.title, f.text] {
                if let Some(v) = doc.get_first(field).and_then(|v| v.as_str()) {
                    text.push_str(v);
                    text.push('\n');
                }
            }
            let tokens = analysis::analyze(&text);
            if tokens.is_empty() || total_score <= 0.0 {
                continue;
            }
            let share = score.max(0.0) / total_score / tokens.len() as f32;
            for t in tokens {
                *weights.entry(t.term).or_default() += share;
            }
        }
        let is_query_term = |t: &str| terms.iter().any(|(q, _)| q == t);
        let mut candidates: Vec<(String, f32)> = Vec::new();
        for (term, w) in weights {
            if is_query_term(&term) || term.chars().all(|c| c.is_ascii_digit()) || term.len() < 2 {
                continue;
            }
            // Words in most passages say nothing about the topic.
            let df = searcher.doc_freq(&Term::from_field_text(f.text, &term))? as f32;
            if df / docs > 0.1 || is_function_term(&term) {
                continue;
            }
            candidates.push((term, w));
        }
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        candidates.truncate(ranking.feedback_terms);
        let q_sum: f32 = terms
            .iter()
            .map(|(_, w)| w)
            .sum::<f32>()
            .max(f32::MIN_POSITIVE);
        let c_sum: f32 = candidates
            .iter()
            .map(|(_, w)| w)
            .sum::<f32>()
            .max(f32::MIN_POSITIVE);
        let lambda = ranking.feedback_original.clamp(0.0, 1.0);
        let mut out: Vec<(String, f32)> = terms
            .iter()
            .map(|(t, w)| (t.clone(), lambda * w / q_sum))
            .collect();
        out.extend(
            candidates
                .into_iter()
                .map(|(t, w)| (t, (1.0 - lambda) * w / c_sum)),
        );
        // Scaled so the original terms keep their own weights.
        let scale = q_sum / lambda.max(0.01);
        Ok(out.into_iter().map(|(t, w)| (t, w * scale)).collect())
    }

    /// The other places holding exactly `hit`'s text, whose
    /// [`schema::text_hash`] is `hash`, by path and line.
    fn copies(&self, searcher: &tantivy::Searcher, hit: &Hit, hash: u64) -> Result<Vec<Place>> {
        let f = self.qi.fields;
        // The passages with the text's hash, read from the postings of its
        // term (a whole tantivy search per hit cost more than the rest).
        let term = Term::from_field_u64(f.text_hash, hash);
        let mut found = Vec::new();
        let readers = searcher.segment_readers();
        for (ord, segment) in readers.iter().enumerate() {
            let index = segment.inverted_index(f.text_hash)?;
            let Some(info) = index
                .get_term_info(&term)
                .map_err(tantivy::TantivyError::from)?
            else {
                continue;
            };
            if readers.len() == 1 && info.doc_freq <= 1 {
                // The hit's own passage is the only one with its text.
                break;
            }
            let mut postings = index
                .read_postings_from_terminfo(&info, IndexRecordOption::Basic)
                .map_err(tantivy::TantivyError::from)?;
            let alive = segment.alive_bitset();
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    found.push(DocAddress::new(ord as u32, doc));
                }
                doc = postings.advance();
            }
        }
        let own_key = schema::passage_key(&hit.passage_id);
        let mut places = Vec::new();
        for addr in found {
            // The hit itself is among the passages with its text: known by
            // its key (a fast field), it is passed over without reading it.
            if own_key != 0
                && self
                    .columns
                    .passage_key(searcher, addr)
                    .is_ok_and(|key| key == own_key)
            {
                continue;
            }
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
                pages: hit::stored_pages(&doc, &f),
            });
        }
        places.sort_by(|a, b| (&a.path, a.lines, &a.doc_id).cmp(&(&b.path, b.lines, &b.doc_id)));
        Ok(places)
    }

    /// The best `opts.limit` passages for `query` (with `collapse_docs`,
    /// only each document's best), as hits.
    /// The best `opts.limit` passages for `query`, as hits. With
    /// `fetch.stored`, each hit is read from its stored document (text,
    /// metadata, snippet); without, only ids (and with `fetch.places`, or
    /// `collapse_docs`, locations) are read, from fast fields. Copies of a
    /// better-ranked passage (`collapse`) and further passages of a
    /// document (`collapse_docs`) are left out; with `stored` and
    /// `collapse`, each hit lists its copies in [`Hit::also_in`].
    fn collect(
        &self,
        query: &dyn Query,
        highlighter: &Highlighter,
        opts: &SearchOptions,
        fetch: Fetch,
    ) -> Result<Vec<Hit>> {
        let f = self.qi.fields;
        let stored = fetch.stored;
        let places = fetch.places || opts.collapse_docs;
        if stored {
            let found = self.deepen(query, opts, |searcher, score, addr, rank, seen| {
                let key = (searcher.generation().generation_id(), addr);
                let mut doc = self.stored.get_or_read(key, || searcher.doc(addr))?;
                let text = |field| doc.str_of(field).unwrap_or_default();
                // The text's hash is a fast field: not hashed again here
                // (unless the column cannot be read).
                let hash = if opts.collapse {
                    match self.columns.text_hash(searcher, addr) {
                        Ok(hash) => hash,
                        Err(_) => schema::text_hash(text(f.text)),
                    }
                } else {
                    0
                };
                if !seen.first(opts, hash, text(f.path), text(f.doc_id)) {
                    return Ok(None);
                }
                let meta = hit::doc_meta_cached(searcher, &f, addr, &mut doc, Some(&self.meta))?;
                let hit = to_hit(
                    &mut doc,
                    meta,
                    &f,
                    rank,
                    score,
                    highlighter,
                    opts.fragments,
                    Some((&self.analysed, key)),
                );
                Ok(Some((hit, hash)))
            })?;
            let searcher = self.reader.searcher();
            let mut hits = Vec::with_capacity(found.len());
            for (mut hit, hash) in found {
                if opts.collapse {
                    hit.also_in = self.copies(&searcher, &hit, hash)?;
                }
                hits.push(hit);
            }
            Ok(hits)
        } else {
            self.deepen(query, opts, |searcher, score, addr, rank, seen| {
                let hash = if opts.collapse {
                    self.columns.text_hash(searcher, addr)?
                } else {
                    0
                };
                let hit = self.columns.hit(searcher, rank, score, addr, places)?;
                Ok(seen
                    .first(opts, hash, &hit.doc.path, &hit.doc.id)
                    .then_some(hit))
            })
        }
    }

    /// Runs `query` and turns its top passages into hits with `take` (which
    /// may leave one out, see [`Seen`]) until `opts.limit` hits are found:
    /// when passages were left out, the query is run again deeper, up to
    /// [`MAX_COLLAPSE_FETCH`] passages.
    fn deepen<T>(
        &self,
        query: &dyn Query,
        opts: &SearchOptions,
        mut take: impl FnMut(&tantivy::Searcher, f32, DocAddress, usize, &mut Seen) -> Result<Option<T>>,
    ) -> Result<Vec<T>> {
        let searcher = self.reader.searcher();
        let limit = opts.limit.max(1);
        let deduplicate = opts.collapse_docs || opts.collapse;
        // Copies of a text are rare, so a search that only collapses copies
        // first asks for `limit` passages; with one hit per document, more.
        // Either way a deeper round sees the same passages first (the top
        // list is cut from one order), so the hits do not depend on it.
        let mut depth = if opts.collapse_docs {
            limit.saturating_mul(COLLAPSE_DEPTH)
        } else {
            limit
        };
        loop {
            let top = TopScores::with_limit(clamp_limit(depth, searcher.num_docs()))
                .search(&searcher, query)?;
            let exhausted = top.len() < depth;
            let mut hits = Vec::with_capacity(top.len().min(limit));
            let mut seen = Seen::default();
            for (score, addr) in top {
                if hits.len() == limit {
                    break;
                }
                if let Some(hit) = take(&searcher, score, addr, hits.len() + 1, &mut seen)? {
                    hits.push(hit);
                }
            }
            if hits.len() >= limit || exhausted || !deduplicate || depth >= MAX_COLLAPSE_FETCH {
                return Ok(hits);
            }
            depth = depth.saturating_mul(COLLAPSE_DEPTH);
        }
    }
}

/// Whether an analysed term is that of an English function word.
fn is_function_term(term: &str) -> bool {
    static TERMS: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    TERMS
        .get_or_init(|| {
            crate::text::stopwords::QUERY_FUNCTION_WORDS
                .iter()
                .flat_map(|w| analysis::analyze(w))
                .map(|t| t.term)
                .collect()
        })
        .contains(term)
}

/// What one round of [`Searcher::deepen`] has kept: passage texts (by
/// [`schema::text_hash`]) and documents (path and id).
#[derive(Default)]
struct Seen {
    texts: HashSet<u64>,
    docs: HashSet<(String, String)>,
}

impl Seen {
    /// Whether a passage is the first kept of its text (with `collapse`)
    /// and of its document (with `collapse_docs`); records it if so.
    fn first(&mut self, opts: &SearchOptions, text_hash: u64, path: &str, doc_id: &str) -> bool {
        (!opts.collapse || self.texts.insert(text_hash))
            && (!opts.collapse_docs || self.docs.insert((path.to_string(), doc_id.to_string())))
    }
}

/// A plain query's weighted terms and its best passages.
type TopPassages = (Vec<(String, f32)>, top::Found);

/// With `--collapse doc`, passages looked at per hit wanted, and the factor
/// by which that grows while too few documents were found.
const COLLAPSE_DEPTH: usize = 4;
