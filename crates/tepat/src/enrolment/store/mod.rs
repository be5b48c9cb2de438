//! SQL for enrolment: batches and their lines, enrolments and overrides, and the
//! households a batch may not take (held).

pub mod batches;
pub mod enrolments;
pub mod held;
pub mod single;

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::{ResultExt, StoreError};

pub(crate) fn text(row: &AnyRow, at: usize) -> Result<String, StoreError> {
    row.try_get(at).store()
}
