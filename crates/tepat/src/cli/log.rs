//! `tepat verify`, `tepat log export` and `tepat audit`: checking the transparency log from
//! outside (URL or exported directory) and against the database.

use std::path::PathBuf;

use tlog::VerifierKey;

use crate::audit::keys::KeyFileError;
use crate::audit::verifier::{self, Source};
use crate::audit::{Log, check, export, sequencer, store};
use crate::clock::{Clock, SystemClock};
use crate::config::DatabaseArgs;
use crate::config::LogArgs;
use crate::db::Db;

/// `tepat verify`: check a published log with only its location and verifier key.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// Base URL of a Tepat server (the log is under `URL/log/`).
    #[arg(long, conflicts_with = "dir", required_unless_present = "dir")]
    pub url: Option<String>,
    /// A directory written by `tepat log export`, checked offline.
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// The log's verifier key (`origin+keyid+base64`), as served at `/log/key`.
    #[arg(long, env = "TEPAT_LOG_VERIFIER_KEY")]
    pub key: String,
    /// File remembering the last verified checkpoint, so the next run can check that the
    /// log only grew.
    #[arg(long)]
    pub state: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
pub enum LogCommand {
    /// Write the log's checkpoint, tiles and entry bundles as files (tlog-tiles layout).
    Export {
        /// Target directory (created if missing).
        dir: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

/// `tepat audit`: replay the log against the database.
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    #[command(flatten)]
    pub log: LogArgs,
}

pub async fn verify(args: VerifyArgs) -> anyhow::Result<()> {
    let key = VerifierKey::parse(args.key.trim())
        .map_err(|err| anyhow::anyhow!("--key is not a verifier key: {err}"))?;
    let source = match (&args.url, &args.dir) {
        (Some(url), _) => Source::http(url)?,
        (None, Some(dir)) => Source::Dir(dir.clone()),
        (None, None) => anyhow::bail!("give --url or --dir"),
    };
    let verified = verifier::verify(&source, &key, args.state.as_deref()).await?;
    println!(
        "verified log {}: {} entries, root {}",
        verified.origin,
        verified.size,
        verified.root.to_base64()
    );
    println!("  checkpoint signature: valid ({})", key.name());
    println!("  entries and tiles: rebuilt from the entries, all match the checkpoint");
    match verified.previous_size {
        Some(old) => println!("  consistent with the checkpoint of size {old} seen last time"),
        None => println!("  no earlier checkpoint to compare with"),
    }
    println!("  server proofs checked: {}", verified.proofs_checked);
    Ok(())
}

/// The log's key; made here only when the log is still empty (nothing ever sequenced), as
/// the server's first start would, so a database only the command line has written can be
/// audited. A log with entries is never given a new key.
async fn open_log(db: &Db, args: &AuditArgs) -> anyhow::Result<Log> {
    let url = &args.database.database_url;
    match Log::open(&args.log, url) {
        Err(KeyFileError::Missing(path)) if store::is_empty(db).await? => {
            let log = Log::open_or_create(&args.log, url)?;
            println!(
                "created the log key {} (the log was empty); the server signs with it, \
                 so keep it with the database",
                path.display()
            );
            Ok(log)
        }
        opened => Ok(opened?),
    }
}

pub async fn log(command: LogCommand) -> anyhow::Result<()> {
    let LogCommand::Export { dir, database } = command;
    let db = Db::connect(&database.database_url).await?;
    let summary = export::export(&db, &dir).await?;
    println!(
        "exported {} entries ({} entry bundles, {} hash tiles) to {}",
        summary.size,
        summary.entry_bundles,
        summary.hash_tiles,
        dir.display()
    );
    Ok(())
}

pub async fn audit(args: AuditArgs) -> anyhow::Result<()> {
    let url = &args.database.database_url;
    let db = Db::connect(url).await?;
    // The audit reads the columns the current schema has; migrating only adds to it.
    db.migrate().await?;
    let log = open_log(&db, &args).await?;
    // Entries are checked, queued events only counted: a database that only the command
    // line has written (an import with no server running) holds nothing but queued events
    // until something sequences them, so the audit does, with the log's own key.
    match sequencer::catch_up(&db, &log, SystemClock.now()).await {
        Ok(0) => {}
        Ok(appended) => println!("sequenced {appended} queued events into the log first"),
        Err(err) => println!(
            "could not sequence the queued events ({err:#}); they are checked as queued. \
             Start `tepat serve` once, or run the audit with write access, to log them"
        ),
    }
    let report = check::audit(&db, &log).await?;
    println!(
        "audited log {}: {} entries, {} checkpoints, {} registry rows",
        log.origin(),
        report.entries_checked,
        report.checkpoints_checked,
        report.registry_rows_checked
    );
    for finding in &report.findings {
        println!("  {finding}");
    }
    if report.findings_omitted > 0 {
        println!("  … and {} more", report.findings_omitted);
    }
    if !report.is_clean() {
        let total = report.findings.len() as u64 + report.findings_omitted;
        anyhow::bail!("the database contradicts the log in {total} places");
    }
    println!("  every event matches its entry; every entry matches its event");
    println!("  every household and person matches its latest version, and every version");
    println!("  the record its event's entry committed to");
    Ok(())
}
