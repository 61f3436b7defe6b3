//! What a refused form says, in the page's language: the field by its label (as the form shows
//! it) and the domain's reason in words a Swede reads. The domain and the API speak English
//! (their messages are part of the API's problem documents); this is the one place that turns
//! them into Swedish. A message without a translation is shown as it is, never dropped.

use report::Lang;

use super::i18n::Texts;

/// The label of a form field, as the form shows it (`None` for a field no form shows).
pub fn label(t: &Texts, field: &str) -> Option<&'static str> {
    Some(match field {
        "title" | "action_title" => t.title,
        "description" | "evidence-description" => t.description,
        "category" | "action_category" => t.category,
        "breach_types" => t.breach_types,
        "detected_at" => t.detected_at,
        "aware_at" => t.aware_at,
        "aware_justification" => t.aware_justification,
        "occurred_from" => t.occurred_from,
        "occurred_to" => t.occurred_to,
        "occurred_at" => t.occurred_at,
        "reason" => t.change_reason,
        "detection_method" => t.detection_method,
        "affected_systems" => t.affected_systems,
        "personal_data_categories" => t.personal_data,
        "data_subject_categories" => t.data_subjects,
        "data_subjects_min" => t.data_subjects_min,
        "data_subjects_max" => t.data_subjects_max,
        "likely_consequences" => t.likely_consequences,
        "status" => t.new_status,
        "not_a_breach_reason" => t.not_a_breach_reason,
        "kind" => t.kind,
        "text" => t.text,
        "owner" => t.owner,
        "dpc" => t.dpc,
        "ei" => t.ei,
        "cb_confidentiality" => t.cb_confidentiality,
        "cb_integrity" => t.cb_integrity,
        "cb_availability" => t.cb_availability,
        "malicious" => t.malicious,
        "conclusion" => t.conclusion,
        "justification" => t.justification,
        "below_band_reason" => t.below_band_reason,
        "decision" => t.decision,
        "outcome" => t.outcome,
        "reasons" => t.reasons,
        "exemption" => t.exemption,
        "recipient" => t.recipient,
        "phase" => t.phase,
        "controller_id" => t.controller,
        "controller_ids" => t.controllers,
        "submitted_at" => t.submitted_at,
        "reference" => t.external_reference,
        "channel" => t.channel,
        "delay_reasons" => t.delay_reasons,
        "pdf_sha256" => t.pdf_sha256,
        "signatory" => t.police_signatory,
        "technical_details" => t.police_technical,
        "attacker_traces" => t.police_traces,
        "evidence_custody" => t.police_custody,
        "damage" => t.police_damage,
        "ransom_demand" => t.police_ransom,
        "suspects" => t.police_suspects,
        "dpo_name" => t.dpo_name,
        "dpo_email" => t.dpo_email,
        "dpo_phone" => t.dpo_phone,
        "time_zone" => t.time_zone,
        "name" | "user_name" => t.name,
        "org_name" => t.org_name,
        "email" => t.email,
        "password" => t.password,
        "current_password" => t.current_password,
        "new_password" => t.new_password,
        "repeat_password" => t.repeat_password,
        "role" => t.role,
        "organisation_number" => t.organisation_number,
        "postal_address" => t.postal_address,
        _ => return None,
    })
}

/// Whole messages, English → Swedish.
const EXACT: &[(&str, &str)] = &[
    ("is required", "måste fyllas i"),
    ("must not be empty", "får inte vara tomt"),
    ("must not be in the future", "får inte ligga i framtiden"),
    ("must be a whole number", "måste vara ett heltal"),
    ("min must not be greater than max", "minsta antal får inte vara större än högsta"),
    ("must be 1, 2, 3 or 4", "måste vara 1, 2, 3 eller 4"),
    ("must be 64 hexadecimal digits", "måste vara 64 hexadecimala tecken"),
    ("must be an e-mail address", "måste vara en e-postadress"),
    ("is not an e-mail address", "är inte en e-postadress"),
    ("already has an account", "har redan ett konto"),
    ("is not a date and time", "är inte ett datum med klockslag"),
    (
        "is a leap second (second 60), which cannot be stored the same way in every database; give second 59",
        "är en skottsekund (sekund 60), som inte kan sparas likadant i alla databaser; ange sekund 59",
    ),
    ("choose a status", "välj en status"),
    ("unknown status", "okänd status"),
    ("is not a controller of this case", "är inte personuppgiftsansvarig i detta ärende"),
    ("names no entry of this case", "pekar inte på någon händelse i detta ärende"),
    ("is required when the status is not_a_breach", "måste fyllas i när ärendet inte är en personuppgiftsincident"),
    (
        "applies only to a decision not to inform the data subjects",
        "gäller bara ett beslut att inte informera de registrerade",
    ),
    ("must be an IANA time zone such as Europe/Stockholm", "måste vara en tidszon, till exempel Europe/Stockholm"),
    ("must be ten digits written NNNNNN-NNNN", "måste vara tio siffror skrivna NNNNNN-NNNN"),
    (
        "the third digit must be 2 or more (a personnummer is not an organisation number)",
        "tredje siffran måste vara 2 eller högre (ett personnummer är inte ett organisationsnummer)",
    ),
    (
        "name at least one of confidentiality, integrity, availability",
        "välj minst en: konfidentialitet, riktighet, tillgänglighet",
    ),
    (
        "is required: the notification is submitted after the 72-hour deadline (GDPR Art. 33(1))",
        "måste fyllas i: anmälan lämnas efter 72-timmarsfristen (art. 33.1 GDPR)",
    ),
    (
        "is required: the assessment concludes a high risk, or none is recorded (GDPR Art. 34(3) a, b or c)",
        "måste fyllas i: bedömningen visar hög risk, eller saknas (art. 34.3 a, b eller c GDPR)",
    ),
    (
        "is required: the case has several controllers and IMY is notified per controller",
        "måste fyllas i: ärendet har flera personuppgiftsansvariga och IMY underrättas för var och en",
    ),
    (
        "is required: aware_at or detected_at changes after something was filed (say why; the record keeps it)",
        "måste fyllas i: kännedom eller upptäckt ändras efter en inlämning (säg varför; det sparas)",
    ),
    (
        "is required when aware_at is more than 24 hours after detected_at (WP250: the investigation before awareness must be short)",
        "måste fyllas i när kännedom ligger mer än 24 timmar efter upptäckt (WP250: utredningen före kännedom ska vara kort)",
    ),
    (
        "no IMY notification is recorded for this controller: a supplement needs one to compare with",
        "ingen anmälan till IMY är registrerad för denna personuppgiftsansvariga: en komplettering kräver en",
    ),
    ("the risk assessment is missing", "riskbedömningen saknas"),
    ("the IMY notification is not recorded", "anmälan till IMY är inte registrerad"),
    (
        "the IMY notification was preliminary and its supplement is not recorded",
        "anmälan till IMY var preliminär och kompletteringen är inte registrerad",
    ),
    ("filings are recorded", "inlämningar är registrerade"),
];

/// Messages with one varying part `{}`, English → Swedish; the part is translated too.
const WITH_PART: &[(&str, &str)] = &[
    ("must be at most {} characters", "får vara högst {} tecken"),
    ("must be at least {} characters", "måste vara minst {} tecken"),
    ("must be one of {}", "måste vara ett av valen"),
    ("must not be before {}", "får inte ligga före {}"),
    ("must not be after {}", "får inte ligga efter {}"),
    ("the check digit is wrong (expected {})", "kontrollsiffran stämmer inte (den borde vara {})"),
    ("the case cannot be closed: {}", "ärendet kan inte stängas: {}"),
    ("the case cannot be {}", "ärendets status kan inte ändras: {}"),
    ("the decision {} is open", "beslutet {} är inte fattat"),
    ("the risk assessment concludes {}", "riskbedömningen visar {}"),
    ("the IMY notification for controller {} is not recorded", "anmälan till IMY för {} är inte registrerad"),
    ("{} is not recorded", "{} är inte registrerad"),
];

/// `message` in the page's language.
pub fn translate(message: &str, lang: Lang, t: &Texts) -> String {
    match lang {
        Lang::En => message.to_owned(),
        Lang::Sv => swedish(message, t).unwrap_or_else(|| message.to_owned()),
    }
}

fn swedish(message: &str, t: &Texts) -> Option<String> {
    if let Some((_, sv)) = EXACT.iter().find(|(en, _)| *en == message) {
        return Some((*sv).to_owned());
    }
    for (en, sv) in WITH_PART {
        let Some((before, after)) = en.split_once("{}") else { continue };
        let Some(part) = message.strip_prefix(before).and_then(|rest| rest.strip_suffix(after)) else { continue };
        if part.is_empty() {
            continue;
        }
        // A list of reasons ("a; b") is translated reason by reason; a field named in the
        // message is named by its label.
        let part = part
            .split("; ")
            .map(|piece| match label(t, piece) {
                Some(l) => lower_first(l),
                None => swedish(piece, t).unwrap_or_else(|| piece.to_owned()),
            })
            .collect::<Vec<_>>()
            .join("; ");
        return Some(sv.replace("{}", &part));
    }
    None
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::SV;

    #[test]
    fn refusals_read_as_swedish_with_fields_by_their_labels() {
        let table = [
            ("is required", "måste fyllas i"),
            ("must be at most 200 characters", "får vara högst 200 tecken"),
            ("must not be before detected_at", "får inte ligga före upptäcktes"),
            ("the check digit is wrong (expected 1)", "kontrollsiffran stämmer inte (den borde vara 1)"),
            (
                "the case cannot be closed: the risk assessment is missing; the IMY notification is not recorded",
                "ärendet kan inte stängas: riskbedömningen saknas; anmälan till IMY är inte registrerad",
            ),
            ("something new the table does not know", "something new the table does not know"),
        ];
        for (en, sv) in table {
            assert_eq!(translate(en, Lang::Sv, &SV), sv, "{en}");
            assert_eq!(translate(en, Lang::En, &SV), en);
        }
        assert_eq!(label(&SV, "detected_at"), Some("Upptäcktes"));
        assert_eq!(label(&SV, "no_such_field"), None);
    }
}
