//! The breach register (GDPR Art. 33(5)): every case, notified or not, with its facts, effects
//! and remedial action, as a landscape table with one row per case.

use chrono::{DateTime, Utc};
use domain::ActionStatus;
use domain::decision::DecisionKind;
use domain::filing::Recipient;
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
        Times { tz: self.organisation.time_zone, lang: self.lang }
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

        let reference = format!("{}\n{}\n{}", case.reference, case.title, case.status.name(lang));
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
        if let Some(cause) = case.cause {
            category.push_str(&format!("\n{}: {}", self.t("Orsak", "Cause"), cause.name(lang)));
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
        let count = |r: Option<domain::case::CountRange>| r.map_or_else(|| unknown.to_owned(), |r| range(lang, r));
        facts.push_str(&format!(
            "\n{}: {}\n{}: {}",
            self.t("Antal registrerade (ungefär)", "Data subjects (approx.)"),
            count(case.data_subjects_count),
            self.t("Antal poster (ungefär)", "Records (approx.)"),
            count(case.records_count)
        ));
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
                "{}\nENISA {} ({})\n{}",
                a.conclusion.name(lang),
                crate::common::decimal(lang, a.score, 2),
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
                let by = domain::access::name_and_role(e.people, &d.decided_by, lang);
                format!("{text} – {}\n({by}, {})", d.reasons, times.date(d.decided_at))
            })
        })
        .collect::<Vec<_>>();
        let decisions = if decisions.is_empty() {
            self.t("Inga beslut", "No decisions").to_owned()
        } else {
            decisions.join("\n\n")
        };

        // Every filing (IMY, police, CSIRT, the data subjects, the public, a controller), with
        // the reasons recorded for a late one (Art. 33(1)).
        let mut filings: Vec<_> = e.filings.iter().collect();
        filings.sort_by_key(|f| (f.submitted_at, f.id));
        let filed: Vec<String> = filings
            .iter()
            .map(|f| {
                let mut line = format!(
                    "{}: {}, {}",
                    f.recipient.name(lang),
                    f.phase.name(lang).to_lowercase(),
                    times.date(f.submitted_at)
                );
                if let Some(r) = &f.reference {
                    line.push_str(&format!(" ({r})"));
                }
                if let Some(why) = &f.delay_reasons {
                    line.push_str(&format!("\n{}: {why}", self.t("Skäl till försening", "Reasons for delay")));
                }
                line
            })
            .collect();
        let filed = if filed.is_empty() { self.t("Inga", "None").to_owned() } else { filed.join("\n\n") };

        // Art. 34: when and how the data subjects were informed, or why not.
        let told = filings_to(e.filings, Recipient::DataSubjects, None)
            .into_iter()
            .chain(filings_to(e.filings, Recipient::Public, None))
            .min_by_key(|f| f.submitted_at);
        let informed = match (told, decided(e.decisions, DecisionKind::InformDataSubjects)) {
            (Some(f), _) => format!(
                "{} {}\n{}",
                self.t("Informerade", "Informed"),
                times.date(f.submitted_at),
                f.channel.clone().unwrap_or_else(|| f.recipient.name(lang).to_owned())
            ),
            (None, Some(d)) if d.outcome == domain::decision::Outcome::No => {
                let mut why = format!("{} – {}", self.t("Informeras inte", "Not informed"), d.reasons);
                if let Some(ex) = d.exemption {
                    why.push_str(&format!("\n{}", ex.name(lang)));
                }
                why
            }
            (None, Some(_)) => self.t("Ska informeras", "To be informed").to_owned(),
            (None, None) => self.t("Inget beslut", "No decision").to_owned(),
        };

        vec![reference, dates, category, controllers, facts, effects, remedial, assessment, decisions, filed, informed]
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
            column(self.t("Ärende", "Case"), 0.09),
            column(self.t("Datum", "Dates"), 0.08),
            column(self.t("Kategori och typ", "Category and type"), 0.09),
            column(self.t("Personuppgifts- ansvariga", "Controllers"), 0.08),
            column(self.t("Omständigheter", "Facts"), 0.12),
            column(self.t("Effekter och konsekvenser", "Effects and consequences"), 0.08),
            column(self.t("Korrigerande åtgärder", "Remedial action"), 0.08),
            column(self.t("Bedömning", "Assessment"), 0.08),
            column(self.t("Beslut och skäl", "Decisions and reasons"), 0.11),
            column(self.t("Anmälningar och skäl till försening", "Filings and reasons for delay"), 0.10),
            column(self.t("De registrerade", "Data subjects"), 0.09),
        ];
        let rows: Vec<Vec<String>> = self.entries.iter().map(|e| self.row(e)).collect();
        b.table_styled(&columns, &rows, SMALL, SMALL_LABEL);
    }
}
