//! The transparency log end to end: events become entries with one index each, the
//! sequencer is one transaction, and the served checkpoint, tiles and proofs verify.

use serde_json::Value;
use sqlx::Row;
use tepat::audit::{check, sequencer};
use tepat::clock::Clock;
use tepat::events::{Action, Actor, ActorKind, Changes, NewEvent};
use tepat::region_code::RegionCode;
use tlog::{Hash, VerifierKey, leaf_hash};

use crate::common::TestApp;

mod pace;
mod tools;

/// Records `count` events as a feature would (one transaction), without sequencing them.
pub async fn record_events(app: &TestApp, prefix: &str, count: usize) {
    let mut tx = app.db.begin().await.unwrap();
    for i in 0..count {
        let event = NewEvent {
            actor: Actor {
                kind: ActorKind::Account,
                id: Some(7),
                role: "village_operator".into(),
            },
            action: Action("household.updated"),
            subject_type: "household",
            subject_id: format!("{prefix}-{i}"),
            region: Some(RegionCode::parse("31.75.07.1003").unwrap()),
            changes: Changes::new()
                .change("head_name", "Siti", "Siti Aminah")
                .change("aid_rupiah", 0, 300_000),
            request_id: None,
        };
        tepat::events::store::record(&mut tx, event, app.clock.now())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

/// Records `count` events and sequences everything queued.
pub async fn add_events(app: &TestApp, prefix: &str, count: usize) {
    record_events(app, prefix, count).await;
    sequencer::drain(&app.db, &app.log, app.clock.now())
        .await
        .unwrap();
}

/// Sequences what is queued and asserts that `tepat audit` finds the database and the log in
/// agreement: every write path keeps its rows, versions and events consistent.
pub async fn assert_audit_clean(app: &TestApp) {
    sequencer::drain(&app.db, &app.log, app.clock.now())
        .await
        .unwrap();
    let report = check::audit(&app.db, &app.log).await.unwrap();
    assert!(report.is_clean(), "{:?}", report.findings);
    assert!(report.registry_rows_checked > 0);
}

pub async fn text(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn json(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

fn hashes(proof: &Value) -> Vec<Hash> {
    proof["hashes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| Hash::from_base64(h.as_str().unwrap()).unwrap())
        .collect()
}

/// The served checkpoint, opened with the served key: (size, root).
pub async fn served_checkpoint(app: &TestApp) -> (u64, Hash) {
    let (_, key) = text(app, "/log/key").await;
    let key = VerifierKey::parse(key.trim()).unwrap();
    let (status, note) = text(app, "/log/checkpoint").await;
    assert_eq!(status, 200);
    let opened = tlog::open_checkpoint(&note, key.name(), &key, &[]).unwrap();
    (opened.checkpoint.size(), *opened.checkpoint.root())
}

#[tokio::test]
async fn every_event_gets_one_entry_and_served_proofs_verify() {
    let app = TestApp::spawn().await;
    add_events(&app, "satu", 3).await;
    let (old_size, old_root) = served_checkpoint(&app).await;
    add_events(&app, "dua", 300).await;
    let (size, root) = served_checkpoint(&app).await;
    let events = app.count("events").await as u64;
    assert_eq!(size, events, "every event is in the log");
    assert_eq!(app.count("log_queue").await, 0);
    let row =
        sqlx::query("SELECT COUNT(DISTINCT log_index), MIN(log_index), MAX(log_index) FROM events")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let (distinct, min, max): (i64, i64, i64) = (row.get(0), row.get(1), row.get(2));
    assert_eq!((distinct as u64, min, max as u64), (size, 0, size - 1));

    for index in [0, old_size, size - 1] {
        let (status, entry) = json(&app, &format!("/api/v1/log/entries/{index}")).await;
        assert_eq!(status, 200);
        let bytes = entry["entry"].as_str().unwrap().as_bytes().to_vec();
        let logged = tepat::audit::LogEntry::decode(&bytes).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("Siti"),
            "no personal data in the log"
        );
        let (status, proof) = json(
            &app,
            &format!("/api/v1/log/proof/inclusion?index={index}&size={size}"),
        )
        .await;
        assert_eq!(status, 200);
        tlog::verify_inclusion(&leaf_hash(&bytes), index, size, &hashes(&proof), &root).unwrap();
        let event: i64 = sqlx::query("SELECT log_index FROM events WHERE id = $1")
            .bind(logged.event)
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get(0);
        assert_eq!(event as u64, index);
    }
    let (status, proof) = json(
        &app,
        &format!("/api/v1/log/proof/consistency?from={old_size}&to={size}"),
    )
    .await;
    assert_eq!(status, 200);
    tlog::verify_consistency(old_size, size, &old_root, &root, &hashes(&proof)).unwrap();
}

#[tokio::test]
async fn tiles_are_served_as_tlog_tiles_specifies() {
    let app = TestApp::spawn().await;
    add_events(&app, "ubin", 260).await;
    let (size, _) = served_checkpoint(&app).await;
    assert!(size >= 260);
    let full = app
        .client
        .get(app.url("/log/tile/0/000"))
        .send()
        .await
        .unwrap();
    assert_eq!(full.status(), 200);
    assert_eq!(
        full.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(full.bytes().await.unwrap().len(), 256 * 32);
    let partial = app
        .client
        .get(app.url(&format!("/log/tile/0/001.p/{}", size - 256)))
        .send()
        .await
        .unwrap();
    assert_eq!(partial.status(), 200);
    assert_eq!(
        partial.bytes().await.unwrap().len(),
        (size as usize - 256) * 32
    );
    // An older, narrower partial tile is the prefix of the stored one.
    let narrow = app
        .client
        .get(app.url("/log/tile/0/001.p/1"))
        .send()
        .await
        .unwrap();
    assert_eq!(narrow.bytes().await.unwrap().len(), 32);
    let bundle = app
        .client
        .get(app.url("/log/tile/entries/000"))
        .send()
        .await
        .unwrap();
    assert_eq!(bundle.status(), 200);
    let bundle = bundle.bytes().await.unwrap();
    assert_eq!(tlog::parse_entry_bundle(&bundle, 256).unwrap().len(), 256);
}

#[tokio::test]
async fn bad_indices_sizes_and_paths_are_refused_by_name() {
    let app = TestApp::spawn().await;
    add_events(&app, "salah", 2).await;
    let (size, _) = served_checkpoint(&app).await;
    let cases = [
        (
            format!("/api/v1/log/proof/inclusion?index={size}&size={size}"),
            "index",
        ),
        (
            format!("/api/v1/log/proof/inclusion?index=0&size={}", size + 1),
            "size",
        ),
        ("/api/v1/log/proof/inclusion?index=-1".to_owned(), "index"),
        (
            "/api/v1/log/proof/consistency?from=0&to=1".to_owned(),
            "from",
        ),
        (
            "/api/v1/log/proof/consistency?from=2&to=1".to_owned(),
            "from",
        ),
        (
            format!("/api/v1/log/proof/consistency?from=1&to={}", size + 1),
            "to",
        ),
        ("/api/v1/log/entries/satu".to_owned(), "index"),
    ];
    for (path, field) in cases {
        let (status, problem) = json(&app, &path).await;
        // A malformed number is a 400; a well-formed one beyond the log breaks a rule: 422.
        let malformed = path.contains("-1") || path.contains("satu");
        assert_eq!(
            status,
            if malformed { 400 } else { 422 },
            "{path}: {problem}"
        );
        assert_eq!(problem["errors"][0]["field"], field, "{path}: {problem}");
    }
    // An entry not logged yet is simply not there.
    assert_eq!(
        json(&app, &format!("/api/v1/log/entries/{size}")).await.0,
        404
    );
    let (status, body) = text(&app, "/log/tile/01/000").await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("tile level"), "{body}");
    let (status, body) = text(&app, "/log/tile/0/000.p/200").await;
    assert_eq!(status, 404);
    assert!(body.contains("is not part of a tree of size"), "{body}");
    assert_eq!(text(&app, "/log/tile/entries/x001/000").await.0, 404);
}

#[tokio::test]
async fn a_failed_batch_leaves_everything_as_before_and_no_event_gets_two_indices() {
    let app = TestApp::spawn().await;
    add_events(&app, "awal", 2).await;
    let (size, _) = served_checkpoint(&app).await;
    let queued = 5;
    // Stray checkpoint rows at every size a batch could reach make the batch's last
    // statement fail, after its entries, tiles and event indexes were written: as if it
    // crashed there. (The server's own sequencer meets them too, and fails the same way.)
    for blocker in size + 1..=size + queued as u64 {
        sqlx::query("INSERT INTO log_checkpoints (size, note, created_at) VALUES ($1, 'x', 'x')")
            .bind(blocker as i64)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    record_events(&app, "antre", queued as usize).await;
    assert_eq!(app.count("log_queue").await, queued);
    let tiles_before = app.count("log_tiles").await;
    assert!(
        sequencer::sequence_batch(&app.db, &app.log, app.clock.now(), 100)
            .await
            .is_err()
    );
    assert_eq!(app.count("log_queue").await, queued);
    assert_eq!(app.count("log_entries").await as u64, size);
    assert_eq!(app.count("log_tiles").await, tiles_before);
    let unindexed: i64 = sqlx::query("SELECT COUNT(*) FROM events WHERE log_index IS NULL")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(unindexed, queued);
    sqlx::query("DELETE FROM log_checkpoints WHERE size > $1")
        .bind(size as i64)
        .execute(&app.db.pool)
        .await
        .unwrap();
    // Two sequencers at once (three, with the server's) still give each event one index.
    let (a, b) = tokio::join!(
        sequencer::sequence_batch(&app.db, &app.log, app.clock.now(), 3),
        sequencer::sequence_batch(&app.db, &app.log, app.clock.now(), 3),
    );
    assert!(a.unwrap() + b.unwrap() <= 5);
    sequencer::drain(&app.db, &app.log, app.clock.now())
        .await
        .unwrap();
    assert_eq!(app.count("log_queue").await, 0);
    assert_eq!(served_checkpoint(&app).await.0, size + 5);
    let row = sqlx::query("SELECT COUNT(*), COUNT(DISTINCT log_index) FROM events")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let (events, distinct): (i64, i64) = (row.get(0), row.get(1));
    assert_eq!(events, distinct);
    assert!(check::audit(&app.db, &app.log).await.unwrap().is_clean());
}

#[tokio::test]
async fn entries_commit_to_the_stored_text_exactly_whatever_it_holds() {
    let app = TestApp::spawn().await;
    let awkward = [
        "Ni Luh Putu \"Ayu\" Sukmawati",
        "Nguyễn \\ Thị\nBaris baru\tdan tab",
        "🙂 ꦱꦸꦏꦂꦤ (aksara Jawa)",
        "",
    ];
    let mut tx = app.db.begin().await.unwrap();
    for (i, name) in awkward.iter().enumerate() {
        let event = NewEvent {
            actor: Actor {
                kind: ActorKind::System,
                id: None,
                role: "system".into(),
            },
            action: Action("person.corrected"),
            subject_type: "person",
            subject_id: format!("nama-{i}"),
            region: None,
            changes: Changes::new().change("full_name", "x", *name),
            request_id: None,
        };
        tepat::events::store::record(&mut tx, event, app.clock.now())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    sequencer::drain(&app.db, &app.log, app.clock.now())
        .await
        .unwrap();
    let rows = sqlx::query(
        "SELECT e.id, e.occurred_at, e.actor_kind, e.actor_id, e.actor_role, e.action, \
         e.subject_type, e.subject_id, e.region_code, e.changes, l.entry \
         FROM events e JOIN log_entries l ON l.event_id = e.id WHERE e.subject_type = 'person'",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), awkward.len());
    for row in &rows {
        let facts = tepat::audit::store::facts_from_row(row).unwrap();
        assert!(facts.actor_id.is_none() && facts.region_code.is_none());
        // These events wrote no record version.
        let expected = tepat::audit::LogEntry::of_event(&facts, &[], app.log.secret()).encode();
        let stored: Vec<u8> = row.get("entry");
        assert_eq!(stored, expected, "entry of event {}", facts.id);
    }
    assert!(check::audit(&app.db, &app.log).await.unwrap().is_clean());
}
