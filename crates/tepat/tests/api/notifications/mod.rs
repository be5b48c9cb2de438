//! Notifications on a real server: the outbox rows each cause queues (once), delivery
//! through a real local gateway and SMTP relay, back-off up to a dead letter and back, and
//! the page and API within the caller's region.

mod delivery;
mod scope;

use std::sync::{Arc, Mutex};
use tepat::clock::Clock;

use reqwest::StatusCode;
use serde_json::json;
use tepat::config::NotifyArgs;
use tepat::notifications::provider::Providers;
use time::macros::datetime;

use crate::common::TestApp;
use crate::cycles::approved_cycle;
use crate::payments::{answer, approved_payroll, pain001, post_file};
use crate::proposals::{chain, family, propose};

/// Gives every household but the first a phone number (`0812345670` and its id).
pub async fn set_phones(app: &TestApp) -> i64 {
    let sql = "UPDATE households SET phone = '0812345670' || CAST(id AS TEXT) \
               WHERE id <> (SELECT MIN(id) FROM households)";
    let done = sqlx::query(sql).execute(&app.db.pool).await.unwrap();
    i64::try_from(done.rows_affected()).unwrap()
}

/// An approved Sembako cycle of Jakarta Timur whose households (all but the first) have
/// phones, its vouchers issued: (cycle, the district officer who issued them, vouchers).
pub async fn issued(app: &TestApp) -> (i64, crate::enrolment::Api<'_>, i64) {
    let (cycle, maker, _) = approved_cycle(app).await;
    set_phones(app).await;
    let path = format!("/api/v1/cycles/{cycle}/vouchers");
    let (status, done) = maker.post(&path, json!({"region": "31.75"})).await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    (cycle, maker, done["count"].as_i64().unwrap())
}

/// Messages of `kind` in the outbox.
pub async fn queued(app: &TestApp, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE kind = $1")
        .bind(kind.to_owned())
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// The providers with the gateway at `url` (signed with `SECRET`) and SMTP at `smtp`.
pub fn providers(webhook: Option<&str>, smtp: Option<&str>) -> Providers {
    Providers::from_args(&NotifyArgs {
        public_url: "https://bansos.example.go.id".into(),
        webhook_url: webhook.map(str::to_owned),
        webhook_secret: Some(SECRET.into()),
        smtp_url: smtp.map(str::to_owned),
        ..NotifyArgs::default()
    })
    .unwrap()
}

pub const SECRET: &str = "rahasia-gateway-uji";

/// What a local gateway received: (signature header, idempotency key, body).
pub type Received = Arc<Mutex<Vec<(String, String, Vec<u8>)>>>;

/// A gateway on a free local port answering every POST with `status`; its URL and what it
/// received. The listener is bound before this returns, so nothing waits for it.
pub async fn gateway(status: u16) -> (String, Received) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let seen: Received = Arc::default();
    let kept = seen.clone();
    let answer = axum::http::StatusCode::from_u16(status).unwrap();
    let route = axum::routing::post(
        move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
            let kept = kept.clone();
            async move {
                let header = |name: &str| {
                    headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned()
                };
                let entry = (
                    header("x-tepat-signature"),
                    header("idempotency-key"),
                    body.to_vec(),
                );
                kept.lock().unwrap().push(entry);
                answer
            }
        },
    );
    let router = axum::Router::new().route("/kirim", route);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{address}/kirim"), seen)
}

#[tokio::test]
async fn issuing_vouchers_queues_one_message_per_household_with_a_phone_once() {
    let app = TestApp::spawn().await;
    let (cycle, district, vouchers) = issued(&app).await;
    let first_household = sqlx::query_scalar::<_, i64>("SELECT MIN(id) FROM households")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let without: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vouchers WHERE household_id = $1")
        .bind(first_household)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let expected = vouchers - without;
    assert!(expected > 0 && without > 0);
    assert_eq!(queued(&app, "voucher.issued").await, expected);
    let (status, _) = district
        .post(
            &format!("/api/v1/cycles/{cycle}/vouchers"),
            json!({"region": "31.75"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "nothing left to issue");
    let mut tx = app.db.begin_write().await.unwrap();
    let again =
        tepat::notifications::hooks::vouchers_issued(&mut tx, cycle, "31.75", app.clock.now());
    assert_eq!(
        again.await.unwrap(),
        0,
        "the same voucher is never queued twice"
    );
    tx.commit().await.unwrap();
    assert_eq!(queued(&app, "voucher.issued").await, expected);
    let (body, link): (String, String) =
        sqlx::query_as("SELECT body, link FROM notifications ORDER BY id LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(
        body.contains("Rp ") && body.contains("berlaku sampai"),
        "{body}"
    );
    assert_eq!(link, "/");
}

#[tokio::test]
async fn a_bank_report_queues_a_message_per_payment_sent_or_rejected() {
    let app = TestApp::spawn().await;
    let (_, payroll, _, _, bank) = approved_payroll(&app).await;
    sqlx::query("UPDATE households SET phone = '081200000000'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let (status, bri) = pain001(&bank, payroll, "BRINIDJA").await;
    assert_eq!(status, StatusCode::OK);
    let report = answer(&bri, "pain.002.001.03", "BRI-1", &[0]);
    let (status, done) =
        post_file(&bank, "/api/v1/payment-status", "application/xml", report).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(queued(&app, "payment.rejected").await, 1);
    assert_eq!(
        queued(&app, "payment.sent").await,
        done["file"]["paid"].as_i64().unwrap()
    );
    let rejected: String =
        sqlx::query_scalar("SELECT body FROM notifications WHERE kind = 'payment.rejected'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(rejected.contains("rekening sudah ditutup"), "{rejected}");
}

#[tokio::test]
async fn a_proposal_decided_at_its_last_step_queues_one_message() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let household = family(&app, 1, 1).await;
    sqlx::query("UPDATE households SET phone = '081298765432' WHERE id = $1")
        .bind(household)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let (_, p) = propose(&c.facilitator, household, "BLT_DD").await;
    let id = p["id"].as_i64().unwrap();
    let (status, p) = c
        .operator
        .post(&format!("/api/v1/proposals/{id}/approve"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(queued(&app, "proposal.decided").await, 1);
    let body: String = sqlx::query_scalar("SELECT body FROM notifications")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(
        body.contains(&format!("Usulan #{id}")) && body.contains("disetujui"),
        "{body}"
    );
}

#[tokio::test]
async fn a_schedule_is_queued_once_per_household_and_time() {
    let app = TestApp::spawn().await;
    let household = family(&app, 1, 1).await;
    sqlx::query("UPDATE households SET phone = '081298765432' WHERE id = $1")
        .bind(household)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let at = datetime!(2026-12-10 02:00 UTC);
    let scheduled = |at| tepat::notifications::DistributionScheduled {
        event_id: 7,
        household_id: household,
        programme: "SEMBAKO",
        at,
        place: "Balai Warga RW 05",
        code: None,
    };
    let now = app.clock.now();
    let (once, moved) = (scheduled(at), scheduled(at + time::Duration::days(1)));
    let mut tx = app.db.begin_write().await.unwrap();
    let first = tepat::notifications::distribution_scheduled(&mut tx, &once, now);
    assert!(first.await.unwrap().is_some());
    let twice = tepat::notifications::distribution_scheduled(&mut tx, &once, now);
    assert!(
        twice.await.unwrap().is_none(),
        "the same schedule is told once"
    );
    let later = tepat::notifications::distribution_scheduled(&mut tx, &moved, now);
    assert!(
        later.await.unwrap().is_some(),
        "a moved hand-out is told again"
    );
    tx.commit().await.unwrap();
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM notifications ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert!(
        bodies[0].contains("10 Des 2026 09:00 WIB di Balai Warga RW 05"),
        "{}",
        bodies[0]
    );
    assert!(bodies[1].contains("11 Des 2026 09:00 WIB"), "{}", bodies[1]);
}

#[tokio::test]
async fn the_demo_has_messages_in_the_outbox_and_the_log_takes_them() {
    let app = TestApp::spawn().await;
    tepat::demo::seed(&app.db, &app.voucher_keys(), app.clock.now())
        .await
        .unwrap();
    assert!(queued(&app, "voucher.issued").await > 0);
    assert!(queued(&app, "payment.rejected").await > 0);
    let to: String = sqlx::query_scalar("SELECT address FROM notifications LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(to, "+6281234567890", "the number as the registry keeps it");
    let pending = app.count("notifications").await;
    let round =
        tepat::notifications::worker::deliver_all(&app.db, &providers(None, None), app.clock.now())
            .await
            .unwrap();
    assert_eq!(
        i64::try_from(round.sent).unwrap(),
        pending,
        "the log takes everything"
    );
}
