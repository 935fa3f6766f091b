//! Helpers shared by the integration tests: run the real `quarry` binary in a
//! scratch folder and parse what it prints.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Path of the binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_quarry"))
}

/// The repository's shipped corpus.
pub fn shipped_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// What one run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Parses stdout as JSON Lines, failing the test with the output on error.
    pub fn json(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| {
                serde_json::from_str(l)
                    .unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}\nstderr: {}", self.stderr))
            })
            .collect()
    }
}

/// Runs `quarry ARGS` in `dir` with colour and environment pinned.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .expect("quarry runs");
    Run::from(out)
}

/// A scratch folder with a corpus and an index location.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    /// An empty workspace with a `corpus/` folder.
    pub fn new() -> Workspace {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("corpus")).expect("mkdir corpus");
        Workspace { dir }
    }

    /// A workspace whose corpus is a copy of the shipped one.
    pub fn shipped() -> Workspace {
        let ws = Workspace::new();
        for entry in std::fs::read_dir(shipped_corpus()).expect("read corpus") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), ws.corpus().join(entry.file_name())).expect("copy");
        }
        ws
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// Writes a corpus file (creating folders).
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let path = self.corpus().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, content).expect("write");
    }

    /// Runs quarry in the workspace (default `corpus/` and `index/`).
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    /// `quarry search --json ARGS`, expecting success, parsed.
    pub fn search_json(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["search", "--json"];
        all.extend_from_slice(args);
        let run = self.run(&all);
        assert_eq!(run.code, 0, "search {args:?} failed: {run:?}");
        run.json()
    }
}

/// A field of a hit as a string, or "" when absent or null.
pub fn s<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

/// A `[a, b]` pair of a hit.
pub fn pair(v: &Value, key: &str) -> (u64, u64) {
    let arr = v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not an array: {v}"));
    (
        arr[0].as_u64().expect("number"),
        arr[1].as_u64().expect("number"),
    )
}

/// The parts of a hit's `snippet` that its `highlights` mark.
pub fn highlighted(hit: &Value) -> Vec<String> {
    let snippet = hit["snippet"].as_str().unwrap_or_default();
    hit["highlights"]
        .as_array()
        .unwrap_or_else(|| panic!("no highlights: {hit}"))
        .iter()
        .map(|h| {
            let at = |i: usize| h[i].as_u64().expect("offset") as usize;
            snippet[at(0)..at(1)].to_string()
        })
        .collect()
}

pub mod http;
pub mod server;
