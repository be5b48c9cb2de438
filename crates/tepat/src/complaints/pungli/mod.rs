//! Reports of extortion (pelaporan pungli): anonymous, held by a secret code, addressed to
//! the inspectorate above the accused, escalated when not answered in time; counted in
//! public, never shown.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
