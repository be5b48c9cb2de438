//! Proposal operations shared by pages and the API: proposing (with the conflict check),
//! listing and opening within the caller's region scope, and deciding a step
//! (`decide.rs`). Every change is one transaction with its events.

mod decide;
mod text;

pub use decide::{Decision, decide, decide_in};
pub use text::{NOTE_CHARS_MIN, note_of};

use time::OffsetDateTime;

use super::conflict::{self, Link};
use super::error::ProposalError;
use super::evidence::EvidenceFile;
use super::model::{Basis, Kind, Proposal, REMOVAL_REASONS, chain_of};
use super::store::{self, Filter, NewConflict, NewProposal};
use crate::auth::{Field, Permission, Principal};
use crate::db::{Db, StoreError, Tx};
use crate::enrolment::store::enrolments;
use crate::events::ActorKind;
use crate::region_code::RegionCode;

/// What a proposer sends.
#[derive(Debug, Clone)]
pub struct ProposalInput {
    pub kind: String,
    pub household_id: i64,
    pub programme: String,
    /// A removal reason; ignored (`eligible`) for an addition.
    pub reason: String,
    pub note: String,
}

/// Reads list filters.
pub fn filter(
    status: Option<&str>,
    kind: Option<&str>,
    programme: Option<&str>,
    flagged: Option<bool>,
    step: Option<&str>,
) -> Result<Filter, ProposalError> {
    let clean = |v: Option<&str>| v.map(str::trim).unwrap_or_default().to_owned();
    let (status, kind, programme, step) =
        (clean(status), clean(kind), clean(programme), clean(step));
    let bad = |field: &'static str, en: &str, id: &str| {
        ProposalError::BadFilter(crate::web::form::FieldRule::new(field, "choice", en, id))
    };
    if !matches!(status.as_str(), "" | "pending" | "approved" | "returned") {
        return Err(bad(
            "status",
            "status must be pending, approved or returned",
            "status harus pending, approved atau returned",
        ));
    }
    if !kind.is_empty() && Kind::parse(&kind).is_none() && kind != store::CHANGE_DATA {
        return Err(bad(
            "kind",
            "kind must be enrol, remove or change_data",
            "jenis harus enrol, remove atau change_data",
        ));
    }
    if programme.len() > 40
        || !programme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(bad(
            "programme",
            "programme must be a programme code",
            "program harus kode program",
        ));
    }
    if !step.is_empty() && super::model::Level::parse(&step).is_none() {
        return Err(bad(
            "step",
            "step must be village, district, province or ministry",
            "tahap harus village, district, province atau ministry",
        ));
    }
    Ok(Filter {
        status,
        kind,
        programme,
        flagged: flagged.unwrap_or(false),
        step,
    })
}

/// Proposals inside the caller's scope, newest first, before the id `before`.
pub async fn list(
    db: &Db,
    caller: &Principal,
    filter: &Filter,
    before: i64,
    limit: u32,
    now: OffsetDateTime,
) -> Result<Vec<Proposal>, ProposalError> {
    caller.allows(Permission::ReadProposals, false)?;
    let within = caller.region.as_ref();
    let mut found = if filter.kind == store::CHANGE_DATA {
        // Change requests are read with the registry's permission, as on their own pages.
        caller.allows(Permission::ReadRegistry, false)?;
        store::change_data(db, within, &filter.status, before, limit, now).await?
    } else {
        store::list(db, within, filter, before, limit, now).await?
    };
    found.iter_mut().for_each(|p| shown(caller, p));
    Ok(found)
}

/// One proposal, if inside the caller's scope.
pub async fn find(
    db: &Db,
    caller: &Principal,
    id: i64,
    now: OffsetDateTime,
) -> Result<Proposal, ProposalError> {
    caller.allows(Permission::ReadProposals, false)?;
    let mut found = store::find(db, id, now)
        .await?
        .ok_or(ProposalError::NotFound)?;
    if !caller.covers(&region_of(&found.region_code)?) {
        return Err(ProposalError::NotFound);
    }
    shown(caller, &mut found);
    Ok(found)
}

fn region_of(code: &str) -> Result<RegionCode, ProposalError> {
    RegionCode::parse(code).map_err(|e| ProposalError::Inconsistent(format!("stored region: {e}")))
}

/// A proposal as the caller may see it: the head's name and names in the flags' evidence.
fn shown(caller: &Principal, proposal: &mut Proposal) {
    let redactor = caller.redactor();
    redactor.optional(Field::Name, &mut proposal.household_head);
    for c in &mut proposal.conflicts {
        redactor.json(&mut c.evidence);
    }
}

/// The caller's account id, when the caller is an account (a token acts as its account).
pub(super) fn account_of(caller: &Principal) -> Option<i64> {
    (caller.actor.kind == ActorKind::Account)
        .then_some(caller.actor.id)
        .flatten()
}

/// The name an official is recorded under: their account's display name.
pub async fn official_name(tx: &mut Tx, caller: &Principal) -> Result<String, ProposalError> {
    let name = match account_of(caller) {
        Some(id) => store::account_name(tx, id).await?,
        None => None,
    };
    Ok(name.unwrap_or_else(|| caller.name.clone()))
}

/// Proposes a household for a programme (or its removal), by a village operator or
/// facilitator of its village, with a note. The proposer's links to the household are
/// found and flagged in the same transaction, as are the households of other officials.
pub async fn propose(
    db: &Db,
    caller: &Principal,
    input: &ProposalInput,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Proposal, ProposalError> {
    propose_with_evidence(db, caller, input, &[], request_id, now).await
}

/// [`propose`], with evidence files (at most 3, JPEG, PNG or PDF by content) kept with the
/// proposal and their digests named in its event.
pub async fn propose_with_evidence(
    db: &Db,
    caller: &Principal,
    input: &ProposalInput,
    files: &[EvidenceFile],
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Proposal, ProposalError> {
    caller.allows(Permission::MakeProposals, true)?;
    let files = super::evidence::check(files)?;
    let kind = Kind::parse(input.kind.trim()).ok_or_else(|| {
        ProposalError::invalid(
            "kind",
            "choice",
            "kind must be enrol or remove",
            "pilih jenis usulan: masuk atau keluar program",
        )
    })?;
    let reason = reason_for(kind, input.reason.trim())?;
    let note = note_of(&input.note, "note")?;
    let mut tx = db.begin_write().await?;
    let (village, chain) = checked_target(&mut tx, caller, input, kind).await?;
    let proposer_name = official_name(&mut tx, caller).await?;
    let new = NewProposal {
        kind: kind.as_str(),
        household_id: input.household_id,
        region: &village,
        programme: &input.programme,
        reason,
        note: &note,
        first_step: chain[0].as_str(),
        proposer_name: &proposer_name,
    };
    let digests = super::evidence::digests(&files);
    let inserted =
        store::insert_with_evidence(&mut tx, &new, &caller.actor, request_id, &digests, now);
    let id = match inserted.await {
        Err(err) if err.is_conflict_on(store::ONE_OPEN.0, store::ONE_OPEN.1) => {
            return Err(ProposalError::invalid(
                "household_id",
                "pending",
                "the household already has an open proposal of this kind for this programme",
                "keluarga ini sudah punya usulan serupa yang masih diproses untuk program ini",
            ));
        }
        other => other?,
    };
    store::attach(&mut tx, id, &files, now).await?;
    flag_links(&mut tx, caller, id, input.household_id, &village, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    find(db, caller, id, now).await
}

pub(crate) fn reason_for(kind: Kind, reason: &str) -> Result<&'static str, ProposalError> {
    match kind {
        Kind::Enrol => Ok("eligible"),
        Kind::Remove => REMOVAL_REASONS
            .into_iter()
            .find(|r| *r == reason)
            .ok_or_else(|| {
                ProposalError::invalid(
                    "reason",
                    "choice",
                    "reason must be deceased, moved, not_poor, duplicate, civil_servant or other",
                    "pilih alasan keluar: meninggal, pindah, tidak miskin lagi, ganda, \
                     ASN/TNI/Polri atau lainnya",
                )
            }),
    }
}

/// The household's village and the programme's chain, once the household is in the
/// caller's scope and active, the programme exists, and the household's enrolment fits
/// the kind (not yet enrolled for an addition, enrolled for a removal).
async fn checked_target(
    tx: &mut Tx,
    caller: &Principal,
    input: &ProposalInput,
    kind: Kind,
) -> Result<(RegionCode, Vec<super::model::Level>), ProposalError> {
    let (region, status) = store::household_state(tx, input.household_id)
        .await?
        .ok_or(ProposalError::NotFound)?;
    let village = region_of(&region)?;
    if !caller.covers(&village) {
        return Err(ProposalError::NotFound);
    }
    let chain = store::chain(tx, &input.programme).await?.ok_or_else(|| {
        ProposalError::invalid(
            "programme",
            "unknown",
            "no such programme",
            "program tidak dikenal",
        )
    })?;
    if status != "active" {
        return Err(ProposalError::invalid(
            "household_id",
            "inactive",
            "the household is no longer active in the registry",
            "keluarga ini sudah tidak aktif dalam registri",
        ));
    }
    let enrolled = enrolments::is_active_in(tx, &input.programme, input.household_id).await?;
    match (kind, enrolled) {
        (Kind::Enrol, true) => Err(ProposalError::invalid(
            "household_id",
            "already-enrolled",
            "the household is already enrolled in this programme",
            "keluarga ini sudah menjadi peserta program ini",
        )),
        (Kind::Remove, false) => Err(ProposalError::invalid(
            "household_id",
            "not-enrolled",
            "the household is not enrolled in this programme",
            "keluarga ini bukan peserta program ini",
        )),
        _ => Ok((village, chain_of(&chain))),
    }
}

/// Flags the proposal with every link between the proposer and the household, and with
/// every other official living in it.
async fn flag_links(
    tx: &mut Tx,
    caller: &Principal,
    proposal: i64,
    household_id: i64,
    village: &RegionCode,
    now: OffsetDateTime,
) -> Result<(), ProposalError> {
    let proposer = account_of(caller);
    let mut found: Vec<(i64, String, Link)> = Vec::new();
    if let Some(account) = proposer {
        for link in links_of(tx, account, household_id).await? {
            found.push((account, caller.role.as_str().to_owned(), link));
        }
    }
    for (account, role) in store::officials_in(tx, household_id).await? {
        if Some(account) != proposer {
            let evidence = serde_json::json!({"household_id": household_id});
            let link = Link {
                basis: Basis::OfficialHousehold,
                evidence,
            };
            found.push((account, role, link));
        }
    }
    let system = crate::events::Actor::system();
    for (account, role, link) in &found {
        let conflict = NewConflict {
            account_id: *account,
            account_role: role,
            basis: link.basis.as_str(),
            evidence: &link.evidence,
        };
        store::flag(tx, proposal, village, &conflict, &system, now).await?;
    }
    Ok(())
}

/// The links between an account's own household and a household.
pub(super) async fn links_of(
    tx: &mut Tx,
    account: i64,
    household_id: i64,
) -> Result<Vec<Link>, ProposalError> {
    let Some(own) = store::account_household(tx, account).await? else {
        return Ok(Vec::new());
    };
    let (Some(mine), Some(theirs)) = (
        store::home(tx, own).await?,
        store::home(tx, household_id).await?,
    ) else {
        return Ok(Vec::new());
    };
    Ok(conflict::links(&mine, &theirs))
}

/// A removal asked for by a founded objection.
#[derive(Debug, Clone, Copy)]
pub struct Removal<'a> {
    pub household_id: i64,
    pub village: &'a RegionCode,
    pub programme: &'a str,
    /// A removal reason (`not_poor`, `deceased`, …).
    pub reason: &'a str,
    pub note: &'a str,
}

/// A removal proposed on behalf of a founded objection, inside the verifying officer's
/// transaction: the officer is recorded as proposer and their links are flagged as for any
/// proposal. An open removal of the household from the programme is reused.
pub async fn propose_removal_in(
    tx: &mut Tx,
    caller: &Principal,
    removal: &Removal<'_>,
    now: OffsetDateTime,
) -> Result<i64, ProposalError> {
    let Removal {
        household_id,
        village,
        programme,
        reason,
        note,
    } = *removal;
    let kind = Kind::Remove.as_str();
    if let Some(open) = store::open_proposal(tx, household_id, programme, kind).await? {
        return Ok(open);
    }
    let reason = reason_for(Kind::Remove, reason)?;
    let chain = store::chain(tx, programme)
        .await?
        .ok_or_else(|| ProposalError::Inconsistent(format!("programme {programme}")))?;
    let proposer_name = official_name(tx, caller).await?;
    let new = NewProposal {
        kind,
        household_id,
        region: village,
        programme,
        reason,
        note,
        first_step: chain_of(&chain)[0].as_str(),
        proposer_name: &proposer_name,
    };
    let id = store::insert(tx, &new, &caller.actor, None, now).await?;
    flag_links(tx, caller, id, household_id, village, now).await?;
    Ok(id)
}

/// Links an account to its own person record (with its event), so that proposals for its
/// family are found; the command line's way, for the demo and tests.
pub async fn link_person(
    db: &Db,
    account_id: i64,
    person_id: Option<i64>,
    now: OffsetDateTime,
) -> Result<(), crate::accounts::error::AccountsError> {
    let acting = crate::accounts::service::Acting::CommandLine;
    let id = crate::auth::AccountId(account_id);
    crate::accounts::service::link_person_id(db, acting, id, person_id, now).await
}
