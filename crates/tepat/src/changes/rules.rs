//! The rules of a change request that need no database: a reason and a decision note say
//! something in plain text, a proposer never decides their own request, a request is
//! decided once, and only a returned request is corrected and sent again, as the same kind
//! of change, with room for its evidence.

use super::error::ChangeError;
use super::evidence::EVIDENCE_FILES_MAX;
use super::model::{ChangeRequest, ChangeStatus, Proposal};
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

/// Only a request the district returned is corrected and sent again; a proposed one waits
/// for its decision and an approved one is written already.
pub fn still_returned(status: ChangeStatus) -> Result<(), ChangeError> {
    if status == ChangeStatus::Returned {
        Ok(())
    } else {
        Err(not_returned())
    }
}

pub fn not_returned() -> ChangeError {
    ChangeError::conflict(
        "status",
        "not-returned",
        "only a request returned for correction can be sent again",
        "hanya usulan yang dikembalikan untuk diperbaiki yang dapat dikirim ulang",
    )
}

/// A correction keeps the kind of change it was returned as: another kind is a new
/// request, with its own reason.
pub fn same_kind(request: &ChangeRequest, correction: &Proposal) -> Result<(), ChangeError> {
    if request.kind == correction.kind() {
        return Ok(());
    }
    Err(ChangeError::invalid(
        "kind",
        "same-kind",
        "a correction keeps the kind of change; propose another kind as a new request",
        "perbaikan tetap jenis perubahan yang sama; ajukan jenis lain sebagai usulan baru",
    ))
}

/// The files a correction adds fit beside those the request already has.
pub fn evidence_room(kept: usize, added: usize) -> Result<(), ChangeError> {
    if kept + added <= EVIDENCE_FILES_MAX {
        return Ok(());
    }
    let room = EVIDENCE_FILES_MAX.saturating_sub(kept);
    Err(ChangeError::invalid(
        "evidence",
        "too-many",
        &format!("at most {EVIDENCE_FILES_MAX} files in all; {room} more can be added"),
        &format!("paling banyak {EVIDENCE_FILES_MAX} berkas; masih dapat ditambah {room}"),
    ))
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

    #[test]
    fn only_a_returned_request_is_sent_again() {
        assert!(still_returned(ChangeStatus::Returned).is_ok());
        for status in [ChangeStatus::Proposed, ChangeStatus::Approved] {
            let err = still_returned(status).expect_err("not returned");
            assert_eq!(err.findings()[0].rule, "not-returned");
        }
    }

    #[test]
    fn a_correction_adds_evidence_only_up_to_the_limit() {
        assert!(evidence_room(1, EVIDENCE_FILES_MAX - 1).is_ok());
        let err = evidence_room(2, EVIDENCE_FILES_MAX - 1).expect_err("too many");
        assert_eq!(err.findings()[0].rule, "too-many");
        assert!(
            err.findings()[0]
                .message_in(Lang::Id)
                .contains("masih dapat ditambah 1")
        );
    }
}
