//! From a source file to index documents.
//!
//! A file becomes one or more [`Document`]s (a JSON Lines file holds one
//! per record): its text is read by [`crate::ingest`], split by
//! [`crate::passage`], and its metadata resolved — from the catalog first,
//! then from the file itself (front matter, `<meta>`, the record's fields),
//! then guessed (the first meaningful line, the file name). Each passage
//! then becomes one tantivy document ([`add_document`]) with a stable
//! [`passage_id`].

use std::collections::HashMap;

use tantivy::indexer::UserOperation;
use tantivy::{IndexWriter, TantivyDocument};

use super::schema::{self, Fields};
use crate::error::{Error, Result, Warning};
use crate::figures;
use crate::ingest::catalog::{Catalog, Entry, is_iso_date};
use crate::ingest::decode::Encoding;
use crate::ingest::markup::DocInfo;
use crate::ingest::pdf::{self, Unreadable};
use crate::ingest::{self, DocMeta, Format, SourceFile, html, jsonl, markdown, title};
use crate::passage::{self, Passage, Split};
use crate::text::first_words;

/// Words of the first passage used as a title when a document has none.
pub const FALLBACK_TITLE_WORDS: usize = 12;

/// A document read and split, ready to index.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its metadata.
    pub meta: DocMeta,
    /// Its passages.
    pub passages: Vec<Passage>,
    /// For a PDF that defines them, the printed label of every page.
    pub page_labels: Option<Vec<String>>,
}

impl Document {
    /// The printed labels of the first and last page of `p`, when the
    /// document has page labels.
    pub fn labels_of(&self, p: &Passage) -> Option<(String, String)> {
        let labels = self.page_labels.as_ref()?;
        let (first, last) = p.pages?;
        let at = |n: u32| labels.get((n as usize).checked_sub(1)?).cloned();
        Some((at(first)?, at(last)?))
    }
}

/// What reading a file gave.
#[derive(Debug, Clone)]
pub enum Loaded {
    /// Its documents.
    Documents(Vec<Document>),
    /// It looks binary: skipped.
    Binary,
    /// It holds no text quarry can read (an encrypted or image-only PDF):
    /// skipped, with why.
    NoText(String),
}

/// Reads and splits one file: a text file is one document, a JSON Lines file
/// one document per record. Returns what it holds (see [`Loaded`]) and the
/// file's content hash; problems that do not stop the file go to `warnings`.
pub fn load(
    file: &SourceFile,
    catalog: &Catalog,
    warnings: &mut Vec<Warning>,
) -> Result<(Loaded, String)> {
    if Format::of(&file.rel_path) == Some(Format::Pdf) {
        return load_pdf(file, catalog, warnings);
    }
    let contents = ingest::read(file)?;
    let Some(decoded) = &contents.decoded else {
        return Ok((Loaded::Binary, contents.hash));
    };
    if let Some(offset) = decoded.first_bad {
        warnings.push(Warning::file(
            &file.rel_path,
            format!(
                "invalid {} at byte {offset}; invalid bytes read as '?'",
                decoded.encoding.name()
            ),
        ));
    }
    let text = decoded.text.as_str();
    let format = Format::of(&file.rel_path).unwrap_or(Format::Text);
    // A plain-text file's title, when it has no title line, is its first
    // meaningful line, not the start of its first paragraph.
    let first_line = (format == Format::Text)
        .then(|| title::first_meaningful_line(text, FALLBACK_TITLE_WORDS))
        .flatten();
    let (mut split, info) = match format {
        Format::JsonLines => {
            let docs = load_jsonl(&file.rel_path, text, warnings);
            return Ok((Loaded::Documents(docs), contents.hash));
        }
        // PDFs were read above; they never get here.
        Format::Text | Format::Pdf => {
            let known = catalog.get(&file.rel_path).and_then(|e| e.title.as_deref());
            (passage::split_under(text, known), DocInfo::default())
        }
        Format::Markdown => {
            let markup = markdown::read(text);
            let info = markup.info.clone();
            (passage::from_markup(text, markup), info)
        }
        Format::Html => {
            let markup = html::read(text);
            let info = markup.info.clone();
            (passage::from_markup(text, markup), info)
        }
    };
    if decoded.encoding != Encoding::Utf8 {
        for p in &mut split.passages {
            p.bytes = (
                decoded.file_offset(p.bytes.0),
                decoded.file_offset(p.bytes.1),
            );
        }
    }
    let mut doc = document(&file.rel_path, split, info, first_line, catalog, warnings);
    if title::is_changelog(&file.rel_path)
        && catalog
            .get(&file.rel_path)
            .is_none_or(|e| e.title.is_none())
        && title::is_generic_changelog_title(&doc.meta.title)
        && let Some(project) = project_name(file)
    {
        doc.meta.title = title::changelog_title(&project);
    }
    Ok((Loaded::Documents(vec![doc]), contents.hash))
}

/// Reads a PDF: its text laid out page by page (see [`ingest::pdf`]) is
/// split as plain text, and each passage's pages follow from its byte
/// range. Its `lines` and `bytes` are zero: a PDF's locator is its pages.
fn load_pdf(
    file: &SourceFile,
    catalog: &Catalog,
    warnings: &mut Vec<Warning>,
) -> Result<(Loaded, String)> {
    let bytes = ingest::read_regular(&file.abs_path)?;
    let hash = blake3::hash(&bytes).to_hex().to_string();
    let read = match pdf::read(bytes) {
        Ok(read) => read,
        Err(e @ (Unreadable::Encrypted | Unreadable::NoText)) => {
            return Ok((Loaded::NoText(e.note()), hash));
        }
        Err(e @ Unreadable::Broken(_)) => {
            return Err(Error::io(&file.abs_path, std::io::Error::other(e.note())));
        }
    };
    for (page, why) in &read.bad_pages {
        warnings.push(Warning::file(
            &file.rel_path,
            format!("page {page} could not be read ({why}); its text is left out"),
        ));
    }
    let known = catalog
        .get(&file.rel_path)
        .and_then(|e| e.title.as_deref())
        .or(read.title.as_deref())
        .or(read.display_title.as_deref());
    let mut split = passage::split_under(&read.text, known);
    for p in &mut split.passages {
        let first = read.page_at(p.bytes.0);
        let last = read.page_at(p.bytes.1.saturating_sub(1).max(p.bytes.0));
        p.pages = Some((first, last.max(first)));
        p.lines = (0, 0);
        p.bytes = (0, 0);
    }
    let info = DocInfo {
        title: read.title.clone().or(read.display_title.clone()),
        author: read.author.clone(),
        date: read.date.clone(),
    };
    let mut doc = document(&file.rel_path, split, info, None, catalog, warnings);
    doc.page_labels = read.labels;
    Ok((Loaded::Documents(vec![doc]), hash))
}

/// The name of the folder holding `file`: the project a changelog belongs to.
fn project_name(file: &SourceFile) -> Option<String> {
    let parent = file.abs_path.parent()?;
    let name = |p: &std::path::Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty())
    };
    name(parent).or_else(|| parent.canonicalize().ok().as_deref().and_then(name))
}

/// A document from a split file: metadata from the catalog first, then from
/// the file itself (front matter, `<meta>`), then guessed.
fn document(
    rel_path: &str,
    split: Split,
    info: DocInfo,
    first_line: Option<String>,
    catalog: &Catalog,
    warnings: &mut Vec<Warning>,
) -> Document {
    let entry = catalog.get(rel_path);
    let pick = |f: fn(&Entry) -> &Option<String>| {
        entry
            .and_then(|e| f(e).clone())
            .filter(|s| !s.trim().is_empty())
    };
    let date = info.date.filter(|d| {
        let ok = is_iso_date(d);
        if !ok {
            warnings.push(Warning::file(
                rel_path,
                format!("date '{d}' is not ISO 8601; ignored"),
            ));
        }
        ok
    });
    let title = pick(|e| &e.title)
        .or(info.title)
        .or(split.title_line.clone())
        .or(first_line)
        .or_else(|| {
            split
                .passages
                .first()
                .map(|p| first_words(&p.text, FALLBACK_TITLE_WORDS))
        })
        .unwrap_or_else(|| ingest::file_stem(rel_path));
    let meta = DocMeta {
        id: pick(|e| &e.id).unwrap_or_else(|| ingest::strip_extension(rel_path)),
        path: rel_path.to_string(),
        title,
        author: pick(|e| &e.author).or(info.author),
        publisher: pick(|e| &e.publisher),
        date: pick(|e| &e.date).or(date),
        url: pick(|e| &e.url),
    };
    Document {
        meta,
        passages: split.passages,
        page_labels: None,
    }
}

/// One document per JSON Lines record. A passage's `lines` are the record's
/// line (both ends) and its `bytes` are offsets into the record's `text`.
/// Records are parsed in order, then split on every core at once.
///
/// Ids are unique within a file: a record whose id an earlier record of the
/// file already has is kept (nothing is dropped) under `ID#LINE`, with a
/// warning, so that a document id always names one record, whatever order
/// the indexing threads take.
fn load_jsonl(rel_path: &str, text: &str, warnings: &mut Vec<Warning>) -> Vec<Document> {
    use rayon::prelude::*;
    let records = jsonl::records(rel_path, text, warnings);
    let built: Vec<(u32, Option<Document>, Option<Warning>)> = records
        .into_par_iter()
        .map(|(line_no, record)| {
            let (doc, warning) = record_document(rel_path, line_no, record);
            (line_no, doc, warning)
        })
        .collect();
    let mut docs = Vec::with_capacity(built.len());
    let mut first_line: HashMap<String, u32> = HashMap::with_capacity(built.len());
    for (line_no, doc, warning) in built {
        warnings.extend(warning);
        let Some(mut doc) = doc else { continue };
        if let Some(&first) = first_line.get(&doc.meta.id) {
            let mut renamed = format!("{}#{line_no}", doc.meta.id);
            let mut n = 1;
            while first_line.contains_key(&renamed) {
                n += 1;
                renamed = format!("{}#{line_no}.{n}", doc.meta.id);
            }
            warnings.push(Warning::line(
                rel_path,
                line_no.into(),
                format!(
                    "id '{}' repeats line {first}'s; this record is indexed as '{renamed}'",
                    doc.meta.id
                ),
            ));
            doc.meta.id = renamed;
        }
        first_line.insert(doc.meta.id.clone(), line_no);
        docs.push(doc);
    }
    docs
}

/// The document of one JSON Lines record, and a warning about its date.
fn record_document(
    rel_path: &str,
    line_no: u32,
    record: jsonl::Record,
) -> (Option<Document>, Option<Warning>) {
    let Some(body) = record.text else {
        return (None, None);
    };
    let id = jsonl::record_id(record.id.as_ref())
        .ok()
        .flatten()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("{}#{line_no}", ingest::strip_extension(rel_path)));
    let title = record.title.filter(|t| !t.trim().is_empty());
    let split = passage::split_under(&body, title.as_deref());
    let mut passages = split.passages;
    for p in &mut passages {
        p.lines = (line_no, line_no);
    }
    let mut warning = None;
    let date = record.date.filter(|d| {
        let ok = is_iso_date(d);
        if !ok {
            warning = Some(Warning::line(
                rel_path,
                line_no.into(),
                format!("date '{d}' is not ISO 8601; ignored"),
            ));
        }
        ok
    });
    let title = title
        .or(split.title_line)
        .or_else(|| {
            passages
                .first()
                .map(|p| first_words(&p.text, FALLBACK_TITLE_WORDS))
        })
        .unwrap_or_else(|| id.clone());
    let doc = Document {
        meta: DocMeta {
            id,
            path: rel_path.to_string(),
            title,
            author: record.author,
            publisher: record.publisher,
            date,
            url: record.url,
        },
        passages,
        page_labels: None,
    };
    (Some(doc), warning)
}

/// A passage id that stays the same while the passage's file, document id
/// and text do: blake3 of those plus the count of earlier identical passages.
pub fn passage_id(path: &str, doc_id: &str, text: &str, occurrence: u32) -> String {
    let mut h = blake3::Hasher::new();
    h.update(path.as_bytes());
    h.update(&[0]);
    h.update(doc_id.as_bytes());
    h.update(&[0]);
    h.update(text.as_bytes());
    h.update(&occurrence.to_le_bytes());
    h.finalize().to_hex()[..16].to_string()
}

/// A passage text as a map key, hashed by its [`schema::text_hash`] (which
/// indexing computes anyway) rather than by reading the text again; equal
/// when the texts are.
#[derive(PartialEq, Eq)]
struct TextKey<'a> {
    hash: u64,
    text: &'a str,
}

impl std::hash::Hash for TextKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Adds one tantivy document per passage of `doc` to the writer, in one
/// batch (so they land next to each other in one segment, in order). The
/// title, author and publisher are indexed with every passage; they, the
/// date and the URL are stored with the first passage only (see
/// [`Fields::meta_offset`]). They go to the writer as plain text, analysed
/// again for each passage: a few words each, which the writer's warm stem
/// cache analyses for a fraction of what a pre-tokenized value costs (tantivy
/// writes it into the document as JSON and parses it back to index it).
pub fn add_document(writer: &IndexWriter, f: &Fields, doc: &Document) -> Result<()> {
    let meta = &doc.meta;
    let date = meta
        .date
        .as_deref()
        .map(|d| (super::date::terms(d), super::date::span(d)));
    let mut seen: HashMap<TextKey<'_>, u32> = HashMap::new();
    let mut batch = Vec::with_capacity(doc.passages.len());
    for (offset, p) in doc.passages.iter().enumerate() {
        let text_hash = schema::text_hash(&p.text);
        let key = TextKey {
            hash: text_hash,
            text: &p.text,
        };
        let occurrence = seen.entry(key).or_insert(0);
        let id = passage_id(&meta.path, &meta.id, &p.text, *occurrence);
        *occurrence += 1;
        let mut d = TantivyDocument::default();
        d.add_u64(f.passage_key, schema::passage_key(&id));
        d.add_text(f.passage_id, &id);
        d.add_text(f.path, &meta.path);
        d.add_text(f.doc_id, &meta.id);
        d.add_u64(f.meta_offset, offset as u64);
        d.add_text(f.title, &meta.title);
        if let Some(a) = &meta.author {
            d.add_text(f.author, a);
        }
        if let Some(p) = &meta.publisher {
            d.add_text(f.publisher, p);
        }
        if let Some((terms, span)) = &date {
            for term in terms {
                d.add_text(f.date, term);
            }
            if let Some((first, last)) = span {
                d.add_u64(f.date_start, *first);
                d.add_u64(f.date_end, *last);
            }
        }
        if offset == 0 {
            d.add_text(f.title_value, &meta.title);
            let stored = [
                (f.author_value, &meta.author),
                (f.publisher_value, &meta.publisher),
                (f.date_value, &meta.date),
                (f.url, &meta.url),
            ];
            for (field, value) in stored {
                if let Some(v) = value {
                    d.add_text(field, v);
                }
            }
        }
        if let Some(section) = &p.section {
            d.add_text(f.section, section);
        }
        d.add_text(f.text, &p.text);
        d.add_text(f.kind, p.kind.name());
        d.add_u64(f.text_hash, text_hash);
        for figure in figures::extract(&p.text) {
            for key in figure.keys() {
                d.add_text(f.figure, &key);
            }
        }
        d.add_u64(f.ordinal, u64::from(p.ordinal));
        d.add_u64(f.line_start, u64::from(p.lines.0));
        d.add_u64(f.line_end, u64::from(p.lines.1));
        d.add_u64(f.byte_start, p.bytes.0 as u64);
        d.add_u64(f.byte_end, p.bytes.1 as u64);
        let (first, last) = p.pages.unwrap_or((0, 0));
        d.add_u64(f.page_start, u64::from(first));
        d.add_u64(f.page_end, u64::from(last));
        if let Some((first, last)) = doc.labels_of(p) {
            d.add_text(f.page_label, &first);
            d.add_text(f.page_label, &last);
        }
        batch.push(UserOperation::Add(d));
    }
    writer.run(batch)?;
    Ok(())
}
