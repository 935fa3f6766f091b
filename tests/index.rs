//! Indexing through the real binary: refresh, incremental counts, stable ids,
//! the writer lock, and clear errors for bad locations.

mod util;

use std::collections::BTreeSet;

use util::{Workspace, s};

fn ids(ws: &Workspace) -> BTreeSet<String> {
    ws.search_json(&["--no-refresh", "--limit", "10000", "*"])
        .iter()
        .map(|h| s(h, "/passage_id").to_string())
        .collect()
}

/// Parses "… N added, N changed, N removed, N unchanged …" from the summary.
fn counts(stderr: &str) -> [u64; 4] {
    let mut out = [0; 4];
    for (i, word) in ["added", "changed", "removed", "unchanged"]
        .iter()
        .enumerate()
    {
        let at = stderr
            .find(&format!(" {word}"))
            .unwrap_or_else(|| panic!("no '{word}' in {stderr}"));
        let digits: String = stderr[..at]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        out[i] = digits.parse().expect("count");
    }
    out
}

#[test]
fn search_builds_a_missing_index_and_refreshes_after_changes() {
    let ws = Workspace::new();
    ws.write(
        "a.txt",
        "Alpha report\n\nThe harbour of Dalian handles containers every day.\n",
    );
    let run = ws.run(&["search", "--json", "harbour"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("updated the index"), "{}", run.stderr);

    ws.write(
        "b.txt",
        "Beta note\n\nA glacier moves slowly down the valley each winter.\n",
    );
    // --no-refresh does not see the new file…
    let run = ws.run(&["search", "--json", "--no-refresh", "glacier"]);
    assert_eq!(run.code, 1, "{run:?}");
    // …a normal search does, and says it updated the index.
    let run = ws.run(&["search", "--json", "glacier"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("updated the index"), "{}", run.stderr);
    // A fresh index is not touched again.
    let run = ws.run(&["search", "--json", "glacier"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn incremental_summary_counts_added_changed_removed_unchanged() {
    let ws = Workspace::new();
    ws.write(
        "one.txt",
        "One\n\nThe first document talks about ships and ports.\n",
    );
    ws.write(
        "two.txt",
        "Two\n\nThe second document talks about trains and rails.\n",
    );
    ws.write(
        "three.txt",
        "Three\n\nThe third document talks about planes and airports.\n",
    );
    let run = ws.run(&["index"]);
    assert_eq!(counts(&run.stderr), [3, 0, 0, 0], "{}", run.stderr);

    let run = ws.run(&["index"]);
    assert_eq!(counts(&run.stderr), [0, 0, 0, 3], "{}", run.stderr);

    ws.write(
        "two.txt",
        "Two\n\nThe second document now talks about canals and barges.\n",
    );
    std::fs::remove_file(ws.corpus().join("three.txt")).unwrap();
    ws.write(
        "four.txt",
        "Four\n\nThe fourth document talks about bicycles and lanes.\n",
    );
    let run = ws.run(&["index"]);
    assert_eq!(counts(&run.stderr), [1, 1, 1, 1], "{}", run.stderr);
    assert!(run.stderr.contains("indexed 3 documents"), "{}", run.stderr);

    assert_eq!(ws.run(&["search", "--no-refresh", "airports"]).code, 1);
    assert_eq!(ws.run(&["search", "--no-refresh", "trains"]).code, 1);
    assert_eq!(ws.run(&["search", "--no-refresh", "barges"]).code, 0);
    assert_eq!(ws.run(&["search", "--no-refresh", "bicycles"]).code, 0);

    // Touching a file without changing it re-reads it but does not re-index it.
    let f = std::fs::File::options()
        .append(true)
        .open(ws.corpus().join("one.txt"))
        .unwrap();
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .unwrap();
    let run = ws.run(&["index"]);
    assert_eq!(counts(&run.stderr), [0, 0, 0, 3], "{}", run.stderr);
}

#[test]
fn passage_ids_are_stable_across_rebuilds() {
    let ws = Workspace::shipped();
    assert_eq!(ws.run(&["index"]).code, 0);
    let before = ids(&ws);
    assert!(before.len() > 50, "{}", before.len());
    let run = ws.run(&["index", "--rebuild"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(ids(&ws), before);
}

#[test]
fn documents_without_catalog_entries_get_title_and_id_from_the_file() {
    let ws = Workspace::new();
    ws.write(
        "notes/harbour-visit.txt",
        "\n\nA Visit to the Harbour\n\nWe walked along the quay and counted the cranes, all of them idle.\n",
    );
    let hits = ws.search_json(&["cranes"]);
    assert_eq!(s(&hits[0], "/doc/title"), "A Visit to the Harbour");
    assert_eq!(s(&hits[0], "/doc/id"), "notes/harbour-visit");
    assert_eq!(s(&hits[0], "/doc/path"), "notes/harbour-visit.txt");
    assert!(hits[0]["doc"]["author"].is_null());
}

#[test]
fn catalog_metadata_is_reported_and_bad_catalogs_are_errors() {
    let ws = Workspace::new();
    ws.write(
        "a.txt",
        "Some title\n\nThe lighthouse keeper kept a log of every ship.\n",
    );
    ws.write(
        "catalog.toml",
        "[[document]]\nfile = \"a.txt\"\ntitle = \"The Keeper\"\nauthor = \"A. Writer\"\ndate = \"1999-12\"\nurl = \"https://example.org/keeper\"\n",
    );
    let hits = ws.search_json(&["lighthouse"]);
    assert_eq!(s(&hits[0], "/doc/title"), "The Keeper");
    assert_eq!(s(&hits[0], "/doc/author"), "A. Writer");
    assert_eq!(s(&hits[0], "/doc/date"), "1999-12");
    assert_eq!(s(&hits[0], "/doc/url"), "https://example.org/keeper");
    // The catalog itself is not indexed.
    assert_eq!(ws.run(&["search", "--no-refresh", "document"]).code, 1);

    ws.write("catalog.toml", "[[document]\nfile = \"a.txt\"\n");
    let run = ws.run(&["index"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("quarry: catalog"), "{}", run.stderr);
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
}

#[test]
fn jsonl_files_hold_one_document_per_record() {
    let ws = Workspace::new();
    ws.write(
        "export.jsonl",
        concat!(
            "{\"_id\": \"d1\", \"title\": \"Ports\", \"text\": \"Dalian is a port city on the Yellow Sea.\", \"author\": \"Ann\"}\n",
            "not json at all\n",
            "{\"id\": 7, \"title\": \"Rails\", \"text\": \"Freight trains link Shenyang with Europe.\"}\n",
        ),
    );
    let run = ws.run(&["index"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("export.jsonl:2"), "{}", run.stderr);
    let hits = ws.search_json(&["--no-refresh", "freight"]);
    assert_eq!(s(&hits[0], "/doc/id"), "7");
    assert_eq!(s(&hits[0], "/doc/title"), "Rails");
    assert_eq!(hits[0]["lines"], serde_json::json!([3, 3]));
    let hits = ws.search_json(&["--no-refresh", "author:ann"]);
    assert_eq!(s(&hits[0], "/doc/id"), "d1");
}

#[test]
fn a_repeated_jsonl_id_keeps_both_records_under_distinct_ids() {
    let ws = Workspace::new();
    // Enough records between the two `dup` ids that the indexing threads
    // take them in either order.
    let mut text = String::from(
        "{\"_id\": \"dup\", \"title\": \"Harbour\", \"text\": \"The harbour pilots guide tankers.\"}\n",
    );
    for i in 0..200 {
        text.push_str(&format!(
            "{{\"_id\": \"f{i}\", \"text\": \"Filler record number {i} about nothing.\"}}\n"
        ));
    }
    text.push_str(
        "{\"_id\": \"dup\", \"title\": \"Orchard\", \"text\": \"The orchard growers pick apples.\"}\n",
    );
    ws.write("export.jsonl", text);
    for pass in 0..2 {
        let run = ws.run(&["index", "--rebuild"]);
        assert_eq!(run.code, 0, "{run:?}");
        assert!(
            run.stderr.contains(
                "export.jsonl:202: id 'dup' repeats line 1's; this record is indexed as 'dup#202'"
            ),
            "pass {pass}: {}",
            run.stderr
        );
        let first = ws.search_json(&["--no-refresh", "harbour"]);
        assert_eq!(s(&first[0], "/doc/id"), "dup");
        assert_eq!(s(&first[0], "/doc/title"), "Harbour");
        let second = ws.search_json(&["--no-refresh", "orchard"]);
        assert_eq!(s(&second[0], "/doc/id"), "dup#202");
        assert_eq!(s(&second[0], "/doc/title"), "Orchard");
        assert_eq!(second[0]["lines"], serde_json::json!([202, 202]));
    }
}

#[test]
fn unsupported_files_are_skipped_with_a_note_and_ignore_files_honoured() {
    let ws = Workspace::new();
    ws.write(
        "keep.txt",
        "Keep\n\nThe orchard grows apples and pears in rows.\n",
    );
    ws.write("picture.png", [0x89u8, b'P', b'N', b'G', 0, 0, 0]);
    ws.write(
        "drafts/secret.txt",
        "Secret\n\nThe orchard also hides a treasure chest.\n",
    );
    ws.write(".ignore", "drafts/\n");
    let run = ws.run(&["index"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("picture.png (unsupported file type)"),
        "{}",
        run.stderr
    );
    let hits = ws.search_json(&["--no-refresh", "orchard"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(s(&hits[0], "/doc/path"), "keep.txt");
}

#[test]
fn invalid_utf8_is_repaired_with_a_warning_and_offsets_stay_exact() {
    let ws = Workspace::new();
    let mut bytes =
        b"Broken\n\nThe caf\xe9 serves tea. The market sells spices and silk.\n".to_vec();
    bytes.extend_from_slice(b"\n\xff\xfe A second paragraph mentions silk again.\n");
    // Mostly UTF-8 (more good multi-byte characters than bad bytes), so it
    // is read as damaged UTF-8 rather than as a legacy encoding.
    bytes.extend_from_slice("\nPrices in €, ¥ and £ at the naïve café’s stall.\n".as_bytes());
    ws.write("latin1.txt", &bytes);
    let run = ws.run(&["index"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("latin1.txt: invalid UTF-8 at byte 15"),
        "{}",
        run.stderr
    );
    for hit in ws.search_json(&["--no-refresh", "silk"]) {
        let (a, b) = util::pair(&hit, "bytes");
        let slice = String::from_utf8_lossy(&bytes[a as usize..b as usize]).into_owned();
        assert!(slice.contains("silk"), "{slice:?}");
    }
}

#[test]
fn bad_locations_exit_2_with_one_clear_line() {
    let ws = Workspace::shipped();
    std::fs::write(ws.path().join("not-a-dir"), "x").unwrap();
    let run = ws.run(&["search", "--index", "not-a-dir", "trade"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr.trim(),
        "quarry: index path 'not-a-dir' is a file, not a folder"
    );
    assert!(run.stdout.is_empty());

    let run = ws.run(&["search", "--corpus", "no-such-folder", "trade"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr.trim(),
        "quarry: corpus folder 'no-such-folder' does not exist"
    );

    let run = ws.run(&["index", "--corpus", "no-such-folder"]);
    assert_eq!(run.code, 2);

    let run = ws.run(&["search", "--no-refresh", "--index", "empty-index", "trade"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("quarry index"), "{}", run.stderr);
}

#[test]
fn a_second_writer_is_refused_and_searches_still_work() {
    let ws = Workspace::shipped();
    assert_eq!(ws.run(&["index"]).code, 0);
    // Hold tantivy's writer lock as another `quarry index` would.
    let lock = std::fs::File::options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(ws.index().join(".tantivy-writer.lock"))
        .unwrap();
    lock.lock().unwrap();
    ws.write(
        "new.txt",
        "New\n\nA brand new article about kites and wind.\n",
    );
    let run = ws.run(&["index"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("is being updated by another process"),
        "{}",
        run.stderr
    );
    // A search still answers from the last committed state, with a warning.
    let run = ws.run(&["search", "--json", "Sanhao"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("another process is updating the index"),
        "{}",
        run.stderr
    );
    drop(lock);
    assert_eq!(ws.run(&["search", "--json", "kites"]).code, 0);
}

#[test]
fn incompatible_index_is_reported_with_the_fixing_command() {
    let ws = Workspace::shipped();
    assert_eq!(ws.run(&["index"]).code, 0);
    // Replace the index with one whose schema quarry did not write.
    let meta = ws.index().join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    std::fs::write(&meta, text.replace("\"passage_id\"", "\"other_id\"")).unwrap();
    let run = ws.run(&["search", "--no-refresh", "trade"]);
    assert_eq!(run.code, 2, "{run:?}");
    // The hint repeats the options that were given (none here: the
    // default index of the default corpus).
    assert!(
        run.stderr
            .trim_end()
            .ends_with("rebuild it with: quarry index --rebuild"),
        "{}",
        run.stderr
    );
    let run = ws.run(&["index", "--rebuild"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(ws.run(&["search", "--no-refresh", "trade"]).code, 0);

    std::fs::write(&meta, "{ not json").unwrap();
    let run = ws.run(&["search", "--no-refresh", "trade"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("damaged"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn closed_pipe_is_not_an_error() {
    let ws = Workspace::shipped();
    assert_eq!(ws.run(&["index"]).code, 0);
    let mut child = std::process::Command::new(util::bin())
        .args(["search", "--no-refresh", "--json", "--limit", "1000", "*"])
        .current_dir(ws.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Segments the last commit of the index in `ws` lists.
fn segments(ws: &Workspace) -> usize {
    let meta = std::fs::read_to_string(ws.index().join("meta.json")).expect("meta.json");
    let meta: serde_json::Value = serde_json::from_str(&meta).expect("meta.json is JSON");
    meta["segments"].as_array().expect("segments").len()
}

#[test]
fn a_small_index_is_kept_in_one_segment_across_updates() {
    let ws = Workspace::new();
    for i in 0..40 {
        ws.write(
            &format!("note{i:02}.txt"),
            format!("Note {i}\n\nThe harbour log of day {i} lists ships and cargo.\n"),
        );
    }
    let run = ws.run(&["index", "--quiet"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(segments(&ws), 1);
    // An update writes a new segment, which the run merges in too.
    ws.write("late.txt", "Late note\n\nA glacier report, filed last.\n");
    let run = ws.run(&["index"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(counts(&run.stderr), [1, 0, 0, 40], "{}", run.stderr);
    assert_eq!(segments(&ws), 1);
    assert_eq!(ws.search_json(&["--no-refresh", "glacier"]).len(), 1);
    assert_eq!(
        ws.search_json(&["--no-refresh", "--limit", "100", "harbour"])
            .len(),
        40
    );
    // The merge kept the commit's manifest token: the next run finds
    // nothing to do.
    let run = ws.run(&["index"]);
    assert_eq!(counts(&run.stderr), [0, 0, 0, 41], "{}", run.stderr);
}

#[test]
fn an_index_of_another_corpus_is_replaced_only_when_asked() {
    let ws = Workspace::new();
    ws.write("a.txt", "A\n\nThe lighthouse keeper logs every ship.\n");
    let other = ws.path().join("other");
    std::fs::create_dir(&other).expect("mkdir");
    std::fs::write(
        other.join("b.txt"),
        "B\n\nThe orchard keeper picks apples.\n",
    )
    .expect("write");
    assert_eq!(ws.run(&["index"]).code, 0);
    let theirs = ["--corpus", "other", "--index", "index"];

    // A mistyped --corpus loses no index: every command refuses, once.
    for cmd in [&["search", "apples"][..], &["index"], &["figures"]] {
        let mut args = cmd.to_vec();
        args.extend_from_slice(&theirs);
        let run = ws.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(
            run.stderr
                .starts_with("quarry: the index at 'index' holds another corpus")
                && run
                    .stderr
                    .trim()
                    .ends_with("quarry index --rebuild --corpus other --index index"),
            "{}",
            run.stderr
        );
        assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    }
    let run = ws.run(&["search", "--no-refresh", "-c", "lighthouse"]);
    assert_eq!((run.code, run.stdout.trim()), (0, "1"), "{run:?}");

    // Asked for, it is replaced.
    let mut args = vec!["index", "--rebuild"];
    args.extend_from_slice(&theirs);
    assert_eq!(ws.run(&args).code, 0);
    let mut args = vec!["search", "-c", "apples"];
    args.extend_from_slice(&theirs);
    let run = ws.run(&args);
    assert_eq!((run.code, run.stdout.trim()), (0, "1"), "{run:?}");

    // A corpus that is gone (moved, renamed) is not worth keeping: its
    // index is rebuilt for the folder given, with a note.
    std::fs::rename(&other, ws.path().join("moved")).expect("rename");
    let run = ws.run(&[
        "search", "--corpus", "moved", "--index", "index", "-c", "apples",
    ]);
    assert_eq!((run.code, run.stdout.trim()), (0, "1"), "{run:?}");
    assert!(run.stderr.contains("another folder"), "{}", run.stderr);
}
