//! Reading the registry: households in a region scope with filters, one household with its
//! members, one person, and search by NIK, KK or name.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::{Db, ResultExt, StoreError};
use crate::region_code::RegionCode;

/// A household in a list.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct HouseholdSummary {
    pub id: i64,
    pub kk_number: String,
    pub village_code: String,
    pub address: String,
    pub rt: String,
    pub rw: String,
    pub head_name: Option<String>,
    pub member_count: i64,
    /// `active` or `closed`.
    pub status: String,
}

/// A household with all its attributes.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Household {
    pub id: i64,
    pub kk_number: String,
    pub village_code: String,
    pub address: String,
    pub rt: String,
    pub rw: String,
    pub phone: Option<String>,
    #[schema(value_type = Object)]
    pub survey: serde_json::Value,
    pub status: String,
    pub closed_reason: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// A person with all attributes.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Person {
    pub id: i64,
    pub household_id: i64,
    pub region_code: String,
    pub nik: String,
    pub full_name: String,
    pub birth_place: String,
    pub birth_date: String,
    pub sex: String,
    pub relationship: String,
    pub marital_status: Option<String>,
    pub occupation: Option<String>,
    pub education: Option<String>,
    pub disability: Option<String>,
    pub life_status: String,
    pub status_date: Option<String>,
    pub version: i64,
    pub updated_at: String,
}

/// Filters on a household list; all optional.
#[derive(Debug, Clone, Default)]
pub struct HouseholdFilter {
    /// A region of any level; households inside it.
    pub region: Option<RegionCode>,
    pub kk_number: Option<String>,
    /// `active` or `closed`.
    pub status: Option<String>,
}

/// Households inside `region` matching `filter`, by id, after `after_id`.
pub async fn list_households(
    db: &Db,
    region: Option<&RegionCode>,
    filter: &HouseholdFilter,
    after_id: i64,
    limit: u32,
) -> Result<Vec<HouseholdSummary>, StoreError> {
    let crate::region_code::ScopeParams {
        national: everywhere,
        exact,
        prefix,
    } = crate::region_code::ScopeParams::new(region);
    let rows = sqlx::query(
        "SELECT h.id, h.kk_number, h.region_code, h.address, h.rt, h.rw, h.status, \
         (SELECT p.full_name FROM persons p WHERE p.household_id = h.id \
            AND p.relationship = 'kepala' ORDER BY p.id LIMIT 1) AS head_name, \
         (SELECT COUNT(*) FROM persons p WHERE p.household_id = h.id \
            AND p.life_status = 'hidup') AS member_count \
         FROM households h \
         WHERE ($1 = 1 OR h.region_code = $2 OR h.region_code LIKE $3) \
           AND ($4 = '' OR h.kk_number = $4) AND ($5 = '' OR h.status = $5) AND h.id > $6 \
         ORDER BY h.id LIMIT $7",
    )
    .bind(everywhere)
    .bind(exact)
    .bind(prefix)
    .bind(filter.kk_number.clone().unwrap_or_default())
    .bind(filter.status.clone().unwrap_or_default())
    .bind(after_id)
    .bind(i64::from(limit))
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|row| {
            Ok(HouseholdSummary {
                id: row.try_get(0).store()?,
                kk_number: row.try_get(1).store()?,
                village_code: row.try_get(2).store()?,
                address: row.try_get(3).store()?,
                rt: row.try_get(4).store()?,
                rw: row.try_get(5).store()?,
                status: row.try_get(6).store()?,
                head_name: row.try_get(7).store()?,
                member_count: row.try_get(8).store()?,
            })
        })
        .collect()
}

pub const HOUSEHOLD_COLUMNS: &str = "id, kk_number, region_code, address, rt, rw, phone, survey, \
                                 status, closed_reason, version, created_at, updated_at";

pub fn household_from_row(row: &AnyRow) -> Result<Household, StoreError> {
    let survey: String = row.try_get(7).store()?;
    Ok(Household {
        id: row.try_get(0).store()?,
        kk_number: row.try_get(1).store()?,
        village_code: row.try_get(2).store()?,
        address: row.try_get(3).store()?,
        rt: row.try_get(4).store()?,
        rw: row.try_get(5).store()?,
        phone: row.try_get(6).store()?,
        survey: serde_json::from_str(&survey).unwrap_or(serde_json::Value::Null),
        status: row.try_get(8).store()?,
        closed_reason: row.try_get(9).store()?,
        version: row.try_get(10).store()?,
        created_at: row.try_get(11).store()?,
        updated_at: row.try_get(12).store()?,
    })
}

pub async fn find_household(db: &Db, id: i64) -> Result<Option<Household>, StoreError> {
    let sql = format!("SELECT {HOUSEHOLD_COLUMNS} FROM households WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(household_from_row).transpose()
}

pub const PERSON_COLUMNS: &str = "id, household_id, region_code, nik, full_name, birth_place, \
    birth_date, sex, relationship, marital_status, occupation, education, disability, \
    life_status, status_date, version, updated_at";

pub fn person_from_row(row: &AnyRow) -> Result<Person, StoreError> {
    Ok(Person {
        id: row.try_get(0).store()?,
        household_id: row.try_get(1).store()?,
        region_code: row.try_get(2).store()?,
        nik: row.try_get(3).store()?,
        full_name: row.try_get(4).store()?,
        birth_place: row.try_get(5).store()?,
        birth_date: row.try_get(6).store()?,
        sex: row.try_get(7).store()?,
        relationship: row.try_get(8).store()?,
        marital_status: row.try_get(9).store()?,
        occupation: row.try_get(10).store()?,
        education: row.try_get(11).store()?,
        disability: row.try_get(12).store()?,
        life_status: row.try_get(13).store()?,
        status_date: row.try_get(14).store()?,
        version: row.try_get(15).store()?,
        updated_at: row.try_get(16).store()?,
    })
}

/// The members of a household, head first.
pub async fn members(db: &Db, household_id: i64) -> Result<Vec<Person>, StoreError> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM persons WHERE household_id = $1 \
         ORDER BY CASE relationship WHEN 'kepala' THEN 0 ELSE 1 END, birth_date, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(household_id)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(person_from_row).collect()
}

pub async fn find_person(db: &Db, id: i64) -> Result<Option<Person>, StoreError> {
    let sql = format!("SELECT {PERSON_COLUMNS} FROM persons WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(person_from_row).transpose()
}

/// A number already in the registry, with the household that holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    /// `kk` or `nik`.
    pub kind: &'static str,
    pub number: String,
    pub household_id: i64,
    pub region_code: String,
}

/// Which of a KK number and these NIKs the registry already holds (any status): what an
/// official should know at the first look at a new application.
pub async fn registered_numbers(
    db: &Db,
    kk: &str,
    niks: &[&str],
) -> Result<Vec<Registered>, StoreError> {
    let mut found = Vec::new();
    let households =
        sqlx::query("SELECT id, region_code FROM households WHERE kk_number = $1 ORDER BY id")
            .bind(kk.trim().to_owned())
            .fetch_all(&db.pool)
            .await
            .store()?;
    for row in households {
        found.push(Registered {
            kind: "kk",
            number: kk.trim().to_owned(),
            household_id: row.try_get(0).store()?,
            region_code: row.try_get(1).store()?,
        });
    }
    for nik in niks {
        let row = sqlx::query(
            "SELECT h.id, h.region_code FROM persons p JOIN households h ON h.id = p.household_id \
             WHERE p.nik = $1",
        )
        .bind(nik.trim().to_owned())
        .fetch_optional(&db.pool)
        .await
        .store()?;
        if let Some(row) = row {
            found.push(Registered {
                kind: "nik",
                number: nik.trim().to_owned(),
                household_id: row.try_get(0).store()?,
                region_code: row.try_get(1).store()?,
            });
        }
    }
    Ok(found)
}
