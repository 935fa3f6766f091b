//! Text analysis shared by indexing and querying.
//!
//! STUB: to be replaced by the real implementation (see the module contract below).
//!
//! Contract:
//! - `ANALYZER_NAME` is the name under which the analyzer is registered.
//! - `analyzer()` builds the full tantivy `TextAnalyzer` pipeline.
//! - `register(&Index)` registers it on an index (called every time an index is opened or created).
//! - `analyze(text)` runs the same pipeline and returns terms with byte offsets and positions,
//!   used by highlighting and by plain-word query building.

use tantivy::Index;
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream};

/// Name the analyzer is registered under in every quarry index.
pub const ANALYZER_NAME: &str = "quarry";

/// One analysed term with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The indexed term text (lower-cased, folded, stemmed).
    pub term: String,
    /// Byte offset of the first byte of the source word in the analysed text.
    pub start: usize,
    /// Byte offset one past the last byte of the source word.
    pub end: usize,
    /// Token position (several terms may share a position).
    pub position: usize,
}

/// Builds the analyzer pipeline.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// Registers the analyzer on `index` under [`ANALYZER_NAME`].
pub fn register(index: &Index) {
    index.tokenizers().register(ANALYZER_NAME, analyzer());
}

/// Analyses `text` and returns every token.
pub fn analyze(text: &str) -> Vec<AnalyzedToken> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(AnalyzedToken {
            term: t.text.clone(),
            start: t.offset_from,
            end: t.offset_to,
            position: t.position,
        });
    }
    out
}
