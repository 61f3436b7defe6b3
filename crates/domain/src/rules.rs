//! Deadline rules as versioned data. Each rule says which clock a regime sets, what starts it
//! and how long it runs, from when it is in force. A case is held to the rules in force when
//! the controller became aware of the incident (`aware_at`), not when it was entered in
//! breachdesk: a 2024 incident entered in 2026 gets no Cybersäkerhetslag clocks (in force from
//! 15 January 2026), and a change of law (the EU has proposed 96 hours instead of 72) applies
//! to incidents that become known after it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::assessment::Assessment;
use crate::case::{Case, text_enum};
use crate::deadline::{Clock, ClockKind, ClockState, Length, PoliceHold};
use crate::decision::{Decision, DecisionKind, Exemption, Outcome, contradicted, first_yes, in_force};
use crate::filing::{Filing, Phase, Recipient, is_imy_notification};

text_enum!(
    /// What starts a clock.
    Trigger {
        /// The controller became aware (`aware_at`).
        AwareAt = "aware_at",
        /// The breach was detected (`detected_at`).
        DetectedAt = "detected_at",
        /// The first preliminary IMY notification was submitted.
        PreliminaryImyFiling = "preliminary_imy_filing",
        /// GDPR Art. 34(1): the first of a high-risk conclusion of the assessment and the
        /// decision to inform the data subjects (or, under exemption (c), the public).
        DecisionInformDataSubjects = "decision_inform_data_subjects",
        /// The decision to report to the police.
        DecisionReportPolice = "decision_report_police",
        /// Awareness of an incident decided significant under the Cybersäkerhetslag.
        SignificantIncident = "significant_incident",
        /// The CSIRT incident notification was submitted.
        CsirtNotificationFiled = "csirt_notification_filed",
        /// GDPR Art. 33(2): the processor (this organisation) became aware.
        ProcessorAware = "processor_aware",
    }
);

/// One version of one clock's rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineRule {
    /// The regime (`gdpr`, `cybersakerhetslagen`, `internal`).
    pub regime: String,
    /// The clock it sets.
    pub clock: ClockKind,
    /// What starts it.
    pub trigger: Trigger,
    /// How long it runs.
    pub length: Length,
    /// From when it applies (to incidents the controller became aware of at or after this instant).
    pub in_force_from: DateTime<Utc>,
    /// Where the rule comes from.
    pub source: String,
}

/// For each clock, the rule in force at `aware_at` (the instant the case's incident became
/// known): the latest `in_force_from` not after it. A clock with no rule in force then does not
/// exist for the case.
pub fn rules_in_force(rules: &[DeadlineRule], aware_at: DateTime<Utc>) -> Vec<&DeadlineRule> {
    let mut chosen: Vec<&DeadlineRule> = Vec::new();
    for rule in rules.iter().filter(|r| r.in_force_from <= aware_at) {
        match chosen.iter_mut().find(|c| c.clock == rule.clock) {
            Some(current) if current.in_force_from < rule.in_force_from => *current = rule,
            Some(_) => {}
            None => chosen.push(rule),
        }
    }
    chosen.sort_by_key(|r| ClockKind::ALL.iter().position(|k| *k == r.clock));
    chosen
}

/// Everything recorded on a case that the clocks and the law look at.
#[derive(Debug, Clone, Copy)]
pub struct CaseFile<'a> {
    /// The case.
    pub case: &'a Case,
    /// The current assessment.
    pub assessment: Option<&'a Assessment>,
    /// When an assessment of the case first concluded a high risk (GDPR Art. 34: the
    /// data-subject clock counts from then; a later re-assessment does not move it).
    pub high_risk_first_at: Option<DateTime<Utc>>,
    /// Every decision, all revisions.
    pub decisions: &'a [Decision],
    /// Every filing.
    pub filings: &'a [Filing],
}

impl CaseFile<'_> {
    fn first_filing(&self, recipient: Recipient, phases: &[Phase]) -> Option<DateTime<Utc>> {
        self.filings
            .iter()
            .filter(|f| f.recipient == recipient && phases.contains(&f.phase))
            .map(|f| f.submitted_at)
            .min()
    }

    fn decided(&self, kind: DecisionKind) -> Option<&Decision> {
        in_force(self.decisions, kind)
    }

    fn says_yes(&self, kind: DecisionKind) -> bool {
        self.decided(kind).is_some_and(|d| d.outcome == Outcome::Yes)
    }

    /// When every controller of the case has an IMY notification: the last of their first
    /// notifications (a case without controllers: the first notification).
    pub fn imy_notified_at(&self) -> Option<DateTime<Utc>> {
        let notifications: Vec<&Filing> = self.filings.iter().filter(|f| is_imy_notification(f)).collect();
        if self.case.controller_ids.is_empty() {
            return notifications.iter().map(|f| f.submitted_at).min();
        }
        let mut latest = None;
        for controller in &self.case.controller_ids {
            let first = notifications
                .iter()
                .filter(|f| f.controller_id.is_none_or(|c| c == *controller))
                .map(|f| f.submitted_at)
                .min()?;
            latest = latest.max(Some(first));
        }
        latest
    }

    fn public_communication_required(&self) -> bool {
        self.decided(DecisionKind::InformDataSubjects)
            .is_some_and(|d| d.exemption == Some(Exemption::DisproportionateEffort))
    }

    /// The instant a rule's trigger happened, if it has.
    fn trigger_instant(&self, trigger: Trigger) -> Option<DateTime<Utc>> {
        match trigger {
            Trigger::AwareAt => Some(self.case.aware_at),
            Trigger::DetectedAt => Some(self.case.detected_at),
            Trigger::PreliminaryImyFiling => self.first_filing(Recipient::Imy, &[Phase::Preliminary]),
            // Art. 34(1): a high risk is itself the reason to inform "without undue delay", so
            // the clock starts with the conclusion, decision or not.
            Trigger::DecisionInformDataSubjects => [
                first_yes(self.decisions, DecisionKind::InformDataSubjects),
                self.public_communication_required()
                    .then(|| self.decided(DecisionKind::InformDataSubjects).map(|d| d.decided_at))
                    .flatten(),
                self.high_risk_since(),
            ]
            .into_iter()
            .flatten()
            .min(),
            Trigger::DecisionReportPolice => first_yes(self.decisions, DecisionKind::ReportPolice),
            // The Cybersäkerhetslag counts from awareness of the incident, not from the day it
            // was judged significant: the stricter reading.
            Trigger::SignificantIncident => self.says_yes(DecisionKind::Nis2Significant).then_some(self.case.aware_at),
            Trigger::CsirtNotificationFiled => self.first_filing(Recipient::Csirt, &[Phase::Complete]),
            Trigger::ProcessorAware => Some(self.case.processor_aware_at.unwrap_or(self.case.aware_at)),
        }
    }

    /// While the current assessment concludes a high risk: when a high risk was first
    /// concluded on the case. Art. 34(1) asks for information "without undue delay" from the
    /// moment the high risk is known; confirming it in a re-assessment does not restart that.
    pub fn high_risk_since(&self) -> Option<DateTime<Utc>> {
        self.assessment
            .filter(|a| a.conclusion == crate::assessment::Conclusion::HighRisk)
            .map(|a| self.high_risk_first_at.map_or(a.assessed_at, |first| first.min(a.assessed_at)))
    }

    /// GDPR Art. 33(2): the case is handled as the controller's processor.
    fn as_processor(&self) -> bool {
        self.case.acting_as_processor
    }

    /// The clock a filing to `recipient` in `phase` for `controller` meets, given what is
    /// already filed. Art. 33(4): once an IMY notification has been made, a later complete
    /// notification is a further phase of it; it meets the supplement clock, and the
    /// Art. 33(1) clock stays met (or missed) by the first notification.
    pub fn clock_for(&self, recipient: Recipient, phase: Phase, controller: Option<crate::ControllerId>) -> ClockKind {
        let notified_before = self.filings.iter().any(|f| {
            is_imy_notification(f)
                && (f.controller_id.is_none() || controller.is_none() || f.controller_id == controller)
        });
        match (recipient, phase) {
            (Recipient::Imy, Phase::Complete) if notified_before => ClockKind::ImySupplement,
            _ => crate::filing::clock_met_by(recipient, phase),
        }
    }

    /// The instant a clock was met, if it has been.
    fn met_at(&self, clock: ClockKind) -> Option<DateTime<Utc>> {
        match clock {
            ClockKind::ImyNotification | ClockKind::ImyNotificationFromDetection => self.imy_notified_at(),
            ClockKind::ImySupplement => {
                let preliminary = self.first_filing(Recipient::Imy, &[Phase::Preliminary])?;
                self.filings
                    .iter()
                    .filter(|f| {
                        f.recipient == Recipient::Imy
                            && matches!(f.phase, Phase::Supplement | Phase::Complete | Phase::Final)
                            && f.submitted_at >= preliminary
                    })
                    .map(|f| f.submitted_at)
                    .min()
            }
            ClockKind::DataSubjects => {
                let recipient =
                    if self.public_communication_required() { Recipient::Public } else { Recipient::DataSubjects };
                self.first_filing(recipient, &[Phase::Preliminary, Phase::Complete, Phase::Final])
            }
            ClockKind::PoliceReport => self.first_filing(Recipient::Police, &[Phase::Preliminary, Phase::Complete]),
            ClockKind::CsirtEarlyWarning => {
                self.first_filing(Recipient::Csirt, &[Phase::Preliminary, Phase::Complete, Phase::Final])
            }
            ClockKind::CsirtNotification => self.first_filing(Recipient::Csirt, &[Phase::Complete, Phase::Final]),
            ClockKind::CsirtFinalReport => self.first_filing(Recipient::Csirt, &[Phase::Final]),
            ClockKind::InquiryAnswer => None,
            ClockKind::ProcessorNotification => [
                self.first_filing(Recipient::Controller, &[Phase::Preliminary, Phase::Complete, Phase::Final]),
                self.case.processor_notified_controller_at,
            ]
            .into_iter()
            .flatten()
            .min(),
        }
    }

    /// The reasons recorded on the filing that met `clock` at `met` (for a clock met late).
    fn reasons_at(&self, clock: ClockKind, met: DateTime<Utc>) -> Option<String> {
        let meets = |f: &Filing| match clock {
            ClockKind::ImyNotification | ClockKind::ImyNotificationFromDetection => is_imy_notification(f),
            ClockKind::ImySupplement => f.recipient == Recipient::Imy,
            _ => crate::filing::clock_met_by(f.recipient, f.phase) == clock,
        };
        self.filings.iter().filter(|f| f.submitted_at == met && meets(f)).find_map(|f| f.delay_reasons.clone())
    }

    /// Whether a clock applies at all: IMY clocks stop applying when the decision is not to
    /// notify, the data-subject clock when the decision is not to inform without exemption (c).
    fn applies(&self, clock: ClockKind) -> bool {
        // A "no" stops its clock only while the assessment agrees with it.
        let stopped_by_no =
            |kind| self.decided(kind).is_some_and(|d| d.outcome == Outcome::No && !contradicted(d, self.assessment));
        match clock {
            // Art. 33(2): a processor tells the controller; notifying IMY and informing the
            // data subjects are the controller's duties.
            ClockKind::ImyNotification
            | ClockKind::ImyNotificationFromDetection
            | ClockKind::ImySupplement
            | ClockKind::DataSubjects
                if self.as_processor() =>
            {
                false
            }
            ClockKind::ImyNotification | ClockKind::ImyNotificationFromDetection => {
                !stopped_by_no(DecisionKind::NotifyImy)
            }
            ClockKind::DataSubjects => {
                !stopped_by_no(DecisionKind::InformDataSubjects) || self.public_communication_required()
            }
            ClockKind::ProcessorNotification => self.as_processor(),
            ClockKind::PoliceReport => !stopped_by_no(DecisionKind::ReportPolice),
            ClockKind::InquiryAnswer => false,
            _ => true,
        }
    }

    /// Why the case cannot be marked as not a breach: a risk concluded, a "yes" decided or
    /// anything filed already says it is one. Empty when it may be.
    pub fn not_a_breach_blockers(&self) -> Vec<String> {
        let mut blockers = Vec::new();
        if let Some(a) = self.assessment.filter(|a| a.conclusion >= crate::assessment::Conclusion::Risk) {
            blockers.push(format!("the risk assessment concludes {}", a.conclusion));
        }
        for kind in DecisionKind::ALL {
            if self.says_yes(*kind) {
                blockers.push(format!("the decision {kind} is yes"));
            }
        }
        if !self.filings.is_empty() {
            blockers.push("filings are recorded".to_owned());
        }
        blockers
    }

    /// The clock a filing to `recipient` in `phase` for `controller` meets and its due
    /// instant as the case stands at `now` (None: that clock has not started or does not apply).
    pub fn due_for(
        &self,
        recipient: Recipient,
        phase: Phase,
        controller: Option<crate::ControllerId>,
        rules: &[DeadlineRule],
        tz: chrono_tz::Tz,
        now: DateTime<Utc>,
    ) -> (ClockKind, Option<DateTime<Utc>>) {
        let kind = self.clock_for(recipient, phase, controller);
        (kind, self.clocks(rules, tz, now).into_iter().find(|c| c.clock == kind).and_then(|c| c.due_at))
    }

    /// Every clock of the case at `now` under the rules in force when the incident became
    /// known (`aware_at`).
    pub fn clocks(&self, rules: &[DeadlineRule], tz: chrono_tz::Tz, now: DateTime<Utc>) -> Vec<Clock> {
        rules_in_force(rules, self.case.aware_at)
            .into_iter()
            .filter(|r| self.applies(r.clock))
            .filter(|r| {
                r.clock != ClockKind::ImyNotificationFromDetection || self.case.detected_at < self.case.aware_at
            })
            .map(|r| {
                let mut clock =
                    Clock::evaluate(r.clock, self.trigger_instant(r.trigger), r.length, self.met_at(r.clock), tz, now);
                if let (ClockState::Missed, Some(met)) = (clock.state, clock.met_at) {
                    clock.late_reasons = self.reasons_at(r.clock, met);
                }
                if r.clock == ClockKind::DataSubjects {
                    clock.police_hold = self
                        .case
                        .police_delay_requested_at
                        .map(|requested_at| PoliceHold { requested_at, until: self.case.police_delay_until });
                }
                clock
            })
            .collect()
    }

    /// Why the case cannot be closed yet: each missing decision, assessment or filing, in words
    /// a DPO acts on. Empty when it may be closed.
    pub fn closing_blockers(&self) -> Vec<String> {
        let mut blockers = Vec::new();
        if self.assessment.is_none() {
            blockers.push("the risk assessment is missing".to_owned());
        }
        if self.as_processor() {
            // Art. 33(2): the processor's duty is to tell the controller; the rest is theirs.
            if self.met_at(ClockKind::ProcessorNotification).is_none() {
                blockers.push("the notice to the controller (GDPR Art. 33(2)) is not recorded".to_owned());
            }
            return blockers;
        }
        for kind in [DecisionKind::NotifyImy, DecisionKind::InformDataSubjects] {
            match self.decided(kind) {
                None => blockers.push(format!("the decision {kind} is open")),
                Some(d) if contradicted(d, self.assessment) => blockers
                    .push(format!("the decision {kind} (no) contradicts the current risk assessment; decide again")),
                Some(_) => {}
            }
        }
        if self.says_yes(DecisionKind::NotifyImy) {
            let notifications: Vec<&Filing> = self.filings.iter().filter(|f| is_imy_notification(f)).collect();
            for controller in &self.case.controller_ids {
                if !notifications.iter().any(|f| f.controller_id.is_none_or(|c| c == *controller)) {
                    blockers.push(format!("the IMY notification for controller {controller} is not recorded"));
                }
            }
            if self.case.controller_ids.is_empty() && notifications.is_empty() {
                blockers.push("the IMY notification is not recorded".to_owned());
            }
            let preliminary = self.first_filing(Recipient::Imy, &[Phase::Preliminary]);
            if preliminary.is_some() && self.met_at(ClockKind::ImySupplement).is_none() {
                blockers.push("the IMY notification was preliminary and its supplement is not recorded".to_owned());
            }
        }
        let required_filings = [
            (
                self.says_yes(DecisionKind::InformDataSubjects),
                Recipient::DataSubjects,
                "the communication to the data subjects",
            ),
            (self.public_communication_required(), Recipient::Public, "the public communication (Art. 34(3)(c))"),
            (self.says_yes(DecisionKind::ReportPolice), Recipient::Police, "the police report"),
            (self.says_yes(DecisionKind::Nis2Significant), Recipient::Csirt, "the CSIRT final report"),
        ];
        for (required, recipient, what) in required_filings {
            let phases: &[Phase] = if recipient == Recipient::Csirt {
                &[Phase::Final]
            } else {
                &[Phase::Preliminary, Phase::Complete, Phase::Final]
            };
            if required && self.first_filing(recipient, phases).is_none() {
                blockers.push(format!("{what} is not recorded"));
            }
        }
        blockers
    }
}

/// The rules breachdesk ships with: their definition. The running application reads the rules
/// from the `deadline_rules` table, which the migrations seed with a copy of these (an applied
/// migration cannot follow later changes here, so a change is a new migration);
/// `the_migrated_deadline_rules_equal_the_domain_rules` in the `tests` crate keeps the two equal.
pub fn default_rules() -> Vec<DeadlineRule> {
    let gdpr =
        DateTime::parse_from_rfc3339("2018-05-25T00:00:00+02:00").map(|t| t.with_timezone(&Utc)).unwrap_or_default();
    let csl =
        DateTime::parse_from_rfc3339("2026-01-15T00:00:00+01:00").map(|t| t.with_timezone(&Utc)).unwrap_or_default();
    let rule = |regime: &str, clock, trigger, length, in_force_from, source: &str| DeadlineRule {
        regime: regime.to_owned(),
        clock,
        trigger,
        length,
        in_force_from,
        source: source.to_owned(),
    };
    vec![
        rule("gdpr", ClockKind::ImyNotification, Trigger::AwareAt, Length::Hours(72), gdpr, "GDPR art. 33.1"),
        rule(
            "gdpr",
            ClockKind::ImyNotificationFromDetection,
            Trigger::DetectedAt,
            Length::Hours(72),
            gdpr,
            "IMY: inom 72 timmar från upptäckt",
        ),
        rule(
            "gdpr",
            ClockKind::ImySupplement,
            Trigger::PreliminaryImyFiling,
            Length::Hours(4 * 7 * 24),
            gdpr,
            "GDPR art. 33.4; IMY: komplettering inom 4 veckor",
        ),
        rule(
            "internal",
            ClockKind::DataSubjects,
            Trigger::DecisionInformDataSubjects,
            Length::Hours(72),
            gdpr,
            "GDPR art. 34.1 (utan onödigt dröjsmål; internt mål)",
        ),
        rule(
            "internal",
            ClockKind::PoliceReport,
            Trigger::DecisionReportPolice,
            Length::Hours(24),
            gdpr,
            "Internt mål: spår försvinner",
        ),
        rule(
            "internal",
            ClockKind::ProcessorNotification,
            Trigger::ProcessorAware,
            Length::Hours(24),
            gdpr,
            "GDPR art. 33.2 (utan onödigt dröjsmål; internt mål)",
        ),
        rule(
            "cybersakerhetslagen",
            ClockKind::CsirtEarlyWarning,
            Trigger::SignificantIncident,
            Length::Hours(24),
            csl,
            "Cybersäkerhetslagen (2025:1506); NIS2 art. 23.4 a",
        ),
        rule(
            "cybersakerhetslagen",
            ClockKind::CsirtNotification,
            Trigger::SignificantIncident,
            Length::Hours(72),
            csl,
            "Cybersäkerhetslagen (2025:1506); NIS2 art. 23.4 b",
        ),
        rule(
            "cybersakerhetslagen",
            ClockKind::CsirtFinalReport,
            Trigger::CsirtNotificationFiled,
            Length::CalendarMonths(1),
            csl,
            "Cybersäkerhetslagen (2025:1506); NIS2 art. 23.4 d",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::NewDecision;
    use crate::filing::NewFiling;
    use crate::{BreachType, CaseId, CaseReference, Category, ClockState, ControllerId, NewCase};
    use chrono::{TimeDelta, TimeZone};
    use chrono_tz::Europe::Stockholm;

    fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Stockholm.with_ymd_and_hms(y, mo, d, h, mi, 0).earliest().expect("exists").with_timezone(&Utc)
    }

    fn local_text(t: Option<DateTime<Utc>>) -> String {
        t.map(|t| t.with_timezone(&Stockholm).format("%Y-%m-%d %H:%M %Z").to_string()).unwrap_or_default()
    }

    fn case(detected: DateTime<Utc>, aware: DateTime<Utc>, opened: DateTime<Utc>) -> Case {
        NewCase {
            title: Some("t".into()),
            description: Some("d".into()),
            category: Some(Category::Ransomware),
            breach_types: Some(vec![BreachType::Confidentiality]),
            detected_at: Some(detected),
            aware_at: Some(aware),
            aware_justification: Some("utredning".into()),
            controller_ids: vec![ControllerId::new()],
            ..Default::default()
        }
        .open(CaseId::new(), CaseReference::new(2024, 1), opened)
        .expect("valid")
    }

    fn decision(c: &Case, kind: DecisionKind, at: DateTime<Utc>) -> Decision {
        NewDecision { kind: Some(kind), outcome: Some(Outcome::Yes), reasons: Some("skäl".into()), exemption: None }
            .decide(c.id, None, &[], "dpo", at)
            .expect("valid")
    }

    fn filing(c: &Case, recipient: Recipient, phase: Phase, at: DateTime<Utc>) -> Filing {
        NewFiling {
            recipient: Some(recipient),
            phase: Some(phase),
            controller_id: c.controller_ids.first().copied(),
            submitted_at: Some(at),
            delay_reasons: Some("skäl".into()),
            ..Default::default()
        }
        .record(c.id, None, "{}".into(), "legal", at)
        .expect("valid")
    }

    fn clock(clocks: &[Clock], kind: ClockKind) -> &Clock {
        clocks.iter().find(|c| c.clock == kind).expect("clock present")
    }

    #[test]
    fn every_clock_follows_its_rule_across_summer_time_and_calendar_months() {
        let aware = local(2024, 3, 29, 10, 0);
        let c = case(local(2024, 3, 29, 8, 0), aware, aware);
        let decisions = [
            decision(&c, DecisionKind::InformDataSubjects, local(2024, 3, 30, 9, 0)),
            decision(&c, DecisionKind::ReportPolice, local(2024, 3, 30, 23, 30)),
            decision(&c, DecisionKind::Nis2Significant, local(2024, 3, 29, 12, 0)),
        ];
        let filings = [
            filing(&c, Recipient::Imy, Phase::Preliminary, local(2024, 3, 31, 12, 0)),
            filing(&c, Recipient::Csirt, Phase::Complete, local(2024, 1, 31, 10, 0) + TimeDelta::days(60)),
        ];
        let file =
            CaseFile { case: &c, assessment: None, high_risk_first_at: None, decisions: &decisions, filings: &filings };
        // NIS2 rules are in force from 2026; a case opened in 2024 is held to the GDPR ones only.
        let mut rules = default_rules();
        for r in &mut rules {
            r.in_force_from = local(2018, 5, 25, 0, 0);
        }
        let clocks = file.clocks(&rules, Stockholm, local(2024, 4, 1, 8, 0));
        // (clock, due in local time, state)
        let table = [
            (ClockKind::ImyNotification, "2024-04-01 11:00 CEST", ClockState::Met),
            (ClockKind::ImyNotificationFromDetection, "2024-04-01 09:00 CEST", ClockState::Met),
            (ClockKind::ImySupplement, "2024-04-28 12:00 CEST", ClockState::Running),
            (ClockKind::DataSubjects, "2024-04-02 10:00 CEST", ClockState::Running),
            (ClockKind::PoliceReport, "2024-04-01 00:30 CEST", ClockState::Missed),
            (ClockKind::CsirtEarlyWarning, "2024-03-30 10:00 CET", ClockState::Missed),
            (ClockKind::CsirtNotification, "2024-04-01 11:00 CEST", ClockState::Met),
            // 30 March 2024 10:00 CET + 1 calendar month: 30 April, summer time.
            (ClockKind::CsirtFinalReport, "2024-04-30 11:00 CEST", ClockState::Running),
        ];
        for (kind, due, state) in table {
            let got = clock(&clocks, kind);
            assert_eq!((local_text(got.due_at).as_str(), got.state), (due, state), "{kind}");
        }
    }

    #[test]
    fn a_filing_exactly_at_the_due_instant_meets_the_clock() {
        let aware = local(2024, 1, 12, 14, 20);
        let c = case(aware, aware, aware);
        let filings = [filing(&c, Recipient::Imy, Phase::Complete, aware + TimeDelta::hours(72))];
        let file = CaseFile { case: &c, assessment: None, high_risk_first_at: None, decisions: &[], filings: &filings };
        let clocks = file.clocks(&default_rules(), Stockholm, aware + TimeDelta::days(10));
        assert_eq!(clock(&clocks, ClockKind::ImyNotification).state, ClockState::Met);
        let late = [filing(&c, Recipient::Imy, Phase::Complete, aware + TimeDelta::hours(72) + TimeDelta::seconds(1))];
        let file = CaseFile { filings: &late, ..file };
        assert_eq!(
            clock(&file.clocks(&default_rules(), Stockholm, aware), ClockKind::ImyNotification).state,
            ClockState::Missed
        );
    }

    #[test]
    fn a_rule_changed_after_a_case_was_opened_applies_only_to_newer_cases() {
        let mut rules = default_rules();
        let change = local(2027, 1, 1, 0, 0);
        rules.push(DeadlineRule { length: Length::Hours(96), in_force_from: change, ..rules[0].clone() });
        let older = case(local(2026, 12, 30, 9, 0), local(2026, 12, 30, 9, 0), local(2026, 12, 30, 9, 10));
        let newer = case(local(2027, 1, 2, 9, 0), local(2027, 1, 2, 9, 0), local(2027, 1, 2, 9, 10));
        let due = |c: &Case| {
            let file = CaseFile { case: c, assessment: None, high_risk_first_at: None, decisions: &[], filings: &[] };
            let clocks = file.clocks(&rules, Stockholm, c.aware_at);
            clock(&clocks, ClockKind::ImyNotification).due_at.map(|d| (d - c.aware_at).num_hours())
        };
        assert_eq!(due(&older), Some(72));
        assert_eq!(due(&newer), Some(96));
    }

    #[test]
    fn deciding_not_to_notify_imy_stops_the_imy_clocks_until_the_assessment_contradicts_it() {
        use crate::assessment::{Conclusion, NewAssessment};
        let aware = local(2024, 1, 12, 14, 20);
        let c = case(aware - TimeDelta::hours(1), aware, aware);
        let assess = |conclusion| {
            NewAssessment {
                dpc: Some(1),
                ei: Some(0.25),
                conclusion: Some(conclusion),
                justification: Some("krypterat".into()),
                below_band_reason: Some("nyckeln röjdes inte".into()),
                ..Default::default()
            }
            .assess(c.id, "dpo", aware)
            .expect("valid")
        };
        let decide = |assessment: Option<&crate::assessment::Assessment>| {
            NewDecision {
                kind: Some(DecisionKind::NotifyImy),
                outcome: Some(Outcome::No),
                reasons: Some("ingen risk".into()),
                exemption: None,
            }
            .decide(c.id, assessment, &[], "dpo", aware)
        };
        assert!(decide(None).is_err(), "not notifying needs an assessment that concludes no risk");
        let no_risk = assess(Conclusion::NoRisk);
        let no = decide(Some(&no_risk)).expect("valid");
        let imy = |file: &CaseFile<'_>| {
            file.clocks(&default_rules(), Stockholm, aware)
                .iter()
                .filter(|c| matches!(c.clock, ClockKind::ImyNotification | ClockKind::ImyNotificationFromDetection))
                .count()
        };
        let file = CaseFile {
            case: &c,
            assessment: Some(&no_risk),
            high_risk_first_at: None,
            decisions: std::slice::from_ref(&no),
            filings: &[],
        };
        assert_eq!(imy(&file), 0);
        // The assessment is revised to high risk: the "no" no longer stands.
        let high = assess(Conclusion::HighRisk);
        let file = CaseFile { assessment: Some(&high), ..file };
        assert_eq!(imy(&file), 2);
        assert!(
            file.closing_blockers().iter().any(|b| b.contains("notify_imy (no) contradicts")),
            "{:?}",
            file.closing_blockers()
        );
        assert!(!file.not_a_breach_blockers().is_empty());
    }

    #[test]
    fn art_34_the_data_subject_clock_counts_from_the_first_high_risk_conclusion() {
        use crate::assessment::{Conclusion, NewAssessment};
        let aware = local(2024, 1, 12, 14, 20);
        let c = case(aware - TimeDelta::hours(1), aware, aware);
        let assess = |conclusion, at| {
            NewAssessment {
                dpc: Some(3),
                ei: Some(0.75),
                cb_confidentiality: Some(0.5),
                conclusion: Some(conclusion),
                justification: Some("personnummer".into()),
                ..Default::default()
            }
            .assess(c.id, "dpo", at)
            .expect("valid")
        };
        let first = aware + TimeDelta::hours(2);
        let again = assess(Conclusion::HighRisk, first + TimeDelta::days(2));
        let subjects = |file: CaseFile<'_>| {
            let clocks = file.clocks(&default_rules(), Stockholm, first + TimeDelta::days(4));
            (clock(&clocks, ClockKind::DataSubjects).starts_at, clock(&clocks, ClockKind::DataSubjects).state)
        };
        let file = CaseFile {
            case: &c,
            assessment: Some(&again),
            high_risk_first_at: Some(first),
            decisions: &[],
            filings: &[],
        };
        // The re-assessment two days later does not move the start: 72 h from the first are past.
        assert_eq!(subjects(file), (Some(first), ClockState::Missed));
        assert_eq!(subjects(CaseFile { high_risk_first_at: None, ..file }).0, Some(again.assessed_at));
        // A current assessment below high risk starts nothing, whatever was concluded before.
        let lower = assess(Conclusion::Risk, first + TimeDelta::days(2));
        assert_eq!(CaseFile { assessment: Some(&lower), ..file }.high_risk_since(), None);
    }

    #[test]
    fn closing_names_every_open_decision_and_missing_filing() {
        let aware = local(2024, 1, 12, 14, 20);
        let c = case(aware, aware, aware);
        let file = CaseFile { case: &c, assessment: None, high_risk_first_at: None, decisions: &[], filings: &[] };
        let blockers = file.closing_blockers();
        assert_eq!(
            blockers,
            [
                "the risk assessment is missing",
                "the decision notify_imy is open",
                "the decision inform_data_subjects is open",
            ]
        );
        let decisions = [decision(&c, DecisionKind::NotifyImy, aware), decision(&c, DecisionKind::ReportPolice, aware)];
        let file = CaseFile { decisions: &decisions, ..file };
        let blockers = file.closing_blockers().join("; ");
        assert!(blockers.contains("IMY notification for controller"), "{blockers}");
        assert!(blockers.contains("the police report is not recorded"), "{blockers}");
    }
}
