//! Loading the official region list (`code,level,name,parent_code`), shipped in the binary
//! and loaded on the first migrate; `tepat regions load FILE` applies a newer list.

use std::collections::HashMap;
use std::io::Read;

use sqlx::Row;
use time::OffsetDateTime;

use crate::db::{Db, ResultExt, Tx, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::region_code::{Level, RegionCode};

/// The list shipped with the program (see `data/README.md` for source and licence).
pub const SHIPPED_LIST: &str = include_str!("../../data/wilayah.csv");

pub const REGIONS_LOADED: Action = Action("regions.loaded");

/// Rows per INSERT statement: 5 parameters each stays far below both engines' limits.
const ROWS_PER_STATEMENT: usize = 500;

/// One validated row of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionRow {
    pub code: RegionCode,
    pub name: String,
    pub parent: Option<RegionCode>,
}

/// What a load changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LoadReport {
    pub added: usize,
    pub renamed: usize,
    pub unchanged: usize,
    pub retired: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("line {line}: {message}")]
    Row { line: u64, message: String },
    #[error("the file has no header `code,level,name,parent_code`")]
    Header,
    #[error("the file holds no regions")]
    Empty,
    #[error(transparent)]
    Store(#[from] crate::db::StoreError),
}

/// Parses and checks the whole list before anything is written.
pub fn parse_list(input: impl Read) -> Result<Vec<RegionRow>, LoadError> {
    let mut reader = csv::Reader::from_reader(input);
    let headers = reader.headers().map_err(|_| LoadError::Header)?.clone();
    if headers.iter().collect::<Vec<_>>() != ["code", "level", "name", "parent_code"] {
        return Err(LoadError::Header);
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index as u64 + 2;
        let record = record.map_err(|e| LoadError::Row {
            line,
            message: e.to_string(),
        })?;
        rows.push(parse_row(&record).map_err(|message| LoadError::Row { line, message })?);
    }
    if rows.is_empty() {
        return Err(LoadError::Empty);
    }
    Ok(rows)
}

fn parse_row(record: &csv::StringRecord) -> Result<RegionRow, String> {
    let field = |i: usize| record.get(i).unwrap_or_default().trim();
    let code = RegionCode::parse(field(0)).map_err(|e| e.to_string())?;
    let level: i64 = field(1)
        .parse()
        .map_err(|_| format!("level {:?} is not a number", field(1)))?;
    if Level::from_number(level) != Some(code.level()) {
        return Err(format!(
            "level {level} does not match the shape of code {code}"
        ));
    }
    let name = field(2).to_owned();
    if name.is_empty() {
        return Err(format!("region {code} has no name"));
    }
    let parent = match field(3) {
        "" => None,
        text => Some(RegionCode::parse(text).map_err(|e| e.to_string())?),
    };
    if parent != code.parent() {
        return Err(format!(
            "parent of {code} must be {:?}",
            code.parent().map(|p| p.to_string())
        ));
    }
    Ok(RegionRow { code, name, parent })
}

/// Applies a parsed list in one transaction: adds new codes, renames changed ones, marks
/// codes missing from the list as retired (never deletes: records may still point at them).
pub async fn apply(
    db: &Db,
    rows: &[RegionRow],
    actor: Actor,
    now: OffsetDateTime,
) -> Result<LoadReport, LoadError> {
    let mut tx = db.begin().await?;
    let existing = existing_names(&mut tx).await?;
    let mut report = LoadReport::default();
    let mut changed: Vec<&RegionRow> = Vec::new();
    for row in rows {
        match existing.get(row.code.as_str()) {
            None => report.added += 1,
            Some(name) if *name != row.name => report.renamed += 1,
            Some(_) => {
                report.unchanged += 1;
                continue;
            }
        }
        changed.push(row);
    }
    for chunk in changed.chunks(ROWS_PER_STATEMENT) {
        upsert_chunk(&mut tx, chunk).await?;
    }
    let listed: std::collections::HashSet<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    let stamp = timestamp::to_db(now);
    for code in existing
        .keys()
        .filter(|code| !listed.contains(code.as_str()))
    {
        sqlx::query("UPDATE regions SET retired_at = $1 WHERE code = $2 AND retired_at IS NULL")
            .bind(&stamp)
            .bind(code)
            .execute(&mut *tx)
            .await
            .store()?;
        report.retired += 1;
    }
    let changes = Changes::new()
        .set("added", report.added as i64)
        .set("renamed", report.renamed as i64)
        .set("retired", report.retired as i64);
    let event = NewEvent {
        actor,
        action: REGIONS_LOADED,
        subject_type: "region_list",
        subject_id: "kemendagri".to_owned(),
        region: None,
        changes,
        request_id: None,
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    Ok(report)
}

async fn existing_names(tx: &mut Tx) -> Result<HashMap<String, String>, LoadError> {
    let rows = sqlx::query("SELECT code, name FROM regions")
        .fetch_all(&mut **tx)
        .await
        .store()?;
    let mut names = HashMap::with_capacity(rows.len());
    for row in rows {
        names.insert(row.try_get(0).store()?, row.try_get(1).store()?);
    }
    Ok(names)
}

async fn upsert_chunk(tx: &mut Tx, chunk: &[&RegionRow]) -> Result<(), LoadError> {
    let sql = format!(
        "INSERT INTO regions (code, level, name, parent_code, province_code) \
         VALUES {} ON CONFLICT (code) DO UPDATE SET name = excluded.name, retired_at = NULL",
        crate::db::bulk::placeholders(crate::db::Engine::of(tx), chunk.len(), 5)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for row in chunk {
        query = query
            .bind(row.code.as_str().to_owned())
            .bind(row.code.level().number())
            .bind(row.name.clone())
            .bind(row.parent.as_ref().map(|p| p.as_str().to_owned()))
            .bind(row.code.province().as_str().to_owned());
    }
    query.execute(&mut **tx).await.store()?;
    Ok(())
}

/// Loads the shipped list when the store holds no regions yet (the first migrate).
pub async fn load_shipped_if_empty(
    db: &Db,
    now: OffsetDateTime,
) -> Result<Option<LoadReport>, LoadError> {
    if super::store::count_all(db).await? > 0 {
        return Ok(None);
    }
    let rows = parse_list(SHIPPED_LIST.as_bytes())?;
    apply(db, &rows, Actor::system(), now).await.map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_parses_whole() {
        let rows = parse_list(SHIPPED_LIST.as_bytes()).expect("shipped list is valid");
        assert_eq!(rows.len(), 91_599);
        let klender = rows
            .iter()
            .find(|r| r.code.as_str() == "31.75.07.1003")
            .expect("Klender");
        assert_eq!(klender.name, "Klender");
    }

    #[test]
    fn bad_rows_are_named_by_line() {
        let text = "code,level,name,parent_code\n31,1,DKI Jakarta,\n31.75,3,Jakarta Timur,31\n";
        let err = parse_list(text.as_bytes()).expect_err("level mismatch");
        assert!(err.to_string().starts_with("line 3:"), "{err}");
        let text = "code,level,name,parent_code\n31.75,2,Jakarta Timur,32\n";
        assert!(
            parse_list(text.as_bytes())
                .expect_err("parent")
                .to_string()
                .contains("parent")
        );
        assert!(matches!(
            parse_list("a,b\n1,2\n".as_bytes()),
            Err(LoadError::Header)
        ));
        let header_only = "code,level,name,parent_code\n";
        assert!(matches!(
            parse_list(header_only.as_bytes()),
            Err(LoadError::Empty)
        ));
    }
}
