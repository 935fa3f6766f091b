//! Words with their byte spans, clauses and sentences, as the readers of
//! times, names, changes and bindings need them.
//!
//! Unlike the index's analyzer this keeps case (names and acronyms depend on
//! it) and records what separates words: a clause ends at `,` `;` `:` a
//! bracket or a dash, a sentence at `.` `!` `?` or a line break.

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word as written, without a possessive `’s` (`U.S.` is `US`).
    pub text: String,
    /// `text` in lower case.
    pub lower: String,
    /// Byte offset of its first byte.
    pub start: usize,
    /// Byte offset one past its last byte (the possessive included).
    pub end: usize,
    /// Index of its clause (increases at every clause or sentence break).
    pub clause: usize,
    /// First word of a sentence (or of the text).
    pub initial: bool,
    /// Written with a possessive `’s`.
    pub possessive: bool,
}

impl Word {
    /// Starts with an upper-case letter.
    pub fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// All digits (thousands separators and a decimal point allowed).
    pub fn is_number(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
            && self
                .text
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    }
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut clause = 0;
    let mut initial = true;
    let mut gap_start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        // The gap since the last word decides clause and sentence breaks.
        let gap = &text[gap_start..at];
        if gap_start > 0 || !out.is_empty() {
            let sentence_break =
                gap.contains(['.', '!', '?', '\n']) && !is_acronym_dot(&out, gap, c);
            if sentence_break {
                initial = true;
            }
            let clause_break =
                gap.contains([',', ';', ':', '(', ')', '[', ']', '—', '–']) || gap.contains(" - ");
            if sentence_break || clause_break {
                clause += 1;
            }
        }
        let mut j = i;
        let digit = c.is_ascii_digit();
        while j < chars.len() {
            let ch = chars[j].1;
            let next = chars.get(j + 1).map(|x| x.1);
            let apostrophe = (ch == '\'' || ch == '’') && next.is_some_and(char::is_alphabetic);
            let separator = digit
                && (ch == '.' || ch == ',')
                && next.is_some_and(|n| n.is_ascii_digit())
                && (ch == '.' || thousands_group(&chars, j + 1));
            if ch.is_alphanumeric() || apostrophe || separator {
                j += 1;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |x| x.0);
        let raw = &text[at..end];
        let (word, possessive) = match raw.strip_suffix("’s").or_else(|| raw.strip_suffix("'s")) {
            Some(w) if !w.is_empty() => (w, true),
            _ => (raw, false),
        };
        // `U.S.`, `U.K.`: single capitals joined by dots become one word.
        let joins_acronym = out.last().is_some_and(|w: &Word| {
            w.text.chars().all(|ch| ch.is_ascii_uppercase())
                && &text[w.end..at] == "."
                && word.len() == 1
                && word.chars().all(|ch| ch.is_ascii_uppercase())
                && w.text.len() <= 3
        });
        if joins_acronym && let Some(last) = out.last_mut() {
            last.text.push_str(word);
            last.lower = last.text.to_lowercase();
            last.end = end;
            last.possessive = possessive;
        } else {
            out.push(Word {
                text: word.to_string(),
                lower: word.to_lowercase(),
                start: at,
                end,
                clause,
                initial,
                possessive,
            });
            initial = false;
        }
        gap_start = end;
        i = j;
    }
    out
}

/// A `.` after a single capital (`U.S.`) that the next capital continues.
fn is_acronym_dot(out: &[Word], gap: &str, next: char) -> bool {
    let dot_then_capital = gap == "." && next.is_ascii_uppercase();
    let dot_then_lower = gap.trim_end() == "." && next.is_lowercase();
    (dot_then_capital || dot_then_lower)
        && out
            .last()
            .is_some_and(|w| w.text.len() <= 3 && w.text.chars().all(|c| c.is_ascii_uppercase()))
}

/// Exactly three digits follow at `j` and no digit after them.
fn thousands_group(chars: &[(usize, char)], j: usize) -> bool {
    (0..3).all(|k| chars.get(j + k).is_some_and(|x| x.1.is_ascii_digit()))
        && !chars.get(j + 3).is_some_and(|x| x.1.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_case_spans_and_breaks() {
        let w = words("Liaoning’s trade, with the U.S. grew. In 2021 it was 69,000 and 19,2022");
        let texts: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Liaoning", "trade", "with", "the", "US", "grew", "In", "2021", "it", "was",
                "69,000", "and", "19", "2022"
            ]
        );
        assert!(w[0].possessive);
        assert_eq!(w[0].clause + 1, w[2].clause);
        assert_eq!(w[4].clause, w[5].clause, "the acronym dots do not break");
        assert!(w[6].initial && !w[7].initial);
    }
}
