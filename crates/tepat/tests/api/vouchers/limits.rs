//! Offline limits set by a ministry officer: good limits stored with their event and read
//! back, each bad amount named by its field and rule, a programme not spent at merchants
//! or unknown refused, and every other role refused.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::TestApp;
use crate::enrolment::refusal;
use crate::proposals::official;

const PATH: &str = "/api/v1/offline-limits/SEMBAKO";

#[tokio::test]
async fn a_ministry_officer_sets_a_programmes_offline_limits() {
    let app = TestApp::spawn().await;
    let (_, ministry) = official(&app, "kemensos", "ministry_officer", None).await;
    let (status, list) = ministry.get("/api/v1/offline-limits").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["items"][1]["programme"], "SEMBAKO");
    assert_eq!(list["items"][1]["per_voucher"], 200_000, "seeded");

    let limits = json!({"per_voucher": 150_000, "per_day": 1_500_000, "outstanding": 2_500_000});
    let key = crate::programmes::key();
    let (status, set) = ministry.put_keyed(PATH, limits.clone(), &key).await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(set["programme"], "SEMBAKO");
    assert_eq!(set["per_day"], 1_500_000);
    let (status, again) = ministry.put_keyed(PATH, limits.clone(), &key).await;
    assert_eq!(
        (status, &again),
        (StatusCode::OK, &set),
        "the same key, the same answer"
    );
    let (_, list) = ministry.get("/api/v1/offline-limits").await;
    assert_eq!(list["items"][1]["outstanding"], 2_500_000);
    let changes: String = sqlx::query_scalar(
        "SELECT changes FROM events WHERE action = 'voucher.offline_limits_changed'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let changes: serde_json::Value = serde_json::from_str(&changes).unwrap();
    assert_eq!(changes["per_voucher_rupiah"]["from"], 200_000);
    assert_eq!(changes["per_voucher_rupiah"]["to"], 150_000);
    // The same limits under a new key change nothing and record nothing more.
    let (status, _) = ministry.put(PATH, limits).await;
    assert_eq!(status, StatusCode::OK);
    let events: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM events WHERE action = 'voucher.offline_limits_changed'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(events, 1);
}

#[tokio::test]
async fn bad_limits_are_refused_naming_the_field_and_the_rule() {
    let app = TestApp::spawn().await;
    let (_, ministry) = official(&app, "kemensos", "ministry_officer", None).await;
    let cases = [
        (
            json!({"per_voucher": 0, "per_day": 1, "outstanding": 1}),
            "per_voucher",
            "range",
        ),
        (
            json!({"per_voucher": 1, "per_day": -1, "outstanding": 1}),
            "per_day",
            "range",
        ),
        (
            json!({"per_voucher": 1, "per_day": 1, "outstanding": 1_000_000_001}),
            "outstanding",
            "range",
        ),
        (
            json!({"per_voucher": 300_000, "per_day": 200_000, "outstanding": 900_000}),
            "per_voucher",
            "within_per_day",
        ),
        (
            json!({"per_voucher": 300_000, "per_day": 900_000, "outstanding": 200_000}),
            "per_voucher",
            "within_outstanding",
        ),
    ];
    for (body, field, rule) in cases {
        let (status, problem) = ministry.put(PATH, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {problem}"
        );
        assert_eq!(
            refusal(&problem),
            (field.to_owned(), rule.to_owned()),
            "{body}"
        );
    }
    let missing = json!({"per_voucher": 1, "per_day": 1});
    let (status, _) = ministry.put(PATH, missing).await;
    assert!(status.is_client_error(), "a missing limit: {status}");
    let good = json!({"per_voucher": 1, "per_day": 1, "outstanding": 1});
    let (status, _) = ministry
        .put("/api/v1/offline-limits/TIDAK_ADA", good.clone())
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, problem) = ministry
        .put("/api/v1/offline-limits/PKH", good.clone())
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(
        refusal(&problem),
        ("programme".to_owned(), "voucher_programme".to_owned())
    );
    for (name, role, region) in [
        ("dinsos", "district_officer", Some("31.75")),
        ("provinsi", "province_officer", Some("31")),
        ("warong", "merchant", Some("31.75.07.1003")),
    ] {
        let (_, other) = official(&app, name, role, region).await;
        let (status, _) = other.put(PATH, good.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
    }
    let (_, list) = ministry.get("/api/v1/offline-limits").await;
    assert_eq!(list["items"][1]["per_voucher"], 200_000, "nothing changed");
}

#[tokio::test]
async fn the_limits_page_shows_them_and_its_form_sets_them_for_a_ministry_officer() {
    let app = TestApp::spawn().await;
    official(&app, "kemensos", "ministry_officer", None).await;
    app.login("kemensos").await;
    let page = app
        .client
        .get(app.url("/pedagang/batas-offline"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Rp200.000"), "shown in rupiah: {html}");
    assert!(
        html.contains("id=\"limits-SEMBAKO\""),
        "the ministry's form"
    );
    let form = "/pedagang/batas-offline";
    let action = "/pedagang/batas-offline/SEMBAKO";
    let bad = [
        ("per_voucher", "dua ratus"),
        ("per_day", "1"),
        ("outstanding", "1"),
    ];
    let refused = app.post_form(form, action, &bad).await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("harus bilangan bulat rupiah")
    );
    let over = [
        ("per_voucher", "300.000"),
        ("per_day", "200.000"),
        ("outstanding", "1"),
    ];
    let refused = app.post_form(form, action, &over).await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("tidak boleh melebihi batas per hari")
    );
    let good = [
        ("per_voucher", "250.000"),
        ("per_day", "2.500.000"),
        ("outstanding", "3000000"),
    ];
    let done = app.post_form(form, action, &good).await;
    assert_eq!(done.status(), 303);
    let html = app
        .client
        .get(app.url(form))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Rp250.000") && html.contains("Rp2.500.000"),
        "{html}"
    );
}

#[tokio::test]
async fn a_district_officer_reads_the_limits_page_but_cannot_set_them() {
    let form = "/pedagang/batas-offline";
    let action = "/pedagang/batas-offline/SEMBAKO";
    let good = [("per_voucher", "1"), ("per_day", "1"), ("outstanding", "1")];
    let district = TestApp::spawn().await;
    official(&district, "dinsos", "district_officer", Some("31.75")).await;
    district.login("dinsos").await;
    let page = district
        .client
        .get(district.url(form))
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    assert!(
        !html.contains("id=\"limits-SEMBAKO\""),
        "a district officer only reads"
    );
    let refused = district.post_form(form, action, &good).await;
    assert_eq!(refused.status(), 403);
}
