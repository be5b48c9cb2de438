//! The days allowed at each step are data (`proposal_step_days`, 14 by default): a
//! proposal's `due_at` and `overdue` follow its programme, the officials' dashboards show
//! the items past their days at their step, and the items waiting late and the steps
//! decided late are counted per official.

use reqwest::StatusCode;
use serde_json::json;
use time::Duration;

use super::*;
use tepat::proposals::store::{OfficialDeadlines, deadlines_per_official};

#[tokio::test]
async fn a_programme_allowing_seven_days_is_overdue_at_day_eight_and_another_is_not() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let (_, blt) = propose(&c.facilitator, family(&app, 1, 1).await, "BLT_DD").await;
    let (_, pkh) = propose(&c.facilitator, family(&app, 2, 1).await, "PKH").await;
    let start = app.clock.now();
    let at = |days: i64| tepat::db::timestamp::to_db(start + Duration::days(days));
    assert_eq!(blt["due_at"], at(7), "BLT Dana Desa: a week at the village");
    assert_eq!(pkh["due_at"], at(14), "PKH: the default 14 days");
    app.clock.advance(Duration::days(6));
    let (_, p) = c
        .operator
        .get(&format!("/api/v1/proposals/{}", blt["id"]))
        .await;
    assert_eq!(p["overdue"], false, "within its week");
    app.clock.advance(Duration::days(2));
    let (_, p) = c
        .operator
        .get(&format!("/api/v1/proposals/{}", blt["id"]))
        .await;
    assert_eq!(p["overdue"], true, "{p}");
    let (_, p) = c
        .operator
        .get(&format!("/api/v1/proposals/{}", pkh["id"]))
        .await;
    assert_eq!(p["overdue"], false, "{p}");
    // Approved at the village, the next step is due 14 days after it was reached.
    let path = format!("/api/v1/proposals/{}/approve", pkh["id"]);
    let (status, p) = c.operator.post(&path, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["due_at"], at(8 + 14));
    assert_eq!(p["overdue"], false);
}

#[tokio::test]
async fn items_waiting_late_and_steps_decided_late_are_counted_per_official() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let (second, _) = official(&app, "operator.kedua", "village_operator", Some(KLENDER)).await;
    let (_, blt) = propose(&c.facilitator, family(&app, 1, 1).await, "BLT_DD").await;
    let (_, pkh) = propose(&c.facilitator, family(&app, 2, 1).await, "PKH").await;
    let start = app.clock.now();
    app.clock.advance(Duration::days(8));
    let now = app.clock.now();
    let month = (start - Duration::days(1), now + Duration::days(1));
    let counts = deadlines_per_official(&app.db, None, month, now)
        .await
        .unwrap();
    let first = account_id(&app, "operator.klender").await;
    let line = |id: i64, waiting: i64, decided: i64, late: i64| (id, waiting, decided, late);
    let lines = |found: &[OfficialDeadlines]| -> Vec<(i64, i64, i64, i64)> {
        found
            .iter()
            .map(|o| line(o.account_id, o.waiting_overdue, o.decided, o.decided_late))
            .collect()
    };
    // Both operators of Klender have the BLT Dana Desa item waiting past its week; no
    // one else, and the PKH item is not late.
    let mut found = lines(&counts);
    found.sort();
    let mut expected = vec![line(first, 1, 0, 0), line(second, 1, 0, 0)];
    expected.sort();
    assert_eq!(found, expected);
    // The dashboard of an operator says so.
    app.login("operator.kedua").await;
    let page = app.text("/beranda").await;
    assert!(
        page.contains("<strong>2</strong> usulan menunggu di tahap Anda"),
        "{page}"
    );
    assert!(page.contains("<strong>1</strong> usulan lewat tenggat di tahap Anda"));
    // The first operator decides both: one late, one in time.
    let ids = json!({"ids": [blt["id"], pkh["id"]]});
    let (status, outcome) = c.operator.post("/api/v1/proposals/approve", ids).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    let counts = deadlines_per_official(&app.db, None, month, now)
        .await
        .unwrap();
    assert_eq!(lines(&counts), vec![line(first, 0, 2, 1)]);
    // Outside the period, the decisions are not counted.
    let before = (start - Duration::days(40), start - Duration::days(10));
    let counts = deadlines_per_official(&app.db, None, before, now)
        .await
        .unwrap();
    assert!(counts.is_empty(), "{counts:?}");
}

async fn account_id(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM accounts WHERE username = $1")
        .bind(username.to_owned())
        .fetch_one(&app.db.pool)
        .await
        .expect("account")
}
