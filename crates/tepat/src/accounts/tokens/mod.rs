//! API tokens for machine clients (banks, merchants, other agencies): each belongs to an
//! account and acts as it — its identity, role and region scope — with a subset of the
//! scopes its role allows; shown once at creation, stored only as a hash, revocable.

mod model;
pub mod rules;
pub mod service;
pub mod store;

pub use model::{ApiToken, TOKEN_PREFIX, TokenId};
pub use service::{CreatedToken, Revocation, TokenInput, authenticate, create_token, revoke_token};
