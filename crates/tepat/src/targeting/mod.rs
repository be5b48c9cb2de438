//! Targeting (penargetan): an explainable welfare score — a proxy-means test (PMT) over the
//! survey and the household's composition, estimating log consumption per person — and the
//! desil it ranks each household into, with each attribute's contribution shown. Models are
//! versioned and published with an event; a scoring run is one event whose log entry
//! commits to every score it wrote. See `README.md` in this folder.

pub mod api;
pub mod attributes;
pub mod calibrate;
pub mod calibration_pages;
pub mod draft;
pub mod error;
pub mod explain;
pub mod jobs;
pub mod model;
pub mod model_pages;
pub mod pages;
pub mod rank;
pub mod recompute;
mod refusal;
pub mod run_pages;
pub mod service;
pub mod store;

use std::collections::HashMap;

use crate::db::{Db, StoreError};

pub use store::CurrentDecile;

/// Every scored household's current score, desil and model version, by household id: what
/// a programme rule preview reads for all households at once.
pub async fn current_deciles(db: &Db) -> Result<HashMap<i64, CurrentDecile>, StoreError> {
    store::current_deciles(db).await
}

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
        .pages(model_pages::routes())
        .pages(calibration_pages::routes())
        .pages(run_pages::routes())
        .untimed(&[calibration_pages::UPLOAD_PATH])
        .untimed(&api::UNTIMED)
}
