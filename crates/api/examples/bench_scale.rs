//! The in-process halves of bench/scale.sh, each beside the real server's figure:
//!
//! - `bare ADDR`: a bare axum handler answering a constant (the ceiling for one-case reads);
//! - `ready ADDR`: waits until `GET /healthz` on ADDR answers 200 (for timing a cold start);
//! - `raw-commits URL SECONDS TASKS`: single-row INSERT commits through the same driver and
//!   the same durability as breachdesk (SQLite: WAL, synchronous=FULL, one writer; PostgreSQL:
//!   a pool of 16), from TASKS tasks at once; prints commits per second;
//! - `in-process URL CASE SECONDS TASKS`: what `GET /api/v1/cases/{id}/timeline` does, without
//!   HTTP: the case read, the organisation, a page of 200 entries, their texts rendered and the
//!   JSON written; prints reads per second;
//! - `timeline-case URL CASE ENTRIES`: logs ENTRIES notes on a case through the use case;
//! - `seed URL TEMPLATE FROM TO`: copies case TEMPLATE by SQL as cases FROM..=TO (one in a
//!   hundred open, the rest closed, a third of them notified to IMY, spread over 1,000 days and
//!   every category), writes the closed ones' figures by SQL and the open ones' through
//!   `Store::refresh_figures` (their clocks computed by the domain). The seeded cases have no
//!   record on their chains: a benchmark database does not verify.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use breachdesk::routes::timeline::EntryView;
use chrono::Utc;
use domain::names::Language;
use domain::{CaseId, EntryKind, NewTimelineEntry, Role};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use store::{DatabaseUrl, Store};

fn arg(args: &[String], i: usize, what: &str) -> String {
    args.get(i).cloned().unwrap_or_else(|| panic!("missing {what}"))
}

async fn store(url: &str) -> Store {
    Store::connect_with(&DatabaseUrl::parse(url).unwrap(), 16).await.unwrap()
}

/// Runs `op` from `tasks` tasks for `seconds`; returns how many per second.
async fn rate<F, Fut>(seconds: u64, tasks: usize, op: F) -> f64
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let op = Arc::new(op);
    let done = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let until = start + Duration::from_secs(seconds);
    let mut handles = Vec::new();
    for t in 0..tasks {
        let (op, done) = (Arc::clone(&op), Arc::clone(&done));
        handles.push(tokio::spawn(async move {
            let mut n = 0u64;
            while Instant::now() < until {
                op((t as u64) << 40 | n).await;
                n += 1;
            }
            done.fetch_add(n, Ordering::Relaxed);
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    done.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64()
}

async fn raw_commits(url: &str, seconds: u64, tasks: usize) {
    let store = store(url).await;
    let db = store.raw_connection().clone();
    db.execute_unprepared("DROP TABLE IF EXISTS bench_raw_commits").await.unwrap();
    db.execute_unprepared("CREATE TABLE bench_raw_commits (id BIGINT PRIMARY KEY, body TEXT NOT NULL)").await.unwrap();
    let backend = db.get_database_backend();
    let per_second = rate(seconds, tasks, move |n| {
        let db = db.clone();
        async move {
            let sql = match backend {
                DatabaseBackend::Postgres => "INSERT INTO bench_raw_commits (id, body) VALUES ($1, $2)",
                _ => "INSERT INTO bench_raw_commits (id, body) VALUES (?, ?)",
            };
            let values = vec![sea_orm::Value::from(n as i64), "Anteckning i ärendet.".into()];
            db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await.unwrap();
        }
    })
    .await;
    store.raw_connection().execute_unprepared("DROP TABLE bench_raw_commits").await.unwrap();
    println!("{per_second:.0}");
}

async fn in_process(url: &str, case: CaseId, seconds: u64, tasks: usize) {
    let store = store(url).await;
    let per_second = rate(seconds, tasks, move |_| {
        let store = store.clone();
        async move {
            store.case(case).await.unwrap();
            let tz = casework::organisation(&store).await.unwrap().time_zone;
            let entries = store.timeline_page(case, None, 200).await.unwrap();
            let views: Vec<EntryView> = entries.iter().map(|e| EntryView::from(e.shown(Language::Sv, tz))).collect();
            std::hint::black_box(serde_json::to_vec(&views).unwrap());
        }
    })
    .await;
    println!("{per_second:.0}");
}

async fn timeline_case(url: &str, case: CaseId, entries: usize) {
    let store = store(url).await;
    let actor = casework::Actor { id: "bench".into(), role: Role::Dpo };
    for i in 0..entries {
        let entry = NewTimelineEntry {
            occurred_at: None,
            kind: Some(EntryKind::Note),
            text: Some(format!("Anteckning {i}: loggar från brandväggen genomgångna, inga fler inloggningar.")),
            corrects: None,
        };
        casework::Casework::new(&store, &actor, Utc::now()).log_entry(case, entry).await.unwrap();
    }
}

/// The SQL that copies the template as cases `from..=to`.
fn seed_sql(backend: DatabaseBackend, template: uuid::Uuid, from: u64, to: u64) -> Vec<String> {
    let columns = "title, description, breach_types, not_a_breach_reason, occurred_from, occurred_to, \
        detection_method, aware_justification, contained_at, affected_systems, personal_data_categories, \
        data_subject_categories, data_subjects_min, data_subjects_max, records_min, records_max, \
        likely_consequences, cross_border, processor_involved, version";
    let categories = "CASE i % 8 WHEN 0 THEN 'ransomware' WHEN 1 THEN 'intrusion' WHEN 2 THEN 'phishing' \
        WHEN 3 THEN 'misdirected' WHEN 4 THEN 'lost_device' WHEN 5 THEN 'unauthorised_access' \
        WHEN 6 THEN 'accidental_publication' ELSE 'other' END";
    let status = "CASE WHEN i % 100 = 0 THEN 'investigating' ELSE 'closed' END";
    let number = "CAST(substr(reference, 10) AS BIGINT) - 1000000";
    let range = format!("reference BETWEEN 'PUI-1999-{}' AND 'PUI-1999-{}'", 1_000_000 + from, 1_000_000 + to);
    // A third of the closed cases notified to IMY, after 1 to 100 hours (most within 72).
    let minutes = format!("CASE WHEN ({number}) % 3 = 0 THEN ((({number}) * 37) % 6000) + 60 END");
    let within = format!("CASE WHEN ({number}) % 3 = 0 THEN ((({number}) * 37) % 6000) + 60 <= 4320 END");
    let (cases, month) = match backend {
        DatabaseBackend::Postgres => (
            format!(
                "INSERT INTO cases (id, reference, category, status, closed_at, detected_at, aware_at, created_at, updated_at, {columns}) \
                 SELECT gen_random_uuid(), 'PUI-1999-' || (1000000 + i), {categories}, {status}, \
                 CASE WHEN i % 100 = 0 THEN NULL ELSE t.aware_at - (i % 1000) * INTERVAL '1 day' + INTERVAL '20 days' END, \
                 t.detected_at - (i % 1000) * INTERVAL '1 day', t.aware_at - (i % 1000) * INTERVAL '1 day', \
                 t.created_at - (i % 1000) * INTERVAL '1 day' - i * INTERVAL '1 millisecond', t.updated_at, {columns} \
                 FROM generate_series({from}, {to}) AS s(i), cases t WHERE t.id = '{template}'"
            ),
            "to_char(aware_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM')".to_owned(),
        ),
        _ => {
            let shift = |col: &str, extra: &str| {
                format!("strftime('%Y-%m-%dT%H:%M:%f+00:00', t.{col}, '-' || (i % 1000) || ' days'{extra})")
            };
            (
                format!(
                    "WITH RECURSIVE s(i) AS (SELECT {from} UNION ALL SELECT i + 1 FROM s WHERE i < {to}) \
                     INSERT INTO cases (id, reference, category, status, closed_at, detected_at, aware_at, created_at, updated_at, {columns}) \
                     SELECT randomblob(16), 'PUI-1999-' || (1000000 + i), {categories}, {status}, \
                     CASE WHEN i % 100 = 0 THEN NULL ELSE {closed} END, {detected}, {aware}, {created}, t.updated_at, {columns} \
                     FROM s, cases t WHERE hex(t.id) = '{hex}'",
                    closed = shift("aware_at", ", '+20 days'"),
                    detected = shift("detected_at", ""),
                    aware = shift("aware_at", ""),
                    created = shift("created_at", ", '-' || (i % 86400) || ' seconds'"),
                    hex = template.simple().to_string().to_uppercase(),
                ),
                // SQLite has no time zones: months counted in UTC (a benchmark approximation).
                "substr(aware_at, 1, 7)".to_owned(),
            )
        }
    };
    vec![
        cases,
        format!(
            "INSERT INTO case_figures (case_id, open, category, aware_month, imy_minutes, imy_within_72h, next_due_at) \
             SELECT id, false, category, {month}, {minutes}, {within}, NULL FROM cases \
             WHERE {range} AND status = 'closed'"
        ),
        format!(
            "INSERT INTO figure_totals (month, category, cases, imy_notified, imy_within_72h) \
             SELECT aware_month, category, COUNT(*), COUNT(imy_minutes), \
             SUM(CASE WHEN imy_within_72h THEN 1 ELSE 0 END) FROM case_figures \
             WHERE case_id IN (SELECT id FROM cases WHERE {range} AND status = 'closed') \
             GROUP BY aware_month, category \
             ON CONFLICT (month, category) DO UPDATE SET cases = figure_totals.cases + excluded.cases, \
             imy_notified = figure_totals.imy_notified + excluded.imy_notified, \
             imy_within_72h = figure_totals.imy_within_72h + excluded.imy_within_72h"
        ),
        format!(
            "INSERT INTO imy_delays (minutes, cases) SELECT imy_minutes, COUNT(*) FROM case_figures \
             WHERE imy_minutes IS NOT NULL AND case_id IN (SELECT id FROM cases WHERE {range} AND status = 'closed') \
             GROUP BY imy_minutes \
             ON CONFLICT (minutes) DO UPDATE SET cases = imy_delays.cases + excluded.cases"
        ),
    ]
}

async fn seed(url: &str, template: uuid::Uuid, from: u64, to: u64) {
    let store = store(url).await;
    let db = store.raw_connection();
    let backend = db.get_database_backend();
    let start = Instant::now();
    for sql in seed_sql(backend, template, from, to) {
        db.execute_raw(Statement::from_string(backend, sql)).await.unwrap();
    }
    let open: Vec<CaseId> = db
        .query_all_raw(Statement::from_string(
            backend,
            format!(
                "SELECT id FROM cases WHERE reference BETWEEN 'PUI-1999-{}' AND 'PUI-1999-{}' AND status <> 'closed'",
                1_000_000 + from,
                1_000_000 + to
            ),
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| CaseId(r.try_get::<uuid::Uuid>("", "id").unwrap()))
        .collect();
    for chunk in open.chunks(500) {
        store.refresh_figures(chunk, Utc::now()).await.unwrap();
    }
    eprintln!("seeded {} cases ({} open) in {:.1} s", to + 1 - from, open.len(), start.elapsed().as_secs_f64());
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("bare") => {
            let listener = tokio::net::TcpListener::bind(arg(&args, 2, "ADDR")).await.unwrap();
            let app = axum::Router::new().route("/", axum::routing::get(|| async { "breachdesk" }));
            axum::serve(listener, app).await.unwrap();
        }
        Some("ready") => {
            let addr = arg(&args, 2, "ADDR");
            loop {
                if let Ok(mut stream) = tokio::net::TcpStream::connect(&addr).await {
                    use tokio::io::{AsyncReadExt, AsyncWriteExt};
                    let request = format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
                    let mut answer = Vec::new();
                    if stream.write_all(request.as_bytes()).await.is_ok()
                        && stream.read_to_end(&mut answer).await.is_ok()
                        && answer.starts_with(b"HTTP/1.1 200")
                    {
                        return;
                    }
                }
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
        Some("raw-commits") => {
            raw_commits(
                &arg(&args, 2, "URL"),
                arg(&args, 3, "SECONDS").parse().unwrap(),
                arg(&args, 4, "TASKS").parse().unwrap(),
            )
            .await;
        }
        Some("in-process") => {
            let case = CaseId(arg(&args, 3, "CASE").parse().unwrap());
            in_process(
                &arg(&args, 2, "URL"),
                case,
                arg(&args, 4, "SECONDS").parse().unwrap(),
                arg(&args, 5, "TASKS").parse().unwrap(),
            )
            .await;
        }
        Some("timeline-case") => {
            let case = CaseId(arg(&args, 3, "CASE").parse().unwrap());
            timeline_case(&arg(&args, 2, "URL"), case, arg(&args, 4, "ENTRIES").parse().unwrap()).await;
        }
        Some("seed") => {
            seed(
                &arg(&args, 2, "URL"),
                arg(&args, 3, "TEMPLATE").parse().unwrap(),
                arg(&args, 4, "FROM").parse().unwrap(),
                arg(&args, 5, "TO").parse().unwrap(),
            )
            .await;
        }
        _ => panic!("usage: bench_scale bare|raw-commits|in-process|timeline-case|seed ..."),
    }
}
