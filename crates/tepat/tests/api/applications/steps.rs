//! The API: bad fields named, a repeat answered once, the queue scoped, steps in order,
//! and acceptance refused for a family already registered.

use serde_json::{Value, json};
use sqlx::Row;

use super::*;
use crate::common::TestApp;

async fn api_submit(app: &TestApp, key: Option<&str>, body: &Value) -> reqwest::Response {
    let mut request = app.client.post(app.url("/api/v1/applications")).json(body);
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    request.send().await.unwrap()
}

async fn problem_fields(response: reqwest::Response) -> Vec<(String, String)> {
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("problem lists its fields: {body}"))
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
            (text("field"), text("rule"))
        })
        .collect()
}

/// Each bad field of an application sent to the API is named with its rule.
async fn each_bad_field_is_named(app: &TestApp, good: &Value) {
    let mut bad = good.clone();
    bad["members"][0]["nik"] = json!("31750702028");
    let fields = problem_fields(api_submit(app, Some("k-bad-nik"), &bad).await).await;
    assert!(
        fields.contains(&("members[0].nik".into(), "nik-format".into())),
        "{fields:?}"
    );
    let mut two_heads = good.clone();
    two_heads["members"][1]["relationship"] = json!("kepala");
    let fields = problem_fields(api_submit(app, Some("k-heads"), &two_heads).await).await;
    assert!(
        fields.contains(&("members[1].relationship".into(), "one-head".into())),
        "{fields:?}"
    );
    let mut nowhere = good.clone();
    nowhere["village_code"] = json!("31.75.07.9999");
    let fields = problem_fields(api_submit(app, Some("k-village"), &nowhere).await).await;
    assert!(
        fields.contains(&("village_code".into(), "unknown".into())),
        "{fields:?}"
    );
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("address");
    let fields = problem_fields(api_submit(app, Some("k-missing"), &missing).await).await;
    assert!(
        fields.contains(&("address".into(), "required".into())),
        "{fields:?}"
    );
    let mut no_statement = good.clone();
    no_statement["statement"] = json!("");
    let fields = problem_fields(api_submit(app, Some("k-stmt"), &no_statement).await).await;
    assert!(
        fields.contains(&("statement".into(), "required".into())),
        "{fields:?}"
    );
}

#[tokio::test]
async fn the_api_takes_an_application_once_and_names_each_bad_field() {
    let app = TestApp::spawn().await;
    let good = family(KLENDER, "317507", 2);
    each_bad_field_is_named(&app, &good).await;
    assert_eq!(api_submit(&app, None, &good).await.status(), 400);
    assert_eq!(app.count("applications").await, 0);

    let first = api_submit(&app, Some("k-good"), &good).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let tracking = first["tracking_number"].as_str().unwrap().to_owned();
    assert!(
        tracking.starts_with("TPT-") && tracking.len() == 14,
        "{first}"
    );
    let again: Value = api_submit(&app, Some("k-good"), &good)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["tracking_number"], first["tracking_number"]);
    assert_eq!(app.count("applications").await, 1);

    let ask = |born: &str| json!({"tracking_number": tracking.to_lowercase(), "birth_date": born});
    let status = app
        .client
        .post(app.url("/api/v1/application-status"))
        .json(&ask("1985-02-02"))
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), 200);
    let status: Value = status.json().await.unwrap();
    assert_eq!(status["status"], "diajukan");
    let wrong = app
        .client
        .post(app.url("/api/v1/application-status"))
        .json(&ask("1985-02-03"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 404);

    // The event is written, and its changes hold no personal data.
    let id: i64 = sqlx::query("SELECT id FROM applications")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    let events = events_of(&app, id).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0, "application.submitted");
    assert!(!events[0].1.contains("Joko") && !events[0].1.contains("317507"));
}

/// Officials see only their region's applications, in the API and in the browser.
async fn the_queue_is_scoped(app: &TestApp, (klender, pondok): (i64, i64), operator: &str) {
    let list: Value = app
        .client
        .get(app.url("/api/v1/applications?status=diajukan"))
        .bearer_auth(operator)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![klender]);
    let outside = app
        .client
        .get(app.url(&format!("/api/v1/applications/{pondok}")))
        .bearer_auth(operator)
        .send()
        .await
        .unwrap();
    // Outside the scope answers like a missing application.
    assert_eq!(outside.status(), 404);
    app.login("op.pondokbambu").await;
    assert_eq!(
        app.get(&format!("/pendaftaran/{klender}")).await.status(),
        404
    );
    assert!(
        !app.text("/pendaftaran")
            .await
            .contains("href=\"/pendaftaran/{klender}\"")
    );
}

/// The district office may not decide, acceptance needs the visit, a rejection needs a
/// reason and happens once; returns the reason given.
async fn steps_are_refused_in_order(
    app: &TestApp,
    klender: i64,
    (operator, district): (&str, &str),
) -> &'static str {
    let post = |token: &str, path: String, key: &str, body: Value| {
        app.client
            .post(app.url(&path))
            .bearer_auth(token.to_owned())
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    // The district office reads the queue but does not decide it.
    let reject_path = format!("/api/v1/applications/{klender}/reject");
    let refused = post(
        district,
        reject_path.clone(),
        "d1",
        json!({"reason": "Bukan warga"}),
    );
    assert_eq!(refused.await.unwrap().status(), 403);
    // Acceptance needs the field visit first.
    let early = post(
        operator,
        format!("/api/v1/applications/{klender}/accept"),
        "a0",
        json!({}),
    );
    let early = early.await.unwrap();
    assert_eq!(early.status(), 409);
    let body: Value = early.json().await.unwrap();
    assert_eq!(body["errors"][0]["rule"], "not-verified", "{body}");
    let no_reason = post(operator, reject_path.clone(), "r0", json!({"reason": ""}));
    let fields = problem_fields(no_reason.await.unwrap()).await;
    assert_eq!(fields, vec![("reason".to_owned(), "required".to_owned())]);
    let reason = "Keluarga tidak ditemukan di alamat yang ditulis";
    let rejected = post(
        operator,
        reject_path.clone(),
        "r1",
        json!({"reason": reason}),
    );
    let rejected: Value = rejected.await.unwrap().json().await.unwrap();
    assert_eq!(rejected["status"], "ditolak");
    let twice = post(operator, reject_path, "r2", json!({"reason": reason}));
    assert_eq!(twice.await.unwrap().status(), 409);

    reason
}

#[tokio::test]
async fn the_queue_is_scoped_and_a_rejection_reaches_the_family() {
    let app = TestApp::spawn().await;
    app.add_account("op.pondokbambu", "village_operator", Some(PONDOK_BAMBU))
        .await;
    let (klender, _) = submitted(&app, KLENDER, "317507", 3, false).await;
    let (pondok, _) = submitted(&app, PONDOK_BAMBU, "317507", 4, false).await;
    let operator = crate::registry::token(&app, "village_operator", Some(KLENDER)).await;
    let district = crate::registry::token(&app, "district_officer", Some("31.75")).await;
    the_queue_is_scoped(&app, (klender, pondok), &operator).await;
    let reason = steps_are_refused_in_order(&app, klender, (&operator, &district)).await;

    let tracking: String = sqlx::query("SELECT tracking_number FROM applications WHERE id = $1")
        .bind(klender)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    let family_client = TestApp::new_client();
    let (status, html) = check_status(&app, &family_client, &tracking, "02-02-1985").await;
    assert_eq!(status, 200);
    assert!(html.contains("Ditolak") && html.contains(reason), "{html}");
    let actions: Vec<String> = events_of(&app, klender)
        .await
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(actions, ["application.submitted", "application.rejected"]);
}

#[tokio::test]
async fn accepting_a_family_already_in_the_registry_is_refused_with_the_reason() {
    let app = TestApp::spawn().await;
    let operator = crate::registry::token(&app, "village_operator", Some(KLENDER)).await;
    let (id, _) = submitted(&app, KLENDER, "317507", 5, true).await;
    // The same family was meanwhile registered at the office.
    let registered: tepat::registry::service::NewHousehold =
        serde_json::from_value(family(KLENDER, "317507", 5)).unwrap();
    let seeder = officer(Role::DistrictOfficer, KLENDER);
    tepat::registry::service::create(
        &app.db,
        &seeder,
        None,
        &registered,
        app.clock.now(),
        &tepat::duplicates::notices::DuplicateNotices,
    )
    .await
    .unwrap();
    let households = app.count("households").await;

    let accept = app
        .client
        .post(app.url(&format!("/api/v1/applications/{id}/accept")))
        .bearer_auth(&operator)
        .header("idempotency-key", "a1")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(accept.status(), 409);
    let body: Value = accept.json().await.unwrap();
    let field = body["errors"][0]["field"].as_str().unwrap_or_default();
    assert!(field == "kk" || field.starts_with("members["), "{body}");
    assert_eq!(app.count("households").await, households);
    let detail: Value = app
        .client
        .get(app.url(&format!("/api/v1/applications/{id}")))
        .bearer_auth(&operator)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["status"], "diverifikasi");
    assert!(detail["household_id"].is_null());

    a_visit_not_finding_the_family_cannot_lead_to_acceptance(&app, &operator).await;
    crate::log::assert_audit_clean(&app).await;
}

/// A visit that did not find the family cannot lead to acceptance.
async fn a_visit_not_finding_the_family_cannot_lead_to_acceptance(app: &TestApp, operator: &str) {
    let (other, _) = submitted(app, KLENDER, "317507", 6, false).await;
    let verify = app
        .client
        .post(app.url(&format!("/api/v1/applications/{other}/verify")))
        .bearer_auth(operator)
        .header("idempotency-key", "v1")
        .json(&json!({"visit_result": "tidak_ditemukan", "survey": {"owns_land": "mungkin"}}))
        .send()
        .await
        .unwrap();
    let fields = problem_fields(verify).await;
    assert_eq!(
        fields,
        vec![("survey.owns_land".to_owned(), "choice".to_owned())]
    );
    let verify = app
        .client
        .post(app.url(&format!("/api/v1/applications/{other}/verify")))
        .bearer_auth(operator)
        .header("idempotency-key", "v2")
        .json(&json!({"visit_result": "tidak_ditemukan", "visit_note": "Rumah kosong"}))
        .send()
        .await
        .unwrap();
    assert_eq!(verify.status(), 200);
    let accept = app
        .client
        .post(app.url(&format!("/api/v1/applications/{other}/accept")))
        .bearer_auth(operator)
        .header("idempotency-key", "a2")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(accept.status(), 409);
}
