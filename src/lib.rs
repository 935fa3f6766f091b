//! quarry: find and cite passages in a folder of documents.
//!
//! The pipeline: [`corpus`] finds and reads files, [`passage`] splits each
//! into citable passages, [`analysis`] turns text into terms, [`indexer`]
//! stores passages in a tantivy index described by [`schema`], [`search`]
//! ranks passages for a query, [`snippet`] highlights what matched, and
//! [`output`] prints hits for people or as JSON Lines ([`wire`]).
//! [`batch`] runs many queries over one open index, and [`eval`] scores
//! rankings on a BEIR benchmark with [`metrics`].
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
pub mod batch;
pub mod blocks;
pub mod catalog;
pub mod cite;
pub mod corpus;
pub mod decode;
pub mod error;
pub mod eval;
pub mod figure_list;
pub mod figures;
pub mod html;
pub mod indexer;
pub mod markdown;
pub mod metrics;
pub mod output;
pub mod passage;
pub mod schema;
pub mod search;
pub mod segment;
pub mod snippet;
pub mod stopwords;
pub mod verify;
pub mod wire;

pub use error::{Error, Result};
