//! A person (individu) as the registry holds one: identity, family relationship and
//! life status, with the closed lists their fields take.

use time::Date;

use super::codes::coded_enum;
use super::nik::Nik;
use super::violation::Violation;
use crate::text::Lines;
use crate::web::i18n::Lang;

coded_enum!(
    /// Sex as written on the KK: L (laki-laki) or P (perempuan).
    Sex { Male = "L" | "laki-laki" | "m", Female = "P" | "perempuan" | "f" }
);

impl Sex {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Male, Lang::Id) => "laki-laki",
            (Self::Female, Lang::Id) => "perempuan",
            (Self::Male, Lang::En) => "male",
            (Self::Female, Lang::En) => "female",
        }
    }
}

coded_enum!(
    /// Relationship to the head of the family, as on the KK.
    Relationship {
        Head = "kepala" | "kepala keluarga",
        Wife = "istri",
        Husband = "suami",
        Child = "anak",
        Other = "lainnya" | "famili lain",
    }
);

coded_enum!(
    /// Marital status.
    MaritalStatus {
        Single = "belum_kawin" | "belum kawin",
        Married = "kawin",
        Divorced = "cerai_hidup" | "cerai hidup",
        Widowed = "cerai_mati" | "cerai mati",
    }
);

coded_enum!(
    /// Highest education completed.
    Education {
        None = "tidak_sekolah" | "tidak sekolah",
        Primary = "sd",
        JuniorSecondary = "smp",
        SeniorSecondary = "sma" | "smk",
        Diploma = "diploma" | "d3",
        Bachelor = "s1",
        Postgraduate = "s2" | "s3",
    }
);

coded_enum!(
    /// Disability, by the categories of UU No. 8/2016.
    Disability {
        None = "tidak" | "tidak ada",
        Physical = "fisik",
        Intellectual = "intelektual",
        Mental = "mental",
        Sensory = "sensorik",
        Multiple = "ganda",
    }
);

coded_enum!(
    /// Whether the person still lives in the household.
    LifeStatus { Living = "hidup", Deceased = "meninggal", Moved = "pindah" }
);

/// The longest name kept; the KK has room for about 60 characters.
pub const NAME_CHARS_MAX: usize = 100;
/// The longest free-text field (birth place, occupation).
pub const TEXT_CHARS_MAX: usize = 100;

/// A person's registry attributes, as validated from any source.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct PersonRecord {
    #[schema(value_type = String, example = "3175072105870001")]
    pub nik: Nik,
    /// As written on the KK: Unicode, possibly one word, original spelling kept.
    pub full_name: String,
    pub birth_place: String,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "iso_date")]
    pub birth_date: Date,
    pub sex: Sex,
    pub relationship: Relationship,
    pub marital_status: Option<MaritalStatus>,
    pub occupation: Option<String>,
    pub education: Option<Education>,
    pub disability: Option<Disability>,
    pub life_status: LifeStatus,
    /// The date of death or move; absent while living.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(with = "iso_date_option")]
    pub status_date: Option<Date>,
}

/// Reads a name: outer spaces trimmed, inner spelling kept (in normal form C), control
/// and invisible characters refused (`crate::text`), at least one letter.
pub fn parse_name(input: &str) -> Result<String, Violation> {
    let name = crate::text::clean(input, Lines::One)
        .map_err(|e| Violation::localized("name", e.rule(), &e))?;
    if name.is_empty() {
        return Err(Violation::required("name"));
    }
    if name.chars().count() > NAME_CHARS_MAX {
        return Err(Violation::too_long("name", NAME_CHARS_MAX));
    }
    if !name.chars().any(char::is_alphabetic) {
        return Err(Violation::new(
            "name",
            "name",
            "must be letters, with spaces, apostrophes, dots or hyphens".into(),
            "harus berupa huruf, boleh dengan spasi, apostrof, titik atau tanda hubung".into(),
        ));
    }
    Ok(name)
}

pub(crate) mod iso_date {
    use time::Date;

    pub fn serialize<S: serde::Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::super::dates::iso(*date))
    }
}

pub(crate) mod iso_date_option {
    use time::Date;

    pub fn serialize<S: serde::Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => s.serialize_str(&super::super::dates::iso(*date)),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_spelling() {
        assert_eq!(parse_name("  Sukarno ").as_deref(), Ok("Sukarno"));
        assert_eq!(
            parse_name("Ni Luh Putu Ayu").as_deref(),
            Ok("Ni Luh Putu Ayu")
        );
        assert_eq!(
            parse_name("Nur'aini M. Siregar").as_deref(),
            Ok("Nur'aini M. Siregar")
        );
        assert_eq!(parse_name("ꦱꦸꦏꦂꦤ").as_deref(), Ok("ꦱꦸꦏꦂꦤ"));
        assert_eq!(parse_name("").map_err(|v| v.rule), Err("required"));
        assert_eq!(parse_name("12345").map_err(|v| v.rule), Err("name"));
        assert_eq!(
            parse_name("Budi\u{0}").map_err(|v| v.rule),
            Err("control-character")
        );
        assert_eq!(
            parse_name(&"a".repeat(101)).map_err(|v| v.rule),
            Err("length")
        );
    }

    #[test]
    fn names_refuse_invisible_characters_and_are_kept_composed() {
        for name in [
            "Bu\u{202e}di",
            "Bu\u{200b}di",
            "\u{feff}Budi",
            "Bu\u{2066}di",
        ] {
            let refused = parse_name(name).expect_err(name);
            assert_eq!(
                (refused.field, refused.rule),
                ("name", "invisible-character")
            );
        }
        let rlo = parse_name("Budi\u{202e}").expect_err("RLO");
        assert_eq!(
            rlo.detail(Lang::Id),
            "Nama: mengandung karakter tak terlihat (U+202E)"
        );
        assert_eq!(parse_name("Bu\u{301}di").as_deref(), Ok("B\u{fa}di"));
    }

    #[test]
    fn codes_read_the_kk_spellings() {
        assert_eq!(Sex::parse("l"), Ok(Sex::Male));
        assert_eq!(Sex::parse("Perempuan"), Ok(Sex::Female));
        assert_eq!(Relationship::parse("KEPALA"), Ok(Relationship::Head));
        assert_eq!(Relationship::Child.code(), "anak");
        assert!(Relationship::parse("sepupu").is_err());
        assert_eq!(
            MaritalStatus::parse("belum kawin"),
            Ok(MaritalStatus::Single)
        );
    }
}
