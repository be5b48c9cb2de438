//! Survey attributes of a household (pendataan): housing, water, sanitation, energy,
//! assets, income and the members who need care. Every attribute is optional, because a
//! household is registered before it is surveyed.

use super::codes::coded_enum;
use super::violation::Violation;

coded_enum!(FloorMaterial {
    Earth = "tanah", Bamboo = "bambu", Wood = "kayu", Cement = "semen",
    Tile = "keramik", Other = "lainnya",
});

coded_enum!(WallMaterial {
    Bamboo = "bambu", Thatch = "rumbia", Wood = "kayu",
    UnplasteredBrick = "tembok_tanpa_plester" | "tembok tanpa plester",
    Brick = "tembok", Other = "lainnya",
});

coded_enum!(RoofMaterial {
    Thatch = "ijuk" | "rumbia", Zinc = "seng", Asbestos = "asbes", ClayTile = "genteng",
    Concrete = "beton", Other = "lainnya",
});

coded_enum!(WaterSource {
    UnprotectedWell = "sumur_tak_terlindung" | "sumur tak terlindung",
    UnprotectedSpring = "mata_air_tak_terlindung" | "mata air tak terlindung",
    River = "sungai", Rain = "air_hujan" | "air hujan",
    ProtectedWell = "sumur_terlindung" | "sumur terlindung",
    Piped = "ledeng" | "pam", Bottled = "air_kemasan" | "air kemasan", Other = "lainnya",
});

coded_enum!(Sanitation {
    None = "tidak_ada" | "tidak ada", Shared = "bersama", Private = "sendiri",
});

coded_enum!(CookingFuel {
    Firewood = "kayu_bakar" | "kayu bakar", Kerosene = "minyak_tanah" | "minyak tanah",
    Charcoal = "arang", Lpg3Kg = "elpiji_3kg" | "gas 3kg", Lpg = "elpiji" | "gas",
    Electric = "listrik", None = "tidak_memasak" | "tidak memasak", Other = "lainnya",
});

coded_enum!(
    /// Monthly household income in rupiah, in the brackets the survey form uses.
    IncomeBracket {
        Under1m = "1" | "<1jt", From1To2m = "2" | "1-2jt", From2To3m = "3" | "2-3jt",
        From3To5m = "4" | "3-5jt", Over5m = "5" | ">5jt",
    }
);

/// Largest plausible counts and sizes; larger values are typing mistakes.
const MEMBERS_MAX: u32 = 30;
const FLOOR_AREA_PER_PERSON_M2_MAX: u32 = 1_000;
const ELECTRICITY_VA_MAX: u32 = 200_000;

#[derive(
    Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(default)]
pub struct Survey {
    pub floor_area_per_person_m2: Option<u32>,
    pub floor_material: Option<FloorMaterial>,
    pub wall_material: Option<WallMaterial>,
    pub roof_material: Option<RoofMaterial>,
    pub water_source: Option<WaterSource>,
    pub sanitation: Option<Sanitation>,
    /// Installed electricity in volt-amperes; 0 when the house has no connection.
    pub electricity_va: Option<u32>,
    pub cooking_fuel: Option<CookingFuel>,
    pub owns_motorbike: Option<bool>,
    pub owns_land: Option<bool>,
    pub owns_livestock: Option<bool>,
    pub has_savings: Option<bool>,
    pub income_bracket: Option<IncomeBracket>,
    pub school_age_children: Option<u32>,
    pub elderly_members: Option<u32>,
    pub pregnant_members: Option<u32>,
    pub members_with_disability: Option<u32>,
}

/// The survey columns, in export order.
pub const COLUMNS: [&str; 17] = [
    "floor_area_per_person_m2",
    "floor_material",
    "wall_material",
    "roof_material",
    "water_source",
    "sanitation",
    "electricity_va",
    "cooking_fuel",
    "owns_motorbike",
    "owns_land",
    "owns_livestock",
    "has_savings",
    "income_bracket",
    "school_age_children",
    "elderly_members",
    "pregnant_members",
    "members_with_disability",
];

fn number(field: &'static str, text: &str, max: u32) -> Result<u32, Violation> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| Violation::range(field, text, max))
}

fn yes_no(field: &'static str, text: &str) -> Result<bool, Violation> {
    match text.trim().to_lowercase().as_str() {
        "ya" | "y" | "yes" | "1" => Ok(true),
        "tidak" | "t" | "no" | "0" => Ok(false),
        _ => Err(Violation::choice(field, text, "ya, tidak")),
    }
}

macro_rules! code_field {
    ($field:literal, $kind:ty, $text:expr) => {
        <$kind>::parse($text).map_err(|e| Violation::choice($field, $text, &e.allowed))
    };
}

impl Survey {
    /// Reads the survey columns through `get`; empty cells stay unknown.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> (Self, Vec<Violation>) {
        let mut s = Self::default();
        let mut found = Vec::new();
        let mut put = |r: Result<(), Violation>| {
            if let Err(v) = r {
                found.push(v);
            }
        };
        let cell = |name: &str| get(name).filter(|t| !t.trim().is_empty());
        macro_rules! read {
            ($name:literal, $slot:expr, $parse:expr) => {
                if let Some(text) = cell($name) {
                    put($parse(&text).map(|v| $slot = Some(v)));
                }
            };
        }
        read!(
            "floor_area_per_person_m2",
            s.floor_area_per_person_m2,
            |t: &str| number("floor_area_per_person_m2", t, FLOOR_AREA_PER_PERSON_M2_MAX)
        );
        read!("floor_material", s.floor_material, |t| code_field!(
            "floor_material",
            FloorMaterial,
            t
        ));
        read!("wall_material", s.wall_material, |t| code_field!(
            "wall_material",
            WallMaterial,
            t
        ));
        read!("roof_material", s.roof_material, |t| code_field!(
            "roof_material",
            RoofMaterial,
            t
        ));
        read!("water_source", s.water_source, |t| code_field!(
            "water_source",
            WaterSource,
            t
        ));
        read!("sanitation", s.sanitation, |t| code_field!(
            "sanitation",
            Sanitation,
            t
        ));
        read!("electricity_va", s.electricity_va, |t: &str| number(
            "electricity_va",
            t,
            ELECTRICITY_VA_MAX
        ));
        read!("cooking_fuel", s.cooking_fuel, |t| code_field!(
            "cooking_fuel",
            CookingFuel,
            t
        ));
        read!("owns_motorbike", s.owns_motorbike, |t| yes_no(
            "owns_motorbike",
            t
        ));
        read!("owns_land", s.owns_land, |t| yes_no("owns_land", t));
        read!("owns_livestock", s.owns_livestock, |t| yes_no(
            "owns_livestock",
            t
        ));
        read!("has_savings", s.has_savings, |t| yes_no("has_savings", t));
        read!("income_bracket", s.income_bracket, |t| code_field!(
            "income_bracket",
            IncomeBracket,
            t
        ));
        read!("school_age_children", s.school_age_children, |t: &str| {
            number("school_age_children", t, MEMBERS_MAX)
        });
        read!("elderly_members", s.elderly_members, |t: &str| number(
            "elderly_members",
            t,
            MEMBERS_MAX
        ));
        read!("pregnant_members", s.pregnant_members, |t: &str| number(
            "pregnant_members",
            t,
            MEMBERS_MAX
        ));
        read!(
            "members_with_disability",
            s.members_with_disability,
            |t: &str| number("members_with_disability", t, MEMBERS_MAX)
        );
        (s, found)
    }

    /// The survey as export cells, in [`COLUMNS`] order.
    pub fn cells(&self) -> [String; 17] {
        let n = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        let b = |v: Option<bool>| match v {
            Some(true) => "ya".to_owned(),
            Some(false) => "tidak".to_owned(),
            None => String::new(),
        };
        let c = |v: Option<&'static str>| v.unwrap_or_default().to_owned();
        [
            n(self.floor_area_per_person_m2),
            c(self.floor_material.map(|v| v.code())),
            c(self.wall_material.map(|v| v.code())),
            c(self.roof_material.map(|v| v.code())),
            c(self.water_source.map(|v| v.code())),
            c(self.sanitation.map(|v| v.code())),
            n(self.electricity_va),
            c(self.cooking_fuel.map(|v| v.code())),
            b(self.owns_motorbike),
            b(self.owns_land),
            b(self.owns_livestock),
            b(self.has_savings),
            c(self.income_bracket.map(|v| v.code())),
            n(self.school_age_children),
            n(self.elderly_members),
            n(self.pregnant_members),
            n(self.members_with_disability),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(pairs: &[(&str, &str)]) -> (Survey, Vec<Violation>) {
        let owned: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Survey::parse(|name| {
            owned
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn reads_known_attributes_and_round_trips_through_cells() {
        let (survey, found) = from(&[
            ("floor_material", "Tanah"),
            ("electricity_va", "450"),
            ("owns_motorbike", "ya"),
            ("income_bracket", "1"),
            ("elderly_members", "2"),
            ("water_source", "sumur terlindung"),
        ]);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(survey.floor_material, Some(FloorMaterial::Earth));
        assert_eq!(survey.electricity_va, Some(450));
        let cells = survey.cells();
        let back = from(
            &COLUMNS
                .iter()
                .zip(cells.iter())
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        );
        assert_eq!(back.0, survey);
    }

    #[test]
    fn names_each_bad_attribute() {
        let (_, found) = from(&[
            ("floor_material", "emas"),
            ("elderly_members", "99"),
            ("owns_land", "mungkin"),
        ]);
        let fields: Vec<&str> = found.iter().map(|v| v.field).collect();
        assert_eq!(fields, ["floor_material", "owns_land", "elderly_members"]);
    }
}
