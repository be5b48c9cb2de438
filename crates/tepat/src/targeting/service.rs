//! Targeting operations shared by pages, the API and the command line: a household's
//! welfare score with the "why" (each attribute's points, recomputed from the model version
//! the score came from), and the models in force.

use time::OffsetDateTime;

use super::attributes::value_label;
use super::error::TargetingError;
use super::model::Model;
use super::recompute::{self, iso_date, profile_of};
use super::store::{households, models, scores};
use crate::auth::{Permission, Principal};
use crate::db::{Db, Tx};
use crate::events::Actor;
use crate::region_code::RegionCode;
use crate::registry::store::read;
use crate::web::i18n::Lang;

/// Whether a household has a score.
pub const SCORED: &str = "scored";
/// Surveyed, but no run has scored it yet.
pub const NOT_SCORED: &str = "not_scored";
/// No survey recorded: no score (*belum didata*).
pub const NOT_SURVEYED: &str = "not_surveyed";

/// One attribute's share of a score.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ContributionItem {
    /// The attribute's key (`floor_material`, `household_size`, …).
    pub attribute: String,
    /// The household's answer as a code or number; null where the survey left it empty.
    pub value: Option<String>,
    /// Points of log consumption per person this answer adds (negative: poorer).
    pub points: f64,
    /// The attribute and answer in words, in the caller's language.
    #[serde(skip)]
    pub words: (String, String),
}

/// An earlier score of the household.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PastScore {
    pub score: f64,
    pub decile: i64,
    pub model: i64,
    /// UTC, RFC 3339.
    pub computed_at: String,
}

/// A household's welfare score and desil, and why.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Welfare {
    /// `scored`, `not_scored` (surveyed, not yet scored) or `not_surveyed` (belum didata).
    pub status: &'static str,
    /// Estimated log monthly consumption per person (natural log of rupiah); lower is poorer.
    pub score: Option<f64>,
    /// 1 (poorest tenth) to 10.
    pub decile: Option<i64>,
    /// The model version (0 = the model shipped with Tepat).
    pub model: Option<i64>,
    /// The date (YYYY-MM-DD, UTC) of the household record the survey was read from.
    pub survey_date: Option<String>,
    /// UTC, RFC 3339.
    pub computed_at: Option<String>,
    /// The model's constant: the score is the constant plus every contribution's points.
    pub constant: Option<f64>,
    /// Largest effect first.
    pub contributions: Vec<ContributionItem>,
    /// True when the household changed after it was scored; the next run updates it.
    pub changed_since: bool,
    /// Earlier scores, newest first.
    pub history: Vec<PastScore>,
}

impl Welfare {
    fn empty(status: &'static str) -> Self {
        Self {
            status,
            score: None,
            decile: None,
            model: None,
            survey_date: None,
            computed_at: None,
            constant: None,
            contributions: Vec::new(),
            changed_since: false,
            history: Vec::new(),
        }
    }
}

/// A household's welfare, if the caller may read the household.
pub async fn welfare(
    db: &Db,
    caller: &Principal,
    id: i64,
    lang: Lang,
) -> Result<Welfare, TargetingError> {
    caller.allows(Permission::ReadRegistry, false)?;
    let household = read::find_household(db, id)
        .await?
        .ok_or(TargetingError::NotFound)?;
    let region = RegionCode::parse(&household.village_code)
        .map_err(|e| TargetingError::Inconsistent(format!("stored region: {e}")))?;
    if !caller.covers(&region) {
        return Err(TargetingError::NotFound);
    }
    welfare_of(db, id, lang).await
}

/// A household's welfare, without checking who asks (the caller has).
pub async fn welfare_of(db: &Db, id: i64, lang: Lang) -> Result<Welfare, TargetingError> {
    let surveyed = households::one(db, id).await?;
    let history = scores::history(db, id).await?;
    let Some(surveyed) = surveyed else {
        return Ok(Welfare::empty(NOT_SURVEYED));
    };
    let Some(current) = history.first() else {
        let status = if profile_of(&surveyed, time::Date::MIN).is_some() {
            NOT_SCORED
        } else {
            NOT_SURVEYED
        };
        return Ok(Welfare::empty(status));
    };
    let on = iso_date(&current.computed_at).unwrap_or(time::Date::MIN);
    let Some(profile) = profile_of(&surveyed, on) else {
        return Ok(Welfare::empty(NOT_SURVEYED));
    };
    let chosen = recompute::choose(db, Some(current.model_version)).await?;
    let weights = chosen.model.weights_for(&surveyed.region_code);
    let contributions = weights
        .contributions(&profile)
        .into_iter()
        .map(|c| ContributionItem {
            attribute: c.attribute.key.to_owned(),
            value: c.value.code(c.attribute),
            points: super::model::stored(c.points),
            words: (
                c.attribute.name(lang),
                value_label(c.attribute, c.value, lang),
            ),
        })
        .collect();
    let past = history
        .iter()
        .skip(1)
        .map(|s| PastScore {
            score: s.score,
            decile: s.decile,
            model: s.model_version,
            computed_at: s.computed_at.clone(),
        })
        .collect();
    Ok(Welfare {
        status: SCORED,
        score: Some(current.score),
        decile: Some(current.decile),
        model: Some(current.model_version),
        survey_date: Some(current.survey_date.clone()),
        computed_at: Some(current.computed_at.clone()),
        constant: Some(weights.constant),
        contributions,
        changed_since: surveyed.version != current.household_version,
        history: past,
    })
}

/// The longest publication note kept.
const NOTE_CHARS_MAX: usize = 2_000;

/// Publishes a model as the next version with its event, after checking it whole; a model
/// that breaks a rule is refused and nothing is stored.
pub async fn publish(
    db: &Db,
    model_json: &str,
    note: &str,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<i64, TargetingError> {
    let mut tx = db.begin_write().await?;
    let version = publish_in(&mut tx, model_json, note, actor, now).await?;
    tx.commit()
        .await
        .map_err(crate::db::StoreError::from_sqlx)?;
    Ok(version)
}

/// As [`publish`], inside the caller's transaction (a fit marks its draft published in the
/// same one).
pub async fn publish_in(
    tx: &mut Tx,
    model_json: &str,
    note: &str,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<i64, TargetingError> {
    let model = Model::parse(model_json)?;
    if note.chars().count() > NOTE_CHARS_MAX {
        return Err(crate::field::FieldError::new(
            "note",
            "length",
            &format!("is longer than {NOTE_CHARS_MAX} characters"),
            &format!("lebih dari {NOTE_CHARS_MAX} karakter"),
        )
        .into());
    }
    Ok(models::publish(tx, &model.name, model_json, note, actor, now).await?)
}
