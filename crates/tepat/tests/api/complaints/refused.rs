//! Complaints that break a rule: each refused with a message naming the field, and nothing
//! stored; a flood from one address stopped; the API's refusals as problem documents.

use reqwest::StatusCode;
use serde_json::json;

use super::*;

#[tokio::test]
async fn a_complaint_that_breaks_a_rule_is_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let too_large = {
        let mut big = jpeg_with_exif();
        big.resize(5 * 1024 * 1024 + 10, 0);
        big
    };
    let cases: [(&str, &str, &str, Vec<Vec<u8>>); 6] = [
        ("category", "lapar", "pilih jenis pengaduan", vec![]),
        ("latitude", "48.85", "wilayah Indonesia", vec![]),
        ("description", "kurang", "minimal 10 karakter", vec![]),
        ("contact", "bukan nomor", "nomor HP", vec![]),
        ("region", "31.75.07", "pilih desa/kelurahan", vec![]),
        (
            "category",
            "other",
            "JPEG atau PNG",
            vec![b"%PDF-1.4 bukan gambar".to_vec()],
        ),
    ];
    for (field, value, message, files) in cases {
        let mut fields = complaint_fields("not_received");
        fields
            .iter_mut()
            .filter(|(n, _)| *n == field)
            .for_each(|(_, v)| *v = value.to_owned());
        let (status, page) = file(&app, "10.2.0.1", &fields, &files).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}");
        assert!(page.contains(message), "{field}={value}: {message}");
    }
    let (status, page) = file(&app, "10.2.0.1", &complaint_fields("other"), &[too_large]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("lebih besar dari 5"), "{page}");
    for table in ["complaints", "complaint_photos", "complaint_updates"] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
    let events: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE subject_type = 'complaint'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(events, 0);
}

#[tokio::test]
async fn a_flood_of_complaints_from_one_address_is_stopped() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        filed(&app, "service", "10.3.0.1").await;
    }
    let (status, page) = file(&app, "10.3.0.1", &complaint_fields("service"), &[]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.contains("Coba lagi dalam"), "{page}");
    assert_eq!(app.count("complaints").await, 5);
    filed(&app, "service", "10.3.0.2").await;
    // An hour on, the address may complain again.
    app.clock.advance(time::Duration::hours(1));
    filed(&app, "service", "10.3.0.1").await;
    assert_eq!(app.count("complaints").await, 7);
}

#[tokio::test]
async fn the_api_files_a_complaint_once_per_key_and_refuses_an_unknown_category() {
    let app = TestApp::spawn().await;
    let post = |body: serde_json::Value, key: &'static str| {
        app.client
            .post(app.url("/api/v1/complaints"))
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    let good = json!({"category": "not_received", "region": KLENDER,
        "description": "Bantuan sembako bulan ini tidak datang", "latitude": -6.21, "longitude": 106.93});
    let first = post(good.clone(), "lapor-1").await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: serde_json::Value = first.json().await.unwrap();
    let again: serde_json::Value = post(good, "lapor-1").await.unwrap().json().await.unwrap();
    assert_eq!(first["tracking_code"], again["tracking_code"]);
    assert_eq!(app.count("complaints").await, 1);
    let mut bad =
        json!({"category": "marah", "region": KLENDER, "description": "Bantuan tidak datang"});
    let refused = post(bad.clone(), "lapor-2").await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(
        crate::enrolment::refusal(&problem),
        ("category".into(), "choice".into())
    );
    bad["category"] = json!("other");
    bad["photos"] = json!(["bm90IGFuIGltYWdl"]);
    let refused = post(bad, "lapor-3").await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("complaints").await, 1);
    let missing = app.get("/api/v1/public/complaints/LPR-ZZZZZZZZ").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}
