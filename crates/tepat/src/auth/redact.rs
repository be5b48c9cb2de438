//! The one redactor: applies a principal's visibility (`Principal::sees`) to a typed field,
//! to free text (any 16-digit run is taken for a NIK or KK number) and to JSON by key —
//! event changes, version snapshots and diffs, flag details, stored proposals.

use serde_json::{Map, Value};

use super::principal::Principal;
use super::visibility::{Field, HIDDEN, NUMBER_DIGITS, Visibility, mask_number};

/// A principal's visibility of every field, read once and applied to many values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Redactor {
    nik: Visibility,
    kk: Visibility,
    name: Visibility,
    address: Visibility,
    details: Visibility,
}

impl Principal {
    /// The redactor for what this principal sees.
    pub fn redactor(&self) -> Redactor {
        Redactor {
            nik: self.sees(Field::Nik),
            kk: self.sees(Field::Kk),
            name: self.sees(Field::Name),
            address: self.sees(Field::Address),
            details: self.sees(Field::Details),
        }
    }
}

impl Redactor {
    pub fn sees(&self, field: Field) -> Visibility {
        match field {
            Field::Nik => self.nik,
            Field::Kk => self.kk,
            Field::Name => self.name,
            Field::Address => self.address,
            Field::Details => self.details,
        }
    }

    /// True when every field is seen whole: nothing to redact.
    pub fn is_whole(&self) -> bool {
        Field::ALL
            .iter()
            .all(|f| self.sees(*f) == Visibility::Whole)
    }

    /// True when a 16-digit run in free text may show whole (NIK and KK both whole).
    fn numbers_whole(&self) -> bool {
        self.nik == Visibility::Whole && self.kk == Visibility::Whole
    }

    /// Shows a typed field as the principal may see it.
    pub fn field(&self, field: Field, value: &mut String) {
        match self.sees(field) {
            Visibility::Whole => self.text(value),
            Visibility::Masked if matches!(field, Field::Nik | Field::Kk) => {
                *value = mask_number(value);
            }
            Visibility::Masked | Visibility::Hidden => *value = HIDDEN.to_owned(),
        }
    }

    /// As `field`, for an optional value.
    pub fn optional(&self, field: Field, value: &mut Option<String>) {
        if let Some(text) = value {
            self.field(field, text);
        }
    }

    /// Free text (a reason, a note): every run of exactly 16 digits is masked as a NIK or
    /// KK number would be. Names inside free text cannot be told from other words and stay.
    pub fn text(&self, value: &mut String) {
        if !self.numbers_whole()
            && let Some(masked) = mask_number_runs(value)
        {
            *value = masked;
        }
    }

    /// As `text`, for an optional value.
    pub fn optional_text(&self, value: &mut Option<String>) {
        if let Some(text) = value {
            self.text(text);
        }
    }

    /// JSON by key: values under a personal field's key (`nik`, `old_nik`, `kk`,
    /// `kk_number`, `new_kk`, `full_name`, `address`, …), also inside `{"from", "to"}`
    /// changes and arrays; every other string as free text.
    pub fn json(&self, value: &mut Value) {
        if self.is_whole() {
            return;
        }
        self.walk(value);
    }

    fn walk(&self, value: &mut Value) {
        match value {
            Value::String(text) => self.text(text),
            Value::Array(items) => items.iter_mut().for_each(|item| self.walk(item)),
            Value::Object(fields) => {
                // A person as typed into a form (`PersonInput`) names its `name` beside its
                // `nik`; elsewhere `name` may be a token's or a region's.
                let person = fields.contains_key("nik");
                for (key, inner) in fields.iter_mut() {
                    match field_of(key, person) {
                        Some(field) => self.apply(field, inner),
                        None => self.walk(inner),
                    }
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    /// A JSON value of a personal field (a household's survey), as under its key.
    pub fn value(&self, field: Field, value: &mut Value) {
        self.apply(field, value);
    }

    /// A value under a personal field's key.
    fn apply(&self, field: Field, value: &mut Value) {
        let visibility = self.sees(field);
        match value {
            Value::Null => {}
            Value::String(text) => self.field(field, text),
            Value::Array(items) => items.iter_mut().for_each(|item| self.apply(field, item)),
            Value::Object(fields) if is_change(fields) => {
                fields.values_mut().for_each(|item| self.apply(field, item));
            }
            _ if visibility == Visibility::Hidden => *value = Value::String(HIDDEN.to_owned()),
            // Numbers and flags are never a NIK, KK or name here (those are stored as
            // text); an object under a seen key is read key by key.
            Value::Object(_) => self.walk(value),
            Value::Bool(_) | Value::Number(_) => {}
        }
    }
}

/// The personal field a JSON key holds, if any.
fn field_of(key: &str, person: bool) -> Option<Field> {
    match key {
        "nik" => Some(Field::Nik),
        "kk" | "kk_number" => Some(Field::Kk),
        "full_name" | "head_name" | "mother_name" | "name_a" | "name_b" => Some(Field::Name),
        "name" if person => Some(Field::Name),
        "address" | "rt" | "rw" | "phone" => Some(Field::Address),
        "birth_place" | "birth_date" | "survey" => Some(Field::Details),
        _ if key.ends_with("_nik") => Some(Field::Nik),
        _ if key.ends_with("_kk") => Some(Field::Kk),
        _ => None,
    }
}

/// A change as events and versions record it: `{"from": …, "to": …}` or `{"to": …}`.
fn is_change(fields: &Map<String, Value>) -> bool {
    !fields.is_empty() && fields.keys().all(|k| k == "from" || k == "to")
}

/// The text with every run of exactly `NUMBER_DIGITS` ASCII digits masked, or `None` when
/// it holds none. A longer or shorter run is some other number and stays.
pub fn mask_number_runs(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut masked: Option<String> = None;
    let (mut copied, mut at) = (0, 0);
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && bytes[at].is_ascii_digit() {
            at += 1;
        }
        if at - start == NUMBER_DIGITS {
            // ASCII digits are one byte each, so these indexes fall between characters.
            let out = masked.get_or_insert_with(|| String::with_capacity(text.len() + 16));
            out.push_str(&text[copied..start]);
            out.push_str(&mask_number(&text[start..at]));
            copied = at;
        }
    }
    masked.map(|mut out| {
        out.push_str(&text[copied..]);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::events::Actor;
    use proptest::prelude::*;
    use serde_json::json;

    fn redactor(role: Role) -> Redactor {
        Principal {
            actor: Actor::system(),
            name: "x".into(),
            role,
            region: None,
            token_scopes: None,
        }
        .redactor()
    }

    const NIK: &str = "3175072105870001";
    const KK: &str = "3175071503150001";

    #[test]
    fn keyed_values_diffs_and_arrays_are_masked() {
        let mut value = json!({
            "kk": {"from": KK, "to": "3175071503150002"},
            "kk_number": KK,
            "new_kk": KK,
            "members": [NIK, "3175072105870002"],
            "person": {"nik": NIK, "name": "Budi Santoso", "birth_date": "1987-05-21"},
            "old_nik": NIK,
            "reason": format!("salah ketik {NIK}, lihat KK {KK}."),
            "household_id": 7,
        });
        redactor(Role::Auditor).json(&mut value);
        assert_eq!(value["kk"]["from"], "3175••••••••0001");
        assert_eq!(value["kk"]["to"], "3175••••••••0002");
        assert_eq!(value["kk_number"], "3175••••••••0001");
        assert_eq!(value["new_kk"], "3175••••••••0001");
        assert_eq!(value["members"][1], "3175••••••••0002");
        assert_eq!(value["person"]["nik"], "3175••••••••0001");
        assert_eq!(value["person"]["name"], "Budi Santoso");
        assert_eq!(value["old_nik"], "3175••••••••0001");
        assert_eq!(
            value["reason"],
            "salah ketik 3175••••••••0001, lihat KK 3175••••••••0001."
        );
        assert_eq!(value["household_id"], 7);
    }

    #[test]
    fn roles_without_the_registry_see_no_names_or_addresses() {
        let mut value = json!({
            "full_name": {"from": "Budi", "to": "Budi Santoso"},
            "person": {"nik": NIK, "name": "Budi Santoso"},
            "address": "Jl. Kenanga 1", "rt": "003", "phone": null,
            "survey": {"floor": "tanah"},
            "name": "dukcapil feed", "village_code": "31.75.07.1003",
        });
        redactor(Role::Administrator).json(&mut value);
        assert_eq!(value["full_name"], json!({"from": HIDDEN, "to": HIDDEN}));
        assert_eq!(value["person"]["name"], HIDDEN);
        assert_eq!(value["person"]["nik"], "3175••••••••0001");
        assert_eq!(value["address"], HIDDEN);
        assert_eq!(value["rt"], HIDDEN);
        assert_eq!(value["phone"], Value::Null);
        assert_eq!(value["survey"], HIDDEN);
        // A token's name is not a resident's.
        assert_eq!(value["name"], "dukcapil feed");
        assert_eq!(value["village_code"], "31.75.07.1003");
    }

    #[test]
    fn whole_sight_changes_nothing() {
        let original = json!({"kk": {"from": KK, "to": KK}, "reason": NIK,
            "person": {"nik": NIK, "name": "Budi"}});
        let mut value = original.clone();
        redactor(Role::DistrictOfficer).json(&mut value);
        assert_eq!(value, original);
        let mut text = format!("NIK {NIK}");
        redactor(Role::Facilitator).text(&mut text);
        assert_eq!(text, format!("NIK {NIK}"));
    }

    #[test]
    fn typed_fields_follow_the_decision() {
        let auditor = redactor(Role::Auditor);
        let mut nik = NIK.to_owned();
        auditor.field(Field::Nik, &mut nik);
        assert_eq!(nik, "3175••••••••0001");
        let mut name = "Budi".to_owned();
        auditor.field(Field::Name, &mut name);
        assert_eq!(name, "Budi");
        let mut name = Some("Budi".to_owned());
        redactor(Role::Bank).optional(Field::Name, &mut name);
        assert_eq!(name.as_deref(), Some(HIDDEN));
    }

    #[test]
    fn only_runs_of_sixteen_digits_are_numbers() {
        assert_eq!(mask_number_runs("no numbers"), None);
        assert_eq!(mask_number_runs("id 123456789012345"), None);
        assert_eq!(mask_number_runs("31750721058700012"), None);
        assert_eq!(
            mask_number_runs(&format!("{NIK}/{KK}")).as_deref(),
            Some("3175••••••••0001/3175••••••••0001")
        );
        assert_eq!(
            mask_number_runs(&format!("é{NIK}é")).as_deref(),
            Some("é3175••••••••0001é")
        );
    }

    proptest! {
        #[test]
        fn no_sixteen_digit_run_survives(text in "[0-9a-zé ]{0,60}") {
            let out = mask_number_runs(&text).unwrap_or(text);
            let whole_runs = out
                .split(|c: char| !c.is_ascii_digit())
                .map(str::len)
                .filter(|len| *len == NUMBER_DIGITS)
                .count();
            prop_assert_eq!(whole_runs, 0);
        }
    }
}
