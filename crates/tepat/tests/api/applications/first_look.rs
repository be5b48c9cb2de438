//! An application whose KK or NIK is already in the registry is flagged to officials at
//! the first look, before the field visit; never to the family.

use serde_json::{Value, json};

use super::{KLENDER, PONDOK_BAMBU, family};
use crate::common::TestApp;

async fn apply(app: &TestApp, body: &Value) {
    let sent = app
        .client
        .post(app.url("/api/v1/applications"))
        .header("idempotency-key", tepat::http::token::random_token())
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 201, "{:?}", sent.text().await);
}

async fn application_ids(app: &TestApp) -> Vec<i64> {
    use sqlx::Row;
    sqlx::query("SELECT id FROM applications ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get(0).unwrap())
        .collect()
}

#[tokio::test]
async fn a_registered_kk_or_nik_is_flagged_at_the_first_look() {
    let app = TestApp::spawn().await;
    let (household, _) = crate::registry::seed(&app, KLENDER, "317507", 1).await;
    let (elsewhere, _) = crate::registry::seed(&app, PONDOK_BAMBU, "317507", 2).await;
    let mut same_kk = family(KLENDER, "317507", 5);
    same_kk["kk"] = json!("3175071503150001");
    apply(&app, &same_kk).await;
    let mut known_nik = family(KLENDER, "317507", 6);
    known_nik["members"][0]["nik"] = json!("3175072105870002");
    known_nik["members"][0]["birth_date"] = json!("21-05-1987");
    apply(&app, &known_nik).await;
    apply(&app, &family(KLENDER, "317507", 7)).await;
    let ids = application_ids(&app).await;
    assert_eq!(ids.len(), 3);

    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    app.login("op.klender").await;
    let html = app.text(&format!("/pendaftaran/{}", ids[0])).await;
    assert!(html.contains("id=\"already-registered\""), "{html}");
    assert!(html.contains("KK 3175071503150001"));
    assert!(
        html.contains(&format!("href=\"/keluarga/{household}\"")),
        "the household in the operator's village is one tap away"
    );
    let html = app.text(&format!("/pendaftaran/{}", ids[1])).await;
    assert!(html.contains("NIK 3175072105870002"), "{html}");
    assert!(
        html.contains("keluarga di luar wilayah Anda")
            && !html.contains(&format!("href=\"/keluarga/{elsewhere}\"")),
        "a household in another village is named, not linked"
    );
    let html = app.text(&format!("/pendaftaran/{}", ids[2])).await;
    assert!(
        !html.contains("id=\"already-registered\""),
        "a new family has no flag"
    );
}
