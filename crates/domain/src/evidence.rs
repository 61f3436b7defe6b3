//! Evidence kept on a case: a file of any type with a description, who added it and when, where
//! the original is kept, and an optional link to a timeline entry or a filing (IMY's receipt).
//! The SHA-256 and the size of the bytes are part of the event that adds it, so `verify` can
//! prove the stored bytes unchanged. An item is never deleted: it is withdrawn with a reason,
//! and its bytes go only in a purge under the organisation's retention rule, which is recorded
//! too. Pure: the bytes themselves never pass through here, only what was computed from them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ids::{CaseId, EvidenceId, TimelineEntryId};
use crate::validation::{ValidationErrors, checked_text, required_text};

/// The longest description accepted.
pub const DESCRIPTION_MAX_CHARS: usize = 2_000;
/// The longest "where the original is kept" accepted.
pub const KEPT_AT_MAX_CHARS: usize = 500;
/// The longest reason (withdrawal, purge) accepted.
pub const REASON_MAX_CHARS: usize = 2_000;
/// The longest file name kept (longer ones are cut, keeping the extension).
pub const FILENAME_MAX_CHARS: usize = 200;
/// The name given to a file that came without a usable one.
pub const UNNAMED_FILE: &str = "bevis.bin";
/// The media type of bytes whose type is unknown or not on the safe list.
pub const OCTET_STREAM: &str = "application/octet-stream";

/// Media types a download may be labelled with. Downloads are always attachments with
/// `nosniff`; still, a type a browser would render as active content (HTML, SVG, XML, script)
/// is never sent as such: those go out as `application/octet-stream` (OWASP file upload).
pub const SAFE_MEDIA_TYPES: &[&str] = &[
    "text/plain",
    "text/csv",
    "application/pdf",
    "application/json",
    "application/zip",
    "application/vnd.tcpdump.pcap",
    "message/rfc822",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
];

/// What the store computed while the bytes streamed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBytes {
    /// The id the bytes are stored under (the item's id).
    pub id: EvidenceId,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
    /// Their length in bytes.
    pub size: u64,
}

/// An item as a person adds it, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewEvidence {
    /// What it is ("Utpressningsmeddelande funnet på filservern").
    pub description: Option<String>,
    /// Where the original is kept (a forensic copy, a sealed disk, the e-mail server).
    pub kept_at: Option<String>,
    /// The timeline entry it belongs to.
    pub timeline_entry_id: Option<TimelineEntryId>,
    /// The filing it documents (IMY's receipt of a notification, the police's letter).
    pub filing_id: Option<Uuid>,
    /// The file's name as sent.
    pub filename: Option<String>,
    /// The media type as sent.
    pub media_type: Option<String>,
}

/// A withdrawal, or a purge: who, when, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retraction {
    /// Why (required).
    pub reason: String,
    /// Who (a user id, or `cli`).
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// An item of evidence as its events make it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceItem {
    /// Its id (the stored bytes are keyed by it).
    pub id: EvidenceId,
    /// The case.
    pub case_id: CaseId,
    /// What it is.
    pub description: String,
    /// Where the original is kept.
    pub kept_at: Option<String>,
    /// The file's name, made safe (no path, no control characters).
    pub filename: String,
    /// The media type as sent, normalised (`type/subtype`, lowercase), or octet-stream.
    pub media_type: String,
    /// The size in bytes.
    pub size: u64,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
    /// The timeline entry it belongs to.
    pub timeline_entry_id: Option<TimelineEntryId>,
    /// The filing it documents.
    pub filing_id: Option<Uuid>,
    /// Who added it.
    pub added_by: String,
    /// When.
    pub added_at: DateTime<Utc>,
    /// Withdrawn: no longer relied on (the bytes are kept).
    pub withdrawn: Option<Retraction>,
    /// Purged under the retention rule: the bytes are gone, the record stays.
    pub purged: Option<Retraction>,
}

/// One download of an item: the chain of custody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceDownload {
    /// The download's own id.
    pub id: Uuid,
    /// The item.
    pub evidence_id: EvidenceId,
    /// Its case.
    pub case_id: CaseId,
    /// Who downloaded it (a user id).
    pub downloaded_by: String,
    /// When.
    pub downloaded_at: DateTime<Utc>,
}

/// Why an item cannot be withdrawn, purged or downloaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceRefusal {
    /// A field is missing or invalid.
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// Withdrawn already: a withdrawal is not repeated.
    #[error("the item is already withdrawn")]
    AlreadyWithdrawn,
    /// Its bytes were purged.
    #[error("the item's bytes were purged under the retention rule")]
    Purged,
}

/// The media type a sender declared, normalised: `type/subtype` in lowercase without
/// parameters, or octet-stream when it is missing or not of that shape.
pub fn normalise_media_type(declared: Option<&str>) -> String {
    let Some(essence) = declared.and_then(|d| d.split(';').next()).map(|e| e.trim().to_ascii_lowercase()) else {
        return OCTET_STREAM.to_owned();
    };
    let token = |s: &str| {
        !s.is_empty() && s.len() <= 127 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    match essence.split_once('/') {
        Some((kind, sub)) if token(kind) && token(sub) => essence,
        _ => OCTET_STREAM.to_owned(),
    }
}

/// The media type a download is labelled with: the stored one when it is on
/// [`SAFE_MEDIA_TYPES`], otherwise octet-stream.
pub fn download_media_type(stored: &str) -> &'static str {
    SAFE_MEDIA_TYPES.iter().find(|t| **t == stored).copied().unwrap_or(OCTET_STREAM)
}

/// A file name made safe to store and to offer again: the last path component only (a browser
/// may send `C:\Users\...`), no control characters, no leading dots, at most
/// [`FILENAME_MAX_CHARS`] characters keeping the extension; [`UNNAMED_FILE`] when nothing is
/// left.
pub fn safe_filename(sent: Option<&str>) -> String {
    let last = sent.unwrap_or_default().rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String =
        last.chars().filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '|' | '*' | '?' | ':')).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_owned();
    if cleaned.is_empty() {
        return UNNAMED_FILE.to_owned();
    }
    if cleaned.chars().count() <= FILENAME_MAX_CHARS {
        return cleaned;
    }
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if ext.chars().count() <= 16 => (stem.to_owned(), format!(".{ext}")),
        _ => (cleaned.clone(), String::new()),
    };
    let keep = FILENAME_MAX_CHARS - ext.chars().count();
    format!("{}{ext}", stem.chars().take(keep).collect::<String>())
}

impl NewEvidence {
    /// The item these inputs and the stored bytes make, added by `actor` at `now`. The links
    /// must name an entry of the case's timeline (`entries`) and a filing of the case
    /// (`filings`).
    ///
    /// # Errors
    /// Names `description` when it is missing, blank or too long, `kept_at` when too long or
    /// blank, `timeline_entry_id` and `filing_id` when they name nothing of this case.
    pub fn add(
        self,
        case_id: CaseId,
        stored: &StoredBytes,
        entries: &[TimelineEntryId],
        filings: &[Uuid],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<EvidenceItem, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let description = required_text(&mut errors, "description", self.description, DESCRIPTION_MAX_CHARS);
        let kept_at = self.kept_at.and_then(|k| checked_text(&mut errors, "kept_at", k, KEPT_AT_MAX_CHARS));
        if let Some(entry) = self.timeline_entry_id
            && !entries.contains(&entry)
        {
            errors.add("timeline_entry_id", "is not an entry of this case's timeline");
        }
        if let Some(filing) = self.filing_id
            && !filings.contains(&filing)
        {
            errors.add("filing_id", "is not a filing of this case");
        }
        let description = errors.clone().into_result(description)?.unwrap_or_default();
        Ok(EvidenceItem {
            id: stored.id,
            case_id,
            description,
            kept_at,
            filename: safe_filename(self.filename.as_deref()),
            media_type: normalise_media_type(self.media_type.as_deref()),
            size: stored.size,
            sha256: stored.sha256.clone(),
            timeline_entry_id: self.timeline_entry_id,
            filing_id: self.filing_id,
            added_by: actor.to_owned(),
            added_at: crate::time::normalise(now),
            withdrawn: None,
            purged: None,
        })
    }
}

fn reason(reason: Option<String>) -> Result<String, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let reason = required_text(&mut errors, "reason", reason, REASON_MAX_CHARS);
    Ok(errors.into_result(reason)?.unwrap_or_default())
}

impl EvidenceItem {
    /// Whether the item counts as evidence kept: not withdrawn and not purged.
    pub fn is_kept(&self) -> bool {
        self.withdrawn.is_none() && self.purged.is_none()
    }

    /// The withdrawal of this item by `actor` at `now`.
    ///
    /// # Errors
    /// `Invalid` naming `reason` when it is missing; `AlreadyWithdrawn` the second time.
    pub fn withdrawal(
        &self,
        why: Option<String>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Retraction, EvidenceRefusal> {
        let reason = reason(why)?;
        if self.withdrawn.is_some() {
            return Err(EvidenceRefusal::AlreadyWithdrawn);
        }
        Ok(Retraction { reason, by: actor.to_owned(), at: crate::time::normalise(now) })
    }

    /// The purge of this item's bytes under the retention rule, by `actor` at `now`.
    ///
    /// # Errors
    /// `Invalid` naming `reason` (the retention decision) when it is missing; `Purged` the
    /// second time.
    pub fn purge(&self, why: Option<String>, actor: &str, now: DateTime<Utc>) -> Result<Retraction, EvidenceRefusal> {
        let reason = reason(why)?;
        if self.purged.is_some() {
            return Err(EvidenceRefusal::Purged);
        }
        Ok(Retraction { reason, by: actor.to_owned(), at: crate::time::normalise(now) })
    }

    /// The download of this item by `actor` at `now` (a withdrawn item is still kept and may
    /// be downloaded; the custody record goes on).
    ///
    /// # Errors
    /// `Purged` when the bytes are gone.
    pub fn download(&self, actor: &str, now: DateTime<Utc>) -> Result<EvidenceDownload, EvidenceRefusal> {
        if self.purged.is_some() {
            return Err(EvidenceRefusal::Purged);
        }
        Ok(EvidenceDownload {
            id: Uuid::now_v7(),
            evidence_id: self.id,
            case_id: self.case_id,
            downloaded_by: actor.to_owned(),
            downloaded_at: crate::time::normalise(now),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 29, 9, 0, 0).single().expect("valid")
    }

    fn stored() -> StoredBytes {
        StoredBytes { id: EvidenceId::new(), sha256: "ab".repeat(32), size: 12 }
    }

    #[test]
    fn media_types_are_normalised_and_only_safe_ones_are_sent_as_such() {
        let table = [
            (Some("Text/Plain; charset=utf-8"), "text/plain", "text/plain"),
            (Some("text/html"), "text/html", OCTET_STREAM),
            (Some("image/svg+xml"), "image/svg+xml", OCTET_STREAM),
            (Some("message/rfc822"), "message/rfc822", "message/rfc822"),
            (Some("nonsense"), OCTET_STREAM, OCTET_STREAM),
            (Some("text/pl ain"), OCTET_STREAM, OCTET_STREAM),
            (None, OCTET_STREAM, OCTET_STREAM),
        ];
        for (declared, stored, sent) in table {
            assert_eq!(normalise_media_type(declared), stored, "{declared:?}");
            assert_eq!(download_media_type(stored), sent, "{declared:?}");
        }
    }

    #[test]
    fn file_names_lose_their_path_and_anything_unsafe() {
        let table = [
            (Some("C:\\Users\\dpo\\lösensedel.txt"), "lösensedel.txt"),
            (Some("../../etc/passwd"), "passwd"),
            (Some(".htaccess"), "htaccess"),
            (Some("a\"b\r\n.eml"), "ab.eml"),
            (Some("   "), UNNAMED_FILE),
            (None, UNNAMED_FILE),
        ];
        for (sent, kept) in table {
            assert_eq!(safe_filename(sent), kept, "{sent:?}");
        }
        let long = format!("{}.pcap", "x".repeat(400));
        let kept = safe_filename(Some(&long));
        assert_eq!(kept.chars().count(), FILENAME_MAX_CHARS);
        assert!(kept.ends_with(".pcap"), "{kept}");
    }

    #[test]
    fn an_item_needs_a_description_and_links_within_its_case() {
        let case = CaseId::new();
        let entry = TimelineEntryId::new();
        let bad = NewEvidence {
            timeline_entry_id: Some(TimelineEntryId::new()),
            filing_id: Some(Uuid::now_v7()),
            kept_at: Some("  ".into()),
            ..NewEvidence::default()
        }
        .add(case, &stored(), &[entry], &[], "u1", now())
        .expect_err("refused");
        let fields: Vec<&str> = bad.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["description", "kept_at", "timeline_entry_id", "filing_id"]);
        let item = NewEvidence {
            description: Some(" Lösensedel ".into()),
            timeline_entry_id: Some(entry),
            filename: Some("note.txt".into()),
            media_type: Some("text/plain".into()),
            ..NewEvidence::default()
        }
        .add(case, &stored(), &[entry], &[], "u1", now())
        .expect("valid");
        assert_eq!((item.description.as_str(), item.size, item.is_kept()), ("Lösensedel", 12, true));
    }

    #[test]
    fn withdrawal_needs_a_reason_and_happens_once_and_a_purged_item_is_not_downloaded() {
        let mut item = NewEvidence { description: Some("Logg".into()), ..NewEvidence::default() }
            .add(CaseId::new(), &stored(), &[], &[], "u1", now())
            .expect("valid");
        assert!(matches!(item.withdrawal(None, "u2", now()), Err(EvidenceRefusal::Invalid(_))));
        item.withdrawn = Some(item.withdrawal(Some("Fel fil".into()), "u2", now()).expect("valid"));
        assert_eq!(item.withdrawal(Some("Igen".into()), "u2", now()), Err(EvidenceRefusal::AlreadyWithdrawn));
        assert!(item.download("u3", now()).is_ok(), "a withdrawn item is still kept");
        item.purged = Some(item.purge(Some("Gallringsbeslut 2026:4".into()), "cli", now()).expect("valid"));
        assert_eq!(item.download("u3", now()), Err(EvidenceRefusal::Purged));
        assert!(!item.is_kept());
    }
}
