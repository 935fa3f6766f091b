//! Highlighting and snippets.
//!
//! The query is re-read into match patterns (a word, a phrase, a prefix), and
//! the passage text is run through the same analyzer as the index, so what is
//! highlighted is exactly what matched: a phrase query highlights the phrase,
//! not every occurrence of each of its words, and a stemmed query word
//! highlights every inflection it matched.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::DocAddress;
use tantivy::query_grammar::{Delimiter, Occur, UserInputAst, UserInputLeaf};

use crate::analysis::{self, AnalyzedToken};
use crate::figures::{self, Figure};

/// Longest snippet, in bytes of passage text, before it is cut to a window.
pub const SNIPPET_MAX_BYTES: usize = 320;
/// Context kept before the first highlight when a snippet is cut.
const LEAD_BYTES: usize = 60;
/// Marks text cut from either end of a snippet.
pub const ELLIPSIS: &str = "…";

/// A piece of passage text with the byte ranges to highlight in it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The snippet text (may start or end with [`ELLIPSIS`]).
    pub text: String,
    /// Sorted, non-overlapping half-open byte ranges into `text`.
    pub highlights: Vec<(usize, usize)>,
}

/// One thing to highlight: analysed terms at relative positions.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    /// (relative position, term, is a prefix)
    terms: Vec<(usize, String, bool)>,
}

/// Finds what a query matched in a passage's text.
#[derive(Debug, Clone, Default)]
pub struct Highlighter {
    patterns: Vec<Pattern>,
    /// Canonical keys of the query's figures, matched in any spelling.
    figure_keys: Vec<String>,
    /// The values of the query's figures with a key: a figure of the text
    /// far from all of them has none of their keys.
    figure_values: Vec<f64>,
    /// The words that may stem to a pattern's term (see [`Highlighter::spans`]).
    filter: analysis::TermFilter,
    /// The stretches of a text that may hold a pattern's term.
    prefilter: analysis::Prefilter,
    /// The patterns' distinct terms with their [`term_hash`]: a term's
    /// *slot* is its place here.
    slotted: Vec<(u64, String)>,
    /// Bit `hash % 64` set for the hash of every term of `slotted`.
    slotted_bits: u64,
    /// Each pattern's terms as (relative position, slot), in the order of
    /// `patterns`.
    slots: Vec<Vec<(usize, u8)>>,
    /// A pattern has a prefix term, or there are too many terms for slots:
    /// a kept [`Analysed`] text cannot be matched.
    unslotted: bool,
}

/// Fields whose query clauses are highlighted in passage text.
const TEXT_FIELDS: &[&str] = &["text"];

fn highlighted_field(field: Option<&str>) -> bool {
    field.is_none_or(|f| TEXT_FIELDS.contains(&f))
}

impl Highlighter {
    /// Patterns for a query in tantivy syntax, as parsed (negated clauses
    /// are ignored).
    pub fn for_ast(ast: &UserInputAst) -> Highlighter {
        let mut h = Highlighter::default();
        h.walk(ast);
        h
    }

    /// Patterns for a plain-words query: each word on its own.
    pub fn for_plain(query: &str) -> Highlighter {
        let mut h = Highlighter::default();
        for word in query.split_whitespace() {
            h.add_text(word, false);
        }
        h
    }

    fn walk(&mut self, ast: &UserInputAst) {
        match ast {
            UserInputAst::Clause(clauses) => {
                for (occur, sub) in clauses {
                    if *occur != Some(Occur::MustNot) {
                        self.walk(sub);
                    }
                }
            }
            UserInputAst::Boost(inner, _) => self.walk(inner),
            UserInputAst::Leaf(leaf) => match leaf.as_ref() {
                UserInputLeaf::Literal(lit) if highlighted_field(lit.field_name.as_deref()) => {
                    match lit.phrase.strip_suffix('*') {
                        Some(stem) if lit.delimiter == Delimiter::None => self.add_text(stem, true),
                        _ => self.add_text(&lit.phrase, lit.prefix),
                    }
                }
                UserInputLeaf::Set { field, elements } if highlighted_field(field.as_deref()) => {
                    for e in elements {
                        self.add_text(e, false);
                    }
                }
                _ => {}
            },
        }
    }

    fn add_text(&mut self, text: &str, prefix: bool) {
        let tokens = analysis::analyze(text);
        let Some(first) = tokens.first().map(|t| t.position) else {
            return;
        };
        let last = tokens.len() - 1;
        let terms = tokens
            .into_iter()
            .enumerate()
            .map(|(i, t)| (t.position - first, t.term, prefix && i == last))
            .collect();
        let pattern = Pattern { terms };
        if !self.patterns.contains(&pattern) {
            // The filter grows with the patterns, so no pattern can be
            // added without its words passing it.
            for (rel, term, prefix) in &pattern.terms {
                self.filter.add(term);
                self.prefilter.add(term, *prefix);
                self.prefilter.widen(*rel);
            }
            // Analysed positions are dense; were they not, a match could
            // run across a word the prefilter leaves out.
            let span = pattern.terms.iter().map(|t| t.0).max().unwrap_or(0);
            if !(0..=span).all(|r| pattern.terms.iter().any(|t| t.0 == r)) {
                self.prefilter.let_all_pass();
            }
            let mut slots = Vec::with_capacity(pattern.terms.len());
            for (rel, term, prefix) in &pattern.terms {
                self.unslotted |= *prefix;
                let slot = match self.slotted.iter().position(|(_, t)| t == term) {
                    Some(slot) => slot,
                    None => {
                        let hash = term_hash(term);
                        self.slotted_bits |= 1 << (hash % 64);
                        self.slotted.push((hash, term.clone()));
                        self.slotted.len() - 1
                    }
                };
                match u8::try_from(slot) {
                    Ok(slot) if slot != NO_SLOT => slots.push((*rel, slot)),
                    _ => self.unslotted = true,
                }
            }
            self.slots.push(slots);
            self.patterns.push(pattern);
        }
    }

    /// Also highlights figures equal to any of `figures` (`RMB 371.53bn`
    /// highlights `371.53 billion yuan`).
    pub fn add_figures(&mut self, figures: &[Figure]) {
        for f in figures {
            // The most specific key: the value with its unit when it has one.
            if let Some(key) = f.keys().into_iter().next()
                && !self.figure_keys.contains(&key)
            {
                self.figure_keys.push(key);
                self.figure_values.push(f.value);
            }
        }
    }

    /// True when there is nothing to highlight.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty() && self.figure_keys.is_empty()
    }

    /// True when a figure of value `v` cannot have the keys of any of the
    /// query's figures: keys spell a value to nine significant digits, so
    /// values with the same key differ by less than a millionth.
    fn far_from_figures(&self, v: f64) -> bool {
        v.is_finite()
            && self
                .figure_values
                .iter()
                .all(|&q| q.is_finite() && (v - q).abs() > 1e-6 * v.abs().max(q.abs()))
    }

    /// Whether [`Highlighter::spans_kept`] can match a kept analysis.
    pub fn uses_kept(&self) -> bool {
        !self.is_empty() && !self.unslotted
    }

    /// [`Highlighter::spans`] of `text` from `kept`, its kept analysis
    /// (else, or when [`Highlighter::uses_kept`] is false, from the text):
    /// the same spans, without analysing the text again.
    pub fn spans_kept(&self, text: &str, kept: Option<&Analysed>) -> Vec<(usize, usize)> {
        match kept {
            Some(a) if self.uses_kept() => self.spans_of_analysed(text, a),
            _ => self.spans(text),
        }
    }

    fn spans_of_analysed(&self, text: &str, a: &Analysed) -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        if !self.figure_keys.is_empty() {
            for f in a.figures(text) {
                if !self.far_from_figures(f.value)
                    && f.keys.iter().any(|k| self.figure_keys.contains(k))
                {
                    spans.push((f.start, f.end));
                }
            }
        }
        if self.patterns.is_empty() {
            return merge(spans);
        }
        // The slot of each of the text's distinct terms (at most one: the
        // slotted terms are distinct).
        let slot_of: Vec<u8> = a
            .terms
            .iter()
            .map(|&(hash, from, to)| {
                if self.slotted_bits & (1 << (hash % 64)) == 0 {
                    return NO_SLOT;
                }
                let term = a.arena.get(from as usize..to as usize);
                self.slotted
                    .iter()
                    .position(|(h, t)| *h == hash && Some(t.as_str()) == term)
                    .and_then(|slot| u8::try_from(slot).ok())
                    .unwrap_or(NO_SLOT)
            })
            .collect();
        let slot_at = |term: u32| slot_of.get(term as usize).copied().unwrap_or(NO_SLOT);
        if self.patterns.iter().all(|p| p.terms.len() == 1) {
            // Words only: every slotted term is a whole pattern.
            for &(term, start, end, _) in &a.tokens {
                if slot_at(term) != NO_SLOT {
                    spans.push((start as usize, end as usize));
                }
            }
            return merge(spans);
        }
        // The tokens of slotted terms, in stream order: (slot, start, end,
        // position). As in [`Highlighter::spans_by`], a pattern's later
        // terms are the first such token at their position.
        let wanted: Vec<(u8, usize, usize, usize)> = a
            .tokens
            .iter()
            .filter_map(|&(term, start, end, position)| {
                let slot = slot_at(term);
                (slot != NO_SLOT).then_some((slot, start as usize, end as usize, position as usize))
            })
            .collect();
        for slots in &self.slots {
            let Some(&(rel0, slot0)) = slots.first() else {
                continue;
            };
            for &(_, start, end, position) in wanted.iter().filter(|t| t.0 == slot0) {
                let Some(base) = position.checked_sub(rel0) else {
                    continue;
                };
                let mut span = (start, end);
                let all = slots.iter().skip(1).all(|&(rel, slot)| {
                    let hit = wanted.iter().find(|t| t.3 == base + rel && t.0 == slot);
                    if let Some(t) = hit {
                        span = (span.0.min(t.1), span.1.max(t.2));
                    }
                    hit.is_some()
                });
                if all {
                    spans.push(span);
                }
            }
        }
        merge(spans)
    }

    /// Byte ranges of `text` that the query matched, sorted and merged.
    pub fn spans(&self, text: &str) -> Vec<(usize, usize)> {
        self.spans_by(text, Scan::Near)
    }

    /// Analyses the stretches of `text` that may hold a pattern's term
    /// (`Scan::Near`), or all of it (`Scan::Whole`, what the first is
    /// checked against), calling `each(term, start, end, position)`.
    fn tokens(&self, text: &str, scan: Scan, each: impl FnMut(&str, usize, usize, usize)) {
        match scan {
            Scan::Near => analysis::each_token_near(text, &self.filter, &self.prefilter, each),
            Scan::Whole => analysis::each_token_filtered(text, &self.filter, each),
        }
    }

    fn spans_by(&self, text: &str, scan: Scan) -> Vec<(usize, usize)> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut spans = Vec::new();
        if !self.figure_keys.is_empty() {
            for f in figures::extract(text) {
                if f.label.is_some() || self.far_from_figures(f.value) {
                    // No keys, or none the query's figures have.
                    continue;
                }
                if f.keys().iter().any(|k| self.figure_keys.contains(k)) {
                    spans.push((f.start, f.end));
                }
            }
        }
        let matches = |tok: &str, term: &str, prefix: bool| {
            if prefix {
                tok.starts_with(term)
            } else {
                tok == term
            }
        };
        if self.patterns.is_empty() {
            return merge(spans);
        }
        if self.patterns.iter().all(|p| p.terms.len() == 1) {
            // Words only (a plain query): each token is matched as it comes,
            // nothing is kept, and words that cannot stem to a pattern's
            // term are not stemmed.
            self.tokens(text, scan, |term, start, end, _| {
                if self.patterns.iter().any(|p| {
                    p.terms
                        .first()
                        .is_some_and(|(_, t, pre)| matches(term, t, *pre))
                }) {
                    spans.push((start, end));
                }
            });
            return merge(spans);
        }
        // Only the tokens whose term is some pattern's are kept: no other
        // token can take part in a match.
        let mut tokens: Vec<AnalyzedToken> = Vec::new();
        let each = |term: &str, start, end, position| {
            let wanted = term != analysis::FILTERED_TERM
                && self
                    .patterns
                    .iter()
                    .any(|p| p.terms.iter().any(|(_, t, pre)| matches(term, t, *pre)));
            if wanted {
                tokens.push(AnalyzedToken {
                    term: term.to_string(),
                    start,
                    end,
                    position,
                });
            }
        };
        self.tokens(text, scan, each);
        let mut by_pos: HashMap<usize, Vec<&AnalyzedToken>> = HashMap::new();
        for t in &tokens {
            by_pos.entry(t.position).or_default().push(t);
        }
        for pattern in &self.patterns {
            let Some((rel0, term0, prefix0)) = pattern.terms.first() else {
                continue;
            };
            for tok in tokens.iter().filter(|t| matches(&t.term, term0, *prefix0)) {
                let Some(base) = tok.position.checked_sub(*rel0) else {
                    continue;
                };
                let mut span = (tok.start, tok.end);
                let all = pattern.terms.iter().skip(1).all(|(rel, term, prefix)| {
                    let hit = by_pos
                        .get(&(base + rel))
                        .and_then(|ts| ts.iter().find(|t| matches(&t.term, term, *prefix)));
                    if let Some(t) = hit {
                        span = (span.0.min(t.start), span.1.max(t.end));
                    }
                    hit.is_some()
                });
                if all {
                    spans.push(span);
                }
            }
        }
        merge(spans)
    }
}

/// The slot of no term (see [`Highlighter::slotted`]).
const NO_SLOT: u8 = u8::MAX;

/// FNV-1a: a term's hash, to compare terms by number first.
fn term_hash(term: &str) -> u64 {
    term.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A hasher for keys that are hashes already ([`term_hash`]).
#[derive(Debug, Default, Clone, Copy)]
struct HashedAlready(u64);

impl std::hash::Hasher for HashedAlready {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is expected; anything else is folded in.
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl std::hash::BuildHasher for HashedAlready {
    type Hasher = HashedAlready;

    fn build_hasher(&self) -> HashedAlready {
        HashedAlready(0)
    }
}

/// Every token of a passage text (not only those of one query's terms),
/// kept to highlight the passage again for other queries
/// ([`Highlighter::spans_kept`]).
#[derive(Debug, Default)]
pub struct Analysed {
    /// The distinct terms: [`term_hash`], and byte range in `arena`.
    terms: Vec<(u64, u32, u32)>,
    arena: String,
    /// Every token in stream order: (index in `terms`, start, end,
    /// position).
    tokens: Vec<(u32, u32, u32, u32)>,
    /// The text's figures without a label, found on first use.
    figures: OnceLock<Vec<KeptFigure>>,
}

/// A figure of a kept text: where it is, its value and its keys.
#[derive(Debug)]
struct KeptFigure {
    start: usize,
    end: usize,
    value: f64,
    keys: Vec<String>,
}

impl Analysed {
    /// The analysis of `text`; `None` for a text too long for its offsets
    /// to be kept in 32 bits.
    pub fn of(text: &str) -> Option<Analysed> {
        u32::try_from(text.len()).ok()?;
        let mut a = Analysed::default();
        let mut index: HashMap<u64, u32, HashedAlready> = HashMap::default();
        let mut fits = true;
        analysis::each_token(text, |term, start, end, position| {
            let hash = term_hash(term);
            let at = |a: &Analysed, i: u32| {
                let (_, from, to) = a.terms[i as usize];
                &a.arena[from as usize..to as usize] == term
            };
            let found = match index.get(&hash) {
                Some(&i) if at(&a, i) => Some(i),
                // Another term with the same hash (never seen in practice).
                Some(_) => {
                    (0..a.terms.len() as u32).find(|&i| a.terms[i as usize].0 == hash && at(&a, i))
                }
                None => None,
            };
            let i = match found {
                Some(i) => i,
                None => {
                    let from = a.arena.len();
                    a.arena.push_str(term);
                    let (Ok(i), Ok(from), Ok(to)) = (
                        u32::try_from(a.terms.len()),
                        u32::try_from(from),
                        u32::try_from(a.arena.len()),
                    ) else {
                        fits = false;
                        return;
                    };
                    a.terms.push((hash, from, to));
                    index.entry(hash).or_insert(i);
                    i
                }
            };
            match (
                u32::try_from(start),
                u32::try_from(end),
                u32::try_from(position),
            ) {
                (Ok(start), Ok(end), Ok(position)) => a.tokens.push((i, start, end, position)),
                _ => fits = false,
            }
        });
        a.terms.shrink_to_fit();
        a.arena.shrink_to_fit();
        a.tokens.shrink_to_fit();
        fits.then_some(a)
    }

    /// Bytes this analysis holds, about.
    fn bytes(&self) -> usize {
        std::mem::size_of::<Analysed>()
            + self.terms.capacity() * std::mem::size_of::<(u64, u32, u32)>()
            + self.arena.capacity()
            + self.tokens.capacity() * std::mem::size_of::<(u32, u32, u32, u32)>()
    }

    fn figures(&self, text: &str) -> &[KeptFigure] {
        self.figures.get_or_init(|| {
            figures::extract(text)
                .into_iter()
                .filter(|f| f.label.is_none())
                .map(|f| KeptFigure {
                    keys: f.keys(),
                    start: f.start,
                    end: f.end,
                    value: f.value,
                })
                .collect()
        })
    }
}

/// Most bytes of analyses an [`AnalysisCache`] keeps before it starts
/// afresh.
const KEPT_BYTES: usize = 32 << 20;

/// Most passages an [`AnalysisCache`] knows before it starts afresh.
const KEPT_PASSAGES: usize = 1 << 17;

/// The analyses of passages seen more than once by a searcher, by the
/// searcher's generation and the passage's address: a batch of queries
/// finds the same passages again and again (SciFact's 1,109 queries give
/// 110,802 hits of 9,976 passages), and matching a kept analysis costs a
/// fraction of analysing the text. A passage seen for the first time is
/// only noted, so that a single query pays nothing for it.
#[derive(Debug, Default)]
pub struct AnalysisCache {
    kept: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    /// `None` for a passage seen once.
    passages: HashMap<(u64, DocAddress), Option<Arc<Analysed>>>,
    /// [`Analysed::bytes`] of all of them.
    bytes: usize,
}

impl AnalysisCache {
    /// The analysis of `text`, the passage at `key`: `None` the first time
    /// the passage is asked for, then kept.
    pub fn get(&self, key: (u64, DocAddress), text: &str) -> Option<Arc<Analysed>> {
        {
            let mut kept = self.kept.lock().ok()?;
            match kept.passages.get(&key) {
                Some(Some(a)) => return Some(Arc::clone(a)),
                Some(None) => {}
                None => {
                    if kept.passages.len() >= KEPT_PASSAGES {
                        kept.passages.clear();
                        kept.bytes = 0;
                    }
                    kept.passages.insert(key, None);
                    return None;
                }
            }
        }
        // Analysed outside the lock: other threads go on meanwhile.
        let a = Arc::new(Analysed::of(text)?);
        let mut kept = self.kept.lock().ok()?;
        let bytes = a.bytes();
        if kept.bytes + bytes > KEPT_BYTES {
            kept.passages.clear();
            kept.bytes = 0;
        }
        if let Some(Some(old)) = kept.passages.insert(key, Some(Arc::clone(&a))) {
            kept.bytes = kept.bytes.saturating_sub(old.bytes());
        }
        kept.bytes += bytes;
        Some(a)
    }
}

/// How much of a text [`Highlighter::tokens`] analyses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// Only the stretches that may hold a pattern's term.
    Near,
    /// All of it.
    // What the tests check `Near` against.
    #[cfg_attr(not(test), allow(dead_code))]
    Whole,
}

fn merge(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Cuts `text` to a snippet around the densest group of `spans`.
pub fn make(text: &str, spans: &[(usize, usize)]) -> Snippet {
    if text.len() <= SNIPPET_MAX_BYTES {
        return Snippet {
            text: text.to_string(),
            highlights: spans.to_vec(),
        };
    }
    let (start, end) = window(text, spans);
    cut(text, start, end, spans)
}

/// Up to `n` snippets of `text`, each around a different group of `spans`
/// (the densest first chosen), returned in text order. A short text is one
/// snippet.
pub fn fragments(text: &str, spans: &[(usize, usize)], n: usize) -> Vec<Snippet> {
    if text.len() <= SNIPPET_MAX_BYTES || spans.is_empty() {
        return vec![make(text, spans)];
    }
    let mut left: Vec<(usize, usize)> = spans.to_vec();
    let mut windows: Vec<(usize, usize)> = Vec::new();
    while windows.len() < n && !left.is_empty() {
        let (start, end) = window(text, &left);
        // A later window never reaches into an earlier one.
        let start = windows
            .iter()
            .filter(|w| w.0 <= start && w.1 > start)
            .map(|w| w.1)
            .max()
            .unwrap_or(start);
        let before = left.len();
        left.retain(|&(a, b)| !(a >= start && b <= end));
        if left.len() == before {
            // The window covers no match that is left: stop rather than loop.
            break;
        }
        windows.push((start, end));
    }
    windows.sort_unstable();
    windows
        .into_iter()
        .map(|(start, end)| cut(text, start, end, spans))
        .collect()
}

/// The byte range `[start, end)` of `text` a snippet shows: at most
/// [`SNIPPET_MAX_BYTES`], starting at a word just before the start of the
/// group of `spans` it covers most of.
fn window(text: &str, spans: &[(usize, usize)]) -> (usize, usize) {
    // Pick the window start (just before some span) that covers most spans.
    let mut best_start = 0;
    let mut best_count = 0;
    for &(s, _) in spans {
        let start = s.saturating_sub(LEAD_BYTES);
        let end = start + SNIPPET_MAX_BYTES;
        let count = spans
            .iter()
            .filter(|&&(a, b)| a >= start && b <= end)
            .count();
        if count > best_count {
            best_count = count;
            best_start = start;
        }
    }
    let mut start = floor_boundary(text, best_start);
    if start > 0 {
        // Begin at a word start, without passing the first highlight.
        let first = spans
            .iter()
            .map(|&(a, _)| a)
            .filter(|&a| a >= start)
            .min()
            .unwrap_or(text.len());
        if let Some(ws) = text[start..first].find(char::is_whitespace) {
            start += ws;
        }
        start += text[start..].len() - text[start..].trim_start().len();
    }
    let mut end = floor_boundary(text, (start + SNIPPET_MAX_BYTES).min(text.len()));
    if end < text.len()
        && let Some(ws) = text[start..end].rfind(char::is_whitespace)
        && ws > 0
    {
        end = start + ws;
    }
    (start, end)
}

/// The snippet showing `text[start..end]`, with an ellipsis where text was
/// cut and the `spans` inside it as highlights.
fn cut(text: &str, start: usize, end: usize, spans: &[(usize, usize)]) -> Snippet {
    let prefix = if start > 0 { ELLIPSIS } else { "" };
    let suffix = if end < text.len() { ELLIPSIS } else { "" };
    let body = text[start..end].trim_end();
    let highlights = spans
        .iter()
        .filter(|&&(a, b)| a >= start && b <= start + body.len())
        .map(|&(a, b)| (a - start + prefix.len(), b - start + prefix.len()))
        .collect();
    Snippet {
        text: format!("{prefix}{body}{suffix}"),
        highlights,
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn syntax(query: &str) -> Highlighter {
        let (ast, _) = tantivy::query_grammar::parse_query_lenient(query);
        Highlighter::for_ast(&ast)
    }

    fn highlighted<'a>(text: &'a str, spans: &[(usize, usize)]) -> Vec<&'a str> {
        spans.iter().map(|&(a, b)| &text[a..b]).collect()
    }

    #[test]
    fn phrase_highlights_only_the_phrase() {
        let text = "trade grew. Foreign companies. Foreign trade grew again.";
        let h = syntax("\"foreign trade\"");
        assert_eq!(highlighted(text, &h.spans(text)), vec!["Foreign trade"]);
    }

    #[test]
    fn words_highlight_every_occurrence_and_skip_negations() {
        let text = "Dalian port; the port of Dalian; Shenyang";
        let h = syntax("port -shenyang");
        assert_eq!(highlighted(text, &h.spans(text)), vec!["port", "port"]);
    }

    #[test]
    fn other_fields_are_not_highlighted_in_text() {
        let text = "Shenyang and Dalian";
        let h = syntax("title:shenyang dalian");
        assert_eq!(highlighted(text, &h.spans(text)), vec!["Dalian"]);
    }

    #[test]
    fn fragments_show_matches_far_apart() {
        let text = format!(
            "alpha {} needle {} haystack {}",
            "word ".repeat(100),
            "word ".repeat(100),
            "word ".repeat(100)
        );
        let h = syntax("alpha haystack");
        let frags = fragments(&text, &h.spans(&text), 3);
        assert_eq!(frags.len(), 2);
        assert_eq!(
            highlighted(&frags[0].text, &frags[0].highlights),
            vec!["alpha"]
        );
        assert_eq!(
            highlighted(&frags[1].text, &frags[1].highlights),
            vec!["haystack"]
        );
    }

    /// Pieces of text that the analyzer treats specially, or that the
    /// prefilter must not lose: folded, glued and dotted words, numbers,
    /// `%` and `per cent`, apostrophes, long words, non-ASCII punctuation.
    const PIECES: &[&str] = &[
        "per cent",
        "per  cent.",
        "(per\tcent)",
        "cent",
        "per",
        "Percent",
        "6 %",
        "13.6%",
        "U.S.",
        "e.g.",
        "U.S.A",
        "O'Neill",
        "don't",
        "Liaoning’s",
        "Paraíba",
        "naïve",
        "CapitalShenyang",
        "ITGrowing",
        "CPUs",
        "covid19",
        "p53",
        "140,000",
        "1,173.5",
        "3.5",
        "1.2.3",
        "19,2022",
        "x_y",
        "a:b",
        "ex\u{ad}ample",
        "β-cell",
        "91·6",
        "2·0-15·3",
        "—",
        "±",
        "“quoted”",
        "é",
        "日本",
        "\u{200d}",
        "\u{a0}",
        "\u{2009}%",
    ];

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_string),
            4 => "[a-z]{1,9}(ing|ed|s|ity|ation|ors|ly|)",
            1 => "[A-Z][a-z]{0,8}",
            1 => "[A-Z]{1,5}",
            1 => "[0-9]{1,4}",
            1 => "[a-z]{95,110}",
        ]
    }

    fn text() -> impl Strategy<Value = String> {
        let sep = prop::sample::select(
            &[
                " ", " ", " ", "\n", "\t", "-", "/", ", ", ". ", " (", ") ", " - ", " & ", " ( ",
            ][..],
        );
        prop::collection::vec((piece(), sep), 1..40).prop_map(|v| {
            v.into_iter()
                .map(|(p, s)| format!("{p}{s}"))
                .collect::<String>()
        })
    }

    /// A query made of `text`'s own words: single words, runs of two or
    /// three words (a phrase, or joined by hyphens in plain mode), and
    /// prefixes.
    fn query_of(text: &str, picks: &[(usize, usize, bool)], syntax: bool) -> String {
        let tokens = crate::analysis::analyze(text);
        let mut parts = Vec::new();
        for &(i, len, prefix) in picks {
            let Some(first) = tokens.get(i % tokens.len().max(1)) else {
                continue;
            };
            let last = tokens.get((i % tokens.len()) + len).unwrap_or(first);
            let raw = text
                .get(first.start..last.end.max(first.end))
                .unwrap_or_default();
            let words: Vec<&str> = raw.split_whitespace().collect();
            if syntax && prefix {
                let term = &first.term;
                let cut = term.get(..term.len().div_ceil(2)).unwrap_or(term);
                parts.push(format!("{cut}*"));
            } else if syntax && words.len() > 1 {
                parts.push(format!("\"{}\"", words.join(" ").replace('"', "")));
            } else {
                parts.push(words.join("-"));
            }
        }
        parts.join(" ")
    }

    proptest! {
        // `PROPTEST_CASES=…` runs more.
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3_000),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// The stretches the highlighter analyses give the same highlights
        /// as the whole text, for words, phrases and prefixes, in both
        /// query modes.
        #[test]
        fn highlights_from_the_prefiltered_stretches_are_those_of_the_whole_text(
            text in text(),
            picks in prop::collection::vec((0usize..1000, 0usize..3, any::<bool>()), 1..5),
        ) {
            for syntax_mode in [false, true] {
                let q = query_of(&text, &picks, syntax_mode);
                let h = if syntax_mode { syntax(&q) } else { Highlighter::for_plain(&q) };
                let whole = h.spans_by(&text, Scan::Whole);
                prop_assert_eq!(
                    h.spans_by(&text, Scan::Near),
                    whole.clone(),
                    "query {:?} on {:?}", q, text
                );
                let kept = Analysed::of(&text);
                prop_assert!(kept.is_some());
                prop_assert_eq!(
                    h.spans_kept(&text, kept.as_ref()),
                    whole,
                    "kept: query {:?} on {:?}", q, text
                );
            }
        }
    }

    /// The same on real text: every SciFact query (as plain words and with
    /// its words joined in pairs by hyphens, which makes phrases) against
    /// passages of the corpus.
    #[test]
    fn scifact_highlights_from_the_prefiltered_stretches_are_those_of_the_whole_text() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/scifact");
        let (Ok(corpus), Ok(queries)) = (
            std::fs::read_to_string(data.join("corpus.jsonl")),
            std::fs::read_to_string(data.join("queries.jsonl")),
        ) else {
            eprintln!("skipped: {} is absent", data.display());
            return;
        };
        let field = |line: &str, key: &str| {
            serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get(key)?.as_str().map(str::to_string))
        };
        let texts: Vec<String> = corpus
            .lines()
            .filter_map(|l| field(l, "text"))
            .take(400)
            .collect();
        let mut compared = 0;
        let mut highlighted = 0;
        for (n, q) in queries.lines().filter_map(|l| field(l, "text")).enumerate() {
            let words: Vec<&str> = q.split_whitespace().collect();
            let paired: Vec<String> = words.chunks(2).map(|c| c.join("-")).collect();
            for h in [
                Highlighter::for_plain(&q),
                Highlighter::for_plain(&paired.join(" ")),
            ] {
                // Each query against its own slice of 40 texts, so that all
                // 400 are seen.
                for text in texts.iter().cycle().skip(n * 40 % texts.len()).take(40) {
                    let near = h.spans_by(text, Scan::Near);
                    let whole = h.spans_by(text, Scan::Whole);
                    assert_eq!(near, whole, "query {q:?} on {text:?}");
                    let kept = Analysed::of(text);
                    assert_eq!(
                        h.spans_kept(text, kept.as_ref()),
                        whole,
                        "kept: query {q:?} on {text:?}"
                    );
                    compared += 1;
                    highlighted += near.len();
                }
            }
        }
        assert!(
            compared > 10_000 && highlighted > 10_000,
            "{compared} {highlighted}"
        );
    }

    /// Figures are matched from a kept analysis too, and a prefix
    /// pattern falls back to the text.
    #[test]
    fn kept_analyses_highlight_figures_and_fall_back_for_prefixes() {
        let text = "Output rose 6.5% to RMB 371.53bn; outputs and outlays.";
        let kept = Analysed::of(text);
        let mut h = Highlighter::for_plain("output 6.5%");
        h.add_figures(&crate::figures::extract("371.53 billion yuan"));
        assert!(h.uses_kept());
        assert_eq!(
            h.spans_kept(text, kept.as_ref()),
            h.spans_by(text, Scan::Whole)
        );
        assert_eq!(
            highlighted(text, &h.spans_kept(text, kept.as_ref())),
            vec!["Output", "6.5%", "RMB 371.53bn", "outputs"]
        );
        let prefix = syntax("out*");
        assert!(!prefix.uses_kept());
        assert_eq!(
            highlighted(text, &prefix.spans_kept(text, kept.as_ref())),
            vec!["Output", "outputs", "outlays"]
        );
    }

    /// A passage is only noted the first time, then analysed and kept.
    #[test]
    fn the_cache_keeps_a_passage_from_its_second_sight() {
        let cache = AnalysisCache::default();
        let key = (1, DocAddress::new(0, 7));
        assert!(cache.get(key, "alpha beta").is_none());
        let kept = cache.get(key, "alpha beta").expect("second sight");
        assert_eq!(kept.tokens.len(), 2);
        let again = cache.get(key, "alpha beta").expect("kept");
        assert!(Arc::ptr_eq(&kept, &again));
        assert!(
            cache
                .get((2, DocAddress::new(0, 7)), "alpha beta")
                .is_none()
        );
    }

    #[test]
    fn long_text_is_cut_around_the_match() {
        let text = format!("{} needle {}", "word ".repeat(200), "word ".repeat(200));
        let h = syntax("needle");
        let snip = make(&text, &h.spans(&text));
        assert!(snip.text.len() <= SNIPPET_MAX_BYTES + 2 * ELLIPSIS.len());
        assert!(snip.text.starts_with(ELLIPSIS) && snip.text.ends_with(ELLIPSIS));
        assert_eq!(highlighted(&snip.text, &snip.highlights), vec!["needle"]);
    }
}
