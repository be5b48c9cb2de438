//! The principal a request acts as: an account signed in by session, or an API token.

use super::role::Role;
use super::scope::ApiScope;
use crate::events::Actor;
use crate::region_code::RegionCode;

/// An account's database id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct AccountId(pub i64);

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
    /// The system acting nationally, named for the log: the command line, a scheduled job.
    pub fn system(name: &str) -> Self {
        Self {
            actor: crate::events::Actor::system(),
            name: name.to_owned(),
            role: super::Role::Administrator,
            region: None,
            token_scopes: None,
        }
    }

    /// True when `region` lies inside this principal's scope.
    pub fn covers(&self, region: &RegionCode) -> bool {
        self.region
            .as_ref()
            .is_none_or(|scope| scope.contains(region))
    }

    /// As `covers`, for a region code as stored; an unreadable code is outside every scope.
    pub fn covers_code(&self, region: &str) -> bool {
        RegionCode::parse(region).is_ok_and(|r| self.covers(&r))
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
