//! The limits: lookups a minute per client address, lookups a day per NIK.

use reqwest::StatusCode;

use super::{KLENDER, lookup};
use crate::common::TestApp;
use crate::objections::{identity, recipient};

#[tokio::test]
async fn one_lookup_past_the_limit_waits_with_retry_after_and_other_addresses_pass() {
    let app = TestApp::spawn_with(|config| config.cek.rate_per_minute = 3).await;
    recipient(&app, 4).await;
    let query = format!("region={KLENDER}&name=eko");
    for _ in 0..3 {
        let (status, body) = lookup(&app, &query, "10.6.0.1").await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let response = app
        .client
        .get(app.url(&format!("/api/v1/public/recipients?{query}")))
        .header("x-forwarded-for", "10.6.0.1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=60).contains(&wait), "{wait}");
    let doc: serde_json::Value = response.json().await.unwrap();
    let detail = doc["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains(&format!("coba lagi dalam {wait} detik")),
        "{doc}"
    );
    // The page says the same in Bahasa Indonesia.
    let page = app
        .client
        .get(app.url(&format!("/cek?desa={KLENDER}&name=eko")))
        .header("x-forwarded-for", "10.6.0.1")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(page.headers().contains_key("retry-after"));
    assert!(page.text().await.unwrap().contains("coba lagi dalam"));
    // Another address is not held back; the first passes again a minute on.
    let (status, _) = lookup(&app, &query, "10.6.0.2").await;
    assert_eq!(status, StatusCode::OK);
    app.clock.advance(time::Duration::seconds(61));
    let (status, body) = lookup(&app, &query, "10.6.0.1").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["items"][0]["masked_name"], "E*O P******O");
}

#[tokio::test]
async fn one_nik_is_looked_up_at_most_five_times_a_day_from_anywhere() {
    let app = TestApp::spawn().await;
    let (household, _) = recipient(&app, 5).await;
    let (nik, born) = identity(&app, household).await;
    // Trying birth dates from many addresses: the NIK's own count stops it.
    for day in 1..=5 {
        let query = format!("nik={nik}&birth_date=1981-11-{day:02}");
        let (status, body) = lookup(&app, &query, &format!("10.7.0.{day}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["items"], serde_json::json!([]));
    }
    let (status, doc) = lookup(&app, &format!("nik={nik}&birth_date={born}"), "10.7.1.1").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{doc}");
    assert!(
        doc["detail"].as_str().unwrap_or_default().contains("NIK"),
        "{doc}"
    );
    // Another NIK is not held back; the NIK passes again the next day.
    let other = format!("nik=3175070101800001&birth_date={born}");
    assert_eq!(lookup(&app, &other, "10.7.1.1").await.0, StatusCode::OK);
    app.clock.advance(time::Duration::days(1));
    let (status, body) = lookup(&app, &format!("nik={nik}&birth_date={born}"), "10.7.1.2").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["items"][0]["masked_name"], "F***R H*****T");
}
