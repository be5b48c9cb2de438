//! Closed lists of codes (sex, relationship, materials …) as they appear in spreadsheets,
//! the API and the store. One table per list gives the enum, its codes and its parser, so
//! the three never drift apart.

use crate::web::i18n::{Lang, Localized};

/// A value that is not in a closed list; names the list and what it accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not one of: {allowed}")]
pub struct CodeError {
    pub value: String,
    pub allowed: String,
}

impl Localized for CodeError {
    fn localized(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Id => format!(
                "\"{}\" tidak termasuk pilihan: {}",
                self.value, self.allowed
            ),
        }
    }
}

/// Defines an enum whose variants each carry one canonical code (what exports write)
/// and any number of accepted spellings (what imports read, case-insensitively).
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            #[allow(dead_code, reason = "not every list is offered as choices yet")]
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical code, as exports and the store write it.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Reads a code or an accepted spelling, ignoring case and outer spaces.
            pub fn parse(text: &str) -> Result<Self, $crate::registry::codes::CodeError> {
                let wanted = text.trim();
                $(
                    if wanted.eq_ignore_ascii_case($code)
                        $(|| wanted.eq_ignore_ascii_case($alias))* {
                        return Ok($name::$variant);
                    }
                )+
                Err($crate::registry::codes::CodeError {
                    value: text.trim().chars().take(40).collect(),
                    allowed: [$($code),+].join(", "),
                })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                $name::parse(&text).map_err(serde::de::Error::custom)
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

pub(crate) use coded_enum;

#[cfg(test)]
mod tests {
    coded_enum!(
        /// A test list.
        Colour { Red = "merah" | "red", Blue = "biru" }
    );

    #[test]
    fn parses_codes_and_aliases_and_names_the_choices() {
        assert_eq!(Colour::parse(" MERAH "), Ok(Colour::Red));
        assert_eq!(Colour::parse("red"), Ok(Colour::Red));
        assert_eq!(Colour::Blue.code(), "biru");
        let err = Colour::parse("hijau").expect_err("not in the list");
        assert_eq!(err.allowed, "merah, biru");
        assert_eq!(
            serde_json::to_string(&Colour::Blue).expect("json"),
            "\"biru\""
        );
        let back: Colour = serde_json::from_str("\"merah\"").expect("json");
        assert_eq!(back, Colour::Red);
    }
}
