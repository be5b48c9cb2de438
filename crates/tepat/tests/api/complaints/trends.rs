//! What the community reports: complaints per category, region and week, a category rising
//! this week marked and linked to its complaints, the places plotted; bad weeks, regions
//! and scope refused.

use reqwest::StatusCode;

use super::*;
use crate::enrolment::Api;

/// One complaint of `category` three weeks ago, then three of it and one `service` now.
async fn four_weeks_of_reports(app: &TestApp) {
    filed(app, "not_received", "10.3.0.1").await;
    // Three weeks and three hours: clear of the edge between two weeks.
    app.clock
        .advance(time::Duration::days(21) + time::Duration::hours(3));
    for n in 2..=4 {
        filed(app, "not_received", &format!("10.3.0.{n}")).await;
    }
    filed(app, "service", "10.3.0.9").await;
}

#[tokio::test]
async fn a_category_rising_this_week_is_marked_and_leads_to_its_complaints() {
    let app = TestApp::spawn().await;
    four_weeks_of_reports(&app).await;
    let district = Api::new(&app, "district_officer", Some("31.75")).await;
    let (status, body) = district
        .get("/api/v1/complaints/trends?region=31.75.07&weeks=8")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["week_starts"].as_array().unwrap().len(), 8);
    let first = &body["items"][0];
    assert_eq!(
        (first["category"].as_str(), first["region"].as_str()),
        (Some("not_received"), Some(KLENDER))
    );
    let weekly: Vec<i64> = first["weekly"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(
        weekly,
        [0, 0, 0, 0, 1, 0, 0, 3],
        "three weeks ago, then now"
    );
    assert_eq!(
        (first["total"].as_i64(), first["rising"].as_bool()),
        (Some(4), Some(true))
    );
    let second = &body["items"][1];
    assert_eq!(
        (second["category"].as_str(), second["rising"].as_bool()),
        (Some("service"), Some(false))
    );
    assert_eq!(body["places"].as_array().unwrap().len(), 5);

    // A level up, the same complaints fold into the district.
    let (_, city) = district.get("/api/v1/complaints/trends?region=31.75").await;
    assert_eq!(city["items"][0]["region"], "31.75.07");

    app.add_account("dinsos.tren", "district_officer", Some("31.75"))
        .await;
    app.login("dinsos.tren").await;
    let page = app.text("/pengaduan/tren?wilayah=31.75.07").await;
    assert!(page.contains("▲ Bantuan tidak diterima"), "{page}");
    assert!(
        page.contains("<circle") && page.contains("Klender"),
        "places plotted"
    );
    let at = page
        .find("/pengaduan?category=not_received")
        .expect("a link");
    let link = page[at..].split('"').next().unwrap().replace("&#38;", "&");
    let list = app.text(&link).await;
    assert_eq!(
        list.matches("Bantuan tidak diterima</td>").count(),
        4,
        "{link}"
    );
    assert!(
        list.contains("id=\"narrowed\""),
        "the narrowing is shown: {link}"
    );
    let csv = app
        .text("/pengaduan/tren.csv?wilayah=31.75.07&minggu=4")
        .await;
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("kategori,wilayah,sejak_"), "{csv}");
    assert_eq!(rows[1], format!("not_received,{KLENDER},1,0,0,3,4,1"));
}

#[tokio::test]
async fn bad_weeks_and_regions_are_refused_and_scope_holds() {
    let app = TestApp::spawn().await;
    let district = Api::new(&app, "district_officer", Some("31.75")).await;
    for (query, status, field) in [
        ("weeks=0", StatusCode::BAD_REQUEST, Some("weeks")),
        ("weeks=27", StatusCode::BAD_REQUEST, Some("weeks")),
        ("region=abc", StatusCode::BAD_REQUEST, Some("region")),
        ("region=31.71", StatusCode::NOT_FOUND, None),
    ] {
        let (got, body) = district
            .get(&format!("/api/v1/complaints/trends?{query}"))
            .await;
        assert_eq!(got, status, "{query}: {body}");
        if let Some(field) = field {
            assert_eq!(body["errors"][0]["field"], field, "{body}");
        }
    }
    let response = app.get("/api/v1/complaints/trends").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    app.add_account("dinsos.luar", "district_officer", Some("31.71"))
        .await;
    app.login("dinsos.luar").await;
    let outside = app.get(&format!("/pengaduan?wilayah={KLENDER}")).await;
    assert_eq!(outside.status(), StatusCode::NOT_FOUND);
    let bad_day = app.get("/pengaduan?sejak=kemarin").await;
    assert_eq!(bad_day.status(), StatusCode::BAD_REQUEST);
}
