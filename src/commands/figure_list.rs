//! Listing the figures a corpus states (`quarry figures`).
//!
//! Figures are found at query time in the stored passage text with
//! [`crate::figures::extract`], so the listing always agrees with what search
//! shows. Free words pick the documents that mention all of them and rank
//! figures from passages that match the words first.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::error::{Error, Result};
use crate::figures::{self, Figure, Filter, Label};
use crate::ingest::Format;
use crate::ingest::decode::Encoding;
use crate::passage::PassageKind;
use crate::search::{self, Hit, QueryMode, SearchOptions, Searcher};
use crate::text::sentence_at;

/// Passages searched for the free words before figures are collected.
pub const WORD_SEARCH_DEPTH: usize = 10_000;

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct FigureQuery {
    /// Free words (plain words, no query syntax); empty for the whole corpus.
    pub words: String,
    /// Value and unit conditions.
    pub filter: Filter,
    /// Also list years, dates, references, boilerplate… (with their label).
    pub all: bool,
    /// Most figures to list.
    pub limit: usize,
    /// Which passages' figures may be listed (files, dates, authors, ids).
    pub scope: search::Filter,
}

impl FigureQuery {
    /// The query for `quarry figures TERMS… [--unit U] [--min X] [--max Y]`:
    /// terms that start like a comparison (`> 300 billion yuan`) are the
    /// value filter, the others free words; a query that is one figure and
    /// nothing else (`$8.88 billion`) lists where that value is stated.
    /// A magnitude in `unit` scales `min` and `max`.
    pub fn parse(
        terms: &[String],
        unit: Option<&str>,
        min: Option<f64>,
        max: Option<f64>,
        all: bool,
        limit: usize,
        scope: search::Filter,
    ) -> Result<FigureQuery> {
        let (exprs, words): (Vec<&String>, Vec<&String>) =
            terms.iter().partition(|t| figures::starts_filter_expr(t));
        let joined = words
            .iter()
            .map(|w| w.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let as_figure = if exprs.is_empty() {
            figures::figure_query(&joined).or_else(|| figures::range_query(&joined))
        } else {
            None
        };
        let mut filter = match exprs.as_slice() {
            [] => as_figure.clone().unwrap_or_default(),
            [expr] => figures::parse_filter_expr(expr)
                .map_err(|e| Error::Usage(format!("figure filter: {e}")))?,
            _ => return Err(Error::Usage("give at most one filter expression".into())),
        };
        let scale = match unit {
            Some(unit) => {
                let (magnitude, unit_filter) = figures::parse_unit_option(unit)
                    .map_err(|e| Error::Usage(format!("--unit: {e}")))?;
                if unit_filter.is_some() {
                    filter.unit = unit_filter;
                }
                magnitude.map_or(1.0, |m| m.factor())
            }
            None => 1.0,
        };
        if let Some(min) = min {
            filter.min = Some(min * scale);
            filter.min_inclusive = true;
        }
        if let Some(max) = max {
            filter.max = Some(max * scale);
            filter.max_inclusive = true;
        }
        Ok(FigureQuery {
            words: if as_figure.is_some() {
                String::new()
            } else {
                joined
            },
            filter,
            all,
            limit,
            scope,
        })
    }
}

/// One figure found, with where it is.
#[derive(Debug, Clone)]
pub struct FigureHit {
    /// The figure.
    pub figure: Figure,
    /// The figure as written.
    pub text: String,
    /// The sentence it sits in.
    pub sentence: String,
    /// Why it is not a statistic (its own label or its passage's), if so.
    pub label: Option<Label>,
    /// The passage it is in (score: the passage's relevance to the words).
    pub passage: Hit,
    /// 1-based first and last line of the figure itself in the source file.
    pub lines: (u64, u64),
    /// Byte range of the figure itself in the source file (the passage's
    /// range when it cannot be located exactly, e.g. inside JSON Lines).
    pub bytes: (u64, u64),
}

/// Lists figures. `corpus` is used to locate each figure exactly in its
/// source file; when a file cannot be read, the passage's range is given.
pub fn list(searcher: &Searcher, corpus: &Path, q: &FigureQuery) -> Result<Vec<FigureHit>> {
    let mut out = Vec::new();
    each(searcher, corpus, q, &mut |hit| {
        out.push(hit);
        Ok(true)
    })?;
    Ok(out)
}

/// [`list`], one figure at a time, in the listing's order. Without words
/// the listing is in document order and streams: passages are read one by
/// one and the first figure is handed over at once; `emit` returning
/// `false` (or an error, such as a closed pipe) stops the work.
pub fn each(
    searcher: &Searcher,
    corpus: &Path,
    q: &FigureQuery,
    emit: &mut dyn FnMut(FigureHit) -> Result<bool>,
) -> Result<()> {
    let words = q.words.trim();
    if q.limit == 0 {
        return Ok(());
    }
    if words.is_empty() {
        // Passages come in document order, so one source file at a time
        // is kept.
        let mut sources = Sources::new(1);
        let mut left = q.limit;
        return searcher.each_passage(None, &q.scope, &mut |passage| {
            for hit in figures_of(&passage, corpus, q, &mut sources) {
                if !emit(hit)? {
                    return Ok(false);
                }
                left -= 1;
                if left == 0 {
                    return Ok(false);
                }
            }
            Ok(true)
        });
    }
    let opts = SearchOptions {
        limit: WORD_SEARCH_DEPTH,
        mode: QueryMode::Plain,
        filter: q.scope.clone(),
        collapse: false,
        ..SearchOptions::default()
    };
    let hits = searcher.search(words, &opts)?.hits;
    let docs = searcher.documents_with_all(words)?;
    let mut seen: HashSet<String> = hits.iter().map(|h| h.passage_id.clone()).collect();
    let mut passages = hits;
    for p in searcher.passages(Some(&docs), &q.scope)? {
        if seen.insert(p.passage_id.clone()) {
            passages.push(p);
        }
    }
    let mut sources = Sources::new(usize::MAX);
    let mut out = Vec::new();
    for passage in &passages {
        out.extend(figures_of(passage, corpus, q, &mut sources));
    }
    // Best-matching passages first; then document order.
    out.sort_by(|a, b| {
        b.passage
            .score
            .total_cmp(&a.passage.score)
            .then_with(|| a.passage.doc.path.cmp(&b.passage.doc.path))
            .then_with(|| a.passage.doc.id.cmp(&b.passage.doc.id))
            .then_with(|| a.passage.ordinal.cmp(&b.passage.ordinal))
            .then_with(|| a.figure.start.cmp(&b.figure.start))
    });
    out.truncate(q.limit);
    for hit in out {
        if !emit(hit)? {
            break;
        }
    }
    Ok(())
}

/// The figures of one passage that the query lists, in text order.
fn figures_of(
    passage: &Hit,
    corpus: &Path,
    q: &FigureQuery,
    sources: &mut Sources,
) -> Vec<FigureHit> {
    let unfiltered = q.filter == Filter::default();
    let passage_label = kind_label(passage.kind);
    let mut found = figures::extract(&passage.text);
    found.sort_by_key(|f| f.start);
    let mut out = Vec::new();
    for figure in found {
        let label = figure.label.or(passage_label);
        if label.is_some() && !q.all {
            continue;
        }
        let passes = if label.is_some() {
            unfiltered
        } else {
            q.filter.matches(&figure)
        };
        if !passes {
            continue;
        }
        let text = passage.text[figure.start..figure.end].to_string();
        let sentence = sentence_at(&passage.text, figure.start);
        let source = sources.get(corpus, &passage.doc.path);
        let (lines, bytes) = locate(source, passage, &text, figure.start);
        out.push(FigureHit {
            figure,
            text,
            sentence,
            label,
            passage: passage.clone(),
            lines,
            bytes,
        });
    }
    out
}

/// Source files read to locate figures, with where their lines start;
/// at most `keep` of them at a time.
struct Sources {
    keep: usize,
    files: HashMap<String, Option<Source>>,
}

/// A source file's text and the offsets of its line feeds.
struct Source {
    text: String,
    newlines: Vec<usize>,
}

impl Source {
    /// The 1-based line holding byte `offset` (lines end at `\n`).
    fn line(&self, offset: usize) -> u64 {
        self.newlines.partition_point(|&n| n < offset) as u64 + 1
    }
}

impl Sources {
    fn new(keep: usize) -> Sources {
        Sources {
            keep,
            files: HashMap::new(),
        }
    }

    fn get(&mut self, corpus: &Path, rel: &str) -> Option<&Source> {
        if !self.files.contains_key(rel) && self.files.len() >= self.keep {
            self.files.clear();
        }
        self.files
            .entry(rel.to_string())
            .or_insert_with(|| {
                read_source(corpus, rel).map(|text| Source {
                    newlines: memchr_all(text.as_bytes()),
                    text,
                })
            })
            .as_ref()
    }
}

/// Offsets of every line feed in `bytes`.
fn memchr_all(bytes: &[u8]) -> Vec<usize> {
    bytes
        .iter()
        .enumerate()
        .filter_map(|(i, &b)| (b == b'\n').then_some(i))
        .collect()
}

/// The label every figure of a passage of `kind` carries: passages that
/// state nothing of their own ([`PassageKind::is_quiet`]) are listed only
/// with `--all`.
fn kind_label(kind: PassageKind) -> Option<Label> {
    match kind {
        PassageKind::Boilerplate => Some(Label::Boilerplate),
        PassageKind::Reference => Some(Label::Reference),
        PassageKind::Code => Some(Label::Code),
        _ => None,
    }
}

/// The text of a source file whose offsets are file offsets (UTF-8), for
/// locating figures; `None` for files in other encodings.
fn read_source(corpus: &Path, rel: &str) -> Option<String> {
    let decoded = crate::ingest::read_decoded(corpus, rel)?;
    (decoded.encoding == Encoding::Utf8).then_some(decoded.text)
}

/// The `nth` occurrence of `needle` (passage text, single spaces) in
/// `hay` (source text), where each space of `needle` may be any run of
/// white space in `hay` (`50  percent`, `13.6\npercent`): its offset and
/// length in `hay`.
fn find_spaced(hay: &str, needle: &str, nth: usize) -> Option<(usize, usize)> {
    let mut pieces = needle.split(' ').filter(|p| !p.is_empty());
    let first = pieces.next()?;
    let rest: Vec<&str> = pieces.collect();
    let mut seen = 0;
    for (pos, _) in hay.match_indices(first) {
        let mut cur = pos + first.len();
        let matched = rest.iter().all(|piece| {
            let after = hay.get(cur..).unwrap_or_default();
            let gap = after.len() - after.trim_start().len();
            if gap == 0 || !after[gap..].starts_with(piece) {
                return false;
            }
            cur += gap + piece.len();
            true
        });
        if matched {
            if seen == nth {
                return Some((pos, cur - pos));
            }
            seen += 1;
        }
    }
    None
}

/// Finds the figure's own line and byte range in the source file: the n-th
/// occurrence of its text inside the passage's byte range, where n counts
/// earlier occurrences in the passage text.
fn locate(source: Option<&Source>, p: &Hit, text: &str, at: usize) -> ((u64, u64), (u64, u64)) {
    let fallback = (p.lines, p.bytes);
    let Some(source) = source else {
        return fallback;
    };
    let (start, end) = (p.bytes.0 as usize, p.bytes.1 as usize);
    // A JSON Lines passage's bytes point into its record's text, not the file.
    if Format::of(&p.doc.path) == Some(Format::JsonLines) {
        return fallback;
    }
    let Some(slice) = source.text.get(start..end) else {
        return fallback;
    };
    let nth = p.text[..at].matches(text).count();
    let Some((offset, len)) = find_spaced(slice, text, nth) else {
        return fallback;
    };
    let from = start + offset;
    let to = from + len;
    (
        (
            source.line(from),
            source.line(to.saturating_sub(1).max(from)),
        ),
        (from as u64, to as u64),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_spaced_matches_any_white_space() {
        let hay = "grew 50  percent, then 13.6\npercent and 13.6 percent";
        assert_eq!(find_spaced(hay, "50 percent", 0), Some((5, 11)));
        assert_eq!(find_spaced(hay, "13.6 percent", 0), Some((23, 12)));
        assert_eq!(find_spaced(hay, "13.6 percent", 1), Some((40, 12)));
        assert_eq!(find_spaced(hay, "13.6 percent", 2), None);
        assert_eq!(find_spaced(hay, "50percent", 0), None);
    }

    #[test]
    fn sentence_at_finds_the_enclosing_sentence() {
        let text = "Trade grew 13.6 percent. Investment rose 28 percent.";
        let at = text.find("28").unwrap();
        assert_eq!(sentence_at(text, at), "Investment rose 28 percent.");
        assert_eq!(sentence_at(text, 0), "Trade grew 13.6 percent.");
    }
}
