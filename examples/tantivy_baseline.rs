//! Plain tantivy indexing baseline for `bench/run`.
//!
//! ```text
//! cargo run --release --example tantivy_baseline -- index DIR_OR_FILE INDEX_DIR [--threads N]
//! ```
//!
//! Indexes `title` and `text` (both `TEXT | STORED`, tantivy's default
//! tokenizer) from JSON Lines records (`title`, `text`) and from `.txt`/`.md`
//! files (first line is the title, the rest the text). Files are read on the
//! main thread and handed to an index writer with `--threads` threads and
//! quarry's writer heap, then committed once; like quarry, it waits for merges
//! before exiting. Nothing quarry-specific (passages, ids, hashes, extra
//! fields) is done, so this is the floor quarry's indexing is compared with.
//! The index folder is wiped first. Prints one line of JSON with the counts.

use std::path::{Path, PathBuf};
use std::time::Instant;

use tantivy::schema::{STORED, Schema, TEXT};
use tantivy::{Index, IndexWriter, TantivyDocument};

/// Same writer heap as quarry (`src/index/update.rs`, `WRITER_HEAP_BYTES`).
const WRITER_HEAP_BYTES: usize = 256 * 1024 * 1024;
/// Same thread cap as quarry (`src/index/update.rs`, `MAX_WRITER_THREADS`).
const MAX_WRITER_THREADS: usize = 4;

#[derive(serde::Deserialize)]
struct Record {
    title: Option<String>,
    text: Option<String>,
}

fn usage() -> ! {
    eprintln!("usage: tantivy_baseline index DIR_OR_FILE INDEX_DIR [--threads N]");
    std::process::exit(2);
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) != Some("index") {
        usage();
    }
    let mut positional = Vec::new();
    let mut threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_WRITER_THREADS);
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        if arg == "--threads" {
            let Some(n) = rest.next().and_then(|v| v.parse::<usize>().ok()) else {
                usage();
            };
            threads = n.max(1);
        } else {
            positional.push(PathBuf::from(arg));
        }
    }
    let [source, index_dir] = positional.as_slice() else {
        usage();
    };

    let started = Instant::now();
    let mut files = Vec::new();
    collect(source, &mut files)?;
    files.sort();

    if index_dir.exists() {
        std::fs::remove_dir_all(index_dir)?;
    }
    std::fs::create_dir_all(index_dir)?;
    let mut builder = Schema::builder();
    let title = builder.add_text_field("title", TEXT | STORED);
    let text = builder.add_text_field("text", TEXT | STORED);
    let index = Index::create_in_dir(index_dir, builder.build())?;
    let mut writer: IndexWriter = index.writer_with_num_threads(threads, WRITER_HEAP_BYTES)?;

    let mut docs = 0u64;
    let mut bytes = 0u64;
    let mut add = |t: &str, body: &str| -> Result<(), Box<dyn std::error::Error>> {
        let mut doc = TantivyDocument::default();
        doc.add_text(title, t);
        doc.add_text(text, body);
        writer.add_document(doc)?;
        docs += 1;
        Ok(())
    };
    for path in &files {
        let raw = std::fs::read(path)?;
        bytes += raw.len() as u64;
        let content = String::from_utf8_lossy(&raw);
        if is_jsonl(path) {
            for line in content.lines().filter(|l| !l.trim().is_empty()) {
                let Ok(rec) = serde_json::from_str::<Record>(line) else {
                    continue;
                };
                add(
                    rec.title.as_deref().unwrap_or(""),
                    rec.text.as_deref().unwrap_or(""),
                )?;
            }
        } else {
            let (t, body) = content.split_once('\n').unwrap_or((&content, ""));
            add(t.trim(), body)?;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{{\"files\":{},\"docs\":{docs},\"bytes\":{bytes},\"threads\":{threads},\"seconds\":{secs:.3}}}",
        files.len()
    );
    Ok(())
}

fn is_jsonl(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson")
    )
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        for entry in std::fs::read_dir(path)? {
            collect(&entry?.path(), out)?;
        }
    } else if matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson" | "txt" | "md")
    ) {
        out.push(path.to_path_buf());
    }
    Ok(())
}
