//! The words a proposal carries: a proposer's note and a returning official's reason.

use crate::proposals::error::ProposalError;
use crate::text::Lines;
use crate::web::i18n::{Lang, Localized};

/// The shortest note or reason accepted: a sentence, not a tick.
pub const NOTE_CHARS_MIN: usize = 10;
/// The longest kept.
pub const NOTE_CHARS_MAX: usize = 1_000;

/// A note of `NOTE_CHARS_MIN` to `NOTE_CHARS_MAX` characters of plain text.
pub fn note_of(text: &str, field: &'static str) -> Result<String, ProposalError> {
    let note = crate::text::clean(text, Lines::Many).map_err(|e| {
        ProposalError::invalid(
            field,
            e.rule(),
            &e.localized(Lang::En),
            &e.localized(Lang::Id),
        )
    })?;
    let chars = note.chars().count();
    if chars < NOTE_CHARS_MIN {
        return Err(ProposalError::invalid(
            field,
            "min-length",
            &format!("give a reason of at least {NOTE_CHARS_MIN} characters"),
            &format!("tuliskan alasan minimal {NOTE_CHARS_MIN} karakter"),
        ));
    }
    if chars > NOTE_CHARS_MAX {
        return Err(ProposalError::invalid(
            field,
            "max-length",
            "at most 1,000 characters",
            "paling banyak 1.000 karakter",
        ));
    }
    Ok(note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(err: ProposalError) -> &'static str {
        match err {
            ProposalError::Invalid(rule) => rule.rule,
            other => panic!("not a refusal: {other}"),
        }
    }

    #[test]
    fn a_note_is_a_sentence_of_plain_text() {
        assert_eq!(
            note_of("  Rumah tidak layak huni  ", "note").unwrap(),
            "Rumah tidak layak huni"
        );
        assert_eq!(rule(note_of("ok", "note").unwrap_err()), "min-length");
        assert_eq!(
            rule(note_of(&"x".repeat(1_001), "note").unwrap_err()),
            "max-length"
        );
        assert_eq!(
            rule(note_of("alasan\u{0}tersembunyi", "note").unwrap_err()),
            "control-character"
        );
    }
}
