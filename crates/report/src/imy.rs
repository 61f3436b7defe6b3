//! The draft of the IMY personal-data-breach notification (GDPR Art. 33), in the order of
//! IMY's e-service form, with what is still missing listed first.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use domain::case::CountRange;
use domain::{ActionStatus, Clock, ClockKind, ClockState};

use crate::fonts::fonts;
use crate::labels::{self, Labels};
use crate::layout::{BODY, Builder, Column, Frame, NOTE};
use crate::{DraftContext, Lang, ReportError};

/// Lays out and writes the draft.
pub(crate) fn render(ctx: &DraftContext<'_>) -> Result<Vec<u8>, ReportError> {
    let draft = Draft::new(ctx);
    let mut b = Builder::new(fonts()?);
    draft.write(&mut b);
    b.finish(&draft.frame())
}

/// The draft's inputs and what is derived from them once.
struct Draft<'c, 'a> {
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
    fn new(ctx: &'c DraftContext<'a>) -> Self {
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
        draft.missing = draft.missing_fields();
        draft
    }

    fn lang(&self) -> Lang {
        self.ctx.lang
    }

    /// An instant as local time with the zone named: `2024-01-14 16:00 (Europe/Stockholm)`.
    fn when(&self, t: DateTime<Utc>) -> String {
        format!("{} ({})", self.local(t), self.tz.name())
    }

    /// An instant as local time without the zone (for tables whose header names it).
    fn local(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.tz).format("%Y-%m-%d %H:%M").to_string()
    }

    fn delay_reasons_needed(&self) -> bool {
        self.clock.as_ref().is_some_and(|c| c.state == ClockState::Missed)
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
            (case.occurred_from.is_none(), l.m_occurred),
            (case.occurred_to.is_none(), l.m_ended),
            (case.detection_method.is_none(), l.m_detection_method),
            (case.data_subject_categories.is_empty(), l.m_ds_categories),
            (case.personal_data_categories.is_empty(), l.m_pd_categories),
            (case.data_subjects_count.is_none(), l.m_ds_count),
            (case.records_count.is_none(), l.m_records_count),
            (case.likely_consequences.is_none(), l.m_consequences),
            (open_actions == 0, l.m_actions),
            // The case does not record the Art. 34 decision yet, so it is always open.
            (true, l.m_informed),
            (self.delay_reasons_needed(), l.m_delay),
        ]
        .into_iter()
        .filter_map(|(missing, label)| missing.then_some(label))
        .collect()
    }

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
        self.actions(b);
        self.informed(b);
        self.cross_border(b);
        self.deadline(b);
        if self.delay_reasons_needed() {
            b.heading(l.s_delay);
            b.paragraph(l.delay_text, BODY);
            b.paragraph(l.delay_placeholder, NOTE);
        }
        b.heading(l.s_other);
        b.paragraph(l.other_text, BODY);
        b.paragraph(l.other_placeholder, NOTE);
        self.timeline(b);
    }

    /// A field whose value may be absent: absent values are shown muted.
    fn field_or(&self, b: &mut Builder, label: &str, value: Option<String>, absent: &str) {
        match value {
            Some(v) if !v.trim().is_empty() => b.field(label, &v, BODY),
            _ => b.field(label, absent, NOTE),
        }
    }

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
    }

    fn contact(&self, b: &mut Builder) {
        let (org, l) = (self.ctx.organisation, self.l);
        b.heading(l.s_contact);
        b.field(l.f_organisation, &org.name, BODY);
        for (label, value) in [(l.f_dpo, &org.dpo_name), (l.f_email, &org.dpo_email), (l.f_phone, &org.dpo_phone)] {
            self.field_or(b, label, Some(value.clone()), l.missing_value);
        }
    }

    fn kind(&self, b: &mut Builder) {
        let l = self.l;
        b.heading(l.s_kind);
        let kind = if self.missing.is_empty() { l.complete } else { l.preliminary };
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
        let types: Vec<&str> = case.breach_types.iter().map(|t| labels::breach_type(lang, *t)).collect();
        self.field_or(b, l.f_breach_types, Some(types.join("\n")), l.unknown);
        b.field(l.f_category, labels::category(lang, case.category), BODY);
        self.field_or(b, l.f_systems, Some(case.affected_systems.join("\n")), l.none_given);
        b.field(l.f_processor, if case.processor_involved { l.yes } else { l.no }, BODY);
    }

    fn subjects(&self, b: &mut Builder) {
        let (case, l, lang) = (self.ctx.case, self.l, self.lang());
        b.heading(l.s_subjects);
        let subjects: Vec<&str> =
            case.data_subject_categories.iter().map(|c| labels::data_subject_category(lang, *c)).collect();
        self.field_or(b, l.f_ds_categories, Some(subjects.join("\n")), l.none_given);
        let data: Vec<&str> =
            case.personal_data_categories.iter().map(|c| labels::personal_data_category(lang, *c)).collect();
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
                let status = labels::action_status(lang, a.status);
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

    fn informed(&self, b: &mut Builder) {
        let l = self.l;
        b.heading(l.s_informed);
        b.field(l.f_informed, l.no_decision, NOTE);
        b.paragraph(l.informed_hint, NOTE);
    }

    fn cross_border(&self, b: &mut Builder) {
        let (case, l) = (self.ctx.case, self.l);
        b.heading(l.s_cross_border);
        b.field(l.f_cross_border, if case.cross_border { l.yes } else { l.no }, BODY);
        if case.cross_border {
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
            (ClockState::NotStarted, ..) => l.not_started.to_owned(),
            (ClockState::Met, Some(met), _) => format!("{} ({})", l.met, self.when(met)),
            (ClockState::Met, None, _) => l.met.to_owned(),
            (ClockState::Missed, Some(met), _) => format!("{} ({})", l.met_late, self.when(met)),
            (ClockState::Missed, None, _) => l.missed.to_owned(),
            (ClockState::Running, _, Some(due)) => {
                let minutes = (due - self.ctx.generated_at).num_minutes().max(0);
                format!("{} – {} {} {} min {}", l.running, minutes / 60, l.hours, minutes % 60, l.left)
            }
            (ClockState::Running, _, None) => l.running.to_owned(),
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
                vec![e.seq.to_string(), self.local(e.occurred_at), labels::entry_kind(lang, e.kind).to_owned(), text]
            })
            .collect();
        let column = |header: &str, share| Column { header: header.to_owned(), share };
        let columns =
            [column(l.col_no, 0.06), column(l.col_time, 0.2), column(l.col_kind, 0.18), column(l.col_text, 0.56)];
        b.table(&columns, &rows);
    }
}

/// An approximate count: `1 200` or `1 000–2 000` (Swedish), `1,200` or `1,000–2,000`.
fn range(lang: Lang, r: CountRange) -> String {
    let n = |v: u64| group(v, if lang == Lang::Sv { '\u{a0}' } else { ',' });
    if r.min == r.max { n(r.min) } else { format!("{}–{}", n(r.min), n(r.max)) }
}

/// Digits in groups of three.
fn group(v: u64, separator: char) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands_in_each_language() {
        let r = CountRange { min: 1000, max: 25_000 };
        assert_eq!(range(Lang::Sv, r), "1\u{a0}000–25\u{a0}000");
        assert_eq!(range(Lang::En, CountRange { min: 999, max: 999 }), "999");
        assert_eq!(group(1_234_567, ','), "1,234,567");
    }
}
