//! A death reported in the browser: refused forms store nothing, the proposal waits for
//! the district, whose approval writes versions that name the request and its proposer.

use sqlx::Row;

use super::{KLENDER, PDF, family, multipart, person_status};
use crate::common::TestApp;

/// Sends the death form for `members[0]` with `date` and one evidence file.
async fn send_death(
    app: &TestApp,
    csrf: &str,
    household: i64,
    member: i64,
    date: &str,
    file: &[u8],
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/keluarga/{household}/usulan")))
        .multipart(multipart(
            csrf,
            &[
                ("jenis", "kematian"),
                ("person_id", &member.to_string()),
                ("date", date),
                ("alasan", "Meninggal dunia karena sakit"),
            ],
            &[("surat.pdf", file)],
        ))
        .send()
        .await
        .unwrap()
}

/// The operator finds the form, is refused twice beside the fields, then proposes.
/// Returns the request's page.
async fn operator_proposes(app: &TestApp, household: i64, members: &[i64]) -> String {
    let page = app.text(&format!("/keluarga/{household}")).await;
    assert!(
        page.contains(&format!("/keluarga/{household}/usulan")),
        "{page}"
    );
    let choices = app.text(&format!("/keluarga/{household}/usulan")).await;
    assert!(
        choices.contains("jenis=kematian") && choices.contains("jenis=pecah_kk"),
        "{choices}"
    );
    let form_page = format!("/keluarga/{household}/usulan?jenis=kematian");
    let csrf = app.csrf_with(&app.client, &form_page).await;

    // A date in the future is refused beside the field, and nothing is stored.
    let bad = send_death(app, &csrf, household, members[0], "2999-01-01", PDF).await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(html.contains("id=\"date-error\""), "{html}");
    // Evidence that is not a JPEG, PNG or PDF is refused by its content.
    let wrong = send_death(
        app,
        &csrf,
        household,
        members[0],
        "2026-10-01",
        b"bukan pdf",
    )
    .await;
    assert_eq!(wrong.status(), 422);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("bukan berkas JPEG, PNG atau PDF")
    );
    assert_eq!(app.count("change_requests").await, 0);

    let sent = send_death(app, &csrf, household, members[0], "01-10-2026", PDF).await;
    assert_eq!(sent.status(), 303);
    sent.headers()["location"].to_str().unwrap().to_owned()
}

async fn page_of(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    client
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The officer finds the request in the queue, opens its evidence and approves it.
/// Returns the form's CSRF token.
async fn officer_approves(app: &TestApp, officer: &reqwest::Client, location: &str) -> String {
    let queue = page_of(app, officer, "/usulan").await;
    assert!(queue.contains(location), "{queue}");
    let evidence = officer
        .get(app.url(&format!("{location}/bukti/1")))
        .send()
        .await
        .unwrap();
    assert_eq!(evidence.headers()["content-type"], "application/pdf");
    assert_eq!(evidence.bytes().await.unwrap().as_ref(), PDF);
    let csrf = app.csrf_with(officer, location).await;
    let decided = officer
        .post(app.url(&format!("{location}/putuskan")))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("keputusan", "setujui"),
            ("catatan", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(decided.status(), 303);
    csrf
}

/// The version the approval wrote names the request, its proposer and the decider's role.
async fn version_names_the_request(app: &TestApp, member: i64, id: i64) {
    let version = sqlx::query(
        "SELECT reason, actor_role FROM record_versions WHERE subject_type = 'person' \
         AND subject_id = $1 AND change_request_id = $2",
    )
    .bind(member)
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let reason: String = version.get(0);
    assert!(
        reason.contains(&format!("usulan #{id}"))
            && reason.contains("dari op.klender (Operator desa/kelurahan)")
            && !reason.contains("village_operator"),
        "{reason}"
    );
    assert_eq!(version.get::<String, _>(1), "district_officer");
}

#[tokio::test]
async fn an_operator_reports_a_death_in_the_browser_and_the_district_approves() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    app.add_account("dinsos.jaktim", "district_officer", Some("31.75"))
        .await;
    let (household, members) = family(&app, 1).await;
    app.login("op.klender").await;
    let location = operator_proposes(&app, household, &members).await;
    let request_page = app.text(&location).await;
    assert!(
        request_page.contains("Diajukan") && request_page.contains("surat.pdf"),
        "{request_page}"
    );
    assert!(
        !request_page.contains("name=\"keputusan\""),
        "an operator cannot decide"
    );
    assert_eq!(
        person_status(&app, members[0]).await.0,
        "hidup",
        "nothing changes before approval"
    );

    // The district officer sees it in the queue and approves it.
    let officer = TestApp::new_client();
    app.login_with(&officer, "dinsos.jaktim", crate::common::PASSWORD)
        .await;
    let csrf = officer_approves(&app, &officer, &location).await;
    let (status, date, _) = person_status(&app, members[0]).await;
    assert_eq!(
        (status.as_str(), date.as_deref()),
        ("meninggal", Some("2026-10-01"))
    );
    let id: i64 = location.trim_start_matches("/usulan/").parse().unwrap();
    version_names_the_request(&app, members[0], id).await;
    let page = page_of(&app, &officer, &location).await;
    assert!(
        page.contains("Disetujui") && page.contains("dinsos.jaktim"),
        "{page}"
    );

    // Deciding again changes nothing.
    let again = officer
        .post(app.url(&format!("{location}/putuskan")))
        .form(&[("csrf_token", csrf.as_str()), ("keputusan", "setujui")])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 422);
    let events: i64 =
        sqlx::query("SELECT COUNT(*) FROM events WHERE action = 'change_request.approved'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get(0);
    assert_eq!(events, 1);
    crate::log::assert_audit_clean(&app).await;
}
