//! The desk's list and its queue, in pure terms: the salted hash of a code, the list sent
//! to a phone, and a queue as synced with what became of each entry.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

/// Most check-ins in one synced queue.
pub const QUEUE_MAX: usize = 5_000;

/// What became of a queued check-in.
pub const CHECKED_IN: &str = "checked_in";
pub const ALREADY: &str = "already";
pub const REFUSED: &str = "refused";

/// The salt of a hand-out's code hashes: its id, so a list serves one hand-out only.
pub fn salt(event: i64) -> String {
    format!("tepat-penyaluran-{event}")
}

/// Lowercase hex SHA-256 of `salt:code`, the code in its stored form.
pub fn code_hash(salt: &str, code: &str) -> String {
    hex::encode(Sha256::digest(format!("{salt}:{code}").as_bytes()))
}

/// One invitation as the desk keeps it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = DeskInvitation)]
pub struct DeskInvitation {
    pub id: i64,
    /// `HH:MM`.
    pub slot: String,
    /// The head of the household, masked.
    pub name: String,
    /// `invited`, `checked_in`, `no_show` or `rescheduled`, when the list was taken.
    pub status: String,
    /// Lowercase hex SHA-256 of `{salt}:{code}`, the code upper-case without dashes.
    pub code_hash: String,
}

/// What a desk's phone keeps of a hand-out.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = DeskList)]
pub struct DeskList {
    pub event: i64,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub day: String,
    pub place: String,
    /// Each household's share, in words (`Beras 1 karung 10 kg`).
    pub goods: Vec<String>,
    pub salt: String,
    pub invitations: Vec<DeskInvitation>,
    /// UTC, RFC 3339: when the list was taken.
    pub taken_at: String,
}

/// A check-in made without a connection.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = DeskCheckIn)]
#[serde(deny_unknown_fields)]
pub struct QueuedCheckIn {
    /// The code as typed.
    pub code: String,
    /// When it happened at the site, RFC 3339.
    pub at: String,
}

/// A desk's queue.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = DeskQueue)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    /// At most 5,000, in the order they happened.
    pub check_ins: Vec<QueuedCheckIn>,
}

/// What became of one queued check-in.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = DeskResult)]
pub struct Outcome {
    /// The code as sent.
    pub code: String,
    /// `checked_in`, `already` (checked in before, here or at another desk) or `refused`.
    pub status: String,
    /// For `refused`: the field and rule, and why in Bahasa Indonesia.
    pub field: Option<String>,
    pub rule: Option<String>,
    pub message: Option<String>,
}

/// A synced queue's outcomes, in its order, with their counts.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = DeskSynced)]
pub struct Synced {
    pub checked_in: i64,
    pub already: i64,
    pub refused: i64,
    pub results: Vec<Outcome>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_hash_is_salted_by_the_hand_out() {
        let one = code_hash(&salt(1), "ABCDEFGHJKMN");
        assert_eq!(one.len(), 64);
        assert_eq!(one, code_hash(&salt(1), "ABCDEFGHJKMN"));
        assert_ne!(one, code_hash(&salt(2), "ABCDEFGHJKMN"));
        // SHA-256 of the UTF-8 text `tepat-penyaluran-1:ABCDEFGHJKMN`, as the desk's script
        // hashes it with the browser's SubtleCrypto.
        assert_eq!(
            one,
            "ab10a4cce42cb8a3347ab0bf8909659d5d23d294e63fb3f6ece9df454a0e1b14"
        );
    }
}
