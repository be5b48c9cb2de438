//! Complaints: a citizen files one on the public form with photos and a place, follows it
//! by tracking code until the office of its level answers, reopens it once and rates the
//! answer; complaints are routed by category to the level that answers them, escalate when
//! left without a first response, and what breaks a rule is refused with nothing stored.

mod flow;
mod places;
mod pungli;
mod refused;
mod trends;

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::TestApp;

pub const KLENDER: &str = "31.75.07.1003";

/// A whole small JPEG carrying an EXIF segment with a place and a phone's name in it.
pub fn jpeg_with_exif() -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
    b.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    let exif = b"Exif\0\0GPS -6.2146 106.9283 Samsung A05";
    b.extend_from_slice(&[0xFF, 0xE1, 0, (exif.len() + 2) as u8]);
    b.extend_from_slice(exif);
    b.extend_from_slice(&[0xFF, 0xDA, 0, 2, 1, 2, 3, 0xFF, 0xD9]);
    b
}

/// Sends a multipart form to `action` (CSRF token from `page`) from client address `from`,
/// with `files` in the field `foto`: (status, page).
pub async fn send(
    app: &TestApp,
    page: &str,
    action: &str,
    from: &str,
    fields: &[(&str, &str)],
    files: &[Vec<u8>],
) -> (StatusCode, String) {
    let client = TestApp::new_client();
    let csrf = app.csrf_with(&client, page).await;
    let mut form = reqwest::multipart::Form::new().text("csrf_token", csrf);
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    for bytes in files {
        let part = reqwest::multipart::Part::bytes(bytes.clone()).file_name("foto.jpg");
        form = form.part("foto", part);
    }
    let response = client
        .post(app.url(action))
        .header("x-forwarded-for", from)
        .header("user-agent", "UjiPonsel/9.9 (Android 13)")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

/// The complaint form's good fields for `category`.
pub fn complaint_fields(category: &str) -> Vec<(&'static str, String)> {
    vec![
        ("region", KLENDER.to_owned()),
        ("category", category.to_owned()),
        ("programme", "PKH".to_owned()),
        (
            "description",
            "Bantuan PKH tahap ini belum kami terima sama sekali".to_owned(),
        ),
        ("latitude", "-6.2146".to_owned()),
        ("longitude", "106.9283".to_owned()),
        ("contact", "0812 3456 7890".to_owned()),
    ]
}

/// Files a complaint on the form from `from`: (status, page).
pub async fn file(
    app: &TestApp,
    from: &str,
    fields: &[(&'static str, String)],
    files: &[Vec<u8>],
) -> (StatusCode, String) {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let page = format!("/lapor?desa={KLENDER}");
    send(app, &page, "/lapor", from, &borrowed, files).await
}

/// The code in the element of `id` on a page.
pub fn code_in(page: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\"");
    let at = page.find(&marker).expect("code on the page");
    let rest = &page[at..];
    let start = rest.find('>').unwrap() + 1;
    rest[start..].split('<').next().unwrap().trim().to_owned()
}

/// Files a good complaint of `category` and returns its tracking code.
pub async fn filed(app: &TestApp, category: &str, from: &str) -> String {
    let (status, page) = file(app, from, &complaint_fields(category), &[jpeg_with_exif()]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    code_in(&page, "tracking-code")
}

/// The public status of a tracking code.
pub async fn public_status(app: &TestApp, code: &str) -> Value {
    let response = app.get(&format!("/api/v1/public/complaints/{code}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// The id of the complaint with this code.
pub async fn id_of(app: &TestApp, code: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM complaints WHERE tracking_code = $1")
        .bind(code.to_owned())
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}
