//! `tepat import households FILE` and `tepat export households --region CODE`.

use std::io::Write;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};

use crate::clock::{Clock, SystemClock};
use crate::config::DatabaseArgs;
use crate::db::Db;
use crate::events::Actor;
use crate::import::{self, ImportOptions, Summary};
use crate::region_code::RegionCode;
use crate::registry::export::{self, Format};
use crate::registry::store::Acting;
use crate::sheets::Report;
use crate::web::i18n::Lang;

#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Import households from CSV or XLSX: one row per person, rows of a family together.
    Households {
        #[command(flatten)]
        database: DatabaseArgs,
        /// The CSV (UTF-8) or XLSX file.
        file: PathBuf,
        /// Write every finding as `row,column,rule,message` to this CSV file.
        #[arg(long)]
        report: Option<PathBuf>,
        /// All or nothing: store nothing if any row is refused.
        #[arg(long)]
        atomic: bool,
        /// Accept rows whose only findings are warnings (NIK or KK from a district that
        /// is no longer in the region list, e.g. after a split).
        #[arg(long)]
        confirm_warnings: bool,
        /// Language of the report messages: id or en.
        #[arg(long, default_value = "id")]
        lang: String,
    },
    /// Apply civil-registry events (deaths, moves, NIK corrections) from CSV; affected
    /// persons and households are flagged for review.
    CivilEvents(super::civil::CivilEventsArgs),
}

#[derive(Debug, clap::Subcommand)]
pub enum ExportCommand {
    /// Export the households of a region (any level) in the import layout.
    Households {
        #[command(flatten)]
        database: DatabaseArgs,
        /// Region code, e.g. 31.75 or 31.75.07.1003.
        #[arg(long)]
        region: String,
        /// csv or xlsx.
        #[arg(long, default_value = "csv")]
        format: String,
        /// Output file; standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub async fn run_import(command: ImportCommand) -> anyhow::Result<()> {
    let (database, file, report, atomic, confirm_warnings, lang) = match command {
        ImportCommand::CivilEvents(args) => return super::civil::run(args).await,
        ImportCommand::Households {
            database,
            file,
            report,
            atomic,
            confirm_warnings,
            lang,
        } => (database, file, report, atomic, confirm_warnings, lang),
    };
    let lang = Lang::from_tag(&lang).ok_or_else(|| anyhow::anyhow!("--lang must be id or en"))?;
    if !file.is_file() {
        anyhow::bail!("cannot open {}: no such file", file.display());
    }
    let mut report_sink = report_sink(report.as_ref(), lang)?;
    let db = Db::connect(&database.database_url).await?;
    crate::app::prepare(&db, &SystemClock).await?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let acting = Acting {
        actor: Actor::system(),
        request_id: None,
        reason: format!("import {name}"),
    };
    let bar = progress_bar();
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done.min(total));
    };
    let options = ImportOptions {
        atomic,
        confirm_warnings,
        scope: None,
    };
    let started = std::time::Instant::now();
    let result = import::import_file(
        &db,
        &file,
        options,
        &acting,
        SystemClock.now(),
        &mut report_sink,
        &progress,
    )
    .await;
    bar.finish_and_clear();
    let summary = result.map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    print_summary(&summary, &report_sink, started.elapsed(), report.as_ref());
    if !summary.committed {
        anyhow::bail!(
            "--atomic: {} families refused, nothing was stored",
            summary.refused_families
        );
    }
    Ok(())
}

/// The per-row report, written to `path` when given.
fn report_sink(path: Option<&PathBuf>, lang: Lang) -> anyhow::Result<Report> {
    let out: Option<Box<dyn Write + Send>> = match path {
        Some(path) => Some(Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?,
        ))),
        None => None,
    };
    Ok(Report::new(out, lang)?)
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {percent}% {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn print_summary(s: &Summary, report: &Report, took: std::time::Duration, path: Option<&PathBuf>) {
    let seconds = took.as_secs_f64();
    println!(
        "{} rows, {} families: {} created, {} changed, {} unchanged, {} refused ({} rows); \
         {} errors, {} warnings; {:.1} s ({:.0} rows/s)",
        s.rows,
        s.families,
        s.created,
        s.changed,
        s.unchanged,
        s.refused_families,
        s.refused_rows,
        report.errors,
        report.warnings,
        seconds,
        s.rows as f64 / seconds.max(0.001)
    );
    for line in &report.shown {
        println!(
            "  row {}, {}: [{}] {}",
            line.row, line.column, line.rule, line.message
        );
    }
    let more = (report.errors + report.warnings).saturating_sub(report.shown.len() as u64);
    match path {
        Some(path) => println!("report written to {}", path.display()),
        None if more > 0 => println!("  … {more} more; use --report FILE to keep them all"),
        None => {}
    }
}

pub async fn run_export(command: ExportCommand) -> anyhow::Result<()> {
    let ExportCommand::Households {
        database,
        region,
        format,
        out,
    } = command;
    let region = RegionCode::parse(&region).map_err(|e| anyhow::anyhow!("--region: {e}"))?;
    let format = match format.to_ascii_lowercase().as_str() {
        "csv" => Format::Csv,
        "xlsx" => Format::Xlsx,
        other => anyhow::bail!("--format must be csv or xlsx (got {other:?})"),
    };
    let db = Db::connect(&database.database_url).await?;
    crate::app::prepare(&db, &SystemClock).await?;
    if crate::regions::store::find(&db, &region).await?.is_none() {
        anyhow::bail!("--region: {region} is not in the official region list");
    }
    let written = match &out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?;
            export::export(&db, &region, format, std::io::BufWriter::new(file)).await?
        }
        None => {
            export::export(
                &db,
                &region,
                format,
                std::io::BufWriter::new(std::io::stdout()),
            )
            .await?
        }
    };
    if let Some(path) = out {
        eprintln!("{written} persons written to {}", path.display());
    }
    Ok(())
}
