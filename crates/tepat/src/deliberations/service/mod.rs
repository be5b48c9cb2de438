//! Deliberation operations: a village operator schedules one (published in advance); once
//! held, records who attended in which role and a decision on every agenda item, and
//! finalises it — the required roles present, the recorder among them, every item decided
//! — applying the decisions to the proposals in the same transaction. Finalised, it never
//! changes; its minutes are public.

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::error::DeliberationError;
use super::model::{Attendee, Deliberation, FINALISED, Item, PublicDeliberation, ROLES};
use super::store::{self, Record};
use crate::auth::{Permission, Principal, Role};
use crate::db::{Db, StoreError, Tx};
use crate::proposals::service::{Decision, decide_in, official_name};
use crate::region_code::RegionCode;
use crate::web::i18n::Lang;

pub(super) fn refused(
    field: &'static str,
    rule: &'static str,
    en: &str,
    id: &str,
) -> DeliberationError {
    DeliberationError::invalid(field, rule, en, id)
}

/// A short text of 1 to `max` characters.
pub(super) fn short(
    text: &str,
    field: &'static str,
    max: usize,
) -> Result<String, DeliberationError> {
    let text = crate::text::clean(text, crate::text::Lines::One).map_err(|e| {
        use crate::web::i18n::Localized;
        refused(
            field,
            e.rule(),
            &e.localized(Lang::En),
            &e.localized(Lang::Id),
        )
    })?;
    if text.is_empty() || text.chars().count() > max {
        return Err(refused(
            field,
            "length",
            &format!("write 1 to {max} characters"),
            &format!("isi 1 sampai {max} karakter"),
        ));
    }
    Ok(text)
}

pub(super) fn village_of(
    caller: &Principal,
    village: &str,
) -> Result<RegionCode, DeliberationError> {
    let code = RegionCode::parse(village.trim()).map_err(|_| {
        refused(
            "village",
            "format",
            "a village code such as 31.75.07.1003",
            "kode desa/kelurahan",
        )
    })?;
    if code.level() != crate::region_code::Level::Village {
        return Err(refused(
            "village",
            "level",
            "give a village",
            "pilih desa/kelurahan",
        ));
    }
    if !caller.covers(&code) {
        return Err(refused(
            "village",
            "scope",
            "outside your region",
            "di luar wilayah Anda",
        ));
    }
    Ok(code)
}

/// Schedules a deliberation in a village on a date from today on, by its village operator.
pub async fn schedule(
    db: &Db,
    caller: &Principal,
    village: &str,
    held_on: &str,
    place: &str,
    now: OffsetDateTime,
) -> Result<Deliberation, DeliberationError> {
    caller.allows(Permission::DecideProposals, true)?;
    if caller.role != Role::VillageOperator {
        return Err(crate::auth::Denied::Role.into());
    }
    let village = village_of(caller, village)?;
    let date = time::Date::parse(
        held_on.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| {
        refused(
            "held_on",
            "format",
            "a date, YYYY-MM-DD",
            "tanggal (TTTT-BB-HH)",
        )
    })?;
    if date < crate::clock::today(now) {
        return Err(refused(
            "held_on",
            "past",
            "a deliberation is announced before it is held",
            "musyawarah diumumkan sebelum dilaksanakan",
        ));
    }
    let place = short(place, "place", 200)?;
    let mut tx = db.begin_write().await?;
    let id = store::schedule(
        &mut tx,
        &village,
        &date.to_string(),
        &place,
        &caller.actor,
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    find(db, Some(caller), id).await
}

/// The agenda of a village now: proposals waiting at the village step, then objections
/// not yet verified.
async fn agenda(tx: &mut Tx, village: &str) -> Result<Vec<Item>, DeliberationError> {
    let mut items = Vec::new();
    for (id, household_id, kind, programme, head) in
        crate::proposals::store::waiting_in_village(tx, village).await?
    {
        items.push(Item {
            kind: "proposal".into(),
            id,
            household_id,
            household_head: head,
            summary: format!("{kind} {programme}"),
            decision: None,
            reasoning: None,
        });
    }
    for (id, household_id, reason, programme, head) in
        crate::objections::store::undecided_in(tx, village).await?
    {
        items.push(Item {
            kind: "objection".into(),
            id,
            household_id,
            household_head: head,
            summary: format!("{reason} {programme}"),
            decision: None,
            reasoning: None,
        });
    }
    Ok(items)
}

/// One deliberation: while scheduled, with the agenda as it stands; once finalised, with
/// what was decided. Public: names of households are masked unless an official of the
/// region reads it.
pub async fn find(
    db: &Db,
    caller: Option<&Principal>,
    id: i64,
) -> Result<Deliberation, DeliberationError> {
    let mut tx = db.begin().await?;
    let mut found = store::find_in(&mut tx, id)
        .await?
        .ok_or(DeliberationError::NotFound)?;
    if found.status != FINALISED {
        found.items = agenda(&mut tx, &found.village).await?;
    }
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    let official = caller.is_some_and(|c| {
        Permission::ReadProposals.roles().contains(&c.role)
            && RegionCode::parse(&found.village).is_ok_and(|v| c.covers(&v))
    });
    if !official {
        for item in &mut found.items {
            item.household_head = item
                .household_head
                .as_deref()
                .map(crate::objections::model::masked_name);
        }
        for a in &mut found.attendees {
            if a.role == "family_representative" {
                a.name = crate::objections::model::masked_name(&a.name);
            }
        }
    }
    Ok(found)
}

/// What the recorder sends when the meeting was held.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct Minutes {
    pub chair: String,
    pub attendees: Vec<Attendee>,
    pub decisions: Vec<ItemDecision>,
}

/// The meeting's decision on one agenda item.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct ItemDecision {
    /// `proposal` or `objection`.
    pub kind: String,
    pub id: i64,
    /// `approve` or `return` for a proposal; `noted` for an objection.
    pub decision: String,
    /// Why; 10 to 1,000 characters (required to return).
    #[serde(default)]
    pub reasoning: String,
}

mod checks;

/// A deliberation of the caller's own village, for its village operator, with the village;
/// anyone else finds nothing.
pub(crate) async fn of_operator(
    tx: &mut crate::db::Tx,
    caller: &Principal,
    id: i64,
) -> Result<(Deliberation, RegionCode), DeliberationError> {
    let found = store::find_in(tx, id)
        .await?
        .ok_or(DeliberationError::NotFound)?;
    let village = RegionCode::parse(&found.village)
        .map_err(|_| DeliberationError::Inconsistent(format!("village of {id}")))?;
    if !caller.covers(&village) || caller.role != Role::VillageOperator {
        return Err(DeliberationError::NotFound);
    }
    Ok((found, village))
}

/// Finalises a held deliberation: checks the attendance and that every agenda item has a
/// decision, applies the proposals' decisions at the village step, and records it all with
/// one event. Nothing is written when anything is refused.
pub async fn finalise(
    db: &Db,
    caller: &Principal,
    id: i64,
    minutes: &Minutes,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Deliberation, DeliberationError> {
    caller.allows(Permission::DecideProposals, true)?;
    let mut tx = db.begin_write().await?;
    let (found, village) = of_operator(&mut tx, caller, id).await?;
    checks::open_and_held(&found, now)?;
    let chair = short(&minutes.chair, "chair", 100)?;
    let attendees = checks::attendees(caller, &minutes.attendees)?;
    let agenda = agenda(&mut tx, &found.village).await?;
    let items = checks::decisions(&agenda, &minutes.decisions)?;
    checks::required_roles(&attendees, &items)?;
    for item in items.iter().filter(|i| i.kind == "proposal") {
        let decision = if item.decision.as_deref() == Some("approve") {
            Decision::Approve
        } else {
            Decision::Return
        };
        let words = item.reasoning.clone().unwrap_or_default();
        decide_in(&mut tx, caller, item.id, decision, &words, None, now).await?;
    }
    let minutes_sha256 = digest(&found, &chair, &attendees, &items);
    let official_name = official_name(&mut tx, caller).await?;
    let record = Record {
        id,
        village: &village,
        held_on: &found.held_on,
        chair: &chair,
        attendees: &attendees,
        items: &items,
        minutes_sha256: &minutes_sha256,
        official_name: &official_name,
    };
    if !store::finalise(&mut tx, &record, &caller.actor, request_id, now).await? {
        return Err(checks::finalised());
    }
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    find(db, Some(caller), id).await
}

/// SHA-256 over the minutes' canonical JSON: village, date, place, chair, attendance and
/// decisions, in order.
fn digest(d: &Deliberation, chair: &str, attendees: &[Attendee], items: &[Item]) -> String {
    let minutes = serde_json::json!({
        "village": d.village, "held_on": d.held_on, "place": d.place, "chair": chair,
        "attendees": attendees.iter().map(|a| serde_json::json!([a.role, a.name, a.household_id]))
            .collect::<Vec<_>>(),
        "decisions": items.iter().map(|i| serde_json::json!([i.kind, i.id, i.decision, i.reasoning]))
            .collect::<Vec<_>>(),
    });
    hex::encode(Sha256::digest(minutes.to_string().as_bytes()))
}

/// Finalised deliberations in a region's subtree, for the public.
pub async fn public_list(
    db: &Db,
    region: &str,
) -> Result<Vec<PublicDeliberation>, DeliberationError> {
    let region = RegionCode::parse(region.trim()).map_err(|_| {
        refused(
            "region",
            "format",
            "a region code such as 31.75.07",
            "kode wilayah",
        )
    })?;
    Ok(store::finalised_in(db, Some(&region)).await?)
}

/// A village's deliberations, scheduled and finalised: (id, date, place, status).
pub async fn of_village(
    db: &Db,
    village: &str,
) -> Result<Vec<(i64, String, String, String)>, DeliberationError> {
    let village = RegionCode::parse(village.trim())
        .map_err(|_| refused("desa", "format", "a village code", "kode desa/kelurahan"))?;
    Ok(store::of_village(db, village.as_str()).await?)
}

/// Whether a role may be listed.
pub fn known_role(role: &str) -> bool {
    ROLES.contains(&role)
}
