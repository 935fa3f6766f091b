//! A default search sees files edited, added or deleted just before it, with
//! and without `quarry watch`.

mod util;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use util::{Workspace, bin, s};

const ALPHA: &str = "Alpha report\n\nThe harbour of Dalian handled record cargo volumes.\n";
const BETA: &str = "Beta report\n\nShenyang factories assembled industrial robots.\n";

fn workspace() -> Workspace {
    let ws = Workspace::new();
    ws.write("alpha.txt", ALPHA);
    ws.write("beta.txt", BETA);
    let run = ws.run(&["index", "--quiet"]);
    assert_eq!(run.code, 0, "{run:?}");
    ws
}

/// Paths of the documents a default `search --json QUERY` finds, and its stderr.
fn found(ws: &Workspace, query: &str) -> (Vec<String>, String) {
    let run = ws.run(&["search", "--json", query]);
    assert!(run.code == 0 || run.code == 1, "{run:?}");
    let mut paths: Vec<String> = run
        .json()
        .iter()
        .map(|h| s(h, "/doc/path").to_string())
        .collect();
    paths.sort();
    paths.dedup();
    (paths, run.stderr)
}

/// Edits, adds and deletes files and checks that the very next search sees
/// each change; `via_watcher` also checks that the search itself did not
/// have to update the index.
fn check_changes_seen(ws: &Workspace, via_watcher: bool) {
    let quiet = |stderr: &str| {
        if via_watcher {
            assert!(
                !stderr.contains("updated the index"),
                "the search updated the index itself: {stderr}"
            );
        }
    };
    // An edit of the same size, right after indexing: only the time moved.
    ws.write("alpha.txt", ALPHA.replace("cargo", "grain"));
    let (paths, err) = found(ws, "grain");
    assert_eq!(paths, ["alpha.txt"], "{err}");
    quiet(&err);
    let (paths, err) = found(ws, "cargo");
    assert!(paths.is_empty(), "{paths:?} {err}");
    quiet(&err);

    // An edit that changes the size.
    ws.write("beta.txt", format!("{BETA}Robots also painted cars.\n"));
    let (paths, err) = found(ws, "painted");
    assert_eq!(paths, ["beta.txt"], "{err}");
    quiet(&err);

    // A new file, in a new folder.
    ws.write(
        "new/gamma.txt",
        "Gamma\n\nDandong ferries cross to Incheon.\n",
    );
    let (paths, err) = found(ws, "ferries");
    assert_eq!(paths, ["new/gamma.txt"], "{err}");
    quiet(&err);

    // A deleted file.
    std::fs::remove_file(ws.corpus().join("beta.txt")).expect("delete");
    let (paths, err) = found(ws, "robots");
    assert!(paths.is_empty(), "{paths:?} {err}");
    quiet(&err);

    // A renamed file.
    std::fs::rename(ws.corpus().join("alpha.txt"), ws.corpus().join("delta.txt")).expect("rename");
    let (paths, err) = found(ws, "harbour");
    assert_eq!(paths, ["delta.txt"], "{err}");
    quiet(&err);
}

#[test]
fn default_search_sees_changes_made_just_before_it() {
    let ws = workspace();
    check_changes_seen(&ws, false);
}

/// A `quarry watch` child, killed when dropped.
struct Watcher {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Watcher {
    fn start(ws: &Workspace) -> Watcher {
        let mut child = Command::new(bin())
            .arg("watch")
            .current_dir(ws.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("quarry watch starts");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let w = Watcher { child, lines };
        w.wait_for("watching");
        w
    }

    fn wait_for(&self, text: &str) {
        loop {
            match self.lines.recv_timeout(Duration::from_secs(60)) {
                Ok(line) if line.contains(text) => return,
                Ok(_) => {}
                Err(e) => panic!("quarry watch never printed {text:?}: {e}"),
            }
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watched_search_sees_changes_without_walking() {
    let ws = workspace();
    let watcher = Watcher::start(&ws);
    check_changes_seen(&ws, true);

    // A second watcher of the same index is refused.
    let run = ws.run(&["watch"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.starts_with("quarry: ") && run.stderr.contains("already"),
        "{run:?}"
    );

    // Once the watcher is gone, searches check the corpus themselves again.
    drop(watcher);
    ws.write("late.txt", "Late\n\nYingkou exports steel coils.\n");
    let (paths, err) = found(&ws, "coils");
    assert_eq!(paths, ["late.txt"], "{err}");
    assert!(err.contains("updated the index"), "{err}");
}

#[test]
fn a_watcher_started_first_builds_the_index_and_leaves_a_folder_every_command_accepts() {
    // No `quarry index` before: the watcher makes the index, in a folder
    // that holds only a placeholder README, as the shipped `index/` does.
    let ws = Workspace::new();
    ws.write("alpha.txt", ALPHA);
    std::fs::create_dir(ws.index()).expect("mkdir index");
    std::fs::write(ws.index().join("README.md"), "Build output.\n").expect("write");
    let watcher = Watcher::start(&ws);
    let (paths, err) = found(&ws, "harbour");
    assert_eq!(paths, ["alpha.txt"], "{err}");
    drop(watcher);

    // The watcher's lock file is quarry's own: every command still works
    // on the folder once the watcher is gone, and a rebuild keeps the
    // placeholder.
    let (paths, err) = found(&ws, "harbour");
    assert_eq!(paths, ["alpha.txt"], "{err}");
    for args in [
        &["index"][..],
        &["index", "--rebuild"],
        &["search", "-c", "cargo"],
    ] {
        let run = ws.run(args);
        assert_eq!(run.code, 0, "{args:?}: {run:?}");
    }
    assert!(ws.index().join("README.md").is_file());
    let watcher = Watcher::start(&ws);
    drop(watcher);
}

#[test]
fn a_watcher_refuses_a_folder_of_other_files_and_writes_nothing_into_it() {
    let ws = Workspace::new();
    ws.write("alpha.txt", ALPHA);
    std::fs::create_dir(ws.index()).expect("mkdir index");
    std::fs::write(ws.index().join("notes.txt"), "mine\n").expect("write");
    let run = ws.run(&["watch"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.starts_with("quarry: ") && run.stderr.contains("notes.txt"),
        "{run:?}"
    );
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    let names: Vec<_> = std::fs::read_dir(ws.index())
        .expect("read index")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["notes.txt"]);
}
