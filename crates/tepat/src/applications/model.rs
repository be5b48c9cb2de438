//! What an application is made of: its id and statuses, the family's input as sent, the
//! application as officers see it, the answer the family gets on the status page, and a
//! verifier's findings.

use std::collections::BTreeMap;

use crate::changes::store::EvidenceInfo;
use crate::registry::rules::PersonInput;
use crate::registry::survey::Survey;

/// An application's database id.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct ApplicationId(pub i64);

impl std::fmt::Display for ApplicationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Where an application stands. The stored codes are Indonesian, like the statuses of
/// change requests.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
pub enum Status {
    #[serde(rename = "diajukan")]
    Submitted,
    #[serde(rename = "diverifikasi")]
    Verified,
    #[serde(rename = "diterima")]
    Accepted,
    #[serde(rename = "ditolak")]
    Rejected,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Self::Submitted,
        Self::Verified,
        Self::Accepted,
        Self::Rejected,
    ];

    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "diajukan",
            Self::Verified => "diverifikasi",
            Self::Accepted => "diterima",
            Self::Rejected => "ditolak",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == code)
    }

    /// The text key for pages.
    pub fn text_key(self) -> &'static str {
        match self {
            Self::Submitted => "application.status.diajukan",
            Self::Verified => "application.status.diverifikasi",
            Self::Accepted => "application.status.diterima",
            Self::Rejected => "application.status.ditolak",
        }
    }
}

/// What the field visit found.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
pub enum VisitResult {
    /// The family lives there and the data matches what was sent.
    #[serde(rename = "sesuai")]
    Confirmed,
    /// The family was found but the data does not match.
    #[serde(rename = "tidak_sesuai")]
    Mismatch,
    /// Nobody of the family was found at the address.
    #[serde(rename = "tidak_ditemukan")]
    NotFound,
}

impl VisitResult {
    pub const ALL: [VisitResult; 3] = [Self::Confirmed, Self::Mismatch, Self::NotFound];

    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "sesuai",
            Self::Mismatch => "tidak_sesuai",
            Self::NotFound => "tidak_ditemukan",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == code.trim())
    }

    pub fn text_key(self) -> &'static str {
        match self {
            Self::Confirmed => "application.visit.sesuai",
            Self::Mismatch => "application.visit.tidak_sesuai",
            Self::NotFound => "application.visit.tidak_ditemukan",
        }
    }
}

/// A family's application as typed, before any rule is applied. The JSON form is the API's
/// request body (without documents) and what is stored.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ApplicationInput {
    /// KK number, 16 digits.
    pub kk: String,
    /// Kemendagri village code, e.g. `31.75.07.1003`.
    pub village_code: String,
    pub address: String,
    pub rt: String,
    pub rw: String,
    /// An Indonesian number; stored as E.164.
    pub phone: String,
    /// Every member of the family; exactly one with `relationship` `kepala`.
    pub members: Vec<PersonInput>,
    /// A short statement of need, 10 to 1000 characters.
    pub statement: String,
}

/// An application as officers see it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Application {
    pub id: ApplicationId,
    pub tracking_number: String,
    pub region_code: String,
    pub status: Status,
    pub submitted_at: String,
    pub head_name: String,
    pub member_count: i64,
    pub input: ApplicationInput,
    /// Once the field visit is recorded.
    pub visit_result: Option<VisitResult>,
    pub visit_note: Option<String>,
    pub survey: Option<Survey>,
    pub verifier_name: Option<String>,
    pub verifier_role: Option<String>,
    pub verified_at: Option<String>,
    pub decider_name: Option<String>,
    pub decider_role: Option<String>,
    pub decided_at: Option<String>,
    /// Why it was rejected (shown to the family), or the acceptance note.
    pub decision_reason: Option<String>,
    /// The household created when it was accepted.
    pub household_id: Option<i64>,
    pub documents: Vec<EvidenceInfo>,
}

/// What the family sees when checking the status: no personal data beyond the number.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PublicStatus {
    pub tracking_number: String,
    pub status: Status,
    pub submitted_at: String,
    pub decided_at: Option<String>,
    /// Why the application was rejected, when it was.
    pub rejection_reason: Option<String>,
    /// The family's aid once the household is in the registry: each cycle's entitlement
    /// and where its payment stands.
    pub aid: Vec<crate::disbursement::recipient::RecipientPayment>,
}

/// A verifier's findings from the field visit.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct VerificationInput {
    /// `sesuai` (the family and the data match), `tidak_sesuai` or `tidak_ditemukan`.
    pub visit_result: String,
    /// What the visit found, in a few words.
    pub visit_note: String,
    /// Survey attributes by column name as in the household import (`floor_material`:
    /// `tanah`, `owns_land`: `tidak`, `income_bracket`: `1` …); empty values stay unknown.
    pub survey: BTreeMap<String, String>,
}

/// A document photo or scan sent with an application.
pub type Document = crate::changes::store::Evidence;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_visit_results_round_trip() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
            let json = serde_json::to_value(status).unwrap_or_default();
            assert_eq!(json, status.as_str());
        }
        for visit in VisitResult::ALL {
            assert_eq!(VisitResult::parse(visit.as_str()), Some(visit));
            let json = serde_json::to_value(visit).unwrap_or_default();
            assert_eq!(json, visit.as_str());
        }
        assert_eq!(Status::parse("hapus"), None);
        assert_eq!(VisitResult::parse("mungkin"), None);
    }
}
