//! Cek Bansos: anyone finds a recipient by village and name (masked, nothing personal) or
//! by NIK and birth date; bad input is named; lookups are limited per address and per NIK;
//! the index follows the registry; the SMS status check answers signed messages only.

mod limits;
mod sms;

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::TestApp;
use crate::objections::{identity, recipient};

pub const KLENDER: &str = "31.75.07.1003";

/// GET the API lookup with `query` from client address `from`: (status, body).
pub async fn lookup(app: &TestApp, query: &str, from: &str) -> (StatusCode, Value) {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/public/recipients?{query}")))
        .header("x-forwarded-for", from)
        .send()
        .await
        .expect("lookup");
    let status = response.status();
    (status, response.json().await.expect("json"))
}

/// Every run of `len` or more digits in `text`.
fn digit_runs(text: &str, len: usize) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() >= len)
        .map(str::to_owned)
        .collect()
}

/// The household's NIKs and KK number.
async fn numbers(app: &TestApp, household: i64) -> Vec<String> {
    let mut all: Vec<String> =
        sqlx::query_scalar("SELECT nik FROM persons WHERE household_id = $1")
            .bind(household)
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let kk: String = sqlx::query_scalar("SELECT kk_number FROM households WHERE id = $1")
        .bind(household)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    all.push(kk);
    all
}

#[tokio::test]
async fn a_recipient_is_found_by_village_and_name_masked_with_nothing_personal() {
    let app = TestApp::spawn().await;
    let (household, enrolment) = recipient(&app, 0).await;
    let (status, body) = lookup(&app, &format!("region={KLENDER}&name=agus"), "10.2.0.1").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let items = body["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{body}");
    let item = &items[0];
    assert_eq!(item["masked_name"], "A**S S***M");
    assert_eq!(item["region"]["code"], KLENDER);
    assert_eq!(item["region"]["name"], "Klender");
    assert_eq!(item["programmes"][0]["code"], "PKH");
    assert_eq!(item["programmes"][0]["status"], "active");
    assert_eq!(item["programmes"][0]["enrolment_id"], enrolment);
    assert!(item["updated"].as_str().is_some_and(|d| d.len() == 10));
    let text = body.to_string();
    for number in numbers(&app, household).await {
        assert!(!text.contains(&number), "{number} leaked: {text}");
    }
    assert!(
        digit_runs(&text, 8).is_empty(),
        "no NIK or KK digits: {text}"
    );
    // The words must begin the name's words, in order.
    let (_, body) = lookup(&app, &format!("region={KLENDER}&name=s.+agu"), "10.2.0.1").await;
    assert_eq!(body["items"].as_array().map(Vec::len), Some(0), "{body}");
    // A later word alone finds the name; the household's child shares it.
    let (_, body) = lookup(&app, &format!("region={KLENDER}&name=SALIM"), "10.2.0.1").await;
    let names: Vec<&str> = body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item["masked_name"].as_str())
        .collect();
    assert_eq!(names, ["A**S S***M", "R**A S***M"], "{body}");
    // The page: the masked name, the programme, a link to object and one to propose.
    let page = app
        .text(&format!("/cek?desa={KLENDER}&name=Agus+Sal"))
        .await;
    assert!(page.contains("A**S S***M"), "{page}");
    assert!(
        page.contains(&format!("/sanggah?peserta={enrolment}")),
        "{page}"
    );
    assert!(page.contains("href=\"/usul\""), "{page}");
    assert!(page.contains("Aktif"), "{page}");
    for number in numbers(&app, household).await {
        assert!(!page.contains(&number), "{number} leaked on the page");
    }
}

#[tokio::test]
async fn a_nik_with_its_birth_date_finds_the_person_and_a_wrong_date_finds_nothing() {
    let app = TestApp::spawn().await;
    let (household, _) = recipient(&app, 1).await;
    let (nik, born) = identity(&app, household).await;
    let (status, body) = lookup(&app, &format!("nik={nik}&birth_date={born}"), "10.3.0.1").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["items"][0]["masked_name"], "B*****G W****A");
    assert_eq!(body["items"][0]["programmes"][0]["code"], "PKH");
    assert!(!body.to_string().contains(&nik));
    let (status, wrong) = lookup(
        &app,
        &format!("nik={nik}&birth_date=1973-03-15"),
        "10.3.0.1",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        wrong,
        serde_json::json!({"items": []}),
        "no hint either way"
    );
    let page = app
        .text(&format!("/cek?nik={nik}&birth_date=1973-03-15"))
        .await;
    assert!(page.contains("Tidak ada data yang cocok"), "{page}");
}

#[tokio::test]
async fn registry_changes_after_start_appear_in_the_next_lookup() {
    let app = TestApp::spawn().await;
    let query = format!("region={KLENDER}&name=cahyo");
    let (_, before) = lookup(&app, &query, "10.4.0.1").await;
    assert_eq!(before["items"], serde_json::json!([]));
    let (_, enrolment) = recipient(&app, 2).await;
    let (_, after) = lookup(&app, &query, "10.4.0.1").await;
    assert_eq!(after["items"][0]["masked_name"], "C***O N*****O", "{after}");
    assert_eq!(
        after["items"][0]["programmes"][0]["enrolment_id"],
        enrolment
    );
}

/// (status, field, rule) of a refused lookup.
async fn refused(app: &TestApp, query: &str) -> (u16, String, String) {
    let (status, doc) = lookup(app, query, "10.5.0.1").await;
    let field = doc["errors"][0]["field"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let rule = doc["errors"][0]["rule"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (status.as_u16(), field, rule)
}

#[tokio::test]
async fn bad_input_is_named_by_field_and_rule_and_changes_nothing() {
    let app = TestApp::spawn().await;
    recipient(&app, 3).await;
    let events = app.count("events").await;
    let cases = [
        (format!("region={KLENDER}&name=a"), "name", "min-letters"),
        (format!("region={KLENDER}"), "name", "required"),
        ("region=31.75.07&name=dedi".to_owned(), "region", "village"),
        ("region=bukan&name=dedi".to_owned(), "region", "village"),
        (
            "region=31.75.07.9999&name=dedi".to_owned(),
            "region",
            "unknown",
        ),
        ("name=dedi".to_owned(), "region", "required"),
        ("nik=3175070607770001".to_owned(), "birth_date", "required"),
        (
            "nik=12345&birth_date=1977-07-06".to_owned(),
            "nik",
            "format",
        ),
        (
            "nik=3175070607770001&birth_date=kemarin".to_owned(),
            "birth_date",
            "date",
        ),
        ("birth_date=1977-07-06".to_owned(), "nik", "required"),
    ];
    for (query, field, rule) in cases {
        assert_eq!(
            refused(&app, &query).await,
            (422, field.to_owned(), rule.to_owned()),
            "{query}"
        );
    }
    let response = app.get(&format!("/cek?desa={KLENDER}&name=a")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(page.contains("ketik sedikitnya 3 huruf nama"), "{page}");
    let page = app.text("/cek?nik=3175070607770001").await;
    assert!(page.contains("NIK dicari bersama tanggal lahir"), "{page}");
    assert_eq!(app.count("events").await, events);
}
