//! The shipped programmes, public: the list and one programme on the API and as pages,
//! each rule in words in both languages, and an unknown code answered with 404.

use serde_json::Value;

use crate::common::TestApp;

#[tokio::test]
async fn the_shipped_programmes_are_public_with_their_rules_in_words() {
    let app = TestApp::spawn().await;
    let list: Value = app.get("/api/v1/programmes").await.json().await.unwrap();
    let codes: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["BENCANA", "BLT_DD", "KJP_PLUS", "PIP", "PKH", "SEMBAKO"]
    );
    let response = app.get("/api/v1/programmes/PKH").await;
    assert_eq!(response.status(), 200);
    let pkh: Value = response.json().await.unwrap();
    assert_eq!(pkh["channel"], "bank_transfer");
    assert_eq!(pkh["benefit"]["max_components"], 4);
    assert_eq!(pkh["benefit"]["components"][0]["amount_rupiah"], 3_000_000);
    assert_eq!(pkh["benefit"]["components"][0]["year"], 2024);
    assert_eq!(pkh["rule"]["version"], 1);
    let words = pkh["rule"]["words"].as_str().unwrap();
    assert!(
        words.starts_with("Desil kesejahteraan paling tinggi 4"),
        "{words}"
    );
    let words_en = pkh["rule"]["words_en"].as_str().unwrap();
    assert!(
        words_en.starts_with("Welfare decile at most 4"),
        "{words_en}"
    );
    assert_eq!(pkh["versions"].as_array().unwrap().len(), 1);
    let blt: Value = app
        .get("/api/v1/programmes/BLT_DD")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(blt["excludes"], serde_json::json!(["PKH", "SEMBAKO"]));
    // The programmes and their first rules each came with an event.
    assert_eq!(
        app.count("events WHERE subject_type = 'programme'").await,
        12
    );
}

#[tokio::test]
async fn the_pages_show_amounts_quotas_and_what_is_not_recorded() {
    let app = TestApp::spawn().await;
    let list = app.get("/program").await;
    assert_eq!(list.status(), 200);
    let html = list.text().await.unwrap();
    assert!(html.contains("Program Keluarga Harapan"));
    assert!(html.contains("href=\"/program/KJP_PLUS\""));
    let html = app.text("/program/PKH").await;
    assert!(
        html.contains("Rp3.000.000 per tahun"),
        "amount in Indonesian"
    );
    assert!(html.contains("10.000.000 keluarga (2024)"), "quota");
    assert!(html.contains("enrolled(&#34;…&#34;)") || html.contains("enrolled(&quot;…&quot;)"));
    assert!(
        html.contains("desil kesejahteraan paling tinggi 4")
            || html.contains("Desil kesejahteraan paling tinggi 4")
    );
    let html = app.text("/program/SEMBAKO").await;
    assert!(html.contains("Rp200.000 per bulan"));
}

#[tokio::test]
async fn an_unknown_programme_is_not_found() {
    let app = TestApp::spawn().await;
    let response = app.get("/api/v1/programmes/BANSOS_X").await;
    assert_eq!(response.status(), 404);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["status"], 404);
    assert_eq!(app.get("/program/BANSOS_X").await.status(), 404);
    assert_eq!(app.get("/program/pkh").await.status(), 404);
}
