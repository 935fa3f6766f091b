//! Many queries in one run: reading a query file, and running queries on
//! several threads while keeping their output in input order.
//!
//! `quarry search --batch` and `quarry eval` both open the index once and
//! push every query through the same [`crate::search::Searcher`]; the
//! helpers here hold the parts they share.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use serde::Deserialize;

use crate::error::{Error, Result, Warning};
use crate::ingest::jsonl::record_id;

/// One query of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchQuery {
    /// The id given in the file, else the 1-based line number.
    pub id: String,
    /// 1-based line of the query in its file (for warnings).
    pub line: usize,
    /// The query text.
    pub text: String,
}

/// A JSON Lines query record.
#[derive(Debug, Deserialize)]
struct Record {
    #[serde(alias = "_id")]
    id: Option<serde_json::Value>,
    #[serde(alias = "text")]
    query: Option<String>,
}

/// Reads a batch of queries: one per line, either plain text or a JSON
/// object `{"id": …, "query": …}` (a line starting with `{` is read as JSON;
/// `_id` and `text` are accepted too, as in BEIR's `queries.jsonl`). Blank
/// lines are skipped. A line that cannot be used becomes a warning
/// `NAME:LINE: …` and is skipped; only a read error fails.
pub fn read_queries<R: BufRead>(
    mut reader: R,
    name: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<BatchQuery>> {
    let mut queries = Vec::new();
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(name, e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let Ok(line) = std::str::from_utf8(&buf) else {
            warnings.push(Warning::line(
                name,
                line_no as u64,
                "not valid UTF-8; skipped",
            ));
            continue;
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !line.starts_with('{') {
            queries.push(BatchQuery {
                id: line_no.to_string(),
                line: line_no,
                text: line.to_string(),
            });
            continue;
        }
        match parse_record(line) {
            Ok((id, text)) => queries.push(BatchQuery {
                id: id.unwrap_or_else(|| line_no.to_string()),
                line: line_no,
                text,
            }),
            Err(why) => warnings.push(Warning::line(
                name,
                line_no as u64,
                format!("{why}; skipped"),
            )),
        }
    }
    Ok(queries)
}

fn parse_record(line: &str) -> std::result::Result<(Option<String>, String), String> {
    let record: Record =
        serde_json::from_str(line).map_err(|e| format!("malformed JSON query ({e})"))?;
    let id = record_id(record.id.as_ref()).map_err(|e| format!("\"id\" {e}"))?;
    match record.query {
        Some(q) if !q.trim().is_empty() => Ok((id, q)),
        Some(_) => Err("\"query\" is empty".into()),
        None => Err("record has no \"query\"".into()),
    }
}

/// Runs `work` on every item using `threads` threads and hands the results
/// to `sink` in input order, as soon as each one's predecessors are done.
///
/// When `sink` fails (say, a closed pipe), the workers stop picking up new
/// items and the error is returned.
pub fn for_each_ordered<T, R, E>(
    items: &[T],
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(&T, R) -> std::result::Result<(), E>,
) -> std::result::Result<(), E>
where
    T: Sync,
    R: Send,
{
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        for item in items {
            sink(item, work(item))?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, R)>();
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop, work) = (&next, &stop, &work);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if tx.send((i, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Results that arrived before an earlier one, waiting their turn.
        let mut pending = BTreeMap::new();
        let mut due = 0usize;
        for (i, result) in rx {
            pending.insert(i, result);
            while let Some(result) = pending.remove(&due) {
                if let Err(e) = sink(&items[due], result) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
                due += 1;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str) -> (Vec<BatchQuery>, Vec<String>) {
        let mut warnings = Vec::new();
        let queries = read_queries(input.as_bytes(), "q.txt", &mut warnings).expect("read");
        (queries, warnings.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn plain_and_json_lines() {
        let (queries, warnings) = read(concat!(
            "first query\n",
            "\n",
            "{\"id\": \"q7\", \"query\": \"seventh\"}\n",
            "{\"id\": 42, \"query\": \"numbered\"}\n",
            "{\"query\": \"no id\"}\n",
            "{\"_id\": \"b1\", \"text\": \"beir style\"}\n",
            "  last one  ",
        ));
        let got: Vec<(&str, usize, &str)> = queries
            .iter()
            .map(|q| (q.id.as_str(), q.line, q.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("1", 1, "first query"),
                ("q7", 3, "seventh"),
                ("42", 4, "numbered"),
                ("5", 5, "no id"),
                ("b1", 6, "beir style"),
                ("7", 7, "last one"),
            ]
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn bad_lines_are_warnings() {
        let (queries, warnings) = read(concat!(
            "{\"id\": 1, \"query\": \n",
            "{\"id\": [1], \"query\": \"x\"}\n",
            "{\"id\": 3}\n",
            "{\"id\": 4, \"query\": \"  \"}\n",
            "fine\n",
        ));
        assert_eq!(queries.len(), 1);
        assert_eq!(queries[0].id, "5");
        let lines: Vec<&str> = warnings
            .iter()
            .map(|w| w.split(": ").next().unwrap_or(""))
            .collect();
        assert_eq!(lines, ["q.txt:1", "q.txt:2", "q.txt:3", "q.txt:4"]);
    }

    #[test]
    fn invalid_utf8_line_is_skipped() {
        let mut warnings = Vec::new();
        let input: &[u8] = b"ok\n\xff\xfe\nalso ok\n";
        let queries = read_queries(input, "-", &mut warnings).expect("read");
        assert_eq!(queries.len(), 2);
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn ordered_output_with_many_threads() {
        let items: Vec<u64> = (0..500).collect();
        for threads in [1, 2, 4, 16] {
            let mut out = Vec::new();
            let result: std::result::Result<(), ()> = for_each_ordered(
                &items,
                threads,
                |&i| {
                    // Uneven work so that results arrive out of order.
                    std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 50));
                    i * 2
                },
                |&i, r| {
                    out.push((i, r));
                    Ok(())
                },
            );
            assert!(result.is_ok());
            let want: Vec<(u64, u64)> = items.iter().map(|&i| (i, i * 2)).collect();
            assert_eq!(out, want, "threads = {threads}");
        }
    }

    #[test]
    fn sink_error_stops_early() {
        let items: Vec<u32> = (0..10_000).collect();
        let done = AtomicUsize::new(0);
        let result = for_each_ordered(
            &items,
            4,
            |_| {
                std::thread::sleep(std::time::Duration::from_micros(20));
                done.fetch_add(1, Ordering::Relaxed)
            },
            |&i, _| if i == 3 { Err("closed") } else { Ok(()) },
        );
        assert_eq!(result, Err("closed"));
        assert!(done.load(Ordering::Relaxed) < items.len());
    }
}
