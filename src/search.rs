//! Running a query against the index and returning ranked passages.
//!
//! [`Searcher::search`] returns data ([`Hit`]s and warnings) and never
//! prints; the printers in [`crate::output`] decide how hits look.

use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::query::{Query, QueryParser};
use tantivy::query_grammar::{self, Delimiter, Occur, UserInputAst, UserInputLeaf};
use tantivy::schema::Value;
use tantivy::{IndexReader, ReloadPolicy, TantivyDocument};

use crate::analysis;
use crate::corpus::DocMeta;
use crate::error::{Error, Result};
use crate::schema::{self, Fields, QuarryIndex};
use crate::snippet::{self, Highlighter, Snippet};

/// How many hits `search` returns unless told otherwise.
pub const DEFAULT_LIMIT: usize = 10;
/// Weight of a match in the passage text.
pub const TEXT_BOOST: f32 = 1.0;
/// Weight of a match in the document title (shared by all its passages).
pub const TITLE_BOOST: f32 = 0.5;
/// Weight of a match in the passage's section heading.
pub const SECTION_BOOST: f32 = 0.5;

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
        let mut warnings = Vec::new();
        if query.trim().is_empty() {
            return Err(Error::Usage("the query is empty".into()));
        }
        let (parsed, highlighter) = match opts.mode {
            QueryMode::Syntax => {
                let q = protect_apostrophes(query);
                (
                    self.parse_lenient(&q, &mut warnings),
                    Highlighter::for_syntax(&q),
                )
            }
            QueryMode::Plain => {
                let q = escape_plain(query);
                let (parsed, _) = self.parser.parse_query_lenient(&q);
                (parsed, Highlighter::for_plain(query))
            }
        };
        let hits = self.collect(parsed.as_ref(), &highlighter, opts.limit)?;
        Ok(SearchOutcome { hits, warnings })
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
                            lit.phrase = format!("{name} {}", lit.phrase);
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
