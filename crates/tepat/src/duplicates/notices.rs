//! The duplicate queue's part in the registry, through its hooks: the person page shows the
//! undecided pairs holding a person and whom they were merged into, and a household
//! registered at entry has its members compared with the registry right away.

use time::OffsetDateTime;

use super::{check, holds};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::events::Actor;
use crate::http::AppError;
use crate::registry::hooks::{AfterRegister, HookFuture, Notices, PersonNotices};
use crate::registry::store::{HouseholdId, PersonId};
use crate::web::i18n::Lang;

/// Duplicate holds as person notices, and the check at entry.
pub struct DuplicateNotices;

impl PersonNotices for DuplicateNotices {
    fn for_person<'a>(
        &'a self,
        db: &'a Db,
        viewer: &'a Principal,
        person: PersonId,
        _lang: Lang,
    ) -> HookFuture<'a, Result<Notices, AppError>> {
        Box::pin(async move {
            Ok(Notices {
                holding_pairs: holds::pairs_holding(db, person.0).await?,
                sees_pairs: Permission::ReadDuplicates.roles().contains(&viewer.role),
                merged_into: holds::merged_into(db, person.0).await?.map(PersonId),
                ..Notices::default()
            })
        })
    }
}

impl AfterRegister for DuplicateNotices {
    /// The new members are compared with those already registered; likely duplicates go
    /// to the review queue and hold the persons until decided.
    fn after_register<'a>(
        &'a self,
        db: &'a Db,
        household: HouseholdId,
        actor: &'a Actor,
        now: OffsetDateTime,
    ) -> HookFuture<'a, ()> {
        Box::pin(check::check_household(db, household.0, actor, now))
    }
}
