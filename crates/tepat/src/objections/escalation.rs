//! The server's watch over objections: every few minutes, those the district left past
//! their 14 days go to the province, each with an event.

use std::sync::Arc;

use crate::clock::Clock;
use crate::db::Db;

/// How often the server looks.
const LOOK_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// Starts the watch; abort the handle to stop it.
pub fn start(db: Db, clock: Arc<dyn Clock>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match super::service::escalate_overdue(&db, clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(escalated = n, "objections escalated to the province"),
                Err(err) => tracing::warn!(error = %err, "objection escalation failed"),
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    })
}
