//! The log entry: a canonical, versioned JSON encoding of an event's public facts, with a
//! pseudonym for the actor and salted commitments in place of the changed fields and of the
//! records the event wrote, so the whole log can be published. A pure function of the event
//! row, the versions it wrote and the log secret, which is what lets `tepat audit` recompute
//! every entry from the database and compare.

use std::collections::BTreeMap;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use super::record::{WrittenRecord, record_commitment};

/// The entry format version written into every new entry (`"v": 2`: with `record`).
pub const ENTRY_VERSION: u32 = 2;
/// The first format, without `record`; entries logged in it still decode and audit.
pub const ENTRY_VERSION_1: u32 = 1;
/// Longest text value kept as it is; a longer one (an unusually long subject id) is replaced
/// by its SHA-256, so every entry fits an entry bundle's 64 KiB limit.
const TEXT_CHARS_MAX: usize = 256;
/// Most amounts carried by one entry, for the same reason; the first ones by name are kept.
const AMOUNTS_MAX: usize = 32;
/// A changed field whose name ends with this is a public amount (units last, in rupiah).
const AMOUNT_SUFFIX: &str = "_rupiah";

/// The secret behind actor pseudonyms and commitment salts. It never leaves the server: the
/// public sees pseudonyms and commitments, and one event's salt may be revealed to open that
/// event's commitment without exposing any other.
#[derive(Clone)]
pub struct LogSecret([u8; 32]);

impl std::fmt::Debug for LogSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LogSecret(***)")
    }
}

impl LogSecret {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Derives the secret from key material with a label, so it changes only with the key.
    pub fn derive(key_material: &[u8]) -> Self {
        Self(hmac(key_material, &[b"tepat/log/secret/v1"]))
    }

    /// The actor's stable pseudonym: the same account always gets the same one.
    pub fn pseudonym(&self, kind: &str, id: i64) -> String {
        let mac = hmac(
            &self.0,
            &[
                b"actor\0",
                kind.as_bytes(),
                b"\0",
                id.to_string().as_bytes(),
            ],
        );
        hex::encode(&mac[..16])
    }

    /// The salt of one event's commitment to its changed fields.
    pub fn salt(&self, event_id: i64) -> [u8; 32] {
        hmac(&self.0, &[b"salt\0", event_id.to_string().as_bytes()])
    }

    /// The salt of one event's commitment to the records it wrote; another label than
    /// [`Self::salt`], so revealing one salt opens one commitment only.
    pub fn record_salt(&self, event_id: i64) -> [u8; 32] {
        hmac(&self.0, &[b"record\0", event_id.to_string().as_bytes()])
    }
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail; the fallback is never taken.
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else {
        return [0; 32];
    };
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// The commitment to an event's changed fields: `sha256:` and hex of SHA-256(salt ‖ changes).
pub fn commitment(salt: &[u8; 32], changes: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(changes.as_bytes());
    format!("sha256:{}", hex::encode(hasher.finalize()))
}

/// An event row as stored: the input of an entry. The sequencer reads a batch of them as
/// one JSON array of arrays, in this field order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct EventFacts {
    pub id: i64,
    pub occurred_at: String,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub actor_role: String,
    pub action: String,
    pub subject_type: String,
    pub subject_id: String,
    pub region_code: Option<String>,
    /// The `changes` JSON exactly as stored.
    pub changes: String,
}

/// Who acted, as the log shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryActor {
    pub kind: String,
    pub role: String,
    /// Pseudonym of the account or token; absent for the system.
    pub id: Option<String>,
}

/// What the event is about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntrySubject {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
}

/// A public amount changed by the event, in rupiah.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

/// One log entry. Field order is the encoding order, so encoding is canonical.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogEntry {
    pub v: u32,
    pub event: i64,
    pub time: String,
    pub action: String,
    pub actor: EntryActor,
    pub subject: EntrySubject,
    pub region: Option<String>,
    pub amounts: BTreeMap<String, Amount>,
    /// Commitment to the changed fields (personal data stays out of the log).
    pub changes: String,
    /// Version 2: `Some` commitment to the records the event wrote (see
    /// [`record_commitment`]), or `Some(None)` (`null`) when it wrote none. Version 1 has no
    /// such field (`None`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub record: Option<Option<String>>,
}

/// A field that is present, possibly `null`: `Some(None)`; an absent one stays `None`.
fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<String>>, D::Error> {
    <Option<String> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// Why bytes are not a log entry.
#[derive(Debug, thiserror::Error)]
pub enum EntryError {
    #[error("entry is not JSON of the expected shape: {0}")]
    Shape(#[from] serde_json::Error),
    #[error("entry version {0} is not supported (expected {ENTRY_VERSION_1} or {ENTRY_VERSION})")]
    Version(u32),
    #[error("a version {0} entry must {1}")]
    Fields(u32, &'static str),
    #[error("entry is not in canonical form")]
    NotCanonical,
}

impl LogEntry {
    /// The entry of an event that wrote `records` (none for most events), in the current
    /// format.
    pub fn of_event(facts: &EventFacts, records: &[WrittenRecord], secret: &LogSecret) -> Self {
        Self {
            v: ENTRY_VERSION,
            event: facts.id,
            time: bounded(&facts.occurred_at),
            action: bounded(&facts.action),
            actor: EntryActor {
                kind: bounded(&facts.actor_kind),
                role: bounded(&facts.actor_role),
                id: facts
                    .actor_id
                    .map(|id| secret.pseudonym(&facts.actor_kind, id)),
            },
            subject: EntrySubject {
                kind: bounded(&facts.subject_type),
                id: bounded(&facts.subject_id),
            },
            region: facts.region_code.as_deref().map(bounded),
            amounts: amounts(&facts.changes),
            changes: commitment(&secret.salt(facts.id), &facts.changes),
            record: Some(record_commitment(&secret.record_salt(facts.id), records)),
        }
    }

    /// The same entry in format `version`, so an entry logged in an earlier format is
    /// recomputed in that format: version 1 drops `record`.
    pub fn in_version(mut self, version: u32) -> Self {
        if version == ENTRY_VERSION_1 {
            self.v = ENTRY_VERSION_1;
            self.record = None;
        }
        self
    }

    /// The canonical bytes: compact JSON in field order.
    pub fn encode(&self) -> Vec<u8> {
        // Serialising strings, integers and maps of them cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads an entry of a known version, refusing the other versions' fields and
    /// non-canonical spellings.
    pub fn decode(bytes: &[u8]) -> Result<Self, EntryError> {
        let entry: Self = serde_json::from_slice(bytes)?;
        match (entry.v, &entry.record) {
            (ENTRY_VERSION_1, None) | (ENTRY_VERSION, Some(_)) => {}
            (ENTRY_VERSION_1, Some(_)) => {
                return Err(EntryError::Fields(entry.v, "not carry `record`"));
            }
            (ENTRY_VERSION, None) => return Err(EntryError::Fields(entry.v, "carry `record`")),
            (other, _) => return Err(EntryError::Version(other)),
        }
        if entry.encode() != bytes {
            return Err(EntryError::NotCanonical);
        }
        Ok(entry)
    }
}

/// Text as logged: itself, or its hash when longer than [`TEXT_CHARS_MAX`].
fn bounded(text: &str) -> String {
    if text.chars().count() <= TEXT_CHARS_MAX {
        text.to_owned()
    } else {
        format!("sha256:{}", hex::encode(Sha256::digest(text.as_bytes())))
    }
}

/// The amounts among the changed fields: integer `from`/`to` of fields named `…_rupiah`.
fn amounts(changes: &str) -> BTreeMap<String, Amount> {
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(changes) else {
        return BTreeMap::new();
    };
    let mut names: Vec<&String> = fields
        .keys()
        .filter(|k| k.ends_with(AMOUNT_SUFFIX))
        .collect();
    names.sort();
    names
        .into_iter()
        .take(AMOUNTS_MAX)
        .filter_map(|name| {
            let value = fields.get(name)?;
            let amount = Amount {
                from: value.get("from").and_then(serde_json::Value::as_i64),
                to: value.get("to").and_then(serde_json::Value::as_i64),
            };
            Some((bounded(name), amount))
        })
        .collect()
}

/// Human descriptions of how `current` (recomputed from the database) differs from
/// `logged` in the event's own facts; empty when they agree. The record commitment is
/// compared by the audit, which knows which records to name.
pub fn differences(logged: &LogEntry, current: &LogEntry) -> Vec<String> {
    let mut found = Vec::new();
    let mut compare = |what: &str, a: String, b: String| {
        if a != b {
            found.push(format!("{what}: log says {a}, database says {b}"));
        }
    };
    compare("event", logged.event.to_string(), current.event.to_string());
    compare("time", logged.time.clone(), current.time.clone());
    compare("action", logged.action.clone(), current.action.clone());
    compare("actor", show(&logged.actor), show(&current.actor));
    compare("subject", show(&logged.subject), show(&current.subject));
    compare("region", show(&logged.region), show(&current.region));
    compare("amounts", show(&logged.amounts), show(&current.amounts));
    if logged.changes != current.changes {
        found.push(format!(
            "changes: the stored fields no longer match the log's commitment {}",
            logged.changes
        ));
    }
    found
}

fn show(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests;
