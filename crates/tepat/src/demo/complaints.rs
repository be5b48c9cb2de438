//! The demo's public side: complaints in Klender over the last weeks — one answered and
//! settled by the district office, a question answered by the village and published, one
//! left unanswered until it went up a level, and distribution problems rising this week —
//! and two anonymous reports of extortion, one answered by the inspectorate, one overdue.

use time::{Duration, OffsetDateTime};

use super::enrolment::principal;
use crate::complaints::limit::Limiter;
use crate::complaints::pungli::service::{self as pungli, ReportInput};
use crate::complaints::service::{self, Answer, ComplaintInput, submit};
use crate::db::Db;

const KLENDER: &str = "31.75.07.1003";

fn complaint(category: &str, description: &str, place: Option<(&str, &str)>) -> ComplaintInput {
    let (latitude, longitude) = place.unwrap_or_default();
    ComplaintInput {
        category: category.to_owned(),
        region: KLENDER.to_owned(),
        programme: if category == "question" {
            String::new()
        } else {
            "SEMBAKO".to_owned()
        },
        description: description.to_owned(),
        photos: Vec::new(),
        latitude: latitude.to_owned(),
        longitude: longitude.to_owned(),
        contact: "0812 7000 1234".to_owned(),
    }
}

async fn id_of(db: &Db, code: &str) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT id FROM complaints WHERE tracking_code = $1")
            .bind(code.to_owned())
            .fetch_one(&db.pool)
            .await?,
    )
}

/// Seeds the complaints and reports; `now` is the demo's present.
pub async fn seed(db: &Db, now: OffsetDateTime) -> anyhow::Result<()> {
    let limiter = Limiter::default();
    let district = principal(db, "dinsos.jaktim").await?;
    let village = principal(db, "op.klender").await?;
    let at = |days: i64, hours: i64| now - Duration::days(days) - Duration::hours(hours);
    let late = complaint(
        "not_received",
        "Bantuan sembako bulan lalu belum masuk ke kartu KKS kami sampai sekarang",
        Some(("-6.2146", "106.9283")),
    );
    let code = submit(db, &limiter, &late, None, at(20, 3)).await?;
    let id = id_of(db, &code).await?;
    let reply = "Sedang kami periksa ke bank penyalur, mohon ditunggu";
    service::answer(db, &district, id, Answer::Reply, reply, None, at(18, 1)).await?;
    let done = "Saldo sudah masuk kembali ke kartu KKS Anda; silakan cek di e-warong";
    service::answer(db, &district, id, Answer::Resolve, done, None, at(16, 2)).await?;
    let question = complaint(
        "question",
        "Apakah bantuan sembako boleh ditukar dengan uang tunai di warung?",
        None,
    );
    let code = submit(db, &limiter, &question, None, at(12, 5)).await?;
    let id = id_of(db, &code).await?;
    let answer = "Tidak boleh. Bantuan sembako hanya untuk bahan pangan di e-warong, tidak \
                  boleh ditukar dengan uang tunai; laporkan bila ada yang menawarkan.";
    service::answer(db, &village, id, Answer::Resolve, answer, None, at(11, 2)).await?;
    let asked = "Apakah bantuan sembako boleh ditukar dengan uang tunai?";
    service::publish(db, &village, id, asked, answer, at(11, 1)).await?;
    let waiting = complaint(
        "wrong_amount",
        "Jumlah bantuan PKH tahap ini lebih kecil dari tahap sebelumnya tanpa penjelasan",
        Some(("-6.2139", "106.9301")),
    );
    submit(db, &limiter, &waiting, None, at(10, 4)).await?;
    let places = [
        ("-6.2151", "106.9270"),
        ("-6.2160", "106.9295"),
        ("-6.2143", "106.9312"),
    ];
    for (n, place) in places.into_iter().enumerate() {
        let queue = complaint(
            "distribution",
            "Antrean penyaluran di balai warga sejak subuh, banyak lansia menunggu berjam-jam",
            Some(place),
        );
        submit(db, &limiter, &queue, None, at(n as i64 + 1, 2)).await?;
    }
    service::escalate_overdue(db, now).await?;
    reports(db, &limiter, now).await
}

async fn reports(db: &Db, limiter: &Limiter, now: OffsetDateTime) -> anyhow::Result<()> {
    let report = |what: &str, days: i64| ReportInput {
        accused_role: "village_operator".to_owned(),
        accused_region: KLENDER.to_owned(),
        accused_name: String::new(),
        description: what.to_owned(),
        happened_on: (now - Duration::days(days + 2)).date().to_string(),
        place: "Kantor kelurahan Klender".to_owned(),
        contact: String::new(),
        photos: Vec::new(),
    };
    let asked = report(
        "Petugas meminta uang Rp50.000 agar nama kami dimasukkan ke usulan bantuan bulan ini",
        12,
    );
    pungli::submit(db, limiter, &asked, None, now - Duration::days(12)).await?;
    let answered = report(
        "Warga diminta membeli paket sembako tertentu di warung milik kerabat petugas",
        4,
    );
    pungli::submit(db, limiter, &answered, None, now - Duration::days(4)).await?;
    let inspectorate = principal(db, "inspektorat.jaktim").await?;
    let id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM pungli_reports")
        .fetch_one(&db.pool)
        .await?;
    let text = "Laporan diterima; tim inspektorat memeriksa e-warong dan petugas yang disebut";
    pungli::answer(db, &inspectorate, id, text, false, now - Duration::days(2)).await?;
    pungli::escalate_overdue(db, now).await?;
    Ok(())
}
