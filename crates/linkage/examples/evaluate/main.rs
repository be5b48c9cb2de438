//! Measures a clustering against ground truth: pairwise precision, recall and F1, and
//! the recall of blocking on the same input.
//!
//! ```text
//! cargo run --release --example evaluate -- --input persons.csv --truth truth.csv \
//!     --clusters clusters.csv [--blocking] [--breakdown] [--label ours]
//! ```
//!
//! `--breakdown` also prints the blocking recall of each rule alone, and the recall over
//! the true pairs that show each kind of difference (a birth date missing in one record,
//! a typo in it, a name spelt differently …).
//!
//! Truth and clusters are CSV files with an id column first and a label second; rows
//! are matched by id, so any order works. Prints one line of `key=value` pairs.

use std::collections::HashMap;
use std::fs::File;
use std::process::ExitCode;

mod breakdown;

use linkage::block::{BlockLimits, DEFAULT_RULES, blocking_recall, candidate_pairs};
use linkage::csv_io::read_persons;
use linkage::quality::pairwise_quality;

fn labels(path: &str) -> Result<HashMap<String, String>, String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = HashMap::new();
    for row in reader.records() {
        let row = row.map_err(|e| format!("{path}: {e}"))?;
        out.insert(
            row.get(0).unwrap_or("").to_owned(),
            row.get(1).unwrap_or("").to_owned(),
        );
    }
    Ok(out)
}

fn numbered(values: &mut HashMap<String, u64>, value: &str) -> u64 {
    let next = values.len() as u64;
    *values.entry(value.to_owned()).or_insert(next)
}

/// Each record's true entity as a number, in store order.
fn entities(store: &linkage::record::Store, truth: &HashMap<String, String>) -> Vec<u64> {
    let mut entity_numbers = HashMap::new();
    (0..store.len())
        .map(|i| {
            numbered(
                &mut entity_numbers,
                truth.get(store.id(i)).map_or("", String::as_str),
            )
        })
        .collect()
}

fn run() -> Result<(), String> {
    let mut flags: HashMap<String, String> = HashMap::new();
    let mut blocking = false;
    let mut breakdown = false;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--blocking" || flag == "--breakdown" {
            blocking = true;
            breakdown |= flag == "--breakdown";
            continue;
        }
        flags.insert(
            flag.clone(),
            it.next().ok_or(format!("{flag} needs a value"))?,
        );
    }
    let get = |name: &str| {
        flags
            .get(name)
            .cloned()
            .ok_or(format!("{name} is required"))
    };
    let input = get("--input")?;
    let truth = labels(&get("--truth")?)?;
    let file = File::open(&input).map_err(|e| format!("{input}: {e}"))?;
    let (store, _) =
        read_persons(std::io::BufReader::new(file), &|_| {}).map_err(|e| e.to_string())?;
    let entity = entities(&store, &truth);
    let label = flags
        .get("--label")
        .cloned()
        .unwrap_or_else(|| "result".to_owned());
    let mut line = format!("label={label} records={}", store.len());
    if let Ok(path) = get("--clusters") {
        let clusters = labels(&path)?;
        let mut cluster_numbers = HashMap::new();
        let cluster: Vec<u64> = (0..store.len())
            .map(|i| match clusters.get(store.id(i)) {
                Some(c) => numbered(&mut cluster_numbers, c),
                // A record missing from the output is a cluster of its own.
                None => u64::MAX - i as u64,
            })
            .collect();
        let q = pairwise_quality(&cluster, &entity);
        line += &format!(
            " true_pairs={} predicted_pairs={} correct_pairs={} \
             precision={:.4} recall={:.4} f1={:.4}",
            q.true_pairs, q.predicted_pairs, q.correct_pairs, q.precision, q.recall, q.f1
        );
    }
    if blocking {
        let (pairs, _) = candidate_pairs(&store, &DEFAULT_RULES, BlockLimits::default());
        let (found, total) = blocking_recall(&pairs, &entity);
        let recall = if total == 0 {
            1.0
        } else {
            found as f64 / total as f64
        };
        line += &format!(
            " candidate_pairs={} blocking_recall={recall:.4}",
            pairs.len()
        );
    }
    println!("{line}");
    if breakdown {
        breakdown::print_breakdown(&store, &entity, &DEFAULT_RULES);
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("evaluate: {message}");
            ExitCode::FAILURE
        }
    }
}
