//! Cursor pagination: opaque cursors and a bounded page size for every list endpoint.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::{AppError, FieldError};

/// Items per page when the caller does not say.
pub const PAGE_SIZE_DEFAULT: u32 = 50;
/// The largest page a caller may ask for; keeps responses and queries bounded.
pub const PAGE_SIZE_MAX: u32 = 200;

/// `?cursor=…&limit=…` as sent by the caller.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Opaque cursor from a previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    pub limit: Option<u32>,
}

/// Validated paging: the key to continue after, and the page size.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub after: Option<String>,
    pub limit: u32,
}

impl PageParams {
    pub fn validate(&self) -> Result<PageRequest, AppError> {
        let limit = self.limit.unwrap_or(PAGE_SIZE_DEFAULT);
        if limit == 0 || limit > PAGE_SIZE_MAX {
            let message = format!("limit must be between 1 and {PAGE_SIZE_MAX}");
            let message_id = format!("limit harus antara 1 dan {PAGE_SIZE_MAX}");
            return Err(AppError::BadRequest(FieldError::new(
                "limit",
                "range",
                &message,
                &message_id,
            )));
        }
        let after = match &self.cursor {
            None => None,
            Some(cursor) if !is_cursor_text(cursor) => {
                return Err(AppError::BadRequest(FieldError::new(
                    "cursor",
                    "format",
                    "cursor must be 1 to 400 URL-safe base64 characters",
                    "cursor harus 1 sampai 400 karakter base64 URL",
                )));
            }
            // Well-formed (the document states the syntax) but not issued here: a rule, 422.
            Some(cursor) => Some(decode_cursor(cursor).ok_or_else(|| {
                AppError::invalid(FieldError::new(
                    "cursor",
                    "unknown",
                    "cursor is not one this server issued",
                    "cursor tidak dikenal",
                ))
            })?),
        };
        Ok(PageRequest { after, limit })
    }
}

impl PageRequest {
    /// For lists newest first by id: the id to continue below (all ids on the first page).
    /// A cursor is one this server issued, so a key that is not a number starts over.
    pub fn before_id(&self) -> i64 {
        self.after
            .as_deref()
            .and_then(|key| key.parse().ok())
            .unwrap_or(i64::MAX)
    }

    /// For lists oldest first by id: the id to continue above.
    pub fn after_id(&self) -> i64 {
        self.after
            .as_deref()
            .and_then(|key| key.parse().ok())
            .unwrap_or(0)
    }
}

/// Longest cursor accepted; the OpenAPI document states the same (`CURSOR_PATTERN`).
pub const CURSOR_CHARS_MAX: usize = 400;
/// The syntax of a cursor as this server issues them: URL-safe base64, 1 to 400 characters.
pub const CURSOR_PATTERN: &str = "^[A-Za-z0-9_-]{1,400}$";

fn is_cursor_text(cursor: &str) -> bool {
    (1..=CURSOR_CHARS_MAX).contains(&cursor.len())
        && cursor
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Encodes the last key of a page into an opaque cursor.
pub fn encode_cursor(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("k:{key}"))
}

fn decode_cursor(cursor: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("k:")
        .map(str::to_owned)
}

/// Turns `limit + 1` fetched rows into a page and the cursor for the next one.
pub fn finish_page<T>(
    mut rows: Vec<T>,
    limit: u32,
    key: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    let limit = limit as usize;
    if rows.len() <= limit {
        return (rows, None);
    }
    rows.truncate(limit);
    let next = rows.last().map(|last| encode_cursor(&key(last)));
    (rows, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_forgeries() {
        let params = PageParams {
            cursor: Some(encode_cursor("31.75")),
            limit: Some(10),
        };
        let page = params.validate().expect("valid");
        assert_eq!(page.after.as_deref(), Some("31.75"));
        let forged = PageParams {
            cursor: Some("!!".into()),
            limit: None,
        };
        assert_eq!(
            forged.validate().expect_err("forged").fields()[0].field,
            "cursor"
        );
    }

    #[test]
    fn limit_is_bounded() {
        for bad in [0, PAGE_SIZE_MAX + 1] {
            let params = PageParams {
                cursor: None,
                limit: Some(bad),
            };
            assert_eq!(
                params.validate().expect_err("bounded").fields()[0].field,
                "limit"
            );
        }
        assert_eq!(
            PageParams::default().validate().expect("default").limit,
            PAGE_SIZE_DEFAULT
        );
    }

    #[test]
    fn next_cursor_only_when_more_rows_exist() {
        let (rows, next) = finish_page(vec![1, 2, 3], 2, |n| n.to_string());
        assert_eq!(rows, vec![1, 2]);
        assert_eq!(next, Some(encode_cursor("2")));
        let (rows, next) = finish_page(vec![1, 2], 2, |n| n.to_string());
        assert_eq!((rows.len(), next), (2, None));
    }
}
