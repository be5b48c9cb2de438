//! Bad input: each refused with the field and the rule, nothing written.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::*;

async fn refused(api: &Api<'_>, body: Value) -> (String, String) {
    let (status, problem) = api.post("/api/v1/proposals", body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    refusal(&problem)
}

#[tokio::test]
async fn bad_proposals_are_refused_naming_the_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let household = family(&app, 4, 1).await;
    let note = "Rumah tidak layak huni";
    let cases = [
        (
            json!({"kind": "hapus", "household_id": household, "programme": "PKH", "note": note}),
            ("kind", "choice"),
        ),
        (
            json!({"kind": "enrol", "household_id": household, "programme": "XYZ", "note": note}),
            ("programme", "unknown"),
        ),
        (
            json!({"kind": "enrol", "household_id": household, "programme": "PKH", "note": "miskin"}),
            ("note", "min-length"),
        ),
        (
            json!({"kind": "remove", "household_id": household, "programme": "PKH", "note": note}),
            ("reason", "choice"),
        ),
        (
            json!({"kind": "remove", "household_id": household, "programme": "PKH", "reason": "moved", "note": note}),
            ("household_id", "not-enrolled"),
        ),
    ];
    for (body, (field, rule)) in cases {
        assert_eq!(
            refused(&c.facilitator, body).await,
            (field.to_owned(), rule.to_owned())
        );
    }
    assert_eq!(app.count("proposals").await, 0);
    // Outside the proposer's scope it does not exist; a role that does not propose is refused.
    let (bandung, _) = official(
        &app,
        "op.bandung",
        "village_operator",
        Some("32.73.01.1001"),
    )
    .await;
    let _ = bandung;
    let (_, elsewhere) = official(
        &app,
        "op.sukarasa",
        "village_operator",
        Some("32.73.01.1001"),
    )
    .await;
    let (status, _) = propose(&elsewhere, household, "PKH").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = propose(&c.district, household, "PKH").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("proposals").await, 0);
}

#[tokio::test]
async fn a_repeated_command_is_answered_once_and_a_second_open_proposal_is_refused() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let household = family(&app, 5, 1).await;
    let body = json!({"kind": "enrol", "household_id": household, "programme": "PKH",
        "note": "Kepala keluarga kehilangan pekerjaan"});
    let (first, a) = c
        .facilitator
        .post_keyed("/api/v1/proposals", body.clone(), "usul-1")
        .await;
    let (again, b) = c
        .facilitator
        .post_keyed("/api/v1/proposals", body.clone(), "usul-1")
        .await;
    assert_eq!((first, again), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(a["id"], b["id"]);
    assert_eq!(app.count("proposals").await, 1);
    assert_eq!(
        refused(&c.facilitator, body).await,
        ("household_id".into(), "pending".into())
    );
    assert_eq!(app.count("proposals").await, 1);
}

#[tokio::test]
async fn a_step_is_decided_only_at_its_level_and_a_return_needs_a_reason() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let household = family(&app, 6, 1).await;
    let (_, p) = propose(&c.facilitator, household, "PKH").await;
    let id = p["id"].as_i64().unwrap();
    let path = |what: &str| format!("/api/v1/proposals/{id}/{what}");
    let (status, problem) = c.district.post(&path("approve"), json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(refusal(&problem), ("step".into(), "not-your-step".into()));
    let (status, problem) = c
        .operator
        .post(&path("return"), json!({"reason": "tidak"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(refusal(&problem), ("reason".into(), "min-length".into()));
    assert_eq!(app.count("proposal_steps").await, 0);
    let reason = json!({"reason": "Penghasilan di atas garis kemiskinan"});
    let (status, p) = c.operator.post(&path("return"), reason).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["status"], "returned");
    assert_eq!(p["steps"][0]["decision"], "returned");
    assert_eq!(
        p["steps"][0]["note"],
        "Penghasilan di atas garis kemiskinan"
    );
    let (status, problem) = c.operator.post(&path("approve"), json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(refusal(&problem), ("status".into(), "decided".into()));
    assert_eq!(app.count("enrolments").await, 0);
    // A bad filter is a 400 naming the parameter.
    let (status, problem) = c.operator.get("/api/v1/proposals?status=closed").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
}
