//! A small flowing document builder on top of printpdf's page operations: title, headings,
//! label/value fields, paragraphs, bullets, tables and shaded boxes, greedy word wrap by
//! measured glyph widths, page breaks, and a running header and footer ("Sida x av y") added
//! once the page count is known.

use printpdf::{
    Color, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Pt,
    Rect, Rgb, TextItem, TextMatrix,
};

use crate::ReportError;
use crate::fonts::{CharSet, Face, Fonts, Weight};

/// The short and the long side of A4, in points and in millimetres.
const A4_SHORT: f32 = 595.28;
const A4_LONG: f32 = 841.89;
const A4_SHORT_MM: f32 = 210.0;
const A4_LONG_MM: f32 = 297.0;
/// Left and right margin (20 mm).
const MARGIN_X: f32 = 56.69;
/// The distance from the page's top edge to the first body line; the lowest a body line may
/// reach.
const BODY_TOP_INSET: f32 = 72.0;
const BODY_BOTTOM: f32 = 64.0;
/// Running header (distances from the top edge) and footer.
const HEADER_BASELINE_INSET: f32 = 40.0;
const HEADER_RULE_INSET: f32 = 48.0;
const FOOTER_RULE: f32 = 48.0;
const FOOTER_BASELINE: f32 = 34.0;
/// The label column of label/value fields.
const LABEL_WIDTH: f32 = 150.0;
const LABEL_GAP: f32 = 12.0;
/// Bullet indent.
const BULLET_INDENT: f32 = 12.0;
/// Padding of shaded boxes beyond the text column, and the width of their accent bar.
const BOX_PAD: f32 = 8.0;
const BOX_BAR: f32 = 3.0;
/// The most lines a table header may take.
const HEADER_LINES: usize = 2;
/// Horizontal padding inside table cells.
const CELL_GAP: f32 = 8.0;

/// A typographic role: face, size and line height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    weight: Weight,
    size: f32,
    line_height: f32,
    tone: Tone,
}

/// Body text.
pub(crate) const BODY: Style = Style { weight: Weight::Regular, size: 10.0, line_height: 14.0, tone: Tone::Ink };
/// Labels of fields and table headers.
pub(crate) const LABEL: Style = Style { weight: Weight::Bold, size: 9.5, line_height: 14.0, tone: Tone::Ink };
/// Cells of wide tables (the breach register).
pub(crate) const SMALL: Style = Style { weight: Weight::Regular, size: 7.5, line_height: 10.5, tone: Tone::Ink };
/// Headers of wide tables.
pub(crate) const SMALL_LABEL: Style = Style { weight: Weight::Bold, size: 7.5, line_height: 10.5, tone: Tone::Ink };
/// Muted remarks ("okänt", hints).
pub(crate) const NOTE: Style = Style { weight: Weight::Regular, size: 10.0, line_height: 14.0, tone: Tone::Muted };
const TITLE: Style = Style { weight: Weight::Bold, size: 18.0, line_height: 24.0, tone: Tone::Ink };
const HEADING: Style = Style { weight: Weight::Bold, size: 12.5, line_height: 17.0, tone: Tone::Accent };
const BOX_TITLE: Style = Style { weight: Weight::Bold, size: 11.0, line_height: 16.0, tone: Tone::Warning };
const RUNNING: Style = Style { weight: Weight::Regular, size: 8.0, line_height: 10.0, tone: Tone::Muted };
const DRAFT_MARK: Style = Style { weight: Weight::Bold, size: 9.0, line_height: 10.0, tone: Tone::Warning };

/// The few colours of a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Ink,
    Muted,
    Accent,
    Warning,
    Rule,
    WarningFill,
    HeaderFill,
}

impl Tone {
    fn color(self) -> Color {
        let (r, g, b) = match self {
            Tone::Ink => (0.10, 0.10, 0.12),
            Tone::Muted => (0.38, 0.40, 0.44),
            Tone::Accent => (0.09, 0.25, 0.45),
            Tone::Warning => (0.66, 0.16, 0.10),
            Tone::Rule => (0.72, 0.74, 0.78),
            Tone::WarningFill => (0.99, 0.95, 0.91),
            Tone::HeaderFill => (0.93, 0.94, 0.96),
        };
        Color::Rgb(Rgb::new(r, g, b, None))
    }
}

/// Which way up the pages are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Orientation {
    /// A4 portrait: the drafts.
    Portrait,
    /// A4 landscape: wide tables (the breach register).
    Landscape,
}

/// The page size and the text column derived from it.
#[derive(Debug, Clone, Copy)]
struct Geometry {
    /// Page height in points.
    height: f32,
    /// Page width and height in millimetres (what printpdf takes).
    width_mm: f32,
    height_mm: f32,
    /// The width text may take.
    body_width: f32,
    /// The top of the first body line.
    body_top: f32,
}

impl Geometry {
    fn of(orientation: Orientation) -> Self {
        let (width, height, width_mm, height_mm) = match orientation {
            Orientation::Portrait => (A4_SHORT, A4_LONG, A4_SHORT_MM, A4_LONG_MM),
            Orientation::Landscape => (A4_LONG, A4_SHORT, A4_LONG_MM, A4_SHORT_MM),
        };
        Self { height, width_mm, height_mm, body_width: width - 2.0 * MARGIN_X, body_top: height - BODY_TOP_INSET }
    }
}

/// Something placed on a page.
#[derive(Debug, Clone)]
enum Mark {
    Text { x: f32, y: f32, style: Style, text: String },
    Fill { x: f32, y: f32, width: f32, height: f32, tone: Tone },
    Rule { x1: f32, x2: f32, y: f32, tone: Tone },
}

/// A column of a table: its header and its share of the body width.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    /// The header text.
    pub header: String,
    /// The share of the width (the shares of a table need not add up to 1).
    pub share: f32,
}

/// The running header and footer texts, and the document's metadata.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    /// The document title (PDF metadata and footer).
    pub title: String,
    /// The draft mark ("UTKAST").
    pub mark: String,
    /// Beside the mark: the case reference and version.
    pub header_left: String,
    /// At the right of the header: when the draft was generated, with the zone.
    pub header_right: String,
    /// "Sida {x} av {y}" as a function of the page number and count.
    pub page_label: fn(usize, usize) -> String,
    /// The author written into the PDF metadata (the organisation).
    pub author: String,
    /// The BCP 47 language of the text (`sv-SE`, `en`).
    pub language: &'static str,
    /// The creation date written into the PDF metadata.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A table column laid out: x offset, width and header text.
type Cell = (f32, f32, String);

/// Lays out a document top to bottom, breaking pages as needed.
pub(crate) struct Builder {
    fonts: &'static Fonts,
    geometry: Geometry,
    pages: Vec<Vec<Mark>>,
    /// The top of the next line.
    y: f32,
    /// A box being drawn: every line gets its fill.
    shade: bool,
    /// A table being drawn: its header repeats on every new page.
    table: Option<(Vec<Cell>, Style)>,
    /// The same content as simple HTML, when asked for (the benchmark against WeasyPrint).
    html: Option<String>,
}

impl Builder {
    /// An empty document on one blank page.
    pub(crate) fn new(fonts: &'static Fonts, orientation: Orientation) -> Self {
        let geometry = Geometry::of(orientation);
        Self { fonts, geometry, pages: vec![Vec::new()], y: geometry.body_top, shade: false, table: None, html: None }
    }

    /// Also records the content as HTML (see [`Builder::into_html`]).
    pub(crate) fn recording_html(mut self) -> Self {
        self.html = Some(String::with_capacity(16 * 1024));
        self
    }

    /// Appends to the HTML record, if one is kept.
    fn html(&mut self, parts: &[&str]) {
        if let Some(html) = self.html.as_mut() {
            for part in parts {
                html.push_str(part);
            }
        }
    }

    /// The HTML record as a page with `title` and `style` in its head (empty when not recording).
    pub(crate) fn into_html(self, title: &str, lang: &str, style: &str) -> String {
        let body = self.html.unwrap_or_default();
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{}</title>\
             <style>{style}</style></head><body>{body}</body></html>\n",
            escape(title)
        )
    }

    /// The width text may take.
    fn body_width(&self) -> f32 {
        self.geometry.body_width
    }

    fn face(&self, style: Style) -> &Face {
        self.fonts.face(style.weight)
    }

    fn push(&mut self, mark: Mark) {
        if let Some(page) = self.pages.last_mut() {
            page.push(mark);
        }
    }

    /// Starts a new page (and repeats the header of a table being drawn).
    pub(crate) fn page_break(&mut self) {
        if self.pages.last().is_some_and(Vec::is_empty) {
            return;
        }
        self.pages.push(Vec::new());
        self.y = self.geometry.body_top;
        if let Some((columns, style)) = self.table.clone() {
            self.table_header(&columns, style);
        }
    }

    /// Breaks the page unless `height` more points fit on it.
    fn need(&mut self, height: f32) {
        if self.y - height < BODY_BOTTOM && self.y < self.geometry.body_top {
            self.page_break();
        }
    }

    /// Claims one line of `height`, breaking the page first if it does not fit, and returns
    /// its top.
    fn line(&mut self, height: f32) -> f32 {
        self.need(height);
        let top = self.y;
        if self.shade {
            self.shade_band(top, height);
        }
        self.y -= height;
        top
    }

    fn shade_band(&mut self, top: f32, height: f32) {
        let x = MARGIN_X - BOX_PAD;
        let width = self.body_width() + 2.0 * BOX_PAD;
        self.push(Mark::Fill { x, y: top - height, width, height, tone: Tone::WarningFill });
        self.push(Mark::Fill { x, y: top - height, width: BOX_BAR, height, tone: Tone::Warning });
    }

    /// Vertical space; none at the top of a page, and never more than the page has left (so
    /// that a gap never starts a page of its own).
    pub(crate) fn gap(&mut self, height: f32) {
        if self.y >= self.geometry.body_top {
            return;
        }
        let height = height.min(self.y - BODY_BOTTOM).max(0.0);
        if self.shade && height > 0.0 {
            self.shade_band(self.y, height);
        }
        self.y -= height;
    }

    /// The baseline of a line of `style` whose top is `top`.
    fn baseline(top: f32, style: Style) -> f32 {
        top - (style.line_height - style.size) / 2.0 - style.size * 0.8
    }

    fn text_at(&mut self, x: f32, top: f32, style: Style, text: String) {
        if !text.is_empty() {
            self.push(Mark::Text { x, y: Self::baseline(top, style), style, text });
        }
    }

    /// Writes wrapped lines of one style at an indent.
    fn lines(&mut self, indent: f32, style: Style, lines: Vec<String>) {
        for line in lines {
            let top = self.line(style.line_height);
            self.text_at(MARGIN_X + indent, top, style, line);
        }
    }

    /// The document title.
    pub(crate) fn title(&mut self, text: &str) {
        self.html(&["<h1>", &escape(text), "</h1>"]);
        let lines = self.wrap(text, TITLE, self.body_width());
        self.lines(0.0, TITLE, lines);
        self.gap(6.0);
    }

    /// A section heading, kept on the same page as the first lines after it.
    pub(crate) fn heading(&mut self, text: &str) {
        self.html(&["<h2>", &escape(text), "</h2>"]);
        let lines = self.wrap(text, HEADING, self.body_width());
        let height = HEADING.line_height * lines.len() as f32;
        self.gap(12.0);
        self.need(height + 4.0 + 3.0 * BODY.line_height);
        self.lines(0.0, HEADING, lines);
        let y = self.y - 1.5;
        self.push(Mark::Rule { x1: MARGIN_X, x2: MARGIN_X + self.body_width(), y, tone: Tone::Rule });
        self.y -= 5.0;
    }

    /// A paragraph (line breaks in `text` start new lines).
    pub(crate) fn paragraph(&mut self, text: &str, style: Style) {
        self.html(&["<p class=\"", class(style), "\">", &escape(text), "</p>"]);
        let lines = self.wrap(text, style, self.body_width());
        self.lines(0.0, style, lines);
        self.gap(4.0);
    }

    /// A bulleted item with a hanging indent.
    pub(crate) fn bullet(&mut self, text: &str, style: Style) {
        self.html(&["<p class=\"bullet ", class(style), "\">• ", &escape(text), "</p>"]);
        let lines = self.wrap(text, style, self.body_width() - BULLET_INDENT);
        for (i, line) in lines.into_iter().enumerate() {
            let top = self.line(style.line_height);
            if i == 0 {
                self.text_at(MARGIN_X, top, style, "•".to_owned());
            }
            self.text_at(MARGIN_X + BULLET_INDENT, top, style, line);
        }
    }

    /// A label and its value side by side; either may wrap, and a long value flows on over
    /// pages.
    pub(crate) fn field(&mut self, label: &str, value: &str, style: Style) {
        let (l, v) = (escape(label), escape(value));
        self.html(&["<div class=\"field\"><div class=\"label\">", &l, "</div><div class=\"", class(style), "\">", &v]);
        self.html(&["</div></div>"]);
        let value_x = LABEL_WIDTH + LABEL_GAP;
        let cells = [(0.0, LABEL_WIDTH, LABEL, label), (value_x, self.body_width() - value_x, style, value)];
        self.row(&cells, 2);
        self.gap(3.0);
    }

    /// Cells side by side (x offset, width, style, text), written line by line so that a tall
    /// row continues on the next page. Rows of at most `keep` lines are not split.
    fn row(&mut self, cells: &[(f32, f32, Style, &str)], keep: usize) {
        let wrapped: Vec<Vec<String>> =
            cells.iter().map(|(_, width, style, text)| self.wrap(text, *style, *width)).collect();
        let count = wrapped.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let height = cells.iter().map(|c| c.2.line_height).fold(0.0, f32::max);
        if count <= keep {
            self.need(height * count as f32);
        }
        // Claim the lines first (page breaks included), then write each cell's lines in one
        // run, so that text extraction and copying read a cell whole rather than interleaved
        // with its neighbours line by line.
        let slots: Vec<(usize, f32)> = (0..count)
            .map(|_| {
                let top = self.line(height);
                (self.pages.len() - 1, top)
            })
            .collect();
        for ((x, _, style, _), lines) in cells.iter().zip(wrapped) {
            for ((page, top), line) in slots.iter().zip(lines) {
                if !line.is_empty()
                    && let Some(marks) = self.pages.get_mut(*page)
                {
                    let y = Self::baseline(*top, *style);
                    marks.push(Mark::Text { x: MARGIN_X + x, y, style: *style, text: line });
                }
            }
        }
    }

    /// A label on its own line and a long text under it at full width.
    pub(crate) fn text_block(&mut self, label: &str, text: &str, style: Style) {
        let (l, t) = (escape(label), escape(text));
        self.html(&["<div class=\"label\">", &l, "</div><p class=\"", class(style), "\">", &t, "</p>"]);
        let label_lines = self.wrap(label, LABEL, self.body_width());
        self.need(LABEL.line_height * label_lines.len() as f32 + 2.0 * style.line_height);
        self.lines(0.0, LABEL, label_lines);
        let lines = self.wrap(text, style, self.body_width());
        self.lines(0.0, style, lines);
        self.gap(5.0);
    }

    /// A table with a shaded header row that repeats on every page it spans.
    pub(crate) fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        self.table_styled(columns, rows, BODY, LABEL);
    }

    /// A table set in `cell` with its header in `header` (a repeated header row, rows that
    /// flow over pages).
    pub(crate) fn table_styled(&mut self, columns: &[Column], rows: &[Vec<String>], cell: Style, header: Style) {
        if self.html.is_some() {
            self.html(&["<table><thead><tr>"]);
            for c in columns {
                self.html(&["<th>", &escape(&c.header), "</th>"]);
            }
            self.html(&["</tr></thead><tbody>"]);
            for row in rows {
                self.html(&["<tr>"]);
                for text in row {
                    self.html(&["<td>", &escape(text), "</td>"]);
                }
                self.html(&["</tr>"]);
            }
            self.html(&["</tbody></table>"]);
        }
        let total: f32 = columns.iter().map(|c| c.share).sum::<f32>().max(f32::EPSILON);
        let body_width = self.body_width();
        let mut x = 0.0;
        let geometry: Vec<(f32, f32, String)> = columns
            .iter()
            .map(|c| {
                let width = body_width * c.share / total;
                // Narrow tables of small type keep a proportionally smaller gap.
                let gap = CELL_GAP * (cell.size / BODY.size).min(1.0);
                let cell = (x, width - gap, c.header.clone());
                x += width;
                cell
            })
            .collect();
        self.need(header.line_height * 2.0 + cell.line_height * 2.0);
        self.table_header(&geometry, header);
        self.table = Some((geometry.clone(), header));
        for row in rows {
            let cells: Vec<(f32, f32, Style, &str)> = geometry
                .iter()
                .zip(row.iter())
                .map(|((x, width, _), text)| (*x, *width, cell, text.as_str()))
                .collect();
            self.row(&cells, 4);
            let y = self.y - 2.0;
            self.push(Mark::Rule { x1: MARGIN_X, x2: MARGIN_X + body_width, y, tone: Tone::Rule });
            self.y -= 4.0;
        }
        self.table = None;
        self.gap(4.0);
    }

    fn table_header(&mut self, geometry: &[(f32, f32, String)], style: Style) {
        // A header repeats on every page, so it must never need a page of its own: at most
        // HEADER_LINES lines, the last shortened with an ellipsis (headers are fixed labels).
        let wrapped: Vec<Vec<String>> = geometry
            .iter()
            .map(|(_, width, text)| {
                let mut lines = self.wrap(text, style, *width);
                if lines.len() > HEADER_LINES {
                    let rest = lines.split_off(HEADER_LINES - 1).concat();
                    lines.push(clip_to(self.fonts, &rest, style, *width));
                }
                lines
            })
            .collect();
        let count = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = style.line_height * count as f32 + 4.0;
        let top = self.y;
        self.push(Mark::Fill {
            x: MARGIN_X - 4.0,
            y: top - height,
            width: self.body_width() + 4.0,
            height,
            tone: Tone::HeaderFill,
        });
        self.y -= 2.0;
        let first_top = self.y;
        for ((x, _, _), lines) in geometry.iter().zip(wrapped) {
            for (i, line) in lines.into_iter().enumerate() {
                self.text_at(MARGIN_X + x, first_top - style.line_height * i as f32, style, line);
            }
        }
        self.y -= style.line_height * count as f32;
        self.y -= 6.0;
    }

    /// A shaded box with a title: what is written until [`Builder::end_box`] is inside it.
    pub(crate) fn begin_box(&mut self, title: &str) {
        self.html(&["<div class=\"box\"><h3>", &escape(title), "</h3>"]);
        self.need(BOX_TITLE.line_height + 3.0 * BODY.line_height);
        self.shade = true;
        self.gap(6.0);
        let lines = self.wrap(title, BOX_TITLE, self.body_width());
        self.lines(0.0, BOX_TITLE, lines);
        self.gap(2.0);
    }

    /// Closes the box opened by [`Builder::begin_box`].
    pub(crate) fn end_box(&mut self) {
        self.html(&["</div>"]);
        self.gap(6.0);
        self.shade = false;
        self.gap(4.0);
    }

    /// Greedy word wrap of `text` to `width` points. Words wider than a line are broken; line
    /// breaks in the text are kept (runs of blank lines become one); characters the font
    /// cannot draw are replaced.
    pub(crate) fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        let face = self.face(style);
        let size = style.size;
        let space = face.char_width(' ', size);
        let mut out = Vec::new();
        let clean: String = text
            .chars()
            .filter_map(|c| match c {
                '\n' => Some('\n'),
                '\t' => Some(' '),
                // No-break spaces keep numbers such as `1 000` on one line.
                '\u{a0}' => Some(self.fonts.drawable('\u{a0}')),
                c if c.is_control() => None,
                c if c.is_whitespace() => Some(' '),
                c => Some(self.fonts.drawable(c)),
            })
            .collect();
        for paragraph in clean.split('\n') {
            if paragraph.trim().is_empty() {
                if out.last().is_some_and(|l: &String| !l.is_empty()) {
                    out.push(String::new());
                }
                continue;
            }
            let mut line = String::new();
            let mut line_width = 0.0;
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let word_width = face.width(word, size);
                let needed = if line.is_empty() { word_width } else { line_width + space + word_width };
                if needed <= width {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    line_width = needed;
                    continue;
                }
                if !line.is_empty() {
                    // The space the break replaces stays at the line's end (not measured, not
                    // visible), so extracted and copied text keeps its word boundaries.
                    line.push(' ');
                    out.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                if word_width <= width {
                    line.push_str(word);
                    line_width = word_width;
                    continue;
                }
                // Longer than a line: break it wherever the line is full.
                for c in word.chars() {
                    let w = face.char_width(c, size);
                    if line_width + w > width && !line.is_empty() {
                        out.push(std::mem::take(&mut line));
                        line_width = 0.0;
                    }
                    line.push(c);
                    line_width += w;
                }
            }
            if !line.is_empty() {
                out.push(line);
            }
        }
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        if out.is_empty() {
            out.push(String::new());
        }
        out
    }

    /// The number of pages laid out so far.
    #[cfg(test)]
    pub(crate) fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Adds the running header and footer to every page and writes the PDF.
    ///
    /// # Errors
    /// Fails when the creation date cannot be written, printpdf reports an error, or writing
    /// fails.
    pub(crate) fn finish(mut self, frame: &Frame) -> Result<Vec<u8>, ReportError> {
        // A break opened last and never written to is not a page.
        if self.pages.len() > 1 && self.pages.last().is_some_and(Vec::is_empty) {
            self.pages.pop();
        }
        let count = self.pages.len();
        let fonts = self.fonts;
        let geometry = self.geometry;
        for (index, page) in self.pages.iter_mut().enumerate() {
            let mut running = running_marks(fonts, &geometry, frame, index + 1, count);
            running.append(page);
            *page = running;
        }
        let pages: Vec<PdfPage> = self
            .pages
            .iter()
            .map(|marks| PdfPage::new(Mm(geometry.width_mm), Mm(geometry.height_mm), page_ops(fonts, marks)))
            .collect();

        let mut doc = PdfDocument::new(&frame.title);
        let created = printpdf::OffsetDateTime::from_unix_timestamp(frame.created_at.timestamp())
            .map_err(|_| ReportError::Timestamp(frame.created_at))?;
        let info = &mut doc.metadata.info;
        info.creation_date = created;
        info.modification_date = created;
        info.metadata_date = created;
        info.author = frame.author.clone();
        info.creator = "breachdesk".to_owned();
        info.producer = "breachdesk (printpdf 0.12.8)".to_owned();
        let mut used = CharSet::new();
        for mark in self.pages.iter().flatten() {
            if let Mark::Text { text, .. } = mark {
                used.extend(text);
            }
        }
        fonts.add_to(&mut doc, &used);
        doc.with_pages(pages);

        let options = PdfSaveOptions { optimize: true, subset_fonts: false, secure: true, image_optimization: None };
        let mut warnings = Vec::new();
        let mut lo = printpdf::to_lopdf_doc(&doc, &options, &mut warnings);
        if let Some(error) = warnings.iter().find(|w| w.severity == PdfParseErrorSeverity::Error) {
            return Err(ReportError::Pdf(error.msg.clone()));
        }

        // The font programs are the same in every draft: swap in the copies deflated once, so
        // that `compress` below only deflates the small per-document streams.
        for object in lo.objects.values_mut() {
            let Ok(stream) = object.as_stream_mut() else { continue };
            if let Some(deflated) = fonts.compressed_program(&stream.content) {
                stream.set_content(deflated.to_vec());
                stream.dict.set("Filter", "FlateDecode");
            }
        }

        // printpdf fills the trailer /ID from a process-global counter; derive it from the
        // content instead so the same input gives the same bytes.
        let id = document_id(&self.pages, frame);
        let mut language = None;
        if let Ok(ids) = lo.trailer.get_mut(b"ID").and_then(|o| o.as_array_mut()) {
            for part in ids.iter_mut() {
                if let Ok(bytes) = part.as_str_mut() {
                    *bytes = id.clone().into_bytes();
                }
            }
            // /Lang helps screen readers; its PDF text string is made by reusing an /ID string.
            language = ids.first().cloned();
        }
        if let Some(mut language) = language {
            if let Ok(bytes) = language.as_str_mut() {
                *bytes = frame.language.as_bytes().to_vec();
            }
            let root = lo.trailer.get(b"Root").and_then(|r| r.as_reference());
            if let Ok(catalog) = root.and_then(|r| lo.get_dictionary_mut(r)) {
                catalog.set("Lang", language);
            }
        }

        lo.compress();
        let mut bytes = Vec::new();
        lo.save_to(&mut bytes).map_err(|e| ReportError::Pdf(e.to_string()))?;
        Ok(bytes)
    }
}

/// The header and footer of page `number` of `count`.
fn running_marks(fonts: &Fonts, geometry: &Geometry, frame: &Frame, number: usize, count: usize) -> Vec<Mark> {
    let body_width = geometry.body_width;
    let header_baseline = geometry.height - HEADER_BASELINE_INSET;
    let header_rule = geometry.height - HEADER_RULE_INSET;
    let right_edge = MARGIN_X + body_width;
    let mark_width = fonts.face(DRAFT_MARK.weight).width(&frame.mark, DRAFT_MARK.size);
    let header_right_width = fonts.face(RUNNING.weight).width(&frame.header_right, RUNNING.size);
    let page_label = (frame.page_label)(number, count);
    let page_label_width = fonts.face(RUNNING.weight).width(&page_label, RUNNING.size);
    let clip = |text: &str, width: f32| clip_to(fonts, text, RUNNING, width);
    let left_room = body_width - mark_width - header_right_width - 24.0;
    let footer_room = body_width - page_label_width - 24.0;
    vec![
        Mark::Text { x: MARGIN_X, y: header_baseline, style: DRAFT_MARK, text: frame.mark.clone() },
        Mark::Text {
            x: MARGIN_X + mark_width + 8.0,
            y: header_baseline,
            style: RUNNING,
            text: clip(&frame.header_left, left_room),
        },
        Mark::Text {
            x: right_edge - header_right_width,
            y: header_baseline,
            style: RUNNING,
            text: frame.header_right.clone(),
        },
        Mark::Rule { x1: MARGIN_X, x2: right_edge, y: header_rule, tone: Tone::Rule },
        Mark::Rule { x1: MARGIN_X, x2: right_edge, y: FOOTER_RULE, tone: Tone::Rule },
        Mark::Text { x: MARGIN_X, y: FOOTER_BASELINE, style: RUNNING, text: clip(&frame.title, footer_room) },
        Mark::Text { x: right_edge - page_label_width, y: FOOTER_BASELINE, style: RUNNING, text: page_label },
    ]
}

/// `text` shortened with an ellipsis to fit `width` (running headers only: the body wraps).
fn clip_to(fonts: &Fonts, text: &str, style: Style, width: f32) -> String {
    let face = fonts.face(style.weight);
    if face.width(text, style.size) <= width {
        return text.to_owned();
    }
    let ellipsis = face.char_width('…', style.size);
    let mut out = String::new();
    let mut used = 0.0;
    for c in text.chars().map(|c| fonts.drawable(c)) {
        let w = face.char_width(c, style.size);
        if used + w + ellipsis > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// The operations of one page: fills and rules first, then all text in one text section.
fn page_ops(fonts: &Fonts, marks: &[Mark]) -> Vec<Op> {
    let mut ops = Vec::with_capacity(marks.len() * 4 + 8);
    for mark in marks {
        if let Mark::Fill { x, y, width, height, tone } = mark {
            ops.push(Op::SetFillColor { col: tone.color() });
            let mut rect = Rect::from_xywh(Pt(*x), Pt(*y), Pt(*width), Pt(*height));
            rect.mode = Some(PaintMode::Fill);
            ops.push(Op::DrawRectangle { rectangle: rect });
        }
    }
    let mut rules = marks.iter().filter(|m| matches!(m, Mark::Rule { .. })).peekable();
    if rules.peek().is_some() {
        ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
    }
    for mark in rules {
        if let Mark::Rule { x1, x2, y, tone } = mark {
            ops.push(Op::SetOutlineColor { col: tone.color() });
            let point = |x: f32| LinePoint { p: Point { x: Pt(x), y: Pt(*y) }, bezier: false };
            ops.push(Op::DrawLine { line: Line { points: vec![point(*x1), point(*x2)], is_closed: false } });
        }
    }
    ops.push(Op::StartTextSection);
    let mut current: Option<(Weight, f32)> = None;
    let mut tone: Option<Tone> = None;
    for mark in marks {
        let Mark::Text { x, y, style, text } = mark else { continue };
        if current != Some((style.weight, style.size)) {
            ops.push(Op::SetFont { font: fonts.face(style.weight).handle(), size: Pt(style.size) });
            current = Some((style.weight, style.size));
        }
        if tone != Some(style.tone) {
            ops.push(Op::SetFillColor { col: style.tone.color() });
            tone = Some(style.tone);
        }
        ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(*x), Pt(*y)) });
        ops.push(Op::ShowText { items: vec![TextItem::Text(text.clone())] });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// A document id of 32 hex digits derived from the content (FNV-1a, two seeds).
fn document_id(pages: &[Vec<Mark>], frame: &Frame) -> String {
    let mut hashes = [0xcbf2_9ce4_8422_2325_u64, 0x6c62_272e_07bb_0142_u64];
    let mut feed = |bytes: &[u8]| {
        for h in &mut hashes {
            for b in bytes {
                *h ^= u64::from(*b);
                *h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
    };
    feed(frame.title.as_bytes());
    feed(frame.header_left.as_bytes());
    feed(&frame.created_at.timestamp().to_le_bytes());
    for page in pages {
        feed(b"\x0c");
        for mark in page {
            if let Mark::Text { text, .. } = mark {
                feed(text.as_bytes());
                feed(b"\n");
            }
        }
    }
    format!("{:016x}{:016x}", hashes[0], hashes[1])
}

/// `text` escaped for HTML, line breaks kept.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// The HTML class of a text style.
fn class(style: Style) -> &'static str {
    if style.tone == Tone::Muted { "note" } else { "body" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::fonts;

    fn builder() -> Builder {
        Builder::new(fonts().expect("fonts"), Orientation::Portrait)
    }

    #[test]
    fn wrapped_lines_never_exceed_the_width_and_lose_no_characters() {
        let b = builder();
        let text = format!("Kort text med åäö. {} och sedan vanliga ord igen.", "x".repeat(400));
        let lines = b.wrap(&text, BODY, 200.0);
        let face = b.face(BODY);
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(face.width(line.trim_end(), BODY.size) <= 200.0 + 0.01, "{line}");
        }
        let joined: String = lines.concat().chars().filter(|c| !c.is_whitespace()).collect();
        let want: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(joined, want);
    }

    #[test]
    fn line_breaks_are_kept_and_blank_runs_collapse() {
        let b = builder();
        assert_eq!(b.wrap("a\n\n\n\nb\n", BODY, 300.0), ["a", "", "b"]);
        assert_eq!(b.wrap("", BODY, 300.0), [""]);
    }

    #[test]
    fn no_text_reaches_outside_the_body_whatever_its_length() {
        let mut b = builder();
        let long_word = "Överförmyndarnämnden".repeat(30);
        let label = format!("En mycket lång etikett {long_word}");
        b.title(&format!("Titel {long_word}"));
        b.begin_box("Uppgifter som saknas");
        b.bullet(&long_word, BODY);
        b.end_box();
        for _ in 0..20 {
            b.heading(&long_word);
            b.field(&label, &format!("värde {long_word} och mer text"), BODY);
            b.text_block(&label, &long_word.repeat(3), BODY);
        }
        let columns = [
            Column { header: "Nr".into(), share: 0.06 },
            Column { header: long_word.clone(), share: 0.2 },
            Column { header: "Typ".into(), share: 0.18 },
            Column { header: "Händelse".into(), share: 0.56 },
        ];
        let rows: Vec<Vec<String>> = (0..100)
            .map(|i| vec![i.to_string(), long_word.clone(), "Kommunikation".into(), long_word.repeat(2)])
            .collect();
        b.table(&columns, &rows);
        assert!(b.page_count() > 10);
        for mark in b.pages.iter().flatten() {
            if let Mark::Text { x, y, style, text } = mark {
                let width = b.face(*style).width(text.trim_end(), style.size);
                assert!(*x >= MARGIN_X - 0.01 && x + width <= MARGIN_X + b.body_width() + 0.01, "{text} at x {x}");
                assert!(*y >= BODY_BOTTOM && *y <= b.geometry.body_top, "{text} at y {y}");
            }
        }
    }

    #[test]
    fn no_page_is_left_empty_by_gaps_or_breaks() {
        let mut b = builder();
        for _ in 0..300 {
            b.paragraph("Rad.", BODY);
            b.gap(30.0);
        }
        b.page_break();
        b.page_break();
        let empty = b.pages.iter().filter(|p| p.is_empty()).count();
        assert_eq!(empty, 1, "only the page opened last is empty");
        assert!(b.pages.last().is_some_and(Vec::is_empty));
    }

    #[test]
    fn a_long_paragraph_flows_onto_new_pages() {
        let mut b = builder();
        for _ in 0..200 {
            b.paragraph("Rad med lite text.", BODY);
        }
        assert!(b.page_count() > 3);
    }
}
