//! Held households are never enrolled, by a batch or by an official; overrides are by name,
//! with a reason, and counted.

use serde_json::json;
use tepat::clock::Clock;

use super::{Api, family, ministry, refusal, ten_scored};
use crate::common::TestApp;
use crate::targeting::fixtures::{KLENDER, events_of};

/// Publishes `rule` as SEMBAKO's rule.
async fn rule(app: &TestApp, source: &str) {
    tepat::programmes::service::publish(
        &app.db,
        &ministry(),
        "SEMBAKO",
        source,
        None,
        app.clock.now(),
    )
    .await
    .expect("rule published");
}

/// The held lines of a batch: (household, reason), by household.
async fn held_reasons(api: &Api<'_>, batch: i64) -> Vec<(i64, String)> {
    let (_, held) = api
        .get(&format!("/api/v1/enrolment-batches/{batch}?outcome=held"))
        .await;
    let mut reasons: Vec<(i64, String)> = held["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["household_id"].as_i64().unwrap(),
                l["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    reasons.sort();
    reasons
}

#[tokio::test]
async fn a_member_in_an_undecided_pair_or_a_deceased_head_holds_the_household_out() {
    let app = TestApp::spawn().await;
    let pair = crate::duplicates::open_pair(&app, KLENDER, 7001).await;
    let widowed = family(&app, 0, 0).await;
    sqlx::query(
        "UPDATE persons SET life_status = 'meninggal' WHERE household_id = $1 \
         AND relationship = 'kepala'",
    )
    .bind(widowed)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let free = family(&app, 1, 1).await;
    rule(&app, "members >= 1").await;
    let district = Api::new(&app, "district_officer", Some("31.75")).await;
    let (status, batch) = district
        .post("/api/v1/programmes/SEMBAKO/enrolment-batches", json!({}))
        .await;
    assert_eq!(status, 201, "{batch}");
    // The pair's two one-person households, the widowed one, and the free one.
    assert_eq!(
        (&batch["eligible"], &batch["held"]),
        (&json!(4), &json!(3)),
        "{batch}"
    );
    let reasons = held_reasons(&district, batch["id"].as_i64().unwrap()).await;
    assert!(
        reasons.contains(&(widowed, "head_deceased".to_owned())),
        "{reasons:?}"
    );
    let by_pair = reasons
        .iter()
        .filter(|(_, r)| *r == format!("duplicate_pair:{pair}"))
        .count();
    assert_eq!(by_pair, 2, "{reasons:?}");
    let ministry = Api::new(&app, "ministry_officer", None).await;
    let (status, approved) = ministry
        .post(
            &format!("/api/v1/enrolment-batches/{}/approve", batch["id"]),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["enrolled"], 1);
    let enrolled: Vec<i64> = sqlx::query_scalar("SELECT household_id FROM enrolments")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(enrolled, vec![free]);

    // Nor can an official put a held household forward.
    let (status, problem) = district
        .post(
            "/api/v1/programmes/SEMBAKO/enrolments",
            json!({"household_id": widowed, "reason": "Keluarga sangat miskin, sudah dikunjungi"}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(refusal(&problem), ("household_id".into(), "held".into()));
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("deceased"),
        "{problem}"
    );
    assert_eq!(app.count("enrolments").await, 1);
}

#[tokio::test]
async fn an_official_puts_a_household_forward_by_name_with_a_reason() {
    let app = TestApp::spawn().await;
    let ids = ten_scored(&app).await;
    let richest = ids[9];
    let district = Api::new(&app, "district_officer", Some("31.75")).await;
    let path = "/api/v1/programmes/SEMBAKO/enrolments";
    let (status, problem) = district
        .post(path, json!({"household_id": richest, "reason": "miskin"}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(refusal(&problem), ("reason".into(), "min-length".into()));
    assert_eq!(app.count("enrolments").await, 0);
    let outside = Api::new(&app, "district_officer", Some("32.73")).await;
    let reason = "Kepala keluarga baru kena PHK, diverifikasi kunjungan rumah";
    let (status, _) = outside
        .post(path, json!({"household_id": richest, "reason": reason}))
        .await;
    assert_eq!(status, 404);
    let (status, enrolment) = district
        .post(path, json!({"household_id": richest, "reason": reason}))
        .await;
    assert_eq!(status, 201, "{enrolment}");
    assert_eq!(
        (
            &enrolment["source"],
            &enrolment["reason"],
            &enrolment["status"]
        ),
        (&json!("override"), &json!(reason), &json!("active"))
    );
    let (status, problem) = district
        .post(path, json!({"household_id": richest, "reason": reason}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        refusal(&problem),
        ("household_id".into(), "already-enrolled".into())
    );
    // BLT Dana Desa excludes Sembako.
    let (status, problem) = district
        .post(
            "/api/v1/programmes/BLT_DD/enrolments",
            json!({"household_id": richest, "reason": reason}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        refusal(&problem),
        ("household_id".into(), "excluded".into())
    );
    let events = events_of(&app, "enrolment.override_added").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["reason"]["to"], reason);
    assert_eq!(app.count("enrolments").await, 1);

    // The override counts as already enrolled in the next batch, not against the rule.
    let (_, batch) = district
        .post("/api/v1/programmes/SEMBAKO/enrolment-batches", json!({}))
        .await;
    assert_eq!(
        (&batch["already"], &batch["eligible"]),
        (&json!(0), &json!(6))
    );
}
