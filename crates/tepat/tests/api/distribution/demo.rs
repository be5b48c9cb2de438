//! The demo's hand-out: yesterday's flood relief in Klender for every household of the
//! declared disaster area, its goods bought with the Bencana cycle's envelope and received
//! against delivery notes, two households checked in and rating it, the rest no-shows, the
//! schedule messages queued, and one blanket found missing at the count.

use tepat::clock::Clock;

use crate::common::TestApp;

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_demo_has_a_hand_out_with_goods_check_ins_no_shows_ratings_and_a_shortfall() {
    let app = TestApp::spawn().await;
    tepat::demo::seed(&app.db, &app.voucher_keys(), app.clock.now())
        .await
        .unwrap();
    let invited = scalar(&app, "SELECT COUNT(*) FROM distribution_invitations").await;
    let enrolled = "SELECT COUNT(*) FROM enrolments WHERE programme_code = 'BENCANA' \
                    AND status = 'active'";
    assert_eq!(
        invited,
        scalar(&app, enrolled).await,
        "every household enrolled"
    );
    assert!(invited >= 3, "{invited}");
    let states = "SELECT COUNT(*) FROM distribution_invitations WHERE status = ";
    assert_eq!(scalar(&app, &format!("{states}'checked_in'")).await, 2);
    assert_eq!(
        scalar(&app, &format!("{states}'no_show'")).await,
        invited - 2
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM distribution_ratings").await,
        2
    );
    let told = "SELECT COUNT(*) FROM notifications WHERE kind = 'distribution.scheduled'";
    assert!(scalar(&app, told).await > 0);
    let events = tepat::distribution::store::events_in(&app.db, "31.75.07.1003", 10)
        .await
        .unwrap();
    let event = &events[0];
    assert_eq!(event.name, "Bantuan banjir Klender");
    assert_eq!(event.rating_average, Some(4.5));

    let district = crate::enrolment::Api::new(&app, "district_officer", Some("31.75")).await;
    let (status, stock) = district
        .get(&format!("/api/v1/distributions/{}/stock", event.id))
        .await;
    assert_eq!(status, 200, "{stock}");
    for item in stock["items"].as_array().unwrap() {
        assert_eq!(item["received"], invited, "{item}");
        assert_eq!(item["handed_out"], 2, "{item}");
        let short = i64::from(item["item"] == "selimut");
        assert_eq!(item["short"], short, "{item}");
    }
    assert_eq!(stock["deliveries"].as_array().unwrap().len(), 3);
    assert_eq!(stock["shortfalls"][0]["item"], "selimut");
    assert_eq!(stock["shortfalls"][0]["status"], "open");
    assert_eq!(stock["ledger_rupiah"], stock["left_rupiah"]);
    let report = tepat::ledger::check::check(&app.db).await.unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}
