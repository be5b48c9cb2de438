//! Pages: language, region browser with scope, dashboards per role.

mod plain;

use crate::common::TestApp;

#[tokio::test]
async fn pages_speak_indonesian_by_default_and_switch_to_english() {
    let app = TestApp::spawn().await;
    let html = app.text("/masuk").await;
    assert!(html.contains("<html lang=\"id\">") && html.contains("Kata sandi"));
    assert!(html.contains("name=\"viewport\""), "usable on a phone");
    let switch = app.get("/bahasa?ke=en&kembali=/masuk").await;
    assert_eq!(switch.status(), 303);
    assert_eq!(switch.headers()["location"], "/masuk");
    let html = app.text("/masuk").await;
    assert!(html.contains("<html lang=\"en\">") && html.contains("Password"));
    let evil = app.get("/bahasa?ke=en&kembali=//evil.example").await;
    assert_eq!(evil.headers()["location"], "/beranda", "no open redirect");
    let bad = app.get("/bahasa?ke=fr").await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn a_village_operator_sees_their_village_and_is_refused_the_next_one() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    app.login("op.klender").await;
    let own = app.get("/wilayah/31.75.07.1003").await;
    assert_eq!(own.status(), 200);
    let up = app.text("/wilayah/31.75.07").await;
    assert!(
        up.contains("Klender") && !up.contains("Pondok Bambu"),
        "siblings stay hidden"
    );
    let other = app.get("/wilayah/31.75.07.1002").await;
    assert_eq!(other.status(), 403);
    assert!(
        other
            .text()
            .await
            .unwrap()
            .contains("di luar wilayah kewenangan")
    );
    let malformed = app.get("/wilayah/31.75.07.10").await;
    assert_eq!(malformed.status(), 400);
    assert!(
        malformed
            .text()
            .await
            .unwrap()
            .contains("tidak sesuai format")
    );
    let unknown = app.get("/wilayah/31.75.07.9999").await;
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn dashboards_show_real_counts_for_the_scope() {
    let app = TestApp::spawn().await;
    app.add_account("dinsos.jaktim", "district_officer", Some("31.75"))
        .await;
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    app.login("dinsos.jaktim").await;
    let html = app.text("/beranda").await;
    // Jakarta Timur has 10 kecamatan and 65 kelurahan in the official list.
    assert!(html.contains("<strong>10</strong>Kecamatan"), "{html}");
    assert!(html.contains("<strong>65</strong>Desa/kelurahan"));
    assert!(html.contains("<strong>2</strong>Akun petugas aktif"));
    assert!(
        html.contains("Akun dibuat"),
        "recent changes listed for officers"
    );
}

#[tokio::test]
async fn region_search_finds_names_within_scope() {
    let app = TestApp::spawn().await;
    app.add_account("dinsos.jaktim", "district_officer", Some("31.75"))
        .await;
    app.login("dinsos.jaktim").await;
    let html = app.text("/wilayah?q=bambu").await;
    assert!(html.contains("31.75.07.1002"));
    let html = app.text("/wilayah?q=sukarasa").await;
    assert!(
        !html.contains("32.73.01.1001"),
        "Bandung lies outside Jakarta Timur"
    );
}

#[tokio::test]
async fn the_brand_link_sends_visitors_to_a_public_page_and_officials_home() {
    let app = TestApp::spawn().await;
    let html = app.text("/daftar").await;
    assert!(
        html.contains("<div class=\"brand\"><a href=\"/daftar\">"),
        "anonymous visitors are not bounced to the login form: {html}"
    );
    app.add_account("admin", "administrator", None).await;
    app.login("admin").await;
    let html = app.text("/akun").await;
    assert!(html.contains("<div class=\"brand\"><a href=\"/beranda\">"));
    assert!(
        html.contains("<a href=\"/duplikat/proses\">"),
        "administrators reach the duplicate runs from the menu: {html}"
    );
}

#[tokio::test]
async fn a_refusal_page_keeps_the_signed_in_header() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    app.login("op.klender").await;
    // An administrator's page: the operator is refused, but stays visibly signed in, with
    // a working sign-out form.
    let response = app.get("/akun").await;
    assert_eq!(response.status(), 403);
    let html = response.text().await.unwrap();
    assert!(html.contains("action=\"/keluar\""), "{html}");
    assert!(html.contains("op.klender"), "{html}");
    let token = "name=\"csrf_token\" value=\"";
    let at = html
        .find(token)
        .expect("the sign-out form carries its token")
        + token.len();
    assert_eq!(
        html[at..].find('"'),
        Some(43),
        "a whole token, not an empty one"
    );
}
