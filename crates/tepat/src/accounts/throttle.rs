//! Login throttling as pure rules, time being an argument. Failures count per client
//! address: after a few each further attempt from that address must wait longer, and after
//! many the address is locked out for a while — a stranger slows and locks only themself.
//! Failures also count per account, but lock it only after many more than one address may
//! try, that is against a guess spread over many addresses; an administrator can unlock it.

use time::{Duration, OffsetDateTime};

/// Failures from one address allowed before its attempts start to be slowed down.
pub const FREE_FAILURES: i64 = 3;
/// Failures after which an address is locked out.
pub const LOCK_AFTER_FAILURES: i64 = 6;
/// How long a lock lasts (of an address or an account).
pub const LOCK_MINUTES: i64 = 15;
/// Failures, from any addresses, after which the account itself locks. One address is
/// locked out after `LOCK_AFTER_FAILURES`, so this takes a guess from many addresses.
pub const ACCOUNT_LOCK_AFTER_FAILURES: i64 = 30;

/// The stored login state of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoginState {
    pub failed_logins: i64,
    pub last_failed_at: Option<OffsetDateTime>,
    pub locked_until: Option<OffsetDateTime>,
}

/// Whether an attempt may be checked now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Open,
    /// Too soon after the last failure.
    Wait {
        seconds: i64,
    },
    /// Locked until the given time.
    Locked {
        until: OffsetDateTime,
    },
}

/// The wait imposed after `failures` consecutive failures: 0 for the first few, then 2, 4,
/// 8 … seconds.
pub fn delay_after(failures: i64) -> Duration {
    if failures < FREE_FAILURES {
        return Duration::ZERO;
    }
    Duration::seconds(1 << (failures - FREE_FAILURES + 1).min(10))
}

pub fn gate(state: &LoginState, now: OffsetDateTime) -> Gate {
    if let Some(until) = state.locked_until
        && now < until
    {
        return Gate::Locked { until };
    }
    if let Some(last) = state.last_failed_at {
        let ready_at = last + delay_after(state.failed_logins);
        if now < ready_at {
            // Round up, so "wait 2 seconds" is never cut short by sub-second remainders.
            let millis = (ready_at - now).whole_milliseconds();
            let seconds = i64::try_from((millis + 999) / 1000)
                .unwrap_or(i64::MAX)
                .max(1);
            return Gate::Wait { seconds };
        }
    }
    Gate::Open
}

/// Whether an account may be tried now: only its lock counts, never a delay, so that a
/// stranger cannot slow an official down.
pub fn account_gate(state: &LoginState, now: OffsetDateTime) -> Gate {
    match state.locked_until {
        Some(until) if now < until => Gate::Locked { until },
        _ => Gate::Open,
    }
}

/// The account's state after a failed attempt on it, from any address.
pub fn after_account_failure(state: &LoginState, now: OffsetDateTime) -> LoginState {
    let lock_expired = state.locked_until.is_some_and(|until| now >= until);
    let failures = if lock_expired {
        1
    } else {
        state.failed_logins + 1
    };
    LoginState {
        failed_logins: failures,
        last_failed_at: Some(now),
        locked_until: (failures >= ACCOUNT_LOCK_AFTER_FAILURES)
            .then(|| now + Duration::minutes(LOCK_MINUTES)),
    }
}

/// An address's state after a failed attempt from it. Failures older than a lock's length
/// are forgiven, so a mistyped password last week does not slow today's first attempt.
pub fn after_address_failure(state: &LoginState, now: OffsetDateTime) -> LoginState {
    let stale = state
        .last_failed_at
        .is_some_and(|last| now - last >= Duration::minutes(LOCK_MINUTES))
        && state.locked_until.is_none_or(|until| now >= until);
    if stale {
        return after_failure(&LoginState::default(), now);
    }
    after_failure(state, now)
}

/// The state after a failed attempt.
pub fn after_failure(state: &LoginState, now: OffsetDateTime) -> LoginState {
    let lock_expired = state.locked_until.is_some_and(|until| now >= until);
    let failures = if lock_expired {
        1
    } else {
        state.failed_logins + 1
    };
    let locked_until = if failures >= LOCK_AFTER_FAILURES {
        Some(now + Duration::minutes(LOCK_MINUTES))
    } else {
        None
    };
    LoginState {
        failed_logins: failures,
        last_failed_at: Some(now),
        locked_until,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2026-11-25 08:00 UTC);

    #[test]
    fn first_failures_are_free_then_slow_down_then_lock() {
        let mut state = LoginState::default();
        let mut now = T0;
        for _ in 0..FREE_FAILURES - 1 {
            state = after_failure(&state, now);
            assert_eq!(gate(&state, now), Gate::Open);
        }
        state = after_failure(&state, now);
        assert_eq!(gate(&state, now), Gate::Wait { seconds: 2 });
        now += Duration::seconds(2);
        assert_eq!(gate(&state, now), Gate::Open);
        while state.failed_logins < LOCK_AFTER_FAILURES {
            state = after_failure(&state, now);
            now += delay_after(state.failed_logins);
        }
        let until = state.locked_until.expect("locked");
        assert_eq!(gate(&state, now), Gate::Locked { until });
        assert_eq!(gate(&state, until), Gate::Open);
    }

    #[test]
    fn a_failure_after_the_lock_expires_starts_counting_again() {
        let locked = LoginState {
            failed_logins: LOCK_AFTER_FAILURES,
            last_failed_at: Some(T0),
            locked_until: Some(T0 + Duration::minutes(LOCK_MINUTES)),
        };
        let later = T0 + Duration::minutes(LOCK_MINUTES + 1);
        let state = after_failure(&locked, later);
        assert_eq!(state.failed_logins, 1);
        assert_eq!(state.locked_until, None);
    }

    #[test]
    fn an_account_locks_only_after_many_failures_and_is_never_delayed() {
        let mut state = LoginState::default();
        for _ in 0..ACCOUNT_LOCK_AFTER_FAILURES - 1 {
            state = after_account_failure(&state, T0);
            assert_eq!(account_gate(&state, T0), Gate::Open);
        }
        state = after_account_failure(&state, T0);
        let until = T0 + Duration::minutes(LOCK_MINUTES);
        assert_eq!(account_gate(&state, T0), Gate::Locked { until });
        assert_eq!(account_gate(&state, until), Gate::Open);
    }

    #[test]
    fn an_address_is_forgiven_old_failures() {
        let mut state = LoginState::default();
        for _ in 0..FREE_FAILURES {
            state = after_address_failure(&state, T0);
        }
        assert_eq!(gate(&state, T0), Gate::Wait { seconds: 2 });
        let later = T0 + Duration::minutes(LOCK_MINUTES);
        let state = after_address_failure(&state, later);
        assert_eq!(state.failed_logins, 1);
        assert_eq!(gate(&state, later), Gate::Open);
    }

    #[test]
    fn delays_grow_and_are_capped() {
        assert_eq!(delay_after(0), Duration::ZERO);
        assert_eq!(delay_after(FREE_FAILURES), Duration::seconds(2));
        assert_eq!(delay_after(FREE_FAILURES + 1), Duration::seconds(4));
        assert_eq!(delay_after(1_000), Duration::seconds(1024));
    }
}
