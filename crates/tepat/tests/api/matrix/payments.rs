//! Paying by bank: recipients' accounts, a payroll's bank file, a bank's status report and
//! closing a cycle (on records that do not exist, so every allowed caller meets the same
//! state). The flows are tested in `payments/`.

use super::Access::*;
use super::*;

const PAYMENT_REPORTERS: &[Role] = &[
    Role::Bank,
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
];
const CYCLE_MANAGERS: &[Role] = &[
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
];
const NOTHING: i64 = 987_659;

pub(super) const ROWS: &[Row] = &[
    row(
        POST,
        "/api/v1/recipient-accounts",
        Roles(PAYMENT_REPORTERS),
        false,
        422,
        |_, _| {
            upload(
                "/api/v1/recipient-accounts",
                Upload::Raw(
                    b"no_kk,penyedia,no_rekening,nama_pemilik\n9999999999999999,BRINIDJA,123456789,X\n"
                        .to_vec(),
                ),
            )
        },
    ),
    row(
        GET,
        "/api/v1/payrolls/{id}/pain001",
        Roles(PAYMENT_REPORTERS),
        false,
        404,
        |_, _| at(format!("/api/v1/payrolls/{NOTHING}/pain001?bank=BRINIDJA")),
    ),
    row(
        POST,
        "/api/v1/payment-status",
        Roles(PAYMENT_REPORTERS),
        false,
        422,
        |_, _| {
            upload(
                "/api/v1/payment-status",
                Upload::Xml(
                    b"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\"/>"
                        .to_vec(),
                ),
            )
        },
    ),
    row(
        POST,
        "/api/v1/cycles/{id}/close",
        Roles(CYCLE_MANAGERS),
        false,
        404,
        |_, _| json_body(format!("/api/v1/cycles/{NOTHING}/close"), json!({})),
    ),
    row(
        GET,
        "/penyaluran/daftar-bayar/{id}/pain001/{bank}",
        Roles(PAYMENT_REPORTERS),
        false,
        404,
        |_, _| {
            at(format!(
                "/penyaluran/daftar-bayar/{NOTHING}/pain001/BRINIDJA"
            ))
        },
    ),
    row(
        POST,
        "/penyaluran/daftar-bayar/{id}/status",
        Roles(PAYMENT_REPORTERS),
        false,
        404,
        |_, _| {
            upload(
                format!("/penyaluran/daftar-bayar/{NOTHING}/status"),
                Upload::Form(b"<Document/>".to_vec()),
            )
        },
    ),
    row(
        POST,
        "/penyaluran/{id}/tutup",
        Roles(CYCLE_MANAGERS),
        false,
        404,
        |_, _| form(format!("/penyaluran/{NOTHING}/tutup"), &[]),
    ),
    row(
        POST,
        "/api/v1/payrolls/{id}/wallet",
        Roles(CYCLE_MANAGERS),
        false,
        404,
        |_, _| json_body(format!("/api/v1/payrolls/{NOTHING}/wallet"), json!({})),
    ),
    row(
        POST,
        "/penyaluran/daftar-bayar/{id}/dompet",
        Roles(CYCLE_MANAGERS),
        false,
        404,
        |_, _| form(format!("/penyaluran/daftar-bayar/{NOTHING}/dompet"), &[]),
    ),
    row(
        POST,
        "/api/v1/payment-exceptions/{id}/resolve",
        Roles(CYCLE_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/payment-exceptions/{NOTHING}/resolve"),
                json!({"note": "Sudah dicek dengan bank"}),
            )
        },
    ),
    row(
        POST,
        "/penyaluran/pengecualian/{id}/selesai",
        Roles(CYCLE_MANAGERS),
        false,
        404,
        |_, _| {
            form(
                format!("/penyaluran/pengecualian/{NOTHING}/selesai"),
                &[("note", "Sudah dicek dengan bank")],
            )
        },
    ),
    row(
        POST,
        "/api/v1/wallet-status",
        Roles(PAYMENT_REPORTERS),
        false,
        422,
        |_, _| {
            json_body(
                "/api/v1/wallet-status",
                json!({"batch": "TEPAT-987659-dana", "statuses": []}),
            )
        },
    ),
];
