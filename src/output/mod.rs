//! Printers: how hits look on a terminal and on the wire.
//!
//! Both printers write to any `W: Write`, so tests and the binary share them.

pub mod fields;
pub mod wire;

use std::io::{self, Write};
use std::path::Path;

use crate::output::fields::FieldSet;
use crate::output::wire::HitJson;
use crate::search::Hit;

/// ANSI styles used by the human printer.
mod style {
    pub const BOLD: &str = "\x1b[1m";
    pub const DIM: &str = "\x1b[2m";
    pub const PATH: &str = "\x1b[35m";
    pub const LINE: &str = "\x1b[32m";
    pub const MATCH: &str = "\x1b[1;31m";
    pub const RESET: &str = "\x1b[0m";
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
            Printer::Json => {
                let mut json = HitJson::from(hit);
                json.query_id = query_id.map(str::to_string);
                serde_json::to_writer(&mut *w, &json)?;
                w.write_all(b"\n")
            }
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
        serde_json::to_writer(&mut *w, &fields.select(hit, query_id))?;
        w.write_all(b"\n")
    }
}

fn human<W: Write + ?Sized>(w: &mut W, hit: &Hit, color: bool, corpus: &Path) -> io::Result<()> {
    let paint = |s: &'static str| if color { s } else { "" };
    let (bold, dim, reset) = (paint(style::BOLD), paint(style::DIM), paint(style::RESET));
    if hit.rank > 1 {
        writeln!(w)?;
    }
    write!(w, "{bold}{}. {}{reset}", hit.rank, hit.doc.title)?;
    if let Some(section) = &hit.section {
        write!(w, " {dim}›{reset} {section}")?;
    }
    writeln!(w)?;
    let path = corpus.join(&hit.doc.path);
    writeln!(
        w,
        "   {}{}{reset}:{}{}{reset}  {dim}score {:.2}{reset}",
        paint(style::PATH),
        path.display(),
        paint(style::LINE),
        hit.match_line,
        hit.score
    )?;
    let snippet = &hit.snippet;
    let mut out = String::with_capacity(snippet.text.len() + 32);
    let mut at = 0;
    for &(a, b) in &snippet.highlights {
        if a < at || b > snippet.text.len() {
            continue;
        }
        out.push_str(&snippet.text[at..a]);
        out.push_str(paint(style::MATCH));
        out.push_str(&snippet.text[a..b]);
        out.push_str(reset);
        at = b;
    }
    out.push_str(&snippet.text[at..]);
    for line in out.lines() {
        writeln!(w, "   {line}")?;
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
        writeln!(w, "{}{label}", f.text)?;
    } else {
        writeln!(w, "{}  = {normalised}{label}", f.text)?;
    }
    let mut source = vec![f.passage.doc.title.clone()];
    source.extend(f.passage.doc.publisher.clone());
    source.extend(f.passage.doc.date.clone());
    writeln!(w, "   {}", source.join(", "))?;
    let section = f
        .passage
        .section
        .as_ref()
        .map(|s| format!(" › {s}"))
        .unwrap_or_default();
    writeln!(
        w,
        "   {}:{}{section}",
        corpus.join(&f.passage.doc.path).display(),
        f.lines.0
    )?;
    writeln!(w, "   {}", f.sentence)
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
        Verdict::Mismatch => "MISMATCH",
        Verdict::NotFound => "NOT FOUND",
    };
    writeln!(w, "{verdict}: {}", v.statement)?;
    for c in &v.figures {
        match (&c.source, c.stated) {
            (Some(src), true) => writeln!(w, "   {}: stated as “{src}”", c.claimed)?,
            (Some(src), false) => {
                writeln!(w, "   {}: not stated; the source says {src}", c.claimed)?
            }
            (None, _) => writeln!(w, "   {}: not found", c.claimed)?,
        }
        if let Some(sentence) = &c.sentence {
            writeln!(w, "      “{sentence}”")?;
        }
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
        writeln!(
            w,
            "   - {} ({}:{})",
            source.join(", "),
            corpus.join(&p.doc.path).display(),
            p.lines.0
        )?;
        if v.verdict == Verdict::NotFound {
            writeln!(w, "     {}", p.snippet.text.replace('\n', " / "))?;
        }
    }
    Ok(())
}
