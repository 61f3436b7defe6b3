//! `breachdesk verify`: the record proves itself. Every case's chain is recomputed and its
//! events replayed against the state tables; the global sequence must have no gap and end at
//! the head recorded outside the rows; each case's newest entry must be the one its own head
//! names; the audit chain likewise; the append-only triggers must be in place; and, when a
//! witness file is given, every head it saw must still be in the database.

use std::collections::HashMap;
use std::path::Path;

use domain::chain::GENESIS_HASH;
use domain::record::{CaseEvent, CaseState};
use domain::{CaseId, TimelineEntry};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};

use crate::connect::Store;
use crate::entity::{assessment, case, chain_head, draft_export, timeline_entry};
use crate::error::StoreError;
use crate::record::{AUDIT_CHAIN, CASE_HEAD_PREFIX, EVENTS_CHAIN, case_head};

/// One thing `verify` found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The case concerned (its reference), if the finding is about one case.
    pub case: Option<String>,
    /// What is wrong, naming the entry or row.
    pub problem: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.case {
            Some(case) => write!(f, "case {case}: {}", self.problem),
            None => f.write_str(&self.problem),
        }
    }
}

/// What `verify` checked and found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// Everything found wrong; empty when the record is intact.
    pub findings: Vec<Finding>,
    /// Cases checked.
    pub cases: u64,
    /// Chain entries checked (events and entries people wrote).
    pub entries: u64,
    /// Cases recorded before the event record existed: their chains are checked, their state is
    /// not replayable.
    pub legacy_cases: u64,
    /// Audit events checked.
    pub audit_events: u64,
    /// Witness lines checked.
    pub witness_lines: u64,
    /// Items of evidence whose bytes were re-hashed against their events.
    pub evidence_items: u64,
    /// Items of evidence whose bytes were purged under the retention rule (their events stay;
    /// not a finding).
    pub evidence_purged: u64,
}

impl VerifyReport {
    fn find(&mut self, case: Option<&str>, problem: impl Into<String>) {
        self.findings.push(Finding { case: case.map(ToOwned::to_owned), problem: problem.into() });
    }
}

/// What the check of the dashboard's figures needs and gathers across the cases.
struct FigureCheck {
    rules: Vec<domain::rules::DeadlineRule>,
    tz: chrono_tz::Tz,
    tally: crate::figures::Tally,
    /// A case could not be replayed: the totals are not compared (that case is reported).
    skipped: bool,
}

/// A line of the witness file: `chain seq hash`.
fn witness_lines(path: &Path) -> Result<Vec<(String, i64, String)>, StoreError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| StoreError::Corrupt(format!("the witness file {} cannot be read: {e}", path.display())))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            let mut parts = line.split_whitespace();
            match (parts.next(), parts.next().and_then(|s| s.parse().ok()), parts.next(), parts.next()) {
                (Some(chain), Some(seq), Some(hash), None) => Ok((chain.to_owned(), seq, hash.to_owned())),
                _ => Err(StoreError::Corrupt(format!("the witness file's line {} is not `chain seq hash`", i + 1))),
            }
        })
        .collect()
}

impl Store {
    /// The names of the append-only triggers that are missing.
    async fn missing_triggers(&self) -> Result<Vec<String>, StoreError> {
        let backend = self.db.get_database_backend();
        let sql = match backend {
            DatabaseBackend::Postgres => "SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal",
            _ => "SELECT name FROM sqlite_master WHERE type = 'trigger'",
        };
        let rows = self.db.query_all_raw(Statement::from_string(backend, sql)).await?;
        let present: Vec<String> = rows.iter().filter_map(|r| r.try_get::<String>("", "name").ok()).collect();
        Ok(migration::append_only_triggers(backend).into_iter().filter(|t| !present.contains(t)).collect())
    }

    /// Every draft export of a case, oldest first.
    async fn draft_exports_of(&self, case_id: CaseId) -> Result<Vec<domain::export::DraftExport>, StoreError> {
        Ok(draft_export::Entity::find()
            .filter(draft_export::Column::CaseId.eq(case_id.0))
            .order_by_asc(draft_export::Column::ExportedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(crate::exports::from_model)
            .collect())
    }

    /// Every assessment of a case, oldest first.
    async fn assessments_of(&self, case_id: CaseId) -> Result<Vec<domain::assessment::Assessment>, StoreError> {
        assessment::Entity::find()
            .filter(assessment::Column::CaseId.eq(case_id.0))
            .order_by_asc(assessment::Column::AssessedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(crate::assessments::from_model)
            .collect()
    }

    /// A case's state as the state tables hold it.
    async fn stored_state(&self, case_id: CaseId) -> Result<CaseState, StoreError> {
        Ok(CaseState {
            case: Some(self.case(case_id).await?),
            actions: self.actions(case_id).await?,
            assessments: self.assessments_of(case_id).await?,
            decisions: self.decisions(case_id).await?,
            filings: self.filings(case_id).await?,
            police: self.police_details(case_id).await?,
            exports: self.draft_exports_of(case_id).await?,
            evidence: self.evidence_items(case_id).await?,
            evidence_downloads: self.evidence_downloads_of_case(case_id).await?,
        })
    }

    /// Checks one case: its chain, its own head, and its events against its state.
    async fn verify_case(
        &self,
        report: &mut VerifyReport,
        id: CaseId,
        reference: &str,
        heads: &HashMap<String, chain_head::Model>,
        figures: &mut FigureCheck,
    ) -> Result<(), StoreError> {
        let entries = self.timeline(id).await?;
        report.entries += entries.len() as u64;
        let case = Some(reference);
        if let Err(b) = domain::timeline::verify_chain(&entries) {
            report.find(case, format!("timeline entry {} ({}) does not match its hash chain", b.seq, b.id.0));
        }
        // An imported case must still hold the head it came with.
        if let Some(import) = self.case_import(id).await?
            && !entries.iter().any(|e| e.seq == import.head_seq && e.hash == import.head_hash)
        {
            report.find(
                case,
                format!(
                    "timeline entry {} is not the one the case was imported with (head {})",
                    import.head_seq, import.head_hash
                ),
            );
        }
        let Some(last) = entries.last() else {
            report.find(case, "has no record: not even its opening is on its chain");
            return Ok(());
        };
        match heads.get(&case_head(id)) {
            Some(head) if head.seq > last.seq => report.find(
                case,
                format!(
                    "timeline entries {} to {} are missing: the case's head records entry {} but its chain ends at {}",
                    last.seq + 1,
                    head.seq,
                    head.seq,
                    last.seq
                ),
            ),
            Some(head) if head.seq < last.seq => report.find(
                case,
                format!(
                    "timeline entries after {} were not written by breachdesk (its head records {})",
                    head.seq, head.seq
                ),
            ),
            Some(head) if head.hash != last.hash => {
                report.find(case, format!("timeline entry {} is not the one the case's head records", last.seq));
            }
            Some(_) => {}
            None if entries.iter().any(|e| e.global_seq.is_some()) => {
                report.find(case, "the case's chain head is missing");
            }
            None => {}
        }
        let mut events: Vec<(CaseEvent, &TimelineEntry)> = Vec::new();
        for entry in &entries {
            match entry.case_event() {
                Ok(Some(event)) => events.push((event, entry)),
                Ok(None) => {}
                Err(_) => report.find(
                    case,
                    format!("timeline entry {} ({}) holds data that is not an event", entry.seq, entry.id.0),
                ),
            }
        }
        if events.is_empty() {
            report.legacy_cases += 1;
            figures.skipped = true;
            return Ok(());
        }
        match CaseState::replay(events.iter().map(|(e, entry)| (e, entry.recorded_at))) {
            Err(e) => {
                figures.skipped = true;
                report.find(case, format!("its events cannot be replayed: {e}"));
            }
            Ok(replayed) => {
                if let Some(difference) = replayed.first_difference(&self.stored_state(id).await?) {
                    report.find(case, difference.to_string());
                }
                // Derived state: the dashboard's figures must be what the replayed record makes
                // of them (which clocks are pending does not depend on when they are evaluated).
                if let Some(replayed_case) = &replayed.case {
                    let file = domain::rules::CaseFile {
                        case: replayed_case,
                        assessment: replayed.assessments.last(),
                        decisions: &replayed.decisions,
                        filings: &replayed.filings,
                    };
                    let now = last.recorded_at;
                    let expected = domain::figures::CaseFigures::of(&file, &figures.rules, figures.tz, now);
                    if let Some(problem) =
                        crate::figures::case_difference_in(&self.db, id, &expected, &mut figures.tally).await?
                    {
                        report.find(case, format!("{problem}; `breachdesk rebuild-figures` recomputes them"));
                    }
                }
                self.verify_evidence(report, case, &replayed.evidence).await?;
            }
        }
        Ok(())
    }

    /// Re-hashes the stored bytes of every item of evidence against the SHA-256 and size its
    /// event recorded; a purged item must have no bytes left.
    async fn verify_evidence(
        &self,
        report: &mut VerifyReport,
        case: Option<&str>,
        items: &[domain::evidence::EvidenceItem],
    ) -> Result<(), StoreError> {
        for item in items {
            let stored = self.rehash_evidence(item.id).await?;
            let name = format!("evidence item {} ({})", item.id, item.filename);
            match (&item.purged, stored) {
                (Some(_), None) => report.evidence_purged += 1,
                (Some(_), Some(_)) => report.find(case, format!("{name} was purged but its bytes are still stored")),
                (None, None) => report.find(case, format!("{name}: its stored bytes are missing")),
                (None, Some((sha256, size))) => {
                    report.evidence_items += 1;
                    if sha256 != item.sha256 || size != item.size {
                        report.find(
                            case,
                            format!("{name}: its stored bytes do not match the SHA-256 its event recorded (changed)"),
                        );
                    }
                }
            }
        }
        Ok(())
    }

    /// Checks the global sequence of events against its head and the witness.
    async fn verify_global(
        &self,
        report: &mut VerifyReport,
        heads: &HashMap<String, chain_head::Model>,
        witness: &[(String, i64, String)],
    ) -> Result<(), StoreError> {
        let places: Vec<(i64, uuid::Uuid, i64, String)> = timeline_entry::Entity::find()
            .select_only()
            .columns([
                timeline_entry::Column::GlobalSeq,
                timeline_entry::Column::CaseId,
                timeline_entry::Column::Seq,
                timeline_entry::Column::Hash,
            ])
            .filter(timeline_entry::Column::GlobalSeq.is_not_null())
            // Imported entries keep the places of the installation that wrote them.
            .filter(timeline_entry::Column::ImportedFrom.is_null())
            .order_by_asc(timeline_entry::Column::GlobalSeq)
            .into_tuple()
            .all(&self.db)
            .await?;
        let witnessed: HashMap<i64, &str> =
            witness.iter().filter(|(c, _, _)| c == EVENTS_CHAIN).map(|(_, s, h)| (*s, h.as_str())).collect();
        let mut head = GENESIS_HASH.to_owned();
        let mut expected = 1;
        let mut gap_reported = false;
        for (global_seq, case_id, seq, hash) in &places {
            if *global_seq != expected && !gap_reported {
                report.find(
                    None,
                    format!(
                        "the global event sequence jumps from {} to {global_seq}: events were deleted",
                        expected - 1
                    ),
                );
                gap_reported = true;
            }
            expected = global_seq + 1;
            head = domain::chain::global_head(&head, *global_seq, CaseId(*case_id), *seq, hash);
            if let Some(seen) = witnessed.get(global_seq)
                && *seen != head
            {
                report.find(None, format!("the witness saw another event history at place {global_seq}"));
            }
        }
        let last = expected - 1;
        if let Some(beyond) = witnessed.keys().filter(|s| **s > last).max() {
            report.find(
                None,
                format!("the witness saw {beyond} events, the database holds {last}: the newest events were deleted"),
            );
        }
        match heads.get(EVENTS_CHAIN) {
            None => report.find(None, "the head of the event sequence is missing"),
            Some(h) if h.seq != last => report.find(
                None,
                format!("the head of the event sequence records {} events, the database holds {last}", h.seq),
            ),
            Some(h) if h.hash != head => report.find(None, "the head of the event sequence does not match its events"),
            Some(_) => {}
        }
        Ok(())
    }

    /// Checks the audit chain, its head and the witness.
    async fn verify_audit(
        &self,
        report: &mut VerifyReport,
        heads: &HashMap<String, chain_head::Model>,
        witness: &[(String, i64, String)],
    ) -> Result<(), StoreError> {
        let events = self.audit_chain().await?;
        report.audit_events = events.len() as u64;
        if let Err(b) = domain::audit::verify_audit_chain(&events) {
            report.find(None, format!("audit log: {b}"));
        }
        let (last_seq, last_hash) = events.last().map_or((0, GENESIS_HASH), |e| (e.seq, e.hash.as_str()));
        match heads.get(AUDIT_CHAIN) {
            None => report.find(None, "audit log: its head is missing"),
            Some(h) if h.seq > last_seq => report.find(
                None,
                format!("audit log: events {} to {} are missing (deleted from the end)", last_seq + 1, h.seq),
            ),
            Some(h) if h.seq != last_seq || h.hash != last_hash => {
                report.find(None, format!("audit log: event {last_seq} is not the one its head records"));
            }
            Some(_) => {}
        }
        for (_, seq, hash) in witness.iter().filter(|(c, _, _)| c == AUDIT_CHAIN) {
            match events.iter().find(|e| e.seq == *seq) {
                None if *seq > 0 => {
                    report.find(None, format!("audit log: the witness saw event {seq}, which is missing"));
                    break;
                }
                Some(e) if e.hash != *hash => {
                    report.find(None, format!("audit log: event {seq} is not the one the witness saw"));
                    break;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Verifies the whole record. `witness` is the file every commit appended the heads to,
    /// if one was kept.
    ///
    /// # Errors
    /// Fails when the database or the witness file cannot be read; what is wrong with the
    /// record itself is in the report's findings.
    pub async fn verify(&self, witness: Option<&Path>) -> Result<VerifyReport, StoreError> {
        let mut report = VerifyReport::default();
        for trigger in self.missing_triggers().await? {
            report.find(None, format!("the trigger {trigger} that refuses UPDATE and DELETE is missing"));
        }
        let witness = witness.map(witness_lines).transpose()?.unwrap_or_default();
        report.witness_lines = witness.len() as u64;
        let heads: HashMap<String, chain_head::Model> =
            chain_head::Entity::find().all(&self.db).await?.into_iter().map(|h| (h.chain.clone(), h)).collect();
        let cases: Vec<(uuid::Uuid, String)> = case::Entity::find()
            .select_only()
            .columns([case::Column::Id, case::Column::Reference])
            .order_by_asc(case::Column::CreatedAt)
            .into_tuple()
            .all(&self.db)
            .await?;
        report.cases = cases.len() as u64;
        let (rules, tz) = crate::figures::context_in(&self.db).await?;
        let mut figures = FigureCheck { rules, tz, tally: crate::figures::Tally::default(), skipped: false };
        for (id, reference) in &cases {
            self.verify_case(&mut report, CaseId(*id), reference, &heads, &mut figures).await?;
        }
        // Rows of a case that no longer exists (a case row deleted behind breachdesk's back).
        let ids: std::collections::HashSet<String> = cases.iter().map(|(id, _)| id.to_string()).collect();
        for head in heads.keys().filter_map(|k| k.strip_prefix(CASE_HEAD_PREFIX)) {
            if !ids.contains(head) {
                report.find(None, format!("case {head} has a chain head but no case row: the case was deleted"));
            }
        }
        self.verify_global(&mut report, &heads, &witness).await?;
        self.verify_audit(&mut report, &heads, &witness).await?;
        if !figures.skipped {
            for problem in crate::figures::totals_differences_in(&self.db, &figures.tally).await? {
                report.find(None, format!("{problem}; `breachdesk rebuild-figures` recomputes them"));
            }
        }
        Ok(report)
    }
}
