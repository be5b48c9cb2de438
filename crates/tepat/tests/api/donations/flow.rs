//! The whole flow: a need with consent, money pledged and paid by reference, goods pledged
//! and handed in, the household's confirmation with a photo, the donor's history with the
//! log's proof, and the ledger in balance at each step.

use reqwest::StatusCode;
use serde_json::json;

use super::*;

#[tokio::test]
async fn a_need_is_pledged_paid_confirmed_and_proven_to_the_donor() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let home = household(&app, KLENDER, "Sri Wahyuni", 1).await;
    let (status, need) = p
        .facilitator
        .post("/api/v1/needs", money_need(&app, home, 1_500_000))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{need}");
    let id = need["id"].as_i64().unwrap();
    assert_eq!(need["masked_name"], "S*I W*****I");
    assert_eq!(
        (need["status"].as_str(), need["open_rupiah"].as_i64()),
        (Some("open"), Some(1_500_000))
    );
    assert!(
        need.get("household_id").is_none(),
        "the public never sees the household"
    );

    let listed: Value = app
        .get("/api/v1/public/needs?region=31.75.07")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"][0]["id"], id);
    let page = app.text("/donasi").await;
    assert!(
        page.contains("S*I W*****I") && !page.contains("Wahyuni"),
        "masked only"
    );
    let (first, second) = pledge_and_pay(&app, &p, id).await;
    confirm_both(&app, &p, id, home, [&first, &second]).await;
    the_donor_sees_the_proof(&app, &p, id, &first).await;
}

/// A money pledge paid by its reference (in lower case, as a bank may send it), then a
/// second, named one that meets the need, paid too.
async fn pledge_and_pay(app: &TestApp, p: &People<'_>, id: i64) -> (Value, Value) {
    let (status, first) = p
        .donor
        .post(
            &format!("/api/v1/needs/{id}/pledges"),
            json!({"amount_rupiah": 1_000_000, "channel": "transfer"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["status"], "pledged");
    ledger_holds(app).await;
    let (_, need_now) = p.donor.get(&format!("/api/v1/needs/{id}")).await;
    assert_eq!(need_now["need"]["open_rupiah"], 500_000);

    let reference = first["payment_reference"].as_str().unwrap().to_lowercase();
    let (status, paid) = p
        .bank
        .post(
            "/api/v1/donations/payments",
            json!({"reference": reference, "amount_rupiah": 1_000_000}),
        )
        .await;
    assert_eq!(
        (status, paid["status"].as_str()),
        (StatusCode::OK, Some("paid")),
        "{paid}"
    );
    ledger_holds(app).await;

    let (_, second) = p
        .donor
        .post(
            &format!("/api/v1/needs/{id}/pledges"),
            json!({"amount_rupiah": 500_000, "channel": "transfer", "named": true}),
        )
        .await;
    let (_, need_now) = p.donor.get(&format!("/api/v1/needs/{id}")).await;
    assert_eq!(need_now["need"]["status"], "met", "fully pledged");
    let (status, _) = p
        .bank
        .post(
            "/api/v1/donations/payments",
            json!({"reference": second["payment_reference"], "amount_rupiah": 500_000}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(balance(app, &format!("need:{id}")).await, (1_500_000, 0));
    (first, second)
}

/// The facilitator confirms both pledges with a photo; the need is fulfilled and the money
/// handed over to the household in the ledger.
async fn confirm_both(app: &TestApp, p: &People<'_>, id: i64, home: i64, pledges: [&Value; 2]) {
    for pledge in pledges {
        let (status, confirmed) = p
            .facilitator
            .post(
                &format!("/api/v1/pledges/{}/confirm", pledge["id"]),
                json!({"photo_base64": photo_base64(), "note": "Uang diterima ibu"}),
            )
            .await;
        assert_eq!(
            (status, confirmed["status"].as_str()),
            (StatusCode::OK, Some("confirmed"))
        );
        ledger_holds(app).await;
    }
    let (_, need_now) = p.donor.get(&format!("/api/v1/needs/{id}")).await;
    assert_eq!(need_now["need"]["status"], "fulfilled");
    assert_eq!(
        balance(app, &format!("need:{id}")).await,
        (1_500_000, 1_500_000)
    );
    assert_eq!(
        balance(app, &format!("donated:{home}")).await,
        (1_500_000, 0)
    );
    let donors: Vec<Value> = need_now["pledges"].as_array().unwrap().clone();
    assert_eq!(donors[0]["donor"], Value::Null, "anonymous unless chosen");
    assert_eq!(donors[1]["donor"], "Petugas donatur.uji");
}

/// The public totals, the donor's history with the log's proof, the photo and the named
/// donor on the need's page.
async fn the_donor_sees_the_proof(app: &TestApp, p: &People<'_>, id: i64, first: &Value) {
    let totals: Value = app
        .get("/api/v1/public/donations/totals")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(totals[0]["region_code"], "31.75.07");
    assert_eq!(
        (
            totals[0]["needs"].as_i64(),
            totals[0]["confirmed_rupiah"].as_i64()
        ),
        (Some(1), Some(1_500_000))
    );
    assert!(
        !totals.to_string().contains("donatur"),
        "no donor in the totals"
    );
    let (_, mine) = p.donor.get("/api/v1/pledges").await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 2);
    let (_, detail) = p
        .donor
        .get(&format!("/api/v1/pledges/{}", first["id"]))
        .await;
    let actions: Vec<&str> = detail["proofs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["donation.pledged", "donation.paid", "donation.confirmed"]
    );
    let (status, _) = p
        .bank
        .get(&format!("/api/v1/pledges/{}", first["id"]))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only donors have pledges");

    app.login("donatur.uji").await;
    let page = app.text(&format!("/donasi/saya/{}", first["id"])).await;
    assert!(page.contains("Keluarga mengonfirmasi penerimaan"), "{page}");
    assert!(page.contains("/donasi/janji/"), "the photo is linked");
    let photo = app
        .get(&format!("/donasi/janji/{}/foto", first["id"]))
        .await;
    assert_eq!(photo.status(), StatusCode::OK);
    let bytes = photo.bytes().await.unwrap();
    assert!(
        !bytes.windows(3).any(|w| w == b"GPS"),
        "the photo's metadata is gone"
    );
    let public = app.text(&format!("/donasi/{id}")).await;
    assert!(public.contains("Petugas donatur.uji") && public.contains("Donatur tanpa nama"));
}

#[tokio::test]
async fn goods_are_pledged_handed_in_at_the_village_office_and_confirmed() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let home = household(&app, KLENDER, "Ahmad Yani", 2).await;
    let (status, need) = p
        .operator
        .post("/api/v1/needs", goods_need(&app, home))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{need}");
    let id = need["id"].as_i64().unwrap();
    let (status, pledge) = p
        .donor
        .post(
            &format!("/api/v1/needs/{id}/pledges"),
            json!({"quantity": 4, "channel": "village_office"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{pledge}");
    assert_eq!(
        pledge["amount_rupiah"], 200_000,
        "four of ten parcels worth 500,000"
    );
    let early = p
        .facilitator
        .post(
            &format!("/api/v1/pledges/{}/confirm", pledge["id"]),
            json!({"photo_base64": photo_base64()}),
        )
        .await;
    assert_eq!(rule_of(&early.1), ("pledge".into(), "not-received".into()));
    let (status, delivered) = p
        .operator
        .post(
            &format!("/api/v1/pledges/{}/deliver", pledge["id"]),
            json!({}),
        )
        .await;
    assert_eq!(
        (status, delivered["status"].as_str()),
        (StatusCode::OK, Some("delivered"))
    );
    let (status, _) = p
        .facilitator
        .post(
            &format!("/api/v1/pledges/{}/confirm", pledge["id"]),
            json!({"photo_base64": photo_base64()}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(balance(&app, "donor:in_kind").await, (0, 200_000));
    assert_eq!(
        balance(&app, &format!("donated:{home}")).await,
        (200_000, 0)
    );
    let (_, now) = p.donor.get(&format!("/api/v1/needs/{id}")).await;
    assert_eq!(
        (
            now["need"]["pledged_quantity"].as_i64(),
            now["need"]["status"].as_str()
        ),
        (Some(4), Some("open"))
    );
    ledger_holds(&app).await;
}

#[tokio::test]
async fn withdrawing_consent_closes_the_need_and_releases_unpaid_pledges() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let home = household(&app, KLENDER, "Dewi Lestari", 3).await;
    let (_, need) = p
        .facilitator
        .post("/api/v1/needs", money_need(&app, home, 800_000))
        .await;
    let id = need["id"].as_i64().unwrap();
    let (_, pledge) = p
        .donor
        .post(
            &format!("/api/v1/needs/{id}/pledges"),
            json!({"amount_rupiah": 300_000, "channel": "transfer"}),
        )
        .await;
    let (status, withdrawn) = p
        .facilitator
        .post(
            &format!("/api/v1/needs/{id}/withdraw"),
            json!({"method": "witnessed_verbal", "note": "Keluarga pindah ke rumah saudara"}),
        )
        .await;
    assert_eq!(
        (status, withdrawn["status"].as_str()),
        (StatusCode::OK, Some("withdrawn")),
        "{withdrawn}"
    );
    let (_, mine) = p
        .donor
        .get(&format!("/api/v1/pledges/{}", pledge["id"]))
        .await;
    assert_eq!(mine["pledge"]["status"], "released");
    assert_eq!(
        app.get(&format!("/api/v1/needs/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let listed: Value = app.get("/api/v1/public/needs").await.json().await.unwrap();
    assert!(listed["items"].as_array().unwrap().is_empty(), "{listed}");
    let late = p
        .bank
        .post(
            "/api/v1/donations/payments",
            json!({"reference": pledge["payment_reference"], "amount_rupiah": 300_000}),
        )
        .await;
    assert_eq!(
        (late.0, rule_of(&late.1).1.as_str()),
        (StatusCode::CONFLICT, "not-awaiting-payment")
    );
    let events: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM events WHERE action IN \
        ('donation.consent_withdrawn', 'donation.released')",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(events, 2);
    ledger_holds(&app).await;
}
