//! The draft of a police report (polisanmälan) of an IT crime against the organisation:
//! complainant, offences considered, period, course of events from the timeline, affected
//! systems, technical traces, evidence kept, damage and ransom demand. The case does not record
//! every fact the police ask for; those are printed as marked blanks and listed first.

use domain::decision::DecisionKind;
use domain::names::Named;
use domain::police::PoliceDetails;
use domain::{Category, EntryKind, TimelineEntry};

use crate::common::{Document, Times, decided, page_label, sender, tr};
use crate::layout::{BODY, Builder, Column, Frame, NOTE};
use crate::{DraftContext, Lang};

/// One offence the facts point to.
struct Offence {
    name: &'static str,
    why: &'static str,
}

/// The police report's inputs and what is derived from them once.
pub(crate) struct Draft<'c, 'a> {
    ctx: &'c DraftContext<'a>,
    times: Times,
    offences: Vec<Offence>,
    /// The blanks legal must fill in, in the order they appear.
    blanks: Vec<&'static str>,
}

impl<'c, 'a> Draft<'c, 'a> {
    /// Derives the offences and the blanks.
    pub(crate) fn new(ctx: &'c DraftContext<'a>) -> Self {
        let lang = ctx.lang;
        let money_moved = ctx.police.is_some_and(|p| p.money_moved);
        let offences = offences(lang, ctx.case.category, money_moved);
        let mut draft = Self { ctx, times: Times { tz: ctx.organisation.time_zone }, offences, blanks: Vec::new() };
        draft.blanks = draft.blank_list();
        draft
    }

    fn lang(&self) -> Lang {
        self.ctx.lang
    }

    fn t(&self, sv: &'static str, en: &'static str) -> &'static str {
        tr(self.lang(), sv, en)
    }

    fn ransom_expected(&self) -> bool {
        self.ctx.case.category == Category::Ransomware
    }

    /// Every blank of the draft (what the case cannot tell), as "fill in" texts.
    fn blank_list(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut unless = |pick: fn(&PoliceDetails) -> &Option<String>, what: &'static str| {
            if self.given(pick).is_none() {
                out.push(what);
            }
        };
        unless(
            |p| &p.signatory,
            self.t(
                "behörig företrädare som gör anmälan och en kontaktperson som nås dygnet runt",
                "the authorised signatory making the report and a contact reachable around the clock",
            ),
        );
        unless(
            |p| &p.technical_details,
            self.t(
                "angripna datorer och tjänster (värdnamn, IP-adresser, operativsystem, portar och protokoll)",
                "attacked machines and services (host names, IP addresses, operating systems, ports and protocols)",
            ),
        );
        unless(
            |p| &p.attacker_traces,
            self.t(
                "angriparens spår (IP-adresser, domäner, konton, filer och kontrollsummor, kontaktkanal)",
                "the attacker's traces (IP addresses, domains, accounts, files and hashes, contact channel)",
            ),
        );
        unless(
            |p| &p.evidence_custody,
            self.t(
                "var bevisen förvaras, vem som ansvarar för dem och deras kontrollsummor",
                "where the evidence is kept, who is responsible for it and its hashes",
            ),
        );
        unless(
            |p| &p.damage,
            self.t(
                "skadans omfattning, kostnader hittills och eventuellt skadeståndsanspråk",
                "the extent of the damage, costs so far and any claim for damages",
            ),
        );
        if self.ransom_expected() {
            unless(
                |p| &p.ransom_demand,
                self.t(
                    "krav på lösen (belopp, valuta, kryptovalutaadress, tidsfrist, om något betalats)",
                    "ransom demand (amount, currency, cryptocurrency address, deadline, whether anything was paid)",
                ),
            );
        }
        unless(|p| &p.suspects, self.t("misstänkta gärningspersoner, om några är kända", "suspects, if any are known"));
        if self.offences.is_empty() {
            out.insert(0, self.t("vilket brott som anmäls", "which offence is reported"));
        }
        out
    }

    /// A marked blank: "Uppgift saknas – fyll i: …".
    fn blank(&self, what: &str) -> String {
        format!("{} {what}", self.t("Uppgift saknas – fyll i:", "Not recorded – fill in:"))
    }

    /// A police fact recorded on the case, if any.
    fn given(&self, pick: fn(&PoliceDetails) -> &Option<String>) -> Option<&'a str> {
        self.ctx.police.and_then(|p| pick(p).as_deref())
    }

    /// A field with the recorded fact, or a marked blank naming what to fill in.
    fn fact(&self, b: &mut Builder, label: &str, pick: fn(&PoliceDetails) -> &Option<String>, missing: &str) {
        match self.given(pick) {
            Some(value) => b.field(label, value, BODY),
            None => b.field(label, &self.blank(missing), NOTE),
        }
    }

    fn entries(&self, kinds: &[EntryKind]) -> Vec<&'a TimelineEntry> {
        let mut entries: Vec<&TimelineEntry> =
            self.ctx.timeline.iter().filter(|e| kinds.is_empty() || kinds.contains(&e.kind)).collect();
        entries.sort_by_key(|e| (e.occurred_at, e.seq));
        entries
    }

    fn timeline_table(&self, b: &mut Builder, entries: &[&TimelineEntry]) {
        let (lang, times) = (self.lang(), self.times);
        let rows: Vec<Vec<String>> = entries
            .iter()
            .map(|e| {
                let kind = e.kind.name(lang).to_owned();
                vec![e.seq.to_string(), times.local(e.occurred_at), kind, e.text.clone()]
            })
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

impl Document for Draft<'_, '_> {
    fn frame(&self) -> Frame {
        let ctx = self.ctx;
        Frame {
            title: format!("{} {}", self.t("Polisanmälan – utkast", "Police report – draft"), ctx.case.reference),
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
        let (ctx, times) = (self.ctx, self.times);
        let case = ctx.case;
        b.title(self.t("Polisanmälan – utkast", "Police report – draft"));
        b.paragraph(&format!("{} {}: {}", self.t("Ärende", "Case"), case.reference, case.title), BODY);
        b.paragraph(
            self.t(
                "Underlag för anmälan till Polismyndigheten (114 14 eller polisen.se). Polisen ber om anmälan så \
                 snart som möjligt, eftersom loggar och andra digitala spår blir svåra att få fram efter en tid, \
                 och om att all bevisning sparas digitalt.",
                "Basis for a report to the Swedish Police Authority (114 14 or polisen.se). The police ask for a \
                 report as soon as possible, because logs and other digital traces become hard to obtain after a \
                 time, and for all evidence to be kept digitally.",
            ),
            NOTE,
        );

        b.begin_box(self.t("Uppgifter som saknas", "Missing information"));
        b.paragraph(
            self.t(
                "Ärendet innehåller inte följande; fyll i dem i anmälan:",
                "The case does not hold the following; fill them in:",
            ),
            BODY,
        );
        for item in &self.blanks {
            b.bullet(item, BODY);
        }
        b.end_box();

        self.complainant(b);
        self.offences(b);

        b.heading(self.t("Tidsperiod", "Period"));
        let unknown = self.t("Okänt", "Unknown");
        let instant =
            |t: Option<chrono::DateTime<chrono::Utc>>| t.map_or_else(|| unknown.to_owned(), |t| times.when(t));
        b.field(self.t("Brottet började", "The offence began"), &instant(case.occurred_from), BODY);
        b.field(self.t("Brottet upphörde", "The offence ended"), &instant(case.occurred_to), BODY);
        b.field(self.t("Upptäckt", "Discovered"), &times.when(case.detected_at), BODY);
        if let Some(how) = &case.detection_method {
            b.field(self.t("Hur det upptäcktes", "How it was discovered"), how, BODY);
        }
        b.field(
            self.t("Kännedom om personuppgiftsincident", "Aware of a personal data breach"),
            &times.when(case.aware_at),
            BODY,
        );
        b.field(self.t("Begränsat", "Contained"), &instant(case.contained_at), BODY);

        b.heading(self.t("Händelseförlopp", "Course of events"));
        b.text_block(self.t("Beskrivning", "Description"), &case.description, BODY);
        // The report becomes part of the preliminary investigation file: it tells the
        // incident's events (detection, containment, recovery, evidence, contact with the
        // attacker), never the organisation's internal deliberations (the risk assessment, the
        // decisions on notifying IMY or informing the data subjects, notes).
        let all = self.entries(COURSE_OF_EVENTS);
        b.paragraph(
            &format!(
                "{} {} {}.",
                self.t(
                    "Förloppet enligt ärendets tidslinje, i tidsordning: upptäckt, begränsning, återställning, \
                     bevissäkring och kontakter med angriparen.",
                    "The course of events from the case's timeline, in order of time: detection, containment, \
                     recovery, evidence and contact with the attacker."
                ),
                self.t("Tider i", "Times in"),
                times.tz.name()
            ),
            NOTE,
        );
        if all.is_empty() {
            b.paragraph(self.t("Tidslinjen är tom.", "The timeline is empty."), NOTE);
        } else {
            self.timeline_table(b, &all);
        }

        b.heading(self.t("Berörda system", "Affected systems"));
        if case.affected_systems.is_empty() {
            b.paragraph(&self.blank(self.t("berörda system", "affected systems")), NOTE);
        } else {
            for system in &case.affected_systems {
                b.bullet(system, BODY);
            }
            b.gap(4.0);
        }
        self.fact(
            b,
            self.t("Tekniska uppgifter", "Technical details"),
            |p| &p.technical_details,
            self.t(
                "värdnamn, IP-adresser, operativsystem, portar och protokoll",
                "host names, IP addresses, operating systems, ports and protocols",
            ),
        );

        b.heading(self.t("Tekniska spår", "Technical traces"));
        let traces = self.entries(&[EntryKind::Detection, EntryKind::Evidence]);
        if !traces.is_empty() {
            b.paragraph(
                self.t(
                    "Tidslinjens poster om upptäckt och bevissäkring:",
                    "Timeline entries on detection and evidence:",
                ),
                NOTE,
            );
            self.timeline_table(b, &traces);
        }
        self.fact(
            b,
            self.t("Angriparens spår", "The attacker's traces"),
            |p| &p.attacker_traces,
            self.t(
                "IP-adresser, domäner, konton, filer och kontrollsummor, utpressningsmeddelande, loggar",
                "IP addresses, domains, accounts, files and hashes, ransom note, logs",
            ),
        );

        b.heading(self.t("Säkrade bevis och var de förvaras", "Evidence kept and where"));
        let evidence = self.entries(&[EntryKind::Evidence]);
        if evidence.is_empty() {
            b.paragraph(
                self.t("Tidslinjen har ingen post om bevissäkring.", "The timeline has no evidence entry."),
                NOTE,
            );
        } else {
            for e in &evidence {
                b.bullet(&format!("{} – {}", times.local(e.occurred_at), e.text), BODY);
            }
            b.gap(4.0);
        }
        crate::evidence::police_items(b, ctx, times);
        self.fact(
            b,
            self.t("Förvaring", "Custody"),
            |p| &p.evidence_custody,
            self.t(
                "förvaringsplats, ansvarig person och kontrollsummor för varje bevis",
                "place of storage, person responsible and hashes of each item",
            ),
        );

        b.heading(self.t("Skada och kostnader", "Damage and costs"));
        let types: Vec<&str> = case.breach_types.iter().map(|t| t.long_name(self.lang())).collect();
        b.field(self.t("Förlorade egenskaper", "Properties lost"), &types.join("\n"), BODY);
        if let Some(r) = case.data_subjects_count {
            b.field(
                self.t("Berörda personer (uppskattning)", "People affected (estimate)"),
                &crate::common::range(self.lang(), r),
                BODY,
            );
        }
        self.fact(
            b,
            self.t("Skada", "Damage"),
            |p| &p.damage,
            self.t(
                "skadans omfattning, kostnader hittills och eventuellt skadeståndsanspråk",
                "extent of the damage, costs so far and any claim for damages",
            ),
        );

        b.heading(self.t("Krav på lösen", "Ransom demand"));
        if self.ransom_expected() || self.given(|p| &p.ransom_demand).is_some() {
            self.fact(
                b,
                self.t("Krav", "Demand"),
                |p| &p.ransom_demand,
                self.t(
                    "belopp, valuta, kryptovalutaadress, tidsfrist, kontaktkanal och om något har betalats",
                    "amount, currency, cryptocurrency address, deadline, contact channel and whether anything was paid",
                ),
            );
            b.paragraph(
                self.t("Polisen avråder från att betala lösen.", "The police advise against paying a ransom."),
                NOTE,
            );
        } else {
            b.paragraph(
                self.t(
                    "Inte aktuellt enligt ärendets kategori; fyll i om ett krav har framställts.",
                    "Not applicable by the case's category; fill in if a demand has been made.",
                ),
                NOTE,
            );
        }

        b.heading(self.t("Misstänkta", "Suspects"));
        match self.given(|p| &p.suspects) {
            Some(suspects) => b.paragraph(suspects, BODY),
            None => b.paragraph(
                &self.blank(self.t("misstänkta gärningspersoner, om några är kända", "suspects, if any are known")),
                NOTE,
            ),
        }

        self.delay_request(b);
        self.other_reports(b);
    }
}

/// The timeline kinds that tell the incident's course (not the organisation's deliberations).
const COURSE_OF_EVENTS: &[EntryKind] = &[
    EntryKind::Detection,
    EntryKind::Containment,
    EntryKind::Eradication,
    EntryKind::Recovery,
    EntryKind::Evidence,
    EntryKind::Communication,
];

impl Draft<'_, '_> {
    fn complainant(&self, b: &mut Builder) {
        let ctx = self.ctx;
        let org = ctx.organisation;
        b.heading(self.t("Anmälare (målsägande)", "Complainant (injured party)"));
        match sender(ctx.controller, ctx.controllers) {
            Some(c) => {
                b.field(self.t("Organisation", "Organisation"), &c.name, BODY);
                b.field(
                    self.t("Organisationsnummer", "Corporate identity number"),
                    c.organisation_number.as_str(),
                    BODY,
                );
                b.field(self.t("Postadress", "Postal address"), &c.postal_address, BODY);
            }
            None => b.field(self.t("Organisation", "Organisation"), &org.name, BODY),
        }
        let others: Vec<&str> = ctx
            .controllers
            .iter()
            .filter(|c| sender(ctx.controller, ctx.controllers).is_none_or(|s| s.id != c.id))
            .map(|c| c.name.as_str())
            .collect();
        if !others.is_empty() {
            b.field(self.t("Även drabbade", "Also affected"), &others.join("\n"), BODY);
        }
        b.field(self.t("Ert ärende", "Your case"), ctx.case.reference.as_str(), BODY);
        let contact = [org.dpo_name.as_str(), org.dpo_email.as_str(), org.dpo_phone.as_str()]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        if contact.is_empty() {
            b.field(self.t("Kontakt", "Contact"), &self.blank(self.t("kontaktperson", "contact person")), NOTE);
        } else {
            b.field(self.t("Kontakt (dataskyddsombud)", "Contact (data protection officer)"), &contact, BODY);
        }
        self.fact(
            b,
            self.t("Behörig företrädare", "Authorised signatory"),
            |p| &p.signatory,
            self.t(
                "namn och befattning, och en kontaktperson som nås dygnet runt",
                "name and position, and a contact reachable around the clock",
            ),
        );
    }

    /// Recitals 86 and 88: whether the police want the data subjects' information held back
    /// so as not to hamper the investigation; recorded on the case, or a question to ask.
    fn delay_request(&self, b: &mut Builder) {
        let (case, lang, times) = (self.ctx.case, self.lang(), self.times);
        b.heading(self.t("Information till de registrerade", "Informing the data subjects"));
        let label = self.t("Begäran om anstånd", "Request to delay");
        match (case.police_delay_requested_at, case.police_delay_until) {
            (Some(asked), Some(until)) => b.field(
                label,
                &format!(
                    "{} {}, {} {}",
                    self.t("Polisen bad", "The police asked on"),
                    times.long_date(lang, asked),
                    self.t("om anstånd till", "to delay it until"),
                    times.long_when(lang, until)
                ),
                BODY,
            ),
            (Some(asked), None) => b.field(
                label,
                &format!(
                    "{} {} {}",
                    self.t("Polisen bad", "The police asked on"),
                    times.long_date(lang, asked),
                    self.t("om anstånd tills vidare", "to delay it until further notice")
                ),
                BODY,
            ),
            (None, _) => b.paragraph(
                self.t(
                    "Fråga polisen om informationen till de registrerade bör vänta för att inte försvåra \
                     utredningen. En sådan begäran antecknas i ärendet.",
                    "Ask the police whether informing the data subjects should wait so as not to hamper the \
                     investigation. Such a request is recorded on the case.",
                ),
                NOTE,
            ),
        }
    }

    fn offences(&self, b: &mut Builder) {
        b.heading(self.t("Brott som anmäls", "Offences reported"));
        if self.offences.is_empty() {
            b.paragraph(&self.blank(self.t("vilket brott som anmäls", "which offence is reported")), NOTE);
            return;
        }
        b.paragraph(
            self.t(
                "Utifrån ärendets kategori kan följande brott komma i fråga:",
                "By the case's category, the following offences may apply:",
            ),
            NOTE,
        );
        for o in &self.offences {
            b.field(o.name, o.why, BODY);
        }
    }

    fn other_reports(&self, b: &mut Builder) {
        let (ctx, lang, times) = (self.ctx, self.lang(), self.times);
        b.heading(self.t("Beslut och andra anmälningar", "Decision and other reports"));
        match decided(ctx.decisions, DecisionKind::ReportPolice) {
            Some(d) => {
                let text = format!("{} – {}\n{}", d.outcome.name(lang), times.when(d.decided_at), d.reasons);
                b.field(self.t("Beslut att polisanmäla", "Decision to report"), &text, BODY);
            }
            None => b.field(
                self.t("Beslut att polisanmäla", "Decision to report"),
                self.t("Beslut saknas", "No decision recorded"),
                NOTE,
            ),
        }
        let mut filings: Vec<_> = ctx.filings.iter().collect();
        filings.sort_by_key(|f| (f.submitted_at, f.id));
        if filings.is_empty() {
            b.field(self.t("Anmälningar", "Reports"), self.t("Inga registrerade", "None recorded"), NOTE);
            return;
        }
        let lines: Vec<String> = filings
            .iter()
            .map(|f| {
                let mut line = format!(
                    "{}: {}, {}",
                    f.recipient.name(lang),
                    f.phase.name(lang).to_lowercase(),
                    times.when(f.submitted_at)
                );
                if let Some(r) = &f.reference {
                    line.push_str(&format!(" ({r})"));
                }
                if let Some(receipt) = crate::evidence::receipt(ctx, f.id, lang) {
                    line.push_str(&format!(", {receipt}"));
                }
                line
            })
            .collect();
        b.field(self.t("Anmälningar", "Reports"), &lines.join("\n"), BODY);
    }
}

/// The offences the category points to (DESIGN.md; REGULATORY.md §4.1); fraud only where
/// money moved.
fn offences(lang: Lang, category: Category, money_moved: bool) -> Vec<Offence> {
    let t = |sv, en| tr(lang, sv, en);
    let intrusion = || Offence {
        name: t("Dataintrång (BrB 4 kap. 9 c §)", "Unlawful access to data (dataintrång, Criminal Code ch. 4 s. 9 c)"),
        why: t(
            "Olovlig åtkomst till, ändring, utplåning eller blockering av uppgifter avsedda för automatiserad \
             behandling. Pröva om brottet är grovt (stor skada, många uppgifter, särskilt farligt).",
            "Unlawful access to, alteration, erasure or blocking of data intended for automated processing. \
             Consider whether it is aggravated (serious damage, many data, particularly dangerous).",
        ),
    };
    let extortion = Offence {
        name: t("Utpressning (BrB 9 kap. 4 §)", "Extortion (utpressning, Criminal Code ch. 9 s. 4)"),
        why: t(
            "Krav på lösen och hot om att offentliggöra uppgifter som angriparen säger sig ha kommit över.",
            "A ransom demand and the threat to publish data the attacker claims to hold.",
        ),
    };
    let identity = Offence {
        name: t(
            "Olovlig identitetsanvändning (BrB 4 kap. 6 b §)",
            "Unlawful use of identity (olovlig identitetsanvändning, Criminal Code ch. 4 s. 6 b)",
        ),
        why: t(
            "Angriparen har använt medarbetares inloggningsuppgifter och konton och gett sig ut för att vara dem.",
            "The attacker used employees' credentials and accounts and posed as them.",
        ),
    };
    let fraud = Offence {
        name: t("Bedrägeri (BrB 9 kap. 1 §)", "Fraud (bedrägeri, Criminal Code ch. 9 s. 1)"),
        why: t(
            "Pengar har förts över genom vilseledande eller genom att uppgifter har lämnats, ändrats eller \
             använts olovligen (datorbedrägeri).",
            "Money moved through deception or through data given, altered or used without authority \
             (computer fraud).",
        ),
    };
    let theft = Offence {
        name: t("Stöld (BrB 8 kap. 1 §)", "Theft (stöld, Criminal Code ch. 8 s. 1)"),
        why: t("Om enheten har stulits.", "If the device was stolen."),
    };
    let mut out = match category {
        Category::Ransomware => vec![intrusion(), extortion],
        Category::Phishing => vec![intrusion(), identity],
        Category::Intrusion | Category::UnauthorisedAccess => vec![intrusion()],
        Category::LostDevice => vec![theft],
        Category::Misdirected | Category::AccidentalPublication | Category::Other => Vec::new(),
    };
    if money_moved {
        out.push(fraud);
    }
    out
}
