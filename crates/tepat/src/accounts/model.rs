//! Account types: roles exactly as DESIGN.md lists them, usernames, and the principal a
//! request acts as.

use std::fmt;

use crate::events::Actor;
use crate::region_code::{Level, RegionCode};
use crate::web::i18n::{Lang, Localized};

use super::access::ApiScope;

/// Who an account is, in the product's vocabulary.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Citizen,
    VillageOperator,
    Facilitator,
    DistrictOfficer,
    ProvinceOfficer,
    MinistryOfficer,
    Bank,
    Merchant,
    Donor,
    Auditor,
    Administrator,
}

/// How a role's region scope must look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeRule {
    /// A region of exactly this level.
    Exactly(Level),
    /// A region of one of these levels.
    OneOf(&'static [Level]),
    /// No region: national.
    National,
    /// Any region, or national.
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleError {
    #[error("unknown role {0:?}; expected one of: {list}", list = Role::names().join(", "))]
    Unknown(String),
    #[error("role {role} needs a region scope of level {expected}")]
    ScopeRequired {
        role: &'static str,
        expected: &'static str,
    },
    #[error("role {role} is national and takes no region")]
    ScopeNotAllowed { role: &'static str },
}

impl Localized for RoleError {
    fn localized(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (Self::Unknown(name), Lang::Id) => format!(
                "peran \"{name}\" tidak dikenal; pilih salah satu: {}",
                Role::names().join(", ")
            ),
            (Self::ScopeRequired { role, expected }, Lang::Id) => {
                format!("peran {role} memerlukan kode wilayah tingkat {expected}")
            }
            (Self::ScopeNotAllowed { role }, Lang::Id) => {
                format!("peran {role} berlingkup nasional; kosongkan kode wilayah")
            }
        }
    }
}

impl Role {
    pub const ALL: [Role; 11] = [
        Self::Citizen,
        Self::VillageOperator,
        Self::Facilitator,
        Self::DistrictOfficer,
        Self::ProvinceOfficer,
        Self::MinistryOfficer,
        Self::Bank,
        Self::Merchant,
        Self::Donor,
        Self::Auditor,
        Self::Administrator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Citizen => "citizen",
            Self::VillageOperator => "village_operator",
            Self::Facilitator => "facilitator",
            Self::DistrictOfficer => "district_officer",
            Self::ProvinceOfficer => "province_officer",
            Self::MinistryOfficer => "ministry_officer",
            Self::Bank => "bank",
            Self::Merchant => "merchant",
            Self::Donor => "donor",
            Self::Auditor => "auditor",
            Self::Administrator => "administrator",
        }
    }

    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|r| r.as_str()).collect()
    }

    pub fn parse(text: &str) -> Result<Self, RoleError> {
        let wanted = text.trim();
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == wanted)
            .ok_or_else(|| RoleError::Unknown(wanted.chars().take(40).collect()))
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (id, en) = match self {
            Self::Citizen => ("Warga", "Citizen"),
            Self::VillageOperator => ("Operator desa/kelurahan", "Village operator"),
            Self::Facilitator => ("Pendamping", "Facilitator"),
            Self::DistrictOfficer => ("Petugas Dinsos kab/kota", "District social officer"),
            Self::ProvinceOfficer => ("Petugas provinsi", "Province officer"),
            Self::MinistryOfficer => ("Petugas Kemensos", "Ministry officer"),
            Self::Bank => ("Bank/penyalur", "Bank / payment operator"),
            Self::Merchant => ("E-warong", "Merchant (e-warong)"),
            Self::Donor => ("Donatur", "Donor"),
            Self::Auditor => ("Auditor", "Auditor"),
            Self::Administrator => ("Administrator", "Administrator"),
        };
        if lang == Lang::Id { id } else { en }
    }

    /// The shape of region scope each role works in (DESIGN.md, "Who uses it").
    pub fn scope_rule(self) -> ScopeRule {
        match self {
            Self::Citizen | Self::VillageOperator | Self::Merchant => {
                ScopeRule::Exactly(Level::Village)
            }
            Self::Facilitator => ScopeRule::OneOf(&[Level::District, Level::Village]),
            Self::DistrictOfficer => ScopeRule::Exactly(Level::Regency),
            Self::ProvinceOfficer => ScopeRule::Exactly(Level::Province),
            Self::MinistryOfficer => ScopeRule::National,
            Self::Bank | Self::Donor | Self::Auditor | Self::Administrator => ScopeRule::Any,
        }
    }

    /// Checks that a region scope fits the role.
    pub fn check_scope(self, region: Option<&RegionCode>) -> Result<(), RoleError> {
        let role = self.as_str();
        match (self.scope_rule(), region) {
            (ScopeRule::Any, _) | (ScopeRule::National, None) => Ok(()),
            (ScopeRule::National, Some(_)) => Err(RoleError::ScopeNotAllowed { role }),
            (ScopeRule::Exactly(level), Some(code)) if code.level() == level => Ok(()),
            (ScopeRule::OneOf(levels), Some(code)) if levels.contains(&code.level()) => Ok(()),
            (ScopeRule::Exactly(level), _) => Err(RoleError::ScopeRequired {
                role,
                expected: level.label(Lang::En),
            }),
            (ScopeRule::OneOf(levels), _) => Err(RoleError::ScopeRequired {
                role,
                expected: levels
                    .first()
                    .map(|l| l.label(Lang::En))
                    .unwrap_or("district"),
            }),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An account's database id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct AccountId(pub i64);

/// A login name: 3–40 characters of lowercase letters, digits, `.`, `_` and `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub const LENGTH_MAX: usize = 40;

    pub fn parse(input: &str) -> Result<Self, (String, String)> {
        let text = input.trim().to_lowercase();
        let valid_chars = text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        if (3..=Self::LENGTH_MAX).contains(&text.len()) && valid_chars {
            return Ok(Self(text));
        }
        Err((
            "must be 3 to 40 characters: letters, digits, '.', '_' or '-'".to_owned(),
            "harus 3 sampai 40 karakter: huruf, angka, '.', '_' atau '-'".to_owned(),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    Active,
    Disabled,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }

    pub fn parse(text: &str) -> Self {
        if text == "active" {
            Self::Active
        } else {
            Self::Disabled
        }
    }
}

/// The identity a request acts as: an account signed in by session, or an API token.
#[derive(Debug, Clone)]
pub struct Principal {
    pub actor: Actor,
    pub name: String,
    pub role: Role,
    /// `None` is national scope.
    pub region: Option<RegionCode>,
    /// For API tokens, the scopes granted; sessions carry all of their role's.
    pub token_scopes: Option<Vec<ApiScope>>,
}

impl Principal {
    /// True when `region` lies inside this principal's scope.
    pub fn covers(&self, region: &RegionCode) -> bool {
        self.region
            .as_ref()
            .is_none_or(|scope| scope.contains(region))
    }

    /// True when `region` is inside the scope or on the path down to it (an operator may
    /// open Duren Sawit to reach Klender).
    pub fn can_navigate(&self, region: &RegionCode) -> bool {
        self.covers(region)
            || self
                .region
                .as_ref()
                .is_some_and(|scope| region.contains(scope))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> RegionCode {
        RegionCode::parse(text).expect("valid code")
    }

    #[test]
    fn every_role_round_trips() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
            assert!(!role.label(Lang::Id).is_empty());
        }
        let err = Role::parse("lurah").expect_err("unknown");
        assert!(err.to_string().contains("village_operator"));
    }

    #[test]
    fn scope_must_fit_the_role() {
        let village = code("31.75.07.1003");
        let regency = code("31.75");
        assert!(Role::VillageOperator.check_scope(Some(&village)).is_ok());
        assert!(Role::VillageOperator.check_scope(Some(&regency)).is_err());
        assert!(Role::VillageOperator.check_scope(None).is_err());
        assert!(Role::DistrictOfficer.check_scope(Some(&regency)).is_ok());
        assert!(
            Role::Facilitator
                .check_scope(Some(&code("31.75.07")))
                .is_ok()
        );
        assert!(Role::MinistryOfficer.check_scope(None).is_ok());
        assert!(Role::MinistryOfficer.check_scope(Some(&regency)).is_err());
        assert!(Role::Auditor.check_scope(None).is_ok());
    }

    #[test]
    fn usernames_are_normalised_and_bounded() {
        assert_eq!(
            Username::parse(" Op.Klender ").expect("valid").as_str(),
            "op.klender"
        );
        for bad in ["ab", "has space", "ünï", &"x".repeat(41)] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn principal_scope_and_navigation() {
        let principal = Principal {
            actor: Actor::system(),
            name: "op".into(),
            role: Role::VillageOperator,
            region: Some(code("31.75.07.1003")),
            token_scopes: None,
        };
        assert!(principal.covers(&code("31.75.07.1003")));
        assert!(!principal.covers(&code("31.75.07.1002")));
        assert!(principal.can_navigate(&code("31.75.07")));
        assert!(!principal.can_navigate(&code("31.75.07.1002")));
    }
}
