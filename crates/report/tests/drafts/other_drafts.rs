//! The supplement, the police report, the data-subject communication and the register: each
//! with the case's own values.

use breachdesk_report::{Lang, ReportError, breach_register, imy_supplement};

use crate::every_kind::Kind;
use crate::fixture::{Fixture, IMY_NUMBER, LATER};
use crate::{assert_contains_all, squash, text};

#[test]
fn the_supplement_lists_only_what_changed_since_the_imy_filing_with_old_and_new_values() {
    let f = Fixture::bjuv_decided();
    let text = text(&Kind::Supplement.render(&f, Lang::Sv));
    assert_contains_all(
        &text,
        &[
            "Komplettering av anmälan av personuppgiftsincident – utkast",
            "Kommunstyrelsen i Bjuvs kommun",
            IMY_NUMBER,
            "13 januari 2024 kl. 10.00 (Europe/Stockholm)",
            "Preliminär anmälan",
            "Ändrade uppgifter",
            "Ungefärligt antal personuppgiftsposter",
            "10\u{a0}000–200\u{a0}000",
            "50\u{a0}000–250\u{a0}000",
            "När begränsades incidenten?",
            "Uppgifterna har publicerats på en läcksajt.",
            "Nya händelser sedan anmälan",
        ],
    );
    for (_, _, _, _, entry) in LATER {
        assert_contains_all(&text, &[entry]);
    }
    let hay = squash(&text);
    // Unchanged fields and entries from before the filing are not repeated.
    for unchanged in ["Vilka grupper tillhör de registrerade?", "Driftövervakningen larmade om krypterade filer"] {
        assert!(!hay.contains(&squash(unchanged)), "{unchanged}");
    }
}

#[test]
fn a_supplement_without_an_earlier_imy_filing_is_refused() {
    let f = Fixture::bjuv();
    assert!(matches!(imy_supplement(&f.ctx(Lang::Sv)), Err(ReportError::NoEarlierFiling)));
}

#[test]
fn the_police_report_names_offences_period_course_traces_evidence_damage_and_ransom() {
    let f = Fixture::bjuv_decided();
    let text = text(&Kind::Police.render(&f, Lang::Sv));
    assert_contains_all(
        &text,
        &[
            "Polisanmälan – utkast",
            "Anmälare (målsägande)",
            "Kommunstyrelsen i Bjuvs kommun",
            "212000-1041",
            "Åsa Öberg",
            "Brott som anmäls",
            "Dataintrång (BrB 4 kap. 9 c §)",
            "Utpressning (BrB 9 kap. 4 §)",
            "Tidsperiod",
            "10 januari 2024 kl. 23.15 (Europe/Stockholm)",
            "Händelseförlopp",
            "Driftövervakningen larmade om krypterade filer på filservern.",
            "Berörda system",
            "Filserver för förvaltningarna",
            "Personalsystem",
            "Tekniska spår",
            "Säkrade bevis och var de förvaras",
            "Loggar och utpressningsmeddelande säkrades för polisanmälan.",
            "Skada och kostnader",
            "Krav på lösen",
            "Uppgift saknas – fyll i: belopp, valuta",
            "K-12345-24",
            "Dataintrång och utpressning; polisen behöver loggarna tidigt.",
        ],
    );
}

#[test]
fn recorded_police_facts_replace_the_blanks_and_leave_the_missing_box() {
    let mut f = Fixture::bjuv_decided();
    f.police = Some(domain::police::PoliceDetails {
        signatory: Some("Kommundirektör Per Exempel, jour 070-000 00 00".into()),
        technical_details: Some("Filserver fs01 (Windows Server 2019), 10.1.2.3, SMB 445".into()),
        attacker_traces: Some("Inloggningar från 203.0.113.7; konto svc-backup; README-LOCKED.txt".into()),
        evidence_custody: Some("Diskavbilder i kassaskåp hos IT-chefen; SHA-256 i bevisförteckningen".into()),
        damage: Some("Externa experter hittills 1,2 miljoner kronor".into()),
        ransom_demand: Some("Inget belopp angivet; kontakt via Tor-chatt; inget betalat".into()),
        suspects: Some("Inga kända".into()),
        money_moved: false,
    });
    let text = text(&Kind::Police.render(&f, Lang::Sv));
    assert_contains_all(
        &text,
        &[
            "Kommundirektör Per Exempel, jour 070-000 00 00",
            "Filserver fs01 (Windows Server 2019), 10.1.2.3, SMB 445",
            "Inloggningar från 203.0.113.7; konto svc-backup; README-LOCKED.txt",
            "Diskavbilder i kassaskåp hos IT-chefen; SHA-256 i bevisförteckningen",
            "Externa experter hittills 1,2 miljoner kronor",
            "Inget belopp angivet; kontakt via Tor-chatt; inget betalat",
            "Inga kända",
        ],
    );
    assert!(!squash(&text).contains(&squash("Uppgift saknas")), "no blank is left:\n{text}");
}

#[test]
fn a_phishing_case_is_reported_as_intrusion_and_misuse_of_identity_and_fraud_only_where_money_moved() {
    let mut f = Fixture::bjuv_decided();
    f.case.category = domain::Category::Phishing;
    let police = text(&Kind::Police.render(&f, Lang::Sv));
    assert_contains_all(
        &police,
        &["Dataintrång (BrB 4 kap. 9 c §)", "Olovlig identitetsanvändning (BrB 4 kap. 6 b §)"],
    );
    assert!(!squash(&police).contains(&squash("Utpressning (BrB 9 kap. 4 §)")));
    assert!(!squash(&police).contains(&squash("Bedrägeri (BrB 9 kap. 1 §)")), "no money moved: no fraud");
    f.police = Some(domain::police::PoliceDetails { money_moved: true, ..Default::default() });
    assert_contains_all(&text(&Kind::Police.render(&f, Lang::Sv)), &["Bedrägeri (BrB 9 kap. 1 §)"]);
}

/// The police report becomes part of the preliminary investigation file: its course of events
/// holds the incident's events, never the risk assessment or the decisions on notifying.
#[test]
fn the_police_report_holds_no_internal_deliberation() {
    let f = Fixture::bjuv_decided();
    let police = squash(&text(&Kind::Police.render(&f, Lang::Sv)));
    let assessment = f.assessment.as_ref().expect("assessed");
    for private in [
        assessment.justification.as_str(),
        "Kommundirektören beslutade om stabsläge",
        "Hög risk för de registrerade.",
        "ENISA",
    ] {
        assert!(!police.contains(&squash(private)), "the police draft holds {private:?}");
    }
    assert!(police.contains(&squash("Driftövervakningen larmade om krypterade filer på filservern.")));
}

#[test]
fn the_data_subject_communication_is_plain_and_carries_the_advice_and_links() {
    let f = Fixture::bjuv_decided();
    let text = text(&Kind::DataSubjects.render(&f, Lang::Sv));
    // Plain language, first person plural: no article numbers in the letter.
    assert!(!text.contains("art. 3") && !text.contains("art. 9"), "{text}");
    assert_contains_all(
        &text,
        &[
            "Information om en incident som rör dina personuppgifter",
            "Vad har hänt?",
            "Den 11 januari 2024 upptäckte vi att",
            "Vilka uppgifter om dig kan ha berörts?",
            "Personnummer",
            "Vad kan det innebära för dig?",
            "Uppgifterna har publicerats på en läcksajt.",
            "Vad har vi gjort?",
            "Stänga ned all åtkomst till berörda system",
            "Integritetsskyddsmyndigheten (IMY) den 13 januari 2024",
            "polisen den 12 januari 2024",
            "Vad kan du göra?",
            "https://skatteverket.se/privat/folkbokforing/identitetsintrang.4.35c34f651660af3747c3178.html",
            "https://polisen.se/bedrageri",
            "https://polisen.se/utsatt-for-brott/polisanmalan/bedrageri/bedragerier/identitetbedrageri/",
            "https://www.mcf.se/",
            "Åsa Öberg",
            "dataskyddsombud@bjuv.se",
            "042-458 50 00",
            // The decision not to inform individually (Art. 34(3)(c)) is flagged for legal.
            "offentligt meddelande",
        ],
    );
}

#[test]
fn the_register_has_a_landscape_row_per_case_with_facts_effects_actions_and_decisions() {
    let decided = Fixture::bjuv_decided();
    let fresh = Fixture::bjuv();
    let entries = [decided.register_entry(), fresh.register_entry()];
    let pdf = breach_register(&entries, &decided.organisation, decided.generated_at, Lang::Sv).expect("renders");
    let doc = lopdf::Document::load_mem(&pdf).expect("loads");
    let first = doc.get_pages().values().next().copied().expect("a page");
    let media_box = doc
        .get_dictionary(first)
        .and_then(|p| p.get(b"MediaBox"))
        .and_then(|b| b.as_array())
        .map(|a| a.iter().map(|n| n.as_float().unwrap_or(0.0)).collect::<Vec<_>>())
        .expect("a media box");
    assert!(media_box[2] > media_box[3], "landscape: {media_box:?}");
    let text = text(&pdf);
    assert_contains_all(
        &text,
        &[
            "Register över personuppgiftsincidenter – Bjuvs kommun",
            "Omständigheter",
            "Korrigerande åtgärder",
            "Beslut och skäl",
            "PUI-2024-0003",
            "Kommunstyrelsen i Bjuvs kommun",
            "Stänga ned all åtkomst",
            "Hög risk",
            "Utpressningsattack (ransomware)",
            "Konfidentialitet",
            "Anmäla till IMY? Ja",
            "Informera de registrerade? Nej; c) Oproportionerlig ansträngning – offentlig information",
            IMY_NUMBER,
            "Polisen: fullständig anmälan, 2024-01-12",
            "Åsa Öberg (dataskyddsombud)",
            "ENISA 3,50",
            "Antal poster (ungefär)",
            "Inget beslut",
        ],
    );
}
