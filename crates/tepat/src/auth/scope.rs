//! API scopes: what a token may do, within its account's role.

use super::access::Permission;
use super::role::Role;

/// Scopes of API tokens; a token acts only within its scopes and its role.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
pub enum ApiScope {
    #[serde(rename = "regions:read")]
    RegionsRead,
    #[serde(rename = "events:read")]
    EventsRead,
    #[serde(rename = "accounts:read")]
    AccountsRead,
    #[serde(rename = "accounts:write")]
    AccountsWrite,
    #[serde(rename = "registry:read")]
    RegistryRead,
    #[serde(rename = "registry:write")]
    RegistryWrite,
    /// The civil-registry feed alone, for a Dukcapil integration token.
    #[serde(rename = "civil:write")]
    CivilWrite,
    /// Budgets, the ledger and payments: reading.
    #[serde(rename = "money:read")]
    MoneyRead,
    /// Budgets, the ledger and payments: planning, allocating, approving.
    #[serde(rename = "money:write")]
    MoneyWrite,
}

impl ApiScope {
    pub const ALL: [ApiScope; 9] = [
        Self::RegionsRead,
        Self::EventsRead,
        Self::AccountsRead,
        Self::AccountsWrite,
        Self::RegistryRead,
        Self::RegistryWrite,
        Self::CivilWrite,
        Self::MoneyRead,
        Self::MoneyWrite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::RegionsRead => "regions:read",
            Self::EventsRead => "events:read",
            Self::AccountsRead => "accounts:read",
            Self::AccountsWrite => "accounts:write",
            Self::RegistryRead => "registry:read",
            Self::RegistryWrite => "registry:write",
            Self::CivilWrite => "civil:write",
            Self::MoneyRead => "money:read",
            Self::MoneyWrite => "money:write",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The scopes a token of an account with `role` may hold: those of the role's
    /// permissions, for reading and for writing, in `ALL` order. A scope outside this set
    /// would grant nothing, since the role is checked first; refusing it keeps a token's
    /// listed scopes truthful.
    pub fn allowed_for(role: Role) -> Vec<ApiScope> {
        let granted: Vec<ApiScope> = Permission::ALL
            .into_iter()
            .filter(|p| p.roles().contains(&role))
            .flat_map(|p| [p.api_scope(false), p.api_scope(true)])
            .flatten()
            .collect();
        Self::ALL
            .into_iter()
            .filter(|s| granted.contains(s))
            .collect()
    }
}
