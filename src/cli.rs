//! Command-line flags (first stage of argument parsing).
//!
//! clap turns `argv` into these raw structs; `main.rs` validates them into the
//! library's option types. The library never sees clap.

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
    /// Folder of documents to index and search.
    #[arg(long, value_name = "DIR", default_value = "corpus")]
    pub corpus: PathBuf,
    /// Folder holding the index.
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index from the corpus folder.
    Index(IndexArgs),
    /// Search passages (refreshes the index first if the corpus changed).
    Search(SearchArgs),
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
pub struct SearchArgs {
    #[command(flatten)]
    pub location: Location,
    /// Most passages to print.
    #[arg(long, short = 'n', value_name = "N", default_value_t = quarry::search::DEFAULT_LIMIT)]
    pub limit: usize,
    /// Print JSON Lines, one object per hit (schema in the README).
    #[arg(long)]
    pub json: bool,
    /// Read the query as plain words: no operator, quote or field is special.
    #[arg(long)]
    pub plain: bool,
    /// Do not check whether the corpus changed since the index was built.
    #[arg(long)]
    pub no_refresh: bool,
    /// When to colour output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// The query (several words are joined with spaces).
    #[arg(required = true, value_name = "QUERY", allow_hyphen_values = false)]
    pub query: Vec<String>,
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
