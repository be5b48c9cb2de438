//! Budget rules: who may plan and allocate, the checks on every field, four eyes on every
//! allocation, and the ledger transfers that move the money — each change one transaction
//! with its event.

use time::OffsetDateTime;

use super::error::BudgetError;
use super::model::{BudgetAllocation, BudgetLine, SOURCES, TRANSFER_FUND, line_account_code};
use super::store::{self, NewLine};
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt};
use crate::events::{Action, Changes, NewEvent};
use crate::ledger::store::{self as ledger, Written};
use crate::ledger::{AccountKind, Limit, NewAccount, NewTransfer, Refusal};
use crate::region_code::RegionCode;

pub const LINE_CREATED: Action = Action("budget.line_created");
pub const ALLOCATION_SUBMITTED: Action = Action("budget.allocation_submitted");
pub const ALLOCATION_APPROVED: Action = Action("budget.allocation_approved");
pub const ALLOCATION_REJECTED: Action = Action("budget.allocation_rejected");

/// The largest amount of one line or allocation: Rp1 kuadriliun, far above any social
/// assistance budget, so that a typing slip of extra zeros is caught.
pub const AMOUNT_MAX_RUPIAH: i64 = 1_000_000_000_000_000;
const PURPOSE_CHARS: std::ops::RangeInclusive<usize> = 5..=500;
pub(super) const NOTE_CHARS: std::ops::RangeInclusive<usize> = 5..=1_000;
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A new budget line as typed.
#[derive(Debug, Clone)]
pub struct LineInput {
    pub programme: String,
    pub year: i32,
    pub source: String,
    pub amount: i64,
    pub purpose: String,
}

pub(super) fn amount_rule(amount: i64) -> Result<(), BudgetError> {
    if amount <= 0 || amount > AMOUNT_MAX_RUPIAH {
        return Err(BudgetError::invalid(
            "amount",
            "range",
            "must be a positive number of rupiah, at most 1,000,000,000,000,000",
            "harus jumlah rupiah lebih dari nol, paling banyak 1.000.000.000.000.000",
        ));
    }
    Ok(())
}

pub(super) fn text_rule(
    field: &'static str,
    text: &str,
    chars: std::ops::RangeInclusive<usize>,
) -> Result<String, BudgetError> {
    let text = text.trim();
    if !chars.contains(&text.chars().count()) {
        return Err(BudgetError::Invalid(crate::web::form::FieldRule::new(
            field,
            "length",
            &format!("must be {} to {} characters", chars.start(), chars.end()),
            &format!("harus {} sampai {} karakter", chars.start(), chars.end()),
        )));
    }
    Ok(text.to_owned())
}

/// The region a new line belongs to: the national budget (APBN) is the ministry's; a
/// regional one (APBD, Dana Desa) belongs to the region of the official who plans it.
fn line_region(caller: &Principal, source: &str) -> Result<String, BudgetError> {
    match (source, &caller.region) {
        ("APBN", None) => Ok(String::new()),
        ("APBN", Some(_)) => Err(BudgetError::invalid(
            "source",
            "national",
            "the national budget (APBN) is planned by a ministry officer",
            "anggaran nasional (APBN) direncanakan oleh petugas kementerian",
        )),
        (_, Some(region)) => Ok(region.as_str().to_owned()),
        (_, None) => Err(BudgetError::invalid(
            "source",
            "regional",
            "a regional budget (APBD, Dana Desa) is planned by an officer of that region",
            "anggaran daerah (APBD, Dana Desa) direncanakan oleh petugas daerah itu",
        )),
    }
}

/// The line's programme, purpose and owning region, once every field is checked.
async fn checked_line(
    db: &Db,
    caller: &Principal,
    input: &LineInput,
) -> Result<(String, String, String), BudgetError> {
    caller.allows(Permission::ManageBudgets, true)?;
    if !SOURCES.contains(&input.source.as_str()) {
        return Err(BudgetError::invalid(
            "source",
            "one_of",
            "must be APBN, APBD or DANA_DESA",
            "harus APBN, APBD atau DANA_DESA",
        ));
    }
    if !YEARS.contains(&input.year) {
        return Err(BudgetError::invalid(
            "year",
            "range",
            "must be a year from 2000 to 2100",
            "harus tahun 2000 sampai 2100",
        ));
    }
    amount_rule(input.amount)?;
    let purpose = text_rule("purpose", &input.purpose, PURPOSE_CHARS)?;
    let region = line_region(caller, &input.source)?;
    let programme = input.programme.trim().to_uppercase();
    if !programme_exists(db, &programme).await? {
        return Err(BudgetError::invalid(
            "programme",
            "known",
            "must be the code of a programme",
            "harus kode program yang ada",
        ));
    }
    Ok((programme, purpose, region))
}

/// Plans a budget line: its ledger account is funded from the source's treasury by one
/// transfer, in the transaction that records the line and its event.
pub async fn create_line(
    db: &Db,
    caller: &Principal,
    input: &LineInput,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<BudgetLine, BudgetError> {
    let (programme, purpose, region) = checked_line(db, caller, input).await?;
    let code = line_account_code(&programme, input.year, &input.source, &region);
    let mut tx = db.begin_write().await?;
    let accounts = line_accounts(&programme, input, &region, &code);
    let ids = ledger::open_accounts(&mut tx, &accounts, now).await?;
    let line = NewLine {
        programme: &programme,
        year: input.year,
        source: &input.source,
        region: &region,
        amount: input.amount,
        purpose: &purpose,
        account_id: ids[1],
    };
    let inserted = store::insert_line(&mut tx, &line, &caller.actor, &caller.name, now).await;
    let id = match inserted {
        Err(err) if err.is_conflict_on("budget_lines_key", "budget_lines.programme_code, budget_lines.year, budget_lines.source, budget_lines.region_code") => {
            return Err(BudgetError::conflict(
                "year",
                "unique",
                "this programme already has a line for this year and source",
                "program ini sudah punya pagu untuk tahun dan sumber dana ini",
            ));
        }
        other => other?,
    };
    let fund = NewTransfer::single(
        format!("fund:{code}"),
        ids[0],
        ids[1],
        input.amount,
        TRANSFER_FUND,
    )
    .with_reference(format!("budget_line:{id}"));
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: LINE_CREATED,
        subject_type: "budget_line",
        subject_id: id.to_string(),
        region: RegionCode::parse(&region).ok(),
        changes: Changes::new()
            .set("programme", programme.clone())
            .set("year", input.year)
            .set("source", input.source.clone())
            .set("amount_rupiah", input.amount)
            .set("purpose", purpose.clone()),
        request_id,
    };
    let written = ledger::write(&mut tx, std::slice::from_ref(&fund), event, now).await?;
    let event = all_written(&written, &[fund])?;
    store::set_event(&mut tx, "budget_lines", id, event).await?;
    tx.commit().await.store()?;
    store::line(db, id).await?.ok_or(BudgetError::NotFound)
}

/// The treasury a line is funded from, and the line's own account.
fn line_accounts(programme: &str, input: &LineInput, region: &str, code: &str) -> [NewAccount; 2] {
    let owner = if region.is_empty() {
        "national"
    } else {
        region
    };
    [
        NewAccount {
            code: format!("treasury:{}:{owner}", input.source),
            kind: AccountKind::Treasury,
            name: format!("Kas {} {owner}", input.source),
            region: (!region.is_empty()).then(|| region.to_owned()),
            programme: None,
            limit: Limit::None,
        },
        NewAccount {
            code: code.to_owned(),
            kind: AccountKind::BudgetLine,
            name: format!("Pagu {programme} {} {}", input.year, input.source),
            region: (!region.is_empty()).then(|| region.to_owned()),
            programme: Some(programme.to_owned()),
            limit: Limit::DebitsWithinCredits,
        },
    ]
}

/// The event of a batch every transfer of which was written; a refusal otherwise.
pub(super) fn all_written(
    written: &Written,
    batch: &[NewTransfer],
) -> Result<crate::events::EventId, BudgetError> {
    if let Some((_, _, refusal)) = written.first_refusal(batch) {
        return Err(refused(refusal));
    }
    written.event.ok_or_else(|| {
        BudgetError::conflict(
            "id",
            "exists",
            "the money was already moved",
            "dana ini sudah dipindahkan",
        )
    })
}

/// A ledger refusal in the budget's words.
pub(super) fn refused(refusal: &Refusal) -> BudgetError {
    match refusal {
        Refusal::ExceedsCredits { shortfall, .. } => {
            BudgetError::Conflict(crate::web::form::FieldRule::new(
                "amount",
                "exceeds_budget",
                &format!(
                    "is more than the budget line has left: short by Rp{}",
                    crate::sheets::limits::grouped(shortfall.unsigned_abs(), ',')
                ),
                &format!(
                    "melebihi sisa pagu: kurang {}",
                    super::model::rupiah(*shortfall)
                ),
            ))
        }
        other => {
            BudgetError::conflict("amount", "ledger", &other.to_string(), "ditolak buku besar")
        }
    }
}

async fn programme_exists(db: &Db, code: &str) -> Result<bool, BudgetError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM programmes WHERE code = $1")
        .bind(code.to_owned())
        .fetch_optional(&db.pool)
        .await
        .store()?;
    Ok(found.is_some())
}

/// Lines the caller may see: the national budget and those of regions in scope.
pub async fn lines(db: &Db, caller: &Principal) -> Result<Vec<BudgetLine>, BudgetError> {
    caller.allows(Permission::ReadBudgets, false)?;
    Ok(store::lines(db, caller.region.as_ref()).await?)
}

/// One line, with its allocations inside the caller's scope.
pub async fn line(
    db: &Db,
    caller: &Principal,
    id: i64,
) -> Result<(BudgetLine, Vec<BudgetAllocation>), BudgetError> {
    caller.allows(Permission::ReadBudgets, false)?;
    let line = store::line(db, id).await?.ok_or(BudgetError::NotFound)?;
    if !visible(caller, &line.region_code) {
        return Err(BudgetError::NotFound);
    }
    let allocations = store::allocations_of(db, id)
        .await?
        .into_iter()
        .filter(|a| caller.covers_code(&a.region_code))
        .collect();
    Ok((line, allocations))
}

fn visible(caller: &Principal, region: &str) -> bool {
    region.is_empty() || caller.covers_code(region)
}

mod allocate;
pub use allocate::{AllocationInput, allocate, decide};
