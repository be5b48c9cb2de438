//! Share cards' pictures: every public page with a card names a 1200 × 630 PNG in
//! `og:image` (absolute, on the site's public address), the picture is served without a
//! login, and an unknown region, programme or deliberation has no picture.

use reqwest::StatusCode;

use crate::common::TestApp;

/// The site's public address in tests (the default of `TEPAT_PUBLIC_URL`).
const SITE: &str = "http://127.0.0.1:8080";

/// The picture named by the page at `page`'s `og:image`, after checking the tags around it.
pub async fn picture(app: &TestApp, page: &str) -> Vec<u8> {
    let html = app.text(page).await;
    let tag = "property=\"og:image\" content=\"";
    let start = html
        .find(tag)
        .unwrap_or_else(|| panic!("no og:image: {html}"))
        + tag.len();
    let address = &html[start..start + html[start..].find('"').expect("closed")];
    let path = address
        .strip_prefix(SITE)
        .unwrap_or_else(|| panic!("{address} is absolute on the public address"));
    assert!(html.contains("content=\"summary_large_image\""), "{html}");
    assert!(html.contains("property=\"og:image:width\" content=\"1200\""));
    let response = app.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(response.headers()["content-type"], "image/png");
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("public"),
    );
    let png = response.bytes().await.expect("picture").to_vec();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{path} is a PNG");
    let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    assert_eq!((size(16), size(20)), (1200, 630), "{path}");
    png
}

#[tokio::test]
async fn statistics_and_programme_pages_name_their_pictures_and_unknown_ones_have_none() {
    let app = TestApp::spawn().await;
    let country = picture(&app, "/statistik").await;
    let jakarta = picture(&app, "/statistik?wilayah=31.75").await;
    assert_ne!(country, jakarta, "each region has its own picture");
    assert_eq!(
        app.get("/statistik/kartu.png?wilayah=31.75")
            .await
            .bytes()
            .await
            .unwrap(),
        jakarta,
        "the same figures draw the same picture"
    );
    picture(&app, "/program/PKH").await;
    for (path, status) in [
        ("/statistik/kartu.png?wilayah=99.99", StatusCode::NOT_FOUND),
        ("/statistik/kartu.png?wilayah=x1", StatusCode::BAD_REQUEST),
        ("/program/TIDAK-ADA/kartu.png", StatusCode::NOT_FOUND),
        ("/musyawarah/999999/kartu.png", StatusCode::NOT_FOUND),
    ] {
        assert_eq!(app.get(path).await.status(), status, "{path}");
    }
}
