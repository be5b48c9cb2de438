//! Pages: language, region browser with scope, dashboards per role.

mod confirmation;
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
    let html = app.text("/daftar/status").await;
    assert!(
        html.contains("<div class=\"brand\"><a href=\"/\">"),
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

#[tokio::test]
async fn the_front_page_is_public_and_leads_to_applying_checking_complaining_and_logging_in() {
    let app = TestApp::spawn().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200, "no login bounce for visitors");
    let html = response.text().await.unwrap();
    for link in [
        "href=\"/daftar\"",
        "href=\"/daftar/status\"",
        "href=\"/program\"",
        "href=\"/masuk\"",
        "href=\"/log/checkpoint\"",
    ] {
        assert!(html.contains(link), "the front page links {link}: {html}");
    }
    assert!(html.contains("Pengaduan") && html.contains("171"));
    assert!(
        !html.contains("type=\"password\"") && !html.contains("action=\"/masuk\""),
        "no login form on the front page itself"
    );
    assert!(!html.contains("/beranda"), "no dashboard link for visitors");

    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    app.login("op.klender").await;
    let html = app.text("/").await;
    assert!(
        html.contains("href=\"/beranda\""),
        "a signed-in official finds the way to their dashboard: {html}"
    );
}

#[tokio::test]
async fn dashboards_lead_with_the_work_waiting_for_each_role() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    app.add_account("dinsos.jaktim", "district_officer", Some("31.75"))
        .await;
    app.add_account("warga", "citizen", Some("31.75.07.1003"))
        .await;
    app.add_account("bank", "bank", None).await;
    for serial in 1..=2 {
        let sent = app
            .client
            .post(app.url("/api/v1/applications"))
            .header("idempotency-key", tepat::http::token::random_token())
            .json(&crate::applications::family(
                crate::applications::KLENDER,
                "317507",
                serial,
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), 201);
    }

    app.login("op.klender").await;
    let html = app.text("/beranda").await;
    assert!(
        html.contains(
            "<a href=\"/pendaftaran?status=diajukan\"><strong>2</strong> Pendaftaran menunggu kunjungan lapangan</a>"
        ),
        "the operator's two applications lead the page: {html}"
    );
    assert!(html.contains("href=\"/usulan?status=dikembalikan\""));
    assert!(
        !html.contains("href=\"/usulan?status=diajukan\""),
        "operators propose changes, they do not decide them"
    );
    let waiting_at = html.find("id=\"waiting\"").unwrap();
    assert!(waiting_at < html.find("id=\"counts\"").unwrap());

    app.login("dinsos.jaktim").await;
    let html = app.text("/beranda").await;
    for queue in [
        "href=\"/usulan?status=diajukan\"><strong>0</strong>",
        "href=\"/duplikat\"><strong>0</strong>",
        "href=\"/tinjauan\"><strong>0</strong>",
    ] {
        assert!(
            html.contains(queue),
            "{queue} for the district officer: {html}"
        );
    }
    assert!(
        !html.contains("href=\"/pendaftaran?status=diajukan\""),
        "the district officer does not visit families"
    );

    app.login("warga").await;
    let html = app.text("/beranda").await;
    assert!(html.contains("href=\"/daftar/status\""), "{html}");
    assert!(
        !html.contains("id=\"counts\"") && !html.contains("Akun petugas aktif"),
        "a citizen gets no counts of official accounts"
    );
    app.login("bank").await;
    let html = app.text("/beranda").await;
    assert!(html.contains("href=\"/api/docs\"") && !html.contains("id=\"waiting\""));
}
