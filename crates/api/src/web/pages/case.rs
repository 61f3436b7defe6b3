//! `/cases/{id}`: the case page — facts, clocks, timeline with inline entry, actions checklist,
//! the ENISA calculator, decisions, filings and drafts — and the form posts that change it.
//! Every post goes through the same domain rules and store as the JSON API; on an error the
//! page comes back with the message beside the field and the input kept.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as UrlForm;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::assessment::{Conclusion, EASE_OF_IDENTIFICATION, NewAssessment};
use domain::case::{CountRange, DataSubjectCategory, PersonalDataCategory};
use domain::decision::{DecisionKind, Exemption, NewDecision, Outcome, in_force};
use domain::filing::{NewFiling, Phase, Recipient};
use domain::{
    ActionCategory, ActionId, ActionPatch, ActionStatus, CaseId, CasePatch, CaseStatus, ControllerId, EntryKind,
    NewAction, NewTimelineEntry, Permission, ValidationErrors, allows,
};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::routes::clocks::LoadedCase;
use crate::state::AppState;
use crate::web::PagePath;
use crate::web::chrome::{Chrome, input_value, lang_of, local, local_opt, parse_input, time_left};
use crate::web::form::Form;
use domain::names::Named;

/// How many timeline entries the page shows before folding the rest away.
const TIMELINE_SHOWN: usize = 15;

/// What the user may do on this page.
pub struct Can {
    pub edit_facts: bool,
    pub log_timeline: bool,
    pub manage_actions: bool,
    pub assess: bool,
    pub decide: bool,
    pub record_filing: bool,
    pub export: bool,
}

pub struct CaseView {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub status: &'static str,
    pub category: &'static str,
    pub controllers: String,
    pub description: String,
    pub breach_types: String,
    pub occurred_from: String,
    pub occurred_to: String,
    pub detected_at: String,
    pub aware_at: String,
    pub aware_justification: String,
    pub detection_method: String,
    pub affected_systems: String,
    pub personal_data: String,
    pub data_subjects: String,
    pub likely_consequences: String,
    pub version: i64,
}

pub struct ClockRow {
    pub name: &'static str,
    pub state: &'static str,
    pub state_code: &'static str,
    pub starts_local: String,
    pub due_local: String,
    pub due_rfc3339: String,
    pub left: String,
    pub pending: bool,
    pub met_local: String,
}

/// One thing to do next.
pub struct NextStep {
    pub text: String,
    pub urgent: bool,
    pub anchor: &'static str,
}

/// What the user should do next on this case, most urgent first: overdue and running clocks
/// by due time, then the assessment and the decisions the law asks for.
fn next_steps(loaded: &LoadedCase, clocks: &[domain::Clock], chrome: &Chrome) -> Vec<NextStep> {
    let (lang, t, tz) = (chrome.lang, chrome.t, loaded.org.time_zone);
    let sv = lang == report::Lang::Sv;
    let mut steps = Vec::new();
    if !loaded.case.status.is_open() {
        return steps;
    }
    // GDPR Art. 34(1): a high risk asks at once how the data subjects are to be informed.
    if loaded.file().high_risk_since().is_some()
        && in_force(&loaded.decisions, DecisionKind::InformDataSubjects).is_none()
    {
        let text = if sv {
            "Besluta hur de registrerade ska informeras (hög risk: utan onödigt dröjsmål)"
        } else {
            "Decide how to inform the data subjects (high risk: without undue delay)"
        };
        steps.push(NextStep { text: text.to_owned(), urgent: true, anchor: "h-decisions" });
    }
    let mut clocks: Vec<_> = clocks.iter().filter(|c| c.is_pending()).collect();
    clocks.sort_by_key(|c| c.due_at);
    for clock in clocks.iter().take(3) {
        let due = clock.due_at.map(|d| local(d, tz)).unwrap_or_default();
        let overdue = clock.state == domain::ClockState::Missed;
        let text = match (overdue, sv) {
            (true, true) => format!("{}: {} – skulle ha varit klar {due}", t.overdue, clock.clock.name(lang)),
            (true, false) => format!("{}: {} – was due {due}", t.overdue, clock.clock.name(lang)),
            (false, true) => format!("{} senast {due}", clock.clock.name(lang)),
            (false, false) => format!("{} by {due}", clock.clock.name(lang)),
        };
        steps.push(NextStep { text, urgent: overdue, anchor: "h-filings" });
    }
    if loaded.assessment.is_none() {
        let text = if sv {
            "Gör riskbedömningen (ENISA) och dra din slutsats"
        } else {
            "Make the risk assessment (ENISA) and conclude"
        };
        steps.push(NextStep { text: text.to_owned(), urgent: false, anchor: "h-assessment" });
    }
    for kind in [DecisionKind::NotifyImy, DecisionKind::InformDataSubjects] {
        if in_force(&loaded.decisions, kind).is_none() {
            let text =
                if sv { format!("Fatta beslut: {}", kind.name(lang)) } else { format!("Decide: {}", kind.name(lang)) };
            steps.push(NextStep { text, urgent: false, anchor: "h-decisions" });
        }
    }
    steps
}

pub struct EntryRow {
    pub when: String,
    /// Who wrote it, by name and role.
    pub by: String,
    pub kind: &'static str,
    pub text: String,
}

pub struct ActionRow {
    pub id: String,
    pub title: String,
    pub category: &'static str,
    pub owner: String,
    pub status: &'static str,
    pub done: bool,
}

pub struct AssessmentRow {
    pub score: String,
    pub band: &'static str,
    pub conclusion: &'static str,
    pub justification: String,
    pub below_band_reason: String,
    /// Who assessed, by name and role, and when.
    pub by: String,
}

pub struct DecisionRow {
    pub kind: &'static str,
    pub outcome: &'static str,
    pub exemption: &'static str,
    pub reasons: String,
    pub by: String,
    pub when: String,
    pub revision: i32,
    pub in_force: bool,
}

pub struct FilingRow {
    pub recipient: &'static str,
    pub controller: String,
    pub phase: &'static str,
    pub when: String,
    pub late: bool,
    pub reference: String,
    /// The description of the item kept as its receipt, or "".
    pub receipt: String,
}

/// The forms of the page; the one that failed carries its input and errors.
#[derive(Default)]
pub struct CaseForms {
    pub facts: Option<Form>,
    pub status: Option<Form>,
    pub entry: Option<Form>,
    pub action: Option<Form>,
    pub assessment: Option<Form>,
    pub decision: Option<Form>,
    pub filing: Option<Form>,
    pub police: Option<Form>,
    pub evidence: Option<Form>,
}

type Options = Vec<(String, String)>;

#[derive(Template, WebTemplate)]
#[template(path = "case.html")]
pub struct CasePage {
    pub chrome: Chrome,
    pub time_zone: String,
    pub notice: Option<String>,
    /// What to do next, most urgent first (a handful).
    pub next_steps: Vec<NextStep>,
    pub can: Can,
    pub case: CaseView,
    pub clocks: Vec<ClockRow>,
    /// The latest entries, newest first.
    pub timeline: Vec<EntryRow>,
    /// The older ones, behind a disclosure.
    pub timeline_older: Vec<EntryRow>,
    pub actions: Vec<ActionRow>,
    pub assessment: Option<AssessmentRow>,
    pub decisions: Vec<DecisionRow>,
    pub filings: Vec<FilingRow>,
    pub drafts: Vec<(String, &'static str)>,
    pub facts: Form,
    pub status_form: Form,
    pub entry_form: Form,
    pub action_form: Form,
    pub assessment_form: Form,
    pub decision_form: Form,
    pub filing_form: Form,
    pub police_form: Form,
    pub personal_data_options: Options,
    pub cause_options: Options,
    pub data_subject_options: Options,
    pub status_options: Options,
    pub entry_kinds: Options,
    pub action_categories: Options,
    pub dpc_options: Options,
    pub ei_options: Options,
    pub cb_options: Options,
    pub yes_no: Options,
    pub conclusions: Options,
    pub decision_kinds: Options,
    pub outcomes: Options,
    pub exemptions: Options,
    pub recipients: Options,
    pub phases: Options,
    pub case_controllers: Options,
    pub evidence: super::evidence::EvidenceSection,
}

fn options<T: Named>(all: &[T], code: fn(T) -> &'static str, lang: report::Lang) -> Options {
    all.iter().map(|v| (code(*v).to_owned(), v.name(lang).to_owned())).collect()
}

fn numbers(values: &[f64]) -> Options {
    values.iter().map(|v| (v.to_string(), v.to_string())).collect()
}

pub(super) async fn render(
    state: &AppState,
    headers: &HeaderMap,
    user: &CurrentUser,
    id: CaseId,
    forms: CaseForms,
    notice: Option<String>,
) -> Result<CasePage, AppError> {
    let loaded = LoadedCase::load(&state.store, id).await?;
    let path = format!("/cases/{}", id);
    let chrome = Chrome::new(headers, Some(user), &path, "case");
    let lang = chrome.lang;
    let tz = loaded.org.time_zone;
    let now = state.now();
    let role = user.user.role;
    let controllers = state.store.controllers_by_id(&loaded.case.controller_ids).await?;
    let timeline = state.store.timeline(id).await?;
    let actions = state.store.actions(id).await?;
    let police = state.store.police_details(id).await?;
    let people = casework::people(&state.store).await?;
    let by = |actor: &str| domain::access::name_and_role(&people, actor, lang);
    let evidence_items = state.store.evidence_items(id).await?;
    let receipts = super::evidence::receipts(&evidence_items);
    let clocks = loaded.clocks(now);
    let c = &loaded.case;
    let joined = |labels: Vec<&str>| labels.join(", ");
    let case = CaseView {
        id: c.id.to_string(),
        reference: c.reference.to_string(),
        title: c.title.clone(),
        status: c.status.name(lang),
        category: c.category.name(lang),
        controllers: controllers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", "),
        description: c.description.clone(),
        breach_types: joined(c.breach_types.iter().map(|b| b.name(lang)).collect()),
        occurred_from: local_opt(c.occurred_from, tz),
        occurred_to: local_opt(c.occurred_to, tz),
        detected_at: local(c.detected_at, tz),
        aware_at: local(c.aware_at, tz),
        aware_justification: c.aware_justification.clone().unwrap_or_default(),
        detection_method: c.detection_method.clone().unwrap_or_default(),
        affected_systems: c.affected_systems.join("\n"),
        personal_data: joined(c.personal_data_categories.iter().map(|p| p.name(lang)).collect()),
        data_subjects: {
            let categories = joined(c.data_subject_categories.iter().map(|d| d.name(lang)).collect());
            match c.data_subjects_count {
                Some(r) => format!("{categories} ({}–{})", r.min, r.max),
                None => categories,
            }
        },
        likely_consequences: c.likely_consequences.clone().unwrap_or_default(),
        version: c.version,
    };
    let facts_default = Form::with(&[
        ("title", c.title.clone()),
        ("description", c.description.clone()),
        ("occurred_from", input_value(c.occurred_from, tz)),
        ("occurred_to", input_value(c.occurred_to, tz)),
        ("detected_at", input_value(Some(c.detected_at), tz)),
        ("aware_at", input_value(Some(c.aware_at), tz)),
        ("aware_justification", c.aware_justification.clone().unwrap_or_default()),
        ("detection_method", c.detection_method.clone().unwrap_or_default()),
        ("affected_systems", c.affected_systems.join("\n")),
        ("likely_consequences", c.likely_consequences.clone().unwrap_or_default()),
        ("data_subjects_min", c.data_subjects_count.map(|r| r.min.to_string()).unwrap_or_default()),
        ("data_subjects_max", c.data_subjects_count.map(|r| r.max.to_string()).unwrap_or_default()),
        ("cause", c.cause.map(|c| c.as_str().to_owned()).unwrap_or_default()),
        ("member_states", c.member_states.join(", ")),
        ("processor_aware_at", input_value(c.processor_aware_at, tz)),
        ("processor_notified_controller_at", input_value(c.processor_notified_controller_at, tz)),
        ("police_delay_requested_at", input_value(c.police_delay_requested_at, tz)),
        ("police_delay_until", input_value(c.police_delay_until, tz)),
    ]);
    let mut facts_default = facts_default;
    for p in &c.personal_data_categories {
        facts_default = facts_default.also("personal_data_categories", p.as_str());
    }
    for d in &c.data_subject_categories {
        facts_default = facts_default.also("data_subject_categories", d.as_str());
    }
    // Newest first by when it happened; the rest of a long timeline folds away.
    let mut sorted: Vec<_> = timeline.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse((e.occurred_at, e.seq)));
    let mut entries = sorted.into_iter().map(|e| EntryRow {
        when: local(e.occurred_at, tz),
        by: by(&e.actor),
        kind: e.kind.name(lang),
        text: e.text_in(lang, tz),
    });
    let base = format!("/api/v1/cases/{}/drafts", c.id);
    let lang_q = format!("lang={}", lang.as_str());
    let mut drafts: Vec<(String, &'static str)> = Vec::new();
    for controller in &controllers {
        drafts.push((format!("{base}/imy.pdf?controller_id={}&{lang_q}", controller.id), chrome.t.draft_imy));
    }
    if controllers.is_empty() {
        drafts.push((format!("{base}/imy.pdf?{lang_q}"), chrome.t.draft_imy));
    }
    drafts.push((format!("{base}/police.pdf?{lang_q}"), chrome.t.draft_police));
    drafts.push((format!("{base}/data-subjects.pdf?{lang_q}"), chrome.t.draft_data_subjects));
    let mut case_controllers: Options = vec![(String::new(), "–".to_owned())];
    case_controllers.extend(controllers.iter().map(|c| (c.id.to_string(), c.name.clone())));
    let mut exemptions: Options = vec![(String::new(), chrome.t.none.to_owned())];
    exemptions.extend(options(Exemption::ALL, Exemption::as_str, lang));
    let statuses: Options = std::iter::once((String::new(), "–".to_owned()))
        .chain(
            CaseStatus::ALL
                .iter()
                .filter(|s| c.status.can_become(**s))
                .map(|s| (s.as_str().to_owned(), s.name(lang).to_owned())),
        )
        .collect();
    Ok(CasePage {
        time_zone: tz.name().to_owned(),
        notice,
        next_steps: next_steps(&loaded, &clocks, &chrome),
        can: Can {
            edit_facts: allows(role, Permission::EditCaseFacts),
            log_timeline: allows(role, Permission::LogTimeline),
            manage_actions: allows(role, Permission::ManageActions),
            assess: allows(role, Permission::Assess),
            decide: allows(role, Permission::Decide),
            record_filing: allows(role, Permission::RecordFiling),
            export: allows(role, Permission::ExportDrafts),
        },
        clocks: clocks
            .iter()
            .map(|k| ClockRow {
                name: k.clock.name(lang),
                state: k.state.name(lang),
                state_code: k.state.as_str(),
                starts_local: local_opt(k.starts_at, tz),
                due_local: local_opt(k.due_at, tz),
                due_rfc3339: k.due_at.map(|d| d.to_rfc3339()).unwrap_or_default(),
                left: k.due_at.map(|d| time_left(d, now, chrome.t)).unwrap_or_default(),
                pending: k.is_pending(),
                met_local: local_opt(k.met_at, tz),
            })
            .collect(),
        timeline: entries.by_ref().take(TIMELINE_SHOWN).collect(),
        timeline_older: entries.collect(),
        actions: actions
            .iter()
            .map(|a| ActionRow {
                id: a.id.to_string(),
                title: a.title.clone(),
                category: a.category.name(lang),
                owner: a.owner.clone().unwrap_or_default(),
                status: a.status.name(lang),
                done: a.status == ActionStatus::Done,
            })
            .collect(),
        assessment: loaded.assessment.as_ref().map(|a| AssessmentRow {
            score: a.score.to_string(),
            band: a.band.name(lang),
            conclusion: a.conclusion.name(lang),
            justification: a.justification.clone(),
            below_band_reason: a.below_band_reason.clone().unwrap_or_default(),
            by: format!("{}, {}", by(&a.assessed_by), local(a.assessed_at, tz)),
        }),
        decisions: loaded
            .decisions
            .iter()
            .map(|d| DecisionRow {
                kind: d.kind.name(lang),
                outcome: d.outcome.name(lang),
                exemption: d.exemption.map_or("", |e| e.name(lang)),
                reasons: d.reasons.clone(),
                by: by(&d.decided_by),
                when: local(d.decided_at, tz),
                revision: d.revision,
                in_force: in_force(&loaded.decisions, d.kind).is_some_and(|f| f.id == d.id),
            })
            .collect(),
        filings: loaded
            .filings
            .iter()
            .map(|f| FilingRow {
                recipient: f.recipient.name(lang),
                controller: f
                    .controller_id
                    .and_then(|id| controllers.iter().find(|c| c.id == id))
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                phase: f.phase.name(lang),
                when: local(f.submitted_at, tz),
                late: f.due_at.is_some_and(|d| f.submitted_at > d),
                reference: f.reference.clone().unwrap_or_default(),
                receipt: receipts.iter().find(|(id, _)| *id == f.id).map(|(_, d)| d.clone()).unwrap_or_default(),
            })
            .collect(),
        drafts,
        facts: forms.facts.unwrap_or(facts_default),
        status_form: forms.status.unwrap_or_default(),
        entry_form: forms
            .entry
            .unwrap_or_else(|| Form::with(&[("occurred_at", input_value(Some(now), tz)), ("kind", "note".into())])),
        action_form: forms.action.unwrap_or_default(),
        assessment_form: forms.assessment.unwrap_or_else(|| match &loaded.assessment {
            Some(a) => Form::with(&[
                ("dpc", a.dpc.to_string()),
                ("ei", a.ei.to_string()),
                ("cb_confidentiality", a.cb_confidentiality.to_string()),
                ("cb_integrity", a.cb_integrity.to_string()),
                ("cb_availability", a.cb_availability.to_string()),
                ("malicious", if a.malicious { "yes" } else { "no" }.into()),
                ("conclusion", a.conclusion.as_str().into()),
            ]),
            None => Form::default(),
        }),
        decision_form: forms.decision.unwrap_or_default(),
        police_form: forms.police.unwrap_or_else(|| {
            let d = police.map(|p| p.details).unwrap_or_default();
            let v = |o: Option<String>| o.unwrap_or_default();
            Form::with(&[
                ("signatory", v(d.signatory)),
                ("technical_details", v(d.technical_details)),
                ("attacker_traces", v(d.attacker_traces)),
                ("evidence_custody", v(d.evidence_custody)),
                ("damage", v(d.damage)),
                ("ransom_demand", v(d.ransom_demand)),
                ("suspects", v(d.suspects)),
                ("money_moved", if d.money_moved { "on".to_owned() } else { String::new() }),
            ])
        }),
        filing_form: forms.filing.unwrap_or_else(|| Form::with(&[("submitted_at", input_value(Some(now), tz))])),
        personal_data_options: options(PersonalDataCategory::ALL, PersonalDataCategory::as_str, lang),
        cause_options: {
            let mut all = vec![(String::new(), "–".to_owned())];
            all.extend(options(domain::case::Cause::ALL, domain::case::Cause::as_str, lang));
            all
        },
        data_subject_options: options(DataSubjectCategory::ALL, DataSubjectCategory::as_str, lang),
        status_options: statuses,
        entry_kinds: options(
            &EntryKind::ALL.iter().copied().filter(|k| *k != EntryKind::StatusChange).collect::<Vec<_>>(),
            EntryKind::as_str,
            lang,
        ),
        action_categories: options(ActionCategory::ALL, ActionCategory::as_str, lang),
        dpc_options: (1..=4).map(|d| (d.to_string(), d.to_string())).collect(),
        ei_options: numbers(&EASE_OF_IDENTIFICATION),
        cb_options: numbers(&domain::assessment::CIRCUMSTANCE_STEPS),
        yes_no: vec![("no".into(), false.name(lang).into()), ("yes".into(), true.name(lang).into())],
        conclusions: options(Conclusion::ALL, Conclusion::as_str, lang),
        decision_kinds: options(DecisionKind::ALL, DecisionKind::as_str, lang),
        outcomes: options(Outcome::ALL, Outcome::as_str, lang),
        exemptions,
        recipients: options(Recipient::ALL, Recipient::as_str, lang),
        phases: options(Phase::ALL, Phase::as_str, lang),
        case_controllers,
        evidence: super::evidence::section(&evidence_items, role, lang, tz, &timeline, &loaded.filings, forms.evidence),
        case,
        chrome,
    })
}

/// The case page.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
) -> Result<CasePage, AppError> {
    render(&state, &headers, &user, CaseId(id), CaseForms::default(), None).await
}

/// After a successful post: back to the section that changed (PRG, so a reload posts nothing).
fn back(id: Uuid, section: &str) -> Response {
    Redirect::to(&format!("/cases/{id}#{section}")).into_response()
}

/// A form post to a case page: where the result goes.
struct Post<'a> {
    state: &'a AppState,
    headers: &'a HeaderMap,
    user: &'a CurrentUser,
    id: Uuid,
}

impl Post<'_> {
    /// The outcome of a post: the redirect, or the page again with the failed form (its input
    /// kept, each error beside its field; `rename` maps API field names to form names).
    async fn settle<T>(
        &self,
        section: &str,
        result: Result<T, impl Into<AppError>>,
        form: Form,
        place: fn(&mut CaseForms, Form),
        rename: &[(&str, &str)],
    ) -> Result<Response, AppError> {
        let Post { state, headers, user, id } = *self;
        let errors = match result.map_err(Into::into) {
            Ok(_) => return Ok(back(id, section)),
            Err(AppError::Validation(errors)) => errors,
            Err(AppError::Stale { .. }) => {
                let notice = Chrome::new(headers, Some(user), "", "case").t.stale_notice.to_owned();
                let page = render(state, headers, user, CaseId(id), CaseForms::default(), Some(notice)).await?;
                return Ok((StatusCode::PRECONDITION_FAILED, page).into_response());
            }
            Err(other) => return Err(other),
        };
        let mut forms = CaseForms::default();
        place(&mut forms, form.failed(errors, rename, lang_of(headers)));
        let page = render(state, headers, user, CaseId(id), forms, None).await?;
        Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    }
}

/// Parses an optional `datetime-local` field, recording an error when it is not one.
fn instant_field(
    form: &Form,
    name: &str,
    tz: chrono_tz::Tz,
    errors: &mut ValidationErrors,
) -> Option<Option<chrono::DateTime<chrono::Utc>>> {
    let value = form.val(name).trim();
    if value.is_empty() {
        return Some(None);
    }
    match parse_input(value, tz) {
        Ok(t) => Some(Some(t)),
        Err(e) => {
            errors.add(name, e.to_string());
            None
        }
    }
}

fn version_of(form: &Form) -> Option<i64> {
    form.val("version").parse().ok()
}

/// Saves the facts (If-Match by the version the form was rendered with).
pub async fn facts(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let tz = state.organisation().await?.time_zone;
    let current = state.store.case(CaseId(id)).await?;
    let mut errors = ValidationErrors::default();
    // The form shows instants to the minute in local time: an instant is only taken from it
    // when the user changed it, so saving a title never moves the legal clocks (seconds, or
    // the repeated hour of the autumn switch).
    let mut changed = |name: &str, stored: Option<chrono::DateTime<chrono::Utc>>| {
        if form.val(name).trim() == input_value(stored, tz) {
            None
        } else {
            instant_field(&form, name, tz, &mut errors)
        }
    };
    let occurred_from = changed("occurred_from", current.occurred_from);
    let occurred_to = changed("occurred_to", current.occurred_to);
    let detected_at = changed("detected_at", Some(current.detected_at)).flatten();
    let aware_at = changed("aware_at", Some(current.aware_at)).flatten();
    let processor_aware_at = changed("processor_aware_at", current.processor_aware_at);
    let processor_notified_controller_at =
        changed("processor_notified_controller_at", current.processor_notified_controller_at);
    let police_delay_requested_at = changed("police_delay_requested_at", current.police_delay_requested_at);
    let police_delay_until = changed("police_delay_until", current.police_delay_until);
    let count = |name: &str, errors: &mut ValidationErrors| {
        let v = form.val(name).trim();
        if v.is_empty() {
            return None;
        }
        v.parse::<u64>().map_err(|_| errors.add(name, "must be a whole number")).ok()
    };
    let min = count("data_subjects_min", &mut errors);
    let max = count("data_subjects_max", &mut errors);
    let result = if errors.is_empty() {
        let patch = CasePatch {
            title: Some(form.val("title").to_owned()),
            description: Some(form.val("description").to_owned()),
            occurred_from,
            occurred_to,
            detected_at,
            aware_at,
            aware_justification: Some(form.text("aware_justification")),
            detection_method: Some(form.text("detection_method")),
            affected_systems: Some(
                form.val("affected_systems").lines().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect(),
            ),
            personal_data_categories: Some(
                form.all("personal_data_categories").iter().filter_map(|p| PersonalDataCategory::parse(p)).collect(),
            ),
            data_subject_categories: Some(
                form.all("data_subject_categories").iter().filter_map(|d| DataSubjectCategory::parse(d)).collect(),
            ),
            data_subjects_count: Some(match (min, max) {
                (Some(min), Some(max)) => Some(CountRange { min, max }),
                (Some(n), None) | (None, Some(n)) => Some(CountRange { min: n, max: n }),
                (None, None) => None,
            }),
            likely_consequences: Some(form.text("likely_consequences")),
            cause: Some(domain::case::Cause::parse(form.val("cause").trim())),
            member_states: Some(
                form.val("member_states").split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect(),
            ),
            processor_aware_at,
            processor_notified_controller_at,
            police_delay_requested_at,
            police_delay_until,
            ..CasePatch::default()
        };
        state.casework(&user.as_actor()).change_case(CaseId(id), version_of(&form), patch, form.text("reason")).await
    } else {
        Err(errors.into())
    };
    Post { state: &state, headers: &headers, user: &user, id }
        .settle("h-facts", result, form, |f, x| f.facts = Some(x), &[])
        .await
}

/// Changes the status.
pub async fn status(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let result = match CaseStatus::parse(form.val("status")) {
        None => Err(ValidationErrors::single("status", "choose a status").into()),
        Some(to) => {
            let patch = CasePatch {
                status: Some(to),
                not_a_breach_reason: form.text("not_a_breach_reason").map(Some),
                ..CasePatch::default()
            };
            state
                .casework(&user.as_actor())
                .change_case(CaseId(id), version_of(&form), patch, form.text("reason"))
                .await
        }
    };
    Post { state: &state, headers: &headers, user: &user, id }
        .settle("h-facts", result, form, |f, x| f.status = Some(x), &[])
        .await
}

/// Adds a timeline entry.
pub async fn timeline(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let tz = state.organisation().await?.time_zone;
    let mut errors = ValidationErrors::default();
    let occurred_at = instant_field(&form, "occurred_at", tz, &mut errors).flatten();
    let result = if errors.is_empty() {
        let entry = NewTimelineEntry {
            occurred_at,
            kind: EntryKind::parse(form.val("kind")),
            text: form.text("text"),
            corrects: None,
        };
        state.casework(&user.as_actor()).log_entry(CaseId(id), entry).await
    } else {
        Err(errors.into())
    };
    Post { state: &state, headers: &headers, user: &user, id }
        .settle("h-timeline", result, form, |f, x| f.entry = Some(x), &[])
        .await
}

/// Adds an action.
pub async fn add_action(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let new = NewAction {
        title: form.text("action_title"),
        category: ActionCategory::parse(form.val("action_category")),
        owner: form.text("owner"),
        ..NewAction::default()
    };
    let result = state.casework(&user.as_actor()).add_action(CaseId(id), new).await;
    let rename = [("title", "action_title"), ("category", "action_category")];
    Post { state: &state, headers: &headers, user: &user, id }
        .settle("h-actions", result, form, |f, x| f.action = Some(x), &rename)
        .await
}

/// Ticks an action done (or reopens it).
pub async fn update_action(
    State(state): State<AppState>,
    user: CurrentUser,
    PagePath((id, action_id)): PagePath<(Uuid, Uuid)>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let status =
        ActionStatus::parse(form.val("status")).ok_or_else(|| ValidationErrors::single("status", "unknown status"))?;
    let patch = ActionPatch { status: Some(status), ..ActionPatch::default() };
    state.casework(&user.as_actor()).change_action(CaseId(id), ActionId(action_id), patch).await?;
    Ok(back(id, "h-actions"))
}

/// Records the assessment.
pub async fn assessment(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let number = |name: &str| form.val(name).parse::<f64>().ok();
    let input = NewAssessment {
        dpc: form.val("dpc").parse().ok(),
        ei: number("ei"),
        cb_confidentiality: number("cb_confidentiality"),
        cb_integrity: number("cb_integrity"),
        cb_availability: number("cb_availability"),
        malicious: Some(form.val("malicious") == "yes"),
        conclusion: Conclusion::parse(form.val("conclusion")),
        justification: form.text("justification"),
        below_band_reason: form.text("below_band_reason"),
    };
    let result = state.casework(&user.as_actor()).assess(CaseId(id), input).await;
    Post { state: &state, headers: &headers, user: &user, id }
        .settle("h-assessment", result, form, |f, x| f.assessment = Some(x), &[])
        .await
}

/// Records a decision.
pub async fn decision(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let input = NewDecision {
        kind: DecisionKind::parse(form.val("decision")),
        outcome: Outcome::parse(form.val("outcome")),
        reasons: form.text("reasons"),
        exemption: Exemption::parse(form.val("exemption")),
    };
    let result = state.casework(&user.as_actor()).decide(CaseId(id), input).await;
    Post { state: &state, headers: &headers, user: &user, id }
        .settle("h-decisions", result, form, |f, x| f.decision = Some(x), &[])
        .await
}

/// Records a filing.
pub async fn filing(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let tz = state.organisation().await?.time_zone;
    let result = async {
        let mut errors = ValidationErrors::default();
        let submitted_at = instant_field(&form, "submitted_at", tz, &mut errors).flatten();
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let input = NewFiling {
            recipient: Recipient::parse(form.val("recipient")),
            phase: Phase::parse(form.val("phase")),
            controller_id: form.val("controller_id").parse::<Uuid>().ok().map(ControllerId),
            submitted_at,
            reference: form.text("reference"),
            channel: form.text("channel"),
            delay_reasons: form.text("delay_reasons"),
            pdf_sha256: form.text("pdf_sha256"),
        };
        state.casework(&user.as_actor()).file(CaseId(id), input).await
    }
    .await;
    Post { state: &state, headers: &headers, user: &user, id }
        .settle("h-filings", result, form, |f, x| f.filing = Some(x), &[])
        .await
}

/// Saves the details for the police report.
pub async fn police_details(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let details = domain::police::PoliceDetails {
        signatory: form.text("signatory"),
        technical_details: form.text("technical_details"),
        attacker_traces: form.text("attacker_traces"),
        evidence_custody: form.text("evidence_custody"),
        damage: form.text("damage"),
        ransom_demand: form.text("ransom_demand"),
        suspects: form.text("suspects"),
        money_moved: form.val("money_moved") == "on",
    };
    let result = state.casework(&user.as_actor()).save_police_details(CaseId(id), details).await;
    Post { state: &state, headers: &headers, user: &user, id }
        .settle("h-filings", result, form, |f, x| f.police = Some(x), &[])
        .await
}
