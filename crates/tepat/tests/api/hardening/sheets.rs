//! Spreadsheets that are too big, malformed or not spreadsheets at all are refused, never fatal.
//! Each file here once aborted the whole server or ended as a failed job: a 2 KB workbook
//! with one cell at `XFD1048576` (the reader asked for 512 GB), a workbook that expands to
//! hundreds of megabytes, and a file named `.xlsx` that is not a zip.

use std::io::Write;
use std::time::Duration;

use serde_json::Value;

use crate::common::TestApp;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const HEADER: &str =
    "kk,nik,name,sex,birth_place,birth_date,relationship,village_code,address,rt,rw,phone";

/// The workbook of the finding: a header, one row and one cell at `XFD1048576`.
fn far_cell_workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (column, title) in HEADER.split(',').enumerate() {
        sheet.write_string(0, column as u16, title).unwrap();
    }
    sheet.write_string(1, 0, "3175071503150001").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save_to_buffer().unwrap()
}

/// A workbook whose sheet repeats one row until it unpacks to more than 256 MiB, while
/// the file stays small.
fn expanding_workbook() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    let small = rust_xlsxwriter::Workbook::new().save_to_buffer().unwrap();
    let mut parts = zip::ZipArchive::new(std::io::Cursor::new(small)).unwrap();
    for index in 0..parts.len() {
        let mut part = parts.by_index(index).unwrap();
        let name = part.name().unwrap().into_owned();
        zip.start_file(name.as_str(), options).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            zip.write_all(b"<worksheet><sheetData>").unwrap();
            let row = "<row><c t=\"inlineStr\"><is><t>sama</t></is></c></row>".repeat(20_000);
            for _ in 0..(260 * 1024 * 1024 / row.len() + 1) {
                zip.write_all(row.as_bytes()).unwrap();
            }
            zip.write_all(b"</sheetData></worksheet>").unwrap();
        } else {
            std::io::copy(&mut part, &mut zip).unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}

async fn upload_page(app: &TestApp, name: &str, bytes: Vec<u8>) -> String {
    let csrf = app.csrf_with(&app.client, "/keluarga/impor").await;
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str(XLSX)
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf)
        .part("berkas", part);
    let response = app
        .client
        .post(app.url("/keluarga/impor"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "the upload is accepted as a job");
    let job = response.headers()["location"].to_str().unwrap().to_owned();
    for _ in 0..1_200 {
        let html = app.text(&job).await;
        if !html.contains("http-equiv=\"refresh\"") {
            return html;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the import did not finish");
}

/// Sends a file to the API and polls its job until it has finished.
async fn upload_api(app: &TestApp, token: &str, key: &str, bytes: Vec<u8>) -> Value {
    let accepted = app
        .client
        .post(app.url("/api/v1/imports/households?file_name=keluarga.xlsx"))
        .bearer_auth(token)
        .header("content-type", XLSX)
        .header("idempotency-key", key)
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 202);
    let location = accepted.headers()["location"].to_str().unwrap().to_owned();
    for _ in 0..1_200 {
        let job: Value = app
            .client
            .get(app.url(&location))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if job["status"] != "queued" && job["status"] != "running" {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the import did not finish");
}

async fn operator(app: &TestApp) -> String {
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    app.login("op.klender").await;
    crate::registry::token(app, "village_operator", Some("31.75.07.1003")).await
}

#[tokio::test]
async fn a_cell_at_xfd1048576_is_refused_with_the_limit_and_the_server_stays_up() {
    let app = TestApp::spawn().await;
    let token = operator(&app).await;
    let book = far_cell_workbook();
    assert!(book.len() < 8_000, "a small file: {} bytes", book.len());

    let html = upload_page(&app, "keluarga.xlsx", book.clone()).await;
    assert!(html.contains("Ditolak seluruhnya"), "{html}");
    assert!(
        html.contains("Lembar menyatakan ukuran A1:XFD1048576, melebihi batas 200 kolom"),
        "{html}"
    );
    assert_eq!(app.get("/healthz").await.status(), 200, "the server is up");

    let job = upload_api(&app, &token, "jauh", book).await;
    assert_eq!(job["status"], "refused", "{job}");
    let failure = job["failure"].as_str().unwrap();
    assert!(failure.contains("past the limit of 200 columns"), "{job}");
    assert_eq!(app.get("/healthz").await.status(), 200, "the server is up");
    assert_eq!(app.count("households").await, 0);
}

#[tokio::test]
async fn a_file_named_xlsx_that_is_not_a_zip_is_refused_not_failed() {
    let app = TestApp::spawn().await;
    let token = operator(&app).await;
    let csv = format!("{HEADER}\n").into_bytes();
    let job = upload_api(&app, &token, "bukan-zip", csv.clone()).await;
    assert_eq!(job["status"], "refused", "{job}");
    assert!(
        job["failure"]
            .as_str()
            .unwrap()
            .contains("not a valid XLSX workbook"),
        "{job}"
    );
    let html = upload_page(&app, "keluarga.xlsx", csv).await;
    assert!(
        html.contains("Ditolak seluruhnya") && html.contains("bukan buku kerja XLSX yang sah"),
        "{html}"
    );
}

#[tokio::test]
async fn a_workbook_that_expands_past_the_limit_is_refused() {
    let app = TestApp::spawn().await;
    let token = operator(&app).await;
    let book = expanding_workbook();
    assert!(book.len() < 4 * 1024 * 1024, "{} bytes", book.len());
    let job = upload_api(&app, &token, "mengembang", book).await;
    assert_eq!(job["status"], "refused", "{job}");
    assert!(
        job["failure"]
            .as_str()
            .unwrap()
            .contains("expands past the limit of 256 MiB"),
        "{job}"
    );
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn the_command_line_refuses_the_far_cell_with_a_message_and_an_exit_code() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keluarga.xlsx");
    std::fs::write(&path, far_cell_workbook()).unwrap();
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_tepat"))
        .args(["import", "households", path.to_str().unwrap()])
        .args(["--database-url", &app.db_url])
        .env_remove("TEPAT_DATABASE_URL")
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "an exit, not a signal: {text}"
    );
    assert!(text.contains("past the limit of 200 columns"), "{text}");
    assert_eq!(app.count("households").await, 0);
}
