//! The records an event wrote (household and person versions) and the salted commitment to
//! them that a version 2 log entry carries, so a record edited in its row and its version
//! snapshot together no longer matches the log.

use super::entry::commitment;

/// A version an event wrote: a household or person as it became, by the digest of its
/// snapshot's stored text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenRecord {
    pub subject_type: String,
    pub subject_id: i64,
    pub version: i64,
    /// [`snapshot_digest`] of the snapshot as stored.
    pub snapshot_sha256: String,
}

impl WrittenRecord {
    /// A version by its stored snapshot text.
    pub fn new(subject_type: &str, subject_id: i64, version: i64, snapshot: &str) -> Self {
        Self {
            subject_type: subject_type.to_owned(),
            subject_id,
            version,
            snapshot_sha256: snapshot_digest(snapshot),
        }
    }
}

/// Hex SHA-256 of a snapshot's stored text, as its version row keeps it beside the
/// snapshot (`record_versions.snapshot_sha256`), so sequencing reads 64 characters per
/// version rather than the record. The audit recomputes it from the text and never trusts
/// the stored one.
pub fn snapshot_digest(snapshot: &str) -> String {
    crate::registry::store::snapshot_sha256(snapshot)
}

/// The commitment to the records an event wrote, `None` when it wrote none: `sha256:` and
/// hex of SHA-256(salt ‖ R). R is the JSON array of the versions, sorted by type, id and
/// version, each `{"id":…,"sha256":"…","type":"…","version":…}` (keys in that order, no
/// whitespace), `sha256` being the hex SHA-256 of the version's snapshot exactly as stored:
/// the version row is the record of what was written, so its exact text is what the log
/// vouches for, and no snapshot needs parsing to be committed to.
pub fn record_commitment(salt: &[u8; 32], records: &[WrittenRecord]) -> Option<String> {
    let mut sorted: Vec<&WrittenRecord> = records.iter().collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_unstable_by(|a, b| {
        (&a.subject_type, a.subject_id, a.version).cmp(&(&b.subject_type, b.subject_id, b.version))
    });
    let mut preimage = String::with_capacity(sorted.len() * 128 + 2);
    preimage.push('[');
    for (i, record) in sorted.into_iter().enumerate() {
        if i > 0 {
            preimage.push(',');
        }
        let subject_type = serde_json::to_string(&record.subject_type).unwrap_or_default();
        let digest = serde_json::to_string(&record.snapshot_sha256).unwrap_or_default();
        preimage.push_str(&format!(
            r#"{{"id":{},"sha256":{digest},"type":{subject_type},"version":{}}}"#,
            record.subject_id, record.version
        ));
    }
    preimage.push(']');
    Some(commitment(salt, &preimage))
}

/// Whether two snapshot texts hold the same record, whatever their key order or spacing
/// (a snapshot re-serialised through `serde_json::Value` has its keys sorted, one
/// serialised from its struct does not).
pub fn same_record(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let canonical = |text: &str| {
        serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .map(|value| canonical_json(&value))
    };
    canonical(a).is_some_and(|a| Some(a) == canonical(b))
}

/// Compact JSON with every object's keys in byte order: one spelling per value, whatever
/// order its writer used. For the values snapshots hold (strings, integers, booleans, null)
/// this is RFC 8785 (JCS), whose key order differs only for keys outside the Basic
/// Multilingual Plane.
pub fn canonical_json(value: &serde_json::Value) -> String {
    let mut out = Vec::with_capacity(512);
    write_canonical(value, &mut out);
    // Only JSON text, which is UTF-8, was written.
    String::from_utf8(out).unwrap_or_default()
}

fn write_canonical(value: &serde_json::Value, out: &mut Vec<u8>) {
    match value {
        serde_json::Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        serde_json::Value::Object(fields) => {
            let mut sorted: Vec<(&String, &serde_json::Value)> = fields.iter().collect();
            sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (i, (key, field)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_scalar(key, out);
                out.push(b':');
                write_canonical(field, out);
            }
            out.push(b'}');
        }
        scalar => write_scalar(scalar, out),
    }
}

/// A string, number, boolean or null as compact JSON; writing into memory cannot fail.
fn write_scalar(value: &(impl serde::Serialize + ?Sized), out: &mut Vec<u8>) {
    let _ = serde_json::to_writer(out, value);
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;

    fn person(id: i64, snapshot: &str) -> WrittenRecord {
        WrittenRecord::new("person", id, 1, snapshot)
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_depth_and_drops_spaces() {
        let value: serde_json::Value = serde_json::from_str(
            r#"{ "nik": "3175", "survey": {"z": 1, "a": null}, "full_name": "Siti \"Ani\"" }"#,
        )
        .unwrap_or_default();
        assert_eq!(
            canonical_json(&value),
            r#"{"full_name":"Siti \"Ani\"","nik":"3175","survey":{"a":null,"z":1}}"#
        );
    }

    #[test]
    fn the_commitment_ignores_record_order_but_not_content() {
        let salt = [3; 32];
        let a = person(44, r#"{"nik":"3175072105870001","full_name":"Siti"}"#);
        let b = person(45, r#"{"nik":"3175072105870002","full_name":"Budi"}"#);
        let both = record_commitment(&salt, &[a.clone(), b.clone()]);
        assert!(both.as_deref().is_some_and(|c| c.starts_with("sha256:")));
        assert_eq!(both, record_commitment(&salt, &[b.clone(), a.clone()]));
        let renamed = person(44, r#"{"nik":"3175072105870001","full_name":"Sita"}"#);
        assert_ne!(both, record_commitment(&salt, &[renamed, b.clone()]));
        let respelt = person(44, r#"{"full_name":"Siti","nik":"3175072105870001"}"#);
        assert_ne!(both, record_commitment(&salt, &[respelt, b.clone()]));
        let other_version = WrittenRecord {
            version: 2,
            ..a.clone()
        };
        assert_ne!(both, record_commitment(&salt, &[other_version, b.clone()]));
        assert_ne!(both, record_commitment(&salt, std::slice::from_ref(&a)));
        assert_ne!(both, record_commitment(&[4; 32], &[a, b]));
        assert_eq!(record_commitment(&salt, &[]), None);
    }

    #[test]
    fn the_preimage_is_json_of_the_records_with_their_snapshot_digests() {
        let (budi, household) = (
            "{\"nik\":\"3175072105870002\"}",
            r#"{"kk":"3175071503150001"}"#,
        );
        let records = [
            person(45, budi),
            WrittenRecord::new("household", 12, 3, household),
        ];
        let preimage = format!(
            r#"[{{"id":12,"sha256":"{}","type":"household","version":3}},{{"id":45,"sha256":"{}","type":"person","version":1}}]"#,
            hex::encode(Sha256::digest(household)),
            hex::encode(Sha256::digest(budi)),
        );
        let parsed: serde_json::Value = serde_json::from_str(&preimage).unwrap_or_default();
        assert_eq!(
            canonical_json(&parsed),
            preimage,
            "keys in byte order, no spaces"
        );
        assert_eq!(
            record_commitment(&[3; 32], &records),
            Some(commitment(&[3; 32], &preimage))
        );
    }

    #[test]
    fn the_same_record_is_recognised_whatever_its_key_order() {
        let struct_order =
            r#"{"nik":"3175072105870001","full_name":"Siti","survey":{"z":1,"a":2}}"#;
        let sorted = r#"{"full_name":"Siti","nik":"3175072105870001","survey":{"a":2,"z":1}}"#;
        assert!(same_record(struct_order, sorted));
        assert!(!same_record(struct_order, &sorted.replace("Siti", "Sita")));
        assert!(!same_record("{not json", "{not json!"));
        assert!(same_record("{not json", "{not json"));
    }
}
