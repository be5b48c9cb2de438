//! A batch through the API: the poorest selected up to the quota, the rest waiting in
//! order; approval by another official of the programme's level only; stale batches.

use serde_json::json;

use super::{Api, refusal, set_quota, ten_scored};
use crate::common::TestApp;
use crate::targeting::fixtures::events_of;

/// Ten scored households, a SEMBAKO quota of four, and a batch prepared by a district
/// officer: the officer, the batch and the households' ids, poorest first.
async fn prepared(app: &TestApp) -> (Api<'_>, serde_json::Value, Vec<i64>) {
    let ids = ten_scored(app).await;
    set_quota(app, "SEMBAKO", &[("", 4)]).await;
    let district = Api::new(app, "district_officer", Some("31.75")).await;
    let (status, batch) = district
        .post("/api/v1/programmes/SEMBAKO/enrolment-batches", json!({}))
        .await;
    assert_eq!(status, 201, "{batch}");
    (district, batch, ids)
}

#[tokio::test]
async fn a_batch_takes_the_poorest_up_to_the_quota_and_the_rest_wait_in_order() {
    let app = TestApp::spawn().await;
    let (district, batch, ids) = prepared(&app).await;
    // SEMBAKO takes desil 1–5: six of the ten; the quota of four takes the poorest four.
    assert_eq!(
        (
            &batch["status"],
            &batch["eligible"],
            &batch["selected"],
            &batch["waiting"]
        ),
        (&json!("waiting"), &json!(6), &json!(4), &json!(2))
    );
    assert_eq!(batch["region"], "31.75");
    let id = batch["id"].as_i64().unwrap();
    let (_, selected) = district
        .get(&format!("/api/v1/enrolment-batches/{id}?outcome=selected"))
        .await;
    let chosen: Vec<i64> = selected["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["household_id"].as_i64().unwrap())
        .collect();
    let mut poorest = ids[..4].to_vec();
    let mut got = chosen.clone();
    poorest.sort_unstable();
    got.sort_unstable();
    assert_eq!(got, poorest);
    let positions: Vec<i64> = selected["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["position"].as_i64().unwrap())
        .collect();
    assert_eq!(positions, vec![1, 2, 3, 4]);
    let (_, waiting) = district
        .get(&format!("/api/v1/enrolment-batches/{id}?outcome=waiting"))
        .await;
    let waiting: Vec<(i64, String)> = waiting["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["position"].as_i64().unwrap(),
                l["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        waiting,
        vec![
            (5, "beyond_quota".to_owned()),
            (6, "beyond_quota".to_owned())
        ]
    );
    let prepared = events_of(&app, "enrolment.batch_prepared").await;
    assert_eq!(prepared.len(), 1);
    assert_eq!(prepared[0]["rows_sha256"]["to"], batch["rows_sha256"]);
}

#[tokio::test]
async fn another_official_of_the_programmes_level_approves_a_batch_by_name() {
    let app = TestApp::spawn().await;
    let (district, batch, ids) = prepared(&app).await;
    let id = batch["id"].as_i64().unwrap();
    // Its author may not approve it, nor a district officer (SEMBAKO is national).
    let approve = format!("/api/v1/enrolment-batches/{id}/approve");
    let (status, problem) = district.post(&approve, json!({})).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(refusal(&problem), ("approver".into(), "level".into()));
    let other_district = Api::new(&app, "district_officer", Some("31.75")).await;
    let (status, problem) = other_district.post(&approve, json!({})).await;
    assert_eq!(status, 422);
    assert_eq!(refusal(&problem), ("approver".into(), "level".into()));
    assert_eq!(app.count("enrolments").await, 0);

    let ministry = Api::new(&app, "ministry_officer", None).await;
    let (status, approved) = ministry
        .post(&approve, json!({"note": "Sesuai kuota 2026"}))
        .await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(
        (&approved["status"], &approved["enrolled"]),
        (&json!("approved"), &json!(4))
    );
    assert_eq!(app.count("enrolments").await, 4);
    let decided = events_of(&app, "enrolment.batch_approved").await;
    assert_eq!(decided.len(), 1);
    assert_eq!(decided[0]["enrolled"]["to"], 4);
    let (status, again) = ministry.post(&approve, json!({})).await;
    assert_eq!(status, 422);
    assert_eq!(refusal(&again), ("status".into(), "decided".into()));
    assert_eq!(app.count("enrolments").await, 4);

    let (status, list) = district
        .get(&format!("/api/v1/households/{}/enrolments", ids[0]))
        .await;
    assert_eq!(status, 200);
    assert_eq!(list["items"][0]["programme"], "SEMBAKO");
    assert_eq!(list["items"][0]["source"], "batch");
    assert_eq!(list["items"][0]["status"], "active");
    let (_, list) = district
        .get(&format!("/api/v1/households/{}/enrolments", ids[4]))
        .await;
    assert_eq!(list["items"], json!([]));

    // The quota is used: a new batch selects nobody and keeps the two waiting in order.
    let (_, next) = district
        .post("/api/v1/programmes/SEMBAKO/enrolment-batches", json!({}))
        .await;
    assert_eq!(
        (&next["already"], &next["selected"], &next["waiting"]),
        (&json!(4), &json!(0), &json!(2))
    );

    // A rule may now ask who is enrolled.
    let preview = crate::programmes::Api::new(&app, "ministry_officer", None).await;
    let (status, figures) = preview.preview("PKH", "enrolled(\"SEMBAKO\")").await;
    assert_eq!(status, 200, "{figures}");
    assert_eq!(figures["eligible"], 4);
}

#[tokio::test]
async fn a_batch_prepared_before_another_change_is_refused_as_stale_and_a_rejection_needs_a_reason()
{
    let app = TestApp::spawn().await;
    ten_scored(&app).await;
    let district = Api::new(&app, "district_officer", Some("31.75")).await;
    let province = Api::new(&app, "province_officer", Some("31")).await;
    // KJP Plus is approved by the province.
    let (_, older) = district
        .post(
            "/api/v1/programmes/KJP_PLUS/enrolment-batches",
            json!({"region": "31.75.07"}),
        )
        .await;
    let (status, newer) = district
        .post(
            "/api/v1/programmes/KJP_PLUS/enrolment-batches",
            json!({"region": "31.75"}),
        )
        .await;
    assert_eq!(status, 201, "{newer}");
    assert!(newer["selected"].as_i64().unwrap() > 0, "{newer}");
    let (status, approved) = province
        .post(
            &format!("/api/v1/enrolment-batches/{}/approve", newer["id"]),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{approved}");
    let enrolled = app.count("enrolments").await;
    let (status, problem) = province
        .post(
            &format!("/api/v1/enrolment-batches/{}/approve", older["id"]),
            json!({}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(refusal(&problem), ("batch".into(), "stale".into()));
    assert_eq!(app.count("enrolments").await, enrolled);

    let reject = format!("/api/v1/enrolment-batches/{}/reject", older["id"]);
    let (status, problem) = province.post(&reject, json!({"reason": "tidak"})).await;
    assert_eq!(status, 422);
    assert_eq!(refusal(&problem), ("reason".into(), "min-length".into()));
    let (status, rejected) = province
        .post(
            &reject,
            json!({"reason": "Disusun sebelum daftar Jakarta Timur"}),
        )
        .await;
    assert_eq!(status, 200, "{rejected}");
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(events_of(&app, "enrolment.batch_rejected").await.len(), 1);
}

#[tokio::test]
async fn a_region_outside_the_scope_or_not_a_code_is_refused_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    ten_scored(&app).await;
    let district = Api::new(&app, "district_officer", Some("31.75")).await;
    let path = "/api/v1/programmes/SEMBAKO/enrolment-batches";
    let (status, problem) = district.post(path, json!({"region": "32.73"})).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(refusal(&problem), ("region".into(), "scope".into()));
    let (status, problem) = district.post(path, json!({"region": "jakarta"})).await;
    assert_eq!(status, 422);
    assert_eq!(refusal(&problem), ("region".into(), "format".into()));
    let (status, _) = district
        .post("/api/v1/programmes/NOPE/enrolment-batches", json!({}))
        .await;
    assert_eq!(status, 404);
    // A village operator prepares only what its district approves (BLT Dana Desa).
    let operator = Api::new(
        &app,
        "village_operator",
        Some(crate::targeting::fixtures::KLENDER),
    )
    .await;
    let (status, problem) = operator.post(path, json!({})).await;
    assert_eq!(status, 422);
    assert_eq!(refusal(&problem), ("programme".into(), "level".into()));
    assert_eq!(app.count("enrolment_batches").await, 0);
    let (status, batch) = operator
        .post("/api/v1/programmes/BLT_DD/enrolment-batches", json!({}))
        .await;
    assert_eq!(status, 201, "{batch}");
    assert_eq!(batch["region"], crate::targeting::fixtures::KLENDER);

    // The same key replays the first answer instead of preparing a second batch.
    let key = crate::programmes::key();
    let (first_status, first) = district.post_keyed(path, json!({}), &key).await;
    let (second_status, second) = district.post_keyed(path, json!({}), &key).await;
    assert_eq!(
        (first_status, second_status),
        (reqwest::StatusCode::CREATED, reqwest::StatusCode::CREATED)
    );
    assert_eq!(first["id"], second["id"]);
    assert_eq!(app.count("enrolment_batches").await, 2);
}
