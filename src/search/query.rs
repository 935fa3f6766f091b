//! From the user's query string to a tantivy query and a highlighter.
//!
//! A syntax query is parsed once (tantivy's grammar, leniently); the tree
//! is adapted to quarry — unknown `field:` names read as words, single-word
//! prefixes, figures quoted as phrases and matched by their canonical keys —
//! and the same tree tells the highlighter what to mark. A plain query has
//! its function words dropped and every special character escaped.

use tantivy::Term;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Query, QueryParser, TermQuery};
use tantivy::query_grammar::{
    self, Delimiter, Occur, UserInputAst, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::bm25f::{Bm25fQuery, FieldWeight};
use super::options::{FIELD_BOOSTS, FIGURE_SCORE, QUERY_FIELDS, QueryMode, Ranking, StopWords};
use super::snippet::Highlighter;
use crate::analysis;
use crate::error::{Error, Result, Warning};
use crate::figures::{self, Figure};
use crate::text::stopwords;

/// Deepest nesting of parentheses and prefix operators (`NOT`, `-`, `+`)
/// a syntax query may have. tantivy's query grammar and the query tree
/// are recursive, so deeper queries are refused before they are parsed.
pub const MAX_QUERY_DEPTH: usize = 64;

/// How deep `query` nests, as the query grammar would read it: open
/// parentheses plus the run of prefix operators before each word (inside
/// quotes too, as an unbalanced quote is dropped by the lenient grammar). Linear in the query's length; never less than the depth the
/// parser's recursion reaches.
pub fn nesting_depth(query: &str) -> usize {
    /// What one word adds: (leading signs, whether it is `NOT`, whether
    /// anything follows the signs).
    fn word_ops(word: &str) -> (usize, bool, bool) {
        let bare = word.trim_start_matches(['-', '+', '!']);
        let not = bare.trim_matches('"') == "NOT";
        (word.len() - bare.len(), not, !bare.is_empty())
    }
    let mut deepest = 0;
    // Depth added by each open parenthesis (itself and the operators
    // before it), so `)` gives back exactly what its `(` took.
    let mut opened: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut prefixes = 0usize;
    let mut escaped = false;
    let mut word_start: Option<usize> = None;
    let end_word = |start: &mut Option<usize>, end: usize, prefixes: &mut usize, depth: usize| {
        let Some(from) = start.take() else { return 0 };
        let (signs, not, rest) = word_ops(query.get(from..end).unwrap_or_default());
        *prefixes += signs + usize::from(not);
        let reached = depth + *prefixes;
        if rest && !not {
            *prefixes = 0;
        }
        reached
    };
    for (i, c) in query.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' {
            escaped = true;
            word_start.get_or_insert(i);
            continue;
        }
        // Quote marks are not trusted to hide what they enclose: the
        // lenient grammar drops an unbalanced one and reads on, so
        // parentheses and operators count wherever they are.
        match c {
            '(' => {
                deepest = deepest.max(end_word(&mut word_start, i, &mut prefixes, depth));
                let added = prefixes + 1;
                opened.push(added);
                depth += added;
                prefixes = 0;
            }
            ')' => {
                deepest = deepest.max(end_word(&mut word_start, i, &mut prefixes, depth));
                depth -= opened.pop().unwrap_or(0);
                prefixes = 0;
            }
            c if c.is_whitespace() => {
                deepest = deepest.max(end_word(&mut word_start, i, &mut prefixes, depth));
            }
            _ => {
                word_start.get_or_insert(i);
            }
        }
        deepest = deepest.max(depth + prefixes);
    }
    deepest = deepest.max(end_word(&mut word_start, query.len(), &mut prefixes, depth));
    deepest.max(depth + prefixes)
}

/// Most figures of one query searched as figures.
pub const MAX_QUERY_FIGURES: usize = 64;

/// A query read and ready to run.
pub(super) struct Prepared {
    /// The tantivy query.
    pub(super) query: Box<dyn Query>,
    /// What to highlight in the hits.
    pub(super) highlighter: Highlighter,
    /// Problems found in the query (it is still searched, leniently).
    pub(super) warnings: Vec<Warning>,
    /// A plain query's weighted terms (empty for a syntax query).
    pub(super) terms: Vec<(String, f32)>,
}

/// Reads queries against one index's parser and figure field.
pub(super) struct QueryReader<'a> {
    pub(super) parser: &'a QueryParser,
    pub(super) figure_field: Field,
    /// The text, title and section fields, which plain mode ranks with BM25F.
    pub(super) text_fields: [Field; 3],
    /// Plain-mode ranking parameters.
    pub(super) ranking: Ranking,
    /// Whether a plain query's highlighter is built (a ranking that shows
    /// no text needs none: its [`Prepared::highlighter`] is then empty).
    pub(super) highlight: bool,
}

impl QueryReader<'_> {
    /// Reads `query` into a tantivy query, the matching highlighter and
    /// the warnings about it. A syntax query is parsed once; the same tree
    /// drives the tantivy query and the highlighter.
    pub(super) fn prepare(&self, query: &str, mode: QueryMode) -> Result<Prepared> {
        self.prepare_with(query, mode, None)
    }

    /// Like [`QueryReader::prepare`]; a plain query is searched for `terms`
    /// (analysed, weighted) instead of its own words when given.
    pub(super) fn prepare_with(
        &self,
        query: &str,
        mode: QueryMode,
        terms: Option<Vec<(String, f32)>>,
    ) -> Result<Prepared> {
        let mut warnings = Vec::new();
        if query.trim().is_empty() {
            return Err(Error::Usage("the query is empty".into()));
        }
        if mode == QueryMode::Syntax && nesting_depth(query) > MAX_QUERY_DEPTH {
            return Err(Error::QueryTooDeep(MAX_QUERY_DEPTH));
        }
        // Figures in the query ("13.6%", "RMB 371.53bn") are searched as
        // phrases in the text and, through their canonical keys, as figures
        // stated in any spelling; passages stating them rank first.
        // Only the first [`MAX_QUERY_FIGURES`] are searched as figures; the
        // rest are ordinary words (a query of a million figures would
        // otherwise become millions of clauses).
        let mut plain_terms = Vec::new();
        let mut figures: Vec<Figure> = figures::extract(query)
            .into_iter()
            .filter(|f| f.label.is_none())
            .take(MAX_QUERY_FIGURES)
            .collect();
        // A query that uses no syntax at all — only words — is a bag of
        // words in either mode (its words are OR-ed): it is ranked by
        // quarry's BM25F, as plain mode is. Queries with figures keep the
        // syntax path, which searches a figure's words as a phrase.
        let bag_of_words = mode == QueryMode::Syntax
            && terms.is_none()
            && figures.is_empty()
            && is_bag_of_words(query);
        let (parsed, mut highlighter, required, figure_score) = match mode {
            QueryMode::Syntax if !bag_of_words => {
                let (q, quoted) = quote_figures(query, figures, None);
                figures = quoted;
                let q = drop_dangling_colons(&protect_apostrophes(&q));
                let (ast, errors) = query_grammar::parse_query_lenient(&q);
                for e in errors {
                    warnings.push(Warning::new(format!(
                        "query: {} at character {}; searched leniently",
                        e.message, e.pos
                    )));
                }
                let highlighter = Highlighter::for_ast(&ast);
                let required = has_required_clause(&ast);
                (
                    self.build(ast, &mut warnings),
                    highlighter,
                    required,
                    FIGURE_SCORE,
                )
            }
            QueryMode::Syntax | QueryMode::Plain => {
                let kept = self.plain_kept_words(query);
                let words: fn(&str) -> String = if kept.content {
                    plain_content_words
                } else {
                    plain_words
                };
                let (q, quoted) = if self.highlight {
                    quote_figures(query, figures, Some(words))
                } else {
                    (String::new(), quotable_figures(query, figures))
                };
                figures = quoted;
                let terms = terms.unwrap_or_else(|| weighted_terms(&kept.text, &self.ranking));
                plain_terms = terms.clone();
                let mut bag = Bm25fQuery::new(self.ranking.k1, self.bm25f_fields(), terms)
                    .with_doc_freq(self.ranking.doc_freq);
                if let Some(b) = self.ranking.joint_b {
                    bag = bag.with_joint_length(b);
                }
                (
                    Box::new(bag) as Box<dyn Query>,
                    if self.highlight {
                        Highlighter::for_plain(&q)
                    } else {
                        Highlighter::default()
                    },
                    false,
                    if bag_of_words {
                        FIGURE_SCORE
                    } else {
                        self.ranking.figure_score
                    },
                )
            }
        };
        let parsed = if figures.is_empty() {
            parsed
        } else {
            if self.highlight || mode == QueryMode::Syntax {
                highlighter.add_figures(&figures);
            }
            self.with_figures(parsed, required, &figures, figure_score)
        };
        // The same problem found once per field is said once.
        let mut said = std::collections::HashSet::new();
        warnings.retain(|w| said.insert(w.message.clone()));
        Ok(Prepared {
            query: parsed,
            highlighter,
            warnings,
            terms: plain_terms,
        })
    }

    /// The fields plain mode searches, with their BM25F weights.
    fn bm25f_fields(&self) -> Vec<FieldWeight> {
        let r = &self.ranking;
        let [text, title, section] = self.text_fields;
        vec![
            FieldWeight {
                field: text,
                weight: 1.0,
                b: r.text_b,
            },
            FieldWeight {
                field: title,
                weight: r.title_weight,
                b: r.title_b,
            },
            FieldWeight {
                field: section,
                weight: r.section_weight,
                b: r.section_b,
            },
        ]
        .into_iter()
        .filter(|f| f.weight > 0.0)
        .collect()
    }

    /// The words of a plain query that are searched: compounds split, and
    /// function words left out (see [`StopWords`]) unless nothing else is left.
    fn plain_kept_words(&self, query: &str) -> Kept {
        let words = split_compounds(query);
        let in_capitals = !query.chars().any(char::is_lowercase);
        let stop = |w: &str| match self.ranking.stop_words {
            StopWords::None => false,
            StopWords::KeepCapitals => stopwords::is_stop_word(w),
            StopWords::CaseOfQuery if in_capitals => stopwords::is_stop_word(&w.to_lowercase()),
            StopWords::CaseOfQuery => stopwords::is_stop_word(w),
        };
        let content = words.split_whitespace().any(|w| !stop(w));
        let text = words
            .split_whitespace()
            .filter(|w| !content || !stop(w))
            .collect::<Vec<_>>()
            .join(" ");
        Kept { text, content }
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
        // Per figure key, a clause with a constant score; the first key is
        // the most specific (value with unit).
        let mut constants = Vec::new();
        for figure in figures {
            for (i, key) in figure.keys().iter().enumerate() {
                let score = if i == 0 {
                    figure_score
                } else {
                    figure_score / 2.0
                };
                constants.push((Term::from_field_text(self.figure_field, key), score));
            }
        }
        // A bag of words with optional figures: the bag's own scorer adds
        // the figures' scores, as the boolean query would.
        if !required && let Some(bag) = text.downcast_ref::<Bm25fQuery>() {
            return Box::new(bag.clone().with_constant_terms(constants));
        }
        let text_occur = if required { Occur::Must } else { Occur::Should };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(text_occur, text)];
        for (term, score) in constants {
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            clauses.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(Box::new(query), score)),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Builds the tantivy query for a parsed syntax query.
    fn build(&self, ast: UserInputAst, warnings: &mut Vec<Warning>) -> Box<dyn Query> {
        let ast = self.rewrite(restrict_fields(ast), warnings);

        let (parsed, errors) = self.parser.build_query_from_user_input_ast_lenient(ast);
        for e in errors {
            // A query that only excludes (`-trade`) is run as "everything
            // but": nothing was left out, so there is nothing to warn about.
            if matches!(&e, tantivy::query::QueryParserError::AllButQueryForbidden) {
                continue;
            }
            // Regex errors span several lines (pattern, caret, reason); a
            // warning is printed as one line.
            let e = e
                .to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            warnings.push(Warning::new(format!("query: {e}; that part was left out")));
        }
        parsed
    }

    /// Adapts the parsed query to quarry: an unknown `field:` is read as an
    /// ordinary word followed by a colon, and a single-word prefix (`invest*`),
    /// which tantivy's parser only supports inside phrases, becomes a prefix
    /// match on every default field.
    fn rewrite(&self, ast: UserInputAst, warnings: &mut Vec<Warning>) -> UserInputAst {
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
                            let shown = name.split_whitespace().collect::<Vec<_>>().join(" ");
                            warnings.push(Warning::new(format!(
                                "query: unknown field '{shown}' (fields: {}); searched '{shown}' as a word",
                                QUERY_FIELDS.join(", ")
                            )));
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
                // `field:*` asks for passages that have the field at all.
                // tantivy answers that only for fast fields, and fails at
                // search time (not parse time) for any other: a known field
                // becomes "any term in it", an unknown one a word.
                UserInputLeaf::Exists { field } => {
                    if QUERY_FIELDS.contains(&field.as_str()) {
                        UserInputAst::Leaf(Box::new(UserInputLeaf::Regex {
                            field: Some(field),
                            pattern: ".+".to_string(),
                        }))
                    } else {
                        let shown: String = field.split_whitespace().collect::<Vec<_>>().join(" ");
                        warnings.push(Warning::new(format!(
                            "query: unknown field '{shown}' (fields: {}); searched '{shown}' as a word",
                            QUERY_FIELDS.join(", ")
                        )));
                        UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(UserInputLiteral {
                            field_name: None,
                            phrase: field,
                            delimiter: Delimiter::None,
                            slop: 0,
                            prefix: false,
                        })))
                    }
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
                FIELD_BOOSTS
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
}

/// A plain query's searched words.
struct Kept {
    /// The words, space-separated.
    text: String,
    /// Whether any word is not a function word.
    content: bool,
}

/// Whether a syntax-mode query is only words: letters, digits, spaces and
/// in-word punctuation (`.`, `,`, apostrophes), and none of the operator
/// words `AND`, `OR`, `NOT`, `IN`, `TO`. Anything else — quotes, `+`, `-`,
/// `:`, brackets, `^`, `*`, `~` — is query syntax.
fn is_bag_of_words(query: &str) -> bool {
    query
        .chars()
        .all(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, '.' | ',' | '\'' | '’'))
        && !query
            .split_whitespace()
            .any(|w| matches!(w, "AND" | "OR" | "NOT" | "IN" | "TO" | "&&" | "||"))
}

/// The analysed terms of `text`, each once, in order of first occurrence,
/// weighted `n ^ repeat_power` for a term occurring `n` times, where an
/// occurrence of a part of a glued word (`d` and `lns` of `dLNs`, which the
/// analyzer emits besides the whole `dlns`) counts `part_weight` and a
/// one-character term `short_weight` ([`Ranking`]).
///
/// With [`Ranking::repeat_k`], a query of fewer than
/// [`Ranking::repeat_long`] distinct terms (or any query, when that is 0)
/// weighs a term's occurrences after the first `k · e / (k + e)` together
/// (`e` their count): saturated, at most `k`, so in a short query a stem
/// repeated by its variants ("investors invested") counts little more
/// than once.
pub(super) fn weighted_terms(text: &str, ranking: &Ranking) -> Vec<(String, f32)> {
    let (part_weight, short_weight) = (ranking.part_weight, ranking.short_weight);
    let mut counts: Vec<(String, f32)> = Vec::new();
    // The byte span of the last word that was not a part of another.
    let mut whole = (0, 0);
    for t in analysis::analyze(text) {
        let part = t.start >= whole.0 && t.end <= whole.1 && (t.start, t.end) != whole;
        if !part {
            whole = (t.start, t.end);
        }
        let mut n = if part { part_weight } else { 1.0 };
        if t.term.chars().nth(1).is_none() {
            n *= short_weight;
        }
        if n <= 0.0 {
            continue;
        }
        match counts.iter_mut().find(|(term, _)| *term == t.term) {
            Some((_, c)) => *c += n,
            None => counts.push((t.term, n)),
        }
    }
    let saturate = ranking.repeat_k.filter(|_| {
        let whole = counts.iter().filter(|(_, n)| *n >= 1.0).count();
        ranking.repeat_long == 0 || whole < ranking.repeat_long
    });
    counts
        .into_iter()
        .map(|(term, n)| match saturate {
            Some(k) if n > 1.0 => {
                let extra = n - 1.0;
                let k = k.max(0.0);
                (term, 1.0 + k * extra / (k + extra).max(f32::MIN_POSITIVE))
            }
            _ => (term, n.powf(ranking.repeat_power)),
        })
        .collect()
}

/// The figures [`quote_figures`] quotes in a plain query (with an
/// `escape`): those in order that do not overlap the one before.
fn quotable_figures(query: &str, figures: Vec<Figure>) -> Vec<Figure> {
    let mut at = 0;
    let mut quoted = Vec::with_capacity(figures.len());
    for f in figures {
        if f.start < at || f.end > query.len() || !query.is_char_boundary(f.start) {
            continue;
        }
        at = f.end;
        quoted.push(f);
    }
    quoted
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
    // Quote marks before the figure, counted once over the query (the
    // figures come in order), so the whole rewrite stays linear.
    let mut quotes = 0usize;
    let mut counted = 0usize;
    for f in figures {
        if f.start < at || f.end > query.len() || !query.is_char_boundary(f.start) {
            continue;
        }
        let before = &query[..f.start];
        if f.start >= counted {
            quotes += query[counted..f.start]
                .bytes()
                .filter(|&b| b == b'"')
                .count();
            counted = f.start;
        }
        let inside_quotes = escape.is_none() && quotes % 2 == 1;
        let after_field = escape.is_none() && before.ends_with(':');
        // `trade^2`, `"a b"~2`: a boost or a slop, not a figure.
        let operand = escape.is_none() && before.ends_with(['^', '~']);
        if inside_quotes || after_field || operand {
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

/// Makes each field clause of a top-level list of words a restriction:
/// `title:"new industry" robots` finds passages with `robots` in documents
/// titled "new industry", not passages with either; with several other
/// words, a passage needs at least one of them. Clauses joined by an
/// explicit `OR` (or marked `+`/`-`) keep their meaning.
fn restrict_fields(ast: UserInputAst) -> UserInputAst {
    let UserInputAst::Clause(clauses) = ast else {
        return ast;
    };
    let fielded = |sub: &UserInputAst| match sub {
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Literal(lit) => lit
                .field_name
                .as_deref()
                .is_some_and(|f| QUERY_FIELDS.contains(&f)),
            UserInputLeaf::Range { field, .. } | UserInputLeaf::Set { field, .. } => {
                field.is_some()
            }
            _ => false,
        },
        _ => false,
    };
    if !clauses.iter().any(|(o, sub)| o.is_none() && fielded(sub)) {
        return UserInputAst::Clause(clauses);
    }
    let others_required = clauses
        .iter()
        .any(|(o, sub)| *o == Some(Occur::Must) && !fielded(sub));
    let mut out = Vec::with_capacity(clauses.len());
    let mut words = Vec::new();
    for (occur, sub) in clauses {
        match occur {
            None if fielded(&sub) => out.push((Some(Occur::Must), sub)),
            // The other words: at least one of them must match, within what
            // the fields allow (unless `+word` already requires something).
            None if !others_required => words.push((None, sub)),
            _ => out.push((occur, sub)),
        }
    }
    match words.len() {
        0 => {}
        1 => out.extend(words.into_iter().map(|(_, w)| (Some(Occur::Must), w))),
        _ => out.push((Some(Occur::Must), UserInputAst::Clause(words))),
    }
    UserInputAst::Clause(out)
}

/// Reads a colon that ends a word (`Dalian:`, `note: trade`) as
/// punctuation, not as a field with no value (which finds nothing), unless
/// the word is a field name followed by its value (`title: shenyang` is
/// `title:shenyang`). Quoted text is left alone.
fn drop_dangling_colons(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    let mut in_quotes = false;
    let mut chars = query.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        let dangling =
            c == ':' && !in_quotes && chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
        if !dangling {
            out.push(c);
            continue;
        }
        // The word starts after the last space or `(` before the colon; a
        // space may be several bytes long (U+00A0, U+2000).
        let word_start = query[..i]
            .char_indices()
            .rfind(|&(_, ch)| ch.is_whitespace() || ch == '(')
            .map_or(0, |(at, ch)| at + ch.len_utf8());
        let word = query[word_start..i].trim_start_matches(['+', '-']);
        let value_follows = query[i + 1..].trim_start().chars().next().is_some();
        if QUERY_FIELDS.contains(&word) && value_follows {
            out.push(':');
            while chars.peek().is_some_and(|&(_, n)| n.is_whitespace()) {
                chars.next();
            }
        } else {
            out.push(' ');
        }
    }
    out
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
    fn nesting_is_measured_linearly() {
        assert_eq!(nesting_depth("a b c"), 0);
        assert_eq!(nesting_depth("(a (b))"), 2);
        assert_eq!(nesting_depth("NOT NOT a"), 2);
        assert_eq!(nesting_depth("--a"), 2);
        assert_eq!(nesting_depth("\"NOT NOT\" a"), 2);
        assert!(nesting_depth(&format!("\" {}", "NOT ".repeat(100))) >= 100);
        assert!(nesting_depth(&"(".repeat(3000)) >= 3000);
        assert!(nesting_depth(&"NOT ".repeat(6000)) >= 6000);
        assert!(nesting_depth(&"NOT (".repeat(100)) >= 200);
    }

    #[test]
    fn dangling_colons_are_punctuation() {
        assert_eq!(drop_dangling_colons("Dalian:"), "Dalian ");
        assert_eq!(drop_dangling_colons("Dalian: port"), "Dalian  port");
        assert_eq!(drop_dangling_colons("title: shenyang"), "title:shenyang");
        assert_eq!(drop_dangling_colons("title:x \"a: b\""), "title:x \"a: b\"");
    }

    #[test]
    fn parts_of_glued_words_and_short_terms_weigh_as_told() {
        let w = |text, part, short| {
            let ranking = Ranking {
                repeat_power: 1.0,
                part_weight: part,
                short_weight: short,
                ..Ranking::default()
            };
            let mut t = weighted_terms(text, &ranking);
            t.sort_by(|a, b| a.0.cmp(&b.0));
            t
        };
        // `dLNs` is searched as `dlns` and its parts `d` and `lns`.
        let terms = w("dLNs vitamin", 0.5, 1.0);
        assert_eq!(
            terms,
            [
                ("d".to_string(), 0.5),
                ("dlns".to_string(), 1.0),
                ("lns".to_string(), 0.5),
                ("vitamin".to_string(), 1.0)
            ]
        );
        // A part that is also a word of its own adds up; weight 0 drops it.
        let terms = w("dLNs lns", 0.0, 1.0);
        assert_eq!(terms, [("dlns".to_string(), 1.0), ("lns".to_string(), 1.0)]);
        // A one-character word weighs `short`.
        let terms = w("vitamin D D", 1.0, 0.5);
        assert_eq!(
            terms,
            [("d".to_string(), 1.0), ("vitamin".to_string(), 1.0)]
        );
    }

    #[test]
    fn a_repeated_term_saturates_in_a_short_query_only() {
        let weight = |text: &str, ranking: &Ranking, term: &str| {
            weighted_terms(text, ranking)
                .into_iter()
                .find(|(t, _)| t == term)
                .map(|(_, w)| w)
        };
        let short = "melanoma tumor for melanoma";
        let saturated = Ranking {
            repeat_k: Some(0.5),
            repeat_long: 20,
            ..Ranking::default()
        };
        // 1 + 0.5 · 1 / (0.5 + 1) for two; 1 + 0.5 · 2 / 2.5 for three.
        let two = weight(short, &saturated, "melanoma").expect("melanoma");
        assert!((two - 4.0 / 3.0).abs() < 1e-6, "{two}");
        let three = weight("melanoma melanoma melanoma", &saturated, "melanoma");
        assert!((three.expect("melanoma") - 1.4).abs() < 1e-6);
        assert_eq!(weight(short, &saturated, "tumor"), Some(1.0));
        // k = 0: once.
        let once = Ranking {
            repeat_k: Some(0.0),
            ..saturated
        };
        assert_eq!(weight(short, &once, "melanoma"), Some(1.0));
        // No rule, or a query at or above the bar: n ^ repeat_power.
        let linear = Ranking {
            repeat_k: None,
            ..saturated
        };
        assert_eq!(weight(short, &linear, "melanoma"), Some(2.0));
        let long = Ranking {
            repeat_long: 2,
            ..saturated
        };
        assert_eq!(weight(short, &long, "melanoma"), Some(2.0));
    }

    #[test]
    fn plain_queries_keep_the_figures_they_quote() {
        for query in [
            "trade grew 13.6% in 2021 to RMB 371.53bn",
            "\"13.6%\" and 24.3 billion, 24.3 million",
            "1 2 3 4 5 6 7 8 9 10 11 12",
            "a 5-fold increase in IL-6 of 2.5 mg/kg (p < 0.05)",
            "no figures at all",
            "β-catenin 3×10^5 cells · 50% ± 5%",
        ] {
            let figures = || -> Vec<Figure> { figures::extract(query) };
            let (_, quoted) = quote_figures(query, figures(), Some(plain_words));
            let kept = quotable_figures(query, figures());
            let spans = |v: &[Figure]| v.iter().map(|f| (f.start, f.end)).collect::<Vec<_>>();
            assert_eq!(spans(&kept), spans(&quoted), "{query}");
        }
    }

    #[test]
    fn plain_escaping() {
        assert_eq!(
            escape_plain("a-b: \"c\" AND d*"),
            "a\\-b\\: \\\"c\\\" and d\\*"
        );
    }
}
