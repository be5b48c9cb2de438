//! Decisions on a pair: the check at entry holds both persons, "same" merges keeping every
//! version, bad decisions are refused, and the region scope of reading and deciding.

use serde_json::json;

use super::client::{Api, open_pairs, run, token};
use super::fixtures::{register, widow_twice};
use crate::common::TestApp;

#[tokio::test]
async fn the_check_at_entry_opens_a_pair_that_holds_both() {
    let app = TestApp::spawn().await;
    let (api, first, second, _) = widow_twice(&app).await;
    assert!(
        tepat::duplicates::holds::is_held(&app.db, second)
            .await
            .unwrap()
    );
    let (_, holds) = api.get("/api/v1/duplicates/holds").await;
    let held: Vec<i64> = holds["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["person_id"].as_i64().unwrap())
        .collect();
    assert_eq!(held, [first, second], "{holds}");
    app.add_account("dinsos.uji", "district_officer", Some("31.75"))
        .await;
    app.login("dinsos.uji").await;
    let html = app.text(&format!("/penduduk/{second}")).await;
    assert!(html.contains("Ditahan: kemungkinan duplikat"), "{html}");
}

#[tokio::test]
async fn same_merges_keeping_every_version_and_bad_decisions_are_refused() {
    let app = TestApp::spawn().await;
    let (api, first, second, pair_id) = widow_twice(&app).await;
    // Bad input: unknown pair, missing reason, a survivor outside the pair.
    let decide = format!("/api/v1/duplicates/pairs/{pair_id}/decision");
    let (status, _) = api
        .post(
            "/api/v1/duplicates/pairs/999999/decision",
            json!({"decision": "same", "reason": "x"}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, problem) = api
        .post(&decide, json!({"decision": "same", "reason": " "}))
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "reason", "{problem}");
    let (status, problem) = api
        .post(
            &decide,
            json!({"decision": "same", "reason": "KK lama", "survivor_id": 999999}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    // Same person: the second record is merged into the first; every version stays.
    let (status, decided) = api
        .post(
            &decide,
            json!({"decision": "same", "reason": "Satu orang, pindah dari Pondok Kelapa"}),
        )
        .await;
    assert_eq!(status, 200, "{decided}");
    assert_eq!(decided["pair"]["status"], "same");
    assert_eq!(decided["pair"]["survivor_id"], first);
    assert_eq!(decided["person_b"]["merged_into"], first);
    let (status, _) = api
        .post(&decide, json!({"decision": "different", "reason": "lagi"}))
        .await;
    assert_eq!(status, 409);
    let versions = app
        .count("record_versions WHERE subject_type = 'person'")
        .await;
    assert_eq!(versions, 3, "two first versions and the merge");
    assert!(
        !tepat::duplicates::holds::is_held(&app.db, second)
            .await
            .unwrap()
    );
    let (_, holds) = api.get("/api/v1/duplicates/holds").await;
    assert_eq!(holds["items"], json!([]), "{holds}");
    let events = app.count("events WHERE action = 'person.merged'").await;
    assert_eq!(events, 1);
    // A run afterwards does not propose the merged person again.
    run(&api).await;
    assert!(open_pairs(&api).await.is_empty());
    crate::log::assert_audit_clean(&app).await;
}

#[tokio::test]
async fn officers_see_pairs_of_their_regency_only() {
    let app = TestApp::spawn().await;
    register(
        &app,
        "3175071604160002",
        "3175074402600004",
        "Siti Aminah",
        "31.75.07.1004",
    )
    .await;
    register(
        &app,
        "3175071604160099",
        "3175074402600007",
        "Siti Aminah",
        "31.75.07.1005",
    )
    .await;
    let inside = Api {
        app: &app,
        token: token(&app, "district_officer", Some("31.75")).await,
    };
    let outside = Api {
        app: &app,
        token: token(&app, "district_officer", Some("32.73")).await,
    };
    let pairs = open_pairs(&inside).await;
    assert_eq!(pairs.len(), 1);
    assert!(open_pairs(&outside).await.is_empty());
    let path = format!("/api/v1/duplicates/pairs/{}", pairs[0].0);
    // Outside the scope answers like a missing pair.
    assert_eq!(outside.get(&path).await.0, 404);
    let (status, _) = outside
        .post(
            &format!("{path}/decision"),
            json!({"decision": "different", "reason": "bukan wilayah saya"}),
        )
        .await;
    assert_eq!(status, 403);
    // The page shows the pair side by side, with the explanation, to the officer inside.
    app.add_account("dinsos.uji", "district_officer", Some("31.75"))
        .await;
    app.login("dinsos.uji").await;
    let html = app.text(&format!("/duplikat/{}", pairs[0].0)).await;
    assert!(html.contains("id=\"side-by-side\"") && html.contains("id=\"explanation\""));
    assert!(html.contains("Orang berbeda"), "{html}");
    let queue = app.text("/duplikat").await;
    assert!(queue.contains(&format!("/duplikat/{}", pairs[0].0)));
}

#[tokio::test]
async fn a_pair_across_two_regencies_is_seen_from_both_and_decided_from_neither() {
    let app = TestApp::spawn().await;
    register(
        &app,
        "3175071604160002",
        "3175074402600004",
        "Siti Aminah",
        "31.75.07.1004",
    )
    .await;
    // The same woman moved to Bandung; her NIK keeps the district of its first issue.
    register(
        &app,
        "3273011604160099",
        "3175074402600007",
        "Siti Aminah",
        "32.73.01.1001",
    )
    .await;
    for region in ["31.75", "32.73"] {
        let officer = Api {
            app: &app,
            token: token(&app, "district_officer", Some(region)).await,
        };
        let pairs = open_pairs(&officer).await;
        assert_eq!(pairs.len(), 1, "{region} sees the pair: {pairs:?}");
        let path = format!("/api/v1/duplicates/pairs/{}", pairs[0].0);
        assert_eq!(officer.get(&path).await.0, 200);
        let (status, problem) = officer
            .post(
                &format!("{path}/decision"),
                json!({"decision": "same", "reason": "satu orang, pindah"}),
            )
            .await;
        assert_eq!(status, 403, "only one person lies in {region}: {problem}");
        assert_eq!(
            problem["type"]
                .as_str()
                .map(|t| t.ends_with("outside-scope")),
            Some(true)
        );
    }
    assert_eq!(app.count("duplicate_pairs WHERE status = 'open'").await, 1);
}
