//! Who is asking: the principal a request acts as, roles, region scopes, the permission
//! table, what each principal may see of personal data, and the extractors handlers take.
//! Account management lives in `accounts/`.

mod access;
mod extract;
mod principal;
mod redact;
mod role;
mod scope;
mod visibility;

pub use access::{Denied, Permission};
pub use extract::{ApiCaller, Auth, MaybeSignedIn, SignedIn};
pub use principal::{AccountId, Principal};
pub use redact::{Redactor, mask_number_runs};
pub use role::{Role, RoleError, ScopeRule};
pub use scope::ApiScope;
pub use visibility::{Field, HIDDEN, Visibility, mask_number};
