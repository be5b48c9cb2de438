//! The record of who opened whose full personal data, when and why (UU PDP No. 27/2022),
//! and its listing for auditors.

use sqlx::Row;
use time::OffsetDateTime;

use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::events::Actor;
use crate::region_code::RegionCode;
use crate::registry::codes::coded_enum;

coded_enum!(
    /// Why an official opens a person's full record; chosen from a short list.
    ViewPurpose {
        Verification = "verifikasi",
        Correction = "perbaikan_data",
        Complaint = "pengaduan",
        Distribution = "penyaluran",
        Audit = "audit",
    }
);

impl ViewPurpose {
    pub fn label(self, lang: crate::web::i18n::Lang) -> &'static str {
        use crate::web::i18n::Lang::{En, Id};
        match (self, lang) {
            (Self::Verification, Id) => "Verifikasi lapangan",
            (Self::Correction, Id) => "Perbaikan data",
            (Self::Complaint, Id) => "Penanganan pengaduan",
            (Self::Distribution, Id) => "Penyaluran bantuan",
            (Self::Audit, Id) => "Audit",
            (Self::Verification, En) => "Field verification",
            (Self::Correction, En) => "Data correction",
            (Self::Complaint, En) => "Complaint handling",
            (Self::Distribution, En) => "Aid distribution",
            (Self::Audit, En) => "Audit",
        }
    }
}

/// One access record.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PersonView {
    pub id: i64,
    /// UTC, RFC 3339.
    pub viewed_at: String,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub actor_role: String,
    pub person_id: i64,
    pub region_code: String,
    pub purpose: String,
}

/// Records that `actor` opened person `person_id` for `purpose`.
pub async fn record(
    db: &Db,
    actor: &Actor,
    person_id: i64,
    region: &str,
    purpose: ViewPurpose,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO person_views (viewed_at, actor_kind, actor_id, actor_role, person_id, \
         region_code, purpose) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(timestamp::to_db(now))
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(person_id)
    .bind(region.to_owned())
    .bind(purpose.code())
    .execute(&db.pool)
    .await
    .store()?;
    Ok(())
}

/// Access records inside `region`, newest first, before `before_id`.
pub async fn list(
    db: &Db,
    region: Option<&RegionCode>,
    person_id: Option<i64>,
    before_id: i64,
    limit: u32,
) -> Result<Vec<PersonView>, StoreError> {
    let crate::region_code::ScopeParams {
        national: everywhere,
        exact,
        prefix,
    } = crate::region_code::ScopeParams::new(region);
    let rows = sqlx::query(
        "SELECT id, viewed_at, actor_kind, actor_id, actor_role, person_id, region_code, \
         purpose FROM person_views \
         WHERE ($1 = 1 OR region_code = $2 OR region_code LIKE $3) \
           AND ($4 = 0 OR person_id = $4) AND id < $5 ORDER BY id DESC LIMIT $6",
    )
    .bind(everywhere)
    .bind(exact)
    .bind(prefix)
    .bind(person_id.unwrap_or(0))
    .bind(before_id)
    .bind(i64::from(limit))
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|row| {
            Ok(PersonView {
                id: row.try_get(0).store()?,
                viewed_at: row.try_get(1).store()?,
                actor_kind: row.try_get(2).store()?,
                actor_id: row.try_get(3).store()?,
                actor_role: row.try_get(4).store()?,
                person_id: row.try_get(5).store()?,
                region_code: row.try_get(6).store()?,
                purpose: row.try_get(7).store()?,
            })
        })
        .collect()
}
