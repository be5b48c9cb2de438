//! A transfer changed in SQL: the table refuses it, and when its guard is dropped first,
//! `tepat ledger check` names the batch and the accounts it no longer adds up for.

use tepat::db::Engine;
use tepat::ledger::{NewTransfer, Phase};

use super::Books;

async fn ledger_check(url: &str) -> (bool, String) {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_tepat"))
        .args(["ledger", "check", "--database-url", url])
        .env_remove("TEPAT_DATABASE_URL")
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
async fn ledger_check_passes_on_sound_books_and_names_a_transfer_amount_changed_in_sql() {
    let books = Books::open().await;
    books
        .write(&[
            NewTransfer::pending(
                "reserve:7".to_owned(),
                books.budget,
                books.recipient,
                300,
                "reserve",
            ),
            NewTransfer::resolve("void:7".to_owned(), "reserve:7", Phase::Void, "return"),
            NewTransfer::single(
                "pay:8".to_owned(),
                books.budget,
                books.recipient,
                250,
                "pay",
            ),
        ])
        .await;
    let (passed, text) = ledger_check(&books.url).await;
    assert!(passed, "{text}");
    assert!(
        text.contains("3 accounts, 4 transfers in 2 batches"),
        "{text}"
    );

    let change = "UPDATE ledger_transfers SET amount = 2500 WHERE id = 'pay:8'";
    let refused = sqlx::query(change).execute(&books.db.pool).await;
    assert!(refused.is_err(), "transfers are immutable");
    let drop = match books.db.engine {
        Engine::Sqlite => "DROP TRIGGER ledger_transfers_immutable_update",
        Engine::Postgres => "DROP TRIGGER ledger_transfers_immutable ON ledger_transfers",
    };
    sqlx::query(drop).execute(&books.db.pool).await.unwrap();
    sqlx::query(change).execute(&books.db.pool).await.unwrap();

    let (passed, text) = ledger_check(&books.url).await;
    assert!(!passed, "{text}");
    assert!(text.contains("ledger check failed"), "{text}");
    assert!(
        text.contains("account budget:PKH:2027:APBN: stored debits_posted 250 differs from its transfers' 2500"),
        "{text}"
    );
    assert!(
        text.contains("account recipient:bank:1: stored credits_posted 250"),
        "{text}"
    );
    assert!(
        text.contains("the Merkle root of its 3 transfers differs"),
        "{text}"
    );
    assert!(
        text.contains("commits to a total other than its transfers' 3100 rupiah"),
        "{text}"
    );
}

#[tokio::test]
async fn ledger_check_names_a_batch_whose_event_left_the_log_queue() {
    let books = Books::open().await;
    let written = books
        .write(&[NewTransfer::single(
            "pay:9".to_owned(),
            books.budget,
            books.recipient,
            100,
            "pay",
        )])
        .await;
    let event = written.event.expect("event").0;
    sqlx::query("DELETE FROM log_queue WHERE event_id = $1")
        .bind(event)
        .execute(&books.db.pool)
        .await
        .unwrap();
    let (passed, text) = ledger_check(&books.url).await;
    assert!(!passed, "{text}");
    assert!(
        text.contains(&format!(
            "event {event}: its transfers' log entry is neither queued nor sequenced"
        )),
        "{text}"
    );
}

#[tokio::test]
async fn ledger_check_names_a_recipient_paid_twice_from_one_envelope_but_not_a_repayment() {
    use tepat::clock::{Clock, SystemClock};
    use tepat::ledger::store;
    use tepat::ledger::{AccountKind, Limit, NewAccount};

    let books = Books::open().await;
    let account = |code: &str, kind| NewAccount {
        code: code.to_owned(),
        kind,
        name: code.to_owned(),
        region: None,
        programme: None,
        limit: Limit::DebitsWithinCredits,
    };
    let mut tx = books.db.begin_write().await.unwrap();
    let ids = store::open_accounts(
        &mut tx,
        &[
            account("envelope:cycle:9", AccountKind::Envelope),
            account(
                "recipient:bank_transfer:household:4",
                AccountKind::Recipient,
            ),
        ],
        SystemClock.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (envelope, recipient) = (ids[0], ids[1]);
    books
        .write(&[
            NewTransfer::single("fund:9".to_owned(), books.budget, envelope, 900, "envelope"),
            NewTransfer::pending("first".to_owned(), envelope, recipient, 300, "reserve"),
            NewTransfer::resolve("void:first".to_owned(), "first", Phase::Void, "return"),
            NewTransfer::pending("again".to_owned(), envelope, recipient, 300, "reserve"),
        ])
        .await;
    let (passed, text) = ledger_check(&books.url).await;
    assert!(
        passed,
        "a voided reservation paid again is no double payment: {text}"
    );
    books
        .write(&[NewTransfer::single(
            "twice".to_owned(),
            envelope,
            recipient,
            300,
            "pay",
        )])
        .await;
    let (passed, text) = ledger_check(&books.url).await;
    assert!(!passed, "{text}");
    assert!(
        text.contains(
            "account recipient:bank_transfer:household:4: paid 2 times from envelope:cycle:9"
        ),
        "{text}"
    );
}
