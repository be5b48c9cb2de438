//! The information pages: every topic answers, citizens' pages name what officials may
//! never ask for and link the flows, the programmes page lists the stored programmes, the
//! guides point to the training copy, and an unknown topic is a page not found.

use reqwest::StatusCode;

use crate::common::TestApp;

#[tokio::test]
async fn every_topic_is_a_printable_page_that_links_the_flows() {
    let app = TestApp::spawn().await;
    let index = app.text("/informasi").await;
    let topics: Vec<&str> = index
        .split("href=\"/informasi/")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert_eq!(topics.len(), 10, "{index}");
    for topic in &topics {
        let response = app.get(&format!("/informasi/{topic}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{topic}");
        let page = response.text().await.unwrap();
        assert!(page.contains(&format!("id=\"info-{topic}\"")), "{topic}");
    }
    let never = app.text("/informasi/larangan").await;
    assert!(never.contains("meminta uang, barang, atau bagian dari bantuan"));
    assert!(never.contains("href=\"/lapor-pungli\""));
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM programmes")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert!(!names.is_empty());
    let programmes = app.text("/informasi/program").await;
    for name in &names {
        assert!(programmes.contains(name.as_str()), "{name} listed");
    }
    let sandbox = app.text("/informasi/latihan").await;
    assert!(sandbox.contains("tepat demo --database-url sqlite://latihan.db"));
    let missing = app.get("/informasi/rahasia").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}
