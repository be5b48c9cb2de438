//! Finding persons by NIK, KK or name. Names are matched on their folded form (see
//! `store::name_key`), each word of the query against the words of the name: a prefix
//! matches, and so does a word with a few letters wrong (one for words of 4–6 letters,
//! two for longer ones).

use sqlx::Row;

use super::store::name_key;
use super::store::read::{PERSON_COLUMNS, Person, person_from_row};
use crate::db::{Db, ResultExt, StoreError};
use crate::region_code::RegionCode;

/// Candidates read for a name search before ranking; bounds the work per query.
const CANDIDATES_MAX: i64 = 5_000;

/// Edits allowed for a query word of this many letters.
fn edits_allowed(letters: usize) -> usize {
    match letters {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// Levenshtein distance between two short words.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// How far a folded name is from a folded query; `None` when some query word matches no
/// word of the name. Lower is closer; 0 is an exact or prefix match of every word.
pub fn name_score(query: &str, name: &str) -> Option<usize> {
    let words: Vec<&str> = name.split(' ').collect();
    let mut total = 0;
    for q in query.split(' ').filter(|w| !w.is_empty()) {
        let allowed = edits_allowed(q.chars().count());
        let best = words
            .iter()
            .map(|w| {
                if w.starts_with(q) {
                    return 0;
                }
                let prefix: String = w.chars().take(q.chars().count()).collect();
                distance(q, w).min(distance(q, &prefix) + 1)
            })
            .min()?;
        if best > allowed {
            return None;
        }
        total += best;
    }
    Some(total)
}

/// Persons inside `region` whose NIK or KK is `query` (16 digits), or whose name is close
/// to it, closest first.
pub async fn persons(
    db: &Db,
    region: Option<&RegionCode>,
    query: &str,
    limit: usize,
) -> Result<Vec<Person>, StoreError> {
    let crate::region_code::ScopeParams {
        national: everywhere,
        exact,
        prefix,
    } = crate::region_code::ScopeParams::new(region);
    let digits = query.trim();
    if digits.len() == 16 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM persons WHERE ($1 = 1 OR region_code = $2 \
             OR region_code LIKE $3) AND (nik = $4 OR household_id IN \
             (SELECT id FROM households WHERE kk_number = $4)) ORDER BY id LIMIT $5"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(everywhere)
            .bind(exact)
            .bind(prefix)
            .bind(digits.to_owned())
            .bind(limit as i64)
            .fetch_all(&db.pool)
            .await
            .store()?;
        return rows.iter().map(person_from_row).collect();
    }
    let key = name_key(query);
    // Candidates share the first two letters of the first or the last query word, so a
    // typo later in a word is still found.
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return Ok(Vec::new());
    };
    let stem = |w: &str| w.chars().take(2).collect::<String>();
    let sql = format!(
        "SELECT {PERSON_COLUMNS}, name_key FROM persons WHERE ($1 = 1 OR region_code = $2 \
         OR region_code LIKE $3) AND (name_key LIKE $4 OR name_key LIKE $5 \
         OR name_key LIKE $6 OR name_key LIKE $7) ORDER BY id LIMIT $8"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(everywhere)
        .bind(exact)
        .bind(prefix)
        .bind(format!("{}%", stem(first)))
        .bind(format!("% {}%", stem(first)))
        .bind(format!("{}%", stem(last)))
        .bind(format!("% {}%", stem(last)))
        .bind(CANDIDATES_MAX)
        .fetch_all(&db.pool)
        .await
        .store()?;
    let mut ranked = Vec::new();
    for row in &rows {
        let name: String = row.try_get("name_key").store()?;
        if let Some(score) = name_score(&key, &name) {
            ranked.push((score, person_from_row(row)?));
        }
    }
    ranked.sort_by_key(|(score, p)| (*score, p.id));
    Ok(ranked.into_iter().take(limit).map(|(_, p)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_small_typos_match() {
        let name = name_key("Muhammad Ridwan Siregar");
        assert_eq!(name_score("muh", &name), Some(0));
        assert_eq!(name_score("ridwan sireg", &name), Some(0));
        assert_eq!(name_score(&name_key("Muhamad Ridwan"), &name), Some(1));
        assert_eq!(name_score(&name_key("Mohammad Ridwam"), &name), Some(2));
        assert_eq!(name_score("budi", &name), None);
        assert_eq!(
            name_score(&name_key("Soekarno"), &name_key("Sukarno")),
            Some(0)
        );
    }

    #[test]
    fn short_words_must_match_exactly() {
        assert_eq!(name_score("ani", "ana"), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
