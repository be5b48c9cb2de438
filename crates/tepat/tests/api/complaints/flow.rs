//! A complaint from the form to the answer: routing, replies, resolving, reopening once,
//! rating, messages to the reporter, and escalation on the test clock.

use reqwest::StatusCode;
use serde_json::json;
use tepat::clock::Clock;

use super::*;
use crate::enrolment::Api;

#[tokio::test]
async fn a_complaint_with_a_photo_and_a_place_is_followed_by_code_until_the_official_answers() {
    let app = TestApp::spawn().await;
    let code = filed(&app, "not_received", "10.1.0.1").await;
    assert!(code.starts_with("LPR-") && code.len() == 12, "{code}");
    let photo: Vec<u8> = sqlx::query_scalar("SELECT photo FROM complaint_photos")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&photo);
    assert!(
        !text.contains("Exif") && !text.contains("Samsung"),
        "EXIF removed"
    );
    assert!(photo.starts_with(&[0xFF, 0xD8]) && photo.ends_with(&[0xFF, 0xD9]));
    let seen = public_status(&app, &code).await;
    assert_eq!(
        (seen["status"].as_str(), seen["office_level"].as_str()),
        (Some("open"), Some("district"))
    );
    let district = Api::new(&app, "district_officer", Some("31.75")).await;
    let (_, page) = district.get("/api/v1/complaints").await;
    let item = &page["items"][0];
    assert_eq!(
        (item["latitude"].as_f64(), item["photos"].as_i64()),
        (Some(-6.2146), Some(1))
    );
    assert!(item.get("contact").is_none() && item["has_contact"] == true);
    let id = item["id"].as_i64().unwrap();
    let (status, _) = district
        .post(
            &format!("/api/v1/complaints/{id}/reply"),
            json!({"text": "Sedang kami periksa ke bank penyalur"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(public_status(&app, &code).await["status"], "answered");
    let answer = "Dana sudah dikirim ulang ke rekening KKS Anda pada hari ini";
    let (status, done) = district
        .post(
            &format!("/api/v1/complaints/{id}/resolve"),
            json!({"text": answer}),
        )
        .await;
    assert_eq!(
        (status, done["status"].as_str()),
        (StatusCode::OK, Some("resolved"))
    );
    let page = app.text(&format!("/lapor/status?kode={code}")).await;
    assert!(
        page.contains(answer) && page.contains("Selesai dijawab"),
        "{page}"
    );
    let seen = public_status(&app, &code).await;
    let kinds: Vec<&str> = seen["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["submitted", "replied", "resolved"]);
    told_and_traced(&app).await;
}

/// The reporter was told of each change at the number they gave; the trail names the
/// category and the village, never the words or the contact.
async fn told_and_traced(app: &TestApp) {
    // The reporter is told of each change at the number they gave.
    let told: Vec<String> =
        sqlx::query_scalar("SELECT address FROM notifications WHERE kind = 'complaint.updated'")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(told, vec!["081234567890"; 3]);
    // The trail names the category and the village, never the words or the contact.
    let changes: Vec<String> =
        sqlx::query_scalar("SELECT changes FROM events WHERE subject_type = 'complaint'")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(changes.len(), 3);
    assert!(changes[0].contains("not_received"));
    assert!(
        changes
            .iter()
            .all(|c| !c.contains("0812") && !c.contains("belum kami terima"))
    );
}

/// Posts a follow-up form of the tracking page: (status).
async fn follow_up(
    app: &TestApp,
    code: &str,
    action: &str,
    field: (&str, &str),
) -> (StatusCode, String) {
    // The tracking page shows its forms only while they may be used; any public form
    // carries the session's token.
    let response = app
        .post_form("/lapor-pungli/status", action, &[("kode", code), field])
        .await;
    let status = response.status();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn the_reporter_reopens_once_and_rates_the_answer_once() {
    let app = TestApp::spawn().await;
    let code = filed(&app, "wrong_amount", "10.1.0.2").await;
    let id = id_of(&app, &code).await;
    let district = Api::new(&app, "district_officer", Some("31.75")).await;
    let resolve = |text: &'static str| {
        let district = &district;
        async move {
            district
                .post(
                    &format!("/api/v1/complaints/{id}/resolve"),
                    json!({"text": text}),
                )
                .await
                .0
        }
    };
    assert_eq!(
        resolve("Jumlah sesuai ketentuan komponen PKH").await,
        StatusCode::OK
    );
    let reason = ("reason", "Komponen lansia belum dihitung sama sekali");
    let (status, _) = follow_up(&app, &code, "/lapor/status/buka", reason).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(public_status(&app, &code).await["status"], "reopened");
    assert_eq!(
        resolve("Komponen lansia ditambahkan pada tahap berikut").await,
        StatusCode::OK
    );
    let (status, page) = follow_up(&app, &code, "/lapor/status/buka", reason).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("satu kali"), "{page}");
    assert_eq!(public_status(&app, &code).await["status"], "resolved");
    let (status, _) = follow_up(&app, &code, "/lapor/status/nilai", ("rating", "9")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = follow_up(&app, &code, "/lapor/status/nilai", ("rating", "4")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = follow_up(&app, &code, "/lapor/status/nilai", ("rating", "1")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let seen = public_status(&app, &code).await;
    assert_eq!(
        (seen["rating"].as_i64(), seen["may_reopen"].as_bool()),
        (Some(4), Some(false))
    );
}

#[tokio::test]
async fn a_complaint_goes_to_the_office_of_its_category_in_its_region() {
    let app = TestApp::spawn().await;
    let data_error = filed(&app, "data_error", "10.1.0.3").await;
    let not_received = filed(&app, "not_received", "10.1.0.3").await;
    let (village_one, district_one) = (
        id_of(&app, &data_error).await,
        id_of(&app, &not_received).await,
    );
    let operator = Api::new(&app, "village_operator", Some(KLENDER)).await;
    let district = Api::new(&app, "district_officer", Some("31.75")).await;
    let bandung = Api::new(&app, "district_officer", Some("32.73")).await;
    let reply = json!({"text": "Sudah kami catat dan kami periksa"});
    let (status, problem) = district
        .post(
            &format!("/api/v1/complaints/{village_one}/reply"),
            reply.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        crate::enrolment::refusal(&problem),
        ("level".into(), "not-your-level".into())
    );
    let (status, _) = operator
        .post(
            &format!("/api/v1/complaints/{district_one}/reply"),
            reply.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = operator
        .post(
            &format!("/api/v1/complaints/{village_one}/reply"),
            reply.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = district
        .post(
            &format!("/api/v1/complaints/{district_one}/reply"),
            reply.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // Outside the region: nothing to see, nothing to answer.
    let (status, _) = bandung
        .get(&format!("/api/v1/complaints/{district_one}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, page) = bandung.get("/api/v1/complaints").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 0);
    let office: String = sqlx::query_scalar("SELECT office_region FROM complaints WHERE id = $1")
        .bind(village_one)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(office, KLENDER);
}

#[tokio::test]
async fn a_complaint_left_without_a_response_past_its_days_goes_one_level_up() {
    let app = TestApp::spawn().await;
    let code = filed(&app, "distribution", "10.1.0.4").await;
    let id = id_of(&app, &code).await;
    let escalate = || tepat::complaints::service::escalate_overdue(&app.db, app.clock.now());
    app.clock.advance(time::Duration::days(4));
    assert_eq!(escalate().await.unwrap(), 0);
    app.clock
        .advance(time::Duration::days(1) + time::Duration::minutes(1));
    let district = Api::new(&app, "district_officer", Some("31.75")).await;
    let (_, late) = district.get("/api/v1/complaints?overdue=true").await;
    assert_eq!(late["items"][0]["overdue"], true);
    assert_eq!(escalate().await.unwrap(), 1);
    let seen = public_status(&app, &code).await;
    assert_eq!(seen["office_level"], "province");
    assert_eq!(
        seen["history"].as_array().unwrap().last().unwrap()["kind"],
        "escalated"
    );
    let reply = json!({"text": "Kami tindak lanjuti bersama dinas kabupaten"});
    let (status, _) = district
        .post(&format!("/api/v1/complaints/{id}/reply"), reply.clone())
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let province = Api::new(&app, "province_officer", Some("31")).await;
    let (status, _) = province
        .post(&format!("/api/v1/complaints/{id}/reply"), reply)
        .await;
    assert_eq!(status, StatusCode::OK);
    app.clock.advance(time::Duration::days(30));
    assert_eq!(escalate().await.unwrap(), 0, "an answered complaint stays");
    let events: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE action = 'complaint.escalated'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(events, 1);
}

#[tokio::test]
async fn an_answered_question_is_published_without_the_original() {
    let app = TestApp::spawn().await;
    let mut fields = complaint_fields("question");
    fields[3].1 = "Apakah anak yang kuliah masih dihitung dalam PKH? Saya Sri di RT 03".into();
    let (_, page) = file(&app, "10.1.0.5", &fields, &[]).await;
    let id = id_of(&app, &code_in(&page, "tracking-code")).await;
    let operator = Api::new(&app, "village_operator", Some(KLENDER)).await;
    let publish = json!({"question": "Apakah anak yang kuliah masih dihitung dalam PKH?",
        "answer": "Komponen pendidikan PKH berlaku sampai SMA atau sederajat."});
    let (status, _) = operator
        .post(&format!("/api/v1/complaints/{id}/publish"), publish.clone())
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "not answered yet");
    let answer = json!({"text": "Komponen pendidikan PKH berlaku sampai SMA atau sederajat."});
    operator
        .post(&format!("/api/v1/complaints/{id}/resolve"), answer)
        .await;
    let (status, _) = operator
        .post(&format!("/api/v1/complaints/{id}/publish"), publish)
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let page = app.text("/tanya-jawab?program=PKH").await;
    assert!(
        page.contains("masih dihitung dalam PKH") && !page.contains("Sri di RT 03"),
        "{page}"
    );
    let none = app.text("/tanya-jawab?program=SEMBAKO").await;
    assert!(!none.contains("masih dihitung"));
}
