//! From glyph positions to lines in reading order.
//!
//! A PDF says where each character goes, not which line or column it
//! belongs to, and programs draw text in any order. This module rebuilds
//! the reading order from geometry alone:
//!
//! 1. **Segments.** Glyphs that follow each other on one baseline make
//!    runs; runs on one baseline (superscripts included) make rows; a row
//!    is cut into segments wherever a gap wider than [`SEGMENT_GAP_EM`]
//!    ems opens (a column gutter, a table's cells), or where it crosses
//!    one of the page's gutters (a strip of the width almost no glyph
//!    covers, however narrow). Text written in another direction than
//!    most of the page's (a margin stamp) is dropped.
//! 2. **Running lines.** [`running_segments`] finds the top and bottom rows
//!    repeated across pages (headers, footers, page numbers, with digits
//!    ignored) and bare page numbers, which are left out.
//! 3. **Columns.** A recursive XY cut: a region is cut into bands at
//!    horizontal white space; consecutive bands sharing a vertical gutter
//!    are taken together and cut at it into columns, read left to right;
//!    each column is cut again. A leaf is read row by row.
//! 4. **Paragraphs.** [`Paragrapher`] joins lines: a new paragraph starts
//!    after a wider gap, at a change of font size (headings), at a
//!    first-line indent or after a short line. Across columns and pages a
//!    paragraph continues when the last line is full and unfinished. Words
//!    hyphenated at a line end are rejoined.

use super::glyphs::{Glyph, RawPage};

/// A gap between glyphs wider than this (in ems) is a space.
const WORD_GAP_EM: f32 = 0.12;
/// Width of a character (in ems) assumed for fonts whose widths are missing.
const UNMEASURED_EM: f32 = 0.5;
/// A gap on a row wider than this (in ems) separates segments.
const SEGMENT_GAP_EM: f32 = 1.2;
/// Baselines closer than this (in ems of the larger font) are one row
/// when the fonts differ in size (superscripts, subscripts)…
const ROW_TOLERANCE_EM: f32 = 0.45;
/// …and closer than this when they are of one size.
const SAME_SIZE_ROW_TOLERANCE_EM: f32 = 0.25;
/// Narrowest column gutter, in ems of the page's usual font size (pieces
/// of rows are apart by a word gap, [`SEGMENT_GAP_EM`], unless a page
/// gutter parts them: see [`gutters`]).
const GUTTER_EM: f32 = NARROW_GUTTER_EM;
/// Fewest rows of text on each side of a column gutter.
const MIN_COLUMN_ROWS: usize = 2;
/// Top and bottom rows of a page examined for running headers and footers.
const EDGE_ROWS: usize = 2;
/// A line set this much larger (ratio) than body text is a heading.
const HEADING_RATIO: f32 = 1.15;
/// Baselines further apart than this (in ems) start a new paragraph.
const PARAGRAPH_GAP_EM: f32 = 1.5;
/// A line ending this far (in ems) before its column's right edge is short.
const SHORT_LINE_EM: f32 = 2.5;
/// A line starting this far (in ems) right of its column's left edge is indented.
const INDENT_EM: f32 = 0.7;

/// A piece of a row: text with no wide gap inside.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Baseline (y grows downwards).
    pub y: f32,
    /// Font size of most of its text.
    pub size: f32,
    /// The text, words separated by single spaces.
    pub text: String,
    /// Index of the row it belongs to on its page.
    pub row: usize,
}

impl Segment {
    fn top(&self) -> f32 {
        self.y - 0.75 * self.size
    }
    fn bottom(&self) -> f32 {
        self.y + 0.2 * self.size
    }
}

/// A line of text in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The text.
    pub text: String,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    /// Font size.
    pub size: f32,
}

/// A column or block: lines read top to bottom, with its horizontal extent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Block {
    /// The lines.
    pub lines: Vec<Line>,
    /// Left edge of the block.
    pub x0: f32,
    /// Right edge of the block.
    pub x1: f32,
}

/// A run of glyphs drawn one after the other on one baseline.
#[derive(Debug, Clone)]
struct Run {
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    text: String,
    chars: usize,
}

/// The page's glyphs in the frame of its main writing direction: x along
/// the lines, y down the page. Glyphs written in other directions are dropped.
fn upright(page: &RawPage) -> Vec<Glyph> {
    let mut counts = [0usize; 4];
    for g in &page.glyphs {
        counts[usize::from(g.turn & 3)] += 1;
    }
    let turn = (0..4).max_by_key(|&t| (counts[t], 4 - t)).unwrap_or(0) as u8;
    page.glyphs
        .iter()
        .filter(|g| g.turn == turn)
        .map(|g| {
            let (x, y) = match turn {
                0 => (g.x, g.y),
                1 => (g.y, -g.x),
                2 => (-g.x, -g.y),
                _ => (-g.y, g.x),
            };
            Glyph { x, y, ..g.clone() }
        })
        .collect()
}

/// Narrowest gutter found by [`gutters`], in ems of the page's usual size.
const NARROW_GUTTER_EM: f32 = 0.5;
/// A stretch of the page's width is free of text when fewer glyphs cover
/// it than this share of the usual coverage of its text columns.
const FREE_COVERAGE: f32 = 0.15;
/// …and the text beside a gutter covers at least this share of it.
const COLUMN_COVERAGE: f32 = 0.5;

/// Vertical gutters of the page: stretches of its width that almost no
/// glyph covers (full-width titles and captions cross them), at least
/// [`NARROW_GUTTER_EM`] wide, with well-covered text on both sides. A
/// gutter narrower than a word gap ([`SEGMENT_GAP_EM`]) would otherwise
/// join the lines of two columns that share a baseline.
fn gutters(glyphs: &[Glyph]) -> Vec<(f32, f32)> {
    if glyphs.len() < 200 {
        return Vec::new();
    }
    let mut sizes: Vec<f32> = glyphs.iter().map(|g| g.size).collect();
    sizes.sort_by(f32::total_cmp);
    let em = sizes[sizes.len() / 2];
    let left = glyphs.iter().map(|g| g.x).fold(f32::INFINITY, f32::min);
    let right = glyphs
        .iter()
        .map(|g| g.x + g.width)
        .fold(f32::NEG_INFINITY, f32::max);
    let bins = (right - left).ceil();
    if !(bins.is_finite() && (1.0..=20_000.0).contains(&bins)) {
        return Vec::new();
    }
    let mut cover = vec![0u32; bins as usize + 1];
    for g in glyphs {
        let a = ((g.x - left).max(0.0) as usize).min(cover.len() - 1);
        let b = ((g.x + g.width - left).max(0.0).ceil() as usize).clamp(a + 1, cover.len());
        for c in &mut cover[a..b] {
            *c += 1;
        }
    }
    let mut covered: Vec<u32> = cover.iter().copied().filter(|&c| c > 0).collect();
    covered.sort_unstable();
    let usual = covered[covered.len() * 9 / 10] as f32;
    let free = |c: u32| (c as f32) <= FREE_COVERAGE * usual;
    let mut out = Vec::new();
    let mut i = 0;
    while i < cover.len() {
        if !free(cover[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < cover.len() && free(cover[i]) {
            i += 1;
        }
        let (a, b) = (start, i);
        let reach = em.ceil() as usize;
        let beside = |range: std::ops::Range<usize>| {
            let n = range.len().max(1) as f32;
            range.map(|k| cover[k] as f32).sum::<f32>() / n
        };
        if start > 0
            && i < cover.len()
            && (b - a) as f32 >= NARROW_GUTTER_EM * em
            && beside(a.saturating_sub(reach)..a) >= COLUMN_COVERAGE * usual
            && beside(b..(b + reach).min(cover.len())) >= COLUMN_COVERAGE * usual
        {
            out.push((left + a as f32, left + b as f32));
        }
    }
    out
}

/// Whether the gap from `end` to `start` spans one of the `gutters`.
fn across(gutters: &[(f32, f32)], end: f32, start: f32) -> bool {
    gutters
        .iter()
        .any(|&(a, b)| end <= a + 0.5 && start >= b - 0.5)
}

/// Glyphs into runs, in drawing order; no run crosses a gutter.
fn runs(glyphs: &[Glyph], gutters: &[(f32, f32)]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for g in glyphs {
        if let Some(r) = runs.last_mut() {
            let gap = g.x - r.x1;
            let em = r.size.max(g.size);
            if (g.y - r.y).abs() < 0.2 * em
                && gap > -0.3 * em
                && gap < SEGMENT_GAP_EM * em
                && !across(gutters, r.x1, g.x)
            {
                if gap > WORD_GAP_EM * em {
                    r.text.push(' ');
                }
                r.text.push_str(&g.text);
                r.x1 = r.x1.max(g.x + g.width);
                r.chars += 1;
                continue;
            }
        }
        runs.push(Run {
            x0: g.x,
            x1: g.x + g.width,
            y: g.y,
            size: g.size,
            text: g.text.clone(),
            chars: 1,
        });
    }
    // A font without usable widths piles a run's glyphs on one spot: give
    // the run the width an average text of its length would have.
    for r in &mut runs {
        let est = UNMEASURED_EM * r.size * r.chars as f32;
        if r.x1 - r.x0 < 0.1 * est {
            r.x1 = r.x0 + est;
        }
    }
    runs
}

/// Groups items with a baseline and a size into rows: sorted by baseline,
/// an item joins the row when its baseline is within [`ROW_TOLERANCE_EM`]
/// of the row's first item (within [`SAME_SIZE_ROW_TOLERANCE_EM`] when
/// both are of one size). Returns the rows, each a list of indices.
fn rows_of(items: &[(f32, f32)]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items[a].0.total_cmp(&items[b].0));
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut anchor = (f32::NEG_INFINITY, 0.0f32);
    for i in order {
        let (y, size) = items[i];
        match rows.last_mut() {
            Some(row) if (y - anchor.0).abs() <= row_tolerance(size, anchor.1) => {
                row.push(i);
                if size > anchor.1 {
                    anchor.1 = size;
                }
            }
            _ => {
                rows.push(vec![i]);
                anchor = (y, size);
            }
        }
    }
    rows
}

/// How far apart the baselines of text in fonts of sizes `a` and `b` may
/// be on one row.
fn row_tolerance(a: f32, b: f32) -> f32 {
    let (small, large) = (a.min(b), a.max(b));
    if small > large / 1.15 {
        SAME_SIZE_ROW_TOLERANCE_EM * large
    } else {
        ROW_TOLERANCE_EM * large
    }
}

/// The page's segments, row by row (top to bottom), each row left to right.
pub fn segments(page: &RawPage) -> Vec<Segment> {
    let glyphs = upright(page);
    let gutters = gutters(&glyphs);
    let runs = runs(&glyphs, &gutters);
    let keys: Vec<(f32, f32)> = runs.iter().map(|r| (r.y, r.size)).collect();
    let mut out = Vec::new();
    for (row_no, mut row) in rows_of(&keys).into_iter().enumerate() {
        row.sort_by(|&a, &b| runs[a].x0.total_cmp(&runs[b].x0));
        let mut current: Option<(Segment, usize)> = None;
        let mut kept: Vec<&Run> = Vec::new();
        for &i in &row {
            let r = &runs[i];
            // The same text drawn again on top of itself (fake bold).
            if kept.iter().any(|k| {
                k.text == r.text && (k.x0 - r.x0).abs() < 0.5 * r.size && (k.y - r.y).abs() < 0.5
            }) {
                continue;
            }
            kept.push(r);
            match &mut current {
                Some((seg, main))
                    if r.x0 - seg.x1 < SEGMENT_GAP_EM * seg.size.max(r.size)
                        && !across(&gutters, seg.x1, r.x0) =>
                {
                    if r.x0 - seg.x1 > WORD_GAP_EM * seg.size.min(r.size) || r.x0 < seg.x1 - 1.0 {
                        seg.text.push(' ');
                    }
                    seg.text.push_str(&r.text);
                    seg.x1 = seg.x1.max(r.x1);
                    if r.chars > *main {
                        *main = r.chars;
                        seg.y = r.y;
                        seg.size = r.size;
                    }
                }
                _ => {
                    if let Some((seg, _)) = current.take() {
                        out.push(seg);
                    }
                    current = Some((
                        Segment {
                            x0: r.x0,
                            x1: r.x1,
                            y: r.y,
                            size: r.size,
                            text: r.text.clone(),
                            row: row_no,
                        },
                        r.chars,
                    ));
                }
            }
        }
        if let Some((seg, _)) = current {
            out.push(seg);
        }
    }
    out
}

/// The text of a row of segments, for comparing rows across pages: lower
/// case, digits replaced by `#`, without spaces.
fn row_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if c.is_ascii_digit() {
                '#'
            } else {
                c.to_lowercase().next().unwrap_or(c)
            }
        })
        .collect()
}

/// Whether `text` is only a page number: `12`, `- 12 -`, `Page 3`,
/// `3 of 10`, `xiv`.
pub fn is_page_number(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    let lower = t.to_lowercase();
    let t = lower.strip_prefix("page").map_or(lower.as_str(), str::trim);
    let mut words = t.split_whitespace();
    let first = words.next().unwrap_or("");
    let number = |w: &str| {
        (!w.is_empty() && w.len() <= 5 && w.chars().all(|c| c.is_ascii_digit()))
            || (!w.is_empty() && w.len() <= 6 && w.chars().all(|c| "ivxlc".contains(c)))
    };
    let rest: Vec<&str> = words.collect();
    number(first) && (rest.is_empty() || (rest.len() == 2 && rest[0] == "of" && number(rest[1])))
}

/// Text at a page's top or bottom edge: its segments, whether it is at
/// the top, its key ([`row_key`]) and its text.
type EdgeText = (Vec<usize>, bool, String, String);

/// For each page, which of its segments are running headers, footers or
/// page numbers: in the [`EDGE_ROWS`] top or bottom rows, a row whose
/// text (digits aside) is at the same edge of other pages, a segment that
/// is, and a segment that is a bare page number.
pub fn running_segments(pages: &[Vec<Segment>]) -> Vec<Vec<bool>> {
    use std::collections::HashMap;
    // What each page has at its edges: (segment indices, top edge, key, text).
    let edges: Vec<Vec<EdgeText>> = pages
        .iter()
        .map(|segs| {
            let rows = segs.iter().map(|s| s.row).max().map_or(0, |m| m + 1);
            let mut members: Vec<Vec<usize>> = vec![Vec::new(); rows];
            for (i, s) in segs.iter().enumerate() {
                members[s.row].push(i);
            }
            let mut picked = Vec::new();
            for (row, ids) in members.into_iter().enumerate() {
                let top = row < EDGE_ROWS;
                if !(top || row + EDGE_ROWS >= rows) {
                    continue;
                }
                let text: Vec<&str> = ids.iter().map(|&i| segs[i].text.as_str()).collect();
                let text = text.join(" ");
                if ids.len() > 1 {
                    for &i in &ids {
                        picked.push((vec![i], top, row_key(&segs[i].text), segs[i].text.clone()));
                    }
                }
                picked.push((ids, top, row_key(&text), text));
            }
            picked
        })
        .collect();
    let mut seen: HashMap<(bool, &str), usize> = HashMap::new();
    for page in &edges {
        let mut keys: Vec<(bool, &str)> = page
            .iter()
            .map(|(_, top, k, _)| (*top, k.as_str()))
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            *seen.entry(key).or_default() += 1;
        }
    }
    let needed = if pages.len() <= 3 { 2 } else { 3 };
    edges
        .iter()
        .zip(pages)
        .map(|(page, segs)| {
            let mut drop = vec![false; segs.len()];
            for (ids, top, key, text) in page {
                // A repeated running line has words (a bare `2.1` does not count).
                let repeated = key.chars().filter(|c| c.is_alphabetic()).count() >= 3
                    && seen.get(&(*top, key.as_str())).copied().unwrap_or(0) >= needed;
                if repeated || is_page_number(text) {
                    for &i in ids {
                        drop[i] = true;
                    }
                }
            }
            drop
        })
        .collect()
}

/// Free stretches of `[from, to]` not covered by any of `spans`.
fn free(spans: &mut [(f32, f32)], from: f32, to: f32) -> Vec<(f32, f32)> {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut at = from;
    for &(a, b) in spans.iter() {
        if a > at {
            out.push((at, a));
        }
        at = at.max(b);
    }
    if to > at {
        out.push((at, to));
    }
    out
}

fn intersect(a: &[(f32, f32)], b: &[(f32, f32)]) -> Vec<(f32, f32)> {
    let mut out = Vec::new();
    for &(a0, a1) in a {
        for &(b0, b1) in b {
            let (lo, hi) = (a0.max(b0), a1.min(b1));
            if hi > lo {
                out.push((lo, hi));
            }
        }
    }
    out
}

/// The page's segments in reading order, as blocks of lines.
pub fn read_order(segs: &[Segment]) -> Vec<Block> {
    if segs.is_empty() {
        return Vec::new();
    }
    let mut sizes: Vec<f32> = segs.iter().map(|s| s.size).collect();
    sizes.sort_by(f32::total_cmp);
    let gutter = GUTTER_EM * sizes[sizes.len() / 2];
    let mut out = Vec::new();
    cut((0..segs.len()).collect(), segs, gutter, 0, &mut out);
    out
}

/// Deepest recursion of the XY cut (each level splits a region in two or
/// more, so real pages never get near it).
const MAX_DEPTH: usize = 64;

fn cut(ids: Vec<usize>, segs: &[Segment], gutter: f32, depth: usize, out: &mut Vec<Block>) {
    let (x0, x1) = extent(&ids, segs);
    // Bands: runs of segments whose vertical extents overlap.
    let mut order = ids;
    order.sort_by(|&a, &b| segs[a].top().total_cmp(&segs[b].top()));
    let mut bands: Vec<Vec<usize>> = Vec::new();
    let mut bottom = f32::NEG_INFINITY;
    for i in order {
        match bands.last_mut() {
            Some(band) if segs[i].top() < bottom => band.push(i),
            _ => bands.push(vec![i]),
        }
        bottom = bottom.max(segs[i].bottom());
    }
    let interior = |spans: &[(f32, f32)]| {
        spans
            .iter()
            .any(|&(a, b)| a > x0 && b < x1 && b - a >= gutter)
    };
    let free_of = |band: &[usize]| {
        let mut spans: Vec<(f32, f32)> = band.iter().map(|&i| (segs[i].x0, segs[i].x1)).collect();
        free(&mut spans, x0, x1)
    };
    // Consecutive bands that share a gutter are read together.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut shared: Vec<(f32, f32)> = Vec::new();
    for band in bands {
        let band_free = free_of(&band);
        match groups.last_mut() {
            Some(group) if interior(&intersect(&shared, &band_free)) => {
                shared = intersect(&shared, &band_free);
                group.extend(band);
            }
            _ => {
                groups.push(band);
                shared = band_free;
            }
        }
    }
    let single = groups.len() == 1;
    for group in groups {
        match columns(&group, segs, gutter) {
            Some(cols) if depth < MAX_DEPTH && (cols.len() > 1) => {
                for col in cols {
                    cut(col, segs, gutter, depth + 1, out);
                }
            }
            _ if !single && depth < MAX_DEPTH => cut(group, segs, gutter, depth + 1, out),
            _ => out.push(leaf(&group, segs)),
        }
    }
}

/// The horizontal extent of the segments `ids`: leftmost left edge and
/// rightmost right edge.
fn extent(ids: &[usize], segs: &[Segment]) -> (f32, f32) {
    ids.iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(x0, x1), &i| {
            (x0.min(segs[i].x0), x1.max(segs[i].x1))
        })
}

/// `ids` cut at vertical gutters into columns, left to right; `None` when
/// there is no gutter or the region is a single row.
fn columns(ids: &[usize], segs: &[Segment], gutter: f32) -> Option<Vec<Vec<usize>>> {
    let first_row = segs[ids[0]].row;
    if ids.iter().all(|&i| segs[i].row == first_row) {
        return None;
    }
    let (x0, x1) = extent(ids, segs);
    let mut spans: Vec<(f32, f32)> = ids.iter().map(|&i| (segs[i].x0, segs[i].x1)).collect();
    // A gutter has columns on both sides: at least two rows of text each.
    let rows_beside = |keep: &dyn Fn(&Segment) -> bool| {
        let mut rows: Vec<usize> = ids
            .iter()
            .map(|&i| &segs[i])
            .filter(|s| keep(s))
            .map(|s| s.row)
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows.len()
    };
    let gaps: Vec<(f32, f32)> = free(&mut spans, x0, x1)
        .into_iter()
        .filter(|&(a, b)| {
            b - a >= gutter
                && rows_beside(&|s: &Segment| s.x1 <= a) >= MIN_COLUMN_ROWS
                && rows_beside(&|s: &Segment| s.x0 >= b) >= MIN_COLUMN_ROWS
        })
        .collect();
    if gaps.is_empty() {
        return None;
    }
    let mut cols: Vec<Vec<usize>> = vec![Vec::new(); gaps.len() + 1];
    for &i in ids {
        let col = gaps.iter().filter(|&&(a, _)| segs[i].x0 >= a).count();
        cols[col].push(i);
    }
    cols.retain(|c| !c.is_empty());
    Some(cols)
}

/// A region with no further cut: its rows, top to bottom.
fn leaf(ids: &[usize], segs: &[Segment]) -> Block {
    let keys: Vec<(f32, f32)> = ids.iter().map(|&i| (segs[i].y, segs[i].size)).collect();
    let mut block = Block {
        lines: Vec::new(),
        x0: f32::INFINITY,
        x1: f32::NEG_INFINITY,
    };
    for mut row in rows_of(&keys) {
        row.sort_by(|&a, &b| segs[ids[a]].x0.total_cmp(&segs[ids[b]].x0));
        let parts: Vec<&Segment> = row.iter().map(|&r| &segs[ids[r]]).collect();
        let main = parts
            .iter()
            .max_by_key(|s| s.text.len())
            .copied()
            .unwrap_or(parts[0]);
        let line = Line {
            text: parts
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            x0: parts[0].x0,
            x1: parts.iter().map(|s| s.x1).fold(f32::NEG_INFINITY, f32::max),
            y: main.y,
            size: main.size,
        };
        block.x0 = block.x0.min(line.x0);
        block.x1 = block.x1.max(line.x1);
        block.lines.push(line);
    }
    block
}

/// Characters that end a paragraph's last line.
fn is_finished(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', '”', '’', ')', ']'])
        .ends_with(['.', '!', '?', ':', '…'])
}

/// The most common font size of the document's text, weighted by length.
pub fn body_size(pages: &[Vec<Block>]) -> f32 {
    use std::collections::HashMap;
    let mut weight: HashMap<i32, usize> = HashMap::new();
    for line in pages.iter().flatten().flat_map(|b| &b.lines) {
        *weight.entry((line.size * 2.0).round() as i32).or_default() += line.text.len();
    }
    weight
        .into_iter()
        .max_by_key(|&(size, w)| (w, -size))
        .map_or(10.0, |(size, _)| size as f32 / 2.0)
}

/// Builds the document's text, paragraph by paragraph (separated by blank
/// lines), remembering where each page's text starts.
pub struct Paragrapher {
    body: f32,
    /// The text so far.
    pub text: String,
    /// Byte offset in `text` where each page's text starts.
    pub page_starts: Vec<usize>,
    last: Option<(Line, f32, f32, bool)>,
}

impl Paragrapher {
    /// A paragrapher for a document whose body text is set in `body` points.
    pub fn new(body: f32) -> Paragrapher {
        Paragrapher {
            body,
            text: String::new(),
            page_starts: Vec::new(),
            last: None,
        }
    }

    fn is_heading(&self, line: &Line) -> bool {
        line.size >= self.body * HEADING_RATIO
    }

    /// Adds one page's blocks.
    pub fn page(&mut self, blocks: &[Block]) {
        self.page_starts.push(self.text.len());
        let mut first_on_page = true;
        for block in blocks {
            for (i, line) in block.lines.iter().enumerate() {
                let heading = self.is_heading(line);
                let new_paragraph = match &self.last {
                    None => true,
                    Some((prev, px0, px1, prev_heading)) => {
                        let em = prev.size.max(line.size);
                        let resized = (prev.size - line.size).abs() > 0.1 * em;
                        let short = prev.x1 < px1 - SHORT_LINE_EM * prev.size;
                        if heading || *prev_heading {
                            !(heading && *prev_heading && !resized && i > 0)
                        } else if i == 0 {
                            // A new column or page: continue an unfinished, full line.
                            resized
                                || short
                                || is_finished(&prev.text)
                                || line.x0 > block.x0 + INDENT_EM * line.size
                        } else {
                            let indented = line.x0 > block.x0 + INDENT_EM * line.size
                                && prev.x0 <= *px0 + INDENT_EM * prev.size;
                            resized
                                || line.y - prev.y > PARAGRAPH_GAP_EM * em
                                || line.y < prev.y
                                || indented
                                || short
                        }
                    }
                };
                let at = self.text.len();
                if self.text.is_empty() {
                } else if new_paragraph {
                    self.text.push_str("\n\n");
                } else if let Some(stem) = hyphen_stem(&self.text, &line.text) {
                    self.text.truncate(stem);
                } else {
                    self.text.push(' ');
                }
                if first_on_page {
                    // The page starts where its first line's text does.
                    let start = if new_paragraph || at == 0 {
                        self.text.len()
                    } else {
                        at
                    };
                    if let Some(last) = self.page_starts.last_mut() {
                        *last = start;
                    }
                    first_on_page = false;
                }
                self.text.push_str(&line.text);
                self.last = Some((line.clone(), block.x0, block.x1, heading));
            }
        }
    }
}

/// When `text` ends with a word hyphenated at the line end and `next`
/// starts in lower case, the length of `text` without the hyphen.
fn hyphen_stem(text: &str, next: &str) -> Option<usize> {
    let mut rev = text.char_indices().rev();
    let (at, hyphen) = rev.next()?;
    if hyphen == '\u{ad}' {
        return Some(at);
    }
    let before = rev.next().map(|(_, c)| c)?;
    let lower = next.chars().next().is_some_and(char::is_lowercase);
    (matches!(hyphen, '-' | '‐') && before.is_alphabetic() && lower).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(text: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        let w = size * 0.5;
        text.chars()
            .enumerate()
            .filter(|(_, c)| *c != ' ')
            .map(|(i, c)| Glyph {
                x: x + i as f32 * w,
                y,
                width: w,
                size,
                turn: 0,
                text: c.to_string(),
            })
            .collect()
    }

    fn page(lines: &[(&str, f32, f32)]) -> RawPage {
        RawPage {
            width: 600.0,
            height: 800.0,
            glyphs: lines
                .iter()
                .flat_map(|&(t, x, y)| glyphs(t, x, y, 10.0))
                .collect(),
        }
    }

    fn read(p: &RawPage) -> Vec<String> {
        read_order(&segments(p))
            .into_iter()
            .flat_map(|b| b.lines.into_iter().map(|l| l.text))
            .collect()
    }

    #[test]
    fn two_columns_read_left_then_right() {
        let mut lines = Vec::new();
        for i in 0..5 {
            lines.push(("left column line", 50.0, 100.0 + 12.0 * i as f32));
            lines.push(("right column line", 320.0, 100.0 + 12.0 * i as f32));
        }
        lines.push(("a title across both columns of the page", 50.0, 80.0));
        let got = read(&page(&lines));
        assert_eq!(got[0], "a title across both columns of the page");
        assert!(got[1..6].iter().all(|l| l == "left column line"), "{got:?}");
        assert!(got[6..].iter().all(|l| l == "right column line"), "{got:?}");
    }

    #[test]
    fn a_narrow_gutter_still_parts_columns_sharing_baselines() {
        // Two justified columns 6 points (0.6 em) apart, their lines on
        // the same baselines: closer than a word gap, so only the page's
        // empty strip between them says they are columns.
        let left = [
            "alpha bravo charlie delta echo fox",
            "golf hotel india juliet kilo lima m",
            "nov oscar papa quebec romeo sierra",
            "tango uniform victor whiskey xray y",
            "zulu alpha bravo charlie delta echo",
            "foxtrot golf hotel india juliet ki",
            "lima mike november oscar papa queb",
            "romeo sierra tango uniform victor w",
        ];
        let right = [
            "one two three four five six seven",
            "eight nine ten eleven twelve thirt",
            "fourteen fifteen sixteen seventeen",
            "eighteen nineteen twenty one two t",
            "three four five six seven eight ni",
            "ten eleven twelve thirteen fourtee",
            "fifteen sixteen seventeen eightee",
            "nineteen twenty twentyone twentytw",
        ];
        let mut lines = Vec::new();
        for i in 0..left.len() {
            let y = 100.0 + 12.0 * i as f32;
            lines.push((left[i], 50.0, y));
            lines.push((right[i], 50.0 + 35.0 * 5.0 + 6.0, y));
        }
        let got = read(&page(&lines));
        assert_eq!(got[..8], left, "{got:?}");
        assert_eq!(got[8..], right, "{got:?}");
    }

    #[test]
    fn words_are_spaced_and_rows_joined() {
        let got = read(&page(&[("one two", 50.0, 100.0), ("three", 50.0, 112.0)]));
        assert_eq!(got, ["one two", "three"]);
    }

    #[test]
    fn page_numbers() {
        for t in ["12", "- 12 -", "Page 3", "3 of 10", "xiv"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["12 apples", "Table 3", "", "2021 report"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn hyphens_at_line_ends() {
        assert_eq!(hyphen_stem("a hyphen-", "ated"), Some(8));
        assert_eq!(hyphen_stem("a hyphen-", "Ated"), None);
        assert_eq!(hyphen_stem("x 3-", "four"), None);
        assert_eq!(hyphen_stem("soft\u{ad}", "Word"), Some(4));
    }
}
