//! What an eligibility rule may read: the household and member attributes the registry
//! holds (and the welfare scores), and the programme codes for `enrolled("…")`. The column
//! loader (`columns.rs`) reads attributes by these indices.

use eligibility::{Attribute, Programme as SchemaProgramme, Schema, SchemaError};

/// Household attributes, in schema order; `columns.rs` matches on these indices.
pub const DESIL: usize = 0;
pub const WELFARE_SCORE: usize = 1;
pub const MEMBERS: usize = 2;
/// Survey numbers, read from the household's survey (`registry/survey.rs`).
pub const SURVEY_NUMBERS: [(usize, &str); 7] = [
    (3, "floor_area_per_person_m2"),
    (4, "electricity_va"),
    (5, "school_age_children"),
    (6, "elderly_members"),
    (7, "pregnant_members"),
    (8, "members_with_disability"),
    (9, "income_bracket"),
];
pub const SURVEY_FLAGS: [(usize, &str); 4] = [
    (10, "owns_land"),
    (11, "owns_motorbike"),
    (12, "owns_livestock"),
    (13, "has_savings"),
];
pub const SURVEY_TEXTS: [(usize, &str); 4] = [
    (14, "floor_material"),
    (15, "water_source"),
    (16, "sanitation"),
    (17, "cooking_fuel"),
];
/// How many household attributes there are.
pub const HOUSEHOLD_ATTRIBUTES: usize = 18;

/// Member attributes, in schema order.
pub const AGE: usize = 0;
pub const SEX: usize = 1;
pub const RELATIONSHIP: usize = 2;
pub const DISABILITY: usize = 3;
pub const EDUCATION: usize = 4;
pub const MEMBER_ATTRIBUTES: usize = 5;

fn household() -> Vec<Attribute> {
    let survey = "Dari pendataan keluarga; tidak tercatat bila keluarga belum didata.";
    vec![
        Attribute::number("desil", "desil kesejahteraan")
            .english("welfare decile")
            .description("1 (termiskin) sampai 10, dari skor kesejahteraan terakhir."),
        Attribute::number("welfare_score", "skor kesejahteraan")
            .english("welfare score")
            .description("Skor kesejahteraan terakhir (proxy means test)."),
        Attribute::number("members", "jumlah anggota keluarga")
            .english("number of household members")
            .unit("orang", "people")
            .description("Anggota yang masih tinggal di keluarga (tidak meninggal atau pindah)."),
        Attribute::number("floor_area_per_person_m2", "luas lantai per orang")
            .english("floor area per person")
            .unit("m²", "m²")
            .description(survey),
        Attribute::number("electricity_va", "daya listrik")
            .english("installed electricity")
            .unit("VA", "VA")
            .description(survey),
        Attribute::number("school_age_children", "jumlah anak usia sekolah")
            .english("number of school-age children")
            .description(survey),
        Attribute::number("elderly_members", "jumlah anggota lanjut usia")
            .english("number of elderly members")
            .description(survey),
        Attribute::number("pregnant_members", "jumlah anggota yang sedang hamil")
            .english("number of pregnant members")
            .description(survey),
        Attribute::number("members_with_disability", "jumlah anggota penyandang disabilitas")
            .english("number of members with a disability")
            .description(survey),
        Attribute::number("income_bracket", "golongan pendapatan bulanan")
            .english("monthly income bracket")
            .description("1: di bawah Rp1 juta, 2: Rp1–2 juta, 3: Rp2–3 juta, 4: Rp3–5 juta, 5: di atas Rp5 juta."),
        Attribute::boolean("owns_land", "memiliki lahan").english("owns land").description(survey),
        Attribute::boolean("owns_motorbike", "memiliki sepeda motor")
            .english("owns a motorbike")
            .description(survey),
        Attribute::boolean("owns_livestock", "memiliki ternak")
            .english("owns livestock")
            .description(survey),
        Attribute::boolean("has_savings", "memiliki tabungan")
            .english("has savings")
            .description(survey),
        Attribute::text("floor_material", "bahan lantai")
            .english("floor material")
            .description("tanah, bambu, kayu, semen, keramik, lainnya."),
        Attribute::text("water_source", "sumber air minum")
            .english("drinking-water source")
            .description("sumur_tak_terlindung, mata_air_tak_terlindung, sungai, air_hujan, sumur_terlindung, ledeng, air_kemasan, lainnya."),
        Attribute::text("sanitation", "fasilitas buang air besar")
            .english("sanitation")
            .description("tidak_ada, bersama, sendiri."),
        Attribute::text("cooking_fuel", "bahan bakar memasak")
            .english("cooking fuel")
            .description("kayu_bakar, minyak_tanah, arang, elpiji_3kg, elpiji, listrik, tidak_memasak, lainnya."),
    ]
}

fn member() -> Vec<Attribute> {
    vec![
        Attribute::number("age", "berumur")
            .english("aged")
            .unit("tahun", "years")
            .description("Umur dalam tahun penuh pada tanggal evaluasi, dari tanggal lahir."),
        Attribute::text("sex", "berjenis kelamin")
            .english("of sex")
            .description("L (laki-laki) atau P (perempuan), seperti pada KK."),
        Attribute::text("relationship", "berhubungan keluarga")
            .english("related as")
            .description("kepala, istri, suami, anak, lainnya."),
        Attribute::text("disability", "dengan disabilitas")
            .english("with disability")
            .description("tidak, fisik, intelektual, mental, sensorik, ganda (UU No. 8/2016); tingkat keparahan tidak tercatat."),
        Attribute::text("education", "berpendidikan terakhir")
            .english("with highest education")
            .description("Pendidikan tertinggi yang ditamatkan: tidak_sekolah, sd, smp, sma, diploma, s1, …; jenjang yang sedang ditempuh tidak tercatat."),
    ]
}

/// The schema rules are checked against, with the programmes as `(code, name)`.
pub fn schema(programmes: &[(String, String)]) -> Result<Schema, SchemaError> {
    let programmes = programmes
        .iter()
        .map(|(code, name)| SchemaProgramme::new(code, name))
        .collect();
    Schema::new(household(), member(), programmes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_match_the_attribute_lists() {
        let schema = schema(&[("PKH".into(), "PKH".into())]).expect("schema");
        let names: Vec<&str> = schema.household().iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names.len(), HOUSEHOLD_ATTRIBUTES);
        assert_eq!(names[DESIL], "desil");
        assert_eq!(names[WELFARE_SCORE], "welfare_score");
        assert_eq!(names[MEMBERS], "members");
        for (i, name) in SURVEY_NUMBERS
            .iter()
            .chain(&SURVEY_FLAGS)
            .chain(&SURVEY_TEXTS)
        {
            assert_eq!(names[*i], *name);
        }
        let members: Vec<&str> = schema.member().iter().map(|a| a.name.as_str()).collect();
        assert_eq!(members.len(), MEMBER_ATTRIBUTES);
        assert_eq!(
            [
                members[AGE],
                members[SEX],
                members[RELATIONSHIP],
                members[DISABILITY],
                members[EDUCATION]
            ],
            ["age", "sex", "relationship", "disability", "education"]
        );
    }
}
