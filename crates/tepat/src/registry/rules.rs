//! The pure rules that read a person and a family from raw input: NIK against birth date
//! and sex, dates in the past, closed lists, exactly one head of family, no NIK twice.

use time::Date;

use super::dates;
use super::directory::RegionDirectory;
use super::household::district_warning;
use super::nik::{Nik, NikMismatch};
use super::person::{
    self, Disability, Education, LifeStatus, MaritalStatus, PersonRecord, Relationship, Sex,
};
use super::violation::Violation;
use crate::text::Lines;

/// A person's attributes as typed by a person, before any rule is applied.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PersonInput {
    pub nik: String,
    pub name: String,
    pub birth_place: String,
    /// `YYYY-MM-DD`, `DD-MM-YYYY` or `DD/MM/YYYY`.
    pub birth_date: String,
    /// `L` or `P`.
    pub sex: String,
    /// `kepala`, `istri`, `suami`, `anak` or `lainnya`.
    pub relationship: String,
    pub marital_status: String,
    pub occupation: String,
    pub education: String,
    pub disability: String,
    /// `hidup` (default), `meninggal` or `pindah`.
    pub life_status: String,
    pub status_date: String,
}

fn required<'a>(field: &'static str, text: &'a str, found: &mut Vec<Violation>) -> Option<&'a str> {
    let text = text.trim();
    if text.is_empty() {
        found.push(Violation::required(field));
        return None;
    }
    Some(text)
}

fn optional_code<T>(
    field: &'static str,
    text: &str,
    parse: fn(&str) -> Result<T, super::codes::CodeError>,
    found: &mut Vec<Violation>,
) -> Option<T> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    parse(text)
        .map_err(|e| found.push(Violation::choice(field, text, &e.allowed)))
        .ok()
}

fn past_date(
    field: &'static str,
    text: &str,
    today: Date,
    found: &mut Vec<Violation>,
) -> Option<Date> {
    dates::parse(text)
        .and_then(|d| dates::check_past(d, today))
        .map_err(|e| found.push(Violation::localized(field, "date", &e)))
        .ok()
}

/// One line of free text (birth place, occupation): the shared text rule (no control or
/// invisible characters, normal form C), then the length.
fn free_text(field: &'static str, text: &str, found: &mut Vec<Violation>) -> Option<String> {
    let text = match crate::text::clean(text, Lines::One) {
        Ok(text) => text,
        Err(err) => {
            found.push(Violation::localized(field, err.rule(), &err));
            return None;
        }
    };
    if text.chars().count() > person::TEXT_CHARS_MAX {
        found.push(Violation::too_long(field, person::TEXT_CHARS_MAX));
    }
    (!text.is_empty()).then_some(text)
}

/// Reads one person, collecting every broken rule; `None` when any is an error.
pub fn parse_person(
    input: &PersonInput,
    today: Date,
    regions: &dyn RegionDirectory,
) -> (Option<PersonRecord>, Vec<Violation>) {
    let mut found = Vec::new();
    let nik = required("nik", &input.nik, &mut found).and_then(|text| {
        Nik::parse(text)
            .map_err(|e| found.push(Violation::localized("nik", "nik-format", &e)))
            .ok()
    });
    let name = person::parse_name(&input.name)
        .map_err(|v| found.push(v))
        .ok();
    let birth_place = required("birth_place", &input.birth_place, &mut found)
        .and_then(|_| free_text("birth_place", &input.birth_place, &mut found));
    let birth_date = required("birth_date", &input.birth_date, &mut found)
        .and_then(|text| past_date("birth_date", text, today, &mut found));
    let sex = required("sex", &input.sex, &mut found)
        .and_then(|text| optional_code("sex", text, Sex::parse, &mut found));
    let relationship = required("relationship", &input.relationship, &mut found)
        .and_then(|text| optional_code("relationship", text, Relationship::parse, &mut found));
    if let (Some(nik), Some(birth_date), Some(sex)) = (&nik, birth_date, sex) {
        check_nik(nik, birth_date, sex, regions, &mut found);
    }
    let details = parse_details(input, today, &mut found);
    if found.iter().any(Violation::is_error) {
        return (None, found);
    }
    let record = match (nik, name, birth_place, birth_date, sex, relationship) {
        (Some(nik), Some(full_name), Some(birth_place), Some(birth_date), Some(sex), Some(rel)) => {
            Some(PersonRecord {
                nik,
                full_name,
                birth_place,
                birth_date,
                sex,
                relationship: rel,
                marital_status: details.marital_status,
                occupation: details.occupation,
                education: details.education,
                disability: details.disability,
                life_status: details.life_status,
                status_date: details.status_date,
            })
        }
        _ => None,
    };
    (record, found)
}

/// The NIK against the stated birth date and sex, and its district of first issue.
fn check_nik(
    nik: &Nik,
    birth_date: Date,
    sex: Sex,
    regions: &dyn RegionDirectory,
    found: &mut Vec<Violation>,
) {
    for mismatch in nik.check(birth_date, sex) {
        let rule = match mismatch {
            NikMismatch::BirthDate { .. } => "nik-birth-date",
            NikMismatch::Sex { .. } => "nik-sex",
        };
        found.push(Violation::localized("nik", rule, &mismatch));
    }
    if !regions.is_district(&nik.district_code()) {
        found.push(district_warning("nik", &nik.district_code()));
    }
}

/// The optional attributes of a person.
struct Details {
    marital_status: Option<MaritalStatus>,
    occupation: Option<String>,
    education: Option<Education>,
    disability: Option<Disability>,
    life_status: LifeStatus,
    status_date: Option<Date>,
}

fn parse_details(input: &PersonInput, today: Date, found: &mut Vec<Violation>) -> Details {
    let life_status = optional_code("life_status", &input.life_status, LifeStatus::parse, found)
        .unwrap_or(LifeStatus::Living);
    let status_date = match input.status_date.trim() {
        "" => None,
        text => past_date("status_date", text, today, found),
    };
    if life_status != LifeStatus::Living && input.status_date.trim().is_empty() {
        found.push(Violation::required("status_date"));
    }
    Details {
        marital_status: optional_code(
            "marital_status",
            &input.marital_status,
            MaritalStatus::parse,
            found,
        ),
        occupation: free_text("occupation", &input.occupation, found),
        education: optional_code("education", &input.education, Education::parse, found),
        disability: optional_code("disability", &input.disability, Disability::parse, found),
        life_status,
        status_date,
    }
}

/// Family rules: exactly one head, and no NIK twice. Returns (member index, violation).
pub fn check_family(members: &[PersonRecord]) -> Vec<(usize, Violation)> {
    let mut found = Vec::new();
    let heads: Vec<usize> = members
        .iter()
        .enumerate()
        .filter(|(_, m)| m.relationship == Relationship::Head)
        .map(|(i, _)| i)
        .collect();
    match heads.as_slice() {
        [_] => {}
        [] => found.push((
            0,
            Violation::new(
                "relationship",
                "one-head",
                "the family has no head (kepala); exactly one member must be the head".into(),
                "keluarga tidak memiliki kepala keluarga; tepat satu anggota harus kepala".into(),
            ),
        )),
        [_, rest @ ..] => {
            for index in rest {
                found.push((
                    *index,
                    Violation::new(
                        "relationship",
                        "one-head",
                        format!(
                            "the family has {} heads (kepala); exactly one is allowed",
                            heads.len()
                        ),
                        format!(
                            "keluarga memiliki {} kepala keluarga; hanya boleh satu",
                            heads.len()
                        ),
                    ),
                ));
            }
        }
    }
    for (index, member) in members.iter().enumerate() {
        if members[..index].iter().any(|m| m.nik == member.nik) {
            found.push((
                index,
                Violation::new(
                    "nik",
                    "nik-duplicate",
                    format!("NIK {} appears twice in this family", member.nik),
                    format!("NIK {} muncul dua kali dalam keluarga ini", member.nik),
                ),
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::directory::RegionSet;
    use crate::web::i18n::Lang;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 25);

    fn regions() -> RegionSet {
        RegionSet::from_codes(["31.75.07", "31.75.07.1003"])
    }

    pub(crate) fn head() -> PersonInput {
        PersonInput {
            nik: "3175072105870001".into(),
            name: "Budi Santoso".into(),
            birth_place: "Jakarta".into(),
            birth_date: "21-05-1987".into(),
            sex: "L".into(),
            relationship: "kepala".into(),
            ..PersonInput::default()
        }
    }

    #[test]
    fn reads_a_valid_person() {
        let (record, found) = parse_person(&head(), TODAY, &regions());
        assert!(found.is_empty(), "{found:?}");
        let record = record.expect("valid");
        assert_eq!(record.birth_date, date!(1987 - 05 - 21));
        assert_eq!(record.life_status, LifeStatus::Living);
    }

    #[test]
    fn reports_the_nik_birth_date_disagreement_with_the_field_named() {
        let mut input = head();
        input.nik = "3175071205870001".into();
        let (record, found) = parse_person(&input, TODAY, &regions());
        assert!(record.is_none());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "nik-birth-date");
        assert_eq!(
            found[0].detail(Lang::Id),
            "NIK: tanggal lahir pada NIK (12-05-1987) tidak sama dengan tanggal lahir (21-05-1987)"
        );
    }

    #[test]
    fn refuses_future_dates_unknown_codes_and_missing_fields() {
        let input = PersonInput {
            nik: "3175072105870001".into(),
            birth_date: "2027-01-01".into(),
            sex: "X".into(),
            relationship: "sepupu".into(),
            ..PersonInput::default()
        };
        let (record, found) = parse_person(&input, TODAY, &regions());
        assert!(record.is_none());
        let fields: Vec<&str> = found.iter().map(|v| v.field).collect();
        assert_eq!(
            fields,
            ["name", "birth_place", "birth_date", "sex", "relationship"]
        );
    }

    #[test]
    fn free_text_refuses_control_and_invisible_characters_naming_the_field() {
        let mut input = head();
        input.name = "Budi\u{200d}Santoso".into();
        input.birth_place = "Jakarta\u{0}".into();
        input.occupation = "Petani\u{feff}".into();
        let (record, found) = parse_person(&input, TODAY, &regions());
        assert!(record.is_none());
        let rules: Vec<(&str, &str)> = found.iter().map(|v| (v.field, v.rule)).collect();
        assert_eq!(
            rules,
            [
                ("name", "invisible-character"),
                ("birth_place", "control-character"),
                ("occupation", "invisible-character")
            ]
        );
        assert_eq!(
            found[1].detail(Lang::Id),
            "Tempat lahir: mengandung karakter kendali (U+0000)"
        );
        input = head();
        input.nik = "3½75072105870001".into();
        input.birth_place = "Ja\u{301}karta".into();
        let (_, found) = parse_person(&input, TODAY, &regions());
        assert_eq!((found[0].field, found[0].rule), ("nik", "nik-format"));
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn a_nik_from_a_split_district_is_a_warning_only() {
        let mut input = head();
        input.nik = "9101012105870001".into();
        let (record, found) = parse_person(&input, TODAY, &regions());
        assert!(record.is_some());
        assert_eq!(found.len(), 1);
        assert!(!found[0].is_error());
    }

    #[test]
    fn a_family_needs_exactly_one_head_and_distinct_niks() {
        let (one, _) = parse_person(&head(), TODAY, &regions());
        let one = one.expect("valid");
        assert!(check_family(std::slice::from_ref(&one)).is_empty());
        let mut child = one.clone();
        child.relationship = Relationship::Child;
        let found = check_family(&[child.clone()]);
        assert_eq!(found[0].1.rule, "one-head");
        let found = check_family(&[one.clone(), one.clone()]);
        let rules: Vec<&str> = found.iter().map(|(_, v)| v.rule).collect();
        assert_eq!(rules, ["one-head", "nik-duplicate"]);
        assert_eq!(found[0].0, 1);
    }
}
