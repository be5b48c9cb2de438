//! Donations (donasi): needs (kebutuhan) posted for verified households with their consent,
//! pledges by donor accounts (money by non-cash transfer, goods through the village office
//! or a registered merchant), payment by the bank's notice carrying the pledge's reference,
//! and the household's confirmation with a photo. Every step is a ledger movement under the
//! need's account and an event in the transparency log. See `README.md` in this folder.

pub mod api;
pub mod error;
pub mod expiry;
pub mod ledger;
pub mod matching;
pub mod pages;
pub mod pledge_api;
mod refusal;
pub mod rules;
pub mod service;
pub mod signup;
pub mod store;
pub mod watch;

use crate::web::i18n::Lang;

pub use store::{Need, Pledge};

/// Need kinds.
pub const MONEY: &str = "money";
pub const GOODS: &str = "goods";

/// Need states.
pub const OPEN: &str = "open";
pub const MET: &str = "met";
pub const FULFILLED: &str = "fulfilled";
pub const WITHDRAWN: &str = "withdrawn";
pub const EXPIRED: &str = "expired";

/// Pledge states.
pub const PLEDGED: &str = "pledged";
pub const PAID: &str = "paid";
pub const DELIVERED: &str = "delivered";
pub const CONFIRMED: &str = "confirmed";
pub const RELEASED: &str = "released";
/// Money paid to a need withdrawn or expired, returned to its donor.
pub const REFUNDED: &str = "refunded";

/// Pledge channels.
pub const VILLAGE_OFFICE: &str = "village_office";
pub const MERCHANT: &str = "merchant";
pub const TRANSFER: &str = "transfer";

/// The fixed list of categories, with their labels (Indonesian, English).
pub const CATEGORIES: [(&str, &str, &str); 7] = [
    ("food", "Pangan", "Food"),
    ("education", "Pendidikan", "Education"),
    ("health", "Kesehatan", "Health"),
    ("housing", "Rumah", "Housing"),
    ("livelihood", "Modal usaha", "Livelihood"),
    ("disability", "Alat bantu disabilitas", "Disability aids"),
    ("other", "Lainnya", "Other"),
];

/// How a household's consent was taken, with labels.
pub const CONSENT_METHODS: [(&str, &str, &str); 3] = [
    ("signed_form", "Formulir bertanda tangan", "Signed form"),
    ("thumbprint", "Cap jempol", "Thumbprint"),
    ("witnessed_verbal", "Lisan, disaksikan", "Spoken, witnessed"),
];

fn label(table: &[(&str, &str, &str)], code: &str, lang: Lang) -> String {
    table
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or_else(|| code.to_owned(), |(_, id, en)| lang.pick(id, en))
}

/// A category in words.
pub fn category_label(code: &str, lang: Lang) -> String {
    label(&CATEGORIES, code, lang)
}

/// A consent method in words.
pub fn consent_method_label(code: &str, lang: Lang) -> String {
    label(&CONSENT_METHODS, code, lang)
}

/// A need's or a pledge's state in words.
pub fn status_label(code: &str, lang: Lang) -> String {
    const STATES: [(&str, &str, &str); 11] = [
        (OPEN, "Terbuka", "Open"),
        (MET, "Terpenuhi janji", "Fully pledged"),
        (FULFILLED, "Sudah diterima", "Fulfilled"),
        (WITHDRAWN, "Dicabut", "Withdrawn"),
        (EXPIRED, "Kedaluwarsa", "Expired"),
        (PLEDGED, "Dijanjikan", "Pledged"),
        (PAID, "Sudah dibayar", "Paid"),
        (DELIVERED, "Sudah diantar", "Delivered"),
        (CONFIRMED, "Dikonfirmasi keluarga", "Confirmed"),
        (RELEASED, "Dilepas", "Released"),
        (REFUNDED, "Dikembalikan ke donatur", "Refunded"),
    ];
    label(&STATES, code, lang)
}

/// A pledge channel in words.
pub fn channel_label(code: &str, lang: Lang) -> String {
    const CHANNELS: [(&str, &str, &str); 3] = [
        (
            VILLAGE_OFFICE,
            "Lewat kantor desa/kelurahan",
            "Through the village office",
        ),
        (
            MERCHANT,
            "Lewat e-warong terdaftar",
            "Through a registered merchant",
        ),
        (TRANSFER, "Transfer non-tunai", "Non-cash transfer"),
    ];
    label(&CHANNELS, code, lang)
}

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
        .pages(signup::pages::routes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_speak_both_languages_and_keep_unknown_codes() {
        assert_eq!(category_label("education", Lang::Id), "Pendidikan");
        assert_eq!(category_label("education", Lang::En), "Education");
        assert_eq!(category_label("weapons", Lang::Id), "weapons");
        assert_eq!(status_label(MET, Lang::Id), "Terpenuhi janji");
        assert_eq!(channel_label(TRANSFER, Lang::En), "Non-cash transfer");
        assert_eq!(consent_method_label("thumbprint", Lang::Id), "Cap jempol");
    }
}
