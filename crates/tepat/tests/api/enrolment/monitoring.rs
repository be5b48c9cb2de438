//! Monitoring: households per desil, eligible against enrolled with overrides, desil
//! movement of enrolled households, as a page and as CSV and XLSX; for officials of the
//! district level and above and auditors only.

use serde_json::json;

use super::{Api, set_quota, ten_scored};
use crate::common::TestApp;
use crate::targeting::fixtures::score;

#[tokio::test]
async fn monitoring_counts_desil_eligible_enrolled_overrides_and_movement() {
    let app = TestApp::spawn().await;
    let ids = ten_scored(&app).await;
    set_quota(&app, "SEMBAKO", &[("", 4)]).await;
    let district = Api::new(&app, "district_officer", Some("31.75")).await;
    let ministry = Api::new(&app, "ministry_officer", None).await;
    let (_, batch) = district
        .post("/api/v1/programmes/SEMBAKO/enrolment-batches", json!({}))
        .await;
    let (status, _) = ministry
        .post(
            &format!("/api/v1/enrolment-batches/{}/approve", batch["id"]),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = district
        .post(
            "/api/v1/programmes/SEMBAKO/enrolments",
            json!({"household_id": ids[9], "reason": "Terkena PHK, dikunjungi petugas"}),
        )
        .await;
    assert_eq!(status, 201);
    score(&app, None).await;

    app.add_account("dinsos.pantau", "district_officer", Some("31.75"))
        .await;
    app.login("dinsos.pantau").await;
    let page = app.text("/pemantauan").await;
    assert!(page.contains("id=\"desil-chart\""), "{page}");
    assert!(
        page.contains("Duren Sawit"),
        "the districts of the city: {page}"
    );

    let csv = app.text("/pemantauan.csv?tabel=program").await;
    let sembako = csv
        .lines()
        .find(|l| l.starts_with("SEMBAKO,"))
        .expect("a Sembako row");
    // Six eligible (desil 1–5), four enrolled by the batch, one put forward.
    assert!(sembako.ends_with(",6,4,1"), "{csv}");
    let desil = app.text("/pemantauan.csv?tabel=desil").await;
    let row = desil.lines().nth(1).expect("one region row");
    assert!(row.starts_with("31.75.07,"), "{desil}");
    assert!(row.ends_with(",10"), "ten households in all: {desil}");
    // Five enrolled households scored twice, the same survey each time: all stayed.
    let movement = app.text("/pemantauan.csv?tabel=perpindahan").await;
    let stayed: i64 = movement
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (cells[0] == cells[1]).then(|| cells[2].parse::<i64>().unwrap())
        })
        .sum();
    assert_eq!(stayed, 5, "{movement}");
    let response = app.get("/pemantauan.csv?tabel=apa").await;
    assert_eq!(response.status(), 400);
    let response = app.get("/pemantauan.xlsx").await;
    assert_eq!(response.status(), 200);
    let body = response.bytes().await.unwrap();
    assert!(body.starts_with(b"PK"), "an XLSX is a zip");

    app.add_account("op.pantau", "village_operator", Some("31.75.07.1003"))
        .await;
    app.login("op.pantau").await;
    assert_eq!(app.get("/pemantauan").await.status(), 403);
}
