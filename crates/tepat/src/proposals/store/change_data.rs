//! The registry change requests of `changes/` read as proposals of kind `change_data`: the
//! one model of named decisions on the read side. Their tables stay where they are and
//! their own pages and API keep working; here a request is mapped on read — its change
//! (`koreksi_keluarga`, `kematian`, …) as the reason, its words as the note, its status as
//! a proposal's (`diajukan` pending, `disetujui` approved, `dikembalikan` returned), and
//! its one step the district's, which decides it.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::proposals::model::{Named, PENDING, Proposal, STEP_DAYS, StepDecision};
use crate::region_code::{RegionCode, ScopeParams};

/// The kind change requests take among proposals.
pub const CHANGE_DATA: &str = "change_data";

const STATUS: &str = "CASE c.status WHEN 'diajukan' THEN 'pending' \
    WHEN 'disetujui' THEN 'approved' ELSE 'returned' END";

fn from_row(r: &AnyRow, now: OffsetDateTime) -> Result<Proposal, StoreError> {
    let id: i64 = r.try_get(0).store()?;
    let status: String = r.try_get(6).store()?;
    let proposed_at: String = r.try_get(11).store()?;
    let due = timestamp::from_db(&proposed_at)
        .map(|t| timestamp::to_db(t + time::Duration::days(STEP_DAYS)))
        .unwrap_or_default();
    let decided_at: Option<String> = r.try_get(16).store()?;
    let official = Named {
        kind: r
            .try_get::<Option<String>, _>(12)
            .store()?
            .unwrap_or_default(),
        id: r.try_get(13).store()?,
        role: r
            .try_get::<Option<String>, _>(14)
            .store()?
            .unwrap_or_default(),
        name: r
            .try_get::<Option<String>, _>(15)
            .store()?
            .unwrap_or_default(),
    };
    let steps = match &decided_at {
        Some(at) if status != PENDING => vec![StepDecision {
            step: "district".to_owned(),
            decision: status.clone(),
            official,
            note: r
                .try_get::<Option<String>, _>(17)
                .store()?
                .unwrap_or_default(),
            decided_at: at.clone(),
        }],
        _ => Vec::new(),
    };
    Ok(Proposal {
        id,
        kind: CHANGE_DATA.to_owned(),
        household_id: r.try_get(1).store()?,
        household_head: r.try_get(2).store()?,
        region_code: r.try_get(3).store()?,
        programme: String::new(),
        reason: r.try_get(4).store()?,
        note: r.try_get(5).store()?,
        overdue: status == PENDING && !due.is_empty() && timestamp::to_db(now) > due,
        status,
        step: "district".to_owned(),
        chain: vec!["district".to_owned()],
        step_since: proposed_at.clone(),
        due_at: due,
        flagged: false,
        proposer: Named {
            kind: r.try_get(7).store()?,
            id: r.try_get(8).store()?,
            role: r.try_get(9).store()?,
            name: r.try_get(10).store()?,
        },
        created_at: proposed_at,
        closed_at: decided_at,
        enrolment_id: None,
        url: format!("/usulan/{id}"),
        api_url: format!("/api/v1/change-requests/{id}"),
        tracking_code: None,
        evidence: Vec::new(),
        steps,
        conflicts: Vec::new(),
    })
}

/// Change requests inside `within`, as proposals, newest first, before an id; `status`
/// (a proposal's: `pending`, `approved`, `returned`) when not empty.
pub async fn change_data(
    db: &Db,
    within: Option<&RegionCode>,
    status: &str,
    before_id: i64,
    limit: u32,
    now: OffsetDateTime,
) -> Result<Vec<Proposal>, StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "SELECT c.id, c.household_id, \
           (SELECT p.full_name FROM persons p WHERE p.household_id = c.household_id \
             AND p.relationship = 'kepala' ORDER BY p.id LIMIT 1), \
           c.region_code, c.kind, c.reason, {STATUS}, c.proposer_kind, c.proposer_id, \
           c.proposer_role, c.proposer_name, c.proposed_at, c.decider_kind, c.decider_id, \
           c.decider_role, c.decider_name, c.decided_at, c.decision_note \
         FROM change_requests c WHERE {} AND ($4 = '' OR {STATUS} = $4) AND c.id < $5 \
         ORDER BY c.id DESC LIMIT $6",
        crate::db::scope::within(&["c.region_code"])
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(status.to_owned())
        .bind(before_id)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(|r| from_row(r, now)).collect()
}
