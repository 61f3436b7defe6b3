//! The case timeline: append-only entries, each chained to the one before by SHA-256 so that
//! any later change to a stored entry is detectable.

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use chrono_tz::Tz;

use crate::case::text_enum;
use crate::ids::{CaseId, TimelineEntryId};
use crate::names::Language;
use crate::record::CaseEvent;
use crate::time::normalise;
use crate::validation::{ValidationErrors, required, required_text};

pub use crate::chain::GENESIS_HASH;

text_enum!(
    /// What a timeline entry records.
    EntryKind {
        /// How and when the breach was noticed.
        Detection = "detection",
        /// Stopping the breach.
        Containment = "containment",
        /// Removing the cause.
        Eradication = "eradication",
        /// Restoring systems and data.
        Recovery = "recovery",
        /// Contact with others (press, staff, attackers).
        Communication = "communication",
        /// A notification to an authority or the data subjects.
        Notification = "notification",
        /// A decision taken.
        Decision = "decision",
        /// Evidence secured.
        Evidence = "evidence",
        /// Anything else worth keeping.
        Note = "note",
        /// The case changed status (written by breachdesk).
        StatusChange = "status_change",
    }
);

/// One entry of a case's timeline. Never edited or deleted; a correction is a new entry that
/// points at the one it corrects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Its id.
    pub id: TimelineEntryId,
    /// The case it belongs to.
    pub case_id: CaseId,
    /// Its position in the case's chain, from 1.
    pub seq: i64,
    /// When the event happened (may be earlier than it was logged).
    pub occurred_at: DateTime<Utc>,
    /// When it was logged.
    pub recorded_at: DateTime<Utc>,
    /// Who logged it (a user id or e-mail, or `breachdesk` for automatic entries).
    pub actor: String,
    /// What it records.
    pub kind: EntryKind,
    /// The entry itself.
    pub text: String,
    /// The entry this one corrects, if any.
    pub corrects: Option<TimelineEntryId>,
    /// `entry` for what a person wrote; otherwise the name of the [`CaseEvent`] it records.
    pub event: String,
    /// The event's data, JSON exactly as stored and hashed (absent for a person's entry).
    pub data: Option<String>,
    /// Its place among every event of every case, from 1 (absent on entries recorded before
    /// the global sequence existed, which are hashed without it).
    pub global_seq: Option<i64>,
    /// The hash of the previous entry ([`GENESIS_HASH`] for the first).
    pub prev_hash: String,
    /// `SHA-256(prev_hash || canonical bytes of this entry)`, hex.
    pub hash: String,
}

/// A timeline entry as submitted, before validation.
#[derive(Debug, Clone, Default)]
pub struct NewTimelineEntry {
    /// `occurred_at`; defaults to now.
    pub occurred_at: Option<DateTime<Utc>>,
    /// `kind`
    pub kind: Option<EntryKind>,
    /// `text`
    pub text: Option<String>,
    /// `corrects`
    pub corrects: Option<TimelineEntryId>,
}

/// The longest entry text accepted.
pub const ENTRY_MAX_CHARS: usize = 20_000;

impl NewTimelineEntry {
    /// Validates the entry and chains it after `previous` (None for the first of the case) at
    /// place `global_seq` among all events.
    ///
    /// # Errors
    /// Names every missing or invalid field; an entry may not lie in the future.
    pub fn append(
        self,
        case_id: CaseId,
        previous: Option<&TimelineEntry>,
        global_seq: i64,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<TimelineEntry, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let now = normalise(now);
        let kind = required(&mut errors, "kind", self.kind);
        let text = required_text(&mut errors, "text", self.text, ENTRY_MAX_CHARS);
        let occurred_at = normalise(self.occurred_at.unwrap_or(now));
        if occurred_at > now + TimeDelta::minutes(5) {
            errors.add("occurred_at", "must not be in the future");
        }
        let (Some(kind), Some(text)) = (kind, text) else { return Err(errors) };
        let entry = TimelineEntry {
            id: TimelineEntryId::new(),
            case_id,
            seq: 0,
            occurred_at,
            recorded_at: now,
            actor: actor.to_owned(),
            kind,
            text,
            corrects: self.corrects,
            event: PERSON_ENTRY.to_owned(),
            data: None,
            global_seq: None,
            prev_hash: String::new(),
            hash: String::new(),
        };
        errors.into_result(entry.chained_after(previous, global_seq))
    }
}

/// The `event` of an entry a person wrote.
pub const PERSON_ENTRY: &str = "entry";

impl TimelineEntry {
    /// The chain entry that records `event`, after `previous`, at place `global_seq`.
    pub fn recording(
        event: &CaseEvent,
        case_id: CaseId,
        previous: Option<&TimelineEntry>,
        global_seq: i64,
        actor: &str,
        now: DateTime<Utc>,
    ) -> TimelineEntry {
        let now = normalise(now);
        TimelineEntry {
            id: TimelineEntryId::new(),
            case_id,
            seq: 0,
            occurred_at: normalise(event.occurred_at(now)),
            recorded_at: now,
            actor: actor.to_owned(),
            kind: event.entry_kind(),
            text: String::new(),
            corrects: None,
            event: event.name().to_owned(),
            // Serialising a value of our own types cannot fail (no maps with non-string keys).
            data: Some(serde_json::to_string(event).unwrap_or_default()),
            global_seq: None,
            prev_hash: String::new(),
            hash: String::new(),
        }
        .chained_after(previous, global_seq)
    }

    /// The entry in its place: after `previous` in its case's chain (first when `None`), at
    /// place `global_seq` among all events, hashed.
    fn chained_after(mut self, previous: Option<&TimelineEntry>, global_seq: i64) -> TimelineEntry {
        self.seq = previous.map_or(1, |p| p.seq + 1);
        self.prev_hash = previous.map_or_else(|| GENESIS_HASH.to_owned(), |p| p.hash.clone());
        self.global_seq = Some(global_seq);
        self.hash = self.computed_hash();
        self
    }

    /// The event it records, or `None` for an entry a person wrote.
    ///
    /// # Errors
    /// When the stored data is not an event (a row changed behind breachdesk's back).
    pub fn case_event(&self) -> Result<Option<CaseEvent>, serde_json::Error> {
        self.data.as_deref().map(serde_json::from_str).transpose()
    }

    /// What the entry says, in `lang`: a person's text as written, an event's words rendered
    /// from its data.
    pub fn text_in(&self, lang: Language, tz: Tz) -> String {
        match self.case_event() {
            Ok(Some(event)) => event.describe(lang, tz),
            Ok(None) => self.text.clone(),
            Err(_) => String::from("?"),
        }
    }

    /// The entry as a reader sees it: its text in `lang` (for an event, rendered from its data).
    #[must_use]
    pub fn shown(&self, lang: Language, tz: Tz) -> TimelineEntry {
        TimelineEntry { text: self.text_in(lang, tz), ..self.clone() }
    }

    /// Whether the entry is about the record itself (a draft downloaded) rather than the
    /// incident: the drafts' course of events leaves these out.
    pub fn is_about_the_record(&self) -> bool {
        [crate::record::DRAFT_EXPORTED, crate::record::EVIDENCE_DOWNLOADED].contains(&self.event.as_str())
    }

    /// The global chain's head after this entry, given the head before it: every event of every
    /// case in one sequence, so that cutting off the newest ones is noticed.
    pub fn global_head_after(&self, previous_head: &str) -> String {
        crate::chain::global_head(
            previous_head,
            self.global_seq.unwrap_or_default(),
            self.case_id,
            self.seq,
            &self.hash,
        )
    }
}

impl TimelineEntry {
    /// The hash this entry should carry, recomputed from its fields.
    pub fn computed_hash(&self) -> String {
        crate::chain::chained_hash(&self.prev_hash, &self.canonical_fields())
    }

    /// Every field but the hashes, in the order the chain encodes them. Entries from before the
    /// global sequence (no `global_seq`) were hashed over the first nine fields only.
    fn canonical_fields(&self) -> Vec<String> {
        let mut fields = vec![
            self.id.to_string(),
            self.case_id.to_string(),
            self.seq.to_string(),
            self.occurred_at.to_rfc3339_opts(SecondsFormat::Micros, true),
            self.recorded_at.to_rfc3339_opts(SecondsFormat::Micros, true),
            self.actor.clone(),
            self.kind.as_str().to_owned(),
            self.text.clone(),
            self.corrects.map(|c| c.to_string()).unwrap_or_default(),
        ];
        if let Some(global_seq) = self.global_seq {
            fields.extend([self.event.clone(), self.data.clone().unwrap_or_default(), global_seq.to_string()]);
        }
        fields
    }
}

/// Where a chain stops matching its hashes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("timeline entry {seq} ({id}) does not match its hash chain")]
pub struct ChainBreak {
    /// The sequence number of the first entry that does not match.
    pub seq: i64,
    /// Its id.
    pub id: TimelineEntryId,
}

/// Recomputes a case's chain, entries in `seq` order.
///
/// # Errors
/// Names the first entry whose sequence, back-link or own hash does not match.
pub fn verify_chain(entries: &[TimelineEntry]) -> Result<(), ChainBreak> {
    let mut prev_hash = GENESIS_HASH;
    for (i, entry) in entries.iter().enumerate() {
        let expected_seq = i64::try_from(i).unwrap_or(i64::MAX).saturating_add(1);
        if entry.seq != expected_seq || entry.prev_hash != prev_hash || entry.hash != entry.computed_hash() {
            return Err(ChainBreak { seq: entry.seq, id: entry.id });
        }
        prev_hash = &entry.hash;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 15, 12, 0, 0).single().expect("valid")
    }

    fn chain(n: usize) -> Vec<TimelineEntry> {
        let case = CaseId::new();
        let mut out: Vec<TimelineEntry> = Vec::new();
        for i in 0..n {
            let e = NewTimelineEntry {
                kind: Some(EntryKind::Note),
                text: Some(format!("händelse {i}")),
                ..Default::default()
            }
            .append(case, out.last(), i64::try_from(i).expect("small") + 1, "dpo", now())
            .expect("valid");
            out.push(e);
        }
        out
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let entries = chain(5);
        assert_eq!(entries[0].prev_hash, GENESIS_HASH);
        assert_eq!(entries[4].seq, 5);
        assert_eq!(verify_chain(&entries), Ok(()));
    }

    #[test]
    fn an_edited_entry_breaks_the_chain_at_that_entry() {
        let mut entries = chain(5);
        entries[2].text.push('!');
        assert_eq!(verify_chain(&entries).map_err(|b| b.seq), Err(3));
    }

    #[test]
    fn a_deleted_entry_breaks_the_chain_after_the_gap() {
        let mut entries = chain(5);
        entries.remove(1);
        assert_eq!(verify_chain(&entries).map_err(|b| b.seq), Err(3));
    }

    #[test]
    fn an_entry_in_the_future_is_refused() {
        let err = NewTimelineEntry {
            kind: Some(EntryKind::Note),
            text: Some("x".into()),
            occurred_at: Some(now() + TimeDelta::hours(1)),
            ..Default::default()
        }
        .append(CaseId::new(), None, 1, "dpo", now())
        .expect_err("future");
        assert_eq!(err.0[0].field, "occurred_at");
    }
}
