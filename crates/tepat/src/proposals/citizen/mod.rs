//! Citizen proposals (*usul*): a resident proposes from the public site, without an
//! account, that a neighbouring household be added to a programme or removed from it.
//! The resident proves who they are with NIK and birth date (the registry's NIK rules,
//! then a living resident of the proposed household's village); the proposal starts at
//! the village step with proposer kind `citizen`, limited per client address and per
//! resident, and is followed with a tracking code (`USL-…`).

pub mod api;
pub mod pages;

use time::{Date, Duration, OffsetDateTime};

use super::error::ProposalError;
use super::evidence::{self, EvidenceFile};
use super::model::{Basis, Kind, chain_of};
use super::service::{note_of, reason_for};
use super::store::{self, CitizenProposer, CitizenStatus, NewConflict, NewProposal, Resident};
use crate::db::{Db, StoreError, Tx};
use crate::enrolment::store::enrolments;
use crate::region_code::RegionCode;
use crate::registry::nik::{Nik, NikError, NikMismatch};
use crate::web::i18n::{Lang, Localized};

/// Citizen proposals one client address may send in a day.
pub const PER_CLIENT_PER_DAY: i64 = 3;
/// Citizen proposals one resident may send in thirty days.
pub const PER_PROPOSER_PER_MONTH: i64 = 5;

/// What a resident sends.
#[derive(Debug, Clone, Default)]
pub struct CitizenInput {
    /// `enrol` or `remove`.
    pub kind: String,
    /// The proposed household's KK number, or the NIK of one of its members.
    pub household: String,
    pub programme: String,
    /// A removal reason; ignored for an addition.
    pub reason: String,
    pub note: String,
    /// The proposer's own NIK and birth date (`YYYY-MM-DD`).
    pub nik: String,
    pub birth_date: String,
    pub evidence: Vec<EvidenceFile>,
}

fn refused(field: &'static str, rule: &'static str, en: &str, id: &str) -> ProposalError {
    ProposalError::invalid(field, rule, en, id)
}

/// The proposer's NIK and birth date by the registry's rules: 16 digits, a real district
/// and birth date in the NIK, the serial not 0000, and the NIK's birth date the one given.
pub fn identity(nik: &str, birth_date: &str, today: Date) -> Result<(Nik, Date), ProposalError> {
    let nik = Nik::parse(nik).map_err(|e| {
        let rule = match e {
            NikError::Length(_) | NikError::NotDigits => "format",
            NikError::Region(_) => "region",
            NikError::BirthDate(_) => "birth-date",
            NikError::ZeroSerial => "serial",
        };
        refused(
            "nik",
            rule,
            &format!("NIK {}", e.localized(Lang::En)),
            &format!("NIK {}", e.localized(Lang::Id)),
        )
    })?;
    let format = time::format_description::well_known::Iso8601::DATE;
    let born = Date::parse(birth_date.trim(), &format)
        .ok()
        .filter(|d| *d <= today)
        .ok_or_else(|| {
            refused(
                "birth_date",
                "format",
                "give the birth date as YYYY-MM-DD, not in the future",
                "isi tanggal lahir (TTTT-BB-HH), tidak di masa depan",
            )
        })?;
    let sex = nik.sex();
    if let Some(mismatch) = nik
        .check(born, sex)
        .into_iter()
        .find(|m| matches!(m, NikMismatch::BirthDate { .. }))
    {
        return Err(refused(
            "birth_date",
            "nik-birth-date",
            &mismatch.localized(Lang::En),
            &mismatch.localized(Lang::Id),
        ));
    }
    Ok((nik, born))
}

/// A fresh tracking code: `USL-` and eight letters and digits that cannot be misread (the
/// alphabet of objections' `SGH-` codes).
fn tracking_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let code: String = crate::http::token::random_token()
        .bytes()
        .take(8)
        .map(|b| char::from(ALPHABET[usize::from(b) % ALPHABET.len()]))
        .collect();
    format!("USL-{code}")
}

/// What was checked before the transaction: kind, reason, note, the proposer's NIK and
/// birth date, and the evidence.
struct Checked {
    kind: Kind,
    reason: &'static str,
    note: String,
    nik: Nik,
    born: Date,
    files: Vec<evidence::Checked>,
}

fn check_input(input: &CitizenInput, today: Date) -> Result<Checked, ProposalError> {
    let kind = Kind::parse(input.kind.trim()).ok_or_else(|| {
        refused(
            "kind",
            "choice",
            "kind must be enrol or remove",
            "pilih jenis usul: masuk atau keluar program",
        )
    })?;
    let number = input.household.trim();
    if number.len() != 16 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(refused(
            "household",
            "format",
            "give the household's KK number or a member's NIK (16 digits)",
            "isi nomor KK keluarga atau NIK salah satu anggotanya (16 angka)",
        ));
    }
    let reason = reason_for(kind, input.reason.trim())?;
    let note = note_of(&input.note, "note")?;
    let (nik, born) = identity(&input.nik, &input.birth_date, today)?;
    let files = evidence::check(&input.evidence)?;
    Ok(Checked {
        kind,
        reason,
        note,
        nik,
        born,
        files,
    })
}

/// Takes a resident's proposal; returns its tracking code. Nothing is written when it is
/// refused.
pub async fn submit(
    db: &Db,
    input: &CitizenInput,
    client: Option<&str>,
    now: OffsetDateTime,
) -> Result<String, ProposalError> {
    let checked = check_input(input, now.date())?;
    let mut tx = db.begin_write().await?;
    let (household, village, chain) = target(&mut tx, input, checked.kind).await?;
    let proposer = proposer(&mut tx, &checked, household, &village).await?;
    let (by_client, by_person) =
        store::sent_since(&mut tx, client, proposer.person_id, now - Duration::days(1)).await?;
    let (_, by_month) =
        store::sent_since(&mut tx, None, proposer.person_id, now - Duration::days(30)).await?;
    if by_client >= PER_CLIENT_PER_DAY || by_person.max(by_month) >= PER_PROPOSER_PER_MONTH {
        return Err(ProposalError::TooMany);
    }
    let code = tracking_code();
    let new = NewProposal {
        kind: checked.kind.as_str(),
        household_id: household,
        region: &village,
        programme: input.programme.trim(),
        reason: checked.reason,
        note: &checked.note,
        first_step: chain[0].as_str(),
        proposer_name: &proposer.name,
    };
    let digests = evidence::digests(&checked.files);
    let by = CitizenProposer {
        code: &code,
        person_id: proposer.person_id,
        client,
        evidence: &digests,
    };
    let id = match store::insert_citizen(&mut tx, &new, &by, now).await {
        Err(err) if err.is_conflict_on(store::ONE_OPEN.0, store::ONE_OPEN.1) => {
            return Err(refused(
                "household",
                "pending",
                "the household already has an open proposal of this kind for this programme",
                "keluarga ini sudah punya usulan serupa yang masih diproses untuk program ini",
            ));
        }
        other => other?,
    };
    store::attach(&mut tx, id, &checked.files, now).await?;
    flag_officials(&mut tx, id, household, &village, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    Ok(code)
}

/// The proposed household, its village and the programme's chain, once the household is
/// active and its enrolment fits the kind.
async fn target(
    tx: &mut Tx,
    input: &CitizenInput,
    kind: Kind,
) -> Result<(i64, RegionCode, Vec<super::model::Level>), ProposalError> {
    let unknown = || {
        refused(
            "household",
            "unknown",
            "no active household has this KK number or member NIK",
            "tidak ada keluarga aktif dengan nomor KK atau NIK anggota ini",
        )
    };
    let household = store::household_by_number(tx, input.household.trim())
        .await?
        .ok_or_else(unknown)?;
    let (region, status) = store::household_state(tx, household)
        .await?
        .ok_or_else(unknown)?;
    if status != "active" {
        return Err(unknown());
    }
    let village = RegionCode::parse(&region)
        .map_err(|e| ProposalError::Inconsistent(format!("stored region: {e}")))?;
    let programme = input.programme.trim();
    let chain = store::chain(tx, programme).await?.ok_or_else(|| {
        refused(
            "programme",
            "unknown",
            "no such programme",
            "pilih program bansos",
        )
    })?;
    let enrolled = enrolments::is_active_in(tx, programme, household).await?;
    match (kind, enrolled) {
        (Kind::Enrol, true) => Err(refused(
            "household",
            "already-enrolled",
            "the household is already enrolled in this programme",
            "keluarga ini sudah menjadi peserta program ini",
        )),
        (Kind::Remove, false) => Err(refused(
            "household",
            "not-enrolled",
            "the household is not enrolled in this programme",
            "keluarga ini bukan peserta program ini",
        )),
        _ => Ok((household, village, chain_of(&chain))),
    }
}

/// The proposer: a living resident of the proposed household's village (the same message
/// whether the NIK is found elsewhere or not at all), not of the household itself.
async fn proposer(
    tx: &mut Tx,
    checked: &Checked,
    household: i64,
    village: &RegionCode,
) -> Result<Resident, ProposalError> {
    let not_resident = || {
        refused(
            "nik",
            "not-resident",
            "the NIK and birth date do not match a resident of the proposed household's village",
            "NIK dan tanggal lahir tidak cocok dengan warga desa/kelurahan keluarga yang diusulkan",
        )
    };
    let born = checked.born.to_string();
    let found = store::resident(tx, checked.nik.as_str(), &born)
        .await?
        .filter(|r| r.village == village.as_str())
        .ok_or_else(not_resident)?;
    if found.household_id == household {
        return Err(refused(
            "household",
            "own-household",
            "propose another household; a family applies for itself at /daftar",
            "usulkan keluarga lain; untuk keluarga sendiri, daftar di /daftar",
        ));
    }
    Ok(found)
}

/// Flags the proposal with every official living in the household; the officials who
/// decide it later are checked at their step.
async fn flag_officials(
    tx: &mut Tx,
    proposal: i64,
    household: i64,
    village: &RegionCode,
    now: OffsetDateTime,
) -> Result<(), ProposalError> {
    let evidence = serde_json::json!({"household_id": household});
    let system = crate::events::Actor::system();
    for (account, role) in store::officials_in(tx, household).await? {
        let conflict = NewConflict {
            account_id: account,
            account_role: &role,
            basis: Basis::OfficialHousehold.as_str(),
            evidence: &evidence,
        };
        store::flag(tx, proposal, village, &conflict, &system, now).await?;
    }
    Ok(())
}

/// The public status of a citizen proposal by its tracking code, names masked.
pub async fn status(db: &Db, code: &str) -> Result<CitizenStatus, ProposalError> {
    let code = code.trim().to_uppercase();
    if code.len() > 20 {
        return Err(ProposalError::NotFound);
    }
    let mut found = store::status_of(db, &code)
        .await?
        .ok_or(ProposalError::NotFound)?;
    found.household = crate::objections::model::masked_name(&found.household);
    found.proposer = crate::objections::model::masked_name(&found.proposer);
    Ok(found)
}
