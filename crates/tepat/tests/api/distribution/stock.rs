//! Goods bought for a hand-out on a real server: a supplier registered and paid from an
//! approved cycle's envelope, delivery notes with photos received into the stock, each
//! check-in taking a household's share out of it (refused, with nothing written, when the
//! stock falls short), what is left counted at closing with the shortfall flagged and
//! decided — the units balancing and the ledger clean throughout.

use base64::Engine;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{KLENDER, code_of, four_households};
use crate::common::TestApp;
use crate::cycles::approved_cycle;
use crate::enrolment::{Api, refusal};
use crate::vouchers::ledger_clean;

/// A small whole JPEG standing for the photo of the goods and the delivery note.
const PHOTO: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF,
    0xDA, 0, 2, 1, 2, 3, 0xFF, 0xD9,
];

fn photo() -> String {
    base64::engine::general_purpose::STANDARD.encode(PHOTO)
}

fn rule(problem: &Value) -> String {
    let (field, rule) = refusal(problem);
    format!("{field}/{rule}")
}

fn supplier(name: &str, region: &str) -> Value {
    json!({"name": name, "owner": "Hendra Wijaya", "phone": "+6281298765432",
           "region": region, "bank_bic": "BRINIDJA", "account_number": "0987654321",
           "account_name": name})
}

fn goods() -> Value {
    json!({"items": [
        {"item": "beras", "name": "Beras", "unit": "karung 10 kg", "per_household": 1,
         "unit_price": 120000},
        {"item": "selimut", "name": "Selimut", "unit": "lembar", "per_household": 2,
         "unit_price": 50000}
    ]})
}

/// A Sembako hand-out of the four households in Klender, by the cycle's district officer.
async fn hand_out(app: &TestApp, district: &Api<'_>) -> (i64, Vec<i64>) {
    let households = four_households(app).await;
    let mut body = super::hand_out(&households, 2);
    body["programme"] = json!("SEMBAKO");
    let (status, created) = district.post("/api/v1/distributions", body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    (created["event"]["id"].as_i64().unwrap(), households)
}

async fn deliver(api: &Api<'_>, purchase: i64, note: &str, quantity: i64) -> (StatusCode, Value) {
    let path = format!("/api/v1/distributions/purchases/{purchase}/deliveries");
    api.post(
        &path,
        json!({"note_number": note, "quantity": quantity, "photo_base64": photo()}),
    )
    .await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

fn item<'a>(stock: &'a Value, code: &str) -> &'a Value {
    stock["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == code)
        .unwrap()
}

/// Registers a supplier, sets the goods and buys them: (hand-out, households, supplier,
/// purchases of beras and selimut).
async fn bought(app: &TestApp, district: &Api<'_>, cycle: i64) -> (i64, Vec<i64>, [i64; 2]) {
    let (id, households) = hand_out(app, district).await;
    let (status, registered) = district
        .post("/api/v1/suppliers", supplier("CV Sumber Rejeki", "31.75"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{registered}");
    let supplier = registered["id"].as_i64().unwrap();
    let (status, stock) = district
        .put(&format!("/api/v1/distributions/{id}/goods"), goods())
        .await;
    assert_eq!(status, StatusCode::OK, "{stock}");
    let path = format!("/api/v1/distributions/{id}/purchases");
    let mut purchases = [0; 2];
    for (n, (code, quantity)) in [("beras", 4), ("selimut", 6)].into_iter().enumerate() {
        let body =
            json!({"supplier": supplier, "cycle": cycle, "item": code, "quantity": quantity});
        let (status, done) = district.post(&path, body).await;
        assert_eq!(status, StatusCode::CREATED, "{done}");
        purchases[n] = done["id"].as_i64().unwrap();
    }
    (id, households, purchases)
}

/// Goods bought and received in three delivery notes, three households checked in: (the
/// hand-out, the fourth household still to come).
async fn handed_out_to_three(app: &TestApp, district: &Api<'_>, cycle: i64) -> (i64, i64) {
    let (id, households, [beras, selimut]) = bought(app, district, cycle).await;
    let (status, done) = deliver(district, beras, "SJ-001", 4).await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    assert_eq!(
        deliver(district, selimut, "SJ-002", 4).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        deliver(district, selimut, "SJ-003", 2).await.0,
        StatusCode::CREATED
    );
    let desk = format!("/api/v1/distributions/{id}/check-ins");
    for household in &households[..3] {
        let code = code_of(app, id, *household).await;
        let (status, done) = district.post(&desk, json!({"code": code})).await;
        assert_eq!(status, StatusCode::CREATED, "{done}");
    }
    (id, households[3])
}

#[tokio::test]
async fn each_check_in_takes_a_share_from_the_stock_and_none_is_handed_out_past_it() {
    let app = TestApp::spawn().await;
    let (cycle, district, _) = approved_cycle(&app).await;
    let (id, fourth) = handed_out_to_three(&app, &district, cycle).await;
    // The fourth household finds the blankets gone.
    let desk = format!("/api/v1/distributions/{id}/check-ins");
    let moves = "SELECT COUNT(*) FROM distribution_stock_moves";
    let before = count(&app, moves).await;
    let last = code_of(&app, id, fourth).await;
    let (status, refused) = district.post(&desk, json!({"code": last})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(rule(&refused), "stock/enough");
    assert!(refused.to_string().contains("Selimut"), "{refused}");
    assert_eq!(count(&app, moves).await, before, "nothing half-written");
    let status_sql = format!(
        "SELECT COUNT(*) FROM distribution_invitations WHERE event_id = {id} AND status = 'invited'"
    );
    assert_eq!(count(&app, &status_sql).await, 1);

    let (status, stock) = district
        .get(&format!("/api/v1/distributions/{id}/stock"))
        .await;
    assert_eq!(status, StatusCode::OK, "{stock}");
    let rice = item(&stock, "beras");
    assert_eq!(
        (
            rice["ordered"].as_i64(),
            rice["received"].as_i64(),
            rice["handed_out"].as_i64()
        ),
        (Some(4), Some(4), Some(3))
    );
    assert_eq!(rice["left"], 1);
    assert_eq!(rice["needed"], 1, "one household still to come");
    assert_eq!(item(&stock, "selimut")["left"], 0);
    assert_eq!(stock["left_rupiah"], 120_000);
    assert_eq!(stock["ledger_rupiah"], stock["left_rupiah"]);
    assert_eq!(stock["deliveries"].as_array().unwrap().len(), 3);
    ledger_clean(&app).await;
}

#[tokio::test]
async fn what_is_left_is_counted_at_closing_and_a_shortfall_is_flagged_and_decided_once() {
    let app = TestApp::spawn().await;
    let (cycle, district, _) = approved_cycle(&app).await;
    let (id, _) = handed_out_to_three(&app, &district, cycle).await;
    // The bag of rice on record is not there.
    let close = format!("/api/v1/distributions/{id}/close");
    let (status, missing) = district
        .post(&close, json!({"remaining": {"beras": 0}}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{missing}");
    assert_eq!(rule(&missing), "remaining/required");
    let (status, over) = district
        .post(&close, json!({"remaining": {"beras": 2, "selimut": 0}}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{over}");
    assert_eq!(rule(&over), "remaining/range");
    let (status, closed) = district
        .post(&close, json!({"remaining": {"beras": 0, "selimut": 0}}))
        .await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert_eq!(closed["status"], "closed");

    let (_, stock) = district
        .get(&format!("/api/v1/distributions/{id}/stock"))
        .await;
    let rice = item(&stock, "beras");
    assert_eq!(
        (rice["short"].as_i64(), rice["left"].as_i64()),
        (Some(1), Some(0))
    );
    assert_eq!(stock["ledger_rupiah"], 0);
    let flag = &stock["shortfalls"][0];
    assert_eq!(
        (
            flag["item"].as_str(),
            flag["missing"].as_i64(),
            flag["value"].as_i64()
        ),
        (Some("beras"), Some(1), Some(120_000))
    );
    assert_eq!(flag["status"], "open");
    let decide = format!("/api/v1/distributions/shortfalls/{}/decision", flag["id"]);
    let (status, bad) = district
        .post(&decide, json!({"decision": "maybe", "note": "?"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rule(&bad), "decision/one_of");
    let village = Api::new(&app, "village_operator", Some(KLENDER)).await;
    let body = json!({"decision": "upheld", "note": "Satu karung hilang dari gudang"});
    assert_eq!(
        village.post(&decide, body.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, decided) = district.post(&decide, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["status"], "upheld");
    let (status, again) = district.post(&decide, body).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(rule(&again), "status/open");

    books_balance(&app).await;
}

#[tokio::test]
async fn bad_suppliers_and_goods_lists_are_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let (cycle, district, _) = approved_cycle(&app).await;
    let (status, bad) = district
        .post("/api/v1/suppliers", supplier("CV Uji", KLENDER))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rule(&bad), "region/regency");
    let (status, outside) = district
        .post("/api/v1/suppliers", supplier("CV Uji", "31.71"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rule(&outside), "region/in_scope");

    let (id, _, _) = bought(&app, &district, cycle).await;
    let (status, twice) = district
        .post("/api/v1/suppliers", supplier("CV Sumber Rejeki", "31.75"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(rule(&twice), "name/taken");

    let goods_path = format!("/api/v1/distributions/{id}/goods");
    let (status, locked) = district.put(&goods_path, goods()).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(rule(&locked), "items/purchased");
}

#[tokio::test]
async fn bad_purchases_and_delivery_notes_are_refused_with_nothing_written() {
    let app = TestApp::spawn().await;
    let (cycle, district, _) = approved_cycle(&app).await;
    let (id, _, [beras, _]) = bought(&app, &district, cycle).await;
    let purchases = format!("/api/v1/distributions/{id}/purchases");
    refused_purchases(&app, &district, (&purchases, cycle)).await;

    let (status, over) = deliver(&district, beras, "SJ-001", 5).await;
    assert_eq!(status, StatusCode::CONFLICT, "{over}");
    assert_eq!(rule(&over), "quantity/ordered");
    let path = format!("/api/v1/distributions/purchases/{beras}/deliveries");
    let (status, no_photo) = district
        .post(
            &path,
            json!({"note_number": "SJ-001", "quantity": 1, "photo_base64": ""}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rule(&no_photo), "photo/required");
    let not_a_picture = base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.4");
    let (status, pdf) = district
        .post(
            &path,
            json!({"note_number": "SJ-001", "quantity": 1, "photo_base64": not_a_picture}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rule(&pdf), "photo/image");
    assert_eq!(
        deliver(&district, beras, "SJ-001", 2).await.0,
        StatusCode::CREATED
    );
    let (status, again) = deliver(&district, beras, "SJ-001", 1).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(rule(&again), "note_number/taken");
    let received = format!("SELECT received FROM distribution_purchases WHERE id = {beras}");
    assert_eq!(
        count(&app, &received).await,
        2,
        "only the note received counts"
    );
    ledger_clean(&app).await;
}

#[tokio::test]
async fn a_purchase_is_paid_once_for_one_key_and_its_bank_file_is_valid() {
    let app = TestApp::spawn().await;
    let (cycle, district, _) = approved_cycle(&app).await;
    let (id, _, [beras, _]) = bought(&app, &district, cycle).await;
    let supplier_id: i64 = count(&app, "SELECT MIN(id) FROM suppliers").await;
    let path = format!("/api/v1/distributions/{id}/purchases");
    let body = json!({"supplier": supplier_id, "cycle": cycle, "item": "beras", "quantity": 2});
    let (first, one) = district
        .post_keyed(&path, body.clone(), "beli-beras-2")
        .await;
    let (second, two) = district.post_keyed(&path, body, "beli-beras-2").await;
    assert_eq!((first, second), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(one["id"], two["id"], "the retry answers the first purchase");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM distribution_purchases").await,
        3
    );

    let response = app
        .client
        .get(app.url(&format!("/api/v1/distributions/purchases/{beras}/pain001")))
        .bearer_auth(&district.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let xml = response.text().await.unwrap();
    crate::payments::assert_valid(&xml, "pain.001.001.09.xsd");
    assert!(xml.contains("<MsgId>TEPAT-BARANG-"), "{xml}");
    assert!(
        xml.contains("0987654321") && xml.contains("<InstdAmt Ccy=\"IDR\">480000"),
        "{xml}"
    );
    ledger_clean(&app).await;
}

/// The ledger is clean, the supplier delivered all it was paid for, and each step is one
/// event in the trail.
async fn books_balance(app: &TestApp) {
    ledger_clean(app).await;
    let supplier: (i64, i64) = sqlx::query_as(
        "SELECT credits_posted, debits_posted FROM ledger_accounts WHERE kind = 'supplier'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(supplier, (780_000, 780_000), "paid for and delivered alike");
    for (action, times) in [
        ("supplier.registered", 1),
        ("distribution.goods_set", 1),
        ("distribution.goods_purchased", 2),
        ("distribution.goods_received", 3),
        ("distribution.checked_in", 3),
        ("distribution.shortfall_decided", 1),
    ] {
        let sql = format!("SELECT COUNT(*) FROM events WHERE action = '{action}'");
        assert_eq!(count(app, &sql).await, times, "{action}");
    }
}

/// Each bad purchase is refused naming its field, and nothing is bought or paid.
async fn refused_purchases(app: &TestApp, district: &Api<'_>, (purchases, cycle): (&str, i64)) {
    let supplier_id: i64 = count(app, "SELECT MIN(id) FROM suppliers").await;
    let before = count(app, "SELECT COUNT(*) FROM ledger_transfers").await;
    for (body, status, named) in [
        (
            json!({"supplier": supplier_id, "cycle": cycle, "item": "minyak", "quantity": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "item/unknown",
        ),
        (
            json!({"supplier": supplier_id, "cycle": cycle, "item": "beras", "quantity": 0}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "quantity/range",
        ),
        (
            json!({"supplier": supplier_id + 99, "cycle": cycle, "item": "beras", "quantity": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "supplier/in_scope",
        ),
        (
            json!({"supplier": supplier_id, "cycle": cycle + 99, "item": "beras", "quantity": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "cycle/programme",
        ),
        (
            json!({"supplier": supplier_id, "cycle": cycle, "item": "beras", "quantity": 1_000_000}),
            StatusCode::CONFLICT,
            "cycle/envelope",
        ),
    ] {
        let (got, problem) = district.post(purchases, body).await;
        assert_eq!((got, rule(&problem).as_str()), (status, named), "{problem}");
    }
    assert_eq!(
        count(app, "SELECT COUNT(*) FROM distribution_purchases").await,
        2
    );
    assert_eq!(
        count(app, "SELECT COUNT(*) FROM ledger_transfers").await,
        before
    );
}

#[tokio::test]
async fn a_long_note_number_and_goods_work_on_a_closed_hand_out_are_refused() {
    let app = TestApp::spawn().await;
    let (cycle, district, _) = approved_cycle(&app).await;
    let (id, _, [beras, _]) = bought(&app, &district, cycle).await;
    let (status, long) = deliver(&district, beras, &"S".repeat(51), 1).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{long}");
    assert_eq!(rule(&long), "note_number/length");
    let close = format!("/api/v1/distributions/{id}/close");
    let (status, closed) = district
        .post(&close, json!({"remaining": {"beras": 0, "selimut": 0}}))
        .await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    let (status, goods_closed) = district
        .put(&format!("/api/v1/distributions/{id}/goods"), goods())
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(rule(&goods_closed), "status/scheduled");
    let supplier: i64 = count(&app, "SELECT MIN(id) FROM suppliers").await;
    let body = json!({"supplier": supplier, "cycle": cycle, "item": "beras", "quantity": 1});
    let (status, bought_closed) = district
        .post(&format!("/api/v1/distributions/{id}/purchases"), body)
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(rule(&bought_closed), "status/scheduled");
    let (status, received_closed) = deliver(&district, beras, "SJ-009", 1).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(rule(&received_closed), "status/scheduled");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM distribution_deliveries").await,
        0
    );
}
