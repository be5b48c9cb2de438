//! The monthly monitoring of decisions (`/pemantauan/keputusan`): figures computed from
//! seeded proposals, steps, flags, objections and change requests of one month in WIB,
//! the same on the page, in the CSV and in the workbook.

use reqwest::StatusCode;
use serde_json::json;
use time::{Duration, UtcOffset};

use super::change_data::change_request;
use super::*;

/// Moves the test clock to the 2nd of the next month, 01:00 WIB, so that the seeded
/// month holds every step below: the month as `YYYY-MM`.
fn to_next_month(app: &TestApp) -> String {
    let wib = UtcOffset::from_hms(7, 0, 0).unwrap();
    let now = app.clock.now().to_offset(wib);
    let mut day = now.date();
    while day.day() != 2 || day <= now.date() {
        day = day.next_day().unwrap();
    }
    let target = day.with_hms(1, 0, 0).unwrap().assume_offset(wib);
    app.clock.advance(target - now);
    format!("{:04}-{:02}", day.year(), u8::from(day.month()))
}

fn id_of(p: &serde_json::Value) -> i64 {
    p["id"].as_i64().unwrap_or_else(|| panic!("{p}"))
}

/// Seeds the month: the village step decided after 2, 4, 8 (BLT Dana Desa: late) and 8
/// days (returned); a BLT Dana Desa item waiting past its week; the operator Salim's
/// relative proposed by him (flagged); an objection; a change request.
async fn seed(app: &TestApp, c: &Chain<'_>) {
    let own = household(app, "Agus Salim", "1971-02-03", 1, "Jl. Kenanga No. 1", "5").await;
    let relative = household(app, "Rahmat Salim", "1980-07-08", 2, "Jl. Mawar No. 9", "5").await;
    let (account, salim) = official(app, "operator.salim", "village_operator", Some(KLENDER)).await;
    let person = head_of(app, own).await;
    tepat::proposals::service::link_person(&app.db, account, Some(person), app.clock.now())
        .await
        .unwrap();
    let (_, flagged) = propose(&salim, relative, "PKH").await;
    assert_eq!(flagged["flagged"], true, "{flagged}");
    let a = id_of(
        &propose(&c.facilitator, family(app, 1, 1).await, "PKH")
            .await
            .1,
    );
    let b = id_of(
        &propose(&c.facilitator, family(app, 2, 1).await, "PKH")
            .await
            .1,
    );
    let late = id_of(
        &propose(&c.facilitator, family(app, 3, 1).await, "BLT_DD")
            .await
            .1,
    );
    let returned = id_of(
        &propose(&c.facilitator, family(app, 4, 1).await, "PKH")
            .await
            .1,
    );
    propose(&c.facilitator, family(app, 7, 1).await, "BLT_DD").await;
    let (_, enrolment) = crate::objections::recipient(app, 5).await;
    let objector = family(app, 6, 1).await;
    let (status, _) = crate::objections::objection_by(app, enrolment, objector, "10.9.8.7").await;
    assert_eq!(status, StatusCode::OK);
    change_request(&c.operator, family(app, 8, 1).await).await;
    let approve = |id: i64| format!("/api/v1/proposals/{id}/approve");
    for (days, id) in [(2, a), (2, b)] {
        app.clock.advance(Duration::days(days));
        assert_eq!(
            c.operator.post(&approve(id), json!({})).await.0,
            StatusCode::OK
        );
    }
    app.clock.advance(Duration::days(4));
    assert_eq!(
        c.operator.post(&approve(late), json!({})).await.0,
        StatusCode::OK
    );
    let reason = json!({"reason": "Data survei belum lengkap sama sekali"});
    let path = format!("/api/v1/proposals/{returned}/return");
    assert_eq!(c.operator.post(&path, reason).await.0, StatusCode::OK);
}

async fn csv(app: &TestApp, table: &str, month: &str) -> String {
    let path = format!("/pemantauan/keputusan.csv?tabel={table}&bulan={month}");
    let response = app.get(&path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

#[tokio::test]
async fn the_monthly_figures_match_the_seeded_decisions_on_the_page_csv_and_workbook() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let month = to_next_month(&app);
    seed(&app, &c).await;
    app.login("dinsos.jaktim").await;
    let usulan = csv(&app, "usulan", &month).await;
    assert_eq!(
        usulan,
        "jenis,status,jumlah\r\nenrol,approved,1\r\nenrol,pending,4\r\nenrol,returned,1\r\n\
         change_data,pending,1\r\n"
    );
    let times = csv(&app, "waktu_tahap", &month).await;
    assert_eq!(
        times,
        "tahap,diputuskan,median_hari,p90_hari\r\nvillage,4,6.0,8.0\r\n"
    );
    let overdue = csv(&app, "lewat_tenggat", &month).await;
    assert_eq!(
        overdue,
        "tahap,menunggu_lewat_tenggat,diputuskan_terlambat\r\nvillage,1,1\r\n"
    );
    let objections = csv(&app, "sanggahan", &month).await;
    assert_eq!(objections, "alasan,status,jumlah\r\nnot_poor,open,1\r\n");
    let flagged = csv(&app, "bertanda", &month).await;
    assert_eq!(flagged, "dasar,usulan\r\nfamily_name,1\r\n");
    let linked = csv(&app, "pejabat_terkait", &month).await;
    assert!(
        linked.ends_with(",Petugas operator.salim,village_operator,1\r\n"),
        "{linked}"
    );
    let officials = csv(&app, "petugas_tenggat", &month).await;
    let lines: Vec<&str> = officials.lines().skip(1).collect();
    assert_eq!(lines.len(), 2, "{officials}");
    assert!(lines[0].contains(",Petugas operator.klender,village_operator,31.75.07.1003,1,4,1"));
    assert!(lines[1].contains(",Petugas operator.salim,village_operator,31.75.07.1003,1,0,0"));
    page_and_workbook(&app, &month).await;
}

async fn page_and_workbook(app: &TestApp, month: &str) {
    let page = app
        .text(&format!("/pemantauan/keputusan?bulan={month}"))
        .await;
    assert!(page.contains("Lama di setiap tahap (hari)"), "{page}");
    assert!(page.contains("6,0 hari · p90 8,0"), "{page}");
    assert!(page.contains("<svg class=\"chart\""));
    assert!(page.contains("Nama keluarga mirip dalam RW yang sama"));
    assert!(page.contains("Perubahan data"));
    let response = app
        .get(&format!("/pemantauan/keputusan.xlsx?bulan={month}"))
        .await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names = book.sheet_names();
    assert_eq!(
        names,
        [
            "usulan",
            "sanggahan",
            "waktu_tahap",
            "lewat_tenggat",
            "bertanda",
            "pejabat_terkait",
            "petugas_tenggat"
        ]
    );
    let times = book.worksheet_range("waktu_tahap").unwrap();
    let row: Vec<String> = times
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(row, ["village", "4", "6", "8"]);
    let usulan = book.worksheet_range("usulan").unwrap();
    assert_eq!(usulan.rows().count(), 5);
}

#[tokio::test]
async fn another_month_another_region_and_bad_choices() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let month = to_next_month(&app);
    seed(&app, &c).await;
    app.login("dinsos.jaktim").await;
    assert_eq!(
        csv(&app, "usulan", "2001-01").await,
        "jenis,status,jumlah\r\n"
    );
    let path =
        format!("/pemantauan/keputusan.csv?tabel=waktu_tahap&bulan={month}&wilayah=31.75.07.1003");
    let village = app.get(&path).await.text().await.unwrap();
    assert!(
        village.contains("village,4,"),
        "down to the village: {village}"
    );
    let page = app.text("/pemantauan/keputusan?wilayah=31.75.07").await;
    assert!(
        page.contains("value=\"31.75.07.1003\""),
        "the villages are offered: {page}"
    );
    for (path, status) in [
        ("/pemantauan/keputusan?bulan=2026-13", 400),
        ("/pemantauan/keputusan?wilayah=31.74", 404),
        ("/pemantauan/keputusan?wilayah=bukan", 400),
        ("/pemantauan/keputusan.csv?tabel=rahasia", 400),
    ] {
        assert_eq!(app.get(path).await.status(), status, "{path}");
    }
    // A facilitator does not read monitoring.
    app.login("pendamping").await;
    assert_eq!(app.get("/pemantauan/keputusan").await.status(), 403);
}
