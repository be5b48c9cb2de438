//! The households a scoring run reads, a batch at a time by id: the survey, the village,
//! the version and the living members' birth dates.

use sqlx::Row;

use crate::db::{ResultExt, StoreError, Tx};

/// One active household as the run reads it.
#[derive(Debug, Clone)]
pub struct Surveyed {
    pub id: i64,
    pub region_code: String,
    /// The stored survey JSON.
    pub survey: String,
    /// The household's last change (UTC, RFC 3339): the date its survey is as of.
    pub updated_at: String,
    pub version: i64,
    /// Living members' birth dates, `YYYY-MM-DD`.
    pub birth_dates: Vec<String>,
}

/// The next `limit` active households after id `after`, with their living members.
pub async fn batch(tx: &mut Tx, after: i64, limit: i64) -> Result<Vec<Surveyed>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, region_code, survey, updated_at, version FROM households \
         WHERE status = 'active' AND id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(&mut **tx)
    .await
    .store()?;
    let mut found = Vec::with_capacity(rows.len());
    for row in &rows {
        found.push(Surveyed {
            id: row.try_get(0).store()?,
            region_code: row.try_get(1).store()?,
            survey: row.try_get(2).store()?,
            updated_at: row.try_get(3).store()?,
            version: row.try_get(4).store()?,
            birth_dates: Vec::new(),
        });
    }
    let (Some(first), Some(last)) = (found.first(), found.last()) else {
        return Ok(found);
    };
    let members = sqlx::query(
        "SELECT household_id, birth_date FROM persons \
         WHERE household_id >= $1 AND household_id <= $2 AND life_status = 'hidup'",
    )
    .bind(first.id)
    .bind(last.id)
    .fetch_all(&mut **tx)
    .await
    .store()?;
    for row in &members {
        let household: i64 = row.try_get(0).store()?;
        if let Ok(at) = found.binary_search_by_key(&household, |h| h.id) {
            found[at].birth_dates.push(row.try_get(1).store()?);
        }
    }
    Ok(found)
}

/// One household's survey and members (for the "why" list), read outside a run.
pub async fn one(db: &crate::db::Db, id: i64) -> Result<Option<Surveyed>, StoreError> {
    let mut tx = db.begin().await?;
    let mut found = batch(&mut tx, id - 1, 1).await?;
    tx.commit().await.store()?;
    Ok(found.pop().filter(|h| h.id == id))
}
