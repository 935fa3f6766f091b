//! quarry: passage search over a folder of documents.
pub mod analysis;
pub mod passage;
