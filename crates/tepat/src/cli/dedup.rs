//! `tepat dedup`: record linkage over a CSV file of persons, with a progress bar and a
//! summary; malformed rows are reported by line and skipped.

use std::path::PathBuf;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use linkage::{DedupOptions, DedupReport, Progress, dedup_files};

/// Input columns: `id,nik,kk,name,sex,birth_place,birth_date,address,rt,rw,village_code`.
#[derive(Debug, clap::Args)]
pub struct DedupArgs {
    /// Persons to deduplicate (CSV with a header; any column may be empty).
    #[arg(long)]
    pub input: PathBuf,
    /// Where to write `id,cluster_id` for every input row.
    #[arg(long)]
    pub output: PathBuf,
    /// Also write the linked pairs with probability and explanation.
    #[arg(long)]
    pub pairs: Option<PathBuf>,
    /// Match probability at which two records are linked (0–1); chosen from the data when
    /// absent.
    #[arg(long)]
    pub threshold: Option<f64>,
}

pub fn run(args: DedupArgs) -> anyhow::Result<()> {
    let bar = ProgressBar::new_spinner();
    bar.enable_steady_tick(Duration::from_millis(150));
    let with_total = ProgressStyle::with_template("{spinner} {msg:<11} [{bar:30}] {pos}/{len}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    let without_total = ProgressStyle::with_template("{spinner} {msg:<11} {pos}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    let show = |progress: Progress| {
        let stage = progress.stage.to_string();
        if bar.message() != stage {
            bar.set_message(stage);
            match progress.total {
                Some(total) => {
                    bar.set_style(with_total.clone());
                    bar.set_length(total);
                }
                None => bar.set_style(without_total.clone()),
            }
        }
        bar.set_position(progress.done);
    };
    let options = DedupOptions {
        threshold: args.threshold,
        ..DedupOptions::default()
    };
    let result = dedup_files(
        &args.input,
        &args.output,
        args.pairs.as_deref(),
        &options,
        &show,
    );
    bar.finish_and_clear();
    let report = result.map_err(|err| anyhow::anyhow!("{}: {err}", args.input.display()))?;
    print_summary(&report);
    Ok(())
}

fn print_summary(report: &DedupReport) {
    let read = &report.read;
    println!("rows read              {}", read.rows);
    println!("rows skipped           {}", read.rows_skipped);
    for issue in read.issues.iter().take(20) {
        println!("  {issue}");
    }
    if read.issue_count > 20 {
        println!("  … and {} more row issues", read.issue_count - 20);
    }
    println!("candidate pairs        {}", report.candidate_pairs);
    println!(
        "threshold              {:.4} ({:?})",
        report.threshold, report.threshold_source
    );
    println!("linked pairs           {}", report.linked_pairs);
    println!("refused by NIK guard   {}", report.refused_links);
    println!("clusters               {}", report.clusters);
    println!(
        "records in duplicates  {}",
        report.records_in_duplicate_clusters
    );
}
