//! Who is asking: the principal a request acts as, roles, region scopes, the permission
//! table and the extractors handlers take. Account management lives in `accounts/`.

mod access;
mod extract;
mod principal;
mod role;

pub use access::{ApiScope, Denied, Permission};
pub use extract::{ApiCaller, Auth, MaybeSignedIn, SignedIn};
pub use principal::{AccountId, Principal};
pub use role::{Role, RoleError, ScopeRule};
