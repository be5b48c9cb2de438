//! The records an event wrote (household and person versions) and the salted commitment to
//! them that a version 2 log entry carries, over a canonical JSON form of their snapshots,
//! so a record edited in its row and its version snapshot together no longer matches the log.

use super::entry::commitment;

/// A version an event wrote: a household or person as it became. The sequencer reads them
/// as JSON arrays in this field order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct WrittenRecord {
    pub subject_type: String,
    pub subject_id: i64,
    pub version: i64,
    /// The snapshot JSON as stored (its key order depends on the writer).
    pub snapshot: String,
}

/// The commitment to the records an event wrote, `None` when it wrote none: `sha256:` and
/// hex of SHA-256(salt ‖ canonical JSON of the records, sorted by type, id and version, each
/// as `{"id","snapshot","type","version"}`), the snapshot parsed and written canonically.
pub fn record_commitment(salt: &[u8; 32], records: &[WrittenRecord]) -> Option<String> {
    if records.is_empty() {
        return None;
    }
    let mut sorted: Vec<&WrittenRecord> = records.iter().collect();
    sorted.sort_by(|a, b| {
        (&a.subject_type, a.subject_id, a.version).cmp(&(&b.subject_type, b.subject_id, b.version))
    });
    let list: Vec<serde_json::Value> = sorted
        .into_iter()
        .map(|record| {
            // A snapshot that is not JSON (never written by the application) still commits
            // to its exact text.
            let snapshot = serde_json::from_str(&record.snapshot)
                .unwrap_or_else(|_| serde_json::Value::String(record.snapshot.clone()));
            serde_json::json!({
                "type": record.subject_type,
                "id": record.subject_id,
                "version": record.version,
                "snapshot": snapshot,
            })
        })
        .collect();
    Some(commitment(
        salt,
        &canonical_json(&serde_json::Value::Array(list)),
    ))
}

/// Compact JSON with every object's keys in byte order: one spelling per value, whatever
/// order its writer used (a snapshot re-serialised through `serde_json::Value` comes out
/// sorted, one serialised from its struct does not). For the values snapshots hold (strings,
/// integers, booleans, null) this is RFC 8785 (JCS), whose key order differs only for keys
/// outside the Basic Multilingual Plane.
pub fn canonical_json(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        serde_json::Value::Object(fields) => {
            let mut keys: Vec<&String> = fields.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push(':');
                write_canonical(&fields[key], out);
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: i64, snapshot: &str) -> WrittenRecord {
        WrittenRecord {
            subject_type: "person".into(),
            subject_id: id,
            version: 1,
            snapshot: snapshot.into(),
        }
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
    fn the_commitment_ignores_key_order_and_record_order_but_not_content() {
        let salt = [3; 32];
        let a = person(44, r#"{"nik":"3175072105870001","full_name":"Siti"}"#);
        let b = person(45, r#"{"nik":"3175072105870002","full_name":"Budi"}"#);
        let reordered = person(44, r#"{"full_name":"Siti","nik":"3175072105870001"}"#);
        let both = record_commitment(&salt, &[a.clone(), b.clone()]);
        assert!(both.as_deref().is_some_and(|c| c.starts_with("sha256:")));
        assert_eq!(both, record_commitment(&salt, &[b.clone(), reordered]));
        let renamed = person(44, r#"{"nik":"3175072105870001","full_name":"Sita"}"#);
        assert_ne!(both, record_commitment(&salt, &[renamed, b.clone()]));
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
    fn a_snapshot_that_is_not_json_still_commits_to_its_text() {
        let salt = [3; 32];
        let broken = record_commitment(&salt, &[person(1, "{not json")]);
        assert!(broken.is_some());
        assert_ne!(broken, record_commitment(&salt, &[person(1, "{not json!")]));
    }
}
