//! `breachdesk import-register FILE --by EMAIL [--dry-run]`: the breach register a DPO kept
//! before breachdesk, as CSV (`;` between fields, Swedish headings, as Excel saves it in
//! Sweden), each row a closed case marked imported. A dry run says what would be created and
//! every row it cannot read, by line; a real run imports nothing while any row cannot be read.

use std::path::Path;

use anyhow::Context;
use chrono::Utc;
use chrono_tz::Tz;
use domain::register_import::{RegisterEntry, RowError, heading, read_row};
use sha2::{Digest, Sha256};
use store::Store;

/// What a register file holds: the rows read and the rows that cannot be.
#[derive(Debug, Clone, Default)]
pub struct RegisterFile {
    /// Every readable row.
    pub entries: Vec<RegisterEntry>,
    /// Every row that cannot be read, by line.
    pub errors: Vec<RowError>,
}

/// Reads a register: UTF-8 (a byte-order mark is skipped), `;`-separated, headings on line 1.
///
/// # Errors
/// Fails when the file is not UTF-8 CSV or lacks the required headings (Datum, Beskrivning).
pub fn read_register(bytes: &[u8], tz: Tz) -> anyhow::Result<RegisterFile> {
    let text = std::str::from_utf8(bytes)
        .context("the register is not UTF-8 text (in Excel: Save as, CSV UTF-8 (kommaavgränsad))")?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').flexible(true).from_reader(text.as_bytes());
    let headings: Vec<String> = reader.headers()?.iter().map(|h| h.trim().to_lowercase()).collect();
    for required in [heading::DATE, heading::DESCRIPTION] {
        anyhow::ensure!(
            headings.iter().any(|h| h == required),
            "the register has no column {required:?} (line 1 holds the headings: {})",
            headings.join("; ")
        );
    }
    let mut file = RegisterFile::default();
    for record in reader.records() {
        let record = record.context("the register is not valid CSV")?;
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let cells: Vec<(String, String)> = headings.iter().cloned().zip(record.iter().map(ToOwned::to_owned)).collect();
        match read_row(line, &cells, tz) {
            Ok(entry) => file.entries.push(entry),
            Err(error) => file.errors.push(error),
        }
    }
    Ok(file)
}

/// Reads `path` and, unless `dry_run`, imports every row as a closed case by the user `by`.
/// Prints what it does. Returns the references created (none on a dry run).
///
/// # Errors
/// Fails when the file cannot be read, when any row cannot be read (nothing is imported then),
/// or when the database fails.
pub async fn import_register(store: &Store, path: &Path, by: &str, dry_run: bool) -> anyhow::Result<Vec<String>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let tz = casework::organisation(store).await?.time_zone;
    let register = read_register(&bytes, tz)?;
    let verb = if dry_run { "Would create" } else { "Creates" };
    println!("{verb} {} closed cases from {}:", register.entries.len(), path.display());
    for entry in &register.entries {
        let title: String = entry.description.chars().take(60).collect();
        println!("  line {}: {} {title}", entry.line, entry.date.with_timezone(&tz).format("%Y-%m-%d"));
    }
    if !register.errors.is_empty() {
        println!("Cannot read {} rows:", register.errors.len());
        for error in &register.errors {
            println!("  line {}: {}", error.line, error.problems.join("; "));
        }
    }
    if dry_run {
        return Ok(Vec::new());
    }
    anyhow::ensure!(register.errors.is_empty(), "nothing imported: correct the rows named above and run again");
    let actor = crate::transfer_cli::actor_for(store, by).await?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut references = Vec::new();
    for entry in &register.entries {
        let case = casework::Casework::new(store, &actor, Utc::now())
            .import_register_row(entry, &name, &sha256)
            .await
            .with_context(|| format!("line {} cannot be imported", entry.line))?;
        references.push(case.reference.to_string());
    }
    println!("Imported: {}.", references.join(", "));
    Ok(references)
}
