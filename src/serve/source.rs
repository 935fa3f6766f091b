//! Reading a passage's source file for the passage view, and nothing
//! outside the corpus folder: the path comes from the index, and is
//! checked again here before any file is opened.

use std::path::{Component, Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::ingest::{self, Format};
use crate::search::Hit;

/// Most bytes of source text a passage view carries.
pub const MAX_SOURCE_BYTES: usize = 64 * 1024;

/// The file `rel` names inside `corpus` (canonical), or `None` when `rel`
/// is absolute, climbs with `..`, or resolves (through links) outside it.
pub fn inside(corpus: &Path, rel: &str) -> Option<PathBuf> {
    if rel.is_empty() || rel.contains('\0') {
        return None;
    }
    let relative = Path::new(rel);
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let path = ingest::walk::rel_to_path(corpus, rel).canonicalize().ok()?;
    path.starts_with(corpus).then_some(path)
}

/// The lines of `hit`'s source file from `margin` lines before the passage
/// to `margin` after it: `(first line, last line, text)`. `None` for a
/// JSON Lines record, or a file that is gone or outside the corpus.
pub fn excerpt(corpus: &Path, hit: &Hit, margin: u64) -> Option<(u64, u64, String)> {
    if Format::of(&hit.doc.path) == Some(Format::JsonLines) {
        return None;
    }
    inside(corpus, &hit.doc.path)?;
    let decoded = ingest::read_decoded(corpus, &hit.doc.path)?;
    let first = hit.lines.0.saturating_sub(margin).max(1);
    let last = hit.lines.1.saturating_add(margin);
    let mut text = String::new();
    let mut shown = first;
    for (n, line) in decoded.text.split('\n').enumerate() {
        let n = n as u64 + 1;
        if n < first {
            continue;
        }
        if n > last || text.len() + line.len() > MAX_SOURCE_BYTES {
            break;
        }
        if n > first {
            text.push('\n');
        }
        text.push_str(line.strip_suffix('\r').unwrap_or(line));
        shown = n;
    }
    Some((first, shown, text))
}

/// A time as ISO 8601 in UTC, to the second (`2026-11-29T09:14:03Z`).
pub fn iso_time(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn iso_times() {
        assert_eq!(iso_time(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_795_000_000);
        assert_eq!(iso_time(t), "2026-11-18T11:06:40Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(iso_time(leap), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn only_files_inside_the_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("c");
        std::fs::create_dir_all(corpus.join("sub")).unwrap();
        std::fs::write(corpus.join("sub/a.txt"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        let corpus = corpus.canonicalize().unwrap();
        assert!(inside(&corpus, "sub/a.txt").is_some());
        assert!(inside(&corpus, "../secret.txt").is_none());
        assert!(inside(&corpus, "sub/../../secret.txt").is_none());
        assert!(inside(&corpus, "/etc/passwd").is_none());
        assert!(inside(&corpus, "").is_none());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), corpus.join("link.txt"))
                .unwrap();
            assert!(inside(&corpus, "link.txt").is_none());
        }
    }
}
