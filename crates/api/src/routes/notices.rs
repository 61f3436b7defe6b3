//! `/api/v1/cases/{id}/notice` and the residents' inquiries: the staff side of a case's public
//! communication. The public side is `web::pages::public`.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use domain::inquiry::{Inquiry, InquiryStatus};
use domain::notice::{InquiryService, Notice, NoticeContent, NoticeInput, NoticeLink, NoticeRevision, QuestionAnswer};
use domain::{CaseId, InquiryId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::error::{AppError, Problem};
use crate::extract::{JsonBody, Path};
use crate::state::AppState;

/// A link on the notice.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkBody {
    /// What it is called.
    #[schema(required = true)]
    pub label: Option<String>,
    /// Where it goes (http or https).
    #[schema(required = true)]
    pub url: Option<String>,
}

/// A question and its answer.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QaBody {
    /// The question.
    #[schema(required = true)]
    pub question: Option<String>,
    /// The answer (may wait while drafting).
    pub answer: Option<String>,
}

/// Body of `PUT /api/v1/cases/{id}/notice`: the draft.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeDraftBody {
    /// The public address part, `/notices/{slug}`: 3 to 80 of a-z, 0-9 and single hyphens.
    #[schema(required = true)]
    pub slug: Option<String>,
    /// The headline.
    #[schema(required = true)]
    pub title: Option<String>,
    /// What happened, in short.
    pub summary: Option<String>,
    /// What we have done and what you can do.
    pub body: Option<String>,
    /// Advice and links.
    #[serde(default)]
    pub links: Vec<LinkBody>,
    /// Whom to contact.
    pub contact: Option<String>,
    /// Questions and answers, in order.
    #[serde(default)]
    pub qa: Vec<QaBody>,
    /// Whether the public page shows the case reference (default no).
    #[serde(default)]
    pub show_reference: bool,
    /// Whether residents may send inquiries through the notice (default no).
    #[serde(default)]
    pub inquiries_open: bool,
    /// How the inquirers' data is handled (required while inquiries are open; GDPR Art. 13).
    pub inquiry_privacy_text: Option<String>,
    /// Whether the inquiry form asks for a personnummer (default no).
    #[serde(default)]
    pub ask_personnummer: bool,
}

impl From<NoticeDraftBody> for NoticeInput {
    fn from(b: NoticeDraftBody) -> Self {
        NoticeInput {
            slug: b.slug,
            title: b.title,
            summary: b.summary,
            body: b.body,
            links: b.links.into_iter().map(|l| (l.label, l.url)).collect(),
            contact: b.contact,
            qa: b.qa.into_iter().map(|q| (q.question, q.answer)).collect(),
            show_reference: b.show_reference,
            inquiries: InquiryService {
                open: b.inquiries_open,
                privacy_text: b.inquiry_privacy_text.unwrap_or_default(),
                ask_personnummer: b.ask_personnummer,
            },
        }
    }
}

/// What a notice says (draft or revision).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NoticeContentView {
    /// The public address part.
    pub slug: String,
    /// The headline.
    pub title: String,
    /// What happened.
    pub summary: String,
    /// What we have done and what you can do.
    pub body: String,
    /// Links.
    pub links: Vec<LinkBody>,
    /// Whom to contact.
    pub contact: String,
    /// Questions and answers.
    pub qa: Vec<QaBody>,
    /// Whether the public page shows the case reference.
    pub show_reference: bool,
    /// Whether the inquiry e-service is open.
    pub inquiries_open: bool,
    /// The information text on how inquirers' data is handled.
    pub inquiry_privacy_text: String,
    /// Whether the form asks for a personnummer.
    pub ask_personnummer: bool,
}

impl From<NoticeContent> for NoticeContentView {
    fn from(c: NoticeContent) -> Self {
        NoticeContentView {
            slug: c.slug,
            title: c.title,
            summary: c.summary,
            body: c.body,
            links: c
                .links
                .into_iter()
                .map(|NoticeLink { label, url }| LinkBody { label: Some(label), url: Some(url) })
                .collect(),
            contact: c.contact,
            qa: c
                .qa
                .into_iter()
                .map(|QuestionAnswer { question, answer }| QaBody { question: Some(question), answer: Some(answer) })
                .collect(),
            show_reference: c.show_reference,
            inquiries_open: c.inquiries.open,
            inquiry_privacy_text: c.inquiries.privacy_text,
            ask_personnummer: c.inquiries.ask_personnummer,
        }
    }
}

/// A published revision.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RevisionView {
    /// 1, 2, ... in the order published.
    pub number: i32,
    /// When it was published.
    pub published_at: DateTime<Utc>,
    /// Who published it (user id).
    pub published_by: String,
    /// What it said.
    pub content: NoticeContentView,
}

impl From<NoticeRevision> for RevisionView {
    fn from(r: NoticeRevision) -> Self {
        RevisionView {
            number: r.number,
            published_at: r.published_at,
            published_by: r.published_by,
            content: r.content.into(),
        }
    }
}

/// A case's notice.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NoticeView {
    /// The draft.
    pub draft: NoticeContentView,
    /// When the draft was last saved.
    pub draft_saved_at: DateTime<Utc>,
    /// Whether the public page is up.
    pub published: bool,
    /// The public address while published, e.g. `/notices/it-attacken`.
    pub public_path: Option<String>,
    /// Every revision, oldest first.
    pub revisions: Vec<RevisionView>,
}

impl From<Notice> for NoticeView {
    fn from(n: Notice) -> Self {
        NoticeView {
            public_path: n.public_slug().map(|s| format!("/notices/{s}")),
            draft: n.draft.into(),
            draft_saved_at: n.draft_saved_at,
            published: n.published,
            revisions: n.revisions.into_iter().map(RevisionView::from).collect(),
        }
    }
}

/// Saves the notice's draft (public text; nothing is public until published).
#[utoipa::path(put, path = "/cases/{id}/notice", tag = "public", request_body = NoticeDraftBody,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The notice with its draft and revisions", body = NoticeView),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not communicate publicly, or a cross-site request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or invalid fields, each named", body = Problem, content_type = "application/problem+json"),
    ))]
async fn save_draft(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    JsonBody(body): JsonBody<NoticeDraftBody>,
) -> Result<Json<NoticeView>, AppError> {
    let notice = state.casework(&current.as_actor()).save_notice_draft(CaseId(id), body.into()).await?;
    Ok(Json(notice.into()))
}

/// The notice of a case, with every revision.
#[utoipa::path(get, path = "/cases/{id}/notice", tag = "public",
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The notice", body = NoticeView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not read public communication", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case, or it has no notice", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_notice(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Json<NoticeView>, AppError> {
    state.store.case(CaseId(id)).await?;
    let notice = state.store.notice(CaseId(id)).await?.ok_or(store::StoreError::NotFound("notice"))?;
    Ok(Json(notice.into()))
}

/// Publishes the draft as a new revision.
#[utoipa::path(post, path = "/cases/{id}/notice/publish", tag = "public",
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The revision published", body = RevisionView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not communicate publicly, or a cross-site request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No draft yet, or its slug is another notice's", body = Problem, content_type = "application/problem+json"),
    ))]
async fn publish(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Json<RevisionView>, AppError> {
    Ok(Json(state.casework(&current.as_actor()).publish_notice(CaseId(id)).await?.into()))
}

/// Takes the public page down (404 to the public); the revisions stay.
#[utoipa::path(post, path = "/cases/{id}/notice/unpublish", tag = "public",
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The notice, unpublished", body = NoticeView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not communicate publicly, or a cross-site request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The notice is not published", body = Problem, content_type = "application/problem+json"),
    ))]
async fn unpublish(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Json<NoticeView>, AppError> {
    Ok(Json(state.casework(&current.as_actor()).unpublish_notice(CaseId(id)).await?.into()))
}

/// An inquiry as every reader of the case sees it: no personal data.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InquiryView {
    /// Its id.
    pub id: Uuid,
    /// The reference the resident was given.
    pub reference: String,
    /// When it was received.
    pub received_at: DateTime<Utc>,
    /// When the answer is due (Art. 12(3): one calendar month, three when extended).
    pub due_at: DateTime<Utc>,
    /// `received`, `extended`, `answered`, `closed` or `handled_elsewhere`.
    #[schema(value_type = String)]
    pub status: String,
    /// When it was extended.
    pub extended_at: Option<DateTime<Utc>>,
    /// Why.
    pub extension_reason: Option<String>,
    /// When it was answered, closed or marked handled elsewhere.
    pub settled_at: Option<DateTime<Utc>>,
    /// How the answer went out.
    pub answer_channel: Option<String>,
}

impl InquiryView {
    fn new(i: Inquiry, tz: chrono_tz::Tz) -> Self {
        InquiryView {
            id: i.id.0,
            due_at: i.due_at(tz),
            reference: i.reference,
            received_at: i.received_at,
            status: i.status.as_str().to_owned(),
            extended_at: i.extended_at,
            extension_reason: i.extension_reason,
            settled_at: i.settled_at,
            answer_channel: i.answer_channel,
        }
    }
}

/// The inquiries of a case (without the inquirers' personal data).
#[utoipa::path(get, path = "/cases/{id}/inquiries", tag = "public",
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The inquiries, oldest first", body = Vec<InquiryView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_inquiries(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<InquiryView>>, AppError> {
    state.store.case(CaseId(id)).await?;
    let tz = state.organisation().await?.time_zone;
    Ok(Json(state.store.inquiries(CaseId(id)).await?.into_iter().map(|i| InquiryView::new(i, tz)).collect()))
}

/// Body of `POST /api/v1/inquiries/{id}/extend`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendBody {
    /// Why two more months are needed (the person must be told).
    #[schema(required = true)]
    pub reason: Option<String>,
}

/// Body of `POST /api/v1/inquiries/{id}/answer`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    /// The answer's text (kept with the person's data, purged with it).
    #[schema(required = true)]
    pub answer: Option<String>,
    /// How it went out (e-post, brev, telefon).
    #[schema(required = true)]
    pub channel: Option<String>,
}

/// Extends an inquiry's period by two months, once.
#[utoipa::path(post, path = "/inquiries/{id}/extend", tag = "public", request_body = ExtendBody,
    params(("id" = Uuid, Path, description = "Inquiry id")),
    responses(
        (status = 200, description = "The inquiry, extended", body = InquiryView),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not communicate publicly, or a cross-site request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such inquiry", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already extended, or settled", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The reason is missing", body = Problem, content_type = "application/problem+json"),
    ))]
async fn extend(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    JsonBody(body): JsonBody<ExtendBody>,
) -> Result<Json<InquiryView>, AppError> {
    let inquiry = state.casework(&current.as_actor()).extend_inquiry(InquiryId(id), body.reason).await?;
    Ok(Json(InquiryView::new(inquiry, state.organisation().await?.time_zone)))
}

/// Answers an inquiry.
#[utoipa::path(post, path = "/inquiries/{id}/answer", tag = "public", request_body = AnswerBody,
    params(("id" = Uuid, Path, description = "Inquiry id")),
    responses(
        (status = 200, description = "The inquiry, answered", body = InquiryView),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not communicate publicly, or a cross-site request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such inquiry", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already settled", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The answer or the channel is missing", body = Problem, content_type = "application/problem+json"),
    ))]
async fn answer(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    JsonBody(body): JsonBody<AnswerBody>,
) -> Result<Json<InquiryView>, AppError> {
    let inquiry = state.casework(&current.as_actor()).answer_inquiry(InquiryId(id), body.answer, body.channel).await?;
    Ok(Json(InquiryView::new(inquiry, state.organisation().await?.time_zone)))
}

/// Closes an inquiry (no answer is recorded).
#[utoipa::path(post, path = "/inquiries/{id}/close", tag = "public",
    params(("id" = Uuid, Path, description = "Inquiry id")),
    responses(
        (status = 200, description = "The inquiry, closed", body = InquiryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not communicate publicly, or a cross-site request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such inquiry", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already settled", body = Problem, content_type = "application/problem+json"),
    ))]
async fn close(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Json<InquiryView>, AppError> {
    let inquiry = state.casework(&current.as_actor()).settle_inquiry(InquiryId(id), InquiryStatus::Closed).await?;
    Ok(Json(InquiryView::new(inquiry, state.organisation().await?.time_zone)))
}

/// Marks an inquiry handled in another case (its clock stops here).
#[utoipa::path(post, path = "/inquiries/{id}/handled-elsewhere", tag = "public",
    params(("id" = Uuid, Path, description = "Inquiry id")),
    responses(
        (status = 200, description = "The inquiry, marked handled elsewhere", body = InquiryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not communicate publicly, or a cross-site request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such inquiry", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already settled", body = Problem, content_type = "application/problem+json"),
    ))]
async fn handled_elsewhere(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Json<InquiryView>, AppError> {
    let actor = current.as_actor();
    let inquiry = state.casework(&actor).settle_inquiry(InquiryId(id), InquiryStatus::HandledElsewhere).await?;
    Ok(Json(InquiryView::new(inquiry, state.organisation().await?.time_zone)))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(save_draft, get_notice))
        .routes(routes!(publish))
        .routes(routes!(unpublish))
        .routes(routes!(list_inquiries))
        .routes(routes!(extend))
        .routes(routes!(answer))
        .routes(routes!(close))
        .routes(routes!(handled_elsewhere))
}
