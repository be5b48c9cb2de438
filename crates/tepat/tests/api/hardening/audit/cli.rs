//! The command-line-only databases of the audit tests: created from the template, filled by
//! `tepat import households` (no server ever runs), audited by `tepat audit` and edited in
//! SQL behind the application's back.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sqlx::Row;
use tepat::audit::{LogEntry, check, store};
use tepat::clock::{Clock, SystemClock};
use tepat::config::LogArgs;
use tepat::db::Db;
use tlog::{Checkpoint, MemoryTiles, append_to_tiles, leaf_hash};

use crate::common::fresh_database_url;

pub const HEADER: &str = "kk,nik,name,sex,birth_place,birth_date,relationship,village_code,\
                      address,rt,rw,phone,floor_material,water_source";

/// Budi's family (two members, surveyed) and Siti's (one) in Klender.
pub fn families() -> String {
    format!(
        "{HEADER}\n\
         3175071503150001,3175072105870001,Budi Santoso,L,Jakarta,1987-05-21,kepala,31.75.07.1003,Jl. Teratai 5,5,12,081234567890,tanah,sungai\n\
         3175071503150001,3175076708890002,Ani Rahayu,P,Bogor,1989-08-27,istri,31.75.07.1003,,,,,,\n\
         3175071604160002,3175074402600004,Siti Aminah,P,Klaten,1960-02-04,kepala,31.75.07.1003,Jl. Melati 2,3,4,,semen,ledeng\n"
    )
}

/// A database only the command line has written: households imported, no server started,
/// so every event waits in the log's queue and no checkpoint was ever signed.
pub struct CliDatabase {
    pub url: String,
    pub db: Db,
    pub key: PathBuf,
    dir: tempfile::TempDir,
    _template: Arc<tempfile::TempDir>,
}

async fn tepat(args: &[&str]) -> (bool, String) {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_tepat"))
        .args(args)
        .env_remove("TEPAT_DATABASE_URL")
        .env_remove("TEPAT_LOG_KEY_FILE")
        .output()
        .await
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

impl CliDatabase {
    pub async fn new() -> Self {
        let (url, template) = fresh_database_url().await;
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("tepat-log.key");
        let cli = Self {
            db: Db::connect(&url).await.unwrap(),
            url,
            key,
            dir,
            _template: template,
        };
        cli.import("keluarga.csv", &families()).await;
        cli
    }

    pub async fn import(&self, name: &str, text: &str) {
        let file = self.dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let (ok, out) = tepat(&[
            "import",
            "households",
            file.to_str().unwrap(),
            "--database-url",
            &self.url,
        ])
        .await;
        assert!(ok, "{out}");
    }

    /// `tepat audit` with the log key file.
    pub async fn audit(&self) -> (bool, String) {
        tepat(&[
            "audit",
            "--database-url",
            &self.url,
            "--log-key-file",
            self.key.to_str().unwrap(),
        ])
        .await
    }

    /// The audit's findings, from the library (the command line sequences first).
    pub async fn findings(&self) -> Vec<String> {
        let log = open_log(&self.key, &self.url);
        let report = check::audit(&self.db, &log).await.unwrap();
        report.findings.iter().map(ToString::to_string).collect()
    }

    /// Runs an edit binding `text` values then the record's id, and checks it changed a row.
    pub async fn execute(&self, sql: &str, text: &[&str], id: i64) {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()));
        for value in text {
            query = query.bind(value.to_string());
        }
        let done = query.bind(id).execute(&self.db.pool).await.unwrap();
        assert!(done.rows_affected() > 0, "{sql} changed nothing");
    }

    pub async fn id(&self, sql: &str, key: &str) -> i64 {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .bind(key.to_owned())
            .fetch_one(&self.db.pool)
            .await
            .unwrap();
        row.get(0)
    }

    pub async fn person(&self, nik: &str) -> i64 {
        self.id("SELECT id FROM persons WHERE nik = $1", nik).await
    }

    pub async fn household(&self, kk: &str) -> i64 {
        self.id("SELECT id FROM households WHERE kk_number = $1", kk)
            .await
    }

    /// "entry I (event E)" of the event that wrote the record's latest version.
    pub async fn last_write(&self, subject_type: &str, id: i64) -> String {
        let row = sqlx::query(
            "SELECT e.log_index, e.id FROM record_versions v JOIN events e ON e.id = v.event_id \
             WHERE v.subject_type = $1 AND v.subject_id = $2 ORDER BY v.version DESC LIMIT 1",
        )
        .bind(subject_type.to_owned())
        .bind(id)
        .fetch_one(&self.db.pool)
        .await
        .unwrap();
        let (index, event): (i64, i64) = (row.get(0), row.get(1));
        format!("entry {index} (event {event})")
    }

    /// Replaces `from` by `to` in a column of a row and in its latest version snapshot.
    pub async fn edit_both(&self, subject_type: &str, id: i64, column: &str, from: &str, to: &str) {
        let table = if subject_type == "person" {
            "persons"
        } else {
            "households"
        };
        let update =
            format!("UPDATE {table} SET {column} = REPLACE({column}, $1, $2) WHERE id = $3");
        self.execute(&update, &[from, to], id).await;
        self.execute(
            "UPDATE record_versions SET snapshot = REPLACE(snapshot, $1, $2) \
             WHERE subject_type = $3 AND subject_id = $4 AND version = \
             (SELECT MAX(w.version) FROM record_versions w WHERE w.subject_type = $3 \
             AND w.subject_id = $4)",
            &[from, to, subject_type],
            id,
        )
        .await;
    }
}

fn open_log(key: &Path, url: &str) -> tepat::audit::Log {
    let args = LogArgs {
        key_file: Some(key.to_owned()),
        ..Default::default()
    };
    tepat::audit::Log::open(&args, url).unwrap()
}

/// Sets the digest kept with the record's latest snapshot to that of its text, as a careful
/// forger would after editing the snapshot.
pub async fn forge_digest(cli: &CliDatabase, subject_type: &str, id: i64) {
    let row = sqlx::query(
        "SELECT version, snapshot FROM record_versions WHERE subject_type = $1 \
         AND subject_id = $2 ORDER BY version DESC LIMIT 1",
    )
    .bind(subject_type.to_owned())
    .bind(id)
    .fetch_one(&cli.db.pool)
    .await
    .unwrap();
    let (version, snapshot): (i64, String) = (row.get(0), row.get(1));
    sqlx::query(
        "UPDATE record_versions SET snapshot_sha256 = $1 WHERE subject_type = $2 \
         AND subject_id = $3 AND version = $4",
    )
    .bind(tepat::registry::store::snapshot_sha256(&snapshot))
    .bind(subject_type.to_owned())
    .bind(id)
    .bind(version)
    .execute(&cli.db.pool)
    .await
    .unwrap();
}

/// Logs every queued event in the first entry format, as the log did before entries
/// committed to records, and unlinks the versions from their events as they were then.
pub async fn append_as_version_1(db: &Db, log: &tepat::audit::Log) {
    let now = SystemClock.now();
    store::ensure_checkpoint(db, log, now).await.unwrap();
    let mut tx = db.begin_write().await.unwrap();
    let size = store::lock_head(&mut tx).await.unwrap();
    assert_eq!(size, 0);
    let queued = store::queued_events(&mut tx, 10_000).await.unwrap();
    let entries: Vec<(i64, Vec<u8>)> = queued
        .iter()
        .map(|(facts, _)| {
            let entry = LogEntry::of_event(facts, &[], log.secret()).in_version(1);
            (facts.id, entry.encode())
        })
        .collect();
    let leaves: Vec<_> = entries.iter().map(|(_, entry)| leaf_hash(entry)).collect();
    let appended = append_to_tiles(&MemoryTiles::new(), 0, &leaves).unwrap();
    store::insert_entries(&mut tx, 0, &entries).await.unwrap();
    store::upsert_tiles(&mut tx, &appended.tiles).await.unwrap();
    let note = Checkpoint::new(log.origin(), appended.size, appended.root)
        .unwrap()
        .sign(log.signer())
        .unwrap();
    store::insert_checkpoint(&mut tx, appended.size, &note, now)
        .await
        .unwrap();
    sqlx::query("UPDATE record_versions SET event_id = NULL")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}
