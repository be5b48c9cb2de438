//! What an application is made of: the family's input as sent, the application as officers
//! see it, the answer the family gets on the status page, and a verifier's findings.

use std::collections::BTreeMap;

use crate::changes::store::EvidenceInfo;
use crate::registry::rules::PersonInput;
use crate::registry::survey::Survey;

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
    pub id: i64,
    pub tracking_number: String,
    pub region_code: String,
    /// `diajukan`, `diverifikasi`, `diterima` or `ditolak`.
    pub status: String,
    pub submitted_at: String,
    pub head_name: String,
    pub member_count: i64,
    pub input: ApplicationInput,
    /// `sesuai`, `tidak_sesuai` or `tidak_ditemukan`, once the field visit is recorded.
    pub visit_result: Option<String>,
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
    /// `diajukan`, `diverifikasi`, `diterima` or `ditolak`.
    pub status: String,
    pub submitted_at: String,
    pub decided_at: Option<String>,
    /// Why the application was rejected, when it was.
    pub rejection_reason: Option<String>,
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
