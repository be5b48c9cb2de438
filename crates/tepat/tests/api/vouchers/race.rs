//! Two merchants spending one voucher at the same instant: however the attempts
//! interleave, exactly the balance is spent, every losing attempt answers 409 with a
//! problem document — never a 5xx — and the ledger holds.

use reqwest::StatusCode;

use super::{SEMBAKO, issued, ledger_clean, line, shop, spend};
use crate::common::TestApp;

/// Attempts at once, half at each shop.
const ATTEMPTS: i64 = 24;

#[tokio::test]
async fn a_voucher_spent_by_two_merchants_at_once_is_never_overspent() {
    let app = TestApp::spawn().await;
    let (_, district, vouchers) = issued(&app).await;
    let (_, klender) = shop(&app, &district, "warong.klender", &SEMBAKO).await;
    let (_, cipinang) = shop(&app, &district, "warong.cipinang", &SEMBAKO).await;
    let code = vouchers[0]["code"].as_str().unwrap().to_owned();
    let amount = vouchers[0]["amount"].as_i64().unwrap();
    // Each attempt spends a third: three can succeed, the rest must lose.
    let part = amount / 3;
    let attempts = (0..ATTEMPTS).map(|i| {
        let merchant = if i % 2 == 0 { &klender } else { &cipinang };
        let code = code.clone();
        async move { spend(merchant, &code, line("beras", part)).await }
    });
    let answers = futures_util::future::join_all(attempts).await;
    let won = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    for (status, body) in &answers {
        assert!(
            *status == StatusCode::CREATED || *status == StatusCode::CONFLICT,
            "{status}: {body}"
        );
        if *status == StatusCode::CONFLICT {
            assert_eq!(body["errors"][0]["rule"], "balance", "{body}");
        }
    }
    assert_eq!(won, 3, "exactly the balance is spent");
    let spent: i64 =
        sqlx::query_scalar("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM redemptions")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(spent, part * 3);
    ledger_clean(&app).await;
}

#[tokio::test]
async fn one_key_sent_many_times_at_once_is_one_purchase_with_one_answer() {
    let app = TestApp::spawn().await;
    let (_, district, vouchers) = issued(&app).await;
    let (_, klender) = shop(&app, &district, "warong.klender", &SEMBAKO).await;
    let body = serde_json::json!({"voucher": vouchers[0]["code"], "items": line("beras", 10_000)});
    let key = crate::programmes::key();
    let attempts = (0..8).map(|_| klender.post_keyed("/api/v1/redemptions", body.clone(), &key));
    let answers = futures_util::future::join_all(attempts).await;
    for (status, answer) in &answers {
        assert_eq!(*status, StatusCode::CREATED, "{answer}");
        assert_eq!(
            answer, &answers[0].1,
            "every answer is the first purchase's"
        );
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM redemptions")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 1, "one purchase");
    let other = serde_json::json!({"voucher": vouchers[0]["code"], "items": line("beras", 20_000)});
    let (status, reused) = klender.post_keyed("/api/v1/redemptions", other, &key).await;
    assert_eq!(status, StatusCode::CONFLICT, "{reused}");
    assert_eq!(reused["errors"][0]["rule"], "reused");
    ledger_clean(&app).await;
}
