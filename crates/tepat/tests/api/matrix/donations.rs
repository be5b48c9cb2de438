//! Donations: the public list, need page and totals; the donor's pledges and history; the
//! officials' posting, delivery and confirmation; the bank's payment notice; the flags
//! (tried on records that do not exist, so that every allowed caller meets the same state;
//! the flows are tested in `donations/`).

use super::Access::*;
use super::*;

const POSTERS: &[Role] = &[Role::VillageOperator, Role::Facilitator];
const DONORS: &[Role] = &[Role::Donor];
const DISTRICT: &[Role] = &[Role::DistrictOfficer];
const PAYMENT_REPORTERS: &[Role] = &[
    Role::Bank,
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
];
/// No need and no pledge has this id.
const NONE: i64 = 987_658;
/// A small JPEG's first bytes in base64; the record is missing before the photo is read.
const PHOTO: &str = "/9j/4AAQSkZJRgABAQAAAQABAAD/2Q==";

pub(super) const ROWS: &[Row] = &[
    row(GET, "/donasi", Public, false, 200, |_, _| {
        at("/donasi?kategori=food")
    }),
    row(GET, "/donasi/{id}", Public, false, 404, |_, _| {
        at(format!("/donasi/{NONE}"))
    }),
    row(GET, "/donasi/saya", Roles(DONORS), false, 200, |_, _| {
        at("/donasi/saya")
    }),
    row(
        GET,
        "/donasi/saya/{id}",
        Roles(DONORS),
        false,
        404,
        |_, _| at(format!("/donasi/saya/{NONE}")),
    ),
    row(
        POST,
        "/donasi/{id}/janji",
        Roles(DONORS),
        false,
        404,
        |_, _| form(format!("/donasi/{NONE}/janji"), &[("amount", "10000")]),
    ),
    row(GET, "/donasi/daftar", Public, false, 200, |_, _| {
        at("/donasi/daftar")
    }),
    row(POST, "/donasi/daftar", Public, false, 422, |_, _| {
        form("/donasi/daftar", &[("username", "x")])
    }),
    row(
        GET,
        "/donasi/daftar/verifikasi",
        Public,
        false,
        200,
        |_, _| at("/donasi/daftar/verifikasi?nama=tidak.ada"),
    ),
    row(
        POST,
        "/donasi/daftar/verifikasi",
        Public,
        false,
        422,
        |_, _| {
            form(
                "/donasi/daftar/verifikasi",
                &[("username", "tidak.ada"), ("code", "000000")],
            )
        },
    ),
    row(GET, "/donasi/baru", Roles(POSTERS), false, 200, |_, _| {
        at("/donasi/baru")
    }),
    row(POST, "/donasi/baru", Roles(POSTERS), false, 422, |_, _| {
        form(
            "/donasi/baru",
            &[("household_id", "987658"), ("kind", "money")],
        )
    }),
    row(
        POST,
        "/donasi/{id}/cabut",
        Roles(POSTERS),
        false,
        404,
        |_, _| {
            form(
                format!("/donasi/{NONE}/cabut"),
                &[("consent_method", "signed_form")],
            )
        },
    ),
    row(
        POST,
        "/donasi/janji/{id}/antar",
        Roles(POSTERS),
        false,
        404,
        |_, _| form(format!("/donasi/janji/{NONE}/antar"), &[]),
    ),
    row(
        GET,
        "/donasi/janji/{id}/konfirmasi",
        Roles(POSTERS),
        false,
        404,
        |_, _| at(format!("/donasi/janji/{NONE}/konfirmasi")),
    ),
    row(
        POST,
        "/donasi/janji/{id}/konfirmasi",
        Roles(POSTERS),
        false,
        404,
        |_, _| {
            let fields = vec![("note", "diterima".to_owned())];
            upload(
                format!("/donasi/janji/{NONE}/konfirmasi"),
                Upload::Fields(fields),
            )
        },
    ),
    row(
        GET,
        "/donasi/janji/{id}/foto",
        Roles(ALL),
        false,
        404,
        |_, _| at(format!("/donasi/janji/{NONE}/foto")),
    ),
    row(GET, "/donasi/tanda", Roles(DISTRICT), false, 200, |_, _| {
        at("/donasi/tanda")
    }),
    row(GET, "/api/v1/public/needs", Public, false, 200, |_, _| {
        at("/api/v1/public/needs?region=31.75&category=health")
    }),
    row(
        GET,
        "/api/v1/public/donations/totals",
        Public,
        false,
        200,
        |_, _| at("/api/v1/public/donations/totals"),
    ),
    row(GET, "/api/v1/needs/{id}", Public, false, 404, |_, _| {
        at(format!("/api/v1/needs/{NONE}"))
    }),
    row(
        GET,
        "/api/v1/needs/suggestions",
        Roles(DONORS),
        false,
        200,
        |_, _| at("/api/v1/needs/suggestions?region=31.75.07&categories=food"),
    ),
    row(POST, "/api/v1/needs", Roles(POSTERS), false, 422, |_, _| {
        json_body(
            "/api/v1/needs",
            json!({"household_id": NONE, "kind": "money",
            "category": "x", "description": "d", "amount_rupiah": 1, "deadline": "",
            "situation": "s"}),
        )
    }),
    row(
        POST,
        "/api/v1/needs/{id}/consent",
        Roles(POSTERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/needs/{NONE}/consent"),
                json!({"method": "signed_form"}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/needs/{id}/withdraw",
        Roles(POSTERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/needs/{NONE}/withdraw"),
                json!({"method": "signed_form"}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/needs/{id}/pledges",
        Roles(DONORS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/needs/{NONE}/pledges"),
                json!({"amount_rupiah": 1000, "channel": "transfer"}),
            )
        },
    ),
    row(GET, "/api/v1/pledges", Roles(DONORS), false, 200, |_, _| {
        at("/api/v1/pledges")
    }),
    row(
        GET,
        "/api/v1/pledges/{id}",
        Roles(DONORS),
        false,
        404,
        |_, _| at(format!("/api/v1/pledges/{NONE}")),
    ),
    row(
        POST,
        "/api/v1/donations/payments",
        Roles(PAYMENT_REPORTERS),
        false,
        422,
        |_, _| {
            json_body(
                "/api/v1/donations/payments",
                json!({"reference": "DON-ZZZZZZZZZZ", "amount_rupiah": 1000}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/pledges/{id}/deliver",
        Roles(POSTERS),
        false,
        404,
        |_, _| json_body(format!("/api/v1/pledges/{NONE}/deliver"), json!({})),
    ),
    row(
        POST,
        "/api/v1/pledges/{id}/refund",
        Roles(PAYMENT_REPORTERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/pledges/{NONE}/refund"),
                json!({"bank_reference": "RTR-2026-0001"}),
            )
        },
    ),
    row(
        GET,
        "/donasi/pengembalian",
        Roles(PAYMENT_REPORTERS),
        false,
        200,
        |_, _| at("/donasi/pengembalian"),
    ),
    row(
        POST,
        "/donasi/janji/{id}/kembalikan",
        Roles(PAYMENT_REPORTERS),
        false,
        404,
        |_, _| {
            form(
                format!("/donasi/janji/{NONE}/kembalikan"),
                &[("bank_reference", "RTR-2026-0001")],
            )
        },
    ),
    row(
        POST,
        "/api/v1/pledges/{id}/confirm",
        Roles(POSTERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/pledges/{NONE}/confirm"),
                json!({"photo_base64": PHOTO}),
            )
        },
    ),
    row(
        GET,
        "/api/v1/donations/flags",
        Roles(DISTRICT),
        false,
        200,
        |_, _| at("/api/v1/donations/flags"),
    ),
];
