//! Registry rows against their latest versions, for `tepat audit`: every write stores the
//! whole record as a version snapshot in the same transaction as its event, so a household or
//! person row changed in SQL behind the application's back no longer matches it.

use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::versions::{HOUSEHOLD, PERSON};
use crate::db::{ResultExt, StoreError};

/// Rows read per query: bounds memory on a registry of millions while keeping round trips
/// few.
const PAGE_ROWS: i64 = 5_000;

/// Person columns compared with the snapshot; the snapshot uses the same names.
const PERSON_FIELDS: [&str; 12] = [
    "nik",
    "full_name",
    "birth_place",
    "birth_date",
    "sex",
    "relationship",
    "marital_status",
    "occupation",
    "education",
    "disability",
    "life_status",
    "status_date",
];

/// Household columns compared with the snapshot, as (column, snapshot field).
const HOUSEHOLD_FIELDS: [(&str, &str); 6] = [
    ("kk_number", "kk"),
    ("region_code", "village_code"),
    ("address", "address"),
    ("rt", "rt"),
    ("rw", "rw"),
    ("phone", "phone"),
];

/// One registry row that disagrees with its latest version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contradiction {
    /// `household` or `person`.
    pub subject_type: &'static str,
    pub subject_id: i64,
    /// The household the row belongs to (itself for a household).
    pub household_id: i64,
    /// The columns that differ, or what is missing.
    pub problem: String,
}

/// The fields whose row value differs from the snapshot's. An absent snapshot field and a
/// NULL column are the same thing (an empty optional value).
pub fn differing_fields(row: &[(&str, Value)], snapshot: &Value) -> Vec<String> {
    row.iter()
        .filter(|(field, value)| snapshot.get(field).unwrap_or(&Value::Null) != value)
        .map(|(field, _)| (*field).to_owned())
        .collect()
}

/// Compares every household and person row with its latest version, calling `found` for
/// each contradiction. Returns the number of rows checked.
pub async fn check(
    conn: &mut AnyConnection,
    found: &mut impl FnMut(Contradiction),
) -> Result<u64, StoreError> {
    let households = check_table(conn, HOUSEHOLD, found).await?;
    let persons = check_table(conn, PERSON, found).await?;
    Ok(households + persons)
}

async fn check_table(
    conn: &mut AnyConnection,
    subject_type: &'static str,
    found: &mut impl FnMut(Contradiction),
) -> Result<u64, StoreError> {
    let sql = page_query(subject_type);
    let (mut after, mut checked) = (0_i64, 0_u64);
    loop {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(subject_type)
            .bind(after)
            .bind(PAGE_ROWS)
            .fetch_all(&mut *conn)
            .await
            .store()?;
        for row in &rows {
            after = row.try_get("id").store()?;
            if let Some(contradiction) = compare_row(row, subject_type)? {
                found(contradiction);
            }
        }
        checked += rows.len() as u64;
        if (rows.len() as i64) < PAGE_ROWS {
            return Ok(checked);
        }
    }
}

fn page_query(subject_type: &str) -> String {
    let (table, household, columns) = if subject_type == HOUSEHOLD {
        let columns: Vec<&str> = HOUSEHOLD_FIELDS.iter().map(|(c, _)| *c).collect();
        (
            "households",
            "r.id",
            format!("{}, r.survey", columns.join(", r.")),
        )
    } else {
        ("persons", "r.household_id", PERSON_FIELDS.join(", r."))
    };
    format!(
        "SELECT r.id, {household} AS household_id, r.version, r.{columns}, \
         v.version AS snapshot_version, v.snapshot FROM {table} r \
         LEFT JOIN record_versions v ON v.subject_type = $1 AND v.subject_id = r.id \
         AND v.version = (SELECT MAX(w.version) FROM record_versions w \
         WHERE w.subject_type = $1 AND w.subject_id = r.id) \
         WHERE r.id > $2 ORDER BY r.id LIMIT $3"
    )
}

fn compare_row(
    row: &AnyRow,
    subject_type: &'static str,
) -> Result<Option<Contradiction>, StoreError> {
    let subject_id: i64 = row.try_get("id").store()?;
    let household_id: i64 = row.try_get("household_id").store()?;
    let contradiction = |problem: String| Contradiction {
        subject_type,
        subject_id,
        household_id,
        problem,
    };
    let version: i64 = row.try_get("version").store()?;
    let snapshot_version: Option<i64> = row.try_get("snapshot_version").store()?;
    let Some(snapshot_version) = snapshot_version else {
        return Ok(Some(contradiction(
            "no version of the row is recorded".into(),
        )));
    };
    if snapshot_version != version {
        let problem =
            format!("the row says version {version}, the latest recorded is {snapshot_version}");
        return Ok(Some(contradiction(problem)));
    }
    let snapshot: String = row.try_get("snapshot").store()?;
    let snapshot: Value = serde_json::from_str(&snapshot).unwrap_or(Value::Null);
    let values = row_values(row, subject_type)?;
    let fields: Vec<(&str, Value)> = values.iter().map(|(f, v)| (*f, v.clone())).collect();
    let differing = differing_fields(&fields, &snapshot);
    if differing.is_empty() {
        return Ok(None);
    }
    let problem = format!(
        "{} changed since version {version} was recorded",
        differing.join(", ")
    );
    Ok(Some(contradiction(problem)))
}

/// The row's compared values, named as in the snapshot.
fn row_values(row: &AnyRow, subject_type: &str) -> Result<Vec<(&'static str, Value)>, StoreError> {
    let text = |column: &str| -> Result<Value, StoreError> {
        let value: Option<String> = row.try_get(column).store()?;
        Ok(value.map_or(Value::Null, Value::String))
    };
    if subject_type == PERSON {
        return PERSON_FIELDS
            .iter()
            .map(|field| Ok((*field, text(field)?)))
            .collect();
    }
    let mut values = HOUSEHOLD_FIELDS
        .iter()
        .map(|(column, field)| Ok((*field, text(column)?)))
        .collect::<Result<Vec<_>, StoreError>>()?;
    let survey: String = row.try_get("survey").store()?;
    values.push((
        "survey",
        serde_json::from_str(&survey).unwrap_or(Value::String(survey)),
    ));
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equal_values_and_absent_optionals_agree() {
        let snapshot = json!({"nik": "3175072105870001", "full_name": "Siti", "occupation": null});
        let row = [
            ("nik", json!("3175072105870001")),
            ("full_name", json!("Siti")),
            ("occupation", Value::Null),
            ("disability", Value::Null),
        ];
        assert!(differing_fields(&row, &snapshot).is_empty());
    }

    #[test]
    fn a_changed_value_is_named() {
        let snapshot = json!({"full_name": "Siti", "sex": "P", "survey": {"floor": "tanah"}});
        let row = [
            ("full_name", json!("Siti Aminah")),
            ("sex", json!("P")),
            ("survey", json!({"floor": "keramik"})),
        ];
        assert_eq!(differing_fields(&row, &snapshot), ["full_name", "survey"]);
    }

    #[test]
    fn a_value_where_the_snapshot_has_none_is_named() {
        let snapshot = json!({"phone": null});
        let row = [("phone", json!("+6281234567890"))];
        assert_eq!(differing_fields(&row, &snapshot), ["phone"]);
    }
}
