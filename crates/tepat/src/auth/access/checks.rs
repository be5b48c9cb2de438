//! What a principal may do, checked: the refusal without the HTTP layer ([`Denied`]) and
//! the checks on [`Principal`] that features call.

use super::Permission;
use crate::auth::principal::Principal;
use crate::http::AppError;
use crate::region_code::RegionCode;

/// Why a principal may not do something, without the HTTP layer: feature services return
/// it inside their own error, and it renders as 403.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("forbidden for this role")]
    Role,
    #[error("missing API scope {0}")]
    Scope(&'static str),
}

impl From<Denied> for AppError {
    fn from(denied: Denied) -> Self {
        match denied {
            Denied::Role => Self::Forbidden,
            Denied::Scope(scope) => Self::MissingScope(scope),
        }
    }
}

impl Principal {
    /// As `require` (or `require_write` when `write`), for services that speak their
    /// feature's error rather than the HTTP one.
    pub fn allows(&self, permission: Permission, write: bool) -> Result<(), Denied> {
        if !permission.roles().contains(&self.role) {
            return Err(Denied::Role);
        }
        if let (Some(granted), Some(needed)) = (&self.token_scopes, permission.api_scope(write))
            && !granted.contains(&needed)
        {
            return Err(Denied::Scope(needed.as_str()));
        }
        Ok(())
    }

    /// Allows the action when the role has the permission (and a token has its scope).
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        self.require_access(permission, false)
    }

    /// Whether a link to the person page of a resident of `region` leads anywhere for this
    /// principal: the full record (`OpenPersonRecord`) or the auditor's view
    /// (`AuditPersonRecord`), inside their scope. Pages link a person only when it does.
    pub fn opens_person_in(&self, region: &RegionCode) -> bool {
        let may = |p: Permission| self.allows(p, false).is_ok();
        (may(Permission::OpenPersonRecord) || may(Permission::AuditPersonRecord))
            && self.covers(region)
    }

    /// As `require`, for actions that change state.
    pub fn require_write(&self, permission: Permission) -> Result<(), AppError> {
        self.require_access(permission, true)
    }

    fn require_access(&self, permission: Permission, write: bool) -> Result<(), AppError> {
        Ok(self.allows(permission, write)?)
    }

    /// As `require`, for a record looked up by id in `region`: a record outside the scope
    /// answers exactly like a missing one (404), so that nobody can count or probe ids
    /// beyond their region. A role without the permission at all still gets the 403.
    pub fn require_in(&self, permission: Permission, region: &RegionCode) -> Result<(), AppError> {
        self.require(permission)?;
        if self.covers(region) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// As `require`, for a region the caller names (a village to record a household in):
    /// one outside the scope is refused with 403, since the caller already knows it.
    pub fn require_in_region(
        &self,
        permission: Permission,
        region: &RegionCode,
    ) -> Result<(), AppError> {
        self.require(permission)?;
        if self.covers(region) {
            Ok(())
        } else {
            Err(AppError::OutsideScope)
        }
    }
}
