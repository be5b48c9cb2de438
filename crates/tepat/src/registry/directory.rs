//! Which region codes exist: the rules ask a `RegionDirectory`, so they stay pure; the
//! importer loads the current list once into a `RegionSet`.

use std::collections::HashSet;

use sqlx::Row;

use crate::db::{Db, ResultExt, StoreError};

pub trait RegionDirectory {
    /// True when `code` is a current (not retired) village.
    fn is_village(&self, code: &str) -> bool;
    /// True when `code` is a current district (kecamatan).
    fn is_district(&self, code: &str) -> bool;
}

/// Current villages and districts held in memory (about 91,000 short strings).
#[derive(Debug, Default, Clone)]
pub struct RegionSet {
    villages: HashSet<String>,
    districts: HashSet<String>,
}

impl RegionSet {
    /// From a list of dotted codes; the level follows from the shape.
    pub fn from_codes<'a>(codes: impl IntoIterator<Item = &'a str>) -> Self {
        let mut set = Self::default();
        for code in codes {
            match code.matches('.').count() {
                2 => set.districts.insert(code.to_owned()),
                3 => set.villages.insert(code.to_owned()),
                _ => false,
            };
        }
        set
    }

    /// Loads the current districts and villages, or those under `within` only.
    pub async fn load(db: &Db, within: Option<&str>) -> Result<Self, StoreError> {
        let prefix = within
            .map(|w| format!("{w}%"))
            .unwrap_or_else(|| "%".into());
        let rows = sqlx::query(
            "SELECT code FROM regions WHERE level >= 3 AND retired_at IS NULL AND code LIKE $1",
        )
        .bind(prefix)
        .fetch_all(&db.pool)
        .await
        .store()?;
        let codes: Vec<String> = rows
            .iter()
            .map(|row| row.try_get::<String, _>(0))
            .collect::<Result<_, _>>()
            .store()?;
        Ok(Self::from_codes(codes.iter().map(String::as_str)))
    }
}

impl RegionSet {
    /// Loads only the named codes that exist (for checking one record without reading the
    /// whole list).
    pub async fn load_codes(db: &Db, codes: &[String]) -> Result<Self, StoreError> {
        if codes.is_empty() {
            return Ok(Self::default());
        }
        let sql = format!(
            "SELECT code FROM regions WHERE level >= 3 AND retired_at IS NULL AND code IN {}",
            crate::db::bulk::placeholders(db.engine, 1, codes.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for code in codes {
            query = query.bind(code.clone());
        }
        let rows = query.fetch_all(&db.pool).await.store()?;
        let found: Vec<String> = rows
            .iter()
            .map(|row| row.try_get::<String, _>(0))
            .collect::<Result<_, _>>()
            .store()?;
        Ok(Self::from_codes(found.iter().map(String::as_str)))
    }
}

impl RegionDirectory for RegionSet {
    fn is_village(&self, code: &str) -> bool {
        self.villages.contains(code)
    }

    fn is_district(&self, code: &str) -> bool {
        self.districts.contains(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_codes_by_level() {
        let set = RegionSet::from_codes(["31", "31.75", "31.75.07", "31.75.07.1003"]);
        assert!(set.is_district("31.75.07"));
        assert!(set.is_village("31.75.07.1003"));
        assert!(!set.is_village("31.75.07"));
        assert!(!set.is_district("31.75"));
    }
}
