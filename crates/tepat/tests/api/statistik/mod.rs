//! Public statistics: figures seeded through the services show the same on the page, in
//! the CSV and in the JSON; small counts are hidden with a second cell where a total would
//! reveal them; a new event shows in the next request; bad region codes are refused in
//! words; every table links to the log checkpoint; the page carries a share card.

pub mod cards;
pub mod feed;

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::TestApp;

const KLENDER: &str = "31.75.07.1003";
const PONDOK_BAMBU: &str = "31.75.07.1001";

/// GET a JSON download or API answer: (status, body).
pub async fn json(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let response = app.get(path).await;
    let status = response.status();
    (status, response.json().await.expect("json"))
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// The row of a table whose first key is `key`.
fn row<'a>(body: &'a Value, key: &str) -> &'a Value {
    let first = body["columns"][0].as_str().unwrap();
    body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[first] == key)
        .unwrap_or_else(|| panic!("no row {key} in {body}"))
}

/// The CSV's rows as (header, rows of cells), split plainly (the test data has no commas).
fn csv_rows(csv: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = csv.lines();
    let header = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    let rows = lines
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    (header, rows)
}

/// Every cell of the CSV agrees with the JSON: numbers equal, hidden numbers empty and
/// named, and the checkpoint's tree size on every row.
fn csv_matches_json(csv: &str, body: &Value) {
    let (header, rows) = csv_rows(csv);
    let json_rows = body["rows"].as_array().unwrap();
    assert_eq!(rows.len(), json_rows.len(), "{csv}\n{body}");
    for (cells, j) in rows.iter().zip(json_rows) {
        for (name, cell) in header.iter().zip(cells) {
            match name.as_str() {
                "disembunyikan" => {
                    let named: Vec<&str> = j["suppressed"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_str().unwrap())
                        .collect();
                    assert_eq!(cell, &named.join(";"));
                }
                "ukuran_checkpoint" => {
                    assert_eq!(cell, &body["checkpoint_tree_size"].to_string())
                }
                _ => match &j[name] {
                    Value::Null => assert_eq!(cell, "", "{name}"),
                    Value::String(s) => assert_eq!(cell, s, "{name}"),
                    number => assert_eq!(cell, &number.to_string(), "{name}"),
                },
            }
        }
    }
}

/// Two households in Pondok Bambu, beside the ten of Klender.
async fn two_in_pondok_bambu(app: &TestApp) {
    for (serial, head, born) in [
        (880, "Wati Susanti", "1979-02-11"),
        (881, "Rahmat Hidayat", "1983-07-21"),
    ] {
        crate::programmes::family(app, serial, PONDOK_BAMBU, &[(head, born, "P", "kepala")]).await;
    }
}

/// The page of Jakarta Timur: charts, a hidden count, the rupiah paid in words, the
/// downloads, the checkpoint and the share card.
async fn page_shows(app: &TestApp, ledger: i64) {
    let page = app.text("/statistik?wilayah=31.75").await;
    assert!(page.contains("<svg class=\"chart\""), "{page}");
    assert!(
        page.contains("<td data-label=\"Desil 1\">&#60; 5</td>"),
        "a hidden count reads < 5: {page}"
    );
    let rupiah = tepat::budgets::model::rupiah(ledger);
    assert!(page.contains(&rupiah), "{rupiah} on the page");
    assert!(page.contains("/statistik/pembayaran.csv?wilayah=31.75"));
    assert!(page.contains("/statistik/pembayaran.json?wilayah=31.75"));
    assert!(page.contains("href=\"/log/checkpoint\""));
    assert!(page.contains("property=\"og:title\""), "{page}");
    assert!(
        page.contains("property=\"og:url\" content=\"http"),
        "{page}"
    );
    assert!(page.contains("/statistik?wilayah=31.75\""), "{page}");
    assert!(page.contains("name=\"twitter:card\""));
}

#[tokio::test]
async fn page_csv_and_json_show_the_registry_and_the_ledger_with_small_counts_hidden() {
    let app = TestApp::spawn().await;
    let (_, _, vouchers) = crate::vouchers::issued(&app).await;
    two_in_pondok_bambu(&app).await;
    // The whole country: twelve households, their living persons, six vouchers paid.
    let (status, body) = json(&app, "/statistik/rumah-tangga.json").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let total = row(&body, "jumlah");
    assert_eq!(total["keluarga"], 12);
    let persons = scalar(
        &app,
        "SELECT COUNT(*) FROM persons WHERE life_status = 'hidup'",
    )
    .await;
    assert_eq!(total["penduduk"], persons);
    assert_eq!(body["checkpoint_url"], "/log/checkpoint");
    let csv = app.text("/statistik/rumah-tangga.csv").await;
    csv_matches_json(&csv, &body);

    let (_, paid) = json(&app, "/statistik/pembayaran.json?wilayah=31.75").await;
    let ledger = scalar(
        &app,
        "SELECT CAST(SUM(amount) AS BIGINT) FROM ledger_transfers WHERE code = 'voucher'",
    )
    .await;
    let total = row(&paid, "jumlah");
    assert_eq!(total["keluarga"], vouchers.len());
    assert_eq!(total["rupiah"], ledger, "{paid}");
    let csv = app.text("/statistik/pembayaran.csv?wilayah=31.75").await;
    csv_matches_json(&csv, &paid);

    // Recipients: at most two households in each desil, so every desil is hidden, and the
    // totals shown.
    let enrolled = scalar(
        &app,
        "SELECT COUNT(*) FROM enrolments WHERE programme_code = 'SEMBAKO' AND status = 'active'",
    )
    .await;
    let (_, recipients) = json(&app, "/statistik/penerima.json?wilayah=31.75.07").await;
    let sembako = row(&recipients, "SEMBAKO");
    assert_eq!(sembako["jumlah"], enrolled, "{recipients}");
    assert_eq!(sembako["desil_1"], Value::Null);
    assert!(
        sembako["suppressed"]
            .as_array()
            .unwrap()
            .contains(&Value::from("desil_1"))
    );
    assert_eq!(sembako["desil_2"], 0);

    // The district: Pondok Bambu's two hidden, and Klender's ten with them, as the total
    // of twelve is published.
    let (_, district) = json(&app, "/statistik/rumah-tangga.json?wilayah=31.75.07").await;
    assert_eq!(row(&district, PONDOK_BAMBU)["keluarga"], Value::Null);
    assert_eq!(
        row(&district, KLENDER)["keluarga"],
        Value::Null,
        "{district}"
    );
    assert_eq!(row(&district, "jumlah")["keluarga"], 12);
    let csv = app
        .text("/statistik/rumah-tangga.csv?wilayah=31.75.07")
        .await;
    csv_matches_json(&csv, &district);
    let (_, village) = json(
        &app,
        &format!("/statistik/rumah-tangga.json?wilayah={PONDOK_BAMBU}"),
    )
    .await;
    assert_eq!(row(&village, PONDOK_BAMBU)["keluarga"], Value::Null);
    assert_eq!(row(&village, "jumlah")["keluarga"], Value::Null);

    page_shows(&app, ledger).await;
}

#[tokio::test]
async fn the_api_answers_every_table_as_the_downloads_do() {
    let app = TestApp::spawn().await;
    crate::enrolment::ten_scored(&app).await;
    let (status, body) = json(&app, "/api/v1/public/statistics?region=31.75.07").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["region"]["code"], "31.75.07");
    let names: Vec<&str> = body["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "rumah-tangga",
            "penerima",
            "perubahan",
            "pembayaran",
            "musyawarah",
            "sanggahan"
        ]
    );
    let (_, download) = json(&app, "/statistik/rumah-tangga.json?wilayah=31.75.07").await;
    assert_eq!(body["tables"][0]["rows"], download["rows"]);
    assert_eq!(row(&download, KLENDER)["keluarga"], 10);
}

#[tokio::test]
async fn a_new_household_shows_in_the_next_request() {
    let app = TestApp::spawn().await;
    let (_, before) = json(&app, "/statistik/rumah-tangga.json").await;
    assert_eq!(row(&before, "jumlah")["keluarga"], 0, "{before}");
    crate::enrolment::ten_scored(&app).await;
    let (_, after) = json(&app, "/statistik/rumah-tangga.json").await;
    assert_eq!(row(&after, "jumlah")["keluarga"], 10, "{after}");
    let (_, changes) = json(&app, "/statistik/perubahan.json").await;
    assert_eq!(
        changes["rows"],
        serde_json::json!([]),
        "nobody enrolled yet"
    );
}

#[tokio::test]
async fn bad_region_codes_are_refused_in_words_and_as_problems() {
    let app = TestApp::spawn().await;
    let response = app.get("/statistik?wilayah=31-75").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let page = response.text().await.unwrap();
    assert!(page.contains("harus kode wilayah"), "{page}");
    let response = app.get("/statistik?wilayah=99.99").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = app.get("/statistik/penerima.csv?wilayah=x").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    for path in [
        "/statistik/tidak-ada.csv",
        "/statistik/penerima.xlsx",
        "/statistik/penerima",
    ] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let (status, problem) = json(&app, "/api/v1/public/statistics?region=abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "region", "{problem}");
    assert_eq!(problem["errors"][0]["rule"], "region_code");
    let (status, problem) = json(&app, "/api/v1/public/statistics?region=99").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{problem}");
}
