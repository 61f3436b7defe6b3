//! The public pages, without login: the published notices, each notice with its latest
//! revision and every earlier one, its Atom feed, and the inquiry e-service. They show only
//! what a published revision says and the inquirer's own reference: no staff name, no internal
//! id, nothing of another case, the case reference only where staff chose to show it.

pub mod report;
pub mod texts;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as UrlForm;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use domain::inquiry::NewInquiry;
use domain::notice::{Notice, NoticeContent, NoticeRevision};
use domain::rate_limit::RateLimit;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::routes::session::ClientAddress;
use crate::state::AppState;
use crate::web::chrome::{lang_of, local};
use crate::web::form::Form;
use crate::web::{PagePath, once};
use texts::{PublicTexts, public_texts};

/// The page frame of the public pages: the language and the path to come back to.
pub struct PublicChrome {
    /// The texts.
    pub t: &'static PublicTexts,
    /// The current path.
    pub path: String,
}

impl PublicChrome {
    fn new(headers: &HeaderMap, path: String) -> Self {
        PublicChrome { t: public_texts(lang_of(headers)), path }
    }
}

/// One notice in the list.
pub struct NoticeItem {
    pub slug: String,
    pub title: String,
    pub updated: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "public/notices.html")]
pub struct NoticesPage {
    pub chrome: PublicChrome,
    pub notices: Vec<NoticeItem>,
}

/// An earlier revision in the list.
pub struct RevisionItem {
    pub number: i32,
    pub published: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "public/notice.html")]
pub struct NoticePage {
    pub chrome: PublicChrome,
    pub slug: String,
    pub content: NoticeContent,
    pub number: i32,
    pub published: String,
    pub latest: bool,
    pub reference: Option<String>,
    pub revisions: Vec<RevisionItem>,
}

fn not_found() -> AppError {
    AppError::from(store::StoreError::NotFound("notice"))
}

async fn published(state: &AppState, slug: &str) -> Result<(domain::CaseId, Notice), AppError> {
    state.store.published_notice(slug).await?.ok_or_else(not_found)
}

/// `GET /notices`: every published notice.
pub async fn list(State(state): State<AppState>, headers: HeaderMap) -> Result<NoticesPage, AppError> {
    let tz = state.organisation().await?.time_zone;
    let notices = state
        .store
        .published_notices()
        .await?
        .into_iter()
        .filter_map(|(_, n)| {
            let latest = n.latest()?;
            Some(NoticeItem {
                slug: latest.content.slug.clone(),
                title: latest.content.title.clone(),
                updated: local(latest.published_at, tz, lang_of(&headers)),
            })
        })
        .collect();
    Ok(NoticesPage { chrome: PublicChrome::new(&headers, "/notices".to_owned()), notices })
}

async fn notice_page(
    state: &AppState,
    headers: &HeaderMap,
    slug: &str,
    number: Option<i32>,
) -> Result<NoticePage, AppError> {
    let (case_id, notice) = published(state, slug).await?;
    let latest = notice.latest().ok_or_else(not_found)?;
    let shown: &NoticeRevision = match number {
        None => latest,
        Some(n) => notice.revisions.iter().find(|r| r.number == n).ok_or_else(not_found)?,
    };
    let tz = state.organisation().await?.time_zone;
    // The reference is public only where the latest revision says so.
    let reference =
        if latest.content.show_reference { Some(state.store.case(case_id).await?.reference.to_string()) } else { None };
    let path = match number {
        None => format!("/notices/{slug}"),
        Some(n) => format!("/notices/{slug}/revisions/{n}"),
    };
    Ok(NoticePage {
        chrome: PublicChrome::new(headers, path),
        slug: slug.to_owned(),
        content: shown.content.clone(),
        number: shown.number,
        published: local(shown.published_at, tz, lang_of(headers)),
        latest: shown.number == latest.number,
        reference,
        revisions: notice
            .revisions
            .iter()
            .rev()
            .map(|r| RevisionItem { number: r.number, published: local(r.published_at, tz, lang_of(headers)) })
            .collect(),
    })
}

/// `GET /notices/{slug}`: the latest revision, with the list of earlier ones.
pub async fn notice(
    State(state): State<AppState>,
    headers: HeaderMap,
    PagePath(slug): PagePath<String>,
) -> Result<NoticePage, AppError> {
    notice_page(&state, &headers, &slug, None).await
}

/// `GET /notices/{slug}/revisions/{number}`: an earlier revision, as it was published.
pub async fn revision(
    State(state): State<AppState>,
    headers: HeaderMap,
    PagePath((slug, number)): PagePath<(String, i32)>,
) -> Result<NoticePage, AppError> {
    notice_page(&state, &headers, &slug, Some(number)).await
}

/// The base of absolute links in the feed: the public origin when configured.
fn origin(state: &AppState) -> String {
    state.auth.public_origin.clone().unwrap_or_else(|| "http://localhost".to_owned())
}

/// `GET /notices/{slug}/feed.atom`: one entry per revision, newest first, each with its time.
pub async fn feed(State(state): State<AppState>, PagePath(slug): PagePath<String>) -> Result<Response, AppError> {
    use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Text};
    let (_, notice) = published(&state, &slug).await?;
    let latest = notice.latest().ok_or_else(not_found)?;
    let base = origin(&state);
    let at = |t: DateTime<Utc>| -> FixedDateTime { t.fixed_offset() };
    let link = |href: String| Link { href, rel: "alternate".to_owned(), ..Link::default() };
    let entries: Vec<Entry> = notice
        .revisions
        .iter()
        .rev()
        .map(|r| {
            let url = format!("{base}/notices/{slug}/revisions/{}", r.number);
            let mut text = format!("{}\n\n{}", r.content.summary, r.content.body);
            for qa in &r.content.qa {
                text.push_str(&format!("\n\n{}\n{}", qa.question, qa.answer));
            }
            Entry {
                id: url.clone(),
                title: Text::plain(format!(
                    "{} ({} {})",
                    r.content.title,
                    public_texts(domain::names::Language::Sv).revision.to_lowercase(),
                    r.number
                )),
                updated: at(r.published_at),
                published: Some(at(r.published_at)),
                links: vec![link(url)],
                content: Some(Content {
                    value: Some(text),
                    content_type: Some("text".to_owned()),
                    ..Content::default()
                }),
                ..Entry::default()
            }
        })
        .collect();
    let feed = Feed {
        id: format!("{base}/notices/{slug}"),
        title: Text::plain(latest.content.title.clone()),
        updated: at(latest.published_at),
        links: vec![link(format!("{base}/notices/{slug}"))],
        entries,
        ..Feed::default()
    };
    let mut response = feed.to_string().into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/atom+xml; charset=utf-8"));
    Ok(response)
}

#[derive(Template, WebTemplate)]
#[template(path = "public/inquiry.html")]
pub struct InquiryPage {
    pub chrome: PublicChrome,
    pub slug: String,
    pub title: String,
    pub privacy_text: String,
    pub ask_personnummer: bool,
    pub form_key: String,
    pub form: Form,
    pub message: Option<&'static str>,
}

impl InquiryPage {
    /// The required text fields: name, label, hint.
    pub fn fields(&self) -> [(&'static str, &'static str, &'static str); 4] {
        let t = self.chrome.t;
        [
            ("name", t.name, ""),
            ("contact", t.reach, t.reach_hint),
            ("sent_what", t.sent_what, t.sent_what_hint),
            ("sent_when", t.sent_when, t.sent_when_hint),
        ]
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "public/inquiry_received.html")]
pub struct ReceivedPage {
    pub chrome: PublicChrome,
    pub slug: String,
    pub reference: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "public/too_many.html")]
pub struct TooManyPage {
    pub chrome: PublicChrome,
    pub slug: String,
    pub retry_local: String,
}

/// The field a person never sees (hidden by CSS, skipped by keyboard and screen readers): a
/// bot that fills every field fills it.
pub const HONEYPOT_FIELD: &str = "website";

fn hash_hex(prefix: &str, text: &str) -> String {
    hex::encode(Sha256::digest(format!("{prefix}\0{text}").as_bytes()))
}

async fn open_service(state: &AppState, slug: &str) -> Result<(String, domain::notice::InquiryService), AppError> {
    let (_, notice) = published(state, slug).await?;
    let latest = notice.latest().ok_or_else(not_found)?;
    if !latest.content.inquiries.open {
        return Err(not_found());
    }
    Ok((latest.content.title.clone(), latest.content.inquiries.clone()))
}

async fn inquiry_page(
    state: &AppState,
    headers: &HeaderMap,
    slug: &str,
    form: Form,
    message: Option<&'static str>,
) -> Result<InquiryPage, AppError> {
    let (title, service) = open_service(state, slug).await?;
    Ok(InquiryPage {
        chrome: PublicChrome::new(headers, format!("/notices/{slug}/inquiry")),
        slug: slug.to_owned(),
        title,
        privacy_text: service.privacy_text,
        ask_personnummer: service.ask_personnummer,
        form_key: once::new_key(),
        form,
        message,
    })
}

/// `GET /notices/{slug}/inquiry`: the form, with a one-time key.
pub async fn inquiry_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PagePath(slug): PagePath<String>,
) -> Result<InquiryPage, AppError> {
    inquiry_page(&state, &headers, &slug, Form::default(), None).await
}

/// Checks the rate limit of the client and counts this post. `Some(retry at)` when refused.
///
/// # Errors
/// Fails when the database cannot be read or written.
pub async fn over_limit(
    state: &AppState,
    form: &str,
    address: &ClientAddress,
    limit: RateLimit,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let now = state.now();
    // The address is personal data: only its hash is stored.
    let client = hash_hex(form, &address.0);
    let hits = state.store.public_form_hits(&client, now - limit.window).await?;
    if let Some(retry) = limit.retry_at(&hits, now) {
        return Ok(Some(retry));
    }
    state.store.record_public_form_hit(&client, now).await?;
    Ok(None)
}

/// The 429 answer: a page saying when to try again, and `Retry-After` in seconds.
pub fn too_many(headers: &HeaderMap, slug: &str, retry: DateTime<Utc>, now: DateTime<Utc>, tz: Tz) -> Response {
    let page = TooManyPage {
        chrome: PublicChrome::new(headers, format!("/notices/{slug}/inquiry")),
        slug: slug.to_owned(),
        retry_local: local(retry, tz, lang_of(headers)),
    };
    let seconds = (retry - now).num_seconds().max(1);
    let mut response = (StatusCode::TOO_MANY_REQUESTS, page).into_response();
    if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

/// `POST /notices/{slug}/inquiry`: rate-limited per client; a filled honeypot is dropped; the
/// one-time key stops a second post of the same form; errors come back beside their fields.
pub async fn inquiry_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    address: ClientAddress,
    PagePath(slug): PagePath<String>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    open_service(&state, &slug).await?;
    let now = state.now();
    if let Some(retry) = over_limit(&state, "inquiry", &address, state.public.inquiry_limit).await? {
        let tz = state.organisation().await?.time_zone;
        return Ok(too_many(&headers, &slug, retry, now, tz));
    }
    let form = Form::submitted(&pairs);
    let chrome = || PublicChrome::new(&headers, format!("/notices/{slug}/inquiry"));
    if form.text(HONEYPOT_FIELD).is_some() {
        tracing::info!("inquiry dropped: honeypot filled");
        return Ok(ReceivedPage { chrome: chrome(), slug, reference: None }.into_response());
    }
    // The staff pages' one-time keys (web::once), claimed here rather than by its middleware:
    // only after the rate limit, so a stranger's posts cannot fill the table.
    let key = form.val(once::FORM_KEY).to_owned();
    if !once::is_key(&key) {
        let page = inquiry_page(&state, &headers, &slug, form, Some(chrome().t.form_expired)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    if let Some(first) = state.store.claim_form_key(&key, now).await? {
        // The same form sent again: where the first post led (its receipt), or, while that
        // post still runs, the form.
        let target = if first.is_empty() { format!("/notices/{slug}/inquiry") } else { first };
        return Ok(Redirect::to(&target).into_response());
    }
    let input = NewInquiry {
        name: form.text("name"),
        contact: form.text("contact"),
        sent_what: form.text("sent_what"),
        sent_when: form.text("sent_when"),
        message: form.text("message"),
        personnummer: form.text("personnummer"),
    };
    let actor = casework::Actor { id: domain::audit::ANONYMOUS_ACTOR.to_owned(), role: domain::Role::Viewer };
    match state.casework(&actor).receive_inquiry(&slug, input).await {
        Ok(inquiry) => {
            let receipt = format!("/notices/{slug}/inquiry/{}", inquiry.reference);
            if let Err(err) = state.store.settle_form_key(&key, &receipt).await {
                // The inquiry is in; a repeat will only land on the form.
                tracing::warn!(error = %err, "could not remember where an inquiry post led");
            }
            Ok(ReceivedPage { chrome: chrome(), slug, reference: Some(inquiry.reference) }.into_response())
        }
        Err(casework::CaseworkError::Invalid(errors)) => {
            // The key is spent: the form comes back with a fresh one.
            let page = inquiry_page(&state, &headers, &slug, form.failed(errors, &[], lang_of(&headers)), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `GET /notices/{slug}/inquiry/{reference}`: the receipt again (where a repeated post of the
/// same form leads). Only a reference received through this notice has one.
pub async fn inquiry_received(
    State(state): State<AppState>,
    headers: HeaderMap,
    PagePath((slug, reference)): PagePath<(String, String)>,
) -> Result<ReceivedPage, AppError> {
    let (case_id, _) = published(&state, &slug).await?;
    if !state.store.inquiries(case_id).await?.iter().any(|i| i.reference == reference) {
        return Err(not_found());
    }
    Ok(ReceivedPage {
        chrome: PublicChrome::new(&headers, format!("/notices/{slug}/inquiry")),
        slug,
        reference: Some(reference),
    })
}
