//! The calibration page: a ministry officer uploads a sample, sees R², the targeting errors,
//! the rows and the weights in words, and publishes exactly that fit as the next version
//! with its event; bad samples and cut-offs are refused beside their field with nothing
//! kept; other roles get a 403 page that says who may.

use super::fixtures::sample_csv;
use crate::common::TestApp;

async fn ministry(app: &TestApp) {
    app.add_account("kementerian", "ministry_officer", None)
        .await;
    app.login("kementerian").await;
}

/// Posts the calibration form with `csv` as the sample file.
async fn upload(app: &TestApp, csv: String, name: &str, cutoff: &str) -> reqwest::Response {
    let csrf = app
        .csrf_with(&app.client, "/penargetan/model/kalibrasi")
        .await;
    let part = reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("sampel.csv");
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf)
        .text("name", name.to_owned())
        .text("cutoff", cutoff.to_owned())
        .part("berkas", part);
    app.client
        .post(app.url("/penargetan/model/kalibrasi"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The points column of the weights table, read back as numbers.
fn weight_points(page: &str) -> Vec<f64> {
    let table = &page[page.find("id=\"weights\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    table
        .split("<tr>")
        .skip(2)
        .filter_map(|row| {
            let cell = row.rsplit("\">").next()?;
            let text = cell.split('<').next()?;
            text.replace(',', ".").parse().ok()
        })
        .collect()
}

/// Whether version 1 holds its kept fit's text, byte for byte.
async fn published_as_kept(app: &TestApp) -> bool {
    use sqlx::Row;
    let row = sqlx::query(
        "SELECT m.model, d.model FROM welfare_models m \
         JOIN welfare_drafts d ON d.published_version = m.version WHERE m.version = 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    row.get::<String, _>(0) == row.get::<String, _>(1)
}

/// The weights in words with the household page's labels, largest first.
fn assert_weights_in_words(page: &str) {
    assert!(
        page.contains("Jenis lantai") && page.contains("keramik"),
        "{page}"
    );
    assert!(!page.contains("floor_material"), "no codes on screen");
    let points = weight_points(page);
    assert!(points.len() > 5, "{points:?}");
    assert!(
        points.windows(2).all(|w| w[0].abs() >= w[1].abs()),
        "{points:?}"
    );
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_ministry_officer_fits_a_sample_sees_the_report_and_publishes_that_fit() {
    let app = TestApp::spawn().await;
    ministry(&app).await;
    let page = app.text("/penargetan/model").await;
    assert!(page.contains("Belum ada model yang diterbitkan"), "{page}");

    let response = upload(&app, sample_csv(300, "31.75"), "PMT Jakarta 2026", "4").await;
    assert_eq!(response.status(), 303);
    let draft_page = location(&response);
    assert!(
        draft_page.starts_with("/penargetan/model/draf/"),
        "{draft_page}"
    );
    assert_eq!(
        app.count("welfare_models").await,
        0,
        "nothing published yet"
    );

    let page = app.text(&draft_page).await;
    assert!(page.contains("PMT Jakarta 2026"), "{page}");
    assert!(page.contains("<td>300</td>"), "the number of rows");
    assert!(
        page.contains("id=\"r2\">0,"),
        "R² with a decimal comma: {page}"
    );
    assert!(page.contains("id=\"inclusion\">") && page.contains("desil 1 sampai 4"));
    assert!(page.contains("id=\"exclusion\">"));
    assert!(page.contains("tidak ada (semua provinsi memakai bobot nasional)"));
    assert_weights_in_words(&page);

    let events_before = app
        .count("events WHERE action = 'welfare_model.published'")
        .await;
    let response = app
        .post_form(&draft_page, &format!("{draft_page}/terbitkan"), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/penargetan/model/1");
    assert_eq!(
        app.count("events WHERE action = 'welfare_model.published'")
            .await,
        events_before + 1
    );
    assert!(
        published_as_kept(&app).await,
        "the published text is the kept fit"
    );

    // Pressing the button again publishes nothing more.
    let again = app
        .post_form(&draft_page, &format!("{draft_page}/terbitkan"), &[])
        .await;
    assert_eq!(again.status(), 409);
    assert!(again.text().await.unwrap().contains("sudah diterbitkan"));
    assert_eq!(app.count("welfare_models").await, 1);

    let list = app.text("/penargetan/model").await;
    assert!(
        list.contains("versi 1") && list.contains("PMT Jakarta 2026"),
        "{list}"
    );
    assert!(
        list.contains("Petugas kementerian"),
        "who published it: {list}"
    );
    let version = app.text("/penargetan/model/1").await;
    assert!(version.contains("dalam provinsi") && version.contains("Jenis lantai"));
}

#[tokio::test]
async fn bad_samples_and_cutoffs_are_refused_beside_their_field_with_nothing_kept() {
    let app = TestApp::spawn().await;
    ministry(&app).await;
    let good = sample_csv(300, "31.75");
    let without_consumption: String = good
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_owned() + "\n")
        .collect();
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    let (head, _) = lines[5].rsplit_once(',').unwrap();
    lines[5] = format!("{head},0");
    let zero_consumption = lines.join("\n");
    let marble = good.replacen(",keramik,", ",marmer,", 1);
    let cases: Vec<(String, &str, &str, &str)> = vec![
        (
            sample_csv(100, "31.75"),
            "4",
            "berkas-error",
            "sedikitnya 250",
        ),
        (
            without_consumption,
            "4",
            "berkas-error",
            "consumption_per_capita_rupiah",
        ),
        (zero_consumption, "4", "berkas-error", "baris 6"),
        (marble, "4", "berkas-error", "floor_material"),
        (
            good.clone(),
            "12",
            "cutoff-error",
            "Batas desil: harus desil 1 sampai 9",
        ),
        (good.clone(), "empat", "cutoff-error", "Batas desil"),
    ];
    for (csv, cutoff, field, words) in cases {
        let response = upload(&app, csv, "PMT uji", cutoff).await;
        assert_eq!(response.status(), 422, "{field} {words}");
        let page = response.text().await.unwrap();
        let at = page
            .find(&format!("id=\"{field}\""))
            .unwrap_or_else(|| panic!("no {field} in {page}"));
        let message = &page[at..at + page[at..].find("</p>").unwrap()];
        assert!(message.contains(words), "{message}");
    }
    let response = upload(&app, good, "  ", "4").await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Nama model: harus diisi")
    );
    assert_eq!(app.count("welfare_drafts").await, 0, "nothing kept");
    assert_eq!(app.count("welfare_models").await, 0, "nothing published");
}

#[tokio::test]
async fn other_roles_get_a_page_that_says_who_may_calibrate() {
    let app = TestApp::spawn().await;
    app.add_account("kecamatan", "district_officer", Some("31.75"))
        .await;
    app.login("kecamatan").await;
    for path in ["/penargetan/model/kalibrasi", "/penargetan/penghitungan"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 403, "{path}");
        let page = response.text().await.unwrap();
        assert!(page.contains("Hanya petugas kementerian"), "{page}");
    }
}
