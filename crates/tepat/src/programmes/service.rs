//! Programme operations shared by pages and the API: the public list and detail (with each
//! rule in words), compiling a rule against the registry's schema, the dry run of a rule
//! over the households in the caller's scope, and publishing a rule as a new version.

use eligibility::{Errors, Rule, Schema};
use time::OffsetDateTime;

use super::columns::Columns;
use super::error::ProgrammeError;
use super::model::{Programme, RuleVersion};
use super::snapshot::Snapshots;
use super::store;
use crate::auth::{Field, Permission, Principal};
use crate::db::{Db, StoreError};
use crate::field::FieldError;
use crate::region_code::{Level, RegionCode};
use crate::web::i18n::Lang;

/// How many entering and how many leaving households a dry run shows by name.
pub const SAMPLE_SIZE: usize = 5;

fn rule_lang(lang: Lang) -> eligibility::Lang {
    match lang {
        Lang::Id => eligibility::Lang::Id,
        Lang::En => eligibility::Lang::En,
    }
}

/// Each rule error as a field error at its line and column, with the language's code.
pub fn rule_errors(field: &str, errors: &Errors) -> Vec<FieldError> {
    errors
        .as_slice()
        .iter()
        .map(|e| {
            FieldError::new(
                field,
                e.code(),
                &e.describe(eligibility::Lang::En),
                &e.describe(eligibility::Lang::Id),
            )
            .at(e.line(), e.column())
        })
        .collect()
}

/// The schema rules are checked against, with the stored programmes.
pub async fn schema(db: &Db) -> Result<(Schema, Vec<Programme>), ProgrammeError> {
    let programmes = store::list(db).await?;
    let names: Vec<(String, String)> = programmes
        .iter()
        .map(|p| (p.code.clone(), p.name.clone()))
        .collect();
    let schema = super::schema::schema(&names)
        .map_err(|e| ProgrammeError::Inconsistent(format!("programme schema: {e}")))?;
    Ok((schema, programmes))
}

/// Compiles a rule for the field `rule`, or refuses it with every error.
pub fn compile(source: &str, schema: &Schema) -> Result<Rule, ProgrammeError> {
    Rule::compile(source, schema).map_err(|e| ProgrammeError::Invalid(rule_errors("rule", &e)))
}

/// Fills in a rule version's words; a stored rule that no longer compiles keeps its text.
fn with_words(version: &mut RuleVersion, schema: &Schema) {
    if let Ok(rule) = Rule::compile(&version.source, schema) {
        version.words = rule.description(eligibility::Lang::Id);
        version.words_en = rule.description(eligibility::Lang::En);
    }
}

/// Every programme with its current rule in words.
pub async fn list(db: &Db) -> Result<Vec<Programme>, ProgrammeError> {
    let (schema, mut programmes) = schema(db).await?;
    programmes
        .iter_mut()
        .for_each(|p| with_words(&mut p.rule, &schema));
    Ok(programmes)
}

/// One programme with its current rule in words, and every version of its rule.
pub async fn find(db: &Db, code: &str) -> Result<(Programme, Vec<RuleVersion>), ProgrammeError> {
    let (schema, programmes) = schema(db).await?;
    let mut programme = programmes
        .into_iter()
        .find(|p| p.code == code)
        .ok_or(ProgrammeError::NotFound)?;
    with_words(&mut programme.rule, &schema);
    let mut versions = store::versions(db, code).await?;
    versions.iter_mut().for_each(|v| with_words(v, &schema));
    Ok((programme, versions))
}

/// The households of one region under a dry run.
#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
pub struct RegionTally {
    /// The region's code, one level below the caller's scope.
    pub region: String,
    pub name: String,
    pub eligible: u64,
    pub entering: u64,
    pub leaving: u64,
}

/// What a rule would decide, against the programme's current rule.
#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
pub struct Preview {
    /// Households the rule finds eligible.
    pub eligible: u64,
    /// Eligible under this rule and not under the current one.
    pub entering: u64,
    /// Eligible under the current rule and not under this one.
    pub leaving: u64,
    pub by_region: Vec<RegionTally>,
    /// UTC, RFC 3339: the registry as of this moment (a national registry is kept in
    /// memory and refreshed in the background when it changes).
    pub as_of: String,
}

/// A household in a dry run's sample: its head's name as the viewer may see it, and why.
#[derive(Debug, Clone)]
pub struct SampleRow {
    pub household_id: i64,
    pub name: String,
    pub region: String,
    pub why: String,
}

/// A dry run: the figures, the canonical rule, and a sample of who enters and leaves.
#[derive(Debug, Clone)]
pub struct DryRun {
    pub rule: String,
    pub preview: Preview,
    pub entering: Vec<SampleRow>,
    pub leaving: Vec<SampleRow>,
}

/// The length of a region code one level below `scope` (villages stay villages).
fn child_length(scope: Option<&RegionCode>) -> usize {
    match scope.map(RegionCode::level) {
        None => 2,
        Some(Level::Province) => 5,
        Some(Level::Regency) => 8,
        Some(Level::District | Level::Village) => 13,
    }
}

/// Evaluates both rules over every household; returns the preview and the positions of
/// the first entering and leaving households.
pub fn tally(
    columns: &Columns,
    rule: &Rule,
    current: &Rule,
    scope: Option<&RegionCode>,
) -> (Preview, Vec<usize>, Vec<usize>) {
    let length = child_length(scope);
    let mut groups: Vec<RegionTally> = Vec::new();
    // Households outside the scope (the copy holds the whole country) are left out.
    let inside: Vec<bool> = columns
        .regions()
        .iter()
        .map(|code| super::snapshot::inside(code, scope))
        .collect();
    let group_of: Vec<usize> = columns
        .regions()
        .iter()
        .zip(&inside)
        .map(|(code, &inside)| {
            if !inside {
                return usize::MAX;
            }
            let key = code.get(..length).unwrap_or(code);
            match groups.iter().position(|g| g.region == key) {
                Some(at) => at,
                None => {
                    groups.push(RegionTally {
                        region: key.to_owned(),
                        ..RegionTally::default()
                    });
                    groups.len() - 1
                }
            }
        })
        .collect();
    let (mut entering, mut leaving) = (Vec::new(), Vec::new());
    for i in 0..columns.len() {
        let region = columns.region_index(i);
        if !inside[region] {
            continue;
        }
        let household = columns.household(i);
        let new = rule.evaluate(&household);
        let old = current.evaluate(&household);
        let Some(group) = groups.get_mut(group_of[region]) else {
            continue;
        };
        group.eligible += u64::from(new);
        if new && !old {
            group.entering += 1;
            if entering.len() < SAMPLE_SIZE {
                entering.push(i);
            }
        }
        if old && !new {
            group.leaving += 1;
            if leaving.len() < SAMPLE_SIZE {
                leaving.push(i);
            }
        }
    }
    groups.sort_by(|a, b| a.region.cmp(&b.region));
    let preview = Preview {
        eligible: groups.iter().map(|g| g.eligible).sum(),
        entering: groups.iter().map(|g| g.entering).sum(),
        leaving: groups.iter().map(|g| g.leaving).sum(),
        by_region: groups,
        as_of: String::new(),
    };
    (preview, entering, leaving)
}

async fn sample(
    db: &Db,
    caller: &Principal,
    columns: &Columns,
    rule: &Rule,
    positions: &[usize],
    lang: Lang,
) -> Result<Vec<SampleRow>, ProgrammeError> {
    let ids: Vec<i64> = positions.iter().map(|&i| columns.ids[i]).collect();
    let names = store::head_names(db, &ids).await?;
    let redactor = caller.redactor();
    Ok(positions
        .iter()
        .zip(names)
        .map(|(&i, (household_id, mut name))| {
            redactor.field(Field::Name, &mut name);
            SampleRow {
                household_id,
                name,
                region: columns.region_of(i).to_owned(),
                why: rule.explain_words(&columns.household(i), rule_lang(lang)),
            }
        })
        .collect())
}

/// A dry run of `source` as the rule of programme `code`, over the households in the
/// caller's scope, against the programme's current rule; nothing is changed.
pub async fn preview(
    db: &Db,
    snapshots: &Snapshots,
    caller: &Principal,
    code: &str,
    source: &str,
    now: time::OffsetDateTime,
    lang: Lang,
) -> Result<DryRun, ProgrammeError> {
    caller.allows(Permission::PreviewProgrammeRule, false)?;
    let (schema, programmes) = schema(db).await?;
    let programme = programmes
        .iter()
        .find(|p| p.code == code)
        .ok_or(ProgrammeError::NotFound)?;
    let rule = compile(source, &schema)?;
    let current = Rule::compile(&programme.rule.source, &schema)
        .map_err(|_| ProgrammeError::Inconsistent(format!("stored rule of {code}")))?;
    let scope = caller.region.as_ref();
    let codes: Vec<String> = programmes.iter().map(|p| p.code.clone()).collect();
    let today = crate::clock::today(now);
    let snapshot = snapshots.get(db, &codes, today, now).await?;
    let columns = &snapshot.columns;
    let (mut preview, entering, leaving) = tally(columns, &rule, &current, scope);
    preview.as_of = crate::db::timestamp::to_db(snapshot.taken_at);
    let parent = scope.filter(|s| s.level() != Level::Village);
    let names = store::child_region_names(db, parent).await?;
    for group in &mut preview.by_region {
        if let Some((_, name)) = names.iter().find(|(c, _)| *c == group.region) {
            group.name.clone_from(name);
        }
    }
    Ok(DryRun {
        rule: rule.to_string(),
        entering: sample(db, caller, columns, &rule, &entering, lang).await?,
        leaving: sample(db, caller, columns, &rule, &leaving, lang).await?,
        preview,
    })
}

/// Publishes `source` as the next version of programme `code`'s rule, with an event, in
/// one transaction. Publishing the rule already in force changes nothing.
pub async fn publish(
    db: &Db,
    caller: &Principal,
    code: &str,
    source: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, ProgrammeError> {
    caller.allows(Permission::PublishProgrammeRule, true)?;
    let (schema, _) = schema(db).await?;
    let rule = compile(source, &schema)?.to_string();
    let mut tx = db.begin_write().await?;
    let (version, old) = store::current_rule_in(&mut tx, code)
        .await?
        .ok_or(ProgrammeError::NotFound)?;
    if old == rule {
        return Ok(version);
    }
    let version = store::publish_rule(
        &mut tx,
        code,
        version,
        &rule,
        &old,
        &caller.actor,
        request_id,
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    Ok(version)
}

#[cfg(test)]
mod tests;
