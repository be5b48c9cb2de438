//! A village's monthly deliberation calendar: its operator sets the standing day and place
//! (API and page), bad days and places are refused with the field and the rule and change
//! nothing, other roles and villages are refused; the server announces each month's meeting
//! fourteen days before its day, once, and not in a month that already has one.

use reqwest::StatusCode;
use serde_json::json;
use time::macros::datetime;

use crate::common::TestApp;
use crate::proposals::{official, refusal};
use crate::targeting::fixtures::KLENDER;

const CALENDAR: &str = "/api/v1/deliberations/calendar/31.75.07.1003";

/// The deliberations announced in Klender: (held on, place, actor kind).
async fn announced(app: &TestApp) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "SELECT held_on, place, scheduled_kind FROM deliberations WHERE region_code = $1 \
         ORDER BY held_on",
    )
    .bind(KLENDER)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_villages_operator_sets_the_calendar_and_bad_input_changes_nothing() {
    let app = TestApp::spawn().await;
    let (_, operator) = official(&app, "operator.jadwal", "village_operator", Some(KLENDER)).await;
    let (_, district) = official(&app, "dinsos.jadwal", "district_officer", Some("31.75")).await;
    assert_eq!(app.get(CALENDAR).await.status(), StatusCode::NOT_FOUND);
    let (status, set) = operator
        .put(CALENDAR, json!({"day": 10, "place": "Aula Kelurahan"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(set["day"], 10);
    let next = set["next"].as_str().unwrap();
    assert!(next.ends_with("-10"), "{next}");
    let public: serde_json::Value = app.get(CALENDAR).await.json().await.unwrap();
    assert_eq!(public["place"], "Aula Kelurahan");
    assert_eq!(public["set_by"], "Petugas operator.jadwal");
    for (body, field, rule) in [
        (json!({"day": 0, "place": "Aula"}), "day", "range"),
        (json!({"day": 29, "place": "Aula"}), "day", "range"),
        (json!({"day": 5, "place": " "}), "place", "length"),
    ] {
        let (status, problem) = operator.put(CALENDAR, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(refusal(&problem), (field.into(), rule.into()));
    }
    for (village, rule) in [("x1", "format"), ("31.75.07", "level")] {
        let (status, problem) = operator
            .put(
                &format!("/api/v1/deliberations/calendar/{village}"),
                json!({"day": 5, "place": "Aula"}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{village}");
        assert_eq!(refusal(&problem), ("village".into(), rule.into()));
    }
    let (status, problem) = operator
        .put(
            "/api/v1/deliberations/calendar/31.75.07.1004",
            json!({"day": 5, "place": "Aula"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusal(&problem), ("village".into(), "scope".into()));
    let (status, _) = district
        .put(CALENDAR, json!({"day": 5, "place": "Aula"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let kept: serde_json::Value = app.get(CALENDAR).await.json().await.unwrap();
    assert_eq!(
        (kept["day"].as_i64(), kept["place"].as_str()),
        (Some(10), Some("Aula Kelurahan"))
    );
    assert_eq!(
        crate::proposals::events(&app, "deliberation.calendar_set").await,
        1,
        "one event for the one change"
    );
}

#[tokio::test]
async fn each_months_meeting_is_announced_fourteen_days_ahead_once() {
    let app = TestApp::spawn().await;
    let (_, operator) = official(&app, "operator.jadwal", "village_operator", Some(KLENDER)).await;
    let (status, _) = operator
        .put(CALENDAR, json!({"day": 10, "place": "Aula Kelurahan"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let announce = |now| tepat::deliberations::calendar::announce_due(&app.db, now);
    // 2099-03-10 is nine days away on the 1st: announced, by the system, once.
    assert_eq!(announce(datetime!(2099-03-01 03:00 UTC)).await.unwrap(), 1);
    assert_eq!(announce(datetime!(2099-03-02 03:00 UTC)).await.unwrap(), 0);
    // On the 20th, April's meeting is 21 days away: not yet; on the 27th, 14 days: now.
    assert_eq!(announce(datetime!(2099-03-20 03:00 UTC)).await.unwrap(), 0);
    assert_eq!(announce(datetime!(2099-03-27 03:00 UTC)).await.unwrap(), 1);
    // May already has a meeting the operator announced himself: the calendar adds none.
    let (status, _) = operator
        .post(
            "/api/v1/deliberations",
            json!({"village": KLENDER, "held_on": "2099-05-03", "place": "Masjid"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(announce(datetime!(2099-04-28 03:00 UTC)).await.unwrap(), 0);
    let all = announced(&app).await;
    let by = |kind: &str| kind.to_owned();
    assert_eq!(
        all,
        [
            ("2099-03-10".into(), "Aula Kelurahan".into(), by("system")),
            ("2099-04-10".into(), "Aula Kelurahan".into(), by("system")),
            ("2099-05-03".into(), "Masjid".into(), by("account")),
        ]
    );
    assert_eq!(
        crate::proposals::events(&app, "deliberation.scheduled").await,
        3
    );
    let page = app.text(&format!("/musyawarah?desa={KLENDER}")).await;
    assert!(
        page.contains("setiap tanggal 10 di Aula Kelurahan"),
        "{page}"
    );
}

#[tokio::test]
async fn the_operator_sets_the_calendar_on_the_village_page_and_a_refusal_keeps_the_typing() {
    let app = TestApp::spawn().await;
    app.add_account("operator.jadwal", "village_operator", Some(KLENDER))
        .await;
    app.login("operator.jadwal").await;
    let page = format!("/musyawarah?desa={KLENDER}");
    let html = app.text(&page).await;
    assert!(html.contains("belum menetapkan jadwal bulanan"), "{html}");
    assert!(html.contains("action=\"/musyawarah/jadwal\""));
    let bad = [("desa", KLENDER), ("hari", "31"), ("tempat", "Balai RW 05")];
    let response = app.post_form(&page, "/musyawarah/jadwal", &bad).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("tanggal 1 sampai 28"), "{html}");
    assert!(
        html.contains("value=\"Balai RW 05\""),
        "what was typed is kept"
    );
    assert_eq!(app.count("deliberation_calendars").await, 0);
    let good = [("desa", KLENDER), ("hari", "7"), ("tempat", "Balai RW 05")];
    let response = app.post_form(&page, "/musyawarah/jadwal", &good).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = app.text(&page).await;
    assert!(html.contains("setiap tanggal 7 di Balai RW 05"), "{html}");
    // The public sees the calendar and no form.
    let public = TestApp::new_client()
        .get(app.url(&page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(public.contains("setiap tanggal 7 di Balai RW 05"));
    assert!(!public.contains("action=\"/musyawarah/jadwal\""));
}
