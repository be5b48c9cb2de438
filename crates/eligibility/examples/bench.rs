//! Evaluates realistic rules over synthetic households held in compact columns, the way the
//! application holds its registry in memory, and prints the time per run (median of
//! several) on one thread:
//!
//! ```text
//! cargo run --release -p eligibility --example bench [-- HOUSEHOLDS [RUNS]]
//! ```
//!
//! Defaults: 1,000,000 households (about 3.6 million members), 7 runs per rule.

use std::process::ExitCode;
use std::time::Instant;

use eligibility::{Attribute, Facts, Programme, Rule, Schema};

/// The registry in columns: one entry per household, members in one run per household.
struct Columns {
    desil: Vec<f32>,
    income: Vec<f64>,
    region: Vec<u16>,
    enrolled: Vec<u8>,
    /// Household `h`'s members are `first_member[h]..first_member[h + 1]`.
    first_member: Vec<u32>,
    age: Vec<f32>,
    /// Bit `i` is member attribute `i`: bit 1 pregnant, bit 2 disabled.
    member_flags: Vec<u8>,
    regions: Vec<String>,
}

/// One household of the columns, as the rule sees it. NaN marks a missing number.
struct View<'a> {
    columns: &'a Columns,
    household: usize,
    first: usize,
    members: usize,
}

impl Facts for View<'_> {
    fn number(&self, attribute: usize) -> Option<f64> {
        let value = match attribute {
            0 => f64::from(self.columns.desil[self.household]),
            _ => self.columns.income[self.household],
        };
        Some(value).filter(|v| !v.is_nan())
    }
    fn text(&self, _: usize) -> Option<&str> {
        None
    }
    fn flag(&self, _: usize) -> Option<bool> {
        None
    }
    fn member_count(&self) -> usize {
        self.members
    }
    fn member_number(&self, member: usize, _: usize) -> Option<f64> {
        let age = self.columns.age[self.first + member];
        (!age.is_nan()).then_some(f64::from(age))
    }
    fn member_text(&self, _: usize, _: usize) -> Option<&str> {
        None
    }
    fn member_flag(&self, member: usize, attribute: usize) -> Option<bool> {
        let flags = self.columns.member_flags[self.first + member];
        Some(flags & (1 << attribute) != 0)
    }
    fn region(&self) -> &str {
        &self.columns.regions[usize::from(self.columns.region[self.household])]
    }
    fn enrolled(&self, programme: usize) -> bool {
        self.columns.enrolled[self.household] & (1 << programme) != 0
    }
}

/// A small deterministic generator (xorshift64*), so runs are comparable.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn synthesise(households: usize) -> Columns {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let regions: Vec<String> = (0..200)
        .map(|i| {
            format!(
                "3{}.{:02}.{:02}.{}",
                1 + i % 4,
                71 + i % 5,
                1 + i % 10,
                1001 + i
            )
        })
        .collect();
    let mut columns = Columns {
        desil: Vec::with_capacity(households),
        income: Vec::with_capacity(households),
        region: Vec::with_capacity(households),
        enrolled: Vec::with_capacity(households),
        first_member: Vec::with_capacity(households + 1),
        age: Vec::with_capacity(households * 4),
        member_flags: Vec::with_capacity(households * 4),
        regions,
    };
    for _ in 0..households {
        // One household in fifty has no recorded desil.
        let desil = if random.below(50) == 0 {
            f32::NAN
        } else {
            (1 + random.below(10)) as f32
        };
        columns.desil.push(desil);
        columns.income.push((random.below(60) * 100_000) as f64);
        columns.region.push(random.below(200) as u16);
        columns.enrolled.push((random.below(8)) as u8);
        columns.first_member.push(columns.age.len() as u32);
        // 1 to 7 members, 3.6 on average, as in Indonesia's households.
        let members = 1 + random.below(6) + u64::from(random.below(10) == 0);
        for _ in 0..members {
            columns.age.push(random.below(90) as f32);
            let pregnant = u8::from(random.below(40) == 0) << 1;
            let disabled = u8::from(random.below(30) == 0) << 2;
            columns.member_flags.push(pregnant | disabled);
        }
    }
    columns.first_member.push(columns.age.len() as u32);
    columns
}

fn schema() -> Result<Schema, eligibility::SchemaError> {
    Schema::new(
        vec![
            Attribute::number("desil", "desil kesejahteraan"),
            Attribute::number("income", "penghasilan per bulan").unit("rupiah", "rupiah"),
        ],
        vec![
            Attribute::number("age", "berumur").unit("tahun", "years"),
            Attribute::boolean("pregnant", "sedang hamil"),
            Attribute::boolean("disabled", "penyandang disabilitas"),
        ],
        vec![
            Programme::new("PKH", "PKH"),
            Programme::new("SEMBAKO", "Sembako"),
            Programme::new("KJP_PLUS", "KJP Plus"),
        ],
    )
}

/// Evaluates `decide` over every household; returns the eligible count and the seconds.
fn run(columns: &Columns, decide: &dyn Fn(&View<'_>) -> bool) -> (usize, f64) {
    let start = Instant::now();
    let mut eligible = 0;
    for household in 0..columns.desil.len() {
        let first = columns.first_member[household] as usize;
        let view = View {
            columns,
            household,
            first,
            members: columns.first_member[household + 1] as usize - first,
        };
        eligible += usize::from(decide(&view));
    }
    (eligible, start.elapsed().as_secs_f64())
}

fn median(mut seconds: Vec<f64>) -> f64 {
    seconds.sort_by(f64::total_cmp);
    seconds[seconds.len() / 2]
}

fn measure(label: &str, columns: &Columns, runs: usize, decide: &dyn Fn(&View<'_>) -> bool) {
    let results: Vec<(usize, f64)> = (0..runs).map(|_| run(columns, decide)).collect();
    let eligible = results[0].0;
    let seconds = median(results.iter().map(|r| r.1).collect());
    let per_household_ns = seconds * 1e9 / columns.desil.len() as f64;
    println!(
        "{label:<12} {eligible:>9} eligible  median {:>7.1} ms  {:>6.1} ns/household",
        seconds * 1e3,
        per_household_ns
    );
}

const RULES: [(&str, &str); 3] = [
    (
        "pkh",
        "desil <= 4 and any(member, age < 6 or pregnant) and not enrolled(\"KJP_PLUS\")",
    ),
    (
        "elderly",
        "count(member, age >= 60) >= 1 and in_region(\"31.75\")",
    ),
    (
        "wide",
        "desil in [1, 2, 3, 4] and income < 2000000 and (any(member, age < 6 or pregnant) \
         or any(member, disabled) or count(member, age >= 70) >= 1) and not enrolled(\"PKH\") \
         and not enrolled(\"KJP_PLUS\")",
    ),
];

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let households = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let runs = args.next().and_then(|a| a.parse().ok()).unwrap_or(7).max(1);
    let Ok(schema) = schema() else {
        eprintln!("the benchmark's schema is invalid");
        return ExitCode::FAILURE;
    };
    let start = Instant::now();
    let columns = synthesise(households);
    println!(
        "{households} households, {} members, synthesised in {:.1} s; {runs} runs each",
        columns.age.len(),
        start.elapsed().as_secs_f64()
    );
    for (label, source) in RULES {
        let rule = match Rule::compile(source, &schema) {
            Ok(rule) => rule,
            Err(errors) => {
                eprintln!("{label}: {errors}");
                return ExitCode::FAILURE;
            }
        };
        measure(label, &columns, runs, &|view| rule.evaluate(view));
    }
    // The first rule written by hand in Rust, for the cost of interpretation.
    measure("pkh (Rust)", &columns, runs, &|view| {
        let desil = view.number(0).is_some_and(|d| d <= 4.0);
        let young_or_pregnant = (0..view.member_count()).any(|m| {
            view.member_number(m, 0).is_some_and(|a| a < 6.0)
                || view.member_flag(m, 1) == Some(true)
        });
        desil && young_or_pregnant && !view.enrolled(2)
    });
    ExitCode::SUCCESS
}
