//! SQL for regions: lookups by code and name, children, ancestors, counts.

use sqlx::Row;

use crate::db::{Db, ResultExt, StoreError};
use crate::region_code::{Level, RegionCode, RegionCodeError, ScopeParams};

/// A region of the official list.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Region {
    /// Kemendagri code, e.g. `31.75.07.1003`.
    #[schema(value_type = String, example = "31.75.07.1003")]
    pub code: RegionCode,
    /// 1 province, 2 regency/city, 3 district, 4 village.
    pub level: i64,
    pub name: String,
    #[schema(value_type = Option<String>)]
    pub parent_code: Option<RegionCode>,
    /// Set when the code has left the official list; kept for old records.
    pub retired: bool,
}

impl Region {
    pub fn level(&self) -> Level {
        self.code.level()
    }
}

const COLUMNS: &str = "code, level, name, parent_code, retired_at";

fn region_from_row(row: &sqlx::any::AnyRow) -> Result<Region, StoreError> {
    let code: String = row.try_get("code").store()?;
    let parent: Option<String> = row.try_get("parent_code").store()?;
    let retired: Option<String> = row.try_get("retired_at").store()?;
    let bad = |e: RegionCodeError| StoreError::Other(sqlx::Error::Decode(Box::new(e)));
    Ok(Region {
        code: RegionCode::parse(&code).map_err(bad)?,
        level: row.try_get("level").store()?,
        name: row.try_get("name").store()?,
        parent_code: parent
            .map(|p| RegionCode::parse(&p))
            .transpose()
            .map_err(bad)?,
        retired: retired.is_some(),
    })
}

/// The region with this code, if it exists.
pub async fn find(db: &Db, code: &RegionCode) -> Result<Option<Region>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM regions WHERE code = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(code.as_str())
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(region_from_row).transpose()
}

/// The names of the regions with these codes, in one query; codes not in the list are
/// left out. At most 500 codes are looked up.
pub async fn names(db: &Db, codes: &[&str]) -> Result<Vec<(String, String)>, StoreError> {
    let mut wanted: Vec<&str> = codes.iter().copied().filter(|c| !c.is_empty()).collect();
    wanted.sort_unstable();
    wanted.dedup();
    wanted.truncate(500);
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=wanted.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT code, name FROM regions WHERE code IN ({}) ORDER BY code",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for code in &wanted {
        query = query.bind(*code);
    }
    let rows = query.fetch_all(&db.pool).await.store()?;
    rows.iter()
        .map(|r| Ok((r.try_get(0).store()?, r.try_get(1).store()?)))
        .collect()
}

/// Parses `text` and checks that the code is in the official list.
pub async fn resolve(db: &Db, text: &str) -> Result<Result<Region, RegionCodeError>, StoreError> {
    let code = match RegionCode::parse(text) {
        Ok(code) => code,
        Err(err) => return Ok(Err(err)),
    };
    Ok(find(db, &code)
        .await?
        .ok_or(RegionCodeError::Unknown(code.to_string())))
}

/// Children of `parent` (provinces when `None`), in code order, after `after`.
pub async fn children(
    db: &Db,
    parent: Option<&RegionCode>,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<Region>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM regions \
         WHERE (($1 = '' AND parent_code IS NULL) OR parent_code = $1) AND code > $2 \
         ORDER BY code LIMIT $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(parent.map(|p| p.as_str()).unwrap_or_default())
        .bind(after.unwrap_or_default())
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(region_from_row).collect()
}

/// Regions whose name contains `query` (case-insensitive), inside `within`, code order.
pub async fn search(
    db: &Db,
    query: &str,
    within: Option<&RegionCode>,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<Region>, StoreError> {
    let pattern = format!("%{}%", escape_like(&query.to_lowercase()));
    let prefix = within
        .map(|w| format!("{}%", w.as_str()))
        .unwrap_or_else(|| "%".to_owned());
    let sql = format!(
        "SELECT {COLUMNS} FROM regions \
         WHERE lower(name) LIKE $1 ESCAPE '\\' AND code LIKE $2 AND code > $3 \
         ORDER BY code LIMIT $4"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(pattern)
        .bind(prefix)
        .bind(after.unwrap_or_default())
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(region_from_row).collect()
}

/// Villages in force whose name contains `query` (case-insensitive), in code order.
pub async fn search_villages(db: &Db, query: &str, limit: u32) -> Result<Vec<Region>, StoreError> {
    let pattern = format!("%{}%", escape_like(&query.to_lowercase()));
    let sql = format!(
        "SELECT {COLUMNS} FROM regions \
         WHERE lower(name) LIKE $1 ESCAPE '\\' AND level = $2 AND retired_at IS NULL \
         ORDER BY code LIMIT $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(pattern)
        .bind(Level::Village.number())
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(region_from_row).collect()
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The chain from the province down to `code` itself, for breadcrumbs.
pub async fn lineage(db: &Db, code: &RegionCode) -> Result<Vec<Region>, StoreError> {
    let mut chain = Vec::new();
    let mut next = Some(code.clone());
    while let Some(current) = next {
        if let Some(region) = find(db, &current).await? {
            chain.push(region);
        }
        next = current.parent();
    }
    chain.reverse();
    Ok(chain)
}

/// Number of regions of `level` inside `within` (all when `None`).
pub async fn count_at_level(
    db: &Db,
    level: Level,
    within: Option<&RegionCode>,
) -> Result<i64, StoreError> {
    let prefix = within
        .map(|w| format!("{}.%", w.as_str()))
        .unwrap_or_else(|| "%".to_owned());
    let exact = within.map(|w| w.as_str().to_owned()).unwrap_or_default();
    let row = sqlx::query(
        "SELECT COUNT(*) FROM regions WHERE level = $1 AND (code LIKE $2 OR code = $3) \
         AND retired_at IS NULL",
    )
    .bind(level.number())
    .bind(prefix)
    .bind(exact)
    .fetch_one(&db.pool)
    .await
    .store()?;
    row.try_get(0).store()
}

/// Total number of regions stored.
pub async fn count_all(db: &Db) -> Result<i64, StoreError> {
    let row = sqlx::query("SELECT COUNT(*) FROM regions")
        .fetch_one(&db.pool)
        .await
        .store()?;
    row.try_get(0).store()
}

/// Active official accounts inside `within`: a statistic of the region, shown on its page
/// and on the dashboard (read here so that the region tree needs nothing from `accounts/`).
pub async fn count_active_accounts(
    db: &Db,
    within: Option<&RegionCode>,
) -> Result<i64, StoreError> {
    let ScopeParams {
        national,
        exact,
        prefix,
    } = ScopeParams::new(within);
    let row = sqlx::query(
        "SELECT COUNT(*) FROM accounts WHERE status = 'active' \
         AND ($1 = 1 OR region_code = $2 OR region_code LIKE $3)",
    )
    .bind(national)
    .bind(exact)
    .bind(prefix)
    .fetch_one(&db.pool)
    .await
    .store()?;
    row.try_get(0).store()
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(super::escape_like("50%_a\\"), "50\\%\\_a\\\\");
    }
}
