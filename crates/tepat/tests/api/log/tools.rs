//! The log's tools and witnesses end to end: `tepat audit` catches direct SQL edits,
//! `tepat verify` checks a served or exported log and refuses tampering, and witnesses
//! cosign checkpoints while unknown keys are refused.

use serde_json::Value;
use sqlx::Row;
use tepat::audit::{Log, check, sequencer, witness};
use tepat::clock::Clock;
use tlog::{Algorithm, Checkpoint, SignerKey, cosign, leaf_hash};

use super::{add_events, served_checkpoint, text};
use crate::common::TestApp;

/// Writes the app's log key to a file, for the command-line tools.
fn key_file(app: &TestApp, dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("log.key");
    std::fs::write(&path, app.log.signer().to_private_string()).unwrap();
    path
}

async fn tepat(args: &[&str]) -> (bool, String) {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_tepat"))
        .args(args)
        .env_remove("TEPAT_DATABASE_URL")
        .output()
        .await
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

/// `tepat audit` against the test database with the log's key file.
async fn audit_cli(url: &str, key: &std::path::Path) -> (bool, String) {
    tepat(&[
        "audit",
        "--database-url",
        url,
        "--log-key-file",
        key.to_str().unwrap(),
    ])
    .await
}

/// `tepat verify` against the running server, keeping its state in `state`.
async fn verify_served(app: &TestApp, key: &str, state: &str) -> (bool, String) {
    tepat(&[
        "verify",
        "--url",
        &app.address,
        "--key",
        key,
        "--state",
        state,
    ])
    .await
}

#[tokio::test]
async fn audit_catches_a_direct_sql_edit() {
    let app = TestApp::spawn().await;
    add_events(&app, "periksa", 4).await;
    let report = check::audit(&app.db, &app.log).await.unwrap();
    assert!(report.is_clean(), "{:?}", report.findings);
    assert!(report.entries_checked >= 4);
    let dir = tempfile::tempdir().unwrap();
    let key = key_file(&app, dir.path());
    let url = app.db_url.clone();
    let (ok, out) = audit_cli(&url, &key).await;
    assert!(ok, "{out}");

    let (id, index): (i64, i64) = {
        let row = sqlx::query(
            "SELECT id, log_index FROM events WHERE log_index IS NOT NULL ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        (row.get(0), row.get(1))
    };
    sqlx::query("UPDATE events SET region_code = '32.73.01.1001', changes = $2 WHERE id = $1")
        .bind(id)
        .bind(r#"{"aid_rupiah":{"from":0,"to":300000},"head_name":{"from":"Siti","to":"Budi"}}"#)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let report = check::audit(&app.db, &app.log).await.unwrap();
    let found: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with(&format!(
            "entry {index} (event {id}): region: log says \"31.75.07.1003\""
        )),
        "{found:?}"
    );
    assert!(
        found[1].contains("changes: the stored fields no longer match"),
        "{found:?}"
    );
    let (ok, out) = audit_cli(&url, &key).await;
    assert!(!ok, "{out}");
    assert!(
        out.contains(&format!("entry {index} (event {id}): region")),
        "{out}"
    );
    assert!(out.contains("contradicts the log in 2 places"), "{out}");

    // An event slipped in without its queue row is reported too.
    sqlx::query("UPDATE events SET subject_id = 'lain' WHERE id = $1")
        .bind(id - 1)
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO events (occurred_at, actor_kind, actor_role, action, subject_type, subject_id, changes) \
                 VALUES ('2026-01-01T00:00:00.000Z', 'system', 'system', 'x.y', 'x', '1', '{}')")
        .execute(&app.db.pool).await.unwrap();
    let report = check::audit(&app.db, &app.log).await.unwrap();
    let found: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    assert!(
        found.iter().any(|f| f.contains("subject: log says")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.contains("neither in the log nor queued")),
        "{found:?}"
    );
}

#[tokio::test]
async fn witnesses_cosign_and_unknown_keys_are_refused() {
    let app = TestApp::spawn().await;
    add_events(&app, "saksi", 2).await;
    let (size, _) = served_checkpoint(&app).await;
    let (_, note) = text(&app, "/log/checkpoint").await;
    let checkpoint_text = tlog::Note::parse(&note).unwrap().text().to_owned();
    let witness = SignerKey::from_seed("saksi.example", Algorithm::CosignatureV1, [7; 32]).unwrap();
    let now = app.clock.now().unix_timestamp() as u64;
    let line = cosign(&checkpoint_text, &witness, now).unwrap().to_line();

    // The running server knows no witness: a specific 422.
    let response = app
        .client
        .post(app.url("/api/v1/log/cosignatures"))
        .body(line.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["errors"][0]["rule"], "unknown-witness", "{problem}");

    let with_witness = Log::new(app.log.signer().clone(), vec![witness.verifier()]);
    let (cosigned, names) =
        witness::add_cosignature(&app.db, &with_witness, &line, app.clock.now())
            .await
            .unwrap();
    assert_eq!((cosigned, names), (size, vec!["saksi.example".to_owned()]));
    let (_, published) = text(&app, "/log/checkpoint").await;
    let opened = tlog::open_checkpoint(
        &published,
        app.log.origin(),
        &app.log.verifier(),
        &[witness.verifier()],
    )
    .unwrap();
    assert_eq!(
        tlog::require_cosignatures(&opened.note, &[witness.verifier()], 1)
            .unwrap()
            .len(),
        1
    );

    // A cosignature over another checkpoint does not verify.
    let other = Checkpoint::new(app.log.origin(), size, leaf_hash(b"lain"))
        .unwrap()
        .to_text();
    let forged = cosign(&other, &witness, now).unwrap().to_line();
    let err = witness::add_cosignature(&app.db, &with_witness, &forged, app.clock.now())
        .await
        .unwrap_err();
    assert_eq!(err.rule(), "bad-cosignature", "{err}");
    let note_for_other = format!("{other}\n{forged}");
    let err = witness::add_cosignature(&app.db, &with_witness, &note_for_other, app.clock.now())
        .await
        .unwrap_err();
    assert_eq!(err.rule(), "unknown-checkpoint", "{err}");
}

#[tokio::test]
async fn verify_checks_a_served_and_an_exported_log_and_refuses_tampering() {
    let app = TestApp::spawn().await;
    add_events(&app, "verifikasi", 5).await;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let key = app.log.verifier().to_string();
    let state_arg = state.to_str().unwrap();
    let (ok, out) = verify_served(&app, &key, state_arg).await;
    assert!(ok, "{out}");
    assert!(out.contains("checkpoint signature: valid"), "{out}");
    add_events(&app, "lagi", 270).await;
    let (ok, out) = verify_served(&app, &key, state_arg).await;
    assert!(ok, "{out}");
    assert!(
        out.contains("consistent with the checkpoint of size"),
        "{out}"
    );
    assert!(out.contains("server proofs checked: 3"), "{out}");

    let export = dir.path().join("ekspor");
    let (ok, out) = tepat(&[
        "log",
        "export",
        export.to_str().unwrap(),
        "--database-url",
        &app.db_url,
    ])
    .await;
    assert!(ok, "{out}");
    let (ok, out) = tepat(&["verify", "--dir", export.to_str().unwrap(), "--key", &key]).await;
    assert!(ok, "{out}");

    // A wrong key, a malformed checkpoint, a changed tile: each fails with its reason.
    let stranger = SignerKey::from_seed(app.log.origin(), Algorithm::Ed25519, [5; 32])
        .unwrap()
        .verifier()
        .to_string();
    let (ok, out) = tepat(&[
        "verify",
        "--dir",
        export.to_str().unwrap(),
        "--key",
        &stranger,
    ])
    .await;
    assert!(!ok && out.contains("checkpoint does not verify"), "{out}");
    let checkpoint = std::fs::read_to_string(export.join("checkpoint")).unwrap();
    std::fs::write(
        export.join("checkpoint"),
        checkpoint.replacen('\n', "\n0", 1),
    )
    .unwrap();
    let (ok, out) = tepat(&["verify", "--dir", export.to_str().unwrap(), "--key", &key]).await;
    assert!(!ok && out.contains("checkpoint does not verify"), "{out}");
    std::fs::write(export.join("checkpoint"), &checkpoint).unwrap();
    let tile = export.join("tile/0/000");
    let mut bytes = std::fs::read(&tile).unwrap();
    bytes[0] ^= 1;
    std::fs::write(&tile, bytes).unwrap();
    let (ok, out) = tepat(&["verify", "--dir", export.to_str().unwrap(), "--key", &key]).await;
    assert!(!ok && out.contains("does not match"), "{out}");

    // A log rewritten behind the verifier's back: same key, other history.
    sqlx::query("UPDATE log_entries SET entry = $1 WHERE idx = 0")
        .bind(b"{}".to_vec())
        .execute(&app.db.pool)
        .await
        .unwrap();
    let (ok, out) = verify_served(&app, &key, state_arg).await;
    assert!(!ok, "{out}");
}

#[tokio::test]
async fn audit_catches_a_registry_row_edited_in_sql() {
    let app = TestApp::spawn().await;
    let (household, person) = crate::registry::seed(&app, "31.75.07.1003", "317507", 41).await;
    sequencer::drain(&app.db, &app.log, app.clock.now())
        .await
        .unwrap();
    let report = check::audit(&app.db, &app.log).await.unwrap();
    assert!(report.is_clean(), "{:?}", report.findings);
    assert_eq!(report.registry_rows_checked, 2);
    let logged: (i64, i64) = {
        let row = sqlx::query(
            "SELECT id, log_index FROM events WHERE subject_type = 'household' AND subject_id = $1",
        )
        .bind(household.to_string())
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        (row.get(0), row.get(1))
    };

    // A recipient's name and a family's village rewritten behind the application's back.
    sqlx::query("UPDATE persons SET full_name = 'Orang Lain' WHERE id = $1")
        .bind(person)
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE households SET region_code = '31.75.07.1001' WHERE id = $1")
        .bind(household)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let report = check::audit(&app.db, &app.log).await.unwrap();
    let found: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    let (event, index) = logged;
    assert_eq!(
        found,
        [
            format!(
                "entry {index} (event {event}): household {household}: village_code changed \
                 since version 1 was recorded"
            ),
            format!(
                "entry {index} (event {event}): person {person}: full_name changed \
                 since version 1 was recorded"
            ),
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    let key = key_file(&app, dir.path());
    let (ok, out) = tepat(&[
        "audit",
        "--database-url",
        &app.db_url,
        "--log-key-file",
        key.to_str().unwrap(),
    ])
    .await;
    assert!(!ok, "{out}");
    assert!(
        out.contains(&format!("person {person}: full_name")),
        "{out}"
    );
}
