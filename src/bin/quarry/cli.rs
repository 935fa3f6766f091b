//! Command-line flags (first stage of argument parsing).
//!
//! clap turns `argv` into these raw structs; `main.rs` validates them into the
//! library's option types. The library never sees clap.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Find and cite passages in a folder of documents.
#[derive(Debug, Parser)]
#[command(name = "quarry", version, about, long_about = None)]
#[command(after_help = "Exit status: 0 when something was found, 1 when nothing was, 2 on error.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Where the corpus and the index are.
#[derive(Debug, Args, Clone)]
pub struct Location {
    /// Folder of documents to index and search [default: corpus].
    #[arg(long, value_name = "DIR", env = quarry::index::location::CORPUS_ENV)]
    pub corpus: Option<PathBuf>,
    /// Folder holding the index [default: <corpus>/../index for a folder
    /// named corpus, else a folder of the user's cache for this corpus].
    #[arg(long, value_name = "DIR", env = quarry::index::location::INDEX_ENV)]
    pub index: Option<PathBuf>,
    /// Follow symbolic links whose target lies outside the corpus folder
    /// (by default they are passed over).
    #[arg(long)]
    pub follow_outside: bool,
    /// Read no ignore file (.gitignore, .ignore, git's excludes), as ripgrep's --no-ignore.
    #[arg(long)]
    pub no_ignore: bool,
    /// Also read hidden files and folders (names starting with '.'), as ripgrep's --hidden.
    #[arg(long)]
    pub hidden: bool,
}

/// Which passages a query command may return (applied at query time; the
/// index always holds every file).
#[derive(Debug, Args, Clone, Default)]
pub struct Filters {
    /// Only files matching GLOB (repeatable; '!GLOB' excludes; ripgrep rules,
    /// relative to the corpus folder).
    #[arg(long, value_name = "GLOB")]
    pub glob: Vec<String>,
    /// Only documents dated DATE or later (2021, 2021-09 or 2021-09-24).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only documents dated DATE or earlier (2021, 2021-09 or 2021-09-24).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only documents whose author field has these words.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// Only the document with this id (repeatable).
    #[arg(long, value_name = "ID")]
    pub doc: Vec<String>,
    /// Only passages of this kind: body, table, list, code, caption,
    /// reference or boilerplate (repeatable).
    #[arg(long, value_name = "KIND")]
    pub kind: Vec<String>,
}

/// Parses a `--limit`: a whole number of at least 1.
fn positive(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err("the limit must be a positive number".into()),
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index from the corpus folder.
    Index(IndexArgs),
    /// Search passages (refreshes the index first if the corpus changed).
    Search(SearchArgs),
    /// Keep the index up to date as files change, so searches need not
    /// check the corpus (runs until stopped).
    Watch(WatchArgs),
    /// List the figures the corpus states (numbers with their units).
    Figures(FiguresArgs),
    /// Print a ready-to-paste citation for the best passage.
    Cite(CiteArgs),
    /// Check whether statements (and each figure in them) are stated.
    Verify(VerifyArgs),
    /// Measure ranking quality on a BEIR dataset folder (corpus.jsonl,
    /// queries.jsonl, qrels/SPLIT.tsv).
    Eval(EvalArgs),
    /// Answer searches over HTTP (JSON API and a web page), keeping the
    /// index fresh as files change (runs until stopped).
    Serve(ServeArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page (roff) on stdout.
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    #[command(flatten)]
    pub location: Location,
    /// Discard the existing index and build it from scratch.
    #[arg(long)]
    pub rebuild: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub location: Location,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub location: Location,
    /// Address and port to listen on (port 0: any free port). Anything but
    /// a loopback address needs --token.
    #[arg(long, value_name = "ADDR:PORT", default_value = quarry::serve::DEFAULT_BIND)]
    pub bind: String,
    /// Token every request must carry (`Authorization: Bearer TOKEN`);
    /// required when --bind is not a loopback address.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "QUARRY_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Let web pages from ORIGIN (or `*`, any) call the API (CORS); off by default.
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Option<String>,
    /// Longest a request's search may take, in milliseconds, before it is
    /// answered with an error (503).
    #[arg(long, value_name = "MS", default_value_t = 10_000, value_parser = positive_u64)]
    pub budget_ms: u64,
    /// Threads that run searches [default: the number of cores, at least 2].
    #[arg(long, value_name = "N")]
    pub threads: Option<NonZeroUsize>,
    /// Print nothing but errors (and the address line).
    #[arg(long, short)]
    pub quiet: bool,
}

/// Parses a positive whole number of milliseconds.
fn positive_u64(s: &str) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err("give a positive whole number".into()),
    }
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    #[command(flatten)]
    pub location: Location,
    #[command(flatten)]
    pub filters: Filters,
    /// Most passages to print [default: 10; with -l, every matching file].
    #[arg(long, short = 'n', value_name = "N", value_parser = positive, allow_negative_numbers = true)]
    pub limit: Option<usize>,
    /// Print only the paths of the files with matches, best first.
    #[arg(long, short = 'l', conflicts_with_all = ["count", "collapse"])]
    pub files_with_matches: bool,
    /// One hit per document: its best passage.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub collapse: Option<CollapseChoice>,
    /// Fragments of each passage to show around its matches.
    #[arg(long, value_name = "N", value_parser = positive)]
    pub snippets: Option<usize>,
    /// Print JSON Lines, one object per hit (schema in the README).
    #[arg(long)]
    pub json: bool,
    /// Read the query as plain words: no operator, quote or field is special.
    #[arg(long)]
    pub plain: bool,
    /// Print only the number of matching passages (with --batch: one JSON
    /// object per query, {"query_id", "count"}).
    #[arg(long, short = 'c', conflicts_with = "json")]
    pub count: bool,
    /// Do not check whether the corpus changed since the index was built.
    #[arg(long)]
    pub no_refresh: bool,
    /// Show every copy of a passage found in several files as its own hit
    /// (by default they are one hit listing the other places).
    #[arg(long)]
    pub no_collapse: bool,
    /// When to colour output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Run every query of FILE ('-' for stdin): one per line, or JSON Lines
    /// {"id": …, "query": …}. Prints JSON Lines hits carrying "query_id".
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    pub batch: Option<PathBuf>,
    /// Keys each JSON hit carries, comma-separated (e.g.
    /// doc.id,passage_id,score; `doc` for the whole document object)
    /// [default: all]. Hits without text, snippet or highlights read no
    /// stored passage.
    #[arg(long, value_name = "LIST")]
    pub fields: Option<String>,
    /// Queries searched at once in --batch mode (output keeps input order)
    /// [default: 1].
    #[arg(long, value_name = "N")]
    pub threads: Option<NonZeroUsize>,
    /// The query (several words are joined with spaces).
    #[arg(
        required_unless_present = "batch",
        value_name = "QUERY",
        allow_hyphen_values = false
    )]
    pub query: Vec<String>,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// BEIR dataset folders (several: one table row, or JSON line, each).
    #[arg(value_name = "DATASET_DIR", required = true, num_args = 1..)]
    pub datasets: Vec<PathBuf>,
    /// Judgments to use: qrels/SPLIT.tsv [default: test; a dataset without
    /// qrels/test.tsv whose qrels folder holds one split uses that one].
    #[arg(long, value_name = "SPLIT")]
    pub split: Option<String>,
    /// Judgments file to use instead of qrels/SPLIT.tsv (BEIR TSV or TREC qrels).
    #[arg(long, value_name = "FILE")]
    pub qrels: Option<PathBuf>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Write the ranking as a TREC run file (qid Q0 docid rank score quarry).
    #[arg(long, value_name = "FILE")]
    pub run: Option<PathBuf>,
    /// Also list each query's nDCG@10 (query id, tab, value).
    #[arg(long)]
    pub per_query: bool,
    /// Run only the first N judged queries.
    #[arg(long, value_name = "N")]
    pub limit_queries: Option<usize>,
    /// Queries searched at once.
    #[arg(long, value_name = "N", default_value = "1")]
    pub threads: NonZeroUsize,
    /// Passage hits asked for per query before they are folded into documents.
    #[arg(long, value_name = "N", default_value_t = quarry::eval::PASSAGE_DEPTH)]
    pub depth: usize,
    /// How a document's score is made from its passages' scores.
    #[arg(long, value_enum, default_value_t = AggregateChoice::MaxRest, value_name = "HOW")]
    pub aggregate: AggregateChoice,
    /// Folder for cached indexes [default: $XDG_CACHE_HOME/quarry/eval or ~/.cache/quarry/eval].
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// Rebuild the cached index from scratch.
    #[arg(long)]
    pub reindex: bool,
}

/// Options every query command shares.
#[derive(Debug, Args)]
pub struct QueryCommon {
    #[command(flatten)]
    pub location: Location,
    /// Print JSON Lines (schema in the README).
    #[arg(long)]
    pub json: bool,
    /// Do not check whether the corpus changed since the index was built.
    #[arg(long)]
    pub no_refresh: bool,
}

#[derive(Debug, Args)]
pub struct FiguresArgs {
    #[command(flatten)]
    pub common: QueryCommon,
    #[command(flatten)]
    pub filters: Filters,
    /// Most figures to list.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 100, value_parser = positive, allow_negative_numbers = true)]
    pub limit: usize,
    /// Only figures in this unit: percent, yuan, USD, "billion yuan", times,
    /// employees… (a magnitude scales --min and --max).
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    /// Only figures of at least this value (after scaling magnitudes).
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    pub min: Option<f64>,
    /// Only figures of at most this value (after scaling magnitudes).
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    pub max: Option<f64>,
    /// Also list years, dates, references, page numbers, code and boilerplate.
    #[arg(long)]
    pub all: bool,
    /// Words that select documents and rank passages, and/or one filter
    /// expression such as "> 300 billion yuan" or "between 10 and 20 percent".
    #[arg(value_name = "WORDS|EXPR")]
    pub terms: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CiteArgs {
    #[command(flatten)]
    pub common: QueryCommon,
    #[command(flatten)]
    pub filters: Filters,
    /// How many citations (best passages first).
    #[arg(long, short = 'n', value_name = "N", default_value_t = 1, value_parser = positive, allow_negative_numbers = true)]
    pub limit: usize,
    /// Citation style.
    #[arg(long, value_enum, default_value_t = StyleChoice::Plain, value_name = "STYLE")]
    pub style: StyleChoice,
    /// Read the query as plain words.
    #[arg(long)]
    pub plain: bool,
    /// Also cite boilerplate, code and reference-list passages.
    #[arg(long)]
    pub all: bool,
    /// The query.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
}

/// Citation styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StyleChoice {
    /// The quotation and a one-line reference.
    Plain,
    /// The quotation with a Markdown footnote.
    Markdown,
    /// A BibTeX entry.
    Bibtex,
    /// CSL-JSON (for Zotero, pandoc, citeproc).
    CslJson,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub common: QueryCommon,
    /// Passages shown per statement (the supporting one, or candidates).
    #[arg(long, short = 'n', value_name = "N", default_value_t = 3, value_parser = positive, allow_negative_numbers = true)]
    pub limit: usize,
    /// Read statements from FILE, one per line ('-' for stdin).
    #[arg(long, value_name = "FILE", conflicts_with = "statement")]
    pub file: Option<PathBuf>,
    /// The statement to check (several words are joined with spaces); `-`
    /// reads statements from stdin, one per line.
    #[arg(required_unless_present = "file", value_name = "STATEMENT")]
    pub statement: Vec<String>,
}

/// Passage-to-document score aggregation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AggregateChoice {
    /// The best passage's score plus a tenth of its other passages' scores.
    MaxRest,
    /// The best passage's score.
    Max,
    /// The sum of its retrieved passages' scores.
    Sum,
}

/// What `--collapse` folds together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CollapseChoice {
    /// One hit per document (its best passage).
    Doc,
}

/// Colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
