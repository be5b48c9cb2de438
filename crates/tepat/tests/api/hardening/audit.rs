//! `tepat audit` against a record edited in two tables at once: a NIK, KK number, name or
//! survey answer changed in its row *and* in its latest version snapshot, so that row and
//! snapshot still agree, contradicts the record commitment of the entry that logged the
//! write. The databases here are written by the command line alone (no server ever ran),
//! which the audit brings up to date itself.

mod cli;

use sqlx::Row;
use tepat::audit::LogEntry;
use tepat::config::LogArgs;

use self::cli::{CliDatabase, HEADER, append_as_version_1, families, forge_digest};

/// How far the forger went.
#[derive(Clone, Copy, PartialEq)]
enum Forger {
    /// Row and snapshot.
    Careless,
    /// Row, snapshot and the digest kept with the snapshot.
    Careful,
}

/// Audits clean, then edits a record in its row and latest snapshot alike and expects one
/// finding: the commitment of the entry of its last write, naming the record.
async fn caught(
    cli: &CliDatabase,
    (subject_type, id): (&str, i64),
    column: &str,
    edit: (&str, &str),
    forger: Forger,
) {
    let (ok, out) = cli.audit().await;
    assert!(ok, "{out}");
    let entry = cli.last_write(subject_type, id).await;
    cli.edit_both(subject_type, id, column, edit.0, edit.1)
        .await;
    if forger == Forger::Careful {
        forge_digest(cli, subject_type, id).await;
    }
    let found = cli.findings().await;
    let record = format!("{subject_type} {id} (version ");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(&format!("{entry}: record: ")),
        "{found:?}"
    );
    assert!(found[0].contains(&record), "{found:?}");
    assert!(
        found[0].contains("no longer match the log's commitment sha256:"),
        "{found:?}"
    );
    // A snapshot edited without its digest is named on its own.
    let named = format!("the snapshot of {record}");
    assert_eq!(
        found[0].contains(&named),
        forger == Forger::Careless,
        "{found:?}"
    );
    let (ok, out) = cli.audit().await;
    assert!(!ok, "{out}");
    assert!(out.contains(&entry) && out.contains(&record), "{out}");
    assert!(out.contains("contradicts the log in 1 places"), "{out}");
}

#[tokio::test]
async fn a_database_only_the_command_line_wrote_is_sequenced_and_audits_clean() {
    let cli = CliDatabase::new().await;
    assert!(!cli.key.exists());
    let (ok, out) = cli.audit().await;
    assert!(ok, "{out}");
    assert!(out.contains("created the log key"), "{out}");
    assert!(out.contains("queued events into the log first"), "{out}");
    assert!(out.contains("audited log tepat.local/log:"), "{out}");
    assert!(cli.key.exists());
    assert!(cli.findings().await.is_empty());
    // A second run finds nothing queued and the same key.
    let (ok, out) = cli.audit().await;
    assert!(
        ok && !out.contains("queued events into the log first"),
        "{out}"
    );

    // A correction by a second import: new versions under a new event, audited clean too.
    let corrected = families()
        .replace("Siti Aminah", "Siti Aminah Lubis")
        .replace("Jl. Teratai 5", "Jl. Teratai 7");
    cli.import("koreksi.csv", &corrected).await;
    let (ok, out) = cli.audit().await;
    assert!(ok, "{out}");
    assert!(out.contains("queued events into the log first"), "{out}");
}

#[tokio::test]
async fn a_members_nik_changed_in_the_row_and_the_snapshot_is_caught() {
    let cli = CliDatabase::new().await;
    let ani = cli.person("3175076708890002").await;
    let edit = ("3175076708890002", "3175076708890009");
    caught(&cli, ("person", ani), "nik", edit, Forger::Careless).await;
}

#[tokio::test]
async fn a_households_kk_changed_in_the_row_and_the_snapshot_is_caught() {
    let cli = CliDatabase::new().await;
    let budi = cli.household("3175071503150001").await;
    let edit = ("3175071503150001", "3175071503150007");
    caught(
        &cli,
        ("household", budi),
        "kk_number",
        edit,
        Forger::Careful,
    )
    .await;
}

#[tokio::test]
async fn a_name_changed_in_the_row_and_the_snapshot_of_a_later_version_is_caught() {
    let cli = CliDatabase::new().await;
    let corrected = families().replace("Siti Aminah", "Siti Aminah Lubis");
    cli.import("koreksi.csv", &corrected).await;
    let siti = cli.person("3175074402600004").await;
    // The last write is the correction's event, not the creation's.
    let edit = ("Siti Aminah Lubis", "Siti Rahmawati");
    caught(&cli, ("person", siti), "full_name", edit, Forger::Careful).await;
}

#[tokio::test]
async fn a_survey_answer_changed_in_the_row_and_the_snapshot_is_caught() {
    let cli = CliDatabase::new().await;
    let budi = cli.household("3175071503150001").await;
    let edit = ("\"tanah\"", "\"keramik\"");
    caught(&cli, ("household", budi), "survey", edit, Forger::Careless).await;
}

#[tokio::test]
async fn a_history_logged_in_entry_version_1_still_audits_clean() {
    let cli = CliDatabase::new().await;
    let log = tepat::audit::Log::open_or_create(
        &LogArgs {
            key_file: Some(cli.key.clone()),
            ..Default::default()
        },
        &cli.url,
    )
    .unwrap();
    append_as_version_1(&cli.db, &log).await;
    assert!(cli.findings().await.is_empty());
    // Entries logged from now on are version 2 and commit to their records.
    let more = format!(
        "{HEADER}\n3175071705170003,3175070101900005,Joko Susilo,L,Solo,1990-01-01,kepala,\
         31.75.07.1003,Jl. Kenanga 1,1,1,,kayu,sumur_terlindung\n"
    );
    cli.import("tambahan.csv", &more).await;
    let (ok, out) = cli.audit().await;
    assert!(
        ok && out.contains("queued events into the log first"),
        "{out}"
    );
    let entries = sqlx::query("SELECT entry FROM log_entries ORDER BY idx")
        .fetch_all(&cli.db.pool)
        .await
        .unwrap();
    let versions: Vec<u32> = entries
        .iter()
        .map(|row| LogEntry::decode(&row.get::<Vec<u8>, _>(0)).unwrap().v)
        .collect();
    assert_eq!(versions.first(), Some(&1), "{versions:?}");
    assert_eq!(versions.last(), Some(&2), "{versions:?}");

    // A row edited behind the application's back in the version 1 history is still caught.
    let siti = cli.person("3175074402600004").await;
    cli.execute(
        "UPDATE persons SET full_name = 'Orang Lain' WHERE id = $1",
        &[],
        siti,
    )
    .await;
    let found = cli.findings().await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains(&format!("person {siti}: full_name changed")),
        "{found:?}"
    );
}

#[tokio::test]
async fn an_earlier_version_rewritten_in_the_history_is_caught() {
    let cli = CliDatabase::new().await;
    let corrected = families().replace("Siti Aminah", "Siti Aminah Lubis");
    cli.import("koreksi.csv", &corrected).await;
    let (ok, out) = cli.audit().await;
    assert!(ok, "{out}");
    let siti = cli.person("3175074402600004").await;
    let created = cli
        .id(
            "SELECT e.log_index FROM record_versions v JOIN events e ON e.id = v.event_id \
             WHERE v.subject_type = 'person' AND v.version = 1 AND v.subject_id = \
             (SELECT id FROM persons WHERE nik = $1)",
            "3175074402600004",
        )
        .await;
    // Her first version now says she was registered under another name.
    cli.execute(
        "UPDATE record_versions SET snapshot = REPLACE(snapshot, 'Siti Aminah', 'Siti Rahayu') \
         WHERE subject_type = 'person' AND version = 1 AND subject_id = $1",
        &[],
        siti,
    )
    .await;
    let found = cli.findings().await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(&format!("entry {created} (event ")),
        "{found:?}"
    );
    assert!(
        found[0].contains(&format!("the snapshot of person {siti} (version 1)")),
        "{found:?}"
    );
    let (ok, out) = cli.audit().await;
    assert!(!ok, "{out}");
}
