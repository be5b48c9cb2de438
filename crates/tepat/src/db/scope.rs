//! The region-scope condition of a query, written once: "this row lies inside the caller's
//! region", for `region_code::ScopeParams` bound as the query's first three parameters.

/// `($1 = 1 OR c = $2 OR c LIKE $3 …)` over every column in `columns`: national scope
/// matches every row; otherwise a row matches when any of the columns is the region or
/// lies below it. Bind `ScopeParams` `national`, `exact`, `prefix` as `$1`, `$2`, `$3`.
pub fn within(columns: &[&str]) -> String {
    let mut condition = String::from("($1 = 1");
    for column in columns {
        condition.push_str(&format!(" OR {column} = $2 OR {column} LIKE $3"));
    }
    condition.push(')');
    condition
}

/// Rows of `table` inside `within` whose `status_column` holds one of `statuses`: the
/// count of a queue a dashboard shows. `table` and the columns are names the caller writes
/// in code, never input.
pub async fn count_with_status(
    db: &super::Db,
    table: &'static str,
    region_column: &'static str,
    status_column: &'static str,
    statuses: &[&str],
    region: Option<&crate::region_code::RegionCode>,
) -> Result<i64, super::StoreError> {
    use super::ResultExt;
    let scope = crate::region_code::ScopeParams::new(region);
    let placeholders: Vec<String> = (0..statuses.len()).map(|i| format!("${}", i + 4)).collect();
    let sql = format!(
        "SELECT COUNT(*) FROM {table} WHERE {} AND {status_column} IN ({})",
        within(&[region_column]),
        placeholders.join(", ")
    );
    let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix);
    for status in statuses {
        query = query.bind(*status);
    }
    query.fetch_one(&db.pool).await.store()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_or_more_columns() {
        assert_eq!(
            within(&["region_code"]),
            "($1 = 1 OR region_code = $2 OR region_code LIKE $3)"
        );
        assert_eq!(
            within(&["a.r", "b.r"]),
            "($1 = 1 OR a.r = $2 OR a.r LIKE $3 OR b.r = $2 OR b.r LIKE $3)"
        );
    }
}
