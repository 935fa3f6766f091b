//! Titles for documents that do not state one: the first meaningful line
//! of a plain-text file, and "<project> changelog" for a changelog whose
//! own headings are only versions and dates.

use crate::text::{first_words, normalize};

/// File names (before any extension, case-insensitive) of changelogs.
const CHANGELOG_NAMES: &[&str] = &[
    "changelog",
    "changes",
    "history",
    "news",
    "releases",
    "release-notes",
    "release_notes",
    "releasenotes",
];

/// Words a changelog heading may hold without saying anything about the
/// project: a title made only of these, numbers and punctuation is no title.
const CHANGELOG_WORDS: &[&str] = &[
    "changelog",
    "change",
    "changes",
    "log",
    "history",
    "news",
    "release",
    "releases",
    "notes",
    "version",
    "versions",
    "unreleased",
    "all",
    "notable",
    "to",
    "this",
    "project",
    "will",
    "be",
    "documented",
    "in",
    "file",
    "v",
];

/// The first line of `text` that says something (letters, and not only a
/// `Key: URL` line such as Debian's `Format:`), cut to `max_words` words.
pub fn first_meaningful_line(text: &str, max_words: usize) -> Option<String> {
    text.lines().find_map(|line| {
        let line = normalize(line.trim_start_matches('\u{feff}'));
        let letters = line.chars().filter(|c| c.is_alphabetic()).count();
        let value = line
            .split_once(": ")
            .map_or(line.as_str(), |(_, v)| v)
            .trim();
        let link_only = value.contains("://") && !value.contains(' ');
        (letters >= 2 && !link_only).then(|| first_words(&line, max_words))
    })
}

/// Whether the file `rel` is a changelog by its name (`CHANGELOG.md`,
/// `NEWS`, `changelog.Debian`, `HISTORY.rst`).
pub fn is_changelog(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    let stem = name.split('.').next().unwrap_or(&name);
    CHANGELOG_NAMES.contains(&stem)
}

/// Whether `title` says nothing but "changelog", versions and dates.
pub fn is_generic_changelog_title(title: &str) -> bool {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            w.chars().all(|c| c.is_ascii_digit())
                || (w.starts_with(['v', 'V']) && w[1..].chars().all(|c| c.is_ascii_digit()))
                || CHANGELOG_WORDS.contains(&w.to_lowercase().as_str())
        })
}

/// The title of a changelog of the project that `folder` names.
pub fn changelog_title(folder: &str) -> String {
    format!("{folder} changelog")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meaningful_lines() {
        assert_eq!(
            first_meaningful_line("\n=====\n  MIT License  \nPermission…", 12).as_deref(),
            Some("MIT License")
        );
        assert_eq!(
            first_meaningful_line(
                "Format: https://www.debian.org/doc/copyright-format/1.0/\nUpstream-Name: zlib\n",
                12
            )
            .as_deref(),
            Some("Upstream-Name: zlib")
        );
        assert_eq!(first_meaningful_line("--\n42\n", 12), None);
    }

    #[test]
    fn changelogs() {
        assert!(is_changelog("serde/CHANGELOG.md"));
        assert!(is_changelog("doc/zlib1g/changelog.Debian"));
        assert!(is_changelog("NEWS"));
        assert!(!is_changelog("newsletter.md"));
        for generic in [
            "Changelog",
            "Version 2.5.0",
            "[2.5.0] - 2024-01-02",
            "v1.2 (2020-03-04)",
            "Unreleased",
            "Release Notes",
        ] {
            assert!(is_generic_changelog_title(generic), "{generic}");
        }
        assert!(!is_generic_changelog_title("Serde changelog"));
        assert!(!is_generic_changelog_title("What's new in Tokio 1.0"));
    }
}
