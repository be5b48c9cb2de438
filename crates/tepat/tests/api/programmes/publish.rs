//! The rule page: a ministry officer previews a rule (figures, chart, sample with reasons)
//! and publishes it as a new version with an event; other officers preview only; a rule
//! that does not compile is shown again with its errors and nothing is published.

use serde_json::Value;

use super::three_families;
use crate::common::TestApp;

async fn versions(app: &TestApp, code: &str) -> Vec<Value> {
    let detail: Value = app
        .get(&format!("/api/v1/programmes/{code}"))
        .await
        .json()
        .await
        .unwrap();
    detail["versions"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_ministry_officer_previews_then_publishes_a_new_version() {
    let app = TestApp::spawn().await;
    three_families(&app).await;
    app.add_account("kemensos", "ministry_officer", None).await;
    app.login("kemensos").await;
    let page = app.get("/program/PKH/aturan").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Terbitkan") && html.contains("Pratinjau"));
    let rule = "any(member, age >= 60)  # lansia";
    let response = app
        .post_form(
            "/program/PKH/aturan",
            "/program/PKH/aturan/pratinjau",
            &[("rule", rule)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"chart\""), "the chart");
    assert!(html.contains("<rect"), "with bars");
    assert!(html.contains("Siti Aminah"), "a sample household by name");
    assert!(
        html.contains("ada anggota keluarga yang berumur paling rendah 60 tahun: ya"),
        "and why"
    );
    assert_eq!(
        versions(&app, "PKH").await.len(),
        1,
        "a preview publishes nothing"
    );
    let events = app.count("events").await;
    let response = app
        .post_form(
            "/program/PKH/aturan",
            "/program/PKH/aturan/terbitkan",
            &[("rule", rule)],
        )
        .await;
    assert_eq!(response.status(), 303);
    let versions = versions(&app, "PKH").await;
    assert_eq!(versions.len(), 2, "the old rule is kept as a version");
    assert_eq!(versions[0]["version"], 2);
    assert_eq!(versions[0]["source"], "any(member, age >= 60)");
    assert!(
        versions[1]["source"]
            .as_str()
            .unwrap()
            .starts_with("desil <= 4")
    );
    assert_eq!(app.count("events").await, events + 1);
    assert_eq!(
        app.count("events WHERE action = 'programme.rule_published' AND subject_id = 'PKH'")
            .await,
        2
    );
    // Publishing the rule in force again changes nothing.
    app.post_form(
        "/program/PKH/aturan",
        "/program/PKH/aturan/terbitkan",
        &[("rule", "any(member, age >= 60)")],
    )
    .await;
    assert_eq!(app.count("events").await, events + 1);
}

#[tokio::test]
async fn a_bad_rule_is_shown_again_with_its_errors_and_nothing_is_published() {
    let app = TestApp::spawn().await;
    app.add_account("kemensos", "ministry_officer", None).await;
    app.login("kemensos").await;
    let events = app.count("events").await;
    let response = app
        .post_form(
            "/program/PKH/aturan",
            "/program/PKH/aturan/terbitkan",
            &[("rule", "desil <= 4 and\nhamil")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("baris 2, kolom 1"),
        "the error at its line and column"
    );
    assert!(
        html.contains("desil &lt;= 4 and\nhamil") || html.contains("desil &#60;= 4 and\nhamil"),
        "the rule kept in the form"
    );
    assert_eq!(app.count("events").await, events);
    assert_eq!(versions(&app, "PKH").await.len(), 1);
    let response = app
        .post_form(
            "/program/PKH/aturan",
            "/program/NOPE/aturan/terbitkan",
            &[("rule", "true")],
        )
        .await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn a_district_officer_previews_but_may_not_publish() {
    let app = TestApp::spawn().await;
    three_families(&app).await;
    app.add_account("dinsos.jaktim", "district_officer", Some("31.75"))
        .await;
    app.login("dinsos.jaktim").await;
    let html = app.text("/program/PKH/aturan").await;
    assert!(!html.contains("Terbitkan"));
    let response = app
        .post_form(
            "/program/PKH/aturan",
            "/program/PKH/aturan/pratinjau",
            &[("rule", "true")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("31.75.07"), "the districts of the city");
    assert!(!html.contains("32.73"), "nothing outside the scope");
    assert!(
        html.contains("Budi Santoso") && !html.contains("Dewi Lestari"),
        "a household in the sample is named by its head"
    );
    let response = app
        .post_form(
            "/program/PKH/aturan",
            "/program/PKH/aturan/terbitkan",
            &[("rule", "true")],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(versions(&app, "PKH").await.len(), 1);
}
