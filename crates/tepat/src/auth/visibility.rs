//! What a principal may see of a resident's personal data: one decision per field
//! (`Principal::sees`), made from the permission table, for every page and API answer.
//! `redact.rs` applies it to typed fields, free text and JSON.

use super::access::Permission;
use super::principal::Principal;

/// A kind of personal data about a resident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The 16-digit identity number.
    Nik,
    /// The 16-digit family-card number.
    Kk,
    /// A resident's name.
    Name,
    /// Where a household lives and how to reach it: address, RT/RW, phone number.
    Address,
    /// Other facts about a resident: birth place and date, the household's survey.
    Details,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Self::Nik,
        Self::Kk,
        Self::Name,
        Self::Address,
        Self::Details,
    ];
}

/// How much of a field a principal sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// The value as stored.
    Whole,
    /// NIK and KK only: the first and last four digits, `3175••••••••0001`.
    Masked,
    /// Nothing of it: `•••`.
    Hidden,
}

/// What a hidden value reads as.
pub const HIDDEN: &str = "•••";

/// Digits in a NIK and in a KK number.
pub const NUMBER_DIGITS: usize = 16;

impl Principal {
    /// What this principal sees of `field`, the one decision every renderer applies:
    ///
    /// - roles that open a person's full record (`OpenPersonRecord`: village operators,
    ///   facilitators, district officers) see everything whole;
    /// - other registry readers (province and ministry officers, auditors) see names,
    ///   addresses and details whole and NIK and KK numbers masked;
    /// - everyone else (administrators, banks, …) sees numbers masked and the rest hidden.
    ///
    /// A token counts only with the scope the permission needs (`registry:read`), so a
    /// token for the event trail alone sees what a role without the registry sees.
    pub fn sees(&self, field: Field) -> Visibility {
        let granted = |permission: Permission| self.allows(permission, false).is_ok();
        if granted(Permission::OpenPersonRecord) {
            return Visibility::Whole;
        }
        match field {
            Field::Nik | Field::Kk => Visibility::Masked,
            Field::Name | Field::Address | Field::Details if granted(Permission::ReadRegistry) => {
                Visibility::Whole
            }
            Field::Name | Field::Address | Field::Details => Visibility::Hidden,
        }
    }
}

/// Hides the middle of a 16-digit number: `3175••••••••0001`; anything else is hidden
/// whole, so a malformed number never shows either.
pub fn mask_number(number: &str) -> String {
    let digits = number.len() == NUMBER_DIGITS && number.bytes().all(|b| b.is_ascii_digit());
    match (number.get(0..4), number.get(12..16)) {
        (Some(head), Some(tail)) if digits => format!("{head}••••••••{tail}"),
        _ => "••••••••••••••••".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{ApiScope, Role};
    use crate::events::Actor;

    fn principal(role: Role, scopes: Option<Vec<ApiScope>>) -> Principal {
        Principal {
            actor: Actor::system(),
            name: "x".into(),
            role,
            region: None,
            token_scopes: scopes,
        }
    }

    fn sight(principal: &Principal) -> Vec<Visibility> {
        Field::ALL.iter().map(|f| principal.sees(*f)).collect()
    }

    #[test]
    fn every_role_sees_by_its_registry_permissions() {
        use Visibility::{Hidden, Masked, Whole};
        for role in Role::ALL {
            let expected = match role {
                Role::VillageOperator | Role::Facilitator | Role::DistrictOfficer => {
                    vec![Whole; 5]
                }
                Role::ProvinceOfficer | Role::MinistryOfficer | Role::Auditor => {
                    vec![Masked, Masked, Whole, Whole, Whole]
                }
                Role::Citizen | Role::Bank | Role::Merchant | Role::Donor | Role::Administrator => {
                    vec![Masked, Masked, Hidden, Hidden, Hidden]
                }
            };
            assert_eq!(sight(&principal(role, None)), expected, "{role}");
        }
    }

    #[test]
    fn a_token_sees_only_what_its_scopes_read() {
        let events_only = principal(Role::DistrictOfficer, Some(vec![ApiScope::EventsRead]));
        assert_eq!(events_only.sees(Field::Nik), Visibility::Masked);
        assert_eq!(events_only.sees(Field::Name), Visibility::Hidden);
        let registry = principal(Role::DistrictOfficer, Some(vec![ApiScope::RegistryRead]));
        assert_eq!(registry.sees(Field::Nik), Visibility::Whole);
        let auditor = principal(Role::Auditor, Some(vec![ApiScope::RegistryRead]));
        assert_eq!(auditor.sees(Field::Kk), Visibility::Masked);
        assert_eq!(auditor.sees(Field::Name), Visibility::Whole);
    }

    #[test]
    fn numbers_keep_their_ends_and_nothing_else() {
        assert_eq!(mask_number("3175072105870001"), "3175••••••••0001");
        assert_eq!(mask_number("31750721058700"), "••••••••••••••••");
        assert_eq!(mask_number("3175-07-21058700"), "••••••••••••••••");
        assert_eq!(mask_number("3175••••••••0001"), "••••••••••••••••");
        assert_eq!(mask_number(""), "••••••••••••••••");
    }
}
