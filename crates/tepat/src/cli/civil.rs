//! `tepat import civil-events FILE`: the civil-registry feed from a CSV file, with a
//! progress bar, a printed summary and a per-row report.

use std::io::Write;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};

use crate::civil::{self, Applying, CivilSummary};
use crate::clock::{Clock, SystemClock};
use crate::config::DatabaseArgs;
use crate::db::Db;
use crate::events::Actor;
use crate::registry::store::Acting;
use crate::sheets::Report;
use crate::web::i18n::Lang;

#[derive(Debug, clap::Args)]
pub struct CivilEventsArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// The CSV file (UTF-8): event,nik,event_date[,new_nik,new_village_code,reference].
    file: PathBuf,
    /// Write every finding as `row,column,rule,message` to this CSV file.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Language of the report messages: id or en.
    #[arg(long, default_value = "id")]
    lang: String,
}

pub async fn run(args: CivilEventsArgs) -> anyhow::Result<()> {
    let lang =
        Lang::from_tag(&args.lang).ok_or_else(|| anyhow::anyhow!("--lang must be id or en"))?;
    let file = &args.file;
    if !file.is_file() {
        anyhow::bail!("cannot open {}: no such file", file.display());
    }
    let out: Option<Box<dyn Write + Send>> = match &args.report {
        Some(path) => Some(Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?,
        ))),
        None => None,
    };
    let mut report = Report::new(out, lang)?;
    let db = Db::connect(&args.database.database_url).await?;
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
    let applying = Applying {
        acting: &acting,
        scope: None,
        now: SystemClock.now(),
    };
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {percent}% {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done.min(total));
    };
    let result = civil::import_file(&db, file, &applying, &mut report, &progress).await;
    bar.finish_and_clear();
    let summary = result.map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    print_summary(&summary, &report, args.report.as_ref());
    Ok(())
}

fn print_summary(s: &CivilSummary, report: &Report, path: Option<&PathBuf>) {
    println!(
        "{} rows: {} applied, {} unchanged, {} refused; {} review flags raised",
        s.rows, s.applied, s.unchanged, s.refused, s.flags_raised
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
