//! The embedded Noto Sans faces: parsed once per process, measured, and their compressed font
//! programs cached so that no document pays for parsing or deflating a font.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use printpdf::{
    FontId, Mm, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem,
};

use crate::ReportError;

/// Code points below this get a flat width table; the rest go through the font's own maps.
const FAST_TABLE_LEN: usize = 0x0600;
/// What a character the font cannot draw is shown as (before falling back to `?`).
const REPLACEMENT: char = '\u{FFFD}';

/// The characters a document uses: a bitmap for the common ones, a set for the rest.
pub(crate) struct CharSet {
    fast: Vec<bool>,
    rest: BTreeSet<char>,
}

impl CharSet {
    /// An empty set.
    pub(crate) fn new() -> Self {
        Self { fast: vec![false; FAST_TABLE_LEN], rest: BTreeSet::new() }
    }

    /// Adds every character of `text`.
    pub(crate) fn extend(&mut self, text: &str) {
        for c in text.chars() {
            match self.fast.get_mut(c as usize) {
                Some(seen) => *seen = true,
                None => {
                    self.rest.insert(c);
                }
            }
        }
    }

    fn chars(&self) -> impl Iterator<Item = char> + '_ {
        let fast = self
            .fast
            .iter()
            .enumerate()
            .filter(|(_, seen)| **seen)
            .filter_map(|(i, _)| u32::try_from(i).ok().and_then(char::from_u32));
        fast.chain(self.rest.iter().copied())
    }
}

/// Which face a run of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    /// Noto Sans Regular.
    Regular,
    /// Noto Sans Bold.
    Bold,
}

/// One parsed face with what layout needs from it.
pub(crate) struct Face {
    /// The face as printpdf needs it (cloned into every document; see [`Fonts::add_to`]).
    parsed: ParsedFont,
    /// The resource name the face has in every document (fixed, so output is deterministic).
    id: FontId,
    /// Advance widths in font units for code points below [`FAST_TABLE_LEN`]; `None`: no glyph.
    fast: Vec<Option<u16>>,
    /// Font units per em.
    units_per_em: f32,
    /// Advance of `.notdef`, used for characters the font has no glyph for.
    notdef_width: u16,
}

impl Face {
    fn parse(bytes: &[u8], id: &str, name: &str) -> Option<Self> {
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)?;
        parsed.font_name = Some(name.to_owned());
        let fast = (0..FAST_TABLE_LEN)
            .map(|cp| {
                let cp = u32::try_from(cp).unwrap_or(0);
                let gid = parsed.lookup_glyph_index(cp)?;
                parsed.get_glyph_width(gid)
            })
            .collect();
        let units_per_em = f32::from(parsed.units_per_em.max(1));
        let notdef_width = parsed.get_glyph_width(0).unwrap_or(0);
        Some(Self { parsed, id: FontId(id.to_owned()), fast, units_per_em, notdef_width })
    }

    /// The advance of `c` in font units, `None` when the face has no glyph for it.
    fn advance(&self, c: char) -> Option<u16> {
        let cp = c as usize;
        if cp < FAST_TABLE_LEN {
            return self.fast.get(cp).copied().flatten();
        }
        let gid = self.parsed.lookup_glyph_index(c as u32)?;
        self.parsed.get_glyph_width(gid)
    }

    /// Whether the face can draw `c`.
    pub(crate) fn has_glyph(&self, c: char) -> bool {
        self.advance(c).is_some()
    }

    /// The width of `text` set at `size` points, in points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| u32::from(self.advance(c).unwrap_or(self.notdef_width))).sum();
        // Exact in f32 up to 2^24 units, far beyond any line.
        units as f32 * size / self.units_per_em
    }

    /// The width of one character set at `size` points, in points.
    pub(crate) fn char_width(&self, c: char, size: f32) -> f32 {
        f32::from(self.advance(c).unwrap_or(self.notdef_width)) * size / self.units_per_em
    }

    /// A copy of the face whose character map and widths cover only `used` (and `.notdef`).
    fn trimmed(&self, used: &CharSet) -> ParsedFont {
        let base = &self.parsed;
        let mut cmap = BTreeMap::new();
        let mut widths = BTreeMap::new();
        if let Some(w) = base.get_glyph_width(0) {
            widths.insert(0, w);
        }
        for c in used.chars() {
            if let Some(gid) = base.lookup_glyph_index(c as u32) {
                cmap.insert(c as u32, gid);
                if let Some(w) = base.get_glyph_width(gid) {
                    widths.insert(gid, w);
                }
            }
        }
        let mut trimmed = ParsedFont::with_glyph_data(
            base.original_bytes.clone(),
            base.font_index,
            base.font_name.clone(),
            cmap,
            widths,
            base.units_per_em,
            base.font_metrics.clone(),
        );
        trimmed.font_type = base.font_type;
        trimmed.pdf_font_metrics = base.pdf_font_metrics.clone();
        trimmed
    }

    /// The handle page operations refer to this face by.
    pub(crate) fn handle(&self) -> PdfFontHandle {
        PdfFontHandle::External(self.id.clone())
    }
}

/// Both faces and their font programs, deflated once.
pub(crate) struct Fonts {
    regular: Face,
    bold: Face,
    /// The raw font program of each face and the same program deflated, to swap in at save.
    compressed_programs: Vec<(&'static [u8], Vec<u8>)>,
}

static FONTS: LazyLock<Option<Fonts>> = LazyLock::new(Fonts::load);

/// The process-wide fonts, parsed on first use.
///
/// # Errors
/// Fails when the bundled Noto Sans bytes cannot be parsed (a broken build, not bad input).
pub(crate) fn fonts() -> Result<&'static Fonts, ReportError> {
    FONTS.as_ref().ok_or(ReportError::Font)
}

impl Fonts {
    fn load() -> Option<Self> {
        let regular = Face::parse(ttf_noto_sans::REGULAR, "NotoSansRegular", "NotoSans-Regular")?;
        let bold = Face::parse(ttf_noto_sans::BOLD, "NotoSansBold", "NotoSans-Bold")?;
        let mut fonts = Self { regular, bold, compressed_programs: Vec::new() };
        fonts.compressed_programs = fonts.deflate_programs();
        Some(fonts)
    }

    /// Serialises a one-line document with both faces and keeps their deflated programs: the
    /// Flate compression of ~200 KB per face is most of the cost of a document otherwise.
    fn deflate_programs(&self) -> Vec<(&'static [u8], Vec<u8>)> {
        let mut doc = PdfDocument::new("fonts");
        let mut used = CharSet::new();
        used.extend("a");
        self.add_to(&mut doc, &used);
        let ops = [Weight::Regular, Weight::Bold]
            .into_iter()
            .flat_map(|w| {
                [
                    Op::StartTextSection,
                    Op::SetFont { font: self.face(w).handle(), size: Pt(10.0) },
                    Op::ShowText { items: vec![TextItem::Text("a".to_owned())] },
                    Op::EndTextSection,
                ]
            })
            .collect();
        doc.with_pages(vec![PdfPage::new(Mm(210.0), Mm(297.0), ops)]);
        let mut warnings = Vec::new();
        let options = PdfSaveOptions { subset_fonts: false, ..PdfSaveOptions::default() };
        let mut lo = printpdf::to_lopdf_doc(&doc, &options, &mut warnings);
        let mut out = Vec::new();
        for raw in [ttf_noto_sans::REGULAR, ttf_noto_sans::BOLD] {
            for object in lo.objects.values_mut() {
                let Ok(stream) = object.as_stream_mut() else { continue };
                if stream.content.as_slice() != raw {
                    continue;
                }
                // `compress` leaves a stream as it is when deflating does not make it smaller;
                // only a stream that now carries /Filter holds deflated bytes.
                if stream.compress().is_ok() && stream.dict.get(b"Filter").is_ok() {
                    out.push((raw, stream.content.clone()));
                }
                break;
            }
        }
        out
    }

    /// The face of a weight.
    pub(crate) fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Registers both faces in `doc` under their fixed resource names, each holding only the
    /// glyph mappings and widths of the characters in `used`.
    ///
    /// `PdfDocument::add_font` would name them with printpdf's process-global counter, so the
    /// same input would give different bytes from one call to the next. printpdf clones each
    /// face several times while saving; trimmed to the characters used, the clones are cheap.
    pub(crate) fn add_to(&self, doc: &mut PdfDocument, used: &CharSet) {
        for face in [&self.regular, &self.bold] {
            doc.resources.fonts.map.insert(face.id.clone(), PdfFont::new(face.trimmed(used)));
        }
    }

    /// The deflated program for a raw font program, if it is one of ours.
    pub(crate) fn compressed_program(&self, raw: &[u8]) -> Option<&[u8]> {
        self.compressed_programs.iter().find(|(r, _)| r.len() == raw.len() && *r == raw).map(|(_, c)| c.as_slice())
    }

    /// `c`, or a stand-in both faces can draw (U+FFFD, else `?`), so nothing becomes `.notdef`.
    pub(crate) fn drawable(&self, c: char) -> char {
        let ok = |c| self.regular.has_glyph(c) && self.bold.has_glyph(c);
        if ok(c) {
            c
        } else if ok(REPLACEMENT) {
            REPLACEMENT
        } else {
            '?'
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_parse_and_draw_swedish_letters() {
        let fonts = fonts().expect("bundled fonts parse");
        for c in "åäöÅÄÖé–•".chars() {
            assert_eq!(fonts.drawable(c), c, "{c}");
        }
        assert!(fonts.face(Weight::Bold).width("Åtgärd", 10.0) > fonts.face(Weight::Regular).width("Åtgärd", 10.0));
    }

    #[test]
    fn both_font_programs_are_deflated_once() {
        let fonts = fonts().expect("bundled fonts parse");
        assert!(fonts.compressed_program(ttf_noto_sans::REGULAR).is_some());
        assert!(fonts.compressed_program(ttf_noto_sans::BOLD).is_some());
    }
}
