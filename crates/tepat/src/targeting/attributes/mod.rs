//! The attributes a welfare model weighs: the household's survey (housing, water,
//! sanitation, energy, assets, income, members with a disability) and its composition from
//! the members' birth dates (size, children, elderly). A household's profile is the value of
//! each attribute, or nothing where the survey left it empty.

use time::Date;

use crate::registry::survey::Survey;
use crate::web::i18n::Lang;

/// How a weight applies to an attribute's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Points per unit, the value capped at `cap` (beyond it more says little about
    /// consumption: a 400 m² house per person is a typing slip or a rich house alike).
    Number { cap: u32 },
    /// Points when the answer is yes, none when no.
    YesNo,
    /// Points per answer, one weight for each code.
    Choice(&'static [&'static str]),
}

/// One attribute: its key in model files and the API, its kind, its names.
#[derive(Debug, Clone, Copy)]
pub struct Attribute {
    pub key: &'static str,
    pub kind: Kind,
    pub name_id: &'static str,
    pub name_en: &'static str,
}

impl Attribute {
    pub fn name(&self, lang: Lang) -> String {
        lang.pick(self.name_id, self.name_en)
    }
}

/// Electricity classes from the installed power (PLN tariff classes).
pub const ELECTRICITY: [&str; 5] = ["tidak_ada", "450", "900", "1300", "di_atas_1300"];

/// Every attribute, in the order of model files and of a profile's values.
pub const ATTRIBUTES: [Attribute; 17] = [
    attr(
        "floor_area_per_person_m2",
        Kind::Number { cap: 50 },
        "Luas lantai per orang (m²)",
        "Floor area per person (m²)",
    ),
    attr(
        "floor_material",
        Kind::Choice(&["tanah", "bambu", "kayu", "semen", "keramik", "lainnya"]),
        "Jenis lantai",
        "Floor",
    ),
    attr(
        "wall_material",
        Kind::Choice(&[
            "bambu",
            "rumbia",
            "kayu",
            "tembok_tanpa_plester",
            "tembok",
            "lainnya",
        ]),
        "Jenis dinding",
        "Walls",
    ),
    attr(
        "roof_material",
        Kind::Choice(&["ijuk", "seng", "asbes", "genteng", "beton", "lainnya"]),
        "Jenis atap",
        "Roof",
    ),
    attr(
        "water_source",
        Kind::Choice(&[
            "sumur_tak_terlindung",
            "mata_air_tak_terlindung",
            "sungai",
            "air_hujan",
            "sumur_terlindung",
            "ledeng",
            "air_kemasan",
            "lainnya",
        ]),
        "Sumber air minum",
        "Drinking water",
    ),
    attr(
        "sanitation",
        Kind::Choice(&["tidak_ada", "bersama", "sendiri"]),
        "Jamban",
        "Toilet",
    ),
    attr(
        "electricity",
        Kind::Choice(&ELECTRICITY),
        "Daya listrik",
        "Electricity",
    ),
    attr(
        "cooking_fuel",
        Kind::Choice(&[
            "kayu_bakar",
            "minyak_tanah",
            "arang",
            "elpiji_3kg",
            "elpiji",
            "listrik",
            "tidak_memasak",
            "lainnya",
        ]),
        "Bahan bakar memasak",
        "Cooking fuel",
    ),
    attr(
        "owns_motorbike",
        Kind::YesNo,
        "Memiliki sepeda motor",
        "Owns a motorbike",
    ),
    attr("owns_land", Kind::YesNo, "Memiliki lahan", "Owns land"),
    attr(
        "owns_livestock",
        Kind::YesNo,
        "Memiliki ternak",
        "Owns livestock",
    ),
    attr(
        "has_savings",
        Kind::YesNo,
        "Memiliki tabungan",
        "Has savings",
    ),
    attr(
        "income_bracket",
        Kind::Choice(&["1", "2", "3", "4", "5"]),
        "Penghasilan keluarga per bulan",
        "Monthly household income",
    ),
    attr(
        "household_size",
        Kind::Number { cap: 15 },
        "Jumlah anggota keluarga",
        "Household members",
    ),
    attr(
        "children_under_15",
        Kind::Number { cap: 15 },
        "Anak di bawah 15 tahun",
        "Children under 15",
    ),
    attr(
        "elderly_60_plus",
        Kind::Number { cap: 15 },
        "Lansia 60 tahun ke atas",
        "Elderly aged 60 and over",
    ),
    attr(
        "members_with_disability",
        Kind::Number { cap: 15 },
        "Anggota penyandang disabilitas",
        "Members with a disability",
    ),
];

const fn attr(
    key: &'static str,
    kind: Kind,
    name_id: &'static str,
    name_en: &'static str,
) -> Attribute {
    Attribute {
        key,
        kind,
        name_id,
        name_en,
    }
}

/// The position of an attribute by key.
pub fn index_of(key: &str) -> Option<usize> {
    ATTRIBUTES.iter().position(|a| a.key == key)
}

/// One attribute's value in a household's profile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// Not recorded in the survey.
    Missing,
    Number(u32),
    YesNo(bool),
    /// The position of the answer in the attribute's codes.
    Choice(usize),
}

impl Value {
    /// The value as the API shows it: the number, `ya`/`tidak`, the code, or nothing.
    pub fn code(self, attribute: &Attribute) -> Option<String> {
        match (self, attribute.kind) {
            (Value::Missing, _) => None,
            (Value::Number(n), _) => Some(n.to_string()),
            (Value::YesNo(yes), _) => Some(if yes { "ya" } else { "tidak" }.to_owned()),
            (Value::Choice(i), Kind::Choice(codes)) => codes.get(i).map(|c| (*c).to_owned()),
            (Value::Choice(_), _) => None,
        }
    }
}

/// What the model reads of a household: a value per attribute, in [`ATTRIBUTES`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub values: [Value; ATTRIBUTES.len()],
}

/// The household's living members as the profile counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Composition {
    pub members: u32,
    pub children_under_15: u32,
    pub elderly_60_plus: u32,
}

/// Age limits of the composition counts (BPS: children are under 15, the elderly 60+).
const CHILD_AGE_BELOW: i32 = 15;
const ELDERLY_AGE_FROM: i32 = 60;

impl Composition {
    /// Counts one living member born on `birth` as of `on`.
    pub fn add(&mut self, birth: Date, on: Date) {
        let mut age = on.year() - birth.year();
        if (on.month() as u8, on.day()) < (birth.month() as u8, birth.day()) {
            age -= 1;
        }
        self.members += 1;
        if age < CHILD_AGE_BELOW {
            self.children_under_15 += 1;
        }
        if age >= ELDERLY_AGE_FROM {
            self.elderly_60_plus += 1;
        }
    }
}

fn code_index<T: Copy>(value: Option<T>, code: impl Fn(T) -> &'static str, key: &str) -> Value {
    let Some(value) = value else {
        return Value::Missing;
    };
    let wanted = code(value);
    match index_of(key).map(|i| ATTRIBUTES[i].kind) {
        Some(Kind::Choice(codes)) => codes
            .iter()
            .position(|c| *c == wanted)
            .map_or(Value::Missing, Value::Choice),
        _ => Value::Missing,
    }
}

/// The electricity class of an installed power in volt-amperes.
pub fn electricity_class(va: u32) -> usize {
    match va {
        0 => 0,
        1..=450 => 1,
        451..=900 => 2,
        901..=1300 => 3,
        _ => 4,
    }
}

/// True when the survey records at least one attribute: a household registered but not yet
/// surveyed (*belum didata*) gets no score.
pub fn surveyed(survey: &Survey) -> bool {
    survey != &Survey::default()
}

impl Profile {
    /// The profile of a surveyed household with the given living members.
    pub fn new(survey: &Survey, people: Composition) -> Self {
        let s = survey;
        let number = |v: Option<u32>| v.map_or(Value::Missing, Value::Number);
        let yes_no = |v: Option<bool>| v.map_or(Value::Missing, Value::YesNo);
        let members = |n: u32| {
            if people.members == 0 {
                Value::Missing
            } else {
                Value::Number(n)
            }
        };
        Self {
            values: [
                number(s.floor_area_per_person_m2),
                code_index(s.floor_material, |v| v.code(), "floor_material"),
                code_index(s.wall_material, |v| v.code(), "wall_material"),
                code_index(s.roof_material, |v| v.code(), "roof_material"),
                code_index(s.water_source, |v| v.code(), "water_source"),
                code_index(s.sanitation, |v| v.code(), "sanitation"),
                s.electricity_va
                    .map_or(Value::Missing, |va| Value::Choice(electricity_class(va))),
                code_index(s.cooking_fuel, |v| v.code(), "cooking_fuel"),
                yes_no(s.owns_motorbike),
                yes_no(s.owns_land),
                yes_no(s.owns_livestock),
                yes_no(s.has_savings),
                code_index(s.income_bracket, |v| v.code(), "income_bracket"),
                members(people.members),
                members(people.children_under_15),
                members(people.elderly_60_plus),
                number(s.members_with_disability),
            ],
        }
    }
}

/// An answer in words, for the "why" list.
pub fn value_label(attribute: &Attribute, value: Value, lang: Lang) -> String {
    match (value, attribute.kind) {
        (Value::Missing, _) => lang.pick("tidak didata", "not recorded"),
        (Value::Number(n), _) => n.to_string(),
        (Value::YesNo(true), _) => lang.pick("ya", "yes"),
        (Value::YesNo(false), _) => lang.pick("tidak", "no"),
        (Value::Choice(i), Kind::Choice(codes)) => {
            let code = codes.get(i).copied().unwrap_or_default();
            choice_label(attribute.key, code, lang)
        }
        (Value::Choice(_), _) => String::new(),
    }
}

fn choice_label(key: &str, code: &str, lang: Lang) -> String {
    let (id, en) = match (key, code) {
        ("electricity", "tidak_ada") => ("tidak ada sambungan", "no connection"),
        ("electricity", "450") => ("450 VA", "450 VA"),
        ("electricity", "900") => ("900 VA", "900 VA"),
        ("electricity", "1300") => ("1.300 VA", "1,300 VA"),
        ("electricity", _) => ("di atas 1.300 VA", "over 1,300 VA"),
        ("income_bracket", "1") => ("di bawah Rp1 juta", "under Rp1 million"),
        ("income_bracket", "2") => ("Rp1–2 juta", "Rp1–2 million"),
        ("income_bracket", "3") => ("Rp2–3 juta", "Rp2–3 million"),
        ("income_bracket", "4") => ("Rp3–5 juta", "Rp3–5 million"),
        ("income_bracket", _) => ("di atas Rp5 juta", "over Rp5 million"),
        (_, "tanah") => ("tanah", "earth"),
        (_, "bambu") => ("bambu", "bamboo"),
        (_, "kayu") => ("kayu", "wood"),
        (_, "semen") => ("semen", "cement"),
        (_, "keramik") => ("keramik", "tiles"),
        (_, "rumbia") => ("rumbia", "thatch"),
        (_, "tembok_tanpa_plester") => ("tembok tanpa plester", "unplastered brick"),
        (_, "tembok") => ("tembok", "brick"),
        (_, "ijuk") => ("ijuk/rumbia", "palm fibre/thatch"),
        (_, "seng") => ("seng", "zinc"),
        (_, "asbes") => ("asbes", "asbestos"),
        (_, "genteng") => ("genteng", "clay tiles"),
        (_, "beton") => ("beton", "concrete"),
        (_, "sumur_tak_terlindung") => ("sumur tak terlindung", "unprotected well"),
        (_, "mata_air_tak_terlindung") => ("mata air tak terlindung", "unprotected spring"),
        (_, "sungai") => ("sungai", "river"),
        (_, "air_hujan") => ("air hujan", "rainwater"),
        (_, "sumur_terlindung") => ("sumur terlindung", "protected well"),
        (_, "ledeng") => ("ledeng/PAM", "piped water"),
        (_, "air_kemasan") => ("air kemasan", "bottled water"),
        ("sanitation", "tidak_ada") => ("tidak ada", "none"),
        (_, "bersama") => ("bersama", "shared"),
        (_, "sendiri") => ("milik sendiri", "private"),
        (_, "kayu_bakar") => ("kayu bakar", "firewood"),
        (_, "minyak_tanah") => ("minyak tanah", "kerosene"),
        (_, "arang") => ("arang", "charcoal"),
        (_, "elpiji_3kg") => ("elpiji 3 kg", "LPG 3 kg"),
        (_, "elpiji") => ("elpiji (di atas 3 kg)", "LPG (over 3 kg)"),
        (_, "listrik") => ("listrik", "electric"),
        (_, "tidak_memasak") => ("tidak memasak", "does not cook"),
        (_, "lainnya") => ("lainnya", "other"),
        (_, other) => (other, other),
    };
    lang.pick(id, en)
}

#[cfg(test)]
mod tests;
