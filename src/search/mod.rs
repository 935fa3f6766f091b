//! Running a query against the index and returning ranked passages.
//!
//! [`Searcher::search`] returns data ([`Hit`]s and warnings) and never
//! prints; the printers in [`crate::output`] decide how hits look.

pub mod snippet;

use std::path::Path;

use std::collections::HashSet;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Query, QueryParser, TermQuery};
use tantivy::query_grammar::{
    self, Delimiter, Occur, UserInputAst, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::IndexRecordOption;
use tantivy::schema::Value;
use tantivy::{IndexReader, ReloadPolicy, TantivyDocument, Term};

use crate::analysis;
use crate::error::{Error, Result};
use crate::figures::{self, Figure};
use crate::index::schema::{self, Fields, QuarryIndex};
use crate::ingest::DocMeta;
use crate::search::snippet::{Highlighter, Snippet};
use crate::text::stopwords;

/// How many hits `search` returns unless told otherwise.
pub const DEFAULT_LIMIT: usize = 10;
/// Weight of a match in the passage text.
pub const TEXT_BOOST: f32 = 1.0;
/// Weight of a match in the document title (shared by all its passages).
///
/// Measured on SciFact (train, nDCG@10): 0.5 is best; 0 loses 0.016,
/// 0.25 and 0.3 lose up to 0.002, 1.0 loses 0.023, 1.5 0.044, 2.0 0.066 —
/// the short title field saturates quickly, so a large weight lets one
/// title word outrank a passage that matches the query.
pub const TITLE_BOOST: f32 = 0.5;
/// Weight of a match in the passage's section heading (like the title; not
/// measured: SciFact has no sections).
pub const SECTION_BOOST: f32 = 0.5;

/// Score added to a passage for stating a figure of a syntax-mode query
/// (the value with its unit; half for the bare value). Larger than any
/// realistic BM25 score, so passages stating the figure come first: a
/// keyword query with a figure in it is a search for that figure.
pub const FIGURE_SCORE: f32 = 50.0;
/// The same in plain mode, where the query is natural language and a figure
/// is one word among many ("1 in 5 million people…"), so stating it weighs
/// about as much as one rare word. The figure is still searched as a phrase.
///
/// On SciFact (train, nDCG@10): 0, 2 and 5 are within 0.001 of each
/// other; [`FIGURE_SCORE`] (50) costs 0.027, because any passage with a `1`
/// or a `5` then outranks the passages about the claim.
pub const PLAIN_FIGURE_SCORE: f32 = 2.0;

/// Fields a query may name with `field:`.
pub const QUERY_FIELDS: &[&str] = &["text", "title", "section", "author", "publisher", "date"];

/// How the query string is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueryMode {
    /// tantivy query syntax: phrases, AND/OR/NOT, +/-, field:, prefix*.
    #[default]
    Syntax,
    /// Plain words: no operator is special.
    Plain,
}

/// Options for one search.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    /// Most hits to return.
    pub limit: usize,
    /// How to read the query.
    pub mode: QueryMode,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: DEFAULT_LIMIT,
            mode: QueryMode::Syntax,
        }
    }
}

/// One ranked passage.
#[derive(Debug, Clone)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    /// BM25 score.
    pub score: f32,
    /// Stable passage id.
    pub passage_id: String,
    /// The document the passage is from.
    pub doc: DocMeta,
    /// Nearest heading.
    pub section: Option<String>,
    /// Ordinal within the document.
    pub ordinal: u64,
    /// 1-based inclusive line range in the source file.
    pub lines: (u64, u64),
    /// Half-open byte range in the source file.
    pub bytes: (u64, u64),
    /// Full passage text.
    pub text: String,
    /// Byte ranges of `text` that the query matched.
    pub matches: Vec<(usize, usize)>,
    /// Snippet with highlights.
    pub snippet: Snippet,
    /// The source line of the first highlight (for `path:line` output).
    pub match_line: u64,
}

/// A ranked passage reduced to its score and ids ([`Searcher::rank`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Relevance score.
    pub score: f32,
    /// The id of the passage's document.
    pub doc_id: String,
    /// The passage's stable id.
    pub passage_id: String,
}

/// Hits plus anything the user should be told about the query.
#[derive(Debug, Clone, Default)]
pub struct SearchOutcome {
    /// Ranked hits, best first.
    pub hits: Vec<Hit>,
    /// Problems found in the query (it was still searched, leniently).
    pub warnings: Vec<String>,
}

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
        let f = qi.fields;
        let mut parser = QueryParser::for_index(&qi.index, vec![f.text, f.title, f.section]);
        parser.set_field_boost(f.text, TEXT_BOOST);
        parser.set_field_boost(f.title, TITLE_BOOST);
        parser.set_field_boost(f.section, SECTION_BOOST);
        parser.allow_regexes();
        Ok(Searcher { qi, reader, parser })
    }

    /// Number of passages in the index.
    pub fn num_passages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs `query` and returns up to `opts.limit` hits.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchOutcome> {
        let (parsed, highlighter, warnings) = self.prepare(query, opts.mode)?;
        let hits = self.collect(parsed.as_ref(), &highlighter, opts.limit)?;
        Ok(SearchOutcome { hits, warnings })
    }

    /// Counts the passages `query` matches, with the query's warnings.
    pub fn count(&self, query: &str, mode: QueryMode) -> Result<(usize, Vec<String>)> {
        let (parsed, _, warnings) = self.prepare(query, mode)?;
        let n = self.reader.searcher().search(parsed.as_ref(), &Count)?;
        Ok((n, warnings))
    }

    /// Parses `query` into a tantivy query and the matching highlighter.
    fn prepare(
        &self,
        query: &str,
        mode: QueryMode,
    ) -> Result<(Box<dyn Query>, Highlighter, Vec<String>)> {
        let mut warnings = Vec::new();
        if query.trim().is_empty() {
            return Err(Error::Usage("the query is empty".into()));
        }
        // Figures in the query ("13.6%", "RMB 371.53bn") are searched as
        // phrases in the text and, through their canonical keys, as figures
        // stated in any spelling; passages stating them rank first.
        let mut figures: Vec<Figure> = figures::extract(query)
            .into_iter()
            .filter(|f| f.label.is_none())
            .collect();
        let (parsed, mut highlighter, required, figure_score) = match mode {
            QueryMode::Syntax => {
                let (q, quoted) = quote_figures(query, figures, None);
                figures = quoted;
                let q = protect_apostrophes(&q);
                let (ast, _) = query_grammar::parse_query_lenient(&q);
                (
                    self.parse_lenient(&q, &mut warnings),
                    Highlighter::for_syntax(&q),
                    has_required_clause(&ast),
                    FIGURE_SCORE,
                )
            }
            QueryMode::Plain => {
                // Function words are left out unless the query has nothing
                // else ("to be or not to be").
                let has_content = split_compounds(query)
                    .split_whitespace()
                    .any(|w| !stopwords::is_stop_word(w));
                let words: fn(&str) -> String = if has_content {
                    plain_content_words
                } else {
                    plain_words
                };
                let (q, quoted) = quote_figures(query, figures, Some(words));
                figures = quoted;
                let (parsed, _) = self.parser.parse_query_lenient(&q);
                (
                    parsed,
                    Highlighter::for_plain(&q),
                    false,
                    PLAIN_FIGURE_SCORE,
                )
            }
        };
        let parsed = if figures.is_empty() {
            parsed
        } else {
            highlighter.add_figures(&figures);
            self.with_figures(parsed, required, &figures, figure_score)
        };
        Ok((parsed, highlighter, warnings))
    }

    /// Adds a clause per query figure that matches passages stating it (by
    /// canonical key) with the constant score `figure_score`.
    fn with_figures(
        &self,
        text: Box<dyn Query>,
        required: bool,
        figures: &[Figure],
        figure_score: f32,
    ) -> Box<dyn Query> {
        let text_occur = if required { Occur::Must } else { Occur::Should };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(text_occur, text)];
        for figure in figures {
            let keys = figure.keys();
            for (i, key) in keys.iter().enumerate() {
                // The first key is the most specific (value with unit).
                let score = if i == 0 {
                    figure_score
                } else {
                    figure_score / 2.0
                };
                let term = Term::from_field_text(self.qi.fields.figure, key);
                let query = TermQuery::new(term, IndexRecordOption::Basic);
                clauses.push((
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(Box::new(query), score)),
                ));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn parse_lenient(&self, query: &str, warnings: &mut Vec<String>) -> Box<dyn Query> {
        let (ast, errors) = query_grammar::parse_query_lenient(query);
        for e in errors {
            warnings.push(format!(
                "query: {} at character {}; searched leniently",
                e.message, e.pos
            ));
        }
        let ast = self.rewrite(ast, warnings);

        let (parsed, errors) = self.parser.build_query_from_user_input_ast_lenient(ast);
        for e in errors {
            // Regex errors span several lines (pattern, caret, reason); a
            // warning is printed as one line.
            let e = e
                .to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            warnings.push(format!("query: {e}; that part was left out"));
        }
        parsed
    }

    /// Adapts the parsed query to quarry: an unknown `field:` is read as an
    /// ordinary word followed by a colon, and a single-word prefix (`invest*`),
    /// which tantivy's parser only supports inside phrases, becomes a prefix
    /// match on every default field.
    fn rewrite(&self, ast: UserInputAst, warnings: &mut Vec<String>) -> UserInputAst {
        match ast {
            UserInputAst::Clause(clauses) => UserInputAst::Clause(
                clauses
                    .into_iter()
                    .map(|(occur, sub)| (occur, self.rewrite(sub, warnings)))
                    .collect(),
            ),
            UserInputAst::Boost(inner, boost) => {
                UserInputAst::Boost(Box::new(self.rewrite(*inner, warnings)), boost)
            }
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(mut lit) => {
                    if let Some(name) = lit.field_name.take() {
                        if QUERY_FIELDS.contains(&name.as_str()) {
                            lit.field_name = Some(name);
                        } else {
                            warnings.push(format!(
                                "query: unknown field '{name}' (fields: {}); searched '{name}' as a word",
                                QUERY_FIELDS.join(", ")
                            ));
                            // `name:rest` becomes two clauses, `name` and `rest`,
                            // each searched like any other word.
                            let word = UserInputLiteral {
                                field_name: None,
                                phrase: name,
                                delimiter: Delimiter::None,
                                slop: 0,
                                prefix: false,
                            };
                            let word = UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(word)));
                            let rest = UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(lit)));
                            return UserInputAst::Clause(vec![
                                (Some(Occur::Should), word),
                                (Some(Occur::Should), self.rewrite(rest, warnings)),
                            ]);
                        }
                    }
                    // The grammar keeps a trailing `*` inside an unquoted word.
                    if lit.delimiter == Delimiter::None
                        && lit.phrase.len() > 1
                        && let Some(stem) = lit.phrase.strip_suffix('*')
                    {
                        lit.phrase = stem.trim_end_matches('*').to_string();
                        lit.prefix = true;
                    }
                    if lit.prefix
                        && let [term] = analysis::analyze(&lit.phrase).as_slice()
                    {
                        return self.prefix_ast(lit.field_name.as_deref(), &term.term);
                    }
                    UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(lit)))
                }
                other => UserInputAst::Leaf(Box::new(other)),
            },
        }
    }

    fn prefix_ast(&self, field: Option<&str>, term: &str) -> UserInputAst {
        let pattern: String = term
            .chars()
            .flat_map(|c| {
                let escape = !c.is_alphanumeric();
                escape.then_some('\\').into_iter().chain(std::iter::once(c))
            })
            .chain(".*".chars())
            .collect();
        let leaf = |name: &str| {
            UserInputAst::Leaf(Box::new(UserInputLeaf::Regex {
                field: Some(name.to_string()),
                pattern: pattern.clone(),
            }))
        };
        match field {
            Some(name) => leaf(name),
            None => UserInputAst::Clause(
                [
                    ("text", TEXT_BOOST),
                    ("title", TITLE_BOOST),
                    ("section", SECTION_BOOST),
                ]
                .into_iter()
                .map(|(name, boost)| {
                    let boosted =
                        UserInputAst::Boost(Box::new(leaf(name)), f64::from(boost).into());
                    (Some(Occur::Should), boosted)
                })
                .collect(),
            ),
        }
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
        let (parsed, _, _) = self.prepare(query, mode)?;
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

fn to_hit(doc: &TantivyDocument, f: &Fields, rank: usize, score: f32, h: &Highlighter) -> Hit {
    let text_of = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let u64_of = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
    let text = text_of(f.text).unwrap_or_default();
    let spans = h.spans(&text);
    let lines = (u64_of(f.line_start), u64_of(f.line_end));
    let match_line = match spans.first() {
        // Table rows keep their line breaks, so a match's line can be counted.
        Some(&(start, _)) if text.contains('\n') => {
            (lines.0 + text[..start].matches('\n').count() as u64).min(lines.1)
        }
        _ => lines.0,
    };
    Hit {
        rank,
        score,
        passage_id: text_of(f.passage_id).unwrap_or_default(),
        doc: DocMeta {
            id: text_of(f.doc_id).unwrap_or_default(),
            path: text_of(f.path).unwrap_or_default(),
            title: text_of(f.title).unwrap_or_default(),
            author: text_of(f.author),
            publisher: text_of(f.publisher),
            date: text_of(f.date),
            url: text_of(f.url),
        },
        section: text_of(f.section),
        ordinal: u64_of(f.ordinal),
        lines,
        bytes: (u64_of(f.byte_start), u64_of(f.byte_end)),
        snippet: snippet::make(&text, &spans),
        matches: spans,
        text,
        match_line,
    }
}

/// Rewrites each figure of `query` (outside quotes and fields) as a quoted
/// phrase, so that its words must stand together: `24.3 billion` does not
/// match `24.3 million`. With `escape`, the text between figures is passed
/// through it (plain mode).
fn quote_figures(
    query: &str,
    figures: Vec<Figure>,
    escape: Option<fn(&str) -> String>,
) -> (String, Vec<Figure>) {
    let mut quoted = Vec::with_capacity(figures.len());
    let mut out = String::with_capacity(query.len() + 8);
    let mut at = 0;
    let pass = |text: &str| escape.map_or_else(|| text.to_string(), |f| f(text));
    for f in figures {
        if f.start < at || f.end > query.len() {
            continue;
        }
        let before = &query[..f.start];
        let inside_quotes = escape.is_none() && before.matches('"').count() % 2 == 1;
        let after_field = escape.is_none() && before.ends_with(':');
        if inside_quotes || after_field {
            continue;
        }
        out.push_str(&pass(&query[at..f.start]));
        if escape.is_some() {
            out.push(' ');
        }
        out.push('"');
        out.extend(
            query[f.start..f.end]
                .chars()
                .filter(|c| !matches!(c, '"' | '\\')),
        );
        out.push('"');
        if escape.is_some() {
            out.push(' ');
        }
        at = f.end;
        quoted.push(f);
    }
    out.push_str(&pass(&query[at..]));
    (out, quoted)
}

/// True when the top level of a parsed query requires or excludes something
/// (`+word`, `-word`, `AND`), so figure clauses must not widen it.
fn has_required_clause(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Clause(clauses) => clauses
            .iter()
            .any(|(occur, _)| matches!(occur, Some(Occur::Must) | Some(Occur::MustNot))),
        UserInputAst::Boost(inner, _) => has_required_clause(inner),
        UserInputAst::Leaf(_) => false,
    }
}

/// Replaces a straight apostrophe between letters (`Liaoning's`) with a
/// typographic one, which the query grammar does not read as a quote and the
/// analyzer treats the same way.
pub fn protect_apostrophes(query: &str) -> String {
    let chars: Vec<char> = query.chars().collect();
    let mut out = String::with_capacity(query.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_letters = c == '\''
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        out.push(if between_letters { '\u{2019}' } else { c });
    }
    out
}

/// Splits words joined by `-` or `/` (`T-cell`, `MyD88/CD40`) into their
/// parts, so that plain mode scores each part as a word of its own, as most
/// BM25 tokenizers do, instead of requiring the parts as a phrase (SciFact
/// train, nDCG@10: +0.004).
fn split_compounds(text: &str) -> String {
    text.replace(['-', '/'], " ")
}

/// A plain query's words, escaped, with compounds split.
fn plain_words(text: &str) -> String {
    escape_plain(&split_compounds(text))
}

/// A plain query's words without function words ([`stopwords`]), escaped,
/// with compounds split. Leaving function words out of natural-language
/// queries is worth +0.005 nDCG@10 on SciFact (train).
fn plain_content_words(text: &str) -> String {
    let text = split_compounds(text);
    let kept: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !stopwords::is_stop_word(w))
        .collect();
    escape_plain(&kept.join(" "))
}

/// Escapes every character the query grammar treats specially, so the text
/// is searched as plain words.
pub fn escape_plain(query: &str) -> String {
    const SPECIAL: &[char] = &[
        '+', '-', '^', '`', ':', '{', '}', '"', '\'', '[', ']', '(', ')', '!', '\\', '*', '~', '<',
        '>', '=', '/',
    ];
    let mut out = String::with_capacity(query.len() + 8);
    for word in query.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        // Operators are only operators in upper case.
        if matches!(word, "AND" | "OR" | "NOT" | "IN") {
            out.push_str(&word.to_lowercase());
            continue;
        }
        for c in word.chars() {
            if SPECIAL.contains(&c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophes_between_letters_are_protected() {
        assert_eq!(
            protect_apostrophes("Liaoning's trade"),
            "Liaoning\u{2019}s trade"
        );
        assert_eq!(protect_apostrophes("'quoted'"), "'quoted'");
    }

    #[test]
    fn plain_escaping() {
        assert_eq!(
            escape_plain("a-b: \"c\" AND d*"),
            "a\\-b\\: \\\"c\\\" and d\\*"
        );
    }
}
