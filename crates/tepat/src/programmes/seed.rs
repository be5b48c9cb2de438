//! The programmes shipped with Tepat (`seed.json`, each parameter with its source and
//! year), checked as any programme is — channel, frequency, periods, quotas not below
//! zero, exclusions of known programmes, a rule that compiles — and loaded into a store
//! that lacks them.

use eligibility::Rule;
use time::OffsetDateTime;

use super::model::{APPROVERS, Benefit, CHAIN_LEVELS, CHANNELS, FREQUENCIES, PERIODS, Quota};
use super::store::{self, NewProgramme};
use crate::db::{Db, StoreError};
use crate::events::Actor;
use crate::field::FieldError;
use crate::region_code::RegionCode;

/// The shipped programmes.
pub const SHIPPED: &str = include_str!("seed.json");

/// A programme as written in a seed file.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedProgramme {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub description_en: String,
    pub operator: String,
    /// The role that approves enrolment batches: `ministry_officer`, `province_officer` or
    /// `district_officer`.
    pub approver: String,
    /// The levels a proposal climbs, in order, comma-separated: a selection of
    /// `village,district,province,ministry` starting at the village (all four when absent).
    #[serde(default = "whole_chain")]
    pub chain: String,
    pub frequency: String,
    pub channel: String,
    pub rule: String,
    pub benefit: Benefit,
    pub quotas: Vec<Quota>,
    pub excludes: Vec<String>,
    pub source: String,
}

fn whole_chain() -> String {
    CHAIN_LEVELS.join(",")
}

fn refuse(field: String, rule: &str, en: &str, id: &str) -> FieldError {
    FieldError::new(&field, rule, en, id)
}

/// A programme code: 1 to 32 capital letters, digits and `_`.
pub fn valid_code(code: &str) -> bool {
    (1..=32).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// Quotas: never below zero, in a real region (or nationally).
pub fn check_quotas(field: &str, quotas: &[Quota]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (i, quota) in quotas.iter().enumerate() {
        if quota.count < 0 {
            errors.push(refuse(
                format!("{field}[{i}].count"),
                "minimum",
                &format!("a quota cannot be below zero, got {}", quota.count),
                &format!("kuota tidak boleh di bawah nol, bukan {}", quota.count),
            ));
        }
        if !quota.region.is_empty() && RegionCode::parse(&quota.region).is_err() {
            errors.push(refuse(
                format!("{field}[{i}].region"),
                "format",
                "must be a Kemendagri region code, or empty for the whole country",
                "harus kode wilayah Kemendagri, atau kosong untuk seluruh Indonesia",
            ));
        }
    }
    errors
}

fn check_fields(at: &str, p: &SeedProgramme, codes: &[String]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !valid_code(&p.code) {
        errors.push(refuse(
            format!("{at}.code"),
            "format",
            "must be 1 to 32 capital letters, digits or _",
            "harus 1 sampai 32 huruf kapital, angka atau _",
        ));
    }
    if !CHANNELS.contains(&p.channel.as_str()) {
        errors.push(refuse(
            format!("{at}.channel"),
            "choice",
            "must be bank_transfer, e_voucher or goods",
            "harus bank_transfer, e_voucher atau goods",
        ));
    }
    if !FREQUENCIES.contains(&p.frequency.as_str()) {
        errors.push(refuse(
            format!("{at}.frequency"),
            "choice",
            "must be monthly, quarterly, yearly or once",
            "harus monthly, quarterly, yearly atau once",
        ));
    }
    for (i, c) in p.benefit.components.iter().enumerate() {
        if c.amount_rupiah <= 0 || !PERIODS.contains(&c.period.as_str()) || c.source.is_empty() {
            errors.push(refuse(
                format!("{at}.benefit.components[{i}]"),
                "amount",
                "needs an amount above zero, a period (year, month, day, once) and a source",
                "perlu nilai di atas nol, periode (year, month, day, once) dan sumber",
            ));
        }
    }
    let levels: Vec<&str> = p.chain.split(',').collect();
    let ordered = levels
        .iter()
        .map(|l| CHAIN_LEVELS.iter().position(|k| k == l))
        .collect::<Option<Vec<usize>>>()
        .is_some_and(|at| at.first() == Some(&0) && at.windows(2).all(|w| w[0] < w[1]));
    if !ordered {
        errors.push(refuse(
            format!("{at}.chain"),
            "order",
            "must start at village and go up through district, province, ministry",
            "harus mulai dari village lalu naik ke district, province, ministry",
        ));
    }
    if !APPROVERS.contains(&p.approver.as_str()) {
        errors.push(refuse(
            format!("{at}.approver"),
            "choice",
            "must be ministry_officer, province_officer or district_officer",
            "harus ministry_officer, province_officer atau district_officer",
        ));
    }
    errors.extend(check_quotas(&format!("{at}.quotas"), &p.quotas));
    for (i, code) in p.excludes.iter().enumerate() {
        if !codes.contains(code) || code == &p.code {
            errors.push(refuse(
                format!("{at}.excludes[{i}]"),
                "unknown-programme",
                &format!("{code:?} is not another programme"),
                &format!("{code:?} bukan program lain yang dikenal"),
            ));
        }
    }
    errors
}

/// Checks a seed file; every error names its field.
pub fn check(text: &str) -> Result<Vec<NewProgramme>, Vec<FieldError>> {
    let seed: Vec<SeedProgramme> = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        vec![refuse("seed".into(), "format", &message, &message)]
    })?;
    let codes: Vec<String> = seed.iter().map(|p| p.code.clone()).collect();
    let names: Vec<(String, String)> = seed
        .iter()
        .map(|p| (p.code.clone(), p.name.clone()))
        .collect();
    let schema = super::schema::schema(&names).map_err(|e| {
        let message = e.to_string();
        vec![refuse("seed".into(), "schema", &message, &message)]
    })?;
    let mut errors = Vec::new();
    let mut programmes = Vec::new();
    for (i, p) in seed.into_iter().enumerate() {
        let at = format!("[{i}]");
        errors.extend(check_fields(&at, &p, &codes));
        match Rule::compile(&p.rule, &schema) {
            Ok(rule) => programmes.push(NewProgramme {
                code: p.code,
                name: p.name,
                name_en: p.name_en,
                description: p.description,
                description_en: p.description_en,
                operator: p.operator,
                approver: p.approver,
                chain: p.chain,
                frequency: p.frequency,
                channel: p.channel,
                benefit: p.benefit,
                quotas: p.quotas,
                excludes: p.excludes,
                source: p.source,
                rule: rule.to_string(),
            }),
            Err(rule_errors) => errors.extend(super::service::rule_errors(
                &format!("{at}.rule"),
                &rule_errors,
            )),
        }
    }
    if errors.is_empty() {
        Ok(programmes)
    } else {
        Err(errors)
    }
}

/// Loads the shipped programmes that the store lacks, each with an event; returns how
/// many were added.
pub async fn load_shipped(db: &Db, now: OffsetDateTime) -> anyhow::Result<usize> {
    let programmes = check(SHIPPED).map_err(|errors| {
        let first = errors
            .first()
            .map(|e| format!("{}: {}", e.field, e.message))
            .unwrap_or_default();
        anyhow::anyhow!("the shipped programmes are invalid: {first}")
    })?;
    let mut tx = db.begin_write().await?;
    let mut added = 0;
    for programme in &programmes {
        if store::insert_if_missing(&mut tx, programme, &Actor::system(), now).await? {
            added += 1;
        }
    }
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_programmes_pass_their_checks_and_cite_their_sources() {
        let programmes = check(SHIPPED).expect("valid seed");
        let codes: Vec<&str> = programmes.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(
            codes,
            ["PKH", "SEMBAKO", "BLT_DD", "PIP", "KJP_PLUS", "BENCANA"]
        );
        for p in &programmes {
            assert!(!p.source.is_empty(), "{}", p.code);
            for c in &p.benefit.components {
                assert!(
                    c.year >= 2015 && !c.source.is_empty(),
                    "{} {}",
                    p.code,
                    c.code
                );
            }
        }
        let pkh = &programmes[0];
        assert_eq!(pkh.benefit.max_components, 4);
        assert_eq!(pkh.benefit.components.len(), 7);
    }

    fn one(edit: impl Fn(&mut serde_json::Value)) -> Vec<FieldError> {
        let mut seed: serde_json::Value = serde_json::from_str(SHIPPED).expect("json");
        edit(&mut seed);
        check(&seed.to_string()).expect_err("refused")
    }

    #[test]
    fn a_quota_below_zero_is_refused_naming_the_field() {
        let errors = one(|s| s[0]["quotas"][0]["count"] = (-1).into());
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].field.as_str(), errors[0].rule.as_str()),
            ("[0].quotas[0].count", "minimum")
        );
    }

    #[test]
    fn bad_rules_channels_and_exclusions_are_refused() {
        let errors = one(|s| s[1]["rule"] = "desil <= \"lima\"".into());
        assert_eq!(errors[0].field, "[1].rule");
        assert_eq!(errors[0].rule, "type-mismatch");
        assert_eq!((errors[0].line, errors[0].column), (Some(1), Some(1)));
        let errors = one(|s| s[1]["channel"] = "cash".into());
        assert_eq!(errors[0].field, "[1].channel");
        let errors = one(|s| s[2]["excludes"][0] = "BANSOS_X".into());
        assert_eq!(errors[0].field, "[2].excludes[0]");
        assert_eq!(errors[0].rule, "unknown-programme");
    }
}
