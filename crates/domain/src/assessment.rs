//! The risk assessment: the ENISA 2013 severity score with every input kept, and the DPO's own
//! conclusion with its justification.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::case::text_enum;
use crate::ids::CaseId;
use crate::time::normalise;
use crate::validation::{ValidationErrors, checked_text, required, required_text};

text_enum!(
    /// The DPO's conclusion on the risk to the data subjects (GDPR Art. 33(1), 34(1)).
    Conclusion {
        /// Unlikely to result in a risk: IMY need not be notified (the reasons are recorded).
        NoRisk = "no_risk",
        /// A risk: notify IMY.
        Risk = "risk",
        /// A high risk: also inform the data subjects (Art. 34).
        HighRisk = "high_risk",
    }
);

text_enum!(
    /// ENISA's severity bands.
    SeverityBand {
        /// SE < 2: no or few inconveniences.
        Low = "low",
        /// 2 <= SE < 3: significant inconveniences.
        Medium = "medium",
        /// 3 <= SE < 4: significant consequences.
        High = "high",
        /// SE >= 4: serious or irreversible consequences.
        VeryHigh = "very_high",
    }
);

impl SeverityBand {
    /// The band of a severity score.
    pub fn of(score: f64) -> SeverityBand {
        BAND_FLOORS.iter().rev().find(|(floor, _)| score >= *floor).map_or(SeverityBand::Low, |(_, band)| *band)
    }

    /// The conclusion the band points to; a lower conclusion must say why.
    pub fn implied_conclusion(self) -> Conclusion {
        match self {
            SeverityBand::Low => Conclusion::NoRisk,
            SeverityBand::Medium => Conclusion::Risk,
            SeverityBand::High | SeverityBand::VeryHigh => Conclusion::HighRisk,
        }
    }
}

/// ENISA 2013: where each band begins (SE < 2 low, 2 ≤ SE < 3 medium, 3 ≤ SE < 4 high, 4 ≤ SE
/// very high), lowest first. The web page's live score reads its bands from here.
pub const BAND_FLOORS: [(f64, SeverityBand); 4] = [
    (f64::NEG_INFINITY, SeverityBand::Low),
    (2.0, SeverityBand::Medium),
    (3.0, SeverityBand::High),
    (4.0, SeverityBand::VeryHigh),
];

/// Ease of identification: ENISA's four levels.
pub const EASE_OF_IDENTIFICATION: [f64; 4] = [0.25, 0.5, 0.75, 1.0];
/// Circumstances of breach for confidentiality, integrity and availability: 0, +0.25 or +0.5.
pub const CIRCUMSTANCE_STEPS: [f64; 3] = [0.0, 0.25, 0.5];
/// Malicious intent adds 0.5.
pub const MALICIOUS_BONUS: f64 = 0.5;

/// A stored assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// The case assessed.
    pub case_id: CaseId,
    /// Data processing context, 1 to 4.
    pub dpc: u8,
    /// Ease of identification: 0.25, 0.5, 0.75 or 1.
    pub ei: f64,
    /// Circumstances: loss of confidentiality (0, 0.25, 0.5).
    pub cb_confidentiality: f64,
    /// Circumstances: loss of integrity.
    pub cb_integrity: f64,
    /// Circumstances: loss of availability.
    pub cb_availability: f64,
    /// Malicious intent (+0.5).
    pub malicious: bool,
    /// The DPO's conclusion.
    pub conclusion: Conclusion,
    /// Why; never empty.
    pub justification: String,
    /// Why the score overstates the risk, when the conclusion is below the score's band.
    pub below_band_reason: Option<String>,
    /// SE = DPC x EI + CB.
    pub score: f64,
    /// The band of the score.
    pub band: SeverityBand,
    /// Who assessed.
    pub assessed_by: String,
    /// When.
    pub assessed_at: DateTime<Utc>,
}

/// An assessment as submitted.
#[derive(Debug, Clone, Default)]
pub struct NewAssessment {
    /// `dpc`
    pub dpc: Option<u8>,
    /// `ei`
    pub ei: Option<f64>,
    /// `cb_confidentiality`
    pub cb_confidentiality: Option<f64>,
    /// `cb_integrity`
    pub cb_integrity: Option<f64>,
    /// `cb_availability`
    pub cb_availability: Option<f64>,
    /// `malicious`
    pub malicious: Option<bool>,
    /// `conclusion`
    pub conclusion: Option<Conclusion>,
    /// `justification`
    pub justification: Option<String>,
    /// `below_band_reason`
    pub below_band_reason: Option<String>,
}

/// ENISA 2013: SE = DPC x EI + CB.
pub fn severity_score(dpc: u8, ei: f64, cb: [f64; 3], malicious: bool) -> f64 {
    f64::from(dpc) * ei + cb.iter().sum::<f64>() + if malicious { MALICIOUS_BONUS } else { 0.0 }
}

fn one_of(errors: &mut ValidationErrors, field: &str, value: Option<f64>, allowed: &[f64]) -> Option<f64> {
    let value = value.unwrap_or(0.0);
    if allowed.contains(&value) {
        Some(value)
    } else {
        errors.add(field, format!("must be one of {allowed:?}"));
        None
    }
}

impl NewAssessment {
    /// Validates the inputs, computes the score and checks the conclusion against it.
    ///
    /// # Errors
    /// Names every missing or invalid field; a conclusion below the score's band without
    /// `below_band_reason` is refused on that field.
    pub fn assess(self, case_id: CaseId, by: &str, now: DateTime<Utc>) -> Result<Assessment, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let dpc = required(&mut errors, "dpc", self.dpc).filter(|d| {
            let ok = (1..=4).contains(d);
            if !ok {
                errors.add("dpc", "must be 1, 2, 3 or 4");
            }
            ok
        });
        let ei = required(&mut errors, "ei", self.ei)
            .and_then(|ei| one_of(&mut errors, "ei", Some(ei), &EASE_OF_IDENTIFICATION));
        let c = one_of(&mut errors, "cb_confidentiality", self.cb_confidentiality, &CIRCUMSTANCE_STEPS);
        let i = one_of(&mut errors, "cb_integrity", self.cb_integrity, &CIRCUMSTANCE_STEPS);
        let a = one_of(&mut errors, "cb_availability", self.cb_availability, &CIRCUMSTANCE_STEPS);
        let conclusion = required(&mut errors, "conclusion", self.conclusion);
        let justification = required_text(&mut errors, "justification", self.justification, 20_000);
        let below_band_reason =
            self.below_band_reason.and_then(|r| checked_text(&mut errors, "below_band_reason", r, 20_000));
        let malicious = self.malicious.unwrap_or(false);
        let (Some(dpc), Some(ei), Some(c), Some(i), Some(a), Some(conclusion), Some(justification)) =
            (dpc, ei, c, i, a, conclusion, justification)
        else {
            return Err(errors);
        };
        let score = severity_score(dpc, ei, [c, i, a], malicious);
        let band = SeverityBand::of(score);
        if conclusion < band.implied_conclusion() && below_band_reason.is_none() {
            errors.add(
                "below_band_reason",
                format!(
                    "is required: the conclusion {conclusion} is below what the severity band {band} (score {score}) points to; say why the score overstates the risk"
                ),
            );
        }
        errors.into_result(Assessment {
            case_id,
            dpc,
            ei,
            cb_confidentiality: c,
            cb_integrity: i,
            cb_availability: a,
            malicious,
            conclusion,
            justification,
            below_band_reason,
            score,
            band,
            assessed_by: by.to_owned(),
            assessed_at: normalise(now),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_and_bands_follow_enisa() {
        // (dpc, ei, [c, i, a], malicious, score, band)
        let table = [
            (1, 0.25, [0.0, 0.0, 0.0], false, 0.25, SeverityBand::Low),
            (2, 1.0, [0.0, 0.0, 0.0], false, 2.0, SeverityBand::Medium),
            (3, 0.75, [0.25, 0.0, 0.0], false, 2.5, SeverityBand::Medium),
            (3, 1.0, [0.0, 0.0, 0.0], false, 3.0, SeverityBand::High),
            // Bjuv: personnummer (DPC 3), fully identifiable, confidentiality and availability, malicious.
            (3, 1.0, [0.5, 0.0, 0.25], true, 4.25, SeverityBand::VeryHigh),
            (4, 1.0, [0.5, 0.5, 0.5], true, 6.0, SeverityBand::VeryHigh),
        ];
        for (dpc, ei, cb, malicious, score, band) in table {
            let s = severity_score(dpc, ei, cb, malicious);
            assert_eq!(s, score);
            assert_eq!(SeverityBand::of(s), band, "{s}");
        }
    }

    fn input(conclusion: Conclusion) -> NewAssessment {
        NewAssessment {
            dpc: Some(3),
            ei: Some(1.0),
            cb_confidentiality: Some(0.5),
            cb_integrity: Some(0.0),
            cb_availability: Some(0.25),
            malicious: Some(true),
            conclusion: Some(conclusion),
            justification: Some("Personnummer kan ha exfiltrerats; angriparen hotar med publicering.".into()),
            below_band_reason: None,
        }
    }

    #[test]
    fn a_conclusion_below_the_band_needs_a_reason() {
        let err = input(Conclusion::Risk).assess(CaseId::new(), "dpo", Utc::now()).expect_err("below band");
        assert_eq!(err.0[0].field, "below_band_reason");
        let ok =
            NewAssessment { below_band_reason: Some("Uppgifterna var krypterade.".into()), ..input(Conclusion::Risk) }
                .assess(CaseId::new(), "dpo", Utc::now())
                .expect("with reason");
        assert_eq!(ok.band, SeverityBand::VeryHigh);
        assert!(input(Conclusion::HighRisk).assess(CaseId::new(), "dpo", Utc::now()).is_ok());
    }

    #[test]
    fn inputs_outside_enisa_values_are_named() {
        let err = NewAssessment {
            dpc: Some(5),
            ei: Some(0.3),
            cb_integrity: Some(1.0),
            justification: Some(" ".into()),
            ..input(Conclusion::Risk)
        }
        .assess(CaseId::new(), "dpo", Utc::now())
        .expect_err("bad");
        let fields: Vec<_> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["dpc", "ei", "cb_integrity", "justification"]);
    }
}
