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
        "/api/v1/suppliers",
        Roles(DISTRIBUTION_MANAGERS),
        false,
        422,
        |_, _| {
            json_body(
                "/api/v1/suppliers",
                json!({"name": "CV Uji", "owner": "Uji", "phone": "081234567890",
                   "region": INSIDE, "bank_bic": "BRINIDJA", "account_number": "0123456789",
                   "account_name": "CV Uji"}),
            )
        },
    ),
    row(
        GET,
        "/api/v1/suppliers",
        Roles(DISTRIBUTION_READERS),
        false,
        200,
        |_, _| at("/api/v1/suppliers"),
    ),
    row(
        Method::PUT,
        "/api/v1/distributions/{id}/goods",
        Roles(DISTRIBUTION_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/distributions/{NO_DISTRIBUTION}/goods"),
                json!({"items": [{"item": "selimut", "name": "Selimut", "unit": "lembar",
                   "per_household": 1, "unit_price": 85000}]}),
            )
        },
    ),
    row(
        GET,
        "/api/v1/distributions/{id}/stock",
        Roles(DISTRIBUTION_READERS),
        false,
        404,
        |_, _| at(format!("/api/v1/distributions/{NO_DISTRIBUTION}/stock")),
    ),
    row(
        POST,
        "/api/v1/distributions/{id}/purchases",
        Roles(DISTRIBUTION_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/distributions/{NO_DISTRIBUTION}/purchases"),
                json!({"supplier": 1, "cycle": 1, "item": "selimut", "quantity": 10}),
            )
        },
    ),
    row(
        GET,
        "/api/v1/distributions/purchases/{id}/pain001",
        Roles(DISTRIBUTION_READERS),
        false,
        404,
        |_, _| {
            at(format!(
                "/api/v1/distributions/purchases/{NO_DISTRIBUTION}/pain001"
            ))
        },
    ),
    row(
        POST,
        "/api/v1/distributions/purchases/{id}/deliveries",
        Roles(CHECK_IN_DESKS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/distributions/purchases/{NO_DISTRIBUTION}/deliveries"),
                json!({"note_number": "SJ-1", "quantity": 1, "photo_base64": ""}),
            )
        },
    ),
    row(
        GET,
        "/api/v1/distributions/deliveries/{id}/photo",
        Roles(DISTRIBUTION_READERS),
        false,
        404,
        |_, _| {
            at(format!(
                "/api/v1/distributions/deliveries/{NO_DISTRIBUTION}/photo"
            ))
        },
    ),
    row(
        POST,
        "/api/v1/distributions/shortfalls/{id}/decision",
        Roles(DISTRIBUTION_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/distributions/shortfalls/{NO_DISTRIBUTION}/decision"),
                json!({"decision": "dismissed", "note": "Terhitung ulang"}),
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
        "/api/v1/distributions/{id}/desk",
        Roles(CHECK_IN_DESKS),
        false,
        404,
        |_, _| at(format!("/api/v1/distributions/{NO_DISTRIBUTION}/desk")),
    ),
    row(
        POST,
        "/api/v1/distributions/{id}/check-ins/sync",
        Roles(CHECK_IN_DESKS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/distributions/{NO_DISTRIBUTION}/check-ins/sync"),
                json!({"check_ins": []}),
            )
        },
    ),
    row(
        GET,
        "/penyaluran-barang/meja.js",
        Public,
        false,
        200,
        |_, _| at("/penyaluran-barang/meja.js"),
    ),
    row(
        GET,
        "/penyaluran-barang/meja-sw.js",
        Public,
        false,
        200,
        |_, _| at("/penyaluran-barang/meja-sw.js"),
    ),
    row(
        GET,
        "/penyaluran-barang/{id}/meja",
        Roles(CHECK_IN_DESKS),
        false,
        404,
        |_, _| at(format!("/penyaluran-barang/{NO_DISTRIBUTION}/meja")),
    ),
    row(
        GET,
        "/penyaluran-barang/{id}/meja.json",
        Roles(CHECK_IN_DESKS),
        false,
        404,
        |_, _| at(format!("/penyaluran-barang/{NO_DISTRIBUTION}/meja.json")),
    ),
    row(
        POST,
        "/penyaluran-barang/{id}/meja/sinkron",
        Roles(CHECK_IN_DESKS),
        false,
        404,
        |_, _| {
            form(
                format!("/penyaluran-barang/{NO_DISTRIBUTION}/meja/sinkron"),
                &[("queue", r#"{"check_ins": []}"#)],
            )
        },
    ),
    row(
        GET,
        "/pemasok",
        Roles(DISTRIBUTION_READERS),
        false,
        200,
        |_, _| at("/pemasok"),
    ),
    row(
        POST,
        "/pemasok",
        Roles(DISTRIBUTION_MANAGERS),
        false,
        422,
        |_, _| form("/pemasok", &[("name", "CV Uji"), ("region", INSIDE)]),
    ),
    row(
        POST,
        "/penyaluran-barang/{id}/barang",
        Roles(DISTRIBUTION_MANAGERS),
        false,
        404,
        |_, _| {
            form(
                format!("/penyaluran-barang/{NO_DISTRIBUTION}/barang"),
                &[("item_1", "selimut")],
            )
        },
    ),
    row(
        POST,
        "/penyaluran-barang/{id}/pembelian",
        Roles(DISTRIBUTION_MANAGERS),
        false,
        404,
        |_, _| {
            form(
                format!("/penyaluran-barang/{NO_DISTRIBUTION}/pembelian"),
                &[("item", "selimut"), ("quantity", "1")],
            )
        },
    ),
    row(
        POST,
        "/penyaluran-barang/pembelian/{id}/surat-jalan",
        Roles(CHECK_IN_DESKS),
        false,
        404,
        |_, _| {
            upload(
                format!("/penyaluran-barang/pembelian/{NO_DISTRIBUTION}/surat-jalan"),
                Upload::Fields(vec![("note_number", "SJ-1".to_owned())]),
            )
        },
    ),
    row(
        GET,
        "/penyaluran-barang/pembelian/{id}/pain001",
        Roles(DISTRIBUTION_READERS),
        false,
        404,
        |_, _| {
            at(format!(
                "/penyaluran-barang/pembelian/{NO_DISTRIBUTION}/pain001"
            ))
        },
    ),
    row(
        GET,
        "/penyaluran-barang/surat-jalan/{id}/foto",
        Roles(DISTRIBUTION_READERS),
        false,
        404,
        |_, _| {
            at(format!(
                "/penyaluran-barang/surat-jalan/{NO_DISTRIBUTION}/foto"
            ))
        },
    ),
    row(
        POST,
        "/penyaluran-barang/kekurangan/{id}",
        Roles(DISTRIBUTION_MANAGERS),
        false,
        404,
        |_, _| {
            form(
                format!("/penyaluran-barang/kekurangan/{NO_DISTRIBUTION}"),
                &[("decision", "dismissed"), ("note", "Terhitung ulang")],
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
