//! End-to-end runs of `dedup_files` on small files: outputs, explanations, bad input.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use linkage::error::DelimiterName;
use linkage::{DedupOptions, LinkageError, Progress, Stage, dedup_files, no_progress};

const HEADER: &str = "id,nik,kk,name,sex,birth_place,birth_date,address,rt,rw,village_code\n";

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("linkage-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const GIVEN: [&str; 16] = [
    "Budi", "Agus", "Slamet", "Bambang", "Hendra", "Wahyu", "Teguh", "Yusuf", "Sri", "Dewi",
    "Endang", "Wulan", "Ratna", "Aminah", "Lestari", "Fitri",
];
const SECOND: [&str; 12] = [
    "Santoso", "Wibowo", "Hidayat", "Saputra", "Gunawan", "Purnomo", "Rahayu", "Utami", "Kusuma",
    "Pratama", "Nugroho", "Wijaya",
];

/// 150 families of four on one KK and address, with twins in every tenth family, and
/// every seventh person registered a second time with a variant name and a typo.
fn registry() -> (String, HashMap<String, usize>) {
    let mut text = HEADER.to_owned();
    let mut truth = HashMap::new();
    let mut person = 0;
    for family in 0..150usize {
        let village = format!("32.01.{:02}.2001", 1 + family % 40);
        let district = format!("3201{:02}", 1 + family % 40);
        let kk = format!("{district}0101{:02}{:04}", 10 + family % 10, family + 1);
        for member in 0..4usize {
            person += 1;
            let female = member % 2 == 1;
            let twin = family % 10 == 0 && member == 3;
            let year = if member < 2 {
                1960 + family % 30
            } else {
                1990 + family % 25
            };
            let day = if twin {
                1 + (family + 2) % 28
            } else {
                1 + (family + member) % 28
            };
            let month = 1 + (family * 7 + member) % 12;
            let sex = if female { "P" } else { "L" };
            let nik_day = day + if female { 40 } else { 0 };
            let serial = if twin { 2 } else { 1 };
            let nik = format!(
                "{district}{nik_day:02}{month:02}{:02}{serial:04}",
                year % 100
            );
            let name = format!(
                "{} {}",
                GIVEN[(family * 3 + member * 5) % GIVEN.len()],
                SECOND[(family * 7 + member) % SECOND.len()]
            );
            let born = format!("{year}-{month:02}-{day:02}");
            let address = format!("Jl. Mawar No. {}", family + 1);
            let row = |id: &str, name: &str, nik: &str, born: &str| {
                format!("{id},{nik},{kk},{name},{sex},Bandung,{born},{address},3,4,{village}\n")
            };
            let id = format!("p{person}");
            text += &row(&id, &name, &nik, &born);
            truth.insert(id, person);
            if person % 7 == 0 {
                let variant = format!("Bpk. {}", name.replace('u', "oe").to_uppercase());
                let id = format!("p{person}b");
                text += &row(&id, &variant, "", &born);
                truth.insert(id, person);
            }
        }
    }
    (text, truth)
}

fn read_clusters(path: &PathBuf) -> HashMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("id,cluster_id"));
    lines
        .map(|line| {
            let (id, cluster) = line.split_once(',').unwrap();
            (id.to_owned(), cluster.to_owned())
        })
        .collect()
}

#[test]
fn finds_duplicates_and_keeps_families_and_twins_apart() {
    let scratch = Scratch::new("registry");
    let (text, truth) = registry();
    std::fs::write(scratch.path("persons.csv"), text).unwrap();
    let stages = Mutex::new(Vec::new());
    let progress = |p: Progress| stages.lock().unwrap().push(p.stage);
    let report = dedup_files(
        &scratch.path("persons.csv"),
        &scratch.path("clusters.csv"),
        Some(&scratch.path("pairs.csv")),
        &DedupOptions::default(),
        &progress,
    )
    .unwrap();
    let clusters = read_clusters(&scratch.path("clusters.csv"));
    assert_eq!(clusters.len(), truth.len(), "every row gets a cluster");
    for (a, entity_a) in &truth {
        for (b, entity_b) in &truth {
            let same = clusters[a] == clusters[b];
            assert_eq!(same, entity_a == entity_b, "{a} and {b}");
        }
    }
    assert_eq!(report.records_in_duplicate_clusters, 2 * (600 / 7));
    let pairs = std::fs::read_to_string(scratch.path("pairs.csv")).unwrap();
    assert!(pairs.starts_with("id_a,id_b,probability,match_weight,same_cluster,explanation\n"));
    assert!(pairs.contains("household=same_kk("), "{pairs}");
    let seen = stages.into_inner().unwrap();
    assert_eq!(seen.first(), Some(&Stage::Reading));
    assert_eq!(seen.last(), Some(&Stage::Writing));
    assert!(!scratch.path("clusters.csv.partial").exists());
}

#[test]
fn zero_and_one_row() {
    let scratch = Scratch::new("small");
    for (rows, expected) in [("", 0), ("a,,,Budi,L,,,,,,\n", 1)] {
        std::fs::write(scratch.path("in.csv"), HEADER.to_owned() + rows).unwrap();
        let report = dedup_files(
            &scratch.path("in.csv"),
            &scratch.path("out.csv"),
            None,
            &DedupOptions::default(),
            &no_progress,
        )
        .unwrap();
        assert_eq!(report.records, expected);
        assert_eq!(
            read_clusters(&scratch.path("out.csv")).len(),
            expected as usize
        );
    }
}

#[test]
fn one_name_for_everyone_stays_bounded() {
    let scratch = Scratch::new("one-name");
    let mut text = HEADER.to_owned();
    for i in 0..3_000 {
        text += &format!("r{i},,,Muhammad,L,,1990-01-01,,,,3201012001\n");
    }
    std::fs::write(scratch.path("in.csv"), text).unwrap();
    let report = dedup_files(
        &scratch.path("in.csv"),
        &scratch.path("out.csv"),
        None,
        &DedupOptions::default(),
        &no_progress,
    )
    .unwrap();
    assert!(
        report.candidate_pairs < 3_000 * 20,
        "{}",
        report.candidate_pairs
    );
    assert_eq!(read_clusters(&scratch.path("out.csv")).len(), 3_000);
}

#[test]
fn bad_input_gives_clear_errors() {
    let scratch = Scratch::new("bad");
    let run = |text: &[u8]| {
        std::fs::write(scratch.path("in.csv"), text).unwrap();
        let options = DedupOptions::default();
        dedup_files(
            &scratch.path("in.csv"),
            &scratch.path("o.csv"),
            None,
            &options,
            &no_progress,
        )
    };
    let semicolons = HEADER.replace(',', ";");
    assert!(matches!(
        run(semicolons.as_bytes()),
        Err(LinkageError::WrongDelimiter {
            found: DelimiterName::Semicolon
        })
    ));
    let missing = run(b"id,name\n1,Budi\n").unwrap_err().to_string();
    assert!(
        missing.starts_with("missing columns: nik, kk, sex"),
        "{missing}"
    );
    let mut broken = HEADER.as_bytes().to_vec();
    broken.extend_from_slice(b"a,,,Bu\xffdi,L,,,,,,\nb,,,Ani,P,,31/12/1990,,,,\n");
    let report = run(&broken).unwrap();
    assert_eq!((report.records, report.read.rows_skipped), (1, 1));
    assert_eq!(report.read.issues[0].line, 2);
    assert_eq!(report.read.day_first_dates, 1);
    let missing_file = dedup_files(
        &scratch.path("absent.csv"),
        &scratch.path("o.csv"),
        None,
        &DedupOptions::default(),
        &no_progress,
    );
    assert!(matches!(missing_file, Err(LinkageError::Read { .. })));
    let options = DedupOptions {
        threshold: Some(1.5),
        ..DedupOptions::default()
    };
    let threshold = dedup_files(
        &scratch.path("in.csv"),
        &scratch.path("o.csv"),
        None,
        &options,
        &no_progress,
    );
    assert!(matches!(
        threshold,
        Err(LinkageError::InvalidThreshold { .. })
    ));
}
