//! The record of who opened an application with its members' full NIKs, when and why.

use time::OffsetDateTime;

use super::super::model::ApplicationId;
use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::events::Actor;
use crate::registry::store::views::ViewPurpose;

/// Records that `actor` opened the applications `ids` of `region` for `purpose`.
pub async fn record(
    db: &Db,
    actor: &Actor,
    ids: &[(ApplicationId, &str)],
    purpose: ViewPurpose,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let viewed_at = timestamp::to_db(now);
    let mut tx = db.begin_write().await?;
    for (id, region) in ids {
        sqlx::query(
            "INSERT INTO application_views (viewed_at, actor_kind, actor_id, actor_role, \
             application_id, region_code, purpose) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(viewed_at.clone())
        .bind(actor.kind.as_str())
        .bind(actor.id)
        .bind(actor.role.clone())
        .bind(id.0)
        .bind((*region).to_owned())
        .bind(purpose.code())
        .execute(&mut *tx)
        .await
        .store()?;
    }
    tx.commit().await.store()
}
