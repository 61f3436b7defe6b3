//! What every draft shares: the render and HTML entry points, times in the organisation's
//! zone, counts, the running frame, and the lookups of decisions and filings.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use domain::case::CountRange;
use domain::decision::{Decision, DecisionKind, in_force};
use domain::filing::{Filing, Recipient};
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

/// Times shown in one zone.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Times {
    /// The organisation's zone.
    pub tz: Tz,
}

impl Times {
    /// An instant as local time with the zone named: `2024-01-14 16:00 (Europe/Stockholm)`.
    pub(crate) fn when(&self, t: DateTime<Utc>) -> String {
        format!("{} ({})", self.local(t), self.tz.name())
    }

    /// An instant as local time without the zone (for tables whose header names it).
    pub(crate) fn local(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.tz).format("%Y-%m-%d %H:%M").to_string()
    }

    /// The local date of an instant.
    pub(crate) fn date(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.tz).format("%Y-%m-%d").to_string()
    }

    /// A date as running text writes it: "den 29 januari 2024" (Swedish), "29 January 2024".
    pub(crate) fn long_date(&self, lang: Lang, t: DateTime<Utc>) -> String {
        use chrono::Datelike;
        let d = t.with_timezone(&self.tz);
        let month =
            usize::try_from(d.month0()).ok().and_then(|m| domain::names::month_name(m, lang)).unwrap_or_default();
        match lang {
            Lang::Sv => format!("den {} {month} {}", d.day(), d.year()),
            Lang::En => format!("{} {month} {}", d.day(), d.year()),
        }
    }

    /// An instant as running text writes it: "den 29 januari 2024 kl. 05.40", "29 January 2024 at 05:40".
    pub(crate) fn long_when(&self, lang: Lang, t: DateTime<Utc>) -> String {
        let time = t.with_timezone(&self.tz);
        match lang {
            Lang::Sv => format!("{} kl. {}", self.long_date(lang, t), time.format("%H.%M")),
            Lang::En => format!("{} at {}", self.long_date(lang, t), time.format("%H:%M")),
        }
    }
}

/// A decimal number with `places` decimals: a decimal comma in Swedish ("5,25"), a point in
/// English ("5.25").
pub(crate) fn decimal(lang: Lang, value: f64, places: usize) -> String {
    let text = format!("{value:.places$}");
    if lang == Lang::Sv { text.replace('.', ",") } else { text }
}

/// An approximate count: `1 200` or `1 000–2 000` (Swedish), `1,200` or `1,000–2,000`.
pub(crate) fn range(lang: Lang, r: CountRange) -> String {
    let n = |v: u64| group(v, if lang == Lang::Sv { '\u{a0}' } else { ',' });
    if r.min == r.max { n(r.min) } else { format!("{}–{}", n(r.min), n(r.max)) }
}

/// Digits in groups of three.
pub(crate) fn group(v: u64, separator: char) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

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
    fn dates_and_decimals_read_as_each_language_writes_them() {
        let times = Times { tz: chrono_tz::Europe::Stockholm };
        let t = DateTime::parse_from_rfc3339("2024-01-29T04:40:00Z").expect("valid").with_timezone(&Utc);
        assert_eq!(times.long_date(Lang::Sv, t), "den 29 januari 2024");
        assert_eq!(times.long_when(Lang::Sv, t), "den 29 januari 2024 kl. 05.40");
        assert_eq!(times.long_date(Lang::En, t), "29 January 2024");
        assert_eq!(decimal(Lang::Sv, 5.25, 2), "5,25");
        assert_eq!(decimal(Lang::En, 5.25, 2), "5.25");
    }

    #[test]
    fn counts_are_grouped_by_thousands_in_each_language() {
        let r = CountRange { min: 1000, max: 25_000 };
        assert_eq!(range(Lang::Sv, r), "1\u{a0}000–25\u{a0}000");
        assert_eq!(range(Lang::En, CountRange { min: 999, max: 999 }), "999");
        assert_eq!(group(1_234_567, ','), "1,234,567");
    }
}
