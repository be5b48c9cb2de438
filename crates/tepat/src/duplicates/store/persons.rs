//! Reading persons for record linkage: the whole registry in batches by id (so a run holds
//! only the compact linkage records, never all rows at once), one person with the fields
//! a reviewer compares, and the bounded candidate lookups of the check at entry.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::{Db, ResultExt, StoreError};

/// A person with the fields record linkage compares.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct LinkPerson {
    pub id: i64,
    pub household_id: i64,
    pub nik: String,
    pub kk_number: String,
    pub full_name: String,
    /// `L` or `P`.
    pub sex: String,
    pub birth_place: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub relationship: String,
    pub life_status: String,
    pub address: String,
    pub rt: String,
    pub rw: String,
    pub village_code: String,
    pub village_name: Option<String>,
    /// Set once this person was found to be another registered twice.
    pub merged_into: Option<i64>,
}

const COLUMNS: &str = "p.id, p.household_id, p.nik, h.kk_number, p.full_name, p.sex, \
    p.birth_place, p.birth_date, p.relationship, p.life_status, h.address, h.rt, h.rw, \
    h.region_code, r.name, p.merged_into FROM persons p \
    JOIN households h ON h.id = p.household_id LEFT JOIN regions r ON r.code = h.region_code";

fn from_row(row: &AnyRow) -> Result<LinkPerson, StoreError> {
    Ok(LinkPerson {
        id: row.try_get(0).store()?,
        household_id: row.try_get(1).store()?,
        nik: row.try_get(2).store()?,
        kk_number: row.try_get(3).store()?,
        full_name: row.try_get(4).store()?,
        sex: row.try_get(5).store()?,
        birth_place: row.try_get(6).store()?,
        birth_date: row.try_get(7).store()?,
        relationship: row.try_get(8).store()?,
        life_status: row.try_get(9).store()?,
        address: row.try_get(10).store()?,
        rt: row.try_get(11).store()?,
        rw: row.try_get(12).store()?,
        village_code: row.try_get(13).store()?,
        village_name: row.try_get(14).store()?,
        merged_into: row.try_get(15).store()?,
    })
}

/// Persons not merged into another, by id, after `after_id`.
pub async fn batch_after(
    db: &Db,
    after_id: i64,
    limit: u32,
) -> Result<Vec<LinkPerson>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} WHERE p.merged_into IS NULL AND p.id > $1 ORDER BY p.id LIMIT $2"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(after_id)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}

/// Persons not merged into another.
pub async fn count_active(db: &Db) -> Result<i64, StoreError> {
    let row = sqlx::query("SELECT COUNT(*) FROM persons WHERE merged_into IS NULL")
        .fetch_one(&db.pool)
        .await
        .store()?;
    row.try_get(0).store()
}

pub async fn find(db: &Db, id: i64) -> Result<Option<LinkPerson>, StoreError> {
    let sql = format!("SELECT {COLUMNS} WHERE p.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(from_row).transpose()
}

/// Persons in the household `household_id`, for the check after a household changes.
pub async fn of_household(db: &Db, household_id: i64) -> Result<Vec<i64>, StoreError> {
    let rows = sqlx::query(
        "SELECT id FROM persons WHERE household_id = $1 AND merged_into IS NULL ORDER BY id",
    )
    .bind(household_id)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter().map(|r| r.try_get(0).store()).collect()
}

/// One block of the check at entry: a condition on `p` (and `h`) over `$2`, `$3`, `$4`.
/// Every condition names all three, so one statement shape serves every block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub condition: &'static str,
    pub params: [String; 3],
}

impl Block {
    /// NIKs that share the district and birth-date digits: a serial typo, or twins.
    pub fn nik_prefix(nik: &str) -> Option<Block> {
        let prefix = nik.get(0..12)?;
        Some(Block {
            condition: "p.nik >= $2 AND p.nik < $3 AND $4 = ''",
            params: [prefix.to_owned(), format!("{prefix}~"), String::new()],
        })
    }

    /// The same family card.
    pub fn kk(kk: &str) -> Block {
        Block {
            condition: "h.kk_number = $2 AND $3 = '' AND $4 = ''",
            params: [kk.to_owned(), String::new(), String::new()],
        }
    }

    /// The same birth date inside the same regency (`31.75`): codes from `31.75.` up to,
    /// not including, `31.75/` ('/' follows '.' in ASCII).
    pub fn birth_in_regency(birth_date: &str, village_code: &str) -> Option<Block> {
        let regency = village_code.get(0..5)?;
        Some(Block {
            condition: "p.birth_date = $2 AND p.region_code >= $3 AND p.region_code < $4",
            params: [
                birth_date.to_owned(),
                format!("{regency}."),
                format!("{regency}/"),
            ],
        })
    }

    /// The same folded name (old spellings mapped) born the same year.
    pub fn name_and_year(name_key: &str, birth_date: &str) -> Option<Block> {
        let year = birth_date.get(0..4)?;
        Some(Block {
            condition: "p.name_key = $2 AND p.birth_date >= $3 AND p.birth_date <= $4",
            params: [
                name_key.to_owned(),
                format!("{year}-01-01"),
                format!("{year}-12-31"),
            ],
        })
    }
}

/// Persons in one block, other than `person_id` and those merged, at most `limit`.
pub async fn in_block(
    db: &Db,
    person_id: i64,
    block: &Block,
    limit: u32,
) -> Result<Vec<LinkPerson>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} WHERE p.id <> $1 AND p.merged_into IS NULL AND ({}) \
         ORDER BY p.id LIMIT $5",
        block.condition
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(person_id)
        .bind(block.params[0].clone())
        .bind(block.params[1].clone())
        .bind(block.params[2].clone())
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}

/// How many persons carry this folded name, for weighing how common it is.
pub async fn name_count(db: &Db, name_key: &str) -> Result<i64, StoreError> {
    let row = sqlx::query("SELECT COUNT(*) FROM persons WHERE name_key = $1")
        .bind(name_key.to_owned())
        .fetch_one(&db.pool)
        .await
        .store()?;
    row.try_get(0).store()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_bound_their_ranges() {
        let nik = Block::nik_prefix("3175072105870001").expect("nik");
        assert_eq!(nik.params[0..2], ["317507210587", "317507210587~"]);
        let birth = Block::birth_in_regency("1987-05-21", "31.75.07.1003").expect("birth");
        assert_eq!(birth.params[1..3], ["31.75.", "31.75/"]);
        let name = Block::name_and_year("budi", "1987-05-21").expect("name");
        assert_eq!(name.params[1..3], ["1987-01-01", "1987-12-31"]);
        assert!(Block::nik_prefix("123").is_none());
        for block in [nik, birth, name, Block::kk("3175071503150001")] {
            for n in ["$2", "$3", "$4"] {
                assert!(block.condition.contains(n), "{}", block.condition);
            }
        }
    }
}
