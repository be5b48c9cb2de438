//! The ledger on a real database: batches commit with their event, repeats are no-ops,
//! floors hold under concurrent spending, and `tepat ledger check` catches a transfer
//! changed behind the application's back.

mod tamper;

use std::sync::Arc;

use sqlx::Row;
use tepat::clock::{Clock, SystemClock};
use tepat::db::Db;
use tepat::events::{Action, Actor, Changes, NewEvent};
use tepat::ledger::store::{self, Written};
use tepat::ledger::{AccountKind, Limit, NewAccount, NewTransfer, Outcome, Phase, Refusal};

use crate::common::fresh_database_url;

pub struct Books {
    pub db: Db,
    pub url: String,
    pub budget: i64,
    pub recipient: i64,
    _dir: Arc<tempfile::TempDir>,
}

pub fn event(subject: &str) -> NewEvent {
    NewEvent {
        actor: Actor::system(),
        action: Action("ledger.test"),
        subject_type: "ledger",
        subject_id: subject.to_owned(),
        region: None,
        changes: Changes::new(),
        request_id: None,
    }
}

fn account(code: &str, kind: AccountKind, limit: Limit) -> NewAccount {
    NewAccount {
        code: code.to_owned(),
        kind,
        name: code.to_owned(),
        region: None,
        programme: None,
        limit,
    }
}

impl Books {
    /// A treasury, a PKH budget line funded with 1,000 rupiah, and a recipient.
    pub async fn open() -> Self {
        let (url, dir) = fresh_database_url().await;
        let db = Db::connect(&url).await.unwrap();
        let now = SystemClock.now();
        let mut tx = db.begin_write().await.unwrap();
        let ids = store::open_accounts(
            &mut tx,
            &[
                account("treasury:APBN", AccountKind::Treasury, Limit::None),
                account(
                    "budget:PKH:2027:APBN",
                    AccountKind::BudgetLine,
                    Limit::DebitsWithinCredits,
                ),
                account(
                    "recipient:bank:1",
                    AccountKind::Recipient,
                    Limit::DebitsWithinCredits,
                ),
            ],
            now,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let books = Self {
            db,
            url,
            budget: ids[1],
            recipient: ids[2],
            _dir: dir,
        };
        let fund = NewTransfer::single("fund:1".to_owned(), ids[0], ids[1], 1_000, "fund");
        books.write(&[fund]).await;
        books
    }

    pub async fn write(&self, batch: &[NewTransfer]) -> Written {
        let mut tx = self.db.begin_write().await.unwrap();
        let written = store::write(&mut tx, batch, event("batch"), SystemClock.now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        written
    }

    pub async fn balances(&self, id: i64) -> (i64, i64, i64, i64) {
        let row = sqlx::query(
            "SELECT debits_pending, debits_posted, credits_pending, credits_posted \
             FROM ledger_accounts WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&self.db.pool)
        .await
        .unwrap();
        (
            row.get::<i64, _>(0),
            row.get::<i64, _>(1),
            row.get::<i64, _>(2),
            row.get::<i64, _>(3),
        )
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn a_batch_commits_with_the_event_that_commits_to_it_and_a_repeat_writes_nothing() {
    let books = Books::open().await;
    let batch = [
        NewTransfer::pending(
            "reserve:1".to_owned(),
            books.budget,
            books.recipient,
            700,
            "reserve",
        ),
        NewTransfer::resolve("pay:1".to_owned(), "reserve:1", Phase::Post, "pay"),
    ];
    let written = books.write(&batch).await;
    assert_eq!(written.outcomes, [Outcome::Created, Outcome::Created]);
    let event = written.event.expect("an event commits to the batch").0;
    assert_eq!(books.balances(books.budget).await, (0, 700, 0, 1_000));
    assert_eq!(books.balances(books.recipient).await, (0, 0, 0, 700));

    let changes: String = sqlx::query_scalar("SELECT changes FROM events WHERE id = $1")
        .bind(event)
        .fetch_one(&books.db.pool)
        .await
        .unwrap();
    let changes: serde_json::Value = serde_json::from_str(&changes).unwrap();
    assert_eq!(changes["ledger_transfers"]["to"], 2);
    assert_eq!(changes["transfers_rupiah"]["to"], 1_400);
    assert_eq!(
        changes["ledger_root"]["to"].as_str().map(str::len),
        Some(64)
    );
    let queued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM log_queue WHERE event_id = $1")
        .bind(event)
        .fetch_one(&books.db.pool)
        .await
        .unwrap();
    assert_eq!(queued, 1, "the batch's event waits for the log");

    let events_before = books.count("SELECT COUNT(*) FROM events").await;
    let again = books.write(&batch).await;
    assert_eq!(again.outcomes, [Outcome::Exists, Outcome::Exists]);
    assert!(again.event.is_none());
    assert_eq!(
        books.count("SELECT COUNT(*) FROM events").await,
        events_before
    );
    assert_eq!(
        books.count("SELECT COUNT(*) FROM ledger_transfers").await,
        3
    );
    assert_eq!(books.balances(books.budget).await, (0, 700, 0, 1_000));

    let report = tepat::ledger::check::check(&books.db).await.unwrap();
    assert_eq!(report.violations, Vec::<String>::new());
    assert_eq!(
        (report.accounts, report.transfers, report.batches),
        (3, 3, 2)
    );
}

#[tokio::test]
async fn a_refused_transfer_and_its_chain_write_nothing_and_the_database_keeps_the_floor() {
    let books = Books::open().await;
    let batch = [
        NewTransfer::single("a".to_owned(), books.budget, books.recipient, 600, "pay").linked(),
        NewTransfer::single("b".to_owned(), books.budget, books.recipient, 600, "pay"),
    ];
    let written = books.write(&batch).await;
    assert_eq!(written.created, 0);
    assert!(written.event.is_none());
    let (_, id, refusal) = written.first_refusal(&batch).expect("refused");
    assert_eq!(id, "b");
    assert_eq!(
        *refusal,
        Refusal::ExceedsCredits {
            account: "budget:PKH:2027:APBN".to_owned(),
            shortfall: 200
        }
    );
    assert_eq!(books.balances(books.budget).await, (0, 0, 0, 1_000));
    assert_eq!(
        books.count("SELECT COUNT(*) FROM ledger_transfers").await,
        1
    );

    // Even a write behind the ledger's back cannot take an account below its floor.
    let forced = sqlx::query("UPDATE ledger_accounts SET debits_posted = 5000 WHERE id = $1")
        .bind(books.budget)
        .execute(&books.db.pool)
        .await;
    assert!(forced.is_err(), "the floor is a constraint of the table");
}

#[tokio::test]
async fn two_writers_spending_the_same_money_at_once_leave_one_result() {
    let books = Arc::new(Books::open().await);
    let spend = |id: &'static str, amount: i64| {
        let books = books.clone();
        tokio::spawn(async move {
            let transfer =
                NewTransfer::single(id.to_owned(), books.budget, books.recipient, amount, "pay");
            books.write(&[transfer]).await.outcomes
        })
    };
    // Different ids: only one fits under the floor.
    let (first, second) = tokio::join!(spend("x", 700), spend("y", 700));
    let mut outcomes = [first.unwrap(), second.unwrap()].concat();
    outcomes.sort_by_key(|o| format!("{o:?}"));
    assert_eq!(outcomes[0], Outcome::Created);
    assert!(matches!(
        outcomes[1],
        Outcome::Refused(Refusal::ExceedsCredits { shortfall: 400, .. })
    ));
    // The same id twice: written once, the other answers that it exists.
    let (first, second) = tokio::join!(spend("z", 200), spend("z", 200));
    let mut outcomes = [first.unwrap(), second.unwrap()].concat();
    outcomes.sort_by_key(|o| format!("{o:?}"));
    assert_eq!(outcomes, [Outcome::Created, Outcome::Exists]);
    assert_eq!(books.balances(books.budget).await.1, 900);
    let report = tepat::ledger::check::check(&books.db).await.unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}
