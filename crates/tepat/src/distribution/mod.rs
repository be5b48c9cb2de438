//! Hand-outs of goods in person (penyaluran barang): a place, a day and a time window split
//! into slots, the households invited to them and told by message, checked in at the site
//! by their code, the no-shows scheduled again, and the recipients' ratings afterwards.
//! See `README.md` in this folder.

pub mod api;
pub mod desk;
pub mod error;
pub mod model;
pub mod pages;
mod rating_page;
pub mod service;
pub mod site;
pub mod stock;
pub mod store;

pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .api(stock::api::router())
        .api(desk::api::router())
        .pages(pages::routes())
        .pages(stock::pages::routes())
        .pages(desk::pages::routes())
}
