//! Verification: the district within 14 days, else the province; a founded objection
//! becomes a removal proposal, an unfounded one is closed; the objector sees the outcome.

use serde_json::json;

use super::*;

async fn one_objection(app: &TestApp) -> (i64, String) {
    let (_, enrolment) = recipient(app, 0).await;
    let neighbour = family(app, 1, 3).await;
    let (status, page) = objection_by(app, enrolment, neighbour, "10.6.6.6").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let id: i64 = sqlx::query_scalar("SELECT id FROM objections")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    (id, tracking_code(&page))
}

#[tokio::test]
async fn an_objection_the_district_leaves_past_fourteen_days_goes_to_the_province() {
    let app = TestApp::spawn().await;
    let (id, code) = one_objection(&app).await;
    let (_, district) = official(&app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let (_, province) = official(&app, "dinsos.dki", "province_officer", Some("31")).await;
    app.clock.advance(time::Duration::days(13));
    assert_eq!(
        tepat::objections::service::escalate_overdue(&app.db, app.clock.now())
            .await
            .unwrap(),
        0
    );
    app.clock.advance(time::Duration::days(2));
    let (_, before) = district.get(&format!("/api/v1/objections/{id}")).await;
    assert_eq!(before["overdue"], true);
    assert_eq!(
        tepat::objections::service::escalate_overdue(&app.db, app.clock.now())
            .await
            .unwrap(),
        1
    );
    let (_, after) = province.get(&format!("/api/v1/objections/{id}")).await;
    assert_eq!(
        (after["status"].as_str(), after["level"].as_str()),
        (Some("escalated"), Some("province"))
    );
    assert_eq!(
        after["objector"]["name"], "Bambang Wijaya",
        "the province now verifies"
    );
    let page = app.text(&format!("/sanggah/status?kode={code}")).await;
    assert!(
        page.contains("Dinaikkan ke dinas sosial provinsi"),
        "{page}"
    );
    // The district may no longer decide; the province finds it founded.
    let verify = format!("/api/v1/objections/{id}/verify");
    let note = json!({"finding": "founded", "note": "Dicek ke lapangan: rumah sudah direnovasi"});
    let (status, problem) = district.post(&verify, note.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        crate::proposals::refusal(&problem),
        ("level".into(), "not-your-level".into())
    );
    let (status, done) = province.post(&verify, note).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["status"], "founded");
    let proposal = done["proposal_id"].as_i64().expect("a removal proposal");
    let (_, p) = province.get(&format!("/api/v1/proposals/{proposal}")).await;
    assert_eq!(
        (p["kind"].as_str(), p["reason"].as_str()),
        (Some("remove"), Some("not_poor"))
    );
    assert_eq!(
        p["step"], "village",
        "the village deliberation decides it first"
    );
    assert_eq!(
        crate::proposals::events(&app, "objection.escalated").await,
        1
    );
    let page = app.text(&format!("/sanggah/status?kode={code}")).await;
    assert!(page.contains("rumah sudah direnovasi"), "{page}");
}

#[tokio::test]
async fn the_district_finds_an_objection_unfounded_once_and_nothing_is_proposed() {
    let app = TestApp::spawn().await;
    let (id, _) = one_objection(&app).await;
    let (_, district) = official(&app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let (_, operator) = official(
        &app,
        "op.klender",
        "village_operator",
        Some("31.75.07.1003"),
    )
    .await;
    let verify = format!("/api/v1/objections/{id}/verify");
    let (status, _) = operator
        .post(
            &verify,
            json!({"finding": "unfounded", "note": "Tidak sesuai keadaan"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a village operator does not verify"
    );
    let (status, problem) = district
        .post(
            &verify,
            json!({"finding": "maybe", "note": "Belum tahu pasti"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(crate::proposals::refusal(&problem).0, "finding");
    let body =
        json!({"finding": "unfounded", "note": "Penghasilan sesuai data, mobil milik kantor"});
    let (status, done) = district.post(&verify, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["status"], "unfounded");
    assert!(done["proposal_id"].is_null());
    let (status, problem) = district.post(&verify, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        crate::proposals::refusal(&problem),
        ("status".into(), "decided".into())
    );
    assert_eq!(app.count("proposals").await, 0);
}
