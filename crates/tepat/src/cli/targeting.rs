//! `tepat targeting score`: scores and ranks every surveyed household with a welfare model
//! (the latest published, or the one named), with a progress bar, and prints the count per
//! desil. The run is one event whose log entry commits to every score it wrote.

use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};

use crate::clock::{Clock, SystemClock};
use crate::config::DatabaseArgs;
use crate::db::Db;
use crate::events::Actor;
use crate::targeting::calibrate;
use crate::targeting::recompute::{self, Progress, Trigger};
use crate::targeting::service::publish;

#[derive(Debug, clap::Subcommand)]
pub enum TargetingCommand {
    /// Score and rank every surveyed household (desil 1 = poorest); without --model, the
    /// latest published model, or the shipped model (version 0) when none is published.
    Score(ScoreArgs),
    /// Fit a model to a survey sample with measured consumption (CSV or XLSX: the survey
    /// columns, household_size, children_under_15, elderly_60_plus, region_code and
    /// consumption_per_capita_rupiah); prints R² and the targeting errors, and publishes
    /// the fit as the next model version with --publish.
    Calibrate(CalibrateArgs),
}

#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    /// The sample file.
    pub file: std::path::PathBuf,
    /// Households in desil 1 to this are the targeted ones when errors are counted.
    #[arg(long, default_value_t = 4)]
    pub cutoff: u8,
    /// The fitted model's name.
    #[arg(long, default_value = "PMT dikalibrasi")]
    pub name: String,
    /// national, province or regency.
    #[arg(long, default_value = "province")]
    pub ranking: String,
    /// Publish the fitted model as the next version (an event in the log).
    #[arg(long)]
    pub publish: bool,
    #[command(flatten)]
    pub database: DatabaseArgs,
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
    match command {
        TargetingCommand::Score(args) => score(args).await,
        TargetingCommand::Calibrate(args) => calibrate(args).await,
    }
}

async fn calibrate(args: CalibrateArgs) -> anyhow::Result<()> {
    let source = crate::sheets::Source::open(&args.file)?;
    let rows = calibrate::read_sample(source)?;
    let fitted = calibrate::fit(&rows, &args.name, &args.ranking, args.cutoff)?;
    println!("rows             {}", fitted.rows);
    println!("R²               {:.4}", fitted.r_squared);
    println!("cut-off          desil 1–{}", fitted.cutoff_decile);
    println!("inclusion error  {:.1}%", fitted.inclusion_error * 100.0);
    println!("exclusion error  {:.1}%", fitted.exclusion_error * 100.0);
    println!("own provinces    {}", fitted.provinces.join(", "));
    let text = serde_json::to_string_pretty(&fitted.model)?;
    if !args.publish {
        println!("{text}");
        return Ok(());
    }
    let db = Db::connect(&args.database.database_url).await?;
    crate::app::prepare(&db, &SystemClock).await?;
    let note = format!(
        "{} rows, R² {:.4}, inclusion {:.1}%, exclusion {:.1}% at desil {}",
        fitted.rows,
        fitted.r_squared,
        fitted.inclusion_error * 100.0,
        fitted.exclusion_error * 100.0,
        fitted.cutoff_decile
    );
    let version = publish(&db, &text, &note, &Actor::system(), SystemClock.now()).await;
    db.pool.close().await;
    println!("published        version {}", version?);
    Ok(())
}

async fn score(args: ScoreArgs) -> anyhow::Result<()> {
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
