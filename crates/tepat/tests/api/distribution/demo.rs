//! The demo's hand-out: yesterday's flood relief in Klender, two households checked in and
//! rating it, one no-show, and the schedule messages queued.

use tepat::clock::Clock;

use crate::common::TestApp;

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_demo_has_a_hand_out_with_check_ins_a_no_show_and_ratings() {
    let app = TestApp::spawn().await;
    tepat::demo::seed(&app.db, &app.voucher_keys(), app.clock.now())
        .await
        .unwrap();
    let states = "SELECT COUNT(*) FROM distribution_invitations WHERE status = ";
    assert_eq!(scalar(&app, &format!("{states}'checked_in'")).await, 2);
    assert_eq!(scalar(&app, &format!("{states}'no_show'")).await, 1);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM distribution_ratings").await,
        2
    );
    let told = "SELECT COUNT(*) FROM notifications WHERE kind = 'distribution.scheduled'";
    assert!(scalar(&app, told).await > 0);
    let events = tepat::distribution::store::events_in(&app.db, "31.75.07.1003", 10)
        .await
        .unwrap();
    assert_eq!(events[0].name, "Bantuan banjir Klender");
    assert_eq!(events[0].rating_average, Some(4.5));
}
