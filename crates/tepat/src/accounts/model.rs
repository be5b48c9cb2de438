//! Account management types: login names and account status.

/// A login name: 3–40 characters of lowercase letters, digits, `.`, `_` and `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub const LENGTH_MAX: usize = 40;

    pub fn parse(input: &str) -> Result<Self, (String, String)> {
        let text = input.trim().to_lowercase();
        let valid_chars = text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        if (3..=Self::LENGTH_MAX).contains(&text.len()) && valid_chars {
            return Ok(Self(text));
        }
        Err((
            "must be 3 to 40 characters: letters, digits, '.', '_' or '-'".to_owned(),
            "harus 3 sampai 40 karakter: huruf, angka, '.', '_' atau '-'".to_owned(),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    Active,
    Disabled,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }

    pub fn parse(text: &str) -> Self {
        if text == "active" {
            Self::Active
        } else {
            Self::Disabled
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_bounded() {
        assert_eq!(
            Username::parse(" Op.Klender ").expect("valid").as_str(),
            "op.klender"
        );
        for bad in ["ab", "has space", "ünï", &"x".repeat(41)] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }
}
