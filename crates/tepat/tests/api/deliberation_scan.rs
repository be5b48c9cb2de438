//! The signed minutes through the API: the village's operator sends the scan as the body
//! of `PUT /api/v1/deliberations/{id}/scan` once the deliberation is finalised; a repeat of
//! the same file answers with what is stored, another file is refused, a file of another
//! type or none is refused with nothing stored; officials of the region read it back.

use reqwest::StatusCode;
use serde_json::Value;
use tepat::clock::Clock;

use crate::common::TestApp;
use crate::deliberations::{agenda, minutes, scheduled};
use crate::proposals::{chain, official, refusal};
use crate::targeting::fixtures::KLENDER;

async fn put(app: &TestApp, token: &str, id: i64, kind: &str, body: &[u8]) -> (StatusCode, Value) {
    let response = app
        .client
        .put(app.url(&format!("/api/v1/deliberations/{id}/scan")))
        .bearer_auth(token)
        .header("content-type", kind)
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_operator_sends_the_scan_once_and_officials_read_it_back() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let (operator_id, operator) =
        official(&app, "operator.rapat", "village_operator", Some(KLENDER)).await;
    let (proposal, household, objection) = agenda(&app, &c).await;
    let today = tepat::clock::today(app.clock.now()).to_string();
    let id = scheduled(&operator, &today).await;
    let pdf = b"%PDF-1.4\n% berita acara bertanda tangan\n%%EOF\n".to_vec();
    let (status, problem) = put(&app, &operator.token, id, "application/pdf", &pdf).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusal(&problem), ("status".into(), "not-finalised".into()));
    let path = format!("/api/v1/deliberations/{id}/finalise");
    let (status, _) = operator
        .post(&path, minutes(operator_id, household, proposal, objection))
        .await;
    assert_eq!(status, StatusCode::OK);
    for (body, rule) in [
        (b"".as_slice(), "required"),
        (b"GIF89a".as_slice(), "format"),
    ] {
        let (status, problem) = put(&app, &operator.token, id, "image/png", body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(refusal(&problem), ("scan".into(), rule.into()));
    }
    let mut huge = pdf.clone();
    huge.resize(
        tepat::deliberations::scan::SCAN_BYTES_MAX + 128 * 1024,
        b' ',
    );
    let (status, _) = put(&app, &operator.token, id, "application/pdf", &huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "past 10 MB");
    let (status, _) = put(&app, &c.district.token, id, "application/pdf", &pdf).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "only the village's operator finds it to attach to"
    );
    assert_eq!(app.count("deliberation_scans").await, 0, "nothing stored");

    let (status, attached) = put(&app, &operator.token, id, "application/pdf", &pdf).await;
    assert_eq!(status, StatusCode::CREATED, "{attached}");
    assert_eq!(attached["content_type"], "application/pdf");
    let (status, again) = put(&app, &operator.token, id, "application/pdf", &pdf).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the same file again: what is stored"
    );
    assert_eq!(again["sha256"], attached["sha256"]);
    let other = b"%PDF-1.4\n% lain\n%%EOF\n";
    let (status, problem) = put(&app, &operator.token, id, "application/pdf", other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusal(&problem), ("scan".into(), "attached".into()));
    assert_eq!(
        crate::proposals::events(&app, "deliberation.scan_attached").await,
        1
    );

    let scan = app.url(&format!("/api/v1/deliberations/{id}/scan"));
    let read = app
        .client
        .get(&scan)
        .bearer_auth(&c.district.token)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    assert_eq!(read.headers()["content-type"], "application/pdf");
    assert_eq!(read.bytes().await.unwrap().as_ref(), pdf.as_slice());
    let anonymous = TestApp::new_client().get(&scan).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
