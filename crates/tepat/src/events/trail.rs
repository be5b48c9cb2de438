//! The trail as an official reads it, on the page and through the API: events inside the
//! caller's region scope, newest first, with personal data in their changes shown as the
//! caller may see it (`auth::Principal::sees`).

use super::Event;
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::http::AppError;

/// Up to `limit` events before the id `before` (the newest when `None`).
pub async fn read(
    db: &Db,
    caller: &Principal,
    before: Option<i64>,
    limit: u32,
) -> Result<Vec<Event>, AppError> {
    caller.require(Permission::ReadEvents)?;
    let mut events = super::store::list(db, caller.region.as_ref(), before, limit).await?;
    let redactor = caller.redactor();
    for event in &mut events {
        redactor.json(&mut event.changes);
    }
    Ok(events)
}
