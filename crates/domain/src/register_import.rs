//! A row of the breach register a DPO kept before breachdesk (GDPR Art. 33(5)), read as a Swede
//! writes it: Swedish headings, dates as `2023-03-14`, `14/3 2023`, `14.3.2023` or
//! `14 mars 2023`, `ja`/`nej`, numbers with a space between thousands and a decimal comma.
//! Each readable row becomes a closed case; every row that cannot be read is named with its
//! line and what is wrong.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use crate::case::{BreachType, Case, CaseReference, CaseStatus, Category, CountRange, NewCase, PersonalDataCategory};
use crate::ids::CaseId;
use crate::names::Named;

/// The headings the register is read by (case and spaces aside); `Datum` and `Beskrivning` are
/// required, the others may be missing or empty.
pub mod heading {
    /// When the breach happened or was found.
    pub const DATE: &str = "datum";
    /// What happened.
    pub const DESCRIPTION: &str = "beskrivning";
    /// Categories of personal data, comma-separated.
    pub const CATEGORIES: &str = "kategorier av personuppgifter";
    /// About how many people.
    pub const SUBJECTS: &str = "antal registrerade";
    /// About how many records.
    pub const RECORDS: &str = "antal poster";
    /// The ENISA severity the DPO noted (decimal comma).
    pub const SEVERITY: &str = "allvarlighet";
    /// Notified to IMY: ja / nej.
    pub const NOTIFIED: &str = "anmäld till imy";
    /// When it was notified.
    pub const NOTIFIED_AT: &str = "datum för anmälan";
    /// What was done.
    pub const MEASURES: &str = "åtgärder";
}

/// A register row read.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterEntry {
    /// The line it was on.
    pub line: u64,
    /// When it happened (midnight, local time).
    pub date: DateTime<Utc>,
    /// What happened.
    pub description: String,
    /// The categories of personal data.
    pub categories: Vec<PersonalDataCategory>,
    /// About how many people.
    pub subjects: Option<CountRange>,
    /// About how many records.
    pub records: Option<CountRange>,
    /// The severity noted.
    pub severity: Option<f64>,
    /// The day it was notified to IMY, if it was.
    pub notified_on: Option<NaiveDate>,
    /// What was done.
    pub measures: Option<String>,
}

/// A row that cannot be read: its line and every problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The line.
    pub line: u64,
    /// What is wrong, one item per field.
    pub problems: Vec<String>,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rad {}: {}", self.line, self.problems.join("; "))
    }
}

/// A date as a Swede writes it, at local midnight in `tz`.
pub fn parse_date(text: &str, tz: Tz) -> Option<DateTime<Utc>> {
    let date = parse_day(text)?;
    tz.from_local_datetime(&date.and_hms_opt(0, 0, 0)?).earliest().map(|t| t.with_timezone(&Utc))
}

/// A day as a Swede writes it.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim().to_lowercase();
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&text, "%d/%m %Y"))
        .or_else(|_| NaiveDate::parse_from_str(&text, "%d.%m.%Y"))
        .ok()
        .or_else(|| {
            let mut parts = text.split_whitespace();
            let day: u32 = parts.next()?.trim_end_matches('.').parse().ok()?;
            let name = parts.next()?;
            let month = u32::try_from(crate::names::MONTHS.iter().position(|(sv, _)| *sv == name)?).ok()? + 1;
            let year: i32 = parts.next()?.parse().ok()?;
            parts.next().is_none().then_some(())?;
            NaiveDate::from_ymd_opt(year, month, day)
        })
}

/// A number with spaces between thousands and a decimal comma (`1 200`, `3,25`).
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect::<String>().replace(',', ".");
    if cleaned.is_empty() || cleaned.matches('.').count() > 1 {
        return None;
    }
    cleaned.parse().ok().filter(|n: &f64| n.is_finite() && *n >= 0.0)
}

/// A count: `150`, `ca 150`, `1 200`, `100-200` or `100–200`; `okänt` or empty for unknown.
fn parse_count(text: &str) -> Result<Option<CountRange>, ()> {
    let text = text.trim().to_lowercase();
    let text =
        text.strip_prefix("ca").or_else(|| text.strip_prefix("cirka")).unwrap_or(&text).trim().trim_start_matches('.');
    if text.is_empty() || text == "okänt" || text == "okänd" {
        return Ok(None);
    }
    let whole = |t: &str| parse_number(t).filter(|n| n.fract() == 0.0).map(|n| n as u64).ok_or(());
    match text.split_once(['-', '–']) {
        Some((min, max)) => {
            let (min, max) = (whole(min)?, whole(max)?);
            if min > max {
                return Err(());
            }
            Ok(Some(CountRange { min, max }))
        }
        None => whole(text).map(|n| Some(CountRange { min: n, max: n })),
    }
}

fn parse_category(text: &str) -> Option<PersonalDataCategory> {
    let wanted = text.trim().to_lowercase();
    PersonalDataCategory::ALL.iter().copied().find(|c| {
        let sv = c.sv().to_lowercase();
        sv == wanted || sv.split(" (").next() == Some(wanted.as_str()) || c.as_str() == wanted
    })
}

/// Reads one row, given as (heading, value) pairs with headings in lower case.
///
/// # Errors
/// Every field that cannot be read, named by its heading.
pub fn read_row(line: u64, cells: &[(String, String)], tz: Tz) -> Result<RegisterEntry, RowError> {
    let get = |h: &str| cells.iter().find(|(k, _)| k == h).map(|(_, v)| v.trim()).filter(|v| !v.is_empty());
    let mut problems = Vec::new();
    let date = match get(heading::DATE) {
        None => {
            problems.push("Datum saknas".to_owned());
            None
        }
        Some(d) => parse_date(d, tz).or_else(|| {
            problems.push(format!("Datum {d:?} är inte ett datum (skriv t.ex. 2023-03-14 eller 14 mars 2023)"));
            None
        }),
    };
    let description = get(heading::DESCRIPTION).map(ToOwned::to_owned);
    if description.is_none() {
        problems.push("Beskrivning saknas".to_owned());
    }
    let mut categories = Vec::new();
    for part in get(heading::CATEGORIES).unwrap_or_default().split([',', ';']).filter(|p| !p.trim().is_empty()) {
        match parse_category(part) {
            Some(c) if !categories.contains(&c) => categories.push(c),
            Some(_) => {}
            None => problems.push(format!("kategorin {:?} är okänd", part.trim())),
        }
    }
    let mut count = |h: &str, name: &str| {
        parse_count(get(h).unwrap_or_default()).unwrap_or_else(|()| {
            problems.push(format!("{name} {:?} är inte ett antal", get(h).unwrap_or_default()));
            None
        })
    };
    let subjects = count(heading::SUBJECTS, "Antal registrerade");
    let records = count(heading::RECORDS, "Antal poster");
    let severity = get(heading::SEVERITY).and_then(|s| {
        parse_number(s).or_else(|| {
            problems.push(format!("Allvarlighet {s:?} är inte ett tal (skriv t.ex. 2,5)"));
            None
        })
    });
    let notified = get(heading::NOTIFIED).map(str::to_lowercase);
    let notified_on = match notified.as_deref() {
        None | Some("nej" | "n") => None,
        Some("ja" | "j") => match get(heading::NOTIFIED_AT) {
            None => {
                problems.push("Anmäld till IMY är ja men Datum för anmälan saknas".to_owned());
                None
            }
            Some(d) => parse_day(d).or_else(|| {
                problems.push(format!("Datum för anmälan {d:?} är inte ett datum"));
                None
            }),
        },
        Some(other) => {
            problems.push(format!("Anmäld till IMY {other:?} är varken ja eller nej"));
            None
        }
    };
    match (date, description) {
        (Some(date), Some(description)) if problems.is_empty() => Ok(RegisterEntry {
            line,
            date,
            description,
            categories,
            subjects,
            records,
            severity,
            notified_on,
            measures: get(heading::MEASURES).map(ToOwned::to_owned),
        }),
        _ => Err(RowError { line, problems }),
    }
}

/// The longest title made from a description.
const TITLE_CHARS: usize = 80;

impl RegisterEntry {
    /// The closed case this row becomes: the register's facts, its date as detection and
    /// awareness, what does not fit a field of its own (measures, notification, severity) kept
    /// in the description; closed at `now`, the import.
    ///
    /// # Errors
    /// When the facts do not make a valid case (a date in the future).
    pub fn into_case(
        &self,
        id: CaseId,
        reference: CaseReference,
        now: DateTime<Utc>,
    ) -> Result<Case, crate::ValidationErrors> {
        let title: String = self.description.lines().next().unwrap_or_default().chars().take(TITLE_CHARS).collect();
        let mut description = self.description.clone();
        if let Some(measures) = &self.measures {
            description.push_str(&format!("\n\nÅtgärder enligt registret: {measures}"));
        }
        match self.notified_on {
            Some(at) => {
                description.push_str(&format!("\n\nAnmäld till IMY enligt registret: ja, {}", at.format("%Y-%m-%d")))
            }
            None => description.push_str("\n\nAnmäld till IMY enligt registret: nej"),
        }
        if let Some(severity) = self.severity {
            description
                .push_str(&format!("\n\nAllvarlighet enligt registret: {}", severity.to_string().replace('.', ",")));
        }
        let mut case = NewCase {
            title: Some(title),
            description: Some(description),
            category: Some(Category::Other),
            breach_types: Some(vec![BreachType::Confidentiality]),
            detected_at: Some(self.date),
            aware_at: Some(self.date),
            personal_data_categories: self.categories.clone(),
            data_subjects_count: self.subjects,
            records_count: self.records,
            ..NewCase::default()
        }
        .open(id, reference, now)?;
        // History, not a decision taken here: the register says it is done with.
        case.status = CaseStatus::Closed;
        case.closed_at = Some(crate::time::normalise(now));
        Ok(case)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numbers_read_as_a_swede_writes_them() {
        let tz = Tz::Europe__Stockholm;
        let expected = Utc.with_ymd_and_hms(2023, 3, 13, 23, 0, 0).single();
        for text in ["2023-03-14", "14/3 2023", "14.3.2023", "14 mars 2023"] {
            assert_eq!(parse_date(text, tz), expected, "{text}");
        }
        assert_eq!(parse_date("31/2 2023", tz), None);
        assert_eq!(parse_number("3,25"), Some(3.25));
        assert_eq!(parse_number("1 200"), Some(1200.0));
        assert_eq!(parse_number("2,5,1"), None);
        assert_eq!(parse_count("ca 1 200"), Ok(Some(CountRange { min: 1200, max: 1200 })));
        assert_eq!(parse_count("100–200"), Ok(Some(CountRange { min: 100, max: 200 })));
        assert_eq!(parse_count("okänt"), Ok(None));
        assert_eq!(parse_category("Hälsa"), Some(PersonalDataCategory::Health));
        assert_eq!(parse_category("personnummer"), Some(PersonalDataCategory::Personnummer));
    }
}
