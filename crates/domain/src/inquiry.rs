//! A resident's inquiry (seed: Norrtälje's e-service): "was my data exposed?". What the case's
//! record keeps of it is the inquiry's id, reference, instants, status, the extension's reason,
//! the answer's channel and its SHA-256; the person's own data (name, contact, what they sent,
//! the free text, a personnummer, the answer's text) lives apart ([`InquiryPersonal`]) so that
//! it can be purged after the retention period while the record stays whole.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::case::text_enum;
use crate::deadline::{Clock, ClockKind, Length};
use crate::ids::InquiryId;
use crate::validation::{ValidationErrors, checked_text, required_text};

/// GDPR Art. 12(3): information on action taken "without undue delay and in any event within
/// one month of receipt of the request" (a calendar month on the local calendar: 31 January
/// is due on the last day of February).
pub const INQUIRY_ANSWER_PERIOD: Length = Length::CalendarMonths(1);

/// Art. 12(3): "That period may be extended by two further months where necessary": the whole
/// period is then three calendar months from receipt (counting the two from the clamped end of
/// the first month would shorten it: 31 January would end on 28 April, not 30 April).
pub const INQUIRY_EXTENDED_PERIOD: Length = Length::CalendarMonths(3);

/// The longest free text a resident may send.
pub const INQUIRY_TEXT_MAX_CHARS: usize = 5_000;
/// The longest name, contact or "what was sent" text.
pub const INQUIRY_FIELD_MAX_CHARS: usize = 500;

text_enum!(
    /// Where an inquiry stands.
    InquiryStatus {
        /// Received, the one-month clock running.
        Received = "received",
        /// Extended by two months, with a reason.
        Extended = "extended",
        /// Answered (text, channel and time kept).
        Answered = "answered",
        /// Closed without an answer here (withdrawn, a duplicate).
        Closed = "closed",
        /// Handled in another process (the organisation's ordinary Art. 15 handling).
        HandledElsewhere = "handled_elsewhere",
    }
);

impl InquiryStatus {
    /// Whether the inquiry is settled (its clock met, its personal data purgeable later).
    pub fn is_settled(self) -> bool {
        matches!(self, InquiryStatus::Answered | InquiryStatus::Closed | InquiryStatus::HandledElsewhere)
    }
}

/// An inquiry as the case's record keeps it: no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inquiry {
    /// Its id (internal: never shown to the public).
    pub id: InquiryId,
    /// The reference the resident is given (`FRG-7K3M-Q9TD`).
    pub reference: String,
    /// When it was received.
    pub received_at: DateTime<Utc>,
    /// Where it stands.
    pub status: InquiryStatus,
    /// When it was extended, if it was.
    pub extended_at: Option<DateTime<Utc>>,
    /// Why it was extended (Art. 12(3): the person must be told the reasons).
    pub extension_reason: Option<String>,
    /// When it was answered, closed or marked handled elsewhere.
    pub settled_at: Option<DateTime<Utc>>,
    /// How the answer went out (e-mail, letter, phone).
    pub answer_channel: Option<String>,
    /// SHA-256 of the answer's text, hex: the text is purgeable, its fingerprint is not.
    pub answer_sha256: Option<String>,
}

/// Why an inquiry cannot change so.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InquiryRefusal {
    /// It is already answered, closed or handled elsewhere.
    #[error("the inquiry is already settled")]
    Settled,
    /// It was extended once already (Art. 12(3) allows one extension by two months).
    #[error("the inquiry was already extended")]
    AlreadyExtended,
}

impl Inquiry {
    /// The instant the answer is due, on `tz`'s calendar.
    pub fn due_at(&self, tz: Tz) -> DateTime<Utc> {
        let period = if self.extended_at.is_some() { INQUIRY_EXTENDED_PERIOD } else { INQUIRY_ANSWER_PERIOD };
        period.due_from(self.received_at, tz)
    }

    /// The Art. 12(3) clock at `now`: met when answered, closed or handled elsewhere in time.
    pub fn clock(&self, tz: Tz, now: DateTime<Utc>) -> Clock {
        let period = if self.extended_at.is_some() { INQUIRY_EXTENDED_PERIOD } else { INQUIRY_ANSWER_PERIOD };
        Clock::evaluate(ClockKind::InquiryAnswer, Some(self.received_at), period, self.settled_at, tz, now)
    }

    /// Checks that it may be extended now.
    ///
    /// # Errors
    /// `Settled` or `AlreadyExtended`.
    pub fn check_extend(&self) -> Result<(), InquiryRefusal> {
        if self.status.is_settled() {
            return Err(InquiryRefusal::Settled);
        }
        if self.extended_at.is_some() {
            return Err(InquiryRefusal::AlreadyExtended);
        }
        Ok(())
    }

    /// Checks that it may be answered or closed now.
    ///
    /// # Errors
    /// `Settled`.
    pub fn check_settle(&self) -> Result<(), InquiryRefusal> {
        if self.status.is_settled() { Err(InquiryRefusal::Settled) } else { Ok(()) }
    }
}

/// The SHA-256 of an answer's text, hex: what the record keeps of it.
pub fn answer_fingerprint(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

/// The reference a resident is given for an inquiry or a staff report: a prefix and eight
/// characters from `random` (Crockford base32: no I, L, O, U to misread), nothing counted, so it
/// tells nobody how many others asked.
pub fn reference_from(prefix: &str, random: [u8; 5]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let bits = random.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    let chars: String =
        (0..8).rev().map(|i| char::from(ALPHABET[usize::try_from((bits >> (i * 5)) & 31).unwrap_or(0)])).collect();
    format!("{prefix}-{}-{}", &chars[..4], &chars[4..])
}

/// A Swedish personnummer, `YYYYMMDD-NNNN` or `YYMMDD-NNNN` (`+` for those over 100), with a
/// valid Luhn check digit over the ten-digit form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Personnummer(String);

impl Personnummer {
    /// Parses a personnummer, kept as `YYMMDD-NNNN`.
    ///
    /// # Errors
    /// Names `personnummer` when it is not ten or twelve digits with a valid check digit.
    pub fn parse(text: &str) -> Result<Self, ValidationErrors> {
        let refuse = || {
            ValidationErrors::single("personnummer", "must be a personnummer (YYYYMMDD-NNNN) with a valid check digit")
        };
        let separator = if text.contains('+') { '+' } else { '-' };
        let digits: Vec<u32> = text
            .trim()
            .chars()
            .filter(|c| *c != '-' && *c != '+')
            .map(|c| c.to_digit(10))
            .collect::<Option<_>>()
            .ok_or_else(refuse)?;
        let ten = match digits.len() {
            10 => &digits[..],
            12 => &digits[2..],
            _ => return Err(refuse()),
        };
        let (month, day) = (ten[2] * 10 + ten[3], ten[4] * 10 + ten[5]);
        // Samordningsnummer add 60 to the day.
        let day = if day > 60 { day - 60 } else { day };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return Err(refuse());
        }
        if crate::controller::luhn_check_digit(&ten[..9]) != ten[9] {
            return Err(refuse());
        }
        let plain: String = ten.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
        Ok(Self(format!("{}{separator}{}", &plain[..6], &plain[6..])))
    }

    /// The number as `YYMMDD-NNNN`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The resident's own data: kept apart from the record, purged after the retention period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryPersonal {
    /// The person's name.
    pub name: String,
    /// How to reach them: an e-mail or a postal address.
    pub contact: String,
    /// What they sent to the organisation (which mail, to whom).
    pub sent_what: String,
    /// When they sent it (their words: "våren 2020").
    pub sent_when: String,
    /// Their free text.
    pub message: String,
    /// Their personnummer, where the organisation asks for it.
    pub personnummer: Option<String>,
    /// The answer's text, once answered.
    pub answer: Option<String>,
}

/// An inquiry as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewInquiry {
    /// See [`InquiryPersonal::name`].
    pub name: Option<String>,
    /// See [`InquiryPersonal::contact`].
    pub contact: Option<String>,
    /// See [`InquiryPersonal::sent_what`].
    pub sent_what: Option<String>,
    /// See [`InquiryPersonal::sent_when`].
    pub sent_when: Option<String>,
    /// See [`InquiryPersonal::message`].
    pub message: Option<String>,
    /// See [`InquiryPersonal::personnummer`].
    pub personnummer: Option<String>,
}

impl NewInquiry {
    /// Checks the form: a name, a way to reach the person, what they sent and when; a
    /// personnummer only where the organisation asks for one (validated then), ignored otherwise
    /// (data minimisation, Art. 5(1)(c)).
    ///
    /// # Errors
    /// Names every bad field.
    pub fn checked(self, ask_personnummer: bool) -> Result<InquiryPersonal, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = required_text(&mut errors, "name", self.name, INQUIRY_FIELD_MAX_CHARS);
        let contact = required_text(&mut errors, "contact", self.contact, INQUIRY_FIELD_MAX_CHARS);
        let sent_what = required_text(&mut errors, "sent_what", self.sent_what, INQUIRY_FIELD_MAX_CHARS);
        let sent_when = required_text(&mut errors, "sent_when", self.sent_when, INQUIRY_FIELD_MAX_CHARS);
        let message = match self.message {
            Some(m) if !m.trim().is_empty() => checked_text(&mut errors, "message", m, INQUIRY_TEXT_MAX_CHARS),
            _ => Some(String::new()),
        };
        let personnummer = match (ask_personnummer, self.personnummer.filter(|p| !p.trim().is_empty())) {
            (true, Some(p)) => match Personnummer::parse(&p) {
                Ok(p) => Some(p.0),
                Err(e) => {
                    errors.0.extend(e.0);
                    None
                }
            },
            _ => None,
        };
        match (name, contact, sent_what, sent_when, message) {
            (Some(name), Some(contact), Some(sent_what), Some(sent_when), Some(message)) if errors.is_empty() => {
                Ok(InquiryPersonal { name, contact, sent_what, sent_when, message, personnummer, answer: None })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Stockholm;

    fn received(y: i32, m: u32, d: u32) -> Inquiry {
        Inquiry {
            id: InquiryId::new(),
            reference: "FRG-0000-0000".into(),
            received_at: Stockholm.with_ymd_and_hms(y, m, d, 10, 0, 0).single().expect("exists").with_timezone(&Utc),
            status: InquiryStatus::Received,
            extended_at: None,
            extension_reason: None,
            settled_at: None,
            answer_channel: None,
            answer_sha256: None,
        }
    }

    fn local_date(t: DateTime<Utc>) -> String {
        t.with_timezone(&Stockholm).format("%Y-%m-%d %H:%M").to_string()
    }

    #[test]
    fn an_inquiry_received_on_31_january_is_due_on_the_last_day_of_february() {
        // (received, due, due when extended)
        let table = [
            ((2025, 1, 31), "2025-02-28 10:00", "2025-04-30 10:00"),
            ((2024, 1, 31), "2024-02-29 10:00", "2024-04-30 10:00"),
            ((2024, 3, 15), "2024-04-15 10:00", "2024-06-15 10:00"),
            ((2024, 11, 30), "2024-12-30 10:00", "2025-02-28 10:00"),
        ];
        for ((y, m, d), due, extended) in table {
            let mut inquiry = received(y, m, d);
            assert_eq!(local_date(inquiry.due_at(Stockholm)), due, "{y}-{m}-{d}");
            inquiry.extended_at = Some(inquiry.received_at);
            assert_eq!(local_date(inquiry.due_at(Stockholm)), extended, "{y}-{m}-{d} extended");
        }
    }

    #[test]
    fn an_inquiry_is_extended_once_and_settled_once() {
        let mut inquiry = received(2025, 1, 31);
        assert_eq!(inquiry.check_extend(), Ok(()));
        inquiry.extended_at = Some(inquiry.received_at);
        assert_eq!(inquiry.check_extend(), Err(InquiryRefusal::AlreadyExtended));
        inquiry.status = InquiryStatus::Answered;
        assert_eq!(inquiry.check_settle(), Err(InquiryRefusal::Settled));
    }

    #[test]
    fn personnummer_check_digits_are_validated() {
        for (text, ok) in [
            ("19811218-9876", true),
            ("811218-9876", true),
            ("811218+9876", true),
            ("811218-9877", false),
            ("811318-9876", false),
            ("8112189876x", false),
        ] {
            assert_eq!(Personnummer::parse(text).is_ok(), ok, "{text}");
        }
        assert_eq!(Personnummer::parse("198112189876").map(|p| p.0), Ok("811218-9876".to_owned()));
    }

    #[test]
    fn the_form_asks_for_a_personnummer_only_where_turned_on() {
        let form = NewInquiry {
            name: Some("Testa Testsson".into()),
            contact: Some("testa@example.se".into()),
            sent_what: Some("Ett mejl till socialtjänsten".into()),
            sent_when: Some("Våren 2020".into()),
            message: None,
            personnummer: Some("811218-9877".into()),
        };
        assert_eq!(form.clone().checked(false).map(|p| p.personnummer), Ok(None), "ignored when off");
        let fields: Vec<String> = form.checked(true).expect_err("refused").0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["personnummer"]);
        let empty: Vec<String> =
            NewInquiry::default().checked(false).expect_err("refused").0.into_iter().map(|e| e.field).collect();
        assert_eq!(empty, ["name", "contact", "sent_what", "sent_when"]);
    }

    #[test]
    fn references_are_eight_unambiguous_characters() {
        assert_eq!(reference_from("FRG", [0, 0, 0, 0, 0]), "FRG-0000-0000");
        assert_eq!(reference_from("FRG", [255; 5]), "FRG-ZZZZ-ZZZZ");
        assert!(!reference_from("RAP", [0x8a, 0x5c, 0x21, 0x7e, 0x03]).chars().any(|c| "ILOU".contains(c)));
    }
}
