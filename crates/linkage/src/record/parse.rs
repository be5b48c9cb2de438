//! Parsing one input row into a [`Parsed`] person: every field read, normalised, or
//! reported as an issue and left missing.

use crate::address::{normalise_address, parse_neighbourhood, street_key};
use crate::date::{BirthDate, DateError, DateFormat, PartialDate};
use crate::nik::{IdDigits, Sex};
use crate::normalise::normalise_name;
use crate::record::{NameKeys, Parsed, PersonFields};

/// Parses and normalises one row. Never fails: a field that cannot be read is recorded
/// as an issue and left missing.
pub fn parse_person(fields: &PersonFields<'_>) -> Parsed {
    let mut parsed = Parsed {
        id: fields.id.trim().to_owned(),
        ..Parsed::default()
    };
    let issue = parsed_issue;
    let mut issues = Vec::new();
    match IdDigits::parse(fields.nik) {
        Ok(nik) => parsed.nik = nik.unwrap_or_default(),
        Err(error) => issues.push(issue("nik", error.to_string())),
    }
    match IdDigits::parse(fields.kk) {
        Ok(kk) => parsed.kk = kk.unwrap_or_default(),
        Err(error) => issues.push(issue("kk", error.to_string())),
    }
    parsed.name = normalise_name(fields.name);
    parsed.name_keys = NameKeys::of(&parsed.name);
    parsed.sex = match parse_sex(fields.sex) {
        Ok(sex) => sex,
        Err(message) => {
            issues.push(issue("sex", message));
            None
        }
    };
    parsed.birth_place = normalise_address(fields.birth_place).text;
    if !fields.birth_date.trim().is_empty() {
        match BirthDate::parse(fields.birth_date) {
            Ok((date, format)) => {
                parsed.birth = Some(date);
                parsed.birth_partial = Some(PartialDate::of(date));
                parsed.day_first = format == DateFormat::DayFirst;
            }
            Err(error) => {
                parsed.birth_partial = PartialDate::salvage(fields.birth_date);
                issues.push(date_issue(&error, parsed.birth_partial));
            }
        }
    }
    let address = normalise_address(fields.address);
    parsed.street = street_key(&address.text);
    parsed.address = address.text;
    parsed.rt = parse_neighbourhood(fields.rt).or(address.rt);
    parsed.rw = parse_neighbourhood(fields.rw).or(address.rw);
    parsed.village = parse_village(fields.village_code);
    parsed.issues = issues;
    parsed
}

/// A date that is not a calendar date still gives its year (and month) as evidence;
/// the row issue says what was kept.
fn date_issue(error: &DateError, kept: Option<PartialDate>) -> String {
    match kept {
        None => parsed_issue("birth_date", error.to_string()),
        Some(PartialDate { month: 0, .. }) => format!("birth_date {error}; only the year kept"),
        Some(_) => format!("birth_date {error}; only the year and month kept"),
    }
}

fn parsed_issue(field: &str, message: String) -> String {
    format!("{field} {message}; treated as missing")
}

fn parse_sex(raw: &str) -> Result<Option<Sex>, String> {
    let folded = raw.trim().to_ascii_lowercase();
    match folded.as_str() {
        "" => Ok(None),
        "l" | "lk" | "laki-laki" | "laki laki" | "laki" | "pria" | "m" | "male" | "1" => {
            Ok(Some(Sex::Male))
        }
        "p" | "pr" | "perempuan" | "wanita" | "w" | "f" | "female" | "2" => Ok(Some(Sex::Female)),
        _ => Err(format!("'{}' is not L or P", raw.trim())),
    }
}

/// Village codes are compared as digit strings: "31.75.07.1001" and "3175071001" meet.
fn parse_village(raw: &str) -> u64 {
    let digits: String = raw.chars().filter(char::is_ascii_digit).take(18).collect();
    digits.parse().unwrap_or(0)
}
