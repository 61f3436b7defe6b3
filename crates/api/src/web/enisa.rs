//! What each level of the ENISA 2013 severity method means ("Recommendations for a
//! methodology of the assessment of severity of personal data breaches"), in Swedish and
//! English, for the assessment form: the data processing context (DPC), the ease of
//! identification (EI) and the circumstances of the breach (CB).

use report::Lang;

/// One level of one input: the value the form sends and what it means.
pub struct Level {
    /// The value as the form sends it (`"1"`, `"0.25"`).
    pub value: String,
    /// The level's short name and meaning, in the page's language.
    pub meaning: &'static str,
}

impl Level {
    /// The level as a choice in a list shows it: the part before the meaning ("1 – låg").
    pub fn short(&self) -> &'static str {
        self.meaning.split_once(':').map_or(self.meaning, |(short, _)| short)
    }
}

fn levels(values: &[f64], meanings: &[(&'static str, &'static str)], lang: Lang) -> Vec<Level> {
    values
        .iter()
        .zip(meanings)
        .map(|(v, (sv, en))| Level { value: v.to_string(), meaning: if lang == Lang::En { en } else { sv } })
        .collect()
}

/// DPC 1 to 4: what kind of data, in what context.
pub fn dpc(lang: Lang) -> Vec<Level> {
    levels(
        &[1.0, 2.0, 3.0, 4.0],
        &[
            (
                "1 – låg: enkla uppgifter (t.ex. namn, kontaktuppgifter, utbildning, yrkeserfarenhet) i ett sammanhang som inte gör dem känsligare.",
                "1 – low: simple data (e.g. name, contact details, education, professional experience) in a context that does not make them more sensitive.",
            ),
            (
                "2 – medel: beteendeuppgifter (t.ex. var någon befunnit sig, trafikdata, vanor och preferenser), eller enkla uppgifter som sammanhanget gör känsligare.",
                "2 – medium: behavioural data (e.g. location, traffic data, habits and preferences), or simple data that the context makes more sensitive.",
            ),
            (
                "3 – hög: ekonomiska uppgifter (t.ex. inkomst, transaktioner, kontoutdrag, kortuppgifter), eller beteendeuppgifter som sammanhanget gör känsligare.",
                "3 – high: financial data (e.g. income, transactions, bank statements, card details), or behavioural data that the context makes more sensitive.",
            ),
            (
                "4 – mycket hög: känsliga uppgifter (t.ex. hälsa, politisk tillhörighet, sexualliv, lagöverträdelser; art. 9 och 10 GDPR).",
                "4 – very high: sensitive data (e.g. health, political affiliation, sex life, offences; GDPR Art. 9 and 10).",
            ),
        ],
        lang,
    )
}

/// EI 0.25 to 1: how easily the data lead to the person.
pub fn ei(lang: Lang) -> Vec<Level> {
    levels(
        &domain::assessment::EASE_OF_IDENTIFICATION,
        &[
            (
                "0,25 – försumbar: mycket svårt att koppla uppgifterna till en viss person, men möjligt under vissa förhållanden.",
                "0.25 – negligible: extremely difficult to match the data to a particular person, but possible under certain conditions.",
            ),
            (
                "0,5 – begränsad: personen kan identifieras, men bara med ytterligare uppgifter som inte är lätta att få tag på.",
                "0.5 – limited: the person can be identified, but only with further data that are not easy to obtain.",
            ),
            (
                "0,75 – betydande: personen kan identifieras med lite ytterligare, lättillgänglig information.",
                "0.75 – significant: the person can be identified with a little further information that is easy to obtain.",
            ),
            (
                "1 – maximal: uppgifterna pekar direkt ut personen (t.ex. namn tillsammans med personnummer).",
                "1 – maximum: the data identify the person directly (e.g. a name together with a personal identity number).",
            ),
        ],
        lang,
    )
}

/// CB, loss of confidentiality: 0, +0.25, +0.5.
pub fn confidentiality(lang: Lang) -> Vec<Level> {
    levels(
        &domain::assessment::CIRCUMSTANCE_STEPS,
        &[
            (
                "0 – ingen spridning: uppgifterna har varit utsatta för risk, men inget tyder på att någon obehörig tagit del av dem.",
                "0 – not spread: the data were exposed to a risk, but nothing shows that anyone unauthorised has seen them.",
            ),
            (
                "+0,25 – kända mottagare: uppgifterna har nått ett känt antal mottagare.",
                "+0.25 – known recipients: the data reached a known number of recipients.",
            ),
            (
                "+0,5 – okända mottagare: uppgifterna har nått ett okänt antal mottagare (t.ex. publicerats på nätet).",
                "+0.5 – unknown recipients: the data reached an unknown number of recipients (e.g. published online).",
            ),
        ],
        lang,
    )
}

/// CB, loss of integrity: 0, +0.25, +0.5.
pub fn integrity(lang: Lang) -> Vec<Level> {
    levels(
        &domain::assessment::CIRCUMSTANCE_STEPS,
        &[
            (
                "0 – återställbara: uppgifterna är oförändrade, eller ändrade utan att ha använts och kan återställas.",
                "0 – recoverable: the data are unchanged, or were changed without being used and can be restored.",
            ),
            (
                "+0,25 – ändrade men återställbara: uppgifterna har ändrats och kan ha använts felaktigt, men kan återställas.",
                "+0.25 – altered but recoverable: the data were changed and may have been used wrongly, but can be restored.",
            ),
            (
                "+0,5 – ändrade för gott: uppgifterna har ändrats, kan ha använts felaktigt och kan inte återställas.",
                "+0.5 – altered for good: the data were changed, may have been used wrongly and cannot be restored.",
            ),
        ],
        lang,
    )
}

/// CB, loss of availability: 0, +0.25, +0.5.
pub fn availability(lang: Lang) -> Vec<Level> {
    levels(
        &domain::assessment::CIRCUMSTANCE_STEPS,
        &[
            (
                "0 – tillgängliga: uppgifterna finns kvar, eller kan återställas utan svårighet.",
                "0 – available: the data are still there, or can be restored without difficulty.",
            ),
            (
                "+0,25 – tillfälligt borta: uppgifterna är tillfälligt otillgängliga.",
                "+0.25 – temporarily lost: the data are temporarily unavailable.",
            ),
            (
                "+0,5 – varaktigt borta: uppgifterna är helt och varaktigt otillgängliga.",
                "+0.5 – permanently lost: the data are fully and permanently unavailable.",
            ),
        ],
        lang,
    )
}

/// Malice: ENISA adds to the score when the breach was deliberate.
pub fn malicious(lang: Lang) -> &'static str {
    lang.pick(
        "Uppsåt: incidenten beror på en avsiktlig handling (t.ex. angrepp eller stöld) – lägger till 0,5.",
        "Malice: the breach comes from a deliberate act (e.g. an attack or a theft) – adds 0.5.",
    )
}

/// "Allvarlighet enligt valen: 2,5 (Medel)": the score and band of the levels chosen in a
/// form, or `None` while a level is missing or not one of the choices.
pub fn severity_shown(form: &super::form::Form, lang: Lang, label: &str) -> Option<String> {
    use domain::names::Named;
    let number = |name: &str| form.val(name).parse::<f64>().ok();
    let dpc = form.val("dpc").parse::<u8>().ok()?;
    let cb = [number("cb_confidentiality")?, number("cb_integrity")?, number("cb_availability")?];
    let score = domain::assessment::severity_score(dpc, number("ei")?, cb, form.val("malicious") == "yes");
    let band = domain::assessment::SeverityBand::of(score);
    let shown = score.to_string();
    let shown = if lang == Lang::Sv { shown.replace('.', ",") } else { shown };
    Some(format!("{label}: {shown} ({})", band.name(lang)))
}

/// The bands for the live score: each floor with the band's name, lowest first
/// (`"-inf:Låg|2:Medel|3:Hög|4:Mycket hög"`), read from the domain's table.
pub fn bands(lang: Lang) -> String {
    use domain::names::Named;
    domain::assessment::BAND_FLOORS
        .iter()
        .map(|(floor, band)| format!("{floor}:{}", band.name(lang)))
        .collect::<Vec<_>>()
        .join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_the_form_offers_has_a_meaning_in_both_languages() {
        for lang in [Lang::Sv, Lang::En] {
            assert_eq!(dpc(lang).len(), 4);
            assert_eq!(ei(lang).len(), domain::assessment::EASE_OF_IDENTIFICATION.len());
            for cb in [confidentiality(lang), integrity(lang), availability(lang)] {
                assert_eq!(cb.len(), domain::assessment::CIRCUMSTANCE_STEPS.len());
            }
        }
        assert_eq!(ei(Lang::Sv)[0].value, "0.25");
        assert!(ei(Lang::Sv)[0].meaning.starts_with("0,25 – försumbar"));
        assert!(ei(Lang::En)[0].meaning.starts_with("0.25 – negligible"));
        assert_eq!(dpc(Lang::Sv)[3].short(), "4 – mycket hög");
        for cb in [confidentiality(Lang::Sv), integrity(Lang::En), availability(Lang::Sv)] {
            for level in cb {
                assert!(level.short().chars().count() < 40, "a short name for the list: {}", level.short());
            }
        }
        assert_eq!(bands(Lang::Sv), "-inf:Låg|2:Medel|3:Hög|4:Mycket hög");
    }
}
