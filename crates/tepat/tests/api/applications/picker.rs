//! Choosing the village on the public form: lists from province down to village, or a
//! search by name; no code to type, no login, no JavaScript.

use crate::common::TestApp;

#[tokio::test]
async fn a_family_chooses_its_village_from_lists_before_the_form_opens() {
    let app = TestApp::spawn().await;
    let start = app.text("/daftar").await;
    assert!(
        !start.contains("name=\"formulir\""),
        "the form waits for a village: {start}"
    );
    assert!(
        start.contains("<a href=\"/daftar?wilayah=31\">Daerah Khusus Ibukota Jakarta</a>"),
        "provinces are offered by name: {start}"
    );
    assert!(start.contains("Pilih provinsi"));

    let province = app.text("/daftar?wilayah=31").await;
    assert!(
        province.contains("href=\"/daftar?wilayah=31.75\">Kota Administrasi Jakarta Timur</a>")
    );
    assert!(province.contains("Pilih kabupaten/kota"));
    let district = app.text("/daftar?wilayah=31.75.07").await;
    assert!(district.contains("href=\"/daftar?desa=31.75.07.1003\">Klender</a>"));
    assert!(district.contains("Pilih desa/kelurahan"));
    assert!(
        district.contains("href=\"/daftar?wilayah=31.75\">Kota Administrasi Jakarta Timur</a>"),
        "the way back up stays on the page"
    );

    let form = app.text("/daftar?desa=31.75.07.1003").await;
    assert!(form.contains("name=\"formulir\""));
    assert!(
        form.contains("<input type=\"hidden\" name=\"village_code\" value=\"31.75.07.1003\">"),
        "the code travels with the form, not in a box to type: {form}"
    );
    assert!(form.contains(
        "Klender, Kec. Duren Sawit, Kota Administrasi Jakarta Timur, Daerah Khusus Ibukota Jakarta"
    ));
    assert!(
        form.contains("href=\"/daftar?wilayah=31.75.07\">Ganti</a>"),
        "another village of the same district is one tap away"
    );
}

#[tokio::test]
async fn a_family_finds_its_village_by_name() {
    let app = TestApp::spawn().await;
    let found = app.text("/daftar?cari=klender").await;
    assert!(
        found.contains("href=\"/daftar?desa=31.75.07.1003\"><strong>Klender</strong>"),
        "{found}"
    );
    assert!(found.contains(
        "Kec. Duren Sawit, Kota Administrasi Jakarta Timur, Daerah Khusus Ibukota Jakarta"
    ));
    let nothing = app.text("/daftar?cari=zzzxqq").await;
    assert!(nothing.contains("Tidak ada desa/kelurahan dengan nama itu"));
    let english = app
        .client
        .get(app.url("/daftar?cari=klender"))
        .header("cookie", "tepat_lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains("Villages named"), "{english}");
}

#[tokio::test]
async fn a_link_that_names_no_village_leads_back_to_the_lists() {
    let app = TestApp::spawn().await;
    for (link, shown) in [
        ("/daftar?desa=99.99.99.9999", "Pilih provinsi"),
        ("/daftar?desa=bukan-kode", "Pilih provinsi"),
        ("/daftar?desa=31.75.07", "Pilih desa/kelurahan"),
        ("/daftar?wilayah=31.75.07.1003", "Pilih desa/kelurahan"),
    ] {
        let response = app.get(link).await;
        assert_eq!(response.status(), 200, "{link}");
        let html = response.text().await.unwrap();
        assert!(html.contains(shown), "{link}: {html}");
        assert!(!html.contains("name=\"formulir\""), "{link}");
    }
    let html = app.text("/daftar?desa=99.99.99.9999").await;
    assert!(html.contains("role=\"alert\"") && html.contains("99.99.99.9999"));
    let long = format!("/daftar?cari={}", "a".repeat(5_000));
    assert_eq!(
        app.get(&long).await.status(),
        200,
        "a long search is cut, not refused"
    );
}
