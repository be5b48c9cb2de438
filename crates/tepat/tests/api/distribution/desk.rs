//! The check-in desk without a connection on a real server: the list a desk keeps names
//! each invitation by a salted hash of its code, never the code; a queue synced later checks
//! households in as of the moment queued, finds one checked in elsewhere `already`, refuses
//! unknown, foreign and badly timed entries each with its reason, and syncs again safely.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use super::{KLENDER, code_of, four_households, hand_out, scheduled};
use crate::common::TestApp;
use crate::enrolment::Api;

fn ago(app: &TestApp, minutes: i64) -> String {
    use tepat::clock::Clock;
    let at: OffsetDateTime = app.clock.now() - Duration::minutes(minutes);
    let at = at.replace_nanosecond(0).unwrap();
    at.format(&Rfc3339).unwrap()
}

fn statuses(done: &Value) -> Vec<String> {
    done["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| match r["rule"].as_str() {
            Some(rule) => format!(
                "{}:{}/{}",
                r["status"].as_str().unwrap(),
                r["field"].as_str().unwrap(),
                rule
            ),
            None => r["status"].as_str().unwrap().to_owned(),
        })
        .collect()
}

/// A hand-out of the four households and another of the first alone: (the hand-out, its
/// households, the code of the first household at the other hand-out).
async fn two_hand_outs(app: &TestApp) -> (i64, Vec<i64>, String) {
    let households = four_households(app).await;
    let (id, district) = scheduled(app, &households).await;
    let (status, other) = district
        .post("/api/v1/distributions", hand_out(&households[..1], 2))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{other}");
    let foreign = code_of(app, other["event"]["id"].as_i64().unwrap(), households[0]).await;
    (id, households, foreign)
}

#[tokio::test]
async fn a_desk_keeps_hashes_of_the_codes_never_the_codes() {
    let app = TestApp::spawn().await;
    let (id, households, _) = two_hand_outs(&app).await;
    let desk = Api::new(&app, "village_operator", Some(KLENDER)).await;
    let (status, list) = desk.get(&format!("/api/v1/distributions/{id}/desk")).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let first = code_of(&app, id, households[0]).await;
    let expected = hex::encode(Sha256::digest(format!(
        "{}:{first}",
        list["salt"].as_str().unwrap()
    )));
    assert_eq!(list["invitations"].as_array().unwrap().len(), 4);
    assert!(
        list["invitations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["code_hash"] == expected)
    );
    assert!(
        !list.to_string().contains(&first),
        "no code leaves the server"
    );
    let province = Api::new(&app, "province_officer", Some("31")).await;
    let (status, _) = province
        .get(&format!("/api/v1/distributions/{id}/desk"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a reader is no desk");
}

#[tokio::test]
async fn a_queue_synced_later_checks_households_in_as_of_their_moment_and_again_safely() {
    let app = TestApp::spawn().await;
    let (id, households, foreign) = two_hand_outs(&app).await;
    let desk = Api::new(&app, "village_operator", Some(KLENDER)).await;
    let first = code_of(&app, id, households[0]).await;
    // One household already checked in at the online desk.
    let second = code_of(&app, id, households[1]).await;
    let online = format!("/api/v1/distributions/{id}/check-ins");
    assert_eq!(
        desk.post(&online, json!({"code": second})).await.0,
        StatusCode::CREATED
    );
    let typed = format!("{}-{}-{}", &first[..4], &first[4..8], &first[8..]).to_lowercase();
    let moment = ago(&app, 90);
    let queue = json!({"check_ins": [
        {"code": typed, "at": moment},
        {"code": second, "at": ago(&app, 80)},
        {"code": "ABCD-EFGH-JKMN", "at": ago(&app, 70)},
        {"code": foreign, "at": ago(&app, 60)},
        {"code": code_of(&app, id, households[2]).await, "at": "kemarin"},
        {"code": code_of(&app, id, households[3]).await, "at": ago(&app, -60)},
    ]});
    let sync = format!("/api/v1/distributions/{id}/check-ins/sync");
    let (status, done) = desk.post(&sync, queue.clone()).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(
        statuses(&done),
        [
            "checked_in",
            "already",
            "refused:code/unknown",
            "refused:code/other_event",
            "refused:at/moment",
            "refused:at/moment"
        ]
    );
    assert_eq!(
        (
            done["checked_in"].as_i64(),
            done["already"].as_i64(),
            done["refused"].as_i64()
        ),
        (Some(1), Some(1), Some(4))
    );
    assert!(
        done["results"][2]["message"]
            .as_str()
            .unwrap()
            .contains("kode tidak dikenal")
    );
    recorded_as_of(&app, &first, &moment).await;

    // The same queue again (its answer lost): nothing is checked in twice.
    let (status, again) = desk.post(&sync, queue).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(&statuses(&again)[..2], ["already", "already"]);
    let too_many: Vec<Value> = (0..5_001)
        .map(|_| json!({"code": first, "at": ago(&app, 1)}))
        .collect();
    let (status, refused) = desk.post(&sync, json!({"check_ins": too_many})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
}

#[tokio::test]
async fn the_desk_page_keeps_its_list_and_syncs_with_the_session() {
    let app = TestApp::spawn().await;
    let households = four_households(&app).await;
    let (id, _) = scheduled(&app, &households).await;
    app.login("dinsos.jaktim").await;
    let page = format!("/penyaluran-barang/{id}/meja");
    let html = app.text(&page).await;
    assert!(html.contains("id=\"desk-form\"") && html.contains("/penyaluran-barang/meja.js"));
    assert!(html.contains("Meja hadir"), "in Bahasa Indonesia");
    let list = app.text(&format!("{page}.json")).await;
    assert!(list.contains("code_hash"), "{list}");
    let script = app.text("/penyaluran-barang/meja.js").await;
    assert!(script.contains("crypto.subtle.digest('SHA-256'"));
    let worker = app.text("/penyaluran-barang/meja-sw.js").await;
    assert!(worker.contains("meja"));

    let code = code_of(&app, id, households[0]).await;
    let queue = json!({"check_ins": [{"code": code, "at": ago(&app, 5)}]}).to_string();
    let action = format!("{page}/sinkron");
    let response = app.post_form(&page, &action, &[("queue", &queue)]).await;
    assert_eq!(response.status(), 200);
    let done: Value = response.json().await.unwrap();
    assert_eq!(done["checked_in"], 1, "{done}");
    let response = app
        .post_form(&page, &action, &[("queue", "not json")])
        .await;
    assert_eq!(response.status(), 422);
}

/// The household of `code` is checked in as of `moment`, and its event says it was offline.
async fn recorded_as_of(app: &TestApp, code: &str, moment: &str) {
    let at: String =
        sqlx::query_scalar("SELECT checked_in_at FROM distribution_invitations WHERE code = $1")
            .bind(code)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        tepat::db::timestamp::from_db(&at).unwrap(),
        OffsetDateTime::parse(moment, &Rfc3339).unwrap(),
        "the moment at the site"
    );
    let offline: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM events WHERE action = 'distribution.checked_in' AND changes LIKE '%offline_at%'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(offline, 1);
}
