//! `tepat dedup` as a user runs it: every input row gets a cluster, bad files fail clearly.

use std::process::Command;

const HEADER: &str = "id,nik,kk,name,sex,birth_place,birth_date,address,rt,rw,village_code\n";

fn run(dir: &std::path::Path, input: &str) -> std::process::Output {
    let path = dir.join("persons.csv");
    std::fs::write(&path, input).unwrap();
    Command::new(env!("CARGO_BIN_EXE_tepat"))
        .args(["dedup", "--input"])
        .arg(&path)
        .arg("--output")
        .arg(dir.join("clusters.csv"))
        .output()
        .unwrap()
}

#[test]
fn every_row_gets_a_cluster_and_malformed_rows_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = HEADER.to_owned();
    input.push_str("1,3175074505870001,3175070101090001,Siti Rahmawati,P,Jakarta,1987-05-05,Jl. Delima 5,003,007,31.75.07.1003\n");
    input.push_str("2,3175074505870001,,Sitti Rachmawati,P,Jakarta,1987-05-05,Jalan Delima 5,3,7,31.75.07.1003\n");
    input.push_str("3,\"unterminated\n");
    let output = run(dir.path(), &input);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let clusters = std::fs::read_to_string(dir.path().join("clusters.csv")).unwrap();
    let lines: Vec<&str> = clusters.lines().collect();
    assert_eq!(lines[0], "id,cluster_id");
    assert!(lines.iter().any(|l| l.starts_with("1,")) && lines.iter().any(|l| l.starts_with("2,")));
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(summary.contains("rows read"), "{summary}");
}

#[test]
fn a_wrong_delimiter_or_missing_columns_fail_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &HEADER.replace(',', ";"));
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("semicolon"));
    let output = run(dir.path(), "id,name\n1,Siti\n");
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(
        message.contains("nik") || message.contains("missing"),
        "{message}"
    );
}
