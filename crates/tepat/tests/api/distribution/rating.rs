//! Ratings: only a household that was checked in rates, once, after the hand-out closed,
//! with the code of its message and no sign-in; the score and count show on the hand-out.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{KLENDER, code_of, four_households, scheduled};
use crate::common::TestApp;
use crate::proposals::{official, refusal};

async fn rate(app: &TestApp, body: Value) -> (StatusCode, Value) {
    let response = app
        .client
        .post(app.url("/api/v1/distributions/ratings"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_recipient_who_came_rates_the_hand_out_once() {
    let app = TestApp::spawn().await;
    let households = four_households(&app).await;
    let (id, district) = scheduled(&app, &households).await;
    let (_, operator) = official(&app, "operator.klender", "village_operator", Some(KLENDER)).await;
    let came = code_of(&app, id, households[0]).await;
    let also = code_of(&app, id, households[1]).await;
    let absent = code_of(&app, id, households[2]).await;
    let path = format!("/api/v1/distributions/{id}/check-ins");
    for code in [&came, &also] {
        let (status, _) = operator.post(&path, json!({"code": code})).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let good = json!({"code": came, "score": 4, "comment": "Antrean rapi, beras bagus."});
    let (status, problem) = rate(&app, good.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "not before it closes");
    assert_eq!(refusal(&problem), ("code".into(), "attended".into()));
    let (status, _) = district
        .post(&format!("/api/v1/distributions/{id}/close"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);

    let (status, body) = rate(&app, good.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, problem) = rate(&app, good).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(refusal(&problem), ("code".into(), "rated".into()));
    let (status, problem) = rate(&app, json!({"code": also, "score": 6})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusal(&problem), ("score".into(), "range".into()));
    let long = "a".repeat(501);
    let (status, problem) = rate(&app, json!({"code": also, "score": 5, "comment": long})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusal(&problem), ("comment".into(), "length".into()));
    let (status, _) = rate(&app, json!({"code": absent, "score": 1})).await;
    assert_eq!(status, StatusCode::CONFLICT, "only who came");
    let (status, problem) = rate(&app, json!({"code": "nope", "score": 1})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusal(&problem), ("code".into(), "unknown".into()));
    let (status, _) = rate(&app, json!({"code": also, "score": 5})).await;
    assert_eq!(status, StatusCode::CREATED);

    let (_, detail) = district.get(&format!("/api/v1/distributions/{id}")).await;
    assert_eq!(detail["event"]["ratings"], 2);
    assert_eq!(detail["event"]["rating_average"], 4.5);
}

#[tokio::test]
async fn the_message_page_shows_the_code_as_a_qr_for_the_desk_and_nothing_for_a_bad_one() {
    let app = TestApp::spawn().await;
    let households = four_households(&app).await;
    let (id, _) = scheduled(&app, &households).await;
    let code = code_of(&app, id, households[0]).await;
    let shown = format!("{}-{}-{}", &code[..4], &code[4..8], &code[8..]);
    let page = app
        .text(&format!(
            "/penyaluran-barang/nilai?kode={}",
            shown.to_lowercase()
        ))
        .await;
    assert!(
        page.contains("id=\"show-code\"") && page.contains("<svg"),
        "{page}"
    );
    assert!(page.contains(&format!("id=\"shown-code\">{shown}<")));
    assert!(page.contains("Kode hadir Anda"));
    let bad = app.text("/penyaluran-barang/nilai?kode=%3Cscript%3E").await;
    assert!(!bad.contains("id=\"show-code\"") && !bad.contains("<script>"));
}
