//! Showing stored UTC times to people. Officials see Western Indonesian Time (WIB, UTC+7);
//! per-region zones (WITA, WIT) come with the records that carry a region.

use time::{OffsetDateTime, UtcOffset, macros::format_description};

const WIB: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// `14:05`
pub fn wib_clock(at: OffsetDateTime) -> String {
    at.to_offset(WIB)
        .format(format_description!("[hour]:[minute]"))
        .unwrap_or_default()
}

/// `25-11-2026 14:05 WIB`
pub fn wib_datetime(at: OffsetDateTime) -> String {
    let text = at
        .to_offset(WIB)
        .format(format_description!("[day]-[month]-[year] [hour]:[minute]"))
        .unwrap_or_default();
    format!("{text} WIB")
}

/// A stored UTC time as people read it (`25-11-2026 14:05 WIB`); text that is not a
/// stored time is shown as it is.
pub fn show_time(stored: &str) -> String {
    crate::db::timestamp::from_db(stored)
        .map(wib_datetime)
        .unwrap_or_else(|| stored.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn shows_western_indonesian_time() {
        let at = datetime!(2026-11-25 20:30 UTC);
        assert_eq!(wib_clock(at), "03:30");
        assert_eq!(wib_datetime(at), "26-11-2026 03:30 WIB");
    }
}
