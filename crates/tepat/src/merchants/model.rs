//! A merchant (e-warong, agent) and what a district officer types to register one, with
//! the rules each field must meet.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::region_code::{Level, RegionCode};
use crate::vouchers::error::VoucherError;

pub const ACTIVE: &str = "active";
pub const SUSPENDED: &str = "suspended";

/// A registered merchant.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Merchant {
    pub id: i64,
    /// Stable and public, e.g. `warong.klender`.
    pub code: String,
    pub name: String,
    pub owner_name: String,
    /// The village it trades in.
    pub region_code: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub bank_bic: String,
    pub account_number: String,
    /// `active` or `suspended`.
    pub status: String,
    pub suspended_reason: Option<String>,
    /// What it may sell, per programme.
    pub goods: Vec<MerchantGoods>,
}

/// The goods categories a merchant may sell for one programme.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct MerchantGoods {
    pub programme: String,
    pub categories: Vec<String>,
}

/// A merchant to register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMerchant {
    pub code: String,
    pub name: String,
    pub owner_name: String,
    /// Village code (level 4) in the officer's region.
    pub region: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub bank_bic: String,
    pub account_number: String,
    /// Username of the shop's sign-in account (role `merchant`), if it has one yet.
    pub account: Option<String>,
    pub goods: Vec<MerchantGoods>,
}

/// Why a merchant is suspended.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Suspension {
    pub reason: String,
}

fn bad(field: &'static str, rule: &'static str, en: &str, id: &str) -> VoucherError {
    VoucherError::invalid(field, rule, en, id)
}

impl NewMerchant {
    /// Checks every field's own rule (the database checks the rest), cleaning the text.
    pub fn checked(mut self) -> Result<(Self, RegionCode), VoucherError> {
        let code_ok = (3..=40).contains(&self.code.len())
            && self
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        if !code_ok {
            return Err(bad(
                "code",
                "pattern",
                "must be 3 to 40 lowercase letters, digits, dots, dashes or underscores",
                "harus 3 sampai 40 huruf kecil, angka, titik, tanda hubung atau garis bawah",
            ));
        }
        for (field, value) in [
            ("name", &mut self.name),
            ("owner_name", &mut self.owner_name),
        ] {
            let cleaned = crate::text::clean(value, crate::text::Lines::One)
                .ok()
                .filter(|t| (1..=100).contains(&t.chars().count()));
            *value = cleaned.ok_or_else(|| {
                bad(
                    field,
                    "length",
                    "must be 1 to 100 characters on one line",
                    "harus 1 sampai 100 karakter dalam satu baris",
                )
            })?;
        }
        let region = RegionCode::parse(&self.region)
            .ok()
            .filter(|r| r.level() == Level::Village)
            .ok_or_else(|| {
                bad(
                    "region",
                    "village",
                    "must be a village code (level 4), e.g. 31.75.07.1003",
                    "harus kode desa/kelurahan (tingkat 4), misalnya 31.75.07.1003",
                )
            })?;
        self.check_place()?;
        if let Some(rule) =
            crate::disbursement::bank::account_problem(&self.bank_bic, &self.account_number)
        {
            return Err(VoucherError::Invalid(rule));
        }
        if self.goods.is_empty() || self.goods.iter().any(|g| g.categories.is_empty()) {
            return Err(bad(
                "goods",
                "required",
                "name at least one programme with at least one goods category",
                "sebutkan sedikitnya satu program dengan sedikitnya satu kategori barang",
            ));
        }
        Ok((self, region))
    }

    fn check_place(&self) -> Result<(), VoucherError> {
        // Indonesia lies within these bounds; a point outside is a typing slip.
        let inside = match (self.latitude, self.longitude) {
            (None, None) => true,
            (Some(lat), Some(lon)) => (-11.5..=6.5).contains(&lat) && (94.5..=141.5).contains(&lon),
            _ => false,
        };
        if inside {
            Ok(())
        } else {
            Err(bad(
                "latitude",
                "in_indonesia",
                "latitude and longitude must both be given, and lie in Indonesia",
                "lintang dan bujur harus diisi keduanya dan berada di Indonesia",
            ))
        }
    }
}
