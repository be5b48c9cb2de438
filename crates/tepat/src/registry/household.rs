//! A household (keluarga) as the registry holds one: its KK number, where it lives, how to
//! reach it and its survey, with the pure rules that read one from raw input.

use time::Date;

use super::directory::RegionDirectory;
use super::kk::KkNumber;
use super::phone::Phone;
use super::survey::Survey;
use super::violation::Violation;
use crate::region_code::{Level, RegionCode, RegionCodeError};
use crate::text::Lines;

/// The longest address line kept.
pub const ADDRESS_CHARS_MAX: usize = 200;

/// A household's own attributes (its members are separate records).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct HouseholdRecord {
    #[schema(value_type = String, example = "3175071503150004")]
    pub kk: KkNumber,
    #[schema(value_type = String, example = "31.75.07.1003")]
    pub village_code: RegionCode,
    pub address: String,
    /// Three digits, e.g. `005`.
    pub rt: String,
    pub rw: String,
    /// E.164, e.g. `+6281234567890`.
    #[schema(value_type = Option<String>)]
    pub phone: Option<Phone>,
    pub survey: Survey,
}

/// A household's attributes as typed by a person, before any rule is applied.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct HouseholdInput {
    pub kk: String,
    pub village_code: String,
    pub address: String,
    pub rt: String,
    pub rw: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub survey: Survey,
}

/// Checks a village code: well formed, in the current list, and a village.
pub fn check_village(
    field: &'static str,
    text: &str,
    regions: &dyn RegionDirectory,
) -> Result<RegionCode, Violation> {
    let code = RegionCode::parse(text).map_err(|e| Violation::localized(field, "format", &e))?;
    if code.level() != Level::Village {
        let err = code.require_level(Level::Village).err();
        return Err(match err {
            Some(err) => Violation::localized(field, "level", &err),
            None => Violation::required(field),
        });
    }
    if !regions.is_village(code.as_str()) {
        let err = RegionCodeError::Unknown(code.to_string());
        return Err(Violation::localized(field, "unknown", &err));
    }
    Ok(code)
}

/// The address line: required, the shared text rule (no control or invisible characters,
/// normal form C), at most `ADDRESS_CHARS_MAX` characters.
pub fn check_address(text: &str) -> Result<String, Violation> {
    let address = crate::text::clean(text, Lines::One)
        .map_err(|e| Violation::localized("address", e.rule(), &e))?;
    if address.is_empty() {
        return Err(Violation::required("address"));
    }
    if address.chars().count() > ADDRESS_CHARS_MAX {
        return Err(Violation::too_long("address", ADDRESS_CHARS_MAX));
    }
    Ok(address)
}

/// RT and RW: one to three digits, stored as three (`5` → `005`).
pub fn check_rt_rw(field: &'static str, text: &str) -> Result<String, Violation> {
    let text = text.trim();
    match text.parse::<u16>() {
        Ok(n) if (1..=999).contains(&n) && text.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(format!("{n:03}"))
        }
        _ if text.is_empty() => Err(Violation::required(field)),
        _ => Err(Violation::new(
            field,
            "format",
            format!("{text:?} must be a number from 1 to 999"),
            format!("\"{text}\" harus angka 1 sampai 999"),
        )),
    }
}

/// A warning when a NIK or KK was issued in a district missing from the current list.
pub fn district_warning(field: &'static str, district: &str) -> Violation {
    let digits = district.replace('.', "");
    Violation::new(
        field,
        "district-unknown",
        format!(
            "digits 1-6 ({digits}) are not a district in the current region list; numbers \
             keep the district of first issue after regions split (e.g. Merauke 91.01 is now \
             93.01): check the number and confirm"
        ),
        format!(
            "angka ke-1 s.d. 6 ({digits}) bukan kecamatan dalam daftar wilayah saat ini; \
             nomor tetap memakai kecamatan saat pertama terbit walau wilayahnya dimekarkan \
             (mis. Merauke 91.01 kini 93.01): periksa nomornya lalu konfirmasi"
        ),
    )
    .warning()
}

/// Reads a household's own attributes, collecting every broken rule.
pub fn parse_household(
    input: &HouseholdInput,
    today: Date,
    regions: &dyn RegionDirectory,
) -> (Option<HouseholdRecord>, Vec<Violation>) {
    let mut found = Vec::new();
    let kk = match KkNumber::parse(&input.kk, today) {
        Ok(kk) => {
            if !regions.is_district(&kk.district_code()) {
                found.push(district_warning("kk", &kk.district_code()));
            }
            Some(kk)
        }
        Err(_) if input.kk.trim().is_empty() => {
            found.push(Violation::required("kk"));
            None
        }
        Err(err) => {
            found.push(Violation::localized("kk", "kk-format", &err));
            None
        }
    };
    let village = check_village("village_code", &input.village_code, regions)
        .map_err(|v| found.push(v))
        .ok();
    let address = check_address(&input.address)
        .map_err(|v| found.push(v))
        .ok();
    let rt = check_rt_rw("rt", &input.rt).map_err(|v| found.push(v)).ok();
    let rw = check_rt_rw("rw", &input.rw).map_err(|v| found.push(v)).ok();
    let phone = match input.phone.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Phone::parse(text)
            .map_err(|e| found.push(Violation::localized("phone", "phone-format", &e)))
            .ok(),
    };
    let record = match (kk, village, address, rt, rw) {
        (Some(kk), Some(village_code), Some(address), Some(rt), Some(rw))
            if !found.iter().any(Violation::is_error) =>
        {
            Some(HouseholdRecord {
                kk,
                village_code,
                address,
                rt,
                rw,
                phone,
                survey: input.survey.clone(),
            })
        }
        _ => None,
    };
    (record, found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::directory::RegionSet;
    use time::macros::date;

    fn regions() -> RegionSet {
        RegionSet::from_codes(["31.75.07", "31.75.07.1003"])
    }

    fn input() -> HouseholdInput {
        HouseholdInput {
            kk: "3175071503150004".into(),
            village_code: "31.75.07.1003".into(),
            address: "Jl. Teratai No. 5".into(),
            rt: "5".into(),
            rw: "12".into(),
            phone: Some("0812 3456 7890".into()),
            survey: Survey::default(),
        }
    }

    #[test]
    fn reads_a_valid_household() {
        let (record, found) = parse_household(&input(), date!(2026 - 11 - 25), &regions());
        assert!(found.is_empty(), "{found:?}");
        let record = record.expect("valid");
        assert_eq!(record.rt, "005");
        assert_eq!(
            record.phone.map(|p| p.to_string()).as_deref(),
            Some("+6281234567890")
        );
    }

    #[test]
    fn names_every_broken_field() {
        let bad = HouseholdInput {
            kk: "123".into(),
            village_code: "31.75.07".into(),
            address: " ".into(),
            rt: "abc".into(),
            rw: "".into(),
            phone: Some("+1 555".into()),
            survey: Survey::default(),
        };
        let (record, found) = parse_household(&bad, date!(2026 - 11 - 25), &regions());
        assert!(record.is_none());
        let fields: Vec<&str> = found.iter().map(|v| v.field).collect();
        assert_eq!(
            fields,
            ["kk", "village_code", "address", "rt", "rw", "phone"]
        );
        assert_eq!(found[1].rule, "level");
    }

    #[test]
    fn addresses_refuse_control_and_invisible_characters_and_are_kept_composed() {
        assert_eq!(
            check_address(" Jl. Teratai\u{0} 5").map_err(|v| v.rule),
            Err("control-character")
        );
        assert_eq!(
            check_address("Jl. \u{2067}Teratai 5").map_err(|v| v.rule),
            Err("invisible-character")
        );
        assert_eq!(
            check_address("Jl. Teratai\n5").map_err(|v| v.rule),
            Err("line-break")
        );
        assert_eq!(
            check_address("Gang Pe\u{301}").as_deref(),
            Ok("Gang P\u{e9}")
        );
        assert_eq!(check_address("=1+1").as_deref(), Ok("=1+1"));
        let mut hidden = input();
        hidden.kk = "3½75071503150004".into();
        hidden.address = "Jl. Teratai\u{202e} 5".into();
        let (record, found) = parse_household(&hidden, date!(2026 - 11 - 25), &regions());
        assert!(record.is_none());
        let rules: Vec<(&str, &str)> = found.iter().map(|v| (v.field, v.rule)).collect();
        assert_eq!(
            rules,
            [("kk", "kk-format"), ("address", "invisible-character")]
        );
    }

    #[test]
    fn unknown_villages_are_refused_and_unknown_districts_only_warned() {
        let mut other = input();
        other.village_code = "31.75.07.1099".into();
        other.kk = "9101011503150004".into();
        let (record, found) = parse_household(&other, date!(2026 - 11 - 25), &regions());
        assert!(record.is_none());
        assert_eq!(found[0].rule, "district-unknown");
        assert!(!found[0].is_error());
        assert!(found[0].message_id.contains("Merauke"));
        assert_eq!(found[1].rule, "unknown");
    }
}
