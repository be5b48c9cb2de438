//! Token types: the id, the token as listed (never its secret), and the stored form of its
//! scopes.

use crate::auth::{AccountId, ApiScope, Role};
use crate::region_code::RegionCode;

/// Every token starts with this, so leaked tokens are easy to recognise in code and logs.
pub const TOKEN_PREFIX: &str = "tpt_";

/// An API token's database id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct TokenId(pub i64);

impl std::fmt::Display for TokenId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A token as listed to administrators (never the secret), with the account it acts as.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ApiToken {
    #[schema(value_type = i64)]
    pub id: TokenId,
    pub name: String,
    /// The account the token acts as.
    #[schema(value_type = i64)]
    pub account_id: AccountId,
    /// That account's username.
    pub username: String,
    /// The account's role, which the token acts in.
    pub role: Role,
    /// The account's region scope; absent for national accounts.
    #[schema(value_type = Option<String>)]
    pub region_code: Option<RegionCode>,
    pub scopes: Vec<ApiScope>,
    /// The first characters of the token, to recognise it.
    pub token_prefix: String,
    /// The administrator who created it; absent when created at the command line.
    pub created_by: Option<i64>,
    pub created_at: String,
    pub revoked_at: Option<String>,
    pub last_used_at: Option<String>,
}

/// Scopes as stored: their names separated by spaces.
pub fn scopes_text(scopes: &[ApiScope]) -> String {
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Stored scopes; a word no longer known grants nothing.
pub fn scopes_parse(text: &str) -> Vec<ApiScope> {
    text.split_whitespace()
        .filter_map(ApiScope::parse)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_survive_storage_and_ignore_unknown_words() {
        let scopes = vec![ApiScope::RegionsRead, ApiScope::EventsRead];
        assert_eq!(scopes_parse(&scopes_text(&scopes)), scopes);
        assert_eq!(
            scopes_parse("regions:read bogus"),
            vec![ApiScope::RegionsRead]
        );
    }
}
