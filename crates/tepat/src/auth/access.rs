//! The permission table: which role may do what, and which API scope a token needs for
//! it. Region scope is checked separately, against the principal's region.

use super::role::Role;
use super::scope::ApiScope;

/// Things a principal may be allowed to do. Features add their own variants here, and to
/// `Permission::ALL` (a test's exhaustive match points at it when a variant is added).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    ViewDashboard,
    BrowseRegions,
    ReadEvents,
    ManageAccounts,
    ManageTokens,
    /// Households and persons, NIKs masked unless the role needs them whole.
    ReadRegistry,
    /// Record, correct and import households.
    WriteRegistry,
    /// Open a person's full record (writes an access record).
    OpenPersonRecord,
    /// Open a person's record for an audit, purpose `audit` only (writes an access record),
    /// seeing it as registry readers do: NIK and KK masked.
    AuditPersonRecord,
    /// List who opened whose full record.
    ReadPersonViews,
    /// Propose a change to a household (monthly village update).
    ProposeChange,
    /// Approve or return a proposed change.
    DecideChange,
    /// See review flags (a death or move reported by the civil registry, …).
    ReadReviewFlags,
    /// Clear a review flag with a note.
    ClearReviewFlags,
    /// Apply civil-registry events (deaths, moves, NIK corrections) from Dukcapil.
    ImportCivilEvents,
    /// See self-registration applications of the region (the village queue).
    ReadApplications,
    /// Record the field visit of an application, accept it into the registry or reject it.
    ReviewApplications,
    /// See candidate duplicate pairs and who is held by one.
    ReadDuplicates,
    /// Decide a candidate pair: the same person (merge) or different people.
    DecideDuplicates,
    /// Start a duplicate run over the whole registry.
    RunDuplicates,
    /// See duplicate runs and their progress.
    ReadDuplicateRuns,
    /// Dry-run an eligibility rule over the households of the region.
    PreviewProgrammeRule,
    /// Publish a programme's eligibility rule.
    PublishProgrammeRule,
    /// See a programme's enrolment batches, enrolments and overrides in the region.
    ReadEnrolments,
    /// Apply a programme's published rule to a region: an enrolment batch cut at the quota.
    PrepareEnrolment,
    /// Approve or reject an enrolment batch prepared by someone else.
    ApproveEnrolment,
    /// Put forward one household the rule or the quota left out, with a reason.
    OverrideEnrolment,
    /// See households per desil, eligible against enrolled, and desil movement in the region.
    ReadMonitoring,
    /// Calibrate and publish welfare models, and start scoring runs over the registry.
    ManageWelfareModels,
    /// See proposals to add households to programmes or remove them, with their steps and
    /// conflict-of-interest flags.
    ReadProposals,
    /// Propose a household for a programme, or its removal.
    MakeProposals,
    /// Approve or return a proposal at one's own level of its chain.
    DecideProposals,
    /// See budget lines, their allocations and the ledger's figures for them.
    ReadBudgets,
    /// Plan budget lines, and submit or decide (as another official) their allocations.
    ManageBudgets,
    /// Create and compute programme cycles, and approve one another official computed.
    ManageCycles,
    /// Load recipients' bank accounts, download a payroll's bank files and import the
    /// banks' payment status reports.
    ReportPayments,
    /// See merchants (e-warong) and what they may sell.
    ReadMerchants,
    /// Register merchants and suspend them.
    ManageMerchants,
    /// Set each voucher programme's offline limits (national: programmes are).
    SetOfflineLimits,
    /// List vouchers with their codes, for printing cards.
    ReadVouchers,
    /// Spend vouchers at one's own shop.
    RedeemVouchers,
    /// See the notifications sent to households of the region, their delivery status and
    /// dead letters (addresses masked).
    ReadNotifications,
    /// Send a dead-letter notification again.
    ManageNotifications,
    /// See hand-outs of goods (penyaluran barang), their invitations and ratings.
    ReadDistributions,
    /// Schedule hand-outs, close them and re-schedule their no-shows.
    ManageDistributions,
    /// Check households in at a hand-out's site by their code.
    CheckInRecipients,
    /// See the public's complaints (pengaduan) about the region.
    ReadComplaints,
    /// Reply to complaints and resolve them at one's own office's level; publish answered
    /// questions.
    AnswerComplaints,
    /// See and answer reports of extortion (pungli) addressed to one's inspectorate.
    HandlePungliReports,
    /// Post a household's need (kebutuhan) with its consent, or withdraw it.
    PostNeeds,
    /// Pledge to a need and see one's own pledges.
    PledgeDonations,
    /// Confirm that a pledge reached the household, with a photo.
    ConfirmDonations,
    /// See households whose needs are posted far more often than their neighbours'.
    ReadDonationFlags,
}

impl Permission {
    /// Every permission, so that what a role may do can be listed.
    pub const ALL: [Permission; 53] = [
        Self::ViewDashboard,
        Self::BrowseRegions,
        Self::ReadEvents,
        Self::ManageAccounts,
        Self::ManageTokens,
        Self::ReadRegistry,
        Self::WriteRegistry,
        Self::OpenPersonRecord,
        Self::AuditPersonRecord,
        Self::ReadPersonViews,
        Self::ProposeChange,
        Self::DecideChange,
        Self::ReadReviewFlags,
        Self::ClearReviewFlags,
        Self::ImportCivilEvents,
        Self::ReadApplications,
        Self::ReviewApplications,
        Self::ReadDuplicates,
        Self::DecideDuplicates,
        Self::RunDuplicates,
        Self::ReadDuplicateRuns,
        Self::PreviewProgrammeRule,
        Self::PublishProgrammeRule,
        Self::ReadEnrolments,
        Self::PrepareEnrolment,
        Self::ApproveEnrolment,
        Self::OverrideEnrolment,
        Self::ReadMonitoring,
        Self::ManageWelfareModels,
        Self::ReadProposals,
        Self::MakeProposals,
        Self::DecideProposals,
        Self::ReadBudgets,
        Self::ManageBudgets,
        Self::ManageCycles,
        Self::ReportPayments,
        Self::ReadMerchants,
        Self::ManageMerchants,
        Self::SetOfflineLimits,
        Self::ReadVouchers,
        Self::RedeemVouchers,
        Self::ReadNotifications,
        Self::ManageNotifications,
        Self::ReadDistributions,
        Self::ManageDistributions,
        Self::CheckInRecipients,
        Self::ReadComplaints,
        Self::AnswerComplaints,
        Self::HandlePungliReports,
        Self::PostNeeds,
        Self::PledgeDonations,
        Self::ConfirmDonations,
        Self::ReadDonationFlags,
    ];

    /// The roles granted this permission.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Self::ViewDashboard | Self::BrowseRegions => &Role::ALL,
            Self::ReadEvents => Self::ReadDuplicateRuns.roles(),
            Self::ManageAccounts | Self::ManageTokens => &[Administrator],
            Self::ReadRegistry => &[
                VillageOperator,
                Facilitator,
                DistrictOfficer,
                ProvinceOfficer,
                MinistryOfficer,
                Auditor,
            ],
            Self::WriteRegistry => &[VillageOperator, DistrictOfficer],
            Self::OpenPersonRecord => &[VillageOperator, Facilitator, DistrictOfficer],
            Self::AuditPersonRecord => &[Auditor],
            Self::ReadPersonViews => &[DistrictOfficer, Auditor],
            Self::ProposeChange => &[VillageOperator],
            Self::DecideChange => &[DistrictOfficer],
            Self::ReadReviewFlags => Self::ReadRegistry.roles(),
            Self::ClearReviewFlags => &[VillageOperator, DistrictOfficer],
            Self::ImportCivilEvents => &[DistrictOfficer, ProvinceOfficer, MinistryOfficer],
            Self::ReadApplications => &[VillageOperator, Facilitator, DistrictOfficer],
            Self::ReviewApplications => &[VillageOperator, Facilitator],
            Self::ReadDuplicates => &[DistrictOfficer, ProvinceOfficer, MinistryOfficer, Auditor],
            Self::DecideDuplicates => &[DistrictOfficer],
            Self::RunDuplicates => &[DistrictOfficer, MinistryOfficer, Administrator],
            Self::ReadDuplicateRuns => &[
                DistrictOfficer,
                ProvinceOfficer,
                MinistryOfficer,
                Auditor,
                Administrator,
            ],
            Self::PreviewProgrammeRule => &[DistrictOfficer, ProvinceOfficer, MinistryOfficer],
            Self::PublishProgrammeRule => &[MinistryOfficer],
            Self::ReadEnrolments => Self::ReadRegistry.roles(),
            // A village operator prepares only for programmes its district approves (BLT
            // Dana Desa, decided by the village deliberation); the service checks it.
            Self::PrepareEnrolment => &[
                VillageOperator,
                DistrictOfficer,
                ProvinceOfficer,
                MinistryOfficer,
            ],
            Self::ApproveEnrolment | Self::OverrideEnrolment => {
                &[DistrictOfficer, ProvinceOfficer, MinistryOfficer]
            }
            Self::ReadMonitoring => &[DistrictOfficer, ProvinceOfficer, MinistryOfficer, Auditor],
            Self::ManageWelfareModels => &[MinistryOfficer],
            // Named decisions, money, notifications, complaints and donations.
            _ => self.decision_and_money_roles(),
        }
    }

    /// The roles of the named-decision, money and notification permissions (`roles`,
    /// continued).
    fn decision_and_money_roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Self::ReadProposals => Self::ReadEnrolments.roles(),
            Self::MakeProposals => &[VillageOperator, Facilitator],
            // Each at its own level of the chain; the service checks the step.
            Self::DecideProposals => &[
                VillageOperator,
                DistrictOfficer,
                ProvinceOfficer,
                MinistryOfficer,
            ],
            Self::ReadBudgets => &[DistrictOfficer, ProvinceOfficer, MinistryOfficer, Auditor],
            Self::ManageBudgets => &[ProvinceOfficer, MinistryOfficer],
            Self::ManageCycles => &[DistrictOfficer, ProvinceOfficer, MinistryOfficer],
            Self::ReportPayments => &[Bank, DistrictOfficer, ProvinceOfficer, MinistryOfficer],
            Self::ReadMerchants => &[DistrictOfficer, ProvinceOfficer, MinistryOfficer, Auditor],
            Self::ManageMerchants => &[DistrictOfficer],
            Self::SetOfflineLimits => &[MinistryOfficer],
            Self::ReadVouchers => &[
                VillageOperator,
                Facilitator,
                DistrictOfficer,
                ProvinceOfficer,
                MinistryOfficer,
                Auditor,
            ],
            Self::RedeemVouchers => &[Merchant],
            Self::ReadNotifications => &[
                VillageOperator,
                DistrictOfficer,
                ProvinceOfficer,
                MinistryOfficer,
                Auditor,
            ],
            Self::ManageNotifications => &[DistrictOfficer, ProvinceOfficer, MinistryOfficer],
            Self::ReadDistributions => Self::ReadNotifications.roles(),
            Self::ManageDistributions => &[DistrictOfficer],
            // The village operator often runs the desk at the site.
            Self::CheckInRecipients => &[VillageOperator, DistrictOfficer],
            Self::ReadComplaints => &[
                VillageOperator,
                Facilitator,
                DistrictOfficer,
                ProvinceOfficer,
                MinistryOfficer,
            ],
            // Each at its own office's level; the service checks it.
            Self::AnswerComplaints => &[
                VillageOperator,
                DistrictOfficer,
                ProvinceOfficer,
                MinistryOfficer,
            ],
            // The inspectorate: auditors, each for the reports addressed to its region.
            Self::HandlePungliReports => &[Auditor],
            // Only a facilitator of the need's village confirms on the household's behalf;
            // the service tells an operator so rather than answering a bare 403.
            Self::PostNeeds | Self::ConfirmDonations => &[VillageOperator, Facilitator],
            Self::PledgeDonations => &[Donor],
            Self::ReadDonationFlags => &[DistrictOfficer],
            _ => &[],
        }
    }

    /// The API scope a token needs, for permissions reachable through the API.
    pub fn api_scope(self, write: bool) -> Option<ApiScope> {
        match (self, write) {
            (Self::BrowseRegions, _) => Some(ApiScope::RegionsRead),
            (Self::ReadEvents, _) => Some(ApiScope::EventsRead),
            (Self::ManageAccounts | Self::ManageTokens, false) => Some(ApiScope::AccountsRead),
            (Self::ManageAccounts | Self::ManageTokens, true) => Some(ApiScope::AccountsWrite),
            (
                Self::ReadRegistry
                | Self::OpenPersonRecord
                | Self::AuditPersonRecord
                | Self::ReadPersonViews,
                _,
            ) => Some(ApiScope::RegistryRead),
            (Self::WriteRegistry | Self::ProposeChange | Self::DecideChange, _) => {
                Some(ApiScope::RegistryWrite)
            }
            (Self::ReadReviewFlags | Self::ReadApplications, _) => Some(ApiScope::RegistryRead),
            (Self::ReviewApplications, _) => Some(ApiScope::RegistryWrite),
            (Self::ClearReviewFlags, _) => Some(ApiScope::RegistryWrite),
            (Self::ImportCivilEvents, _) => Some(ApiScope::CivilWrite),
            (Self::ReadDuplicates | Self::ReadDuplicateRuns, _) => Some(ApiScope::RegistryRead),
            (Self::DecideDuplicates | Self::RunDuplicates, _) => Some(ApiScope::RegistryWrite),
            // A dry run reads the registry and changes nothing.
            (Self::PreviewProgrammeRule, _) => Some(ApiScope::RegistryRead),
            // Publishing is done on the rule page, by a signed-in ministry officer.
            (Self::PublishProgrammeRule, _) => None,
            (Self::ReadEnrolments | Self::ReadMonitoring, _) => Some(ApiScope::RegistryRead),
            (Self::PrepareEnrolment | Self::ApproveEnrolment | Self::OverrideEnrolment, _) => {
                Some(ApiScope::RegistryWrite)
            }
            // A calibration changes nothing; publishing and runs change the scores.
            (Self::ManageWelfareModels, false) => Some(ApiScope::RegistryRead),
            (Self::ManageWelfareModels, true) => Some(ApiScope::RegistryWrite),
            (Self::ReadProposals, _) => Some(ApiScope::RegistryRead),
            (Self::MakeProposals | Self::DecideProposals, _) => Some(ApiScope::RegistryWrite),
            (Self::ReadBudgets | Self::ReadMerchants | Self::ReadVouchers, _)
            | (Self::ReportPayments, false) => Some(ApiScope::MoneyRead),
            (Self::ManageMerchants | Self::RedeemVouchers | Self::SetOfflineLimits, _) => {
                Some(ApiScope::MoneyWrite)
            }
            (Self::ReportPayments, true) => Some(ApiScope::MoneyWrite),
            (Self::ManageBudgets | Self::ManageCycles, _) => Some(ApiScope::MoneyWrite),
            (Self::ReadNotifications, _) => Some(ApiScope::RegistryRead),
            (Self::ManageNotifications, _) => Some(ApiScope::RegistryWrite),
            (Self::ReadDistributions, _) => Some(ApiScope::RegistryRead),
            (Self::ManageDistributions | Self::CheckInRecipients, _) => {
                Some(ApiScope::RegistryWrite)
            }
            (Self::ReadComplaints, _) | (Self::HandlePungliReports, false) => {
                Some(ApiScope::RegistryRead)
            }
            (Self::AnswerComplaints, _) | (Self::HandlePungliReports, true) => {
                Some(ApiScope::RegistryWrite)
            }
            (Self::PostNeeds | Self::ConfirmDonations, _) => Some(ApiScope::RegistryWrite),
            (Self::ReadDonationFlags, _) => Some(ApiScope::RegistryRead),
            (Self::PledgeDonations, false) => Some(ApiScope::MoneyRead),
            (Self::PledgeDonations, true) => Some(ApiScope::MoneyWrite),
            (Self::ViewDashboard, _) => None,
        }
    }
}

mod checks;
pub use checks::Denied;

#[cfg(test)]
mod tests;
