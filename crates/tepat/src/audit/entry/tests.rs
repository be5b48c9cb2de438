//! The entry encoder in both formats, commitments and bounds.

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

fn household(snapshot: &str) -> WrittenRecord {
    WrittenRecord::new("household", 12, 1, snapshot)
}

#[test]
fn entry_keeps_public_facts_and_hides_personal_data() {
    let entry = LogEntry::of_event(&facts(), &[], &secret());
    let text = String::from_utf8(entry.encode()).unwrap_or_default();
    assert!(text.starts_with(r#"{"v":2,"event":7,"time":"2026-11-25T03:20:27.123Z""#));
    assert!(text.contains(r#""amounts":{"amount_rupiah":{"from":0,"to":300000}}"#));
    assert!(text.ends_with(r#","record":null}"#), "{text}");
    assert!(!text.contains("Siti"), "{text}");
    assert!(
        !text.contains("\"42\""),
        "the account id must be a pseudonym: {text}"
    );
    assert_eq!(entry.actor.id.as_deref().map(str::len), Some(32));
    assert!(entry.changes.starts_with("sha256:"));
}

#[test]
fn a_record_written_is_committed_to_without_its_contents() {
    let written = [household(
        r#"{"kk":"3175071503150004","address":"Jl. Mawar"}"#,
    )];
    let entry = LogEntry::of_event(&facts(), &written, &secret());
    let text = String::from_utf8(entry.encode()).unwrap_or_default();
    let record = entry.record.clone().flatten().unwrap_or_default();
    assert!(
        record.starts_with("sha256:") && record.len() == 71,
        "{text}"
    );
    assert!(
        text.ends_with(&format!(r#","record":"{record}"}}"#)),
        "{text}"
    );
    assert!(!text.contains("3175071503150004") && !text.contains("Mawar"));
    // The record has its own salt: the changes commitment is the same as without records.
    assert_eq!(
        entry.changes,
        LogEntry::of_event(&facts(), &[], &secret()).changes
    );
    assert_ne!(secret().record_salt(7), secret().salt(7));
}

#[test]
fn version_1_entries_keep_their_exact_encoding() {
    let written = [household(r#"{"kk":"3175071503150004"}"#)];
    let entry = LogEntry::of_event(&facts(), &written, &secret()).in_version(ENTRY_VERSION_1);
    let expected = format!(
        concat!(
            r#"{{"v":1,"event":7,"time":"2026-11-25T03:20:27.123Z","action":"payment.approved","#,
            r#""actor":{{"kind":"account","role":"district_officer","id":"{}"}},"#,
            r#""subject":{{"type":"payment","id":"991"}},"region":"31.75.07.1003","#,
            r#""amounts":{{"amount_rupiah":{{"from":0,"to":300000}}}},"changes":"{}"}}"#
        ),
        secret().pseudonym("account", 42),
        commitment(&secret().salt(7), &facts().changes),
    );
    assert_eq!(
        String::from_utf8(entry.encode()).unwrap_or_default(),
        expected
    );
    assert_eq!(LogEntry::decode(expected.as_bytes()).ok(), Some(entry));
}

#[test]
fn encoding_is_canonical_and_round_trips() {
    let written = [household("{}")];
    for entry in [
        LogEntry::of_event(&facts(), &written, &secret()),
        LogEntry::of_event(&facts(), &[], &secret()),
        LogEntry::of_event(&facts(), &written, &secret()).in_version(ENTRY_VERSION_1),
    ] {
        let bytes = entry.encode();
        assert_eq!(LogEntry::decode(&bytes).ok(), Some(entry));
        let spaced = String::from_utf8(bytes)
            .unwrap_or_default()
            .replace(':', ": ");
        assert!(matches!(
            LogEntry::decode(spaced.as_bytes()),
            Err(EntryError::NotCanonical)
        ));
    }
    let head = r#"{"v":2,"event":1,"time":"t","action":"a","actor":{"kind":"system","role":"system","id":null},"subject":{"type":"x","id":"1"},"region":null,"amounts":{},"changes":"c""#;
    let without_record = format!("{head}}}");
    assert!(matches!(
        LogEntry::decode(without_record.as_bytes()),
        Err(EntryError::Fields(2, _))
    ));
    let v1_with_record = format!(
        "{},\"record\":null}}",
        head.replacen("\"v\":2", "\"v\":1", 1)
    );
    assert!(matches!(
        LogEntry::decode(v1_with_record.as_bytes()),
        Err(EntryError::Fields(1, _))
    ));
    let v3 = format!(
        "{},\"record\":null}}",
        head.replacen("\"v\":2", "\"v\":3", 1)
    );
    assert!(matches!(
        LogEntry::decode(v3.as_bytes()),
        Err(EntryError::Version(3))
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
    let logged = LogEntry::of_event(&facts(), &[], &secret());
    assert!(differences(&logged, &logged).is_empty());
    let mut edited = facts();
    edited.region_code = Some("32.73.01.1001".into());
    edited.changes = edited.changes.replace("300000", "900000");
    let current = LogEntry::of_event(&edited, &[], &secret());
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
    let entry = LogEntry::of_event(&long, &[], &secret());
    assert!(entry.subject.id.starts_with("sha256:"));
    assert_eq!(entry.amounts.len(), AMOUNTS_MAX);
    assert!(entry.encode().len() < tlog::MAX_ENTRY_BYTES);
    let garbage = EventFacts {
        changes: "not json".into(),
        ..facts()
    };
    assert!(
        LogEntry::of_event(&garbage, &[], &secret())
            .amounts
            .is_empty()
    );
}
