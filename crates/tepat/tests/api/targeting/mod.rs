//! Targeting: a scoring run scores every surveyed household and no other, writes one event
//! whose changes carry the digest of its rows, keeps each household's history, ranks desil
//! in SQL as the stated formula does; the welfare API and the household page explain a
//! score; bad models and versions are refused with nothing changed.

mod api_calibration;
mod calibration_pages;
pub mod fixtures;
mod runs;
mod web_runs;
mod welfare;
