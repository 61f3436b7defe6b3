//! The texts of the drafts in Swedish and English, and the names of the domain's enums.

use domain::assessment::{Conclusion, SeverityBand};
use domain::case::{DataSubjectCategory, PersonalDataCategory};
use domain::decision::{Exemption, Outcome};
use domain::filing::{Phase, Recipient};
use domain::{ActionStatus, BreachType, Category, EntryKind};

use crate::Lang;

/// Every fixed text of the IMY notification draft.
pub(crate) struct Labels {
    pub title: &'static str,
    pub mark: &'static str,
    pub language: &'static str,
    pub intro: &'static str,
    pub case: &'static str,
    pub version: &'static str,
    pub generated: &'static str,
    pub page_of: fn(usize, usize) -> String,

    pub missing_title: &'static str,
    pub missing_intro: &'static str,
    pub missing_none: &'static str,
    pub m_controller: &'static str,
    pub m_dpo: &'static str,
    pub m_occurred: &'static str,
    pub m_ended: &'static str,
    pub m_detection_method: &'static str,
    pub m_pd_categories: &'static str,
    pub m_ds_categories: &'static str,
    pub m_ds_count: &'static str,
    pub m_records_count: &'static str,
    pub m_consequences: &'static str,
    pub m_actions: &'static str,
    pub m_informed: &'static str,
    pub m_delay: &'static str,

    pub s_controller: &'static str,
    pub f_name: &'static str,
    pub f_org_number: &'static str,
    pub f_postal: &'static str,
    pub f_reference: &'static str,
    pub not_chosen: &'static str,
    pub s_contact: &'static str,
    pub f_organisation: &'static str,
    pub f_dpo: &'static str,
    pub f_email: &'static str,
    pub f_phone: &'static str,
    pub missing_value: &'static str,
    pub s_kind: &'static str,
    pub f_kind: &'static str,
    pub preliminary: &'static str,
    pub complete: &'static str,

    pub s_incident: &'static str,
    pub f_occurred: &'static str,
    pub f_ended: &'static str,
    pub f_detected: &'static str,
    pub f_detection_method: &'static str,
    pub f_aware: &'static str,
    pub f_aware_justification: &'static str,
    pub f_contained: &'static str,
    pub f_description: &'static str,
    pub f_breach_types: &'static str,
    pub f_category: &'static str,
    pub f_systems: &'static str,
    pub f_processor: &'static str,
    pub unknown: &'static str,

    pub s_subjects: &'static str,
    pub f_ds_categories: &'static str,
    pub f_pd_categories: &'static str,
    pub f_ds_count: &'static str,
    pub f_records_count: &'static str,
    pub none_given: &'static str,

    pub s_consequences: &'static str,
    pub f_consequences: &'static str,

    pub s_actions: &'static str,
    pub actions_question: &'static str,
    pub f_actions_done: &'static str,
    pub f_actions_planned: &'static str,
    pub none: &'static str,
    pub done_at: &'static str,
    pub due_at: &'static str,

    pub s_informed: &'static str,
    pub f_informed: &'static str,
    pub no_decision: &'static str,
    pub informed_hint: &'static str,

    pub s_cross_border: &'static str,
    pub f_cross_border: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub cross_border_hint: &'static str,

    pub s_deadline: &'static str,
    pub f_due: &'static str,
    pub f_due_detection: &'static str,
    pub f_clock_state: &'static str,
    pub running: &'static str,
    pub left: &'static str,
    pub hours: &'static str,
    pub met: &'static str,
    pub met_late: &'static str,
    pub missed: &'static str,
    pub not_started: &'static str,

    pub s_delay: &'static str,
    pub delay_text: &'static str,
    pub delay_placeholder: &'static str,

    pub s_other: &'static str,
    pub other_text: &'static str,
    pub other_placeholder: &'static str,

    pub s_annex: &'static str,
    pub annex_intro: &'static str,
    pub times_in: &'static str,
    pub col_no: &'static str,
    pub col_time: &'static str,
    pub col_kind: &'static str,
    pub col_text: &'static str,
    pub no_entries: &'static str,
    pub corrects: &'static str,
    pub m_severity: &'static str,
    pub f_imy_number: &'static str,
    pub s_severity: &'static str,
    pub severity_question: &'static str,
    pub f_conclusion: &'static str,
    pub f_score: &'static str,
    pub f_justification: &'static str,
    pub f_below_band: &'static str,
    pub f_assessed: &'static str,
    pub no_assessment: &'static str,
    pub f_informed_when: &'static str,
    pub f_informed_will: &'static str,
    pub f_informed_why: &'static str,
    pub f_informed_how: &'static str,
    pub f_decision_reasons: &'static str,
    pub f_decided: &'static str,
    pub f_public: &'static str,
    pub informed_yes: &'static str,
    pub informed_later: &'static str,
    pub informed_no: &'static str,
    pub without_delay: &'static str,
    pub public_pending: &'static str,
    pub f_delay_reasons: &'static str,
    pub osl_intro: &'static str,
    pub osl_systems: &'static str,
    pub osl_secrecy: &'static str,
    pub osl_protected: &'static str,
    pub osl_annex: &'static str,
    pub osl_none: &'static str,
}

impl Labels {
    /// The texts of a language.
    pub(crate) fn of(lang: Lang) -> &'static Labels {
        match lang {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }
}

static SV: Labels = Labels {
    title: "Anmälan av personuppgiftsincident – utkast",
    mark: "UTKAST",
    language: "sv-SE",
    intro: "Underlag för anmälan i IMY:s e-tjänst (e-tjanster.imy.se). Dokumentet skickas inte in; \
            uppgifterna förs över till e-tjänsten. Frågorna följer formulärets ordning.",
    case: "Ärende",
    version: "version",
    generated: "Skapad",
    page_of: |n, of| format!("Sida {n} av {of}"),

    missing_title: "Uppgifter som saknas",
    missing_intro: "En preliminär anmälan får göras och kompletteras senare (art. 33.4 GDPR). \
                    Följande uppgifter saknas i ärendet:",
    missing_none: "Inga uppgifter saknas.",
    m_controller: "Personuppgiftsansvarig är inte vald",
    m_dpo: "Kontaktuppgifter till dataskyddsombudet",
    m_occurred: "När incidenten inträffade",
    m_ended: "När incidenten upphörde",
    m_detection_method: "Hur incidenten upptäcktes",
    m_pd_categories: "Kategorier av personuppgifter",
    m_ds_categories: "Kategorier av registrerade",
    m_ds_count: "Ungefärligt antal registrerade",
    m_records_count: "Ungefärligt antal personuppgiftsposter",
    m_consequences: "Sannolika konsekvenser för de registrerade",
    m_actions: "Vidtagna eller planerade åtgärder",
    m_informed: "Beslut om information till de registrerade (art. 34)",
    m_delay: "Skäl till försening (art. 33.1)",

    s_controller: "Personuppgiftsansvarig",
    f_name: "Namn",
    f_org_number: "Organisationsnummer",
    f_postal: "Postadress",
    f_reference: "Ert referensnummer",
    not_chosen: "Ej vald",
    s_contact: "Kontaktuppgifter och dataskyddsombud",
    f_organisation: "Organisation",
    f_dpo: "Dataskyddsombud",
    f_email: "E-post",
    f_phone: "Telefon",
    missing_value: "Saknas",
    s_kind: "Typ av anmälan",
    f_kind: "Anmälan",
    preliminary: "Preliminär anmälan – kompletteras när uppgifterna är kända (art. 33.4)",
    complete: "Fullständig anmälan",

    s_incident: "Om incidenten",
    f_occurred: "När inträffade incidenten?",
    f_ended: "När upphörde incidenten?",
    f_detected: "När upptäcktes incidenten?",
    f_detection_method: "Hur upptäcktes incidenten?",
    f_aware: "När fick ni kännedom om incidenten?",
    f_aware_justification: "Varför kännedom kom senare än upptäckten",
    f_contained: "När begränsades incidenten?",
    f_description: "Beskrivning av incidenten",
    f_breach_types: "Typ av incident",
    f_category: "Vad som inträffade",
    f_systems: "Berörda system",
    f_processor: "Personuppgiftsbiträde inblandat",
    unknown: "Okänt",

    s_subjects: "Registrerade och personuppgifter",
    f_ds_categories: "Vilka grupper tillhör de registrerade?",
    f_pd_categories: "Vilken sorts personuppgifter har incidenten drabbat?",
    f_ds_count: "Ungefärligt antal registrerade",
    f_records_count: "Ungefärligt antal personuppgiftsposter",
    none_given: "Inga angivna",

    s_consequences: "Konsekvenser",
    f_consequences: "Vad kan bli konsekvenserna av incidenten?",

    s_actions: "Åtgärder",
    actions_question: "Hur har ni agerat efter incidenten? Åtgärder för att lösa problemet, \
                       förebygga och mildra effekterna:",
    f_actions_done: "Vidtagna åtgärder",
    f_actions_planned: "Planerade och pågående åtgärder",
    none: "Inga",
    done_at: "klar",
    due_at: "senast",

    s_informed: "Information till de registrerade",
    f_informed: "Har ni informerat de registrerade?",
    no_decision: "Beslut saknas",
    informed_hint: "Ange när de registrerade informerades, när de kommer att informeras eller \
                    varför de inte kommer att informeras (art. 34.3).",

    s_cross_border: "Gränsöverskridande incident",
    f_cross_border: "Berörs registrerade i flera EU/EES-länder?",
    yes: "Ja",
    no: "Nej",
    cross_border_hint: "Använd IMY:s formulär för gränsöverskridande personuppgiftsincidenter.",

    s_deadline: "Tidsfrist för anmälan (72 timmar)",
    f_due: "Anmälan senast",
    f_due_detection: "Räknat från upptäckt",
    f_clock_state: "Läge",
    running: "Löper",
    left: "kvar",
    hours: "tim",
    met: "Anmäld i tid",
    met_late: "Anmäld för sent",
    missed: "Fristen har löpt ut",
    not_started: "Inte startad",

    s_delay: "Skäl till försening",
    delay_text: "Anmälan görs senare än 72 timmar efter att den personuppgiftsansvarige fick \
                 kännedom om incidenten. Skälen till förseningen ska anges (art. 33.1 GDPR).",
    delay_placeholder: "[Ange skälen till förseningen här innan anmälan skickas in.]",

    s_other: "Övriga upplysningar och sekretess (OSL)",
    other_text: "Allt som lämnas i anmälan blir allmän handling hos IMY. Lämna inte fler \
                 personuppgifter än nödvändigt. Uppgifter som ni anser bör omfattas av sekretess \
                 enligt offentlighets- och sekretesslagen (OSL) anges i fritextfältet sist i \
                 IMY:s formulär, tillsammans med skälen.",
    other_placeholder: "[Övriga upplysningar och eventuella sekretessanspråk.]",

    s_annex: "Bilaga: Tidslinje",
    annex_intro: "Ärendets tidslinje i tidsordning.",
    times_in: "Tider i",
    col_no: "Nr",
    col_time: "Tid",
    col_kind: "Typ",
    col_text: "Händelse",
    no_entries: "Tidslinjen är tom.",
    corrects: "Rättar post",
    m_severity: "Bedömning av hur allvarlig incidenten är",
    f_imy_number: "IMY:s diarienummer",
    s_severity: "Allvarlighetsgrad",
    severity_question: "Uppskatta hur allvarlig incidenten är med hänsyn till de registrerades integritet.",
    f_conclusion: "Bedömning",
    f_score: "Poäng enligt ENISA (2013)",
    f_justification: "Motivering",
    f_below_band: "Varför poängen överskattar risken",
    f_assessed: "Bedömd av",
    no_assessment: "Bedömning saknas",
    f_informed_when: "När informerade ni de registrerade?",
    f_informed_will: "När kommer ni att informera de registrerade?",
    f_informed_why: "Varför kommer ni inte att informera de registrerade?",
    f_informed_how: "Hur informerades de?",
    f_decision_reasons: "Skäl för beslutet",
    f_decided: "Beslutat",
    f_public: "Offentligt meddelande (art. 34.3 c)",
    informed_yes: "Ja",
    informed_later: "Nej, men de kommer att informeras",
    informed_no: "Nej",
    without_delay: "Utan onödigt dröjsmål",
    public_pending: "Inte publicerat ännu",
    f_delay_reasons: "Skäl till förseningen",
    osl_intro: "Uppgifter i ärendet som kan omfattas av sekretess (förslag att pröva innan anmälan skickas):",
    osl_systems: "Berörda system och tekniska uppgifter om angreppet: uppgifter om säkerhetsåtgärder (18 kap. 8 § OSL)",
    osl_secrecy: "Incidenten rör uppgifter som omfattas av sekretess hos den personuppgiftsansvarige (ange vilka och enligt vilken bestämmelse)",
    osl_protected: "Uppgifter om personer med skyddade personuppgifter (21 kap. 3 § OSL)",
    osl_annex: "Tekniska uppgifter om upptäckt och bevissäkring i tidslinjen (bilagan)",
    osl_none: "Ärendet pekar inte ut några uppgifter som särskilt bör omfattas av sekretess.",
};

static EN: Labels = Labels {
    title: "Personal data breach notification – draft",
    mark: "DRAFT",
    language: "en",
    intro: "Basis for the notification in IMY's e-service (e-tjanster.imy.se). This document is \
            not sent in; its content is entered in the e-service. The questions follow the \
            form's order.",
    case: "Case",
    version: "version",
    generated: "Generated",
    page_of: |n, of| format!("Page {n} of {of}"),

    missing_title: "Missing information",
    missing_intro: "A preliminary notification may be made and supplemented later (GDPR \
                    Art. 33(4)). The case does not yet hold:",
    missing_none: "Nothing is missing.",
    m_controller: "No controller has been chosen",
    m_dpo: "Contact details of the data protection officer",
    m_occurred: "When the breach occurred",
    m_ended: "When the breach ceased",
    m_detection_method: "How the breach was discovered",
    m_pd_categories: "Categories of personal data",
    m_ds_categories: "Categories of data subjects",
    m_ds_count: "Approximate number of data subjects",
    m_records_count: "Approximate number of personal data records",
    m_consequences: "Likely consequences for the data subjects",
    m_actions: "Measures taken or planned",
    m_informed: "Decision on communicating the breach to the data subjects (Art. 34)",
    m_delay: "Reasons for the delay (Art. 33(1))",

    s_controller: "Controller",
    f_name: "Name",
    f_org_number: "Corporate identity number",
    f_postal: "Postal address",
    f_reference: "Your reference number",
    not_chosen: "Not chosen",
    s_contact: "Contact details and data protection officer",
    f_organisation: "Organisation",
    f_dpo: "Data protection officer",
    f_email: "E-mail",
    f_phone: "Telephone",
    missing_value: "Missing",
    s_kind: "Type of notification",
    f_kind: "Notification",
    preliminary: "Preliminary notification – to be supplemented when the facts are known \
                  (Art. 33(4))",
    complete: "Complete notification",

    s_incident: "The breach",
    f_occurred: "When did the breach occur?",
    f_ended: "When did the breach cease?",
    f_detected: "When was the breach discovered?",
    f_detection_method: "How was the breach discovered?",
    f_aware: "When did you become aware of the breach?",
    f_aware_justification: "Why awareness came later than discovery",
    f_contained: "When was the breach contained?",
    f_description: "Description of the breach",
    f_breach_types: "Type of breach",
    f_category: "What happened",
    f_systems: "Systems affected",
    f_processor: "Processor involved",
    unknown: "Unknown",

    s_subjects: "Data subjects and personal data",
    f_ds_categories: "Which categories of data subjects are concerned?",
    f_pd_categories: "What categories of personal data have been affected?",
    f_ds_count: "Approximate number of data subjects",
    f_records_count: "Approximate number of personal data records",
    none_given: "None given",

    s_consequences: "Consequences",
    f_consequences: "What may be the consequences of the breach?",

    s_actions: "Measures",
    actions_question: "How have you acted after the breach? Measures taken or proposed to \
                       address it and to mitigate its possible adverse effects:",
    f_actions_done: "Measures taken",
    f_actions_planned: "Measures planned or in progress",
    none: "None",
    done_at: "done",
    due_at: "due",

    s_informed: "Communication to the data subjects",
    f_informed: "Have you informed the data subjects?",
    no_decision: "No decision recorded",
    informed_hint: "State when the data subjects were informed, when they will be, or on what \
                    grounds they will not be informed (Art. 34(3)).",

    s_cross_border: "Cross-border breach",
    f_cross_border: "Are data subjects in several EU/EEA countries affected?",
    yes: "Yes",
    no: "No",
    cross_border_hint: "Use IMY's form for cross-border personal data breaches.",

    s_deadline: "Notification deadline (72 hours)",
    f_due: "Notify by",
    f_due_detection: "Counted from discovery",
    f_clock_state: "State",
    running: "Running",
    left: "left",
    hours: "h",
    met: "Notified in time",
    met_late: "Notified late",
    missed: "The deadline has passed",
    not_started: "Not started",

    s_delay: "Reasons for the delay",
    delay_text: "The notification is made later than 72 hours after the controller became aware \
                 of the breach. The reasons for the delay must be given (GDPR Art. 33(1)).",
    delay_placeholder: "[Give the reasons for the delay here before submitting.]",

    s_other: "Other information and confidentiality (OSL)",
    other_text: "Everything in the notification becomes an official document (allmän handling) \
                 held by IMY. Do not give more personal data than necessary. Details you \
                 consider confidential under the Public Access to Information and Secrecy Act \
                 (OSL) are stated in the free-text field at the end of IMY's form, with the \
                 reasons.",
    other_placeholder: "[Other information and any claims of confidentiality.]",

    s_annex: "Annex: Timeline",
    annex_intro: "The case's timeline in order of time.",
    times_in: "Times in",
    col_no: "No.",
    col_time: "Time",
    col_kind: "Kind",
    col_text: "Entry",
    no_entries: "The timeline is empty.",
    corrects: "Corrects entry",
    m_severity: "Assessment of how serious the breach is",
    f_imy_number: "IMY case number",
    s_severity: "Severity",
    severity_question: "Assess how serious the breach is with regard to the data subjects' privacy.",
    f_conclusion: "Assessment",
    f_score: "Score by ENISA (2013)",
    f_justification: "Justification",
    f_below_band: "Why the score overstates the risk",
    f_assessed: "Assessed by",
    no_assessment: "No assessment recorded",
    f_informed_when: "When did you inform the data subjects?",
    f_informed_will: "When will you inform the data subjects?",
    f_informed_why: "On what grounds are you not going to inform the data subjects?",
    f_informed_how: "How were they informed?",
    f_decision_reasons: "Reasons for the decision",
    f_decided: "Decided",
    f_public: "Public communication (Art. 34(3)(c))",
    informed_yes: "Yes",
    informed_later: "No, but they will be informed",
    informed_no: "No",
    without_delay: "Without undue delay",
    public_pending: "Not published yet",
    f_delay_reasons: "Reasons for the delay",
    osl_intro: "Details of the case that may be confidential (proposals to review before submitting):",
    osl_systems: "Affected systems and technical details of the attack: details of security measures (OSL ch. 18 s. 8)",
    osl_secrecy: "The breach concerns data held under secrecy by the controller (state which and under which provision)",
    osl_protected: "Data on persons with protected identity (OSL ch. 21 s. 3)",
    osl_annex: "Technical details of detection and evidence in the timeline (the annex)",
    osl_none: "The case singles out no details that should be confidential.",
};

/// The name of a breach type.
pub(crate) fn breach_type(lang: Lang, t: BreachType) -> &'static str {
    match (lang, t) {
        (Lang::Sv, BreachType::Confidentiality) => "Konfidentialitet (obehörigt röjande eller åtkomst)",
        (Lang::Sv, BreachType::Integrity) => "Riktighet (obehörig ändring)",
        (Lang::Sv, BreachType::Availability) => "Tillgänglighet (förlust av åtkomst eller förstörelse)",
        (Lang::En, BreachType::Confidentiality) => "Confidentiality (unauthorised disclosure or access)",
        (Lang::En, BreachType::Integrity) => "Integrity (unauthorised alteration)",
        (Lang::En, BreachType::Availability) => "Availability (loss of access or destruction)",
    }
}

/// The name of an incident category.
pub(crate) fn category(lang: Lang, c: Category) -> &'static str {
    match (lang, c) {
        (Lang::Sv, Category::Ransomware) => "Utpressningsattack (ransomware)",
        (Lang::Sv, Category::Intrusion) => "Intrång i system",
        (Lang::Sv, Category::Phishing) => "Nätfiske eller stulna inloggningsuppgifter",
        (Lang::Sv, Category::Misdirected) => "Felskickad e-post eller post",
        (Lang::Sv, Category::LostDevice) => "Förlorad eller stulen enhet",
        (Lang::Sv, Category::UnauthorisedAccess) => "Obehörig åtkomst av personal",
        (Lang::Sv, Category::AccidentalPublication) => "Oavsiktlig publicering",
        (Lang::Sv, Category::Other) => "Annat",
        (Lang::En, Category::Ransomware) => "Ransomware",
        (Lang::En, Category::Intrusion) => "Intrusion into systems",
        (Lang::En, Category::Phishing) => "Phishing or stolen credentials",
        (Lang::En, Category::Misdirected) => "Misdirected e-mail or mail",
        (Lang::En, Category::LostDevice) => "Lost or stolen device",
        (Lang::En, Category::UnauthorisedAccess) => "Unauthorised access by staff",
        (Lang::En, Category::AccidentalPublication) => "Accidental publication",
        (Lang::En, Category::Other) => "Other",
    }
}

/// The name of a category of personal data (special categories marked with their article).
pub(crate) fn personal_data_category(lang: Lang, c: PersonalDataCategory) -> &'static str {
    use PersonalDataCategory as P;
    match (lang, c) {
        (Lang::Sv, P::Identity) => "Identitetsuppgifter (namn m.m.)",
        (Lang::Sv, P::Personnummer) => "Personnummer",
        (Lang::Sv, P::Contact) => "Kontaktuppgifter",
        (Lang::Sv, P::Financial) => "Ekonomiska uppgifter",
        (Lang::Sv, P::OfficialDocuments) => "Id-handlingar (id-kort, pass)",
        (Lang::Sv, P::Location) => "Platsuppgifter",
        (Lang::Sv, P::CommunicationLogs) => "Kommunikations- och loggdata",
        (Lang::Sv, P::Credentials) => "Användarnamn och lösenord",
        (Lang::Sv, P::SecrecyOsl) => "Uppgifter som omfattas av sekretess (OSL)",
        (Lang::Sv, P::ProtectedIdentity) => "Skyddade personuppgifter (skyddad identitet)",
        (Lang::Sv, P::Health) => "Hälsa (art. 9)",
        (Lang::Sv, P::EthnicOrigin) => "Etniskt ursprung (art. 9)",
        (Lang::Sv, P::PoliticalOpinions) => "Politiska åsikter (art. 9)",
        (Lang::Sv, P::Religion) => "Religiös eller filosofisk övertygelse (art. 9)",
        (Lang::Sv, P::UnionMembership) => "Medlemskap i fackförening (art. 9)",
        (Lang::Sv, P::SexLife) => "Sexualliv eller sexuell läggning (art. 9)",
        (Lang::Sv, P::Genetic) => "Genetiska uppgifter (art. 9)",
        (Lang::Sv, P::Biometric) => "Biometriska uppgifter (art. 9)",
        (Lang::Sv, P::CriminalOffences) => "Lagöverträdelser (art. 10)",
        (Lang::En, P::Identity) => "Identity data (name etc.)",
        (Lang::En, P::Personnummer) => "Personal identity numbers (personnummer)",
        (Lang::En, P::Contact) => "Contact details",
        (Lang::En, P::Financial) => "Financial data",
        (Lang::En, P::OfficialDocuments) => "Official documents (ID cards, passports)",
        (Lang::En, P::Location) => "Location data",
        (Lang::En, P::CommunicationLogs) => "Communication and log data",
        (Lang::En, P::Credentials) => "User names and passwords",
        (Lang::En, P::SecrecyOsl) => "Data under secrecy (OSL)",
        (Lang::En, P::ProtectedIdentity) => "Protected identity",
        (Lang::En, P::Health) => "Health (Art. 9)",
        (Lang::En, P::EthnicOrigin) => "Racial or ethnic origin (Art. 9)",
        (Lang::En, P::PoliticalOpinions) => "Political opinions (Art. 9)",
        (Lang::En, P::Religion) => "Religious or philosophical beliefs (Art. 9)",
        (Lang::En, P::UnionMembership) => "Trade union membership (Art. 9)",
        (Lang::En, P::SexLife) => "Sex life or sexual orientation (Art. 9)",
        (Lang::En, P::Genetic) => "Genetic data (Art. 9)",
        (Lang::En, P::Biometric) => "Biometric data (Art. 9)",
        (Lang::En, P::CriminalOffences) => "Criminal convictions and offences (Art. 10)",
    }
}

/// The name of a category of data subjects.
pub(crate) fn data_subject_category(lang: Lang, c: DataSubjectCategory) -> &'static str {
    use DataSubjectCategory as D;
    match (lang, c) {
        (Lang::Sv, D::Residents) => "Invånare",
        (Lang::Sv, D::Employees) => "Anställda",
        (Lang::Sv, D::Pupils) => "Elever och barn",
        (Lang::Sv, D::Patients) => "Patienter och omsorgstagare",
        (Lang::Sv, D::SocialServicesClients) => "Klienter inom socialtjänsten",
        (Lang::Sv, D::ElectedOfficials) => "Förtroendevalda",
        (Lang::Sv, D::Other) => "Övriga",
        (Lang::En, D::Residents) => "Residents",
        (Lang::En, D::Employees) => "Employees",
        (Lang::En, D::Pupils) => "Pupils and children",
        (Lang::En, D::Patients) => "Patients and care recipients",
        (Lang::En, D::SocialServicesClients) => "Social-services clients",
        (Lang::En, D::ElectedOfficials) => "Elected officials",
        (Lang::En, D::Other) => "Others",
    }
}

/// The name of a timeline entry kind.
pub(crate) fn entry_kind(lang: Lang, k: EntryKind) -> &'static str {
    match (lang, k) {
        (Lang::Sv, EntryKind::Detection) => "Upptäckt",
        (Lang::Sv, EntryKind::Containment) => "Begränsning",
        (Lang::Sv, EntryKind::Eradication) => "Undanröjande",
        (Lang::Sv, EntryKind::Recovery) => "Återställning",
        (Lang::Sv, EntryKind::Communication) => "Kommunikation",
        (Lang::Sv, EntryKind::Notification) => "Anmälan",
        (Lang::Sv, EntryKind::Decision) => "Beslut",
        (Lang::Sv, EntryKind::Evidence) => "Bevissäkring",
        (Lang::Sv, EntryKind::Note) => "Anteckning",
        (Lang::Sv, EntryKind::StatusChange) => "Statusändring",
        (Lang::En, EntryKind::Detection) => "Detection",
        (Lang::En, EntryKind::Containment) => "Containment",
        (Lang::En, EntryKind::Eradication) => "Eradication",
        (Lang::En, EntryKind::Recovery) => "Recovery",
        (Lang::En, EntryKind::Communication) => "Communication",
        (Lang::En, EntryKind::Notification) => "Notification",
        (Lang::En, EntryKind::Decision) => "Decision",
        (Lang::En, EntryKind::Evidence) => "Evidence",
        (Lang::En, EntryKind::Note) => "Note",
        (Lang::En, EntryKind::StatusChange) => "Status change",
    }
}

/// The name of an action status.
pub(crate) fn action_status(lang: Lang, s: ActionStatus) -> &'static str {
    match (lang, s) {
        (Lang::Sv, ActionStatus::Planned) => "planerad",
        (Lang::Sv, ActionStatus::InProgress) => "pågår",
        (Lang::Sv, ActionStatus::Done) => "klar",
        (Lang::Sv, ActionStatus::Cancelled) => "avbruten",
        (Lang::En, ActionStatus::Planned) => "planned",
        (Lang::En, ActionStatus::InProgress) => "in progress",
        (Lang::En, ActionStatus::Done) => "done",
        (Lang::En, ActionStatus::Cancelled) => "cancelled",
    }
}

/// The name of a risk conclusion.
pub(crate) fn conclusion(lang: Lang, c: Conclusion) -> &'static str {
    match (lang, c) {
        (Lang::Sv, Conclusion::NoRisk) => "Ingen risk (osannolikt att incidenten medför en risk)",
        (Lang::Sv, Conclusion::Risk) => "Risk",
        (Lang::Sv, Conclusion::HighRisk) => "Hög risk",
        (Lang::En, Conclusion::NoRisk) => "No risk (unlikely to result in a risk)",
        (Lang::En, Conclusion::Risk) => "Risk",
        (Lang::En, Conclusion::HighRisk) => "High risk",
    }
}

/// The name of an ENISA severity band.
pub(crate) fn band(lang: Lang, b: SeverityBand) -> &'static str {
    match (lang, b) {
        (Lang::Sv, SeverityBand::Low) => "låg",
        (Lang::Sv, SeverityBand::Medium) => "medel",
        (Lang::Sv, SeverityBand::High) => "hög",
        (Lang::Sv, SeverityBand::VeryHigh) => "mycket hög",
        (Lang::En, SeverityBand::Low) => "low",
        (Lang::En, SeverityBand::Medium) => "medium",
        (Lang::En, SeverityBand::High) => "high",
        (Lang::En, SeverityBand::VeryHigh) => "very high",
    }
}

/// The name of an Art. 34(3) exemption.
pub(crate) fn exemption(lang: Lang, e: Exemption) -> &'static str {
    match (lang, e) {
        (Lang::Sv, Exemption::Unintelligible) => {
            "Art. 34.3 a: uppgifterna var oläsliga för obehöriga (t.ex. krypterade)"
        }
        (Lang::Sv, Exemption::RiskRemoved) => {
            "Art. 34.3 b: senare åtgärder gör att den höga risken inte längre är sannolik"
        }
        (Lang::Sv, Exemption::DisproportionateEffort) => {
            "Art. 34.3 c: information till var och en skulle kräva oproportionerligt stor \
             ansträngning; ett offentligt meddelande lämnas i stället"
        }
        (Lang::En, Exemption::Unintelligible) => {
            "Art. 34(3)(a): the data were unintelligible to anyone not authorised (e.g. encrypted)"
        }
        (Lang::En, Exemption::RiskRemoved) => {
            "Art. 34(3)(b): subsequent measures ensure the high risk is no longer likely to materialise"
        }
        (Lang::En, Exemption::DisproportionateEffort) => {
            "Art. 34(3)(c): informing each person would involve disproportionate effort; a public \
             communication is made instead"
        }
    }
}

/// Yes or no.
pub(crate) fn outcome(lang: Lang, o: Outcome) -> &'static str {
    match (lang, o) {
        (Lang::Sv, Outcome::Yes) => "Ja",
        (Lang::Sv, Outcome::No) => "Nej",
        (Lang::En, Outcome::Yes) => "Yes",
        (Lang::En, Outcome::No) => "No",
    }
}

/// The name of a filing phase.
pub(crate) fn phase(lang: Lang, p: Phase) -> &'static str {
    match (lang, p) {
        (Lang::Sv, Phase::Preliminary) => "preliminär anmälan",
        (Lang::Sv, Phase::Complete) => "fullständig anmälan",
        (Lang::Sv, Phase::Supplement) => "komplettering",
        (Lang::Sv, Phase::Final) => "slutrapport",
        (Lang::En, Phase::Preliminary) => "preliminary notification",
        (Lang::En, Phase::Complete) => "complete notification",
        (Lang::En, Phase::Supplement) => "supplement",
        (Lang::En, Phase::Final) => "final report",
    }
}

/// The name of a filing's recipient.
pub(crate) fn recipient(lang: Lang, r: Recipient) -> &'static str {
    match (lang, r) {
        (Lang::Sv, Recipient::Imy) => "IMY",
        (Lang::Sv, Recipient::Police) => "Polisen",
        (Lang::Sv, Recipient::DataSubjects) => "De registrerade",
        (Lang::Sv, Recipient::Public) => "Allmänheten",
        (Lang::Sv, Recipient::Csirt) => "CSIRT (CERT-SE)",
        (Lang::En, Recipient::Imy) => "IMY",
        (Lang::En, Recipient::Police) => "Police",
        (Lang::En, Recipient::DataSubjects) => "Data subjects",
        (Lang::En, Recipient::Public) => "The public",
        (Lang::En, Recipient::Csirt) => "CSIRT (CERT-SE)",
    }
}
