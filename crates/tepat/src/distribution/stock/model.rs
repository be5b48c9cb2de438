//! Goods for hand-outs in pure terms: the goods list and a supplier as sent, each checked
//! field by field, and an item's stock balance.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::distribution::error::DistributionError;
use crate::region_code::{Level, RegionCode};

/// A stock movement's kinds: in from a delivery note, out to a household, out as missing.
pub const RECEIVED: &str = "received";
pub const HANDED_OUT: &str = "handed_out";
pub const SHORT: &str = "short";

/// A shortfall's states: waiting for the district officer, a loss to pursue, explained.
pub const OPEN: &str = "open";
pub const UPHELD: &str = "upheld";
pub const DISMISSED: &str = "dismissed";

/// Most items one hand-out gives.
pub const ITEMS_MAX: usize = 20;
/// Most units of one item per household.
pub const PER_HOUSEHOLD_MAX: i64 = 1_000;
/// Highest price of one unit, rupiah.
pub const UNIT_PRICE_MAX: i64 = 100_000_000;
/// Most units in one purchase or delivery note.
pub const QUANTITY_MAX: i64 = 1_000_000;

fn bad(field: &'static str, rule: &'static str, en: &str, id: &str) -> DistributionError {
    DistributionError::invalid(field, rule, en, id)
}

/// One item each household receives.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = DistributionItemInput)]
#[serde(deny_unknown_fields)]
pub struct NewItem {
    /// A short code: 2 to 30 lowercase letters, digits or underscores (`selimut`).
    pub item: String,
    /// The name shown (`Selimut`).
    pub name: String,
    /// What it is counted in (`lembar`, `karung 10 kg`).
    pub unit: String,
    /// Units each household receives, 1 to 1,000.
    pub per_household: i64,
    /// Rupiah per unit agreed with the supplier, 1 to 100,000,000.
    pub unit_price: i64,
}

/// The goods list of a hand-out.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = DistributionGoodsInput)]
#[serde(deny_unknown_fields)]
pub struct NewGoods {
    /// 1 to 20 items, each code once.
    pub items: Vec<NewItem>,
}

fn one_line(value: &str, max: usize) -> Option<String> {
    crate::text::clean(value, crate::text::Lines::One)
        .ok()
        .filter(|t| (1..=max).contains(&t.chars().count()))
}

fn is_item_code(code: &str) -> bool {
    (2..=30).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl NewGoods {
    /// Checks every item, cleaning its text; the first broken field named with its line.
    pub fn checked(mut self) -> Result<Self, DistributionError> {
        if self.items.is_empty() || self.items.len() > ITEMS_MAX {
            return Err(bad(
                "items",
                "count",
                "must list 1 to 20 items",
                "harus berisi 1 sampai 20 barang",
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (at, item) in self.items.iter_mut().enumerate() {
            let line = at + 1;
            if !is_item_code(&item.item) || !seen.insert(item.item.clone()) {
                return Err(bad(
                    "items.item",
                    "pattern",
                    &format!(
                        "item {line}: the code must be 2 to 30 lowercase letters, digits or underscores, each once"
                    ),
                    &format!(
                        "barang ke-{line}: kode harus 2 sampai 30 huruf kecil, angka atau garis bawah, tidak berulang"
                    ),
                ));
            }
            item.name = one_line(&item.name, 100).ok_or_else(|| {
                bad(
                    "items.name",
                    "length",
                    &format!("item {line}: the name must be 1 to 100 characters on one line"),
                    &format!("barang ke-{line}: nama harus 1 sampai 100 karakter dalam satu baris"),
                )
            })?;
            item.unit = one_line(&item.unit, 30).ok_or_else(|| {
                bad(
                    "items.unit",
                    "length",
                    &format!("item {line}: the unit must be 1 to 30 characters"),
                    &format!("barang ke-{line}: satuan harus 1 sampai 30 karakter"),
                )
            })?;
            if !(1..=PER_HOUSEHOLD_MAX).contains(&item.per_household) {
                return Err(bad(
                    "items.per_household",
                    "range",
                    &format!("item {line}: units per household must be 1 to 1,000"),
                    &format!("barang ke-{line}: jumlah per keluarga harus 1 sampai 1.000"),
                ));
            }
            if !(1..=UNIT_PRICE_MAX).contains(&item.unit_price) {
                return Err(bad(
                    "items.unit_price",
                    "range",
                    &format!("item {line}: the unit price must be Rp 1 to Rp 100,000,000"),
                    &format!("barang ke-{line}: harga satuan harus Rp 1 sampai Rp 100.000.000"),
                ));
            }
        }
        Ok(self)
    }
}

/// A supplier to register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = SupplierInput)]
#[serde(deny_unknown_fields)]
pub struct NewSupplier {
    pub name: String,
    pub owner: String,
    /// 8 to 15 digits, an optional leading `+`.
    pub phone: String,
    /// The regency or city (level 2) it is registered in, inside the officer's region.
    pub region: String,
    pub bank_bic: String,
    /// 5 to 34 digits.
    pub account_number: String,
    /// The account holder's name as the bank knows it.
    pub account_name: String,
}

impl NewSupplier {
    /// Checks every field's own rule, cleaning the text.
    pub fn checked(mut self) -> Result<(Self, RegionCode), DistributionError> {
        for (field, value) in [
            ("name", &mut self.name),
            ("owner", &mut self.owner),
            ("account_name", &mut self.account_name),
        ] {
            *value = one_line(value, 100).ok_or_else(|| {
                bad(
                    field,
                    "length",
                    "must be 1 to 100 characters on one line",
                    "harus 1 sampai 100 karakter dalam satu baris",
                )
            })?;
        }
        let digits = self.phone.strip_prefix('+').unwrap_or(&self.phone);
        if !(8..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(
                "phone",
                "digits",
                "must be 8 to 15 digits, an optional + first",
                "harus 8 sampai 15 angka, boleh diawali +",
            ));
        }
        let region = RegionCode::parse(&self.region)
            .ok()
            .filter(|r| r.level() == Level::Regency)
            .ok_or_else(|| {
                bad(
                    "region",
                    "regency",
                    "must be a regency or city code (level 2), e.g. 31.75",
                    "harus kode kabupaten/kota (tingkat 2), misalnya 31.75",
                )
            })?;
        if let Some(rule) =
            crate::disbursement::bank::account_problem(&self.bank_bic, &self.account_number)
        {
            return Err(DistributionError::Invalid(rule));
        }
        Ok((self, region))
    }
}

/// One item of a hand-out with its stock, in units: what was received was handed out,
/// found missing, or is left (`left = received - handed_out - short`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = DistributionItemStock)]
pub struct ItemStock {
    pub item: String,
    pub name: String,
    pub unit: String,
    pub per_household: i64,
    pub unit_price: i64,
    /// Units ordered from suppliers.
    pub ordered: i64,
    /// Units received against delivery notes.
    pub received: i64,
    pub handed_out: i64,
    /// Units found missing when the stock was counted.
    pub short: i64,
    /// Units that should be on hand.
    pub left: i64,
    /// Units still needed for the households invited and not yet checked in.
    pub needed: i64,
}

/// The rupiah value of `units` at `price`, refused past what the ledger can hold.
pub fn value(units: i64, price: i64) -> Result<i64, DistributionError> {
    units.checked_mul(price).ok_or_else(|| {
        bad(
            "quantity",
            "range",
            "the value is too large",
            "nilainya terlalu besar",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(code: &str) -> NewItem {
        NewItem {
            item: code.to_owned(),
            name: " Selimut ".to_owned(),
            unit: "lembar".to_owned(),
            per_household: 1,
            unit_price: 85_000,
        }
    }

    fn field(err: DistributionError) -> String {
        match err {
            DistributionError::Invalid(rule) => rule.field.to_owned(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn a_goods_list_is_cleaned_and_each_broken_field_is_named() {
        let goods = NewGoods {
            items: vec![item("selimut"), item("beras_10kg")],
        }
        .checked()
        .expect("valid");
        assert_eq!(goods.items[0].name, "Selimut");
        for (edit, named) in [
            (
                Box::new(|i: &mut NewItem| i.item = "Selimut".into()) as Box<dyn Fn(&mut NewItem)>,
                "items.item",
            ),
            (
                Box::new(|i: &mut NewItem| i.name = " ".into()),
                "items.name",
            ),
            (
                Box::new(|i: &mut NewItem| i.unit = "x".repeat(31)),
                "items.unit",
            ),
            (
                Box::new(|i: &mut NewItem| i.per_household = 0),
                "items.per_household",
            ),
            (
                Box::new(|i: &mut NewItem| i.unit_price = UNIT_PRICE_MAX + 1),
                "items.unit_price",
            ),
        ] {
            let mut one = item("selimut");
            edit(&mut one);
            let err = NewGoods { items: vec![one] }
                .checked()
                .expect_err("refused");
            assert_eq!(field(err), named);
        }
        let twice = NewGoods {
            items: vec![item("selimut"), item("selimut")],
        };
        assert_eq!(field(twice.checked().expect_err("twice")), "items.item");
        let none = NewGoods { items: vec![] };
        assert_eq!(field(none.checked().expect_err("empty")), "items");
    }

    #[test]
    fn a_supplier_needs_a_regency_a_bic_digits_and_a_phone() {
        let good = NewSupplier {
            name: "CV Sumber Rejeki".into(),
            owner: "Hendra".into(),
            phone: "+6281234567890".into(),
            region: "31.75".into(),
            bank_bic: "BRINIDJA".into(),
            account_number: "0123456789".into(),
            account_name: "CV Sumber Rejeki".into(),
        };
        let (_, region) = good.clone().checked().expect("valid");
        assert_eq!(region.as_str(), "31.75");
        for (edit, named) in [
            (
                Box::new(|s: &mut NewSupplier| s.region = "31.75.07".into())
                    as Box<dyn Fn(&mut NewSupplier)>,
                "region",
            ),
            (
                Box::new(|s: &mut NewSupplier| s.phone = "0812-abc".into()),
                "phone",
            ),
            (
                Box::new(|s: &mut NewSupplier| s.bank_bic = "bri".into()),
                "bank_bic",
            ),
            (
                Box::new(|s: &mut NewSupplier| s.account_number = "12ab5".into()),
                "account_number",
            ),
            (
                Box::new(|s: &mut NewSupplier| s.owner = String::new()),
                "owner",
            ),
        ] {
            let mut one = good.clone();
            edit(&mut one);
            assert_eq!(field(one.checked().expect_err("refused")), named);
        }
    }

    #[test]
    fn a_value_past_what_the_ledger_holds_is_refused() {
        assert!(value(i64::MAX, 2).is_err());
        assert_eq!(value(3, 85_000).expect("fits"), 255_000);
    }
}
