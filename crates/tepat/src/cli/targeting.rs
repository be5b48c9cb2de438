//! `tepat targeting score`: scores and ranks every surveyed household with a welfare model
//! (the latest published, or the one named), with a progress bar, and prints the count per
//! desil. The run is one event whose log entry commits to every score it wrote.

use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};

use crate::clock::{Clock, SystemClock};
use crate::config::DatabaseArgs;
use crate::db::Db;
use crate::events::Actor;
use crate::targeting::recompute::{self, Progress, Trigger};

#[derive(Debug, clap::Subcommand)]
pub enum TargetingCommand {
    /// Score and rank every surveyed household (desil 1 = poorest); without --model, the
    /// latest published model, or the shipped model (version 0) when none is published.
    Score(ScoreArgs),
}

#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    /// The model version to score with (0 = the model shipped with Tepat).
    #[arg(long = "model", value_name = "VERSION")]
    pub model: Option<i64>,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub async fn run(command: TargetingCommand) -> anyhow::Result<()> {
    let TargetingCommand::Score(args) = command;
    let db = Db::connect(&args.database.database_url).await?;
    crate::app::prepare(&db, &SystemClock).await?;
    let chosen = recompute::choose(&db, args.model).await?;
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message("scoring");
    let shown = bar.clone();
    let progress: Progress = Arc::new(move |done, total| {
        shown.set_length(total);
        shown.set_position(done);
    });
    let started = std::time::Instant::now();
    let report = recompute::run(
        &db,
        &chosen,
        Trigger::Command,
        &Actor::system(),
        SystemClock.now(),
        Some(progress),
    )
    .await;
    bar.finish_and_clear();
    db.pool.close().await;
    let report = report?;
    println!("run            {}", report.run_id);
    println!(
        "model version  {} ({})",
        report.model_version, chosen.model.name
    );
    println!("households     {}", report.digest.rows);
    for (i, n) in report.digest.per_decile.iter().enumerate() {
        println!("desil {:<2}       {n}", i + 1);
    }
    println!("rows sha256    {}", report.digest.sha256);
    println!("event          {}", report.event_id);
    println!("seconds        {:.1}", started.elapsed().as_secs_f64());
    Ok(())
}
