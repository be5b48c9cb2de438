//! The demo's donations: three open needs in Klender (one partly pledged and paid) and one
//! fulfilled with its confirmation, pledged by the demo donor `donatur.demo`.

use time::{Duration, OffsetDateTime};

use super::enrolment::principal;
use crate::db::Db;
use crate::donations::rules::{ConsentInput, NeedInput};
use crate::donations::service::confirm::{self, Confirmation};
use crate::donations::service::pledge::{self, PaymentNotice, PledgeInput};
use crate::donations::service::{self, Acting};

const KLENDER: &str = "31.75.07.1003";

/// A small whole JPEG standing for the photo of what arrived.
pub(super) const PHOTO: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF,
    0xDA, 0, 2, 1, 2, 3, 0xFF, 0xD9,
];

/// (kind, category, what is needed, amount in rupiah, days to the deadline, situation).
type Ask<'a> = (&'a str, &'a str, &'a str, i64, i64, &'a str);

fn need(household: i64, ask: Ask<'_>, now: OffsetDateTime) -> NeedInput {
    let (kind, category, what, amount, days, situation) = ask;
    let goods = kind == "goods";
    NeedInput {
        household_id: household,
        kind: kind.to_owned(),
        category: category.to_owned(),
        description: what.to_owned(),
        quantity: goods.then_some(10),
        unit: goods.then(|| "paket".to_owned()),
        amount_rupiah: amount,
        deadline: (crate::clock::today(now) + Duration::days(days)).to_string(),
        situation: situation.to_owned(),
        consent: Some(ConsentInput {
            method: "signed_form".to_owned(),
            note: "Formulir persetujuan disimpan di kantor kelurahan".to_owned(),
        }),
    }
}

fn money(amount: i64, named: bool) -> PledgeInput {
    PledgeInput {
        amount_rupiah: Some(amount),
        channel: "transfer".to_owned(),
        named,
        ..PledgeInput::default()
    }
}

fn acting(caller: &crate::auth::Principal, now: OffsetDateTime) -> Acting<'_> {
    Acting {
        caller,
        request_id: None,
        now,
    }
}

/// The four needs, in the order they are posted: the first is fulfilled, the second
/// partly pledged, the other two open.
const ASKS: [Ask<'static>; 4] = [
    (
        "money",
        "housing",
        "Perbaikan atap bocor",
        1_200_000,
        20,
        "Atap rumah bocor saat hujan; kepala keluarga buruh bangunan",
    ),
    (
        "money",
        "education",
        "Seragam dan buku tiga anak",
        1_500_000,
        30,
        "Ayah sakit sejak Agustus, ibu buruh cuci, tiga anak bersekolah",
    ),
    (
        "goods",
        "food",
        "Paket sembako",
        750_000,
        25,
        "Lansia tinggal sendiri, tidak ada penghasilan tetap",
    ),
    (
        "money",
        "health",
        "Biaya kontrol rumah sakit",
        900_000,
        40,
        "Anak penyandang disabilitas perlu kontrol rutin",
    ),
];

pub async fn seed(db: &Db, now: OffsetDateTime) -> anyhow::Result<()> {
    let households = crate::distribution::store::households_in(db, KLENDER).await?;
    let Some(households) = households.get(..ASKS.len()) else {
        return Ok(());
    };
    let facilitator = principal(db, "pendamping.durensawit").await?;
    let mut ids = Vec::new();
    for (household, ask) in households.iter().zip(ASKS) {
        let posted = acting(&facilitator, now - Duration::days(6));
        ids.push(
            service::post_need(db, &posted, &need(*household, ask, now))
                .await?
                .id,
        );
    }
    pledges(db, &ids, now).await
}

/// The demo donor pledges the first need whole and the second in part; the bank pays both;
/// the facilitator confirms the first with a photo.
async fn pledges(db: &Db, needs: &[i64], now: OffsetDateTime) -> anyhow::Result<()> {
    let facilitator = principal(db, "pendamping.durensawit").await?;
    let donor = principal(db, "donatur.demo").await?;
    let bank = principal(db, "bank.dki").await?;
    sqlx::query(
        "INSERT INTO donor_contacts (account_id, channel, address, created_at, verified_at) \
         VALUES ($1, 'email', 'donatur.demo@contoh.id', $2, $2)",
    )
    .bind(donor.actor.id)
    .bind(crate::db::timestamp::to_db(now))
    .execute(&db.pool)
    .await?;
    let (Some(&whole), Some(&part)) = (needs.first(), needs.get(1)) else {
        return Ok(());
    };
    let when = |days| now - Duration::days(days);
    let (first, second) = (acting(&donor, when(5)), acting(&donor, when(4)));
    let full = pledge::pledge(db, &first, whole, &money(1_200_000, true)).await?;
    let half = pledge::pledge(db, &second, part, &money(600_000, false)).await?;
    for made in [&full, &half] {
        let notice = PaymentNotice {
            reference: made.payment_reference.clone(),
            amount_rupiah: made.amount_rupiah,
        };
        pledge::pay(db, &acting(&bank, when(3)), &notice).await?;
    }
    let confirmation = Confirmation {
        note: "Atap sudah diperbaiki, foto bersama keluarga",
        photo: Some(PHOTO),
    };
    let confirmer = acting(&facilitator, when(1));
    confirm::confirm(db, &confirmer, full.id, &confirmation).await?;
    Ok(())
}
