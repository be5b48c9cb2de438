//! A fitted model between its preview and its publication. The fit is kept on the server
//! (`welfare_drafts`) and the page carries only its id: the officer publishes exactly the
//! fit they saw, never a fit of another file, and a fit with weights for many provinces
//! (tens of kilobytes) need not travel back through a form. Publishing marks the draft in
//! the transaction that publishes the model, so one fit becomes one version however often
//! the button is pressed. Nothing is kept for a sample that breaks a rule.

use std::path::PathBuf;

use time::OffsetDateTime;

use super::calibrate::{self, Calibration};
use super::error::TargetingError;
use super::service;
use super::store::drafts::{self, NewDraft, StoredDraft};
use crate::auth::{Permission, Principal};
use crate::db::{Db, StoreError};
use crate::field::FieldError;
use crate::sheets::Source;
use crate::web::i18n::{Lang, Localized};

/// The default desil cut-off: PKH takes desil 1–4.
pub const CUTOFF_DEFAULT: u8 = 4;
/// The ranking a calibrated model gets: within the province, as the shipped model.
const RANKING: &str = "province";
/// The longest model name (the model's own rule).
const NAME_CHARS_MAX: usize = 120;

/// A kept fit with its report.
#[derive(Debug, Clone)]
pub struct Draft {
    pub id: i64,
    pub calibration: Calibration,
    pub stored: StoredDraft,
}

fn refused(field: &str, rule: &str, en: &str, id: &str) -> TargetingError {
    TargetingError::Invalid(FieldError::new(field, rule, en, id))
}

/// The cut-off as typed: a whole desil from 1 to 9 (empty: the default).
pub fn parse_cutoff(text: &str) -> Result<u8, TargetingError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(CUTOFF_DEFAULT);
    }
    text.parse::<u8>()
        .ok()
        .filter(|d| (1..=9).contains(d))
        .ok_or_else(|| {
            refused(
                "cutoff",
                "range",
                "must be a desil from 1 to 9",
                "harus desil 1 sampai 9",
            )
        })
}

/// The model name as typed: 1 to 120 characters.
pub fn parse_name(text: &str) -> Result<String, TargetingError> {
    let name = text.trim();
    if name.is_empty() || name.chars().count() > NAME_CHARS_MAX {
        return Err(refused(
            "name",
            "length",
            &format!("must be 1 to {NAME_CHARS_MAX} characters"),
            &format!("harus diisi, 1 sampai {NAME_CHARS_MAX} karakter"),
        ));
    }
    Ok(name.to_owned())
}

/// Reads and fits a sample file off the async threads (a large sample takes seconds).
async fn fit_file(path: PathBuf, name: String, cutoff: u8) -> Result<Calibration, TargetingError> {
    let fitted = tokio::task::spawn_blocking(move || {
        let source = Source::open(&path).map_err(|e| {
            refused(
                "file",
                "readable",
                &e.localized(Lang::En),
                &e.localized(Lang::Id),
            )
        })?;
        let rows = calibrate::read_sample(source)?;
        calibrate::fit(&rows, &name, RANKING, cutoff)
    })
    .await;
    fitted.map_err(|e| TargetingError::Inconsistent(format!("the fit stopped: {e}")))?
}

/// Fits the sample in `path` and keeps the fit for `caller` to publish; a sample, name or
/// cut-off that breaks a rule is refused naming the field, and nothing is kept.
pub async fn preview(
    db: &Db,
    caller: &Principal,
    path: PathBuf,
    name: &str,
    cutoff: u8,
    now: OffsetDateTime,
) -> Result<Draft, TargetingError> {
    caller.allows(Permission::ManageWelfareModels, false)?;
    let name = parse_name(name)?;
    let calibration = fit_file(path, name.clone(), cutoff).await?;
    let text = |v: &serde_json::Value| {
        serde_json::to_string(v).map_err(|e| TargetingError::Inconsistent(e.to_string()))
    };
    let model = text(&calibration.model)?;
    let report = serde_json::to_value(&calibration)
        .map_err(|e| TargetingError::Inconsistent(e.to_string()))
        .and_then(|v| text(&v))?;
    let note = format!(
        "{} rows, R² {:.4}, inclusion {:.1}%, exclusion {:.1}% at desil {}",
        calibration.rows,
        calibration.r_squared,
        calibration.inclusion_error * 100.0,
        calibration.exclusion_error * 100.0,
        calibration.cutoff_decile
    );
    let new = NewDraft {
        name: &name,
        model: &model,
        note: &note,
        report: &report,
    };
    let id = drafts::insert(db, &new, &caller.actor, now).await?;
    find(db, caller, id).await
}

/// A kept fit. Any ministry officer may read and publish it: it holds weights, nothing
/// personal, and the event names whoever publishes it.
pub async fn find(db: &Db, caller: &Principal, id: i64) -> Result<Draft, TargetingError> {
    caller.allows(Permission::ManageWelfareModels, false)?;
    let stored = drafts::find(db, id)
        .await?
        .ok_or(TargetingError::NotFound)?;
    let mut calibration: Calibration = serde_json::from_str(&stored.report)
        .map_err(|e| TargetingError::Inconsistent(format!("stored fit report: {e}")))?;
    calibration.model = serde_json::from_str(&stored.model)
        .map_err(|e| TargetingError::Inconsistent(format!("stored fit: {e}")))?;
    Ok(Draft {
        id,
        calibration,
        stored,
    })
}

/// Publishes a kept fit as the next model version with its `welfare_model.published`
/// event, in one transaction that also marks the fit published; a fit already published is
/// refused and nothing changes.
pub async fn publish(
    db: &Db,
    caller: &Principal,
    id: i64,
    now: OffsetDateTime,
) -> Result<i64, TargetingError> {
    caller.allows(Permission::ManageWelfareModels, true)?;
    let draft = find(db, caller, id).await?;
    let (model, note) = (&draft.stored.model, &draft.stored.note);
    let mut tx = db.begin_write().await?;
    let version = service::publish_in(&mut tx, model, note, &caller.actor, now).await?;
    if !drafts::mark_published(&mut tx, id, version).await? {
        return Err(refused(
            "draft",
            "published",
            "this fit is already published",
            "hasil penyesuaian ini sudah diterbitkan",
        ));
    }
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    Ok(version)
}
