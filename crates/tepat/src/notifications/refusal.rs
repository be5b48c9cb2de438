//! The one place where a notification error becomes the HTTP error: pages and the API
//! both use it through `?`.

use super::error::NotificationError;
use crate::http::AppError;

impl From<NotificationError> for AppError {
    fn from(err: NotificationError) -> Self {
        match err {
            NotificationError::Denied(denied) => denied.into(),
            NotificationError::NotFound => Self::NotFound,
            NotificationError::OutsideScope => Self::OutsideScope,
            NotificationError::BadFilter(rule) => Self::BadRequest(rule.into()),
            NotificationError::Conflict(rule) => Self::Conflict(rule.into()),
            NotificationError::Store(err) => err.into(),
        }
    }
}
