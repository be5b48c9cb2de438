//! Search text from a query string: trimmed and bounded before it reaches SQL, so a long
//! or empty pattern is a 422 naming the parameter, never a database error.

use super::{AppError, FieldError};

/// Fewest characters a search needs.
pub const SEARCH_CHARS_MIN: usize = 2;
/// Most characters a search may have: longer than any name, NIK or place.
pub const SEARCH_CHARS_MAX: usize = 100;

/// The trimmed search text of parameter `field`, or a 422 naming it and the rule.
pub fn search_text<'a>(field: &str, raw: &'a str) -> Result<&'a str, AppError> {
    let text = raw.trim();
    let chars = text.chars().count();
    if chars < SEARCH_CHARS_MIN {
        return Err(AppError::invalid(FieldError::new(
            field,
            "length",
            &format!("must be at least {SEARCH_CHARS_MIN} characters"),
            &format!("minimal {SEARCH_CHARS_MIN} karakter"),
        )));
    }
    if chars > SEARCH_CHARS_MAX {
        return Err(AppError::invalid(FieldError::new(
            field,
            "length",
            &format!("must be at most {SEARCH_CHARS_MAX} characters"),
            &format!("paling banyak {SEARCH_CHARS_MAX} karakter"),
        )));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_inclusive_and_name_the_field() {
        assert_eq!(search_text("q", "  ab ").ok(), Some("ab"));
        assert!(search_text("q", &"é".repeat(SEARCH_CHARS_MAX)).is_ok());
        for bad in ["", " a ", &"x".repeat(SEARCH_CHARS_MAX + 1)] {
            match search_text("q", bad) {
                Err(AppError::Invalid(fields)) => {
                    assert_eq!(
                        (fields[0].field.as_str(), fields[0].rule.as_str()),
                        ("q", "length")
                    );
                }
                other => panic!("expected 422 for {bad:?}, got {other:?}"),
            }
        }
    }
}
