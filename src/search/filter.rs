//! Which passages a query may return: files by glob, documents by date,
//! author or id. Filters are applied at query time, inside the tantivy
//! query, so ranking and limits see only what passes; the index itself
//! always holds every file.

use std::ops::Bound;
use std::path::Path;

use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EmptyQuery, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::query_grammar::Occur;
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher as TantivySearcher, Term};

use crate::analysis;
use crate::error::{Error, Result};
use crate::index::date;
use crate::index::schema::Fields;
use crate::ingest;
use crate::passage::PassageKind;

/// Conditions a passage's document must meet; the default lets all pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// ripgrep-style globs on the file path, relative to the corpus folder
    /// (`!GLOB` excludes); empty: every file.
    pub globs: Vec<String>,
    /// Only documents dated on or after this date's first day (`2021`,
    /// `2021-09` or `2021-09-24`; a document dated `2021` is in 2021-09).
    pub since: Option<String>,
    /// Only documents dated on or before this date's last day.
    pub until: Option<String>,
    /// Only documents whose author field has these words, in this order.
    pub author: Option<String>,
    /// Only these document ids (any of them); empty: every document.
    pub docs: Vec<String>,
    /// Only passages of these kinds (`body`, `table`, … any of them);
    /// empty: every kind.
    pub kinds: Vec<String>,
}

impl Filter {
    /// True when the filter lets every passage pass.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Checks the values before a search: dates must be ISO 8601, globs valid.
    pub fn check(&self) -> Result<()> {
        for (flag, value) in [("--since", &self.since), ("--until", &self.until)] {
            if let Some(v) = value
                && date::span(v).is_none()
            {
                return Err(Error::Usage(format!(
                    "{flag} '{v}' is not a date (write 2021, 2021-09 or 2021-09-24)"
                )));
            }
        }
        if let Some(a) = &self.author
            && analysis::analyze(a).is_empty()
        {
            return Err(Error::Usage(format!("--author '{a}' has no word to match")));
        }
        for kind in &self.kinds {
            if PassageKind::from_name(kind).is_none() {
                let known: Vec<&str> = PassageKind::ALL.iter().map(|k| k.name()).collect();
                return Err(Error::Usage(format!(
                    "unknown passage kind '{kind}' (known: {})",
                    known.join(", ")
                )));
            }
        }
        ingest::overrides(Path::new(""), &self.globs)?;
        Ok(())
    }

    /// The query only filtered passages match (scoring nothing), or `None`
    /// when the filter is empty.
    pub(super) fn query(
        &self,
        fields: &Fields,
        searcher: &TantivySearcher,
    ) -> Result<Option<Box<dyn Query>>> {
        if self.is_empty() {
            return Ok(None);
        }
        self.check()?;
        let mut musts: Vec<Box<dyn Query>> = Vec::new();
        if !self.globs.is_empty() {
            let matcher = ingest::overrides(Path::new(""), &self.globs)?;
            let mut paths = Vec::new();
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(fields.path)?;
                let mut stream = inverted
                    .terms()
                    .stream()
                    .map_err(|e| Error::io("<index>", e))?;
                while stream.advance() {
                    if let Ok(path) = std::str::from_utf8(stream.key())
                        && !paths.iter().any(|p: &String| p == path)
                        && glob_passes(&matcher, path)
                    {
                        paths.push(path.to_string());
                    }
                }
            }
            musts.push(any_term(fields.path, &paths));
        }
        if let Some(since) = self.since.as_deref().and_then(date::span) {
            musts.push(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_u64(fields.date_end, since.0)),
                Bound::Unbounded,
            )));
        }
        if let Some(until) = self.until.as_deref().and_then(date::span) {
            musts.push(Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Included(Term::from_field_u64(fields.date_start, until.1)),
            )));
        }
        if let Some(author) = &self.author {
            let terms: Vec<(usize, Term)> = analysis::analyze(author)
                .into_iter()
                .map(|t| (t.position, Term::from_field_text(fields.author, &t.term)))
                .collect();
            musts.push(match terms.as_slice() {
                [] => Box::new(EmptyQuery),
                [(_, term)] => Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic)),
                _ => {
                    let first = terms[0].0;
                    let terms = terms.into_iter().map(|(p, t)| (p - first, t)).collect();
                    Box::new(PhraseQuery::new_with_offset(terms))
                }
            });
        }
        if !self.docs.is_empty() {
            musts.push(any_term(fields.doc_id, &self.docs));
        }
        if !self.kinds.is_empty() {
            musts.push(any_term(fields.kind, &self.kinds));
        }
        let all = BooleanQuery::new(musts.into_iter().map(|q| (Occur::Must, q)).collect());
        Ok(Some(Box::new(ConstScoreQuery::new(Box::new(all), 0.0))))
    }
}

/// Whether the corpus walk would keep `path` under `matcher`: neither the
/// file nor any folder above it is excluded.
fn glob_passes(matcher: &ignore::overrides::Override, path: &str) -> bool {
    let mut folder = String::new();
    for part in path.split('/').take(path.matches('/').count()) {
        if !folder.is_empty() {
            folder.push('/');
        }
        folder.push_str(part);
        if matcher.matched(&folder, true).is_ignore() {
            return false;
        }
    }
    !matcher.matched(path, false).is_ignore()
}

/// Matches documents with any of `values` in the untokenized `field`.
fn any_term(field: tantivy::schema::Field, values: &[String]) -> Box<dyn Query> {
    if values.is_empty() {
        return Box::new(EmptyQuery);
    }
    let clauses = values
        .iter()
        .map(|v| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, q)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

/// `query` restricted to what `filter` (if any) lets pass, scored as `query`.
pub(super) fn restrict(query: Box<dyn Query>, filter: Option<Box<dyn Query>>) -> Box<dyn Query> {
    match filter {
        None => query,
        Some(f) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, f),
        ])),
    }
}
