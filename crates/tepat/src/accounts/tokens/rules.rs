//! The rules of a new token, pure: its name, and which scopes it may hold — chosen by name
//! or all at once, each one the account's role allows.

use crate::accounts::error::FieldProblem;
use crate::auth::{ApiScope, Role};

/// Longest client name accepted (the same bound as an account's display name).
pub const NAME_LENGTH_MAX: usize = 120;

/// How the scopes were chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeChoice {
    Listed(Vec<ApiScope>),
    /// Every scope the account's role allows.
    AllOfRole,
}

/// The client's name, trimmed.
pub fn name(input: &str) -> Result<String, FieldProblem> {
    let name = input.trim();
    if name.is_empty() {
        return Err(FieldProblem::required("name"));
    }
    if name.chars().count() > NAME_LENGTH_MAX {
        return Err(FieldProblem::new(
            "name",
            "length",
            "is longer than 120 characters",
            "lebih dari 120 karakter",
        ));
    }
    Ok(name.to_owned())
}

/// Reads the choice of scopes: names (each known, repeats ignored) or all, never both.
pub fn choice(listed: &[String], all: bool) -> Result<ScopeChoice, FieldProblem> {
    let mut scopes = Vec::new();
    for text in listed.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        match ApiScope::parse(text) {
            Some(scope) if !scopes.contains(&scope) => scopes.push(scope),
            Some(_) => {}
            None => {
                return Err(FieldProblem::new(
                    "scopes",
                    "unknown",
                    &format!("unknown scope {text:?}"),
                    &format!("cakupan \"{text}\" tidak dikenal"),
                ));
            }
        }
    }
    match (scopes.is_empty(), all) {
        (true, true) => Ok(ScopeChoice::AllOfRole),
        (false, false) => Ok(ScopeChoice::Listed(scopes)),
        (false, true) => Err(FieldProblem::new(
            "scopes",
            "exclusive",
            "list scopes or choose all scopes, not both",
            "sebutkan cakupan atau pilih semua cakupan, jangan keduanya",
        )),
        (true, false) => Err(FieldProblem::new(
            "scopes",
            "required",
            "at least one scope is required",
            "pilih minimal satu cakupan",
        )),
    }
}

/// The scopes granted to a token of an account with `role`: a subset of what the role
/// allows, or all of it.
pub fn grant(role: Role, choice: ScopeChoice) -> Result<Vec<ApiScope>, FieldProblem> {
    let allowed = ApiScope::allowed_for(role);
    let listed = match choice {
        ScopeChoice::AllOfRole => return Ok(allowed),
        ScopeChoice::Listed(listed) => listed,
    };
    match listed.iter().find(|s| !allowed.contains(s)) {
        None => Ok(listed),
        Some(refused) => {
            let names = allowed
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            Err(FieldProblem::new(
                "scopes",
                "role",
                &format!(
                    "scope {} is not allowed for role {role}; allowed: {names}",
                    refused.as_str()
                ),
                &format!(
                    "cakupan {} tidak diizinkan untuk peran {role}; yang diizinkan: {names}",
                    refused.as_str()
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn names_are_required_and_bounded() {
        assert_eq!(name("  Bank DKI ").as_deref(), Ok("Bank DKI"));
        assert_eq!(name(" ").map_err(|p| p.rule), Err("required".to_owned()));
        let long = "x".repeat(NAME_LENGTH_MAX + 1);
        assert_eq!(name(&long).map_err(|p| p.rule), Err("length".to_owned()));
    }

    #[test]
    fn scopes_are_listed_or_all_never_both_nor_neither() {
        let listed = choice(&texts(&["regions:read", " regions:read", ""]), false);
        assert_eq!(listed, Ok(ScopeChoice::Listed(vec![ApiScope::RegionsRead])));
        assert_eq!(choice(&[], true), Ok(ScopeChoice::AllOfRole));
        for (names, all, rule) in [
            (&["regions:read"][..], true, "exclusive"),
            (&[][..], false, "required"),
            (&["root"][..], false, "unknown"),
        ] {
            let refused = choice(&texts(names), all).expect_err("refused");
            assert_eq!(
                (refused.field.as_str(), refused.rule.as_str()),
                ("scopes", rule)
            );
        }
    }

    #[test]
    fn a_token_holds_only_what_its_role_allows() {
        let all = grant(Role::Bank, ScopeChoice::AllOfRole);
        assert_eq!(
            all,
            Ok(vec![
                ApiScope::RegionsRead,
                ApiScope::MoneyRead,
                ApiScope::MoneyWrite
            ])
        );
        let refused = grant(
            Role::Bank,
            ScopeChoice::Listed(vec![ApiScope::AccountsWrite]),
        )
        .expect_err("a bank may not manage accounts");
        assert_eq!(refused.rule, "role");
        assert!(refused.message_en.contains("accounts:write"), "{refused}");
        let operator = grant(
            Role::VillageOperator,
            ScopeChoice::Listed(vec![ApiScope::RegistryWrite]),
        );
        assert_eq!(operator, Ok(vec![ApiScope::RegistryWrite]));
    }
}
