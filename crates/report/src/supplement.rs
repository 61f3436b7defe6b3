//! The draft of a supplement to the IMY notification (GDPR Art. 33(4), IMY's "Komplettering
//! av personuppgiftsincidentsanmälan"): only what changed since the last IMY filing, read
//! from the filing's frozen snapshot of the case and compared with the case now.

use domain::filing::{Filing, Recipient};
use domain::names::Named;
use domain::{ActionStatus, Case};

use crate::common::{Document, Times, filings_to, page_label, range, tr};
use crate::layout::{BODY, Builder, Column, Frame, NOTE};
use crate::{DraftContext, Lang, ReportError, imy};

/// The supplement's inputs and what changed.
pub(crate) struct Draft<'c, 'a> {
    ctx: &'c DraftContext<'a>,
    times: Times,
    /// The IMY filing compared with.
    filing: &'a Filing,
    /// Each changed field: label, value at the filing, value now.
    changes: Vec<(&'static str, String, String)>,
    /// What the IMY notification draft would still list as missing.
    missing: Vec<&'static str>,
}

impl<'c, 'a> Draft<'c, 'a> {
    /// Finds the last IMY filing for the controller and compares its snapshot with the case.
    ///
    /// # Errors
    /// [`ReportError::NoEarlierFiling`] or [`ReportError::Snapshot`].
    pub(crate) fn new(ctx: &'c DraftContext<'a>) -> Result<Self, ReportError> {
        let filing = filings_to(ctx.filings, Recipient::Imy, ctx.controller.map(|c| c.id))
            .last()
            .copied()
            .ok_or(ReportError::NoEarlierFiling)?;
        let before: Case = serde_json::from_str(&filing.content_snapshot)
            .map_err(|e| ReportError::Snapshot { filing: filing.id, reason: e.to_string() })?;
        let times = Times { tz: ctx.organisation.time_zone, lang: ctx.lang };
        let changes = changes(ctx.lang, times, &before, ctx.case);
        let missing = imy::Draft::new(ctx).missing().to_vec();
        Ok(Self { ctx, times, filing, changes, missing })
    }

    fn lang(&self) -> Lang {
        self.ctx.lang
    }

    fn t(&self, sv: &'static str, en: &'static str) -> &'static str {
        tr(self.lang(), sv, en)
    }

    fn since(&self, t: chrono::DateTime<chrono::Utc>) -> bool {
        t > self.filing.submitted_at
    }
}

impl Document for Draft<'_, '_> {
    fn frame(&self) -> Frame {
        let ctx = self.ctx;
        let title = self.t(
            "Komplettering av anmälan av personuppgiftsincident – utkast",
            "Supplementary information to a data breach notification – draft",
        );
        Frame {
            title: format!("{title} {}", ctx.case.reference),
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
            "Komplettering av anmälan av personuppgiftsincident – utkast",
            "Supplementary information to a data breach notification – draft",
        ));
        b.paragraph(&format!("{} {}: {}", self.t("Ärende", "Case"), case.reference, case.title), BODY);
        b.paragraph(
            self.t(
                "Underlag för komplettering i IMY:s e-tjänst. Kompletteringen innehåller bara det som har \
                 ändrats eller tillkommit sedan den senaste anmälan till IMY (art. 33.4 GDPR).",
                "Basis for supplementary information in IMY's e-service. It holds only what has changed or \
                 been added since the last notification to IMY (GDPR Art. 33(4)).",
            ),
            NOTE,
        );

        b.begin_box(self.t("Uppgifter som saknas", "Missing information"));
        if self.missing.is_empty() {
            b.paragraph(self.t("Inga uppgifter saknas längre.", "Nothing is missing any more."), BODY);
        } else {
            b.paragraph(
                self.t("Följande uppgifter saknas fortfarande i ärendet:", "The case still does not hold:"),
                BODY,
            );
            for item in &self.missing {
                b.bullet(item, BODY);
            }
        }
        b.end_box();

        b.heading(self.t("Den anmälan som kompletteras", "The notification supplemented"));
        if let Some(c) = ctx.controller {
            b.field(self.t("Personuppgiftsansvarig", "Controller"), &c.name, BODY);
            b.field(self.t("Organisationsnummer", "Corporate identity number"), c.organisation_number.as_str(), BODY);
        }
        b.field(self.t("Ert referensnummer", "Your reference number"), case.reference.as_str(), BODY);
        let number = self.filing.reference.clone().filter(|r| !r.trim().is_empty());
        match number {
            Some(n) => b.field(self.t("IMY:s diarienummer", "IMY case number"), &n, BODY),
            None => b.field(
                self.t("IMY:s diarienummer", "IMY case number"),
                self.t("Uppgift saknas – fyll i: IMY:s diarienummer", "Not recorded – fill in: IMY's case number"),
                NOTE,
            ),
        }
        b.field(self.t("Inlämnad", "Submitted"), &times.when(self.filing.submitted_at), BODY);
        b.field(self.t("Typ", "Kind"), self.filing.phase.name(lang), BODY);

        b.heading(self.t("Ändrade uppgifter", "Changed information"));
        if self.changes.is_empty() {
            b.paragraph(
                self.t(
                    "Inga uppgifter i ärendet har ändrats sedan anmälan.",
                    "No information in the case has changed since the notification.",
                ),
                NOTE,
            );
        } else {
            let rows: Vec<Vec<String>> = self
                .changes
                .iter()
                .map(|(label, old, new)| vec![(*label).to_owned(), old.clone(), new.clone()])
                .collect();
            let columns = [
                Column { header: self.t("Uppgift", "Field").to_owned(), share: 0.24 },
                Column { header: self.t("Tidigare anmält", "As notified").to_owned(), share: 0.38 },
                Column { header: self.t("Nu", "Now").to_owned(), share: 0.38 },
            ];
            b.table(&columns, &rows);
        }

        self.assessment_and_decisions(b);
        self.informed(b);
        self.actions(b);
        self.timeline(b);
    }
}

impl Draft<'_, '_> {
    /// IMY's questions 31–35 as they stand now: whether, when and how the data subjects were
    /// informed, when they will be, or why not.
    fn informed(&self, b: &mut Builder) {
        use domain::decision::{DecisionKind, Outcome};
        use domain::filing::Recipient;
        let (ctx, lang, times) = (self.ctx, self.lang(), self.times);
        b.heading(self.t("Information till de registrerade", "Informing the data subjects"));
        let question = self.t("Har ni informerat de registrerade?", "Have you informed the data subjects?");
        let sent = crate::common::filings_to(ctx.filings, Recipient::DataSubjects, ctx.controller.map(|c| c.id));
        let public = crate::common::filings_to(ctx.filings, Recipient::Public, ctx.controller.map(|c| c.id));
        let decision = crate::common::decided(ctx.decisions, DecisionKind::InformDataSubjects);
        if let Some(first) = sent.first().or(public.first()) {
            b.field(question, Outcome::Yes.name(lang), BODY);
            b.field(
                self.t("När informerade ni de registrerade?", "When did you inform the data subjects?"),
                &times.when(first.submitted_at),
                BODY,
            );
            let how = first.channel.clone().unwrap_or_else(|| first.recipient.name(lang).to_owned());
            b.field(self.t("Hur informerade ni dem?", "How did you inform them?"), &how, BODY);
            return;
        }
        match decision {
            Some(d) if d.outcome == Outcome::No => {
                b.field(question, Outcome::No.name(lang), BODY);
                let why = match d.exemption {
                    Some(e) => format!("{}\n{}", e.long_name(lang), d.reasons),
                    None => d.reasons.clone(),
                };
                b.text_block(
                    self.t(
                        "Varför kommer ni inte att informera de registrerade?",
                        "On what grounds are you not going to inform the data subjects?",
                    ),
                    &why,
                    BODY,
                );
            }
            _ => {
                b.field(question, self.t("Nej, inte ännu", "Not yet"), BODY);
                let due = ctx.clocks.iter().find(|c| c.clock == domain::ClockKind::DataSubjects).and_then(|c| c.due_at);
                let will = due.map_or_else(
                    || self.t("Utan onödigt dröjsmål", "Without undue delay").to_owned(),
                    |due| format!("{} ({})", self.t("Utan onödigt dröjsmål", "Without undue delay"), times.when(due)),
                );
                b.field(
                    self.t("När kommer ni att informera de registrerade?", "When will you inform the data subjects?"),
                    &will,
                    BODY,
                );
            }
        }
    }

    fn assessment_and_decisions(&self, b: &mut Builder) {
        let (ctx, lang, times) = (self.ctx, self.lang(), self.times);
        let assessment = ctx.assessment.filter(|a| self.since(a.assessed_at));
        let mut decisions: Vec<_> = ctx.decisions.iter().filter(|d| self.since(d.decided_at)).collect();
        decisions.sort_by_key(|d| (d.decided_at, d.revision));
        if assessment.is_none() && decisions.is_empty() {
            return;
        }
        b.heading(self.t("Ny bedömning och nya beslut", "New assessment and decisions"));
        if let Some(a) = assessment {
            b.field(self.t("Allvarlighetsgrad", "Severity"), a.conclusion.name(lang), BODY);
            let score = format!("{} ({})", crate::common::decimal(lang, a.score, 2), a.band.name(lang).to_lowercase());
            b.field(self.t("Poäng enligt ENISA (2013)", "Score by ENISA (2013)"), &score, BODY);
            b.text_block(self.t("Motivering", "Justification"), &a.justification, BODY);
            let by = domain::access::name_and_role(ctx.people, &a.assessed_by, lang);
            b.field(self.t("Bedömd av", "Assessed by"), &by, NOTE);
        }
        for d in decisions {
            let what = d.kind.name(lang);
            let mut text = format!("{} – {}", d.outcome.name(lang), times.when(d.decided_at));
            if let Some(e) = d.exemption {
                text.push('\n');
                text.push_str(e.long_name(lang));
            }
            text.push('\n');
            text.push_str(&d.reasons);
            text.push('\n');
            text.push_str(&format!(
                "{} {}",
                self.t("Beslutat av", "Decided by"),
                domain::access::name_and_role(ctx.people, &d.decided_by, lang)
            ));
            b.field(what, &text, BODY);
        }
    }

    fn actions(&self, b: &mut Builder) {
        let (ctx, lang, times) = (self.ctx, self.lang(), self.times);
        let mut actions: Vec<_> = ctx
            .actions
            .iter()
            .filter(|a| self.since(a.created_at) || a.done_at.is_some_and(|t| self.since(t)))
            .collect();
        if actions.is_empty() {
            return;
        }
        actions.sort_by_key(|a| (a.done_at.unwrap_or(a.created_at), a.created_at));
        b.heading(self.t("Nya och avslutade åtgärder", "New and completed measures"));
        for a in actions {
            let status = a.status.name(lang).to_lowercase();
            let text = match (a.status, a.done_at, a.due_at) {
                (ActionStatus::Done, Some(t), _) => format!("{} ({status} {})", a.title, times.local(t)),
                (_, _, Some(due)) => {
                    format!("{} ({status}, {} {})", a.title, self.t("senast", "due"), times.local(due))
                }
                _ => format!("{} ({status})", a.title),
            };
            b.bullet(&text, BODY);
        }
        b.gap(4.0);
    }

    fn timeline(&self, b: &mut Builder) {
        let (ctx, lang, times) = (self.ctx, self.lang(), self.times);
        let mut entries: Vec<_> = ctx.timeline.iter().filter(|e| self.since(e.recorded_at)).collect();
        b.heading(self.t("Nya händelser sedan anmälan", "New events since the notification"));
        b.paragraph(
            &format!(
                "{} {} {}.",
                self.t("Tidslinjens poster som har förts in efter", "Timeline entries recorded after"),
                times.when(self.filing.submitted_at),
                self.t("i tidsordning", "in order of time"),
            ),
            NOTE,
        );
        if entries.is_empty() {
            b.paragraph(self.t("Inga nya poster.", "No new entries."), NOTE);
            return;
        }
        entries.sort_by_key(|e| (e.occurred_at, e.seq));
        let rows: Vec<Vec<String>> = entries
            .iter()
            .map(|e| vec![e.seq.to_string(), times.local(e.occurred_at), e.kind.name(lang).to_owned(), e.text.clone()])
            .collect();
        let column = |header: &str, share| Column { header: header.to_owned(), share };
        let columns = [
            column(self.t("Nr", "No."), 0.06),
            column(self.t("Tid", "Time"), 0.2),
            column(self.t("Typ", "Kind"), 0.18),
            column(self.t("Händelse", "Entry"), 0.56),
        ];
        b.table(&columns, &rows);
    }
}

/// Each field IMY asks for whose value differs between `before` and `now`, in the form's order.
fn changes(lang: Lang, times: Times, before: &Case, now: &Case) -> Vec<(&'static str, String, String)> {
    let t = |sv, en| tr(lang, sv, en);
    let unknown = t("Okänt", "Unknown");
    let none = t("Inga angivna", "None given");
    let instant = |v: Option<chrono::DateTime<chrono::Utc>>| v.map_or_else(|| unknown.to_owned(), |t| times.when(t));
    let text = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| unknown.to_owned());
    let list = |items: Vec<String>| if items.is_empty() { none.to_owned() } else { items.join("\n") };
    let count = |v: Option<domain::case::CountRange>| v.map_or_else(|| unknown.to_owned(), |r| range(lang, r));
    let yes_no = |v: bool| v.name(lang).to_owned();
    let candidates: Vec<(&'static str, String, String)> = vec![
        (t("Rubrik", "Title"), before.title.clone(), now.title.clone()),
        (
            t("När inträffade incidenten?", "When did the breach occur?"),
            instant(before.occurred_from),
            instant(now.occurred_from),
        ),
        (
            t("När upphörde incidenten?", "When did the breach cease?"),
            instant(before.occurred_to),
            instant(now.occurred_to),
        ),
        (
            t("När upptäcktes incidenten?", "When was the breach discovered?"),
            instant(Some(before.detected_at)),
            instant(Some(now.detected_at)),
        ),
        (
            t("Hur upptäcktes incidenten?", "How was the breach discovered?"),
            text(&before.detection_method),
            text(&now.detection_method),
        ),
        (
            t("När fick ni kännedom om incidenten?", "When did you become aware of the breach?"),
            instant(Some(before.aware_at)),
            instant(Some(now.aware_at)),
        ),
        (
            t("Varför kännedom kom senare än upptäckten", "Why awareness came later than discovery"),
            text(&before.aware_justification),
            text(&now.aware_justification),
        ),
        (
            t("När begränsades incidenten?", "When was the breach contained?"),
            instant(before.contained_at),
            instant(now.contained_at),
        ),
        (
            t("Beskrivning av incidenten", "Description of the breach"),
            before.description.clone(),
            now.description.clone(),
        ),
        (
            t("Typ av incident", "Type of breach"),
            list(before.breach_types.iter().map(|b| b.long_name(lang).to_owned()).collect()),
            list(now.breach_types.iter().map(|b| b.long_name(lang).to_owned()).collect()),
        ),
        (
            t("Vad som inträffade", "What happened"),
            before.category.name(lang).to_owned(),
            now.category.name(lang).to_owned(),
        ),
        (
            t("Berörda system", "Systems affected"),
            list(before.affected_systems.clone()),
            list(now.affected_systems.clone()),
        ),
        (
            t("Personuppgiftsbiträde inblandat", "Processor involved"),
            yes_no(before.processor_involved),
            yes_no(now.processor_involved),
        ),
        (
            t("Vilka grupper tillhör de registrerade?", "Which categories of data subjects are concerned?"),
            list(before.data_subject_categories.iter().map(|c| c.name(lang).to_owned()).collect()),
            list(now.data_subject_categories.iter().map(|c| c.name(lang).to_owned()).collect()),
        ),
        (
            t(
                "Vilken sorts personuppgifter har incidenten drabbat?",
                "What categories of personal data have been affected?",
            ),
            list(before.personal_data_categories.iter().map(|c| c.name(lang).to_owned()).collect()),
            list(now.personal_data_categories.iter().map(|c| c.name(lang).to_owned()).collect()),
        ),
        (
            t("Ungefärligt antal registrerade", "Approximate number of data subjects"),
            count(before.data_subjects_count),
            count(now.data_subjects_count),
        ),
        (
            t("Ungefärligt antal personuppgiftsposter", "Approximate number of personal data records"),
            count(before.records_count),
            count(now.records_count),
        ),
        (
            t("Vad kan bli konsekvenserna av incidenten?", "What may be the consequences of the breach?"),
            text(&before.likely_consequences),
            text(&now.likely_consequences),
        ),
        (
            t("Berörs registrerade i flera EU/EES-länder?", "Are data subjects in several EU/EEA countries affected?"),
            yes_no(before.cross_border),
            yes_no(now.cross_border),
        ),
        (
            t("Orsak till incidenten", "Cause of the incident"),
            before.cause.map_or_else(|| unknown.to_owned(), |c| c.name(lang).to_owned()),
            now.cause.map_or_else(|| unknown.to_owned(), |c| c.name(lang).to_owned()),
        ),
        (
            t("Berörda medlemsstater", "Member states concerned"),
            list(before.member_states.clone()),
            list(now.member_states.clone()),
        ),
        (
            t("Ärendets status", "Status of the case"),
            before.status.name(lang).to_owned(),
            now.status.name(lang).to_owned(),
        ),
    ];
    candidates.into_iter().filter(|(_, old, new)| old != new).collect()
}
