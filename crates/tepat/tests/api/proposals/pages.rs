//! The pages: an operator proposes his relative from the household page, the proposal
//! page shows the flag and the chain, and another operator approves it there.

use reqwest::StatusCode;

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

/// Sends the proposal form of `household` as a browser with a file input does (multipart),
/// with `files` in `bukti`: (status, page or redirect).
async fn propose_with_files(
    app: &TestApp,
    household: i64,
    files: &[(&str, &[u8])],
) -> (StatusCode, String) {
    let path = format!("/keluarga/{household}/usulan-bansos");
    let csrf = app.csrf_with(&app.client, &path).await;
    let mut form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf)
        .text("kind", "enrol")
        .text("programme", "PKH")
        .text("note", "Rumah berlantai tanah, foto terlampir");
    for (name, bytes) in files {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string());
        form = form.part("bukti", part);
    }
    let response = app
        .client
        .post(app.url(&path))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    (status, location.unwrap_or(response.text().await.unwrap()))
}

#[tokio::test]
async fn an_official_attaches_evidence_on_the_form_and_a_wrong_file_is_refused() {
    let app = TestApp::spawn().await;
    let household = household(
        &app,
        "Rahmat Salim",
        "1980-07-08",
        2,
        "Jl. Mawar No. 9",
        "5",
    )
    .await;
    app.add_account("operator.bukti", "village_operator", Some(KLENDER))
        .await;
    app.login("operator.bukti").await;
    let form = app
        .text(&format!("/keluarga/{household}/usulan-bansos"))
        .await;
    assert!(form.contains("enctype=\"multipart/form-data\""), "{form}");
    assert!(form.contains("name=\"bukti\""));
    // GIF bytes are not a JPEG, PNG or PDF: refused, nothing stored.
    let (status, page) =
        propose_with_files(&app, household, &[("rumah.gif", b"GIF89a....".as_slice())]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("harus gambar JPEG/PNG atau PDF"), "{page}");
    assert!(
        page.contains("Rumah berlantai tanah, foto terlampir"),
        "the note is kept"
    );
    assert_eq!(app.count("proposals").await, 0);
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let (status, to) = propose_with_files(&app, household, &[("rumah.png", png)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
    let page = app.text(&to).await;
    let listed = page
        .split("id=\"evidence\"")
        .nth(1)
        .expect("evidence listed");
    assert!(listed.contains("rumah.png"), "{listed}");
    let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(png));
    assert!(listed.contains(&digest), "its SHA-256: {listed}");
    let file = app.get(&format!("{to}/bukti/1")).await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.bytes().await.unwrap().as_ref(), png);
}
