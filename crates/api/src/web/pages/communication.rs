//! `/cases/{id}/communication`: a case's public communication for staff — the notice editor
//! (draft, questions and answers, links, publish, unpublish, the revisions kept) and the
//! residents' inquiries with their Art. 12(3) clocks (extend with a reason, answer with the
//! channel, close, mark handled elsewhere). Only roles that read public communication reach
//! the page (viewers do not: it shows the inquirers' own data); only those who communicate
//! publicly see its forms. Every change goes through the casework use cases, so each is an
//! event on the case's chain.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as UrlForm;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::inquiry::InquiryStatus;
use domain::names::{Language, Named};
use domain::notice::{InquiryService, NoticeContent, NoticeInput};
use domain::{CaseId, InquiryId, Permission, ValidationErrors, allows};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::PagePath;
use crate::web::chrome::{Chrome, lang_of, local, local_opt};
use crate::web::form::Form;

/// The page's fixed words, Swedish and English.
#[derive(Debug)]
pub struct CommunicationTexts {
    pub heading: &'static str,
    pub back: &'static str,
    pub notice: &'static str,
    pub no_notice: &'static str,
    pub published_at: &'static str,
    pub not_published: &'static str,
    pub slug: &'static str,
    pub slug_hint: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub body: &'static str,
    pub contact: &'static str,
    pub links: &'static str,
    pub links_hint: &'static str,
    pub qa: &'static str,
    pub question: &'static str,
    pub answer: &'static str,
    pub show_reference: &'static str,
    pub inquiries_open: &'static str,
    pub privacy_text: &'static str,
    pub privacy_hint: &'static str,
    pub ask_personnummer: &'static str,
    pub save: &'static str,
    pub publish: &'static str,
    pub publish_hint: &'static str,
    pub unpublish: &'static str,
    pub revisions: &'static str,
    pub revision: &'static str,
    pub by: &'static str,
    pub inquiries: &'static str,
    pub no_inquiries: &'static str,
    pub message: &'static str,
    pub received: &'static str,
    pub due: &'static str,
    pub status: &'static str,
    pub person: &'static str,
    pub sent_what: &'static str,
    pub personnummer: &'static str,
    pub purged: &'static str,
    pub extend: &'static str,
    pub reason: &'static str,
    pub answer_action: &'static str,
    pub answer_text: &'static str,
    pub channel: &'static str,
    pub channel_hint: &'static str,
    pub close: &'static str,
    pub handled_elsewhere: &'static str,
    pub extended_because: &'static str,
    pub answered_by: &'static str,
}

const SV: CommunicationTexts = CommunicationTexts {
    heading: "Offentligt meddelande och förfrågningar",
    back: "Tillbaka till ärendet",
    notice: "Offentligt meddelande",
    no_notice: "Inget meddelande ännu. Skriv ett utkast nedan; inget blir offentligt förrän det publiceras.",
    published_at: "Publicerat på",
    not_published: "Inte publicerat (sidan ger 404).",
    slug: "Adress",
    slug_hint: "/notices/… : 3–80 små bokstäver a–z, siffror och bindestreck",
    title: "Rubrik",
    summary: "Vad har hänt",
    body: "Vad vi har gjort och vad du kan göra",
    contact: "Kontakt",
    links: "Länkar",
    links_hint: "En per rad: text | https://adress",
    qa: "Frågor och svar",
    question: "Fråga",
    answer: "Svar",
    show_reference: "Visa ärendets diarienummer på sidan",
    inquiries_open: "Öppna e-tjänsten för förfrågningar",
    privacy_text: "Information om behandlingen av personuppgifter",
    privacy_hint: "Ändamål, rättslig grund, hur länge uppgifterna sparas, kontakt (artikel 13)",
    ask_personnummer: "Fråga efter personnummer",
    save: "Spara utkast",
    publish: "Publicera som ny version",
    publish_hint: "Utkastet blir en ny version som sparas för alltid.",
    unpublish: "Avpublicera",
    revisions: "Publicerade versioner",
    revision: "Version",
    by: "av",
    inquiries: "Förfrågningar från allmänheten",
    no_inquiries: "Inga förfrågningar.",
    message: "Meddelande",
    received: "Mottagen",
    due: "Svar senast",
    status: "Status",
    person: "Personen",
    sent_what: "Vad personen skickat och när",
    personnummer: "Personnummer",
    purged: "Personuppgifterna är gallrade.",
    extend: "Förläng två månader",
    reason: "Skäl",
    answer_action: "Besvara",
    answer_text: "Svaret",
    channel: "Kanal",
    channel_hint: "t.ex. e-post, brev, telefon",
    close: "Stäng",
    handled_elsewhere: "Hanteras i annat ärende",
    extended_because: "Förlängd",
    answered_by: "Besvarad via",
};

const EN: CommunicationTexts = CommunicationTexts {
    heading: "Public notice and inquiries",
    back: "Back to the case",
    notice: "Public notice",
    no_notice: "No notice yet. Write a draft below; nothing is public until it is published.",
    published_at: "Published at",
    not_published: "Not published (the page is 404).",
    slug: "Address",
    slug_hint: "/notices/… : 3–80 lowercase letters a–z, digits and hyphens",
    title: "Title",
    summary: "What happened",
    body: "What we have done and what you can do",
    contact: "Contact",
    links: "Links",
    links_hint: "One per line: text | https://address",
    qa: "Questions and answers",
    question: "Question",
    answer: "Answer",
    show_reference: "Show the case reference on the page",
    inquiries_open: "Open the inquiry e-service",
    privacy_text: "Information on the processing of personal data",
    privacy_hint: "Purpose, legal basis, how long the data is kept, contact (Article 13)",
    ask_personnummer: "Ask for the personal identity number",
    save: "Save draft",
    publish: "Publish as a new revision",
    publish_hint: "The draft becomes a new revision, kept for good.",
    unpublish: "Unpublish",
    revisions: "Published revisions",
    revision: "Revision",
    by: "by",
    inquiries: "Inquiries from the public",
    no_inquiries: "No inquiries.",
    message: "Message",
    received: "Received",
    due: "Answer due",
    status: "Status",
    person: "The person",
    sent_what: "What the person sent, and when",
    personnummer: "Personal identity number",
    purged: "The personal data has been purged.",
    extend: "Extend by two months",
    reason: "Reason",
    answer_action: "Answer",
    answer_text: "The answer",
    channel: "Channel",
    channel_hint: "e.g. e-mail, letter, telephone",
    close: "Close",
    handled_elsewhere: "Handled in another case",
    extended_because: "Extended",
    answered_by: "Answered by",
};

fn texts(lang: Language) -> &'static CommunicationTexts {
    if lang == Language::En { &EN } else { &SV }
}

/// A revision in the list.
pub struct RevisionRow {
    pub number: i32,
    pub published: String,
    pub by: String,
}

/// An inquiry with what the page shows of it.
pub struct InquiryRow {
    pub id: String,
    pub reference: String,
    pub received: String,
    pub due: String,
    pub status: String,
    pub settled: bool,
    pub extendable: bool,
    pub note: String,
    /// The inquirer's own data: name, contact, what and when, message, personnummer (`None`
    /// once purged).
    pub person: Option<[String; 5]>,
    pub personnummer: Option<String>,
    /// The form of this inquiry that was refused, with its errors.
    pub form: Form,
}

#[derive(Template, WebTemplate)]
#[template(path = "communication.html")]
pub struct CommunicationPage {
    pub chrome: Chrome,
    pub t: &'static CommunicationTexts,
    pub case_id: String,
    pub case_title: String,
    pub can_edit: bool,
    pub has_notice: bool,
    pub public_path: Option<String>,
    pub draft: Form,
    pub qa_rows: Vec<(String, String)>,
    pub revisions: Vec<RevisionRow>,
    pub inquiries: Vec<InquiryRow>,
}

/// The draft's fields as the form holds them.
fn draft_form(c: &NoticeContent) -> Form {
    let links = c.links.iter().map(|l| format!("{} | {}", l.label, l.url)).collect::<Vec<_>>().join("\n");
    let mut values = vec![
        ("slug", c.slug.clone()),
        ("title", c.title.clone()),
        ("summary", c.summary.clone()),
        ("body", c.body.clone()),
        ("contact", c.contact.clone()),
        ("links", links),
        ("inquiry_privacy_text", c.inquiries.privacy_text.clone()),
    ];
    for (on, name) in [
        (c.show_reference, "show_reference"),
        (c.inquiries.open, "inquiries_open"),
        (c.inquiries.ask_personnummer, "ask_personnummer"),
    ] {
        if on {
            values.push((name, "on".to_owned()));
        }
    }
    Form::with(&values)
}

/// Blank rows after the questions, for new ones (the form works without script).
const NEW_QA_ROWS: usize = 3;

fn qa_rows(form: &Form, fallback: Vec<(String, String)>) -> Vec<(String, String)> {
    let (questions, answers) = (form.all("question"), form.all("answer"));
    let mut rows: Vec<(String, String)> = if questions.is_empty() {
        fallback
    } else {
        questions.iter().enumerate().map(|(i, q)| (q.clone(), answers.get(i).cloned().unwrap_or_default())).collect()
    };
    rows.retain(|(q, a)| !(q.trim().is_empty() && a.trim().is_empty()));
    rows.extend(std::iter::repeat_n((String::new(), String::new()), NEW_QA_ROWS));
    rows
}

/// The refusal of one inquiry's form, to show beside it.
pub struct FailedInquiry {
    pub id: InquiryId,
    pub form: Form,
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    user: &CurrentUser,
    id: CaseId,
    failed_draft: Option<Form>,
    failed_inquiry: Option<FailedInquiry>,
) -> Result<CommunicationPage, AppError> {
    let chrome = Chrome::new(headers, Some(user), &format!("/cases/{}/communication", id.0), "cases");
    let lang = chrome.lang;
    let t = texts(lang);
    let case = state.store.case(id).await?;
    let tz = state.organisation().await?.time_zone;
    let notice = state.store.notice(id).await?;
    let people = casework::people(&state.store).await?;
    let draft = match (&failed_draft, &notice) {
        (Some(f), _) => f.clone(),
        (None, Some(n)) => draft_form(&n.draft),
        (None, None) => Form::default(),
    };
    let saved_qa = notice
        .as_ref()
        .map(|n| n.draft.qa.iter().map(|q| (q.question.clone(), q.answer.clone())).collect())
        .unwrap_or_default();
    let qa_rows = qa_rows(failed_draft.as_ref().unwrap_or(&Form::default()), saved_qa);
    let mut inquiries = Vec::new();
    let all = state.store.inquiries(id).await?;
    // The people's data of every inquiry of the case in one read, not one per inquiry.
    let mut personal_of = state.store.inquiry_personal_of(&all.iter().map(|i| i.id).collect::<Vec<_>>()).await?;
    for i in all {
        let personal = personal_of.remove(&i.id);
        let form = match &failed_inquiry {
            Some(f) if f.id == i.id => f.form.clone(),
            _ => Form::default(),
        };
        let note = match (&i.extension_reason, &i.answer_channel) {
            (_, Some(channel)) => format!("{} {channel}", t.answered_by),
            (Some(reason), None) => format!("{}: {reason}", t.extended_because),
            (None, None) => String::new(),
        };
        inquiries.push(InquiryRow {
            id: i.id.0.to_string(),
            received: local(i.received_at, tz, lang),
            due: local(i.due_at(tz), tz, lang),
            status: format!(
                "{}{}",
                i.status.name(lang),
                if i.status.is_settled() { format!(" {}", local_opt(i.settled_at, tz, lang)) } else { String::new() }
            ),
            settled: i.status.is_settled(),
            extendable: i.check_extend().is_ok(),
            note,
            person: personal.as_ref().map(|p| {
                [p.name.clone(), p.contact.clone(), p.sent_what.clone(), p.sent_when.clone(), p.message.clone()]
            }),
            personnummer: personal.and_then(|p| p.personnummer),
            reference: i.reference,
            form,
        });
    }
    Ok(CommunicationPage {
        t,
        case_id: id.0.to_string(),
        case_title: case.title.clone(),
        can_edit: allows(user.user.role, Permission::CommunicatePublicly),
        has_notice: notice.is_some(),
        public_path: notice.as_ref().and_then(|n| n.public_slug()).map(|s| format!("/notices/{s}")),
        draft,
        qa_rows,
        revisions: notice
            .map(|n| {
                n.revisions
                    .iter()
                    .rev()
                    .map(|r| RevisionRow {
                        number: r.number,
                        published: local(r.published_at, tz, lang),
                        by: domain::access::name_and_role(&people, &r.published_by, lang),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        inquiries,
        chrome,
    })
}

/// `GET /cases/{id}/communication`.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
) -> Result<CommunicationPage, AppError> {
    render(&state, &headers, &user, CaseId(id), None, None).await
}

/// The links textarea, a link a line: `label | url` (a line without `|` is its own label).
fn links_of(text: &str) -> Vec<(Option<String>, Option<String>)> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let (label, url) = line.rsplit_once('|').unwrap_or((line, line));
            (Some(label.trim().to_owned()), Some(url.trim().to_owned()))
        })
        .collect()
}

/// A domain error about one link or question (`links[2].url`) belongs beside its field.
fn beside_fields(errors: ValidationErrors) -> ValidationErrors {
    ValidationErrors(
        errors
            .0
            .into_iter()
            .map(|mut e| {
                for list in ["links", "qa"] {
                    if e.field.starts_with(&format!("{list}[")) {
                        e.field = list.to_owned();
                    }
                }
                e
            })
            .collect(),
    )
}

fn back_to(id: Uuid, anchor: &str) -> Response {
    Redirect::to(&format!("/cases/{id}/communication#{anchor}")).into_response()
}

/// Saves the draft; refusals come back beside their fields.
pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let (questions, answers) = (form.all("question"), form.all("answer"));
    let qa = questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.trim().to_owned(), answers.get(i).map(|a| a.trim().to_owned()).unwrap_or_default()))
        .filter(|(q, a)| !(q.is_empty() && a.is_empty()))
        .map(|(q, a)| (Some(q).filter(|q| !q.is_empty()), Some(a).filter(|a| !a.is_empty())))
        .collect();
    let input = NoticeInput {
        slug: form.text("slug"),
        title: form.text("title"),
        summary: form.text("summary"),
        body: form.text("body"),
        links: links_of(form.val("links")),
        contact: form.text("contact"),
        qa,
        show_reference: form.text("show_reference").is_some(),
        inquiries: InquiryService {
            open: form.text("inquiries_open").is_some(),
            privacy_text: form.text("inquiry_privacy_text").unwrap_or_default(),
            ask_personnummer: form.text("ask_personnummer").is_some(),
        },
    };
    match state.casework(&user.as_actor()).save_notice_draft(CaseId(id), input).await {
        Ok(_) => Ok(back_to(id, "h-notice")),
        Err(casework::CaseworkError::Invalid(errors)) => {
            let failed = form.failed(beside_fields(errors), &[], lang_of(&headers));
            let page = render(&state, &headers, &user, CaseId(id), Some(failed), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// Publishes the draft as the next revision.
pub async fn publish(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
) -> Result<Response, AppError> {
    match state.casework(&user.as_actor()).publish_notice(CaseId(id)).await {
        Ok(_) => Ok(back_to(id, "h-notice")),
        Err(casework::CaseworkError::Invalid(errors)) => {
            let failed = Form::default().failed(errors, &[("notice", "slug")], lang_of(&headers));
            let page = render(&state, &headers, &user, CaseId(id), Some(failed), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// Takes the public page down; the revisions stay.
pub async fn unpublish(
    State(state): State<AppState>,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
) -> Result<Response, AppError> {
    state.casework(&user.as_actor()).unpublish_notice(CaseId(id)).await?;
    Ok(back_to(id, "h-notice"))
}

/// What a post on one inquiry does.
enum InquiryAction {
    Extend,
    Answer,
    Settle(InquiryStatus),
}

async fn on_inquiry(
    state: AppState,
    headers: HeaderMap,
    user: CurrentUser,
    inquiry: Uuid,
    pairs: Vec<(String, String)>,
    action: InquiryAction,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let id = InquiryId(inquiry);
    let (case_id, _) = state.store.inquiry(id).await?;
    let actor = user.as_actor();
    let work = state.casework(&actor);
    let result = match action {
        InquiryAction::Extend => work.extend_inquiry(id, form.text("reason")).await,
        InquiryAction::Answer => work.answer_inquiry(id, form.text("answer"), form.text("channel")).await,
        InquiryAction::Settle(status) => work.settle_inquiry(id, status).await,
    };
    match result {
        Ok(_) => Ok(back_to(case_id.0, &format!("i-{inquiry}"))),
        Err(casework::CaseworkError::Invalid(errors)) => {
            let failed = FailedInquiry { id, form: form.failed(errors, &[], lang_of(&headers)) };
            let page = render(&state, &headers, &user, case_id, None, Some(failed)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// Extends an inquiry by two months, with the reason given.
pub async fn extend(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    on_inquiry(state, headers, user, id, pairs, InquiryAction::Extend).await
}

/// Answers an inquiry: the text and the channel.
pub async fn answer(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    on_inquiry(state, headers, user, id, pairs, InquiryAction::Answer).await
}

/// Closes an inquiry.
pub async fn close(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    on_inquiry(state, headers, user, id, pairs, InquiryAction::Settle(InquiryStatus::Closed)).await
}

/// Marks an inquiry handled in another case.
pub async fn handled_elsewhere(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    on_inquiry(state, headers, user, id, pairs, InquiryAction::Settle(InquiryStatus::HandledElsewhere)).await
}
