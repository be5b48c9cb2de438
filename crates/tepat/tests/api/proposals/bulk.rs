//! Deciding many proposals at once: each item is decided on its own, exactly as one by one
//! (its own step row and event), and those the official may not decide are answered with
//! the same field and rule, while the others are still decided; a bad list, note or role
//! refuses the whole request and changes nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::*;

/// The operator "operator.salim" of Klender living with Agus Salim, and his relative
/// Rahmat Salim's household in the same RW: (his API, the relative's household).
async fn salim_and_relative(app: &TestApp) -> (Api<'_>, i64) {
    let own = household(app, "Agus Salim", "1971-02-03", 1, "Jl. Kenanga No. 1", "5").await;
    let relative = household(app, "Rahmat Salim", "1980-07-08", 2, "Jl. Mawar No. 9", "5").await;
    let (account, api) = official(app, "operator.salim", "village_operator", Some(KLENDER)).await;
    let person = head_of(app, own).await;
    tepat::proposals::service::link_person(&app.db, account, Some(person), app.clock.now())
        .await
        .unwrap();
    (api, relative)
}

fn id_of(p: &Value) -> i64 {
    p["id"].as_i64().unwrap_or_else(|| panic!("no id: {p}"))
}

/// Each item's (id, outcome, refused field, refused rule).
fn answers(outcome: &Value) -> Vec<(i64, String, String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    outcome["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items: {outcome}"))
        .iter()
        .map(|i| {
            let r = &i["refusal"];
            (
                id_of(i),
                text(&i["outcome"]),
                text(&r["field"]),
                text(&r["rule"]),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_bulk_approval_decides_each_item_on_its_own_and_answers_the_refused_ones() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let (salim, relative) = salim_and_relative(&app).await;
    let first = id_of(
        &propose(&c.facilitator, family(&app, 1, 1).await, "PKH")
            .await
            .1,
    );
    let second = id_of(
        &propose(&c.facilitator, family(&app, 2, 1).await, "BLT_DD")
            .await
            .1,
    );
    let moved_on = id_of(
        &propose(&c.facilitator, family(&app, 3, 1).await, "PKH")
            .await
            .1,
    );
    let path = format!("/api/v1/proposals/{moved_on}/approve");
    assert_eq!(c.operator.post(&path, json!({})).await.0, StatusCode::OK);
    let own = id_of(&propose(&salim, family(&app, 4, 1).await, "PKH").await.1);
    let conflicted = id_of(&propose(&c.facilitator, relative, "PKH").await.1);
    let approved_before = events(&app, "proposal.approved").await;
    let ids = [first, moved_on, own, conflicted, second];
    let body = json!({"ids": ids, "note": "Sesuai hasil musyawarah desa"});
    let (status, outcome) = salim.post("/api/v1/proposals/approve", body).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    let expected = |id: i64, outcome: &str, field: &str, rule: &str| {
        (id, outcome.to_owned(), field.to_owned(), rule.to_owned())
    };
    assert_eq!(
        answers(&outcome),
        vec![
            expected(first, "approved", "", ""),
            expected(moved_on, "refused", "step", "not-your-step"),
            expected(own, "refused", "official", "own-proposal"),
            expected(conflicted, "refused", "official", "conflict-of-interest"),
            expected(second, "approved", "", ""),
        ]
    );
    assert_eq!(
        (outcome["decided"].clone(), outcome["refused"].clone()),
        (json!(2), json!(3))
    );
    assert_eq!(outcome["items"][0]["step"], "district");
    assert_eq!(
        outcome["items"][4]["status"], "approved",
        "BLT DD ends in the village"
    );
    // Each decided item its own event and step, exactly as one by one; the refused
    // ones unchanged.
    assert_eq!(events(&app, "proposal.approved").await, approved_before + 2);
    assert_eq!(events(&app, "enrolment.proposal_enrolled").await, 1);
    for (id, step, steps) in [
        (first, "district", 1),
        (moved_on, "district", 1),
        (own, "village", 0),
    ] {
        let (_, p) = c.district.get(&format!("/api/v1/proposals/{id}")).await;
        assert_eq!(
            (p["step"].as_str(), p["steps"].as_array().map(Vec::len)),
            (Some(step), Some(steps))
        );
    }
    let (_, p) = c.district.get(&format!("/api/v1/proposals/{first}")).await;
    assert_eq!(p["steps"][0]["official"]["name"], "Petugas operator.salim");
    assert_eq!(p["steps"][0]["note"], "Sesuai hasil musyawarah desa");
}

#[tokio::test]
async fn a_bulk_return_closes_each_item_with_the_reason() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let first = id_of(
        &propose(&c.facilitator, family(&app, 1, 1).await, "PKH")
            .await
            .1,
    );
    let second = id_of(
        &propose(&c.facilitator, family(&app, 2, 1).await, "PKH")
            .await
            .1,
    );
    let reason = "Data survei belum lengkap, mohon dilengkapi";
    let body = json!({"ids": [second, first], "reason": reason});
    let (status, outcome) = c.operator.post("/api/v1/proposals/return", body).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["decided"], 2);
    assert_eq!(events(&app, "proposal.returned").await, 2);
    for id in [first, second] {
        let (_, p) = c.operator.get(&format!("/api/v1/proposals/{id}")).await;
        assert_eq!(p["status"], "returned");
        assert_eq!(p["steps"][0]["note"], reason);
    }
}

#[tokio::test]
async fn a_wrong_role_a_bad_list_or_a_bad_reason_decides_nothing() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let id = id_of(
        &propose(&c.facilitator, family(&app, 1, 1).await, "PKH")
            .await
            .1,
    );
    let before = (app.count("proposal_steps").await, app.count("events").await);
    let approve = "/api/v1/proposals/approve";
    // A facilitator proposes but does not decide.
    let (status, problem) = c.facilitator.post(approve, json!({"ids": [id]})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    let too_many: Vec<i64> = (1..=501).collect();
    for (body, field, rule) in [
        (json!({"ids": []}), "ids", "min-items"),
        (json!({"ids": too_many}), "ids", "max-items"),
        (json!({"ids": [id, id]}), "ids", "duplicate"),
        (json!({"ids": [id], "note": "ok"}), "note", "min-length"),
    ] {
        let (status, problem) = c.operator.post(approve, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(refusal(&problem), (field.into(), rule.into()));
    }
    let short = json!({"ids": [id], "reason": "kurang"});
    let (status, problem) = c.operator.post("/api/v1/proposals/return", short).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(refusal(&problem), ("reason".into(), "min-length".into()));
    let (status, _) = c
        .operator
        .post("/api/v1/proposals/return", json!({"ids": [id]}))
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a return needs its reason"
    );
    assert_eq!(
        (app.count("proposal_steps").await, app.count("events").await),
        before
    );
}

#[tokio::test]
async fn items_outside_the_officials_region_are_not_found_and_not_decided() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let id = id_of(
        &propose(&c.facilitator, family(&app, 1, 1).await, "PKH")
            .await
            .1,
    );
    let (_, elsewhere) = official(
        &app,
        "operator.lain",
        "village_operator",
        Some(crate::targeting::fixtures::BANDUNG),
    )
    .await;
    let steps = app.count("proposal_steps").await;
    let (status, outcome) = elsewhere
        .post("/api/v1/proposals/approve", json!({"ids": [id, 999_999]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["decided"], 0);
    for item in outcome["items"].as_array().unwrap() {
        assert_eq!(item["refusal"]["status"], 404);
        assert_eq!(item["refusal"]["rule"], "not-found");
    }
    assert_eq!(app.count("proposal_steps").await, steps);
    let (_, p) = c.operator.get(&format!("/api/v1/proposals/{id}")).await;
    assert_eq!(p["step"], "village");
}

#[tokio::test]
async fn the_list_page_ticks_rows_at_my_step_and_decides_them_at_once() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let first = id_of(
        &propose(&c.facilitator, family(&app, 1, 1).await, "PKH")
            .await
            .1,
    );
    let second = id_of(
        &propose(&c.facilitator, family(&app, 2, 1).await, "PKH")
            .await
            .1,
    );
    app.login("operator.klender").await;
    let list = "/usulan-bansos?status=pending";
    let page = app.text(list).await;
    assert!(
        page.contains(&format!("name=\"id\" value=\"{first}\"")),
        "{page}"
    );
    assert!(page.contains("Setujui yang dipilih"));
    assert!(page.contains("Kembalikan yang dipilih"));
    let (a, b) = (first.to_string(), second.to_string());
    let fields = [("id", a.as_str()), ("id", b.as_str()), ("note", "")];
    let response = app.post_form(list, "/usulan-bansos/setujui", &fields).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Diputuskan: <strong>2</strong>"), "{html}");
    assert!(html.contains("Dinas sosial kabupaten/kota"));
    assert_eq!(events(&app, "proposal.approved").await, 2);
    // Nothing ticked: refused in words, nothing decided.
    let response = app
        .post_form(list, "/usulan-bansos/kembalikan", &[("note", "")])
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("pilih paling sedikit satu usulan"), "{html}");
    assert_eq!(events(&app, "proposal.returned").await, 0);
}
