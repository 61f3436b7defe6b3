//! The web UI's words, Swedish first and English second, and the Swedish and English names of
//! every value the domain knows. Templates read fields of [`Texts`], so a missing translation
//! is a compile error, not a blank on screen.

use domain::assessment::{Conclusion, SeverityBand};
use domain::case::{DataSubjectCategory, PersonalDataCategory};
use domain::decision::{DecisionKind, Exemption, Outcome};
use domain::filing::{Phase, Recipient};
use domain::{ActionCategory, ActionStatus, BreachType, CaseStatus, Category, ClockKind, ClockState, EntryKind, Role};
use report::Lang;

/// The cookie that remembers the language chosen.
pub const LANG_COOKIE: &str = "breachdesk_lang";

/// Every fixed text of the UI.
#[derive(Debug)]
pub struct Texts {
    pub lang: &'static str,
    pub other_lang: &'static str,
    pub other_lang_name: &'static str,
    pub skip_to_content: &'static str,
    pub nav_dashboard: &'static str,
    pub nav_new_case: &'static str,
    pub nav_register: &'static str,
    pub nav_admin: &'static str,
    pub logout: &'static str,
    pub signed_in_as: &'static str,
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub log_in: &'static str,
    pub dashboard_title: &'static str,
    pub open_cases: &'static str,
    pub no_open_cases: &'static str,
    pub reference: &'static str,
    pub title: &'static str,
    pub status: &'static str,
    pub controllers: &'static str,
    pub next_deadline: &'static str,
    pub due: &'static str,
    pub time_left: &'static str,
    pub overdue: &'static str,
    pub no_pending_clock: &'static str,
    pub due_within_7_days: &'static str,
    pub nothing_due: &'static str,
    pub per_controller: &'static str,
    pub open_count: &'static str,
    pub overdue_count: &'static str,
    pub metrics: &'static str,
    pub metric_notified: &'static str,
    pub metric_median: &'static str,
    pub metric_share: &'static str,
    pub metric_per_month: &'static str,
    pub month: &'static str,
    pub category: &'static str,
    pub cases: &'static str,
    pub hours: &'static str,
    pub new_case_title: &'static str,
    pub new_case_intro: &'static str,
    pub description: &'static str,
    pub breach_types: &'static str,
    pub detected_at: &'static str,
    pub aware_at: &'static str,
    pub aware_at_hint: &'static str,
    pub aware_justification: &'static str,
    pub aware_justification_hint: &'static str,
    pub open_case_button: &'static str,
    pub time_zone_note: &'static str,
    pub facts: &'static str,
    pub save_facts: &'static str,
    pub occurred_from: &'static str,
    pub occurred_to: &'static str,
    pub detection_method: &'static str,
    pub likely_consequences: &'static str,
    pub affected_systems: &'static str,
    pub affected_systems_hint: &'static str,
    pub personal_data: &'static str,
    pub data_subjects: &'static str,
    pub data_subjects_min: &'static str,
    pub data_subjects_max: &'static str,
    pub cross_border: &'static str,
    pub processor_involved: &'static str,
    pub change_status: &'static str,
    pub new_status: &'static str,
    pub not_a_breach_reason: &'static str,
    pub clocks: &'static str,
    pub clock: &'static str,
    pub starts: &'static str,
    pub state: &'static str,
    pub met_at: &'static str,
    pub timeline: &'static str,
    pub add_entry: &'static str,
    pub occurred_at: &'static str,
    pub occurred_at_hint: &'static str,
    pub kind: &'static str,
    pub text: &'static str,
    pub recorded_by: &'static str,
    pub actions: &'static str,
    pub no_actions: &'static str,
    pub add_action: &'static str,
    pub owner: &'static str,
    pub mark_done: &'static str,
    pub mark_in_progress: &'static str,
    pub assessment: &'static str,
    pub assessment_intro: &'static str,
    pub dpc: &'static str,
    pub ei: &'static str,
    pub cb_confidentiality: &'static str,
    pub cb_integrity: &'static str,
    pub cb_availability: &'static str,
    pub malicious: &'static str,
    pub conclusion: &'static str,
    pub justification: &'static str,
    pub below_band_reason: &'static str,
    pub score: &'static str,
    pub band: &'static str,
    pub save_assessment: &'static str,
    pub not_assessed: &'static str,
    pub decisions: &'static str,
    pub no_decisions: &'static str,
    pub decision: &'static str,
    pub outcome: &'static str,
    pub reasons: &'static str,
    pub exemption: &'static str,
    pub none: &'static str,
    pub record_decision: &'static str,
    pub revision: &'static str,
    pub superseded: &'static str,
    pub filings: &'static str,
    pub no_filings: &'static str,
    pub recipient: &'static str,
    pub phase: &'static str,
    pub controller: &'static str,
    pub submitted_at: &'static str,
    pub external_reference: &'static str,
    pub channel: &'static str,
    pub delay_reasons: &'static str,
    pub pdf_sha256: &'static str,
    pub record_filing: &'static str,
    pub late: &'static str,
    pub drafts: &'static str,
    pub draft_imy: &'static str,
    pub draft_imy_supplement: &'static str,
    pub draft_police: &'static str,
    pub draft_data_subjects: &'static str,
    pub register_title: &'static str,
    pub register_intro: &'static str,
    pub download_csv: &'static str,
    pub download_pdf: &'static str,
    pub admin_title: &'static str,
    pub organisation: &'static str,
    pub org_name: &'static str,
    pub dpo_name: &'static str,
    pub dpo_email: &'static str,
    pub dpo_phone: &'static str,
    pub time_zone: &'static str,
    pub save: &'static str,
    pub users: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    pub add_user: &'static str,
    pub add_user_hint: &'static str,
    pub add_controller: &'static str,
    pub organisation_number: &'static str,
    pub postal_address: &'static str,
    pub errors_heading: &'static str,
    pub saved: &'static str,
    pub read_only_note: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub unknown: &'static str,
    pub required_mark: &'static str,
    pub stale_notice: &'static str,
    pub not_found: &'static str,
    pub forbidden: &'static str,
}

/// Swedish.
pub const SV: Texts = Texts {
    lang: "sv",
    other_lang: "en",
    other_lang_name: "English",
    skip_to_content: "Hoppa till innehållet",
    nav_dashboard: "Översikt",
    nav_new_case: "Nytt ärende",
    nav_register: "Incidentregister",
    nav_admin: "Administration",
    logout: "Logga ut",
    signed_in_as: "Inloggad som",
    login_title: "Logga in",
    login_intro: "breachdesk hanterar personuppgiftsincidenter. Logga in med ditt konto.",
    email: "E-postadress",
    password: "Lösenord",
    log_in: "Logga in",
    dashboard_title: "Översikt: frister och öppna ärenden",
    open_cases: "Öppna ärenden",
    no_open_cases: "Inga öppna ärenden.",
    reference: "Referens",
    title: "Rubrik",
    status: "Status",
    controllers: "Personuppgiftsansvariga",
    next_deadline: "Nästa frist",
    due: "Senast",
    time_left: "Tid kvar",
    overdue: "FÖRSENAD",
    no_pending_clock: "Ingen löpande frist",
    due_within_7_days: "Frister inom 7 dagar",
    nothing_due: "Inga frister de närmaste 7 dagarna.",
    per_controller: "Per personuppgiftsansvarig",
    open_count: "Öppna ärenden",
    overdue_count: "Försenade frister",
    metrics: "Nyckeltal",
    metric_notified: "Ärenden anmälda till IMY",
    metric_median: "Median, timmar från kännedom till IMY-anmälan",
    metric_share: "Andel IMY-anmälningar inom 72 timmar",
    metric_per_month: "Ärenden per kategori och månad",
    month: "Månad",
    category: "Kategori",
    cases: "Ärenden",
    hours: "timmar",
    new_case_title: "Nytt ärende",
    new_case_intro: "Registrera det som är känt nu; resten fylls i på ärendesidan. Kännedomstidpunkten startar 72-timmarsfristen.",
    description: "Vad har hänt?",
    breach_types: "Typ av incident",
    detected_at: "Upptäcktes",
    aware_at: "Kännedom",
    aware_at_hint: "När ni med rimlig säkerhet visste att personuppgifter berörs. Förifyllt med nu.",
    aware_justification: "Motivering av kännedomstidpunkten",
    aware_justification_hint: "Krävs om kännedom är mer än 24 timmar efter upptäckt.",
    open_case_button: "Öppna ärendet",
    time_zone_note: "Tider anges i",
    facts: "Fakta",
    save_facts: "Spara fakta",
    occurred_from: "Inträffade från",
    occurred_to: "Upphörde",
    detection_method: "Hur upptäcktes incidenten?",
    likely_consequences: "Sannolika konsekvenser",
    affected_systems: "Berörda system",
    affected_systems_hint: "Ett system per rad.",
    personal_data: "Kategorier av personuppgifter",
    data_subjects: "Kategorier av registrerade",
    data_subjects_min: "Antal registrerade, minst",
    data_subjects_max: "Antal registrerade, högst",
    cross_border: "Gränsöverskridande",
    processor_involved: "Personuppgiftsbiträde inblandat",
    change_status: "Ändra status",
    new_status: "Ny status",
    not_a_breach_reason: "Skäl (om inte en incident)",
    clocks: "Frister",
    clock: "Frist",
    starts: "Startar",
    state: "Läge",
    met_at: "Uppfylld",
    timeline: "Tidslinje",
    add_entry: "Lägg till händelse",
    occurred_at: "Inträffade",
    occurred_at_hint: "Lämna som nu eller ange en tidigare tidpunkt.",
    kind: "Typ",
    text: "Text",
    recorded_by: "Registrerad av",
    actions: "Åtgärder",
    no_actions: "Inga åtgärder ännu.",
    add_action: "Lägg till åtgärd",
    owner: "Ansvarig",
    mark_done: "Markera som klar",
    mark_in_progress: "Återöppna",
    assessment: "Riskbedömning (ENISA)",
    assessment_intro: "Allvarlighet SE = DPC × EI + CB. Slutsatsen är din; en slutsats under poängens nivå kräver en motivering.",
    dpc: "Behandlingens sammanhang (DPC, 1–4)",
    ei: "Identifierbarhet (EI)",
    cb_confidentiality: "Förlust av konfidentialitet (CB)",
    cb_integrity: "Förlust av riktighet (CB)",
    cb_availability: "Förlust av tillgänglighet (CB)",
    malicious: "Avsiktligt/illasinnat (+0,5)",
    conclusion: "Slutsats",
    justification: "Motivering",
    below_band_reason: "Varför poängen överskattar risken",
    score: "Poäng",
    band: "Nivå",
    save_assessment: "Spara riskbedömning",
    not_assessed: "Ingen riskbedömning ännu.",
    decisions: "Beslut",
    no_decisions: "Inga beslut ännu.",
    decision: "Beslut",
    outcome: "Utfall",
    reasons: "Skäl",
    exemption: "Undantag, art. 34.3",
    none: "Inget",
    record_decision: "Registrera beslut",
    revision: "Version",
    superseded: "ersatt",
    filings: "Anmälningar och underrättelser",
    no_filings: "Inget inlämnat ännu.",
    recipient: "Mottagare",
    phase: "Skede",
    controller: "Personuppgiftsansvarig",
    submitted_at: "Inlämnad",
    external_reference: "Mottagarens referens (diarienr, K-nr)",
    channel: "Kanal",
    delay_reasons: "Skäl till förseningen",
    pdf_sha256: "SHA-256 för inskickad PDF",
    record_filing: "Registrera inlämning",
    late: "för sent",
    drafts: "Utkast",
    draft_imy: "Anmälan till IMY (PDF)",
    draft_imy_supplement: "Komplettering till IMY (PDF)",
    draft_police: "Polisanmälan (PDF)",
    draft_data_subjects: "Information till registrerade (PDF)",
    register_title: "Incidentregister",
    register_intro: "Alla ärenden, även de som inte anmälts eller inte var incidenter (art. 33.5).",
    download_csv: "Ladda ner CSV",
    download_pdf: "Ladda ner PDF",
    admin_title: "Administration",
    organisation: "Organisation",
    org_name: "Namn",
    dpo_name: "Dataskyddsombud",
    dpo_email: "Dataskyddsombudets e-post",
    dpo_phone: "Dataskyddsombudets telefon",
    time_zone: "Tidszon",
    save: "Spara",
    users: "Användare",
    name: "Namn",
    role: "Roll",
    add_user: "Lägg till användare",
    add_user_hint: "Ett lösenord skapas och visas en gång.",
    add_controller: "Lägg till personuppgiftsansvarig",
    organisation_number: "Organisationsnummer",
    postal_address: "Postadress",
    errors_heading: "Något behöver rättas:",
    saved: "Sparat.",
    read_only_note: "Du har läsbehörighet.",
    yes: "Ja",
    no: "Nej",
    unknown: "okänt",
    required_mark: "(obligatoriskt)",
    stale_notice: "Ärendet har ändrats av någon annan sedan du öppnade det. Läs in sidan igen och gör om ändringen.",
    not_found: "Hittades inte.",
    forbidden: "Din roll får inte göra detta.",
};

/// English.
pub const EN: Texts = Texts {
    lang: "en",
    other_lang: "sv",
    other_lang_name: "Svenska",
    skip_to_content: "Skip to content",
    nav_dashboard: "Dashboard",
    nav_new_case: "New case",
    nav_register: "Breach register",
    nav_admin: "Administration",
    logout: "Log out",
    signed_in_as: "Signed in as",
    login_title: "Log in",
    login_intro: "breachdesk handles personal-data breaches. Log in with your account.",
    email: "E-mail address",
    password: "Password",
    log_in: "Log in",
    dashboard_title: "Dashboard: deadlines and open cases",
    open_cases: "Open cases",
    no_open_cases: "No open cases.",
    reference: "Reference",
    title: "Title",
    status: "Status",
    controllers: "Controllers",
    next_deadline: "Next deadline",
    due: "Due",
    time_left: "Time left",
    overdue: "OVERDUE",
    no_pending_clock: "No running deadline",
    due_within_7_days: "Due within 7 days",
    nothing_due: "Nothing falls due in the next 7 days.",
    per_controller: "Per controller",
    open_count: "Open cases",
    overdue_count: "Overdue deadlines",
    metrics: "Metrics",
    metric_notified: "Cases notified to IMY",
    metric_median: "Median hours from awareness to IMY notification",
    metric_share: "Share of IMY notifications within 72 hours",
    metric_per_month: "Cases per category and month",
    month: "Month",
    category: "Category",
    cases: "Cases",
    hours: "hours",
    new_case_title: "New case",
    new_case_intro: "Record what is known now; the rest goes on the case page. The moment of awareness starts the 72-hour clock.",
    description: "What happened?",
    breach_types: "Breach type",
    detected_at: "Detected",
    aware_at: "Aware",
    aware_at_hint: "When you knew with reasonable certainty that personal data is affected. Filled in with now.",
    aware_justification: "Why awareness came at that time",
    aware_justification_hint: "Required when awareness is more than 24 hours after detection.",
    open_case_button: "Open the case",
    time_zone_note: "Times are in",
    facts: "Facts",
    save_facts: "Save facts",
    occurred_from: "Occurred from",
    occurred_to: "Ended",
    detection_method: "How was it discovered?",
    likely_consequences: "Likely consequences",
    affected_systems: "Affected systems",
    affected_systems_hint: "One system per line.",
    personal_data: "Categories of personal data",
    data_subjects: "Categories of data subjects",
    data_subjects_min: "Number of data subjects, at least",
    data_subjects_max: "Number of data subjects, at most",
    cross_border: "Cross-border",
    processor_involved: "Processor involved",
    change_status: "Change status",
    new_status: "New status",
    not_a_breach_reason: "Reason (if not a breach)",
    clocks: "Deadlines",
    clock: "Deadline",
    starts: "Starts",
    state: "State",
    met_at: "Met",
    timeline: "Timeline",
    add_entry: "Add entry",
    occurred_at: "Occurred",
    occurred_at_hint: "Leave as now or set an earlier time.",
    kind: "Kind",
    text: "Text",
    recorded_by: "Recorded by",
    actions: "Actions",
    no_actions: "No actions yet.",
    add_action: "Add action",
    owner: "Owner",
    mark_done: "Mark done",
    mark_in_progress: "Reopen",
    assessment: "Risk assessment (ENISA)",
    assessment_intro: "Severity SE = DPC × EI + CB. The conclusion is yours; a conclusion below the score's band needs a reason.",
    dpc: "Data processing context (DPC, 1–4)",
    ei: "Ease of identification (EI)",
    cb_confidentiality: "Loss of confidentiality (CB)",
    cb_integrity: "Loss of integrity (CB)",
    cb_availability: "Loss of availability (CB)",
    malicious: "Malicious intent (+0.5)",
    conclusion: "Conclusion",
    justification: "Justification",
    below_band_reason: "Why the score overstates the risk",
    score: "Score",
    band: "Band",
    save_assessment: "Save assessment",
    not_assessed: "Not assessed yet.",
    decisions: "Decisions",
    no_decisions: "No decisions yet.",
    decision: "Decision",
    outcome: "Outcome",
    reasons: "Reasons",
    exemption: "Exemption, Art. 34(3)",
    none: "None",
    record_decision: "Record decision",
    revision: "Revision",
    superseded: "superseded",
    filings: "Notifications and communications",
    no_filings: "Nothing submitted yet.",
    recipient: "Recipient",
    phase: "Phase",
    controller: "Controller",
    submitted_at: "Submitted",
    external_reference: "Recipient's reference (case no., K-no.)",
    channel: "Channel",
    delay_reasons: "Reasons for the delay",
    pdf_sha256: "SHA-256 of the PDF sent",
    record_filing: "Record submission",
    late: "late",
    drafts: "Drafts",
    draft_imy: "IMY notification (PDF)",
    draft_imy_supplement: "IMY supplement (PDF)",
    draft_police: "Police report (PDF)",
    draft_data_subjects: "Data-subject communication (PDF)",
    register_title: "Breach register",
    register_intro: "Every case, including those not notified and those that were not breaches (Art. 33(5)).",
    download_csv: "Download CSV",
    download_pdf: "Download PDF",
    admin_title: "Administration",
    organisation: "Organisation",
    org_name: "Name",
    dpo_name: "Data protection officer",
    dpo_email: "DPO e-mail",
    dpo_phone: "DPO telephone",
    time_zone: "Time zone",
    save: "Save",
    users: "Users",
    name: "Name",
    role: "Role",
    add_user: "Add user",
    add_user_hint: "A password is generated and shown once.",
    add_controller: "Add controller",
    organisation_number: "Organisation number",
    postal_address: "Postal address",
    errors_heading: "Please correct:",
    saved: "Saved.",
    read_only_note: "You have read access.",
    yes: "Yes",
    no: "No",
    unknown: "unknown",
    required_mark: "(required)",
    stale_notice: "Someone else changed the case since you opened it. Reload the page and make your change again.",
    not_found: "Not found.",
    forbidden: "Your role may not do this.",
};

/// The texts of a language.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// Names of domain values in a language.
pub trait Label: Copy {
    /// The Swedish and the English name.
    fn names(self) -> (&'static str, &'static str);

    /// The name in `lang`.
    fn label(self, lang: Lang) -> &'static str {
        let (sv, en) = self.names();
        if lang == Lang::En { en } else { sv }
    }
}

macro_rules! labels {
    ($ty:ty { $($variant:ident => $sv:literal, $en:literal;)+ }) => {
        impl Label for $ty {
            fn names(self) -> (&'static str, &'static str) {
                match self { $(<$ty>::$variant => ($sv, $en)),+ }
            }
        }
    };
}

labels!(Category {
    Ransomware => "Ransomware/utpressning", "Ransomware/extortion";
    Intrusion => "Intrång", "Intrusion";
    Phishing => "Nätfiske/stulna inloggningsuppgifter", "Phishing/credential theft";
    Misdirected => "Felskickad e-post eller post", "Misdirected e-mail or mail";
    LostDevice => "Förlorad eller stulen enhet", "Lost or stolen device";
    UnauthorisedAccess => "Obehörig åtkomst av anställd", "Unauthorised access by staff";
    AccidentalPublication => "Oavsiktlig publicering", "Accidental publication";
    Other => "Annat", "Other";
});
labels!(BreachType {
    Confidentiality => "Konfidentialitet", "Confidentiality";
    Integrity => "Riktighet", "Integrity";
    Availability => "Tillgänglighet", "Availability";
});
labels!(CaseStatus {
    Triage => "Bedöms", "Triage";
    Investigating => "Utreds", "Investigating";
    Contained => "Begränsad", "Contained";
    Closed => "Avslutad", "Closed";
    NotABreach => "Inte en incident", "Not a breach";
});
labels!(ClockKind {
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
labels!(ClockState {
    NotStarted => "Ej startad", "Not started";
    Running => "Löper", "Running";
    Met => "Uppfylld", "Met";
    Missed => "Missad", "Missed";
});
labels!(EntryKind {
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
labels!(ActionCategory {
    Contain => "Begränsa", "Contain";
    Recover => "Återställ", "Recover";
    Notify => "Anmäl/informera", "Notify";
    Prevent => "Förebygg", "Prevent";
});
labels!(ActionStatus {
    Planned => "Planerad", "Planned";
    InProgress => "Pågår", "In progress";
    Done => "Klar", "Done";
    Cancelled => "Struken", "Cancelled";
});
labels!(DecisionKind {
    NotifyImy => "Anmäla till IMY?", "Notify IMY?";
    InformDataSubjects => "Informera de registrerade?", "Inform the data subjects?";
    ReportPolice => "Polisanmäla?", "Report to the police?";
    Nis2Significant => "Betydande incident (cybersäkerhetslagen)?", "Significant incident (NIS2)?";
});
labels!(Outcome {
    Yes => "Ja", "Yes";
    No => "Nej", "No";
});
labels!(Exemption {
    Unintelligible => "a) Uppgifterna är obegripliga för obehöriga", "(a) Data unintelligible";
    RiskRemoved => "b) Senare åtgärder undanröjer den höga risken", "(b) Later measures remove the high risk";
    DisproportionateEffort => "c) Oproportionerlig ansträngning – offentlig information", "(c) Disproportionate effort – public communication";
});
labels!(Recipient {
    Imy => "IMY", "IMY";
    Police => "Polisen", "Police";
    DataSubjects => "De registrerade", "Data subjects";
    Public => "Allmänheten", "The public";
    Csirt => "CSIRT", "CSIRT";
});
labels!(Phase {
    Preliminary => "Preliminär", "Preliminary";
    Complete => "Fullständig", "Complete";
    Supplement => "Komplettering", "Supplement";
    Final => "Slutrapport", "Final";
});
labels!(Conclusion {
    NoRisk => "Osannolikt att medföra risk", "Unlikely to result in a risk";
    Risk => "Risk", "Risk";
    HighRisk => "Hög risk", "High risk";
});
labels!(SeverityBand {
    Low => "Låg", "Low";
    Medium => "Medel", "Medium";
    High => "Hög", "High";
    VeryHigh => "Mycket hög", "Very high";
});
labels!(PersonalDataCategory {
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
labels!(DataSubjectCategory {
    Residents => "Invånare", "Residents";
    Employees => "Anställda", "Employees";
    Pupils => "Elever och barn", "Pupils and children";
    Patients => "Patienter och omsorgstagare", "Patients and care recipients";
    SocialServicesClients => "Socialtjänstens klienter", "Social-services clients";
    ElectedOfficials => "Förtroendevalda", "Elected officials";
    Other => "Andra", "Others";
});
labels!(Role {
    Admin => "Administratör", "Administrator";
    Dpo => "Dataskyddsombud", "Data protection officer";
    Handler => "Handläggare", "Incident handler";
    Management => "Ledning", "Management";
    Legal => "Jurist/registrator", "Legal";
    Viewer => "Läsare", "Viewer";
});
