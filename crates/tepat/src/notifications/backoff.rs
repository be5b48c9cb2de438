//! When to try a failed delivery again: exponential back-off from one minute, doubling,
//! capped, and a dead letter after a fixed number of attempts.

use time::Duration;

/// Attempts before a message becomes a dead letter: with the back-off below, about a day
/// and a half of trying (1 + 2 + 4 + … minutes, capped at six hours).
pub const ATTEMPTS_MAX: i64 = 12;

/// The first wait after a failure.
const FIRST_DELAY_SECONDS: i64 = 60;

/// The longest wait between two attempts: a gateway down for a night is tried again in
/// the morning, not a day later.
const DELAY_SECONDS_MAX: i64 = 6 * 60 * 60;

/// The wait after the `attempts`-th failed attempt (1-based): 1 min, 2, 4, … up to the cap.
pub fn delay(attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
    let seconds = FIRST_DELAY_SECONDS.saturating_mul(1_i64 << doublings);
    Duration::seconds(seconds.min(DELAY_SECONDS_MAX))
}

/// Whether a message that has failed `attempts` times is given up on.
pub fn exhausted(attempts: i64) -> bool {
    attempts >= ATTEMPTS_MAX
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_from_a_minute_up_to_the_cap() {
        assert_eq!(delay(1), Duration::minutes(1));
        assert_eq!(delay(2), Duration::minutes(2));
        assert_eq!(delay(3), Duration::minutes(4));
        assert_eq!(delay(9), Duration::minutes(256));
        assert_eq!(delay(10), Duration::hours(6));
        assert_eq!(delay(1_000), Duration::hours(6));
        assert_eq!(delay(0), Duration::minutes(1));
        assert_eq!(delay(-5), Duration::minutes(1));
    }

    #[test]
    fn a_message_is_given_up_on_after_the_last_attempt() {
        assert!(!exhausted(ATTEMPTS_MAX - 1));
        assert!(exhausted(ATTEMPTS_MAX));
    }
}
