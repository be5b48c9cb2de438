//! The registry read for rules, one streamed query per table: the active households inside
//! a region (with their survey when a rule reads it), their living members, welfare scores
//! and enrolments; and the names a dry run shows beside its figures.

use futures_util::TryStreamExt;
use sqlx::Row;

use crate::db::{Db, ResultExt, StoreError};
use crate::programmes::columns::{Columns, MemberRow};
use crate::programmes::schema::{AGE, DISABILITY, EDUCATION, MEMBER_ATTRIBUTES, RELATIONSHIP, SEX};
use crate::region_code::{RegionCode, ScopeParams};

/// Fills `columns` from the registry inside `within`: active households, then their
/// living members, their welfare scores and their enrolments when the rules read them.
/// `codes` are the programme codes in the schema's order (`enrolled` reads positions).
pub async fn load_columns(
    db: &Db,
    within: Option<&RegionCode>,
    columns: &mut Columns,
    codes: &[String],
) -> Result<(), StoreError> {
    load_households(db, within, columns).await?;
    if columns.needs().persons {
        load_members(db, within, columns).await?;
    }
    if columns.needs().welfare() {
        load_welfare(db, within, columns).await?;
    }
    if !columns.needs().programmes.is_empty() {
        load_enrolments(db, within, columns, codes).await?;
    }
    columns.finish();
    Ok(())
}

async fn load_households(
    db: &Db,
    within: Option<&RegionCode>,
    columns: &mut Columns,
) -> Result<(), StoreError> {
    let scope = ScopeParams::new(within);
    let in_scope = crate::db::scope::within(&["h.region_code"]);
    let survey = if columns.needs().survey() {
        "h.survey"
    } else {
        "NULL"
    };
    let sql = format!(
        "SELECT h.id, h.region_code, {survey} FROM households h \
         WHERE {in_scope} AND h.status = 'active' ORDER BY h.id"
    );
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .fetch(&db.pool);
    while let Some(row) = rows.try_next().await.store()? {
        let id: i64 = row.try_get(0).store()?;
        let region: String = row.try_get(1).store()?;
        let survey: Option<String> = row.try_get(2).store()?;
        columns.push_household(id, &region, survey.as_deref());
    }
    Ok(())
}

async fn load_members(
    db: &Db,
    within: Option<&RegionCode>,
    columns: &mut Columns,
) -> Result<(), StoreError> {
    let scope = ScopeParams::new(within);
    let in_scope = crate::db::scope::within(&["p.region_code"]);
    // Only the columns the rules read: each one decoded costs as much as the row itself.
    let needs = columns.needs().member;
    let column = |i: usize, name: &'static str| if needs[i] { name } else { "NULL" };
    let sql = format!(
        "SELECT p.household_id, {}, {}, {}, {}, {} FROM persons p \
         WHERE {in_scope} AND p.life_status = 'hidup'",
        column(AGE, "p.birth_date"),
        column(SEX, "p.sex"),
        column(RELATIONSHIP, "p.relationship"),
        column(DISABILITY, "p.disability"),
        column(EDUCATION, "p.education"),
    );
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .fetch(&db.pool);
    while let Some(row) = rows.try_next().await.store()? {
        let household_id: i64 = row.try_get(0).store()?;
        let birth_date: Option<String> = row.try_get(1).store()?;
        let mut values: [Option<String>; MEMBER_ATTRIBUTES] = Default::default();
        for (i, value) in values.iter_mut().enumerate().skip(1) {
            *value = row.try_get(i + 1).store()?;
        }
        let mut texts = [None; MEMBER_ATTRIBUTES];
        for (text, value) in texts.iter_mut().zip(&values) {
            *text = value.as_deref();
        }
        columns.push_member(&MemberRow {
            household_id,
            birth_date: birth_date.as_deref().unwrap_or_default(),
            texts,
        });
    }
    Ok(())
}

/// The one place desil is read: every household's latest decile and score
/// (`welfare_current`, written by the targeting feature's scoring runs).
async fn load_welfare(
    db: &Db,
    within: Option<&RegionCode>,
    columns: &mut Columns,
) -> Result<(), StoreError> {
    let scope = ScopeParams::new(within);
    let in_scope = crate::db::scope::within(&["h.region_code"]);
    let sql = format!(
        "SELECT w.household_id, w.decile, w.score FROM welfare_current w \
         JOIN households h ON h.id = w.household_id WHERE {in_scope}"
    );
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .fetch(&db.pool);
    while let Some(row) = rows.try_next().await.store()? {
        let household_id: i64 = row.try_get(0).store()?;
        let decile: Option<i64> = row.try_get(1).store()?;
        let score: Option<f64> = row.try_get(2).store()?;
        columns.push_welfare(household_id, decile, score);
    }
    Ok(())
}

/// The active enrolments in the programmes the rules ask about (`enrolled("…")`).
async fn load_enrolments(
    db: &Db,
    within: Option<&RegionCode>,
    columns: &mut Columns,
    codes: &[String],
) -> Result<(), StoreError> {
    let scope = ScopeParams::new(within);
    let in_scope = crate::db::scope::within(&["e.region_code"]);
    let sql = format!(
        "SELECT e.household_id, e.programme_code FROM enrolments e \
         WHERE {in_scope} AND e.status = 'active'"
    );
    let wanted = columns.needs().programmes.clone();
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .fetch(&db.pool);
    while let Some(row) = rows.try_next().await.store()? {
        let household_id: i64 = row.try_get(0).store()?;
        let code: String = row.try_get(1).store()?;
        if let Some(at) = codes.iter().position(|c| *c == code)
            && wanted.contains(&at)
        {
            columns.push_enrolment(household_id, at);
        }
    }
    Ok(())
}

/// The head's name (or the first member's) of each household, in the order of `ids`
/// (empty for a household without members), in one query. At most 500 households.
pub async fn head_names(db: &Db, ids: &[i64]) -> Result<Vec<(i64, String)>, StoreError> {
    let asked = &ids[..ids.len().min(500)];
    if asked.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=asked.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT household_id, full_name, relationship, id FROM persons \
         WHERE household_id IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for id in asked {
        query = query.bind(*id);
    }
    // Per household: the head first, then the lowest person id.
    let mut best: std::collections::HashMap<i64, (bool, i64, String)> =
        std::collections::HashMap::new();
    for row in query.fetch_all(&db.pool).await.store()? {
        let household: i64 = row.try_get(0).store()?;
        let name: String = row.try_get(1).store()?;
        let relationship: Option<String> = row.try_get(2).store()?;
        let person: i64 = row.try_get(3).store()?;
        let rank = (relationship.as_deref() != Some("kepala"), person);
        let better = best
            .get(&household)
            .is_none_or(|(not_head, id, _)| rank < (*not_head, *id));
        if better {
            best.insert(household, (rank.0, rank.1, name));
        }
    }
    Ok(asked
        .iter()
        .map(|id| {
            let name = best.get(id).map(|(_, _, n)| n.clone()).unwrap_or_default();
            (*id, name)
        })
        .collect())
}

/// The names of the regions directly below `parent` (the provinces when `None`).
pub async fn child_region_names(
    db: &Db,
    parent: Option<&RegionCode>,
) -> Result<Vec<(String, String)>, StoreError> {
    let rows = match parent {
        Some(parent) => {
            sqlx::query("SELECT code, name FROM regions WHERE parent_code = $1 ORDER BY code")
                .bind(parent.as_str().to_owned())
                .fetch_all(&db.pool)
                .await
        }
        None => {
            sqlx::query("SELECT code, name FROM regions WHERE level = 1 ORDER BY code")
                .fetch_all(&db.pool)
                .await
        }
    }
    .store()?;
    rows.iter()
        .map(|r| Ok((r.try_get(0).store()?, r.try_get(1).store()?)))
        .collect()
}
