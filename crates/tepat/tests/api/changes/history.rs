//! The household's history after approved member changes: a newborn's first version and a
//! member's correction are listed with the household's own versions, named by member, on
//! the page and through the API.

use serde_json::{Value, json};

use super::{KLENDER, approve, family, id_of, propose, token};
use crate::common::TestApp;

#[tokio::test]
async fn the_household_history_shows_an_added_newborn_and_a_corrected_member() {
    let app = TestApp::spawn().await;
    app.add_account("dinsos.jaktim", "district_officer", Some("31.75"))
        .await;
    let (household, members) = family(&app, 81).await;
    let op = token(&app, "village_operator", KLENDER).await;
    let officer = token(&app, "district_officer", "31.75").await;
    let newborn = json!({"kind": "tambah_anggota", "person": {"nik": "3175074106260081",
        "name": "Putri Kecil", "birth_place": "Jakarta", "birth_date": "2026-06-01",
        "sex": "P", "relationship": "anak"}});
    let added = propose(&app, &op, "add", household, newborn).await;
    assert_eq!(
        approve(&app, &officer, "a1", id_of(&added.json().await.unwrap()))
            .await
            .status(),
        200
    );
    let fix = json!({"kind": "koreksi_anggota", "person_id": members[2],
        "person": {"nik": "3175070101150083", "name": "Rizki Pratama", "birth_place": "Jakarta",
        "birth_date": "2015-01-01", "sex": "L", "relationship": "anak"}});
    let fixed = propose(&app, &op, "fix", household, fix).await;
    assert_eq!(
        approve(&app, &officer, "a2", id_of(&fixed.json().await.unwrap()))
            .await
            .status(),
        200
    );

    // Through the API: the household's own version and its members', newest first.
    let detail: Value = app
        .client
        .get(app.url(&format!("/api/v1/households/{household}")))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let history = detail["history"].as_array().unwrap();
    let whose = |v: &Value| {
        (
            v["subject_type"].as_str().unwrap().to_owned(),
            v["subject_id"].as_i64().unwrap(),
            v["version"].as_i64().unwrap(),
        )
    };
    assert_eq!(
        whose(&history[0]),
        ("person".into(), members[2], 2),
        "{history:?}"
    );
    assert_eq!(history[1]["subject_type"], "person");
    assert_eq!(history[1]["snapshot"]["full_name"], "Putri Kecil");
    assert!(history.iter().any(|v| v["subject_type"] == "household"));
    // Three members at entry, the newborn, the correction, and the household's version.
    assert_eq!(history.len(), 6, "{history:?}");

    // On the page: named by member, the correction as before and after.
    app.login("dinsos.jaktim").await;
    let page = app.text(&format!("/keluarga/{household}")).await;
    let list = page.split("id=\"history\"").nth(1).unwrap_or_default();
    assert!(list.contains("Anggota Putri Kecil"), "{list}");
    assert!(
        list.contains("Anggota Rizki Pratama") && list.contains("Versi 2"),
        "{list}"
    );
    assert!(
        list.contains("Rizki") && list.contains("usulan #"),
        "{list}"
    );
    let newest = list.find("Rizki Pratama").unwrap();
    let newborn = list.find("Putri Kecil").unwrap();
    assert!(newest < newborn, "newest first");
}
