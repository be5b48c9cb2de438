//! Reading the facts a computation needs for every active enrolment of a programme in a
//! region: the household's survey, its members, and whether a duplicate pair, an objection
//! or a review flag holds it. One query per kind of fact, whatever the number of
//! households.

use std::collections::{HashMap, HashSet};

use futures_util::TryStreamExt;
use sqlx::Row;
use time::Date;

use super::super::benefit::{Household, Member};
use crate::db::{Db, ResultExt, StoreError};
use crate::programmes::columns::age_on;

/// The enrolments' filter: programme `$1`, region `$2` or below it (`$3`).
const ENROLLED: &str = "e.programme_code = $1 AND e.status = 'active' \
                        AND (e.region_code = $2 OR e.region_code LIKE $3)";

/// Every enrolled household of `programme` in `region`, ordered by household id.
pub async fn households(
    db: &Db,
    programme: &str,
    region: &str,
    today: Date,
) -> Result<Vec<Household>, StoreError> {
    let binds = (
        programme.to_owned(),
        region.to_owned(),
        format!("{region}.%"),
    );
    let sql = format!(
        "SELECT e.id, e.household_id, e.region_code, h.survey FROM enrolments e \
         JOIN households h ON h.id = e.household_id WHERE {ENROLLED} ORDER BY e.household_id"
    );
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(binds.0.clone())
        .bind(binds.1.clone())
        .bind(binds.2.clone())
        .fetch(&db.pool);
    let mut found: Vec<Household> = Vec::new();
    while let Some(row) = rows.try_next().await.store()? {
        let survey: String = row.try_get("survey").store()?;
        let survey: serde_json::Value = serde_json::from_str(&survey).unwrap_or_default();
        found.push(Household {
            enrolment_id: row.try_get("id").store()?,
            household_id: row.try_get("household_id").store()?,
            region_code: row.try_get("region_code").store()?,
            pregnant_members: survey["pregnant_members"].as_i64().unwrap_or(0),
            ..Household::default()
        });
    }
    drop(rows);
    let mut members = members(db, &binds, today).await?;
    let held = held(db, &binds).await?;
    for household in &mut found {
        household.members = members.remove(&household.household_id).unwrap_or_default();
        household.duplicate_undecided = held.duplicates.contains(&household.household_id);
        household.suspended = held.flagged.contains(&household.household_id);
        household.objection_open = held.objections.contains(&household.enrolment_id);
    }
    Ok(found)
}

async fn members(
    db: &Db,
    binds: &(String, String, String),
    today: Date,
) -> Result<HashMap<i64, Vec<Member>>, StoreError> {
    let sql = format!(
        "SELECT p.household_id, p.birth_date, p.relationship, p.disability, p.life_status \
         FROM persons p JOIN enrolments e ON e.household_id = p.household_id WHERE {ENROLLED}"
    );
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(binds.0.clone())
        .bind(binds.1.clone())
        .bind(binds.2.clone())
        .fetch(&db.pool);
    let mut members: HashMap<i64, Vec<Member>> = HashMap::new();
    while let Some(row) = rows.try_next().await.store()? {
        let born: String = row.try_get("birth_date").store()?;
        let relationship: String = row.try_get("relationship").store()?;
        let disability: Option<String> = row.try_get("disability").store()?;
        let life: String = row.try_get("life_status").store()?;
        let member = Member {
            age: age_on(&born, today).map_or(0, |years| years as i64),
            head: relationship == "kepala",
            living: life == "hidup",
            disabled: disability.is_some_and(|d| !d.is_empty() && d != "tidak"),
        };
        members
            .entry(row.try_get("household_id").store()?)
            .or_default()
            .push(member);
    }
    Ok(members)
}

/// Households held by something undecided.
struct Held {
    duplicates: HashSet<i64>,
    flagged: HashSet<i64>,
    /// Enrolment ids.
    objections: HashSet<i64>,
}

async fn held(db: &Db, binds: &(String, String, String)) -> Result<Held, StoreError> {
    let ids = |sql: String| {
        let binds = binds.clone();
        async move {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(binds.0)
                .bind(binds.1)
                .bind(binds.2)
                .fetch_all(&db.pool)
                .await
                .store()?;
            rows.iter()
                .map(|row| row.try_get::<i64, _>(0).store())
                .collect::<Result<HashSet<i64>, StoreError>>()
        }
    };
    let duplicates = ids(format!(
        "SELECT DISTINCT p.household_id FROM duplicate_pairs d \
         JOIN persons p ON p.id = d.person_a OR p.id = d.person_b \
         JOIN enrolments e ON e.household_id = p.household_id \
         WHERE d.status = 'open' AND {ENROLLED}"
    ))
    .await?;
    let flagged = ids(format!(
        "SELECT DISTINCT e.household_id FROM review_flags f \
         LEFT JOIN persons p ON f.subject_type = 'person' AND p.id = f.subject_id \
         JOIN enrolments e ON e.household_id = COALESCE(p.household_id, f.subject_id) \
         WHERE f.status = 'open' AND f.subject_type IN ('person', 'household') AND {ENROLLED}"
    ))
    .await?;
    let objections = ids(format!(
        "SELECT DISTINCT o.enrolment_id FROM objections o \
         JOIN enrolments e ON e.id = o.enrolment_id \
         WHERE o.status IN ('open', 'escalated') AND {ENROLLED}"
    ))
    .await?;
    Ok(Held {
        duplicates,
        flagged,
        objections,
    })
}
