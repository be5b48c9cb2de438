//! The rules of a change request that need no database: a reason and a decision note say
//! something in plain text, a proposer never decides their own request, and a request is
//! decided once.

use super::error::ChangeError;
use super::model::{ChangeRequest, ChangeStatus};
use crate::events::Actor;
use crate::text::Lines;
use crate::web::i18n::{Lang, Localized};

/// Longest reason or decision note.
pub const NOTE_CHARS_MAX: usize = 500;
/// Shortest reason (or note, where one is required) that can say why.
pub const NOTE_CHARS_MIN: usize = 5;

/// Reads a reason or a decision note on `field`: plain text of at most `NOTE_CHARS_MAX`
/// characters, and at least `NOTE_CHARS_MIN` when `required`.
pub fn note(field: &str, text: &str, required: bool) -> Result<String, ChangeError> {
    // One line: the note becomes part of the version's reason line.
    let text = crate::text::clean(text, Lines::One).map_err(|e| {
        ChangeError::invalid(
            field,
            e.rule(),
            &e.localized(Lang::En),
            &e.localized(Lang::Id),
        )
    })?;
    if required && text.chars().count() < NOTE_CHARS_MIN {
        return Err(ChangeError::invalid(
            field,
            "required",
            "state the reason in at least 5 characters",
            "tuliskan alasannya, paling sedikit 5 karakter",
        ));
    }
    if text.chars().count() > NOTE_CHARS_MAX {
        return Err(ChangeError::invalid(
            field,
            "too-long",
            &format!("at most {NOTE_CHARS_MAX} characters of plain text"),
            &format!("paling banyak {NOTE_CHARS_MAX} karakter teks biasa"),
        ));
    }
    Ok(text)
}

/// The four-eyes rule: whoever proposed a change does not decide it.
pub fn four_eyes(request: &ChangeRequest, decider: &Actor) -> Result<(), ChangeError> {
    let proposer = &request.proposer;
    if proposer.kind == decider.kind.as_str() && proposer.id.is_some() && proposer.id == decider.id
    {
        return Err(ChangeError::conflict(
            "decision",
            "four-eyes",
            "the proposer of a change cannot decide it",
            "pengusul perubahan tidak dapat memutuskan usulannya sendiri",
        ));
    }
    Ok(())
}

/// A request is decided once: only a proposed request takes a decision.
pub fn still_proposed(status: ChangeStatus) -> Result<(), ChangeError> {
    if status == ChangeStatus::Proposed {
        Ok(())
    } else {
        Err(already_decided())
    }
}

pub fn already_decided() -> ChangeError {
    ChangeError::conflict(
        "status",
        "decided",
        "this request has already been decided",
        "usulan ini sudah diputuskan",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_plain_bounded_text_and_reasons_say_something() {
        assert_eq!(
            note("reason", "  Alamat salah  ", true).ok().as_deref(),
            Some("Alamat salah")
        );
        assert_eq!(note("note", "", false).ok().as_deref(), Some(""));
        let short = note("reason", "ok", true).expect_err("too short");
        assert_eq!(short.findings()[0].rule, "required");
        let long = note("note", &"x".repeat(NOTE_CHARS_MAX + 1), false).expect_err("too long");
        assert_eq!(long.findings()[0].rule, "too-long");
        let control = note("note", "baris\u{0}dua", false).expect_err("NUL");
        assert_eq!(control.findings()[0].rule, "control-character");
        let hidden = note("reason", "Alamat\u{202e} salah", true).expect_err("RLO");
        assert_eq!(hidden.findings()[0].rule, "invisible-character");
    }

    #[test]
    fn only_a_proposed_request_takes_a_decision() {
        assert!(still_proposed(ChangeStatus::Proposed).is_ok());
        let err = still_proposed(ChangeStatus::Returned).expect_err("decided");
        assert_eq!(err.findings()[0].rule, "decided");
    }
}
