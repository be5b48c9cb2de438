//! Demo self-registrations: two families of Klender that applied online and wait in the
//! village operator's queue, so the queue and the verification form show something.

use serde_json::json;
use time::{Duration, OffsetDateTime};

use crate::applications::model::ApplicationInput;
use crate::applications::service;
use crate::db::Db;

/// Sends the demo applications, hours apart.
pub async fn seed(db: &Db, now: OffsetDateTime) -> anyhow::Result<()> {
    let families = [
        json!({"kk": "3175071203200021", "village_code": "31.75.07.1003",
            "address": "Jl. Bekasi Timur Gg. Masjid No. 12", "rt": "4", "rw": "2",
            "phone": "0813 1111 2222",
            "statement": "Suami buruh harian, sejak bulan lalu tidak ada pekerjaan. \
                          Anak dua masih sekolah dan rumah masih berlantai tanah.",
            "members": [
                {"nik": "3175071203800101", "name": "Slamet Riyadi", "birth_place": "Klaten",
                 "birth_date": "12-03-1980", "sex": "L", "relationship": "kepala"},
                {"nik": "3175074706840102", "name": "Sri Wahyuni", "birth_place": "Jakarta",
                 "birth_date": "07-06-1984", "sex": "P", "relationship": "istri"},
                {"nik": "3175071009120103", "name": "Dimas Riyadi", "birth_place": "Jakarta",
                 "birth_date": "10-09-2012", "sex": "L", "relationship": "anak"}]}),
        json!({"kk": "3175072508210022", "village_code": "31.75.07.1003",
            "address": "Jl. Tanah Koja No. 3", "rt": "9", "rw": "5",
            "statement": "Saya janda dan merawat ibu yang sudah lanjut usia dan sakit-sakitan.",
            "members": [
                {"nik": "3175075502700201", "name": "Nur Aini", "birth_place": "Cirebon",
                 "birth_date": "15-02-1970", "sex": "P", "relationship": "kepala"},
                {"nik": "3175074101450202", "name": "Siti Aminah", "birth_place": "Cirebon",
                 "birth_date": "01-01-1945", "sex": "P", "relationship": "lainnya"}]}),
    ];
    for (index, family) in families.into_iter().enumerate() {
        let input: ApplicationInput = serde_json::from_value(family)?;
        let at = now - Duration::hours(30 - 6 * index as i64);
        service::submit(db, &input, &[], &service::Sender::default(), at)
            .await
            .map_err(|e| anyhow::anyhow!("demo application {index}: {e}"))?;
    }
    Ok(())
}
