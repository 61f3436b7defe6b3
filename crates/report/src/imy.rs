//! The draft of the IMY personal-data-breach notification (GDPR Art. 33), in the order of
//! IMY's e-service form, with what is still missing listed first.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use domain::case::PersonalDataCategory;
use domain::decision::{DecisionKind, Exemption, Outcome};
use domain::filing::{Filing, Phase, Recipient, is_imy_notification};
use domain::names::Named;
use domain::{ActionStatus, Clock, ClockKind, ClockState, EntryKind};

use crate::common::{self, Document, Times, decided, filings_to, range};
use crate::labels::Labels;
use crate::layout::{BODY, Builder, Column, Frame, NOTE};
use crate::{DraftContext, Lang};

/// The draft's inputs and what is derived from them once.
pub(crate) struct Draft<'c, 'a> {
    ctx: &'c DraftContext<'a>,
    l: &'static Labels,
    tz: Tz,
    /// The Art. 33(1) clock, counted from awareness.
    clock: Option<Clock>,
    /// The same 72 hours counted from discovery, when discovery came first.
    clock_from_detection: Option<Clock>,
    missing: Vec<&'static str>,
}

impl<'c, 'a> Draft<'c, 'a> {
    pub(crate) fn new(ctx: &'c DraftContext<'a>) -> Self {
        let l = Labels::of(ctx.lang);
        let tz = ctx.organisation.time_zone;
        let given = |kind| ctx.clocks.iter().find(|c| c.clock == kind).cloned();
        // Clocks are normally passed in; without them, count from the case (nothing submitted).
        let computed = domain::deadline::imy_clocks(ctx.case, None, tz, ctx.generated_at);
        let computed_kind = |kind| computed.iter().find(|c: &&Clock| c.clock == kind).cloned();
        let (clock, clock_from_detection) = if ctx.clocks.is_empty() {
            (computed_kind(ClockKind::ImyNotification), computed_kind(ClockKind::ImyNotificationFromDetection))
        } else {
            (given(ClockKind::ImyNotification), given(ClockKind::ImyNotificationFromDetection))
        };
        let mut draft = Self { ctx, l, tz, clock, clock_from_detection, missing: Vec::new() };
        // The case's clock waits for every controller's notification; this draft is for one
        // controller, whose own notification meets (or misses) the clock for it.
        if let Some(first) = draft.imy_notifications().first().map(|f| f.submitted_at) {
            for clock in [&mut draft.clock, &mut draft.clock_from_detection].into_iter().flatten() {
                clock.met_at = Some(first);
                clock.state =
                    if clock.due_at.is_some_and(|due| first > due) { ClockState::Missed } else { ClockState::Met };
            }
        }
        draft.missing = draft.missing_fields();
        draft
    }

    fn lang(&self) -> Lang {
        self.ctx.lang
    }

    /// What IMY asks for that the case does not hold yet.
    pub(crate) fn missing(&self) -> &[&'static str] {
        &self.missing
    }

    /// An instant as local time with the zone named: `2024-01-14 16:00 (Europe/Stockholm)`.
    fn when(&self, t: DateTime<Utc>) -> String {
        Times { tz: self.tz }.when(t)
    }

    /// An instant as local time without the zone (for tables whose header names it).
    fn local(&self, t: DateTime<Utc>) -> String {
        Times { tz: self.tz }.local(t)
    }

    fn controller_id(&self) -> Option<domain::ControllerId> {
        self.ctx.controller.map(|c| c.id)
    }

    /// GDPR Art. 33(1): a notification after 72 hours carries the reasons for the delay. They
    /// are needed when the clock is missed or an IMY notification was filed after its due time.
    fn delay_reasons_needed(&self) -> bool {
        let missed = self.clock.as_ref().is_some_and(|c| c.state == ClockState::Missed);
        let filed_late = self.imy_notifications().iter().any(|f| f.due_at.is_some_and(|due| f.submitted_at > due));
        missed || filed_late
    }

    /// The IMY notifications (preliminary or complete) filed for this controller.
    fn imy_notifications(&self) -> Vec<&'a Filing> {
        filings_to(self.ctx.filings, Recipient::Imy, self.controller_id())
            .into_iter()
            .filter(|f| is_imy_notification(f))
            .collect()
    }

    /// The reasons for delay recorded on an IMY filing (the latest that has them).
    fn recorded_delay_reasons(&self) -> Option<(&'a Filing, &'a str)> {
        filings_to(self.ctx.filings, Recipient::Imy, self.controller_id())
            .into_iter()
            .rev()
            .find_map(|f| f.delay_reasons.as_deref().filter(|r| !r.trim().is_empty()).map(|r| (f, r)))
    }

    /// What IMY asks for that the case does not hold yet, in the order of the form.
    fn missing_fields(&self) -> Vec<&'static str> {
        let (ctx, l) = (self.ctx, self.l);
        let case = ctx.case;
        let org = ctx.organisation;
        let blank = |s: &str| s.trim().is_empty();
        let open_actions = ctx.actions.iter().filter(|a| a.status != ActionStatus::Cancelled).count();
        [
            (ctx.controller.is_none(), l.m_controller),
            (blank(&org.dpo_name) || (blank(&org.dpo_email) && blank(&org.dpo_phone)), l.m_dpo),
            (blank(&org.contact_address), l.m_contact_address),
            (case.cause.is_none(), l.m_cause),
            (case.occurred_from.is_none(), l.m_occurred),
            (case.occurred_to.is_none(), l.m_ended),
            (case.detection_method.is_none(), l.m_detection_method),
            (case.data_subject_categories.is_empty(), l.m_ds_categories),
            (case.personal_data_categories.is_empty(), l.m_pd_categories),
            (case.data_subjects_count.is_none(), l.m_ds_count),
            (case.records_count.is_none(), l.m_records_count),
            (case.likely_consequences.is_none(), l.m_consequences),
            (case.cross_border && case.member_states.is_empty(), l.m_member_states),
            (ctx.assessment.is_none(), l.m_severity),
            (open_actions == 0, l.m_actions),
            (decided(ctx.decisions, DecisionKind::InformDataSubjects).is_none(), l.m_informed),
            (self.delay_reasons_needed() && self.recorded_delay_reasons().is_none(), l.m_delay),
        ]
        .into_iter()
        .filter_map(|(missing, label)| missing.then_some(label))
        .collect()
    }

    /// A field whose value may be absent: absent values are shown muted.
    fn field_or(&self, b: &mut Builder, label: &str, value: Option<String>, absent: &str) {
        match value {
            Some(v) if !v.trim().is_empty() => b.field(label, &v, BODY),
            _ => b.field(label, absent, NOTE),
        }
    }
}

impl Document for Draft<'_, '_> {
    fn frame(&self) -> Frame {
        let (ctx, l) = (self.ctx, self.l);
        Frame {
            title: format!("{} {}", l.title, ctx.case.reference),
            mark: l.mark.to_owned(),
            header_left: format!("{} · {} {}", ctx.case.reference, l.version, ctx.case.version),
            header_right: format!("{} {}", l.generated, self.when(ctx.generated_at)),
            page_label: l.page_of,
            author: ctx.organisation.name.clone(),
            language: l.language,
            created_at: ctx.generated_at,
        }
    }

    fn write(&self, b: &mut Builder) {
        let (ctx, l) = (self.ctx, self.l);
        let case = ctx.case;
        b.title(l.title);
        b.paragraph(&format!("{} {}: {}", l.case, case.reference, case.title), BODY);
        b.paragraph(l.intro, NOTE);

        b.begin_box(l.missing_title);
        if self.missing.is_empty() {
            b.paragraph(l.missing_none, BODY);
        } else {
            b.paragraph(l.missing_intro, BODY);
            for item in &self.missing {
                b.bullet(item, BODY);
            }
        }
        b.end_box();

        self.controller(b);
        self.contact(b);
        self.kind(b);
        self.incident(b);
        self.subjects(b);
        self.consequences(b);
        self.severity(b);
        self.actions(b);
        self.informed(b);
        self.cross_border(b);
        self.deadline(b);
        self.delay(b);
        self.other(b);
        self.timeline(b);
        crate::evidence::imy_annex(b, ctx);
    }
}

impl Draft<'_, '_> {
    fn controller(&self, b: &mut Builder) {
        let (ctx, l) = (self.ctx, self.l);
        b.heading(l.s_controller);
        match ctx.controller {
            Some(c) => {
                b.field(l.f_name, &c.name, BODY);
                b.field(l.f_org_number, c.organisation_number.as_str(), BODY);
                b.field(l.f_postal, &c.postal_address, BODY);
            }
            None => {
                for label in [l.f_name, l.f_org_number, l.f_postal] {
                    b.field(label, l.not_chosen, NOTE);
                }
            }
        }
        b.field(l.f_reference, ctx.case.reference.as_str(), BODY);
        if let Some(number) = common::imy_case_number(ctx.filings, self.controller_id()) {
            b.field(l.f_imy_number, &number, BODY);
        }
    }

    fn contact(&self, b: &mut Builder) {
        let (org, l) = (self.ctx.organisation, self.l);
        b.heading(l.s_contact);
        b.field(l.f_organisation, &org.name, BODY);
        for (label, value) in [(l.f_dpo, &org.dpo_name), (l.f_email, &org.dpo_email), (l.f_phone, &org.dpo_phone)] {
            self.field_or(b, label, Some(value.clone()), l.missing_value);
        }
        // Art. 33(3)(b): the DPO "or other contact point where more information can be obtained".
        let contact: Vec<&str> = [org.contact_name.as_str(), org.contact_email.as_str(), org.contact_phone.as_str()]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect();
        if contact.is_empty() {
            b.field(l.f_contact_person, l.contact_is_dpo, NOTE);
        } else {
            b.field(l.f_contact_person, &contact.join("\n"), BODY);
        }
        // IMY's form, question 9: where IMY's letters about the notification go.
        self.field_or(b, l.f_contact_address, Some(org.contact_address.clone()), l.missing_value);
        b.paragraph(l.contact_address_help, NOTE);
    }

    fn kind(&self, b: &mut Builder) {
        let l = self.l;
        b.heading(l.s_kind);
        let kind = if self.missing.is_empty() { Phase::Complete } else { Phase::Preliminary }.long_name(self.lang());
        b.field(l.f_kind, kind, BODY);
    }

    fn incident(&self, b: &mut Builder) {
        let (case, l, lang) = (self.ctx.case, self.l, self.lang());
        b.heading(l.s_incident);
        self.field_or(b, l.f_occurred, case.occurred_from.map(|t| self.when(t)), l.unknown);
        self.field_or(b, l.f_ended, case.occurred_to.map(|t| self.when(t)), l.unknown);
        b.field(l.f_detected, &self.when(case.detected_at), BODY);
        self.field_or(b, l.f_detection_method, case.detection_method.clone(), l.unknown);
        b.field(l.f_aware, &self.when(case.aware_at), BODY);
        if let Some(why) = &case.aware_justification {
            b.field(l.f_aware_justification, why, BODY);
        }
        if let Some(t) = case.contained_at {
            b.field(l.f_contained, &self.when(t), BODY);
        }
        b.text_block(l.f_description, &case.description, BODY);
        let types: Vec<&str> = case.breach_types.iter().map(|t| t.long_name(lang)).collect();
        self.field_or(b, l.f_breach_types, Some(types.join("\n")), l.unknown);
        b.field(l.f_category, case.category.name(lang), BODY);
        self.field_or(b, l.f_cause, case.cause.map(|c| c.name(lang).to_owned()), l.unknown);
        self.field_or(b, l.f_systems, Some(case.affected_systems.join("\n")), l.none_given);
        b.field(l.f_processor, case.processor_involved.name(lang), BODY);
    }

    fn subjects(&self, b: &mut Builder) {
        let (case, l, lang) = (self.ctx.case, self.l, self.lang());
        b.heading(l.s_subjects);
        let subjects: Vec<&str> = case.data_subject_categories.iter().map(|c| c.name(lang)).collect();
        self.field_or(b, l.f_ds_categories, Some(subjects.join("\n")), l.none_given);
        let data: Vec<&str> = case.personal_data_categories.iter().map(|c| c.name(lang)).collect();
        self.field_or(b, l.f_pd_categories, Some(data.join("\n")), l.none_given);
        self.field_or(b, l.f_ds_count, case.data_subjects_count.map(|r| range(lang, r)), l.unknown);
        self.field_or(b, l.f_records_count, case.records_count.map(|r| range(lang, r)), l.unknown);
    }

    fn consequences(&self, b: &mut Builder) {
        let (case, l) = (self.ctx.case, self.l);
        b.heading(l.s_consequences);
        match &case.likely_consequences {
            Some(text) => b.text_block(l.f_consequences, text, BODY),
            None => b.text_block(l.f_consequences, l.unknown, NOTE),
        }
    }

    fn actions(&self, b: &mut Builder) {
        let (ctx, l, lang) = (self.ctx, self.l, self.lang());
        b.heading(l.s_actions);
        b.paragraph(l.actions_question, NOTE);
        let mut done: Vec<_> = ctx.actions.iter().filter(|a| a.status == ActionStatus::Done).collect();
        done.sort_by_key(|a| (a.done_at, a.created_at));
        let mut planned: Vec<_> = ctx
            .actions
            .iter()
            .filter(|a| matches!(a.status, ActionStatus::Planned | ActionStatus::InProgress))
            .collect();
        // Those with a due date first, soonest first.
        planned.sort_by_key(|a| (a.due_at.is_none(), a.due_at, a.created_at));
        let done: Vec<String> = done
            .iter()
            .map(|a| match a.done_at {
                Some(t) => format!("{} ({} {})", a.title, l.done_at, self.local(t)),
                None => a.title.clone(),
            })
            .collect();
        let planned: Vec<String> = planned
            .iter()
            .map(|a| {
                let status = a.status.name(lang).to_lowercase();
                match a.due_at {
                    Some(t) => format!("{} ({status}, {} {})", a.title, l.due_at, self.local(t)),
                    None => format!("{} ({status})", a.title),
                }
            })
            .collect();
        self.field_or(b, l.f_actions_done, Some(done.join("\n")), l.none);
        self.field_or(b, l.f_actions_planned, Some(planned.join("\n")), l.none);
        if !done.is_empty() || !planned.is_empty() {
            b.paragraph(&format!("{} {}.", l.times_in, self.tz.name()), NOTE);
        }
    }

    /// IMY's self-assessed severity (question 29): the DPO's conclusion with the ENISA score.
    fn severity(&self, b: &mut Builder) {
        let (l, lang) = (self.l, self.lang());
        b.heading(l.s_severity);
        b.paragraph(l.severity_question, NOTE);
        let Some(a) = self.ctx.assessment else {
            b.field(l.f_conclusion, l.no_assessment, NOTE);
            return;
        };
        b.field(l.f_conclusion, a.conclusion.name(lang), BODY);
        let score = format!("{} ({})", common::decimal(lang, a.score, 2), a.band.name(lang).to_lowercase());
        b.field(l.f_score, &score, BODY);
        b.text_block(l.f_justification, &a.justification, BODY);
        if let Some(why) = &a.below_band_reason {
            b.text_block(l.f_below_band, why, BODY);
        }
        let by = domain::access::name_and_role(self.ctx.people, &a.assessed_by, lang);
        b.field(l.f_assessed, &format!("{by}, {}", self.when(a.assessed_at)), NOTE);
    }

    /// Questions 31–35: informed, when, when will, why not (with the Art. 34(3) exemption).
    fn informed(&self, b: &mut Builder) {
        let (ctx, l, lang) = (self.ctx, self.l, self.lang());
        b.heading(l.s_informed);
        let Some(decision) = decided(ctx.decisions, DecisionKind::InformDataSubjects) else {
            b.field(l.f_informed, l.no_decision, NOTE);
            b.paragraph(l.informed_hint, NOTE);
            return;
        };
        match decision.outcome {
            Outcome::Yes => {
                let sent = filings_to(ctx.filings, Recipient::DataSubjects, self.controller_id());
                match sent.first() {
                    Some(first) => {
                        b.field(l.f_informed, Outcome::Yes.name(self.lang()), BODY);
                        b.field(l.f_informed_when, &self.when(first.submitted_at), BODY);
                        if let Some(channel) = &first.channel {
                            b.field(l.f_informed_how, channel, BODY);
                        }
                    }
                    None => {
                        b.field(l.f_informed, l.informed_later, BODY);
                        let due = ctx.clocks.iter().find(|c| c.clock == ClockKind::DataSubjects).and_then(|c| c.due_at);
                        let will = match due {
                            Some(due) => format!("{} ({})", l.without_delay, self.when(due)),
                            None => l.without_delay.to_owned(),
                        };
                        b.field(l.f_informed_will, &will, BODY);
                    }
                }
                b.text_block(l.f_decision_reasons, &decision.reasons, BODY);
            }
            Outcome::No => {
                b.field(l.f_informed, Outcome::No.name(self.lang()), BODY);
                let why = match decision.exemption {
                    Some(e) => format!("{}\n{}", e.long_name(lang), decision.reasons),
                    None => decision.reasons.clone(),
                };
                b.text_block(l.f_informed_why, &why, BODY);
                if decision.exemption == Some(Exemption::DisproportionateEffort) {
                    let public = filings_to(ctx.filings, Recipient::Public, self.controller_id());
                    match public.first() {
                        Some(f) => b.field(l.f_public, &self.when(f.submitted_at), BODY),
                        None => b.field(l.f_public, l.public_pending, NOTE),
                    }
                }
            }
        }
        let by = domain::access::name_and_role(ctx.people, &decision.decided_by, lang);
        let decided_by = format!("{by}, {}", self.when(decision.decided_at));
        b.field(l.f_decided, &decided_by, NOTE);
    }

    /// GDPR Art. 33(1): the reasons for a late notification, recorded or still to be given.
    fn delay(&self, b: &mut Builder) {
        let l = self.l;
        let recorded = self.recorded_delay_reasons();
        if !self.delay_reasons_needed() && recorded.is_none() {
            return;
        }
        b.heading(l.s_delay);
        b.paragraph(l.delay_text, BODY);
        match recorded {
            Some((_, reasons)) => b.text_block(l.f_delay_reasons, reasons, BODY),
            None => b.paragraph(l.delay_placeholder, NOTE),
        }
    }

    /// The final free-text question: other information and what should be kept secret under
    /// OSL (IMY: everything in the notification becomes a public document).
    fn other(&self, b: &mut Builder) {
        let (ctx, l) = (self.ctx, self.l);
        let case = ctx.case;
        b.heading(l.s_other);
        b.paragraph(l.other_text, BODY);
        let has = |c| case.personal_data_categories.contains(&c);
        let technical = ctx.timeline.iter().any(|e| matches!(e.kind, EntryKind::Detection | EntryKind::Evidence));
        let secret: Vec<String> = [
            (!case.affected_systems.is_empty(), l.osl_systems),
            (has(PersonalDataCategory::SecrecyOsl), l.osl_secrecy),
            (has(PersonalDataCategory::ProtectedIdentity), l.osl_protected),
            (technical, l.osl_annex),
        ]
        .into_iter()
        .filter(|(applies, _)| *applies)
        .map(|(_, text)| text.to_owned())
        .collect();
        if secret.is_empty() {
            b.paragraph(l.osl_none, NOTE);
        } else {
            b.paragraph(l.osl_intro, BODY);
            for item in &secret {
                b.bullet(item, BODY);
            }
            b.gap(4.0);
        }
        b.paragraph(l.other_placeholder, NOTE);
    }

    fn cross_border(&self, b: &mut Builder) {
        let (case, l) = (self.ctx.case, self.l);
        b.heading(l.s_cross_border);
        b.field(l.f_cross_border, case.cross_border.name(self.lang()), BODY);
        if case.cross_border {
            self.field_or(b, l.f_member_states, Some(case.member_states.join("\n")), l.missing_value);
            b.paragraph(l.cross_border_hint, NOTE);
        }
    }

    fn deadline(&self, b: &mut Builder) {
        let l = self.l;
        b.heading(l.s_deadline);
        let Some(clock) = &self.clock else {
            b.field(l.f_due, l.unknown, NOTE);
            return;
        };
        self.field_or(b, l.f_due, clock.due_at.map(|t| self.when(t)), l.unknown);
        b.field(l.f_clock_state, &self.clock_state(clock), BODY);
        if let Some(from_detection) = &self.clock_from_detection
            && let Some(due) = from_detection.due_at
        {
            b.field(l.f_due_detection, &self.when(due), NOTE);
        }
    }

    fn clock_state(&self, clock: &Clock) -> String {
        let l = self.l;
        match (clock.state, clock.met_at, clock.due_at) {
            (ClockState::NotStarted, ..) => ClockState::NotStarted.name(self.lang()).to_owned(),
            (ClockState::Met, Some(met), _) => format!("{} ({})", l.met, self.when(met)),
            (ClockState::Met, None, _) => l.met.to_owned(),
            (ClockState::Missed, Some(met), _) => format!("{} ({})", l.met_late, self.when(met)),
            (ClockState::Missed, None, _) => l.missed.to_owned(),
            (ClockState::Running, _, Some(due)) => {
                let minutes = (due - self.ctx.generated_at).num_minutes().max(0);
                let running = ClockState::Running.name(self.lang());
                format!("{running} – {} {} {} min {}", minutes / 60, l.hours, minutes % 60, l.left)
            }
            (ClockState::Running, _, None) => ClockState::Running.name(self.lang()).to_owned(),
        }
    }

    fn timeline(&self, b: &mut Builder) {
        let (ctx, l, lang) = (self.ctx, self.l, self.lang());
        b.page_break();
        b.heading(l.s_annex);
        b.paragraph(&format!("{} {} {}.", l.annex_intro, l.times_in, self.tz.name()), NOTE);
        if ctx.timeline.is_empty() {
            b.paragraph(l.no_entries, NOTE);
            return;
        }
        let mut entries: Vec<_> = ctx.timeline.iter().collect();
        entries.sort_by_key(|e| (e.occurred_at, e.seq));
        let rows: Vec<Vec<String>> = entries
            .iter()
            .map(|e| {
                let mut text = e.text.clone();
                if let Some(corrected) = e.corrects.and_then(|id| ctx.timeline.iter().find(|o| o.id == id)) {
                    text = format!("{text}\n({} {})", l.corrects, corrected.seq);
                }
                vec![e.seq.to_string(), self.local(e.occurred_at), e.kind.name(lang).to_owned(), text]
            })
            .collect();
        let column = |header: &str, share| Column { header: header.to_owned(), share };
        let columns =
            [column(l.col_no, 0.06), column(l.col_time, 0.2), column(l.col_kind, 0.18), column(l.col_text, 0.56)];
        b.table(&columns, &rows);
    }
}
