//! Correcting a returned request: its village reads the district's note, corrects the
//! proposal and sends it again, in the browser or through the API; it goes back to the
//! district's queue with an event that names what changed. Only a returned request, only
//! its village, only the same kind of change.

use serde_json::{Value, json};
use sqlx::Row;

use super::{KLENDER, PDF, approve, family, id_of, multipart, post, propose, scalar, token};
use crate::common::TestApp;

const NOTE: &str = "Nomor rumah salah, lihat KK";

/// An address correction by the operator, returned by the officer with `NOTE`.
async fn returned_request(app: &TestApp, op: &str, officer: &str, household: i64) -> i64 {
    let proposal = json!({"kind": "koreksi_keluarga", "address": "Jl. Uji No. 9", "rt": "1",
        "rw": "2"});
    let proposed = propose(app, op, "p1", household, proposal).await;
    assert_eq!(proposed.status(), 201);
    let id = id_of(&proposed.json().await.unwrap());
    let path = format!("/api/v1/change-requests/{id}/return");
    let returned = post(app, officer, &path, "r1", json!({ "note": NOTE })).await;
    assert_eq!(returned.status(), 200);
    id
}

fn corrected(address: &str) -> Value {
    json!({"proposal": {"kind": "koreksi_keluarga", "address": address, "rt": "1", "rw": "2"},
        "reason": "Nomor rumah diperbaiki sesuai KK"})
}

async fn resent_events(app: &TestApp) -> Vec<Value> {
    sqlx::query("SELECT changes FROM events WHERE action = 'change_request.resent' ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| serde_json::from_str(&row.get::<String, _>(0)).unwrap())
        .collect()
}

#[tokio::test]
async fn a_returned_request_is_corrected_sent_again_and_approved() {
    let app = TestApp::spawn().await;
    let (household, _) = family(&app, 51).await;
    let op = token(&app, "village_operator", KLENDER).await;
    let officer = token(&app, "district_officer", "31.75").await;
    let id = returned_request(&app, &op, &officer, household).await;
    let path = format!("/api/v1/change-requests/{id}/resend");

    let sent = post(&app, &op, &path, "s1", corrected("Jl. Uji No. 3")).await;
    assert_eq!(sent.status(), 200);
    let body: Value = sent.json().await.unwrap();
    assert_eq!(body["status"], "diajukan");
    assert_eq!(body["proposal"]["address"], "Jl. Uji No. 3");
    assert_eq!(body["reason"], "Nomor rumah diperbaiki sesuai KK");
    assert_eq!(
        body["decision_note"], NOTE,
        "the officer's note stays readable"
    );

    // A second tap with the same key answers the same and writes nothing more.
    let replay = post(&app, &op, &path, "s1", corrected("Jl. Uji No. 3")).await;
    assert_eq!(replay.status(), 200);
    let events = resent_events(&app).await;
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(event["address"]["from"], "Jl. Uji No. 9");
    assert_eq!(event["address"]["to"], "Jl. Uji No. 3");
    assert_eq!(event["status"]["from"], "dikembalikan");
    assert_eq!(event["status"]["to"], "diajukan");
    assert_eq!(event["note"]["to"], NOTE);
    assert!(
        event.get("rt").is_none(),
        "unchanged fields are left out: {event}"
    );

    // Back in the district's queue; the approval writes the corrected address.
    let queue: Value = app
        .client
        .get(app.url("/api/v1/change-requests?status=diajukan"))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| id_of(r) == id)
    );
    assert_eq!(approve(&app, &officer, "a1", id).await.status(), 200);
    let address = scalar(
        &app,
        "SELECT address FROM households WHERE id = $1",
        household,
    )
    .await;
    assert_eq!(address, "Jl. Uji No. 3");

    // An approved request is not sent again.
    let again = post(&app, &op, &path, "s2", corrected("Jl. Uji No. 4")).await;
    assert_eq!(again.status(), 409);
    let problem: Value = again.json().await.unwrap();
    assert_eq!(problem["errors"][0]["rule"], "not-returned", "{problem}");
    crate::log::assert_audit_clean(&app).await;
}

#[tokio::test]
async fn only_its_village_resends_only_a_returned_request_of_the_same_kind() {
    let app = TestApp::spawn().await;
    let (household, members) = family(&app, 61).await;
    let op = token(&app, "village_operator", KLENDER).await;
    let officer = token(&app, "district_officer", "31.75").await;
    let elsewhere = token(&app, "village_operator", "31.75.07.1001").await;

    // A request still waiting for its decision is refused, and stays as it was.
    let waiting = propose(&app, &op, "p0", household, json!({"kind": "tutup_kk"})).await;
    let waiting = id_of(&waiting.json().await.unwrap());
    let path = format!("/api/v1/change-requests/{waiting}/resend");
    let refused = post(
        &app,
        &op,
        &path,
        "w1",
        json!({"proposal": {"kind": "tutup_kk"},
        "reason": "Coba kirim ulang"}),
    )
    .await;
    assert_eq!(refused.status(), 409);
    assert_eq!(
        refused.headers()["content-type"],
        "application/problem+json"
    );

    let id = returned_request(&app, &op, &officer, household).await;
    let path = format!("/api/v1/change-requests/{id}/resend");
    // Another village's operator finds nothing; the district officer may not resend.
    let outside = post(&app, &elsewhere, &path, "e1", corrected("Jl. Lain")).await;
    assert_eq!(outside.status(), 404);
    let district = post(&app, &officer, &path, "d1", corrected("Jl. Lain")).await;
    assert_eq!(district.status(), 403);
    // Another kind of change is a new request.
    let death = json!({"proposal": {"kind": "kematian", "person_id": members[0],
        "date": "2026-01-01"}, "reason": "Meninggal dunia"});
    let other_kind = post(&app, &op, &path, "k1", death).await;
    assert_eq!(other_kind.status(), 422);
    let problem: Value = other_kind.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "kind", "{problem}");
    // The registry's rules apply as when proposing, and so do the reason's.
    let bad_rt = json!({"proposal": {"kind": "koreksi_keluarga", "address": "Jl. Uji",
        "rt": "satu", "rw": "2"}, "reason": "Nomor RT diperbaiki"});
    assert_eq!(post(&app, &op, &path, "b1", bad_rt).await.status(), 422);
    let short = json!({"proposal": {"kind": "koreksi_keluarga", "address": "Jl. Uji",
        "rt": "1", "rw": "2"}, "reason": "ok"});
    assert_eq!(post(&app, &op, &path, "b2", short).await.status(), 422);

    let status = scalar(&app, "SELECT status FROM change_requests WHERE id = $1", id).await;
    assert_eq!(status, "dikembalikan", "nothing changed");
    assert!(resent_events(&app).await.is_empty());
}

#[tokio::test]
async fn the_operator_corrects_a_returned_request_in_the_browser() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    let (household, _) = family(&app, 71).await;
    let op = token(&app, "village_operator", KLENDER).await;
    let officer = token(&app, "district_officer", "31.75").await;
    let id = returned_request(&app, &op, &officer, household).await;
    app.login("op.klender").await;

    // The request shows the officer's note and leads to the form, filled in as proposed.
    let location = format!("/usulan/{id}");
    let page = app.text(&location).await;
    assert!(
        page.contains(NOTE) && page.contains("Dikembalikan"),
        "{page}"
    );
    let form_path = format!("/usulan/{id}/perbaiki");
    assert!(page.contains(&form_path), "{page}");
    let form = app.text(&form_path).await;
    assert!(
        form.contains(NOTE) && form.contains("value=\"Jl. Uji No. 9\""),
        "{form}"
    );
    let csrf = app.csrf_with(&app.client, &form_path).await;

    let send = |rt: &'static str| {
        let fields = [
            ("jenis", "koreksi_keluarga"),
            ("address", "Jl. Uji No. 3"),
            ("rt", rt),
            ("rw", "2"),
            ("alasan", "Nomor rumah diperbaiki"),
        ];
        app.client
            .post(app.url(&form_path))
            .multipart(multipart(&csrf, &fields, &[("kk.pdf", PDF)]))
            .send()
    };
    // A mistake is shown beside its field and nothing changes.
    let bad = send("satu").await.unwrap();
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("id=\"rt-error\""));
    assert!(resent_events(&app).await.is_empty());

    let sent = send("1").await.unwrap();
    assert_eq!(sent.status(), 303);
    assert_eq!(sent.headers()["location"], location.as_str());
    let page = app.text(&location).await;
    assert!(
        page.contains("Diajukan") && page.contains("kk.pdf"),
        "{page}"
    );
    assert!(
        !page.contains(&form_path),
        "a request waiting for its decision is not resent"
    );
    // The form of a request that is not returned answers with a refusal.
    assert_eq!(app.get(&form_path).await.status(), 409);
    assert_eq!(resent_events(&app).await.len(), 1);
}
