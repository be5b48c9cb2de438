//! The pages: an operator proposes his relative from the household page, the proposal
//! page shows the flag and the chain, and another operator approves it there.

use super::*;

/// The operator "operator.salim" of Klender, living with Agus Salim, and the household of
/// his relative Rahmat Salim in the same RW (its id).
async fn operator_with_relative(app: &TestApp) -> i64 {
    let own = household(app, "Agus Salim", "1971-02-03", 1, "Jl. Kenanga No. 1", "5").await;
    let relative = household(app, "Rahmat Salim", "1980-07-08", 2, "Jl. Mawar No. 9", "5").await;
    let salim = app
        .add_account("operator.salim", "village_operator", Some(KLENDER))
        .await;
    let person = head_of(app, own).await;
    tepat::proposals::service::link_person(&app.db, salim, Some(person), app.clock.now())
        .await
        .unwrap();
    relative
}

/// Signs the operator in and proposes his relative for PKH on the form; the proposal's
/// page path.
async fn proposed_on_the_form(app: &TestApp, relative: i64) -> String {
    app.login("operator.salim").await;
    let household_page = app.text(&format!("/keluarga/{relative}")).await;
    let form = format!("/keluarga/{relative}/usulan-bansos");
    assert!(household_page.contains(&form));
    // A note too short is refused on the form, with what was typed kept.
    let short = [("kind", "enrol"), ("programme", "PKH"), ("note", "miskin")];
    let response = app.post_form(&form, &form, &short).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("minimal 10 karakter"), "{html}");
    assert!(html.contains(">miskin</textarea>"));
    let note = "Keluarga kurang mampu di RW 05";
    let fields = [("kind", "enrol"), ("programme", "PKH"), ("note", note)];
    let response = app.post_form(&form, &form, &fields).await;
    assert_eq!(response.status(), 303);
    let to = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/usulan-bansos/"), "{to}");
    to
}

#[tokio::test]
async fn a_proposal_made_on_the_form_shows_its_proposer_and_its_flag() {
    let app = TestApp::spawn().await;
    let relative = operator_with_relative(&app).await;
    let to = proposed_on_the_form(&app, relative).await;
    let page = app.text(&to).await;
    assert!(page.contains("Konflik kepentingan"), "{page}");
    assert!(page.contains("Nama keluarga mirip dalam RW yang sama"));
    assert!(page.contains("Petugas operator.salim"));
    assert!(page.contains("Menunggu keputusan"));
    // The monitoring page counts the flag and names the linked official.
    app.add_account("dinsos.jaktim", "district_officer", Some("31.75"))
        .await;
    let district = TestApp::new_client();
    app.login_with(&district, "dinsos.jaktim", crate::common::PASSWORD)
        .await;
    let monitoring = district.get(app.url("/pemantauan")).send().await.unwrap();
    let monitoring = monitoring.text().await.unwrap();
    let linked = monitoring
        .split("id=\"linked-officials\"")
        .nth(1)
        .expect("officials linked to proposed households");
    assert!(linked.contains("Petugas operator.salim"), "{linked}");
    let flagged = monitoring.split("id=\"flagged-count\"").nth(1).unwrap();
    assert!(flagged.contains("<strong>1</strong>"), "{flagged}");
    let csv = district
        .get(app.url("/pemantauan.csv?tabel=usulan"))
        .send()
        .await;
    let csv = csv.unwrap().text().await.unwrap();
    assert_eq!(csv, "jenis,status,jumlah\r\nenrol,pending,1\r\n");
}

#[tokio::test]
async fn another_operator_approves_on_the_page_and_the_flag_stays() {
    let app = TestApp::spawn().await;
    let relative = operator_with_relative(&app).await;
    let to = proposed_on_the_form(&app, relative).await;
    // His own proposal: refused on the form with the reason, nothing changes.
    let csrf = app.csrf_with(&app.client, &to).await;
    let response = app
        .client
        .post(app.url(&format!("{to}/setujui")))
        .form(&[("csrf_token", csrf.as_str()), ("note", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("tidak boleh memutuskan usulannya sendiri"),
        "{html}"
    );
    assert_eq!(app.count("proposal_steps").await, 0);
    app.add_account("operator.klender", "village_operator", Some(KLENDER))
        .await;
    let other = TestApp::new_client();
    app.login_with(&other, "operator.klender", crate::common::PASSWORD)
        .await;
    let csrf = app.csrf_with(&other, &to).await;
    let response = other
        .post(app.url(&format!("{to}/setujui")))
        .form(&[("csrf_token", csrf.as_str()), ("note", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let page = other.get(app.url(&to)).send().await.unwrap();
    let page = page.text().await.unwrap();
    assert!(page.contains("Petugas operator.klender"), "{page}");
    assert!(page.contains("Dinas sosial kabupaten/kota"));
    assert!(page.contains("Konflik kepentingan"), "the flag stays");
    let list = other.get(app.url("/usulan-bansos?flagged=1")).send().await;
    let list = list.unwrap().text().await.unwrap();
    assert!(list.contains(&format!("href=\"{to}\"")), "{list}");
    assert_eq!(app.count("proposal_steps").await, 1);
}
