//! Font dictionaries mended before pdf-extract reads the pages.
//!
//! pdf-extract takes every glyph width as thousandths of the font size and
//! trusts a font's `/FirstChar`, `/LastChar` and `/Widths` to agree. Two
//! kinds of real files break that, and the document is mended in memory
//! before its pages are read:
//!
//! - **Type 3 fonts** (bitmap fonts of dvips and Ghostscript) map glyph
//!   space to text space by their own `/FontMatrix`, often `[1 0 0 -1 0 0]`
//!   instead of thousandths: read as they are, their glyphs come out a
//!   thousandth of their size (and are dropped as specks) and on top of
//!   each other. Each `Tf` selecting such a font is given the font size
//!   the matrix implies (negative when the matrix turns glyphs upside
//!   down), `TJ` adjustments (thousandths of the size set by `Tf`) are
//!   rescaled to match, and the widths are restated in thousandths.
//! - **Width tables** whose length disagrees with `/FirstChar` and
//!   `/LastChar`, or that miss codes a page draws, make pdf-extract give
//!   up on the page; they are restated for all 256 codes.
//! - **CID widths** given as ranges (`first last width`), which pdf-extract
//!   misreads, are spelt out one by one.
//! - **Simple fonts without `/Widths`** (the table is required but some
//!   producers omit it) get the widths of their embedded font program
//!   (CFF or TrueType), so the gaps between words can be measured.
//!
//! Everything here is best effort: a font or stream that cannot be mended
//! is left as it was.

use std::collections::{HashMap, HashSet};

use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

/// Deepest nesting of form XObjects followed.
const MAX_FORM_DEPTH: usize = 8;
/// Deepest page-tree nesting followed for inherited resources.
const MAX_TREE_DEPTH: usize = 32;

/// A number object as `f64`.
fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
    .filter(|v| v.is_finite())
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map_or(o, |(_, o)| o)
}

fn dict_of<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    d.get(key).ok().and_then(|o| deref(doc, o).as_dict().ok())
}

fn name_of<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    d.get(key).ok().and_then(|o| deref(doc, o).as_name().ok())
}

fn numbers(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<Vec<f64>> {
    let array = d
        .get(key)
        .ok()
        .and_then(|o| deref(doc, o).as_array().ok())?;
    array.iter().map(|o| number(deref(doc, o))).collect()
}

/// Mends the document's fonts (see the module's documentation).
pub fn repair(doc: &mut Document) {
    let fonts: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict()
                .is_ok_and(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Font"))
        })
        .map(|(&id, _)| id)
        .collect();
    // Type 3 fonts whose matrix is not thousandths, with the factor their
    // font size is to be multiplied by.
    let mut rescaled: HashMap<ObjectId, f64> = HashMap::new();
    for id in fonts {
        let Some(font) = doc.objects.get(&id).and_then(|o| o.as_dict().ok()) else {
            continue;
        };
        let mended = match name_of(doc, font, b"Subtype") {
            Some(b"Type3") => type3(doc, font).map(|(dict, k)| {
                if (k - 1.0).abs() > 1e-3 {
                    rescaled.insert(id, k);
                }
                dict
            }),
            Some(b"Type1" | b"MMType1" | b"TrueType") => simple(doc, font),
            Some(b"CIDFontType0" | b"CIDFontType2") => cid_widths(doc, font),
            _ => None,
        };
        if let Some(dict) = mended {
            doc.objects.insert(id, Object::Dictionary(dict));
        }
    }
    if !rescaled.is_empty() {
        rescale_contents(doc, &rescaled);
    }
}

/// A Type 3 font's dictionary with its widths restated in thousandths of
/// the size its `Tf` will be given, and that size's factor: the font's em
/// in text space units per unit of `Tf` size, negative when its matrix
/// turns glyphs upside down. A Type 3 font has no em of its own; as
/// poppler does, it is taken from the width of its `m` (0.6 em) or of
/// another letter (0.5 em). `None` when its matrix is not a plain scale.
fn type3(doc: &Document, font: &Dictionary) -> Option<(Dictionary, f64)> {
    let m = numbers(doc, font, b"FontMatrix").unwrap_or_else(|| vec![0.001, 0., 0., 0.001, 0., 0.]);
    let [a, b, c, d, ..] = m[..] else { return None };
    if b != 0.0 || c != 0.0 || a == 0.0 || d == 0.0 {
        return None;
    }
    let mut widths = [0.0f64; 256];
    let first = font
        .get(b"FirstChar")
        .ok()
        .and_then(|o| number(deref(doc, o)))
        .unwrap_or(0.0);
    for (i, w) in numbers(doc, font, b"Widths")
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let code = first + i as f64;
        if (0.0..256.0).contains(&code) {
            widths[code as usize] = w.abs();
        }
    }
    let names = differences(doc, font);
    let width_of = |want: &dyn Fn(&str) -> bool| {
        names
            .iter()
            .filter(|(_, n)| want(n))
            .map(|(&code, _)| widths[usize::from(code)])
            .find(|&w| w > 0.0)
    };
    let em = width_of(&|n| n == "m")
        .map(|w| w / 0.6)
        .or_else(|| {
            width_of(&|n| n.len() == 1 && n.as_bytes()[0].is_ascii_lowercase()).map(|w| w / 0.5)
        })
        .or_else(|| {
            let mut known: Vec<f64> = widths.iter().copied().filter(|&w| w > 0.0).collect();
            known.sort_by(f64::total_cmp);
            known.get(known.len() / 2).map(|w| w / 0.5)
        })
        .unwrap_or(1000.0);
    // Text space units per unit of Tf size, for one em.
    let s = em * d;
    if !s.is_finite() || s == 0.0 {
        return None;
    }
    // pdf-extract advances by width/1000 × the rescaled size.
    for w in &mut widths {
        *w = *w * a * 1000.0 / s;
    }
    let mut out = font.clone();
    set_widths(&mut out, &widths);
    // pdf-extract needs an /Encoding it can read (a name or a dictionary).
    match font.get(b"Encoding").ok().map(|o| deref(doc, o)) {
        Some(Object::Dictionary(e)) => out.set("Encoding", Object::Dictionary(e.clone())),
        Some(Object::Name(n)) if readable_encoding(n) => {}
        _ => out.set("Encoding", Object::Dictionary(Dictionary::new())),
    }
    Some((out, s))
}

/// Most CIDs one `first last width` entry of a `/W` array is spelt out for.
const MAX_CID_RANGE: i64 = 65_536;

/// A CIDFont whose `/W` array has `first last width` entries, with them
/// spelt out as `first [width width …]`: pdf-extract reads only that form
/// (the other gives every CID of the range the default width, 1000, so a
/// digit is read twice its width wide and digits are spaced apart).
fn cid_widths(doc: &Document, font: &Dictionary) -> Option<Dictionary> {
    let w = font
        .get(b"W")
        .ok()
        .map(|o| deref(doc, o))?
        .as_array()
        .ok()?;
    let mut out = Vec::with_capacity(w.len());
    let mut changed = false;
    let mut i = 0;
    while i < w.len() {
        let first = number(deref(doc, &w[i]))?;
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                out.push(Object::Integer(first as i64));
                out.push(Object::Array(list.clone()));
                i += 2;
            }
            Some(last) => {
                let last = number(last)?;
                let width = number(deref(doc, w.get(i + 2)?))?;
                let count = (last - first) as i64 + 1;
                if !(1..=MAX_CID_RANGE).contains(&count) {
                    return None;
                }
                out.push(Object::Integer(first as i64));
                out.push(Object::Array(
                    (0..count).map(|_| Object::Real(width as f32)).collect(),
                ));
                changed = true;
                i += 3;
            }
            None => return None,
        }
    }
    changed.then(|| {
        let mut d = font.clone();
        d.set("W", Object::Array(out));
        d
    })
}

/// Base encodings pdf-extract knows by name.
fn readable_encoding(name: &[u8]) -> bool {
    matches!(
        name,
        b"WinAnsiEncoding" | b"MacRomanEncoding" | b"MacExpertEncoding"
    )
}

fn set_widths(font: &mut Dictionary, widths: &[f64; 256]) {
    font.set("FirstChar", Object::Integer(0));
    font.set("LastChar", Object::Integer(255));
    font.set(
        "Widths",
        Object::Array(widths.iter().map(|&w| Object::Real(w as f32)).collect()),
    );
}

/// A simple font's dictionary mended: widths from its font program when it
/// has none, widths restated when their table disagrees with its range,
/// an encoding pdf-extract can read. `None` when nothing needs mending.
fn simple(doc: &Document, font: &Dictionary) -> Option<Dictionary> {
    let mut out: Option<Dictionary> = None;
    let given = numbers(doc, font, b"Widths");
    let first = font
        .get(b"FirstChar")
        .ok()
        .and_then(|o| number(deref(doc, o)));
    let last = font
        .get(b"LastChar")
        .ok()
        .and_then(|o| number(deref(doc, o)));
    match (&given, first, last) {
        (Some(w), Some(first), Some(last)) => {
            if first + w.len() as f64 - 1.0 != last || w.is_empty() {
                let mut widths = [0.0f64; 256];
                for (i, &v) in w.iter().enumerate() {
                    let code = first + i as f64;
                    if (0.0..256.0).contains(&code) {
                        widths[code as usize] = v;
                    }
                }
                let mut d = font.clone();
                set_widths(&mut d, &widths);
                out = Some(d);
            }
        }
        _ => {
            if let Some(widths) = program_widths(doc, font) {
                let mut d = font.clone();
                set_widths(&mut d, &widths);
                out = Some(d);
            } else if let Some(core) = standard_substitute(doc, font) {
                // No widths and no program: measure it as the standard font
                // of its family (as poppler does), which pdf-extract knows.
                let mut d = font.clone();
                d.set("BaseFont", Object::Name(core.as_bytes().to_vec()));
                out = Some(d);
            }
        }
    }
    // The font's /Encoding, not the CFF program's own, maps its codes.
    if let Some(d) = encoding_over_program(doc, out.as_ref().unwrap_or(font)) {
        out = Some(d);
    }
    // pdf-extract stops on a base encoding it does not know by name
    // (`/StandardEncoding`); PDFDocEncoding, its default, agrees with it
    // on the letters, digits and punctuation but for the two quotes.
    if let Some(Object::Name(n)) = font.get(b"Encoding").ok().map(|o| deref(doc, o))
        && !readable_encoding(n)
    {
        let d = out.get_or_insert_with(|| font.clone());
        let mut e = Dictionary::new();
        e.set(
            "Differences",
            Object::Array(vec![
                Object::Integer(39),
                Object::Name(b"quoteright".to_vec()),
                Object::Integer(96),
                Object::Name(b"quoteleft".to_vec()),
            ]),
        );
        d.set("Encoding", Object::Dictionary(e));
    }
    out
}

/// A font with an embedded CFF program, an `/Encoding` and no
/// `/ToUnicode`, mended so that the `/Encoding` maps its codes: pdf-extract
/// would map them by the program's built-in encoding first. The program is
/// left out of the font's (copied) descriptor, and codes the `/Encoding`
/// does not name, when it has no base encoding, get the program's names.
fn encoding_over_program(doc: &Document, font: &Dictionary) -> Option<Dictionary> {
    if font.has(b"ToUnicode") {
        return None;
    }
    let encoding = font.get(b"Encoding").ok().map(|o| deref(doc, o))?;
    let descriptor = dict_of(doc, font, b"FontDescriptor")?;
    let program = descriptor
        .get(b"FontFile3")
        .ok()
        .and_then(|o| deref(doc, o).as_stream().ok())?;
    let mut out = font.clone();
    if let Object::Dictionary(e) = encoding
        && !e.has(b"BaseEncoding")
    {
        let data = program
            .decompressed_content()
            .unwrap_or_else(|_| program.content.clone());
        let table = ttf_parser::cff::Table::parse(&data)?;
        let named = differences(doc, font);
        let mut list = Vec::new();
        for code in 0..=255u8 {
            let name = named.get(&code).cloned().or_else(|| {
                table
                    .glyph_index(code)
                    .and_then(|g| table.glyph_name(g))
                    .filter(|n| *n != ".notdef")
                    .map(str::to_string)
            });
            if let Some(name) = name {
                list.push(Object::Integer(i64::from(code)));
                list.push(Object::Name(name.into_bytes()));
            }
        }
        let mut e = Dictionary::new();
        e.set("Differences", Object::Array(list));
        out.set("Encoding", Object::Dictionary(e));
    }
    let mut descriptor = descriptor.clone();
    descriptor.remove(b"FontFile3");
    out.set("FontDescriptor", Object::Dictionary(descriptor));
    Some(out)
}

/// The standard 14 fonts, whose metrics pdf-extract has.
const STANDARD: &[&str] = &[
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Symbol",
    "ZapfDingbats",
];

/// The standard font whose metrics stand in for a font that has neither
/// widths nor a program (`TimesNewRoman,Bold` is measured as
/// `Times-Bold`, `Arial` as `Helvetica`); `None` when it is a standard
/// font already.
fn standard_substitute(doc: &Document, font: &Dictionary) -> Option<&'static str> {
    let base = name_of(doc, font, b"BaseFont").unwrap_or_default();
    let base = String::from_utf8_lossy(base);
    if STANDARD.contains(&base.as_ref()) {
        return None;
    }
    // A subset's tag (`ABCDEF+`) is not part of the name.
    let lower = match base.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 => rest.to_lowercase(),
        _ => base.to_lowercase(),
    };
    let flags = dict_of(doc, font, b"FontDescriptor")
        .and_then(|d| d.get(b"Flags").ok())
        .and_then(|o| number(deref(doc, o)))
        .map_or(0, |f| f as i64);
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&["symbol"]) {
        return Some("Symbol");
    }
    if has(&["dingbat"]) {
        return Some("ZapfDingbats");
    }
    let bold = has(&["bold", "black", "heavy", "demi", "semibold"]) || flags & (1 << 18) != 0;
    let italic = has(&["italic", "oblique", "slanted"]) || flags & (1 << 6) != 0;
    let fixed = flags & 1 != 0 || has(&["courier", "mono", "consol", "typewriter"]);
    let serif = !has(&["sans", "arial", "helvetica", "verdana", "tahoma", "calibri"])
        && (flags & 2 != 0
            || has(&[
                "times", "roman", "serif", "georgia", "garamond", "palatino", "book", "cambria",
                "minion",
            ]));
    let family = if fixed {
        8
    } else if serif {
        0
    } else {
        4
    };
    Some(STANDARD[family + usize::from(bold) + 2 * usize::from(italic)])
}

/// Widths (thousandths of the font size) of codes 0–255 from the font
/// program embedded in a simple font: CFF (`/FontFile3`) or TrueType
/// (`/FontFile2`).
fn program_widths(doc: &Document, font: &Dictionary) -> Option<[f64; 256]> {
    let descriptor = dict_of(doc, font, b"FontDescriptor")?;
    let stream = |key: &[u8]| {
        descriptor
            .get(key)
            .ok()
            .and_then(|o| deref(doc, o).as_stream().ok())
            .and_then(|s: &Stream| {
                s.decompressed_content()
                    .ok()
                    .or_else(|| Some(s.content.clone()))
            })
    };
    let differences = differences(doc, font);
    let mut widths = [0.0f64; 256];
    if let Some(data) = stream(b"FontFile3") {
        let table = ttf_parser::cff::Table::parse(&data)?;
        let scale = f64::from(table.matrix().sx) * 1000.0;
        for (code, w) in widths.iter_mut().enumerate() {
            let glyph = match differences.get(&(code as u8)) {
                Some(name) => table.glyph_index_by_name(name),
                None => table.glyph_index(code as u8),
            };
            if let Some(advance) = glyph.and_then(|g| table.glyph_width(g)) {
                *w = f64::from(advance) * scale;
            }
        }
        return widths.iter().any(|&w| w > 0.0).then_some(widths);
    }
    if let Some(data) = stream(b"FontFile2") {
        let face = ttf_parser::Face::parse(&data, 0).ok()?;
        let per_em = f64::from(face.units_per_em().max(1));
        let cmap = face.tables().cmap?;
        for (code, w) in widths.iter_mut().enumerate() {
            let c = code as u32;
            let glyph = cmap.subtables.into_iter().find_map(|t| {
                t.glyph_index(0xf000 + c)
                    .or_else(|| t.glyph_index(c))
                    .filter(|g| g.0 != 0)
            });
            if let Some(advance) = glyph.and_then(|g| face.glyph_hor_advance(g)) {
                *w = f64::from(advance) * 1000.0 / per_em;
            }
        }
        return widths.iter().any(|&w| w > 0.0).then_some(widths);
    }
    None
}

/// The glyph names an `/Encoding` dictionary's `/Differences` gives codes.
fn differences(doc: &Document, font: &Dictionary) -> HashMap<u8, String> {
    let mut out = HashMap::new();
    let Some(list) = dict_of(doc, font, b"Encoding")
        .and_then(|e| e.get(b"Differences").ok())
        .and_then(|o| deref(doc, o).as_array().ok())
    else {
        return out;
    };
    let mut code = 0i64;
    for o in list {
        match deref(doc, o) {
            Object::Integer(i) => code = *i,
            Object::Name(n) => {
                if let Ok(c) = u8::try_from(code) {
                    out.insert(c, String::from_utf8_lossy(n).into_owned());
                }
                code += 1;
            }
            _ => {}
        }
    }
    out
}

/// Rewrites the content of every page and form that selects a rescaled
/// Type 3 font: the `Tf` size is multiplied by the font's factor and the
/// `TJ` adjustments divided by it.
fn rescale_contents(doc: &mut Document, rescaled: &HashMap<ObjectId, f64>) {
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let mut forms_done: HashSet<ObjectId> = HashSet::new();
    for page in pages {
        let Some(resources) = inherited_resources(doc, page) else {
            continue;
        };
        let factors = font_factors(doc, &resources, rescaled);
        let forms = forms_of(doc, &resources);
        if !factors.is_empty()
            && let Ok(content) = doc.get_page_content(page)
            && let Some(new) = rescale(&content, &factors)
        {
            let id = doc.add_object(Stream::new(Dictionary::new(), new));
            if let Ok(Object::Dictionary(d)) = doc.get_object_mut(page) {
                d.set("Contents", Object::Reference(id));
            }
        }
        for form in forms {
            rescale_form(doc, form, &resources, rescaled, &mut forms_done, 0);
        }
    }
}

fn rescale_form(
    doc: &mut Document,
    form: ObjectId,
    outer: &Dictionary,
    rescaled: &HashMap<ObjectId, f64>,
    done: &mut HashSet<ObjectId>,
    depth: usize,
) {
    if depth > MAX_FORM_DEPTH || !done.insert(form) {
        return;
    }
    let Some(stream) = doc.objects.get(&form).and_then(|o| o.as_stream().ok()) else {
        return;
    };
    let resources = dict_of(doc, &stream.dict, b"Resources")
        .cloned()
        .unwrap_or_else(|| outer.clone());
    let factors = font_factors(doc, &resources, rescaled);
    let forms = forms_of(doc, &resources);
    if !factors.is_empty() {
        let content = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        if let Some(new) = rescale(&content, &factors)
            && let Some(Object::Stream(s)) = doc.objects.get_mut(&form)
        {
            s.dict.remove(b"Filter");
            s.dict.remove(b"DecodeParms");
            s.set_content(new);
        }
    }
    for inner in forms {
        rescale_form(doc, inner, &resources, rescaled, done, depth + 1);
    }
}

/// The page's resources, looked up the page tree when not on the page.
fn inherited_resources(doc: &Document, page: ObjectId) -> Option<Dictionary> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..MAX_TREE_DEPTH {
        if let Some(r) = dict_of(doc, node, b"Resources") {
            return Some(r.clone());
        }
        node = dict_of(doc, node, b"Parent")?;
    }
    None
}

/// Resource names of rescaled fonts, with their factors.
fn font_factors(
    doc: &Document,
    resources: &Dictionary,
    rescaled: &HashMap<ObjectId, f64>,
) -> HashMap<Vec<u8>, f64> {
    let Some(fonts) = dict_of(doc, resources, b"Font") else {
        return HashMap::new();
    };
    fonts
        .iter()
        .filter_map(|(name, o)| {
            let id = o.as_reference().ok()?;
            rescaled.get(&id).map(|&k| (name.clone(), k))
        })
        .collect()
}

/// The form XObjects a resource dictionary names.
fn forms_of(doc: &Document, resources: &Dictionary) -> Vec<ObjectId> {
    let Some(xobjects) = dict_of(doc, resources, b"XObject") else {
        return Vec::new();
    };
    xobjects
        .iter()
        .filter_map(|(_, o)| o.as_reference().ok())
        .filter(|id| {
            doc.objects
                .get(id)
                .and_then(|o| o.as_stream().ok())
                .is_some_and(|s| name_of(doc, &s.dict, b"Subtype") == Some(b"Form"))
        })
        .collect()
}

/// A content stream with `Tf` sizes and `TJ` adjustments rescaled for the
/// fonts in `factors`; `None` when it does not parse.
fn rescale(content: &[u8], factors: &HashMap<Vec<u8>, f64>) -> Option<Vec<u8>> {
    let mut content = Content::decode(content).ok()?;
    // lopdf cannot write an inline image back (it would write its data as
    // a stream object before `BI`); images carry no text, so they go.
    content.operations.retain(|op| op.operator != "BI");
    let mut k = 1.0f64;
    let mut saved: Vec<f64> = Vec::new();
    for op in &mut content.operations {
        match op.operator.as_str() {
            "q" => saved.push(k),
            "Q" => k = saved.pop().unwrap_or(1.0),
            "Tf" if op.operands.len() == 2 => {
                k = op.operands[0]
                    .as_name()
                    .ok()
                    .and_then(|n| factors.get(n))
                    .copied()
                    .unwrap_or(1.0);
                if k != 1.0
                    && let Some(size) = number(&op.operands[1])
                {
                    op.operands[1] = Object::Real((size * k) as f32);
                }
            }
            "TJ" if k != 1.0 => {
                if let Some(Object::Array(items)) = op.operands.first_mut() {
                    for item in items.iter_mut() {
                        if let Some(v) = number(item) {
                            *item = Object::Real((v / k) as f32);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    content.encode().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cid_width_ranges_are_spelt_out() {
        let doc = Document::with_version("1.5");
        let mut font = Dictionary::new();
        font.set(
            "W",
            Object::Array(vec![
                Object::Integer(1),
                Object::Integer(3),
                Object::Integer(500),
                Object::Integer(10),
                Object::Array(vec![Object::Integer(600), Object::Integer(700)]),
            ]),
        );
        let mended = cid_widths(&doc, &font).expect("mended");
        let w = mended.get(b"W").and_then(Object::as_array).expect("W");
        assert_eq!(w.len(), 4);
        assert_eq!(w[0].as_i64().ok(), Some(1));
        let first: Vec<f64> = w[1]
            .as_array()
            .expect("list")
            .iter()
            .filter_map(number)
            .collect();
        assert_eq!(first, [500.0, 500.0, 500.0]);
        assert_eq!(w[2].as_i64().ok(), Some(10));
        // Already in the form pdf-extract reads: left alone.
        let mut plain = Dictionary::new();
        plain.set("W", Object::Array(w[2..].to_vec()));
        assert!(cid_widths(&doc, &plain).is_none());
    }
}
