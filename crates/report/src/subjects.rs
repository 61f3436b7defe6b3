//! The draft of the communication to the data subjects (GDPR Art. 34(2)): in plain language,
//! what happened, what it can mean for the person, what has been done, what the person can do
//! (the advice and links of the Bjuv notice: Skatteverket, Polisen, and MSB's successor MCF) and whom to contact.

use domain::case::PersonalDataCategory;
use domain::decision::{DecisionKind, Outcome};
use domain::filing::Recipient;
use domain::names::Named;
use domain::{ActionStatus, Category};

use crate::common::{Document, Times, decided, filings_to, page_label, range, sender, tr};
use crate::layout::{BODY, Builder, Frame, NOTE};
use crate::{DraftContext, Lang};

/// Where a person finds help: the links of the Bjuv notice, then MCF's advice
/// ([`SECURITY_ADVICE`], at the organisation's configured address).
const LINKS: [(&str, &str, &str); 3] = [
    (
        "Skatteverket – identitetsintrång",
        "Skatteverket (Swedish Tax Agency) – identity theft",
        "https://skatteverket.se/privat/folkbokforing/identitetsintrang.4.35c34f651660af3747c3178.html",
    ),
    ("Polisen – skydda dig mot bedrägeri", "Police – protect yourself against fraud", "https://polisen.se/bedrageri"),
    (
        "Polisen – så anmäler du bedrägerier",
        "Police – how to report fraud",
        "https://polisen.se/utsatt-for-brott/polisanmalan/bedrageri/bedragerier/identitetbedrageri/",
    ),
];

/// MSB became Myndigheten för civilt försvar (MCF) on 1 January 2026; its advice is linked at
/// the new agency, at the address the organisation sets (the path there is UNCONFIRMED, so
/// MCF's home page unless set: `Organisation::security_advice`).
const SECURITY_ADVICE: (&str, &str) = (
    "Myndigheten för civilt försvar (MCF, tidigare MSB) – råd om informationssäkerhet",
    "Swedish Civil Defence Agency (MCF, formerly MSB) – advice on information security",
);

/// The communication's inputs.
pub(crate) struct Draft<'c, 'a> {
    ctx: &'c DraftContext<'a>,
    times: Times,
    missing: Vec<&'static str>,
}

impl<'c, 'a> Draft<'c, 'a> {
    /// Notes what the letter still lacks.
    pub(crate) fn new(ctx: &'c DraftContext<'a>) -> Self {
        let mut draft =
            Self { ctx, times: Times { tz: ctx.organisation.time_zone, lang: ctx.lang }, missing: Vec::new() };
        draft.missing = draft.missing_items();
        draft
    }

    fn lang(&self) -> Lang {
        self.ctx.lang
    }

    fn t(&self, sv: &'static str, en: &'static str) -> &'static str {
        tr(self.lang(), sv, en)
    }

    fn sender_name(&self) -> &str {
        sender(self.ctx.controller, self.ctx.controllers).map_or(self.ctx.organisation.name.as_str(), |c| &c.name)
    }

    fn missing_items(&self) -> Vec<&'static str> {
        let ctx = self.ctx;
        let org = ctx.organisation;
        let decision = decided(ctx.decisions, DecisionKind::InformDataSubjects);
        let mut out = Vec::new();
        match decision {
            None => out.push(self.t(
                "Beslut om att informera de registrerade saknas",
                "No decision to inform the data subjects is recorded",
            )),
            Some(d) if d.outcome == Outcome::No => out.push(self.t(
                "Beslutet är att inte informera var och en; använd texten som offentligt meddelande om det är \
                 beslutat i stället",
                "The decision is not to inform each person; use the text as a public communication if that is \
                 what was decided instead",
            )),
            Some(_) => {}
        }
        if ctx.case.likely_consequences.is_none() {
            out.push(self.t("Sannolika konsekvenser för de registrerade", "Likely consequences for the data subjects"));
        }
        if org.dpo_name.trim().is_empty() || (org.dpo_email.trim().is_empty() && org.dpo_phone.trim().is_empty()) {
            out.push(
                self.t("Kontaktuppgifter till dataskyddsombudet", "Contact details of the data protection officer"),
            );
        }
        out
    }

    /// What happened, in everyday words.
    fn plain_category(&self) -> &'static str {
        let lang = self.lang();
        match self.ctx.case.category {
            Category::Ransomware => tr(
                lang,
                "vi har utsatts för en IT-attack där angripare har tagit sig in i våra system",
                "we have been hit by an IT attack in which attackers got into our systems",
            ),
            Category::Intrusion => tr(
                lang,
                "någon utan behörighet har tagit sig in i våra IT-system",
                "someone without authorisation has got into our IT systems",
            ),
            Category::Phishing => tr(
                lang,
                "någon har lurat till sig inloggningsuppgifter och loggat in i våra system",
                "someone has tricked people into giving away login details and logged in to our systems",
            ),
            Category::Misdirected => tr(
                lang,
                "uppgifter har skickats till fel mottagare",
                "information has been sent to the wrong recipient",
            ),
            Category::LostDevice => tr(
                lang,
                "en dator, telefon eller annan enhet med uppgifter har kommit bort eller stulits",
                "a computer, phone or other device holding information has been lost or stolen",
            ),
            Category::UnauthorisedAccess => tr(
                lang,
                "någon hos oss har tagit del av uppgifter utan att ha rätt till det",
                "someone working for us has looked at information without the right to do so",
            ),
            Category::AccidentalPublication => tr(
                lang,
                "uppgifter har av misstag publicerats så att andra kunde se dem",
                "information was published by mistake so that others could see it",
            ),
            Category::Other => {
                tr(lang, "en incident har drabbat personuppgifter", "an incident has affected personal data")
            }
        }
    }
}

impl Document for Draft<'_, '_> {
    fn frame(&self) -> Frame {
        let ctx = self.ctx;
        Frame {
            title: format!(
                "{} {}",
                self.t(
                    "Information om en personuppgiftsincident – utkast",
                    "Information about a personal data breach – draft"
                ),
                ctx.case.reference
            ),
            mark: self.t("UTKAST", "DRAFT").to_owned(),
            header_left: format!("{} · version {}", ctx.case.reference, ctx.case.version),
            header_right: format!("{} {}", self.t("Skapad", "Generated"), self.times.when(ctx.generated_at)),
            page_label: page_label(self.lang()),
            author: ctx.organisation.name.clone(),
            language: tr(self.lang(), "sv-SE", "en"),
            created_at: ctx.generated_at,
        }
    }

    fn write(&self, b: &mut Builder) {
        let (ctx, lang, times) = (self.ctx, self.lang(), self.times);
        let case = ctx.case;
        b.title(self.t(
            "Information om en incident som rör dina personuppgifter",
            "Information about an incident affecting your personal data",
        ));
        b.paragraph(
            &format!(
                "{} {} · {} {}",
                self.t("Från", "From"),
                self.sender_name(),
                self.t("ärende", "case"),
                case.reference
            ),
            NOTE,
        );

        if !self.missing.is_empty() {
            b.begin_box(self.t("Uppgifter som saknas", "Missing information"));
            for item in &self.missing {
                b.bullet(item, BODY);
            }
            b.end_box();
        }

        b.heading(self.t("Vad har hänt?", "What has happened?"));
        b.paragraph(
            // First person plural, a date as a letter writes it: "Den 29 januari 2024 upptäckte vi att ...".
            &match lang {
                Lang::Sv => {
                    let date = times.long_date(case.detected_at);
                    let date = date.strip_prefix("den ").map_or(date.clone(), |rest| format!("Den {rest}"));
                    format!("{date} upptäckte vi att {}.", self.plain_category())
                }
                Lang::En => {
                    format!("On {} we discovered that {}.", times.long_date(case.detected_at), self.plain_category())
                }
            },
            BODY,
        );
        b.paragraph(&case.description, BODY);

        b.heading(self.t("Vilka uppgifter om dig kan ha berörts?", "What information about you may be affected?"));
        if case.personal_data_categories.is_empty() {
            b.paragraph(
                self.t(
                    "Vi utreder fortfarande vilka uppgifter som har berörts.",
                    "We are still investigating which information has been affected.",
                ),
                BODY,
            );
        } else {
            for c in &case.personal_data_categories {
                // Plain language: the letter names the data, not the article that lists it.
                let name = c.name(lang);
                let plain = name.split_once(" (art.").or_else(|| name.split_once(" (Art.")).map_or(name, |(n, _)| n);
                b.bullet(plain, BODY);
            }
            b.gap(4.0);
        }
        if !case.data_subject_categories.is_empty() {
            let who: Vec<&str> = case.data_subject_categories.iter().map(|c| c.name(lang)).collect();
            let mut text = format!("{} {}", self.t("Berörda:", "Concerned:"), who.join(", "));
            if let Some(r) = case.data_subjects_count {
                text.push_str(&format!(
                    " ({} {} {})",
                    self.t("uppskattningsvis", "approximately"),
                    range(lang, r),
                    self.t("personer", "people")
                ));
            }
            text.push('.');
            b.paragraph(&text, BODY);
        }

        b.heading(self.t("Vad kan det innebära för dig?", "What can it mean for you?"));
        match &case.likely_consequences {
            Some(c) => b.paragraph(c, BODY),
            None => b.paragraph(
                self.t(
                    "[Beskriv de sannolika konsekvenserna för de registrerade.]",
                    "[Describe the likely consequences.]",
                ),
                NOTE,
            ),
        }
        b.paragraph(
            self.t(
                "Om någon har uppgifter om dig kan det vara lättare för den personen att låtsas vara du och försöka \
                 göra bedrägerier. Om uppgifterna är känsliga kan någon också försöka med utpressning.",
                "Someone who has information about you may find it easier to pretend to be you and attempt fraud. \
                 If the information is sensitive, someone may also attempt blackmail.",
            ),
            BODY,
        );

        self.measures(b);
        self.advice(b);
        self.contact(b);
    }
}

impl Draft<'_, '_> {
    fn measures(&self, b: &mut Builder) {
        let (ctx, lang, times) = (self.ctx, self.lang(), self.times);
        b.heading(self.t("Vad har vi gjort?", "What have we done?"));
        let mut done: Vec<_> = ctx.actions.iter().filter(|a| a.status == ActionStatus::Done).collect();
        done.sort_by_key(|a| (a.done_at, a.created_at));
        let mut planned: Vec<_> = ctx
            .actions
            .iter()
            .filter(|a| matches!(a.status, ActionStatus::Planned | ActionStatus::InProgress))
            .collect();
        planned.sort_by_key(|a| (a.due_at.is_none(), a.due_at, a.created_at));
        if done.is_empty() && planned.is_empty() {
            b.paragraph(self.t("[Beskriv de åtgärder som har vidtagits.]", "[Describe the measures taken.]"), NOTE);
        }
        if !done.is_empty() {
            b.paragraph(self.t("Det här har vi gjort:", "This is what we have done:"), BODY);
            for a in done {
                b.bullet(&a.title, BODY);
            }
            b.gap(4.0);
        }
        if !planned.is_empty() {
            b.paragraph(self.t("Det här arbetar vi med:", "This is what we are working on:"), BODY);
            for a in planned {
                b.bullet(&a.title, BODY);
            }
            b.gap(4.0);
        }
        let reported: Vec<String> = [Recipient::Imy, Recipient::Police]
            .into_iter()
            .filter_map(|r| {
                filings_to(ctx.filings, r, None).first().map(|f| {
                    let to = match (lang, r) {
                        (Lang::Sv, Recipient::Imy) => "Integritetsskyddsmyndigheten (IMY)",
                        (Lang::Sv, _) => "polisen",
                        (Lang::En, Recipient::Imy) => "the Swedish Authority for Privacy Protection (IMY)",
                        (Lang::En, _) => "the police",
                    };
                    match lang {
                        Lang::Sv => format!("{to} {}", times.long_date(f.submitted_at)),
                        Lang::En => format!("{to} on {}", times.long_date(f.submitted_at)),
                    }
                })
            })
            .collect();
        if !reported.is_empty() {
            b.paragraph(
                &format!(
                    "{} {}.",
                    self.t("Vi har anmält incidenten till", "We have reported the breach to"),
                    reported.join(self.t(" och ", " and "))
                ),
                BODY,
            );
        }
    }

    fn advice(&self, b: &mut Builder) {
        let (case, lang) = (self.ctx.case, self.lang());
        b.heading(self.t("Vad kan du göra?", "What can you do?"));
        b.paragraph(
            self.t(
                "Här är några saker du kan göra för att skydda dig och dina personuppgifter:",
                "Here are some things you can do to protect yourself and your personal data:",
            ),
            BODY,
        );
        let has = |c| case.personal_data_categories.contains(&c);
        let mut tips = vec![self.t(
            "Var vaksam på e-post, sms och telefonsamtal där någon ber om personliga uppgifter, koder eller att du \
             ska logga in med BankID. Vi ber dig aldrig om lösenord eller BankID-koder.",
            "Be wary of e-mails, text messages and calls asking for personal details, codes or for you to log in \
             with BankID. We will never ask for your password or BankID codes.",
        )];
        if has(PersonalDataCategory::Credentials) {
            tips.push(self.t(
                "Byt lösenord, särskilt om du använder samma lösenord på flera ställen.",
                "Change your password, especially if you use the same password in several places.",
            ));
        }
        if has(PersonalDataCategory::Financial) {
            tips.push(self.t(
                "Håll koll på ditt bankkonto och kontakta din bank om du ser något du inte känner igen.",
                "Keep an eye on your bank account and contact your bank if you see anything you do not recognise.",
            ));
        }
        tips.push(self.t(
            "Om du misstänker att någon använder dina uppgifter: anmäl det till polisen på 114 14 eller \
             polisen.se och läs Skatteverkets råd om identitetsintrång.",
            "If you suspect someone is using your details: report it to the police on 114 14 or at polisen.se and \
             read the Swedish Tax Agency's advice on identity theft.",
        ));
        for tip in tips {
            b.bullet(tip, BODY);
        }
        b.heading(self.t("Mer information och goda råd", "More information and advice (in Swedish)"));
        for (sv, en, url) in LINKS {
            b.field(tr(lang, sv, en), url, BODY);
        }
        b.field(tr(lang, SECURITY_ADVICE.0, SECURITY_ADVICE.1), self.ctx.organisation.security_advice(), BODY);
    }

    fn contact(&self, b: &mut Builder) {
        let (ctx, org) = (self.ctx, self.ctx.organisation);
        b.heading(self.t("Frågor?", "Questions?"));
        b.paragraph(
            self.t(
                "Kontakta vårt dataskyddsombud om du har frågor. Ange ärendenumret när du hör av dig.",
                "Contact our data protection officer if you have questions. Please quote the case number.",
            ),
            BODY,
        );
        let missing = self.t("Saknas", "Missing");
        for (label, value) in [
            (self.t("Dataskyddsombud", "Data protection officer"), org.dpo_name.as_str()),
            (self.t("E-post", "E-mail"), org.dpo_email.as_str()),
            (self.t("Telefon", "Telephone"), org.dpo_phone.as_str()),
        ] {
            if value.trim().is_empty() {
                b.field(label, missing, NOTE);
            } else {
                b.field(label, value, BODY);
            }
        }
        b.field(self.t("Ärendenummer", "Case number"), ctx.case.reference.as_str(), BODY);
        b.gap(10.0);
        b.paragraph(self.sender_name(), BODY);
    }
}
