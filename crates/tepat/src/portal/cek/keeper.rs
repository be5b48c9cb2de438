//! The Cek Bansos index as the server keeps it (`../kept.rs`): read whole from the
//! registry, and read again when the event trail's mark moves (every change to households,
//! persons, welfare scores or enrolments appends an event).

use time::OffsetDateTime;

use super::index::Index;
use super::store;
use crate::db::{Db, StoreError};
use crate::portal::kept::{self, Kept, Source};

/// One read of the registry.
pub type Copy = kept::Copy<Index>;
/// The server's index, shared by its requests.
pub type Keeper = Kept<Index>;

impl Source for Index {
    const NAME: &'static str = "Cek Bansos index";

    async fn read(db: &Db, _now: OffsetDateTime) -> Result<Self, StoreError> {
        let index = store::load(db).await?;
        tracing::info!(persons = index.person_count(), "Cek Bansos index");
        Ok(index)
    }
}
