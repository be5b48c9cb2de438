//! Deciding many proposals at once: an official of the waiting step approves or returns a
//! list of proposals with one note. Each item is decided on its own, in its own transaction
//! and with its own event, exactly as one by one (`service::decide_in`); an item that is
//! refused (not at the caller's step, their own proposal, a conflict of interest, already
//! decided, the quota full, outside their region) is answered with the same field and rule
//! as one by one, and the others are still decided. What applies to the whole request —
//! the caller's role, the list of ids, the note or reason — is checked first, and a refusal
//! there decides nothing.

use time::OffsetDateTime;

use super::error::ProposalError;
use super::service::{Decision, decide_in, note_of};
use super::store;
use crate::auth::{Permission, Principal};
use crate::db::{Db, StoreError};
use crate::web::i18n::Lang;

/// The most proposals one request decides: a village's or a district's monthly batch,
/// while keeping one request's work (a transaction per item) well under a minute.
pub const BULK_IDS_MAX: usize = 500;

/// What happened to one item of a bulk decision.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = BulkProposalDecisionItem)]
pub struct BulkItem {
    pub id: i64,
    /// `approved` or `returned` when decided, `refused` when not.
    pub outcome: String,
    /// The proposal's status after the decision (`pending`, `approved`, `returned`).
    pub status: Option<String>,
    /// The step it waits at now (or, once closed, the last that decided).
    pub step: Option<String>,
    /// Why it was not decided, when refused.
    pub refusal: Option<BulkRefusal>,
}

/// Why one item of a bulk decision was refused: the same field and rule a decision of that
/// proposal alone answers.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = BulkProposalDecisionRefusal)]
pub struct BulkRefusal {
    /// The HTTP status a decision of this proposal alone would answer (404 or 422).
    pub status: u16,
    pub field: String,
    pub rule: String,
    /// In English.
    pub detail: String,
    /// In Bahasa Indonesia.
    pub detail_id: String,
}

impl BulkItem {
    pub fn is_decided(&self) -> bool {
        self.refusal.is_none()
    }

    /// The refusal's words in `lang`, empty when decided.
    pub fn reason(&self, lang: Lang) -> String {
        self.refusal
            .as_ref()
            .map_or_else(String::new, |r| lang.pick(&r.detail_id, &r.detail))
    }
}

/// The whole request's answer.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = BulkProposalDecision)]
pub struct BulkOutcome {
    /// Items decided.
    pub decided: usize,
    /// Items refused.
    pub refused: usize,
    /// One per id, in the order sent.
    pub items: Vec<BulkItem>,
}

/// Checks the list of ids: one to `BULK_IDS_MAX`, each once.
pub fn check_ids(ids: &[i64]) -> Result<(), ProposalError> {
    if ids.is_empty() {
        return Err(ProposalError::invalid(
            "ids",
            "min-items",
            "choose at least one proposal",
            "pilih paling sedikit satu usulan",
        ));
    }
    if ids.len() > BULK_IDS_MAX {
        return Err(ProposalError::invalid(
            "ids",
            "max-items",
            &format!("at most {BULK_IDS_MAX} proposals at once"),
            &format!("paling banyak {BULK_IDS_MAX} usulan sekaligus"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(twice) = ids.iter().find(|id| !seen.insert(**id)) {
        return Err(ProposalError::invalid(
            "ids",
            "duplicate",
            &format!("proposal {twice} is listed more than once"),
            &format!("usulan {twice} tercantum lebih dari sekali"),
        ));
    }
    Ok(())
}

/// Decides each of `ids` on its own (see the module's comment). Refusals of the whole
/// request come back as the error; refusals of one item in its answer.
pub async fn decide_many(
    db: &Db,
    caller: &Principal,
    ids: &[i64],
    decision: Decision,
    note: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<BulkOutcome, ProposalError> {
    caller.allows(Permission::DecideProposals, true)?;
    check_ids(ids)?;
    // The same rule as one by one, checked once before anything is decided.
    match decision {
        Decision::Return => {
            note_of(note, "reason")?;
        }
        Decision::Approve if note.trim().is_empty() => {}
        Decision::Approve => {
            note_of(note, "note")?;
        }
    }
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        items.push(decide_one(db, caller, *id, decision, note, request_id.clone(), now).await?);
    }
    let decided = items.iter().filter(|i| i.is_decided()).count();
    Ok(BulkOutcome {
        decided,
        refused: items.len() - decided,
        items,
    })
}

async fn decide_one(
    db: &Db,
    caller: &Principal,
    id: i64,
    decision: Decision,
    note: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<BulkItem, ProposalError> {
    let mut tx = db.begin_write().await?;
    match decide_in(&mut tx, caller, id, decision, note, request_id, now).await {
        Ok(()) => {
            let after = store::find_in(&mut tx, id, now).await?;
            tx.commit().await.map_err(StoreError::from_sqlx)?;
            let outcome = match decision {
                Decision::Approve => super::model::APPROVED,
                Decision::Return => super::model::RETURNED,
            };
            Ok(BulkItem {
                id,
                outcome: outcome.to_owned(),
                status: after.as_ref().map(|p| p.status.clone()),
                step: after.map(|p| p.step),
                refusal: None,
            })
        }
        Err(err) => {
            // Dropping the transaction rolls back whatever the refused item wrote.
            drop(tx);
            Ok(BulkItem {
                id,
                outcome: "refused".to_owned(),
                status: None,
                step: None,
                refusal: Some(refusal_of(err)?),
            })
        }
    }
}

/// The item's refusal, or the error itself when it is not a refusal of this item (a store
/// failure ends the request; items decided before it stay decided).
fn refusal_of(err: ProposalError) -> Result<BulkRefusal, ProposalError> {
    match err {
        ProposalError::NotFound => Ok(BulkRefusal {
            status: 404,
            field: "id".to_owned(),
            rule: "not-found".to_owned(),
            detail: "no such proposal in your region".to_owned(),
            detail_id: "usulan ini tidak ada di wilayah Anda".to_owned(),
        }),
        ProposalError::Invalid(rule) => Ok(BulkRefusal {
            status: 422,
            field: rule.field.to_owned(),
            rule: rule.rule.to_owned(),
            detail: rule.message_en,
            detail_id: rule.message_id,
        }),
        other => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule_of(ids: &[i64]) -> Option<&'static str> {
        match check_ids(ids) {
            Err(ProposalError::Invalid(rule)) => Some(rule.rule),
            _ => None,
        }
    }

    #[test]
    fn a_list_of_ids_has_one_to_the_maximum_each_once() {
        assert_eq!(rule_of(&[1, 2, 3]), None);
        assert_eq!(rule_of(&[]), Some("min-items"));
        assert_eq!(rule_of(&[4, 5, 4]), Some("duplicate"));
        let many: Vec<i64> = (1..=BULK_IDS_MAX as i64).collect();
        assert_eq!(rule_of(&many), None);
        let too_many: Vec<i64> = (0..=BULK_IDS_MAX as i64).collect();
        assert_eq!(rule_of(&too_many), Some("max-items"));
    }
}
