//! Reading complaints back: one with its history, a page within a region scope, a photo,
//! the complaint of a tracking code, those due for escalation, and published answers.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::complaints::model::{Complaint, OPEN, PublicAnswer, REOPENED, Update};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::region_code::{RegionCode, ScopeParams};

const COLUMNS: &str = "c.id, c.tracking_code, c.category, c.region_code, c.programme_code, \
    c.description, c.latitude, c.longitude, CASE WHEN c.contact IS NULL THEN 0 ELSE 1 END, \
    (SELECT COUNT(*) FROM complaint_photos p WHERE p.complaint_id = c.id), c.status, \
    c.office_level, c.office_region, c.due_at, c.first_response_at, c.resolved_at, c.answer, \
    c.reopened, c.rating, c.created_at";

fn from_row(r: &AnyRow, now: OffsetDateTime) -> Result<Complaint, StoreError> {
    let status: String = r.try_get(10).store()?;
    let due_at: String = r.try_get(13).store()?;
    let has_contact: i64 = r.try_get(8).store()?;
    let reopened: i64 = r.try_get(17).store()?;
    let overdue = matches!(status.as_str(), OPEN | REOPENED)
        && timestamp::from_db(&due_at).is_some_and(|due| due < now);
    Ok(Complaint {
        id: r.try_get(0).store()?,
        tracking_code: r.try_get(1).store()?,
        category: r.try_get(2).store()?,
        region_code: r.try_get(3).store()?,
        programme: r.try_get(4).store()?,
        description: r.try_get(5).store()?,
        latitude: r.try_get(6).store()?,
        longitude: r.try_get(7).store()?,
        has_contact: has_contact != 0,
        photos: r.try_get(9).store()?,
        status,
        office_level: r.try_get(11).store()?,
        office_region: r.try_get(12).store()?,
        due_at,
        overdue,
        first_response_at: r.try_get(14).store()?,
        resolved_at: r.try_get(15).store()?,
        answer: r.try_get(16).store()?,
        reopened: reopened != 0,
        rating: r.try_get(18).store()?,
        created_at: r.try_get(19).store()?,
        history: Vec::new(),
    })
}

/// A complaint's history, oldest first.
async fn history(tx: &mut Tx, id: i64) -> Result<Vec<Update>, StoreError> {
    let rows = sqlx::query(
        "SELECT kind, status, body, office_level, created_at FROM complaint_updates \
         WHERE complaint_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok(Update {
                kind: r.try_get(0).store()?,
                status: r.try_get(1).store()?,
                body: r.try_get(2).store()?,
                office_level: r.try_get(3).store()?,
                at: r.try_get(4).store()?,
            })
        })
        .collect()
}

/// Complaints inside `within`, filtered, newest first, before an id.
pub struct Filter<'a> {
    pub status: &'a str,
    pub category: &'a str,
    pub overdue_only: bool,
    /// A region inside the caller's to narrow to (checked by the service).
    pub region: Option<&'a RegionCode>,
    /// Made at or after this stored time (empty: any time).
    pub since: String,
    pub before_id: i64,
    pub limit: u32,
}

/// A page of complaints (without their history).
pub async fn list(
    db: &Db,
    within: Option<&RegionCode>,
    filter: &Filter<'_>,
    now: OffsetDateTime,
) -> Result<Vec<Complaint>, StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "SELECT {COLUMNS} FROM complaints c WHERE {} AND ($4 = '' OR c.status = $4) \
         AND ($5 = '' OR c.category = $5) \
         AND ($6 = 0 OR (c.status IN ('open', 'reopened') AND c.due_at < $7)) \
         AND ($10 = '' OR c.region_code = $10 OR c.region_code LIKE $11) \
         AND ($12 = '' OR c.created_at >= $12) \
         AND c.id < $8 ORDER BY c.id DESC LIMIT $9",
        crate::db::scope::within(&["c.region_code"])
    );
    let narrow = ScopeParams::new(filter.region);
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(filter.status.to_owned())
        .bind(filter.category.to_owned())
        .bind(i64::from(filter.overdue_only))
        .bind(timestamp::to_db(now))
        .bind(filter.before_id)
        .bind(i64::from(filter.limit))
        .bind(narrow.exact)
        .bind(narrow.prefix)
        .bind(filter.since.clone())
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(|r| from_row(r, now)).collect()
}

/// One complaint with its history, read inside the caller's transaction.
pub async fn find_in(
    tx: &mut Tx,
    id: i64,
    now: OffsetDateTime,
) -> Result<Option<Complaint>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM complaints c WHERE c.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    let Some(row) = row else { return Ok(None) };
    let mut complaint = from_row(&row, now)?;
    complaint.history = history(tx, id).await?;
    Ok(Some(complaint))
}

/// One complaint with its history.
pub async fn find(db: &Db, id: i64, now: OffsetDateTime) -> Result<Option<Complaint>, StoreError> {
    let mut tx = db.begin().await?;
    let found = find_in(&mut tx, id, now).await?;
    tx.commit().await.store()?;
    Ok(found)
}

/// The id of the complaint with this tracking code.
pub async fn id_of(tx: &mut Tx, code: &str) -> Result<Option<i64>, StoreError> {
    sqlx::query_scalar("SELECT id FROM complaints WHERE tracking_code = $1")
        .bind(code.to_owned())
        .fetch_optional(&mut **tx)
        .await
        .store()
}

/// The `n`th photo (from 1) of a complaint: (bytes, content type).
pub async fn photo(db: &Db, id: i64, n: i64) -> Result<Option<(Vec<u8>, String)>, StoreError> {
    let row = sqlx::query(
        "SELECT photo, photo_type FROM complaint_photos WHERE complaint_id = $1 \
         ORDER BY id LIMIT 1 OFFSET $2",
    )
    .bind(id)
    .bind((n - 1).max(0))
    .fetch_optional(&db.pool)
    .await
    .store()?;
    row.map(|r| Ok((r.try_get(0).store()?, r.try_get(1).store()?)))
        .transpose()
}

/// Complaints waiting for a first response past their due time, below the ministry:
/// (id, village, level, category).
pub async fn due(
    tx: &mut Tx,
    now: OffsetDateTime,
) -> Result<Vec<(i64, String, String, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, region_code, office_level, category FROM complaints \
         WHERE status IN ('open', 'reopened') AND due_at < $1 AND office_level <> 'ministry' \
         ORDER BY id",
    )
    .bind(timestamp::to_db(now))
    .fetch_all(&mut **tx)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0).store()?,
                r.try_get(1).store()?,
                r.try_get(2).store()?,
                r.try_get(3).store()?,
            ))
        })
        .collect()
}

/// Published answers, newest first, of one programme unless `programme` is empty.
pub async fn answers(
    db: &Db,
    programme: &str,
    limit: u32,
) -> Result<Vec<PublicAnswer>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, programme_code, question, answer, published_at FROM public_answers \
         WHERE ($1 = '' OR programme_code = $1) ORDER BY id DESC LIMIT $2",
    )
    .bind(programme.to_owned())
    .bind(i64::from(limit))
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok(PublicAnswer {
                id: r.try_get(0).store()?,
                programme: r.try_get(1).store()?,
                question: r.try_get(2).store()?,
                answer: r.try_get(3).store()?,
                published_at: r.try_get(4).store()?,
            })
        })
        .collect()
}
