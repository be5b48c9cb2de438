//! The sequencer's pace on a running server: with a minute between batches, a quiet queue
//! waits for its minute, while a busy one (256 events or more) is sequenced at once.

use std::time::{Duration, Instant};

use super::record_events;
use crate::common::TestApp;

async fn entries(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM log_entries")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// Waits up to `within` for at least `count` entries; whether they came.
async fn sequenced(app: &TestApp, count: i64, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if entries(app).await >= count {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    entries(app).await >= count
}

#[tokio::test]
async fn a_busy_queue_is_sequenced_before_the_interval_is_up_and_a_quiet_one_waits() {
    let app = TestApp::spawn_with(|args| args.log.sequence_ms = Some(60_000)).await;
    // The first look at start has passed once the server answers.
    let before = entries(&app).await;
    record_events(&app, "quiet", 3).await;
    assert!(
        !sequenced(&app, before + 3, Duration::from_secs(2)).await,
        "three events wait for the minute"
    );
    record_events(&app, "busy", 300).await;
    assert!(
        sequenced(&app, before + 303, Duration::from_secs(30)).await,
        "a busy queue goes long before the minute"
    );
}
