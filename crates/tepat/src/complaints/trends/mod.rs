//! What the community reports (CROP) for officials: complaints per category, region and
//! week, rising categories highlighted and linked to their reports, and the places
//! reported plotted on a plain SVG. See `../README.md`.

pub mod api;
pub mod pages;
pub mod service;
mod store;
