//! Hand-outs of goods on a real server: a district officer schedules one in Klender and
//! each household is told by message, the village operator checks households in by code
//! (bad, foreign and repeated codes refused), the officer closes it and re-schedules the
//! no-shows, and recipients rate it with their code.

mod demo;
mod desk;
mod pages;
mod rating;
mod stock;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::enrolment::Api;
use crate::proposals::{household, official, refusal};

pub const KLENDER: &str = "31.75.07.1003";

/// Four households of Klender with phone numbers, by id.
pub async fn four_households(app: &TestApp) -> Vec<i64> {
    let heads = ["Budi Santoso", "Siti Aminah", "Agus Salim", "Dewi Lestari"];
    let mut ids = Vec::new();
    for (n, head) in heads.iter().enumerate() {
        let id = household(app, head, "1980-05-12", n + 40, "Jl. Delima 4", "05").await;
        sqlx::query("UPDATE households SET phone = $1 WHERE id = $2")
            .bind(format!("08123456{n:04}"))
            .bind(id)
            .execute(&app.db.pool)
            .await
            .unwrap();
        ids.push(id);
    }
    ids
}

pub fn hand_out(households: &[i64], capacity: i64) -> Value {
    json!({
        "programme": "BENCANA", "region": KLENDER, "name": "Bantuan banjir Klender",
        "place": "Balai Warga RW 05, Jl. Delima 4, Klender", "latitude": -6.2207,
        "longitude": 106.9309, "day": "2026-12-07", "starts": "08:00", "ends": "09:00",
        "slot_minutes": 30, "slot_capacity": capacity,
        "goods": "Beras 10 kg, selimut 1", "households": households
    })
}

/// The check-in code of a household's invitation to a hand-out.
pub async fn code_of(app: &TestApp, event: i64, household: i64) -> String {
    sqlx::query_scalar(
        "SELECT code FROM distribution_invitations WHERE event_id = $1 AND household_id = $2",
    )
    .bind(event)
    .bind(household)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// A hand-out of the four households, two per slot: (its id, the district officer).
pub async fn scheduled<'a>(app: &'a TestApp, households: &[i64]) -> (i64, Api<'a>) {
    let (_, district) = official(app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let (status, created) = district
        .post("/api/v1/distributions", hand_out(households, 2))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    (created["event"]["id"].as_i64().unwrap(), district)
}

#[tokio::test]
async fn a_hand_out_is_scheduled_in_slots_and_each_household_told() {
    let app = TestApp::spawn().await;
    let households = four_households(&app).await;
    let (id, district) = scheduled(&app, &households).await;
    let (status, detail) = district.get(&format!("/api/v1/distributions/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    let slots: Vec<&str> = detail["invitations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["slot"].as_str().unwrap())
        .collect();
    assert_eq!(slots, ["08:00", "08:00", "08:30", "08:30"]);
    assert_eq!(detail["invitations"][0]["name"], "B*** S******");
    let text = detail.to_string();
    assert!(
        !text.contains("3175071503") && !text.contains("code"),
        "no KK, NIK or code"
    );
    let sent = "SELECT COUNT(*) FROM notifications WHERE kind = 'distribution.scheduled'";
    assert_eq!(scalar(&app, sent).await, 4);
    let body: String = sqlx::query_scalar("SELECT body FROM notifications ORDER BY id LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(
        body.contains("Balai Warga RW 05") && body.contains("08:00 WIB"),
        "{body}"
    );
    let code = code_of(&app, id, households[0]).await;
    assert!(
        body.contains(&code[..4]),
        "the message carries the check-in code: {body}"
    );
    let link: String = sqlx::query_scalar("SELECT link FROM notifications ORDER BY id LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(
        link.starts_with("/penyaluran-barang/nilai?kode=") && link.contains(&code[..4]),
        "the message links to rating with its code: {link}"
    );
    let trail = "SELECT COUNT(*) FROM events WHERE action = 'distribution.scheduled'";
    assert_eq!(scalar(&app, trail).await, 1);
    let (status, list) = district
        .get(&format!("/api/v1/distributions?region={KLENDER}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["items"][0]["goods"], "Beras 10 kg, selimut 1");

    let (status, problem) = district
        .post("/api/v1/distributions", hand_out(&households, 1))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusal(&problem), ("households".into(), "capacity".into()));
    let mut bad = hand_out(&households, 2);
    bad["region"] = json!("31.75.07.1001");
    let (status, problem) = district.post("/api/v1/distributions", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refusal(&problem).0,
        "households",
        "Pondok Bambu holds none of them"
    );
}

#[tokio::test]
async fn households_check_in_by_code_and_the_no_shows_are_scheduled_again() {
    let app = TestApp::spawn().await;
    let households = four_households(&app).await;
    let (id, district) = scheduled(&app, &households).await;
    let (_, operator) = official(&app, "operator.klender", "village_operator", Some(KLENDER)).await;
    let (status, _) = district
        .post(
            "/api/v1/distributions",
            json!({"households": [households[0]]}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "fields are required"
    );
    let mut other = hand_out(&households[..1], 2);
    other["day"] = json!("2026-12-08");
    let (_, second) = district.post("/api/v1/distributions", other).await;
    let second = second["event"]["id"].as_i64().unwrap();

    let path = format!("/api/v1/distributions/{id}/check-ins");
    let code = code_of(&app, id, households[0]).await;
    let typed = format!("{}-{}-{}", &code[..4], &code[4..8], &code[8..]).to_lowercase();
    let (status, done) = operator.post(&path, json!({"code": typed})).await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    assert_eq!(
        (done["name"].as_str(), done["slot"].as_str()),
        (Some("B*** S******"), Some("08:00"))
    );
    let (status, problem) = operator.post(&path, json!({"code": code})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(refusal(&problem), ("code".into(), "checked_in".into()));
    let (status, problem) = operator
        .post(&path, json!({"code": "ABCD-EFGH-JKMN"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusal(&problem), ("code".into(), "unknown".into()));
    let foreign = code_of(&app, second, households[0]).await;
    let (status, problem) = operator.post(&path, json!({"code": foreign})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusal(&problem), ("code".into(), "other_event".into()));
    let code = code_of(&app, id, households[1]).await;
    let (status, _) = operator.post(&path, json!({"code": code})).await;
    assert_eq!(status, StatusCode::CREATED);

    let close = format!("/api/v1/distributions/{id}/close");
    let (status, closed) = district.post(&close, json!({})).await;
    assert_eq!(
        (status, closed["status"].as_str()),
        (StatusCode::OK, Some("closed"))
    );
    let (status, _) = district.post(&close, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let late = code_of(&app, id, households[2]).await;
    let (status, _) = operator.post(&path, json!({"code": late})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a closed hand-out checks nobody in"
    );
    let (_, detail) = district.get(&format!("/api/v1/distributions/{id}")).await;
    let states: Vec<&str> = detail["invitations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["status"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["checked_in", "checked_in", "no_show", "no_show"]);
    rescheduled(&app, &district, id, &households).await;
}

async fn rescheduled(app: &TestApp, district: &Api<'_>, id: i64, households: &[i64]) {
    let body = json!({"day": "2026-12-14", "starts": "13:00", "ends": "14:00"});
    let path = format!("/api/v1/distributions/{id}/reschedule");
    let (status, new) = district.post(&path, body.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{new}");
    assert_eq!(new["event"]["previous_id"], id);
    let invited: Vec<i64> = new["invitations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["household_id"].as_i64().unwrap())
        .collect();
    assert_eq!(invited, households[2..]);
    let (_, old) = district.get(&format!("/api/v1/distributions/{id}")).await;
    assert_eq!(old["invitations"][3]["status"], "rescheduled");
    let sent = "SELECT COUNT(*) FROM notifications WHERE kind = 'distribution.scheduled'";
    assert_eq!(
        scalar(app, sent).await,
        4 + 1 + 2,
        "the no-shows are told the new time"
    );
    let (status, problem) = district.post(&path, body).await;
    assert_eq!(status, StatusCode::CONFLICT, "nobody is left: {problem}");
    let trail = "SELECT COUNT(*) FROM events WHERE action LIKE 'distribution.%'";
    assert_eq!(scalar(app, trail).await, 2 + 2 + 1 + 1);
}

#[tokio::test]
async fn without_a_list_the_households_enrolled_in_the_programme_are_invited() {
    let app = TestApp::spawn().await;
    let households = four_households(&app).await;
    for household in &households[..3] {
        sqlx::query(
            "INSERT INTO enrolments (programme_code, household_id, region_code, status, source, \
             started_at, actor_kind, actor_role, event_id) \
             VALUES ('BENCANA', $1, $2, 'active', 'override', '2026-11-01T00:00:00Z', 'system', \
             'system', (SELECT MIN(id) FROM events))",
        )
        .bind(*household)
        .bind(KLENDER)
        .execute(&app.db.pool)
        .await
        .unwrap();
    }
    let (_, district) = official(&app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let mut body = hand_out(&[], 2);
    body.as_object_mut().unwrap().remove("households");
    let (status, created) = district.post("/api/v1/distributions", body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let invited: Vec<i64> = created["invitations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["household_id"].as_i64().unwrap())
        .collect();
    assert_eq!(invited, households[..3]);
}
