//! Redemptions written in groups: a group holding good purchases, one past its voucher's
//! balance and one key sent twice commits the good ones and answers each of the others on
//! its own; a forged voucher never reaches a group; a purchase whose write fails in the
//! middle of a group is undone alone; and concurrent requests answer the same whether or
//! not they share a group.

use std::sync::Arc;

use axum::response::Response;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tepat::auth::{Principal, Role};
use tepat::clock::Clock;
use tepat::events::{Actor, ActorKind};
use tepat::http::AppError;
use tepat::http::idempotency::{IdempotentJson, Inline};
use tepat::vouchers::group::{Purchase, write_group};
use tepat::vouchers::model::NewRedemption;
use tepat::vouchers::shops::ShopCache;

use super::{SEMBAKO, issued, ledger_clean, line, shop, spend};
use crate::common::TestApp;
use crate::enrolment::refusal;

/// The shop's principal, as its token authenticates it.
async fn merchant(app: &TestApp, username: &str) -> Principal {
    let id: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE username = $1")
        .bind(username)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    Principal {
        actor: Actor {
            kind: ActorKind::Account,
            id: Some(id),
            role: "merchant".to_owned(),
        },
        name: username.to_owned(),
        role: Role::Merchant,
        region: Some(tepat::region_code::RegionCode::parse("31.75.07.1003").unwrap()),
        token_scopes: None,
    }
}

/// A checked purchase of `amount` from `voucher` under `key`, or the check's refusal.
async fn purchase(
    app: &TestApp,
    caller: &Principal,
    voucher: &str,
    amount: i64,
    key: &str,
) -> Result<Purchase, AppError> {
    let body = json!({"voucher": voucher, "items": line("beras", amount)});
    let input: NewRedemption = serde_json::from_value(body.clone()).unwrap();
    let command = IdempotentJson {
        key: key.to_owned(),
        request_hash: format!("{:x}", md5_like(&body.to_string())),
        body: input.clone(),
    };
    let inline = Inline::new(&command, &caller.actor);
    let (keys, shops) = (app.voucher_keys(), ShopCache::default());
    let now = app.clock.now();
    Purchase::check(&app.db, &keys, &shops, caller, input, inline, now)
        .await
        .map_err(|(_, err)| err.into())
}

/// A stable stand-in for the body's hash: the same body, the same text.
fn md5_like(text: &str) -> u128 {
    text.bytes()
        .fold(0u128, |h, b| h.wrapping_mul(31).wrapping_add(u128::from(b)))
}

/// An answer as (status, body or problem's rule).
async fn answer(result: Result<Response, AppError>) -> (u16, Value) {
    match result {
        Ok(response) => {
            let status = response.status().as_u16();
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .unwrap();
            (status, serde_json::from_slice(&bytes).unwrap())
        }
        Err(AppError::Conflict(error)) => (409, json!(error.rule)),
        Err(AppError::Invalid(errors)) => (422, json!(errors[0].rule)),
        Err(other) => (other.status().as_u16(), json!(other.to_string())),
    }
}

/// A voucher's QR text with one character of its signed text changed.
fn forge(qr: &str) -> String {
    let mut forged = qr.to_owned().into_bytes();
    forged[8] = if forged[8] == b'A' { b'B' } else { b'A' };
    String::from_utf8(forged).unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_group_commits_its_good_purchases_and_refuses_the_others_alone() {
    let app = TestApp::spawn().await;
    let (_, district, vouchers) = issued(&app).await;
    shop(&app, &district, "warong.klender", &SEMBAKO).await;
    let caller = merchant(&app, "warong.klender").await;
    let code = |i: usize| vouchers[i]["code"].as_str().unwrap().to_owned();
    let amount = |i: usize| vouchers[i]["amount"].as_i64().unwrap();
    let good = purchase(&app, &caller, &code(0), 10_000, "k-good")
        .await
        .unwrap();
    let over = purchase(&app, &caller, &code(1), amount(1) + 1, "k-over")
        .await
        .unwrap();
    let other = purchase(&app, &caller, &code(2), 25_000, "k-other")
        .await
        .unwrap();
    let again = purchase(&app, &caller, &code(0), 10_000, "k-good")
        .await
        .unwrap();
    let reused = purchase(&app, &caller, &code(3), 5_000, "k-other")
        .await
        .unwrap();
    // A forged voucher is refused by its check and never joins a group.
    let qr: String = sqlx::query_scalar("SELECT payload FROM vouchers WHERE code = $1")
        .bind(code(4))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let refused = purchase(&app, &caller, &forge(&qr), 5_000, "k-forged").await;
    assert!(
        matches!(&refused, Err(AppError::Invalid(e)) if e[0].rule == "signature"),
        "forged: {:?}",
        refused.err()
    );

    let group = [good, over, other, again, reused];
    let answers = write_group(&app.db, &ShopCache::default(), &group).await;
    let mut seen = Vec::new();
    for result in answers {
        seen.push(answer(result).await);
    }
    assert_eq!(seen[0].0, 201, "{:?}", seen[0]);
    assert_eq!(seen[0].1["remaining"], amount(0) - 10_000);
    assert_eq!(seen[1], (409, json!("balance")), "over the balance, alone");
    assert_eq!(seen[2].0, 201, "{:?}", seen[2]);
    assert_eq!(seen[2].1["remaining"], amount(2) - 25_000);
    assert_eq!(
        seen[3], seen[0],
        "the key sent twice answers the first purchase"
    );
    assert_eq!(seen[4], (409, json!("reused")), "one key, another body");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM redemptions").await, 2);
    let redeemed = "SELECT COUNT(*) FROM events WHERE action = 'voucher.redeemed'";
    assert_eq!(count(&app, redeemed).await, 2, "one event per purchase");
    let transfers = "SELECT COUNT(*) FROM ledger_transfers WHERE code = 'redemption'";
    assert_eq!(count(&app, transfers).await, 2);
    let batches = "SELECT COUNT(DISTINCT event_id) FROM ledger_transfers WHERE code = 'redemption'";
    assert_eq!(
        count(&app, batches).await,
        2,
        "each transfer has its own event"
    );
    ledger_clean(&app).await;
}

/// Makes every insert of a redemption of `amount` rupiah fail, as a broken disk would.
async fn fail_redemptions_of(app: &TestApp, amount: i64) {
    let statements = match app.db.engine {
        tepat::db::Engine::Sqlite => vec![format!(
            "CREATE TRIGGER fail_redemption BEFORE INSERT ON redemptions \
             WHEN NEW.amount = {amount} BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        )],
        tepat::db::Engine::Postgres => vec![
            format!(
                "CREATE FUNCTION fail_redemption() RETURNS trigger AS $$ BEGIN \
                 IF NEW.amount = {amount} THEN RAISE EXCEPTION 'injected failure'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql"
            ),
            "CREATE TRIGGER fail_redemption BEFORE INSERT ON redemptions \
             FOR EACH ROW EXECUTE FUNCTION fail_redemption()"
                .to_owned(),
        ],
    };
    for sql in statements {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_purchase_failing_inside_a_group_is_undone_alone_and_the_ledger_holds() {
    let app = TestApp::spawn().await;
    let (_, district, vouchers) = issued(&app).await;
    shop(&app, &district, "warong.klender", &SEMBAKO).await;
    let caller = merchant(&app, "warong.klender").await;
    let code = |i: usize| vouchers[i]["code"].as_str().unwrap().to_owned();
    fail_redemptions_of(&app, 13_013).await;
    let group = [
        purchase(&app, &caller, &code(0), 10_000, "k-1")
            .await
            .unwrap(),
        purchase(&app, &caller, &code(1), 13_013, "k-2")
            .await
            .unwrap(),
        purchase(&app, &caller, &code(2), 20_000, "k-3")
            .await
            .unwrap(),
    ];
    let answers = write_group(&app.db, &ShopCache::default(), &group).await;
    let mut seen = Vec::new();
    for result in answers {
        seen.push(answer(result).await.0);
    }
    assert_eq!(seen, [201, 500, 201], "the failing purchase fails alone");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM redemptions").await, 2);
    let redeemed = "SELECT COUNT(*) FROM events WHERE action = 'voucher.redeemed'";
    assert_eq!(
        count(&app, redeemed).await,
        2,
        "no event of the undone purchase"
    );
    let keys = "SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = 'k-2'";
    assert_eq!(count(&app, keys).await, 0, "nor its answer");
    let held: i64 = sqlx::query_scalar(
        "SELECT a.credits_posted - a.debits_posted FROM vouchers v \
         JOIN ledger_accounts a ON a.id = v.ledger_account_id WHERE v.code = $1",
    )
    .bind(code(1))
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        held,
        vouchers[1]["amount"].as_i64().unwrap(),
        "its money stayed"
    );
    ledger_clean(&app).await;

    // A group whose every purchase fails writes nothing at all.
    let lone = [purchase(&app, &caller, &code(3), 13_013, "k-4")
        .await
        .unwrap()];
    let answers = write_group(&app.db, &ShopCache::default(), &lone).await;
    assert_eq!(answer(answers.into_iter().next().unwrap()).await.0, 500);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM redemptions").await, 2);
    ledger_clean(&app).await;
}

#[tokio::test]
async fn concurrent_purchases_answer_alike_whatever_group_they_share() {
    let app = TestApp::spawn().await;
    let (_, district, vouchers) = issued(&app).await;
    let (_, klender) = shop(&app, &district, "warong.klender", &SEMBAKO).await;
    let klender = Arc::new(klender);
    let code = |i: usize| vouchers[i]["code"].as_str().unwrap().to_owned();
    let amount = vouchers[1]["amount"].as_i64().unwrap();
    let qr: String = sqlx::query_scalar("SELECT payload FROM vouchers WHERE code = $1")
        .bind(code(4))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let forged = forge(&qr);
    let sends = [
        (code(0), 10_000),
        (code(1), amount + 1),
        (code(2), 20_000),
        (forged, 5_000),
        (code(3), 30_000),
    ];
    let attempts = sends
        .iter()
        .map(|(voucher, amount)| spend(&klender, voucher, line("beras", *amount)));
    let answers = futures_util::future::join_all(attempts).await;
    let statuses: Vec<StatusCode> = answers.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::CONFLICT,
            StatusCode::CREATED,
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::CREATED
        ],
        "{answers:?}"
    );
    assert_eq!(refusal(&answers[1].1).1, "balance");
    assert_eq!(refusal(&answers[3].1).1, "signature");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM redemptions").await, 3);
    ledger_clean(&app).await;
}
