//! The monthly calendar of a village's deliberations: its operator sets the standing day of
//! the month (1 to 28, so every month has it) and the place, and the server announces each
//! month's deliberation by itself `LEAD_DAYS` before the day — published in advance, as the
//! national flow asks — unless one is already announced or held in that month. Setting the
//! calendar and every announcement it makes are events in the trail.

use time::{Date, Duration, Month, OffsetDateTime};

use super::error::DeliberationError;
use super::service::{refused, short, village_of};
use crate::auth::{Permission, Principal, Role};
use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::region_code::RegionCode;

/// How many days before the day the month's deliberation is announced.
pub const LEAD_DAYS: i64 = 14;
/// The latest standing day: every month has it.
pub const DAY_MAX: i64 = 28;

pub const CALENDAR_SET: Action = Action("deliberation.calendar_set");

/// A village's standing monthly deliberation.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Calendar {
    pub village: String,
    /// The day of the month, 1 to 28.
    pub day: i64,
    pub place: String,
    /// The next meeting's date by this calendar (`YYYY-MM-DD`), from today on.
    pub next: String,
    /// When the server announces it: `LEAD_DAYS` before (`YYYY-MM-DD`).
    pub announced_from: String,
    /// Who set the calendar last, and when (UTC, RFC 3339).
    pub set_by: Option<String>,
    pub set_at: String,
}

/// The first date on or after `today` whose day of the month is `day`.
pub fn next_meeting(day: i64, today: Date) -> Date {
    let day = u8::try_from(day.clamp(1, DAY_MAX)).unwrap_or(1);
    let this_month = Date::from_calendar_date(today.year(), today.month(), day).unwrap_or(today);
    if this_month >= today {
        return this_month;
    }
    let (year, month) = match today.month() {
        Month::December => (today.year() + 1, Month::January),
        other => (today.year(), other.next()),
    };
    Date::from_calendar_date(year, month, day).unwrap_or(today)
}

fn calendar_of(
    village: String,
    day: i64,
    place: String,
    set: (Option<String>, String),
    today: Date,
) -> Calendar {
    let next = next_meeting(day, today);
    Calendar {
        village,
        day,
        place,
        next: next.to_string(),
        announced_from: (next - Duration::days(LEAD_DAYS)).to_string(),
        set_by: set.0,
        set_at: set.1,
    }
}

/// The day as sent: a whole number from 1 to 28.
fn day_of(text: &str) -> Result<i64, DeliberationError> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|d| (1..=DAY_MAX).contains(d))
        .ok_or_else(|| {
            refused(
                "day",
                "range",
                "a day of the month from 1 to 28, so that every month has it",
                "tanggal 1 sampai 28, agar ada di setiap bulan",
            )
        })
}

/// A village's calendar, if its operator set one.
pub async fn find(
    db: &Db,
    village: &str,
    now: OffsetDateTime,
) -> Result<Option<Calendar>, DeliberationError> {
    let row: Option<(String, i64, String, Option<String>, String)> = sqlx::query_as(
        "SELECT c.region_code, c.day_of_month, c.place, a.display_name, c.set_at \
         FROM deliberation_calendars c LEFT JOIN accounts a ON a.id = c.set_by \
         WHERE c.region_code = $1",
    )
    .bind(village.to_owned())
    .fetch_optional(&db.pool)
    .await
    .store()?;
    let today = crate::clock::today(now);
    Ok(row.map(|(village, day, place, by, at)| calendar_of(village, day, place, (by, at), today)))
}

/// Sets a village's standing day and place, by its village operator; an event records the
/// change from what was set before.
pub async fn set(
    db: &Db,
    caller: &Principal,
    village: &str,
    day: &str,
    place: &str,
    now: OffsetDateTime,
) -> Result<Calendar, DeliberationError> {
    caller.allows(Permission::DecideProposals, true)?;
    if caller.role != Role::VillageOperator {
        return Err(crate::auth::Denied::Role.into());
    }
    let village = village_of(caller, village)?;
    let day = day_of(day)?;
    let place = short(place, "place", 200)?;
    let before = find(db, village.as_str(), now).await?;
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO deliberation_calendars (region_code, day_of_month, place, set_by, set_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (region_code) DO UPDATE SET \
         day_of_month = $2, place = $3, set_by = $4, set_at = $5",
    )
    .bind(village.as_str().to_owned())
    .bind(day)
    .bind(place.clone())
    .bind(caller.actor.id)
    .bind(timestamp::to_db(now))
    .execute(&mut *tx)
    .await
    .store()?;
    let changes = Changes::new()
        .change("day_of_month", before.as_ref().map(|c| c.day), day)
        .change("place", before.as_ref().map(|c| c.place.clone()), place);
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: CALENDAR_SET,
        subject_type: "deliberation_calendar",
        subject_id: village.as_str().to_owned(),
        region: Some(village.clone()),
        changes,
        request_id: None,
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    find(db, village.as_str(), now)
        .await?
        .ok_or(DeliberationError::NotFound)
}

/// Announces, for every village with a calendar, the month's deliberation once its day is
/// `LEAD_DAYS` away or nearer, unless the village already has one announced or held in that
/// month. Each in its own transaction, by the system; returns how many were announced.
pub async fn announce_due(db: &Db, now: OffsetDateTime) -> Result<usize, DeliberationError> {
    let today = crate::clock::today(now);
    let calendars: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT region_code, day_of_month, place FROM deliberation_calendars")
            .fetch_all(&db.pool)
            .await
            .store()?;
    let mut announced = 0;
    for (village, day, place) in calendars {
        let next = next_meeting(day, today);
        if next - today > Duration::days(LEAD_DAYS) {
            continue;
        }
        let Ok(code) = RegionCode::parse(&village) else {
            continue;
        };
        let month = format!("{:04}-{:02}-%", next.year(), u8::from(next.month()));
        // Read first, so a village whose month is announced takes no write; then again
        // inside the write, which an operator's announcement may have raced.
        let mut conn = db.pool.acquire().await.store()?;
        if has_meeting(&mut conn, &village, &month).await? {
            continue;
        }
        drop(conn);
        let mut tx = db.begin_write().await?;
        if has_meeting(&mut tx, &village, &month).await? {
            continue;
        }
        let actor = Actor::system();
        super::store::schedule(&mut tx, &code, &next.to_string(), &place, &actor, now).await?;
        tx.commit().await.map_err(StoreError::from_sqlx)?;
        announced += 1;
    }
    Ok(announced)
}

/// Whether `village` has a deliberation announced or held on a day matching `month`
/// (`YYYY-MM-%`).
async fn has_meeting(
    conn: &mut sqlx::AnyConnection,
    village: &str,
    month: &str,
) -> Result<bool, DeliberationError> {
    let held: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM deliberations WHERE region_code = $1 AND held_on LIKE $2",
    )
    .bind(village.to_owned())
    .bind(month.to_owned())
    .fetch_one(conn)
    .await
    .store()?;
    Ok(held > 0)
}

/// How often the server looks at the calendars.
const LOOK_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Starts the server's look at the calendars, every hour; abort the handle to stop it.
pub fn start(
    db: Db,
    clock: std::sync::Arc<dyn crate::clock::Clock>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match announce_due(&db, clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(announced = n, "monthly deliberations announced"),
                Err(err) => tracing::warn!(error = %err, "monthly deliberations not announced"),
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_next_meeting_is_this_months_day_or_next_months() {
        assert_eq!(
            next_meeting(10, date!(2027 - 03 - 01)),
            date!(2027 - 03 - 10)
        );
        assert_eq!(
            next_meeting(10, date!(2027 - 03 - 10)),
            date!(2027 - 03 - 10)
        );
        assert_eq!(
            next_meeting(10, date!(2027 - 03 - 11)),
            date!(2027 - 04 - 10)
        );
        assert_eq!(
            next_meeting(5, date!(2027 - 12 - 20)),
            date!(2028 - 01 - 05)
        );
        assert_eq!(
            next_meeting(28, date!(2027 - 02 - 01)),
            date!(2027 - 02 - 28)
        );
    }

    #[test]
    fn a_day_is_a_whole_number_from_1_to_28() {
        assert_eq!(day_of(" 7 ").ok(), Some(7));
        for bad in ["0", "29", "31", "x", "", "-1", "7.5"] {
            assert!(
                matches!(day_of(bad), Err(DeliberationError::Invalid(ref r)) if r.field == "day"),
                "{bad}"
            );
        }
    }
}
