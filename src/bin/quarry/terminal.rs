//! What the binary shows on a terminal besides results: warnings, the
//! index summary, a progress meter, colour choice and human-readable sizes.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use quarry::error::Warning;
use quarry::index::{IndexSummary, Progress};
use quarry::{Error, Result};

use crate::cli::ColorChoice;

/// Skipped files named in the index summary before "and N more".
const SKIPPED_SHOWN: usize = 5;
/// Least time between two redraws of the progress meter.
const PROGRESS_REDRAW: Duration = Duration::from_millis(200);
/// Runs shorter than this show no progress meter at all.
const PROGRESS_DELAY: Duration = Duration::from_millis(500);

/// Prints a warning on stderr.
pub fn warn(w: &Warning) {
    eprintln!("quarry: warning: {}", quarry::output::safe(&w.to_string()));
}

/// Prints every warning on stderr.
pub fn warn_all(warnings: &[Warning]) {
    warnings.iter().for_each(warn);
}

/// Prints what an index run did (warnings always; the rest unless `quiet`).
pub fn report(s: &IndexSummary, index: &Path, quiet: bool) {
    warn_all(&s.warnings);
    if quiet {
        return;
    }
    if !s.skipped.is_empty() {
        let shown: Vec<String> = s
            .skipped
            .iter()
            .take(SKIPPED_SHOWN)
            .map(|(path, why)| format!("{} ({why})", quarry::output::safe(path)))
            .collect();
        let more = s.skipped.len().saturating_sub(shown.len());
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        eprintln!(
            "quarry: skipped {} file(s): {}{tail}",
            s.skipped.len(),
            shown.join(", ")
        );
    }
    eprintln!(
        "quarry: indexed {}, {} ({} added, {} changed, {} removed, {} unchanged) in {:.2}s; index is {} at {}",
        plural(s.documents, "document"),
        plural(s.passages, "passage"),
        s.added,
        s.changed,
        s.removed,
        s.unchanged,
        s.elapsed.as_secs_f64(),
        human_bytes(s.index_bytes),
        index.display()
    );
}

/// A one-line progress display on stderr, redrawn at most five times a second.
#[derive(Default)]
pub struct ProgressMeter {
    last: Option<Instant>,
    shown: bool,
}

impl ProgressMeter {
    /// Redraws the meter for `p`, unless it was drawn a moment ago or the
    /// run has only just started.
    pub fn show(&mut self, p: &Progress) {
        let now = Instant::now();
        if self
            .last
            .is_some_and(|t| now.duration_since(t) < PROGRESS_REDRAW)
            || p.elapsed < PROGRESS_DELAY
        {
            return;
        }
        self.last = Some(now);
        self.shown = true;
        let secs = p.elapsed.as_secs_f64().max(1e-3);
        let rate = p.bytes_done as f64 / secs;
        let eta = if rate > 0.0 {
            format!("{:.0}s", (p.bytes_total - p.bytes_done) as f64 / rate)
        } else {
            "?".into()
        };
        eprint!(
            "\rquarry: indexing {}/{} files, {}/{}, {}/s, ETA {eta}\x1b[K",
            p.files_done,
            p.files_total,
            human_bytes(p.bytes_done),
            human_bytes(p.bytes_total),
            human_bytes(rate as u64)
        );
    }

    /// Erases the meter if it was drawn.
    pub fn clear(&self) {
        if self.shown {
            eprint!("\r\x1b[K");
        }
    }
}

/// `1 document`, `2 documents`.
pub fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A size in bytes as people read it (`1.5 MiB`).
pub fn human_bytes(n: u64) -> String {
    const UNITS: &[&str] = &["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Whether to colour stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        // anstream's rules: a terminal, NO_COLOR unset, TERM not dumb
        // (CLICOLOR and CLICOLOR_FORCE honoured).
        ColorChoice::Auto => !matches!(
            anstream::AutoStream::choice(&io::stdout()),
            anstream::ColorChoice::Never
        ),
    }
}

/// Whether stderr is a terminal (for the progress meter).
pub fn stderr_is_terminal() -> bool {
    io::stderr().is_terminal()
}

/// Runs `write` against a buffered stdout, mapping write errors.
pub fn with_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(Error::output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_plurals() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(plural(1, "file"), "1 file");
        assert_eq!(plural(2, "file"), "2 files");
    }
}
