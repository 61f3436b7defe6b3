//! Decisions: notify IMY, inform the data subjects, report to the police, NIS2 significance.
//! Each is dated, made by a named user, with reasons; a revision is a new decision and the
//! latest of each kind is the one in force.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::assessment::{Assessment, Conclusion};
use crate::case::text_enum;
use crate::ids::CaseId;
use crate::time::normalise;
use crate::validation::{ValidationErrors, required, required_text};

text_enum!(
    /// What is decided.
    DecisionKind {
        /// Notify IMY (Art. 33)?
        NotifyImy = "notify_imy",
        /// Inform the data subjects (Art. 34)?
        InformDataSubjects = "inform_data_subjects",
        /// Report to the police?
        ReportPolice = "report_police",
        /// Is it a significant incident under the Cybersäkerhetslag (NIS2)?
        Nis2Significant = "nis2_significant",
    }
);

text_enum!(
    /// Yes or no.
    Outcome {
        /// Yes.
        Yes = "yes",
        /// No.
        No = "no",
    }
);

text_enum!(
    /// GDPR Art. 34(3): when the data subjects need not be informed despite a high risk.
    Exemption {
        /// (a) the data is unintelligible to anyone not authorised (e.g. encrypted).
        Unintelligible = "34_3_a",
        /// (b) later measures ensure the high risk is no longer likely to materialise.
        RiskRemoved = "34_3_b",
        /// (c) it would involve disproportionate effort: a public communication instead.
        DisproportionateEffort = "34_3_c",
    }
);

/// A decision on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Its id.
    pub id: uuid::Uuid,
    /// The case.
    pub case_id: CaseId,
    /// What is decided.
    pub kind: DecisionKind,
    /// The outcome.
    pub outcome: Outcome,
    /// The reasons; never empty.
    pub reasons: String,
    /// The Art. 34(3) exemption relied on, for not informing the data subjects.
    pub exemption: Option<Exemption>,
    /// Who decided.
    pub decided_by: String,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// 1 for the first decision of its kind on the case, then 2, 3, ...
    pub revision: i32,
}

/// A decision as submitted.
#[derive(Debug, Clone, Default)]
pub struct NewDecision {
    /// `decision`
    pub kind: Option<DecisionKind>,
    /// `outcome`
    pub outcome: Option<Outcome>,
    /// `reasons`
    pub reasons: Option<String>,
    /// `exemption`
    pub exemption: Option<Exemption>,
}

impl NewDecision {
    /// Checks the decision against the law and the current assessment, and dates it.
    /// `previous` are the case's earlier decisions (for the revision number).
    ///
    /// # Errors
    /// Names every missing or invalid field: not notifying IMY when the DPO concluded a risk;
    /// not informing the data subjects on a high risk without an Art. 34(3) exemption; an
    /// exemption on anything but a "no" to informing them.
    pub fn decide(
        self,
        case_id: CaseId,
        assessment: Option<&Assessment>,
        previous: &[Decision],
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Decision, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let kind = required(&mut errors, "decision", self.kind);
        let outcome = required(&mut errors, "outcome", self.outcome);
        let reasons = required_text(&mut errors, "reasons", self.reasons, 20_000);
        let (Some(kind), Some(outcome), Some(reasons)) = (kind, outcome, reasons) else { return Err(errors) };
        let conclusion = assessment.map(|a| a.conclusion);
        match (kind, outcome) {
            // Art. 33(1): only a breach "unlikely to result in a risk" may go unnotified, and
            // that is a conclusion of the assessment, so there must be one.
            (DecisionKind::NotifyImy, Outcome::No) if conclusion != Some(Conclusion::NoRisk) => {
                errors.add(
                    "outcome",
                    "IMY must be notified unless the risk assessment concludes that the breach is unlikely to result in a risk (no_risk); record or revise the assessment first",
                );
            }
            // Art. 34(1) and (3): a high risk (or one not yet assessed) means informing them
            // unless an exemption applies.
            (DecisionKind::InformDataSubjects, Outcome::No)
                if conclusion.is_none_or(|c| c == Conclusion::HighRisk) && self.exemption.is_none() =>
            {
                errors.add(
                    "exemption",
                    "is required: the assessment concludes a high risk, or none is recorded (GDPR Art. 34(3) a, b or c)",
                );
            }
            _ => {}
        }
        if self.exemption.is_some() && !(kind == DecisionKind::InformDataSubjects && outcome == Outcome::No) {
            errors.add("exemption", "applies only to a decision not to inform the data subjects");
        }
        let revision = previous.iter().filter(|d| d.kind == kind).map(|d| d.revision).max().unwrap_or(0) + 1;
        errors.into_result(Decision {
            id: uuid::Uuid::now_v7(),
            case_id,
            kind,
            outcome,
            reasons,
            exemption: self.exemption,
            decided_by: by.to_owned(),
            decided_at: normalise(now),
            revision,
        })
    }
}

/// Whether a "no" decision in force is contradicted by the current assessment (it was taken
/// before the assessment, or the assessment was revised since): such a decision counts as open.
pub fn contradicted(decision: &Decision, assessment: Option<&Assessment>) -> bool {
    let conclusion = assessment.map(|a| a.conclusion);
    match (decision.kind, decision.outcome) {
        (DecisionKind::NotifyImy, Outcome::No) => conclusion != Some(Conclusion::NoRisk),
        (DecisionKind::InformDataSubjects, Outcome::No) => {
            decision.exemption.is_none() && conclusion.is_none_or(|c| c == Conclusion::HighRisk)
        }
        _ => false,
    }
}

/// The decision of each kind in force: the latest revision.
pub fn in_force(decisions: &[Decision], kind: DecisionKind) -> Option<&Decision> {
    decisions.iter().filter(|d| d.kind == kind).max_by_key(|d| d.revision)
}

/// The first instant a decision of `kind` said yes, if any (clocks start then, and a later
/// revision does not restart them).
pub fn first_yes(decisions: &[Decision], kind: DecisionKind) -> Option<DateTime<Utc>> {
    decisions.iter().filter(|d| d.kind == kind && d.outcome == Outcome::Yes).map(|d| d.decided_at).min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::NewAssessment;

    fn assessment(conclusion: Conclusion) -> Assessment {
        NewAssessment {
            dpc: Some(4),
            ei: Some(1.0),
            cb_confidentiality: Some(0.5),
            malicious: Some(true),
            conclusion: Some(conclusion),
            justification: Some("x".into()),
            below_band_reason: Some("y".into()),
            ..Default::default()
        }
        .assess(CaseId::new(), "dpo", Utc::now())
        .expect("valid")
    }

    fn decide(
        kind: DecisionKind,
        outcome: Outcome,
        exemption: Option<Exemption>,
        c: Conclusion,
    ) -> Result<Decision, Vec<String>> {
        NewDecision { kind: Some(kind), outcome: Some(outcome), reasons: Some("skäl".into()), exemption }
            .decide(CaseId::new(), Some(&assessment(c)), &[], "dpo", Utc::now())
            .map_err(|e| e.0.into_iter().map(|f| f.field).collect())
    }

    #[test]
    fn decisions_are_checked_against_the_law_and_the_assessment() {
        use DecisionKind::*;
        use Outcome::*;
        type Row = (DecisionKind, Outcome, Option<Exemption>, Conclusion, Result<(), Vec<&'static str>>);
        let table: [Row; 8] = [
            (NotifyImy, No, None, Conclusion::NoRisk, Ok(())),
            (NotifyImy, No, None, Conclusion::Risk, Err(vec!["outcome"])),
            (NotifyImy, Yes, None, Conclusion::HighRisk, Ok(())),
            (InformDataSubjects, No, None, Conclusion::HighRisk, Err(vec!["exemption"])),
            (InformDataSubjects, No, Some(Exemption::DisproportionateEffort), Conclusion::HighRisk, Ok(())),
            (InformDataSubjects, No, None, Conclusion::Risk, Ok(())),
            (InformDataSubjects, Yes, Some(Exemption::Unintelligible), Conclusion::HighRisk, Err(vec!["exemption"])),
            (ReportPolice, Yes, Some(Exemption::RiskRemoved), Conclusion::Risk, Err(vec!["exemption"])),
        ];
        for (kind, outcome, exemption, conclusion, want) in table {
            let got = decide(kind, outcome, exemption, conclusion).map(|_| ());
            let want = want.map_err(|f| f.into_iter().map(String::from).collect::<Vec<_>>());
            assert_eq!(got, want, "{kind} {outcome} {exemption:?} {conclusion}");
        }
    }

    #[test]
    fn a_revision_counts_up_and_is_the_one_in_force() {
        let first = NewDecision {
            kind: Some(DecisionKind::ReportPolice),
            outcome: Some(Outcome::No),
            reasons: Some("a".into()),
            exemption: None,
        }
        .decide(CaseId::new(), None, &[], "dpo", Utc::now())
        .expect("valid");
        let second = NewDecision {
            kind: Some(DecisionKind::ReportPolice),
            outcome: Some(Outcome::Yes),
            reasons: Some("b".into()),
            exemption: None,
        }
        .decide(first.case_id, None, std::slice::from_ref(&first), "dpo", Utc::now())
        .expect("valid");
        assert_eq!(second.revision, 2);
        let all = [first, second.clone()];
        assert_eq!(in_force(&all, DecisionKind::ReportPolice), Some(&second));
        assert_eq!(first_yes(&all, DecisionKind::ReportPolice), Some(second.decided_at));
    }
}
