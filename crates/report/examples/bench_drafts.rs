//! Times every kind of draft for the Bjuv-like demo case and writes the same content as HTML
//! pages for WeasyPrint (bench/run.sh runs both):
//! `cargo run --release -p breachdesk-report --example bench_drafts -- RUNS [HTML_DIR]`.
//! Prints one line per draft kind: `kind<TAB>median_ms<TAB>pages<TAB>bytes<TAB>layout_ms`, where
//! layout_ms is the median of laying the same content out without writing a PDF.

#[path = "../tests/drafts/fixture.rs"]
mod fixture;

use std::time::{Duration, Instant};

use breachdesk_report::{
    DraftKind, Lang, breach_register, data_subject_communication, draft_html, imy_notification, imy_supplement,
    police_report, register_html,
};
use fixture::Fixture;

/// The typography of the PDF drafts, in CSS (A4, 20 mm side margins, Noto Sans, page x of y).
const STYLE: &str = "@font-face{font-family:'Noto Sans';src:url(NotoSans-Regular.ttf)}\
@font-face{font-family:'Noto Sans';font-weight:bold;src:url(NotoSans-Bold.ttf)}\
@page{size:A4;margin:25mm 20mm 22mm 20mm;@top-left{content:'UTKAST PUI-2024-0003';font:8pt 'Noto Sans'}\
@bottom-right{content:'Sida ' counter(page) ' av ' counter(pages);font:8pt 'Noto Sans'}}\
body{font-family:'Noto Sans';font-size:10pt;line-height:14pt;color:#1a1a1f}\
h1{font-size:18pt;line-height:24pt;margin:0 0 6pt}h2{font-size:12.5pt;color:#17406f;border-bottom:0.5pt solid #b8bcc7;margin:12pt 0 5pt}\
h3{font-size:11pt;color:#a8291a;margin:0 0 2pt}.note{color:#61666f}p{margin:0 0 4pt}\
.field{display:flex;margin:0 0 3pt}.field .label{flex:0 0 150pt;font-weight:bold;font-size:9.5pt;margin-right:12pt}\
.label{font-weight:bold;font-size:9.5pt}.box{background:#fdf2e8;border-left:3pt solid #a8291a;padding:6pt 8pt;margin:6pt 0 10pt}\
table{width:100%;border-collapse:collapse}thead{display:table-header-group}th{background:#edeff4;text-align:left;font-size:9.5pt}\
td{vertical-align:top;border-bottom:0.5pt solid #b8bcc7;padding:2pt 8pt 4pt 0;overflow-wrap:anywhere}";

fn median(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples.get(samples.len() / 2).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200).max(1);
    let html_dir = args.get(2).map(std::path::PathBuf::from);
    let f = Fixture::bjuv_decided();
    let fresh = Fixture::bjuv();
    let ctx = f.ctx(Lang::Sv);
    let entries = [f.register_entry(), fresh.register_entry()];

    let first = Instant::now();
    imy_notification(&ctx)?;
    println!(
        "# first draft in the process (fonts parsed and deflated): {:.2} ms",
        first.elapsed().as_secs_f64() * 1000.0
    );

    type Render<'a> = Box<dyn Fn() -> Result<Vec<u8>, breachdesk_report::ReportError> + 'a>;
    type Html<'a> = Box<dyn Fn() -> Result<String, breachdesk_report::ReportError> + 'a>;
    let kinds: Vec<(&str, Render<'_>, Html<'_>)> = vec![
        ("imy", Box::new(|| imy_notification(&ctx)), Box::new(|| draft_html(DraftKind::ImyNotification, &ctx, STYLE))),
        (
            "imy-supplement",
            Box::new(|| imy_supplement(&ctx)),
            Box::new(|| draft_html(DraftKind::ImySupplement, &ctx, STYLE)),
        ),
        ("police", Box::new(|| police_report(&ctx)), Box::new(|| draft_html(DraftKind::PoliceReport, &ctx, STYLE))),
        (
            "data-subjects",
            Box::new(|| data_subject_communication(&ctx)),
            Box::new(|| draft_html(DraftKind::DataSubjectCommunication, &ctx, STYLE)),
        ),
        (
            "register",
            Box::new(|| breach_register(&entries, &f.organisation, f.generated_at, Lang::Sv)),
            Box::new(|| {
                register_html(
                    &entries,
                    &f.organisation,
                    f.generated_at,
                    Lang::Sv,
                    &STYLE.replace("size:A4", "size:A4 landscape"),
                )
            }),
        ),
    ];
    if let Some(dir) = &html_dir {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("NotoSans-Regular.ttf"), ttf_noto_sans::REGULAR)?;
        std::fs::write(dir.join("NotoSans-Bold.ttf"), ttf_noto_sans::BOLD)?;
    }
    for (name, render, html) in &kinds {
        let pdf = render()?;
        let pages = lopdf::Document::load_mem(&pdf).map(|d| d.get_pages().len()).unwrap_or(0);
        let samples = time(runs, render);
        let layout = time(runs, html);
        if let Some(dir) = &html_dir {
            std::fs::write(dir.join(format!("{name}.html")), html()?)?;
        }
        println!("{name}\t{:.3}\t{pages}\t{}\t{:.3}", median(samples), pdf.len(), median(layout));
    }
    Ok(())
}
