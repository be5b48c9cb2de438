//! Limits per client address for the public forms, held in memory only: the address is
//! never written anywhere — it is counted under a keyed hash (SHA-256 of a key made at
//! start and the address), so a copy of the process's memory does not list who reported.
//! Windows are read from the app's clock, so tests move time instead of waiting.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

/// What is counted, with how many are allowed in which window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rule {
    pub name: &'static str,
    pub max: usize,
    pub window: Duration,
}

/// Complaints one address may file in an hour.
pub const COMPLAINTS: Rule = Rule {
    name: "complaints",
    max: 5,
    window: Duration::hours(1),
};
/// Pungli reports one address may send in an hour.
pub const PUNGLI_REPORTS: Rule = Rule {
    name: "pungli",
    max: 3,
    window: Duration::hours(1),
};
/// Secret-code or tracking-code lookups that found nothing, per address in ten minutes:
/// enough for typing mistakes, far too few to guess a code.
pub const MISSED_LOOKUPS: Rule = Rule {
    name: "missed-lookups",
    max: 5,
    window: Duration::minutes(10),
};

/// Addresses remembered at most, so a flood from many addresses cannot grow memory
/// without bound; past it, windows that ended are dropped first.
const CLIENTS_MAX: usize = 100_000;

/// Times of use per (rule, hashed address).
type Seen = HashMap<(&'static str, [u8; 32]), VecDeque<OffsetDateTime>>;

/// The limiter the server holds for the life of the process.
pub struct Limiter {
    key: [u8; 32],
    seen: Mutex<Seen>,
}

impl Default for Limiter {
    fn default() -> Self {
        Self {
            key: rand::random(),
            seen: Mutex::new(HashMap::new()),
        }
    }
}

impl Limiter {
    fn hashed(&self, client: &str) -> [u8; 32] {
        let mut hash = Sha256::new();
        hash.update(self.key);
        hash.update(client.as_bytes());
        hash.finalize().into()
    }

    /// Whether `client` is past `rule` now: `Err(seconds until it may try again)`.
    pub fn check(&self, rule: Rule, client: Option<&str>, now: OffsetDateTime) -> Result<(), i64> {
        let Some(client) = client else { return Ok(()) };
        let key = (rule.name, self.hashed(client));
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let Some(times) = seen.get_mut(&key) else {
            return Ok(());
        };
        while times.front().is_some_and(|t| *t + rule.window <= now) {
            times.pop_front();
        }
        match times.front() {
            Some(first) if times.len() >= rule.max => {
                Err((*first + rule.window - now).whole_seconds().max(1))
            }
            _ => Ok(()),
        }
    }

    /// Counts one use by `client`.
    pub fn count(&self, rule: Rule, client: Option<&str>, now: OffsetDateTime) {
        let Some(client) = client else { return };
        let key = (rule.name, self.hashed(client));
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() >= CLIENTS_MAX && !seen.contains_key(&key) {
            seen.retain(|(name, _), times| {
                let window = if *name == rule.name {
                    rule.window
                } else {
                    Duration::hours(1)
                };
                times.back().is_some_and(|t| *t + window > now)
            });
        }
        let times = seen.entry(key).or_default();
        times.push_back(now);
        while times.len() > rule.max {
            times.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_past_its_rule_waits_until_its_window_ends() {
        let limiter = Limiter::default();
        let now = OffsetDateTime::UNIX_EPOCH;
        for _ in 0..5 {
            assert!(limiter.check(MISSED_LOOKUPS, Some("10.0.0.1"), now).is_ok());
            limiter.count(MISSED_LOOKUPS, Some("10.0.0.1"), now);
        }
        assert_eq!(
            limiter.check(MISSED_LOOKUPS, Some("10.0.0.1"), now),
            Err(600)
        );
        assert!(limiter.check(MISSED_LOOKUPS, Some("10.0.0.2"), now).is_ok());
        assert!(limiter.check(COMPLAINTS, Some("10.0.0.1"), now).is_ok());
        let later = now + Duration::minutes(10);
        assert!(
            limiter
                .check(MISSED_LOOKUPS, Some("10.0.0.1"), later)
                .is_ok()
        );
        assert!(limiter.check(MISSED_LOOKUPS, None, now).is_ok());
    }

    #[test]
    fn the_address_is_kept_only_as_a_keyed_hash() {
        let limiter = Limiter::default();
        limiter.count(COMPLAINTS, Some("10.9.9.9"), OffsetDateTime::UNIX_EPOCH);
        let seen = limiter.seen.lock().unwrap();
        let (_, hash) = seen.keys().next().unwrap();
        assert_ne!(&hash[..], Sha256::digest(b"10.9.9.9").as_slice());
    }
}
