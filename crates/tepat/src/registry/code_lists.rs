//! The registry's closed lists as pages offer and read them: the codes of each list (from
//! the same `coded_enum!`s the rules parse with) and the code an accepted spelling stands
//! for. Registered with the page labels (`web::labels`) at start-up, since the shared
//! floor knows no feature.

use super::person::{Disability, Education, LifeStatus, MaritalStatus, Relationship, Sex};
use super::store::views::ViewPurpose;
use super::survey::{
    CookingFuel, FloorMaterial, IncomeBracket, RoofMaterial, Sanitation, WallMaterial, WaterSource,
};
use crate::web::i18n::Lang;
use crate::web::labels::ClosedLists;

/// The registry's lists.
pub struct RegistryLists;

impl ClosedLists for RegistryLists {
    fn list(&self, name: &str) -> Option<Vec<&'static str>> {
        list(name)
    }

    fn canonical(&self, name: &str, value: &str) -> Option<&'static str> {
        canonical(name, value)
    }

    fn own_label(&self, list: &str, value: &str, lang: Lang) -> Option<String> {
        (list == "purpose").then(|| {
            ViewPurpose::parse(value)
                .map_or_else(|_| value.to_owned(), |p| p.label(lang).to_owned())
        })
    }
}

/// Registers the registry's lists with the page labels (once; later calls change nothing).
pub fn register() {
    crate::web::labels::register(&RegistryLists);
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| code(*v)).collect()
}

/// The codes of a closed list, in the list's order; `None` for a field without a list.
pub fn list(name: &str) -> Option<Vec<&'static str>> {
    Some(match name {
        "sex" => codes(Sex::ALL, Sex::code),
        "relationship" => codes(Relationship::ALL, Relationship::code),
        "marital_status" => codes(MaritalStatus::ALL, MaritalStatus::code),
        "education" => codes(Education::ALL, Education::code),
        "disability" => codes(Disability::ALL, Disability::code),
        "life_status" => codes(LifeStatus::ALL, LifeStatus::code),
        "floor_material" => codes(FloorMaterial::ALL, FloorMaterial::code),
        "wall_material" => codes(WallMaterial::ALL, WallMaterial::code),
        "roof_material" => codes(RoofMaterial::ALL, RoofMaterial::code),
        "water_source" => codes(WaterSource::ALL, WaterSource::code),
        "sanitation" => codes(Sanitation::ALL, Sanitation::code),
        "cooking_fuel" => codes(CookingFuel::ALL, CookingFuel::code),
        "income_bracket" => codes(IncomeBracket::ALL, IncomeBracket::code),
        "owns_motorbike" | "owns_land" | "owns_livestock" | "has_savings" => {
            vec!["ya", "tidak"]
        }
        _ => return None,
    })
}

fn parsed<T: Copy, E>(
    text: &str,
    parse: fn(&str) -> Result<T, E>,
    code: fn(T) -> &'static str,
) -> Option<&'static str> {
    parse(text).ok().map(code)
}

/// The canonical code of a value of a closed list (`laki-laki` → `L`), if it is one.
fn canonical(name: &str, value: &str) -> Option<&'static str> {
    match name {
        "sex" => parsed(value, Sex::parse, Sex::code),
        "relationship" => parsed(value, Relationship::parse, Relationship::code),
        "marital_status" => parsed(value, MaritalStatus::parse, MaritalStatus::code),
        "education" => parsed(value, Education::parse, Education::code),
        "disability" => parsed(value, Disability::parse, Disability::code),
        "life_status" => parsed(value, LifeStatus::parse, LifeStatus::code),
        "floor_material" => parsed(value, FloorMaterial::parse, FloorMaterial::code),
        "wall_material" => parsed(value, WallMaterial::parse, WallMaterial::code),
        "roof_material" => parsed(value, RoofMaterial::parse, RoofMaterial::code),
        "water_source" => parsed(value, WaterSource::parse, WaterSource::code),
        "sanitation" => parsed(value, Sanitation::parse, Sanitation::code),
        "cooking_fuel" => parsed(value, CookingFuel::parse, CookingFuel::code),
        "income_bracket" => parsed(value, IncomeBracket::parse, IncomeBracket::code),
        "owns_motorbike" | "owns_land" | "owns_livestock" | "has_savings" | "yes_no" => {
            match value.trim().to_lowercase().as_str() {
                "ya" | "y" | "yes" | "1" | "true" => Some("ya"),
                "tidak" | "t" | "no" | "0" | "false" => Some("tidak"),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::web::changes::{ChangeRow, Shown};
    use crate::web::time::Zone;

    /// The trail's change list shows the registry's codes by their labels once the
    /// registry's lists are registered, as the application does at start.
    #[test]
    fn the_trail_shows_registry_codes_with_their_labels() {
        register();
        let shown = Shown {
            lang: Lang::Id,
            zone: Zone::Wib,
        };
        let rows = shown.rows(&serde_json::json!({
            "marital_status": {"from": "belum_kawin", "to": "kawin"},
            "birth_place": {"from": "Jakarta", "to": "Bekasi"},
        }));
        assert_eq!(
            rows,
            [
                ChangeRow {
                    label: "Tempat lahir".into(),
                    before: "Jakarta".into(),
                    after: "Bekasi".into()
                },
                ChangeRow {
                    label: "Status perkawinan".into(),
                    before: "Belum kawin".into(),
                    after: "Kawin".into()
                },
            ]
        );
    }

    /// The survey's answers are labelled from the registry's lists: one row per changed
    /// answer, both sides in words.
    #[test]
    fn the_trail_opens_the_survey_into_one_row_per_changed_answer() {
        register();
        let shown = Shown {
            lang: Lang::Id,
            zone: Zone::Wib,
        };
        let rows = shown.rows(&serde_json::json!({
            "survey": {"from": {"water_source": "sungai", "sanitation": "bersama"},
                       "to": {"water_source": "ledeng", "sanitation": "bersama"}},
        }));
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].before, "Sungai/danau");
        assert_eq!(rows[0].after, "Air ledeng (PAM)");
        assert!(rows[0].label.starts_with("Pendataan: "));
    }

    use super::register;
    use crate::auth::Role;
    use crate::web::i18n::Lang;
    use crate::web::labels::*;

    const LISTS: [&str; 17] = [
        "sex",
        "relationship",
        "marital_status",
        "education",
        "disability",
        "life_status",
        "floor_material",
        "wall_material",
        "roof_material",
        "water_source",
        "sanitation",
        "cooking_fuel",
        "income_bracket",
        "owns_motorbike",
        "owns_land",
        "owns_livestock",
        "has_savings",
    ];

    #[test]
    fn every_code_of_every_list_has_a_label_in_both_languages() {
        register();
        for name in LISTS {
            for choice in choices(name, "", Lang::Id) {
                assert_ne!(choice.label, choice.value, "{name}: {}", choice.value);
                let english = answer(
                    if name.starts_with("owns_") || name == "has_savings" {
                        "yes_no"
                    } else {
                        name
                    },
                    choice.value,
                    Lang::En,
                );
                assert_ne!(english, choice.value, "{name}: {}", choice.value);
            }
        }
    }

    #[test]
    fn reads_accepted_spellings_and_leaves_free_text() {
        register();
        assert_eq!(answer("sex", "laki-laki", Lang::Id), "Laki-laki");
        assert_eq!(
            answer("water_source", "sumur_tak_terlindung", Lang::Id),
            "Sumur tak terlindung"
        );
        assert_eq!(
            answer("water_source", "sumur_tak_terlindung", Lang::En),
            "Unprotected well"
        );
        assert_eq!(answer("relationship", "keponakan", Lang::Id), "keponakan");
        assert_eq!(
            answer("role", "village_operator", Lang::Id),
            Role::VillageOperator.label(Lang::Id)
        );
        assert_eq!(
            answer("purpose", "verifikasi", Lang::Id),
            "Verifikasi lapangan"
        );
    }

    #[test]
    fn marks_the_current_choice() {
        register();
        let chosen: Vec<&str> = choices("sex", "perempuan", Lang::Id)
            .iter()
            .filter(|c| c.selected)
            .map(|c| c.value)
            .collect();
        assert_eq!(chosen, ["P"]);
        assert!(choices("sex", "x", Lang::Id).iter().all(|c| !c.selected));
        assert!(choices("occupation", "", Lang::Id).is_empty());
    }
}
