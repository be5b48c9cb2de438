//! SQL for citizen proposals (*usul*): the proposed household by KK number or a member's
//! NIK, the resident proposing, counts for the limits, writing one with its event and
//! evidence digests, and its public status by tracking code.

use sqlx::Row;
use time::OffsetDateTime;

use super::{NewProposal, PROPOSED, event, set_event};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Actor, Changes};

/// A living resident of an active household: person, name, household, village.
#[derive(Debug, Clone)]
pub struct Resident {
    pub person_id: i64,
    pub name: String,
    pub household_id: i64,
    pub village: String,
}

/// The resident with this NIK and birth date, if living in an active household.
pub async fn resident(tx: &mut Tx, nik: &str, born: &str) -> Result<Option<Resident>, StoreError> {
    let row = sqlx::query(
        "SELECT p.id, p.full_name, p.household_id, h.region_code FROM persons p \
         JOIN households h ON h.id = p.household_id \
         WHERE p.nik = $1 AND p.birth_date = $2 AND p.life_status = 'hidup' \
         AND h.status = 'active'",
    )
    .bind(nik.to_owned())
    .bind(born.to_owned())
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    row.map(|r| {
        Ok(Resident {
            person_id: r.try_get(0).store()?,
            name: r.try_get(1).store()?,
            household_id: r.try_get(2).store()?,
            village: r.try_get(3).store()?,
        })
    })
    .transpose()
}

/// The household with this KK number, or of the living member with this NIK.
pub async fn household_by_number(tx: &mut Tx, number: &str) -> Result<Option<i64>, StoreError> {
    sqlx::query_scalar(
        "SELECT id FROM households WHERE kk_number = $1 \
         UNION SELECT household_id FROM persons WHERE nik = $1 AND life_status = 'hidup'",
    )
    .bind(number.to_owned())
    .fetch_optional(&mut **tx)
    .await
    .store()
}

/// Citizen proposals sent since `since` from a client address, and by a resident.
pub async fn sent_since(
    tx: &mut Tx,
    client: Option<&str>,
    person: i64,
    since: OffsetDateTime,
) -> Result<(i64, i64), StoreError> {
    let at = timestamp::to_db(since);
    let by_client: i64 = match client {
        Some(key) => sqlx::query_scalar(
            "SELECT COUNT(*) FROM proposals WHERE client_key = $1 AND created_at >= $2",
        )
        .bind(key.to_owned())
        .bind(at.clone())
        .fetch_one(&mut **tx)
        .await
        .store()?,
        None => 0,
    };
    let by_person: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM proposals WHERE proposer_person_id = $1 AND created_at >= $2",
    )
    .bind(person)
    .bind(at)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    Ok((by_client, by_person))
}

/// Who sent a citizen proposal and from where.
#[derive(Debug, Clone)]
pub struct CitizenProposer<'a> {
    pub code: &'a str,
    pub person_id: i64,
    pub client: Option<&'a str>,
    /// SHA-256 of each evidence file, named in the event.
    pub evidence: &'a [String],
}

/// Writes a citizen's proposal (proposer kind `citizen`) and its event; returns its id. A
/// second open proposal of the same kind fails on `ONE_OPEN`.
pub async fn insert_citizen(
    tx: &mut Tx,
    new: &NewProposal<'_>,
    by: &CitizenProposer<'_>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let at = timestamp::to_db(now);
    let row = sqlx::query(
        "INSERT INTO proposals (kind, household_id, region_code, programme_code, reason, note, \
         status, step, step_since, proposer_kind, proposer_id, proposer_role, proposer_name, \
         created_at, event_id, tracking_code, proposer_person_id, client_key) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, 'citizen', NULL, 'citizen', $9, \
         $8, NULL, $10, $11, $12) RETURNING id",
    )
    .bind(new.kind.to_owned())
    .bind(new.household_id)
    .bind(new.region.as_str().to_owned())
    .bind(new.programme.to_owned())
    .bind(new.reason.to_owned())
    .bind(new.note.to_owned())
    .bind(new.first_step.to_owned())
    .bind(at)
    .bind(new.proposer_name.to_owned())
    .bind(by.code.to_owned())
    .bind(by.person_id)
    .bind(by.client.map(str::to_owned))
    .fetch_one(&mut **tx)
    .await
    .store()?;
    let id: i64 = row.try_get(0).store()?;
    let changes = Changes::new()
        .set("kind", new.kind)
        .set("household_id", new.household_id)
        .set("programme", new.programme)
        .set("reason", new.reason)
        .set("note", new.note)
        .set("step", new.first_step)
        .set("proposer_kind", "citizen")
        .set("proposer", new.proposer_name)
        .set("evidence", serde_json::json!(by.evidence));
    let e = event(&citizen(), PROPOSED, id, new.region, changes, None);
    let event_id = events::store::record(tx, e, now).await?;
    set_event(tx, id, event_id).await?;
    Ok(id)
}

/// The actor of what a resident sends from the public site: no account.
pub fn citizen() -> Actor {
    Actor {
        role: "citizen".into(),
        ..Actor::system()
    }
}

/// A citizen proposal as its proposer follows it: no one's name but masked.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = CitizenProposalStatus)]
pub struct CitizenStatus {
    pub tracking_code: String,
    /// `enrol` or `remove`.
    pub kind: String,
    pub programme: String,
    /// `pending`, `approved` or `returned`.
    pub status: String,
    /// The level deciding now (`village`, `district`, `province`, `ministry`); once
    /// closed, the last level that decided.
    pub step: String,
    /// The head of the proposed household, masked (`A*** S****`).
    pub household: String,
    /// The proposer, masked.
    pub proposer: String,
    /// UTC, RFC 3339.
    pub submitted_at: String,
    pub closed_at: Option<String>,
    /// The reason given when the proposal was returned.
    pub returned_reason: Option<String>,
    pub evidence_files: i64,
}

/// What the proposer sees by tracking code (names unmasked; the caller masks them).
pub async fn status_of(db: &Db, code: &str) -> Result<Option<CitizenStatus>, StoreError> {
    let row = sqlx::query(
        "SELECT pr.tracking_code, pr.kind, pr.programme_code, pr.status, pr.step, \
         (SELECT p.full_name FROM persons p WHERE p.household_id = pr.household_id \
           AND p.relationship = 'kepala' ORDER BY p.id LIMIT 1), \
         pr.proposer_name, pr.created_at, pr.closed_at, \
         (SELECT s.note FROM proposal_steps s WHERE s.proposal_id = pr.id \
           AND s.decision = 'returned' ORDER BY s.id LIMIT 1), \
         (SELECT COUNT(*) FROM proposal_evidence e WHERE e.proposal_id = pr.id) \
         FROM proposals pr WHERE pr.tracking_code = $1",
    )
    .bind(code.to_owned())
    .fetch_optional(&db.pool)
    .await
    .store()?;
    row.map(|r| {
        let head: Option<String> = r.try_get(5).store()?;
        Ok(CitizenStatus {
            tracking_code: r.try_get(0).store()?,
            kind: r.try_get(1).store()?,
            programme: r.try_get(2).store()?,
            status: r.try_get(3).store()?,
            step: r.try_get(4).store()?,
            household: head.unwrap_or_default(),
            proposer: r.try_get(6).store()?,
            submitted_at: r.try_get(7).store()?,
            closed_at: r.try_get(8).store()?,
            returned_reason: r.try_get(9).store()?,
            evidence_files: r.try_get(10).store()?,
        })
    })
    .transpose()
}
