//! The log entry: a canonical, versioned JSON encoding of an event's public facts, with a
//! pseudonym for the actor and a salted commitment in place of the changed fields, so the
//! whole log can be published. A pure function of the event row and the log secret, which is
//! what lets `tepat audit` recompute every entry from the database and compare.

use std::collections::BTreeMap;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// The entry format version written into every entry (`"v": 1`).
pub const ENTRY_VERSION: u32 = 1;
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

    /// The salt of one event's commitment.
    pub fn salt(&self, event_id: i64) -> [u8; 32] {
        hmac(&self.0, &[b"salt\0", event_id.to_string().as_bytes()])
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
}

/// Why bytes are not a log entry.
#[derive(Debug, thiserror::Error)]
pub enum EntryError {
    #[error("entry is not JSON of the expected shape: {0}")]
    Shape(#[from] serde_json::Error),
    #[error("entry version {0} is not supported (expected {ENTRY_VERSION})")]
    Version(u32),
    #[error("entry is not in canonical form")]
    NotCanonical,
}

impl LogEntry {
    /// The entry of an event.
    pub fn of_event(facts: &EventFacts, secret: &LogSecret) -> Self {
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
        }
    }

    /// The canonical bytes: compact JSON in field order.
    pub fn encode(&self) -> Vec<u8> {
        // Serialising strings, integers and maps of them cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads an entry, refusing other versions and non-canonical spellings.
    pub fn decode(bytes: &[u8]) -> Result<Self, EntryError> {
        let entry: Self = serde_json::from_slice(bytes)?;
        if entry.v != ENTRY_VERSION {
            return Err(EntryError::Version(entry.v));
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
/// `logged`; empty when they agree.
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
mod tests {
    use super::*;

    fn facts() -> EventFacts {
        EventFacts {
            id: 7,
            occurred_at: "2026-11-25T03:20:27.123Z".into(),
            actor_kind: "account".into(),
            actor_id: Some(42),
            actor_role: "district_officer".into(),
            action: "payment.approved".into(),
            subject_type: "payment".into(),
            subject_id: "991".into(),
            region_code: Some("31.75.07.1003".into()),
            changes: r#"{"amount_rupiah":{"from":0,"to":300000},"name":{"to":"Siti"}}"#.into(),
        }
    }

    fn secret() -> LogSecret {
        LogSecret::from_bytes([9; 32])
    }

    #[test]
    fn entry_keeps_public_facts_and_hides_personal_data() {
        let entry = LogEntry::of_event(&facts(), &secret());
        let text = String::from_utf8(entry.encode()).unwrap_or_default();
        assert!(text.starts_with(r#"{"v":1,"event":7,"time":"2026-11-25T03:20:27.123Z""#));
        assert!(text.contains(r#""amounts":{"amount_rupiah":{"from":0,"to":300000}}"#));
        assert!(!text.contains("Siti"), "{text}");
        assert!(
            !text.contains("\"42\""),
            "the account id must be a pseudonym: {text}"
        );
        assert_eq!(entry.actor.id.as_deref().map(str::len), Some(32));
        assert!(entry.changes.starts_with("sha256:"));
    }

    #[test]
    fn encoding_is_canonical_and_round_trips() {
        let entry = LogEntry::of_event(&facts(), &secret());
        let bytes = entry.encode();
        assert_eq!(LogEntry::decode(&bytes).ok(), Some(entry));
        let spaced = String::from_utf8(bytes)
            .unwrap_or_default()
            .replace(':', ": ");
        assert!(matches!(
            LogEntry::decode(spaced.as_bytes()),
            Err(EntryError::NotCanonical)
        ));
        let v2 = r#"{"v":2,"event":1,"time":"t","action":"a","actor":{"kind":"system","role":"system","id":null},"subject":{"type":"x","id":"1"},"region":null,"amounts":{},"changes":"c"}"#;
        assert!(matches!(
            LogEntry::decode(v2.as_bytes()),
            Err(EntryError::Version(2))
        ));
        assert!(LogEntry::decode(b"not json").is_err());
    }

    #[test]
    fn pseudonyms_and_salts_depend_on_the_secret() {
        let other = LogSecret::from_bytes([8; 32]);
        assert_eq!(
            secret().pseudonym("account", 42),
            secret().pseudonym("account", 42)
        );
        assert_ne!(
            secret().pseudonym("account", 42),
            other.pseudonym("account", 42)
        );
        assert_ne!(
            secret().pseudonym("account", 42),
            secret().pseudonym("token", 42)
        );
        assert_ne!(secret().salt(1), secret().salt(2));
        assert_eq!(format!("{:?}", secret()), "LogSecret(***)");
    }

    #[test]
    fn differences_name_each_changed_fact() {
        let logged = LogEntry::of_event(&facts(), &secret());
        assert!(differences(&logged, &logged).is_empty());
        let mut edited = facts();
        edited.region_code = Some("32.73.01.1001".into());
        edited.changes = edited.changes.replace("300000", "900000");
        let current = LogEntry::of_event(&edited, &secret());
        let found = differences(&logged, &current);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("region: log says \"31.75.07.1003\""));
        assert!(found[1].starts_with("amounts:"));
        assert!(found[2].starts_with("changes:"));
    }

    #[test]
    fn long_text_is_hashed_and_amounts_are_bounded() {
        let mut long = facts();
        long.subject_id = "x".repeat(1000);
        let fields: Vec<String> = (0..100)
            .map(|i| format!(r#""f{i:03}_rupiah":{{"to":{i}}}"#))
            .collect();
        long.changes = format!("{{{}}}", fields.join(","));
        let entry = LogEntry::of_event(&long, &secret());
        assert!(entry.subject.id.starts_with("sha256:"));
        assert_eq!(entry.amounts.len(), AMOUNTS_MAX);
        assert!(entry.encode().len() < tlog::MAX_ENTRY_BYTES);
        let garbage = EventFacts {
            changes: "not json".into(),
            ..facts()
        };
        assert!(LogEntry::of_event(&garbage, &secret()).amounts.is_empty());
    }
}
