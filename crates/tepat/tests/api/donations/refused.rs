//! Bad input, each refused with its own field and rule and nothing changed: a need for an
//! unverified household or without consent, a pledge larger than the need, a confirmation
//! by someone other than the household's facilitator, money without a matching reference;
//! and the region scope.

use reqwest::StatusCode;
use serde_json::json;

use super::*;

/// Sends `post` and checks it was refused with `status`, `field` and `rule`, and that no
/// row, transfer or event was written.
async fn refused(
    app: &TestApp,
    (status, problem): (StatusCode, Value),
    want: StatusCode,
    field: &str,
    rule: &str,
    before: &[i64],
) {
    assert_eq!(status, want, "{problem}");
    assert_eq!(
        rule_of(&problem),
        (field.to_owned(), rule.to_owned()),
        "{problem}"
    );
    assert_eq!(footprint(app).await, before, "nothing changed");
}

#[tokio::test]
async fn bad_needs_are_refused_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let home = household(&app, KLENDER, "Sri Wahyuni", 11).await;
    let before = footprint(&app).await;
    let mut no_consent = money_need(&app, home, 500_000);
    no_consent.as_object_mut().unwrap().remove("consent");
    let sent = p.facilitator.post("/api/v1/needs", no_consent).await;
    refused(
        &app,
        sent,
        StatusCode::UNPROCESSABLE_ENTITY,
        "consent",
        "required",
        &before,
    )
    .await;
    sqlx::query("UPDATE households SET status = 'closed' WHERE id = $1")
        .bind(home)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let sent = p
        .facilitator
        .post("/api/v1/needs", money_need(&app, home, 500_000))
        .await;
    refused(
        &app,
        sent,
        StatusCode::UNPROCESSABLE_ENTITY,
        "household_id",
        "not-verified",
        &before,
    )
    .await;
    let elsewhere = household(&app, PONDOK_BAMBU, "Budi Santoso", 12).await;
    let before = footprint(&app).await;
    let sent = p
        .operator
        .post("/api/v1/needs", money_need(&app, elsewhere, 500_000))
        .await;
    assert_eq!(
        sent.0,
        StatusCode::NOT_FOUND,
        "another village's household: {}",
        sent.1
    );
    assert_eq!(footprint(&app).await, before);
    let sent = p
        .donor
        .post("/api/v1/needs", money_need(&app, elsewhere, 500_000))
        .await;
    assert_eq!(sent.0, StatusCode::FORBIDDEN, "donors post no needs");
}

#[tokio::test]
async fn bad_pledges_payments_and_confirmations_are_refused_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let home = household(&app, KLENDER, "Sri Wahyuni", 21).await;
    let (_, need) = p
        .facilitator
        .post("/api/v1/needs", money_need(&app, home, 500_000))
        .await;
    let id = need["id"].as_i64().unwrap();
    let pledges = format!("/api/v1/needs/{id}/pledges");
    let before = footprint(&app).await;
    let sent = p
        .donor
        .post(
            &pledges,
            json!({"amount_rupiah": 500_001, "channel": "transfer"}),
        )
        .await;
    refused(
        &app,
        sent,
        StatusCode::UNPROCESSABLE_ENTITY,
        "amount_rupiah",
        "exceeds-need",
        &before,
    )
    .await;
    let sent = p
        .donor
        .post(
            &pledges,
            json!({"amount_rupiah": 1_000, "channel": "village_office"}),
        )
        .await;
    refused(
        &app,
        sent,
        StatusCode::UNPROCESSABLE_ENTITY,
        "channel",
        "non-cash",
        &before,
    )
    .await;

    refused_payments(&app, &p, id).await;
}

/// Payments with no matching reference, over the pledge, or reported by the donor; then
/// the confirmations.
async fn refused_payments(app: &TestApp, p: &People<'_>, id: i64) {
    let pledges = format!("/api/v1/needs/{id}/pledges");
    let (_, pledge) = p
        .donor
        .post(
            &pledges,
            json!({"amount_rupiah": 200_000, "channel": "transfer"}),
        )
        .await;
    let reference = pledge["payment_reference"].as_str().unwrap().to_owned();
    let before = footprint(app).await;
    let sent = p
        .bank
        .post(
            "/api/v1/donations/payments",
            json!({"reference": "DON-NOTHING22", "amount_rupiah": 200_000}),
        )
        .await;
    refused(
        app,
        sent,
        StatusCode::UNPROCESSABLE_ENTITY,
        "reference",
        "unknown",
        &before,
    )
    .await;
    let sent = p
        .bank
        .post(
            "/api/v1/donations/payments",
            json!({"reference": reference, "amount_rupiah": 200_001}),
        )
        .await;
    refused(
        app,
        sent,
        StatusCode::UNPROCESSABLE_ENTITY,
        "amount_rupiah",
        "exceeds-pledge",
        &before,
    )
    .await;
    let sent = p
        .donor
        .post(
            "/api/v1/donations/payments",
            json!({"reference": reference, "amount_rupiah": 200_000}),
        )
        .await;
    assert_eq!(
        sent.0,
        StatusCode::FORBIDDEN,
        "a donor cannot report its own payment"
    );

    let (status, _) = p
        .bank
        .post(
            "/api/v1/donations/payments",
            json!({"reference": reference, "amount_rupiah": 200_000}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    refused_confirmations(app, p, &pledge, id).await;
}

/// A paid pledge confirmed by the village operator, with no photo, by the donor, by a
/// facilitator elsewhere; a withdrawal by another village's operator.
async fn refused_confirmations(app: &TestApp, p: &People<'_>, pledge: &Value, id: i64) {
    let confirm = format!("/api/v1/pledges/{}/confirm", pledge["id"]);
    let stranger = official(app, "pendamping.bandung", "facilitator", Some("32.73.01"))
        .await
        .1;
    let other = official(app, "operator.pb", "village_operator", Some(PONDOK_BAMBU))
        .await
        .1;
    let before = footprint(app).await;
    let sent = p
        .operator
        .post(&confirm, json!({"photo_base64": photo_base64()}))
        .await;
    refused(
        app,
        sent,
        StatusCode::UNPROCESSABLE_ENTITY,
        "confirmed_by",
        "not-household-or-facilitator",
        &before,
    )
    .await;
    let sent = p
        .facilitator
        .post(&confirm, json!({"photo_base64": "bm90IGEgcGhvdG8="}))
        .await;
    refused(
        app,
        sent,
        StatusCode::UNPROCESSABLE_ENTITY,
        "photo",
        "format",
        &before,
    )
    .await;
    assert_eq!(
        p.donor
            .post(&confirm, json!({"photo_base64": photo_base64()}))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let sent = stranger
        .post(&confirm, json!({"photo_base64": photo_base64()}))
        .await;
    assert_eq!(
        sent.0,
        StatusCode::NOT_FOUND,
        "outside the facilitator's villages"
    );
    let sent = other
        .post(
            &format!("/api/v1/needs/{id}/withdraw"),
            json!({"method": "signed_form"}),
        )
        .await;
    assert_eq!(sent.0, StatusCode::NOT_FOUND, "another village's operator");
    assert_eq!(footprint(app).await, before);
    ledger_holds(app).await;
}
