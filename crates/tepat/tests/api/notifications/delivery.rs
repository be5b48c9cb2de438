//! Delivery: a real local gateway receives signed JSON, a gateway that is down makes a
//! message wait with back-off until it is a dead letter, an official sends it again, and
//! e-mail goes through a minimal SMTP relay. The worker is driven with a moved clock.

use hmac::{Hmac, KeyInit, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;
use tepat::clock::Clock;
use tepat::notifications::backoff::{ATTEMPTS_MAX, delay};
use tepat::notifications::worker::deliver_all;
use tepat::notifications::{EMAIL, NewNotification, template::Message};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use super::{SECRET, gateway, issued, providers, queued};
use crate::common::TestApp;
use crate::enrolment::refusal;

/// (status, attempts, next attempt, last error) of a message.
async fn state(app: &TestApp, id: i64) -> (String, i64, String, Option<String>) {
    sqlx::query_as(
        "SELECT status, attempts, next_attempt_at, last_error FROM notifications WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

async fn first_id(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT MIN(id) FROM notifications")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_gateway_receives_signed_json_once_per_message() {
    let app = TestApp::spawn().await;
    issued(&app).await;
    let count = queued(&app, "voucher.issued").await;
    assert!(count > 0);
    let (url, seen) = gateway(200).await;
    let gateway_only = providers(Some(&url), None);
    let round = deliver_all(&app.db, &gateway_only, app.clock.now())
        .await
        .unwrap();
    assert_eq!(i64::try_from(round.sent).unwrap(), count);
    let received = seen.lock().unwrap().clone();
    assert_eq!(i64::try_from(received.len()).unwrap(), count);
    for (signature, key, body) in &received {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(body);
        let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        assert_eq!(signature, &expected, "the signature is the body's HMAC");
        let message: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(key, &format!("tepat-notification-{}", message["id"]));
        assert_eq!(message["kind"], "voucher.issued");
        assert_eq!(message["channel"], "sms");
        assert!(message["to"].as_str().unwrap().starts_with("0812345670"));
        let text = message["text"].as_str().unwrap();
        assert!(
            text.ends_with("Info: https://bansos.example.go.id/"),
            "{text}"
        );
    }
    let sent: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE status = 'sent' AND attempts = 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(sent, count);
    let again = deliver_all(&app.db, &gateway_only, app.clock.now())
        .await
        .unwrap();
    assert_eq!(again.claimed(), 0, "a sent message is not sent again");
}

#[tokio::test]
async fn a_gateway_that_is_down_ends_in_a_dead_letter_an_official_sends_again() {
    let app = TestApp::spawn().await;
    // The gateway is down while vouchers are issued: the request never calls it.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let refused = format!("http://{}/kirim", closed.local_addr().unwrap());
    drop(closed);
    let (_, district, _) = issued(&app).await;
    let count = usize::try_from(queued(&app, "voucher.issued").await).unwrap();
    let start = app.clock.now();
    let round = deliver_all(&app.db, &providers(Some(&refused), None), start).await;
    assert_eq!(round.unwrap().retried, count);
    let id = first_id(&app).await;
    let (status, attempts, next, error) = state(&app, id).await;
    assert_eq!((status.as_str(), attempts), ("pending", 1));
    assert_eq!(next, tepat::db::timestamp::to_db(start + delay(1)));
    assert!(error.unwrap().contains("tidak terjangkau"));
    let early = deliver_all(&app.db, &providers(Some(&refused), None), start).await;
    assert_eq!(
        early.unwrap().claimed(),
        0,
        "nothing is due before its back-off"
    );

    let (broken, seen) = gateway(500).await;
    let mut last = Default::default();
    for attempt in 2..=ATTEMPTS_MAX {
        app.clock.advance(delay(attempt - 1));
        last = deliver_all(&app.db, &providers(Some(&broken), None), app.clock.now())
            .await
            .unwrap();
    }
    assert_eq!(last.dead, count, "{last:?}");
    assert_eq!(
        seen.lock().unwrap().len(),
        count * (ATTEMPTS_MAX as usize - 1)
    );
    let (status, attempts, _, error) = state(&app, id).await;
    assert_eq!((status.as_str(), attempts), ("failed", ATTEMPTS_MAX));
    assert_eq!(error.as_deref(), Some("gateway menjawab 500"));

    let retry = format!("/api/v1/notifications/{id}/retry");
    let (status, body) = district.post(&retry, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["status"].clone(), body["attempts"].clone()),
        (json!("pending"), json!(0))
    );
    let (status, problem) = district.post(&retry, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(refusal(&problem), ("status".into(), "dead_letter".into()));
    let (status, _) = district
        .post("/api/v1/notifications/987654/retry", json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (working, _) = gateway(202).await;
    let round = deliver_all(&app.db, &providers(Some(&working), None), app.clock.now()).await;
    assert_eq!(
        round.unwrap().sent,
        1,
        "only the message sent again goes out"
    );
    assert_eq!(state(&app, id).await.0, "sent");
    let (status, problem) = district.post(&retry, json!({})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a sent message is not sent again: {problem}"
    );
}

/// A relay that takes one message and hands back what came after `DATA`.
async fn smtp_relay() -> (String, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let relay = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 relai.uji ESMTP\r\n").await.unwrap();
        let (mut data, mut in_data) = (String::new(), false);
        while let Some(line) = lines.next_line().await.unwrap() {
            if in_data {
                if line == "." {
                    in_data = false;
                    write.write_all(b"250 diterima\r\n").await.unwrap();
                } else {
                    data.push_str(&line);
                    data.push('\n');
                }
                continue;
            }
            let verb = line.to_ascii_uppercase();
            let reply: &[u8] = if verb.starts_with("DATA") {
                in_data = true;
                b"354 lanjut\r\n"
            } else if verb.starts_with("QUIT") {
                write.write_all(b"221 sampai jumpa\r\n").await.unwrap();
                break;
            } else {
                b"250 relai.uji\r\n"
            };
            write.write_all(reply).await.unwrap();
        }
        data
    });
    (url, relay)
}

#[tokio::test]
async fn an_email_goes_through_the_smtp_relay() {
    let app = TestApp::spawn().await;
    let mut tx = app.db.begin_write().await.unwrap();
    let new = NewNotification {
        kind: "distribution.scheduled",
        subject_type: "distribution_event",
        subject_id: "1:uji".into(),
        household_id: None,
        region: "31.75.07.1003".into(),
        channel: EMAIL,
        address: Some("warga@example.id".into()),
        message: Message {
            subject: "Jadwal penyaluran Sembako".into(),
            body: "Penyaluran Sembako: 10 Des 2026 09:00 WIB di Balai Warga.".into(),
            link: "/".into(),
        },
    };
    let id = tepat::notifications::enqueue(&mut tx, new, app.clock.now());
    assert!(id.await.unwrap().is_some());
    tx.commit().await.unwrap();
    let (url, relay) = smtp_relay().await;
    let round = deliver_all(&app.db, &providers(None, Some(&url)), app.clock.now()).await;
    assert_eq!(round.unwrap().sent, 1);
    let data = relay.await.unwrap();
    assert!(data.contains("To: warga@example.id"), "{data}");
    assert!(
        data.contains("Subject: Jadwal penyaluran Sembako"),
        "{data}"
    );
    assert!(data.contains("Balai Warga"), "{data}");
}

#[tokio::test]
async fn two_workers_at_once_never_send_one_message_twice() {
    let app = TestApp::spawn().await;
    issued(&app).await;
    let count = usize::try_from(queued(&app, "voucher.issued").await).unwrap();
    let (url, seen) = gateway(200).await;
    let (one, two) = (providers(Some(&url), None), providers(Some(&url), None));
    let now = app.clock.now();
    let (a, b) = tokio::join!(
        deliver_all(&app.db, &one, now),
        deliver_all(&app.db, &two, now)
    );
    assert_eq!(a.unwrap().sent + b.unwrap().sent, count);
    let mut keys: Vec<String> = seen.lock().unwrap().iter().map(|r| r.1.clone()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), count, "each message reached the gateway once");
    assert_eq!(seen.lock().unwrap().len(), count);
}

/// Runs the `tepat` binary; (success, what it printed).
async fn tepat(args: &[&str]) -> (bool, String) {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_tepat"))
        .args(args)
        .env_remove("TEPAT_DATABASE_URL")
        .env_remove("TEPAT_NOTIFY_WEBHOOK_URL")
        .env_remove("TEPAT_SMTP_URL")
        .output()
        .await
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[tokio::test]
async fn the_command_line_delivers_the_outbox_and_sends_a_dead_letter_again() {
    let app = TestApp::spawn().await;
    issued(&app).await;
    let count = queued(&app, "voucher.issued").await;
    let id = first_id(&app).await;
    sqlx::query("UPDATE notifications SET status = 'failed', attempts = 12 WHERE id = $1")
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let url = app.db_url.as_str();
    let (ok, out) = tepat(&["notifications", "deliver", "--database-url", url]).await;
    assert!(ok, "{out}");
    assert!(
        out.contains(&format!("{} sent, 0 to be retried", count - 1)),
        "{out}"
    );
    let id_text = id.to_string();
    let retry = [
        "notifications",
        "retry",
        "--database-url",
        url,
        "--id",
        &id_text,
    ];
    let (ok, out) = tepat(&retry).await;
    assert!(ok, "{out}");
    let (ok, out) = tepat(&retry).await;
    assert!(!ok && out.contains("dead letter"), "{out}");
    let (ok, out) = tepat(&["notifications", "deliver", "--database-url", url]).await;
    assert!(ok && out.contains("1 sent"), "{out}");
    assert_eq!(state(&app, id).await.0, "sent");
}
