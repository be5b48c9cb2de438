use super::*;
use crate::auth::principal::Principal;
use crate::events::Actor;
use crate::http::AppError;
use crate::region_code::RegionCode;

fn principal(role: Role, region: Option<&str>, scopes: Option<Vec<ApiScope>>) -> Principal {
    Principal {
        actor: Actor::system(),
        name: "x".into(),
        role,
        region: region.map(|r| RegionCode::parse(r).expect("valid")),
        token_scopes: scopes,
    }
}

#[test]
fn only_administrators_manage_accounts() {
    for role in Role::ALL {
        let allowed = principal(role, None, None)
            .require(Permission::ManageAccounts)
            .is_ok();
        assert_eq!(allowed, role == Role::Administrator, "{role}");
    }
}

#[test]
fn tokens_need_the_scope_as_well_as_the_role() {
    let bank = principal(Role::Bank, None, Some(vec![ApiScope::EventsRead]));
    assert!(bank.require(Permission::BrowseRegions).is_err());
    let bank = principal(Role::Bank, None, Some(vec![ApiScope::RegionsRead]));
    assert!(bank.require(Permission::BrowseRegions).is_ok());
    let admin = principal(
        Role::Administrator,
        None,
        Some(vec![ApiScope::AccountsRead]),
    );
    assert!(admin.require(Permission::ManageAccounts).is_ok());
    assert!(matches!(
        admin.require_write(Permission::ManageAccounts),
        Err(AppError::MissingScope("accounts:write"))
    ));
}

#[test]
fn region_scope_is_enforced() {
    let officer = principal(Role::DistrictOfficer, Some("31.75"), None);
    let inside = RegionCode::parse("31.75.07.1003").expect("valid");
    let outside = RegionCode::parse("32.73.01.1001").expect("valid");
    assert!(officer.require_in(Permission::ReadEvents, &inside).is_ok());
    assert!(matches!(
        officer.require_in(Permission::ReadEvents, &outside),
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        officer.require_in_region(Permission::ReadEvents, &outside),
        Err(AppError::OutsideScope)
    ));
    let citizen = principal(Role::Citizen, Some("31.75.07.1003"), None);
    assert!(matches!(
        citizen.require_in(Permission::ReadEvents, &inside),
        Err(AppError::Forbidden)
    ));
}

#[test]
fn every_permission_is_listed_once() {
    for (i, permission) in Permission::ALL.iter().enumerate() {
        assert!(
            !Permission::ALL[..i].contains(permission),
            "{permission:?} twice"
        );
        // Exhaustive on purpose: a new variant stops this compiling until it is added
        // here, and the reader is sent to add it to `Permission::ALL` as well.
        match permission {
            Permission::ViewDashboard
            | Permission::BrowseRegions
            | Permission::ReadEvents
            | Permission::ManageAccounts
            | Permission::ManageTokens
            | Permission::ReadRegistry
            | Permission::WriteRegistry
            | Permission::OpenPersonRecord
            | Permission::AuditPersonRecord
            | Permission::ReadPersonViews
            | Permission::ProposeChange
            | Permission::DecideChange
            | Permission::ReadReviewFlags
            | Permission::ClearReviewFlags
            | Permission::ImportCivilEvents
            | Permission::ReadApplications
            | Permission::ReviewApplications
            | Permission::ReadDuplicates
            | Permission::DecideDuplicates
            | Permission::RunDuplicates
            | Permission::ReadDuplicateRuns
            | Permission::PreviewProgrammeRule
            | Permission::PublishProgrammeRule
            | Permission::ReadEnrolments
            | Permission::PrepareEnrolment
            | Permission::ApproveEnrolment
            | Permission::OverrideEnrolment
            | Permission::ReadMonitoring
            | Permission::ManageWelfareModels
            | Permission::ReadProposals
            | Permission::MakeProposals
            | Permission::DecideProposals
            | Permission::ReadBudgets
            | Permission::ManageBudgets
            | Permission::ManageCycles
            | Permission::ReportPayments
            | Permission::ReadMerchants
            | Permission::ManageMerchants
            | Permission::SetOfflineLimits
            | Permission::ReadVouchers
            | Permission::RedeemVouchers
            | Permission::ReadNotifications
            | Permission::ManageNotifications
            | Permission::ReadDistributions
            | Permission::ManageDistributions
            | Permission::CheckInRecipients
            | Permission::ReadComplaints
            | Permission::AnswerComplaints
            | Permission::HandlePungliReports
            | Permission::PostNeeds
            | Permission::PledgeDonations
            | Permission::ConfirmDonations
            | Permission::ReadDonationFlags => {}
        }
    }
}

#[test]
fn a_role_allows_the_scopes_of_its_permissions() {
    assert_eq!(
        ApiScope::allowed_for(Role::Bank),
        vec![
            ApiScope::RegionsRead,
            ApiScope::MoneyRead,
            ApiScope::MoneyWrite
        ]
    );
    // A village operator reads vouchers to print the cards of its village.
    assert_eq!(
        ApiScope::allowed_for(Role::VillageOperator),
        vec![
            ApiScope::RegionsRead,
            ApiScope::RegistryRead,
            ApiScope::RegistryWrite,
            ApiScope::MoneyRead
        ]
    );
    assert_eq!(
        ApiScope::allowed_for(Role::Merchant),
        vec![ApiScope::RegionsRead, ApiScope::MoneyWrite],
        "a shop spends vouchers and reads nothing of the registry"
    );
    let admin = ApiScope::allowed_for(Role::Administrator);
    assert!(admin.contains(&ApiScope::AccountsWrite) && !admin.contains(&ApiScope::CivilWrite));
    // Whatever a role may do through the API, a token with its allowed scopes may do.
    for role in Role::ALL {
        let token = principal(role, None, Some(ApiScope::allowed_for(role)));
        let session = principal(role, None, None);
        for permission in Permission::ALL {
            assert_eq!(
                token.require_write(permission).is_ok(),
                session.require_write(permission).is_ok(),
                "{role} {permission:?}"
            );
            assert_eq!(
                token.require(permission).is_ok(),
                session.require(permission).is_ok(),
                "{role} {permission:?}"
            );
        }
    }
}

#[test]
fn scope_names_round_trip() {
    for scope in ApiScope::ALL {
        assert_eq!(ApiScope::parse(scope.as_str()), Some(scope));
    }
    assert_eq!(ApiScope::parse("root"), None);
}
