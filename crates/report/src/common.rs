//! What every draft shares: the render and HTML entry points, times in the organisation's
//! zone, counts, the running frame, and the lookups of decisions and filings.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use domain::decision::{Decision, DecisionKind, in_force};
use domain::filing::{Filing, Recipient};
use domain::notation;
use domain::{Controller, ControllerId};

use crate::fonts::fonts;
use crate::layout::{Builder, Frame, Orientation};
use crate::{Lang, ReportError};

/// A document that lays itself out on a [`Builder`].
pub(crate) trait Document {
    /// The running header and footer and the metadata.
    fn frame(&self) -> Frame;
    /// Lays out the body.
    fn write(&self, b: &mut Builder);
    /// Which way up the pages are.
    fn orientation(&self) -> Orientation {
        Orientation::Portrait
    }
}

/// Lays out and writes a document as PDF bytes.
pub(crate) fn render(doc: &dyn Document) -> Result<Vec<u8>, ReportError> {
    let mut b = Builder::new(fonts()?, doc.orientation());
    doc.write(&mut b);
    b.finish(&doc.frame())
}

/// The same content as a plain HTML page.
pub(crate) fn html(doc: &dyn Document, style: &str) -> Result<String, ReportError> {
    let mut b = Builder::new(fonts()?, doc.orientation()).recording_html();
    doc.write(&mut b);
    let frame = doc.frame();
    Ok(b.into_html(&frame.title, frame.language, style))
}

/// Swedish or English text.
pub(crate) fn tr(lang: Lang, sv: &'static str, en: &'static str) -> &'static str {
    lang.pick(sv, en)
}

/// "Sida x av y" / "Page x of y".
pub(crate) fn page_label(lang: Lang) -> fn(usize, usize) -> String {
    match lang {
        Lang::Sv => |n, of| format!("Sida {n} av {of}"),
        Lang::En => |n, of| format!("Page {n} of {of}"),
    }
}

/// Times shown in one zone and one language (written as `domain::notation` writes them).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Times {
    /// The organisation's zone.
    pub tz: Tz,
    /// The draft's language.
    pub lang: Lang,
}

impl Times {
    /// An instant as a field's value with the zone named: `14 januari 2024 kl. 16.00
    /// (Europe/Stockholm)` in Swedish, `2024-01-14 16:00 (Europe/Stockholm)` in English.
    pub(crate) fn when(&self, t: DateTime<Utc>) -> String {
        format!("{} ({})", notation::field_when(self.lang, t, self.tz), self.tz.name())
    }

    /// An instant in a table cell or a list (the header or the page names the zone).
    pub(crate) fn local(&self, t: DateTime<Utc>) -> String {
        notation::table_when(self.lang, t, self.tz)
    }

    /// The local date of an instant in a table cell.
    pub(crate) fn date(&self, t: DateTime<Utc>) -> String {
        notation::table_date(t, self.tz)
    }

    /// A date as running text writes it: "den 29 januari 2024" (Swedish), "29 January 2024".
    pub(crate) fn long_date(&self, t: DateTime<Utc>) -> String {
        notation::long_date(self.lang, t, self.tz)
    }
}

pub(crate) use domain::notation::{count as range, decimal};

/// The decision in force of a kind.
pub(crate) fn decided(decisions: &[Decision], kind: DecisionKind) -> Option<&Decision> {
    in_force(decisions, kind)
}

/// Whether a filing concerns `controller`: filed for it, or for no particular controller.
fn for_controller(f: &Filing, controller: Option<ControllerId>) -> bool {
    match (f.controller_id, controller) {
        (None, _) => true,
        (Some(filed), Some(wanted)) => filed == wanted,
        (Some(_), None) => true,
    }
}

/// The filings to `recipient` concerning `controller`, earliest first (ties by id).
pub(crate) fn filings_to(filings: &[Filing], recipient: Recipient, controller: Option<ControllerId>) -> Vec<&Filing> {
    let mut out: Vec<&Filing> =
        filings.iter().filter(|f| f.recipient == recipient && for_controller(f, controller)).collect();
    out.sort_by_key(|f| (f.submitted_at, f.id));
    out
}

/// The IMY case number (diarienummer) if IMY has given one: the latest reference on an IMY
/// filing for the controller.
pub(crate) fn imy_case_number(filings: &[Filing], controller: Option<ControllerId>) -> Option<String> {
    filings_to(filings, Recipient::Imy, controller)
        .iter()
        .rev()
        .find_map(|f| f.reference.clone().filter(|r| !r.trim().is_empty()))
}

/// The sender of a letter: the chosen controller, else the case's first.
pub(crate) fn sender<'a>(chosen: Option<&'a Controller>, all: &'a [Controller]) -> Option<&'a Controller> {
    chosen.or_else(|| all.first())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drafts_fields_name_the_zone_and_read_as_its_language_writes_them() {
        let t = DateTime::parse_from_rfc3339("2024-01-29T04:40:00Z").expect("valid").with_timezone(&Utc);
        let sv = Times { tz: chrono_tz::Europe::Stockholm, lang: Lang::Sv };
        let en = Times { lang: Lang::En, ..sv };
        assert_eq!(sv.when(t), "29 januari 2024 kl. 05.40 (Europe/Stockholm)");
        assert_eq!(en.when(t), "2024-01-29 05:40 (Europe/Stockholm)");
        assert_eq!(sv.long_date(t), "den 29 januari 2024");
        assert_eq!(sv.local(t), "2024-01-29 05.40");
    }
}
