//! Imports from the web page and the API: upload, background progress, the report on the
//! page and as a download, fixing and re-importing, region scope, size limit and retries.

use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::TestApp;

const HEADER: &str =
    "kk,nik,name,sex,birth_place,birth_date,relationship,village_code,address,rt,rw,phone";

/// Two families in Klender; the second head's NIK disagrees with her birth date.
fn file_with_an_error() -> String {
    format!(
        "{HEADER}\n\
         3175071503150001,3175072105870001,Budi Santoso,L,Jakarta,21-05-1987,kepala,31.75.07.1003,Jl. Teratai 5,5,12,0812-3456-7890\n\
         3175071503150001,3175076708890002,Ani Rahayu,P,Bogor,27/08/1989,istri,31.75.07.1003,,,,\n\
         3175071604160002,3175074402600004,Siti Aminah,P,Klaten,1960-02-05,kepala,31.75.07.1003,Jl. Melati 2,3,4,\n"
    )
}

fn fixed_file() -> String {
    file_with_an_error().replace("1960-02-05", "1960-02-04")
}

async fn upload(app: &TestApp, name: &str, content: String, atomic: bool) -> reqwest::Response {
    let csrf = app.csrf_with(&app.client, "/keluarga/impor").await;
    let mut form = reqwest::multipart::Form::new().text("csrf_token", csrf);
    if atomic {
        form = form.text("atomic", "1");
    }
    let part = reqwest::multipart::Part::bytes(content.into_bytes())
        .file_name(name.to_owned())
        .mime_str("text/csv")
        .expect("mime");
    form = form.part("berkas", part);
    app.client
        .post(app.url("/keluarga/impor"))
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

/// Follows the upload's redirect and waits until the job page says it finished.
async fn finished_page(app: &TestApp, response: reqwest::Response) -> (String, String) {
    assert_eq!(response.status(), 303, "upload redirects to the job");
    let location = response.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(location.starts_with("/keluarga/impor/"), "{location}");
    for _ in 0..600 {
        let html = app.text(&location).await;
        if !html.contains("http-equiv=\"refresh\"") {
            return (location, html);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the import did not finish");
}

/// Waits until no duplicate run is in progress; returns how many runs imports started.
async fn duplicate_runs_after_imports(app: &TestApp) -> i64 {
    for _ in 0..600 {
        let running: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM duplicate_runs WHERE status = 'running'")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        if running == 0 {
            return sqlx::query_scalar(
                "SELECT COUNT(*) FROM duplicate_runs WHERE trigger_kind = 'import' \
                 AND status = 'done'",
            )
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the duplicate run did not finish");
}

#[tokio::test]
async fn an_operator_uploads_fixes_the_named_row_and_reimports() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    app.login("op.klender").await;
    let form = app.text("/keluarga/impor").await;
    assert!(form.contains("enctype=\"multipart/form-data\""), "{form}");
    assert!(form.contains("150 MB"), "the page states the limit");

    let (job, html) = finished_page(
        &app,
        upload(&app, "keluarga.csv", file_with_an_error(), false).await,
    )
    .await;
    assert!(html.contains("Selesai"), "{html}");
    assert!(
        html.contains("<td data-label=\"Baris\">4</td>"),
        "row 4 is named in the report: {html}"
    );
    assert!(
        html.contains(">Tanggal lahir</td>") || html.contains(">NIK</td>"),
        "{html}"
    );
    // The rule a row broke is named in words, not by its code.
    let rules: Vec<&str> = html
        .split("data-label=\"Aturan\">")
        .skip(1)
        .filter_map(|cell| cell.split("</td>").next())
        .collect();
    assert!(!rules.is_empty(), "{html}");
    for rule in rules {
        let first = rule.chars().next().unwrap_or('-');
        assert!(
            first.is_uppercase() && !rule.contains(['-', '_', '<']),
            "{rule}"
        );
    }
    assert_eq!(
        app.count("households").await,
        1,
        "the good family is stored"
    );
    assert_eq!(
        duplicate_runs_after_imports(&app).await,
        1,
        "imported records are looked at by a full duplicate run"
    );
    let report = app.get(&format!("{job}/laporan.csv")).await;
    assert_eq!(report.status(), 200);
    assert!(
        report.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let csv = report.text().await.unwrap();
    assert!(csv.starts_with("row,column,rule,message"), "{csv}");
    assert!(
        csv.lines().nth(1).is_some_and(|l| l.starts_with("4,")),
        "{csv}"
    );
    reimports_the_fixed_file_twice(&app).await;
}

/// The operator fixes row 4 and uploads the whole file again, then a third time, which
/// changes nothing.
async fn reimports_the_fixed_file_twice(app: &TestApp) {
    let (_, html) = finished_page(
        app,
        upload(app, "keluarga-perbaikan.csv", fixed_file(), false).await,
    )
    .await;
    assert!(
        !html.contains("id=\"report\""),
        "no report lines after the fix: {html}"
    );
    assert_eq!(app.count("households").await, 2);
    assert_eq!(app.count("persons").await, 3);
    assert_eq!(duplicate_runs_after_imports(app).await, 2);
    let versions = app.count("record_versions").await;
    let events = app.count("events").await;

    // The same file a third time changes nothing.
    finished_page(
        app,
        upload(app, "keluarga-perbaikan.csv", fixed_file(), false).await,
    )
    .await;
    assert_eq!(app.count("persons").await, 3);
    assert_eq!(app.count("record_versions").await, versions);
    assert_eq!(app.count("events").await, events);
    assert_eq!(
        duplicate_runs_after_imports(app).await,
        2,
        "an import that stored nothing starts no run"
    );

    let list = app.text("/keluarga/impor").await;
    assert!(
        list.contains("keluarga-perbaikan.csv") && list.contains("keluarga.csv"),
        "{list}"
    );
    crate::log::assert_audit_clean(app).await;
}

#[tokio::test]
async fn atomic_upload_with_a_bad_row_stores_nothing() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    app.login("op.klender").await;
    let (_, html) = finished_page(
        &app,
        upload(&app, "keluarga.csv", file_with_an_error(), true).await,
    )
    .await;
    assert!(html.contains("tidak ada yang disimpan"), "{html}");
    assert_eq!(app.count("households").await, 0);
}

#[tokio::test]
async fn an_operator_cannot_import_into_another_village() {
    let app = TestApp::spawn().await;
    app.add_account("op.malakasari", "village_operator", Some("31.75.07.1001"))
        .await;
    app.login("op.malakasari").await;
    let (job, html) = finished_page(
        &app,
        upload(&app, "keluarga.csv", fixed_file(), false).await,
    )
    .await;
    assert!(html.contains(">Di luar wilayah Anda</td>"), "{html}");
    assert!(
        !html.contains("outside-scope"),
        "the rule in words, not its code"
    );
    assert_eq!(app.count("households").await, 0);
    // Another operator does not see the job.
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    let other = TestApp::new_client();
    app.login_with(&other, "op.klender", crate::common::PASSWORD)
        .await;
    let response = other.get(app.url(&job)).send().await.unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn a_file_that_cannot_be_read_is_refused_with_its_reason() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    app.login("op.klender").await;
    let (_, html) = finished_page(
        &app,
        upload(&app, "salah.csv", "kk,nama\n1,2\n".into(), false).await,
    )
    .await;
    assert!(html.contains("Ditolak seluruhnya"), "{html}");
    assert!(
        html.contains("kolom wajib tidak ada") && html.contains("nik"),
        "{html}"
    );

    // No file chosen: the form says so beside the field.
    let csrf = app.csrf_with(&app.client, "/keluarga/impor").await;
    let form = reqwest::multipart::Form::new().text("csrf_token", csrf);
    let response = app
        .client
        .post(app.url("/keluarga/impor"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("aria-invalid=\"true\"") && html.contains("Berkas"),
        "{html}"
    );
    // A forged form (no CSRF field) stores nothing.
    let form = reqwest::multipart::Form::new().part(
        "berkas",
        reqwest::multipart::Part::bytes(fixed_file().into_bytes()).file_name("x.csv"),
    );
    let response = app
        .client
        .post(app.url("/keluarga/impor"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(app.count("import_jobs").await, 1);
}

/// Sends a request head declaring a 200 MB body and returns the raw response.
async fn declare_200_mb(app: &TestApp, path: &str, extra: &str) -> String {
    let address = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\n{extra}Content-Length: 209715200\r\n\
         Connection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&[b'x'; 4096]).await.unwrap();
    let mut response = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut response)).await;
    String::from_utf8_lossy(&response).into_owned()
}

#[tokio::test]
async fn a_200_mb_upload_is_refused_with_the_limit_stated() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    let token = crate::registry::token(&app, "village_operator", Some("31.75.07.1003")).await;
    let api = declare_200_mb(
        &app,
        "/api/v1/imports/households",
        &format!(
            "Authorization: Bearer {token}\r\nContent-Type: text/csv\r\nIdempotency-Key: besar\r\n"
        ),
    )
    .await;
    assert!(api.starts_with("HTTP/1.1 413"), "{api}");
    assert!(
        api.contains("application/problem+json") && api.contains("150 MB"),
        "{api}"
    );

    let cookies = format!(
        "Cookie: {}\r\nContent-Type: multipart/form-data; boundary=batas\r\n",
        session_cookies(&app).await
    );
    let page = declare_200_mb(&app, "/keluarga/impor", &cookies).await;
    assert!(page.starts_with("HTTP/1.1 413"), "{page}");
    assert!(page.contains("150 MB"), "{page}");
    assert_eq!(app.count("import_jobs").await, 0);
}

/// Signs in on a client without a cookie store and returns its cookies as a header value.
async fn session_cookies(app: &TestApp) -> String {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client.get(app.url("/masuk")).send().await.unwrap();
    let csrf = cookie_value(&page, "tepat_csrf").expect("csrf cookie");
    let token = crate::common::form_token(&page.text().await.unwrap());
    let login = client
        .post(app.url("/masuk"))
        .header("cookie", format!("tepat_csrf={csrf}"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("username", "op.klender"),
            ("password", crate::common::PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303);
    let session = cookie_value(&login, "tepat_session").expect("session cookie");
    format!("tepat_session={session}; tepat_csrf={csrf}")
}

fn cookie_value(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.strip_prefix(&format!("{name}="))
                .map(|rest| rest.split(';').next().unwrap_or("").to_owned())
        })
}

#[tokio::test]
async fn the_api_imports_in_the_background_and_a_retry_returns_the_same_job() {
    let app = TestApp::spawn().await;
    let token = crate::registry::token(&app, "village_operator", Some("31.75.07.1003")).await;
    let send = |key: &'static str, body: String| {
        app.client
            .post(app.url("/api/v1/imports/households?file_name=keluarga.csv"))
            .bearer_auth(&token)
            .header("content-type", "text/csv")
            .header("idempotency-key", key)
            .body(body)
            .send()
    };
    let first = send("impor-1", file_with_an_error()).await.unwrap();
    assert_eq!(first.status(), 202);
    let location = first.headers()["location"].to_str().unwrap().to_owned();
    let job: Value = first.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/imports/{}", job["id"]));
    let retry = send("impor-1", file_with_an_error()).await.unwrap();
    assert_eq!(retry.status(), 202);
    let again: Value = retry.json().await.unwrap();
    assert_eq!(
        again["id"], job["id"],
        "a retry does not start a second import"
    );

    let mut status = Value::Null;
    for _ in 0..600 {
        status = app
            .client
            .get(app.url(&location))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if status["status"] == "done" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status["status"], "done", "{status}");
    assert_eq!(status["summary"]["created"], 1, "{status}");
    assert_eq!(status["summary"]["refused_rows"], 1, "{status}");
    assert_eq!(status["percent"], 100);
    let report = app
        .client
        .get(app.url(&format!("{location}/report")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(report.status(), 200);
    let text = report.text().await.unwrap();
    assert!(
        text.lines().nth(1).is_some_and(|l| l.starts_with("4,")),
        "{text}"
    );
    assert_eq!(app.count("import_jobs").await, 1);
    refuses_a_wrong_type_and_a_missing_key(&app, &token).await;
}

/// A wrong type and a missing key are refused before anything is stored.
async fn refuses_a_wrong_type_and_a_missing_key(app: &TestApp, token: &str) {
    let wrong = app
        .client
        .post(app.url("/api/v1/imports/households"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .header("idempotency-key", "impor-2")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 415);
    assert_eq!(wrong.headers()["content-type"], "application/problem+json");
    let keyless = app
        .client
        .post(app.url("/api/v1/imports/households"))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(fixed_file())
        .send()
        .await
        .unwrap();
    assert_eq!(keyless.status(), 400);
    assert_eq!(app.count("import_jobs").await, 1);
}

/// The blank template's CSV, filled in by a village operator, imports as it is.
#[tokio::test]
async fn the_blank_template_filled_in_imports_and_its_workbook_lists_every_code() {
    let app = TestApp::spawn().await;
    let blank = app.get("/keluarga/impor/templat.csv").await;
    assert_eq!(
        blank.status(),
        200,
        "no login needed: the template holds no data"
    );
    let disposition = blank.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.contains("templat-impor-keluarga.csv"));
    let blank = blank.text().await.unwrap();
    let header: Vec<&str> = blank
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split(',')
        .collect();
    let row = |values: &[(&str, &str)]| {
        header
            .iter()
            .map(|column| {
                values
                    .iter()
                    .find(|(name, _)| name == column)
                    .map(|(_, value)| *value)
                    .unwrap_or("")
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let person = |nik: &str, name: &str, sex: &str, born: &str, relationship: &str| {
        row(&[
            ("kk", "3175071503150001"),
            ("nik", nik),
            ("name", name),
            ("sex", sex),
            ("birth_place", "Jakarta"),
            ("birth_date", born),
            ("relationship", relationship),
            ("village_code", "31.75.07.1003"),
            ("address", "Jl. Teratai 5"),
            ("rt", "5"),
            ("rw", "12"),
            ("water_source", "sumur_terlindung"),
        ])
    };
    let filled = format!(
        "{}{}\n{}\n",
        blank,
        person(
            "3175072105870001",
            "Budi Santoso",
            "L",
            "21-05-1987",
            "kepala"
        ),
        person("3175076708890002", "Ani Rahayu", "P", "27-08-1989", "istri"),
    );
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    app.login("op.klender").await;
    let form = app.text("/keluarga/impor").await;
    assert!(
        form.contains("href=\"/keluarga/impor/templat.xlsx\""),
        "{form}"
    );
    let (_, html) = finished_page(&app, upload(&app, "templat.csv", filled, false).await).await;
    assert!(html.contains("Selesai"), "{html}");
    assert_eq!(app.count("persons").await, 2, "{html}");

    the_workbook_matches(&app, &header).await;
}

/// The workbook has the CSV's header on its first sheet and every column's codes on its
/// second.
async fn the_workbook_matches(app: &TestApp, header: &[&str]) {
    let workbook = app.get("/keluarga/impor/templat.xlsx").await;
    assert_eq!(workbook.status(), 200);
    let bytes = workbook.bytes().await.unwrap();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    assert_eq!(book.sheet_names(), ["keluarga", "kode"]);
    let data = book.worksheet_range("keluarga").unwrap();
    let names: Vec<String> = data
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(names, header, "the workbook's header is the CSV's");
    let codes = book.worksheet_range("kode").unwrap();
    let water = codes
        .rows()
        .find(|r| r[0] == "water_source")
        .expect("a line for every column");
    assert!(water[3].to_string().contains("sumur_tak_terlindung"));
    let sex = codes.rows().find(|r| r[0] == "sex").unwrap();
    assert_eq!(
        (sex[1].to_string(), sex[3].to_string()),
        ("ya".into(), "L, P".into())
    );
}
