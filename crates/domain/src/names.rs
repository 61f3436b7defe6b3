//! The Swedish and English names of every value the domain knows, for people: the web UI and
//! the texts breachdesk writes on the timeline. (The drafts keep their own, longer wording.)

use crate::assessment::{Conclusion, SeverityBand};
use crate::case::{DataSubjectCategory, PersonalDataCategory};
use crate::decision::{DecisionKind, Exemption, Outcome};
use crate::filing::{Phase, Recipient};
use crate::{ActionCategory, ActionStatus, BreachType, CaseStatus, Category, ClockKind, ClockState, EntryKind, Role};

/// The languages breachdesk speaks: Swedish first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// Swedish.
    #[default]
    Sv,
    /// English.
    En,
}

/// A value with a name for people in each language.
pub trait Named: Copy {
    /// The Swedish and the English name.
    fn names(self) -> (&'static str, &'static str);

    /// The name in `lang`.
    fn name(self, lang: Language) -> &'static str {
        let (sv, en) = self.names();
        if lang == Language::En { en } else { sv }
    }

    /// The Swedish name.
    fn sv(self) -> &'static str {
        self.names().0
    }
}

macro_rules! names {
    ($ty:ty { $($variant:ident => $sv:literal, $en:literal;)+ }) => {
        impl Named for $ty {
            fn names(self) -> (&'static str, &'static str) {
                match self { $(<$ty>::$variant => ($sv, $en)),+ }
            }
        }
    };
}

names!(Category {
    Ransomware => "Ransomware/utpressning", "Ransomware/extortion";
    Intrusion => "Intrång", "Intrusion";
    Phishing => "Nätfiske/stulna inloggningsuppgifter", "Phishing/credential theft";
    Misdirected => "Felskickad e-post eller post", "Misdirected e-mail or mail";
    LostDevice => "Förlorad eller stulen enhet", "Lost or stolen device";
    UnauthorisedAccess => "Obehörig åtkomst av anställd", "Unauthorised access by staff";
    AccidentalPublication => "Oavsiktlig publicering", "Accidental publication";
    Other => "Annat", "Other";
});
names!(BreachType {
    Confidentiality => "Konfidentialitet", "Confidentiality";
    Integrity => "Riktighet", "Integrity";
    Availability => "Tillgänglighet", "Availability";
});
names!(CaseStatus {
    Triage => "Bedöms", "Triage";
    Investigating => "Utreds", "Investigating";
    Contained => "Begränsad", "Contained";
    Closed => "Avslutad", "Closed";
    NotABreach => "Inte en incident", "Not a breach";
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
});
names!(ClockState {
    NotStarted => "Ej startad", "Not started";
    Running => "Löper", "Running";
    Met => "Uppfylld", "Met";
    Missed => "Missad", "Missed";
});
names!(EntryKind {
    Detection => "Upptäckt", "Detection";
    Containment => "Begränsning", "Containment";
    Eradication => "Åtgärdande", "Eradication";
    Recovery => "Återställning", "Recovery";
    Communication => "Kommunikation", "Communication";
    Notification => "Anmälan", "Notification";
    Decision => "Beslut", "Decision";
    Evidence => "Bevis", "Evidence";
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
    Cancelled => "Struken", "Cancelled";
});
names!(DecisionKind {
    NotifyImy => "Anmäla till IMY?", "Notify IMY?";
    InformDataSubjects => "Informera de registrerade?", "Inform the data subjects?";
    ReportPolice => "Polisanmäla?", "Report to the police?";
    Nis2Significant => "Betydande incident (cybersäkerhetslagen)?", "Significant incident (NIS2)?";
});
names!(Outcome {
    Yes => "Ja", "Yes";
    No => "Nej", "No";
});
names!(Exemption {
    Unintelligible => "a) Uppgifterna är obegripliga för obehöriga", "(a) Data unintelligible";
    RiskRemoved => "b) Senare åtgärder undanröjer den höga risken", "(b) Later measures remove the high risk";
    DisproportionateEffort => "c) Oproportionerlig ansträngning – offentlig information", "(c) Disproportionate effort – public communication";
});
names!(Recipient {
    Imy => "IMY", "IMY";
    Police => "Polisen", "Police";
    DataSubjects => "De registrerade", "Data subjects";
    Public => "Allmänheten", "The public";
    Csirt => "CSIRT", "CSIRT";
});
names!(Phase {
    Preliminary => "Preliminär", "Preliminary";
    Complete => "Fullständig", "Complete";
    Supplement => "Komplettering", "Supplement";
    Final => "Slutrapport", "Final";
});
names!(Conclusion {
    NoRisk => "Osannolikt att medföra risk", "Unlikely to result in a risk";
    Risk => "Risk", "Risk";
    HighRisk => "Hög risk", "High risk";
});
names!(SeverityBand {
    Low => "Låg", "Low";
    Medium => "Medel", "Medium";
    High => "Hög", "High";
    VeryHigh => "Mycket hög", "Very high";
});
names!(PersonalDataCategory {
    Identity => "Identitetsuppgifter", "Identity";
    Personnummer => "Personnummer", "Personal identity number";
    Contact => "Kontaktuppgifter", "Contact details";
    Financial => "Ekonomiska uppgifter", "Financial";
    OfficialDocuments => "Officiella handlingar", "Official documents";
    Location => "Platsuppgifter", "Location";
    CommunicationLogs => "Kommunikation och loggar", "Communication and logs";
    Credentials => "Inloggningsuppgifter", "Credentials";
    SecrecyOsl => "Uppgifter under sekretess (OSL)", "Data under secrecy (OSL)";
    ProtectedIdentity => "Skyddad identitet", "Protected identity";
    Health => "Hälsa", "Health";
    EthnicOrigin => "Etniskt ursprung", "Ethnic origin";
    PoliticalOpinions => "Politiska åsikter", "Political opinions";
    Religion => "Religion", "Religion";
    UnionMembership => "Fackligt medlemskap", "Union membership";
    SexLife => "Sexualliv", "Sex life";
    Genetic => "Genetiska uppgifter", "Genetic";
    Biometric => "Biometriska uppgifter", "Biometric";
    CriminalOffences => "Lagöverträdelser", "Criminal offences";
});
names!(DataSubjectCategory {
    Residents => "Invånare", "Residents";
    Employees => "Anställda", "Employees";
    Pupils => "Elever och barn", "Pupils and children";
    Patients => "Patienter och omsorgstagare", "Patients and care recipients";
    SocialServicesClients => "Socialtjänstens klienter", "Social-services clients";
    ElectedOfficials => "Förtroendevalda", "Elected officials";
    Other => "Andra", "Others";
});
names!(Role {
    Admin => "Administratör", "Administrator";
    Dpo => "Dataskyddsombud", "Data protection officer";
    Handler => "Handläggare", "Incident handler";
    Management => "Ledning", "Management";
    Legal => "Jurist/registrator", "Legal";
    Viewer => "Läsare", "Viewer";
});
