//! The pure rules of self-registration: the tracking number (format, parsing, generation
//! from random bits), the statuses and which step may follow which, the field-visit result,
//! the statement of need, and the bounds on members and submissions.

use std::fmt;

use time::{Duration, OffsetDateTime};

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
pub const SUBMISSION_WINDOW_MINUTES: i64 = 60;
/// How long the confirmation page shows a new tracking number to the browser that sent the
/// form; afterwards the family needs the number they wrote down.
pub const CONFIRMATION_MINUTES_MAX: i64 = 60;
/// Attempts at a fresh tracking number when one is already taken (1 in 2^50 per attempt).
pub const TRACKING_ATTEMPTS_MAX: usize = 3;

const PREFIX: &str = "TPT-";
/// Crockford's base32: no I, L, O or U, so the number survives being read aloud and
/// copied by hand.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TRACKING_CHARS: usize = 10;

/// A tracking number, `TPT-` and ten Crockford base32 characters (50 random bits): far too
/// many to enumerate, short enough to write on paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingNumber(String);

impl TrackingNumber {
    /// The number for 50 random bits (higher bits are ignored).
    pub fn from_bits(bits: u64) -> Self {
        let mut text = String::with_capacity(PREFIX.len() + TRACKING_CHARS);
        text.push_str(PREFIX);
        for index in (0..TRACKING_CHARS).rev() {
            let digit = (bits >> (index * 5)) & 0x1F;
            text.push(char::from(ALPHABET[digit as usize]));
        }
        Self(text)
    }

    /// A fresh number from the operating system's random generator.
    pub fn generate() -> Self {
        use rand::RngExt;
        Self::from_bits(rand::rng().random::<u64>())
    }

    /// Reads a number as people type it: any case, with or without the prefix, spaces and
    /// dashes ignored, and the letters Crockford reads as digits (O → 0, I and L → 1).
    pub fn parse(text: &str) -> Option<Self> {
        let upper = text.trim().to_ascii_uppercase();
        let body = upper.strip_prefix("TPT").unwrap_or(&upper);
        let mut digits = String::with_capacity(TRACKING_CHARS);
        for c in body.chars().filter(|c| !matches!(c, '-' | ' ')) {
            let c = match c {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
                return None;
            }
            digits.push(c);
        }
        (digits.len() == TRACKING_CHARS).then(|| Self(format!("{PREFIX}{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TrackingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Submitted,
    Verified,
    Accepted,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Self::Submitted,
        Self::Verified,
        Self::Accepted,
        Self::Rejected,
    ];

    /// The stored code, Indonesian like the statuses of change requests.
    pub fn code(self) -> &'static str {
        match self {
            Self::Submitted => "diajukan",
            Self::Verified => "diverifikasi",
            Self::Accepted => "diterima",
            Self::Rejected => "ditolak",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The text key for pages.
    pub fn text_key(self) -> &'static str {
        match self {
            Self::Submitted => "application.status.diajukan",
            Self::Verified => "application.status.diverifikasi",
            Self::Accepted => "application.status.diterima",
            Self::Rejected => "application.status.ditolak",
        }
    }
}

/// What a verifier may do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Verify,
    Accept,
    Reject,
}

/// What the field visit found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitResult {
    /// The family lives there and the data matches what was sent.
    Confirmed,
    /// The family was found but the data does not match.
    Mismatch,
    /// Nobody of the family was found at the address.
    NotFound,
}

impl VisitResult {
    pub const ALL: [VisitResult; 3] = [Self::Confirmed, Self::Mismatch, Self::NotFound];

    pub fn code(self) -> &'static str {
        match self {
            Self::Confirmed => "sesuai",
            Self::Mismatch => "tidak_sesuai",
            Self::NotFound => "tidak_ditemukan",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.code() == code.trim())
    }

    pub fn text_key(self) -> &'static str {
        match self {
            Self::Confirmed => "application.visit.sesuai",
            Self::Mismatch => "application.visit.tidak_sesuai",
            Self::NotFound => "application.visit.tidak_ditemukan",
        }
    }
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

/// The statement of need, trimmed; `Err` names the rule it breaks.
pub fn check_statement(text: &str) -> Result<String, &'static str> {
    let text = text.trim();
    let chars = text.chars().count();
    if chars < STATEMENT_CHARS_MIN {
        return Err("required");
    }
    if chars > STATEMENT_CHARS_MAX
        || text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        return Err("length");
    }
    Ok(text.to_owned())
}

/// True when the village has taken as many submissions as the window allows.
pub fn village_is_full(submitted_in_window: i64) -> bool {
    submitted_in_window >= SUBMISSIONS_PER_VILLAGE_MAX
}

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

    #[test]
    fn tracking_numbers_have_the_prefix_and_ten_crockford_characters() {
        let number = TrackingNumber::from_bits(0);
        assert_eq!(number.as_str(), "TPT-0000000000");
        let number = TrackingNumber::from_bits((1 << 50) - 1);
        assert_eq!(number.as_str(), "TPT-ZZZZZZZZZZ");
        for _ in 0..50 {
            let number = TrackingNumber::generate();
            let text = number.as_str();
            assert_eq!(text.len(), 14, "{text}");
            assert!(text.starts_with("TPT-"));
            assert!(
                text[4..].bytes().all(|b| ALPHABET.contains(&b)),
                "{text} uses only Crockford base32"
            );
            assert_eq!(TrackingNumber::parse(text), Some(number.clone()));
        }
    }

    #[test]
    fn tracking_numbers_read_as_people_type_them() {
        let number = TrackingNumber::from_bits(0x2_3456_789A_BCDE);
        let typed = number.as_str()[4..].to_lowercase();
        assert_eq!(TrackingNumber::parse(&typed), Some(number.clone()));
        let spaced = format!("tpt {} {}", &typed[..5], &typed[5..]);
        assert_eq!(TrackingNumber::parse(&spaced), Some(number));
        assert_eq!(
            TrackingNumber::parse("TPT-O1L0000000").map(|n| n.to_string()),
            Some("TPT-0110000000".to_owned())
        );
        assert_eq!(TrackingNumber::parse("TPT-000000000"), None, "too short");
        assert_eq!(TrackingNumber::parse("TPT-00000000000"), None, "too long");
        assert_eq!(TrackingNumber::parse("TPT-U000000000"), None, "no U");
        assert_eq!(TrackingNumber::parse("TPT-000000000é"), None);
        assert_eq!(TrackingNumber::parse(""), None);
    }

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
    fn statuses_and_visit_results_round_trip() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.code()), Some(status));
        }
        for visit in VisitResult::ALL {
            assert_eq!(VisitResult::parse(visit.code()), Some(visit));
        }
        assert_eq!(Status::parse("hapus"), None);
        assert_eq!(VisitResult::parse("mungkin"), None);
    }

    #[test]
    fn statements_are_short_plain_text() {
        assert_eq!(
            check_statement("  Suami sakit, tidak bekerja.  "),
            Ok("Suami sakit, tidak bekerja.".to_owned())
        );
        assert_eq!(check_statement("tolong"), Err("required"));
        assert_eq!(check_statement(&"a".repeat(1001)), Err("length"));
        assert_eq!(check_statement("ada\u{0}karakter kendali"), Err("length"));
        assert!(check_statement("baris satu\nbaris dua").is_ok());
    }

    #[test]
    fn limits_hold() {
        assert!(!village_is_full(SUBMISSIONS_PER_VILLAGE_MAX - 1));
        assert!(village_is_full(SUBMISSIONS_PER_VILLAGE_MAX));
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
}
