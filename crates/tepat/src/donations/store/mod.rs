//! SQL for needs and consents: posting a need with its consent and event, recording a
//! consent or its withdrawal, changing a need's state, and reading needs with what has
//! been pledged to them. Pledges and confirmations are in `pledges.rs`.

pub mod pledges;

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

pub use pledges::Pledge;

use super::rules::{ConsentDraft, NeedDraft, Progress};
use super::{GOODS, OPEN};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::region_code::{RegionCode, ScopeParams};

pub const NEED_POSTED: Action = Action("donation.need_posted");
pub const CONSENT_RECORDED: Action = Action("donation.consent_recorded");
pub const CONSENT_WITHDRAWN: Action = Action("donation.consent_withdrawn");
pub const NEED_SUBJECT: &str = "donation_need";

/// A need as anyone may see it: the household only by its masked name.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = DonationNeed)]
pub struct Need {
    pub id: i64,
    #[serde(skip)]
    pub household_id: i64,
    /// The village (Kemendagri code) and its name.
    pub region_code: String,
    pub village_name: String,
    /// `money` or `goods`.
    pub kind: String,
    pub category: String,
    pub description: String,
    pub quantity: Option<i64>,
    pub unit: Option<String>,
    /// Money: the amount asked. Goods: the declared value of the whole quantity.
    pub amount_rupiah: i64,
    /// Pledged and not released.
    pub pledged_rupiah: i64,
    pub open_rupiah: i64,
    pub pledged_quantity: i64,
    /// `YYYY-MM-DD`.
    pub deadline: String,
    pub situation: String,
    /// The head of the household's name, masked: `S*I W*****I`.
    pub masked_name: String,
    /// `open`, `met`, `fulfilled`, `withdrawn` or `expired`.
    pub status: String,
    /// UTC, RFC 3339.
    pub created_at: String,
}

impl Need {
    pub fn progress(&self) -> Progress {
        Progress {
            pledged_rupiah: self.pledged_rupiah,
            pledged_quantity: self.pledged_quantity,
        }
    }

    pub fn region(&self) -> Result<RegionCode, StoreError> {
        RegionCode::parse(&self.region_code)
            .map_err(|e| StoreError::Other(sqlx::Error::Protocol(format!("stored region: {e}"))))
    }
}

const ACTIVE_PLEDGES: &str = "FROM donation_pledges p WHERE p.need_id = n.id \
    AND p.status <> 'released'";

fn columns() -> String {
    format!(
        "n.id, n.household_id, n.region_code, COALESCE(r.name, n.region_code), n.kind, \
         n.category, n.description, n.quantity, n.unit, n.amount_rupiah, \
         (SELECT CAST(COALESCE(SUM(p.amount_rupiah), 0) AS BIGINT) {ACTIVE_PLEDGES}), \
         (SELECT CAST(COALESCE(SUM(p.quantity), 0) AS BIGINT) {ACTIVE_PLEDGES}), \
         n.deadline, n.situation, n.masked_name, n.status, n.created_at"
    )
}

const FROM: &str = "FROM donation_needs n LEFT JOIN regions r ON r.code = n.region_code";

fn need_from_row(row: &AnyRow) -> Result<Need, StoreError> {
    let amount: i64 = row.try_get(9).store()?;
    let pledged: i64 = row.try_get(10).store()?;
    Ok(Need {
        id: row.try_get(0).store()?,
        household_id: row.try_get(1).store()?,
        region_code: row.try_get(2).store()?,
        village_name: row.try_get(3).store()?,
        kind: row.try_get(4).store()?,
        category: row.try_get(5).store()?,
        description: row.try_get(6).store()?,
        quantity: row.try_get(7).store()?,
        unit: row.try_get(8).store()?,
        amount_rupiah: amount,
        pledged_rupiah: pledged,
        open_rupiah: (amount - pledged).max(0),
        pledged_quantity: row.try_get(11).store()?,
        deadline: row.try_get(12).store()?,
        situation: row.try_get(13).store()?,
        masked_name: row.try_get(14).store()?,
        status: row.try_get(15).store()?,
        created_at: row.try_get(16).store()?,
    })
}

/// A household as a need is posted for it: its village, whether it is active, its head's
/// name (to mask), and its needs in other villages still open.
#[derive(Debug, Clone)]
pub struct HouseholdFacts {
    pub region_code: String,
    pub active: bool,
    pub head_name: Option<String>,
    pub open_elsewhere: i64,
}

pub async fn household_facts(
    tx: &mut Tx,
    household_id: i64,
) -> Result<Option<HouseholdFacts>, StoreError> {
    let row = sqlx::query(
        "SELECT h.region_code, h.status, \
           (SELECT p.full_name FROM persons p WHERE p.household_id = h.id \
             AND p.relationship = 'kepala' ORDER BY p.id LIMIT 1), \
           (SELECT COUNT(*) FROM donation_needs n WHERE n.household_id = h.id \
             AND n.region_code <> h.region_code AND n.status IN ('open', 'met')) \
         FROM households h WHERE h.id = $1",
    )
    .bind(household_id)
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    let Some(row) = row else { return Ok(None) };
    let status: String = row.try_get(1).store()?;
    Ok(Some(HouseholdFacts {
        region_code: row.try_get(0).store()?,
        active: status == "active",
        head_name: row.try_get(2).store()?,
        open_elsewhere: row.try_get(3).store()?,
    }))
}

/// Writes a need, its consent and the event that posts it; returns its id.
pub async fn insert_need(
    tx: &mut Tx,
    draft: &NeedDraft,
    region: &RegionCode,
    masked_name: &str,
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let at = timestamp::to_db(now);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO donation_needs (household_id, region_code, kind, category, description, \
         quantity, unit, amount_rupiah, deadline, situation, masked_name, status, posted_by_id, \
         posted_by_role, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) \
         RETURNING id",
    )
    .bind(draft.household_id)
    .bind(region.as_str().to_owned())
    .bind(draft.kind)
    .bind(draft.category)
    .bind(draft.description.clone())
    .bind(draft.quantity)
    .bind(draft.unit.clone())
    .bind(draft.amount_rupiah)
    .bind(draft.deadline.to_string())
    .bind(draft.situation.clone())
    .bind(masked_name.to_owned())
    .bind(OPEN)
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(at)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    let mut changes = Changes::new()
        .set("kind", draft.kind)
        .set("category", draft.category)
        .set("amount_rupiah", draft.amount_rupiah)
        .set("deadline", draft.deadline.to_string())
        .set("status", OPEN);
    if draft.kind == GOODS {
        changes = changes.set("quantity", draft.quantity.unwrap_or_default());
    }
    let event = NewEvent {
        actor: actor.clone(),
        action: NEED_POSTED,
        subject_type: NEED_SUBJECT,
        subject_id: id.to_string(),
        region: Some(region.clone()),
        changes,
        request_id,
    };
    events::store::record(tx, event, now).await?;
    Ok(id)
}

/// Records a consent given (`withdrawn` false) or withdrawn, with its event.
pub async fn record_consent(
    tx: &mut Tx,
    need: &Need,
    consent: &ConsentDraft,
    withdrawn: bool,
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let action = if withdrawn { "withdrawn" } else { "given" };
    sqlx::query(
        "INSERT INTO donation_consents (need_id, action, method, note, by_id, by_role, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(need.id)
    .bind(action)
    .bind(consent.method)
    .bind(consent.note.clone())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(timestamp::to_db(now))
    .execute(&mut **tx)
    .await
    .store()?;
    let event = NewEvent {
        actor: actor.clone(),
        action: if withdrawn {
            CONSENT_WITHDRAWN
        } else {
            CONSENT_RECORDED
        },
        subject_type: NEED_SUBJECT,
        subject_id: need.id.to_string(),
        region: need.region().ok(),
        changes: Changes::new()
            .set("consent", action)
            .set("method", consent.method),
        request_id,
    };
    events::store::record(tx, event, now).await?;
    Ok(())
}

/// Sets a need's state; the caller records the event that says why.
pub async fn set_status(
    tx: &mut Tx,
    need_id: i64,
    status: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE donation_needs SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.to_owned())
        .bind(timestamp::to_db(now))
        .bind(need_id)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

/// Open needs whose deadline (a day, `YYYY-MM-DD`) is before `today`, earliest first.
pub async fn past_deadline(db: &Db, today: time::Date, limit: u32) -> Result<Vec<i64>, StoreError> {
    sqlx::query_scalar(
        "SELECT id FROM donation_needs WHERE status = $1 AND deadline < $2 \
         ORDER BY deadline, id LIMIT $3",
    )
    .bind(OPEN)
    .bind(today.to_string())
    .bind(i64::from(limit))
    .fetch_all(&db.pool)
    .await
    .store()
}

pub async fn find(db: &Db, id: i64) -> Result<Option<Need>, StoreError> {
    let sql = format!("SELECT {} {FROM} WHERE n.id = $1", columns());
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(need_from_row).transpose()
}

/// A need read inside a write transaction, so what is checked is what is changed.
pub async fn find_in(tx: &mut Tx, id: i64) -> Result<Option<Need>, StoreError> {
    let sql = format!("SELECT {} {FROM} WHERE n.id = $1", columns());
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    row.as_ref().map(need_from_row).transpose()
}

/// Filters of a need list; empty strings mean "any".
#[derive(Debug, Clone, Default)]
pub struct NeedFilter {
    pub category: String,
    /// `open` shows needs still taking pledges (open); empty shows every state.
    pub status: String,
}

/// Needs anyone may see inside `within` (all when `None`), newest first, before an id:
/// withdrawn and expired needs are left out here, so that a page is never short.
pub async fn list(
    db: &Db,
    within: Option<&RegionCode>,
    filter: &NeedFilter,
    before_id: i64,
    limit: u32,
) -> Result<Vec<Need>, StoreError> {
    let scope = ScopeParams::new(within);
    let in_scope = crate::db::scope::within(&["n.region_code"]);
    let sql = format!(
        "SELECT {} {FROM} WHERE {in_scope} AND ($4 = '' OR n.category = $4) \
           AND ($5 = '' OR n.status = $5) AND n.status NOT IN ('withdrawn', 'expired') \
           AND n.id < $6 ORDER BY n.id DESC LIMIT $7",
        columns()
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(filter.category.clone())
        .bind(filter.status.clone())
        .bind(before_id)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(need_from_row).collect()
}

/// Open needs (oldest deadline first) for suggestions, at most `limit`.
pub async fn open_needs(db: &Db, limit: u32) -> Result<Vec<Need>, StoreError> {
    let sql = format!(
        "SELECT {} {FROM} WHERE n.status = 'open' ORDER BY n.deadline, n.id LIMIT $1",
        columns()
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(need_from_row).collect()
}

/// Totals of one region level: needs, what they asked, what was pledged and confirmed.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = DonationRegionTotal)]
pub struct RegionTotal {
    pub region_code: String,
    pub region_name: String,
    pub needs: i64,
    pub asked_rupiah: i64,
    pub pledged_rupiah: i64,
    pub confirmed_rupiah: i64,
}

/// Totals per district (kecamatan), the public's view: no donor and no household in it.
pub async fn totals_by_district(db: &Db) -> Result<Vec<RegionTotal>, StoreError> {
    let rows = sqlx::query(
        "WITH per AS (SELECT substr(n.region_code, 1, 8) AS district, n.amount_rupiah AS asked, \
           (SELECT COALESCE(SUM(p.amount_rupiah), 0) FROM donation_pledges p \
             WHERE p.need_id = n.id AND p.status <> 'released') AS pledged, \
           (SELECT COALESCE(SUM(p.amount_rupiah), 0) FROM donation_pledges p \
             WHERE p.need_id = n.id AND p.status = 'confirmed') AS confirmed \
           FROM donation_needs n WHERE n.status <> 'withdrawn') \
         SELECT per.district, COALESCE(r.name, per.district), COUNT(*), \
           CAST(SUM(per.asked) AS BIGINT), CAST(SUM(per.pledged) AS BIGINT), \
           CAST(SUM(per.confirmed) AS BIGINT) \
         FROM per LEFT JOIN regions r ON r.code = per.district \
         GROUP BY per.district, r.name ORDER BY per.district",
    )
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|row| {
            Ok(RegionTotal {
                region_code: row.try_get(0).store()?,
                region_name: row.try_get(1).store()?,
                needs: row.try_get(2).store()?,
                asked_rupiah: row.try_get(3).store()?,
                pledged_rupiah: row.try_get(4).store()?,
                confirmed_rupiah: row.try_get(5).store()?,
            })
        })
        .collect()
}

/// Needs posted per household of each village since `since`: (village, household, count).
pub async fn posting_counts(
    db: &Db,
    within: Option<&RegionCode>,
    since: OffsetDateTime,
) -> Result<Vec<(String, i64, i64)>, StoreError> {
    let scope = ScopeParams::new(within);
    let in_scope = crate::db::scope::within(&["n.region_code"]);
    let sql = format!(
        "SELECT n.region_code, n.household_id, COUNT(*) FROM donation_needs n \
         WHERE {in_scope} AND n.created_at >= $4 \
         GROUP BY n.region_code, n.household_id ORDER BY n.region_code, n.household_id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(timestamp::to_db(since))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0).store()?,
                r.try_get(1).store()?,
                r.try_get(2).store()?,
            ))
        })
        .collect()
}
