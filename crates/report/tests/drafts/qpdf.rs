//! `qpdf --check` on every kind of draft. In CI (env `CI` set) a missing qpdf fails the test;
//! elsewhere the test says it skipped.

use std::process::Command;

use breachdesk_report::Lang;

use crate::every_kind::KINDS;
use crate::fixture::Fixture;

#[test]
fn qpdf_finds_every_kind_of_draft_well_formed() {
    if Command::new("qpdf").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "qpdf is required in CI (apt-get install qpdf)");
        eprintln!("skipped: qpdf is not installed");
        return;
    }
    let mut f = Fixture::bjuv_decided();
    f.add_notes(60);
    let dir = tempfile::tempdir().expect("a temporary directory");
    for kind in KINDS {
        for lang in [Lang::Sv, Lang::En] {
            let path = dir.path().join(format!("{kind:?}-{}.pdf", lang.as_str()));
            std::fs::write(&path, kind.render(&f, lang)).expect("written");
            let out = Command::new("qpdf").arg("--check").arg(&path).output().expect("qpdf runs");
            let report = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "{kind:?} {lang:?}: qpdf --check failed:\n{report}");
            assert!(report.contains("No syntax or stream encoding errors"), "{kind:?}: {report}");
        }
    }
}
