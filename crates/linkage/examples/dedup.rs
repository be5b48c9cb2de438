//! Runs a deduplication from the command line, with the flags of `tepat dedup`:
//!
//! ```text
//! cargo run --release --example dedup -- --input persons.csv --output clusters.csv \
//!     [--pairs pairs.csv] [--threshold P]
//! ```
//!
//! Progress goes to standard error as plain lines; the summary follows at the end.

use std::path::PathBuf;
use std::process::ExitCode;

use linkage::{DedupOptions, DedupReport, Progress, dedup_files};

struct Args {
    input: PathBuf,
    output: PathBuf,
    pairs: Option<PathBuf>,
    threshold: Option<f64>,
}

fn parse_args() -> Result<Args, String> {
    let (mut input, mut output, mut pairs, mut threshold) = (None, None, None, None);
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--input" => input = Some(PathBuf::from(value)),
            "--output" => output = Some(PathBuf::from(value)),
            "--pairs" => pairs = Some(PathBuf::from(value)),
            "--threshold" => {
                threshold = Some(
                    value
                        .parse()
                        .map_err(|_| format!("--threshold: '{value}' is not a number"))?,
                )
            }
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(Args {
        input: input.ok_or("--input is required")?,
        output: output.ok_or("--output is required")?,
        pairs,
        threshold,
    })
}

fn print_progress(progress: Progress) {
    let at_end = progress.total.is_some_and(|total| progress.done == total);
    if progress.done == 0 || at_end {
        match progress.total {
            Some(total) => eprintln!("{:<11} {:>12} / {total}", progress.stage, progress.done),
            None => eprintln!("{:<11} {:>12}", progress.stage, progress.done),
        }
    }
}

fn print_report(report: &DedupReport) {
    let read = &report.read;
    eprintln!("rows read            {}", read.rows);
    eprintln!("rows skipped         {}", read.rows_skipped);
    eprintln!("row issues           {}", read.issue_count);
    for issue in read.issues.iter().take(10) {
        eprintln!("  {issue}");
    }
    if read.day_first_dates > 0 {
        eprintln!("dates read day-first {}", read.day_first_dates);
    }
    for rule in &report.rules {
        eprintln!(
            "block {:<28} blocks {:>9} largest {:>6} capped {:>6} pairs {:>10} \
             uncorroborated {:>10} chance sharers {:.3}",
            rule.rule.label(),
            rule.blocks,
            rule.largest_block,
            rule.capped_blocks,
            rule.pairs,
            rule.uncorroborated,
            rule.chance_sharers
        );
    }
    eprintln!("candidate pairs      {}", report.candidate_pairs);
    eprintln!(
        "em iterations        {} (converged: {})",
        report.model.iterations, report.model.converged
    );
    eprintln!("match prior          {:.3e}", report.model.prior);
    eprintln!(
        "threshold            {:.4} ({:?})",
        report.threshold, report.threshold_source
    );
    for field in linkage::field::FIELDS {
        let levels: Vec<String> = field
            .levels()
            .iter()
            .enumerate()
            .skip(1)
            .map(|(level, name)| {
                let model = &report.model;
                let (m, u) = (model.m[field.index()][level], model.u[field.index()][level]);
                let household = model.u_household[field.index()][level];
                format!("{name} m={m:.3} u={u:.2e} uh={household:.2e}")
            })
            .collect();
        eprintln!("  {:<12} {}", field.label(), levels.join(", "));
    }
    eprintln!("linked pairs         {}", report.linked_pairs);
    eprintln!("refused by NIK guard {}", report.refused_links);
    eprintln!("refused by dates     {}", report.refused_by_dates);
    eprintln!("clusters             {}", report.clusters);
    eprintln!(
        "records in dup sets  {}",
        report.records_in_duplicate_clusters
    );
    let stages: Vec<String> = report
        .stage_ms
        .iter()
        .map(|(s, ms)| format!("{s} {ms} ms"))
        .collect();
    eprintln!("time                 {}", stages.join(", "));
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("dedup: {message}");
            return ExitCode::from(2);
        }
    };
    let options = DedupOptions {
        threshold: args.threshold,
        ..DedupOptions::default()
    };
    match dedup_files(
        &args.input,
        &args.output,
        args.pairs.as_deref(),
        &options,
        &print_progress,
    ) {
        Ok(report) => {
            print_report(&report);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("dedup: {error}");
            ExitCode::FAILURE
        }
    }
}
