//! Writes every kind of draft for the Bjuv-like demo case into a folder (Swedish, and English
//! with `en`): `cargo run -p breachdesk-report --example all_drafts -- DIR [sv|en]`.

#[path = "../tests/drafts/fixture.rs"]
mod fixture;

use breachdesk_report::{
    Lang, breach_register, data_subject_communication, imy_notification, imy_supplement, police_report,
};
use fixture::Fixture;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(args.get(1).map_or("drafts", String::as_str));
    let lang = args.get(2).and_then(|a| Lang::parse(a)).unwrap_or(Lang::Sv);
    std::fs::create_dir_all(&dir)?;
    let f = Fixture::bjuv_decided();
    let fresh = Fixture::bjuv();
    let ctx = f.ctx(lang);
    let drafts = [
        ("imy", imy_notification(&ctx)?),
        ("imy-supplement", imy_supplement(&ctx)?),
        ("police", police_report(&ctx)?),
        ("data-subjects", data_subject_communication(&ctx)?),
        (
            "register",
            breach_register(&[f.register_entry(), fresh.register_entry()], &f.organisation, f.generated_at, lang)?,
        ),
    ];
    for (name, pdf) in drafts {
        let path = dir.join(format!("{name}-{}.pdf", lang.as_str()));
        std::fs::write(&path, &pdf)?;
        println!("{}: {} bytes", path.display(), pdf.len());
    }
    Ok(())
}
