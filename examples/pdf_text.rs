//! Prints a PDF's text as quarry reads it, each page after a `--- page N`
//! line: `cargo run --example pdf_text -- FILE.pdf`.

use quarry::ingest::pdf;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_text FILE.pdf");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("pdf_text: {path}: {e}");
            std::process::exit(2);
        }
    };
    if let Ok(page) = std::env::var("PDF_PROBE") {
        let Ok(doc) = pdf::load(&bytes) else {
            eprintln!("pdf_text: cannot load");
            return;
        };
        let mut probe = Probe(0);
        let r = pdf_extract::output_doc_page(&doc, &mut probe, page.parse().unwrap_or(1));
        println!("{} chars, {:?}", probe.0, r.err());
        return;
    }
    if let Ok(page) = std::env::var("PDF_CONTENT") {
        let doc = pdf_extract::Document::load_mem(&bytes).expect("load");
        let pages = doc.get_pages();
        let id = pages[&page.parse().unwrap_or(1)];
        println!("{:?}", doc.get_object(id));
        for c in doc.get_page_contents(id) {
            let s = doc.get_object(c).and_then(|o| o.as_stream().cloned());
            println!(
                "{c:?}: {:?}",
                s.map(|s| (
                    s.dict.clone(),
                    s.content.len(),
                    s.decompressed_content().map(|d| d.len())
                ))
            );
        }
        let content = doc.get_page_content(id).unwrap_or_default();
        println!(
            "{}",
            String::from_utf8_lossy(&content[..content.len().min(1500)])
        );
        return;
    }
    if let Ok(page) = std::env::var("PDF_OPS") {
        let doc = pdf_extract::Document::load_mem(&bytes).expect("load");
        let id = doc.get_pages()[&page.parse().unwrap_or(1)];
        let content = doc.get_page_content(id).unwrap_or_default();
        match pdf_extract::content::Content::decode(&content) {
            Ok(c) => {
                println!("{} operations", c.operations.len());
                for op in c.operations.iter().rev().take(5) {
                    println!("{op:?}");
                }
            }
            Err(e) => println!("decode: {e}"),
        }
        return;
    }
    if std::env::var("PDF_FONTS").is_ok() {
        fonts(&bytes);
        return;
    }
    if let Ok(page) = std::env::var("PDF_SEGMENTS") {
        segments(&bytes, page.parse().unwrap_or(1));
        return;
    }
    match pdf::read(bytes) {
        Ok(t) => {
            println!("title: {:?} / {:?}", t.title, t.display_title);
            println!("author: {:?} date: {:?}", t.author, t.date);
            for (i, &start) in t.page_starts.iter().enumerate() {
                let end = t.page_starts.get(i + 1).copied().unwrap_or(t.text.len());
                let label = t.labels.as_ref().and_then(|l| l.get(i)).cloned();
                println!("--- page {} {:?}", i + 1, label);
                println!("{}", &t.text[start..end.max(start)]);
            }
            for (page, why) in &t.bad_pages {
                eprintln!("pdf_text: page {page}: {why}");
            }
        }
        Err(e) => {
            eprintln!("pdf_text: {path}: {}", e.note());
            std::process::exit(1);
        }
    }
}

/// Prints one line per font dictionary: subtype, base font, whether it has
/// widths, a ToUnicode map, an /Encoding, and which font program it embeds.
fn fonts(bytes: &[u8]) {
    let Ok(doc) = pdf_extract::Document::load_mem(bytes) else {
        eprintln!("pdf_text: cannot load");
        return;
    };
    for (id, obj) in &doc.objects {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(|t| t.as_name()).ok() != Some(&b"Font"[..]) {
            continue;
        }
        let name = |k: &[u8]| {
            d.get(k)
                .and_then(|t| t.as_name())
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_default()
        };
        let desc = d
            .get(b"FontDescriptor")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        let program = desc.map_or("-", |desc| {
            if desc.has(b"FontFile") {
                "FontFile"
            } else if desc.has(b"FontFile2") {
                "FontFile2"
            } else if desc.has(b"FontFile3") {
                "FontFile3"
            } else {
                "none"
            }
        });
        let encoding = match d.get(b"Encoding") {
            Ok(pdf_extract::Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
            Ok(_) => "dict".into(),
            Err(_) => "-".into(),
        };
        println!(
            "{:?} {} {} widths={} tounicode={} enc={} prog={} fm={:?}",
            id,
            name(b"Subtype"),
            name(b"BaseFont"),
            d.has(b"Widths") || d.has(b"DescendantFonts"),
            d.has(b"ToUnicode"),
            encoding,
            program,
            d.get(b"FontMatrix").ok()
        );
    }
}

/// Prints the segments of page `n` (for tuning the layout): baseline, x
/// range, size, row and text.
fn segments(bytes: &[u8], n: u32) {
    let Ok(doc) = pdf::load(bytes) else {
        eprintln!("pdf_text: cannot load");
        return;
    };
    let budget = pdf::budget::Budget::new(pdf::TIME_BUDGET);
    let mut collector = pdf::glyphs::Collector::new(budget, usize::MAX);
    let _ = pdf_extract::output_doc_page(&doc, &mut collector, n);
    collector.finish_page();
    for page in &collector.pages {
        for s in pdf::layout::segments(page) {
            println!(
                "{:7.1} {:6.1}-{:6.1} {:5.1} r{:<3} {}",
                s.y, s.x0, s.x1, s.size, s.row, s.text
            );
        }
    }
}

/// Counts the characters pdf-extract reports on page `n`, and prints the first few.
pub struct Probe(usize);
impl pdf_extract::OutputDev for Probe {
    fn begin_page(
        &mut self,
        _: u32,
        _: &pdf_extract::MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _s: f64,
        fs: f64,
        c: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        self.0 += 1;
        if self.0 < 15 {
            println!("{:?} w={width} fs={fs} {:?}", trm, c);
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}
