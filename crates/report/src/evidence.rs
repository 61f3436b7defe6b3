//! The evidence kept on a case, as the drafts cite it: the police report lists each item with
//! where the original is kept and its SHA-256 (what the police need to ask for it and check
//! it); the IMY notification's annex lists the items by description only, never their
//! content; a filing documented by a receipt names it.

use domain::evidence::EvidenceItem;
use uuid::Uuid;

use crate::common::{Times, tr};
use crate::layout::{BODY, Builder, NOTE, SMALL};
use crate::{DraftContext, Lang};

/// The items that count as evidence kept (not withdrawn, not purged), in the order added.
fn kept<'a>(ctx: &DraftContext<'a>) -> Vec<&'a EvidenceItem> {
    ctx.evidence.iter().filter(|e| e.is_kept()).collect()
}

/// The police report's list of evidence kept: description, where the original is, file, size,
/// when it was added and its SHA-256 (on a line of its own, so it is never broken).
pub(crate) fn police_items(b: &mut Builder, ctx: &DraftContext<'_>, times: Times) {
    let lang = ctx.lang;
    let items = kept(ctx);
    if items.is_empty() {
        b.paragraph(tr(lang, "Inga bevisfiler sparade i ärendet.", "No evidence files kept on the case."), NOTE);
        return;
    }
    b.paragraph(
        tr(
            lang,
            "Bevisfiler som sparats i ärendet; kontrollsumman (SHA-256) beräknades när filen togs emot.",
            "Evidence files kept on the case; the checksum (SHA-256) was computed when the file was received.",
        ),
        NOTE,
    );
    for (n, item) in items.iter().enumerate() {
        b.paragraph(&format!("{}. {}", n + 1, item.description), BODY);
        let kept_at = item.kept_at.as_deref().unwrap_or(tr(lang, "ej angivet", "not stated"));
        b.paragraph(
            &format!(
                "{} {kept_at}\n{} {} ({} {}), {} {}",
                tr(lang, "Originalet förvaras:", "Original kept at:"),
                tr(lang, "Fil:", "File:"),
                item.filename,
                item.size,
                tr(lang, "byte", "bytes"),
                tr(lang, "sparad", "kept"),
                times.when(item.added_at)
            ),
            NOTE,
        );
        b.paragraph(&format!("SHA-256: {}", item.sha256), SMALL);
        b.gap(4.0);
    }
}

/// The IMY notification annex's list of evidence: descriptions only (IMY gets what the
/// organisation kept, not the files themselves).
pub(crate) fn imy_annex(b: &mut Builder, ctx: &DraftContext<'_>) {
    let lang = ctx.lang;
    let items = kept(ctx);
    if items.is_empty() {
        return;
    }
    b.heading(tr(lang, "Bilaga: bevis som organisationen har sparat", "Annex: evidence kept by the organisation"));
    b.paragraph(
        tr(
            lang,
            "Filerna skickas inte med anmälan; de kan lämnas ut på begäran.",
            "The files are not sent with the notification; they can be provided on request.",
        ),
        NOTE,
    );
    for item in items {
        b.bullet(&item.description, BODY);
    }
    b.gap(4.0);
}

/// The receipt kept for a filing (the description of the item that documents it), if any.
pub(crate) fn receipt(ctx: &DraftContext<'_>, filing: Uuid, lang: Lang) -> Option<String> {
    kept(ctx)
        .into_iter()
        .find(|e| e.filing_id == Some(filing))
        .map(|e| format!("{} {}", tr(lang, "kvitto:", "receipt:"), e.description))
}
