//! The chain: village → district → province → ministry for PKH, the village alone for BLT
//! Dana Desa; the enrolment starts (or ends) at the last step, within the quota.

use reqwest::StatusCode;
use serde_json::json;

use super::*;

#[tokio::test]
async fn a_proposal_climbs_its_chain_by_named_officials_and_the_enrolment_starts_at_the_end() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let household = family(&app, 0, 1).await;
    let (status, p) = propose(&c.facilitator, household, "PKH").await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_eq!(p["status"], "pending");
    assert_eq!(p["step"], "village");
    assert_eq!(
        p["chain"],
        json!(["village", "district", "province", "ministry"])
    );
    assert_eq!(p["proposer"]["name"], "Petugas pendamping");
    assert_eq!(p["proposer"]["role"], "facilitator");
    assert_eq!(p["flagged"], false);
    let id = p["id"].as_i64().unwrap();
    let path = |what: &str| format!("/api/v1/proposals/{id}/{what}");
    for (official, next) in [
        (&c.operator, "district"),
        (&c.district, "province"),
        (&c.province, "ministry"),
    ] {
        let (status, p) = official.post(&path("approve"), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{p}");
        assert_eq!(
            (p["step"].as_str(), p["status"].as_str()),
            (Some(next), Some("pending"))
        );
        assert!(p["enrolment_id"].is_null(), "no enrolment before the end");
    }
    let enrolments = enrolments_of(&c.district, household).await;
    assert_eq!(enrolments.as_array().map(Vec::len), Some(0), "{enrolments}");
    let note = json!({"note": "Sesuai hasil verifikasi lapangan"});
    let (status, p) = c.ministry.post(&path("approve"), note).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["status"], "approved");
    let enrolment = p["enrolment_id"].as_i64().expect("enrolled at the end");
    let steps = p["steps"].as_array().unwrap();
    let who: Vec<&str> = steps
        .iter()
        .map(|s| s["official"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        who,
        [
            "Petugas operator.klender",
            "Petugas dinsos.jaktim",
            "Petugas dinsos.dki",
            "Petugas kemensos"
        ]
    );
    assert_eq!(steps[3]["note"], "Sesuai hasil verifikasi lapangan");
    let enrolments = enrolments_of(&c.district, household).await;
    assert_eq!(enrolments[0]["id"], enrolment);
    assert_eq!(enrolments[0]["status"], "active");
    assert_eq!(enrolments[0]["source"], "proposal");
    assert_eq!(enrolments[0]["programme"], "PKH");
    // Every step an event, queued for the transparency log with it.
    assert_eq!(events(&app, "proposal.created").await, 1);
    assert_eq!(events(&app, "proposal.approved").await, 4);
    assert_eq!(events(&app, "enrolment.proposal_enrolled").await, 1);
    assert_eq!(
        unlogged(&app).await,
        0,
        "every proposal event goes to the log"
    );
}

#[tokio::test]
async fn a_removal_ends_the_enrolment_where_the_chain_ends_in_the_village() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let household = family(&app, 1, 1).await;
    let (_, p) = propose(&c.facilitator, household, "BLT_DD").await;
    assert_eq!(p["chain"], json!(["village"]));
    let id = p["id"].as_i64().unwrap();
    let (status, p) = c
        .operator
        .post(&format!("/api/v1/proposals/{id}/approve"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["status"], "approved");
    let (status, removal) = c
        .facilitator
        .post(
            "/api/v1/proposals",
            json!({"kind": "remove", "household_id": household, "programme": "BLT_DD",
                "reason": "moved", "note": "Pindah ke Bekasi sejak bulan lalu"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{removal}");
    let id = removal["id"].as_i64().unwrap();
    let (status, p) = c
        .operator
        .post(&format!("/api/v1/proposals/{id}/approve"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{p}");
    let enrolments = enrolments_of(&c.district, household).await;
    assert_eq!(enrolments[0]["status"], "ended", "{enrolments}");
    assert_eq!(events(&app, "enrolment.ended").await, 1);
}

#[tokio::test]
async fn a_full_quota_refuses_the_last_step_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    set_quota(&app, "BLT_DD", &[(KLENDER, 0)]).await;
    let household = family(&app, 2, 1).await;
    let (_, p) = propose(&c.facilitator, household, "BLT_DD").await;
    let id = p["id"].as_i64().unwrap();
    let (steps, events_before) = (app.count("proposal_steps").await, app.count("events").await);
    let (status, problem) = c
        .operator
        .post(&format!("/api/v1/proposals/{id}/approve"), json!({}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(refusal(&problem), ("quota".into(), "full".into()));
    assert_eq!(app.count("proposal_steps").await, steps);
    assert_eq!(app.count("events").await, events_before);
    assert_eq!(app.count("enrolments").await, 0);
    let (_, p) = c.operator.get(&format!("/api/v1/proposals/{id}")).await;
    assert_eq!(
        (p["status"].as_str(), p["step"].as_str()),
        (Some("pending"), Some("village"))
    );
}

#[tokio::test]
async fn an_item_waiting_more_than_fourteen_days_at_a_step_is_overdue() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let household = family(&app, 3, 1).await;
    let (_, p) = propose(&c.facilitator, household, "PKH").await;
    let id = p["id"].as_i64().unwrap();
    assert_eq!(p["overdue"], false);
    app.clock.advance(time::Duration::days(15));
    let (_, p) = c.operator.get(&format!("/api/v1/proposals/{id}")).await;
    assert_eq!(p["overdue"], true);
    let (_, page) = c
        .operator
        .get("/api/v1/proposals?status=pending&step=village")
        .await;
    assert_eq!(page["items"][0]["id"], id);
    let (_, page) = c.operator.get("/api/v1/proposals?step=district").await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(0));
}

/// Proposal events neither queued for the transparency log nor in it.
async fn unlogged(app: &TestApp) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM events e WHERE e.subject_type = 'proposal' \
         AND NOT EXISTS (SELECT 1 FROM log_queue q WHERE q.event_id = e.id) \
         AND e.log_index IS NULL",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

/// A household's enrolments as the API lists them.
async fn enrolments_of(api: &Api<'_>, household: i64) -> serde_json::Value {
    let path = format!("/api/v1/households/{household}/enrolments");
    api.get(&path).await.1["items"].clone()
}
