//! `tepat regions load FILE`.

use std::path::PathBuf;
use std::time::Duration;

use indicatif::ProgressBar;

use crate::clock::{Clock, SystemClock};
use crate::config::DatabaseArgs;
use crate::db::Db;
use crate::events::Actor;
use crate::regions::load;

#[derive(Debug, clap::Subcommand)]
pub enum RegionsCommand {
    /// Apply a newer official region list (CSV: code,level,name,parent_code).
    Load {
        #[command(flatten)]
        database: DatabaseArgs,
        /// The CSV file.
        file: PathBuf,
    },
}

pub async fn run(command: RegionsCommand) -> anyhow::Result<()> {
    let RegionsCommand::Load { database, file } = command;
    let handle = std::fs::File::open(&file)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", file.display()))?;
    let rows = load::parse_list(std::io::BufReader::new(handle))
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let db = Db::connect(&database.database_url).await?;
    db.migrate().await?;
    let spinner = ProgressBar::new_spinner();
    spinner.set_message(format!("applying {} regions", rows.len()));
    spinner.enable_steady_tick(Duration::from_millis(120));
    let report = load::apply(&db, &rows, Actor::system(), SystemClock.now()).await?;
    spinner.finish_and_clear();
    println!(
        "{} regions: {} added, {} renamed, {} unchanged, {} retired",
        rows.len(),
        report.added,
        report.renamed,
        report.unchanged,
        report.retired
    );
    Ok(())
}
