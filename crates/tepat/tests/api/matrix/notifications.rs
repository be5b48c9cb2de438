//! Notifications: the outbox page and API, and sending a dead letter again.

use super::Access::*;
use super::*;

const NOTIFICATION_READERS: &[Role] = &[
    Role::VillageOperator,
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
    Role::Auditor,
];
const NOTIFICATION_MANAGERS: &[Role] = &[
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
];
/// No notification has this id.
const NO_NOTIFICATION: i64 = 987_657;

pub(super) const ROWS: &[Row] = &[
    row(
        GET,
        "/notifikasi",
        Roles(NOTIFICATION_READERS),
        false,
        200,
        |_, _| at("/notifikasi?status=failed"),
    ),
    row(
        POST,
        "/notifikasi/{id}/kirim-ulang",
        Roles(NOTIFICATION_MANAGERS),
        false,
        404,
        |_, _| form(format!("/notifikasi/{NO_NOTIFICATION}/kirim-ulang"), &[]),
    ),
    row(
        GET,
        "/api/v1/notifications",
        Roles(NOTIFICATION_READERS),
        false,
        200,
        |_, _| at("/api/v1/notifications?status=pending"),
    ),
    row(
        POST,
        "/api/v1/notifications/{id}/retry",
        Roles(NOTIFICATION_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/notifications/{NO_NOTIFICATION}/retry"),
                json!({}),
            )
        },
    ),
];
