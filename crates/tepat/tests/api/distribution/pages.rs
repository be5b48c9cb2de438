//! The hand-out pages: an officer schedules and reads one in words, checks households in
//! by typing their code and closes it; a recipient rates it on the public page.

use super::{code_of, four_households, scheduled};
use crate::common::{TestApp, form_token};

#[tokio::test]
async fn an_officer_runs_the_check_in_desk_and_a_recipient_rates_on_the_page() {
    let app = TestApp::spawn().await;
    let households = four_households(&app).await;
    let (id, _) = scheduled(&app, &households).await;
    app.login("dinsos.jaktim").await;
    let bad = [
        ("programme", "BENCANA"),
        ("region", super::KLENDER),
        ("day", "2026-02-30"),
    ];
    let response = app
        .post_form("/penyaluran-barang", "/penyaluran-barang", &bad)
        .await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("field-error"));

    let page = format!("/penyaluran-barang/{id}");
    let html = app.text(&page).await;
    for words in [
        "7 Des 2026",
        "08:00–09:00 WIB",
        "B*** S******",
        "Diundang",
        "Beras 10 kg",
    ] {
        assert!(html.contains(words), "{words}");
    }
    assert!(!html.contains("invited") && !html.contains("2026-12-07"));
    let code = code_of(&app, id, households[0]).await;
    let action = format!("{page}/hadir");
    let response = app.post_form(&page, &action, &[("code", &code)]).await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Tercatat hadir: B*** S******")
    );
    let response = app
        .post_form(&page, &action, &[("code", "ABCD-EFGH-JKMN")])
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("kode tidak dikenal")
    );
    let close = format!("{page}/tutup");
    let response = app.post_form(&page, &close, &[("confirm", "1")]).await;
    assert_eq!(response.status(), 303);
    assert!(app.text(&page).await.contains("Tidak hadir"));

    rate_on_the_page(&app, &code).await;
    assert!(app.text(&page).await.contains("5,0 / 5 (1 penilaian)"));
}

/// A recipient opens the link of their message and rates with a five.
async fn rate_on_the_page(app: &TestApp, code: &str) {
    let citizen = TestApp::new_client();
    let rate = format!("/penyaluran-barang/nilai?kode={code}");
    let html = citizen
        .get(app.url(&rate))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(code));
    let csrf = form_token(&html);
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("kode", code),
        ("score", "5"),
        ("comment", ""),
    ];
    let response = citizen
        .post(app.url("/penyaluran-barang/nilai"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("Terima kasih"));
}
