//! How often Cek Bansos answers one asker, kept in memory (a restart forgets the counts;
//! several servers behind one address would each count their own): lookups a minute per
//! client address or SMS sender (`TEPAT_CEK_RATE_PER_MINUTE`, default 30), and lookups a
//! day per NIK asked about, from anywhere (`TEPAT_CEK_NIK_PER_DAY`, default 5), so neither
//! the registry's names nor a NIK's birth date can be found by trying.
//!
//! Each count is a fixed window that opens with the first lookup; the app's clock tells the
//! time, so tests move it.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};
use std::sync::Mutex;

use time::{Duration, OffsetDateTime};

use crate::http::AppError;

/// Windows kept before the closed ones are dropped: a flood from many addresses cannot
/// grow the table without end.
const WINDOWS_MAX: usize = 200_000;

#[derive(Debug)]
struct Windows<K> {
    counts: Mutex<HashMap<K, (OffsetDateTime, u32)>>,
    length: Duration,
    limit: u32,
}

impl<K: Hash + Eq> Windows<K> {
    fn new(length: Duration, limit: u32) -> Self {
        Self {
            counts: Mutex::new(HashMap::new()),
            length,
            limit,
        }
    }

    /// Counts one lookup under `key`: `Err(seconds)` until the window closes when the
    /// limit is already reached.
    fn hit(&self, key: K, now: OffsetDateTime) -> Result<(), i64> {
        let Ok(mut counts) = self.counts.lock() else {
            return Ok(());
        };
        if counts.len() >= WINDOWS_MAX {
            let length = self.length;
            counts.retain(|_, (opened, _)| *opened + length > now);
        }
        let entry = counts.entry(key).or_insert((now, 0));
        if entry.0 + self.length <= now {
            *entry = (now, 0);
        }
        if entry.1 >= self.limit {
            let left = (entry.0 + self.length - now).whole_seconds();
            return Err(left.max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

/// The server's counts.
#[derive(Debug)]
pub struct Limits {
    askers: Windows<String>,
    niks: Windows<u64>,
    /// Keys the NIK table, so it holds no NIK.
    hasher: std::hash::RandomState,
}

impl Limits {
    pub fn new(per_minute: u32, nik_per_day: u32) -> Self {
        Self {
            askers: Windows::new(Duration::minutes(1), per_minute),
            niks: Windows::new(Duration::days(1), nik_per_day),
            hasher: std::hash::RandomState::new(),
        }
    }

    /// Counts a lookup by `asker` (a client key, or `sms:` and the sender's number).
    pub fn asker(&self, asker: &str, now: OffsetDateTime) -> Result<(), AppError> {
        self.askers.hit(asker.to_owned(), now).map_err(|seconds| {
            too_many(
                seconds,
                "Terlalu banyak pencarian dari alamat Anda",
                "Too many lookups from your address",
            )
        })
    }

    /// Counts a lookup of `nik`, whoever asks.
    pub fn nik(&self, nik: &str, now: OffsetDateTime) -> Result<(), AppError> {
        let key = self.hasher.hash_one(nik);
        self.niks.hit(key, now).map_err(|seconds| {
            too_many(
                seconds,
                "Terlalu banyak pencarian untuk NIK ini",
                "Too many lookups of this NIK",
            )
        })
    }
}

/// "… coba lagi dalam N detik", in both languages.
fn too_many(seconds: i64, id: &str, en: &str) -> AppError {
    AppError::TooManyAttempts {
        retry_after_seconds: seconds,
        message: format!("{en}: coba lagi dalam {seconds} detik (try again in {seconds} seconds)."),
        message_id: format!("{id}: coba lagi dalam {seconds} detik."),
    }
}

/// The seconds to wait in a refusal from `Limits`, if it is one.
pub fn retry_after(err: &AppError) -> Option<i64> {
    match err {
        AppError::TooManyAttempts {
            retry_after_seconds,
            ..
        } => Some(*retry_after_seconds),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn an_asker_past_the_limit_waits_for_the_window_and_others_do_not() {
        let limits = Limits::new(3, 5);
        let now = datetime!(2026-12-05 01:00:00 UTC);
        for _ in 0..3 {
            assert!(limits.asker("10.0.0.1", now).is_ok());
        }
        let refused = limits.asker("10.0.0.1", now + Duration::seconds(20));
        assert_eq!(refused.as_ref().err().and_then(retry_after), Some(40));
        assert!(limits.asker("10.0.0.2", now).is_ok());
        assert!(
            limits
                .asker("10.0.0.1", now + Duration::seconds(60))
                .is_ok()
        );
    }

    #[test]
    fn a_nik_is_counted_over_a_day() {
        let limits = Limits::new(30, 2);
        let now = datetime!(2026-12-05 01:00:00 UTC);
        assert!(limits.nik("3175074101850001", now).is_ok());
        assert!(limits.nik("3175074101850001", now).is_ok());
        let refused = limits.nik("3175074101850001", now + Duration::hours(1));
        assert_eq!(
            refused.as_ref().err().and_then(retry_after),
            Some(23 * 3600)
        );
        assert!(limits.nik("3175074101850002", now).is_ok());
        assert!(
            limits
                .nik("3175074101850001", now + Duration::days(1))
                .is_ok()
        );
    }
}
