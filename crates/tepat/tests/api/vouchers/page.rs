//! The e-warong's page on a real server, without JavaScript: a merchant signs in, types a
//! voucher code and a basket, sees the receipt with the voucher's balance; the same form
//! sent twice is one purchase; a bad code or goods the programme does not pay for are
//! shown next to the form and nothing is spent.

use super::{SEMBAKO, issued, shop};
use crate::common::TestApp;

/// The hidden purchase key the form carries.
fn form_key(html: &str) -> String {
    let at = html.find("name=\"kunci\" value=\"").expect("purchase key") + 20;
    html[at..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_merchant_redeems_a_voucher_on_the_shop_page() {
    let app = TestApp::spawn().await;
    let (_, district, vouchers) = issued(&app).await;
    shop(&app, &district, "warong.klender", &SEMBAKO).await;
    let code = vouchers[0]["code"].as_str().unwrap().to_owned();
    let amount = vouchers[0]["amount"].as_i64().unwrap();
    app.login("warong.klender").await;
    let page = app.client.get(app.url("/warung")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("E-Warong warong.klender"),
        "the shop's own page"
    );
    let key = form_key(&html);
    let app = &app;
    let send = |category: &'static str, voucher: String| {
        let key = key.clone();
        async move {
            let fields = [
                ("voucher", voucher.as_str()),
                ("kunci", key.as_str()),
                ("kategori_1", category),
                ("uraian_1", "Beras 5 kg"),
                ("jumlah_1", "1"),
                ("nilai_1", "60.000"),
            ];
            app.post_form("/warung", "/warung/tebus", &fields).await
        }
    };
    let refused = send("rokok", code.clone()).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("bukan barang yang dibiayai program ini"),
        "{html}"
    );
    let words = [
        ("voucher", code.as_str()),
        ("kategori_1", "beras"),
        ("jumlah_1", "1"),
        ("nilai_1", "enam puluh ribu"),
    ];
    let not_a_number = app.post_form("/warung", "/warung/tebus", &words).await;
    assert_eq!(not_a_number.status(), 422);
    let html = not_a_number.text().await.unwrap();
    assert!(html.contains("harus bilangan bulat"), "{html}");
    let unknown = send("beras", "ZZZZ-ZZZZ-ZZZZ".to_owned()).await;
    assert_eq!(unknown.status(), 422);
    assert_eq!(app.count("redemptions").await, 0, "nothing spent");

    let done = send("beras", code.to_lowercase()).await;
    assert_eq!(done.status(), 303);
    let location = done.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/warung?struk="), "{location}");
    let again = send("beras", code.clone()).await;
    assert_eq!(
        again.headers()["location"],
        location.as_str(),
        "the same purchase"
    );
    assert_eq!(app.count("redemptions").await, 1, "sent twice, spent once");
    let receipt = app.client.get(app.url(&location)).send().await.unwrap();
    let html = receipt.text().await.unwrap();
    assert!(html.contains("Transaksi berhasil"));
    let left = tepat::budgets::model::rupiah(amount - 60_000);
    assert!(html.contains(&left), "the balance left, {left}: {html}");
}

#[tokio::test]
async fn cards_print_as_pdf_four_to_a_page_or_one_a6_card() {
    let app = TestApp::spawn().await;
    let (_, _, vouchers) = issued(&app).await;
    crate::proposals::official(&app, "cetak.jaktim", "district_officer", Some("31.75")).await;
    app.login("cetak.jaktim").await;
    let sheet = app
        .client
        .get(app.url("/voucher/kartu?wilayah=31.75"))
        .send()
        .await
        .unwrap();
    let html = sheet.text().await.unwrap();
    assert!(
        html.contains("href=\"/voucher/kartu.pdf?wilayah=31.75\""),
        "a link to the PDF"
    );
    let pdf = app
        .client
        .get(app.url("/voucher/kartu.pdf?wilayah=31.75"))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().await.unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.starts_with("%PDF-1.4") && text.ends_with("%%EOF\n"));
    assert!(text.contains("/Count 2"), "six cards, four to a page");
    for voucher in &vouchers {
        let code = voucher["code"].as_str().unwrap();
        let shown = format!("(Kode: {}-{}-{}) Tj", &code[..4], &code[4..8], &code[8..]);
        assert!(text.contains(&shown), "{shown}");
    }
    let one = format!("/voucher/{}/kartu.pdf", vouchers[0]["id"]);
    let card = app.client.get(app.url(&one)).send().await.unwrap();
    let text = String::from_utf8_lossy(&card.bytes().await.unwrap()).into_owned();
    assert!(text.contains("/Count 1") && text.contains("/MediaBox [0 0 297.64 419.53]"));
    let other = app
        .client
        .get(app.url("/voucher/kartu.pdf?wilayah=32.01"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        other.status(),
        404,
        "another province's cards are not the officer's"
    );
}
