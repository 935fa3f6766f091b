//! Printers: how hits look on a terminal and on the wire.
//!
//! Both printers write to any `W: Write`, so tests and the binary share them.

pub mod fields;
pub mod wire;

use std::io::{self, Write};
use std::path::Path;

use crate::output::fields::FieldSet;
use crate::search::Hit;
use crate::text::escape_control;

/// Text from a document, a catalog or a file name, made safe to print on a
/// terminal: control characters (ESC, newlines, …) escaped, so that no
/// document can recolour the screen or forge a result line.
pub fn safe(s: &str) -> std::borrow::Cow<'_, str> {
    escape_control(s)
}

/// [`safe`] for text whose line breaks are its own (snippets, rendered
/// citations): each line is escaped and the breaks kept.
pub fn safe_lines(s: &str) -> String {
    s.split('\n')
        .map(|line| escape_control(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A corpus file's path for people, escaped like [`safe`].
fn shown_path(corpus: &Path, rel: &str) -> String {
    escape_control(&corpus.join(rel).display().to_string()).into_owned()
}

/// Styles used by the human printer (ripgrep's colours).
mod style {
    use anstyle::{AnsiColor, Style};
    pub const BOLD: Style = Style::new().bold();
    pub const DIM: Style = Style::new().dimmed();
    pub const PATH: Style = AnsiColor::Magenta.on_default();
    pub const LINE: Style = AnsiColor::Green.on_default();
    pub const MATCH: Style = AnsiColor::Red.on_default().bold();
}

/// A way of printing hits.
#[derive(Debug, Clone)]
pub enum Printer {
    /// Readable output for people.
    Human {
        /// Emit ANSI colours.
        color: bool,
        /// Folder that document paths are relative to, shown in `path:line`.
        corpus: std::path::PathBuf,
    },
    /// One JSON object per hit and nothing else.
    Json,
}

impl Printer {
    /// A human printer.
    pub fn human(color: bool, corpus: &Path) -> Printer {
        Printer::Human {
            color,
            corpus: corpus.to_path_buf(),
        }
    }

    /// Prints one hit. `query_id` is set for batch output.
    pub fn hit<W: Write + ?Sized>(
        &self,
        w: &mut W,
        hit: &Hit,
        query_id: Option<&str>,
    ) -> io::Result<()> {
        match self {
            // Every key, written from the hit as it is: the same object as
            // [`wire::HitJson`], without copying the hit's strings into one.
            Printer::Json => Printer::json_fields(w, hit, query_id, FieldSet::all()),
            Printer::Human { color, corpus } => human(w, hit, *color, corpus),
        }
    }

    /// Prints one hit as JSON with only the keys in `fields`.
    pub fn json_fields<W: Write + ?Sized>(
        w: &mut W,
        hit: &Hit,
        query_id: Option<&str>,
        fields: FieldSet,
    ) -> io::Result<()> {
        thread_local! {
            static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        BUF.with(|cell| {
            let mut own = Vec::new();
            let mut borrowed = cell.try_borrow_mut();
            let buf = match &mut borrowed {
                Ok(b) => &mut **b,
                Err(_) => &mut own,
            };
            buf.clear();
            fields.write_json(buf, hit, query_id);
            buf.push(b'\n');
            w.write_all(buf)
        })
    }
}

fn human<W: Write + ?Sized>(w: &mut W, hit: &Hit, color: bool, corpus: &Path) -> io::Result<()> {
    let paint = |s: anstyle::Style| if color { s } else { anstyle::Style::new() };
    let (bold, dim) = (paint(style::BOLD), paint(style::DIM));
    if hit.rank > 1 {
        writeln!(w)?;
    }
    write!(w, "{bold}{}. {}{bold:#}", hit.rank, safe(&hit.doc.title))?;
    if let Some(section) = &hit.section {
        write!(w, " {dim}›{dim:#} {}", safe(section))?;
    }
    writeln!(w)?;
    let (path_style, line_style) = (paint(style::PATH), paint(style::LINE));
    let column = hit
        .match_column
        .map(|c| format!(":{c}"))
        .unwrap_or_default();
    let place = match &hit.pages {
        Some(pages) => safe(&pages.short()).into_owned(),
        None => format!("{}{column}", hit.match_line),
    };
    writeln!(
        w,
        "   {path_style}{}{path_style:#}:{line_style}{place}{line_style:#}  {dim}score {:.2}{dim:#}",
        shown_path(corpus, &hit.doc.path),
        hit.score
    )?;
    if !hit.also_in.is_empty() {
        let places: Vec<String> = hit
            .also_in
            .iter()
            .map(|p| match &p.pages {
                Some(pages) => format!("{}:{}", p.path, pages.short()),
                None => format!("{}:{}", p.path, p.lines.0),
            })
            .collect();
        writeln!(w, "   {dim}also in {}{dim:#}", safe(&places.join(", ")))?;
    }
    let single = [hit.snippet.clone()];
    let snippets = if hit.fragments.is_empty() {
        &single[..]
    } else {
        &hit.fragments[..]
    };
    for (i, snippet) in snippets.iter().enumerate() {
        if i > 0 {
            writeln!(w, "   {dim}--{dim:#}")?;
        }
        let marked = paint(style::MATCH);
        let mut out = String::with_capacity(snippet.text.len() + 32);
        let mut at = 0;
        for &(a, b) in &snippet.highlights {
            if a < at || b > snippet.text.len() {
                continue;
            }
            let (Some(before), Some(inside)) = (snippet.text.get(at..a), snippet.text.get(a..b))
            else {
                continue;
            };
            out.push_str(&safe_lines(before));
            out.push_str(&format!("{marked}{}{marked:#}", safe_lines(inside)));
            at = b;
        }
        out.push_str(&safe_lines(snippet.text.get(at..).unwrap_or_default()));
        for line in out.lines() {
            writeln!(w, "   {line}")?;
        }
    }
    Ok(())
}

/// Prints one figure for people: the figure and its value, the source, and
/// the sentence.
pub fn figure<W: Write + ?Sized>(
    w: &mut W,
    f: &crate::commands::figure_list::FigureHit,
    corpus: &Path,
) -> io::Result<()> {
    let unit = f
        .figure
        .unit_label()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let label = f
        .label
        .and_then(|l| serde_json::to_value(l).ok())
        .and_then(|v| v.as_str().map(|s| format!("  [{s}]")))
        .unwrap_or_default();
    let normalised = format!("{}{unit}", plain_number(f.figure.value));
    if normalised == f.text {
        writeln!(w, "{}{label}", safe(&f.text))?;
    } else {
        writeln!(w, "{}  = {normalised}{label}", safe(&f.text))?;
    }
    let mut source = vec![f.passage.doc.title.clone()];
    source.extend(f.passage.doc.publisher.clone());
    source.extend(f.passage.doc.date.clone());
    writeln!(w, "   {}", safe(&source.join(", ")))?;
    let section = f
        .passage
        .section
        .as_ref()
        .map(|s| format!(" › {}", safe(s)))
        .unwrap_or_default();
    let place = match &f.passage.pages {
        Some(pages) => safe(&pages.short()).into_owned(),
        None => f.lines.0.to_string(),
    };
    writeln!(
        w,
        "   {}:{place}{section}",
        shown_path(corpus, &f.passage.doc.path),
    )?;
    writeln!(w, "   {}", safe(&f.sentence))
}

/// Prints a number without exponent or float noise (`371530000000`).
fn plain_number(v: f64) -> String {
    let s = format!("{:.6}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Prints one verification for people.
pub fn verification<W: Write + ?Sized>(
    w: &mut W,
    v: &crate::commands::verify::Verification,
    corpus: &Path,
) -> io::Result<()> {
    use crate::commands::verify::Verdict;
    let verdict = match v.verdict {
        Verdict::Supported => "SUPPORTED",
        Verdict::Contradicted => "CONTRADICTED",
        Verdict::NotFound => "NOT FOUND",
    };
    writeln!(w, "{verdict}: {}", safe(&v.statement))?;
    if let Some(note) = &v.note {
        writeln!(w, "   ({})", safe(note))?;
    }
    for p in &v.parts {
        let what = match (p.verdict, &p.stated) {
            (Verdict::Supported, Some(s)) => format!("supported, stated as “{}”", safe(s)),
            (Verdict::Supported, None) => "supported".to_string(),
            (Verdict::Contradicted, Some(s)) => {
                format!("CONTRADICTED, the source says “{}”", safe(s))
            }
            (Verdict::Contradicted, None) => "CONTRADICTED".to_string(),
            (Verdict::NotFound, Some(s)) => format!("not found (the source has “{}”)", safe(s)),
            (Verdict::NotFound, None) => "not found".to_string(),
        };
        writeln!(w, "   {:<9} {}: {what}", p.kind.name(), safe(&p.claimed))?;
        if let Some(note) = &p.note
            && p.verdict == Verdict::Contradicted
        {
            writeln!(w, "             ({})", safe(note))?;
        }
    }
    if let Some(sentence) = &v.sentence {
        writeln!(w, "   sentence: “{}”", safe(sentence))?;
    }
    let heading = match v.verdict {
        Verdict::NotFound => "closest passages:",
        _ => "source:",
    };
    if !v.passages.is_empty() {
        writeln!(w, "   {heading}")?;
    }
    for p in &v.passages {
        let mut source = vec![p.doc.title.clone()];
        source.extend(p.doc.publisher.clone());
        source.extend(p.doc.date.clone());
        let place = match &p.pages {
            Some(pages) => safe(&pages.short()).into_owned(),
            None => p.lines.0.to_string(),
        };
        writeln!(
            w,
            "   - {} ({}:{place})",
            safe(&source.join(", ")),
            shown_path(corpus, &p.doc.path),
        )?;
        if v.verdict == Verdict::NotFound {
            writeln!(w, "     {}", safe(&p.snippet.text.replace('\n', " / ")))?;
        }
    }
    Ok(())
}
