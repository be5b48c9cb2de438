//! Programmes as data (PKH, Sembako, BLT Dana Desa, PIP, KJP Plus, disaster relief): who
//! runs each, what it pays and how, its quotas, the programmes it excludes, and its
//! eligibility rule in the rule language of the `eligibility` crate — every published
//! version kept, and a dry run over the registry before a new rule is published. See
//! `README.md` in this folder.

pub mod api;
pub mod columns;
pub mod error;
pub mod model;
pub mod pages;
pub mod quotas;
mod refusal;
pub mod schema;
pub mod seed;
pub mod service;
pub mod snapshot;
pub mod store;

pub use model::{Benefit, Component, Programme, Quota};

use crate::web::i18n::Lang;

/// A channel in words.
pub fn channel_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        "bank_transfer" => ("Transfer bank", "Bank transfer"),
        "e_voucher" => (
            "Voucher elektronik (belanja nontunai)",
            "E-voucher (cashless)",
        ),
        "goods" => ("Barang", "Goods"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// A frequency in words.
pub fn frequency_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        "monthly" => ("Setiap bulan", "Monthly"),
        "quarterly" => ("Setiap tiga bulan (empat tahap setahun)", "Quarterly"),
        "yearly" => ("Setiap tahun", "Yearly"),
        "once" => ("Sekali", "Once"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// The period of an amount in words.
pub fn period_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        "year" => ("per tahun", "a year"),
        "month" => ("per bulan", "a month"),
        "day" => ("per hari", "a day"),
        "once" => ("sekali", "once"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .api(quotas::api())
        .pages(pages::routes())
        .pages(quotas::pages())
}
