//! The welfare API and the household page: score, desil, model, survey date and the "why"
//! list for a scored household; "belum didata" without a survey; scope and roles.

use serde_json::Value;

use super::fixtures::{BANDUNG, KLENDER, household, score, survey};
use crate::common::TestApp;

/// An API caller with a token of one role.
struct Api<'a> {
    app: &'a TestApp,
    token: String,
}

impl Api<'_> {
    async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .app
            .client
            .get(self.app.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

async fn api<'a>(app: &'a TestApp, role: &str, region: Option<&str>) -> Api<'a> {
    let token = crate::tokens::role_token(app, role, region, &["registry:read"]).await;
    Api { app, token }
}

/// The contributions add up to the score, come largest first, and name the answers of the
/// poor fixture household (three members, one elderly, an earth floor).
fn assert_explained(body: &Value) {
    let contributions = body["contributions"].as_array().unwrap();
    let points: Vec<f64> = contributions
        .iter()
        .map(|c| c["points"].as_f64().unwrap())
        .collect();
    let sum: f64 = points.iter().sum::<f64>() + body["constant"].as_f64().unwrap();
    assert!(
        (sum - body["score"].as_f64().unwrap()).abs() < 1e-5,
        "{sum} vs {body}"
    );
    let recorded: Vec<&Value> = contributions
        .iter()
        .filter(|c| !c["value"].is_null())
        .collect();
    assert!(recorded.windows(2).all(|w| {
        w[0]["points"].as_f64().unwrap().abs() >= w[1]["points"].as_f64().unwrap().abs()
    }));
    let size = contributions
        .iter()
        .find(|c| c["attribute"] == "household_size")
        .unwrap();
    assert_eq!(size["value"], "3");
    let elderly = contributions
        .iter()
        .find(|c| c["attribute"] == "elderly_60_plus")
        .unwrap();
    assert_eq!(elderly["value"], "1");
    let floor = contributions
        .iter()
        .find(|c| c["attribute"] == "floor_material")
        .unwrap();
    assert_eq!(floor["value"], "tanah");
}

#[tokio::test]
async fn the_api_explains_a_score_and_says_when_there_is_none() {
    let app = TestApp::spawn().await;
    let poor = household(&app, KLENDER, survey(0), true).await;
    let rich = household(&app, KLENDER, survey(4), false).await;
    let bare = household(&app, KLENDER, Value::Null, false).await;
    let far = household(&app, BANDUNG, survey(2), false).await;
    let officer = api(&app, "district_officer", Some("31.75")).await;

    let (status, before) = officer
        .get(&format!("/api/v1/households/{poor}/welfare"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(before["status"], "not_scored");
    assert_eq!(before["decile"], Value::Null);

    let report = score(&app, None).await;
    let (status, body) = officer
        .get(&format!("/api/v1/households/{poor}/welfare"))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "scored");
    assert_eq!(body["model"], 0);
    assert_eq!(body["decile"], 1, "the poorer of the province's households");
    assert!(body["survey_date"].as_str().unwrap().len() == 10);
    assert_explained(&body);

    let (_, rich_body) = officer
        .get(&format!("/api/v1/households/{rich}/welfare"))
        .await;
    assert!(rich_body["decile"].as_i64().unwrap() > 1);
    assert!(rich_body["score"].as_f64() > body["score"].as_f64());

    let (status, none) = officer
        .get(&format!("/api/v1/households/{bare}/welfare"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(none["status"], "not_surveyed");
    assert_eq!(none["decile"], Value::Null);
    assert_eq!(none["score"], Value::Null);
    assert!(none["contributions"].as_array().unwrap().is_empty());

    let (status, problem) = officer
        .get(&format!("/api/v1/households/{far}/welfare"))
        .await;
    assert_eq!(status, 404, "outside the officer's regency: {problem}");
    let (status, _) = officer.get("/api/v1/households/999999/welfare").await;
    assert_eq!(status, 404);
    let bank = api(&app, "bank", None).await;
    let (status, problem) = bank
        .get(&format!("/api/v1/households/{poor}/welfare"))
        .await;
    assert_eq!(status, 403, "{problem}");
    assert!(report.run_id > 0);
}

#[tokio::test]
async fn the_household_page_shows_the_why_in_bahasa_and_belum_didata() {
    let app = TestApp::spawn().await;
    let poor = household(&app, KLENDER, survey(0), true).await;
    household(&app, KLENDER, survey(3), false).await;
    let bare = household(&app, KLENDER, Value::Null, false).await;
    score(&app, None).await;
    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    app.login("op.klender").await;

    let page = app.text(&format!("/keluarga/{poor}")).await;
    assert!(page.contains("Skor kesejahteraan dan desil"), "{page}");
    assert!(page.contains("1 dari 10 (1 = paling miskin)"));
    assert!(page.contains("versi 0 (model bawaan Tepat)"));
    assert!(page.contains("Mengapa desil ini"));
    assert!(page.contains("Jenis lantai"));
    assert!(page.contains("<td>tanah</td>"));
    assert!(page.contains("Jumlah anggota keluarga"));
    assert!(page.contains("Lansia 60 tahun ke atas"));
    assert!(page.contains("-0,300"), "three members at -0,100 each");

    let page = app.text(&format!("/keluarga/{bare}")).await;
    assert!(page.contains("Belum didata"), "{page}");
    assert!(!page.contains("Mengapa desil ini"));
}
