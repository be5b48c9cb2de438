//! Proposals in the demo: in Klender the facilitator has proposed households for PKH, and
//! they stand at every step of the chain (one waiting past 14 days at the village, one at
//! each of district, province and ministry, one enrolled at the end, one returned by the
//! district with a reason); the Klender operator, linked to his own household, has
//! proposed his relative down the road, and the proposal is flagged. Two residents object
//! to Lina's PKH: one fifteen days ago, escalated to the province when the district let its
//! 14 days pass, and one three days ago, waiting for the district.

use serde_json::json;
use time::{Duration, OffsetDateTime};

use super::enrolment::principal;
use crate::auth::{Principal, Role};
use crate::db::Db;
use crate::events::Actor;
use crate::proposals::service::{self, Decision, ProposalInput};
use crate::registry::service::NewHousehold;

const KLENDER: &str = "31.75.07.1003";

/// (KK, head, NIK, birth date, address, RT, RW, proposal's note).
type Family = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The operator's own household, then his relative's, then the facilitator's proposals.
const FAMILIES: [Family; 8] = [
    (
        "3175071204230101",
        "Hendra Saputra",
        "3175071011800101",
        "1980-11-10",
        "Jl. Bunga Rampai No. 12",
        "4",
        "5",
    ),
    (
        "3175071204230102",
        "Yanto Saputra",
        "3175072303850102",
        "1985-03-23",
        "Jl. Bunga Rampai No. 30",
        "6",
        "5",
    ),
    (
        "3175071204230103",
        "Rudi Hartono",
        "3175070507760103",
        "1976-07-05",
        "Gg. Haji Dalim No. 4",
        "2",
        "8",
    ),
    (
        "3175071204230104",
        "Wati Suryani",
        "3175075612790104",
        "1979-12-16",
        "Jl. Kayu Tinggi No. 21",
        "1",
        "9",
    ),
    (
        "3175071204230105",
        "Asep Sunandar",
        "3175071902720105",
        "1972-02-19",
        "Gg. Masjid No. 7",
        "5",
        "3",
    ),
    (
        "3175071204230106",
        "Dedi Mulyadi",
        "3175072808810106",
        "1981-08-28",
        "Jl. Teratai No. 19",
        "3",
        "4",
    ),
    (
        "3175071204230107",
        "Lina Marlina",
        "3175074104830107",
        "1983-04-01",
        "Gg. Swadaya No. 2",
        "7",
        "6",
    ),
    (
        "3175071204230108",
        "Ujang Komar",
        "3175071506700108",
        "1970-06-15",
        "Jl. Raya Klender No. 88",
        "8",
        "2",
    ),
];

const NOTES: [&str; 8] = [
    "",
    "Kakak ipar saya, penghasilan tidak tetap sejak pabrik tutup",
    "Buruh harian, rumah berlantai tanah, tiga anak usia sekolah",
    "Janda dengan dua anak, bekerja sebagai buruh cuci",
    "Pemulung, tinggal di rumah kontrakan sempit",
    "Kepala keluarga sakit menahun, tidak dapat bekerja",
    "Ibu hamil dan balita, suami buruh bangunan lepas",
    "Pedagang kaki lima, penghasilan di bawah upah minimum",
];

/// Registers one scenario household; its id and its head's person id.
async fn household(db: &Db, n: usize, now: OffsetDateTime) -> anyhow::Result<(i64, i64)> {
    let (kk, head, nik, born, address, rt, rw) = FAMILIES[n];
    let body = json!({"kk": kk, "village_code": KLENDER, "address": address, "rt": rt,
        "rw": rw, "members": [{"nik": nik, "name": head, "birth_place": "Jakarta",
        "birth_date": born, "sex": if n == 3 || n == 6 { "P" } else { "L" },
        "relationship": "kepala"}],
        "survey": {"floor_area_per_person_m2": 7, "floor_material": "semen",
        "wall_material": "tembok_tanpa_plester", "roof_material": "seng",
        "water_source": "sumur_terlindung", "sanitation": "bersama", "electricity_va": 450,
        "cooking_fuel": "elpiji_3kg", "owns_motorbike": false, "owns_land": false,
        "owns_livestock": false, "has_savings": false, "income_bracket": "1"}});
    let input: NewHousehold = serde_json::from_value(body)?;
    let seeder = Principal {
        actor: Actor::system(),
        name: "demo".into(),
        role: Role::DistrictOfficer,
        region: None,
        token_scopes: None,
    };
    let check = crate::duplicates::notices::DuplicateNotices;
    let id = crate::registry::service::create(db, &seeder, None, &input, now, &check)
        .await
        .map_err(|e| anyhow::anyhow!("demo household {head}: {e:?}"))?;
    let person: i64 = sqlx::query_scalar("SELECT id FROM persons WHERE household_id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    Ok((id, person))
}

async fn propose(
    db: &Db,
    by: &Principal,
    household: i64,
    n: usize,
    at: OffsetDateTime,
) -> anyhow::Result<i64> {
    let input = ProposalInput {
        kind: "enrol".into(),
        household_id: household,
        programme: "PKH".into(),
        reason: String::new(),
        note: NOTES[n].into(),
    };
    Ok(service::propose(db, by, &input, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo proposal {n}: {e}"))?
        .id)
}

pub async fn seed(db: &Db, now: OffsetDateTime) -> anyhow::Result<()> {
    let facilitator = principal(db, "pendamping.durensawit").await?;
    let operator = principal(db, "op.klender").await?;
    let chain = [
        operator.clone(),
        principal(db, "dinsos.jaktim").await?,
        principal(db, "dinsos.dki").await?,
        principal(db, "kemensos").await?,
    ];
    let mut households = Vec::new();
    for n in 0..FAMILIES.len() {
        households.push(household(db, n, now - Duration::days(30)).await?);
    }
    if let Some(id) = operator.actor.id {
        service::link_person(db, id, Some(households[0].1), now).await?;
    }
    // Five proposals made twenty days ago, all approved for the village by the
    // deliberation held eighteen days ago.
    let mut proposed = Vec::new();
    for (n, (household, _)) in households.iter().enumerate().skip(3) {
        let at = now - Duration::days(20);
        let id = propose(db, &facilitator, *household, n, at).await?;
        proposed.push((n, id, *household));
    }
    let held = now - Duration::days(18);
    super::deliberation::finalised(db, &operator, &proposed, held).await?;
    let enrolled = up_the_chain(db, &chain, &proposed, held).await?;
    // Rudi has waited at the village past the 14 days; the operator proposed his relative.
    let rudi = now - Duration::days(16);
    propose(db, &facilitator, households[2].0, 2, rudi).await?;
    propose(db, &operator, households[1].0, 1, now - Duration::days(2)).await?;
    if let Some(household) = enrolled {
        overdue_objection(db, household, held + Duration::days(3), now).await?;
        objection(db, household, now).await?;
    }
    super::deliberation::announced(db, &operator, now).await?;
    Ok(())
}

/// After the village: Wati waits at the district, Asep reached the province, Dedi the
/// ministry, Lina is enrolled and Ujang was returned by the district. Lina's household.
async fn up_the_chain(
    db: &Db,
    chain: &[Principal],
    proposed: &[(usize, i64, i64)],
    held: OffsetDateTime,
) -> anyhow::Result<Option<i64>> {
    let mut enrolled = None;
    for &(n, id, household) in proposed {
        let mut at = held;
        let approvals = match n {
            4 => 1,
            5 => 2,
            6 => 3,
            _ => 0,
        };
        for official in chain.iter().skip(1).take(approvals) {
            at += Duration::days(1);
            service::decide(db, official, id, Decision::Approve, "", None, at)
                .await
                .map_err(|e| anyhow::anyhow!("demo approval {n}: {e}"))?;
        }
        if approvals == 3 {
            enrolled = Some(household);
        }
        if n == 7 {
            let reason = "Penghasilan tercatat di atas garis kemiskinan; lampirkan bukti terbaru";
            let at = at + Duration::days(2);
            service::decide(db, &chain[1], id, Decision::Return, reason, None, at)
                .await
                .map_err(|e| anyhow::anyhow!("demo return: {e}"))?;
        }
    }
    Ok(enrolled)
}

/// Ani Rahayu of Klender objected to Lina Marlina's PKH the day it began, fifteen days ago;
/// the district left it past its 14 days, so the server's watch escalated it to the
/// province.
async fn overdue_objection(
    db: &Db,
    household: i64,
    enrolled: OffsetDateTime,
    now: OffsetDateTime,
) -> anyhow::Result<()> {
    let enrolment: i64 = sqlx::query_scalar(
        "SELECT id FROM enrolments WHERE household_id = $1 AND status = 'active'",
    )
    .bind(household)
    .fetch_one(&db.pool)
    .await?;
    let input = crate::objections::service::ObjectionInput {
        enrolment_id: enrolment,
        reason: "moved".into(),
        description: "Keluarganya sudah pindah ke Bekasi; rumah di Gg. Swadaya kini dikontrakkan"
            .into(),
        nik: "3175076708890002".into(),
        birth_date: "1989-08-27".into(),
        photo: None,
        latitude: String::new(),
        longitude: String::new(),
    };
    crate::objections::service::submit(db, &input, None, enrolled + Duration::hours(2))
        .await
        .map_err(|e| anyhow::anyhow!("demo overdue objection: {e}"))?;
    crate::objections::service::escalate_overdue(db, now)
        .await
        .map_err(|e| anyhow::anyhow!("demo escalation: {e}"))?;
    Ok(())
}

/// Budi Santoso of Klender objects to Lina Marlina's PKH from the public form three days
/// ago; the district has not verified it yet.
async fn objection(db: &Db, household: i64, now: OffsetDateTime) -> anyhow::Result<()> {
    let enrolment: i64 = sqlx::query_scalar(
        "SELECT id FROM enrolments WHERE household_id = $1 AND status = 'active'",
    )
    .bind(household)
    .fetch_one(&db.pool)
    .await?;
    let input = crate::objections::service::ObjectionInput {
        enrolment_id: enrolment,
        reason: "not_poor".into(),
        description: "Suaminya baru diangkat pegawai tetap dan rumahnya sedang direnovasi".into(),
        nik: "3175072105870001".into(),
        birth_date: "1987-05-21".into(),
        photo: None,
        latitude: String::new(),
        longitude: String::new(),
    };
    crate::objections::service::submit(db, &input, None, now - Duration::days(3))
        .await
        .map_err(|e| anyhow::anyhow!("demo objection: {e}"))?;
    Ok(())
}
