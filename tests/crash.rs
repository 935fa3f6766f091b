//! Crash safety: `quarry index` killed with SIGKILL at several points never
//! leaves an index that cannot be searched, never shows part of an update, and
//! the next run completes the job.

mod util;

use std::process::{Command, Stdio};
use std::time::Instant;

use util::Workspace;

/// Files in the generated corpus (each about 3 KB, eight passages).
const FILES: usize = 2500;
/// Paragraphs (and so passages) per file.
const PASSAGES: usize = 8;

fn article(i: usize, marker: &str) -> String {
    let mut text = format!("Article number {i}\n\n");
    for p in 0..PASSAGES {
        text.push_str(&format!(
            "Paragraph {p} of article {i} mentions {marker} together with harbours, railways, \
             bridges and the steady growth of regional trade across many seasons. It goes on to \
             describe warehouses, cranes and ships that call at the port every week.\n\n"
        ));
    }
    text
}

fn hits(ws: &Workspace, word: &str) -> usize {
    let run = ws.run(&["search", "--no-refresh", "--count", word]);
    assert!(
        run.code == 0 || run.code == 1,
        "search failed after a crash: {run:?}"
    );
    run.stdout.trim().parse().expect("a count")
}

#[test]
fn killed_indexing_leaves_the_previous_state_searchable() {
    let ws = Workspace::new();
    for i in 0..FILES {
        ws.write(&format!("batch/{i:05}.txt"), article(i, "oldmarker"));
    }
    let run = ws.run(&["index", "--quiet"]);
    assert_eq!(run.code, 0, "{run:?}");
    let old = hits(&ws, "oldmarker");
    assert_eq!(old, FILES * PASSAGES, "every paragraph is a passage");

    // Rewrite every file with the other marker, start re-indexing and kill it
    // at several points. After each kill, exactly one state is visible.
    let rewrite = |marker: &str| {
        for i in 0..FILES {
            ws.write(&format!("batch/{i:05}.txt"), article(i, marker));
        }
    };
    // Time one complete re-index to place the kills inside real work.
    rewrite("newmarker");
    let started = Instant::now();
    assert_eq!(ws.run(&["index", "--quiet"]).code, 0);
    let full = started.elapsed();
    let mut visible = "newmarker";
    let mut committed = 0;
    for fraction in [0.1, 0.3, 0.5, 0.7, 0.9, 1.2] {
        let target = if visible == "oldmarker" {
            "newmarker"
        } else {
            "oldmarker"
        };
        rewrite(target);
        let mut child = Command::new(util::bin())
            .args(["index", "--quiet"])
            .current_dir(ws.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        std::thread::sleep(full.mul_f64(fraction));
        let finished = child.try_wait().expect("wait");
        let _ = child.kill(); // SIGKILL on Unix
        let out = child.wait_with_output().expect("wait");
        if let Some(status) = finished {
            assert!(
                status.success(),
                "index failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let finished = finished.is_some();
        let (before, after) = (hits(&ws, visible), hits(&ws, target));
        assert!(
            (before, after) == (FILES * PASSAGES, 0) || (before, after) == (0, FILES * PASSAGES),
            "partial update visible after a kill at {fraction}: {visible} {before}, {target} {after}"
        );
        assert!(
            !finished || after > 0,
            "a run that finished must have committed"
        );
        if after > 0 {
            committed += 1;
            visible = target;
        }
    }
    eprintln!("crash test: full re-index {full:?}; {committed} of 6 killed runs had committed");
    let last = if visible == "oldmarker" {
        "newmarker"
    } else {
        "oldmarker"
    };
    rewrite(last);

    // The next run completes the job.
    let run = ws.run(&["index", "--quiet"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(hits(&ws, visible), 0);
    assert_eq!(hits(&ws, last), FILES * PASSAGES);
    // And a further run finds nothing to do.
    let run = ws.run(&["index"]);
    assert!(
        run.stderr
            .contains(&format!("0 added, 0 changed, 0 removed, {FILES} unchanged")),
        "{}",
        run.stderr
    );
}
