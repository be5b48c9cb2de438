//! The village feed: valid Atom (checked against RFC 4287's RELAX NG grammar by libxml2),
//! with the hand-out scheduled in the village and the programmes' criteria, nothing
//! personal, and clear refusals of codes that are no village.

use reqwest::StatusCode;

use super::KLENDER;
use crate::common::TestApp;

/// Validates a document against the Atom grammar shipped with the tests (libxml2).
pub fn assert_valid_atom(xml: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.atom");
    std::fs::write(&path, xml).unwrap();
    let schema = format!("{}/tests/data/atom.rng", env!("CARGO_MANIFEST_DIR"));
    let output = std::process::Command::new("xmllint")
        .args(["--noout", "--relaxng", &schema])
        .arg(&path)
        .output()
        .expect("xmllint (libxml2-utils) is installed");
    assert!(
        output.status.success(),
        "{}\n{xml}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn a_villages_feed_is_valid_atom_with_its_hand_outs_and_the_criteria() {
    let app = TestApp::spawn().await;
    let households = crate::distribution::four_households(&app).await;
    let (event, _) = crate::distribution::scheduled(&app, &households).await;
    let response = app
        .get(&format!("/statistik/desa/{KLENDER}/feed.atom"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let xml = response.text().await.unwrap();
    assert_valid_atom(&xml);
    assert!(
        xml.contains(&format!(",2026:penyaluran/{event}</id>")),
        "{xml}"
    );
    assert!(xml.contains("Bantuan banjir Klender"), "{xml}");
    assert!(xml.contains("7 Des 2026, 08:00–09:00 WIB"), "{xml}");
    assert!(xml.contains("term=\"kriteria\""), "{xml}");
    assert!(xml.contains("/statistik?wilayah=31.75.07.1003\""), "{xml}");
    for head in ["Budi Santoso", "Siti Aminah", "Agus Salim", "Dewi Lestari"] {
        assert!(!xml.contains(head), "{head} in the feed");
    }
    let nik_like = xml
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() >= 16)
        .count();
    assert_eq!(nik_like, 0, "no NIK or KK in the feed");
    // A village with nothing scheduled still has a valid feed (the criteria, at least).
    let other = app.text("/statistik/desa/31.75.07.1001/feed.atom").await;
    assert_valid_atom(&other);
    assert!(!other.contains("penyaluran/"), "{other}");
    // The criteria's entries lead to the programme's public page, which has its share card.
    let programme = app.text("/program/PKH").await;
    assert!(programme.contains("property=\"og:url\""), "{programme}");
    assert!(programme.contains("/program/PKH\""), "{programme}");
    // The statistics page of the village links its feed.
    let page = app.text(&format!("/statistik?wilayah={KLENDER}")).await;
    assert!(
        page.contains(&format!("/statistik/desa/{KLENDER}/feed.atom")),
        "{page}"
    );
}

#[tokio::test]
async fn codes_that_are_no_village_get_no_feed() {
    let app = TestApp::spawn().await;
    let bad = app.get("/statistik/desa/klender/feed.atom").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    for code in ["31.75.07", "31.75.07.9999"] {
        let response = app.get(&format!("/statistik/desa/{code}/feed.atom")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{code}");
    }
}
