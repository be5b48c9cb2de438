//! Deliberations in the demo: Klender's of eighteen days ago, finalised with its minutes,
//! and the next one, announced for next week, with the village's monthly calendar.

use time::{Duration, OffsetDateTime};

use crate::auth::Principal;
use crate::db::Db;
use crate::deliberations::model::Attendee;
use crate::deliberations::service::{self, ItemDecision, Minutes};

const KLENDER: &str = "31.75.07.1003";

fn attendee(name: &str, role: &str) -> Attendee {
    Attendee {
        name: name.into(),
        role: role.into(),
        household_id: None,
        account_id: None,
    }
}

/// Announces a deliberation five days before `held`, holds it and finalises it, approving
/// every proposal in `proposed` (n, proposal id, household) for the village.
pub async fn finalised(
    db: &Db,
    operator: &Principal,
    proposed: &[(usize, i64, i64)],
    held: OffsetDateTime,
) -> anyhow::Result<()> {
    let on = crate::clock::today(held).to_string();
    let d = service::schedule(
        db,
        operator,
        KLENDER,
        &on,
        "Aula Kelurahan Klender",
        held - Duration::days(5),
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo deliberation: {e}"))?;
    let mut attendees = vec![
        attendee("H. Sutrisno", "village_head"),
        attendee("Pak Harun (Ketua RW 05)", "rt_rw"),
        attendee("Ibu Wartini (Ketua RT 03)", "rt_rw"),
        attendee("Serda Wibowo", "babinsa"),
        attendee("Aipda Rahmat", "bhabinkamtibmas"),
        attendee("Siti Rahmawati", "facilitator"),
        Attendee {
            account_id: operator.actor.id,
            ..attendee("Operator Kelurahan Klender", "village_operator")
        },
    ];
    let families = ["Tini", "Ujang", "Dede", "Yayah", "Komar"];
    for ((_, _, household), name) in proposed.iter().zip(families) {
        attendees.push(Attendee {
            household_id: Some(*household),
            ..attendee(&format!("{name} (wakil keluarga)"), "family_representative")
        });
    }
    let decisions = proposed
        .iter()
        .map(|(_, id, _)| ItemDecision {
            kind: "proposal".into(),
            id: *id,
            decision: "approve".into(),
            reasoning: "Disepakati forum: kondisi keluarga sesuai hasil kunjungan".into(),
        })
        .collect();
    let minutes = Minutes {
        chair: "H. Sutrisno, Lurah Klender".into(),
        attendees,
        decisions,
    };
    service::finalise(db, operator, d.id, &minutes, None, held)
        .await
        .map_err(|e| anyhow::anyhow!("demo minutes: {e}"))?;
    Ok(())
}

/// The next deliberation, announced for next week, and Klender's monthly calendar on that
/// day of the month (the 28th at the latest), so the server announces the months after.
pub async fn announced(db: &Db, operator: &Principal, now: OffsetDateTime) -> anyhow::Result<()> {
    let day = crate::clock::today(now) + Duration::days(7);
    let place = "Aula Kelurahan Klender";
    service::schedule(db, operator, KLENDER, &day.to_string(), place, now)
        .await
        .map_err(|e| anyhow::anyhow!("demo announcement: {e}"))?;
    let standing = day.day().min(28).to_string();
    crate::deliberations::calendar::set(db, operator, KLENDER, &standing, place, now)
        .await
        .map_err(|e| anyhow::anyhow!("demo calendar: {e}"))?;
    Ok(())
}
