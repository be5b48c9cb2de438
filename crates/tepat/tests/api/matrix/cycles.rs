//! Programme cycles: the list, a cycle and its commands (on a cycle that does not exist,
//! so that every allowed caller meets the same state), creating one from an allocation that
//! does not exist (refused after the role check). The flows are tested in `cycles.rs`.

use super::Access::*;
use super::*;

const CYCLE_READERS: &[Role] = &[
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
    Role::Auditor,
];
const CYCLE_MANAGERS: &[Role] = &[
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
];
const NO_CYCLE: i64 = 987_658;

pub(super) const ROWS: &[Row] = &[
    row(
        GET,
        "/penyaluran",
        Roles(CYCLE_READERS),
        false,
        200,
        |_, _| at("/penyaluran"),
    ),
    row(
        POST,
        "/penyaluran",
        Roles(CYCLE_MANAGERS),
        false,
        422,
        |_, _| {
            form(
                "/penyaluran",
                &[
                    ("allocation_id", "987658"),
                    ("name", "Tahap 1"),
                    ("months", "3"),
                ],
            )
        },
    ),
    row(
        GET,
        "/penyaluran/{id}",
        Roles(CYCLE_READERS),
        false,
        404,
        |_, _| at(format!("/penyaluran/{NO_CYCLE}")),
    ),
    row(
        POST,
        "/penyaluran/{id}/hitung",
        Roles(CYCLE_MANAGERS),
        false,
        404,
        |_, _| form(format!("/penyaluran/{NO_CYCLE}/hitung"), &[]),
    ),
    row(
        POST,
        "/penyaluran/{id}/setujui",
        Roles(CYCLE_MANAGERS),
        false,
        404,
        |_, _| form(format!("/penyaluran/{NO_CYCLE}/setujui"), &[]),
    ),
    row(
        GET,
        "/api/v1/cycles",
        Roles(CYCLE_READERS),
        false,
        200,
        |_, _| at("/api/v1/cycles"),
    ),
    row(
        POST,
        "/api/v1/cycles",
        Roles(CYCLE_MANAGERS),
        false,
        422,
        |_, _| {
            json_body(
                "/api/v1/cycles",
                json!({"allocation_id": NO_CYCLE, "name": "Tahap 1", "months": 3}),
            )
        },
    ),
    row(
        GET,
        "/api/v1/cycles/{id}",
        Roles(CYCLE_READERS),
        false,
        404,
        |_, _| at(format!("/api/v1/cycles/{NO_CYCLE}")),
    ),
    row(
        POST,
        "/api/v1/cycles/{id}/compute",
        Roles(CYCLE_MANAGERS),
        false,
        404,
        |_, _| json_body(format!("/api/v1/cycles/{NO_CYCLE}/compute"), json!({})),
    ),
    row(
        POST,
        "/api/v1/cycles/{id}/approve",
        Roles(CYCLE_MANAGERS),
        false,
        404,
        |_, _| json_body(format!("/api/v1/cycles/{NO_CYCLE}/approve"), json!({})),
    ),
    row(
        POST,
        "/penyaluran/{id}/daftar-bayar",
        Roles(CYCLE_MANAGERS),
        false,
        404,
        |_, _| {
            form(
                format!("/penyaluran/{NO_CYCLE}/daftar-bayar"),
                &[("region", "31.75"), ("channel", "bank_transfer")],
            )
        },
    ),
    row(
        POST,
        "/penyaluran/daftar-bayar/{id}/setujui",
        Roles(CYCLE_MANAGERS),
        false,
        404,
        |_, _| form(format!("/penyaluran/daftar-bayar/{NO_CYCLE}/setujui"), &[]),
    ),
    row(
        POST,
        "/api/v1/cycles/{id}/payrolls",
        Roles(CYCLE_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/cycles/{NO_CYCLE}/payrolls"),
                json!({"region": "31.75", "channel": "bank_transfer"}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/payrolls/{id}/approve",
        Roles(CYCLE_MANAGERS),
        false,
        404,
        |_, _| json_body(format!("/api/v1/payrolls/{NO_CYCLE}/approve"), json!({})),
    ),
];
