//! The registry of households and persons (keluarga, individu): the pure rules that read
//! them (NIK, KK, phone, dates, closed lists, family rules), the versioned store where
//! nothing is deleted, bulk import and export of spreadsheets, and the pages and API.

pub mod api;
pub mod code_lists;
pub mod codes;
pub mod columns;
pub mod dates;
pub mod directory;
pub mod error;
pub mod export;
pub mod hooks;
pub mod household;
pub mod kk;
pub mod new_page;
pub mod nik;
pub mod pages;
pub mod person;
pub mod phone;
pub mod rules;
pub mod search;
pub mod service;
pub mod shown;
pub mod store;
pub mod survey;
pub mod violation;

pub use household::{HouseholdInput, HouseholdRecord};
pub use kk::KkNumber;
pub use nik::Nik;
pub use person::PersonRecord;
pub use phone::Phone;
pub use rules::PersonInput;
pub use violation::{Severity, Violation};

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
        .pages(new_page::routes())
}
