//! The monthly monitoring of decisions (`/pemantauan/keputusan`): per region (down to the
//! village) and per month in WIB, proposals by kind and outcome, objections by reason and
//! outcome, the days spent at each step of the chain, overdue items, flagged proposals,
//! the officials linked to proposed households and each official's deadlines — as tables,
//! SVG charts, CSV and XLSX. See `README.md` in the parent folder.

pub mod pages;
pub mod service;
mod store;
pub mod tables;
