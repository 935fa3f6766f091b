//! Dumps every indexed term of a quarry index with a digest of its
//! postings, and a digest of each field's norms, for comparing two builds'
//! indexes of the same corpus (`bench/terms_diff`).
//!
//! ```text
//! cargo run --release --example dump_terms -- INDEX_DIR > terms.tsv
//! ```
//!
//! Reads the index with tantivy alone. Segment layout and document
//! addresses depend on thread timing, so a document is named by its
//! `passage_key` fast-field value, and a term's postings are summed over
//! its documents as a digest of (passage key, term frequency, positions)
//! that does not depend on their order. One line per field and term:
//! `field`, the term's bytes (escaped), its document frequency, its total
//! term frequency and the digest; then one `norms` line per field that
//! has norms. Lines are sorted.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;

use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Index, TERMINATED};

fn digest(parts: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: dump_terms INDEX_DIR");
        std::process::exit(2);
    };
    let index = Index::open_in_dir(&dir)?;
    let schema = index.schema();
    let reader = index.reader()?;
    let searcher = reader.searcher();
    // (field, term) -> (doc freq, total term freq, digest)
    let mut terms: BTreeMap<(String, Vec<u8>), (u64, u64, u64)> = BTreeMap::new();
    let mut norms: BTreeMap<String, u64> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let keys = segment.fast_fields().u64("passage_key")?;
        let key_of = |doc: u32| keys.first(doc).unwrap_or(u64::MAX);
        let alive = segment.alive_bitset();
        let is_alive = |doc: u32| alive.is_none_or(|a| a.is_alive(doc));
        for (field, entry) in schema.fields() {
            if !entry.is_indexed() {
                continue;
            }
            let name = entry.name().to_string();
            if let Some(reader) = segment.fieldnorms_readers().get_field(field)? {
                let sum = norms.entry(name.clone()).or_default();
                for doc in (0..segment.max_doc()).filter(|&d| is_alive(d)) {
                    *sum = sum.wrapping_add(digest((key_of(doc), reader.fieldnorm_id(doc))));
                }
            }
            let inverted = segment.inverted_index(field)?;
            let option = entry
                .field_type()
                .get_index_record_option()
                .unwrap_or(IndexRecordOption::Basic);
            let mut stream = inverted.terms().stream()?;
            let mut positions = Vec::new();
            while stream.advance() {
                let info = stream.value();
                let mut postings = inverted.read_postings_from_terminfo(info, option)?;
                let slot = terms
                    .entry((name.clone(), stream.key().to_vec()))
                    .or_default();
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if is_alive(doc) {
                        positions.clear();
                        if option.has_positions() {
                            postings.positions(&mut positions);
                        }
                        let tf = u64::from(postings.term_freq());
                        slot.0 += 1;
                        slot.1 += tf;
                        slot.2 = slot.2.wrapping_add(digest((key_of(doc), tf, &positions)));
                    }
                    doc = postings.advance();
                }
            }
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for ((field, term), (df, ttf, sum)) in &terms {
        if *df > 0 {
            writeln!(
                out,
                "{field}\t{}\t{df}\t{ttf}\t{sum:016x}",
                term.escape_ascii()
            )?;
        }
    }
    for (field, sum) in &norms {
        writeln!(out, "{field}\tnorms\t{sum:016x}")?;
    }
    out.flush()?;
    Ok(())
}
