//! Conflict of interest, found and not declared: the operator who proposes his own
//! relative is flagged at every step and cannot decide; neither can an official whose own
//! household it is.

use reqwest::StatusCode;
use serde_json::json;

use super::*;

/// The operator of Klender, living with "Agus Salim" in RW 5, and his relative "Rahmat
/// Salim" down the road in the same RW: (operator's account, his API, relative's household).
async fn operator_and_relative(app: &TestApp) -> (i64, Api<'_>, i64) {
    let own = household(app, "Agus Salim", "1971-02-03", 1, "Jl. Kenanga No. 1", "5").await;
    let relative = household(app, "Rahmat Salim", "1980-07-08", 2, "Jl. Mawar No. 9", "5").await;
    let (account, api) = official(app, "operator.salim", "village_operator", Some(KLENDER)).await;
    let person = head_of(app, own).await;
    tepat::proposals::service::link_person(&app.db, account, Some(person), app.clock.now())
        .await
        .unwrap();
    (account, api, relative)
}

#[tokio::test]
async fn an_operator_proposing_his_own_relative_is_flagged_at_every_step_and_cannot_decide_it() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let (account, salim, relative) = operator_and_relative(&app).await;
    let (status, p) = salim
        .post(
            "/api/v1/proposals",
            json!({"kind": "enrol", "household_id": relative, "programme": "PKH",
                "note": "Keluarga kurang mampu di RW 05"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_eq!(p["flagged"], true);
    let conflict = &p["conflicts"][0];
    assert_eq!(conflict["basis"], "family_name");
    assert_eq!(conflict["account_id"], account);
    assert_eq!(conflict["evidence"]["official_member"], "Agus Salim");
    assert_eq!(conflict["evidence"]["household_member"], "Rahmat Salim");
    let id = p["id"].as_i64().unwrap();
    // He may not decide his own proposal.
    let approve = format!("/api/v1/proposals/{id}/approve");
    let (status, problem) = salim.post(&approve, json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        refusal(&problem),
        ("official".into(), "own-proposal".into())
    );
    // Another operator of the village may; the flag stays, seen at every later step.
    let (status, p) = c.operator.post(&approve, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    let (_, seen) = c.district.get(&format!("/api/v1/proposals/{id}")).await;
    assert_eq!(seen["flagged"], true);
    assert_eq!(seen["conflicts"][0]["basis"], "family_name");
    let (_, flagged) = c.ministry.get("/api/v1/proposals?flagged=true").await;
    let ids: Vec<i64> = flagged["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![id]);
    // The flag is never removed: it has no route, and the table only grows.
    assert_eq!(events(&app, "proposal.flagged").await, 1);
}

#[tokio::test]
async fn an_official_linked_to_the_household_may_not_decide_it_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let (_, salim, relative) = operator_and_relative(&app).await;
    let (_, p) = propose(&c.facilitator, relative, "BLT_DD").await;
    assert_eq!(p["flagged"], false, "the facilitator is not linked: {p}");
    let id = p["id"].as_i64().unwrap();
    let before = (app.count("proposal_steps").await, app.count("events").await);
    let (status, problem) = salim
        .post(&format!("/api/v1/proposals/{id}/approve"), json!({}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        refusal(&problem),
        ("official".into(), "conflict-of-interest".into())
    );
    let (status, problem) = salim
        .post(
            &format!("/api/v1/proposals/{id}/return"),
            json!({"reason": "Bukan keluarga miskin"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        (app.count("proposal_steps").await, app.count("events").await),
        before
    );
}

#[tokio::test]
async fn a_proposal_for_an_officials_own_household_is_flagged_whoever_proposes_it() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let own = household(&app, "Bambang Wijaya", "1973-03-14", 3, "Jl. Melati 4", "2").await;
    let (account, _) = official(&app, "lurah.klender", "village_operator", Some(KLENDER)).await;
    let person = head_of(&app, own).await;
    tepat::proposals::service::link_person(&app.db, account, Some(person), app.clock.now())
        .await
        .unwrap();
    let (_, p) = propose(&c.facilitator, own, "PKH").await;
    assert_eq!(p["flagged"], true, "{p}");
    assert_eq!(p["conflicts"][0]["basis"], "official_household");
    assert_eq!(p["conflicts"][0]["account_id"], account);
}

#[tokio::test]
async fn an_administrator_links_an_officials_account_to_their_record_and_it_counts() {
    let app = TestApp::spawn().await;
    let own = household(&app, "Bambang Wijaya", "1973-03-14", 3, "Jl. Melati 4", "2").await;
    let (account, operator) =
        official(&app, "lurah.klender", "village_operator", Some(KLENDER)).await;
    let nik: String = sqlx::query_scalar("SELECT nik FROM persons WHERE household_id = $1")
        .bind(own)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    app.add_account("admin.uji", "administrator", None).await;
    app.login("admin.uji").await;
    let path = format!("/akun/{account}/penduduk");
    let response = app
        .post_form(&path, &path, &[("nik", "3175079999999999")])
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("tidak ada penduduk hidup dengan NIK ini"),
        "{html}"
    );
    assert_eq!(events(&app, "account.person_linked").await, 0);
    let response = app.post_form(&path, &path, &[("nik", nik.as_str())]).await;
    assert_eq!(response.status(), 303);
    assert!(app.text(&path).await.contains("Bambang Wijaya"));
    assert_eq!(events(&app, "account.person_linked").await, 1);
    let (_, p) = propose(&operator, own, "PKH").await;
    assert_eq!(p["flagged"], true, "{p}");
    assert_eq!(p["conflicts"][0]["basis"], "same_household");
}
