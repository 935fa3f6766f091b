//! Dumps every stored passage of a quarry index, for comparing two builds'
//! indexes of the same corpus (`bench/passages_diff`).
//!
//! ```text
//! cargo run --release --example dump_passages -- INDEX_DIR > passages.jsonl
//! ```
//!
//! Reads the index with tantivy alone (no quarry code), so a change to
//! quarry's reading side cannot hide a change in what indexing stored.
//! Prints one line of JSON per live passage: its stored fields, then its
//! `passage_key` and `text_hash` fast-field values, with the lines sorted
//! (segment layout and document addresses depend on thread timing).

use std::io::Write;

use tantivy::columnar::Column;
use tantivy::schema::document::{Document, TantivyDocument};
use tantivy::{DocAddress, Index};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: dump_passages INDEX_DIR");
        std::process::exit(2);
    };
    let index = Index::open_in_dir(&dir)?;
    let schema = index.schema();
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut lines = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let fast = segment.fast_fields();
        let column = |name: &str| -> Option<Column<u64>> { fast.u64(name).ok() };
        let (key, hash) = (column("passage_key"), column("text_hash"));
        let value = |c: &Option<Column<u64>>, doc: u32| c.as_ref().and_then(|c| c.first(doc));
        for doc in segment.doc_ids_alive() {
            let stored: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc))?;
            lines.push(format!(
                "{}\t{:?}\t{:?}",
                stored.to_json(&schema),
                value(&key, doc),
                value(&hash, doc)
            ));
        }
    }
    lines.sort_unstable();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in &lines {
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}
