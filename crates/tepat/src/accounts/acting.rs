//! Who performs an account or token operation: an administrator through the web or the
//! API, or the command line, and what that means for the event and the region scope.

use super::error::AccountsError;
use crate::auth::Principal;
use crate::events::Actor;
use crate::region_code::RegionCode;

/// Who is acting: an administrator through the web or API, or the command line.
pub enum Acting<'a> {
    /// The principal and the request id to record with the event.
    Principal(&'a Principal, Option<String>),
    CommandLine,
    /// Someone without an account signing up on a public page, with the request id.
    Public(Option<String>),
}

impl Acting<'_> {
    pub(crate) fn actor(&self) -> Actor {
        match self {
            Self::Principal(p, _) => p.actor.clone(),
            Self::CommandLine => Actor::system(),
            Self::Public(_) => Actor {
                role: "citizen".into(),
                ..Actor::system()
            },
        }
    }

    pub(crate) fn request_id(&self) -> Option<String> {
        match self {
            Self::Principal(_, id) | Self::Public(id) => id.clone(),
            Self::CommandLine => None,
        }
    }

    /// The acting account, recorded as the creator of what it makes.
    pub(crate) fn account_id(&self) -> Option<i64> {
        match self {
            Self::Principal(p, _) => p.actor.id,
            Self::CommandLine | Self::Public(_) => None,
        }
    }

    /// The acting administrator's scope must contain the target scope.
    pub(crate) fn check_covers(&self, target: Option<&RegionCode>) -> Result<(), AccountsError> {
        match (self, target) {
            (Self::CommandLine, _) => Ok(()),
            (Self::Principal(p, _), Some(region)) if p.covers(region) => Ok(()),
            (Self::Principal(p, _), None) if p.region.is_none() => Ok(()),
            (Self::Public(_), None) => Ok(()),
            _ => Err(AccountsError::OutsideScope),
        }
    }
}
