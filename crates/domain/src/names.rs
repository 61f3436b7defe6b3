//! The Swedish and English names of every value the domain knows, for people: the web UI, the
//! PDF drafts, the CSV register, reminders and the texts breachdesk writes on the timeline. One
//! table: each value's Swedish and English name side by side, and, where a draft needs it, a
//! longer explanatory wording beside them.

use crate::assessment::{Conclusion, SeverityBand};
use crate::case::{Cause, DataSubjectCategory, PersonalDataCategory};
use crate::decision::{DecisionKind, Exemption, Outcome};
use crate::filing::{Phase, Recipient};
use crate::inquiry::InquiryStatus;
use crate::staff_report::ReportStatus;
use crate::{ActionCategory, ActionStatus, BreachType, CaseStatus, Category, ClockKind, ClockState, EntryKind, Role};

/// The languages breachdesk speaks: Swedish first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// Swedish (the default: IMY's e-service and the municipality work in Swedish).
    #[default]
    Sv,
    /// English.
    En,
}

impl Language {
    /// Every language, Swedish first.
    pub const ALL: &'static [Language] = &[Language::Sv, Language::En];

    /// Parses `sv` or `en` (case-insensitive, surrounding white space ignored).
    pub fn parse(text: &str) -> Option<Language> {
        match text.trim().to_ascii_lowercase().as_str() {
            "sv" => Some(Language::Sv),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    /// The language code, `sv` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Sv => "sv",
            Language::En => "en",
        }
    }

    /// `sv` in Swedish, `en` in English.
    pub fn pick<T>(self, sv: T, en: T) -> T {
        match self {
            Language::Sv => sv,
            Language::En => en,
        }
    }
}

/// The months as running text names them, January first (Swedish in lower case, as Swedish
/// writes them).
pub const MONTHS: [(&str, &str); 12] = [
    ("januari", "January"),
    ("februari", "February"),
    ("mars", "March"),
    ("april", "April"),
    ("maj", "May"),
    ("juni", "June"),
    ("juli", "July"),
    ("augusti", "August"),
    ("september", "September"),
    ("oktober", "October"),
    ("november", "November"),
    ("december", "December"),
];

/// The name of month `month0` (0 = January) in `lang`; `None` beyond December.
pub fn month_name(month0: usize, lang: Language) -> Option<&'static str> {
    MONTHS.get(month0).map(|(sv, en)| lang.pick(*sv, *en))
}

/// A value with a name for people in each language.
pub trait Named: Copy {
    /// The Swedish and the English name: short enough for a table cell or a select option.
    fn names(self) -> (&'static str, &'static str);

    /// The Swedish and the English explanatory wording the drafts use (a breach type with what
    /// it means, an exemption with its article); the name where the value has none.
    fn long_names(self) -> (&'static str, &'static str) {
        self.names()
    }

    /// The name in `lang`.
    fn name(self, lang: Language) -> &'static str {
        let (sv, en) = self.names();
        lang.pick(sv, en)
    }

    /// The explanatory wording in `lang` (see [`Named::long_names`]).
    fn long_name(self, lang: Language) -> &'static str {
        let (sv, en) = self.long_names();
        lang.pick(sv, en)
    }

    /// The Swedish name.
    fn sv(self) -> &'static str {
        self.names().0
    }
}

/// `names!(Type { Variant => "sv", "en"; ... })`, optionally with
/// `Variant => "sv", "en", long: "long sv", "long en";` for a value the drafts explain.
macro_rules! names {
    (@long $short:tt) => { $short };
    (@long $short:tt $long:tt) => { $long };
    ($ty:ty { $($variant:ident => $sv:literal, $en:literal $(, long: $lsv:literal, $len:literal)?;)+ }) => {
        impl Named for $ty {
            fn names(self) -> (&'static str, &'static str) {
                match self { $(<$ty>::$variant => ($sv, $en)),+ }
            }

            fn long_names(self) -> (&'static str, &'static str) {
                match self { $(<$ty>::$variant => names!(@long ($sv, $en) $(($lsv, $len))?)),+ }
            }
        }
    };
}

names!(Category {
    Ransomware => "Utpressningsattack (ransomware)", "Ransomware (extortion)";
    Intrusion => "Intrång i system", "Intrusion into systems";
    Phishing => "Nätfiske eller stulna inloggningsuppgifter", "Phishing or stolen credentials";
    Misdirected => "Felskickad e-post eller post", "Misdirected e-mail or mail";
    LostDevice => "Förlorad eller stulen enhet", "Lost or stolen device";
    UnauthorisedAccess => "Obehörig åtkomst av personal", "Unauthorised access by staff";
    AccidentalPublication => "Oavsiktlig publicering", "Accidental publication";
    Other => "Annat", "Other";
});
names!(BreachType {
    Confidentiality => "Konfidentialitet", "Confidentiality",
        long: "Konfidentialitet (obehörigt röjande eller åtkomst)", "Confidentiality (unauthorised disclosure or access)";
    Integrity => "Riktighet", "Integrity",
        long: "Riktighet (obehörig ändring)", "Integrity (unauthorised alteration)";
    Availability => "Tillgänglighet", "Availability",
        long: "Tillgänglighet (förlust av åtkomst eller förstörelse)", "Availability (loss of access or destruction)";
});
names!(CaseStatus {
    Triage => "Inledande bedömning", "Triage";
    Investigating => "Under utredning", "Investigating";
    Contained => "Begränsad", "Contained";
    Closed => "Avslutad", "Closed";
    NotABreach => "Inte en personuppgiftsincident", "Not a breach";
});
names!(ClockKind {
    ImyNotification => "Anmälan till IMY (72 h från kännedom)", "IMY notification (72 h from awareness)";
    ImyNotificationFromDetection => "Anmälan till IMY (72 h från upptäckt)", "IMY notification (72 h from detection)";
    ImySupplement => "Komplettering till IMY (4 veckor)", "IMY supplement (4 weeks)";
    DataSubjects => "Information till registrerade", "Inform data subjects";
    CsirtEarlyWarning => "CSIRT: tidig varning (24 h)", "CSIRT early warning (24 h)";
    CsirtNotification => "CSIRT: incidentanmälan (72 h)", "CSIRT incident notification (72 h)";
    CsirtFinalReport => "CSIRT: slutrapport (1 månad)", "CSIRT final report (1 month)";
    PoliceReport => "Polisanmälan", "Police report";
    InquiryAnswer => "Svar på förfrågan", "Answer to inquiry";
    ProcessorNotification => "Besked till personuppgiftsansvarig (art. 33.2)", "Notice to the controller (Art. 33(2))";
});
names!(Cause {
    Attack => "Antagonistiskt angrepp", "Antagonistic attack";
    HumanError => "Mänskligt misstag", "Human error";
    TechnicalFault => "Tekniskt fel", "Technical fault";
    Other => "Annan orsak", "Other cause";
});
names!(InquiryStatus {
    Received => "Mottagen", "Received";
    Extended => "Förlängd", "Extended";
    Answered => "Besvarad", "Answered";
    Closed => "Avslutad", "Closed";
    HandledElsewhere => "Hanteras i annat ärende", "Handled elsewhere";
});
names!(ReportStatus {
    Waiting => "Väntar", "Waiting";
    CaseOpened => "Ärende öppnat", "Case opened";
    Dismissed => "Avfärdad", "Dismissed";
});
names!(ClockState {
    NotStarted => "Ej startad", "Not started";
    Running => "Löper", "Running";
    Met => "Uppfylld", "Met";
    // The same word as the pages' and reminders' "FÖRSENAD" beside a countdown: one name.
    Missed => "Försenad", "Overdue";
});
names!(EntryKind {
    Detection => "Upptäckt", "Detection";
    Containment => "Begränsning", "Containment";
    Eradication => "Undanröjande", "Eradication";
    Recovery => "Återställning", "Recovery";
    Communication => "Kommunikation", "Communication";
    Notification => "Anmälan", "Notification";
    Decision => "Beslut", "Decision";
    Evidence => "Bevissäkring", "Evidence";
    Note => "Anteckning", "Note";
    StatusChange => "Statusändring", "Status change";
});
names!(ActionCategory {
    Contain => "Begränsa", "Contain";
    Recover => "Återställ", "Recover";
    Notify => "Anmäl/informera", "Notify";
    Prevent => "Förebygg", "Prevent";
});
names!(ActionStatus {
    Planned => "Planerad", "Planned";
    InProgress => "Pågår", "In progress";
    Done => "Klar", "Done";
    Cancelled => "Avbruten", "Cancelled";
});
names!(DecisionKind {
    NotifyImy => "Anmäla till IMY?", "Notify IMY?";
    InformDataSubjects => "Informera de registrerade?", "Inform the data subjects?";
    ReportPolice => "Polisanmäla?", "Report to the police?";
    Nis2Significant => "Betydande incident (cybersäkerhetslagen)?", "Significant incident (Cybersecurity Act)?";
});
names!(Outcome {
    Yes => "Ja", "Yes";
    No => "Nej", "No";
});

/// A yes-or-no fact (cross-border, processor involved, malicious) reads as a decision's outcome.
impl Named for bool {
    fn names(self) -> (&'static str, &'static str) {
        if self { Outcome::Yes } else { Outcome::No }.names()
    }
}
// GDPR Art. 34(3): the Swedish wording follows the Swedish text of the regulation
// ("obegripliga för alla personer som inte är behöriga").
names!(Exemption {
    Unintelligible => "a) Uppgifterna är obegripliga för obehöriga", "(a) Data unintelligible",
        long: "Art. 34.3 a: uppgifterna var obegripliga för obehöriga (t.ex. krypterade)",
              "Art. 34(3)(a): the data were unintelligible to anyone not authorised (e.g. encrypted)";
    RiskRemoved => "b) Senare åtgärder undanröjer den höga risken", "(b) Later measures remove the high risk",
        long: "Art. 34.3 b: senare åtgärder gör att den höga risken inte längre är sannolik",
              "Art. 34(3)(b): subsequent measures ensure the high risk is no longer likely to materialise";
    DisproportionateEffort => "c) Oproportionerlig ansträngning – offentlig information", "(c) Disproportionate effort – public communication",
        long: "Art. 34.3 c: information till var och en skulle kräva oproportionerligt stor ansträngning; ett offentligt meddelande lämnas i stället",
              "Art. 34(3)(c): informing each person would involve disproportionate effort; a public communication is made instead";
});
// The CSIRT is named by its role, not as CERT-SE: which body receives the reports is
// configuration with dates in force (DESIGN.md, "Deadlines").
names!(Recipient {
    Imy => "IMY", "IMY";
    Police => "Polisen", "Police";
    DataSubjects => "De registrerade", "Data subjects";
    Public => "Allmänheten", "The public";
    Csirt => "CSIRT", "CSIRT";
    Controller => "Personuppgiftsansvarig", "Controller";
});
names!(Phase {
    Preliminary => "Preliminär anmälan", "Preliminary notification",
        long: "Preliminär anmälan – kompletteras när uppgifterna är kända (art. 33.4)",
              "Preliminary notification – to be supplemented when the facts are known (Art. 33(4))";
    Complete => "Fullständig anmälan", "Complete notification";
    Supplement => "Komplettering", "Supplement";
    Final => "Slutrapport", "Final report";
});
names!(Conclusion {
    NoRisk => "Ingen risk (osannolikt att medföra en risk)", "No risk (unlikely to result in a risk)";
    Risk => "Risk", "Risk";
    HighRisk => "Hög risk", "High risk";
});
names!(SeverityBand {
    Low => "Låg", "Low";
    Medium => "Medel", "Medium";
    High => "Hög", "High";
    VeryHigh => "Mycket hög", "Very high";
});
// The special categories carry their article (GDPR Art. 9 and 10) wherever they are shown.
names!(PersonalDataCategory {
    Identity => "Identitetsuppgifter (namn m.m.)", "Identity data (name etc.)";
    Personnummer => "Personnummer", "Personal identity numbers (personnummer)";
    Contact => "Kontaktuppgifter", "Contact details";
    Financial => "Ekonomiska uppgifter", "Financial data";
    OfficialDocuments => "Id-handlingar (id-kort, pass)", "Identity documents (ID cards, passports)";
    Location => "Platsuppgifter", "Location data";
    CommunicationLogs => "Kommunikations- och loggdata", "Communication and log data";
    Credentials => "Inloggningsuppgifter (användarnamn och lösenord)", "Credentials (user names and passwords)";
    SecrecyOsl => "Uppgifter som omfattas av sekretess (OSL)", "Data under secrecy (OSL)";
    ProtectedIdentity => "Skyddade personuppgifter (skyddad identitet)", "Protected personal data (protected identity)";
    Health => "Hälsa (art. 9)", "Health (Art. 9)";
    EthnicOrigin => "Etniskt ursprung (art. 9)", "Racial or ethnic origin (Art. 9)";
    PoliticalOpinions => "Politiska åsikter (art. 9)", "Political opinions (Art. 9)";
    Religion => "Religiös eller filosofisk övertygelse (art. 9)", "Religious or philosophical beliefs (Art. 9)";
    UnionMembership => "Medlemskap i fackförening (art. 9)", "Trade union membership (Art. 9)";
    SexLife => "Sexualliv eller sexuell läggning (art. 9)", "Sex life or sexual orientation (Art. 9)";
    Genetic => "Genetiska uppgifter (art. 9)", "Genetic data (Art. 9)";
    Biometric => "Biometriska uppgifter (art. 9)", "Biometric data (Art. 9)";
    CriminalOffences => "Lagöverträdelser (art. 10)", "Criminal convictions and offences (Art. 10)";
});
names!(DataSubjectCategory {
    Residents => "Invånare", "Residents";
    Employees => "Anställda", "Employees";
    Pupils => "Elever och barn", "Pupils and children";
    Patients => "Patienter och omsorgstagare", "Patients and care recipients";
    SocialServicesClients => "Klienter inom socialtjänsten", "Social-services clients";
    ElectedOfficials => "Förtroendevalda", "Elected officials";
    Other => "Övriga", "Others";
});
names!(Role {
    Admin => "Administratör", "Administrator";
    Dpo => "Dataskyddsombud", "Data protection officer";
    Handler => "Handläggare", "Incident handler";
    Management => "Ledning", "Management";
    Legal => "Jurist/registrator", "Legal";
    Viewer => "Läsare", "Viewer";
});

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::fmt::Debug;

    use super::*;

    /// The names that are the same word in Swedish and English.
    const SAME_IN_BOTH: [&str; 3] = ["IMY", "CSIRT", "Risk"];

    /// Every check on one enum's values; returns how many values it looked at.
    fn check<T: Named + Debug>(all: &[T]) -> usize {
        let mut seen: Vec<HashSet<&str>> = vec![HashSet::new(); 4];
        for value in all {
            let (sv, en) = value.names();
            let (long_sv, long_en) = value.long_names();
            for (i, text) in [sv, en, long_sv, long_en].into_iter().enumerate() {
                assert!(!text.trim().is_empty(), "{value:?} has an empty name");
                assert_eq!(text, text.trim(), "{value:?}: white space around {text:?}");
                assert!(seen[i].insert(text), "{value:?}: {text:?} names two values");
            }
            for text in [sv, long_sv] {
                assert!(!text.contains('?') || text.ends_with('?'), "{value:?}: {text:?}");
            }
            if sv == en {
                assert!(SAME_IN_BOTH.contains(&sv), "{value:?}: the English name is the Swedish {sv:?}");
            }
            for text in [en, long_en] {
                assert!(!text.contains(['å', 'ä', 'ö', 'Å', 'Ä', 'Ö']), "{value:?}: {text:?} is not English");
            }
            assert_eq!(value.name(Language::Sv), sv);
            assert_eq!(value.name(Language::En), en);
            assert_eq!(value.long_name(Language::Sv), long_sv);
            assert_eq!(value.long_name(Language::En), long_en);
            assert_eq!(value.sv(), sv);
        }
        all.len()
    }

    #[test]
    fn every_value_of_every_enum_shown_to_people_has_a_distinct_swedish_and_english_name() {
        let checked = [
            check(Category::ALL),
            check(BreachType::ALL),
            check(CaseStatus::ALL),
            check(ClockKind::ALL),
            check(ClockState::ALL),
            check(EntryKind::ALL),
            check(ActionCategory::ALL),
            check(ActionStatus::ALL),
            check(DecisionKind::ALL),
            check(Outcome::ALL),
            check(Exemption::ALL),
            check(Recipient::ALL),
            check(Phase::ALL),
            check(Conclusion::ALL),
            check(SeverityBand::ALL),
            check(PersonalDataCategory::ALL),
            check(DataSubjectCategory::ALL),
            check(Role::ALL),
            check(Cause::ALL),
        ];
        assert_eq!(
            checked.iter().sum::<usize>(),
            8 + 3 + 5 + 10 + 4 + 10 + 4 + 4 + 4 + 2 + 3 + 6 + 4 + 3 + 4 + 19 + 7 + 6 + 4
        );
    }

    #[test]
    fn the_drafts_explain_breach_types_and_exemptions_beyond_their_short_names() {
        for t in BreachType::ALL {
            assert!(t.long_name(Language::Sv).starts_with(t.name(Language::Sv)), "{t:?}");
            assert!(t.long_name(Language::En).starts_with(t.name(Language::En)), "{t:?}");
            assert_ne!(t.long_names(), t.names(), "{t:?}");
        }
        assert_eq!(Exemption::DisproportionateEffort.long_name(Language::Sv).get(..11), Some("Art. 34.3 c"));
        assert_eq!(Exemption::Unintelligible.long_name(Language::En).get(..13), Some("Art. 34(3)(a)"));
        assert_eq!(Category::Ransomware.long_names(), Category::Ransomware.names(), "no long form: the name");
    }

    #[test]
    fn languages_parse_from_their_codes() {
        for lang in Language::ALL {
            assert_eq!(Language::parse(lang.as_str()), Some(*lang));
        }
        assert_eq!(Language::parse(" EN "), Some(Language::En));
        assert_eq!(Language::parse("de"), None);
        assert_eq!(Language::default(), Language::Sv);
        assert_eq!(Language::En.pick("ja", "yes"), "yes");
    }

    #[test]
    fn a_yes_or_no_fact_reads_as_a_decisions_outcome() {
        assert_eq!(true.names(), ("Ja", "Yes"));
        assert_eq!(false.name(Language::En), "No");
        assert_eq!(false.sv(), "Nej");
    }
}
