//! What a village's feed lists, newest first, each kind at most `ENTRIES_MAX`: hand-outs
//! scheduled in the village, programme criteria published (they apply in every village),
//! and the village's deliberations whose minutes are published.

use sqlx::Row;

use crate::db::{Db, ResultExt, StoreError};

/// Most entries of one kind in a feed; readers want what is new, not the archive.
pub const ENTRIES_MAX: i64 = 50;

/// A hand-out scheduled in the village.
pub struct Handout {
    pub id: i64,
    pub programme: String,
    pub name: String,
    pub place: String,
    pub day: String,
    pub starts: String,
    pub ends: String,
    pub goods: String,
    pub closed: bool,
    pub created_at: String,
}

/// A programme's criteria published as a new version.
pub struct Criteria {
    pub code: String,
    pub programme: String,
    pub version: i64,
    pub published_at: String,
}

/// A deliberation whose minutes are published.
pub struct Held {
    pub id: i64,
    pub held_on: String,
    pub place: String,
    pub finalised_at: String,
}

fn text(row: &sqlx::any::AnyRow, at: usize) -> Result<String, StoreError> {
    row.try_get(at).store()
}

pub async fn handouts(db: &Db, village: &str) -> Result<Vec<Handout>, StoreError> {
    let rows = sqlx::query(
        "SELECT d.id, p.name, d.name, d.place, d.day, d.starts, d.ends, d.goods, d.status, \
         d.created_at FROM distribution_events d JOIN programmes p ON p.code = d.programme_code \
         WHERE d.region_code = $1 ORDER BY d.id DESC LIMIT $2",
    )
    .bind(village.to_owned())
    .bind(ENTRIES_MAX)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok(Handout {
                id: r.try_get(0).store()?,
                programme: text(r, 1)?,
                name: text(r, 2)?,
                place: text(r, 3)?,
                day: text(r, 4)?,
                starts: text(r, 5)?,
                ends: text(r, 6)?,
                goods: text(r, 7)?,
                closed: text(r, 8)? == "closed",
                created_at: text(r, 9)?,
            })
        })
        .collect()
}

pub async fn criteria(db: &Db) -> Result<Vec<Criteria>, StoreError> {
    let rows = sqlx::query(
        "SELECT r.programme_code, p.name, r.version, r.published_at FROM programme_rules r \
         JOIN programmes p ON p.code = r.programme_code \
         ORDER BY r.published_at DESC, r.programme_code LIMIT $1",
    )
    .bind(ENTRIES_MAX)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok(Criteria {
                code: text(r, 0)?,
                programme: text(r, 1)?,
                version: r.try_get(2).store()?,
                published_at: text(r, 3)?,
            })
        })
        .collect()
}

pub async fn deliberations(db: &Db, village: &str) -> Result<Vec<Held>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, held_on, place, finalised_at FROM deliberations \
         WHERE region_code = $1 AND status = 'finalised' AND finalised_at IS NOT NULL \
         ORDER BY id DESC LIMIT $2",
    )
    .bind(village.to_owned())
    .bind(ENTRIES_MAX)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok(Held {
                id: r.try_get(0).store()?,
                held_on: text(r, 1)?,
                place: text(r, 2)?,
                finalised_at: text(r, 3)?,
            })
        })
        .collect()
}
