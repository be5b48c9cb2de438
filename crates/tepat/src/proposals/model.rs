//! Proposals as the feature speaks of them: kinds, removal reasons, the levels of the
//! verification chain, statuses, the bases of a conflict of interest, and a proposal as
//! served with its steps and flags.

use serde_json::Value;

use crate::auth::Role;
use crate::web::i18n::Lang;

/// What a proposal asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Add the household to the programme.
    Enrol,
    /// End the household's enrolment in the programme.
    Remove,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Enrol, Kind::Remove];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enrol => "enrol",
            Self::Remove => "remove",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn label(self, lang: Lang) -> String {
        match self {
            Self::Enrol => lang.pick("Usul masuk program", "Add to the programme"),
            Self::Remove => lang.pick("Usul keluar program", "Remove from the programme"),
        }
    }
}

/// Why a household is proposed: `eligible` for an addition, one of the removal reasons
/// of the national form otherwise.
pub const REASONS: [&str; 7] = [
    "eligible",
    "deceased",
    "moved",
    "not_poor",
    "duplicate",
    "civil_servant",
    "other",
];

/// The reasons a removal may give.
pub const REMOVAL_REASONS: [&str; 6] = [
    "deceased",
    "moved",
    "not_poor",
    "duplicate",
    "civil_servant",
    "other",
];

/// A reason in words.
pub fn reason_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        "eligible" => ("Layak menerima", "Eligible"),
        "deceased" => ("Meninggal dunia", "Deceased"),
        "moved" => ("Pindah domisili", "Moved away"),
        "not_poor" => ("Sudah tidak miskin", "No longer poor"),
        "duplicate" => ("Terdaftar ganda", "Listed twice"),
        "civil_servant" => ("ASN/TNI/Polri", "Civil servant, military or police"),
        "other" => ("Lainnya", "Other"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// A level of the verification chain, in the order a proposal climbs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Village,
    District,
    Province,
    Ministry,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Village,
        Level::District,
        Level::Province,
        Level::Ministry,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Village => "village",
            Self::District => "district",
            Self::Province => "province",
            Self::Ministry => "ministry",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == text)
    }

    /// The role whose officials decide this step.
    pub fn role(self) -> Role {
        match self {
            Self::Village => Role::VillageOperator,
            Self::District => Role::DistrictOfficer,
            Self::Province => Role::ProvinceOfficer,
            Self::Ministry => Role::MinistryOfficer,
        }
    }

    /// The list of proposals waiting at this step.
    pub fn queue_href(self) -> &'static str {
        match self {
            Self::Village => "/usulan-bansos?status=pending&step=village",
            Self::District => "/usulan-bansos?status=pending&step=district",
            Self::Province => "/usulan-bansos?status=pending&step=province",
            Self::Ministry => "/usulan-bansos?status=pending&step=ministry",
        }
    }

    pub fn label(self, lang: Lang) -> String {
        match self {
            Self::Village => lang.pick("Desa/kelurahan", "Village"),
            Self::District => lang.pick("Dinas sosial kabupaten/kota", "District social office"),
            Self::Province => lang.pick("Dinas sosial provinsi", "Province social office"),
            Self::Ministry => lang.pick("Kementerian Sosial", "Ministry of Social Affairs"),
        }
    }
}

/// A programme's chain, read from its stored text (`village,district,…`); unknown names
/// are left out, and an empty chain is the village alone.
pub fn chain_of(text: &str) -> Vec<Level> {
    let mut chain: Vec<Level> = text
        .split(',')
        .filter_map(|s| Level::parse(s.trim()))
        .collect();
    chain.dedup();
    if chain.is_empty() {
        chain.push(Level::Village);
    }
    chain
}

/// Days an item may wait at one step before it is overdue, unless its programme allows
/// other days at that level (`proposal_step_days`).
pub const STEP_DAYS: i64 = 14;

/// Where a proposal stands.
pub const PENDING: &str = "pending";
pub const APPROVED: &str = "approved";
pub const RETURNED: &str = "returned";

/// A status in words.
pub fn status_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        PENDING => ("Dalam verifikasi", "Being verified"),
        APPROVED => ("Disetujui", "Approved"),
        RETURNED => ("Dikembalikan", "Returned"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// How an official is linked to a proposed household.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The official's own household (same KK now).
    SameHousehold,
    /// A member of one household was once in the other (same KK in its history).
    HouseholdHistory,
    /// The same address, RT and RW in the same village.
    SameAddress,
    /// A family name that sounds the same, in the same RW.
    FamilyName,
    /// The household of an official account (not the proposer's).
    OfficialHousehold,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SameHousehold => "same_household",
            Self::HouseholdHistory => "household_history",
            Self::SameAddress => "same_address",
            Self::FamilyName => "family_name",
            Self::OfficialHousehold => "official_household",
        }
    }
}

/// A basis in words.
pub fn basis_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        "same_household" => ("Satu KK dengan pejabat", "The official's own household"),
        "household_history" => (
            "Pernah satu KK dengan pejabat",
            "Once in one household with the official",
        ),
        "same_address" => (
            "Alamat, RT dan RW sama dengan pejabat",
            "Same address, RT and RW as the official",
        ),
        "family_name" => (
            "Nama keluarga mirip dalam RW yang sama",
            "A family name that sounds the same, in the same RW",
        ),
        "official_household" => ("Keluarga seorang pejabat", "An official's household"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// Who did something: an account (or the system), its role and its name as recorded.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ProposalOfficial)]
pub struct Named {
    /// `account`, `token`, `system`, or `citizen` for a resident's proposal from the
    /// public site (whose `id` is then empty).
    pub kind: String,
    pub id: Option<i64>,
    pub role: String,
    pub name: String,
}

/// One step's decision.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ProposalStep)]
pub struct StepDecision {
    /// `village`, `district`, `province` or `ministry`.
    pub step: String,
    /// `approved` or `returned`.
    pub decision: String,
    pub official: Named,
    pub note: String,
    /// UTC, RFC 3339.
    pub decided_at: String,
}

/// A link found between an official and the proposed household. Never removed.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ProposalConflict)]
pub struct Conflict {
    pub account_id: i64,
    pub account_role: String,
    /// `same_household`, `household_history`, `same_address`, `family_name` or
    /// `official_household`.
    pub basis: String,
    /// What was found: household ids, the names that sound alike, the address.
    #[schema(value_type = Object)]
    pub evidence: Value,
    /// UTC, RFC 3339.
    pub found_at: String,
}

/// A proposal as served.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = AidProposal)]
pub struct Proposal {
    pub id: i64,
    /// `enrol`, `remove`, or `change_data` for a registry change request of `changes/`
    /// (its id is the change request's).
    pub kind: String,
    pub household_id: i64,
    /// The head of the household's name, as the caller may see it.
    pub household_head: Option<String>,
    /// The household's village when proposed.
    pub region_code: String,
    pub programme: String,
    /// `eligible`, or a removal reason: `deceased`, `moved`, `not_poor`, `duplicate`,
    /// `civil_servant`, `other`.
    pub reason: String,
    pub note: String,
    /// `pending`, `approved` or `returned`.
    pub status: String,
    /// The level deciding now; once closed, the last level that decided.
    pub step: String,
    /// The levels of the programme's chain, in order.
    pub chain: Vec<String>,
    /// UTC, RFC 3339: when the proposal reached its step.
    pub step_since: String,
    /// UTC, RFC 3339: when the current step is due, after the days its programme allows at
    /// that level (`proposal_step_days`, 14 by default).
    pub due_at: String,
    /// Pending at its step past `due_at`.
    pub overdue: bool,
    /// A link between an official and the household was found (see `conflicts`).
    pub flagged: bool,
    pub proposer: Named,
    /// UTC, RFC 3339.
    pub created_at: String,
    pub closed_at: Option<String>,
    /// The enrolment started (or ended) at the end of the chain.
    pub enrolment_id: Option<i64>,
    /// Its page: `/usulan-bansos/{id}`, or `/usulan/{id}` for a change request.
    pub url: String,
    /// Its API resource: `/api/v1/proposals/{id}`, or `/api/v1/change-requests/{id}`.
    pub api_url: String,
    /// A citizen proposal's tracking code (`USL-…`); none for officials' proposals.
    pub tracking_code: Option<String>,
    /// Files sent with the proposal (read one at
    /// `/api/v1/proposals/{id}/evidence/{evidence_id}`); empty in lists.
    pub evidence: Vec<super::evidence::EvidenceItem>,
    pub steps: Vec<StepDecision>,
    pub conflicts: Vec<Conflict>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_reads_known_levels_in_order_and_defaults_to_the_village() {
        assert_eq!(
            chain_of("village,district,province,ministry"),
            Level::ALL.to_vec()
        );
        assert_eq!(chain_of("village"), vec![Level::Village]);
        assert_eq!(chain_of(" village , planet"), vec![Level::Village]);
        assert_eq!(chain_of(""), vec![Level::Village]);
    }

    #[test]
    fn codes_round_trip_and_speak_both_languages() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        for level in Level::ALL {
            assert_eq!(Level::parse(level.as_str()), Some(level));
        }
        assert_eq!(Kind::parse("delete"), None);
        assert_eq!(reason_label("not_poor", Lang::Id), "Sudah tidak miskin");
        assert!(basis_label("family_name", Lang::En).contains("RW"));
        assert_eq!(status_label(RETURNED, Lang::Id), "Dikembalikan");
    }
}
