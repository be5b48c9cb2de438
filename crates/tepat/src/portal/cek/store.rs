//! The registry read for Cek Bansos: one streamed query per table, in the order the index
//! is built (programmes, active households with their village's name, living persons,
//! latest welfare scores, enrolments).

use futures_util::TryStreamExt;
use sqlx::Row;
use time::Date;

use super::index::{Builder, Held, Index};
use crate::db::{Db, ResultExt, StoreError};

/// The day of a stored date or time (`YYYY-MM-DD…`); `None` when it is not one.
fn day(text: &str) -> Option<Date> {
    crate::registry::dates::parse(text.get(..10)?).ok()
}

/// Reads the whole registry into a fresh index.
pub async fn load(db: &Db) -> Result<Index, StoreError> {
    let mut builder = Builder::new();
    for row in sqlx::query("SELECT code, name FROM programmes ORDER BY code")
        .fetch_all(&db.pool)
        .await
        .store()?
    {
        let code: String = row.try_get(0).store()?;
        let name: String = row.try_get(1).store()?;
        builder.programme(&code, &name);
    }
    load_households(db, &mut builder).await?;
    load_persons(db, &mut builder).await?;
    load_welfare(db, &mut builder).await?;
    load_enrolments(db, &mut builder).await?;
    Ok(builder.finish())
}

async fn load_households(db: &Db, builder: &mut Builder) -> Result<(), StoreError> {
    let mut rows = sqlx::query(
        "SELECT h.id, h.region_code, r.name, h.updated_at FROM households h \
         JOIN regions r ON r.code = h.region_code WHERE h.status = 'active' ORDER BY h.id",
    )
    .fetch(&db.pool);
    while let Some(row) = rows.try_next().await.store()? {
        let id: i64 = row.try_get(0).store()?;
        let code: String = row.try_get(1).store()?;
        let name: String = row.try_get(2).store()?;
        let updated: String = row.try_get(3).store()?;
        if let Some(updated) = day(&updated) {
            builder.household(id, &code, &name, updated);
        }
    }
    Ok(())
}

async fn load_persons(db: &Db, builder: &mut Builder) -> Result<(), StoreError> {
    let mut rows = sqlx::query(
        "SELECT household_id, full_name, nik, birth_date, updated_at FROM persons \
         WHERE life_status = 'hidup'",
    )
    .fetch(&db.pool);
    while let Some(row) = rows.try_next().await.store()? {
        let household: i64 = row.try_get(0).store()?;
        let name: String = row.try_get(1).store()?;
        let nik: String = row.try_get(2).store()?;
        let born: String = row.try_get(3).store()?;
        let updated: String = row.try_get(4).store()?;
        if let (Some(born), Some(updated)) = (day(&born), day(&updated)) {
            builder.person(household, &name, &nik, born, updated);
        }
    }
    Ok(())
}

async fn load_welfare(db: &Db, builder: &mut Builder) -> Result<(), StoreError> {
    let mut rows = sqlx::query("SELECT household_id, decile, computed_at FROM welfare_current")
        .fetch(&db.pool);
    while let Some(row) = rows.try_next().await.store()? {
        let household: i64 = row.try_get(0).store()?;
        let decile: Option<i64> = row.try_get(1).store()?;
        let computed: String = row.try_get(2).store()?;
        if let Some(computed) = day(&computed) {
            builder.welfare(household, decile, computed);
        }
    }
    Ok(())
}

async fn load_enrolments(db: &Db, builder: &mut Builder) -> Result<(), StoreError> {
    let mut rows = sqlx::query(
        "SELECT id, household_id, programme_code, status, started_at, ended_at \
         FROM enrolments ORDER BY id",
    )
    .fetch(&db.pool);
    while let Some(row) = rows.try_next().await.store()? {
        let id: i64 = row.try_get(0).store()?;
        let household: i64 = row.try_get(1).store()?;
        let programme: String = row.try_get(2).store()?;
        let status: String = row.try_get(3).store()?;
        let started: String = row.try_get(4).store()?;
        let ended: Option<String> = row.try_get(5).store()?;
        let Some(since) = day(&started) else {
            continue;
        };
        let held = Held {
            enrolment_id: id,
            programme: 0,
            active: status == "active",
            since,
            until: ended.as_deref().and_then(day),
        };
        builder.enrolment(household, &programme, held);
    }
    Ok(())
}
