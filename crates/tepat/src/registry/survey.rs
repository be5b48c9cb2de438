//! Survey attributes of a household (pendataan): housing, water, sanitation, energy,
//! assets, income and the members who need care. Every attribute is optional, because a
//! household is registered before it is surveyed.

use super::codes::{CodeError, coded_enum};
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

/// Survey cells read through a lookup, with the findings of those that break a rule.
struct Cells<G> {
    get: G,
    found: Vec<Violation>,
}

impl<G: Fn(&str) -> Option<String>> Cells<G> {
    /// The value of a non-empty cell, or `None` (empty, or refused with a finding).
    fn read<T>(
        &mut self,
        field: &'static str,
        parse: impl Fn(&str) -> Result<T, Violation>,
    ) -> Option<T> {
        let text = (self.get)(field).filter(|t| !t.trim().is_empty())?;
        parse(&text).map_err(|v| self.found.push(v)).ok()
    }

    fn number(&mut self, field: &'static str, max: u32) -> Option<u32> {
        self.read(field, |t| number(field, t, max))
    }

    fn yes_no(&mut self, field: &'static str) -> Option<bool> {
        self.read(field, |t| yes_no(field, t))
    }

    fn code<T>(
        &mut self,
        field: &'static str,
        parse: fn(&str) -> Result<T, CodeError>,
    ) -> Option<T> {
        self.read(field, |t| {
            parse(t).map_err(|e| Violation::choice(field, t, &e.allowed))
        })
    }
}

impl Survey {
    /// Reads the survey columns through `get`; empty cells stay unknown.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> (Self, Vec<Violation>) {
        let mut cells = Cells {
            get,
            found: Vec::new(),
        };
        let mut survey = Self::default();
        survey.read_housing(&mut cells);
        survey.read_assets(&mut cells);
        survey.read_members(&mut cells);
        (survey, cells.found)
    }

    fn read_housing<G: Fn(&str) -> Option<String>>(&mut self, cells: &mut Cells<G>) {
        self.floor_area_per_person_m2 =
            cells.number("floor_area_per_person_m2", FLOOR_AREA_PER_PERSON_M2_MAX);
        self.floor_material = cells.code("floor_material", FloorMaterial::parse);
        self.wall_material = cells.code("wall_material", WallMaterial::parse);
        self.roof_material = cells.code("roof_material", RoofMaterial::parse);
        self.water_source = cells.code("water_source", WaterSource::parse);
        self.sanitation = cells.code("sanitation", Sanitation::parse);
        self.electricity_va = cells.number("electricity_va", ELECTRICITY_VA_MAX);
        self.cooking_fuel = cells.code("cooking_fuel", CookingFuel::parse);
    }

    fn read_assets<G: Fn(&str) -> Option<String>>(&mut self, cells: &mut Cells<G>) {
        self.owns_motorbike = cells.yes_no("owns_motorbike");
        self.owns_land = cells.yes_no("owns_land");
        self.owns_livestock = cells.yes_no("owns_livestock");
        self.has_savings = cells.yes_no("has_savings");
        self.income_bracket = cells.code("income_bracket", IncomeBracket::parse);
    }

    fn read_members<G: Fn(&str) -> Option<String>>(&mut self, cells: &mut Cells<G>) {
        self.school_age_children = cells.number("school_age_children", MEMBERS_MAX);
        self.elderly_members = cells.number("elderly_members", MEMBERS_MAX);
        self.pregnant_members = cells.number("pregnant_members", MEMBERS_MAX);
        self.members_with_disability = cells.number("members_with_disability", MEMBERS_MAX);
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
