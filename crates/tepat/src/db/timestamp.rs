//! Times in the store: UTC, RFC 3339 text with milliseconds, so both engines sort and
//! compare them the same way.

use time::{OffsetDateTime, UtcOffset, format_description::FormatItem, macros::format_description};

const FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

/// Formats a time for storage.
pub fn to_db(at: OffsetDateTime) -> String {
    let utc = at.to_offset(UtcOffset::UTC);
    utc.format(FORMAT)
        .unwrap_or_else(|_| utc.unix_timestamp().to_string())
}

/// Parses a stored time; `None` for text this program did not write.
pub fn from_db(text: &str) -> Option<OffsetDateTime> {
    time::PrimitiveDateTime::parse(text, FORMAT)
        .ok()
        .map(|t| t.assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn round_trips_and_sorts_as_text() {
        let a = datetime!(2026-11-25 03:20:27.123 UTC);
        let b = datetime!(2026-11-25 03:20:28 UTC);
        assert_eq!(from_db(&to_db(a)), Some(a));
        assert!(to_db(a) < to_db(b));
        assert_eq!(to_db(a), "2026-11-25T03:20:27.123Z");
    }

    #[test]
    fn rejects_foreign_text() {
        assert_eq!(from_db("yesterday"), None);
    }
}
