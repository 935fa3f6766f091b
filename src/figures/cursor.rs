//! Byte-level helpers for scanning figures: digits, char boundaries, word
//! boundaries, spaces and whole-word matches at a byte offset.
//!
//! The scanner walks text by byte offset and looks a few bytes ahead and
//! behind; these helpers keep every such look bounds-checked and on char
//! boundaries, so the code in `extract.rs` and `label.rs` never slices in
//! the middle of a character and never panics.

/// Is there an ASCII digit at byte `i`?
pub(super) fn is_digit_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(u8::is_ascii_digit)
}

/// The char starting at byte `i`, if `i` is a char boundary inside `text`.
pub(super) fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// The char ending at byte `i`.
pub(super) fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

/// Letters, digits and `_`: the chars a word is made of.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True if no word char starts at `i`.
pub(super) fn boundary_at(text: &str, i: usize) -> bool {
    !char_at(text, i).is_some_and(is_word_char)
}

/// True if no word char ends at `i`.
pub(super) fn boundary_before(text: &str, i: usize) -> bool {
    !char_before(text, i).is_some_and(is_word_char)
}

/// End of the run of word chars starting at `i`, continuing over a `-` or `/`
/// that is followed by an ASCII letter or digit.
pub(super) fn token_end(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while let Some(c) = char_at(text, i) {
        if is_word_char(c) {
            i += c.len_utf8();
        } else if (c == '-' || c == '/') && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// End of the ASCII letter run starting at `i`.
pub(super) fn ascii_letters_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1;
    }
    i
}

/// Skips up to three spaces, tabs or no-break spaces (no line breaks).
pub(super) fn skip_spaces(text: &str, mut i: usize) -> usize {
    for _ in 0..3 {
        match char_at(text, i) {
            Some(c @ (' ' | '\t' | '\u{a0}' | '\u{202f}' | '\u{2009}')) => i += c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// Steps back over up to three spaces (same set as [`skip_spaces`]).
pub(super) fn skip_spaces_back(text: &str, mut i: usize) -> usize {
    for _ in 0..3 {
        match char_before(text, i) {
            Some(c @ (' ' | '\t' | '\u{a0}' | '\u{202f}' | '\u{2009}')) => i -= c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// True if `pat` (lower-case ASCII, or exact non-ASCII) occurs at `i`
/// ignoring ASCII case.
pub(super) fn matches_ci(b: &[u8], i: usize, pat: &str) -> bool {
    let p = pat.as_bytes();
    b.get(i..i + p.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(p))
}

/// Matches `pat` at `i` ignoring ASCII case, followed by a word boundary;
/// returns the end.
pub(super) fn word_at(text: &str, i: usize, pat: &str) -> Option<usize> {
    let end = i + pat.len();
    (matches_ci(text.as_bytes(), i, pat) && boundary_at(text, end) && !contraction_at(text, end))
        .then_some(end)
}

/// Whether `'t` or `’t` ends a word at `i` (`won't`, `can’t`): the letters
/// before are not a word of their own.
fn contraction_at(text: &str, i: usize) -> bool {
    let rest = text.get(i..).unwrap_or_default();
    let after = rest
        .strip_prefix("'t")
        .or_else(|| rest.strip_prefix("’t"))
        .or_else(|| rest.strip_prefix("'T"))
        .or_else(|| rest.strip_prefix("’T"));
    after.is_some_and(|a| !a.chars().next().is_some_and(is_word_char))
}

/// Like [`word_at`] but case-sensitive.
pub(super) fn word_at_exact(text: &str, i: usize, pat: &str) -> Option<usize> {
    let end = i + pat.len();
    (text.as_bytes().get(i..end) == Some(pat.as_bytes()) && boundary_at(text, end)).then_some(end)
}

/// The word (ASCII letters) ending at `i`, with its start.
pub(super) fn word_before(text: &str, i: usize) -> Option<(usize, &str)> {
    let b = text.as_bytes();
    let mut s = i;
    while s > 0 && i - s < 16 && b[s - 1].is_ascii_alphabetic() {
        s -= 1;
    }
    if s == i || !boundary_before(text, s) {
        return None;
    }
    text.get(s..i).map(|w| (s, w))
}

/// The number of ASCII digits starting at `i` (at most `cap + 1`).
pub(super) fn digit_run(b: &[u8], i: usize, cap: usize) -> usize {
    let mut n = 0;
    while n <= cap && is_digit_at(b, i + n) {
        n += 1;
    }
    n
}

/// Parses a run of digits (with at most one `.`); 0 if it is not a finite
/// number.
pub(super) fn parse_digits(s: &str) -> f64 {
    s.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .unwrap_or(0.0)
}

/// Is `i` at the start of a line, ignoring spaces and a bullet (`-`, `*`, `•`)?
pub(super) fn at_line_start(text: &str, i: usize) -> bool {
    let mut j = skip_spaces_back(text, i);
    if let Some(c @ ('-' | '*' | '•' | '(')) = char_before(text, j) {
        j = skip_spaces_back(text, j - c.len_utf8());
    }
    matches!(char_before(text, j), None | Some('\n' | '\r'))
}

/// Is `i` at the end of a line, ignoring spaces?
pub(super) fn at_line_end(text: &str, i: usize) -> bool {
    let j = skip_spaces(text, i);
    matches!(char_at(text, j), None | Some('\n' | '\r'))
}
