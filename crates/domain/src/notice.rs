//! The public notice of a case (seed: Bjuv's page of questions and answers): a draft staff
//! edit, and the revisions published from it, each numbered, dated and kept for good. What a
//! notice holds is public text; it carries nothing of the people who wrote it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validation::{ValidationErrors, checked_text, required_text};

/// The longest slug accepted.
pub const SLUG_MAX_CHARS: usize = 80;
/// The longest title.
pub const NOTICE_TITLE_MAX_CHARS: usize = 200;
/// The longest text of any one part (summary, body, an answer, the contact, the privacy text).
pub const NOTICE_TEXT_MAX_CHARS: usize = 20_000;
/// The most links or questions a notice holds.
pub const NOTICE_LIST_MAX: usize = 100;

/// A link on the notice ("Skatteverket – identitetsintrång").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeLink {
    /// What the link is called.
    pub label: String,
    /// Where it goes (http or https).
    pub url: String,
}

/// A question and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionAnswer {
    /// The question.
    pub question: String,
    /// The answer.
    pub answer: String,
}

/// The resident inquiry e-service of a notice: whether it is open and what the form says about
/// how the inquirer's data is handled (GDPR Art. 13: purpose, legal basis, retention, contact).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InquiryService {
    /// Whether residents may send inquiries.
    pub open: bool,
    /// The information text shown on the form.
    pub privacy_text: String,
    /// Whether the form asks for a personnummer (only where the organisation turns it on).
    pub ask_personnummer: bool,
}

/// What a notice says: the draft, and each published revision's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeContent {
    /// The public address part: `/notices/{slug}`.
    pub slug: String,
    /// The headline.
    pub title: String,
    /// What happened, in short.
    pub summary: String,
    /// What we have done and what you can do.
    pub body: String,
    /// Advice and links.
    pub links: Vec<NoticeLink>,
    /// Whom to contact.
    pub contact: String,
    /// Questions and answers, in order.
    pub qa: Vec<QuestionAnswer>,
    /// Whether the public page shows the case reference (staff choose).
    #[serde(default)]
    pub show_reference: bool,
    /// The inquiry e-service.
    #[serde(default)]
    pub inquiries: InquiryService,
}

/// A draft as entered, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoticeInput {
    /// See [`NoticeContent::slug`].
    pub slug: Option<String>,
    /// See [`NoticeContent::title`].
    pub title: Option<String>,
    /// See [`NoticeContent::summary`].
    pub summary: Option<String>,
    /// See [`NoticeContent::body`].
    pub body: Option<String>,
    /// See [`NoticeContent::links`].
    pub links: Vec<(Option<String>, Option<String>)>,
    /// See [`NoticeContent::contact`].
    pub contact: Option<String>,
    /// See [`NoticeContent::qa`].
    pub qa: Vec<(Option<String>, Option<String>)>,
    /// See [`NoticeContent::show_reference`].
    pub show_reference: bool,
    /// See [`NoticeContent::inquiries`].
    pub inquiries: InquiryService,
}

/// Whether a slug is lowercase letters, digits and single hyphens inside (`it-attacken-2024`).
/// Only ASCII, so the public address is the same however it is typed or copied.
pub fn is_slug(text: &str) -> bool {
    let len = text.chars().count();
    (3..=SLUG_MAX_CHARS).contains(&len)
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
}

/// Whether a link may be shown to the public: http or https with a host, no spaces (a
/// `javascript:` link on a public page would run in every resident's browser).
pub fn is_public_url(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or_default();
        !host.is_empty() && host.contains('.') && !url.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

fn optional_text(errors: &mut ValidationErrors, field: &str, value: Option<String>) -> String {
    match value {
        Some(v) if !v.trim().is_empty() => checked_text(errors, field, v, NOTICE_TEXT_MAX_CHARS).unwrap_or_default(),
        _ => String::new(),
    }
}

impl NoticeInput {
    /// Checks a draft: a valid slug, a title, http(s) links with labels, each question with its
    /// answer (an answer may wait: the draft may hold a question not yet answered).
    ///
    /// # Errors
    /// Names every bad field (`links[2].url`, `qa[0].question`, ...).
    pub fn checked(self) -> Result<NoticeContent, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let slug = match self.slug.map(|s| s.trim().to_owned()) {
            None => {
                errors.add("slug", "is required");
                String::new()
            }
            Some(s) if !is_slug(&s) => {
                errors.add("slug", "must be 3 to 80 lowercase letters a-z, digits and single hyphens");
                String::new()
            }
            Some(s) => s,
        };
        let title = required_text(&mut errors, "title", self.title, NOTICE_TITLE_MAX_CHARS).unwrap_or_default();
        let summary = optional_text(&mut errors, "summary", self.summary);
        let body = optional_text(&mut errors, "body", self.body);
        let contact = optional_text(&mut errors, "contact", self.contact);
        if self.links.len() > NOTICE_LIST_MAX {
            errors.add("links", format!("must hold at most {NOTICE_LIST_MAX} links"));
        }
        if self.qa.len() > NOTICE_LIST_MAX {
            errors.add("qa", format!("must hold at most {NOTICE_LIST_MAX} questions"));
        }
        let links = self
            .links
            .into_iter()
            .enumerate()
            .filter_map(|(i, (label, url))| {
                let label = required_text(&mut errors, &format!("links[{i}].label"), label, NOTICE_TITLE_MAX_CHARS);
                let url = url.map(|u| u.trim().to_owned());
                let url = match url {
                    Some(u) if is_public_url(&u) && u.chars().count() <= 2000 => Some(u),
                    _ => {
                        errors.add(&format!("links[{i}].url"), "must be an http or https address");
                        None
                    }
                };
                Some(NoticeLink { label: label?, url: url? })
            })
            .collect();
        let qa = self
            .qa
            .into_iter()
            .enumerate()
            .filter_map(|(i, (question, answer))| {
                let question =
                    required_text(&mut errors, &format!("qa[{i}].question"), question, NOTICE_TEXT_MAX_CHARS)?;
                let answer = optional_text(&mut errors, &format!("qa[{i}].answer"), answer);
                Some(QuestionAnswer { question, answer })
            })
            .collect();
        let mut inquiries = self.inquiries;
        inquiries.privacy_text = inquiries.privacy_text.trim().to_owned();
        if inquiries.privacy_text.chars().count() > NOTICE_TEXT_MAX_CHARS {
            errors.add("inquiry_privacy_text", format!("must be at most {NOTICE_TEXT_MAX_CHARS} characters"));
        }
        if inquiries.open && inquiries.privacy_text.is_empty() {
            // GDPR Art. 13: the person must be told how their data is handled when it is collected.
            errors.add("inquiry_privacy_text", "is required while the inquiry e-service is open (GDPR Art. 13)");
        }
        errors.into_result(NoticeContent {
            slug,
            title,
            summary,
            body,
            links,
            contact,
            qa,
            show_reference: self.show_reference,
            inquiries,
        })
    }
}

/// One published revision: kept for good, readable on the public page after newer ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRevision {
    /// 1, 2, ... in the order published.
    pub number: i32,
    /// When it was published.
    pub published_at: DateTime<Utc>,
    /// Who published it (a user id; never shown to the public).
    pub published_by: String,
    /// What it said.
    pub content: NoticeContent,
}

/// A case's notice: its draft, whether it is public, and every revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// The draft staff edit.
    pub draft: NoticeContent,
    /// When the draft was last saved.
    pub draft_saved_at: DateTime<Utc>,
    /// Whether the public page is up.
    pub published: bool,
    /// Every revision published, oldest first.
    pub revisions: Vec<NoticeRevision>,
}

/// Why a notice cannot be published or unpublished.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeRefusal {
    /// There is no draft to publish.
    #[error("the case has no notice draft")]
    NoDraft,
    /// The notice is not public.
    #[error("the notice is not published")]
    NotPublished,
}

impl Notice {
    /// The latest revision, if any was published.
    pub fn latest(&self) -> Option<&NoticeRevision> {
        self.revisions.last()
    }

    /// The revision publishing the draft now would make.
    pub fn next_revision(&self, by: &str, now: DateTime<Utc>) -> NoticeRevision {
        NoticeRevision {
            number: i32::try_from(self.revisions.len()).unwrap_or(i32::MAX - 1) + 1,
            published_at: now,
            published_by: by.to_owned(),
            content: self.draft.clone(),
        }
    }

    /// The slug the public reaches the notice at: the latest revision's, while published.
    pub fn public_slug(&self) -> Option<&str> {
        self.published.then(|| self.latest().map(|r| r.content.slug.as_str())).flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> NoticeInput {
        NoticeInput {
            slug: Some("it-attacken".into()),
            title: Some("Med anledning av IT-attacken".into()),
            links: vec![(Some("Polisen".into()), Some("https://polisen.se/bedrageri".into()))],
            qa: vec![(Some("Vad har hänt?".into()), Some("En IT-attack.".into()))],
            ..NoticeInput::default()
        }
    }

    #[test]
    fn a_draft_with_bad_fields_names_each() {
        let bad = NoticeInput {
            slug: Some("IT Attacken".into()),
            title: Some("  ".into()),
            links: vec![(Some("Fel".into()), Some("javascript:alert(1)".into())), (None, Some("https://x.se".into()))],
            qa: vec![(None, Some("Svar".into()))],
            inquiries: InquiryService { open: true, ..InquiryService::default() },
            ..input()
        };
        let fields: Vec<String> = bad.checked().expect_err("refused").0.into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["slug", "title", "links[0].url", "links[1].label", "qa[0].question", "inquiry_privacy_text"],
            "each bad field is named"
        );
        assert!(input().checked().is_ok());
    }

    #[test]
    fn slugs_and_public_links() {
        for (slug, ok) in [("it-attacken-2024", true), ("ab", false), ("-a-b", false), ("a--b", false), ("åäö", false)]
        {
            assert_eq!(is_slug(slug), ok, "{slug}");
        }
        for (url, ok) in [
            ("https://skatteverket.se/privat", true),
            ("http://msb.se", true),
            ("javascript:alert(1)", false),
            ("https:///x", false),
            ("https://a b.se", false),
        ] {
            assert_eq!(is_public_url(url), ok, "{url}");
        }
    }
}
