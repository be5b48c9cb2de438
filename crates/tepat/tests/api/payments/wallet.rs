//! The e-wallet channel: a payroll paid through the simulated provider from the API
//! (one wallet rejected as unknown and queued for re-payment), and through the HTTP-JSON
//! provider against a real HTTP server that plays the provider.

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use reqwest::StatusCode;
use serde_json::json;
use sqlx::Row;
use tepat::clock::Clock;
use tepat::disbursement::wallet::{self, Provider, WalletBatch, WalletStatus, http::HttpProvider};

use super::{count, ledger_clean, post_file};
use crate::common::TestApp;
use crate::cycles::approved_cycle;
use crate::enrolment::Api;
use crate::proposals::official;

/// Every household with a wallet at `dana`; the first one's number ends in 00.
async fn wallets(app: &TestApp, api: &Api<'_>) {
    let rows = sqlx::query("SELECT id, kk_number FROM households ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    let mut csv = String::from("no_kk,kanal,penyedia,no_rekening,nama_pemilik\n");
    for (index, row) in rows.iter().enumerate() {
        let (id, kk): (i64, String) = (row.try_get(0).unwrap(), row.try_get(1).unwrap());
        let tail = if index == 0 { 0 } else { id };
        csv.push_str(&format!(
            "{kk},e_wallet,dana,0812345{tail:05},PENERIMA {id}\n"
        ));
    }
    let loaded = post_file(api, "/api/v1/recipient-accounts", "text/csv", csv).await;
    assert_eq!(loaded.0, StatusCode::OK, "{}", loaded.1);
}

/// An approved e-wallet payroll of the test cycle: (payroll, maker).
async fn wallet_payroll(app: &TestApp) -> (i64, Api<'_>) {
    let (cycle, maker, checker) = approved_cycle(app).await;
    let (_, bank) = official(app, "bank.dki", "bank", Some("31")).await;
    wallets(app, &bank).await;
    let body = json!({"region": "31.75", "channel": "e_wallet"});
    let (status, payroll) = maker
        .post(&format!("/api/v1/cycles/{cycle}/payrolls"), body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{payroll}");
    let id = payroll["id"].as_i64().unwrap();
    let approve = format!("/api/v1/payrolls/{id}/approve");
    assert_eq!(checker.post(&approve, json!({})).await.0, StatusCode::OK);
    (id, maker)
}

#[tokio::test]
async fn an_e_wallet_payroll_is_paid_through_the_simulated_provider() {
    let app = TestApp::spawn().await;
    let (payroll, maker) = wallet_payroll(&app).await;
    let path = format!("/api/v1/payrolls/{payroll}/wallet");
    let (status, done) = maker.post(&path, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let answer = &done["answers"][0];
    assert_eq!(
        (
            answer["file"]["paid"].as_i64(),
            answer["file"]["rejected"].as_i64()
        ),
        (Some(5), Some(1))
    );
    assert_eq!(answer["file"]["version"], "e_wallet");
    let reason: String =
        sqlx::query_scalar("SELECT reason_code FROM payments WHERE status = 'rejected'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(reason, "AC01");
    let (status, again) = maker.post(&path, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        again["answers"],
        json!([]),
        "nothing waits any more: nothing is sent again"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM ledger_transfers WHERE phase = 'post'"
        )
        .await,
        5
    );
    ledger_clean(&app).await;
}

/// The provider's state: the batches it received, by id.
type Received = Arc<Mutex<Vec<(String, WalletBatch)>>>;

/// A provider on a real HTTP port: answers a batch with `first` for every payment,
/// answers the same for a batch sent twice, remembers each call's idempotency key, and
/// when asked later about a batch (`GET /batches/{id}`) answers that it paid everything.
async fn provider_server(first: &'static str) -> (String, Received) {
    let received: Received = Arc::default();
    let batches = move |State(received): State<Received>,
                        headers: HeaderMap,
                        Json(body): Json<serde_json::Value>| async move {
        let batch = body["batch"].as_str().unwrap_or_default().to_owned();
        let statuses = body["payments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| WalletStatus {
                id: p["id"].as_str().unwrap().to_owned(),
                status: first.to_owned(),
                reason: None,
                amount: p["amount"].as_i64(),
            })
            .collect();
        let answer = WalletBatch {
            batch: batch.clone(),
            statuses,
        };
        let key = headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        received.lock().unwrap().push((key, answer.clone()));
        Json(answer)
    };
    async fn later(State(received): State<Received>, Path(id): Path<String>) -> Json<WalletBatch> {
        let mut answer = received
            .lock()
            .unwrap()
            .iter()
            .rev()
            .find(|(_, b)| b.batch == id)
            .map(|(_, b)| b.clone())
            .unwrap();
        for status in &mut answer.statuses {
            status.status = "paid".to_owned();
        }
        Json(answer)
    }
    let router = axum::Router::new()
        .route("/batches", axum::routing::post(batches))
        .route("/batches/{id}", axum::routing::get(later))
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, received)
}

#[tokio::test]
async fn the_http_provider_is_sent_one_idempotent_batch_and_its_answer_settles_it() {
    let app = TestApp::spawn().await;
    let (payroll, _) = wallet_payroll(&app).await;
    let (url, received) = provider_server("paid").await;
    let provider = Provider::Http(HttpProvider::new(&url, "rahasia").unwrap());
    let caller = crate::applications::officer(tepat::auth::Role::DistrictOfficer, "31.75");
    let caller = tepat::auth::Principal {
        actor: tepat::events::Actor::system(),
        ..caller
    };
    let down = Provider::Http(HttpProvider::new("http://127.0.0.1:9", "x").unwrap());
    let refused = wallet::pay(&app.db, &caller, payroll, &down, None, app.clock.now()).await;
    assert!(refused.is_err(), "an unreachable provider is refused");
    let waiting = "SELECT COUNT(*) FROM payments WHERE status = 'reserved'";
    assert_eq!(count(&app, waiting).await, 6, "and nothing changed");
    let done = wallet::pay(&app.db, &caller, payroll, &provider, None, app.clock.now())
        .await
        .unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].file.paid, 6, "the provider paid every wallet");
    let calls = received.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        calls[0].0,
        format!("TEPAT-{payroll}-dana"),
        "the batch id is its idempotency key"
    );
    assert_eq!(calls[0].1.statuses.len(), 6);

    ledger_clean(&app).await;
}

#[tokio::test]
async fn a_provider_pushes_statuses_by_callback_once() {
    let app = TestApp::spawn().await;
    let (payroll, _) = wallet_payroll(&app).await;
    let (_, operator) = official(&app, "dana.operator", "bank", Some("31")).await;
    let entitlements: Vec<i64> =
        sqlx::query_scalar("SELECT entitlement_id FROM payments ORDER BY entitlement_id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let statuses: Vec<serde_json::Value> = entitlements
        .iter()
        .enumerate()
        .map(|(i, e)| match i {
            0 => json!({"id": e.to_string(), "status": "rejected", "reason": "AC04"}),
            1 => json!({"id": e.to_string(), "status": "pending"}),
            _ => json!({"id": e.to_string(), "status": "paid"}),
        })
        .collect();
    let body = json!({"batch": format!("TEPAT-{payroll}-dana"), "statuses": statuses});
    let (status, done) = operator.post("/api/v1/wallet-status", body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(
        (
            done["file"]["paid"].as_i64(),
            done["file"]["rejected"].as_i64()
        ),
        (Some(4), Some(1))
    );
    let (status, again) = operator.post("/api/v1/wallet-status", body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        again["already_imported"], true,
        "the same statuses twice change nothing"
    );
    let waiting = "SELECT COUNT(*) FROM payments WHERE status = 'reserved'";
    assert_eq!(count(&app, waiting).await, 1, "the pending one still waits");
    let unknown = json!({"batch": "TEPAT-999-dana", "statuses": []});
    let (status, problem) = operator.post("/api/v1/wallet-status", unknown).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["rule"], "unknown_batch", "{problem}");
    ledger_clean(&app).await;
}

#[tokio::test]
async fn payments_the_provider_left_pending_are_settled_when_it_is_asked_again() {
    let app = TestApp::spawn().await;
    let (payroll, _) = wallet_payroll(&app).await;
    let (url, received) = provider_server("pending").await;
    let provider = Provider::Http(HttpProvider::new(&url, "rahasia").unwrap());
    let asked = wallet::poll::poll_once(&app.db, &provider, app.clock.now())
        .await
        .unwrap();
    assert_eq!(asked, 0, "nothing was sent yet: nothing to ask about");
    assert!(
        received.lock().unwrap().is_empty(),
        "and nothing is sent by asking"
    );
    let caller = crate::applications::officer(tepat::auth::Role::DistrictOfficer, "31.75");
    let done = wallet::pay(&app.db, &caller, payroll, &provider, None, app.clock.now())
        .await
        .unwrap();
    assert_eq!((done[0].file.paid, done[0].file.rejected), (0, 0));
    let waiting = "SELECT COUNT(*) FROM payments WHERE status = 'reserved'";
    assert_eq!(
        count(&app, waiting).await,
        6,
        "the provider has not paid yet"
    );
    let settled = wallet::poll::poll_once(&app.db, &provider, app.clock.now())
        .await
        .unwrap();
    assert_eq!(settled, 6, "asked again, the provider paid them all");
    assert_eq!(count(&app, waiting).await, 0);
    let again = wallet::poll::poll_once(&app.db, &provider, app.clock.now())
        .await
        .unwrap();
    assert_eq!(again, 0, "nothing pending: nothing settled twice");
    let posted = "SELECT COUNT(*) FROM ledger_transfers WHERE phase = 'post'";
    assert_eq!(count(&app, posted).await, 6);
    ledger_clean(&app).await;
}
