//! Monthly village updates (*usulan perubahan*, as in SIKS-NG): a village operator proposes
//! a change to a household — correct its data or a member's, add a member, record a death
//! or a move, split or merge the family, change its KK number, close it — with a reason and
//! evidence. A district officer approves it (the change is written then, as new versions)
//! or returns it with a note. The proposer stays on the record: every version the change
//! writes names the request and its proposer, and the request keeps both names forever.

pub mod api;
pub mod apply;
pub mod pages;
pub mod store;

use crate::events::Action;
use crate::registry::rules::PersonInput;

pub const PROPOSED: Action = Action("change_request.proposed");
pub const APPROVED: Action = Action("change_request.approved");
pub const RETURNED: Action = Action("change_request.returned");

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
    KoreksiAnggota { person_id: i64, person: PersonInput },
    /// Add a member (a birth, a marriage, someone who joined the family).
    TambahAnggota { person: PersonInput },
    /// Record a member's death.
    Kematian { person_id: i64, date: String },
    /// A member left the family (moved away, or was wrongly listed): the record stays,
    /// marked `pindah` with the date.
    Pindah { person_id: i64, date: String },
    /// Some members form a new family under a new KK number; `head` becomes its head.
    PecahKk {
        new_kk: String,
        members: Vec<i64>,
        head: i64,
    },
    /// The family with KK `other_kk` joins this one; that household is closed.
    GabungKk { other_kk: String },
    /// The family received a new KK number (the household keeps its id and history).
    GantiKk { new_kk: String },
    /// Close the household (e.g. registered twice); nothing is deleted.
    TutupKk,
}

impl Proposal {
    pub const KINDS: [&'static str; 9] = [
        "koreksi_keluarga",
        "koreksi_anggota",
        "tambah_anggota",
        "kematian",
        "pindah",
        "pecah_kk",
        "gabung_kk",
        "ganti_kk",
        "tutup_kk",
    ];

    pub fn kind(&self) -> &'static str {
        match self {
            Self::KoreksiKeluarga { .. } => "koreksi_keluarga",
            Self::KoreksiAnggota { .. } => "koreksi_anggota",
            Self::TambahAnggota { .. } => "tambah_anggota",
            Self::Kematian { .. } => "kematian",
            Self::Pindah { .. } => "pindah",
            Self::PecahKk { .. } => "pecah_kk",
            Self::GabungKk { .. } => "gabung_kk",
            Self::GantiKk { .. } => "ganti_kk",
            Self::TutupKk => "tutup_kk",
        }
    }

    /// The member the request is about, when there is one.
    pub fn person_id(&self) -> Option<i64> {
        match self {
            Self::KoreksiAnggota { person_id, .. }
            | Self::Kematian { person_id, .. }
            | Self::Pindah { person_id, .. } => Some(*person_id),
            _ => None,
        }
    }
}

/// The text key of a kind, for pages.
pub fn kind_key(kind: &str) -> &'static str {
    match kind {
        "koreksi_keluarga" => "change.kind.koreksi_keluarga",
        "koreksi_anggota" => "change.kind.koreksi_anggota",
        "tambah_anggota" => "change.kind.tambah_anggota",
        "kematian" => "change.kind.kematian",
        "pindah" => "change.kind.pindah",
        "pecah_kk" => "change.kind.pecah_kk",
        "gabung_kk" => "change.kind.gabung_kk",
        "ganti_kk" => "change.kind.ganti_kk",
        _ => "change.kind.tutup_kk",
    }
}

/// A request's state.
pub const STATUS_PROPOSED: &str = "diajukan";
pub const STATUS_APPROVED: &str = "disetujui";
pub const STATUS_RETURNED: &str = "dikembalikan";

/// The text key of a status, for pages.
pub fn status_key(status: &str) -> &'static str {
    match status {
        STATUS_APPROVED => "change.status.disetujui",
        STATUS_RETURNED => "change.status.dikembalikan",
        _ => "change.status.diajukan",
    }
}

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
}
