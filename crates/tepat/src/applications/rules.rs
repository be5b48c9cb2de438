//! The pure rules of self-registration: which step may follow which status, the statement
//! of need, and the bounds on members, rows and submissions.

use time::{Duration, OffsetDateTime};

use super::model::{Status, VisitResult};
use crate::text::{Lines, TextError};

/// Members one application may list: a family larger than this registers at the office.
pub const MEMBERS_MAX: usize = 15;
/// Blank member rows the form shows at first; a button adds more, up to `MEMBERS_MAX`.
pub const FORM_ROWS_START: usize = 6;
/// Rows the "add member" button adds at a time.
pub const FORM_ROWS_STEP: usize = 3;
/// Longest statement of need; a few sentences are enough for the field visit.
pub const STATEMENT_CHARS_MAX: usize = 1000;
/// Shortest statement of need, so the verifier learns at least what the family lacks.
pub const STATEMENT_CHARS_MIN: usize = 10;
/// Submissions one village accepts per window: a registration day at the village office
/// stays well below it, while a flood of forged applications cannot bury a village's queue.
pub const SUBMISSIONS_PER_VILLAGE_MAX: i64 = 200;
/// Submissions one client address (an IPv6 client by its /64) may send per window: a
/// village office helping families from its one connection on a registration day stays
/// below it, while one machine cannot fill a village's queue alone.
pub const SUBMISSIONS_PER_CLIENT_MAX: i64 = 60;
/// The window both submission limits count in.
pub const SUBMISSION_WINDOW_MINUTES: i64 = 60;
/// How long the confirmation page shows a new tracking number to the browser that sent the
/// form; afterwards the family needs the number they wrote down.
pub const CONFIRMATION_MINUTES_MAX: i64 = 60;
/// How long documents stay kept against a form that came back with a mistake: a family
/// finishes the form the same day or starts again.
pub const FORM_FILES_HOURS_MAX: i64 = 24;
/// Documents one client address may leave kept against unsent forms in that time: enough
/// for a village office helping ten families, too few to fill the store.
pub const FORM_FILES_PER_CLIENT_MAX: i64 = 30;
/// Longest file name kept for a document; a name is a hint for the verifier, not data.
pub const FILE_NAME_CHARS_MAX: usize = 200;
/// Attempts at a fresh tracking number when one is already taken (1 in 2^50 per attempt).
pub const TRACKING_ATTEMPTS_MAX: usize = 3;

/// What a verifier may do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Verify,
    Accept,
    Reject,
}

/// Why a step cannot be taken now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepRefusal {
    /// Accepted or rejected already.
    Decided,
    /// Acceptance needs a recorded field visit first.
    NotVerified,
    /// Verified once already; a second visit is not recorded over the first.
    AlreadyVerified,
    /// The visit did not confirm the family, so it can only be rejected.
    VisitNotConfirmed,
}

/// Whether `step` may follow `status`, given the visit result recorded (if any).
pub fn check_step(
    status: Status,
    visit: Option<VisitResult>,
    step: Step,
) -> Result<(), StepRefusal> {
    match (status, step) {
        (Status::Accepted | Status::Rejected, _) => Err(StepRefusal::Decided),
        (Status::Submitted, Step::Verify) => Ok(()),
        (Status::Verified, Step::Verify) => Err(StepRefusal::AlreadyVerified),
        (Status::Submitted, Step::Accept) => Err(StepRefusal::NotVerified),
        (Status::Verified, Step::Accept) if visit == Some(VisitResult::Confirmed) => Ok(()),
        (Status::Verified, Step::Accept) => Err(StepRefusal::VisitNotConfirmed),
        (Status::Submitted | Status::Verified, Step::Reject) => Ok(()),
    }
}

/// Why a statement of need is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementError {
    /// Shorter than `STATEMENT_CHARS_MIN` characters.
    Required,
    /// Longer than `STATEMENT_CHARS_MAX` characters.
    Length,
    /// A control or invisible character (the shared text rule; line breaks are fine).
    Text(TextError),
}

impl StatementError {
    pub fn rule(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::Length => "length",
            Self::Text(err) => err.rule(),
        }
    }
}

/// The statement of need, trimmed and in normal form C; several lines are fine.
pub fn check_statement(text: &str) -> Result<String, StatementError> {
    let text = crate::text::clean(text, Lines::Many).map_err(StatementError::Text)?;
    let chars = text.chars().count();
    if chars < STATEMENT_CHARS_MIN {
        return Err(StatementError::Required);
    }
    if chars > STATEMENT_CHARS_MAX {
        return Err(StatementError::Length);
    }
    Ok(text)
}

/// True when the village has taken as many submissions as the window allows.
pub fn village_is_full(submitted_in_window: i64) -> bool {
    submitted_in_window >= SUBMISSIONS_PER_VILLAGE_MAX
}

/// True when the client address has sent as many submissions as the window allows.
pub fn client_is_full(submitted_in_window: i64) -> bool {
    submitted_in_window >= SUBMISSIONS_PER_CLIENT_MAX
}

pub use crate::http::client::client_key;

/// The start of the window that `village_is_full` counts.
pub fn window_start(now: OffsetDateTime) -> OffsetDateTime {
    now - Duration::minutes(SUBMISSION_WINDOW_MINUTES)
}

/// Whether the confirmation page may still show the number, `submitted_at` being when the
/// application arrived.
pub fn confirmation_open(submitted_at: OffsetDateTime, now: OffsetDateTime) -> bool {
    now - submitted_at <= Duration::minutes(CONFIRMATION_MINUTES_MAX)
}

/// The number of member rows the form shows after `current` rows and, when the family
/// asked for more, one more step; never more than `MEMBERS_MAX`.
pub fn form_rows(current: usize, add: bool) -> usize {
    let rows = current.clamp(FORM_ROWS_START, MEMBERS_MAX);
    if add {
        (rows + FORM_ROWS_STEP).min(MEMBERS_MAX)
    } else {
        rows
    }
}

/// A one-time form id as the form carries it: 43 URL-safe characters (32 random bytes).
pub fn is_form_id(text: &str) -> bool {
    text.len() == 43
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::IpAddr;

    #[test]
    fn steps_follow_the_order_submitted_verified_decided() {
        use Status::*;
        use Step::*;
        let confirmed = Some(VisitResult::Confirmed);
        assert_eq!(check_step(Submitted, None, Verify), Ok(()));
        assert_eq!(check_step(Submitted, None, Reject), Ok(()));
        assert_eq!(
            check_step(Submitted, None, Accept),
            Err(StepRefusal::NotVerified)
        );
        assert_eq!(check_step(Verified, confirmed, Accept), Ok(()));
        assert_eq!(
            check_step(Verified, Some(VisitResult::NotFound), Accept),
            Err(StepRefusal::VisitNotConfirmed)
        );
        assert_eq!(check_step(Verified, confirmed, Reject), Ok(()));
        assert_eq!(
            check_step(Verified, confirmed, Verify),
            Err(StepRefusal::AlreadyVerified)
        );
        for step in [Verify, Accept, Reject] {
            assert_eq!(
                check_step(Accepted, confirmed, step),
                Err(StepRefusal::Decided)
            );
            assert_eq!(check_step(Rejected, None, step), Err(StepRefusal::Decided));
        }
    }

    #[test]
    fn statements_are_short_plain_text() {
        assert_eq!(
            check_statement("  Suami sakit, tidak bekerja.  "),
            Ok("Suami sakit, tidak bekerja.".to_owned())
        );
        assert_eq!(check_statement("tolong"), Err(StatementError::Required));
        assert_eq!(
            check_statement(&"a".repeat(1001)),
            Err(StatementError::Length)
        );
        let control = check_statement("ada\u{0}karakter kendali").map_err(StatementError::rule);
        assert_eq!(control, Err("control-character"));
        let hidden = check_statement("ada karakter\u{202e} tersembunyi").map_err(|e| e.rule());
        assert_eq!(hidden, Err("invisible-character"));
        assert!(check_statement("baris satu\r\nbaris dua").is_ok());
    }

    #[test]
    fn limits_hold() {
        assert!(!village_is_full(SUBMISSIONS_PER_VILLAGE_MAX - 1));
        assert!(village_is_full(SUBMISSIONS_PER_VILLAGE_MAX));
        assert!(!client_is_full(SUBMISSIONS_PER_CLIENT_MAX - 1));
        assert!(client_is_full(SUBMISSIONS_PER_CLIENT_MAX));
        assert_eq!(form_rows(0, false), FORM_ROWS_START);
        assert_eq!(form_rows(6, true), 9);
        assert_eq!(form_rows(14, true), MEMBERS_MAX);
        assert_eq!(form_rows(100, false), MEMBERS_MAX);
        let now = OffsetDateTime::UNIX_EPOCH + Duration::days(9000);
        assert!(confirmation_open(now - Duration::minutes(59), now));
        assert!(!confirmation_open(now - Duration::minutes(61), now));
        assert!(is_form_id(&"a".repeat(43)));
        assert!(!is_form_id(&"a".repeat(42)));
        assert!(!is_form_id(&format!("{}!", "a".repeat(42))));
    }

    #[test]
    fn clients_are_counted_by_address_and_ipv6_by_its_64() {
        let key = |text: &str| client_key(text.parse().unwrap_or(IpAddr::from([0, 0, 0, 0])));
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
        assert_eq!(key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:bbbb::9"), key("2001:db8:1:2::1"));
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
    }
}
