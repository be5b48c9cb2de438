//! Review flags (tanda tinjauan): a mark on a record that an official must look at before
//! aid flows on — a death or a move reported by the civil registry, a corrected NIK, and
//! later whatever targeting or disbursement find. A flag names its subject (any record type
//! and id), the region, a reason code, its source and details; it is raised and cleared
//! with an event each, and never deleted. See `README.md` in this folder.

pub mod api;
pub mod error;
pub mod notices;
pub mod pages;
mod refusal;
pub mod service;
pub mod store;

use crate::db::{Db, StoreError};
use crate::web::i18n::Lang;

pub use store::{NewFlag, ReviewFlag};

/// Subject types flags point at. Later features add their own (`enrolment`, `payment`).
pub const SUBJECT_PERSON: &str = "person";
pub const SUBJECT_HOUSEHOLD: &str = "household";

/// Reason codes.
pub const REASON_DEATH: &str = "death";
pub const REASON_MOVE: &str = "move";
pub const REASON_NIK_CORRECTION: &str = "nik_correction";

/// Sources.
pub const SOURCE_CIVIL_REGISTRY: &str = "civil-registry";

/// Flag states.
pub const OPEN: &str = "open";
pub const CLEARED: &str = "cleared";

/// The open flags on a person and on the household they belong to, newest first: what an
/// enrolment or payment step asks before it lets aid flow to that person.
pub async fn open_flags_for(db: &Db, person_id: i64) -> Result<Vec<ReviewFlag>, StoreError> {
    store::open_for_person(db, person_id).await
}

/// A reason code in words.
pub fn reason_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        REASON_DEATH => ("Kematian", "Death"),
        REASON_MOVE => ("Pindah domisili", "Moved away"),
        REASON_NIK_CORRECTION => ("Koreksi NIK", "NIK corrected"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// A source in words.
pub fn source_label(code: &str, lang: Lang) -> String {
    match code {
        SOURCE_CIVIL_REGISTRY => lang.pick("Dukcapil (register sipil)", "civil registry"),
        other => other.to_owned(),
    }
}

/// A flag's state in words.
pub fn status_label(code: &str, lang: Lang) -> String {
    match code {
        OPEN => lang.pick("terbuka", "open"),
        CLEARED => lang.pick("selesai ditinjau", "cleared"),
        other => other.to_owned(),
    }
}

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_speak_both_languages_and_keep_unknown_codes() {
        assert_eq!(reason_label(REASON_DEATH, Lang::Id), "Kematian");
        assert_eq!(reason_label(REASON_DEATH, Lang::En), "Death");
        assert_eq!(reason_label("duplicate", Lang::Id), "duplicate");
        assert_eq!(status_label(CLEARED, Lang::En), "cleared");
        assert_eq!(
            source_label(SOURCE_CIVIL_REGISTRY, Lang::En),
            "civil registry"
        );
    }
}
