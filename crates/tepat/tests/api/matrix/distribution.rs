//! Hand-outs of goods: scheduling, reading, checking in, closing, re-scheduling (on a
//! hand-out that does not exist, so every allowed caller meets the same state) and the
//! public rating. The flows are tested in `distribution/`.

use super::Access::*;
use super::*;

const DISTRIBUTION_READERS: &[Role] = &[
    Role::VillageOperator,
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
    Role::Auditor,
];
const DISTRIBUTION_MANAGERS: &[Role] = &[Role::DistrictOfficer];
const CHECK_IN_DESKS: &[Role] = &[Role::VillageOperator, Role::DistrictOfficer];
/// No hand-out has this id.
const NO_DISTRIBUTION: i64 = 987_661;

pub(super) const ROWS: &[Row] = &[
    row(
        POST,
        "/api/v1/distributions",
        Roles(DISTRIBUTION_MANAGERS),
        false,
        422,
        |_, _| {
            json_body(
                "/api/v1/distributions",
                json!({"programme": "BENCANA", "region": INSIDE, "name": "Banjir",
                   "place": "Balai Warga", "day": "2026-02-30", "starts": "08:00",
                   "ends": "09:00", "slot_minutes": 30, "slot_capacity": 10,
                   "goods": "Beras 10 kg", "households": []}),
            )
        },
    ),
    row(
        GET,
        "/api/v1/distributions",
        Roles(DISTRIBUTION_READERS),
        false,
        200,
        |_, _| at(format!("/api/v1/distributions?region={INSIDE}")),
    ),
    row(
        GET,
        "/api/v1/distributions/{id}",
        Roles(DISTRIBUTION_READERS),
        false,
        404,
        |_, _| at(format!("/api/v1/distributions/{NO_DISTRIBUTION}")),
    ),
    row(
        POST,
        "/api/v1/distributions/{id}/check-ins",
        Roles(CHECK_IN_DESKS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/distributions/{NO_DISTRIBUTION}/check-ins"),
                json!({"code": "ABCD-EFGH-JKMN"}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/distributions/{id}/close",
        Roles(DISTRIBUTION_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/distributions/{NO_DISTRIBUTION}/close"),
                json!({}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/distributions/{id}/reschedule",
        Roles(DISTRIBUTION_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/distributions/{NO_DISTRIBUTION}/reschedule"),
                json!({"day": "2026-12-14", "starts": "13:00", "ends": "14:00"}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/distributions/ratings",
        Public,
        false,
        422,
        |_, _| {
            json_body(
                "/api/v1/distributions/ratings",
                json!({"code": "ABCD-EFGH-JKMN", "score": 5}),
            )
        },
    ),
    row(
        GET,
        "/penyaluran-barang",
        Roles(DISTRIBUTION_READERS),
        false,
        200,
        |_, _| at("/penyaluran-barang"),
    ),
    row(
        POST,
        "/penyaluran-barang",
        Roles(DISTRIBUTION_MANAGERS),
        false,
        422,
        |_, _| {
            form(
                "/penyaluran-barang",
                &[("region", INSIDE), ("day", "2026-02-30")],
            )
        },
    ),
    row(
        GET,
        "/penyaluran-barang/{id}",
        Roles(DISTRIBUTION_READERS),
        false,
        404,
        |_, _| at(format!("/penyaluran-barang/{NO_DISTRIBUTION}")),
    ),
    row(
        POST,
        "/penyaluran-barang/{id}/hadir",
        Roles(CHECK_IN_DESKS),
        false,
        404,
        |_, _| {
            form(
                format!("/penyaluran-barang/{NO_DISTRIBUTION}/hadir"),
                &[("code", "ABCD-EFGH-JKMN")],
            )
        },
    ),
    row(
        POST,
        "/penyaluran-barang/{id}/tutup",
        Roles(DISTRIBUTION_MANAGERS),
        false,
        404,
        |_, _| {
            form(
                format!("/penyaluran-barang/{NO_DISTRIBUTION}/tutup"),
                &[("confirm", "1")],
            )
        },
    ),
    row(
        GET,
        "/penyaluran-barang/nilai",
        Public,
        false,
        200,
        |_, _| at("/penyaluran-barang/nilai?kode=ABCD-EFGH-JKMN"),
    ),
    row(
        POST,
        "/penyaluran-barang/nilai",
        Public,
        false,
        422,
        |_, _| {
            form(
                "/penyaluran-barang/nilai",
                &[("kode", "ABCD-EFGH-JKMN"), ("score", "5")],
            )
        },
    ),
];
