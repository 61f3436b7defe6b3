//! PDF drafts of breachdesk, rendered with printpdf: domain types in, bytes out.
//!
//! Every draft is A4 portrait, set in embedded Noto Sans (so å, ä and ö extract as text),
//! marked "UTKAST"/"DRAFT" with the case reference, version, generation time and "Sida x av y"
//! on every page, and deterministic: the same input gives the same bytes.

mod fonts;
mod imy;
mod labels;
mod layout;

/// The language a draft is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Swedish (the default: IMY's e-service and the municipality work in Swedish).
    #[default]
    Sv,
    /// English.
    En,
}

impl Lang {
    /// Parses `sv` or `en` (case-insensitive, surrounding white space ignored).
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language code, `sv` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
}

/// Everything a draft of the IMY notification is made from.
#[derive(Debug, Clone, Copy)]
pub struct DraftContext<'a> {
    /// The organisation (DPO contact details and the time zone times are shown in).
    pub organisation: &'a domain::Organisation,
    /// The controller this IMY notification is for; `None`: not chosen yet (listed as missing).
    pub controller: Option<&'a domain::Controller>,
    /// The case.
    pub case: &'a domain::Case,
    /// The case's timeline, in any order (the annex sorts it by when things happened).
    pub timeline: &'a [domain::TimelineEntry],
    /// The case's actions.
    pub actions: &'a [domain::Action],
    /// The case's clocks, evaluated at `generated_at`; the IMY 72-hour clock is taken from here.
    pub clocks: &'a [domain::Clock],
    /// When the draft is generated: shown on every page and written as the PDF creation date.
    pub generated_at: chrono::DateTime<chrono::Utc>,
    /// The language of the draft.
    pub lang: Lang,
}

/// Why a draft could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The bundled Noto Sans fonts could not be parsed (a broken build, not bad input).
    #[error("the bundled Noto Sans fonts could not be parsed")]
    Font,
    /// `generated_at` is outside what a PDF date can hold.
    #[error("generated_at {0} cannot be written as a PDF date")]
    Timestamp(chrono::DateTime<chrono::Utc>),
    /// printpdf reported an error while building the document.
    #[error("the PDF could not be built: {0}")]
    Pdf(String),
    /// Writing the PDF bytes failed.
    #[error("the PDF could not be written: {0}")]
    Write(#[from] std::io::Error),
}

/// Renders the draft of an IMY personal-data-breach notification (GDPR Art. 33) as PDF bytes.
///
/// Fields that IMY asks for and the case does not yet hold are listed on the first page under
/// "Uppgifter som saknas"; such a draft is a preliminary notification (Art. 33(4)).
///
/// # Errors
/// Fails when the bundled fonts cannot be parsed, when `generated_at` cannot be written as a
/// PDF date, or when printpdf or the writer reports an error.
pub fn imy_notification(ctx: &DraftContext<'_>) -> Result<Vec<u8>, ReportError> {
    imy::render(ctx)
}
