//! quarry: find and cite passages in a folder of documents.
//!
//! The pipeline, one folder per stage, data flowing one way:
//! [`ingest`] finds and reads files, [`passage`] splits each into citable
//! passages, [`analysis`] turns text into terms, [`figures`] recognises
//! the figures a text states, [`index`] stores passages in a tantivy index,
//! [`search`] ranks passages for a query, [`commands`] builds the figure,
//! citation, verification and batch commands on search, [`eval`] scores
//! rankings on a benchmark, and [`output`] prints results for people or as
//! JSON Lines; [`serve`] answers the same searches over HTTP, with a web
//! page. [`text`] holds the helpers every stage shares.
//!
//! ```
//! use quarry::analysis::analyze;
//! let terms = |text: &str| -> Vec<String> { analyze(text).into_iter().map(|t| t.term).collect() };
//! // Numbers stay whole, `%` reads as `percent`, possessives and inflections fold away.
//! assert_eq!(terms("trade grew 13.6%"), ["trade", "grew", "13.6", "percent"]);
//! assert_eq!(terms("Liaoning’s investors"), terms("liaoning invested"));
//! assert_eq!(terms("140,000"), terms("140000"));
//! ```

pub mod analysis;
pub mod commands;
pub mod error;
pub mod eval;
pub mod figures;
pub mod index;
pub mod ingest;
pub mod output;
pub mod passage;
pub mod search;
pub mod serve;
pub mod text;

pub use error::{Error, Result, Warning};
pub use index::{IndexOptions, IndexSummary, update};
pub use passage::{Passage, Split};
pub use search::{Hit, QueryMode, SearchOptions, SearchOutcome, Searcher};
