//! On the test clock: an unpaid pledge is chased once and released after the grace period
//! while a paid one stays; suggestions go nearest first; the favouritism flag.

use reqwest::StatusCode;
use serde_json::json;
use time::Duration;

use super::*;

#[tokio::test]
async fn an_unpaid_pledge_is_reminded_then_released_and_a_paid_one_stays() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let home = household(&app, KLENDER, "Sri Wahyuni", 31).await;
    let (_, need) = p
        .facilitator
        .post("/api/v1/needs", money_need(&app, home, 600_000))
        .await;
    let id = need["id"].as_i64().unwrap();
    let pledges = format!("/api/v1/needs/{id}/pledges");
    let (_, unpaid) = p
        .donor
        .post(
            &pledges,
            json!({"amount_rupiah": 400_000, "channel": "transfer"}),
        )
        .await;
    let (_, paid) = p
        .donor
        .post(
            &pledges,
            json!({"amount_rupiah": 200_000, "channel": "transfer"}),
        )
        .await;
    let (_, now) = p.donor.get(&format!("/api/v1/needs/{id}")).await;
    assert_eq!(now["need"]["status"], "met");
    p.bank
        .post(
            "/api/v1/donations/payments",
            json!({"reference": paid["payment_reference"], "amount_rupiah": 200_000}),
        )
        .await;
    async fn look(app: &TestApp) -> Result<(usize, usize), tepat::donations::error::DonationError> {
        let now = tepat::clock::Clock::now(&app.clock);
        tepat::donations::watch::chase_and_release(&app.db, now).await
    }
    assert_eq!(look(&app).await.unwrap(), (0, 0), "not due yet");
    app.clock.advance(Duration::days(8));
    assert_eq!(look(&app).await.unwrap(), (1, 0), "reminded once");
    assert_eq!(look(&app).await.unwrap(), (0, 0), "and only once");
    let (address, link): (String, String) = sqlx::query_as(
        "SELECT address, link FROM notifications WHERE kind = 'donation.pledge_due'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(address, "donatur@contoh.id");
    assert_eq!(link, format!("/donasi/saya/{}", unpaid["id"]));
    app.clock.advance(Duration::days(3));
    assert_eq!(
        look(&app).await.unwrap(),
        (0, 1),
        "released after the grace"
    );
    let (_, mine) = p.donor.get("/api/v1/pledges").await;
    let statuses: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["paid", "released"]);
    let (_, now) = p.donor.get(&format!("/api/v1/needs/{id}")).await;
    assert_eq!(
        (
            now["need"]["status"].as_str(),
            now["need"]["open_rupiah"].as_i64()
        ),
        (Some("open"), Some(400_000))
    );
    ledger_holds(&app).await;
}

#[tokio::test]
async fn suggestions_go_nearest_first_and_met_needs_are_left_out() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let near = household(&app, KLENDER, "Sri Wahyuni", 41).await;
    let next = household(&app, PONDOK_BAMBU, "Budi Santoso", 42).await;
    let pb = official(&app, "operator.pb", "village_operator", Some(PONDOK_BAMBU))
        .await
        .1;
    let (_, far) = pb
        .post("/api/v1/needs", money_need(&app, next, 100_000))
        .await;
    let mut food = money_need(&app, near, 100_000);
    food["category"] = json!("food");
    let (_, close) = p.facilitator.post("/api/v1/needs", food).await;
    let (_, close_school) = p
        .facilitator
        .post("/api/v1/needs", money_need(&app, near, 50_000))
        .await;
    p.donor
        .post(
            &format!("/api/v1/needs/{}/pledges", close_school["id"]),
            json!({"amount_rupiah": 50_000, "channel": "transfer"}),
        )
        .await;
    let (status, list) = p
        .donor
        .get("/api/v1/needs/suggestions?region=31.75.07.1003&categories=education")
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        ids,
        [close["id"].as_i64().unwrap(), far["id"].as_i64().unwrap()],
        "met is left out"
    );
    let (status, _) = p.bank.get("/api/v1/needs/suggestions?region=31").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_household_posted_far_more_often_than_its_neighbours_is_flagged() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let favoured = household(&app, KLENDER, "Sri Wahyuni", 51).await;
    for serial in 52..55 {
        let other = household(&app, KLENDER, "Budi Santoso", serial).await;
        p.facilitator
            .post("/api/v1/needs", money_need(&app, other, 100_000))
            .await;
    }
    for _ in 0..3 {
        p.facilitator
            .post("/api/v1/needs", money_need(&app, favoured, 100_000))
            .await;
    }
    let (_, flags) = p.district.get("/api/v1/donations/flags").await;
    assert!(
        flags.as_array().unwrap().is_empty(),
        "three times the median is not more: {flags}"
    );
    p.operator
        .post("/api/v1/needs", money_need(&app, favoured, 100_000))
        .await;
    let (status, flags) = p.district.get("/api/v1/donations/flags").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(flags[0]["household_id"], favoured, "{flags}");
    assert_eq!(
        (
            flags[0]["needs"].as_i64(),
            flags[0]["village_median"].as_i64()
        ),
        (Some(4), Some(1))
    );
    assert_eq!(
        p.facilitator.get("/api/v1/donations/flags").await.0,
        StatusCode::FORBIDDEN
    );
    app.login("dinsos.jaktim").await;
    assert!(
        app.text("/donasi/tanda")
            .await
            .contains(&format!("/keluarga/{favoured}"))
    );
}

/// A money need of 900,000 due in two days, pledged twice: 300,000 unpaid and 200,000
/// paid by the bank. Returns (need id, unpaid pledge, paid pledge).
async fn pledged_twice(app: &TestApp, p: &People<'_>) -> (i64, Value, Value) {
    let home = household(app, KLENDER, "Sri Wahyuni", 41).await;
    let mut body = money_need(app, home, 900_000);
    body["deadline"] = json!(deadline(app, 2));
    let (_, need) = p.facilitator.post("/api/v1/needs", body).await;
    let id = need["id"].as_i64().unwrap();
    let pledges = format!("/api/v1/needs/{id}/pledges");
    let (_, unpaid) = p
        .donor
        .post(
            &pledges,
            json!({"amount_rupiah": 300_000, "channel": "transfer"}),
        )
        .await;
    let (_, paid) = p
        .donor
        .post(
            &pledges,
            json!({"amount_rupiah": 200_000, "channel": "transfer"}),
        )
        .await;
    p.bank
        .post(
            "/api/v1/donations/payments",
            json!({"reference": paid["payment_reference"], "amount_rupiah": 200_000}),
        )
        .await;
    (id, unpaid, paid)
}

#[tokio::test]
async fn a_need_past_its_deadline_expires_its_unpaid_pledges_released_and_paid_money_kept() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let (id, unpaid, paid) = pledged_twice(&app, &p).await;
    let pledges = format!("/api/v1/needs/{id}/pledges");
    let expire = || async {
        let now = tepat::clock::Clock::now(&app.clock);
        tepat::donations::expiry::expire_past_deadline(&app.db, now)
            .await
            .unwrap()
    };
    app.clock.advance(Duration::days(2));
    assert_eq!(expire().await, 0, "the deadline's own day still counts");
    app.clock.advance(Duration::days(1));
    assert_eq!(expire().await, 1);
    assert_eq!(expire().await, 0, "once");
    let (_, now) = p.donor.get(&format!("/api/v1/needs/{id}")).await;
    assert_eq!(now["need"]["status"], "expired");
    let (_, mine) = p.donor.get("/api/v1/pledges").await;
    let status_of = |pledge: &Value| {
        mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == pledge["id"])
            .map(|i| i["status"].as_str().unwrap().to_owned())
    };
    assert_eq!(status_of(&unpaid).as_deref(), Some("released"));
    assert_eq!(
        status_of(&paid).as_deref(),
        Some("paid"),
        "paid money is kept"
    );
    let listed: Value = app
        .get("/api/v1/public/needs?region=31.75.07")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["id"] != id),
        "gone from the public list"
    );
    let (status, refused) = p
        .donor
        .post(
            &pledges,
            json!({"amount_rupiah": 1_000, "channel": "transfer"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    let events: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM events WHERE action = 'donation.need_expired' AND subject_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(events, 1);
    ledger_holds(&app).await;
}
