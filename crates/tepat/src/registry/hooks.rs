//! What other features add to the registry without the registry knowing them: notices on
//! the person page (review flags, duplicate holds) and work after a household is
//! registered (the duplicate check at entry). Each feature implements a trait here; the
//! application wiring puts the implementations in the state as parts, so the registry
//! depends on no feature and those features may depend on the registry.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use time::OffsetDateTime;

use super::store::{HouseholdId, PersonId};
use crate::auth::Principal;
use crate::db::Db;
use crate::events::Actor;
use crate::http::{AppError, AppState};
use crate::web::i18n::Lang;

/// The future a hook returns; boxed so the traits can be used as `dyn` objects.
pub type HookFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An open review flag as the person page lists it, already in the viewer's language.
#[derive(Debug, Clone)]
pub struct FlagNotice {
    /// The flag's id, for its link.
    pub id: i64,
    pub reason: String,
    pub source: String,
    pub subject: String,
    pub raised_at: String,
}

/// Everything shown above a person's record before anything else.
#[derive(Debug, Clone, Default)]
pub struct Notices {
    /// Open review flags on the person and their household.
    pub flags: Vec<FlagNotice>,
    /// Undecided duplicate pairs holding the person (badge "ditahan").
    pub holding_pairs: Vec<i64>,
    /// Whether the viewer may open those pairs.
    pub sees_pairs: bool,
    /// The person kept when this one was found to be registered twice.
    pub merged_into: Option<PersonId>,
}

impl Notices {
    /// Adds what another source found.
    pub fn merge(&mut self, other: Notices) {
        self.flags.extend(other.flags);
        self.holding_pairs.extend(other.holding_pairs);
        self.sees_pairs |= other.sees_pairs;
        self.merged_into = self.merged_into.or(other.merged_into);
    }
}

/// A feature that has something to say on the person page. The page is where it is
/// called, so it answers with the page's error.
pub trait PersonNotices: Send + Sync {
    fn for_person<'a>(
        &'a self,
        db: &'a Db,
        viewer: &'a Principal,
        person: PersonId,
        lang: Lang,
    ) -> HookFuture<'a, Result<Notices, AppError>>;
}

/// Every source of person notices, as the state holds them.
pub type NoticeSources = Vec<Arc<dyn PersonNotices>>;

/// Work done once a household registered at entry is committed. It cannot undo the
/// registration, so it handles its own failures.
pub trait AfterRegister: Send + Sync {
    fn after_register<'a>(
        &'a self,
        db: &'a Db,
        household: HouseholdId,
        actor: &'a Actor,
        now: OffsetDateTime,
    ) -> HookFuture<'a, ()>;
}

/// Collects the notices of every source in the state, in the order they were wired.
pub async fn notices_for(
    state: &AppState,
    viewer: &Principal,
    person: PersonId,
    lang: Lang,
) -> Result<Notices, AppError> {
    let mut notices = Notices::default();
    for source in state.part::<NoticeSources>().into_iter().flatten() {
        notices.merge(source.for_person(&state.db, viewer, person, lang).await?);
    }
    Ok(notices)
}

/// The work after registration that the state was wired with. A router built without it
/// is a wiring mistake: registering would silently skip the duplicate check.
pub fn after_register(state: &AppState) -> Result<Arc<dyn AfterRegister>, AppError> {
    state
        .part::<Arc<dyn AfterRegister>>()
        .cloned()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no AfterRegister hook is wired")))
}
