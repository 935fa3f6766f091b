//! Looking passages and documents up by id rather than by query: a
//! passage with its neighbours, every passage of a document, the list of
//! documents. What `quarry serve` shows when a reader opens a hit.

use std::ops::Bound;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Query, RangeQuery, TermQuery};
use tantivy::query_grammar::Occur;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Term};

use super::Searcher;
use super::hit::{self, Hit, to_hit};
use super::snippet::Highlighter;
use crate::error::Result;
use crate::index::folder::guard;
use crate::index::schema;
use crate::ingest::DocMeta;

/// A term query on an untokenized field.
fn exact(field: tantivy::schema::Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// A passage and the passages around it in its document.
#[derive(Debug, Clone)]
pub struct InContext {
    /// The passage (rank 1, score 0, no highlights).
    pub passage: Hit,
    /// Up to the asked number of passages before it, in document order.
    pub before: Vec<Hit>,
    /// Up to the asked number of passages after it, in document order.
    pub after: Vec<Hit>,
}

impl Searcher {
    /// The passage at `addr` read from the doc store, as an unscored hit
    /// with no highlights.
    pub(super) fn stored_hit(&self, searcher: &tantivy::Searcher, addr: DocAddress) -> Result<Hit> {
        let mut doc: hit::StoredPassage = searcher.doc(addr)?;
        let meta = hit::doc_meta(searcher, &self.qi.fields, addr, &mut doc)?;
        let none = Highlighter::default();
        Ok(to_hit(
            &mut doc,
            meta,
            &self.qi.fields,
            0,
            0.0,
            &none,
            1,
            None,
        ))
    }

    /// Hits (score 0, unranked) for every passage `query` matches, in
    /// document order (path, id, ordinal).
    fn hits_of(&self, query: &dyn Query) -> Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        let found = searcher.search(query, &DocSetCollector)?;
        let mut hits = Vec::with_capacity(found.len());
        for addr in found {
            hits.push(self.stored_hit(&searcher, addr)?);
        }
        hits.sort_by(|a, b| {
            (&a.doc.path, &a.doc.id, a.ordinal).cmp(&(&b.doc.path, &b.doc.id, b.ordinal))
        });
        Ok(hits)
    }

    /// The passage with id `passage_id`, with up to `around` passages of
    /// the same document on each side; `None` when no passage has that id.
    pub fn passage(&self, passage_id: &str, around: u64) -> Result<Option<InContext>> {
        guard(&self.qi.dir, || {
            let f = self.qi.fields;
            // Ids are not indexed as terms: the id's number is looked up in
            // the `passage_key` fast field. Only an id as the index writes
            // them (16 lower-case hex digits) stands for a number.
            let key = schema::passage_key(passage_id);
            if schema::passage_id_of_key(key) != passage_id {
                return Ok(None);
            }
            let key = Term::from_field_u64(f.passage_key, key);
            let by_key = RangeQuery::new(Bound::Included(key.clone()), Bound::Included(key));
            let Some(mut passage) = self.hits_of(&by_key)?.into_iter().next() else {
                return Ok(None);
            };
            passage.rank = 1;
            let first = passage.ordinal.saturating_sub(around);
            let last = passage.ordinal.saturating_add(around);
            let near = BooleanQuery::new(vec![
                (Occur::Must, exact(f.path, &passage.doc.path)),
                (Occur::Must, exact(f.doc_id, &passage.doc.id)),
                (
                    Occur::Must,
                    Box::new(RangeQuery::new(
                        Bound::Included(Term::from_field_u64(f.ordinal, first)),
                        Bound::Included(Term::from_field_u64(f.ordinal, last)),
                    )),
                ),
            ]);
            let mut before = Vec::new();
            let mut after = Vec::new();
            for hit in self.hits_of(&near)? {
                if hit.ordinal < passage.ordinal {
                    before.push(hit);
                } else if hit.ordinal > passage.ordinal {
                    after.push(hit);
                }
            }
            Ok(Some(InContext {
                passage,
                before,
                after,
            }))
        })
    }

    /// Every passage of the document(s) with id `doc_id`, in document order.
    pub fn document(&self, doc_id: &str) -> Result<Vec<Hit>> {
        guard(&self.qi.dir, || {
            self.hits_of(exact(self.qi.fields.doc_id, doc_id).as_ref())
        })
    }

    /// The documents of the index in order of path (then id): `limit` of
    /// them after skipping `offset`, and how many there are in all. Paths
    /// come from the fast-field columns, so only the listed documents'
    /// stored passages are read.
    pub fn documents(&self, offset: usize, limit: usize) -> Result<(Vec<DocMeta>, usize)> {
        guard(&self.qi.dir, || {
            let f = self.qi.fields;
            let searcher = self.reader.searcher();
            // One passage per document: the first (ordinal 0) of each.
            let firsts = RangeQuery::new(
                Bound::Included(Term::from_field_u64(f.ordinal, 0)),
                Bound::Included(Term::from_field_u64(f.ordinal, 0)),
            );
            let found = searcher.search(&firsts, &DocSetCollector)?;
            let mut keyed = Vec::with_capacity(found.len());
            for addr in found {
                let (path, id) = self.columns.document(&searcher, addr)?;
                keyed.push((path, id, addr));
            }
            keyed.sort_unstable();
            keyed.dedup_by(|a, b| (a.0, a.1) == (b.0, b.1));
            let total = keyed.len();
            let mut metas = Vec::new();
            for &(_, _, addr) in keyed.iter().skip(offset).take(limit) {
                metas.push(self.stored_hit(&searcher, addr)?.doc);
            }
            Ok((metas, total))
        })
    }
}
