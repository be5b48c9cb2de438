//! No dead ends: pages link only to what the viewer may open, and the auditor's `audit`
//! purpose opens person pages inside the auditor's scope.

use sqlx::Row;

use crate::common::TestApp;

const KLENDER: &str = "31.75.07.1003";

#[tokio::test]
async fn the_auditor_opens_a_person_for_an_audit_with_numbers_masked() {
    let app = TestApp::spawn().await;
    let (_, person) = crate::registry::seed(&app, KLENDER, "317507", 1).await;
    app.add_account("audit.jaktim", "auditor", Some("31.75"))
        .await;
    app.add_account("audit.bandung", "auditor", Some("32.73"))
        .await;
    app.login("audit.jaktim").await;

    let form = app.text(&format!("/penduduk/{person}")).await;
    assert!(form.contains("value=\"audit\""), "{form}");
    assert!(
        !form.contains("value=\"verifikasi\""),
        "an auditor is offered the audit purpose only"
    );
    let page = app
        .get(&format!("/penduduk/{person}?keperluan=audit"))
        .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Budi Santoso"), "{html}");
    assert!(
        html.contains("3175••••••••0001"),
        "the NIK stays masked: {html}"
    );
    assert!(!html.contains("3175072105870001"));
    let purpose: String =
        sqlx::query("SELECT purpose FROM person_views WHERE person_id = $1 ORDER BY id DESC")
            .bind(person)
            .fetch_one(&app.db.pool)
            .await
            .expect("the opening is recorded")
            .try_get(0)
            .unwrap();
    assert_eq!(purpose, "audit");

    let other = app
        .get(&format!("/penduduk/{person}?keperluan=verifikasi"))
        .await;
    assert_eq!(
        other.status(),
        403,
        "field verification is not the auditor's"
    );
    app.login("audit.bandung").await;
    let outside = app
        .get(&format!("/penduduk/{person}?keperluan=audit"))
        .await;
    assert_eq!(
        outside.status(),
        404,
        "outside the auditor's region it is not there"
    );
}

#[tokio::test]
async fn flag_and_pair_pages_link_a_person_only_for_those_who_may_open_it() {
    let app = TestApp::spawn().await;
    let (_, person) = crate::registry::seed(&app, KLENDER, "317507", 1).await;
    let flag = crate::civil::flag_death(&app, "3175072105870001").await;
    let pair = crate::duplicates::fixtures::open_pair(&app, KLENDER, 7).await;
    app.add_account("dinsos.jaktim", "district_officer", Some("31.75"))
        .await;
    app.add_account("kemensos", "ministry_officer", None).await;
    let link = format!("href=\"/penduduk/{person}\"");

    app.login("dinsos.jaktim").await;
    assert!(app.text(&format!("/tinjauan/{flag}")).await.contains(&link));
    assert!(
        app.text(&format!("/duplikat/{pair}"))
            .await
            .contains("href=\"/penduduk/")
    );

    app.login("kemensos").await;
    let flag_page = app.text(&format!("/tinjauan/{flag}")).await;
    assert!(flag_page.contains("Budi Santoso") || flag_page.contains("Penduduk"));
    assert!(
        !flag_page.contains(&link),
        "the ministry cannot open person pages, so none is linked: {flag_page}"
    );
    let pair_page = app.get(&format!("/duplikat/{pair}")).await;
    assert_eq!(pair_page.status(), 200);
    assert!(
        !pair_page
            .text()
            .await
            .unwrap()
            .contains("href=\"/penduduk/")
    );
    assert_eq!(
        app.get(&format!("/penduduk/{person}")).await.status(),
        403,
        "the link would have ended here"
    );
}
