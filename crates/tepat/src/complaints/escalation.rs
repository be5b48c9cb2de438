//! The server's watch over complaints and pungli reports: every few minutes, those left
//! without a first response past their days go one level up, each with an event.

use std::sync::Arc;

use crate::clock::Clock;
use crate::db::Db;

/// How often the server looks.
const LOOK_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// Starts the watch; abort the handle to stop it.
pub fn start(db: Db, clock: Arc<dyn Clock>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let now = clock.now();
            match super::service::escalate_overdue(&db, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(escalated = n, "complaints escalated"),
                Err(err) => tracing::warn!(error = %err, "complaint escalation failed"),
            }
            match super::pungli::service::escalate_overdue(&db, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(escalated = n, "pungli reports escalated"),
                Err(err) => tracing::warn!(error = %err, "pungli escalation failed"),
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    })
}
