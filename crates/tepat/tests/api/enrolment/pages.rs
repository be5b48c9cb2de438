//! Enrolment in the browser, without JavaScript: a district officer prepares a batch, a
//! ministry officer approves it by name; the author sees no way to approve it alone.

use crate::common::TestApp;

use super::ten_scored;

#[tokio::test]
async fn a_district_officer_prepares_and_a_ministry_officer_approves_on_the_pages() {
    let app = TestApp::spawn().await;
    let ids = ten_scored(&app).await;
    app.add_account("dinsos.uji", "district_officer", Some("31.75"))
        .await;
    app.add_account("kemensos.uji", "ministry_officer", None)
        .await;
    app.login("dinsos.uji").await;
    let page = app.text("/program/SEMBAKO/peserta").await;
    assert!(page.contains("Susun daftar peserta"), "{page}");
    assert!(
        page.contains("Jakarta Timur"),
        "the region list names the scope"
    );
    let response = app
        .post_form(
            "/program/SEMBAKO/peserta",
            "/program/SEMBAKO/peserta/susun",
            &[("region", "")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/program/SEMBAKO/peserta/daftar/"),
        "{location}"
    );
    let page = app.text(&location).await;
    assert!(page.contains("Menunggu persetujuan"), "{page}");
    assert!(
        !page.contains("Setujui"),
        "a district officer cannot approve SEMBAKO"
    );
    assert!(page.contains("Masuk kuota (6)"), "{page}");

    let ministry = TestApp::new_client();
    let response = app
        .login_with(&ministry, "kemensos.uji", crate::common::PASSWORD)
        .await;
    assert_eq!(response.status(), 303);
    let csrf = app.csrf_with(&ministry, &location).await;
    let page = ministry
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Setujui"), "{page}");
    let response = ministry
        .post(app.url(&format!("{location}/tolak")))
        .form(&[("csrf_token", csrf.as_str()), ("note", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Alasan"), "the error names the field: {page}");
    assert!(page.contains("minimal 10 karakter"), "{page}");
    let response = ministry
        .post(app.url(&format!("{location}/setujui")))
        .form(&[("csrf_token", csrf.as_str()), ("note", "Sesuai kuota")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let page = app.text(&location).await;
    assert!(page.contains("Disetujui"), "{page}");
    assert_eq!(app.count("enrolments").await, 6);
    household_pages_show_the_programmes(&app, &ids).await;
}

/// The poorest household's page lists its programme; the richest one's offers officials to
/// put it forward.
async fn household_pages_show_the_programmes(app: &TestApp, ids: &[i64]) {
    let household = app.text(&format!("/keluarga/{}", ids[0])).await;
    assert!(household.contains("id=\"enrolments\""), "{household}");
    assert!(household.contains("peserta sejak"), "{household}");
    let richest = app.text(&format!("/keluarga/{}", ids[9])).await;
    assert!(
        richest.contains("Belum menjadi peserta program mana pun"),
        "{richest}"
    );
    assert!(
        richest.contains("/peserta/usulkan?keluarga="),
        "a district officer may put it forward"
    );
}
