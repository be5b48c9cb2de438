//! Change requests as the feature speaks of them: the request's id, what it asks for (its
//! kind and proposal), its state, and a decision on it.

use std::fmt;

use serde_json::Value;

use super::evidence::EvidenceInfo;
use crate::registry::rules::PersonInput;
use crate::registry::store::{HouseholdId, PersonId};

/// A change request's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct ChangeRequestId(pub i64);

impl fmt::Display for ChangeRequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What a request asks for, as a code: the `kind` of its proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    KoreksiKeluarga,
    KoreksiAnggota,
    TambahAnggota,
    Kematian,
    Pindah,
    PecahKk,
    GabungKk,
    GantiKk,
    TutupKk,
}

impl ChangeKind {
    pub const ALL: [Self; 9] = [
        Self::KoreksiKeluarga,
        Self::KoreksiAnggota,
        Self::TambahAnggota,
        Self::Kematian,
        Self::Pindah,
        Self::PecahKk,
        Self::GabungKk,
        Self::GantiKk,
        Self::TutupKk,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::KoreksiKeluarga => "koreksi_keluarga",
            Self::KoreksiAnggota => "koreksi_anggota",
            Self::TambahAnggota => "tambah_anggota",
            Self::Kematian => "kematian",
            Self::Pindah => "pindah",
            Self::PecahKk => "pecah_kk",
            Self::GabungKk => "gabung_kk",
            Self::GantiKk => "ganti_kk",
            Self::TutupKk => "tutup_kk",
        }
    }

    /// The kind a stored or submitted code names, if any.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == code)
    }

    /// The text key of the kind, for pages.
    pub fn text_key(self) -> &'static str {
        match self {
            Self::KoreksiKeluarga => "change.kind.koreksi_keluarga",
            Self::KoreksiAnggota => "change.kind.koreksi_anggota",
            Self::TambahAnggota => "change.kind.tambah_anggota",
            Self::Kematian => "change.kind.kematian",
            Self::Pindah => "change.kind.pindah",
            Self::PecahKk => "change.kind.pecah_kk",
            Self::GabungKk => "change.kind.gabung_kk",
            Self::GantiKk => "change.kind.ganti_kk",
            Self::TutupKk => "change.kind.tutup_kk",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request's state: proposed, then approved or returned, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub enum ChangeStatus {
    #[serde(rename = "diajukan")]
    Proposed,
    #[serde(rename = "disetujui")]
    Approved,
    #[serde(rename = "dikembalikan")]
    Returned,
}

impl ChangeStatus {
    pub const ALL: [Self; 3] = [Self::Proposed, Self::Approved, Self::Returned];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposed => "diajukan",
            Self::Approved => "disetujui",
            Self::Returned => "dikembalikan",
        }
    }

    /// The state a stored or requested code names, if any.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == code)
    }

    /// The text key of the state, for pages.
    pub fn text_key(self) -> &'static str {
        match self {
            Self::Proposed => "change.status.diajukan",
            Self::Approved => "change.status.disetujui",
            Self::Returned => "change.status.dikembalikan",
        }
    }
}

impl fmt::Display for ChangeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a request asks for. The JSON form is the API's request body and what is stored.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Proposal {
    /// Correct the household's address, RT/RW or phone.
    KoreksiKeluarga {
        address: String,
        rt: String,
        rw: String,
        #[serde(default)]
        phone: String,
    },
    /// Correct a member's data (the whole member as it should read).
    KoreksiAnggota {
        #[schema(value_type = i64)]
        person_id: PersonId,
        person: PersonInput,
    },
    /// Add a member (a birth, a marriage, someone who joined the family).
    TambahAnggota { person: PersonInput },
    /// Record a member's death.
    Kematian {
        #[schema(value_type = i64)]
        person_id: PersonId,
        date: String,
    },
    /// A member left the family (moved away, or was wrongly listed): the record stays,
    /// marked `pindah` with the date.
    Pindah {
        #[schema(value_type = i64)]
        person_id: PersonId,
        date: String,
    },
    /// Some members form a new family under a new KK number; `head` becomes its head.
    PecahKk {
        new_kk: String,
        #[schema(value_type = Vec<i64>)]
        members: Vec<PersonId>,
        #[schema(value_type = i64)]
        head: PersonId,
    },
    /// The family with KK `other_kk` joins this one; that household is closed.
    GabungKk { other_kk: String },
    /// The family received a new KK number (the household keeps its id and history).
    GantiKk { new_kk: String },
    /// Close the household (e.g. registered twice); nothing is deleted.
    TutupKk,
}

impl Proposal {
    pub fn kind(&self) -> ChangeKind {
        match self {
            Self::KoreksiKeluarga { .. } => ChangeKind::KoreksiKeluarga,
            Self::KoreksiAnggota { .. } => ChangeKind::KoreksiAnggota,
            Self::TambahAnggota { .. } => ChangeKind::TambahAnggota,
            Self::Kematian { .. } => ChangeKind::Kematian,
            Self::Pindah { .. } => ChangeKind::Pindah,
            Self::PecahKk { .. } => ChangeKind::PecahKk,
            Self::GabungKk { .. } => ChangeKind::GabungKk,
            Self::GantiKk { .. } => ChangeKind::GantiKk,
            Self::TutupKk => ChangeKind::TutupKk,
        }
    }

    /// The member the request is about, when there is one.
    pub fn person_id(&self) -> Option<PersonId> {
        match self {
            Self::KoreksiAnggota { person_id, .. }
            | Self::Kematian { person_id, .. }
            | Self::Pindah { person_id, .. } => Some(*person_id),
            _ => None,
        }
    }
}

/// Who proposed a request, as the four-eyes rule compares it with the decider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposerKey {
    /// The actor kind (`account`, `token` …).
    pub kind: String,
    pub id: Option<i64>,
}

/// A change request with its decision.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ChangeRequest {
    #[schema(value_type = i64)]
    pub id: ChangeRequestId,
    #[schema(value_type = i64)]
    pub household_id: HouseholdId,
    #[schema(value_type = Option<i64>)]
    pub person_id: Option<PersonId>,
    pub region_code: String,
    pub kind: ChangeKind,
    pub proposal: Proposal,
    pub reason: String,
    pub status: ChangeStatus,
    pub proposer_name: String,
    pub proposer_role: String,
    pub proposed_at: String,
    pub decider_name: Option<String>,
    pub decided_at: Option<String>,
    pub decision_note: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub result: Option<Value>,
    pub evidence: Vec<EvidenceInfo>,
    #[serde(skip)]
    pub proposer: ProposerKey,
}

/// A decision on a proposed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Return,
}

impl Decision {
    /// The state the request takes.
    pub fn status(self) -> ChangeStatus {
        match self {
            Self::Approve => ChangeStatus::Approved,
            Self::Return => ChangeStatus::Returned,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_as_what_they_name() {
        for kind in ChangeKind::ALL {
            assert_eq!(ChangeKind::parse(kind.as_str()), Some(kind));
        }
        for status in ChangeStatus::ALL {
            assert_eq!(ChangeStatus::parse(status.as_str()), Some(status));
            let json = serde_json::to_value(status).expect("serialises");
            assert_eq!(json, status.as_str());
        }
        assert_eq!(ChangeKind::parse("hapus_semua"), None);
        assert_eq!(ChangeStatus::parse("ditolak"), None);
    }
}
