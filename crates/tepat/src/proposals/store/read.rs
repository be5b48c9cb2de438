//! Reading proposals back: one (with its steps and flags), a page within a region scope
//! and a filter, and the counts the monitoring pages show.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::proposals::model::{
    Conflict, Named, PENDING, Proposal, STEP_DAYS, StepDecision, chain_of,
};
use crate::region_code::{RegionCode, ScopeParams};

const COLUMNS: &str = "pr.id, pr.kind, pr.household_id, \
    (SELECT p.full_name FROM persons p WHERE p.household_id = pr.household_id \
      AND p.relationship = 'kepala' ORDER BY p.id LIMIT 1), \
    pr.region_code, pr.programme_code, pr.reason, pr.note, pr.status, pr.step, \
    (SELECT g.chain FROM programmes g WHERE g.code = pr.programme_code), pr.step_since, \
    pr.flagged, pr.proposer_kind, pr.proposer_id, pr.proposer_role, pr.proposer_name, \
    pr.created_at, pr.closed_at, pr.enrolment_id, pr.due_at, pr.tracking_code";

fn from_row(row: &AnyRow, now: OffsetDateTime) -> Result<Proposal, StoreError> {
    let chain: Option<String> = row.try_get(10).store()?;
    let status: String = row.try_get(8).store()?;
    let step_since: String = row.try_get(11).store()?;
    let flagged: i64 = row.try_get(12).store()?;
    // A proposal stored before the days per step were data is due 14 days after its step.
    let due_at: String = row
        .try_get::<Option<String>, _>(20)
        .store()?
        .or_else(|| {
            timestamp::from_db(&step_since)
                .map(|since| timestamp::to_db(since + time::Duration::days(STEP_DAYS)))
        })
        .unwrap_or_default();
    // Compared as stored text (to the millisecond), as the counts compare in SQL.
    let overdue = status == PENDING && !due_at.is_empty() && timestamp::to_db(now) > due_at;
    let id: i64 = row.try_get(0).store()?;
    Ok(Proposal {
        id,
        kind: row.try_get(1).store()?,
        household_id: row.try_get(2).store()?,
        household_head: row.try_get(3).store()?,
        region_code: row.try_get(4).store()?,
        programme: row.try_get(5).store()?,
        reason: row.try_get(6).store()?,
        note: row.try_get(7).store()?,
        status,
        step: row.try_get(9).store()?,
        chain: chain_of(chain.as_deref().unwrap_or_default())
            .into_iter()
            .map(|l| l.as_str().to_owned())
            .collect(),
        step_since,
        due_at,
        overdue,
        flagged: flagged != 0,
        proposer: Named {
            kind: row.try_get(13).store()?,
            id: row.try_get(14).store()?,
            role: row.try_get(15).store()?,
            name: row.try_get(16).store()?,
        },
        created_at: row.try_get(17).store()?,
        closed_at: row.try_get(18).store()?,
        enrolment_id: row.try_get(19).store()?,
        url: format!("/usulan-bansos/{id}"),
        api_url: format!("/api/v1/proposals/{id}"),
        tracking_code: row.try_get(21).store()?,
        evidence: Vec::new(),
        steps: Vec::new(),
        conflicts: Vec::new(),
    })
}

/// Filters on a list; empty strings mean "any".
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: String,
    pub kind: String,
    pub programme: String,
    pub flagged: bool,
    /// Only those pending at this level.
    pub step: String,
}

/// Proposals inside `within` matching `filter`, newest first, before an id.
pub async fn list(
    db: &Db,
    within: Option<&RegionCode>,
    filter: &Filter,
    before_id: i64,
    limit: u32,
    now: OffsetDateTime,
) -> Result<Vec<Proposal>, StoreError> {
    let scope = ScopeParams::new(within);
    let in_scope = crate::db::scope::within(&["pr.region_code"]);
    let sql = format!(
        "SELECT {COLUMNS} FROM proposals pr WHERE {in_scope} \
           AND ($4 = '' OR pr.status = $4) AND ($5 = '' OR pr.kind = $5) \
           AND ($6 = '' OR pr.programme_code = $6) AND ($7 = 0 OR pr.flagged = 1) \
           AND ($8 = '' OR (pr.status = 'pending' AND pr.step = $8)) AND pr.id < $9 \
         ORDER BY pr.id DESC LIMIT $10"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(filter.status.clone())
        .bind(filter.kind.clone())
        .bind(filter.programme.clone())
        .bind(i64::from(filter.flagged))
        .bind(filter.step.clone())
        .bind(before_id)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    let mut found: Vec<Proposal> = rows
        .iter()
        .map(|r| from_row(r, now))
        .collect::<Result<_, _>>()?;
    let flagged: Vec<i64> = found.iter().filter(|p| p.flagged).map(|p| p.id).collect();
    if !flagged.is_empty() {
        let conflicts = conflicts_of(db, &flagged).await?;
        for p in &mut found {
            p.conflicts = conflicts
                .iter()
                .filter(|(id, _)| *id == p.id)
                .map(|(_, c)| c.clone())
                .collect();
        }
    }
    Ok(found)
}

/// One proposal with its steps and flags.
pub async fn find(db: &Db, id: i64, now: OffsetDateTime) -> Result<Option<Proposal>, StoreError> {
    let mut tx = db.begin().await?;
    let found = find_in(&mut tx, id, now).await?;
    tx.commit().await.store()?;
    Ok(found)
}

/// One proposal with its steps and flags, read inside the caller's transaction (a decision
/// reads what it decides on inside its own).
pub async fn find_in(
    tx: &mut Tx,
    id: i64,
    now: OffsetDateTime,
) -> Result<Option<Proposal>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM proposals pr WHERE pr.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    let Some(row) = row else { return Ok(None) };
    let mut proposal = from_row(&row, now)?;
    proposal.evidence = super::evidence_of(tx, id).await?;
    let steps = sqlx::query(
        "SELECT step, decision, official_kind, official_id, official_role, official_name, \
         note, decided_at FROM proposal_steps WHERE proposal_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await
    .store()?;
    proposal.steps = steps
        .iter()
        .map(|r| {
            Ok(StepDecision {
                step: r.try_get(0).store()?,
                decision: r.try_get(1).store()?,
                official: Named {
                    kind: r.try_get(2).store()?,
                    id: r.try_get(3).store()?,
                    role: r.try_get(4).store()?,
                    name: r.try_get(5).store()?,
                },
                note: r.try_get(6).store()?,
                decided_at: r.try_get(7).store()?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let sql = format!("{CONFLICT_COLUMNS} WHERE proposal_id = $1 ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_all(&mut **tx)
        .await
        .store()?;
    proposal.conflicts = rows
        .iter()
        .map(|r| conflict_from_row(r).map(|(_, c)| c))
        .collect::<Result<_, _>>()?;
    Ok(Some(proposal))
}

const CONFLICT_COLUMNS: &str = "SELECT proposal_id, account_id, account_role, basis, evidence, \
    found_at FROM proposal_conflicts";

fn conflict_from_row(r: &AnyRow) -> Result<(i64, Conflict), StoreError> {
    let evidence: String = r.try_get(4).store()?;
    Ok((
        r.try_get(0).store()?,
        Conflict {
            account_id: r.try_get(1).store()?,
            account_role: r.try_get(2).store()?,
            basis: r.try_get(3).store()?,
            evidence: serde_json::from_str(&evidence).unwrap_or(serde_json::Value::Null),
            found_at: r.try_get(5).store()?,
        },
    ))
}

/// The flags of several proposals (at most a page), as (proposal id, flag).
async fn conflicts_of(db: &Db, ids: &[i64]) -> Result<Vec<(i64, Conflict)>, StoreError> {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    let sql = format!(
        "{CONFLICT_COLUMNS} WHERE proposal_id IN ({}) ORDER BY id",
        list.join(", ")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(conflict_from_row).collect()
}

/// Counts for the monitoring page, inside `within`: proposals by (kind, status), pending
/// ones overdue per step, flagged ones, and accounts by number of flags on their proposals.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub by_kind_and_status: Vec<(String, String, i64)>,
    pub overdue_by_step: Vec<(String, i64)>,
    pub flagged: i64,
    /// (account id, display name, role, flags).
    pub linked_officials: Vec<(i64, String, String, i64)>,
}

pub async fn counts(
    db: &Db,
    within: Option<&RegionCode>,
    now: OffsetDateTime,
) -> Result<Counts, StoreError> {
    let scope = ScopeParams::new(within);
    let in_scope = crate::db::scope::within(&["pr.region_code"]);
    let bind = |sql: String| {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.national)
            .bind(scope.exact.clone())
            .bind(scope.prefix.clone())
    };
    let rows = bind(format!(
        "SELECT pr.kind, pr.status, COUNT(*) FROM proposals pr WHERE {in_scope} \
         GROUP BY pr.kind, pr.status ORDER BY pr.kind, pr.status"
    ))
    .fetch_all(&db.pool)
    .await
    .store()?;
    let mut counts = Counts::default();
    for r in &rows {
        let kind: String = r.try_get(0).store()?;
        let status: String = r.try_get(1).store()?;
        counts
            .by_kind_and_status
            .push((kind, status, r.try_get(2).store()?));
    }
    let rows = bind(format!(
        "SELECT pr.step, COUNT(*) FROM proposals pr WHERE {in_scope} \
         AND pr.status = 'pending' AND pr.due_at < $4 GROUP BY pr.step ORDER BY pr.step"
    ))
    .bind(timestamp::to_db(now))
    .fetch_all(&db.pool)
    .await
    .store()?;
    for r in &rows {
        counts
            .overdue_by_step
            .push((r.try_get(0).store()?, r.try_get(1).store()?));
    }
    let row = bind(format!(
        "SELECT COUNT(*) FROM proposals pr WHERE {in_scope} AND pr.flagged = 1"
    ))
    .fetch_one(&db.pool)
    .await
    .store()?;
    counts.flagged = row.try_get(0).store()?;
    let rows = bind(format!(
        "SELECT c.account_id, a.display_name, c.account_role, COUNT(*) \
         FROM proposal_conflicts c JOIN proposals pr ON pr.id = c.proposal_id \
         JOIN accounts a ON a.id = c.account_id WHERE {in_scope} \
         GROUP BY c.account_id, a.display_name, c.account_role \
         ORDER BY COUNT(*) DESC, c.account_id LIMIT 20"
    ))
    .fetch_all(&db.pool)
    .await
    .store()?;
    for r in &rows {
        counts.linked_officials.push((
            r.try_get(0).store()?,
            r.try_get(1).store()?,
            r.try_get(2).store()?,
            r.try_get(3).store()?,
        ));
    }
    Ok(counts)
}

/// The proposals waiting at the village step in `village`, oldest first: (id, household,
/// kind, programme, household head).
pub async fn waiting_in_village(tx: &mut Tx, village: &str) -> Result<Vec<Waiting>, StoreError> {
    let rows = sqlx::query(
        "SELECT pr.id, pr.household_id, pr.kind, pr.programme_code, \
         (SELECT p.full_name FROM persons p WHERE p.household_id = pr.household_id \
           AND p.relationship = 'kepala' ORDER BY p.id LIMIT 1) \
         FROM proposals pr WHERE pr.region_code = $1 AND pr.status = 'pending' \
         AND pr.step = 'village' ORDER BY pr.id",
    )
    .bind(village.to_owned())
    .fetch_all(&mut **tx)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0).store()?,
                r.try_get(1).store()?,
                r.try_get(2).store()?,
                r.try_get(3).store()?,
                r.try_get(4).store()?,
            ))
        })
        .collect()
}

/// An agenda line: (id, household, what is asked, programme, household head).
pub type Waiting = (i64, i64, String, String, Option<String>);
