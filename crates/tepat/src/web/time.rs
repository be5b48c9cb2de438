//! Showing stored UTC times and dates to people: `3 Des 2026`, `3 Des 2026 16:15 WITA`.
//! A time is shown in the viewer's zone — Western (WIB, UTC+7), Central (WITA, UTC+8) or
//! Eastern Indonesian Time (WIT, UTC+9), by the province of the viewer's region — with the
//! zone named, so a reader in Makassar and one in Jakarta read the same moment right.

use time::{Date, Month, OffsetDateTime, UtcOffset, macros::format_description};

use super::i18n::Lang;

/// One of Indonesia's three time zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    #[default]
    Wib,
    Wita,
    Wit,
}

/// Province codes (Kemendagri) on Central Indonesian Time: Bali, Nusa Tenggara Barat and
/// Timur, Kalimantan Selatan, Timur and Utara, and every Sulawesi province (Gorontalo
/// included). Source: Keputusan Presiden No. 41/1987 and the shipped region list.
const WITA_PROVINCES: [&str; 12] = [
    "51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76",
];
/// Province codes on Eastern Indonesian Time: Maluku, Maluku Utara and the six Papua
/// provinces.
const WIT_PROVINCES: [&str; 8] = ["81", "82", "91", "92", "93", "94", "95", "96"];

impl Zone {
    /// The zone of a region (any level, dotted or not); WIB for national and unknown.
    pub fn of_region(code: Option<&str>) -> Self {
        let Some(province) = code.and_then(|c| c.get(..2)) else {
            return Self::Wib;
        };
        if WITA_PROVINCES.contains(&province) {
            Self::Wita
        } else if WIT_PROVINCES.contains(&province) {
            Self::Wit
        } else {
            Self::Wib
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Wib => "WIB",
            Self::Wita => "WITA",
            Self::Wit => "WIT",
        }
    }

    fn offset(self) -> UtcOffset {
        let hours = match self {
            Self::Wib => 7,
            Self::Wita => 8,
            Self::Wit => 9,
        };
        UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC)
    }
}

const MONTHS_ID: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `3 Des 2026` (`3 Dec 2026` in English).
pub fn date(day: Date, lang: Lang) -> String {
    let index = usize::from(u8::from(day.month())) - 1;
    let months = match lang {
        Lang::Id => MONTHS_ID,
        Lang::En => MONTHS_EN,
    };
    let month = months.get(index).copied().unwrap_or_default();
    format!("{} {month} {}", day.day(), day.year())
}

/// `3 Des 2026 16:15 WITA`.
pub fn datetime(at: OffsetDateTime, zone: Zone, lang: Lang) -> String {
    let local = at.to_offset(zone.offset());
    format!(
        "{} {} {}",
        date(local.date(), lang),
        clock_in(local),
        zone.name()
    )
}

fn clock_in(local: OffsetDateTime) -> String {
    local
        .format(format_description!("[hour]:[minute]"))
        .unwrap_or_default()
}

/// `14:05`, Western Indonesian Time.
pub fn wib_clock(at: OffsetDateTime) -> String {
    clock_in(at.to_offset(Zone::Wib.offset()))
}

/// `25 Nov 2026 14:05 WIB`.
pub fn wib_datetime(at: OffsetDateTime) -> String {
    datetime(at, Zone::Wib, Lang::Id)
}

/// How long ago `at` was, for times within the last day (`5 menit lalu`, `3 jam lalu`);
/// `None` for older times and for times ahead of `now`, which read better as dates.
pub fn relative(at: OffsetDateTime, now: OffsetDateTime, lang: Lang) -> Option<String> {
    let minutes = (now - at).whole_minutes();
    let text = match minutes {
        0 => lang.pick("baru saja", "just now"),
        1..=59 => lang.pick(
            &format!("{minutes} menit lalu"),
            &format!("{minutes} min ago"),
        ),
        60..=1439 => {
            let hours = minutes / 60;
            lang.pick(&format!("{hours} jam lalu"), &format!("{hours} h ago"))
        }
        _ => return None,
    };
    Some(text)
}

/// A stored time with how long ago it was when that is within a day:
/// `3 Des 2026 16:15 WIB (5 menit lalu)`; otherwise as [`show_in`].
pub fn show_with_age(stored: &str, now: OffsetDateTime, zone: Zone, lang: Lang) -> String {
    let shown = show_in(stored, zone, lang);
    match crate::db::timestamp::from_db(stored).and_then(|at| relative(at, now, lang)) {
        Some(age) => format!("{shown} ({age})"),
        None => shown,
    }
}

/// A stored value as people read it: a stored UTC time becomes `3 Des 2026 16:15 WITA`,
/// a stored date (`2026-12-03`) becomes `3 Des 2026`; any other text is shown as it is.
pub fn show_in(stored: &str, zone: Zone, lang: Lang) -> String {
    if let Some(at) = crate::db::timestamp::from_db(stored) {
        return datetime(at, zone, lang);
    }
    match parse_date(stored) {
        Some(day) => date(day, lang),
        None => dates_in_text(stored, lang),
    }
}

/// Free text with the stored dates inside it (`kematian 2026-11-04`) written as people
/// read them (`kematian 4 Nov 2026`); everything else is kept as it is.
pub fn dates_in_text(text: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = first_iso_date(rest) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let (found, after) = from.split_at(10);
        match parse_date(found) {
            Some(day) => out.push_str(&date(day, lang)),
            None => out.push_str(found),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Where the first `YYYY-MM-DD` standing on its own (no digit just before or after) begins.
fn first_iso_date(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(9)).find(|&i| {
        let window = &bytes[i..i + 10];
        let shaped = window.iter().enumerate().all(|(j, b)| match j {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
        let alone_before = i == 0 || !bytes[i - 1].is_ascii_digit();
        let alone_after = bytes.get(i + 10).is_none_or(|b| !b.is_ascii_digit());
        shaped && alone_before && alone_after
    })
}

/// [`show_in`] for Western Indonesian Time, in Bahasa Indonesia.
pub fn show_time(stored: &str) -> String {
    show_in(stored, Zone::Wib, Lang::Id)
}

/// A stored date (`YYYY-MM-DD`), or `None`.
pub fn parse_date(stored: &str) -> Option<Date> {
    let mut parts = stored.trim().splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// True when the text looks like a machine date or time (`2026-12-03`,
/// `2026-12-03T09:15:12Z`): such text must not reach a page.
pub fn looks_iso(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(10).any(|w| {
        w.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn shows_dates_with_indonesian_month_names() {
        assert_eq!(super::date(date!(2026 - 12 - 03), Lang::Id), "3 Des 2026");
        assert_eq!(super::date(date!(2026 - 12 - 03), Lang::En), "3 Dec 2026");
        assert_eq!(super::date(date!(2026 - 08 - 17), Lang::Id), "17 Agu 2026");
        assert_eq!(super::date(date!(2026 - 05 - 01), Lang::Id), "1 Mei 2026");
    }

    #[test]
    fn shows_times_in_the_viewers_zone_with_its_name() {
        let at = datetime!(2026-11-25 20:30 UTC);
        assert_eq!(wib_clock(at), "03:30");
        assert_eq!(wib_datetime(at), "26 Nov 2026 03:30 WIB");
        assert_eq!(datetime(at, Zone::Wita, Lang::Id), "26 Nov 2026 04:30 WITA");
        assert_eq!(datetime(at, Zone::Wit, Lang::En), "26 Nov 2026 05:30 WIT");
    }

    #[test]
    fn picks_the_zone_by_province() {
        assert_eq!(Zone::of_region(Some("31.75.07.1003")), Zone::Wib);
        assert_eq!(Zone::of_region(Some("62")), Zone::Wib, "Kalimantan Tengah");
        assert_eq!(Zone::of_region(Some("51.71")), Zone::Wita, "Bali");
        assert_eq!(Zone::of_region(Some("75")), Zone::Wita, "Gorontalo");
        assert_eq!(
            Zone::of_region(Some("65.01")),
            Zone::Wita,
            "Kalimantan Utara"
        );
        assert_eq!(Zone::of_region(Some("82")), Zone::Wit, "Maluku Utara");
        assert_eq!(
            Zone::of_region(Some("96.01")),
            Zone::Wit,
            "Papua Barat Daya"
        );
        assert_eq!(Zone::of_region(None), Zone::Wib);
        assert_eq!(
            Zone::of_region(Some("9")),
            Zone::Wib,
            "too short to name a province"
        );
    }

    #[test]
    fn shows_stored_times_and_dates_and_leaves_other_text() {
        assert_eq!(
            show_in("2026-12-03T09:15:12.683Z", Zone::Wita, Lang::Id),
            "3 Des 2026 17:15 WITA"
        );
        assert_eq!(show_in("2026-12-03", Zone::Wib, Lang::Id), "3 Des 2026");
        assert_eq!(show_in("2026-13-03", Zone::Wib, Lang::Id), "2026-13-03");
        assert_eq!(show_in("kemarin", Zone::Wib, Lang::Id), "kemarin");
        assert_eq!(show_in("", Zone::Wib, Lang::Id), "");
        assert_eq!(
            show_in(
                "register sipil: kematian 2026-11-04 (AKTA-3175-0042)",
                Zone::Wib,
                Lang::Id
            ),
            "register sipil: kematian 4 Nov 2026 (AKTA-3175-0042)"
        );
        assert_eq!(
            dates_in_text("12026-11-04 dan 2026-11-04", Lang::En),
            "12026-11-04 dan 4 Nov 2026"
        );
        assert_eq!(dates_in_text("é 2026-02-30 ü", Lang::Id), "é 2026-02-30 ü");
    }

    #[test]
    fn says_how_long_ago_within_a_day() {
        let now = datetime!(2026-12-03 09:00 UTC);
        let ago = |at| relative(at, now, Lang::Id);
        assert_eq!(
            ago(datetime!(2026-12-03 09:00 UTC)).as_deref(),
            Some("baru saja")
        );
        assert_eq!(
            ago(datetime!(2026-12-03 08:55 UTC)).as_deref(),
            Some("5 menit lalu")
        );
        assert_eq!(
            ago(datetime!(2026-12-03 06:00 UTC)).as_deref(),
            Some("3 jam lalu")
        );
        assert_eq!(
            ago(datetime!(2026-12-02 09:01 UTC)).as_deref(),
            Some("23 jam lalu")
        );
        assert_eq!(
            ago(datetime!(2026-12-02 09:00 UTC)),
            None,
            "a day or more reads as a date"
        );
        assert_eq!(
            ago(datetime!(2026-12-03 09:05 UTC)),
            None,
            "not ahead of now"
        );
        assert_eq!(
            relative(datetime!(2026-12-03 08:58 UTC), now, Lang::En).as_deref(),
            Some("2 min ago")
        );
        assert_eq!(
            show_with_age("2026-12-03T08:55:00.000Z", now, Zone::Wib, Lang::Id),
            "3 Des 2026 15:55 WIB (5 menit lalu)"
        );
        assert_eq!(
            show_with_age("2026-12-01", now, Zone::Wib, Lang::Id),
            "1 Des 2026"
        );
    }

    #[test]
    fn recognises_machine_dates() {
        assert!(looks_iso("dibuat 2026-12-03T09:15:12Z"));
        assert!(looks_iso("2026-12-03"));
        assert!(!looks_iso("3 Des 2026 16:15 WIB"));
        assert!(!looks_iso("31.75.07.1003"));
        assert!(!looks_iso("3175072105870001"));
    }
}
