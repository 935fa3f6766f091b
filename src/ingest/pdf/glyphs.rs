//! Glyphs with their positions, as pdf-extract's interpreter draws them.
//!
//! pdf-extract runs a page's content stream (fonts, encodings, CMaps) and
//! calls an [`OutputDev`] once per character with its text matrix. Its own
//! plain-text output guesses line breaks from the order of drawing, which
//! interleaves columns; [`Collector`] instead keeps every glyph's place on
//! the page, so [`super::layout`] can find lines and columns geometrically.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use unicode_normalization::UnicodeNormalization;

use super::budget::Budget;

/// How often (in glyphs) the time budget is checked.
const BUDGET_CHECK_EVERY: usize = 512;

/// One drawn character, in page space with y growing downwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Left end of the glyph on its baseline.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Advance (how far the next glyph starts).
    pub width: f32,
    /// Font size on the page.
    pub size: f32,
    /// Direction of writing, in quarter turns clockwise (0: left to right).
    pub turn: u8,
    /// The text (NFKC-normalised: `ﬁ` is `fi`); never white space.
    pub text: String,
}

/// The glyphs of one page.
#[derive(Debug, Clone, Default)]
pub struct RawPage {
    /// Width of the media box.
    pub width: f32,
    /// Height of the media box.
    pub height: f32,
    /// Glyphs in drawing order.
    pub glyphs: Vec<Glyph>,
}

/// An [`OutputDev`] that keeps glyphs with their positions.
pub struct Collector {
    /// Pages read so far.
    pub pages: Vec<RawPage>,
    current: RawPage,
    flip: Transform,
    budget: Budget,
    max_glyphs: usize,
    seen: usize,
    /// The time or glyph budget ran out.
    pub exhausted: bool,
}

impl Collector {
    /// A collector that gives up (the interpreter then stops with an error)
    /// when `budget` is spent or after `max_glyphs` glyphs.
    pub fn new(budget: Budget, max_glyphs: usize) -> Collector {
        Collector {
            pages: Vec::new(),
            current: RawPage::default(),
            flip: Transform::identity(),
            budget,
            max_glyphs,
            seen: 0,
            exhausted: false,
        }
    }

    /// Closes the page being read (also after the interpreter failed on it).
    pub fn finish_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.current));
    }

    fn out_of_budget(&mut self) -> bool {
        self.seen += 1;
        if self.seen > self.max_glyphs
            || (self.seen.is_multiple_of(BUDGET_CHECK_EVERY) && self.budget.spent())
        {
            self.exhausted = true;
        }
        self.exhausted
    }
}

/// The budget ran out: stop the interpreter.
fn stop() -> OutputError {
    OutputError::FormatError(std::fmt::Error)
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.current = RawPage {
            width: (media_box.urx - media_box.llx).abs() as f32,
            height: (media_box.ury - media_box.lly).abs() as f32,
            glyphs: Vec::new(),
        };
        self.flip = Transform::row_major(1., 0., 0., -1., -media_box.llx, media_box.ury);
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        if self.out_of_budget() {
            return Err(stop());
        }
        let t = trm.post_transform(&self.flip);
        // The advance along the baseline and the font's height, on the page.
        let advance = width * font_size + spacing;
        let along = (advance * t.m11, advance * t.m12);
        let size = (font_size * t.m21).hypot(font_size * t.m22);
        let (x, y) = (t.m31, t.m32);
        if !(x.is_finite() && y.is_finite() && size.is_finite() && (0.5..=2000.).contains(&size)) {
            return Ok(());
        }
        let text: String = char
            .nfkc()
            .filter(|c| !c.is_whitespace() && !c.is_control() && *c != '\u{fffd}')
            .collect();
        if text.is_empty() {
            return Ok(());
        }
        // Which way the glyph's top points says which way the line runs (a
        // negative font size turns glyphs upside down).
        let (up_x, up_y) = (t.m21 * font_size.signum(), t.m22 * font_size.signum());
        let turn = if up_y.abs() >= up_x.abs() {
            if up_y <= 0. { 0 } else { 2 }
        } else if up_x > 0. {
            1
        } else {
            3
        };
        self.current.glyphs.push(Glyph {
            x: x as f32,
            y: y as f32,
            width: along.0.hypot(along.1) as f32,
            size: size as f32,
            turn,
            text,
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
