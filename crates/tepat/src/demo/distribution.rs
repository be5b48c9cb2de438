//! A hand-out of goods in the demo: flood relief in Klender yesterday for the households
//! enrolled in Bencana, told by message; rice, blankets and water bought from a supplier
//! with the Bencana cycle's envelope and received against delivery notes; two households
//! checked in at the site and rating it afterwards, the others waiting to be scheduled
//! again; and a blanket found missing when what was left was counted, flagged for the
//! district officer.

use time::{Duration, OffsetDateTime};

use super::enrolment::principal;
use crate::db::Db;
use crate::distribution::service::{self, NewDistribution};
use crate::distribution::site::{self, NewRating};

const KLENDER: &str = "31.75.07.1003";

async fn code(db: &Db, event: i64, household: i64) -> anyhow::Result<String> {
    Ok(sqlx::query_scalar(
        "SELECT code FROM distribution_invitations WHERE event_id = $1 AND household_id = $2",
    )
    .bind(event)
    .bind(household)
    .fetch_one(&db.pool)
    .await?)
}

pub async fn seed(db: &Db, now: OffsetDateTime) -> anyhow::Result<()> {
    let cycle = super::disaster::seed(db, now).await?;
    let district = principal(db, "dinsos.jaktim").await?;
    let yesterday = now - Duration::days(1);
    let day = crate::clock::today(yesterday);
    let input = NewDistribution {
        programme: "BENCANA".to_owned(),
        region: KLENDER.to_owned(),
        name: "Bantuan banjir Klender".to_owned(),
        place: "Balai Warga RW 05, Jl. Delima Raya, Klender".to_owned(),
        latitude: Some(-6.2207),
        longitude: Some(106.9309),
        day: format!(
            "{:04}-{:02}-{:02}",
            day.year(),
            u8::from(day.month()),
            day.day()
        ),
        starts: "09:00".to_owned(),
        ends: "11:00".to_owned(),
        slot_minutes: 30,
        slot_capacity: 5,
        goods: "Beras 10 kg, selimut 1, air mineral 1 dus".to_owned(),
        households: None,
    };
    let at = yesterday - Duration::days(2);
    let id = service::create(db, &district, &input, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo hand-out: {e}"))?;
    let ratings = [
        (4, "Antrean rapi, beras bagus."),
        (5, "Petugas ramah, cepat."),
    ];
    let invited: Vec<i64> = crate::distribution::store::invitations(db, id)
        .await?
        .iter()
        .map(|i| i.household_id)
        .collect();
    super::stock::bought(db, (id, cycle, invited.len() as i64), at).await?;
    let mut codes = Vec::new();
    for household in &invited[..2] {
        let code = code(db, id, *household).await?;
        site::check_in(db, &district, id, &code, None, yesterday)
            .await
            .map_err(|e| anyhow::anyhow!("demo check-in: {e}"))?;
        codes.push(code);
    }
    site::close(
        db,
        &district,
        id,
        &super::stock::counted(invited.len() as i64),
        None,
        yesterday + Duration::hours(3),
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo close: {e}"))?;
    for (code, (score, comment)) in codes.into_iter().zip(ratings) {
        let rating = NewRating {
            code,
            score,
            comment: comment.to_owned(),
        };
        site::rate(db, &rating, now)
            .await
            .map_err(|e| anyhow::anyhow!("demo rating: {e}"))?;
    }
    Ok(())
}
