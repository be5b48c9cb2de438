//! Roles exactly as DESIGN.md lists them, and the region scope each may hold.

use std::fmt;

use crate::region_code::{Level, RegionCode};
use crate::web::i18n::{Lang, Localized};

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
        /// The level in Bahasa Indonesia, for the Indonesian message.
        expected_id: &'static str,
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
            (
                Self::ScopeRequired {
                    role, expected_id, ..
                },
                Lang::Id,
            ) => {
                let role = Role::parse(role).map_or(*role, |r| r.label(Lang::Id));
                format!(
                    "peran {role} memerlukan kode wilayah tingkat {}",
                    expected_id.to_lowercase()
                )
            }
            (Self::ScopeNotAllowed { role }, Lang::Id) => {
                let role = Role::parse(role).map_or(*role, |r| r.label(Lang::Id));
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
                expected_id: level.label(Lang::Id),
            }),
            (ScopeRule::OneOf(levels), _) => Err(RoleError::ScopeRequired {
                role,
                expected: levels
                    .first()
                    .map(|l| l.label(Lang::En))
                    .unwrap_or("district"),
                expected_id: levels
                    .first()
                    .map(|l| l.label(Lang::Id))
                    .unwrap_or("Kecamatan"),
            }),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
}
