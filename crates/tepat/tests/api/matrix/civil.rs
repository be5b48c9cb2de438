//! The civil-registry feed.

use super::Access::*;
use super::*;

pub(super) const ROWS: &[Row] = &[row(
    POST,
    "/api/v1/civil-events",
    Roles(CIVIL_IMPORTERS),
    false,
    200,
    |_, _| {
        upload(
            "/api/v1/civil-events",
            Upload::Raw(b"event,nik,event_date\nkematian,3175070101010099,2026-01-15\n".to_vec()),
        )
    },
)];
