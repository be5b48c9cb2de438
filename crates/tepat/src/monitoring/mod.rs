//! Monitoring for district, province and ministry officers and auditors: households per
//! desil per region, eligible against enrolled per programme with the overrides, the desil
//! counts of the last two scoring runs, and the movement of enrolled households between
//! desil — as tables, SVG charts, CSV and XLSX. See `README.md` in this folder.

pub mod decisions;
pub mod error;
pub mod kpi;
pub mod pages;
pub mod service;
pub mod store;

/// This feature's pages.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .pages(pages::routes())
        .pages(decisions::pages::routes())
        .api(kpi::api::router())
        .pages(kpi::pages::routes())
}
