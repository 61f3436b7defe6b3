//! The breach register (GDPR Art. 33(5)): every case, notified or not, with its facts, effects
//! and remedial action, as a landscape table with one row per case.

use chrono::{DateTime, Utc};
use domain::ActionStatus;
use domain::decision::DecisionKind;
use domain::filing::{Recipient, is_imy_notification};
use domain::names::Named;

use crate::common::{Document, Times, decided, filings_to, page_label, range, tr};
use crate::layout::{Builder, Column, Frame, NOTE, Orientation, SMALL, SMALL_LABEL};
use crate::{Lang, RegisterEntry};

/// The register's inputs.
pub(crate) struct Register<'e, 'a> {
    /// One entry per case, in the order to print.
    pub entries: &'e [RegisterEntry<'a>],
    /// The organisation keeping the register.
    pub organisation: &'e domain::Organisation,
    /// When it is generated.
    pub generated_at: DateTime<Utc>,
    /// Its language.
    pub lang: Lang,
}

impl Register<'_, '_> {
    fn t(&self, sv: &'static str, en: &'static str) -> &'static str {
        tr(self.lang, sv, en)
    }

    fn times(&self) -> Times {
        Times { tz: self.organisation.time_zone }
    }

    fn title(&self) -> &'static str {
        self.t("Register över personuppgiftsincidenter", "Register of personal data breaches")
    }

    /// The cells of one case.
    fn row(&self, e: &RegisterEntry<'_>) -> Vec<String> {
        let (lang, times) = (self.lang, self.times());
        let case = e.case;
        let unknown = self.t("okänt", "unknown");
        let date = |t: Option<DateTime<Utc>>| t.map_or_else(|| unknown.to_owned(), |t| times.date(t));

        let reference = format!("{}\n{}", case.reference, case.title);
        let dates = [
            (self.t("Inträffade", "Occurred"), date(case.occurred_from)),
            (self.t("Upptäckt", "Discovered"), date(Some(case.detected_at))),
            (self.t("Kännedom", "Aware"), date(Some(case.aware_at))),
            (
                self.t("Avslutad", "Closed"),
                case.closed_at.map_or_else(|| self.t("pågår", "open").to_owned(), |t| times.date(t)),
            ),
        ]
        .iter()
        .map(|(label, value)| format!("{label}: {value}"))
        .collect::<Vec<_>>()
        .join("\n");
        let mut category = case.category.name(lang).to_owned();
        for t in &case.breach_types {
            category.push('\n');
            category.push_str(t.name(lang));
        }
        let controllers = if e.controllers.is_empty() {
            self.t("Ej vald", "Not chosen").to_owned()
        } else {
            e.controllers
                .iter()
                .map(|c| format!("{} ({})", c.name, c.organisation_number.as_str()))
                .collect::<Vec<_>>()
                .join("\n")
        };

        let mut facts = case.description.clone();
        if !case.personal_data_categories.is_empty() {
            let data: Vec<&str> = case.personal_data_categories.iter().map(|c| c.name(lang)).collect();
            facts.push_str(&format!("\n{}: {}", self.t("Personuppgifter", "Personal data"), data.join(", ")));
        }
        if !case.data_subject_categories.is_empty() {
            let who: Vec<&str> = case.data_subject_categories.iter().map(|c| c.name(lang)).collect();
            facts.push_str(&format!("\n{}: {}", self.t("Registrerade", "Data subjects"), who.join(", ")));
        }
        if let Some(r) = case.data_subjects_count {
            facts.push_str(&format!("\n{}: {}", self.t("Antal", "Number"), range(lang, r)));
        }
        let effects =
            case.likely_consequences.clone().unwrap_or_else(|| self.t("Ej bedömda", "Not assessed").to_owned());

        let mut done: Vec<_> = e.actions.iter().filter(|a| a.status == ActionStatus::Done).collect();
        done.sort_by_key(|a| (a.done_at, a.created_at));
        let remedial = if done.is_empty() {
            self.t("Inga genomförda", "None done").to_owned()
        } else {
            done.iter()
                .map(|a| match a.done_at {
                    Some(t) => format!("• {} ({})", a.title, times.date(t)),
                    None => format!("• {}", a.title),
                })
                .collect::<Vec<_>>()
                .join("\n")
        };

        let assessment = match e.assessment {
            Some(a) => format!(
                "{}\nENISA {:.2} ({})\n{}",
                a.conclusion.name(lang),
                a.score,
                a.band.name(lang).to_lowercase(),
                a.justification
            ),
            None => self.t("Saknas", "Missing").to_owned(),
        };

        let decisions = [
            DecisionKind::NotifyImy,
            DecisionKind::InformDataSubjects,
            DecisionKind::ReportPolice,
            DecisionKind::Nis2Significant,
        ]
        .into_iter()
        .filter_map(|kind| {
            decided(e.decisions, kind).map(|d| {
                let mut text = format!("{} {}", kind.name(lang), d.outcome.name(lang));
                if let Some(ex) = d.exemption {
                    text.push_str(&format!("; {}", ex.name(lang)));
                }
                format!("{text} – {}", d.reasons)
            })
        })
        .collect::<Vec<_>>();
        let decisions = if decisions.is_empty() {
            self.t("Inga beslut", "No decisions").to_owned()
        } else {
            decisions.join("\n\n")
        };

        let imy: Vec<String> = filings_to(e.filings, Recipient::Imy, None)
            .into_iter()
            .filter(|f| is_imy_notification(f) || f.reference.is_some())
            .map(|f| match &f.reference {
                Some(r) => format!("{}\n{r}", times.date(f.submitted_at)),
                None => times.date(f.submitted_at),
            })
            .collect();
        let imy = if imy.is_empty() { self.t("Ej anmäld", "Not notified").to_owned() } else { imy.join("\n") };

        vec![reference, dates, category, controllers, facts, effects, remedial, assessment, decisions, imy]
    }
}

impl Document for Register<'_, '_> {
    fn orientation(&self) -> Orientation {
        Orientation::Landscape
    }

    fn frame(&self) -> Frame {
        let count = self.entries.len();
        Frame {
            title: format!("{} – {}", self.title(), self.organisation.name),
            mark: self.t("UTKAST", "DRAFT").to_owned(),
            header_left: format!("{} · {count} {}", self.organisation.name, self.t("ärenden", "cases")),
            header_right: format!("{} {}", self.t("Skapad", "Generated"), self.times().when(self.generated_at)),
            page_label: page_label(self.lang),
            author: self.organisation.name.clone(),
            language: tr(self.lang, "sv-SE", "en"),
            created_at: self.generated_at,
        }
    }

    fn write(&self, b: &mut Builder) {
        b.title(&format!("{} – {}", self.title(), self.organisation.name));
        b.paragraph(
            &(self
                .t(
                    "Dokumentation enligt art. 33.5 GDPR av varje personuppgiftsincident, anmäld eller inte: \
                 omständigheter, effekter och vidtagna korrigerande åtgärder. Datum i",
                    "Documentation under GDPR Art. 33(5) of every personal data breach, notified or not: the facts, \
                 its effects and the remedial action taken. Dates in",
                )
                .to_owned()
                + " "
                + self.organisation.time_zone.name()
                + "."),
            NOTE,
        );
        if self.entries.is_empty() {
            b.paragraph(self.t("Registret är tomt.", "The register is empty."), NOTE);
            return;
        }
        let column = |header: &str, share| Column { header: header.to_owned(), share };
        let columns = [
            column(self.t("Ärende", "Case"), 0.10),
            column(self.t("Datum", "Dates"), 0.09),
            column(self.t("Kategori och typ", "Category and type"), 0.11),
            column(self.t("Personuppgifts- ansvariga", "Controllers"), 0.11),
            column(self.t("Omständigheter", "Facts"), 0.14),
            column(self.t("Effekter och konsekvenser", "Effects and consequences"), 0.08),
            column(self.t("Korrigerande åtgärder", "Remedial action"), 0.09),
            column(self.t("Bedömning", "Assessment"), 0.09),
            column(self.t("Beslut och skäl", "Decisions and reasons"), 0.10),
            column(self.t("Anmälan till IMY", "IMY filing"), 0.09),
        ];
        let rows: Vec<Vec<String>> = self.entries.iter().map(|e| self.row(e)).collect();
        b.table_styled(&columns, &rows, SMALL, SMALL_LABEL);
    }
}
