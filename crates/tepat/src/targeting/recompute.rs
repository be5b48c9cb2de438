//! A scoring run: every active household with a survey scored with one model and ranked
//! into desil, in one transaction with one event. Households are read, scored and written a
//! batch at a time, so memory grows with the batch, not the registry; the ranking is done
//! by the database.

use std::sync::Arc;

use time::{Date, OffsetDateTime};

use super::attributes::{Composition, Profile, surveyed};
use super::error::TargetingError;
use super::model::{self, DEFAULT_VERSION, Model};
use super::store::households::{self, Surveyed};
use super::store::models;
use super::store::scores::{self, Digest256, NewRun, NewScore};
use crate::db::{Db, ResultExt, timestamp};
use crate::events::Actor;
use crate::field::FieldError;
use crate::registry::survey::Survey;

/// Households read and written per batch: large enough that statements are few, small
/// enough that a batch's rows stay a few megabytes.
pub const BATCH: i64 = 10_000;

/// Called with (households done, households in all) as the run advances.
pub type Progress = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// What started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Command,
    Web,
}

impl Trigger {
    pub fn code(self) -> &'static str {
        match self {
            Self::Command => "command",
            Self::Web => "web",
        }
    }
}

/// A model chosen for a run, with its version and the hash of its text.
#[derive(Debug, Clone)]
pub struct Chosen {
    pub version: i64,
    pub model: Model,
    pub sha256: String,
}

/// The model of a version: 0 is the shipped model; no version means the latest published,
/// or the shipped one when none is published yet.
pub async fn choose(db: &Db, version: Option<i64>) -> Result<Chosen, TargetingError> {
    let published = match version {
        Some(DEFAULT_VERSION) => None,
        Some(v) => Some(models::find(db, v).await?.ok_or_else(|| {
            FieldError::new(
                "model",
                "unknown",
                &format!("version {v} is not published"),
                &format!("versi {v} belum diterbitkan"),
            )
        })?),
        None => models::latest(db).await?,
    };
    match published {
        Some(p) => Ok(Chosen {
            version: p.version,
            model: Model::parse(&p.model)?,
            sha256: p.model_sha256,
        }),
        None => Ok(Chosen {
            version: DEFAULT_VERSION,
            model: Model::shipped()?,
            sha256: models::sha256_hex(model::DEFAULT_MODEL_JSON),
        }),
    }
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunReport {
    pub run_id: i64,
    pub model_version: i64,
    pub event_id: i64,
    pub digest: Digest256,
}

/// Parses `YYYY-MM-DD`.
pub fn iso_date(text: &str) -> Option<Date> {
    let year = text.get(0..4)?.parse().ok()?;
    let month: u8 = text.get(5..7)?.parse().ok()?;
    let day = text.get(8..10)?.parse().ok()?;
    Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

/// The profile of a household as of `on`, or nothing when it has no survey.
pub fn profile_of(household: &Surveyed, on: Date) -> Option<Profile> {
    let survey: Survey = serde_json::from_str(&household.survey).ok()?;
    if !surveyed(&survey) {
        return None;
    }
    let mut people = Composition::default();
    for birth in household.birth_dates.iter().filter_map(|b| iso_date(b)) {
        people.add(birth, on);
    }
    Some(Profile::new(&survey, people))
}

fn score_batch(batch: &[Surveyed], chosen: &Chosen, on: Date) -> Vec<NewScore> {
    batch
        .iter()
        .filter_map(|h| {
            let profile = profile_of(h, on)?;
            let score = model::stored(chosen.model.weights_for(&h.region_code).score(&profile));
            Some(NewScore {
                household_id: h.id,
                score,
                rank_group: chosen.model.ranking.group(&h.region_code).to_owned(),
                survey_date: h.updated_at.get(..10).unwrap_or_default().to_owned(),
                household_version: h.version,
            })
        })
        .collect()
}

/// Scores and ranks every surveyed household with `chosen`, in one transaction that ends
/// with the run's one event.
pub async fn run(
    db: &Db,
    chosen: &Chosen,
    trigger: Trigger,
    actor: &Actor,
    now: OffsetDateTime,
    progress: Option<Progress>,
) -> Result<RunReport, TargetingError> {
    let on = crate::clock::today(now);
    let computed_at = timestamp::to_db(now);
    let mut tx = db.begin_bulk().await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM households WHERE status = 'active'")
        .fetch_one(&mut *tx)
        .await
        .store()?;
    let new_run = NewRun {
        model_version: chosen.version,
        model_sha256: &chosen.sha256,
        ranking: chosen.model.ranking.code(),
        trigger: trigger.code(),
    };
    let run_id = scores::start_run(&mut tx, &new_run, actor, now).await?;
    let (mut after, mut done) = (0_i64, 0_u64);
    loop {
        let batch = households::batch(&mut tx, after, BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        done += batch.len() as u64;
        let scored = score_batch(&batch, chosen, on);
        scores::insert(&mut tx, run_id, chosen.version, &computed_at, &scored).await?;
        if let Some(report) = &progress {
            report(done, u64::try_from(total).unwrap_or(0));
        }
    }
    scores::rank(&mut tx, run_id).await?;
    let digest = scores::digest(&mut tx, run_id, chosen.version).await?;
    let event_id = scores::finish_run(&mut tx, run_id, chosen.version, &digest, actor, now).await?;
    tx.commit().await.store()?;
    Ok(RunReport {
        run_id,
        model_version: chosen.version,
        event_id,
        digest,
    })
}
