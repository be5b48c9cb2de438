//! Who sees what: the page and the API show the messages of the caller's region only,
//! addresses masked; anonymous callers are sent to sign in; bad filters name the field.

use reqwest::StatusCode;
use tepat::clock::Clock;
use tepat::notifications::{NewNotification, SMS, template::Message};

use crate::common::TestApp;
use crate::proposals::official;

const KLENDER: &str = "31.75.07.1003";
const SUKARASA: &str = "32.73.01.1001";

/// Queues one message in `region` to `phone`; its id.
async fn message(app: &TestApp, region: &str, phone: &str, subject: &str) -> i64 {
    let mut tx = app.db.begin_write().await.unwrap();
    let new = NewNotification {
        kind: "payment.rejected",
        subject_type: "payment",
        subject_id: format!("{region}:{phone}"),
        household_id: None,
        region: region.into(),
        channel: SMS,
        address: Some(phone.into()),
        message: Message {
            subject: subject.into(),
            body: "Pengiriman bantuan PKH ditolak bank.".into(),
            link: "/".into(),
        },
    };
    let id = tepat::notifications::enqueue(&mut tx, new, app.clock.now())
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn officials_see_their_own_region_with_addresses_masked() {
    let app = TestApp::spawn().await;
    message(&app, KLENDER, "081234567789", "Pesan Klender").await;
    message(&app, SUKARASA, "082200001111", "Pesan Sukarasa").await;
    let (_, village) = official(&app, "operator.klender", "village_operator", Some(KLENDER)).await;
    let (status, page) = village.get("/api/v1/notifications").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{page}");
    assert_eq!(items[0]["address"], "0812****789");
    assert_eq!(items[0]["subject"], "Pesan Klender");
    let (status, _) = village.get("/api/v1/notifications?region=32.73").await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a region outside the caller's own"
    );
    let (status, problem) = village.get("/api/v1/notifications?status=hilang").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    let (_, ministry) = official(&app, "kemensos", "ministry_officer", None).await;
    let (_, all) = ministry.get("/api/v1/notifications?status=pending").await;
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    let (_, bandung) = ministry.get("/api/v1/notifications?region=32.73").await;
    assert_eq!(bandung["items"][0]["subject"], "Pesan Sukarasa");
    let (status, _) = village
        .post("/api/v1/notifications/1/retry", serde_json::json!({}))
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a village operator does not send again"
    );
    let anonymous = app
        .client
        .get(app.url("/api/v1/notifications"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_page_lists_the_region_and_sends_a_dead_letter_again() {
    let app = TestApp::spawn().await;
    let klender = message(&app, KLENDER, "081234567789", "Pesan Klender").await;
    message(&app, SUKARASA, "082200001111", "Pesan Sukarasa").await;
    sqlx::query(
        "UPDATE notifications SET status = 'failed', attempts = 12, \
                 last_error = 'gateway menjawab 500' WHERE id = $1",
    )
    .bind(klender)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let anonymous = TestApp::new_client()
        .get(app.url("/notifikasi"))
        .send()
        .await
        .unwrap();
    assert!(
        anonymous.status().is_redirection(),
        "{}",
        anonymous.status()
    );

    app.add_account("operator.klender", "village_operator", Some(KLENDER))
        .await;
    app.login("operator.klender").await;
    let html = app.text("/notifikasi").await;
    assert!(html.contains("Pesan Klender") && !html.contains("Pesan Sukarasa"));
    assert!(html.contains("0812****789") && !html.contains("081234567789"));
    assert!(html.contains("Transfer ditolak bank") && !html.contains("payment.rejected"));
    assert!(
        !html.contains("kirim-ulang"),
        "a village operator does not send again"
    );

    let district = TestApp::new_client();
    app.add_account("dinsos.jaktim", "district_officer", Some("31.75"))
        .await;
    let login = app
        .login_with(&district, "dinsos.jaktim", crate::common::PASSWORD)
        .await;
    assert_eq!(login.status(), 303);
    let page = district
        .get(app.url("/notifikasi?status=failed"))
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    assert!(html.contains("gateway menjawab 500"), "{html}");
    let action = format!("/notifikasi/{klender}/kirim-ulang");
    assert!(html.contains(&action));
    let csrf = crate::common::form_token(&html);
    let sent = district
        .post(app.url(&action))
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 303);
    let status: String = sqlx::query_scalar("SELECT status FROM notifications WHERE id = $1")
        .bind(klender)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "pending");
}

#[tokio::test]
async fn the_objector_is_told_the_outcome_and_village_officials_never_see_whom() {
    let app = TestApp::spawn().await;
    let (_, enrolment) = crate::objections::recipient(&app, 0).await;
    let neighbour = crate::proposals::family(&app, 1, 3).await;
    sqlx::query("UPDATE households SET phone = '081233334444' WHERE id = $1")
        .bind(neighbour)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let (status, page) =
        crate::objections::objection_by(&app, enrolment, neighbour, "10.6.6.7").await;
    assert_eq!(status, StatusCode::OK);
    let code = crate::objections::tracking_code(&page);
    let id: i64 = sqlx::query_scalar("SELECT id FROM objections")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let (_, district) = official(&app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let body = serde_json::json!({"finding": "unfounded", "note": "Penghasilan sesuai data"});
    let (status, done) = district
        .post(&format!("/api/v1/objections/{id}/verify"), body)
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let (status, seen) = district.get("/api/v1/notifications").await;
    assert_eq!(status, StatusCode::OK);
    let told = &seen["items"][0];
    assert_eq!(told["kind"], "objection.answered");
    assert_eq!(told["address"], "0812****444");
    assert!(told["body"].as_str().unwrap().contains("tidak terbukti"));
    assert!(told["link"].as_str().unwrap().ends_with(&code));
    let (_, village) = official(&app, "operator.klender", "village_operator", Some(KLENDER)).await;
    let (_, hidden) = village.get("/api/v1/notifications").await;
    let hidden = &hidden["items"][0];
    assert_eq!(hidden["household_id"], serde_json::Value::Null);
    assert!(!hidden.to_string().contains(&code) && !hidden.to_string().contains("4444"));
}
