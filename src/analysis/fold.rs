//! What characters mean to the analyzer, and how a term is spelled.
//!
//! The character classes that decide what belongs to a word (letters, digits,
//! apostrophes, combining marks, invisible format characters), the folding of
//! a character to its lower-case, accent-free form, and two scans built on
//! those classes: the `%` sign after a number and the points where a word
//! glued together by sloppy extraction (`CapitalShenyang`) is split.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Horizontal spaces allowed between a number and `%`, and inside `per cent`.
#[inline]
pub(super) fn is_inline_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{2009}' | '\u{200a}' | '\u{202f}' | '\u{2007}'
    )
}

/// Apostrophes that belong to a word (`don't`, `Liaoning’s`).
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Invisible format characters (soft hyphen, zero-width joiners, bidi controls, BOM).
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// Combining diacritics that are removed when folding (accents on Latin, Greek, …).
fn is_foldable_mark(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{36f}'
            | '\u{1ab0}'..='\u{1aff}'
            | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}'
            | '\u{fe20}'..='\u{fe2f}'
    )
}

/// Characters that belong to a unit (word run) inside a segment.
#[inline]
pub(super) fn is_unit_char(c: char) -> bool {
    c.is_alphanumeric() || is_apostrophe(c) || is_combining_mark(c) || is_format(c)
}

/// Appends the lower-cased, accent-folded form of `c` to `out`. Apostrophes,
/// format characters and combining diacritics produce nothing.
pub(super) fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        if c != '\'' {
            out.push(c.to_ascii_lowercase());
        }
        return;
    }
    if is_apostrophe(c) || is_format(c) || is_foldable_mark(c) {
        return;
    }
    for l in c.to_lowercase() {
        match l {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'þ' => out.push_str("th"),
            'ø' => out.push('o'),
            'đ' | 'ð' => out.push('d'),
            'ł' => out.push('l'),
            'ı' => out.push('i'),
            'ħ' => out.push('h'),
            // Latin-1 supplement, Latin extended A/B, Greek, Latin extended
            // additional, Greek extended, ligatures and full-width ASCII forms:
            // compatibility-decompose and drop the diacritics.
            '\u{c0}'..='\u{24f}'
            | '\u{370}'..='\u{3ff}'
            | '\u{1e00}'..='\u{1fff}'
            | '\u{fb00}'..='\u{fb06}'
            | '\u{ff01}'..='\u{ff5e}' => decompose_compatible(l, |d| {
                if !is_foldable_mark(d) {
                    for dl in d.to_lowercase() {
                        out.push(dl);
                    }
                }
            }),
            _ if is_foldable_mark(l) => {}
            _ => out.push(l),
        }
    }
}

/// Whether `text[from..]` starts with optional inline spaces followed by a percent sign.
/// Returns the byte range of the sign.
#[inline]
pub(super) fn percent_sign_after(text: &str, from: usize) -> Option<(usize, usize)> {
    let rest = text.get(from..)?;
    let mut spaces = 0;
    for (i, c) in rest.char_indices() {
        match c {
            '%' | '\u{ff05}' | '\u{66a}' | '\u{fe6a}' => {
                return Some((from + i, from + i + c.len_utf8()));
            }
            _ if is_inline_space(c) && spaces < 3 => spaces += 1,
            _ => return None,
        }
    }
    None
}

/// Byte offsets (into `word`) where a glued word should be split:
/// lower→Upper (`capitalShenyang`) and UPPER→Upper+lower (`ITGrowing`), except a
/// plural acronym such as `CPUs`.
#[inline]
pub(super) fn glued_split_points(word: &str, out: &mut Vec<usize>) {
    // (byte offset, is_upper, is_lower) of the letters/digits only.
    let mut prev: Option<(usize, char)> = None;
    let mut prev2: Option<char> = None;
    let mut iter = word
        .char_indices()
        .filter(|(_, c)| c.is_alphanumeric())
        .peekable();
    while let Some((i, c)) = iter.next() {
        if let Some((_, p)) = prev {
            if p.is_lowercase() && c.is_uppercase() {
                out.push(i);
            } else if p.is_uppercase() && c.is_lowercase() {
                // `prev` starts a capitalised word; split before it if it follows
                // another upper-case letter, unless this is a plural `s` at the end.
                let plural = c == 's' && iter.peek().is_none();
                if let (Some(pp), Some((pi, _))) = (prev2, prev)
                    && pp.is_uppercase()
                    && !plural
                    && out.last() != Some(&pi)
                {
                    out.push(pi);
                }
            }
        }
        prev2 = prev.map(|(_, p)| p);
        prev = Some((i, c));
    }
}
