//! Generates synthetic Indonesian registry rows with known duplicates, for measuring
//! deduplication quality and speed.
//!
//! ```text
//! cargo run --release --example gen_persons -- --records 1000000 --villages villages.csv \
//!     --out persons.csv --truth truth.csv [--seed 42] [--duplicate-rate 0.12] \
//!     [--profile full|sparse]
//! ```
//!
//! `persons.csv` has the `tepat dedup` input columns; `truth.csv` maps each `id` to the
//! `entity_id` of the real person behind it. The `sparse` profile then takes identifiers
//! away from every row (see [`sparse`]); `full`, the default, writes what it always did.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod mutate;
mod names;
mod people;
mod rng;
mod sparse;

use std::fs::File;
use std::io::{BufWriter, Write};

use mutate::{Row, duplicate_row, write_row};
use people::{Person, Serials, Village, household};
use rng::Rng;
use sparse::Profile;

struct Args {
    records: usize,
    villages: String,
    out: String,
    truth: String,
    seed: u64,
    duplicate_rate: f64,
    profile: Profile,
}

fn args() -> Result<Args, String> {
    let mut args = Args {
        records: 100_000,
        villages: "bench/linkage/data/villages.csv".into(),
        out: "persons.csv".into(),
        truth: "truth.csv".into(),
        seed: 42,
        duplicate_rate: 0.12,
        profile: Profile::Full,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let bad = format!("{flag}: cannot read '{value}'");
        match flag.as_str() {
            "--records" => args.records = value.parse().map_err(|_| bad.clone())?,
            "--villages" => args.villages = value,
            "--out" => args.out = value,
            "--truth" => args.truth = value,
            "--seed" => args.seed = value.parse().map_err(|_| bad.clone())?,
            "--duplicate-rate" => args.duplicate_rate = value.parse().map_err(|_| bad.clone())?,
            "--profile" => args.profile = Profile::parse(&value).ok_or(bad.clone())?,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(args)
}

fn load_villages(path: &str) -> Vec<Village> {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
    reader
        .records()
        .map(|row| {
            let row = row.unwrap_or_else(|e| fail(&format!("{path}: {e}")));
            Village {
                code: row[0].to_string(),
                regency: row[3].to_string(),
            }
        })
        .collect()
}

fn fail(message: &str) -> ! {
    eprintln!("gen_persons: {message}");
    std::process::exit(2)
}

fn quote(field: &str, line: &mut String) {
    if field.contains([',', '"', '\n']) {
        line.push('"');
        line.push_str(&field.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(field);
    }
}

fn line_of(row: &Row) -> String {
    let fields = [
        &row.nik,
        &row.kk,
        &row.name,
        &row.sex,
        &row.birth_place,
        &row.birth_date,
        &row.address,
        &row.rt,
        &row.rw,
        &row.village_code,
    ];
    let mut line = String::with_capacity(160);
    for field in fields {
        line.push(',');
        quote(field, &mut line);
    }
    line
}

fn main() {
    let args = args().unwrap_or_else(|e| fail(&e));
    let villages = load_villages(&args.villages);
    if villages.is_empty() {
        fail("no villages");
    }
    let mut rng = Rng::new(args.seed);
    // The sparse profile draws from its own generator, so that the people and their
    // registrations are those of the full profile with the same seed.
    let mut thinning = Rng::new(args.seed ^ 0x5ba5_e000_0000_0001);
    let mut serials = Serials::default();
    let mut next_entity = 0u64;
    let mut rows: Vec<(u64, String)> = Vec::with_capacity(args.records);
    let mut previous: Option<Person> = None;
    'outer: loop {
        let people = household(&villages, &mut serials, &mut next_entity, &mut rng);
        for person in &people {
            if rows.len() == args.records {
                break 'outer;
            }
            let mut row = write_row(person, &villages, &mut rng);
            args.profile.thin(&mut row, &mut thinning);
            rows.push((person.entity, line_of(&row)));
            let extra = if rng.chance(args.duplicate_rate) {
                1 + usize::from(rng.chance(0.15))
            } else {
                0
            };
            for _ in 0..extra {
                if rows.len() == args.records {
                    break 'outer;
                }
                let moved = if rng.chance(0.15) {
                    previous.as_ref()
                } else {
                    None
                };
                let mut row = duplicate_row(person, &villages, moved, &mut rng);
                args.profile.thin(&mut row, &mut thinning);
                rows.push((person.entity, line_of(&row)));
            }
        }
        previous = people.into_iter().next();
    }
    for i in (1..rows.len()).rev() {
        rows.swap(i, rng.below(i + 1));
    }
    write_files(&args, &rows).unwrap_or_else(|e| fail(&e.to_string()));
    eprintln!("gen_persons: {} rows of {} people", rows.len(), next_entity);
}

fn write_files(args: &Args, rows: &[(u64, String)]) -> std::io::Result<()> {
    let mut persons = BufWriter::with_capacity(1 << 20, File::create(&args.out)?);
    let mut truth = BufWriter::with_capacity(1 << 20, File::create(&args.truth)?);
    writeln!(
        persons,
        "id,nik,kk,name,sex,birth_place,birth_date,address,rt,rw,village_code"
    )?;
    writeln!(truth, "id,entity_id")?;
    for (index, (entity, line)) in rows.iter().enumerate() {
        writeln!(persons, "P{:08}{line}", index + 1)?;
        writeln!(truth, "P{:08},{entity}", index + 1)?;
    }
    persons.flush()?;
    truth.flush()
}
