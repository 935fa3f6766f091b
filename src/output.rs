//! Printers: how hits look on a terminal and on the wire.
//!
//! Both printers write to any `W: Write`, so tests and the binary share them.

use std::io::{self, Write};
use std::path::Path;

use crate::search::Hit;
use crate::wire::HitJson;

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
    pub fn hit<W: Write>(&self, w: &mut W, hit: &Hit, query_id: Option<&str>) -> io::Result<()> {
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
}

fn human<W: Write>(w: &mut W, hit: &Hit, color: bool, corpus: &Path) -> io::Result<()> {
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
